//! colloq: a static site generator for annotated transcripts.
//!
//! A build is a pipeline of typed stages:
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
//! Every stage between loading and writing works on values in memory, so
//! each can be tested on strings. Problems with the input are collected as
//! [`Diagnostics`] across a whole run, not stopped at the first.

mod address;
pub mod annotate;
pub mod config;
pub mod diagnostic;
mod error;
pub mod init;
pub mod links;
pub mod markdown;
pub mod output;
pub mod render;
pub mod serve;
pub mod session;
pub mod site;
pub mod slug;
pub mod source;
pub mod theme;
pub mod topics;
pub mod transcript;
pub mod yaml;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use annotate::AnnotatedTranscript;
pub use diagnostic::{Diagnostic, Diagnostics};
pub use error::Error;
use output::Output;
use render::Renderer;
use site::Site;
use source::{SiteSource, TranscriptSource};
use topics::TopicRegistry;
use transcript::Transcript;

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
}

/// What a build made, for its one-line report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub transcripts: usize,
    pub questions: usize,
    pub pages: usize,
    /// Internal links checked (by `check --links`).
    pub links: usize,
    pub elapsed: Duration,
}

/// Builds the site and writes it to the output folder. A failed build
/// leaves the previous output as it was.
pub fn build(options: &Options) -> Result<Summary, Error> {
    let started = Instant::now();
    output::recover(&options.output);
    let (source, site, renderer) = prepare(options)?;
    let output = Output::create(&source.root, &options.output)?;
    let pages = renderer.render_site(&site, &|page| output.write(page))?;
    output.copy_static(&source.theme.static_files)?;
    output.copy_static(&source.static_files)?;
    output.commit()?;
    Ok(summary(&site, pages, started))
}

/// Reads, checks and renders the whole site, writing nothing.
pub fn check(options: &Options) -> Result<Summary, Error> {
    check_source(load(options)?, options)
}

/// Checks and renders a site already loaded, writing nothing.
pub fn check_source(source: SiteSource, options: &Options) -> Result<Summary, Error> {
    let started = Instant::now();
    let (_, site, renderer) = prepare_source(source, options)?;
    let pages = renderer.render_site(&site, &|_| Ok::<(), output::OutputError>(()))?;
    Ok(summary(&site, pages, started))
}

fn summary(site: &Site, pages: usize, started: Instant) -> Summary {
    Summary {
        transcripts: site.transcripts.len(),
        questions: site.question_count(),
        pages,
        links: 0,
        elapsed: started.elapsed(),
    }
}

/// Renders the whole site, writing nothing, and checks that every
/// internal link and `#anchor` of every page resolves; reports each one
/// that does not with the page it is on.
pub fn check_links(options: &Options) -> Result<Summary, Error> {
    let started = Instant::now();
    let (source, site, renderer) = prepare(options)?;
    let index = std::sync::Mutex::new(links::LinkIndex::new(site.config.base_url.as_deref()));
    let pages = renderer.render_site(&site, &|page| {
        index
            .lock()
            .map_err(|_| output::OutputError::Refused {
                path: page.path.clone().into(),
                reason: "the link check failed".into(),
            })?
            .add(&page);
        Ok(())
    })?;
    let mut index = index.into_inner().unwrap_or_default();
    for file in source.theme.static_files.iter().chain(&source.static_files) {
        index.add_file(&file.dest.to_string_lossy().replace('\\', "/"));
    }
    let mut problems = Diagnostics::new();
    for problem in index.broken() {
        problems.push(problem);
    }
    problems.into_result(()).map_err(Error::input)?;
    let mut summary = summary(&site, pages, started);
    summary.links = index.count();
    Ok(summary)
}

/// Loads the site and compiles its templates, reporting every problem of
/// both in one go.
pub(crate) fn prepare(options: &Options) -> Result<(SiteSource, Site, Renderer), Error> {
    prepare_source(load(options)?, options)
}

fn load(options: &Options) -> Result<SiteSource, Error> {
    SiteSource::load(&options.root).map_err(Error::input)
}

fn prepare_source(
    mut source: SiteSource,
    options: &Options,
) -> Result<(SiteSource, Site, Renderer), Error> {
    if let Some(url) = &options.base_url {
        let url = config::base_url(url).map_err(|reason| {
            Error::input(
                Diagnostic::new("--base-url", format!("invalid base_url: {reason}"))
                    .help("pass the address the site is published at, such as https://you.github.io/archive/")
                    .into(),
            )
        })?;
        source.config.base_url = Some(url);
    }
    let site = parse_site(&source, options).map_err(Error::input)?;
    let renderer = Renderer::new(&source, &site).map_err(Error::input)?;
    Ok((source, site, renderer))
}

/// Parses every transcript and sidecar, anchors the notes and builds the
/// site's indexes.
pub fn parse_site(source: &SiteSource, options: &Options) -> Result<Site, Diagnostics> {
    let parsed: Vec<_> = source
        .transcripts
        .par_iter()
        .map(|t| parse_transcript(t, &source.config, options))
        .collect();
    let mut problems = Diagnostics::new();
    let mut transcripts = Vec::with_capacity(parsed.len());
    for result in parsed {
        match result {
            Ok(Some(t)) => transcripts.push(Arc::new(t)),
            Ok(None) => {}
            Err(d) => problems.extend(d),
        }
    }
    match index_site(source, transcripts) {
        Ok(site) => problems.into_result(site),
        Err(d) => {
            problems.extend(d);
            Err(problems)
        }
    }
}

/// Parses one transcript with its sidecar and anchors its notes. A draft
/// left out of the site is `None`. Notes that cannot be placed are errors
/// unless the options ask to show them as detached.
pub fn parse_transcript(
    source: &TranscriptSource,
    config: &config::Config,
    options: &Options,
) -> Result<Option<AnnotatedTranscript>, Diagnostics> {
    let t = Transcript::parse(&source.transcript).and_then(|parsed| {
        annotate::annotate(parsed, source.sidecar.as_ref(), config.raw_html())
    })?;
    if t.transcript.meta.draft && !options.drafts {
        return Ok(None);
    }
    if !options.show_detached && !t.detached.is_empty() {
        let mut problems = Diagnostics::new();
        for detached in &t.detached {
            problems.push(detached.problem.clone());
        }
        return Err(problems);
    }
    Ok(Some(t))
}

/// The site made of `transcripts`, with the topic registry of `source`.
pub fn index_site(
    source: &SiteSource,
    transcripts: Vec<Arc<AnnotatedTranscript>>,
) -> Result<Site, Diagnostics> {
    let mut problems = Diagnostics::new();
    let registry = TopicRegistry::parse(source.topics.as_ref()).unwrap_or_else(|d| {
        problems.extend(d);
        TopicRegistry::default()
    });
    match Site::new(source.config.clone(), transcripts, &registry) {
        Ok(site) => problems.into_result(site),
        Err(d) => {
            problems.extend(d);
            Err(problems)
        }
    }
}
