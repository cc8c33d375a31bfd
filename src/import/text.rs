//! Plain text -> [`Cue`]s: a transcript as an official page prints it
//! (`MR. MILLER:`, `QUESTION:`, `Q:` / `A:`, `记者：`, `王毅：`,
//! `**Label:**`, a label alone on its line), and as a PDF's text gives it,
//! cleaned of what the page layout added — margin line numbers, page
//! numbers, page headers and footers repeated on every page, soft hyphens
//! and a trailing word index or certificate — each said in
//! [`Text::dropped`]. Stage directions (`(Laughter)`, `（笑声）`) stay as
//! text of the turn they are in.

use std::collections::{BTreeMap, BTreeSet};

use super::{Cue, ImportError, join};
use crate::transcript::printed::{Kind, Printed, printed_label};

/// A printed transcript, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Text {
    /// A cue per paragraph; the first of each turn names its speaker.
    pub cues: Vec<Cue>,
    /// The paragraphs before the first speaker: a page's title, date and
    /// place.
    pub preamble: Vec<String>,
    /// What the page layout added and was left out ("12 page numbers").
    pub dropped: Vec<String>,
}

/// A line of the input.
#[derive(Debug, Clone)]
struct Line {
    /// Its line in the file, from 1.
    number: usize,
    text: String,
    /// The page it is on, from 0: a form feed (`pdftotext` writes one
    /// between pages) or a page number starts the next.
    page: usize,
    /// It ended in a soft hyphen: the next line continues its word.
    hyphen: bool,
}

impl Line {
    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// Reads a printed transcript.
pub(crate) fn text(input: &str) -> Result<Text, ImportError> {
    let mut lines = lines(input);
    let mut dropped = Vec::new();
    dropped.extend(soft_hyphens(&mut lines));
    let margin = margin_numbers(&mut lines);
    dropped.extend(margin.clone());
    dropped.extend(page_numbers(&mut lines));
    dropped.extend(running_heads(&mut lines));
    dropped.extend(back_matter(&mut lines));
    let (cues, preamble) = paragraphs(&lines, margin.is_some());
    if cues.is_empty() {
        return Err(ImportError::at(
            1,
            "no speaker labels found (such as `QUESTION:`, `MR. MILLER:`, `记者：` or `Q:` at the start of a line)",
        ));
    }
    Ok(Text {
        cues,
        preamble,
        dropped,
    })
}

/// The input's lines, each on its page.
fn lines(input: &str) -> Vec<Line> {
    let mut page = 0;
    input
        .lines()
        .enumerate()
        .map(|(i, text)| {
            if text.contains('\u{c}') {
                page += 1;
            }
            Line {
                number: i + 1,
                text: text.replace('\u{c}', "").trim_end().to_string(),
                page,
                hyphen: false,
            }
        })
        .collect()
}

/// Counts as words: "1 page number", "3 page numbers".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Soft hyphens (U+00AD) are removed; a line that ends in one joins the
/// next without a space.
fn soft_hyphens(lines: &mut [Line]) -> Option<String> {
    let mut n = 0;
    for line in lines.iter_mut() {
        n += line.text.matches('\u{ad}').count();
        line.hyphen = line.text.ends_with('\u{ad}');
        line.text = line.text.replace('\u{ad}', "");
    }
    (n > 0).then(|| count(n, "soft hyphen", "soft hyphens"))
}

/// The line number a court or parliament record prints in the margin of
/// each line (`12   Q. Did you see him?`), and the rest of the line.
fn margin_number(text: &str) -> Option<(u32, &str)> {
    let trimmed = text.trim_start();
    // A number far in from the margin is the page's.
    if text.len() - trimmed.len() > 8 {
        return None;
    }
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &trimmed[digits..];
    if digits == 0 || digits > 2 || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some((trimmed[..digits].parse().ok()?, rest))
}

/// Margin line numbers, when most lines have them and they count up from
/// 1 on every page, are cut off their lines.
fn margin_numbers(lines: &mut [Line]) -> Option<String> {
    let written: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_blank()).collect();
    let numbered: Vec<usize> = written
        .iter()
        .copied()
        .filter(|&i| margin_number(&lines[i].text).is_some())
        .collect();
    if numbered.len() < 10 || numbered.len() * 10 < written.len() * 6 {
        return None;
    }
    let mut previous = 0;
    let mut in_order = 0;
    for &i in &numbered {
        let (n, _) = margin_number(&lines[i].text)?;
        if n == previous + 1 || n == 1 {
            in_order += 1;
        }
        previous = n;
    }
    if in_order * 10 < numbered.len() * 8 {
        return None;
    }
    let mut previous = 0;
    let mut cut = 0;
    for &i in &numbered {
        let Some((n, rest)) = margin_number(&lines[i].text) else {
            continue;
        };
        // A number alone out of the count is the page's number.
        if rest.trim().is_empty() && n != previous + 1 && n != 1 {
            continue;
        }
        previous = n;
        lines[i].text = rest.trim_start().to_string();
        cut += 1;
    }
    Some(count(cut, "margin line number", "margin line numbers"))
}

