//! De-interleaving of columns that an extractor emitted line by line (A1, B1, A2, B2 …).
//!
//! Input: one page's lines (after [`crate::columns`]). Output: the same lines, reordered
//! so that each column (a *thread*) reads top to bottom, threads in the order of their
//! first line. Nothing is dropped or changed; lines keep their input numbers.
//!
//! Why it happens: at a line pitch of about 1.5× the font size or more, poppler's
//! `pdftotext` makes one text block per line, and pdfminer groups lines the same way;
//! blocks are then read top to bottom, so lines of columns set side by side alternate
//! (in page order: lines on one baseline left to right, then the next baseline). Both
//! tools separate blocks with a blank line. So interleaving is only looked for in
//! *stretches* where every line stands between blank lines; column-order extractors
//! (pypdf, PyMuPDF, `pdftotext -raw`) without blank lines pass through untouched.
//! pdftotext also emits lines of columns side by side as one block when their baselines
//! are close; such a block is threaded as a stretch of its own when many of its lines
//! that stop mid-sentence differ in width from the next (columns of different measures,
//! see `mixed_block`); one column's lines are all as wide. A block whose lines are
//! mostly packed (see below and `packed_block`) is threaded on its own too.
//!
//! How a stretch is threaded: lines on one baseline come left to right, so with `k`
//! columns side by side each line's predecessor in its column is the line `k` back, and
//! `k` changes only where a column ends or starts. Each line gets a *lag* (how many
//! lines back its predecessor is, at most [`MAX_THREADS`], or none: it starts a thread)
//! by a Viterbi pass over lags. The score of a line `b` following a line `a`:
//! - cohesion: the character pair (and triple) across the break occurs elsewhere on
//!   the page (less for a pair with a mark or digit), or inside a common Chinese word
//!   (`src/data/cjk_bigrams.txt`, 20,000 pairs from jieba's word list): a word cut by
//!   the line end;
//! - sentence state: after a line that ends mid-sentence, a line set short without
//!   finishing a sentence cannot follow, nor can a mid-sentence line be continued by a
//!   wider one (unless 2 em wider: a paragraph's indented first line; more than 3 em
//!   narrower, it is a title or byline, and a full line following it costs more); a line starting
//!   with a kinsoku character (`，。、；：？！”’）》`, never at a line start) continues a
//!   mid-sentence line and never follows a finished one;
//! - paragraph ends: a short last line is followed in its column by an indented line,
//!   not a full one (the column's measure from the lines at the same lag before);
//! - brackets: an open `“`/`（`/`《` makes a closing mark early in `b` likelier;
//! - the extractor's blocks: a line without a blank line before it likely follows the
//!   one before; fake-bold copies of a line (one line beginning or ending with the other)
//!   stay together, and so do a two-line title's lines in one block (see `title_boxes`; with
//!   an unfinished line below them in the block set wider than the column, a subtitle),
//!   whose first line likely opens a thread and whose next line likely continues it;
//!   a line set to the full measure does not continue such a title (the body starts
//!   with an indented line, or a byline comes first); the first copy of a fake-bold
//!   line is a headline, which likely opens a thread too.
//!
//! The vertical rhythm: most links carry no evidence, but the lines around a line tell
//! which lag the columns there keep, so the lags their content supports gain (see
//! `rhythm`).
//!
//! Changing the lag costs: leaving lines without a successor (dearly when they stop
//! mid-sentence) or letting two lines claim one predecessor. Of two claims the better
//! scored wins, except that a full line chained at lag 1 beside a line opening a thread
//! (columns starting on one row) yields to a claim at the lag the lines after it keep.
//! Lines that still claim a taken predecessor take the best free one, or start a thread.
//!
//! A stretch is reordered only when threading explains its lines clearly better than
//! reading them in the order given (the path scores at least [`MIN_GAIN_PER_LINE`] per
//! line more than the all-lag-1 path) and at least two threads carry three lines or
//! more. [`InterleaveMode::Always`] threads the whole page without these checks.
//! Threads are emitted one after another in the order of their first lines; blank-line
//! gaps inside a reordered stretch are cleared (they separated the extractor's blocks),
//! except around a two-line title block, which stays a block of its own. A title block
//! just before a reordered stretch goes over the thread that opens with a body start
//! (dateline, byline, indented line) when the first thread goes on from earlier text: a
//! headline stands over its article's first column (see `body_start_thread`).
//!
//! A paragraph's indented first line never continues a full line that stops
//! mid-sentence; where threading still links them (an opener pdftotext emitted late,
//! after its column's lines), the opener starts a new paragraph and piece of its thread
//! (see `cut_before_indents`).
//!
//! A lag that reaches before the stretch's first line opens a thread without a change
//! of lag, so `k` columns that start together cost no switch.
//!
//! pdftotext emits a band's rows only after every line above its headline, so a
//! headline between one-line blocks, glued in one block to the line below it (its body's
//! first line, byline or dateline; see `band_title`), ends the stretch: the columns
//! below it start threads of their own instead of going on from the band above at its
//! lag.
//!
//! pdftotext sets two columns' lines that share a baseline as one line when the gap
//! between them is no wider than a word space (`南昌市委、市政府领导对此 在专用子目录`).
//! In [`InterleaveMode::Auto`] such a packed line of a stretch is cut at its space (see
//! `packed_split`) and both parts are threaded into their columns; if the stretch is
//! not reordered, the line stays whole. Three or four columns side by side are packed
//! the same way and cut at every space (not in OCR text, whose spaces are not reliably
//! column gaps).
//!
//! Where gutters are an em or less, pdftotext packs most of a page's lines this way:
//! blocks of packed rows (columns whose baselines coincide) alternate with lines on
//! baselines of their own, so a column's lines come 3 and 2 pieces apart by turns and its
//! next block lies beyond the lags' reach. On such a page (see `packed_page_measure`: a
//! quarter of its lines packed; their parts, not the packed lines, give the measure every
//! stretch is cut against) a stretch whose pieces are a quarter packed or more is
//! threaded by *runs* (see `thread_runs`): in consecutive packed rows with the same
//! number of parts, the `j`-th parts are one column's consecutive lines (`runs_of`); each
//! run goes on from the earlier run whose last line it best follows (the same link
//! scores, the runs' measures, agreement with the lag threading, nearness), links taken
//! best first. Such a stretch is always reordered: its packed lines must be cut. Two
//! lone lines between two packed rows of two parts are one row whose left line is a
//! paragraph's short last line (it leaves a gap wider than a word space, so the row is
//! not packed; see `row_mates`): the short one goes on from the left part, the full
//! one from the right, in either order.
//!
//! pdfplumber (`extract_text()`) groups characters into lines by baseline across the
//! whole page width: columns that share a baseline come as one line, their parts parted
//! by one space; columns whose baselines differ come on lines of their own, interleaved;
//! there are no blank lines. Such a page (see `packed_rows`: a tenth of its lines or
//! more hold a space between two CJK characters with column lines on both sides, no
//! blank lines, no runs of spaces, not cut by the column splitter, not OCR) is one
//! stretch: every line is cut at those spaces (see `rows_split`, which keeps a byline's
//! spaces), no line counts as glued to the one before, and the threading is applied
//! without the gain check.
//!
//! Afterwards (not on OCR pages) a blank line at a column break inside a paragraph is
//! cleared, see [`column_breaks`] (not before a short unfinished line over a dateline:
//! a title).
//!
//! Cost: linear in the page — a bigram table, then `O(K²)` per line for the Viterbi
//! pass with `K` = [`MAX_THREADS`] lags.

use rustc_hash::FxHashMap;

use crate::cjk::{
    ends_sentence, is_closing, is_han, is_line_start_forbidden, is_opening, str_width_em, trim, width_em,
};
use crate::model::{Decision, Removal};
use crate::pipeline::Prepass;
use crate::reflow::Line;

/// When to de-interleave columns. `Auto` threads stretches of blank-separated lines and
/// reorders those where threading clearly explains the text better than the given order;
/// `Always` threads every page as a whole and always applies the result.
pub type InterleaveMode = crate::StageMode;

/// The de-interleaving prepass. [`crate::Pipeline`] runs it after [`crate::columns`]
/// when [`crate::Config::interleave`] is not [`InterleaveMode::Never`].
///
/// ```
/// use newsprint::{interleave::{Interleave, InterleaveMode}, reflow::Line, Prepass};
/// let a = ["养老驿站为老人服务，养老驿站为", "老人做饭，养老驿站为老人理发，", "养老驿站为老人读报。"];
/// let b = ["水利设施由农户管理，水利设施由", "农户维修，水利设施由农户承包，", "水利设施由农户经营。"];
/// let mut lines = Vec::new();
/// for (i, (x, y)) in a.iter().zip(b.iter()).enumerate() {
///     lines.push(Line { no: 4 * i + 1, text: x.to_string(), gap_before: false, doubled: false });
///     lines.push(Line { no: 4 * i + 3, text: y.to_string(), gap_before: false, doubled: false });
/// }
/// let out = Interleave::new(InterleaveMode::Always).apply(lines, &mut Vec::new(), &mut Vec::new());
/// let texts: Vec<_> = out.iter().map(|l| l.text.as_str()).collect();
/// assert_eq!(texts[..3], a);
/// assert_eq!(texts[3..], b);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Interleave {
    mode: InterleaveMode,
    ocr: bool,
    aligned: bool,
}

impl Interleave {
    /// A de-interleaver in the given mode.
    pub const fn new(mode: InterleaveMode) -> Self {
        Interleave { mode, ocr: false, aligned: false }
    }

    /// Tells whether the column splitter cut the page (its columns came set apart by
    /// runs of spaces, as `pdftotext -layout` sets them): then it is not packed rows
    /// (see `packed_rows`), whatever single spaces its lines still hold.
    #[must_use]
    pub const fn aligned(mut self, aligned: bool) -> Self {
        self.aligned = aligned;
        self
    }

    /// Tells whether the page is OCR text: then blank lines are left as they are (see
    /// [`column_breaks`]).
    #[must_use]
    pub const fn ocr(mut self, ocr: bool) -> Self {
        self.ocr = ocr;
        self
    }
}

/// Clears the blank line before a line where it stands at a column break inside a
/// paragraph. Extractors that separate text blocks by blank lines (pdfminer, pdftotext)
/// end a block at the foot of a column, and a paragraph often goes on at the top of the
/// next. A blank line there means nothing when the line before it is a full line of a
/// block of three lines or more (as wide as the widest line of its block, within 1 em,
/// and another line of the block as wide) and
/// stops mid-sentence (or at a colon, which introduces what follows), and the line
/// after is not set wider (a title or another
/// measure). A paragraph never ends mid-sentence on a full line. So too a paragraph's
/// first line (2 em short, after a finished sentence) before a full line, and a block
/// of one or two lines that fits the measure of the block after it (see
/// `short_block_goes_on`). Returns the line numbers whose gap was cleared.
pub fn column_breaks(lines: &mut [Line]) -> Vec<usize> {
    let widths: Vec<f32> = lines.iter().map(|l| trimmed_width(trim(&l.text))).collect();
    column_breaks_with(lines, &widths)
}

/// [`column_breaks`] given each line's [`trimmed_width`].
fn column_breaks_with(lines: &mut [Line], widths: &[f32]) -> Vec<usize> {
    let n = lines.len();
    let mut cleared = Vec::new();
    let mut start = 0usize;
    for j in 1..n {
        if !lines[j].gap_before {
            continue;
        }
        // The block of line j-1: lines start..j.
        let block = start..j;
        start = j;
        let i = j - 1;
        let t = trim(&lines[i].text);
        if block.len() < 3 {
            if short_block_goes_on(lines, widths, block, j) {
                lines[j].gap_before = false;
                cleared.push(lines[j].no);
            }
            continue;
        }
        let widest = block.clone().map(|k| widths[k]).fold(0.0f32, f32::max);
        // A line alone an em or more wider than every other (quotes and brackets, which
        // the column set half width, counted whole) gives no measure: the widest width
        // another line shares does.
        let widest = {
            let shared = |w: f32| block.clone().filter(|&k| (widths[k] - w).abs() <= 0.5).count() >= 2;
            let lone = block.clone().filter(|&k| widths[k] >= widest - 0.5).count() == 1;
            let next = block.clone().map(|k| widths[k]).filter(|&w| w < widest - 0.5).fold(0.0f32, f32::max);
            if lone && next >= widest - 1.5 && shared(next) { next } else { widest }
        };
        // The widest line gives the measure only if another line shares it (a title
        // over a subtitle is no column).
        let at_measure = block.clone().filter(|&k| widths[k] >= widest - 1.0).count();
        let full = at_measure >= 2 && widths[i] >= widest - 1.0 && widths[i] >= 4.0;
        // A paragraph's first line, indented 2 em after a finished sentence, then a
        // full line after the gap: the paragraph went on in the next column.
        let first = at_measure >= 2
            && widest >= 6.0
            && (widths[i] + 2.0 - widest).abs() <= 0.6
            && ends_sentence(trim(&lines[i - 1].text))
            && widths[j] >= widest - 1.0
            && widths[j] <= widest + 0.5;
        // A colon at the end of a full line introduces what follows (a quote, a list)
        // in the same paragraph.
        let open = !ends_sentence(t) && (full || !t.ends_with(['：', ':']));
        // A line alone between two gaps, short of the measure and unfinished, is no
        // paragraph's continuation (that would be a full line, or end the paragraph):
        // a title.
        let tj = trim(&lines[j].text);
        let lone_title = (j + 1 == n || lines[j + 1].gap_before)
            && widths[j] < widest - 1.0
            && !ends_sentence(tj)
            && !tj.ends_with(['，', '、', '；', '：', ',', ';', ':']);
        // A line 2 em short of the measure that goes on in a line at the measure (within
        // an em, as `full` reads it: a justified line with no mark to compress falls
        // short of one that has some), in a
        // block of three lines or more, is a paragraph's indented first line: no full
        // line stopping mid-sentence goes on there (threading cut a late-emitted opener
        // off such a line; a title's short block after a column's foot stays as before).
        let opener = (widths[j] + 2.0 - widest).abs() <= 0.6
            && lines.get(j + 1).is_some_and(|l| !l.gap_before)
            && lines.get(j + 2).is_some_and(|l| !l.gap_before)
            && widths.get(j + 1).is_some_and(|&w| w >= widest - 1.0 && w <= widest + 0.5);
        // A line right above a dateline (in its own block) is that article's title: a
        // paragraph going on at the top of the next column ends before an article starts,
        // and a line short of the measure that stops mid-sentence ends no paragraph.
        let over_dateline = widths[j] < widest - 1.0
            && !ends_sentence(tj)
            && !tj.ends_with(['，', '、', '；', '：', ',', ';', ':'])
            && lines.get(j + 1).is_some_and(|l| !l.gap_before && crate::patterns::is_dateline(&l.text));
        if (full || first)
            && open
            && !lone_title
            && !over_dateline
            && !short_head(lines, widths, j, widest)
            && !opener
            && widths[j] <= widths[i].max(widest) + 1.5
            && !trim(&lines[j].text).is_empty()
        {
            lines[j].gap_before = false;
            cleared.push(lines[j].no);
        }
    }
    cleared
}

/// Line `j`, after a gap at a column foot, set well short of the measure (more than
/// kinsoku's 1 em and a half-width character) without finishing a sentence, with more
/// lines in its block: a paragraph going on at the top of the next column goes on in a
/// full line (only its last line is short, and that one ends a sentence), so this is a
/// title over its own block. (A line 2 em short is left to the rules for indented
/// first lines.)
fn short_head(lines: &[Line], widths: &[f32], j: usize, widest: f32) -> bool {
    let t = trim(&lines[j].text);
    widths[j] < widest - 1.5
        && (widths[j] + 2.0 - widest).abs() > 0.6
        && !ends_sentence(t)
        && !t.ends_with(['，', '、', '；', '：', ',', ';', ':'])
        && !t.chars().any(|c| c.is_ascii_alphabetic())
        && lines.get(j + 1).is_some_and(|l| !l.gap_before)
}

/// A block of one or two lines that stops mid-sentence goes on in the block after it
/// when that block gives the measure and the short block fits it: its last line is a
/// full line, or its first line is set 2 em short of the measure (a paragraph's
/// indented first line, which pdfminer often makes a block of its own). The line after
/// the gap must be a full line too: a paragraph after a title starts indented.
fn short_block_goes_on(lines: &[Line], widths: &[f32], block: std::ops::Range<usize>, j: usize) -> bool {
    let i = j - 1;
    let t = trim(&lines[i].text);
    if t.is_empty() || ends_sentence(t) || t.ends_with(['：', ':']) {
        return false;
    }
    // The measure of the block after the gap (bounded look-ahead).
    let next: Vec<usize> =
        (j..lines.len()).take(12).take_while(|&k| k == j || !lines[k].gap_before).collect();
    if next.len() < 3 {
        return false;
    }
    // The widest line, unless it stands alone: one line widened by spaces
    // (`公司— — — 李宁`) gives no measure.
    let mut w: Vec<f32> = next.iter().map(|&k| widths[k]).collect();
    w.sort_by(|a, b| b.total_cmp(a));
    let measure = if w[0] - w[1] > 1.0 { w[1] } else { w[0] };
    let at_measure = w.iter().filter(|&&x| x >= measure - 1.0 && x <= measure).count();
    if at_measure < 2 || measure < 6.0 || widths[j] < measure - 1.0 {
        return false;
    }
    let full = |k: usize| widths[k] >= measure - 1.0 && widths[k] <= measure + 0.5;
    let indented = |k: usize| (widths[k] + 2.0 - measure).abs() <= 0.6;
    // Justification spreads a body line of few characters over its box (the extractor
    // writes the gaps as spaces): such a line fills its box, full or indented, whatever
    // its characters' width.
    let spread = |k: usize| crate::join::is_ocr_spaced(trim(&lines[k].text)) && widths[k] <= measure + 0.5;
    match block.len() {
        1 => full(i) || indented(i) || spread(i),
        _ => full(i) && indented(block.start),
    }
}

/// At most this many threads are open at once (candidates per line).
pub const MAX_THREADS: usize = 8;
/// A stretch is reordered when threading gains at least this much score per line.
pub const MIN_GAIN_PER_LINE: f32 = 0.15;
/// A block of more lines than this ends a stretch: the extractor kept a column together.
const MAX_BLOCK_LINES: usize = 5;
/// A long block mixes columns when at least this share of its lines that stop
/// mid-sentence differ in width from the next line by more than 1.25 em.
const MIXED_SHARE: f32 = 0.4;
/// A headline's line is set this many em off the columns' measure, see [`band_title`].
const TITLE_SHORT: f32 = 3.0;
/// ... or this many em wider (a headline over several columns).
const TITLE_WIDE: f32 = 8.0;
/// Lines on either side of a title block whose widths give the columns' measure.
const TITLE_AROUND: usize = 8;
/// Stretches shorter than this many blocks are left alone.
const MIN_STRETCH: usize = 8;
/// Only this many characters at each end of a line are looked at (bounded work).
const MAX_LINE_CHARS: usize = 400;
/// Score of a line that continues no earlier line.
const NEW_THREAD: f32 = -1.0;
/// Bonus for continuing the line just before (the order given).
const LAG1_BONUS: f32 = 0.1;
/// Bonus for continuing the line just before in the same block.
const GLUE_BONUS: f32 = 0.8;
/// Cost of a change of lag between one line and the next.
const SWITCH: f32 = 3.0;
/// Cost of leaving a line that ends mid-sentence without a successor.
const DANGLE: f32 = 0.5;
/// Cost of two lines claiming the same predecessor.
const CONFLICT: f32 = 1.5;

