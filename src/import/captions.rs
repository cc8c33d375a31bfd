//! WebVTT and SRT text -> [`Cue`]s: who speaks (when the captions say),
//! when, and the words, with the captions' markup removed.
//!
//! The Rust WebVTT and SRT crates read timings and text but leave voice
//! spans and speaker conventions in the text, so the cue text is read
//! here: WebVTT voice spans (`<v Name>`, `<v.class Name>`, closing tag
//! optional), styling tags, inline timestamps, `NOTE` / `STYLE` /
//! `REGION` blocks and cue settings; in SRT, speakers written as
//! `NAME:`, `>> NAME:`, `[NAME]` or `- ` dialogue lines, formatting tags
//! and `{\an8}`-style codes.

use super::{Cue, ImportError};
use crate::transcript::Time;
use crate::transcript::printed::{Kind, printed_label};

/// The cues of a WebVTT file.
pub(crate) fn vtt(text: &str) -> Result<Vec<Cue>, ImportError> {
    let mut blocks = blocks(text);
    match blocks.next() {
        Some((_, header)) if header.trim_start().starts_with("WEBVTT") => {}
        _ => return Err(ImportError::at(1, "a WebVTT file starts with `WEBVTT`")),
    }
    let mut cues = Vec::new();
    for (line, block) in blocks {
        let first = block.lines().next().unwrap_or("");
        if ["NOTE", "STYLE", "REGION"].iter().any(|k| {
            first == *k
                || first.starts_with(&format!("{k} "))
                || first.starts_with(&format!("{k}\t"))
        }) {
            continue;
        }
        let mut lines = block.lines().enumerate().peekable();
        // An identifier may come before the timing line.
        let second = block.lines().nth(1).unwrap_or("");
        if !first.contains("-->") && second.contains("-->") {
            lines.next();
        }
        let Some((at, start, end)) = next_timing(&mut lines, line)? else {
            continue;
        };
        let mut speaker = None;
        let mut words = Vec::new();
        for (_, text) in lines {
            let (voice, plain) = vtt_text(text);
            if voice.is_some() {
                speaker = voice;
            }
            if !plain.trim().is_empty() {
                words.push(plain.trim().to_string());
            }
        }
        cues.push(Cue::timed(speaker, (start, end), words, at));
    }
    Ok(cues)
}

/// The cues of an SRT file.
pub(crate) fn srt(text: &str) -> Result<Vec<Cue>, ImportError> {
    let mut cues = Vec::new();
    for (line, block) in blocks(text) {
        let mut lines = block.lines().enumerate().peekable();
        // The sequence number.
        if lines
            .peek()
            .is_some_and(|(_, l)| l.trim().bytes().all(|b| b.is_ascii_digit()))
        {
            lines.next();
        }
        let Some((at, start, end)) = next_timing(&mut lines, line)? else {
            continue;
        };
        let mut speaker = None;
        let mut words = Vec::new();
        let mut dialogue = 0;
        for (_, text) in lines {
            let plain = strip_tags(&strip_codes(text));
            let plain = plain.trim();
            if plain.is_empty() {
                continue;
            }
            // `- ` dialogue lines: each is another speaker's (named or
            // not); the cue is cut there.
            let dialogue_line = plain.strip_prefix("- ").or_else(|| {
                plain
                    .strip_prefix('-')
                    .filter(|r| r.starts_with(char::is_alphanumeric))
            });
            if dialogue_line.is_some() {
                dialogue += 1;
                if dialogue > 1 && !words.is_empty() {
                    cues.push(Cue::timed(
                        speaker.take(),
                        (start, end),
                        std::mem::take(&mut words),
                        at,
                    ));
                    speaker = Some(String::new());
                }
            }
            let (named, rest) = srt_speaker(dialogue_line.unwrap_or(plain));
            if let Some(name) = named {
                speaker = Some(name);
            }
            if !rest.trim().is_empty() {
                words.push(rest.trim().to_string());
            }
        }
        cues.push(Cue::timed(speaker, (start, end), words, at));
    }
    Ok(cues)
}

