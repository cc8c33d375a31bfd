//! The units of parallel work of a render, and the pages each one makes:
//! one function per kind of page.

use super::search::{Gathering, Keys};
use super::views::{Link, Paginator, Place, TranscriptCard, Views, list_pages, packed_pages};
use super::{RenderedPage, Renderer, export, highlight, publish, search};
use crate::address;
use crate::annotate::BlockTexts;
use crate::diagnostic::Diagnostic;
use crate::markdown::plain_text;
use crate::site::{QuestionRef, Site};
use crate::transcript::Section;

pub(crate) use super::page_text::NoteSelectors;

/// A unit of work, making a fixed set of pages. `T` names a transcript,
/// `P` a topic and `S` a speaker: indices into a [`Site`]'s lists for
/// rendering (the defaults), or keys that outlast one site's lists (see
/// [`Job::map`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Job<T = usize, P = usize, S = usize> {
    /// The search page and its index; the longest job.
    Search,
    /// A transcript's page, its full text, its question pages and its
    /// data files.
    Transcript(T),
    Home,
    Topics,
    Topic(P),
    Speakers,
    Speaker(S),
    NotFound,
    Highlight,
    /// `robots.txt` and `CNAME`.
    Publish,
}

impl Job {
    /// Every job of a site. The search index comes first, so that when it
    /// reads every transcript itself (a server's rebuild) the others fill
    /// the time beside it; a build runs it last, once the transcripts'
    /// jobs have gathered its keys.
    pub(crate) fn all(site: &Site) -> Vec<Job> {
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
}

impl<T, P, S> Job<T, P, S> {
    /// Whether each language's edition makes it too: not the files the
    /// site has once (the 404 page, the highlighting styles, robots.txt).
    pub(crate) fn in_every_edition(&self) -> bool {
        !matches!(self, Job::NotFound | Job::Highlight | Job::Publish)
    }

