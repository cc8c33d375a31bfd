//! The site's static search index: found by substring in Chinese (关系
//! finds 中美关系) and by word in English, with no service behind it.
//!
//! The index maps keys to the transcripts that hold them: every CJK
//! character and every pair of adjacent CJK characters, and every word of
//! other scripts, lowercased. Keys are spread over shard files by a hash
//! the search script computes the same way, so a query fetches only the
//! shards of its keys. The text of the transcripts a query's keys all
//! point at is then fetched from the transcript's own data file, the
//! `transcript.json` export, which holds each paragraph's visible text and
//! each note's; the script confirms the whole query as a substring and
//! shows the passage. A site that turns that export off gets a smaller
//! `search.json` in its place, with only what search reads.
//!
//! A build takes each transcript's keys from its own job, while the
//! transcript is at hand, into a [`Gathering`]; a server's rebuild of the
//! index reads every transcript again ([`index`]). Both end in [`finish`].
//!
//! ```text
//! search/index.json        counts, years, topics, speakers, shard count,
//!                          which file holds the texts
//! search/transcripts-<k>.json  [slug, title, date] of 250 transcripts
//! search/keys-<k>.json     { key: [transcript ids, delta-encoded]
//!                            or "base64 bitmap, a bit per transcript" }
//! <slug>/transcript.json   the export: turns, paragraphs, notes
//! <slug>/search.json       without the export: questions with their
//!                          title, topics, speakers and paragraphs
//! ```

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError};

use rustc_hash::{FxHashMap, FxHashSet};

use rayon::prelude::*;
use serde::Serialize;

use super::{RenderedPage, Transcripts};
use crate::address;
use crate::annotate::{AnnotatedTranscript, BlockRef, BlockTexts};
use crate::diagnostic::Diagnostic;
use crate::markdown::is_cjk;
use crate::site::{Site, speaker_name};
use crate::transcript::Block;
use crate::transcript::Section;

/// A transcript's text for search, in a site that does not export
/// `transcript.json` (which search reads otherwise).
const SEARCH_TEXT: &str = "search.json";

/// About how many bytes of keys go in one shard file.
const SHARD_BYTES: usize = 64 * 1024;

/// The shard a key is in: a hash the search script computes the same way.
pub(crate) fn shard(key: &str, shards: usize) -> usize {
    let mut hash: u32 = 0;
    for c in key.chars() {
        hash = hash.wrapping_mul(31).wrapping_add(c as u32);
    }
    hash as usize % shards.max(1)
}

/// The keys found in some text: CJK characters and pairs of characters
/// packed in numbers (so that gathering millions of them allocates
/// nothing), and words. The characters of the common blocks are bits of
/// a set, the rest and the pairs are hashed.
#[derive(Debug)]
pub(crate) struct Keys {
    /// A bit for each character below [`COMMON_CJK_END`].
    common: Box<[u64]>,
    cjk: FxHashSet<u64>,
    words: FxHashSet<String>,
}

/// The end of the blocks whose characters [`Keys`] keeps as bits: CJK
/// punctuation, kana, extension A and the unified ideographs.
const COMMON_CJK_END: u32 = 0xA000;

/// About how many pairs of characters a transcript holds.
const PAIRS: usize = 8 * 1024;

impl Default for Keys {
    fn default() -> Keys {
        Keys {
            common: vec![0; COMMON_CJK_END as usize / 64].into_boxed_slice(),
            cjk: FxHashSet::with_capacity_and_hasher(PAIRS, rustc_hash::FxBuildHasher),
            words: FxHashSet::default(),
        }
    }
}

