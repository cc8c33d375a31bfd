//! What templates see: small view structs, borrowed from the site.
//!
//! Templates never get the domain types. Each view holds what a template
//! shows, already formatted (dates as text, Markdown as HTML), with links
//! as paths from the site root; a page's template prefixes them with
//! `root`, the way back to the site root from that page, so every internal
//! link is relative and the output works from any sub-path or from disk.

use serde::Serialize;

use crate::annotate::AnnotatedTranscript;
use crate::site::{QuestionRef, Site, Speaker, Topic, speaker_name};

use super::markdown::{block_html, to_html};

/// Where a page is, as a path from the site root ending in `index.html`.
pub fn page_path(dirs: &[&str]) -> String {
    let mut path = String::new();
    for dir in dirs {
        path.push_str(dir);
        path.push('/');
    }
    path.push_str("index.html");
    path
}

/// The way back to the site root from a page at `path`.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[derive(Debug, Serialize)]
pub struct TopicLink<'a> {
    pub name: &'a str,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpeakerLink<'a> {
    pub name: &'a str,
    pub href: String,
    pub title: Option<&'a str>,
    pub affiliation: Option<&'a str>,
}

/// A transcript in a list.
#[derive(Debug, Serialize)]
pub struct TranscriptCard<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub date: String,
    pub event: Option<&'a str>,
    pub location: Option<&'a str>,
    pub href: String,
    pub questions: usize,
}

/// A transcript's own data, for its pages.
#[derive(Debug, Serialize)]
pub struct TranscriptView<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub date: String,
    pub event: Option<&'a str>,
    pub location: Option<&'a str>,
    pub source: Option<&'a str>,
    pub source_url: Option<&'a str>,
    pub language: &'a str,
    pub href: String,
    pub full_href: String,
    pub topics: Vec<TopicLink<'a>>,
    pub answerers: Vec<SpeakerLink<'a>>,
    pub extra: &'a serde_json::Value,
}

/// A question in a transcript's table of questions.
#[derive(Debug, Serialize)]
pub struct QuestionRow<'a> {
    pub number: usize,
    pub title: &'a str,
    pub href: String,
    pub asker: Option<SpeakerLink<'a>>,
    pub topics: Vec<TopicLink<'a>>,
}

/// A question in a list across transcripts (a topic's, a speaker's).
#[derive(Debug, Serialize)]
pub struct QuestionItem<'a> {
    pub number: usize,
    pub title: &'a str,
    pub href: String,
    pub asker: Option<&'a str>,
    pub transcript: &'a str,
    pub transcript_href: String,
    pub date: String,
}

/// One turn, its blocks rendered.
#[derive(Debug, Clone, Serialize)]
pub struct TurnView<'a> {
    pub number: usize,
    pub id: String,
    pub speaker: Option<SpeakerLink<'a>>,
    /// `question`, `answer` or `host`: how the turn is styled.
    pub role: &'static str,
    pub html: String,
}

/// A question with its turns.
#[derive(Debug, Serialize)]
pub struct QuestionView<'a> {
    pub number: usize,
    pub id: String,
    pub title: &'a str,
    pub summary: Option<String>,
    pub href: String,
    pub asker: Option<SpeakerLink<'a>>,
    pub topics: Vec<TopicLink<'a>>,
    pub turns: Vec<TurnView<'a>>,
}

/// A link with its text: previous, next, up.
#[derive(Debug, Serialize)]
pub struct Link<'a> {
    pub text: &'a str,
    pub href: String,
}

/// A topic or speaker with a count, for an index.
#[derive(Debug, Serialize)]
pub struct CountedLink<'a> {
    pub name: &'a str,
    pub href: String,
    pub count: usize,
    pub description: Option<&'a str>,
}

/// Builds views of one site.
pub struct Views<'s> {
    pub site: &'s Site,
}

impl<'s> Views<'s> {
    /// A topic with its count of questions, for an index and its own page.
    pub fn topic_entry(&self, topic: &'s Topic) -> CountedLink<'s> {
        CountedLink {
            name: &topic.name,
            href: page_path(&["topics", topic.slug.as_str()]),
            count: topic.questions.len(),
            description: topic.description.as_deref(),
        }
    }

    /// Every topic of the site, for the home page and the topics index.
    pub fn topic_entries(&self) -> Vec<CountedLink<'s>> {
        self.site
            .topics
            .iter()
            .map(|t| self.topic_entry(t))
            .collect()
    }

