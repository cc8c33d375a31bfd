//! Bad input, one case each: every run either builds correctly or fails
//! naming the file (and the line where there is one), within bounded time
//! and memory, never panicking, and a failed build leaves the previous
//! site exactly as it was.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{Bounds, Site, tree, visible_text};

/// Ample for the debug build on two cores; the largest case (50 MB) takes
/// about a quarter of each.
const BOUNDS: Bounds = Bounds {
    seconds: 120,
    megabytes: 3000,
};

/// The basic fixture, built, and what its site holds.
struct Case {
    site: Site,
    before: Vec<(PathBuf, Vec<u8>)>,
}

impl Case {
    fn new() -> Case {
        let site = Site::built("basic");
        let before = tree(&site.output());
        Case { site, before }
    }

    /// A case whose content/ gets `file` with `bytes`.
    fn with(file: &str, bytes: impl AsRef<[u8]>) -> Case {
        let case = Case::new();
        case.add(file, bytes);
        case
    }

    /// A symbolic link at `file` in content/, to `target`.
    fn link(&self, file: &str, target: &str) {
        std::os::unix::fs::symlink(target, self.site.root.join("content").join(file)).unwrap();
    }

    fn add(&self, file: &str, bytes: impl AsRef<[u8]>) {
        let path = self.site.root.join("content").join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    /// Builds, expecting failure with exactly the message of the test's
    /// snapshot (in `snapshots/`, named after the test), and the previous
    /// site untouched.
    #[track_caller]
    fn fails(&self) -> String {
        let run = self.site.colloq_bounded(&["build"], BOUNDS);
        run.failure();
        let text = run.stderr();
        insta::assert_snapshot!(snapshot_name(), text);
        assert!(
            tree(&self.site.output()) == self.before,
            "the failed build changed the site"
        );
        text
    }

    /// Builds, expecting success; returns the built site.
    #[track_caller]
    fn builds(self) -> Site {
        self.site.colloq_bounded(&["build"], BOUNDS).success();
        self.site
    }
}

/// The running test's name, and `-2`, `-3` ... after its first failure,
/// so that a test of several cases has a snapshot for each.
fn snapshot_name() -> String {
    thread_local! {
        static FAILURES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }
    let thread = std::thread::current();
    let test = thread.name().expect("tests run on named threads");
    let test = test.rsplit("::").next().unwrap_or(test);
    match FAILURES.replace(FAILURES.get() + 1) {
        0 => test.to_string(),
        n => format!("{test}-{}", n + 1),
    }
}

fn transcript(front: &str, body: &str) -> String {
    format!("---\ntitle: Case\ndate: 2024-01-01\nanswerers: [A]\n{front}---\n\n{body}")
}

#[test]
fn an_empty_file() {
    Case::with("empty.md", "").fails();
}

#[test]
fn only_front_matter_is_a_transcript_of_no_questions() {
    let case = Case::with(
        "only.md",
        "---\ntitle: Only the header\ndate: 2024-01-01\n---\n",
    );
    let page = case.builds().read("only/index.html");
    assert!(page.contains("<h1>Only the header</h1>"));
    assert!(
        !page.contains("<table class=\"questions\">"),
        "an empty table of questions"
    );
}

#[test]
fn unterminated_front_matter() {
    Case::with(
        "open.md",
        "---\ntitle: Open\ndate: 2024-01-01\n\n**A:** Hi.\n",
    )
    .fails();
}

#[test]
fn a_byte_order_mark_is_dropped() {
    let case = Case::with(
        "bom.md",
        format!("\u{feff}{}", transcript("", "**Q:** Why?\n\n**A:** So.\n")),
    );
    let page = case.builds().read("bom/1/index.html");
    assert!(page.contains("<h1>Why?</h1>"));
    assert!(!page.contains('\u{feff}'));
}

/// A transcript with its notes, saved with other line endings, gives the
/// same site byte for byte.
#[test]
fn crlf_and_cr_line_endings_read_as_lf() {
    let text = transcript(
        "speakers:\n  A: { name: The Answerer }\n",
        "Before.\n\n**Q:** First\nline?\n\n**A:** Yes,\nand more.\n\n```\ncode\n```\n",
    );
    let notes = "notes:\n  - quote: and more\n    note: A note.\n";
    let site_with = |ending: &str| {
        let case = Case::new();
        case.add("endings.md", text.replace('\n', ending));
        case.add("endings.notes.yaml", notes.replace('\n', ending));
        tree(&case.builds().output())
    };
    let lf = site_with("\n");
    assert!(lf.iter().any(|(path, _)| path.starts_with("endings")));
    assert!(lf == site_with("\r\n"), "CRLF gave another site");
    assert!(lf == site_with("\r"), "CR gave another site");
}

#[test]
fn invalid_utf8_names_the_line_and_column() {
    let mut bytes = transcript("", "**Q:** Caf").into_bytes();
    bytes.extend(b"\xE9?\n");
    Case::with("latin1.md", bytes).fails();
}

#[test]
fn a_binary_file_named_as_a_transcript() {
    let mut bytes = b"\x7fELF\x02\x01\x01\x00".to_vec();
    bytes.extend((0..=255u8).cycle().take(4096));
    Case::with("program.md", bytes).fails();
}

#[test]
fn binary_files_elsewhere_in_content_are_left_alone_or_copied() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let case = Case::with("photo.jpg", &bytes);
    case.add("static/img/photo.jpg", &bytes);
    let site = case.builds();
    assert_eq!(
        fs::read(site.output().join("img/photo.jpg")).unwrap(),
        bytes
    );
    assert!(!site.output().join("photo.jpg").exists());
}