impl Keys {
    /// Adds the keys of `text`: each CJK character and pair of adjacent
    /// ones, and each word of other scripts, lowercased.
    pub(crate) fn add(&mut self, text: &str) {
        let mut chars = text.chars().peekable();
        let mut word = String::new();
        while let Some(c) = chars.next() {
            if indexed_cjk(c) {
                let code = c as u32;
                if code < COMMON_CJK_END {
                    self.common[code as usize / 64] |= 1 << (code % 64);
                } else {
                    self.cjk.insert(u64::from(code) << 32);
                }
                if let Some(&next) = chars.peek().filter(|n| indexed_cjk(**n)) {
                    self.cjk.insert((u64::from(code) << 32) | next as u64);
                }
            } else if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
                if !chars
                    .peek()
                    .is_some_and(|n| n.is_alphanumeric() && !is_cjk(*n))
                {
                    if !self.words.contains(&word) {
                        self.words.insert(word.clone());
                    }
                    word.clear();
                }
            }
        }
    }

    /// Every CJK key, packed.
    fn cjk(&self) -> impl Iterator<Item = u64> + '_ {
        let common = self.common.iter().enumerate().flat_map(|(i, &bits)| {
            let mut left = bits;
            std::iter::from_fn(move || {
                (left != 0).then(|| {
                    let bit = u64::from(left.trailing_zeros());
                    left &= left - 1;
                    ((i as u64) * 64 + bit) << 32
                })
            })
        });
        common.chain(self.cjk.iter().copied())
    }

    /// Every key as the search script writes it.
    #[cfg(test)]
    pub(crate) fn texts(&self) -> impl Iterator<Item = String> + '_ {
        let cjk = self.cjk().map(cjk_text);
        cjk.chain(self.words.iter().cloned())
    }
}

/// A packed CJK key as text.
fn cjk_text(packed: u64) -> String {
    [(packed >> 32) as u32, (packed & 0xFFFF_FFFF) as u32]
        .into_iter()
        .filter(|&c| c != 0)
        .filter_map(char::from_u32)
        .collect()
}

/// Whether `c` is a CJK character that is indexed: not punctuation or a
/// space. search.js decides the same way.
pub(crate) fn indexed_cjk(c: char) -> bool {
    is_cjk(c)
        && !matches!(c,
            '\u{3000}'..='\u{3004}' | '\u{3008}'..='\u{3020}' | '\u{3030}' | '\u{303D}'..='\u{303F}'
            | '\u{30FB}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}'
            | '\u{FFE0}'..='\u{FFEF}')
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
    /// Its topics' keys and its speakers' names, as the filters name them.
    topics: &'a [String],
    speakers: Vec<&'a str>,
    /// `[anchor, text]`: the visible text of each paragraph, speaker first,
    /// and of each note.
    paras: Vec<(String, String)>,
}

/// A transcript's keys for the index, and its `search.json` when the site
/// has no `transcript.json` for search to read: its text is made once for
/// both.
pub(crate) fn transcript_keys(
    site: &Site,
    t: &AnnotatedTranscript,
    texts: &BlockTexts,
) -> (Option<RenderedPage>, Keys) {
    let own_file = !site.config.exports.transcript;
    let mut keys = Keys::default();
    // Each section's paragraphs as `[anchor, text]`, each turn's first
    // with its speaker's name, then its notes: kept for `search.json` only.
    let mut sections: Vec<Vec<(String, String)>> = Vec::new();
    for section in std::iter::once(Section::Opening).chain(t.questions().map(|q| q.section())) {
        let mut paras = Vec::new();
        each_para(t, texts, section, &mut |anchor, speaker, text| {
            if let Some(name) = speaker {
                keys.add(name);
            }
            keys.add(text);
            if own_file {
                let text = match speaker {
                    Some(name) => format!("{name}: {text}"),
                    None => text.to_owned(),
                };
                paras.push((anchor.id(), text));
            }
        });
        sections.push(paras);
    }
    for q in t.questions() {
        keys.add(q.title());
    }
    let page = own_file.then(|| search_file(t, sections));
    (page, keys)
}

