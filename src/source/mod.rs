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
use crate::language::{self, Language};
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

/// A transcript and, when it has them, its sidecar of notes and its
/// translations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptSource {
    pub transcript: SourceFile,
    pub sidecar: Option<SourceFile>,
    /// By language.
    pub translations: Vec<TranslationSource>,
}

/// A translation of a transcript (`a.en.md` beside `a.md`) and its own
/// sidecar (`a.en.notes.yaml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslationSource {
    pub language: Language,
    pub transcript: SourceFile,
    pub sidecar: Option<SourceFile>,
}

impl TranscriptSource {
    /// How many bytes of text it holds.
    pub(crate) fn len(&self) -> usize {
        let len = |file: &SourceFile, sidecar: &Option<SourceFile>| {
            file.text.len() + sidecar.as_ref().map_or(0, |s| s.text.len())
        };
        len(&self.transcript, &self.sidecar)
            + self
                .translations
                .iter()
                .map(|t| len(&t.transcript, &t.sidecar))
                .sum::<usize>()
    }
}

/// A transcript, its sidecar and its translations found in `content/`,
/// not yet read: what a build of a large site lists, to read each one
/// where it is parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TranscriptFile {
    /// Relative to the site root.
    pub path: PathBuf,
    pub sidecar: Option<PathBuf>,
    /// By language.
    pub translations: Vec<TranslationFile>,
    /// The bytes of them all, as the folder listed them.
    pub bytes: u64,
}

/// A translation found in `content/`, not yet read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TranslationFile {
    pub language: Language,
    /// Relative to the site root.
    pub path: PathBuf,
    pub sidecar: Option<PathBuf>,
}

impl TranscriptFile {
    /// Reads the transcript and everything beside it (again, as a build
    /// that lets go of a transcript's text does where it renders the
    /// transcript's pages).
    pub(crate) fn read(&self, root: &Path) -> Result<TranscriptSource, Diagnostic> {
        let read = |path: &Path| read_text(&root.join(path), root);
        let sidecar = |path: &Option<PathBuf>| path.as_deref().map(read).transpose();
        Ok(TranscriptSource {
            transcript: read(&self.path)?,
            sidecar: sidecar(&self.sidecar)?,
            translations: self
                .translations
                .iter()
                .map(|t| {
                    Ok(TranslationSource {
                        language: t.language.clone(),
                        transcript: read(&t.path)?,
                        sidecar: sidecar(&t.sidecar)?,
                    })
                })
                .collect::<Result<_, Diagnostic>>()?,
        })
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
    /// and its sidecar and translations again, in place of what was read
    /// before; a transcript that is gone is dropped.
    pub fn reload_transcript(&mut self, path: &Path) -> Result<(), Diagnostics> {
        let mut problems = Diagnostics::new();
        let fresh = Content::group(&self.root, &self.root.join(path), &mut problems)
            .map(|file| file.read(&self.root))
            .transpose()?;
        problems.into_result(())?;
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

/// The transcript a file of `content/` (`path`, relative to the site's
/// folder `root`) belongs to: itself, or the transcript it is a sidecar
/// or a translation of.
pub(crate) fn original_of(root: &Path, path: &Path) -> PathBuf {
    let path = transcript_of_sidecar(path).unwrap_or_else(|| path.to_path_buf());
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if let Some((base, _)) = language::of_file_name(name) {
        let original = path.with_file_name(format!("{base}.md"));
        if root.join(&original).is_file() {
            return original;
        }
    }
    path
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
    /// Walks `content/`, reading its transcripts, sidecars and
    /// translations when `read` says so and else listing them.
    fn walk(root: &Path, read: bool, problems: &mut Diagnostics) -> Content {
        let content = root.join("content");
        let static_dir = content.join("static");
        let mut originals = BTreeSet::new();
        let mut translations = Vec::new();
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
            } else if let Some((base, language)) = language::of_file_name(name) {
                let original = path.with_file_name(format!("{base}.md"));
                translations.push((original, language, path));
            } else if name.ends_with(".md") {
                originals.insert(path);
            } else if path == content.join(TOPICS_FILE) {
                topics = keep(read_text(&path, root), problems);
            }
        }
        let (mut by_original, translated) =
            pair_translations(root, &mut originals, translations, &sidecars, problems);
        for (transcript, sidecar) in &sidecars {
            if !originals.contains(transcript) && !translated.contains(transcript) {
                problems.push(orphan_sidecar(
                    &relative_to(sidecar, root),
                    transcript,
                    root,
                ));
            }
        }
        let size = |path: &Path| std::fs::metadata(root.join(path)).map_or(0, |m| m.len());
        let files: Vec<TranscriptFile> = originals
            .into_iter()
            .map(|path| {
                let translations = by_original.remove(&path).unwrap_or_default();
                let sidecar = sidecars.remove(&path).map(|s| relative_to(&s, root));
                let path = relative_to(&path, root);
                let bytes = std::iter::once((&path, &sidecar))
                    .chain(translations.iter().map(|t| (&t.path, &t.sidecar)))
                    .map(|(p, s)| size(p) + s.as_deref().map_or(0, size))
                    .sum();
                TranscriptFile {
                    path,
                    sidecar,
                    translations,
                    bytes,
                }
            })
            .collect();
        let (transcripts, listed) = if read {
            let read: Vec<_> = files.par_iter().map(|f| f.read(root)).collect();
            let transcripts = read.into_iter().filter_map(|t| keep(t, problems)).collect();
            (transcripts, Vec::new())
        } else {
            (Vec::new(), files)
        };
        Content {
            transcripts,
            listed,
            topics,
            static_files,
        }
    }

    /// The transcript at `original` (a path under `root`) with its sidecar
    /// and translations, when it is there.
    fn group(root: &Path, original: &Path, problems: &mut Diagnostics) -> Option<TranscriptFile> {
        let sidecar = sidecar_path(original);
        if !original.is_file() {
            if sidecar.is_file() {
                problems.push(orphan_sidecar(&relative_to(&sidecar, root), original, root));
            }
            return None;
        }
        // The files beside it named as its translations, paired as a
        // walk of content/ pairs them.
        let mut named = Vec::new();
        let mut sidecars = BTreeMap::new();
        let siblings = original
            .parent()
            .and_then(|dir| std::fs::read_dir(dir).ok())
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path());
        for path in siblings {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if let Some((base, language)) = language::of_file_name(name)
                && path.with_file_name(format!("{base}.md")) == original
            {
                let sidecar = sidecar_path(&path);
                if sidecar.is_file() {
                    sidecars.insert(path.clone(), sidecar);
                }
                named.push((original.to_path_buf(), language, path));
            }
        }
        named.sort_by(|a, b| a.2.cmp(&b.2));
        let mut originals = BTreeSet::from([original.to_path_buf()]);
        let (mut by_original, _) =
            pair_translations(root, &mut originals, named, &sidecars, problems);
        let translations = by_original.remove(original).unwrap_or_default();
        Some(TranscriptFile {
            path: relative_to(original, root),
            sidecar: sidecar.is_file().then(|| relative_to(&sidecar, root)),
            translations,
            bytes: 0,
        })
    }
}

