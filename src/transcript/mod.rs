//! A transcript file -> [`Transcript`]: front matter, turns and questions.
//!
//! Parsing happens in three phases, one file each: [`front_matter`] splits
//! and checks the YAML header, [`body`] cuts the Markdown body into blocks
//! and speaker labels, and this module groups those into turns, an opening
//! and numbered questions. Nothing here touches the file system.

pub(crate) mod body;
pub(crate) mod front_matter;
pub(crate) mod printed;
#[cfg(test)]
mod properties;
pub(crate) mod time;
pub(crate) mod translation;
pub(crate) mod warnings;

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::Unexpected;

pub(crate) use body::Block;
use body::Piece;
pub(crate) use front_matter::{FrontMatter, GroupBy, Role, SpeakerInfo, parse_day};
pub(crate) use time::Time;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::slug::Slug;
use crate::source::SourceFile;

impl Turn {
    /// When it starts in the recording: its first paragraph's time.
    pub fn time(&self) -> Option<Time> {
        self.blocks.first().and_then(|b| b.time)
    }
}

/// One speaker's uninterrupted contribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    /// 1-based, counted across the whole transcript: the turn's identity
    /// in anchors (`#t7`).
    pub number: usize,
    /// The speaker's label as written in the text.
    pub speaker: String,
    pub blocks: Vec<Block>,
    /// The line of the file the label is on.
    pub line: usize,
    /// In a translation, a turn left untranslated: written as its label
    /// and `[untranslated]`, or after the translation's last turn. It has
    /// no blocks.
    pub untranslated: bool,
}

/// A question and everything said in answer to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// 1, 2, 3 ...: the question's identity in annotations and URLs.
    pub number: usize,
    /// The heading that started it, under `group_by: heading`.
    pub heading: Option<String>,
    pub turns: Vec<Turn>,
}

impl Question {
    /// Who asked: the speaker of the question's first turn.
    pub fn asker(&self) -> Option<&str> {
        self.turns.first().map(|t| t.speaker.as_str())
    }
}

/// A part of a transcript: the opening (the preamble and the turns before
/// the first question) or a question, by number. A sidecar note names one
/// as its scope (`question: 3`, `question: opening`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Opening,
    Question(usize),
}

impl fmt::Display for Section {
    /// How messages name it: `the opening`, `question 3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Section::Opening => f.write_str("the opening"),
            Section::Question(n) => write!(f, "question {n}"),
        }
    }
}

impl<'de> Deserialize<'de> for Section {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Section, D::Error> {
        struct SectionVisitor;
        impl serde::de::Visitor<'_> for SectionVisitor {
            type Value = Section;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a question's number (1, 2, ...) or `opening`")
            }

            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Section, E> {
                usize::try_from(n)
                    .map(Section::Question)
                    .map_err(|_| E::invalid_value(Unexpected::Unsigned(n), &self))
            }

            fn visit_u128<E: serde::de::Error>(self, _: u128) -> Result<Section, E> {
                Err(E::invalid_value(Unexpected::Other("a huge number"), &self))
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Section, E> {
                match text {
                    "opening" => Ok(Section::Opening),
                    _ => Err(E::invalid_value(Unexpected::Str(text), &self)),
                }
            }
        }
        deserializer.deserialize_any(SectionVisitor)
    }
}

/// A parsed transcript.
#[derive(Debug, Clone, PartialEq)]
pub struct Transcript {
    /// The source file, relative to the site root.
    pub path: PathBuf,
    pub meta: FrontMatter,
    pub slug: Slug,
    /// Blocks before the first speaker label.
    pub preamble: Vec<Block>,
    /// Turns before the first question.
    pub opening: Vec<Turn>,
    pub questions: Vec<Question>,
}

impl Transcript {
    /// Parses a transcript file, reporting every problem found.
    pub fn parse(file: &SourceFile) -> Result<Transcript, Diagnostics> {
        let split = front_matter::split(&file.text, &file.path).map_err(Diagnostics::from)?;
        let meta = FrontMatter::parse(&split, &file.path)?;
        let slug = transcript_slug(&meta, &split, &file.path)?;
        let labels = meta.declared_labels();
        let pieces = body::pieces(
            split.body,
            split.body_line,
            &labels,
            meta.group_by == GroupBy::Heading,
        );
        let (preamble, opening, questions) = group(pieces, &meta);
        let transcript = Transcript {
            path: file.path.clone(),
            meta,
            slug,
            preamble,
            opening,
            questions,
        };
        transcript.check_times()?;
        Ok(transcript)
    }

    /// Times must not go backwards: each is an error at its line, naming
    /// the time before it.
    fn check_times(&self) -> Result<(), Diagnostics> {
        let mut problems = Diagnostics::new();
        let mut last: Option<(Time, usize)> = None;
        let blocks = self
            .preamble
            .iter()
            .chain(self.turns().flat_map(|t| &t.blocks));
        for block in blocks {
            let Some(time) = block.time else { continue };
            if let Some((before, line)) = last
                && time < before
            {
                problems.push(
                    Diagnostic::new(
                        &self.path,
                        format!("time {time} goes back before {before} (line {line})"),
                    )
                    .at(crate::diagnostic::Span {
                        line: block.line,
                        column: 1,
                        width: block.stamp.trim_end().chars().count().max(1),
                        text: block.stamp.trim_end().to_string(),
                    })
                    .label("earlier than the time before it")
                    .help("times of a recording only go forward: fix this time or the one before"),
                );
            }
            last = Some((time, block.line));
        }
        problems.into_result(())
    }

