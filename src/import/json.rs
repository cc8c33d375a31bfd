//! Speech recognition and podcast JSON -> [`Cue`]s: Whisper's
//! `segments` (`start`, `end`, `text`), with WhisperX-style speakers per
//! segment or per word, and the Podcasting 2.0 JSON transcript
//! (`segments` of `speaker`, `startTime`, `endTime`, `body`).

use serde::Deserialize;

use super::{Cue, ImportError};
use crate::transcript::Time;

#[derive(Deserialize)]
struct Whisper {
    segments: Vec<WhisperSegment>,
}

#[derive(Deserialize)]
struct WhisperSegment {
    start: f64,
    end: f64,
    text: String,
    speaker: Option<String>,
    #[serde(default)]
    words: Vec<WhisperWord>,
}

#[derive(Deserialize)]
struct WhisperWord {
    word: String,
    speaker: Option<String>,
    start: Option<f64>,
}

#[derive(Deserialize)]
struct Podcast {
    segments: Vec<PodcastSegment>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PodcastSegment {
    speaker: Option<String>,
    start_time: f64,
    end_time: f64,
    body: String,
}

fn time(seconds: f64) -> Option<Time> {
    (seconds.is_finite() && seconds >= 0.0).then(|| {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a finite, non-negative number of seconds, rounded to milliseconds"
        )]
        let ms = (seconds * 1000.0).round() as u64;
        Time::from_millis(ms)
    })
}

/// The shape a JSON transcript must have, for the error that says so.
const SHAPES: &str = "expected `segments`: Whisper's (`start`, `end`, `text`, and `speaker` from WhisperX) or the Podcasting 2.0 transcript's (`speaker`, `startTime`, `endTime`, `body`)";

/// Whether `text` is a Podcasting 2.0 JSON transcript rather than
/// Whisper's.
pub(crate) fn is_podcast(text: &str) -> bool {
    text.contains("\"startTime\"")
}

/// The cues of a Podcasting 2.0 JSON transcript.
pub(crate) fn podcast(text: &str) -> Result<Vec<Cue>, ImportError> {
    let parsed: Podcast = serde_json::from_str(text).map_err(|e| shape(&e))?;
    Ok(parsed
        .segments
        .into_iter()
        .map(|s| Cue {
            speaker: s.speaker.filter(|n| !n.trim().is_empty()),
            start: time(s.start_time),
            end: time(s.end_time),
            lines: vec![s.body.trim().to_string()],
            line: 1,
            paragraph: false,
        })
        .collect())
}

/// The cues of Whisper's JSON; a segment whose words change speaker is
/// cut where they do.
pub(crate) fn whisper(text: &str) -> Result<Vec<Cue>, ImportError> {
    let parsed: Whisper = serde_json::from_str(text).map_err(|e| shape(&e))?;
    let mut cues = Vec::new();
    for s in parsed.segments {
        let speakers: Vec<Option<&str>> = s.words.iter().map(|w| w.speaker.as_deref()).collect();
        let changes = speakers
            .windows(2)
            .any(|w| w[0] != w[1] && w[0].is_some() && w[1].is_some());
        if s.speaker.is_none() && changes {
            let mut current: Option<Cue> = None;
            for word in &s.words {
                let same = current.as_ref().is_some_and(|c| {
                    c.speaker.as_deref() == word.speaker.as_deref().or(c.speaker.as_deref())
                });
                if !same {
                    cues.extend(current.take());
                    current = Some(Cue {
                        speaker: word.speaker.clone(),
                        start: word.start.and_then(time).or_else(|| time(s.start)),
                        end: time(s.end),
                        lines: vec![String::new()],
                        line: 1,
                        paragraph: false,
                    });
                }
                if let Some(cue) = current.as_mut() {
                    cue.lines[0].push_str(&word.word);
                }
            }
            cues.extend(current.map(|mut c| {
                c.lines[0] = c.lines[0].trim().to_string();
                c
            }));
            continue;
        }
        let speaker = s
            .speaker
            .or_else(|| speakers.iter().flatten().next().map(|s| (*s).to_string()));
        cues.push(Cue {
            speaker,
            start: time(s.start),
            end: time(s.end),
            lines: vec![s.text.trim().to_string()],
            line: 1,
            paragraph: false,
        });
    }
    for cue in &mut cues {
        for line in &mut cue.lines {
            *line = line.trim().to_string();
        }
    }
    Ok(cues)
}

fn shape(error: &serde_json::Error) -> ImportError {
    ImportError::at(
        error.line().max(1),
        format!("not a transcript this reads ({error}); {SHAPES}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whisperx_speakers_per_segment_and_per_word() {
        let text = r#"{"segments": [
            {"start": 0.0, "end": 2.0, "text": " Welcome back.", "speaker": "SPEAKER_00"},
            {"start": 2.0, "end": 5.0, "text": " Thanks. So what", "words": [
                {"word": " Thanks.", "start": 2.0, "speaker": "SPEAKER_01"},
                {"word": " So", "start": 3.1, "speaker": "SPEAKER_00"},
                {"word": " what", "start": 3.3, "speaker": "SPEAKER_00"}]},
            {"start": 5.0, "end": 6.0, "text": " now?"}
        ]}"#;
        let cues = whisper(text).unwrap();
        let read: Vec<(Option<&str>, u64, &str)> = cues
            .iter()
            .map(|c| {
                (
                    c.speaker.as_deref(),
                    c.start.unwrap().millis(),
                    c.lines[0].as_str(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                (Some("SPEAKER_00"), 0, "Welcome back."),
                (Some("SPEAKER_01"), 2000, "Thanks."),
                (Some("SPEAKER_00"), 3100, "So what"),
                (None, 5000, "now?"),
            ]
        );
    }

    #[test]
    fn podcast_json_and_another_shape() {
        let cues = podcast(r#"{"version": "1.0.0", "segments": [{"speaker": "Jerod", "startTime": 0.5, "endTime": 2, "body": "Hi."}]}"#).unwrap();
        assert_eq!(cues[0].speaker.as_deref(), Some("Jerod"));
        assert_eq!(cues[0].start, Some(Time::from_millis(500)));
        let error = whisper(r#"{"results": []}"#).unwrap_err();
        assert!(
            error.message.contains("missing field `segments`"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("Podcasting 2.0"),
            "{}",
            error.message
        );
    }
}
