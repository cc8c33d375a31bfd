//! Bad input: each error names the file, the line and column, shows the
//! offending line, says what to do, and exits with 1 writing nothing.

use crate::support::Site;

/// Runs `check` on a fixture and returns what it printed, after checking
/// that it failed and that `build` fails the same way without writing.
fn problems(fixture: &str) -> String {
    let site = Site::copy_of(fixture);
    let check = site.colloq(&["check"]);
    check.failure();
    let build = site.colloq(&["build"]);
    build.failure();
    assert!(
        !site.output().exists(),
        "a failed build wrote {}",
        site.output().display()
    );
    assert_eq!(check.stderr(), build.stderr());
    check.stderr()
}

/// `check` on a fixture prints exactly its snapshot (in
/// `snapshots/`, named after the fixture), and `build` the same.
#[track_caller]
fn assert_reports(fixture: &str) {
    insta::assert_snapshot!(fixture, problems(fixture));
}

#[test]
fn missing_front_matter() {
    assert_reports("missing-front-matter");
}

#[test]
fn unterminated_front_matter() {
    assert_reports("unterminated-front-matter");
}

#[test]
fn invalid_yaml() {
    assert_reports("invalid-yaml");
}

#[test]
fn missing_required_key() {
    assert_reports("missing-key");
}

#[test]
fn unknown_key_with_a_suggestion() {
    assert_reports("unknown-key");
}

#[test]
fn date_that_does_not_exist() {
    assert_reports("bad-date");
}

#[test]
fn invalid_utf8() {
    let site = Site::copy_of("basic");
    let mut bytes = b"---\ntitle: Latin-1\ndate: 2024-01-01\n---\n\n**Q:** caf".to_vec();
    bytes.extend([0xE9, b'\n']);
    std::fs::write(site.root.join("content/latin1.md"), bytes).unwrap();
    let run = site.colloq(&["check"]);
    run.failure();
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn two_transcripts_with_the_same_slug() {
    assert_reports("duplicate-slug");
}

#[test]
fn two_topics_with_the_same_slug() {
    assert_reports("duplicate-topic-slug");
}

#[test]
fn a_template_that_fails() {
    assert_reports("template-failing");
}

#[test]
fn a_theme_missing_templates() {
    assert_reports("template-missing");
}

#[test]
fn a_sidecar_about_a_question_that_does_not_exist() {
    assert_reports("bad-sidecar");
}

#[test]
fn every_problem_of_a_run_is_reported() {
    assert_reports("many-problems");
}

#[test]
fn an_orphaned_note() {
    assert_reports("notes-orphan");
}

#[test]
fn an_ambiguous_note_names_every_place_it_matched() {
    assert_reports("notes-ambiguous");
}

#[test]
fn no_config_is_not_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let run = crate::support::colloq_in(dir.path(), &["build"]);
    run.failure();
    let folder = dir.path().display().to_string();
    insta::assert_snapshot!(run.stderr().replace(&folder, "[DIR]"));
}

#[test]
fn broken_links_are_listed_with_their_page() {
    let site = Site::copy_of("basic");
    site.write(
        "content/2024/links.md",
        "---\ntitle: Links\ndate: 2024-01-01\n---\n\n**Q:** See [the briefing](../../2024-05-02-briefing/index.html#t9-p9) and [this](../../nowhere/).\n",
    );
    let run = site.colloq(&["check", "--links"]);
    run.failure();
    insta::assert_snapshot!(run.stderr());
    // Without --links the same site checks clean.
    site.colloq(&["check"]).success();
}