/// The translations among the files named like one (`a.en.md`, each with
/// the original it names and its tag), by their originals: a name beside
/// no original that is not surely a tag is an original's itself (moved to
/// `originals`). Returns them with the set of their paths.
fn pair_translations(
    root: &Path,
    originals: &mut BTreeSet<PathBuf>,
    translations: Vec<(PathBuf, Result<Language, String>, PathBuf)>,
    sidecars: &BTreeMap<PathBuf, PathBuf>,
    problems: &mut Diagnostics,
) -> (BTreeMap<PathBuf, Vec<TranslationFile>>, BTreeSet<PathBuf>) {
    let mut by_original: BTreeMap<PathBuf, Vec<TranslationFile>> = BTreeMap::new();
    let mut translated = BTreeSet::new();
    // A name that only looks like a translation's (`podcast.vtt.md`,
    // beside no `podcast.md`) is an original's.
    let (translations, named): (Vec<_>, Vec<_>) =
        translations.into_iter().partition(|(original, _, path)| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            originals.contains(original) || language::surely_a_tag(name)
        });
    originals.extend(named.into_iter().map(|(_, _, path)| path));
    for (original, language, path) in translations {
        let shown = relative_to(&path, root);
        let language = match language {
            Ok(language) => language,
            Err(reason) => {
                problems.push(bad_language(&shown, &reason));
                continue;
            }
        };
        if !originals.contains(&original) {
            problems.push(
                Diagnostic::new(
                    &shown,
                    format!(
                        "a translation into {} ({language}) without its original",
                        language.name()
                    ),
                )
                .help(format!(
                    "a translation sits beside the transcript it translates: expected {}; \
                         a file that is not a translation must not end in `.{language}.md`",
                    relative_to(&original, root).display()
                )),
            );
            continue;
        }
        let entry = by_original.entry(original).or_default();
        if let Some(other) = entry.iter().find(|t| t.language.same(language.as_str())) {
            problems.push(
                Diagnostic::new(&shown, format!("a second translation into {language}")).help(
                    format!(
                        "{} translates the same transcript into the same language: keep one",
                        other.path.display()
                    ),
                ),
            );
            continue;
        }
        translated.insert(path.clone());
        entry.push(TranslationFile {
            language,
            sidecar: sidecars.get(&path).map(|s| relative_to(s, root)),
            path: shown,
        });
    }
    (by_original, translated)
}

/// A file named as a translation whose language tag is not one.
fn bad_language(file: &Path, reason: &str) -> Diagnostic {
    Diagnostic::new(file, format!("invalid language in the file name: {reason}")).help(
        "a translation is named NAME.<language>.md, with a BCP 47 tag such as en, zh-Hant or pt-BR; \
         rename the file",
    )
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
