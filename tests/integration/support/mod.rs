//! Running the binary on fixtures, and reading what it wrote.

mod server;
pub(crate) use server::Server;

use std::fs;
use std::io::{Read, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

/// The repository's root, where the example site is.
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// A copy of a fixture in a temporary folder, so a build writes nothing
/// into the repository.
pub(crate) struct Site {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl Site {
    pub(crate) fn copy_of(name: &str) -> Site {
        Site::copy_from(&fixture(name))
    }

    pub(crate) fn copy_from(source: &Path) -> Site {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().join("site-root");
        copy_dir(source, &root);
        Site { _dir: dir, root }
    }

    /// A copy of a fixture, built.
    pub(crate) fn built(name: &str) -> Site {
        let site = Site::copy_of(name);
        site.colloq(&["build"]).success();
        site
    }

    pub(crate) fn colloq(&self, args: &[&str]) -> Run {
        colloq_in(&self.root, args)
    }

    pub(crate) fn output(&self) -> PathBuf {
        self.root.join("site")
    }

    pub(crate) fn read(&self, page: &str) -> String {
        fs::read_to_string(self.output().join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
    }

    pub(crate) fn write(&self, file: &str, text: &str) {
        let path = self.root.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// What a run of the binary printed and how it ended.
pub(crate) struct Run {
    pub output: Output,
}

impl Run {
    pub(crate) fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub(crate) fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    #[track_caller]
    pub(crate) fn success(&self) -> &Run {
        assert!(
            self.output.status.success(),
            "colloq failed:\n{}\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    #[track_caller]
    pub(crate) fn failure(&self) -> &Run {
        assert_eq!(
            self.output.status.code(),
            Some(1),
            "expected exit code 1:\n{}\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
}

/// The most a run of [`Site::colloq_bounded`] may take.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bounds {
    pub seconds: u64,
    pub megabytes: u64,
}

impl Site {
    /// Runs colloq, failing the test if it takes longer or holds more
    /// memory than `bounds` (its peak resident set, sampled as it runs),
    /// or if it panics.
    #[track_caller]
    pub(crate) fn colloq_bounded(&self, args: &[&str], bounds: Bounds) -> Run {
        let dir = tempfile::tempdir().unwrap();
        let (out, err) = (dir.path().join("stdout"), dir.path().join("stderr"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_colloq"))
            .args(args)
            .current_dir(&self.root)
            .stdout(fs::File::create(&out).unwrap())
            .stderr(fs::File::create(&err).unwrap())
            .spawn()
            .expect("the colloq binary runs");
        let started = std::time::Instant::now();
        let mut peak_kb = 0u64;
        let status = loop {
            if let Some(kb) = memory_kb(child.id(), "VmHWM") {
                peak_kb = peak_kb.max(kb);
            }
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            let over_time = started.elapsed() > Duration::from_secs(bounds.seconds);
            let over_memory = peak_kb > bounds.megabytes * 1024;
            if over_time || over_memory {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "colloq {args:?} went past {bounds:?}: {:.1} s, {} MB",
                    started.elapsed().as_secs_f64(),
                    peak_kb / 1024
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let run = Run {
            output: Output {
                status,
                stdout: fs::read(&out).unwrap(),
                stderr: fs::read(&err).unwrap(),
            },
        };
        assert!(
            !run.stderr().contains("panicked") && status.code() != Some(101),
            "colloq {args:?} panicked:\n{}",
            run.stderr()
        );
        run
    }
}

/// A memory figure of a running process, in kB, from `/proc/<pid>/status`
/// (`VmRSS` now, `VmHWM` its peak); `None` once it has ended.
pub(crate) fn memory_kb(pid: u32, field: &str) -> Option<u64> {
    fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))?
        .trim()
        .trim_end_matches(" kB")
        .parse()
        .ok()
}

pub(crate) fn colloq_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_colloq"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the colloq binary runs");
    Run { output }
}

/// Every file under `dir`, with its bytes, sorted by path.
pub(crate) fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

pub(crate) use colloq::hooks::html_text as visible_text;

/// `html` without the notes colloq inserts into a paragraph (a
/// correction's new words, the note's number, toggle and text), so that
/// what is left is the transcript's own text.
pub(crate) fn without_notes(html: &str) -> String {
    let mut out = html.to_string();
    for (open, tag) in [
        ("<span class=\"sidenote", "span"),
        ("<ins class=\"note-correction\"", "ins"),
        ("<label class=\"note-ref", "label"),
        ("<input type=\"checkbox\" class=\"note-show\"", ""),
    ] {
        out = strip_elements(&out, open, tag);
    }
    out
}

/// `html` without every element that starts with `open`, up to its
/// matching `</tag>` (or its own `>` when `tag` is empty: a void element).
fn strip_elements(html: &str, open: &str, tag: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        if tag.is_empty() {
            rest = &after[after.find('>').expect("a closed tag") + 1..];
            continue;
        }
        let (opening, closing) = (format!("<{tag} "), format!("</{tag}>"));
        let mut depth = 0usize;
        let mut at = 0;
        loop {
            let next_open = after[at..].find(&opening).map(|i| i + at);
            let next_close = after[at..]
                .find(&closing)
                .map(|i| i + at)
                .expect("a closing tag");
            match next_open {
                Some(o) if o < next_close => {
                    depth += 1;
                    at = o + opening.len();
                }
                _ => {
                    depth -= 1;
                    at = next_close + closing.len();
                    if depth == 0 {
                        break;
                    }
                }
            }
        }
        rest = &after[at..];
    }
    out.push_str(rest);
    out
}

/// The `<main>` element of a page.
pub(crate) fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("a </main>") + "</main>".len();
    &html[start..end]
}

/// A plain static file server for a built site, mounted under `mount`
/// (`/` or `/sub/`): what a static host such as GitHub Pages does, and
/// nothing more. It runs until the test process ends.
pub(crate) struct StaticServer {
    pub address: String,
}

impl StaticServer {
    pub(crate) fn start(dir: &Path, mount: &str) -> StaticServer {
        use std::io::{BufRead, BufReader, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let (dir, mount) = (dir.to_path_buf(), mount.to_string());
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let (dir, mount) = (dir.clone(), mount.clone());
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(&stream);
                    let mut line = String::new();
                    if reader.read_line(&mut line).is_err() {
                        return;
                    }
                    // Skip the headers.
                    let mut header = String::new();
                    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                        header.clear();
                    }
                    let target = line.split(' ').nth(1).unwrap_or("/");
                    let path = target.split(['?', '#']).next().unwrap_or("");
                    let file = path.strip_prefix(&mount).map(|rest| {
                        let rest = percent_encoding::percent_decode_str(rest)
                            .decode_utf8_lossy()
                            .into_owned();
                        let mut file = dir.join(&rest);
                        if rest.is_empty() || rest.ends_with('/') {
                            file = file.join("index.html");
                        }
                        file
                    });
                    let found = file
                        .filter(|_| !path.contains(".."))
                        .and_then(|f| fs::read(&f).ok().map(|bytes| (f, bytes)));
                    let (status, kind, body) = match found {
                        Some((f, bytes)) => ("200 OK", content_type(&f), bytes),
                        None => (
                            "404 Not Found",
                            "text/html; charset=utf-8",
                            fs::read(dir.join("404.html")).unwrap_or_default(),
                        ),
                    };
                    let mut stream = &stream;
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = stream.write_all(&body);
                });
            }
        });
        StaticServer { address }
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "xhtml" => "application/xhtml+xml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// An HTTP response, read whole.
pub(crate) struct Response {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

impl Response {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// A GET of `path` as it is written (no normalization), over HTTP/1.1.
pub(crate) fn get(address: &str, path: &str) -> Response {
    try_get(address, path)
        .unwrap_or_else(|| panic!("GET {path}: the connection closed with no response"))
}

/// A GET of `path`, or `None` when the connection closed before any
/// response came.
pub(crate) fn try_get(address: &str, path: &str) -> Option<Response> {
    let host = format!("Host: {address}");
    try_request(address, "GET", path, &[host.as_str()], b"")
}

/// A request as a browser or an attacker would send it: `head` holds
/// every header line (`Host` included, or left out), `body` the bytes.
pub(crate) fn request(
    address: &str,
    method: &str,
    path: &str,
    head: &[&str],
    body: &[u8],
) -> Response {
    try_request(address, method, path, head, body)
        .unwrap_or_else(|| panic!("{method} {path}: the connection closed with no response"))
}

fn try_request(
    address: &str,
    method: &str,
    path: &str,
    head: &[&str],
    body: &[u8],
) -> Option<Response> {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut message = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    for line in head {
        message.push_str(line);
        message.push_str("\r\n");
    }
    if !body.is_empty() {
        message.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    message.push_str("\r\n");
    stream.write_all(message.as_bytes()).unwrap();
    // The server may refuse before reading all of a large body.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1)?.parse().unwrap();
    Some(Response {
        status,
        headers: head.to_string(),
        body: body.to_string(),
    })
}
