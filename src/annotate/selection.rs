//! A reader's selection on a page -> the selector that anchors a note to
//! exactly those words: the quote as the reader sees it, its section, and
//! the shortest `prefix` and `suffix` that make it the only match.
//!
//! The browser says what was selected and some dozens of characters
//! around it, as its page shows them; colloq finds those words in the
//! transcript's visible text (the format's rules, the same the anchoring
//! uses), picks the place whose surroundings agree best with the
//! browser's, and then keeps only as much context as tells that place
//! from every other place of the same words in its section.

use std::ops::Range;

use super::note::BlockRef;
use super::sidecar::Note;
use super::text::Sections;
use crate::markdown::{RawHtml, normalize};
use crate::transcript::{Section, Transcript};

/// A place of some words: section, block, characters of the block's
/// visible text.
type Place = (usize, usize, Range<usize>);

/// What a reader selected, as the browser saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Selection {
    pub exact: String,
    /// Text right before and after the selection, in its paragraph.
    pub prefix: String,
    pub suffix: String,
    /// Where to look: a question, the opening, or (none) everywhere.
    pub question: Option<Section>,
    /// The paragraph the selection starts in (`t7-p2`), when known.
    pub block: Option<String>,
}

/// The selector that anchors a selection exactly once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Anchor {
    pub quote: String,
    pub question: Section,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// The paragraph the words are in.
    pub block: BlockRef,
}

/// Why a selection cannot anchor a note.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum SelectionError {
    #[error("select some words of the transcript first")]
    Empty,
    #[error("there is no question {0} in this transcript")]
    NoSuchQuestion(usize),
    #[error(
        "“{0}” is not in the transcript's text as it stands now; reload the page and select the words again"
    )]
    NotFound(String),
    #[error(
        "“{quote}” is found {count} times and the words around the selection do not say which; select a few more words"
    )]
    Unclear { quote: String, count: usize },
    #[error(
        "“{0}” stands in more than one place with the same words around it, so no `prefix` or `suffix` can tell them apart; select more words"
    )]
    NotUnique(String),
}

impl Anchor {
    /// The selector as the fields of a note.
    pub(crate) fn apply(&self, note: &mut Note) {
        note.quote.clone_from(&self.quote);
        note.question = Some(self.question);
        note.prefix.clone_from(&self.prefix);
        note.suffix.clone_from(&self.suffix);
    }
}

/// The selector that anchors `selection` exactly once in `transcript`.
pub(crate) fn derive(
    transcript: &Transcript,
    raw: RawHtml,
    selection: &Selection,
) -> Result<Anchor, SelectionError> {
    let sections = Sections::of(transcript, raw);
    let exact = normalize(&selection.exact).trim().to_string();
    if exact.is_empty() {
        return Err(SelectionError::Empty);
    }
    let scope = sections
        .scope(selection.question)
        .map_err(SelectionError::NoSuchQuestion)?;
    let (_, mut places) = sections.places(&scope, &exact, "", "");
    let in_block = |&(s, b, _): &Place| {
        selection.block.as_deref() == Some(sections.sections[s].blocks[b].0.id().as_str())
    };
    if places.iter().any(in_block) {
        places.retain(in_block);
    }
    let (s, b, range) = choose(&sections, places, &exact, selection)?;
    let (before, after) = around(&sections, &(s, b, range.clone()));
    // How far each other place of the words agrees with this one, before
    // and after.
    let (_, others) = sections.places(&[s], &exact, "", "");
    let agreement: Vec<(usize, usize)> = others
        .iter()
        .filter(|(_, ob, orange)| (*ob, orange.start) != (b, range.start))
        .map(|other| {
            let (o_before, o_after) = around(&sections, other);
            (
                common_suffix(&before, &o_before),
                common_prefix(&after, &o_after),
            )
        })
        .collect();
    let (p, q) = shortest_context(&agreement, before.len(), after.len())
        .ok_or_else(|| SelectionError::NotUnique(exact.clone()))?;
    let (p, q) = (widen(&before, p, true), widen(&after, q, false));
    let prefix: String = before[before.len() - p..].iter().collect();
    let suffix: String = after[..q].iter().collect();
    let anchor = Anchor {
        quote: exact.clone(),
        question: sections.sections[s].section,
        prefix: (!prefix.is_empty()).then_some(prefix),
        suffix: (!suffix.is_empty()).then_some(suffix),
        block: sections.sections[s].blocks[b].0,
    };
    // The note must find these words and no others.
    let mut note = Note::quoting(&exact);
    anchor.apply(&mut note);
    match sections.find(&note) {
        Ok(found) if found == (s, b, range) => Ok(anchor),
        _ => Err(SelectionError::NotUnique(exact)),
    }
}