    /// The same job, its transcript, topic or speaker named another way.
    pub(crate) fn map<U, Q, R>(
        self,
        transcript: impl FnOnce(T) -> U,
        topic: impl FnOnce(P) -> Q,
        speaker: impl FnOnce(S) -> R,
    ) -> Job<U, Q, R> {
        match self {
            Job::Search => Job::Search,
            Job::Transcript(t) => Job::Transcript(transcript(t)),
            Job::Home => Job::Home,
            Job::Topics => Job::Topics,
            Job::Topic(p) => Job::Topic(topic(p)),
            Job::Speakers => Job::Speakers,
            Job::Speaker(s) => Job::Speaker(speaker(s)),
            Job::NotFound => Job::NotFound,
            Job::Highlight => Job::Highlight,
            Job::Publish => Job::Publish,
        }
    }
}

/// How many topics the home page shows (the most discussed); the topics
/// page lists them all.
const HOME_TOPICS: usize = 50;

/// How many times a list page's size the indexes of topics and speakers
/// hold: their entries are one line each.
const INDEX_PAGE: usize = 10;

/// How many entries (a question, or a transcript that holds none) a topic's
/// or speaker's page holds, in times a list page's size: whole
/// transcripts, as many as fit.
const ENTRY_PAGE: usize = 8;

/// The most addresses one sitemap file may hold, as the protocol says;
/// past it the sitemap is an index of parts.
const SITEMAP_URLS: usize = 50_000;

/// The questions of `refs` in the transcripts `transcripts` (sorted).
fn within(refs: &[QuestionRef], transcripts: &[usize]) -> Vec<QuestionRef> {
    // The refs are in transcript order: only those between the first and
    // the last of `transcripts` are looked up.
    debug_assert!(refs.is_sorted_by_key(|r| r.transcript));
    let (Some(&first), Some(&last)) = (transcripts.first(), transcripts.last()) else {
        return Vec::new();
    };
    let from = refs.partition_point(|r| r.transcript < first);
    let to = refs.partition_point(|r| r.transcript <= last);
    among(&refs[from..to], transcripts, |r| r.transcript)
}

/// How many entries each transcript brings to a list page: its questions
/// in `refs`, and one if it is among `whole` (a transcript listed as
/// itself).
fn entries_of(refs: &[&[QuestionRef]], whole: &[usize]) -> impl Fn(usize) -> usize + use<> {
    let mut counts: rustc_hash::FxHashMap<usize, usize> = rustc_hash::FxHashMap::default();
    for r in refs.iter().copied().flatten() {
        *counts.entry(r.transcript).or_default() += 1;
    }
    for &t in whole {
        *counts.entry(t).or_default() += 1;
    }
    move |t| counts.get(&t).copied().unwrap_or(0)
}

/// The `items` whose transcript (`of`) is one of `transcripts` (sorted).
fn among<T: Copy>(items: &[T], transcripts: &[usize], of: impl Fn(&T) -> usize) -> Vec<T> {
    items
        .iter()
        .copied()
        .filter(|item| transcripts.binary_search(&of(item)).is_ok())
        .collect()
}

/// The number of a list's page, from its paginator (1 for a list of one
/// page).
fn number(paginator: Option<&Paginator>) -> usize {
    paginator.map_or(1, |p| p.number)
}

/// A link to a side-by-side view of a page.
#[derive(serde::Serialize)]
struct BilingualLink {
    /// From the edition's root.
    href: String,
    /// The language of the translation, on an original's page (which
    /// links one view per translation).
    language: Option<String>,
    name: Option<String>,
}

impl Renderer {
    /// The side-by-side views of the page at `path` of `listing`: its own,
    /// in a translation's edition; one per translation, on an original's.
    fn bilingual_links(
        &self,
        views: &Views<'_>,
        listing: &crate::site::Listing,
        path: &str,
    ) -> Vec<BilingualLink> {
        if views.site.edition.is_some() {
            return vec![BilingualLink {
                href: address::bilingual(path),
                language: None,
                name: None,
            }];
        }
        listing
            .translations
            .iter()
            .map(|tr| BilingualLink {
                href: format!("{}{}", tr.language.folder(), address::bilingual(path)),
                language: Some(tr.language.as_str().to_string()),
                name: Some(self.strings.name_of(tr.language.as_str())),
            })
            .collect()
    }
}

/// Where pages go as a job makes them.
type Emit<'e> = &'e mut dyn FnMut(RenderedPage);

impl Renderer {
    /// Makes the pages of one job, handing each to `emit`.
    ///
    /// With `gathering`, each transcript's job hands its search keys to it
    /// while the transcript is at hand, and the search job, run after
    /// them all, makes the index from what they gathered; without, the
    /// search job reads every transcript itself.
    pub(super) fn job(
        &self,
        views: &Views<'_>,
        job: Job,
        gathering: Option<&Gathering>,
        emit: Emit<'_>,
    ) -> Result<(), Diagnostic> {
        match job {
            Job::Search => self.search(views, gathering, emit),
            Job::Transcript(i) => {
                let made = self.transcript_pages(views, i, gathering, emit);
                if let (Err(_), Some(gathering)) = (&made, gathering) {
                    // Its pages failed and the build with them; the keys
                    // after its turn are still taken in.
                    gathering.add(i, Keys::default());
                }
                made
            }
            Job::Home => self.home(views, emit),
            Job::Topics => self.topics(views, emit),
            Job::Topic(i) => self.topic(views, i, emit),
            Job::Speakers => self.speakers(views, emit),
            Job::Speaker(i) => self.speaker(views, i, emit),
            Job::NotFound => self.not_found(views, emit),
            Job::Highlight => {
                emit(RenderedPage {
                    path: highlight::CSS_FILE.into(),
                    bytes: highlight::css().into_bytes(),
                });
                Ok(())
            }
            Job::Publish => {
                publish::site_files(views.site).into_iter().for_each(emit);
                Ok(())
            }
        }
    }

    fn search(
        &self,
        views: &Views<'_>,
        gathering: Option<&Gathering>,
        emit: Emit<'_>,
    ) -> Result<(), Diagnostic> {
        let page = views.page(
            address::search(),
            views.site_language(),
            None,
            Place::Everywhere,
        );
        // The other languages' indexes, for a search of all of them.
        let others: Vec<serde_json::Value> = page
            .versions
            .iter()
            .filter(|v| !v.current)
            .map(|v| {
                serde_json::json!({
                    "root": format!("{}{}", page.assets, v.folder),
                    "name": self.strings.name_of(&v.language),
                    "language": v.language,
                })
            })
            .collect();
        let others = (!others.is_empty()).then(|| serde_json::Value::from(others).to_string());
        let page = page.with("others", &others);
        emit(self.page("search.html", page)?);
        match gathering {
            Some(gathering) => {
                search::finish(views.site, gathering, emit);
                Ok(())
            }
            None => search::index(views.site, views.transcripts, emit),
        }
    }

