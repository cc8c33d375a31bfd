//! Notes written from the served pages, over HTTP as a page's script
//! sends them: added, edited, moved and deleted in the sidecar, and every
//! request that must be refused, refused with nothing written.

use std::fs;
use std::path::PathBuf;

use crate::support::Server;
use crate::support::{Response, Site, request};

const SLUG: &str = "2024-05-02-briefing";
const SIDECAR: &str = "content/2024/2024-05-02-briefing.notes.yaml";

/// A served fixture site with editing on, and the token its pages carry.
struct Editing {
    server: Server,
    token: String,
    site: Site,
}

impl Editing {
    fn start(extra: &[&str]) -> Editing {
        let site = Site::copy_of("basic");
        let server = Server::start(&site, extra);
        let page = server.get(&format!("{SLUG}/1/index.html"));
        let token = token_of(&page.body).expect("served pages carry the token");
        Editing {
            server,
            token,
            site,
        }
    }

    fn sidecar(&self) -> PathBuf {
        self.site.root.join(SIDECAR)
    }

    fn api(&self) -> String {
        format!("{}__colloq/notes", self.server.mount)
    }

    /// A write as the page's script sends it.
    fn send(&self, method: &str, body: &str) -> Response {
        let address = &self.server.address;
        self.send_with(
            method,
            &[
                &format!("Host: {address}"),
                &format!("Origin: http://{address}"),
                &format!("X-Colloq-Token: {}", self.token),
                "Content-Type: application/json",
            ],
            body.as_bytes(),
        )
    }

    fn send_with(&self, method: &str, head: &[&str], body: &[u8]) -> Response {
        request(&self.server.address, method, &self.api(), head, body)
    }

    /// The notes of `slug` the page's script is told of.
    fn listing_of(&self, slug: &str) -> Response {
        let address = &self.server.address;
        request(
            address,
            "GET",
            &format!("{}?transcript={slug}", self.api()),
            &[
                &format!("Host: {address}"),
                &format!("X-Colloq-Token: {}", self.token),
            ],
            b"",
        )
    }

    fn listing(&self) -> serde_json::Value {
        let response = self.listing_of(SLUG);
        assert_eq!(response.status, 200, "{}", response.body);
        serde_json::from_str(&response.body).unwrap()
    }

