//! A sidecar's text -> the same text with one note added, replaced or
//! removed, and every other byte as the editor left it.
//!
//! Notes are edited in the file's text, never by writing the YAML out
//! again: comments, key order, blank lines, quoting and every other note
//! stay as they are. Each entry of the top-level `notes:` list, written one
//! `- ` entry per note, is a run of lines; an edit rewrites only the lines
//! of one entry. A note is named by a [`NoteId`], a hash of its entry's
//! text, so editing one note leaves the names of the others as they were.
//! New notes go at the end of the list, separated from the one before it
//! the way the last two entries are.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use super::sidecar::{Note, note_lines};
use crate::transcript::Section;

/// A note's name while it is edited: a hash of the text of its entry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct NoteId(String);

impl NoteId {
    fn of(entry: &str) -> NoteId {
        NoteId(format!("{:012x}", hash(entry) & 0xffff_ffff_ffff))
    }

    pub(crate) fn new(id: &str) -> NoteId {
        NoteId(id.to_string())
    }
}

impl fmt::Display for NoteId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A stable 64-bit hash of `text`: the same in every run.
pub(crate) fn hash(text: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    text.hash(&mut hasher);
    hasher.finish()
}

/// One entry of the `notes:` list, as it stands in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub id: NoteId,
    /// Its 1-based first line.
    pub line: usize,
    /// Its bytes: from the start of its `- ` line to the end of its last
    /// line with something on it, line break included.
    bytes: Range<usize>,
}

#[cfg(test)]
impl Entry {
    /// Its bytes in the file's text.
    pub(crate) fn bytes(&self) -> Range<usize> {
        self.bytes.clone()
    }
}

/// Why a sidecar's text cannot be edited.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum EditError {
    #[error(
        "the notes are not written one `- ` entry per note (flow style `[...]`?); write them as a list to edit them from the page"
    )]
    NotAList,
    #[error(
        "no note is written this way any more (it was changed or removed in the file); reload the page"
    )]
    NoSuchNote,
    #[error("two notes are written exactly alike; edit them in the file")]
    Twins,
}

/// The entries of the `notes:` list of `text`, in order.
pub(crate) fn entries(text: &str) -> Result<Vec<Entry>, EditError> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .collect();
    let starts = note_lines(text);
    if starts.is_empty() && notes_line(text).is_some_and(|l| !opens_block_list(lines[l].1)) {
        return Err(EditError::NotAList);
    }
    let mut entries = Vec::with_capacity(starts.len());
    for &line in &starts {
        let (start, first) = lines[line - 1];
        let indent = depth(first);
        let mut end = start + first.len();
        for &(at, next) in &lines[line..] {
            let trimmed = next.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if depth(next) <= indent {
                break;
            }
            end = at + next.len();
        }
        entries.push(Entry {
            id: NoteId::of(&text[start..end]),
            line,
            bytes: start..end,
        });
    }
    Ok(entries)
}

/// The 0-based line of the top-level `notes:` key.
fn notes_line(text: &str) -> Option<usize> {
    text.lines()
        .position(|l| l.starts_with("notes:") || l.starts_with("\"notes\":"))
}

/// Whether the `notes:` line opens a block list (nothing after the colon
/// but a comment), or an empty flow list `[]`.
fn opens_block_list(line: &str) -> bool {
    let after = line.split_once(':').map_or("", |(_, rest)| rest);
    let value = after.split(" #").next().unwrap_or("").trim();
    value.is_empty() || value == "[]"
}

fn depth(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// A sidecar's new text, and the line of the note the edit is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edited {
    pub text: String,
    pub line: usize,
}

