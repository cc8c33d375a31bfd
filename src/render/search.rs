//! The site's static search index: found by substring in Chinese (关系
//! finds 中美关系) and by word in English, with no service behind it.
//!
//! The index maps keys to the transcripts that hold them: every CJK
//! character and every pair of adjacent CJK characters, and every word of
//! other scripts, lowercased. Keys are spread over shard files by a hash
//! the search script computes the same way, so a query fetches only the
//! shards of its keys. Each transcript's text, question by question and
//! paragraph by paragraph, is in its own `search.json`, fetched only for
//! the transcripts a query's keys all point at; the script then confirms
//! the whole query as a substring and shows the passage.
//!
//! ```text
//! search/index.json        transcripts, topics, speakers, shard count
//! search/keys-<k>.json     { key: [transcript ids, delta-encoded] }
//! <slug>/search.json       questions: title, topics, speakers, paragraphs
//! ```

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use super::RenderedPage;
use super::views::{Views, page_path};
use crate::annotate::{AnnotatedTranscript, BlockRef, NoteBody, Section};
use crate::markdown::{VisibleText, is_cjk, plain_text};
use crate::site::{Site, speaker_name};
use crate::transcript::Block;

/// About how many keys go in one shard file.
const KEYS_PER_SHARD: usize = 4000;

/// The shard a key is in: a hash the search script computes the same way.
pub fn shard(key: &str, shards: usize) -> usize {
    let mut hash: u32 = 0;
    for c in key.chars() {
        hash = hash.wrapping_mul(31).wrapping_add(c as u32);
    }
    hash as usize % shards.max(1)
}

/// The keys of a text: each CJK character and pair of adjacent ones, and
/// each word of other scripts, lowercased.
pub fn keys(text: &str, into: &mut BTreeSet<String>) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_cjk(c) && c.is_alphanumeric() {
            into.insert(c.to_string());
            if let Some(&next) = chars
                .get(i + 1)
                .filter(|n| is_cjk(**n) && n.is_alphanumeric())
            {
                into.insert(format!("{c}{next}"));
            }
            i += 1;
        } else if c.is_alphanumeric() {
            let start = i;
            while i < chars.len() && chars[i].is_alphanumeric() && !is_cjk(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect::<String>().to_lowercase();
            into.insert(word);
        } else {
            i += 1;
        }
    }
}

#[derive(Serialize)]
struct TranscriptText<'a> {
    /// The opening's paragraphs.
    opening: Vec<(String, String)>,
    questions: Vec<QuestionText<'a>>,
}

#[derive(Serialize)]
struct QuestionText<'a> {
    n: usize,
    title: &'a str,
    /// From the site root.
    href: String,
    /// Indices into the index's topics and speakers.
    topics: Vec<usize>,
    speakers: Vec<usize>,
    /// `[anchor, text]`: the visible text of each paragraph, speaker first,
    /// and of each note.
    paras: Vec<(String, String)>,
}

/// A transcript's `search.json`.
pub fn transcript_text(views: &Views<'_>, t: &AnnotatedTranscript) -> RenderedPage {
    let site = views.site;
    let slug = t.transcript.slug.as_str();
    let opening = section_paras(t, Section::Opening);
    let questions = t
        .transcript
        .questions
        .iter()
        .zip(&t.questions)
        .map(|(q, info)| {
            let topics = info
                .topics
                .iter()
                .filter_map(|name| {
                    site.topics
                        .binary_search_by(|t| t.name.as_str().cmp(name))
                        .ok()
                })
                .collect();
            let speakers: BTreeSet<usize> = q
                .turns
                .iter()
                .filter_map(|turn| {
                    let name = speaker_name(t, &turn.speaker);
                    site.speakers
                        .binary_search_by(|s| s.name.as_str().cmp(name))
                        .ok()
                })
                .collect();
            QuestionText {
                n: q.number,
                title: &info.title,
                href: page_path(&[slug, &q.number.to_string()]),
                topics,
                speakers: speakers.into_iter().collect(),
                paras: section_paras(t, Section::Question(q.number)),
            }
        })
        .collect();
    let text = TranscriptText { opening, questions };
    RenderedPage {
        path: format!("{slug}/search.json"),
        bytes: serde_json::to_vec(&text).expect("search text always serializes"),
    }
}

