//! Translations: `NAME.<lang>.md` beside a transcript, its pages in the
//! language's folder, the side-by-side view, and every error of the
//! files a translation is made of. The rules of alignment are examples
//! in `tests/spec/translations.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::support::{Site, repo};

const OLDER: &str = "content/2024/2024-04-01-older";

/// The `basic` fixture with `files` written into it.
fn basic_with(files: &[(&str, &str)]) -> Site {
    let site = Site::copy_of("basic");
    for (path, text) in files {
        site.write(path, text);
    }
    site
}

/// What `check` reports of the `basic` fixture with `files` added, after
/// checking that it fails and `build` writes nothing.
fn problems(files: &[(&str, &str)]) -> String {
    let site = basic_with(files);
    let check = site.colloq(&["check"]);
    check.failure();
    site.colloq(&["build"]).failure();
    assert!(!site.output().exists(), "a failed build wrote the site");
    check.stderr()
}

const FRENCH: &str = "---\ntitle: Briefing plus ancien\n---\n\n**Reuters:** Encore le commerce ?\n\nSPOKESPERSON: Oui.\n";

#[test]
fn a_malformed_tag_in_a_file_name_is_an_error() {
    let report = problems(&[(&format!("{OLDER}.fr_FR.md"), FRENCH)]);
    insta::assert_snapshot!("translation-malformed-tag", report);
}

#[test]
fn an_unknown_language_is_an_error() {
    let report = problems(&[(&format!("{OLDER}.qq.md"), FRENCH)]);
    insta::assert_snapshot!("translation-unknown-language", report);
}

#[test]
fn a_translation_without_its_original_is_an_error() {
    let report = problems(&[("content/2024/gone.fr.md", FRENCH)]);
    insta::assert_snapshot!("translation-without-original", report);
}

#[test]
fn two_translations_into_one_language_are_an_error() {
    let report = problems(&[
        (&format!("{OLDER}.pt-BR.md"), FRENCH),
        (&format!("{OLDER}.pt-br.md"), FRENCH),
    ]);
    insta::assert_snapshot!("translation-twice", report);
}

#[test]
fn a_translation_into_the_original_language_is_an_error() {
    let report = problems(&[(&format!("{OLDER}.en.md"), FRENCH)]);
    assert!(
        report.contains("a translation into en, the original's own language"),
        "{report}"
    );
}

#[test]
fn a_speaker_order_that_differs_names_both_files_and_lines() {
    let report = problems(&[(
        &format!("{OLDER}.fr.md"),
        "---\ntitle: Plus ancien\n---\n\nSPOKESPERSON: Oui.\n",
    )]);
    insta::assert_snapshot!("translation-speaker-order", report);
}

#[test]
fn a_file_whose_name_only_looks_like_a_translation_is_a_transcript() {
    // An imported file keeps its old extension: `broadcast.srt.md`.
    let site = basic_with(&[(
        "content/2024/broadcast.srt.md",
        "---\ntitle: Broadcast\ndate: 2024-06-01\n---\n\n**A:** Hello.\n",
    )]);
    site.colloq(&["build"]).success();
    assert!(site.output().join("broadcast-srt/index.html").is_file());
}

/// Every `<link rel="alternate" hreflang>` of `html`, as (tag, href).
fn hreflang(html: &str) -> Vec<(String, String)> {
    html.match_indices("<link rel=\"alternate\" hreflang=\"")
        .map(|(at, tag)| {
            let rest = &html[at + tag.len()..];
            let (language, rest) = rest.split_once('"').unwrap();
            let href = rest.split_once("href=\"").unwrap().1;
            (
                language.to_string(),
                href.split_once('"').unwrap().0.to_string(),
            )
        })
        .collect()
}

