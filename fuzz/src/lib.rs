//! Invariants shared by the fuzz targets. Each target checks these, not just the
//! absence of panics; a violated invariant panics, which libFuzzer reports as a crash.

use std::collections::BTreeMap;

use newsprint::Document;
use newsprint::reflow::Line;

/// Inputs larger than this are skipped: libFuzzer's mutations stay small anyway, and the
/// cap keeps one execution fast (size limits are tested in `tests/bad_input.rs`).
pub const MAX_INPUT: usize = 16 * 1024;

/// The input as text (lossy, as `newsprint --lossy` reads it), or `None` when too big.
pub fn text(data: &[u8]) -> Option<String> {
    (data.len() <= MAX_INPUT).then(|| String::from_utf8_lossy(data).into_owned())
}

/// Multiset of non-whitespace characters, folded through `ocr::narrow` (the OCR
/// clean-up widens `,` to `，` and spaced digits to `０`–`９`: changed, not lost).
pub fn non_ws<'a>(parts: impl IntoIterator<Item = &'a str>) -> BTreeMap<char, i64> {
    let mut m = BTreeMap::new();
    for s in parts {
        for c in s.chars().filter(|c| !c.is_whitespace()) {
            *m.entry(newsprint::ocr::narrow(c)).or_insert(0) += 1;
        }
    }
    m
}

/// Every text a document accounts for (README: nothing is dropped).
pub fn doc_texts(doc: &Document) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for p in &doc.pages {
        out.extend(p.section.as_deref());
        for a in &p.articles {
            out.extend(
                [&a.kicker, &a.headline, &a.subtitle, &a.byline].into_iter().flatten().map(|s| s.as_str()),
            );
            out.extend(a.blocks.iter().map(|b| b.text.as_str()));
        }
        out.extend(p.loose.iter().map(|b| b.text.as_str()));
        out.extend(p.removed.iter().map(|r| r.text.as_str()));
    }
    out
}

/// Asserts that two multisets are equal, naming the difference.
pub fn assert_same_chars(what: &str, input: &str, want: &BTreeMap<char, i64>, got: &BTreeMap<char, i64>) {
    if want != got {
        let lost: Vec<_> = want.iter().filter(|(c, n)| got.get(c).copied().unwrap_or(0) < **n).collect();
        let added: Vec<_> = got.iter().filter(|(c, n)| want.get(c).copied().unwrap_or(0) < **n).collect();
        panic!("{what}: lost {lost:?}, invented {added:?}, input {input:?}");
    }
}

/// Nothing lost and nothing invented between an input and its document.
pub fn check_document(input: &str, doc: &Document) {
    let want = non_ws([input.strip_prefix('\u{feff}').unwrap_or(input)]);
    let got = non_ws(doc_texts(doc));
    assert_same_chars("pipeline", input, &want, &got);
    for (i, p) in doc.pages.iter().enumerate() {
        assert_eq!(p.number, i + 1, "page numbering");
        for b in p.articles.iter().flat_map(|a| a.blocks.iter()).chain(p.loose.iter()) {
            assert!(!b.text.trim().is_empty(), "empty block {b:?}");
            assert!(!b.text.contains(['\n', '\r', '\u{c}']), "line break in block {b:?}");
            assert!(!b.lines.is_empty(), "block without lines {b:?}");
            assert!(b.lines.iter().all(|r| r.first >= 1 && r.first <= r.last), "line ranges {b:?}");
        }
        for a in &p.articles {
            assert!(a.byline.is_none() || !a.byline_lines.is_empty(), "byline without lines {a:?}");
        }
    }
}

/// Lines as the pipeline hands them to reflow: trimmed, non-blank, no line breaks or
/// control characters; `gap(i)` and `doubled(i, text)` set the flags of line `i`.
pub fn lines(input: &str, gap: impl Fn(usize) -> bool, doubled: impl Fn(usize, &str) -> bool) -> Vec<Line> {
    input
        .split(['\n', '\r', '\u{c}'])
        .enumerate()
        .map(|(i, l)| (i, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .map(|(i, l)| Line {
            no: i + 1,
            text: l.chars().filter(|c| !c.is_control() || *c == '\t').collect(),
            gap_before: gap(i),
            doubled: doubled(i, l),
        })
        .filter(|l| !l.text.trim().is_empty())
        .collect()
}

/// Reflow's order contract: every line is in exactly one unit, each unit's lines come in
/// input order, and the units come in input order, except that title lines or a byline
/// read into the middle of a paragraph (their lines strictly inside the paragraph's
/// span) follow that paragraph, in a run of their own. `want`: the input lines' numbers.
pub fn check_unit_order(units: &[newsprint::reflow::Unit], want: &[usize]) -> Result<(), String> {
    use newsprint::reflow::UnitKind;
    let mut used: Vec<usize> = units.iter().flat_map(|u| u.lines.iter().copied()).collect();
    used.sort_unstable();
    if used != want {
        return Err(format!("lines not used exactly once: {used:?} vs {want:?}"));
    }
    let mut last = 0;
    for (k, u) in units.iter().enumerate() {
        if !u.lines.windows(2).all(|w| w[0] < w[1]) {
            return Err(format!("unit {k}'s lines out of order: {:?}", u.lines));
        }
        let (Some(&first), Some(&end)) = (u.lines.first(), u.lines.last()) else {
            return Err(format!("unit {k} has no lines"));
        };
        if first > last {
            last = end;
            continue;
        }
        // Set after the paragraph it stood in, alone or in a run of such titles.
        let p = units[..k].iter().rev().find(|p| !matches!(p.kind, UnitKind::Title | UnitKind::Byline));
        let after =
            units[..k].iter().rev().take_while(|p| matches!(p.kind, UnitKind::Title | UnitKind::Byline));
        let inside = p.is_some_and(|p| {
            let (a, b) = (p.lines[0], p.lines[p.lines.len() - 1]);
            p.kind == UnitKind::Paragraph
                && a < first
                && end < b
                && after.clone().all(|t| a < t.lines[0] && t.lines[t.lines.len() - 1] < b)
        });
        if !inside || !matches!(u.kind, UnitKind::Title | UnitKind::Byline) {
            return Err(format!("unit {k} ({:?}, lines {:?}) out of input order", u.kind, u.lines));
        }
    }
    Ok(())
}
