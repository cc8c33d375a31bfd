//! Why a note could not be placed, in the words an editor reads.

use std::path::Path;

use super::note::{BlockRef, SidecarNote};
use crate::diagnostic::{Diagnostic, Span};
use crate::transcript::Section;

/// The passage of a transcript most like an orphaned note's quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nearest {
    pub words: String,
    pub section: Section,
    pub block: BlockRef,
    /// How alike, from 0 to 100.
    pub score: u32,
    /// Whether no other passage is as alike.
    pub unique: bool,
}

/// Why a note could not be placed.
pub(super) enum Problem {
    NoSuchQuestion(usize),
    EmptyQuote,
    NotFound {
        scope: String,
        /// The passage most like the quote, when one is close enough.
        nearest: Option<Nearest>,
    },
    NotAtContext {
        scope: String,
        count: usize,
    },
    /// A correction whose corrected words now stand where its quote was.
    Applied {
        scope: String,
        correction: String,
    },
    Ambiguous {
        places: Vec<(Section, BlockRef, usize)>,
    },
}

impl Problem {
    /// The passage most like an orphan's quote, when one was found.
    pub(super) fn nearest(&self) -> Option<&Nearest> {
        match self {
            Problem::NotFound { nearest, .. } => nearest.as_ref(),
            _ => None,
        }
    }

    pub(super) fn diagnostic(
        &self,
        entry: &SidecarNote<'_>,
        path: &Path,
        text: &str,
    ) -> Diagnostic {
        let quote = &entry.note.quote;
        let span = (entry.line > 0 && !text.is_empty()).then(|| {
            let mut span = Span::in_source(text, entry.line, 1, 1);
            let indent = span.text.len() - span.text.trim_start().len();
            span.column = span.text[..indent].chars().count() + 1;
            span.width = span.text.trim().chars().count().max(1);
            span
        });
        let diagnostic = |message: String| Diagnostic::new(path, message).at_opt(span.clone());
        match self {
            Problem::NoSuchQuestion(n) => diagnostic(format!("note on “{quote}”: there is no question {n}"))
                .label("this note")
                .help("questions are numbered 1, 2, 3 ... in the order they are asked"),
            Problem::EmptyQuote => diagnostic("a note has an empty `quote`".into())
                .label("this note")
                .help("copy the words the note is about into `quote:`"),
            Problem::NotFound { scope, nearest } => {
                let found = diagnostic(format!("orphaned note: “{quote}” is not found in {scope}"))
                    .label("this note");
                match nearest {
                    Some(n) => found.help(format!(
                        "did you mean “{}” in {} paragraph #{} ({}%)? The transcript may have changed; copy the words as the page shows them",
                        n.words,
                        n.section,
                        n.block.id(),
                        n.score
                    )),
                    None => found.help("copy the words as the page shows them (without markup); the transcript may have changed"),
                }
            }
            Problem::Applied { scope, correction } => diagnostic(format!(
                "correction applied in the transcript: “{quote}” now reads “{correction}” in {scope}"
            ))
            .label("this correction")
            .help("remove the note, or keep it as a record by changing `quote` to the corrected words"),
            Problem::NotAtContext { scope, count } => diagnostic(format!(
                "orphaned note: “{quote}” is found {} in {scope}, but not with the `prefix`/`suffix` given",
                times(*count)
            ))
            .label("this note")
            .help("make `prefix` the words right before the quote and `suffix` the words right after it"),
            Problem::Ambiguous { places } => {
                let places: Vec<String> = places
                    .iter()
                    .map(|(section, block, at)| {
                        format!(
                            "{section} paragraph #{} at character {}",
                            block.id(),
                            at + 1
                        )
                    })
                    .collect();
                diagnostic(format!(
                    "ambiguous note: “{quote}” is found {}: {}",
                    times(places.len()),
                    places.join("; ")
                ))
                .label("this note")
                .help("add `prefix:` or `suffix:` (the words right before or after the place you mean), or `question:` to narrow the search")
            }
        }
    }
}

fn times(n: usize) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}
