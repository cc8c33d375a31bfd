//! A translation file (`a.en.md`) -> a [`Transcript`] of the same shape
//! as its original: the same questions, and turn for turn the same
//! speakers and numbers, so that `#t3-p2` is the same passage in both.
//!
//! Its front matter holds only what differs (title, subtitle, translator,
//! speakers' names, ...); the rest is the original's. Its turns follow the
//! original's one for one, by the original's label or the name the
//! translation gives that speaker. A turn written as its label and
//! `[untranslated]` alone, and every turn after the translation's last,
//! is untranslated.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::body::{self, Piece};
use super::front_matter::{self, FrontMatter, GroupBy, SpeakerInfo};
use super::{Transcript, Turn, group};
use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::language::Language;
use crate::source::SourceFile;
use crate::yaml::YamlSource;

/// What a turn left untranslated in the middle of a translation says.
pub(crate) const UNTRANSLATED: &str = "[untranslated]";

/// A translation's front matter: what it changes of the original's.
#[derive(Deserialize)]
struct Raw {
    title: Option<String>,
    subtitle: Option<String>,
    language: Option<String>,
    translator: Option<String>,
    event: Option<String>,
    location: Option<String>,
    source: Option<String>,
    source_url: Option<String>,
    #[serde(default)]
    speakers: BTreeMap<String, SpeakerInfo>,
}

/// What messages call a translation's front matter.
const WHAT: &str = "a translation's front matter";

/// The keys of an original's front matter that a translation takes from
/// it and cannot change.
const FROM_THE_ORIGINAL: &[&str] = &[
    "date",
    "slug",
    "answerers",
    "hosts",
    "group_by",
    "topics",
    "draft",
    "media",
    "extra",
];

/// `problems` with each unknown key that is the original's own said so.
fn from_the_original(problems: &Diagnostics, source: &YamlSource<'_>) -> Diagnostics {
    let mut out = Diagnostics::new();
    for d in problems.iter() {
        let key = FROM_THE_ORIGINAL
            .iter()
            .find(|key| d.message == format!("unknown key `{key}` in {WHAT}"));
        match key {
            Some(key) => out.push(
                Diagnostic::new(source.file, format!("`{key}` comes from the original"))
                    .at_opt(source.key_span(key))
                    .label("a translation cannot change it")
                    .help("a translation's front matter holds only what it says otherwise: its title, subtitle, translator, event, location, source and speakers' names; remove this line"),
            ),
            None => out.push(d.clone()),
        }
    }
    out
}

/// Parses `file`, a translation into `language` of `original`, and aligns
/// its turns with the original's.
pub(crate) fn parse(
    original: &Transcript,
    file: &SourceFile,
    language: &Language,
) -> Result<Transcript, Diagnostics> {
    let split = front_matter::split(&file.text, &file.path).map_err(Diagnostics::from)?;
    let source = YamlSource {
        text: split.front_matter,
        file: &file.path,
        first_line: split.front_matter_line,
    };
    let (raw, problems): (Raw, _) = source
        .parse_keyed(WHAT)
        .map_err(|problems| from_the_original(&problems, &source))?;
    let mut problems = from_the_original(&problems, &source);
    if let Some(said) = &raw.language
        && !language.same(said)
    {
        problems.push(
            Diagnostic::new(
                &file.path,
                format!("the file name says {language}, but `language:` says {said}"),
            )
            .at_opt(source.value_span("language"))
            .label("not the file name's language")
            .help(format!(
                "a translation's language is the tag in its name: write `language: {language}` or rename the file"
            )),
        );
    }
    let meta = overlay(&original.meta, raw, language);
    // A speaker is written by the original's label or the name given here.
    let mut aliases: BTreeMap<&str, &str> = BTreeMap::new();
    for (label, info) in &meta.speakers {
        if let Some(name) = &info.name {
            aliases.insert(name, label);
        }
    }
    let mut labels = meta.declared_labels();
    labels.extend(aliases.keys().copied());
    front_matter::longest_first(&mut labels);
    let by_heading = meta.group_by == GroupBy::Heading;
    let pieces: Vec<Piece> = body::pieces(split.body, split.body_line, &labels, by_heading)
        .into_iter()
        .map(|piece| match piece {
            Piece::Label {
                speaker,
                line,
                source,
            } => Piece::Label {
                speaker: aliases
                    .get(speaker.as_str())
                    .map_or(speaker, |label| (*label).to_string()),
                line,
                source,
            },
            other => other,
        })
        .collect();
    let (preamble, opening, questions) = group(pieces, &meta);
    let written: Vec<Turn> = opening
        .into_iter()
        .chain(questions.iter().flat_map(|q| q.turns.clone()))
        .collect();
    let headings: Vec<Option<String>> = questions.into_iter().map(|q| q.heading).collect();
    problems.extend(check_alignment(original, &written, file));
    problems.into_result(())?;

    let (opening, questions) = align(original, written, &headings);
    Ok(Transcript {
        path: file.path.clone(),
        meta,
        slug: original.slug.clone(),
        preamble,
        opening,
        questions,
    })
}

