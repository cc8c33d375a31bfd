//! What a build writes, and what it never does.

use std::fs;

use crate::support::{Site, tree};

#[test]
fn two_builds_are_byte_identical() {
    let site = Site::copy_of("basic");
    site.colloq(&["build"]).success();
    let first = tree(&site.output());
    site.colloq(&["build", "--output", "second"]).success();
    let second = tree(&site.root.join("second"));
    assert!(first.len() > 20);
    assert_eq!(first, second);
}

#[test]
fn a_failed_build_leaves_the_previous_site_as_it_was() {
    let site = Site::copy_of("basic");
    site.colloq(&["build"]).success();
    let before = tree(&site.output());
    site.write("content/2024/broken.md", "---\ntitle: Broken\n---\n");
    site.colloq(&["build"]).failure();
    assert_eq!(tree(&site.output()), before);
    assert_nothing_left_beside(&site);
}

#[test]
fn what_a_killed_build_left_is_cleared_by_the_next() {
    let site = Site::copy_of("basic");
    site.colloq(&["build"]).success();
    // No process has this id: its staging folder and the old site it was
    // swapping out were abandoned.
    let abandoned = [".site.colloq-4000000000", ".site.colloq-4000000000.old"];
    for name in abandoned {
        fs::create_dir_all(site.root.join(name).join("x")).unwrap();
        fs::write(site.root.join(name).join("x/index.html"), "half").unwrap();
    }
    // A folder of another name is left alone.
    fs::create_dir_all(site.root.join(".site.colloq-notes")).unwrap();
    site.colloq(&["build"]).success();
    for name in abandoned {
        assert!(!site.root.join(name).exists(), "{name} is left");
    }
    assert!(site.root.join(".site.colloq-notes").exists());
}

#[test]
fn a_rebuild_removes_pages_of_deleted_transcripts() {
    let site = Site::copy_of("basic");
    site.colloq(&["build"]).success();
    assert!(site.output().join("2024-04-01-older/index.html").exists());
    fs::remove_file(site.root.join("content/2024/2024-04-01-older.md")).unwrap();
    fs::remove_file(site.root.join("content/2024/2024-04-01-older.notes.yaml")).unwrap();
    site.colloq(&["build"]).success();
    assert!(!site.output().join("2024-04-01-older").exists());
}

#[test]
fn refuses_to_write_over_the_site_or_its_sources() {
    let site = Site::copy_of("basic");
    for target in [".", "content", "content/out", "templates", "themes/x", ".."] {
        let run = site.colloq(&["build", "--output", target]);
        run.failure();
        assert!(
            run.stderr().contains("refusing to write the site into"),
            "{target}: {}",
            run.stderr()
        );
    }
    assert!(
        site.root
            .join("content/2024/2024-05-02-briefing.md")
            .exists()
    );
}

/// A folder of someone's files is never taken as the output, by build or
/// serve; the site's own output folder, written by colloq, is.
#[test]
fn refuses_a_folder_of_files_colloq_did_not_write() {
    let site = Site::copy_of("basic");
    site.write("documents/thesis.txt", "years of work");
    for args in [
        &["build", "--output", "documents"][..],
        &["serve", "--port", "0", "--output", "documents"],
    ] {
        let run = site.colloq(args);
        run.failure();
        assert!(
            run.stderr().contains("it holds files colloq did not write"),
            "{args:?}: {}",
            run.stderr()
        );
    }
    assert_eq!(
        fs::read_to_string(site.root.join("documents/thesis.txt")).unwrap(),
        "years of work"
    );
    site.colloq(&["build"]).success();
    site.colloq(&["build"]).success();
}

#[test]
fn copies_static_files_and_writes_the_highlight_css_once() {
    let site = Site::copy_of("basic");
    site.colloq(&["build"]).success();
    assert_eq!(site.read("robots.txt"), "User-agent: *\n");
    assert!(site.read("style.css").contains("--measure"));
    assert!(site.read("highlight.css").contains(".hl-"));
    let files = tree(&site.output());
    assert_eq!(
        files
            .iter()
            .filter(|(p, _)| p.ends_with("highlight.css"))
            .count(),
        1
    );
}

#[test]
fn drafts_are_built_only_when_asked() {
    let site = Site::copy_of("drafts");
    site.colloq(&["build"]).success();
    assert!(site.output().join("published/index.html").exists());
    assert!(!site.output().join("unfinished").exists());
    site.colloq(&["build", "--drafts"]).success();
    assert!(site.output().join("unfinished/index.html").exists());
}