/// A line that is only a page's number: `12`, `Page 12`, `Page 12 of 40`,
/// `- 12 -`, `12/40`, `第12页`.
fn is_page_number(text: &str) -> bool {
    let text = text
        .trim()
        .trim_matches(|c: char| c == '-' || c == '—' || c.is_whitespace());
    let lower = text.to_lowercase();
    let text = lower
        .strip_prefix("page")
        .or_else(|| lower.strip_prefix("p."))
        .unwrap_or(&lower)
        .trim();
    let text = text
        .strip_prefix('第')
        .and_then(|t| t.strip_suffix('页'))
        .unwrap_or(text)
        .trim();
    let number = |t: &str| !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit());
    if number(text) {
        return true;
    }
    let pair = text
        .split_once(" of ")
        .or_else(|| text.split_once('/'))
        .or_else(|| text.split_once("页，共"));
    pair.is_some_and(|(a, b)| number(a.trim()) && number(b.trim().trim_end_matches('页')))
}

/// Page numbers are dropped; without form feeds, each starts a new page.
fn page_numbers(lines: &mut [Line]) -> Option<String> {
    let fed = lines.iter().any(|l| l.page > 0);
    let mut n = 0;
    let mut shift = 0;
    for line in lines.iter_mut() {
        line.page += shift;
        if is_page_number(&line.text) {
            line.text.clear();
            n += 1;
            if !fed {
                shift += 1;
                line.page += 1;
            }
        }
    }
    (n > 0).then(|| count(n, "page number", "page numbers"))
}

/// A line as it repeats from page to page: its digits (the page number,
/// the date) and spacing aside.
fn running_key(text: &str) -> String {
    let digitless: String = text
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect();
    digitless.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How many lines at the top and the bottom of a page a running head or
/// foot may take.
const EDGE: usize = 2;

/// Page headers and footers: a line among the first or last two of a page
/// that repeats on at least half the pages (and two) is dropped wherever
/// it stands at a page's edge.
fn running_heads(lines: &mut [Line]) -> Option<String> {
    let mut pages: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        if !line.is_blank() {
            pages.entry(line.page).or_default().push(i);
        }
    }
    if pages.len() < 2 {
        return None;
    }
    let edges = |written: &[usize]| -> BTreeSet<usize> {
        let top = written.iter().take(EDGE);
        let bottom = written.iter().rev().take(EDGE);
        top.chain(bottom).copied().collect()
    };
    let mut seen: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (page, written) in &pages {
        for i in edges(written) {
            let text = &lines[i].text;
            if printed_label(text).is_some_and(|p| !p.rest.is_empty()) {
                continue;
            }
            seen.entry(running_key(text)).or_default().insert(*page);
        }
    }
    let least = pages.len().div_ceil(2).max(2);
    let running: BTreeSet<&String> = seen
        .iter()
        .filter(|(_, on)| on.len() >= least)
        .map(|(key, _)| key)
        .collect();
    if running.is_empty() {
        return None;
    }
    let mut n = 0;
    let mut example = String::new();
    for written in pages.values() {
        for i in edges(written) {
            if running.contains(&running_key(&lines[i].text)) {
                if example.is_empty() {
                    example = lines[i].text.trim().to_string();
                }
                lines[i].text.clear();
                n += 1;
            }
        }
    }
    Some(format!(
        "{} (`{example}`)",
        count(
            n,
            "line of page headers and footers",
            "lines of page headers and footers"
        )
    ))
}

