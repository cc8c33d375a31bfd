//! A theme: templates, static files and UI strings.
//!
//! A site uses `themes/<name>/` from its own folder when it has one; the
//! `default` theme is also built into colloq, so a new site needs no theme
//! folder at all. A theme's files are `templates/*.html`, `static/**`
//! (copied to the output's root) and `i18n/<language>.yaml` (the words of
//! the interface, one file per language).

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, relative_to};
use crate::source::{Asset, SourceFile, StaticFile, read_text, walk_files};

/// A theme, loaded.
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    /// Templates by name (their path under `templates/`).
    pub templates: Vec<SourceFile>,
    /// UI strings: `path` is the language file (`i18n/zh.yaml`).
    pub i18n: Vec<SourceFile>,
    pub static_files: Vec<StaticFile>,
}

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)))),*]
    };
}

/// The default theme's files, built in.
const DEFAULT: &[(&str, &[u8])] = embed![
    "i18n/en.yaml",
    "i18n/zh.yaml",
    "static/cite.js",
    "static/favicon.svg",
    "static/languages.js",
    "static/search.js",
    "static/style.css",
    "templates/404.html",
    "templates/archive.html",
    "templates/base.html",
    "templates/bilingual.html",
    "templates/components.html",
    "templates/feed.xml",
    "templates/full.html",
    "templates/index.html",
    "templates/note.html",
    "templates/question.html",
    "templates/search.html",
    "templates/sitemap.xml",
    "templates/speaker.html",
    "templates/speakers.html",
    "templates/topic.html",
    "templates/topics.html",
    "templates/transcript.html",
];

impl Theme {
    /// The theme `name` of the site at `root`: its own folder, else the
    /// built-in default.
    pub fn load(root: &Path, name: &str, problems: &mut Diagnostics) -> Option<Theme> {
        let dir = root.join("themes").join(name);
        if dir.is_dir() {
            return Some(Theme::from_dir(root, &dir, name, problems));
        }
        if name == "default" {
            return Some(Theme::built_in());
        }
        problems.push(
            Diagnostic::new("config.yaml", format!("no theme `{name}`")).help(format!(
                "put the theme in {}, or set `theme: default`",
                relative_to(&dir, root).display()
            )),
        );
        None
    }

    /// The default theme as built into colloq.
    pub fn built_in() -> Theme {
        let mut theme = Theme {
            name: "default".into(),
            templates: Vec::new(),
            i18n: Vec::new(),
            static_files: Vec::new(),
        };
        for (path, bytes) in DEFAULT {
            let text = || SourceFile {
                path: PathBuf::from(path.split_once('/').map_or(*path, |(_, rest)| rest)),
                text: String::from_utf8_lossy(bytes).into_owned(),
            };
            if path.starts_with("templates/") {
                theme.templates.push(text());
            } else if path.starts_with("i18n/") {
                theme.i18n.push(text());
            } else if let Some(dest) = path.strip_prefix("static/") {
                theme.static_files.push(StaticFile {
                    size: bytes.len() as u64,
                    source: Asset::Embedded(bytes),
                    dest: dest.into(),
                });
            }
        }
        theme
    }

    fn from_dir(root: &Path, dir: &Path, name: &str, problems: &mut Diagnostics) -> Theme {
        let texts = |sub: &str, problems: &mut Diagnostics| -> Vec<SourceFile> {
            let base = dir.join(sub);
            walk_files(&base, root, problems)
                .into_iter()
                .filter_map(|path| match read_text(&path, root) {
                    Ok(mut file) => {
                        file.path = relative_to(&path, &base);
                        Some(file)
                    }
                    Err(d) => {
                        problems.push(d);
                        None
                    }
                })
                .collect()
        };
        let templates = texts("templates", problems);
        let i18n = texts("i18n", problems);
        let static_dir = dir.join("static");
        let static_files = walk_files(&static_dir, root, problems)
            .into_iter()
            .map(|path| StaticFile {
                dest: relative_to(&path, &static_dir),
                size: std::fs::metadata(&path).map_or(0, |m| m.len()),
                source: Asset::File(path),
            })
            .collect();
        Theme {
            name: name.to_string(),
            templates,
            i18n,
            static_files,
        }
    }

    /// Where a theme file is shown to be, in errors.
    pub fn shown_path(&self, kind: &str, file: &Path) -> PathBuf {
        Path::new("themes").join(&self.name).join(kind).join(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of themes/default/ is built in, and nothing else.
    #[test]
    fn built_in_theme_lists_every_file() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| relative_to(e.path(), &dir).display().to_string())
            .collect();
        on_disk.sort();
        let built_in: Vec<&str> = DEFAULT.iter().map(|(p, _)| *p).collect();
        assert_eq!(on_disk, built_in);
    }
}
