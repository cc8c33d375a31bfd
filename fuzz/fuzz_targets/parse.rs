//! Reading a transcript file: decoding, front matter, speaker labels,
//! turns and questions. Any bytes either parse, with turns and questions
//! numbered densely, or give diagnostics that print.

#![no_main]

use std::path::Path;

use colloq::hooks::{SourceFile, Transcript, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("content/a.md");
    let text = match decode(data.to_vec(), path) {
        Ok(text) => text,
        Err(problem) => {
            let _ = problem.to_string();
            return;
        }
    };
    let file = SourceFile {
        path: path.into(),
        text,
    };
    match Transcript::parse(&file) {
        Ok(transcript) => {
            for (i, question) in transcript.questions.iter().enumerate() {
                assert_eq!(question.number, i + 1);
            }
            for (i, turn) in transcript.turns().enumerate() {
                assert_eq!(turn.number, i + 1);
            }
            let _ = transcript.outline();
        }
        Err(problems) => {
            let _ = problems.to_string();
        }
    }
});