/// Score of a break between two characters that form a common word ([`general_pair`])
/// and do not occur together elsewhere on the page.
const GENERAL_COMMON: f32 = 1.4;
/// The same for a less common word.
const GENERAL_RARE: f32 = 0.9;
/// Extra score of a pair that occurs on the page and is a word.
const GENERAL_BOTH: f32 = 0.3;
/// Less score for a pair on the page that holds a mark, digit or letter (`，我`, `”色`):
/// such pairs recur by chance, not because a word was cut.
const NON_HAN_PAIR: f32 = 0.5;
/// Weight of the vertical rhythm, see [`rhythm`].
const RHYTHM: f32 = 1.0;
/// Lines on either side of a line whose content scores give its rhythm.
const RHYTHM_WINDOW: usize = 10;
/// Positive content score around a line below which the rhythm counts only in part
/// (in proportion): one chance pair must not set the lag of a whole window.
const RHYTHM_EVIDENCE: f32 = 3.0;
/// A claim at lag `l` beats a top-of-column lag-1 claim when this many of the next
/// [`MAX_THREADS`] lines keep lag `l`.
const RHYTHM_KEPT: usize = 2;
/// Cost of a full line after a paragraph's short last line in one thread (a new
/// paragraph starts indented), see [`paragraph_end`].
const NO_INDENT: f32 = 0.5;
/// Bonus for a title's second line following its first in one block (see
/// [`title_boxes`]): as strong as for a fake-bold copy, one box is never split.
const TITLE_BOX: f32 = 5.0;
/// Bonus for a two-line title's first line opening a thread: a headline starts an
/// article more often than it continues the column beside or above it.
const TITLE_OPEN: f32 = 2.0;
/// Bonus for the line below a two-line title continuing it (its first body line, or
/// its byline), against the columns' rhythm, which reaches past the title.
const BELOW_TITLE: f32 = 1.0;
/// Cost of a line set to the full measure continuing a two-line title.
const FULL_AFTER_TITLE: f32 = 4.0;
/// Extra cost of a full line going on from a line more than 3 em shorter that does not
/// end a sentence (a title, byline or label rather than a paragraph's line).
const AFTER_LABEL: f32 = 0.5;

/// Bonus (or cost) for a line below a packed block's last packed line, set to one
/// column's measure, continuing a line of that column (or of the other one).
const TAIL_MEASURE: f32 = 2.0;

/// Score of a part of a packed line continuing another part of it (they stand side by
/// side on one baseline): never, short of impossible.
const SAME_BASELINE: f32 = -50.0;

/// What threading needs to know about a line.
#[derive(Debug, Clone)]
struct Feat {
    width: f32,
    first: Option<char>,
    second: Option<char>,
    last: Option<char>,
    last2: Option<char>,
    ends: bool,
    starts_forbidden: bool,
    /// Opening minus closing quotes/brackets in the line.
    balance: i32,
    /// The line starts with a closing mark.
    closes_early: bool,
    /// Repeats the line before (a fake-bold headline drawn twice, emitted as two or
    /// three lines; dedupe needs them together), see [`repeats`].
    repeats: bool,
    /// No blank line before it, where the page separates lines by blank lines.
    glued: bool,
    /// The second line of a block of packed rows, neither it nor the first packed.
    top_second: bool,
    /// The second line of a title set on two lines in one block, see [`title_boxes`].
    title_box: bool,
    /// The first line of such a title.
    title_first: bool,
    /// The line after such a title's second line in its block, set wider than the
    /// column without finishing a sentence: the title's third line (a subtitle).
    title_wide: bool,
    /// Set to the stretch's column measure (its median width, less 1 em) or wider
    /// (pdfminer spaces out justified lines): not a paragraph's indented first line.
    full: bool,
    /// Holds a comma, an enumeration comma or a semicolon.
    comma: bool,
    /// Holds a space: letter-spaced (justified by the extractor's spaces), word-spaced
    /// or packed; its width says little about an indent.
    spaced: bool,
    /// A part of a packed line (see [`packed_split`]): that line's number. Parts of one
    /// packed line stand on one baseline in different columns, so neither continues
    /// the other.
    packed: Option<usize>,
}

/// `width`: the line's [`trimmed_width`].
fn features(text: &str, width: f32) -> Feat {
    let t = trim(text);
    let mut chars = t.chars().filter(|&c| !crate::cjk::is_space(c));
    let first = chars.next();
    let second = chars.next();
    let mut back = t.chars().rev().filter(|&c| !crate::cjk::is_space(c));
    let last = back.next();
    let last2 = back.next();
    let mut balance = 0i32;
    let mut closes_early = false;
    // The comma test rides on this walk; past its cap the rest is searched apart.
    let mut comma = false;
    let mut spaced = false;
    let mut walked = 0usize;
    // A main-block ideograph (`None`, not decoded) is no comma, space, opening or
    // closing mark: it only counts.
    crate::cjk::for_each_char_han_fast(t, |c| {
        let i = walked;
        if i == MAX_LINE_CHARS {
            return;
        }
        walked += 1;
        let Some(c) = c else { return };
        comma |= matches!(c, '，' | '、' | '；' | ',');
        spaced |= crate::cjk::is_space(c);
        if is_opening(c) && c != '(' && c != '[' {
            balance += 1;
        } else if is_closing(c) && matches!(c, '”' | '’' | '）' | '》' | '」' | '』' | '】' | '〕' | '〉')
        {
            if balance == 0 && i < 12 {
                closes_early = true;
            }
            balance -= 1;
        }
    });
    Feat {
        width,
        first,
        second,
        last,
        last2,
        ends: ends_sentence(t),
        starts_forbidden: first.is_some_and(is_line_start_forbidden),
        balance,
        closes_early,
        repeats: false,
        glued: false,
        top_second: false,
        title_box: false,
        title_first: false,
        title_wide: false,
        full: false,
        comma: comma
            || (walked == MAX_LINE_CHARS
                && t.chars().skip(MAX_LINE_CHARS).any(|c| matches!(c, '，' | '、' | '；' | ','))),
        spaced,
        packed: None,
    }
}

/// The width in em of a trimmed line, as threading measures it.
fn trimmed_width(t: &str) -> f32 {
    trimmed_width_ws(t).0
}

/// [`trimmed_width`], and whether the line holds a whitespace char (found in the same
/// pass over its chars): a line without one holds no column gap, so [`packed_split`]
/// need not look at it again.
fn trimmed_width_ws(t: &str) -> (f32, bool) {
    // pdfminer puts a space between the letters of letter-spaced lines: those spaces
    // take no width of their own.
    if t.len() > 4 * MAX_LINE_CHARS {
        return (2.0 * MAX_LINE_CHARS as f32, crate::cjk::has_whitespace(t));
    }
    // One pass: spaces, chars and half ems (widths are multiples of ½, so the sums below
    // are exact and equal the per-piece f32 sums).
    // A space next to a dash (`夸— 纳省`) is a dash drawn narrower than its em: no
    // width of the column (as in reflow).
    let (mut spaces, mut chars, mut halves, mut dash_spaces) = (0usize, 0usize, 0u32, 0u32);
    let mut prev = '\0';
    let mut ws = false;
    crate::cjk::for_each_char_han_fast(t, |c| {
        chars += 1;
        match c {
            None => {
                halves += 2;
                prev = '\0';
            }
            Some(c) => {
                spaces += usize::from(c == ' ');
                ws |= crate::cjk::is_space(c);
                halves += crate::cjk::width_halves(c);
                if (c == ' ' && prev == '—') || (c == '—' && prev == ' ') {
                    dash_spaces += 1;
                }
                prev = c;
            }
        }
    });
    let w = if spaces > 0 && 2 * spaces >= chars - spaces {
        // The spaces' own width (½ each) left out; some piece is not empty, so +0.0.
        (halves - spaces as u32) as f32 * 0.5
    } else if t.is_empty() {
        -0.0
    } else {
        halves.saturating_sub(dash_spaces) as f32 * 0.5
    };
    (w, ws)
}

/// A block of lines without blank lines between them (one block of the extractor),
/// threaded as a whole.
#[derive(Debug, Clone)]
struct Unit {
    /// Its first line.
    head: Feat,
    /// Its last line.
    tail: Feat,
}

/// Does `b` repeat `a` the way a fake-bold line drawn twice comes out: the same text,
/// or one copy cut where the other starts (`俄罗` / `俄罗斯三改卢布面值` / `斯三改卢布面值`):
/// one line begins or ends with the whole other line (of two characters or more)?
fn repeats(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.chars().nth(1).is_some() && (long.starts_with(short) || long.ends_with(short))
}

/// Character pairs inside the page's lines, for cohesion across a break. Keys are
/// packed into one `u64` (21 bits per char), which hashes faster than a tuple; the
/// maps are only looked up, never iterated.
///
/// Threading only asks about pairs across a candidate break (a line's last character,
/// a later line's first) and the triples that hold one, so only the pairs that pass a
/// [`PairFilter`] of those are counted, and the triples that hold such a pair: the
/// counts of every pair or triple that is looked up are exact, and most of the page is
/// skipped.
struct Bigrams(FxHashMap<u64, u32>, FxHashMap<u64, u32>);

/// A set of character pairs as a 2^16-bit Bloom filter with one hash: no false
/// negatives, a few false positives (which only count a few more pairs).
/// Also counts its insertions: a bound on the distinct wanted pairs, which sizes the
/// maps of [`Bigrams::new`] once (grown from empty they rehashed several times a page).
struct PairFilter(Vec<u64>, usize);

impl PairFilter {
    fn new() -> Self {
        PairFilter(vec![0; 1024], 0)
    }

    #[inline]
    fn slot(a: char, b: char) -> usize {
        (pack2(a, b).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
    }

    fn insert(&mut self, a: char, b: char) {
        let k = Self::slot(a, b);
        self.0[k >> 6] |= 1 << (k & 63);
        self.1 += 1;
    }

    #[inline]
    fn has(&self, a: char, b: char) -> bool {
        let k = Self::slot(a, b);
        self.0[k >> 6] & (1 << (k & 63)) != 0
    }
}

#[inline]
fn pack2(a: char, b: char) -> u64 {
    (u64::from(a) << 21) | u64::from(b)
}

#[inline]
fn pack3(a: char, b: char, c: char) -> u64 {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

impl Bigrams {
    /// Counts the pairs that pass `want` and the triples that hold one.
    fn new(lines: &[Line], want: &PairFilter) -> Self {
        // Lookups only (never iterated), so the capacity changes no result. A pair
        // passes `want` when wanted (or a rare false positive); each passing pair
        // occurrence adds at most two triples.
        let mut m = FxHashMap::with_capacity_and_hasher(want.1, Default::default());
        let mut m3 = FxHashMap::with_capacity_and_hasher(2 * want.1, Default::default());
        for l in lines {
            let mut prev: Option<char> = None;
            let mut prev2: Option<char> = None;
            // Whether the pair (prev2, prev) passes `want`.
            let mut prev_pair = false;
            // The first `4 * MAX_LINE_CHARS` chars: a line of at most that many bytes
            // whole, without a count per char.
            let t: &str = &l.text;
            let t = if t.len() <= 4 * MAX_LINE_CHARS {
                t
            } else {
                t.char_indices().nth(4 * MAX_LINE_CHARS).map_or(t, |(i, _)| &t[..i])
            };
            for c in t.chars() {
                if crate::cjk::is_space(c) {
                    continue;
                }
                let mut pair = false;
                if let Some(p) = prev {
                    pair = want.has(p, c);
                    if pair {
                        *m.entry(pack2(p, c)).or_insert(0u32) += 1;
                    }
                    if let Some(q) = prev2 {
                        if pair || prev_pair {
                            *m3.entry(pack3(q, p, c)).or_insert(0u32) += 1;
                        }
                    }
                }
                prev_pair = pair;
                prev2 = prev;
                prev = Some(c);
            }
        }
        Bigrams(m, m3)
    }

    fn pair(&self, a: char, b: char) -> u32 {
        self.0.get(&pack2(a, b)).copied().unwrap_or(0)
    }

    fn triple(&self, a: char, b: char, c: char) -> u32 {
        self.1.get(&pack3(a, b, c)).copied().unwrap_or(0)
    }
}

/// Character pairs that occur inside Chinese words, most frequent first (made from
/// jieba's word list, MIT License; see the file's header).
const GENERAL_PAIRS: &str = include_str!("data/cjk_bigrams.txt");
/// The same pairs in traditional characters, in the same order (pair `k` of each file
/// has rank `k`; see the file's header).
const GENERAL_PAIRS_TRADITIONAL: &str = include_str!("data/cjk_bigrams_traditional.txt");
/// Pairs of [`GENERAL_PAIRS`] ranked below this count as common.
const COMMON_PAIR_RANK: u32 = 5000;

/// The rank of the pair `a b` among the character pairs inside common Chinese words
/// ([`GENERAL_PAIRS`]), if it is one: a line break between them likely cuts a word.
fn general_pair(a: char, b: char) -> Option<u32> {
    // A hash map rather than a sorted table: it is looked up for every candidate break
    // (up to `MAX_THREADS` per line), and a binary search over 20,000 keys costs more.
    static TABLE: std::sync::OnceLock<FxHashMap<u64, u32>> = std::sync::OnceLock::new();
    let t = TABLE.get_or_init(|| {
        let mut m = FxHashMap::with_capacity_and_hasher(32_000, Default::default());
        for table in [GENERAL_PAIRS, GENERAL_PAIRS_TRADITIONAL] {
            let mut rank = 0u32;
            for line in table.lines().filter(|l| !l.starts_with('#')) {
                let cs: Vec<char> = line.chars().collect();
                for p in cs.chunks_exact(2) {
                    // A pair listed twice keeps its best (first) rank.
                    m.entry(pack2(p[0], p[1])).or_insert(rank);
                    rank += 1;
                }
            }
        }
        m
    });
    t.get(&pack2(a, b)).copied()
}

/// Is `a b` a pair of characters inside a Chinese word of the table (a line break
/// between them likely cuts the word)?
pub(crate) fn in_word(a: char, b: char) -> bool {
    general_pair(a, b).is_some()
}

/// The content score of `b` directly following `a` in one column, and why.
fn follow(a: &Feat, b: &Feat, bi: &Bigrams) -> (f32, &'static str) {
    let mut s = 0.0f32;
    let mut why = "";
    if let (Some(x), Some(y)) = (a.last, b.first) {
        let n = bi.pair(x, y);
        let general = general_pair(x, y);
        if n == 0 {
            match general {
                Some(r) => {
                    s += if r < COMMON_PAIR_RANK { GENERAL_COMMON } else { GENERAL_RARE };
                    why = "pair across the break is a common word";
                }
                None => s -= 0.4,
            }
        } else {
            s += if n == 1 { 1.6 } else { 2.5 };
            if !is_han(x) || !is_han(y) {
                s -= NON_HAN_PAIR;
            }
            if general.is_some() {
                s += GENERAL_BOTH;
            }
            why = "pair across the break occurs on the page";
        }
        // A triple holding the pair `x y` is counted only where that pair is (see
        // `Bigrams::new`): with the pair absent from the page, so are both triples.
        if n > 0
            && (a.last2.is_some_and(|w| bi.triple(w, x, y) > 0)
                || b.second.is_some_and(|z| bi.triple(x, y, z) > 0))
        {
            s += 0.7;
        }
    }
    if a.ends {
        if b.starts_forbidden {
            s -= 4.0;
            why = "kinsoku: cannot start a paragraph";
        }
        if b.closes_early && a.balance <= 0 {
            s -= 0.5;
        }
    } else {
        if b.starts_forbidden {
            s += 2.0;
            why = "kinsoku: continues a line";
        }
        if b.width < a.width - 1.25 && !b.ends {
            s -= 1.5;
            why = "short line inside a sentence";
        }
        // A paragraph's first line is set 2 em short (indented) and goes on in a full line.
        let indent = (b.width - a.width - 2.0).abs() <= 0.5;
        if a.width < b.width - 1.25 && !indent {
            // Far shorter than a full line and not a sentence end: a title, byline or
            // label, whose column goes on with an indented first line, not a full one.
            s -= if a.width < b.width - 3.0 && b.full { 1.0 + AFTER_LABEL } else { 1.0 };
            why = "continues a short line without a sentence end";
        }
        if a.balance > 0 && b.closes_early {
            s += 0.8;
        }
    }
    (s, why)
}

/// Paragraph ends: a paragraph's last line that is set short must be followed in its
/// column by an indented line, not a full one. The column's measure is the widest of
/// the lines `l`, `2l` and `3l` back from line `i` that stop mid-sentence (full lines;
/// the chain the line joins while the lag holds), given two such lines. Returns the
/// cost (≤ 0) of line `i` continuing line `i - l`.
fn paragraph_end(f: &[Unit], i: usize, l: usize) -> f32 {
    let (a, b) = (&f[i - l].tail, &f[i].head);
    if !a.ends {
        return 0.0;
    }
    let (mut measure, mut full) = (0.0f32, 0usize);
    for k in (1..=3).map_while(|m| i.checked_sub(m * l)) {
        let t = &f[k].tail;
        if !t.ends {
            full += 1;
            measure = measure.max(t.width);
        }
    }
    if full >= 2 && measure >= 6.0 && a.width < measure - 1.25 && b.width >= measure - 1.0 {
        -NO_INDENT
    } else {
        0.0
    }
}

/// Threads one stretch by the lag of each line's predecessor (Viterbi over lags).
/// Returns each line's thread, the gain over reading the stretch in order, and reasons.
type Emit = (Vec<[f32; MAX_THREADS + 1]>, Vec<[&'static str; MAX_THREADS + 1]>);

/// The score of each line continuing the line `l` back (`l` = 0: opening a thread).
fn emissions(f: &[Unit], bi: &Bigrams) -> Emit {
    const K: usize = MAX_THREADS;
    let n = f.len();
    let neg = f32::NEG_INFINITY;
    let mut emit = vec![[neg; K + 1]; n];
    let mut reason = vec![[""; K + 1]; n];
    for i in 0..n {
        emit[i][0] = NEW_THREAD;
        // A lag reaching before the stretch opens a thread without leaving the lag: the
        // first `k` lines of `k` columns side by side each start one.
        for e in emit[i].iter_mut().skip(i + 1) {
            *e = NEW_THREAD;
        }
        for l in 1..=K.min(i) {
            let (c, w) = follow(&f[i - l].tail, &f[i].head, bi);
            emit[i][l] = c + if l == 1 { LAG1_BONUS } else { 0.0 } + paragraph_end(f, i, l);
            // Only when the right part is a column line too (full, or a paragraph's
            // last line): a stray word space in one line also makes two parts.
            let column_line = f[i].head.full || f[i].head.ends;
            if column_line && f[i].head.packed.is_some() && f[i].head.packed == f[i - l].tail.packed {
                emit[i][l] = SAME_BASELINE;
            }
            if l == 1 && f[i].head.glued {
                emit[i][l] += GLUE_BONUS;
            }
            if l == 1 && f[i].head.repeats {
                emit[i][l] += 5.0;
                reason[i][l] = "repeats the line before";
            }
            reason[i][l] =
                if l == 1 && f[i].head.title_box { "a title's second line in its block" } else { w };
        }
    }
    (emit, reason)
}

/// The vertical rhythm. Where columns run side by side, each column's lines come at
/// the same lag, so the lags that the content around a line supports (most of its own
/// links carry no evidence) are likely its lag too. Adds to each line's score of lag
/// `l` [`RHYTHM`] times the share of lag `l` in the positive scores of the lines within
/// [`RHYTHM_WINDOW`] of it (its own left out; shares of less than [`RHYTHM_EVIDENCE`]
/// in all count in proportion), and to opening a thread the top share:
/// the rhythm tells lags apart, not whether the line continues one (a title or a
/// column's first line must still open a thread). Linear: prefix sums per lag.
fn rhythm(emit: &mut [[f32; MAX_THREADS + 1]]) {
    const K: usize = MAX_THREADS;
    let n = emit.len();
    let pos = |e: f32| if e.is_finite() && e > 0.0 { e } else { 0.0 };
    // Each score's positive part, taken once (the prefix sums and the line's own share).
    let own: Vec<[f32; K + 1]> = emit.iter().map(|e| e.map(pos)).collect();
    let mut pre = vec![[0.0f32; K + 1]; n + 1];
    for j in 0..n {
        for l in 1..=K {
            pre[j + 1][l] = pre[j][l] + own[j][l];
        }
    }
    for (i, e) in emit.iter_mut().enumerate() {
        let (a, b) = (i.saturating_sub(RHYTHM_WINDOW), (i + RHYTHM_WINDOW + 1).min(n));
        let mut share = [0.0f32; K + 1];
        for l in 1..=K {
            share[l] = pre[b][l] - pre[a][l] - own[i][l];
        }
        let total: f32 = share.iter().sum();
        if total <= 0.0 {
            continue;
        }
        let top = share.iter().fold(0.0f32, |m, &x| m.max(x));
        let norm = total.max(RHYTHM_EVIDENCE);
        e[0] += RHYTHM * top / norm;
        for l in 1..=K.min(i) {
            e[l] += RHYTHM * share[l] / norm;
        }
    }
}

fn thread_stretch(f: &[Unit], bi: &Bigrams) -> (Vec<usize>, f32, Why) {
    const K: usize = MAX_THREADS;
    let n = f.len();
    let neg = f32::NEG_INFINITY;
    let (mut emit, reason) = emissions(f, bi);
    rhythm(&mut emit);
    // Two-line titles, after the rhythm: they say nothing about the columns' lag, and
    // a bonus inside the rhythm's window would pull the lines around to lag 1.
    for i in 1..n {
        if f[i].head.title_box || f[i].head.title_wide {
            emit[i][1] += TITLE_BOX;
        } else if f[i - 1].head.title_box && !f[i].head.glued {
            emit[i][1] += BELOW_TITLE;
        }
        // A fake-bold line (drawn twice) is a headline: its first copy, at the top of
        // its block, opens a thread too.
        // A title is followed in its column by the body's first line, set indented, or
        // by a byline: not by a full line, which goes on from a line before it.
        if f[i].head.full {
            for l in 1..=K.min(i) {
                if f[i - l].tail.title_box || f[i - l].tail.title_wide {
                    emit[i][l] -= FULL_AFTER_TITLE;
                }
            }
        }
        if f[i - 1].head.title_first || (f[i].head.repeats && !f[i - 1].head.glued) {
            emit[i - 1][0] += TITLE_OPEN;
        }
    }
    packed_tail(f, &mut emit);
    // Prefix sums of the cost of leaving each line without a successor: high for a line
    // that stops mid-sentence.
    let mut dangle = vec![0.0f32; n + 1];
    for i in 0..n {
        dangle[i + 1] = dangle[i] + if f[i].tail.ends { 0.3 } else { DANGLE };
    }
    // Changing the lag from `p` (line i-1) to `s` (line i): a smaller lag leaves the lines
    // i-p .. i-s-1 without a successor, a larger one makes lines claim a predecessor
    // taken already.
    let trans = |i: usize, p: usize, s: usize| -> f32 {
        if p == s {
            0.0
        } else if p == 0 || s == 0 {
            -SWITCH / 2.0
        } else if s < p {
            let (a, b) = (i.saturating_sub(p), i.saturating_sub(s));
            -SWITCH - (dangle[b] - dangle[a])
        } else {
            -SWITCH - CONFLICT * (s - p) as f32
        }
    };
    let mut score = vec![[neg; K + 1]; n];
    let mut back = vec![[0u8; K + 1]; n];
    score[0] = emit[0];
    // Per line, the table of `trans(i, p, s)` (indexed `[p][s]`), not computed once per
    // target lag in the inner loop's branches: the entries that do not depend on the
    // line once by `trans` itself, the others (`0 < s < p`) per line by its formula
    // without its branches (the same f32 operations; redone by `trans` they cost more
    // than the whole table: its loops unroll and lose their branches). A row is padded
    // to `W` lanes (never read) so that the argmax below runs on whole vectors.
    const W: usize = (K + 1).next_multiple_of(4);
    let mut tr = [[neg; W]; K + 1];
    for (p, row) in tr.iter_mut().enumerate() {
        for (s, t) in row.iter_mut().enumerate().take(K + 1) {
            *t = trans(1, p, s);
        }
    }
    for i in 1..n {
        // Only the entries `0 < s < p` depend on the line: `trans`'s value for them,
        // from the prefix sums at `i - s` and `i - p` read once each.
        let d: [f32; K + 1] = std::array::from_fn(|k| dangle[i.saturating_sub(k)]);
        for (p, row) in tr.iter_mut().enumerate().skip(2) {
            for (s, t) in row.iter_mut().enumerate().take(p).skip(1) {
                *t = -SWITCH - (d[s] - d[p]);
            }
        }
        // For every target lag `s` at once, the best previous lag `p`: the first of the
        // largest `score[i - 1][p] + trans(i, p, s)` (a strict `>` over `p` rising, as
        // a scan per `s` finds it), lane by lane.
        let mut best = [neg; W];
        let mut arg = [0u32; W];
        for (p, (&prev, row)) in score[i - 1].iter().zip(&tr).enumerate() {
            for ((b, a), &t) in best.iter_mut().zip(arg.iter_mut()).zip(row) {
                let v = prev + t;
                if v > *b {
                    *b = v;
                    *a = p as u32;
                }
            }
        }
        for s in 0..=K {
            if emit[i][s] == neg {
                continue;
            }
            score[i][s] = best[s] + emit[i][s];
            back[i][s] = arg[s] as u8;
        }
    }
    let mut lag = vec![0usize; n];
    let mut s = (0..=K).max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b])).unwrap_or(0);
    let best = score[n - 1][s];
    for i in (0..n).rev() {
        lag[i] = if s > i { 0 } else { s };
        s = back[i][s] as usize;
    }
    let path = lag.clone();
    // Read in order, a packed line stays whole: its parts' forbidden link is no cost.
    let in_order: f32 = emit[0][0]
        + (1..n)
            .map(|i| {
                if f[i].head.packed.is_some() && f[i].head.packed == f[i - 1].tail.packed {
                    0.0
                } else {
                    emit[i][1]
                }
            })
            .sum::<f32>();
    // Chains: each line continues its predecessor unless another line claimed it first
    // with a better score. Where columns start on one row, a full line beside a line
    // opening a thread that the path chained at lag 1 is the top of a column too: it
    // yields to a claim at the lag the lines after that claim keep (a lag-1 link runs
    // across the row; its pair across the break is only weak evidence).
    let mut succ: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        if lag[i] == 0 {
            continue;
        }
        let p = i - lag[i];
        let top_of_column = |j: usize| {
            let h = &f[j].head;
            lag[j] == 1
                && h.full
                && !h.glued
                && !h.title_box
                && !h.repeats
                && (path[j - 1] == 0 || path.get(j + 1) == Some(&0))
                && (i + 1..(i + 1 + K).min(n)).filter(|&x| path[x] == lag[i]).count() >= RHYTHM_KEPT
        };
        match succ[p] {
            Some(j) if top_of_column(j) => {
                lag[j] = 0;
                succ[p] = Some(i);
            }
            Some(j) if emit[j][lag[j]] >= emit[i][lag[i]] => lag[i] = 0,
            Some(j) => {
                lag[j] = 0;
                succ[p] = Some(i);
            }
            None => succ[p] = Some(i),
        }
    }
    // A line that lost its predecessor takes the best free one within reach instead of
    // opening a thread, if that scores better than a new thread. Not a two-line title's
    // first line: the path opened a thread there on purpose.
    for i in 0..n {
        if lag[i] != 0 || f[i].head.repeats || f[i].head.title_first {
            continue;
        }
        let alt = (1..=K.min(i))
            .filter(|&l| succ[i - l].is_none() && emit[i][l] > NEW_THREAD + SWITCH / 2.0)
            .max_by(|&a, &b| emit[i][a].total_cmp(&emit[i][b]));
        if let Some(l) = alt {
            lag[i] = l;
            succ[i - l] = Some(i);
        }
    }
    let of = label(&lag);
    (of.clone(), best - in_order, Why { of, lag, reason })
}

