//! A transcript's Markdown body -> [`Piece`]s: blocks, speaker labels and
//! question headings, in order.
//!
//! Labels are recognised on the source text, before Markdown: `CommonMark`
//! does not close `**王毅:**各位` (the closing `**` follows punctuation and
//! precedes a letter), so a Markdown renderer alone would show the
//! asterisks. The body is cut into its top-level blocks with
//! pulldown-cmark's source offsets; a line at the start of a top-level
//! paragraph that begins with a label starts a turn, and the label is cut
//! off the text. Every byte of the body lands in exactly one piece.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::time::{Time, time_at};
use crate::markdown::options as markdown_options;

/// One top-level unit of a transcript's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// A speaker label: the blocks after it are that speaker's turn.
    Label {
        speaker: String,
        line: usize,
        /// Its bytes in the body, with its colon and the space after.
        source: std::ops::Range<usize>,
    },
    /// A block of Markdown (label removed), continuing the current turn.
    Block(Block),
    /// A level-2 heading, which starts a question under `group_by: heading`.
    Heading { title: String, block: Block },
}

/// A block of Markdown source and the line of the file it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub markdown: String,
    pub line: usize,
    /// The time of the recording a paragraph starts at (`[12:34]`), cut
    /// off its text like a label.
    pub time: Option<Time>,
    /// The time as written, with the space after it; empty without one.
    pub(crate) stamp: String,
}

/// Cuts `body` into pieces. `first_line` is the line of the file the body
/// starts on; `labels` are the declared labels that may stand without bold.
pub(crate) fn pieces(body: &str, first_line: usize, labels: &[&str], headings: bool) -> Vec<Piece> {
    let lines = LineIndex::new(body, first_line);
    let mut pieces = Vec::new();
    let mut covered = 0;
    let mut depth = 0usize;
    let mut heading: Option<(std::ops::Range<usize>, String)> = None;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    push_gap(&mut pieces, body, covered, range.start, &lines);
                    covered = range.end.max(covered);
                    let underline = match tag {
                        Tag::Heading { .. } => labelled_setext(&body[range.clone()], labels),
                        _ => None,
                    };
                    match tag {
                        Tag::Paragraph => paragraph(&mut pieces, body, range, &lines, labels),
                        Tag::Heading { .. } if let Some(at) = underline => {
                            let at = range.start + at;
                            paragraph(&mut pieces, body, range.start..at, &lines, labels);
                            push_block(&mut pieces, body, at..range.end, &lines);
                        }
                        Tag::Heading {
                            level: HeadingLevel::H2,
                            ..
                        } if headings => heading = Some((range, String::new())),
                        _ => push_block(&mut pieces, body, range, &lines),
                    }
                }
                depth += 1;
            }
            Event::End(end) => {
                depth -= 1;
                if depth == 0
                    && matches!(end, TagEnd::Heading(_))
                    && let Some((range, title)) = heading.take()
                {
                    pieces.push(Piece::Heading {
                        title: title.trim().to_string(),
                        block: block(body, range, &lines),
                    });
                }
            }
            Event::Text(text) | Event::Code(text) if heading.is_some() => {
                if let Some((_, title)) = heading.as_mut() {
                    title.push_str(&text);
                }
            }
            _ if depth == 0 => {
                // A top-level event with no children: a rule, say.
                push_gap(&mut pieces, body, covered, range.start, &lines);
                covered = range.end.max(covered);
                push_block(&mut pieces, body, range, &lines);
            }
            _ => {}
        }
    }
    push_gap(&mut pieces, body, covered, body.len(), &lines);
    pieces
}

/// Text between top-level blocks that is not blank (link reference
/// definitions) is kept as a block, so nothing of the body is lost.
fn push_gap(pieces: &mut Vec<Piece>, body: &str, from: usize, to: usize, lines: &LineIndex) {
    if from < to && !body[from..to].trim().is_empty() {
        push_block(pieces, body, from..to, lines);
    }
}

fn push_block(
    pieces: &mut Vec<Piece>,
    body: &str,
    range: std::ops::Range<usize>,
    lines: &LineIndex,
) {
    pieces.push(Piece::Block(block(body, range, lines)));
}

