//! YAML with errors that point at the file, line and column.
//!
//! Front matter, sidecars, the topic registry, the config and the theme's
//! UI strings are all YAML. This module turns their syntax and type errors,
//! and keys nobody reads, into [`Diagnostic`]s: a typo must never pass
//! silently.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Diagnostics, Span, did_you_mean};

/// YAML text cut out of a larger file (front matter), with the line of
/// the file its first line is on, so that errors point into the file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct YamlSource<'a> {
    pub text: &'a str,
    pub file: &'a Path,
    /// The 1-based line of the file on which `text` starts.
    pub first_line: usize,
}

impl<'a> YamlSource<'a> {
    pub(crate) fn whole(text: &'a str, file: &'a Path) -> YamlSource<'a> {
        YamlSource {
            text,
            file,
            first_line: 1,
        }
    }

    /// Deserializes `T`, reporting a syntax or type error where it is.
    pub(crate) fn parse<T: DeserializeOwned>(&self, what: &str) -> Result<T, Diagnostic> {
        serde_yaml::from_str(self.text).map_err(|error| self.error(what, &error))
    }

    /// A diagnostic for a YAML error, pointed at its place in the file.
    pub(crate) fn error(&self, what: &str, error: &serde_yaml::Error) -> Diagnostic {
        let message = error.to_string();
        let message = plain_message(message.split(" at line ").next().unwrap_or(&message));
        if message.contains("repetition limit exceeded") {
            // Aliases of aliases: the parser stops without a place, so
            // point at the first alias.
            let alias = self
                .text
                .match_indices('*')
                .find(|&(i, _)| i == 0 || b" \t[{,:-".contains(&self.text.as_bytes()[i - 1]));
            return Diagnostic::new(
                self.file,
                format!("invalid {what}: its aliases expand too far"),
            )
            .at_opt(alias.map(|(i, _)| self.span_of_bytes(i, i + 1)))
            .label("an alias (`*name`) repeats its anchor's value")
            .help(format!(
                "aliases of aliases multiply; write the values out in the {what}"
            ));
        }
        // An error found at the end of the text (an unclosed bracket, say)
        // is shown on the last line that has anything on it.
        let span = error.location().map(|at| {
            let content_end = self.text.trim_end().len();
            let index = if at.index() >= content_end && content_end > 0 {
                self.text[..content_end].rfind('\n').map_or(0, |i| i + 1)
            } else {
                at.index()
            };
            self.span_of_bytes(index, index + 1)
        });
        Diagnostic::new(self.file, format!("invalid {what}: {message}"))
            .at_opt(span)
            .help(format!("fix the YAML of the {what}"))
    }

    /// The span of a byte range of `text`, as lines of the whole file.
    pub(crate) fn span_of_bytes(&self, start: usize, end: usize) -> Span {
        let mut span = Span::of_bytes(self.text, start, end);
        span.line += self.first_line - 1;
        span
    }

    /// The span of a top-level `key:`, when it can be found.
    pub(crate) fn key_span(&self, key: &str) -> Option<Span> {
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let bare = line.strip_prefix(key);
            let quoted = line
                .strip_prefix('"')
                .and_then(|l| l.strip_prefix(key))
                .and_then(|l| l.strip_prefix('"'));
            if let Some(rest) = bare.or(quoted)
                && rest.trim_start().starts_with(':')
            {
                let width = line.len() - rest.len();
                return Some(self.span_of_bytes(offset, offset + width));
            }
            offset += line.len();
        }
        None
    }

    /// The span of the value of a top-level `key:`, for errors in values
    /// that YAML itself accepted (a date that does not exist, say).
    pub(crate) fn value_span(&self, key: &str) -> Option<Span> {
        let key_span = self.key_span(key)?;
        let line = key_span.text.as_str();
        let colon = line.find(':')?;
        let value = line[colon + 1..].trim();
        // The value is looked for after the colon: `slug: s` points at
        // the value `s`, not at the `s` of `slug`.
        let start = colon + 1 + line[colon + 1..].find(value).unwrap_or(0);
        let column = line[..start].chars().count() + 1;
        Some(Span {
            column,
            width: value.chars().count().max(1),
            ..key_span
        })
    }

    /// Deserializes `T` and reports every problem at once: each key that
    /// `T` does not read (with a suggestion) and any syntax or type error.
    pub(crate) fn parse_checked<T: DeserializeOwned>(&self, what: &str) -> Result<T, Diagnostics> {
        let (value, problems) = self.parse_keyed(what)?;
        problems.into_result(value)
    }

    /// Deserializes `T` and checks its keys: `T` with a problem for each
    /// key it does not read, or every problem when `T` cannot be read.
    /// Which keys `T` reads comes from `T` itself (`serde_ignored` names
    /// those it skips), so no list of keys is kept by hand.
    pub(crate) fn parse_keyed<T: DeserializeOwned>(
        &self,
        what: &str,
    ) -> Result<(T, Diagnostics), Diagnostics> {
        let mut ignored = Vec::new();
        let parsed: Result<T, _> =
            serde_ignored::deserialize(serde_yaml::Deserializer::from_str(self.text), |path| {
                ignored.push(path.to_string());
            });
        let known = serde_aux::serde_introspection::serde_introspect::<T>();
        let mut problems = Diagnostics::new();
        for path in ignored {
            problems.push(self.unknown_key(&path, known, what));
        }
        match parsed {
            Ok(value) => Ok((value, problems)),
            Err(error) => {
                problems.push(self.error(what, &error));
                Err(problems)
            }
        }
    }

    /// A key nothing reads, at `path` (`titel`, or `a.b` below the top).
    fn unknown_key(&self, path: &str, known: &[&str], what: &str) -> Diagnostic {
        if path.contains('.') {
            return Diagnostic::new(self.file, format!("unknown key `{path}` in {what}")).help(
                format!("remove it, or check its spelling and indentation in the {what}"),
            );
        }
        let label = match did_you_mean(path, known) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "not a known key".to_string(),
        };
        Diagnostic::new(self.file, format!("unknown key `{path}` in {what}"))
            .at_opt(self.key_span(path))
            .label(label)
            .help(format!("the keys of {what} are: {}", known.join(", ")))
    }
}

