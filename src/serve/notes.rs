//! Notes written from the served pages: `<mount>__colloq/notes`, its
//! guard, and the writes to the sidecars.
//!
//! Any web page the editor visits can send requests to a server on their
//! machine, so every request is taken as hostile until shown otherwise:
//! editing is on only on a loopback address; the `Host` header must be
//! the server's own host and port (DNS rebinding sends a foreign one);
//! `Origin`, which browsers send with every write, must be the server's
//! own; every request carries the session's random token in
//! `X-Colloq-Token` (only served pages have it, in
//! `<meta name="colloq-edit">`); a write's body is JSON, sent as
//! `application/json` (which no cross-site form can send, and which needs
//! a CORS preflight this server never grants), and small. Nothing in a
//! request names a file: a transcript is named by its slug (a
//! translation by its language's folder and slug, `en/<slug>`), and its
//! sidecar is the one the site already knows.
//!
//! A write goes through the same stages as a build: the selection becomes
//! a selector (`annotate::selection`), the sidecar's
//! text is edited in place (`annotate::edit`), and the new
//! sidecar is anchored again; only a note that lands on the selected
//! words is written, atomically, and only if neither the sidecar nor the
//! transcript changed on disk since the page was made.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::http::Live;
use crate::annotate::edit::{self, Edited, NoteId};
use crate::annotate::selection::{self, Selection};
use crate::annotate::{AnnotatedTranscript, Note, NoteBody, NoteKind, Sidecar, annotate};
use crate::session::Session;
use crate::source::{Rewrite, SourceFile, sidecar_path};
use crate::transcript::Section;

/// The path of the notes API, under the site's mount point.
pub(crate) const NOTES: &str = "__colloq/notes";

/// The header every request sends the session's token in.
pub(crate) const TOKEN_HEADER: &str = "x-colloq-token";

/// The largest body a request may have.
pub(crate) const MAX_BODY: usize = 64 * 1024;

/// What the server needs to let pages write notes.
pub(crate) struct Editor {
    /// The random token of this session.
    pub token: String,
    /// `Host` values that name this server (`127.0.0.1:1111`, ...).
    pub hosts: Vec<String>,
    /// Who writes, as the form first suggests.
    pub name: Option<String>,
    /// The site's folder.
    pub root: PathBuf,
    /// What the pages were made from.
    pub notebook: RwLock<Arc<Notebook>>,
    /// One write at a time.
    writing: Mutex<()>,
}

impl Editor {
    pub(crate) fn new(root: PathBuf, hosts: Vec<String>, name: Option<String>) -> Editor {
        Editor {
            token: new_token(),
            hosts,
            name,
            root,
            notebook: RwLock::new(Arc::new(Notebook::default())),
            writing: Mutex::new(()),
        }
    }

    /// Records what the last good build made the pages from.
    pub(crate) fn rebuilt(&self, session: &Session) {
        let notebook = Arc::new(Notebook::of(session, &self.notebook()));
        if let Ok(mut current) = self.notebook.write() {
            *current = notebook;
        }
    }

    fn notebook(&self) -> Arc<Notebook> {
        self.notebook.read().map(|n| n.clone()).unwrap_or_default()
    }
}

