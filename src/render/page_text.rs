//! A rendered page's text as W3C selector clients read it, and where a
//! note's marked words stand in it.
//!
//! Clients such as Apache Annotator or Hypothesis resolve a
//! `TextQuoteSelector` and a `TextPositionSelector` against the text of
//! the page's `<body>`: every text node, in order, entities decoded, its
//! white space as the HTML has it. So the selectors of `annotations.json`
//! are taken from the page as rendered (by whatever templates the site
//! uses), not from the Markdown: a note's words are the text of the
//! elements that mark them (`data-note="N"`), and its context the
//! characters of the page around them. Positions count Unicode code
//! points.

use std::collections::BTreeMap;

use crate::annotate::{AnnotatedTranscript, NoteBody};
use crate::output::RenderedPage;
use crate::transcript::Section;

/// The text of a page's body, and where each note's marked words are in
/// it, in code points.
#[derive(Debug, Default)]
pub(crate) struct PageText {
    chars: Vec<char>,
    notes: BTreeMap<usize, (usize, usize)>,
}

/// How many characters of context a selector carries on each side.
const CONTEXT: usize = 32;

/// The selectors of a transcript's notes, by note number, read from the
/// pages their annotations target.
#[derive(Debug, Default)]
pub(crate) struct NoteSelectors(BTreeMap<usize, PageSelector>);

impl NoteSelectors {
    pub(crate) fn new() -> NoteSelectors {
        NoteSelectors::default()
    }

    /// Reads where the sidecar notes of `section` stand in `page`, the
    /// page an annotation of that section targets.
    pub(crate) fn read(&mut self, t: &AnnotatedTranscript, section: Section, page: &RenderedPage) {
        let mut numbers = t
            .notes_in(section)
            .filter(|n| matches!(n.body, NoteBody::Sidecar(_)))
            .map(|n| n.number)
            .peekable();
        if numbers.peek().is_none() {
            return;
        }
        let text = PageText::of(&String::from_utf8_lossy(&page.bytes));
        for number in numbers {
            if let Some(selector) = text.selector(number) {
                self.0.insert(number, selector);
            }
        }
    }

    /// Note `number`'s selectors, when its page marks its words.
    pub(crate) fn get(&self, number: usize) -> Option<&PageSelector> {
        self.0.get(&number)
    }
}

/// A note's words in a page: the W3C quote and position selectors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageSelector {
    pub(crate) exact: String,
    pub(crate) prefix: String,
    pub(crate) suffix: String,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl PageText {
    /// Reads the body of the page `html`.
    pub(crate) fn of(html: &str) -> PageText {
        let body = html.find("<body").map_or(html, |at| &html[at..]);
        let body = body.find("</body>").map_or(body, |at| &body[..at]);
        let mut text = PageText::default();
        // The note whose marked words the text is in, if any.
        let mut inside: Option<usize> = None;
        let mut rest = body;
        while let Some(open) = rest.find('<') {
            text.push_text(&rest[..open]);
            let Some(close) = rest[open..].find('>') else {
                break;
            };
            let tag = &rest[open + 1..open + close];
            rest = &rest[open + close + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                if matches!(name.trim(), "mark" | "del")
                    && let Some(number) = inside.take()
                {
                    text.close(number);
                    continue;
                }
            } else if let Some(number) = marked_note(tag) {
                let at = text.chars.len();
                text.notes.entry(number).or_insert((at, at));
                inside = Some(number);
                continue;
            }
            // Text inside a mark ends where the mark closes; a tag inside
            // one is not expected, but if met, the words stop there.
            if let Some(number) = inside.take() {
                text.close(number);
            }
        }
        text.push_text(rest);
        text
    }

    fn push_text(&mut self, raw: &str) {
        decode_into(raw, &mut self.chars);
    }

    fn close(&mut self, number: usize) {
        if let Some(entry) = self.notes.get_mut(&number) {
            entry.1 = self.chars.len();
        }
    }

    /// The selectors of note `number`'s words, when the page marks them.
    pub(crate) fn selector(&self, number: usize) -> Option<PageSelector> {
        let &(start, end) = self.notes.get(&number)?;
        let collect = |from: usize, to: usize| self.chars[from..to].iter().collect::<String>();
        Some(PageSelector {
            exact: collect(start, end),
            prefix: collect(start.saturating_sub(CONTEXT), start),
            suffix: collect(end, (end + CONTEXT).min(self.chars.len())),
            start,
            end,
        })
    }
}

/// The note a `<mark>` or `<del>` start tag marks words of
/// (`data-note="3"`).
fn marked_note(tag: &str) -> Option<usize> {
    let name = tag.split_whitespace().next()?;
    if name != "mark" && name != "del" {
        return None;
    }
    let value = tag.split("data-note=\"").nth(1)?;
    value[..value.find('"')?].parse().ok()
}

/// The text of `html`: its tags removed, its entities decoded.
pub(crate) fn text_of(html: &str) -> String {
    let mut chars = Vec::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        decode_into(&rest[..open], &mut chars);
        rest = rest[open..]
            .find('>')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    decode_into(rest, &mut chars);
    chars.into_iter().collect()
}

/// Appends `raw` HTML text to `out`, its entities decoded.
fn decode_into(raw: &str, out: &mut Vec<char>) {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.extend(rest[..amp].chars());
        let after = &rest[amp..];
        let entity = after.find(';').filter(|&i| i <= 10).map(|i| &after[..=i]);
        let decoded = entity.and_then(|e| match e {
            "&amp;" => Some('&'),
            "&lt;" => Some('<'),
            "&gt;" => Some('>'),
            "&quot;" => Some('"'),
            "&#39;" | "&#x27;" => Some('\''),
            "&nbsp;" => Some('\u{a0}'),
            _ => numeric(e),
        });
        if let (Some(e), Some(c)) = (entity, decoded) {
            out.push(c);
            rest = &after[e.len()..];
        } else {
            out.push('&');
            rest = &after[1..];
        }
    }
    out.extend(rest.chars());
}

/// `&#123;` or `&#x7b;`.
fn numeric(entity: &str) -> Option<char> {
    let digits = entity.strip_prefix("&#")?.strip_suffix(';')?;
    let code = match digits.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => digits.parse().ok()?,
    };
    char::from_u32(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_note_across_its_pieces_with_the_page_around_it() {
        let html = "<html><head><title>x</title></head><body>\n<h1>T</h1>\n<p id=\"t1-p1\">A &amp; <strong><mark class=\"note-mark\" id=\"note-2\" data-note=\"2\">b c</mark></strong><mark data-note=\"2\"> d</mark><label>1</label> e.</p>\n</body></html>";
        let text = PageText::of(html);
        let s = text.selector(2).unwrap();
        assert_eq!(s.exact, "b c d");
        assert_eq!(s.prefix, "\nT\nA & ");
        assert_eq!(s.suffix, "1 e.\n");
        let chars: Vec<char> = "\nT\nA & ".chars().collect();
        assert_eq!((s.start, s.end), (chars.len(), chars.len() + 5));
        assert_eq!(text.selector(3), None);
    }

    #[test]
    fn struck_words_of_a_correction_are_its_words() {
        let text = PageText::of(
            "<body><p>在<del class=\"note-mark\" data-note=\"1\">东北</del><ins>缅北</ins></p></body>",
        );
        assert_eq!(text.selector(1).unwrap().exact, "东北");
        assert_eq!(text.selector(1).unwrap().suffix, "缅北");
    }
}
