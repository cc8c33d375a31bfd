//! Views of a transcript's recording: the player, and the time of each
//! turn and paragraph as a link into it.

use serde::Serialize;

use crate::transcript::Time;
use crate::transcript::time::Media;

/// A transcript's recording, for the theme's player.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MediaView {
    /// `audio`, `video` or `youtube`.
    pub kind: &'static str,
    /// The file's address: from the site's root when `absolute` is false.
    pub src: String,
    pub absolute: bool,
    /// Its media type (`audio/mpeg`), for a file.
    pub media_type: Option<String>,
    /// The video's id, for YouTube.
    pub youtube: Option<String>,
    /// Seconds of recording before the transcript's times start.
    pub offset: String,
    /// The captions (WebVTT), from the site's root, when it has times.
    pub captions: Option<String>,
}

impl MediaView {
    pub(crate) fn of(media: &Media) -> MediaView {
        match media {
            Media::File {
                src,
                media_type,
                offset,
            } => {
                let absolute = media.static_file().is_none();
                MediaView {
                    kind: if media_type.starts_with("video/") {
                        "video"
                    } else {
                        "audio"
                    },
                    src: src.clone(),
                    absolute,
                    media_type: Some(media_type.clone()),
                    youtube: None,
                    offset: seconds(*offset),
                    captions: None,
                }
            }
            Media::YouTube { id, offset } => MediaView {
                kind: "youtube",
                src: format!("https://www.youtube.com/watch?v={id}"),
                absolute: true,
                media_type: None,
                youtube: Some(id.clone()),
                offset: seconds(*offset),
                captions: None,
            },
        }
    }

    /// The address of the recording at `time`, from a page `root` away
    /// from the site's root: a Media Fragment (`#t=754`) for a file, the
    /// video at that second for YouTube.
    pub(crate) fn at(&self, time: Time, root: &str) -> String {
        let at = time.fragment();
        match self.kind {
            "youtube" => format!("{}&t={}s", self.src, time.millis() / 1000),
            _ if self.absolute => format!("{}#t={at}", self.src),
            _ => format!("{root}{}#t={at}", self.src),
        }
    }
}

fn seconds(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// When a turn is spoken, for its `data-time-start` / `data-time-end` and
/// its time link.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TimeView {
    /// Seconds: `754`, `754.5`.
    pub start: String,
    /// When the next timed turn starts.
    pub end: Option<String>,
    /// As a reader reads it: `12:34`.
    pub shown: String,
    /// The recording at that time, from the site's root unless absolute.
    pub href: String,
    pub absolute: bool,
}

impl TimeView {
    pub(crate) fn new(start: Time, end: Option<Time>, media: Option<&MediaView>) -> TimeView {
        TimeView {
            start: start.fragment(),
            end: end.map(Time::fragment),
            shown: start.to_string(),
            href: media.map_or_else(|| format!("#t={}", start.fragment()), |m| m.at(start, "")),
            absolute: media.is_none_or(|m| m.absolute),
        }
    }
}

/// The link a paragraph's time is shown as, in a page `root` away from
/// the site's root.
pub(crate) fn time_link(time: Time, media: Option<&MediaView>, root: &str) -> String {
    let href = media.map_or_else(|| format!("#t={}", time.fragment()), |m| m.at(time, root));
    format!(
        "<a class=\"time\" href=\"{}\" data-time=\"{}\">{time}</a>",
        pulldown_cmark_escape_attr(&href),
        time.fragment()
    )
}

fn pulldown_cmark_escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_href(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_links_into_the_recording() {
        let file = MediaView::of(&Media::File {
            src: "audio/a.mp3".into(),
            media_type: "audio/mpeg".into(),
            offset: 0.0,
        });
        let t = Time::from_millis(754_500);
        assert_eq!(file.at(t, "../../"), "../../audio/a.mp3#t=754.5");
        assert_eq!(
            time_link(t, Some(&file), "../../"),
            "<a class=\"time\" href=\"../../audio/a.mp3#t=754.5\" data-time=\"754.5\">12:34.5</a>"
        );
        let video = MediaView::of(&Media::YouTube {
            id: "abc".into(),
            offset: 1.5,
        });
        assert_eq!(
            video.at(t, "../"),
            "https://www.youtube.com/watch?v=abc&t=754s"
        );
        assert_eq!(video.offset, "1.5");
        let view = TimeView::new(t, Some(Time::from_millis(760_000)), Some(&file));
        assert_eq!(
            (view.start.as_str(), view.end.as_deref()),
            ("754.5", Some("760"))
        );
        assert_eq!(
            (view.href.as_str(), view.absolute),
            ("audio/a.mp3#t=754.5", false)
        );
    }
}