/// `text` with `note` added at the end of the `notes:` list (made if
/// there is none).
pub(crate) fn add(text: &str, note: &Note) -> Result<Edited, EditError> {
    let found = entries(text)?;
    let Some(last) = found.last() else {
        return Ok(start_list(text, note));
    };
    let first_line = &text[last.bytes.start..];
    let indent = depth(first_line);
    // Separated from the one before as the last two entries are.
    let spaced = found.len() > 1
        && text[..last.bytes.start]
            .lines()
            .rev()
            .find(|l| !l.trim_start().starts_with('#'))
            .is_some_and(|l| l.trim().is_empty());
    let mut out = String::with_capacity(text.len() + 256);
    out.push_str(&text[..last.bytes.end]);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    if spaced {
        out.push('\n');
    }
    let line = out.matches('\n').count() + 1;
    out.push_str(&entry_text(note, indent));
    out.push_str(&text[last.bytes.end..]);
    Ok(Edited { text: out, line })
}

/// A first note: into an empty `notes:` list, or a list added at the end.
fn start_list(text: &str, note: &Note) -> Edited {
    let entry = entry_text(note, 2);
    if let Some(l) = notes_line(text) {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let before: usize = lines[..l].iter().map(|s| s.len()).sum();
        let key_line = lines[l];
        let mut out = text[..before].to_string();
        out.push_str(&key_line.replacen("[]", "", 1).replacen(": \n", ":\n", 1));
        if !out.ends_with('\n') {
            out.push('\n');
        }
        let line = out.matches('\n').count() + 1;
        out.push_str(&entry);
        out.push_str(&text[before + key_line.len()..]);
        return Edited { text: out, line };
    }
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if !out.trim().is_empty() {
        out.push('\n');
    }
    out.push_str("notes:\n");
    let line = out.matches('\n').count() + 1;
    out.push_str(&entry);
    Edited { text: out, line }
}

/// The one entry named `id`.
fn find<'e>(found: &'e [Entry], id: &NoteId) -> Result<&'e Entry, EditError> {
    let mut named = found.iter().filter(|e| &e.id == id);
    match (named.next(), named.next()) {
        (Some(entry), None) => Ok(entry),
        (Some(_), Some(_)) => Err(EditError::Twins),
        (None, _) => Err(EditError::NoSuchNote),
    }
}

