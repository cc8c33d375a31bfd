//! Times in a recording, and a transcript's `media:`: the `[1:02:03]` a
//! turn or paragraph starts with, and the file or video it points into.

use std::fmt;

use serde::Deserialize;

/// A moment of a recording, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(u64);

impl Time {
    pub fn from_millis(ms: u64) -> Time {
        Time(ms)
    }

    pub fn millis(self) -> u64 {
        self.0
    }

    /// In seconds, as HTML media and Media Fragments count.
    #[allow(
        clippy::cast_precision_loss,
        reason = "a recording shorter than 285,000 years is exact in an f64"
    )]
    pub fn seconds(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// Seconds as a Media Fragment or a data attribute writes them: `754`,
    /// `754.5`.
    pub fn fragment(self) -> String {
        let (s, ms) = (self.0 / 1000, self.0 % 1000);
        if ms == 0 {
            s.to_string()
        } else {
            format!("{s}.{}", format!("{ms:03}").trim_end_matches('0'))
        }
    }
}

impl fmt::Display for Time {
    /// `12:34`, `1:02:03`, `2:03.5`: hours only when there are some.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.0 / 1000;
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
        if h > 0 {
            write!(f, "{h}:{m:02}:{s:02}")?;
        } else {
            write!(f, "{m}:{s:02}")?;
        }
        match self.0 % 1000 {
            0 => Ok(()),
            ms => write!(f, ".{}", format!("{ms:03}").trim_end_matches('0')),
        }
    }
}

/// The time a paragraph's text starts with (`[00:12:34] Welcome`), and how
/// many bytes it takes with the white space after it. A bracket followed
/// by `(`, `[` or `:` is a link, not a time.
pub(crate) fn time_at(text: &str) -> Option<(Time, usize)> {
    let inner = text.strip_prefix('[')?;
    let close = inner.find(']')?;
    let after = &inner[close + 1..];
    if after.starts_with(['(', '[', ':'])
        || !(after.is_empty() || after.starts_with(char::is_whitespace))
    {
        return None;
    }
    let time = parse(&inner[..close])?;
    let consumed = 1 + close + 1 + (after.len() - after.trim_start().len());
    Some((time, consumed))
}

/// `1:02:03`, `02:03`, `2:03.5`: hours optional, a fraction optional;
/// minutes and seconds after the first part below 60.
pub(crate) fn parse(text: &str) -> Option<Time> {
    let parts: Vec<&str> = text.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let (whole, fraction) = match parts[parts.len() - 1].split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (parts[parts.len() - 1], None),
    };
    let number = |digits: &str, max: Option<u64>| -> Option<u64> {
        if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u64 = digits.parse().ok()?;
        max.is_none_or(|max| n < max).then_some(n)
    };
    let seconds = number(whole, Some(60)).filter(|_| whole.len() == 2)?;
    let millis = match fraction {
        None => 0,
        Some(f) if (1..=3).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{f:0<3}").parse::<u64>().ok()?
        }
        Some(_) => return None,
    };
    let (hours, minutes) = match parts.as_slice() {
        [m, _] => (0, number(m, None)?),
        [h, m, _] => (
            number(h, None)?,
            number(m, Some(60)).filter(|_| m.len() == 2)?,
        ),
        _ => return None,
    };
    Some(Time(
        ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis,
    ))
}

/// The media types a transcript's recording may have, and the extensions
/// that name them.
pub(crate) const MEDIA_TYPES: &[(&str, &[&str])] = &[
    ("audio/mpeg", &["mp3"]),
    ("audio/mp4", &["m4a"]),
    ("audio/aac", &["aac"]),
    ("audio/ogg", &["ogg", "oga", "opus"]),
    ("audio/wav", &["wav"]),
    ("audio/flac", &["flac"]),
    ("audio/webm", &[]),
    ("video/mp4", &["mp4", "m4v"]),
    ("video/webm", &["webm"]),
    ("video/ogg", &["ogv"]),
];

/// A transcript's recording, as `media:` in the front matter gives it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMedia {
    /// A file under `content/static/`, or an http(s) address.
    pub src: Option<String>,
    /// Its media type; from the extension when left out.
    #[serde(rename = "type")]
    pub media_type: Option<String>,
    /// A YouTube video id, instead of `src`.
    pub youtube: Option<String>,
    /// Seconds of recording before the first turn.
    #[serde(default)]
    pub offset: f64,
}

/// A transcript's recording, checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Media {
    /// An audio or video file: a static file (its path under the site's
    /// root, `audio/a.mp3`) or an address.
    File {
        src: String,
        media_type: String,
        offset: f64,
    },
    /// A YouTube video, by id.
    YouTube { id: String, offset: f64 },
}

