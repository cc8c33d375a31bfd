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
fn bad_captions_are_refused_at_their_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("bad.srt"),
        "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:01,000 --> 00:00\nback\n",
    )
    .unwrap();
    let run = colloq_in(dir.path(), &["import", "bad.srt"]);
    run.failure();
    assert!(
        run.stderr()
            .contains("the cue ends (0:00) before it starts (0:01)"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("bad.srt:6"), "{}", run.stderr());
    fs::write(dir.path().join("empty.vtt"), "").unwrap();
    let run = colloq_in(dir.path(), &["import", "empty.vtt"]);
    run.failure();
    assert!(
        run.stderr().contains("the file is empty"),
        "{}",
        run.stderr()
    );
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
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
