//! A site's folder -> [`SiteSource`]: every file the build reads, as text.
//!
//! This is the only module that reads a site's files (the writer copies
//! the bytes of the static files listed here, and the server reads only
//! what it serves). It walks `content/`
//! in a fixed order (so output is deterministic), pairs each transcript with
//! its `.notes.yaml` sidecar, picks up the topic registry, static files,
//! site templates and the theme, and reports every file it cannot use
//! (unreadable, not UTF-8, a sidecar without a transcript) in one go.
//! Symbolic links are followed; a link that loops is reported, not walked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Diagnostic, Diagnostics, relative_to};
pub(crate) use theme::Theme;

mod files;
mod theme;

pub use files::decode;
pub(crate) use files::{Rewrite, is_ignored, read_text, walk_files};

/// A text file of the site, its path relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// A file copied to the output as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    /// Where it is read from.
    pub source: Asset,
    /// Where it goes, relative to the output folder.
    pub dest: PathBuf,
    /// Its length in bytes, as it was read (a podcast feed gives its
    /// recordings' lengths).
    pub size: u64,
}

impl StaticFile {
    /// Where it goes, as a path in the output with `/` between names.
    pub fn destination(&self) -> String {
        self.dest.to_string_lossy().replace('\\', "/")
    }
}

/// The bytes of a static file: on disk, or built into colloq.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asset {
    File(PathBuf),
    Embedded(&'static [u8]),
}

/// A transcript and, when it has one, its sidecar of notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptSource {
    pub transcript: SourceFile,
    pub sidecar: Option<SourceFile>,
}

impl TranscriptSource {
    /// How many bytes of text it holds.
    pub(crate) fn len(&self) -> usize {
        self.transcript.text.len() + self.sidecar.as_ref().map_or(0, |s| s.text.len())
    }

    /// Reads the transcript at `path` and its sidecar at `sidecar` (both
    /// relative to `root`) again, as a build that lets go of a
    /// transcript's text does where it renders the transcript's pages.
    pub(crate) fn read(
        root: &Path,
        path: &Path,
        sidecar: Option<&Path>,
    ) -> Result<TranscriptSource, Diagnostic> {
        Ok(TranscriptSource {
            transcript: read_text(&root.join(path), root)?,
            sidecar: sidecar
                .map(|s| read_text(&root.join(s), root))
                .transpose()?,
        })
    }
}

/// A transcript and its sidecar found in `content/`, not yet read: what a
/// build of a large site lists, to read each one where it is parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TranscriptFile {
    /// Relative to the site root.
    pub path: PathBuf,
    pub sidecar: Option<PathBuf>,
    /// The bytes of both, as the folder listed them.
    pub bytes: u64,
}

impl TranscriptFile {
    pub(crate) fn read(&self, root: &Path) -> Result<TranscriptSource, Diagnostic> {
        TranscriptSource::read(root, &self.path, self.sidecar.as_deref())
    }
}

/// Everything a build reads, loaded.
#[derive(Debug, Clone)]
pub struct SiteSource {
    pub root: PathBuf,
    pub config: Config,
    /// Read, unless the site was loaded listed (as a build loads it).
    pub transcripts: Vec<TranscriptSource>,
    /// The transcripts of a site loaded listed, not read.
    pub(crate) listed: Vec<TranscriptFile>,
    pub topics: Option<SourceFile>,
    pub static_files: Vec<StaticFile>,
    /// Site-level templates, by name (their path under `templates/`).
    pub templates: Vec<SourceFile>,
    pub theme: Theme,
}

/// The suffix of a transcript's sidecar file, in place of `.md`.
const SIDECAR_SUFFIX: &str = ".notes.yaml";

/// The sidecar that belongs to the transcript at `transcript`
/// (`a/b.md` → `a/b.notes.yaml`).
pub(crate) fn sidecar_path(transcript: &Path) -> PathBuf {
    let stem = transcript
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    transcript.with_file_name(format!("{stem}{SIDECAR_SUFFIX}"))
}

/// The transcript that the sidecar at `sidecar` belongs to, when its name
/// is a sidecar's (`a/b.notes.yaml` → `a/b.md`).
pub(crate) fn transcript_of_sidecar(sidecar: &Path) -> Option<PathBuf> {
    let name = sidecar.file_name()?.to_str()?;
    let stem = name.strip_suffix(SIDECAR_SUFFIX)?;
    Some(sidecar.with_file_name(format!("{stem}.md")))
}
/// The topic registry, under `content/`.
pub(crate) const TOPICS_FILE: &str = "topics.yaml";

impl SiteSource {
    /// Reads the site at `root`.
    pub fn load(root: &Path) -> Result<SiteSource, Diagnostics> {
        SiteSource::load_with(root, true)
    }