/// What a record prints after the proceedings: the reporter's
/// certificate, an index of words or witnesses.
fn back_matter_title(text: &str) -> Option<&'static str> {
    let letters: String = text
        .chars()
        .filter(|c| c.is_alphabetic() || *c == '\'')
        .collect::<String>()
        .to_uppercase();
    match letters.as_str() {
        "CERTIFICATE"
        | "REPORTER'SCERTIFICATE"
        | "CERTIFICATEOFREPORTER"
        | "CERTIFICATION"
        | "CERTIFICATEOFSERVICE"
        | "REPORTERSCERTIFICATE" => Some("the certificate"),
        "INDEX" | "WORDINDEX" | "CONCORDANCE" => Some("the index"),
        _ => None,
    }
}

/// A line of a word index: `testimony [3] 12:4 15:6 20:1`.
fn is_index_entry(text: &str) -> bool {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let references = tokens
        .iter()
        .filter(|t| {
            let t = t.trim_end_matches([',', ';']);
            t.strip_prefix('[')
                .and_then(|t| t.strip_suffix(']'))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                || t.split_once(':').is_some_and(|(a, b)| {
                    !a.is_empty()
                        && !b.is_empty()
                        && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
                })
        })
        .count();
    references >= 2 && references * 2 >= tokens.len()
}

/// The certificate or word index that ends a record is left out: from a
/// line titled so in the second half, or from where nearly every line is
/// an index entry.
fn back_matter(lines: &mut [Line]) -> Option<String> {
    let half = lines.len() / 2;
    let titled = (half..lines.len()).find_map(|i| {
        let text = lines[i].text.trim();
        (text.chars().count() <= 40)
            .then(|| back_matter_title(text))
            .flatten()
            .map(|what| (i, what))
    });
    let written: Vec<usize> = (half..lines.len())
        .filter(|&i| !lines[i].is_blank())
        .collect();
    // How many of the lines from each one on are index entries, counted
    // from the end in one pass.
    let entry: Vec<bool> = written
        .iter()
        .map(|&i| is_index_entry(&lines[i].text))
        .collect();
    let mut entries_after = vec![0; written.len() + 1];
    for k in (0..written.len()).rev() {
        entries_after[k] = entries_after[k + 1] + usize::from(entry[k]);
    }
    let indexed = (0..written.len()).find_map(|k| {
        let after = written.len() - k;
        (after >= 5 && entries_after[k] * 10 >= after * 8 && entry[k])
            .then_some((written[k], "the index"))
    });
    let (from, what) = match (titled, indexed) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    let first = lines[from].number;
    let last = lines.last().map_or(first, |l| l.number);
    for line in &mut lines[from..] {
        line.text.clear();
    }
    Some(format!("{what} at the end (lines {first}–{last})"))
}

/// A speaker label a line opens with, if the reader takes it as one.
struct Opening<'a> {
    label: String,
    rest: &'a str,
}

/// The speaker `text` opens with, if it is one of `speakers`.
fn opening<'a>(speakers: &BTreeSet<String>, text: &'a str) -> Option<Opening<'a>> {
    let (printed, _) = candidate(text)?;
    speakers.contains(printed.label).then(|| Opening {
        label: printed.label.to_string(),
        rest: printed.rest,
    })
}

