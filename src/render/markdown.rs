//! Markdown -> HTML for turns, summaries and descriptions.
//!
//! Each block of a turn is rendered on its own, with an id on its outer
//! element so every paragraph can be linked to. Raw HTML in the source is
//! shown as text, never passed through. Fenced code is highlighted.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd, html};

use super::highlight::highlight;
use crate::markdown::options as markdown_options;

/// A block of a turn as HTML, its outer element carrying `id`.
pub fn block_html(markdown: &str, id: &str) -> String {
    let mut depth = 0usize;
    let events = events(markdown).map(|event| {
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

/// Markdown as HTML, with no ids (a note, a summary, a description).
pub fn to_html(markdown: &str) -> String {
    let mut out = String::new();
    html::push_html(&mut out, events(markdown));
    out
}

/// The events of `markdown`, with raw HTML turned into text and fenced code
/// highlighted.
fn events(markdown: &str) -> impl Iterator<Item = Event<'_>> {
    let mut code: Option<(String, String)> = None;
    Parser::new_ext(markdown, markdown_options()).filter_map(move |event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
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
            "<pre class=\"code\" data-lang=\"{escaped_language}\"><code>{html}</code></pre>\n"
        ),
        None => format!("<pre class=\"code\"><code>{}</code></pre>\n", escape(code)),
    }
}

/// HTML-escapes text for element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_carries_the_id() {
        assert_eq!(
            block_html("各位*记者*", "t1-p1"),
            "<p id=\"t1-p1\">各位<em>记者</em></p>"
        );
    }

    #[test]
    fn other_blocks_are_wrapped() {
        assert_eq!(
            block_html("- a\n- b", "t2-p3"),
            "<div class=\"block\" id=\"t2-p3\"><ul>\n<li>a</li>\n<li>b</li>\n</ul></div>"
        );
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = block_html("a <script>alert(1)</script> b", "x");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let html = block_html("```rust\nfn main() {}\n```", "x");
        assert!(
            html.starts_with(
                "<div class=\"block\" id=\"x\"><pre class=\"code\" data-lang=\"rust\">"
            ),
            "{html}"
        );
        assert!(html.contains("hl-"), "{html}");
    }
}
