//! Prepass: clean-up of OCR text (Tesseract `chi_sim`/`chi_tra`).
//!
//! Tesseract reads a printed Chinese page into text with habits no PDF extractor has:
//! - half-width punctuation in Chinese text: `,` `:` `;` `?` `!` `(` `)` where the page
//!   has `，` `：` `；` `？` `！` `（` `）`;
//! - spaces between characters: around numbers set in full-width digits (`3 4 0 亩`),
//!   in letter-spaced lines, next to punctuation;
//! - stray marks where a box border or a column rule was read as text: `|` at a line's
//!   edge or between two columns, lines made only of `|`, `_`, `—`, `-`;
//! - blocks separated by blank lines, where a block ends at a paragraph end *or* at the
//!   foot of a column in mid-sentence.
//!
//! First, per block: **side-by-side columns.** Where Tesseract read two or three
//! columns as one line (a block, or a run of one-line blocks, in which at least two
//! lines, and most lines, hold two or three pieces of Chinese text parted by runs of two
//! or more spaces, at least two of them 2 em wider than the page's body measure), the
//! lines are cut at those gaps and the columns read one after the other, each after
//! the first starting a block of its own. A line not cut the same way stays whole in
//! the first column. In a block of up to four lines where just one line is read across
//! (a headline set over lines, one of them read with the body line beside it), the piece
//! as wide as the block's other lines stays and the others go before the block, as
//! blocks of their own. A piece narrower than 2 em is a word of a column's line read
//! apart and goes with its neighbour across the narrower gap; a line of the run cut
//! into fewer pieces gives each to the column starting nearest to it, when every piece
//! starts within 3 em of one.
//!
//! Then, per block of body lines of one width: **pieces read in from beside.** A line
//! holding the block's full line and, after a wide gap, one or two more pieces of
//! Chinese is the column beside read into it: those pieces go before the block, each a
//! block of its own. A lone mark (not a letter or digit) three or more spaces before a
//! full line of the block is a margin mark read as a character and goes to `removed`
//! ([`read_in_pieces`]).
//!
//! Before that, on the page as it came (before the column splitter): **grids.** Where
//! Tesseract read four or more columns row by row (most lines of a run hold as many
//! pieces parted by wide gaps), each line is cut into its columns by where the pieces
//! start (Tesseract spaces a line's pieces by their distance on the page), a piece too
//! wide for its column also at the single space where the next column starts; the
//! columns are read in turn, and headlines read side by side just above go before the
//! first column sharing their words ([`grid_split`]).
//!
//! Rules, per line, in this order:
//! 1. **Border artifacts.** A line made only of rule characters (`| ｜ ¦ _ ＿ - – — ─ ~ =`
//!    and stray dots, quotes and commas among them) is dropped; a `|` (or `｜ ¦`) with no
//!    Latin letter or digit next to it (a line edge, Chinese, punctuation) is cut out.
//!    Both go to the page's [`crate::Page::removed`] as [`RemovalReason::OcrArtifact`]:
//!    nothing disappears silently. A `|` between Latin words (`ls | grep`) stays.
//! 2. **Punctuation width.** `,` `:` `;` `?` `!` become `，` `：` `；` `？` `！` when the
//!    nearest non-space character on either side is a Han character or CJK punctuation,
//!    unless both immediate neighbours are ASCII letters or digits (`1,000`, `3:00`,
//!    `APT::Default`). A bracket pair `(…)` on one line becomes `（…）` when the `(`
//!    follows a Han character or CJK punctuation directly (no space) and the content
//!    holds Han; a `〈` with no `〉` after it and not inside `《》` is Tesseract's reading
//!    of `（` and becomes one, with the `)` closing it. Chinese technical writing sets
//!    half-width brackets with spaces around them (`文件内 (某些人…)`), which stay.
//!    Text inside URLs, paths and options (a token holding `/`, `\`, `@`, `=` or `://`)
//!    is never touched. This changes characters (one for one) but loses none.
//! 3. **Spaces.** A space next to CJK punctuation goes, as does one between a Han
//!    character and a digit. A run of digits split by single spaces where a piece is a
//!    single digit (`1 9 9 8`, `65 0 0`) is how Tesseract reads digits set full width
//!    (each an em wide, so it sees gaps): the run is closed up and written in full-width
//!    digits, as printed (`３４０`), which also gives the line its true width for
//!    reflow. This changes characters (one for one), never drops a digit. Runs next to
//!    a decimal point or a Latin word stay as they are, and so do spaces between Latin
//!    words and between numbers and Latin words. In a block (between blank lines) that
//!    shows full-width digits, the other numbers next to Chinese text and no Latin word
//!    are widened too (`1997年` → `１９９７年`, `1 8. 9万` → `１８．９万`): the block is set
//!    in full-width digits, but Tesseract does not always see the gaps.
//! 4. **Blank lines.** A blank line after a line as wide as the page's body measure
//!    (or at most 2 em short, a first line's indent) that
//!    does not finish a sentence is the foot of a column, not a paragraph end, when the
//!    line after it reads as body text (as wide, or holding sentence punctuation): the
//!    gap is dropped so that reflow can join across it. So is a gap after a line that
//!    ends a sentence, when it and the line after it (with punctuation, in a block of
//!    two or more lines) are at the full measure of the two blocks: every paragraph's
//!    first line is indented, so the paragraph goes on; unless the block after is
//!    another foot's rest or moves. A short punctuated line that
//!    goes on in its block only in short lines without punctuation, and finishes no
//!    sentence, is a headline set over two lines (`收费电话，` / `爱你容易不容易`): its
//!    gap stays. A line alone between blank lines, up to 3 em short of the measure,
//!    that stops inside a word (ends in an ideograph) and is followed by a line at the
//!    full measure is a paragraph's first line set apart (`…新近出版的` / `《中国…》，…`):
//!    its gap goes too. A title stands over an indented first line, never a full one.
//!    A line of OCR noise (up to 3 em of Latin letters or digits, `Ta  2`, no Han) under
//!    a line in mid-sentence is no paragraph's last line: the line above it decides, and
//!    the noise stays in place ([`foot_line`]).
//!    A column foot that ends inside an open bracket or quote (`…(管理员`) goes on in
//!    the block after the gap when that block's first mark closes it (`手册)…`),
//!    whatever the widths (print never breaks a paragraph inside a bracket), when no
//!    other block within three opens with such a mark and the block is no article's
//!    head ([`balanced_joins`]). The other way round, a block that first closes a
//!    `（）` or `《》` the foot's block did not leave open is no rest of that foot (the
//!    paragraph it goes on opened the bracket); quotes do not count here, as Tesseract
//!    reads gaps as `”`.
//!    Tesseract does not always read a column's rest next, so the block after a column
//!    foot competes with the other blocks within reach whose first line fills the
//!    column and holds sentence punctuation (every block ending at a full line in
//!    mid-sentence competes for them too): pairs are scored by shared words, a word the
//!    join makes, a bonus for the block right after the foot, and distance, and taken
//!    best first. Another block wins only when its join makes a word and the one after
//!    the foot does not (shared words alone do not tell two parts of one article apart),
//!    and never over a block too short to judge; it is then moved up to the foot and
//!    joined, and the block after the foot keeps its gap ([`rests_elsewhere`]). When
//!    another cut paragraph's join with that block also makes a word and shares words,
//!    the block is not the foot's alone: the foot stays unjoined (a gap left open costs
//!    less than another article's paragraph joined on). A dateline or a byline is never
//!    a rest (an article's head stands over its body), and a byline is no column foot;
//!    a block without sentence punctuation over a byline, of one line or a headline
//!    wrapped over several, is a headline, not the column's rest.
//! 5. **Byline gaps.** Tesseract reads the gaps of a byline (`□ 本报记者 罗佳 通讯员
//!    黄晓明`) as stray quotes (`本报记者”罗佳 ”通讯员`), and the byline mark `□` as
//!    `口`. On a line that opens with a role word (`本报记者`, `通讯员`, …) and holds no
//!    sentence punctuation, quotes become spaces; so do quotes next to the role word or
//!    after `报道` in the head of a `本报讯` dateline. The quotes go to `removed`
//!    ([`RemovalReason::OcrArtifact`]); `口` becomes `□` (a misread corrected, like the
//!    width substitutions).
//! 6. **Dashes.** Tesseract reads each em of a dash `——` as the character `一`. A run
//!    of three or more `一`, or of two after a Chinese character or closing punctuation,
//!    becomes as many `—`, except a pair after a character that ends a word with `一`
//!    (`唯一一次`, `之一一直`): there it is that word and the next. Counted as a
//!    substitution like the widths (see [`narrow`]).
//!
//! Auto mode decides per page: a page is OCR text when at least three half-width
//! `, : ; ? !` stand next to Han characters and they make at least 2% of such marks in
//! Chinese context, or when one does and the page has five or more letter-spaced
//! single digits (`3 4 0`). PDF text layers carry the font's full-width glyphs, so their pages
//! are never touched.

use rustc_hash::FxHashSet;

use crate::cjk::{ends_sentence, is_cjk_punct, is_han, str_width_em};
use crate::model::{Decision, Removal, RemovalReason};
use crate::pipeline::Prepass;
use crate::reflow::Line;

/// When to apply the OCR clean-up. `Auto` cleans pages that look like OCR output:
/// half-width punctuation next to Han characters (at least three, and at least 2% of the
/// punctuation in Chinese context; or one, on a page with five or more letter-spaced
/// digits `3 4 0`).
pub type OcrMode = crate::StageMode;

/// The OCR clean-up prepass. [`crate::Pipeline`] runs it after column splitting when
/// [`crate::Config::ocr`] is not [`OcrMode::Never`].
///
/// ```
/// use newsprint::{ocr::{Ocr, OcrMode}, reflow::Line, Prepass};
/// let lines: Vec<Line> = ["中国,北京 1 9 9 8年", "|", "访问 http://a.b/c?d=1 即可"]
///     .iter().enumerate()
///     .map(|(i, t)| Line { no: i + 1, text: t.to_string(), gap_before: false, doubled: false })
///     .collect();
/// let mut removed = Vec::new();
/// let out = Ocr::new(OcrMode::Always).apply(lines, &mut Vec::new(), &mut removed);
/// assert_eq!(out[0].text, "中国，北京１９９８年");
/// assert_eq!(out[1].text, "访问 http://a.b/c?d=1 即可");
/// assert_eq!(removed[0].text, "|");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Ocr {
    mode: OcrMode,
}

impl Ocr {
    /// The prepass with the given mode.
    pub const fn new(mode: OcrMode) -> Self {
        Ocr { mode }
    }
}

/// Minimum count of half-width `, : ; ? !` next to Han characters for [`OcrMode::Auto`].
const MIN_HALF_WIDTH: usize = 3;
/// Minimum share of half-width marks among the marks in Chinese context.
const MIN_HALF_SHARE: f32 = 0.02;

/// Letter-spaced single digits (`3 4 0`) on a page that also shows half-width
/// punctuation next to Han characters make it OCR text too.
const MIN_SPACED_DIGITS: usize = 5;

/// Does this page read like OCR output? See [`OcrMode::Auto`].
pub fn looks_like_ocr(lines: &[Line]) -> bool {
    looks_like_ocr_in(lines, None)
}

/// [`looks_like_ocr`], given the page's lines as they stand in the input, one contiguous
/// text from the first line's start to the last one's end (`span`, when known): the
/// blank lines and line ends between them hold no ASCII mark, so one scan of it tells
/// whether any line has one, without a call per line.
pub(crate) fn looks_like_ocr_in(lines: &[Line], span: Option<&str>) -> bool {
    // Both tests need a half-width mark (`half >= 1`), so a page without any ASCII
    // `,:;?!` (nearly every non-OCR page) is decided by one vectorisable byte scan.
    let marked = match span {
        Some(s) => has_ascii_mark(s.as_bytes()),
        None => lines.iter().any(|l| has_ascii_mark(l.text.as_bytes())),
    };
    if !marked {
        return false;
    }
    let (mut half, mut full, mut spaced) = (0usize, 0usize, 0usize);
    let mut chars: Vec<char> = Vec::new();
    for l in lines {
        // Without an ASCII `,:;?!` or space only the full-width marks count: they are
        // `EF BC xx` in UTF-8, found by a byte scan.
        // One pass finds both.
        let b = l.text.as_bytes();
        let (mut ascii, mut marks) = (false, 0usize);
        for (i, &x) in b.iter().enumerate() {
            if x == 0xef {
                marks += usize::from(
                    b.get(i + 1) == Some(&0xbc)
                        && matches!(b.get(i + 2), Some(0x8c | 0x9a | 0x9b | 0x9f | 0x81)),
                );
            } else if matches!(x, b',' | b':' | b';' | b'?' | b'!' | b' ') {
                ascii = true;
                break;
            }
        }
        if !ascii {
            full += marks;
            continue;
        }
        chars.clear();
        chars.extend(l.text.chars());
        for (i, &c) in chars.iter().enumerate() {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1).copied();
            match c {
                ',' | ':' | ';' | '?' | '!' if prev.is_some_and(is_han) || next.is_some_and(is_han) => {
                    half += 1
                }
                '，' | '：' | '；' | '？' | '！' => full += 1,
                ' ' if prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit()) =>
                {
                    let before = i.checked_sub(2).map(|j| chars[j]);
                    let after = chars.get(i + 2).copied();
                    let single = |x: Option<char>| !x.is_some_and(|x| x.is_ascii_digit() || x == '.');
                    if single(before) && single(after) {
                        spaced += 1;
                    }
                }
                _ => {}
            }
        }
    }
    (half >= MIN_HALF_WIDTH && half as f32 >= MIN_HALF_SHARE * (half + full) as f32)
        || (half >= 1 && spaced >= MIN_SPACED_DIGITS)
}

/// Whether `b` holds an ASCII `,:;?!`. Tested 16 bytes at a time with no exit inside a
/// chunk, which the compiler turns into vector compares; the tail of a line of at least
/// 16 bytes as one more (overlapping) chunk of its last 16.
fn has_ascii_mark(b: &[u8]) -> bool {
    let hit = |x: u8| (x == b',') | (x == b':') | (x == b';') | (x == b'?') | (x == b'!');
    // In the chunks, a byte is a mark when its XOR with one of them is zero: the least
    // of the five XORs, lane-wise minimums and one compare per chunk. (Written as the
    // five compares, the compiler turned them into a bit test of the byte value and
    // shuffled the chunk through the vector unit a few bytes at a time.)
    let chunk = |c: &[u8; 16]| {
        c.iter().fold(false, |a, &x| {
            a | ((x ^ b',').min(x ^ b':').min(x ^ b';').min(x ^ b'?').min(x ^ b'!') == 0)
        })
    };
    let Some(last) = b.last_chunk::<16>() else {
        return b.iter().any(|&x| hit(x));
    };
    for c in b.chunks_exact(16) {
        if chunk(c.try_into().expect("16 bytes")) {
            return true;
        }
    }
    chunk(last)
}

