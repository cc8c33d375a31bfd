//! `content/topics.yaml` -> [`TopicRegistry`]: slugs and descriptions of
//! topics. A topic used but not registered gets a slug from its name.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostic::Diagnostics;
use crate::source::SourceFile;
use crate::yaml::YamlSource;

/// What the registry says of one topic.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TopicEntry {
    pub slug: Option<String>,
    pub description: Option<String>,
    /// The topic's name in other languages, by language tag
    /// (`names: { en: China's diplomacy }`): its pages in that language
    /// are called so, at the same slug.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    /// Its description in other languages, by language tag.
    #[serde(default)]
    pub descriptions: BTreeMap<String, String>,
}

impl TopicEntry {
    /// What it is called in `language`, when the registry says.
    pub(crate) fn name_in(&self, language: &crate::language::Language) -> Option<&str> {
        in_language(&self.names, language)
    }

    /// Its description in `language`: that language's, when the registry
    /// gives one.
    pub(crate) fn description_in(&self, language: &crate::language::Language) -> Option<&str> {
        in_language(&self.descriptions, language)
    }
}

/// The value for `language` of a map by language tag: its own tag's,
/// else its primary language's (`zh` for `zh-Hant`).
fn in_language<'a>(
    by_language: &'a BTreeMap<String, String>,
    language: &crate::language::Language,
) -> Option<&'a str> {
    let primary = language.as_str().split('-').next().unwrap_or_default();
    by_language
        .iter()
        .find(|(tag, _)| language.same(tag))
        .or_else(|| {
            by_language
                .iter()
                .find(|(tag, _)| tag.eq_ignore_ascii_case(primary))
        })
        .map(|(_, value)| value.as_str())
}

/// The registered topics, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TopicRegistry {
    pub entries: BTreeMap<String, TopicEntry>,
    /// Where the registry was read from.
    pub file: Option<SourceFile>,
}

impl TopicRegistry {
    pub(crate) fn parse(file: Option<&SourceFile>) -> Result<TopicRegistry, Diagnostics> {
        let Some(file) = file else {
            return Ok(TopicRegistry::default());
        };
        let entries: Option<BTreeMap<String, Option<TopicEntry>>> =
            YamlSource::whole(&file.text, &file.path)
                .parse("topic registry")
                .map_err(Diagnostics::from)?;
        Ok(TopicRegistry {
            entries: entries
                .unwrap_or_default()
                .into_iter()
                .map(|(name, entry)| (name, entry.unwrap_or_default()))
                .collect(),
            file: Some(file.clone()),
        })
    }
}
