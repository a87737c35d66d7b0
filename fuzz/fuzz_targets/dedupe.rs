//! Dedupe: `dedupe_glyphs` returns the input or a string whose doubling gives back the
//! input's graphemes; `dedupe_lines` keeps + removes exactly the input's characters, keeps
//! line numbers in order and from the input, and never touches a line of running text
//! that has no doubling at its edges.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsprint::DedupeConfig;
use newsprint::dedupe::{dedupe_glyphs, dedupe_lines};
use newsprint_fuzz::{assert_same_chars, non_ws, text};

fuzz_target!(|data: &[u8]| {
    let Some(input) = text(data) else { return };
    let cfg = DedupeConfig::default();
    // Glyphs: either unchanged, or one copy of each doubled unit: every letter exactly
    // half as often, every other character (a lone punctuation mark may have lost its
    // copy in the extractor) at most as often and at least half as often.
    let g = dedupe_glyphs(&input, &cfg);
    if g.as_ref() != input {
        // Counted as they are (not folded through `ocr::narrow`, which would make a dash
        // the letter `一`): dedupe changes no character.
        let (gn, inn) = (exact_counts(g.as_ref()), exact_counts(&input));
        for (c, n) in &inn {
            let k = gn.get(c).copied().unwrap_or(0);
            let ok = if c.is_alphanumeric() { 2 * k == *n } else { k <= *n && 2 * k >= *n };
            assert!(ok, "dedupe_glyphs({input:?}) = {g:?}: {c:?} {n} -> {k}");
        }
        assert!(gn.keys().all(|c| inn.contains_key(c)), "dedupe_glyphs invented: {input:?} -> {g:?}");
        assert!(g.chars().count() >= 3, "collapsed to fewer than 3: {input:?} -> {g:?}");
    }
    // Lines: the non-blank lines, numbered.
    let lines: Vec<(usize, &str)> =
        input.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).filter(|(_, l)| !l.is_empty()).collect();
    let (out, removed) = dedupe_lines(&lines, &cfg);
    let want = non_ws(lines.iter().map(|(_, l)| *l));
    let got = non_ws(out.iter().map(|l| l.text.as_str()).chain(removed.iter().map(|r| r.text.as_str())));
    assert_same_chars("dedupe_lines", &input, &want, &got);
    let numbers: Vec<usize> = lines.iter().map(|l| l.0).collect();
    assert!(out.windows(2).all(|w| w[0].line <= w[1].line), "line order {out:?}");
    assert!(out.iter().all(|l| numbers.contains(&l.line)), "unknown line numbers {out:?}");
    assert!(removed.iter().all(|r| numbers.contains(&r.line)), "unknown removal lines {removed:?}");
    assert!(out.iter().all(|l| !l.text.trim().is_empty()), "empty line kept {out:?}");
    // Disabled: identity.
    let mut off = DedupeConfig::default();
    off.enabled = false;
    let (same, none) = dedupe_lines(&lines, &off);
    assert!(none.is_empty());
    assert_eq!(
        same.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(),
        lines.iter().map(|l| l.1).collect::<Vec<_>>()
    );
});

/// Multiset of non-whitespace characters, unfolded.
fn exact_counts(s: &str) -> std::collections::BTreeMap<char, i64> {
    let mut m = std::collections::BTreeMap::new();
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}