/// 128 random bits, in hex.
fn new_token() -> String {
    let mut bytes = [0u8; 16];
    // Without the system's randomness there is no safe token: editing
    // must not start.
    getrandom::fill(&mut bytes).expect("the system's random numbers are available");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Each transcript's notes as the pages show them, by slug.
#[derive(Debug, Default)]
pub(crate) struct Notebook {
    transcripts: BTreeMap<String, Sheet>,
}

/// One transcript as its pages were made: the annotated transcript and
/// the revisions of the files it came from.
#[derive(Debug, Clone)]
struct Sheet {
    annotated: Arc<AnnotatedTranscript>,
    /// Relative to the site's folder.
    transcript: PathBuf,
    sidecar: PathBuf,
    transcript_revision: u64,
    /// `None` when there is no sidecar.
    sidecar_revision: Option<u64>,
}

impl Notebook {
    /// The notebook of the session's site. A transcript the rebuild did
    /// not touch (the same in memory) keeps its sheet from `previous`, so
    /// only what changed is hashed again.
    fn of(session: &Session, previous: &Notebook) -> Notebook {
        // Made only if some transcript changed.
        let sources = std::cell::OnceCell::new();
        let source_of = |path: &Path| {
            sources
                .get_or_init(|| {
                    session
                        .source()
                        .transcripts
                        .iter()
                        .map(|t| (t.transcript.path.clone(), t))
                        .collect::<BTreeMap<PathBuf, _>>()
                })
                .get(path)
                .copied()
        };
        let site = session.site();
        // A translation's pages are in its language's folder, and so is
        // the name its notes are asked by (`en/<slug>`).
        let transcripts = std::iter::once(site)
            .chain(&site.editions)
            .flat_map(|edition| &edition.transcripts)
            .filter_map(|listing| {
                let whole = session.whole(listing)?;
                let source = source_of(&listing.path)?;
                let (key, t, file, sidecar) = match &listing.edition {
                    None => (
                        listing.slug.to_string(),
                        whole,
                        &source.transcript,
                        source.sidecar.as_ref(),
                    ),
                    Some(language) => {
                        let t = whole
                            .translations
                            .iter()
                            .find(|t| &t.language == language)?;
                        let tr = source
                            .translations
                            .iter()
                            .find(|t| &t.language == language)?;
                        (
                            format!("{}{}", language.folder(), listing.slug),
                            Arc::clone(&t.whole),
                            &tr.transcript,
                            tr.sidecar.as_ref(),
                        )
                    }
                };
                if let Some(old) = previous.transcripts.get(&key)
                    && Arc::ptr_eq(&old.annotated, &t)
                {
                    return Some((key, old.clone()));
                }
                Some((
                    key,
                    Sheet {
                        annotated: t,
                        sidecar: sidecar_path(&file.path),
                        transcript: file.path.clone(),
                        transcript_revision: edit::hash(&file.text),
                        sidecar_revision: sidecar.map(|s| edit::hash(&s.text)),
                    },
                ))
            })
            .collect();
        Notebook { transcripts }
    }
}

/// A request refused, with the message the form shows.
#[derive(Debug)]
pub(crate) struct Refusal(StatusCode, String);

impl Refusal {
    fn new(status: StatusCode, message: impl Into<String>) -> Refusal {
        Refusal(status, message.into())
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body {
            error: String,
        }
        (self.0, axum::Json(Body { error: self.1 })).into_response()
    }
}

/// Lets a request through only if it comes from one of this server's own
/// pages, or says why not.
fn guard<'e>(live: &'e Live, method: &Method, headers: &HeaderMap) -> Result<&'e Editor, Refusal> {
    let Some(editor) = live.editor.as_ref() else {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "editing notes is off: it is on only with `colloq serve --watch` on a loopback address, without --no-edit",
        ));
    };
    let header = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let host = header(header::HOST).unwrap_or("");
    if !editor.hosts.iter().any(|h| h == host) {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            format!("refused: the request is addressed to host `{host}`, not to this server"),
        ));
    }
    let origin = header(header::ORIGIN);
    let own_origin = |o: &str| {
        editor
            .hosts
            .iter()
            .any(|h| o.strip_prefix("http://") == Some(h.as_str()))
    };
    match origin {
        Some(o) if !own_origin(o) => {
            return Err(Refusal::new(
                StatusCode::FORBIDDEN,
                format!("refused: the request comes from `{o}`, not from this server's pages"),
            ));
        }
        None if method != Method::GET => {
            return Err(Refusal::new(
                StatusCode::FORBIDDEN,
                "refused: a write must say where it comes from (an `Origin` header)",
            ));
        }
        _ => {}
    }
    let token = headers
        .get(TOKEN_HEADER)
        .map(axum::http::HeaderValue::as_bytes)
        .unwrap_or_default();
    if !same_bytes(token, editor.token.as_bytes()) {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "refused: the request does not carry this session's token; reload the page",
        ));
    }
    if method != Method::GET {
        let content_type = header(header::CONTENT_TYPE).unwrap_or("");
        let essence = content_type.split(';').next().unwrap_or("").trim();
        if !essence.eq_ignore_ascii_case("application/json") {
            return Err(Refusal::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "refused: send the request as `Content-Type: application/json`",
            ));
        }
    }
    Ok(editor)
}