/// The paragraphs of a section as `[anchor, text]`, each turn's first with
/// its speaker's name, then its notes.
fn section_paras(t: &AnnotatedTranscript, section: Section) -> Vec<(String, String)> {
    let mut paras = Vec::new();
    let mut add_blocks = |turn: usize, speaker: Option<&str>, blocks: &[Block]| {
        for (block, b) in blocks.iter().enumerate() {
            let at = BlockRef { turn, block };
            if t.footnote_blocks.contains(&at) {
                continue;
            }
            let text = VisibleText::of_markdown(&b.markdown).text;
            let text = match (block, speaker) {
                (0, Some(name)) => format!("{name}: {text}"),
                _ => text,
            };
            paras.push((at.id(), text));
        }
    };
    match section {
        Section::Opening => {
            add_blocks(0, None, &t.transcript.preamble);
            for turn in &t.transcript.opening {
                add_blocks(
                    turn.number,
                    Some(speaker_name(t, &turn.speaker)),
                    &turn.blocks,
                );
            }
        }
        Section::Question(n) => {
            for turn in &t.transcript.questions[n - 1].turns {
                add_blocks(
                    turn.number,
                    Some(speaker_name(t, &turn.speaker)),
                    &turn.blocks,
                );
            }
        }
    }
    for note in t.notes_in(section) {
        let body = match &note.body {
            NoteBody::Sidecar(n) => {
                let mut text = plain_text(n.note.as_deref().unwrap_or(""));
                if let Some(correction) = &n.correction {
                    text = format!("{} → {correction} {text}", n.quote);
                }
                text
            }
            NoteBody::Footnote { markdown, .. } => plain_text(markdown),
        };
        paras.push((format!("note-{}", note.number), body));
    }
    paras
}

#[derive(Serialize)]
struct Index<'a> {
    shards: usize,
    /// `[slug, title, date]`, newest first: a transcript's id is its place.
    transcripts: Vec<(&'a str, &'a str, String)>,
    topics: Vec<&'a str>,
    speakers: Vec<&'a str>,
}

/// `search/index.json` and its key shards.
pub fn index(site: &Site) -> Vec<RenderedPage> {
    let per_transcript: Vec<BTreeSet<String>> = site
        .transcripts
        .par_iter()
        .map(|t| {
            let mut found = BTreeSet::new();
            for section in std::iter::once(Section::Opening).chain(
                t.transcript
                    .questions
                    .iter()
                    .map(|q| Section::Question(q.number)),
            ) {
                for (_, text) in section_paras(t, section) {
                    keys(&text, &mut found);
                }
            }
            for info in &t.questions {
                keys(&info.title, &mut found);
            }
            found
        })
        .collect();
    let mut postings: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (id, found) in per_transcript.iter().enumerate() {
        for key in found {
            postings.entry(key.as_str()).or_default().push(id);
        }
    }
    let shards = postings.len().div_ceil(KEYS_PER_SHARD).clamp(1, 256);
    let mut files: Vec<BTreeMap<&str, Vec<usize>>> = vec![BTreeMap::new(); shards];
    for (key, ids) in postings {
        let mut last = 0;
        let deltas = ids
            .into_iter()
            .map(|id| {
                let delta = id - last;
                last = id;
                delta
            })
            .collect();
        files[shard(key, shards)].insert(key, deltas);
    }
    let index = Index {
        shards,
        transcripts: site
            .transcripts
            .iter()
            .map(|t| {
                (
                    t.transcript.slug.as_str(),
                    t.transcript.meta.title.as_str(),
                    t.transcript.meta.date.to_string(),
                )
            })
            .collect(),
        topics: site.topics.iter().map(|t| t.name.as_str()).collect(),
        speakers: site.speakers.iter().map(|s| s.name.as_str()).collect(),
    };
    let mut pages = vec![json("search/index.json", &index)];
    for (k, file) in files.iter().enumerate() {
        pages.push(json(&format!("search/keys-{k}.json"), file));
    }
    pages
}

fn json<T: Serialize>(path: &str, value: &T) -> RenderedPage {
    RenderedPage {
        path: path.to_string(),
        bytes: serde_json::to_vec(value).expect("search data always serializes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_of(text: &str) -> Vec<String> {
        let mut found = BTreeSet::new();
        keys(text, &mut found);
        found.into_iter().collect()
    }

    #[test]
    fn cjk_is_cut_into_characters_and_pairs_and_other_text_into_words() {
        assert_eq!(
            keys_of("中美关系, Trade talks"),
            [
                "talks", "trade", "中", "中美", "关", "关系", "系", "美", "美关"
            ]
        );
        assert_eq!(keys_of("。「」"), Vec::<String>::new());
    }

    #[test]
    fn shards_spread_keys_as_the_script_does() {
        // (31 * 0x4E2D + 0x7F8E) % 7, as search.js computes it.
        assert_eq!(shard("中美", 7), ((31u32 * 0x4E2D + 0x7F8E) % 7) as usize);
        assert_eq!(shard("x", 1), 0);
    }
}
