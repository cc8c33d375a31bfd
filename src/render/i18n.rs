//! The words of the interface, in the language of each page.
//!
//! A theme ships `i18n/<language>.yaml` files of `key: text`. A page in
//! `zh-CN` reads `zh-CN.yaml`, else `zh.yaml`, else `en.yaml`; a key missing
//! from a language falls back to English, so a partial translation still
//! renders.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostics;
use crate::source::SourceFile;
use crate::yaml::YamlSource;

/// The UI strings of every language a theme ships, ready for templates.
#[derive(Debug, Clone)]
pub(crate) struct UiStrings {
    by_language: BTreeMap<String, tera::Value>,
    /// Each language's `language_name`, from its own file alone.
    names: BTreeMap<String, String>,
}

const FALLBACK: &str = "en";

impl UiStrings {
    pub(crate) fn parse(
        files: &[SourceFile],
        shown: impl Fn(&SourceFile) -> std::path::PathBuf,
    ) -> Result<UiStrings, Diagnostics> {
        let mut problems = Diagnostics::new();
        let mut tables: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for file in files {
            let Some(language) = file.path.to_str().and_then(|p| p.strip_suffix(".yaml")) else {
                continue;
            };
            let path = shown(file);
            match YamlSource::whole(&file.text, &path)
                .parse::<BTreeMap<String, String>>("UI strings")
            {
                Ok(table) => {
                    tables.insert(language.to_string(), table);
                }
                Err(d) => problems.push(d),
            }
        }
        let names = tables
            .iter()
            .filter_map(|(language, table)| {
                Some((language.clone(), table.get("language_name")?.clone()))
            })
            .collect();
        let fallback = tables.get(FALLBACK).cloned().unwrap_or_default();
        let by_language = tables
            .into_iter()
            .map(|(language, table)| {
                let mut merged = fallback.clone();
                merged.extend(table);
                (language, tera::Value::from_serializable(&merged))
            })
            .collect();
        problems.into_result(UiStrings { by_language, names })
    }

    /// What `language` is called in itself: its own strings'
    /// `language_name`, else its tag.
    pub(crate) fn name_of(&self, language: &str) -> String {
        let primary = language.split(['-', '_']).next().unwrap_or(language);
        [language, primary]
            .iter()
            .find_map(|l| self.names.get(*l))
            .map_or_else(|| language.to_string(), String::clone)
    }

    /// The strings for `language`, by the fallback order above.
    pub(crate) fn for_language(&self, language: &str) -> tera::Value {
        let primary = language.split(['-', '_']).next().unwrap_or(language);
        [language, primary, FALLBACK]
            .iter()
            .find_map(|l| self.by_language.get(*l))
            .or_else(|| self.by_language.values().next())
            .cloned()
            .unwrap_or_else(|| tera::Value::from_serializable(&BTreeMap::<String, String>::new()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings() -> UiStrings {
        let file = |path: &str, text: &str| SourceFile {
            path: path.into(),
            text: text.into(),
        };
        UiStrings::parse(
            &[
                file("en.yaml", "home: Home\ntopics: Topics\n"),
                file("zh.yaml", "home: 首页\n"),
            ],
            |f| f.path.clone(),
        )
        .unwrap()
    }

    #[test]
    fn picks_the_primary_language_and_falls_back_per_key() {
        let zh = strings().for_language("zh-CN");
        assert_eq!(zh.get_from_path("home").unwrap().as_str(), Some("首页"));
        assert_eq!(zh.get_from_path("topics").unwrap().as_str(), Some("Topics"));
        let fr = strings().for_language("fr");
        assert_eq!(fr.get_from_path("home").unwrap().as_str(), Some("Home"));
    }
}