/// Compares in time that does not depend on where they differ.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn body<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Refusal> {
    serde_json::from_slice(bytes)
        .map_err(|e| Refusal::new(StatusCode::BAD_REQUEST, format!("refused: {e}")))
}

pub(crate) fn too_large() -> Refusal {
    Refusal::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("refused: a request may be at most {} KB", MAX_BODY / 1024),
    )
}

/// The notes of a transcript's pages, for the page's script.
#[derive(Serialize)]
struct Listing<'a> {
    transcript: &'a str,
    /// The sidecar's revision, sent back with every write.
    revision: String,
    /// The suggested `by:`.
    editor: Option<&'a str>,
    /// Whether the sidecar changed on disk since the pages were made.
    stale: bool,
    notes: Vec<Listed<'a>>,
    detached: Vec<Listed<'a>>,
}

#[derive(Serialize)]
struct Listed<'a> {
    /// Its number on the pages; none for a detached note.
    number: Option<usize>,
    id: String,
    line: usize,
    kind: &'static str,
    quote: &'a str,
    note: Option<&'a str>,
    correction: Option<&'a str>,
    links: &'a [String],
    by: Option<&'a str>,
    date: Option<&'a str>,
    /// For a detached note, the passage most like its quote.
    nearest: Option<Suggestion<'a>>,
}

/// Where a detached note could be anchored again.
#[derive(Serialize)]
struct Suggestion<'a> {
    words: &'a str,
    /// The paragraph, as the page names it (`t7-p2`).
    block: String,
    score: u32,
}

fn revision(value: Option<u64>) -> String {
    value.map_or_else(|| "none".to_string(), |r| format!("{r:016x}"))
}

/// `<mount>__colloq/notes`: `GET ?transcript=SLUG` lists a transcript's
/// notes, `POST` adds one, `PATCH` edits or moves one, `DELETE` takes one
/// out. Every request is guarded first, before its body is read.
pub(crate) async fn notes(State(live): State<Arc<Live>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    if let Err(refusal) = guard(&live, &parts.method, &parts.headers) {
        return refusal.into_response();
    }
    let action = match parts.method {
        Method::GET => return list(&live, parts.uri.query().unwrap_or("")),
        Method::POST => Action::Add,
        Method::PATCH => Action::Edit,
        Method::DELETE => Action::Delete,
        _ => {
            return Refusal::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "refused: use GET, POST, PATCH or DELETE",
            )
            .into_response();
        }
    };
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return too_large().into_response();
    };
    respond(&live, &bytes, action).await
}

/// The transcript a listing asks for (`transcript=SLUG`).
fn wanted(query: &str) -> String {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("transcript="))
        .map(|slug| {
            percent_encoding::percent_decode_str(&slug.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        })
        .unwrap_or_default()
}

fn list(live: &Live, query: &str) -> Response {
    let editor = live.editor.as_ref().expect("guarded");
    let slug = wanted(query);
    let notebook = editor.notebook();
    let Some(sheet) = notebook.transcripts.get(&slug) else {
        return unknown(&slug).into_response();
    };
    let text = read_sidecar(&editor.root, &sheet.sidecar)
        .ok()
        .flatten()
        .map(|f| f.text);
    let stale = text.as_deref().map(edit::hash) != sheet.sidecar_revision;
    let entries = if stale {
        Vec::new()
    } else {
        text.as_deref()
            .map(|t| edit::entries(t).unwrap_or_default())
            .unwrap_or_default()
    };
    let id_at = |line: usize| {
        entries
            .iter()
            .find(|e| e.line == line)
            .map(|e| e.id.to_string())
    };
    let t = &sheet.annotated;
    let listing = Listing {
        transcript: &slug,
        revision: revision(sheet.sidecar_revision),
        editor: editor.name.as_deref(),
        stale,
        notes: t
            .notes
            .iter()
            .filter_map(|n| match &n.body {
                NoteBody::Sidecar(note) => listed(Some(n.number), n.line, id_at(n.line), note),
                NoteBody::Footnote { .. } => None,
            })
            .collect(),
        detached: t
            .detached
            .iter()
            .filter_map(|d| {
                let mut listed = listed(None, d.line, id_at(d.line), &d.note)?;
                listed.nearest = d.nearest.as_ref().map(|n| Suggestion {
                    words: &n.words,
                    block: n.block.id(),
                    score: n.score,
                });
                Some(listed)
            })
            .collect(),
    };
    axum::Json(listing).into_response()
}

