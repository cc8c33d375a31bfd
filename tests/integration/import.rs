//! `colloq import`: captions made into transcripts that build at once.

use std::fs;

use crate::support::{Site, colloq_in};

/// A WebVTT file with voice spans, imported, built and exported again
/// reads back with the same speakers, words and start times.
#[test]
fn webvtt_imported_builds_and_exports_the_same_words_speakers_and_times() {
    let podcast = crate::media::podcast();
    podcast.colloq(&["build"]).success();
    let vtt = podcast.read("2024-06-01-episode/transcript.vtt");

    let site = Site::copy_of("podcast");
    let input = site.root.join("episode.vtt");
    fs::write(&input, &vtt).unwrap();
    let out = site.root.join("content/2024/2024-06-01-episode.md");
    fs::remove_file(&out).unwrap();
    let run = site.colloq(&[
        "import",
        "episode.vtt",
        "--output",
        out.to_str().unwrap(),
        "--title",
        "Episode one",
        "--date",
        "2024-06-01",
        "--answerer",
        "HOST",
    ]);
    run.success();
    assert!(
        run.stdout()
            .contains("imported 5 turns by HOST, GUEST (vtt, read as UTF-8)"),
        "{}",
        run.stdout()
    );
    let text = fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("\n**GUEST:** [0:04] Thanks. What is the first question?\n"),
        "{text}"
    );
    // The recording, so that the times have something to point into.
    let text = text.replace(
        "answerers: [\"HOST\"]\n",
        "answerers: [\"HOST\"]\nhosts: []\nmedia:\n  src: audio/episode.wav\n",
    );
    fs::write(&out, text).unwrap();
    let audio = site.root.join("content/static/audio");
    fs::create_dir_all(&audio).unwrap();
    fs::write(audio.join("episode.wav"), crate::media::tone(16)).unwrap();
    fs::remove_file(site.root.join("content/2024/2024-06-01-episode.notes.yaml")).unwrap();
    site.colloq(&["build"]).success();
    let again = site.read("2024-06-01-episode/transcript.vtt");
    // Each run of one speaker's cues: when it starts, who, and the words.
    let turns = |text: &str| -> Vec<(String, String, String)> {
        let mut turns: Vec<(String, String, String)> = Vec::new();
        for block in text.split("\n\n").skip(1) {
            let mut lines = block.lines();
            let timing = lines.next().unwrap();
            let start = timing.split(" --> ").next().unwrap().to_string();
            for line in lines {
                let (voice, words) = line.strip_prefix("<v ").unwrap().split_once('>').unwrap();
                let words = words.trim_end_matches("</v>");
                match turns.last_mut() {
                    Some((_, v, w)) if v == voice => {
                        w.push(' ');
                        w.push_str(words);
                    }
                    _ => turns.push((start.clone(), voice.to_string(), words.to_string())),
                }
            }
        }
        turns
    };
    // The same speakers, words and turn times.
    assert_eq!(turns(&again), turns(&vtt));
    // The GUEST asks: the imported transcript has its two questions.
    assert!(
        site.output()
            .join("2024-06-01-episode/2/index.html")
            .exists()
    );
}

#[test]
fn srt_broadcast_captions_become_turns_and_questions() {
    let site = Site::copy_of("basic");
    let srt = "1\r\n00:00:01,000 --> 00:00:03,000\r\n>> MODERATOR: Good afternoon,\r\n\r\n2\r\n00:00:03,000 --> 00:00:05,000\r\neveryone.\r\n\r\n3\r\n00:00:05,000 --> 00:00:07,000\r\n>> REPORTER: When do the talks\r\n\r\n4\r\n00:00:07,000 --> 00:00:08,500\r\nresume?\r\n\r\n5\r\n00:00:08,500 --> 00:00:10,000\r\n>> SPOKESPERSON: <i>Next month.</i>\r\n";
    fs::write(site.root.join("briefing.srt"), srt).unwrap();
    let out = site.root.join("content/2024/2024-06-03-briefing.md");
    let run = site.colloq(&[
        "import",
        "briefing.srt",
        "-o",
        out.to_str().unwrap(),
        "--title",
        "Briefing",
        "--date",
        "2024-06-03",
    ]);
    run.success();
    assert!(
        run.stdout()
            .contains("guessed that REPORTER answers (says the most)"),
        "{}",
        run.stdout()
    );
    let text = fs::read_to_string(&out).unwrap();
    assert!(
        text.ends_with("**MODERATOR:** [0:01] Good afternoon, everyone.\n\n**REPORTER:** [0:05] When do the talks resume?\n\n**SPOKESPERSON:** [0:08.5] Next month.\n"),
        "{text}"
    );
    site.colloq(&["build"]).success();

    // An output that exists is never replaced without --force.
    let again = site.colloq(&["import", "briefing.srt", "-o", out.to_str().unwrap()]);
    again.failure();
    assert!(
        again.stderr().contains("the output file exists"),
        "{}",
        again.stderr()
    );
    assert_eq!(fs::read_to_string(&out).unwrap(), text);
}

