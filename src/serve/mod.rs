//! `colloq serve`: builds the site, serves it, and with `--watch` rebuilds
//! what an edit touches and reloads the open pages.
//!
//! Three parts meet here: a [`Session`] that keeps the site built (on its
//! own thread, one rebuild at a time), a [`watch::Watcher`] that turns
//! edits into batches of changes, and the HTTP server in [`http`]. A failed
//! rebuild keeps the last good site served and shows the error in the
//! terminal and over the open pages; notes that cannot be placed do not
//! stop a rebuild, they are shown as detached. A rebuild that leaves the
//! search index stale has it made again on a thread of its own, so the
//! next edit does not wait for it.

pub(crate) mod http;
pub(crate) mod notes;
pub(crate) mod watch;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::mpsc;

use crate::error::Error;
use crate::session::{Change, Rebuild, RefreshedSearch, Session};
use crate::{Diagnostic, Options};
use http::{Live, Problems};
use notes::Editor;

/// What the rebuild thread is told.
pub(crate) enum Event {
    /// A batch of changes to the site's files.
    Changes(Vec<Change>),
    /// The search index made again from a snapshot of the site, or
    /// `None` when the site changed before it was begun.
    Search(Option<RefreshedSearch>),
    /// The server is stopping.
    Stop,
}

/// Whether the served pages may write notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Editing {
    On,
    /// Asked for, but the server can be reached from other machines.
    NotLoopback,
    /// Not asked for (no --watch, or --no-edit).
    Off,
}

fn editing(options: &ServeOptions, address: SocketAddr) -> Editing {
    if !options.watch || !options.edit {
        Editing::Off
    } else if address.ip().is_loopback() {
        Editing::On
    } else {
        Editing::NotLoopback
    }
}

/// The `Host` values that name this server.
fn own_hosts(address: SocketAddr) -> Vec<String> {
    let port = address.port();
    let mut hosts = vec![address.to_string(), format!("localhost:{port}")];
    if address.ip().is_ipv4() {
        hosts.push(format!("[::1]:{port}"));
    }
    hosts.dedup();
    hosts
}

/// Who writes the notes: config.yaml's `editor:`, else git's `user.name`.
fn editor_name(root: &std::path::Path) -> Option<String> {
    if let Some(name) = crate::source::load_config(root).ok().and_then(|c| c.editor) {
        return Some(name);
    }
    let output = std::process::Command::new("git")
        .args(["config", "user.name"])
        .current_dir(root)
        .output()
        .ok()?;
    let name = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (output.status.success() && !name.is_empty()).then_some(name)
}

/// What `serve` is asked to do.
#[derive(Debug, Clone)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "each is its own command-line switch"
)]
pub struct ServeOptions {
    /// The site, and where to write it: `output` is used when given,
    /// else a temporary folder removed on exit.
    pub site: Options,
    pub output_given: bool,
    pub bind: IpAddr,
    pub port: u16,
    pub watch: bool,
    /// Open the site in the default browser.
    pub open: bool,
    /// Let the served pages add and edit notes (with `watch`, on a
    /// loopback address only).
    pub edit: bool,
}

/// Serves the site until Ctrl-C.
pub fn run(options: ServeOptions) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::serve("cannot start the server", e))?;
    runtime.block_on(serve(options))
}