    /// The home page and the pages after it, the archive by year, the
    /// sitemap and the site's feed.
    fn home(&self, views: &Views<'_>, emit: Emit<'_>) -> Result<(), Diagnostic> {
        let site = views.site;
        let size = site.config.paginate.get();
        let all: Vec<usize> = (0..site.transcripts.len()).collect();
        let topics = views.home_topics(HOME_TOPICS);
        let years = views.years();
        let year_links: Vec<_> = years.iter().map(|(link, _)| link).collect();
        let description = site.config.description.as_deref().map(plain_text);
        for list in list_pages(address::HOME, &all, size) {
            let first = list.paginator.as_ref().is_none_or(|p| p.number == 1);
            let page = views
                .page(list.path, views.site_language(), None, Place::Everywhere)
                .of_list(address::HOME, number(list.paginator.as_ref()))
                .described(description.clone(), false)
                .with("transcripts", &views.cards(list.items))
                .with("topics", if first { &topics[..] } else { &[] })
                .with("more_topics", &(first && topics.len() < site.topics.len()))
                .with("years", &year_links)
                .with("paginator", &list.paginator);
            emit(self.page("index.html", page)?);
        }
        let page = views
            .page(
                address::archive(),
                views.site_language(),
                None,
                Place::Everywhere,
            )
            .with("years", &year_links)
            .with("year", &None::<i16>)
            .with("transcripts", &[] as &[TranscriptCard])
            .with("paginator", &None::<Paginator>);
        emit(self.page("archive.html", page)?);
        for (link, transcripts) in &years {
            let title = link.year.to_string();
            for list in list_pages(&link.href, transcripts, size) {
                let page = views
                    .page(
                        list.path,
                        views.site_language(),
                        Some(&title),
                        Place::Year(link.year),
                    )
                    .of_list(&link.href, number(list.paginator.as_ref()))
                    .with("years", &year_links)
                    .with("year", &Some(link.year))
                    .with("transcripts", &views.cards(list.items))
                    .with("paginator", &list.paginator);
                emit(self.page("archive.html", page)?);
            }
        }
        for file in publish::sitemap_files(site, SITEMAP_URLS) {
            let mut context = tera::Context::new();
            context.insert("urls", &file.urls);
            context.insert("sitemaps", &file.sitemaps);
            emit(RenderedPage {
                path: file.path,
                bytes: self.render("sitemap.xml", &context)?,
            });
        }
        if let Some(feed) = publish::site_feed(views) {
            emit(self.data("feed.xml", &feed.path, "feed", &feed)?);
        }
        Ok(())
    }

    fn topics(&self, views: &Views<'_>, emit: Emit<'_>) -> Result<(), Diagnostic> {
        let topics: Vec<_> = views
            .site
            .topics
            .iter()
            .map(|t| views.topic_entry(t))
            .collect();
        let size = views.site.config.paginate.get() * INDEX_PAGE;
        for list in list_pages(&address::topics(), &topics, size) {
            let page = views
                .page(list.path, views.site_language(), None, Place::Everywhere)
                .of_list(&address::topics(), number(list.paginator.as_ref()))
                .with("topics", list.items)
                .with("paginator", &list.paginator);
            emit(self.page("topics.html", page)?);
        }
        Ok(())
    }

