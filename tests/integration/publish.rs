//! A published site: its address, feeds, sitemap, files for GitHub Pages,
//! and a crawl of the built site under a sub-path on a plain static
//! server, the way GitHub Pages serves a project's site.

use std::collections::{BTreeSet, VecDeque};
use std::fs;
use std::path::Path;

use crate::support::{Site, StaticServer, colloq_in, get, repo};

const BASE: &str = "https://example.github.io/archive/";

fn built_with_base(fixture: &str) -> Site {
    let site = Site::copy_of(fixture);
    site.colloq(&["build", "--base-url", BASE]).success();
    site
}

#[test]
fn the_sitemap_lists_every_page_at_its_address() {
    let site = built_with_base("basic");
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml is XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let locs: Vec<&str> = root
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap())
        .collect();
    assert!(locs.contains(&"https://example.github.io/archive/"));
    assert!(locs.contains(&"https://example.github.io/archive/2024-05-02-briefing/1/"));
    assert!(locs.contains(
        &"https://example.github.io/archive/topics/%E4%B8%AD%E7%BE%8E%E5%85%B3%E7%B3%BB/"
    ));
    for loc in &locs {
        let path = loc.strip_prefix(BASE).expect("under the base");
        let path = percent_encoding::percent_decode_str(path)
            .decode_utf8()
            .unwrap();
        assert!(
            site.output().join(&*path).join("index.html").is_file(),
            "{loc} is not a page"
        );
    }
    let pages = crate::support::tree(&site.output())
        .into_iter()
        .filter(|(p, _)| p.ends_with("index.html") && !p.starts_with("search"))
        .count();
    assert_eq!(locs.len(), pages, "every page but search, once");
}

#[test]
fn the_feeds_are_atom_with_the_newest_entries() {
    let site = built_with_base("basic");
    let xml = site.read("feed.xml");
    let doc = roxmltree::Document::parse(&xml).expect("feed.xml is XML");
    let feed = doc.root_element();
    let atom = Some("http://www.w3.org/2005/Atom");
    assert_eq!(
        (feed.tag_name().name(), feed.tag_name().namespace()),
        ("feed", atom)
    );
    let child = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text().map(str::to_string))
    };
    assert_eq!(
        child(feed, "id").as_deref(),
        Some("https://example.github.io/archive/feed.xml")
    );
    assert_eq!(
        child(feed, "updated").as_deref(),
        Some("2024-05-02T00:00:00Z")
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    let ids: Vec<String> = entries.iter().map(|e| child(*e, "id").unwrap()).collect();
    assert_eq!(
        ids,
        [
            "https://example.github.io/archive/2024-05-02-briefing/",
            "https://example.github.io/archive/2024-04-01-older/"
        ]
    );
    for entry in &entries {
        for required in ["title", "updated", "summary", "content"] {
            assert!(child(*entry, required).is_some(), "{required}");
        }
    }
    // A topic's feed lists its questions.
    let topic = site.read("topics/trade/feed.xml");
    let doc = roxmltree::Document::parse(&topic).expect("a topic feed is XML");
    let links: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .flat_map(|e| e.children().filter(|n| n.has_tag_name("link")))
        .map(|l| l.attribute("href").unwrap())
        .collect();
    assert!(
        links.contains(&"https://example.github.io/archive/2024-05-02-briefing/1/"),
        "{links:?}"
    );
    let page = site.read("topics/trade/index.html");
    assert!(page.contains("<link rel=\"alternate\" type=\"application/atom+xml\""));
}