/// Every page of a built site, by its path in it (`a/3/index.html`).
fn pages(site: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            let path = e.path().strip_prefix(site).unwrap();
            (
                path.to_string_lossy().replace('\\', "/"),
                fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The path in the site of `href`, a link on the page at `page`.
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in href.split('#').next().unwrap().split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// The example site, built.
fn example() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    crate::support::colloq_in(&repo(), &["build", "--output", target.to_str().unwrap()]).success();
    (out, target)
}

#[test]
fn every_page_of_the_example_names_its_versions_both_ways() {
    let (_dir, site) = example();
    let pages = pages(&site);
    let mut linked = 0;
    let mut switched = 0;
    for (path, html) in &pages {
        if path == "404.html" {
            continue;
        }
        let alternates = hreflang(html);
        assert!(
            html.contains("<nav class=\"languages\""),
            "{path} has no language switch"
        );
        switched += 1;
        if alternates.is_empty() {
            continue;
        }
        linked += 1;
        let tags: BTreeSet<&str> = alternates.iter().map(|(t, _)| t.as_str()).collect();
        assert!(tags.contains("x-default"), "{path}: no x-default");
        assert!(
            tags.contains("zh-CN") && tags.contains("en"),
            "{path}: {tags:?}"
        );
        let default = &alternates.iter().find(|(t, _)| t == "x-default").unwrap().1;
        assert!(
            !resolve(path, default).starts_with("en/"),
            "{path}: x-default is not the original"
        );
        for (tag, href) in &alternates {
            let target = resolve(path, href);
            let other = pages
                .get(&target)
                .unwrap_or_else(|| panic!("{path}: {tag} links {target}, which is not a page"));
            let back: Vec<String> = hreflang(other)
                .iter()
                .map(|(_, h)| resolve(&target, h))
                .collect();
            assert!(back.contains(path), "{target} does not link back to {path}");
            let lang = other
                .split_once("<html lang=\"")
                .unwrap()
                .1
                .split('"')
                .next()
                .unwrap();
            if tag != "x-default" {
                assert_eq!(lang, tag, "{target} is not in the language {path} says");
            }
        }
    }
    assert!(
        linked >= 80 && switched >= linked,
        "{linked} of {switched} pages"
    );
}

#[test]
fn the_translation_keeps_the_originals_addresses_under_its_language() {
    let (_dir, site) = example();
    let slug = "2024-03-07-wang-yi";
    for n in 1..=15 {
        let page = site.join(format!("en/{slug}/{n}/index.html"));
        assert!(page.is_file(), "question {n} in English");
        assert!(
            site.join(format!("en/{slug}/{n}/bilingual/index.html"))
                .is_file()
        );
    }
    let q4 = fs::read_to_string(site.join(format!("en/{slug}/4/index.html"))).unwrap();
    assert!(q4.contains("<html lang=\"en\">"));
    assert!(q4.contains("China-US relations and US restrictions on China"));
    assert!(
        q4.contains("Translated by the editors of this site"),
        "the citation names the translator"
    );
    let q7 = fs::read_to_string(site.join(format!("en/{slug}/7/index.html"))).unwrap();
    assert!(q7.contains("This question is not translated yet."), "{q7}");
    assert!(
        !q7.contains("Translated by"),
        "a question left untranslated names no translator"
    );
    for list in [
        "index.html",
        "topics/index.html",
        "speakers/index.html",
        "search/index.html",
    ] {
        let html = fs::read_to_string(site.join("en").join(list)).unwrap();
        assert!(html.contains("<html lang=\"en\">"), "en/{list}");
        assert!(
            html.contains("Press conferences, annotated"),
            "en/{list}: the English title"
        );
    }
    let topic = fs::read_to_string(site.join("en/topics/china-us/index.html")).unwrap();
    assert!(
        topic.contains("<h1>China-US relations"),
        "the topic's English name"
    );
}

/// The paragraph ids of `html`'s turns (`t3-p2`), in order.
fn paragraph_ids(html: &str) -> Vec<String> {
    html.match_indices(" id=\"t")
        .filter_map(|(at, m)| {
            let id = html[at + m.len() - 1..].split('"').next()?;
            let numbered = id[1..].starts_with(|c: char| c.is_ascii_digit());
            (numbered && id.contains("-p")).then(|| id.to_string())
        })
        .collect()
}

#[test]
fn paragraph_ids_are_the_same_in_every_language() {
    let (_dir, site) = example();
    let slug = "2024-03-07-wang-yi";
    for n in 1..=5 {
        let zh = fs::read_to_string(site.join(format!("{slug}/{n}/index.html"))).unwrap();
        let en = fs::read_to_string(site.join(format!("en/{slug}/{n}/index.html"))).unwrap();
        let ids = paragraph_ids(&zh);
        assert!(!ids.is_empty());
        assert_eq!(ids, paragraph_ids(&en), "question {n}");
        let both =
            fs::read_to_string(site.join(format!("en/{slug}/{n}/bilingual/index.html"))).unwrap();
        assert_eq!(ids, paragraph_ids(&both), "question {n} side by side");
        for id in &ids {
            assert!(
                both.contains(&format!("id=\"o-{id}\"")),
                "{id} of the original"
            );
            assert!(
                both.contains(&format!("id=\"tr-{id}\"")),
                "{id} of the translation"
            );
        }
    }
}

#[test]
fn the_data_lists_the_translations_and_their_turns() {
    let (_dir, site) = example();
    let slug = "2024-03-07-wang-yi";
    let read = |p: &str| -> serde_json::Value {
        serde_json::from_str(&fs::read_to_string(site.join(p)).unwrap()).unwrap()
    };
    let original = read(&format!("{slug}/transcript.json"));
    let en = &original["translations"][0];
    assert_eq!(en["language"], "en");
    assert_eq!(en["url"], format!("../en/{slug}/transcript.json"));
    let turns: Vec<u64> = en["turns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_u64().unwrap())
        .collect();
    assert_eq!(
        turns,
        (1..=11).collect::<Vec<_>>(),
        "the opening and questions 1 to 5"
    );
    let translation = read(&format!("en/{slug}/transcript.json"));
    assert_eq!(translation["language"], "en");
    assert_eq!(
        translation["translation_of"],
        format!("../../{slug}/transcript.json")
    );
    assert_eq!(
        translation["questions"][6]["turns"][0]["untranslated"],
        true
    );
    let notes = read(&format!("en/{slug}/annotations.json"));
    let items = notes["first"]["items"].as_array().unwrap();
    assert!(items.len() >= 5);
    for item in items {
        assert_eq!(item["body"][0]["language"], "en");
        assert_eq!(item["target"]["language"], "en");
    }
}

#[test]
fn search_in_english_finds_the_english_text() {
    let (_dir, site) = example();
    let index = fs::read_to_string(site.join("en/search/index.json")).unwrap_or_default();
    assert!(
        !index.is_empty(),
        "the English edition has its search index"
    );
    let texts = fs::read_to_string(site.join("en/2024-03-07-wang-yi/transcript.json")).unwrap();
    assert!(
        texts.contains("peaceful coexistence"),
        "the English words are searched"
    );
    assert!(
        !texts.contains("和平共处"),
        "the Chinese words are not in the English search"
    );
}

/// A page that lays out the example's side-by-side full text at `width`
/// pixels and reports, for each paragraph with a counterpart, where the
/// two start (`id top left bottom` of each), then the page's widths.
fn bilingual_probe(site: &Path, width: u32) -> String {
    format!(
        r#"<!doctype html><html><body><iframe style="width:{width}px;height:900px" src="file://{}/en/2024-03-07-wang-yi/full/bilingual/index.html"></iframe><pre id="out"></pre><script>
window.addEventListener('load', function () {{
  var doc = document.querySelector('iframe').contentDocument;
  var out = document.getElementById('out');
  doc.querySelectorAll('.paired-turn .pair[id]').forEach(function (pair) {{
    var o = pair.querySelector('.original > *'), t = pair.querySelector('.translation > *');
    if (!o || !t) return;
    var a = o.getBoundingClientRect(), b = t.getBoundingClientRect();
    out.textContent += [pair.id, Math.round(a.top), Math.round(a.left), Math.round(a.bottom), Math.round(b.top), Math.round(b.left), Math.round(b.bottom)].join(' ') + '\n';
  }});
  var e = doc.documentElement;
  out.textContent += 'width ' + e.scrollWidth + ' ' + e.clientWidth + '\n';
}});
</script></body></html>"#,
        site.display()
    )
}

/// Per paragraph: (id, original top, left, bottom, translation top,
/// left, bottom); and the page's scroll and visible widths.
/// Where a paragraph and its counterpart are: the original's top, left
/// and bottom, then the translation's.
type Places = Vec<(String, [i64; 6])>;

fn bilingual_places(lines: &[String]) -> (Places, (i64, i64)) {
    let mut places = Vec::new();
    let mut widths = (0, 0);
    for line in lines {
        let f: Vec<&str> = line.split(' ').collect();
        if f[0] == "width" {
            widths = (f[1].parse().unwrap(), f[2].parse().unwrap());
        } else {
            let n = |i: usize| f[i].parse::<i64>().unwrap();
            places.push((f[0].to_string(), [n(1), n(2), n(3), n(4), n(5), n(6)]));
        }
    }
    (places, widths)
}

#[test]
#[ignore = "needs headless Chromium; run with `cargo test -- --ignored`"]
fn side_by_side_paragraphs_start_level_on_a_wide_screen() {
    let lines = crate::browser::run_probe(30, |site| bilingual_probe(site, 1280));
    let (places, (scroll, visible)) = bilingual_places(&lines);
    assert!(places.len() >= 30, "{lines:?}");
    assert!(
        scroll <= visible,
        "the page scrolls sideways: {scroll} > {visible}"
    );
    for (id, [o_top, _, o_bottom, t_top, t_left, _]) in places {
        // Level within a line, and beside each other.
        assert!(
            (o_top - t_top).abs() <= 4,
            "{id}: the original starts at {o_top}, the translation at {t_top}"
        );
        assert!(
            t_left > 500,
            "{id}: the translation is not in a column of its own"
        );
        assert!(o_bottom > o_top, "{id} is not laid out");
    }
}

#[test]
#[ignore = "needs headless Chromium; run with `cargo test -- --ignored`"]
fn side_by_side_is_a_turn_then_its_translation_on_a_phone() {
    let phone = crate::browser::PHONE;
    let lines = crate::browser::run_probe(30, |site| bilingual_probe(site, phone));
    let (places, (scroll, visible)) = bilingual_places(&lines);
    assert!(places.len() >= 30, "{lines:?}");
    assert!(
        scroll <= visible,
        "the page scrolls sideways on a phone: {scroll} > {visible}"
    );
    // Within a turn, every paragraph of the original comes before every
    // paragraph of its translation, in one column.
    let mut by_turn: BTreeMap<String, Vec<[i64; 6]>> = BTreeMap::new();
    for (id, place) in places {
        by_turn
            .entry(id.split("-p").next().unwrap().to_string())
            .or_default()
            .push(place);
    }
    for (turn, places) in by_turn {
        let last_original = places.iter().map(|p| p[2]).max().unwrap();
        let first_translation = places.iter().map(|p| p[3]).min().unwrap();
        assert!(
            last_original <= first_translation,
            "{turn}: the translation starts before the original ends"
        );
        for p in &places {
            assert!((p[1] - p[4]).abs() <= 4, "{turn}: not in one column");
        }
    }
}

#[test]
fn serving_rebuilds_a_translation_and_names_both_files_when_it_breaks() {
    let site = basic_with(&[(&format!("{OLDER}.fr.md"), FRENCH)]);
    let server = crate::support::Server::start(&site, &[]);
    let page = "fr/2024-04-01-older/1/";
    assert!(server.get(page).body.contains("Encore le commerce ?"));
    let events = server.events();
    events.next("problems");
    site.write(
        &format!("{OLDER}.fr.md"),
        &FRENCH.replace("Encore le commerce ?", "Le commerce, encore ?"),
    );
    events.next("reload");
    server.wait_for(page, "shows the edited translation", |r| {
        r.body.contains("Le commerce, encore ?")
    });
    site.write(
        &format!("{OLDER}.fr.notes.yaml"),
        "questions:\n  1:\n    title: Le commerce\n",
    );
    server.wait_for(page, "takes its title from its own sidecar", |r| {
        r.body.contains("<h1>Le commerce</h1>")
    });
    server.wait_for(
        "fr/2024-04-01-older/1/bilingual/",
        "shows both side by side",
        |r| r.body.contains("Trade again?") && r.body.contains("Le commerce, encore ?"),
    );
    // The original's speakers change order: the translation no longer
    // follows it.
    let original = fs::read_to_string(site.root.join(format!("{OLDER}.md"))).unwrap();
    site.write(
        &format!("{OLDER}.md"),
        &original.replace(
            "**Reuters:** Trade again?\n\nSPOKESPERSON: Yes.",
            "SPOKESPERSON: Yes.\n\n**Reuters:** Trade again?",
        ),
    );
    let problems = events.next("problems");
    assert!(
        problems.contains("content/2024/2024-04-01-older.fr.md:5"),
        "{problems}"
    );
    assert!(
        problems.contains("in the original (content/2024/2024-04-01-older.md:7)"),
        "{problems}"
    );
    // The last good site is still served.
    assert!(server.get(page).body.contains("Le commerce, encore ?"));
}

#[test]
fn each_edition_has_its_sitemap_named_in_robots_txt() {
    let site = basic_with(&[(&format!("{OLDER}.fr.md"), FRENCH)]);
    // The fixture's own robots.txt would take the place of the one made.
    fs::remove_file(site.root.join("content/static/robots.txt")).unwrap();
    site.colloq(&["build", "--base-url", "https://example.org/a/"])
        .success();
    let robots = site.read("robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.org/a/sitemap.xml"),
        "{robots}"
    );
    assert!(
        robots.contains("Sitemap: https://example.org/a/fr/sitemap.xml"),
        "{robots}"
    );
    let sitemap = site.read("fr/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/a/fr/2024-04-01-older/1/</loc>"),
        "{sitemap}"
    );
    let page = site.read("fr/2024-04-01-older/1/index.html");
    assert!(
        page.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/a/2024-04-01-older/1/\">"),
        "hreflang is absolute under base_url"
    );
    assert!(page.contains(
        "<link rel=\"canonical\" href=\"https://example.org/a/fr/2024-04-01-older/1/\">"
    ));
}

