//! Problems found in a site's input, each pointing at where it happened.
//!
//! Every stage that reads user input reports what is wrong as a
//! [`Diagnostic`]: a message, the file, and where there is one the line and
//! column with the offending line, so it can be shown with a caret the way a
//! compiler does. Stages collect diagnostics rather than stopping at the
//! first, so that one run of `colloq check` lists every problem.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// A place in a source file: 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    /// How many characters the caret covers (at least one).
    pub width: usize,
    /// The whole offending line, as it is in the file.
    pub text: String,
}

impl Span {
    /// The span of `width` characters at `line`:`column` of `source`.
    #[must_use]
    pub fn in_source(source: &str, line: usize, column: usize, width: usize) -> Span {
        let text = source
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .to_string();
        Span {
            line,
            column: column.max(1),
            width: width.max(1),
            text,
        }
    }

    /// The span of the byte range `start..end` of `source`.
    #[must_use]
    pub fn of_bytes(source: &str, start: usize, end: usize) -> Span {
        let start = floor_char_boundary(source, start.min(source.len()));
        let end = floor_char_boundary(source, end.clamp(start, source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line = source[..start].matches('\n').count() + 1;
        let column = source[line_start..start].chars().count() + 1;
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let width = source[start..end.min(line_end)].chars().count();
        Span {
            line,
            column,
            width: width.max(1),
            text: source[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem with the input. Boxed, so that a `Result` carrying one
/// stays small on the happy path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic(Box<Details>);

/// What a [`Diagnostic`] says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Details {
    pub message: String,
    /// The file, relative to the site root where it is inside it.
    pub file: PathBuf,
    pub span: Option<Span>,
    /// What the caret says, next to the offending text.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic(Box::new(Details {
            message: message.into(),
            file: file.into(),
            span: None,
            label: None,
            help: None,
        }))
    }

    #[must_use]
    pub fn at(mut self, span: Span) -> Diagnostic {
        self.0.span = Some(span);
        self
    }

    #[must_use]
    pub fn at_opt(mut self, span: Option<Span>) -> Diagnostic {
        self.0.span = span;
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.0.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.0.help = Some(help.into());
        self
    }

    /// `file:line:column`, or just the file when there is no line.
    #[must_use]
    pub fn location(&self) -> String {
        match &self.span {
            Some(span) => format!("{}:{}:{}", self.file.display(), span.line, span.column),
            None => self.file.display().to_string(),
        }
    }

    /// The diagnostic as text, with the offending line and a caret.
    #[must_use]
    pub fn render(&self) -> String {
        let path = self.file.display().to_string();
        let title = Level::ERROR.primary_title(self.message.as_str());
        let report_group = match &self.span {
            Some(span) => {
                let start: usize = span
                    .text
                    .char_indices()
                    .nth(span.column - 1)
                    .map_or(span.text.len(), |(i, _)| i);
                let end = span.text[start..]
                    .char_indices()
                    .nth(span.width)
                    .map_or(span.text.len(), |(i, _)| start + i);
                let mut annotation = AnnotationKind::Primary.span(start..end);
                if let Some(label) = &self.label {
                    annotation = annotation.label(label.as_str());
                }
                title.element(
                    Snippet::source(span.text.as_str())
                        .line_start(span.line)
                        .path(path.as_str())
                        .annotation(annotation),
                )
            }
            None => title.element(annotate_snippets::Origin::path(path.as_str())),
        };
        let mut report = vec![report_group];
        if let Some(help) = &self.help {
            report.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        Renderer::plain().render(&report).clone()
    }
}

impl std::ops::Deref for Diagnostic {
    type Target = Details;
    fn deref(&self) -> &Details {
        &self.0
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)
    }
}

/// The problems of one run, in the order they were found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    #[must_use]
    pub fn new() -> Diagnostics {
        Diagnostics(Vec::new())
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds `diagnostic` unless the same one is here already: a broken
    /// template fails every page made with it alike, and is reported once.
    pub fn push_unique(&mut self, diagnostic: Diagnostic) {
        if !self.iter().any(|d| d == &diagnostic) {
            self.push(diagnostic);
        }
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sorts by file, then line, so a report reads top to bottom.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let line = |d: &Diagnostic| d.span.as_ref().map_or(0, |s| s.line);
            (&a.file, line(a)).cmp(&(&b.file, line(b)))
        });
    }

    /// `Ok(value)` when nothing was reported, the problems otherwise.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Diagnostics {
        Diagnostics(vec![diagnostic])
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", d.render())?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// The closest of `candidates` to `word`, when it is close enough to be a
/// likely typo.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1) + 1)
        .min()
        .map(|(_, c)| c)
}

/// Shows a path relative to `root` where it is inside it.
pub(crate) fn relative_to(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["title", "date", "subtitle", "answerers"];
        assert_eq!(did_you_mean("titel", &keys), Some("title"));
        assert_eq!(did_you_mean("answerer", &keys), Some("answerers"));
        assert_eq!(did_you_mean("colour", &keys), None);
    }

    #[test]
    fn span_of_bytes_counts_characters() {
        let source = "a: 1\n标题: 王毅\n";
        let start = source.find("王毅").unwrap();
        let span = Span::of_bytes(source, start, start + "王毅".len());
        assert_eq!((span.line, span.column, span.width), (2, 5, 2));
        assert_eq!(span.text, "标题: 王毅");
    }

    #[test]
    fn renders_file_line_and_caret() {
        let d = Diagnostic::new("content/a.md", "unknown key `titel` in front matter")
            .at(Span::in_source("---\ntitel: x\n", 2, 1, 5))
            .label("did you mean `title`?");
        let text = d.render();
        assert!(
            text.contains("error: unknown key `titel` in front matter"),
            "{text}"
        );
        assert!(text.contains("content/a.md:2:1"), "{text}");
        assert!(text.contains("2 | titel: x"), "{text}");
        assert!(text.contains("^^^^^ did you mean `title`?"), "{text}");
    }
}
