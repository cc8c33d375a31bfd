//! What a published site needs besides its pages: `sitemap.xml`, Atom
//! feeds (the site's newest transcripts and each topic's newest
//! questions), `robots.txt` and `CNAME` for a custom domain.
//!
//! The sitemap and the feeds are the theme's templates `sitemap.xml` and
//! `feed.xml`, which a site can replace like any other; this module makes
//! what they show. They need absolute addresses, so they are written only
//! for a site with a `base_url`. Addresses in them are percent-encoded (a
//! CJK topic slug becomes `%E4%B8%AD…`), dates are the transcripts'.

use std::fmt::Write as _;

use serde::Serialize;

use super::RenderedPage;
use super::markdown::escape;
use super::views::Views;
use crate::address::{self, url};
use crate::site::{Site, Topic};

/// How many transcripts the site's feed holds.
const SITE_FEED_ENTRIES: usize = 20;
/// How many questions a topic's feed holds.
const TOPIC_FEED_ENTRIES: usize = 30;

/// `robots.txt`, and `CNAME` for a custom domain.
pub(crate) fn site_files(site: &Site) -> Vec<RenderedPage> {
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = &site.config.base_url {
        let _ = writeln!(robots, "Sitemap: {}", url(base, address::SITEMAP));
        // Each language's edition has a sitemap of its own pages.
        for edition in site.editions.iter().filter_map(|e| e.edition.as_ref()) {
            let sitemap = format!("{}{}", edition.folder(), address::SITEMAP);
            let _ = writeln!(robots, "Sitemap: {}", url(base, &sitemap));
        }
    }
    let mut files = vec![page("robots.txt", robots)];
    if let Some(domain) = &site.config.domain {
        files.push(page("CNAME", format!("{}\n", domain.trim())));
    }
    // The player's script and styles, for a site with recordings only: a
    // site without them is built as it was. A theme's own `media.js` or
    // `media.css` (a static file) replaces them.
    if site.transcripts.iter().any(|t| t.meta.media.is_some()) {
        files.push(page(MEDIA_SCRIPT, include_str!("media.js").to_string()));
        files.push(page("media.css", include_str!("media.css").to_string()));
    }
    files.extend(super::podcast::feed(site));
    files
}

/// The player's script, at the site's root.
pub(crate) const MEDIA_SCRIPT: &str = "media.js";

/// An Atom feed, for the theme's `feed.xml`.
#[derive(Debug, Serialize)]
pub(crate) struct Feed {
    /// Where the feed is written.
    #[serde(skip)]
    pub(crate) path: String,
    pub(crate) title: String,
    /// The feed's own address, which is also its id.
    pub(crate) url: String,
    /// The page it follows.
    pub(crate) alternate: String,
    /// The site's address, as the author's.
    pub(crate) author_uri: String,
    pub(crate) language: String,
    /// The newest entry's time (RFC 3339).
    pub(crate) updated: String,
    pub(crate) entries: Vec<FeedEntry>,
}

/// An entry of a feed: a transcript or a question.
#[derive(Debug, Serialize)]
pub(crate) struct FeedEntry {
    pub(crate) title: String,
    /// Its page, which is also its id.
    pub(crate) url: String,
    pub(crate) updated: String,
    /// Plain text.
    pub(crate) summary: String,
    /// HTML, escaped once more by the template as XML text.
    pub(crate) content: String,
}

impl Feed {
    fn new(base: &str, title: String, path: String, alternate: &str, language: &str) -> Feed {
        Feed {
            title,
            url: url(base, &path),
            alternate: url(base, alternate),
            author_uri: base.to_string(),
            language: language.to_string(),
            updated: String::new(),
            entries: Vec::new(),
            path,
        }
    }

    /// Adds the page at `path` (a path in the site) of `date`.
    fn entry(&mut self, title: &str, path: &str, date: &str, summary: String, content: String) {
        let entry = FeedEntry {
            title: title.to_string(),
            url: url(&self.author_uri, path),
            updated: day_start(date),
            summary,
            content,
        };
        if *self.updated < *entry.updated {
            self.updated.clone_from(&entry.updated);
        }
        self.entries.push(entry);
    }

    fn finish(mut self) -> Feed {
        if self.updated.is_empty() {
            self.updated = "1970-01-01T00:00:00Z".into();
        }
        self
    }
}

