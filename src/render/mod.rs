//! [`Site`] -> [`RenderedPage`]s, through the theme's Tera templates.
//!
//! Templates are compiled once; a template in the site's `templates/`
//! replaces the theme's of the same name. Pages are rendered in parallel,
//! a transcript at a time so that its turns are turned into HTML once for
//! its question pages and its full text alike, and handed to a sink as
//! they are made (the writer, or nothing for `check`), so a large site
//! never sits in memory whole. Each transcript's notes and text are also
//! written as data (see [`export`]).
//!
//! The site lists its transcripts; their words come from [`Transcripts`],
//! which may hold them all or read each one again as its pages are made.
//!
//! Each language's edition of the site (the translations into it) is
//! rendered by the same jobs into that language's folder (`en/`): its
//! pages link within it from `root` and reach the site's static files
//! from `assets`, and each page names its versions in the other languages.

pub(crate) mod captions;
pub(crate) mod cite;
pub(crate) mod export;
pub(crate) mod highlight;
pub(crate) mod i18n;
mod jobs;
pub(crate) mod markdown;
pub(crate) mod page_text;
pub(crate) mod podcast;
pub(crate) mod publish;
pub(crate) mod search;
pub(crate) mod views;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::address;
use crate::annotate::AnnotatedTranscript;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::language::Language;
use crate::output::OutputError;
pub(crate) use crate::output::RenderedPage;
use crate::site::{Listing, Site};
use crate::source::SiteSource;
use i18n::UiStrings;
pub(crate) use jobs::Job;
use views::{NoteHtml, NoteView, Views};

/// The templates every theme must have.
pub(crate) const TEMPLATES: &[&str] = &[
    "index.html",
    "transcript.html",
    "question.html",
    "full.html",
    "topics.html",
    "topic.html",
    "speakers.html",
    "speaker.html",
    "404.html",
    "note.html",
    "search.html",
    "feed.xml",
    "sitemap.xml",
    "bilingual.html",
];

/// Where a render finds the whole of each transcript its site lists: the
/// words its own pages and the search are made of.
pub(crate) trait Transcripts: Sync {
    /// The whole of the transcript `listing` lists.
    fn whole(&self, listing: &Listing) -> Result<Arc<AnnotatedTranscript>, Diagnostic>;
}

/// Every transcript of a site, held in memory, by source path.
#[derive(Debug, Clone, Default)]
pub(crate) struct Held(BTreeMap<PathBuf, Arc<AnnotatedTranscript>>);

impl Held {
    pub(crate) fn insert(&mut self, t: Arc<AnnotatedTranscript>) {
        self.0.insert(t.transcript.path.clone(), t);
    }

    /// The same with the transcripts at `paths` replaced by `fresh` (a
    /// path not among them is gone).
    pub(crate) fn with(
        &self,
        paths: &std::collections::BTreeSet<PathBuf>,
        fresh: Vec<Arc<AnnotatedTranscript>>,
    ) -> Held {
        let mut held = self.clone();
        held.0.retain(|path, _| !paths.contains(path));
        for t in fresh {
            held.insert(t);
        }
        held
    }
}

impl Transcripts for Held {
    fn whole(&self, listing: &Listing) -> Result<Arc<AnnotatedTranscript>, Diagnostic> {
        self.0.get(&listing.path).cloned().ok_or_else(|| {
            Diagnostic::new(
                &listing.path,
                "this transcript was not parsed with the site",
            )
            .help("build again")
        })
    }
}

/// Compiled templates and UI strings.
pub(crate) struct Renderer {
    tera: Tera,
    strings: UiStrings,
    /// Where each template was read from, for errors.
    origins: BTreeMap<String, PathBuf>,
    /// What the templates see as `site` in each language's edition (the
    /// originals' is the templates' global `site`).
    editions: BTreeMap<Language, tera::Value>,
}

/// The site-wide data every template sees as `site`.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<String>,
    language: &'a str,
    base_url: Option<&'a str>,
}

impl SiteView<'_> {
    fn of(config: &crate::config::Config) -> SiteView<'_> {
        SiteView {
            title: &config.title,
            description: config
                .description
                .as_deref()
                .map(|d| markdown::to_html(d, config.raw_html())),
            language: &config.language,
            base_url: config.base_url.as_deref(),
        }
    }
}

