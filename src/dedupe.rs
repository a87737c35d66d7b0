//! Stage: removing fake-bold doubling.
//!
//! Newspapers fake a bold headline by drawing its text twice, slightly offset. Extractors
//! that do not drop overlapping glyphs emit the text twice, either run by run
//! (`雄安新区雄安新区：：““养老驿站养老驿站””托起托起`), character by character
//! (`雄雄安安新新区区`), as two identical lines, or — when each glyph became its own text
//! object — as a column of one- and two-character lines (`给` `给黄` `黄土` …).
//!
//! From plain text only context can tell a doubling from real reduplication
//! (一个个, 研究研究, 高高兴兴, 好不好、优不优), so the decision is made over a whole line
//! or a block of lines, never inside running text:
//! - a line is collapsed when it can be tiled *completely* by doubled units `XX`;
//! - a tiled stretch of at least [`DedupeConfig::min_partial`] deduplicated graphemes at
//!   the start or end of a line is collapsed too (pypdf glues several headlines on one
//!   line, only some of them fake bold), and the line is cut there;
//! - two identical neighbouring lines (or blocks of up to three lines) lose the copy;
//! - a column of tiny lines whose concatenation tiles completely becomes one line.
//! - in a block of short title lines, a line made only of words the block gave already
//!   is the second copy of a title the extractor interleaved word by word, and goes.
//!
//! Real reduplication survives because it is short (AA, AABB, ABAB over one- or
//! two-character stems) and sits inside running text, which never tiles a whole line.
//! Every removal is returned as a [`Removal`] record.
//!
//! Graphemes, not `char`s, are compared, so a base letter and its combining mark stay one
//! unit (unicode-segmentation).

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use crate::config::DedupeConfig;
use crate::model::{Removal, RemovalReason};

/// Collapses a fully doubled string (run- or character-doubled) to its single copy; any
/// other string is returned unchanged (borrowed).
///
/// ```
/// use newsprint::{dedupe::dedupe_glyphs, DedupeConfig};
/// let cfg = DedupeConfig::default();
/// assert_eq!(dedupe_glyphs("雄安新区雄安新区：：““养老驿站养老驿站””托起托起", &cfg),
///            "雄安新区：“养老驿站”托起");
/// assert_eq!(dedupe_glyphs("雄雄安安新新区区", &cfg), "雄安新区");
/// assert_eq!(dedupe_glyphs("一个个民生项目", &cfg), "一个个民生项目");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn dedupe_glyphs<'a>(text: &'a str, cfg: &DedupeConfig) -> Cow<'a, str> {
    if !cfg.enabled {
        return Cow::Borrowed(text);
    }
    let g: Vec<&str> = graphemes(text);
    match full_tiling(&g, cfg.max_graphemes) {
        Some(units) if units.iter().map(|u| u.len).sum::<usize>() >= 3 => {
            Cow::Owned(units.iter().map(|u| u.kept(&g)).collect())
        }
        _ => Cow::Borrowed(text),
    }
}

/// One unit of a tiling: graphemes `start..start+len`, repeated right after when
/// `doubled`; a lone punctuation mark otherwise (some extractors drop one copy of an
/// overlapping punctuation glyph but not of the letters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Unit {
    start: usize,
    len: usize,
    doubled: bool,
}

impl Unit {
    /// Graphemes the unit covers in the input.
    fn span(&self) -> usize {
        if self.doubled { 2 * self.len } else { self.len }
    }
    fn kept(&self, g: &[&str]) -> String {
        g[self.start..self.start + self.len].concat()
    }
    fn gone(&self, g: &[&str]) -> String {
        if self.doubled {
            g[self.start + self.len..self.start + 2 * self.len].concat()
        } else {
            String::new()
        }
    }
}

fn is_punct_grapheme(g: &str) -> bool {
    g.chars().all(|c| !crate::cjk::is_word_char(c))
}

/// The grapheme clusters of `s`: one per `char` when every char is simple (the common
/// case, and much cheaper), else by UAX #29 (unicode-segmentation).
fn graphemes(s: &str) -> Vec<&str> {
    // The chars counted in the same pass, to size the vector.
    let mut n = 0;
    if s.chars().all(|c| {
        n += 1;
        crate::cjk::is_simple_grapheme(c)
    }) {
        crate::collect_bounded(n, s.char_indices().map(|(i, c)| &s[i..i + c.len_utf8()]))
    } else {
        s.graphemes(true).collect()
    }
}

/// `graphemes(s).len()`, without collecting them.
fn grapheme_count(s: &str) -> usize {
    let mut n = 0;
    if s.chars().all(|c| {
        n += 1;
        crate::cjk::is_simple_grapheme(c)
    }) {
        n
    } else {
        s.graphemes(true).count()
    }
}

/// A 64-bit fingerprint of a letter grapheme: the XOR of its letters'
/// [`char_fingerprint`]s (so it equals the XOR over the chars of any text); 0 for
/// punctuation and spaces.
fn fingerprint(g: &str) -> u64 {
    g.chars().fold(0, |a, c| a ^ char_fingerprint(c))
}

/// A 64-bit mix of a letter's code point (one multiply and a shift: the fingerprints
/// only filter, a rare false zero costs a tiling attempt, not a wrong result; the full
/// splitmix64 cost ~6 instructions more per char on every line); 0 for anything that is
/// not a letter or digit.
#[inline]
fn char_fingerprint(c: char) -> u64 {
    if !crate::cjk::is_word_char(c) {
        return 0;
    }
    code_fingerprint(c as u32)
}

/// [`char_fingerprint`] of a letter or digit, from its code point.
#[inline]
fn code_fingerprint(u: u32) -> u64 {
    let z = u64::from(u).wrapping_add(0x9e37_79b9_7f4a_7c15).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z ^ (z >> 31)
}

/// Cheap necessary condition for a tiling: every letter grapheme occurs an even number
/// of times, so the XOR of their fingerprints is zero. Rejects nearly every line of
/// running text in one pass, without allocating.
fn letters_pair_up(g: &[&str]) -> bool {
    g.iter().fold(0u64, |acc, x| acc ^ fingerprint(x)) == 0
}

/// Tiles `g` completely by doubled units (and lone punctuation marks), preferring the
/// fewest units. `None` if it cannot be tiled, if less than four fifths of it is doubled,
/// or if it is longer than `cap` graphemes (bounds the work per line).
fn full_tiling(g: &[&str], cap: usize) -> Option<Vec<Unit>> {
    let n = g.len();
    if n < 2 || n > cap || !letters_pair_up(g) {
        return None;
    }
    // choice[i] = the unit chosen at i, if g[i..] tiles; cost[i] = units used.
    let mut choice: Vec<Option<Unit>> = vec![None; n + 1];
    let mut cost = vec![usize::MAX; n + 1];
    cost[n] = 0;
    for i in (0..n).rev() {
        let max_k = (n - i) / 2;
        for k in (1..=max_k).rev() {
            if cost[i + 2 * k] != usize::MAX
                && g[i..i + k] == g[i + k..i + 2 * k]
                && cost[i + 2 * k] + 1 < cost[i]
            {
                cost[i] = cost[i + 2 * k] + 1;
                choice[i] = Some(Unit { start: i, len: k, doubled: true });
            }
        }
        if is_punct_grapheme(g[i]) && cost[i + 1] != usize::MAX && cost[i + 1] + 2 < cost[i] {
            // A lone mark costs more than a doubled unit, so doubling is preferred.
            cost[i] = cost[i + 1] + 2;
            choice[i] = Some(Unit { start: i, len: 1, doubled: false });
        }
    }
    if cost[0] == usize::MAX {
        return None;
    }
    let mut units = Vec::new();
    let mut i = 0;
    while i < n {
        let u = choice[i]?;
        units.push(u);
        i += u.span();
    }
    let doubled: usize = units.iter().filter(|u| u.doubled).map(|u| 2 * u.len).sum();
    if doubled * 5 < n * 4 || !units.iter().any(|u| u.doubled) {
        return None;
    }
    Some(units)
}

/// The graphemes of a doubled stretch of a line, after analysis.
#[derive(Debug)]
struct Collapse {
    /// Grapheme range of the line that is doubled.
    range: std::ops::Range<usize>,
    units: Vec<Unit>,
}

