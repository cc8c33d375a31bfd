//! How colloq reads Markdown, shared by the stages that parse, anchor and
//! render: the extensions it enables, the events a block is made of, and
//! the text a reader sees ([`VisibleText`]), which notes are anchored to.

use std::borrow::Borrow;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// The Markdown extensions colloq reads in transcripts and notes.
///
/// Footnotes use the syntax that emits a reference whether or not its
/// definition is in the same text: a transcript's blocks are read one at a
/// time, and a definition is usually a block of its own.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_OLD_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// What raw HTML in Markdown is to a site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum RawHtml {
    /// Text, shown as written (the default): no transcript or note can
    /// put markup or a script into a page.
    #[default]
    Text,
    /// Markup, passed into the page as it is (`allow_html: true`); not
    /// part of the visible text notes are anchored to.
    Markup,
}

/// The events of `markdown` as colloq shows them: raw HTML is text unless
/// `raw` is [`RawHtml::Markup`], and a link or image whose address could
/// run a script (`javascript:`, `data:`, any scheme but http, https,
/// mailto and tel) is not a link: its text stays, as text.
pub(crate) fn events(markdown: &str, raw: RawHtml) -> impl Iterator<Item = Event<'_>> {
    // For each link or image open: whether it was dropped.
    let mut dropped: Vec<bool> = Vec::new();
    Parser::new_ext(markdown, options()).filter_map(move |event| match event {
        Event::Html(html) | Event::InlineHtml(html) if raw == RawHtml::Text => {
            Some(Event::Text(html))
        }
        Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
            let safe = safe_url(dest_url);
            dropped.push(!safe);
            safe.then_some(event)
        }
        Event::End(TagEnd::Link | TagEnd::Image) => {
            (!dropped.pop().unwrap_or(false)).then_some(event)
        }
        other => Some(other),
    })
}

/// Whether an address may be a link: relative, or with a scheme a browser
/// only navigates with (http, https, mailto, tel).
pub(crate) fn safe_url(url: &str) -> bool {
    // Browsers ignore leading spaces and control characters, and tabs and
    // line breaks anywhere in the scheme.
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    let scheme = &cleaned[..colon];
    if scheme.contains(['/', '?', '#']) {
        return true;
    }
    matches!(scheme, "http" | "https" | "mailto" | "tel")
}

/// The text a reader sees, with markup removed.
pub(crate) fn plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in events(markdown, RawHtml::Text) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// Where a character of a [`VisibleText`] comes from: a byte range of the
/// text of one event of the block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Origin {
    /// The index of the event in the block's events.
    pub event: usize,
    pub start: usize,
    pub end: usize,
}

/// A footnote reference and where it stands in the visible text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FootnoteRef {
    pub label: String,
    /// The character offset in the visible text.
    pub at: usize,
}

/// The text a reader sees in one block, normalized for matching: markup
/// removed, Unicode NFC, every run of white space (non-breaking spaces
/// included) one space, a line break between two CJK characters nothing,
/// no space at either end. Each character knows where it came from, so a
/// range of it can be marked in the block's events.
///
/// Text inside code blocks and image descriptions is not part of it: it
/// cannot be marked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct VisibleText {
    pub text: String,
    /// One per character of `text`; `None` for a space that stands for a
    /// line break or for the gap between two inner blocks.
    origins: Vec<Option<Origin>>,
    pub footnotes: Vec<FootnoteRef>,
}

