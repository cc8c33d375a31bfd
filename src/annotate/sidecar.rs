//! `<transcript>.notes.yaml` -> [`Sidecar`]: question titles, topics,
//! summaries, and the quote-anchored notes.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostic::Diagnostics;
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
        YamlSource::whole(&file.text, &file.path).parse_checked("notes file")
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
    fn an_empty_file_is_an_empty_sidecar() {
        assert_eq!(parse("\n").unwrap(), Sidecar::default());
    }
}
