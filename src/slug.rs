//! Slugs: the path segments that name transcripts, topics and speakers.
//!
//! A slug keeps the words as they are written, CJK included (`中美关系`
//! stays `中美关系`, percent-encoded only on the wire): transliteration reads
//! Chinese wrongly and merges homophones, so it is never applied. Two things
//! that end up with the same slug are an error, reported where they meet.

use std::fmt;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// A validated path segment: non-empty, no `/`, `\`, `.`-only names, no
/// characters unsafe in a URL path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

/// Names a transcript slug may not take, because the site uses them
/// (`__colloq` while serving).
pub(crate) const RESERVED: &[&str] = &[
    "topics", "speakers", "search", "archive", "page", "static", "404", "__colloq",
];

/// Names no folder may have on Windows, where a site may be checked out.
const DEVICE_NAMES: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

impl Slug {
    /// The slug made from a name: NFC, lower-cased, white space and
    /// separators to `-`, characters unsafe in a path removed. `None` when
    /// nothing is left (a name of only punctuation).
    pub fn from_name(name: &str) -> Option<Slug> {
        let mut slug = String::with_capacity(name.len());
        for c in name.nfc().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() || c == '_' || is_cjk_mark(c) {
                slug.push(c);
            } else if (c.is_whitespace()
                || matches!(c, '-' | '‐' | '‑' | '–' | '—' | '/' | '\\' | '.' | '·'))
                && !slug.is_empty()
                && !slug.ends_with('-')
            {
                slug.push('-');
            }
        }
        while slug.ends_with('-') {
            slug.pop();
        }
        (!slug.is_empty()).then_some(Slug(slug))
    }

    /// Accepts `text` as a slug only when it already is one, so that a
    /// slug written by hand is used as written or refused, never changed.
    pub fn parse(text: &str) -> Result<Slug, SlugError> {
        match Slug::from_name(text) {
            Some(slug) if slug.0 == text => Ok(slug),
            Some(slug) => Err(SlugError::NotCanonical { suggestion: slug }),
            None => Err(SlugError::Empty),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_reserved(&self) -> bool {
        RESERVED.contains(&self.0.as_str()) || DEVICE_NAMES.contains(&self.0.as_str())
    }
}

/// Marks that are part of a written word in CJK text (iteration marks,
/// the middle dot of transliterated names is treated as a separator).
fn is_cjk_mark(c: char) -> bool {
    matches!(c, '々' | '〆' | 'ー')
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a hand-written slug was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlugError {
    Empty,
    NotCanonical { suggestion: Slug },
}

impl fmt::Display for SlugError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SlugError::Empty => f.write_str("a slug needs at least one letter or digit"),
            SlugError::NotCanonical { suggestion } => write!(
                f,
                "a slug may hold only lower-case letters, digits, CJK, `-` and `_`; try `{suggestion}`"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(name: &str) -> String {
        Slug::from_name(name).map(|s| s.0).unwrap_or_default()
    }

    #[test]
    fn keeps_cjk_as_written() {
        assert_eq!(slug("中美关系"), "中美关系");
        assert_eq!(slug("重庆"), "重庆");
        assert_eq!(slug("事实"), "事实");
        assert_ne!(slug("事实"), slug("时事"));
    }

    #[test]
    fn lower_cases_and_joins_words() {
        assert_eq!(slug("China–US  Relations"), "china-us-relations");
        assert_eq!(slug("Mr. Price"), "mr-price");
        assert_eq!(slug("  a / b  "), "a-b");
    }

    #[test]
    fn normalizes_to_nfc() {
        assert_eq!(slug("e\u{301}te\u{301}"), "été");
    }

    #[test]
    fn removes_unsafe_characters() {
        assert_eq!(slug("what? #1 <b>"), "what-1-b");
        assert_eq!(slug("《人民日报》记者"), "人民日报记者");
        assert_eq!(slug("..."), "");
        assert_eq!(slug("?!"), "");
    }

    #[test]
    fn parse_refuses_what_it_would_change() {
        assert!(Slug::parse("2024-03-07-wang-yi").is_ok());
        assert_eq!(
            Slug::parse("../etc"),
            Err(SlugError::NotCanonical {
                suggestion: Slug("etc".into())
            })
        );
        assert_eq!(Slug::parse("."), Err(SlugError::Empty));
        assert!(Slug::parse("a/b").is_err());
    }

    #[test]
    fn names_the_site_or_windows_uses_are_reserved() {
        for name in [
            "search", "topics", "speakers", "static", "404", "__colloq", "con", "lpt9",
        ] {
            assert!(Slug::parse(name).unwrap().is_reserved(), "{name}");
        }
        assert!(!Slug::parse("search-results").unwrap().is_reserved());
    }
}
