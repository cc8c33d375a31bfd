//! A site kept in memory between builds -> incremental rebuilds, for a
//! server that watches the site while someone edits it.
//!
//! A [`Session`] holds what the last good build read, parsed and rendered.
//! Given the files that changed, it re-reads and re-parses only those,
//! re-renders only the pages that depend on them, and writes only the
//! files whose bytes changed, through a [`Mirror`]. A transcript whose
//! edit leaves the site's indexes as they were (a note, a typo in an
//! answer) re-renders its own pages only; one that changes a title, a
//! topic or a speaker re-renders the home page, the indexes and the topic
//! and speaker pages it touches, before and after. A template change
//! re-renders everything without re-reading content; a config change
//! starts over. A rebuild that fails changes nothing: the last good site
//! stays, and the failed changes are tried again with the next ones.
//!
//! The search index is made again with the indexes. An edit that leaves
//! them as they were still changes the words search finds, but making
//! the index reads every transcript, too slow for a rebuild that should
//! take milliseconds; so the rebuild leaves the index stale and offers a
//! [`SearchRefresh`]: a snapshot of the site that makes the index on
//! another thread, whose files [`Session::take_search`] writes if no
//! rebuild came in between.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::annotate::AnnotatedTranscript;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::Error;
use crate::output::{Mirror, RenderedPage};
use crate::pipeline::{
    Options, Parsing, Prepared, StaticFiles, Whole, collect_parsed, index_site, listing,
};
use crate::render::{Job, RenderError, Renderer, Transcripts};
use crate::site::{Listing, Site};
use crate::source::SiteSource;

mod plan;

use plan::{Maker, Plan, indexed_alike};

/// A change to the site's files, as a watcher sees it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// `config.yaml`: everything is read again.
    Config,
    /// Something under `templates/` or `themes/`.
    Theme,
    /// A transcript or its sidecar, by the transcript's path relative to
    /// the root (`content/2024/a.md`).
    Transcript(PathBuf),
    /// Anything else under `content/`: the topic registry, a static file,
    /// a folder created, moved or removed.
    Content,
}

/// What a rebuild did, for its one-line report.
#[derive(Debug, Clone)]
pub struct Rebuild {
    /// The changes it took in, as paths or what they stand for.
    pub changes: Vec<String>,
    /// Pages rendered.
    pub rendered: usize,
    /// Files written because their bytes changed.
    pub written: usize,
    /// Files removed because nothing makes them any more.
    pub removed: usize,
    pub elapsed: Duration,
    /// Notes shown as detached because they could not be placed.
    pub detached: Vec<Diagnostic>,
}

/// A site built once and kept up to date.
pub struct Session {
    options: Options,
    source: SiteSource,
    site: Site,
    /// The whole of each transcript the site lists.
    whole: Whole,
    renderer: Arc<Renderer>,
    output: Mirror,
    /// The files each job made in the last good build.
    made: BTreeMap<Maker, Vec<String>>,
    /// Changes of a failed rebuild, tried again with the next ones.
    pending: BTreeSet<Change>,
    /// How many times the output was written: a [`SearchRefresh`] is of
    /// the site as it was at one of them.
    commits: Arc<AtomicU64>,
    /// Whether the search index is older than the site's words.
    search_stale: bool,
}

/// The search index of a site as it was at one rebuild, to be made off
/// the rebuild's thread ([`SearchRefresh::render`]) and then handed to
/// [`Session::take_search`].
pub struct SearchRefresh {
    commit: u64,
    /// The session's count of commits, which moves on past `commit` when
    /// the site is rebuilt.
    commits: Arc<AtomicU64>,
    site: Site,
    whole: Whole,
    renderer: Arc<Renderer>,
}

/// The search index's files, made by [`SearchRefresh::render`].
pub struct RefreshedSearch {
    commit: u64,
    pages: Result<Vec<RenderedPage>, Diagnostic>,
    started: Instant,
}

impl SearchRefresh {
    /// Whether the site was rebuilt since the snapshot was taken: the
    /// index it would make would not be taken.
    #[must_use]
    pub fn superseded(&self) -> bool {
        self.commits.load(Ordering::Relaxed) != self.commit
    }

    /// Makes the index's files. Reads nothing but what the snapshot holds
    /// (or, for a site too large to hold, the transcripts' files).
    #[must_use]
    pub fn render(self) -> RefreshedSearch {
        let started = Instant::now();
        let pages = self
            .renderer
            .render_job(&self.site, &self.whole, Job::Search);
        RefreshedSearch {
            commit: self.commit,
            pages,
            started,
        }
    }
}

