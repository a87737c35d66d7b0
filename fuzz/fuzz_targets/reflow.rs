//! Reflow: every input line ends up in exactly one unit, units come in input order (title
//! lines or a byline read into a paragraph follow it, see
//! `newsprint_fuzz::check_unit_order`), and the units' texts hold exactly the lines'
//! non-whitespace characters.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsprint::ReflowConfig;
use newsprint::reflow::reflow_lines;
use newsprint_fuzz::{assert_same_chars, check_unit_order, lines, non_ws, text};

fuzz_target!(|data: &[u8]| {
    let Some(input) = text(data) else { return };
    let flags = data.first().copied().unwrap_or(0);
    // Lines as the pipeline hands them over; the flag bits set `gap_before` / `doubled`
    // on some of them.
    let lines = lines(&input, |i| flags & 1 != 0 && i % 3 == 0, |i, _| flags & 2 != 0 && i % 5 == 0);
    let mut decisions = Vec::new();
    let units = reflow_lines(&lines, &ReflowConfig::default(), (flags & 4 != 0).then_some(&mut decisions));
    let want: Vec<usize> = lines.iter().map(|l| l.no).collect();
    if let Err(e) = check_unit_order(&units, &want) {
        panic!("{e}: {units:?}");
    }
    assert_same_chars(
        "reflow",
        &input,
        &non_ws(lines.iter().map(|l| l.text.as_str())),
        // Unit texts plus what the joins removed (hyphens at Latin line breaks).
        &non_ws(
            units
                .iter()
                .map(|u| u.text.as_str())
                .chain(units.iter().flat_map(|u| u.removed.iter().map(|r| r.text.as_str()))),
        ),
    );
    for u in &units {
        assert!(!u.text.trim().is_empty(), "empty unit {u:?}");
        assert!(u.measure.is_finite() && u.width.is_finite(), "non-finite width {u:?}");
    }
});