async fn serve(mut options: ServeOptions) -> Result<(), Error> {
    let wanted = SocketAddr::new(options.bind, options.port);
    let listener = tokio::net::TcpListener::bind(wanted)
        .await
        .map_err(|e| Error::serve(format!("cannot listen on {wanted}"), e))?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::serve(format!("cannot listen on {wanted}"), e))?;
    let mount = mount_path(&options.site);
    let url = format!("http://{address}{mount}");
    options.site.base_url = Some(url.clone());
    options.site.show_detached = true;
    if !options.output_given {
        options.site.output =
            std::env::temp_dir().join(format!("colloq-serve-{}", std::process::id()));
    }
    // A refused output folder stops the server before it starts.
    crate::output::check_target(&options.site.root, &options.site.output)?;
    let editing = editing(&options, address);
    let editor = (editing == Editing::On).then(|| {
        Editor::new(
            options.site.root.clone(),
            own_hosts(address),
            editor_name(&options.site.root),
        )
    });
    let live = Arc::new(Live::new(options.site.output.clone(), mount, editor));

    let (events_in, events) = mpsc::channel::<Event>();
    let watcher = if options.watch {
        Some(
            watch::watch(&options.site.root, events_in.clone())
                .map_err(|e| Error::serve("cannot watch the site", e))?,
        )
    } else {
        None
    };
    let session = {
        let (live, site) = (live.clone(), options.site.clone());
        tokio::task::spawn_blocking(move || start(&site, &live))
            .await
            .map_err(|e| Error::serve("the first build stopped", e))?
    };
    let builder = {
        let live = live.clone();
        let site = options.site.clone();
        let sender = events_in.clone();
        std::thread::spawn(move || {
            rebuild_loop(session, watcher, &site, &live, (&sender, &events));
        })
    };

    let (stopped, stop) = tokio::sync::oneshot::channel::<()>();
    let shutdown = {
        let live = live.clone();
        let signal = stop_signal();
        async move {
            signal.await;
            live.stop();
            let _ = stopped.send(());
        }
    };
    println!(
        "serving {url}{}",
        if options.watch {
            ", watching for changes"
        } else {
            ""
        }
    );
    match editing {
        Editing::On => println!(
            "notes can be added and edited from the pages (only from this machine; --no-edit turns it off)"
        ),
        Editing::NotLoopback => println!(
            "notes cannot be edited from the pages: {} is reachable from other machines (serve on 127.0.0.1 to edit)",
            address.ip()
        ),
        Editing::Off => {}
    }
    println!("press Ctrl-C to stop");
    if options.open {
        let _ = webbrowser::open(&url);
    }
    let server = axum::serve(listener, http::router(live.clone())).with_graceful_shutdown(shutdown);
    // Connections get a moment to finish once asked to stop, no more.
    let served = tokio::select! {
        served = server => served,
        () = async {
            let _ = stop.await;
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        } => Ok(()),
    };
    let _ = events_in.send(Event::Stop);
    let _ = builder.join();
    if !options.output_given {
        let _ = std::fs::remove_dir_all(&options.site.output);
    }
    served.map_err(|e| Error::serve("the server stopped", e))
}

