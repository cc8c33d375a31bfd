//! The example site in a real browser (headless Chromium): no page may
//! scroll sideways on a phone, and every note sits beside its words.
//! These tests, and every other test that needs Chromium, are ignored by
//! a plain `cargo test`, which reports them as such; `cargo test --
//! --ignored` runs them, and fails where Chromium is not installed.
//! `.ci/run` installs it and runs them.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::{colloq_in, repo};

const PAGES: &[&str] = &[
    "index.html",
    "2024-03-07-wang-yi/index.html",
    "2024-03-07-wang-yi/4/index.html",
    "2024-03-07-wang-yi/full/index.html",
    "topics/index.html",
    "topics/china-diplomacy/index.html",
    "speakers/index.html",
    "speakers/王毅/index.html",
    "en/2024-03-07-wang-yi/4/index.html",
    "en/2024-03-07-wang-yi/4/bilingual/index.html",
    "en/2024-03-07-wang-yi/full/bilingual/index.html",
];

/// The phone width the pages are laid out at, in CSS pixels.
pub(crate) const PHONE: u32 = 390;

/// Headless Chromium, as every browser test runs it: with a profile of
/// its own in `profile`, dumping the page's DOM when it is done.
pub(crate) fn headless(browser: &str, profile: &Path) -> Command {
    let mut command = Command::new(browser);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// The list of results the search page at `url` shows once its script has
/// run, as headless Chromium leaves it.
pub(crate) fn search_results(browser: &str, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = headless(browser, profile.path())
        .arg("--virtual-time-budget=10000")
        .arg(url)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&output.stdout).into_owned();
    let start = dom
        .find("<ol id=\"search-results\"")
        .expect("a results list");
    dom[start..start + dom[start..].find("</ol>").unwrap()].to_string()
}

