//! Incremental rebuilds through the library: what each kind of change
//! re-renders, writes and removes.

use std::fs;
use std::path::PathBuf;
use std::time::SystemTime;

use colloq::{Change, Session};

use crate::support::Site;

const BRIEFING: &str = "content/2024/2024-05-02-briefing.md";
const NOTES: &str = "content/2024/2024-05-02-briefing.notes.yaml";

fn start(site: &Site) -> (Session, PathBuf) {
    let output = site.root.join("served");
    let options = colloq::Options {
        root: site.root.clone(),
        output: output.clone(),
        base_url: None,
        drafts: false,
        show_detached: true,
        parsed_budget: colloq::PARSED_BUDGET,
    };
    let (session, first) = Session::start(options).unwrap();
    // Written: every page rendered but the generated robots.txt, which
    // the fixture's own replaces, and the static files: the theme's and
    // that robots.txt.
    let theme = fs::read_dir(crate::support::repo().join("themes/default/static"))
        .unwrap()
        .count();
    let (replaced, statics) = (1, theme + 1);
    assert_eq!(first.written, first.rendered - replaced + statics);
    assert_eq!(
        fs::read_to_string(output.join("robots.txt")).unwrap(),
        fs::read_to_string(site.root.join("content/static/robots.txt")).unwrap()
    );
    (session, output)
}

fn modified(path: PathBuf) -> SystemTime {
    fs::metadata(path).unwrap().modified().unwrap()
}

fn edit(site: &Site, file: &str, from: &str, to: &str) {
    let path = site.root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn a_note_edit_renders_its_transcript_and_writes_what_changed() {
    let site = Site::copy_of("basic");
    let (mut session, output) = start(&site);
    let home = modified(output.join("index.html"));
    let question_1 = modified(output.join("2024-05-02-briefing/1/index.html"));
    edit(&site, NOTES, "No date was given.", "No date yet.");
    let rebuild = session
        .apply([Change::Transcript(BRIEFING.into())])
        .unwrap();
    // The transcript's page, full text, two questions and two data files.
    assert_eq!(rebuild.rendered, 6);
    // The note is on question 2: its page, the transcript page (the list
    // of notes), the full text, annotations.json and transcript.json (the
    // notes' words that search reads) changed.
    assert_eq!(rebuild.written, 5);
    assert_eq!(rebuild.removed, 0);
    assert_eq!(modified(output.join("index.html")), home);
    assert_eq!(
        modified(output.join("2024-05-02-briefing/1/index.html")),
        question_1
    );
    let page = fs::read_to_string(output.join("2024-05-02-briefing/2/index.html")).unwrap();
    assert!(page.contains("No date yet."));
}

/// Whether one of the search index's key files in `output` lists `key`.
fn indexed(output: &std::path::Path, key: &str) -> bool {
    let index: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(output.join("search/index.json")).unwrap())
            .unwrap();
    let shards = index["shards"].as_u64().unwrap();
    (0..shards).any(|k| {
        let keys = fs::read_to_string(output.join(format!("search/keys-{k}.json"))).unwrap();
        keys.contains(&format!("\"{key}\":"))
    })
}

#[test]
fn words_an_edit_adds_are_searched_once_the_index_is_made_again() {
    let site = Site::copy_of("basic");
    let (mut session, output) = start(&site);
    assert!(
        session.search_refresh().is_none(),
        "the first build made it"
    );
    edit(
        &site,
        NOTES,
        "No date was given.",
        "No zebracorn was given.",
    );
    let rebuild = session
        .apply([Change::Transcript(BRIEFING.into())])
        .unwrap();
    assert_eq!(rebuild.rendered, 6, "the rebuild leaves the index alone");
    assert!(!indexed(&output, "zebracorn"));
    let refresh = session.search_refresh().expect("the index is stale");
    assert!(!refresh.superseded());
    let made = session
        .take_search(refresh.render())
        .unwrap()
        .expect("taken");
    assert!(made.written >= 1, "{made:?}");
    assert_eq!(made.removed, 0);
    assert!(indexed(&output, "zebracorn"));
    assert!(session.search_refresh().is_none(), "and current now");
    assert!(output.join("2024-05-02-briefing/2/index.html").exists());

    // An index made of a site that was rebuilt since is not taken.
    edit(
        &site,
        NOTES,
        "No zebracorn was given.",
        "No quokka was given.",
    );
    session
        .apply([Change::Transcript(BRIEFING.into())])
        .unwrap();
    let early = session.search_refresh().unwrap();
    edit(&site, NOTES, "No quokka was given.", "No wombat was given.");
    session
        .apply([Change::Transcript(BRIEFING.into())])
        .unwrap();
    assert!(early.superseded());
    assert!(session.take_search(early.render()).unwrap().is_none());
    assert!(!indexed(&output, "quokka"));
    let current = session.search_refresh().unwrap();
    session.take_search(current.render()).unwrap().unwrap();
    assert!(indexed(&output, "wombat"));
    assert!(!indexed(&output, "zebracorn"), "words taken out are gone");
}

