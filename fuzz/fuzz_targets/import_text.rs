//! Importing a printed transcript (an official page, a PDF's text): any
//! text is refused with a reason, or made into a transcript that parses
//! with every turn made.

#![no_main]

use colloq::Format;
use colloq::hooks::import_round_trip;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    import_round_trip(&String::from_utf8_lossy(data), Format::Text);
});