/// The whole of the transcript `listing` lists, in the language it is
/// listed in.
pub(crate) fn version(
    transcripts: &dyn Transcripts,
    listing: &Listing,
) -> Result<Arc<AnnotatedTranscript>, Diagnostic> {
    let whole = transcripts.whole(listing)?;
    match &listing.edition {
        None => Ok(whole),
        Some(language) => whole
            .translations
            .iter()
            .find(|t| &t.language == language)
            .map(|t| Arc::clone(&t.whole))
            .ok_or_else(|| {
                Diagnostic::new(
                    &listing.path,
                    format!("its translation into {language} is gone"),
                )
                .help("build again")
            }),
    }
}

impl Renderer {
    /// Compiles the theme's templates with the site's overrides.
    pub(crate) fn new(source: &SiteSource, site: &Site) -> Result<Renderer, Diagnostics> {
        let theme = &source.theme;
        let mut templates: BTreeMap<String, (&str, PathBuf)> = BTreeMap::new();
        for file in &theme.templates {
            let name = file.path.to_string_lossy().replace('\\', "/");
            templates.insert(
                name,
                (&file.text, theme.shown_path("templates", &file.path)),
            );
        }
        for file in &source.templates {
            let name = file.path.to_string_lossy().replace('\\', "/");
            templates.insert(
                name,
                (&file.text, PathBuf::from("templates").join(&file.path)),
            );
        }
        let mut problems = Diagnostics::new();
        for name in TEMPLATES {
            if !templates.contains_key(*name) {
                problems.push(
                    Diagnostic::new(
                        theme.shown_path("templates", name.as_ref()),
                        format!("missing template `{name}`"),
                    )
                    .help(format!(
                        "the theme `{}` must have it; add it to templates/ to provide it",
                        theme.name
                    )),
                );
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        if let Err(error) =
            tera.add_raw_templates(templates.iter().map(|(name, (text, _))| (name, text)))
        {
            problems.push(template_error(&error, &templates));
        }
        let strings = UiStrings::parse(&theme.i18n, |f| theme.shown_path("i18n", &f.path));
        let strings = match strings {
            Ok(strings) => Some(strings),
            Err(d) => {
                problems.extend(d);
                None
            }
        };
        tera.global_context()
            .insert("site", &SiteView::of(&site.config));
        let editions = site
            .editions
            .iter()
            .filter_map(|e| {
                let language = e.edition.clone()?;
                Some((
                    language,
                    tera::Value::from_serializable(&SiteView::of(&e.config)),
                ))
            })
            .collect();
        let origins = templates
            .into_iter()
            .map(|(name, (_, path))| (name, path))
            .collect();
        match strings {
            Some(strings) if problems.is_empty() => Ok(Renderer {
                tera,
                strings,
                origins,
                editions,
            }),
            _ => Err(problems),
        }
    }

    /// Renders every page of `site` and of its editions in other
    /// languages, and hands each to `sink`. Returns how many pages were
    /// made, or every distinct template failure.
    pub(crate) fn render_site(
        &self,
        site: &Site,
        transcripts: &dyn Transcripts,
        sink: &(dyn Fn(RenderedPage) -> Result<(), OutputError> + Sync),
    ) -> Result<usize, RenderError> {
        self.render_sites(site, transcripts, 0, sink)
    }

    /// Every page of the editions of `site` in other languages.
    pub(crate) fn render_editions(
        &self,
        site: &Site,
        transcripts: &dyn Transcripts,
    ) -> Result<Vec<RenderedPage>, RenderError> {
        let pages = std::sync::Mutex::new(Vec::new());
        self.render_sites(site, transcripts, 1, &|page| {
            pages
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(page);
            Ok(())
        })?;
        let mut pages = pages
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(pages)
    }

    /// The pages of `site` (0) and its editions (1, 2, ...) from the
    /// `first`.
    fn render_sites(
        &self,
        site: &Site,
        transcripts: &dyn Transcripts,
        first: usize,
        sink: &(dyn Fn(RenderedPage) -> Result<(), OutputError> + Sync),
    ) -> Result<usize, RenderError> {
        let sites: Vec<&Site> = std::iter::once(site).chain(&site.editions).collect();
        let jobs: Vec<(usize, Job)> = sites
            .iter()
            .enumerate()
            .skip(first)
            .flat_map(|(i, s)| {
                Job::all(s)
                    .into_iter()
                    .filter(move |job| i == 0 || job.in_every_edition())
                    .map(move |job| (i, job))
            })
            .collect();
        // The originals' search keys are gathered by their transcripts'
        // jobs, taken in the order of the transcripts so that their keys
        // come nearly in order, beside every other job; the originals'
        // search job makes the index after them.
        let gathering = search::Gathering::default();
        let run = |(k, (i, job)): (usize, (usize, Job))| {
            let views = Views {
                site: sites[i],
                transcripts,
                origin: site,
            };
            let folder = views.folder();
            // Pages go to the sink as they are made, so a job that
            // makes many (the search texts) never holds them all.
            let mut count = 0;
            let mut failed = None;
            let gathering = (i == 0).then_some(&gathering);
            let made = self.job(&views, job, gathering, &mut |mut page| {
                if failed.is_none() {
                    count += 1;
                    if !folder.is_empty() {
                        page.path.insert_str(0, &folder);
                    }
                    failed = sink(page).err();
                }
            });
            let made = match (made, failed) {
                (Err(problem), _) => Err(JobFailure::Template(problem)),
                (Ok(()), Some(error)) => Err(JobFailure::Sink(error)),
                (Ok(()), None) => Ok(count),
            };
            (k, made)
        };
        let (mut transcript_jobs, mut others, mut last) = (Vec::new(), Vec::new(), Vec::new());
        for (k, job) in jobs.into_iter().enumerate() {
            match job {
                (0, Job::Transcript(_)) => transcript_jobs.push((k, job)),
                (0, Job::Search) => last.push((k, job)),
                _ => others.push((k, job)),
            }
        }
        let (mut results, others) = rayon::join(
            || {
                transcript_jobs
                    .into_iter()
                    .par_bridge()
                    .map(run)
                    .collect::<Vec<_>>()
            },
            || others.into_par_iter().map(run).collect::<Vec<_>>(),
        );
        results.extend(others);
        results.extend(last.into_iter().map(run));
        // In the order of the jobs, for the order of their errors.
        results.sort_unstable_by_key(|(k, _)| *k);
        let results = results.into_iter().map(|(_, made)| made);
        let mut count = 0;
        let mut problems = Diagnostics::new();
        for result in results {
            match result {
                Ok(n) => count += n,
                Err(JobFailure::Template(d)) => problems.push_unique(d),
                Err(JobFailure::Sink(e)) => return Err(RenderError::Output(e)),
            }
        }
        if problems.is_empty() {
            Ok(count)
        } else {
            Err(RenderError::Templates(problems))
        }
    }

    /// The pages of one job of the originals' site.
    pub(crate) fn render_job(
        &self,
        site: &Site,
        transcripts: &dyn Transcripts,
        job: Job,
    ) -> Result<Vec<RenderedPage>, Diagnostic> {
        let mut pages = Vec::new();
        let views = Views {
            site,
            transcripts,
            origin: site,
        };
        self.job(&views, job, None, &mut |page| pages.push(page))?;
        Ok(pages)
    }

    /// A note's HTML from the theme's `note.html`, at its words.
    fn note_html(&self, note: &NoteView<'_>, language: &str) -> Result<NoteHtml, Diagnostic> {
        let mut context = Context::new();
        context.insert("note", note);
        context.insert("place", "inline");
        context.insert_value("t", self.strings.for_language(language));
        let bytes = self.render("note.html", &context)?;
        Ok(NoteHtml {
            inline: String::from_utf8_lossy(&bytes).trim().to_string(),
        })
    }

    /// A file that is not a page (a feed, the sitemap), made by
    /// `template` from `value`, which it sees as `key`.
    fn data<T: Serialize>(
        &self,
        template: &str,
        path: &str,
        key: &'static str,
        value: &T,
    ) -> Result<RenderedPage, Diagnostic> {
        let mut context = Context::new();
        context.insert(key, value);
        Ok(RenderedPage {
            path: path.to_string(),
            bytes: self.render(template, &context)?,
        })
    }

    fn page(&self, template: &str, page: Page) -> Result<RenderedPage, Diagnostic> {
        let mut context = page.context;
        context.insert("root", &page.root);
        context.insert("assets", &page.assets);
        context.insert("lang", &page.language);
        context.insert("description", &page.description);
        context.insert("og_type", if page.article { "article" } else { "website" });
        let canonical = page
            .base
            .as_deref()
            .map(|base| address::url(base, &page.path));
        context.insert("canonical", &canonical);
        let counterpart = page.counterpart.as_deref().unwrap_or(&page.path);
        let alternates: Vec<views::Alternate> = page
            .versions
            .iter()
            .map(|v| views::Alternate {
                name: self.strings.name_of(&v.language),
                href: views::version_href(
                    page.origin_base.as_deref(),
                    &page.assets,
                    &v.folder,
                    if v.counterpart {
                        counterpart
                    } else {
                        address::HOME
                    },
                ),
                language: v.language.clone(),
                hreflang: v.counterpart && page.counterpart.is_none(),
                current: v.current,
            })
            .collect();
        // Versions name each other only where more than one has the page,
        // and the default is the original's.
        let named = alternates.iter().filter(|a| a.hreflang).count() > 1;
        let x_default = alternates
            .first()
            .filter(|a| named && a.hreflang)
            .map(|a| a.href.clone());
        context.insert("alternates", &alternates);
        context.insert("hreflang", &named);
        context.insert("x_default", &x_default);
        if let Some(site) = page.edition.as_ref().and_then(|l| self.editions.get(l)) {
            context.insert_value("site", site.clone());
        }
        context.insert_value("t", self.strings.for_language(&page.language));
        Ok(RenderedPage {
            path: page.path,
            bytes: self.render(template, &context)?,
        })
    }

    /// Renders `template` into bytes: Tera's output is UTF-8 by
    /// construction, and a page is written as bytes, so it is not checked
    /// again.
    fn render(&self, template: &str, context: &Context) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, context, &mut out)
            .map(|()| out)
            .map_err(|error| {
                let file = self
                    .origins
                    .get(template)
                    .cloned()
                    .unwrap_or_else(|| template.into());
                Diagnostic::new(file, format!("template `{template}` failed: {error}"))
                    .help("fix the template; `colloq check` lists every failure")
            })
    }
}

