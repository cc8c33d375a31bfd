//! The YAML between the `---` lines at the top of a transcript.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::time::{Media, RawMedia};
use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::yaml::YamlSource;

/// How a transcript's turns are grouped into questions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    /// A turn by anyone who is neither an answerer nor a host starts one.
    #[default]
    Speaker,
    /// Each level-2 heading starts one, titled by the heading.
    Heading,
}

/// Display data for a speaker, keyed by the label used in the text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeakerInfo {
    /// The name shown in place of the label.
    pub name: Option<String>,
    /// An office or role (`外交部长`, `Spokesperson`).
    pub title: Option<String>,
    /// An outlet or organisation.
    pub affiliation: Option<String>,
    /// The speaker page's slug, when the name's own does not suit.
    pub slug: Option<String>,
}

/// What a speaker does in a transcript. Turns by an asker start questions
/// (under `group_by: speaker`); answerers and hosts never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Listed in `answerers:`.
    Answerer,
    /// Listed in `hosts:`: a moderator.
    Host,
    /// Anyone else.
    Asker,
}

/// A transcript's front matter, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    pub date: Date,
    pub subtitle: Option<String>,
    pub slug: Option<String>,
    pub language: Option<String>,
    pub event: Option<String>,
    pub location: Option<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub answerers: Vec<String>,
    pub hosts: Vec<String>,
    pub group_by: GroupBy,
    pub speakers: BTreeMap<String, SpeakerInfo>,
    pub topics: Vec<String>,
    pub draft: bool,
    /// The recording the times point into.
    pub media: Option<Media>,
    /// Free-form data handed to templates as it is.
    pub extra: serde_json::Value,
    /// Who translated it, in a translation's front matter.
    pub translator: Option<String>,
}

/// The front matter as YAML reads it, before its values are checked.
#[derive(Deserialize)]
struct Raw {
    title: Option<String>,
    date: Option<serde_yaml::Value>,
    subtitle: Option<String>,
    slug: Option<String>,
    language: Option<String>,
    event: Option<String>,
    location: Option<String>,
    source: Option<String>,
    source_url: Option<String>,
    #[serde(default)]
    answerers: Vec<String>,
    #[serde(default)]
    hosts: Vec<String>,
    #[serde(default)]
    group_by: GroupBy,
    #[serde(default)]
    speakers: BTreeMap<String, SpeakerInfo>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    draft: bool,
    media: Option<RawMedia>,
    #[serde(default)]
    extra: serde_json::Value,
}

/// A file split at its front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// The line of the file the front matter's first line is on.
    pub front_matter_line: usize,
    pub body: &'a str,
    /// The line of the file the body's first line is on.
    pub body_line: usize,
}

const EXAMPLE: &str = "start the file with front matter between `---` lines:\n  ---\n  title: ...\n  date: 2024-03-07\n  ---";

