//! Transcripts with their recordings: `media:` and the times of turns and
//! paragraphs, checked as the site is built.

use crate::support::Site;

const OLDER: &str = "content/2024/2024-04-01-older.md";

/// The `basic` fixture with its older transcript changed by `edit`.
fn with_older(edit: impl Fn(String) -> String) -> Site {
    let site = Site::copy_of("basic");
    let text = std::fs::read_to_string(site.root.join(OLDER)).unwrap();
    site.write(OLDER, &edit(text));
    site
}

#[test]
fn a_recording_that_is_not_among_the_static_files_is_an_error_at_its_line() {
    let site = with_older(|text| {
        text.replace(
            "answerers: [SPOKESPERSON]\n",
            "answerers: [SPOKESPERSON]\nmedia:\n  src: audio/older.mp3\n",
        )
    });
    let run = site.colloq(&["build"]);
    run.failure();
    let said = run.stderr();
    assert!(
        said.contains("error: the recording `audio/older.mp3` is not in content/static/"),
        "{said}"
    );
    assert!(said.contains(&format!("--> {OLDER}:6:8")), "{said}");
    assert!(
        said.contains("help: put the file at content/static/audio/older.mp3"),
        "{said}"
    );

    // Once the file is there, the site builds.
    site.write("content/static/audio/older.mp3", "ID3");
    site.colloq(&["build"]).success();
}

#[test]
fn times_are_not_part_of_the_text_a_reader_searches_or_quotes() {
    let site = Site::copy_of("basic");
    let path = "content/2024/2024-04-01-older.md";
    let text = std::fs::read_to_string(site.root.join(path)).unwrap();
    site.write(
        path,
        &text
            .replace(
                "**Reuters:** Trade again?",
                "**Reuters:** [0:05] Trade again?",
            )
            .replace("SPOKESPERSON: Yes.", "SPOKESPERSON: [0:09.5] Yes."),
    );
    site.colloq(&["build"]).success();
    // The data file search reads has the words without their times.
    let data = site.read("2024-04-01-older/transcript.json");
    assert!(
        !data.contains("0:05") && !data.contains("[0:09.5]"),
        "{data}"
    );
    assert!(data.contains("\"Trade again?\""), "{data}");
}

/// A recording of `seconds` of tone, as a WAV file (mono, 8 kHz, 8-bit):
/// small enough to make in a test instead of keeping one.
pub(crate) fn tone(seconds: u32) -> Vec<u8> {
    let rate = 8000u32;
    let samples = rate * seconds;
    let mut wav = Vec::with_capacity(44 + samples as usize);
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + samples).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes());
    wav.extend_from_slice(&rate.to_le_bytes());
    wav.extend_from_slice(&rate.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes());
    wav.extend_from_slice(&8u16.to_le_bytes());
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&samples.to_le_bytes());
    for i in 0..samples {
        // A square wave of 440 Hz, quietly.
        wav.push(if (i * 440 * 2 / rate).is_multiple_of(2) {
            140
        } else {
            116
        });
    }
    wav
}

/// The podcast fixture with its recording made.
pub(crate) fn podcast() -> Site {
    let site = Site::copy_of("podcast");
    let audio = site.root.join("content/static/audio");
    std::fs::create_dir_all(&audio).unwrap();
    std::fs::write(audio.join("episode.wav"), tone(16)).unwrap();
    site
}

