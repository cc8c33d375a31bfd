//! Integration tests: each runs the `colloq` binary on a fixture site.
//! See `tests/README.md` for how to add a case.

#![allow(
    unused_crate_dependencies,
    reason = "a test crate links every dependency of the package and uses few"
)]

mod support;

mod bad_input;
mod browser;
mod build_output;
mod clients;
mod commands;
mod editing;
mod errors;
mod example_site;
mod import;
mod media;
mod notes;
mod pages;
mod pagination;
mod publish;
mod serve;
mod session;
mod snapshots;
mod theme;
mod translations;
