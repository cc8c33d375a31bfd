//! What templates see: small view structs, borrowed from the site.
//!
//! Templates never get the domain types. Each view holds what a template
//! shows, already formatted (dates as text, Markdown as HTML), with links
//! as paths from the site root; a page's template prefixes them with
//! `root`, the way back to the site root from that page, so every internal
//! link is relative and the output works from any sub-path or from disk.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::address;
use crate::annotate::{
    AnchoredNote, AnnotatedQuestion, AnnotatedTranscript, BlockRef, DetachedNote, Note, NoteBody,
};
use crate::markdown::safe_url;
use crate::site::{QuestionRef, Site, Speaker, Topic, speaker_name};
use crate::transcript::Section;
use crate::transcript::{Block, Role};

use super::markdown::{BlockNote, block_html, inline_html, to_html};

/// The longest a page description made from the text may be, in
/// characters.
const DESCRIPTION: usize = 160;

#[derive(Debug, Serialize)]
pub(crate) struct TopicLink<'a> {
    pub name: &'a str,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SpeakerLink<'a> {
    pub name: &'a str,
    pub href: String,
    pub title: Option<&'a str>,
    pub affiliation: Option<&'a str>,
}

/// A transcript in a list.
#[derive(Debug, Serialize)]
pub(crate) struct TranscriptCard<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub date: String,
    pub event: Option<&'a str>,
    pub location: Option<&'a str>,
    pub href: String,
    pub questions: usize,
}

/// A transcript's own data, for its pages.
#[derive(Debug, Serialize)]
pub(crate) struct TranscriptView<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub date: String,
    pub event: Option<&'a str>,
    pub location: Option<&'a str>,
    pub source: Option<&'a str>,
    pub source_url: Option<&'a str>,
    pub language: &'a str,
    pub href: String,
    pub full_href: String,
    pub topics: Vec<TopicLink<'a>>,
    pub answerers: Vec<SpeakerLink<'a>>,
    pub extra: &'a serde_json::Value,
}

/// A question in a transcript's table of questions.
#[derive(Debug, Serialize)]
pub(crate) struct QuestionRow<'a> {
    pub number: usize,
    pub title: &'a str,
    pub href: String,
    pub asker: Option<SpeakerLink<'a>>,
    pub topics: Vec<TopicLink<'a>>,
    /// How many notes it has.
    pub notes: usize,
}

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

/// A note's HTML made by the theme: at its words, and after their
/// paragraph (for print and pages read without styles).
#[derive(Debug, Clone, Default)]
pub(crate) struct NoteHtml {
    pub inline: String,
    pub after: String,
}

/// A question in a list across transcripts (a topic's, a speaker's).
#[derive(Debug, Serialize)]
pub(crate) struct QuestionItem<'a> {
    pub number: usize,
    pub title: &'a str,
    pub href: String,
    pub asker: Option<&'a str>,
    pub transcript: &'a str,
    pub transcript_href: String,
    pub date: String,
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
}

/// A question with its turns.
#[derive(Debug, Serialize)]
pub(crate) struct QuestionView<'a> {
    pub number: usize,
    pub id: String,
    pub title: &'a str,
    pub summary: Option<String>,
    pub href: String,
    pub asker: Option<SpeakerLink<'a>>,
    pub topics: Vec<TopicLink<'a>>,
    pub turns: Vec<TurnView<'a>>,
    pub notes: usize,
    pub detached: Vec<DetachedView<'a>>,
    pub cite: super::cite::Citation,
}

/// A link with its text: previous, next, up.
#[derive(Debug, Serialize)]
pub(crate) struct Link<'a> {
    pub text: &'a str,
    pub href: String,
}

/// A topic or speaker with a count, for an index.
#[derive(Debug, Serialize)]
pub(crate) struct CountedLink<'a> {
    pub name: &'a str,
    pub href: String,
    pub count: usize,
    pub description: Option<&'a str>,
}

/// Builds views of one site.
pub(crate) struct Views<'s> {
    pub site: &'s Site,
}

