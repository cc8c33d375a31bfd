//! How printed transcripts label speakers when nothing declares them:
//! `QUESTION:`, `MR. MILLER:`, `记者：`, `Wang Wenbin:`, `Q.`. One guess,
//! shared by the warnings (a label nobody declared) and by `colloq import`
//! (plain text, and SRT captions that name their speakers in the text).

use crate::markdown::is_cjk;

/// The longest a printed label may be, in characters.
const LONGEST: usize = 30;

/// How a printed label is written, from surest to least sure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `QUESTION`, `MR. MILLER`, `THE COURT`: two letters or more, all
    /// capitals.
    Capitals,
    /// `记者`, `王毅`, `法新社记者`: CJK letters, no punctuation.
    Cjk,
    /// `Wang Wenbin`, `Mr. Miller`: a short name in mixed case.
    Name,
    /// `Q`, `A`: one capital letter, as interviews and court records
    /// print who asks and who answers (`Q.`, `Q:`, `Q` and a tab).
    Letter,
}

/// A label at the start of a line, and the words after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Printed<'a> {
    pub label: &'a str,
    pub kind: Kind,
    /// The words after the label (empty when it stands alone).
    pub rest: &'a str,
    /// Whether a colon follows it (`Q:` but not `Q.`), as a declared
    /// label must be written.
    pub colon: bool,
}

impl Printed<'_> {
    /// Whether a name in mixed case starts with a title (`Mr.`, `Senator`),
    /// which makes it a speaker even when it speaks once.
    pub(crate) fn titled(&self) -> bool {
        const TITLES: &[&str] = &[
            "Mr",
            "Mr.",
            "Ms",
            "Ms.",
            "Mrs",
            "Mrs.",
            "Dr",
            "Dr.",
            "Sen.",
            "Rep.",
            "Senator",
            "Secretary",
            "Chairman",
            "Chairwoman",
            "Chair",
            "Minister",
            "Ambassador",
            "President",
            "Judge",
            "Justice",
            "Prof.",
            "General",
            "Admiral",
        ];
        self.kind == Kind::Name
            && self
                .label
                .split_whitespace()
                .next()
                .is_some_and(|word| TITLES.contains(&word))
    }
}

/// The label `line` opens with, when it opens like one: words then a
/// colon (`:` or `：`), or one capital letter then `.`, `:`, a tab or two
/// spaces.
pub(crate) fn printed_label(line: &str) -> Option<Printed<'_>> {
    let line = line.trim_start();
    if let Some(printed) = letter(line) {
        return Some(printed);
    }
    let colon = line.find([':', '：'])?;
    let label = line[..colon].trim_end();
    let after = &line[colon..];
    let after = after.char_indices().nth(1).map_or("", |(i, _)| &after[i..]);
    let kind = kind(label)?;
    // `12:30`, `1:21-cr-00123` or `https://` is not a label.
    if after.starts_with(|c: char| c.is_ascii_digit() || c == '/') && kind != Kind::Cjk {
        return None;
    }
    let rest = after.trim_start();
    Some(Printed {
        label,
        kind,
        rest,
        colon: true,
    })
}

/// What kind of label `label` is, when it is one.
fn kind(label: &str) -> Option<Kind> {
    let count = label.chars().count();
    if count == 0 || count > LONGEST || label.contains(['*', '[', '`', '#', '"', '(', ',']) {
        return None;
    }
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    let latin_ok = |c: char| c.is_alphanumeric() || " .'-".contains(c);
    if letters >= 2
        && label.chars().all(latin_ok)
        && !label.chars().any(char::is_lowercase)
        && !label.chars().any(is_cjk)
    {
        return Some(Kind::Capitals);
    }
    if count <= 16
        && label
            .chars()
            .all(|c| (is_cjk(c) && c.is_alphanumeric()) || c == '·' || c == '・')
    {
        return Some(Kind::Cjk);
    }
    if letters == 1 && count == 1 && label.chars().all(char::is_uppercase) {
        return Some(Kind::Letter);
    }
    let words: Vec<&str> = label.split_whitespace().collect();
    let name = words.len() <= 4
        && label.chars().all(latin_ok)
        && words
            .first()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
        && words
            .iter()
            .all(|w| w.starts_with(char::is_uppercase) || w.len() <= 3);
    name.then_some(Kind::Name)
}

/// `Q.`, `Q:`, `Q` and a tab or two spaces (and the same for any one
/// capital letter).
fn letter(line: &str) -> Option<Printed<'_>> {
    let mut chars = line.char_indices();
    let (_, first) = chars.next()?;
    if !first.is_ascii_uppercase() {
        return None;
    }
    let after = &line[1..];
    let colon = after.starts_with(':');
    let rest = if let Some(rest) = after.strip_prefix(['.', ':']) {
        (rest.is_empty() || rest.starts_with([' ', '\t'])).then_some(rest)?
    } else if after.starts_with('\t') || after.starts_with("  ") {
        after
    } else {
        return None;
    };
    Some(Printed {
        label: &line[..1],
        kind: Kind::Letter,
        rest: rest.trim_start(),
        colon,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Option<(&str, Kind, &str)> {
        printed_label(line).map(|p| (p.label, p.kind, p.rest))
    }

    #[test]
    fn labels_as_transcripts_print_them() {
        use Kind::*;
        for (line, expected) in [
            (
                "QUESTION: Will it?",
                Some(("QUESTION", Capitals, "Will it?")),
            ),
            (
                "MR. MILLER: Good afternoon.",
                Some(("MR. MILLER", Capitals, "Good afternoon.")),
            ),
            ("MS. JEAN-PIERRE:", Some(("MS. JEAN-PIERRE", Capitals, ""))),
            ("记者：第一个问题。", Some(("记者", Cjk, "第一个问题。"))),
            (
                "中央广播电视总台央视记者：请问",
                Some(("中央广播电视总台央视记者", Cjk, "请问")),
            ),
            (
                "Wang Wenbin: Good afternoon.",
                Some(("Wang Wenbin", Name, "Good afternoon.")),
            ),
            (
                "Q.   Did you see him?",
                Some(("Q", Letter, "Did you see him?")),
            ),
            ("A\tYes.", Some(("A", Letter, "Yes."))),
            ("Q  Karine, thanks.", Some(("Q", Letter, "Karine, thanks."))),
            ("Q: When?", Some(("Q", Letter, "When?"))),
            ("他说，我们：", None),
            ("At 12:30 we met.", None),
            ("See https://example.org", None),
            (
                "HOST: 1. The first.",
                Some(("HOST", Capitals, "1. The first.")),
            ),
            ("A big question: why?", None),
            ("I think so.", None),
            ("The meeting, which ran long: it ended.", None),
        ] {
            assert_eq!(read(line), expected, "{line}");
        }
    }

    #[test]
    fn a_titled_name_is_a_speaker_even_once() {
        assert!(printed_label("Mr. Miller: Yes.").unwrap().titled());
        assert!(!printed_label("Bloomberg: When?").unwrap().titled());
        assert!(!printed_label("MR. MILLER: Yes.").unwrap().titled());
    }
}