#[test]
fn a_transcript_with_its_recording_has_a_player_and_times_that_link_into_it() {
    let site = podcast();
    site.colloq(&["build"]).success();
    let slug = "2024-06-01-episode";
    let question = site.read(&format!("{slug}/1/index.html"));
    assert!(
        question.contains(
            "<section class=\"media-player\" aria-label=\"Recording\" data-offset=\"0\" data-start=\"4\">\n  <audio controls preload=\"metadata\"><source src=\"../../audio/episode.wav\" type=\"audio/wav\"><track kind=\"captions\" src=\"../../2024-06-01-episode/transcript.vtt\" label=\"Captions\" default></audio>"
        ),
        "{question}"
    );
    assert!(question.contains("<script src=\"../../media.js\" defer"));
    // Each timed turn: its seconds for media anchoring, and its time as a
    // link into the recording (which opens at that time without script).
    assert!(
        question.contains("<section class=\"turn turn-question\" id=\"t2\" data-time-start=\"4\" data-time-end=\"6\">"),
        "{question}"
    );
    assert!(question.contains(
        "<a class=\"time\" href=\"../../audio/episode.wav#t=4\" data-time=\"4\">0:04</a></p>"
    ));
    assert!(question.contains(
        "<a class=\"time\" href=\"../../audio/episode.wav#t=8\" data-time=\"8\">0:08</a>\n<p id=\"t3-p2\">A second paragraph of the answer.</p>"
    ));
    // The transcript page, a folder up, links the opening from there.
    let page = site.read(&format!("{slug}/index.html"));
    assert!(page.contains("href=\"../audio/episode.wav#t=0\""), "{page}");
    assert!(!page.contains("data-start="));
    let full = site.read(&format!("{slug}/full/index.html"));
    assert!(
        full.contains("data-time-start=\"12\">"),
        "the last turn has no end"
    );
    assert!(site.read("media.js").contains("timeupdate"));
    assert!(site.read("media.css").contains(".turn.speaking"));
    // The times are not words of the transcript.
    assert!(
        !site
            .read(&format!("{slug}/transcript.json"))
            .contains("0:04")
    );
}

#[test]
fn a_youtube_recording_asks_nothing_of_youtube_until_the_reader_does() {
    let site = with_older(|text| {
        text.replace(
            "answerers: [SPOKESPERSON]\n",
            "answerers: [SPOKESPERSON]\nmedia:\n  youtube: dQw4w9WgXcQ\n",
        )
        .replace(
            "**Reuters:** Trade again?",
            "**Reuters:** [1:05] Trade again?",
        )
    });
    site.colloq(&["build"]).success();
    let page = site.read("2024-04-01-older/1/index.html");
    assert!(page.contains("data-youtube=\"dQw4w9WgXcQ\""), "{page}");
    assert!(page.contains("<button type=\"button\" class=\"media-load\">Play the video</button>"));
    assert!(
        !page.contains("<iframe") && !page.contains("ytimg") && !page.contains("youtube-nocookie")
    );
    // Without script, a time opens the video there.
    assert!(
        page.contains("href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=65s\""),
        "{page}"
    );
}

/// A listener in the browser: the question page's player starts at its
/// question, a click on a turn's time moves the player there, playing
/// moves the mark to the next turn (on a phone's width too), a reload
/// keeps the place, the browser reads the captions; and a YouTube-backed
/// page asks nothing of any other host until the reader clicks.
#[test]
#[ignore = "needs headless Chromium and Node; run with `cargo test -- --ignored`"]
fn the_player_follows_the_turns_in_the_browser() {
    let clients = crate::support::repo().join("tests/clients");
    assert!(
        clients.join("node_modules").is_dir(),
        "run `npm ci --prefix tests/clients` first (Node.js and npm are needed)"
    );
    let chromium = crate::browser::chromium_path();
    let site = podcast();
    let server = crate::support::Server::start(&site, &["--no-edit"]);
    let url = format!("http://{}{}", server.address, server.mount);
    let video = podcast();
    let episode = "content/2024/2024-06-01-episode.md";
    let text = std::fs::read_to_string(video.root.join(episode)).unwrap();
    video.write(
        episode,
        &text.replace("  src: audio/episode.wav", "  youtube: dQw4w9WgXcQ"),
    );
    let video_server = crate::support::Server::start(&video, &["--no-edit"]);
    let video_page = format!(
        "http://{}{}2024-06-01-episode/1/index.html",
        video_server.address, video_server.mount
    );
    let shots = std::env::var("COLLOQ_SCREENSHOTS").unwrap_or_default();
    let out = std::process::Command::new("node")
        .arg(clients.join("media.mjs"))
        .env("CHROMIUM", &chromium)
        .args([
            url.as_str(),
            "2024-06-01-episode",
            shots.as_str(),
            video_page.as_str(),
        ])
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for step in [
        "question 1 starts at 4",
        "clicked 0:06",
        "moved the mark to t2",
    ] {
        assert!(report.contains(step), "{report}");
    }
}