#[test]
fn a_50_mb_transcript_builds() {
    let mut body = String::with_capacity(51 << 20);
    let mut question = 0;
    while body.len() < 50 << 20 {
        question += 1;
        body.push_str(&format!("**Q{}:** 关于第{question}个问题，", question % 7));
        body.push_str(&"中美关系和贸易谈判的进展如何？".repeat(40));
        body.push_str("\n\n**A:** ");
        body.push_str(&"The talks go on, step by step, in good faith. ".repeat(200));
        body.push_str("\n\n");
    }
    let site = Case::with("big.md", transcript("", &body)).builds();
    let last = site.read(&format!("big/{question}/index.html"));
    assert!(last.contains(&format!("关于第{question}个问题")));
    assert!(
        fs::metadata(site.output().join("big/full/index.html"))
            .unwrap()
            .len()
            > 50 << 20
    );
}

#[test]
fn ten_thousand_turns_build() {
    let body: String = (0..10_000)
        .map(|i| match i % 2 {
            0 => format!("**Q{}:** Question {}?\n\n", i % 5, i / 2 + 1),
            _ => format!("**A:** Answer {}.\n\n", i / 2 + 1),
        })
        .collect();
    let site = Case::with("turns.md", transcript("", &body)).builds();
    let page = site.read("turns/5000/index.html");
    assert!(page.contains("Question 5000?") && page.contains("Answer 5000."));
    assert!(page.contains("id=\"t10000\""));
}

#[test]
fn a_paragraph_of_100_000_characters_builds() {
    let words = "词".repeat(50_000) + &" word".repeat(10_000);
    let site = Case::with(
        "long.md",
        transcript("", &format!("**Q:** Long?\n\n**A:** {words}\n")),
    )
    .builds();
    assert!(site.read("long/1/index.html").contains(&words));
}

#[test]
fn deeply_nested_lists_and_quotes_build() {
    let lists: String = (0..1_000)
        .map(|depth| format!("{}- level {depth}\n", "  ".repeat(depth)))
        .collect();
    let quotes = format!("{}deep\n", "> ".repeat(5_000));
    let brackets = format!("{}x{}", "[".repeat(10_000), "]".repeat(10_000));
    let body = format!(
        "**Q:** Nested?\n\n**A:** Yes.\n\n{lists}\n{quotes}\n{brackets}\n\n{}\n",
        "*".repeat(10_000)
    );
    let site = Case::with("nested.md", transcript("", &body)).builds();
    let page = site.read("nested/1/index.html");
    assert!(page.contains("level 999") && page.contains("deep"));
}

#[test]
fn a_label_with_nothing_after_it_is_a_turn_of_no_words() {
    let site = Case::with(
        "labels.md",
        transcript("", "**Q:**\n\n**A:**\n\n**Q:** Second?\n\n**A:**"),
    )
    .builds();
    let first = site.read("labels/1/index.html");
    assert!(
        first.contains("<h1>…</h1>"),
        "a wordless question has a title"
    );
    assert!(
        !visible_text(&first).contains("**"),
        "the label shows as text"
    );
    assert!(
        site.read("labels/2/index.html")
            .contains("<h1>Second?</h1>")
    );
}

#[test]
fn yaml_aliases_that_expand_exponentially() {
    let mut front = String::from("extra:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (name, previous) in "bcdefghi".chars().zip("abcdefgh".chars()) {
        front.push_str(&format!(
            "  {name}: &{name} [{}]\n",
            vec![format!("*{previous}"); 9].join(", ")
        ));
    }
    Case::with("laughs.md", transcript(&front, "**A:** Hi.\n")).fails();
    let notes = front.replace("extra:\n", "questions:\n  1:\n    title: x\nextra:\n");
    Case::with("laughs.notes.yaml", notes).fails();
}