#[test]
#[ignore = "needs headless Chromium; run with `cargo test -- --ignored`"]
fn search_in_english_finds_the_english_words_in_a_browser() {
    let browser = crate::browser::chromium();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let server = crate::support::StaticServer::start(&out, "/archive/");
    crate::support::colloq_in(&repo(), &["build", "--output", out.to_str().unwrap()]).success();
    let search = |query: &str| -> String {
        crate::browser::search_results(
            browser,
            &format!(
                "http://{}/archive/en/search/index.html?{query}",
                server.address
            ),
        )
    };
    let results = search("q=coexistence");
    assert!(
        results.contains("2024-03-07-wang-yi/4/index.html#t"),
        "{results}"
    );
    assert!(results.contains("<mark>coexistence</mark>"), "{results}");
    // From en/search/, `../` is the English edition's root.
    assert!(
        !results.contains("../../2024-03-07-wang-yi/"),
        "results stay in English: {results}"
    );
    // All languages: the English results, then the Chinese ones.
    let results = search("q=75&all=1");
    let english = results.find("href=\"../2024-03-07-wang-yi/2/index.html#t4-p1\"");
    let chinese = results.find("<li lang=\"zh-CN\"><a class=\"question-title\" href=\"../../2024-03-07-wang-yi/2/index.html#t4-p1\"");
    assert!(
        english.is_some() && chinese.is_some() && english < chinese,
        "{results}"
    );
}

