//! Segmentation: the units of a reflowed page all come out (as title parts, bylines,
//! blocks, loose fragments or the section label), with exactly their characters, and
//! every input line of a unit is referenced by a block or an article's title lines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsprint::reflow::reflow_lines;
use newsprint::segment::segment_articles;
use newsprint::{ReflowConfig, SegmentConfig};
use newsprint_fuzz::{assert_same_chars, lines, non_ws, text};

fuzz_target!(|data: &[u8]| {
    let Some(input) = text(data) else { return };
    let flags = data.first().copied().unwrap_or(0);
    // Short lines marked doubled: headline-like units for the title matcher.
    let lines =
        lines(&input, |i| flags & 1 != 0 && i % 4 == 0, |_, l| flags & 2 != 0 && l.chars().count() <= 16);
    let units = reflow_lines(&lines, &ReflowConfig::default(), None);
    let mut cfg = SegmentConfig::default();
    cfg.enabled = flags & 8 == 0;
    let mut decisions = Vec::new();
    let page = segment_articles(&units, &cfg, (flags & 4 != 0).then_some(&mut decisions));
    let mut got: Vec<&str> = Vec::new();
    got.extend(page.section.as_deref());
    for a in &page.articles {
        got.extend(
            [&a.kicker, &a.headline, &a.subtitle, &a.byline].into_iter().flatten().map(|s| s.as_str()),
        );
        got.extend(a.blocks.iter().map(|b| b.text.as_str()));
    }
    got.extend(page.loose.iter().map(|b| b.text.as_str()));
    assert_same_chars("segment", &input, &non_ws(units.iter().map(|u| u.text.as_str())), &non_ws(got));
    assert!(page.removed.is_empty(), "segmentation removes nothing");
    for a in &page.articles {
        assert!(!a.blocks.is_empty() || a.headline.is_some(), "empty article {a:?}");
    }
});
