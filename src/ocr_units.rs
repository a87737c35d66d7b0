//! Repairs of a page's reflowed units (run between reflow and segmentation): all of
//! them on pages the pipeline judged OCR text (see [`crate::ocr`]); rules 2 and 4 also
//! on extractor text, where a join must complete a word (see the end of this comment).
//!
//! Tesseract reads a page as blocks and does not keep a column's text together: where a
//! column is interrupted (a headline or a photo set into it, the foot of the column) its
//! text goes on in a block that may come out much later, or earlier, with other
//! articles' blocks between. It also reads photos and rules as short junk lines.
//!
//! 1. **Noise.** A one-line block that no newspaper sets as text on its own is what OCR
//!    read from a picture or an ornament: a single character, a pair of Latin letters,
//!    a stray Latin letter or two among a few Chinese characters (`导o`, `二人LE二 夺`),
//!    or a few marks with no Chinese character (`/IE`). It is cut out and recorded in
//!    [`crate::Page::removed`] as [`RemovalReason::OcrArtifact`]. Two Chinese
//!    characters stay (a section label: `要闻`). A lone character (with at most a
//!    closing mark: `中。`) after a paragraph cut mid-sentence is its end.
//! 2. **Cut paragraphs.** A block that starts mid-sentence — with punctuation that never
//!    starts a line (kinsoku: `，。、；：？！”）》`) or with one character and a clause
//!    mark (`上，费县出台了…`: the last character of a word cut at the column foot) — is
//!    the rest of a paragraph that stopped mid-sentence somewhere else on the page. It is
//!    joined to such a paragraph: one whose ending with the block's first character
//!    makes a pair seen elsewhere on the page (the word recurs) first, then the nearest,
//!    preferring one above it; for one character and a clause mark, only a paragraph
//!    stopping inside a word (not at a clause mark of its own). Chains (a paragraph cut
//!    twice) join in turn.
//!    A block opening with a mark no line may start with (kinsoku: `，在自民党…`) may
//!    also go on from a one-line title-like block right above it (`桥本表示相信`).
//! 3. **Cut-off body lines.** A block reflow took for a title that holds a clause comma
//!    or a finished sentence, stops mid-sentence (not at a wrapping comma) and is as wide
//!    as the column is body text: a headline is set larger than the body, so its width
//!    in characters meets the body measure only by chance.
//!    So is a one-line title-like block that no headline line would be, when no title
//!    line follows it (a wrapped headline goes on in one): one ending in a clause mark or
//!    in a particle, preposition or conjunction that needs the words after it
//!    (`１９９８年元旦开始使`, `许多PV可以在`), or one whose comma leaves a part of one or
//!    two characters (`要求，提供`, `或十年，她`).
//! 4. **Unmarked rests.** A paragraph still cut mid-sentence whose last line fills the
//!    column (it was cut at the column foot) goes on in a body block whose first line
//!    also fills the column: a paragraph's first line is indented two em, so a block
//!    without the indent is the rest of one (`…五颜` / `六色的风筝…`). Nothing in the
//!    wording marks it, so the join must be supported: the words the two parts share,
//!    plus a bonus when the join makes a word (a pair seen elsewhere on the page, or a
//!    pair inside a common word, `src/data/cjk_bigrams.txt`) and a small one for a
//!    head above its rest, must outweigh the distance between them, at rule 2's small
//!    cost per unit (misreads leave the parts few shared words). The two lines at the
//!    seam are full lines of one column: widths 2 em or more apart part them. Pairs are
//!    taken best first, as in rule 2. A one-line paragraph as wide as the column (a
//!    column's last line read apart) goes on in such a block of its width within three
//!    units (`…东直门中学的八` / `位中学生…`). A paragraph whose
//!    short last line OCR read as a block of its own (the foot of a column damaged by a
//!    picture or a rule: `…成功经验，通`) goes on only in the block right after it.
//!
//! Extractor text (not OCR, not set one paragraph per line) has cut paragraphs too: an
//! extractor emits a column's rest after other columns' lines where it reads blocks in
//! page order (pdftotext, pdfminer), or where the de-interleaver left a column's piece
//! apart. There rules 2 and 4 run alone (no noise is cut out: every character is the
//! PDF's own, and a title-like line is left to segmentation), and a join must make a
//! word across it, one the page uses (rule 2) or also a common one (rule 4), and the
//! two parts must share some words (`MIN_SHARED_EXTRACTED`): the parts of a paragraph
//! are not misread, so shared words alone are weak evidence where several articles on
//! one subject stand side by side, but their absence is strong. Measured on the dev set
//! (block F1): pdftotext 0.5900 -> 0.5947 (article B-cubed 0.8563 -> 0.8520), pdfminer
//! 0.7755 -> 0.7768 (headline 0.8444 -> 0.8549), pdftotext -layout 0.8181 -> 0.8226,
//! pypdf 0.9468 -> 0.9480; without the word, pdftotext article B-cubed fell to 0.8326
//! and headlines 0.8201 -> 0.7500.
//!
//! Work is bounded: candidates are looked for within `MAX_REACH` units (rule 4:
//! `UNMARKED_REACH`).

use crate::cjk::{ends_sentence, is_han, is_line_start_forbidden};
use crate::model::{Decision, Removal, RemovalReason};
use crate::reflow::{Unit, UnitKind};

/// How far (in units) a cut paragraph's rest is looked for.
const MAX_REACH: usize = 40;
/// At most this many parts are joined into one paragraph (bounds the loop check).
const MAX_CHAIN: usize = 64;

/// Characters of each side compared for cohesion.
const COHESION_CHARS: usize = 300;
/// Score for a join that makes a pair of characters seen elsewhere on the page.
const WORD_BONUS: f32 = 0.2;
/// On extractor text, the least word share ([`crate::segment::cohesion`]) between the
/// end of a paragraph and the start of its rest: the two parts of one paragraph, read
/// without misreads, share some of their words (without it, a join completing a common
/// word such as `一个` took another article's block: dev pdftotext article B-cubed
/// 0.8520 -> 0.8492, block F1 0.5947 -> 0.5957).
const MIN_SHARED_EXTRACTED: f32 = 0.01;
/// Score for a cut paragraph above its rest (Tesseract's usual order).
const ABOVE_BONUS: f32 = 0.02;
/// How far (in units) an unmarked rest is looked for.
const UNMARKED_REACH: usize = 12;
/// How far (in units) the rest of a one-line full paragraph is looked for (3: all
/// units up to the next column's first blocks; unbounded within `UNMARKED_REACH` cost
/// article B-cubed 0.002 on OCR pages read across columns).
const ONE_LINE_REACH: usize = 3;
/// A first line narrower than the column by more than this (em) is indented.
const INDENT_TOL: f32 = 1.2;
/// Two full lines of one column differ in width (em) by less than this.
const SEAM_WIDTH_TOL: f32 = 2.0;
/// Score lost per unit between the two parts.
const DISTANCE_COST: f32 = 0.002;

