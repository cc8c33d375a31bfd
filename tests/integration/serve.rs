//! `colloq serve --watch` over HTTP: a server on an ephemeral port over a
//! copy of a fixture site, edited while it runs.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::{Server, Site, colloq_in, get, memory_kb};

const BRIEFING: &str = "2024-05-02-briefing";
const NOTES: &str = "content/2024/2024-05-02-briefing.notes.yaml";

fn edit(site: &Site, file: &str, change: impl FnOnce(String) -> String) {
    let path = site.root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, change(text)).unwrap();
}

/// Saves `file` the way many editors do: a temporary file renamed over it.
fn save_by_rename(site: &Site, file: &str, text: &str) {
    let path = site.root.join(file);
    let temporary: PathBuf = path.with_file_name(".edit.tmp");
    fs::write(&temporary, text).unwrap();
    fs::rename(&temporary, &path).unwrap();
}

const NEW_NOTE: &str = "  - quote: Soon\n    question: 2\n    kind: fact-check\n    note: A note added while serving.\n";

#[test]
fn an_edited_note_reaches_the_page_and_open_pages_reload() {
    let site = Site::copy_of("basic");
    let server = Server::start(&site, &[]);
    let page = format!("{BRIEFING}/2/");
    assert!(
        !server
            .get(&page)
            .body
            .contains("A note added while serving.")
    );
    let events = server.events();
    assert_eq!(
        events.next("problems"),
        "{\"error\":null,\"detached\":[]}",
        "a page learns the current problems first"
    );
    edit(&site, NOTES, |text| {
        text.replace(
            "  - quote: Soon\n    question: 2\n    kind: context\n    note: No date was given.\n",
            NEW_NOTE,
        )
    });
    events.next("reload");
    let response = server.wait_for(&page, "shows the new note", |r| {
        r.body.contains("A note added while serving.")
    });
    assert_eq!(response.status, 200);
    assert!(!response.body.contains("No date was given."));
    // Only the transcript's own pages were rendered (its page, its full
    // text, two questions, two data files).
    let said = server.said();
    let line = said
        .lines()
        .find(|l| l.starts_with("rebuilt content/2024/2024-05-02-briefing.md in"))
        .unwrap_or_else(|| panic!("no report of the rebuild in:\n{said}"));
    assert!(line.contains(": 6 pages rendered, "), "{line}");
}

#[test]
fn words_a_note_gains_while_serving_are_found_by_search() {
    let site = Site::copy_of("basic");
    let server = Server::start(&site, &[]);
    let shard = |server: &Server| {
        let index: serde_json::Value =
            serde_json::from_str(&server.get("search/index.json").body).unwrap();
        assert_eq!(index["shards"], 1, "a small site has one shard");
        "search/keys-0.json"
    };
    assert!(!server.get(shard(&server)).body.contains("\"zebracorn\":"));
    edit(&site, NOTES, |text| {
        text.replace("No date was given.", "No zebracorn was given.")
    });
    server.wait_for(shard(&server), "indexes the note's new word", |r| {
        r.body.contains("\"zebracorn\":")
    });
    let said = server.said();
    assert!(
        said.lines()
            .any(|l| l.starts_with("rebuilt the search index in")),
        "{said}"
    );
}

