//! Every address of the site: where each page and data file is written,
//! how a page links back to the site's root, and the absolute URL of a
//! page under the site's `base_url`.
//!
//! A page is a folder with an `index.html` (`a/3/index.html` is served as
//! `a/3/`); a path is always relative to the output folder and uses `/`.
//! Links in pages stay relative (`root` + path), so the output works from
//! disk or any sub-path; feeds, sitemaps, canonical links and exports use
//! [`url`], which percent-encodes what an address may not hold (a CJK
//! slug becomes `%E4%B8%AD…`). This module is a leaf: it knows slugs and
//! question numbers, nothing of the types that carry them.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// The page at the site's root.
pub(crate) const HOME: &str = "index.html";
/// The page served for any missing path.
pub(crate) const NOT_FOUND: &str = "404.html";
/// The sitemap, for a site with an address.
pub(crate) const SITEMAP: &str = "sitemap.xml";
/// The site's Atom feed, for a site with an address.
pub(crate) const FEED: &str = "feed.xml";

/// The page standing for the folders `dirs` (`["a", "3"]` → `a/3/index.html`).
fn page(dirs: &[&str]) -> String {
    let mut path = String::new();
    for dir in dirs {
        path.push_str(dir);
        path.push('/');
    }
    path.push_str(HOME);
    path
}

/// A transcript's page.
pub(crate) fn transcript(slug: &str) -> String {
    page(&[slug])
}

/// A transcript's full text.
pub(crate) fn full_text(slug: &str) -> String {
    page(&[slug, "full"])
}

/// Question `number` of a transcript.
pub(crate) fn question(slug: &str, number: usize) -> String {
    page(&[slug, &number.to_string()])
}

/// The side-by-side view of a translated page (`a/3/index.html` →
/// `a/3/bilingual/index.html`), in a translation's edition.
pub(crate) fn bilingual(page: &str) -> String {
    format!("{}bilingual/{HOME}", folder(page))
}

/// A data file in a transcript's folder (`a/annotations.json`).
pub(crate) fn transcript_file(slug: &str, name: &str) -> String {
    format!("{slug}/{name}")
}

/// The index of topics.
pub(crate) fn topics() -> String {
    page(&["topics"])
}

/// A topic's page.
pub(crate) fn topic(slug: &str) -> String {
    page(&["topics", slug])
}

/// A topic's feed, beside its page.
pub(crate) fn topic_feed(slug: &str) -> String {
    format!("topics/{slug}/{FEED}")
}

/// The index of speakers.
pub(crate) fn speakers() -> String {
    page(&["speakers"])
}

/// A speaker's page.
pub(crate) fn speaker(slug: &str) -> String {
    page(&["speakers", slug])
}

/// The search page.
pub(crate) fn search() -> String {
    page(&["search"])
}

/// The archive: the years, each with its count.
pub(crate) fn archive() -> String {
    page(&["archive"])
}

/// The transcripts of one year.
pub(crate) fn year(year: i16) -> String {
    page(&["archive", &year.to_string()])
}

/// Page `number` (from 1) of the list whose first page is `first`: the
/// first page keeps its address, the others are `page/<n>/` below it
/// (`topics/x/index.html` → `topics/x/page/2/index.html`).
pub(crate) fn paged(first: &str, number: usize) -> String {
    if number <= 1 {
        return first.to_string();
    }
    format!("{}page/{number}/{HOME}", folder(first))
}

/// Part `number` (from 1) of a sitemap split in parts.
pub(crate) fn sitemap_part(number: usize) -> String {
    format!("sitemap-{number}.xml")
}

/// The folder a page stands for, as a path ending in `/` (empty for the
/// root): `a/3/index.html` → `a/3/`.
pub(crate) fn folder(path: &str) -> &str {
    path.strip_suffix(HOME).unwrap_or(path)
}

/// The way back to the site's root from the file at `path` (`../../`).
pub(crate) fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// What stays as it is in an address; everything else (non-ASCII,
/// spaces, quotes) is percent-encoded.
const URL_SAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^');

/// The absolute address of the file at `path` under `base` (which ends in
/// `/`); a page is addressed by its folder.
pub(crate) fn url(base: &str, path: &str) -> String {
    format!("{base}{}", utf8_percent_encode(folder(path), URL_SAFE))
}

/// The address of the file at `path` as a file inside the folder `from`
/// (ending in `/`) refers to it: absolute under `base` when the site has
/// one, else relative to that folder (`./` for the folder itself). Only
/// for files at or below `from`.
pub(crate) fn from_folder(base: Option<&str>, from: &str, path: &str) -> String {
    match base {
        Some(base) => url(base, path),
        None => match folder(path).strip_prefix(from).unwrap_or(path) {
            "" => "./".into(),
            rest => utf8_percent_encode(rest, URL_SAFE).to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_pages_of_a_list_are_below_its_first() {
        assert_eq!(paged("index.html", 1), "index.html");
        assert_eq!(paged("index.html", 2), "page/2/index.html");
        assert_eq!(paged(&topic("中美"), 3), "topics/中美/page/3/index.html");
        assert_eq!(paged(&year(2024), 2), "archive/2024/page/2/index.html");
    }

    #[test]
    fn pages_are_folders() {
        assert_eq!(question("a", 3), "a/3/index.html");
        assert_eq!(topic("中美关系"), "topics/中美关系/index.html");
        assert_eq!(root_of(&question("a", 3)), "../../");
        assert_eq!(root_of(HOME), "");
        assert_eq!(folder(&transcript("a")), "a/");
    }

    #[test]
    fn addresses_are_percent_encoded() {
        assert_eq!(
            url("https://x.org/a/", &topic("中美关系")),
            "https://x.org/a/topics/%E4%B8%AD%E7%BE%8E%E5%85%B3%E7%B3%BB/"
        );
        assert_eq!(url("https://x.org/", FEED), "https://x.org/feed.xml");
    }

    #[test]
    fn a_data_file_refers_to_its_transcripts_pages() {
        let page = transcript("会议");
        let from = folder(&page);
        assert_eq!(from_folder(None, from, &transcript("会议")), "./");
        assert_eq!(from_folder(None, from, &question("会议", 2)), "2/");
        assert_eq!(
            from_folder(None, from, &transcript_file("会议", "annotations.json")),
            "annotations.json"
        );
        assert_eq!(
            from_folder(Some("https://x.org/"), from, &question("会议", 2)),
            "https://x.org/%E4%BC%9A%E8%AE%AE/2/"
        );
    }
}
