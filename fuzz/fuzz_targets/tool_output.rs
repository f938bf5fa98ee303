//! What the PDF and scan readers parse from their tools (pdftotext's bbox
//! XHTML, Tesseract's TSV) and the image bytes they check, on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    benbao_layout::fuzzing::tool_output(data);
});