fn head_chars(text: &str, n: usize) -> &str {
    text.char_indices().nth(n).map_or(text, |(k, _)| &text[..k])
}

fn tail_chars(text: &str, n: usize) -> &str {
    let count = text.chars().count();
    if count <= n {
        return text;
    }
    text.char_indices().nth(count - n).map_or(text, |(k, _)| &text[k..])
}

/// Is this one-line text OCR noise (rule 1 of the module docs)?
pub(crate) fn is_noise(text: &str) -> bool {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let n = chars.len();
    if n == 0 {
        return false;
    }
    let han = chars.iter().filter(|&&c| is_han(c)).count();
    let latin = chars.iter().filter(|c| c.is_ascii_alphabetic()).count();
    let digits = chars.iter().filter(|c| c.is_ascii_digit()).count();
    if n == 1 {
        // A lone digit may be a page or list number; anything else alone is not text.
        return digits == 0;
    }
    if n == 2 && han < 2 && digits == 0 {
        return true;
    }
    if n <= 6 && han >= 1 && (1..=2).contains(&latin) && !chars.iter().any(|c| is_cjk_mark(*c)) {
        return true;
    }
    if n <= 4 && han >= 1 && han < n && digits >= 1 && latin == 0 && !chars.iter().any(|c| is_cjk_mark(*c)) {
        // `9杭卡`: a digit glued to a few characters, no unit, no punctuation.
        return chars[0].is_ascii_digit() && han == n - 1 && n <= 3;
    }
    n <= 3 && han == 0 && latin < n && digits == 0
}

fn is_cjk_mark(c: char) -> bool {
    crate::cjk::is_cjk_punct(c)
}