impl VisibleText {
    /// The visible text of a block's events, each character with its
    /// origin.
    pub(crate) fn of(events: &[Event<'_>]) -> VisibleText {
        let mut builder = Normalizer {
            track: true,
            ..Normalizer::default()
        };
        builder.scan(events.iter());
        builder.out
    }

    /// The visible text of a Markdown block, with its origins.
    pub(crate) fn of_markdown(markdown: &str, raw: RawHtml) -> VisibleText {
        VisibleText::of(&events(markdown, raw).collect::<Vec<_>>())
    }

    /// Only the text of [`VisibleText::of_markdown`], without the origins
    /// of its characters: what search and the export need, at a fraction
    /// of the cost.
    pub(crate) fn text_of_markdown(markdown: &str, raw: RawHtml) -> String {
        let mut builder = Normalizer::default();
        builder.scan(events(markdown, raw));
        builder.out.text
    }

    /// How many characters the text has.
    pub(crate) fn len(&self) -> usize {
        self.origins.len()
    }

    /// The pieces of event text that make up the characters `chars`, in
    /// order, as byte ranges of each event's text.
    pub(crate) fn sources(&self, chars: Range<usize>) -> Vec<Origin> {
        let mut pieces: Vec<Origin> = Vec::new();
        for origin in self.origins[chars].iter().flatten() {
            match pieces.last_mut() {
                Some(last) if last.event == origin.event && last.end <= origin.start => {
                    last.end = origin.end;
                }
                _ => pieces.push(*origin),
            }
        }
        pieces
    }
}

/// Normalizes text for matching, as [`VisibleText`] does.
pub(crate) fn normalize(text: &str) -> String {
    let mut builder = Normalizer::default();
    builder.push(text, 0);
    builder.out.text
}

/// Builds a [`VisibleText`] a piece at a time.
#[derive(Default)]
struct Normalizer {
    out: VisibleText,
    /// Whether each character's origin is kept in `out.origins`.
    track: bool,
    /// How many characters `out.text` has.
    chars: usize,
    /// White space seen since the last character: where it started, and
    /// whether it is a line break that vanishes between CJK characters.
    pending: Option<(Option<Origin>, bool)>,
    last: Option<char>,
}

impl Normalizer {
    /// Adds the visible text of a block's events.
    fn scan<'e, E: Borrow<Event<'e>>>(&mut self, events: impl Iterator<Item = E>) {
        let mut hidden = 0usize;
        for (index, event) in events.enumerate() {
            match event.borrow() {
                Event::Start(Tag::CodeBlock(_) | Tag::Image { .. }) => hidden += 1,
                Event::End(end @ (TagEnd::CodeBlock | TagEnd::Image)) => {
                    hidden = hidden.saturating_sub(1);
                    if *end == TagEnd::CodeBlock {
                        self.gap(true);
                    }
                }
                _ if hidden > 0 => {}
                Event::Text(text) | Event::Code(text) => self.push(text, index),
                Event::SoftBreak | Event::HardBreak => self.gap(false),
                Event::FootnoteReference(label) => self.out.footnotes.push(FootnoteRef {
                    label: label.to_string(),
                    at: self.chars,
                }),
                Event::End(end) if !is_inline(*end) => self.gap(true),
                Event::Rule => self.gap(true),
                _ => {}
            }
        }
    }

    fn push(&mut self, text: &str, event: usize) {
        if text.chars().all(nfc_stable)
            || unicode_normalization::is_nfc_quick(text.chars())
                == unicode_normalization::IsNormalized::Yes
        {
            if !self.track {
                self.push_words(text, event);
                return;
            }
            for (i, c) in text.char_indices() {
                self.char(
                    c,
                    Origin {
                        event,
                        start: i,
                        end: i + c.len_utf8(),
                    },
                );
            }
            return;
        }
        // Composition happens within a starter and the marks after it, so
        // each such cluster is normalized on its own and its characters all
        // point at the cluster's bytes.
        let mut start = 0;
        for (i, c) in text.char_indices().skip(1) {
            if is_starter(c) {
                self.cluster(&text[start..i], event, start);
                start = i;
            }
        }
        if !text.is_empty() {
            self.cluster(&text[start..], event, start);
        }
    }

    fn cluster(&mut self, cluster: &str, event: usize, offset: usize) {
        let origin = Origin {
            event,
            start: offset,
            end: offset + cluster.len(),
        };
        for c in cluster.nfc() {
            self.char(c, origin);
        }
    }