    /// Reads the site at `root` but for its transcripts and sidecars,
    /// which are listed, to be read one at a time where they are parsed.
    pub(crate) fn listed(root: &Path) -> Result<SiteSource, Diagnostics> {
        SiteSource::load_with(root, false)
    }

    fn load_with(root: &Path, read: bool) -> Result<SiteSource, Diagnostics> {
        let mut problems = Diagnostics::new();
        let config = match load_config(root) {
            Ok(config) => Some(config),
            Err(d) => {
                problems.extend(d);
                None
            }
        };

        let content = Content::walk(root, read, &mut problems);
        let templates = read_templates(root, &mut problems);
        let theme = config
            .as_ref()
            .and_then(|c| Theme::load(root, &c.theme, &mut problems));

        match (config, theme) {
            (Some(config), Some(theme)) if problems.is_empty() => Ok(SiteSource {
                root: root.to_path_buf(),
                config,
                transcripts: content.transcripts,
                listed: content.listed,
                topics: content.topics,
                static_files: content.static_files,
                templates,
                theme,
            }),
            _ => Err(problems),
        }
    }
}

/// Reads the site's `config.yaml`.
pub(crate) fn load_config(root: &Path) -> Result<Config, Diagnostics> {
    let config_path = root.join(CONFIG_FILE);
    match read_text(&config_path, root) {
        Ok(file) => Config::parse(&file.text, &file.path),
        Err(mut d) => {
            if !config_path.exists() {
                d = Diagnostic::new(CONFIG_FILE, "no config.yaml: this is not a colloq site")
                    .help(format!(
                        "run colloq in a site's folder, pass --root, or create one with `colloq init {}`",
                        root.display()
                    ));
            }
            Err(d.into())
        }
    }
}

impl SiteSource {
    /// A site held in memory: `config` as config.yaml, the transcripts
    /// given and the built-in theme, read from no folder. What tests and
    /// the fuzzers build.
    pub fn in_memory(
        config: &str,
        transcripts: Vec<TranscriptSource>,
    ) -> Result<SiteSource, Diagnostics> {
        let config = Config::parse(config, Path::new(CONFIG_FILE))?;
        Ok(SiteSource {
            root: PathBuf::new(),
            config,
            transcripts,
            listed: Vec::new(),
            topics: None,
            static_files: Vec::new(),
            templates: Vec::new(),
            theme: Theme::built_in(),
        })
    }

    /// Reads the site's templates and theme again.
    pub fn reload_theme(&mut self) -> Result<(), Diagnostics> {
        let mut problems = Diagnostics::new();
        let templates = read_templates(&self.root, &mut problems);
        let theme = Theme::load(&self.root, &self.config.theme, &mut problems);
        match theme {
            Some(theme) if problems.is_empty() => {
                self.templates = templates;
                self.theme = theme;
                Ok(())
            }
            _ => Err(problems),
        }
    }

    /// Reads `content/` again; returns the transcripts (by their `.md`
    /// path) that were added, removed or changed, with their sidecars.
    pub fn reload_content(&mut self) -> Result<Vec<PathBuf>, Diagnostics> {
        let mut problems = Diagnostics::new();
        let content = Content::walk(&self.root, true, &mut problems);
        problems.into_result(())?;
        let by_path = |list: &[TranscriptSource]| -> BTreeMap<PathBuf, TranscriptSource> {
            list.iter()
                .map(|t| (t.transcript.path.clone(), t.clone()))
                .collect()
        };
        let (old, new) = (by_path(&self.transcripts), by_path(&content.transcripts));
        let changed = old
            .keys()
            .chain(new.keys())
            .filter(|path| old.get(*path) != new.get(*path))
            .cloned()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        self.transcripts = content.transcripts;
        self.topics = content.topics;
        self.static_files = content.static_files;
        Ok(changed)
    }

    /// Reads one transcript (given by its `.md` path relative to the root)
    /// and its sidecar again, in place of what was read before; a
    /// transcript that is gone is dropped.
    pub fn reload_transcript(&mut self, path: &Path) -> Result<(), Diagnostics> {
        let file = self.root.join(path);
        let sidecar = sidecar_path(&file);
        let read = |p: &Path| read_text(p, &self.root).map_err(Diagnostics::from);
        let fresh = if file.is_file() {
            Some(TranscriptSource {
                transcript: read(&file)?,
                sidecar: sidecar.is_file().then(|| read(&sidecar)).transpose()?,
            })
        } else if sidecar.is_file() {
            return Err(
                orphan_sidecar(&relative_to(&sidecar, &self.root), &file, &self.root).into(),
            );
        } else {
            None
        };
        let at = self
            .transcripts
            .binary_search_by(|t| t.transcript.path.as_path().cmp(path));
        match (at, fresh) {
            (Ok(i), Some(fresh)) => self.transcripts[i] = fresh,
            (Ok(i), None) => {
                self.transcripts.remove(i);
            }
            (Err(i), Some(fresh)) => self.transcripts.insert(i, fresh),
            (Err(_), None) => {}
        }
        Ok(())
    }
}