/// Does the text start mid-sentence (rule 2)?
pub(crate) fn starts_mid_sentence(text: &str) -> bool {
    let mut it = text.trim_start().chars();
    let Some(a) = it.next() else { return false };
    if is_line_start_forbidden(a) {
        return true;
    }
    let b = it.next();
    let c = it.next();
    // `五、认为…` numbers a heading or a list item: a start, not a rest.
    let numeral = matches!(a, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十');
    is_han(a) && !numeral && b.is_some_and(|b| matches!(b, '，' | '、' | '；')) && c.is_some_and(is_han)
}

/// Does the text stop mid-sentence (its paragraph goes on somewhere)?
pub(crate) fn stops_mid_sentence(text: &str) -> bool {
    let t = text.trim_end();
    let Some(last) = t.chars().next_back() else { return false };
    if ends_sentence(t) || matches!(last, '：' | ':') || crate::cjk::is_closing(last) {
        return false;
    }
    is_han(last)
        || last.is_ascii_alphanumeric()
        || matches!(last, '，' | '、' | '；')
        || ('０'..='９').contains(&last)
}

/// Is this title unit body text cut off (rule 3)? A headline is set larger than the
/// body, so its width in characters meets the body measure only by chance; body text
/// that stops mid-sentence after a clause comma, at the measure, is a cut paragraph.
fn is_cut_body(u: &Unit) -> bool {
    let t = u.text.trim();
    let inner =
        t.contains('，') || t.trim_end_matches(|c| !matches!(c, '。' | '！' | '？')).chars().count() > 0;
    // A headline line may end in a comma where it wraps (`浙江丽水市援疆多管齐下，`).
    let last_word = t.chars().next_back().is_some_and(|c| is_han(c) || c.is_ascii_alphanumeric());
    inner
        && last_word
        && stops_mid_sentence(t)
        && !u.doubled
        && u.width >= u.measure - 2.5
        && u.width <= u.measure + 1.0
        && t.chars().filter(|&c| is_han(c)).count() >= 8
}

/// Characters that never end a headline: a particle, preposition or conjunction that
/// needs the words after it (`…开始使`, `…可以在`, `…无党无派的`); in simplified or
/// traditional characters (`將` reads as `将`, see [`crate::cjk::fold_traditional_char`]).
fn needs_more(c: char) -> bool {
    matches!(
        crate::cjk::fold_traditional_char(c),
        '的' | '使'
            | '把'
            | '被'
            | '将'
            | '对'
            | '从'
            | '向'
            | '在'
            | '和'
            | '与'
            | '及'
            | '或'
            | '以'
            | '让'
            | '给'
            | '据'
            | '之'
    )
}

/// Is this one-line title unit a fragment of body text (rule 3)? A headline line does
/// not end in a particle or preposition that needs what follows, nor in a clause mark
/// unless its headline wraps on to the next line; and a headline's comma parts are
/// phrases, not one or two characters (`要求，提供`, `或十年，她`, `说，实现…`).
fn is_body_fragment(u: &Unit) -> bool {
    let t = u.text.trim();
    if u.lines.len() != 1 || u.doubled || t.chars().any(|c| matches!(c, '。' | '！' | '？')) {
        return false;
    }
    let Some(last) = t.chars().next_back() else { return false };
    if matches!(last, '，' | '、' | '；') || needs_more(last) {
        return true;
    }
    let parts: Vec<usize> = t.split('，').map(|p| p.chars().filter(|&c| is_han(c)).count()).collect();
    parts.len() >= 2 && parts.iter().any(|&k| k <= 2)
}

/// Can this unit be the first part of a cut paragraph?
fn can_dangle(u: &Unit) -> bool {
    match u.kind {
        UnitKind::Paragraph => !u.text.is_empty() && stops_mid_sentence(&u.text),
        // Reflow takes a one-line piece cut at a column foot for a title; a title line
        // holding a comma and just as wide as the column may be one (a headline is set
        // larger: its width in characters matches the body measure only by chance).
        UnitKind::Title => {
            u.lines.len() == 1
                && u.text.contains('，')
                && u.width >= u.measure - 2.5
                && u.width <= u.measure + 1.0
                && stops_mid_sentence(&u.text)
        }
        _ => false,
    }
}

/// Can this unit be the rest of a cut paragraph though its wording does not say so
/// (rule 4)? A body block whose first line is as wide as the column: a paragraph's first
/// line is indented two em, so a full first line goes on from somewhere else.
fn unmarked_rest(u: &Unit) -> bool {
    u.kind == UnitKind::Paragraph && !u.dateline && u.edges.0 + INDENT_TOL >= full_measure(u)
}

/// The width (em) of a full line where the unit stands: the column measure, or its
/// widest line when that is wider (a line read across two columns does not count).
fn full_measure(u: &Unit) -> f32 {
    u.measure.max(u.width.min(u.measure * 1.5))
}

/// Is the unit a paragraph of two or more lines whose last line fills the column (its
/// text was cut at the column foot)? One line alone does not show the column's measure.
fn ends_full(u: &Unit) -> bool {
    u.lines.len() >= 2 && u.edges.1 + INDENT_TOL >= full_measure(u)
}

/// Is the unit a one-line paragraph as wide as its column (rule 4)? OCR reads the last
/// line of a column apart when a picture or rule sits at the foot (`…来自东直门中学的八`
/// / `位中学生志愿者…`): a full line cut mid-sentence, so the text goes on elsewhere.
fn one_line_full(u: &Unit) -> bool {
    u.lines.len() == 1 && !u.doubled && u.edges.1 + INDENT_TOL >= u.measure && u.edges.1 <= 1.4 * u.measure
}

/// Does a one-line head (see [`one_line_full`]) go on in this unindented block? One line
/// shows nothing of the paragraph's own measure, so the rest's first line must match
/// its width, and the rest must stand close: a lone full line far from its rest is as
/// likely another article's.
fn one_line_seam(head: &Unit, rest: &Unit, dist: usize) -> bool {
    (head.edges.1 - rest.edges.0).abs() < SEAM_WIDTH_TOL && dist <= ONE_LINE_REACH
}

/// Are the two lines of a column-foot seam set to one measure (rule 4)? The head's last
/// line and the rest's first line are both full lines of the paragraph's column, so
/// their widths differ by no more than OCR's misjudged character widths; a line read
/// across two columns (wider than 1.4 measures) says nothing of the measure.
fn seam_widths_agree(head: &Unit, rest: &Unit) -> bool {
    let (a, b) = (head.edges.1, rest.edges.0);
    let across = a.max(b) > 1.4 * head.measure.min(rest.measure);
    across || (a - b).abs() < SEAM_WIDTH_TOL
}

/// Can this unit be the rest of a cut paragraph?
fn can_continue(u: &Unit) -> bool {
    let text_like = matches!(u.kind, UnitKind::Paragraph | UnitKind::Title)
        // A pull quote set wider than the column may lose its first words to a line
        // of their own (`桥本表示相信` / `，在自民党提出的…`).
        || (u.kind == UnitKind::PullQuote && u.text.trim_start().chars().next().is_some_and(is_line_start_forbidden));
    text_like && !u.dateline && starts_mid_sentence(&u.text)
}

fn last_han(text: &str) -> Option<char> {
    text.trim_end().chars().next_back().filter(|&c| is_han(c))
}

fn first_han(text: &str) -> Option<char> {
    text.trim_start().chars().next().filter(|&c| is_han(c))
}

/// Rule 1 of the module docs: a lone character after a paragraph cut mid-sentence ends
/// it; noise is cut out into `removed`.
fn drop_noise(
    units: Vec<Unit>,
    removed: &mut Vec<Removal>,
    log: &mut impl FnMut(usize, String),
) -> Vec<Unit> {
    let mut kept: Vec<Unit> = Vec::with_capacity(units.len());
    for u in units {
        let one_line = u.lines.len() == 1;
        let text_like = matches!(u.kind, UnitKind::Title | UnitKind::Paragraph);
        // A lone character after a paragraph that stops mid-sentence is its last
        // character, set on a line of its own (`…抗战时期四` / `川`).
        let lone_han = {
            let mut cs = u.text.chars().filter(|c| !c.is_whitespace());
            // `中。`: the last character may come with the paragraph's closing mark.
            cs.next().is_some_and(is_han)
                && cs.all(|c| matches!(c, '。' | '！' | '？' | '”' | '）' | '.' | '!' | '?' | ')'))
        };
        if one_line && text_like && lone_han {
            if let Some(p) = kept.last_mut().filter(|p| can_dangle(p)) {
                log(u.lines[0], "a lone character after a paragraph cut mid-sentence ends it".into());
                p.text.push_str(u.text.trim());
                p.lines.extend(u.lines);
                p.idx.extend(u.idx);
                p.edges.1 = u.edges.1;
                p.removed.extend(u.removed);
                continue;
            }
        }
        if one_line && text_like && is_noise(&u.text) {
            log(u.lines[0], format!("a short line OCR read from a picture or ornament: {} removed", u.text));
            removed.push(Removal {
                line: u.lines[0],
                text: u.text.clone(),
                reason: RemovalReason::OcrArtifact,
            });
            removed.extend(u.removed);
            continue;
        }
        kept.push(u);
    }
    kept
}

/// Rule 3 of the module docs: title-like blocks that read as body text cut off become
/// paragraphs (with the title lines of their block).
fn body_titles(units: Vec<Unit>, log: &mut impl FnMut(usize, String)) -> Vec<Unit> {
    // 3. A title-like block that reads as body text cut off: it holds a clause comma
    // or a finished sentence, stops mid-sentence, and is as wide as the column. Reflow
    // cuts such a block into one title per line: the lines of its Tesseract block (no
    // blank line between) that do not finish a sentence go with it, as one paragraph.
    let m = units.len();
    let mut convert: Vec<bool> = (0..m)
        .map(|k| {
            let u = &units[k];
            // A title line below may finish a wrapped headline.
            let wraps_on = units.get(k + 1).is_some_and(|v| v.kind == UnitKind::Title);
            u.kind == UnitKind::Title && (is_cut_body(u) || (!wraps_on && is_body_fragment(u)))
        })
        .collect();
    let same_block_title = |k: usize| {
        units[k].kind == UnitKind::Title
            && units[k].lines.len() == 1
            && !units[k].doubled
            && !ends_sentence(&units[k].text)
    };
    for k in 0..m {
        if !convert[k] {
            continue;
        }
        let mut j = k;
        while j > 0 && !units[j].gap_before && same_block_title(j - 1) && k - j < 3 {
            j -= 1;
            convert[j] = true;
        }
        let mut j = k + 1;
        while j < m && !units[j].gap_before && same_block_title(j) && j - k <= 3 {
            convert[j] = true;
            j += 1;
        }
    }
    let mut merged: Vec<Unit> = Vec::with_capacity(m);
    for (k, mut u) in units.into_iter().enumerate() {
        if !convert[k] {
            merged.push(u);
            continue;
        }
        log(
            u.lines[0],
            "a block set at the column measure that stops mid-sentence: body text, not a title".into(),
        );
        u.kind = UnitKind::Paragraph;
        if k > 0 && convert[k - 1] && !u.gap_before {
            if let Some(p) = merged.last_mut() {
                if crate::join::push_joined(&mut p.text, &u.text) {
                    let line = p.lines.last().copied().unwrap_or(u.lines[0]);
                    p.removed.push(Removal { line, text: "-".into(), reason: RemovalReason::Hyphenation });
                }
                p.lines.extend(u.lines);
                p.idx.extend(u.idx);
                p.edges.1 = u.edges.1;
                p.width = p.width.max(u.width);
                p.net_width = p.net_width.max(u.net_width);
                p.removed.extend(u.removed);
                continue;
            }
        }
        merged.push(u);
    }
    merged
}

/// The rules of the module docs: all four on an OCR page (`ocr`), rules 2 and 4 alone
/// (a join must complete a word) on extractor text. Returns the mended units and what
/// was cut out (nothing on extractor text). Decisions are logged as `ocr` or `mend`.
pub(crate) fn mend_units(
    units: Vec<Unit>,
    ocr: bool,
    mut decisions: Option<&mut Vec<Decision>>,
) -> (Vec<Unit>, Vec<Removal>) {
    let action = if ocr { "ocr" } else { "mend" };
    let mut log = |line: usize, why: String| {
        if let Some(d) = decisions.as_deref_mut() {
            d.push(Decision { line, action: action.into(), why });
        }
    };
    // Rules 1 and 3 are about misreads: only on OCR pages.
    let mut removed = Vec::new();
    let units = if ocr { body_titles(drop_noise(units, &mut removed, &mut log), &mut log) } else { units };

    let n = units.len();
    // 2. Cut paragraphs.
    let dangle: Vec<bool> = units.iter().map(can_dangle).collect();
    // Whether the pair of Han characters a join makes occurs inside a unit's text (a
    // word that recurs on the page): asked only for the joins considered (a handful a page), each answer kept. A search of the page's
    // text per pair costs far less than counting every pair of it.
    let mut seen_pairs: Vec<((char, char), bool)> = Vec::new();
    let mut on_page = |a: char, b: char| -> bool {
        if let Some(&(_, found)) = seen_pairs.iter().find(|(p, _)| *p == (a, b)) {
            return found;
        }
        let mut buf = [0u8; 8];
        let la = a.encode_utf8(&mut buf).len();
        let lb = b.encode_utf8(&mut buf[la..]).len();
        let pat = std::str::from_utf8(&buf[..la + lb]).unwrap_or_default();
        let found = units.iter().any(|u| u.text.contains(pat));
        seen_pairs.push(((a, b), found));
        found
    };
    let cont: Vec<bool> = units.iter().map(can_continue).collect();
    let mut next: Vec<Option<usize>> = vec![None; n];
    let mut prev: Vec<Option<usize>> = vec![None; n];
    date_halves(&units, &mut next, &mut prev);
    // A join must not close a loop; a chain longer than `MAX_CHAIN` parts is refused
    // as if it looped.
    let reaches = |next: &[Option<usize>], from: usize, to: usize| chain_reaches(next, from, to, MAX_CHAIN);
    // Every candidate pair is scored; pairs are taken best first (a global greedy
    // matching), so a strong join is not lost to an earlier, weaker one.
    let mut cands: Vec<(f32, usize, usize)> = Vec::new();
    // Text laid out by a PDF extractor keeps every character: the two parts of a cut
    // paragraph share their words as written, and a cut inside a word is the usual
    // case, so there a join needs the word it completes (without it, rules 2 and 4
    // joined paragraphs of different articles: dev pdftotext article B-cubed -0.025).
    let need_word = !ocr;
    for o in 0..n {
        if !cont[o] {
            continue;
        }
        let rest = head_chars(&units[o].text, COHESION_CHARS);
        let lo = o.saturating_sub(MAX_REACH);
        let hi = (o + MAX_REACH).min(n - 1);
        // A block opening with a mark no line may start with (`，在自民党…`) goes on
        // from the line above it: a one-line title-like block right before it that stops
        // mid-sentence is its head (`桥本表示相信` / `，在自民党提出的…`).
        let strong = units[o].text.trim_start().chars().next().is_some_and(is_line_start_forbidden);
        let quote = units[o].kind == UnitKind::PullQuote;
        // A rest opening with one character and a clause mark (`上，费县…`) holds the last
        // character of a word cut at the column foot: its head stops inside that word,
        // not after a clause mark of its own.
        let word_tail = !strong && first_han(&units[o].text).is_some();
        let title_head = |d: usize| {
            strong
                && d + 1 == o
                && units[d].kind == UnitKind::Title
                && units[d].lines.len() == 1
                && !units[d].doubled
                && units[d].text.trim_end().chars().next_back().is_some_and(is_han)
        };
        for d in lo..=hi {
            // A pull quote goes on only from the line right above it.
            if d == o || !((dangle[d] && !quote) || title_head(d)) {
                continue;
            }
            if word_tail
                && !units[d]
                    .text
                    .trim_end()
                    .chars()
                    .next_back()
                    .is_some_and(|c| is_han(c) || c.is_alphanumeric())
            {
                continue;
            }
            let word = match (last_han(&units[d].text), first_han(&units[o].text)) {
                (Some(a), Some(b)) => on_page(a, b),
                _ => false,
            };
            if need_word && !word {
                continue;
            }
            // The rest of a paragraph shares its article's words; a recurring word
            // across the join is good evidence; then the nearest, one above first.
            let same = crate::segment::cohesion(tail_chars(&units[d].text, COHESION_CHARS), rest);
            if need_word && same < MIN_SHARED_EXTRACTED {
                continue;
            }
            let score = same
                + if word { WORD_BONUS } else { 0.0 }
                + if strong && d + 1 == o { WORD_BONUS } else { 0.0 }
                + if d < o { ABOVE_BONUS } else { 0.0 }
                - DISTANCE_COST * d.abs_diff(o) as f32;
            cands.push((score, d, o));
        }
    }
    cands.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, d, o) in cands {
        if next[d].is_some() || prev[o].is_some() || reaches(&next, o, d) {
            continue;
        }
        next[d] = Some(o);
        prev[o] = Some(d);
    }
    // 4. Unmarked rests: a paragraph still cut mid-sentence at a full last line goes on
    // in a block whose first line has no paragraph indent, though nothing in its wording
    // marks it (`…五颜` / `六色的风筝…`). The articles' words shared across it, a word
    // it completes, or the head standing above it, must outweigh the distance.
    let mut cands: Vec<(f32, usize, usize)> = Vec::new();
    for d in 0..n {
        let one = one_line_full(&units[d]);
        if !dangle[d]
            || next[d].is_some()
            || units[d].kind != UnitKind::Paragraph
            || (units[d].lines.len() < 2 && !one)
        {
            continue;
        }
        // A last line short of the measure ends the paragraph there, unless OCR read it
        // as a block of its own (a blank line before it) and the rest comes right after:
        // the foot of a column damaged by a picture or a rule (`…成功经验，通` /
        // `“走出去”和…`, `…增进两` / `计` / `司人民…`).
        let l = &units[d].lines;
        let set_apart = l.len() >= 2 && l[l.len() - 1] > l[l.len() - 2] + 1;
        let full = ends_full(&units[d]) || one;
        if !full && !set_apart {
            continue;
        }
        let tail = tail_chars(&units[d].text, COHESION_CHARS);
        let lo = d.saturating_sub(UNMARKED_REACH);
        let hi = (d + UNMARKED_REACH).min(n - 1);
        for o in lo..=hi {
            if o == d
                || prev[o].is_some()
                || cont[o]
                || !unmarked_rest(&units[o])
                || (!full && o != d + 1)
                || (full && !seam_widths_agree(&units[d], &units[o]))
                || (one && !one_line_seam(&units[d], &units[o], d.abs_diff(o)))
            {
                continue;
            }
            // A word across the join: one seen elsewhere on the page, or a common one.
            let word = match (last_han(&units[d].text), first_han(&units[o].text)) {
                (Some(a), Some(b)) => crate::interleave::in_word(a, b) || on_page(a, b),
                _ => false,
            };
            if need_word && !word {
                continue;
            }
            let same = crate::segment::cohesion(tail, head_chars(&units[o].text, COHESION_CHARS));
            if need_word && same < MIN_SHARED_EXTRACTED {
                continue;
            }
            let score = same + if word { WORD_BONUS } else { 0.0 } + if d < o { ABOVE_BONUS } else { 0.0 }
                // The same small cost per unit as a marked rest: Tesseract may read a
                // column's continuation several blocks away, and misreads leave the two
                // parts of a paragraph few shared words, so a full last line and an
                // unindented block a few units apart are evidence enough (0.01 per unit
                // kept all but the nearest apart: tesseract block F1 -0.009).
                - DISTANCE_COST * d.abs_diff(o) as f32;
            if score >= 0.0 {
                cands.push((score, d, o));
            }
        }
    }
    cands.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut unmarked = vec![false; n];
    for (_, d, o) in cands {
        if next[d].is_some() || prev[o].is_some() || reaches(&next, o, d) {
            continue;
        }
        next[d] = Some(o);
        prev[o] = Some(d);
        unmarked[o] = true;
    }
    if next.iter().all(Option::is_none) {
        return (units, removed);
    }
    let mut slots: Vec<Option<Unit>> = units.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(n);
    for h in 0..n {
        if prev[h].is_some() {
            continue;
        }
        let Some(mut head) = slots[h].take() else { continue };
        let mut k = h;
        while let Some(m) = next[k] {
            let Some(part) = slots[m].take() else { break };
            let how = if unmarked[m] { "an unindented block" } else { "a block starting mid-sentence" };
            log(part.lines[0], format!("{how} continues the cut paragraph at line {}", head.lines[0]));
            let mut text = std::mem::take(&mut head.text);
            if crate::join::push_joined(&mut text, &part.text) {
                // `infor-` + `mation`: the dropped hyphen is recorded, as reflow does.
                let line = head.lines.last().copied().unwrap_or(part.lines[0]);
                head.removed.push(Removal { line, text: "-".into(), reason: RemovalReason::Hyphenation });
            }
            head.text = text;
            head.kind = if part.kind == UnitKind::PullQuote && head.kind == UnitKind::Title {
                UnitKind::PullQuote
            } else {
                UnitKind::Paragraph
            };
            head.lines.extend(part.lines);
            head.idx.extend(part.idx);
            head.edges.1 = part.edges.1;
            head.width = head.width.max(part.width);
            head.net_width = head.net_width.max(part.net_width);
            head.removed.extend(part.removed);
            k = m;
        }
        out.push(head);
    }
    (out, removed)
}