    /// Text already in NFC, when no origins are kept: each word (a run
    /// without white space) is copied whole, not a character at a time.
    fn push_words(&mut self, text: &str, event: usize) {
        let mut at = 0;
        while at < text.len() {
            let rest = &text[at..];
            let word = rest
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(rest.len());
            for (i, c) in rest[..word].char_indices() {
                self.white(
                    c,
                    Origin {
                        event,
                        start: at + i,
                        end: at + i + c.len_utf8(),
                    },
                );
            }
            let rest = &rest[word..];
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let mut chars = rest[..end].chars();
            if let Some(first) = chars.next() {
                self.settle(first);
                self.out.text.push_str(&rest[..end]);
                self.chars += 1 + chars.clone().count();
                self.last = Some(chars.next_back().unwrap_or(first));
            }
            at += word + end;
        }
    }

    fn char(&mut self, c: char, origin: Origin) {
        if c.is_whitespace() {
            self.white(c, origin);
            return;
        }
        self.settle(c);
        self.out.text.push(c);
        self.chars += 1;
        if self.track {
            self.out.origins.push(Some(origin));
        }
        self.last = Some(c);
    }

    /// White space, which is pending until the next character says what
    /// it becomes.
    fn white(&mut self, c: char, origin: Origin) {
        let breaks = c == '\n' || c == '\r';
        match &mut self.pending {
            Some((_, vanishing)) => *vanishing &= breaks,
            None => self.pending = Some((Some(origin), breaks)),
        }
    }

    /// Writes the space pending before the character `c`, unless it is a
    /// line break between CJK characters or comes before any character.
    fn settle(&mut self, c: char) {
        if let Some((space, vanishing)) = self.pending.take() {
            let between_cjk = self.last.is_some_and(is_cjk) && is_cjk(c);
            if self.last.is_some() && !(vanishing && between_cjk) {
                self.out.text.push(' ');
                self.chars += 1;
                if self.track {
                    self.out.origins.push(space);
                }
            }
        }
    }