/// The site's own templates, by name.
fn read_templates(root: &Path, problems: &mut Diagnostics) -> Vec<SourceFile> {
    walk_files(&root.join("templates"), root, problems)
        .into_iter()
        .filter_map(|path| keep(read_text(&path, root), problems))
        .map(|mut file| {
            file.path = relative_to(&file.path, Path::new("templates"));
            file
        })
        .collect()
}

fn orphan_sidecar(sidecar: &Path, transcript: &Path, root: &Path) -> Diagnostic {
    Diagnostic::new(sidecar, "notes file without a transcript").help(format!(
        "a sidecar sits beside its transcript: expected {}",
        relative_to(transcript, root).display()
    ))
}

/// What `content/` holds, sorted.
struct Content {
    transcripts: Vec<TranscriptSource>,
    listed: Vec<TranscriptFile>,
    topics: Option<SourceFile>,
    static_files: Vec<StaticFile>,
}

impl Content {
    /// Walks `content/`, reading its transcripts and sidecars when `read`
    /// says so and else listing them.
    fn walk(root: &Path, read: bool, problems: &mut Diagnostics) -> Content {
        let content = root.join("content");
        let static_dir = content.join("static");
        let mut transcripts = BTreeSet::new();
        let mut sidecars = BTreeMap::new();
        let mut topics = None;
        let mut static_files = Vec::new();
        for path in walk_files(&content, root, problems) {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.starts_with(&static_dir) {
                static_files.push(StaticFile {
                    dest: relative_to(&path, &static_dir),
                    size: std::fs::metadata(&path).map_or(0, |m| m.len()),
                    source: Asset::File(path),
                });
            } else if let Some(transcript) = transcript_of_sidecar(&path) {
                sidecars.insert(transcript, path);
            } else if name.ends_with(".md") {
                transcripts.insert(path);
            } else if path == content.join(TOPICS_FILE) {
                topics = keep(read_text(&path, root), problems);
            }
        }
        for (transcript, sidecar) in &sidecars {
            if !transcripts.contains(transcript) {
                problems.push(orphan_sidecar(
                    &relative_to(sidecar, root),
                    transcript,
                    root,
                ));
            }
        }
        let files: Vec<(PathBuf, Option<PathBuf>)> = transcripts
            .into_iter()
            .map(|path| {
                let sidecar = sidecars.remove(&path);
                (path, sidecar)
            })
            .collect();
        let (transcripts, listed) = if read {
            let read: Vec<_> = files
                .par_iter()
                .map(|(path, sidecar)| {
                    let transcript = read_text(path, root);
                    let sidecar = sidecar.as_ref().map(|s| read_text(s, root)).transpose();
                    (transcript, sidecar)
                })
                .collect();
            let mut transcripts = Vec::with_capacity(read.len());
            for (transcript, sidecar) in read {
                let sidecar = keep(sidecar, problems);
                if let (Some(transcript), Some(sidecar)) = (keep(transcript, problems), sidecar) {
                    transcripts.push(TranscriptSource {
                        transcript,
                        sidecar,
                    });
                }
            }
            (transcripts, Vec::new())
        } else {
            let size = |path: &Path| std::fs::metadata(path).map_or(0, |m| m.len());
            let listed = files
                .into_iter()
                .map(|(path, sidecar)| TranscriptFile {
                    bytes: size(&path) + sidecar.as_deref().map_or(0, size),
                    path: relative_to(&path, root),
                    sidecar: sidecar.map(|s| relative_to(&s, root)),
                })
                .collect();
            (Vec::new(), listed)
        };
        Content {
            transcripts,
            listed,
            topics,
            static_files,
        }
    }
}

fn keep<T>(result: Result<T, Diagnostic>, problems: &mut Diagnostics) -> Option<T> {
    result.map_err(|d| problems.push(d)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sidecar_and_its_transcript_name_each_other() {
        let transcript = Path::new("content/2024/a.md");
        let sidecar = sidecar_path(transcript);
        assert_eq!(sidecar, Path::new("content/2024/a.notes.yaml"));
        assert_eq!(transcript_of_sidecar(&sidecar).as_deref(), Some(transcript));
        assert_eq!(transcript_of_sidecar(Path::new("content/a.yaml")), None);
    }
}