impl Media {
    /// Checks `media:`, or says what is wrong with it.
    pub(crate) fn check(raw: RawMedia) -> Result<Media, String> {
        let known = || {
            MEDIA_TYPES
                .iter()
                .map(|(t, _)| *t)
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !raw.offset.is_finite() || raw.offset < 0.0 {
            return Err("`offset` must be a number of seconds, 0 or more".into());
        }
        match (raw.src, raw.youtube) {
            (Some(_), Some(_)) => Err("give either `src` or `youtube`, not both".into()),
            (None, None) => Err(
                "name the recording with `src:` (a file or an address) or `youtube:` (a video id)"
                    .into(),
            ),
            (None, Some(id)) => {
                let id = id.trim().to_string();
                if id.is_empty()
                    || !id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    return Err(format!(
                        "`{id}` is not a YouTube video id (letters, digits, - and _)"
                    ));
                }
                Ok(Media::YouTube {
                    id,
                    offset: raw.offset,
                })
            }
            (Some(src), None) => {
                let src = src.trim().to_string();
                let media_type = match raw.media_type {
                    Some(t) if MEDIA_TYPES.iter().any(|(k, _)| *k == t) => t,
                    Some(t) => {
                        return Err(format!(
                            "unknown media type `{t}`; the known ones are {}",
                            known()
                        ));
                    }
                    None => {
                        let extension = src
                            .rsplit_once('.')
                            .map(|(_, e)| {
                                e.split(['?', '#'])
                                    .next()
                                    .unwrap_or("")
                                    .to_ascii_lowercase()
                            })
                            .unwrap_or_default();
                        MEDIA_TYPES
                            .iter()
                            .find(|(_, extensions)| extensions.contains(&extension.as_str()))
                            .map(|(t, _)| (*t).to_string())
                            .ok_or_else(|| format!("the media type of `{src}` is not known from its extension; add `type:`, one of {}", known()))?
                    }
                };
                Ok(Media::File {
                    src: src.trim_start_matches('/').to_string(),
                    media_type,
                    offset: raw.offset,
                })
            }
        }
    }

    /// Whether it is a file of the site (not an address).
    pub fn static_file(&self) -> Option<&str> {
        match self {
            Media::File { src, .. }
                if !src.starts_with("http://") && !src.starts_with("https://") =>
            {
                Some(src)
            }
            _ => None,
        }
    }
}

/// Whether `src` is an http(s) address rather than a file of the site.
pub(crate) fn is_address(src: &str) -> bool {
    src.starts_with("http://") || src.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_in_every_form_and_written_back() {
        for (text, ms, shown) in [
            ("1:02:03", 3_723_000, "1:02:03"),
            ("02:03", 123_000, "2:03"),
            ("2:03.5", 123_500, "2:03.5"),
            ("00:12:34", 754_000, "12:34"),
            ("0:00", 0, "0:00"),
            ("75:00", 4_500_000, "1:15:00"),
            ("1:00:00.125", 3_600_125, "1:00:00.125"),
        ] {
            let time = parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(time.millis(), ms, "{text}");
            assert_eq!(time.to_string(), shown, "{text}");
        }
        assert_eq!(parse("2:03.5").unwrap().fragment(), "123.5");
        for bad in [
            "1",
            "1:2",
            "1:60",
            "1:60:00",
            "a:00",
            "1:00.",
            "1:00.1234",
            ":00",
            "1:02:03:04",
            "-1:00",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_time_starts_a_paragraph_but_a_link_does_not() {
        assert_eq!(time_at("[00:12:34] Welcome"), Some((Time(754_000), 11)));
        assert_eq!(time_at("[1:02]"), Some((Time(62_000), 6)));
        assert_eq!(time_at("[1:02](https://e.org) x"), None);
        assert_eq!(time_at("[1:02]: https://e.org"), None);
        assert_eq!(time_at("[1:02][ref]"), None);
        assert_eq!(time_at("[1:02]x"), None);
        assert_eq!(time_at("[note] x"), None);
    }

    #[test]
    fn media_is_a_file_or_a_video_with_a_known_type() {
        let raw = |src: Option<&str>, t: Option<&str>, yt: Option<&str>| RawMedia {
            src: src.map(str::to_string),
            media_type: t.map(str::to_string),
            youtube: yt.map(str::to_string),
            offset: 0.0,
        };
        assert_eq!(
            Media::check(raw(Some("/audio/a.MP3"), None, None)),
            Ok(Media::File {
                src: "audio/a.MP3".into(),
                media_type: "audio/mpeg".into(),
                offset: 0.0
            })
        );
        assert!(
            Media::check(raw(Some("a.xyz"), None, None))
                .unwrap_err()
                .contains("audio/mpeg, audio/mp4")
        );
        assert!(
            Media::check(raw(Some("a.mp3"), Some("audio/mp3"), None))
                .unwrap_err()
                .starts_with("unknown media type `audio/mp3`; the known ones are audio/mpeg")
        );
        assert_eq!(
            Media::check(raw(None, None, Some("dQw4w9WgXcQ"))),
            Ok(Media::YouTube {
                id: "dQw4w9WgXcQ".into(),
                offset: 0.0
            })
        );
        assert!(Media::check(raw(Some("a.mp3"), None, Some("x"))).is_err());
        assert!(Media::check(raw(None, None, Some("a/b"))).is_err());
        assert_eq!(
            Media::check(raw(Some("https://e.org/a.mp3"), None, None))
                .unwrap()
                .static_file(),
            None
        );
    }
}
