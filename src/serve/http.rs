//! The HTTP side of `serve`: the output folder as a website, and the
//! live-reload event stream.
//!
//! Files are served by tower-http's `ServeDir` (percent-decoding, `..` and
//! encoded traversal refused, a folder without its trailing slash
//! redirected, the theme's 404 page for anything missing). Around it:
//! a guard that refuses a path whose symbolic links lead out of the
//! output, `charset=utf-8` on text, and, in every HTML page, the small
//! script that listens to `__colloq/events` (a Server-Sent Events stream)
//! to reload the page or show what went wrong. The script's address is
//! relative to the page, so it works under any sub-path.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{any, get};
use serde::Serialize;
use tokio::sync::{broadcast, watch};
use tokio_stream::wrappers::{BroadcastStream, WatchStream};
use tokio_stream::{Stream, StreamExt};
use tower_http::services::{ServeDir, ServeFile};

use super::notes::{self, Editor, NOTES};

/// The path of the event stream, under the site's mount point.
pub(crate) const EVENTS: &str = "__colloq/events";

/// What the open pages are told.
#[derive(Debug, Clone)]
pub(crate) enum Message {
    /// The site was rebuilt: reload.
    Reload,
    /// The problems changed: show them (or clear them).
    Problems,
    /// The server is stopping: end the stream.
    Shutdown,
}

/// What is wrong with the site now, as the overlay shows it.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Problems {
    /// The last rebuild's failure, rendered with file, line and caret.
    pub error: Option<String>,
    /// Notes shown as detached, one rendered diagnostic each.
    pub detached: Vec<String>,
}

/// The state the server shares with the rebuilds.
pub(crate) struct Live {
    pub messages: broadcast::Sender<Message>,
    /// Set once the server is stopping; a stream opened after that ends
    /// at once.
    pub stopping: watch::Sender<bool>,
    pub problems: RwLock<Problems>,
    /// The output folder.
    pub root: PathBuf,
    /// Where the site is mounted: `/` or `/sub/path/`.
    pub mount: String,
    /// Present when pages may write notes.
    pub editor: Option<Editor>,
}

impl Live {
    pub(crate) fn new(root: PathBuf, mount: String, editor: Option<Editor>) -> Live {
        Live {
            editor,
            messages: broadcast::channel(16).0,
            stopping: watch::channel(false).0,
            problems: RwLock::new(Problems::default()),
            root,
            mount,
        }
    }

    /// Ends every event stream, so the server can stop.
    pub(crate) fn stop(&self) {
        self.stopping.send_replace(true);
        let _ = self.messages.send(Message::Shutdown);
    }

    /// Records the current problems and tells the pages.
    pub(crate) fn set_problems(&self, problems: Problems) {
        self.record(problems);
        let _ = self.messages.send(Message::Problems);
    }

    /// Records the site as rebuilt with `problems` and tells the pages to
    /// reload; each learns the problems as it connects again.
    pub(crate) fn rebuilt(&self, problems: Problems) {
        self.record(problems);
        let _ = self.messages.send(Message::Reload);
    }

    fn record(&self, problems: Problems) {
        if let Ok(mut current) = self.problems.write() {
            *current = problems;
        }
    }

    fn problems_event(&self) -> Event {
        let problems = self.problems.read().map(|p| p.clone()).unwrap_or_default();
        Event::default()
            .event("problems")
            .data(serde_json::to_string(&problems).unwrap_or_else(|_| "{}".into()))
    }
}

/// The server's routes, with `live` as their state.
pub(crate) fn router(live: Arc<Live>) -> Router {
    let files = ServeDir::new(&live.root)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(live.root.join("404.html")));
    let mount = live.mount.clone();
    let site = Router::new()
        .route(&format!("/{EVENTS}"), get(events))
        .route(&format!("/{NOTES}"), any(notes::notes))
        .fallback_service(files)
        .with_state(live.clone());
    let app = if mount == "/" {
        site
    } else {
        let to = mount.clone();
        Router::new()
            .nest(mount.trim_end_matches('/'), site)
            .route("/", get(move || async move { Redirect::temporary(&to) }))
    };
    app.layer(middleware::from_fn_with_state(live, around_files))
}

