//! Question identity across edits: a short fingerprint of each question
//! (who asks, and the first words) kept in its `questions:` entry.
//!
//! Questions are keyed by number, so a question inserted into a
//! transcript gives every later entry the wrong question. An entry that
//! carries `fingerprint:` is checked against its question: when the
//! fingerprint now belongs to another question, the sidecar is reported
//! with the renumbering it implies, and `check --fix` applies a
//! renumbering that is unambiguous (every entry fingerprinted, each found
//! once, no two on one question), to the `questions:` keys and to the
//! notes' `question:` scopes, and records the fingerprint of every entry
//! that has none. An entry without a fingerprint is taken as it is.

use std::collections::BTreeMap;

use super::edit;
use super::sidecar::Sidecar;
use super::text::Sections;
use crate::diagnostic::Diagnostic;
use crate::markdown::RawHtml;
use crate::source::SourceFile;
use crate::transcript::{Question, Section, Transcript};

/// How many characters of a question's first words its fingerprint keeps.
const WORDS: usize = 20;

/// `《人民日报》记者: 中央外事工作会议指出,构建人类命`
pub(crate) fn of(question: &Question) -> String {
    let words: String = question
        .turns
        .first()
        .and_then(|t| t.blocks.first())
        .map(|b| crate::markdown::plain_text(&b.markdown))
        .unwrap_or_default()
        .chars()
        .take(WORDS)
        .collect();
    format!("{}: {}", question.asker().unwrap_or(""), words.trim())
}

/// Where each fingerprinted entry's question is now: entry number ->
/// question number, for the entries whose fingerprint belongs to another
/// question (found once).
fn moved(sidecar: &Sidecar, transcript: &Transcript) -> BTreeMap<usize, usize> {
    let prints: Vec<String> = transcript.questions.iter().map(of).collect();
    let mut moved = BTreeMap::new();
    for (&n, meta) in &sidecar.questions {
        let Some(print) = &meta.fingerprint else {
            continue;
        };
        if prints.get(n.wrapping_sub(1)) == Some(print) {
            continue;
        }
        let mut found = prints.iter().enumerate().filter(|(_, p)| *p == print);
        if let (Some((i, _)), None) = (found.next(), found.next()) {
            moved.insert(n, i + 1);
        }
    }
    moved
}

/// The entries whose fingerprints now belong to other questions, as one
/// error at the first of them, with the whole renumbering.
pub(crate) fn check(
    sidecar: &Sidecar,
    file: &SourceFile,
    transcript: &Transcript,
) -> Option<Diagnostic> {
    let moved = moved(sidecar, transcript);
    let (&n, &m) = moved.iter().next()?;
    let all: Vec<String> = moved.iter().map(|(n, m)| format!("{n} → {m}")).collect();
    let span = Sidecar::question_span(&file.text, n);
    let more = match moved.len() - 1 {
        0 => String::new(),
        1 => ", and another entry moved too".to_string(),
        k => format!(", and {k} more entries moved too"),
    };
    Some(
        Diagnostic::new(
            &file.path,
            format!(
                "questions: entry {n} is about the question now numbered {m} (“{}”){more}: a question was added or removed before it",
                sidecar.questions[&n].fingerprint.as_deref().unwrap_or("")
            ),
        )
        .at_opt(span)
        .label(format!("this is question {m} now"))
        .help(format!(
            "renumber the entries and the notes' `question:` ({}); `colloq check --fix` does it",
            all.join(", ")
        )),
    )
}

/// What `check --fix` does to a sidecar's questions: its new text, and a
/// line per change; or why it cannot.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Renumbered {
    pub text: Option<String>,
    pub changes: Vec<String>,
    pub left: Vec<String>,
}