/// A date as the start of its day in UTC, as Atom writes times.
fn day_start(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

/// The site's `feed.xml`: its newest transcripts, each with its questions.
pub(crate) fn site_feed(views: &Views<'_>) -> Option<Feed> {
    let site = views.site;
    let base = site.config.base_url.as_deref()?;
    let mut feed = Feed::new(
        base,
        site.config.title.clone(),
        address::FEED.into(),
        address::HOME,
        &site.config.language,
    );
    for t in site.transcripts.iter().take(SITE_FEED_ENTRIES) {
        let card = views.card(t);
        let summary = views
            .transcript_description(&t.meta)
            .unwrap_or_else(|| card.title.to_string());
        let mut content = format!("<p>{}</p><ol>", escape(&summary));
        for q in &t.questions {
            let href = address::question(t.slug.as_str(), q.number);
            let _ = write!(
                content,
                "<li><a href=\"{}\">{}</a></li>",
                escape(&url(base, &href)),
                escape(&q.title)
            );
        }
        content.push_str("</ol>");
        feed.entry(card.title, &card.href, &card.date, summary, content);
    }
    Some(feed.finish())
}

/// A topic's `feed.xml`, beside its page: its newest questions.
pub(crate) fn topic_feed(views: &Views<'_>, topic: &Topic) -> Option<Feed> {
    let site = views.site;
    let base = site.config.base_url.as_deref()?;
    let slug = topic.slug.as_str();
    let mut feed = Feed::new(
        base,
        format!("{} · {}", topic.name, site.config.title),
        address::topic_feed(slug),
        &address::topic(slug),
        &site.config.language,
    );
    for &r in topic.questions.iter().take(TOPIC_FEED_ENTRIES) {
        let item = views.question_item(r);
        let summary = site.transcripts[r.transcript].questions[r.question]
            .description
            .clone();
        let content = format!(
            "<p>{}</p><p><a href=\"{}\">{}</a> · {}</p>",
            escape(&summary),
            escape(&url(base, &item.transcript_href)),
            escape(item.transcript),
            escape(&item.date)
        );
        feed.entry(item.title, &item.href, &item.date, summary, content);
    }
    Some(feed.finish())
}

/// An address of the sitemap, with the date its page last changed.
#[derive(Debug, Serialize)]
pub(crate) struct SitemapUrl {
    pub(crate) loc: String,
    pub(crate) lastmod: Option<String>,
}

/// Every page of the site, for the theme's `sitemap.xml`.
pub(crate) fn sitemap(site: &Site) -> Option<Vec<SitemapUrl>> {
    let base = site.config.base_url.as_deref()?;
    let newest = site.transcripts.first().map(|t| t.meta.date.to_string());
    let mut urls = Vec::new();
    let mut add = |path: &str, lastmod: Option<String>| {
        urls.push(SitemapUrl {
            loc: url(base, path),
            lastmod,
        });
    };
    add(address::HOME, newest.clone());
    for t in &site.transcripts {
        let slug = t.slug.as_str();
        let date = t.meta.date.to_string();
        add(&address::transcript(slug), Some(date.clone()));
        add(&address::full_text(slug), Some(date.clone()));
        for q in &t.questions {
            add(&address::question(slug, q.number), Some(date.clone()));
        }
    }
    add(&address::topics(), newest.clone());
    for topic in &site.topics {
        let date = topic
            .questions
            .first()
            .map(|r| site.transcripts[r.transcript].meta.date.to_string());
        add(&address::topic(topic.slug.as_str()), date);
    }
    add(&address::speakers(), newest.clone());
    add(&address::archive(), newest);
    for (year, transcripts) in site.years() {
        let date = site.transcripts[transcripts[0]].meta.date;
        add(&address::year(year), Some(date.to_string()));
    }
    for speaker in &site.speakers {
        let date = speaker
            .transcripts
            .first()
            .map(|&t| site.transcripts[t].meta.date.to_string());
        add(&address::speaker(speaker.slug.as_str()), date);
    }
    Some(urls)
}

/// A file of the sitemap: its addresses, or, for the index of a sitemap
/// in parts, the parts' addresses.
#[derive(Debug)]
pub(crate) struct SitemapFile {
    pub(crate) path: String,
    pub(crate) urls: Vec<SitemapUrl>,
    pub(crate) sitemaps: Vec<String>,
}

/// The sitemap's files: `sitemap.xml` alone while it holds at most `most`
/// addresses, else `sitemap.xml` as an index of `sitemap-1.xml`,
/// `sitemap-2.xml` … each of at most `most`. None without a `base_url`.
pub(crate) fn sitemap_files(site: &Site, most: usize) -> Vec<SitemapFile> {
    let base = site.config.base_url.as_deref().unwrap_or_default();
    sitemap(site).map_or_else(Vec::new, |urls| split_sitemap(urls, base, most))
}

/// `urls` as one sitemap, or as parts of at most `most` and their index.
fn split_sitemap(urls: Vec<SitemapUrl>, base: &str, most: usize) -> Vec<SitemapFile> {
    if urls.len() <= most {
        return vec![SitemapFile {
            path: address::SITEMAP.into(),
            urls,
            sitemaps: Vec::new(),
        }];
    }
    let mut files = Vec::new();
    let mut urls = urls.into_iter().peekable();
    while urls.peek().is_some() {
        let part: Vec<SitemapUrl> = urls.by_ref().take(most.max(1)).collect();
        files.push(SitemapFile {
            path: address::sitemap_part(files.len() + 1),
            urls: part,
            sitemaps: Vec::new(),
        });
    }
    let sitemaps = files.iter().map(|f| format!("{base}{}", f.path)).collect();
    files.push(SitemapFile {
        path: address::SITEMAP.into(),
        urls: Vec::new(),
        sitemaps,
    });
    files
}

fn page(path: &str, text: String) -> RenderedPage {
    RenderedPage {
        path: path.to_string(),
        bytes: text.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sitemap_past_its_limit_is_an_index_of_parts() {
        let urls = |n: usize| -> Vec<SitemapUrl> {
            (0..n)
                .map(|i| SitemapUrl {
                    loc: format!("https://example.org/{i}/"),
                    lastmod: None,
                })
                .collect()
        };
        let one = split_sitemap(urls(3), "https://example.org/", 3);
        assert_eq!(one.len(), 1);
        assert_eq!(
            (one[0].path.as_str(), one[0].urls.len()),
            ("sitemap.xml", 3)
        );
        let parts = split_sitemap(urls(7), "https://example.org/", 3);
        let shape: Vec<(&str, usize, usize)> = parts
            .iter()
            .map(|f| (f.path.as_str(), f.urls.len(), f.sitemaps.len()))
            .collect();
        assert_eq!(
            shape,
            [
                ("sitemap-1.xml", 3, 0),
                ("sitemap-2.xml", 3, 0),
                ("sitemap-3.xml", 1, 0),
                ("sitemap.xml", 0, 3),
            ]
        );
        assert_eq!(parts[3].sitemaps[2], "https://example.org/sitemap-3.xml");
        assert_eq!(parts[2].urls[0].loc, "https://example.org/6/");
    }
}