/// The timing line next in a block's `lines` (numbered from 0 within the
/// block, which starts on line `line`): where it is and its two times.
fn next_timing<'a>(
    lines: &mut impl Iterator<Item = (usize, &'a str)>,
    line: usize,
) -> Result<Option<(usize, Time, Time)>, ImportError> {
    let Some((offset, timing)) = lines.next() else {
        return Ok(None);
    };
    let (start, end) = timing_line(timing).map_err(|why| ImportError::at(line + offset, why))?;
    Ok(Some((line + offset, start, end)))
}

/// Blocks separated by blank lines, with the line (1-based) each starts on.
fn blocks(text: &str) -> impl Iterator<Item = (usize, String)> + '_ {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 1;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push((start, std::mem::take(&mut current)));
            }
            start = i + 2;
        } else {
            if current.is_empty() {
                start = i + 1;
            }
            current.push_str(line.trim_end());
            current.push('\n');
        }
    }
    if !current.is_empty() {
        out.push((start, current));
    }
    out.into_iter()
}

/// `00:01:02.500 --> 00:01:04.000 align:start` (or with commas): the two
/// times, which must not run backwards.
fn timing_line(line: &str) -> Result<(Time, Time), String> {
    let (start, rest) = line.split_once("-->").ok_or_else(|| {
        format!("expected a timing line (`00:00:01.000 --> 00:00:02.000`), found `{line}`")
    })?;
    let end = rest.split_whitespace().next().unwrap_or("");
    let parse = |t: &str| {
        timestamp(t.trim())
            .ok_or_else(|| format!("`{}` is not a time (write it as 00:01:02.500)", t.trim()))
    };
    let (start, end) = (parse(start)?, parse(end)?);
    if end < start {
        return Err(format!("the cue ends ({end}) before it starts ({start})"));
    }
    Ok((start, end))
}

