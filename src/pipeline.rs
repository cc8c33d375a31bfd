//! The build pipeline, from a site's folder to its pages, shared by
//! `build`, `check` and the server's session:
//!
//! ```text
//! SiteSource        source::SiteSource::load        the only reader
//!   -> Transcript           transcript::Transcript::parse
//!   -> AnnotatedTranscript  annotate::annotate       (with its sidecar)
//!   -> Site                 site::Site::new          (topic and speaker indexes)
//!   -> RenderedPage         render::Renderer         (Tera templates)
//!   -> output folder        output::Output           the only writer
//! ```
//!
//! A [`Prepared`] site is the first three stages done: what was read, the
//! site made of it and its compiled templates. Problems with the input are
//! collected as [`Diagnostics`] across a whole run, not stopped at the
//! first.
//!
//! A transcript's translations (`a.en.md` beside `a.md`) are read, parsed
//! and kept with it, as one unit: the site of the originals holds, for
//! each language, the edition of the translations into it.
//!
//! The site lists its transcripts without their words. A build keeps the
//! whole of every transcript from parsing to rendering while the site's
//! transcripts are small ([`Options::parsed_budget`]); past that it lets
//! go of each transcript once listed and reads and parses it again where
//! its pages are rendered, so that memory stays flat however large the
//! archive.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::annotate::{self, AnnotatedTranscript};
use crate::config::{self, Config};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::Error;
use crate::language::Language;
use crate::links::LinkIndex;
use crate::markdown::RawHtml;
use crate::output::{Output, RenderedPage};
use crate::render::{Held, Renderer, Transcripts, captions};
use crate::site::{Listing, Site};
use crate::source::{Rewrite, SiteSource, StaticFile, TranscriptFile, TranscriptSource};
use crate::topics::TopicRegistry;
use crate::transcript::Transcript;

/// What a build or check is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site's folder.
    pub root: PathBuf,
    /// Where the site is written (`<root>/site` unless told).
    pub output: PathBuf,
    /// Replaces config.yaml's `base_url`.
    pub base_url: Option<String>,
    /// Include transcripts marked `draft: true`.
    pub drafts: bool,
    /// Show notes that cannot be placed (orphaned or ambiguous) in a
    /// "detached notes" box on their page instead of failing, as a server
    /// does while someone edits.
    pub show_detached: bool,
    /// How many bytes of transcripts and sidecars a build keeps parsed
    /// from parsing to rendering ([`PARSED_BUDGET`] unless told); a larger
    /// site's transcripts are read and parsed again where their pages are
    /// rendered.
    pub parsed_budget: usize,
}

/// The sites whose transcripts and sidecars are at most this many bytes
/// are kept parsed whole through a build: about 2,000 transcripts of a
/// ministry's briefings, held in about 200 MB.
pub const PARSED_BUDGET: usize = 64 << 20;

/// What a build made, for its one-line report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub transcripts: usize,
    /// Translations of them, in every language.
    pub translations: usize,
    pub questions: usize,
    pub pages: usize,
    /// Internal links checked (by `check --links`).
    pub links: usize,
    pub elapsed: Duration,
    /// What is likely a mistake though it builds, rendered with file and
    /// line (a label nobody declared, a transcript without questions).
    pub warnings: Vec<String>,
}

/// Builds the site and writes it to the output folder. A failed build
/// leaves the previous output as it was.
pub fn build(options: &Options) -> Result<Summary, Error> {
    let started = Instant::now();
    crate::output::recover(&options.output);
    let prepared = Prepared::parsed_only(load_listed(options)?, options)?;
    let output = Output::create(&prepared.source.root, &options.output)?;
    let statics = StaticFiles::of(&prepared.source);
    let rendered = prepared.render(&|page| {
        if statics.replace(&page) {
            Ok(())
        } else {
            output.write(&page)
        }
    })?;
    output.copy_static(statics.files())?;
    output.commit()?;
    let mut summary = prepared.summary(rendered.pages(), started);
    summary.warnings.extend(rendered.warning(&options.output));
    Ok(summary)
}

/// Reads, checks and renders the whole site, writing nothing.
pub fn check(options: &Options) -> Result<Summary, Error> {
    check_source(load_listed(options)?, options)
}

