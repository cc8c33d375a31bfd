//! colloq: a static site generator for annotated transcripts.
//!
//! A build is a pipeline of typed stages, from the files of a site's
//! folder to the pages of its output; `pipeline` runs it, for `build`,
//! `check` and the server alike.
//!
//! ```text
//! source      content/, config.yaml, the theme -> SiteSource   (the only reader)
//! transcript  a transcript file -> Transcript: turns, questions
//!             (a translation: aligned turn for turn with its original)
//! annotate    + its sidecar -> AnnotatedTranscript: titles, notes on their words
//! site        transcripts -> Site: topic and speaker indexes
//! render      Site -> RenderedPage: Tera templates, exports, search
//! output      pages -> the output folder                       (the only writer)
//! ```
//!
//! Every stage between loading and writing works on values in memory, so
//! each can be tested on strings. `address` makes every page path and
//! URL; `language` checks the language tags of translations; `session`
//! keeps a site in memory for the server's rebuilds.

mod address;
mod annotate;
mod config;
mod diagnostic;
mod error;
mod import;
mod init;
mod language;
mod links;
mod markdown;
mod output;
mod pipeline;
mod render;
mod serve;
mod session;
mod site;
mod slug;
mod source;
mod topics;
mod transcript;
mod yaml;

// Dependencies of the binary alone, which `unused_crate_dependencies`
// would otherwise report here.
use clap as _;
use mimalloc as _;
// Dev-dependencies of the integration tests alone.
#[cfg(test)]
use insta as _;
#[cfg(test)]
use libtest_mimic as _;
#[cfg(test)]
use roxmltree as _;

pub use diagnostic::{Details, Diagnostic, Diagnostics, Span};
pub use error::Error;
pub use import::{Format, ImportMeta, ImportOptions, Imported, import};
pub use init::init;
pub use output::OutputError;
pub use pipeline::{
    Fixed, Options, PARSED_BUDGET, Summary, build, check, check_links, check_source, fix,
};
pub use serve::{ServeOptions, run as serve};
pub use session::{Change, Rebuild, RefreshedSearch, SearchRefresh, Session};

/// Single stages of the pipeline, for the fuzz targets and the tests of
/// the transcript syntax: not an interface to build on.
#[doc(hidden)]
pub mod hooks {
    pub use crate::annotate::{NoteBody, annotate};
    pub use crate::markdown::RawHtml;
    pub use crate::render::markdown::{BlockNote, block_html};
    pub use crate::source::{SiteSource, SourceFile, TranscriptSource, decode};
    pub use crate::transcript::Transcript;

    /// Parses `file` as a translation of `original` into `language`,
    /// aligned with it; the problems rendered, when there are any.
    pub fn translate(
        original: &Transcript,
        file: &SourceFile,
        language: &str,
    ) -> Result<Transcript, String> {
        let language = crate::language::Language::parse(language)?;
        crate::transcript::translation::parse(original, file, &language)
            .map_err(|problems| problems.to_string())
    }

    /// Imports `input` as `format` and checks that what it made parses,
    /// with every turn made.
    pub fn import_round_trip(input: &str, format: crate::import::Format) {
        crate::import::round_trip(input, format);
    }

    /// The text of `html`, tags removed and entities decoded: what the
    /// tests compare with a transcript's words.
    #[must_use]
    pub fn html_text(html: &str) -> String {
        crate::render::page_text::text_of(html)
    }
}