fn block(body: &str, range: std::ops::Range<usize>, lines: &LineIndex) -> Block {
    Block {
        markdown: body[range.clone()].trim_end().to_string(),
        line: lines.line_of(range.start),
        time: None,
        stamp: String::new(),
    }
}

#[cfg(test)]
impl Block {
    /// A block of `markdown` on line `line`, with no time.
    pub(crate) fn text(markdown: &str, line: usize) -> Block {
        Block {
            markdown: markdown.into(),
            line,
            time: None,
            stamp: String::new(),
        }
    }
}

/// A paragraph's text, and the time it starts with, if any.
fn timed_block(body: &str, range: std::ops::Range<usize>, lines: &LineIndex) -> Block {
    let start = range.start + leading_space(&body[range.clone()]);
    let text = &body[start..range.end];
    let (time, stamp) = match time_at(text) {
        Some((time, taken)) => (Some(time), text[..taken].to_string()),
        None => (None, String::new()),
    };
    Block {
        markdown: text[stamp.len()..].trim().to_string(),
        line: lines.line_of(start),
        time,
        stamp,
    }
}

/// A top-level paragraph: each line that begins with a label starts a turn.
fn paragraph(
    pieces: &mut Vec<Piece>,
    body: &str,
    range: std::ops::Range<usize>,
    lines: &LineIndex,
    labels: &[&str],
) {
    let mut text_start = range.start;
    let mut offset = range.start;
    for line in body[range.clone()].split_inclusive('\n') {
        // White space before a line of a paragraph is not shown, so a
        // label after it still starts the line a reader sees.
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some((speaker, consumed)) = label_at(&line[indent..], labels) {
            if offset > text_start {
                pieces.push(Piece::Block(timed_block(body, text_start..offset, lines)));
            }
            let at = offset + indent;
            pieces.push(Piece::Label {
                speaker,
                line: lines.line_of(at),
                source: at..at + consumed,
            });
            text_start = at + consumed;
            // The words may follow on the next line.
            if body[text_start..offset + line.len()].trim().is_empty() {
                text_start = offset + line.len();
            }
        }
        offset += line.len();
    }
    let end = range.end.max(text_start);
    if !body[text_start..end].trim().is_empty() {
        pieces.push(Piece::Block(timed_block(body, text_start..end, lines)));
    }
}

/// A setext heading whose text starts with a speaker label is a turn
/// followed by a line of `=` or `-` (a rule, often): where that line
/// starts.
fn labelled_setext(text: &str, labels: &[&str]) -> Option<usize> {
    let text = text.trim_end();
    let at = text.rfind('\n')? + 1;
    let underline = text[at..].trim();
    let is_underline = !underline.is_empty()
        && (underline.bytes().all(|b| b == b'=') || underline.bytes().all(|b| b == b'-'));
    let labelled = label_at(text.lines().next()?, labels).is_some();
    (is_underline && labelled).then_some(at)
}

fn leading_space(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

/// The longest a label may be, in characters: longer bold text that ends
/// with a colon is a sentence, not a speaker.
pub(crate) const MAX_LABEL: usize = 60;

/// The speaker label at the start of `line`, and how many bytes it takes
/// with the white space after it.
pub(crate) fn label_at(line: &str, declared: &[&str]) -> Option<(String, usize)> {
    let line = line.trim_end_matches('\n');
    let (label, rest) = bold_label(line).or_else(|| plain_label(line, declared))?;
    let label = label.trim();
    if label.is_empty() || label.chars().count() > MAX_LABEL {
        return None;
    }
    let consumed = line.len() - rest.trim_start().len();
    Some((label.to_string(), consumed))
}

fn strip_colon(text: &str) -> Option<&str> {
    text.strip_prefix(':').or_else(|| text.strip_prefix('：'))
}

/// `**Label:**`, `**Label：**`, `**Label**:` or `**Label**：`.
fn bold_label(line: &str) -> Option<(&str, &str)> {
    let inner = line.strip_prefix("**")?;
    let close = inner.find("**")?;
    let (label, after) = (&inner[..close], &inner[close + 2..]);
    if label.contains('\n') {
        return None;
    }
    if let Some(label) = label.strip_suffix(':').or_else(|| label.strip_suffix('：')) {
        return Some((label, after));
    }
    strip_colon(after).map(|rest| (label, rest))
}

/// `LABEL:` or `LABEL：`, for a label declared in the front matter.
fn plain_label<'a>(line: &'a str, declared: &[&str]) -> Option<(&'a str, &'a str)> {
    declared.iter().find_map(|label| {
        let rest = line.strip_prefix(label)?;
        strip_colon(rest).map(|rest| (&line[..label.len()], rest))
    })
}

