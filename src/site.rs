//! Annotated transcripts -> [`Site`]: the whole site, with its indexes.
//!
//! The site orders transcripts newest first and builds what links them
//! together: each topic with its questions across all transcripts, each
//! speaker with the questions they asked or answered. It is where slugs
//! meet, so it is where two transcripts, topics or speakers with the same
//! slug are reported.
//!
//! The translations into one language make an edition: a site of its own,
//! with its topics named in that language, held in [`Site::editions`].
//!
//! The site holds each transcript as a [`Listing`]: what its indexes and
//! list pages show of it, without its words. A transcript's own pages are
//! rendered from the whole [`AnnotatedTranscript`], which a build need not
//! keep for the whole site at once (see `pipeline`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::annotate::{AnnotatedTranscript, Translation};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::language::Language;
use crate::slug::Slug;
use crate::source::{TranscriptFile, TranslationFile};
use crate::topics::TopicRegistry;
use crate::transcript::{FrontMatter, Role, SpeakerInfo};
use crate::yaml::YamlSource;

/// What the site's indexes and list pages know of a transcript: its front
/// matter and its questions' titles, topics and speakers, not its words.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Listing {
    /// The source file, relative to the site root.
    pub path: PathBuf,
    pub sidecar: Option<PathBuf>,
    pub slug: Slug,
    pub meta: FrontMatter,
    /// The labels of the opening's turns, in order.
    pub opening: Vec<String>,
    pub questions: Vec<QuestionListing>,
    /// Whether its times make captions (for a podcast feed).
    pub captioned: bool,
    /// The transcript's translations, by language: the same for the
    /// listing of the original and of each translation.
    pub translations: Vec<TranslationFile>,
    /// The language of the translation this lists; `None` for the
    /// original. `path` and `sidecar` are the original's either way.
    pub edition: Option<Language>,
    /// In the original's listing, its translations' listings, by language.
    pub translated: Vec<Arc<Listing>>,
    /// In a translation's listing, the original's `language:`.
    pub original_language: Option<String>,
}

/// What the lists show of a question.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QuestionListing {
    pub number: usize,
    pub title: String,
    pub topics: Vec<String>,
    /// Its summary as plain text, else its first sentence.
    pub description: String,
    /// The labels of its turns, in order: the asker's first.
    pub turns: Vec<String>,
}

impl Listing {
    pub(crate) fn of(t: &AnnotatedTranscript, captioned: bool) -> Listing {
        let labels = |turns: &[crate::transcript::Turn]| -> Vec<String> {
            turns.iter().map(|turn| turn.speaker.clone()).collect()
        };
        Listing {
            translations: t
                .translations
                .iter()
                .map(|tr| TranslationFile {
                    language: tr.language.clone(),
                    path: tr.whole.transcript.path.clone(),
                    sidecar: tr.whole.sidecar.clone(),
                })
                .collect(),
            edition: None,
            translated: Vec::new(),
            original_language: None,
            path: t.transcript.path.clone(),
            sidecar: t.sidecar.clone(),
            slug: t.transcript.slug.clone(),
            meta: t.transcript.meta.clone(),
            opening: labels(&t.transcript.opening),
            questions: t
                .questions()
                .map(|q| QuestionListing {
                    number: q.number(),
                    title: q.title().to_string(),
                    topics: q.topics().to_vec(),
                    description: q.description(),
                    turns: labels(&q.question.turns),
                })
                .collect(),
            captioned,
        }
    }

    /// The listing of `translation`, a translation of the transcript
    /// `self` lists.
    pub(crate) fn translated(&self, translation: &Translation, captioned: bool) -> Listing {
        Listing {
            path: self.path.clone(),
            sidecar: self.sidecar.clone(),
            translations: self.translations.clone(),
            edition: Some(translation.language.clone()),
            original_language: self.meta.language.clone(),
            ..Listing::of(&translation.whole, captioned)
        }
    }

    /// Where the transcript and everything beside it are read from.
    pub(crate) fn files(&self) -> TranscriptFile {
        TranscriptFile {
            path: self.path.clone(),
            sidecar: self.sidecar.clone(),
            translations: self.translations.clone(),
            bytes: 0,
        }
    }

