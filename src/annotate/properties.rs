//! Property tests of anchoring and marking together, over random
//! paragraphs of mixed markup and random quotes from them: every quote
//! that occurs once is found, its marks hold exactly its words, the HTML
//! stays well nested, and marking never changes the text a reader sees;
//! the visible text is the same whether or not its origins are kept.

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
    fn the_visible_text_alone_is_the_same_text(markdown in paragraph()) {
        for raw in [RawHtml::Text, RawHtml::Markup] {
            let visible = VisibleText::of_markdown(&markdown, raw);
            prop_assert_eq!(VisibleText::text_of_markdown(&markdown, raw), visible.text);
        }
    }

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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A selection anywhere in an answer of several paragraphs (some of
    /// them the same) gets a selector that, written to a sidecar, anchors
    /// the note to exactly the selected words; or, when no context could,
    /// is refused because another place reads the same all around.
    #[test]
    fn a_derived_selector_anchors_exactly_the_selected_words(
        paragraphs in prop::collection::vec(paragraph(), 1..4),
        repeat in any::<bool>(),
        pick in 0usize..8,
        start in 0usize..200,
        length in 1usize..12,
    ) {
        use crate::annotate::edit;
        use crate::annotate::selection::{Selection, SelectionError, derive};
        use crate::transcript::Section;

        let mut paragraphs = paragraphs;
        if repeat {
            paragraphs.push(paragraphs[0].clone());
        }
        let file = SourceFile {
            path: "a.md".into(),
            text: format!(
                "---\ntitle: t\ndate: 2024-03-07\nanswerers: [A]\n---\n\n**Q:** 问\n\n**A:** {}\n",
                paragraphs.join("\n\n")
            ),
        };
        let transcript = Transcript::parse(&file).unwrap();
        let b = pick % paragraphs.len();
        let text = VisibleText::text_of_markdown(&paragraphs[b], RawHtml::Text);
        let chars: Vec<char> = text.chars().collect();
        let start = start % chars.len();
        let end = (start + length).min(chars.len());
        let exact: String = chars[start..end].iter().collect();
        if exact.trim() != exact || exact.is_empty() {
            return Ok(());
        }
        let selection = Selection {
            exact: exact.clone(),
            prefix: chars[..start].iter().collect(),
            suffix: chars[end..].iter().collect(),
            question: Some(Section::Question(1)),
            block: Some(format!("t2-p{}", b + 1)),
        };
        match derive(&transcript, RawHtml::Text, &selection) {
            Ok(anchor) => {
                let mut note = crate::annotate::Note::quoting("");
                anchor.apply(&mut note);
                let sidecar = SourceFile {
                    path: "a.notes.yaml".into(),
                    text: edit::add("", &note).unwrap().text,
                };
                let t = annotate(transcript, Some(&sidecar), RawHtml::Text).unwrap();
                prop_assert!(t.detached.is_empty(), "{:?}\n{}", t.detached, sidecar.text);
                prop_assert_eq!(t.notes[0].block.id(), format!("t2-p{}", b + 1));
                prop_assert_eq!(t.notes[0].range.clone(), start..end);
            }
            Err(SelectionError::NotUnique(_)) => {
                // Another place reads the same as far as this one's
                // paragraph goes, before and after.
                let before = chars[..start].iter().collect::<String>();
                let after = chars[end..].iter().collect::<String>();
                let same = paragraphs.iter().enumerate().any(|(i, p)| {
                    let other = VisibleText::text_of_markdown(p, RawHtml::Text);
                    let overlapping = other
                        .char_indices()
                        .map(|(at, _)| at)
                        .filter(|&at| other[at..].starts_with(&exact));
                    overlapping.into_iter().any(|at| {
                        (i, other[..at].chars().count()) != (b, start)
                            && other[..at].trim_end().ends_with(before.trim_end())
                            && other[at + exact.len()..].trim_start().starts_with(after.trim_start())
                    })
                });
                prop_assert!(same, "refused {:?} in {:?}", exact, text);
            }
            Err(other) => prop_assert!(false, "{other} for {exact:?} in {text:?}"),
        }
    }
}