    /// A line break (`hard` false) or a gap between inner blocks.
    fn gap(&mut self, hard: bool) {
        match &mut self.pending {
            Some((_, vanishing)) => *vanishing &= !hard,
            None => self.pending = Some((None, !hard)),
        }
    }
}

/// Whether a tag is inline markup, which does not part the words.
pub(crate) fn is_inline(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Characters that NFC leaves as they are whatever surrounds them: below
/// the combining marks, CJK punctuation and unified ideographs, full-width
/// forms. Checking them is much cheaper than the general test.
fn nfc_stable(c: char) -> bool {
    matches!(c, '\0'..='\u{2FF}' | '\u{3000}'..='\u{303F}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF01}'..='\u{FF5E}')
}

fn is_starter(c: char) -> bool {
    canonical_combining_class(c) == 0
        && !matches!(c, '\u{1161}'..='\u{1175}' | '\u{11A8}'..='\u{11C2}')
}

/// Whether `c` is written without spaces around it: Han, kana, CJK
/// punctuation and full-width forms.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'     // radicals
        | '\u{3000}'..='\u{30FF}'   // CJK punctuation, kana
        | '\u{3100}'..='\u{31FF}'   // bopomofo, strokes
        | '\u{3400}'..='\u{4DBF}'   // extension A
        | '\u{4E00}'..='\u{9FFF}'   // unified ideographs
        | '\u{F900}'..='\u{FAFF}'   // compatibility ideographs
        | '\u{FE30}'..='\u{FE4F}'   // compatibility forms
        | '\u{FF00}'..='\u{FFEF}'   // full-width forms
        | '\u{20000}'..='\u{3134F}' // extensions B to G
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_safe_addresses_are_links() {
        for url in [
            "https://e.org",
            "http://e.org",
            "mailto:a@b",
            "tel:+1",
            "../a/",
            "#t1",
            "a/b:c",
            "page.html",
        ] {
            assert!(safe_url(url), "{url}");
        }
        for url in [
            "javascript:alert(1)",
            " JavaScript:x",
            "java\tscript:x",
            "data:text/html,x",
            "vbscript:x",
            "\u{1}javascript:x",
            "file:///etc",
        ] {
            assert!(!safe_url(url), "{url}");
        }
    }

    #[test]
    fn unsafe_links_keep_their_text_only() {
        let events: Vec<_> = events(
            "[click](javascript:alert(1)) and ![x](data:image/png,x) [ok](https://e.org)",
            RawHtml::Text,
        )
        .collect();
        let links = events
            .iter()
            .filter(|e| matches!(e, Event::Start(Tag::Link { .. } | Tag::Image { .. })))
            .count();
        assert_eq!(links, 1);
        assert_eq!(VisibleText::of(&events).text, "click and x ok");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(plain_text("**a** [b](c) `d`"), "a b d");
    }

    #[test]
    fn visible_text_drops_markup_and_joins_white_space() {
        let visible =
            VisibleText::of_markdown("  a **b**\u{a0}\u{a0} [c](d)  `e`\tf ", RawHtml::Text);
        assert_eq!(visible.text, "a b c e f");
        assert_eq!(visible.len(), 9);
    }

    #[test]
    fn a_line_break_between_cjk_characters_is_nothing() {
        assert_eq!(
            VisibleText::of_markdown("中美\n关系", RawHtml::Text).text,
            "中美关系"
        );
        assert_eq!(
            VisibleText::of_markdown("中美 关系", RawHtml::Text).text,
            "中美 关系"
        );
        assert_eq!(
            VisibleText::of_markdown("China\nUS", RawHtml::Text).text,
            "China US"
        );
        assert_eq!(
            VisibleText::of_markdown("中美\nUS", RawHtml::Text).text,
            "中美 US"
        );
    }

    #[test]
    fn inner_blocks_are_kept_apart() {
        assert_eq!(
            VisibleText::of_markdown("- 中美\n- 关系", RawHtml::Text).text,
            "中美 关系"
        );
    }

    #[test]
    fn text_is_nfc() {
        assert_eq!(normalize("e\u{301}te\u{301}"), "\u{e9}t\u{e9}");
        let visible = VisibleText::of_markdown("*e\u{301}*x", RawHtml::Text);
        assert_eq!(visible.text, "\u{e9}x");
        assert_eq!(visible.sources(0..1)[0].end, 3);
    }

    #[test]
    fn code_blocks_and_image_descriptions_are_not_visible_text() {
        assert_eq!(
            VisibleText::of_markdown("a ![b](c.png) d", RawHtml::Text).text,
            "a d"
        );
        assert_eq!(
            VisibleText::of_markdown("a**b**c", RawHtml::Text).text,
            "abc"
        );
        assert_eq!(
            VisibleText::of_markdown("```\ncode\n```", RawHtml::Text).text,
            ""
        );
    }

    #[test]
    fn the_text_alone_is_the_text_with_origins() {
        for markdown in [
            "  a **b**\u{a0}\u{a0} [c](d)  `e`\tf ",
            "中美\n关系",
            "中美\nUS",
            "- 中美\n- 关系",
            "*e\u{301}*x",
            "a ![b](c.png) d",
            "```\ncode\n```\n\nafter",
            "中美[^1]关系 <b>x</b>",
        ] {
            for raw in [RawHtml::Text, RawHtml::Markup] {
                let visible = VisibleText::of_markdown(markdown, raw);
                assert_eq!(visible.len(), visible.text.chars().count(), "{markdown:?}");
                assert_eq!(
                    VisibleText::text_of_markdown(markdown, raw),
                    visible.text,
                    "{markdown:?}"
                );
            }
        }
    }

    #[test]
    fn sources_point_into_each_event() {
        let events: Vec<_> = events("ab **cd** e", RawHtml::Text).collect();
        let visible = VisibleText::of(&events);
        let pieces = visible.sources(1..6);
        let texts: Vec<String> = pieces
            .iter()
            .map(|o| match &events[o.event] {
                Event::Text(t) => t[o.start..o.end].to_string(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(texts, ["b ", "cd", " "]);
    }

    #[test]
    fn footnote_references_are_placed() {
        let visible = VisibleText::of_markdown("中美[^1]关系", RawHtml::Text);
        assert_eq!(visible.text, "中美关系");
        assert_eq!(
            visible.footnotes,
            [FootnoteRef {
                label: "1".into(),
                at: 2
            }]
        );
    }
}
