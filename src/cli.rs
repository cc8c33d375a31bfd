//! The command line, as clap reads it. Doc comments are the `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// colloq builds annotated transcripts of questions and answers into a
/// static site.
#[derive(Debug, Parser)]
#[command(name = "colloq", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
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
        /// base_url).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Read and validate every file and render every page, writing
    /// nothing; report every problem found.
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Create a new site in DIR with one small example transcript.
    Init {
        /// The folder to create (it must be empty or not exist).
        dir: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site's folder, holding config.yaml and content/.
    #[arg(long, short, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Include transcripts marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}