/// The measures of packed lines' columns (see [`packed_block`]). Side by side, two
/// columns often have their own measures; between and below the packed lines (one
/// column has ended or moved off the other's baselines) the rhythm of the packed lines
/// still pulls the lines to their lag. A line set to one column's full measure (its
/// packed parts' median width, not the other's) goes on from a line of that column: a
/// packed part of its side, or a line set to its measure too; a packed part goes on
/// from a line of its own side. After the rhythm, like
/// the title bonuses: the measures tell the columns apart, not their lag.
fn packed_tail(f: &[Unit], emit: &mut [[f32; MAX_THREADS + 1]]) {
    let n = f.len();
    // Side of each two-part packed line's part: 0 left, 1 right.
    let side = |i: usize| -> Option<usize> {
        let p = f[i].tail.packed?;
        let prev = i > 0 && f[i - 1].tail.packed == Some(p);
        let next = i + 1 < n && f[i + 1].head.packed == Some(p);
        let three = (prev && i > 1 && f[i - 2].tail.packed == Some(p))
            || (next && i + 2 < n && f[i + 2].head.packed == Some(p));
        match (prev, next, three) {
            (false, true, false) => Some(0),
            (true, false, false) => Some(1),
            _ => None,
        }
    };
    let Some(last) = (0..n).rev().find(|&i| f[i].tail.packed.is_some()) else { return };
    let mut widths = [Vec::new(), Vec::new()];
    for (i, u) in f.iter().enumerate().take(last + 1) {
        if let Some(s) = side(i) {
            if !u.tail.ends {
                widths[s].push(u.tail.width);
            }
        }
    }
    let (Some(m0), Some(m1)) = (median_width(&widths[0]), median_width(&widths[1])) else { return };
    if widths[0].len() < 3 || widths[1].len() < 3 || (m0 - m1).abs() < 1.5 {
        return;
    }
    let measure = [m0, m1];
    // The column whose measure a line is set to, when it stops mid-sentence.
    let fits = |x: &Feat| -> Option<usize> {
        if x.ends || x.packed.is_some() {
            return None;
        }
        (0..2).find(|&s| (x.width - measure[s]).abs() <= 0.5)
    };
    // Over the whole stretch, not only below the packed lines: a packed row's left
    // part goes on in the left column's thread and its right part in the right one's
    // (lag alone lets threads cross at a packed row when other columns' lines stand
    // between the rows).
    for i in 0..n {
        // A part that ends a paragraph tells nothing of its column by its side either
        // (a short last part: the row's other columns may differ from the next row's).
        let part = |x: &Feat, q: usize| side(q).filter(|_| !x.ends);
        let c = if f[i].head.packed.is_some() { part(&f[i].head, i) } else { fits(&f[i].head) };
        let Some(c) = c else { continue };
        for (l, e) in emit[i].iter_mut().enumerate().take(MAX_THREADS.min(i) + 1).skip(1) {
            let p = i - l;
            let class =
                |q: usize| if f[q].tail.packed.is_some() { part(&f[q].tail, q) } else { fits(&f[q].tail) };
            let mut pc = class(p);
            let mut w = TAIL_MEASURE;
            // A line finishing a sentence says nothing of its column by its width: its
            // thread keeps the measure it last showed, the lines at the same lag before.
            let mut q = p;
            for _ in 0..3 {
                if pc.is_some() || f[q].tail.packed.is_some() || !f[q].tail.ends || q < l {
                    break;
                }
                q -= l;
                pc = class(q);
                w = TAIL_MEASURE / 2.0;
                if !f[q].tail.ends {
                    break;
                }
            }
            match pc {
                Some(x) if x == c => *e += w,
                Some(_) => *e -= w,
                None => {}
            }
        }
    }
}

/// A stretch whose pieces are at least this share parts of packed lines is threaded by
/// runs (see [`thread_runs`]).
const RUN_SHARE: f32 = 0.25;
/// How many runs back a run may find its predecessor.
const RUN_WINDOW: usize = 12;
/// Bonus for two runs of one measure (each with two or more lines that stop
/// mid-sentence, the widest as wide as the other's within ½ em) following one another.
const RUN_MEASURE: f32 = 1.0;
/// Cost of a run following a run of another measure (more than 1¼ em apart).
const RUN_OTHER_MEASURE: f32 = 1.5;
/// Bonus for a link that the line-by-line threading (see [`thread_stretch`]) made too.
const RUN_LAG_AGREES: f32 = 1.0;
/// Cost per run between a run and its predecessor.
const RUN_DISTANCE: f32 = 0.1;
/// Bonus for a lone line between two packed rows going on from the part above it that
/// its width places it under (see [`row_mates`]), cost for the other part.
const ROW_MATE: f32 = 1.0;

/// Is `b`, the part below `a` in the next packed row, set like the next line of `a`'s
/// column: not wider than a line that stops mid-sentence (save 2 em wider after a
/// paragraph's indented first line), nor shorter without finishing a sentence?
fn row_fits(a: &Feat, b: &Feat) -> bool {
    let indent = (b.width - a.width - 2.0).abs() <= 0.5;
    a.ends || ((b.width <= a.width + 0.5 || indent) && (b.ends || b.width >= a.width - 1.25))
}

/// Runs of pieces that certainly belong to one column, in the order of their first
/// piece. pdftotext emits columns whose baselines coincide as a block of packed rows,
/// each row the columns' lines on one baseline left to right: in consecutive rows
/// (consecutive input lines, no blank line between) with the same number of parts, the
/// `j`-th parts are consecutive lines of one column while each part fits below the one
/// above (see [`row_fits`]). Every other piece is a run of its own.
fn runs_of(f: &[Unit]) -> Vec<Vec<usize>> {
    let n = f.len();
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    // The previous row: (start, parts, packed line number).
    let mut prev: Option<(usize, usize, Option<usize>)> = None;
    let mut i = 0;
    while i < n {
        let no = f[i].head.packed;
        let mut j = i + 1;
        while no.is_some() && j < n && f[j].head.packed == no {
            j += 1;
        }
        let k = j - i;
        let goes_on = match (prev, no) {
            (Some((ps, pk, Some(pno))), Some(no)) => {
                pk == k
                    && ps + pk == i
                    && no == pno + 1
                    && (0..k).all(|m| row_fits(&f[ps + m].tail, &f[i + m].head))
            }
            _ => false,
        };
        if goes_on {
            for m in 0..k {
                runs[open[m]].push(i + m);
            }
        } else {
            open.clear();
            for m in 0..k {
                runs.push(vec![i + m]);
                open.push(runs.len() - 1);
            }
        }
        prev = Some((i, k, no));
        i = j;
    }
    runs.sort_by_key(|r| r[0]);
    runs
}

/// Where two lone lines stand between two packed rows of two parts each, the part of
/// the row above that each goes on from and the part of the row below that goes on
/// from it. Columns share a baseline grid, so the two lines are one row; pdftotext
/// packs two columns' lines on a baseline when the gap between them is a word space, so
/// a row of two full lines packs, and so does one whose right line is a paragraph's
/// short last line. A left column's short last line (it finishes a sentence, 2 em or
/// more short of the measure) leaves a wider gap: the row comes as two lines, in either
/// order. So of a short line and a full one, the short one is the left column's. `None`
/// for every other piece.
fn row_mates(f: &[Unit]) -> Vec<Option<(usize, usize)>> {
    let n = f.len();
    let mut mates = vec![None; n];
    // The packed line of piece `j` if it is one of exactly two parts.
    let pair = |j: usize| -> Option<usize> {
        let p = f[j].head.packed?;
        let parts = (j.saturating_sub(2)..(j + 3).min(n)).filter(|&k| f[k].head.packed == Some(p)).count();
        (parts == 2).then_some(p)
    };
    for i in 2..n.saturating_sub(3) {
        let (x, y) = (&f[i], &f[i + 1]);
        if x.head.packed.is_some() || y.head.packed.is_some() {
            continue;
        }
        let above = pair(i - 2).is_some_and(|p| f[i - 1].head.packed == Some(p));
        let below = pair(i + 2).is_some_and(|p| f[i + 3].head.packed == Some(p));
        if !above || !below {
            continue;
        }
        let m = f[i - 2].tail.width.max(f[i - 1].tail.width);
        let short = |u: &Unit| u.head.ends && u.head.width <= m - 2.0;
        let full = |u: &Unit| !u.head.ends && u.head.width >= m - 1.0;
        let (left, right) = if short(x) && full(y) {
            (i, i + 1)
        } else if full(x) && short(y) {
            (i + 1, i)
        } else {
            continue;
        };
        mates[left] = Some((i - 2, i + 2));
        mates[right] = Some((i - 1, i + 3));
    }
    mates
}

/// A run's measure: the widest of its lines that stop mid-sentence, given two of them.
fn run_measure(f: &[Unit], run: &[usize]) -> Option<f32> {
    let full: Vec<f32> = run.iter().filter(|&&u| !f[u].tail.ends).map(|&u| f[u].tail.width).collect();
    (full.len() >= 2).then(|| full.iter().copied().fold(0.0, f32::max))
}

/// Threads a stretch that is mostly packed rows by runs (see [`runs_of`]) instead of
/// single lines: a column's lines inside a block of rows come 3 and 2 pieces apart by
/// turns where other columns' lines stand between, which no lag follows, and a column's
/// next block lies beyond the lags' reach. Each run goes on from the run whose last
/// line it best follows ([`follow`], measures, the extractor's blocks) among the
/// [`RUN_WINDOW`] runs before it whose last line comes before its first; links are
/// taken best first, one successor and one predecessor per run. Returns each piece's
/// thread.
fn thread_runs(f: &[Unit], bi: &Bigrams, lag: &[usize]) -> Vec<usize> {
    let runs = runs_of(f);
    let r = runs.len();
    let measures: Vec<Option<f32>> = runs.iter().map(|run| run_measure(f, run)).collect();
    let mates = row_mates(f);
    let mut links: Vec<(f32, usize, usize)> = Vec::new();
    for b in 0..r {
        let first = runs[b][0];
        let h = &f[first].head;
        for a in b.saturating_sub(RUN_WINDOW)..b {
            let last = *runs[a].last().unwrap_or(&0);
            if last >= first {
                continue;
            }
            let t = &f[last].tail;
            if t.packed.is_some() && t.packed == h.packed {
                continue;
            }
            let (mut s, _) = follow(t, h, bi);
            if last + 1 == first {
                if h.glued {
                    s += GLUE_BONUS;
                }
                if h.repeats {
                    s += 5.0;
                }
                if h.title_box || h.title_wide {
                    s += TITLE_BOX;
                }
            }
            if (t.title_box || t.title_wide) && h.full {
                s -= FULL_AFTER_TITLE;
            }
            // A lone line of a row between packed rows goes on from the part above it,
            // and in the part below it.
            if let Some((p, _)) = mates[first] {
                if p == last {
                    s += ROW_MATE;
                } else if t.packed == f[p].tail.packed {
                    s -= ROW_MATE;
                }
            }
            if let Some((_, q)) = mates[last] {
                if q == first {
                    s += ROW_MATE;
                } else if h.packed == f[q].head.packed {
                    s -= ROW_MATE;
                }
            }
            if let (Some(x), Some(y)) = (measures[a], measures[b]) {
                if (x - y).abs() <= 0.5 {
                    s += RUN_MEASURE;
                } else if (x - y).abs() > 1.25 {
                    s -= RUN_OTHER_MEASURE;
                }
                // A paragraph's short last line goes on in an indented line.
                if t.ends && t.width < x - 1.25 && h.width >= y - 1.0 {
                    s -= NO_INDENT;
                }
            }
            s -= RUN_DISTANCE * (b - a - 1) as f32;
            // The line-by-line threading (its lags keep the columns' rhythm) linked them.
            if lag[first] > 0 && first - lag[first] == last {
                s += RUN_LAG_AGREES;
            }
            let dangle = if t.ends { 0.0 } else { DANGLE };
            if s + dangle > NEW_THREAD {
                links.push((s, a, b));
            }
        }
    }
    links.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.2.cmp(&y.2)).then(y.1.cmp(&x.1)));
    let mut pred: Vec<Option<usize>> = vec![None; r];
    let mut succ: Vec<Option<usize>> = vec![None; r];
    for &(_, a, b) in &links {
        if succ[a].is_none() && pred[b].is_none() {
            succ[a] = Some(b);
            pred[b] = Some(a);
        }
    }
    let mut of = vec![0usize; f.len()];
    for start in (0..r).filter(|&b| pred[b].is_none()) {
        let mut cur = Some(start);
        while let Some(c) = cur {
            for &u in &runs[c] {
                of[u] = start;
            }
            cur = succ[c];
        }
    }
    of
}

