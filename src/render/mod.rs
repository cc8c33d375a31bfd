//! [`Site`] -> [`RenderedPage`]s, through the theme's Tera templates.
//!
//! Templates are compiled once; a template in the site's `templates/`
//! replaces the theme's of the same name. Pages are rendered in parallel,
//! a transcript at a time so that its turns are turned into HTML once for
//! its question pages and its full text alike, and handed to a sink as
//! they are made (the writer, or nothing for `check`), so a large site
//! never sits in memory whole. Each transcript's notes and text are also
//! written as data (see [`export`]).

pub mod cite;
pub mod export;
pub mod highlight;
pub mod i18n;
pub mod markdown;
pub mod publish;
pub mod search;
pub mod views;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::address;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::plain_text;
use crate::output::OutputError;
pub use crate::output::RenderedPage;
use crate::site::Site;
use crate::source::SiteSource;
use i18n::UiStrings;
use views::{Link, NoteHtml, NoteView, Views};

/// The templates every theme must have.
pub const TEMPLATES: &[&str] = &[
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
];

/// Compiled templates and UI strings.
pub struct Renderer {
    tera: Tera,
    strings: UiStrings,
    /// The site's address, ending in `/`, for canonical links.
    base_url: Option<String>,
    /// Where each template was read from, for errors.
    origins: BTreeMap<String, PathBuf>,
}

/// The site-wide data every template sees as `site`.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<String>,
    language: &'a str,
    base_url: Option<&'a str>,
}

impl Renderer {
    /// Compiles the theme's templates with the site's overrides.
    pub fn new(source: &SiteSource, site: &Site) -> Result<Renderer, Diagnostics> {
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
        let config = &site.config;
        tera.global_context().insert(
            "site",
            &SiteView {
                title: &config.title,
                description: config
                    .description
                    .as_deref()
                    .map(|d| markdown::to_html(d, config.raw_html())),
                language: &config.language,
                base_url: config.base_url.as_deref(),
            },
        );
        let origins = templates
            .into_iter()
            .map(|(name, (_, path))| (name, path))
            .collect();
        match strings {
            Some(strings) if problems.is_empty() => Ok(Renderer {
                tera,
                strings,
                base_url: config.base_url.clone(),
                origins,
            }),
            _ => Err(problems),
        }
    }

