//! The side-by-side view of a translation and its original: each turn
//! beside its counterpart, and within it each paragraph beside the
//! paragraph at the same place, so that both start level.
//!
//! Paragraph ids are the same in every language (`t3-p2`): in this view a
//! row has the id, and the paragraphs in it carry it behind `o-` (the
//! original) and `tr-` (the translation), as do the notes of each.

use serde::Serialize;

use super::notes::role_class;
use super::{Blocks, NoteView, Views};
use crate::annotate::AnnotatedTranscript;
use crate::site::speaker_name;

/// What the paragraph ids and note ids of the original begin with.
pub(crate) const ORIGINAL_IDS: &str = "o-";
/// What those of the translation begin with.
pub(crate) const TRANSLATION_IDS: &str = "tr-";

/// A turn and its translation.
#[derive(Debug, Serialize)]
pub(crate) struct PairedTurn<'a> {
    pub number: usize,
    pub id: String,
    /// `question`, `answer` or `host`.
    pub role: &'static str,
    /// The speaker's name in the original and in the translation.
    pub original: &'a str,
    pub translation: &'a str,
    pub untranslated: bool,
    pub rows: Vec<PairedBlock>,
}

/// A paragraph of the original and the one at its place in the
/// translation; either may be empty where the other has more.
#[derive(Debug, Serialize)]
pub(crate) struct PairedBlock {
    pub id: String,
    pub original: String,
    pub translation: String,
}

impl<'s> Views<'s> {
    /// The notes of one side of a side-by-side page, their ids behind
    /// `ids`.
    pub(crate) fn side_notes(&self, t: &'s AnnotatedTranscript, ids: &str) -> Vec<NoteView<'s>> {
        let mut notes = self.notes(t);
        for note in &mut notes {
            note.id.insert_str(0, ids);
        }
        notes
    }

    /// The preamble's paragraphs (turn 0), then every turn of `original`
    /// beside its counterpart in `translation`; `blocks` are each side's
    /// paragraphs as [`Views::blocks`] makes them.
    pub(crate) fn paired(
        &self,
        original: &'s AnnotatedTranscript,
        translation: &'s AnnotatedTranscript,
        blocks: (&Blocks, &Blocks),
    ) -> (Vec<PairedBlock>, Vec<PairedTurn<'s>>) {
        let rows = |turn: usize, prefix: &str| -> Vec<PairedBlock> {
            let empty = Vec::new();
            let o = blocks.0.get(turn).unwrap_or(&empty);
            let t = blocks.1.get(turn).unwrap_or(&empty);
            (0..o.len().max(t.len()))
                .filter_map(|i| {
                    let side = |b: &[Option<String>]| b.get(i).cloned().flatten();
                    let (original, translation) = (side(o), side(t));
                    (original.is_some() || translation.is_some()).then(|| PairedBlock {
                        id: format!("{prefix}-p{}", i + 1),
                        original: original.unwrap_or_default(),
                        translation: translation.unwrap_or_default(),
                    })
                })
                .collect()
        };
        let preamble = rows(0, "preamble");
        let turns = original
            .transcript
            .turns()
            .zip(translation.transcript.turns())
            .enumerate()
            .map(|(i, (o, t))| PairedTurn {
                number: o.number,
                id: format!("t{}", o.number),
                role: role_class(original.transcript.role(&o.speaker)),
                original: speaker_name(&original.transcript.meta, &o.speaker),
                translation: speaker_name(&translation.transcript.meta, &t.speaker),
                untranslated: t.untranslated,
                rows: rows(i + 1, &format!("t{}", o.number)),
            })
            .collect();
        (preamble, turns)
    }
}