/// The label at the start of `text`, as printed (`QUESTION:`), in bold
/// (`**Label:**`) or alone on its line in capitals (`INTERVIEWER`).
fn candidate(text: &str) -> Option<(Printed<'_>, bool)> {
    let text = text.trim();
    if text.starts_with("**") {
        let (label, consumed) = crate::transcript::body::label_at(text, &[])?;
        let label = text.get(2..2 + label.len()).filter(|l| *l == label)?;
        // Bold makes a label as sure as capitals do.
        let printed = Printed {
            label,
            kind: Kind::Capitals,
            rest: &text[consumed..],
            colon: true,
        };
        return Some((printed, true));
    }
    if let Some(printed) = printed_label(text) {
        return Some((printed, false));
    }
    // A label alone on its line, in capitals and without a colon.
    let alone = text.split_whitespace().count() <= 4
        && printed_label(&format!("{text}:")).is_some_and(|p| p.kind == Kind::Capitals);
    alone.then_some((
        Printed {
            label: text,
            kind: Kind::Capitals,
            rest: "",
            colon: false,
        },
        false,
    ))
}

/// Words that open a line with a colon but name no one.
const NOT_SPEAKERS: &[&str] = &[
    "Note",
    "Notes",
    "Update",
    "Updated",
    "Source",
    "Sources",
    "Correction",
    "Editor's note",
    "Example",
    "Caption",
    "Transcript",
    "Summary",
    "Background",
    "Context",
    "Subject",
    "Date",
    "Time",
    "Location",
    "Place",
    "Venue",
    "Topic",
    "Topics",
    "Attendees",
    "Present",
    "Re",
    "Translation",
    "Warning",
    "Link",
    "Video",
    "Audio",
    "Photo",
    "Read more",
    "See also",
];

/// Which of the labels found are speakers: capitals and CJK names with a
/// colon and bold labels; a single letter, a name in mixed case or
/// capitals alone on a line without a colon when they open two lines or
/// more, or the name has a title (`Mr.`); and, in a text a third or more
/// of whose lines those speakers open, a name in mixed case with a colon
/// (`Bloomberg:`) even once.
fn speakers(lines: &[Line]) -> BTreeSet<String> {
    struct Found {
        lines: usize,
        sure: bool,
        name: bool,
    }
    let mut found: BTreeMap<&str, Found> = BTreeMap::new();
    let mut written = 0;
    for line in lines.iter().filter(|l| !l.is_blank()) {
        written += 1;
        let Some((printed, bold)) = candidate(&line.text) else {
            continue;
        };
        if printed.kind == Kind::Name && NOT_SPEAKERS.contains(&printed.label) {
            continue;
        }
        let sure = bold
            || printed.titled()
            || (printed.colon && matches!(printed.kind, Kind::Capitals | Kind::Cjk));
        let entry = found.entry(printed.label).or_insert(Found {
            lines: 0,
            sure: false,
            name: false,
        });
        entry.lines += 1;
        entry.sure |= sure;
        entry.name |= printed.colon && printed.kind == Kind::Name;
    }
    let accepted = |f: &Found| f.sure || f.lines >= 2;
    let opened: usize = found
        .values()
        .filter(|f| accepted(f))
        .map(|f| f.lines)
        .sum();
    let labelled = opened * 3 >= written;
    found
        .into_iter()
        .filter(|(_, f)| accepted(f) || (labelled && f.name))
        .map(|(label, _)| label.to_string())
        .collect()
}