/// Renumbers the entries and note scopes of the sidecar `file` after its
/// transcript's questions, when that is unambiguous, and records the
/// fingerprint of each entry that has none.
pub(crate) fn fix(
    sidecar: &Sidecar,
    file: &SourceFile,
    transcript: &Transcript,
    raw: RawHtml,
) -> Renumbered {
    let mut out = Renumbered::default();
    let moved = moved(sidecar, transcript);
    let mut text = file.text.clone();
    if !moved.is_empty() {
        match mapping(sidecar, transcript, &moved) {
            Ok(mapping) => match renumber(&text, sidecar, &mapping, &Sections::of(transcript, raw))
            {
                Ok(renumbered) => {
                    text = renumbered;
                    let pairs: Vec<String> = mapping
                        .iter()
                        .filter(|(n, m)| n != m)
                        .map(|(n, m)| format!("{n} → {m}"))
                        .collect();
                    out.changes
                        .push(format!("questions renumbered: {}", pairs.join(", ")));
                }
                Err(why) => out.left.push(why),
            },
            Err(why) => {
                out.left.push(why);
                return out;
            }
        }
    }
    let renumbered: Sidecar = serde_yaml::from_str(&text).unwrap_or_else(|_| sidecar.clone());
    let mut recorded = Vec::new();
    for (&n, meta) in &renumbered.questions {
        let Some(question) = transcript.questions.get(n.wrapping_sub(1)) else {
            continue;
        };
        if meta.fingerprint.is_none()
            && let Some(with) = record(&text, n, &of(question))
        {
            text = with;
            recorded.push(n.to_string());
        }
    }
    if !recorded.is_empty() {
        out.changes.push(format!(
            "fingerprints recorded for questions {}",
            recorded.join(", ")
        ));
    }
    if text != file.text {
        out.text = Some(text);
    }
    out
}

/// The whole renumbering: every entry's new number, when each is known.
fn mapping(
    sidecar: &Sidecar,
    transcript: &Transcript,
    moved: &BTreeMap<usize, usize>,
) -> Result<BTreeMap<usize, usize>, String> {
    let prints: Vec<String> = transcript.questions.iter().map(of).collect();
    let mut mapping = BTreeMap::new();
    for (&n, meta) in &sidecar.questions {
        let to = match (&meta.fingerprint, moved.get(&n)) {
            (_, Some(&m)) => m,
            (Some(print), None) if prints.get(n.wrapping_sub(1)) == Some(print) => n,
            (Some(_), None) => {
                return Err(format!(
                    "questions: entry {n}'s fingerprint matches no question or several: renumber by hand"
                ));
            }
            (None, None) => {
                return Err(format!(
                    "questions: entry {n} has no fingerprint, so where it moved cannot be told: renumber by hand"
                ));
            }
        };
        if mapping.values().any(|&m| m == to) {
            return Err(format!(
                "two entries are about question {to}: renumber by hand"
            ));
        }
        mapping.insert(n, to);
    }
    Ok(mapping)
}

/// `text` with the `questions:` keys and the notes' `question:` scopes
/// renumbered by `mapping`.
fn renumber(
    text: &str,
    sidecar: &Sidecar,
    mapping: &BTreeMap<usize, usize>,
    sections: &Sections<'_>,
) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut in_questions = false;
    let mut depth = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if indent == 0 && !trimmed.is_empty() && !trimmed.starts_with('#') {
            in_questions = trimmed.starts_with("questions:");
        } else if in_questions && !trimmed.is_empty() && !trimmed.starts_with('#') {
            let child = *depth.get_or_insert(indent);
            let key = trimmed
                .split_once(':')
                .map(|(k, _)| k.trim_matches('"'))
                .and_then(|k| k.parse::<usize>().ok());
            if indent == child
                && let Some(n) = key
                && let Some(&m) = mapping.get(&n)
            {
                let (k, rest) = trimmed.split_once(':').unwrap_or((trimmed, ""));
                out.push_str(&line[..indent]);
                out.push_str(&k.replace(&n.to_string(), &m.to_string()));
                out.push(':');
                out.push_str(rest);
                continue;
            }
        }
        out.push_str(line);
    }
    let entries = edit::entries(&out).map_err(|e| e.to_string())?;
    for (entry, note) in entries.iter().zip(&sidecar.notes) {
        let Some(Section::Question(n)) = note.question else {
            continue;
        };
        let m = match mapping.get(&n) {
            Some(&m) => m,
            None if mapping.iter().all(|(a, b)| a == b) => continue,
            // No entry says where it went: where its words are does.
            None => {
                let mut anywhere = note.clone();
                anywhere.question = None;
                match sections.find(&anywhere) {
                    Ok((s, ..)) => match sections.sections[s].section {
                        Section::Question(m) => m,
                        Section::Opening => n,
                    },
                    Err(_) => {
                        return Err(format!(
                            "a note on “{}” is scoped to question {n}, which has no `questions:` entry, and its words are not found once: renumber by hand",
                            note.quote
                        ));
                    }
                }
            }
        };
        if m != n {
            let mut moved = note.clone();
            moved.question = Some(Section::Question(m));
            out = edit::update(&out, &entry.id, &moved, &["question"])
                .map_err(|e| e.to_string())?
                .text;
        }
    }
    Ok(out)
}

