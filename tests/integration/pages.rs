//! What each kind of page shows, on the `basic` fixture.

use crate::support::{Site, main_of, visible_text};

#[test]
fn home_lists_transcripts_newest_first_and_topics() {
    let site = Site::built("basic");
    let home = site.read("index.html");
    let newer = home.find("Daily briefing").unwrap();
    let older = home.find("Older briefing").unwrap();
    assert!(newer < older);
    assert!(home.contains("href=\"topics/trade/index.html\""));
    assert!(home.contains("<html lang=\"en\">"));
}

#[test]
fn transcript_page_has_the_table_of_questions() {
    let site = Site::built("basic");
    let page = site.read("2024-05-02-briefing/index.html");
    let text = visible_text(main_of(&page));
    assert!(text.contains("The briefing began at 2 p.m."), "preamble");
    assert!(
        page.contains(
            "<td><a href=\"../2024-05-02-briefing/1/index.html\">When talks resume</a></td>"
        ),
        "{page}"
    );
    assert!(page.contains("<a href=\"../speakers/reuters/index.html\">Reuters</a>"));
    // A question without a sidecar title is titled by its first sentence.
    assert!(
        page.contains(">And &lt;script&gt;alert(1)&lt;/script&gt; the visit?</a>"),
        "{page}"
    );
    assert!(page.contains("href=\"../2024-05-02-briefing/full/index.html\""));
}

#[test]
fn question_page_links_previous_next_and_up() {
    let site = Site::built("basic");
    let first = site.read("2024-05-02-briefing/1/index.html");
    assert!(!first.contains("rel=\"prev\""));
    assert!(first.contains("rel=\"next\" href=\"../../2024-05-02-briefing/2/index.html\""));
    assert!(first.contains("class=\"up\" href=\"../../2024-05-02-briefing/index.html#questions\""));
    assert!(
        first.contains("The <strong>schedule</strong> of the talks."),
        "the summary is Markdown"
    );
    let second = site.read("2024-05-02-briefing/2/index.html");
    assert!(second.contains("rel=\"prev\" href=\"../../2024-05-02-briefing/1/index.html\""));
    assert!(!second.contains("rel=\"next\""));
}

#[test]
fn turns_and_paragraphs_have_stable_anchors() {
    let site = Site::built("basic");
    let page = site.read("2024-05-02-briefing/1/index.html");
    assert!(page.contains("<section class=\"turn turn-question\" id=\"t2\">"));
    assert!(
        page.contains("<p id=\"t2-p1\">When will the <em>trade</em> talks resume?</p>"),
        "{page}"
    );
    assert!(page.contains("<section class=\"turn turn-answer\" id=\"t3\">"));
    let full = site.read("2024-05-02-briefing/full/index.html");
    assert!(full.contains("id=\"t2-p1\"") && full.contains("id=\"q1\""));
}

#[test]
fn raw_html_is_escaped_and_code_is_highlighted() {
    let site = Site::built("basic");
    let page = site.read("2024-05-02-briefing/2/index.html");
    assert!(!page.contains("<script>"), "{page}");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let code = site.read("2024-05-02-briefing/1/index.html");
    assert!(
        code.contains(
            "<pre class=\"code\" data-lang=\"rust\" tabindex=\"0\"><code><span class=\"hl-source hl-rust\">"
        ),
        "{code}"
    );
}

#[test]
fn topic_pages_gather_questions_across_transcripts_newest_first() {
    let site = Site::built("basic");
    let index = site.read("topics/index.html");
    assert!(
        index.contains(
            "<a href=\"../topics/trade/index.html\">Trade</a> <span class=\"count\">2</span>"
        ),
        "{index}"
    );
    // An unregistered topic keeps its CJK name as its slug.
    assert!(
        index.contains("href=\"../topics/中美关系/index.html\""),
        "{index}"
    );
    let trade = site.read("topics/trade/index.html");
    let newer = trade.find("When talks resume").unwrap();
    let older = trade.find("Trade again?").unwrap();
    assert!(newer < older, "{trade}");
    assert!(trade.contains("Tariffs and talks"));
    assert!(site.output().join("topics/中美关系/index.html").is_file());
}

