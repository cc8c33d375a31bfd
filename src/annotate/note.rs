//! What anchoring makes: notes placed on their words, with the W3C
//! selectors that find them again, and notes that could not be placed.

use std::ops::Range;

use super::problem::Nearest;
use super::sidecar::{Note, NoteKind};
use crate::diagnostic::Diagnostic;
use crate::transcript::Section;

/// A block of a transcript: a paragraph of the preamble (turn 0) or of a
/// turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BlockRef {
    /// The turn's number; 0 for the preamble.
    pub turn: usize,
    /// 0-based, within the turn.
    pub block: usize,
}

impl BlockRef {
    /// The block's anchor in pages (`t7-p2`, `preamble-p1`).
    pub fn id(&self) -> String {
        match self.turn {
            0 => format!("preamble-p{}", self.block + 1),
            turn => format!("t{turn}-p{}", self.block + 1),
        }
    }
}

/// What an anchored note says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteBody {
    /// A note from the sidecar.
    Sidecar(Note),
    /// A Markdown footnote of the transcript (`[^label]`).
    Footnote { label: String, markdown: String },
}

impl NoteBody {
    #[must_use]
    pub fn kind(&self) -> NoteKind {
        match self {
            NoteBody::Sidecar(note) => note.kind,
            NoteBody::Footnote { .. } => NoteKind::Note,
        }
    }

    /// Its words as plain text, as search finds them: a correction's
    /// quote and its correction first.
    #[must_use]
    pub fn plain_text(&self) -> String {
        match self {
            NoteBody::Sidecar(n) => {
                let text = crate::markdown::plain_text(n.note.as_deref().unwrap_or(""));
                match &n.correction {
                    Some(correction) => format!("{} → {correction} {text}", n.quote),
                    None => text,
                }
            }
            NoteBody::Footnote { markdown, .. } => crate::markdown::plain_text(markdown),
        }
    }
}

/// Where a note's words are, as a W3C `TextQuoteSelector` and
/// `TextPositionSelector` over its section's text: the visible text of the
/// section's blocks, joined by line breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
    /// In Unicode code points.
    pub start: usize,
    pub end: usize,
}

/// A note placed on its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchoredNote {
    /// 1, 2, 3 ... in reading order across the transcript.
    pub number: usize,
    pub body: NoteBody,
    /// The line the note is on (in the sidecar, or the transcript for a
    /// footnote).
    pub line: usize,
    pub block: BlockRef,
    pub section: Section,
    /// The marked characters of the block's visible text; empty for a
    /// footnote, which stands at its reference.
    pub range: Range<usize>,
    pub selector: Selector,
}

/// A sidecar note that could not be placed.
#[derive(Debug, Clone, PartialEq)]
pub struct DetachedNote {
    pub note: Note,
    pub line: usize,
    /// The question it was scoped to, where its page shows it.
    pub section: Option<Section>,
    /// Why, for the page and the terminal.
    pub problem: Diagnostic,
    /// The passage most like its quote, for an orphan.
    pub nearest: Option<Nearest>,
}

/// A sidecar note and the line it is on.
pub(crate) struct SidecarNote<'a> {
    pub note: &'a Note,
    pub line: usize,
}
