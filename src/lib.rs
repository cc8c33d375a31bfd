//! colloq: a static site generator for annotated transcripts.
//!
//! A build is a pipeline of typed stages, from the files of a site's
//! folder to the pages of its output; [`pipeline`] runs it, for `build`,
//! `check` and the server alike.
//!
//! ```text
//! source      content/, config.yaml, the theme -> SiteSource   (the only reader)
//! transcript  a transcript file -> Transcript: turns, questions
//! annotate    + its sidecar -> AnnotatedTranscript: titles, notes on their words
//! site        transcripts -> Site: topic and speaker indexes
//! render      Site -> RenderedPage: Tera templates, exports, search
//! output      pages -> the output folder                       (the only writer)
//! ```
//!
//! Every stage between loading and writing works on values in memory, so
//! each can be tested on strings. [`address`] makes every page path and
//! URL; [`session`] keeps a site in memory for the server's rebuilds.

mod address;
pub mod annotate;
pub mod config;
pub mod diagnostic;
mod error;
pub mod init;
pub mod links;
pub mod markdown;
pub mod output;
mod pipeline;
pub mod render;
pub mod serve;
pub mod session;
pub mod site;
pub mod slug;
pub mod source;
pub mod topics;
pub mod transcript;
pub mod yaml;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use error::Error;
pub use pipeline::{Options, Summary, build, check, check_links, check_source};
