//! `<transcript>.notes.yaml` -> [`Sidecar`]: question titles, topics,
//! summaries, and the quote-anchored notes.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::SourceFile;
use crate::transcript::Section;
use crate::yaml::YamlSource;

/// Editorial data about one question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuestionMeta {
    pub title: Option<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    /// One sentence, Markdown.
    pub summary: Option<String>,
    /// Who asks and the first words (`新华社记者: 第一个问题。`), to
    /// notice the question renumbered.
    pub fingerprint: Option<String>,
}

/// What a note does for the reader.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteKind {
    Correction,
    Context,
    FactCheck,
    Translation,
    #[default]
    Note,
}

impl NoteKind {
    /// The kind as written in a sidecar, which is also its class in pages.
    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::Correction => "correction",
            NoteKind::Context => "context",
            NoteKind::FactCheck => "fact-check",
            NoteKind::Translation => "translation",
            NoteKind::Note => "note",
        }
    }
}

/// An annotation anchored to the words it is about.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// The exact text, as a reader sees it.
    pub quote: String,
    /// Where its quote is looked for: a question or the opening; the
    /// whole transcript when none is named.
    pub question: Option<Section>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// The corrected text, shown beside the struck original.
    pub correction: Option<String>,
    #[serde(default)]
    pub kind: NoteKind,
    /// Markdown.
    pub note: Option<String>,
    #[serde(default)]
    pub links: Vec<String>,
    /// Who wrote it (`by: 编辑部`).
    pub by: Option<String>,
    /// When it was written (`date: 2024-03-08`), checked to be a day.
    pub date: Option<String>,
}

impl Note {
    /// A note of the default kind on `quote`, with nothing else said.
    pub(crate) fn quoting(quote: &str) -> Note {
        Note {
            quote: quote.to_string(),
            question: None,
            prefix: None,
            suffix: None,
            correction: None,
            kind: NoteKind::default(),
            note: None,
            links: Vec::new(),
            by: None,
            date: None,
        }
    }
}

/// A transcript's sidecar file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub(crate) struct Sidecar {
    #[serde(default)]
    pub questions: BTreeMap<usize, QuestionMeta>,
    #[serde(default)]
    pub notes: Vec<Note>,
}

impl Sidecar {
    pub(crate) fn parse(file: &SourceFile) -> Result<Sidecar, Diagnostics> {
        if file.text.trim().is_empty() {
            return Ok(Sidecar::default());
        }
        let source = YamlSource::whole(&file.text, &file.path);
        let sidecar: Sidecar = source.parse_checked("notes file")?;
        let mut problems = Diagnostics::new();
        let lines = note_lines(&file.text);
        for (i, note) in sidecar.notes.iter().enumerate() {
            let Some(date) = &note.date else { continue };
            if let Err(reason) = crate::transcript::parse_day(date) {
                let span = lines
                    .get(i)
                    .and_then(|&from| date_line(&file.text, from))
                    .map(|line| {
                        let text = file.text.lines().nth(line - 1).unwrap_or("");
                        let start = text.find(date.trim()).unwrap_or(0);
                        source.span_of_bytes(
                            line_start(&file.text, line) + start,
                            line_start(&file.text, line) + start + date.trim().len(),
                        )
                    });
                problems.push(
                    Diagnostic::new(&file.path, format!("invalid date of a note: {reason}"))
                        .at_opt(span)
                        .label("not a date of the calendar")
                        .help("write the day the note was written as YYYY-MM-DD, for example 2024-03-08"),
                );
            }
        }
        problems.into_result(sidecar)
    }

    /// The span of the number `n` in its `n:` line under `questions:`, for
    /// errors about that entry.
    pub(crate) fn question_span(text: &str, n: usize) -> Option<crate::diagnostic::Span> {
        Sidecar::question_line(text, n).map(|line| {
            let mut span = crate::diagnostic::Span::in_source(text, line, 1, 1);
            span.column = span.text.len() - span.text.trim_start().len() + 1;
            span.width = n.to_string().len();
            span
        })
    }

    /// The line of `n:` under `questions:`, for errors about question `n`.
    pub(crate) fn question_line(text: &str, n: usize) -> Option<usize> {
        let key = format!("{n}:");
        let quoted = format!("\"{n}\":");
        text.lines()
            .position(|l| {
                l.starts_with(' ') && {
                    let t = l.trim_start();
                    t.starts_with(&key) || t.starts_with(&quoted)
                }
            })
            .map(|i| i + 1)
    }
}