#[test]
fn a_site_replaces_the_feed_and_sitemap_templates_by_name() {
    let site = Site::copy_of("basic");
    site.write(
        "templates/feed.xml",
        "<feed>{{ feed.title }}:{% for e in feed.entries %} {{ e.url }}{% endfor %}</feed>\n",
    );
    site.write(
        "templates/sitemap.xml",
        "<urlset>{{ urls | length }}</urlset>\n",
    );
    site.colloq(&["build", "--base-url", BASE]).success();
    let feed = site.read("feed.xml");
    assert!(
        feed.starts_with("<feed>Fixture:")
            && feed.contains(" https://example.github.io/archive/2024-05-02-briefing/"),
        "{feed}"
    );
    // Each topic's feed is made with the same template.
    let topic = site.read("topics/中美关系/feed.xml");
    assert!(topic.starts_with("<feed>中美关系 · Fixture:"), "{topic}");
    let pages = crate::support::tree(&site.output())
        .into_iter()
        .filter(|(p, _)| p.ends_with("index.html") && !p.starts_with("search"))
        .count();
    assert_eq!(
        site.read("sitemap.xml"),
        format!("<urlset>{pages}</urlset>\n")
    );
}

#[test]
fn pages_carry_their_address_and_a_preview() {
    let site = built_with_base("basic");
    let page = site.read("2024-05-02-briefing/1/index.html");
    for expected in [
        "<link rel=\"canonical\" href=\"https://example.github.io/archive/2024-05-02-briefing/1/\">",
        "<meta property=\"og:url\" content=\"https://example.github.io/archive/2024-05-02-briefing/1/\">",
        "<meta property=\"og:title\" content=\"When talks resume\">",
        "<meta property=\"og:type\" content=\"article\">",
        "<meta name=\"description\" content=\"The schedule of the talks.\">",
        "<meta name=\"twitter:card\" content=\"summary\">",
    ] {
        assert!(page.contains(expected), "{expected}");
    }
    // A question without a summary is described by its first sentence.
    let second = site.read("2024-05-02-briefing/2/index.html");
    assert!(second.contains("<meta name=\"description\" content=\"And &lt;script&gt;alert(1)&lt;/script&gt; the visit?\">"), "{second}");
    // Links between pages stay relative.
    assert!(page.contains("href=\"../../index.html\""));
}

#[test]
fn github_pages_files() {
    let site = Site::copy_of("basic");
    let config = fs::read_to_string(site.root.join("config.yaml")).unwrap();
    site.write(
        "config.yaml",
        &format!("{config}domain: archive.example.org\n"),
    );
    site.colloq(&["build", "--base-url", BASE]).success();
    assert_eq!(site.read(".nojekyll"), "");
    assert_eq!(site.read("CNAME"), "archive.example.org\n");
    // The fixture's own robots.txt replaces the generated one.
    assert!(site.read("robots.txt").starts_with("User-agent"));
    // Without a base_url: no sitemap or feeds, robots.txt without a
    // sitemap, still .nojekyll.
    let bare = Site::copy_of("group-by-heading");
    bare.colloq(&["build"]).success();
    assert!(!bare.output().join("sitemap.xml").exists());
    assert!(!bare.output().join("feed.xml").exists());
    assert_eq!(bare.read("robots.txt"), "User-agent: *\nAllow: /\n");
    assert!(bare.output().join(".nojekyll").is_file());
}

#[test]
fn a_bad_base_url_is_refused() {
    let site = Site::copy_of("basic");
    let run = site.colloq(&["build", "--base-url", "example.github.io/archive"]);
    run.failure();
    assert!(
        run.stderr().contains(
            "invalid base_url: `example.github.io/archive` does not start with https:// or http://"
        ),
        "{}",
        run.stderr()
    );
}

#[test]
fn the_workflow_builds_with_the_pages_address_and_deploys_with_the_official_actions() {
    let workflow = fs::read_to_string(repo().join(".github/workflows/pages.yml")).unwrap();
    for expected in [
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
        "--base-url \"${{ steps.pages.outputs.base_url }}/\"",
        "pages: write",
        "id-token: write",
        "path: site",
    ] {
        assert!(workflow.contains(expected), "{expected}");
    }
}

