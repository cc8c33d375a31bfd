//! Rendered pages -> the output folder: the only module that writes.
//!
//! A build ([`Output`]) writes into a fresh folder beside the output and
//! swaps it into place only when everything was written, so a failed or
//! interrupted build leaves the previous site exactly as it was. A server
//! keeps its output up to date in place instead ([`Mirror`]): each file is
//! replaced whole by a rename, so a reader never sees half a file. The
//! output folder may not be the site itself or hold its sources.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use crate::source::{Asset, StaticFile};

mod mirror;

pub(crate) use mirror::Mirror;

/// A page or generated file, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RenderedPage {
    /// Where it goes, relative to the output folder (`a/3/index.html`).
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The empty file that tells GitHub Pages to serve the output as it is
/// (no Jekyll). Every output colloq writes has one, which is also how an
/// output folder is known as colloq's.
pub(crate) const NO_JEKYLL: &str = ".nojekyll";

/// A failure to write the output.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    /// A static file that could not be read (removed during the build,
    /// say).
    #[error("cannot copy {}: {source}", path.display())]
    Copy { path: PathBuf, source: io::Error },
    #[error("refusing to write the site into {}: {reason}", path.display())]
    Refused { path: PathBuf, reason: String },
}

fn write_error(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// An output folder being written.
#[derive(Debug)]
pub(crate) struct Output {
    /// Where the site ends up.
    target: PathBuf,
    /// Where it is written first.
    staging: PathBuf,
}

impl Output {
    /// Checks `target` against the site at `root` and opens a staging
    /// folder beside it.
    pub(crate) fn create(root: &Path, target: &Path) -> Result<Output, OutputError> {
        check_target(root, target)?;
        let parent = parent_of(target);
        fs::create_dir_all(parent).map_err(write_error(parent))?;
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("site");
        let staging = parent.join(format!(".{name}.colloq-{}", std::process::id()));
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(write_error(&staging))?;
        }
        fs::create_dir_all(&staging).map_err(write_error(&staging))?;
        let marker = staging.join(NO_JEKYLL);
        fs::write(&marker, "").map_err(write_error(&marker))?;
        Ok(Output {
            target: target.to_path_buf(),
            staging,
        })
    }

    /// Writes one page. Safe to call from many threads at once.
    pub(crate) fn write(&self, page: &RenderedPage) -> Result<(), OutputError> {
        let path = self.staging.join(safe_relative(&page.path)?);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(write_error(dir))?;
        }
        let mut file = io::BufWriter::new(fs::File::create(&path).map_err(write_error(&path))?);
        file.write_all(&page.bytes).map_err(write_error(&path))?;
        file.flush().map_err(write_error(&path))
    }

    /// Copies static files; a later file of the same name replaces an
    /// earlier one (the site's own over the theme's).
    pub(crate) fn copy_static(&self, files: &[StaticFile]) -> Result<(), OutputError> {
        for file in files {
            let dest = self
                .staging
                .join(safe_relative(&file.dest.to_string_lossy())?);
            if let Some(dir) = dest.parent() {
                fs::create_dir_all(dir).map_err(write_error(dir))?;
            }
            match &file.source {
                Asset::File(path) => {
                    fs::copy(path, &dest)
                        .map(drop)
                        .map_err(|source| match fs::metadata(path) {
                            Err(source) => OutputError::Copy {
                                path: path.clone(),
                                source,
                            },
                            Ok(_) => write_error(&dest)(source),
                        })?;
                }
                Asset::Embedded(bytes) => fs::write(&dest, bytes).map_err(write_error(&dest))?,
            }
        }
        Ok(())
    }

    /// Puts the new site in place of the old one.
    pub(crate) fn commit(self) -> Result<(), OutputError> {
        let mut old_name = self.staging.file_name().unwrap_or_default().to_os_string();
        old_name.push(".old");
        let old = self.staging.with_file_name(old_name);
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old).map_err(write_error(&self.target))?;
        }
        if let Err(error) = fs::rename(&self.staging, &self.target) {
            if had_old {
                // Put the previous site back before reporting.
                let _ = fs::rename(&old, &self.target);
            }
            return Err(write_error(&self.target)(error));
        }
        if had_old {
            remove_tree(&old)?;
        }
        Ok(())
    }
}