/// A sidecar written by hand: comments, blank lines, quoting styles and
/// indentation of every kind, `count` notes, and what the notes are.
fn handwritten_sidecar() -> impl Strategy<Value = (String, usize)> {
    let quote = prop::sample::select(WORDS).prop_map(str::to_string);
    let style = prop::sample::select(&["plain", "single", "double"][..]);
    let entry = (
        quote,
        style,
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(&["", "\n", "  # 注\n", "\n# 下一条\n"][..]),
    );
    (
        prop::sample::select(&[0usize, 2, 4][..]),
        prop::collection::vec(entry, 0..5),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(indent, entries, header, trailer)| {
            let pad = " ".repeat(indent);
            let mut text = String::new();
            if header {
                text.push_str("# 编辑数据\nquestions:\n  1:\n    title: '一'   # 标题\n\n");
            }
            text.push_str("notes:   # 注释\n");
            for (quote, style, with_kind, inner_comment, gap) in &entries {
                let written = match *style {
                    "plain" => quote.clone(),
                    "single" => format!("'{}'", quote.replace('\'', "''")),
                    _ => serde_json::to_string(quote).unwrap(),
                };
                text.push_str(&format!("{pad}- quote: {written}\n"));
                if *inner_comment {
                    text.push_str(&format!("{pad}  # 内部\n"));
                }
                if *with_kind {
                    text.push_str(&format!(
                        "{pad}  kind:    context\n{pad}  note: >\n{pad}    折叠\n{pad}    文字\n"
                    ));
                }
                text.push_str(gap);
            }
            if trailer {
                text.push_str("\n# 结束\n");
            }
            (text, entries.len())
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Adding a note and taking it out again gives the file back byte for
    /// byte; changing a note changes only its own lines.
    #[test]
    fn sidecar_edits_keep_every_other_byte(
        (text, count) in handwritten_sidecar(),
        pick in 0usize..5,
        quote in prop::sample::select(WORDS),
    ) {
        use crate::annotate::edit;
        use crate::annotate::{Note, Sidecar};

        let parse = |text: &str| Sidecar::parse(&SourceFile { path: "a.notes.yaml".into(), text: text.into() });
        let before = parse(&text).unwrap();
        let entries = edit::entries(&text).unwrap();
        prop_assert_eq!(entries.len(), count);
        prop_assert_eq!(before.notes.len(), count);

        let mut note = Note::quoting(quote);
        note.note = Some("第一行\n\n第二行: *强调*".into());
        note.links = vec!["https://example.org/a?b=1#c".into()];
        let added = edit::add(&text, &note).unwrap();
        let after = parse(&added.text).unwrap();
        prop_assert_eq!(after.notes.len(), count + 1);
        prop_assert_eq!(after.notes.last().unwrap(), &note);
        let new = edit::entries(&added.text).unwrap().pop().unwrap();
        prop_assert_eq!(new.line, added.line);
        prop_assert_eq!(&edit::remove(&added.text, &new.id).unwrap().text, &text);

        if count > 0 && entries.iter().filter(|e| e.id == entries[pick % count].id).count() == 1 {
            let k = pick % count;
            let old = &before.notes[k];
            let replaced = edit::update(&text, &entries[k].id, &note, &edit::changed_keys(old, &note)).unwrap();
            let after = parse(&replaced.text).unwrap();
            for (i, old) in before.notes.iter().enumerate() {
                prop_assert_eq!(&after.notes[i], if i == k { &note } else { old });
            }
            let kept = edit::entries(&replaced.text).unwrap();
            for (i, entry) in entries.iter().enumerate() {
                if i != k {
                    prop_assert_eq!(&kept[i].id, &entry.id);
                }
            }
            // The bytes before and after the note are as they were.
            let bytes = entries[k].bytes();
            prop_assert!(replaced.text.starts_with(&text[..bytes.start]));
            prop_assert!(replaced.text.ends_with(&text[bytes.end..]));
        }
    }
}