/// A transcript's `search.json`, of its sections' paragraphs in order:
/// the opening's, then each question's.
fn search_file(t: &AnnotatedTranscript, sections: Vec<Vec<(String, String)>>) -> RenderedPage {
    let slug = t.transcript.slug.as_str();
    let mut sections = sections.into_iter();
    let opening = sections.next().unwrap_or_default();
    let questions = t
        .questions()
        .zip(sections)
        .map(|(q, paras)| {
            let mut speakers: Vec<&str> = Vec::new();
            for turn in &q.question.turns {
                let name = speaker_name(&t.transcript.meta, &turn.speaker);
                if !speakers.contains(&name) {
                    speakers.push(name);
                }
            }
            QuestionText {
                n: q.number(),
                title: q.title(),
                href: address::question(slug, q.number()),
                topics: q.topics(),
                speakers,
                paras,
            }
        })
        .collect();
    RenderedPage {
        path: address::transcript_file(slug, SEARCH_TEXT),
        bytes: serde_json::to_vec(&TranscriptText { opening, questions })
            .expect("search text always serializes"),
    }
}

/// Where a paragraph search shows stands: a block, or a note.
enum Anchor {
    Block(BlockRef),
    Note(usize),
}

impl Anchor {
    fn id(&self) -> String {
        match self {
            Anchor::Block(at) => at.id(),
            Anchor::Note(number) => format!("note-{number}"),
        }
    }
}

/// Hands `visit` each paragraph of a section that search reads, in order:
/// where it stands, the speaker's name on a turn's first, and its visible
/// text; then each note's.
fn each_para(
    t: &AnnotatedTranscript,
    texts: &BlockTexts,
    section: Section,
    visit: &mut dyn FnMut(Anchor, Option<&str>, &str),
) {
    let mut blocks = |turn: usize, speaker: Option<&str>, blocks: &[Block]| {
        for block in 0..blocks.len() {
            let at = BlockRef { turn, block };
            if t.footnote_blocks.contains(&at) {
                continue;
            }
            visit(
                Anchor::Block(at),
                speaker.filter(|_| block == 0),
                texts.get(at),
            );
        }
    };
    match section {
        Section::Opening => {
            blocks(0, None, &t.transcript.preamble);
            for turn in &t.transcript.opening {
                let speaker = speaker_name(&t.transcript.meta, &turn.speaker);
                blocks(turn.number, Some(speaker), &turn.blocks);
            }
        }
        Section::Question(n) => {
            for turn in &t.transcript.questions[n - 1].turns {
                let speaker = speaker_name(&t.transcript.meta, &turn.speaker);
                blocks(turn.number, Some(speaker), &turn.blocks);
            }
        }
    }
    for note in t.notes_in(section) {
        visit(Anchor::Note(note.number), None, &note.body.plain_text());
    }
}

/// How many transcripts one file of the transcript list holds: a query
/// fetches only the files of the transcripts it shows, so the first
/// download does not grow with the archive.
const LIST_CHUNK: usize = 250;

#[derive(Serialize)]
struct Index<'a> {
    shards: usize,
    /// How many transcripts there are; a transcript's id is its place,
    /// newest first.
    count: usize,
    /// How many transcripts each `search/transcripts-<k>.json` lists.
    chunk: usize,
    /// The file in each transcript's folder that holds its text:
    /// `transcript.json`, or `search.json` in a site without it.
    texts: &'static str,
    /// `[year, first id, last id]`, newest first.
    years: Vec<(i16, usize, usize)>,
    topics: Vec<TopicEntry<'a>>,
    speakers: Vec<&'a str>,
}

/// A topic in the filter: its key, or `[key, name]` where an edition
/// names it otherwise.
#[derive(Serialize)]
#[serde(untagged)]
enum TopicEntry<'a> {
    Key(&'a str),
    Named(&'a str, &'a str),
}

