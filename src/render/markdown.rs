//! Markdown -> HTML for turns, notes, summaries and descriptions.
//!
//! Each block of a turn is rendered on its own, with an id on its outer
//! element so every paragraph can be linked to. A block's notes are marked
//! on its events before they become HTML: every piece of a note's words
//! that lies in one text event is wrapped in its own `<mark>`, so a quote
//! may cross bold, links and code spans and the HTML stays well nested;
//! the note's own HTML goes where its words end, outside any inline
//! element. Raw HTML in the source is shown as text, unless config.yaml
//! sets `allow_html: true`. Fenced code is highlighted.

use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd, html};
use pulldown_cmark_escape::{escape_html, escape_html_body_text};

use super::highlight::highlight;
use crate::markdown::{RawHtml, VisibleText, events, is_inline};

/// A note to show in a block.
#[derive(Debug, Clone)]
pub struct BlockNote<'a> {
    pub number: usize,
    /// The characters of the block's visible text it marks; empty for a
    /// footnote.
    pub range: Range<usize>,
    /// For a footnote, the label whose reference it replaces.
    pub footnote: Option<&'a str>,
    /// The element its words are wrapped in: `mark`, or `del` for words a
    /// correction replaces.
    pub tag: &'static str,
    /// Classes for its marks, after `note-mark`.
    pub class: &'a str,
    /// HTML to insert where its words end (or at its reference).
    pub html: &'a str,
}

/// A block of a turn as HTML, its outer element carrying `id`, with its
/// notes marked.
#[must_use]
pub fn block_html(markdown: &str, id: &str, notes: &[BlockNote<'_>], raw: RawHtml) -> String {
    let events: Vec<Event<'_>> = events(markdown, raw).collect();
    let events = if notes.is_empty() {
        events
    } else {
        mark(events, notes)
    };
    let mut depth = 0usize;
    let events = highlighted(events.into_iter()).map(|event| {
        let top = depth == 0;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Start(Tag::Paragraph) if top => {
                Event::Html(CowStr::from(format!("<p id=\"{id}\">")))
            }
            other => other,
        }
    });
    let mut body = String::with_capacity(markdown.len() * 3 / 2 + 32);
    html::push_html(&mut body, events);
    let body = body.trim_end();
    if body.starts_with("<p id=") {
        body.to_string()
    } else {
        format!("<div class=\"block\" id=\"{id}\">{body}</div>")
    }
}

/// Markdown as HTML, with no ids (a summary, a description).
pub(crate) fn to_html(markdown: &str, raw: RawHtml) -> String {
    let mut out = String::new();
    html::push_html(&mut out, highlighted(events(markdown, raw)));
    out
}

/// Markdown as phrasing content, for a note shown inside a paragraph:
/// block elements become `<span>`s with a class naming what they were.
pub(crate) fn inline_html(markdown: &str, raw: RawHtml) -> String {
    let events = events(markdown, raw).map(|event| {
        let span = |class: &str| Event::Html(CowStr::from(format!("<span class=\"{class}\">")));
        let close = || Event::Html(CowStr::from("</span>"));
        match event {
            Event::Start(Tag::Paragraph | Tag::FootnoteDefinition(_)) => span("para"),
            Event::Start(Tag::Heading { .. }) => span("para heading"),
            Event::Start(Tag::BlockQuote(_)) => span("quote"),
            Event::Start(Tag::List(_)) => span("list"),
            Event::Start(Tag::Item) => span("item"),
            Event::Start(Tag::CodeBlock(_)) => span("code-block"),
            Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell) => {
                span("cell")
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::TableCell
                | TagEnd::FootnoteDefinition,
            ) => close(),
            Event::Rule => Event::Html(CowStr::from(" ")),
            other => other,
        }
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out.trim().to_string()
}

/// Marks each note's words in `events` and inserts its HTML.
fn mark<'e>(events: Vec<Event<'e>>, notes: &[BlockNote<'_>]) -> Vec<Event<'e>> {
    let visible = VisibleText::of(&events);
    // For each event, the (byte range, note) pieces to mark in its text;
    // and for each note, the event after which its words end.
    let mut pieces: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); events.len()];
    let mut ends: Vec<Option<(usize, usize)>> = vec![None; notes.len()];
    for (n, note) in notes.iter().enumerate() {
        if note.footnote.is_some() || note.range.is_empty() || note.range.end > visible.len() {
            continue;
        }
        for origin in visible.sources(note.range.clone()) {
            pieces[origin.event].push((origin.start, origin.end, n));
            ends[n] = Some((origin.event, origin.end));
        }
    }
    let mut out = Vec::with_capacity(events.len() + notes.len() * 4);
    let mut first_mark = vec![true; notes.len()];
    let mut pending: Vec<usize> = Vec::new();
    let mut inline_depth = 0usize;
    for (i, event) in events.into_iter().enumerate() {
        match &event {
            Event::Start(tag) if is_inline(tag.to_end()) => inline_depth += 1,
            Event::End(end) if is_inline(*end) => inline_depth = inline_depth.saturating_sub(1),
            _ => {}
        }
        let ending: Vec<(usize, usize)> = (0..notes.len())
            .filter_map(|n| ends[n].filter(|&(e, _)| e == i).map(|(_, at)| (at, n)))
            .collect();
        match event {
            Event::FootnoteReference(label) => {
                match notes.iter().find(|n| n.footnote == Some(&*label)) {
                    Some(note) => out.push(Event::Html(CowStr::from(note.html.to_string()))),
                    None => out.push(Event::FootnoteReference(label)),
                }
            }
            // Outside inline elements a note goes right after its words,
            // inside the text.
            Event::Text(text) if !pieces[i].is_empty() && inline_depth == 0 => {
                let html = marked(&text, &pieces[i], &ending, notes, &mut first_mark);
                out.push(Event::Html(html.into()));
                continue;
            }
            Event::Text(text) if !pieces[i].is_empty() => {
                let html = marked(&text, &pieces[i], &[], notes, &mut first_mark);
                out.push(Event::Html(html.into()));
            }
            Event::Code(text) if !pieces[i].is_empty() => {
                let inner = marked(&text, &pieces[i], &[], notes, &mut first_mark);
                out.push(Event::Html(format!("<code>{inner}</code>").into()));
            }
            other => out.push(other),
        }
        pending.extend(ending.iter().map(|&(_, n)| n));
        if inline_depth == 0 {
            for n in pending.drain(..) {
                out.push(Event::Html(CowStr::from(notes[n].html.to_string())));
            }
        }
    }
    for n in pending {
        out.push(Event::Html(CowStr::from(notes[n].html.to_string())));
    }
    out
}

