//! The built site checked by software no one here wrote, in headless
//! Chromium: `tests/clients/check.mjs` (Node, with the packages of
//! `tests/clients/package.json`, which `.ci/run` installs with `npm ci`).
//! Ignored by a plain `cargo test`, like every test that needs Chromium.

use std::path::Path;
use std::process::Command;

use crate::support::{Site, colloq_in, repo};

/// Runs `check.mjs` on the site at `site` for `checks`, over `pages`
/// pages (each kind at two widths); fails the test, with the report, when
/// a check fails.
fn check(site: &Path, checks: &str, pages: usize) {
    let clients = repo().join("tests/clients");
    assert!(
        clients.join("node_modules").is_dir(),
        "run `npm ci --prefix tests/clients` first (Node.js and npm are needed)"
    );
    let chromium = crate::browser::chromium_path();
    let out = Command::new("node")
        .arg(clients.join("check.mjs"))
        .env("CHROMIUM", &chromium)
        .arg(site)
        .arg(checks)
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{checks} failed on {}:\n{report}\n{}",
        site.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.contains(&format!("\"pages\": {pages}")), "{report}");
}

/// On the example site and the `basic` fixture: Apache Annotator finds
/// every annotation's quote once and its position gives back its words;
/// every paragraph link of every transcript page matches once, inside its
/// paragraph, under the text-fragment polyfill's algorithm; axe-core
/// finds nothing on the home, topic, speaker, search, transcript,
/// question and full-text pages at 1280 and 390 px (and on those of the
/// podcast fixture, with its player and times).
#[test]
#[ignore = "needs headless Chromium and Node; run with `cargo test -- --ignored`"]
fn independent_clients_attach_every_note_land_every_link_and_find_no_violation() {
    let dir = tempfile::tempdir().unwrap();
    let example = dir.path().join("example");
    colloq_in(&repo(), &["build", "--output", example.to_str().unwrap()]).success();
    // Nine kinds of page, and four of its English edition, at two widths.
    check(&example, "selectors,fragments,axe", 26);
    let fixture = Site::built("basic");
    check(&fixture.output(), "selectors,fragments,axe", 18);
    // A transcript with its recording: the player and the times.
    let podcast = crate::media::podcast();
    podcast.colloq(&["build"]).success();
    check(&podcast.output(), "selectors,axe", 16);
}