impl Prepass for Ocr {
    fn name(&self) -> &'static str {
        "ocr"
    }

    fn apply(
        &self,
        lines: Vec<Line>,
        decisions: &mut Vec<Decision>,
        removed: &mut Vec<Removal>,
    ) -> Vec<Line> {
        match self.mode {
            OcrMode::Never => return lines,
            OcrMode::Auto if !looks_like_ocr(&lines) => return lines,
            _ => {}
        }
        let mut moved = Vec::new();
        let lines = split_side_by_side(lines, decisions, &mut moved);
        let lines = read_in_pieces(lines, decisions, removed, &mut moved);
        let mut out: Vec<Line> = Vec::with_capacity(lines.len());
        // A dropped line's blank-line gap passes to the next kept line.
        let mut pending_gap = false;
        for line in lines {
            let mut cut = Vec::new();
            let text = strip_artifacts(&line.text, &mut cut);
            let text = byline_gaps(&text, &mut cut);
            for piece in cut {
                removed.push(Removal { line: line.no, text: piece, reason: RemovalReason::OcrArtifact });
            }
            if text.trim().is_empty() {
                decisions.push(Decision {
                    line: line.no,
                    action: "ocr".into(),
                    why: "a line of border marks only: removed".into(),
                });
                pending_gap |= line.gap_before;
                continue;
            }
            let text = close_spaces(&normalize_punct(&angle_openings(&ocr_dashes(&text))));
            let changed = text != line.text;
            if changed {
                decisions.push(Decision {
                    line: line.no,
                    action: "ocr".into(),
                    why: "half-width punctuation, OCR spaces or border marks cleaned".into(),
                });
            }
            out.push(Line {
                no: line.no,
                text,
                gap_before: line.gap_before || pending_gap,
                doubled: line.doubled,
            });
            pending_gap = false;
        }
        widen_block_digits(&mut out, decisions);
        column_foot_gaps(&mut out, decisions, &moved);
        out
    }
}

/// Rule 3 continued: digits in a block that shows full-width digits. A block (the
/// lines between two blank lines) where Tesseract spaced digits out or read them full
/// width is set in full-width digits, and its other numbers next to Chinese text are
/// too, though Tesseract read them without gaps (`1997年12月31日`, `1 8. 9万`): they
/// are widened, with a decimal point or percent sign inside or after them (`．` `％`).
/// A number next to a Latin word, or in a URL, path or option, stays. Blocks without
/// that sign keep their digits (a newspaper may set a number half width).
fn widen_block_digits(lines: &mut [Line], decisions: &mut Vec<Decision>) {
    let mut start = 0;
    while start < lines.len() {
        let mut end = start + 1;
        while end < lines.len() && !lines[end].gap_before {
            end += 1;
        }
        if lines[start..end].iter().any(|l| l.text.chars().any(is_wide_digit)) {
            for line in &mut lines[start..end] {
                let text = widen_digits(&line.text);
                if text != line.text {
                    decisions.push(Decision {
                        line: line.no,
                        action: "ocr".into(),
                        why: "numbers in a block set in full-width digits widened".into(),
                    });
                    line.text = text;
                }
            }
        }
        start = end;
    }
}

/// Widens each ASCII number (digits, single spaces between digits, at most one decimal
/// point between digits, a `%` right after) that stands next to Chinese text and next to
/// no Latin letter (see [`widen_block_digits`]).
fn widen_digits(line: &str) -> String {
    if !line.chars().any(|c| c.is_ascii_digit()) {
        return line.to_string();
    }
    let chars: Vec<char> = line.chars().collect();
    let prot = protected(&chars);
    let n = chars.len();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < n {
        if !chars[i].is_ascii_digit() || prot[i] {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let lo = i;
        let mut dots = 0;
        let mut hi = i;
        while hi < n {
            let c = chars[hi];
            let digit = |d: char| d.is_ascii_digit() || is_wide_digit(d);
            let next_digit = chars.get(hi + 1).is_some_and(|d| digit(*d) || *d == ' ');
            if digit(c) && !prot[hi] {
                hi += 1;
            } else if (c == ' ' || c == '.') && next_digit && chars[hi - 1] != ' ' {
                // A space or point must lead on to a digit (`1 8. 9`).
                let mut k = hi + 1;
                while k < n && chars[k] == ' ' {
                    k += 1;
                }
                let gap = if c == '.' { 2 } else { 1 };
                if k - hi > gap || !chars.get(k).is_some_and(|d| digit(*d)) {
                    break;
                }
                dots += usize::from(c == '.');
                hi = k;
            } else {
                break;
            }
        }
        let prev = chars[..lo].iter().rev().find(|c| **c != ' ').copied();
        let next = chars[hi..].iter().find(|c| **c != ' ').copied();
        let latin = |c: Option<char>| {
            c.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '-' | '_' | '/' | ':'))
        };
        let cjk = |c: Option<char>| c.is_some_and(|c| is_han(c) || is_wide_digit(c) || is_cjk_punct(c));
        if dots > 1 || latin(prev) || latin(next) || !(cjk(prev) || cjk(next)) {
            out.extend(&chars[lo..hi]);
            i = hi;
            continue;
        }
        for &c in &chars[lo..hi] {
            match c {
                ' ' => {}
                '.' => out.push('．'),
                d if d.is_ascii_digit() => {
                    out.push(char::from_u32(d as u32 - '0' as u32 + '０' as u32).unwrap_or(d))
                }
                d => out.push(d),
            }
        }
        i = hi;
        if chars.get(i) == Some(&'%') {
            out.push('％');
            i += 1;
        }
    }
    out
}

/// Marks Tesseract reads from a column rule or a gutter between columns.
fn is_gutter_mark(c: char) -> bool {
    matches!(c, '”' | '。' | '|' | '｜' | '¦')
}

/// Gutter marks on an OCR page, before column splitting: where Tesseract read two
/// columns as one line it parts them by a space and a stray mark from the gutter
/// (`…亏得程普、黄 。 何欲以…`, `…必请将军 ”军，以…`): a run of one to three of `” 。 |`
/// between a Chinese character and a space, and a space or a Chinese character, is no text (Chinese sets no
/// space before a closing mark; an opening quote after a space is Tesseract's spacing
/// after a colon, `日: “吾乃`, and stays). The marks become spaces, so the gap reads as a gutter, and
/// go to `removed` as [`RemovalReason::OcrArtifact`].
pub(crate) fn gutter_marks(lines: Vec<Line>, removed: &mut Vec<Removal>) -> Vec<Line> {
    lines
        .into_iter()
        .map(|mut l| {
            if !l.text.chars().any(is_gutter_mark) {
                return l;
            }
            let mut chars: Vec<char> = l.text.chars().collect();
            let n = chars.len();
            let mut i = 1;
            while i < n {
                // After a space that follows a Chinese character: Tesseract also spaces
                // out a closing quote after `！` or `？` (`放汝归去! ”`), which stays.
                if chars[i - 1] != ' ' || !is_gutter_mark(chars[i]) || i < 2 || !is_han(chars[i - 2]) {
                    i += 1;
                    continue;
                }
                let mut j = i;
                while j < n && j - i < 3 && is_gutter_mark(chars[j]) {
                    j += 1;
                }
                let after_ok = j < n && (chars[j] == ' ' || is_han(chars[j]));
                if after_ok {
                    let cut: String = chars[i..j].iter().collect();
                    removed.push(Removal { line: l.no, text: cut, reason: RemovalReason::OcrArtifact });
                    chars[i..j].iter_mut().for_each(|c| *c = ' ');
                }
                i = j.max(i + 1);
            }
            l.text = chars.into_iter().collect();
            l
        })
        .collect()
}

