//! How to cite a question: as plain text, BibTeX and CSL-JSON, made from
//! the transcript's front matter and the question's title.
//!
//! The speaker cited is whoever answers (the transcript's answerers); the
//! question's asker is named in a note. The date accessed is left to the
//! reader: the plain text ends with an empty "accessed" and BibTeX has an
//! empty `urldate`. The address is the page's published one, so it is
//! given only for a site with a `base_url`.

use serde::Serialize;
use serde_json::json;

use crate::annotate::{AnnotatedQuestion, AnnotatedTranscript};
use crate::site::speaker_name;
use crate::transcript::FrontMatter;

/// A question's citation in the three forms the page offers.
#[derive(Debug, Serialize)]
pub(crate) struct Citation {
    pub text: String,
    pub bibtex: String,
    pub csl: String,
}

/// The citation of `question` of `t`, published at `url` when the site
/// has an address.
pub(crate) fn citation(
    t: &AnnotatedTranscript,
    question: AnnotatedQuestion<'_>,
    url: Option<&str>,
) -> Citation {
    let meta = &t.transcript.meta;
    let cited = Cited {
        speakers: meta
            .answerers
            .iter()
            .map(|label| speaker_name(t, label))
            .collect(),
        asker: question.asker().map(|label| speaker_name(t, label)),
        title: question.title(),
        number: question.number(),
        key: bibtex_key(t.transcript.slug.as_str(), question.number()),
        date: meta.date.to_string(),
        meta,
        url,
    };
    Citation {
        text: cited.text(),
        bibtex: cited.bibtex(),
        csl: cited.csl(),
    }
}

/// What a citation of a question says, in whichever style.
struct Cited<'a> {
    /// Who answered: the speakers cited as authors.
    speakers: Vec<&'a str>,
    asker: Option<&'a str>,
    title: &'a str,
    number: usize,
    key: String,
    date: String,
    meta: &'a FrontMatter,
    url: Option<&'a str>,
}

impl Cited<'_> {
    fn text(&self) -> String {
        let meta = self.meta;
        let mut text = String::new();
        if !self.speakers.is_empty() {
            text.push_str(&format!("{}. ", self.speakers.join(", ")));
        }
        text.push_str(&format!("“{}.” {}", self.title, meta.title));
        if let Some(event) = &meta.event {
            text.push_str(&format!(", {event}"));
        }
        text.push_str(&format!(", {}", self.date));
        if let Some(source) = &meta.source {
            text.push_str(&format!(". {source}"));
        }
        if let Some(url) = self.url {
            text.push_str(&format!(". {url}"));
        }
        text.push_str(". Accessed ____.");
        text
    }

    fn bibtex(&self) -> String {
        let meta = self.meta;
        let mut fields = vec![
            ("author", self.speakers.join(" and ")),
            ("title", self.title.to_string()),
            ("booktitle", meta.title.clone()),
        ];
        if let Some(event) = &meta.event {
            fields.push(("eventtitle", event.clone()));
        }
        fields.push(("date", self.date.clone()));
        if let Some(source) = &meta.source {
            fields.push(("publisher", source.clone()));
        }
        if let Some(url) = self.url {
            fields.push(("url", url.to_string()));
        }
        fields.push(("urldate", String::new()));
        if let Some(asker) = self.asker {
            fields.push((
                "note",
                format!("Question {}, asked by {asker}", self.number),
            ));
        }
        let mut bibtex = format!("@misc{{{},\n", self.key);
        for (name, value) in fields
            .iter()
            .filter(|(n, v)| !v.is_empty() || *n == "urldate")
        {
            bibtex.push_str(&format!("  {name} = {{{}}},\n", bibtex_escape(value)));
        }
        bibtex.push('}');
        bibtex
    }

    fn csl(&self) -> String {
        let meta = self.meta;
        let parts: Vec<i64> = self
            .date
            .split('-')
            .filter_map(|p| p.parse().ok())
            .collect();
        let mut csl = json!({
            "id": self.key,
            "type": "speech",
            "title": self.title,
            "author": self.speakers.iter().map(|s| json!({ "literal": s })).collect::<Vec<_>>(),
            "container-title": meta.title,
            "issued": { "date-parts": [parts] },
            "genre": "transcript",
        });
        let fill = |csl: &mut serde_json::Value, key: &str, value: Option<&str>| {
            if let Some(value) = value {
                csl[key] = json!(value);
            }
        };
        fill(&mut csl, "event-title", meta.event.as_deref());
        fill(&mut csl, "publisher", meta.source.as_deref());
        fill(&mut csl, "URL", self.url);
        fill(&mut csl, "language", meta.language.as_deref());
        serde_json::to_string_pretty(&json!([csl])).expect("a citation serializes")
    }
}

/// A BibTeX key of letters, digits and dashes.
fn bibtex_key(slug: &str, number: usize) -> String {
    let ascii: String = slug
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let ascii = ascii.trim_matches('-');
    if ascii.is_empty() {
        format!("question-{number}")
    } else {
        format!("{ascii}-q{number}")
    }
}

fn bibtex_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_ascii() {
        assert_eq!(bibtex_key("2024-03-07-wang-yi", 3), "2024-03-07-wang-yi-q3");
        assert_eq!(bibtex_key("中美", 2), "question-2");
    }

    #[test]
    fn braces_are_escaped() {
        assert_eq!(bibtex_escape("a{b}\\"), "a\\{b\\}\\textbackslash{}");
    }
}
