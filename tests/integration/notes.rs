//! Notes as a reader and another annotation tool meet them: marked words
//! with their note beside them, the transcript's list of notes, detached
//! notes, and the W3C export.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::support::{Site, colloq_in, repo, visible_text, without_notes};

const BRIEFING: &str = "2024-05-02-briefing";

/// Fails, showing `said`, unless it contains `wanted`.
#[track_caller]
fn says(said: &str, wanted: &str) {
    assert!(said.contains(wanted), "wanted {wanted:?} in:\n{said}");
}

#[test]
fn a_note_marks_its_words_and_sits_right_after_them() {
    let site = Site::built("basic");
    let page = site.read(&format!("{BRIEFING}/1/index.html"));
    // The fact check: one mark with an id, its note right after it.
    assert!(
        page.contains(
            "<mark class=\"note-mark kind-fact-check\" id=\"note-3\" data-note=\"3\">next month</mark>\
<label class=\"note-ref kind-fact-check\" for=\"note-3-show\""
        ),
        "{page}"
    );
    assert!(
        page.contains("<span class=\"sidenote kind-fact-check\" id=\"note-3-text\" role=\"note\">")
    );
    assert!(page.contains("<a class=\"note-link\" href=\"https://example.org/june\">"));
    // That is its one copy: print places it beside its words.
    assert!(!page.contains("block-note"), "{page}");
    assert_eq!(page.matches("The talks resumed on").count(), 1, "{page}");
}

#[test]
fn a_correction_strikes_the_original_across_markup_and_keeps_both_texts() {
    let site = Site::built("basic");
    let page = site.read(&format!("{BRIEFING}/1/index.html"));
    let struck: Vec<&str> = page
        .split("<del class=\"note-mark kind-correction\"")
        .skip(1)
        .map(|piece| &piece[piece.find('>').unwrap() + 1..piece.find("</del>").unwrap()])
        .collect();
    assert_eq!(struck, ["Geneva, at the", " ", "Palais", " of ", "nations"]);
    assert!(page.contains("<strong><del class=\"note-mark kind-correction\" id=\"note-2\""));
    assert!(page.contains("<code><del class=\"note-mark kind-correction\" data-note=\"2\">nations</del></code><ins class=\"note-correction\">Geneva, at the Palais des Nations</ins>"));
    // With the notes taken out, the paragraph reads as the transcript does.
    let text = visible_text(&without_notes(&page));
    assert!(text.contains("The talks resume in Geneva, at the Palais of nations next month."));
}

#[test]
fn footnotes_are_sidenotes_and_their_definitions_are_not_repeated() {
    let site = Site::built("basic");
    let page = site.read(&format!("{BRIEFING}/1/index.html"));
    assert!(page.contains("next month</mark>"));
    assert!(page.contains(
        "<span class=\"note-body\"><span class=\"para\">The venue was announced on <em>1 May</em>.</span></span>"
    ));
    assert!(!page.contains("[^venue]"), "{page}");
    assert!(!page.contains("footnote-definition"), "{page}");
    assert_eq!(
        page.matches("The venue was announced").count(),
        1,
        "the sidenote alone"
    );
}

#[test]
fn question_pages_and_the_full_text_show_the_same_notes() {
    let site = Site::built("basic");
    let question = site.read(&format!("{BRIEFING}/1/index.html"));
    let full = site.read(&format!("{BRIEFING}/full/index.html"));
    for id in ["note-2", "note-3", "note-4"] {
        assert!(question.contains(&format!("id=\"{id}-text\"")), "{id}");
        assert!(full.contains(&format!("id=\"{id}-text\"")), "{id}");
    }
    // The opening's note is on the transcript page and the full text.
    let transcript = site.read(&format!("{BRIEFING}/index.html"));
    assert!(transcript.contains("id=\"note-1\" data-note=\"1\">Good afternoon</mark>"));
    assert!(full.contains("id=\"note-1\" data-note=\"1\">Good afternoon</mark>"));
}

