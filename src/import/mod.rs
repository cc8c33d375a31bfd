//! A transcript in another format -> a colloq transcript: front matter and
//! labelled, timed Markdown turns that build at once.
//!
//! Each format's reader makes [`Cue`]s (`captions` for WebVTT and SRT);
//! [`turns`] joins consecutive cues of one speaker into a turn (a cue
//! that names no one continues the turn before, since captions name the
//! speaker only when it changes), as a reader reads them: a cue break is
//! a space between Latin words and nothing between CJK characters, and
//! the repeated line of rolling captions is not doubled. [`write()`] makes
//! the transcript's text. Only [`import`] reads and writes files.

mod captions;
mod json;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Span};
use crate::error::Error;
use crate::markdown::is_cjk;
use crate::transcript::Time;

/// A caption or segment, as its format gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cue {
    /// Who speaks, when the format says; `Some("")` when it says only that
    /// the speaker changes.
    pub speaker: Option<String>,
    pub start: Option<Time>,
    pub end: Option<Time>,
    /// Its lines of text, markup removed.
    pub lines: Vec<String>,
    /// The line of the file it starts on.
    pub line: usize,
}

impl Cue {
    /// A caption from `start` to `end`, on line `line` of its file.
    fn timed(
        speaker: Option<String>,
        (start, end): (Time, Time),
        lines: Vec<String>,
        line: usize,
    ) -> Cue {
        Cue {
            speaker,
            start: Some(start),
            end: Some(end),
            lines,
            line,
        }
    }
}

/// What is wrong with an input, at its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImportError {
    pub line: usize,
    pub message: String,
}

impl ImportError {
    fn at(line: usize, message: impl Into<String>) -> ImportError {
        ImportError {
            line,
            message: message.into(),
        }
    }
}

/// The formats colloq reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Vtt,
    Srt,
    /// Whisper's JSON (WhisperX's speakers too).
    Whisper,
    /// The Podcasting 2.0 JSON transcript.
    Podcast,
}

/// One speaker's turn, joined from cues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImportedTurn {
    pub speaker: String,
    pub time: Option<Time>,
    pub text: String,
}

/// The label of a speaker the input does not name.
const UNNAMED: &str = "SPEAKER";

/// Joins cues into turns.
pub(crate) fn turns(cues: &[Cue]) -> Vec<ImportedTurn> {
    let mut turns: Vec<ImportedTurn> = Vec::new();
    let mut last_line: Option<&str> = None;
    for cue in cues {
        let changes = match (&cue.speaker, turns.last()) {
            (Some(s), Some(t)) => s.is_empty() || *s != t.speaker,
            (_, None) => true,
            (None, Some(_)) => false,
        };
        if changes {
            let speaker = match cue.speaker.as_deref() {
                Some(s) if !s.is_empty() => s.to_string(),
                _ => UNNAMED.to_string(),
            };
            turns.push(ImportedTurn {
                speaker,
                time: cue.start,
                text: String::new(),
            });
            last_line = None;
        }
        let turn = turns.last_mut().expect("a turn was started");
        for line in &cue.lines {
            // Rolling captions repeat the line before.
            if last_line == Some(line.as_str()) {
                continue;
            }
            join(&mut turn.text, line);
            last_line = Some(line);
        }
    }
    turns.retain(|t| !t.text.is_empty());
    turns
}

/// Appends `words` to `text` as a reader reads across a caption break.
fn join(text: &mut String, words: &str) {
    let words = words.trim();
    if words.is_empty() {
        return;
    }
    let cjk_meet =
        text.chars().last().is_some_and(is_cjk) && words.chars().next().is_some_and(is_cjk);
    if !text.is_empty() && !cjk_meet {
        text.push(' ');
    }
    text.push_str(words);
}

/// What the imported transcript says of itself.
#[derive(Debug, Clone, Default)]
pub struct ImportMeta {
    pub title: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Who answers; guessed when empty.
    pub answerers: Vec<String>,
    /// Names for the labels the input gives (`SPEAKER_00` → `Jerod`).
    pub speakers: Vec<(String, String)>,
}

