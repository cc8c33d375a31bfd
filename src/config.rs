//! `config.yaml` -> [`Config`]: the settings of a whole site.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::RawHtml;
use crate::yaml::YamlSource;

/// The file name of a site's settings, at the site root.
pub(crate) const CONFIG_FILE: &str = "config.yaml";

/// A site's settings, validated.
/// Unknown keys are reported by [`Config::parse`], each with a suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Config {
    /// The site's name, shown on every page.
    pub title: String,
    /// One sentence about the site, for the home page.
    #[serde(default)]
    pub description: Option<String>,
    /// The address the site is published at, for canonical links.
    #[serde(default)]
    pub base_url: Option<String>,
    /// The language of the site's own pages, and the default for
    /// transcripts (a BCP 47 tag: `zh-CN`, `en`).
    #[serde(default = "default_language")]
    pub language: String,
    /// The theme under `themes/` (`default` ships with colloq).
    #[serde(default = "default_theme")]
    pub theme: String,
    /// A custom domain for GitHub Pages (`archive.example.org`): written
    /// to the output's `CNAME` file.
    #[serde(default)]
    pub domain: Option<String>,
    /// Whether raw HTML in transcripts and notes goes into pages as
    /// markup; by default it is shown as text.
    #[serde(default)]
    pub allow_html: bool,
    /// Who writes the notes added from the served pages (`by:`); by
    /// default, git's `user.name`.
    #[serde(default)]
    pub editor: Option<String>,
    /// A podcast feed of the transcripts with recordings.
    #[serde(default)]
    pub podcast: Option<Podcast>,
    /// How many transcripts a list page holds (the home page, a year, a
    /// topic, a speaker) before the rest go on to `page/2/`; the indexes
    /// of topics and speakers hold ten times as many entries.
    #[serde(default = "default_paginate")]
    pub paginate: std::num::NonZeroUsize,
    /// Which data files each transcript gets; both unless told.
    #[serde(default)]
    pub exports: Exports,
    /// The site's title and description in the languages its transcripts
    /// are translated into, by language tag (`en: { title: ... }`).
    #[serde(default)]
    pub languages: std::collections::BTreeMap<String, Edition>,
}

/// What the site says of itself in one language (`languages:` in
/// config.yaml).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    pub title: Option<String>,
    pub description: Option<String>,
}

impl Config {
    /// The configuration of the edition of the site in `language`: its
    /// pages in that language, under that language's folder of the
    /// site's address, with the title and description given for it.
    pub(crate) fn in_edition(&self, language: &crate::language::Language) -> Config {
        let mut config = self.clone();
        config.language = language.as_str().to_string();
        config.base_url = self
            .base_url
            .as_ref()
            .map(|base| format!("{base}{}", language.folder()));
        let edition = self
            .languages
            .iter()
            .find(|(tag, _)| language.same(tag))
            .map(|(_, e)| e);
        if let Some(edition) = edition {
            if let Some(title) = &edition.title {
                config.title.clone_from(title);
            }
            if edition.description.is_some() {
                config.description.clone_from(&edition.description);
            }
        }
        config
    }
}

/// Which data files each transcript gets (`exports:` in config.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Exports {
    /// `<slug>/annotations.json`: the notes as W3C Web Annotations.
    pub annotations: bool,
    /// `<slug>/transcript.json`: the words, turns and questions.
    pub transcript: bool,
}

impl Default for Exports {
    fn default() -> Exports {
        Exports {
            annotations: true,
            transcript: true,
        }
    }
}

fn default_paginate() -> std::num::NonZeroUsize {
    std::num::NonZeroUsize::new(20).expect("20 is not zero")
}

/// What a podcast feed says of its show (`podcast:` in config.yaml).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Podcast {
    /// The show's name; the site's title when left out.
    pub title: Option<String>,
    pub description: Option<String>,
    pub author: Option<String>,
    /// The owner's address, for directories.
    pub email: Option<String>,
    /// The cover: a static file or an address.
    pub image: Option<String>,
    /// An Apple Podcasts category (`News`, `Government`).
    pub category: Option<String>,
    #[serde(default)]
    pub explicit: bool,
}

fn default_language() -> String {
    "en".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

impl Config {
    /// What raw HTML in the site's Markdown is.
    pub fn raw_html(&self) -> RawHtml {
        if self.allow_html {
            RawHtml::Markup
        } else {
            RawHtml::Text
        }
    }

    /// Parses `config.yaml`, reporting every problem: unknown keys (each
    /// with a suggestion) alongside any syntax or type error.
    pub fn parse(text: &str, file: &Path) -> Result<Config, Diagnostics> {
        let source = YamlSource::whole(text, file);
        let mut config: Config = source.parse_checked("config.yaml")?;
        if let Some(url) = &config.base_url {
            config.base_url = Some(base_url(url).map_err(|reason| {
                Diagnostics::from(
                    Diagnostic::new(file, format!("invalid base_url: {reason}"))
                        .at_opt(source.value_span("base_url"))
                        .help("write the address the site is published at, such as https://you.github.io/archive/"),
                )
            })?);
        }
        Ok(config)
    }
}

/// A site's address, checked and ending in `/`.
pub(crate) fn base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("`{url}` does not start with https:// or http://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("`{url}` names no host"));
    }
    if url.contains(['?', '#', ' ']) {
        return Err(format!("`{url}` is not a plain address"));
    }
    Ok(format!("{}/", url.trim_end_matches('/')))
}