/// A cue as a WebVTT reader sees it.
#[derive(Debug)]
struct ReadCue {
    start: f64,
    end: f64,
    voice: String,
    words: String,
}

/// Reads WebVTT as a player would: the header, then blocks of a timing
/// line and text lines, voice spans `<v Name>…</v>` giving the speaker.
fn read_vtt(text: &str) -> Vec<ReadCue> {
    let mut blocks = text.split("\n\n");
    assert_eq!(
        blocks.next().map(str::trim),
        Some("WEBVTT"),
        "a WebVTT file starts so"
    );
    let seconds = |t: &str| -> f64 {
        let parts: Vec<f64> = t.trim().split(':').map(|p| p.parse().unwrap()).collect();
        parts.iter().fold(0.0, |acc, p| acc * 60.0 + p)
    };
    blocks
        .filter(|b| !b.trim().is_empty())
        .map(|block| {
            let mut lines = block.lines();
            let timing = lines.next().unwrap();
            let (start, end) = timing.split_once(" --> ").expect("a timing line");
            let mut voice = String::new();
            let mut words = Vec::new();
            for line in lines {
                let inner = line.strip_prefix("<v ").expect("a voice span");
                let (name, rest) = inner.split_once('>').unwrap();
                voice = name.replace("&amp;", "&");
                words.push(
                    rest.trim_end_matches("</v>")
                        .replace("&lt;", "<")
                        .replace("&amp;", "&"),
                );
            }
            ReadCue {
                start: seconds(start),
                end: seconds(end),
                voice,
                words: words.join(" "),
            }
        })
        .collect()
}

#[test]
fn the_captions_read_back_with_their_times_speakers_and_words() {
    let site = podcast();
    site.colloq(&["build"]).success();
    let slug = "2024-06-01-episode";
    let cues = read_vtt(&site.read(&format!("{slug}/transcript.vtt")));
    let said: Vec<(f64, &str, &str)> = cues
        .iter()
        .map(|c| (c.start, c.voice.as_str(), c.words.as_str()))
        .collect();
    assert_eq!(
        said,
        [
            (0.0, "HOST", "Welcome to the show."),
            (4.0, "GUEST", "Thanks. What is the first question?"),
            (6.0, "HOST", "The first answer."),
            (8.0, "HOST", "A second paragraph of the answer."),
            (10.0, "GUEST", "And the second question?"),
            (12.0, "HOST", "The second answer."),
        ]
    );
    for pair in cues.windows(2) {
        assert!(
            pair[0].end <= pair[1].start + 1e-9 && pair[0].start < pair[0].end,
            "{pair:?}"
        );
    }

    let srt = site.read(&format!("{slug}/transcript.srt"));
    assert!(
        srt.starts_with("1\n00:00:00,000 --> 00:00:04,000\nHOST: Welcome to the show.\n\n2\n"),
        "{srt}"
    );

    let podcast: serde_json::Value =
        serde_json::from_str(&site.read(&format!("{slug}/transcript.podcast.json"))).unwrap();
    assert_eq!(podcast["version"], "1.0.0");
    let segments = podcast["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 6);
    for segment in segments {
        let mut keys: Vec<&str> = segment
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["body", "endTime", "speaker", "startTime"]);
        assert!(segment["startTime"].as_f64().unwrap() < segment["endTime"].as_f64().unwrap());
    }
    assert_eq!(segments[1]["speaker"], "GUEST");
    assert_eq!(segments[1]["startTime"], 4.0);

    // A transcript without times has none.
    let untimed = Site::built("basic");
    assert!(
        !untimed
            .output()
            .join("2024-05-02-briefing/transcript.vtt")
            .exists()
    );
}