/// The line of the first `date:` key at or after line `from` (1-based),
/// within the note that starts there.
fn date_line(text: &str, from: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(from - 1)
        .take_while(|(i, l)| *i + 1 == from || !l.trim_start().starts_with("- "))
        .find(|(_, l)| {
            let t = l.trim_start().trim_start_matches("- ");
            t.starts_with("date:")
        })
        .map(|(i, _)| i + 1)
}

/// The byte offset of line `line` (1-based) of `text`.
fn line_start(text: &str, line: usize) -> usize {
    text.split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum()
}

/// The line each entry of the top-level `notes:` list starts on, in
/// order, for errors about a note. Empty when the list is not written one
/// entry per `- ` line.
pub(crate) fn note_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut in_notes = false;
    let mut indent = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let depth = line.len() - trimmed.len();
        if depth == 0 && !trimmed.starts_with('-') {
            in_notes = trimmed.starts_with("notes:") || trimmed.starts_with("\"notes\":");
            continue;
        }
        if in_notes
            && (trimmed == "-" || trimmed.starts_with("- "))
            && *indent.get_or_insert(depth) == depth
        {
            lines.push(i + 1);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Sidecar, Diagnostics> {
        Sidecar::parse(&SourceFile {
            path: "a.notes.yaml".into(),
            text: text.into(),
        })
    }

    #[test]
    fn reads_questions_and_notes() {
        let sidecar = parse(
            "questions:\n  1:\n    title: 中国外交\n    topics: [外交]\nnotes:\n  - quote: 东北\n    question: opening\n    kind: fact-check\n",
        )
        .unwrap();
        assert_eq!(sidecar.questions[&1].title.as_deref(), Some("中国外交"));
        assert_eq!(sidecar.notes[0].question, Some(Section::Opening));
        assert_eq!(sidecar.notes[0].kind, NoteKind::FactCheck);
    }

    #[test]
    fn a_scope_is_a_question_number_or_opening() {
        for text in ["-1", "1.5", "99999999999999999999999", "closing", "[1]"] {
            let problems =
                parse(&format!("notes:\n  - quote: a\n    question: {text}\n")).unwrap_err();
            let d = problems.iter().next().unwrap();
            assert!(
                d.message
                    .contains("expected a question's number (1, 2, ...) or `opening`"),
                "{text}: {}",
                d.message
            );
            assert_eq!(d.span.as_ref().unwrap().line, 3, "{text}");
        }
    }

    #[test]
    fn refuses_unknown_keys_with_their_line() {
        let problems = parse("questions:\n  1:\n    titel: x\n").unwrap_err();
        let d = problems.iter().next().unwrap();
        assert!(d.message.contains("unknown field `titel`"), "{}", d.message);
        assert_eq!(d.span.as_ref().unwrap().line, 3);
    }

    #[test]
    fn finds_the_line_of_each_note() {
        let text = "questions:\n  1:\n    topics:\n      - a\nnotes:\n  # first\n  - quote: a\n    links:\n      - x\n\n  - quote: b\nother: 1\n- c\n";
        assert_eq!(note_lines(text), [7, 11]);
        assert_eq!(note_lines("notes:\n- quote: a\n- quote: b\n"), [2, 3]);
        assert!(note_lines("notes: [{quote: a}]\n").is_empty());
    }

    #[test]
    fn a_note_says_who_wrote_it_and_when() {
        let sidecar =
            parse("notes:\n  - quote: a\n    by: 编辑部\n    date: 2024-03-08\n").unwrap();
        let note = &sidecar.notes[0];
        assert_eq!(note.by.as_deref(), Some("编辑部"));
        assert_eq!(note.date.as_deref(), Some("2024-03-08"));
        let problems = parse("notes:\n  - quote: a\n    date: 2024-02-30\n").unwrap_err();
        let d = problems.iter().next().unwrap();
        assert_eq!(
            d.message,
            "invalid date of a note: `2024-02-30` is not a day of the calendar"
        );
        let span = d.span.as_ref().unwrap();
        assert_eq!((span.line, span.column, span.width), (3, 11, 10));
    }

    #[test]
    fn an_empty_file_is_an_empty_sidecar() {
        assert_eq!(parse("\n").unwrap(), Sidecar::default());
    }
}