#[test]
fn speaker_pages_show_who_asked_and_answered() {
    let site = Site::built("basic");
    let index = site.read("speakers/index.html");
    assert!(index.contains("The Spokesperson"), "{index}");
    let spokesperson = site.read("speakers/the-spokesperson/index.html");
    assert!(spokesperson.contains("<h2>Answered</h2>"));
    assert_eq!(
        main_of(&spokesperson)
            .matches("class=\"question-title\"")
            .count(),
        2
    );
    // Speakers are told apart by the name shown: the older transcript gives
    // SPOKESPERSON no name, so there it is a speaker of its own.
    assert!(
        site.output()
            .join("speakers/spokesperson/index.html")
            .is_file()
    );
    let reuters = site.read("speakers/reuters/index.html");
    assert!(reuters.contains("<h2>Asked</h2>"));
    assert_eq!(
        main_of(&reuters)
            .matches("class=\"question-title\"")
            .count(),
        2
    );
}

#[test]
fn a_site_template_replaces_the_themes() {
    let site = Site::copy_of("basic");
    site.write(
        "templates/question.html",
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"mine\">{{ question.title }}</h1>{% endblock content %}",
    );
    site.colloq(&["build"]).success();
    assert!(
        site.read("2024-05-02-briefing/1/index.html")
            .contains("<h1 class=\"mine\">When talks resume</h1>")
    );
    // The other templates are still the theme's.
    assert!(
        site.read("2024-05-02-briefing/index.html")
            .contains("class=\"questions\"")
    );
}

#[test]
fn questions_grouped_by_heading_are_titled_by_it() {
    let site = Site::built("group-by-heading");
    let page = site.read("hearing/index.html");
    assert!(
        page.contains(">Budget</a></td>") && page.contains(">Oversight</a></td>"),
        "{page}"
    );
    let budget = visible_text(main_of(&site.read("hearing/1/index.html")));
    assert!(budget.contains("What does it cover?") && budget.contains("Staff."));
    assert!(!budget.contains("Who checks it?"));
}

#[test]
fn the_interface_speaks_the_transcripts_language() {
    let site = Site::copy_of("basic");
    site.write(
        "content/zh.md",
        "---\ntitle: 记者会\ndate: 2024-06-01\nlanguage: zh-CN\nanswerers: [王毅]\n---\n\n**记者:**问题?\n\n**王毅:**回答。\n",
    );
    site.colloq(&["build"]).success();
    let zh = site.read("zh/1/index.html");
    assert!(zh.contains("<html lang=\"zh-CN\">"));
    assert!(zh.contains("上一问") || zh.contains("全部问题"), "{zh}");
    let en = site.read("2024-05-02-briefing/1/index.html");
    assert!(en.contains("All questions"));
}

#[test]
fn addresses_that_could_run_a_script_are_never_links() {
    let site = Site::copy_of("basic");
    site.write(
        "content/2024/2024-06-01-unsafe.md",
        "---\ntitle: Unsafe\ndate: 2024-06-01\nanswerers: [A]\nsource: Somewhere\nsource_url: \"javascript:alert(1)\"\n---\n\n**Q:** See [this](javascript:alert(2)), [that](<JAVA\tSCRIPT:alert(3)>) and ![a picture](data:image/svg+xml,x).\n\n**A:** No.\n",
    );
    site.write(
        "content/2024/2024-06-01-unsafe.notes.yaml",
        "notes:\n  - quote: No\n    note: \"[Read more](javascript:alert(4))\"\n    links: [\"javascript:alert(5)\", \"https://example.org/ok\"]\n",
    );
    site.colloq(&["build"]).success();
    for (path, bytes) in crate::support::tree(&site.output()) {
        if path.extension().is_some_and(|e| e == "html") {
            let html = String::from_utf8(bytes).unwrap().to_lowercase();
            for attribute in [" href=\"", " src=\""] {
                for (at, _) in html.match_indices(attribute) {
                    let value = &html[at + attribute.len()..];
                    let value: String = value[..value.find('"').unwrap()]
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    assert!(
                        !value.starts_with("javascript:") && !value.starts_with("data:"),
                        "{}: {value}",
                        path.display()
                    );
                }
            }
        }
    }
    let page = site.read("2024-06-01-unsafe/1/index.html");
    assert!(
        page.contains("See this, that and a picture."),
        "the words stay"
    );
    assert!(page.contains("<a class=\"note-link\" href=\"https://example.org/ok\">"));
    let transcript = site.read("2024-06-01-unsafe/index.html");
    assert!(
        transcript.contains("<dd>Somewhere</dd>"),
        "the source without its link"
    );
}