#[test]
fn a_build_and_a_server_make_the_same_search_index() {
    // A build gathers the keys as it renders each transcript, a server
    // reads every transcript for them: the index must come out the same.
    let site = Site::copy_of("basic");
    for day in 10..30 {
        site.write(
            &format!("content/2023/2023-06-{day}-briefing.md"),
            &format!(
                "---\ntitle: Briefing {day}\ndate: 2023-06-{day}\nanswerers: [A]\n---\n\n\
                 Q: 第{day}问 about word{day} and 中美关系?\n\nA: Answer{} 中国.\n",
                day % 3
            ),
        );
    }
    site.colloq(&["build"]).success();
    let (_session, served) = start(&site);
    let built = site.output().join("search");
    let mut files = 0;
    for entry in fs::read_dir(&built).unwrap() {
        let name = entry.unwrap().file_name();
        let (a, b) = (
            fs::read(built.join(&name)).unwrap(),
            fs::read(served.join("search").join(&name)).unwrap(),
        );
        assert!(a == b, "{name:?} differs");
        files += 1;
    }
    assert!(files >= 4, "{files}");
    let keys = fs::read_to_string(built.join("keys-0.json")).unwrap();
    assert!(keys.contains("\"word17\":"), "{keys}");
}

#[test]
fn a_new_topic_renders_the_indexes_it_touches() {
    let site = Site::copy_of("basic");
    let (mut session, output) = start(&site);
    assert!(!output.join("topics/visits/index.html").exists());
    edit(
        &site,
        NOTES,
        "questions:\n",
        "questions:\n  2:\n    title: The visit\n    topics: [Visits]\n",
    );
    let rebuild = session
        .apply([Change::Transcript(BRIEFING.into())])
        .unwrap();
    assert!(rebuild.rendered > 6, "{rebuild:?}");
    let topic = fs::read_to_string(output.join("topics/visits/index.html")).unwrap();
    assert!(topic.contains("The visit"));
    assert!(
        fs::read_to_string(output.join("topics/index.html"))
            .unwrap()
            .contains("Visits")
    );
    // And taking it away removes the topic's page.
    edit(
        &site,
        NOTES,
        "  2:\n    title: The visit\n    topics: [Visits]\n",
        "",
    );
    let rebuild = session
        .apply([Change::Transcript(BRIEFING.into())])
        .unwrap();
    assert_eq!(rebuild.removed, 1);
    assert!(!output.join("topics/visits").exists());
}

#[test]
fn a_failed_rebuild_changes_nothing_and_is_tried_again() {
    let site = Site::copy_of("basic");
    let (mut session, output) = start(&site);
    let before = fs::read_to_string(output.join("2024-05-02-briefing/2/index.html")).unwrap();
    edit(&site, BRIEFING, "date: 2024-05-02", "date: 2024-02-30");
    let error = session
        .apply([Change::Transcript(BRIEFING.into())])
        .unwrap_err();
    assert!(error.to_string().contains("2024-02-30"), "{error}");
    let after = fs::read_to_string(output.join("2024-05-02-briefing/2/index.html")).unwrap();
    assert_eq!(before, after);
    // The fix arrives with another change; the failed one is retried.
    edit(&site, BRIEFING, "date: 2024-02-30", "date: 2024-05-03");
    session.apply([Change::Theme]).unwrap();
    let page = fs::read_to_string(output.join("2024-05-02-briefing/2/index.html")).unwrap();
    assert!(page.contains("2024-05-03"));
}

#[test]
fn a_template_change_renders_every_page_without_reading_content_again() {
    let site = Site::copy_of("basic");
    let (mut session, output) = start(&site);
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Lost</h1>{% endblock content %}",
    );
    // Content that changed on disk without being reported is not read.
    edit(&site, NOTES, "No date was given.", "Unreported.");
    let rebuild = session.apply([Change::Theme]).unwrap();
    assert!(rebuild.rendered >= 20, "{rebuild:?}");
    assert_eq!(rebuild.written, 1, "only the 404 page changed");
    assert!(
        fs::read_to_string(output.join("404.html"))
            .unwrap()
            .contains("<h1>Lost</h1>")
    );
}

#[test]
fn a_new_slug_moves_the_transcripts_pages() {
    let site = Site::copy_of("basic");
    let (mut session, output) = start(&site);
    edit(
        &site,
        BRIEFING,
        "date: 2024-05-02\n",
        "date: 2024-05-02\nslug: renamed\n",
    );
    let rebuild = session
        .apply([Change::Transcript(BRIEFING.into())])
        .unwrap();
    assert!(output.join("renamed/1/index.html").is_file());
    assert!(!output.join("2024-05-02-briefing").exists());
    assert_eq!(rebuild.removed, 6, "four pages and two data files");
    let home = fs::read_to_string(output.join("index.html")).unwrap();
    assert!(home.contains("renamed/index.html"), "{home}");
}

/// List pages come and go with the transcripts: with one transcript a
/// page, removing one removes the last page of the home page and of the
/// year, and adding it back brings them back.
#[test]
fn later_list_pages_follow_the_transcripts() {
    let site = Site::copy_of("basic");
    site.write("config.yaml", "title: Fixture\nlanguage: en\npaginate: 1\n");
    let (mut session, output) = start(&site);
    assert!(output.join("page/2/index.html").is_file());
    assert!(output.join("archive/2024/page/2/index.html").is_file());
    let older = "content/2024/2024-04-01-older.md";
    let notes = "content/2024/2024-04-01-older.notes.yaml";
    let text = fs::read_to_string(site.root.join(older)).unwrap();
    let sidecar = fs::read_to_string(site.root.join(notes)).unwrap();
    fs::remove_file(site.root.join(older)).unwrap();
    fs::remove_file(site.root.join(notes)).unwrap();
    session.apply([Change::Transcript(older.into())]).unwrap();
    assert!(!output.join("page/2/index.html").exists());
    assert!(!output.join("archive/2024/page/2/index.html").exists());
    assert!(output.join("index.html").is_file());
    site.write(older, &text);
    site.write(notes, &sidecar);
    session.apply([Change::Transcript(older.into())]).unwrap();
    assert!(output.join("page/2/index.html").is_file());
}