/// `text` without the note `id`, and the blank line before it when it
/// was set apart by one.
pub(crate) fn remove(text: &str, id: &NoteId) -> Result<Edited, EditError> {
    let found = entries(text)?;
    let entry = find(&found, id)?;
    let mut start = entry.bytes.start;
    let before = &text[..start];
    if before.ends_with("\n\n") {
        start -= 1;
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    out.push_str(&text[entry.bytes.end..]);
    Ok(Edited {
        text: out,
        line: entry.line,
    })
}

/// The keys of a note, in the order colloq writes them.
const KEYS: [&str; 10] = [
    "quote",
    "question",
    "prefix",
    "suffix",
    "kind",
    "correction",
    "note",
    "links",
    "by",
    "date",
];

/// The value of `key` of `note` as written after `key:`, with the space
/// or line break that starts it; none when the note has none. `pad` is
/// the indentation of the note's keys.
fn value_text(note: &Note, key: &str, pad: &str) -> Option<String> {
    let text = |value: Option<&str>| {
        value
            .filter(|v| !v.is_empty())
            .map(|v| format!(" {}", scalar(v, pad)))
    };
    match key {
        "quote" => Some(format!(" {}", scalar(&note.quote, pad))),
        "question" => note.question.map(|section| match section {
            Section::Opening => " opening".to_string(),
            Section::Question(n) => format!(" {n}"),
        }),
        "prefix" => text(note.prefix.as_deref()),
        "suffix" => text(note.suffix.as_deref()),
        "kind" => Some(format!(" {}", note.kind.as_str())),
        "correction" => text(note.correction.as_deref()),
        "note" => text(note.note.as_deref()),
        "links" => (!note.links.is_empty()).then(|| {
            note.links
                .iter()
                .map(|link| format!("\n{pad}  - {}", scalar(link, &format!("{pad}    "))))
                .collect()
        }),
        "by" => text(note.by.as_deref()),
        "date" => text(note.date.as_deref()),
        _ => None,
    }
}

/// A note written as an entry of a list whose dashes stand at `indent`.
pub(crate) fn entry_text(note: &Note, indent: usize) -> String {
    let pad = " ".repeat(indent + 2);
    let mut out = String::new();
    for key in KEYS {
        let Some(value) = value_text(note, key, &pad) else {
            continue;
        };
        if out.is_empty() {
            out.push_str(&pad[..indent]);
            out.push_str("- ");
        } else {
            out.push_str(&pad);
        }
        out.push_str(key);
        out.push(':');
        out.push_str(&value);
        out.push('\n');
    }
    out
}

/// A key of an entry and the bytes of its lines, within the entry's text.
struct Field {
    key: String,
    bytes: Range<usize>,
}

/// The fields of an entry's text (`- quote: a\n  kind: b\n`): each from
/// its key's line to its last line with something on it. The first
/// field's bytes start after the `- `.
fn fields(entry: &str) -> (usize, Vec<Field>) {
    let first = entry.lines().next().unwrap_or("");
    let dash = first.len() - first.trim_start().len();
    let column = dash + 1 + first[dash + 1..].len() - first[dash + 1..].trim_start().len();
    let mut fields: Vec<Field> = Vec::new();
    let mut at = 0;
    for line in entry.split_inclusive('\n') {
        let start = if fields.is_empty() { column } else { 0 };
        let depth = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        let key = (fields.is_empty() || depth == column)
            .then(|| line[start.min(line.len())..].split_once(':'))
            .flatten()
            .map(|(k, _)| k.trim().trim_matches(['"', '\'']).to_string())
            .filter(|k| !k.is_empty() && !k.starts_with('#') && !k.contains(' '));
        if let Some(key) = key {
            fields.push(Field {
                key,
                bytes: at + start..at + line.len(),
            });
        } else if !trimmed.is_empty()
            && !trimmed.starts_with('#')
            && let Some(last) = fields.last_mut()
        {
            last.bytes.end = at + line.len();
        }
        at += line.len();
    }
    (column, fields)
}

/// `text` with the `keys` of note `id` written as `note` has them, each
/// where it stands (a new key after the one before it in colloq's order,
/// a key the note no longer has taken out): every other line as it was.
pub(crate) fn update(
    text: &str,
    id: &NoteId,
    note: &Note,
    keys: &[&str],
) -> Result<Edited, EditError> {
    let found = entries(text)?;
    let entry = find(&found, id)?;
    let mut own = text[entry.bytes.clone()].to_string();
    for &key in keys {
        let (column, present) = fields(&own);
        let pad = " ".repeat(column);
        let value = value_text(note, key, &pad);
        let line = |value: &str| format!("{key}:{value}\n");
        let here = present.iter().position(|f| f.key == key);
        match (here, value) {
            (Some(i), Some(value)) => {
                // The first key follows the `- `; the others, their indentation.
                let lead = if i == 0 { "" } else { pad.as_str() };
                let bytes = present[i].bytes.clone();
                own.replace_range(bytes, &format!("{lead}{}", line(&value)));
            }
            (Some(0), None) => {
                own = entry_text(note, depth(&own));
            }
            (Some(i), None) => {
                let bytes = present[i].bytes.clone();
                own.replace_range(bytes, "");
            }
            (None, Some(value)) => {
                let order = |k: &str| KEYS.iter().position(|&o| o == k).unwrap_or(KEYS.len());
                let after = present.iter().rev().find(|f| order(&f.key) < order(key));
                match after {
                    Some(field) => {
                        own.insert_str(field.bytes.end, &format!("{pad}{}", line(&value)));
                    }
                    None => own = entry_text(note, depth(&own)),
                }
            }
            (None, None) => {}
        }
    }
    let mut out = String::with_capacity(text.len() + 128);
    out.push_str(&text[..entry.bytes.start]);
    out.push_str(&own);
    out.push_str(&text[entry.bytes.end..]);
    Ok(Edited {
        text: out,
        line: entry.line,
    })
}

/// The keys whose values differ between two notes.
pub(crate) fn changed_keys(old: &Note, new: &Note) -> Vec<&'static str> {
    KEYS.into_iter()
        .filter(|key| value_text(old, key, "") != value_text(new, key, ""))
        .collect()
}

