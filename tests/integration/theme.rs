//! The default theme's colours: every pair of text and background it
//! uses meets WCAG AA (4.5:1 for text), in light and dark mode alike.

use std::collections::BTreeMap;
use std::fs;

use crate::support::repo;

/// The custom properties set in a CSS block that starts at `from`.
fn variables(css: &str, from: &str) -> BTreeMap<String, String> {
    let start = css.find(from).unwrap_or_else(|| panic!("{from}"));
    let block = &css[start..start + css[start..].find('}').unwrap()];
    block
        .split(';')
        .filter_map(|decl| {
            let decl = &decl[decl.find("--")?..];
            let (name, value) = decl.split_once(':')?;
            Some((name.trim().to_string(), value.trim().to_string()))
        })
        .collect()
}

fn luminance(hex: &str) -> f64 {
    let hex = hex.trim_start_matches('#');
    let channel = |i: usize| {
        let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn text_colours_meet_wcag_aa_in_light_and_dark_mode() {
    let css = fs::read_to_string(repo().join("themes/default/static/style.css")).unwrap();
    let light = variables(&css, ":root {");
    let mut dark = light.clone();
    dark.extend(variables(
        &css,
        "@media (prefers-color-scheme: dark) {\n  :root {",
    ));
    let kinds = |mode: &str| {
        let mut found = BTreeMap::new();
        for kind in ["fact-check", "translation"] {
            let rule = format!(".kind-{kind} {{ --kind: ");
            let at = match mode {
                "light" => css.find(&rule),
                _ => css.rfind(&rule),
            }
            .unwrap_or_else(|| panic!("{rule}"))
                + rule.len();
            found.insert(kind, css[at..at + 7].to_string());
        }
        found
    };
    for (mode, vars) in [("light", &light), ("dark", &dark)] {
        let v = |name: &str| vars[name].as_str();
        let mut pairs = vec![
            ("text on bg", v("--text"), v("--bg")),
            ("text on panel", v("--text"), v("--panel")),
            ("muted on bg", v("--muted"), v("--bg")),
            ("muted on panel", v("--muted"), v("--panel")),
            ("link on bg", v("--link"), v("--bg")),
            ("link on panel", v("--link"), v("--panel")),
            ("accent on bg", v("--accent"), v("--bg")),
            ("accent on panel", v("--accent"), v("--panel")),
            ("question on panel", v("--question"), v("--panel")),
            ("answer on bg", v("--answer"), v("--bg")),
            ("note number (bg on muted)", v("--bg"), v("--muted")),
            ("note number (bg on accent)", v("--bg"), v("--accent")),
        ];
        let kind_colours = kinds(mode);
        for (kind, colour) in &kind_colours {
            pairs.push((kind, colour.as_str(), v("--panel")));
            pairs.push((kind, v("--bg"), colour.as_str()));
        }
        for (what, fg, bg) in pairs {
            let ratio = contrast(fg, bg);
            assert!(
                ratio >= 4.5,
                "{mode}: {what} is {ratio:.2}:1 ({fg} on {bg})"
            );
        }
    }
}
