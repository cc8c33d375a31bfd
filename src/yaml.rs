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
        let column = line[..line.find(value).unwrap_or(colon + 1)]
            .chars()
            .count()
            + 1;
        Some(Span {
            column,
            width: value.chars().count().max(1),
            ..key_span
        })
    }

    /// Deserializes `T` and reports every problem at once: each unknown
    /// top-level key (with a suggestion) and any syntax or type error.
    pub(crate) fn parse_checked<T: DeserializeOwned>(
        &self,
        known: &[&str],
        what: &str,
    ) -> Result<T, Diagnostics> {
        let (value, problems) = self.parse_keyed(known, what)?;
        problems.into_result(value)
    }

    /// Deserializes `T` and checks its keys: `T` with the unknown keys
    /// found, or every problem when `T` cannot be read.
    pub(crate) fn parse_keyed<T: DeserializeOwned>(
        &self,
        known: &[&str],
        what: &str,
    ) -> Result<(T, Diagnostics), Diagnostics> {
        let parsed = self.parse::<T>(what);
        let mut problems = match (self.check_keys(known, what), &parsed) {
            (Ok(problems), _) => problems,
            // The error of reading `T` says where the syntax breaks.
            (Err(_), Err(_)) => Diagnostics::new(),
            (Err(unreadable), Ok(_)) => return Err(unreadable.into()),
        };
        match parsed {
            Ok(value) => Ok((value, problems)),
            Err(error) => {
                problems.push(error);
                Err(problems)
            }
        }
    }

    /// Reports every top-level key of a mapping that is not in `known`;
    /// fails when the text is not YAML at all, or would expand beyond
    /// reason (aliases of aliases) even where the type read from it
    /// ignores them.
    fn check_keys(&self, known: &[&str], what: &str) -> Result<Diagnostics, Diagnostic> {
        let mut problems = Diagnostics::new();
        let value = serde_yaml::from_str::<serde_yaml::Value>(self.text)
            .map_err(|error| self.error(what, &error))?;
        let serde_yaml::Value::Mapping(mapping) = value else {
            return Ok(problems);
        };
        for key in mapping.keys() {
            let Some(key) = key.as_str() else { continue };
            if known.contains(&key) {
                continue;
            }
            let label = match did_you_mean(key, known) {
                Some(close) => format!("did you mean `{close}`?"),
                None => "not a known key".to_string(),
            };
            problems.push(
                Diagnostic::new(self.file, format!("unknown key `{key}` in {what}"))
                    .at_opt(self.key_span(key))
                    .label(label)
                    .help(format!("the keys of {what} are: {}", known.join(", "))),
            );
        }
        Ok(problems)
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
        let file = Path::new("content/a.md");
        let source = YamlSource {
            text: "title: x\ntitel: y\n",
            file,
            first_line: 2,
        };
        let problems: Vec<_> = source
            .check_keys(&["title", "date"], "front matter")
            .unwrap()
            .into_iter()
            .collect();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "unknown key `titel` in front matter");
        assert_eq!(problems[0].span.as_ref().unwrap().line, 3);
        assert_eq!(problems[0].label.as_deref(), Some("did you mean `title`?"));
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
        let source = YamlSource::whole(&text, Path::new("config.yaml"));
        let error = source.check_keys(&["title"], "config.yaml").unwrap_err();
        assert_eq!(
            error.message,
            "invalid config.yaml: its aliases expand too far"
        );
        assert_eq!(
            error.span.as_ref().map(|s| (s.line, s.column)),
            Some((2, 8))
        );
        assert!(
            source
                .parse_checked::<serde_yaml::Value>(&["title"], "config.yaml")
                .is_err()
        );
    }
}