/// `text` as HTML with the byte ranges of `pieces` wrapped in marks, and
/// the HTML of the notes in `inserts` at their byte offsets. Where notes
/// overlap, their marks nest within each stretch of text.
fn marked(
    text: &str,
    pieces: &[(usize, usize, usize)],
    inserts: &[(usize, usize)],
    notes: &[BlockNote<'_>],
    first_mark: &mut [bool],
) -> String {
    let mut cuts: BTreeSet<usize> = [0, text.len()].into();
    for &(start, end, _) in pieces {
        cuts.insert(start);
        cuts.insert(end);
    }
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let mut out = String::with_capacity(text.len() + pieces.len() * 64);
    for stretch in cuts.windows(2) {
        let (start, end) = (stretch[0], stretch[1]);
        let mut covering: Vec<usize> = pieces
            .iter()
            .filter(|&&(s, e, _)| s <= start && end <= e)
            .map(|&(_, _, n)| n)
            .collect();
        covering.sort_unstable();
        covering.dedup();
        for &n in &covering {
            let note = &notes[n];
            out.push('<');
            out.push_str(note.tag);
            out.push_str(" class=\"note-mark ");
            let _ = escape_html(&mut out, note.class);
            out.push('"');
            if std::mem::take(&mut first_mark[n]) {
                out.push_str(&format!(" id=\"note-{}\"", note.number));
            }
            out.push_str(&format!(" data-note=\"{}\">", note.number));
        }
        let _ = escape_html_body_text(&mut out, &text[start..end]);
        for &n in covering.iter().rev() {
            out.push_str("</");
            out.push_str(notes[n].tag);
            out.push('>');
        }
        for &(_, n) in inserts.iter().filter(|&&(at, _)| at == end) {
            out.push_str(notes[n].html);
        }
    }
    out
}

/// `events` with each fenced code block replaced by its highlighted HTML.
fn highlighted<'e>(events: impl Iterator<Item = Event<'e>>) -> impl Iterator<Item = Event<'e>> {
    let mut code: Option<(String, String)> = None;
    events.filter_map(move |event| match event {
        Event::Start(Tag::CodeBlock(kind)) => {
            let language = match kind {
                CodeBlockKind::Fenced(info) => {
                    info.split_whitespace().next().unwrap_or("").to_string()
                }
                CodeBlockKind::Indented => String::new(),
            };
            code = Some((language, String::new()));
            None
        }
        Event::Text(text) if code.is_some() => {
            if let Some((_, body)) = code.as_mut() {
                body.push_str(&text);
            }
            None
        }
        Event::End(TagEnd::CodeBlock) => {
            let (language, body) = code.take().unwrap_or_default();
            Some(Event::Html(CowStr::from(code_html(&body, &language))))
        }
        other => Some(other),
    })
}

fn code_html(code: &str, language: &str) -> String {
    let escaped_language = escape(language);
    match (!language.is_empty())
        .then(|| highlight(code, language))
        .flatten()
    {
        Some(html) => format!(
            "<pre class=\"code\" data-lang=\"{escaped_language}\" tabindex=\"0\"><code>{html}</code></pre>\n"
        ),
        None => format!(
            "<pre class=\"code\" tabindex=\"0\"><code>{}</code></pre>\n",
            escape(code)
        ),
    }
}