    /// Every label that speaks, in order, with repeats.
    pub(crate) fn speaking(&self) -> impl Iterator<Item = &str> {
        self.opening
            .iter()
            .chain(self.questions.iter().flat_map(|q| &q.turns))
            .map(String::as_str)
            .filter(|label| !label.is_empty())
    }

    /// The name shown for a label.
    pub(crate) fn speaker_name<'a>(&'a self, label: &'a str) -> &'a str {
        speaker_name(&self.meta, label)
    }
}

impl QuestionListing {
    /// Who asked: the label of the question's first turn.
    pub(crate) fn asker(&self) -> Option<&str> {
        self.turns.first().map(String::as_str)
    }
}

/// A question of the site: its transcript's index in [`Site::transcripts`]
/// and its index in that transcript's questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct QuestionRef {
    pub transcript: usize,
    pub question: usize,
}

/// A topic and where it is discussed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Topic {
    /// What transcripts and sidecars call it: the registry's key.
    pub key: String,
    /// What it is called on the site's pages: `key`, or in a translation
    /// the registry's name for it in that language.
    pub name: String,
    pub slug: Slug,
    pub description: Option<String>,
    /// Newest first.
    pub questions: Vec<QuestionRef>,
    /// Transcripts tagged with the topic as a whole, newest first.
    pub transcripts: Vec<usize>,
}

/// A speaker and what they said, across transcripts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Speaker {
    /// The name shown: the front matter's `name`, else the label.
    pub name: String,
    pub slug: Slug,
    pub info: SpeakerInfo,
    /// Questions they asked, newest first.
    pub asked: Vec<QuestionRef>,
    /// Questions in which they answered, newest first.
    pub answered: Vec<QuestionRef>,
    /// Transcripts in which they speak, newest first.
    pub transcripts: Vec<usize>,
}

/// The whole site.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    pub config: Config,
    /// Newest first. Shared, so that a server can build the next site
    /// from this one's transcripts without copying them.
    pub transcripts: Vec<Arc<Listing>>,
    /// By name.
    pub topics: Vec<Topic>,
    /// By name.
    pub speakers: Vec<Speaker>,
    /// The length in bytes of each recording among the static files, by
    /// its path in the site (for a podcast feed's enclosures).
    pub media_sizes: std::collections::BTreeMap<String, u64>,
    /// The language of a translation's edition; `None` for the site of
    /// the originals.
    pub edition: Option<Language>,
    /// The site of the originals: for each language its transcripts are
    /// translated into, the edition of those translations (the pages in
    /// `<language>/`), by language.
    pub editions: Vec<Site>,
}

impl Site {
    /// The years of the transcripts, newest first, each with its
    /// transcripts (indices, newest first).
    pub(crate) fn years(&self) -> Vec<(i16, Vec<usize>)> {
        let mut years: Vec<(i16, Vec<usize>)> = Vec::new();
        for (i, t) in self.transcripts.iter().enumerate() {
            let year = t.meta.date.year();
            match years.last_mut() {
                Some((y, list)) if *y == year => list.push(i),
                _ => years.push((year, vec![i])),
            }
        }
        years
    }

    pub(crate) fn new(
        config: Config,
        transcripts: Vec<Arc<Listing>>,
        registry: &TopicRegistry,
    ) -> Result<Site, Diagnostics> {
        Site::edition(config, transcripts, registry, None)
    }