/// The installed Chromium's full path, for the Node clients (`CHROMIUM`).
pub(crate) fn chromium_path() -> String {
    let out = Command::new("sh")
        .args(["-c", &format!("command -v {}", chromium())])
        .output()
        .expect("sh runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The installed Chromium. A test that asks for it was run on purpose
/// (it is ignored otherwise), so a machine without it fails the test.
pub(crate) fn chromium() -> &'static str {
    ["chromium", "chromium-browser"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("this test needs headless Chromium: install Debian's `chromium` package")
}

/// A page that loads each site page in an iframe of `width` pixels and
/// records, per page, its scroll width and its visible width.
fn probe(site: &Path, width: u32) -> String {
    let frames: String = PAGES
        .iter()
        .map(|page| {
            format!(
                "<iframe style=\"width:{width}px;height:700px\" src=\"file://{}/{page}\"></iframe>\n",
                site.display()
            )
        })
        .collect();
    format!(
        r#"<!doctype html><html><body>{frames}<pre id="out"></pre><script>
// The page's load event waits for every frame, so all are measured.
window.addEventListener('load', function () {{
  document.querySelectorAll('iframe').forEach(function (f) {{
    var e = f.contentDocument.documentElement;
    document.getElementById('out').textContent += f.getAttribute('src') + ' ' + e.scrollWidth + ' ' + e.clientWidth + '\n';
  }});
}});
</script></body></html>"#
    )
}

/// Builds the example site, opens `probe(site)` in headless Chromium and
/// returns the lines the probe wrote into its `<pre id="out">`. A machine under load can cut a page's
/// time short, so a probe that wrote fewer than `lines` lines is run
/// again, up to six times.
pub(crate) fn run_probe(lines: usize, probe: impl Fn(&Path) -> String) -> Vec<String> {
    let browser = chromium();
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    colloq_in(&repo(), &["build", "--output", site.to_str().unwrap()]).success();
    let probe_file = dir.path().join("probe.html");
    fs::write(&probe_file, probe(&site)).unwrap();
    let mut written = Vec::new();
    for _ in 0..6 {
        written = probe_once(browser, &probe_file);
        if written.len() >= lines {
            break;
        }
    }
    written
}

fn probe_once(browser: &str, probe_file: &Path) -> Vec<String> {
    let profile = tempfile::tempdir().unwrap();
    let output = headless(browser, profile.path())
        .args([
            "--allow-file-access-from-files",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("file://{}", probe_file.display()))
        .output()
        .expect("Chromium runs");
    let dom = String::from_utf8_lossy(&output.stdout);
    let out = dom
        .split("<pre id=\"out\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or("");
    out.lines().map(str::to_string).collect()
}

#[test]
#[ignore = "needs headless Chromium; run with `cargo test -- --ignored`"]
fn no_page_scrolls_sideways_on_a_phone() {
    let lines = run_probe(PAGES.len(), |site| probe(site, PHONE));
    let mut measured = 0;
    for line in lines.iter().filter(|l| l.contains("file://")) {
        let mut parts = line.rsplitn(3, ' ');
        let visible: u32 = parts.next().unwrap().parse().unwrap();
        let scroll: u32 = parts.next().unwrap().parse().unwrap();
        let page = parts.next().unwrap();
        assert!(visible > 300, "{page} was laid out {visible} px wide");
        assert!(
            scroll <= visible,
            "{page} scrolls sideways at {PHONE} px: {scroll} > {visible}"
        );
        measured += 1;
    }
    assert_eq!(
        measured,
        PAGES.len(),
        "not every page was measured:\n{lines:?}"
    );
}

/// A page that lays out the example's full text at `width` pixels and
/// reports, for each note, where its number and its text are: on a wide
/// screen as laid out; on a narrow one before and after its number is
/// tapped.
fn notes_probe(site: &Path, width: u32) -> String {
    format!(
        r#"<!doctype html><html><body><iframe style="width:{width}px;height:900px" src="file://{}/2024-03-07-wang-yi/full/index.html"></iframe><pre id="out"></pre><script>
window.addEventListener('load', function () {{
  var doc = document.querySelector('iframe').contentDocument;
  var out = document.getElementById('out');
  doc.querySelectorAll('.sidenote').forEach(function (note) {{
    var label = doc.querySelector('label[for="' + note.id.replace('-text', '-show') + '"]');
    var paragraph = note.closest('p, li, td');
    var shownBefore = note.getBoundingClientRect().height > 0;
    label.click();
    var l = label.getBoundingClientRect(), n = note.getBoundingClientRect(), p = paragraph.getBoundingClientRect();
    out.textContent += [note.id, shownBefore ? 'shown' : 'hidden', Math.round(l.top), Math.round(l.bottom), Math.round(n.top), Math.round(n.left), Math.round(n.height), Math.round(p.right)].join(' ') + '\n';
    label.click();
  }});
}});
</script></body></html>"#,
        site.display()
    )
}

/// Per note: (id, shown before a tap, label top, label bottom, note top,
/// note left, note height, paragraph right).
type NotePlace = (String, bool, i64, i64, i64, i64, i64, i64);

fn note_places(lines: &[String]) -> Vec<NotePlace> {
    lines
        .iter()
        .map(|line| {
            let f: Vec<&str> = line.split(' ').collect();
            let n = |i: usize| f[i].parse::<i64>().unwrap();
            (
                f[0].to_string(),
                f[1] == "shown",
                n(2),
                n(3),
                n(4),
                n(5),
                n(6),
                n(7),
            )
        })
        .collect()
}

#[test]
#[ignore = "needs headless Chromium; run with `cargo test -- --ignored`"]
fn every_note_sits_beside_its_words_on_a_wide_screen() {
    let lines = run_probe(15, |site| notes_probe(site, 1400));
    let places = note_places(&lines);
    assert!(places.len() >= 15, "{lines:?}");
    for (id, shown, label_top, _, top, left, height, paragraph_right) in places {
        assert!(shown && height > 0, "{id} is not shown");
        assert!(left >= paragraph_right, "{id} is not in the margin");
        // Beside the line of its words, or pushed just below the notes
        // before it.
        assert!(
            (label_top - 40..label_top + 400).contains(&top),
            "{id} is at {top}, its words at {label_top}"
        );
    }
}

#[test]
#[ignore = "needs headless Chromium; run with `cargo test -- --ignored`"]
fn every_note_opens_right_below_its_line_on_a_phone() {
    let lines = run_probe(15, |site| notes_probe(site, PHONE));
    let places = note_places(&lines);
    assert!(places.len() >= 15, "{lines:?}");
    for (id, shown, _, label_bottom, top, _, height, _) in places {
        assert!(!shown, "{id} is open before it is tapped");
        assert!(height > 0, "{id} does not open");
        assert!(
            (label_bottom - 4..label_bottom + 40).contains(&top),
            "{id} opens at {top}, its line ends at {label_bottom}"
        );
    }
}