async fn events(
    State(live): State<Arc<Live>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let first = live.problems_event();
    let stopping = WatchStream::new(live.stopping.subscribe())
        .filter(|stopping| *stopping)
        .map(|_| Ok(Message::Shutdown));
    let later = BroadcastStream::new(live.messages.subscribe())
        .merge(stopping)
        .take_while(|m| !matches!(m, Ok(Message::Shutdown)))
        .filter_map(move |message| match message {
            Ok(Message::Reload) => Some(Event::default().event("reload").data("rebuilt")),
            Ok(Message::Problems) => Some(live.problems_event()),
            _ => None,
        });
    let stream = tokio_stream::once(first).chain(later).map(Ok);
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The guard before the files and the changes after them.
async fn around_files(State(live): State<Arc<Live>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let Some(inside) = path
        .strip_prefix(live.mount.as_str())
        .or_else(|| (path == live.mount.trim_end_matches('/')).then_some(""))
    else {
        return next.run(request).await;
    };
    if inside.starts_with("__colloq/") {
        // The server's own answers, not pages.
        return next.run(request).await;
    }
    if leaves_root(&live.root, inside) {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    let events = format!("{}{EVENTS}", "../".repeat(inside.matches('/').count()));
    let response = next.run(request).await;
    let token = live.editor.as_ref().map(|e| e.token.as_str());
    finish(response, &events, token).await
}

/// Whether the file a path names, once its links are followed, lies
/// outside the output folder.
fn leaves_root(root: &Path, inside: &str) -> bool {
    let Ok(decoded) = percent_encoding::percent_decode_str(inside).decode_utf8() else {
        return false;
    };
    let candidate = root.join(decoded.trim_start_matches('/'));
    match (candidate.canonicalize(), root.canonicalize()) {
        (Ok(target), Ok(root)) => !target.starts_with(root),
        _ => false,
    }
}

/// Adds `charset=utf-8` to text, and the live-reload script to pages. A
/// missing page with no 404 page to show (the first build failed) gets a
/// short one, so the overlay can still say why.
async fn finish(response: Response, events: &str, token: Option<&str>) -> Response {
    let (mut parts, body) = response.into_parts();
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let textual = content_type.starts_with("text/")
        || [
            "application/json",
            "application/javascript",
            "application/xml",
        ]
        .iter()
        .any(|t| content_type.starts_with(t));
    if textual
        && !content_type.contains("charset")
        && let Ok(value) = HeaderValue::from_str(&format!("{content_type}; charset=utf-8"))
    {
        parts.headers.insert(header::CONTENT_TYPE, value);
    }
    let html = content_type.starts_with("text/html");
    let empty_404 = parts.status == StatusCode::NOT_FOUND && !html;
    if !html && !empty_404 {
        return Response::from_parts(parts, body);
    }
    let page = if html {
        match axum::body::to_bytes(body, usize::MAX).await {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(_) => {
                return (StatusCode::INTERNAL_SERVER_ERROR, "cannot read the page").into_response();
            }
        }
    } else {
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head>\
<body><h1>Not found</h1><p>There is no page here (yet).</p></body></html>"
            .to_string()
    };
    let mut script = format!(
        "<script>{}</script>",
        include_str!("live.js").replace("__COLLOQ_EVENTS__", events)
    );
    let mut page = page;
    if let Some(token) = token {
        // The token is in the page only: another site's page cannot read it.
        let meta = format!("<meta name=\"colloq-edit\" content=\"{token}\">");
        page = match page.find("</head>") {
            Some(at) => format!("{}{meta}\n{}", &page[..at], &page[at..]),
            None => meta + &page,
        };
        let api = events.replace(super::http::EVENTS, NOTES);
        script.push_str(&format!(
            "<script>{}</script>",
            include_str!("edit.js").replace("__COLLOQ_NOTES__", &api)
        ));
    }
    let page = match page.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &page[..at], &page[at..]),
        None => page + &script,
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::ETAG);
    parts.headers.remove(header::LAST_MODIFIED);
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, Body::from(page))
}