    fn topic(&self, views: &Views<'_>, index: usize, emit: Emit<'_>) -> Result<(), Diagnostic> {
        let site = views.site;
        let topic = &site.topics[index];
        let view = views.topic_entry(topic);
        // Each page holds some transcripts, newest first: the questions on
        // the topic in them, and those tagged with it as a whole.
        let mut units: Vec<usize> = topic.questions.iter().map(|r| r.transcript).collect();
        units.extend(&topic.transcripts);
        units.sort_unstable();
        units.dedup();
        let feed = address::topic_feed(topic.slug.as_str());
        let entries = entries_of(&[&topic.questions], &topic.transcripts);
        let budget = site.config.paginate.get() * ENTRY_PAGE;
        for list in packed_pages(&view.href, &units, budget, &entries) {
            let questions = within(&topic.questions, list.items);
            let transcripts = among(&topic.transcripts, list.items, |&t| t);
            let page = views
                .page(
                    list.path,
                    views.site_language(),
                    Some(&topic.name),
                    Place::Topic(&topic.key),
                )
                .of_list(&view.href, number(list.paginator.as_ref()))
                .described(topic.description.clone(), false)
                .with("topic", &view)
                .with("questions", &views.question_items(&questions))
                .with("transcripts", &views.cards(&transcripts))
                .with("feed", &feed)
                .with("paginator", &list.paginator);
            emit(self.page("topic.html", page)?);
        }
        if let Some(feed) = publish::topic_feed(views, topic) {
            emit(self.data("feed.xml", &feed.path, "feed", &feed)?);
        }
        Ok(())
    }

    fn speakers(&self, views: &Views<'_>, emit: Emit<'_>) -> Result<(), Diagnostic> {
        let speakers: Vec<_> = views
            .site
            .speakers
            .iter()
            .map(|s| views.speaker_entry(s))
            .collect();
        let size = views.site.config.paginate.get() * INDEX_PAGE;
        for list in list_pages(&address::speakers(), &speakers, size) {
            let page = views
                .page(list.path, views.site_language(), None, Place::Everywhere)
                .of_list(&address::speakers(), number(list.paginator.as_ref()))
                .with("speakers", list.items)
                .with("paginator", &list.paginator);
            emit(self.page("speakers.html", page)?);
        }
        Ok(())
    }

    fn speaker(&self, views: &Views<'_>, index: usize, emit: Emit<'_>) -> Result<(), Diagnostic> {
        let site = views.site;
        let speaker = &site.speakers[index];
        let view = views.speaker_entry(speaker);
        // Each page holds some of the transcripts they speak in, newest
        // first, with what they asked and answered in them.
        let mut units = speaker.transcripts.clone();
        units.sort_unstable();
        let entries = entries_of(&[&speaker.asked, &speaker.answered], &[]);
        let budget = site.config.paginate.get() * ENTRY_PAGE;
        for list in packed_pages(&view.href, &units, budget, &entries) {
            let page = views
                .page(
                    list.path,
                    views.site_language(),
                    Some(&speaker.name),
                    Place::Speaker(speaker.slug.as_str()),
                )
                .of_list(&view.href, number(list.paginator.as_ref()))
                .described(view.description.map(str::to_string), false)
                .with("speaker", &view)
                .with(
                    "asked",
                    &views.question_items(&within(&speaker.asked, list.items)),
                )
                .with(
                    "answered",
                    &views.question_items(&within(&speaker.answered, list.items)),
                )
                .with("transcripts", &views.cards(list.items))
                .with("paginator", &list.paginator);
            emit(self.page("speaker.html", page)?);
        }
        Ok(())
    }

    fn not_found(&self, views: &Views<'_>, emit: Emit<'_>) -> Result<(), Diagnostic> {
        // Served for any missing path, so its links cannot be relative:
        // they start from the published address, when the site has one.
        let mut page = views.page(
            address::NOT_FOUND.into(),
            views.site_language(),
            None,
            Place::Alone,
        );
        if let Some(base) = &views.site.config.base_url {
            page.root.clone_from(base);
            page.assets.clone_from(base);
        }
        emit(self.page("404.html", page)?);
        Ok(())
    }