/// The example site, built for and served under `/archive/` by a plain
/// static server: every page, link, anchor and 404 works, and no page
/// asks for anything from another host.
#[test]
fn the_site_works_under_a_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let server = StaticServer::start(&out, "/archive/");
    let base = format!("http://{}/archive/", server.address);
    colloq_in(
        &repo(),
        &[
            "build",
            "--output",
            out.to_str().unwrap(),
            "--base-url",
            &base,
        ],
    )
    .success();
    let mut queue: VecDeque<String> = VecDeque::from(["/archive/".to_string()]);
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut anchors: Vec<(String, String, String)> = Vec::new();
    let mut pages = 0;
    // A missing page at any depth is the 404 page, whose links work.
    for missing in ["/archive/no/such/page/", "/archive/2024-03-07-wang-yi/99/"] {
        let response = get(&server.address, missing);
        assert_eq!(response.status, 404);
        for href in links(&response.body) {
            follow(&base, missing, &href, &mut queue, &mut seen, &mut anchors);
        }
    }
    while let Some(path) = queue.pop_front() {
        let response = get(&server.address, &path);
        assert_eq!(response.status, 200, "{path}");
        if !path.ends_with('/') && !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        for resource in resources(&response.body) {
            assert!(
                !resource.contains("://") || resource.starts_with(&base),
                "{path} asks another host for {resource}"
            );
        }
        for href in links(&response.body) {
            follow(&base, &path, &href, &mut queue, &mut seen, &mut anchors);
        }
    }
    assert!(pages >= 55, "only {pages} pages crawled");
    for (page, target, anchor) in anchors {
        let body = get(&server.address, &target).body;
        assert!(
            body.contains(&format!("id=\"{anchor}\"")),
            "{page}: no #{anchor} on {target}"
        );
    }
}

/// Queues the page `href` (on the page at `from`) leads to, if it is
/// inside the site, and remembers its anchor.
fn follow(
    base: &str,
    from: &str,
    href: &str,
    queue: &mut VecDeque<String>,
    seen: &mut BTreeSet<String>,
    anchors: &mut Vec<(String, String, String)>,
) {
    let href = href.replace("&amp;", "&");
    let absolute = if let Some(rest) = href.strip_prefix(base) {
        format!("/archive/{rest}")
    } else if href.contains("://") || href.starts_with("mailto:") {
        return;
    } else if let Some(anchor) = href.strip_prefix('#') {
        // On the page itself, which is fetched already.
        anchors.push((from.to_string(), from.to_string(), anchor.to_string()));
        return;
    } else {
        let dir = &from[..=from.rfind('/').unwrap()];
        let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
        for part in href.split('/') {
            match part {
                ".." => {
                    parts.pop();
                }
                "." | "" => {}
                other => parts.push(other),
            }
        }
        let trailing = if href.ends_with('/') { "/" } else { "" };
        format!("/{}{trailing}", parts.join("/"))
    };
    let (path, anchor) = absolute.split_once('#').unwrap_or((&absolute, ""));
    assert!(
        path.starts_with("/archive/"),
        "{from}: {href} leaves the site's path"
    );
    if !anchor.is_empty() && !anchor.starts_with(":~:") {
        anchors.push((from.to_string(), path.to_string(), anchor.to_string()));
    }
    if seen.insert(path.to_string()) {
        queue.push_back(path.to_string());
    }
}