#[test]
fn a_broken_file_shows_its_error_and_the_next_good_save_recovers() {
    let site = Site::copy_of("basic");
    let server = Server::start(&site, &[]);
    let events = server.events();
    events.next("problems");
    let good = fs::read_to_string(site.root.join(NOTES)).unwrap();
    save_by_rename(
        &site,
        NOTES,
        &good.replace(
            "    title: When talks resume",
            "    title: [When talks resume",
        ),
    );
    let problems = events.next("problems");
    assert!(
        problems.contains("content/2024/2024-05-02-briefing.notes.yaml:3:12"),
        "{problems}"
    );
    assert!(problems.contains("title: [When talks resume"), "{problems}");
    // The last good site is still served.
    let page = server.get(&format!("{BRIEFING}/1/"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1>When talks resume</h1>"));
    save_by_rename(
        &site,
        NOTES,
        &good.replace("When talks resume", "When the talks resume"),
    );
    events.next("reload");
    server.wait_for(&format!("{BRIEFING}/1/"), "recovers", |r| {
        r.body.contains("<h1>When the talks resume</h1>")
    });
    assert_eq!(
        server.events().next("problems"),
        "{\"error\":null,\"detached\":[]}"
    );
}

#[test]
fn a_bad_date_and_a_template_error_are_shown_too() {
    let site = Site::copy_of("basic");
    let server = Server::start(&site, &[]);
    let events = server.events();
    events.next("problems");
    edit(&site, "content/2024/2024-05-02-briefing.md", |t| {
        t.replace("date: 2024-05-02", "date: 2024-02-30")
    });
    let problems = events.next("problems");
    assert!(
        problems.contains("2024-05-02-briefing.md:3:7"),
        "{problems}"
    );
    edit(&site, "content/2024/2024-05-02-briefing.md", |t| {
        t.replace("date: 2024-02-30", "date: 2024-05-02")
    });
    events.next("reload");
    site.write(
        "templates/question.html",
        "{% extends \"base.html\" %}{% block content %}{{ nope.x }}{% endblock content %}",
    );
    let problems = events.next("problems");
    assert!(problems.contains("templates/question.html"), "{problems}");
    assert!(
        server
            .get(&format!("{BRIEFING}/1/"))
            .body
            .contains("When talks resume")
    );
    // templates/ did not exist when the server started; it is watched now.
    site.write(
        "templates/question.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Own: {{ question.title }}</h1>{% endblock content %}",
    );
    events.next("reload");
    server.wait_for(&format!("{BRIEFING}/1/"), "uses the new template", |r| {
        r.body.contains("<h1>Own: When talks resume</h1>")
    });
}

#[test]
fn reading_the_files_is_not_a_change() {
    let site = Site::copy_of("basic");
    let server = Server::start(&site, &[]);
    for _ in 0..3 {
        fs::read_to_string(site.root.join(NOTES)).unwrap();
        fs::read_dir(site.root.join("content/2024"))
            .unwrap()
            .for_each(drop);
    }
    std::thread::sleep(Duration::from_millis(500));
    let said = server.said();
    assert!(!said.contains("rebuilt content"), "{said}");
}

#[test]
fn notes_that_cannot_be_placed_do_not_stop_the_rebuild() {
    let site = Site::copy_of("basic");
    let server = Server::start(&site, &[]);
    let events = server.events();
    events.next("problems");
    edit(&site, NOTES, |t| {
        t + "  - quote: words nobody said\n    question: 1\n    note: Detached.\n"
    });
    events.next("reload");
    // A page that reloads learns the problems as it connects again.
    let problems = server.events().next("problems");
    assert!(
        problems.contains("orphaned note: “words nobody said”"),
        "{problems}"
    );
    assert!(
        problems.contains("2024-05-02-briefing.notes.yaml:26:3"),
        "{problems}"
    );
    let page = server.wait_for(&format!("{BRIEFING}/1/"), "shows the detached note", |r| {
        r.body.contains("class=\"detached-notes\"")
    });
    assert!(page.body.contains("<q>words nobody said</q>"));
}

#[test]
fn a_deleted_transcript_is_gone_from_the_site() {
    let site = Site::copy_of("basic");
    let server = Server::start(&site, &[]);
    assert_eq!(server.get(&format!("{BRIEFING}/1/")).status, 200);
    fs::remove_file(site.root.join(NOTES)).unwrap();
    fs::remove_file(site.root.join("content/2024/2024-05-02-briefing.md")).unwrap();
    let gone = server.wait_for(&format!("{BRIEFING}/1/"), "is gone", |r| r.status == 404);
    // The theme's 404 page, with the reload script.
    assert!(
        gone.body.contains("<h1>Page not found</h1>"),
        "{}",
        gone.body
    );
    assert!(gone.body.contains("__colloq/events"));
    // The rest of its files go in the same rebuild.
    server.wait_for("", "drops it", |r| !r.body.contains("Daily briefing"));
    let folder = server.output.path().join("site").join(BRIEFING);
    let deadline = Instant::now() + Duration::from_secs(5);
    while folder.exists() {
        assert!(Instant::now() < deadline, "{} is left", folder.display());
        std::thread::sleep(Duration::from_millis(20));
    }
    // A new transcript appears.
    site.write(
        "content/2024/2024-06-01-new.md",
        "---\ntitle: New briefing\ndate: 2024-06-01\n---\n\n**Q:** Hello?\n\n**A:** Hi.\n",
    );
    server.wait_for("2024-06-01-new/1/", "appears", |r| r.status == 200);
    server.wait_for("", "lists it", |r| r.body.contains("New briefing"));
}

#[test]
fn nothing_outside_the_output_is_served() {
    let site = Site::copy_of("basic");
    let server = Server::start(&site, &[]);
    fs::write(server.output.path().join("secret.txt"), "secret").unwrap();
    std::os::unix::fs::symlink(
        server.output.path().join("secret.txt"),
        server.output.path().join("site/link.txt"),
    )
    .unwrap();
    for path in [
        "../secret.txt",
        "%2e%2e/secret.txt",
        "%2E%2E/secret.txt",
        "..%2fsecret.txt",
        "..%5csecret.txt",
        "2024-05-02-briefing/../../secret.txt",
        "link.txt",
    ] {
        let response = server.get(path);
        assert!(!response.body.contains("secret"), "{path} was served");
        assert_ne!(response.status, 200, "{path}");
    }
}

#[test]
fn pages_are_served_as_a_browser_expects() {
    let site = Site::copy_of("basic");
    let server = Server::start(&site, &[]);
    let page = server.get(&format!("{BRIEFING}/1/"));
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let css = server.get("style.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    let json = server.get(&format!("{BRIEFING}/annotations.json"));
    assert_eq!(
        json.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    // A folder without its slash is redirected.
    let folder = server.get(BRIEFING);
    assert_eq!(folder.status, 307);
    assert_eq!(folder.header("location"), Some("/2024-05-02-briefing/"));
    // CJK paths, percent-encoded and raw.
    let encoded = server.get("topics/%E4%B8%AD%E7%BE%8E%E5%85%B3%E7%B3%BB/");
    assert_eq!(encoded.status, 200);
    assert!(encoded.body.contains("中美关系"));
    assert_eq!(server.get("topics/中美关系/").status, 200);
    // A missing page is the theme's 404 page, with the 404 status.
    let missing = server.get("no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("<h1>Page not found</h1>"),
        "{}",
        missing.body
    );
}

#[test]
fn the_reload_script_is_only_added_while_serving() {
    let site = Site::copy_of("basic");
    let server = Server::start(&site, &[]);
    let page = server.get(&format!("{BRIEFING}/1/"));
    assert!(
        page.body
            .contains("new URL(\"../../__colloq/events\", location.href)")
    );
    let on_disk = fs::read_to_string(
        server
            .output
            .path()
            .join("site")
            .join(BRIEFING)
            .join("1/index.html"),
    )
    .unwrap();
    assert!(!on_disk.contains("__colloq"));
    site.colloq(&["build"]).success();
    for entry in walkdir::WalkDir::new(site.output()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&text).contains("__colloq"),
                "{}",
                entry.path().display()
            );
        }
    }
}

#[test]
fn a_site_published_under_a_sub_path_is_served_under_it() {
    let site = Site::copy_of("basic");
    edit(&site, "config.yaml", |t| {
        t + "base_url: https://example.github.io/archive/\n"
    });
    let server = Server::start(&site, &[]);
    assert_eq!(server.mount, "/archive/");
    let page = server.get(&format!("{BRIEFING}/1/"));
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("new URL(\"../../__colloq/events\", location.href)")
    );
    assert_eq!(
        get(&server.address, "/").header("location"),
        Some("/archive/")
    );
    let events = server.events();
    events.next("problems");
    edit(&site, NOTES, |t| {
        t.replace("No date was given.", "Still no date.")
    });
    events.next("reload");
    server.wait_for(&format!("{BRIEFING}/2/"), "changes", |r| {
        r.body.contains("Still no date.")
    });
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = Site::copy_of("basic");
    let mut server = Server::start(&site, &[]);
    let _events = server.events();
    let status = server.interrupt();
    assert!(status.success(), "{status:?}");
}

