//! A transcript cut into its sections (the opening, each question), and
//! the visible text of their blocks: what notes are matched against, and
//! what W3C selectors count in.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Tag};

use super::note::{AnchoredNote, BlockRef, NoteBody, Selector};
use crate::markdown::{RawHtml, VisibleText};
use crate::transcript::{Block, Section, Transcript};

/// The visible text of each block of a transcript, without where its
/// characters came from: what search and the `transcript.json` export
/// read, made once for both.
pub(crate) struct BlockTexts(Vec<Vec<String>>);

impl BlockTexts {
    pub(crate) fn of(transcript: &Transcript, raw: RawHtml) -> BlockTexts {
        let texts = |blocks: &[Block]| {
            blocks
                .iter()
                .map(|b| VisibleText::text_of_markdown(&b.markdown, raw))
                .collect::<Vec<_>>()
        };
        // By turn number, the preamble's at 0.
        let mut by_turn = vec![texts(&transcript.preamble)];
        for turn in transcript.turns() {
            if by_turn.len() <= turn.number {
                by_turn.resize_with(turn.number + 1, Vec::new);
            }
            by_turn[turn.number] = texts(&turn.blocks);
        }
        BlockTexts(by_turn)
    }

    /// The text of the block `at`.
    pub(crate) fn get(&self, at: BlockRef) -> &str {
        let text = self.0.get(at.turn).and_then(|blocks| blocks.get(at.block));
        debug_assert!(text.is_some(), "a block of the transcript: {at:?}");
        text.map_or("", String::as_str)
    }
}

/// How many characters of context a W3C selector carries on each side.
pub(crate) const CONTEXT_CHARS: usize = 32;

/// A section's blocks, and their visible text once it is needed.
pub(super) struct SectionBlocks<'t> {
    pub(super) section: Section,
    pub(super) blocks: Vec<(BlockRef, &'t Block)>,
    /// What raw HTML in its blocks is.
    raw: RawHtml,
    text: OnceCell<SectionText>,
}

/// The visible text of a section: each block's, and all joined by line
/// breaks (what a `TextPositionSelector` counts in).
pub(super) struct SectionText {
    pub(super) blocks: Vec<VisibleText>,
    /// The character offset of each block in `joined`.
    offsets: Vec<usize>,
    pub(super) joined: Vec<char>,
}

impl<'t> SectionBlocks<'t> {
    fn new(
        section: Section,
        blocks: Vec<(BlockRef, &'t Block)>,
        raw: RawHtml,
    ) -> SectionBlocks<'t> {
        SectionBlocks {
            section,
            blocks,
            raw,
            text: OnceCell::new(),
        }
    }

    pub(super) fn text(&self) -> &SectionText {
        self.text.get_or_init(|| {
            let blocks: Vec<VisibleText> = self
                .blocks
                .iter()
                .map(|(_, block)| VisibleText::of_markdown(&block.markdown, self.raw))
                .collect();
            let mut offsets = Vec::with_capacity(blocks.len());
            let mut joined = Vec::new();
            for (i, visible) in blocks.iter().enumerate() {
                if i > 0 {
                    joined.push('\n');
                }
                offsets.push(joined.len());
                joined.extend(visible.text.chars());
            }
            SectionText {
                blocks,
                offsets,
                joined,
            }
        })
    }
}

/// A transcript cut into its sections.
pub(super) struct Sections<'t> {
    /// The transcript's file, for errors.
    pub(super) path: &'t Path,
    pub(super) sections: Vec<SectionBlocks<'t>>,
    /// Footnote definitions by label: where each stands, and its text.
    pub(super) definitions: BTreeMap<String, (BlockRef, String)>,
}

impl<'t> Sections<'t> {
    /// Cuts a transcript into sections. Footnote definitions are set
    /// aside: they are shown at their reference, not where they stand.
    pub(super) fn of(transcript: &'t Transcript, raw: RawHtml) -> Sections<'t> {
        let mut definitions = BTreeMap::new();
        let mut blocks_of = |turns: &mut dyn Iterator<Item = (usize, &'t [Block])>| {
            let mut blocks = Vec::new();
            for (turn, list) in turns {
                for (block, b) in list.iter().enumerate() {
                    let at = BlockRef { turn, block };
                    match footnote_definition(&b.markdown) {
                        Some((label, markdown)) => {
                            definitions.entry(label).or_insert((at, markdown));
                        }
                        None => blocks.push((at, b)),
                    }
                }
            }
            blocks
        };
        let preamble = std::iter::once((0, transcript.preamble.as_slice()));
        let opening = transcript
            .opening
            .iter()
            .map(|t| (t.number, t.blocks.as_slice()));
        let mut sections = vec![SectionBlocks::new(
            Section::Opening,
            blocks_of(&mut preamble.chain(opening)),
            raw,
        )];
        for q in &transcript.questions {
            let mut turns = q.turns.iter().map(|t| (t.number, t.blocks.as_slice()));
            sections.push(SectionBlocks::new(
                Section::Question(q.number),
                blocks_of(&mut turns),
                raw,
            ));
        }
        Sections {
            path: &transcript.path,
            sections,
            definitions,
        }
    }

    /// The sections a note or a selection scoped to `question` is looked
    /// for in, or the number of a question that does not exist.
    pub(super) fn scope(&self, question: Option<Section>) -> Result<Vec<usize>, usize> {
        match question {
            Some(Section::Question(n)) if n == 0 || n >= self.sections.len() => Err(n),
            Some(Section::Question(n)) => Ok(vec![n]),
            Some(Section::Opening) => Ok(vec![0]),
            None => Ok((0..self.sections.len()).collect()),
        }
    }

    /// A note placed in block `block` of section `section`.
    pub(super) fn anchored(
        &self,
        body: NoteBody,
        line: usize,
        section: usize,
        block: usize,
        range: Range<usize>,
    ) -> AnchoredNote {
        let s = &self.sections[section];
        let text = s.text();
        let start = text.offsets[block] + range.start;
        let end = text.offsets[block] + range.end;
        let chars = &text.joined;
        let collect = |r: Range<usize>| chars[r].iter().collect::<String>();
        AnchoredNote {
            number: 0,
            body,
            line,
            block: s.blocks[block].0,
            section: s.section,
            selector: Selector {
                exact: collect(start..end),
                prefix: collect(start.saturating_sub(CONTEXT_CHARS)..start),
                suffix: collect(end..(end + CONTEXT_CHARS).min(chars.len())),
                start,
                end,
            },
            range,
        }
    }
}

/// The label and text of a footnote definition block.
fn footnote_definition(markdown: &str) -> Option<(String, String)> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::testing::transcript;

    #[test]
    fn each_block_has_its_visible_text_by_where_it_stands() {
        let t = transcript(
            "Asked in the *hall*.\n\n王毅:大家好。\n\n**记者:** 问**一**。\n\n王毅:答一。\n\n第二段 [链接](https://example.org)。\n",
        );
        let texts = BlockTexts::of(&t, RawHtml::Text);
        let at = |turn, block| texts.get(BlockRef { turn, block });
        assert_eq!(at(0, 0), "Asked in the hall.");
        assert_eq!(at(1, 0), "大家好。");
        assert_eq!(at(2, 0), "问一。");
        assert_eq!(at(3, 0), "答一。");
        assert_eq!(at(3, 1), "第二段 链接。");
    }
}