/// Finds the doubled part of a line: the whole line, or a long tiled prefix or suffix.
fn analyse_line(g: &[&str], cfg: &DedupeConfig) -> Option<Collapse> {
    let n = g.len();
    if n < 4 || n > cfg.max_graphemes {
        return None;
    }
    if let Some(units) = full_tiling(g, cfg.max_graphemes) {
        let single: usize = units.iter().map(|u| u.len).sum();
        // A whole line must tile to at least three graphemes: `高高兴兴` (AABB) and
        // `研究研究` (ABAB) are indistinguishable from a doubled two-character headline,
        // and reduplication is far more common than two-character headlines.
        if single >= 3 {
            return Some(Collapse { range: 0..n, units });
        }
    }
    let min = cfg.min_partial;
    // Glued headlines are short; partial tilings are not searched in longer lines, which
    // keeps the search bounded.
    if n > 64 {
        return None;
    }
    // Prefix XOR of letter fingerprints: a stretch can only tile if its XOR is zero,
    // an O(1) test per candidate.
    let mut px = Vec::with_capacity(n + 1);
    px.push(0u64);
    for x in g {
        px.push(px[px.len() - 1] ^ fingerprint(x));
    }
    // Longest tiled suffix, then longest tiled prefix, of at least `min` single graphemes.
    for s in 1..n {
        if (n - s) < 2 * min {
            break;
        }
        if px[n] ^ px[s] != 0 {
            continue;
        }
        if let Some(units) = full_tiling(&g[s..], cfg.max_graphemes) {
            if strong(&units) && !repeated_sentence(&units, &g[s..]) && glued(&units, &g[s..], g[s - 1], g[s])
            {
                let units = units.into_iter().map(|u| Unit { start: u.start + s, ..u }).collect();
                return Some(Collapse { range: s..n, units });
            }
        }
    }
    for e in (2 * min..n).rev() {
        if px[e] != 0 {
            continue;
        }
        if let Some(units) = full_tiling(&g[..e], cfg.max_graphemes) {
            if strong(&units) && !repeated_sentence(&units, &g[..e]) && glued(&units, &g[..e], g[e - 1], g[e])
            {
                return Some(Collapse { range: 0..e, units });
            }
        }
    }
    None
}

/// A partial tiling counts only if it is unlike reduplication: a doubled run of three
/// or more graphemes, or four character doublings in a row (`高高兴兴` has two, and
/// running text can hold an AABB next to another AA).
fn strong(units: &[Unit]) -> bool {
    units.iter().any(|u| u.doubled && u.len >= 3)
        || units.windows(4).any(|w| w.iter().all(|u| u.doubled && u.len == 1))
}

/// Whether a tiled stretch may be a fake-bold text object glued to the rest of its line
/// (`都市里的村庄在多个发行版中工作在多个发行版中工作`), given the graphemes either side
/// of the cut. Running text repeats a short word or cry of its own (`孔子曰：“凤兮！凤兮！`,
/// `当归！当归！`, `的软件的软件包。`); a headline that short glued to other text is set
/// off from it by a gap (`以色列外长宣布辞职 小历史小历史`). So a stretch of fewer than
/// four letters counts only next to whitespace.
fn glued(units: &[Unit], g: &[&str], before: &str, after: &str) -> bool {
    let letters: usize = units
        .iter()
        .map(|u| {
            g[u.start..u.start + u.len].iter().filter(|x| x.chars().any(crate::cjk::is_word_char)).count()
        })
        .sum();
    letters >= 4 || before.trim().is_empty() || after.trim().is_empty()
}

/// A doubled run of several graphemes that holds a full stop is a sentence said twice in
/// running text (a quote repeated, a paragraph repeated), not a fake-bold headline:
/// headlines never hold a full stop, and a fake-bold one doubles its marks (`。。`).
fn repeated_sentence(units: &[Unit], g: &[&str]) -> bool {
    units.iter().any(|u| u.doubled && u.len >= 2 && g[u.start..u.start + u.len].contains(&"。"))
}

/// Whether a unit, if doubled, reads as character doubling: one grapheme, or one
/// grapheme repeated (`0000` is `00` drawn twice, or `0` and `0` each drawn twice).
fn char_like(u: &Unit, g: &[&str]) -> bool {
    g[u.start + 1..u.start + u.len].iter().all(|x| *x == g[u.start])
}