/// Checks and renders a site already loaded, writing nothing.
pub fn check_source(source: SiteSource, options: &Options) -> Result<Summary, Error> {
    let started = Instant::now();
    let prepared = Prepared::parsed_only(source, options)?;
    let rendered = prepared.render(&|_| Ok(()))?;
    let mut summary = prepared.summary(rendered.pages(), started);
    summary.warnings.extend(rendered.warning(&options.output));
    Ok(summary)
}

/// The most a published site may be: GitHub Pages refuses one over 1 GB,
/// GitLab Pages one over 200,000 files.
const PUBLISHED_BYTES: u64 = 1_000_000_000;
const PUBLISHED_FILES: usize = 200_000;

/// How much a site's pages and data files come to, counted by
/// [`Prepared::render`] as they are made.
#[derive(Debug, Default)]
struct Tally {
    bytes: std::sync::atomic::AtomicU64,
    files: std::sync::atomic::AtomicUsize,
}

impl Tally {
    fn add(&self, page: &RenderedPage) {
        use std::sync::atomic::Ordering::Relaxed;
        self.bytes.fetch_add(page.bytes.len() as u64, Relaxed);
        self.files.fetch_add(1, Relaxed);
    }

    /// How many pages and files were made.
    fn pages(&self) -> usize {
        self.files.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A warning, rendered, when the site is more than the hosts publish.
    fn warning(&self, output: &std::path::Path) -> Option<String> {
        use std::sync::atomic::Ordering::Relaxed;
        too_large_to_publish(self.bytes.load(Relaxed), self.files.load(Relaxed), output)
            .map(|d| d.render().replacen("error:", "warning:", 1))
    }
}

/// Why a site of `bytes` in `files` written to `output` cannot be
/// published whole on GitHub or GitLab Pages, if it cannot.
fn too_large_to_publish(bytes: u64, files: usize, output: &std::path::Path) -> Option<Diagnostic> {
    if bytes <= PUBLISHED_BYTES && files <= PUBLISHED_FILES {
        return None;
    }
    #[allow(clippy::cast_precision_loss, reason = "shown to two decimals")]
    let size = bytes as f64 / 1e9;
    Some(
        Diagnostic::new(
            output,
            format!(
                "the site is {size:.2} GB in {files} files: GitHub Pages publishes at most 1 GB, and GitLab Pages at most 200000 files"
            ),
        )
        .help(
            "turn off the data files the site does not need (`exports:` in config.yaml), or publish the archive as more than one site",
        ),
    )
}

/// Renders the whole site, writing nothing, and checks that every
/// internal link and `#anchor` of every page resolves; reports each one
/// that does not with the page it is on.
pub fn check_links(options: &Options) -> Result<Summary, Error> {
    let started = Instant::now();
    let prepared = Prepared::parsed_only(load_listed(options)?, options)?;
    let statics = StaticFiles::of(&prepared.source);
    let index = Mutex::new(LinkIndex::new(prepared.site.config.base_url.as_deref()));
    // A lock is poisoned only by a thread that panicked, and that panic
    // ends the run: what the index holds is never read half-updated.
    let rendered = prepared.render(&|page| {
        if !statics.replace(&page) {
            index
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .add(&page);
        }
        Ok(())
    })?;
    let mut index = index.into_inner().unwrap_or_else(PoisonError::into_inner);
    for file in statics.files() {
        index.add_file(&file.destination());
    }
    let mut problems = Diagnostics::new();
    for problem in index.broken() {
        problems.push(problem);
    }
    problems.into_result(()).map_err(Error::input)?;
    let mut summary = prepared.summary(rendered.pages(), started);
    summary.links = index.count();
    Ok(summary)
}

/// What `check --fix` changed in the sidecars, and what it left.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fixed {
    /// One line per change: `file:line: what → what`.
    pub changes: Vec<String>,
    /// One line per problem it was unsure of and left.
    pub left: Vec<String>,
}