/// The folder that holds `target`, where its staging folder goes.
fn parent_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Clears what a build that was killed left beside the output: its
/// staging folder (`.site.colloq-<pid>`) is removed; the previous site it
/// was swapping out (`.site.colloq-<pid>.old`) is put back when the output
/// is missing (the build was killed between the two renames of the swap),
/// and removed otherwise. Only folders of processes no longer running are
/// touched, known from `/proc`; where there is none, nothing is.
pub(crate) fn recover(target: &Path) {
    let parent = parent_of(target);
    let Some(name) = target.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    if !Path::new("/proc/self").exists() {
        return;
    }
    let prefix = format!(".{name}.colloq-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut abandoned: Vec<(PathBuf, bool)> = entries
        .flatten()
        .filter_map(|entry| {
            let file_name = entry.file_name().to_str()?.to_string();
            let rest = file_name.strip_prefix(&prefix)?;
            let (pid, old) = match rest.strip_suffix(".old") {
                Some(pid) => (pid, true),
                None => (rest, false),
            };
            let pid: u32 = pid
                .parse()
                .ok()
                .filter(|_| pid.bytes().all(|b| b.is_ascii_digit()))?;
            let running = Path::new("/proc").join(pid.to_string()).exists();
            (!running).then(|| (entry.path(), old))
        })
        .collect();
    // The previous sites first, so that one can be put back.
    abandoned.sort_by_key(|(_, old)| !*old);
    for (path, old) in abandoned {
        if old && !target.exists() && fs::rename(&path, target).is_ok() {
            continue;
        }
        let _ = fs::remove_dir_all(&path);
    }
}

/// Removes a folder and everything in it, its subfolders in parallel: a
/// site's old output is tens of thousands of files.
fn remove_tree(dir: &Path) -> Result<(), OutputError> {
    use rayon::prelude::*;
    let entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(write_error(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.par_iter().try_for_each(|path| {
        let removed = if path.is_dir() && !path.is_symlink() {
            fs::remove_dir_all(path)
        } else {
            fs::remove_file(path)
        };
        removed.map_err(write_error(path))
    })?;
    fs::remove_dir(dir).map_err(write_error(dir))
}

impl Drop for Output {
    /// An output dropped before [`Output::commit`] leaves nothing behind
    /// (after a commit the staging folder is already gone).
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.staging);
    }
}

/// A page path that stays inside the output folder.
fn safe_relative(path: &str) -> Result<PathBuf, OutputError> {
    let relative = Path::new(path);
    if relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        Ok(relative.to_path_buf())
    } else {
        Err(OutputError::Refused {
            path: relative.to_path_buf(),
            reason: "a page path must stay inside the output folder".into(),
        })
    }
}

/// Refuses an output folder that would overwrite or swallow the site.
/// Refuses an output folder that is the site, holds it, lies in its
/// sources, or holds files colloq did not write.
pub(crate) fn check_target(root: &Path, target: &Path) -> Result<(), OutputError> {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Resolve what exists, so links and `..` compare as they are.
        let mut existing = p.as_path();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => break,
            }
        }
        let mut resolved = fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
        resolved.extend(rest.iter().rev());
        resolved
    };
    let root = absolute(root);
    let target_abs = absolute(target);
    let refuse = |reason: &str| {
        Err(OutputError::Refused {
            path: target.to_path_buf(),
            reason: reason.to_string(),
        })
    };
    if root.starts_with(&target_abs) {
        return refuse(
            "it is the site's folder or holds it; choose a folder of its own, such as site/",
        );
    }
    for source in ["content", "templates", "themes"] {
        if target_abs.starts_with(root.join(source)) {
            return refuse(&format!(
                "it is inside the site's {source}/ folder; choose a folder of its own, such as site/"
            ));
        }
    }
    if target_abs.join(crate::config::CONFIG_FILE).exists() {
        return refuse("it holds a config.yaml, so it looks like a site, not an output folder");
    }
    if target_abs.exists() && !target_abs.is_dir() {
        return refuse("it is a file; choose a folder");
    }
    // A build replaces the whole folder, and serve removes the files it
    // does not make: only a folder colloq wrote or an empty one may be
    // taken.
    let written_by_colloq = target_abs.join(NO_JEKYLL).is_file();
    let empty = fs::read_dir(&target_abs).map_or(true, |mut entries| entries.next().is_none());
    if !written_by_colloq && !empty {
        return refuse(
            "it holds files colloq did not write, which the build would delete; \
             choose a new or empty folder",
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_the_root_its_sources_and_its_ancestors() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site-root");
        fs::create_dir_all(root.join("content")).unwrap();
        for bad in [
            root.clone(),
            root.join("content"),
            root.join("content/x"),
            root.join("themes"),
            root.join("templates"),
            dir.path().to_path_buf(),
        ] {
            assert!(
                matches!(check_target(&root, &bad), Err(OutputError::Refused { .. })),
                "{}",
                bad.display()
            );
        }
        assert!(check_target(&root, &root.join("site")).is_ok());
    }

    #[test]
    fn takes_only_a_folder_colloq_wrote_or_an_empty_one() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site-root");
        let out = dir.path().join("out");
        fs::create_dir_all(&out).unwrap();
        assert!(check_target(&root, &out).is_ok(), "an empty folder");
        fs::write(out.join("thesis.docx"), "years of work").unwrap();
        assert!(matches!(
            check_target(&root, &out),
            Err(OutputError::Refused { .. })
        ));
        fs::write(out.join(NO_JEKYLL), "").unwrap();
        assert!(check_target(&root, &out).is_ok(), "a folder colloq wrote");
        assert!(matches!(
            check_target(&root, &out.join("thesis.docx")),
            Err(OutputError::Refused { .. })
        ));
    }

    #[test]
    fn page_paths_stay_inside() {
        assert!(safe_relative("a/b/index.html").is_ok());
        assert!(safe_relative("../x").is_err());
        assert!(safe_relative("/etc/passwd").is_err());
    }
}