/// The lines made into paragraphs, each labelled one starting a turn: a
/// cue per paragraph, and the paragraphs before the first label. A blank
/// line ends a paragraph (when the text has them; otherwise each line is
/// one), except in a record with margin numbers, whose blank lines are
/// the page's spacing and whose paragraphs start at labels.
fn paragraphs(lines: &[Line], record: bool) -> (Vec<Cue>, Vec<String>) {
    let speakers = speakers(lines);
    let opening = |text| opening(&speakers, text);
    let blank_lines = lines.iter().any(Line::is_blank);
    let mut cues: Vec<Cue> = Vec::new();
    let mut preamble = Vec::new();
    let mut current: Option<Cue> = None;
    let mut hyphen = false;
    let finish = |current: &mut Option<Cue>, cues: &mut Vec<Cue>, preamble: &mut Vec<String>| {
        if let Some(cue) = current.take()
            && (cue.speaker.is_some() || !cue.lines[0].is_empty())
        {
            if cue.speaker.is_none() && cues.is_empty() {
                preamble.push(cue.lines[0].clone());
            } else {
                cues.push(cue);
            }
        }
    };
    let written: Vec<&Line> = lines.iter().filter(|l| !l.is_blank() || !record).collect();
    for (k, line) in written.iter().enumerate() {
        if line.is_blank() {
            finish(&mut current, &mut cues, &mut preamble);
            continue;
        }
        let text = line.text.trim();
        let found = opening(text);
        // A label alone whose next line is another label is a heading
        // (`BY MS. PARK:`), not a turn: a paragraph of its own.
        let heading = found.as_ref().is_some_and(|o| {
            o.rest.is_empty()
                && written[k + 1..]
                    .iter()
                    .find(|l| !l.is_blank())
                    .is_none_or(|next| opening(next.text.trim()).is_some())
        });
        let labelled = found.filter(|_| !heading);
        // A label alone on its line takes the words on the next.
        let alone = current
            .as_ref()
            .is_some_and(|c| c.speaker.is_some() && c.lines[0].is_empty());
        // Before the first speaker, a record's lines are its caption's.
        let caption =
            record && cues.is_empty() && current.as_ref().is_some_and(|c| c.speaker.is_none());
        let starts = labelled.is_some()
            || heading
            || caption
            || (!blank_lines && !record && !alone)
            || current.is_none();
        if starts {
            finish(&mut current, &mut cues, &mut preamble);
            let (speaker, words) = match &labelled {
                Some(o) => (Some(o.label.clone()), o.rest),
                None => (None, text),
            };
            current = Some(Cue {
                speaker,
                start: None,
                end: None,
                lines: vec![words.trim().to_string()],
                line: line.number,
                paragraph: true,
            });
        } else if let Some(cue) = current.as_mut() {
            if hyphen {
                cue.lines[0].push_str(text);
            } else {
                join(&mut cue.lines[0], text);
            }
        }
        hyphen = line.hyphen;
    }
    finish(&mut current, &mut cues, &mut preamble);
    (cues, preamble)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text's turns as `(speaker, paragraphs)`.
    fn read(input: &str) -> Vec<(Option<String>, String)> {
        text(input)
            .unwrap()
            .cues
            .into_iter()
            .map(|c| (c.speaker, c.lines.join("|")))
            .collect()
    }

    fn turn(speaker: Option<&str>, text: &str) -> (Option<String>, String) {
        (speaker.map(str::to_string), text.to_string())
    }

    #[test]
    fn a_ministry_briefing_as_its_page_prints_it() {
        let page = "2024年5月10日外交部发言人汪文斌主持例行记者会\n\n汪文斌：各位记者朋友，下午好。\n\n法新社记者：第一个问题。\n\n汪文斌：我们的立场是一贯的。\n（笑声）\n\n第二段回答。\n";
        let read_back = text(page).unwrap();
        assert_eq!(
            read_back.preamble,
            ["2024年5月10日外交部发言人汪文斌主持例行记者会"]
        );
        assert_eq!(
            read(page),
            [
                turn(Some("汪文斌"), "各位记者朋友，下午好。"),
                turn(Some("法新社记者"), "第一个问题。"),
                turn(Some("汪文斌"), "我们的立场是一贯的。（笑声）"),
                turn(None, "第二段回答。"),
            ]
        );
        let english = "Foreign Ministry Spokesperson's Regular Press Conference on May 10, 2024\n\nWang Wenbin: Good afternoon.\n\nAFP: A question.\n\nWang Wenbin: An answer.\n\nBloomberg: Another.\n\nWang Wenbin: (Laughter) Thank you.\n";
        assert_eq!(
            read(english),
            [
                turn(Some("Wang Wenbin"), "Good afternoon."),
                turn(Some("AFP"), "A question."),
                turn(Some("Wang Wenbin"), "An answer."),
                turn(Some("Bloomberg"), "Another."),
                turn(Some("Wang Wenbin"), "(Laughter) Thank you."),
            ]
        );
    }

    #[test]
    fn labels_in_every_printed_form() {
        let page = "MR. MILLER: Good afternoon.\nQUESTION:\nWill the talks resume?\nMR. MILLER: Yes.\n**Q:** When?\nQ  Karine, thanks.\nNote: this is text.\nINTERVIEWER\nAnd then?\nINTERVIEWER\nWhat next?\n";
        assert_eq!(
            read(page),
            [
                turn(Some("MR. MILLER"), "Good afternoon."),
                turn(Some("QUESTION"), "Will the talks resume?"),
                turn(Some("MR. MILLER"), "Yes."),
                turn(Some("Q"), "When?"),
                turn(Some("Q"), "Karine, thanks."),
                turn(None, "Note: this is text."),
                turn(Some("INTERVIEWER"), "And then?"),
                turn(Some("INTERVIEWER"), "What next?"),
            ]
        );
    }

    #[test]
    fn a_pdf_record_loses_what_the_page_added() {
        let mut pdf = String::new();
        for page in 1..=3 {
            if page > 1 {
                pdf.push('\u{c}');
            }
            pdf.push_str(&format!(
                "Case 1:21-cr-00123   Document 45   Page {page} of 3\n"
            ));
            for n in 1..=5 {
                let text = match (page, n) {
                    (1, 1) => "         UNITED STATES DISTRICT COURT".to_string(),
                    (_, 2) => "    Q.   Did you see the defend\u{ad}".to_string(),
                    (_, 3) => "ant that night?".to_string(),
                    (_, 4) => "    A.   Yes, I did.".to_string(),
                    (_, 5) => "              THE COURT: Sustained.".to_string(),
                    _ => String::new(),
                };
                pdf.push_str(&format!("{n:>2}  {text}\n"));
            }
            pdf.push_str(&format!("                      {page}\n"));
        }
        pdf.push_str("CERTIFICATE\nI, Jane Roe, certify that the foregoing is a true record.\n");
        let read_back = text(&pdf).unwrap();
        assert_eq!(read_back.preamble, ["UNITED STATES DISTRICT COURT"]);
        assert_eq!(
            read_back.dropped,
            [
                "3 soft hyphens",
                "15 margin line numbers",
                "3 page numbers",
                "3 lines of page headers and footers (`Case 1:21-cr-00123   Document 45   Page 1 of 3`)",
                "the certificate at the end (lines 22–23)",
            ]
        );
        let turns = read(&pdf);
        assert_eq!(turns.len(), 9, "{turns:?}");
        assert_eq!(
            turns[..3],
            [
                turn(Some("Q"), "Did you see the defendant that night?"),
                turn(Some("A"), "Yes, I did."),
                turn(Some("THE COURT"), "Sustained."),
            ]
        );
    }

    #[test]
    fn a_word_index_at_the_end_is_left_out() {
        let mut record =
            String::from("Q. When?\nA. Then.\nQ. Where?\nA. There.\nQ. Why?\nA. Because.\n");
        for word in [
            "able [2] 3:4 5:6",
            "about [3] 2:1 4:4",
            "after [1] 6:2",
            "again [2] 1:1 2:2",
            "agree [1] 4:9",
            "all [4] 1:2 3:3",
        ] {
            record.push_str(word);
            record.push('\n');
        }
        let read_back = text(&record).unwrap();
        assert_eq!(read_back.dropped, ["the index at the end (lines 7–12)"]);
        assert_eq!(read_back.cues.len(), 6);
    }

    #[test]
    fn text_without_labels_is_an_error() {
        let error = text("Just a paragraph.\n\nAnd another.\n").unwrap_err();
        assert!(
            error.message.contains("no speaker labels"),
            "{}",
            error.message
        );
    }
}
