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
    /// `init` was asked to write where it would overwrite something, or
    /// could not write.
    #[error("{what}")]
    Init {
        what: String,
        #[source]
        source: Option<std::io::Error>,
    },
    /// The server could not listen, watch or run.
    #[error("{what}")]
    Serve {
        what: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl Error {
    /// The server could not do `what`, because of `source`.
    pub(crate) fn serve(
        what: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Error {
        Error::Serve {
            what: what.into(),
            source: source.into(),
        }
    }

    /// This error and every error under it, joined by `: ` on one line.
    #[must_use]
    pub fn chain(&self) -> String {
        let mut text = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(error) = source {
            text.push_str(": ");
            text.push_str(&error.to_string());
            source = error.source();
        }
        text
    }

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