/// `value` as a YAML string: plain when it reads back as itself, a
/// literal block for Markdown of several lines, else double-quoted.
/// Lines of a block are indented by `pad` and two spaces more.
fn scalar(value: &str, pad: &str) -> String {
    let reads_back = |yaml: &str| {
        serde_yaml::from_str::<serde_yaml::Value>(&format!("k: {yaml}\n"))
            .ok()
            .and_then(|v| v.get("k").and_then(|k| k.as_str().map(str::to_string)))
            .is_some_and(|s| s == value)
    };
    // Words other YAML readers take for booleans stay quoted too.
    let yaml11 = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
    ]
    .contains(&value.to_ascii_lowercase().as_str());
    if !value.contains('\n') && value.trim() == value && !yaml11 && reads_back(value) {
        return value.to_string();
    }
    if value.contains('\n') && !value.starts_with([' ', '\n']) && !value.contains(['\r', '\t']) {
        let block: String = value
            .split('\n')
            .map(|l| {
                if l.is_empty() {
                    "\n".to_string()
                } else {
                    format!("\n{pad}  {l}")
                }
            })
            .collect();
        let block = format!("|-{block}");
        if !value.ends_with('\n') && reads_back(&block) {
            return block;
        }
    }
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::{NoteKind, Sidecar};

    fn note(quote: &str) -> Note {
        Note {
            quote: quote.into(),
            question: Some(Section::Question(3)),
            prefix: None,
            suffix: None,
            correction: None,
            kind: NoteKind::Context,
            note: Some("背景。".into()),
            links: Vec::new(),
            by: Some("编辑部".into()),
            date: Some("2024-03-08".into()),
        }
    }

    const SIDECAR: &str = "# 注释\nquestions:\n  1:\n    title: 一\nnotes:\n  - quote: 甲\n    question: 1\n    note: '一'   # 单引号\n\n  # 第二条\n  - quote: \"乙\"\n    kind: fact-check\n    links:\n      - https://e.org\n\nother: 1\n";

    #[test]
    fn finds_each_entry_and_its_bytes() {
        let found = entries(SIDECAR).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].line, found[1].line), (6, 11));
        assert_eq!(
            &SIDECAR[found[1].bytes.clone()],
            "  - quote: \"乙\"\n    kind: fact-check\n    links:\n      - https://e.org\n"
        );
        assert_ne!(found[0].id, found[1].id);
    }

    #[test]
    fn adds_at_the_end_of_the_list_as_the_entries_are_spaced() {
        let edited = add(SIDECAR, &note("丙")).unwrap();
        assert_eq!(edited.line, 16);
        assert_eq!(
            edited.text,
            SIDECAR.replace(
                "https://e.org\n\nother",
                "https://e.org\n\n  - quote: 丙\n    question: 3\n    kind: context\n    note: 背景。\n    by: 编辑部\n    date: 2024-03-08\n\nother"
            )
        );
        let parsed: crate::annotate::Sidecar = serde_yaml::from_str(&edited.text).unwrap();
        assert_eq!(parsed.notes[2], note("丙"));
    }

    #[test]
    fn add_then_remove_gives_back_the_file() {
        for text in [
            SIDECAR,
            "notes:\n- quote: a\n- quote: b\n",
            "notes:\n  - quote: a\n",
        ] {
            let edited = add(text, &note("新的")).unwrap();
            let id = entries(&edited.text).unwrap().last().unwrap().id.clone();
            assert_eq!(remove(&edited.text, &id).unwrap().text, text);
        }
    }

    #[test]
    fn updates_only_the_lines_of_the_keys_it_is_given() {
        let id = entries(SIDECAR).unwrap()[0].id.clone();
        let mut moved = Note::quoting("甲乙");
        moved.question = Some(Section::Question(2));
        moved.prefix = Some("在".into());
        moved.note = Some("一".into());
        let edited = update(
            SIDECAR,
            &id,
            &moved,
            &["quote", "question", "prefix", "suffix"],
        )
        .unwrap();
        assert_eq!(edited.line, 6);
        assert_eq!(
            edited.text,
            SIDECAR.replace(
                "  - quote: 甲\n    question: 1\n",
                "  - quote: 甲乙\n    question: 2\n    prefix: 在\n"
            )
        );
        // The other note keeps its name.
        assert_eq!(
            entries(&edited.text).unwrap()[1].id,
            entries(SIDECAR).unwrap()[1].id
        );

        let id = entries(SIDECAR).unwrap()[1].id.clone();
        let mut edited_note = Note::quoting("乙");
        edited_note.kind = NoteKind::Context;
        edited_note.note = Some("新的\n\n两段".into());
        let old: Sidecar = serde_yaml::from_str(&SIDECAR.replace("other: 1\n", "")).unwrap();
        let old = old.notes[1].clone();
        let keys = changed_keys(&old, &edited_note);
        assert_eq!(keys, ["kind", "note", "links"]);
        let edited = update(SIDECAR, &id, &edited_note, &keys).unwrap();
        assert_eq!(
            edited.text,
            SIDECAR.replace(
                "    kind: fact-check\n    links:\n      - https://e.org\n",
                "    kind: context\n    note: |-\n      新的\n\n      两段\n"
            )
        );
    }

    #[test]
    fn a_first_note_makes_the_list() {
        let edited = add("questions:\n  1:\n    title: 一\n", &note("丙")).unwrap();
        assert!(
            edited
                .text
                .starts_with("questions:\n  1:\n    title: 一\n\nnotes:\n  - quote: 丙\n")
        );
        assert_eq!(edited.line, 6);
        assert!(
            add("", &note("丙"))
                .unwrap()
                .text
                .starts_with("notes:\n  - quote: 丙\n")
        );
        assert!(
            add("notes: []\n", &note("丙"))
                .unwrap()
                .text
                .starts_with("notes:\n  - quote: 丙\n")
        );
        assert_eq!(
            add("notes: [{quote: a}]\n", &note("丙")),
            Err(EditError::NotAList)
        );
    }

    #[test]
    fn a_note_that_changed_is_not_found_and_twins_are_refused() {
        assert_eq!(
            remove(SIDECAR, &NoteId::new("000000000000")),
            Err(EditError::NoSuchNote)
        );
        let twins = "notes:\n  - quote: a\n  - quote: a\n";
        let id = entries(twins).unwrap()[0].id.clone();
        assert_eq!(remove(twins, &id), Err(EditError::Twins));
    }

    #[test]
    fn strings_are_plain_when_they_read_back_else_quoted() {
        assert_eq!(scalar("中美关系", "    "), "中美关系");
        assert_eq!(scalar("yes", "    "), "\"yes\"");
        assert_eq!(scalar("12", "    "), "\"12\"");
        assert_eq!(scalar("a: b", "    "), "\"a: b\"");
        assert_eq!(scalar("#1", "    "), "\"#1\"");
        assert_eq!(scalar(" a", "    "), "\" a\"");
        assert_eq!(scalar("一\n\n二", "    "), "|-\n      一\n\n      二");
        for value in [
            "- a",
            "[x]",
            "a \"b\" 'c'",
            "\\",
            "一\n 二",
            "x\n",
            "@a",
            "*a",
            "%",
            "'",
        ] {
            let yaml = format!("k: {}\n", scalar(value, ""));
            let back: std::collections::BTreeMap<String, String> =
                serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(back["k"], value, "{yaml}");
        }
    }
}