/// `text` with `fingerprint: print` added as the last line of entry `n`
/// of `questions:`; none when the entry is not written as a block.
fn record(text: &str, n: usize, print: &str) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let at = Sidecar::question_line(text, n)? - 1;
    let key_line = lines[at];
    let key_indent = key_line.len() - key_line.trim_start().len();
    let after_colon = key_line.split_once(':')?.1.trim();
    if !after_colon.is_empty() && !after_colon.starts_with('#') {
        return None;
    }
    let mut end = at + 1;
    let mut child = None;
    for (i, line) in lines.iter().enumerate().skip(at + 1) {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if indent <= key_indent {
            break;
        }
        child.get_or_insert(indent);
        end = i + 1;
    }
    let pad = " ".repeat(child.unwrap_or(key_indent + 2));
    let mut out: String = lines[..end].concat();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let value = serde_json::to_string(print).ok()?;
    out.push_str(&format!("{pad}fingerprint: {value}\n"));
    out.push_str(&lines[end..].concat());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::annotate::testing::transcript;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            path: "content/a.notes.yaml".into(),
            text: text.into(),
        }
    }

    const TWO: &str = "**新华社记者:**第一个问题。\n\n**王毅:**答一。\n\n**路透社记者:**第二个问题。\n\n**王毅:**答二。\n";
    const THREE: &str = "**新华社记者:**第一个问题。\n\n**王毅:**答一。\n\n**法新社记者:**插进来的问题。\n\n**王毅:**答。\n\n**路透社记者:**第二个问题。\n\n**王毅:**答二。\n";

    #[test]
    fn fingerprints_are_recorded_then_a_question_inserted_is_noticed_and_renumbered() {
        let text = "questions:\n  1:\n    title: 一\n  2:   # 第二\n    title: 二\n\nnotes:\n  - quote: 答二\n    question: 2\n";
        let sidecar = Sidecar::parse(&file(text)).unwrap();
        let recorded = fix(&sidecar, &file(text), &transcript(TWO), RawHtml::Text);
        assert_eq!(
            recorded.changes,
            ["fingerprints recorded for questions 1, 2"]
        );
        let text = recorded.text.unwrap();
        assert_eq!(
            text,
            "questions:\n  1:\n    title: 一\n    fingerprint: \"新华社记者: 第一个问题。\"\n  2:   # 第二\n    title: 二\n    fingerprint: \"路透社记者: 第二个问题。\"\n\nnotes:\n  - quote: 答二\n    question: 2\n"
        );

        let sidecar = Sidecar::parse(&file(&text)).unwrap();
        let inserted = transcript(THREE);
        let problem = check(&sidecar, &file(&text), &inserted).unwrap();
        assert_eq!(
            problem.message,
            "questions: entry 2 is about the question now numbered 3 (“路透社记者: 第二个问题。”): a question was added or removed before it"
        );
        assert_eq!(problem.span.as_ref().unwrap().line, 5);
        assert!(problem.help.as_deref().unwrap().contains("(2 → 3)"));

        let fixed = fix(&sidecar, &file(&text), &inserted, RawHtml::Text);
        assert_eq!(fixed.changes, ["questions renumbered: 2 → 3"]);
        let fixed = fixed.text.unwrap();
        assert_eq!(
            fixed,
            text.replace("  2:   # 第二", "  3:   # 第二")
                .replace("    question: 2\n", "    question: 3\n")
        );
        let sidecar = Sidecar::parse(&file(&fixed)).unwrap();
        assert!(check(&sidecar, &file(&fixed), &inserted).is_none());
    }

    #[test]
    fn a_renumbering_it_cannot_be_sure_of_is_left() {
        let text = "questions:\n  1:\n    title: 一\n  2:\n    title: 二\n    fingerprint: \"路透社记者: 第二个问题。\"\n";
        let sidecar = Sidecar::parse(&file(text)).unwrap();
        let fixed = fix(&sidecar, &file(text), &transcript(THREE), RawHtml::Text);
        assert_eq!(fixed.text, None);
        assert_eq!(
            fixed.left,
            [
                "questions: entry 1 has no fingerprint, so where it moved cannot be told: renumber by hand"
            ]
        );
    }
}
