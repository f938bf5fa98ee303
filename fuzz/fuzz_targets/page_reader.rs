//! The text page reader on any bytes: encoding detection, line reading,
//! reflow, segmentation. It may refuse the input; it must not panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = benbao::Options { date: benbao::PageDate::parse("2022-02").unwrap() };
    let _ = benbao::parse_reader(data, &opts, |a| {
        // what every article must be: no layout whitespace left in its text
        for p in &a.paragraphs {
            assert!(!p.contains('\n'), "a paragraph holds a line end: {p:?}");
        }
    });
});