/// Each line's thread from its lag.
fn label(lag: &[usize]) -> Vec<usize> {
    let n = lag.len();
    let mut of = vec![0usize; n];
    let mut threads = 0usize;
    for i in 0..n {
        if lag[i] == 0 {
            of[i] = threads;
            threads += 1;
        } else {
            of[i] = of[i - lag[i]];
        }
    }
    of
}

/// Why each line of a stretch went to its thread; put into words only for a stretch
/// that is reordered (the only one whose reasons are reported).
struct Why {
    of: Vec<usize>,
    lag: Vec<usize>,
    reason: Vec<[&'static str; MAX_THREADS + 1]>,
}

impl Why {
    fn strings(&self) -> Vec<String> {
        let (of, lag, reason) = (&self.of, &self.lag, &self.reason);
        (0..lag.len())
            .map(|i| {
                if lag[i] == 0 {
                    format!("opens thread {}", of[i])
                } else {
                    let w = reason[i][lag[i]];
                    format!(
                        "continues thread {} (line {} back){}{w}",
                        of[i],
                        lag[i],
                        if w.is_empty() { "" } else { ": " }
                    )
                }
            })
            .collect()
    }
}

impl Prepass for Interleave {
    fn name(&self) -> &'static str {
        "interleave"
    }

    fn apply(
        &self,
        lines: Vec<Line>,
        decisions: &mut Vec<Decision>,
        _removed: &mut Vec<Removal>,
    ) -> Vec<Line> {
        if self.mode == InterleaveMode::Never || lines.len() < 3 {
            return lines;
        }
        // Each line's width, and whether it holds whitespace, measured once (kept while
        // the lines stay as they are).
        let (widths, spaced): (Vec<f32>, Vec<bool>) =
            lines.iter().map(|l| trimmed_width_ws(trim(&l.text))).unzip();
        if self.mode == InterleaveMode::Auto && set_as_paragraphs(&lines, &widths) {
            return lines;
        }
        let (mut lines, moved) = self.reorder(lines, &widths, &spaced, decisions);
        if !self.ocr {
            let widths =
                if moved { lines.iter().map(|l| trimmed_width(trim(&l.text))).collect() } else { widths };
            for no in column_breaks_with(&mut lines, &widths) {
                decisions.push(Decision {
                    line: no,
                    action: "column-break".into(),
                    why: "blank line after a full line that stops mid-sentence: a column break".into(),
                });
            }
        }
        lines
    }
}

/// Where pdftotext set the lines of columns that share a baseline as one line with a
/// single space between each two (a left column's line runs to its right edge, so the
/// gap to the next column is no wider than a word space): the byte offsets of those
/// spaces in the trimmed text. Every space must stand between two wide (CJK)
/// characters, every part but the last must be a column line (at least 0.8 of the
/// stretch's median width `median`, and no wider than any column; the last may be a
/// paragraph's short last line) and the line must be wider than a column (by 3 em or
/// more). Chinese sets no spaces
/// between words, so such a space joins two columns. pdftotext packs three or four
/// columns the same way; those are cut at every space only where spaces are column gaps
/// (`in_block`: a block of packed lines, or a stretch of text that is not OCR), where
/// each part but the last must again be a column line.
fn packed_split(text: &str, median: f32, in_block: bool) -> Option<Vec<usize>> {
    let t = trim(text);
    // Most lines hold no whitespace, so no space to cut at: one vector scan of the
    // bytes instead of decoding the line.
    if !crate::cjk::has_whitespace(t) || t.chars().any(|c| c.is_whitespace() && c != ' ') {
        return None;
    }
    // A space next to a dash (`夸— 纳省`) is mostly a dash drawn narrower than its em,
    // not a gap between columns; it is one only where no other space is.
    // (One vector sized by a byte count; all the spaces collected only when every one
    // is next to a dash.)
    let n = t.bytes().filter(|&b| b == b' ').count();
    let mut spaces: Vec<usize> = crate::collect_bounded(
        n,
        t.match_indices(' ')
            .map(|(p, _)| p)
            .filter(|&p| !t[..p].ends_with('—') && !t[p + 1..].starts_with('—')),
    );
    if spaces.is_empty() {
        spaces.extend(t.match_indices(' ').map(|(p, _)| p));
    }
    // A right column's line may hold spaces of its own (a byline's `记者刘洋 通讯员`):
    // then only the first space parts columns, when the rest fits one column. Only
    // where spaces are column gaps (`in_block`, see above): in OCR text they are not
    // reliably.
    if in_block && spaces.len() > 1 && str_width_em(&t[spaces[0] + 1..]) <= median + 1.5 {
        spaces.truncate(1);
    }
    // Three or more columns on one baseline: every space parts two of them, which the
    // checks below demand of each part (only where spaces are column gaps, as above).
    if spaces.is_empty() || (spaces.len() > 1 && !in_block) {
        return None;
    }
    // Every space cuts, or none does: the cuts are `spaces`.
    let mut from = 0;
    for &p in &spaces {
        let (a, b) = (&t[from..p], &t[p + 1..]);
        // A part wider than any column is a whole paragraph (text already reflowed,
        // such as newsprint's own output), not a column's line.
        if !wide_char(a.chars().next_back())
            || !wide_char(b.chars().next())
            || str_width_em(a) < 0.8 * median
            || str_width_em(a) > crate::reflow::NO_COLUMN
        {
            return None;
        }
        from = p + 1;
    }
    (str_width_em(t) >= median + 3.0).then_some(spaces)
}

/// Geometric marks (`□ 本报记者`, `■`, `★`) are ambiguous in width tables but set an
/// em wide in Chinese fonts.
fn wide_char(c: Option<char>) -> bool {
    c.is_some_and(|c| width_em(c) >= 1.0 || matches!(c, '\u{25A0}'..='\u{25FF}' | '\u{2605}' | '\u{2606}'))
}

/// The runs of a trimmed line between single spaces that stand between two wide
/// (CJK) characters: Chinese sets no spaces between words, so such a space is a gap
/// between columns, a byline's gap between role and name, or letter spacing. Korean
/// sets spaces between words, so a space next to Hangul parts nothing.
fn wide_runs(t: &str) -> Vec<&str> {
    let mut runs = Vec::new();
    let mut from = 0;
    for p in wide_gaps(t) {
        runs.push(&t[from..p]);
        from = p + 1;
    }
    runs.push(&t[from..]);
    runs
}

/// Does the trimmed line hold a space that parts runs (see [`wide_runs`]), that is, more
/// than one run? Without collecting the runs.
fn has_wide_gap(t: &str) -> bool {
    wide_gaps(t).next().is_some()
}

/// The byte offsets of the spaces of a trimmed line that part runs (see [`wide_runs`]).
fn wide_gaps(t: &str) -> impl Iterator<Item = usize> + '_ {
    let gap_side = |c: Option<char>| wide_char(c) && !c.is_some_and(crate::cjk::is_hangul);
    t.match_indices(' ')
        .map(|(p, _)| p)
        .filter(move |&p| gap_side(t[..p].chars().next_back()) && gap_side(t[p + 1..].chars().next()))
}

/// Does the page come as packed rows, and at what column measure? pdfplumber (and
/// other tools that group characters into lines by baseline across the whole page
/// width) sets the lines of all columns that share a baseline as one line, one space
/// between the columns' parts, and columns whose baselines differ on lines of their
/// own, interleaved; no blank lines at all. So: no blank line (pdftotext's default
/// mode packs narrow columns the same way, but it parts its blocks by blank lines: a
/// page of a few big packed blocks has few, but some; its packed blocks are threaded by
/// runs, see [`thread_runs`]), and many lines
/// wider than a column by 3 em that hold a space between two CJK characters with at
/// least two runs of 4 em or more (column lines) around such spaces. A column-order
/// extractor's line (pypdf, pdftotext) holds such spaces only in a byline or a
/// letter-spaced title, whose runs are short;
/// `pdftotext -layout` parts columns by runs of spaces; pdftotext's default mode parts
/// blocks by blank lines (its packed blocks are threaded as stretches); Latin words are
/// not CJK. The measure: the 80th percentile of the widths of all runs of 4 em or more
/// (column lines; most are full).
fn packed_rows(lines: &[Line], spaced: &[bool]) -> Option<f32> {
    let n = lines.len();
    // Blank lines first: they decide most pages without reading the text.
    if n < MIN_STRETCH || lines.iter().any(|l| l.gap_before) {
        return None;
    }
    // Space-positioned text (`pdftotext -layout`, PyMuPDF sorted, pypdf's layout mode)
    // sets runs of spaces, which packed rows never hold (an indent of spaces counts).
    let positioned = lines
        .iter()
        .filter(|l| crate::cjk::has_ascii_space(&l.text) && l.text.trim_end().contains("  "))
        .count();
    if positioned * 10 > n {
        return None;
    }
    let mut runs: Vec<f32> = Vec::new();
    let mut per_line: Vec<usize> = Vec::with_capacity(n);
    for (l, &ws) in lines.iter().zip(spaced) {
        // `spaced`: whether the trimmed line holds whitespace (see `trimmed_width_ws`).
        if !ws {
            per_line.push(0);
            continue;
        }
        let t = trim(&l.text);
        // The widths of its `wide_runs`, read where the gaps are (no vector per line).
        let (mut from, mut gaps, mut long) = (0, 0usize, 0usize);
        let mut piece = |r: &str| {
            let x = str_width_em(r);
            if x >= 4.0 {
                runs.push(x);
                long += 1;
            }
        };
        for p in wide_gaps(t) {
            piece(&t[from..p]);
            gaps += 1;
            from = p + 1;
        }
        piece(&t[from..]);
        per_line.push(if gaps > 0 { long } else { 0 });
    }
    if runs.len() < MIN_STRETCH {
        return None;
    }
    runs.sort_by(f32::total_cmp);
    let measure = runs[runs.len() * 4 / 5];
    let packed = per_line.iter().filter(|&&long| long >= 2).count();
    (packed >= 5 && packed * 10 >= n).then_some(measure)
}

/// Cuts a packed-rows page's lines (see [`packed_rows`]) into their columns' lines at
/// the spaces between two CJK characters; all parts keep the line's number. A space
/// after a short run (6 em or less) that ends no sentence is kept when the run and
/// the next fit one column (`measure`, plus an em for a hanging mark): a byline's
/// `本报讯 记者徐丽报道`, a letter-spaced title; a column's line that ends without a
/// sentence end before the gap is as wide as its column, and a short one left of a
/// gap is a paragraph's last line. Returns the pieces, for each whether it is part of
/// a cut line, and their widths.
fn rows_split(lines: &[Line], measure: f32) -> (Vec<Line>, Vec<bool>, Vec<f32>) {
    let mut out = Vec::with_capacity(lines.len() * 2);
    let mut cut = Vec::with_capacity(lines.len() * 2);
    let mut out_widths = Vec::with_capacity(lines.len() * 2);
    for l in lines {
        let t = trim(&l.text);
        let runs = wide_runs(t);
        let mut parts: Vec<String> = Vec::with_capacity(runs.len());
        let mut last_run = "";
        for r in runs {
            match parts.last_mut() {
                Some(p)
                    if str_width_em(last_run) <= 6.0
                        && !ends_sentence(last_run)
                        && str_width_em(p) + 0.5 + str_width_em(r) <= measure + 1.0 =>
                {
                    p.push(' ');
                    p.push_str(r);
                }
                _ => parts.push(r.to_string()),
            }
            last_run = r;
        }
        let many = parts.len() > 1;
        for (k, text) in parts.into_iter().enumerate() {
            out_widths.push(trimmed_width(&text));
            out.push(Line { text, gap_before: k == 0 && l.gap_before, ..l.clone() });
            cut.push(many);
        }
    }
    (out, cut, out_widths)
}

/// Is the text mostly set one paragraph per line (already reflowed, such as newsprint's
/// own output)? Then it has no columns to de-interleave. Most of its characters stand
/// in runs without spaces wider than any column (a column's line, and columns packed on
/// one baseline, whose parts are parted by spaces, are narrower; a lead set across
/// columns is wider, but it is a few lines of a page).
fn set_as_paragraphs(lines: &[Line], widths: &[f32]) -> bool {
    let (mut wide, mut all) = (0.0f32, 0.0f32);
    for (l, &w) in lines.iter().zip(widths) {
        all += w;
        if w > crate::reflow::NO_COLUMN
            && l.text.split(char::is_whitespace).any(|part| str_width_em(part) > crate::reflow::NO_COLUMN)
        {
            wide += w;
        }
    }
    wide > 0.5 * all
}

/// Does a block of lines without blank lines between them mix columns of different
/// measures (pdftotext also emits lines of columns side by side as one block)? In one
/// column a line that stops mid-sentence is as wide as the next line; here many such
/// neighbours differ in width. One column explains some differences itself: a
/// paragraph's first line after a finished one is 2 em (3 with kinsoku) narrower for
/// its indent, its last line (finishing a sentence, before a narrower line) is short,
/// and a closing mark may hang an em past the measure.
/// `w`: each line's [`trimmed_width`].
fn mixed_block(lines: &[Line], w: &[f32]) -> bool {
    let (mut pairs, mut differ) = (0usize, 0usize);
    // Each line trimmed and its sentence end read once: `a` is line k - 1, `before`
    // whether line k - 2 ends a sentence.
    let Some(first) = lines.first() else { return false };
    let (mut a, mut before) = (trim(&first.text), false);
    let mut a_ends = ends_sentence(a);
    for k in 1..lines.len() {
        let b = trim(&lines[k].text);
        let b_ends = ends_sentence(b);
        if !(a.is_empty() || a_ends || b.is_empty()) {
            pairs += 1;
            let hung = a.chars().next_back().filter(|&c| is_line_start_forbidden(c)).map_or(0.0, width_em);
            let first_line = (k == 1 || before) && (1.5..=3.5).contains(&(w[k] - w[k - 1]));
            // A last line, followed by a line short of the full one (indented, or a short
            // paragraph) or by none.
            let last_line =
                b_ends && w[k] < w[k - 1] && w.get(k + 1).is_none_or(|&x| x <= w[k - 1] - hung - 1.5);
            let same = (w[k] - w[k - 1]).abs() <= 1.25 || (w[k] - (w[k - 1] - hung)).abs() <= 1.25;
            if !same && !first_line && !last_line {
                differ += 1;
            }
        }
        (a, a_ends, before) = (b, b_ends, a_ends);
    }
    pairs >= 5 && differ as f32 >= MIXED_SHARE * pairs as f32
}
/// Cuts the packed lines of a stretch (see [`packed_split`]) into their columns' lines;
/// all parts keep the line's number. `widths`: the lines' [`trimmed_width`]s. `multi`:
/// cut at every space of a line of three or more columns outside a block of packed lines
/// too (not OCR text, whose spaces are not reliably column gaps). Returns the pieces, for
/// each whether it is part of a cut line, and their widths; `None` when no line is packed.
#[allow(clippy::type_complexity)]
fn split_stretch(
    lines: &[Line],
    widths: &[f32],
    spaced: &[bool],
    page_median: Option<f32>,
    multi: bool,
) -> Option<(Vec<Line>, Vec<bool>, Vec<f32>)> {
    let median = match page_median {
        Some(m) => m,
        None => median_width(widths)?,
    };
    let splits: Vec<Option<Vec<usize>>> = lines
        .iter()
        .zip(spaced)
        .map(|(l, &ws)| if ws { packed_split(&l.text, median, page_median.is_some() || multi) } else { None })
        .collect();
    if splits.iter().all(Option::is_none) {
        return None;
    }
    let mut out = Vec::with_capacity(lines.len() + 2);
    let mut cut = Vec::with_capacity(lines.len() + 2);
    let mut out_widths = Vec::with_capacity(lines.len() + 2);
    for ((l, split), &w) in lines.iter().zip(splits).zip(widths) {
        let lead = l.text.len() - l.text.trim_start().len();
        match split {
            Some(ps) => {
                let t = l.text.trim_end();
                let mut from = 0;
                for (k, end) in ps.iter().map(|&p| lead + p).chain(std::iter::once(t.len())).enumerate() {
                    let piece = Line {
                        text: t[from..end].to_string(),
                        gap_before: k == 0 && l.gap_before,
                        ..l.clone()
                    };
                    from = end + 1;
                    out_widths.push(trimmed_width(trim(&piece.text)));
                    out.push(piece);
                    cut.push(true);
                }
            }
            None => {
                out.push(l.clone());
                cut.push(false);
                out_widths.push(w);
            }
        }
    }
    Some((out, cut, out_widths))
}

/// The median of the widths of 4 em or more (a column's measure where most lines are
/// full lines of one measure).
fn median_width(widths: &[f32]) -> Option<f32> {
    let mut sorted: Vec<f32> =
        crate::collect_bounded(widths.len(), widths.iter().copied().filter(|&w| w >= 4.0));
    // Only the middle element is wanted: a selection, not a sort (`total_cmp` orders
    // every bit pattern, so the element at the middle is the same value either way).
    if sorted.is_empty() {
        return None;
    }
    let mid = sorted.len() / 2;
    Some(*sorted.select_nth_unstable_by(mid, f32::total_cmp).1)
}

/// The column measure of a page set mostly as packed lines (pdftotext's default mode
/// with gutters of a word space or less), or `None`. On such a page the packed lines are
/// the widest and most common, so the median line width is a packed line's, against
/// which no part is a column line; the measure is instead the median width of the parts
/// of the lines cut at their spaces between CJK characters (see [`wide_runs`]) and of
/// the lines without such a space (4 em or wider). A page counts as packed when at
/// least [`RUN_SHARE`] of its lines of 4 em or more hold such a space (three or more).
fn packed_page_measure(lines: &[Line], widths: &[f32], spaced: &[bool]) -> Option<f32> {
    // Counted first, without collecting any width: most pages are not packed, and the
    // count alone turns them away (this runs on every page that reaches threading).
    let (mut wide, mut packed) = (0usize, 0usize);
    for ((l, &w), &ws) in lines.iter().zip(widths).zip(spaced) {
        if w >= 4.0 {
            wide += 1;
            packed += usize::from(ws && has_wide_gap(trim(&l.text)));
        }
    }
    if packed < 3 || (packed as f32) < RUN_SHARE * wide as f32 {
        return None;
    }
    let mut parts = Vec::with_capacity(wide + packed);
    for ((l, &w), &ws) in lines.iter().zip(widths).zip(spaced) {
        if w < 4.0 {
            continue;
        }
        let t = trim(&l.text);
        if ws && has_wide_gap(t) {
            parts.extend(wide_runs(t).iter().map(|r| str_width_em(r)));
        } else {
            parts.push(w);
        }
    }
    median_width(&parts)
}

/// Is a block of lines without blank lines between them mostly packed lines (see
/// [`packed_split`], against the page's median width)? pdftotext emits columns side by
/// side whose baselines coincide as one block, each baseline's lines packed into one
/// line; lines on a baseline of their own come alone between them. All its lines are
/// as wide as the next, so `mixed_block` misses it. `spaced`: whether each line holds
/// whitespace (a line without any is not packed).
fn packed_block(lines: &[Line], spaced: &[bool], page_median: f32) -> bool {
    let packed = lines
        .iter()
        .zip(spaced)
        .filter(|&(l, &ws)| ws && packed_split(&l.text, page_median, true).is_some())
        .count();
    packed >= 3 && 3 * packed >= lines.len()
}