/// Repairs what can be repaired without a person: the sidecar's
/// question numbers, when fingerprints show the transcript's questions
/// renumbered (and records the fingerprint of every entry without one);
/// then each orphaned note whose nearest passage is alike enough and the
/// only one that alike, re-anchored there; in the sidecars of originals
/// and of translations alike. Writes only the sidecars it changes, each
/// only at the lines it changes.
pub fn fix(options: &Options) -> Result<Fixed, Error> {
    let source = load(options)?;
    let raw = source.config.raw_html();
    let mut fixed = Fixed::default();
    for t in &source.transcripts {
        // A transcript with other problems is left to `check` to report.
        let Ok(transcript) = Transcript::parse(&t.transcript) else {
            continue;
        };
        // Its translations' sidecars too, each in its own text.
        let translated: Vec<_> = t
            .translations
            .iter()
            .filter_map(|tr| {
                let sidecar = tr.sidecar.as_ref()?;
                crate::transcript::translation::parse(&transcript, &tr.transcript, &tr.language)
                    .ok()
                    .map(|translated| (translated, sidecar))
            })
            .collect();
        if let Some(sidecar) = &t.sidecar {
            fix_sidecar(&source.root, transcript, sidecar, raw, &mut fixed)?;
        }
        for (translated, sidecar) in translated {
            fix_sidecar(&source.root, translated, sidecar, raw, &mut fixed)?;
        }
    }
    Ok(fixed)
}

/// Repairs the sidecar of `transcript` (an original or a translation), as
/// [`fix`] says, and writes it under `root` when it changed.
fn fix_sidecar(
    root: &std::path::Path,
    transcript: Transcript,
    sidecar: &crate::source::SourceFile,
    raw: RawHtml,
    fixed: &mut Fixed,
) -> Result<(), Error> {
    let Ok(parsed) = annotate::Sidecar::parse(sidecar) else {
        return Ok(());
    };
    let shown = sidecar.path.display();
    let renumbered = annotate::fingerprint::fix(&parsed, sidecar, &transcript, raw);
    fixed
        .changes
        .extend(renumbered.changes.iter().map(|c| format!("{shown}: {c}")));
    fixed.left.extend(
        renumbered
            .left
            .iter()
            .map(|l| format!("{shown}: left as it is: {l}")),
    );
    let mut text = renumbered.text.unwrap_or_else(|| sidecar.text.clone());
    let file = crate::source::SourceFile {
        path: sidecar.path.clone(),
        text: text.clone(),
    };
    if let Ok(annotated) = annotate::annotate(transcript, Some(&file), raw) {
        let repairs = annotate::repair::repair(&annotated, &text, raw);
        for r in &repairs.done {
            fixed.changes.push(format!(
                "{shown}:{}: quote “{}” → “{}” in {} ({}% alike)",
                r.line, r.old_quote, r.new_quote, r.place, r.score
            ));
        }
        for (line, why) in &repairs.left {
            fixed
                .left
                .push(format!("{shown}:{line}: left as it is: {why}"));
        }
        if let Some(repaired) = repairs.text {
            text = repaired;
        }
    }
    if text != sidecar.text {
        let path = root.join(&sidecar.path);
        let write = || -> std::io::Result<()> {
            Rewrite::read(&path, &sidecar.path)?
                .unwrap_or_default()
                .write(&path, &text)
        };
        write().map_err(|e| {
            Error::input(
                Diagnostic::new(
                    &sidecar.path,
                    format!("cannot write the repaired notes: {e}"),
                )
                .help("check that the file can be written")
                .into(),
            )
        })?;
    }
    Ok(())
}

/// A site read, parsed, indexed, and with its templates compiled: ready
/// to render.
pub(crate) struct Prepared {
    pub(crate) source: SiteSource,
    pub(crate) site: Site,
    pub(crate) whole: Whole,
    pub(crate) renderer: Renderer,
    /// What each transcript does that is likely a mistake, by its path.
    warnings: BTreeMap<PathBuf, Vec<String>>,
}

/// Where a prepared site's transcripts are, whole.
#[derive(Clone)]
pub(crate) enum Whole {
    /// All in memory.
    Held(Held),
    /// Read and parsed again as each one's pages are rendered.
    Reread(Reread),
}

impl Transcripts for Whole {
    fn whole(&self, listing: &Listing) -> Result<Arc<AnnotatedTranscript>, Diagnostic> {
        match self {
            Whole::Held(held) => held.whole(listing),
            Whole::Reread(reread) => reread.whole(listing),
        }
    }
}

