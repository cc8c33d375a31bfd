//! Views of a transcript's text: its turns with their blocks rendered,
//! and its notes, placed at their words.

use std::collections::BTreeMap;

use serde::Serialize;

use super::SpeakerLink;
use super::Views;
use crate::render::markdown::{BlockNote, block_html, inline_html};

use super::media::{MediaView, TimeView, time_link};
use crate::address;
use crate::annotate::{AnchoredNote, AnnotatedTranscript, BlockRef, DetachedNote, Note, NoteBody};
use crate::markdown::safe_url;
use crate::transcript::{Block, Role, Section, Time, Turn};

/// A note, for the theme's `note.html` and the list of a transcript's
/// notes.
#[derive(Debug, Serialize)]
pub(crate) struct NoteView<'a> {
    pub number: usize,
    /// The id of its first mark (`note-3`); its text is `note-3-text`.
    pub id: String,
    /// `correction`, `context`, `fact-check`, `translation` or `note`.
    pub kind: &'static str,
    /// The words it is about, as a reader sees them.
    pub quote: &'a str,
    /// For a correction, the corrected words.
    pub correction: Option<&'a str>,
    /// The body, as phrasing HTML (it sits inside a paragraph).
    pub html: String,
    pub links: Vec<&'a str>,
    /// For a Markdown footnote, its label.
    pub footnote: Option<&'a str>,
    /// Where it is shown, from the site root, with its anchor.
    pub href: String,
    /// The question it is in; none for the opening.
    pub question: Option<usize>,
    /// Who wrote it, and the day (`YYYY-MM-DD`), when the sidecar says.
    pub by: Option<&'a str>,
    pub date: Option<&'a str>,
}

/// A note that could not be placed, for the "detached notes" box.
#[derive(Debug, Serialize)]
pub(crate) struct DetachedView<'a> {
    pub kind: &'static str,
    pub quote: &'a str,
    pub correction: Option<&'a str>,
    pub html: String,
    /// Why, with the sidecar's path and line.
    pub problem: String,
    pub line: usize,
}

/// A note's HTML made by the theme, at its words: the one copy of it,
/// which the theme's styles place beside the text on a wide screen and
/// on paper, and below its words on a phone.
#[derive(Debug, Clone, Default)]
pub(crate) struct NoteHtml {
    pub inline: String,
}

/// One turn, its blocks rendered.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TurnView<'a> {
    pub number: usize,
    pub id: String,
    pub speaker: Option<SpeakerLink<'a>>,
    /// `question`, `answer` or `host`: how the turn is styled.
    pub role: &'static str,
    pub html: String,
    /// When it is spoken in the recording.
    pub time: Option<TimeView>,
    /// A translation's turn left untranslated.
    pub untranslated: bool,
}

impl<'s> Views<'s> {
    /// Every note of a transcript, in reading order.
    pub(crate) fn notes(&self, t: &'s AnnotatedTranscript) -> Vec<NoteView<'s>> {
        t.notes.iter().map(|n| self.note(t, n)).collect()
    }

    fn note(&self, t: &'s AnnotatedTranscript, note: &'s AnchoredNote) -> NoteView<'s> {
        let id = format!("note-{}", note.number);
        let (page, question) = match note.section {
            Section::Opening => (address::transcript(t.transcript.slug.as_str()), None),
            Section::Question(n) => (self.question_href(t, n), Some(n)),
        };
        let sidecar = match &note.body {
            NoteBody::Sidecar(n) => Some(n),
            NoteBody::Footnote { .. } => None,
        };
        let (correction, markdown, links, footnote) = match &note.body {
            NoteBody::Sidecar(n) => (
                n.correction.as_deref(),
                n.note.as_deref().unwrap_or(""),
                n.links
                    .iter()
                    .map(String::as_str)
                    .filter(|link| safe_url(link))
                    .collect(),
                None,
            ),
            NoteBody::Footnote { label, markdown } => {
                (None, markdown.as_str(), Vec::new(), Some(label.as_str()))
            }
        };
        NoteView {
            number: note.number,
            href: format!("{page}#{id}"),
            id,
            kind: note.body.kind().as_str(),
            quote: &note.selector.exact,
            correction,
            html: inline_html(markdown, t.raw_html),
            links,
            footnote,
            question,
            by: sidecar.and_then(|n| n.by.as_deref()),
            date: sidecar.and_then(|n| n.date.as_deref()).map(str::trim),
        }
    }

