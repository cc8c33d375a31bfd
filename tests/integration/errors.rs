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

#[track_caller]
fn assert_reports(fixture: &str, expected: &[&str]) {
    let text = problems(fixture);
    for line in expected {
        assert!(
            text.contains(line),
            "{fixture}: expected {line:?} in:\n{text}"
        );
    }
}

#[test]
fn missing_front_matter() {
    assert_reports(
        "missing-front-matter",
        &[
            "error: missing front matter",
            "--> content/a.md:1:1",
            "^^^ expected `---` here",
            "help: start the file with front matter",
        ],
    );
}

#[test]
fn unterminated_front_matter() {
    assert_reports(
        "unterminated-front-matter",
        &[
            "error: unterminated front matter: no closing `---`",
            "--> content/a.md:1:1",
            "front matter opened here",
        ],
    );
}

#[test]
fn invalid_yaml() {
    assert_reports(
        "invalid-yaml",
        &[
            "error: invalid front matter: did not find expected ',' or ']'",
            "--> content/a.md:4:1",
            "4 | answerers: [A",
        ],
    );
}

#[test]
fn missing_required_key() {
    assert_reports(
        "missing-key",
        &[
            "error: missing required key `date` in front matter",
            "--> content/a.md:1:1",
            "this front matter has no `date`",
            "help: add a line `date: 2024-03-07`",
        ],
    );
}

#[test]
fn unknown_key_with_a_suggestion() {
    assert_reports(
        "unknown-key",
        &[
            "error: unknown key `titel` in front matter",
            "--> content/a.md:3:1",
            "3 | titel: Typo",
            "^^^^^ did you mean `title`?",
        ],
    );
}

#[test]
fn date_that_does_not_exist() {
    assert_reports(
        "bad-date",
        &[
            "error: invalid date: `2024-02-30` is not a day of the calendar",
            "--> content/a.md:3:7",
            "^^^^^^^^^^ not a date of the calendar",
            "help: write the date as YYYY-MM-DD",
        ],
    );
}

#[test]
fn invalid_utf8() {
    let site = Site::copy_of("basic");
    let mut bytes = b"---\ntitle: Latin-1\ndate: 2024-01-01\n---\n\n**Q:** caf".to_vec();
    bytes.extend([0xE9, b'\n']);
    std::fs::write(site.root.join("content/latin1.md"), bytes).unwrap();
    let run = site.colloq(&["check"]);
    run.failure();
    let text = run.stderr();
    for line in [
        "error: not valid UTF-8 text",
        "--> content/latin1.md:6:11",
        "this byte is not UTF-8",
        "help: save the file as UTF-8",
    ] {
        assert!(text.contains(line), "expected {line:?} in:\n{text}");
    }
}

#[test]
fn two_transcripts_with_the_same_slug() {
    assert_reports(
        "duplicate-slug",
        &[
            "error: two transcripts have the slug `briefing`: `First` here and `Second` in content/2024/briefing.md",
            "--> content/2023/briefing.md",
        ],
    );
}

#[test]
fn two_topics_with_the_same_slug() {
    assert_reports(
        "duplicate-topic-slug",
        &["error: two topics have the slug `trade-talks`: `trade-talks` here and `Trade Talks`"],
    );
}

#[test]
fn a_template_that_fails() {
    assert_reports(
        "template-failing",
        &[
            "error: template error",
            "--> templates/question.html",
            "question.html:3:23",
            "<h1>{{ question.title }</h1>",
        ],
    );
}

#[test]
fn a_theme_missing_templates() {
    let text = problems("template-missing");
    for name in [
        "404.html",
        "full.html",
        "index.html",
        "question.html",
        "speaker.html",
        "speakers.html",
        "topic.html",
        "topics.html",
        "transcript.html",
    ] {
        assert!(
            text.contains(&format!("error: missing template `{name}`")),
            "{name}:\n{text}"
        );
    }
    assert!(
        text.contains("--> themes/bare/templates/index.html"),
        "{text}"
    );
}

#[test]
fn a_sidecar_about_a_question_that_does_not_exist() {
    assert_reports(
        "bad-sidecar",
        &[
            "error: there is no question 7",
            "--> content/a.notes.yaml:4:3",
            "the transcript has one question",
        ],
    );
}

#[test]
fn every_problem_of_a_run_is_reported() {
    let text = problems("many-problems");
    let expected = [
        ("unknown key `titel` in front matter", "content/a.md:3:1"),
        (
            "invalid date: `2024-13-01` is not a day of the calendar",
            "content/a.md:4:7",
        ),
        ("missing front matter", "content/b.md:1:1"),
        (
            "missing required key `title` in front matter",
            "content/c.md:1:1",
        ),
    ];
    for (message, location) in expected {
        assert!(
            text.contains(&format!("error: {message}\n --> {location}")),
            "{message} at {location}:\n{text}"
        );
    }
    assert!(
        text.ends_with("error: 4 problems found; nothing was written\n"),
        "{text}"
    );
}

#[test]
fn an_orphaned_note() {
    assert_reports(
        "notes-orphan",
        &[
            "error: orphaned note: “signed in July” is not found in question 1",
            "--> content/a.notes.yaml:5:3",
            "5 |   - quote: signed in July",
            "help: copy the words as the page shows them",
            "1 problem found",
        ],
    );
}

#[test]
fn an_ambiguous_note_names_every_place_it_matched() {
    assert_reports(
        "notes-ambiguous",
        &[
            "error: ambiguous note: “trade deal” is found 3 times: question 1 paragraph #t1-p1 at character 8; question 1 paragraph #t2-p1 at character 5; question 1 paragraph #t2-p1 at character 43",
            "--> content/a.notes.yaml:6:3",
            "help: add `prefix:` or `suffix:`",
            "1 problem found",
        ],
    );
}

#[test]
fn no_config_is_not_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let run = crate::support::colloq_in(dir.path(), &["build"]);
    run.failure();
    assert!(
        run.stderr()
            .contains("error: no config.yaml: this is not a colloq site"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("colloq init"), "{}", run.stderr());
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
    let text = run.stderr();
    for expected in [
        "error: broken link `../../2024-05-02-briefing/index.html#t9-p9`: 2024-05-02-briefing/index.html has no id `t9-p9`\n--> links/1/index.html",
        "error: broken link `../../nowhere/`: there is no nowhere/index.html\n--> links/1/index.html",
        "problems found; nothing was written",
    ] {
        assert!(text.contains(expected), "expected {expected:?} in:\n{text}");
    }
    // Without --links the same site checks clean.
    site.colloq(&["check"]).success();
}
