//! A timed transcript -> its captions: `transcript.vtt` (WebVTT, with a
//! `<v Speaker>` voice span on every cue), `transcript.srt`, and
//! `transcript.podcast.json` (the Podcasting 2.0 JSON transcript).
//!
//! Each paragraph runs from its time to the next one; a paragraph without
//! a time shares the stretch before the next time with its neighbours, by
//! length. A paragraph is cut at sentence ends into cues of at most two
//! lines of about [`LINE`] characters, each given its share of the
//! paragraph's time by length; the last paragraph lasts as long as its
//! words take to read.

use std::fmt::Write as _;

use serde::Serialize;

use crate::annotate::AnnotatedTranscript;
use crate::markdown::{is_cjk, plain_text};
use crate::output::RenderedPage;
use crate::site::speaker_name;
use crate::transcript::Time;

/// About how many characters a caption line holds.
pub(crate) const LINE: usize = 42;

/// Characters read per second, to time the last paragraph.
const READ_PER_SECOND: u64 = 15;

/// One caption: who speaks, when, and the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cue {
    pub speaker: String,
    pub start: Time,
    pub end: Time,
    /// One or two lines.
    pub lines: Vec<String>,
}

/// A paragraph with the speaker and the time it is known to start at.
struct Spoken {
    speaker: String,
    text: String,
    time: Option<Time>,
}

/// Whether `t` has cues: a paragraph with a time.
pub(crate) fn has_cues(t: &AnnotatedTranscript) -> bool {
    t.transcript.turns().any(|turn| {
        turn.blocks
            .iter()
            .any(|b| b.time.is_some() && spoken(b) && !plain_text(&b.markdown).is_empty())
    })
}

/// Whether a block is said, not a footnote's definition.
fn spoken(b: &crate::transcript::Block) -> bool {
    !b.markdown.trim_start().starts_with("[^")
}

/// The cues of `t`, or none when it has no times.
pub(crate) fn cues(t: &AnnotatedTranscript) -> Vec<Cue> {
    let spoken: Vec<Spoken> = t
        .transcript
        .turns()
        .flat_map(|turn| {
            let speaker = speaker_name(&t.transcript.meta, &turn.speaker).to_string();
            turn.blocks
                .iter()
                .filter(|b| spoken(b))
                .map(move |b| Spoken {
                    speaker: speaker.clone(),
                    text: plain_text(&b.markdown),
                    time: b.time,
                })
        })
        .filter(|s| !s.text.is_empty())
        .collect();
    if spoken.iter().all(|s| s.time.is_none()) {
        return Vec::new();
    }
    let spans = spans(&spoken);
    spoken
        .iter()
        .zip(spans)
        .flat_map(|(s, (start, end))| split(&s.speaker, &s.text, start, end))
        .collect()
}

/// When each paragraph starts and ends.
fn spans(spoken: &[Spoken]) -> Vec<(Time, Time)> {
    let len = |s: &Spoken| s.text.chars().count().max(1) as u64;
    let mut spans = Vec::with_capacity(spoken.len());
    let mut i = 0;
    // Paragraphs before the first time start with it.
    let mut from = spoken
        .iter()
        .find_map(|s| s.time)
        .unwrap_or(Time::from_millis(0));
    while i < spoken.len() {
        if let Some(time) = spoken[i].time {
            from = time.max(from);
        }
        // The run up to the next time.
        let mut j = i + 1;
        while j < spoken.len() && spoken[j].time.is_none() {
            j += 1;
        }
        let run = &spoken[i..j];
        let to = if let Some(next) = spoken.get(j).and_then(|s| s.time) {
            next.max(from)
        } else {
            let chars: u64 = run.iter().map(len).sum();
            Time::from_millis(from.millis() + (chars * 1000 / READ_PER_SECOND).max(2000))
        };
        let total: u64 = run.iter().map(len).sum();
        let span = to.millis() - from.millis();
        let mut at = from.millis();
        for s in run {
            let end = at + span * len(s) / total;
            spans.push((Time::from_millis(at), Time::from_millis(end)));
            at = end;
        }
        from = to;
        i = j;
    }
    spans
}

/// A paragraph cut at sentence ends into cues of at most two lines.
fn split(speaker: &str, text: &str, start: Time, end: Time) -> Vec<Cue> {
    let mut groups: Vec<String> = Vec::new();
    for sentence in sentences(text) {
        match groups.last_mut() {
            Some(last) if last.chars().count() + 1 + sentence.chars().count() <= 2 * LINE => {
                if !last.ends_with(is_cjk) || !sentence.starts_with(is_cjk) {
                    last.push(' ');
                }
                last.push_str(&sentence);
            }
            _ => groups.push(sentence),
        }
    }
    let total: u64 = groups
        .iter()
        .map(|g| g.chars().count() as u64)
        .sum::<u64>()
        .max(1);
    let span = end.millis().saturating_sub(start.millis());
    let mut at = start.millis();
    let count = groups.len();
    groups
        .into_iter()
        .enumerate()
        .map(|(i, group)| {
            let until = if i + 1 == count {
                end.millis()
            } else {
                at + span * group.chars().count() as u64 / total
            };
            let cue = Cue {
                speaker: speaker.to_string(),
                start: Time::from_millis(at),
                end: Time::from_millis(until),
                lines: lines(&group),
            };
            at = until;
            cue
        })
        .collect()
}