fn listed(
    number: Option<usize>,
    line: usize,
    id: Option<String>,
    note: &Note,
) -> Option<Listed<'_>> {
    Some(Listed {
        number,
        id: id?,
        line,
        kind: note.kind.as_str(),
        quote: &note.quote,
        note: note.note.as_deref(),
        correction: note.correction.as_deref(),
        links: &note.links,
        by: note.by.as_deref(),
        date: note.date.as_deref(),
        nearest: None,
    })
}

fn unknown(slug: &str) -> Refusal {
    Refusal::new(
        StatusCode::NOT_FOUND,
        format!("there is no transcript `{slug}` on this site"),
    )
}

/// What a page asks to write. Every field but `transcript` is optional
/// in an edit, which changes only the fields it sends.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WriteRequest {
    transcript: String,
    /// The note to edit or delete.
    id: Option<String>,
    /// The sidecar's revision the page was made from.
    revision: Option<String>,
    /// The selection: new words for a new note or a move.
    exact: Option<String>,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    suffix: String,
    question: Option<Section>,
    block: Option<String>,
    kind: Option<NoteKind>,
    note: Option<String>,
    correction: Option<String>,
    links: Option<Vec<String>>,
    by: Option<String>,
    date: Option<String>,
}

/// Where a note was written.
#[derive(Debug, Serialize)]
pub(crate) struct Written {
    /// The sidecar, relative to the site's folder.
    file: String,
    line: usize,
    /// The note's new id; none once deleted.
    id: Option<String>,
    quote: Option<String>,
    prefix: Option<String>,
    suffix: Option<String>,
    message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Add,
    Edit,
    Delete,
}

async fn respond(live: &Arc<Live>, bytes: &[u8], action: Action) -> Response {
    let request: WriteRequest = match body(bytes) {
        Ok(request) => request,
        Err(refusal) => return refusal.into_response(),
    };
    let live = live.clone();
    let done = tokio::task::spawn_blocking(move || {
        let editor = live.editor.as_ref().expect("guarded");
        write(editor, &request, action)
    })
    .await;
    match done {
        Ok(Ok(written)) => {
            println!("{}", written.message);
            let status = if action == Action::Add {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            (status, axum::Json(written)).into_response()
        }
        Ok(Err(refusal)) => refusal.into_response(),
        Err(_) => {
            Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, "the write stopped").into_response()
        }
    }
}

fn conflict(message: impl Into<String>) -> Refusal {
    Refusal::new(StatusCode::CONFLICT, message)
}

fn unprocessable(message: impl Into<String>) -> Refusal {
    Refusal::new(StatusCode::UNPROCESSABLE_ENTITY, message)
}