/// Splits `text` into front matter and body.
pub(crate) fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        let message = if text.trim().is_empty() {
            "empty transcript: no front matter"
        } else {
            "missing front matter"
        };
        return Err(Diagnostic::new(file, message)
            .at(Span::in_source(text, 1, 1, first.chars().count()))
            .label("expected `---` here")
            .help(EXAMPLE));
    }
    let start = first.len() + 1;
    let mut offset = start.min(text.len());
    for (line, l) in (2..).zip(text[offset..].split_inclusive('\n')) {
        if matches!(l.trim_end(), "---" | "...") {
            let body_start = offset + l.len();
            return Ok(Split {
                front_matter: &text[start.min(text.len())..offset],
                front_matter_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(
        Diagnostic::new(file, "unterminated front matter: no closing `---`")
            .at(Span::in_source(text, 1, 1, 3))
            .label("front matter opened here")
            .help("end the front matter with a line of `---` before the transcript's text"),
    )
}

impl FrontMatter {
    /// Parses and checks the front matter, reporting every problem.
    pub fn parse(split: &Split<'_>, file: &Path) -> Result<FrontMatter, Diagnostics> {
        let source = YamlSource {
            text: split.front_matter,
            file,
            first_line: split.front_matter_line,
        };
        let (raw, mut problems): (Raw, _) = source.parse_keyed("front matter")?;
        let missing = |key: &str, example: &str| {
            Diagnostic::new(
                file,
                format!("missing required key `{key}` in front matter"),
            )
            .at(Span {
                line: split.front_matter_line - 1,
                column: 1,
                width: 3,
                text: "---".into(),
            })
            .label(format!("this front matter has no `{key}`"))
            .help(format!("add a line `{key}: {example}` to the front matter"))
        };
        let title = match raw.title {
            Some(title) if !title.trim().is_empty() => Some(title),
            Some(_) => {
                problems.push(
                    Diagnostic::new(file, "empty `title` in front matter")
                        .at_opt(source.key_span("title"))
                        .help("give the transcript a title"),
                );
                None
            }
            None => {
                problems.push(missing("title", "..."));
                None
            }
        };
        let date = match raw.date {
            None => {
                problems.push(missing("date", "2024-03-07"));
                None
            }
            Some(value) => match parse_date(&value) {
                Ok(date) => Some(date),
                Err(reason) => {
                    problems.push(
                        Diagnostic::new(file, format!("invalid date: {reason}"))
                            .at_opt(source.value_span("date"))
                            .label("not a date of the calendar")
                            .help("write the date as YYYY-MM-DD, for example 2024-03-07"),
                    );
                    None
                }
            },
        };
        let media = raw.media.and_then(|m| {
            Media::check(m)
                .map_err(|reason| {
                    problems.push(
                        Diagnostic::new(file, format!("invalid media: {reason}"))
                            .at_opt(source.key_span("media"))
                            .help("media: names the recording: `src: audio/a.mp3` (under content/static/) or `youtube: VIDEO_ID`"),
                    );
                })
                .ok()
        });
        let (Some(title), Some(date)) = (title, date) else {
            return Err(problems);
        };
        problems.into_result(FrontMatter {
            title,
            date,
            subtitle: raw.subtitle,
            slug: raw.slug,
            language: raw.language,
            event: raw.event,
            location: raw.location,
            source: raw.source,
            source_url: raw.source_url,
            answerers: raw.answerers,
            hosts: raw.hosts,
            group_by: raw.group_by,
            speakers: raw.speakers,
            topics: raw.topics,
            draft: raw.draft,
            media,
            extra: raw.extra,
            translator: None,
        })
    }

    /// What the speaker labelled `speaker` does: declared an answerer or
    /// a host, else an asker.
    pub fn role(&self, speaker: &str) -> Role {
        if self.answerers.iter().any(|a| a == speaker) {
            Role::Answerer
        } else if self.hosts.iter().any(|h| h == speaker) {
            Role::Host
        } else {
            Role::Asker
        }
    }

    /// Labels that may stand without bold at the start of a block.
    pub fn declared_labels(&self) -> Vec<&str> {
        let mut labels: Vec<&str> = self
            .answerers
            .iter()
            .chain(&self.hosts)
            .map(String::as_str)
            .chain(self.speakers.keys().map(String::as_str))
            .collect();
        longest_first(&mut labels);
        labels
    }
}

/// Labels in the order they are tried, without repeats: longest first, so
/// `Q. A:` is not read as `Q`.
pub(crate) fn longest_first(labels: &mut Vec<&str>) {
    labels.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    labels.dedup();
}

fn parse_date(value: &serde_yaml::Value) -> Result<Date, String> {
    let text = match value {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        other => return Err(format!("expected YYYY-MM-DD, found {other:?}")),
    };
    parse_day(&text)
}

/// A day written `YYYY-MM-DD`, or why it is not one.
pub(crate) fn parse_day(text: &str) -> Result<Date, String> {
    let text = text.trim();
    let shape_ok = text.len() == 10
        && text.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape_ok {
        return Err(format!("`{text}` is not in the form YYYY-MM-DD"));
    }
    text.parse::<Date>()
        .map_err(|_| format!("`{text}` is not a day of the calendar"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<FrontMatter, Diagnostics> {
        let file = Path::new("t.md");
        let split = split(text, file).map_err(Diagnostics::from)?;
        FrontMatter::parse(&split, file)
    }

    #[test]
    fn splits_front_matter_and_body_with_lines() {
        let s = split("---\ntitle: a\n---\n\nbody\n", Path::new("t.md")).unwrap();
        assert_eq!(s.front_matter, "title: a\n");
        assert_eq!(s.body, "\nbody\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn reads_the_required_and_optional_keys() {
        let fm = parse("---\ntitle: 记者会\ndate: 2024-03-07\nanswerers: [王毅]\ngroup_by: heading\nextra: {a: 1}\n---\n").unwrap();
        assert_eq!(fm.title, "记者会");
        assert_eq!(fm.date, jiff::civil::date(2024, 3, 7));
        assert_eq!(fm.answerers, ["王毅"]);
        assert_eq!(fm.group_by, GroupBy::Heading);
        assert_eq!(fm.extra["a"], 1);
    }

    #[test]
    fn rejects_a_day_that_does_not_exist() {
        let problems = parse("---\ntitle: a\ndate: 2024-02-30\n---\n").unwrap_err();
        let d = problems.iter().next().unwrap();
        assert_eq!(
            d.message,
            "invalid date: `2024-02-30` is not a day of the calendar"
        );
        let span = d.span.as_ref().unwrap();
        assert_eq!((span.line, span.column), (3, 7));
    }

    #[test]
    fn reports_all_problems_at_once() {
        let problems = parse("---\ntitel: a\nsubject: b\n---\n").unwrap_err();
        let messages: Vec<_> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown key `titel` in front matter",
                "unknown key `subject` in front matter",
                "missing required key `title` in front matter",
                "missing required key `date` in front matter",
            ]
        );
    }

    #[test]
    fn reports_missing_keys_when_the_rest_is_fine() {
        let problems = parse("---\nsubtitle: a\n---\n").unwrap_err();
        let messages: Vec<_> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "missing required key `title` in front matter",
                "missing required key `date` in front matter",
            ]
        );
    }
}