    /// The site of `transcripts` in `language`: the originals' for `None`,
    /// else the edition of the translations into it, whose pages go in
    /// that language's folder and whose topics have that language's names.
    pub(crate) fn edition(
        mut config: Config,
        mut transcripts: Vec<Arc<Listing>>,
        registry: &TopicRegistry,
        language: Option<&Language>,
    ) -> Result<Site, Diagnostics> {
        if let Some(language) = language {
            config = config.in_edition(language);
        }
        transcripts.sort_by(|a, b| {
            b.meta
                .date
                .cmp(&a.meta.date)
                .then_with(|| a.slug.cmp(&b.slug))
        });
        let mut problems = Diagnostics::new();
        check_unique(
            transcripts
                .iter()
                .map(|t| (&t.slug, t.path.as_path(), t.meta.title.as_str())),
            "transcripts",
            &mut problems,
        );
        let topics = topics(&transcripts, registry, language, &mut problems);
        let speakers = speakers(&transcripts, &mut problems);
        problems.into_result(Site {
            edition: language.cloned(),
            editions: Vec::new(),
            media_sizes: std::collections::BTreeMap::new(),
            config,
            transcripts,
            topics,
            speakers,
        })
    }

    /// The topic that transcripts call `name`.
    pub(crate) fn topic(&self, name: &str) -> Option<&Topic> {
        self.topics
            .binary_search_by(|t| t.key.as_str().cmp(name))
            .ok()
            .map(|i| &self.topics[i])
    }

    /// The speaker called `name`.
    pub(crate) fn speaker(&self, name: &str) -> Option<&Speaker> {
        self.speakers
            .binary_search_by(|s| s.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.speakers[i])
    }

    /// How many questions the site holds.
    pub(crate) fn question_count(&self) -> usize {
        self.transcripts.iter().map(|t| t.questions.len()).sum()
    }
}

/// The name shown for a label in a transcript with front matter `meta`.
pub(crate) fn speaker_name<'a>(meta: &'a FrontMatter, label: &'a str) -> &'a str {
    meta.speakers
        .get(label)
        .and_then(|s| s.name.as_deref())
        .unwrap_or(label)
}

/// Reports every slug that two things share, naming both.
fn check_unique<'a>(
    items: impl Iterator<Item = (&'a Slug, &'a Path, &'a str)>,
    what: &str,
    problems: &mut Diagnostics,
) {
    let mut seen: BTreeMap<&Slug, (&Path, &str)> = BTreeMap::new();
    for (slug, file, name) in items {
        if let Some((first_file, first_name)) = seen.get(slug) {
            problems.push(
                Diagnostic::new(
                    file,
                    format!(
                        "two {what} have the slug `{slug}`: `{name}` here and `{first_name}` in {}",
                        first_file.display()
                    ),
                )
                    .help("give one of them another slug (`slug:`) so their pages do not overwrite each other"),
            );
        } else {
            seen.insert(slug, (file, name));
        }
    }
}

fn topics(
    transcripts: &[Arc<Listing>],
    registry: &TopicRegistry,
    language: Option<&Language>,
    problems: &mut Diagnostics,
) -> Vec<Topic> {
    let mut by_name: BTreeMap<&str, (Vec<QuestionRef>, Vec<usize>, PathBuf)> = BTreeMap::new();
    for (ti, t) in transcripts.iter().enumerate() {
        let sidecar = t.sidecar.clone().unwrap_or_else(|| t.path.clone());
        for name in &t.meta.topics {
            let entry = by_name
                .entry(name)
                .or_insert_with(|| (Vec::new(), Vec::new(), t.path.clone()));
            if entry.1.last() != Some(&ti) {
                entry.1.push(ti);
            }
        }
        for (qi, q) in t.questions.iter().enumerate() {
            for name in &q.topics {
                let entry = by_name
                    .entry(name)
                    .or_insert_with(|| (Vec::new(), Vec::new(), sidecar.clone()));
                let r = QuestionRef {
                    transcript: ti,
                    question: qi,
                };
                if entry.0.last() != Some(&r) {
                    entry.0.push(r);
                }
            }
        }
    }
    let registry_file = registry.file.as_ref();
    let mut topics = Vec::new();
    for (name, (questions, transcripts, used_in)) in by_name {
        let entry = registry.entries.get(name).cloned().unwrap_or_default();
        let slug = match &entry.slug {
            Some(text) => Slug::parse(text).map_err(|reason| {
                let file = registry_file.map_or(Path::new("content/topics.yaml"), |f| &f.path);
                Diagnostic::new(file, format!("invalid slug `{text}` for topic `{name}`: {reason}"))
                    .at_opt(registry_file.and_then(|f| {
                        YamlSource::whole(&f.text, &f.path).key_span(name)
                    }))
            }),
            None => Slug::from_name(name).ok_or_else(|| {
                Diagnostic::new(&used_in, format!("the topic `{name}` gives no slug"))
                    .help("name the topic with letters or digits, or register a slug for it in content/topics.yaml")
            }),
        };
        match slug {
            Ok(slug) => topics.push(Topic {
                key: name.to_string(),
                name: language
                    .and_then(|l| entry.name_in(l))
                    .unwrap_or(name)
                    .to_string(),
                slug,
                description: match language {
                    Some(l) => entry.description_in(l).map(str::to_string),
                    None => entry.description,
                },
                questions,
                transcripts,
            }),
            Err(d) => problems.push(d),
        }
    }
    let file = registry_file.map_or(Path::new("content/topics.yaml"), |f| f.path.as_path());
    check_unique(
        topics.iter().map(|t| (&t.slug, file, t.name.as_str())),
        "topics",
        problems,
    );
    topics
}

