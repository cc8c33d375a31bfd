//! Importing captions (WebVTT and SRT; the first byte chooses): any text
//! is refused with a reason, or made into a transcript that parses with
//! every turn made.

#![no_main]

use colloq::Format;
use colloq::hooks::import_round_trip;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let format = if data.first().is_some_and(|b| b % 2 == 0) {
        Format::Vtt
    } else {
        Format::Srt
    };
    let text = String::from_utf8_lossy(data.get(1..).unwrap_or_default());
    import_round_trip(&text, format);
});
