//! What a published site needs besides its pages: `sitemap.xml`, Atom
//! feeds (the site's newest transcripts and each topic's newest
//! questions), `robots.txt` and `CNAME` for a custom domain.
//!
//! Sitemaps and feeds need absolute addresses, so they are written only
//! for a site with a `base_url`. Addresses in them are percent-encoded
//! (a CJK topic slug becomes `%E4%B8%AD…`), dates are the transcripts'.

use std::fmt::Write as _;

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
    }
    let mut files = vec![page("robots.txt", robots)];
    if let Some(domain) = &site.config.domain {
        files.push(page("CNAME", format!("{}\n", domain.trim())));
    }
    files
}

/// `sitemap.xml` and the site's `feed.xml`, for a site with an address.
pub(crate) fn site_index(views: &Views<'_>) -> Vec<RenderedPage> {
    let site = views.site;
    let Some(base) = site.config.base_url.as_deref() else {
        return Vec::new();
    };
    vec![
        page(address::SITEMAP, sitemap(site, base)),
        page(address::FEED, site_feed(views, base)),
    ]
}

/// A topic's `feed.xml`, beside its page.
pub(crate) fn topic_feed(views: &Views<'_>, topic: &Topic) -> Option<RenderedPage> {
    let base = views.site.config.base_url.as_deref()?;
    let dir = address::topic(topic.slug.as_str());
    let path = address::topic_feed(topic.slug.as_str());
    let mut feed = Feed::new(
        base,
        &format!("{} · {}", topic.name, views.site.config.title),
        &url(base, &path),
        &url(base, &dir),
        &views.site.config.language,
    );
    for &r in topic.questions.iter().take(TOPIC_FEED_ENTRIES) {
        let t = &views.site.transcripts[r.transcript];
        let item = views.question_item(r);
        let summary = views.question_description(t.question(r.question));
        let content = format!(
            "<p>{}</p><p><a href=\"{}\">{}</a> · {}</p>",
            escape(&summary),
            escape(&url(base, &item.transcript_href)),
            escape(item.transcript),
            escape(&item.date)
        );
        feed.entry(
            item.title,
            &url(base, &item.href),
            &item.date,
            &summary,
            &content,
        );
    }
    Some(page(&path, feed.finish()))
}

fn site_feed(views: &Views<'_>, base: &str) -> String {
    let site = views.site;
    let mut feed = Feed::new(
        base,
        &site.config.title,
        &url(base, address::FEED),
        base,
        &site.config.language,
    );
    for t in site.transcripts.iter().take(SITE_FEED_ENTRIES) {
        let card = views.card(t);
        let summary = views
            .transcript_description(t)
            .unwrap_or_else(|| card.title.to_string());
        let mut content = format!("<p>{}</p><ol>", escape(&summary));
        for q in t.questions() {
            let row = views.question_row(t, q);
            let _ = write!(
                content,
                "<li><a href=\"{}\">{}</a></li>",
                escape(&url(base, &row.href)),
                escape(row.title)
            );
        }
        content.push_str("</ol>");
        feed.entry(
            card.title,
            &url(base, &card.href),
            &card.date,
            &summary,
            &content,
        );
    }
    feed.finish()
}

/// An Atom feed being written.
struct Feed {
    head: String,
    entries: String,
    /// The newest entry's date.
    updated: Option<String>,
}

impl Feed {
    fn new(base: &str, title: &str, this: &str, alternate: &str, language: &str) -> Feed {
        let mut head = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        let _ = write!(
            head,
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n\
             <title>{}</title>\n\
             <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
             <id>{}</id>\n\
             <author><name>{}</name><uri>{}</uri></author>\n\
             <generator>colloq</generator>\n",
            escape(language),
            escape(title),
            escape(this),
            escape(alternate),
            escape(this),
            escape(title),
            escape(base),
        );
        Feed {
            head,
            entries: String::new(),
            updated: None,
        }
    }

    fn entry(&mut self, title: &str, link: &str, date: &str, summary: &str, content: &str) {
        let updated = format!("{date}T00:00:00Z");
        if self.updated.as_deref().is_none_or(|u| *u < *updated) {
            self.updated = Some(updated.clone());
        }
        let _ = write!(
            self.entries,
            "<entry>\n\
             <title>{}</title>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
             <id>{}</id>\n\
             <updated>{updated}</updated>\n\
             <summary type=\"text\">{}</summary>\n\
             <content type=\"html\">{}</content>\n\
             </entry>\n",
            escape(title),
            escape(link),
            escape(link),
            escape(summary),
            escape(content),
        );
    }

    fn finish(self) -> String {
        let updated = self
            .updated
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
        format!(
            "{}<updated>{updated}</updated>\n{}</feed>\n",
            self.head, self.entries
        )
    }
}

/// Every page of the site, with the date it last changed.
fn sitemap(site: &Site, base: &str) -> String {
    let newest = site
        .transcripts
        .first()
        .map(|t| t.transcript.meta.date.to_string());
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut add = |path: &str, date: Option<&str>| {
        let _ = write!(out, "<url><loc>{}</loc>", escape(&url(base, path)));
        if let Some(date) = date {
            let _ = write!(out, "<lastmod>{date}</lastmod>");
        }
        out.push_str("</url>\n");
    };
    add(address::HOME, newest.as_deref());
    for t in &site.transcripts {
        let slug = t.transcript.slug.as_str();
        let date = t.transcript.meta.date.to_string();
        add(&address::transcript(slug), Some(&date));
        add(&address::full_text(slug), Some(&date));
        for q in &t.transcript.questions {
            add(&address::question(slug, q.number), Some(&date));
        }
    }
    add(&address::topics(), newest.as_deref());
    for topic in &site.topics {
        let date = topic.questions.first().map(|r| {
            site.transcripts[r.transcript]
                .transcript
                .meta
                .date
                .to_string()
        });
        add(&address::topic(topic.slug.as_str()), date.as_deref());
    }
    add(&address::speakers(), newest.as_deref());
    for speaker in &site.speakers {
        let date = speaker
            .transcripts
            .first()
            .map(|&t| site.transcripts[t].transcript.meta.date.to_string());
        add(&address::speaker(speaker.slug.as_str()), date.as_deref());
    }
    out.push_str("</urlset>\n");
    out
}

fn page(path: &str, text: String) -> RenderedPage {
    RenderedPage {
        path: path.to_string(),
        bytes: text.into_bytes(),
    }
}