/// Threading units of a stretch's lines (`cut`: the line is part of a packed line): one
/// per line; a line glued to the one before (same block) likely follows it, but
/// extractors also glue the ends of two columns. The parts of a packed line belong to
/// two columns.
fn units_of(
    lines: &[Line],
    cut: &[bool],
    widths: &[f32],
    mixed: &rustc_hash::FxHashSet<usize>,
    packed: bool,
) -> Vec<Unit> {
    // Each line trimmed once: `features` trims (a trimmed text stays as it is), and
    // `repeats` compares it with the line before, trimmed on the step before.
    let mut prev: &str = "";
    let mut units: Vec<Unit> = (0..lines.len())
        .map(|i| {
            let t = trim(&lines[i].text);
            let mut head = features(t, widths[i]);
            head.repeats = i > 0 && repeats(prev, t);
            prev = t;
            head.packed = cut[i].then_some(lines[i].no);
            head.glued = i > 0
                && !cut[i]
                && !cut[i - 1]
                && lines[i].no <= lines[i - 1].no + 1
                && !mixed.contains(&lines[i].no);
            // In a block of packed rows, lines of different columns stand next to each
            // other, so none counts as glued; but columns side by side on one baseline
            // pack, so its first two lines, neither packed, stand on baselines of their
            // own: a title on two lines over the block's columns may be one.
            head.top_second = packed
                && i > 0
                && !head.glued
                && !cut[i]
                && !cut[i - 1]
                && !head.spaced
                && lines[i].no == lines[i - 1].no + 1
                && lines[i - 1].gap_before;
            Unit { tail: head.clone(), head }
        })
        .collect();
    title_boxes(&mut units, widths);
    units
}

/// Marks titles set on two lines in one block: a block of the extractor is one box
/// on the page, and when both lines stop without a sentence end and neither is set to
/// the column measure (the stretch's median width, within ¾ em: a headline's larger
/// type fits an em or more fewer characters into a column), they are a headline or
/// subtitle on two lines, which the columns' rhythm would thread apart. A block of just
/// two lines at the measure counts too when neither line holds a comma.
/// Only a block's first two lines count (a longer block holds a title and its byline or
/// first body line), and not when the second line is a paragraph's indented first line
/// (2 em short of the measure: a byline over the body). In a block of packed rows, whose
/// lines count as glued to none, its first two lines count when neither is packed and
/// both are off the measure: pdftotext sets a headline over a band in the band's block.
fn title_boxes(units: &mut [Unit], widths: &[f32]) {
    let mut w: Vec<f32> = crate::collect_bounded(widths.len(), widths.iter().copied().filter(|&w| w >= 4.0));
    if w.is_empty() {
        return;
    }
    let mid = w.len() / 2;
    // Linear, unlike a sort; the same element as `sorted[mid]`.
    let median = *w.select_nth_unstable_by(mid, f32::total_cmp).1;
    let off = |w: f32| (w - median).abs() > 0.75;
    for u in units.iter_mut() {
        u.head.full = u.head.width >= median - 1.0;
        u.tail.full = u.tail.width >= median - 1.0;
    }
    // A block of just two lines at the measure is a title too when neither line pauses
    // at a comma (a headline breaks at a phrase, a body line anywhere): two lines of one
    // column glued together read on across commas.
    let set_at_measure = |p: &Unit, u: &Unit| !p.tail.comma && !u.head.comma;
    let glued: Vec<bool> = units.iter().map(|u| u.head.glued).collect();
    let block_ends = |j: usize| glued.get(j).is_none_or(|&g| !g);
    for i in 1..units.len() {
        let (p, u) = (&units[i - 1], &units[i]);
        let title = (u.head.glued || u.head.top_second)
            && !u.head.repeats
            && !p.head.glued
            && !p.tail.ends
            && !u.head.ends
            && ((off(p.tail.width) && off(u.head.width))
                || (u.head.glued && set_at_measure(p, u) && block_ends(i + 1)))
            && (u.head.width + 2.0 - median).abs() > 0.6;
        if title {
            units[i].head.title_box = true;
            units[i].tail.title_box = true;
            units[i - 1].head.title_first = true;
            units[i - 1].tail.title_first = true;
        }
    }
    // A line wider than the column is no column line: in the block of a two-line title,
    // right below it and unfinished, it is the title's next line (set wider, as a
    // subtitle often is), which the lag to the column's next line would thread apart.
    for i in 1..units.len() {
        let (p, u) = (&units[i - 1], &units[i]);
        if p.tail.title_box && u.head.glued && !u.head.repeats && !u.head.ends && u.head.width > median + 1.5
        {
            units[i].head.title_wide = true;
            units[i].tail.title_wide = true;
        }
    }
}

/// pdftotext emits some blocks of a few lines after all the one-line blocks around them
/// (lines set at a tighter pitch, as a column's top beside a title), so such a block
/// threads onto its column's end. A thread that stops mid-sentence at the full measure,
/// whose first line is full too (so it continues something), and whose last lines are
/// one such block of up to three lines emitted late, opening with a paragraph's indented
/// first line, is read with that block first.
/// `idx`: the emission order, threads one after another. Returns the lifted blocks'
/// first units.
fn lift_late_heads(idx: &mut [usize], of: &[usize], units: &[Unit]) -> Vec<usize> {
    let mut lifted = Vec::new();
    let n = idx.len();
    let mut s = 0;
    while s < n {
        let t = of[idx[s]];
        let mut e = s + 1;
        while e < n && of[idx[e]] == t {
            e += 1;
        }
        let th = &idx[s..e];
        let m = th.len();
        let mut b = m - 1;
        while b > 0 && units[th[b]].head.glued && th[b - 1] + 1 == th[b] {
            b -= 1;
        }
        let last = &units[th[m - 1]].tail;
        let head = &units[th[0]].head;
        let late = th[m - 1] + LATE_BLOCK_REACH >= units.len();
        let opens = !units[th[b]].head.full;
        if b >= 2 && m - b <= 3 && !last.ends && last.full && head.full && !head.title_first && late && opens
        {
            lifted.push(th[b]);
            idx[s..e].rotate_left(b);
        }
        s = e;
    }
    lifted
}

/// A full line that stops mid-sentence goes on in a full line; a paragraph's indented
/// first line (2 em short of it) never continues it. Threading still links them where
/// the opener was emitted late, after the column's other lines (pdftotext's blocks of a
/// column top), and its cohesion with the next line outweighs the costs. Such an opener
/// that goes on itself opens a thread of its own with the lines after it.
/// Returns the new thread of each unit and the units cut off.
fn cut_before_indents(of: &[usize], units: &[Unit]) -> (Vec<usize>, Vec<usize>) {
    let mut next = of.iter().copied().max().map_or(0, |m| m + 1);
    // Each thread's last two units: the one before the last confirms the measure.
    let mut last: FxHashMap<usize, (Option<usize>, usize)> = FxHashMap::default();
    let mut remap: FxHashMap<usize, usize> = FxHashMap::default();
    let mut out = Vec::with_capacity(of.len());
    let mut cuts = Vec::new();
    for (j, &t) in of.iter().enumerate() {
        let h = &units[j].head;
        let cut = last.get(&t).is_some_and(|&(pp, p)| {
            let a = &units[p].tail;
            // The column's measure, set by the line before too (a column of another
            // measure must not look indented).
            let measured = pp.is_some_and(|q| {
                let q = &units[q].tail;
                !q.ends && (q.width - a.width).abs() <= 0.5
            });
            measured
                && a.full
                && !a.ends
                && !h.full
                && !h.spaced
                && !a.spaced
                && !h.title_box
                && !h.repeats
                && !units[j].tail.ends
                && (h.width + 2.0 - a.width).abs() <= 0.5
        });
        if cut {
            remap.insert(t, next);
            next += 1;
            cuts.push(j);
        }
        out.push(remap.get(&t).copied().unwrap_or(t));
        let pp = last.get(&t).map(|&(_, p)| p);
        last.insert(t, (pp, j));
    }
    (out, cuts)
}

/// How near the stretch's end a block must stand to count as emitted late.
const LATE_BLOCK_REACH: usize = 4;

impl Interleave {
    /// Threads the page's stretches and reorders those that interleave.
    /// `widths`: each line's [`trimmed_width`]. Returns the lines and whether any moved.
    fn reorder(
        &self,
        lines: Vec<Line>,
        widths: &[f32],
        spaced: &[bool],
        decisions: &mut Vec<Decision>,
    ) -> (Vec<Line>, bool) {
        // Blocks: lines without a blank line between them (one block of the extractor).
        let mut blocks: Vec<(usize, usize)> = Vec::new();
        for i in 0..lines.len() {
            match blocks.last_mut() {
                Some(b) if lines[i].no <= lines[i - 1].no + 1 => b.1 = i + 1,
                _ => blocks.push((i, i + 1)),
            }
        }
        // Stretches of lines: the whole page with `Always`; otherwise runs of short
        // blocks (a long block is a column the extractor kept together).
        let mut stretches: Vec<(usize, usize)> = Vec::new();
        let mut mixed: rustc_hash::FxHashSet<usize> = Default::default();
        // Stretches that are one block of packed lines: cut against the page's measure
        // (the block's own median is the packed lines' width).
        let mut packed_stretches: rustc_hash::FxHashSet<usize> = Default::default();
        // On a page set mostly as packed lines, every stretch's packed lines are cut
        // against the columns' measure.
        let packed_page =
            if self.ocr || self.aligned { None } else { packed_page_measure(&lines, widths, spaced) };
        let page_median = packed_page.or_else(|| median_width(widths));
        // A page set as packed rows (see `packed_rows`) is one stretch, its rows cut
        // into their columns' lines, threaded as a whole; no line is glued to the one
        // before, as the extractor sets no blank lines at all.
        let rows = if self.ocr || self.aligned { None } else { packed_rows(&lines, spaced) };
        if let Some(m) = rows {
            stretches.push((0, lines.len()));
            mixed.extend(lines.iter().map(|l| l.no));
            decisions.push(Decision {
                line: lines[0].no,
                action: "packed-rows".into(),
                why: format!("columns side by side set as one line per baseline, no blank lines: cut at CJK spaces (measure {m:.1} em) and threaded as a whole"),
            });
        } else if self.mode == InterleaveMode::Always {
            stretches.push((0, lines.len()));
        } else {
            let mut s = 0;
            for (k, &(a, b)) in blocks.iter().enumerate() {
                let long = b - a > MAX_BLOCK_LINES;
                // A long block that mixes columns is threaded on its own: joined to the
                // one-line blocks around it, its lines' gain would be judged with theirs.
                // OCR spaces are not reliably column gaps.
                let packed = long
                    && !self.ocr
                    && page_median.is_some_and(|m| packed_block(&lines[a..b], &spaced[a..b], m));
                if long && (packed || mixed_block(&lines[a..b], &widths[a..b])) {
                    if packed {
                        packed_stretches.insert(a);
                    }
                    mixed.extend(lines[a..b].iter().map(|l| l.no));
                    if a.saturating_sub(s) >= MIN_STRETCH {
                        stretches.push((s, a));
                    }
                    // A block of packed rows above one-line blocks: the columns' lines that no
                    // longer share baselines go on below it, so both are one stretch.
                    if packed && k + 1 < blocks.len() && blocks[k + 1].1 - blocks[k + 1].0 <= MAX_BLOCK_LINES
                    {
                        s = a;
                        continue;
                    }
                    stretches.push((a, b));
                    s = b;
                    continue;
                }
                // A headline glued to the line below it (see `band_title`): pdftotext
                // emits a band's rows after every line above its headline, so the
                // columns below it start afresh: the stretch ends before it and a new one
                // starts after it (the headline stays over its first line). Threaded in
                // one stretch, the rhythm of the band above carries its columns' threads
                // on into the new band's columns.
                // Only below a stretch of rows long enough to thread: titles side by side
                // at the top of the page head columns that start together. Tested before
                // `band_title`, so that its look around is paid for only there.
                let title = if long || k + 1 == blocks.len() || a.saturating_sub(s) < MIN_STRETCH {
                    0
                } else {
                    let (from, to) = (a.saturating_sub(TITLE_AROUND), (b + TITLE_AROUND).min(lines.len()));
                    let around = || (from..a).chain(b..to);
                    // Lines around that stop mid-sentence at a title line's width: its
                    // column's mates (a narrow column beside wider ones), not a title.
                    let mates = |w: f32| {
                        around()
                            .filter(|&j| (widths[j] - w).abs() <= 0.5 && !ends_sentence(trim(&lines[j].text)))
                            .count()
                    };
                    let measure = || median_width(&around().map(|j| widths[j]).collect::<Vec<f32>>());
                    band_title(&lines[a..b], &widths[a..b], measure, mates)
                };
                if title > 0 {
                    decisions.push(Decision {
                        line: lines[a].no,
                        action: "band-title".into(),
                        why: "a headline between one-line blocks: the columns below it are threaded apart from those above".into(),
                    });
                    stretches.push((s, a));
                    s = a + title;
                }
                if long || k + 1 == blocks.len() {
                    let e = if long { a } else { b };
                    if e.saturating_sub(s) >= MIN_STRETCH {
                        stretches.push((s, e));
                    }
                    s = b;
                }
            }
        }
        if stretches.is_empty() {
            return (lines, false);
        }
        // Each stretch's pieces and their features, then the page's character pairs
        // (needed only when there is a stretch to thread), counted only for the pairs
        // the stretches' line ends can ask about.
        // Pieces: `None` when they are the stretch's lines themselves (nothing cut).
        #[allow(clippy::type_complexity)]
        let prepared: Vec<(Option<(Vec<Line>, Vec<bool>)>, Vec<Unit>)> = stretches
            .iter()
            .map(|&(s, e)| {
                let original = &lines[s..e];
                let packed = packed_page.is_some() || packed_stretches.contains(&s);
                // Packed lines are cut only where pdftotext interleaves (not in `Always`,
                // which also threads column-order text), and kept whole unless the
                // stretch is reordered.
                let split = if let Some(m) = rows {
                    Some(rows_split(original, m))
                } else if self.mode == InterleaveMode::Always {
                    None
                } else {
                    split_stretch(
                        original,
                        &widths[s..e],
                        &spaced[s..e],
                        page_median.filter(|_| packed),
                        // pdftotext packs three or four columns on a baseline as it packs
                        // two, in any stretch (columns whose baselines drift apart come
                        // packed in short blocks between one-line blocks).
                        !self.ocr,
                    )
                };
                match split {
                    Some((pieces, cut, w)) => {
                        let units = units_of(&pieces, &cut, &w, &mixed, packed);
                        (Some((pieces, cut)), units)
                    }
                    None => (
                        None,
                        units_of(original, &vec![false; original.len()], &widths[s..e], &mixed, packed),
                    ),
                }
            })
            .collect();
        // The pairs `emissions` asks about: a line's last character and the first of
        // each of the `MAX_THREADS` lines after it.
        let mut want = PairFilter::new();
        for (_, units) in &prepared {
            for (i, u) in units.iter().enumerate() {
                let Some(x) = u.tail.last else { continue };
                for v in &units[i + 1..(i + 1 + MAX_THREADS).min(units.len())] {
                    if let Some(y) = v.head.first {
                        want.insert(x, y);
                    }
                }
            }
        }
        let bi = Bigrams::new(&lines, &want);
        let mut out = Vec::with_capacity(lines.len());
        let mut moved = false;
        let mut rest = lines.into_iter();
        let mut pos = 0;
        for (&(s, e), (pieces, units)) in stretches.iter().zip(prepared) {
            out.extend(rest.by_ref().take(s - pos));
            let original: Vec<Line> = rest.by_ref().take(e - s).collect();
            pos = e;
            let stretch: &[Line] = pieces.as_ref().map_or(&original, |p| &p.0);
            match self.thread(stretch, &units, &bi, rows.is_some(), packed_page.is_some(), decisions) {
                Some((order, opens, of)) => {
                    moved = true;
                    let title = title_before(&out, stretch.first());
                    // The thread a title just before the stretch heads, when the first
                    // one goes on from earlier text (see `body_start_thread`).
                    let head_at =
                        (title > 0).then(|| body_start_thread(&order, &of, &units, stretch)).flatten();
                    let src = match pieces {
                        Some((pieces, cut)) => {
                            let cut_nos: Vec<usize> =
                                pieces.iter().zip(&cut).filter(|(_, c)| **c).map(|(l, _)| l.no).collect();
                            let mut cut_nos = cut_nos;
                            cut_nos.dedup();
                            decisions.extend(cut_nos.into_iter().map(|no| Decision {
                                line: no,
                                action: "packed".into(),
                                why: "columns on one line, joined by single spaces: cut apart".into(),
                            }));
                            pieces
                        }
                        None => original,
                    };
                    // Inside a reordered stretch the blank lines separated the
                    // extractor's one-line blocks, not paragraphs: they no longer mean
                    // anything.
                    let mut slots: Vec<Option<Line>> = src.into_iter().map(Some).collect();
                    let start = out.len();
                    // A two-line title stays a block between blank lines, as the
                    // extractor set it: read on into the next line, it would be taken
                    // for a paragraph's start.
                    // (A wide third line stays with it, the gap comes after that.)
                    let after_title: Vec<bool> = std::iter::once(false)
                        .chain(order.windows(2).map(|w| {
                            let third = w[1] == w[0] + 1 && units[w[1]].head.title_wide;
                            (units[w[0]].tail.title_box && !third) || units[w[0]].tail.title_wide
                        }))
                        .collect();
                    let title_start: Vec<bool> =
                        order.iter().map(|&j| units[j].head.title_first || opens[j]).collect();
                    out.extend(order.into_iter().filter_map(|j| slots[j].take()));
                    for (k, l) in out.iter_mut().enumerate().skip(start + 1) {
                        l.gap_before = after_title[k - start] || title_start[k - start];
                    }
                    if let Some(k) = head_at {
                        // Move the title over the thread that starts its article.
                        let t0 = start - title;
                        decisions.push(Decision {
                            line: out[t0].no,
                            action: "thread".into(),
                            why: "a title before threaded columns heads the thread that opens with a body start, not one going on from before".into(),
                        });
                        out[start].gap_before = true;
                        out[start + k].gap_before = true;
                        out[t0..start + k].rotate_left(title);
                    }
                }
                None => out.extend(original),
            }
        }
        out.extend(rest);
        (out, moved)
    }

    /// Threads one stretch's lines (`units`: their features, see [`units_of`]) and
    /// returns the order to emit them in, or `None` when the stretch does not
    /// interleave (`force`: reorder it anyway, a packed-rows page).
    fn thread(
        &self,
        lines: &[Line],
        units: &[Unit],
        bi: &Bigrams,
        force: bool,
        packed_page: bool,
        decisions: &mut Vec<Decision>,
    ) -> Option<(Vec<usize>, Vec<bool>, Vec<usize>)> {
        let n = lines.len();
        if n == 0 {
            return None;
        }
        let (of, gain, why) = thread_stretch(units, bi);
        // A stretch of mostly packed rows (pdftotext) is threaded by runs.
        let packed = units.iter().filter(|u| u.head.packed.is_some()).count();
        let by_runs = packed_page && !force && packed as f32 >= RUN_SHARE * n as f32;
        let of = if by_runs { thread_runs(units, bi, &why.lag) } else { of };
        let mut sizes = FxHashMap::default();
        for &t in &of {
            *sizes.entry(t).or_insert(0usize) += 1;
        }
        let long = sizes.values().filter(|&&c| c >= 3).count();
        // Word-spaced text (Korean, Latin) broken at spaces is ragged: its widths say
        // nothing about which line follows which, and the cohesion table is Chinese.
        let ragged = lines.iter().filter(|l| crate::reflow::is_ragged_line(&l.text)).count() * 5 >= n * 3;
        let accept = self.mode == InterleaveMode::Always
            || force
            || (by_runs && !ragged)
            || (long >= 2 && gain >= MIN_GAIN_PER_LINE * n as f32 && !ragged);
        decisions.push(Decision {
            line: lines[0].no,
            action: if accept { "interleave".into() } else { "interleave-keep".into() },
            why: format!(
                "stretch of {n} blocks to line {}: {} threads ({long} with 3+ blocks), gain {gain:.1} ({:.2}/block){}",
                lines[n - 1].no,
                sizes.len(),
                gain / n as f32,
                if by_runs { format!(", by runs ({packed} of {n} pieces packed)") } else { String::new() }
            ),
        });
        if !accept {
            return None;
        }
        if by_runs {
            for (j, &t) in of.iter().enumerate() {
                decisions.push(Decision {
                    line: lines[j].no,
                    action: "thread".into(),
                    why: format!("thread {t}, chained by runs of packed rows"),
                });
            }
        } else {
            for (j, w) in why.strings().into_iter().enumerate() {
                decisions.push(Decision { line: lines[j].no, action: "thread".into(), why: w });
            }
        }
        let (piece, cuts) = cut_before_indents(&of, units);
        let mut opens = vec![false; n];
        for j in cuts {
            opens[j] = true;
            decisions.push(Decision {
                line: lines[j].no,
                action: "thread".into(),
                why: "an indented first line cannot go on a full line inside a sentence: starts a piece of its thread".into(),
            });
        }
        // Threads in the order of their first line, a thread's pieces one after another
        // (a cut may be wrong: the piece then still reads on where it did); a stable sort
        // keeps each piece's lines in input order.
        let mut first = FxHashMap::default();
        for (j, &t) in of.iter().enumerate() {
            first.entry(t).or_insert(j);
        }
        let mut piece_first = FxHashMap::default();
        for (j, &t) in piece.iter().enumerate() {
            piece_first.entry(t).or_insert(j);
        }
        let mut idx: Vec<usize> = (0..n).collect();
        idx.sort_by_key(|&j| (first[&of[j]], piece_first[&piece[j]]));
        for j in lift_late_heads(&mut idx, &piece, units) {
            decisions.push(Decision {
                line: lines[j].no,
                action: "thread".into(),
                why: "a block emitted after its column's lines, opening a paragraph: heads its thread, which stops mid-sentence".into(),
            });
        }
        Some((idx, opens, of))
    }
}