impl Whole {
    /// The same with the transcripts at `paths` replaced by `fresh` (a
    /// path not among them is gone).
    pub(crate) fn with(
        &self,
        paths: &BTreeSet<PathBuf>,
        fresh: Vec<Arc<AnnotatedTranscript>>,
    ) -> Whole {
        match self {
            Whole::Held(held) => Whole::Held(held.with(paths, fresh)),
            Whole::Reread(reread) => Whole::Reread(reread.clone()),
        }
    }
}

/// Transcripts read from the site's folder and parsed again, one at a
/// time, where their pages are rendered.
#[derive(Debug, Clone)]
pub(crate) struct Reread {
    root: PathBuf,
    raw_html: RawHtml,
}

impl Transcripts for Reread {
    fn whole(&self, listing: &Listing) -> Result<Arc<AnnotatedTranscript>, Diagnostic> {
        let source = listing.files().read(&self.root)?;
        annotated(&source, self.raw_html)
            .map(Arc::new)
            .map_err(|_| {
                Diagnostic::new(
                    &listing.path,
                    "this transcript changed while the site was built",
                )
                .help("build again")
            })
    }
}

/// What a [`Prepared`] site keeps of the transcripts it was made of.
#[derive(Clone, Copy)]
enum Keep {
    Text,
    Parsed,
}

impl Prepared {
    /// Loads the site of `options` and prepares it.
    pub(crate) fn load(options: &Options) -> Result<Prepared, Error> {
        Prepared::new(load(options)?, options)
    }

    /// Prepares a site already loaded, reporting every problem of its
    /// content and its templates in one go. The transcripts' text is kept,
    /// as a server needs it to rebuild what changes.
    pub(crate) fn new(source: SiteSource, options: &Options) -> Result<Prepared, Error> {
        Prepared::with(source, options, Keep::Text)
    }

    /// The same, letting go of each transcript's and sidecar's text as
    /// soon as it is parsed: a single render needs only the site made of
    /// them, and the text of the whole site is never held twice.
    fn parsed_only(source: SiteSource, options: &Options) -> Result<Prepared, Error> {
        Prepared::with(source, options, Keep::Parsed)
    }

    fn with(mut source: SiteSource, options: &Options, keep: Keep) -> Result<Prepared, Error> {
        if let Some(url) = &options.base_url {
            source.config.base_url = Some(base_url_option(url)?);
        }
        if source.config.podcast.is_some() && source.config.base_url.is_none() {
            return Err(Error::input(
                Diagnostic::new(config::CONFIG_FILE, "a podcast feed needs `base_url`")
                    .help("podcast apps need absolute addresses: add `base_url:` (the address the site is published at) to config.yaml, or pass --base-url")
                    .into(),
            ));
        }
        let taken = match keep {
            Keep::Text => None,
            Keep::Parsed if source.listed.is_empty() => {
                Some(Taken::Read(std::mem::take(&mut source.transcripts)))
            }
            Keep::Parsed => Some(Taken::Listed(std::mem::take(&mut source.listed))),
        };
        // A server keeps the text, and the whole of every transcript with it.
        let hold = taken
            .as_ref()
            .is_none_or(|taken| taken.bytes() <= options.parsed_budget);
        let Parsed {
            site,
            warnings,
            held,
        } = parse_site(&source, taken, options, hold).map_err(Error::input)?;
        let whole = match held {
            Some(held) => Whole::Held(held),
            None => Whole::Reread(Reread {
                root: source.root.clone(),
                raw_html: source.config.raw_html(),
            }),
        };
        let renderer = Renderer::new(&source, &site).map_err(Error::input)?;
        Ok(Prepared {
            source,
            site,
            whole,
            renderer,
            warnings,
        })
    }

    /// Renders every page of the site and hands each to `sink`; counts
    /// them and their bytes.
    fn render(
        &self,
        sink: &(dyn Fn(RenderedPage) -> Result<(), crate::output::OutputError> + Sync),
    ) -> Result<Tally, crate::render::RenderError> {
        let tally = Tally::default();
        self.renderer
            .render_site(&self.site, &self.whole, &|page| {
                tally.add(&page);
                sink(page)
            })?;
        Ok(tally)
    }