    /// A speaker with the number of questions they asked or answered.
    pub fn speaker_entry(&self, speaker: &'s Speaker) -> CountedLink<'s> {
        let info = &speaker.info;
        CountedLink {
            name: &speaker.name,
            href: page_path(&["speakers", speaker.slug.as_str()]),
            count: speaker.asked.len() + speaker.answered.len(),
            description: info.title.as_deref().or(info.affiliation.as_deref()),
        }
    }

    pub fn topic_link(&self, name: &'s str) -> TopicLink<'s> {
        let href = match self.site.topic(name) {
            Some(topic) => page_path(&["topics", topic.slug.as_str()]),
            None => page_path(&["topics"]),
        };
        TopicLink { name, href }
    }

    pub fn speaker_link(
        &self,
        transcript: &'s AnnotatedTranscript,
        label: &'s str,
    ) -> Option<SpeakerLink<'s>> {
        if label.is_empty() {
            return None;
        }
        let name = speaker_name(transcript, label);
        let info = transcript.transcript.meta.speakers.get(label);
        Some(SpeakerLink {
            name,
            href: self.site.speaker(name).map_or_else(
                || page_path(&["speakers"]),
                |s| page_path(&["speakers", s.slug.as_str()]),
            ),
            title: info.and_then(|i| i.title.as_deref()),
            affiliation: info.and_then(|i| i.affiliation.as_deref()),
        })
    }

    pub fn card(&self, t: &'s AnnotatedTranscript) -> TranscriptCard<'s> {
        let meta = &t.transcript.meta;
        TranscriptCard {
            title: &meta.title,
            subtitle: meta.subtitle.as_deref(),
            date: meta.date.to_string(),
            event: meta.event.as_deref(),
            location: meta.location.as_deref(),
            href: page_path(&[t.transcript.slug.as_str()]),
            questions: t.questions.len(),
        }
    }

    pub fn transcript(&self, t: &'s AnnotatedTranscript) -> TranscriptView<'s> {
        let meta = &t.transcript.meta;
        let slug = t.transcript.slug.as_str();
        TranscriptView {
            slug,
            title: &meta.title,
            subtitle: meta.subtitle.as_deref(),
            date: meta.date.to_string(),
            event: meta.event.as_deref(),
            location: meta.location.as_deref(),
            source: meta.source.as_deref(),
            source_url: meta.source_url.as_deref(),
            language: self.language(t),
            href: page_path(&[slug]),
            full_href: page_path(&[slug, "full"]),
            topics: meta.topics.iter().map(|n| self.topic_link(n)).collect(),
            answerers: meta
                .answerers
                .iter()
                .filter_map(|a| self.speaker_link(t, a))
                .collect(),
            extra: &meta.extra,
        }
    }

    /// The language of a transcript's pages.
    pub fn language(&self, t: &'s AnnotatedTranscript) -> &'s str {
        t.transcript
            .meta
            .language
            .as_deref()
            .unwrap_or(&self.site.config.language)
    }

    pub fn question_href(&self, t: &AnnotatedTranscript, number: usize) -> String {
        page_path(&[t.transcript.slug.as_str(), &number.to_string()])
    }

    pub fn question_row(&self, t: &'s AnnotatedTranscript, index: usize) -> QuestionRow<'s> {
        let q = &t.transcript.questions[index];
        let info = &t.questions[index];
        QuestionRow {
            number: q.number,
            title: &info.title,
            href: self.question_href(t, q.number),
            asker: q.asker().and_then(|a| self.speaker_link(t, a)),
            topics: info.topics.iter().map(|n| self.topic_link(n)).collect(),
        }
    }

    pub fn question_item(&self, r: QuestionRef) -> QuestionItem<'s> {
        let t = &self.site.transcripts[r.transcript];
        let q = &t.transcript.questions[r.question];
        QuestionItem {
            number: q.number,
            title: &t.questions[r.question].title,
            href: self.question_href(t, q.number),
            asker: q.asker().map(|a| speaker_name(t, a)),
            transcript: &t.transcript.meta.title,
            transcript_href: page_path(&[t.transcript.slug.as_str()]),
            date: t.transcript.meta.date.to_string(),
        }
    }

    /// Every turn of a transcript, rendered once for all its pages: the
    /// opening's first, then each question's.
    pub fn turns(&self, t: &'s AnnotatedTranscript) -> Vec<TurnView<'s>> {
        t.transcript
            .turns()
            .map(|turn| {
                let id = format!("t{}", turn.number);
                let mut html = String::new();
                for (i, block) in turn.blocks.iter().enumerate() {
                    html.push_str(&block_html(&block.markdown, &format!("{id}-p{}", i + 1)));
                    html.push('\n');
                }
                let role = if t.transcript.is_answerer(&turn.speaker) {
                    "answer"
                } else if t.transcript.asks(&turn.speaker) {
                    "question"
                } else {
                    "host"
                };
                TurnView {
                    number: turn.number,
                    id,
                    speaker: self.speaker_link(t, &turn.speaker),
                    role,
                    html,
                }
            })
            .collect()
    }

    /// The preamble as HTML.
    pub fn preamble(&self, t: &AnnotatedTranscript) -> String {
        t.transcript
            .preamble
            .iter()
            .enumerate()
            .map(|(i, b)| block_html(&b.markdown, &format!("preamble-p{}", i + 1)) + "\n")
            .collect()
    }

    /// A question with its turns, taken from the transcript's rendered turns.
    pub fn question(
        &self,
        t: &'s AnnotatedTranscript,
        index: usize,
        turns: &[TurnView<'s>],
    ) -> QuestionView<'s> {
        let q = &t.transcript.questions[index];
        let info = &t.questions[index];
        let first = q.turns.first().map_or(0, |turn| turn.number);
        let own = turns
            .iter()
            .filter(|turn| turn.number >= first && turn.number < first + q.turns.len())
            .cloned()
            .collect();
        QuestionView {
            number: q.number,
            id: format!("q{}", q.number),
            title: &info.title,
            summary: info.summary.as_deref().map(to_html),
            href: self.question_href(t, q.number),
            asker: q.asker().and_then(|a| self.speaker_link(t, a)),
            topics: info.topics.iter().map(|n| self.topic_link(n)).collect(),
            turns: own,
        }
    }
}