/// The keys of a site's transcripts, taken in as each transcript is
/// read, from any thread, and put in the order of the transcripts' ids
/// (their places, newest first): the transcripts that hold a key are kept
/// as varint deltas, a byte each for a key in most transcripts, so the
/// keys of the whole site are never all in memory at once.
///
/// Keys that come before their turn wait; whichever thread finds the next
/// ones there merges them, and a thread that finds another merging leaves
/// its keys to it rather than wait.
#[derive(Default)]
pub(crate) struct Gathering {
    waiting: Mutex<BTreeMap<usize, Keys>>,
    merged: Mutex<Gathered>,
}

#[derive(Default)]
struct Gathered {
    /// The id whose keys come next.
    next: usize,
    cjk: FxHashMap<u64, Ids>,
    words: FxHashMap<String, Ids>,
}

/// A lock is poisoned only by a thread that panicked, and that panic ends
/// the build: what it holds is never read half-updated.
fn locked<T>(lock: &Mutex<T>) -> MutexGuard<'_, T> {
    lock.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Gathering {
    /// Takes in the keys of the transcript `id`.
    pub(crate) fn add(&self, id: usize, keys: Keys) {
        locked(&self.waiting).insert(id, keys);
        loop {
            let mut merged = match self.merged.try_lock() {
                Ok(merged) => merged,
                Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
                Err(TryLockError::WouldBlock) => return,
            };
            loop {
                let next = merged.next;
                let Some(keys) = locked(&self.waiting).remove(&next) else {
                    break;
                };
                merged.merge(next, keys);
            }
            let next = merged.next;
            drop(merged);
            // Keys left while this thread was merging, after it last looked.
            if !locked(&self.waiting).contains_key(&next) {
                return;
            }
        }
    }

    /// What was merged so far, leaving nothing.
    fn take(&self) -> Gathered {
        std::mem::take(&mut *locked(&self.merged))
    }
}

impl Gathered {
    fn merge(&mut self, id: usize, keys: Keys) {
        let id = u32::try_from(id).expect("fewer than 2^32 transcripts");
        for key in keys.cjk() {
            self.cjk.entry(key).or_default().push(id);
        }
        for key in keys.words {
            self.words.entry(key).or_default().push(id);
        }
        self.next += 1;
    }
}

/// `search/index.json` and its key shards, and each transcript's
/// `search.json` where the site needs one, each handed to `emit` as it is
/// made, reading every transcript of the site.
pub(crate) fn index(
    site: &Site,
    transcripts: &dyn Transcripts,
    emit: &mut dyn FnMut(RenderedPage),
) -> Result<(), Diagnostic> {
    // A batch at a time, in parallel within one.
    let gathering = Gathering::default();
    let batch = rayon::current_num_threads().max(1) * 8;
    for (start, chunk) in site.transcripts.chunks(batch).enumerate() {
        let found: Vec<(Option<RenderedPage>, Keys)> = chunk
            .par_iter()
            .map(|t| {
                let t = super::version(transcripts, t)?;
                let texts = BlockTexts::of(&t.transcript, t.raw_html);
                Ok(transcript_keys(site, &t, &texts))
            })
            .collect::<Result<_, Diagnostic>>()?;
        for (offset, (page, keys)) in found.into_iter().enumerate() {
            page.into_iter().for_each(&mut *emit);
            gathering.add(start * batch + offset, keys);
        }
    }
    finish(site, &gathering, emit);
    Ok(())
}

