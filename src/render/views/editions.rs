//! A page's versions in the site's other languages: the `hreflang`
//! alternates of its head and the language switch of its header.
//!
//! The originals' pages are at the site's root; a translation's, and the
//! lists of each language's edition, are at the same paths under that
//! language's folder (`en/`). A page has a version in another edition
//! when that edition has the same transcript, topic, speaker or year, or
//! when it is a page every edition has (home, the indexes, search); so
//! each page's alternates name each other, both ways.

use serde::Serialize;

use super::Views;
use crate::address;
use crate::site::{Listing, Site};

/// What a page shows, for finding its versions in other languages.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Place<'a> {
    /// A page every edition has: home, the indexes, the archive, search.
    Everywhere,
    /// A page of a transcript, in whichever language it is listed.
    Transcript(&'a Listing),
    /// A topic's pages, by the name transcripts give it.
    Topic(&'a str),
    /// A speaker's pages, by slug.
    Speaker(&'a str),
    Year(i16),
    /// A page no other edition has (the 404 page).
    Alone,
}

/// A version of a page: the folder of its edition (empty for the
/// originals') and its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Version {
    pub folder: String,
    pub language: String,
    /// Whether it is the page being rendered.
    pub current: bool,
}

/// A link to a version of the page, as templates see it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Alternate {
    /// Its BCP 47 tag (`hreflang`, `lang`).
    pub language: String,
    /// The language's name, in that language (`English`, `中文`).
    pub name: String,
    pub href: String,
    pub current: bool,
}

impl Views<'_> {
    /// The versions of a page showing `place`, the originals' first; none
    /// when no other edition has it.
    pub(crate) fn versions(&self, place: Place<'_>) -> Vec<Version> {
        let origin = self.origin;
        let current = self.site.edition.as_ref();
        let versions: Vec<Version> = std::iter::once(origin)
            .chain(&origin.editions)
            .filter(|site| has(site, place))
            .map(|site| Version {
                folder: site
                    .edition
                    .as_ref()
                    .map(crate::language::Language::folder)
                    .unwrap_or_default(),
                language: match (place, &site.edition) {
                    (_, Some(language)) => language.as_str().to_string(),
                    (Place::Transcript(t), None) => match &t.edition {
                        None => t.meta.language.clone(),
                        Some(_) => t.original_language.clone(),
                    }
                    .unwrap_or_else(|| origin.config.language.clone()),
                    (_, None) => origin.config.language.clone(),
                },
                current: site.edition.as_ref() == current,
            })
            .collect();
        if versions.len() > 1 {
            versions
        } else {
            Vec::new()
        }
    }

    /// The folder of the edition being rendered: empty for the originals'.
    pub(crate) fn folder(&self) -> String {
        self.site
            .edition
            .as_ref()
            .map(crate::language::Language::folder)
            .unwrap_or_default()
    }
}

/// Whether `site` has a page showing `place`.
fn has(site: &Site, place: Place<'_>) -> bool {
    match place {
        Place::Everywhere => true,
        Place::Alone => site.edition.is_none(),
        Place::Transcript(t) => match &site.edition {
            None => true,
            Some(language) => t.translations.iter().any(|tr| &tr.language == language),
        },
        Place::Topic(key) => site.topic(key).is_some(),
        Place::Speaker(slug) => site.speakers.iter().any(|s| s.slug.as_str() == slug),
        Place::Year(year) => site.transcripts.iter().any(|t| t.meta.date.year() == year),
    }
}

/// The address of `path` in the edition in `folder`, from a page whose
/// way back to the site's root is `assets`: absolute under the site's
/// address `base` when it has one.
pub(crate) fn href(base: Option<&str>, assets: &str, folder: &str, path: &str) -> String {
    let full = format!("{folder}{path}");
    match base {
        Some(base) => address::url(base, &full),
        None => format!("{assets}{full}"),
    }
}
