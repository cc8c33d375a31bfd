//! Language tags (BCP 47): the language a translation is in, as its file
//! name says (`a.en.md`, `a.zh-Hant.md`), and the folder its pages go in.
//!
//! A tag is checked for its shape by `oxilangtag` and for its language by
//! the ISO 639 tables of `isolang`; it is kept in the case BCP 47
//! recommends (`zh-Hant`, `pt-BR`) and compared without regard to case.

use std::fmt;

/// A well-formed language tag of a known language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Language(String);

impl Language {
    /// Checks `text` as a language tag: well formed, of a language ISO 639
    /// knows, with its two-letter code where it has one.
    pub fn parse(text: &str) -> Result<Language, String> {
        let tag = oxilangtag::LanguageTag::parse(text).map_err(|_| {
            if text.contains('_') {
                format!(
                    "`{text}` is not a language tag: subtags are joined with `-` (`{}`)",
                    text.replace('_', "-")
                )
            } else {
                format!("`{text}` is not a language tag")
            }
        })?;
        let primary = tag.primary_language().to_ascii_lowercase();
        let known = match primary.len() {
            2 => isolang::Language::from_639_1(&primary).map(|_| None),
            3 => isolang::Language::from_639_3(&primary).map(|l| l.to_639_1()),
            _ => None,
        };
        match known {
            None => Err(format!("`{primary}` in `{text}` is not a known language")),
            Some(Some(short)) => Err(format!(
                "`{primary}` in `{text}` is written `{short}` in a language tag"
            )),
            Some(None) => Ok(Language(canonical_case(text))),
        }
    }

    /// The tag, in BCP 47's recommended case.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The folder of the site its pages are in: the tag in lower case,
    /// ending in `/` (`zh-hant/`).
    pub fn folder(&self) -> String {
        format!("{}/", self.0.to_ascii_lowercase())
    }

    /// Whether two tags name the same language, case aside.
    pub fn same(&self, other: &str) -> bool {
        self.0.eq_ignore_ascii_case(other)
    }

    /// The language's English name, for messages (`English`).
    pub fn name(&self) -> &'static str {
        let primary = self.0.split('-').next().unwrap_or_default();
        isolang::Language::from_639_1(primary)
            .or_else(|| isolang::Language::from_639_3(primary))
            .map_or("", |l| l.to_name())
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a transcript's file name says of its language: `Some` for a
/// translation's name (`a.en.md`: the stem `a` and the tag, or why the
/// tag is not one), `None` for an original's. A last part of two or three
/// letters before `.md`, or one of them followed by subtags, is a tag;
/// anything else (`minutes.final.md`) is part of an original's name.
pub(crate) fn of_file_name(name: &str) -> Option<(&str, Result<Language, String>)> {
    let stem = name.strip_suffix(".md")?;
    let (base, tag) = stem.rsplit_once('.')?;
    let primary = tag.split(['-', '_']).next().unwrap_or_default();
    let looks_like_tag = matches!(primary.len(), 2 | 3)
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && !base.is_empty();
    looks_like_tag.then(|| (base, Language::parse(tag)))
}

/// Whether the file `name`, named like a translation's, surely means its
/// tag as one even beside no original: a two-letter language (`a.en.md`)
/// or a tag with subtags (`a.zh-Hant.md`, `a.en_US.md`). A lone part of
/// three letters is as likely a file's old extension (`a.srt.md`).
pub(crate) fn surely_a_tag(name: &str) -> bool {
    let tag = name
        .strip_suffix(".md")
        .and_then(|stem| stem.rsplit_once('.'))
        .map_or("", |(_, tag)| tag);
    let primary = tag.split(['-', '_']).next().unwrap_or_default();
    primary.len() == 2 || tag.contains(['-', '_'])
}

/// `zh-hant-tw` → `zh-Hant-TW`: the language lower case, a script title
/// case, a region upper case, anything else lower case.
fn canonical_case(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    for (i, part) in tag.split('-').enumerate() {
        if i > 0 {
            out.push('-');
        }
        let letters = part.bytes().all(|b| b.is_ascii_alphabetic());
        if i > 0 && part.len() == 4 && letters {
            let (first, rest) = part.split_at(1);
            out.push_str(&first.to_ascii_uppercase());
            out.push_str(&rest.to_ascii_lowercase());
        } else if i > 0 && part.len() == 2 && letters {
            out.push_str(&part.to_ascii_uppercase());
        } else {
            out.push_str(&part.to_ascii_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_in_their_recommended_case() {
        for (text, tag) in [
            ("en", "en"),
            ("zh-hant", "zh-Hant"),
            ("pt-br", "pt-BR"),
            ("yue", "yue"),
        ] {
            assert_eq!(Language::parse(text).unwrap().as_str(), tag);
        }
        assert_eq!(Language::parse("zh-Hant").unwrap().folder(), "zh-hant/");
    }

    #[test]
    fn says_why_a_tag_is_not_one() {
        assert!(Language::parse("en_US").unwrap_err().contains("`en-US`"));
        assert!(
            Language::parse("xx")
                .unwrap_err()
                .contains("not a known language")
        );
        assert!(Language::parse("eng").unwrap_err().contains("written `en`"));
    }

    #[test]
    fn a_file_name_names_a_translation_only_with_a_tag_before_md() {
        assert_eq!(
            of_file_name("2024-03-07-wang-yi.en.md").map(|(b, l)| (b, l.unwrap())),
            Some(("2024-03-07-wang-yi", Language("en".into())))
        );
        assert!(of_file_name("a.en_US.md").unwrap().1.is_err());
        assert_eq!(of_file_name("minutes.final.md"), None);
        assert_eq!(of_file_name("2024-03-07.md"), None);
        assert_eq!(of_file_name("a.v2.md"), None);
        assert!(
            surely_a_tag("a.en.md") && surely_a_tag("a.zh-Hant.md") && surely_a_tag("a.en_US.md")
        );
        assert!(!surely_a_tag("podcast.vtt.md"));
    }
}
