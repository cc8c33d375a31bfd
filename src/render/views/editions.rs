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
    /// Whether the edition has this page; else the switch leads to its
    /// home page, and no `hreflang` names it.
    pub counterpart: bool,
}

/// A link to a version of the page, as templates see it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Alternate {
    /// Its BCP 47 tag (`hreflang`, `lang`).
    pub language: String,
    /// Whether it is this page in another language, named by `hreflang`
    /// (else the home page of a language that lacks it).
    pub hreflang: bool,
    /// The language's name, in that language (`English`, `中文`).
    pub name: String,
    pub href: String,
    pub current: bool,
}

impl Views<'_> {
    /// The versions of a page showing `place` in each language of the
    /// site, the originals' first; none for a site in one language.
    pub(crate) fn versions(&self, place: Place<'_>) -> Vec<Version> {
        let origin = self.origin;
        if origin.editions.is_empty() || matches!(place, Place::Alone) {
            return Vec::new();
        }
        let current = self.site.edition.as_ref();
        std::iter::once(origin)
            .chain(&origin.editions)
            .map(|site| Version {
                counterpart: has(site, place),
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
            .collect()
    }

    /// Where the data of `t`'s other versions is, from its folder.
    pub(crate) fn data_versions(
        &self,
        listing: &Listing,
        t: &crate::annotate::AnnotatedTranscript,
    ) -> crate::render::export::Versions {
        let slug = listing.slug.as_str();
        let data = address::transcript_file(slug, crate::render::export::TRANSCRIPT);
        let base = self.origin.config.base_url.as_deref();
        // From `<slug>/` to the site's root, and from `<lang>/<slug>/`.
        let up = address::root_of(&data);
        match &self.site.edition {
            Some(_) => crate::render::export::Versions {
                original: Some(href(base, &format!("{up}../"), "", &data)),
                translations: Vec::new(),
            },
            None => crate::render::export::Versions {
                original: None,
                translations: t
                    .translations
                    .iter()
                    .map(|tr| href(base, &up, &tr.language.folder(), &data))
                    .collect(),
            },
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