    fn summary(&self, pages: usize, started: Instant) -> Summary {
        Summary {
            transcripts: self.site.transcripts.len(),
            translations: self.site.editions.iter().map(|e| e.transcripts.len()).sum(),
            questions: self.site.question_count(),
            pages,
            links: 0,
            elapsed: started.elapsed(),
            warnings: self
                .site
                .transcripts
                .iter()
                .filter_map(|t| self.warnings.get(&t.path))
                .flatten()
                .cloned()
                .collect(),
        }
    }
}

fn load(options: &Options) -> Result<SiteSource, Error> {
    SiteSource::load(&options.root).map_err(Error::input)
}

/// The site of `options` with its transcripts listed, each read where it
/// is parsed.
fn load_listed(options: &Options) -> Result<SiteSource, Error> {
    SiteSource::listed(&options.root).map_err(Error::input)
}

/// The transcripts a single render takes from its source, each let go of
/// once parsed.
pub(crate) enum Taken {
    Read(Vec<TranscriptSource>),
    /// Read one at a time as they are parsed.
    Listed(Vec<TranscriptFile>),
}

impl Taken {
    /// How many bytes of transcripts and sidecars they are.
    fn bytes(&self) -> usize {
        match self {
            Taken::Read(read) => read.iter().map(TranscriptSource::len).sum(),
            Taken::Listed(listed) => listed
                .iter()
                .map(|f| usize::try_from(f.bytes).unwrap_or(usize::MAX))
                .fold(0, usize::saturating_add),
        }
    }
}

/// `--base-url`, checked as config.yaml's `base_url` is.
fn base_url_option(url: &str) -> Result<String, Error> {
    config::base_url(url).map_err(|reason| {
        Error::input(
            Diagnostic::new("--base-url", format!("invalid base_url: {reason}"))
                .help("pass the address the site is published at, such as https://you.github.io/archive/")
                .into(),
        )
    })
}

/// The static files a site copies to its output (the theme's, then the
/// site's own, which win), and the rule that a static file replaces a
/// generated file of the same name (a site's own `robots.txt`, say).
pub(crate) struct StaticFiles {
    files: Vec<StaticFile>,
    destinations: BTreeSet<String>,
}

impl StaticFiles {
    pub(crate) fn of(source: &SiteSource) -> StaticFiles {
        let files: Vec<StaticFile> = source
            .theme
            .static_files
            .iter()
            .chain(&source.static_files)
            .cloned()
            .collect();
        let destinations = files.iter().map(StaticFile::destination).collect();
        StaticFiles {
            files,
            destinations,
        }
    }

    /// In the order they are copied: a later one replaces an earlier one.
    pub(crate) fn files(&self) -> &[StaticFile] {
        &self.files
    }

    /// Whether a static file takes the place of `page`.
    pub(crate) fn replace(&self, page: &RenderedPage) -> bool {
        self.destinations.contains(&page.path)
    }
}

/// A site parsed: the site made of its transcripts' listings, each
/// transcript's warnings, and the transcripts whole when they are kept.
pub(crate) struct Parsed {
    pub(crate) site: Site,
    pub(crate) warnings: BTreeMap<PathBuf, Vec<String>>,
    pub(crate) held: Option<Held>,
}

/// A transcript parsed and listed, and kept whole when asked.
struct Listed {
    listing: Arc<Listing>,
    warnings: Vec<String>,
    whole: Option<AnnotatedTranscript>,
}

/// What the site's lists and indexes know of `t` and its translations.
pub(crate) fn listing(t: &AnnotatedTranscript) -> Listing {
    let mut listing = Listing::of(t, captions::has_cues(t));
    listing.translated = t
        .translations
        .iter()
        .map(|tr| Arc::new(listing.translated(tr, captions::has_cues(&tr.whole))))
        .collect();
    listing
}