    /// Renders every page of `site` and hands each to `sink`. Returns how
    /// many pages were made, or every distinct template failure.
    pub fn render_site(
        &self,
        site: &Site,
        sink: &(dyn Fn(RenderedPage) -> Result<(), OutputError> + Sync),
    ) -> Result<usize, RenderError> {
        let views = Views { site };
        let jobs = Renderer::jobs(site);
        let results: Vec<Result<usize, JobFailure>> = jobs
            .into_par_iter()
            .map(|job| {
                // Pages go to the sink as they are made, so a job that
                // makes many (the search texts) never holds them all.
                let mut count = 0;
                let mut failed = None;
                self.job(&views, job, &mut |page| {
                    if failed.is_none() {
                        count += 1;
                        failed = sink(page).err();
                    }
                })
                .map_err(JobFailure::Template)?;
                match failed {
                    Some(error) => Err(JobFailure::Sink(error)),
                    None => Ok(count),
                }
            })
            .collect();
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

    /// Every unit of work of a site: a transcript's pages, each index.
    pub fn jobs(site: &Site) -> Vec<Job> {
        // The search index is the longest job: it starts first, so that
        // the others fill the time beside it.
        std::iter::once(Job::Search)
            .chain((0..site.transcripts.len()).map(Job::Transcript))
            .chain([
                Job::Home,
                Job::Topics,
                Job::Speakers,
                Job::NotFound,
                Job::Highlight,
                Job::Publish,
            ])
            .chain((0..site.topics.len()).map(Job::Topic))
            .chain((0..site.speakers.len()).map(Job::Speaker))
            .collect()
    }

    /// The pages of one job.
    pub fn render_job(&self, site: &Site, job: Job) -> Result<Vec<RenderedPage>, Diagnostic> {
        let mut pages = Vec::new();
        self.job(&Views { site }, job, &mut |page| pages.push(page))?;
        Ok(pages)
    }

    /// Makes the pages of one job, handing each to `emit`.
    fn job(
        &self,
        views: &Views<'_>,
        job: Job,
        emit: &mut dyn FnMut(RenderedPage),
    ) -> Result<(), Diagnostic> {
        if job == Job::Search {
            let language = views.site.config.language.as_str();
            let page = Page::new(address::search(), language, None);
            emit(self.page("search.html", page)?);
            search::index(views.site, emit);
            return Ok(());
        }
        for page in self.job_pages(views, job)? {
            emit(page);
        }
        Ok(())
    }

    fn job_pages(&self, views: &Views<'_>, job: Job) -> Result<Vec<RenderedPage>, Diagnostic> {
        let site = views.site;
        let language = site.config.language.as_str();
        match job {
            Job::Transcript(i) => self.transcript_pages(views, i),
            Job::Home => {
                let transcripts: Vec<_> = site.transcripts.iter().map(|t| views.card(t)).collect();
                let topics = site
                    .topics
                    .iter()
                    .map(|t| views.topic_entry(t))
                    .collect::<Vec<_>>();
                let description = site.config.description.as_deref().map(plain_text);
                let page = Page::new(address::HOME.into(), language, None)
                    .described(description, false)
                    .with("transcripts", &transcripts)
                    .with("topics", &topics);
                let mut pages = vec![self.page("index.html", page)?];
                pages.extend(publish::site_index(views));
                Ok(pages)
            }
            Job::Topics => {
                let page = Page::new(address::topics(), language, None).with(
                    "topics",
                    &site
                        .topics
                        .iter()
                        .map(|t| views.topic_entry(t))
                        .collect::<Vec<_>>(),
                );
                Ok(vec![self.page("topics.html", page)?])
            }
            Job::Topic(i) => {
                let topic = &site.topics[i];
                let questions: Vec<_> = topic
                    .questions
                    .iter()
                    .map(|&r| views.question_item(r))
                    .collect();
                let transcripts: Vec<_> = topic
                    .transcripts
                    .iter()
                    .map(|&t| views.card(&site.transcripts[t]))
                    .collect();
                let view = views.topic_entry(topic);
                let page = Page::new(view.href.clone(), language, Some(&topic.name))
                    .described(topic.description.clone(), false)
                    .with("topic", &view)
                    .with("questions", &questions)
                    .with("transcripts", &transcripts);
                let mut pages = vec![self.page("topic.html", page)?];
                pages.extend(publish::topic_feed(views, topic));
                Ok(pages)
            }
            Job::Speakers => {
                let speakers: Vec<_> = site
                    .speakers
                    .iter()
                    .map(|s| views.speaker_entry(s))
                    .collect();
                let page =
                    Page::new(address::speakers(), language, None).with("speakers", &speakers);
                Ok(vec![self.page("speakers.html", page)?])
            }
            Job::Speaker(i) => {
                let speaker = &site.speakers[i];
                let asked: Vec<_> = speaker
                    .asked
                    .iter()
                    .map(|&r| views.question_item(r))
                    .collect();
                let answered: Vec<_> = speaker
                    .answered
                    .iter()
                    .map(|&r| views.question_item(r))
                    .collect();
                let transcripts: Vec<_> = speaker
                    .transcripts
                    .iter()
                    .map(|&t| views.card(&site.transcripts[t]))
                    .collect();
                let view = views.speaker_entry(speaker);
                let page = Page::new(view.href.clone(), language, Some(&speaker.name))
                    .described(view.description.map(str::to_string), false)
                    .with("speaker", &view)
                    .with("asked", &asked)
                    .with("answered", &answered)
                    .with("transcripts", &transcripts);
                Ok(vec![self.page("speaker.html", page)?])
            }
            Job::NotFound => {
                // Served for any missing path, so its links cannot be
                // relative: they start from the published address, when
                // the site has one.
                let mut page = Page::new(address::NOT_FOUND.into(), language, None);
                if let Some(base) = &site.config.base_url {
                    page.root.clone_from(base);
                }
                Ok(vec![self.page("404.html", page)?])
            }
            Job::Publish => Ok(publish::site_files(site)),
            // Made by `job`, which hands on its pages one at a time.
            Job::Search => Ok(Vec::new()),
            Job::Highlight => Ok(vec![RenderedPage {
                path: highlight::CSS_FILE.into(),
                bytes: highlight::css().into_bytes(),
            }]),
        }
    }

    fn transcript_pages(
        &self,
        views: &Views<'_>,
        index: usize,
    ) -> Result<Vec<RenderedPage>, Diagnostic> {
        let t = &views.site.transcripts[index];
        let language = views.language(t);
        let slug = t.transcript.slug.as_str();
        let meta = views.transcript(t);
        let notes = views.notes(t);
        let notes_html = notes
            .iter()
            .map(|note| self.note_html(note, language))
            .collect::<Result<Vec<_>, _>>()?;
        let turns = views.turns(t, &notes_html);
        let preamble = views.preamble(t, &notes_html);
        let opening = &turns[..t.transcript.opening.len()];
        let rows: Vec<_> = t.questions().map(|q| views.question_row(t, q)).collect();
        let mut pages = Vec::with_capacity(t.question_count() + 2);

        let description = views.transcript_description(t);
        let page = Page::new(
            address::transcript(slug),
            language,
            Some(&t.transcript.meta.title),
        )
        .described(description.clone(), true)
        .with("transcript", &meta)
        .with("preamble", &preamble)
        .with("opening", opening)
        .with("questions", &rows)
        .with("notes", &notes)
        .with("detached", &views.detached(t, None));
        pages.push(self.page("transcript.html", page)?);

        let questions: Vec<_> = t
            .questions()
            .map(|q| views.question(t, q, &turns))
            .collect();
        let page = Page::new(
            address::full_text(slug),
            language,
            Some(&t.transcript.meta.title),
        )
        .described(description, true)
        .with("transcript", &meta)
        .with("preamble", &preamble)
        .with("opening", opening)
        .with("questions", &questions);
        pages.push(self.page("full.html", page)?);

        for (i, question) in questions.iter().enumerate() {
            let link = |j: usize| Link {
                text: rows[j].title,
                href: rows[j].href.clone(),
            };
            let previous = i.checked_sub(1).map(link);
            let next = (i + 1 < rows.len()).then(|| link(i + 1));
            let up = Link {
                text: &t.transcript.meta.title,
                href: meta.href.clone(),
            };
            let page = Page::new(question.href.clone(), language, Some(question.title))
                .described(Some(views.question_description(t.question(i))), true)
                .with("transcript", &meta)
                .with("question", question)
                .with("previous", &previous)
                .with("next", &next)
                .with("up", &up);
            pages.push(self.page("question.html", page)?);
        }
        pages.extend(export::exports(t, views.site.config.base_url.as_deref()));
        Ok(pages)
    }

    /// A note's HTML from the theme's `note.html`, at its words and after
    /// their paragraph.
    fn note_html(&self, note: &NoteView<'_>, language: &str) -> Result<NoteHtml, Diagnostic> {
        let mut context = Context::new();
        context.insert("note", note);
        context.insert_value("t", self.strings.for_language(language));
        let mut render = |place: &str| {
            context.insert("place", place);
            let bytes = self.render("note.html", &context)?;
            Ok::<_, Diagnostic>(String::from_utf8_lossy(&bytes).into_owned())
        };
        Ok(NoteHtml {
            inline: render("inline")?.trim().to_string(),
            after: render("after")?.trim().to_string(),
        })
    }

    fn page(&self, template: &str, page: Page) -> Result<RenderedPage, Diagnostic> {
        let mut context = page.context;
        context.insert("root", &page.root);
        context.insert("lang", &page.language);
        context.insert("description", &page.description);
        context.insert("og_type", if page.article { "article" } else { "website" });
        let canonical = self
            .base_url
            .as_deref()
            .map(|base| address::url(base, &page.path));
        context.insert("canonical", &canonical);
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

/// The units of parallel work, each making a fixed set of pages. Indices
/// are into the [`Site`]'s transcripts, topics and speakers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// A transcript's page, its full text, its question pages and its
    /// data files.
    Transcript(usize),
    Home,
    Topics,
    Topic(usize),
    Speakers,
    Speaker(usize),
    NotFound,
    Highlight,
    /// `robots.txt` and `CNAME`.
    Publish,
    /// The search page and its index.
    Search,
}

/// A page being put together: where it goes and what its template sees.
struct Page {
    path: String,
    root: String,
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
        Page {
            root: address::root_of(&path),
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