/// Markup an author typed, in any field, is shown as text: no page runs
/// or loads anything because of it.
#[test]
fn every_field_is_escaped() {
    const X: &str = "<script>alert(1)</script>\\\"><img src=x onerror=alert(2)>";
    let site = Site::copy_of("basic");
    site.write(
        "config.yaml",
        &format!("title: \"Site {X}\"\ndescription: \"About {X}\"\nlanguage: en\n"),
    );
    site.write(
        "content/topics.yaml",
        &format!("\"Topic {X}\": {{ slug: xss, description: \"Described {X}\" }}\n"),
    );
    site.write(
        "content/2024/2024-07-01-xss.md",
        &format!(
            "---\ntitle: \"Title {X}\"\nsubtitle: \"Subtitle {X}\"\ndate: 2024-07-01\nevent: \"Event {X}\"\nlocation: \"Location {X}\"\nsource: \"Source {X}\"\nanswerers: [A]\nspeakers:\n  A: {{ name: \"Name {X}\", title: \"Job {X}\", affiliation: \"Org {X}\" }}\n  Q: {{ name: \"Asker {X}\" }}\ntopics: [\"Topic {X}\"]\nextra: {{ note: \"Extra {X}\" }}\n---\n\nPreamble <script>alert(3)</script>.\n\n**Q:** Question <script>alert(4)</script>?\n\n**A:** Answer <img src=x onerror=alert(5)>.\n"
        ),
    );
    site.write(
        "content/2024/2024-07-01-xss.notes.yaml",
        &format!(
            "questions:\n  1:\n    title: \"Q title {X}\"\n    topics: [\"Topic {X}\"]\n    summary: \"Summary {X}\"\nnotes:\n  - quote: Answer\n    kind: correction\n    correction: \"Fixed {X}\"\n    note: \"Note {X}\"\n    links: [\"https://example.org/?q=<script>\"]\n"
        ),
    );
    site.colloq(&["build", "--base-url", "https://example.github.io/x/"])
        .success();
    let mut checked = 0;
    for (path, bytes) in crate::support::tree(&site.output()) {
        let name = path.to_string_lossy();
        if !(name.ends_with(".html") || name.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        for bad in ["<script>alert", "<img src=x", "onerror=alert(2)>"] {
            assert!(!text.contains(bad), "{name} holds {bad}");
        }
        if name.ends_with(".html") {
            let scripts = text.matches("<script").count();
            let ours = text.matches("<script src=").count();
            assert_eq!(scripts, ours, "{name}: a script that is not the theme's");
        }
        checked += 1;
    }
    assert!(checked > 20, "{checked}");
    let question = site.read("2024-07-01-xss/1/index.html");
    assert!(
        question.contains("Q title &lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || question.contains("Q title &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{question}"
    );
}

/// Raw HTML in a transcript and its notes is text unless config.yaml
/// sets `allow_html: true`; then it is markup, and a note still anchors
/// to the words around it.
#[test]
fn raw_html_is_markup_only_when_allowed() {
    let site = Site::copy_of("basic");
    site.write(
        "content/2024/2024-07-01-html.md",
        "---\ntitle: HTML\ndate: 2024-07-01\nanswerers: [A]\n---\n\n**Q:** Why?\n\n**A:** It is <b>bold</b> and <span class=\"x\">plain</span> now.\n",
    );
    let notes = |quote: &str| {
        site.write(
            "content/2024/2024-07-01-html.notes.yaml",
            &format!("notes:\n  - quote: {quote}\n    note: \"A <i>note</i>.\"\n"),
        );
    };
    notes("It is <b>bold");
    site.colloq(&["build"]).success();
    let escaped = site.read("2024-07-01-html/1/index.html");
    assert!(escaped.contains(">&lt;b&gt;</mark>"), "{escaped}");
    assert!(escaped.contains("&lt;/b&gt; and &lt;span"), "{escaped}");
    assert!(escaped.contains("A &lt;i&gt;note&lt;/i&gt;."));
    assert!(!escaped.contains("<b>bold"));

    let config = std::fs::read_to_string(site.root.join("config.yaml")).unwrap();
    site.write("config.yaml", &format!("{config}allow_html: true\n"));
    notes("bold and plain");
    site.colloq(&["build"]).success();
    let markup = site.read("2024-07-01-html/1/index.html");
    assert!(markup.contains("<b><mark"), "{markup}");
    assert!(markup.contains("<span class=\"x\"><mark"), "{markup}");
    assert!(markup.contains("A <i>note</i>."));
    // The transcript of the basic fixture holds a script: now it runs.
    assert!(
        site.read("2024-05-02-briefing/2/index.html")
            .contains("<script>alert(1)</script>")
    );
}
