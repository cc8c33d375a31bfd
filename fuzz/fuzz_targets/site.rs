//! The whole build of a one-transcript site, in memory: config.yaml, the
//! transcript and its sidecar (the input's parts, split at NUL bytes) are
//! parsed, indexed and rendered with the built-in theme. Any input either
//! renders every page or gives diagnostics that print.

#![no_main]

use colloq::hooks::{SiteSource, SourceFile, TranscriptSource};
use colloq::{Options, check_source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0).map(std::str::from_utf8);
    let (Some(Ok(config)), Some(Ok(transcript)), sidecar) =
        (parts.next(), parts.next(), parts.next())
    else {
        return;
    };
    let sidecar = match sidecar {
        Some(Ok(text)) => Some(SourceFile {
            path: "content/a.notes.yaml".into(),
            text: text.to_string(),
        }),
        Some(Err(_)) => return,
        None => None,
    };
    let transcript = TranscriptSource {
        transcript: SourceFile {
            path: "content/a.md".into(),
            text: transcript.to_string(),
        },
        sidecar,
        translations: Vec::new(),
    };
    let source = match SiteSource::in_memory(config, vec![transcript]) {
        Ok(source) => source,
        Err(problems) => {
            let _ = problems.to_string();
            return;
        }
    };
    let options = Options {
        root: Default::default(),
        output: Default::default(),
        base_url: None,
        drafts: true,
        show_detached: false,
        parsed_budget: colloq::PARSED_BUDGET,
    };
    if let Err(error) = check_source(source, &options) {
        let _ = error.to_string();
    }
});
