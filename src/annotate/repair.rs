//! Orphaned notes -> their sidecar re-anchored, for `colloq check --fix`.
//!
//! An orphan whose nearest passage is alike enough ([`FIX_SCORE`]) and the
//! only one that alike is moved onto it: its `quote`, `prefix`, `suffix`
//! and `question` are written anew (with the shortest context that makes
//! the passage the only match), and every other line of the sidecar stays
//! as it was. Every other orphan is left as it is and said why.

use super::AnnotatedTranscript;
use super::edit::{self, NoteId};
use super::selection::{self, Selection};
use crate::markdown::RawHtml;

/// How alike, from 0 to 100, a passage must be to an orphan's quote for
/// `check --fix` to move the note onto it.
pub(crate) const FIX_SCORE: u32 = 80;

/// The keys a repair writes.
const ANCHOR_KEYS: [&str; 4] = ["quote", "question", "prefix", "suffix"];

/// A note moved onto the passage most like its quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Repair {
    /// Its line in the sidecar, before.
    pub line: usize,
    pub old_quote: String,
    pub new_quote: String,
    /// Where the new words are: `question 3 paragraph #t7-p2`.
    pub place: String,
    pub score: u32,
}

/// What `check --fix` does to one sidecar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Repairs {
    /// The sidecar's new text, when anything was repaired.
    pub text: Option<String>,
    pub done: Vec<Repair>,
    /// Orphans left as they are: their line, and why.
    pub left: Vec<(usize, String)>,
}

/// Re-anchors what can be re-anchored of `t`'s orphans in its sidecar's
/// `text`.
pub(crate) fn repair(t: &AnnotatedTranscript, text: &str, raw: RawHtml) -> Repairs {
    let mut repairs = Repairs::default();
    let Ok(entries) = edit::entries(text) else {
        return repairs;
    };
    let id_at = |line: usize| -> Option<NoteId> {
        entries
            .iter()
            .find(|e| e.line == line)
            .map(|e| e.id.clone())
    };
    let mut current = text.to_string();
    for detached in &t.detached {
        let leave = |reason: String| (detached.line, reason);
        let Some(nearest) = &detached.nearest else {
            repairs.left.push(leave(match detached.note.correction {
                Some(_) if detached.problem.message.starts_with("correction applied") => {
                    "the correction is applied in the transcript: remove the note or keep it as a record".into()
                }
                _ => "no passage is alike enough to move it to".into(),
            }));
            continue;
        };
        if nearest.score < FIX_SCORE {
            repairs.left.push(leave(format!(
                "the nearest passage, “{}”, is {}% alike: below the {FIX_SCORE}% `--fix` needs",
                nearest.words, nearest.score
            )));
            continue;
        }
        if !nearest.unique {
            repairs.left.push(leave(format!(
                "more than one passage is {}% alike (“{}” among them): choose one by hand",
                nearest.score, nearest.words
            )));
            continue;
        }
        let selection = Selection {
            exact: nearest.words.clone(),
            question: Some(nearest.section),
            block: Some(nearest.block.id()),
            ..Selection::default()
        };
        let anchor = match selection::derive(&t.transcript, raw, &selection) {
            Ok(anchor) => anchor,
            Err(error) => {
                repairs.left.push(leave(error.to_string()));
                continue;
            }
        };
        let Some(id) = id_at(detached.line) else {
            repairs
                .left
                .push(leave("its entry is not written one `- ` per note".into()));
            continue;
        };
        let mut note = detached.note.clone();
        anchor.apply(&mut note);
        match edit::update(&current, &id, &note, &ANCHOR_KEYS) {
            Ok(edited) => {
                current = edited.text;
                repairs.done.push(Repair {
                    line: detached.line,
                    old_quote: detached.note.quote.clone(),
                    new_quote: note.quote,
                    place: format!("{} paragraph #{}", nearest.section, nearest.block.id()),
                    score: nearest.score,
                });
            }
            Err(error) => repairs.left.push(leave(error.to_string())),
        }
    }
    if !repairs.done.is_empty() {
        repairs.text = Some(current);
    }
    repairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::annotate;
    use crate::annotate::testing::transcript;
    use crate::source::SourceFile;

    const BODY: &str = "**记者:**中美关系如何？\n\n**王毅:**中美关系很重要，双方应当斡旋缅北达成停火协议。\n\n**记者:**天气很好。天气很好。\n";

    fn repaired(notes: &str) -> Repairs {
        let sidecar = SourceFile {
            path: "content/a.notes.yaml".into(),
            text: notes.into(),
        };
        let t = annotate(transcript(BODY), Some(&sidecar), RawHtml::Text).unwrap();
        repair(&t, notes, RawHtml::Text)
    }

    #[test]
    fn a_typo_fixed_in_the_transcript_moves_the_note_onto_the_new_words() {
        let notes = "# 注\nnotes:\n  - quote: 斡旋缅北打成停火协议\n    question: 1\n    note: 见报道。   # 来源\n";
        let repairs = repaired(notes);
        assert_eq!(repairs.left, []);
        assert_eq!(
            repairs.done,
            [Repair {
                line: 3,
                old_quote: "斡旋缅北打成停火协议".into(),
                new_quote: "斡旋缅北达成停火协议".into(),
                place: "question 1 paragraph #t2-p1".into(),
                score: 90,
            }]
        );
        assert_eq!(repairs.text.unwrap(), notes.replace("打成", "达成"));
    }

    #[test]
    fn an_unsure_repair_is_left_alone_and_said_why() {
        let repairs = repaired(
            "notes:\n  - quote: 完全无关的一句话\n  - quote: 中美关系很重耍耍\n  - quote: 天气很好啊\n    question: 2\n",
        );
        assert_eq!(repairs.text, None);
        assert_eq!(repairs.done, []);
        let reasons: Vec<&str> = repairs.left.iter().map(|(_, r)| r.as_str()).collect();
        assert_eq!(reasons[0], "no passage is alike enough to move it to");
        assert!(
            reasons[1].contains("% alike: below the 80%"),
            "{}",
            reasons[1]
        );
        assert!(
            reasons[2].starts_with("more than one passage is"),
            "{}",
            reasons[2]
        );
    }
}