    /// A transcript's page, its full text, a page per question and its
    /// data files. Its turns are rendered once, for the full text and the
    /// question pages alike.
    fn transcript_pages(
        &self,
        views: &Views<'_>,
        index: usize,
        gathering: Option<&Gathering>,
        emit: Emit<'_>,
    ) -> Result<(), Diagnostic> {
        let listing = &*views.site.transcripts[index];
        let t = &*views.whole(listing)?;
        let place = Place::Transcript(listing);
        let language = views.language(t);
        let slug = t.transcript.slug.as_str();
        let title = &t.transcript.meta.title;
        let meta = views.transcript(t);
        let notes = views.notes(t);
        let notes_html = notes
            .iter()
            .map(|note| self.note_html(note, language))
            .collect::<Result<Vec<_>, _>>()?;
        // The full text and the question pages are as deep as each other,
        // the transcript's page less: its opening is rendered for it again
        // when a recording's times link from the page.
        let deep = address::root_of(&address::full_text(slug));
        let turns = views.turns(t, &notes_html, &deep);
        let preamble = views.preamble(t, &notes_html, &deep);
        let opening = &turns[..t.transcript.opening.len()];
        let linked = t
            .transcript
            .meta
            .media
            .as_ref()
            .and_then(|m| m.static_file())
            .is_some();
        // Rendered again only when its times link into a file of the site.
        let own = linked.then(|| {
            let root = address::root_of(&address::transcript(slug));
            let mut turns = views.turns(t, &notes_html, &root);
            turns.truncate(t.transcript.opening.len());
            (turns, views.preamble(t, &notes_html, &root))
        });
        let (own_opening, own_preamble) = own
            .as_ref()
            .map_or((opening, &preamble), |(turns, preamble)| {
                (turns.as_slice(), preamble)
            });
        let rows: Vec<_> = t.questions().map(|q| views.question_row(t, q)).collect();
        let description = views.transcript_description(&t.transcript.meta);

        let page = views
            .page(address::transcript(slug), language, Some(title), place)
            .described(description.clone(), true)
            .with("transcript", &meta)
            .with("preamble", own_preamble)
            .with("opening", own_opening)
            .with("questions", &rows)
            .with("notes", &notes)
            .with("detached", &views.detached(t, None));
        let page = self.page("transcript.html", page)?;
        let mut selectors = NoteSelectors::new();
        selectors.read(t, Section::Opening, &page);
        emit(page);

        let questions: Vec<_> = t
            .questions()
            .map(|q| views.question(t, q, &turns))
            .collect();
        let page = views
            .page(address::full_text(slug), language, Some(title), place)
            .described(description, true)
            .with("transcript", &meta)
            .with("preamble", &preamble)
            .with("opening", opening)
            .with("questions", &questions)
            .with(
                "bilingual",
                &self.bilingual_links(views, listing, &address::full_text(slug)),
            );
        emit(self.page("full.html", page)?);

        let up = Link {
            text: title,
            href: meta.href.clone(),
        };
        for (i, question) in questions.iter().enumerate() {
            let link = |j: usize| Link {
                text: rows[j].title,
                href: rows[j].href.clone(),
            };
            let previous = i.checked_sub(1).map(link);
            let next = (i + 1 < rows.len()).then(|| link(i + 1));
            let page = views
                .page(question.href.clone(), language, Some(question.title), place)
                .described(Some(t.question(i).description()), true)
                .with("transcript", &meta)
                .with("question", question)
                .with("previous", &previous)
                .with("next", &next)
                .with("up", &up)
                .with(
                    "bilingual",
                    &self.bilingual_links(views, listing, &question.href),
                );
            let page = self.page("question.html", page)?;
            selectors.read(t, Section::Question(question.number), &page);
            emit(page);
        }
        let texts = BlockTexts::of(&t.transcript, t.raw_html);
        self.after_pages(views, listing, (t, &texts), &meta, &selectors, emit)?;
        if let Some(gathering) = gathering {
            let (page, keys) = search::transcript_keys(views.site, t, &texts);
            page.into_iter().for_each(&mut *emit);
            gathering.add(index, keys);
        }
        Ok(())
    }

    /// What follows a transcript's pages: in a translation's edition, its
    /// side-by-side views; then its data files.
    fn after_pages(
        &self,
        views: &Views<'_>,
        listing: &crate::site::Listing,
        (t, texts): (&crate::annotate::AnnotatedTranscript, &BlockTexts),
        meta: &super::views::TranscriptView<'_>,
        selectors: &NoteSelectors,
        emit: Emit<'_>,
    ) -> Result<(), Diagnostic> {
        if views.site.edition.is_some() {
            let original = views.transcripts.whole(listing)?;
            self.bilingual(views, listing, &original, t, meta, emit)?;
        }
        export::exports(
            t,
            texts,
            views.site.config.base_url.as_deref(),
            selectors,
            views.site.config.exports,
            &views.data_versions(listing, t),
        )
        .into_iter()
        .for_each(emit);
        Ok(())
    }

