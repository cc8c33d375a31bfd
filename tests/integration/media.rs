//! Transcripts with their recordings: `media:` and the times of turns and
//! paragraphs, checked as the site is built.

use crate::support::Site;

const OLDER: &str = "content/2024/2024-04-01-older.md";

/// The `basic` fixture with its older transcript changed by `edit`.
fn with_older(edit: impl Fn(String) -> String) -> Site {
    let site = Site::copy_of("basic");
    let text = std::fs::read_to_string(site.root.join(OLDER)).unwrap();
    site.write(OLDER, &edit(text));
    site
}

#[test]
fn a_recording_that_is_not_among_the_static_files_is_an_error_at_its_line() {
    let site = with_older(|text| {
        text.replace(
            "answerers: [SPOKESPERSON]\n",
            "answerers: [SPOKESPERSON]\nmedia:\n  src: audio/older.mp3\n",
        )
    });
    let run = site.colloq(&["build"]);
    run.failure();
    let said = run.stderr();
    assert!(
        said.contains("error: the recording `audio/older.mp3` is not in content/static/"),
        "{said}"
    );
    assert!(said.contains(&format!("--> {OLDER}:6:8")), "{said}");
    assert!(
        said.contains("help: put the file at content/static/audio/older.mp3"),
        "{said}"
    );

    // Once the file is there, the site builds.
    site.write("content/static/audio/older.mp3", "ID3");
    site.colloq(&["build"]).success();
}

#[test]
fn times_are_not_part_of_the_text_a_reader_searches_or_quotes() {
    let site = Site::copy_of("basic");
    let path = "content/2024/2024-04-01-older.md";
    let text = std::fs::read_to_string(site.root.join(path)).unwrap();
    site.write(
        path,
        &text
            .replace(
                "**Reuters:** Trade again?",
                "**Reuters:** [0:05] Trade again?",
            )
            .replace("SPOKESPERSON: Yes.", "SPOKESPERSON: [0:09.5] Yes."),
    );
    site.colloq(&["build"]).success();
    let search = site.read("2024-04-01-older/search.json");
    assert!(
        !search.contains("0:05") && !search.contains("[0:09.5]"),
        "{search}"
    );
    let data = site.read("2024-04-01-older/transcript.json");
    assert!(data.contains("\"Trade again?\""), "{data}");
}