/// How many lines of `block` (an extractor's block of at most [`MAX_BLOCK_LINES`] lines
/// among interleaved one-line blocks) are a headline over the band of columns below it:
/// its first one or two lines, none finishing a sentence, opening with a closing mark,
/// or holding a comma, colon, full stop or space (not a dateline, byline or label),
/// holding a Chinese character, each set at least [`TITLE_SHORT`] em short of the
/// measure `measure` of the lines around it or [`TITLE_WIDE`] em wider (a headline's
/// larger type fits fewer characters into its columns, or spans several), with fewer
/// than two lines around at its width, or 2 em wider, that stop mid-sentence (`mates`:
/// such a line is a narrow column's line or indented first line, not a title); and
/// glued to the line below it in the block: the body's first line (3 em wider or more),
/// a byline or a dateline. pdftotext sets a headline and the line right below it as one
/// block when no other column has a line between their baselines. A line standing
/// alone is as likely a fragment of a body line (cut before a word of Latin letters);
/// a fake-bold headline drawn twice is threaded by its copies (see [`repeats`]).
/// 0 when the block starts with no such title. `measure` is asked for only when the
/// block's first line passes the tests that do not need it (it is `None` when there
/// are no lines around of 4 em or more: no title).
fn band_title(
    block: &[Line],
    widths: &[f32],
    measure: impl FnOnce() -> Option<f32>,
    mates: impl Fn(f32) -> usize,
) -> usize {
    // The tests that do not need the measure, on the first line: a block of one line, or
    // whose first line fails them, holds no title whatever the measure (the block is
    // among one-line blocks at every block boundary, so most blocks stop here).
    let plain = |l: &Line, w: f32| {
        let t = trim(&l.text);
        !t.is_empty()
            && w >= 3.0
            && !ends_sentence(t)
            && !t.chars().next().is_some_and(is_line_start_forbidden)
            && !t.contains(['，', '、', '；', ',', ' ', '。', '！', '？', '：'])
    };
    if block.len() < 2 || !plain(&block[0], widths[0]) {
        return 0;
    }
    let Some(measure) = measure() else { return 0 };
    let title_line = |l: &Line, w: f32| {
        let t = trim(&l.text);
        plain(l, w)
            && (w <= measure - TITLE_SHORT || w >= measure + TITLE_WIDE)
            && t.chars().any(is_han)
            && mates(w) < 2
            && mates(w + 2.0) < 2
            && crate::patterns::line_kind(t) == crate::patterns::LineKind::Plain
            && !crate::patterns::is_dateline(t)
    };
    let n = block.iter().zip(widths).take(2).take_while(|(l, w)| title_line(l, **w)).count();
    // A fake-bold headline drawn twice is threaded by its copies (see `repeats`).
    if repeats(trim(&block[0].text), trim(&block[1].text)) {
        return 0;
    }
    // A line standing alone is as likely a fragment of a body line (cut before a word
    // of Latin letters) as a headline: only a title of two lines, or a title glued to
    // the line below it, counts.
    if n == 0 || n == block.len() {
        return 0;
    }
    // Glued to the line below: that line is the body's first line (set wider by far),
    // a byline or a dateline; not the next line of a paragraph.
    let t = trim(&block[n].text);
    let below = widths[n] >= widths[n - 1] + TITLE_SHORT
        || crate::patterns::line_kind(t) == crate::patterns::LineKind::Byline
        || crate::patterns::is_dateline(t);
    if below { n } else { 0 }
}

/// How many lines at the end of `out` are a title block standing just before a
/// stretch whose first line is `next`: a block of one or two lines between blank
/// lines, none finishing a sentence or opening with a closing mark, the line before
/// it (if any) finishing one or standing apart. 0 when there is none.
fn title_before(out: &[Line], next: Option<&Line>) -> usize {
    let Some(next) = next else { return 0 };
    let n = out.len();
    if n == 0 || next.no <= out[n - 1].no + 1 {
        return 0;
    }
    let mut a = n - 1;
    while a > 0 && n - a < 3 && out[a].no <= out[a - 1].no + 1 {
        a -= 1;
    }
    if a > 0 && out[a].no <= out[a - 1].no + 1 {
        return 0;
    }
    let ok = out[a..].iter().all(|l| {
        let t = trim(&l.text);
        !t.is_empty()
            && !ends_sentence(t)
            && !t.chars().next().is_some_and(is_line_start_forbidden)
            && !t.contains(['，', '、', '；'])
            && crate::patterns::line_kind(t) == crate::patterns::LineKind::Plain
            && !crate::patterns::is_dateline(t)
    });
    if ok { n - a } else { 0 }
}

/// A newspaper sets a headline over its article's first column, so a title just before
/// threaded columns heads the thread that opens with a body start (a dateline, a byline
/// or an indented first line), not the first one when that goes on from earlier text
/// (a line set to the full measure that is no dateline). Returns the position in
/// `order` of that thread's first line.
fn body_start_thread(order: &[usize], of: &[usize], units: &[Unit], lines: &[Line]) -> Option<usize> {
    let first = *order.first()?;
    let opener = |j: usize| {
        let h = &units[j].head;
        let t = trim(&lines[j].text);
        crate::patterns::is_dateline(t)
            || crate::patterns::line_kind(t) == crate::patterns::LineKind::Byline
            || (!h.full && !h.ends && !h.spaced && h.width >= 4.0)
    };
    if opener(first) || !units[first].head.full {
        return None;
    }
    (1..order.len()).find(|&k| of[order[k]] != of[order[k - 1]] && opener(order[k]))
}
#[cfg(test)]
mod tests {
    use super::*;

