//! What templates see: small view structs, borrowed from the site.
//!
//! Templates never get the domain types. Each view holds what a template
//! shows, already formatted (dates as text, Markdown as HTML), with links
//! as paths from the site root; a page's template prefixes them with
//! `root`, the way back to the site root from that page, so every internal
//! link is relative and the output works from any sub-path or from disk.

pub(crate) mod bilingual;
mod editions;
pub(crate) mod media;
mod notes;
mod pagination;

pub(crate) use editions::{Alternate, Place, Version, href as version_href};

pub(crate) use notes::{Blocks, DetachedView, NoteHtml, NoteView, TurnView};
pub(crate) use pagination::{Paginator, list_pages, packed_pages};

use serde::Serialize;

use crate::address;
use crate::annotate::{AnnotatedQuestion, AnnotatedTranscript};
use crate::markdown::safe_url;
use crate::site::{Listing, QuestionRef, Site, Speaker, Topic, speaker_name};
use crate::transcript::FrontMatter;

use super::markdown::to_html;

#[derive(Debug, Serialize)]
pub(crate) struct TopicLink<'a> {
    pub name: &'a str,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SpeakerLink<'a> {
    pub name: &'a str,
    pub href: String,
    pub title: Option<&'a str>,
    pub affiliation: Option<&'a str>,
}

/// A transcript in a list.
#[derive(Debug, Serialize)]
pub(crate) struct TranscriptCard<'a> {
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
pub(crate) struct TranscriptView<'a> {
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
    /// Its notes as a W3C `AnnotationCollection` (JSON-LD).
    /// None when the site writes no `annotations.json`.
    pub annotations_href: Option<String>,
    /// Its words and structure as JSON.
    /// None when the site writes no `transcript.json`.
    pub data_href: Option<String>,
    pub topics: Vec<TopicLink<'a>>,
    pub answerers: Vec<SpeakerLink<'a>>,
    /// Its recording, when it has one.
    pub media: Option<media::MediaView>,
    pub extra: &'a serde_json::Value,
}

/// A question in a transcript's table of questions.
#[derive(Debug, Serialize)]
pub(crate) struct QuestionRow<'a> {
    pub number: usize,
    pub title: &'a str,
    pub href: String,
    pub asker: Option<SpeakerLink<'a>>,
    pub topics: Vec<TopicLink<'a>>,
    /// How many notes it has.
    pub notes: usize,
}

/// A question in a list across transcripts (a topic's, a speaker's).
#[derive(Debug, Serialize)]
pub(crate) struct QuestionItem<'a> {
    pub number: usize,
    pub title: &'a str,
    pub href: String,
    pub asker: Option<&'a str>,
    pub transcript: &'a str,
    pub transcript_href: String,
    pub date: String,
}

/// A question with its turns.
#[derive(Debug, Serialize)]
pub(crate) struct QuestionView<'a> {
    pub number: usize,
    pub id: String,
    pub title: &'a str,
    pub summary: Option<String>,
    pub href: String,
    pub asker: Option<SpeakerLink<'a>>,
    pub topics: Vec<TopicLink<'a>>,
    pub turns: Vec<TurnView<'a>>,
    pub notes: usize,
    pub detached: Vec<DetachedView<'a>>,
    pub cite: super::cite::Citation,
    /// Seconds into the recording the question starts at.
    pub time_start: Option<String>,
    /// A translation's question of which no turn is translated.
    pub untranslated: bool,
}

/// A link with its text: previous, next, up.
#[derive(Debug, Serialize)]
pub(crate) struct Link<'a> {
    pub text: &'a str,
    pub href: String,
}

/// A topic or speaker with a count, for an index.
#[derive(Debug, Serialize)]
pub(crate) struct CountedLink<'a> {
    pub name: &'a str,
    pub href: String,
    pub count: usize,
    pub description: Option<&'a str>,
}

/// A year of the archive, with how many transcripts it has.
#[derive(Debug, Serialize)]
pub(crate) struct YearLink {
    pub year: i16,
    pub href: String,
    pub count: usize,
}

/// Builds views of one site: the originals', or one language's edition.
#[derive(Clone, Copy)]
pub(crate) struct Views<'s> {
    pub site: &'s Site,
    /// The whole of each transcript the site lists.
    pub transcripts: &'s dyn super::Transcripts,
    /// The site of the originals, which holds every edition.
    pub origin: &'s Site,
}

impl<'s> Views<'s> {
    /// The whole of the transcript `listing` lists, in the language it
    /// is listed in.
    pub(crate) fn whole(
        &self,
        listing: &Listing,
    ) -> Result<std::sync::Arc<AnnotatedTranscript>, crate::diagnostic::Diagnostic> {
        super::version(self.transcripts, listing)
    }

