//! Integration tests: each runs the `colloq` binary on a fixture site.
//! See `tests/README.md` for how to add a case.

mod support;

mod bad_input;
mod browser;
mod build_output;
mod commands;
mod errors;
mod example_site;
mod notes;
mod pages;
mod publish;
mod serve;
mod session;
mod snapshots;
mod theme;
