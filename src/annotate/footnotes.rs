//! Markdown footnotes (`[^label]` with a `[^label]: …` paragraph) as
//! notes: each reference placed with its definition, shown at the
//! reference rather than where the definition stands.

use std::collections::BTreeSet;

use super::note::{AnchoredNote, BlockRef, NoteBody};
use super::text::Sections;
use crate::diagnostic::{Diagnostic, Span};

/// A transcript's footnotes, placed.
pub(super) struct Footnotes {
    /// Each reference with its definition, as a note (with `usize::MAX`
    /// as its order among the sidecar's notes: after them).
    pub(super) placed: Vec<(usize, AnchoredNote)>,
    /// The blocks that define footnotes, shown at their reference.
    pub(super) blocks: Vec<BlockRef>,
    /// References with no definition.
    pub(super) errors: Vec<Diagnostic>,
}

/// Places each footnote reference with its definition; a definition's
/// block is not shown where it stands.
pub(super) fn place(sections: &Sections<'_>) -> Footnotes {
    let definitions = &sections.definitions;
    let mut blocks: Vec<BlockRef> = definitions.values().map(|(at, _)| *at).collect();
    blocks.sort();
    let mut result = Footnotes {
        placed: Vec::new(),
        blocks,
        errors: Vec::new(),
    };
    let mut references = Vec::new();
    for (s, section) in sections.sections.iter().enumerate() {
        for (b, (_, block)) in section.blocks.iter().enumerate() {
            if block.markdown.contains("[^") {
                references.push((s, b, block.line));
            }
        }
    }
    let mut seen = BTreeSet::new();
    for (s, b, line) in references {
        let markdown = &sections.sections[s].blocks[b].1.markdown;
        let first_line = markdown.lines().next().unwrap_or("");
        let visible = &sections.sections[s].text().blocks[b];
        for reference in &visible.footnotes {
            match definitions.get(&reference.label) {
                Some((_, markdown)) if seen.insert(reference.label.clone()) => {
                    let body = NoteBody::Footnote {
                        label: reference.label.clone(),
                        markdown: markdown.clone(),
                    };
                    let at = reference.at..reference.at;
                    result
                        .placed
                        .push((usize::MAX, sections.anchored(body, line, s, b, at)));
                }
                Some(_) => {}
                None => result.errors.push(
                    Diagnostic::new(
                        sections.path,
                        format!("footnote [^{}] has no definition", reference.label),
                    )
                    .at(Span {
                        line,
                        ..Span::in_source(first_line, 1, 1, first_line.chars().count())
                    })
                    .help(format!(
                        "add a paragraph `[^{}]: …` to the transcript",
                        reference.label
                    )),
                ),
            }
        }
    }
    result
}
