//! The output of a server, kept up to date in place, file by file.

use std::collections::HashMap;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};

use super::{NO_JEKYLL, OutputError, RenderedPage, check_target, safe_relative, write_error};
use crate::source::{Asset, StaticFile};

/// An output folder kept up to date in place, file by file: a file whose
/// bytes did not change is not written, a changed one is written beside
/// itself and renamed over the old, and a file no longer made is removed.
#[derive(Debug)]
pub(crate) struct Mirror {
    root: PathBuf,
    /// A hash of each file written, by its path in the output.
    files: HashMap<String, u64>,
}

impl Mirror {
    /// Checks `target` against the site at `root` and creates it. Files
    /// already in it stay until [`Mirror::prune`] removes them.
    pub(crate) fn open(root: &Path, target: &Path) -> Result<Mirror, OutputError> {
        check_target(root, target)?;
        fs::create_dir_all(target).map_err(write_error(target))?;
        let mut mirror = Mirror {
            root: target.to_path_buf(),
            files: HashMap::new(),
        };
        mirror.write(&RenderedPage {
            path: NO_JEKYLL.into(),
            bytes: Vec::new(),
        })?;
        Ok(mirror)
    }

    /// Whether `page` is already in the output, byte for byte.
    pub(crate) fn unchanged(&self, page: &RenderedPage) -> bool {
        self.files.get(&page.path) == Some(&digest(&page.bytes))
    }

    /// Writes `page` unless it is unchanged; returns whether it wrote.
    pub(crate) fn write(&mut self, page: &RenderedPage) -> Result<bool, OutputError> {
        let hash = digest(&page.bytes);
        let path = self.root.join(safe_relative(&page.path)?);
        if self.files.get(&page.path) == Some(&hash) && path.is_file() {
            return Ok(false);
        }
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(write_error(dir))?;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
        let temporary = path.with_file_name(format!(".{name}.colloq-{}", std::process::id()));
        fs::write(&temporary, &page.bytes).map_err(write_error(&temporary))?;
        fs::rename(&temporary, &path).map_err(|e| {
            let _ = fs::remove_file(&temporary);
            write_error(&path)(e)
        })?;
        self.files.insert(page.path.clone(), hash);
        Ok(true)
    }

    /// Removes a file that is no longer made, and the folders it leaves
    /// empty.
    pub(crate) fn remove(&mut self, path: &str) -> Result<(), OutputError> {
        self.files.remove(path);
        let file = self.root.join(safe_relative(path)?);
        match fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(write_error(&file)(e)),
        }
        let mut dir = file.parent();
        while let Some(d) = dir.filter(|d| *d != self.root) {
            if fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
        Ok(())
    }

    /// Removes every file of the folder that this mirror did not write.
    pub(crate) fn prune(&mut self) -> Result<(), OutputError> {
        let stale: Vec<String> = walkdir::WalkDir::new(&self.root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                let relative = e.path().strip_prefix(&self.root).ok()?;
                let path = relative.to_string_lossy().replace('\\', "/");
                (!self.files.contains_key(&path)).then_some(path)
            })
            .collect();
        for path in stale {
            self.remove(&path)?;
        }
        Ok(())
    }

    /// The static files' bytes, as pages to mirror.
    pub(crate) fn read_static(files: &[StaticFile]) -> Result<Vec<RenderedPage>, OutputError> {
        files
            .iter()
            .map(|file| {
                let bytes = match &file.source {
                    Asset::File(path) => fs::read(path).map_err(|source| OutputError::Copy {
                        path: path.clone(),
                        source,
                    })?,
                    Asset::Embedded(bytes) => bytes.to_vec(),
                };
                Ok(RenderedPage {
                    path: file.destination(),
                    bytes,
                })
            })
            .collect()
    }
}

fn digest(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}