#[test]
#[ignore = "needs headless Chromium; run with `cargo test -- --ignored`"]
fn the_language_switch_keeps_the_reader_at_the_same_paragraph() {
    let lines = crate::browser::run_probe(1, |site| {
        format!(
            r#"<!doctype html><html><body><iframe style="width:1280px;height:900px" src="file://{}/2024-03-07-wang-yi/4/index.html#t9-p2"></iframe><pre id="out"></pre><script>
var frame = document.querySelector('iframe'), loads = 0;
frame.addEventListener('load', function () {{
  loads += 1;
  if (loads === 1) {{
    frame.contentDocument.querySelector('.languages a[hreflang="en"]').click();
  }} else {{
    var doc = frame.contentDocument;
    document.getElementById('out').textContent += frame.contentWindow.location.href + ' ' + doc.documentElement.lang + '\n';
  }}
}});
</script></body></html>"#,
            site.display()
        )
    });
    let line = lines
        .first()
        .unwrap_or_else(|| panic!("the switch led nowhere: {lines:?}"));
    assert!(
        line.ends_with("/en/2024-03-07-wang-yi/4/index.html#t9-p2 en"),
        "{line}"
    );
}

#[test]
fn paragraphs_split_otherwise_than_the_original_are_a_warning() {
    let site = basic_with(&[(&format!("{OLDER}.fr.md"), &format!("{FRENCH}\nEt non.\n"))]);
    let check = site.colloq(&["check"]);
    check.success();
    assert!(
        check
            .stdout()
            .starts_with("checked 2 transcripts (1 translation), 3 questions"),
        "{}",
        check.stdout()
    );
    let said = check.stderr();
    assert!(
        said.contains("warning: turn 2 (line 7) has 2 paragraphs here and 1 in the original (content/2024/2024-04-01-older.md:9)"),
        "{said}"
    );
}

#[test]
fn check_fix_repairs_a_translations_notes_in_its_own_text() {
    let site = basic_with(&[
        (&format!("{OLDER}.fr.md"), FRENCH),
        (
            &format!("{OLDER}.fr.notes.yaml"),
            "notes:\n  - quote: Encore le comerce\n    question: 1\n    kind: translation\n    note: Le mot « again ».\n",
        ),
    ]);
    site.colloq(&["check"]).failure();
    let fix = site.colloq(&["check", "--fix"]);
    let said = format!("{}{}", fix.stdout(), fix.stderr());
    assert!(
        said.contains("content/2024/2024-04-01-older.fr.notes.yaml:2: quote “Encore le comerce” → “Encore le commerce”"),
        "{said}"
    );
    site.colloq(&["check"]).success();
}