/// A caption timestamp, read leniently: hours optional, minutes unpadded
/// (`4:06.140`), seconds alone (`0.000`), `.` or `,` before milliseconds.
pub(crate) fn timestamp(text: &str) -> Option<Time> {
    let text = text.replace(',', ".");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if !fraction.bytes().all(|b| b.is_ascii_digit()) || fraction.len() > 3 {
        return None;
    }
    let millis: u64 = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<3}").parse().ok()?
    };
    let parts: Vec<u64> = whole
        .split(':')
        .map(|p| {
            (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect::<Option<_>>()?;
    let seconds = match parts.as_slice() {
        [s] => *s,
        [m, s] if *s < 60 => m * 60 + s,
        [h, m, s] if *m < 60 && *s < 60 => (h * 60 + m) * 60 + s,
        _ => return None,
    };
    Some(Time::from_millis(seconds * 1000 + millis))
}

/// A WebVTT cue line: its voice (`<v Name>` or `<v.class Name>`), and its
/// text without tags, inline timestamps and entities.
fn vtt_text(line: &str) -> (Option<String>, String) {
    let mut voice = None;
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        if let Some(v) = tag.strip_prefix('v').filter(|t| t.starts_with([' ', '.'])) {
            let name = v.split_once(' ').map_or("", |(_, n)| n).trim();
            if !name.is_empty() {
                voice = Some(name.to_string());
            }
        } else if tag == "rt" {
            // Ruby text (a reading aid) is not a word of the transcript.
            let after = &rest[open + close + 1..];
            let end = after.find("</rt>").map_or(after.len(), |i| i + 5);
            rest = &after[end..];
            continue;
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    (voice, entities(&out))
}

fn entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&lrm;", "")
        .replace("&rlm;", "")
        .replace("&amp;", "&")
}

/// Text without `<i>`-style tags.
fn strip_tags(text: &str) -> String {
    vtt_text(text).1
}

/// Text without `{\an8}`-style positioning codes.
fn strip_codes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{\\") {
        out.push_str(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => rest = &rest[open + close + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A speaker named at the start of an SRT line: `>> NAME:`, `NAME:` (in
/// capitals or CJK; after `>>`, any short name), or `[NAME]`; and the
/// rest of the line.
fn srt_speaker(line: &str) -> (Option<String>, &str) {
    let line = line.trim_start();
    let (broadcast, line) = match line.strip_prefix(">>") {
        Some(rest) => (true, rest.trim_start()),
        None => (false, line),
    };
    if let Some(inner) = line.strip_prefix('[')
        && let Some(close) = inner.find(']')
    {
        let name = inner[..close].trim();
        if !name.is_empty() && name.chars().count() <= 40 {
            return (Some(name.to_string()), inner[close + 1..].trim_start());
        }
    }
    if let Some(printed) = printed_label(line)
        && printed.colon
        && (broadcast || matches!(printed.kind, Kind::Capitals | Kind::Cjk))
    {
        return (Some(printed.label.to_string()), printed.rest);
    }
    (broadcast.then(String::new), line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_read_as_exporters_write_them() {
        for (text, ms) in [
            ("00:01:02.500", 62_500),
            ("01:02.5", 62_500),
            ("4:06.140", 246_140),
            ("0.000", 0),
            ("1:00:00,001", 3_600_001),
        ] {
            assert_eq!(timestamp(text), Some(Time::from_millis(ms)), "{text}");
        }
        for bad in ["", "a", "1:60", "1:2:60", "1.2345", "-1"] {
            assert_eq!(timestamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn webvtt_voices_and_markup() {
        let text = "\u{feff}WEBVTT Kind: captions\r\n\r\nNOTE a comment\r\nover two lines\r\n\r\nSTYLE\r\n::cue { color: red }\r\n\r\nintro\r\n00:00.000 --> 00:02.000 align:start position:10%\r\n<v.loud Jerod>Welcome <b>back</b> to\r\nthe show &amp; more<00:00:01.500></v>\r\n\r\n00:02.000 --> 00:03.000\r\n<v Mat>Thanks <ruby>漢<rt>かん</rt></ruby>字.\r\n\r\n00:03.000 --> 00:04.000\r\n<c.yellow>Glad</c> to be here.\r\n";
        let text =
            crate::source::decode(text.as_bytes().to_vec(), std::path::Path::new("a.vtt")).unwrap();
        let cues = vtt(&text).unwrap();
        let read: Vec<(Option<&str>, u64, String)> = cues
            .iter()
            .map(|c| {
                (
                    c.speaker.as_deref(),
                    c.start.unwrap().millis(),
                    c.lines.join("|"),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                (
                    Some("Jerod"),
                    0,
                    "Welcome back to|the show & more".to_string()
                ),
                (Some("Mat"), 2000, "Thanks 漢字.".to_string()),
                (None, 3000, "Glad to be here.".to_string()),
            ]
        );
    }

    #[test]
    fn srt_speakers_in_every_convention() {
        let text = "1\n00:00:01,000 --> 00:00:02,000\n>> MODERATOR: Good {\\an8}afternoon.\n\n2\n00:00:02,000 --> 00:00:04,000\n<i>and welcome.</i>\n\n3\n00:00:04,000 --> 00:00:05,000\n[Reuters] When?\n\n4\n00:00:05,000 --> 00:00:06,000\n- Soon.\n- How soon?\n\n5\n00:00:06,000 --> 00:00:07,000\nSPOKESPERSON: Next week.\n\n6\n00:00:07,000 --> 00:00:08,000\nNote: this is text.\n\n7\n00:00:08,000 --> 00:00:09,000\n- REPORTER: Where?\n- SPOKESPERSON: Geneva.\n";
        let cues = srt(text).unwrap();
        let read: Vec<(Option<&str>, String)> = cues
            .iter()
            .map(|c| (c.speaker.as_deref(), c.lines.join("|")))
            .collect();
        assert_eq!(
            read,
            [
                (Some("MODERATOR"), "Good afternoon.".to_string()),
                (None, "and welcome.".to_string()),
                (Some("Reuters"), "When?".to_string()),
                (None, "Soon.".to_string()),
                (Some(""), "How soon?".to_string()),
                (Some("SPOKESPERSON"), "Next week.".to_string()),
                (None, "Note: this is text.".to_string()),
                (Some("REPORTER"), "Where?".to_string()),
                (Some("SPOKESPERSON"), "Geneva.".to_string()),
            ]
        );
    }

    #[test]
    fn a_malformed_timing_is_an_error_at_its_line() {
        let error = srt("1\n00:01,000 --> 00:00\nx\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(
            error
                .message
                .contains("the cue ends (0:00) before it starts (0:01)"),
            "{}",
            error.message
        );
        let error = vtt("WEBVTT\n\n00:01.000 -> 00:02.000\nx\n").unwrap_err();
        assert_eq!(error.line, 3);
    }
}