/// What is gathered about a speaker before their slug is settled.
struct Gathered<'a> {
    info: SpeakerInfo,
    /// The transcript they first appear in, for errors.
    file: &'a Path,
    asked: Vec<QuestionRef>,
    answered: Vec<QuestionRef>,
    transcripts: Vec<usize>,
}

fn speakers(transcripts: &[Arc<Listing>], problems: &mut Diagnostics) -> Vec<Speaker> {
    let by_name = gather_speakers(transcripts);
    let mut speakers = Vec::new();
    for (name, g) in by_name {
        let slug = match &g.info.slug {
            Some(text) => Slug::parse(text)
                .map_err(|reason| format!("invalid slug `{text}` for speaker `{name}`: {reason}")),
            None => {
                Slug::from_name(name).ok_or_else(|| format!("the speaker `{name}` gives no slug"))
            }
        };
        match slug {
            Ok(slug) => speakers.push((
                Speaker {
                    name: name.to_string(),
                    slug,
                    info: g.info,
                    asked: g.asked,
                    answered: g.answered,
                    transcripts: g.transcripts,
                },
                g.file,
            )),
            Err(message) => problems.push(
                Diagnostic::new(g.file, message)
                    .help("add `slug:` for this speaker under `speakers:` in the front matter"),
            ),
        }
    }
    check_unique(
        speakers
            .iter()
            .map(|(s, file)| (&s.slug, *file, s.name.as_str())),
        "speakers",
        problems,
    );
    speakers.into_iter().map(|(s, _)| s).collect()
}

/// Every speaker by the name shown, with where they speak, ask and answer.
fn gather_speakers(transcripts: &[Arc<Listing>]) -> BTreeMap<&str, Gathered<'_>> {
    let mut by_name: BTreeMap<&str, Gathered<'_>> = BTreeMap::new();
    for (ti, t) in transcripts.iter().enumerate() {
        for label in t.speaking() {
            let entry = by_name
                .entry(t.speaker_name(label))
                .or_insert_with(|| Gathered {
                    info: t.meta.speakers.get(label).cloned().unwrap_or_default(),
                    file: &t.path,
                    asked: Vec::new(),
                    answered: Vec::new(),
                    transcripts: Vec::new(),
                });
            if entry.transcripts.last() != Some(&ti) {
                entry.transcripts.push(ti);
            }
        }
        for (qi, q) in t.questions.iter().enumerate() {
            let r = QuestionRef {
                transcript: ti,
                question: qi,
            };
            if let Some(asker) = q.asker().filter(|s| t.meta.role(s) == Role::Asker)
                && let Some(g) = by_name.get_mut(t.speaker_name(asker))
            {
                g.asked.push(r);
            }
            let answerers = q
                .turns
                .iter()
                .filter(|label| t.meta.role(label) == Role::Answerer);
            for label in answerers {
                if let Some(g) = by_name.get_mut(t.speaker_name(label))
                    && g.answered.last() != Some(&r)
                {
                    g.answered.push(r);
                }
            }
        }
    }
    by_name
}