/// The turns `written` in the original's shape: each numbered as its
/// counterpart, in the opening or the question the counterpart is in,
/// with the headings given (the original's where none is); the turns past
/// the last written, untranslated.
fn align(
    original: &Transcript,
    written: Vec<Turn>,
    headings: &[Option<String>],
) -> (Vec<Turn>, Vec<super::Question>) {
    let mut written = written.into_iter();
    let mut align = |turn: &Turn| -> Turn {
        match written.next() {
            Some(mut t) if t.blocks.len() == 1 && t.blocks[0].markdown.trim() == UNTRANSLATED => {
                t.number = turn.number;
                t.blocks.clear();
                t.untranslated = true;
                t
            }
            Some(mut t) => {
                t.number = turn.number;
                // A paragraph without a time of its own starts where its
                // counterpart does.
                for (block, counterpart) in t.blocks.iter_mut().zip(&turn.blocks) {
                    if block.time.is_none() {
                        block.time = counterpart.time;
                    }
                }
                t
            }
            None => Turn {
                number: turn.number,
                speaker: turn.speaker.clone(),
                blocks: Vec::new(),
                line: 0,
                untranslated: true,
            },
        }
    };
    let opening = original.opening.iter().map(&mut align).collect();
    let questions = original
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| super::Question {
            number: q.number,
            heading: headings
                .get(i)
                .cloned()
                .flatten()
                .or_else(|| q.heading.clone()),
            turns: q.turns.iter().map(&mut align).collect(),
        })
        .collect();
    (opening, questions)
}

/// The original's front matter with what the translation changes.
fn overlay(original: &FrontMatter, raw: Raw, language: &Language) -> FrontMatter {
    let mut meta = original.clone();
    let set = |field: &mut Option<String>, value: Option<String>| {
        if value.is_some() {
            *field = value;
        }
    };
    if let Some(title) = raw.title.filter(|t| !t.trim().is_empty()) {
        meta.title = title;
    }
    set(&mut meta.subtitle, raw.subtitle);
    set(&mut meta.event, raw.event);
    set(&mut meta.location, raw.location);
    set(&mut meta.source, raw.source);
    set(&mut meta.source_url, raw.source_url);
    meta.translator = raw.translator;
    meta.language = Some(language.as_str().to_string());
    for (label, info) in raw.speakers {
        let entry = meta.speakers.entry(label).or_default();
        set(&mut entry.name, info.name);
        set(&mut entry.title, info.title);
        set(&mut entry.affiliation, info.affiliation);
        set(&mut entry.slug, info.slug);
    }
    meta
}

/// Each turn of the translation must be by the speaker of the original's
/// turn at the same place, and there must not be more of them.
fn check_alignment(original: &Transcript, written: &[Turn], file: &SourceFile) -> Diagnostics {
    let mut problems = Diagnostics::new();
    let turns: Vec<&Turn> = original.turns().collect();
    let at = |turn: &Turn| {
        let width = file
            .text
            .lines()
            .nth(turn.line.saturating_sub(1))
            .map_or(1, |l| l.chars().count().max(1));
        Span::in_source(&file.text, turn.line, 1, width)
    };
    let original_line = |turn: &Turn| format!("{}:{}", original.path.display(), turn.line);
    for (i, turn) in written.iter().enumerate() {
        let Some(counterpart) = turns.get(i) else {
            problems.push(
                Diagnostic::new(
                    &file.path,
                    format!(
                        "turn {} has no counterpart: the original has {} turns",
                        i + 1,
                        turns.len()
                    ),
                )
                .at(at(turn))
                .label("a turn more than the original has")
                .help(format!(
                    "a translation's turns follow the original's one for one; the original's last turn is at {}",
                    turns.last().map_or_else(|| original.path.display().to_string(), |t| original_line(t))
                )),
            );
            break;
        };
        if turn.speaker != counterpart.speaker {
            let shown = |label: &str| match label {
                "" => "no one".to_string(),
                label => format!("`{label}`"),
            };
            problems.push(
                Diagnostic::new(
                    &file.path,
                    format!(
                        "turn {} is by {} here but by {} in the original ({})",
                        i + 1,
                        shown(&turn.speaker),
                        shown(&counterpart.speaker),
                        original_line(counterpart)
                    ),
                )
                .at(at(turn))
                .label("not the original's speaker")
                .help(format!(
                    "a translation's turns follow the original's one for one, with the original's labels \
                     or names given in its `speakers:` ({}: {{ name: ... }}); write `{}` and `{UNTRANSLATED}` for a turn left untranslated",
                    counterpart.speaker, counterpart.speaker
                )),
            );
            break;
        }
    }
    problems
}
