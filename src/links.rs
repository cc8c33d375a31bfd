//! Rendered pages -> the internal links that do not resolve.
//!
//! Every `href` and `src` of every page that points inside the site must
//! name a file the build makes (`dir/` meaning `dir/index.html`), and every
//! `#anchor` an `id` on that page. Links to other sites, `mailto:` and the
//! like are not followed; an absolute address under the site's `base_url`
//! is inside the site. A text fragment (`#:~:text=`) is not an anchor.
//! Pages are taken in as they are rendered and only their links and ids
//! kept, so a large site is checked without holding its pages.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostic;
use crate::render::RenderedPage;

/// The links and ids of a site's pages, gathered page by page.
#[derive(Debug, Default)]
pub(crate) struct LinkIndex {
    /// Every file of the output, by its path.
    files: BTreeSet<String>,
    /// For each HTML page: its ids and the links it makes.
    pages: BTreeMap<String, (BTreeSet<String>, Vec<String>)>,
    /// The site's address (ending in `/`), when it has one.
    base_url: Option<String>,
}

impl LinkIndex {
    pub(crate) fn new(base_url: Option<&str>) -> LinkIndex {
        LinkIndex {
            base_url: base_url.map(str::to_string),
            ..LinkIndex::default()
        }
    }

    /// Takes in one file of the output.
    pub(crate) fn add(&mut self, page: &RenderedPage) {
        self.files.insert(page.path.clone());
        if !page.path.ends_with(".html") {
            return;
        }
        let html = String::from_utf8_lossy(&page.bytes);
        let ids = attribute_values(&html, "id").collect();
        let links = attribute_values(&html, "href")
            .chain(attribute_values(&html, "src"))
            .collect();
        self.pages.insert(page.path.clone(), (ids, links));
    }

    /// Takes in a file copied as it is.
    pub(crate) fn add_file(&mut self, path: &str) {
        self.files.insert(path.to_string());
    }

    /// How many links were checked.
    pub(crate) fn count(&self) -> usize {
        self.pages.values().map(|(_, links)| links.len()).sum()
    }

    /// Every broken link, with the page it is on.
    pub(crate) fn broken(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for (page, (_, links)) in &self.pages {
            for href in links {
                if let Err(reason) = self.resolve(page, href) {
                    problems.push(
                        Diagnostic::new(page, format!("broken link `{href}`: {reason}"))
                            .help("fix the link in the template or the Markdown it comes from"),
                    );
                }
            }
        }
        problems
    }

    /// Checks one link of `page`.
    fn resolve(&self, page: &str, href: &str) -> Result<(), String> {
        let href = decode_entities(href);
        let inside = match &self.base_url {
            Some(base) if href.starts_with(base.as_str()) => Some(&href[base.len()..]),
            _ => None,
        };
        let (relative, from_root) = match inside {
            Some(rest) => (rest, true),
            None if is_external(&href) => return Ok(()),
            None => match href.strip_prefix('/') {
                Some(rest) => (rest, true),
                None => (href.as_str(), false),
            },
        };
        let (target, anchor) = relative.split_once('#').unwrap_or((relative, ""));
        let target = target.split('?').next().unwrap_or("");
        let file = if target.is_empty() && !from_root {
            page.to_string()
        } else {
            let base = if from_root {
                ""
            } else {
                page.rsplit_once('/').map_or("", |(dir, _)| dir)
            };
            let joined = join(base, &percent_decode(target))?;
            if joined.is_empty() || joined.ends_with('/') {
                format!("{joined}index.html")
            } else if !self.files.contains(&joined)
                && self.files.contains(&format!("{joined}/index.html"))
            {
                format!("{joined}/index.html")
            } else {
                joined
            }
        };
        if !self.files.contains(&file) {
            return Err(format!("there is no {file}"));
        }
        if anchor.is_empty() || anchor.starts_with(":~:") {
            return Ok(());
        }
        let anchor = percent_decode(anchor);
        match self.pages.get(&file) {
            Some((ids, _)) if ids.contains(&anchor) => Ok(()),
            Some(_) => Err(format!("{file} has no id `{anchor}`")),
            None => Ok(()),
        }
    }
}