    /// The notes of `t` that could not be placed, shown in `section` (or
    /// on the transcript's page, for `None`).
    pub(crate) fn detached(
        &self,
        t: &'s AnnotatedTranscript,
        section: Option<Section>,
    ) -> Vec<DetachedView<'s>> {
        let shown_here = |d: &DetachedNote| match d.section {
            Some(Section::Question(n)) if n <= t.question_count() => {
                section == Some(Section::Question(n))
            }
            _ => section.is_none(),
        };
        t.detached
            .iter()
            .filter(|d| shown_here(d))
            .map(|d| {
                let Note {
                    quote,
                    correction,
                    kind,
                    note,
                    ..
                } = &d.note;
                DetachedView {
                    kind: kind.as_str(),
                    quote,
                    correction: correction.as_deref(),
                    html: note
                        .as_deref()
                        .map(|n| inline_html(n, t.raw_html))
                        .unwrap_or_default(),
                    problem: d.problem.render(),
                    line: d.line,
                }
            })
            .collect()
    }

    /// Every turn of a transcript, rendered once for all its pages a
    /// `root` away from the site's root: the opening's first, then each
    /// question's. `notes` holds the theme's HTML of each of the
    /// transcript's notes.
    pub(crate) fn turns(
        &self,
        t: &'s AnnotatedTranscript,
        notes: &[NoteHtml],
        root: &str,
    ) -> Vec<TurnView<'s>> {
        let media = t.transcript.meta.media.as_ref().map(|m| self.media(m));
        let placed = BlockNotes::of(t, notes, media.as_ref(), root);
        let starts: Vec<Option<Time>> = t.transcript.turns().map(Turn::time).collect();
        t.transcript
            .turns()
            .enumerate()
            .map(|(i, turn)| {
                let time = starts[i].map(|start| {
                    let end = starts[i + 1..].iter().flatten().next().copied();
                    TimeView::new(start, end, media.as_ref())
                });
                let id = format!("t{}", turn.number);
                let role = role_class(t.transcript.role(&turn.speaker));
                TurnView {
                    number: turn.number,
                    html: placed.blocks_html(turn.number, &turn.blocks),
                    id,
                    speaker: self.speaker_link(&t.transcript.meta, &turn.speaker),
                    role,
                    time,
                    untranslated: turn.untranslated,
                }
            })
            .collect()
    }

    /// The preamble as HTML, for pages a `root` away from the site's root.
    pub(crate) fn preamble(
        &self,
        t: &AnnotatedTranscript,
        notes: &[NoteHtml],
        root: &str,
    ) -> String {
        let media = t.transcript.meta.media.as_ref().map(|m| self.media(m));
        BlockNotes::of(t, notes, media.as_ref(), root).blocks_html(0, &t.transcript.preamble)
    }
}

/// Each block of each turn of a transcript as HTML on its own, the
/// preamble's first (see [`Views::blocks`]); none for a block that
/// defines a footnote.
pub(crate) type Blocks = Vec<Vec<Option<String>>>;

impl Views<'_> {
    /// Each block of each turn of `t` (the preamble's first, as turn 0),
    /// as HTML on its own, for pages a `root` away from the site's root;
    /// each paragraph's id begins with `ids`.
    pub(crate) fn blocks(
        &self,
        t: &AnnotatedTranscript,
        notes: &[NoteHtml],
        root: &str,
        ids: &str,
    ) -> Blocks {
        let media = t.transcript.meta.media.as_ref().map(|m| self.media(m));
        let mut placed = BlockNotes::of(t, notes, media.as_ref(), root);
        placed.ids = ids;
        let each = |turn: usize, blocks: &[Block]| -> Vec<Option<String>> {
            blocks
                .iter()
                .enumerate()
                .map(|(i, b)| placed.block_html(turn, i, b))
                .collect()
        };
        std::iter::once(each(0, &t.transcript.preamble))
            .chain(
                t.transcript
                    .turns()
                    .map(|turn| each(turn.number, &turn.blocks)),
            )
            .collect()
    }
}

