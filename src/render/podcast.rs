//! `podcast.xml`: an RSS 2.0 podcast feed of the transcripts with
//! recordings, for a site whose config.yaml has `podcast:` (and a
//! `base_url`, which podcast apps need). Each episode encloses its
//! recording and links its transcript's captions with
//! `<podcast:transcript>` (the Podcasting 2.0 namespace).

use std::fmt::Write as _;

use super::RenderedPage;
use super::captions;
use super::markdown::escape;
use crate::address::{self, url};

use crate::site::{Listing, Site};
use crate::transcript::time::{Media, is_address};

/// Where the feed is written.
pub(crate) const FEED: &str = "podcast.xml";

/// The feed, when the site asks for one.
pub(crate) fn feed(site: &Site) -> Option<RenderedPage> {
    let podcast = site.config.podcast.as_ref()?;
    let base = site.config.base_url.as_deref()?;
    let title = podcast.title.as_deref().unwrap_or(&site.config.title);
    let description = podcast
        .description
        .as_deref()
        .or(site.config.description.as_deref())
        .unwrap_or(title);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" xmlns:podcast=\"https://podcastindex.org/namespace/1.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n",
    );
    let _ = writeln!(out, "  <title>{}</title>", escape(title));
    let _ = writeln!(out, "  <link>{}</link>", escape(base));
    let _ = writeln!(out, "  <description>{}</description>", escape(description));
    let _ = writeln!(
        out,
        "  <language>{}</language>",
        escape(&site.config.language)
    );
    let _ = writeln!(
        out,
        "  <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        escape(&url(base, FEED))
    );
    if let Some(author) = &podcast.author {
        let _ = writeln!(out, "  <itunes:author>{}</itunes:author>", escape(author));
    }
    if podcast.author.is_some() || podcast.email.is_some() {
        out.push_str("  <itunes:owner>");
        if let Some(author) = &podcast.author {
            let _ = write!(out, "<itunes:name>{}</itunes:name>", escape(author));
        }
        if let Some(email) = &podcast.email {
            let _ = write!(out, "<itunes:email>{}</itunes:email>", escape(email));
        }
        out.push_str("</itunes:owner>\n");
    }
    if let Some(image) = &podcast.image {
        let href = if is_address(image) {
            image.clone()
        } else {
            url(base, image.trim_start_matches('/'))
        };
        let _ = writeln!(out, "  <itunes:image href=\"{}\"/>", escape(&href));
    }
    if let Some(category) = &podcast.category {
        let _ = writeln!(out, "  <itunes:category text=\"{}\"/>", escape(category));
    }
    let _ = writeln!(
        out,
        "  <itunes:explicit>{}</itunes:explicit>",
        podcast.explicit
    );
    for t in &site.transcripts {
        episode(&mut out, site, base, t);
    }
    out.push_str("</channel>\n</rss>\n");
    Some(RenderedPage {
        path: FEED.into(),
        bytes: out.into_bytes(),
    })
}

/// One transcript with a recording, as an `<item>`.
fn episode(out: &mut String, site: &Site, base: &str, t: &Listing) {
    let Some(Media::File {
        src, media_type, ..
    }) = &t.meta.media
    else {
        return;
    };
    let slug = t.slug.as_str();
    let meta = &t.meta;
    let page = url(base, &address::transcript(slug));
    let enclosure = if is_address(src) {
        src.clone()
    } else {
        url(base, src)
    };
    let length = site.media_sizes.get(src).copied().unwrap_or(0);
    out.push_str("  <item>\n");
    let _ = writeln!(out, "    <title>{}</title>", escape(&meta.title));
    let _ = writeln!(out, "    <link>{}</link>", escape(&page));
    let _ = writeln!(
        out,
        "    <guid isPermaLink=\"true\">{}</guid>",
        escape(&page)
    );
    let _ = writeln!(
        out,
        "    <pubDate>{}</pubDate>",
        meta.date.strftime("%a, %d %b %Y 00:00:00 +0000")
    );
    if let Some(about) = meta.subtitle.as_deref().or(meta.event.as_deref()) {
        let _ = writeln!(out, "    <description>{}</description>", escape(about));
    }
    let _ = writeln!(
        out,
        "    <enclosure url=\"{}\" length=\"{length}\" type=\"{}\"/>",
        escape(&enclosure),
        escape(media_type)
    );
    if t.captioned {
        for (name, kind) in [
            (captions::VTT, "text/vtt"),
            (captions::SRT, "application/x-subrip"),
            (captions::PODCAST_JSON, "application/json"),
        ] {
            let _ = writeln!(
                out,
                "    <podcast:transcript url=\"{}\" type=\"{kind}\"/>",
                escape(&url(base, &address::transcript_file(slug, name)))
            );
        }
    }
    out.push_str("  </item>\n");
}
