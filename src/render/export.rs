//! A transcript as data: `annotations.json`, its notes as a W3C Web
//! Annotation `AnnotationCollection`, and `transcript.json`, its turns,
//! questions, topics and speakers.
//!
//! A note's target is the page its words are on (a question's, or the
//! transcript's for the opening), with a `TextQuoteSelector` (the exact
//! words and up to 32 characters either side) and a `TextPositionSelector`
//! counted in Unicode code points, both taken from the text of that
//! page's body as rendered — what W3C clients match them in (see
//! `page_text`).
//! Addresses are absolute when the site has a `base_url`, and relative to
//! the JSON file otherwise.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::annotate::{
    AnchoredNote, AnnotatedTranscript, BlockRef, BlockTexts, NoteBody, NoteKind,
};
use crate::config::Exports;
use crate::site::speaker_name;
use crate::transcript::{Block, Role, Section, Time, Turn};

use super::RenderedPage;
use super::page_text::{NoteSelectors, PageSelector};
use crate::address;

/// The JSON-LD context of the W3C Web Annotation Data Model.
pub(crate) const ANNOTATION_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// A transcript's notes, as Web Annotations.
pub(crate) const ANNOTATIONS: &str = "annotations.json";
/// A transcript's words and structure.
pub(crate) const TRANSCRIPT: &str = "transcript.json";

/// Where a transcript's other versions' data files are, from its own
/// folder: the original's, for a translation, and each translation's, in
/// the order of [`AnnotatedTranscript::translations`], for an original.
#[derive(Debug, Default)]
pub(crate) struct Versions {
    pub original: Option<String>,
    pub translations: Vec<String>,
}

/// The data files of a transcript that the site wants, and its captions.
pub(crate) fn exports(
    t: &AnnotatedTranscript,
    texts: &BlockTexts,
    base_url: Option<&str>,
    selectors: &NoteSelectors,
    wanted: Exports,
    versions: &Versions,
) -> Vec<RenderedPage> {
    let slug = t.transcript.slug.as_str();
    let urls = Urls::new(slug, base_url);
    let mut pages = Vec::new();
    if wanted.annotations {
        pages.push(json_page(
            address::transcript_file(slug, ANNOTATIONS),
            &annotations(t, &urls, selectors),
        ));
    }
    if wanted.transcript {
        pages.push(json_page(
            address::transcript_file(slug, TRANSCRIPT),
            &transcript(t, texts, &urls, versions),
        ));
    }
    pages.extend(super::captions::files(t));
    pages
}

fn json_page<T: Serialize>(path: String, value: &T) -> RenderedPage {
    let mut bytes = serde_json::to_vec(value).expect("export views always serialize to JSON");
    bytes.push(b'\n');
    RenderedPage { path, bytes }
}

/// Addresses of a transcript's pages, as its data files give them.
struct Urls<'a> {
    slug: &'a str,
    base_url: Option<&'a str>,
    /// The transcript's folder, where the data files are.
    folder: String,
}

impl<'a> Urls<'a> {
    fn new(slug: &'a str, base_url: Option<&'a str>) -> Urls<'a> {
        Urls {
            slug,
            base_url,
            folder: address::folder(&address::transcript(slug)).to_string(),
        }
    }

    /// The address of the file at `path`, from the transcript's folder.
    fn of(&self, path: &str) -> String {
        address::from_folder(self.base_url, &self.folder, path)
    }

    fn file(&self, name: &str) -> String {
        self.of(&address::transcript_file(self.slug, name))
    }

    fn section(&self, section: Section) -> String {
        match section {
            Section::Opening => self.of(&address::transcript(self.slug)),
            Section::Question(n) => self.of(&address::question(self.slug, n)),
        }
    }
}

#[derive(Serialize)]
struct AnnotationCollection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: &'a str,
    total: usize,
    first: AnnotationPage<'a>,
    /// The only page is also the last.
    last: String,
}

#[derive(Serialize)]
struct AnnotationPage<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "partOf")]
    part_of: String,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<Annotation<'a>>,
}

#[derive(Serialize)]
struct Annotation<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    body: Vec<Body<'a>>,
    target: Target<'a>,
    /// Who wrote the note, when the sidecar says (`by:`).
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<Creator<'a>>,
    /// The day it was written (`date:`), as the model's `xsd:dateTime`.
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<String>,
}