impl Session {
    /// Builds the whole site into `options.output`, kept up to date from
    /// then on. Files already there that the site does not make are
    /// removed.
    pub fn start(options: Options) -> Result<(Session, Rebuild), Error> {
        let started = Instant::now();
        let Prepared {
            source,
            site,
            whole,
            renderer,
            ..
        } = Prepared::load(&options)?;
        let output = Mirror::open(&source.root, &options.output)?;
        let mut session = Session {
            options,
            source,
            site,
            whole,
            renderer: Arc::new(renderer),
            output,
            made: BTreeMap::new(),
            pending: BTreeSet::new(),
            commits: Arc::new(AtomicU64::new(0)),
            search_stale: false,
        };
        let plan = Plan::everything(&session.site);
        let rendered = session.render(&session.site, &session.whole, &session.renderer, &plan)?;
        let mut rebuild = session.commit(&plan, rendered)?;
        session.output.prune()?;
        rebuild.changes = vec!["the whole site".into()];
        rebuild.elapsed = started.elapsed();
        Ok((session, rebuild))
    }

    /// The site as the last good build made it.
    pub(crate) fn site(&self) -> &Site {
        &self.site
    }

    /// The files the last good build read. After a failed rebuild they
    /// may be newer than [`Session::site`]; a notebook is taken after a
    /// good one.
    pub(crate) fn source(&self) -> &SiteSource {
        &self.source
    }

    /// The whole of the transcript `listing` lists.
    pub(crate) fn whole(&self, listing: &Listing) -> Option<Arc<AnnotatedTranscript>> {
        self.whole.whole(listing).ok()
    }

    /// A snapshot to make the search index from, when a rebuild left it
    /// older than the site's words.
    #[must_use]
    pub fn search_refresh(&self) -> Option<SearchRefresh> {
        self.search_stale.then(|| SearchRefresh {
            commit: self.commits.load(Ordering::Relaxed),
            commits: self.commits.clone(),
            site: self.site.clone(),
            whole: self.whole.clone(),
            renderer: self.renderer.clone(),
        })
    }

    /// Writes the search index `refreshed` made, if the site is still as
    /// it was when the snapshot was taken; `None` if it is not, or the
    /// index is already current. Nothing else is rendered or removed. An
    /// index that failed is not offered again until the next rebuild.
    pub fn take_search(&mut self, refreshed: RefreshedSearch) -> Result<Option<Rebuild>, Error> {
        if refreshed.commit != self.commits.load(Ordering::Relaxed) || !self.search_stale {
            return Ok(None);
        }
        let pages = match refreshed.pages {
            Ok(pages) => pages,
            Err(problem) => {
                // Not made again until the next rebuild leaves it stale:
                // a failure that stays would otherwise be retried forever.
                self.search_stale = false;
                return Err(RenderError::Templates(problem.into()).into());
            }
        };
        let key = Maker::Job(Job::Search);
        let statics = StaticFiles::of(&self.source);
        let rendered = Rendered {
            count: pages.len(),
            jobs: vec![self.kept(&statics, key.clone(), pages)],
        };
        let mut keys: BTreeSet<Maker> = self.made.keys().cloned().collect();
        keys.insert(key.clone());
        let plan = Plan {
            jobs: vec![(key, Job::Search)],
            keys,
        };
        let mut rebuild = self.commit(&plan, rendered)?;
        rebuild.changes = vec!["the search index".into()];
        rebuild.elapsed = refreshed.started.elapsed();
        Ok(Some(rebuild))
    }

    /// Takes in `changes` (with any left over from a failed rebuild).
    pub fn apply(&mut self, changes: impl IntoIterator<Item = Change>) -> Result<Rebuild, Error> {
        let started = Instant::now();
        self.pending.extend(changes);
        let changes = std::mem::take(&mut self.pending);
        match self.rebuild(&changes) {
            Ok(mut rebuild) => {
                rebuild.elapsed = started.elapsed();
                rebuild.changes = changes.iter().map(describe).collect();
                Ok(rebuild)
            }
            Err(error) => {
                self.pending = changes;
                Err(error)
            }
        }
    }