/// Whether a link leaves the site: it names a scheme (`https:`,
/// `mailto:`) or another host (`//host/`).
fn is_external(href: &str) -> bool {
    href.starts_with("//")
        || href
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|first| first.contains(':'))
}

/// `relative` taken from the folder `base`, `..` and `.` resolved.
fn join(base: &str, relative: &str) -> Result<String, String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    let trailing = relative.ends_with('/') || relative.is_empty();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("it leads out of the site".into());
                }
            }
            other => parts.push(other),
        }
    }
    let mut joined = parts.join("/");
    if trailing && !joined.is_empty() {
        joined.push('/');
    }
    Ok(joined)
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// The entities an attribute value may hold, as the characters they are.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The values of every `name="…"` (or `'…'`) attribute of `html`.
fn attribute_values<'a>(html: &'a str, name: &'a str) -> impl Iterator<Item = String> + 'a {
    let pattern = format!("{name}=");
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let at = rest.find(&pattern)?;
            let before = rest[..at].chars().next_back();
            let after = &rest[at + pattern.len()..];
            rest = after;
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let quote = after.chars().next()?;
            if quote == '"' || quote == '\'' {
                let value = &after[1..];
                let end = value.find(quote)?;
                rest = &value[end..];
                return Some(value[..end].to_string());
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pages: &[(&str, &str)]) -> LinkIndex {
        let mut index = LinkIndex::new(Some("https://x.org/a/"));
        for (path, html) in pages {
            index.add(&RenderedPage {
                path: path.to_string(),
                bytes: html.as_bytes().to_vec(),
            });
        }
        index
    }

    fn broken(pages: &[(&str, &str)]) -> Vec<String> {
        site(pages)
            .broken()
            .into_iter()
            .map(|d| format!("{}: {}", d.file.display(), d.message))
            .collect()
    }

    #[test]
    fn relative_links_and_anchors_resolve() {
        let pages = [
            (
                "index.html",
                r#"<a href="t/1/index.html#t2-p1">x</a> <a href="t/">y</a> <a href="topics/%E4%B8%AD/index.html">z</a>"#,
            ),
            (
                "t/index.html",
                r##"<a href="../index.html">up</a><a href="#q1">q</a><p id="q1">"##,
            ),
            (
                "t/1/index.html",
                r#"<p id="t2-p1"><a href='../../index.html'>home</a>"#,
            ),
            (
                "topics/中/index.html",
                r#"<a href="https://x.org/a/t/">abs</a><a href="https://other.org/">out</a><a href="mailto:a@b">m</a>"#,
            ),
        ];
        assert_eq!(broken(&pages), Vec::<String>::new());
    }

    #[test]
    fn missing_files_and_anchors_are_reported_with_their_page() {
        let pages = [
            (
                "index.html",
                r#"<a href="nope/index.html">x</a> <a href="t/index.html#missing">y</a> <a href="../../etc">z</a> <a href="t/index.html#:~:text=abc">t</a>"#,
            ),
            ("t/index.html", "<p id=\"q1\">"),
        ];
        assert_eq!(
            broken(&pages),
            [
                "index.html: broken link `nope/index.html`: there is no nope/index.html",
                "index.html: broken link `t/index.html#missing`: t/index.html has no id `missing`",
                "index.html: broken link `../../etc`: it leads out of the site",
            ]
        );
    }

    #[test]
    fn attribute_values_need_a_space_before() {
        let values: Vec<String> =
            attribute_values(r#"<a data-href="x" href="y" id='z'>"#, "href").collect();
        assert_eq!(values, ["y"]);
    }
}