    /// A page of this site at `path` (in its edition's folder), in
    /// `language`, titled `title`, showing `place`.
    pub(super) fn page(
        &self,
        path: String,
        language: &str,
        title: Option<&str>,
        place: Place<'_>,
    ) -> super::Page {
        let mut page = super::Page::new(path, language, title);
        if let Some(edition) = &self.site.edition {
            page.assets = format!("{}../", page.root);
            page.edition = Some(edition.clone());
        }
        page.base.clone_from(&self.site.config.base_url);
        page.origin_base.clone_from(&self.origin.config.base_url);
        page.versions = self.versions(place);
        page
    }

    /// A recording's view from this site's pages: a file of the site is
    /// at its root, above an edition's folder.
    pub(crate) fn media(&self, media: &crate::transcript::time::Media) -> media::MediaView {
        let mut view = media::MediaView::of(media);
        if self.site.edition.is_some() && !view.absolute {
            view.src = format!("../{}", view.src);
        }
        view
    }

    /// A topic with its count of questions, for an index and its own page.
    pub(crate) fn topic_entry(&self, topic: &'s Topic) -> CountedLink<'s> {
        CountedLink {
            name: &topic.name,
            href: address::topic(topic.slug.as_str()),
            count: topic.questions.len(),
            description: topic.description.as_deref(),
        }
    }

    /// A speaker with the number of questions they asked or answered.
    pub(crate) fn speaker_entry(&self, speaker: &'s Speaker) -> CountedLink<'s> {
        let info = &speaker.info;
        CountedLink {
            name: &speaker.name,
            href: address::speaker(speaker.slug.as_str()),
            count: speaker.asked.len() + speaker.answered.len(),
            description: info.title.as_deref().or(info.affiliation.as_deref()),
        }
    }

    /// The `most` most discussed topics, by name, for the home page.
    pub(crate) fn home_topics(&self, most: usize) -> Vec<CountedLink<'s>> {
        let mut topics: Vec<&Topic> = self.site.topics.iter().collect();
        topics.sort_by_key(|t| std::cmp::Reverse(t.questions.len() + t.transcripts.len()));
        topics.truncate(most);
        topics.sort_by(|a, b| a.name.cmp(&b.name));
        topics.into_iter().map(|t| self.topic_entry(t)).collect()
    }

    /// The years the site's transcripts are from, newest first, each
    /// with the transcripts of it (indices, newest first).
    pub(crate) fn years(&self) -> Vec<(YearLink, Vec<usize>)> {
        self.site
            .years()
            .into_iter()
            .map(|(year, transcripts)| {
                let link = YearLink {
                    year,
                    href: address::year(year),
                    count: transcripts.len(),
                };
                (link, transcripts)
            })
            .collect()
    }

    pub(crate) fn topic_link(&self, name: &'s str) -> TopicLink<'s> {
        match self.site.topic(name) {
            Some(topic) => TopicLink {
                name: &topic.name,
                href: address::topic(topic.slug.as_str()),
            },
            None => TopicLink {
                name,
                href: address::topics(),
            },
        }
    }

    /// The speaker labelled `label` in a transcript with front matter
    /// `meta`, linked to their page.
    pub(crate) fn speaker_link(
        &self,
        meta: &'s FrontMatter,
        label: &'s str,
    ) -> Option<SpeakerLink<'s>> {
        if label.is_empty() {
            return None;
        }
        let name = speaker_name(meta, label);
        let info = meta.speakers.get(label);
        Some(SpeakerLink {
            name,
            href: self
                .site
                .speaker(name)
                .map_or_else(address::speakers, |s| address::speaker(s.slug.as_str())),
            title: info.and_then(|i| i.title.as_deref()),
            affiliation: info.and_then(|i| i.affiliation.as_deref()),
        })
    }

    /// The site's transcripts at `indices`, as cards.
    pub(crate) fn cards(&self, indices: &[usize]) -> Vec<TranscriptCard<'s>> {
        indices
            .iter()
            .map(|&t| self.card(&self.site.transcripts[t]))
            .collect()
    }