/// Parses every transcript and sidecar, anchors the notes and builds the
/// site's indexes; keeps every transcript whole when `hold` says so. The
/// transcripts are `source`'s own or, when given, those `taken` from it,
/// each dropped as soon as it is parsed.
pub(crate) fn parse_site(
    source: &SiteSource,
    taken: Option<Taken>,
    options: &Options,
    hold: bool,
) -> Result<Parsed, Diagnostics> {
    let parsing = Parsing::of(source, options);
    let list = |t: &TranscriptSource| {
        let t = parsing.parse(t)?;
        Ok(t.map(|t| Listed {
            listing: Arc::new(listing(&t)),
            warnings: crate::transcript::warnings::warnings(&t.transcript)
                .into_iter()
                .chain(t.translations.iter().flat_map(|tr| {
                    crate::transcript::warnings::translation_warnings(
                        &t.transcript,
                        &tr.whole.transcript,
                    )
                }))
                .map(|d| d.render().replacen("error:", "warning:", 1))
                .collect(),
            whole: hold.then_some(t),
        }))
    };
    let parsed: Vec<_> = match taken {
        None => source.transcripts.par_iter().map(list).collect(),
        Some(Taken::Read(taken)) => taken.into_par_iter().map(|t| list(&t)).collect(),
        Some(Taken::Listed(taken)) => taken
            .into_par_iter()
            .map(|f| list(&f.read(&source.root)?))
            .collect(),
    };
    let mut problems = Diagnostics::new();
    let listed = collect_parsed(parsed, &mut problems);
    let mut listings = Vec::with_capacity(listed.len());
    let mut warnings = BTreeMap::new();
    let mut held = hold.then(Held::default);
    for t in listed {
        warnings.insert(t.listing.path.clone(), t.warnings);
        if let (Some(held), Some(whole)) = (&mut held, t.whole) {
            held.insert(Arc::new(whole));
        }
        listings.push(t.listing);
    }
    match index_site(source, listings) {
        Ok(site) => problems.into_result(Parsed {
            site,
            warnings,
            held,
        }),
        Err(d) => {
            problems.extend(d);
            Err(problems)
        }
    }
}

/// A transcript parsed, with its sidecar's notes anchored in it, and each
/// of its translations aligned with it and annotated from its own sidecar.
fn annotated(
    source: &TranscriptSource,
    raw_html: RawHtml,
) -> Result<AnnotatedTranscript, Diagnostics> {
    let mut original = Transcript::parse(&source.transcript)
        .and_then(|t| annotate::annotate(t, source.sidecar.as_ref(), raw_html))?;
    let mut problems = Diagnostics::new();
    for t in &source.translations {
        let translated =
            crate::transcript::translation::parse(&original.transcript, &t.transcript, &t.language)
                .and_then(|translated| {
                    annotate::annotate(translated, t.sidecar.as_ref(), raw_html)
                });
        match translated {
            Ok(mut translated) => {
                translated.inherit(&original);
                original.translations.push(annotate::Translation {
                    language: t.language.clone(),
                    whole: Arc::new(translated),
                });
            }
            Err(d) => problems.extend(d),
        }
    }
    problems.into_result(original)
}

/// What parsing a transcript needs of the site around it.
pub(crate) struct Parsing<'a> {
    config: &'a Config,
    options: &'a Options,
    /// Where each static file lands, for the recordings transcripts name.
    statics: BTreeSet<String>,
}

