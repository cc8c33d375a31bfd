//! A transcript in another format -> a colloq transcript: front matter and
//! labelled, timed Markdown turns that build at once.
//!
//! Each format's reader makes [`Cue`]s (`captions` for WebVTT and SRT,
//! `json` for Whisper and Podcasting 2.0, `text` for printed transcripts);
//! [`turns`] joins consecutive cues of one speaker into a turn (a cue
//! that names no one continues the turn before, since captions name the
//! speaker only when it changes), as a reader reads them: a cue break is
//! a space between Latin words and nothing between CJK characters, and
//! the repeated line of rolling captions is not doubled. [`write()`] makes
//! the transcript's text, [`convert`] does it all on a string, and only
//! [`import`] reads and writes files.

mod captions;
mod json;
#[cfg(test)]
mod properties;
mod text;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Span};
use crate::error::Error;
use crate::markdown::is_cjk;
use crate::transcript::Time;
use crate::transcript::body::MAX_LABEL;

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
    /// Whether it starts a paragraph of its turn (a printed transcript's
    /// paragraphs), rather than running on (a caption).
    pub paragraph: bool,
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
            paragraph: false,
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
    /// A transcript as an official page or a PDF prints it.
    Text,
}

/// What a format's reader made of a file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Read {
    pub cues: Vec<Cue>,
    /// Paragraphs before the first speaker (a printed page's title).
    pub preamble: Vec<String>,
    /// What the reader left out ("3 page numbers").
    pub dropped: Vec<String>,
}

impl Read {
    fn cues(cues: Vec<Cue>) -> Read {
        Read {
            cues,
            ..Read::default()
        }
    }
}

/// Reads `input` as `format`.
fn read(input: &str, format: Format) -> Result<Read, ImportError> {
    match format {
        Format::Vtt => captions::vtt(input).map(Read::cues),
        Format::Srt => captions::srt(input).map(Read::cues),
        Format::Whisper => json::whisper(input).map(Read::cues),
        Format::Podcast => json::podcast(input).map(Read::cues),
        Format::Text => text::text(input).map(|t| Read {
            cues: t.cues,
            preamble: t.preamble,
            dropped: t.dropped,
        }),
    }
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

/// Joins cues into turns. A turn's time never goes back before the one
/// before it (captions overlap by a little).
pub(crate) fn turns(cues: &[Cue]) -> Vec<ImportedTurn> {
    let mut turns: Vec<ImportedTurn> = Vec::new();
    let mut last_line: Option<&str> = None;
    let mut last_time: Option<Time> = None;
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
            let time = cue.start.map(|t| last_time.map_or(t, |b| t.max(b)));
            last_time = time.or(last_time);
            turns.push(ImportedTurn {
                speaker,
                time,
                text: String::new(),
            });
            last_line = None;
        }
        let turn = turns.last_mut().expect("a turn was started");
        if cue.paragraph && !turn.text.is_empty() {
            turn.text.push_str("\n\n");
        }
        for line in &cue.lines {
            // Rolling captions repeat the line before.
            if !cue.paragraph && last_line == Some(line.as_str()) {
                continue;
            }
            join(&mut turn.text, line);
            last_line = Some(line);
        }
    }
    turns.retain(|t| !t.text.is_empty());
    turns
}

/// Captions in time order: a cue may start a little before the one
/// before it ends, but not further back than that cue is long.
fn in_order(cues: &[Cue]) -> Result<(), ImportError> {
    let timed = cues.iter().filter_map(|c| Some((c, c.start?)));
    let mut before: Option<(&Cue, Time)> = None;
    for (cue, start) in timed {
        if let Some((last, at)) = before {
            let length = last
                .end
                .map_or(0, |end| end.millis().saturating_sub(at.millis()));
            if start.millis() + length < at.millis() {
                return Err(ImportError::at(
                    cue.line,
                    format!(
                        "this cue starts at {start}, before the cue on line {} (at {at}): the times go backwards",
                        last.line
                    ),
                ));
            }
        }
        if before.is_none_or(|(_, at)| start >= at) {
            before = Some((cue, start));
        }
    }
    Ok(())
}