    fn rebuild(&mut self, changes: &BTreeSet<Change>) -> Result<Rebuild, Error> {
        if changes.contains(&Change::Config) {
            let Prepared {
                source,
                site,
                whole,
                renderer,
                ..
            } = Prepared::load(&self.options)?;
            let plan = Plan::everything(&site);
            let rendered = self.render(&site, &whole, &renderer, &plan)?;
            (self.source, self.site, self.whole) = (source, site, whole);
            self.renderer = Arc::new(renderer);
            return self.commit(&plan, rendered);
        }
        // What is read here is the files as they are now; only the site
        // built from them waits for success.
        let mut paths: BTreeSet<PathBuf> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Transcript(path) => Some(path.clone()),
                _ => None,
            })
            .collect();
        if changes.contains(&Change::Theme) {
            self.source.reload_theme().map_err(Error::input)?;
        }
        let content = changes.contains(&Change::Content);
        if content {
            paths.extend(self.source.reload_content().map_err(Error::input)?);
        }
        for path in &paths {
            self.source.reload_transcript(path).map_err(Error::input)?;
        }

        let site = if paths.is_empty() && !content {
            None
        } else {
            Some(self.site_with(&paths)?)
        };
        let (new_site, new_whole) = site
            .as_ref()
            .map_or((&self.site, &self.whole), |(site, whole)| (site, whole));
        let renderer = if changes.contains(&Change::Theme) {
            Some(Renderer::new(&self.source, new_site).map_err(Error::input)?)
        } else {
            None
        };
        let plan = if renderer.is_some() || content {
            Plan::everything(new_site)
        } else {
            Plan::transcripts(&self.site, new_site, &paths)
        };
        let renderer_now = renderer.as_ref().unwrap_or(&self.renderer);
        let rendered = self.render(new_site, new_whole, renderer_now, &plan)?;
        if let Some((site, whole)) = site {
            self.site = site;
            self.whole = whole;
        }
        if let Some(renderer) = renderer {
            self.renderer = Arc::new(renderer);
        }
        self.commit(&plan, rendered)
    }

    /// The current site with the transcripts at `paths` parsed again.
    /// When each of them puts the same things in the indexes as before
    /// (the usual edit: a note, a word), the indexes are kept and only the
    /// transcripts are replaced.
    /// The site with the transcripts at `paths` read again, and where
    /// their whole is.
    fn site_with(&self, paths: &BTreeSet<PathBuf>) -> Result<(Site, Whole), Error> {
        let mut problems = Diagnostics::new();
        let parsing = Parsing::of(&self.source, &self.options);
        let parsed: Vec<_> = self
            .source
            .transcripts
            .par_iter()
            .filter(|t| paths.contains(&t.transcript.path))
            .map(|t| parsing.parse(t))
            .collect();
        let fresh: Vec<Arc<AnnotatedTranscript>> = collect_parsed(parsed, &mut problems)
            .into_iter()
            .map(Arc::new)
            .collect();
        problems.into_result(()).map_err(Error::input)?;
        let listings: Vec<Arc<Listing>> = fresh.iter().map(|t| Arc::new(listing(t))).collect();
        let whole = self.whole.with(paths, fresh);
        let place = |t: &Listing| {
            self.site
                .transcripts
                .iter()
                .position(|old| old.path == t.path)
                .filter(|&i| indexed_alike(&self.site.transcripts[i], t))
        };
        let places: Option<Vec<usize>> = listings.iter().map(|t| place(t)).collect();
        if let Some(places) = places.filter(|p| p.len() == paths.len()) {
            let mut site = self.site.clone();
            for (i, t) in places.into_iter().zip(listings) {
                site.transcripts[i] = t;
            }
            return Ok((site, whole));
        }
        let mut transcripts: Vec<Arc<Listing>> = self
            .site
            .transcripts
            .iter()
            .filter(|t| !paths.contains(&t.path))
            .cloned()
            .collect();
        transcripts.extend(listings);
        let site = index_site(&self.source, transcripts).map_err(Error::input)?;
        Ok((site, whole))
    }

    /// Renders the jobs of `plan`, keeping in memory only the pages whose
    /// bytes changed. Nothing is written, so a failure changes nothing.
    fn render(
        &self,
        site: &Site,
        whole: &Whole,
        renderer: &Renderer,
        plan: &Plan,
    ) -> Result<Rendered, Error> {
        let statics = StaticFiles::of(&self.source);
        let keep_changed = |key: Maker, pages: Vec<RenderedPage>| self.kept(&statics, key, pages);
        let results: Vec<Result<_, Diagnostic>> = plan
            .jobs
            .par_iter()
            .map(|(key, job)| {
                let pages = renderer.render_job(site, whole, *job)?;
                Ok((pages.len(), keep_changed(key.clone(), pages)))
            })
            .collect();
        let mut problems = Diagnostics::new();
        let mut rendered = Rendered::default();
        for result in results {
            match result {
                Ok((count, job)) => {
                    rendered.count += count;
                    rendered.jobs.push(job);
                }
                Err(d) => problems.push_unique(d),
            }
        }
        if !problems.is_empty() {
            return Err(RenderError::Templates(problems).into());
        }
        if plan.keys.contains(&Maker::Static) {
            rendered.jobs.push(keep_changed(
                Maker::Static,
                Mirror::read_static(statics.files())?,
            ));
        }
        let editions = renderer.render_editions(site, whole)?;
        rendered.count += editions.len();
        rendered.jobs.push(keep_changed(Maker::Editions, editions));
        Ok(rendered)
    }
}

