//! A running `colloq serve --watch` for the tests: started on an
//! ephemeral port over a copy of a fixture site, read over HTTP and its
//! live-reload event stream, stopped with Ctrl-C.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{Response, Site, get, try_get};

/// A running `colloq serve`, stopped with Ctrl-C when dropped.
pub(crate) struct Server {
    pub(crate) child: Child,
    /// `127.0.0.1:port`.
    pub(crate) address: String,
    /// The path the site is served under, `/` or `/sub/`.
    pub(crate) mount: String,
    pub(crate) output: tempfile::TempDir,
    /// What the server prints, line by line.
    pub(crate) lines: mpsc::Receiver<String>,
}

impl Server {
    pub(crate) fn start(site: &Site, extra: &[&str]) -> Server {
        let output = tempfile::tempdir().unwrap();
        let out = output.path().join("site");
        let mut args = vec![
            "serve",
            "--watch",
            "--port",
            "0",
            "--output",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let mut child = Command::new(env!("CARGO_BIN_EXE_colloq"))
            .args(&args)
            .current_dir(&site.root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("colloq serve starts");
        let (send, lines) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let send = send.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = send.send(line);
                }
            });
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let Ok(line) = lines.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            else {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the server did not say where it serves");
            };
            if let Some(url) = line.strip_prefix("serving http://") {
                let url = url.split(',').next().unwrap();
                let slash = url.find('/').unwrap();
                return Server {
                    address: url[..slash].to_string(),
                    mount: url[slash..].to_string(),
                    child,
                    output,
                    lines,
                };
            }
        }
    }

    pub(crate) fn get(&self, path: &str) -> Response {
        get(&self.address, &format!("{}{path}", self.mount))
    }

    /// Waits until the page at `path` satisfies `ok`, and returns it.
    pub(crate) fn wait_for(
        &self,
        path: &str,
        what: &str,
        ok: impl Fn(&Response) -> bool,
    ) -> Response {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            // While it rebuilds, the server once closed a connection
            // without answering (seen once, under CI's load, when a
            // transcript was added); a poll asks again, and says so.
            let Some(response) = try_get(&self.address, &format!("{}{path}", self.mount)) else {
                eprintln!("GET {path}: no response; asking again");
                assert!(Instant::now() < deadline, "{path} never answered");
                std::thread::sleep(Duration::from_millis(50));
                continue;
            };
            if ok(&response) {
                return response;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never {what}; last:\n{}\nserver said:\n{}",
                response.body,
                self.said()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the server prints a line containing `wanted`, and
    /// returns what it printed up to that line (a line printed before a
    /// response may reach the test after it).
    pub(crate) fn wait_said(&self, wanted: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut said = String::new();
        loop {
            let Ok(line) = self
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            else {
                panic!("the server never said {wanted:?}; it said:\n{said}");
            };
            said.push_str(&line);
            said.push('\n');
            if line.contains(wanted) {
                return said;
            }
        }
    }

    /// What the server printed so far.
    pub(crate) fn said(&self) -> String {
        self.lines.try_iter().collect::<Vec<_>>().join("\n")
    }

    pub(crate) fn events(&self) -> Events {
        Events::open(&self.address, &format!("{}__colloq/events", self.mount))
    }

    pub(crate) fn interrupt(&mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "Ctrl-C did not stop the server");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The live-reload stream, read event by event.
pub(crate) struct Events {
    lines: mpsc::Receiver<String>,
}

impl Events {
    pub(crate) fn open(address: &str, path: &str) -> Events {
        let mut stream = TcpStream::connect(address).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Events { lines }
    }

    /// The data of the next event named `name`, skipping others.
    pub(crate) fn next(&self, name: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut current = String::new();
        loop {
            let line = self
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| panic!("no `{name}` event"));
            if let Some(event) = line.strip_prefix("event: ") {
                current = event.to_string();
            } else if let Some(data) = line.strip_prefix("data: ").or(line.strip_prefix("data:"))
                && current == name
            {
                return data.to_string();
            }
        }
    }
}