/// Appends `words` to `text` as a reader reads across a caption break.
pub(crate) fn join(text: &mut String, words: &str) {
    let words = words.trim();
    if words.is_empty() {
        return;
    }
    let cjk_meet =
        text.chars().last().is_some_and(is_cjk) && words.chars().next().is_some_and(is_cjk);
    if !text.is_empty() && !text.ends_with('\n') && !cjk_meet {
        text.push(' ');
    }
    text.push_str(words);
}

/// What the imported transcript says of itself, as given on the command
/// line.
#[derive(Debug, Clone, Default)]
pub struct ImportMeta {
    /// The title; else a printed transcript's first line, else the file's
    /// name.
    pub title: Option<String>,
    /// `YYYY-MM-DD`; else a date in a printed transcript's first lines,
    /// else today.
    pub date: Option<String>,
    /// Who answers; guessed when empty.
    pub answerers: Vec<String>,
    /// Names for the labels the input gives (`SPEAKER_00` → `Jerod`).
    pub speakers: Vec<(String, String)>,
}

/// The transcript made of an input.
#[derive(Debug, Clone)]
pub(crate) struct Converted {
    /// Its text: front matter and turns.
    pub text: String,
    pub turns: Vec<ImportedTurn>,
    /// The answerer guessed, when none was given.
    pub guessed: Option<String>,
    /// What the reader left out.
    pub dropped: Vec<String>,
}

/// Makes a transcript of `input`, read as `format`: the pure heart of
/// [`import`]. `name` titles it and `today` dates it when neither the
/// command line nor the text does.
pub(crate) fn convert(
    input: &str,
    format: Format,
    meta: &ImportMeta,
    name: &str,
    today: &str,
) -> Result<Converted, ImportError> {
    let Read {
        mut cues,
        mut preamble,
        mut dropped,
    } = read(input, format)?;
    for said in &mut dropped {
        *said = printable(said);
    }
    for cue in &mut cues {
        cue.speaker = cue.speaker.as_deref().map(label);
        for line in &mut cue.lines {
            *line = printable(line);
        }
    }
    for paragraph in &mut preamble {
        *paragraph = printable(paragraph).trim().to_string();
    }
    preamble.retain(|p| !p.is_empty());
    in_order(&cues)?;
    let turns = turns(&cues);
    if turns.is_empty() {
        return Err(ImportError::at(1, "no words found"));
    }
    let date = meta
        .date
        .clone()
        .or_else(|| preamble.iter().find_map(|p| date_in(p)))
        .unwrap_or_else(|| today.to_string());
    let title = match meta.title.as_deref().map(str::trim) {
        Some(title) if !title.is_empty() => title.to_string(),
        _ if preamble.first().is_some_and(|p| p.chars().count() <= 200) => preamble.remove(0),
        _ if !name.trim().is_empty() => name.trim().to_string(),
        _ => "Transcript".to_string(),
    };
    let front = Front {
        title: &title,
        date: &date,
        answerers: &meta.answerers,
        speakers: &meta.speakers,
        dropped: &dropped,
    };
    let (text, guessed) = write(&turns, &preamble, &front);
    Ok(Converted {
        text,
        turns,
        guessed,
        dropped,
    })
}

/// `text` without control characters (a tab is a space) and the two
/// noncharacters YAML refuses (U+FFFE, U+FFFF): a transcript, its front
/// matter above all, has none.
fn printable(text: &str) -> String {
    text.chars()
        .filter(|&c| (!c.is_control() || c == '\t') && c != '\u{fffe}' && c != '\u{ffff}')
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect()
}

/// A speaker's name as a label the transcript reads back: printable,
/// without the `*` of bold, and no longer than a label may be.
fn label(name: &str) -> String {
    let name = printable(name).replace('*', "");
    let name = name.trim();
    match name.char_indices().nth(MAX_LABEL) {
        Some((end, _)) => name[..end].trim_end().to_string(),
        None => name.to_string(),
    }
}