    /// The side-by-side views of a translation `t` and its `original`:
    /// one for each question, and one of the whole text.
    fn bilingual(
        &self,
        views: &Views<'_>,
        listing: &crate::site::Listing,
        original: &crate::annotate::AnnotatedTranscript,
        t: &crate::annotate::AnnotatedTranscript,
        meta: &super::views::TranscriptView<'_>,
        emit: Emit<'_>,
    ) -> Result<(), Diagnostic> {
        use super::views::bilingual::{ORIGINAL_IDS, TRANSLATION_IDS};
        let slug = t.transcript.slug.as_str();
        let language = views.language(t);
        let original_language = listing
            .original_language
            .as_deref()
            .unwrap_or(&views.origin.config.language);
        let side = |side: &crate::annotate::AnnotatedTranscript, ids: &str, language: &str| {
            let notes = views.side_notes(side, ids);
            notes
                .iter()
                .map(|note| self.note_html(note, language))
                .collect::<Result<Vec<_>, _>>()
        };
        let notes = (
            side(original, ORIGINAL_IDS, original_language)?,
            side(t, TRANSLATION_IDS, language)?,
        );
        // Every side-by-side page is as deep as the full text's.
        let root = address::root_of(&address::bilingual(&address::full_text(slug)));
        let blocks = (
            views.blocks(original, &notes.0, &root, ORIGINAL_IDS),
            views.blocks(t, &notes.1, &root, TRANSLATION_IDS),
        );
        let (preamble, turns) = views.paired(original, t, (&blocks.0, &blocks.1));
        let opening = t.transcript.opening.len();
        let sections: Vec<BilingualSection<'_, '_>> = std::iter::once(BilingualSection {
            number: None,
            id: "opening".into(),
            title: None,
            original_title: None,
            href: meta.href.clone(),
            turns: &turns[..opening],
        })
        .chain(t.questions().zip(original.questions()).map(|(q, o)| {
            let first = q.question.turns.first().map_or(0, |turn| turn.number);
            let start = turns.partition_point(|turn| turn.number < first);
            let end = turns.partition_point(|turn| turn.number < first + q.question.turns.len());
            BilingualSection {
                number: Some(q.number()),
                id: format!("q{}", q.number()),
                title: Some(q.title()),
                original_title: Some(o.title()),
                href: views.question_href(t, q.number()),
                turns: &turns[start..end],
            }
        }))
        .collect();
        let place = Place::Transcript(listing);
        let title = &t.transcript.meta.title;
        let render = |path: String,
                      at: &str,
                      title: &str,
                      sections: &[BilingualSection<'_, '_>],
                      preamble: &[_]| {
            let mut page = views
                .page(path, language, Some(title), place)
                .with("transcript", meta)
                .with("original_title", &original.transcript.meta.title)
                .with("original_language", original_language)
                .with("preamble", preamble)
                .with("sections", sections)
                .with(
                    "up",
                    &Link {
                        text: title,
                        href: at.to_string(),
                    },
                );
            page.counterpart = Some(at.to_string());
            self.page("bilingual.html", page)
        };
        let full = address::full_text(slug);
        emit(render(
            address::bilingual(&full),
            &full,
            title,
            &sections,
            &preamble,
        )?);
        for section in &sections[1..] {
            let at = section.href.clone();
            let title = section.title.unwrap_or(title);
            emit(render(
                address::bilingual(&at),
                &at,
                title,
                std::slice::from_ref(section),
                &[],
            )?);
        }
        Ok(())
    }
}

/// A part of a side-by-side page: the opening or a question.
#[derive(serde::Serialize)]
struct BilingualSection<'a, 's> {
    number: Option<usize>,
    id: String,
    title: Option<&'s str>,
    original_title: Option<&'s str>,
    /// Its page in the translation.
    href: String,
    turns: &'a [super::views::bilingual::PairedTurn<'s>],
}
