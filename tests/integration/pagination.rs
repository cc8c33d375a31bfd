//! Archives: list pages cut into pages with links between them, the
//! archive by year, and a sitemap split into parts past its limit.

use crate::support::Site;

/// A site of `n` briefings over two years, two transcripts to a page.
fn archive(n: usize) -> Site {
    let site = Site::copy_of("basic");
    site.write(
        "config.yaml",
        "title: Archive\nlanguage: en\nbase_url: https://example.org/archive/\npaginate: 2\n",
    );
    for i in 0..n {
        let (year, month) = if i < 3 { (2023, i + 1) } else { (2025, i - 2) };
        site.write(
            &format!("content/{year}/{year}-{month:02}-01-briefing.md"),
            &format!(
                "---\ntitle: Briefing {i}\ndate: {year}-{month:02}-01\nanswerers: [SPOKESPERSON]\ntopics: [Trade]\n---\n\n**Reuters:** Question {i}?\n\n**SPOKESPERSON:** Answer {i}.\n"
            ),
        );
    }
    site.colloq(&["build"]).success();
    site
}

#[test]
fn list_pages_are_cut_into_pages_linked_both_ways() {
    // 7 briefings and the fixture's 2 transcripts: 9, two to a page.
    let site = archive(7);
    let home = site.read("index.html");
    assert!(
        home.contains(r#"<link rel="next" href="page/2/index.html">"#),
        "{home}"
    );
    assert!(!home.contains(r#"rel="prev""#), "{home}");
    assert!(
        home.contains(r#"<a aria-current="page" href="index.html">1</a>"#),
        "{home}"
    );
    let last = site.read("page/5/index.html");
    assert!(
        last.contains(r#"<link rel="prev" href="../../page/4/index.html">"#),
        "{last}"
    );
    assert!(!last.contains(r#"rel="next""#), "{last}");
    assert!(
        last.contains("Briefing 0"),
        "the oldest is on the last page: {last}"
    );
    assert!(!site.output().join("page/6").exists());
    // The newest first; the topics only on the first page.
    assert!(
        home.contains("Briefing 6") && home.contains("Briefing 5"),
        "{home}"
    );
    assert!(home.contains(r#"id="topics""#) && !last.contains(r#"id="topics""#));

    // A topic's page holds whole transcripts, as many as its entries fit
    // in: eight times the list's size, 16, so these nine are one page.
    let topic = site.read("topics/trade/index.html");
    assert!(
        topic.contains("Briefing 6") && topic.contains("Briefing 0"),
        "{topic}"
    );
    assert!(!site.output().join("topics/trade/page/2").exists());

    // The archive by year, newest first, each year paged.
    let archive = site.read("archive/index.html");
    let at = |year: &str| archive.find(&format!(">{year}</a>")).unwrap();
    assert!(
        at("2025") < at("2024") && at("2024") < at("2023"),
        "{archive}"
    );
    let year = site.read("archive/2023/page/2/index.html");
    assert!(
        year.contains("Briefing 0") && !year.contains("Briefing 1"),
        "{year}"
    );
    assert!(
        home.contains(r#"href="archive/2023/index.html">2023 <span class="count">3</span>"#),
        "{home}"
    );

    // Every link of the paged site leads somewhere.
    site.colloq(&["check", "--links"]).success();
}

#[test]
fn topic_and_speaker_pages_hold_as_many_transcripts_as_their_entries_fit() {
    // 20 one-question briefings on Trade, newest first: 16 entries to a
    // page (eight times `paginate: 2`), so 16 briefings, then the other 4
    // with the fixture's transcripts.
    let site = Site::copy_of("basic");
    site.write("config.yaml", "title: Archive\nlanguage: en\npaginate: 2\n");
    for i in 0..20 {
        site.write(
            &format!("content/2025/2025-01-{:02}-briefing.md", i + 1),
            &format!(
                "---\ntitle: Briefing {i}\ndate: 2025-01-{:02}\nanswerers: [SPOKESPERSON]\ntopics: [Trade]\n---\n\n**Reuters:** Question {i}?\n\n**SPOKESPERSON:** Answer {i}.\n",
                i + 1
            ),
        );
    }
    site.colloq(&["build"]).success();
    // Tagged as a whole, each briefing is one entry, of one question (in
    // the singular).
    let topic = site.read("topics/trade/index.html");
    assert!(
        topic.contains(" · 1 question</p>") && !topic.contains("1 questions"),
        "{topic}"
    );
    assert_eq!(
        topic.matches(r#"class="transcript-title""#).count(),
        16,
        "{topic}"
    );
    assert!(
        topic.contains(">Briefing 19<") && topic.contains(">Briefing 4<"),
        "{topic}"
    );
    let second = site.read("topics/trade/page/2/index.html");
    assert!(
        second.contains(">Briefing 3<") && second.contains(">Briefing 0<"),
        "{second}"
    );
    assert!(
        second.contains(r#"<link rel="prev" href="../../../../topics/trade/index.html">"#),
        "{second}"
    );
    assert!(!site.output().join("topics/trade/page/3").exists());
    // The answerer's, likewise: 16 answers, then the rest.
    let speaker = site.read("speakers/spokesperson/index.html");
    assert_eq!(speaker.matches("Question ").count(), 16, "{speaker}");
    let speaker = site.read("speakers/spokesperson/page/2/index.html");
    assert!(speaker.contains("Question 3?"), "{speaker}");
    site.colloq(&["check", "--links"]).success();
}

#[test]
fn the_sitemap_lists_every_content_page_once() {
    let site = archive(7);
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<urlset"), "{sitemap}");
    for page in [
        "https://example.org/archive/2025-04-01-briefing/1/",
        "https://example.org/archive/archive/2023/",
        "https://example.org/archive/topics/trade/",
    ] {
        assert_eq!(
            sitemap.matches(&format!("<loc>{page}</loc>")).count(),
            1,
            "{page}: {sitemap}"
        );
    }
    // Later pages of a list are ways in, not content.
    assert!(!sitemap.contains("/page/2/"), "{sitemap}");
}

#[test]
fn a_paginate_of_zero_is_an_error_in_the_config() {
    let site = Site::copy_of("basic");
    site.write("config.yaml", "title: T\npaginate: 0\n");
    let run = site.colloq(&["build"]);
    run.failure();
    assert!(run.stderr().contains("config.yaml"), "{}", run.stderr());
    assert!(run.stderr().contains("paginate"), "{}", run.stderr());
}