/// The mark a one-line block that is only a date cut before its next mark needs
/// (`1月4` needs `日`, `１９９８年1` needs `月`): Tesseract read the date's last line apart
/// from the text that goes on after it.
fn date_cut_needs(u: &Unit) -> Option<char> {
    let t = u.text.trim();
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    if u.lines.len() != 1 || !t.chars().all(|c| digit(c) || c == '年' || c == '月' || c.is_whitespace()) {
        return None;
    }
    let body = t.trim_end_matches(|c: char| digit(c) || c.is_whitespace());
    if body.len() == t.len() || !t.chars().next().is_some_and(digit) {
        return None;
    }
    match body.chars().next_back() {
        Some('月') => Some('日'),
        Some('年') => Some('月'),
        _ => None,
    }
}

/// A date cut before its mark (`1月4`) goes on in the nearest paragraph that opens with
/// that mark (`日进行的联赛…`), before any other join is weighed: a block opening with
/// `日` reads on from some cut paragraph's last character too (`…的时` + `日…`), but a
/// date's number needs its mark.
fn date_halves(units: &[Unit], next: &mut [Option<usize>], prev: &mut [Option<usize>]) {
    let n = units.len();
    for d in 0..n {
        let Some(mark) = date_cut_needs(&units[d]) else { continue };
        let lo = d.saturating_sub(UNMARKED_REACH);
        let hi = (d + UNMARKED_REACH).min(n - 1);
        let rest = (lo..=hi)
            .filter(|&o| {
                o != d
                    && prev[o].is_none()
                    && next[o].is_none()
                    && units[o].kind == UnitKind::Paragraph
                    && units[o].text.trim_start().starts_with(mark)
            })
            .min_by_key(|&o| o.abs_diff(d));
        if let Some(o) = rest {
            next[d] = Some(o);
            prev[o] = Some(d);
        }
    }
}