#[test]
fn a_note_on_timed_words_says_when_they_are_spoken() {
    let site = podcast();
    site.colloq(&["build"]).success();
    let data: serde_json::Value =
        serde_json::from_str(&site.read("2024-06-01-episode/annotations.json")).unwrap();
    let selectors = &data["first"]["items"][0]["target"]["selector"];
    assert_eq!(selectors[0]["type"], "TextQuoteSelector");
    assert_eq!(selectors[0]["exact"], "first answer");
    assert_eq!(selectors[1]["type"], "TextPositionSelector");
    assert_eq!(
        selectors[2],
        serde_json::json!({"type": "MediaTimeSelector", "start": 6.0, "end": 8.0})
    );
    // Without a recording, the text selectors alone.
    let untimed = Site::built("basic");
    let data: serde_json::Value =
        serde_json::from_str(&untimed.read("2024-05-02-briefing/annotations.json")).unwrap();
    assert_eq!(
        data["first"]["items"][0]["target"]["selector"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn a_podcast_feed_encloses_each_recording_and_links_its_captions() {
    let site = podcast();
    site.write(
        "config.yaml",
        "title: A podcast\nlanguage: en\nbase_url: https://example.org/show/\npodcast:\n  author: The Hosts\n  email: hosts@example.org\n  image: cover.jpg\n  category: News\n",
    );
    site.colloq(&["build"]).success();
    let xml = site.read("podcast.xml");
    let doc = roxmltree::Document::parse(&xml).expect("the feed is XML");
    let rss = doc.root_element();
    assert_eq!(
        (rss.tag_name().name(), rss.attribute("version")),
        ("rss", Some("2.0"))
    );
    let channel = rss.children().find(|n| n.has_tag_name("channel")).unwrap();
    let text = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .map(str::to_string)
    };
    assert_eq!(text(channel, "title").as_deref(), Some("A podcast"));
    assert_eq!(text(channel, "author").as_deref(), Some("The Hosts"));
    let items: Vec<_> = channel
        .children()
        .filter(|n| n.has_tag_name("item"))
        .collect();
    assert_eq!(items.len(), 1);
    let item = items[0];
    assert_eq!(text(item, "title").as_deref(), Some("Episode one"));
    assert_eq!(
        text(item, "pubDate").as_deref(),
        Some("Sat, 01 Jun 2024 00:00:00 +0000")
    );
    let enclosure = item
        .children()
        .find(|n| n.has_tag_name("enclosure"))
        .unwrap();
    assert_eq!(
        enclosure.attribute("url"),
        Some("https://example.org/show/audio/episode.wav")
    );
    assert_eq!(enclosure.attribute("type"), Some("audio/wav"));
    assert_eq!(
        enclosure.attribute("length"),
        Some((44 + 8000 * 16).to_string().as_str())
    );
    let podcast_ns = "https://podcastindex.org/namespace/1.0";
    let transcripts: Vec<(&str, &str)> = item
        .children()
        .filter(|n| {
            n.tag_name().namespace() == Some(podcast_ns) && n.tag_name().name() == "transcript"
        })
        .map(|n| (n.attribute("url").unwrap(), n.attribute("type").unwrap()))
        .collect();
    assert_eq!(
        transcripts,
        [
            (
                "https://example.org/show/2024-06-01-episode/transcript.vtt",
                "text/vtt"
            ),
            (
                "https://example.org/show/2024-06-01-episode/transcript.srt",
                "application/x-subrip"
            ),
            (
                "https://example.org/show/2024-06-01-episode/transcript.podcast.json",
                "application/json"
            ),
        ]
    );

    // Without an address to give, no feed can be made: said so.
    site.write(
        "config.yaml",
        "title: A podcast\npodcast:\n  author: The Hosts\n",
    );
    let run = site.colloq(&["build"]);
    run.failure();
    assert!(
        run.stderr().contains("a podcast feed needs `base_url`"),
        "{}",
        run.stderr()
    );
}