/// The sentences of a paragraph; one longer than two lines is cut at
/// spaces (or anywhere, in CJK) into pieces that fit.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        current.push(c);
        let ends = matches!(c, '。' | '！' | '？' | '；')
            || (matches!(c, '.' | '!' | '?') && !current.ends_with("..."));
        if ends || (current.chars().count() >= 2 * LINE && (c == ' ' || is_cjk(c))) {
            let piece = current.trim().to_string();
            if !piece.is_empty() {
                out.push(piece);
            }
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

/// A cue's words in one line, or two broken near the middle.
fn lines(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= LINE {
        return vec![text.to_string()];
    }
    let middle = chars.len() / 2;
    // The break nearest the middle: a space, or between CJK characters.
    let at = (0..chars.len())
        .filter(|&i| i > 0 && (chars[i] == ' ' || (is_cjk(chars[i - 1]) && is_cjk(chars[i]))))
        .min_by_key(|&i| i.abs_diff(middle))
        .unwrap_or(middle);
    let first: String = chars[..at].iter().collect();
    let second: String = chars[at..].iter().collect();
    vec![first.trim().to_string(), second.trim().to_string()]
}

/// `00:01:02.500` (WebVTT) or `00:01:02,500` (SRT).
fn stamp(time: Time, separator: char) -> String {
    let ms = time.millis();
    format!(
        "{:02}:{:02}:{:02}{separator}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The cues as WebVTT.
pub(crate) fn vtt(cues: &[Cue]) -> String {
    let mut out = String::from("WEBVTT\n");
    for cue in cues {
        let voice = escape(&cue.speaker);
        let _ = write!(
            out,
            "\n{} --> {}\n",
            stamp(cue.start, '.'),
            stamp(cue.end, '.')
        );
        for line in &cue.lines {
            let _ = writeln!(out, "<v {voice}>{}</v>", escape(line));
        }
    }
    out
}

/// The cues as SRT, each naming its speaker.
pub(crate) fn srt(cues: &[Cue]) -> String {
    let mut out = String::new();
    for (i, cue) in cues.iter().enumerate() {
        let _ = write!(
            out,
            "{}\n{} --> {}\n",
            i + 1,
            stamp(cue.start, ','),
            stamp(cue.end, ',')
        );
        for (j, line) in cue.lines.iter().enumerate() {
            if j == 0 {
                let _ = writeln!(out, "{}: {line}", cue.speaker);
            } else {
                let _ = writeln!(out, "{line}");
            }
        }
        out.push('\n');
    }
    out
}

/// The Podcasting 2.0 JSON transcript.
#[derive(Serialize)]
struct PodcastTranscript<'a> {
    version: &'static str,
    segments: Vec<Segment<'a>>,
}

#[derive(Serialize)]
struct Segment<'a> {
    speaker: &'a str,
    #[serde(rename = "startTime")]
    start_time: f64,
    #[serde(rename = "endTime")]
    end_time: f64,
    body: String,
}

pub(crate) fn podcast_json(cues: &[Cue]) -> String {
    let transcript = PodcastTranscript {
        version: "1.0.0",
        segments: cues
            .iter()
            .map(|cue| Segment {
                speaker: &cue.speaker,
                start_time: cue.start.seconds(),
                end_time: cue.end.seconds(),
                body: cue.lines.join(" "),
            })
            .collect(),
    };
    let mut text = serde_json::to_string(&transcript).expect("a transcript serializes");
    text.push('\n');
    text
}

/// The caption files of a timed transcript, in its folder.
pub(crate) fn files(t: &AnnotatedTranscript) -> Vec<RenderedPage> {
    let cues = cues(t);
    if cues.is_empty() {
        return Vec::new();
    }
    let slug = t.transcript.slug.as_str();
    let page = |name: &str, text: String| RenderedPage {
        path: crate::address::transcript_file(slug, name),
        bytes: text.into_bytes(),
    };
    vec![
        page(VTT, vtt(&cues)),
        page(SRT, srt(&cues)),
        page(PODCAST_JSON, podcast_json(&cues)),
    ]
}

/// The caption files' names in a transcript's folder.
pub(crate) const VTT: &str = "transcript.vtt";
pub(crate) const SRT: &str = "transcript.srt";
pub(crate) const PODCAST_JSON: &str = "transcript.podcast.json";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_paragraph_is_cut_at_sentence_ends_into_two_line_cues() {
        let text = "This is the first sentence of the answer. It goes on for a while and then it stops. Short one. 中美关系很重要，双方应当加强沟通。";
        let cues = split(
            "A",
            text,
            Time::from_millis(10_000),
            Time::from_millis(20_000),
        );
        assert!(cues.len() >= 2, "{cues:?}");
        for cue in &cues {
            assert!(cue.lines.len() <= 2, "{cue:?}");
            assert!(
                cue.lines.iter().all(|l| l.chars().count() <= LINE + 12),
                "{cue:?}"
            );
        }
        assert_eq!(cues.first().unwrap().start, Time::from_millis(10_000));
        assert_eq!(cues.last().unwrap().end, Time::from_millis(20_000));
        let words: String = cues
            .iter()
            .flat_map(|c| c.lines.clone())
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(words.replace(' ', ""), text.replace(' ', ""));
    }

    #[test]
    fn stamps_and_escapes() {
        assert_eq!(stamp(Time::from_millis(3_723_500), '.'), "01:02:03.500");
        assert_eq!(stamp(Time::from_millis(62_000), ','), "00:01:02,000");
        let cue = Cue {
            speaker: "A & B".into(),
            start: Time::from_millis(0),
            end: Time::from_millis(1000),
            lines: vec!["x < y".into()],
        };
        assert_eq!(
            vtt(&[cue]),
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v A &amp; B>x &lt; y</v>\n"
        );
    }
}
