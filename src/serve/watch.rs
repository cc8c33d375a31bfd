//! The site's files on disk -> [`Change`]s, as someone edits them.
//!
//! `content/`, `templates/` and `themes/` are watched recursively (a
//! folder created later as soon as it appears) and the site's folder
//! itself (for `config.yaml`) not, so the output folder is never watched
//! even when it lies inside the site. Events are debounced,
//! so a burst of saves, or an editor writing a temporary file and renaming
//! it over the original, arrives as one batch. Reads are not changes, and
//! hidden files, editor backups and swap files are not the site's.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;

use super::Event;
use std::time::Duration;

use notify::event::EventKind;
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::config::CONFIG_FILE;
use crate::session::Change;
use crate::source::{is_ignored, original_of, transcript_of_sidecar};

/// How long the files must be quiet before a batch of changes is sent.
const QUIET: Duration = Duration::from_millis(40);

/// The folders watched recursively, when they exist.
const FOLDERS: [&str; 3] = ["content", "templates", "themes"];

/// Watches a site until dropped.
pub(crate) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    /// Which of [`FOLDERS`] are watched.
    watched: Vec<&'static str>,
}

impl Watcher {
    /// Watches the folders of [`FOLDERS`] that were created since.
    pub(crate) fn refresh(&mut self) -> notify::Result<()> {
        for name in FOLDERS {
            let dir = self.root.join(name);
            if !self.watched.contains(&name) && dir.is_dir() {
                self.debouncer.watch(&dir, RecursiveMode::Recursive)?;
                self.watched.push(name);
            }
        }
        Ok(())
    }
}

/// Starts watching the site at `root`; each batch of changes is sent to
/// `changes`.
pub(crate) fn watch(root: &Path, changes: Sender<Event>) -> notify::Result<Watcher> {
    let root = root.canonicalize()?;
    let base = root.clone();
    let mut debouncer = new_debouncer(QUIET, None, move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        let mut batch: Vec<Change> = Vec::new();
        for event in events {
            if matches!(event.kind, EventKind::Access(_)) {
                continue;
            }
            for path in &event.paths {
                if let Some(change) = classify(&base, path)
                    && !batch.contains(&change)
                {
                    batch.push(change);
                }
            }
        }
        if !batch.is_empty() {
            let _ = changes.send(Event::Changes(batch));
        }
    })?;
    debouncer.watch(&root, RecursiveMode::NonRecursive)?;
    let mut watcher = Watcher {
        debouncer,
        root,
        watched: Vec::new(),
    };
    watcher.refresh()?;
    Ok(watcher)
}

/// What a change to `path` (under the site's folder `root`) means.
pub(crate) fn classify(root: &Path, path: &Path) -> Option<Change> {
    let relative = path.strip_prefix(root).ok()?;
    let names: Vec<&str> = relative
        .components()
        .map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if names.iter().any(|name| is_ignored(name)) {
        return None;
    }
    if names.first() == Some(&"content")
        && (transcript_of_sidecar(relative).is_some()
            || relative.extension() == Some("md".as_ref()))
        && names.get(1).is_none_or(|n| *n != "static")
    {
        let original = original_of(root, relative);
        let name = original.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // A translation beside no original: the walk of `content/` says so.
        return Some(match crate::language::of_file_name(name) {
            Some(_)
                if original == relative
                    || transcript_of_sidecar(relative) == Some(original.clone()) =>
            {
                Change::Content
            }
            _ => Change::Transcript(original),
        });
    }
    match names.as_slice() {
        [name] if *name == CONFIG_FILE => Some(Change::Config),
        ["templates" | "themes", ..] => Some(Change::Theme),
        ["content", ..] => Some(Change::Content),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(path: &str) -> Option<Change> {
        classify(Path::new("/site"), &Path::new("/site").join(path))
    }

    #[test]
    fn transcripts_and_their_notes_are_the_transcript() {
        let a = Some(Change::Transcript("content/2024/a.md".into()));
        assert_eq!(change("content/2024/a.md"), a);
        assert_eq!(change("content/2024/a.notes.yaml"), a);
    }

    #[test]
    fn the_rest_of_the_site() {
        assert_eq!(change("config.yaml"), Some(Change::Config));
        assert_eq!(change("templates/question.html"), Some(Change::Theme));
        assert_eq!(change("themes/x/static/style.css"), Some(Change::Theme));
        assert_eq!(change("content/topics.yaml"), Some(Change::Content));
        assert_eq!(change("content/static/a.md"), Some(Change::Content));
        assert_eq!(change("content/2024"), Some(Change::Content));
    }

    #[test]
    fn editor_files_and_other_folders_are_not_changes() {
        for path in [
            "content/2024/.a.md.swp",
            "content/2024/a.md~",
            "content/2024/4913",
            "content/.#a.md",
            "site/index.html",
            "README.md",
        ] {
            assert_eq!(change(path), None, "{path}");
        }
        assert_eq!(
            classify(Path::new("/site"), Path::new("/elsewhere/a.md")),
            None
        );
    }
}
