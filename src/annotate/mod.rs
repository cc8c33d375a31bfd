//! A transcript and its sidecar -> [`AnnotatedTranscript`].
//!
//! The sidecar gives each question its title, topics and summary, and
//! carries the notes; this stage checks that it speaks of questions that
//! exist and settles each question's title (the sidecar's, the heading's,
//! or the question's first sentence, shortened).

pub(crate) mod anchor;
pub(crate) mod edit;
pub(crate) mod fingerprint;
mod footnotes;
pub(crate) mod note;
mod problem;
#[cfg(test)]
mod properties;
#[cfg(test)]
pub(crate) mod testing {
    //! A transcript for the tests of the notes' stages.

    use crate::source::SourceFile;
    use crate::transcript::Transcript;

    /// A transcript of `body`, under front matter that makes 王毅 the
    /// answerer.
    pub(crate) fn transcript(body: &str) -> Transcript {
        Transcript::parse(&SourceFile {
            path: "content/a.md".into(),
            text: format!("---\ntitle: t\ndate: 2024-03-07\nanswerers: [王毅]\n---\n\n{body}"),
        })
        .unwrap()
    }
}
pub(crate) mod repair;
pub(crate) mod selection;
pub(crate) mod sidecar;
mod text;

use std::path::PathBuf;

pub use note::NoteBody;
pub(crate) use note::{AnchoredNote, BlockRef, DetachedNote};
pub(crate) use sidecar::{Note, NoteKind, QuestionMeta, Sidecar};
pub(crate) use text::BlockTexts;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::RawHtml;
use crate::source::SourceFile;
use crate::transcript::{Question, Section, Transcript};

/// What the sidecar says of a question, settled: its title is always
/// there (the sidecar's, the heading's, or its first sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionInfo {
    pub title: String,
    pub topics: Vec<String>,
    /// One sentence, Markdown.
    pub summary: Option<String>,
}

/// A question of an annotated transcript: its words and what the sidecar
/// says of it, together.
#[derive(Debug, Clone, Copy)]
pub struct AnnotatedQuestion<'a> {
    /// The turns, as the transcript has them.
    pub question: &'a Question,
    pub info: &'a QuestionInfo,
}

impl<'a> AnnotatedQuestion<'a> {
    /// 1, 2, 3 ...: the question's identity in annotations and URLs.
    pub fn number(&self) -> usize {
        self.question.number
    }

    pub fn title(&self) -> &'a str {
        &self.info.title
    }

    pub fn topics(&self) -> &'a [String] {
        &self.info.topics
    }

    pub fn summary(&self) -> Option<&'a str> {
        self.info.summary.as_deref()
    }

    /// Who asked: the label of the question's first turn.
    pub fn asker(&self) -> Option<&'a str> {
        self.question.asker()
    }

    pub fn section(&self) -> Section {
        Section::Question(self.question.number)
    }

    /// The question in a sentence or two, as plain text: its summary, else
    /// its first sentence.
    pub fn description(&self) -> String {
        match self.summary() {
            Some(summary) => crate::markdown::plain_text(summary),
            None => first_sentence(self.question, DESCRIPTION_LENGTH),
        }
    }
}

/// The longest a question's description made from its text may be, in
/// characters.
const DESCRIPTION_LENGTH: usize = 160;

/// A transcript with what its sidecar says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnotatedTranscript {
    pub transcript: Transcript,
    /// What the sidecar says of each question, in order: read through
    /// [`AnnotatedTranscript::questions`].
    info: Vec<QuestionInfo>,
    /// The notes placed on their words, and the footnotes, in reading
    /// order.
    pub notes: Vec<AnchoredNote>,
    /// Sidecar notes that could not be placed: orphaned or ambiguous.
    pub detached: Vec<DetachedNote>,
    /// Blocks that define footnotes, shown at their reference instead.
    pub footnote_blocks: Vec<BlockRef>,
    /// The sidecar's path, when there is one.
    pub sidecar: Option<PathBuf>,
    /// What raw HTML in its Markdown is, as its notes were anchored.
    pub raw_html: RawHtml,
    /// Its translations, by language, each annotated from its own sidecar.
    pub translations: Vec<Translation>,
}

/// A transcript's translation into one language, with its notes.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    pub language: crate::language::Language,
    pub whole: std::sync::Arc<AnnotatedTranscript>,
}

impl AnnotatedTranscript {
    /// This transcript in `language` (the original for `None`); `None`
    /// when it has no translation into it.
    pub fn version(
        &self,
        language: Option<&crate::language::Language>,
    ) -> Option<&AnnotatedTranscript> {
        match language {
            None => Some(self),
            Some(language) => self
                .translations
                .iter()
                .find(|t| &t.language == language)
                .map(|t| &*t.whole),
        }
    }

    /// A translation of `original` takes what its own sidecar does not
    /// say of each question from the original's: its topics, and the
    /// title of a question left wholly untranslated.
    pub(crate) fn inherit(&mut self, original: &AnnotatedTranscript) {
        for ((info, question), theirs) in self
            .info
            .iter_mut()
            .zip(&self.transcript.questions)
            .zip(&original.info)
        {
            if info.topics.is_empty() {
                info.topics.clone_from(&theirs.topics);
            }
            if question.turns.iter().all(|t| t.untranslated) && info.title == "…" {
                info.title.clone_from(&theirs.title);
            }
        }
    }