/// The agent who wrote a note: a name, of a person or of a desk.
#[derive(Serialize)]
struct Creator<'a> {
    name: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Body<'a> {
    Text {
        #[serde(rename = "type")]
        kind: &'static str,
        value: &'a str,
        format: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        language: Option<&'a str>,
        purpose: &'static str,
    },
    /// A web page the note points to: a `SpecificResource`, since the
    /// model forbids a `purpose` on an external resource itself.
    Link {
        #[serde(rename = "type")]
        kind: &'static str,
        source: &'a str,
        purpose: &'static str,
    },
}

#[derive(Serialize)]
struct Target<'a> {
    source: String,
    /// The language of the words it selects.
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    selector: Vec<Selector<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "type")]
#[allow(
    clippy::enum_variant_names,
    reason = "the variants are named as the W3C and media annotation types they are"
)]
enum Selector<'a> {
    TextQuoteSelector {
        exact: &'a str,
        prefix: &'a str,
        suffix: &'a str,
    },
    TextPositionSelector {
        start: usize,
        end: usize,
    },
    /// When the words are spoken in the recording, in seconds (as
    /// media annotation clients read it).
    MediaTimeSelector {
        start: f64,
        #[serde(skip_serializing_if = "Option::is_none")]
        end: Option<f64>,
    },
}

/// When each block of a timed transcript is spoken: from the last time at
/// or before it to the next time after it.
fn block_times(t: &AnnotatedTranscript) -> BTreeMap<BlockRef, (Time, Option<Time>)> {
    let mut blocks: Vec<(BlockRef, Option<Time>)> = Vec::new();
    for (block, b) in t.transcript.preamble.iter().enumerate() {
        blocks.push((BlockRef { turn: 0, block }, b.time));
    }
    for turn in t.transcript.turns() {
        for (block, b) in turn.blocks.iter().enumerate() {
            blocks.push((
                BlockRef {
                    turn: turn.number,
                    block,
                },
                b.time,
            ));
        }
    }
    let mut times = BTreeMap::new();
    let mut last = None;
    for (i, &(at, time)) in blocks.iter().enumerate() {
        last = time.or(last);
        if let Some(start) = last {
            let end = blocks[i + 1..].iter().find_map(|(_, t)| *t);
            times.insert(at, (start, end));
        }
    }
    times
}

/// The W3C motivation of a kind of note.
fn motivation(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::Correction => "editing",
        NoteKind::Context | NoteKind::Translation => "describing",
        NoteKind::FactCheck => "assessing",
        NoteKind::Note => "commenting",
    }
}

fn annotations<'a>(
    t: &'a AnnotatedTranscript,
    urls: &Urls,
    selectors: &'a NoteSelectors,
) -> AnnotationCollection<'a> {
    let id = urls.file(ANNOTATIONS);
    let language = t.transcript.meta.language.as_deref();
    let times = if t.transcript.meta.media.is_some() {
        block_times(t)
    } else {
        BTreeMap::new()
    };
    let items: Vec<Annotation<'a>> = t
        .notes
        .iter()
        .filter_map(|anchored| match &anchored.body {
            NoteBody::Sidecar(note) => Some(annotation(
                anchored,
                note,
                &id,
                language,
                urls,
                selectors.get(anchored.number),
                times.get(&anchored.block).copied(),
            )),
            NoteBody::Footnote { .. } => None,
        })
        .collect();
    AnnotationCollection {
        context: ANNOTATION_CONTEXT,
        kind: "AnnotationCollection",
        label: &t.transcript.meta.title,
        total: items.len(),
        first: AnnotationPage {
            id: format!("{id}#page-1"),
            kind: "AnnotationPage",
            part_of: id.clone(),
            start_index: 0,
            items,
        },
        last: format!("{id}#page-1"),
        id,
    }
}