/// Pages rendered and not yet written: per job, every path it makes and
/// the pages among them whose bytes changed.
#[derive(Default)]
struct Rendered {
    count: usize,
    jobs: Vec<(Maker, Vec<String>, Vec<RenderedPage>)>,
}

impl Session {
    /// Writes the changed pages and removes the files no job makes any
    /// more: those a job made before and not now, and those of jobs that
    /// are not in `keys`, the jobs of the new site.
    fn commit(&mut self, plan: &Plan, rendered: Rendered) -> Result<Rebuild, Error> {
        let keys = &plan.keys;
        let mut rebuild = Rebuild {
            changes: Vec::new(),
            rendered: rendered.count,
            written: 0,
            removed: 0,
            elapsed: Duration::ZERO,
            detached: Vec::new(),
        };
        let mut gone = Vec::new();
        for (key, paths, changed) in rendered.jobs {
            for page in &changed {
                if self.output.write(page)? {
                    rebuild.written += 1;
                }
            }
            let before = self.made.insert(key, paths).unwrap_or_default();
            gone.extend(before);
        }
        let stale: Vec<Maker> = self
            .made
            .keys()
            .filter(|k| !keys.contains(k))
            .cloned()
            .collect();
        for key in stale {
            gone.extend(self.made.remove(&key).unwrap_or_default());
        }
        if !gone.is_empty() {
            let made: BTreeSet<&String> = self.made.values().flatten().collect();
            let gone: BTreeSet<String> = gone.into_iter().filter(|p| !made.contains(p)).collect();
            for path in gone {
                self.output.remove(&path)?;
                rebuild.removed += 1;
            }
        }
        self.commits.fetch_add(1, Ordering::Relaxed);
        if plan.makes(Job::Search) {
            self.search_stale = false;
        } else if plan
            .jobs
            .iter()
            .any(|(_, job)| matches!(job, Job::Transcript(_)))
        {
            self.search_stale = true;
        }
        rebuild.detached = self.detached();
        Ok(rebuild)
    }

    /// What of `pages`, made by `key`, is written: every path it makes,
    /// and the pages among them whose bytes changed.
    fn kept(
        &self,
        statics: &StaticFiles,
        key: Maker,
        mut pages: Vec<RenderedPage>,
    ) -> (Maker, Vec<String>, Vec<RenderedPage>) {
        if key != Maker::Static {
            pages.retain(|p| !statics.replace(p));
        }
        let paths = pages.iter().map(|p| p.path.clone()).collect();
        let changed = pages
            .into_iter()
            .filter(|p| !self.output.unchanged(p))
            .collect();
        (key, paths, changed)
    }

    /// The problems of every note shown as detached.
    fn detached(&self) -> Vec<Diagnostic> {
        self.site
            .transcripts
            .iter()
            .filter_map(|t| self.whole(t))
            .flat_map(|t| {
                t.detached
                    .iter()
                    .map(|d| d.problem.clone())
                    .collect::<Vec<_>>()
            })
            .collect()
    }
}

fn describe(change: &Change) -> String {
    match change {
        Change::Config => crate::config::CONFIG_FILE.into(),
        Change::Theme => "templates".into(),
        Change::Transcript(path) => path.display().to_string(),
        Change::Content => "content/".into(),
    }
}