/// Splits the units of a tiled stretch where the doubling mode changes: a stretch of
/// two or more single-character units holding a letter (character-doubled text) next to
/// runs (run-doubled text) means separate text objects — two headlines, or a numbered
/// kicker — were glued on one line.
///
/// A doubled run of one grapheme repeated (`0000`: `00` drawn twice, or `0` and `0` each
/// drawn twice) reads either way, so it sides with the characters around it: the
/// digits of `22000088年年` are one headline, `2008年`, not `2`, `00` and `8年`.
fn mode_segments(units: &[Unit], g: &[&str]) -> Vec<std::ops::Range<usize>> {
    let chars_doubled = |u: &Unit| u.doubled && char_like(u, g);
    let mut is_char = vec![false; units.len()];
    let mut i = 0;
    while i < units.len() {
        if chars_doubled(&units[i]) {
            let mut j = i;
            while j < units.len() && chars_doubled(&units[j]) {
                j += 1;
            }
            let letters =
                units[i..j].iter().filter(|u| g[u.start].chars().any(crate::cjk::is_word_char)).count();
            // The single characters make the stretch: a repeated grapheme only joins one
            // (`————读读` after a run-doubled title is still run-doubled text).
            let single = units[i..j].iter().filter(|u| u.len == 1).count();
            if single >= 2 && letters >= 1 {
                for flag in &mut is_char[i..j] {
                    *flag = true;
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    // A lone space between doubled runs is the gap between two text objects as well.
    let gap = |u: &Unit| !u.doubled && g[u.start].trim().is_empty();
    for k in 1..units.len() {
        if gap(&units[k]) {
            if start < k {
                out.push(start..k);
            }
            start = k + 1;
        } else if is_char[k] != is_char[k - 1] && !gap(&units[k - 1]) {
            out.push(start..k);
            start = k;
        }
    }
    if start >= units.len() {
        return out;
    }
    out.push(start..units.len());
    out
}

/// A line as the dedupe stage sees it: text and its 1-based input line number.
#[derive(Debug, Clone, PartialEq)]
pub struct DedupedLine {
    /// 1-based line number in the input.
    pub line: usize,
    /// The line's text after dedupe.
    pub text: String,
    /// Whether fake-bold doubling was removed from this line (a strong headline signal).
    pub was_doubled: bool,
}

/// Dedupes a page's non-blank lines (`(line number, text)`), returning the new lines
/// and a record of everything removed. A line it leaves alone comes back exactly as
/// given, surrounding whitespace included.
///
/// ```
/// use newsprint::{dedupe::dedupe_lines, DedupeConfig};
/// let lines = [(1, "解决新矛盾"), (2, "解决新矛盾"), (3, "一个个项目落地。")];
/// let (out, removed) = dedupe_lines(&lines, &DedupeConfig::default());
/// assert_eq!(out.len(), 2);
/// assert_eq!(removed[0].text, "解决新矛盾");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn dedupe_lines(lines: &[(usize, &str)], cfg: &DedupeConfig) -> (Vec<DedupedLine>, Vec<Removal>) {
    let (out, removed) = dedupe_borrowed(lines, cfg, false, false);
    let out = out
        .into_iter()
        .map(|l| DedupedLine { line: l.line, text: l.text.into_owned(), was_doubled: l.was_doubled })
        .collect();
    (out, removed)
}

/// A [`DedupedLine`] whose text borrows from the input where dedupe left it as it was
/// (most lines): the pipeline then moves the input line's text instead of copying it.
#[derive(Debug)]
pub(crate) struct Deduped<'a> {
    pub line: usize,
    pub text: Cow<'a, str>,
    pub was_doubled: bool,
    /// Whether the trimmed text holds whitespace, where known already (a line dedupe
    /// left as it was: found in [`scan_line`]'s walk); `None` after any change.
    pub ws: Option<bool>,
}

/// [`dedupe_lines`], with texts borrowed where they are unchanged slices of the input.
///
/// `whole`: the lines are whole paragraphs already (text set one paragraph per line,
/// such as newsprint's own output), so only doubling inside a line is removed. What
/// spans lines (a title spread over tiny lines or several lines, a block set twice, a
/// closing mark parted from the text after it) is the extractor's habit with column
/// lines; between whole paragraphs a repeat is the writer's.
///
/// `trimmed`: every text is [`crate::cjk::trim`]med already (the pipeline's lines), so
/// it is not trimmed again.
pub(crate) fn dedupe_borrowed<'a>(
    lines: &[(usize, &'a str)],
    cfg: &DedupeConfig,
    whole: bool,
    trimmed: bool,
) -> (Vec<Deduped<'a>>, Vec<Removal>) {
    let mut removed = Vec::new();
    let mut out: Vec<Deduped<'a>> = Vec::with_capacity(lines.len());
    if !cfg.enabled {
        out.extend(lines.iter().map(|&(line, t)| Deduped {
            line,
            text: Cow::Borrowed(t),
            was_doubled: false,
            ws: None,
        }));
        return (out, removed);
    }
    // Closing punctuation, a gap, then more text (`》 北国有寒趣南疆闻花`): the mark ends the
    // text object before, the rest starts another; split them so each can be matched.
    let lines_in = lines;
    // Every line of `split` is trimmed (the marks cut off are no whitespace), which the
    // passes below rely on. Whether any input line was not (the pipeline trims them).
    let mut untrimmed = false;
    let mut split: Vec<(usize, &str)> = Vec::with_capacity(lines.len());
    for &(no, t0) in lines {
        let t = if trimmed { t0 } else { crate::cjk::trim(t0) };
        untrimmed |= t.len() != t0.len();
        let mark = t
            .char_indices()
            .find(|&(_, c)| !crate::cjk::is_line_start_forbidden(c))
            .map_or(t.len(), |(i, _)| i);
        let rest = &t[mark..];
        if !whole && mark > 0 && rest.starts_with(char::is_whitespace) && !rest.trim().is_empty() {
            split.push((no, &t[..mark]));
            split.push((no, rest.trim()));
        } else {
            split.push((no, t));
        }
    }
    let lines: &[(usize, &str)] = &split;
    // Each line's XOR of letter fingerprints, and whether any stretch of it could tile,
    // computed once.
    let mut px = Vec::new();
    let ((xors, may_tile), ws): ((Vec<u64>, Vec<bool>), Vec<bool>) = lines
        .iter()
        .map(|(_, t)| {
            let (x, m, w) = scan_line(t, cfg, &mut px);
            ((x, m), w)
        })
        .unzip();
    let mut i = 0;
    while i < lines.len() {
        // A column of tiny lines that together tile: `给` `给黄` `黄土` … `”`.
        let tiny = if whole { None } else { tiny_line_column(&lines[i..], cfg) };
        if let Some((used, text, gone)) = tiny {
            removed.push(Removal { line: lines[i].0, text: gone, reason: RemovalReason::DoubledCharacters });
            out.push(Deduped { line: lines[i].0, text: Cow::Owned(text), was_doubled: true, ws: None });
            i += used;
            continue;
        }
        // A doubled title whose copies the extractor spread over two to four lines.
        let spread = if whole { None } else { multi_line_doubling(&lines[i..], &xors[i..], cfg) };
        if let Some((used, parts)) = spread {
            for (kept, gone) in parts {
                removed.push(Removal { line: lines[i].0, text: gone, reason: RemovalReason::DoubledRuns });
                let kept = kept.trim();
                if !kept.is_empty() {
                    out.push(Deduped {
                        line: lines[i].0,
                        text: Cow::Owned(kept.to_string()),
                        was_doubled: true,
                        ws: None,
                    });
                }
            }
            i += used;
            continue;
        }
        // A doubled title whose two copies were cut at different places (`“称谓` /
        // `称谓”` / `”之忧`): each line repeats the end of the one above.
        let chain = if whole { None } else { overlap_chain(&lines[i..]) };
        if let Some((used, text, gone)) = chain {
            removed.push(Removal { line: lines[i].0, text: gone, reason: RemovalReason::DoubledRuns });
            out.push(Deduped { line: lines[i].0, text: Cow::Owned(text), was_doubled: true, ws: None });
            i += used;
            continue;
        }
        let (no, text) = lines[i];
        if may_tile[i] && whole {
            // A whole paragraph keeps its line: only a line that is exactly a text set
            // twice (a doubled title on a line of its own: what goes is what stays) is
            // collapsed, into one line.
            let (at, gone) = (out.len(), removed.len());
            split_and_collapse(no, text, cfg, &mut out, &mut removed);
            let kept: String =
                out[at..].iter().flat_map(|d| d.text.chars()).filter(|c| !c.is_whitespace()).collect();
            let lost: String =
                removed[gone..].iter().flat_map(|r| r.text.chars()).filter(|c| !c.is_whitespace()).collect();
            if kept != lost || out[at..].iter().any(|d| !d.was_doubled) {
                out.truncate(at);
                removed.truncate(gone);
                out.push(Deduped {
                    line: no,
                    text: Cow::Borrowed(text),
                    was_doubled: false,
                    ws: Some(ws[i]),
                });
            } else if out.len() > at + 1 {
                let joined: String = out[at..].iter().map(|d| d.text.as_ref()).collect();
                out.truncate(at);
                out.push(Deduped { line: no, text: Cow::Owned(joined), was_doubled: true, ws: None });
            }
        } else if may_tile[i] {
            split_and_collapse(no, text, cfg, &mut out, &mut removed);
        } else {
            out.push(Deduped { line: no, text: Cow::Borrowed(text), was_doubled: false, ws: Some(ws[i]) });
        }
        i += 1;
    }
    if !whole {
        drop_repeated_blocks(&mut out, &mut removed);
        drop_interleaved_copies(&mut out, &mut removed);
    }
    two_letter_titles(&mut out, &mut removed);
    if untrimmed {
        restore_untouched(&mut out, lines_in);
    }
    (out, removed)
}

/// The analysis above works on trimmed lines; a line dedupe left alone goes back exactly
/// as given, surrounding whitespace included (dedupe changes only what it removes).
/// Only a line number given once is restored: otherwise the input line is ambiguous.
/// (Nothing to restore when every input line was trimmed already: an untouched text then
/// equals its input line.)
fn restore_untouched<'a>(out: &mut [Deduped<'a>], lines: &[(usize, &'a str)]) {
    let mut by_no: rustc_hash::FxHashMap<usize, Option<&str>> = rustc_hash::FxHashMap::default();
    for &(no, t) in lines {
        by_no.entry(no).and_modify(|o| *o = None).or_insert(Some(t));
    }
    for l in out.iter_mut().filter(|l| !l.was_doubled) {
        if let Some(Some(t)) = by_no.get(&l.line) {
            if t.len() != l.text.len() && crate::cjk::trim(t) == l.text {
                l.text = Cow::Borrowed(t);
                l.ws = None;
            }
        }
    }
}

/// A line's XOR of letter fingerprints, and whether [`analyse_line`] could find a tiling
/// in it at all: the whole line, or a prefix or suffix of at least `2 * min_partial`
/// graphemes, needs a zero XOR over its letters. Checked at every char boundary (grapheme
/// boundaries are among them, and a stretch has at least as many chars as graphemes),
/// so `false` means `analyse_line` finds nothing, without segmenting the line.
/// `px`: a buffer for the prefix XORs (reused across lines).
fn scan_line(t: &str, cfg: &DedupeConfig, px: &mut Vec<u64>) -> (u64, bool, bool) {
    let min = 2 * cfg.min_partial;
    // Prefix XORs at every char boundary: `px[k]` after `k` chars. The buffer only
    // grows (to the longest line's bytes + 1, a bound on its chars): each line writes
    // its slots in place, without a push's length and capacity bookkeeping per char.
    if px.len() <= t.len() {
        px.resize(t.len() + 1, 0);
    }
    px[0] = 0;
    let mut acc = 0u64;
    let mut n = 0;
    let mut ws = false;
    // The chars decoded from the bytes by hand (`t` is UTF-8; slice patterns, no
    // bounds checks): the ideographs U+4E00–U+9FFF (nearly every char of a page) and
    // ASCII are told letters without `is_word_char`.
    let mut rest = t.as_bytes();
    while let [x, tail @ ..] = rest {
        let x = *x;
        let u = if x < 0x80 {
            rest = tail;
            u32::from(x)
        } else if x < 0xE0 {
            let [y, tail @ ..] = tail else { break };
            rest = tail;
            (u32::from(x & 0x1F) << 6) | u32::from(y & 0x3F)
        } else if x < 0xF0 {
            let [y, z, tail @ ..] = tail else { break };
            rest = tail;
            (u32::from(x & 0x0F) << 12) | (u32::from(y & 0x3F) << 6) | u32::from(z & 0x3F)
        } else {
            let [y, z, w, tail @ ..] = tail else { break };
            rest = tail;
            (u32::from(x & 0x07) << 18)
                | (u32::from(y & 0x3F) << 12)
                | (u32::from(z & 0x3F) << 6)
                | u32::from(w & 0x3F)
        };
        // Whitespace rides on the walk (no ideograph of the main block is whitespace).
        let letter = if (0x4E00..=0x9FFF).contains(&u) {
            true
        } else if u < 0x80 {
            ws |= (x == b' ') | (x.wrapping_sub(0x09) < 5);
            x.is_ascii_alphanumeric()
        } else {
            let c = char::from_u32(u);
            ws |= c.is_some_and(crate::cjk::is_space);
            c.is_some_and(crate::cjk::is_word_char)
        };
        if letter {
            acc ^= code_fingerprint(u);
        }
        n += 1;
        px[n] = acc;
    }
    let total = acc;
    if total == 0 || n < min {
        return (total, total == 0 || min == 0, ws);
    }
    // A prefix of at least `min` chars with a zero XOR, or a suffix of at least `min`
    // chars with one: a prefix XOR equal to the total at a boundary at least `min` chars
    // before the end. (Two folds without an exit, which the compiler vectorises.)
    let prefix = min == 0 || px[min..=n].iter().fold(false, |a, &x| a | (x == 0));
    let suffix = px[..=n - min].iter().fold(false, |a, &x| a | (x == total));
    (total, prefix || suffix, ws)
}

fn split_and_collapse<'a>(
    no: usize,
    text: &'a str,
    cfg: &DedupeConfig,
    out: &mut Vec<Deduped<'a>>,
    removed: &mut Vec<Removal>,
) {
    let g: Vec<&str> = graphemes(text);
    let Some(c) = analyse_line(&g, cfg) else {
        out.push(Deduped { line: no, text: Cow::Borrowed(text), was_doubled: false, ws: None });
        return;
    };
    let head = g[..c.range.start].concat();
    if !head.trim().is_empty() {
        out.push(Deduped {
            line: no,
            text: Cow::Owned(head.trim().to_string()),
            was_doubled: false,
            ws: None,
        });
    }
    for seg in mode_segments(&c.units, &g) {
        let units = &c.units[seg];
        let kept: String = units.iter().map(|u| u.kept(&g)).collect();
        let gone: String = units.iter().map(|u| u.gone(&g)).collect();
        let char_mode = units.iter().all(|u| char_like(u, &g));
        removed.push(Removal {
            line: no,
            text: gone,
            reason: if char_mode { RemovalReason::DoubledCharacters } else { RemovalReason::DoubledRuns },
        });
        let kept = kept.trim();
        if !kept.is_empty() {
            out.push(Deduped { line: no, text: Cow::Owned(kept.to_string()), was_doubled: true, ws: None });
        }
    }
    let tail = g[c.range.end..].concat();
    if !tail.trim().is_empty() {
        out.push(Deduped {
            line: no,
            text: Cow::Owned(tail.trim().to_string()),
            was_doubled: false,
            ws: None,
        });
    }
}

/// A line of exactly two doubled letters (`网关网关`) is collapsed only on a page whose
/// other lines show fake-bold doubling: alone it reads as reduplication (`研究研究`),
/// but where the extractor doubles headlines, a line of nothing but such a pair (no
/// mark, so no paragraph's last line) is a two-character headline.
fn two_letter_titles(out: &mut [Deduped<'_>], removed: &mut Vec<Removal>) {
    if !out.iter().any(|l| l.was_doubled) {
        return;
    }
    for l in out.iter_mut().filter(|l| !l.was_doubled) {
        // Four graphemes of nothing but ideographs are exactly four ideographs (they
        // never cluster), 12 to 16 bytes: most lines are out on their length alone.
        let t = crate::cjk::trim(&l.text);
        if !(12..=16).contains(&t.len()) {
            continue;
        }
        let mut g = [' '; 4];
        let mut n = 0;
        for c in t.chars() {
            if n == 4 || !crate::cjk::is_han(c) {
                n = 5;
                break;
            }
            g[n] = c;
            n += 1;
        }
        if n != 4 {
            continue;
        }
        let (kept, gone) = if g[0] == g[2] && g[1] == g[3] && g[0] != g[1] {
            (format!("{}{}", g[0], g[1]), format!("{}{}", g[2], g[3]))
        } else {
            continue;
        };
        removed.push(Removal { line: l.line, text: gone, reason: RemovalReason::DoubledRuns });
        l.text = Cow::Owned(kept);
        l.ws = None;
        l.was_doubled = true;
    }
}

/// A column of tiny lines left by character doubling when every glyph became its own
/// text object: `给` `给黄` `黄土` … `年”` `”`. Line 0 is one grapheme `a`; each next line
/// is two graphemes, the first repeating the previous line's last; the column ends with a
/// one-grapheme line repeating the previous line's last. Checked in one pass (linear).
/// `lines` are trimmed. Returns (lines used, kept text, removed text).
fn tiny_line_column(lines: &[(usize, &str)], cfg: &DedupeConfig) -> Option<(usize, String, String)> {
    // Quick reject: the column starts with a line of one grapheme.
    if lines.first()?.1.chars().nth(1).is_some() {
        return None;
    }
    let g = |k: usize| -> Vec<&str> { graphemes(lines[k].1) };
    let first = g(0);
    if first.len() != 1 {
        return None;
    }
    let mut kept = vec![first[0]];
    let mut k = 1;
    while k < lines.len() && k <= cfg.max_graphemes {
        let cur = g(k);
        let prev_last = *kept.last().expect("non-empty");
        match cur.as_slice() {
            [a, b] if *a == prev_last => kept.push(b),
            [a] if *a == prev_last && kept.len() >= 3 => {
                let kept_text: String = kept.concat();
                return Some((k + 1, kept_text.clone(), kept_text));
            }
            _ => return None,
        }
        k += 1;
    }
    None
}

/// Two to twelve short lines whose concatenation tiles completely (the shortest such
/// block wins, so two doubled headlines in a row stay two lines), when the first line does
/// not tile on its own. `lines` are trimmed. Returns (lines used, kept text, removed text).
fn multi_line_doubling(
    lines: &[(usize, &str)],
    xors: &[u64],
    cfg: &DedupeConfig,
) -> Option<(usize, Vec<(String, String)>)> {
    const MAX_LINE: usize = 40;
    // pdftotext -raw can spread one doubled title over a dozen lines, each holding the
    // end of one run and the start of the next (`学术自审与地缘文化` / `学术自审与地缘文化—`
    // / `——` / `—读` / `读` …).
    const MAX_BLOCK: usize = 12;
    if lines.first()?.1.len() > 4 * MAX_LINE || lines.len() < 2 {
        return None;
    }
    // O(1) rejection from the lines' fingerprint XORs: no block of 2–12 lines can tile.
    let mut acc = xors[0];
    let mut possible = false;
    for x in xors.iter().take(MAX_BLOCK).skip(1) {
        acc ^= x;
        possible |= acc == 0;
    }
    if !possible {
        return None;
    }
    // A finished sentence repeated is text, not a doubled title.
    if is_text_sentence(lines[0].1) {
        return None;
    }
    let first: Vec<&str> = graphemes(lines[0].1);
    if first.is_empty() || first.len() > MAX_LINE || full_tiling(&first, cfg.max_graphemes).is_some() {
        return None;
    }
    let mut g: Vec<&str> = first;
    // The shortest block that tiles wins, but a longer one that needs no lone
    // punctuation is preferred (`收费电话` / `收费电话，` / `，`).
    let mut found: Option<(usize, Vec<(String, String)>)> = None;
    for k in 2..=MAX_BLOCK.min(lines.len()) {
        let next: Vec<&str> = graphemes(lines[k - 1].1);
        // Titles hold no full stop: a block reaching a finished sentence is text.
        if next.is_empty() || next.len() > MAX_LINE || is_text_sentence(lines[k - 1].1) {
            break;
        }
        g.extend(next);
        // A block ending in a clause mark drawn once (`只在酒店休息了几个小时` /
        // `只在酒店休息了几个小时，`) ends in running text: a title holds no clause mark at
        // its end, and fake bold draws the marks of one twice; the lower line is the first
        // line of a body that opens with the title's words.
        let open_clause = |u: &Vec<Unit>| {
            u.last()
                .is_some_and(|l| !l.doubled && matches!(g[l.start], "，" | "、" | "；" | "：" | "," | ";"))
        };
        if let Some(units) = full_tiling(&g, cfg.max_graphemes).filter(|u| !lone_aa(u, &g) && !open_clause(u))
        {
            let letters: usize = units
                .iter()
                .map(|u| u.kept(&g).chars().filter(|&c| crate::cjk::is_word_char(c)).count())
                .sum();
            if letters >= 3 {
                // Cut where the doubling mode changes, as on a single line: separate
                // text objects (`网关` / `五、` / `认为资产经营高于生产经营`).
                let parts = mode_segments(&units, &g)
                    .into_iter()
                    .map(|r| {
                        let us = &units[r];
                        (us.iter().map(|u| u.kept(&g)).collect(), us.iter().map(|u| u.gone(&g)).collect())
                    })
                    .collect();
                if units.iter().all(|u| u.doubled || g[u.start].trim().is_empty()) {
                    return Some((k, parts));
                }
                found.get_or_insert((k, parts));
            }
        }
    }
    found
}

/// Three or more short consecutive lines, each after the first opening with what the line
/// above ends with, and each between the first and the last holding nothing else but
/// the start of the line below: the two copies of a fake-bold title, cut at different
/// places. Running text never repeats itself at line starts like this. `lines` are
/// trimmed. Returns (lines used, kept text, removed text).
fn overlap_chain(lines: &[(usize, &str)]) -> Option<(usize, String, String)> {
    const MAX_LINE: usize = 12;
    // Cheap necessary tests first (this runs on every line): three consecutive lines,
    // the first two no longer in bytes than 12 characters can be, and line 1 opening
    // with a character line 0 holds after its first.
    let [(n0, a), (n1, b), (n2, _), ..] = lines else { return None };
    if *n1 != n0 + 1 || *n2 != n0 + 2 || a.len() > 4 * MAX_LINE || b.len() > 4 * MAX_LINE {
        return None;
    }
    let first_b = b.chars().next()?;
    let first_a = a.chars().next()?;
    if !crate::cjk::holds_char(&a[first_a.len_utf8()..], first_b) {
        return None;
    }
    let short = |k: usize| {
        lines.get(k).is_some_and(|&(no, t)| {
            no == lines[0].0 + k
                && !t.is_empty()
                && t.chars().count() <= MAX_LINE
                && !is_text_sentence(t)
                && !t.chars().any(char::is_whitespace)
        })
    };
    if !short(0) || !short(1) {
        return None;
    }
    // The first overlap: the longest end of line 0 that line 1 opens with, shorter than both.
    let (a, b) = (lines[0].1, lines[1].1);
    let head =
        a.char_indices().skip(1).map(|(p, _)| &a[p..]).find(|s| b.starts_with(s) && s.len() < b.len())?;
    let mut kept = a.to_string();
    let mut gone = head.to_string();
    let mut tail = &b[head.len()..];
    kept.push_str(tail);
    let mut k = 2;
    while short(k) && lines[k].1.starts_with(tail) && lines[k].1.len() > tail.len() {
        gone.push_str(tail);
        let rest = &lines[k].1[tail.len()..];
        kept.push_str(rest);
        tail = rest;
        k += 1;
    }
    let letters = kept.chars().filter(|&c| crate::cjk::is_word_char(c)).count();
    (k >= 3 && letters >= 3 && !is_text_sentence(&kept)).then_some((k, kept, gone))
}

/// A doubled single letter standing alone among longer runs (`…片区、` / `…片区、看看`):
/// that is reduplication (AA) more often than doubling, so such a tiling is not trusted.
fn lone_aa(units: &[Unit], g: &[&str]) -> bool {
    let single = |k: usize| units.get(k).is_some_and(|u| u.doubled && u.len == 1);
    (0..units.len()).any(|k| {
        let letter = single(k) && !is_punct_grapheme(g[units[k].start]);
        let in_stretch = (k > 0 && single(k - 1)) || single(k + 1);
        letter && !in_stretch
    })
}

/// A finished sentence that reads as text rather than a headline: it ends with a full
/// stop (headlines never do), or it is long. Short exclamations and questions can be
/// headlines (`如此美容美发店！`).
fn is_text_sentence(text: &str) -> bool {
    if !crate::cjk::ends_sentence(text) {
        return false;
    }
    let last = text.trim_end().chars().rev().find(|&c| !crate::cjk::is_closing(c));
    matches!(last, Some('。' | '.' | '；' | '…')) || text.chars().count() > 12
}

/// Identical neighbouring lines, or blocks of two or three lines repeated at once: the
/// second copy goes. Only short title-like lines count (body lines never repeat).
fn drop_repeated_blocks(out: &mut Vec<Deduped<'_>>, removed: &mut Vec<Removal>) {
    let titleish = |l: &Deduped<'_>| {
        // Counted only as far as the limit (a body line is longer).
        let n = l.text.chars().filter(|&c| !crate::cjk::is_space(c)).take(41).count();
        // A finished sentence is text, which may well be repeated; a short exclamation
        // can still be a headline (`如此美容美发店！`).
        (2..=40).contains(&n) && !is_text_sentence(&l.text) && l.text.chars().any(crate::cjk::is_word_char)
    };
    let mut i = 0;
    while i < out.len() {
        let mut dropped = false;
        if i + 1 < out.len()
            && may_punct_copy(&out[i].text, &out[i + 1].text)
            && titleish(&out[i])
            && punct_copy(out, i, removed)
        {
            continue;
        }
        for k in 1..=3 {
            if i + 2 * k > out.len() {
                break;
            }
            // A repeated block of several lines that finishes a sentence is text set
            // twice, not a title drawn twice.
            // (The cheap comparison first: most lines repeat nothing.)
            let same = (0..k).all(|d| out[i + d].text == out[i + k + d].text);
            if same
                && !(k > 1 && (i..i + k).any(|j| crate::cjk::ends_sentence(&out[j].text)))
                && (i..i + 2 * k).all(|j| titleish(&out[j]))
            {
                for d in 0..k {
                    let gone = &out[i + k + d];
                    removed.push(Removal {
                        line: gone.line,
                        text: gone.text.to_string(),
                        reason: RemovalReason::RepeatedLine,
                    });
                }
                for d in 0..k {
                    out[i + d].was_doubled = true;
                }
                out.drain(i + k..i + 2 * k);
                dropped = true;
                break;
            }
        }
        // A title line repeated at the start of the next line, which goes on with another
        // text object after a space (`各国政要发表新年贺词` / `各国政要发表新年贺词 学术…`):
        // the copy goes, the rest stays as a line of its own.
        if !dropped
            && i + 1 < out.len()
            && out[i + 1].text.starts_with(&*out[i].text)
            && titleish(&out[i])
            && titleish(&out[i + 1])
        {
            let a = out[i].text.to_string();
            // Only a title of ideographs followed by another title-like text: a body
            // line may well start with the word a title ends with (`aptitude`).
            if a.chars().count() >= 4 && a.chars().any(crate::cjk::is_han) {
                if let Some(rest) = out[i + 1].text.strip_prefix(a.as_str()) {
                    let title_like = !rest.contains(['，', '。', ',', '；']);
                    if rest.starts_with(char::is_whitespace) && !rest.trim().is_empty() && title_like {
                        let line = out[i + 1].line;
                        removed.push(Removal { line, text: a, reason: RemovalReason::RepeatedLine });
                        out[i + 1].text = Cow::Owned(rest.trim().to_string());
                        out[i + 1].ws = None;
                        out[i].was_doubled = true;
                    }
                }
            }
        }
        // `废汉帝陈留践位` / `第四回第四回` / `废汉帝陈留践位`: a fake-bold part between two
        // copies of the rest, which the doubling of the line split apart.
        if !dropped
            && i + 2 < out.len()
            && out[i + 1].was_doubled
            && out[i].text == out[i + 2].text
            && titleish(&out[i])
            && out[i].text.chars().count() >= 4
        {
            let gone = out.remove(i);
            removed.push(Removal {
                line: gone.line,
                text: gone.text.into_owned(),
                reason: RemovalReason::RepeatedLine,
            });
            out[i + 1].was_doubled = true;
            dropped = true;
        }
        // A title drawn twice except for a prefix drawn once (`四、过分强调低成本扩张` /
        // `过分强调低成本扩张`): the second line is a long suffix of the first.
        if !dropped
            && i + 1 < out.len()
            && (out[i].text.ends_with(&*out[i + 1].text) || out[i + 1].text.ends_with(&*out[i].text))
            && titleish(&out[i])
            && titleish(&out[i + 1])
        {
            let (a, b) = (&out[i].text, &out[i + 1].text);
            let (na, nb) = (a.chars().count(), b.chars().count());
            if nb >= 4 && nb < na && 2 * nb >= na && a.ends_with(&**b) {
                let gone = out.remove(i + 1);
                removed.push(Removal {
                    line: gone.line,
                    text: gone.text.into_owned(),
                    reason: RemovalReason::RepeatedLine,
                });
                out[i].was_doubled = true;
                dropped = true;
            } else if na >= 4 && na < nb && 2 * na >= nb && b.ends_with(&**a) {
                // The other order (`过分强调低成本扩张` / `四四、、过分强调低成本扩张`): the
                // first line is the copy, and the prefix before it on the second line is
                // itself drawn twice.
                let gone = out.remove(i);
                removed.push(Removal {
                    line: gone.line,
                    text: gone.text.to_string(),
                    reason: RemovalReason::RepeatedLine,
                });
                let cut = out[i].text.len() - gone.text.len();
                let head_str = out[i].text[..cut].to_string();
                let trimmed = head_str.trim_end();
                let head: Vec<&str> = graphemes(trimmed);
                if let Some(units) = full_tiling(&head, 64) {
                    let kept: String = units.iter().map(|u| u.kept(&head)).collect();
                    let lost: String = units.iter().map(|u| u.gone(&head)).collect();
                    removed.push(Removal {
                        line: out[i].line,
                        text: lost,
                        reason: RemovalReason::DoubledRuns,
                    });
                    let gap = if trimmed.len() < head_str.len() { " " } else { "" };
                    out[i].text = Cow::Owned(format!("{kept}{gap}{}", gone.text));
                    out[i].ws = None;
                }
                out[i].was_doubled = true;
                dropped = true;
            }
        }
        if !dropped {
            i += 1;
        }
    }
}

/// A fake-bold title whose two copies the extractor interleaved word by word across its
/// lines (`第四回第四回   废汉帝陈留践位` / `谋董贼孟德献刀` / `废汉帝陈留践位   谋董贼孟德献刀`):
/// within a block of short title-like lines, a line made only of words (runs between
/// gaps) that the block gave already is the copy, and goes; the first occurrences stay in
/// order. Every word must repeat, at least two of them, each of three letters or more with
/// an ideograph: a title may repeat one word, never a whole line of them, and
/// reduplication (一个个, 研究研究) never stands between gaps as a word of its own.
fn drop_interleaved_copies(out: &mut Vec<Deduped<'_>>, removed: &mut Vec<Removal>) {
    // Short, unfinished lines only; counted only as far as the limit.
    let titleish = |l: &Deduped<'_>| {
        let n = l.text.chars().filter(|&c| !crate::cjk::is_space(c)).take(41).count();
        (2..=40).contains(&n)
            && !crate::cjk::ends_sentence(&l.text)
            && !l.text.contains(['，', '。', ',', '；'])
    };
    let word_ok = |w: &str| grapheme_count(w) >= 3 && w.chars().any(crate::cjk::is_han);
    // Only on a page where dedupe found a line drawn twice: a fake-bold title shows
    // its doubling in at least one line (its first, where both copies start alike).
    if !out.iter().any(|l| l.was_doubled) {
        return;
    }
    let mut i = 1;
    while i < out.len() {
        // Most lines hold no inner space, so no two words: known from the fingerprint
        // walk for a line left as it was, else the crate's byte pretest decides them
        // without decoding the line.
        if !out[i].ws.unwrap_or_else(|| crate::cjk::has_whitespace(crate::cjk::trim(&out[i].text))) {
            i += 1;
            continue;
        }
        let words: Vec<&str> = out[i].text.split_whitespace().collect();
        if !(words.len() >= 2 && words.iter().all(|w| word_ok(w)) && titleish(&out[i])) {
            i += 1;
            continue;
        }
        // The block above: title-like lines at most one blank line apart, up to four.
        let mut j = i;
        while j > 0 && i - j < 4 && out[j].line <= out[j - 1].line + 2 && titleish(&out[j - 1]) {
            j -= 1;
        }
        let given = |w: &&str| out[j..i].iter().any(|l| l.text.split_whitespace().any(|x| x == *w));
        if j == i || !words.iter().all(given) {
            i += 1;
            continue;
        }
        let g = out.remove(i);
        // Every block line a word of the copy repeats was drawn twice: a title.
        for l in &mut out[j..i] {
            if l.text.split_whitespace().any(|x| g.text.split_whitespace().any(|w| w == x)) {
                l.was_doubled = true;
            }
        }
        removed.push(Removal { line: g.line, text: g.text.into_owned(), reason: RemovalReason::DoubledRuns });
    }
}

/// A necessary condition for [`punct_copy`] to change anything, cheap enough to test
/// before whether the line is title-like: `a` ends with a mark `b` starts with, or one
/// is the other plus a single char.
fn may_punct_copy(a: &str, b: &str) -> bool {
    let plus_one = |x: &str, y: &str| (1..=4).contains(&(y.len().wrapping_sub(x.len()))) && y.starts_with(x);
    a.chars().next_back().is_some_and(|p| crate::cjk::is_line_start_forbidden(p) && b.starts_with(p))
        || plus_one(a, b)
        || plus_one(b, a)
}

/// The copies of a fake-bold title that an extractor cut at a punctuation mark
/// (`收费电话，` / `，` / `收费电话`, `当代学术：` / `：川籍学者文丛`): a line that starts
/// with the mark the line before ends with loses it (no line starts with `，：》…`), and a
/// line that is its neighbour less a closing mark goes. Returns whether `out` changed.
fn punct_copy(out: &mut Vec<Deduped<'_>>, i: usize, removed: &mut Vec<Removal>) -> bool {
    // At most 40 chars, counted only as far as that.
    let short = |t: &str| t.len() <= 40 || (t.len() <= 4 * 40 && t.chars().nth(40).is_none());
    let (a, b) = (&out[i].text, &out[i + 1].text);
    if !short(a) || !short(b) {
        return false;
    }
    // Only beside lines drawn twice: running text may start a window with a mark.
    let core =
        |t: &str| t.trim_matches(|c: char| crate::cjk::is_cjk_punct(c) || c.is_whitespace()).to_string();
    let copied = || {
        let lo = i.saturating_sub(3);
        let hi = (i + 5).min(out.len());
        (lo..hi).any(|x| {
            let cx = core(&out[x].text);
            short(&out[x].text)
                && cx.chars().filter(|&c| crate::cjk::is_han(c)).count() >= 2
                && (x + 1..hi).any(|y| core(&out[y].text) == cx)
        })
    };
    if let Some(p) = a.chars().next_back().filter(|&p| crate::cjk::is_line_start_forbidden(p)) {
        if b.starts_with(p) && (out[i].was_doubled || copied()) {
            let line = out[i + 1].line;
            removed.push(Removal { line, text: p.to_string(), reason: RemovalReason::DoubledRuns });
            let rest = out[i + 1].text[p.len_utf8()..].trim().to_string();
            if rest.is_empty() {
                out.remove(i + 1);
            } else {
                out[i + 1].text = Cow::Owned(rest);
                out[i + 1].ws = None;
            }
            out[i].was_doubled = true;
            return true;
        }
    }
    // `非官方来源` / `非官方来源：`: keep the copy with the mark.
    let less = |x: &str, y: &str| {
        y.strip_prefix(x)
            .is_some_and(|m| m.chars().count() == 1 && m.chars().all(crate::cjk::is_line_start_forbidden))
            && x.chars().filter(|&c| crate::cjk::is_han(c)).count() >= 2
    };
    let gone = if less(a, b) {
        i
    } else if less(b, a) {
        i + 1
    } else {
        return false;
    };
    // The copy with the mark must show the mark drawn twice: the line below it opens
    // with the mark's copy (`非官方来源` / `非官方来源：` / `：mentors.debian.net`), or a
    // copy was cut off it already (`收费电话，` / `，`). Otherwise the line with one mark
    // more is running text opening with the title's words (`只在酒店休息了几个小时` /
    // `只在酒店休息了几个小时，` / `没有来得及吃早餐，…`): body lines end with a clause mark.
    let kept = if gone == i { i + 1 } else { i };
    let mark = out[kept].text.chars().next_back();
    let mark_copied = out.get(kept + 1).is_some_and(|l| mark.is_some_and(|m| l.text.starts_with(m)));
    if !out[kept].was_doubled && !mark_copied {
        return false;
    }
    // A line that carried its own doubling (`只只在在酒酒店店…`) had both its copies
    // already: the line below with a mark more is the body's first line opening with
    // the title's words (`只在酒店休息了几个小时，`), not a third copy.
    if out[gone].was_doubled {
        return false;
    }
    let g = out.remove(gone);
    removed.push(Removal { line: g.line, text: g.text.into_owned(), reason: RemovalReason::RepeatedLine });
    out[i].was_doubled = true;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `scan_line` as it was written on `chars`, prefix test in the loop.
    fn scan_line_by_chars(t: &str, min: usize) -> (u64, bool) {
        let mut px = vec![0u64];
        let mut acc = 0u64;
        let mut prefix = min == 0;
        for c in t.chars() {
            acc ^= char_fingerprint(c);
            px.push(acc);
            prefix |= acc == 0 && px.len() > min;
        }
        let n = px.len() - 1;
        if acc == 0 || prefix {
            return (acc, true);
        }
        (acc, n >= min && px[..=n - min].contains(&acc))
    }

    #[test]
    fn grapheme_count_counts_graphemes() {
        for s in [
            "",
            "a",
            "中文",
            "e\u{301}te\u{301}",
            "한국어",
            "\u{1100}\u{1161}\u{11a8}",
            "👨\u{200d}👩",
            "a b\r\n",
        ] {
            assert_eq!(grapheme_count(s), graphemes(s).len(), "{s:?}");
        }
    }

    #[test]
    fn scan_line_decodes_like_chars() {
        let texts = [
            "",
            "a",
            "abab",
            "称谓称谓",
            "xx称谓称谓",
            "称谓称谓”之忧",
            "一丁一丁",
            "é𠀀é𠀀",
            "「〆々〇」ａｂａｂ",
            "\u{85}\u{a0}１２１２",
            "秦华孙回顾了一年来工作",
            "䶵㐀䶵㐀",
            "称谓 称谓",
            "称谓\u{3000}称谓",
            "\t１２",
            "a\u{2028}",
            "\u{1680}一",
        ];
        let mut px = Vec::new();
        for t in texts {
            for min in [0, 1, 2, 4, 6] {
                let cfg = DedupeConfig { min_partial: min / 2, ..DedupeConfig::default() };
                let (x, m, ws) = scan_line(t, &cfg, &mut px);
                assert_eq!((x, m), scan_line_by_chars(t, 2 * (min / 2)), "{t:?} {min}");
                assert_eq!(ws, crate::cjk::has_whitespace(t), "{t:?}");
            }
        }
    }

    #[test]
    fn title_copies_cut_at_different_places_over_three_lines() {
        let l = [(5, "“称谓"), (6, "称谓”"), (7, "”之忧"), (8, "秦华孙回顾了一年来")];
        assert_eq!(overlap_chain(&l), Some((3, "“称谓”之忧".to_string(), "称谓”".to_string())));
        // Two lines are not enough, nor a chain reaching a finished sentence.
        assert_eq!(overlap_chain(&l[..2]), None);
        assert_eq!(overlap_chain(&[(1, "我们的"), (2, "的人民"), (3, "人民。")]), None);
        // Lines must be consecutive.
        assert_eq!(overlap_chain(&[(5, "“称谓"), (6, "称谓”"), (8, "”之忧")]), None);
    }

    fn cfg() -> DedupeConfig {
        DedupeConfig::default()
    }

    #[test]
    fn repeated_digits_in_a_character_doubled_title_stay_in_it() {
        // `0000` tiles as `00` drawn twice as well as `0`, `0` each drawn twice: it must
        // not part the title where a run meets single characters.
        for (doubled, title) in [
            ("22000088年年全全国国两两会会", "2008年全国两会"),
            ("奔奔双双44220000", "奔双4200"),
            ("DDeebbiiaann对对非非英英语语语语言言的的支支持持如如何何", "Debian对非英语语言的支持如何"),
            ("增增长长110000%%", "增长100%"),
        ] {
            let (out, removed) = dedupe_lines(&[(1, doubled)], &cfg());
            let kept: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(kept, [title], "{doubled}");
            assert_eq!(removed.len(), 1, "{doubled}");
            assert_eq!(removed[0].reason, RemovalReason::DoubledCharacters, "{doubled}");
        }
        // A repeated mark after a run-doubled title is run doubling still: one title.
        let (out, _) = dedupe_lines(&[(1, "学术自审与地缘文化学术自审与地缘文化————读读")], &cfg());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].text, "学术自审与地缘文化——读");
    }

    #[test]
    fn title_copies_interleaved_word_by_word() {
        // pdfminer: the two copies of a fake-bold title mixed across its lines.
        let l = [
            (3, "第四回第四回   废汉帝陈留践位"),
            (5, "谋董贼孟德献刀"),
            (6, "废汉帝陈留践位   谋董贼孟德献刀"),
            (8, "区域经济"),
        ];
        let (out, removed) = dedupe_lines(&l, &cfg());
        let text: String = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(text, "第四回废汉帝陈留践位谋董贼孟德献刀区域经济");
        assert!(out.iter().filter(|l| l.line <= 5).all(|l| l.was_doubled));
        assert!(removed.iter().any(|r| r.line == 6 && r.reason == RemovalReason::DoubledRuns));
        // Not when a word is new, when the block is text, or for one repeated word.
        for l in [
            [(1, "废汉帝陈留践位"), (2, "谋董贼孟德献刀"), (3, "废汉帝陈留践位 谋董贼孟德")],
            [(1, "研究研究，看看"), (2, "一个个项目"), (3, "研究研究 一个个")],
            [(1, "高高兴兴"), (2, "谋董贼孟德献刀"), (3, "高高兴兴")],
        ] {
            let (out, _) = dedupe_lines(&l, &cfg());
            assert!(out.iter().any(|o| o.line == 3 && o.text == l[2].1), "{l:?}");
        }
    }

    #[test]
    fn untouched_line_keeps_its_whitespace() {
        // Found by props::p5_reduplication_survives (PROPTEST_RNG_SEED=2, 500 cases): a
        // window of running text ending in a space came back trimmed.
        let line = "看看会以“推进高水平安全 ";
        assert_eq!(dedupe_glyphs(line, &cfg()), line);
        let (out, removed) = dedupe_lines(&[(1, line), (2, "  一个个民生项目")], &cfg());
        assert!(removed.is_empty());
        assert_eq!(out.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), [line, "  一个个民生项目"]);
        // A doubled line is still trimmed when collapsed.
        let (out, _) = dedupe_lines(&[(1, " 雄雄安安新新区区 ")], &cfg());
        assert_eq!(out[0].text, "雄安新区");
    }

    #[test]
    fn run_and_character_doubling_collapse() {
        assert_eq!(dedupe_glyphs("回迁回迁安置群众幸福晚年安置群众幸福晚年", &cfg()), "回迁安置群众幸福晚年");
        assert_eq!(dedupe_glyphs("给给黄黄土土地地““拜拜年年””", &cfg()), "给黄土地“拜年”");
    }

    #[test]
    fn title_copies_cut_at_a_mark_collapse() {
        let lines = [(1, "收费电话，"), (2, "，"), (3, "收费电话"), (4, "爱你容易不容易")];
        let (out, removed) = dedupe_lines(&lines, &cfg());
        let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["收费电话，", "爱你容易不容易"]);
        assert_eq!(removed.len(), 2);
        let lines = [(1, "非官方来源"), (2, "非官方来源："), (3, "：mentors.debian.net")];
        let (out, _) = dedupe_lines(&lines, &cfg());
        let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["非官方来源：", "mentors.debian.net"]);
    }

    #[test]
    fn a_doubled_title_over_a_body_line_opening_with_its_words_stays() {
        let lines = [
            (1, "只只在在酒酒店店休休息息了了几几个个小小时时"),
            (2, "只在酒店休息了几个小时，"),
            (3, "没有来得及吃早餐，也没有看到"),
        ];
        let (out, removed) = dedupe_lines(&lines, &cfg());
        let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            ["只在酒店休息了几个小时", "只在酒店休息了几个小时，", "没有来得及吃早餐，也没有看到"]
        );
        assert_eq!(removed.len(), 1, "{removed:?}");
        assert_eq!(removed[0].reason, RemovalReason::DoubledCharacters);
    }

    #[test]
    fn a_title_over_a_body_line_opening_with_its_words_stays() {
        // No doubling anywhere: the line with a clause mark more is the body's first line.
        let lines = [
            (1, "只在酒店休息了几个小时"),
            (2, "只在酒店休息了几个小时，"),
            (3, "没有来得及吃早餐，也没有看到"),
        ];
        let (out, removed) = dedupe_lines(&lines, &cfg());
        assert!(removed.is_empty(), "{removed:?}");
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn a_short_repeat_ending_or_opening_a_line_of_text_stays() {
        // A cry said twice, a phrase repeated in running text: no text object glued on.
        for line in [
            "楚狂接舆歌而过孔子曰：“凤兮！凤兮！",
            "医，那将会使我们失掉文化的根。当归！当归！",
            "的软件的软件包。",
        ] {
            let (out, removed) = dedupe_lines(&[(1, line)], &cfg());
            assert!(removed.is_empty(), "{line}: {removed:?}");
            assert_eq!(out[0].text, line);
        }
        // A short title set off by a gap still collapses (`以色列外长宣布辞职 小历史小历史`).
        let (out, _) = dedupe_lines(&[(1, "以色列外长宣布辞职 小历史小历史")], &cfg());
        assert_eq!(out.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["以色列外长宣布辞职", "小历史"]);
    }

    #[test]
    fn a_two_letter_title_collapses_only_on_a_page_with_doubling() {
        let (out, _) = dedupe_lines(&[(1, "网关网关"), (2, "本报讯　记者刘洋报道")], &cfg());
        assert_eq!(out[0].text, "网关网关");
        let lines = [
            (1, "雄安新区雄安新区：：““养老驿站养老驿站””托起托起"),
            (2, "网关网关"),
            (3, "本报讯　记者刘洋报道"),
        ];
        let (out, removed) = dedupe_lines(&lines, &cfg());
        assert_eq!(out[1].text, "网关");
        assert!(out[1].was_doubled);
        assert!(removed.iter().any(|r| r.text == "网关"));
    }

    #[test]
    fn dedupe_keeps_legit_reduplication() {
        for s in [
            "一个个民生项目落地开花",
            "研究研究",
            "看看",
            "高高兴兴",
            "好不好、优不优",
            "手把手帮带、心贴心教学",
        ] {
            let (out, removed) = dedupe_lines(&[(1, s)], &cfg());
            assert!(removed.is_empty(), "{s}");
            assert_eq!(out[0].text, s);
        }
    }

    #[test]
    fn glued_headlines_are_cut_apart() {
        let (out, _) = dedupe_lines(&[(1, "都市里的村庄在多个发行版中工作在多个发行版中工作")], &cfg());
        let texts: Vec<_> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["都市里的村庄", "在多个发行版中工作"]);
        let (out, _) = dedupe_lines(&[(1, "解决新矛盾解决新矛盾给给黄黄土土地地““拜拜年年””")], &cfg());
        let texts: Vec<_> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["解决新矛盾", "给黄土地“拜年”"]);
    }

    #[test]
    fn doubling_spread_over_lines_collapses() {
        let lines = [(1, "非官方来源"), (2, "非官方来源：mentors.debian.net"), (3, "mentors.debian.net")];
        let (out, removed) = dedupe_lines(&lines, &cfg());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].text, "非官方来源：mentors.debian.net");
        assert_eq!(removed[0].text, "非官方来源mentors.debian.net");
    }

    #[test]
    fn two_doubled_headlines_stay_apart() {
        let lines =
            [(1, "在多个发行版中工作"), (2, "在多个发行版中工作"), (3, "解决新矛盾"), (4, "解决新矛盾")];
        let (out, _) = dedupe_lines(&lines, &cfg());
        let texts: Vec<_> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["在多个发行版中工作", "解决新矛盾"]);
    }

    #[test]
    fn a_space_between_doubled_runs_separates_two_titles() {
        let (out, _) = dedupe_lines(&[(1, "改革见成效改革见成效 难忘南极风雪夜难忘南极风雪夜")], &cfg());
        let texts: Vec<_> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["改革见成效", "难忘南极风雪夜"]);
    }

    #[test]
    fn a_title_repeated_without_its_number_loses_the_copy() {
        let (out, removed) =
            dedupe_lines(&[(1, "四、过分强调低成本扩张"), (2, "过分强调低成本扩张")], &cfg());
        assert_eq!(out.len(), 1);
        assert_eq!(removed[0].text, "过分强调低成本扩张");
    }

    #[test]
    fn a_title_repeated_at_the_start_of_the_next_line_loses_the_copy() {
        let lines = [(1, "各国政要发表新年贺词"), (2, "各国政要发表新年贺词 学术自审与地缘文化——读")];
        let (out, removed) = dedupe_lines(&lines, &cfg());
        let texts: Vec<_> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["各国政要发表新年贺词", "学术自审与地缘文化——读"]);
        assert_eq!(removed[0].text, "各国政要发表新年贺词");
        // A body line that starts with the title's last word keeps it.
        let (out, removed) = dedupe_lines(&[(1, "aptitude"), (2, "aptitude 是一个交互式程序，")], &cfg());
        assert_eq!(out.len(), 2);
        assert!(removed.is_empty());
    }

    #[test]
    fn a_copy_before_its_line_with_a_doubled_number_goes() {
        let (out, removed) =
            dedupe_lines(&[(1, "过分强调低成本扩张"), (2, "四四、、过分强调低成本扩张")], &cfg());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].text, "四、过分强调低成本扩张");
        let gone: String = removed.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(gone.chars().count(), "过分强调低成本扩张四、".chars().count());
        let (out, _) = dedupe_lines(&[(1, "废汉帝陈留践位"), (2, "第四回第四回   废汉帝陈留践位")], &cfg());
        let texts: Vec<_> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["第四回", "废汉帝陈留践位"]);
    }

    #[test]
    fn tiny_line_column_collapses() {
        let col = ["给", "给黄", "黄土", "土地", "地“", "“拜", "拜年", "年”", "”"];
        let lines: Vec<_> = col.iter().enumerate().map(|(i, t)| (i + 1, *t)).collect();
        let (out, removed) = dedupe_lines(&lines, &cfg());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].text, "给黄土地“拜年”");
        assert_eq!(removed[0].text, "给黄土地“拜年”");
    }

    #[test]
    fn nothing_is_lost() {
        let input = "雄安新区雄安新区：：““养老驿站养老驿站””托起托起";
        let (out, removed) = dedupe_lines(&[(1, input)], &cfg());
        let mut got: Vec<char> = out
            .iter()
            .flat_map(|l| l.text.chars())
            .chain(removed.iter().flat_map(|r| r.text.chars()))
            .collect();
        let mut want: Vec<char> = input.chars().collect();
        got.sort();
        want.sort();
        assert_eq!(got, want);
    }
}
