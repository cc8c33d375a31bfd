//! The example site in a real browser (headless Chromium): no page may
//! scroll sideways on a phone. Skipped, with a message, where Chromium is
//! not installed; `.ci/run` installs it.

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
];

/// The phone width the pages are laid out at, in CSS pixels.
const PHONE: u32 = 390;

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"].into_iter().find(|name| {
        Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
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

#[test]
fn no_page_scrolls_sideways_on_a_phone() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: needs headless Chromium (Debian package `chromium`)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    colloq_in(&repo(), &["build", "--output", site.to_str().unwrap()]).success();
    let probe_file = dir.path().join("probe.html");
    fs::write(&probe_file, probe(&site, PHONE)).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--allow-file-access-from-files",
            "--virtual-time-budget=10000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", probe_file.display()))
        .output()
        .expect("Chromium runs");
    let dom = String::from_utf8_lossy(&output.stdout);
    let mut measured = 0;
    for line in dom
        .lines()
        .filter(|l| l.contains("file://") && !l.contains("<iframe"))
    {
        let line = line.trim_start_matches("<pre id=\"out\">");
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
    assert_eq!(measured, PAGES.len(), "not every page was measured:\n{dom}");
}