/// The place whose surroundings agree best with the browser's.
fn choose(
    sections: &Sections<'_>,
    places: Vec<Place>,
    exact: &str,
    selection: &Selection,
) -> Result<Place, SelectionError> {
    let wanted_before: Vec<char> = normalize(&selection.prefix).trim_end().chars().collect();
    let wanted_after: Vec<char> = normalize(&selection.suffix).trim_start().chars().collect();
    let count = places.len();
    let mut scored: Vec<(usize, Place)> = places
        .into_iter()
        .map(|place| {
            let (before, after) = around(sections, &place);
            let score =
                common_suffix(&before, &wanted_before) + common_prefix(&after, &wanted_after);
            (score, place)
        })
        .collect();
    scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    match scored.as_slice() {
        [] => Err(SelectionError::NotFound(exact.to_string())),
        [(best, _), (second, _), ..] if best == second => Err(SelectionError::Unclear {
            quote: exact.to_string(),
            count,
        }),
        _ => Ok(scored.swap_remove(0).1),
    }
}

/// The shortest prefix and suffix, in characters, that tell this place
/// from every other: for each other place, how many characters it shares
/// before and after. At most `before` and `after` characters exist.
fn shortest_context(
    agreement: &[(usize, usize)],
    before: usize,
    after: usize,
) -> Option<(usize, usize)> {
    (0..=before)
        .filter_map(|p| {
            let q = agreement
                .iter()
                .filter(|(shared, _)| *shared >= p)
                .map(|(_, shared)| shared + 1)
                .max()
                .unwrap_or(0);
            (q <= after).then_some((p, q))
        })
        .min_by_key(|&(p, q)| (p + q, q))
}

/// `n` characters of context, widened so as not to begin (before the
/// words) or end (after them) with a space, which matching would drop, or
/// in the middle of a word of a script that spaces its words.
fn widen(context: &[char], n: usize, before: bool) -> usize {
    // The character at the context's outer edge, and the one beyond it.
    let edge = |n: usize| {
        if before {
            (
                context[context.len() - n],
                context.len().checked_sub(n + 1).map(|i| context[i]),
            )
        } else {
            (context[n - 1], context.get(n).copied())
        }
    };
    let spaced_word = |c: char| c.is_alphanumeric() && !crate::markdown::is_cjk(c);
    let mut n = n;
    while n > 0 && n < context.len() {
        let (outer, beyond) = edge(n);
        let mid_word = spaced_word(outer) && beyond.is_some_and(spaced_word);
        if !outer.is_whitespace() && !mid_word {
            break;
        }
        n += 1;
    }
    n
}