/// serde's words for a number no type holds, in the author's words.
fn plain_message(message: &str) -> String {
    let huge = message
        .split_once("invalid type: integer `")
        .and_then(|(path, rest)| Some((path, rest.split_once("` as u128")?.0)));
    match huge {
        Some((path, number)) => format!("{path}the number `{number}` is too large"),
        None => message.replace("JSON number out of range", "the number is too large"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_point_into_the_file() {
        let file = Path::new("content/a.md");
        let source = YamlSource {
            text: "title: x\ndate: [\n",
            file,
            first_line: 2,
        };
        let error = source
            .parse::<serde_yaml::Value>("front matter")
            .unwrap_err();
        let span = error.span.clone().unwrap();
        assert!(span.line >= 3, "{span:?}");
        assert!(error.message.starts_with("invalid front matter"));
    }

    #[test]
    fn unknown_keys_are_named_with_their_line() {
        #[derive(serde::Deserialize)]
        #[allow(dead_code, reason = "only its keys are read")]
        struct FrontMatter {
            title: String,
            date: Option<String>,
        }
        let file = Path::new("content/a.md");
        let source = YamlSource {
            text: "title: x\ntitel: y\n",
            file,
            first_line: 2,
        };
        let (_, problems) = source.parse_keyed::<FrontMatter>("front matter").unwrap();
        let problems: Vec<_> = problems.into_iter().collect();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "unknown key `titel` in front matter");
        assert_eq!(problems[0].span.as_ref().unwrap().line, 3);
        assert_eq!(problems[0].label.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn a_short_value_is_pointed_at_not_its_key() {
        let source = YamlSource::whole("title: t\nslug: s\n", Path::new("a.md"));
        let span = source.value_span("slug").unwrap();
        assert_eq!((span.line, span.column, span.width), (2, 7, 1));
        let source = YamlSource::whole("date: 2024-02-30\n", Path::new("a.md"));
        let span = source.value_span("date").unwrap();
        assert_eq!((span.column, span.width), (7, 10));
    }

    #[test]
    fn a_number_too_large_is_named() {
        let source = YamlSource::whole(
            "questions:\n  99999999999999999999999: {}\n",
            Path::new("a.notes.yaml"),
        );
        let error = source.parse::<serde_yaml::Value>("notes file").unwrap_err();
        assert_eq!(
            error.message,
            "invalid notes file: questions: the number `99999999999999999999999` is too large"
        );
    }

    #[test]
    fn aliases_that_expand_exponentially_are_refused() {
        let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip("abcdefgh".chars())
        {
            let items = vec![format!("*{previous}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{items}]\n"));
        }
        // Read into a type that keeps every value: refused, at the first
        // alias.
        let source = YamlSource::whole(&text, Path::new("config.yaml"));
        let problems = source
            .parse_checked::<serde_yaml::Value>("config.yaml")
            .unwrap_err();
        let error = problems.iter().last().unwrap();
        assert_eq!(
            error.message,
            "invalid config.yaml: its aliases expand too far"
        );
        assert_eq!(
            error.span.as_ref().map(|s| (s.line, s.column)),
            Some((2, 8))
        );
        // Under keys nothing reads, they are skipped, never expanded: each
        // is reported as unknown, and the missing title.
        let problems = source
            .parse_checked::<crate::config::Config>("config.yaml")
            .unwrap_err();
        let messages: Vec<_> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 10, "{messages:?}");
        assert_eq!(messages[0], "unknown key `a` in config.yaml");
        assert_eq!(messages[9], "invalid config.yaml: missing field `title`");
    }
}