/// How a turn by a speaker of `role` is styled: `question`, `answer` or
/// `host`.
pub(crate) fn role_class(role: Role) -> &'static str {
    match role {
        Role::Answerer => "answer",
        Role::Asker => "question",
        Role::Host => "host",
    }
}

/// The class that styles a note of `kind` (`kind-correction`).
fn kind_class(kind: crate::annotate::NoteKind) -> &'static str {
    use crate::annotate::NoteKind;
    match kind {
        NoteKind::Correction => "kind-correction",
        NoteKind::Context => "kind-context",
        NoteKind::FactCheck => "kind-fact-check",
        NoteKind::Translation => "kind-translation",
        NoteKind::Note => "kind-note",
    }
}

/// A transcript's notes by the block they are in, with their HTML, and
/// how its paragraphs' times link into the recording.
struct BlockNotes<'a> {
    transcript: &'a AnnotatedTranscript,
    by_block: BTreeMap<BlockRef, Vec<(&'a AnchoredNote, &'a NoteHtml)>>,
    media: Option<&'a MediaView>,
    root: &'a str,
    /// Put before each paragraph's id (`o-` in a side-by-side view).
    ids: &'a str,
}

impl<'a> BlockNotes<'a> {
    fn of(
        transcript: &'a AnnotatedTranscript,
        html: &'a [NoteHtml],
        media: Option<&'a MediaView>,
        root: &'a str,
    ) -> BlockNotes<'a> {
        let mut by_block: BTreeMap<BlockRef, Vec<_>> = BTreeMap::new();
        for (note, html) in transcript.notes.iter().zip(html) {
            by_block.entry(note.block).or_default().push((note, html));
        }
        BlockNotes {
            transcript,
            by_block,
            media,
            root,
            ids: "",
        }
    }

    /// The blocks of turn `turn` (0: the preamble) as HTML, each followed
    /// by its notes for print.
    fn blocks_html(&self, turn: usize, blocks: &[Block]) -> String {
        let mut out = String::new();
        for (block, b) in blocks.iter().enumerate() {
            if let Some(html) = self.block_html(turn, block, b) {
                out.push_str(&html);
            }
        }
        out
    }

    /// Block `block` of turn `turn` as HTML, followed by its notes for
    /// print; none for a block that defines a footnote.
    fn block_html(&self, turn: usize, block: usize, b: &Block) -> Option<String> {
        let at = BlockRef { turn, block };
        if self.transcript.footnote_blocks.contains(&at) {
            return None;
        }
        let mut out = String::new();
        let notes = self.by_block.get(&at).map_or(&[][..], Vec::as_slice);
        let marks: Vec<BlockNote<'_>> = notes
            .iter()
            .map(|(note, html)| BlockNote {
                number: note.number,
                range: note.range.clone(),
                footnote: match &note.body {
                    NoteBody::Footnote { label, .. } => Some(label.as_str()),
                    NoteBody::Sidecar(_) => None,
                },
                tag: match &note.body {
                    NoteBody::Sidecar(n) if n.correction.is_some() => "del",
                    _ => "mark",
                },
                class: kind_class(note.body.kind()),
                html: &html.inline,
            })
            .collect();
        // A turn's first time is shown with its speaker.
        if let Some(time) = b.time.filter(|_| block > 0 || turn == 0) {
            out.push_str(&time_link(time, self.media, self.root));
            out.push('\n');
        }
        let html = block_html(
            &b.markdown,
            &format!("{}{}", self.ids, at.id()),
            &marks,
            self.transcript.raw_html,
        );
        if self.ids.is_empty() {
            out.push_str(&html);
        } else {
            // The marks of its notes, as the notes' own ids are.
            out.push_str(&html.replace(" id=\"note-", &format!(" id=\"{}note-", self.ids)));
        }
        out.push('\n');
        Some(out)
    }
}