fn annotation<'a>(
    anchored: &'a AnchoredNote,
    note: &'a crate::annotate::Note,
    collection: &str,
    language: Option<&'a str>,
    urls: &Urls,
    page: Option<&'a PageSelector>,
    spoken: Option<(Time, Option<Time>)>,
) -> Annotation<'a> {
    let purpose = motivation(note.kind);
    let mut body = Vec::new();
    if let Some(text) = &note.note {
        body.push(Body::Text {
            kind: "TextualBody",
            value: text,
            format: "text/markdown",
            language,
            purpose,
        });
    }
    if let Some(correction) = &note.correction {
        body.push(Body::Text {
            kind: "TextualBody",
            value: correction,
            format: "text/plain",
            language,
            purpose: "editing",
        });
    }
    body.extend(note.links.iter().map(|link| Body::Link {
        kind: "SpecificResource",
        source: link,
        purpose: "linking",
    }));
    // Where the page marks the words, its own text says where they are;
    // otherwise (a template that marks no notes) the transcript's text.
    let (exact, prefix, suffix, start, end) = if let Some(p) = page {
        (&p.exact, &p.prefix, &p.suffix, p.start, p.end)
    } else {
        let s = &anchored.selector;
        (&s.exact, &s.prefix, &s.suffix, s.start, s.end)
    };
    Annotation {
        creator: note.by.as_deref().map(|name| Creator { name }),
        created: note
            .date
            .as_deref()
            .map(|d| format!("{}T00:00:00Z", d.trim())),
        id: format!("{collection}#note-{}", anchored.number),
        kind: "Annotation",
        motivation: purpose,
        body,
        target: Target {
            source: urls.section(anchored.section),
            language,
            selector: [
                Selector::TextQuoteSelector {
                    exact,
                    prefix,
                    suffix,
                },
                Selector::TextPositionSelector { start, end },
            ]
            .into_iter()
            .chain(spoken.map(|(start, end)| Selector::MediaTimeSelector {
                start: start.seconds(),
                end: end.map(Time::seconds),
            }))
            .collect(),
        },
    }
}

#[derive(Serialize)]
struct TranscriptData<'a> {
    slug: &'a str,
    url: String,
    title: &'a str,
    subtitle: Option<&'a str>,
    date: String,
    language: Option<&'a str>,
    event: Option<&'a str>,
    location: Option<&'a str>,
    source: Option<&'a str>,
    source_url: Option<&'a str>,
    topics: &'a [String],
    /// Who translated it, in a translation.
    #[serde(skip_serializing_if = "Option::is_none")]
    translator: Option<&'a str>,
    /// In a translation, the original's `transcript.json`.
    #[serde(skip_serializing_if = "Option::is_none")]
    translation_of: Option<&'a str>,
    /// In an original, its translations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    translations: Vec<TranslationData<'a>>,
    speakers: Vec<SpeakerData<'a>>,
    preamble: Vec<ParagraphData<'a>>,
    opening: Vec<TurnData<'a>>,
    questions: Vec<QuestionData<'a>>,
    /// Every note's words as plain text, with the question it is in (none
    /// for the opening); `annotations.json` has them whole. The site's
    /// search reads them here.
    notes: Vec<NoteData>,
}

#[derive(Serialize)]
struct NoteData {
    number: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    question: Option<usize>,
    text: String,
}

/// A translation of a transcript, as the original's data lists it.
#[derive(Serialize)]
struct TranslationData<'a> {
    language: &'a str,
    /// Its own `transcript.json`, with its text.
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    translator: Option<&'a str>,
    title: &'a str,
    /// The numbers of the turns it translates.
    turns: Vec<usize>,
}

#[derive(Serialize)]
struct SpeakerData<'a> {
    /// The label as written in the transcript.
    label: &'a str,
    name: &'a str,
    title: Option<&'a str>,
    affiliation: Option<&'a str>,
    /// `answerer`, `host` or `asker`.
    role: Role,
}

#[derive(Serialize)]
struct QuestionData<'a> {
    number: usize,
    url: String,
    title: &'a str,
    summary: Option<&'a str>,
    topics: &'a [String],
    asker: Option<&'a str>,
    turns: Vec<TurnData<'a>>,
    /// The numbers of its notes, as in `annotations.json`.
    notes: Vec<usize>,
}

#[derive(Serialize)]
struct TurnData<'a> {
    number: usize,
    id: String,
    speaker: &'a str,
    /// In a translation, a turn it leaves untranslated (with no paragraphs).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    untranslated: bool,
    paragraphs: Vec<ParagraphData<'a>>,
}

