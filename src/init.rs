//! `colloq init DIR`: a new site with one small transcript that builds.

use std::fs;
use std::path::Path;

use crate::error::Error;

/// The files of a new site, by path.
const FILES: &[(&str, &str)] = &[
    (
        "config.yaml",
        "title: Briefings\ndescription: Annotated transcripts of press briefings.\nlanguage: en\n# base_url: https://example.github.io/briefings/\n",
    ),
    (".gitignore", "/site/\n"),
    (
        "content/topics.yaml",
        "Trade: { slug: trade, description: \"Tariffs, export controls and trade talks\" }\n",
    ),
    (
        "content/2024/2024-05-02-briefing.md",
        r"---
title: Daily press briefing
date: 2024-05-02
event: Daily briefing
location: Press room
answerers: [SPOKESPERSON]
hosts: [MODERATOR]
speakers:
  SPOKESPERSON: { name: The Spokesperson, title: Spokesperson }
---

The briefing began at 2:00 p.m.

MODERATOR: Good afternoon. We have time for two questions.

**Reuters:** Can you say when the trade talks will resume?

SPOKESPERSON: The talks will resume next month, in Geneva.

**NHK:** What is the aim of the visit to Tokyo?

SPOKESPERSON: To prepare the summit. The schedule is:

- arrival on Monday,
- meetings on Tuesday.
",
    ),
    (
        "content/2024/2024-05-02-briefing.notes.yaml",
        r"questions:
  1:
    title: When the trade talks resume
    topics: [Trade]
  2:
    title: The visit to Tokyo
notes:
  - quote: in Geneva
    question: 1
    kind: context
    note: The last round was held in Geneva as well.
",
    ),
];

fn failed(what: String) -> impl FnOnce(std::io::Error) -> Error {
    move |source| Error::Init {
        what,
        source: Some(source),
    }
}

/// Writes a new site into `dir`, which must be empty or not exist yet.
pub fn init(dir: &Path) -> Result<(), Error> {
    let occupied = fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some());
    if occupied {
        return Err(Error::Init {
            what: format!(
                "{} is not empty: choose a new folder for the site",
                dir.display()
            ),
            source: None,
        });
    }
    for (path, text) in FILES {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(failed(format!("cannot create {}", parent.display())))?;
        }
        fs::write(&path, text).map_err(failed(format!("cannot write {}", path.display())))?;
    }
    fs::create_dir_all(dir.join("templates")).map_err(failed("cannot create templates/".into()))?;
    Ok(())
}
