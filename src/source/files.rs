//! Reading a site's files: walking a folder in a fixed order, and
//! decoding text (UTF-8, with or without a byte-order mark, any line
//! endings), each failure a located diagnostic.

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::SourceFile;
use crate::diagnostic::{Diagnostic, Diagnostics, relative_to};

/// The files under `dir`, sorted by name, hidden and editor files left out.
/// A missing folder has no files.
pub(crate) fn walk_files(dir: &Path, root: &Path, problems: &mut Diagnostics) -> Vec<PathBuf> {
    if !dir.exists() {
        return Vec::new();
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_str().unwrap_or("")));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => files.push(entry.into_path()),
            Ok(_) => {}
            Err(error) => {
                let mut path = error.path().unwrap_or(dir).to_path_buf();
                let (message, help) = if error.loop_ancestor().is_some() {
                    // The loop is found where the walk comes round again;
                    // the link that makes it is the first one on the way.
                    let link = path
                        .ancestors()
                        .filter(|a| a.starts_with(dir))
                        .filter(|a| a.is_symlink())
                        .last()
                        .map(Path::to_path_buf);
                    let target = link.as_deref().and_then(|l| fs::read_link(l).ok());
                    if let Some(link) = link {
                        path = link;
                    }
                    (
                        match target {
                            Some(target) => format!(
                                "symbolic link loop: the link points to `{}`, one of its own parents",
                                target.display()
                            ),
                            None => {
                                "symbolic link loop: the folder links to one of its own parents"
                                    .to_string()
                            }
                        },
                        "remove the link",
                    )
                } else if let Ok(target) = fs::read_link(&path)
                    && !path.exists()
                {
                    (
                        format!(
                            "broken symbolic link: `{}` does not exist",
                            target.display()
                        ),
                        "remove the link or point it at a file that exists",
                    )
                } else {
                    let reason = error
                        .io_error()
                        .map_or_else(|| error.to_string(), std::string::ToString::to_string);
                    (
                        format!("cannot read: {}", io_reason(&reason)),
                        "fix the file's or folder's permissions",
                    )
                };
                problems.push(Diagnostic::new(relative_to(&path, root), message).help(help));
            }
        }
    }
    files
}

/// Hidden files, editor backups and swap files are never content.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// Reads a UTF-8 text file; its path in the result is relative to `root`.
pub(crate) fn read_text(path: &Path, root: &Path) -> Result<SourceFile, Diagnostic> {
    let shown = relative_to(path, root);
    let bytes = fs::read(path).map_err(|error| {
        Diagnostic::new(
            &shown,
            format!("cannot read: {}", io_reason(&error.to_string())),
        )
        .help("check that the file exists and can be read")
    })?;
    let text = decode(bytes, &shown)?;
    Ok(SourceFile { path: shown, text })
}

/// UTF-8 text without a byte-order mark; an error names the first bad byte.
pub fn decode(mut bytes: Vec<u8>, path: &Path) -> Result<String, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        let text = String::from_utf8_lossy(&error.as_bytes()[line_start..])
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        Diagnostic::new(path, "not valid UTF-8 text")
            .at(crate::diagnostic::Span {
                line,
                column,
                width: 1,
                text,
            })
            .label("this byte is not UTF-8")
            .help("save the file as UTF-8 (most editors offer it under \"Save with encoding\")")
    })?;
    Ok(normalize_line_endings(text))
}

/// CRLF and lone CR line endings read as LF; line numbers stay the same.
fn normalize_line_endings(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// The reason of an I/O error without the "(os error N)" tail.
fn io_reason(message: &str) -> &str {
    message.split(" (os error").next().unwrap_or(message)
}

/// A source file that colloq rewrites (a sidecar, from the served pages
/// or `check --fix`): its text, and how its bytes were written, so that
/// the new text is written the same way (byte-order mark, line endings).
#[derive(Debug, Default)]
pub(crate) struct Rewrite {
    pub text: String,
    bom: bool,
    crlf: bool,
}

impl Rewrite {
    /// The file at `path` (shown as `shown`), `None` when there is none.
    pub(crate) fn read(path: &Path, shown: &Path) -> std::io::Result<Option<Rewrite>> {
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let bom = bytes.starts_with(b"\xEF\xBB\xBF");
        let crlf = bytes.windows(2).any(|w| w == b"\r\n");
        let text = decode(bytes, shown)
            .map_err(|d| std::io::Error::new(std::io::ErrorKind::InvalidData, d.message.clone()))?;
        Ok(Some(Rewrite { text, bom, crlf }))
    }

    /// Writes `text` to `path` as the file was written, through a hidden
    /// temporary file beside it and a rename, so that no one ever reads
    /// it half-written.
    pub(crate) fn write(&self, path: &Path, text: &str) -> std::io::Result<()> {
        let mut bytes = Vec::with_capacity(text.len() + 3);
        if self.bom {
            bytes.extend_from_slice(b"\xEF\xBB\xBF");
        }
        if self.crlf {
            bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
        } else {
            bytes.extend_from_slice(text.as_bytes());
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
        let temporary = path.with_file_name(format!(".{name}.colloq-{}", std::process::id()));
        fs::write(&temporary, &bytes)?;
        fs::rename(&temporary, path).inspect_err(|_| {
            let _ = fs::remove_file(&temporary);
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_drops_a_byte_order_mark() {
        let text = decode(b"\xEF\xBB\xBF---\n".to_vec(), Path::new("a.md")).unwrap();
        assert_eq!(text, "---\n");
    }

    #[test]
    fn decode_reads_crlf_and_cr_as_lf() {
        let text = decode(b"a\r\nb\rc\n".to_vec(), Path::new("a.md")).unwrap();
        assert_eq!(text, "a\nb\nc\n");
    }

    #[test]
    fn decode_names_the_line_of_the_bad_byte() {
        let error = decode(b"ok\nbad \xFF here\n".to_vec(), Path::new("a.md")).unwrap_err();
        let span = error.span.clone().unwrap();
        assert_eq!((span.line, span.column), (2, 5));
        assert_eq!(error.message, "not valid UTF-8 text");
    }

    #[test]
    fn editor_files_are_ignored() {
        for name in [".#a.md", "a.md~", ".a.md.swp", "4913", ".DS_Store"] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("2024-03-07-wang-yi.md"));
    }
}