/// Ctrl-C, or on Unix a request to terminate. The handlers are in place
/// once this returns, before the future is first polled.
fn stop_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt());
        let terminate = signal(SignalKind::terminate());
        async move {
            match (interrupt, terminate) {
                (Ok(mut interrupt), Ok(mut terminate)) => {
                    tokio::select! {
                        _ = interrupt.recv() => {}
                        _ = terminate.recv() => {}
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// Where the site is served: the path of its `base_url` (from the command
/// line or config.yaml), so that a site published under a sub-path is
/// tried under the same one.
fn mount_path(options: &Options) -> String {
    let configured = options
        .base_url
        .clone()
        .or_else(|| crate::source::load_config(&options.root).ok()?.base_url);
    let path = configured
        .as_deref()
        .and_then(|url| url.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("/")
        .trim_matches('/');
    if path.is_empty() {
        "/".into()
    } else {
        format!("/{path}/")
    }
}

/// Rebuilds the site for each batch of changes until told to stop, and
/// writes each search index made meanwhile.
fn rebuild_loop(
    mut session: Option<Session>,
    mut watcher: Option<watch::Watcher>,
    site: &Options,
    live: &Live,
    (events_in, events): (&mpsc::Sender<Event>, &mpsc::Receiver<Event>),
) {
    // Whether a search index is being made on its own thread: one at a
    // time, and one made of a site that has changed since is dropped.
    let mut refreshing = refresh_search(session.as_ref(), events_in);
    let mut stopping = false;
    while !stopping {
        let mut batch = match events.recv() {
            Ok(Event::Changes(batch)) => batch,
            Ok(Event::Search(refreshed)) => {
                if let (Some(session), Some(refreshed)) = (session.as_mut(), refreshed) {
                    match session.take_search(refreshed) {
                        Ok(Some(rebuild)) => report(&rebuild),
                        Ok(None) => {}
                        Err(error) => eprintln!(
                            "{}\nwarning: the search index was not made again; it is tried again after the next save",
                            error.chain()
                        ),
                    }
                }
                refreshing = refresh_search(session.as_ref(), events_in);
                continue;
            }
            Ok(Event::Stop) | Err(_) => break,
        };
        // Take in whatever else arrived meanwhile.
        loop {
            match events.try_recv() {
                Ok(Event::Changes(more)) => batch.extend(more),
                // Of the site before this rebuild: another is made after.
                Ok(Event::Search(_)) => refreshing = false,
                Ok(Event::Stop) => stopping = true,
                Err(_) => break,
            }
        }
        if stopping {
            break;
        }
        if let Some(watcher) = watcher.as_mut()
            && let Err(error) = watcher.refresh()
        {
            eprintln!("warning: cannot watch a new folder: {error}");
        }
        let result = if let Some(session) = session.as_mut() {
            session.apply(batch)
        } else {
            session = start(site, live);
            refreshing = refreshing || refresh_search(session.as_ref(), events_in);
            continue;
        };
        match result {
            Ok(rebuild) => {
                report(&rebuild);
                if let (Some(editor), Some(session)) = (&live.editor, &session) {
                    editor.rebuilt(session);
                }
                live.rebuilt(problems(&rebuild.detached));
            }
            Err(error) => failed(live, &error),
        }
        refreshing = refreshing || refresh_search(session.as_ref(), events_in);
    }
}

/// How long the site must go unchanged before its search index is made
/// again: not once for every save of someone editing note after note.
const SEARCH_QUIET: std::time::Duration = std::time::Duration::from_secs(1);

/// Starts making the search index on a thread of its own, once the site
/// has been quiet a moment, when the last rebuild left it stale; whether
/// it did.
fn refresh_search(session: Option<&Session>, events: &mpsc::Sender<Event>) -> bool {
    let Some(refresh) = session.and_then(Session::search_refresh) else {
        return false;
    };
    let events = events.clone();
    std::thread::spawn(move || {
        std::thread::sleep(SEARCH_QUIET);
        let refreshed = (!refresh.superseded()).then(|| refresh.render());
        let _ = events.send(Event::Search(refreshed));
    });
    true
}

fn start(site: &Options, live: &Live) -> Option<Session> {
    match Session::start(site.clone()) {
        Ok((session, rebuild)) => {
            report(&rebuild);
            if let Some(editor) = &live.editor {
                editor.rebuilt(&session);
            }
            live.rebuilt(problems(&rebuild.detached));
            Some(session)
        }
        Err(error) => {
            failed(live, &error);
            None
        }
    }
}

fn failed(live: &Live, error: &Error) {
    let text = error.chain();
    eprintln!("{text}\nerror: the site was not rebuilt; still serving the last good version");
    let detached = live
        .problems
        .read()
        .map(|p| p.detached.clone())
        .unwrap_or_default();
    live.set_problems(Problems {
        error: Some(text),
        detached,
    });
}

fn problems(detached: &[Diagnostic]) -> Problems {
    Problems {
        error: None,
        detached: detached.iter().map(Diagnostic::render).collect(),
    }
}

fn report(rebuild: &Rebuild) {
    println!(
        "rebuilt {} in {} ms: {} pages rendered, {} written, {} removed",
        rebuild.changes.join(", "),
        rebuild.elapsed.as_millis(),
        rebuild.rendered,
        rebuild.written,
        rebuild.removed
    );
    for d in &rebuild.detached {
        eprintln!(
            "{}",
            d.render().replace("error:", "warning: detached note:")
        );
    }
}