/// A build killed (SIGKILL) or interrupted (SIGINT, Ctrl-C) at any
/// moment, at set times and at random ones, leaves the previous site
/// whole, and the next build succeeds.
#[test]
fn a_killed_build_leaves_the_previous_site_whole() {
    let site = Site::copy_of("basic");
    // Enough transcripts for a build to take a while.
    for i in 0..150 {
        let answer = "The talks will resume next month in Geneva. ".repeat(40);
        site.write(
            &format!("content/bulk/2023-01-{:02}-b{i}.md", i % 28 + 1),
            &format!(
                "---\ntitle: Bulk {i}\ndate: 2023-01-{:02}\nanswerers: [A]\n---\n\n**Q:** Question {i}?\n\n**A:** {answer}\n\n**Q:** Again?\n\n**A:** {answer}\n",
                i % 28 + 1
            ),
        );
    }
    site.colloq(&["build"]).success();
    let before = tree(&site.output());
    let binary = env!("CARGO_BIN_EXE_colloq");
    // Random moments from the clock, printed when one fails.
    let mut seed = u64::from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos(),
    ) | 1;
    let random: Vec<u64> = (0..8)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % 600
        })
        .collect();
    let delays = [5, 20, 40, 80, 120, 200, 350, 500]
        .into_iter()
        .chain(random);
    for (n, delay_ms) in delays.enumerate() {
        let signal = if n % 2 == 0 { "KILL" } else { "INT" };
        let mut child = std::process::Command::new(binary)
            .arg("build")
            .current_dir(&site.root)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        std::process::Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        let _ = child.wait();
        let after = tree(&site.output());
        // Either the old site, or (killed after its swap) the new one,
        // byte for byte the same: never a mix, never nothing.
        assert!(
            after == before,
            "SIG{signal} after {delay_ms} ms broke the site"
        );
    }
    site.colloq(&["build"]).success();
    assert_eq!(tree(&site.output()), before);
    assert_nothing_left_beside(&site);
}

#[test]
fn a_build_killed_between_the_two_renames_of_its_swap_is_undone() {
    let site = Site::copy_of("basic");
    site.colloq(&["build"]).success();
    let before = tree(&site.output());
    // As a build killed between moving the old site aside and moving the
    // new one in leaves things: no site/, the old one beside it.
    fs::rename(site.output(), site.root.join(".site.colloq-4000000000.old")).unwrap();
    fs::create_dir_all(site.root.join(".site.colloq-4000000000/x")).unwrap();
    // The next build fails, and yet the previous site is back.
    site.write("content/2024/broken.md", "---\ntitle: Broken\n---\n");
    site.colloq(&["build"]).failure();
    assert_eq!(tree(&site.output()), before);
    assert!(!site.root.join(".site.colloq-4000000000").exists());
}

/// Checks that no staging folder or old site is left beside the output.
#[track_caller]
fn assert_nothing_left_beside(site: &Site) {
    let leftovers: Vec<_> = fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("colloq"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

/// Builds the site at `root` into `output`, keeping at most `budget`
/// bytes of transcripts parsed between parsing and rendering.
fn build_within(root: &std::path::Path, output: std::path::PathBuf, budget: usize) -> Vec<String> {
    colloq::build(&colloq::Options {
        root: root.to_path_buf(),
        output,
        base_url: Some("https://example.org/archive/".into()),
        drafts: false,
        show_detached: false,
        parsed_budget: budget,
    })
    .unwrap()
    .warnings
}

#[test]
fn a_site_too_large_to_keep_parsed_builds_the_same_bytes() {
    // Past the budget every transcript is read and parsed again where its
    // pages are rendered; what is written must not tell.
    let example = Site::copy_of("basic");
    fs::remove_dir_all(example.root.join("content")).unwrap();
    crate::support::copy_dir(
        &crate::support::repo().join("content"),
        &example.root.join("content"),
    );
    fs::copy(
        crate::support::repo().join("config.yaml"),
        example.root.join("config.yaml"),
    )
    .unwrap();
    let podcast = Site::copy_of("podcast");
    let audio = podcast.root.join("content/static/audio");
    fs::create_dir_all(&audio).unwrap();
    fs::write(audio.join("episode.wav"), crate::media::tone(16)).unwrap();
    for site in [
        Site::copy_of("basic"),
        podcast,
        Site::copy_of("drafts"),
        example,
    ] {
        let kept = build_within(&site.root, site.root.join("kept"), colloq::PARSED_BUDGET);
        let read = build_within(&site.root, site.root.join("read"), 0);
        let (kept_tree, read_tree) = (tree(&site.root.join("kept")), tree(&site.root.join("read")));
        assert!(kept_tree.len() > 10, "{}", site.root.display());
        assert_eq!(kept_tree, read_tree, "{}", site.root.display());
        assert_eq!(kept, read);
    }
}
