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