fn attribute(html: &str, name: &str) -> Vec<String> {
    html.match_indices(&format!(" {name}=\""))
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

fn links(html: &str) -> Vec<String> {
    attribute(html, "href")
}

/// What a page loads by itself: scripts, images, stylesheets.
fn resources(html: &str) -> Vec<String> {
    let mut found = attribute(html, "src");
    for tag in html.split("<link ").skip(1) {
        let tag = &tag[..tag.find('>').unwrap()];
        if tag.contains("rel=\"stylesheet\"") || tag.contains("rel=\"icon\"") {
            found.extend(attribute(&format!(" {tag}"), "href"));
        }
    }
    found
}

#[test]
#[ignore = "needs headless Chromium; run with `cargo test -- --ignored`"]
fn search_finds_chinese_substrings_and_english_words_in_a_browser() {
    let browser = crate::browser::chromium();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let server = StaticServer::start(&out, "/archive/");
    colloq_in(&repo(), &["build", "--output", out.to_str().unwrap()]).success();
    let search = |address: &str, query: &str| -> String {
        crate::browser::search_results(
            browser,
            &format!("http://{address}/archive/search/index.html?{query}"),
        )
    };
    // 关系 is found inside 中美关系, in the question on China-US relations.
    let results = search(&server.address, "q=%E5%85%B3%E7%B3%BB");
    assert!(
        results.contains("2024-03-07-wang-yi/4/index.html#t"),
        "{results}"
    );
    assert!(results.contains("<mark>关系</mark>"), "{results}");
    // Filtered by the topic 中美关系 (by its key), only that question is left.
    let index: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("search/index.json")).unwrap()).unwrap();
    assert!(
        index["topics"]
            .as_array()
            .unwrap()
            .contains(&"中美关系".into()),
        "{index}"
    );
    let filtered = search(
        &server.address,
        "q=%E5%85%B3%E7%B3%BB&topic=%E4%B8%AD%E7%BE%8E%E5%85%B3%E7%B3%BB",
    );
    assert_eq!(filtered.matches("<li>").count(), 1, "{filtered}");
    assert!(
        filtered.contains("2024-03-07-wang-yi/4/index.html"),
        "{filtered}"
    );
    // English words, in an English site without the transcript export,
    // whose search reads its own search.json.
    let english = Site::copy_of("basic");
    english.write(
        "config.yaml",
        "title: Fixture\nlanguage: en\nexports: { transcript: false }\n",
    );
    english.write(
        "content/2023/2023-01-05-old.md",
        "---\ntitle: Old briefing\ndate: 2023-01-05\nanswerers: [SPOKESPERSON]\n---\n\n**Reuters:** Are the talks over?\n\n**SPOKESPERSON:** No.\n",
    );
    let english_out = english.output();
    let english_server = StaticServer::start(&english_out, "/archive/");
    english.colloq(&["build"]).success();
    let results = search(&english_server.address, "q=Talks");
    assert!(
        results.contains("2024-05-02-briefing/1/index.html")
            && results.contains("2023-01-05-old/1/index.html"),
        "{results}"
    );
    assert!(results.contains("<mark>talks</mark>"), "{results}");
    // Filtered by a year (the second, 2023), only that year's is left.
    let in_2023 = search(&english_server.address, "q=Talks&year=1");
    assert!(in_2023.contains("2023-01-05-old/1/index.html"), "{in_2023}");
    assert!(!in_2023.contains("2024-05-02-briefing"), "{in_2023}");
    let none = search(&english_server.address, "q=zebra");
    assert!(!none.contains("<li>"), "{none}");
}

#[test]
fn the_search_index_is_small_and_in_shards() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    colloq_in(&repo(), &["build", "--output", target.to_str().unwrap()]).success();
    let size = |p: &Path| fs::metadata(p).unwrap().len();
    let index = size(&target.join("search/index.json"));
    assert!(index < 4_000, "index.json is {index} bytes");
    // The transcripts are listed in files of their own, fetched by id, so
    // the first download does not grow with the archive.
    let read: serde_json::Value =
        serde_json::from_slice(&fs::read(target.join("search/index.json")).unwrap()).unwrap();
    assert!(read.get("transcripts").is_none(), "{read}");
    assert_eq!(read["chunk"], 250);
    let list: serde_json::Value =
        serde_json::from_slice(&fs::read(target.join("search/transcripts-0.json")).unwrap())
            .unwrap();
    assert_eq!(
        Some(list.as_array().unwrap().len() as u64),
        read["count"].as_u64()
    );
    let shards: u64 = fs::read_dir(target.join("search"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("keys-")
        })
        .map(|p| size(&p))
        .sum();
    assert!(shards < 200_000, "the key shards are {shards} bytes");
}