/// `search/index.json` and its key shards, of the keys gathered from
/// every transcript of the site.
pub(crate) fn finish(site: &Site, gathering: &Gathering, emit: &mut dyn FnMut(RenderedPage)) {
    let Gathered { next, cjk, words } = gathering.take();
    debug_assert_eq!(next, site.transcripts.len(), "every transcript's keys");
    let own_files = !site.config.exports.transcript;
    let count = site.transcripts.len();
    let mut encoded: Vec<(String, Posting)> = cjk
        .into_iter()
        .map(|(key, ids)| (cjk_text(key), Posting::of(&ids, count)))
        .chain(
            words
                .into_iter()
                .map(|(key, ids)| (key, Posting::of(&ids, count))),
        )
        .collect();
    encoded.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let bytes: usize = encoded.iter().map(|(k, p)| k.len() + p.size()).sum();
    let shards = bytes.div_ceil(SHARD_BYTES).clamp(1, 1024);
    let mut files: Vec<BTreeMap<&str, &Posting>> = vec![BTreeMap::new(); shards];
    for (key, posting) in &encoded {
        files[shard(key, shards)].insert(key, posting);
    }
    let index = Index {
        shards,
        count,
        chunk: LIST_CHUNK,
        years: site
            .years()
            .into_iter()
            .map(|(year, ids)| (year, ids[0], ids[ids.len() - 1]))
            .collect(),
        texts: if own_files {
            SEARCH_TEXT
        } else {
            super::export::TRANSCRIPT
        },
        topics: site
            .topics
            .iter()
            .map(|t| {
                if t.key == t.name {
                    TopicEntry::Key(&t.key)
                } else {
                    TopicEntry::Named(&t.key, &t.name)
                }
            })
            .collect(),
        speakers: site.speakers.iter().map(|s| s.name.as_str()).collect(),
    };
    emit(json("search/index.json", &index));
    // `[slug, title, date]` of each transcript, in id order.
    for (k, chunk) in site.transcripts.chunks(LIST_CHUNK).enumerate() {
        let list: Vec<(&str, &str, String)> = chunk
            .iter()
            .map(|t| {
                (
                    t.slug.as_str(),
                    t.meta.title.as_str(),
                    t.meta.date.to_string(),
                )
            })
            .collect();
        emit(json(&format!("search/transcripts-{k}.json"), &list));
    }
    for (k, file) in files.iter().enumerate() {
        emit(json(&format!("search/keys-{k}.json"), file));
    }
}

/// The ids of the transcripts that hold a key, pushed in increasing
/// order and kept as LEB128 varints of their differences.
#[derive(Debug, Default)]
struct Ids {
    bytes: Vec<u8>,
    last: u32,
    len: usize,
}

impl Ids {
    /// Adds `id`, which is above every id before it.
    fn push(&mut self, id: u32) {
        debug_assert!(self.len == 0 || id > self.last, "ids are pushed in order");
        let mut delta = id - self.last;
        self.last = id;
        self.len += 1;
        while delta >= 0x80 {
            self.bytes.push(((delta & 0x7F) | 0x80).to_le_bytes()[0]);
            delta >>= 7;
        }
        self.bytes.push(delta.to_le_bytes()[0]);
    }

    /// Each id's difference from the one before (the first's from 0).
    fn deltas(&self) -> impl Iterator<Item = u32> + '_ {
        let mut bytes = self.bytes.iter();
        std::iter::from_fn(move || {
            let (mut delta, mut shift) = (0u32, 0);
            loop {
                let byte = *bytes.next()?;
                delta |= u32::from(byte & 0x7F) << shift;
                shift += 7;
                if byte < 0x80 {
                    return Some(delta);
                }
            }
        })
    }

    /// The ids, in order.
    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.deltas().scan(0u32, |last, delta| {
            *last += delta;
            Some(*last)
        })
    }
}

/// The transcripts that hold a key, written the shorter way: their ids as
/// differences from the one before, or, when most transcripts hold it, a
/// bitmap (one bit per transcript, in base64).
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Posting {
    Deltas(Vec<u32>),
    Bitmap(String),
}

impl Posting {
    fn of(ids: &Ids, count: usize) -> Posting {
        // A delta takes about three bytes of JSON; a bitmap one bit per
        // transcript, four thirds in base64.
        if ids.len * 3 > count.div_ceil(6) + 2 {
            let mut bits = vec![0u8; count.div_ceil(8)];
            for id in ids.iter() {
                bits[id as usize / 8] |= 1 << (id % 8);
            }
            Posting::Bitmap(base64(&bits))
        } else {
            Posting::Deltas(ids.deltas().collect())
        }
    }

