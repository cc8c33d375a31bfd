//! Snapshots of rendered page bodies. A change to the output shows here as
//! a diff; when it is intended, run with `COLLOQ_UPDATE_SNAPSHOTS=1` and
//! review the files in `tests/snapshots/`.

use std::fs;

use crate::support::{Site, main_of, repo};

const PAGES: &[(&str, &str)] = &[
    ("home", "index.html"),
    ("transcript", "2024-05-02-briefing/index.html"),
    ("question", "2024-05-02-briefing/1/index.html"),
    ("full", "2024-05-02-briefing/full/index.html"),
    ("topics", "topics/index.html"),
    ("topic", "topics/trade/index.html"),
    ("speakers", "speakers/index.html"),
    ("speaker", "speakers/the-spokesperson/index.html"),
];

#[test]
fn rendered_pages_match_their_snapshots() {
    let site = Site::copy_of("basic");
    site.colloq(&["build"]).success();
    let update = std::env::var_os("COLLOQ_UPDATE_SNAPSHOTS").is_some();
    let mut changed = Vec::new();
    for (name, page) in PAGES {
        let actual = format!("{}\n", main_of(&site.read(page)));
        let file = repo().join("tests/snapshots").join(format!("{name}.html"));
        if update {
            fs::write(&file, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&file).unwrap_or_default();
        if actual != expected {
            changed.push(format!(
                "{name} ({page}):\n--- expected\n{expected}\n--- actual\n{actual}"
            ));
        }
    }
    assert!(
        changed.is_empty(),
        "{}\nrun with COLLOQ_UPDATE_SNAPSHOTS=1 if the change is intended",
        changed.join("\n")
    );
}