#[test]
fn by_default_it_answers_this_machine_only() {
    let site = Site::copy_of("basic");
    let server = Server::start(&site, &[]);
    assert!(
        server.address.starts_with("127.0.0.1:"),
        "{}",
        server.address
    );
    let help = colloq_in(Path::new("."), &["serve", "--help"]);
    assert!(
        help.stdout().contains("[default: 127.0.0.1]"),
        "{}",
        help.stdout()
    );
}

/// A page of the site, open in headless Chromium, reloads by itself after
/// each edit and keeps its scroll position. The probe is XHTML, which the
/// server leaves alone, so it does not reload itself; an event stream in a
/// hidden frame keeps it loading until Chromium's `--timeout` dumps it.
#[test]
#[ignore = "needs headless Chromium; run with `cargo test -- --ignored`"]
fn an_open_page_reloads_by_itself_in_a_browser() {
    let browser = crate::browser::chromium();
    let site = Site::copy_of("basic");
    site.write(
        "content/static/probe.xhtml",
        r#"<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><body>
<iframe id="page" src="2024-05-02-briefing/2/index.html" style="width:360px;height:200px"></iframe>
<iframe src="__colloq/events" hidden="hidden"></iframe>
<pre id="out"></pre>
<script><![CDATA[
var loads = 0;
document.getElementById('page').addEventListener('load', function () {
  var frame = this, n = ++loads;
  if (n === 1) frame.contentWindow.scrollTo(0, 120);
  setTimeout(function () {
    var body = frame.contentDocument.body.textContent;
    var version = (body.match(/Edit number (\d+)/) || [, '0'])[1];
    document.getElementById('out').textContent +=
      'load ' + n + ' version ' + version + ' scroll ' + Math.round(frame.contentWindow.scrollY) + '\n';
  }, 300);
});
]]></script></body></html>"#,
    );
    let server = Server::start(&site, &[]);
    let url = format!("http://{}{}probe.xhtml", server.address, server.mount);
    let profile = tempfile::tempdir().unwrap();
    let chromium = std::thread::spawn({
        let profile = profile.path().to_path_buf();
        move || {
            crate::browser::headless(browser, &profile)
                .arg("--timeout=12000")
                .arg(url)
                .output()
                .expect("Chromium runs")
        }
    });
    for n in 1..=3 {
        std::thread::sleep(Duration::from_secs(3));
        edit(&site, NOTES, |t| {
            let t = t.replace(&format!("Edit number {}", n - 1), "No date was given.");
            t.replace("No date was given.", &format!("Edit number {n}"))
        });
    }
    let output = chromium.join().unwrap();
    let dom = String::from_utf8_lossy(&output.stdout);
    let loads: Vec<(u32, u32)> = dom
        .lines()
        .filter_map(|line| {
            let line = line.trim_start_matches("<pre id=\"out\">");
            let f: Vec<&str> = line.split(' ').collect();
            (f.len() == 6 && f[0] == "load").then(|| (f[3].parse().unwrap(), f[5].parse().unwrap()))
        })
        .collect();
    assert!(
        loads.len() >= 2,
        "the page did not reload by itself:\n{dom}"
    );
    let (version, scroll) = *loads.last().unwrap();
    assert_eq!(version, 3, "the last edit is not on the page:\n{dom}");
    assert!(
        (100..=140).contains(&scroll),
        "the scroll position was lost:\n{dom}"
    );
}