/// The transcript's text: front matter and a turn per paragraph, each
/// with its label and time.
pub(crate) fn write(turns: &[ImportedTurn], meta: &ImportMeta) -> (String, Option<String>) {
    let mut guess = None;
    let answerers = if meta.answerers.is_empty() {
        // The speaker who says the most.
        let mut said: Vec<(String, usize)> = Vec::new();
        for t in turns {
            match said.iter_mut().find(|(s, _)| *s == t.speaker) {
                Some((_, n)) => *n += t.text.chars().count(),
                None => said.push((t.speaker.clone(), t.text.chars().count())),
            }
        }
        let most = said.iter().max_by_key(|(_, n)| *n).map(|(s, _)| s.clone());
        guess.clone_from(&most);
        most.into_iter().collect()
    } else {
        meta.answerers.clone()
    };
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut out = String::from("---\n");
    let _ = writeln!(out, "title: {}", quote(&meta.title));
    let _ = writeln!(out, "date: {}", meta.date);
    let list: Vec<String> = answerers.iter().map(|a| quote(a)).collect();
    match &guess {
        Some(g) => {
            let _ = writeln!(
                out,
                "answerers: [{}]   # guessed: {g} says the most; correct it if someone else answers",
                list.join(", ")
            );
        }
        None => {
            let _ = writeln!(out, "answerers: [{}]", list.join(", "));
        }
    }
    if !meta.speakers.is_empty() {
        out.push_str("speakers:\n");
        for (label, name) in &meta.speakers {
            let _ = writeln!(out, "  {}: {{ name: {} }}", quote(label), quote(name));
        }
    }
    out.push_str("---\n");
    for turn in turns {
        let time = turn.time.map(|t| format!("[{t}] ")).unwrap_or_default();
        let _ = write!(
            out,
            "\n**{}:** {time}{}\n",
            turn.speaker.replace('*', ""),
            turn.text
        );
    }
    (out, guess)
}

/// What `colloq import` is asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub input: PathBuf,
    pub format: Option<Format>,
    /// Where to write; beside the input, as `.md`, when not given.
    pub output: Option<PathBuf>,
    pub meta: ImportMeta,
    /// Replace an output file that exists.
    pub force: bool,
    /// The input's encoding (`gbk`, `big5`, `windows-1252`); detected when
    /// not given.
    pub encoding: Option<String>,
}

/// What an import made, for its report.
#[derive(Debug, Clone)]
pub struct Imported {
    pub output: PathBuf,
    pub format: Format,
    pub turns: usize,
    pub speakers: Vec<String>,
    /// The answerer guessed, when none was given.
    pub guessed: Option<String>,
    /// The encoding the input was read in (`UTF-8`, `GBK`).
    pub encoding: &'static str,
}

/// Reads `options.input`, writes the transcript. Nothing else is touched.
pub fn import(options: &ImportOptions) -> Result<Imported, Error> {
    let path = &options.input;
    let fail = |line: Option<usize>, message: String, help: &str| {
        let span = line.map(|l| Span {
            line: l,
            column: 1,
            width: 1,
            text: String::new(),
        });
        Error::input(
            Diagnostic::new(path, message)
                .at_opt(span)
                .help(help.to_string())
                .into(),
        )
    };
    let bytes = std::fs::read(path)
        .map_err(|e| fail(None, format!("cannot read: {e}"), "check the file's name"))?;
    let (text, encoding) = decode(&bytes, path, options.encoding.as_deref())?;
    if text.trim().is_empty() {
        return Err(fail(
            None,
            "the file is empty".into(),
            "import a file of captions",
        ));
    }
    let format = options.format.unwrap_or_else(|| detect(path, &text));
    let cues = match format {
        Format::Vtt => captions::vtt(&text),
        Format::Srt => captions::srt(&text),
        Format::Whisper => json::whisper(&text),
        Format::Podcast => json::podcast(&text),
    }
    .map_err(|e| {
        fail(
            Some(e.line),
            e.message,
            "fix the line, or name the format with --format",
        )
    })?;
    let turns = turns(&cues);
    if turns.is_empty() {
        return Err(fail(
            None,
            "no words found".into(),
            "is this a file of captions?",
        ));
    }
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| path.with_extension("md"));
    if output.exists() && !options.force {
        return Err(Error::input(
            Diagnostic::new(&output, "the output file exists")
                .help("choose another --output, or pass --force to replace it")
                .into(),
        ));
    }
    let mut meta = options.meta.clone();
    if meta.title.is_empty() {
        meta.title = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("Transcript")
            .to_string();
    }
    let (text, guessed) = write(&turns, &meta);
    std::fs::write(&output, text).map_err(|e| {
        Error::input(
            Diagnostic::new(&output, format!("cannot write: {e}"))
                .help("check the folder exists")
                .into(),
        )
    })?;
    let mut speakers: Vec<String> = Vec::new();
    for t in &turns {
        if !speakers.contains(&t.speaker) {
            speakers.push(t.speaker.clone());
        }
    }
    Ok(Imported {
        output,
        format,
        turns: turns.len(),
        speakers,
        guessed,
        encoding,
    })
}

