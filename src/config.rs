//! `config.yaml` -> [`Config`]: the settings of a whole site.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::Diagnostics;
use crate::yaml::YamlSource;

/// The file name of a site's settings, at the site root.
pub const CONFIG_FILE: &str = "config.yaml";

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
}

const KEYS: &[&str] = &["title", "description", "base_url", "language", "theme"];

fn default_language() -> String {
    "en".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

impl Config {
    /// Parses `config.yaml`, reporting every problem: unknown keys (each
    /// with a suggestion) alongside any syntax or type error.
    pub fn parse(text: &str, file: &Path) -> Result<Config, Diagnostics> {
        YamlSource::whole(text, file).parse_checked(KEYS, "config.yaml")
    }
}