/// Pieces of a line cut at runs of two or more spaces: (text, width in em).
fn gap_pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let t = text.trim();
    let mut start = 0;
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b' ' {
            let j = (i..b.len()).find(|&k| b[k] != b' ').unwrap_or(b.len());
            if j - i >= 2 {
                out.push(&t[start..i]);
                start = j;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out.push(&t[start..]);
    out
}

/// Narrowest piece (em) [`column_pieces`] keeps apart.
const MIN_COLUMN_PIECE: f32 = 2.0;

/// Pieces of a line read across columns: [`gap_pieces`], with a piece narrower than
/// two em joined (by one space) to the neighbour across the narrower gap. Tesseract
/// parts a word from the rest of its column's line now and then, where it saw a wider
/// gap inside that line (`着雨雪…装        下   焦作就有4        [今，…`); a column's
/// piece of a line is seldom that short.
fn column_pieces(text: &str) -> Vec<(f32, String)> {
    let t = text.trim();
    // Pieces with the spaces before them and their offsets (em from the line start).
    let mut raw: Vec<(usize, f32, &str)> = Vec::new();
    let b = t.as_bytes();
    let (mut start, mut gap, mut i) = (0, 0, 0);
    let (mut off, mut off_at) = (0.0f32, 0usize);
    let mut start_off = 0.0f32;
    while i < b.len() {
        if b[i] == b' ' {
            let j = (i..b.len()).find(|&k| b[k] != b' ').unwrap_or(b.len());
            if j - i >= 2 {
                raw.push((gap, start_off, &t[start..i]));
                off += offset_at(&t[off_at..], j - off_at);
                off_at = j;
                start = j;
                start_off = off;
                gap = j - i;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    raw.push((gap, start_off, &t[start..]));
    if raw.len() < 2 {
        return raw.into_iter().map(|(_, o, p)| (o, p.to_string())).collect();
    }
    let mut out: Vec<(f32, String)> = Vec::with_capacity(raw.len());
    let mut pending: Option<(f32, String)> = None;
    for (x, &(gap_left, o, p)) in raw.iter().enumerate() {
        let piece = match pending.take() {
            Some((o0, mut s)) => {
                s.push(' ');
                s.push_str(p);
                (o0, s)
            }
            None => (o, p.to_string()),
        };
        let gap_right = raw.get(x + 1).map(|r| r.0);
        if solid_width(p) >= MIN_COLUMN_PIECE {
            out.push(piece);
        } else if !out.is_empty() && gap_right.is_none_or(|r| gap_left <= r) {
            let last = out.last_mut().expect("a piece");
            last.1.push(' ');
            last.1.push_str(&piece.1);
        } else if gap_right.is_some() {
            pending = Some(piece);
        } else {
            out.push(piece);
        }
    }
    out
}

/// Width in em of a text without its spaces.
fn solid_width(text: &str) -> f32 {
    text.chars().filter(|c| !c.is_whitespace()).map(crate::cjk::width_em).sum()
}

/// Fewest columns read across one line for a run to be cut as a grid (see
/// [`grid_columns`]).
const GRID_MIN_COLUMNS: usize = 4;
/// Longest line (bytes) a grid is looked for in.
const GRID_MAX_LINE_BYTES: usize = 2000;
/// Most columns a grid is cut into.
const GRID_MAX_COLUMNS: usize = 8;
/// How far (em) a single space may be from where the next column should start to be
/// taken for the gutter.
const GRID_TOL: f32 = 3.0;

/// A run of spaces after text in a line: where it starts and ends (bytes), the offset
/// (em) of the text after it, and whether it holds two or more spaces.
struct SpaceRun {
    at: usize,
    next: usize,
    off: f32,
    wide: bool,
}

/// The space runs between pieces of text in a line.
fn space_runs(text: &str) -> Vec<SpaceRun> {
    let mut out = Vec::new();
    let mut off = 0.0f32;
    let mut run: Option<(usize, usize)> = None;
    let mut seen_text = false;
    for (b, c) in text.char_indices() {
        if c == ' ' {
            let (start, n) = run.unwrap_or((b, 0));
            run = Some((start, n + 1));
        } else {
            if let Some((start, n)) = run.take() {
                if seen_text {
                    out.push(SpaceRun { at: start, next: b, off, wide: n >= 2 });
                }
            }
            seen_text = true;
        }
        off += crate::cjk::width_em(c);
    }
    out
}

/// Offset (em) of the byte `at` in `text`.
fn offset_at(text: &str, at: usize) -> f32 {
    text[..at].chars().map(crate::cjk::width_em).sum()
}

/// Rule 0b: a run where Tesseract read four or more columns side by side, row by row
/// (most lines hold as many pieces parted by wide gaps). Tesseract spaces a line's pieces
/// by their distance on the page, so a column starts near the same offset on every line:
/// the offsets of the lines cut into the most common number of pieces give each
/// column's start and pitch. Every line's pieces then go to their columns: a piece to
/// the nearest column start after the previous piece's column (a column with nothing on
/// that row is skipped), and a piece wider than its column by more than a few em to the
/// next column too, cut at the single space (a gutter mark read as one) where that
/// column should start. Returns the lines (indices into `run`) and texts per column.
fn grid_columns(run: &[Line]) -> Option<Vec<Vec<(usize, String)>>> {
    // A row of a newspaper page is a few hundred characters at most; longer lines are
    // something else, and the per-piece offsets below would cost their square.
    if run.iter().any(|l| l.text.len() > GRID_MAX_LINE_BYTES) {
        return None;
    }
    let runs: Vec<Vec<SpaceRun>> = run.iter().map(|l| space_runs(&l.text)).collect();
    let wide_n: Vec<usize> = runs.iter().map(|r| r.iter().filter(|x| x.wide).count() + 1).collect();
    let mut hist = [0usize; GRID_MAX_COLUMNS + 1];
    for &n in &wide_n {
        if (GRID_MIN_COLUMNS..=GRID_MAX_COLUMNS).contains(&n) {
            hist[n] += 1;
        }
    }
    let (k, &nk) = hist.iter().enumerate().max_by_key(|(k, c)| (**c, *k))?;
    if k < GRID_MIN_COLUMNS || nk < 3 || nk * 3 < run.len() {
        return None;
    }
    let lead = |t: &str| offset_at(t, t.len() - t.trim_start().len());
    let mut starts: Vec<Vec<f32>> = vec![Vec::new(); k];
    for (t, r) in runs.iter().enumerate() {
        if wide_n[t] != k {
            continue;
        }
        starts[0].push(lead(&run[t].text));
        for (c, x) in r.iter().filter(|x| x.wide).enumerate() {
            starts[c + 1].push(x.off);
        }
    }
    let p: Vec<f32> = starts
        .iter_mut()
        .map(|s| {
            s.sort_by(f32::total_cmp);
            s[s.len() / 2]
        })
        .collect();
    // Columns are some em apart, left to right.
    if p.windows(2).any(|w| w[1] - w[0] < 6.0) {
        return None;
    }
    let pitch = |c: usize| if c + 1 < k { p[c + 1] - p[c] } else { p[c] - p[c - 1] };
    let mut cols: Vec<Vec<(usize, String)>> = vec![Vec::new(); k];
    for (t, l) in run.iter().enumerate() {
        let text = l.text.as_str();
        let trimmed_end = text.trim_end().len();
        let first = text.len() - text.trim_start().len();
        if first >= trimmed_end {
            continue;
        }
        let mut pieces: Vec<(usize, usize, f32)> = Vec::new();
        let mut s = (first, lead(text));
        // Only gaps between the line's first and last characters part pieces (a tab
        // before spaces can leave a run inside the indent).
        for x in runs[t].iter().filter(|x| x.wide && x.at > first && x.next < trimmed_end) {
            pieces.push((s.0, x.at, s.1));
            s = (x.next, x.off);
        }
        pieces.push((s.0, trimmed_end, s.1));
        // The run's first row holding fewer pieces than columns, from the line's start:
        // Tesseract drops a row's leading spaces, and at a grid's head the columns
        // beside a headline start a row or two before those under it. Its pieces go to
        // the rightmost columns their spacing fits: a headline is set over its article's
        // first (left) columns, so the columns that start higher are on the right.
        if t == 0 && pieces.len() < k && first == 0 {
            let n = pieces.len();
            let fits = |c0: usize| {
                let d = p[c0] - pieces[0].2;
                pieces.iter().enumerate().all(|(x, q)| (p[c0 + x] - (q.2 + d)).abs() <= GRID_TOL)
            };
            if let Some(c0) = (1..=k - n).rev().find(|&c0| fits(c0)) {
                let d = p[c0] - pieces[0].2;
                for q in &mut pieces {
                    q.2 += d;
                }
            }
        }
        let mut lo = 0;
        for (a, b, off) in pieces {
            if lo >= k {
                // More pieces than columns: the rest stays with the last column's piece.
                if let Some(last) = cols[k - 1].last_mut().filter(|x| x.0 == t) {
                    last.1.push(' ');
                    last.1.push_str(&text[a..b]);
                    continue;
                }
                return None;
            }
            let mut c = (lo..k).min_by(|&x, &y| (p[x] - off).abs().total_cmp(&(p[y] - off).abs()))?;
            let (mut a, mut off_a) = (a, off);
            loop {
                let end = off_a + offset_at(&text[a..b], b - a);
                let split = (c + 1 < k && end - off_a > pitch(c) + GRID_TOL)
                    .then(|| {
                        let target = off_a + pitch(c);
                        runs[t]
                            .iter()
                            .filter(|x| !x.wide && x.at > a && x.next < b)
                            .min_by(|x, y| (x.off - target).abs().total_cmp(&(y.off - target).abs()))
                            .filter(|x| (x.off - target).abs() <= GRID_TOL)
                    })
                    .flatten();
                match split {
                    Some(x) => {
                        cols[c].push((t, text[a..x.at].to_string()));
                        a = x.next;
                        off_a = x.off;
                        c += 1;
                    }
                    None => {
                        cols[c].push((t, text[a..b].to_string()));
                        break;
                    }
                }
            }
            lo = c + 1;
        }
    }
    Some(cols)
}

/// Pairs of neighbouring Han characters in a text (its words, roughly).
fn han_pairs(text: &str) -> Vec<(char, char)> {
    let cs: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    cs.windows(2).filter(|w| is_han(w[0]) && is_han(w[1])).map(|w| (w[0], w[1])).collect()
}

/// End of the run of lines from `i`: up to a blank line, or across one before line
/// `j` where `bridges(j)` holds (it judges lines `j - 1` and `j`).
fn run_end(lines: &[Line], i: usize, bridges: impl Fn(usize) -> bool) -> usize {
    let mut j = i + 1;
    while j < lines.len() && !lines[j].text.trim().is_empty() && (!lines[j].gap_before || bridges(j)) {
        j += 1;
    }
    j
}

/// Rule 0b, run on the page as it came (before the column splitter, whose space-aligned
/// columns it would otherwise misread): runs of lines read across four or more columns,
/// row by row, are cut into their columns (see [`grid_columns`]), read in turn. A run is
/// lines up to a blank line, or across one between lines that both hold three or more
/// pieces (Tesseract parts rows by blank lines too).
pub(crate) fn grid_split(lines: Vec<Line>, decisions: &mut Vec<Decision>) -> Vec<Line> {
    let wide = |l: &Line| space_runs(&l.text).iter().filter(|x| x.wide).count() + 1;
    // Pieces per input line, counted once.
    let pieces: Vec<usize> = lines.iter().map(wide).collect();
    if !pieces.iter().any(|&n| n >= GRID_MIN_COLUMNS) {
        return lines;
    }
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let j = run_end(&lines, i, |j| {
            pieces[j - 1] >= GRID_MIN_COLUMNS - 1 && pieces[j] >= GRID_MIN_COLUMNS - 1
        });
        // Lines at the head of the run with fewer pieces than a grid row (headlines over
        // the columns, read side by side) are no rows: they go with the headlines below.
        let mut s = 0;
        while s < 3 && i + s < j && pieces[i + s] < GRID_MIN_COLUMNS {
            s += 1;
        }
        // The last such line, when its pieces are all as wide as the columns' lines (or a
        // paragraph's indent less), is
        // the grid's first row with only some columns begun (see [`grid_columns`]).
        let mut cols = grid_columns(&lines[i + s..j]);
        if s > 0 {
            if let Some(cs) = &cols {
                let mut ws: Vec<f32> = cs.iter().flatten().map(|(_, t)| solid_width(t)).collect();
                ws.sort_by(f32::total_cmp);
                let w = ws.get(ws.len() / 2).copied().unwrap_or(0.0);
                let ps = gap_pieces(&lines[i + s - 1].text);
                if ps.len() >= 2
                    && w >= 8.0
                    && ps.iter().all(|q| (-2.5..=1.5).contains(&(solid_width(q) - w)))
                {
                    if let Some(c2) = grid_columns(&lines[i + s - 1..j]) {
                        s -= 1;
                        cols = Some(c2);
                    }
                }
            }
        }
        let Some(cols) = cols else {
            out.extend(lines[i..j].iter().cloned());
            i = j;
            continue;
        };
        decisions.push(Decision {
            line: lines[i].no,
            action: "ocr".into(),
            why: format!(
                "{} lines read across {} columns: cut at their gutters, columns read in turn",
                j - i,
                cols.len()
            ),
        });
        // The headlines over the grid's columns, read side by side as a block of one to
        // three lines just above it (`第七回 袁绍磐河战公孙   汪洋中的小木屋`), are cut at
        // their wide gaps too. Each goes before the first column whose text shares its
        // words (a headline's words recur in its article), left to right.
        let mut head: Vec<Line> = {
            let m = out.last().map_or(0, |l: &Line| wide(l));
            let mut h = 0;
            while h < 3
                && h < out.len()
                && m >= 2
                && lines[i].gap_before
                && wide(&out[out.len() - 1 - h]) == m
            {
                h += 1;
                if out[out.len() - h].gap_before {
                    break;
                }
            }
            if h > 0 && (out.len() == h || out[out.len() - h].gap_before) {
                out.split_off(out.len() - h)
            } else {
                Vec::new()
            }
        };
        head.extend(lines[i..i + s].iter().cloned());
        let k = cols.len();
        // Per column, the headline pieces before it, each a stack of lines.
        let mut head_at: Vec<Vec<Vec<(&Line, String)>>> = vec![Vec::new(); k];
        if !head.is_empty() {
            let col_pairs: Vec<FxHashSet<(char, char)>> =
                cols.iter().map(|col| col.iter().flat_map(|(_, t)| han_pairs(t)).collect()).collect();
            // Where the previous headline line put each of its pieces: a piece going to
            // the same column goes on the same stack.
            let mut prev_at: Vec<usize> = Vec::new();
            for l in &head {
                let mut lo = 0;
                let mut this_at = Vec::new();
                for (c, p) in gap_pieces(&l.text).into_iter().enumerate() {
                    let pairs: FxHashSet<(char, char)> = han_pairs(p).into_iter().collect();
                    let shared = |x: usize| pairs.iter().filter(|q| col_pairs[x].contains(q)).count();
                    let at = if c == 0 {
                        0
                    } else {
                        // The first column holding at least half the best share: an
                        // article's later columns may repeat its headline's words as much.
                        let best = (lo..k).map(shared).max().unwrap_or(0);
                        // Sharing no word, it stacks under the piece above it.
                        let above = prev_at.get(c).copied().filter(|&x| x >= lo).unwrap_or(lo);
                        (lo..k).find(|&x| best > 0 && shared(x) * 2 >= best).unwrap_or(above)
                    };
                    lo = (at + 1).min(k - 1);
                    this_at.push(at);
                    match head_at[at].last_mut() {
                        Some(stack) if prev_at.contains(&at) => stack.push((l, p.to_string())),
                        _ => head_at[at].push(vec![(l, p.to_string())]),
                    }
                }
                prev_at = this_at;
            }
        }
        let gap0 = head.first().map_or(lines[i].gap_before, |l| l.gap_before);
        for (c, col) in cols.into_iter().enumerate() {
            let mut first = true;
            for piece in head_at[c].drain(..) {
                for (r, (l, text)) in piece.into_iter().enumerate() {
                    out.push(Line {
                        no: l.no,
                        text,
                        gap_before: r == 0 && (c > 0 || !first || gap0),
                        doubled: l.doubled,
                    });
                }
                first = false;
            }
            for (r, (t, text)) in col.into_iter().enumerate() {
                let l = &lines[i + s + t];
                // Each column after the first starts a block of its own; so does the
                // first below a headline.
                let gap = r == 0 && (c > 0 || !first || gap0);
                out.push(Line { no: l.no, text, gap_before: gap, doubled: l.doubled });
            }
        }
        i = j;
    }
    out
}

/// The most common whole-em width among `widths` of 8 to 63 em (a column's measure:
/// most of its lines are full), and how many lines have it; the wider on a tie.
fn common_width(widths: impl IntoIterator<Item = f32>) -> (f32, usize) {
    let mut counts = [0usize; 64];
    for w in widths {
        let k = w.round() as usize;
        if (8..64).contains(&k) {
            counts[k] += 1;
        }
    }
    let (k, &n) = counts.iter().enumerate().max_by_key(|(k, c)| (**c, *k)).unwrap_or((0, &0));
    (k as f32, n)
}

/// Rule 0 of the module docs: blocks where Tesseract read two or three columns side by
/// side as one line are cut into their columns, read one after the other.
///
/// `moved`: the numbers of lines whose pieces were moved out of their block, in order
/// (their gaps are real: see [`column_foot_gaps`]).
fn split_side_by_side(lines: Vec<Line>, decisions: &mut Vec<Decision>, moved: &mut Vec<usize>) -> Vec<Line> {
    // The body measure: the most common whole-em width of lines without a wide gap.
    let (measure, count) =
        common_width(lines.iter().filter(|l| gap_pieces(&l.text).len() == 1).map(|l| solid_width(&l.text)));
    if count < 5 {
        return lines;
    }
    // Each line's pieces, cut once; a run's pieces are taken when it is routed.
    let mut cut: Vec<Vec<(f32, String)>> = lines.iter().map(|l| column_pieces(&l.text)).collect();
    let chinese = |ps: &[(f32, String)]| ps.iter().all(|p| p.1.chars().any(|c| is_han(c) || is_cjk_punct(c)));
    // A line read across columns: two or three pieces, each holding Chinese, wider
    // together than any column.
    let across = |ps: &[(f32, String)], l: &Line| -> Option<usize> {
        let k = ps.len();
        ((2..=3).contains(&k) && chinese(ps) && solid_width(&l.text) >= measure + 2.0).then_some(k)
    };
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        // A block: lines up to the next blank line; Tesseract may also put each line
        // read across columns in a block of its own, so a blank line between such a line
        // and one that also holds a gap does not end the run.
        let j = run_end(&lines, i, |j| {
            across(&cut[j - 1], &lines[j - 1]).is_some() && gap_pieces(&lines[j].text).len() >= 2
        });
        let found: Vec<Option<usize>> = (i..j).map(|x| across(&cut[x], &lines[x])).collect();
        let k = found.iter().flatten().copied().max().unwrap_or(0);
        let n_across = found.iter().filter(|x| **x == Some(k)).count();
        // Within the run, every line cut into as many Chinese pieces is read across.
        let ks: Vec<Option<usize>> = (i..j)
            .zip(&found)
            .map(|(x, f)| f.or_else(|| (cut[x].len() == k && chinese(&cut[x])).then_some(k)))
            .collect();
        let n_cut = ks.iter().filter(|x| **x == Some(k)).count();
        // Clear evidence: at least two lines wider than a column, and most of the run,
        // cut the same way.
        if k >= 2 && n_across == 1 && j - i <= 4 {
            // One line of a small block read across columns (a headline over a few
            // lines, one of which Tesseract read together with a body line beside it):
            // the piece as wide as the block's other lines stays, the others go before
            // the block (`关注热点问题推动产业` / `作作风好？…  发展体育市场开发与新` / `闻传…`).
            let t = found.iter().position(|x| x.is_some()).expect("one across");
            let l = &lines[i + t];
            let pieces = gap_pieces(&l.text);
            let others: Vec<f32> =
                (i..j).filter(|&x| x != i + t).map(|x| solid_width(&lines[x].text)).collect();
            let keep = others.iter().copied().reduce(f32::max).map(|w| {
                let d = |p: &&str| (solid_width(p) - w).abs();
                let (at, best) = pieces
                    .iter()
                    .enumerate()
                    .min_by(|a, b| d(a.1).total_cmp(&d(b.1)))
                    .map(|(at, p)| (at, d(p)))
                    .expect("pieces");
                // Only when it clearly fits and the rest clearly does not.
                let clear = pieces.iter().enumerate().all(|(x, p)| x == at || d(p) >= best + 2.0);
                (best <= 1.5 && clear).then_some(at)
            });
            if keep.is_some_and(|k| k.is_some()) {
                let keep = keep.flatten();
                moved.push(l.no);
                decisions.push(Decision {
                    line: l.no,
                    action: "ocr".into(),
                    why: format!("a line read across {k} columns in a block of {}: cut at its gaps", j - i),
                });
                let piece = |text: &str, gap: bool| Line {
                    no: l.no,
                    text: text.to_string(),
                    gap_before: gap,
                    doubled: l.doubled,
                };
                // The pieces moved out go before the block: after it, a column-foot gap
                // rule could join them to the block's last line.
                for (at, p) in pieces.iter().enumerate() {
                    if Some(at) != keep {
                        out.push(piece(p, true));
                    }
                }
                for (x, line) in lines[i..j].iter().enumerate() {
                    let gap = x == 0 || line.gap_before;
                    if x != t {
                        let mut l = line.clone();
                        l.gap_before = gap;
                        out.push(l);
                    } else if let Some(at) = keep {
                        out.push(piece(pieces[at], gap));
                    }
                }
                i = j;
                continue;
            }
        }
        if k < 2 || n_across < 2 || n_cut * 2 < j - i {
            out.extend(lines[i..j].iter().cloned());
            i = j;
            continue;
        }
        decisions.push(Decision {
            line: lines[i].no,
            action: "ocr".into(),
            why: format!("{n_cut} lines read across {k} columns: cut at their gaps, columns read in turn"),
        });
        let mut cols: Vec<Vec<Line>> = vec![Vec::new(); k];
        // Where each column starts (em), over the lines cut into all of them: Tesseract
        // spaces a line's pieces by their distance on the page.
        let starts: Vec<f32> = (0..k)
            .map(|c| {
                let mut v: Vec<f32> = cut[i..j]
                    .iter()
                    .zip(&ks)
                    .filter(|(_, x)| **x == Some(k))
                    .map(|(ps, _)| ps[c].0)
                    .collect();
                v.sort_by(f32::total_cmp);
                v[v.len() / 2]
            })
            .collect();
        for (t, l) in lines[i..j].iter().enumerate() {
            let pieces = std::mem::take(&mut cut[i + t]);
            // A line cut into fewer pieces (one column's line missing or run together):
            // each piece goes to the column starting nearest to it, left to right.
            let at: Option<Vec<usize>> = (ks[t] != Some(k) && pieces.len() >= 2 && chinese(&pieces))
                .then(|| {
                    let mut lo = 0;
                    pieces
                        .iter()
                        .map(|p| {
                            let c = (lo..k)
                                .min_by(|&x, &y| (starts[x] - p.0).abs().total_cmp(&(starts[y] - p.0).abs()))
                                .unwrap_or(k - 1);
                            lo = (c + 1).min(k - 1);
                            c
                        })
                        .collect()
                })
                // Only where every piece starts near its column (a line across the whole
                // run, a footer, is cut elsewhere).
                .filter(|at: &Vec<usize>| {
                    at.windows(2).all(|w| w[0] < w[1])
                        && at[0] == 0
                        && at.iter().zip(&pieces).all(|(&c, p)| (starts[c] - p.0).abs() <= GRID_TOL)
                });
            if let Some(at) = at {
                for (c, p) in at.into_iter().zip(pieces) {
                    cols[c].push(Line { no: l.no, text: p.1, gap_before: false, doubled: l.doubled });
                }
            } else if ks[t] == Some(k) {
                for (c, p) in pieces.into_iter().enumerate() {
                    cols[c].push(Line { no: l.no, text: p.1, gap_before: false, doubled: l.doubled });
                }
            } else {
                // A line not cut the same way stays whole in the first column.
                cols[0].push(Line { no: l.no, text: l.text.clone(), gap_before: false, doubled: l.doubled });
            }
        }
        for (c, col) in cols.into_iter().enumerate() {
            for (r, mut l) in col.into_iter().enumerate() {
                // Each column after the first starts a block of its own.
                l.gap_before = r == 0 && (c > 0 || lines[i].gap_before);
                out.push(l);
            }
        }
        i = j;
    }
    out
}

/// Narrowest gap (spaces) after a lone mark at a line start for [`read_in_pieces`] to take it
/// for a stray: Tesseract parts a mark from the text it does not belong to by a wide gap.
const STRAY_MIN_GAP: usize = 3;

/// Rule 0c: pieces read into a column's block from beside it. In a block of body lines
/// of one width (most of its lines one piece, at least two of them), Tesseract reads
/// a line of the column beside it together with this column's line now and then, where
/// the gutter is narrow: the line holds its column's full line (within 1 em of the
/// block's width) and, after a wide gap, one or two more pieces of Chinese text. Those
/// pieces go before the block, each a block of its own (after it, the column-foot
/// rule could join them to the block's last line); the line keeps its own piece.
/// Tesseract assigns a line to the block where it starts, so the first piece is the
/// block's.
///
/// A lone mark before a wide gap at the start of such a line, the rest of which is a
/// full line of the block on its own (`打   权的活动是…`), is something in the margin
/// (a rule's end, a speck) read as a character: it goes to `removed`
/// ([`RemovalReason::OcrArtifact`]). A digit or a Latin letter there may be a number
/// set in the margin and stays.
fn read_in_pieces(
    lines: Vec<Line>,
    decisions: &mut Vec<Decision>,
    removed: &mut Vec<Removal>,
    moved: &mut Vec<usize>,
) -> Vec<Line> {
    let chinese = |p: &str| p.chars().any(|c| is_han(c) || is_cjk_punct(c));
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let j = run_end(&lines, i, |_| false);
        let block = &lines[i..j];
        let mut single: Vec<f32> = block
            .iter()
            .filter(|l| !l.text.trim().is_empty() && gap_pieces(&l.text).len() == 1)
            .map(|l| solid_width(&l.text))
            .collect();
        if single.len() < 2 || single.len() * 2 <= block.len() {
            out.extend(block.iter().cloned());
            i = j;
            continue;
        }
        single.sort_by(f32::total_cmp);
        let w = single[single.len() / 2];
        if w < 8.0 {
            out.extend(block.iter().cloned());
            i = j;
            continue;
        }
        let full = |p: &str| (solid_width(p) - w).abs() <= 1.0;
        let mut before: Vec<Line> = Vec::new();
        let mut kept: Vec<Line> = Vec::with_capacity(block.len());
        for l in block {
            let pieces = gap_pieces(&l.text);
            let mut l = l.clone();
            if pieces.len() == 2 && full(pieces[1]) && chinese(pieces[1]) {
                // A stray mark: one character, not a letter or digit, before a wide gap.
                let t = l.text.trim_start();
                let mut cs = t.chars();
                let c = cs.next().expect("two pieces");
                let gap = cs.as_str().len() - cs.as_str().trim_start().len();
                if pieces[0].chars().count() == 1 && gap >= STRAY_MIN_GAP && !c.is_ascii_alphanumeric() {
                    removed.push(Removal {
                        line: l.no,
                        text: c.to_string(),
                        reason: RemovalReason::OcrArtifact,
                    });
                    decisions.push(Decision {
                        line: l.no,
                        action: "ocr".into(),
                        why: "a lone mark before a wide gap at the start of a full line: removed".into(),
                    });
                    l.text = pieces[1].to_string();
                    kept.push(l);
                    continue;
                }
            }
            let others = &pieces[1.min(pieces.len())..];
            if (2..=3).contains(&pieces.len())
                && full(pieces[0])
                && pieces.iter().all(|p| chinese(p))
                && others.iter().all(|p| solid_width(p) >= 2.0)
            {
                decisions.push(Decision {
                    line: l.no,
                    action: "ocr".into(),
                    why: "a line read together with the column beside it: the pieces after its gap go before its block"
                        .into(),
                });
                moved.push(l.no);
                for p in others {
                    before.push(Line { no: l.no, text: p.to_string(), gap_before: true, doubled: l.doubled });
                }
                l.text = pieces[0].to_string();
            }
            kept.push(l);
        }
        if !before.is_empty() {
            if let Some(first) = kept.first_mut() {
                first.gap_before = true;
            }
        }
        out.extend(before);
        out.extend(kept);
        i = j;
    }
    out
}

/// Rule characters a border or column rule is read as.
fn is_rule_char(c: char) -> bool {
    matches!(c, '|' | '｜' | '¦' | '_' | '＿' | '-' | '–' | '—' | '─' | '━' | '~' | '=')
}

/// Stray marks that may accompany rule characters on a border line.
fn is_stray_mark(c: char) -> bool {
    matches!(c, '.' | ',' | '\'' | '`' | '"' | '‘' | '’' | ':' | ';' | '·')
}

fn is_bar(c: char) -> bool {
    matches!(c, '|' | '｜' | '¦')
}

/// Cuts border artifacts out of a line; the cut text goes to `cut`. Returns the rest
/// (empty when the whole line was a border).
fn strip_artifacts(line: &str, cut: &mut Vec<String>) -> String {
    let t = line.trim();
    if t.is_empty() {
        return String::new();
    }
    let non_space = || t.chars().filter(|c| !c.is_whitespace());
    if non_space().all(|c| is_rule_char(c) || is_stray_mark(c)) && non_space().any(is_rule_char) {
        cut.push(t.to_string());
        return String::new();
    }
    // A box drawn round a label (`[产业观察`): a square bracket at the line's edge with
    // no partner on the line, next to Chinese.
    let lone = |open: char, close: char| t.matches(open).count() == 1 && !t.contains(close);
    let next_han = |s: &str| s.trim_start().chars().next().is_some_and(is_han);
    if t.starts_with('[') && lone('[', ']') && next_han(&t[1..]) {
        cut.push("[".into());
        return strip_artifacts(&t[1..], cut);
    }
    if t.ends_with(']')
        && lone(']', '[')
        && t[..t.len() - 1].trim_end().chars().next_back().is_some_and(is_han)
    {
        cut.push("]".into());
        return strip_artifacts(&t[..t.len() - 1], cut);
    }
    if !t.contains(is_bar) {
        return line.to_string();
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        if is_bar(c) {
            let prev = chars[..i].iter().rev().find(|c| !c.is_whitespace()).copied();
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace()).copied();
            let latin = |x: Option<char>| x.is_some_and(|x| x.is_ascii_alphanumeric());
            if !latin(prev) && !latin(next) {
                cut.push(c.to_string());
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Role words that open a byline or follow a dateline's `本报讯`.
const ROLES: [&str; 4] = ["记者", "通讯员", "实习生", "特约"];

/// Rule 5 of the module docs: the gaps of a byline (`□ 本报记者 罗佳 通讯员 黄晓明`) or of
/// a dateline's reporter part (`本报讯 记者徐丽报道 时袁绍…`), which Tesseract reads as
/// stray quotes (`本报记者”罗佳 ”通讯员`), become spaces (the quotes go to `cut`); the
/// byline mark `□`, read as the character `口`, is restored when a role word follows.
fn byline_gaps(line: &str, cut: &mut Vec<String>) -> String {
    let t = line.trim_start();
    let (mark, rest) = match t.strip_prefix('口').or_else(|| t.strip_prefix('□')) {
        Some(r) => (true, r.trim_start()),
        None => (false, t),
    };
    // The role words read in simplified characters (`本報記者` too); the folded text has
    // the same byte offsets, so `rest` starts at the same place in it.
    let folded = crate::cjk::fold_traditional(t);
    let folded_rest = &folded[t.len() - rest.len()..];
    let is_quote = |c: char| matches!(c, '“' | '”' | '"');
    let role_start = |s: &str| {
        let s = s.strip_prefix("本报").unwrap_or(s);
        ROLES.iter().any(|r| s.starts_with(r))
    };
    let byline = role_start(folded_rest)
        && rest.chars().count() <= 30
        && !rest.contains(['，', '。', ',', '：', ':'])
        && rest.contains(is_quote);
    if byline {
        let mut out = String::with_capacity(line.len());
        if mark {
            out.push_str("□ ");
        }
        for c in rest.chars() {
            if is_quote(c) {
                cut.push(c.to_string());
                out.push(' ');
            } else {
                out.push(c);
            }
        }
        return out;
    }
    if mark && role_start(folded_rest) {
        return format!("□ {rest}");
    }
    // `本报讯“记者徐丽报道”时…`: a quote right before a role word, or right after the
    // reporter part's `报道`, within the dateline's head.
    if let Some(after) = folded.strip_prefix("本报讯") {
        let chars: Vec<char> = after.chars().collect();
        let head = chars.len().min(24);
        let mut out = String::from(&t[..t.len() - after.len()]);
        // Quotes are decided on the folded chars and the original chars written.
        let original: Vec<char> = t[t.len() - after.len()..].chars().collect();
        for (i, (&c, &o)) in chars.iter().zip(&original).enumerate() {
            if i < head && is_quote(c) {
                let next: String = chars[i + 1..].iter().take(3).collect();
                let before: String = chars[i.saturating_sub(2)..i].iter().collect();
                let next = next.trim_start();
                if ROLES.iter().any(|r| next.starts_with(r)) || before == "报道" || before == "报导" {
                    cut.push(c.to_string());
                    out.push(' ');
                    continue;
                }
            }
            out.push(o);
        }
        return out;
    }
    line.to_string()
}

/// Chinese context: a Han character or CJK punctuation (quotes included).
fn is_cjk_context(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Marks the characters that belong to URLs, paths and options: whitespace-delimited
/// runs of non-CJK characters holding `/`, `\`, `@`, `=` or `://`.
fn protected(chars: &[char]) -> Vec<bool> {
    let mut prot = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() || is_cjk_context(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && !is_cjk_context(chars[i]) {
            i += 1;
        }
        if chars[start..i].iter().any(|c| matches!(c, '/' | '\\' | '@' | '=')) {
            prot[start..i].iter_mut().for_each(|p| *p = true);
        }
    }
    prot
}

/// The half-width form of a character the OCR clean-up may have widened (`，：；？！（）．％`
/// and the digits `０`–`９`; `〈`, which it reads as `（`, folds to `(` too), and `一` for
/// the dash `—` it restores; any other character
/// unchanged. These width substitutions
/// are the only characters the pipeline changes rather than moves: an accounting of
/// input against output (nothing lost, nothing invented) compares characters through
/// this fold.
///
/// ```
/// assert_eq!(newsprint::ocr::narrow('，'), ',');
/// assert_eq!(newsprint::ocr::narrow('３'), '3');
/// assert_eq!(newsprint::ocr::narrow('。'), '。');
/// ```
pub fn narrow(c: char) -> char {
    match c {
        '，' => ',',
        '：' => ':',
        '；' => ';',
        '？' => '?',
        '！' => '!',
        '（' | '〈' => '(',
        '）' => ')',
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '％' => '%',
        // Not a width: the dash Tesseract reads as `一` (rule 6), folded the same way.
        '—' => '一',
        _ => c,
    }
}

/// Characters that end a word with `一` (`唯一`, `统一`, `之一`): after one of them, `一一`
/// is that word and the next one (`唯一一次`), not a dash.
const ENDS_WITH_YI: &str = "唯统同万第专单划归合整逐之其初十";

/// Dashes read as `一` (rule 6 of the module docs): a run of three or more `一`, or of
/// two after a Chinese character or closing punctuation, becomes as many `—`.
fn ocr_dashes(line: &str) -> String {
    if !line.contains("一一") {
        return line.to_string();
    }
    let mut chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '一' {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] == '一' {
            i += 1;
        }
        let len = i - start;
        let prev = chars[..start].iter().rev().find(|c| !c.is_whitespace()).copied();
        let after_text = prev.is_some_and(|p| {
            (is_han(p) && !(len == 2 && ENDS_WITH_YI.contains(p)))
                || matches!(p, '”' | '’' | '》' | '）' | ')')
        });
        // Three or more are never words, wherever they stand (`一一一中国交响乐`).
        if len >= 3 || (len == 2 && after_text) {
            chars[start..i].iter_mut().for_each(|c| *c = '—');
        }
    }
    chars.into_iter().collect()
}

/// Half-width punctuation in Chinese context → full width (rule 2 of the module docs).
/// Tesseract reads the full-width `（` as the angle bracket `〈` (`日电〈记者盛世良)`),
/// which Chinese sets only inside `《》` or paired with `〉`. Such a `〈` is a `（`, and the
/// `)` that closes it a `）`.
fn angle_openings(line: &str) -> String {
    if !line.contains('〈') {
        return line.to_string();
    }
    let mut chars: Vec<char> = line.chars().collect();
    let mut in_title = false;
    let mut k = 0;
    while k < chars.len() {
        match chars[k] {
            '《' => in_title = true,
            '》' => in_title = false,
            '〈' if !in_title && !chars[k + 1..].contains(&'〉') => {
                chars[k] = '（';
                let close = chars[k + 1..].iter().position(|c| matches!(c, ')' | '）' | '(' | '（' | '〈'));
                if let Some(j) = close.map(|j| k + 1 + j).filter(|&j| chars[j] == ')') {
                    chars[j] = '）';
                }
            }
            _ => {}
        }
        k += 1;
    }
    chars.into_iter().collect()
}

fn normalize_punct(line: &str) -> String {
    let mut chars: Vec<char> = line.chars().collect();
    if !chars.iter().any(|c| matches!(c, ',' | ':' | ';' | '?' | '!' | '(' | ')')) {
        return line.to_string();
    }
    let prot = protected(&chars);
    let n = chars.len();
    // Nearest non-space character on each side, for every position: linear scans.
    let mut left: Vec<Option<char>> = vec![None; n];
    let mut last = None;
    for i in 0..n {
        left[i] = last;
        if !chars[i].is_whitespace() {
            last = Some(chars[i]);
        }
    }
    let mut right: Vec<Option<char>> = vec![None; n];
    let mut last = None;
    for i in (0..n).rev() {
        right[i] = last;
        if !chars[i].is_whitespace() {
            last = Some(chars[i]);
        }
    }
    let ascii_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let mut open: Option<usize> = None;
    for i in 0..n {
        if prot[i] {
            continue;
        }
        let c = chars[i];
        let wide = match c {
            ',' => '，',
            ':' => '：',
            ';' => '；',
            '?' => '？',
            '!' => '！',
            '(' => {
                let tight = i > 0 && is_cjk_context(chars[i - 1]);
                open = tight.then_some(i);
                continue;
            }
            ')' => {
                if let Some(o) = open.take() {
                    if chars[o + 1..i].iter().any(|&c| is_han(c)) {
                        chars[o] = '（';
                        chars[i] = '）';
                    }
                }
                continue;
            }
            _ => continue,
        };
        let (p, q) = (i.checked_sub(1).map(|j| chars[j]), chars.get(i + 1).copied());
        if ascii_word(p) && ascii_word(q) {
            continue;
        }
        if left[i].is_some_and(is_cjk_context) || right[i].is_some_and(is_cjk_context) {
            chars[i] = wide;
        }
    }
    // A `(` right after Chinese, not closed on its line, opening Chinese text.
    if let Some(o) = open {
        if chars.get(o + 1).is_some_and(|&c| is_han(c)) {
            chars[o] = '（';
        }
    }
    chars.into_iter().collect()
}

/// OCR spaces out, letter-spaced digits widened (rule 3 of the module docs).
fn close_spaces(line: &str) -> String {
    let mut chars: Vec<char> = line.trim().chars().collect();
    let n = chars.len();
    let mut keep = vec![true; n];
    let prot = protected(&chars);
    spaced_digit_runs(&mut chars, &mut keep, &prot);
    let mut i = 0;
    while i < n {
        if chars[i] != ' ' || !keep[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && chars[i] == ' ' {
            i += 1;
        }
        // chars[start..i] is a run of spaces with characters on both sides (trimmed).
        let (a, b) = (chars[start - 1], chars[i]);
        let digit = |c: char| c.is_ascii_digit() || is_wide_digit(c);
        let drop = is_cjk_punct(a)
            || is_cjk_punct(b)
            || (is_han(a) && digit(b) && !prot[i])
            || (digit(a) && is_han(b) && !prot[start - 1]);
        if drop {
            keep[start..i].iter_mut().for_each(|k| *k = false);
        }
    }
    chars.iter().zip(keep).filter(|(_, k)| *k).map(|(c, _)| *c).collect()
}

fn is_wide_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// Finds runs of ASCII digit groups split by single spaces (`3 4 0`, `65 0 0`, `1 2`)
/// where a group is a single digit. Tesseract spaces digits out this way when they are
/// set full width (each digit an em wide, with the gaps that brings); such a run is
/// closed up and written in full-width digits, as printed. Runs glued to a decimal
/// point or comma (`9.5 3`) or next to a Latin word (`python 3 5`) are left alone.
fn spaced_digit_runs(chars: &mut [char], keep: &mut [bool], prot: &[bool]) {
    let n = chars.len();
    let mut i = 0;
    while i < n {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_digit()) || prot[i] {
            i += 1;
            continue;
        }
        // A run starts at i: `digits (space digits)*`.
        let lo = i;
        let (mut groups, mut single) = (0usize, false);
        loop {
            let g = i;
            while i < n && chars[i].is_ascii_digit() {
                i += 1;
            }
            groups += 1;
            single |= i - g == 1;
            if i + 1 < n && chars[i] == ' ' && chars[i + 1].is_ascii_digit() && !prot[i + 1] {
                i += 1;
            } else {
                break;
            }
        }
        let hi = i;
        if groups < 2 || !single {
            continue;
        }
        let glued = |c: Option<&char>| c.is_some_and(|c| matches!(c, '.' | ',' | '．'));
        if glued(lo.checked_sub(1).and_then(|j| chars.get(j))) || glued(chars.get(hi)) {
            continue;
        }
        let latin = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphabetic());
        if latin(chars[..lo].iter().rev().find(|c| **c != ' '))
            || latin(chars[hi..].iter().find(|c| **c != ' '))
        {
            continue;
        }
        for k in lo..hi {
            if chars[k] == ' ' {
                keep[k] = false;
            } else if let Some(w) = char::from_u32(chars[k] as u32 - '0' as u32 + '０' as u32) {
                chars[k] = w;
            }
        }
    }
}

/// The line that ends block text at line `e`: the line above when `e` is OCR noise
/// under it. Tesseract reads a line it cannot make out (a smudge, a line half out of
/// the scan) as a few Latin letters or digits (`Ta  2`); under a line that stops
/// mid-sentence such a line is no paragraph's last line (that would finish the
/// sentence, or fill the column at its foot), so the line above decides whether the
/// block ends a paragraph. The noise stays in place.
fn foot_line(lines: &[Line], widths: &[f32], e: usize) -> usize {
    let t = lines[e].text.trim();
    let noise = e > 0
        && !lines[e].gap_before
        && widths[e] <= OCR_NOISE_EM
        && !t.is_empty()
        && !t.chars().any(|c| is_han(c) || is_cjk_punct(c))
        && !ends_sentence(&lines[e - 1].text);
    if noise { e - 1 } else { e }
}

/// Widest line read as OCR noise under a line in mid-sentence ([`foot_line`]).
const OCR_NOISE_EM: f32 = 3.0;

/// Rule 4 of the module docs: blank lines at the foot of a column in mid-sentence.
///
/// A piece moved out of a line read across columns (`moved`, by line number) came from
/// beside the block it stands next to, not from the column foot above or below it.
fn column_foot_gaps(lines: &mut Vec<Line>, decisions: &mut Vec<Decision>, moved: &[usize]) {
    let widths: Vec<f32> = lines.iter().map(|l| str_width_em(&l.text)).collect();
    // The body measure: the most common whole-em width among lines of 8 em or more.
    let (measure, count) = common_width(widths.iter().copied());
    if count < 3 {
        return;
    }
    // Full: up to 2 em short, the width of a paragraph's first line (its indent lost).
    let full = |w: f32| w >= measure - 2.0;
    balanced_joins(lines, &widths, decisions, moved);
    let mut local = Vec::new();
    let mut ended = Vec::new();
    for i in 1..lines.len() {
        if !lines[i].gap_before {
            continue;
        }
        if moved.binary_search(&lines[i].no).is_ok() || moved.binary_search(&lines[i - 1].no).is_ok() {
            continue;
        }
        let f = foot_line(lines, &widths, i - 1);
        let prev = &lines[f].text;
        let next = &lines[i].text;
        if ends_sentence(prev) {
            // A sentence can end at a column's foot with the paragraph going on: every
            // paragraph's first line is indented 2 em, so a line at the full measure
            // after the gap (under a line that fills the column) is no new paragraph.
            // Both at the full measure, not 2 em short: OCR loses the indent's spaces,
            // only the width shows it (the foot may be 1 em short: OCR drops a
            // character now and then; the line after may not, that is an indent's room).
            // The measure is the two blocks' own (a page sets columns of several widths).
            let punct = next.contains(['，', '。', '、', '；', '？', '！']);
            let from = (0..i).rev().find(|&k| k == 0 || lines[k].gap_before).unwrap_or(0);
            let to = (i + 1..lines.len()).find(|&k| lines[k].gap_before).unwrap_or(lines.len());
            let (m, n) = common_width(widths[from..to].iter().copied());
            // A one-line block is as often a piece read apart (a headline's line, a
            // caption) as a paragraph's rest: it is left alone.
            if f == i - 1
                && n >= 3
                && to > i + 1
                && widths[f].round() >= m - 1.0
                && widths[i] >= m
                && punct
                && !opens_article(next)
                && !closes_byline(prev)
            {
                ended.push(i);
            }
            continue;
        }
        if !full(widths[f]) {
            if f != i - 1 {
                continue;
            }
            // A line standing alone between blank lines, up to 3 em short of the
            // measure (a first line's 2 em indent, and OCR's lost characters), that
            // stops inside a word, followed by a line as wide as the measure: the
            // first line of a paragraph Tesseract set apart. A title stands over a
            // first line, which is indented, so it is not followed by a full line.
            let alone = i < 2 || lines[i - 1].gap_before;
            let mid_word = prev.trim_end().chars().next_back().is_some_and(is_han);
            if alone
                && mid_word
                && widths[i - 1] >= measure - 3.0
                && widths[i] >= measure
                && next.contains(['，', '。', '、', '；'])
            {
                join_over_gap(
                    &mut lines[i],
                    decisions,
                    "a lone line stopping mid-word over a full line: a paragraph's first line, joined",
                );
            }
            continue;
        }
        // A short line with punctuation followed in its block by short lines without any
        // is a headline set over two lines (`收费电话，` / `爱你容易不容易`), not body.
        let punct = |t: &str| t.contains(['，', '。', '、', '；', '？', '！']);
        let rest = (i + 1..lines.len()).take_while(|&k| !lines[k].gap_before);
        let headline_like =
            rest.clone().count() > 0 && rest.clone().all(|k| !full(widths[k]) && !punct(&lines[k].text));
        // A block with no punctuation set over a byline is a headline, of one line or
        // wrapped over several (a headline stands over its byline; body text does not
        // break before one).
        let end = rest.clone().last().map_or(i + 1, |k| k + 1);
        let over_byline = (i..end).all(|k| !punct(&lines[k].text))
            && lines.get(end).is_some_and(|l| {
                l.gap_before && crate::patterns::line_kind(&l.text) == crate::patterns::LineKind::Byline
            });
        // A block that first closes a bracket the foot's block left closed goes on some
        // other paragraph (quotes are left out: Tesseract reads gaps as `”`).
        let foot_from = (0..i).rev().find(|&k| k == 0 || lines[k].gap_before).unwrap_or(0);
        let foot_text: String = lines[foot_from..i].iter().map(|l| l.text.as_str()).collect();
        let unbalanced =
            [0u8, 1].iter().any(|&k| closes_first(next, k) && open_at_end(&foot_text) != Some(k));
        let body_like = !over_byline
            && !unbalanced
            && !opens_article(next)
            && !closes_byline(prev)
            && (full(widths[i]) || (punct(next) && (!headline_like || ends_sentence(next))));
        if body_like {
            local.push(i);
        }
    }
    let (starts, succ) = rests_elsewhere(lines, &widths, measure, &local, moved);
    // A foot that ends a sentence is no cut paragraph that competes for rests: its gap
    // goes only when the block after it is no other foot's rest and both stay in place.
    let mut is_rest = vec![false; succ.len() + 1];
    for &x in succ.iter().flatten() {
        is_rest[x] = true;
    }
    for &i in &ended {
        let Ok(x) = starts.binary_search(&i) else { continue };
        if succ[x - 1].is_none() && !is_rest[x] && !is_rest[x - 1] {
            join_over_gap(
                &mut lines[i],
                decisions,
                "blank line after a full line that ends a sentence, before a full line (no indent): a column foot, joined",
            );
        }
    }
    let mut moves = false;
    for &i in &local {
        let Ok(x) = starts.binary_search(&i) else { continue };
        match succ[x - 1] {
            Some(y) if y == x => {
                join_over_gap(
                    &mut lines[i],
                    decisions,
                    "blank line after a full line in mid-sentence: a column foot, joined",
                );
            }
            Some(y) => {
                moves = true;
                decisions.push(Decision {
                    line: lines[starts[y]].no,
                    action: "ocr".into(),
                    why: format!(
                        "an unindented block reads as the rest of the column foot at line {}, not the block after it: moved there and joined",
                        lines[i - 1].no
                    ),
                });
            }
            None => {}
        }
    }
    if moves {
        // Each block is written once: a chain from its first part on, then (against a
        // loop, which the matching does not form) any block not yet written.
        let nb = starts.len() - 1;
        let mut pred = vec![None; nb];
        for (a, s) in succ.iter().enumerate() {
            if let Some(x) = *s {
                pred[x] = Some(a);
            }
        }
        let mut order = Vec::with_capacity(nb);
        let mut done = vec![false; nb];
        for b in 0..nb {
            if pred[b].is_some() || done[b] {
                continue;
            }
            let mut k = b;
            loop {
                done[k] = true;
                order.push(k);
                match succ[k] {
                    Some(x) if !done[x] => k = x,
                    _ => break,
                }
            }
        }
        order.extend((0..nb).filter(|&b| !done[b]));
        let old = std::mem::take(lines);
        let mut slots: Vec<Option<Line>> = old.into_iter().map(Some).collect();
        for (k, &b) in order.iter().enumerate() {
            let joined = k > 0 && succ[order[k - 1]] == Some(b);
            for (j, slot) in slots[starts[b]..starts[b + 1]].iter_mut().enumerate() {
                if let Some(mut l) = slot.take() {
                    if j == 0 && joined {
                        l.gap_before = false;
                    }
                    lines.push(l);
                }
            }
        }
    }
}

/// Takes back the blank line before `line` (it parts no blocks: the text goes on across
/// it), with the reason recorded.
fn join_over_gap(line: &mut Line, decisions: &mut Vec<Decision>, why: &str) {
    line.gap_before = false;
    decisions.push(Decision { line: line.no, action: "ocr".into(), why: why.into() });
}

/// Bracket and quote pairs: what opens (`（(〈`, `《`, `“`) and what closes it.
fn bracket_class(c: char) -> Option<(u8, bool)> {
    match c {
        '（' | '(' | '〈' => Some((0, true)),
        '）' | ')' | '〉' => Some((0, false)),
        '《' => Some((1, true)),
        '》' => Some((1, false)),
        '“' => Some((2, true)),
        '”' => Some((2, false)),
        _ => None,
    }
}

/// The kind of the bracket or quote left open at this line's end (the last opening mark
/// with no closing one after it), if any.
fn open_at_end(text: &str) -> Option<u8> {
    let mut open = None;
    for c in text.chars() {
        match bracket_class(c) {
            Some((k, true)) => open = Some(k),
            Some((_, false)) => open = None,
            None => {}
        }
    }
    open
}

/// Does this line close a bracket or quote of kind `k` before it opens any?
fn closes_first(text: &str, k: u8) -> bool {
    text.chars().find_map(bracket_class) == Some((k, false))
}

/// Blocks looked at, either side, for another block that could close a foot's bracket.
const BALANCE_REACH: usize = 3;

/// Rule 4, bracket balance: a column foot that ends inside an open bracket or quote
/// (`…(管理员`) goes on in the block after the gap when that block's first mark closes
/// it (`手册)…`), whatever the widths: print never breaks a paragraph inside a bracket.
/// Only when the pairing is plain: no other block within reach opens with such a
/// closing mark, and the block after is no dateline or byline.
fn balanced_joins(lines: &mut [Line], widths: &[f32], decisions: &mut Vec<Decision>, moved: &[usize]) {
    let starts: Vec<usize> = (0..lines.len()).filter(|&k| k == 0 || lines[k].gap_before).collect();
    let mut joins = Vec::new();
    for b in 1..starts.len() {
        let i = starts[b];
        if moved.binary_search(&lines[i].no).is_ok() || moved.binary_search(&lines[i - 1].no).is_ok() {
            continue;
        }
        let f = foot_line(lines, widths, i - 1);
        let Some(k) = open_at_end(&lines[f].text) else { continue };
        let next = &lines[i].text;
        if !closes_first(next, k) || opens_article(next) || closes_byline(&lines[f].text) {
            continue;
        }
        let lo = b.saturating_sub(BALANCE_REACH);
        let hi = (b + BALANCE_REACH + 1).min(starts.len());
        let rivals = (lo..hi).filter(|&c| c != b && closes_first(&lines[starts[c]].text, k)).count();
        if rivals == 0 {
            joins.push(i);
        }
    }
    for i in joins {
        join_over_gap(
            &mut lines[i],
            decisions,
            "blank line inside an open bracket or quote, closed first in the block after: a column foot, joined",
        );
    }
}

/// Does this line open an article (a dateline `本报讯…`, `新华社北京１月５日电`, or a
/// byline)? Such a line is never a paragraph's rest: an article's head stands over its
/// body, so the gap before it stays (and the gap after a byline, which ends no column).
fn opens_article(text: &str) -> bool {
    crate::patterns::is_dateline(text)
        || crate::patterns::line_kind(text) == crate::patterns::LineKind::Byline
}

/// Is this line a byline (and no dateline that names its reporters, `本报讯记者…`, whose
/// paragraph goes on)? Body text never breaks before one, so it is no column's foot.
fn closes_byline(text: &str) -> bool {
    crate::patterns::line_kind(text) == crate::patterns::LineKind::Byline
        && !crate::patterns::is_dateline(text)
}

/// Is a block of `n` lines with this text a dateline that ends in a colon
/// (`本报讯记者薛原报道：`)? Such a block opens its article's first paragraph, which goes
/// on in the block after it: that block is not another column's rest.
fn opens_after_dateline(text: &str, n: usize) -> bool {
    let t = text.trim_end();
    n <= 2 && t.ends_with(['：', ':']) && crate::patterns::is_dateline(t)
}

/// Blocks a column foot's rest is looked for in, either side (rule 4).
const FOOT_REACH: usize = 12;
/// Score of the block right after a column foot: Tesseract's usual way on.
const FOOT_NEXT_BONUS: f32 = 0.1;
/// Score of a join that makes a word (a pair of characters seen elsewhere on the page,
/// or one inside a common word).
const FOOT_WORD_BONUS: f32 = 0.1;
/// Score lost per block between a column foot and its rest.
const FOOT_DISTANCE_COST: f32 = 0.005;
/// A block after a column foot with fewer Chinese characters shows too few words to be
/// judged against another rest: it is kept.
const FOOT_SHORT: usize = 12;
/// Characters of each side compared for cohesion.
const FOOT_COHESION_CHARS: usize = 300;
/// Longest chain of joined blocks followed when checking for a loop (longer is refused).
const FOOT_MAX_CHAIN: usize = 64;

/// Rule 4: where each column foot (`local`: indices of the line after a droppable gap)
/// goes on. Tesseract does not always read a column's rest next: every block ending at
/// a full line in mid-sentence is a cut paragraph, every block whose first line fills
/// the column (no indent) and holds sentence punctuation may be its rest. Pairs are
/// scored by the words the two sides share, a word the join makes, a bonus for the block
/// right after the foot, and the distance, and taken best first (no loops). Another
/// block than the one after the foot wins only when it scores higher and its join makes
/// a word and the local one does not: the articles' shared words alone do not tell two
/// parts of one article apart; and not when another cut paragraph's join with that block
/// also makes a word and shares words (then the foot stays unjoined). Returns the block starts (with the end) and each block's chosen rest, for
/// column feet only.
fn rests_elsewhere(
    lines: &[Line],
    widths: &[f32],
    measure: f32,
    local: &[usize],
    moved: &[usize],
) -> (Vec<usize>, Vec<Option<usize>>) {
    let mut starts: Vec<usize> = (0..lines.len()).filter(|&i| i == 0 || lines[i].gap_before).collect();
    starts.push(lines.len());
    let nb = starts.len() - 1;
    let mut next = vec![None; nb];
    if local.is_empty() {
        return (starts, next);
    }
    // A block's text without a line of OCR noise at its end, so that its cut word
    // shows (the noise still goes out with the block).
    let texts: Vec<String> = (0..nb)
        .map(|b| {
            let e = starts[b + 1] - 1;
            let e = if e > starts[b] { foot_line(lines, widths, e) } else { e };
            lines[starts[b]..=e].iter().map(|l| l.text.as_str()).collect()
        })
        .collect();
    let mut pairs: FxHashSet<(char, char)> = FxHashSet::default();
    for t in &texts {
        let cs: Vec<char> = t.chars().collect();
        for w in cs.windows(2) {
            if is_han(w[0]) && is_han(w[1]) {
                pairs.insert((w[0], w[1]));
            }
        }
    }
    let heads: Vec<String> = texts.iter().map(|t| t.chars().take(FOOT_COHESION_CHARS).collect()).collect();
    let is_moved = |i: usize| moved.binary_search(&lines[i].no).is_ok();
    // Cut paragraphs: blocks that end at a full line in mid-sentence.
    // A stack of one or two lines with no punctuation at all is a headline, not a cut
    // paragraph (body text carries a comma every line or two).
    let headline_stack = |b: usize| {
        starts[b + 1] - starts[b] == 2 && texts[b].chars().all(is_han) && texts[b].chars().count() >= 8
    };
    let cut = |b: usize| {
        let e = foot_line(lines, widths, starts[b + 1] - 1);
        widths[e] >= measure - 2.0 && !ends_sentence(&lines[e].text) && !is_moved(e) && !headline_stack(b)
    };
    // Rests: blocks whose first line fills the column, with sentence punctuation.
    let rest = |b: usize| {
        let s = starts[b];
        b > 0
            && !opens_after_dateline(&texts[b - 1], starts[b] - starts[b - 1])
            && widths[s] >= measure - 1.0
            && lines[s].text.contains(['，', '。', '、', '；'])
            && !opens_article(&lines[s].text)
            && !is_moved(s)
    };
    // A one-line block over a one-line bare name is a headline over its byline, not a
    // paragraph's rest (a rest runs on in body lines).
    let titled_by_name = |b: usize| {
        b + 2 < nb
            && starts[b + 1] - starts[b] == 1
            && starts[b + 2] - starts[b + 1] == 1
            && texts[b].trim_start().chars().take(4).all(is_han)
            && crate::reflow::is_bare_name(&texts[b + 1])
    };
    let mut foot = vec![false; nb];
    for &i in local {
        if let Ok(x) = starts.binary_search(&i) {
            foot[x - 1] = true;
        }
    }
    let mut cands: Vec<(f32, usize, usize)> = Vec::new();
    let mut local_word = vec![false; nb];
    let mut local_score = vec![f32::NEG_INFINITY; nb];
    let mut words: FxHashSet<(usize, usize)> = FxHashSet::default();
    // Joins that make a word and share words with the rest, and how many such claim
    // each block.
    let mut backed: FxHashSet<(usize, usize)> = FxHashSet::default();
    let mut backers = vec![0usize; nb];
    for a in 0..nb {
        if !cut(a) {
            continue;
        }
        let t = &texts[a];
        let n = t.chars().count();
        let tail: String = t.chars().skip(n.saturating_sub(FOOT_COHESION_CHARS)).collect();
        let last = tail.trim_end().chars().next_back().filter(|&c| is_han(c));
        let lo = a.saturating_sub(FOOT_REACH);
        let hi = (a + FOOT_REACH).min(nb - 1);
        for x in lo..=hi {
            let is_next = foot[a] && x == a + 1 && !titled_by_name(x);
            if x == a || !(is_next || rest(x)) {
                continue;
            }
            let first = texts[x].trim_start().chars().next().filter(|&c| is_han(c));
            let word = matches!((last, first),
                (Some(p), Some(q)) if pairs.contains(&(p, q)) || crate::interleave::in_word(p, q));
            let same = crate::segment::cohesion(&tail, &heads[x]);
            let score =
                same + if word { FOOT_WORD_BONUS } else { 0.0 } + if is_next { FOOT_NEXT_BONUS } else { 0.0 }
                    - FOOT_DISTANCE_COST * a.abs_diff(x) as f32;
            if is_next {
                local_word[a] = word;
                local_score[a] = score;
            }
            if word {
                words.insert((a, x));
                if same > 0.0 {
                    backed.insert((a, x));
                    backers[x] += 1;
                }
            }
            cands.push((score, a, x));
        }
    }
    cands.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
    // Does following `next` from `x` come back to `a`? A join must not close a loop;
    // a chain longer than `FOOT_MAX_CHAIN` is refused as if it did.
    let loops = |next: &[Option<usize>], x: usize, a: usize| {
        crate::ocr_units::chain_reaches(next, x, a, FOOT_MAX_CHAIN)
    };
    let mut taken = vec![false; nb];
    let mut refused = vec![false; nb];
    for &(sc, a, x) in &cands {
        if next[a].is_some() || taken[x] || loops(&next, x, a) {
            continue;
        }
        let short = || texts[a + 1].chars().filter(|&c| is_han(c)).count() < FOOT_SHORT;
        if foot[a] && x == a + 1 && refused[a] {
            continue;
        }
        if foot[a]
            && x != a + 1
            && (local_word[a] || !words.contains(&(a, x)) || sc < local_score[a] || short())
        {
            continue;
        }
        // Another cut paragraph's join with this rest also makes a word and shares its
        // words: the rest is not this foot's alone, and the block after the foot (whose
        // join makes no word) is no better evidence. The foot stays unjoined: a gap
        // left open costs less than a paragraph of another article joined to it.
        if foot[a] && x != a + 1 && backers[x] > usize::from(backed.contains(&(a, x))) {
            refused[a] = true;
            continue;
        }
        next[a] = Some(x);
        taken[x] = true;
    }
    // Only column feet are decided here; other cut paragraphs just competed for rests.
    for a in 0..nb {
        if !foot[a] {
            next[a] = None;
        }
    }
    (starts, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines numbered from 1, without gaps or fake bold.
    fn lines_of(texts: &[&str]) -> Vec<Line> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Line { no: i + 1, text: t.to_string(), gap_before: false, doubled: false })
            .collect()
    }

    /// [`lines_of`] with a blank line before each line of `gaps` (0-based).
    fn blocks_of(texts: &[&str], gaps: &[usize]) -> Vec<Line> {
        let mut lines = lines_of(texts);
        for &k in gaps {
            lines[k].gap_before = true;
        }
        lines
    }

    fn run(texts: &[&str]) -> (Vec<String>, Vec<Removal>) {
        let lines = lines_of(texts);
        let mut removed = Vec::new();
        let out = Ocr::new(OcrMode::Always).apply(lines, &mut Vec::new(), &mut removed);
        (out.into_iter().map(|l| l.text).collect(), removed)
    }

    #[test]
    fn a_dateline_ending_in_a_colon_keeps_the_block_after_it() {
        assert!(opens_after_dateline("本报讯记者薛原报道：", 1));
        assert!(!opens_after_dateline("本报讯记者薛原报道：日历翻到了。", 1));
        assert!(!opens_after_dateline("他说：", 1));
        assert!(!opens_after_dateline("本报讯记者薛原报道：", 3));
    }

    #[test]
    fn punctuation_between_han_goes_full_width() {
        assert_eq!(normalize_punct("中国,北京"), "中国，北京");
        assert_eq!(normalize_punct("祝福: 祝你新年快乐!"), "祝福： 祝你新年快乐！");
        assert_eq!(normalize_punct("日:“吾乃"), "日：“吾乃");
        assert_eq!(normalize_punct("何欲以州事委之?此"), "何欲以州事委之？此");
        assert_eq!(normalize_punct("严禁霸水; 协调"), "严禁霸水； 协调");
    }

    #[test]
    fn numbers_latin_and_urls_are_untouched() {
        assert_eq!(normalize_punct("增长3.5个百分点"), "增长3.5个百分点");
        assert_eq!(normalize_punct("共1,000人"), "共1,000人");
        assert_eq!(normalize_punct("下午3:00开会"), "下午3:00开会");
        assert_eq!(normalize_punct("访问http://a.b/c?d=1,然后"), "访问http://a.b/c?d=1,然后");
        assert_eq!(normalize_punct("在 APT::Default-Release 参数中"), "在 APT::Default-Release 参数中");
        assert_eq!(normalize_punct("Hello, world!"), "Hello, world!");
    }

    #[test]
    fn brackets_follow_how_they_are_set() {
        assert_eq!(normalize_punct("刚果(民)政府"), "刚果（民）政府");
        assert_eq!(normalize_punct("文件内 (某些人总是置入)"), "文件内 (某些人总是置入)");
        assert_eq!(normalize_punct("目的 NAT(DNAT),改变"), "目的 NAT(DNAT)，改变");
    }

    #[test]
    fn ocr_spaces_close_up_real_ones_stay() {
        assert_eq!(close_spaces("站在村边 3 4 0 亩耕地"), "站在村边３４０亩耕地");
        assert_eq!(close_spaces("合人民币65 0 0 多元"), "合人民币６５００多元");
        assert_eq!(close_spaces("1 2月3 1 日"), "１２月３１日");
        assert_eq!(close_spaces("1998年 8 月"), "1998年8月");
        assert_eq!(close_spaces("大型管风琴， 彩绘"), "大型管风琴，彩绘");
        assert_eq!(close_spaces("apt 也可以"), "apt 也可以");
        assert_eq!(close_spaces("版本 2019 12 个"), "版本2019 12个");
        assert_eq!(close_spaces("python 3 5 个"), "python 3 5个");
        assert_eq!(close_spaces("1 2 3 4 5 6 7 8 9 0 1 2 3"), "１２３４５６７８９０１２３");
        assert_eq!(close_spaces("在 9.5 3 处"), "在9.5 3处");
    }

    #[test]
    fn an_angle_bracket_without_its_partner_is_a_full_width_parenthesis() {
        assert_eq!(angle_openings("日电 〈记者盛世良) 俄罗斯"), "日电 （记者盛世良） 俄罗斯");
        assert_eq!(angle_openings("是刚果〈民"), "是刚果（民");
        assert_eq!(angle_openings("读《论〈十大关系〉》"), "读《论〈十大关系〉》");
        assert_eq!(angle_openings("〈包括 (RAID) 阵列)"), "（包括 (RAID) 阵列)");
    }

    #[test]
    fn numbers_in_a_block_of_full_width_digits_are_widened() {
        assert_eq!(widen_digits("宾逊1997年12月31日"), "宾逊１９９７年１２月３１日");
        assert_eq!(widen_digits("了1 8. 9万个"), "了１８．９万个");
        assert_eq!(widen_digits("达1. ４９５亿"), "达１．４９５亿");
        assert_eq!(widen_digits("增长5%，"), "增长５％，");
        assert_eq!(widen_digits("需要5 GB 存储"), "需要5 GB 存储");
        assert_eq!(widen_digits("见 6.2.3 节"), "见 6.2.3 节");
        assert_eq!(widen_digits("python3 中"), "python3 中");
        assert_eq!(widen_digits("在 /dev/sdb1 中"), "在 /dev/sdb1 中");
    }

    #[test]
    fn border_marks_are_recorded_not_lost() {
        let (out, removed) = run(&["厅路 日:“吾乃吉氏之故吏。| 市斯塔万格", "_____", "| 开头", "ls | grep"]);
        assert_eq!(out, ["厅路 日：“吾乃吉氏之故吏。市斯塔万格", "开头", "ls | grep"]);
        let texts: Vec<&str> = removed.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["|", "_____", "|"]);
        let (out, removed) = run(&["[产业观察", "区域经济]", "见[1]说明", "[注]"]);
        assert_eq!(out, ["产业观察", "区域经济", "见[1]说明", "[注]"]);
        assert_eq!(removed.len(), 2);
        assert!(removed.iter().all(|r| r.reason == RemovalReason::OcrArtifact));
        assert_eq!(removed[1].line, 2);
    }

    #[test]
    fn byline_gaps_read_as_quotes_become_spaces() {
        let mut cut = Vec::new();
        assert_eq!(byline_gaps("本报记者”罗佳 ”通讯员 ”黄晓明", &mut cut), "本报记者 罗佳  通讯员  黄晓明");
        assert_eq!(byline_gaps("口 本报记者 杨帆 通讯员 王磊", &mut cut), "□ 本报记者 杨帆 通讯员 王磊");
        assert_eq!(byline_gaps("本报讯“记者徐丽报道”时袁绍在", &mut cut), "本报讯 记者徐丽报道 时袁绍在");
        assert_eq!(cut, ["”", "”", "”", "“", "”"]);
        let mut cut = Vec::new();
        // Real quotes stay: in body text, and after a dateline's head.
        assert_eq!(byline_gaps("记者说：“好”", &mut cut), "记者说：“好”");
        assert_eq!(byline_gaps("本报讯 据说“新年”到了", &mut cut), "本报讯 据说“新年”到了");
        assert_eq!(byline_gaps("口袋里", &mut cut), "口袋里");
        assert!(cut.is_empty());
        // A page set in traditional characters: the same, its characters kept.
        assert_eq!(byline_gaps("口 本報記者”楊帆 ”通訊員 王磊", &mut cut), "□ 本報記者 楊帆  通訊員 王磊");
        assert_eq!(byline_gaps("本報訊“記者徐麗報導”時袁紹在", &mut cut), "本報訊 記者徐麗報導 時袁紹在");
        assert_eq!(cut, ["”", "”", "“", "”"]);
    }

    #[test]
    fn a_body_piece_read_into_a_headline_line_is_moved_out() {
        let mut texts = vec!["第一栏的文字在这里排满了"; 6];
        texts.extend([
            "",
            "关注热点问题推动产业",
            "作作风好? 哪些单位“门难进、脸  发展体育市场开发与新",
            "闻传播研讨会在京召开",
        ]);
        let lines: Vec<Line> = texts
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.is_empty())
            .map(|(i, t)| Line { no: i + 1, text: t.to_string(), gap_before: i == 7, doubled: false })
            .collect();
        let out = Ocr::new(OcrMode::Always).apply(lines, &mut Vec::new(), &mut Vec::new());
        let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        let at = texts.iter().position(|t| *t == "关注热点问题推动产业").expect("title line kept");
        assert_eq!(texts[at + 1], "发展体育市场开发与新");
        assert!(texts[..at].iter().any(|t| t.starts_with("作作风好")), "{texts:?}");
        assert!(out[at].gap_before && !out[at + 1].gap_before);
    }

    #[test]
    fn dashes_read_as_yi_are_restored() {
        assert_eq!(ocr_dashes("与人奋斗一一为足球拾遗"), "与人奋斗——为足球拾遗");
        assert_eq!(ocr_dashes("祖国的心脏一一一天安门"), "祖国的心脏———天安门");
        assert_eq!(ocr_dashes("这是唯一一次，他们一一握手"), "这是唯一一次，他们——握手");
        assert_eq!(ocr_dashes("一一列举"), "一一列举");
        assert_eq!(ocr_dashes("一一一中国交响乐"), "———中国交响乐");
        assert_eq!(ocr_dashes("统一思想"), "统一思想");
    }

    #[test]
    fn a_foot_inside_an_open_bracket_goes_on_where_it_closes() {
        let body = "平。预计９１０的旧币将在工月份退出流";
        let mut lines = lines_of(&[body, body, body, "管理的 Cahier (管理员", "手册) 系列丛书之一。", body]);
        lines[4].gap_before = true;
        column_foot_gaps(&mut lines, &mut Vec::new(), &[]);
        assert!(!lines[4].gap_before);
        // A block that closes a bracket the foot never opened goes on another paragraph.
        lines[3].text = body.into();
        lines[4].text = "手册) 系列丛书之一。".into();
        lines[4].gap_before = true;
        column_foot_gaps(&mut lines, &mut Vec::new(), &[]);
        assert!(lines[4].gap_before);
        lines[3].text = "管理的 Cahier (管理员".into();
        // A block after it that opens a bracket first does not close this one.
        lines[4].gap_before = true;
        lines[4].text = "（手册) 系列丛书之一。".into();
        column_foot_gaps(&mut lines, &mut Vec::new(), &[]);
        assert!(lines[4].gap_before);
    }

    #[test]
    fn a_two_line_headline_after_a_column_foot_keeps_its_gap() {
        let body = "平。预计９１０的旧币将在工月份退出流";
        let mut lines: Vec<Line> =
            lines_of(&[body, body, body, body, "收费电话，", "爱你容易不容易", "许可"]);
        lines[4].gap_before = true;
        lines[6].gap_before = true;
        column_foot_gaps(&mut lines, &mut Vec::new(), &[]);
        assert!(lines[4].gap_before);
        lines[5].text = "通胀率将降到0.7%。".into();
        column_foot_gaps(&mut lines, &mut Vec::new(), &[]);
        assert!(!lines[4].gap_before);
    }

    #[test]
    fn a_full_line_after_a_sentence_at_a_column_foot_goes_on() {
        // A column foot that ends a sentence, and a full line (no indent) after the gap.
        let body = "现传统军事谋略思想，让人物形象更加";
        let foot = "于历朝历代较为突出的军事谋略人物。";
        let next = "以纪实文学手法，为谋略人物立传，展";
        let mut lines: Vec<Line> = lines_of(&[body, body, foot, next, body]);
        lines[3].gap_before = true;
        column_foot_gaps(&mut lines, &mut Vec::new(), &[]);
        assert!(!lines[3].gap_before);
        // A foot read one character short (OCR dropped it) still goes on.
        let mut lines: Vec<Line> = lines_of(&[body, body, "于历朝历代较为突出的军事谋略人。", next, body]);
        lines[3].gap_before = true;
        column_foot_gaps(&mut lines, &mut Vec::new(), &[]);
        assert!(!lines[3].gap_before);
        // An indented first line (2 em short) after the gap starts a paragraph.
        let mut lines: Vec<Line> = lines_of(&[body, body, foot, "以纪实文学手法，为谋略人物立", body]);
        lines[3].gap_before = true;
        column_foot_gaps(&mut lines, &mut Vec::new(), &[]);
        assert!(lines[3].gap_before);
    }

    #[test]
    fn ocr_noise_under_a_column_foot_does_not_end_the_paragraph() {
        // page_010: a line Tesseract could not make out, read as `Ta  2`, under the
        // column's last line in mid-sentence.
        let body = "月商品零售价格指数降至０．９％，通";
        let next = "产生出另外一种担心，这样的通胀率是否";
        let mut lines: Vec<Line> = lines_of(&[body, body, body, "Ta  2", next, next]);
        lines[4].gap_before = true;
        column_foot_gaps(&mut lines, &mut Vec::new(), &[]);
        assert!(!lines[4].gap_before);
        assert_eq!(lines[3].text, "Ta  2");
        // Under a finished sentence the gap stays.
        let mut lines: Vec<Line> =
            lines_of(&[body, body, "商品零售价格指数降至０．９％为止。", "Ta  2", next, next]);
        lines[4].gap_before = true;
        column_foot_gaps(&mut lines, &mut Vec::new(), &[]);
        assert!(lines[4].gap_before);
    }

    #[test]
    fn a_line_over_a_byline_after_a_column_foot_keeps_its_gap() {
        let body = "不同的称谓，往往反映不同本质的";
        let mut lines: Vec<Line> =
            lines_of(&[body, body, body, "学习《价格法》贯彻落实好法律", "本报评论员", "新的段落。"]);
        lines[3].gap_before = true;
        lines[4].gap_before = true;
        lines[5].gap_before = true;
        column_foot_gaps(&mut lines, &mut Vec::new(), &[]);
        assert!(lines[3].gap_before);
        lines[4].text = "我们在当年的五月份经营不同的".into();
        column_foot_gaps(&mut lines, &mut Vec::new(), &[]);
        assert!(!lines[3].gap_before);
    }

    #[test]
    fn a_wrapped_headline_over_a_byline_after_a_column_foot_keeps_its_gap() {
        // A headline wrapped over three lines, the first as wide as the body measure.
        let body = "镇秋种用水４００多万方，今年";
        let head = ["难忘南极风雪夜——致中国科", "学院武汉分院副院长", "吕纯操"];
        let mut lines: Vec<Line> =
            lines_of(&[body, body, body, head[0], head[1], head[2], "本报记者温红彦", body]);
        for k in [3, 6, 7] {
            lines[k].gap_before = true;
        }
        column_foot_gaps(&mut lines, &mut Vec::new(), &[]);
        assert!(lines[3].gap_before);
        // Body lines (with punctuation) over a byline are still the column's rest.
        lines[4].text = "年，该镇的农民用水量大大".into();
        column_foot_gaps(&mut lines, &mut Vec::new(), &[]);
        assert!(!lines[3].gap_before);
    }

    /// A column foot at line 2 (`…的农`), the rest of its word at line 6 (`田水利…`),
    /// another article's block between.
    const FOOT_PAGE: [&str; 7] = [
        "县里改革小型农田水利设施管理，",
        "费县出台了关于改革小型水利的农",
        "证，经营期限一般在十五年到三十",
        "年，并允许继承和转让给其他人。",
        "男篮联赛开始了第二阶段的比赛，",
        "田水利设施的改革意见，县里确立",
        "了小型水利设施多渠道投入办法。",
    ];

    #[test]
    fn a_column_foot_goes_on_in_the_block_that_completes_its_word() {
        let texts = FOOT_PAGE;
        let mut lines = blocks_of(&texts, &[2, 4, 5]);
        let mut decisions = Vec::new();
        column_foot_gaps(&mut lines, &mut decisions, &[]);
        let order: Vec<usize> = lines.iter().map(|l| l.no).collect();
        assert_eq!(order, [1, 2, 6, 7, 3, 4, 5]);
        assert!(!lines[2].gap_before && lines[4].gap_before && lines[6].gap_before);
        // With no word across the other join, the block after the foot goes on.
        let mut texts = texts;
        texts[5] = "水利设施的改革意见，县里确立了";
        let mut lines = blocks_of(&texts, &[2, 4, 5]);
        column_foot_gaps(&mut lines, &mut decisions, &[]);
        assert_eq!(lines.iter().map(|l| l.no).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6, 7]);
        assert!(!lines[2].gap_before);
    }

    #[test]
    fn a_rest_claimed_by_two_cut_paragraphs_leaves_the_foot_unjoined() {
        // The block at line 6 completes a word of the foot at line 2 and of the cut
        // paragraph at line 8, and shares words with both: it is not the foot's alone,
        // and the block after the foot makes no word with it either.
        let texts: Vec<&str> = FOOT_PAGE.iter().copied().chain(["大家认为水利设施还需要继续改农"]).collect();
        let mut lines = blocks_of(&texts, &[2, 4, 5, 7]);
        let mut decisions = Vec::new();
        column_foot_gaps(&mut lines, &mut decisions, &[]);
        assert_eq!(lines.iter().map(|l| l.no).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6, 7, 8]);
        assert!(lines[2].gap_before, "{decisions:?}");
    }

    #[test]
    fn a_dateline_or_byline_is_no_column_foot_rest() {
        let body = "不同的称谓，往往反映不同本质的";
        for head in ["本报讯记者罗佳报道目前，资产经", "本报记者杨帆通讯员王磊"] {
            let mut lines = lines_of(&[body, body, body, head, body]);
            lines[3].gap_before = true;
            column_foot_gaps(&mut lines, &mut Vec::new(), &[]);
            assert!(lines[3].gap_before, "{head}");
        }
        // A byline is no column's foot either.
        let mut lines = lines_of(&[body, body, "本报驻澳大利亚记者李学江", body, body]);
        lines[3].gap_before = true;
        column_foot_gaps(&mut lines, &mut Vec::new(), &[]);
        assert!(lines[3].gap_before);
    }

    #[test]
    fn a_two_line_stack_without_punctuation_is_no_cut_paragraph() {
        // `承百年报国志做世纪栋梁` / `材北大学生举行宣誓仪式` fills the column and stops
        // mid-sentence, but a body block of two lines carries punctuation: it is a
        // headline, and the block after it is no rest of it.
        let body = "大学生们整齐地立在广场上，他";
        let texts = [
            body,
            body,
            "承百年报国志做世纪栋梁",
            "材北大学生举行宣誓仪式",
            "召，胸怀祖国，服务人",
            "民，争做跨世纪的栋梁。",
        ];
        let mut lines = lines_of(&texts);
        lines[2].gap_before = true;
        lines[4].gap_before = true;
        let mut decisions = Vec::new();
        column_foot_gaps(&mut lines, &mut decisions, &[]);
        assert!(lines[4].gap_before, "{decisions:?}");
    }

    #[test]
    fn a_lone_first_line_over_a_full_line_loses_its_gap() {
        let body = "一股激情，对中国历史上众多智囊人物";
        let mut lines = lines_of(&[body, body, body, "翻读由解放军出版社新近出版的", body, body]);
        lines[3].gap_before = true;
        lines[4].gap_before = true;
        column_foot_gaps(&mut lines, &mut Vec::new(), &[]);
        assert!(!lines[4].gap_before);
        // A short title over a full line keeps its gap, and so does a first line that
        // ends at a punctuation mark.
        // (The block above ends its sentence: the same body text below it would read as
        // its rest, see `a_column_foot_goes_on_in_the_block_that_completes_its_word`.)
        let done = "一股激情，对中国历史上众多智囊人物。";
        for head in ["解决新矛盾", "翻读由解放军出版社新近出版，"] {
            let mut lines = lines_of(&[done, done, done, head, body, body]);
            lines[3].gap_before = true;
            lines[4].gap_before = true;
            column_foot_gaps(&mut lines, &mut Vec::new(), &[]);
            assert!(lines[4].gap_before, "{head}");
        }
    }

    #[test]
    fn a_headline_at_the_top_of_an_ocr_page_is_no_section_label() {
        let text = "地方经济\n\n当好人民公仆\n\n李长水说，全心全意当好人民公仆，是每一个党员干部的本分，他这样说\n也这样做，多年来一直为人民服务。\n";
        let doc = crate::repair_with(text, crate::Config::new().ocr(OcrMode::Always));
        assert_eq!(doc.pages[0].section.as_deref(), Some("地方经济"));
        let text = "当好人民公仆\n\n李长水说，全心全意当好人民公仆，是每一个党员干部的本分，他这样说\n也这样做，多年来一直为人民服务。\n";
        let doc = crate::repair_with(text, crate::Config::new().ocr(OcrMode::Always));
        assert_eq!(doc.pages[0].section, None);
        assert_eq!(doc.pages[0].articles[0].headline.as_deref(), Some("当好人民公仆"));
        // A byline under it marks a headline, whatever its words.
        let text = "给黄土地\n\n本报记者陈国琦\n新年前夕，太行山深处发生了一件新鲜事，村民和县长一起站在村边\n的耕地面前深情地祝福。\n";
        let doc = crate::repair_with(text, crate::Config::new().ocr(OcrMode::Always));
        assert_eq!(doc.pages[0].section, None);
        assert_eq!(doc.pages[0].articles[0].headline.as_deref(), Some("给黄土地"));
    }

    #[test]
    fn lines_read_across_two_columns_are_cut_into_them() {
        let mut texts = vec!["第一栏的文字在这里排满了一行字"; 6];
        texts.extend([
            "左栏继续写到这里为止的一行字   右栏另一篇文章的文字在",
            "左栏又写到了这里为止的一行字   右栏另一篇文章还在继续",
            "左栏最后一行。",
        ]);
        let mut lines = lines_of(&texts);
        lines[6].gap_before = true;
        let out = split_side_by_side(lines, &mut Vec::new(), &mut Vec::new());
        let got: Vec<(&str, bool)> = out[6..].iter().map(|l| (l.text.as_str(), l.gap_before)).collect();
        assert_eq!(
            got,
            [
                ("左栏继续写到这里为止的一行字", true),
                ("左栏又写到了这里为止的一行字", false),
                ("左栏最后一行。", false),
                ("右栏另一篇文章的文字在", true),
                ("右栏另一篇文章还在继续", false),
            ]
        );
        assert_eq!(out[6].no, 7);
        assert_eq!(out[9].no, 7);
        // One wide line with a gap is no evidence; nor is a gap in a line of one column.
        let mut texts = vec!["第一栏的文字在这里排满了一行字"; 6];
        texts.extend(["左栏继续写到这里为止的一行字   右栏另一篇文章的文字在", "验用户的专属)  且 在"]);
        let lines = lines_of(&texts);
        let out = split_side_by_side(lines.clone(), &mut Vec::new(), &mut Vec::new());
        assert_eq!(out, lines);
    }

    #[test]
    fn a_piece_read_in_from_the_column_beside_goes_before_the_block() {
        let texts = [
            "本报郑州一月三日电记者王某",
            "报道：棚外零下数度，棚内花         园区，占地近万亩，集生态农",
            "鲜菜绿。在河南焦作市，这种",
            "动辄几亩、十几亩的大型温棚",
        ];
        let mut moved = Vec::new();
        let mut removed = Vec::new();
        let out = read_in_pieces(lines_of(&texts), &mut Vec::new(), &mut removed, &mut moved);
        let got: Vec<(&str, bool)> = out.iter().map(|l| (l.text.as_str(), l.gap_before)).collect();
        assert_eq!(got[0], ("园区，占地近万亩，集生态农", true));
        assert_eq!(got[1], ("本报郑州一月三日电记者王某", true));
        assert_eq!(got[2], ("报道：棚外零下数度，棚内花", false));
        assert_eq!(moved, [2]);
        assert!(removed.is_empty());
        // A lone mark before a wide gap at the start of a full line is recorded, not lost.
        let texts =
            ["实际上，从司法角度讲，维希政", "打   权的活动是国家行为，而不是", "贝当等人的个人行为。这种局"];
        let out = read_in_pieces(lines_of(&texts), &mut Vec::new(), &mut removed, &mut Vec::new());
        assert_eq!(out[1].text, "权的活动是国家行为，而不是");
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].text, "打");
        // A number before the gap stays, as does a letter-spaced line.
        let texts =
            ["实际上，从司法角度讲，维希政", "1   权的活动是国家行为，而不是", "贝当等人的个人行为。这种局"];
        let lines = lines_of(&texts);
        assert_eq!(read_in_pieces(lines.clone(), &mut Vec::new(), &mut Vec::new(), &mut Vec::new()), lines);
    }

    #[test]
    fn short_pieces_of_a_column_read_apart_go_with_their_neighbours() {
        let got = column_pieces(
            "着雨雪把整箱的鲜花、蔬菜装        下   焦作就有四            今，焦作市已投入资金",
        );
        let texts: Vec<&str> = got.iter().map(|p| p.1.as_str()).collect();
        assert_eq!(texts, ["着雨雪把整箱的鲜花、蔬菜装", "下 焦作就有四", "今，焦作市已投入资金"]);
        assert_eq!(got[0].0, 0.0);
        assert!(got[1].0 > 15.0 && got[2].0 > got[1].0);
        let got = column_pieces("和钢架拱棚，工人们正冒着雨         就有五个，全国九个小       5");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].1, "就有五个，全国九个小 5");
    }

    #[test]
    fn a_grid_of_four_columns_read_row_by_row_is_cut_into_its_columns() {
        let rows = [
            "甲一甲一甲一甲一甲一   乙一乙一乙一乙一乙一   丙一丙一丙一丙一丙一   丁一丁一丁一丁一丁一",
            "甲二甲二甲二甲二甲二   乙二乙二乙二乙二乙二   丙二丙二丙二丙二丙二   丁二丁二丁二丁二丁二",
            // Two columns glued by a single space (a gutter mark read as one).
            "甲三甲三甲三甲三甲三 乙三乙三乙三乙三乙三   丙三丙三丙三丙三丙三   丁三丁三丁三丁三丁三",
            "甲四甲四甲四甲四甲四   乙四乙四乙四乙四乙四   丙四丙四丙四丙四丙四   丁四丁四丁四丁四丁四",
        ];
        let mut lines = vec![Line {
            no: 1,
            text: "甲报道文章标题       丙一丙一的标题".into(),
            gap_before: false,
            doubled: false,
        }];
        for (r, t) in rows.iter().enumerate() {
            lines.push(Line { no: r + 3, text: t.to_string(), gap_before: r == 0, doubled: false });
        }
        let out = grid_split(lines, &mut Vec::new());
        let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts.len(), 18);
        assert_eq!(texts[0], "甲报道文章标题");
        assert_eq!(
            texts[1..5],
            ["甲一甲一甲一甲一甲一", "甲二甲二甲二甲二甲二", "甲三甲三甲三甲三甲三", "甲四甲四甲四甲四甲四"]
        );
        assert_eq!(texts[5], "乙一乙一乙一乙一乙一");
        assert_eq!(texts[7], "乙三乙三乙三乙三乙三");
        // The second headline shares its words with the third column and goes before it.
        assert_eq!(texts[9], "丙一丙一的标题");
        assert_eq!(texts[10], "丙一丙一丙一丙一丙一");
        assert_eq!(texts[14], "丁一丁一丁一丁一丁一");
        assert!(out[5].gap_before && out[9].gap_before && out[10].gap_before && !out[6].gap_before);
        // Headlines read at the head of the run itself (no blank line below them) go the
        // same way.
        let mut glued = vec![Line {
            no: 1,
            text: "甲报道文章标题       丙一丙一的标题".into(),
            gap_before: false,
            doubled: false,
        }];
        for (r, t) in rows.iter().enumerate() {
            glued.push(Line { no: r + 2, text: t.to_string(), gap_before: false, doubled: false });
        }
        let texts: Vec<String> = grid_split(glued, &mut Vec::new()).into_iter().map(|l| l.text).collect();
        assert_eq!(texts[0], "甲报道文章标题");
        assert_eq!(texts[9], "丙一丙一的标题");
        // Three columns are left to the other rules.
        let three: Vec<Line> = (0..4)
            .map(|r| Line {
                no: r + 1,
                text: "甲一甲一甲一   乙一乙一乙一   丙一丙一丙一".into(),
                gap_before: false,
                doubled: false,
            })
            .collect();
        assert_eq!(grid_split(three.clone(), &mut Vec::new()).len(), 4);
    }

    #[test]
    fn gutter_marks_between_columns_become_a_gap() {
        let lines: Vec<Line> = lines_of(&[
            "却说孙坚被刘表围住，亏得程普、黄 。 何欲以州事委之",
            "必请将军 ”军，以田丰",
            "放汝归去! ”坚大怒",
            "日: “吾乃",
        ]);
        let mut removed = Vec::new();
        let out = gutter_marks(lines, &mut removed);
        let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "却说孙坚被刘表围住，亏得程普、黄   何欲以州事委之",
                "必请将军  军，以田丰",
                "放汝归去! ”坚大怒",
                "日: “吾乃"
            ]
        );
        let cut: Vec<(usize, &str)> = removed.iter().map(|r| (r.line, r.text.as_str())).collect();
        assert_eq!(cut, [(1, "。"), (2, "”")]);
    }

    #[test]
    fn auto_mode_leaves_clean_text_alone() {
        let lines: Vec<Line> = lines_of(&["中国，北京：好！", "访问 a,b"]);
        assert!(!looks_like_ocr(&lines));
        let out = Ocr::new(OcrMode::Auto).apply(lines.clone(), &mut Vec::new(), &mut Vec::new());
        assert_eq!(out, lines);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in ["|", " | ", "(", ")", "((", "1 ", " 1 2", ",", "中(", "中(文", "a:"] {
            let _ = run(&[t]);
        }
    }

    #[test]
    fn a_wrapped_headline_in_one_block_stays_one_title() {
        let text = "笑声、掌声、欢呼声, 在山间回荡, 勾起了\n人们对往事的回忆。\n\n俄罗斯新卢\n布开始流通\n\n本报讯 据新华社莫斯科1月1日电, 俄罗斯人在新年的第一天迎来了面值升高\n1 0 0 0倍的新卢布, 辅币戈比在阔别5年后重新露面。新卢布开始流通\n后, 市场平静。\n";
        let doc = crate::repair_with(text, crate::Config::new().ocr(OcrMode::Always));
        let a =
            doc.pages[0].articles.iter().find(|a| a.blocks[0].text.starts_with("本报讯")).expect("article");
        let title: String =
            [&a.kicker, &a.headline, &a.subtitle].into_iter().flatten().map(|s| s.as_str()).collect();
        assert_eq!(title, "俄罗斯新卢布开始流通");
    }
}