#[test]
fn whisperx_json_with_two_speakers_builds_with_their_names() {
    let site = Site::copy_of("basic");
    let json = r#"{"segments": [
        {"start": 0.0, "end": 3.0, "text": " Welcome to the show. What brings you here?", "speaker": "SPEAKER_00"},
        {"start": 3.0, "end": 6.5, "text": " Thanks for having me. I came to talk about trade.", "speaker": "SPEAKER_01"},
        {"start": 6.5, "end": 8.0, "text": " And the talks themselves?", "speaker": "SPEAKER_00"},
        {"start": 8.0, "end": 10.0, "text": " They resume next month.", "speaker": "SPEAKER_01"}
    ]}"#;
    fs::write(site.root.join("episode.json"), json).unwrap();
    let out = site.root.join("content/2024/2024-06-05-episode.md");
    let run = site.colloq(&[
        "import",
        "episode.json",
        "-o",
        out.to_str().unwrap(),
        "--date",
        "2024-06-05",
        "--speaker",
        "SPEAKER_00=Jerod",
        "--speaker",
        "SPEAKER_01=Mat",
        "--answerer",
        "SPEAKER_01",
    ]);
    run.success();
    assert!(
        run.stdout()
            .contains("imported 4 turns by SPEAKER_00, SPEAKER_01 (whisper, read as UTF-8)"),
        "{}",
        run.stdout()
    );
    let text = fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("speakers:\n  \"SPEAKER_00\": { name: \"Jerod\" }\n"),
        "{text}"
    );
    assert!(
        text.contains("**SPEAKER_01:** [0:03] Thanks for having me."),
        "{text}"
    );
    site.colloq(&["build"]).success();
    // Jerod asks, twice; Mat answers.
    let page = site.read("2024-06-05-episode/index.html");
    assert!(
        page.contains(">Jerod</a>") && page.contains(">Mat</a>"),
        "{page}"
    );
    assert!(
        site.output()
            .join("2024-06-05-episode/2/index.html")
            .exists()
    );
    assert!(
        !site
            .output()
            .join("2024-06-05-episode/3/index.html")
            .exists()
    );
}

/// A briefing pasted as text with `QUESTION:` never declared: `check`
/// warns, names the lines and the fix, and still passes.
#[test]
fn an_undeclared_label_is_warned_of_and_the_fix_said() {
    let site = Site::copy_of("basic");
    site.write(
        "content/2024/2024-06-07-pasted.md",
        "---\ntitle: Pasted\ndate: 2024-06-07\nanswerers: [MR. MILLER]\n---\n\nMR. MILLER: Good afternoon.\n\nQUESTION: Will the talks resume?\n\nMR. MILLER: Yes.\n\nQUESTION: When?\n",
    );
    let run = site.colloq(&["check"]);
    run.success();
    let said = run.stderr();
    assert!(
        said.contains("warning: `QUESTION:` opens 2 paragraphs (lines 9, 13) but is not a speaker label, so they are not turns"),
        "{said}"
    );
    assert!(
        said.contains("--> content/2024/2024-06-07-pasted.md:9:1"),
        "{said}"
    );
    assert!(said.contains("or write `**QUESTION:**`"), "{said}");
    assert!(
        said.contains("warning: this transcript has no questions"),
        "{said}"
    );
    assert!(run.stdout().contains(", 2 warnings"), "{}", run.stdout());
}