/// 10,000 requests from four clients while the notes file is saved 100
/// times, each save changing a question's title (so the indexes are
/// rendered again) and a note: every request succeeds with a whole page
/// or file, and the server's memory settles.
#[test]
fn under_load_and_rebuilds_no_request_fails_and_memory_is_stable() {
    const CLIENTS: usize = 4;
    const REQUESTS: usize = 10_000;
    const REBUILDS: usize = 100;
    let site = Site::copy_of("basic");
    let server = Server::start(&site, &[]);
    let events = server.events();
    events.next("problems");
    let good = fs::read_to_string(site.root.join(NOTES)).unwrap();
    let version = |i: usize| {
        good.replace(
            "    title: When talks resume",
            &format!("    title: When talks resume, take {i}"),
        )
        .replace(
            "The talks resumed on *3 June*.",
            &format!("Take {i} of the note."),
        )
    };
    let paths = [
        String::new(),
        format!("{BRIEFING}/"),
        format!("{BRIEFING}/1/"),
        format!("{BRIEFING}/full/"),
        format!("{BRIEFING}/annotations.json"),
        "topics/".to_string(),
        "style.css".to_string(),
        "search/index.json".to_string(),
    ];
    let done = std::sync::atomic::AtomicUsize::new(0);
    let rebuilding = std::sync::atomic::AtomicBool::new(true);
    let mut settled_kb = 0;
    std::thread::scope(|scope| {
        let clients: Vec<_> = (0..CLIENTS)
            .map(|c| {
                let (address, mount) = (&server.address, &server.mount);
                let (paths, done, rebuilding) = (&paths, &done, &rebuilding);
                scope.spawn(move || {
                    let mut n = 0;
                    while n < REQUESTS / CLIENTS
                        || rebuilding.load(std::sync::atomic::Ordering::Relaxed)
                    {
                        let path = &paths[(n + c) % paths.len()];
                        let response = get(address, &format!("{mount}{path}"));
                        assert_eq!(response.status, 200, "{path}: {}", response.headers);
                        let length: usize = response
                            .header("content-length")
                            .map_or(0, |l| l.parse().unwrap());
                        assert_eq!(length, response.body.len(), "{path}: a partial body");
                        if path.is_empty() || path.ends_with('/') {
                            assert!(
                                response.body.trim_end().ends_with("</html>"),
                                "{path}: a partial page"
                            );
                        }
                        n += 1;
                        done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if n >= 5 * REQUESTS / CLIENTS {
                            break;
                        }
                    }
                })
            })
            .collect();
        for i in 1..=REBUILDS {
            save_by_rename(&site, NOTES, &version(i));
            events.next("reload");
            if i == REBUILDS / 10 {
                settled_kb = memory_kb(server.child.id(), "VmRSS").unwrap();
            }
        }
        rebuilding.store(false, std::sync::atomic::Ordering::Relaxed);
        for client in clients {
            client.join().unwrap();
        }
    });
    let requests = done.load(std::sync::atomic::Ordering::Relaxed);
    assert!(requests >= REQUESTS, "{requests}");
    let page = server.get(&format!("{BRIEFING}/1/"));
    assert!(
        page.body.contains(&format!("take {REBUILDS}")),
        "the last save is not served"
    );
    let end_kb = memory_kb(server.child.id(), "VmRSS").unwrap();
    eprintln!(
        "{requests} requests, {REBUILDS} rebuilds: resident {settled_kb} kB after 10 rebuilds, {end_kb} kB at the end"
    );
    assert!(
        end_kb < settled_kb + settled_kb / 2 + 16 * 1024,
        "memory grew from {settled_kb} kB to {end_kb} kB"
    );
}