/// Imports `input` as `format` and reads back what it made: any text is
/// either refused with a reason or made into a transcript that parses,
/// whose turns hold every turn made. Panics otherwise (the fuzz targets'
/// oracle).
pub(crate) fn round_trip(input: &str, format: Format) {
    let meta = ImportMeta::default();
    let Ok(converted) = convert(input, format, &meta, "fuzz", "2024-01-01") else {
        return;
    };
    let file = crate::source::SourceFile {
        path: "content/fuzz.md".into(),
        text: converted.text.clone(),
    };
    let transcript = crate::transcript::Transcript::parse(&file)
        .unwrap_or_else(|e| panic!("an import does not parse: {e}\n{}", converted.text));
    assert_eq!(
        transcript.turns().count(),
        converted.turns.len(),
        "{}",
        converted.text
    );
}

/// The months, as English pages print dates.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date as a page prints it near its top: `2024-05-10`,
/// `2024年5月10日`, `May 10, 2024`; as `YYYY-MM-DD`.
fn date_in(text: &str) -> Option<String> {
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let day = |y: u32, m: u32, d: u32| {
        let date = format!("{y:04}-{m:02}-{d:02}");
        crate::transcript::parse_day(&date).ok().map(|_| date)
    };
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !c.is_ascii_digit() || k > 0 && chars[k - 1].1.is_ascii_digit() {
            continue;
        }
        let rest = &text[i..];
        let year: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = &rest[year.len()..];
        if year.len() != 4 {
            continue;
        }
        let y = number(&year)?;
        if let Some(md) = after.strip_prefix('-') {
            let (m, d) = (md.get(..2).and_then(number), md.get(3..5).and_then(number));
            if let (Some(m), Some(d)) = (m, d)
                && md.get(2..3) == Some("-")
            {
                return day(y, m, d);
            }
        }
        if let Some(md) = after.strip_prefix('年')
            && let Some((m, d)) = md.split_once('月')
            && let Some((d, _)) = d.split_once('日')
        {
            return day(y, number(m.trim())?, number(d.trim())?);
        }
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(3).find_map(|w| {
        let m = MONTHS.iter().position(|m| *m == w[0])? + 1;
        day(number(w[2])?, u32::try_from(m).ok()?, number(w[1])?)
    })
}

/// The front matter an import writes.
struct Front<'a> {
    title: &'a str,
    date: &'a str,
    answerers: &'a [String],
    speakers: &'a [(String, String)],
    dropped: &'a [String],
}