/// HTML-escapes text for element content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(number: usize, range: Range<usize>) -> BlockNote<'static> {
        BlockNote {
            number,
            range,
            footnote: None,
            tag: "mark",
            class: "context",
            html: "",
        }
    }

    #[test]
    fn a_paragraph_carries_the_id() {
        assert_eq!(
            block_html("各位*记者*", "t1-p1", &[], RawHtml::Text),
            "<p id=\"t1-p1\">各位<em>记者</em></p>"
        );
    }

    #[test]
    fn other_blocks_are_wrapped() {
        assert_eq!(
            block_html("- a\n- b", "t2-p3", &[], RawHtml::Text),
            "<div class=\"block\" id=\"t2-p3\"><ul>\n<li>a</li>\n<li>b</li>\n</ul></div>"
        );
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = block_html("a <script>alert(1)</script> b", "x", &[], RawHtml::Text);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let html = block_html("```rust\nfn main() {}\n```", "x", &[], RawHtml::Text);
        assert!(
            html.starts_with(
                "<div class=\"block\" id=\"x\"><pre class=\"code\" data-lang=\"rust\" tabindex=\"0\">"
            ),
            "{html}"
        );
        assert!(html.contains("hl-"), "{html}");
    }

    #[test]
    fn marks_words_inside_one_text() {
        assert_eq!(
            block_html("斡旋东北达成", "p", &[note(3, 2..4)], RawHtml::Text),
            "<p id=\"p\">斡旋<mark class=\"note-mark context\" id=\"note-3\" data-note=\"3\">东北</mark>达成</p>"
        );
    }

    #[test]
    fn marks_across_bold_link_and_code() {
        let html = block_html(
            "a **bc** [d](u) `e` f",
            "p",
            &[note(1, 2..8)],
            RawHtml::Text,
        );
        assert_eq!(
            html,
            "<p id=\"p\">a <strong><mark class=\"note-mark context\" id=\"note-1\" data-note=\"1\">bc</mark></strong>\
<mark class=\"note-mark context\" data-note=\"1\"> </mark>\
<a href=\"u\"><mark class=\"note-mark context\" data-note=\"1\">d</mark></a>\
<mark class=\"note-mark context\" data-note=\"1\"> </mark>\
<code><mark class=\"note-mark context\" data-note=\"1\">e</mark></code> f</p>"
        );
    }

    #[test]
    fn the_note_goes_after_the_inline_element_its_words_end_in() {
        let n = BlockNote {
            html: "<span class=\"sidenote\">N</span>",
            ..note(1, 0..2)
        };
        let html = block_html("**东北**地区", "p", &[n], RawHtml::Text);
        assert!(
            html.contains("</mark></strong><span class=\"sidenote\">N</span>地区"),
            "{html}"
        );
    }

    #[test]
    fn the_note_goes_right_after_its_words() {
        let n = BlockNote {
            html: "<span class=\"sidenote\">N</span>",
            ..note(1, 2..4)
        };
        assert_eq!(
            block_html("斡旋东北达成", "p", &[n], RawHtml::Text),
            "<p id=\"p\">斡旋<mark class=\"note-mark context\" id=\"note-1\" data-note=\"1\">东北</mark><span class=\"sidenote\">N</span>达成</p>"
        );
    }

    #[test]
    fn overlapping_notes_nest() {
        let html = block_html("abcd", "p", &[note(1, 0..3), note(2, 1..4)], RawHtml::Text);
        assert_eq!(
            html,
            "<p id=\"p\"><mark class=\"note-mark context\" id=\"note-1\" data-note=\"1\">a</mark>\
<mark class=\"note-mark context\" data-note=\"1\"><mark class=\"note-mark context\" id=\"note-2\" data-note=\"2\">bc</mark></mark>\
<mark class=\"note-mark context\" data-note=\"2\">d</mark></p>"
        );
    }

    #[test]
    fn a_footnote_reference_becomes_its_note() {
        let n = BlockNote {
            footnote: Some("1"),
            html: "<span class=\"sidenote\">F</span>",
            ..note(1, 2..2)
        };
        let html = block_html("中美[^1]关系", "p", &[n], RawHtml::Text);
        assert_eq!(
            html,
            "<p id=\"p\">中美<span class=\"sidenote\">F</span>关系</p>"
        );
    }

    #[test]
    fn inline_html_has_no_block_elements() {
        let html = inline_html("one\n\n- two\n\n> three", RawHtml::Text);
        assert!(!html.contains("<p>") && !html.contains("<ul>"), "{html}");
        assert!(html.contains("<span class=\"para\">one</span>"), "{html}");
    }
}