impl<'a> Parsing<'a> {
    pub(crate) fn of(source: &'a SiteSource, options: &'a Options) -> Parsing<'a> {
        Parsing {
            config: &source.config,
            options,
            statics: source
                .static_files
                .iter()
                .map(StaticFile::destination)
                .collect(),
        }
    }

    /// One transcript and its sidecar, annotated; `None` for a draft that
    /// is not built.
    pub(crate) fn parse(
        &self,
        source: &TranscriptSource,
    ) -> Result<Option<AnnotatedTranscript>, Diagnostics> {
        let t = annotated(source, self.config.raw_html())?;
        if t.transcript.meta.draft && !self.options.drafts {
            return Ok(None);
        }
        let mut problems = Diagnostics::new();
        if !self.options.show_detached {
            let versions = std::iter::once(&t).chain(t.translations.iter().map(|tr| &*tr.whole));
            for detached in versions.flat_map(|v| &v.detached) {
                problems.push(detached.problem.clone());
            }
        }
        if let Some(missing) = self.missing_media(&t, &source.transcript.text) {
            problems.push(missing);
        }
        let language = t
            .transcript
            .meta
            .language
            .as_deref()
            .unwrap_or(&self.config.language);
        for tr in t
            .translations
            .iter()
            .filter(|tr| tr.language.same(language))
        {
            problems.push(
                Diagnostic::new(
                    &tr.whole.transcript.path,
                    format!("a translation into {}, the original's own language", tr.language),
                )
                .help(format!(
                    "{} is in {language} already: name the file with the language it is translated into",
                    t.transcript.path.display()
                )),
            );
        }
        problems.into_result(Some(t))
    }

    /// The recording `t` names when it is not among the site's static
    /// files, at the line of its `src:` in `text`.
    fn missing_media(&self, t: &AnnotatedTranscript, text: &str) -> Option<Diagnostic> {
        let src = t
            .transcript
            .meta
            .media
            .as_ref()
            .and_then(|m| m.static_file())
            .filter(|src| !self.statics.contains(*src))?;
        let span = text
            .lines()
            .position(|l| l.trim_start().starts_with("src:"))
            .map(|i| {
                let line = text.lines().nth(i).unwrap_or("");
                let column = line.find(src).map_or(1, |c| line[..c].chars().count() + 1);
                crate::diagnostic::Span::in_source(text, i + 1, column, src.chars().count().max(1))
            });
        Some(
            Diagnostic::new(
                &t.transcript.path,
                format!("the recording `{src}` is not in content/static/"),
            )
            .at_opt(span)
            .label("no such file")
            .help(format!(
                "put the file at content/static/{src}, or give its address (https://...)"
            )),
        )
    }
}

/// The transcripts parsed, drafts left out, their problems gathered.
pub(crate) fn collect_parsed<T>(
    parsed: Vec<Result<Option<T>, Diagnostics>>,
    problems: &mut Diagnostics,
) -> Vec<T> {
    let mut transcripts = Vec::with_capacity(parsed.len());
    for result in parsed {
        match result {
            Ok(Some(t)) => transcripts.push(t),
            Ok(None) => {}
            Err(d) => problems.extend(d),
        }
    }
    transcripts
}

/// The site made of `transcripts`, with the topic registry of `source`.
pub(crate) fn index_site(
    source: &SiteSource,
    transcripts: Vec<Arc<Listing>>,
) -> Result<Site, Diagnostics> {
    let mut problems = Diagnostics::new();
    let registry = TopicRegistry::parse(source.topics.as_ref()).unwrap_or_else(|d| {
        problems.extend(d);
        TopicRegistry::default()
    });
    let mut by_language: BTreeMap<Language, Vec<Arc<Listing>>> = BTreeMap::new();
    for t in &transcripts {
        for tr in &t.translated {
            if let Some(language) = &tr.edition {
                by_language
                    .entry(language.clone())
                    .or_default()
                    .push(Arc::clone(tr));
            }
        }
    }
    let mut editions = Vec::with_capacity(by_language.len());
    for (language, listed) in by_language {
        match Site::edition(source.config.clone(), listed, &registry, Some(&language)) {
            Ok(edition) => editions.push(edition),
            Err(d) => problems.extend(d),
        }
    }
    match Site::new(source.config.clone(), transcripts, &registry) {
        Ok(mut site) => {
            let named: BTreeSet<&str> = site
                .transcripts
                .iter()
                .filter_map(|t| t.meta.media.as_ref()?.static_file())
                .collect();
            site.media_sizes = source
                .static_files
                .iter()
                .map(|f| (f.destination(), f.size))
                .filter(|(path, _)| named.contains(path.as_str()))
                .collect();
            for edition in &mut editions {
                edition.media_sizes.clone_from(&site.media_sizes);
            }
            site.editions = editions;
            problems.into_result(site)
        }
        Err(d) => {
            problems.extend(d);
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_over_what_the_hosts_publish_is_warned_of() {
        let out = std::path::Path::new("site");
        assert!(too_large_to_publish(PUBLISHED_BYTES, PUBLISHED_FILES, out).is_none());
        let big = too_large_to_publish(2_450_000_000, 195_064, out).unwrap();
        assert_eq!(
            big.message,
            "the site is 2.45 GB in 195064 files: GitHub Pages publishes at most 1 GB, and GitLab Pages at most 200000 files"
        );
        assert!(big.help.as_deref().unwrap().contains("exports:"));
        assert!(too_large_to_publish(1_000, PUBLISHED_FILES + 1, out).is_some());
    }
}