/// Byte offsets of a text to lines of the file it came from.
struct LineIndex {
    starts: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    fn new(text: &str, first_line: usize) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts, first_line }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.first_line + self.starts.partition_point(|&s| s <= offset) - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_labels_in_every_form() {
        for line in [
            "**王毅:**各位",
            "**王毅：**各位",
            "**王毅**:各位",
            "**王毅**：各位",
            "**王毅:** 各位",
        ] {
            let (label, consumed) = label_at(line, &[]).unwrap();
            assert_eq!(label, "王毅", "{line}");
            assert_eq!(&line[consumed..], "各位", "{line}");
        }
    }

    #[test]
    fn plain_labels_only_when_declared() {
        assert_eq!(
            label_at("MR. PRICE: Thanks", &["MR. PRICE"]).unwrap().0,
            "MR. PRICE"
        );
        assert_eq!(label_at("MR. PRICE: Thanks", &[]), None);
        assert_eq!(label_at("Note: this is text", &["Q"]), None);
    }

    #[test]
    fn bold_text_is_not_a_label_without_a_colon() {
        assert_eq!(label_at("**Important** news", &[]), None);
        assert_eq!(label_at("**a**b: c", &[]), None);
    }

    #[test]
    fn a_label_over_a_rule_is_a_turn_not_a_heading() {
        let pieces = pieces("**Q:** When?\n---\n", 1, &[], false);
        assert_eq!(
            pieces,
            [
                Piece::Label {
                    speaker: "Q".into(),
                    line: 1,
                    source: 0..7,
                },
                Piece::Block(Block::text("When?", 1)),
                Piece::Block(Block::text("---", 2)),
            ]
        );
    }

    #[test]
    fn a_label_after_white_space_in_a_paragraph_starts_a_turn() {
        let pieces = pieces("**A:**\n  **B**: Yes.\n", 1, &[], false);
        assert_eq!(
            pieces,
            [
                Piece::Label {
                    speaker: "A".into(),
                    line: 1,
                    source: 0..6,
                },
                Piece::Label {
                    speaker: "B".into(),
                    line: 2,
                    source: 9..16,
                },
                Piece::Block(Block::text("Yes.", 2)),
            ]
        );
    }

    #[test]
    fn a_label_alone_on_its_line_takes_the_next() {
        let pieces = pieces("QUESTION:\nWhat now?\n", 1, &["QUESTION"], false);
        assert_eq!(
            pieces,
            [
                Piece::Label {
                    speaker: "QUESTION".into(),
                    line: 1,
                    source: 0..9,
                },
                Piece::Block(Block::text("What now?", 2)),
            ]
        );
    }

    #[test]
    fn a_time_after_a_label_or_at_a_paragraph_start_is_cut_off_its_text() {
        let pieces = pieces(
            "**Jerod:** [00:12:34] Welcome back.\n\n[00:13:05] A second paragraph.\n\n[1:02](https://e.org) a link.\n",
            1,
            &[],
            false,
        );
        let blocks: Vec<(Option<u64>, &str, &str)> = pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Block(b) => Some((
                    b.time.map(Time::millis),
                    b.stamp.as_str(),
                    b.markdown.as_str(),
                )),
                _ => None,
            })
            .collect();
        assert_eq!(
            blocks,
            [
                (Some(754_000), "[00:12:34] ", "Welcome back."),
                (Some(785_000), "[00:13:05] ", "A second paragraph."),
                (None, "", "[1:02](https://e.org) a link."),
            ]
        );
    }
}
