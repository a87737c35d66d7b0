//! Whole pipeline, every configuration (prepasses forced on by flag bits): no panic, nothing lost or invented, well-formed
//! pages, rendering and JSON succeed, the JSON round-trips, and the text output read with
//! `--reflowed always` comes back unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsprint::columns::ColumnMode;
use newsprint::interleave::InterleaveMode;
use newsprint::ocr::OcrMode;
use newsprint::{Config, Document};
use newsprint_fuzz::{check_document, text};

fuzz_target!(|data: &[u8]| {
    // `decode` must agree with the standard library about where UTF-8 stops.
    match (newsprint::decode(data), std::str::from_utf8(data)) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(newsprint::Error::InvalidUtf8 { offset }), Err(e)) => assert_eq!(offset, e.valid_up_to()),
        (a, b) => panic!("decode {a:?} disagrees with from_utf8 {b:?}"),
    }
    let Some(input) = text(data) else { return };
    let flags = data.first().copied().unwrap_or(0);
    // Bits 3–5 force the input-specific prepasses on, whatever the input looks like.
    let force = |bit: u8| flags & bit != 0;
    let config = Config::new()
        .dedupe(flags & 1 == 0)
        .segment(flags & 2 == 0)
        .explain(force(4))
        .columns(if force(8) { ColumnMode::Always } else { ColumnMode::Auto })
        .interleave(if force(16) { InterleaveMode::Always } else { InterleaveMode::Auto })
        .ocr(if force(32) { OcrMode::Always } else { OcrMode::Auto });
    let doc = newsprint::repair_with(&input, config);
    check_document(&input, &doc);
    let mut out = Vec::new();
    newsprint::render::write_text(&doc, &mut out).expect("render to Vec");
    let once = std::str::from_utf8(&out).expect("text output is UTF-8");
    // Read as already one paragraph per line, the text output comes back unchanged.
    let again = newsprint::repair_with(once, Config::new().reflowed(newsprint::StageMode::Always));
    let mut twice = Vec::new();
    newsprint::render::write_text(&again, &mut twice).expect("render to Vec");
    assert_eq!(std::str::from_utf8(&twice).expect("UTF-8"), once, "--reflowed always changed the text output");
    let json = serde_json::to_string(&doc).expect("serialize");
    let back: Document = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back, doc, "JSON round trip");
});
