//! The library's error: problems with the input, or with writing.

use crate::diagnostic::Diagnostics;
use crate::output::OutputError;
use crate::render::RenderError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site's files have problems; each is located.
    #[error("{0}")]
    Input(Diagnostics),
    #[error(transparent)]
    Output(#[from] OutputError),
    /// `init` was asked to write where it would overwrite something.
    #[error("{0}")]
    Init(String),
    /// The server could not listen, watch or run.
    #[error("{0}")]
    Serve(String),
}

impl Error {
    pub(crate) fn input(mut diagnostics: Diagnostics) -> Error {
        diagnostics.sort();
        Error::Input(diagnostics)
    }
}

impl From<RenderError> for Error {
    fn from(error: RenderError) -> Error {
        match error {
            RenderError::Templates(d) => Error::input(d),
            RenderError::Output(e) => Error::Output(e),
        }
    }
}