/// A paragraph of imported words as Markdown that shows them as they are:
/// the characters Markdown reads as markup are escaped, and so is a
/// start that would make a heading, a list or a quote; white space around
/// it (which would indent it into code, or hide a label) is cut.
fn escape(paragraph: &str) -> String {
    let paragraph = paragraph.trim();
    let mut out = String::with_capacity(paragraph.len());
    for c in paragraph.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if out.starts_with(['#', '-', '+', '=']) {
        out.insert(0, '\\');
    } else if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// The transcript's text: front matter, the preamble, and a turn per
/// paragraph, each with its label and time; and the answerer guessed.
fn write(turns: &[ImportedTurn], preamble: &[String], front: &Front) -> (String, Option<String>) {
    let mut guess = None;
    let answerers = if front.answerers.is_empty() {
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
        front.answerers.to_vec()
    };
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut out = String::from("---\n");
    let _ = writeln!(out, "title: {}", quote(front.title));
    let _ = writeln!(out, "date: {}", front.date);
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
    if !front.speakers.is_empty() {
        out.push_str("speakers:\n");
        for (label, name) in front.speakers {
            let _ = writeln!(out, "  {}: {{ name: {} }}", quote(label), quote(name));
        }
    }
    for dropped in front.dropped {
        let _ = writeln!(out, "# left out on import: {dropped}");
    }
    out.push_str("---\n");
    // A paragraph that is not a turn must not open like a declared one.
    let declared: Vec<&str> = answerers
        .iter()
        .map(String::as_str)
        .chain(front.speakers.iter().map(|(label, _)| label.as_str()))
        .collect();
    let unlabelled = |paragraph: &str| not_a_turn(&escape(paragraph), &declared);
    for paragraph in preamble {
        let _ = write!(out, "\n{}\n", unlabelled(paragraph));
    }
    for turn in turns {
        let time = turn.time.map(|t| format!("[{t}] ")).unwrap_or_default();
        let first = turn.text.split("\n\n").next().unwrap_or_default();
        let _ = write!(out, "\n**{}:** {time}{}\n", turn.speaker, escape(first));
        for paragraph in turn.text.split("\n\n").skip(1) {
            let _ = write!(out, "\n{}\n", unlabelled(paragraph));
        }
    }
    (out, guess)
}

/// `paragraph` (escaped), changed where it opens with a declared label and
/// a colon so that it does not start a turn: an ASCII colon escaped, a
/// full-width one as its character reference; it shows the same.
fn not_a_turn(paragraph: &str, declared: &[&str]) -> String {
    for label in declared {
        if let Some(rest) = paragraph.strip_prefix(label) {
            if let Some(after) = rest.strip_prefix(':') {
                return format!("{label}\\:{after}");
            }
            if let Some(after) = rest.strip_prefix('：') {
                return format!("{label}&#xFF1A;{after}");
            }
        }
    }
    paragraph.to_string()
}

/// What `colloq import` is asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub input: PathBuf,
    pub format: Option<Format>,
    /// Where to write; beside the input, as `.md`, when not given.
    pub output: Option<PathBuf>,
    pub meta: ImportMeta,
    /// The date when neither `meta` nor the text gives one.
    pub today: String,
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
    /// What the reader left out ("12 page numbers").
    pub dropped: Vec<String>,
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
    if let Some(date) = &options.meta.date
        && let Err(why) = crate::transcript::parse_day(date)
    {
        return Err(fail(
            None,
            format!("--date {why}"),
            "give the date as YYYY-MM-DD (2024-05-10)",
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| fail(None, format!("cannot read: {e}"), "check the file's name"))?;
    let (text, encoding) = decode(&bytes, path, options.encoding.as_deref())?;
    if text.trim().is_empty() {
        return Err(fail(
            None,
            "the file is empty".into(),
            "import a file of captions or a transcript's text",
        ));
    }
    let format = options.format.unwrap_or_else(|| detect(path, &text));
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("Transcript");
    let converted = convert(&text, format, &options.meta, name, &options.today).map_err(|e| {
        fail(
            Some(e.line),
            e.message,
            "fix the line, or name the format with --format",
        )
    })?;
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
    std::fs::write(&output, &converted.text).map_err(|e| {
        Error::input(
            Diagnostic::new(&output, format!("cannot write: {e}"))
                .help("check the folder exists")
                .into(),
        )
    })?;
    let mut speakers: Vec<String> = Vec::new();
    for t in &converted.turns {
        if !speakers.contains(&t.speaker) {
            speakers.push(t.speaker.clone());
        }
    }
    Ok(Imported {
        output,
        format,
        turns: converted.turns.len(),
        speakers,
        guessed: converted.guessed,
        encoding,
        dropped: converted.dropped,
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
            // Text has no NUL bytes; audio, video, PDFs and archives do.
            None if bytes.contains(&0) => {
                return Err(refuse(
                    "this is a binary file, not text".into(),
                    "import captions, a speech-recognition JSON or a transcript's text (for a PDF, its text: `pdftotext -layout FILE.pdf`); for UTF-16 without a byte-order mark, pass --encoding utf-16le",
                ));
            }
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
        Some("srt") => Format::Srt,
        _ if text.lines().take(20).any(|l| l.contains("-->")) => Format::Srt,
        _ => Format::Text,
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
            paragraph: false,
        }
    }

    /// Found by fuzzing: a speaker's name longer than a label may be, or
    /// made of asterisks, was not read back as a label, and its turn was
    /// lost; a control character in what a PDF's text dropped went into a
    /// front-matter comment.
    #[test]
    fn every_speaker_is_read_back_and_every_comment_is_printable() {
        let long = format!(
            r#"{{"segments": [{{"start": 0, "end": 1, "text": "Hi.", "speaker": "A"}}, {{"start": 1, "end": 2, "text": "Yes.", "speaker": "{}"}}, {{"start": 2, "end": 3, "text": "No.", "speaker": "**"}}]}}"#,
            "x".repeat(80)
        );
        round_trip(&long, Format::Whisper);
        let pdf = "Page 1\n\u{c}M\u{b4}R: one\n\nQ: two?\n\nA: yes\n\u{c}M\u{b4}R: three\n";
        round_trip(pdf, Format::Text);
        // U+FFFF, which YAML refuses, in a WhisperX speaker's name.
        round_trip(
            r#"{"segments": [{"start": 2, "end": 3, "text": "In.", "speaker": "J\uffff\ufffe"}]}"#,
            Format::Whisper,
        );
        round_trip(
            "Head\u{7}er\n1\nQ: a?\nA: b.\n\u{c}Head\u{7}er\n2\nQ: c?\nA: d.\n",
            Format::Text,
        );
    }

    /// Found by fuzzing: a preamble line of a NUL alone titled the
    /// transcript with nothing, which the front matter refuses.
    #[test]
    fn a_transcript_always_has_a_title() {
        let nul = "\u{0}\n\nQUESTION: When?\n\nANSWER: Soon.\n";
        round_trip(nul, Format::Text);
        let converted = convert(nul, Format::Text, &ImportMeta::default(), "t", "2024-01-01");
        assert!(converted.unwrap().text.starts_with("---\ntitle: \"t\"\n"));
        let meta = ImportMeta {
            title: Some("  ".into()),
            ..ImportMeta::default()
        };
        let converted = convert(
            "QUESTION: When?\n\nANSWER: Soon.\n",
            Format::Text,
            &meta,
            "",
            "2024-01-01",
        )
        .unwrap();
        assert!(
            converted.text.starts_with("---\ntitle: \"Transcript\"\n"),
            "{}",
            converted.text
        );
    }

    /// Found by fuzzing: a paragraph of a turn that opened with a declared
    /// label (its own line's label hidden by a control character) became
    /// a turn of its own when read back.
    #[test]
    fn a_paragraph_never_opens_like_a_declared_label() {
        round_trip(
            "汪文斌：各位好。\n\n\u{1}汪文斌：第二段。\n\n\u{1}QUESTION: third.\n\nQUESTION: Why?\n",
            Format::Text,
        );
        let turns = [ImportedTurn {
            speaker: "汪文斌".into(),
            time: None,
            text: "各位好。\n\n汪文斌：第二段。\n\nA: x".into(),
        }];
        let front = Front {
            title: "T",
            date: "2024-01-01",
            answerers: &["汪文斌".to_string(), "A".to_string()],
            speakers: &[],
            dropped: &[],
        };
        // Found by fuzzing too: white space before the label (a control
        // character cleaned away before it) hid it from the check.
        let (text, _) = write(&turns, &["   A: preamble".to_string()], &front);
        assert!(
            text.ends_with(
                "\nA\\: preamble\n\n**汪文斌:** 各位好。\n\n汪文斌&#xFF1A;第二段。\n\nA\\: x\n"
            ),
            "{text}"
        );
    }

    /// Found by fuzzing: a control character in a speaker's name made
    /// front matter that YAML refuses.
    #[test]
    fn control_characters_never_reach_the_transcript() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\n[R\u{f}\u{b}EPORTER] When\u{7}?\n";
        round_trip(srt, Format::Srt);
        let converted =
            convert(srt, Format::Srt, &ImportMeta::default(), "t", "2024-01-01").unwrap();
        assert!(
            converted.text.contains("**REPORTER:** [0:01] When?"),
            "{}",
            converted.text
        );
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
        let front = Front {
            title: "Episode",
            date: "2024-06-01",
            answerers: &[],
            speakers: &[],
            dropped: &[],
        };
        let (text, guessed) = write(&turns, &[], &front);
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