#[test]
fn the_transcript_page_counts_and_lists_every_note_with_a_link_to_it() {
    let site = Site::built("basic");
    let transcript = site.read(&format!("{BRIEFING}/index.html"));
    assert!(transcript.contains(
        "<td class=\"notes-count\"><a href=\"../2024-05-02-briefing/1/index.html\" aria-label=\"3 Notes\">3</a></td>"
    ));
    let list = &transcript[transcript
        .find("<section aria-labelledby=\"all-notes\"")
        .unwrap()..];
    let hrefs: Vec<&str> = list
        .split("<li class=\"kind-")
        .skip(1)
        .map(|item| {
            let start = item.find("href=\"").unwrap() + 6;
            &item[start..start + item[start..].find('"').unwrap()]
        })
        .collect();
    assert_eq!(
        hrefs,
        [
            "../2024-05-02-briefing/index.html#note-1",
            "../2024-05-02-briefing/1/index.html#note-2",
            "../2024-05-02-briefing/1/index.html#note-3",
            "../2024-05-02-briefing/1/index.html#note-4",
            "../2024-05-02-briefing/2/index.html#note-5",
        ]
    );
    // Each link lands on an element with that id.
    let page_dir = site.output().join(BRIEFING);
    for href in hrefs {
        let (path, anchor) = href.split_once('#').unwrap();
        let target = fs::read_to_string(page_dir.join(path)).unwrap();
        assert!(target.contains(&format!("id=\"{anchor}\"")), "{href}");
    }
}

#[test]
fn a_server_can_show_unplaced_notes_as_detached() {
    let site = Site::copy_of("notes-orphan");
    let output = site.root.join("site");
    colloq::build(&colloq::Options {
        root: site.root.clone(),
        output: output.clone(),
        base_url: None,
        drafts: false,
        show_detached: true,
        parsed_budget: colloq::PARSED_BUDGET,
    })
    .unwrap();
    let page = fs::read_to_string(output.join("a/1/index.html")).unwrap();
    let boxed = &page[page
        .find("<section class=\"detached-notes\"")
        .expect("a detached box")..];
    assert!(boxed.contains("<q>signed in July</q>"), "{boxed}");
    assert!(boxed.contains("content/a.notes.yaml:5:3"), "{boxed}");
    assert!(boxed.contains("The quote is not in the text."), "{boxed}");
    // It is not placed in the text; the note that anchors still is.
    assert!(!page.contains("<mark class=\"note-mark kind-fact-check\""));
    assert!(page.contains("id=\"note-1\" data-note=\"1\">trade deal is on track</mark>"));
}