impl<'s> Views<'s> {
    /// A topic with its count of questions, for an index and its own page.
    pub(crate) fn topic_entry(&self, topic: &'s Topic) -> CountedLink<'s> {
        CountedLink {
            name: &topic.name,
            href: address::topic(topic.slug.as_str()),
            count: topic.questions.len(),
            description: topic.description.as_deref(),
        }
    }

    /// A speaker with the number of questions they asked or answered.
    pub(crate) fn speaker_entry(&self, speaker: &'s Speaker) -> CountedLink<'s> {
        let info = &speaker.info;
        CountedLink {
            name: &speaker.name,
            href: address::speaker(speaker.slug.as_str()),
            count: speaker.asked.len() + speaker.answered.len(),
            description: info.title.as_deref().or(info.affiliation.as_deref()),
        }
    }

    pub(crate) fn topic_link(&self, name: &'s str) -> TopicLink<'s> {
        let href = match self.site.topic(name) {
            Some(topic) => address::topic(topic.slug.as_str()),
            None => address::topics(),
        };
        TopicLink { name, href }
    }

    pub(crate) fn speaker_link(
        &self,
        transcript: &'s AnnotatedTranscript,
        label: &'s str,
    ) -> Option<SpeakerLink<'s>> {
        if label.is_empty() {
            return None;
        }
        let name = speaker_name(transcript, label);
        let info = transcript.transcript.meta.speakers.get(label);
        Some(SpeakerLink {
            name,
            href: self
                .site
                .speaker(name)
                .map_or_else(address::speakers, |s| address::speaker(s.slug.as_str())),
            title: info.and_then(|i| i.title.as_deref()),
            affiliation: info.and_then(|i| i.affiliation.as_deref()),
        })
    }

    pub(crate) fn card(&self, t: &'s AnnotatedTranscript) -> TranscriptCard<'s> {
        let meta = &t.transcript.meta;
        TranscriptCard {
            title: &meta.title,
            subtitle: meta.subtitle.as_deref(),
            date: meta.date.to_string(),
            event: meta.event.as_deref(),
            location: meta.location.as_deref(),
            href: address::transcript(t.transcript.slug.as_str()),
            questions: t.question_count(),
        }
    }

    pub(crate) fn transcript(&self, t: &'s AnnotatedTranscript) -> TranscriptView<'s> {
        let meta = &t.transcript.meta;
        let slug = t.transcript.slug.as_str();
        TranscriptView {
            slug,
            title: &meta.title,
            subtitle: meta.subtitle.as_deref(),
            date: meta.date.to_string(),
            event: meta.event.as_deref(),
            location: meta.location.as_deref(),
            source: meta.source.as_deref(),
            source_url: meta.source_url.as_deref().filter(|url| safe_url(url)),
            language: self.language(t),
            href: address::transcript(slug),
            full_href: address::full_text(slug),
            topics: meta.topics.iter().map(|n| self.topic_link(n)).collect(),
            answerers: meta
                .answerers
                .iter()
                .filter_map(|a| self.speaker_link(t, a))
                .collect(),
            extra: &meta.extra,
        }
    }

    /// A transcript in a sentence or two: its subtitle, else its event.
    pub(crate) fn transcript_description(&self, t: &AnnotatedTranscript) -> Option<String> {
        let meta = &t.transcript.meta;
        meta.subtitle.clone().or_else(|| meta.event.clone())
    }

    /// A question in a sentence or two: its summary, else its first
    /// sentence.
    pub(crate) fn question_description(&self, q: AnnotatedQuestion<'_>) -> String {
        match q.summary() {
            Some(summary) => crate::markdown::plain_text(summary),
            None => crate::annotate::first_sentence(q.question, DESCRIPTION),
        }
    }

    /// The language of the site's own pages (home, indexes).
    pub(crate) fn site_language(&self) -> &'s str {
        &self.site.config.language
    }

    /// The language of a transcript's pages.
    pub(crate) fn language(&self, t: &'s AnnotatedTranscript) -> &'s str {
        t.transcript
            .meta
            .language
            .as_deref()
            .unwrap_or(&self.site.config.language)
    }

    pub(crate) fn question_href(&self, t: &AnnotatedTranscript, number: usize) -> String {
        address::question(t.transcript.slug.as_str(), number)
    }

    pub(crate) fn question_row(
        &self,
        t: &'s AnnotatedTranscript,
        q: AnnotatedQuestion<'s>,
    ) -> QuestionRow<'s> {
        QuestionRow {
            number: q.number(),
            title: q.title(),
            href: self.question_href(t, q.number()),
            asker: q.asker().and_then(|a| self.speaker_link(t, a)),
            topics: q.topics().iter().map(|n| self.topic_link(n)).collect(),
            notes: t.notes_in(q.section()).count(),
        }
    }

    pub(crate) fn question_item(&self, r: QuestionRef) -> QuestionItem<'s> {
        let t = &self.site.transcripts[r.transcript];
        let q = t.question(r.question);
        QuestionItem {
            number: q.number(),
            title: q.title(),
            href: self.question_href(t, q.number()),
            asker: q.asker().map(|a| speaker_name(t, a)),
            transcript: &t.transcript.meta.title,
            transcript_href: address::transcript(t.transcript.slug.as_str()),
            date: t.transcript.meta.date.to_string(),
        }
    }

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

    /// Every turn of a transcript, rendered once for all its pages: the
    /// opening's first, then each question's. `notes` holds the theme's
    /// HTML of each of the transcript's notes.
    pub(crate) fn turns(
        &self,
        t: &'s AnnotatedTranscript,
        notes: &[NoteHtml],
    ) -> Vec<TurnView<'s>> {
        let placed = BlockNotes::of(t, notes);
        t.transcript
            .turns()
            .map(|turn| {
                let id = format!("t{}", turn.number);
                let role = match t.transcript.role(&turn.speaker) {
                    Role::Answerer => "answer",
                    Role::Asker => "question",
                    Role::Host => "host",
                };
                TurnView {
                    number: turn.number,
                    html: placed.blocks_html(turn.number, &turn.blocks),
                    id,
                    speaker: self.speaker_link(t, &turn.speaker),
                    role,
                }
            })
            .collect()
    }

    /// The preamble as HTML.
    pub(crate) fn preamble(&self, t: &AnnotatedTranscript, notes: &[NoteHtml]) -> String {
        BlockNotes::of(t, notes).blocks_html(0, &t.transcript.preamble)
    }

    /// A question with its turns, taken from the transcript's rendered turns.
    pub(crate) fn question(
        &self,
        t: &'s AnnotatedTranscript,
        q: AnnotatedQuestion<'s>,
        turns: &[TurnView<'s>],
    ) -> QuestionView<'s> {
        let own = &q.question.turns;
        let first = own.first().map_or(0, |turn| turn.number);
        // `turns` are in order: the question's own are one run of them,
        // found by halving (a linear scan per question was quadratic in
        // a transcript of thousands of questions).
        let start = turns.partition_point(|turn| turn.number < first);
        let end = turns.partition_point(|turn| turn.number < first + own.len());
        let href = self.question_href(t, q.number());
        let url = self
            .site
            .config
            .base_url
            .as_deref()
            .map(|base| address::url(base, &href));
        QuestionView {
            number: q.number(),
            id: format!("q{}", q.number()),
            title: q.title(),
            summary: q.summary().map(|s| to_html(s, t.raw_html)),
            asker: q.asker().and_then(|a| self.speaker_link(t, a)),
            topics: q.topics().iter().map(|n| self.topic_link(n)).collect(),
            turns: turns[start..end].to_vec(),
            notes: t.notes_in(q.section()).count(),
            detached: self.detached(t, Some(q.section())),
            cite: super::cite::citation(t, q, url.as_deref()),
            href,
        }
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

/// A transcript's notes by the block they are in, with their HTML.
struct BlockNotes<'a> {
    transcript: &'a AnnotatedTranscript,
    by_block: BTreeMap<BlockRef, Vec<(&'a AnchoredNote, &'a NoteHtml)>>,
}

impl<'a> BlockNotes<'a> {
    fn of(transcript: &'a AnnotatedTranscript, html: &'a [NoteHtml]) -> BlockNotes<'a> {
        let mut by_block: BTreeMap<BlockRef, Vec<_>> = BTreeMap::new();
        for (note, html) in transcript.notes.iter().zip(html) {
            by_block.entry(note.block).or_default().push((note, html));
        }
        BlockNotes {
            transcript,
            by_block,
        }
    }

    /// The blocks of turn `turn` (0: the preamble) as HTML, each followed
    /// by its notes for print.
    fn blocks_html(&self, turn: usize, blocks: &[Block]) -> String {
        let mut out = String::new();
        for (block, b) in blocks.iter().enumerate() {
            let at = BlockRef { turn, block };
            if self.transcript.footnote_blocks.contains(&at) {
                continue;
            }
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
            out.push_str(&block_html(
                &b.markdown,
                &at.id(),
                &marks,
                self.transcript.raw_html,
            ));
            out.push('\n');
            if !notes.is_empty() {
                out.push_str("<aside class=\"block-notes\" hidden>\n");
                for (_, html) in notes {
                    out.push_str(&html.after);
                    out.push('\n');
                }
                out.push_str("</aside>\n");
            }
        }
        out
    }
}
