//! Runs the examples of `tests/spec/transcripts.md`: each is a transcript
//! and the outline colloq must read from it, or the errors it reports.

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

/// One test per example, named after its heading and line, so that one
/// can be run by name: `cargo test --test spec -- "alone on its line"`.
fn main() {
    let arguments = libtest_mimic::Arguments::from_args();
    let examples = examples(include_str!("spec/transcripts.md"));
    let translations = examples_of_translations();
    let count = examples.len();
    let translated = translations.len();
    let mut trials: Vec<_> = examples
        .into_iter()
        .map(|example| {
            let name = format!("{} (line {})", example.heading, example.line);
            libtest_mimic::Trial::test(name, move || check(&example))
        })
        .chain(translations.into_iter().map(|example| {
            let name = format!("translations: {} (line {})", example.heading, example.line);
            libtest_mimic::Trial::test(name, move || check_translation(&example))
        }))
        .collect();
    // A spec that lost its examples must not pass for want of them.
    trials.push(libtest_mimic::Trial::test(
        "the spec has its examples",
        move || {
            if count >= 15 && translated >= 8 {
                Ok(())
            } else {
                Err(format!("found only {count} and {translated} examples").into())
            }
        },
    ));
    libtest_mimic::run(&arguments, trials).exit();
}

/// Parses an example's transcript and compares its outline.
fn check(example: &Example) -> Result<(), libtest_mimic::Failed> {
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
        Err(problems) => format!("{problems}\n"),
    };
    compare(example, &outline)
}

/// Whether what was read is what the example says.
fn compare(example: &Example, outline: &str) -> Result<(), libtest_mimic::Failed> {
    if outline == example.expected {
        Ok(())
    } else {
        Err(format!(
            "example at line {}:\n--- expected\n{}--- got\n{}",
            example.line, example.expected, outline
        )
        .into())
    }
}

fn examples_of_translations() -> Vec<Example> {
    examples(include_str!("spec/translations.md"))
}

/// Parses an example's original and its translation (after `%%% <lang>`)
/// and compares the translation's outline.
fn check_translation(example: &Example) -> Result<(), libtest_mimic::Failed> {
    let (original, rest) = example
        .input
        .split_once("%%% ")
        .ok_or("a translation example needs a `%%% <lang>` line")?;
    let (language, translation) = rest.split_once('\n').unwrap_or((rest, ""));
    let with = |text: &str, front: &str| {
        if text.starts_with("---") {
            text.to_string()
        } else {
            format!("{front}{text}")
        }
    };
    let original = SourceFile {
        path: "spec.md".into(),
        text: with(original, FRONT_MATTER),
    };
    let original = Transcript::parse(&original).map_err(|p| format!("the original: {p}"))?;
    let file = SourceFile {
        path: format!("spec.{language}.md").into(),
        text: with(translation, "---\ntranslator: T\n---\n\n"),
    };
    let outline = match colloq::hooks::translate(&original, &file, language) {
        Ok(t) => t.outline(),
        Err(problems) => format!("{problems}\n"),
    };
    compare(example, &outline)
}