#[derive(Serialize)]
struct ParagraphData<'a> {
    id: String,
    markdown: &'a str,
    /// The words a reader sees, where they differ from `markdown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    /// A footnote's definition, which the pages show among the notes
    /// rather than as a paragraph.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    footnote: bool,
}

fn transcript<'a>(
    t: &'a AnnotatedTranscript,
    texts: &BlockTexts,
    urls: &Urls,
    versions: &'a Versions,
) -> TranscriptData<'a> {
    let tr = &t.transcript;
    let meta = &tr.meta;
    let mut labels: Vec<&str> = Vec::new();
    for turn in tr.turns() {
        if !turn.speaker.is_empty() && !labels.contains(&turn.speaker.as_str()) {
            labels.push(&turn.speaker);
        }
    }
    let speakers = labels
        .into_iter()
        .map(|label| {
            let info = meta.speakers.get(label);
            SpeakerData {
                label,
                name: speaker_name(&t.transcript.meta, label),
                title: info.and_then(|i| i.title.as_deref()),
                affiliation: info.and_then(|i| i.affiliation.as_deref()),
                role: tr.role(label),
            }
        })
        .collect();
    let turns = |turns: &'a [Turn]| {
        turns
            .iter()
            .map(|turn| turn_data(t, texts, turn))
            .collect::<Vec<_>>()
    };
    TranscriptData {
        slug: tr.slug.as_str(),
        url: urls.section(Section::Opening),
        title: &meta.title,
        subtitle: meta.subtitle.as_deref(),
        date: meta.date.to_string(),
        language: meta.language.as_deref(),
        event: meta.event.as_deref(),
        location: meta.location.as_deref(),
        source: meta.source.as_deref(),
        source_url: meta.source_url.as_deref(),
        topics: &meta.topics,
        translator: meta.translator.as_deref(),
        translation_of: versions.original.as_deref(),
        translations: t
            .translations
            .iter()
            .zip(&versions.translations)
            .map(|(tr, url)| TranslationData {
                language: tr.language.as_str(),
                url,
                translator: tr.whole.transcript.meta.translator.as_deref(),
                title: &tr.whole.transcript.meta.title,
                turns: tr
                    .whole
                    .transcript
                    .turns()
                    .filter(|turn| !turn.untranslated)
                    .map(|turn| turn.number)
                    .collect(),
            })
            .collect(),
        speakers,
        preamble: paragraphs(t, texts, 0, &tr.preamble),
        opening: turns(&tr.opening),
        questions: t
            .questions()
            .map(|q| QuestionData {
                number: q.number(),
                url: urls.section(q.section()),
                title: q.title(),
                summary: q.summary(),
                topics: q.topics(),
                asker: q.asker(),
                turns: turns(&q.question.turns),
                notes: t
                    .notes_in(q.section())
                    .filter(|n| matches!(n.body, NoteBody::Sidecar(_)))
                    .map(|n| n.number)
                    .collect(),
            })
            .collect(),
        notes: std::iter::once(Section::Opening)
            .chain(t.questions().map(|q| q.section()))
            .flat_map(|section| {
                t.notes_in(section).map(move |note| NoteData {
                    number: note.number,
                    question: match section {
                        Section::Opening => None,
                        Section::Question(n) => Some(n),
                    },
                    text: note.body.plain_text(),
                })
            })
            .collect(),
    }
}

fn turn_data<'a>(t: &AnnotatedTranscript, texts: &BlockTexts, turn: &'a Turn) -> TurnData<'a> {
    TurnData {
        number: turn.number,
        id: format!("t{}", turn.number),
        speaker: &turn.speaker,
        untranslated: turn.untranslated,
        paragraphs: paragraphs(t, texts, turn.number, &turn.blocks),
    }
}

fn paragraphs<'a>(
    t: &AnnotatedTranscript,
    texts: &BlockTexts,
    turn: usize,
    blocks: &'a [Block],
) -> Vec<ParagraphData<'a>> {
    blocks
        .iter()
        .enumerate()
        .map(|(block, b)| {
            let at = BlockRef { turn, block };
            let text = texts.get(at);
            ParagraphData {
                id: at.id(),
                markdown: &b.markdown,
                text: (text != b.markdown).then(|| text.to_owned()),
                footnote: t.footnote_blocks.contains(&at),
            }
        })
        .collect()
}