    /// Every turn, the opening's and the questions', in order.
    pub fn turns(&self) -> impl Iterator<Item = &Turn> {
        self.opening
            .iter()
            .chain(self.questions.iter().flat_map(|q| &q.turns))
    }

    /// What the speaker labelled `speaker` does.
    #[must_use]
    pub fn role(&self, speaker: &str) -> Role {
        self.meta.role(speaker)
    }

    /// A plain-text outline of the structure, for tests and debugging:
    /// one line per block (its time first, `@12:34`), indented under its
    /// turn and question.
    #[must_use]
    pub fn outline(&self) -> String {
        let mut out = String::new();
        let block_lines = |out: &mut String, blocks: &[Block], indent: &str| {
            for block in blocks {
                let time = block.time.map(|t| format!("@{t} ")).unwrap_or_default();
                let _ = writeln!(out, "{indent}{time}{}", block.markdown.replace('\n', "⏎"));
            }
        };
        let turns = |out: &mut String, turns: &[Turn]| {
            for turn in turns {
                let untranslated = if turn.untranslated {
                    " untranslated"
                } else {
                    ""
                };
                let _ = writeln!(out, "  [{}]{untranslated}", turn.speaker);
                block_lines(out, &turn.blocks, "    ");
            }
        };
        if !self.preamble.is_empty() {
            out.push_str("preamble\n");
            block_lines(&mut out, &self.preamble, "  ");
        }
        if !self.opening.is_empty() {
            out.push_str("opening\n");
            turns(&mut out, &self.opening);
        }
        for q in &self.questions {
            let _ = write!(out, "question {}", q.number);
            if let Some(heading) = &q.heading {
                let _ = write!(out, ": {heading}");
            }
            out.push('\n');
            turns(&mut out, &q.turns);
        }
        out
    }
}

fn transcript_slug(
    meta: &FrontMatter,
    split: &front_matter::Split<'_>,
    file: &Path,
) -> Result<Slug, Diagnostics> {
    let source = crate::yaml::YamlSource {
        text: split.front_matter,
        file,
        first_line: split.front_matter_line,
    };
    let slug = if let Some(text) = &meta.slug {
        Slug::parse(text).map_err(|reason| {
            Diagnostic::new(file, format!("invalid slug `{text}`: {reason}"))
                .at_opt(source.value_span("slug"))
                .help("a slug names the transcript's folder in the site")
        })?
    } else {
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        Slug::from_name(stem).ok_or_else(|| {
            Diagnostic::new(file, format!("the file name `{stem}` gives no slug"))
                .help("rename the file, or add `slug:` to the front matter")
        })?
    };
    if slug.is_reserved() {
        return Err(
            Diagnostic::new(file, format!("the slug `{slug}` is reserved"))
                .at_opt(source.value_span("slug"))
                .help(format!(
                    "the site uses these names itself: {}, and Windows cannot name a folder \
                     con, prn, aux, nul, com1-9 or lpt1-9; choose another slug",
                    crate::slug::RESERVED.join(", ")
                ))
                .into(),
        );
    }
    Ok(slug)
}

/// Groups pieces into the preamble, the opening turns and the questions.
pub(crate) fn group(
    pieces: Vec<Piece>,
    meta: &FrontMatter,
) -> (Vec<Block>, Vec<Turn>, Vec<Question>) {
    let by_heading = meta.group_by == GroupBy::Heading;
    let asks = |speaker: &str| meta.role(speaker) == Role::Asker;
    let mut preamble = Vec::new();
    let mut opening = Vec::new();
    let mut questions: Vec<Question> = Vec::new();
    let mut turn_count = 0;
    // The speaker of the turn in progress: blocks after a question heading
    // continue that speaker, in a new turn of the new question.
    let mut speaker: Option<(String, usize)> = None;
    let mut current: Option<Turn> = None;

    let finish = |turn: Option<Turn>, opening: &mut Vec<Turn>, questions: &mut Vec<Question>| {
        if let Some(turn) = turn {
            match questions.last_mut() {
                Some(q) => q.turns.push(turn),
                None => opening.push(turn),
            }
        }
    };

    for piece in pieces {
        match piece {
            Piece::Label {
                speaker: s, line, ..
            } => {
                finish(current.take(), &mut opening, &mut questions);
                if !by_heading && asks(&s) {
                    questions.push(Question {
                        number: questions.len() + 1,
                        heading: None,
                        turns: Vec::new(),
                    });
                }
                turn_count += 1;
                speaker = Some((s.clone(), line));
                current = Some(Turn {
                    number: turn_count,
                    speaker: s,
                    blocks: Vec::new(),
                    line,
                    untranslated: false,
                });
            }
            Piece::Heading { title, .. } if by_heading => {
                finish(current.take(), &mut opening, &mut questions);
                questions.push(Question {
                    number: questions.len() + 1,
                    heading: Some(title),
                    turns: Vec::new(),
                });
            }
            Piece::Heading { block, .. } | Piece::Block(block) => match (&mut current, &speaker) {
                (Some(turn), _) => turn.blocks.push(block),
                (None, Some((s, _))) => {
                    turn_count += 1;
                    current = Some(Turn {
                        number: turn_count,
                        speaker: s.clone(),
                        blocks: vec![block.clone()],
                        line: block.line,
                        untranslated: false,
                    });
                }
                (None, None) if questions.is_empty() => preamble.push(block),
                // Text under a question heading before anyone speaks.
                (None, None) => {
                    turn_count += 1;
                    current = Some(Turn {
                        number: turn_count,
                        speaker: String::new(),
                        blocks: vec![block.clone()],
                        line: block.line,
                        untranslated: false,
                    });
                }
            },
        }
    }
    finish(current.take(), &mut opening, &mut questions);
    (preamble, opening, questions)
}