    fn mk(texts: &[&str], step: usize) -> Vec<Line> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Line { no: 1 + step * i, text: t.to_string(), gap_before: false, doubled: false })
            .collect()
    }

    #[test]
    fn late_block_heads_a_thread_that_stops_mid_sentence() {
        let unit = |t: &str, glued: bool| {
            let mut f = features(t, trimmed_width(t));
            f.glued = glued;
            f.full = f.width >= 14.5;
            Unit { head: f.clone(), tail: f }
        };
        // Thread 0: two full lines continuing something, then a late block of an
        // indented first line and a full line stopping mid-sentence; thread 1 between.
        let units = vec![
            unit("“公害”。不制止不改变必将影响改", false),
            unit("青年志愿者为老人表演节目，青年", false),
            unit("革的进程，因此作为省委书记自定", false),
            unit("目前的公款吃喝是一种严重影响", false),
            unit("党群关系的腐败现象，是一种社会", true),
        ];
        let of = [0, 1, 0, 0, 0];
        let mut idx = vec![0, 2, 3, 4, 1];
        assert_eq!(lift_late_heads(&mut idx, &of, &units), vec![3]);
        assert_eq!(idx, vec![3, 4, 0, 2, 1]);
        // A thread ending a sentence keeps its order.
        let mut units = units;
        units[4] = unit("党群关系的腐败现象，是一种社会。", true);
        let mut idx = vec![0, 2, 3, 4, 1];
        assert!(lift_late_heads(&mut idx, &of, &units).is_empty());
        assert_eq!(idx, vec![0, 2, 3, 4, 1]);
    }

    /// Two columns of ten lines (15 em), as pdfplumber sets them: rows 1, 3, 5, 7, 9
    /// share a baseline (one line, the parts parted by a space), the others come alone,
    /// the left column's line first.
    fn plumber_columns() -> (Vec<String>, Vec<String>, Vec<String>) {
        // Each column one text cut into lines of 15 characters; the words cut at line
        // ends recur on the page.
        let cut = |t: String| -> Vec<String> {
            let c: Vec<char> = t.chars().collect();
            c.chunks(15).take(10).map(|x| x.iter().collect()).collect()
        };
        let a =
            cut("养老驿站为老人服务，养老驿站为老人做饭，养老驿站为老人理发，养老驿站为老人读报。".repeat(5));
        let b =
            cut("水利设施由农户管理，水利设施由农户维修，水利设施由农户承包，水利设施由农户经营。".repeat(5));
        let mut rows = Vec::new();
        for i in 0..10 {
            if i % 2 == 0 {
                rows.push(format!("{} {}", a[i], b[i]));
            } else {
                rows.push(a[i].clone());
                rows.push(b[i].clone());
            }
        }
        (a, b, rows)
    }

    /// Three columns, the left one 12 em wide with a paragraph's short last line, set by baselines as pdfplumber sets them: some rows hold all three columns'
    /// lines, some two, some one.
    fn plumber_three() -> (Vec<String>, Vec<String>) {
        let cut = |t: String, w: usize| -> Vec<String> {
            let c: Vec<char> = t.chars().collect();
            c.chunks(w).take(9).map(|x| x.iter().collect()).collect()
        };
        let mut a = cut("新年前夕，太行山深处发生了一件新鲜事：象角村村民和县长一起祝福。".to_string(), 12);
        a.extend(cut(
            "养老驿站为老人服务，养老驿站为老人做饭，养老驿站为老人理发，养老驿站为老人读报。".repeat(3),
            12,
        ));
        a.truncate(9);
        let b = cut(
            "水利设施由农户管理，水利设施由农户维修，水利设施由农户承包，水利设施由农户经营。".repeat(4),
            15,
        );
        let c = cut(
            "青年志愿者为老人表演节目，青年志愿者为老人打扫卫生，青年志愿者为老人送去年货。".repeat(4),
            15,
        );
        let mut rows = Vec::new();
        for i in 0..9 {
            match i % 3 {
                0 => rows.push(format!("{} {} {}", a[i], b[i], c[i])),
                1 => {
                    rows.push(a[i].clone());
                    rows.push(format!("{} {}", b[i], c[i]));
                }
                _ => {
                    rows.push(format!("{} {}", a[i], b[i]));
                    rows.push(c[i].clone());
                }
            }
        }
        let all: Vec<String> = a.into_iter().chain(b).chain(c).collect();
        (all, rows)
    }

    /// pdftotext's default mode: two columns whose baselines coincide come as a block of
    /// packed rows, two baselines at a time, and a third column's lines, on baselines of
    /// their own, come as one-line blocks between those blocks. A column's lines are then
    /// 3 and 2 pieces apart by turns, which one lag cannot follow; the rows of a block
    /// still pair their parts by position.
    #[test]
    fn packed_row_pairs_between_lone_lines_keep_their_columns() {
        let cut = |t: &str, w: usize, k: usize| -> Vec<String> {
            let c: Vec<char> = t.chars().collect();
            c.chunks(w).take(k).map(|x| x.iter().collect()).collect()
        };
        let a = cut(
            "今年春天，县里组织技术人员深入山区各乡镇，帮助农民修建蓄水池和引水渠道，解决了多年来困扰群众的吃水难题。\
             工程完工以后，村民们自发成立管护小组，轮流巡查水渠，及时清理淤泥和杂草，保证了灌溉用水的畅通。\
             据统计，全县新增有效灌溉面积三万多亩，粮食产量比上年提高了一成半，果园和菜地的收入也明显增加。\
             县水利局表示，明年将继续加大投入，力争让全县所有行政村都用上安全的自来水。",
            15,
            12,
        );
        let b = cut(
            "冬季取暖期到来之前，市供热公司对老旧管网进行了全面检修，更换阀门两千多个，\
             新铺设保温管道十八公里，并开通热线电话，随时受理居民的报修和咨询。\
             今年还将对三十个老旧小区的供热设施进行改造，让更多居民温暖过冬。",
            10,
            8,
        );
        let c = cut(
            "图书馆新馆开放第一周，前来借阅的读者络绎不绝，少儿阅览室里坐满了放学后的孩子们。\
             馆方介绍，新馆藏书总量超过八十万册，设有电子阅览区和自习区，每天开放十二个小时，\
             节假日照常开放，还定期举办讲座、展览和读书会，受到市民的普遍欢迎和好评。\
             馆方表示，下一步还将开通流动图书车，把图书送到偏远社区和农村。",
            12,
            8,
        );
        // One-line blocks, parted by blank lines (odd line numbers left out).
        let mut lines = Vec::new();
        let mut no = 1;
        let mut push = |text: String, gap: bool, no: &mut usize| {
            *no += if gap { 2 } else { 1 };
            lines.push(Line { no: *no, text, gap_before: gap, doubled: false });
        };
        // Above: columns A and C side by side, on baselines of their own.
        for i in 0..4 {
            push(a[i].clone(), true, &mut no);
            push(c[i].clone(), true, &mut no);
        }
        // Below: B starts beside A on A's baselines; C's lines come between their rows.
        for r in 0..4 {
            push(format!("{} {}", a[4 + 2 * r], b[2 * r]), true, &mut no);
            push(format!("{} {}", a[5 + 2 * r], b[2 * r + 1]), false, &mut no);
            push(c[4 + r].clone(), true, &mut no);
        }
        let out = Interleave::new(InterleaveMode::Auto).apply(lines, &mut Vec::new(), &mut Vec::new());
        let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        let at = |t: &str| texts.iter().position(|x| *x == t).unwrap_or_else(|| panic!("{t}: {texts:?}"));
        // B, whose lines all stand in such rows, reads in order; so does A in each block.
        assert_eq!(texts[at(&b[0])..at(&b[0]) + b.len()], b[..], "{texts:?}");
        for r in 0..4 {
            assert_eq!(at(&a[5 + 2 * r]), at(&a[4 + 2 * r]) + 1, "{texts:?}");
        }
    }

    /// On a page set mostly as packed lines the median line is a packed one; the
    /// columns' measure comes from the parts. A page with few packed lines has none.
    #[test]
    fn packed_page_measure_is_the_columns_measure() {
        let col = |k: usize| {
            "今年春天县里组织技术人员深入山区各乡镇帮助农民".chars().skip(k).take(12).collect::<String>()
        };
        let mut texts: Vec<String> = (0..6).map(|k| format!("{} {}", col(k), col(k + 1))).collect();
        texts.extend((0..4).map(col));
        let lines: Vec<Line> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Line { no: i + 1, text: t.clone(), gap_before: false, doubled: false })
            .collect();
        let (w, ws): (Vec<f32>, Vec<bool>) = lines.iter().map(|l| trimmed_width_ws(trim(&l.text))).unzip();
        assert!(median_width(&w).is_some_and(|m| m > 24.0));
        assert_eq!(packed_page_measure(&lines, &w, &ws), Some(12.0));
        let few: Vec<Line> = lines[4..].to_vec();
        let (w, ws): (Vec<f32>, Vec<bool>) = few.iter().map(|l| trimmed_width_ws(trim(&l.text))).unzip();
        assert_eq!(packed_page_measure(&few, &w, &ws), None);
    }

    #[test]
    fn three_packed_columns_of_two_measures_come_back_in_column_order() {
        let (want, rows) = plumber_three();
        let lines = mk(&rows.iter().map(String::as_str).collect::<Vec<_>>(), 1);
        let out = Interleave::new(InterleaveMode::Auto).apply(lines, &mut Vec::new(), &mut Vec::new());
        let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, want);
    }

    /// [`packed_rows`] with the whitespace flags `reorder` passes it.
    fn packed(lines: &[Line]) -> Option<f32> {
        let spaced: Vec<bool> = lines.iter().map(|l| trimmed_width_ws(trim(&l.text)).1).collect();
        packed_rows(lines, &spaced)
    }

    #[test]
    fn packed_rows_are_told_from_other_extractors() {
        let (a, b, rows) = plumber_columns();
        fn refs(v: &[String]) -> Vec<&str> {
            v.iter().map(String::as_str).collect()
        }
        assert!(packed(&mk(&refs(&rows), 1)).is_some());
        // pypdf, `pdftotext -raw`: one column after the other.
        let column_order: Vec<String> = a.iter().chain(&b).cloned().collect();
        assert!(packed(&mk(&refs(&column_order), 1)).is_none());
        // pdftotext's default mode: the same packed rows, but its blocks parted by blank lines.
        let mut gapped = mk(&refs(&rows), 2);
        for l in &mut gapped[1..] {
            l.gap_before = true;
        }
        assert!(packed(&gapped).is_none());
        // So are its pages of a few big packed blocks: few blank lines, but some.
        let mut few = mk(&refs(&[rows.clone(), rows.clone()].concat()), 1);
        few[rows.len()].gap_before = true;
        assert!(few.len() >= 20 && packed(&few).is_none());
        // `pdftotext -layout`: columns set apart by runs of spaces.
        let layout: Vec<String> = a.iter().zip(&b).map(|(x, y)| format!("{x}    {y}")).collect();
        assert!(packed(&mk(&refs(&layout), 1)).is_none());
        // Latin words, bylines and letter-spaced titles hold spaces, but no column lines
        // on both sides of a space between CJK characters.
        let mut other: Vec<String> =
            (0..12).map(|i| format!("The quick brown fox jumps over the lazy dog {i} times")).collect();
        // Korean words are parted by spaces.
        other.extend((0..8).map(|_| "서울시는 다음 달부터 시내버스 노선을 대폭 개편한다고".to_string()));
        other.push("本报记者 刘洋 通讯员 王磊".into());
        other.push("责 任 编 辑 梁 晨".into());
        other.extend(a.iter().cloned());
        assert!(packed(&mk(&refs(&other), 1)).is_none());
    }

    /// A row whose left line is a paragraph's short last line does not pack: its two
    /// lines come alone between packed rows, the right one first, and each goes on in
    /// its own column (the lags would chain them crosswise).
    #[test]
    fn a_short_left_line_between_packed_rows_goes_on_in_the_left_column() {
        let cut = |t: &str, first: usize| -> Vec<String> {
            let c: Vec<char> = t.chars().collect();
            let mut out = vec![c[..first].iter().collect::<String>()];
            out.extend(c[first..].chunks(15).map(|x| x.iter().collect::<String>()));
            out
        };
        let mut a = cut(
            "县里组织技术人员深入山区各乡镇，帮助农民修建蓄水池和引水渠道，解决了多年来困扰群众的\
             吃水难题。工程完工以后，村民们自发成立管护小组，轮流巡查水渠，及时清理淤泥。",
            15,
        );
        // The next paragraph opens with an indented line, 2 em short.
        a.extend(cut(
            "据统计，全县新增有效灌溉面积三万多亩，粮食产量比上年提高了一成半，果园和菜地的收入\
             也明显增加，县水利局表示，明年将继续加大投入。",
            13,
        ));
        let b = cut(
            "冬季取暖期到来之前，市供热公司对老旧管网进行了全面检修，更换阀门两千多个，新铺设保温\
             管道十八公里，并开通热线电话，随时受理居民的报修和咨询，今年还将对三十个老旧小区的\
             供热设施进行改造，让更多居民温暖过冬，图书馆新馆开放第一周，前来借阅的读者络绎不绝，\
             少儿阅览室里坐满了放学后的孩子们。",
            15,
        );
        assert!(a[5].ends_with('。') && a[5].chars().count() == 5 && a[6].chars().count() == 13);
        let mut rows = vec!["县里水利工程见成效".to_string()];
        for i in 0..10 {
            match i {
                5 => rows.extend([b[5].clone(), a[5].clone()]),
                _ => rows.push(format!("{} {}", a[i], b[i])),
            }
        }
        let mut lines = mk(&rows.iter().map(String::as_str).collect::<Vec<_>>(), 1);
        lines[1].gap_before = true;
        let out = Interleave::new(InterleaveMode::Auto).apply(lines, &mut Vec::new(), &mut Vec::new());
        let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        let want: Vec<&str> = std::iter::once("县里水利工程见成效")
            .chain(a[..10].iter().chain(&b[..10]).map(String::as_str))
            .collect();
        assert_eq!(texts, want);
    }

    #[test]
    fn packed_rows_come_back_in_column_order() {
        let (a, b, rows) = plumber_columns();
        let lines = mk(&rows.iter().map(String::as_str).collect::<Vec<_>>(), 1);
        let out = Interleave::new(InterleaveMode::Auto).apply(lines, &mut Vec::new(), &mut Vec::new());
        let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        let want: Vec<&str> = a.iter().chain(&b).map(String::as_str).collect();
        assert_eq!(texts, want);
        // A page the column splitter cut is not read as packed rows.
        let lines = mk(&rows.iter().map(String::as_str).collect::<Vec<_>>(), 1);
        let mut decisions = Vec::new();
        Interleave::new(InterleaveMode::Auto).aligned(true).apply(lines, &mut decisions, &mut Vec::new());
        assert!(decisions.iter().all(|d| d.action != "packed-rows"));
    }

    #[test]
    fn a_byline_in_a_packed_row_stays_whole() {
        let rows = [
            "本报讯 记者徐丽报道 应当说，李 断创新突破的一个诱因。面对激烈的市",
            "福。 月，李宁集团成立了中国第一家民办股",
        ];
        let (pieces, cut, _) = rows_split(&mk(&rows, 1), 16.0);
        let texts: Vec<&str> = pieces.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "本报讯 记者徐丽报道 应当说，李",
                "断创新突破的一个诱因。面对激烈的市",
                "福。",
                "月，李宁集团成立了中国第一家民办股"
            ]
        );
        assert!(cut.iter().all(|&c| c));
    }

    fn mixed(lines: &[Line]) -> bool {
        let w: Vec<f32> = lines.iter().map(|l| trimmed_width(trim(&l.text))).collect();
        mixed_block(lines, &w)
    }

    const A: [&str; 4] = [
        "养老驿站为老人服务，养老驿站为",
        "老人做饭，养老驿站为老人理发，",
        "养老驿站为老人读报，养老驿站为",
        "老人看病，养老驿站为老人洗衣。",
    ];
    const B: [&str; 4] = [
        "水利设施由农户管理，水利设施由",
        "农户维修，水利设施由农户承包，",
        "水利设施由农户经营，水利设施由",
        "农户养护，水利设施由农户使用。",
    ];

    #[test]
    fn abab_comes_back_as_a_then_b() {
        let mut texts = Vec::new();
        for (a, b) in A.iter().zip(B.iter()) {
            texts.push(*a);
            texts.push(*b);
        }
        let out =
            Interleave::new(InterleaveMode::Auto).apply(mk(&texts, 2), &mut Vec::new(), &mut Vec::new());
        let got: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        let want: Vec<&str> = A.iter().chain(B.iter()).copied().collect();
        assert_eq!(got, want);
    }

    const C: [&str; 4] = [
        "青年志愿者走进敬老院，青年志愿",
        "者为老人表演节目，青年志愿者为老",
        "人包饺子，青年志愿者为老人打扫",
        "房间，青年志愿者陪老人过新年。",
    ];

    #[test]
    fn a_headline_between_bands_starts_new_threads() {
        // Two columns (A, B) interleaved line by line, then a headline glued to the
        // first line below it, then two more columns (C, D) of the next band.
        let mut lines = Vec::new();
        let mut no = 1;
        for (a, b) in A.iter().zip(B.iter()) {
            for t in [a, b] {
                lines.push(Line { no, text: t.to_string(), gap_before: false, doubled: false });
                no += 2;
            }
        }
        lines.push(Line {
            no, text: "青年志愿者新年献爱心".into(), gap_before: false, doubled: false
        });
        no += 1;
        for (c, d) in C.iter().zip(D.iter()) {
            for t in [c, d] {
                lines.push(Line { no, text: t.to_string(), gap_before: false, doubled: false });
                no += 2;
            }
        }
        let mut decisions = Vec::new();
        let out = Interleave::new(InterleaveMode::Auto).apply(lines, &mut decisions, &mut Vec::new());
        let got: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        let want: Vec<&str> = A
            .iter()
            .chain(B.iter())
            .chain(std::iter::once(&"青年志愿者新年献爱心"))
            .chain(C.iter())
            .chain(D.iter())
            .copied()
            .collect();
        assert_eq!(got, want);
        assert!(decisions.iter().any(|d| d.action == "band-title"));
    }

    #[test]
    fn three_columns_come_back_in_order() {
        let mut texts = Vec::new();
        for i in 0..4 {
            texts.extend([A[i], B[i], C[i]]);
        }
        let mut decisions = Vec::new();
        let out = Interleave::new(InterleaveMode::Auto).apply(mk(&texts, 2), &mut decisions, &mut Vec::new());
        let got: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        let want: Vec<&str> = A.iter().chain(B.iter()).chain(C.iter()).copied().collect();
        assert_eq!(got, want);
        assert!(decisions.iter().any(|d| d.action == "interleave"));
        assert!(decisions.iter().any(|d| d.action == "thread" && d.why.contains("3 back")));
    }

    #[test]
    fn one_column_with_indents_hung_marks_and_last_lines_is_not_mixed() {
        // From props::p2_cjk_layout_comes_back, seed 20261129 (issue 3): one 21-em
        // column, no blank lines. Its widths differ only where one column explains it:
        // 2-em indented first lines after a finished paragraph, short last lines before
        // a narrower line, a hung mark.
        let text = [
            "新年前夕，太行山深处发生了一件新鲜事：",
            "河北省平山县象角村村民和县长韩保深及县有关",
            "部门的领导一起，站在村边耕地面前深情地祝福：",
            "祝你新年快乐！",
            "文化交流增进民心相通，也推动文化资源的",
            "深度对接，为文旅援疆开创了新局面。丽水援疆",
            "指挥部重点实施新和文化资源普查、“赛乃姆”",
            "传承复兴、安西都护文化展示等项目，推进千年",
            "新和文化和千年处州文化的交融共鉴。3年来，",
            "开展大型文旅融合活动12场次60余项，接待观众",
            "28万人次，带动旅游收入9885万元。",
            "人才是区域发展之动力。",
        ];
        let lines = mk(&text, 1);
        assert!(!mixed(&lines));
        let out = Interleave::new(InterleaveMode::Auto).apply(lines, &mut Vec::new(), &mut Vec::new());
        let got: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(got, text);
    }

    const NARROW: [&str; 4] =
        ["志愿者为老人表演节目，", "志愿者为老人包饺子，", "志愿者为老人打扫房间", "，志愿者陪老人过年。"];
    #[test]
    fn one_block_of_columns_of_different_measures_is_threaded() {
        let mut texts = Vec::new();
        for (a, d) in A.iter().zip(NARROW.iter()) {
            texts.extend([*a, *d]);
        }
        // No blank lines: pdftotext made one block of the two columns.
        let lines = mk(&texts, 1);
        assert!(mixed(&lines));
        let out = Interleave::new(InterleaveMode::Auto).apply(lines, &mut Vec::new(), &mut Vec::new());
        let got: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        let want: Vec<&str> = A.iter().chain(NARROW.iter()).copied().collect();
        assert_eq!(got, want);
        // One column alone is no mix.
        assert!(!mixed(&mk(&[A[0], A[1], A[2], A[0], A[1], A[2], A[3]], 1)));
    }
    #[test]
    fn never_mode_moves_nothing() {
        let mut texts = Vec::new();
        for (a, b) in A.iter().zip(B.iter()) {
            texts.push(*a);
            texts.push(*b);
        }
        let lines = mk(&texts, 2);
        assert_eq!(
            Interleave::new(InterleaveMode::Never).apply(lines.clone(), &mut Vec::new(), &mut Vec::new()),
            lines
        );
    }

    fn unit(text: &str) -> Unit {
        let f = features(text, trimmed_width(text));
        Unit { tail: f.clone(), head: f }
    }

    #[test]
    fn indented_opener_after_a_full_line_mid_sentence_starts_a_piece() {
        let texts = [
            "养老驿站为老人服务，养老驿站为",
            "老人做饭，养老驿站为老人理发，",
            "水利设施由农户管理，水利设",
            "施由农户维修，水利设施由农户承",
        ];
        let mut units: Vec<Unit> = texts.iter().map(|t| unit(t)).collect();
        for u in &mut units {
            u.head.full = u.head.width >= 14.0;
            u.tail.full = u.tail.width >= 14.0;
        }
        let (piece, cuts) = cut_before_indents(&[0, 0, 0, 0], &units);
        assert_eq!(cuts, vec![2]);
        assert_eq!(piece[0], piece[1]);
        assert_ne!(piece[1], piece[2]);
        assert_eq!(piece[2], piece[3]);
        // Only one full line before: no measure, no cut.
        assert!(cut_before_indents(&[0, 0, 0], &units[1..]).1.is_empty());
    }

    #[test]
    fn indented_first_line_may_go_on_in_a_full_line() {
        let bi = Bigrams(FxHashMap::default(), FxHashMap::default());
        let full = unit("水利设施由农户管理，水利设施由");
        // 2 em short: a paragraph's indented first line.
        let first = unit("水利设施由农户管理，水利设");
        // 4 em short and mid-sentence: no column line.
        let short = unit("水利设施由农户管理，");
        let (indent, _) = follow(&first.tail, &full.head, &bi);
        let (cut, _) = follow(&short.tail, &full.head, &bi);
        assert!(indent > cut + 0.5, "{indent} {cut}");
    }

    #[test]
    fn pairs_with_marks_count_less() {
        let lines = mk(&["农户维修，我们", "管理，我们"], 1);
        let mut want = PairFilter::new();
        want.insert('，', '我');
        want.insert('修', '理');
        let bi = Bigrams::new(&lines, &want);
        let a = unit("水利设施由农户经营，");
        let b = unit("我也在这里工作。");
        let (s, _) = follow(&a.tail, &b.head, &bi);
        // `，我` twice on the page: 2.5, less the discount.
        assert!((s - (2.5 - NON_HAN_PAIR)).abs() < 1e-5, "{s}");
    }

    #[test]
    fn full_line_after_a_paragraph_end_costs() {
        let f: Vec<Unit> = [
            "养老驿站为老人服务，养老驿站为",
            "水利设施由农户管理，水利设施由",
            "老人做饭，养老驿站为老人理发，",
            "农户维修，水利设施由农户承包，",
            "老人读报。",
            "农户经营，水利设施由农户使用，",
            "水利设施由农户经营，水利设施由",
            "  养老驿站为老人看病，养老",
        ]
        .iter()
        .map(|t| unit(t))
        .collect();
        // Line 6 after the short last line 4 (lag 2): full, so it costs; line 7 is
        // indented and does not.
        assert!(paragraph_end(&f, 6, 2) < 0.0);
        assert_eq!(paragraph_end(&f, 7, 3), 0.0);
        // Mid-sentence predecessors never cost.
        assert_eq!(paragraph_end(&f, 5, 2), 0.0);
    }

    #[test]
    fn rhythm_favours_the_lag_the_neighbours_keep() {
        const K: usize = MAX_THREADS;
        // Lag 2 carries evidence around line 10, line 10 itself has none.
        let mut emit = vec![[-0.4f32; K + 1]; 20];
        for (i, e) in emit.iter_mut().enumerate() {
            e[0] = NEW_THREAD;
            if i != 10 && i % 3 == 0 {
                e[2] = 1.6;
            }
        }
        rhythm(&mut emit);
        assert!(emit[10][2] > emit[10][1] + 0.5);
        assert!(emit[10][2] > emit[10][3] + 0.5);
        // Opening a thread gains as much as the top lag: the rhythm does not decide
        // whether a line continues one.
        assert!((emit[10][0] - NEW_THREAD - (emit[10][2] + 0.4)).abs() < 1e-5);
    }

    #[test]
    fn one_chance_pair_sets_no_rhythm() {
        const K: usize = MAX_THREADS;
        // A single weak pair at lag 2 in a window without other evidence.
        let mut emit = vec![[-0.4f32; K + 1]; 20];
        emit[5][2] = 1.1;
        rhythm(&mut emit);
        let gain = emit[10][2] + 0.4;
        assert!(gain > 0.0 && gain <= 1.1 / RHYTHM_EVIDENCE + 1e-6, "{gain}");
        // Evidence enough, and the full weight is shared out.
        let mut emit = vec![[-0.4f32; K + 1]; 20];
        for i in [3, 5, 7, 13] {
            emit[i][2] = 1.6;
        }
        rhythm(&mut emit);
        assert!((emit[10][2] + 0.4 - RHYTHM).abs() < 1e-5);
    }

    #[test]
    fn general_pairs_know_common_words() {
        assert!(general_pair('人', '民').is_some_and(|r| r < COMMON_PAIR_RANK));
        assert!(general_pair('经', '济').is_some());
        // Traditional forms at the same rank.
        assert_eq!(general_pair('經', '濟'), general_pair('经', '济'));
        assert_eq!(general_pair('發', '展'), general_pair('发', '展'));
        assert!(general_pair('，', '人').is_none());
        assert!(general_pair('a', 'b').is_none());
    }

    fn gapped(texts: &[&str], gaps: &[usize]) -> Vec<Line> {
        let mut lines = mk(texts, 1);
        for &g in gaps {
            lines[g].gap_before = true;
        }
        lines
    }

    #[test]
    fn blank_line_at_a_column_break_mid_sentence_is_cleared() {
        let texts = [A[0], A[1], A[2], A[3], B[0], B[1], B[2]];
        // A[2] stops mid-sentence at full measure; the blank before A[3] is a column
        // break. A[3] ends a sentence: the blank before B[0] stays.
        let mut lines = gapped(&texts, &[3, 4]);
        let cleared = column_breaks(&mut lines);
        assert_eq!(cleared, [lines[3].no]);
        assert!(!lines[3].gap_before && lines[4].gap_before);
    }

    #[test]
    fn a_lone_line_widened_by_quotes_sets_no_measure_for_a_column_break() {
        // A 12-em column: one line holds two quotes counted an em each (13 em), and the
        // column's last line before the foot stops mid-sentence an em short, as kinsoku
        // leaves it (a comma may not open the next line). The blank line is a column
        // break all the same.
        let texts = [
            "报告指出，今年各地继续加",
            "大投入，“菜篮子”工程稳步",
            "推进，市场供应充足，价格",
            "基本平稳。各地还进一步完",
            "善粮食储备制度，确保供",
            "应，群众生活得到保障。",
        ];
        let mut lines = gapped(&texts, &[5]);
        assert_eq!(column_breaks(&mut lines), [lines[5].no]);
    }

    #[test]
    fn indented_first_line_set_as_a_block_of_its_own_goes_on() {
        // pdfminer: a paragraph's indented first line alone, then its continuation.
        let texts = [
            "今天，哈尔滨市的最低气",
            "温达到零下２５摄氏度，但市",
            "民们欢庆新年的热情却没有丝",
            "毫减退。",
        ];
        let mut lines = gapped(&texts, &[1]);
        assert_eq!(column_breaks(&mut lines), [lines[1].no]);
        // A title of that width stays apart from a paragraph that starts indented.
        let texts = [
            "哈尔滨市的最低气温下降",
            "今天，哈尔滨市的最低",
            "温达到零下２５摄氏度，但市",
            "民们欢庆新年的热情却没有丝",
        ];
        let mut lines = gapped(&texts, &[1]);
        assert!(column_breaks(&mut lines).is_empty());
    }

    #[test]
    fn a_letter_spaced_line_set_as_a_block_of_its_own_goes_on() {
        // Justification spread its few characters; their width says nothing.
        let texts = [
            "称 为 “ Debian 开 发",
            "者”不是个简单的管理性事情。",
            "这个过程包含几个步骤，从开始",
            "就更是一个选择过程。在任何情",
        ];
        let mut lines = gapped(&texts, &[1]);
        assert_eq!(column_breaks(&mut lines), [lines[1].no]);
    }

    #[test]
    fn a_full_line_ending_in_a_colon_goes_on_past_a_gap() {
        let texts = [
            "务人民”为主题的北大学生“承百年",
            "报国志，做世纪栋梁材”宣誓活动。",
            "大学生们整齐地立在广场上，他",
            "们面对国旗，举起右手，高声倡议：",
            "“响应江泽民总书记的号召，胸怀祖",
            "国，服务人民，争做跨世纪的栋梁之",
        ];
        let mut lines = gapped(&texts, &[4]);
        assert_eq!(column_breaks(&mut lines), [lines[4].no]);
    }

    #[test]
    fn a_short_title_block_after_a_column_foot_stays_apart() {
        // A column ends mid-sentence; after the gap a short unfinished line over more
        // lines of its block is a title, not the paragraph going on.
        let texts = [
            "原苏联和俄罗斯历史上曾多",
            "次进行卢布改值，往往导致人",
            "心惶惶，市场紧张。此外，俄",
            "“塔里木河有救了”",
            "新疆依法管理流域水资源",
            "本报乌鲁木齐１月３日电记者",
        ];
        let mut lines = gapped(&texts, &[3]);
        assert!(column_breaks(&mut lines).is_empty());
        // A full line there goes on.
        let texts = [texts[0], texts[1], texts[2], "近两年通胀率下降，人民心态", texts[4]];
        let mut lines = gapped(&texts, &[3]);
        assert_eq!(column_breaks(&mut lines), [lines[3].no]);
    }

    #[test]
    fn an_indented_opener_over_a_line_an_em_short_starts_its_paragraph() {
        // g1 page_010 pdftotext: an article continued elsewhere stops mid-sentence at a
        // column foot; after the gap the next article's indented first line goes on in a
        // line an em short of the widest (justified with no mark to compress).
        let texts = [
            "南非著名港口城市德班。钱其",
            "城市之间的合作前景很好。我",
            "们也希望同中国开拓在农业、",
            "两年前，一位曾去过南极",
            "的朋友就给我讲述过你的故",
            "事：中国科学院武汉分院有位",
        ];
        let mut lines = gapped(&texts, &[3]);
        assert!(column_breaks(&mut lines).is_empty());
        // A full line there goes on.
        let texts = [texts[0], texts[1], texts[2], "叫吕纯操的研究员，八年间七", texts[4], texts[5]];
        let mut lines = gapped(&texts, &[3]);
        assert_eq!(column_breaks(&mut lines), [lines[3].no]);
    }

    #[test]
    fn a_line_over_a_dateline_after_a_column_foot_is_a_title() {
        // 2 em short of the measure like an indented first line, but a dateline follows
        // it in its block: it is the new article's title, not the paragraph going on.
        let texts = [
            "原苏联和俄罗斯历史上曾多次",
            "进行卢布改值，往往导致人心",
            "惶惶，市场紧张。此外，俄近",
            "昆明：实施优惠政策十项",
            "本报昆明１月３日电记者张帆",
            "报道：新年来临之际，昆明市",
        ];
        let mut lines = gapped(&texts, &[3]);
        assert!(column_breaks(&mut lines).is_empty());
    }

    #[test]
    fn spaces_next_to_a_dash_take_no_width() {
        assert_eq!(trimmed_width("钱其琛说，夸— 纳省有着"), 11.0);
        assert_eq!(trimmed_width("南昌市委 市政府"), 7.5);
    }

    #[test]
    fn indented_first_line_at_a_block_end_goes_on() {
        // A paragraph ends, the next one's indented first line closes the block.
        let texts = [
            "在名人屋外的钥匙孔费力地窥寻隐",
            "秘，莫若到张安惠女士推开的这扇人",
            "窗牖前，默默眺望，细细究想。",
            "张安惠讲述了自己艰辛奋进的早",
            "身世。也许，提前二十年，或十年，",
            "是不会这样来讲述这些人与事、情与",
        ];
        let mut lines = gapped(&texts, &[4]);
        assert_eq!(column_breaks(&mut lines), [lines[4].no]);
    }

    #[test]
    fn blank_line_after_a_title_block_stays() {
        // A headline over a subtitle (no shared measure), then the body.
        let texts = ["天山脚下书写浙疆情", "浙江丽水市援疆多管齐下助力新疆阿克苏地区发展", A[0], A[1]];
        let mut lines = gapped(&texts, &[2]);
        assert!(column_breaks(&mut lines).is_empty());
        // Two lines are too few to know the measure.
        let mut lines = gapped(&[A[0], A[1], B[0]], &[2]);
        assert!(column_breaks(&mut lines).is_empty());
        // Nor is a blank line cleared on OCR pages.
        let lines = gapped(&[A[0], A[1], A[2], B[0]], &[3]);
        let out = Interleave::new(InterleaveMode::Auto).ocr(true).apply(
            lines.clone(),
            &mut Vec::new(),
            &mut Vec::new(),
        );
        assert_eq!(out, lines);
        let out = Interleave::new(InterleaveMode::Auto).apply(lines, &mut Vec::new(), &mut Vec::new());
        assert!(!out[3].gap_before);
    }

    const D: [&str; 4] = [
        "铁路职工坚守岗位，铁路职工为旅",
        "客服务，铁路职工为旅客送水，铁",
        "路职工为旅客引路，铁路职工为旅",
        "客搬运行李，铁路职工迎接新年。",
    ];

    #[test]
    fn four_columns_from_the_stretch_start() {
        let mut texts = Vec::new();
        for i in 0..4 {
            texts.extend([A[i], B[i], C[i], D[i]]);
        }
        let out =
            Interleave::new(InterleaveMode::Auto).apply(mk(&texts, 2), &mut Vec::new(), &mut Vec::new());
        let got: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        let want: Vec<&str> = A.iter().chain(&B).chain(&C).chain(&D).copied().collect();
        assert_eq!(got, want);
    }

    #[test]
    fn fake_bold_copies_count_as_repeats() {
        assert!(repeats("俄罗", "俄罗斯三改卢布面值"));
        assert!(repeats("俄罗斯三改卢布面值", "斯三改卢布面值"));
        assert!(repeats("mentors.debian.net", "非官方来源：：mentors.debian.net"));
        assert!(!repeats("中", "中国"));
        assert!(!repeats("养老驿站", "水利设施"));
    }

    #[test]
    fn clean_column_is_untouched() {
        let texts: Vec<&str> = A.iter().chain(B.iter()).copied().collect();
        for step in [1, 2] {
            let lines = mk(&texts, step);
            let out =
                Interleave::new(InterleaveMode::Auto).apply(lines.clone(), &mut Vec::new(), &mut Vec::new());
            assert_eq!(out, lines);
        }
    }

    #[test]
    fn without_blank_lines_nothing_moves_in_auto() {
        let mut texts = Vec::new();
        for (a, b) in A.iter().zip(B.iter()) {
            texts.push(*a);
            texts.push(*b);
        }
        let lines = mk(&texts, 1);
        let out =
            Interleave::new(InterleaveMode::Auto).apply(lines.clone(), &mut Vec::new(), &mut Vec::new());
        assert_eq!(out, lines);
    }

    #[test]
    fn keeps_every_line_on_odd_input() {
        let texts = ["", "，", "。。。", "a", "”）", "x".repeat(5000).leak(), "中", "\u{300}", "，，"];
        let lines = mk(&texts, 2);
        let out =
            Interleave::new(InterleaveMode::Always).apply(lines.clone(), &mut Vec::new(), &mut Vec::new());
        let mut a: Vec<_> = out.iter().map(|l| l.no).collect();
        a.sort_unstable();
        assert_eq!(a, lines.iter().map(|l| l.no).collect::<Vec<_>>());
    }

    #[test]
    fn packed_lines_are_cut_only_between_two_column_lines() {
        // Two 15-em lines of two columns joined by one space.
        let t = "杆的现代气派也不独为别墅写字楼 机制改革，时间虽然较";
        let p = packed_split(t, 15.0, false).unwrap();
        assert_eq!(&t[..p[0]], "杆的现代气派也不独为别墅写字楼");
        // Three columns side by side: cut at both spaces, only where spaces are column
        // gaps (a block of packed lines, or text that is not OCR).
        let t = "本报南宁１月４日电记者罗昌报 然后以无计名的方式反馈给直属机 关工委。";
        assert!(packed_split(t, 15.0, false).is_none());
        assert_eq!(packed_split(t, 15.0, true).map(|p| p.len()), Some(2));
        // A middle part short of a column is no column's line: not cut.
        let t = "本报南宁１月４日电记者罗昌报 关工委。 然后以无计名的方式反馈给直属机";
        assert!(packed_split(t, 15.0, true).is_none());
        // The right part may be a short last line of a paragraph.
        assert!(packed_split("两个设施完备的卫生间，也逐渐成 效。", 12.0, false).is_some());
        // Or a byline's leading mark, an em wide though ambiguous in width tables.
        assert!(packed_split("尬，取而代之的是宽敞明亮、视野 □", 12.0, false).is_some());
        // A byline's word space, a Latin word, a line no wider than a column, two spaces.
        assert!(packed_split("本报讯 记者罗佳报道，本报讯记者罗佳报道", 12.0, false).is_none());
        assert!(packed_split("Debian 项目领导人，感谢他支持我们的活动，并解释", 12.0, false).is_none());
        assert!(packed_split("杆的现代气派也不独为 别墅写字楼", 15.0, false).is_none());
        assert!(packed_split("杆的现代气派也不独为别墅写字楼 机制改革 时间虽然较", 15.0, false).is_none());
        assert!(packed_split("", 15.0, false).is_none() && packed_split(" ", 0.0, false).is_none());
        // A whole paragraph on one line (text already reflowed) with a word space near
        // its end: no column is that wide.
        let para = "本报北京１２月３１日讯记者报道：在度过了非凡而辉煌的一年之后，首都各界群众欢聚一堂，共迎新年档案 一。";
        assert!(packed_split(para, 20.0, false).is_none());
        // A dash's space is no column gap where another space is; alone, it may be.
        let p = packed_split("景观使夸— 纳省成为著名的旅 宾馆西侧，有一溜美容美发店。", 13.0, false).unwrap();
        assert_eq!(p.len(), 1);
        assert!(
            packed_split("十大港口之一的德班港。夸— 美发厅。进去后，服务小姐把我", 13.0, false).is_some()
        );
        // In a block of packed lines, a right column's byline keeps its own space.
        let t = "价，既确立了经营者自主定价在价 员孙强报道 据新华社北京１";
        assert!(packed_split(t, 13.0, false).is_none());
        assert_eq!(packed_split(t, 13.0, true).unwrap().len(), 1);
    }

    #[test]
    fn three_columns_packed_on_one_line_are_cut_and_threaded_outside_a_packed_block() {
        // Three columns interleaved line by line, one-line blocks; on one baseline the
        // three lines came packed into one line, in a stretch that is no packed block.
        let col = |phrase: &str| -> Vec<String> {
            let chars: Vec<char> = phrase.repeat(12).chars().collect();
            chars.chunks(15).take(8).map(|c| c.iter().collect()).collect()
        };
        let cols = [col("养老驿站为老人服务，"), col("水利设施由农户管理，"), col("新建学校为儿童上课，")];
        let mut lines = Vec::new();
        let mut no = 1;
        for r in 0..8 {
            let row: Vec<&str> = cols.iter().map(|c| c[r].as_str()).collect();
            let texts =
                if r == 3 { vec![row.join(" ")] } else { row.iter().map(|t| t.to_string()).collect() };
            for text in texts {
                lines.push(Line { no, text, gap_before: no > 1, doubled: false });
                no += 2;
            }
        }
        let out = Interleave::new(InterleaveMode::Auto).apply(lines, &mut Vec::new(), &mut Vec::new());
        let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        let want: Vec<&str> = cols.iter().flatten().map(String::as_str).collect();
        assert_eq!(texts, want);
    }

    #[test]
    fn a_title_before_threaded_columns_heads_the_thread_with_a_body_start() {
        // A two-line title block between blank lines, then a stretch whose first thread
        // goes on from an earlier column and whose second opens with a dateline.
        let mut out = mk(&["会。", "北国有寒趣南疆闻花", "香各地群众喜庆元旦"], 1);
        out[1].no = 3;
        out[2].no = 4;
        let texts = [
            "营者的合法权益，促进企业转换经",
            "营机制，增强企业活力提供了有力",
            "本报讯记者刘洋报道：据新华社",
            "的法律保障。它明确规定我国大多",
            "北京１月１日电１９９８年元旦之",
        ];
        let lines = mk(&texts, 1).into_iter().map(|mut l| {
            l.no += 5;
            l
        });
        let lines: Vec<Line> = lines.collect();
        assert_eq!(title_before(&out, lines.first()), 2);
        let widths: Vec<f32> = lines.iter().map(|l| trimmed_width(trim(&l.text))).collect();
        let units = units_of(&lines, &[false; 5], &widths, &Default::default(), false);
        let order = [0, 1, 3, 2, 4];
        let of = [0, 0, 1, 0, 1];
        assert_eq!(body_start_thread(&order, &of, &units, &lines), Some(3));
        // The first thread opening with a dateline keeps the title.
        let order = [2, 4, 0, 1, 3];
        assert_eq!(body_start_thread(&order, &of, &units, &lines), None);
        // A finished sentence is no title; nor is a block glued to the stretch.
        out[2].text = "香各地群众喜庆元旦。".into();
        assert_eq!(title_before(&out, lines.first()), 0);
        assert_eq!(title_before(&out[..2], lines.first()), 1);
        let mut glued = lines[0].clone();
        glued.no = 4;
        assert_eq!(title_before(&out[..2], Some(&glued)), 0);
    }

    #[test]
    fn a_block_of_packed_lines_is_a_mixed_block() {
        let texts = [
            "鲁王国的传统文化和风俗习",
            "惯。良好的气候和独特的自然",
            "在湖南省长沙市五一路芙蓉",
            "景观使夸— 纳省成为著名的旅 宾馆西侧，有一溜美容美发店。",
            "游地区。贵省地理位置优越， 去年１２月２７日晚７时，我们",
            "拥有非洲第一大港，也是世界 一行３人先来到“华之都”美容",
            "十大港口之一的德班港。夸— 美发厅。进去后，服务小姐把我",
        ];
        let lines = mk(&texts, 1);
        let spaced: Vec<bool> = lines.iter().map(|l| trimmed_width_ws(trim(&l.text)).1).collect();
        assert!(packed_block(&lines, &spaced, 13.0));
        assert!(!packed_block(&lines[..3], &spaced[..3], 13.0));
    }

    #[test]
    fn text_set_one_paragraph_per_line_is_not_threaded() {
        // newsprint's own text output: whole paragraphs, a title, blank lines between
        // articles. Not de-interleaved, whatever its lines' pairs say.
        let texts = [
            "新年音乐会",
            "本报北京１２月３１日讯记者报道：在度过了非凡而辉煌的一年之后，首都各界群众欢聚一堂，共迎新年。",
            "",
            "会。",
            "",
            "今晚的长安街流光溢彩，火树银花；人民大会堂里灯火辉煌，充满欢乐祥和的喜庆气氛。在音乐会上，",
            "",
            "技艺为观众奉献了一",
        ];
        let lines: Vec<Line> = texts
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.is_empty())
            .map(|(i, t)| Line { no: i + 1, text: t.to_string(), gap_before: false, doubled: false })
            .collect();
        let widths: Vec<f32> = lines.iter().map(|l| trimmed_width(trim(&l.text))).collect();
        assert!(set_as_paragraphs(&lines, &widths));
        // Column lines are not.
        let cols = mk(&["同时，志愿者必须以公钥生成", "私钥对，这必须由至少两名官方开", "发者签署。"], 2);
        let widths: Vec<f32> = cols.iter().map(|l| trimmed_width(trim(&l.text))).collect();
        assert!(!set_as_paragraphs(&cols, &widths));
    }

    #[test]
    fn packed_parts_and_lines_at_one_columns_measure_go_on_in_that_column() {
        // Three packed lines (left parts 15 em, right parts 13 em), then the left
        // column's last line and two lines at the right column's measure.
        let unit = |w: f32, t: &str, packed: Option<usize>| {
            let mut head = features(t, w);
            head.packed = packed;
            Unit { tail: head.clone(), head }
        };
        let mut f = Vec::new();
        for no in 0..3 {
            f.push(unit(15.0, "左栏的一行字", Some(no)));
            f.push(unit(13.0, "右栏的一行字", Some(no)));
        }
        f.push(unit(10.0, "左栏的末行。", None));
        f.push(unit(13.0, "右栏的一行字", None));
        f.push(unit(13.0, "右栏的一行字", None));
        let mut emit = vec![[0.0f32; MAX_THREADS + 1]; f.len()];
        packed_tail(&f, &mut emit);
        let last = f.len() - 1;
        assert_eq!(emit[last][1], TAIL_MEASURE);
        // Not after the left column's last line: it finishes a sentence, so its thread
        // keeps the measure of its line at the same lag before (a left part), at half weight.
        assert_eq!(emit[last][2], -TAIL_MEASURE / 2.0);
        // The first tail line at the right measure: from the right part, not the left.
        assert_eq!(emit[last - 1][2], TAIL_MEASURE);
        assert_eq!(emit[last - 1][3], -TAIL_MEASURE);
        // A packed part goes on from its own side's part of the row above, not the other's.
        assert_eq!(emit[2][2], TAIL_MEASURE);
        assert_eq!(emit[2][1], -TAIL_MEASURE);
        assert_eq!(emit[3][2], TAIL_MEASURE);
        assert_eq!(emit[3][3], -TAIL_MEASURE);
        assert_eq!(emit[6][1], 0.0);
    }

    #[test]
    fn packed_lines_in_an_interleaved_stretch_are_threaded_into_their_columns() {
        // Columns A+C and B+D side by side; the extractor packed their third lines.
        let left: Vec<&str> = A.iter().chain(&C).copied().collect();
        let right: Vec<&str> = B.iter().chain(&D).copied().collect();
        let mut texts: Vec<String> = Vec::new();
        for (i, (a, b)) in left.iter().zip(&right).enumerate() {
            if i == 2 {
                texts.push(format!("{a} {b}"));
            } else {
                texts.extend([a.to_string(), b.to_string()]);
            }
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let lines = mk(&refs, 2);
        let mut decisions = Vec::new();
        let out = Interleave::new(InterleaveMode::Auto).apply(lines.clone(), &mut decisions, &mut Vec::new());
        let got: Vec<&str> = out.iter().map(|l| l.text.trim()).collect();
        let want: Vec<&str> = left.iter().chain(&right).copied().collect();
        assert_eq!(got, want);
        assert!(decisions.iter().any(|d| d.action == "packed"));
        // Both parts keep the packed line's number.
        let no = lines[4].no;
        assert_eq!(out.iter().filter(|l| l.no == no).count(), 2);
        // In column order nothing is cut.
        let texts = [A[0], A[1], A[2], A[3], B[0], B[1], &*format!("{} {}", A[2], B[2])];
        let lines = mk(&texts, 2);
        let out =
            Interleave::new(InterleaveMode::Auto).apply(lines.clone(), &mut Vec::new(), &mut Vec::new());
        assert_eq!(out.len(), lines.len());
    }

    /// Units of six lines, two columns interleaved, whose lines 2 and 3 form one
    /// extractor block (no blank line between them), as a two-line title does.
    fn units_with_title_block(texts: &[&str; 6]) -> Vec<Unit> {
        let mut lines = mk(texts, 2);
        lines[3].no = lines[2].no + 1;
        for l in &mut lines[4..] {
            l.no += 1;
        }
        let widths: Vec<f32> = lines.iter().map(|l| trimmed_width(l.text.trim())).collect();
        units_of(&lines, &[false; 6], &widths, &Default::default(), false)
    }

    /// pdftotext sets a headline over the columns of a packed block in that block; its
    /// lines stand on baselines of their own, so they are not packed.
    #[test]
    fn two_line_title_over_a_block_of_packed_rows_is_marked() {
        let texts = [
            "依托传统农业跳出传统农业",
            "焦作高效农业园区悄然兴起",
            "报道：棚外零下数度，棚内花鲜菜",
            "个县（市），吨粮县（市）就有５",
            "绿。在河南焦作市，这种动辄几",
            "个，全国９个小麦亩产千斤县，焦",
        ];
        let mut lines = mk(&texts, 1);
        lines[0].gap_before = true;
        let widths: Vec<f32> = lines.iter().map(|l| trimmed_width(l.text.trim())).collect();
        let mixed = lines.iter().map(|l| l.no).collect();
        let units = units_of(&lines, &[false, false, true, true, true, true], &widths, &mixed, true);
        assert!(units[0].head.title_first && units[1].head.title_box);
        // In a block that mixes columns of other measures, the first two lines may be
        // two columns' lines on one baseline.
        let units = units_of(&lines, &[false, false, true, true, true, true], &widths, &mixed, false);
        assert!(!units[0].head.title_first && !units[1].head.title_box);
    }

    #[test]
    fn two_line_title_in_one_block_is_marked() {
        let texts = [
            "水利设施由农户管理，水利设施由",
            "农户维修，水利设施由农户承包，",
            "外交部发言人谈明年外交工作重点方针",
            "全方位推行独立自主和平外交政策方针",
            "养老驿站为老人服务，养老驿站为",
            "老人做饭，养老驿站为老人理发，",
        ];
        let units = units_with_title_block(&texts);
        let marked: Vec<(bool, bool)> =
            units.iter().map(|u| (u.head.title_first, u.head.title_box)).collect();
        assert_eq!(marked[2], (true, false));
        assert_eq!(marked[3], (false, true));
        assert!(marked.iter().enumerate().all(|(i, &m)| i == 2 || i == 3 || m == (false, false)));
    }

    #[test]
    fn a_wide_line_below_a_two_line_title_in_its_block_is_marked() {
        let texts = [
            "水利设施由农户管理，水利设施由",
            "农户维修，水利设施由农户承包，",
            "天山脚下书写浙疆情",
            "浙江丽水市援疆多管齐下，",
            "助力新疆阿克苏地区新和县高质量发展",
            "老人做饭，养老驿站为老人理发，",
            "养老驿站为老人服务，养老驿站为",
        ];
        let mut lines = mk(&texts, 2);
        lines[3].no = lines[2].no + 1;
        lines[4].no = lines[3].no + 1;
        let widths: Vec<f32> = lines.iter().map(|l| trimmed_width(l.text.trim())).collect();
        let units = units_of(&lines, &[false; 7], &widths, &Default::default(), false);
        assert!(units[3].head.title_box && units[4].head.title_wide);
        assert!(units.iter().enumerate().all(|(i, u)| i == 4 || !u.head.title_wide));
    }

    #[test]
    fn title_an_em_short_of_the_measure_is_marked_and_full_lines_are_told_apart() {
        let texts = [
            "水利设施由农户管理，水利设施由",
            "农户维修，水利设施由农户承包，",
            "外交部发言人谈明年外交工作重",
            "全方位推行独立自主和平外交政",
            "养老驿站为老人服务，养老驿站为",
            "　　老人做饭，养老驿站为老人",
        ];
        let units = units_with_title_block(&texts);
        assert!(units[2].head.title_first && units[3].head.title_box);
        // At the measure, a block of two lines is a title only without commas.
        let at_measure = |second: &str| {
            let texts = [texts[0], texts[1], "承百年报国志做世纪栋梁材北大学", second, texts[4], texts[5]];
            units_with_title_block(&texts)[3].head.title_box
        };
        assert!(at_measure("生举行宣誓仪式迎新年代表团员"));
        assert!(!at_measure("生举行宣誓，仪式迎新年代表团"));
        // Full lines are at the measure (within an em); an indented first line is not.
        let full: Vec<bool> = units.iter().map(|u| u.head.full).collect();
        assert_eq!(full, [true, true, true, true, true, false]);
    }
}
