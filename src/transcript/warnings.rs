//! A parsed transcript -> what is likely a mistake though it builds:
//! paragraphs that open like a speaker label nobody declared (`QUESTION:`
//! written twice or more, so never read as a turn), and a transcript with
//! no questions at all. `build` and `check` report them as warnings and
//! never fail on them.

use std::collections::BTreeMap;

use super::printed::{Kind, printed_label};
use super::{Block, Transcript};
use crate::diagnostic::{Diagnostic, Span};

/// The label a paragraph opens with, when it looks like one: capitals
/// (`QUESTION`, `MR. MILLER`), a CJK name (`记者`) or one letter (`Q`),
/// then a colon.
fn looks_like_label(markdown: &str) -> Option<&str> {
    let printed = printed_label(markdown)?;
    (printed.colon && printed.kind != Kind::Name).then_some(printed.label)
}

/// The warnings of a transcript.
pub(crate) fn warnings(t: &Transcript) -> Vec<Diagnostic> {
    let mut openings: BTreeMap<&str, Vec<&Block>> = BTreeMap::new();
    let blocks = t
        .preamble
        .iter()
        .chain(t.turns().flat_map(|turn| &turn.blocks));
    for block in blocks {
        if let Some(label) = looks_like_label(&block.markdown) {
            openings.entry(label).or_default().push(block);
        }
    }
    let mut out = Vec::new();
    for (label, blocks) in openings.iter().filter(|(_, b)| b.len() >= 2) {
        let lines: Vec<String> = blocks.iter().map(|b| b.line.to_string()).collect();
        let first = blocks[0];
        let text = first.markdown.lines().next().unwrap_or("").to_string();
        out.push(
            Diagnostic::new(
                &t.path,
                format!(
                    "`{label}:` opens {} paragraphs (lines {}) but is not a speaker label, so they are not turns",
                    blocks.len(),
                    lines.join(", ")
                ),
            )
            .at(Span {
                line: first.line,
                column: 1,
                width: label.chars().count() + 1,
                text,
            })
            .label("read as text")
            .help(format!(
                "declare `{label}` in the front matter (`speakers:`, `answerers:` or `hosts:`) or write `**{label}:**`"
            )),
        );
    }
    if t.questions.is_empty() && t.turns().next().is_some() {
        out.push(
            Diagnostic::new(&t.path, "this transcript has no questions")
                .help("a turn by anyone who is neither in `answerers:` nor in `hosts:` starts a question; check those lists and the labels"),
        );
    }
    out
}

/// The warnings of a translation: each translated turn whose paragraphs
/// are not as many as its counterpart's, whose ids then pair in order.
pub(crate) fn translation_warnings(
    original: &Transcript,
    translation: &Transcript,
) -> Vec<Diagnostic> {
    original
        .turns()
        .zip(translation.turns())
        .filter(|(o, t)| !t.untranslated && o.blocks.len() != t.blocks.len())
        .map(|(o, t)| {
            Diagnostic::new(
                &translation.path,
                format!(
                    "turn {} (line {}) has {} paragraphs here and {} in the original ({}:{})",
                    t.number,
                    t.line,
                    t.blocks.len(),
                    o.blocks.len(),
                    original.path.display(),
                    o.line
                ),
            )
            .help(format!(
                "paragraph ids (#t{}-p2) stand for the same passage in every language when the paragraphs \
                 are split alike; split them as the original does",
                t.number
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn parse(text: &str) -> Transcript {
        Transcript::parse(&SourceFile {
            path: "content/a.md".into(),
            text: text.into(),
        })
        .unwrap()
    }

    #[test]
    fn an_undeclared_label_used_twice_is_named_with_its_lines_and_the_fix() {
        let t = parse(
            "---\ntitle: t\ndate: 2024-01-01\nanswerers: [MR. MILLER]\n---\n\nMR. MILLER: Good afternoon.\n\nQUESTION: Will the talks resume?\n\nMR. MILLER: Yes.\n\nQUESTION: When?\n\nNote: this is text.\n",
        );
        let found = warnings(&t);
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`QUESTION:` opens 2 paragraphs (lines 9, 13) but is not a speaker label, so they are not turns",
                "this transcript has no questions",
            ]
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some(
                "declare `QUESTION` in the front matter (`speakers:`, `answerers:` or `hosts:`) or write `**QUESTION:**`"
            )
        );
        let chinese = parse(
            "---\ntitle: t\ndate: 2024-01-01\nanswerers: [王毅]\n---\n\n王毅：各位好。\n\n记者：第一个问题。\n\n王毅：回答。\n\n记者：第二个问题。\n",
        );
        assert!(
            warnings(&chinese)[0]
                .message
                .starts_with("`记者:` opens 2 paragraphs"),
            "{:?}",
            warnings(&chinese)
        );
        let fine = parse(
            "---\ntitle: t\ndate: 2024-01-01\nanswerers: [A]\n---\n\n**Q:** When?\n\n**A:** Soon.\n",
        );
        assert!(warnings(&fine).is_empty());
    }
}