/// Checks an `annotations.json` against what the W3C Web Annotation
/// model requires of a collection and its annotations; returns the items.
fn valid_collection(json: &str) -> Vec<Value> {
    let collection: Value = serde_json::from_str(json).expect("annotations.json is JSON");
    assert_eq!(collection["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(collection["type"], "AnnotationCollection");
    assert!(collection["id"].is_string());
    assert!(collection["label"].is_string());
    let page = &collection["first"];
    assert_eq!(page["type"], "AnnotationPage");
    assert!(page["id"].is_string());
    // SHOULDs of the model: the collection names its last page, the page
    // the collection it is part of.
    assert_eq!(collection["last"], page["id"]);
    assert_eq!(page["partOf"], collection["id"]);
    let items = page["items"].as_array().expect("items").clone();
    assert_eq!(collection["total"].as_u64(), Some(items.len() as u64));
    let mut ids = BTreeSet::new();
    for item in &items {
        assert_eq!(item["type"], "Annotation", "{item}");
        assert!(ids.insert(item["id"].as_str().expect("an id").to_string()));
        let motivation = item["motivation"].as_str().unwrap();
        assert!(
            ["commenting", "describing", "editing", "assessing"].contains(&motivation),
            "{motivation}"
        );
        for body in item["body"].as_array().unwrap() {
            let textual = body["type"] == "TextualBody" && body["value"].is_string();
            // An external resource may not carry a purpose (a MUST of the
            // model): a link is a SpecificResource whose source it is.
            let linked = body["type"] == "SpecificResource"
                && body["purpose"] == "linking"
                && body["source"]
                    .as_str()
                    .is_some_and(|s| s.starts_with("http"));
            assert!(textual || linked, "{body}");
            assert!(
                body.get("purpose").is_none() || body.get("id").is_none(),
                "{body}"
            );
        }
        let target = &item["target"];
        assert!(target["source"].is_string(), "{item}");
        let selectors = target["selector"].as_array().unwrap();
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .expect("a TextQuoteSelector");
        let position = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .expect("a TextPositionSelector");
        let exact = quote["exact"].as_str().unwrap();
        assert!(!exact.is_empty());
        for side in ["prefix", "suffix"] {
            assert!(
                quote[side].as_str().unwrap().chars().count() <= 32,
                "{item}"
            );
        }
        let (start, end) = (
            position["start"].as_u64().unwrap(),
            position["end"].as_u64().unwrap(),
        );
        assert_eq!(end - start, exact.chars().count() as u64, "{item}");
    }
    items
}

/// The page an annotation's target names, as text without notes, its
/// white space runs read as one space.
fn target_text(transcript_dir: &Path, source: &str) -> String {
    let page = transcript_dir
        .join(source.trim_start_matches("./"))
        .join("index.html");
    let text = visible_text(&without_notes(&fs::read_to_string(page).unwrap()));
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn annotations_json_is_a_w3c_collection_whose_selectors_find_the_words() {
    let site = Site::built("basic");
    let items = valid_collection(&site.read(&format!("{BRIEFING}/annotations.json")));
    // The footnote belongs to the transcript, not to its annotations.
    let motivations: Vec<&str> = items
        .iter()
        .map(|i| i["motivation"].as_str().unwrap())
        .collect();
    assert_eq!(
        motivations,
        ["describing", "editing", "assessing", "describing"]
    );
    let correction = &items[1];
    assert_eq!(correction["id"], "annotations.json#note-2");
    assert_eq!(correction["target"]["source"], "1/");
    assert_eq!(
        correction["body"][1]["value"],
        "Geneva, at the Palais des Nations"
    );
    // The selectors are the page's own text, as a W3C client reads it:
    // the correction's new words follow its struck words in the page.
    let quote = &correction["target"]["selector"][0];
    assert_eq!(quote["exact"], "Geneva, at the Palais of nations");
    assert_eq!(quote["prefix"], " main() {}\n\nThe talks resume in ");
    assert_eq!(quote["suffix"], "Geneva, at the Palais des Nation");
    // Every page of the transcript tells a client where its data is.
    for (page, root) in [
        (format!("{BRIEFING}/index.html"), "../"),
        (format!("{BRIEFING}/full/index.html"), "../../"),
        (format!("{BRIEFING}/1/index.html"), "../../"),
    ] {
        let html = site.read(&page);
        for (kind, file) in [
            ("application/ld+json", "annotations.json"),
            ("application/json", "transcript.json"),
        ] {
            let link = format!("<link rel=\"alternate\" type=\"{kind}\"");
            let href = format!("href=\"{root}{BRIEFING}/{file}\">");
            let line = html.lines().find(|l| l.starts_with(&link)).expect(&link);
            assert!(line.ends_with(&href), "{page}: {line}");
        }
    }
    // Each annotation, over the text of its page's body: its position
    // gives back its words, with its prefix and suffix around them, and
    // its quote with that context stands once in the page.
    let dir = site.output().join(BRIEFING);
    for item in &items {
        let quote = &item["target"]["selector"][0];
        let position = &item["target"]["selector"][1];
        let text = body_text(&dir, item["target"]["source"].as_str().unwrap());
        let (start, end) = (
            usize::try_from(position["start"].as_u64().unwrap()).unwrap(),
            usize::try_from(position["end"].as_u64().unwrap()).unwrap(),
        );
        let at = |from: usize, to: usize| text[from..to].iter().collect::<String>();
        let (exact, prefix, suffix) = (
            quote["exact"].as_str().unwrap(),
            quote["prefix"].as_str().unwrap(),
            quote["suffix"].as_str().unwrap(),
        );
        assert_eq!(at(start, end), exact, "{item}");
        assert_eq!(at(start - prefix.chars().count(), start), prefix, "{item}");
        assert_eq!(at(end, end + suffix.chars().count()), suffix, "{item}");
        let whole: String = text.iter().collect();
        assert_eq!(
            whole.matches(&format!("{prefix}{exact}{suffix}")).count(),
            1,
            "{item}"
        );
    }
}

/// The text of the body of the page an annotation's target names: what a
/// W3C client matches selectors in.
fn body_text(transcript_dir: &Path, source: &str) -> Vec<char> {
    let page = transcript_dir
        .join(source.trim_start_matches("./"))
        .join("index.html");
    let html = fs::read_to_string(page).unwrap();
    let body = &html[html.find("<body").unwrap()..html.find("</body>").unwrap()];
    visible_text(body).chars().collect()
}

#[test]
fn addresses_are_absolute_with_a_base_url() {
    let site = Site::copy_of("basic");
    site.colloq(&["build", "--base-url", "https://example.github.io/archive/"])
        .success();
    let collection: Value =
        serde_json::from_str(&site.read(&format!("{BRIEFING}/annotations.json"))).unwrap();
    assert_eq!(
        collection["id"],
        "https://example.github.io/archive/2024-05-02-briefing/annotations.json"
    );
    assert_eq!(
        collection["first"]["items"][0]["target"]["source"],
        "https://example.github.io/archive/2024-05-02-briefing/"
    );
}

#[test]
fn transcript_json_has_the_turns_questions_topics_and_speakers() {
    let site = Site::built("basic");
    let data: Value =
        serde_json::from_str(&site.read(&format!("{BRIEFING}/transcript.json"))).unwrap();
    assert_eq!(data["title"], "Daily briefing");
    assert_eq!(data["date"], "2024-05-02");
    assert_eq!(
        data["preamble"][0]["markdown"],
        "The briefing began at 2 p.m."
    );
    assert_eq!(data["opening"][0]["speaker"], "MODERATOR");
    let q1 = &data["questions"][0];
    assert_eq!(q1["title"], "When talks resume");
    assert_eq!(q1["topics"], serde_json::json!(["Trade", "中美关系"]));
    assert_eq!(q1["asker"], "Reuters");
    assert_eq!(q1["turns"][1]["paragraphs"][0]["id"], "t3-p1");
    assert_eq!(q1["notes"], serde_json::json!([2, 3]));
    // Each paragraph's visible words, where they differ from its Markdown
    // (what search reads), and a footnote's definition marked as one.
    let asked = &q1["turns"][0]["paragraphs"][0];
    assert_eq!(asked["markdown"], "When will the *trade* talks resume?");
    assert_eq!(asked["text"], "When will the trade talks resume?");
    let answer = &q1["turns"][1]["paragraphs"];
    assert_eq!(answer[0]["markdown"], "Next month. The code is:");
    assert!(answer[0].get("text").is_none() && answer[0].get("footnote").is_none());
    assert_eq!(answer[3]["text"], "The venue was announced on 1 May.");
    assert_eq!(answer[3]["footnote"], true);
    // Every note's words, footnotes too, with the question each is in.
    assert_eq!(
        data["notes"][0],
        serde_json::json!({"number": 1, "text": "下午好。"})
    );
    assert_eq!(
        data["notes"][3],
        serde_json::json!({"number": 4, "question": 1, "text": "The venue was announced on 1 May."})
    );
    assert_eq!(data["notes"].as_array().unwrap().len(), 5);
    let roles: Vec<(&str, &str)> = data["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        roles,
        [
            ("MODERATOR", "host"),
            ("Reuters", "asker"),
            ("The Spokesperson", "answerer"),
            ("NHK", "asker")
        ]
    );
}

#[test]
fn every_note_of_the_example_site_anchors() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    colloq_in(&repo(), &["build", "--output", target.to_str().unwrap()]).success();
    let slug = "2024-03-07-wang-yi";
    let sidecar =
        fs::read_to_string(repo().join(format!("content/2024/{slug}.notes.yaml"))).unwrap();
    let written = sidecar.matches("\n  - quote:").count();
    let items =
        valid_collection(&fs::read_to_string(target.join(slug).join("annotations.json")).unwrap());
    assert_eq!(items.len(), written, "every note of the sidecar is placed");
    assert!(written >= 15);
    let sources: BTreeSet<&str> = items
        .iter()
        .map(|i| i["target"]["source"].as_str().unwrap())
        .collect();
    assert!(sources.contains("./"), "a note on the opening");
    assert!(
        sources.len() >= 9,
        "notes on at least 8 questions: {sources:?}"
    );
    let corrections = items
        .iter()
        .filter(|i| i["motivation"] == "editing")
        .count();
    assert!(corrections >= 4, "{corrections} corrections");
    assert!(sidecar.contains("\n    prefix:") && sidecar.contains("\n    suffix:"));
    for item in &items {
        let quote = &item["target"]["selector"][0];
        let text = target_text(
            &target.join(slug),
            item["target"]["source"].as_str().unwrap(),
        );
        let exact = quote["exact"].as_str().unwrap();
        assert!(text.contains(exact), "{exact}");
    }
}

/// A note may say who wrote it and when: shown with the note, exported
/// as the annotation's `creator` and `created`; a day that does not exist
/// is an error at its line.
#[test]
fn a_note_shows_and_exports_who_wrote_it_and_when() {
    let site = Site::copy_of("basic");
    let notes = site
        .root
        .join("content/2024/2024-05-02-briefing.notes.yaml");
    let text = fs::read_to_string(&notes).unwrap();
    let with = text.replace(
        "    note: No date was given.\n",
        "    note: No date was given.\n    by: 编辑部\n    date: 2024-03-08\n",
    );
    assert_ne!(text, with);
    fs::write(&notes, &with).unwrap();
    site.colloq(&["build"]).success();
    let page = site.read(&format!("{BRIEFING}/2/index.html"));
    assert_eq!(
        page.matches("<span class=\"note-by\">— 编辑部, <time datetime=\"2024-03-08\">2024-03-08</time></span>")
            .count(),
        1,
        "beside the words:\n{page}"
    );
    let collection: Value =
        serde_json::from_str(&site.read(&format!("{BRIEFING}/annotations.json"))).unwrap();
    let items = collection["first"]["items"].as_array().unwrap();
    let dated: Vec<&Value> = items
        .iter()
        .filter(|i| i.get("created").is_some())
        .collect();
    assert_eq!(dated.len(), 1);
    assert_eq!(dated[0]["created"], "2024-03-08T00:00:00Z");
    assert_eq!(dated[0]["creator"], serde_json::json!({ "name": "编辑部" }));
    fs::write(&notes, with.replace("2024-03-08", "2024-02-30")).unwrap();
    let run = site.colloq(&["check"]);
    run.failure();
    insta::assert_snapshot!(run.stderr());
}

/// A typo fixed in the transcript orphans the correction on those words:
/// `check` names the new words, `check --fix` moves the note onto them
/// (only its own lines change), and `check` passes; a note it is unsure
/// of is left alone and reported.
#[test]
fn check_fix_re_anchors_an_orphan_it_is_sure_of_and_leaves_the_rest() {
    let site = Site::copy_of("basic");
    let transcript = site.root.join("content/2024/2024-05-02-briefing.md");
    let sidecar = site
        .root
        .join("content/2024/2024-05-02-briefing.notes.yaml");
    let text = fs::read_to_string(&transcript).unwrap();
    fs::write(&transcript, text.replace("[Palais]", "[Palace]")).unwrap();
    let before = fs::read_to_string(&sidecar).unwrap();

    let check = site.colloq(&["check"]);
    check.failure();
    says(
        &check.stderr(),
        "did you mean “Geneva, at the Palace of nations” in question 1 paragraph #t3-p3 (93%)?",
    );

    let fixed = site.colloq(&["check", "--fix"]);
    fixed.success();
    says(
        &fixed.stdout(),
        &format!(
            "fixed content/2024/{BRIEFING}.notes.yaml:19: quote “Geneva, at the Palais of nations” → “Geneva, at the Palace of nations” in question 1 paragraph #t3-p3 (93% alike)"
        ),
    );
    // The note's own lines, and the question's fingerprint, recorded.
    assert!(fixed.stdout().contains(&format!(
        "fixed content/2024/{BRIEFING}.notes.yaml: fingerprints recorded for questions 1"
    )));
    assert_eq!(
        fs::read_to_string(&sidecar).unwrap(),
        before
            .replace(
                "  - quote: Geneva, at the Palais of nations\n",
                "  - quote: Geneva, at the Palace of nations\n    question: 1\n"
            )
            .replace(
                "of the talks.\n",
                "of the talks.\n    fingerprint: \"Reuters: When will the trade\"\n"
            )
    );
    site.colloq(&["check"]).success();

    // Unsure: too little alike, and alike in two places.
    let unsure = "  - quote: Nothing like any words here\n  - quote: Xext month\n    question: 1\n";
    let mut text = fs::read_to_string(&sidecar).unwrap();
    text.push_str(unsure);
    fs::write(&sidecar, &text).unwrap();
    let fixed = site.colloq(&["check", "--fix"]);
    fixed.failure();
    assert!(!fixed.stdout().contains("fixed "), "{}", fixed.stdout());
    says(
        &fixed.stderr(),
        &format!(
            "warning: content/2024/{BRIEFING}.notes.yaml:28: left as it is: no passage is alike enough to move it to"
        ),
    );
    says(
        &fixed.stderr(),
        &format!(
            "warning: content/2024/{BRIEFING}.notes.yaml:29: left as it is: more than one passage is 90% alike"
        ),
    );
    assert_eq!(fs::read_to_string(&sidecar).unwrap(), text);
}

/// A question inserted into a transcript whose sidecar carries
/// fingerprints: `check` says which entry moved where, `check --fix`
/// renumbers the entries and the notes' scopes, and the titles stay with
/// their questions.
#[test]
fn a_question_inserted_is_noticed_and_the_sidecar_renumbered() {
    let site = Site::copy_of("basic");
    site.colloq(&["check", "--fix"]).success();
    let sidecar = site
        .root
        .join("content/2024/2024-05-02-briefing.notes.yaml");
    let recorded = fs::read_to_string(&sidecar).unwrap();
    assert!(
        recorded.contains("    fingerprint: \"Reuters: When will the trade\"\n"),
        "{recorded}"
    );

    let transcript = site.root.join("content/2024/2024-05-02-briefing.md");
    let text = fs::read_to_string(&transcript).unwrap();
    fs::write(
        &transcript,
        text.replace(
            "**Reuters:** When will",
            "**AFP:** A question first?\n\nSPOKESPERSON: First answer.\n\n**Reuters:** When will",
        ),
    )
    .unwrap();
    let check = site.colloq(&["check"]);
    check.failure();
    says(
        &check.stderr(),
        "questions: entry 1 is about the question now numbered 2 (“Reuters: When will the trade”): a question was added or removed before it",
    );
    assert!(
        check
            .stderr()
            .contains("(1 → 2); `colloq check --fix` does it"),
        "{}",
        check.stderr()
    );

    let fixed = site.colloq(&["check", "--fix"]);
    fixed.success();
    says(
        &fixed.stdout(),
        &format!("fixed content/2024/{BRIEFING}.notes.yaml: questions renumbered: 1 → 2"),
    );
    let after = fs::read_to_string(&sidecar).unwrap();
    assert_eq!(
        after,
        recorded
            .replace("questions:\n  1:\n", "questions:\n  2:\n")
            .replace("    question: 1\n    suffix", "    question: 2\n    suffix")
            .replace(
                "  - quote: Soon\n    question: 2\n",
                "  - quote: Soon\n    question: 3\n"
            )
    );
    site.colloq(&["build"]).success();
    let page = site.read(&format!("{BRIEFING}/2/index.html"));
    assert!(
        page.contains("When talks resume"),
        "the title stays with its question"
    );
}