    /// The id of the note on `quote`, once a rebuild lists it.
    fn id_of(&self, quote: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        loop {
            let listing = self.listing();
            let found = listing["notes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|n| n["quote"] == quote)
                .map(|n| n["id"].as_str().unwrap().to_string());
            if let Some(id) = found
                && !listing["stale"].as_bool().unwrap()
            {
                return id;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no note on {quote}: {listing}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

fn token_of(page: &str) -> Option<String> {
    let at = page.find("<meta name=\"colloq-edit\" content=\"")?;
    let rest = &page[at + 34..];
    Some(rest[..rest.find('"')?].to_string())
}

#[test]
fn a_note_is_added_edited_moved_and_deleted_and_the_file_is_the_editors_again() {
    let editing = Editing::start(&[]);
    let before = fs::read_to_string(editing.sidecar()).unwrap();
    let question = format!("{SLUG}/1/index.html");

    // Selected as a reader sees it: across the emphasis of *trade*.
    let added = editing.send(
        "POST",
        r#"{"transcript": "2024-05-02-briefing", "question": null, "block": "t2-p1",
            "exact": "trade talks", "prefix": "When will the ", "suffix": " resume?",
            "kind": "context", "note": "Talks on **tariffs**.", "correction": "",
            "links": ["https://example.org/talks"], "by": "Desk", "date": "2024-05-03"}"#,
    );
    assert_eq!(added.status, 201, "{}", added.body);
    let written: serde_json::Value = serde_json::from_str(&added.body).unwrap();
    assert_eq!(written["file"], SIDECAR);
    assert_eq!(written["line"], 26);
    let after_add = fs::read_to_string(editing.sidecar()).unwrap();
    assert_eq!(
        after_add,
        format!(
            "{before}  - quote: trade talks\n    question: 1\n    kind: context\n    note: Talks on **tariffs**.\n    links:\n      - https://example.org/talks\n    by: Desk\n    date: 2024-05-03\n"
        )
    );
    let page = editing
        .server
        .wait_for(&question, "shows the new note", |r| {
            r.body.contains("Talks on <strong>tariffs</strong>.")
        });
    assert!(page.body.contains("data-note=\"2\">trade"), "{}", page.body);
    editing.server.wait_said(&format!(
        "note added: {SIDECAR}:26 — context on “trade talks”"
    ));

    let id = editing.id_of("trade talks");
    let edited = editing.send(
        "PATCH",
        &format!(r#"{{"transcript": "{SLUG}", "id": "{id}", "note": "Talks on trade.", "kind": "fact-check"}}"#),
    );
    assert_eq!(edited.status, 200, "{}", edited.body);
    let after_edit = fs::read_to_string(editing.sidecar()).unwrap();
    assert_eq!(
        after_edit,
        after_add.replace(
            "kind: context\n    note: Talks on **tariffs**.",
            "kind: fact-check\n    note: Talks on trade."
        )
    );
    editing.server.wait_for(&question, "shows the edit", |r| {
        r.body.contains("Talks on trade.")
    });

    // Moved to words that occur twice: the server adds the context.
    let id = editing.id_of("trade talks");
    let moved = editing.send(
        "PATCH",
        &format!(r#"{{"transcript": "{SLUG}", "id": "{id}", "block": "t3-p3", "exact": "the", "prefix": "The talks resume in Geneva, at ", "suffix": " Palais of nations"}}"#),
    );
    assert_eq!(moved.status, 200, "{}", moved.body);
    let after_move = fs::read_to_string(editing.sidecar()).unwrap();
    assert!(
        after_move.ends_with("  - quote: the\n    question: 1\n    prefix: at\n    kind: fact-check\n    note: Talks on trade.\n    links:\n      - https://example.org/talks\n    by: Desk\n    date: 2024-05-03\n"),
        "{after_move}"
    );
    assert!(after_move.starts_with(&before));
    editing.server.wait_said("note moved from “trade talks”");

    let id = editing.id_of("the");
    let deleted = editing.send(
        "DELETE",
        &format!(r#"{{"transcript": "{SLUG}", "id": "{id}"}}"#),
    );
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(fs::read_to_string(editing.sidecar()).unwrap(), before);
    editing.server.wait_for(&question, "drops the note", |r| {
        !r.body.contains("Talks on trade.")
    });
}

#[test]
fn a_note_on_words_of_an_existing_note_is_edited_where_it_stands() {
    let editing = Editing::start(&[]);
    let before = fs::read_to_string(editing.sidecar()).unwrap();
    let id = editing.id_of("Good afternoon");
    let response = editing.send(
        "PATCH",
        &format!(
            r#"{{"transcript": "{SLUG}", "id": "{id}", "note": "午安。", "revision": "{}"}}"#,
            editing.listing()["revision"].as_str().unwrap()
        ),
    );
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(
        fs::read_to_string(editing.sidecar()).unwrap(),
        before.replace("note: 下午好。", "note: 午安。")
    );
}

/// What is tried, the method, the header lines and the body, and the
/// status and words of the refusal.
type Case<'a> = (&'a str, &'a str, Vec<&'a str>, &'a [u8], u16, &'a str);

#[test]
fn every_request_that_is_not_from_the_servers_own_pages_is_refused() {
    let editing = Editing::start(&[]);
    let before = fs::read_to_string(editing.sidecar()).unwrap();
    let address = editing.server.address.clone();
    let host = format!("Host: {address}");
    let origin = format!("Origin: http://{address}");
    let token = format!("X-Colloq-Token: {}", editing.token);
    let json = "Content-Type: application/json";
    let note = r#"{"transcript": "2024-05-02-briefing", "exact": "trade talks", "kind": "note", "note": "x"}"#;
    let big = format!(
        r#"{{"transcript": "{SLUG}", "exact": "trade", "note": "{}"}}"#,
        "x".repeat(100_000)
    );
    let cases: Vec<Case<'_>> = vec![
        ("no token", "POST", vec![&host, &origin, json], note.as_bytes(), 403, "token"),
        ("a wrong token", "POST", vec![&host, &origin, "X-Colloq-Token: 0123456789abcdef0123456789abcdef", json], note.as_bytes(), 403, "token"),
        ("a foreign Origin", "POST", vec![&host, "Origin: http://evil.example", &token, json], note.as_bytes(), 403, "comes from `http://evil.example`"),
        ("the null Origin", "POST", vec![&host, "Origin: null", &token, json], note.as_bytes(), 403, "comes from `null`"),
        ("no Origin", "POST", vec![&host, &token, json], note.as_bytes(), 403, "Origin"),
        ("a foreign Host (DNS rebinding)", "POST", vec!["Host: evil.example:1111", "Origin: http://evil.example:1111", &token, json], note.as_bytes(), 403, "host `evil.example:1111`"),
        ("no Host", "POST", vec![&origin, &token, json], note.as_bytes(), 403, "host ``"),
        ("a form's content type", "POST", vec![&host, &origin, &token, "Content-Type: application/x-www-form-urlencoded"], note.as_bytes(), 415, "application/json"),
        ("plain text", "POST", vec![&host, &origin, &token, "Content-Type: text/plain"], note.as_bytes(), 415, "application/json"),
        ("an oversized body", "POST", vec![&host, &origin, &token, json], big.as_bytes(), 413, "at most 64 KB"),
        ("not JSON", "POST", vec![&host, &origin, &token, json], b"quote=x", 400, "refused"),
        ("an unknown field", "POST", vec![&host, &origin, &token, json], br#"{"transcript": "x", "path": "/etc/passwd"}"#, 400, "unknown field `path`"),
        ("an unknown transcript", "POST", vec![&host, &origin, &token, json], br#"{"transcript": "nope", "exact": "a"}"#, 404, "no transcript `nope`"),
        ("a path for a transcript", "POST", vec![&host, &origin, &token, json], br#"{"transcript": "../../config", "exact": "a"}"#, 404, "no transcript `../../config`"),
        ("a page older than the file", "POST", vec![&host, &origin, &token, json], br#"{"transcript": "2024-05-02-briefing", "exact": "trade talks", "revision": "0000000000000000"}"#, 409, "changed since this page was made"),
        ("words not in the transcript", "POST", vec![&host, &origin, &token, json], br#"{"transcript": "2024-05-02-briefing", "exact": "peace talks"}"#, 422, "not in the transcript"),
        ("a bad date", "POST", vec![&host, &origin, &token, json], br#"{"transcript": "2024-05-02-briefing", "exact": "trade talks", "date": "2024-02-30"}"#, 422, "not a day of the calendar"),
        ("a script link", "POST", vec![&host, &origin, &token, json], br#"{"transcript": "2024-05-02-briefing", "exact": "trade talks", "links": ["javascript:alert(1)"]}"#, 422, "not a link"),
        ("a note that is not there", "DELETE", vec![&host, &origin, &token, json], br#"{"transcript": "2024-05-02-briefing", "id": "000000000000"}"#, 409, "no note is written this way"),
        ("a CORS preflight", "OPTIONS", vec![&host, "Origin: http://evil.example", "Access-Control-Request-Method: POST", "Access-Control-Request-Headers: content-type, x-colloq-token"], b"", 403, "comes from `http://evil.example`"),
        ("another method", "PUT", vec![&host, &origin, &token, json], note.as_bytes(), 405, "use GET, POST, PATCH or DELETE"),
    ];
    let mut seen = Vec::new();
    for (what, method, head, body, status, message) in &cases {
        let response = editing.send_with(method, head, body);
        assert_eq!(response.status, *status, "{what}: {}", response.body);
        assert!(response.body.contains(message), "{what}: {}", response.body);
        assert!(
            response.header("access-control-allow-origin").is_none(),
            "{what}: no CORS grant"
        );
        seen.push(format!("{what}: {} {}", response.status, response.body));
    }
    // A listing needs the token and the server's own Host too.
    let list = |head: &[&str]| {
        request(
            &address,
            "GET",
            &format!("{}?transcript={SLUG}", editing.api()),
            head,
            b"",
        )
        .status
    };
    assert_eq!(list(&[&host]), 403);
    assert_eq!(list(&["Host: evil.example", &token]), 403);
    assert_eq!(list(&[&host, "Origin: http://evil.example", &token]), 403);
    assert_eq!(list(&[&host, &token]), 200);
    assert_eq!(
        fs::read_to_string(editing.sidecar()).unwrap(),
        before,
        "{}",
        seen.join("\n")
    );
    assert!(!editing.server.said().contains("note added"));
}

#[test]
fn a_sidecar_saved_in_an_editor_is_never_overwritten() {
    let editing = Editing::start(&[]);
    // Saved in a text editor, with a mistake that stops the rebuild: the
    // pages stay as they were made from the old file.
    let mine = format!(
        "{}\n  - quote: [unclosed\n",
        fs::read_to_string(editing.sidecar()).unwrap()
    );
    fs::write(editing.sidecar(), &mine).unwrap();
    editing.server.wait_said("not rebuilt");
    let response = editing.send(
        "POST",
        r#"{"transcript": "2024-05-02-briefing", "exact": "trade talks", "block": "t2-p1"}"#,
    );
    assert_eq!(response.status, 409, "{}", response.body);
    assert!(
        response
            .body
            .contains("changed on disk since this page was made"),
        "{}",
        response.body
    );
    assert_eq!(fs::read_to_string(editing.sidecar()).unwrap(), mine);
    assert_eq!(editing.listing()["stale"], true);
}

#[test]
fn a_new_sidecar_is_made_for_a_transcript_without_one() {
    let editing = Editing::start(&[]);
    let path = editing
        .site
        .root
        .join("content/2024/2024-04-01-older.notes.yaml");
    fs::remove_file(&path).unwrap();
    let listing = || editing.listing_of("2024-04-01-older").body;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while !listing().contains("\"revision\":\"none\"") {
        assert!(std::time::Instant::now() < deadline, "{}", listing());
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let response = editing.send(
        "POST",
        r#"{"transcript": "2024-04-01-older", "exact": "again", "note": "新的"}"#,
    );
    assert_eq!(response.status, 201, "{}", response.body);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "notes:\n  - quote: again\n    question: 1\n    kind: note\n    note: 新的\n"
    );
}

#[test]
fn editing_is_off_beyond_loopback_and_with_no_edit() {
    for (extra, said) in [
        (
            &["--bind", "0.0.0.0"][..],
            "notes cannot be edited from the pages: 0.0.0.0 is reachable from other machines",
        ),
        (&["--no-edit"][..], ""),
    ] {
        let site = Site::copy_of("basic");
        let server = Server::start(&site, extra);
        let page = server.get(&format!("{SLUG}/1/index.html"));
        assert_eq!(page.status, 200);
        assert!(token_of(&page.body).is_none(), "no token in {extra:?}");
        assert!(!page.body.contains("__colloq/notes"));
        let port = server.address.rsplit(':').next().unwrap();
        let address = format!("127.0.0.1:{port}");
        let response = request(
            &address,
            "POST",
            &format!("{}__colloq/notes", server.mount),
            &[
                &format!("Host: {address}"),
                &format!("Origin: http://{address}"),
                "Content-Type: application/json",
            ],
            br#"{"transcript": "2024-05-02-briefing", "exact": "trade talks"}"#,
        );
        assert_eq!(response.status, 403, "{}", response.body);
        assert!(
            response.body.contains("editing notes is off"),
            "{}",
            response.body
        );
        let output = server.wait_said("press Ctrl-C to stop");
        assert!(output.contains(said), "{output}");
        assert!(!output.contains("notes can be added"), "{output}");
    }
}

/// As an editor works: on the example site's question 3, words selected
/// with the mouse get a note through the form, shown beside them after
/// the reload; the note is edited, moved and deleted from the page, and
/// the sidecar ends as it began, byte for byte.
#[test]
#[ignore = "needs headless Chromium and Node; run with `cargo test -- --ignored`"]
fn an_editor_adds_edits_moves_and_deletes_a_note_in_the_browser() {
    let clients = crate::support::repo().join("tests/clients");
    assert!(
        clients.join("node_modules").is_dir(),
        "run `npm ci --prefix tests/clients` first (Node.js and npm are needed)"
    );
    let example = tempfile::tempdir().unwrap();
    for part in ["config.yaml", "content"] {
        let from = crate::support::repo().join(part);
        if from.is_dir() {
            crate::support::copy_dir(&from, &example.path().join(part));
        } else {
            fs::copy(&from, example.path().join(part)).unwrap();
        }
    }
    let site = Site::copy_from(example.path());
    let sidecar = site.root.join("content/2024/2024-03-07-wang-yi.notes.yaml");
    let before = fs::read_to_string(&sidecar).unwrap();
    let server = Server::start(&site, &[]);
    let url = format!(
        "http://{}{}2024-03-07-wang-yi/3/index.html",
        server.address, server.mount
    );
    let shots = std::env::var("COLLOQ_SCREENSHOTS").unwrap_or_default();
    let out = std::process::Command::new("node")
        .arg(clients.join("annotate.mjs"))
        .args([
            url.as_str(),
            "t7-p2",
            "地球村",
            "同一条大船",
            shots.as_str(),
        ])
        .env("CHROMIUM", crate::browser::chromium_path())
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report}\n{}\nserver said:\n{}",
        String::from_utf8_lossy(&out.stderr),
        server.said()
    );
    for step in ["added: note", "edited: note", "moved: note", "deleted"] {
        assert!(report.contains(step), "{report}");
    }
    for change in [
        "note added:",
        "note edited:",
        "note moved from “地球村”:",
        "note deleted:",
    ] {
        server.wait_said(change);
    }
    assert_eq!(fs::read_to_string(&sidecar).unwrap(), before);
}

/// A typo fixed in the transcript orphans a note; the page's detached
/// notes offer the nearest passage, and re-anchoring there writes only
/// the note's quote and question.
#[test]
fn a_detached_note_is_re_anchored_on_the_passage_the_page_suggests() {
    let editing = Editing::start(&[]);
    let before = fs::read_to_string(editing.sidecar()).unwrap();
    let transcript = editing
        .site
        .root
        .join("content/2024/2024-05-02-briefing.md");
    let text = fs::read_to_string(&transcript).unwrap();
    fs::write(&transcript, text.replace("[Palais]", "[Palace]")).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    let detached = loop {
        let listing = editing.listing();
        if let Some(d) = listing["detached"].as_array().unwrap().first() {
            break d.clone();
        }
        assert!(std::time::Instant::now() < deadline, "{listing}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(detached["quote"], "Geneva, at the Palais of nations");
    let nearest = &detached["nearest"];
    assert_eq!(nearest["words"], "Geneva, at the Palace of nations");
    assert_eq!(nearest["block"], "t3-p3");
    assert_eq!(nearest["score"], 93);
    let response = editing.send(
        "PATCH",
        &format!(
            r#"{{"transcript": "{SLUG}", "id": {}, "exact": {}, "block": {}, "question": null}}"#,
            detached["id"], nearest["words"], nearest["block"]
        ),
    );
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(
        fs::read_to_string(editing.sidecar()).unwrap(),
        before.replace(
            "  - quote: Geneva, at the Palais of nations\n",
            "  - quote: Geneva, at the Palace of nations\n    question: 1\n"
        )
    );
    editing.server.wait_for(
        &format!("{SLUG}/1/index.html"),
        "places the note again",
        |r| !r.body.contains("<section class=\"detached-notes\""),
    );
}

#[test]
fn a_note_on_a_translations_page_is_written_in_the_translations_sidecar() {
    let editing = Editing::start(&[]);
    let original = fs::read_to_string(editing.sidecar()).unwrap();
    editing.site.write(
        "content/2024/2024-04-01-older.fr.md",
        "---\ntitle: Briefing plus ancien\n---\n\n**Reuters:** Encore le commerce ?\n\nSPOKESPERSON: Oui.\n",
    );
    // Its pages ask by the language's folder and the slug.
    let slug = "fr/2024-04-01-older";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while !editing
        .listing_of(slug)
        .body
        .contains("\"revision\":\"none\"")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "{}",
            editing.listing_of(slug).body
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let page = editing.server.get(&format!("{slug}/1/index.html"));
    assert!(
        page.body.contains("__colloq/notes"),
        "the translation's page offers editing"
    );
    let response = editing.send(
        "POST",
        r#"{"transcript": "fr/2024-04-01-older", "exact": "commerce", "note": "Trade, in English."}"#,
    );
    assert_eq!(response.status, 201, "{}", response.body);
    assert_eq!(
        fs::read_to_string(
            editing
                .site
                .root
                .join("content/2024/2024-04-01-older.fr.notes.yaml")
        )
        .unwrap(),
        "notes:\n  - quote: commerce\n    question: 1\n    kind: note\n    note: Trade, in English.\n"
    );
    assert_eq!(
        fs::read_to_string(editing.sidecar()).unwrap(),
        original,
        "the original's notes are untouched"
    );
    // Words of the original are not the translation's.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while !editing.listing_of(slug).body.contains("Trade, in English.") {
        assert!(
            std::time::Instant::now() < deadline,
            "the note never reached the site"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let response = editing.send(
        "POST",
        r#"{"transcript": "fr/2024-04-01-older", "exact": "Trade again", "note": "No."}"#,
    );
    assert_eq!(response.status, 422, "{}", response.body);
}