/// The input's text: UTF-8 (with or without its byte-order mark), UTF-16
/// by its byte-order mark, the encoding named, or the one detected (the
/// GB 18030 / GBK, Big5 and Windows-1252 of older caption tools), and
/// which it was.
fn decode(bytes: &[u8], path: &Path, named: Option<&str>) -> Result<(String, &'static str), Error> {
    let refuse = |message: String, help: &str| {
        Error::input(Diagnostic::new(path, message).help(help.to_string()).into())
    };
    let encoding = match named {
        Some(label) => encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
            refuse(
                format!("`{label}` is not an encoding colloq knows"),
                "name it as the WHATWG Encoding Standard does: utf-8, gbk, gb18030, big5, windows-1252, utf-16le",
            )
        })?,
        None => match encoding_rs::Encoding::for_bom(bytes) {
            Some((encoding, _)) => encoding,
            None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
            None => {
                let mut detector = chardetng::EncodingDetector::new();
                detector.feed(bytes, true);
                detector.guess(None, false)
            }
        },
    };
    let (text, _, malformed) = encoding.decode(bytes);
    if malformed {
        return Err(refuse(
            format!("the file is not valid {} text", encoding.name()),
            "name its encoding with --encoding (gbk, big5, windows-1252, utf-16le …)",
        ));
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    Ok((
        text.trim_start_matches('\u{feff}').to_string(),
        encoding.name(),
    ))
}

/// The format of a file, from its content, else its extension.
fn detect(path: &Path, text: &str) -> Format {
    if text.trim_start().starts_with("WEBVTT") {
        return Format::Vtt;
    }
    if text.trim_start().starts_with('{') {
        return if json::is_podcast(text) {
            Format::Podcast
        } else {
            Format::Whisper
        };
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some("vtt") => Format::Vtt,
        _ => Format::Srt,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(speaker: Option<&str>, ms: u64, text: &str) -> Cue {
        Cue {
            speaker: speaker.map(str::to_string),
            start: Some(Time::from_millis(ms)),
            end: None,
            lines: text.lines().map(str::to_string).collect(),
            line: 1,
        }
    }

    #[test]
    fn cues_become_turns_as_a_reader_reads_them() {
        let cues = [
            cue(Some("Jerod"), 0, "Welcome back to"),
            cue(None, 2000, "the show."),
            cue(Some("王毅"), 4000, "中美关系"),
            cue(None, 5000, "很重要。"),
            cue(Some("王毅"), 6000, "我们愿意\n继续合作"),
            cue(None, 7000, "继续合作\n共同发展。"),
            cue(Some("Jerod"), 8000, "Thanks."),
        ];
        let turns = turns(&cues);
        let read: Vec<(&str, u64, &str)> = turns
            .iter()
            .map(|t| {
                (
                    t.speaker.as_str(),
                    t.time.unwrap().millis(),
                    t.text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                ("Jerod", 0, "Welcome back to the show."),
                ("王毅", 4000, "中美关系很重要。我们愿意继续合作共同发展。"),
                ("Jerod", 8000, "Thanks."),
            ]
        );
    }

    #[test]
    fn the_transcript_builds_with_its_speakers_and_times() {
        let turns = turns(&[
            cue(Some("HOST"), 0, "Welcome."),
            cue(Some("GUEST"), 4000, "A question?"),
            cue(
                Some("HOST"),
                65_500,
                "A long answer, longer than the question.",
            ),
        ]);
        let meta = ImportMeta {
            title: "Episode".into(),
            date: "2024-06-01".into(),
            ..ImportMeta::default()
        };
        let (text, guessed) = write(&turns, &meta);
        assert_eq!(guessed.as_deref(), Some("HOST"));
        assert_eq!(
            text,
            "---\ntitle: \"Episode\"\ndate: 2024-06-01\nanswerers: [\"HOST\"]   # guessed: HOST says the most; correct it if someone else answers\n---\n\n**HOST:** [0:00] Welcome.\n\n**GUEST:** [0:04] A question?\n\n**HOST:** [1:05.5] A long answer, longer than the question.\n"
        );
        let transcript = crate::transcript::Transcript::parse(&crate::source::SourceFile {
            path: "a.md".into(),
            text,
        })
        .unwrap();
        assert_eq!(transcript.questions.len(), 1);
        assert_eq!(
            transcript.questions[0].turns[1].time(),
            Some(Time::from_millis(65_500))
        );
    }
}
