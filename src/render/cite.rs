//! How to cite a question: as plain text, biblatex and CSL-JSON, made
//! from the transcript's front matter and the question's title.
//!
//! The speaker cited is whoever answers (the transcript's answerers); the
//! question's asker is named in a note. A person's name in a Latin script
//! is split into family and given names (`Robert A. Long` → `Long`,
//! `Robert A.`), so reference managers sort and abbreviate it; any other
//! name (王毅, `The Spokesperson`, `SPOKESPERSON`) is kept whole. The
//! BibTeX is biblatex's `@online` entry (`date`, `url`, `urldate`). The
//! date a reader accessed the page is theirs: the theme's `cite.js` adds
//! it to all three when the page opens, and without a script the
//! citation leaves it out rather than showing a blank. The address is the
//! page's published one, so it is given only for a site with a
//! `base_url`.

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
            .map(|label| speaker_name(&t.transcript.meta, label))
            .collect(),
        asker: question
            .asker()
            .map(|label| speaker_name(&t.transcript.meta, label)),
        title: question.title(),
        number: question.number(),
        key: bibtex_key(t.transcript.slug.as_str(), question.number()),
        date: meta.date.to_string(),
        meta,
        url,
        translator: meta
            .translator
            .as_deref()
            .filter(|_| question.question.turns.iter().any(|t| !t.untranslated)),
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
    /// Who translated the question, when it is a translation's and not
    /// left untranslated.
    translator: Option<&'a str>,
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
        if let Some(translator) = self.translator {
            text.push_str(&format!(". Translated by {translator}"));
        }
        if let Some(source) = &meta.source {
            text.push_str(&format!(". {source}"));
        }
        if let Some(url) = self.url {
            text.push_str(&format!(". {url}"));
        }
        text.push('.');
        text
    }

    /// A biblatex `@online` entry.
    fn bibtex(&self) -> String {
        let meta = self.meta;
        let authors: Vec<String> = self
            .speakers
            .iter()
            .map(|name| match Name::of(name) {
                Name::Person { family, given } => {
                    format!("{}, {}", bibtex_escape(family), bibtex_escape(given))
                }
                // Braces keep a name that is not a person's whole.
                Name::Literal(name) => format!("{{{}}}", bibtex_escape(name)),
            })
            .collect();
        let mut within = meta.title.clone();
        if let Some(event) = &meta.event {
            within.push_str(&format!(", {event}"));
        }
        let mut note = format!("In: {within}");
        if let Some(asker) = self.asker {
            note.push_str(&format!(". Question {}, asked by {asker}", self.number));
        }
        let mut fields = vec![
            ("title", bibtex_escape(self.title)),
            ("date", self.date.clone()),
        ];
        if let Some(source) = &meta.source {
            fields.push(("organization", bibtex_escape(source)));
        }
        if let Some(translator) = self.translator {
            fields.push(("translator", format!("{{{}}}", bibtex_escape(translator))));
        }
        if let Some(url) = self.url {
            fields.push(("url", url.to_string()));
        }
        fields.push(("note", bibtex_escape(&note)));
        let mut bibtex = format!("@online{{{},\n", self.key);
        if !authors.is_empty() {
            bibtex.push_str(&format!("  author = {{{}}},\n", authors.join(" and ")));
        }
        for (name, value) in fields {
            bibtex.push_str(&format!("  {name} = {{{value}}},\n"));
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
        let authors: Vec<serde_json::Value> = self
            .speakers
            .iter()
            .map(|name| match Name::of(name) {
                Name::Person { family, given } => json!({ "family": family, "given": given }),
                Name::Literal(name) => json!({ "literal": name }),
            })
            .collect();
        let mut csl = json!({
            "id": self.key,
            "type": "speech",
            "title": self.title,
            "author": authors,
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
        if let Some(translator) = self.translator {
            csl["translator"] = json!([{ "literal": translator }]);
        }
        serde_json::to_string(&json!([csl])).expect("a citation serializes")
    }
}

/// A speaker's name as reference managers want it.
#[derive(Debug, PartialEq, Eq)]
enum Name<'a> {
    /// A person's name in a Latin script: the last word is the family
    /// name (`Robert A. Long`).
    Person { family: &'a str, given: &'a str },
    /// Any other name, kept as it is: one word (`SPOKESPERSON`), a role
    /// (`The Spokesperson`), or a name in another script (王毅).
    Literal(&'a str),
}

impl<'a> Name<'a> {
    fn of(name: &'a str) -> Name<'a> {
        let name = name.trim();
        let words: Vec<&str> = name.split_whitespace().collect();
        let latin = name
            .chars()
            .all(|c| c.is_ascii() || ('\u{c0}'..='\u{24f}').contains(&c));
        let capitalized = words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
        let all_caps = !name.chars().any(char::is_lowercase);
        let role = matches!(words.first(), Some(&("The" | "the")));
        match (words.as_slice(), latin && capitalized && !all_caps && !role) {
            ([.., last], true) if words.len() > 1 => {
                let given = name[..name.len() - last.len()].trim_end();
                Name::Person {
                    family: last,
                    given,
                }
            }
            _ => Name::Literal(name),
        }
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
    fn names_in_a_latin_script_are_split_others_kept_whole() {
        assert_eq!(
            Name::of("Robert A. Long"),
            Name::Person {
                family: "Long",
                given: "Robert A."
            }
        );
        assert_eq!(
            Name::of("José Martínez"),
            Name::Person {
                family: "Martínez",
                given: "José"
            }
        );
        for whole in [
            "王毅",
            "The Spokesperson",
            "SPOKESPERSON",
            "MR. MILLER",
            "Madonna",
        ] {
            assert_eq!(Name::of(whole), Name::Literal(whole), "{whole}");
        }
    }

    #[test]
    fn braces_are_escaped() {
        assert_eq!(bibtex_escape("a{b}\\"), "a\\{b\\}\\textbackslash{}");
    }
}