/// Captions from Chinese and Windows tools come in GBK, Big5 or UTF-16:
/// each is read, and which it was is said.
#[test]
fn captions_in_other_encodings_are_read_and_the_encoding_said() {
    let dir = tempfile::tempdir().unwrap();
    let srt = "1\r\n00:00:01,000 --> 00:00:03,000\r\n记者：中美关系如何发展？双方应当加强对话与合作。\r\n\r\n2\r\n00:00:03,000 --> 00:00:06,000\r\n王毅：中美关系很重要，我们愿意同美方一道，推动两国关系稳定发展。\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(srt);
    fs::write(dir.path().join("gbk.srt"), &gbk).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in srt.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    fs::write(dir.path().join("utf16.srt"), &utf16).unwrap();
    for (file, encoding) in [("gbk.srt", "GBK"), ("utf16.srt", "UTF-16LE")] {
        let out = dir.path().join(format!("{file}.md"));
        let run = colloq_in(
            dir.path(),
            &[
                "import",
                file,
                "-o",
                out.to_str().unwrap(),
                "--date",
                "2024-03-07",
                "--answerer",
                "王毅",
            ],
        );
        run.success();
        assert!(
            run.stdout().contains(&format!("read as {encoding}")),
            "{}",
            run.stdout()
        );
        let text = fs::read_to_string(&out).unwrap();
        assert!(
            text.contains("**记者:** [0:01] 中美关系如何发展？"),
            "{text}"
        );
        assert!(text.contains("**王毅:** [0:03] 中美关系很重要"), "{text}");
    }
    // Named, when detection cannot tell.
    let run = colloq_in(
        dir.path(),
        &[
            "import",
            "gbk.srt",
            "-o",
            "named.md",
            "--encoding",
            "gb18030",
        ],
    );
    run.success();
    assert!(run.stdout().contains("read as gb18030"), "{}", run.stdout());
    let run = colloq_in(
        dir.path(),
        &["import", "gbk.srt", "-o", "x.md", "--encoding", "klingon"],
    );
    run.failure();
    assert!(
        run.stderr()
            .contains("`klingon` is not an encoding colloq knows"),
        "{}",
        run.stderr()
    );
}

/// The speakers of a built transcript's `transcript.json`, its questions
/// and their askers.
fn built_transcript(site: &Site, slug: &str) -> (String, usize, Vec<String>) {
    let json: serde_json::Value =
        serde_json::from_str(&site.read(&format!("{slug}/transcript.json"))).unwrap();
    let askers = json["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["asker"].as_str().unwrap_or("").to_string())
        .collect::<Vec<_>>();
    (
        json["title"].as_str().unwrap().to_string(),
        askers.len(),
        askers,
    )
}

/// A ministry's briefing pasted from its page, in Chinese and in
/// English, and a court record's PDF text: each imported into `content/`
/// builds with its speakers, turns and questions, titled and dated from
/// its own first lines; what the PDF's layout added is left out and said.
#[test]
fn printed_transcripts_import_into_sites_that_build() {
    let site = Site::copy_of("basic");
    let import = |file: &str| {
        let input = crate::support::fixture("import").join(file);
        let out = site.root.join("content").join(file.replace(".txt", ".md"));
        let run = site.colloq(&[
            "import",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        run.success();
        (run.stdout(), fs::read_to_string(out).unwrap())
    };

    let (said, text) = import("briefing-zh.txt");
    assert!(
        said.contains(
            "imported 7 turns by 汪文斌, 法新社记者, 彭博社记者, 总台央视记者 (text, read as UTF-8)"
        ),
        "{said}"
    );
    assert!(said.contains("guessed that 汪文斌 answers"), "{said}");
    assert!(
        text.starts_with(
            "---\ntitle: \"2024年5月10日外交部发言人汪文斌主持例行记者会\"\ndate: 2024-05-10\n"
        ),
        "{text}"
    );
    // Lines of one paragraph join without a space between CJK characters;
    // the stage direction stays in its turn.
    assert!(
        text.contains("\n**汪文斌:** 我们注意到有关报道。（笑声）我们希望有关方面多做有利于地区和平稳定的事。\n"),
        "{text}"
    );

    let (said, text) = import("briefing-en.txt");
    assert!(
        said.contains("imported 7 turns by MR MILLER, QUESTION"),
        "{said}"
    );
    assert!(text.contains("date: 2024-05-10\n"), "{text}");
    assert!(
        text.contains(
            "\n**MR MILLER:** Thanks, everyone.\n\n(The briefing was concluded at 2:14 p.m.)\n"
        ),
        "{text}"
    );

    let (said, text) = import("record.txt");
    assert!(
        said.contains("left out: 1 soft hyphen; 17 margin line numbers; 3 page numbers; 3 lines of page headers and footers (`Case 1:24-cr-00077    Document 51    Filed 06/12/24    Page 1 of 3`); the certificate at the end (lines 20–23)"),
        "{said}"
    );
    assert!(
        text.contains("\n**A:** I was at home with my family, all evening.\n"),
        "{text}"
    );
    assert!(
        text.contains("# left out on import: 3 page numbers\n"),
        "{text}"
    );
    let body = text.split_once("\n---\n").unwrap().1;
    for gone in ["Case 1:24", "CERTIFICATE", "Jane Roe"] {
        assert!(!body.contains(gone), "{gone}: {text}");
    }

    let run = site.colloq(&["build"]);
    run.success();
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    let (title, questions, askers) = built_transcript(&site, "briefing-zh");
    assert_eq!(title, "2024年5月10日外交部发言人汪文斌主持例行记者会");
    assert_eq!(askers, ["法新社记者", "彭博社记者", "总台央视记者"]);
    assert_eq!(questions, 3);
    let (_, _, askers) = built_transcript(&site, "briefing-en");
    assert_eq!(askers, ["QUESTION"; 3]);
    let (title, _, askers) = built_transcript(&site, "record");
    assert_eq!(title, "UNITED STATES DISTRICT COURT");
    assert_eq!(askers, ["Q", "Q", "THE COURT", "Q", "MS. PARK"]);
}

/// Bad input is refused with where and what to do, and nothing is
/// written: a malformed timing, an empty file, a binary file, captions
/// whose times jump back (a little overlap is fine), text with no
/// speaker in it, a `--date` that is not a date.
#[test]
fn bad_input_is_refused_at_its_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &[&str]); 5] = [
        (
            "bad.srt",
            b"1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:01,000 --> 00:00\nback\n",
            &["the cue ends (0:00) before it starts (0:01)", "bad.srt:6"],
        ),
        ("empty.vtt", b"", &["the file is empty"]),
        (
            "talk.mp3",
            b"ID3\x04\x00\x00\x00\x00\x00\x21",
            &["this is a binary file, not text", "pdftotext"],
        ),
        (
            "back.vtt",
            b"WEBVTT\n\n00:10.000 --> 00:12.000\n<v A>One.\n\n00:11.500 --> 00:13.000\n<v B>Overlaps a little.\n\n00:02.000 --> 00:03.000\n<v A>Jumps back.\n",
            &[
                "this cue starts at 0:02, before the cue on line 6 (at 0:11.5): the times go backwards",
                "back.vtt:9",
            ],
        ),
        (
            "prose.txt",
            b"Just a paragraph.\n\nAnd another.\n",
            &["no speaker labels found"],
        ),
    ];
    for (file, bytes, said) in cases {
        fs::write(dir.path().join(file), bytes).unwrap();
        let run = colloq_in(dir.path(), &["import", file]);
        run.failure();
        for needle in said {
            assert!(run.stderr().contains(needle), "{file}: {}", run.stderr());
        }
    }
    // A date that is not one.
    let run = colloq_in(dir.path(), &["import", "prose.txt", "--date", "2024/05/10"]);
    run.failure();
    assert!(
        run.stderr()
            .contains("--date `2024/05/10` is not in the form YYYY-MM-DD"),
        "{}",
        run.stderr()
    );
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), cases.len(), "{names:?}");
}

