//! Property tests of import over random captions and printed transcripts
//! (speakers named and not, CJK and Latin words, words Markdown would read
//! as markup, stage directions): every word of the input lands in exactly
//! one turn of the transcript that builds, in order, with none doubled,
//! and every turn is spoken by a speaker the input named.

use proptest::prelude::*;

use super::{Format, ImportMeta, convert};
use crate::markdown::{is_cjk, plain_text};
use crate::source::SourceFile;
use crate::transcript::Transcript;

/// A word as transcripts have them, Markdown's markup among them.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,8}",
        "[A-Z][a-z]{1,6}[.,?]?",
        "[一-龥]{1,4}[，。？]?",
        Just("*starred*".to_string()),
        Just("snake_case".to_string()),
        Just("#1".to_string()),
        Just("1.".to_string()),
        Just("[bracketed]".to_string()),
        Just("`tick`".to_string()),
        Just("a|b".to_string()),
        Just("(Laughter)".to_string()),
        Just("（笑声）".to_string()),
        Just("+".to_string()),
        Just("=".to_string()),
        Just(">".to_string()),
        Just("\\".to_string()),
    ]
}

/// A line of words, made distinct from every other by its last word (a
/// rolling caption's repeated line is, by design, kept once).
fn lines() -> impl Strategy<Value = Vec<(Option<usize>, String)>> {
    let line = (
        prop::option::weighted(0.4, 0..3usize),
        prop::collection::vec(word(), 1..8),
    );
    prop::collection::vec(line, 1..25).prop_map(|lines| {
        lines
            .into_iter()
            .enumerate()
            .map(|(i, (speaker, words))| (speaker, format!("{} w{i}", words.join(" "))))
            .collect()
    })
}

const SPEAKERS: [&str; 3] = ["HOST", "GUEST", "王毅"];

/// The input's words, a CJK character a word of its own.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for token in text.split_whitespace() {
        let mut latin = String::new();
        for c in token.chars() {
            if is_cjk(c) {
                if !latin.is_empty() {
                    out.push(std::mem::take(&mut latin));
                }
                out.push(c.to_string());
            } else {
                latin.push(c);
            }
        }
        if !latin.is_empty() {
            out.push(latin);
        }
    }
    out
}

/// Imports `input`, builds the transcript, and gives its words in order
/// and the speakers of its turns.
fn imported(input: &str, format: Format) -> (Vec<String>, Vec<String>) {
    let meta = ImportMeta {
        title: Some("T".into()),
        date: Some("2024-01-01".into()),
        ..ImportMeta::default()
    };
    let converted = convert(input, format, &meta, "t", "2024-01-01").expect("it imports");
    let transcript = Transcript::parse(&SourceFile {
        path: "content/t.md".into(),
        text: converted.text.clone(),
    })
    .unwrap_or_else(|e| panic!("{e}\n{}", converted.text));
    let mut text = String::new();
    let mut speakers = Vec::new();
    for block in &transcript.preamble {
        text.push_str(&plain_text(&block.markdown));
        text.push(' ');
    }
    for turn in transcript.turns() {
        speakers.push(turn.speaker.clone());
        for block in &turn.blocks {
            text.push_str(&plain_text(&block.markdown));
            text.push(' ');
        }
    }
    (words(&text), speakers)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_caption_word_lands_in_one_turn_in_order(lines in lines()) {
        let mut srt = String::new();
        let mut said = String::new();
        let mut named = Vec::new();
        for (i, (speaker, text)) in lines.iter().enumerate() {
            // A first word in brackets would name the speaker.
            let text = format!("w {text}");
            let label = speaker.map(|s| {
                named.push(SPEAKERS[s].to_string());
                format!("{}: ", SPEAKERS[s])
            });
            srt.push_str(&format!(
                "{}\n00:00:{:02},000 --> 00:00:{:02},500\n{}{text}\n\n",
                i + 1,
                i,
                i,
                label.unwrap_or_default()
            ));
            said.push_str(&text);
            said.push(' ');
        }
        let (words_out, speakers) = imported(&srt, Format::Srt);
        prop_assert_eq!(words_out, words(&said), "{}", srt);
        for speaker in speakers {
            prop_assert!(named.contains(&speaker) || speaker == "SPEAKER", "{}", speaker);
        }
    }

    #[test]
    fn every_printed_word_lands_in_one_turn_in_order(lines in lines()) {
        let mut page = String::new();
        let mut said = String::new();
        let mut named = Vec::new();
        for (i, (speaker, text)) in lines.iter().enumerate() {
            // The first paragraph names its speaker, so nothing is taken
            // for a title.
            let speaker = if i == 0 { Some(speaker.unwrap_or(0)) } else { *speaker };
            if let Some(s) = speaker {
                named.push(SPEAKERS[s].to_string());
                page.push_str(SPEAKERS[s]);
                page.push_str(if s == 2 { "：" } else { ": " });
            }
            page.push_str(text);
            page.push_str("\n\n");
            said.push_str(text);
            said.push(' ');
        }
        let (words_out, speakers) = imported(&page, Format::Text);
        prop_assert_eq!(words_out, words(&said), "{}", page);
        for speaker in speakers {
            prop_assert!(named.contains(&speaker), "{}", speaker);
        }
    }
}