    /// Roughly how many bytes of JSON it takes.
    fn size(&self) -> usize {
        match self {
            Posting::Deltas(d) => d.len() * 3 + 2,
            Posting::Bitmap(b) => b.len() + 2,
        }
    }
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
        for _ in chunk.len()..3 {
            out.push('=');
        }
    }
    out
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
        let mut found = Keys::default();
        found.add(text);
        let mut texts: Vec<String> = found.texts().collect();
        texts.sort();
        texts
    }

    #[test]
    fn dense_postings_are_bitmaps() {
        let ids = |ids: &[u32]| {
            let mut all = Ids::default();
            for &id in ids {
                all.push(id);
            }
            all
        };
        assert!(matches!(Posting::of(&ids(&[3, 10]), 1000), Posting::Deltas(d) if d == [3, 7]));
        match Posting::of(&ids(&[0, 1, 2, 3, 4, 5, 6, 7, 9]), 10) {
            Posting::Bitmap(b) => assert_eq!(b, base64(&[0xFF, 0x02])),
            other @ Posting::Deltas(_) => panic!("{other:?}"),
        }
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
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
        // Characters on both sides of the blocks kept as bits: a kana, a
        // full-width letter and one of extension B.
        assert_eq!(
            keys_of("あ中Ａ𠀀"),
            ["あ", "あ中", "中", "中Ａ", "Ａ", "Ａ𠀀", "𠀀"]
        );
    }

    /// Each key's ids, as the gathering holds them.
    fn postings(gathering: &Gathering) -> (usize, Vec<(String, Vec<u32>)>) {
        let gathered = gathering.take();
        let cjk = gathered.cjk.iter().map(|(k, ids)| (cjk_text(*k), ids));
        let words = gathered.words.iter().map(|(k, ids)| (k.clone(), ids));
        let mut all: Vec<(String, Vec<u32>)> = cjk
            .chain(words)
            .map(|(k, ids)| (k, ids.iter().collect()))
            .collect();
        all.sort();
        (gathered.next, all)
    }

    #[test]
    fn keys_that_come_out_of_order_are_gathered_in_order() {
        let texts = ["中美关系", "美国 trade", "关系", "trade talks 中"];
        let keys = |text: &str| {
            let mut keys = Keys::default();
            keys.add(text);
            keys
        };
        let in_order = Gathering::default();
        for (id, text) in texts.iter().enumerate() {
            in_order.add(id, keys(text));
        }
        let expected = postings(&in_order);
        assert_eq!(expected.0, 4);
        assert!(expected.1.contains(&("关系".into(), vec![0, 2])));
        assert!(expected.1.contains(&("trade".into(), vec![1, 3])));
        for order in [[3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]] {
            let gathering = Gathering::default();
            std::thread::scope(|scope| {
                for id in order {
                    let (gathering, keys) = (&gathering, keys(texts[id]));
                    scope.spawn(move || gathering.add(id, keys));
                }
            });
            assert_eq!(postings(&gathering), expected, "{order:?}");
        }
    }

    #[test]
    fn ids_come_back_as_they_were_pushed() {
        let pushed = [0, 1, 127, 128, 300, 16_384, 16_385, 2_000_000, u32::MAX];
        let mut ids = Ids::default();
        for id in pushed {
            ids.push(id);
        }
        assert_eq!(ids.iter().collect::<Vec<_>>(), pushed);
        assert_eq!(ids.len, pushed.len());
        assert_eq!(Ids::default().iter().count(), 0);
    }

    #[test]
    fn shards_spread_keys_as_the_script_does() {
        // (31 * 0x4E2D + 0x7F8E) % 7, as search.js computes it.
        assert_eq!(shard("中美", 7), ((31u32 * 0x4E2D + 0x7F8E) % 7) as usize);
        assert_eq!(shard("x", 1), 0);
    }
}