/// Every import fixture, one per format with its quirks (a BOM and CRLF,
/// `NOTE`/`STYLE`/`REGION` blocks, identifiers, voice spans closed and
/// not, ruby, lenient timestamps; `>> NAME:`, `[NAME]` and named `- `
/// dialogue lines; WhisperX speakers per segment and missing; the
/// Podcasting 2.0 transcript): imported into `content/`, the site builds
/// with the turns and speakers each file has.
#[test]
fn every_import_fixture_builds_with_its_turns_and_speakers() {
    let site = Site::copy_of("basic");
    for (file, said) in [
        (
            "podcast.vtt",
            "imported 2 turns by Jerod, Mat (vtt, read as UTF-8)",
        ),
        (
            "broadcast.srt",
            "imported 5 turns by MODERATOR, REPORTER, SPOKESPERSON, SPEAKER (srt, read as UTF-8)",
        ),
        (
            "whisperx.json",
            "imported 3 turns by SPEAKER_00, SPEAKER_01 (whisper, read as UTF-8)",
        ),
        (
            "podcast.json",
            "imported 2 turns by Jerod, Mat (podcast, read as UTF-8)",
        ),
        (
            "record.txt",
            "imported 8 turns by Q, A, THE COURT, MS. PARK (text, read as UTF-8)",
        ),
    ] {
        let input = crate::support::fixture("import").join(file);
        let out = site.root.join("content").join(format!("{file}.md"));
        let run = site.colloq(&[
            "import",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--date",
            "2024-06-01",
        ]);
        run.success();
        assert!(run.stdout().contains(said), "{file}: {}", run.stdout());
    }
    let vtt = fs::read_to_string(site.root.join("content/podcast.vtt.md")).unwrap();
    assert!(
        vtt.contains("**Jerod:** [0:00] Welcome back to the show, everyone & friends.\n\n**Mat:** [0:06] Thanks. I came to talk about trade. And 漢字, too.\n"),
        "{vtt}"
    );
    let srt = fs::read_to_string(site.root.join("content/broadcast.srt.md")).unwrap();
    assert!(
        srt.contains(
            "**SPOKESPERSON:** [0:08.5] Next month.\n\n**SPEAKER:** [0:08.5] And the venue?\n"
        ),
        "{srt}"
    );
    let run = site.colloq(&["build"]);
    run.success();
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
}