/// Why rendering a site failed: its templates, or writing its pages.
#[derive(Debug)]
pub enum RenderError {
    Templates(Diagnostics),
    Output(OutputError),
}

/// How one job failed.
enum JobFailure {
    Template(Diagnostic),
    Sink(OutputError),
}

/// A page being put together: where it goes and what its template sees.
struct Page {
    /// In its edition's folder.
    path: String,
    /// The way back to its edition's root.
    root: String,
    /// The way back to the site's root, where the static files are.
    assets: String,
    /// The language of the edition it is in; `None` for the originals'.
    edition: Option<Language>,
    /// Its edition's address, for its canonical link.
    base: Option<String>,
    /// The site's address, for its versions in other languages.
    origin_base: Option<String>,
    /// Its versions in every language, this one among them.
    versions: Vec<views::Version>,
    /// Where its versions are, when not at its own path: a list's first
    /// page, from the pages after it (which name no `hreflang`).
    counterpart: Option<String>,
    language: String,
    /// One or two sentences for search engines and link previews.
    description: Option<String>,
    /// An article (a transcript or question) rather than an index.
    article: bool,
    context: Context,
}

impl Page {
    fn new(path: String, language: &str, title: Option<&str>) -> Page {
        let mut context = Context::new();
        context.insert("page_title", &title);
        context.insert("paginator", &None::<views::Paginator>);
        context.insert("bilingual", &[] as &[u8]);
        let root = address::root_of(&path);
        Page {
            assets: root.clone(),
            root,
            edition: None,
            base: None,
            origin_base: None,
            versions: Vec::new(),
            counterpart: None,
            path,
            language: language.to_string(),
            description: None,
            article: false,
            context,
        }
    }

    /// Describes the page for previews; `article` for a transcript or a
    /// question.
    fn described(mut self, description: Option<String>, article: bool) -> Page {
        self.description = description.filter(|d| !d.is_empty());
        self.article = article;
        self
    }

    /// Page `number` of a list whose first page is at `first`: its
    /// versions are the first pages of the same list in other languages.
    fn of_list(mut self, first: &str, number: usize) -> Page {
        if number > 1 {
            self.counterpart = Some(first.to_string());
        }
        self
    }

    fn with<T: Serialize + ?Sized>(mut self, key: &'static str, value: &T) -> Page {
        self.context.insert(key, value);
        self
    }
}

fn template_error(
    error: &tera::Error,
    templates: &BTreeMap<String, (&str, PathBuf)>,
) -> Diagnostic {
    let report = error.to_string();
    let file = templates
        .iter()
        .find(|(name, _)| report.contains(name.as_str()))
        .map_or_else(|| PathBuf::from("templates"), |(_, (_, path))| path.clone());
    Diagnostic::new(file, format!("template error: {report}"))
        .help("fix the template; its line and column are shown above")
}
