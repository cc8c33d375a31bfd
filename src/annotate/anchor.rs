//! Notes and footnotes -> [`AnchoredNote`]s: each placed on the words it
//! is about, or reported as detached.
//!
//! Anchoring follows the W3C Web Annotation `TextQuoteSelector`. A note's
//! quote is looked for in every block of its scope (a question, the
//! opening, or the whole transcript), in the block's [`VisibleText`](crate::markdown::VisibleText); the
//! note's `prefix` and `suffix` choose between several places. A note
//! whose quote is found nowhere, or in more than one place with nothing to
//! choose, is never placed: it becomes a [`DetachedNote`] with a
//! diagnostic naming the sidecar line and the places it matched.

use std::ops::Range;
use std::path::Path;

use super::footnotes;
use super::note::{AnchoredNote, BlockRef, DetachedNote, NoteBody, SidecarNote};
use super::problem::{Nearest, Problem};
use super::sidecar::Note;
use super::text::Sections;
use crate::diagnostic::Diagnostic;
use crate::markdown::{RawHtml, normalize};
use crate::transcript::Transcript;

/// The result of anchoring a transcript's notes.
#[derive(Debug, Default)]
pub(crate) struct Anchoring {
    pub notes: Vec<AnchoredNote>,
    pub detached: Vec<DetachedNote>,
    /// Blocks that define footnotes, shown with their reference instead.
    pub footnote_blocks: Vec<BlockRef>,
    /// Problems that are errors whatever the mode (a footnote with no
    /// definition).
    pub errors: Vec<Diagnostic>,
}

