//! Runs the examples of `tests/spec/transcripts.md`: each is a transcript
//! and the outline colloq must read from it.

#![allow(
    unused_crate_dependencies,
    reason = "a test crate links every dependency of the package and uses few"
)]

use colloq::hooks::SourceFile;
use colloq::hooks::Transcript;

const FENCE: &str = "````````````````````````````````";
const FRONT_MATTER: &str = "---\ntitle: t\ndate: 2024-01-01\n---\n\n";

struct Example {
    line: usize,
    heading: String,
    input: String,
    expected: String,
}

fn examples(spec: &str) -> Vec<Example> {
    let mut examples = Vec::new();
    let mut heading = String::new();
    let mut lines = spec.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        if let Some(h) = line.strip_prefix("## ") {
            heading = h.to_string();
        }
        if line != format!("{FENCE} example") {
            continue;
        }
        let (mut input, mut expected, mut in_expected) = (String::new(), String::new(), false);
        for (_, line) in lines.by_ref() {
            match line {
                FENCE => break,
                "." if !in_expected => in_expected = true,
                _ if in_expected => {
                    expected.push_str(line);
                    expected.push('\n');
                }
                _ => {
                    input.push_str(line);
                    input.push('\n');
                }
            }
        }
        examples.push(Example {
            line: n + 1,
            heading: heading.clone(),
            input,
            expected,
        });
    }
    examples
}

#[test]
fn transcript_syntax_follows_the_spec() {
    let spec = include_str!("spec/transcripts.md");
    let examples = examples(spec);
    assert!(
        examples.len() >= 15,
        "found only {} examples",
        examples.len()
    );
    let mut failures = Vec::new();
    for example in &examples {
        let text = if example.input.starts_with("---") {
            example.input.clone()
        } else {
            format!("{FRONT_MATTER}{}", example.input)
        };
        let file = SourceFile {
            path: "spec.md".into(),
            text,
        };
        let outline = match Transcript::parse(&file) {
            Ok(t) => t.outline(),
            Err(problems) => format!("error: {problems}"),
        };
        if outline != example.expected {
            failures.push(format!(
                "example at line {} ({}):\n--- expected\n{}--- got\n{}",
                example.line, example.heading, example.expected, outline
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