fn common_suffix(a: &[char], b: &[char]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_prefix(a: &[char], b: &[char]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// The text of a place's block before and after it, as matching reads a
/// `prefix` and a `suffix` against them (spaces next to the words left
/// out).
fn around(sections: &Sections<'_>, &(s, b, ref range): &Place) -> (Vec<char>, Vec<char>) {
    let text = &sections.sections[s].text().blocks[b].text;
    let before = text[..byte_at(text, range.start)]
        .trim_end()
        .chars()
        .collect();
    let after = text[byte_at(text, range.end)..]
        .trim_start()
        .chars()
        .collect();
    (before, after)
}

/// The byte offset of character `n` of `text`.
fn byte_at(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::annotate::testing::transcript;

    fn select(exact: &str, prefix: &str, suffix: &str) -> Selection {
        Selection {
            exact: exact.into(),
            prefix: prefix.into(),
            suffix: suffix.into(),
            ..Selection::default()
        }
    }

    const BODY: &str = "开场白，中美关系。\n\n**记者:**中美关系如何？\n\n**王毅:**中美关系**很\n重要**，[中美](https://e.org)关系稳定。\n\n第二段：`中美`关系。\n\n**记者:**Is it *good* news? It is good.\n";

    #[test]
    fn words_found_once_need_no_context() {
        let t = transcript(BODY);
        let anchor = derive(&t, RawHtml::Text, &select("很重要", "", "")).unwrap();
        assert_eq!(anchor.quote, "很重要");
        assert_eq!(anchor.question, Section::Question(1));
        assert_eq!((anchor.prefix, anchor.suffix), (None, None));
        assert_eq!(anchor.block.id(), "t2-p1");
    }

    #[test]
    fn repeated_words_get_the_shortest_context_that_tells_them_apart() {
        let t = transcript(BODY);
        // The third 中美关系 of question 1, across a link.
        let anchor = derive(&t, RawHtml::Text, &select("中美关系", "很重要，", "稳定。")).unwrap();
        assert_eq!(anchor.question, Section::Question(1));
        assert_eq!(anchor.prefix.as_deref(), Some("，"));
        assert_eq!(anchor.suffix, None);
        // Inside a code span and across it.
        let anchor = derive(&t, RawHtml::Text, &select("中美关系", "第二段：", "。")).unwrap();
        assert_eq!(anchor.prefix.as_deref(), Some("："));
        assert_eq!(anchor.block.id(), "t2-p2");
    }

    #[test]
    fn a_selection_mid_word_in_english_keeps_its_context_whole() {
        let t = transcript(BODY);
        let anchor = derive(&t, RawHtml::Text, &select("ood", "It is g", ".")).unwrap();
        assert_eq!(anchor.question, Section::Question(2));
        // "good news" has "ood" too; after it comes " news", here ".".
        assert_eq!(anchor.suffix.as_deref(), Some("."));
        // Before "goo" of "is good" stands "s", before the other "t":
        // the prefix is the whole word.
        let anchor = derive(&t, RawHtml::Text, &select("goo", "It is ", "d.")).unwrap();
        assert_eq!(
            (anchor.prefix.as_deref(), anchor.suffix),
            (Some("is"), None)
        );
        let anchor = derive(&t, RawHtml::Text, &select("good news", "Is it ", "")).unwrap();
        assert_eq!((anchor.prefix, anchor.suffix), (None, None));
    }

    #[test]
    fn the_paragraph_the_browser_names_chooses_first() {
        let t = transcript(BODY);
        let mut selection = select("中美关系", "", "");
        selection.block = Some("t1-p1".into());
        let anchor = derive(&t, RawHtml::Text, &selection).unwrap();
        assert_eq!(anchor.block.id(), "t1-p1");
        assert_eq!(anchor.suffix.as_deref(), Some("如"));
    }

    #[test]
    fn words_it_cannot_place_are_refused_with_a_reason() {
        let t = transcript(BODY);
        assert_eq!(
            derive(&t, RawHtml::Text, &select(" ", "", "")),
            Err(SelectionError::Empty)
        );
        assert!(matches!(
            derive(&t, RawHtml::Text, &select("东北", "", "")),
            Err(SelectionError::NotFound(_))
        ));
        assert!(matches!(
            derive(&t, RawHtml::Text, &select("中美关系", "", "")),
            Err(SelectionError::Unclear { count: 5, .. })
        ));
        let twice = transcript("**记者:**问。\n\n**王毅:**好。好。\n");
        assert_eq!(
            derive(&twice, RawHtml::Text, &select("好", "", "。")),
            Err(SelectionError::Unclear {
                quote: "好".into(),
                count: 2
            })
        );
        let same = transcript("**记者:**问。\n\n**王毅:**好\n\n好\n");
        let mut selection = select("好", "", "");
        selection.block = Some("t2-p2".into());
        assert_eq!(
            derive(&same, RawHtml::Text, &selection),
            Err(SelectionError::NotUnique("好".into()))
        );
    }
}
