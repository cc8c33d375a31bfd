//! The example site in content/: the 2024-03-07 press conference.

use std::fs;

use crate::support::{colloq_in, repo, tree, visible_text, without_notes};

const SLUG: &str = "2024-03-07-wang-yi";

/// Builds the example site into a temporary folder.
fn build() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    colloq_in(&repo(), &["build", "--output", target.to_str().unwrap()]).success();
    out
}

/// The press conference as it was first transcribed, kept in the
/// repository (tests/fixtures/seed/) so that these tests need nothing
/// beside it.
fn seed() -> String {
    fs::read_to_string(repo().join("tests/fixtures/seed/press-conference-2024-03-07.md")).unwrap()
}

/// The seed's turns: the text of each, label removed, paragraph by paragraph.
fn seed_turns() -> Vec<Vec<String>> {
    let seed = seed();
    let mut turns: Vec<Vec<String>> = Vec::new();
    for block in seed.split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
        if let Some(rest) = block.strip_prefix("**") {
            let (_, text) = rest.split_once(":**").unwrap();
            turns.push(vec![text.to_string()]);
        } else if let Some(turn) = turns.last_mut() {
            turn.push(block.to_string());
        }
    }
    turns
}

#[test]
fn the_transcript_keeps_the_seed_text() {
    let seed = seed();
    let content = fs::read_to_string(repo().join("content/2024/2024-03-07-wang-yi.md")).unwrap();
    let body = content.splitn(3, "---\n").nth(2).unwrap().trim_start();
    // The seed's title and subtitle headings are the front matter's
    // `title` and `subtitle`; everything after them is kept as it is.
    let from = seed.find("3月7日").unwrap();
    assert_eq!(body, &seed[from..]);
}

#[test]
fn has_fifteen_questions_and_an_opening() {
    let out = build();
    let site = out.path().join("site");
    for n in 1..=15 {
        assert!(
            site.join(format!("{SLUG}/{n}/index.html")).is_file(),
            "question {n}"
        );
    }
    assert!(!site.join(format!("{SLUG}/16")).exists());
    let transcript = fs::read_to_string(site.join(format!("{SLUG}/index.html"))).unwrap();
    assert!(transcript.contains("<h2 id=\"opening\">开场</h2>"));
    assert!(transcript.contains("各位记者朋友,大家早上好!"));
    assert_eq!(transcript.matches("<tr id=\"q").count(), 15);
}

#[test]
fn all_31_turns_appear_once_in_the_full_text_and_on_their_pages() {
    let turns = seed_turns();
    assert_eq!(turns.len(), 31);
    let out = build();
    let site = out.path().join("site");
    let read = |path: String| {
        visible_text(&without_notes(
            &fs::read_to_string(site.join(path)).unwrap(),
        ))
    };
    let full = read(format!("{SLUG}/full/index.html"));
    for (i, turn) in turns.iter().enumerate() {
        for paragraph in turn {
            assert_eq!(
                full.matches(paragraph.as_str()).count(),
                1,
                "turn {}: {paragraph}",
                i + 1
            );
        }
    }
    // Turn 1 opens; then each question is a question turn and an answer.
    for n in 1..=15 {
        let page = read(format!("{SLUG}/{n}/index.html"));
        for turn in &turns[2 * n - 1..=2 * n] {
            for paragraph in turn {
                assert!(
                    page.contains(paragraph.as_str()),
                    "question {n} lacks: {paragraph}"
                );
            }
        }
    }
}

#[test]
fn no_page_shows_markdown_markup() {
    let out = build();
    for (path, bytes) in tree(&out.path().join("site")) {
        if path.extension().is_some_and(|e| e == "html") {
            let text = visible_text(&String::from_utf8(bytes).unwrap());
            assert!(!text.contains("**"), "{} shows asterisks", path.display());
        }
    }
}

/// Every internal link of every page resolves to a file of the site, and
/// every `#anchor` to an id on that page, with or without a `base_url`.
#[test]
fn every_internal_link_resolves() {
    let run = colloq_in(&repo(), &["check", "--links"]);
    run.success();
    let links: usize = run
        .stdout()
        .split(" links")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(links > 900, "only {links} links checked: {}", run.stdout());
    let dir = tempfile::tempdir().unwrap();
    crate::support::copy_dir(&repo().join("content"), &dir.path().join("content"));
    fs::write(
        dir.path().join("config.yaml"),
        fs::read_to_string(repo().join("config.yaml")).unwrap()
            + "base_url: https://example.github.io/archive/\n",
    )
    .unwrap();
    colloq_in(dir.path(), &["check", "--links"]).success();
}