/// Anchors `notes` (from the sidecar at `sidecar`, whose text is
/// `sidecar_text`) and the transcript's footnotes.
pub(crate) fn anchor(
    transcript: &Transcript,
    notes: &[SidecarNote<'_>],
    sidecar: Option<(&Path, &str)>,
    raw: RawHtml,
) -> Anchoring {
    let sections = Sections::of(transcript, raw);
    let mut result = Anchoring::default();
    let mut placed: Vec<(usize, AnchoredNote)> = Vec::new();
    for (order, entry) in notes.iter().enumerate() {
        match sections.find(entry.note) {
            Ok((section, block, range)) => placed.push((
                order,
                sections.anchored(
                    NoteBody::Sidecar(entry.note.clone()),
                    entry.line,
                    section,
                    block,
                    range,
                ),
            )),
            Err(problem) => {
                let (path, text) = sidecar.unwrap_or((Path::new(""), ""));
                let diagnostic = problem.diagnostic(entry, path, text);
                result.detached.push(DetachedNote {
                    note: entry.note.clone(),
                    line: entry.line,
                    section: entry.note.question,
                    problem: diagnostic,
                    nearest: problem.nearest().cloned(),
                });
            }
        }
    }
    let footnotes = footnotes::place(&sections);
    result.footnote_blocks = footnotes.blocks;
    result.errors = footnotes.errors;
    placed.extend(footnotes.placed);
    placed.sort_by(|(a_order, a), (b_order, b)| {
        (a.block, a.range.start, a.range.end, a_order).cmp(&(
            b.block,
            b.range.start,
            b.range.end,
            b_order,
        ))
    });
    result.notes = placed
        .into_iter()
        .enumerate()
        .map(|(i, (_, mut note))| {
            note.number = i + 1;
            note
        })
        .collect();
    result
}

/// How alike a passage must be to an orphan's quote to be named, from 0
/// to 100.
const NEAREST_SCORE: u32 = 60;

/// How much searching an orphan's nearest passage may cost: characters
/// of text times the square of the quote's length (each place is compared
/// by edit distance). Beyond it, none is named.
const NEAREST_WORK: usize = 200_000_000;

impl Sections<'_> {
    /// The passage of the sections `scope` most like `quote` (normalized):
    /// of its length, one less or one more, by edit distance.
    fn nearest(&self, scope: &[usize], quote: &str) -> Option<Nearest> {
        let quote: Vec<char> = quote.chars().collect();
        let total: usize = scope
            .iter()
            .map(|&s| self.sections[s].text().joined.len())
            .sum();
        let cost = total
            .saturating_mul(quote.len())
            .saturating_mul(quote.len());
        if quote.is_empty() || cost > NEAREST_WORK {
            return None;
        }
        let wanted: String = quote.iter().collect();
        let mut best: Option<(usize, usize, usize, usize, usize)> = None;
        for &s in scope {
            for (b, visible) in self.sections[s].text().blocks.iter().enumerate() {
                let chars: Vec<char> = visible.text.chars().collect();
                for len in [quote.len(), quote.len().saturating_sub(1), quote.len() + 1] {
                    if len == 0 || len > chars.len() {
                        continue;
                    }
                    for start in 0..=chars.len() - len {
                        let window: String = chars[start..start + len].iter().collect();
                        let longest = len.max(quote.len());
                        let distance = strsim::levenshtein(&window, &wanted).min(longest);
                        // Alike, in thousandths.
                        let score = (longest - distance) * 1000 / longest;
                        if best.is_none_or(|(top, ..)| score > top) {
                            best = Some((score, s, b, start, len));
                        }
                    }
                }
            }
        }
        let (score, s, b, start, len) = best?;
        // Rounded down, so that only the same words read as 100%.
        let percent = u32::try_from(score / 10).unwrap_or(0);
        if percent < NEAREST_SCORE {
            return None;
        }
        // Another place as alike, not overlapping this one?
        let rival = scope.iter().any(|&other| {
            self.sections[other]
                .text()
                .blocks
                .iter()
                .enumerate()
                .any(|(ob, visible)| {
                    let chars: Vec<char> = visible.text.chars().collect();
                    (0..chars.len()).any(|at| {
                        let apart = other != s || ob != b || at + len <= start || start + len <= at;
                        apart && at + len <= chars.len() && {
                            let window: String = chars[at..at + len].iter().collect();
                            let distance =
                                strsim::levenshtein(&window, &wanted).min(len.max(quote.len()));
                            (len.max(quote.len()) - distance) * 1000 / len.max(quote.len()) >= score
                        }
                    })
                })
        });
        let section = &self.sections[s];
        Some(Nearest {
            words: section.text().blocks[b]
                .text
                .chars()
                .skip(start)
                .take(len)
                .collect(),
            section: section.section,
            block: section.blocks[b].0,
            score: percent,
            unique: !rival,
        })
    }

    /// Every place of `words` in the sections `scope` (all normalized):
    /// how many there are, and those between `prefix` and `suffix`, as
    /// (section, block, characters of the block's visible text).
    pub(super) fn places(
        &self,
        scope: &[usize],
        words: &str,
        prefix: &str,
        suffix: &str,
    ) -> (usize, Vec<(usize, usize, Range<usize>)>) {
        let mut found = 0;
        let mut chosen = Vec::new();
        for &s in scope {
            let text = self.sections[s].text();
            for (b, visible) in text.blocks.iter().enumerate() {
                let haystack = visible.text.as_str();
                let mut from = 0;
                while let Some(at) = haystack[from..].find(words).map(|i| i + from) {
                    found += 1;
                    let end = at + words.len();
                    if haystack[..at].trim_end().ends_with(prefix)
                        && haystack[end..].trim_start().starts_with(suffix)
                    {
                        let start = haystack[..at].chars().count();
                        chosen.push((s, b, start..start + words.chars().count()));
                    }
                    from = at + haystack[at..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
        (found, chosen)
    }

    /// Finds the one place of a note's quote.
    pub(super) fn find(&self, note: &Note) -> Result<(usize, usize, Range<usize>), Problem> {
        let scope = self.scope(note.question).map_err(Problem::NoSuchQuestion)?;
        let quote = normalize(&note.quote);
        if quote.is_empty() {
            return Err(Problem::EmptyQuote);
        }
        let prefix = note.prefix.as_deref().map(normalize).unwrap_or_default();
        let suffix = note.suffix.as_deref().map(normalize).unwrap_or_default();
        let (found, mut chosen) = self.places(&scope, &quote, &prefix, &suffix);
        let scope_name = note
            .question
            .map_or_else(|| "the transcript".to_string(), |s| s.to_string());
        match chosen.len() {
            1 => Ok(chosen.remove(0)),
            0 if found == 0
                && let Some(correction) = note.correction.as_deref()
                && let correction_words = normalize(correction)
                && !correction_words.is_empty()
                && !self
                    .places(&scope, &correction_words, &prefix, &suffix)
                    .1
                    .is_empty() =>
            {
                Err(Problem::Applied {
                    scope: scope_name,
                    correction: correction.to_string(),
                })
            }
            0 if found == 0 => Err(Problem::NotFound {
                scope: scope_name,
                nearest: self.nearest(&scope, &quote),
            }),
            0 => Err(Problem::NotAtContext {
                scope: scope_name,
                count: found,
            }),
            _ => Err(Problem::Ambiguous {
                places: chosen
                    .iter()
                    .map(|(s, b, range)| {
                        let section = &self.sections[*s];
                        (section.section, section.blocks[*b].0, range.start)
                    })
                    .collect(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::{AnnotatedTranscript, annotate};
    use crate::source::SourceFile;
    use crate::transcript::Section;

    const HEAD: &str = "---\ntitle: t\ndate: 2024-03-07\nanswerers: [王毅]\n---\n\n";

    /// The transcript `body` annotated with the sidecar `notes`.
    fn annotated(body: &str, notes: &str) -> AnnotatedTranscript {
        let file = SourceFile {
            path: "content/a.md".into(),
            text: format!("{HEAD}{body}"),
        };
        let transcript = Transcript::parse(&file).unwrap();
        let sidecar = SourceFile {
            path: "content/a.notes.yaml".into(),
            text: notes.into(),
        };
        annotate(transcript, Some(&sidecar), RawHtml::Text).unwrap()
    }

    const BODY: &str = "开场白，中美关系。\n\n**王毅:**各位好。\n\n**记者:**中美关系如何？\n\n**王毅:**中美关系**很\n重要**，[中美](https://e.org)关系\u{a0}\u{a0}稳定。\n\n第二段：`中美`关系。\n";

    #[test]
    fn places_a_note_and_its_selectors() {
        let t = annotated(BODY, "notes:\n  - quote: 很重要\n    kind: context\n");
        assert!(t.detached.is_empty(), "{:?}", t.detached);
        let note = &t.notes[0];
        assert_eq!(note.number, 1);
        assert_eq!(note.section, Section::Question(1));
        assert_eq!(note.block, BlockRef { turn: 3, block: 0 });
        assert_eq!(note.range, 4..7);
        assert_eq!(note.selector.exact, "很重要");
        assert_eq!(note.selector.prefix, "中美关系如何？\n中美关系");
        assert_eq!(
            note.selector.suffix,
            "，中美关系 稳定。\n第二段：中美关系。"
        );
        // The question's text: "中美关系如何？" (7), a line break, then the block.
        assert_eq!((note.selector.start, note.selector.end), (12, 15));
    }

    #[test]
    fn prefix_and_suffix_choose_one_place() {
        let notes = "notes:\n  - quote: 中美关系\n    question: 1\n    prefix: 第二段：\n  - quote: 中美关系\n    question: 1\n    suffix: 如何\n  - quote: 中美\n    prefix: '，'\n    suffix: 关系 稳定\n";
        let t = annotated(BODY, notes);
        assert!(t.detached.is_empty(), "{:?}", t.detached);
        let places: Vec<_> = t
            .notes
            .iter()
            .map(|n| (n.block.id(), n.range.clone()))
            .collect();
        assert_eq!(
            places,
            [
                ("t2-p1".to_string(), 0..4),
                ("t3-p1".to_string(), 8..10),
                ("t3-p2".to_string(), 4..8),
            ]
        );
        // Numbered in reading order, not in the sidecar's order.
        assert_eq!(t.notes[0].selector.suffix.chars().next(), Some('如'));
    }

    #[test]
    fn an_orphan_is_detached_with_its_line() {
        let notes = "notes:\n  - quote: 很重要\n  - quote: 东北\n    question: 1\n";
        let t = annotated(BODY, notes);
        assert_eq!(t.notes.len(), 1);
        let detached = &t.detached[0];
        assert_eq!(detached.line, 3);
        assert_eq!(detached.section, Some(Section::Question(1)));
        let problem = &detached.problem;
        assert_eq!(problem.file, Path::new("content/a.notes.yaml"));
        assert_eq!(problem.span.as_ref().unwrap().line, 3);
        assert!(
            problem
                .message
                .contains("orphaned note: “东北” is not found in question 1"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn an_orphan_names_the_nearest_passage_when_one_is_close() {
        let t = annotated(
            BODY,
            "notes:\n  - quote: 中美关系很重耍\n  - quote: 完全无关的一句话\n",
        );
        let help = |i: usize| t.detached[i].problem.help.clone().unwrap();
        assert_eq!(
            help(0),
            "did you mean “中美关系很重要” in question 1 paragraph #t3-p1 (85%)? The transcript may have changed; copy the words as the page shows them"
        );
        assert!(
            help(1).starts_with("copy the words as the page shows them"),
            "{}",
            help(1)
        );
    }

    #[test]
    fn a_correction_the_transcript_has_taken_is_reported_as_applied() {
        let t = annotated(
            BODY,
            "notes:\n  - quote: 中美关系很重耍\n    kind: correction\n    correction: 中美关系很重要\n",
        );
        assert_eq!(
            t.detached[0].problem.message,
            "correction applied in the transcript: “中美关系很重耍” now reads “中美关系很重要” in the transcript"
        );
    }

    #[test]
    fn notes_in_flow_style_are_reported_at_the_list() {
        let t = annotated(
            BODY,
            "questions: {}\nnotes: [{quote: 很重要}, {quote: 东北}]\n",
        );
        assert_eq!(t.detached[0].line, 2);
    }

    #[test]
    fn an_ambiguous_note_lists_its_places() {
        let t = annotated(BODY, "notes:\n  - quote: 中美关系\n");
        assert!(t.notes.is_empty());
        let message = &t.detached[0].problem.message;
        assert!(
            message.starts_with("ambiguous note: “中美关系” is found 5 times: the opening paragraph #preamble-p1 at character 5; question 1 paragraph #t2-p1 at character 1;"),
            "{message}"
        );
        assert_eq!(t.detached[0].section, None);
    }

    #[test]
    fn a_prefix_that_matches_nowhere_is_an_orphan_not_a_guess() {
        let t = annotated(BODY, "notes:\n  - quote: 中美关系\n    prefix: 美国\n");
        assert!(t.notes.is_empty());
        let message = &t.detached[0].problem.message;
        assert!(
            message.contains(
                "is found 5 times in the transcript, but not with the `prefix`/`suffix` given"
            ),
            "{message}"
        );
    }

    #[test]
    fn the_opening_scope_and_a_missing_question() {
        let notes = "notes:\n  - quote: 中美关系\n    question: opening\n  - quote: 各位好\n    question: 7\n";
        let t = annotated(BODY, notes);
        assert_eq!(t.notes[0].section, Section::Opening);
        assert_eq!(t.notes[0].block.id(), "preamble-p1");
        let message = &t.detached[0].problem.message;
        assert!(message.contains("there is no question 7"), "{message}");
    }

    #[test]
    fn quotes_are_matched_as_normalized_text() {
        // White space runs and non-breaking spaces as one space, NFC.
        let t = annotated(
            "**记者:**问。\n\n**王毅:**Cafe\u{301}  au\u{a0}lait.\n",
            "notes:\n  - quote: \"Café au\\nlait\"\n",
        );
        assert!(t.detached.is_empty(), "{:?}", t.detached);
        assert_eq!(t.notes[0].selector.exact, "Café au lait");
    }

    #[test]
    fn footnotes_are_placed_at_their_reference() {
        let t = annotated(
            "**记者:**问。\n\n**王毅:**中美[^1]关系。\n\n[^1]: 一个**脚注**。\n",
            "",
        );
        assert_eq!(t.notes.len(), 1);
        let note = &t.notes[0];
        assert_eq!(note.range, 2..2);
        assert_eq!(
            note.body,
            NoteBody::Footnote {
                label: "1".into(),
                markdown: "一个**脚注**。".into()
            }
        );
        assert_eq!(t.footnote_blocks, [BlockRef { turn: 2, block: 1 }]);
    }

    #[test]
    fn a_footnote_without_definition_is_an_error() {
        let file = SourceFile {
            path: "content/a.md".into(),
            text: format!("{HEAD}**记者:**问[^x]。\n"),
        };
        let problems =
            annotate(Transcript::parse(&file).unwrap(), None, RawHtml::Text).unwrap_err();
        let d = problems.iter().next().unwrap();
        assert_eq!(d.message, "footnote [^x] has no definition");
        assert_eq!(d.span.as_ref().unwrap().line, 7);
    }
}
