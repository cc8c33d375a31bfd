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

/// `text` with the note `id` written as `note`, where it stands.
pub(crate) fn replace(text: &str, id: &NoteId, note: &Note) -> Result<Edited, EditError> {
    let found = entries(text)?;
    let entry = find(&found, id)?;
    let indent = depth(&text[entry.bytes.start..]);
    let mut out = String::with_capacity(text.len() + 256);
    out.push_str(&text[..entry.bytes.start]);
    out.push_str(&entry_text(note, indent));
    let rest = &text[entry.bytes.end..];
    if !text[..entry.bytes.end].ends_with('\n') && rest.is_empty() {
        out.pop();
    }
    out.push_str(rest);
    Ok(Edited {
        text: out,
        line: entry.line,
    })
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

/// A note written as an entry of a list whose dashes stand at `indent`.
pub(crate) fn entry_text(note: &Note, indent: usize) -> String {
    let pad = " ".repeat(indent + 2);
    let mut fields: Vec<(&str, String)> = vec![("quote", scalar(&note.quote, &pad))];
    if let Some(section) = note.question {
        let value = match section {
            Section::Opening => "opening".to_string(),
            Section::Question(n) => n.to_string(),
        };
        fields.push(("question", value));
    }
    let optional = [
        ("prefix", note.prefix.as_deref()),
        ("suffix", note.suffix.as_deref()),
        ("kind", Some(note.kind.as_str())),
        ("correction", note.correction.as_deref()),
        ("note", note.note.as_deref()),
    ];
    for (key, value) in optional {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            fields.push((key, scalar(value, &pad)));
        }
    }
    if !note.links.is_empty() {
        let list: String = note
            .links
            .iter()
            .map(|link| format!("\n{pad}  - {}", scalar(link, &format!("{pad}    "))))
            .collect();
        fields.push(("links", list));
    }
    for (key, value) in [("by", note.by.as_deref()), ("date", note.date.as_deref())] {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            fields.push((key, scalar(value, &pad)));
        }
    }
    let mut out = String::new();
    for (i, (key, value)) in fields.iter().enumerate() {
        out.push_str(if i == 0 { &pad[..indent] } else { pad.as_str() });
        if i == 0 {
            out.push_str("- ");
        }
        out.push_str(key);
        out.push(':');
        if !value.starts_with('\n') {
            out.push(' ');
        }
        out.push_str(value);
        out.push('\n');
    }
    out
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
    use crate::annotate::NoteKind;

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
    fn replaces_only_the_lines_of_one_note() {
        let id = entries(SIDECAR).unwrap()[0].id.clone();
        let edited = replace(SIDECAR, &id, &note("甲")).unwrap();
        assert_eq!(edited.line, 6);
        assert!(edited.text.starts_with("# 注释\nquestions:\n  1:\n    title: 一\nnotes:\n  - quote: 甲\n    question: 3\n    kind: context\n"));
        assert!(edited.text.ends_with("date: 2024-03-08\n\n  # 第二条\n  - quote: \"乙\"\n    kind: fact-check\n    links:\n      - https://e.org\n\nother: 1\n"));
        // The other note keeps its name.
        assert_eq!(
            entries(&edited.text).unwrap()[1].id,
            entries(SIDECAR).unwrap()[1].id
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
