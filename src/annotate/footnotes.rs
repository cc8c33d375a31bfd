//! Markdown footnotes (`[^label]` with a `[^label]: …` paragraph) as
//! notes: each reference placed with its definition, shown at the
//! reference rather than where the definition stands.

use std::collections::BTreeSet;

use pulldown_cmark::{Event, Tag};

use super::anchor::{Anchoring, Sections};
use super::note::{AnchoredNote, NoteBody};
use crate::diagnostic::{Diagnostic, Span};

impl Sections<'_> {
    /// Places each footnote reference with its definition; a definition's
    /// block is not shown where it stands.
    pub(super) fn footnotes(
        &self,
        result: &mut Anchoring,
        placed: &mut Vec<(usize, AnchoredNote)>,
    ) {
        let definitions = &self.definitions;
        result
            .footnote_blocks
            .extend(definitions.values().map(|(at, _)| *at));
        result.footnote_blocks.sort();
        let mut references = Vec::new();
        for (s, section) in self.sections.iter().enumerate() {
            for (b, (_, block)) in section.blocks.iter().enumerate() {
                if block.markdown.contains("[^") {
                    references.push((s, b, block.line));
                }
            }
        }
        let mut seen = BTreeSet::new();
        for (s, b, line) in references {
            let markdown = &self.sections[s].blocks[b].1.markdown;
            let first_line = markdown.lines().next().unwrap_or("");
            let visible = &self.sections[s].text().blocks[b];
            for reference in &visible.footnotes {
                match definitions.get(&reference.label) {
                    Some((_, markdown)) if seen.insert(reference.label.clone()) => {
                        let body = NoteBody::Footnote {
                            label: reference.label.clone(),
                            markdown: markdown.clone(),
                        };
                        placed.push((
                            usize::MAX,
                            self.anchored(body, line, s, b, reference.at..reference.at),
                        ));
                    }
                    Some(_) => {}
                    None => result.errors.push(
                        Diagnostic::new(
                            self.path,
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
    }
}

/// The label and text of a footnote definition block.
pub(super) fn footnote_definition(markdown: &str) -> Option<(String, String)> {
    if !markdown.trim_start().starts_with("[^") {
        return None;
    }
    let mut parser =
        pulldown_cmark::Parser::new_ext(markdown, crate::markdown::options()).into_offset_iter();
    let (event, _) = parser.next()?;
    let Event::Start(Tag::FootnoteDefinition(label)) = event else {
        return None;
    };
    let body_start = parser
        .next()
        .map_or(markdown.len(), |(_, range)| range.start);
    Some((label.to_string(), markdown[body_start..].trim().to_string()))
}