#[test]
fn every_question_can_be_cited() {
    let site = built_with_base("basic");
    let page = site.read("2024-05-02-briefing/1/index.html");
    let between = |start: &str, end: &str| {
        let from = page.find(start).unwrap_or_else(|| panic!("{start}")) + start.len();
        page[from..from + page[from..].find(end).unwrap()].to_string()
    };
    assert_eq!(
        between("<p class=\"cite-text\" id=\"cite-text\">", "</p>"),
        "The Spokesperson. “When talks resume.” Daily briefing, 2024-05-02. https://example.github.io/archive/2024-05-02-briefing/1/."
    );
    // biblatex's @online; a role is kept whole, in braces. The access
    // date is added by the page's script (see the browser test).
    let bibtex = between("<pre id=\"cite-bibtex\">", "</pre>");
    insta::assert_snapshot!(bibtex, @r"
    @online{2024-05-02-briefing-q1,
      author = {{The Spokesperson}},
      title = {When talks resume},
      date = {2024-05-02},
      url = {https://example.github.io/archive/2024-05-02-briefing/1/},
      note = {In: Daily briefing. Question 1, asked by Reuters},
    }
    ");
    let csl = between("<pre id=\"cite-csl\">", "</pre>").replace("&quot;", "\"");
    let csl: serde_json::Value = serde_json::from_str(&csl).expect("CSL-JSON is JSON");
    assert_eq!(csl[0]["type"], "speech");
    assert_eq!(
        csl[0]["author"],
        serde_json::json!([{ "literal": "The Spokesperson" }])
    );
    assert_eq!(csl[0]["title"], "When talks resume");
    assert_eq!(
        csl[0]["issued"]["date-parts"][0],
        serde_json::json!([2024, 5, 2])
    );
    assert_eq!(
        csl[0]["URL"],
        "https://example.github.io/archive/2024-05-02-briefing/1/"
    );
    // The copy buttons need the page's script, which makes them from
    // these labels: without it the page shows none that cannot work.
    assert!(!page.contains("data-copy=\""), "{page}");
    for label in [
        "data-copy-text=\"Copy text\"",
        "data-copy-bibtex=\"Copy BibTeX\"",
        "data-copy-csl=\"Copy CSL-JSON\"",
    ] {
        assert!(page.contains(label), "{label}");
    }
}

/// The page's script adds the day the reader opened it to the text, the
/// biblatex and the CSL-JSON, which come without it.
#[test]
#[ignore = "needs headless Chromium; run with `cargo test -- --ignored`"]
fn a_citation_carries_the_day_it_was_accessed_in_a_browser() {
    let browser = crate::browser::chromium();
    let site = built_with_base("basic");
    let profile = tempfile::tempdir().unwrap();
    let today = std::process::Command::new("date")
        .arg("+%F")
        .output()
        .unwrap();
    let today = String::from_utf8(today.stdout).unwrap().trim().to_string();
    let output = crate::browser::headless(browser, profile.path())
        .arg("--virtual-time-budget=5000")
        .arg(format!(
            "file://{}/2024-05-02-briefing/1/index.html",
            site.output().display()
        ))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&output.stdout).replace("&quot;", "\"");
    let between = |start: &str, end: &str| {
        let from = dom
            .find(start)
            .unwrap_or_else(|| panic!("{start} in {dom}"))
            + start.len();
        dom[from..from + dom[from..].find(end).unwrap()].to_string()
    };
    assert!(
        between("id=\"cite-text\">", "</p>").ends_with(&format!("/1/. Accessed {today}.")),
        "{dom}"
    );
    assert!(
        between("<pre id=\"cite-bibtex\">", "</pre>")
            .ends_with(&format!("  urldate = {{{today}}},\n}}")),
        "{dom}"
    );
    // The script makes the copy buttons, after the citation's text.
    assert!(
        dom.contains(r#"<p class="cite-buttons"><button type="button" data-copy="cite-text">Copy text</button><button type="button" data-copy="cite-bibtex">Copy BibTeX</button><button type="button" data-copy="cite-csl">Copy CSL-JSON</button></p>"#),
        "{dom}"
    );
    let csl: serde_json::Value =
        serde_json::from_str(&between("<pre id=\"cite-csl\">", "</pre>")).unwrap();
    let parts: Vec<u64> = today.split('-').map(|p| p.parse().unwrap()).collect();
    assert_eq!(
        csl[0]["accessed"]["date-parts"][0],
        serde_json::json!(parts)
    );
}

#[test]
#[ignore = "needs headless Chromium; run with `cargo test -- --ignored`"]
fn every_paragraph_gets_a_link_to_its_words_in_a_browser() {
    let browser = crate::browser::chromium();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    colloq_in(&repo(), &["build", "--output", target.to_str().unwrap()]).success();
    let profile = tempfile::tempdir().unwrap();
    let output = crate::browser::headless(browser, profile.path())
        .arg("--virtual-time-budget=5000")
        .arg(format!(
            "file://{}/2024-03-07-wang-yi/1/index.html",
            target.display()
        ))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&output.stdout);
    // The answer's first paragraph, linked by its first characters.
    let start = "<span class=\"para-link\" data-href=\"#t3-p1:~:text=";
    let at = dom
        .find(start)
        .unwrap_or_else(|| panic!("no link to t3-p1:\n{dom}"))
        + start.len();
    let fragment = &dom[at..at + dom[at..].find('"').unwrap()];
    let words = percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .unwrap();
    // As few words as are unique in the page, cut at a word boundary
    // (the polyfill's check in `clients` runs every link).
    assert!(
        "2023年是中国外交的开拓之年,更是收获之年。".starts_with(&*words),
        "{words}"
    );
    let paragraphs = dom.matches("<p id=\"t").count();
    assert_eq!(dom.matches("class=\"para-link\"").count(), paragraphs);
}

/// A site that wants no data files turns them off in config.yaml: they
/// are not written, no page links to them, and the output shrinks.
#[test]
fn exports_a_site_turns_off_are_not_written_or_linked() {
    let site = Site::built("basic");
    let du = |dir: &std::path::Path| -> u64 {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.metadata().unwrap().len())
            .sum()
    };
    let with = du(&site.output());
    assert!(
        site.output()
            .join("2024-05-02-briefing/transcript.json")
            .is_file()
    );
    site.write(
        "config.yaml",
        "title: Fixture\nlanguage: en\nexports: { annotations: false, transcript: false }\n",
    );
    site.colloq(&["build"]).success();
    for file in ["annotations.json", "transcript.json"] {
        assert!(
            !site
                .output()
                .join("2024-05-02-briefing")
                .join(file)
                .exists(),
            "{file}"
        );
    }
    let page = site.read("2024-05-02-briefing/index.html");
    assert!(
        !page.contains("annotations.json") && !page.contains("transcript.json"),
        "{page}"
    );
    assert!(du(&site.output()) < with);
    // Search then reads a file of its own, with only what it needs.
    let index = site.read("search/index.json");
    assert!(index.contains(r#""texts":"search.json""#), "{index}");
    let text = site.read("2024-05-02-briefing/search.json");
    assert!(text.contains("The Spokesperson: Next month."), "{text}");
    site.colloq(&["check", "--links"]).success();
    // One of them alone.
    site.write(
        "config.yaml",
        "title: Fixture\nexports: { annotations: false }\n",
    );
    site.colloq(&["build"]).success();
    assert!(
        site.output()
            .join("2024-05-02-briefing/transcript.json")
            .is_file()
    );
    assert!(
        !site
            .output()
            .join("2024-05-02-briefing/annotations.json")
            .exists()
    );
    // With the export, search reads it, and there is no second copy.
    let index = site.read("search/index.json");
    assert!(index.contains(r#""texts":"transcript.json""#), "{index}");
    assert!(
        !site
            .output()
            .join("2024-05-02-briefing/search.json")
            .exists()
    );
    // A typo is an error, not a silent default.
    site.write(
        "config.yaml",
        "title: Fixture\nexports: { anotations: false }\n",
    );
    let run = site.colloq(&["build"]);
    run.failure();
    assert!(run.stderr().contains("anotations"), "{}", run.stderr());
}
