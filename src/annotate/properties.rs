//! Property tests of anchoring and marking together, over random
//! paragraphs of mixed markup and random quotes from them: every quote
//! that occurs once is found, its marks hold exactly its words, the HTML
//! stays well nested, and marking never changes the text a reader sees.

use proptest::prelude::*;

use crate::annotate::{NoteBody, annotate};
use crate::hooks::html_text;
use crate::markdown::{RawHtml, VisibleText, normalize};
use crate::render::markdown::{BlockNote, block_html};
use crate::source::SourceFile;
use crate::transcript::Transcript;

const WORDS: &[&str] = &[
    "中美",
    "关系",
    "稳定",
    "和平",
    "发展",
    "。",
    "，",
    "“一带一路”",
    "the",
    "world",
    "peace",
    "Café",
    "e\u{301}t\u{e9}",
    "a&b",
    "<x>",
    "5.2%",
    "2400亿美元",
    "non\u{a0}breaking",
];

/// A piece of a paragraph: a word, alone or in inline markup.
fn segment() -> impl Strategy<Value = String> {
    let word = prop::sample::select(WORDS).prop_map(str::to_string);
    prop_oneof![
        4 => word.clone(),
        1 => word.clone().prop_map(|w| format!("**{w}**")),
        1 => word.clone().prop_map(|w| format!("*{w}*")),
        1 => word.clone().prop_map(|w| format!("[{w}](https://example.org/{})", w.len())),
        1 => word.clone().prop_map(|w| format!("`{w}`")),
        1 => (word.clone(), word).prop_map(|(a, b)| format!("**{a} [{b}](u)**")),
    ]
}

/// A paragraph: segments joined by nothing, a space or a line break.
fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (segment(), prop::sample::select(&["", " ", "\n", "  "][..])),
        1..14,
    )
    .prop_map(|parts| {
        let mut text = String::from("开始");
        for (segment, gap) in parts {
            text.push_str(gap);
            text.push_str(&segment);
        }
        text
    })
}

/// The first stretch of `text`, from character `start` and at least
/// `length` long, that occurs exactly once and has no space at either end.
fn unique_quote(text: &str, start: usize, length: usize) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let start = start % chars.len();
    for end in (start + 1 + length % 6).min(chars.len())..=chars.len() {
        let quote: String = chars[start..end].iter().collect();
        if quote.trim() != quote || quote.is_empty() {
            continue;
        }
        let mut count = 0;
        let mut from = 0;
        while let Some(at) = text[from..].find(&quote) {
            count += 1;
            from += at + text[from + at..].chars().next().map_or(1, char::len_utf8);
        }
        if count == 1 {
            return Some(quote);
        }
    }
    None
}

/// The text inside `<mark>` elements.
fn marked_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find("<mark ") {
        let after = &rest[open..];
        let start = after.find('>').unwrap() + 1;
        let end = after.find("</mark>").unwrap();
        out.push_str(&after[start..end]);
        rest = &after[end..];
    }
    html_text(&out)
}

/// Whether every tag of `html` is closed in order.
fn well_nested(html: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').ok_or("unclosed <")? + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if matches!(name.as_str(), "br" | "img" | "input" | "hr") {
            continue;
        }
        if tag.starts_with('/') {
            match stack.pop() {
                Some(top) if top == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
        } else {
            stack.push(name);
        }
    }
    if stack.is_empty() {
        Ok(())
    } else {
        Err(format!("left open: {stack:?}"))
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_quote_that_occurs_once_is_found_and_marked_exactly(
        markdown in paragraph(),
        start in 0usize..200,
        length in 0usize..20,
    ) {
        let visible = VisibleText::of_markdown(&markdown, RawHtml::Text);
        let Some(quote) = unique_quote(&visible.text, start, length) else {
            return Ok(());
        };
        let file = SourceFile {
            path: "a.md".into(),
            text: format!(
                "---\ntitle: t\ndate: 2024-03-07\nanswerers: [A]\n---\n\n**Q:** 问\n\n**A:** 答\n\n{markdown}\n"
            ),
        };
        let transcript = Transcript::parse(&file).unwrap();
        let quoted = serde_json::to_string(&quote).unwrap();
        let sidecar = SourceFile {
            path: "a.notes.yaml".into(),
            text: format!("notes:\n  - quote: {quoted}\n    question: 1\n"),
        };
        let t = annotate(transcript, Some(&sidecar), RawHtml::Text).unwrap();
        prop_assert!(t.detached.is_empty(), "{:?} in {:?}", t.detached, visible.text);
        let note = &t.notes[0];
        prop_assert!(matches!(note.body, NoteBody::Sidecar(_)));
        prop_assert_eq!(&note.selector.exact, &quote);

        let mark = BlockNote {
            number: 1,
            range: note.range.clone(),
            footnote: None,
            tag: "mark",
            class: "kind-note",
            html: "",
        };
        let plain = block_html(&markdown, "p", &[], RawHtml::Text);
        let marked = block_html(&markdown, "p", &[mark], RawHtml::Text);
        prop_assert_eq!(html_text(&marked), html_text(&plain));
        let words = |s: &str| normalize(s).replace(' ', "");
        prop_assert_eq!(words(&marked_text(&marked)), quote.replace(' ', ""));
        prop_assert!(marked.contains("id=\"note-1\""));
        if let Err(problem) = well_nested(&marked) {
            return Err(TestCaseError::fail(format!("{problem} in {marked}")));
        }
    }
}