/// Does following `next` from `from` reach `to` within `max` steps? A walk that goes
/// on longer counts as reaching it (callers refuse such long chains as loops).
pub(crate) fn chain_reaches(next: &[Option<usize>], from: usize, to: usize, max: usize) -> bool {
    let mut k = from;
    for _ in 0..max {
        if k == to {
            return true;
        }
        match next[k] {
            Some(m) => k = m,
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(units: &[Unit]) -> Vec<&str> {
        units.iter().map(|u| u.text.as_str()).collect()
    }

    fn unit(kind: UnitKind, line: usize, text: &str) -> Unit {
        Unit {
            gap_before: true,
            idx: vec![line],
            // A paragraph's first line is indented; its last fills the column.
            edges: (12.0, 14.0),
            ..Unit::sample(kind, &[line], text, 14.0, 14.0)
        }
    }

    #[test]
    fn no_headline_ends_on_a_word_needing_more_in_either_script() {
        for c in ['将', '將', '对', '對', '从', '從', '与', '與', '据', '據', '的'] {
            assert!(needs_more(c), "{c}");
        }
        assert!(!needs_more('年') && !needs_more('會'));
    }

    #[test]
    fn a_date_cut_before_its_mark_takes_the_block_opening_with_it() {
        let one = |t: &str| unit(UnitKind::Title, 1, t);
        assert_eq!(date_cut_needs(&one("1月4")), Some('日'));
        assert_eq!(date_cut_needs(&one("１９９８年1")), Some('月'));
        assert_eq!(date_cut_needs(&one("1998")), None);
        assert_eq!(date_cut_needs(&one("1月4日")), None);
        // `…的时` + `日进行…` would make a word too, but the date needs its mark.
        let units = vec![
            unit(UnitKind::Paragraph, 1, "或者无法从其它介质进行引导的时"),
            unit(UnitKind::Paragraph, 3, "日进行的联赛第十二轮，虽然冷门未爆。"),
            unit(UnitKind::Title, 5, "1月4"),
        ];
        let (out, _) = mend_units(units, true, None);
        assert!(texts(&out).contains(&"1月4日进行的联赛第十二轮，虽然冷门未爆。"), "{:?}", texts(&out));
        // The joined unit holds both input lines, the date's first.
        let joined = out.iter().find(|u| u.text.starts_with("1月4")).expect("joined unit");
        assert_eq!(joined.lines, [5, 3]);
    }

    #[test]
    fn junk_lines_are_noise_labels_and_words_are_not() {
        for t in ["区", "lu", "导o", "二人LE二 夺", "/IE", "人到o", "9杭卡"] {
            assert!(is_noise(t), "{t}");
        }
        for t in [
            "要闻",
            "aptitude",
            "网关",
            "LVM（逻辑卷管理）",
            "1",
            "小历史",
            "温洁",
            "“拜年”",
            "1998年",
            "第三种对象是LV",
            "许多 PV 可以在",
        ] {
            assert!(!is_noise(t), "{t}");
        }
    }

    #[test]
    fn a_lone_character_ends_the_cut_paragraph_above_it() {
        let units = vec![
            unit(UnitKind::Paragraph, 1, "写出了身为抗战时期四"),
            unit(UnitKind::Title, 3, "川"),
            unit(UnitKind::Paragraph, 5, "他说。"),
            unit(UnitKind::Title, 7, "国"),
        ];
        let (out, removed) = mend_units(units, true, None);
        assert_eq!(texts(&out), ["写出了身为抗战时期四川", "他说。"]);
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].text, "国");
    }

    #[test]
    fn a_cut_off_body_line_at_the_measure_is_no_title() {
        let body = unit(UnitKind::Title, 1, "慰问信指出，广大职工要以主人");
        let wrapped = unit(UnitKind::Title, 3, "浙江丽水市援疆多管齐下，");
        let mut narrow = unit(UnitKind::Title, 5, "收费电话，爱你容易不容易");
        narrow.width = 9.0;
        narrow.net_width = 9.0;
        let (out, _) = mend_units(vec![body, wrapped, narrow], true, None);
        let kinds: Vec<UnitKind> = out.iter().map(|u| u.kind).collect();
        assert_eq!(kinds, [UnitKind::Paragraph, UnitKind::Title, UnitKind::Title]);
    }

    #[test]
    fn many_cut_pieces_stay_bounded() {
        let units: Vec<Unit> = (0..3000).map(|i| unit(UnitKind::Paragraph, i + 1, "上，二条线")).collect();
        let t = std::time::Instant::now();
        let (out, _) = mend_units(units, true, None);
        assert!(!out.is_empty());
        assert!(t.elapsed().as_secs() < 10);
        let chars: usize = out.iter().map(|u| u.text.chars().filter(|c| *c == '上').count()).sum();
        assert_eq!(chars, 3000);
    }

    #[test]
    fn a_block_opening_with_a_comma_goes_on_from_the_title_like_line_above() {
        let units = vec![
            unit(UnitKind::Title, 1, "桥本表示相信"),
            unit(UnitKind::Paragraph, 3, "，在自民党提出的对策发挥作用后，日本经济就会出现复苏。"),
        ];
        let (out, _) = mend_units(units, true, None);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].kind, UnitKind::Paragraph);
        assert_eq!(out[0].text, "桥本表示相信，在自民党提出的对策发挥作用后，日本经济就会出现复苏。");
        let units = vec![
            unit(UnitKind::Title, 1, "桥本表示相信"),
            unit(UnitKind::PullQuote, 3, "，在自民党提出的对策发挥作用后，日本经济就会出现复苏。"),
        ];
        let (out, _) = mend_units(units, true, None);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].kind, UnitKind::PullQuote);
        // Not above a block that opens with a character.
        let units = vec![
            unit(UnitKind::Title, 1, "桥本表示相信"),
            unit(UnitKind::Paragraph, 3, "上，日本经济就会出现复苏。"),
        ];
        let (out, _) = mend_units(units, true, None);
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn the_lines_of_a_cut_off_body_block_stay_one_paragraph() {
        let mut units = vec![
            unit(UnitKind::Title, 1, "南昌市委、市政府领导对此"),
            unit(UnitKind::Title, 2, "心急如焚，郑重承诺两年内务必"),
            unit(UnitKind::Title, 3, "解决拆迁户问题，将此列入“民"),
            unit(UnitKind::Title, 5, "简单文件档案"),
        ];
        for u in &mut units[1..3] {
            u.gap_before = false;
        }
        let (out, _) = mend_units(units, true, None);
        let got: Vec<(UnitKind, &str)> = out.iter().map(|u| (u.kind, u.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (
                    UnitKind::Paragraph,
                    "南昌市委、市政府领导对此心急如焚，郑重承诺两年内务必解决拆迁户问题，将此列入“民"
                ),
                (UnitKind::Title, "简单文件档案")
            ]
        );
    }

    #[test]
    fn mid_sentence_starts_and_stops() {
        assert!(starts_mid_sentence("上，费县出台了《关于改革》"));
        assert!(starts_mid_sentence("，并允许继承和转让。"));
        assert!(!starts_mid_sentence("是的，这是都市里的村庄。"));
        assert!(!starts_mid_sentence("“拜年”"));
        assert!(!starts_mid_sentence("五、认为资产经营高于生产经营"));
        assert!(stops_mid_sentence("其次，在搞好调查研究的基础"));
        assert!(!stops_mid_sentence("田庄乡就是一例。"));
        assert!(!stops_mid_sentence("明确规定："));
    }

    #[test]
    fn a_cut_paragraph_is_joined_across_other_blocks() {
        let units = vec![
            unit(UnitKind::Paragraph, 1, "首先，托底子，抓典型。其次，在搞好调查研究的基础"),
            unit(UnitKind::Title, 3, "解决新矛盾"),
            unit(UnitKind::Title, 5, "区"),
            unit(UnitKind::Paragraph, 7, "对新建小型水利设施，谁建谁有。"),
            unit(UnitKind::Paragraph, 9, "上，费县出台了意见。"),
        ];
        let (out, removed) = mend_units(units, true, None);
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].text, "区");
        assert_eq!(
            texts(&out),
            [
                "首先，托底子，抓典型。其次，在搞好调查研究的基础上，费县出台了意见。",
                "解决新矛盾",
                "对新建小型水利设施，谁建谁有。"
            ]
        );
        assert_eq!(out[0].lines, [1, 9]);
        // A head that stops at a comma of its own is no head for a word's last character,
        // however close.
        let units = vec![
            unit(UnitKind::Paragraph, 1, "其次，在搞好调查研究的基础"),
            unit(UnitKind::Paragraph, 3, "中国工商银行积极筹措资金，发银行承兑汇票，"),
            unit(UnitKind::Paragraph, 5, "上，费县出台了意见。"),
        ];
        let (out, _) = mend_units(units, true, None);
        assert_eq!(texts(&out)[0], "其次，在搞好调查研究的基础上，费县出台了意见。");
    }

    #[test]
    fn a_recurring_word_picks_the_right_cut_paragraph() {
        let units = vec![
            unit(UnitKind::Paragraph, 1, "维护群众的利益。严禁蓄而不"),
            unit(UnitKind::Paragraph, 3, "为维护广大群众的利"),
            unit(UnitKind::Paragraph, 5, "益，解决新矛盾。"),
        ];
        let (out, _) = mend_units(units, true, None);
        assert_eq!(texts(&out), ["维护群众的利益。严禁蓄而不", "为维护广大群众的利益，解决新矛盾。"]);
    }

    #[test]
    fn chains_join_in_turn_and_loops_do_not_form() {
        let units = vec![
            unit(UnitKind::Paragraph, 1, "一条线"),
            unit(UnitKind::Paragraph, 3, "上，二条线"),
            unit(UnitKind::Paragraph, 5, "上，三条。"),
        ];
        let (out, _) = mend_units(units, true, None);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].text, "一条线上，二条线上，三条。");
        // Two pieces each starting and stopping mid-sentence: one join, no loop.
        let units =
            vec![unit(UnitKind::Paragraph, 1, "上，二条线"), unit(UnitKind::Paragraph, 3, "上，三条线")];
        let (out, _) = mend_units(units, true, None);
        assert_eq!(out.len(), 1);
    }

    fn body(line: usize, text: &str, first: f32, last: f32) -> Unit {
        Unit { edges: (first, last), lines: vec![line, line + 1], ..unit(UnitKind::Paragraph, line, text) }
    }

    #[test]
    fn an_unindented_block_goes_on_from_a_paragraph_cut_at_a_full_line() {
        // `…五颜` / `六色…`: nothing in the wording marks the rest, but its first line
        // fills the column and the join makes a word the page uses.
        let units = vec![
            body(1, "海口市阳光明媚。公园里到处是欢乐的人群，五颜", 12.0, 14.0),
            unit(UnitKind::Title, 3, "本报记者杨帆"),
            body(5, "六色的风筝带着人们新春的心愿飞上天。", 14.0, 5.0),
            body(7, "五颜六色的灯笼挂满了街道。", 12.0, 7.0),
        ];
        let (out, _) = mend_units(units, true, None);
        assert_eq!(
            texts(&out),
            [
                "海口市阳光明媚。公园里到处是欢乐的人群，五颜六色的风筝带着人们新春的心愿飞上天。",
                "本报记者杨帆",
                "五颜六色的灯笼挂满了街道。"
            ]
        );
    }

    #[test]
    fn in_extractor_text_a_rest_needs_the_word_it_completes() {
        // Interleaved columns: the rest of a paragraph came out after another column's
        // lines. The join `五颜` / `六色` makes a word the page uses, and the two parts
        // share words (`公园`, `欢乐`): joined.
        let units = || {
            vec![
                body(1, "海口市阳光明媚。公园里到处是欢乐的人群，五颜", 12.0, 14.0),
                body(3, "乐队演奏了乐曲，孩子们在草坪上尽情地奔跑。", 12.0, 8.0),
                body(5, "六色的风筝带着公园里欢乐的人们新春的心愿飞上天。", 14.0, 5.0),
                body(7, "五颜六色的灯笼挂满了街道。", 12.0, 7.0),
            ]
        };
        let (out, _) = mend_units(units(), false, None);
        assert_eq!(out.len(), 3, "{:?}", texts(&out));
        assert!(out[0].text.ends_with("五颜六色的风筝带着公园里欢乐的人们新春的心愿飞上天。"));
        // The word alone, with no word shared between the parts, joins nothing: on
        // extractor text the parts of a paragraph are not misread.
        let mut us = units();
        us[2].text = "六色的风筝带着人们新春的心愿飞上天。".into();
        assert_eq!(mend_units(us.clone(), false, None).0.len(), 4);
        // Nor do shared words without the word (`…五颜` / `带着公园里…`), as they would
        // in OCR text.
        let mut us = units();
        us[2].text = "带着公园里欢乐的人们新春的心愿飞上天。".into();
        us[3].text = "灯笼挂满了街道。".into();
        assert_eq!(mend_units(us.clone(), false, None).0.len(), 4);
        // Nor is anything cut out as OCR noise.
        us.push(unit(UnitKind::Title, 9, "导o"));
        let (out, removed) = mend_units(us, false, None);
        assert_eq!((out.len(), removed.len()), (5, 0));
    }

    #[test]
    fn an_unindented_block_of_another_measure_is_no_rest() {
        // The head's last line fills a 14 em column; a block whose first line is 11 em
        // wide is set in another column measure: another article's text.
        let narrow =
            |line: usize, text: &str| Unit { measure: 11.0, width: 11.0, ..body(line, text, 11.0, 5.0) };
        let units = vec![
            body(1, "海口市阳光明媚。公园里到处是欢乐的人群，五颜", 12.0, 14.0),
            narrow(3, "六色的风筝带着人们新春的心愿飞上天。"),
        ];
        assert_eq!(mend_units(units, true, None).0.len(), 2);
    }

    #[test]
    fn a_damaged_column_foot_goes_on_in_the_block_after_it() {
        // The short last line was read as a block apart (a blank line before it): the
        // unindented block right after it is the rest; one further away is not.
        let foot = || Unit {
            lines: vec![1, 2, 4], ..body(1, "钱其琛说，中国大使馆将为增进两计", 12.0, 1.0)
        };
        let rest = body(6, "国人民之间的了解作出贡献。", 14.0, 5.0);
        let (out, _) = mend_units(vec![foot(), rest.clone()], true, None);
        assert_eq!(texts(&out), ["钱其琛说，中国大使馆将为增进两计国人民之间的了解作出贡献。"]);
        let units = vec![foot(), unit(UnitKind::Title, 5, "标题"), rest];
        assert_eq!(mend_units(units, true, None).0.len(), 3);
    }

    #[test]
    fn a_full_line_read_apart_goes_on_in_a_close_unindented_block() {
        let line = |l: usize, t: &str| Unit { edges: (14.0, 14.0), ..unit(UnitKind::Paragraph, l, t) };
        let rest = body(5, "位中学生志愿者为这里的老人表演了节目。", 14.0, 5.0);
        let units = vec![line(1, "改往日的宁静，来自东直门中学的八"), rest.clone()];
        assert_eq!(
            texts(&mend_units(units, true, None).0),
            ["改往日的宁静，来自东直门中学的八位中学生志愿者为这里的老人表演了节目。"]
        );
        // Far from it, or of another width, it is not its rest.
        let mut units = vec![line(1, "改往日的宁静，来自东直门中学的八")];
        units.extend((0..4).map(|k| unit(UnitKind::Title, 2 + k, "标题")));
        units.push(rest.clone());
        assert_eq!(mend_units(units, true, None).0.len(), 6);
        let units = vec![line(1, "改往日的宁静，来自东直门中学的八"), body(5, "位中学生志愿者。", 11.0, 5.0)];
        assert_eq!(mend_units(units, true, None).0.len(), 2);
    }

    #[test]
    fn a_lone_character_with_its_closing_mark_ends_the_paragraph() {
        let units = vec![
            unit(UnitKind::Paragraph, 1, "将它安装在应用程序菜单"),
            unit(UnitKind::Title, 3, "中。"),
            unit(UnitKind::Paragraph, 5, "他说。"),
        ];
        let (out, _) = mend_units(units, true, None);
        assert_eq!(texts(&out), ["将它安装在应用程序菜单中。", "他说。"]);
    }

    #[test]
    fn an_indented_block_or_a_short_last_line_is_no_cut() {
        // The block below opens with an indent: a paragraph of its own.
        let units = vec![
            body(1, "公园里到处是欢乐的人群，五颜", 12.0, 14.0),
            body(3, "六色的风筝带着人们新春的心愿飞上天。", 12.0, 5.0),
        ];
        assert_eq!(mend_units(units, true, None).0.len(), 2);
        // The paragraph above stops on a short line: it ended there (a mark misread).
        let units = vec![
            body(1, "公园里到处是欢乐的人群，五颜", 12.0, 4.0),
            body(3, "六色的风筝带着人们新春的心愿飞上天。", 14.0, 5.0),
        ];
        assert_eq!(mend_units(units, true, None).0.len(), 2);
        // Nothing supports the join: no shared words, no word across it, far apart.
        let mut units = vec![body(1, "公园里到处是欢乐的人群，五颜", 12.0, 14.0)];
        units.extend((0..11).map(|k| unit(UnitKind::Title, 3 + 2 * k, "标题")));
        units.push(body(30, "俄罗斯中央银行行长宣布了新的货币政策。", 14.0, 5.0));
        assert_eq!(mend_units(units, true, None).0.len(), 13);
    }

    #[test]
    fn body_fragments_are_no_titles_and_headlines_are() {
        let title = |t: &str| Unit { width: 8.0, ..unit(UnitKind::Title, 1, t) };
        for t in [
            "１９９８年元旦开始使",
            "许多PV可以在",
            "要求，提供",
            "或十年，她",
            "转变思想观念，",
            "那时无党无派的",
        ] {
            assert!(is_body_fragment(&title(t)), "{t}");
        }
        for t in [
            "收费电话，爱你容易不容易",
            "俄罗斯新卢布开始流通",
            "总供给能力明显增强，总需求积极盘整",
            "世界大战",
        ] {
            assert!(!is_body_fragment(&title(t)), "{t}");
        }
        // A headline line ending in a comma where it wraps on to the next title line
        // stays a title; alone, it is body text.
        let units =
            vec![title("浙江丽水市援疆多管齐下，"), title("助力新和县高质量发展"), title("要求，提供")];
        let (out, _) = mend_units(units, true, None);
        let kinds: Vec<UnitKind> = out.iter().map(|u| u.kind).collect();
        assert_eq!(kinds, [UnitKind::Title, UnitKind::Title, UnitKind::Paragraph]);
    }
}