/// Does what `request` asks to the sidecar of its transcript.
fn write(editor: &Editor, request: &WriteRequest, action: Action) -> Result<Written, Refusal> {
    let _one = editor
        .writing
        .lock()
        .map_err(|_| conflict("a write failed; try again"))?;
    let notebook = editor.notebook();
    let sheet = notebook
        .transcripts
        .get(&request.transcript)
        .ok_or_else(|| unknown(&request.transcript))?;
    let shown = sheet.sidecar.display().to_string();
    let file = unchanged(editor, sheet, request)?;
    let text = file.as_ref().map(|f| f.text.clone());
    let text = text.unwrap_or_default();
    let t = &sheet.annotated;
    let anchor = match &request.exact {
        Some(exact) => Some(
            selection::derive(
                &t.transcript,
                t.raw_html,
                &Selection {
                    exact: exact.clone(),
                    prefix: request.prefix.clone(),
                    suffix: request.suffix.clone(),
                    question: request.question,
                    block: request.block.clone(),
                },
            )
            .map_err(|e| unprocessable(e.to_string()))?,
        ),
        None if action == Action::Add => {
            return Err(unprocessable("select the words the note is about"));
        }
        None => None,
    };
    let Change { edited, what, note } = change_text(&text, request, action, anchor.as_ref())?;
    verify(sheet, &edited, action, anchor.as_ref())?;
    file.unwrap_or_default()
        .write(&editor.root.join(&sheet.sidecar), &edited.text)
        .map_err(|e| conflict(format!("cannot write {shown}: {e}")))?;
    let id = (action != Action::Delete)
        .then(|| {
            edit::entries(&edited.text)
                .ok()?
                .into_iter()
                .find(|e| e.line == edited.line)
                .map(|e| e.id.to_string())
        })
        .flatten();
    Ok(Written {
        file: shown.clone(),
        line: edited.line,
        id,
        message: format!(
            "note {what}: {shown}:{} — {} on “{}”",
            edited.line,
            note.kind.as_str(),
            note.quote
        ),
        quote: Some(note.quote),
        prefix: note.prefix,
        suffix: note.suffix,
    })
}

/// A sidecar's text changed as a request asks.
struct Change {
    edited: Edited,
    /// What was done, for the terminal: `added`, `moved from “…”`.
    what: String,
    /// The note as it now is (as it was, when deleted).
    note: Note,
}

fn change_text(
    text: &str,
    request: &WriteRequest,
    action: Action,
    anchor: Option<&selection::Anchor>,
) -> Result<Change, Refusal> {
    let old = match (action, &request.id) {
        (Action::Add, _) => None,
        (_, Some(id)) => Some(existing(text, &NoteId::new(id))?),
        (_, None) => return Err(unprocessable("say which note (`id`)")),
    };
    let edit_error = |e: edit::EditError| conflict(e.to_string());
    let Some((id, old)) = old else {
        let mut note = Note::quoting("");
        fill(&mut note, request);
        if let Some(anchor) = anchor {
            anchor.apply(&mut note);
        }
        check_fields(&note)?;
        let edited = edit::add(text, &note).map_err(edit_error)?;
        return Ok(Change {
            edited,
            what: "added".into(),
            note,
        });
    };
    if action == Action::Delete {
        return Ok(Change {
            edited: edit::remove(text, &id).map_err(edit_error)?,
            what: "deleted".into(),
            note: old,
        });
    }
    let mut note = old.clone();
    fill(&mut note, request);
    if let Some(anchor) = anchor {
        anchor.apply(&mut note);
    }
    check_fields(&note)?;
    let what = if anchor.is_some() {
        format!("moved from “{}”", old.quote)
    } else {
        "edited".into()
    };
    Ok(Change {
        edited: edit::update(text, &id, &note, &edit::changed_keys(&old, &note))
            .map_err(edit_error)?,
        what,
        note,
    })
}

/// The sidecar as it is on disk, if neither it nor the transcript
/// changed since the page was made.
fn unchanged(
    editor: &Editor,
    sheet: &Sheet,
    request: &WriteRequest,
) -> Result<Option<Rewrite>, Refusal> {
    let shown = sheet.sidecar.display().to_string();
    if let Some(given) = &request.revision
        && *given != revision(sheet.sidecar_revision)
    {
        return Err(conflict(format!(
            "{shown} changed since this page was made; reload the page (nothing was written)"
        )));
    }
    let file = read_sidecar(&editor.root, &sheet.sidecar)?;
    if file.as_ref().map(|f| edit::hash(&f.text)) != sheet.sidecar_revision {
        return Err(conflict(format!(
            "{shown} changed on disk since this page was made (saved in an editor?); nothing was written, so no work is lost: reload the page and try again"
        )));
    }
    let transcript_text = std::fs::read_to_string(editor.root.join(&sheet.transcript))
        .map_err(|e| conflict(format!("cannot read {}: {e}", sheet.transcript.display())))?;
    if edit::hash(&transcript_text) != sheet.transcript_revision {
        return Err(conflict(format!(
            "{} changed on disk since this page was made; reload the page and select the words again",
            sheet.transcript.display()
        )));
    }
    Ok(file)
}

