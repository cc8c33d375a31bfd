//! The commands as a user runs them.

use crate::support::{Site, colloq_in};

#[test]
fn build_prints_a_one_line_summary() {
    let site = Site::copy_of("basic");
    let run = site.colloq(&["build"]);
    run.success();
    insta::assert_snapshot!(without_time(&run.stdout()), @"built 2 transcripts, 3 questions, 30 pages into ./site in [N] ms");
}

/// A summary line with its time, which differs from run to run, as `[N]`.
fn without_time(line: &str) -> String {
    let (before, after) = line.rsplit_once(" in ").expect("a time");
    let unit = after
        .trim_end()
        .trim_start_matches(|c: char| c.is_ascii_digit());
    format!("{before} in [N]{unit}")
}

#[test]
fn counts_are_singular_for_one() {
    let run = Site::copy_of("drafts").colloq(&["check"]);
    run.success();
    insta::assert_snapshot!(without_time(&run.stdout()), @"checked 1 transcript, 1 question, 18 pages in [N] ms");
}

#[test]
fn check_writes_nothing() {
    let site = Site::copy_of("basic");
    let run = site.colloq(&["check"]);
    run.success();
    insta::assert_snapshot!(without_time(&run.stdout()), @"checked 2 transcripts, 3 questions, 30 pages in [N] ms");
    assert!(!site.output().exists());
}

#[test]
fn init_makes_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    colloq_in(dir.path(), &["init", "new-site"]).success();
    let root = dir.path().join("new-site");
    colloq_in(&root, &["build"]).success();
    let page = std::fs::read_to_string(root.join("site/2024-05-02-briefing/1/index.html")).unwrap();
    assert!(page.contains("When the trade talks resume"));
    // A second init into the same folder refuses to overwrite it.
    let again = colloq_in(dir.path(), &["init", "new-site"]);
    again.failure();
    insta::assert_snapshot!(again.stderr(), @"error: new-site is not empty: choose a new folder for the site");
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for (command, says) in [
        ("build", "Build the site into its output folder"),
        ("check", "writing nothing"),
        ("init", "Create a new site in DIR"),
    ] {
        let run = colloq_in(dir.path(), &[command, "--help"]);
        run.success();
        assert!(run.stdout().contains(says), "{command}: {}", run.stdout());
    }
}

#[test]
fn base_url_reaches_the_404_page() {
    let site = Site::copy_of("basic");
    site.colloq(&["build", "--base-url", "https://example.github.io/briefings"])
        .success();
    let page = site.read("404.html");
    assert!(
        page.contains("href=\"https://example.github.io/briefings/style.css\""),
        "{page}"
    );
}