#[test]
fn huge_numbers() {
    Case::with(
        "date.md",
        "---\ntitle: T\ndate: 99999999999999999999-01-01\n---\n",
    )
    .fails();
    let case = Case::with("n.md", transcript("", "**Q:** Hi?\n\n**A:** Hi.\n"));
    case.add(
        "n.notes.yaml",
        "notes:\n  - quote: Hi\n    question: 18446744073709551616\n",
    );
    case.fails();
    Case::with(
        "x.md",
        transcript("extra: {n: 99999999999999999999999999}\n", ""),
    )
    .fails();
}

#[test]
fn a_date_that_does_not_exist() {
    Case::with("d.md", "---\ntitle: T\ndate: 2024-02-30\n---\n").fails();
}

#[test]
fn slugs_that_cannot_name_a_folder() {
    for slug in [
        "a/b",
        "..",
        ".",
        "../../etc",
        "\"!?!\"",
        "search",
        "topics",
        "nul",
    ] {
        Case::with("s.md", transcript(&format!("slug: {slug}\n"), "")).fails();
    }
    Case::with("!!!.md", transcript("", "")).fails();
    Case::with("search.md", transcript("", "")).fails();
}

#[test]
fn the_same_slug_in_two_folders() {
    let case = Case::with("2023/briefing.md", transcript("", ""));
    case.add("2024/briefing.md", transcript("", ""));
    case.fails();
}

#[test]
fn a_symbolic_link_loop_in_content() {
    let case = Case::new();
    case.link("2024/loop", "..");
    case.fails();
}

/// Regression: a link to the site's folder was reported where the walk
/// came round again (`content/loop/content/loop`), not as the link.
#[test]
fn a_link_back_to_the_site_is_named_as_the_link() {
    let case = Case::new();
    case.link("loop", "..");
    case.fails();
}

#[test]
fn a_link_to_nothing() {
    let case = Case::new();
    case.link("dangling.md", "gone.md");
    case.fails();
}

/// A file that cannot be read: one its permissions close (where they
/// stop this user; root reads through them), and one whose reading fails
/// for anyone (a link to a process's memory, which gives an I/O error).
#[test]
fn an_unreadable_file() {
    let case = Case::new();
    case.link("mem.md", "/proc/self/mem");
    case.fails();

    let case = Case::with("closed.md", transcript("", ""));
    let path = case.site.root.join("content/closed.md");
    fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        eprintln!(
            "an_unreadable_file: permissions do not stop this user (root); that part skipped"
        );
        return;
    }
    case.fails();
}

/// Transcripts and static files removed and put back while builds run:
/// each build either succeeds or fails naming a file, and a failed one
/// leaves the last good site whole.
#[test]
fn files_deleted_while_the_build_runs() {
    let case = Case::new();
    let content = case.site.root.join("content");
    let files: Vec<(PathBuf, Vec<u8>)> = (0..40)
        .flat_map(|i| {
            [
                (
                    content.join(format!("churn/t{i}.md")),
                    transcript("", &format!("**Q:** {i}?\n\n**A:** Yes.\n")).into_bytes(),
                ),
                (
                    content.join(format!("static/churn/{i}.css")),
                    vec![b'x'; 10_000],
                ),
            ]
        })
        .collect();
    let put = |files: &[(PathBuf, Vec<u8>)]| {
        for (path, bytes) in files {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
    };
    put(&files);
    case.site.colloq(&["build"]).success();
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut round = 0usize;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for (i, (path, _)) in files.iter().enumerate() {
                    if (i + round).is_multiple_of(3) {
                        let _ = fs::remove_file(path);
                    }
                }
                std::thread::sleep(std::time::Duration::from_millis(3));
                put(&files);
                round += 1;
            }
        });
        let (mut failed, mut built) = (0, 0);
        for _ in 0..20 {
            let before = tree(&case.site.output());
            let run = case.site.colloq_bounded(&["build"], BOUNDS);
            if run.output.status.success() {
                built += 1;
                continue;
            }
            failed += 1;
            run.failure();
            let text = run.stderr();
            assert!(text.contains("churn"), "the error names no file:\n{text}");
            assert!(
                tree(&case.site.output()) == before,
                "a failed build changed the site"
            );
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        eprintln!("files_deleted_while_the_build_runs: {built} built, {failed} failed clearly");
    });
    assert_site_whole(&case.site.output());
}

/// Every page links its stylesheet, and every transcript folder has its
/// page: nothing half-written.
fn assert_site_whole(output: &Path) {
    assert!(output.join("index.html").is_file() && output.join("style.css").is_file());
    for entry in fs::read_dir(output).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir()
            && !["topics", "speakers", "search", "img", "churn", "page"]
                .iter()
                .any(|d| path.ends_with(d))
        {
            assert!(
                path.join("index.html").is_file(),
                "{} has no page",
                path.display()
            );
        }
    }
}
