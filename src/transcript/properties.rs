//! Property tests of the parser over random bodies built from the lines
//! transcripts are made of (labels bold and plain, CJK and Latin text,
//! lists, quotes, headings, fences, rules, tables, HTML, footnotes, blank
//! lines): every character of the body lands in exactly one piece, labels
//! are never part of a turn's text, every block reaches the preamble or
//! exactly one turn in order, and questions and turns are numbered densely.

use proptest::prelude::*;

use super::body::{Piece, label_at, pieces};
use super::{GroupBy, Transcript};
use crate::source::SourceFile;

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("**Q:** When?".to_string()),
        Just("**新华社记者：**请问中美关系".to_string()),
        Just("**A:**".to_string()),
        Just("**A**: Soon.".to_string()),
        Just("A: Plain, declared.".to_string()),
        Just("H：主持人说".to_string()),
        Just("**Important** news: no label".to_string()),
        Just("Text goes on here.".to_string()),
        Just("中美关系**稳定**发展。".to_string()),
        Just("a *b* `c` [d](https://e.org) [^1]".to_string()),
        Just(String::new()),
        Just(String::new()),
        Just("- item **Q:** not a label".to_string()),
        Just("> **A:** quoted".to_string()),
        Just("## A heading".to_string()),
        Just("```".to_string()),
        Just("---".to_string()),
        Just("===".to_string()),
        Just("    indented code".to_string()),
        Just("[^1]: A footnote.".to_string()),
        Just("<div>html</div>".to_string()),
        Just("| a | b |".to_string()),
        Just("|---|---|".to_string()),
        Just("[ref]: https://example.org".to_string()),
        Just("**A:** [00:12] Timed.".to_string()),
        Just("[00:12] A timed paragraph.".to_string()),
        Just("[1:02](https://e.org) a link".to_string()),
        "[a-zQ *:：]{0,12}",
    ]
}

fn body() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 0..40).prop_map(|lines| lines.join("\n"))
}

fn without_space(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn parse(body: &str, headings: bool) -> Transcript {
    let group_by = if headings { "group_by: heading\n" } else { "" };
    let text = format!(
        "---\ntitle: T\ndate: 2024-01-01\nanswerers: [A]\nhosts: [H]\n{group_by}---\n{body}"
    );
    Transcript::parse(&SourceFile {
        path: "content/t.md".into(),
        text,
    })
    .expect("front matter is valid")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn every_character_lands_in_exactly_one_piece(body in body(), headings: bool) {
        let pieces = pieces(&body, 1, &["A", "H"], headings);
        let mut covered = String::new();
        for piece in &pieces {
            match piece {
                Piece::Label { source, .. } => covered.push_str(&body[source.clone()]),
                Piece::Block(block) | Piece::Heading { block, .. } => {
                    covered.push_str(&block.stamp);
                    covered.push_str(&block.markdown);
                }
            }
        }
        prop_assert_eq!(without_space(&covered), without_space(&body));
    }

    #[test]
    fn blocks_reach_one_turn_or_the_preamble_in_order(body in body(), headings: bool) {
        let transcript = parse(&body, headings);
        let pieces = pieces(&body, 1, &["A", "H"], headings);
        let expected: Vec<&str> = pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Block(block) => Some(block.markdown.as_str()),
                Piece::Heading { block, .. } if !headings => Some(block.markdown.as_str()),
                _ => None,
            })
            .collect();
        let placed: Vec<&str> = transcript
            .preamble
            .iter()
            .chain(transcript.turns().flat_map(|t| &t.blocks))
            .map(|b| b.markdown.as_str())
            .collect();
        prop_assert_eq!(placed, expected);
        let labels: Vec<&str> = pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Label { speaker, .. } => Some(speaker.as_str()),
                _ => None,
            })
            .collect();
        let speakers: Vec<&str> = transcript
            .turns()
            .map(|t| t.speaker.as_str())
            .collect();
        for label in &labels {
            prop_assert!(speakers.contains(label));
        }
    }

    #[test]
    fn labels_are_never_shown_as_text(body in body(), headings: bool) {
        let transcript = parse(&body, headings);
        let blocks = transcript.preamble.iter().chain(transcript.turns().flat_map(|t| &t.blocks));
        for block in blocks {
            let first = block.markdown.lines().next().unwrap_or("");
            prop_assert!(
                label_at(first, &["A", "H"]).is_none(),
                "a label in a turn's text: {:?}",
                block.markdown
            );
        }
    }

    #[test]
    fn questions_and_turns_are_numbered_densely(body in body(), headings: bool) {
        let transcript = parse(&body, headings);
        prop_assert_eq!(transcript.meta.group_by == GroupBy::Heading, headings);
        for (i, question) in transcript.questions.iter().enumerate() {
            prop_assert_eq!(question.number, i + 1);
        }
        for (i, turn) in transcript.turns().enumerate() {
            prop_assert_eq!(turn.number, i + 1);
        }
    }
}