    /// The site's questions at `refs`, as items of a list.
    pub(crate) fn question_items(&self, refs: &[QuestionRef]) -> Vec<QuestionItem<'s>> {
        refs.iter().map(|&r| self.question_item(r)).collect()
    }

    pub(crate) fn card(&self, t: &'s Listing) -> TranscriptCard<'s> {
        let meta = &t.meta;
        TranscriptCard {
            title: &meta.title,
            subtitle: meta.subtitle.as_deref(),
            date: meta.date.to_string(),
            event: meta.event.as_deref(),
            location: meta.location.as_deref(),
            href: address::transcript(t.slug.as_str()),
            questions: t.questions.len(),
        }
    }

    pub(crate) fn transcript(&self, t: &'s AnnotatedTranscript) -> TranscriptView<'s> {
        let meta = &t.transcript.meta;
        let slug = t.transcript.slug.as_str();
        let exports = self.site.config.exports;
        TranscriptView {
            slug,
            title: &meta.title,
            subtitle: meta.subtitle.as_deref(),
            date: meta.date.to_string(),
            event: meta.event.as_deref(),
            location: meta.location.as_deref(),
            source: meta.source.as_deref(),
            source_url: meta.source_url.as_deref().filter(|url| safe_url(url)),
            language: self.language(t),
            href: address::transcript(slug),
            full_href: address::full_text(slug),
            annotations_href: exports
                .annotations
                .then(|| address::transcript_file(slug, super::export::ANNOTATIONS)),
            data_href: exports
                .transcript
                .then(|| address::transcript_file(slug, super::export::TRANSCRIPT)),
            topics: meta.topics.iter().map(|n| self.topic_link(n)).collect(),
            answerers: meta
                .answerers
                .iter()
                .filter_map(|a| self.speaker_link(meta, a))
                .collect(),
            media: meta.media.as_ref().map(|m| {
                let mut view = self.media(m);
                let timed = t
                    .transcript
                    .turns()
                    .any(|turn| turn.blocks.iter().any(|b| b.time.is_some()));
                view.captions = timed.then(|| address::transcript_file(slug, super::captions::VTT));
                view
            }),
            extra: &meta.extra,
        }
    }

    /// A transcript in a sentence or two: its subtitle, else its event.
    pub(crate) fn transcript_description(&self, meta: &FrontMatter) -> Option<String> {
        meta.subtitle.clone().or_else(|| meta.event.clone())
    }

    /// The language of the site's own pages (home, indexes).
    pub(crate) fn site_language(&self) -> &'s str {
        &self.site.config.language
    }

    /// The language of a transcript's pages.
    pub(crate) fn language(&self, t: &'s AnnotatedTranscript) -> &'s str {
        t.transcript
            .meta
            .language
            .as_deref()
            .unwrap_or(&self.site.config.language)
    }

    pub(crate) fn question_href(&self, t: &AnnotatedTranscript, number: usize) -> String {
        address::question(t.transcript.slug.as_str(), number)
    }

    pub(crate) fn question_row(
        &self,
        t: &'s AnnotatedTranscript,
        q: AnnotatedQuestion<'s>,
    ) -> QuestionRow<'s> {
        QuestionRow {
            number: q.number(),
            title: q.title(),
            href: self.question_href(t, q.number()),
            asker: q
                .asker()
                .and_then(|a| self.speaker_link(&t.transcript.meta, a)),
            topics: q.topics().iter().map(|n| self.topic_link(n)).collect(),
            notes: t.notes_in(q.section()).count(),
        }
    }

    pub(crate) fn question_item(&self, r: QuestionRef) -> QuestionItem<'s> {
        let t = &self.site.transcripts[r.transcript];
        let q = &t.questions[r.question];
        QuestionItem {
            number: q.number,
            title: &q.title,
            href: address::question(t.slug.as_str(), q.number),
            asker: q.asker().map(|a| t.speaker_name(a)),
            transcript: &t.meta.title,
            transcript_href: address::transcript(t.slug.as_str()),
            date: t.meta.date.to_string(),
        }
    }

    /// A question with its turns, taken from the transcript's rendered turns.
    pub(crate) fn question(
        &self,
        t: &'s AnnotatedTranscript,
        q: AnnotatedQuestion<'s>,
        turns: &[TurnView<'s>],
    ) -> QuestionView<'s> {
        let own = &q.question.turns;
        let first = own.first().map_or(0, |turn| turn.number);
        // `turns` are in order: the question's own are one run of them,
        // found by halving (a linear scan per question was quadratic in
        // a transcript of thousands of questions).
        let start = turns.partition_point(|turn| turn.number < first);
        let end = turns.partition_point(|turn| turn.number < first + own.len());
        let href = self.question_href(t, q.number());
        let url = self
            .site
            .config
            .base_url
            .as_deref()
            .map(|base| address::url(base, &href));
        QuestionView {
            number: q.number(),
            id: format!("q{}", q.number()),
            title: q.title(),
            summary: q.summary().map(|s| to_html(s, t.raw_html)),
            asker: q
                .asker()
                .and_then(|a| self.speaker_link(&t.transcript.meta, a)),
            topics: q.topics().iter().map(|n| self.topic_link(n)).collect(),
            turns: turns[start..end].to_vec(),
            untranslated: own.iter().all(|turn| turn.untranslated),
            notes: t.notes_in(q.section()).count(),
            detached: self.detached(t, Some(q.section())),
            cite: super::cite::citation(t, q, url.as_deref()),
            time_start: q
                .question
                .turns
                .iter()
                .find_map(crate::transcript::Turn::time)
                .map(crate::transcript::Time::fragment),
            href,
        }
    }
}
