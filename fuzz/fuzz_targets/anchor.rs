//! Anchoring notes: a transcript and its sidecar (the input's two parts,
//! split at the first NUL byte) are parsed and joined, raw HTML read as
//! text or as markup, and each placed note is marked in its block's HTML.

#![no_main]

use colloq::hooks::{BlockNote, NoteBody, RawHtml, SourceFile, Transcript, annotate, block_html};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (transcript, sidecar) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let (Ok(transcript), Ok(sidecar)) = (
        std::str::from_utf8(transcript),
        std::str::from_utf8(sidecar),
    ) else {
        return;
    };
    // Raw HTML as text and as markup, by the input's length.
    let raw = match data.len() % 2 {
        0 => RawHtml::Text,
        _ => RawHtml::Markup,
    };
    let file = |path: &str, text: &str| SourceFile {
        path: path.into(),
        text: text.to_string(),
    };
    let sidecar = file("content/a.notes.yaml", sidecar);
    let annotated = Transcript::parse(&file("content/a.md", transcript))
        .and_then(|parsed| annotate(parsed, Some(&sidecar), raw));
    let annotated = match annotated {
        Ok(annotated) => annotated,
        Err(problems) => {
            let _ = problems.to_string();
            return;
        }
    };
    for detached in &annotated.detached {
        let _ = detached.problem.to_string();
    }
    let blocks = annotated
        .transcript
        .turns()
        .map(|turn| (turn.number, &turn.blocks))
        .chain(std::iter::once((0, &annotated.transcript.preamble)));
    for (turn, blocks) in blocks {
        for (index, block) in blocks.iter().enumerate() {
            let notes: Vec<BlockNote<'_>> = annotated
                .notes
                .iter()
                .filter(|n| n.block.turn == turn && n.block.block == index)
                .map(|n| BlockNote {
                    number: n.number,
                    range: n.range.clone(),
                    footnote: match &n.body {
                        NoteBody::Footnote { label, .. } => Some(label.as_str()),
                        NoteBody::Sidecar(_) => None,
                    },
                    tag: "mark",
                    class: "",
                    html: "<span></span>",
                })
                .collect();
            if !notes.is_empty() {
                let html = block_html(&block.markdown, "p", &notes, annotated.raw_html);
                assert_eq!(
                    html.matches("<mark").count(),
                    html.matches("</mark>").count()
                );
            }
        }
    }
});
