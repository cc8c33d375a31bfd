//! The `colloq` command: reads the command line, calls the library, and
//! reports the outcome with a meaningful exit code.

#![allow(
    unused_crate_dependencies,
    reason = "the binary links the library, whose dependencies it does not use itself"
)]

mod cli;

/// mimalloc: the build allocates and frees millions of small strings from
/// many threads at once.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, Command, SiteArgs};
use colloq::{Error, Options, Summary};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            site,
            output,
            base_url,
        } => {
            let options = options(site, output, base_url);
            colloq::build(&options).map(|s| report("built", &s, Some(&options)))
        }
        Command::Check { site, links, fix } => {
            let options = options(site, None, None);
            if fix {
                match colloq::fix(&options) {
                    Ok(fixed) => {
                        for change in &fixed.changes {
                            println!("fixed {change}");
                        }
                        for left in &fixed.left {
                            eprintln!("warning: {left}");
                        }
                    }
                    Err(error) => return failed(error),
                }
            }
            let result = if links {
                colloq::check_links(&options)
            } else {
                colloq::check(&options)
            };
            result.map(|s| report("checked", &s, None))
        }
        Command::Serve {
            site,
            watch,
            port,
            bind,
            open,
            no_edit,
            output,
        } => {
            let output_given = output.is_some();
            colloq::serve(colloq::ServeOptions {
                site: options(site, output, None),
                output_given,
                bind,
                port,
                watch,
                open,
                edit: !no_edit,
            })
        }
        Command::Import {
            file,
            format,
            output,
            title,
            date,
            answerer,
            speaker,
            encoding,
            force,
        } => {
            let options = colloq::ImportOptions {
                input: file,
                format,
                output,
                meta: colloq::ImportMeta {
                    title,
                    date,
                    answerers: answerer,
                    speakers: speaker,
                },
                today: today(),
                force,
                encoding,
            };
            imported(&options)
        }
        Command::Init { dir } => colloq::init(&dir).map(|()| {
            println!(
                "created a new site in {0}\nbuild it with: colloq build --root {0}",
                dir.display()
            );
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => failed(error),
    }
}

/// Imports, and says what came out.
fn imported(options: &colloq::ImportOptions) -> Result<(), Error> {
    colloq::import(options).map(|done| {
        println!(
            "imported {} turns by {} ({}, read as {}) into {}",
            done.turns,
            done.speakers.join(", "),
            format!("{:?}", done.format).to_lowercase(),
            done.encoding,
            done.output.display()
        );
        if !done.dropped.is_empty() {
            println!("left out: {}", done.dropped.join("; "));
        }
        if let Some(guess) = done.guessed {
            println!(
                "guessed that {guess} answers (says the most); say who with --answerer, or edit `answerers:`"
            );
        }
    })
}

/// Today, `YYYY-MM-DD` (UTC).
fn today() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%d").to_string()
}

/// Reports what stopped a command.
fn failed(error: Error) -> ExitCode {
    match error {
        Error::Input(problems) => {
            eprintln!("{problems}");
            let count = problems.len();
            let s = if count == 1 { "" } else { "s" };
            eprintln!("error: {count} problem{s} found; nothing was written");
            ExitCode::FAILURE
        }
        error => {
            eprintln!("error: {}", error.chain());
            ExitCode::FAILURE
        }
    }
}

fn options(
    site: SiteArgs,
    output: Option<std::path::PathBuf>,
    base_url: Option<String>,
) -> Options {
    Options {
        output: output.unwrap_or_else(|| site.root.join("site")),
        root: site.root,
        base_url,
        drafts: site.drafts,
        show_detached: false,
        parsed_budget: colloq::PARSED_BUDGET,
    }
}

fn report(verb: &str, s: &Summary, options: Option<&Options>) {
    let to = options
        .map(|o| format!(" into {}", o.output.display()))
        .unwrap_or_default();
    let links = match s.links {
        0 => String::new(),
        n => format!(", {}", count(n, "link")),
    };
    for warning in &s.warnings {
        eprintln!("{warning}");
    }
    let warnings = match s.warnings.len() {
        0 => String::new(),
        n => format!(", {}", count(n, "warning")),
    };
    let translations = match s.translations {
        0 => String::new(),
        n => format!(" ({})", count(n, "translation")),
    };
    println!(
        "{verb} {}{translations}, {}, {}{links}{to} in {} ms{warnings}",
        count(s.transcripts, "transcript"),
        count(s.questions, "question"),
        count(s.pages, "page"),
        s.elapsed.as_millis()
    );
}

/// `1 page`, `2 pages`.
fn count(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}