/// The note `id` of the sidecar's `text`.
fn existing(text: &str, id: &NoteId) -> Result<(NoteId, Note), Refusal> {
    let entries = edit::entries(text).map_err(|e| conflict(e.to_string()))?;
    let index = entries
        .iter()
        .position(|e| &e.id == id)
        .ok_or_else(|| conflict(edit::EditError::NoSuchNote.to_string()))?;
    let file = SourceFile {
        path: "notes.yaml".into(),
        text: text.to_string(),
    };
    let mut sidecar = Sidecar::parse(&file).map_err(|problems| conflict(problems.to_string()))?;
    if sidecar.notes.len() != entries.len() {
        return Err(conflict(edit::EditError::NotAList.to_string()));
    }
    Ok((id.clone(), sidecar.notes.swap_remove(index)))
}

/// The request's fields, set on `note`: an empty string clears a field.
fn fill(note: &mut Note, request: &WriteRequest) {
    let set = |field: &mut Option<String>, value: &Option<String>| {
        if let Some(value) = value {
            let value = value.trim();
            *field = (!value.is_empty()).then(|| value.to_string());
        }
    };
    if let Some(kind) = request.kind {
        note.kind = kind;
    }
    set(&mut note.note, &request.note);
    set(&mut note.correction, &request.correction);
    set(&mut note.by, &request.by);
    set(&mut note.date, &request.date);
    if let Some(links) = &request.links {
        note.links = links
            .iter()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
    }
}

fn check_fields(note: &Note) -> Result<(), Refusal> {
    if let Some(date) = &note.date {
        crate::transcript::parse_day(date).map_err(|reason| {
            unprocessable(format!("the date: {reason}; write it as YYYY-MM-DD"))
        })?;
    }
    if note.kind == NoteKind::Correction && note.correction.is_none() {
        return Err(unprocessable("a correction needs the corrected words"));
    }
    if let Some(link) = note.links.iter().find(|l| !crate::markdown::safe_url(l)) {
        return Err(unprocessable(format!(
            "`{link}` is not a link a page can show (http, https, mailto or a relative address)"
        )));
    }
    Ok(())
}

/// The sidecar as edited must read, and the note must land on its words.
fn verify(
    sheet: &Sheet,
    edited: &Edited,
    action: Action,
    anchor: Option<&selection::Anchor>,
) -> Result<(), Refusal> {
    let file = SourceFile {
        path: sheet.sidecar.clone(),
        text: edited.text.clone(),
    };
    let t = &sheet.annotated;
    let annotated = annotate(t.transcript.clone(), Some(&file), t.raw_html)
        .map_err(|problems| unprocessable(problems.to_string()))?;
    if action == Action::Delete {
        return Ok(());
    }
    if let Some(d) = annotated.detached.iter().find(|d| d.line == edited.line) {
        return Err(unprocessable(d.problem.message.clone()));
    }
    let placed = annotated.notes.iter().find(|n| n.line == edited.line);
    match (placed, anchor) {
        (Some(n), Some(a)) if n.block != a.block => Err(unprocessable(
            "the note would land on other words than those selected; select more words",
        )),
        (None, _) => Err(unprocessable("the note could not be placed")),
        _ => Ok(()),
    }
}

/// The sidecar, `None` when there is no file.
fn read_sidecar(root: &Path, sidecar: &Path) -> Result<Option<Rewrite>, Refusal> {
    Rewrite::read(&root.join(sidecar), sidecar)
        .map_err(|e| conflict(format!("cannot read {}: {e}", sidecar.display())))
}
