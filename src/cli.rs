//! The command line, as clap reads it. Doc comments are the `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// colloq builds annotated transcripts of questions and answers into a
/// static site.
#[derive(Debug, Parser)]
#[command(name = "colloq", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into its output folder (site/ by default).
    ///
    /// The new site replaces the old one only when the whole build
    /// succeeds; a failed build leaves the previous site as it was.
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site [default: <root>/site].
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The address the site is published at (replaces config.yaml's
        /// `base_url`).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Read and validate every file and render every page, writing
    /// nothing; report every problem found.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Also check that every internal link and #anchor of every page
        /// resolves.
        #[arg(long)]
        links: bool,
        /// First repair what needs no person: re-anchor each orphaned note
        /// whose nearest passage is at least 80% alike and the only one
        /// that alike. Every change is printed; nothing else is touched.
        #[arg(long)]
        fix: bool,
    },
    /// Build the site and serve it on <http://127.0.0.1:1111>/; with
    /// --watch, rebuild what each edit touches and reload the open pages.
    ///
    /// The site is written to a temporary folder unless --output is given,
    /// and pages are served with a small live-reload script that a build
    /// never contains. A failed rebuild keeps the last good site and shows
    /// the error on the open pages.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Rebuild on every change to content/, templates/, themes/ and
        /// config.yaml.
        #[arg(long, short)]
        watch: bool,
        /// The port to listen on (0: any free port).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; the default answers this machine only.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Do not offer to add and edit notes from the served pages
        /// (offered with --watch on a loopback address).
        #[arg(long)]
        no_edit: bool,
        /// Where to write the site [default: a temporary folder].
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Make a colloq transcript of captions (WebVTT, SRT), speech
    /// recognition (Whisper, Podcasting 2.0 JSON) or a transcript's text:
    /// speakers, turns and times, with front matter that builds at once.
    Import {
        /// The file to import.
        file: PathBuf,
        /// Its format [default: from its content and extension].
        #[arg(long, value_enum)]
        format: Option<colloq::Format>,
        /// Where to write the transcript [default: beside FILE, as .md].
        #[arg(long, short, value_name = "PATH")]
        output: Option<PathBuf>,
        /// The transcript's title [default: a printed transcript's first line, else the file's name].
        #[arg(long)]
        title: Option<String>,
        /// Its date, YYYY-MM-DD [default: a date in a printed transcript's first lines, else today].
        #[arg(long)]
        date: Option<String>,
        /// Who answers (repeat for several) [default: the speaker who says
        /// the most, and the output says so].
        #[arg(long, value_name = "LABEL")]
        answerer: Vec<String>,
        /// A name for a label the file gives (`SPEAKER_00=Jerod`); repeat
        /// for each.
        #[arg(long, value_name = "LABEL=NAME", value_parser = speaker_name)]
        speaker: Vec<(String, String)>,
        /// The file's encoding (gbk, big5, windows-1252, utf-16le …)
        /// [default: UTF-8 or UTF-16 by the byte-order mark, else detected].
        #[arg(long, value_name = "NAME")]
        encoding: Option<String>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Create a new site in DIR with one small example transcript.
    Init {
        /// The folder to create (it must be empty or not exist).
        dir: PathBuf,
    },
}

/// `SPEAKER_00=Jerod`.
fn speaker_name(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((label, name)) if !label.trim().is_empty() && !name.trim().is_empty() => {
            Ok((label.trim().to_string(), name.trim().to_string()))
        }
        _ => Err(format!("`{text}` is not LABEL=NAME (SPEAKER_00=Jerod)")),
    }
}

#[derive(Debug, Args)]
pub(crate) struct SiteArgs {
    /// The site's folder, holding config.yaml and content/.
    #[arg(long, short, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Include transcripts marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}