    /// Every question, in order.
    pub fn questions(&self) -> impl ExactSizeIterator<Item = AnnotatedQuestion<'_>> + Clone {
        self.transcript
            .questions
            .iter()
            .zip(&self.info)
            .map(|(question, info)| AnnotatedQuestion { question, info })
    }

    /// The question at `index` (0-based) of [`AnnotatedTranscript::questions`].
    pub fn question(&self, index: usize) -> AnnotatedQuestion<'_> {
        AnnotatedQuestion {
            question: &self.transcript.questions[index],
            info: &self.info[index],
        }
    }

    pub fn question_count(&self) -> usize {
        self.info.len()
    }

    /// The notes of one section, in reading order.
    pub fn notes_in(&self, section: Section) -> impl Iterator<Item = &AnchoredNote> {
        self.notes.iter().filter(move |n| n.section == section)
    }
}

/// The longest a title made from a question's first sentence may be, in
/// characters.
const TITLE_LENGTH: usize = 40;

/// Joins a transcript with its sidecar.
pub fn annotate(
    transcript: Transcript,
    sidecar: Option<&SourceFile>,
    raw_html: RawHtml,
) -> Result<AnnotatedTranscript, Diagnostics> {
    let parsed = match sidecar {
        Some(file) => Sidecar::parse(file)?,
        None => Sidecar::default(),
    };
    let mut problems = Diagnostics::new();
    if let Some(file) = sidecar {
        missing_questions(&parsed, file, transcript.questions.len(), &mut problems);
        if let Some(problem) = fingerprint::check(&parsed, file, &transcript) {
            problems.push(problem);
        }
    }
    let info = transcript
        .questions
        .iter()
        .map(|q| {
            settle(
                q,
                parsed.questions.get(&q.number).cloned().unwrap_or_default(),
            )
        })
        .collect();
    let lines = sidecar.map_or_else(Vec::new, |file| note_lines(file, parsed.notes.len()));
    let notes: Vec<note::SidecarNote<'_>> = parsed
        .notes
        .iter()
        .enumerate()
        .map(|(i, note)| note::SidecarNote {
            note,
            line: lines.get(i).copied().unwrap_or(0),
        })
        .collect();
    let anchoring = anchor::anchor(
        &transcript,
        &notes,
        sidecar.map(|f| (f.path.as_path(), f.text.as_str())),
        raw_html,
    );
    for error in anchoring.errors {
        problems.push(error);
    }
    problems.into_result(AnnotatedTranscript {
        transcript,
        info,
        notes: anchoring.notes,
        detached: anchoring.detached,
        footnote_blocks: anchoring.footnote_blocks,
        sidecar: sidecar.map(|f| f.path.clone()),
        raw_html,
        translations: Vec::new(),
    })
}

/// Reports each question the sidecar speaks of that the transcript of
/// `count` questions does not have.
fn missing_questions(
    parsed: &Sidecar,
    file: &SourceFile,
    count: usize,
    problems: &mut Diagnostics,
) {
    for &n in parsed.questions.keys() {
        if n == 0 || n > count {
            let span = Sidecar::question_span(&file.text, n);
            problems.push(
                Diagnostic::new(&file.path, format!("there is no question {n}"))
                    .at_opt(span)
                    .label(match count {
                        1 => "the transcript has one question".to_string(),
                        n => format!("the transcript has {n} questions"),
                    })
                    .help("questions are numbered 1, 2, 3 ... in the order they are asked"),
            );
        }
    }
}

/// A question's editorial data, its title settled: the sidecar's, the
/// heading's, or its first sentence.
fn settle(question: &Question, meta: QuestionMeta) -> QuestionInfo {
    let title = meta
        .title
        .or_else(|| question.heading.clone())
        .unwrap_or_else(|| first_sentence(question, TITLE_LENGTH));
    QuestionInfo {
        // A question of no words (a label alone) is titled with an
        // ellipsis, in any language.
        title: match title.trim() {
            "" => "…".to_string(),
            _ => title,
        },
        topics: meta.topics,
        summary: meta.summary,
    }
}

/// The line of each of the sidecar's `count` notes; where the list is not
/// one `- ` line per note (flow style), the line of `notes:` for all.
fn note_lines(file: &SourceFile, count: usize) -> Vec<usize> {
    let lines = sidecar::note_lines(&file.text);
    if lines.len() == count {
        return lines;
    }
    let key = file.text.lines().position(|l| l.starts_with("notes:"));
    vec![key.map_or(0, |i| i + 1); count]
}

/// The first sentence of a question, as plain text, shortened to `limit`
/// characters.
pub(crate) fn first_sentence(question: &Question, limit: usize) -> String {
    let text = question
        .turns
        .first()
        .and_then(|t| t.blocks.first())
        .map(|b| crate::markdown::plain_text(&b.markdown))
        .unwrap_or_default();
    let sentence_end = text
        .char_indices()
        .find(|&(_, c)| matches!(c, '。' | '？' | '！' | '?' | '!' | '；'))
        .map_or(text.len(), |(i, c)| i + c.len_utf8());
    let sentence = text[..sentence_end].trim();
    if sentence.chars().count() <= limit {
        sentence.to_string()
    } else {
        let cut: String = sentence.chars().take(limit - 1).collect();
        format!("{}…", cut.trim_end())
    }
}
