//! Column splitting for space-aligned text (`pdftotext -layout`, some OCR modes).
//!
//! Input: one page's lines, leading whitespace kept. Output: the same text cut into
//! column segments and re-ordered so that each column reads top to bottom, columns left
//! to right, as a column-order extractor would have emitted it. Every segment keeps the
//! input line number of the row it came from, so line numbers still say where on the page
//! (how far down) a piece of text was.
//!
//! How the grid is read:
//! - A line is cut into *chunks* at runs of two or more spaces. One space is a word space
//!   (`本报讯 记者王磊报道`, `apt 也可以`) and never a gutter.
//! - Column *edges* are grid offsets where many solid chunks start (six or more
//!   characters, mostly CJK, or long Latin words): a column's left edge recurs on line
//!   after line. Offsets 2–6 to the right of an edge are its first-line indents, not
//!   edges of their own, unless their lines follow one another as a column's do (another
//!   band's column a few cells right); a start just left of such an edge is an indent of
//!   the edge before it when the lines around it start there. Where narrow gutters are
//!   packed on nearly every row, the packed parts show their column's edge too. Offsets are counted in characters, as `pdftotext -layout` places
//!   them (a CJK character takes one cell of its grid there, see `domain.md`); a tab
//!   advances to the next multiple of 8.
//! - Where a gutter is too narrow for the grid, `pdftotext -layout` packs the column
//!   lines of a row around one space; such spaces close runs of the column's measure on
//!   row after row, and chunks are cut there (see `packed_grid`). A band set in a
//!   measure of its own (a four-column band under a three-column one) shows its measure
//!   on its own rows, and it holds there.
//! - Fake bold drawn a fraction of a line lower lands on the next row of the grid: two
//!   chunks on adjacent rows that are mostly one text at the same offsets are merged into
//!   one headline line, the copies going to `removed` (see `merge_doubled_rows`), and the
//!   line counts as a heading.
//! - A chunk that starts at an edge opens a new segment in that column; any other chunk
//!   continues the segment to its left on the same line (justified Latin text is spread
//!   over the grid: `版的包时遇到问题，apt             也可以`). A chunk with nothing to its
//!   left (a centred headline) opens a segment in the column under it.
//! - Each column's segments are cut into *pieces* where the column is empty for more
//!   than a line pitch plus one, and pieces are read in the order a reader takes them:
//!   a piece comes after every piece above it in its column and after every piece in a
//!   column to its left that shares some of its rows (a topological order, ties broken
//!   top to bottom, then left to right). Because every constraint goes right or down, the
//!   order always exists.
//! - The pitch is the column's, so where an article set on alternate rows stands under
//!   one set on every row, a headline centred at the foot of the upper article's piece
//!   is cut off it when it stands more than a row below the pitch of the lines above it
//!   (see `lift_headings`).
//!
//! Cost: linear in the page for chunking, edges and assignment; the piece order is
//! quadratic in the number of pieces, which is capped (above the cap pieces are sorted by
//! row, then column).

use crate::model::{Decision, Removal};
use crate::pipeline::Prepass;
use crate::reflow::Line;

/// When to split space-aligned columns. `Auto` splits pages that look space-aligned: at
/// least 40% of their lines hold a gap of three or more spaces between text, or start
/// after eight or more spaces. Either way a page is split only where two or more column
/// edges are found.
pub type ColumnMode = crate::StageMode;

/// The column-splitting prepass. [`crate::Pipeline`] runs it first when
/// [`crate::Config::columns`] is not [`ColumnMode::Never`].
///
/// ```
/// use newsprint::{columns::Columns, columns::ColumnMode, reflow::Line, Prepass};
/// // Two columns on a character grid, the second at offset 20.
/// let page = ["本报记者王磊              第二栏的第一行文字在这",
///             "第一栏的第一行文字在这里        第二栏的第二行文字在这",
///             "第一栏的第二行文字在这里        第二栏的第三行文字在这"];
/// let lines = page.iter().enumerate()
///     .map(|(i, t)| Line { no: i + 1, text: t.to_string(), gap_before: false, doubled: false })
///     .collect();
/// let out = Columns::new(ColumnMode::Always).apply(lines, &mut Vec::new(), &mut Vec::new());
/// let texts: Vec<_> = out.iter().map(|l| l.text.as_str()).collect();
/// assert_eq!(texts[..3], ["本报记者王磊", "第一栏的第一行文字在这里", "第一栏的第二行文字在这里"]);
/// assert_eq!(texts[3], "第二栏的第一行文字在这");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    mode: ColumnMode,
}

/// A solid chunk has at least this many non-space characters.
const SOLID_CHARS: usize = 6;
/// An edge needs at least this many solid chunks starting on it.
const MIN_EDGE_STARTS: usize = 2;
/// An edge shown by parts of packed rows needs this many starts (theirs and others'):
/// twice [`MIN_EDGE_STARTS`], as packing leaves their offsets a cell or two loose.
const PACKED_EDGE_STARTS: usize = 2 * MIN_EDGE_STARTS;
/// Offsets this far right of an edge are its indents (2 em of CJK take 2–5 cells).
const INDENT_CELLS: usize = 6;
/// Offsets this far left of an edge still start at it (rounding in the grid).
const EDGE_SLACK: usize = 2;
/// Above this many pieces, the reading order is a plain sort.
const MAX_ORDERED_PIECES: usize = 600;
/// Lines of one heading may stand this many rows apart when nothing is set between them
/// (a headline set at up to three times the body size; a label further above a headline,
/// such as the section's, is not part of it).
const HEADING_ROWS: usize = 4;
/// Share of lines that must look space-aligned in [`ColumnMode::Auto`].
const MIN_ALIGNED_SHARE: f32 = 0.4;

impl Columns {
    /// A column splitter in the given mode.
    pub const fn new(mode: ColumnMode) -> Self {
        Columns { mode }
    }
}

#[derive(Debug, Clone, Copy)]
struct Chunk {
    /// Index of the line in the page.
    line: usize,
    /// Grid offset of the first character.
    start: usize,
    /// Byte range in the line's text.
    from: usize,
    to: usize,
    /// Non-space characters.
    chars: usize,
    /// The chunk is mostly CJK.
    cjk: bool,
    /// The chunk holds a single space between two wide characters: a word space, or a
    /// gutter an extractor rendered as one space (see [`page_measure`]).
    wide_gap: bool,
    /// Cut off the column line on its left at a single space (see [`cut_packed_grid`]):
    /// its grid offset is where packing pushed it, no column edge.
    packed: bool,
}

/// Cuts a line into chunks at runs of two or more spaces (tabs count as a run).
fn chunks_of(line: usize, text: &str, out: &mut Vec<Chunk>) {
    let mut col = 0usize;
    let mut cur: Option<Chunk> = None;
    let mut cjk = 0usize;
    let mut spaces = 0usize; // spaces since the last non-space character
    let mut end = 0usize; // byte end of the last non-space character
    let mut prev_wide = false; // the last non-space character is wide
    for (b, c) in text.char_indices() {
        if c == ' ' || c == '\t' {
            spaces += if c == '\t' { 2 } else { 1 };
            col = if c == '\t' { (col / 8 + 1) * 8 } else { col + 1 };
            continue;
        }
        if cur.is_some() && spaces >= 2 {
            let mut done = cur.take().expect("checked");
            done.to = end;
            done.cjk = cjk * 2 > done.chars;
            out.push(done);
        }
        if cur.is_none() {
            cjk = 0;
            cur = Some(Chunk {
                line,
                start: col,
                from: b,
                to: b,
                chars: 0,
                cjk: false,
                wide_gap: false,
                packed: false,
            });
        }
        let ch = cur.as_mut().expect("set above");
        let wide = crate::cjk::is_wide(c);
        if spaces == 1 && prev_wide && wide {
            ch.wide_gap = true;
        }
        prev_wide = wide;
        ch.chars += 1;
        cjk += usize::from(wide);
        spaces = 0;
        end = b + c.len_utf8();
        col += 1;
    }
    if let Some(mut done) = cur {
        done.to = end;
        done.cjk = cjk * 2 > done.chars;
        out.push(done);
    }
}

/// The chunks of every line of a page (see [`chunks_of`]).
fn page_chunks(lines: &[Line]) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        chunks_of(i, &l.text, &mut chunks);
    }
    chunks
}

/// Column edges: offsets where solid chunks start on several lines, strongest first,
/// with indents (an offset just right of a stronger edge) folded into their edge.
///
/// Parts cut off a packed row (see [`cut_packed_grid`]) stand where packing pushed them,
/// a cell or two off their column's edge, so on their own they make no edge. But where
/// the gutters are narrow, `pdftotext -layout` packs nearly every row of a column, and
/// its few padded rows (a paragraph's last line beside it) are all that would show the
/// edge: an offset is an edge too when packed parts and padded lines together start
/// there on [`PACKED_EDGE_STARTS`] rows, and packed parts add to an edge's strength.
/// Where the grid's cells are narrower than the glyphs, packing leaves parts far left of
/// their column (by up to a measure: a column at 16 packed to 11): packed parts make no
/// edge of their own where padded lines show one less than `reach` (the packed grid's
/// measure) to their right, unless a padded line starts right on their offset too.
fn find_edges(chunks: &[Chunk], page_cjk: bool, fold: Option<usize>, reach: usize) -> Vec<usize> {
    let width = chunks.iter().map(|c| c.start + 1).max().unwrap_or(0);
    let mut hist = vec![0usize; width];
    let mut packed = vec![0usize; width];
    // Starts on the line right after another start at the same offset.
    let mut runs = vec![0usize; width];
    let mut last = vec![usize::MAX; width];
    for c in chunks {
        if c.chars >= SOLID_CHARS && (c.cjk || !page_cjk) {
            if c.packed {
                packed[c.start] += 1;
            } else {
                hist[c.start] += 1;
                if last[c.start].wrapping_add(1) == c.line {
                    runs[c.start] += 1;
                }
                last[c.start] = c.line;
            }
        }
    }
    let shown: Vec<usize> = (0..width).filter(|&o| hist[o] >= MIN_EDGE_STARTS).collect();
    let mut offsets: Vec<usize> = (0..width)
        .filter(|&o| {
            hist[o] >= MIN_EDGE_STARTS
                || (hist[o] + packed[o] >= PACKED_EDGE_STARTS
                    && (hist[o] > 0 || !shown.iter().any(|&e| e > o && e <= o + reach)))
        })
        .collect();
    for (h, p) in hist.iter_mut().zip(&packed) {
        *h += p;
    }
    let mut edges: Vec<usize> = Vec::new();
    // On a packed grid (see `packed_grid`) a column's lines that are not packed stand
    // after padding whose width the extractor rounds loosely (`以淡泊全真也。` then 13
    // spaces, `耳。` then 15, for one column): offsets closer than half the measure
    // are one edge, the leftmost (padding and indents only push text right).
    if let Some(w) = fold {
        for o in offsets {
            if edges.last().is_none_or(|&e| o >= e + w) {
                edges.push(o);
            }
        }
        return edges;
    }
    // Paragraphs' first lines stand one at a time; a column's lines stand on line after
    // line: where another band's column stands in an edge's indent (a column at 4 under
    // one at 0), most of its starts have one on the line above.
    let runs_down = |o: usize| runs[o] >= MIN_EDGE_STARTS && runs[o] * 5 >= hist[o] * 3;
    offsets.sort_by_key(|&o| (std::cmp::Reverse(hist[o]), o));
    for o in offsets {
        if edges.iter().any(|&e| o + EDGE_SLACK >= e && o <= e + INDENT_CELLS && (o < e + 2 || !runs_down(o)))
        {
            continue;
        }
        edges.push(o);
    }
    edges.sort_unstable();
    edges
}

/// The page's measure: the median length of solid CJK chunks, if there are any.
///
/// Chunks with a single space between two wide characters are left out when there are
/// others: an extractor that renders a gutter by the gap's width in characters
/// (PyMuPDF's sorted text) writes a one-em gutter as one space, so such a chunk may hold
/// the lines of two or three columns, and where most rows are packed that way they
/// would make the measure twice the column's and keep [`split_packed`] from cutting
/// them. Body lines of one column hold no such space (Chinese sets no word spaces; a
/// byline's `本报讯 记者` is short).
fn page_measure(chunks: &[Chunk]) -> Option<usize> {
    let solid = |c: &&Chunk| c.cjk && c.chars >= SOLID_CHARS;
    let plain = chunks.iter().filter(solid).any(|c| !c.wide_gap);
    let mut lens: Vec<usize> =
        chunks.iter().filter(solid).filter(|c| !plain || !c.wide_gap).map(|c| c.chars).collect();
    lens.sort_unstable();
    lens.get(lens.len() / 2).copied()
}

/// Where the extractor packed several columns into one run with single spaces
/// (`记者罗昌 然后以无计名的方式反馈给直属机 作作风好？`), a chunk holds more than one
/// column line. Such a chunk is cut at its spaces between CJK characters when every
/// one of them closes a part of at least the page's measure less 4 characters (an
/// indented or last line is shorter, never much). A space that closes a shorter part
/// is a word space (`第一回 宴桃园豪杰三结义`): the chunk is one line set wide, and stays.
fn split_packed(chunks: Vec<Chunk>, lines: &[Line], measure: usize) -> Vec<Chunk> {
    let mut out = Vec::with_capacity(chunks.len());
    let mut cuts: Vec<(usize, usize)> = Vec::new(); // (byte offset of the space, grid column)
    for c in chunks {
        if !c.cjk || c.chars <= measure + 2 {
            out.push(c);
            continue;
        }
        let text = &lines[c.line].text[c.from..c.to];
        cuts.clear();
        let mut part = 0usize;
        let mut packed = true;
        let mut prev: Option<char> = None;
        let mut it = text.char_indices().enumerate().peekable();
        while let Some((i, (b, ch))) = it.next() {
            let next = it.peek().map(|&(_, (_, n))| n);
            if ch == ' ' {
                if prev.is_some_and(crate::cjk::is_wide) && next.is_some_and(crate::cjk::is_wide) {
                    if part + 4 < measure {
                        packed = false;
                        break;
                    }
                    cuts.push((b, c.start + i));
                    part = 0;
                }
            } else {
                part += 1;
            }
            prev = Some(ch);
        }
        if !packed || cuts.is_empty() {
            out.push(c);
            continue;
        }
        let mut from = c.from;
        let mut start = c.start;
        for &(b, col) in &cuts {
            let piece = &text[from - c.from..b];
            out.push(Chunk {
                start,
                from,
                to: c.from + b,
                chars: piece.chars().filter(|&x| x != ' ').count(),
                ..c
            });
            from = c.from + b + 1;
            start = col + 1;
        }
        let piece = &text[from - c.from..];
        out.push(Chunk { start, from, to: c.to, chars: piece.chars().filter(|&x| x != ' ').count(), ..c });
    }
    out
}

/// A line starting this many cells or more right of the page's left stands in a column
/// further right (its lead is the columns left of it, not an indent).
const FAR_LEAD: usize = 8;
/// Full column lines packed with one space must recur on at least this many rows.
const MIN_PACKED_ROWS: usize = 5;

/// The candidate gutters of a chunk: its single spaces next to a wide (CJK) character,
/// each with the width in em of the glyphs since the previous candidate (or the chunk's
/// start) and the byte offset and grid column of the space. A chunk that opens its line
/// less than [`FAR_LEAD`] cells in counts its lead as an indent (one grid cell is an em
/// on a CJK page); `after_pad` tells that the chunk's first run follows a run of spaces
/// (its column's indent, if any, was eaten by the padding).
///
/// A justified line with a few characters less than the measure is spread out by
/// letter spacing, and `pdftotext -layout` writes a space wherever the spacing passes
/// a tenth of an em or so (`帕 蓬 ， 这 位 法 国 政 坛 的 存活”作借口`): a space between
/// two glyphs that each stand alone between spaces is inside such a line, no gutter;
/// the line's glyphs still count toward the run's width, and the space after its last
/// glyph, before a run of the next column, stays a candidate.
fn gutter_spaces(text: &str, c: &Chunk, first_on_line: bool, out: &mut Vec<(f32, usize, usize)>) -> bool {
    let after_pad = !(first_on_line && c.start < FAR_LEAD);
    let mut acc = if after_pad { 0.0 } else { c.start as f32 };
    let t = &text[c.from..c.to];
    let mut prev: Option<char> = None;
    let mut lone = false; // the last glyph stands after a space or opens the chunk
    let mut it = t.char_indices().enumerate().peekable();
    while let Some((i, (b, ch))) = it.next() {
        if ch == ' ' {
            let next = it.peek().map(|&(_, (_, n))| n);
            let after = t[b + 1..].chars().nth(1);
            // Both glyphs stand alone between spaces: a line spread out (see above).
            let spaced = lone && after.is_none_or(|a| a == ' ');
            if !spaced && (prev.is_some_and(crate::cjk::is_wide) || next.is_some_and(crate::cjk::is_wide)) {
                out.push((acc, c.from + b, c.start + i));
                acc = 0.0;
            }
        } else {
            lone = prev.is_none_or(|p| p == ' ');
            acc += crate::cjk::width_em(ch);
        }
        prev = Some(ch);
    }
    after_pad
}

/// The measures (in em) of columns packed on one row with a single space between them,
/// when the page's own grid shows them. `pdftotext -layout` keeps a gutter as a run of
/// spaces only where there is room on its character grid: where two justified full
/// lines stand side by side across a narrow gutter it emits them as one run parted by
/// one space (`子可以抗节致忠；庙堂之士， 事宜忘情而情反重，徒碌碌为`), while a short
/// line beside them is padded (`以淡泊全真也。             帆只扬五分`). A column's
/// justified lines all measure the same in em, so such spaces close runs of one width
/// on row after row; a byline's or a title's word space (`本报记者 王磊`) closes a short
/// run, and Latin words are parted by spaces with no wide character beside them. The
/// page's measure is the commonest run width of 6 em or more closed by such a space,
/// when it recurs on [`MIN_PACKED_ROWS`] rows and on a sixth of the page's lines.
///
/// A band of the page may be set in a measure of its own (a four-column band under a
/// three-column one, an article in a narrower measure beside another): a width two ems
/// or more from the measures already found is one too where it closes runs on
/// [`MIN_PACKED_ROWS`] rows, in runs of [`BAND_PACKED_ROWS`] rows or more each a few
/// rows apart (the rows of a band), and it holds only on those rows (see [`Grid`]).
fn packed_grid(lines: &[Line], chunks: &[Chunk]) -> Option<Grid> {
    let mut hist: Vec<Vec<usize>> = Vec::new(); // rows of the runs of each width
    let mut spaces = Vec::new();
    let mut prev_line = usize::MAX;
    for c in chunks.iter().filter(|c| c.cjk) {
        spaces.clear();
        gutter_spaces(&lines[c.line].text, c, c.line != prev_line, &mut spaces);
        prev_line = c.line;
        for &(w, _, _) in &spaces {
            if w >= SOLID_CHARS as f32 {
                let k = w.round() as usize;
                if hist.len() <= k {
                    hist.resize(k + 1, Vec::new());
                }
                hist[k].push(c.line);
            }
        }
    }
    let (m, n) =
        hist.iter().enumerate().map(|(k, r)| (k, r.len())).max_by_key(|&(k, n)| (n, std::cmp::Reverse(k)))?;
    let text_lines = lines.iter().filter(|l| !l.text.trim().is_empty()).count();
    if n < MIN_PACKED_ROWS || n * 6 < text_lines {
        return None;
    }
    let mut grid = Grid { measure: m as f32, bands: Vec::new() };
    let mut found = vec![m];
    let mut widths: Vec<usize> = (0..hist.len()).filter(|&k| hist[k].len() >= MIN_PACKED_ROWS).collect();
    widths.sort_by_key(|&k| (std::cmp::Reverse(hist[k].len()), k));
    for k in widths {
        if found.iter().any(|&f| f.abs_diff(k) < 2) {
            continue;
        }
        let mut rows = hist[k].clone();
        rows.dedup();
        // Runs of rows a few apart (a band set on alternate rows shows every other one).
        let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // (first, last, rows)
        for &r in &rows {
            match runs.last_mut() {
                Some(run) if r <= run.1 + BAND_ROW_GAP => {
                    run.1 = r;
                    run.2 += 1;
                }
                _ => runs.push((r, r, 1)),
            }
        }
        runs.retain(|run| run.2 >= BAND_PACKED_ROWS);
        if runs.iter().map(|run| run.2).sum::<usize>() < MIN_PACKED_ROWS {
            continue;
        }
        found.push(k);
        for (first, last, _) in runs {
            grid.bands.push((k as f32, first.saturating_sub(BAND_ROW_GAP), last + BAND_ROW_GAP));
        }
    }
    Some(grid)
}

/// A band's own packed measure needs runs of this many rows (see [`packed_grid`]).
const BAND_PACKED_ROWS: usize = 3;
/// Rows of one band's packed runs stand at most this many rows apart.
const BAND_ROW_GAP: usize = 3;

/// The packed grid of a page (see [`packed_grid`]).
#[derive(Debug, Clone, PartialEq)]
struct Grid {
    /// The page's measure, in em.
    measure: f32,
    /// Measures of bands set otherwise: (measure, first row, last row).
    bands: Vec<(f32, usize, usize)>,
}

/// Cuts chunks at the single spaces that close a full column line of the packed grid
/// (see [`packed_grid`]): the glyphs since the chunk's start or the last cut measure
/// a measure of the grid on the chunk's row less an em and a half (a line with Latin
/// letters or a hung mark is set a little short or long) up to an em more, or less three
/// ems for a run that follows padding (its indent went into the padding). A space closing
/// a shorter run is a word space and stays; a run grown wider than a column line ends
/// the cutting of its chunk.
fn cut_packed_grid(chunks: Vec<Chunk>, lines: &[Line], grid: &Grid) -> Vec<Chunk> {
    let mut out = Vec::with_capacity(chunks.len());
    let mut spaces = Vec::new();
    let mut prev_line = usize::MAX;
    let mut measures: Vec<f32> = Vec::new();
    for c in chunks {
        let first = c.line != prev_line;
        prev_line = c.line;
        if !c.cjk {
            out.push(c);
            continue;
        }
        measures.clear();
        measures.push(grid.measure);
        measures.extend(grid.bands.iter().filter(|b| b.1 <= c.line && c.line <= b.2).map(|b| b.0));
        let widest = measures.iter().copied().fold(0.0f32, f32::max);
        spaces.clear();
        let after_pad = gutter_spaces(&lines[c.line].text, &c, first, &mut spaces);
        let mut from = c.from;
        let mut start = c.start;
        let mut acc = 0.0f32;
        let mut slack = if after_pad { 3.0 } else { 1.5 };
        let text = &lines[c.line].text;
        for &(w, b, col) in &spaces {
            acc += w;
            if acc > widest + 1.0 {
                break;
            }
            if measures.iter().any(|&m| acc >= m - slack && acc <= m + 1.0) {
                let chars = text[from..b].chars().filter(|&x| x != ' ').count();
                out.push(Chunk { start, from, to: b, chars, packed: from != c.from, ..c });
                from = b + 1;
                start = col + 1;
                acc = 0.0;
                slack = 1.5;
            }
        }
        if from == c.from {
            out.push(c);
        } else {
            let chars = text[from..c.to].chars().filter(|&x| x != ' ').count();
            out.push(Chunk { start, from, to: c.to, chars, packed: true, ..c });
        }
    }
    out
}

/// Grid offsets a fake-bold copy may stand off its original (the copy is drawn a
/// fraction of an em right; rounding to the grid can add a cell).
const COPY_SLACK: usize = 2;
/// Longest chunk compared as a possible fake-bold copy (headlines are short; this bounds
/// the quadratic alignment).
const COPY_MAX_CHARS: usize = 64;

/// A fake-bold pair found on two rows: upper chunk, lower chunk, the merged cells
/// (grid offset, character) and the second copies.
type RowCopy = (Chunk, Chunk, Vec<(usize, char)>, String);

/// Non-space characters of a chunk with their grid offsets; `None` when the chunk holds a
/// word space between Latin letters or digits (its words must not be glued).
fn chunk_cells(text: &str, c: &Chunk) -> Option<Vec<(usize, char)>> {
    let mut out = Vec::with_capacity(c.chars);
    let mut prev = ' ';
    let mut space_after_latin = false;
    for (i, ch) in text[c.from..c.to].chars().enumerate() {
        if ch == ' ' {
            space_after_latin |= prev.is_ascii_alphanumeric();
        } else {
            if space_after_latin && ch.is_ascii_alphanumeric() {
                return None;
            }
            space_after_latin = false;
            out.push((c.start + i, ch));
        }
        prev = ch;
    }
    Some(out)
}

/// Whether the cells a row of a fake-bold pair holds past the copy on the other row
/// (`tail`) are more of the headline rather than the rest of a body line that opens with
/// the headline's words (`房间非常糟糕` over `房间非常糟糕，零乱不堪，弥漫一阵`). `from`
/// is the pair's leftmost grid offset. Fake bold draws every glyph twice, so:
/// - a doubled mark shows the rest drawn twice on the row itself (`穷则思变，，走扶贫开`,
///   `学术自审与地缘文化———读`: a dash rule is set as two);
/// - the next row may hold the rest's copy, and nothing more (`俄罗` / `俄罗斯三改卢布面值`
///   / `斯三改卢布面值`); a next row that opens with the rest and goes on is the wrap of
///   a body line (`再次入住…仍感亲切` over `再次入住…仍感亲` over `切，酒店员工热情…`);
/// - otherwise a clause mark drawn once ends the copied words as a clause of running
///   text: a headline has no clause mark right after a word unless it doubles it, and
///   the line goes on past it to the column's measure. Glyphs with no such mark are the
///   headline's, shared out between the rows (`学术自审与地缘文化——读`).
fn tail_is_copied(lines: &[Line], i: usize, from: usize, tail: &[(usize, char)]) -> bool {
    let Some(&(_, first)) = tail.first() else { return true };
    let mut k = 0;
    while k < tail.len() {
        let c = tail[k].1;
        let run = tail[k..].iter().take_while(|x| x.1 == c).count();
        let paired = matches!(c, '—' | '…');
        if crate::cjk::is_cjk_punct(c) && run >= if paired { 3 } else { 2 } {
            return true;
        }
        k += run;
    }
    if let Some(next) = lines.get(i + 1).filter(|l| l.no == lines[i].no + 1) {
        let hi = tail.last().map_or(from, |&(o, _)| o);
        let mut row = Vec::new();
        chunks_of(i + 1, &next.text, &mut row);
        let opens = row.iter().find(|c| {
            c.start + COPY_SLACK >= from
                && c.start <= hi
                && next.text[c.from..c.to].chars().find(|&x| x != ' ') == Some(first)
                && next.text[c.from..c.to]
                    .chars()
                    .filter(|&x| x != ' ')
                    .take(tail.len())
                    .eq(tail.iter().map(|x| x.1))
        });
        if let Some(c) = opens {
            return c.chars <= tail.len() + 1;
        }
    }
    let clause = |c: char| matches!(c, '，' | '。' | '、' | '；' | '：' | '！' | '？' | ',' | ';');
    !tail.iter().any(|&(_, c)| clause(c))
}

/// Whether the chunks standing under `top` on the rows that follow it without a gap
/// (up to six rows, each overlapping the one above) read as one fully doubled line.
fn block_tiles(lines: &[Line], top: &Chunk) -> bool {
    let mut text = lines[top.line].text[top.from..top.to].to_string();
    let (mut lo, mut hi) = (top.start, top.start + lines[top.line].text[top.from..top.to].chars().count());
    let mut row: Vec<Chunk> = Vec::new();
    for k in top.line + 1..lines.len().min(top.line + 6) {
        if lines[k].no != lines[k - 1].no + 1 {
            break;
        }
        row.clear();
        chunks_of(k, &lines[k].text, &mut row);
        let Some(c) = row.iter().find(|c| {
            let end = c.start + lines[k].text[c.from..c.to].chars().count();
            c.start < hi && lo < end
        }) else {
            break;
        };
        text.push_str(&lines[k].text[c.from..c.to]);
        lo = c.start;
        hi = c.start + lines[k].text[c.from..c.to].chars().count();
    }
    let text: String = text.chars().filter(|&c| c != ' ').collect();
    crate::dedupe::dedupe_glyphs(&text, &crate::config::DedupeConfig::default()) != text
}

/// Fake bold drawn as a second copy a fraction of a line lower: a character grid puts
/// the copy on the next row, so a headline stands twice, row over row
/// (`学术自审与地缘文化` over `学术自审与地缘文化———读`), or its glyphs are shared out
/// between the two rows (`《当代学术：川籍学者文丛` over `当代学术：川籍学者文丛》`).
/// Two chunks on adjacent rows are such a pair when at least four fifths of the shorter
/// one's characters (three or more) stand again in the other, in order, at the same grid
/// offset give or take [`COPY_SLACK`], and no two unmatched characters stand at one
/// offset: the two lines of a real headline (`学习《价格法》` over `贯彻《价格法》`)
/// differ at the same offsets. The pair is merged onto the lower row, in grid order, and
/// the second copies go to `removed` as [`RemovalReason::DoubledRow`]. Only lines with no
/// tab are compared (their offsets are exact).
///
/// [`RemovalReason::DoubledRow`]: crate::model::RemovalReason::DoubledRow
///
/// Returns the (line, grid offset) of each merged run: fake bold is display type.
fn merge_doubled_rows(
    lines: &mut [Line],
    page: &[Chunk],
    measure: usize,
    removed: &mut Vec<Removal>,
    decisions: &mut Vec<Decision>,
) -> Vec<(usize, usize)> {
    let mut bold = Vec::new();
    let mut upper: Vec<Chunk> = Vec::new();
    let mut lower: Vec<Chunk> = Vec::new();
    let mut dp: Vec<u16> = Vec::new();
    // Lines a merge rewrote: their chunks are cut again; every other line's are the
    // page's (`page` is in line order).
    let mut rewritten = vec![false; lines.len()];
    let row_chunks = |lines: &[Line], rewritten: &[bool], i: usize, out: &mut Vec<Chunk>| {
        if rewritten[i] {
            chunks_of(i, &lines[i].text, out);
        } else {
            let from = page.partition_point(|c| c.line < i);
            out.extend(page[from..].iter().take_while(|c| c.line == i));
        }
    };
    // The row the last pair was merged onto: a headline drawn over three rows
    // (`行投放巨` / `行投放巨款支持节日市场供应` / `款支持节日市场供应`) is merged onto
    // its top row, so the third row is compared with it too.
    let mut carry: Option<usize> = None;
    for i in 1..lines.len() {
        if lines[i].text.contains('\t') {
            continue;
        }
        lower.clear();
        row_chunks(lines, &rewritten, i, &mut lower);
        upper.clear();
        if lines[i].no == lines[i - 1].no + 1 && !lines[i - 1].text.contains('\t') {
            row_chunks(lines, &rewritten, i - 1, &mut upper);
        }
        if let Some(k) = carry.take().filter(|&k| k + 2 == i && lines[i].no == lines[k].no + 2) {
            row_chunks(lines, &rewritten, k, &mut upper);
        }
        let end = |c: &Chunk| c.start + lines[c.line].text[c.from..c.to].chars().count();
        let mut found: Option<RowCopy> = None;
        'pairs: for b in &lower {
            for a in &upper {
                if a.start >= end(b) || b.start >= end(a) {
                    continue;
                }
                let short = a.chars.min(b.chars);
                // Two characters are enough when both are a copy of part of a longer
                // line (`俄罗` over `俄罗斯三改卢布面值`).
                let long = a.chars.max(b.chars);
                if short < 2 || long > COPY_MAX_CHARS || (short == 2 && long < 4) {
                    continue;
                }
                let (Some(ca), Some(cb)) =
                    (chunk_cells(&lines[a.line].text, a), chunk_cells(&lines[i].text, b))
                else {
                    continue;
                };
                // Runs doubled on the line as well, row after row (`学习` / `学习《《价格法`
                // / `价格法》》贯彻` / …): the rows read together tile as doubled runs,
                // which dedupe undoes whole.
                let twice = |c: &[(usize, char)]| {
                    c.windows(2).any(|w| {
                        w[0].1 == w[1].1 && crate::cjk::is_cjk_punct(w[0].1) && !matches!(w[0].1, '—' | '…')
                    })
                };
                if (twice(&ca) || twice(&cb)) && block_tiles(lines, a) {
                    continue;
                }
                // Two long rows alike to the last character are a repeated line or a
                // table (`dedupe` judges those); a short heading may fall on both rows
                // whole (`收费电话，` over `收费电话 ，`).
                if ca.len() * 10 >= measure * 7 && ca.iter().map(|c| c.1).eq(cb.iter().map(|c| c.1)) {
                    continue;
                }
                let (n, m) = (ca.len(), cb.len());
                let same = |x: usize, y: usize| ca[x].1 == cb[y].1 && ca[x].0.abs_diff(cb[y].0) <= COPY_SLACK;
                // The fewest matched cells the test below the table accepts. Each matched
                // pair holds a distinct cell of `ca` with a `same` cell in `cb`: with
                // fewer such cells than that, the table cannot reach it (most pairs of
                // rows share next to nothing: out after a few cells, without the table).
                let need = short.min(3).max((short * 4).div_ceil(5));
                let mut misses = 0;
                let fits = (0..n).all(|x| {
                    if !(0..m).any(|y| same(x, y)) {
                        misses += 1;
                    }
                    misses + need <= n
                });
                if !fits {
                    continue;
                }
                dp.clear();
                dp.resize((n + 1) * (m + 1), 0);
                let at = |x: usize, y: usize| x * (m + 1) + y;
                for x in (0..n).rev() {
                    for y in (0..m).rev() {
                        dp[at(x, y)] = if same(x, y) {
                            dp[at(x + 1, y + 1)] + 1
                        } else {
                            dp[at(x + 1, y)].max(dp[at(x, y + 1)])
                        };
                    }
                }
                let matched = dp[at(0, 0)] as usize;
                if matched < short.min(3) || matched * 5 < short * 4 {
                    continue;
                }
                let (mut x, mut y) = (0, 0);
                let mut merged: Vec<(usize, char)> = Vec::with_capacity(n + m - matched);
                let mut copies = String::new();
                let mut lone_a: Vec<usize> = Vec::new();
                let mut lone_b: Vec<usize> = Vec::new();
                let (mut hit_a, mut hit_b): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
                while x < n || y < m {
                    if x < n && y < m && same(x, y) && dp[at(x, y)] == dp[at(x + 1, y + 1)] + 1 {
                        hit_a.push(x);
                        hit_b.push(y);
                        merged.push(ca[x]);
                        copies.push(cb[y].1);
                        x += 1;
                        y += 1;
                    } else if y == m || (x < n && dp[at(x + 1, y)] >= dp[at(x, y + 1)]) {
                        lone_a.push(ca[x].0);
                        merged.push(ca[x]);
                        x += 1;
                    } else {
                        lone_b.push(cb[y].0);
                        merged.push(cb[y]);
                        y += 1;
                    }
                }
                // A copy is rigid: a character of one row left between two of its
                // matched ones fills a gap of the other row (`钱其琛 德班` over
                // `钱其琛访问德班`). Two body lines that share words (`速磁盘可以聚类到
                // 一个VG中` over `慢速磁盘可以聚类到另一个VG中`) differ inside them.
                let inside = |lone: &[usize], own: &[(usize, char)], other: &[(usize, char)], m: &[usize]| {
                    let (Some(&lo), Some(&hi)) = (m.first(), m.last()) else { return false };
                    lone.iter().any(|&o| o > own[lo].0 && o < own[hi].0 && other.iter().any(|&(p, _)| p == o))
                };
                if lone_a.iter().any(|o| lone_b.contains(o))
                    || inside(&lone_a, &ca, &cb, &hit_a)
                    || inside(&lone_b, &cb, &ca, &hit_b)
                {
                    continue;
                }
                // What either row holds past the copy must be more of the headline:
                // see `tail_is_copied`.
                let tail_b = hit_b.last().map_or(&cb[..0], |&y| &cb[y + 1..]);
                let tail_a = hit_a.last().map_or(&ca[..0], |&x| &ca[x + 1..]);
                let from = a.start.min(b.start);
                if !tail_is_copied(lines, i, from, tail_b) || !tail_is_copied(lines, i, from, tail_a) {
                    continue;
                }
                merged.sort_by_key(|&(o, _)| o);
                found = Some((*a, *b, merged, copies));
                break 'pairs;
            }
        }
        let Some((a, b, merged, copies)) = found else { continue };
        // The merged run goes on the upper row where the pair began; it must not run
        // into another chunk of that row.
        let (a_end, b_end) = (end(&a), end(&b));
        let start = a.start.min(b.start);
        let stop = start + merged.len();
        let mut row: Vec<char> = lines[a.line].text.chars().collect();
        for cell in row.iter_mut().take(a_end).skip(a.start) {
            *cell = ' ';
        }
        let clear = (start.saturating_sub(2)..stop + 2).all(|o| row.get(o).is_none_or(|&ch| ch == ' '));
        if !clear {
            continue;
        }
        if row.len() < stop {
            row.resize(stop, ' ');
        }
        for (k, &(_, ch)) in merged.iter().enumerate() {
            row[start + k] = ch;
        }
        let mut below: Vec<char> = lines[i].text.chars().collect();
        for cell in below.iter_mut().take(b_end).skip(b.start) {
            *cell = ' ';
        }
        lines[a.line].text = row.into_iter().collect::<String>().trim_end().to_string();
        lines[i].text = below.into_iter().collect::<String>().trim_end().to_string();
        rewritten[a.line] = true;
        rewritten[i] = true;
        carry = Some(a.line);
        // A run merged again (the third row of a headline) is now the new one.
        bold.retain(|&(l, o)| l != a.line || o < a.start || o >= a_end);
        bold.push((a.line, start));
        decisions.push(Decision {
            line: lines[i].no,
            action: "dedupe".into(),
            why: format!("fake-bold copy of the row above: removed {copies}"),
        });
        removed.push(Removal {
            line: lines[i].no,
            text: copies,
            reason: crate::model::RemovalReason::DoubledRow,
        });
    }
    bold
}

/// The edge a chunk starting at `start` opens a segment on, if any.
fn edge_at(edges: &[usize], start: usize) -> Option<usize> {
    // The last edge at or left of start + slack; the chunk opens it if within its indent.
    let k = edges.partition_point(|&e| e <= start + EDGE_SLACK);
    let k = k.checked_sub(1)?;
    (start + EDGE_SLACK >= edges[k] && start <= edges[k] + INDENT_CELLS).then_some(k)
}

/// The column under a chunk that starts between edges.
fn column_under(edges: &[usize], start: usize) -> usize {
    edges.partition_point(|&e| e <= start).saturating_sub(1)
}

#[derive(Debug)]
struct Segment {
    line: usize,
    col: usize,
    text: String,
    /// Grid offsets of the first character and just past the last.
    start: usize,
    end: usize,
    /// Opened at its column's edge (not pushed right, not centred).
    at_edge: bool,
    /// Starts 2–6 cells right of its edge: a first-line indent.
    indented: bool,
    /// Non-space characters.
    chars: usize,
    /// A fake-bold headline line (see [`merge_doubled_rows`]).
    bold: bool,
}

#[derive(Debug)]
struct Piece {
    col: usize,
    top: usize,
    bottom: usize,
    /// Indices into the segment list, top to bottom.
    segs: Vec<usize>,
    /// The lowest row this piece stands beside, for ordering: a headline reaches down to
    /// the bottom of the column under it, so it comes after the columns on its left.
    reach: usize,
    /// A headline: the last column it spans (its body's columns follow it).
    head_to: Option<usize>,
    /// Heading lines were lifted off this piece's top: it opens its own article.
    headed: bool,
    /// Segments that go on the line of the segment before them (a heading row cut at a
    /// wide gap).
    glued: Vec<usize>,
}

/// Whether a page looks space-aligned.
///
/// Most such pages show it by their gutters: runs of three or more spaces between text,
/// or lines that start far right. An extractor that turns each gap into as many spaces
/// as it is wide in characters (PyMuPDF's sorted text) writes a gutter of about an em
/// as one space, so where the columns stand close, a row's column lines come packed
/// (`…绿杨烟外晓 泪，楼高莫近危阑倚。`) and only rows with a short line (a paragraph's
/// last, an indented first) show a run of spaces. Such a page is aligned too when at
/// least a tenth of its lines are packed (a single space between two runs of six or
/// more characters, see [`packed_at`]) and at least a tenth are positioned (an indent
/// or an inner run of two or more spaces): pdfplumber's packed rows have no runs of
/// spaces at all, and column-order text packs no lines.
///
/// Returns whether the page is aligned, whether it shows that by gaps of three or more
/// spaces (the first test) rather than by packed rows only, and how many lines show such
/// a gap or start far right (see [`Columns::split`]'s gate for pages that do not look
/// aligned).
fn alignment(lines: &[Line]) -> (bool, bool, usize) {
    let mut aligned = 0usize;
    let mut positioned = 0usize;
    let mut packed = 0usize;
    let mut total = 0usize;
    for l in lines {
        // `trim` by its first and last chars, and the leading whitespace measured only
        // where there is some (the generic trim searcher costs more than this test).
        let s = crate::cjk::trim(&l.text);
        if s.is_empty() {
            continue;
        }
        total += 1;
        let lead = if s.len() == l.text.len() { 0 } else { l.text.len() - l.text.trim_start().len() };
        // An inner gap needs spaces: most lines of Chinese text have none.
        let (inner, spread) = if crate::cjk::has_ascii_space(s) {
            let mut run = 0;
            let mut seen_text = false;
            let mut widest = 0;
            for c in s.chars() {
                if c == ' ' {
                    run += 1;
                } else {
                    if seen_text {
                        widest = widest.max(run);
                    }
                    // Three spaces: two are a sentence gap in typed English prose.
                    if widest >= 3 {
                        break;
                    }
                    run = 0;
                    seen_text = true;
                }
            }
            if packed_at(s) {
                packed += 1;
            }
            (widest >= 3, widest >= 2)
        } else {
            (false, false)
        };
        if inner || lead >= FAR_LEAD {
            aligned += 1;
        }
        if spread || lead >= 2 {
            positioned += 1;
        }
    }
    let gaps = total >= 4 && aligned as f32 >= MIN_ALIGNED_SHARE * total as f32;
    let packs = total >= 4 && packed >= MIN_PACKED_LINES && packed * 10 >= total && positioned * 10 >= total;
    (gaps || packs, gaps, aligned)
}

/// Whether a page looks space-aligned (see [`alignment`]).
#[cfg(test)]
fn looks_aligned(lines: &[Line]) -> bool {
    alignment(lines).0
}

/// Lines a page needs that pack two column lines with one space (see [`alignment`]).
const MIN_PACKED_LINES: usize = 5;

/// Whether a line holds a single space between two wide characters with a run of
/// [`SOLID_CHARS`] or more non-space characters on each side: two column lines packed
/// into one (a byline's `本报记者 秦华凯` has short runs, Latin words are not wide).
fn packed_at(s: &str) -> bool {
    let mut run = 0usize; // non-space characters since the last space
    let mut spaces = 0usize; // spaces since the last non-space character
    let mut prev_wide = false;
    let mut pending = false; // a single space after a long wide run was passed
    for c in s.chars() {
        if c == ' ' {
            if pending && spaces == 0 && run < SOLID_CHARS {
                pending = false;
            }
            spaces += 1;
            continue;
        }
        let wide = crate::cjk::is_wide(c);
        if spaces > 0 {
            pending = spaces == 1 && prev_wide && wide && run >= SOLID_CHARS;
            run = 0;
        }
        spaces = 0;
        run += 1;
        prev_wide = wide;
        if pending && run >= SOLID_CHARS {
            return true;
        }
    }
    false
}

/// What the column splitter knows about one line it emits, for segmentation (see
/// [`Columns::split`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct LineHint {
    /// The piece (a run of one column's lines with no gap) the line was read from, in
    /// reading order; the section label is piece 0.
    pub piece: u32,
}

impl Prepass for Columns {
    fn name(&self) -> &'static str {
        "columns"
    }

    fn apply(
        &self,
        lines: Vec<Line>,
        decisions: &mut Vec<Decision>,
        removed: &mut Vec<Removal>,
    ) -> Vec<Line> {
        self.split(lines, decisions, removed).0
    }
}

impl Columns {
    /// [`Prepass::apply`], also returning one [`LineHint`] per line emitted when the
    /// page was split into columns (`None` when it was left as it came).
    pub(crate) fn split(
        &self,
        mut lines: Vec<Line>,
        decisions: &mut Vec<Decision>,
        removed: &mut Vec<Removal>,
    ) -> (Vec<Line>, Option<Vec<LineHint>>) {
        // A page that does not look space-aligned may still be: columns packed on one
        // row with single spaces, padded only where a line is short (see
        // `packed_grid`); it must hold some padding at all.
        let (aligned, by_gaps, positioned) = match self.mode {
            ColumnMode::Never => return (lines, None),
            ColumnMode::Auto => alignment(&lines),
            ColumnMode::Always => (true, true, 0),
        };
        // `positioned`: lines with a gap of three spaces or a far lead (`alignment`
        // counts them as it goes; only read when the page is not aligned).
        if !aligned && positioned * 20 < lines.len().max(60) {
            return (lines, None);
        }
        let mut chunks = page_chunks(&lines);
        let grid = packed_grid(&lines, &chunks);
        let full_grid = grid.clone();
        if !aligned && grid.is_none() {
            return (lines, None);
        }
        if let Some(g) = &grid {
            chunks = cut_packed_grid(chunks, &lines, g);
        }
        let grid = grid.map(|g| g.measure);
        let cjk_chunks = chunks.iter().filter(|c| c.cjk).count();
        let page_cjk = cjk_chunks * 4 >= chunks.len();
        // Where most rows are packed (the page shows no gaps of three spaces on enough
        // lines), the few padded rows are all that shows the edges, and their padding is
        // loose: see `find_edges`.
        let fold = grid.filter(|_| !by_gaps).map(|m| (m as usize / 2).max(INDENT_CELLS + 1));
        let edges = find_edges(&chunks, page_cjk, fold, grid.map_or(0, |m| m as usize));
        if edges.len() < 2 {
            return (lines, None);
        }
        let mut measure = page_measure(&chunks);
        let bold = merge_doubled_rows(&mut lines, &chunks, measure.unwrap_or(usize::MAX), removed, decisions);
        if !bold.is_empty() {
            chunks = page_chunks(&lines);
            if let Some(g) = &full_grid {
                chunks = cut_packed_grid(chunks, &lines, g);
            }
            measure = page_measure(&chunks);
        }
        let chunks = match measure {
            Some(m) => split_packed(chunks, &lines, m),
            None => chunks,
        };
        let measure = measure.unwrap_or(usize::MAX);
        // Chunks → segments.
        let mut starts: Vec<Vec<usize>> = vec![Vec::new(); lines.len()];
        for c in chunks.iter().filter(|c| !c.packed && c.chars >= SOLID_CHARS) {
            starts[c.line].push(c.start);
        }
        let mut segs: Vec<Segment> = Vec::new();
        let mut prev_line = usize::MAX;
        let mut prev_latin = false; // the previous chunk on this line ends in Latin text
        let mut prev_end = 0usize; // grid end of the previous chunk on this line
        for c in &chunks {
            let text = &lines[c.line].text[c.from..c.to];
            let opens = edge_at(&edges, c.start);
            // A start just left of an edge and in the indent of the edge before it (two
            // bands' columns a few cells apart): an indent where the lines around it
            // start at the edge before, not at this one.
            let opens = match opens {
                Some(k)
                    if k > 0
                        && c.start < edges[k]
                        && c.start >= edges[k - 1] + 2
                        && c.start <= edges[k - 1] + INDENT_CELLS =>
                {
                    let near = |e: usize| {
                        (c.line.saturating_sub(2)..(c.line + 3).min(lines.len()))
                            .filter(|&j| j != c.line)
                            .any(|j| starts[j].iter().any(|&o| o.abs_diff(e) <= 1))
                    };
                    if near(edges[k - 1]) && !near(edges[k]) { Some(k - 1) } else { Some(k) }
                }
                o => o,
            };
            let same_line = c.line == prev_line;
            let under = column_under(&edges, c.start);
            // Justification spreads the grid only around Latin words and numbers; a gap
            // between two CJK chunks that is not at an edge is text pushed right by wide
            // characters on its left (a headline), so it belongs to the column under it.
            let spread = prev_latin || text.starts_with(|ch: char| ch.is_ascii_graphic());
            // A full column line followed closely by CJK text: the text was pushed right
            // by the wide characters before it, and is the next column's line.
            let pushed = same_line
                && !spread
                && c.start <= prev_end + 3
                && segs.last().is_some_and(|s: &Segment| {
                    s.at_edge && s.chars + 4 >= measure && s.col + 1 < edges.len()
                });
            // A part cut off a packed row (see `cut_packed_grid`) is the line of a column
            // right of the part before it: of the edge its offset opens, if that is so
            // far right, else of the next column, whatever offset packing pushed it to
            // (packing counts characters, not the gutters it dropped).
            let next_col = segs.last().map_or(edges.len(), |s: &Segment| s.col + 1);
            let packed = c.packed && same_line && next_col < edges.len();
            let opens = if packed { opens.filter(|&k| k >= next_col) } else { opens };
            let pushed = pushed || (packed && opens.is_none());
            let continues = same_line
                && opens.is_none()
                && !pushed
                && (spread || segs.last().is_some_and(|s: &Segment| s.col == under));
            let end = c.start + lines[c.line].text[c.from..c.to].chars().count();
            let under =
                if pushed && opens.is_none() { segs.last().map_or(under, |s| s.col + 1) } else { under };
            if continues {
                let s = segs.last_mut().expect("a segment on this line");
                s.text.push(' ');
                s.text.push_str(text);
                s.end = end;
                s.chars += c.chars;
            } else {
                let col = opens.unwrap_or(under);
                segs.push(Segment {
                    line: c.line,
                    col,
                    text: text.to_string(),
                    start: c.start,
                    end,
                    at_edge: opens.is_some() || packed,
                    indented: opens.is_some() && c.start >= edges[col] + 2,
                    chars: c.chars,
                    bold: bold.contains(&(c.line, c.start)),
                });
            }
            prev_latin = text.ends_with(|ch: char| ch.is_ascii_graphic());
            prev_line = c.line;
            prev_end = end;
        }
        let rows: Vec<usize> = segs.iter().map(|s| lines[s.line].no).collect();
        // The section label (`地方经济`): alone and short on the page's top row, with a
        // blank row under it. It is read first, before any column.
        let section = {
            let top = rows.first().copied().unwrap_or(0);
            let on_top = rows.iter().take_while(|&&r| r == top).count();
            let next = rows.get(on_top).copied().unwrap_or(usize::MAX);
            (on_top == 1 && segs[0].chars <= 8 && next > top + 1).then_some(0)
        };
        // Segments → pieces per column.
        let mut by_col: Vec<Vec<usize>> = vec![Vec::new(); edges.len()];
        for (k, s) in segs.iter().enumerate() {
            if Some(k) != section {
                by_col[s.col].push(k);
            }
        }
        let row = |k: usize| rows[k];
        let mut pieces: Vec<Piece> = Vec::new();
        for (col, ks) in by_col.iter().enumerate() {
            if ks.is_empty() {
                continue;
            }
            let mut deltas: Vec<usize> = ks.windows(2).map(|w| row(w[1]).saturating_sub(row(w[0]))).collect();
            deltas.sort_unstable();
            let pitch = deltas.get(deltas.len() / 2).copied().unwrap_or(1).clamp(1, 3);
            let piece = |top: usize| Piece {
                col,
                top,
                bottom: top,
                segs: Vec::new(),
                reach: top,
                head_to: None,
                headed: false,
                glued: Vec::new(),
            };
            let mut cur = piece(row(ks[0]));
            for &k in ks {
                if !cur.segs.is_empty() && row(k) > cur.bottom + pitch + 1 {
                    pieces.push(std::mem::replace(&mut cur, piece(row(k))));
                }
                cur.bottom = row(k);
                cur.reach = row(k);
                cur.segs.push(k);
            }
            pieces.push(cur);
        }
        let pieces = lift_headings(pieces, &segs, &rows, &edges);
        let order = reading_order(&pieces);
        let mut out: Vec<Line> = Vec::with_capacity(segs.len());
        let mut hints: Vec<LineHint> = Vec::with_capacity(segs.len());
        if let Some(k) = section {
            let text = std::mem::take(&mut segs[k].text);
            out.push(Line { no: rows[k], text, gap_before: false, doubled: false });
            hints.push(LineHint::default());
        }
        for (n, &p) in order.iter().enumerate() {
            let piece = &pieces[p];
            for (i, &k) in piece.segs.iter().enumerate() {
                // A heading row cut at a wide gap (a headline spaced out across its
                // article, `第七回   袁绍磐河战公孙   孙坚跨江击刘表`) is one line of it.
                if i > 0 && rows[piece.segs[i - 1]] == rows[k] && piece.glued.contains(&k) {
                    let text = std::mem::take(&mut segs[k].text);
                    let last = out.last_mut().expect("the heading's earlier part");
                    last.text.push(' ');
                    last.text.push_str(&text);
                    continue;
                }
                // No blank line between pieces: a column that continues an article
                // below another article's piece continues its paragraph too.
                out.push(Line {
                    no: rows[k],
                    text: std::mem::take(&mut segs[k].text),
                    gap_before: false,
                    doubled: false,
                });
                hints.push(LineHint { piece: n as u32 + 1 });
            }
            decisions.push(Decision {
                line: row(piece.segs[0]),
                action: "columns".into(),
                why: format!(
                    "column {} (grid offset {}), lines {}–{}: read {} of {}",
                    piece.col + 1,
                    edges[piece.col],
                    piece.top,
                    piece.bottom,
                    n + 1,
                    order.len()
                ),
            });
        }
        (out, Some(hints))
    }
}

/// Typical characters per line of each column (median over full lines at the edge).
fn column_measures(segs: &[Segment], columns: usize) -> Vec<usize> {
    let mut per: Vec<Vec<usize>> = vec![Vec::new(); columns];
    for s in segs.iter().filter(|s| s.at_edge && !s.indented && s.chars >= SOLID_CHARS) {
        per[s.col].push(s.chars);
    }
    per.into_iter()
        .map(|mut v| {
            v.sort_unstable();
            v.get(v.len() / 2).copied().unwrap_or(SOLID_CHARS)
        })
        .collect()
}

/// Headlines, subtitles and bylines set above the columns they belong to.
///
/// The lines at the top of a piece that look like a heading (centred or pushed off the
/// column edge, running across the next edge, or short without finishing a sentence)
/// are lifted into pieces of their own; lifted lines on nearby rows that overlap on the
/// grid are one heading (a two-line headline set across columns; lines of a large
/// headline stand further apart, with nothing set between them). A heading is read
/// before the first column of its article: from the column under it, leftwards while
/// the column there also starts right under the heading with a new paragraph or a
/// heading line (a column that starts mid-sentence belongs to the article on the left).
fn lift_headings(pieces: Vec<Piece>, segs: &[Segment], rows: &[usize], edges: &[usize]) -> Vec<Piece> {
    let measure = column_measures(segs, edges.len());
    let short = |k: usize| segs[k].chars * 10 < measure[segs[k].col] * 7;
    let heading_like = |k: usize| {
        let s = &segs[k];
        // Longer than any line of its column: set across several columns. (The next
        // edge on the grid may belong to another article, so it is no guide.)
        let spans = s.chars * 10 > measure[s.col] * 13;
        // An indented line is a paragraph's first line, unless it falls far short of
        // the measure: a title centred in its column.
        let first_line = s.indented && s.chars + 4 >= measure[s.col];
        // A dateline (`本报讯 记者邓辉报道`) opens the body, however short its line.
        let dateline = || crate::patterns::is_dateline(&s.text);
        s.bold
            || (!crate::cjk::ends_sentence(&s.text)
                && !first_line
                && (spans || !s.at_edge || short(k))
                && !dateline())
    };
    struct Group {
        segs: Vec<usize>,
        top: usize,
        bottom: usize,
        col: usize,
        col_max: usize,
        lo: usize,
        hi: usize,
        glued: Vec<usize>,
    }
    // A heading at a piece's foot: a column's pitch is taken over the whole column, so
    // where an article set on every row stands over one set on alternate rows, the gap
    // above the lower article's headline (centred in the column, off its edge) does not
    // cut the piece. Within the piece the body above runs at a closer pitch; one or two
    // heading lines at the foot that stand further below it than that pitch allows are
    // cut off into a piece of their own, to be lifted with the heading of their article.
    let mut cut: Vec<Piece> = Vec::with_capacity(pieces.len());
    for mut p in pieces {
        if let Some(at) = foot_heading(&p.segs, segs, rows, &heading_like) {
            let tail = p.segs.split_off(at);
            p.bottom = rows[p.segs[p.segs.len() - 1]];
            p.reach = p.bottom;
            let (top, bottom) = (rows[tail[0]], rows[tail[tail.len() - 1]]);
            cut.push(p);
            cut.push(Piece {
                col: cut[cut.len() - 1].col,
                top,
                bottom,
                segs: tail,
                reach: bottom,
                head_to: None,
                headed: false,
                glued: Vec::new(),
            });
        } else {
            cut.push(p);
        }
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut rest: Vec<Piece> = Vec::with_capacity(cut.len());
    for mut p in cut {
        let mut n = p.segs.iter().take(4).take_while(|&&k| heading_like(k)).count();
        // Lines over a fake-bold line are the rest of its headline, unless one of them
        // ends a sentence.
        if let Some(b) = p.segs.iter().take(4).rposition(|&k| segs[k].bold) {
            if p.segs[..b].iter().all(|&k| !crate::cjk::ends_sentence(&segs[k].text)) {
                n = n.max(b + 1);
            }
        }
        if n == 0 {
            rest.push(p);
            continue;
        }
        let head: Vec<usize> = p.segs.drain(..n).collect();
        // A title (not just a byline, or a bare name) was lifted off this piece.
        let titled = head.iter().any(|&k| {
            segs[k].chars >= 5
                && crate::patterns::line_kind(&segs[k].text) == crate::patterns::LineKind::Plain
                && !crate::patterns::is_dateline(&segs[k].text)
        });
        for k in head {
            let s = &segs[k];
            let (lo, hi) = (s.start, s.start + s.chars + 2);
            let r = rows[k];
            // A headline set large takes several rows a line: its lines stand further
            // apart, with nothing set between them where they run.
            let clear = |g: &Group| {
                let (a, b) = (lo.min(g.lo), hi.max(g.hi));
                let from = rows.partition_point(|&x| x <= g.bottom);
                let to = rows.partition_point(|&x| x < r);
                (from..to).all(|j| segs[j].end <= a || segs[j].start >= b)
            };
            let near = |g: &Group| r <= g.bottom + 3 || (r <= g.bottom + HEADING_ROWS && clear(g));
            match groups.iter_mut().rev().find(|g| r >= g.top && lo < g.hi && g.lo < hi && near(g)) {
                Some(g) => {
                    g.segs.push(k);
                    g.bottom = g.bottom.max(r);
                    g.col = g.col.min(s.col);
                    g.col_max = g.col_max.max(s.col);
                    g.lo = g.lo.min(lo);
                    g.hi = g.hi.max(hi);
                }
                None => groups.push(Group {
                    segs: vec![k],
                    top: r,
                    bottom: r,
                    col: s.col,
                    col_max: s.col,
                    lo,
                    hi,
                    glued: Vec::new(),
                }),
            }
        }
        if let Some(&first) = p.segs.first() {
            p.top = rows[first];
            p.headed = titled;
            rest.push(p);
        }
    }
    // The piece that starts right under a heading in a column.
    let under = |rest: &[Piece], col: usize, g: &Group| {
        rest.iter().position(|p| p.col == col && p.top > g.bottom && p.top <= g.bottom + 4)
    };
    let mut out = rest;
    // A heading over a column that goes on mid-paragraph heads no article there: it is
    // the rest of a headline spaced out across its article (`第七回   袁绍磐河战公孙
    // 孙坚跨江击刘表`), and joins the heading on its left on the same row.
    let continues = |p: &Piece| {
        let k = p.segs[0];
        let s = &segs[k];
        !s.indented && s.at_edge && (crate::cjk::ends_sentence(&s.text) || s.chars + 2 >= measure[s.col])
    };
    groups.sort_by_key(|g| (g.top, g.col));
    let mut merged: Vec<Group> = Vec::with_capacity(groups.len());
    for g in groups {
        let tail = under(&out, g.col, &g).is_some_and(|i| continues(&out[i]));
        let left = merged.iter_mut().rev().find(|h| h.top == g.top && h.col < g.col);
        match (tail, left) {
            (true, Some(h)) => {
                // A part that runs on over the next column is the rest of the heading's
                // line (`第七回 袁绍磐河战公孙 孙坚跨江击刘表`); a heading further left is
                // only read with it, as the lines stay apart.
                if h.col_max + 1 >= g.col {
                    let on_row = |k: usize| h.segs.iter().any(|&j| rows[j] == rows[k]);
                    h.glued.extend(g.segs.iter().copied().filter(|&k| on_row(k)));
                }
                h.segs.extend(g.segs);
                h.bottom = h.bottom.max(g.bottom);
                h.col_max = h.col_max.max(g.col_max);
                h.hi = h.hi.max(g.hi);
            }
            _ => merged.push(g),
        }
    }
    let heads: Vec<Piece> = merged
        .into_iter()
        .map(|mut g| {
            g.segs.sort_by_key(|&k| (rows[k], segs[k].start));
            // (Not a column that has a heading of its own above it.)
            let starts_article = |i: usize| {
                let k = out[i].segs[0];
                !out[i].headed && (segs[k].indented || short(k))
            };
            // Under a heading whose own column goes on mid-paragraph, a column with
            // nothing set beside the heading (an edge of another band of the page) is
            // looked past on the way to its article's first column.
            let own = under(&out, g.col, &g).is_some_and(|i| {
                let k = out[i].segs[0];
                segs[k].indented || short(k)
            });
            let mut col = g.col;
            let mut left = g.col;
            while left > 0 {
                left -= 1;
                let starts_article = match under(&out, left, &g) {
                    Some(i) => starts_article(i),
                    None if !own
                        && !out
                            .iter()
                            .any(|p| p.col == left && p.top <= g.bottom + 4 && p.bottom >= g.top) =>
                    {
                        continue;
                    }
                    None => false,
                };
                if !starts_article {
                    break;
                }
                col = left;
            }
            let reach = under(&out, col, &g).map_or(g.bottom, |i| out[i].bottom);
            Piece {
                col,
                top: g.top,
                bottom: g.bottom,
                segs: g.segs,
                reach,
                head_to: Some(g.col_max.max(g.col)),
                headed: false,
                glued: g.glued,
            }
        })
        .collect();
    out.extend(heads);
    out
}

/// Body lines above a foot heading, at least: enough to see the piece's own pitch.
const FOOT_BODY_LINES: usize = 3;

/// Where a heading at the foot of a piece starts, if one does: the last one or two
/// lines, heading-like, the first of them off the column's edge (a headline is centred
/// over its column; a paragraph's last line starts at the edge), standing more than a
/// row below the pitch the body above them is set at.
fn foot_heading(
    piece: &[usize],
    segs: &[Segment],
    rows: &[usize],
    heading_like: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    (1..=2).rev().find_map(|n| {
        let at = piece.len().checked_sub(n)?;
        if at < FOOT_BODY_LINES {
            return None;
        }
        let (body, tail) = piece.split_at(at);
        if segs[tail[0]].at_edge || !tail.iter().all(|&k| heading_like(k)) {
            return None;
        }
        let mut deltas: Vec<usize> = body.windows(2).map(|w| rows[w[1]] - rows[w[0]]).collect();
        deltas.sort_unstable();
        let pitch = deltas[deltas.len() / 2].max(1);
        let gap = rows[tail[0]] - rows[body[body.len() - 1]];
        (gap > pitch + 1).then_some(at)
    })
}

/// Reading order of pieces: after every piece above in the same column and every piece
/// in a column to the left that shares rows; ties top to bottom, then left to right.
fn reading_order(pieces: &[Piece]) -> Vec<usize> {
    let n = pieces.len();
    let key = |p: &Piece| (p.top, p.col);
    if n > MAX_ORDERED_PIECES {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| key(&pieces[i]));
        return order;
    }
    let before = |a: &Piece, b: &Piece| {
        (a.col == b.col && a.bottom < b.top)
            || (a.col < b.col && a.top <= b.reach && b.top <= a.reach)
            || a.head_to.is_some_and(|to| b.col > a.col && b.col <= to && b.top > a.bottom)
    };
    let mut indeg = vec![0usize; n];
    for (i, a) in pieces.iter().enumerate() {
        for (j, b) in pieces.iter().enumerate() {
            if i != j && before(a, b) {
                indeg[j] += 1;
            }
        }
    }
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        // Every constraint goes right or down, so some piece is always free; the
        // fallback to any remaining piece only guards against a logic error.
        let next = (0..n)
            .filter(|&i| !done[i] && indeg[i] == 0)
            .min_by_key(|&i| key(&pieces[i]))
            .or_else(|| (0..n).filter(|&i| !done[i]).min_by_key(|&i| key(&pieces[i])))
            .expect("a piece remains");
        done[next] = true;
        order.push(next);
        for j in 0..n {
            if !done[j] && before(&pieces[next], &pieces[j]) {
                indeg[j] = indeg[j].saturating_sub(1);
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page's non-blank lines, numbered as rows.
    fn page_lines(page: &str) -> Vec<Line> {
        page.lines()
            .enumerate()
            .filter(|(_, t)| !t.trim().is_empty())
            .map(|(i, t)| Line { no: i + 1, text: t.to_string(), gap_before: false, doubled: false })
            .collect()
    }

    fn run(page: &str) -> Vec<String> {
        let lines = page_lines(page);
        Columns::new(ColumnMode::Auto)
            .apply(lines, &mut Vec::new(), &mut Vec::new())
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn word_space_is_not_a_gutter() {
        let page = "本报讯 记者王磊报道        第二栏第一行文字\n今年以来全市新建学校        第二栏第二行文字\n今年以来全市新建学校        第二栏第三行文字\n今年以来全市新建学校        第二栏第四行文字\n";
        let out = run(page);
        assert_eq!(out[0], "本报讯 记者王磊报道");
        assert_eq!(out.len(), 8);
    }

    #[test]
    fn spread_latin_continues_its_column() {
        let page = [
            two_cols(24, "第一栏第一行的文字", "第二栏第一行的文字"),
            two_cols(24, "版的包时遇到问题，apt  也可以", "第二栏第二行的文字"),
            two_cols(24, "第一栏第三行的文字", "第二栏第三行的文字"),
            two_cols(24, "第一栏第四行的文字", "第二栏第四行的文字"),
        ]
        .concat();
        let out = run(&page);
        assert_eq!(out[1], "版的包时遇到问题，apt 也可以");
        assert_eq!(out[4], "第二栏第一行的文字");
    }

    #[test]
    fn heading_at_a_piece_foot_heads_the_article_below() {
        // Column 1 sets an article on every row, then, after a gap, a headline centred
        // over the column and, further down, its article on alternate rows (so the
        // column's pitch is 2 and the gap above the headline does not cut the column).
        let mut page = [
            two_cols(24, "甲文第一行的文字在这里", "丙文第一行的文字在这里"),
            two_cols(24, "甲文第二行的文字在这里", "丙文第二行的文字在这里"),
            two_cols(24, "甲文第三行的文字在这里", "丙文第三行的文字在这里"),
            two_cols(24, "甲文第四行的文字在这里", "丙文第四行的文字在这里。"),
            "\n\n".to_string(),
            two_cols(24, "        乙文的标题", ""),
            "\n\n".to_string(),
        ]
        .concat();
        for n in ["一", "二", "三", "四", "五", "六"] {
            page.push_str(&format!("\n乙文第{n}行的文字在这里\n"));
        }
        let out = run(&page);
        let head = out.iter().position(|t| t == "乙文的标题").expect("the headline");
        assert_eq!(out[head - 1], "丙文第四行的文字在这里。");
        assert_eq!(out[head + 1], "乙文第一行的文字在这里");
        assert_eq!(out.len(), 15);
    }

    #[test]
    fn alternate_baselines_read_per_column() {
        let page = "甲栏一行文字甲栏一行\n              乙栏一行文字乙栏一行\n甲栏二行文字甲栏二行\n              乙栏二行文字乙栏二行\n甲栏三行文字甲栏三行\n";
        let out = run(page);
        assert_eq!(
            out,
            [
                "甲栏一行文字甲栏一行",
                "甲栏二行文字甲栏二行",
                "甲栏三行文字甲栏三行",
                "乙栏一行文字乙栏一行",
                "乙栏二行文字乙栏二行"
            ]
        );
    }

    #[test]
    fn packed_columns_are_cut_at_single_spaces() {
        // Four rows, two columns of 10 characters; the last row packs them with one space.
        let page = [
            two_cols(16, "第一栏的第一行文字呀", "第二栏的第一行文字呀"),
            two_cols(16, "第一栏的第二行文字呀", "第二栏的第二行文字呀"),
            two_cols(16, "第一栏的第三行文字呀", "第二栏的第三行文字呀"),
            "第一栏的第四行文字呀 第二栏的第四行文字呀\n".to_string(),
        ]
        .concat();
        let out = run(&page);
        assert_eq!(out[3], "第一栏的第四行文字呀");
        assert_eq!(out[7], "第二栏的第四行文字呀");
    }

    #[test]
    fn packed_rows_do_not_set_the_measure() {
        // Most rows pack two 10-character column lines with one space (PyMuPDF's sorted
        // text writes a one-em gutter as one space); two rows are single lines. The
        // measure is the column's (10), not the packed rows' (21), so the rows are cut.
        let packed = "甲栏一行文字甲栏一行 乙栏一行文字乙栏一行";
        let page = [packed, packed, packed, "甲栏二行文字甲栏二行", "甲栏三行文字甲栏三行"];
        let lines: Vec<Line> = page
            .iter()
            .enumerate()
            .map(|(i, t)| Line { no: i + 1, text: t.to_string(), gap_before: false, doubled: false })
            .collect();
        let chunks = page_chunks(&lines);
        assert_eq!(page_measure(&chunks), Some(10));
        let parts = split_packed(chunks, &lines, 10);
        assert_eq!(parts.len(), 8);
    }

    #[test]
    fn single_space_gutters_are_aligned_when_rows_are_positioned() {
        // Two columns of 12 characters parted by one space, as PyMuPDF's sorted text
        // sets a one-em gutter: only rows with a short or indented line show runs of
        // spaces (a paragraph's last line is padded to the gutter). The page is split all the same, the left column read first.
        let a = [
            "  第一栏第一段的首行文",
            "字第一栏第一段的第二行",
            "第一栏第一段末行。   ",
            "  第一栏第二段的首行文",
            "字第一栏第二段的第二行",
            "第一栏第二段末行。   ",
        ];
        let b = [
            "第二栏第一段的第一行文字",
            "第二栏第一段的第二行文字",
            "第二栏第一段的第三行文字",
            "第二栏第一段的第四行文字",
            "第二栏第一段的第五行文字",
            "第二栏第一段末行。",
        ];
        let page: String =
            a.iter().chain(&a).zip(b.iter().chain(&b)).map(|(x, y)| format!("{x} {y}\n")).collect();
        let lines = page_lines(&page);
        assert!(looks_aligned(&lines));
        let out = run(&page);
        assert_eq!(out[0], "第一栏第一段的首行文");
        assert_eq!(out[12], "第二栏第一段的第一行文字");
        // Column-order text with the same packed rows but no positioned row is left to
        // the de-interleaver (pdfplumber's packed rows).
        let flat: String =
            a.iter().chain(&a).zip(b.iter().chain(&b)).map(|(x, y)| format!("{} {y}\n", x.trim())).collect();
        assert!(!looks_aligned(&page_lines(&flat)));
    }

    #[test]
    fn a_word_space_in_a_wide_line_stays() {
        // `第一回 宴桃园…`: the space closes a 3-character part, so it is a word space.
        let measure = 10;
        let text = "第一回 宴桃园豪杰三结义斩黄巾英雄首立功";
        let lines = [Line { no: 1, text: text.to_string(), gap_before: false, doubled: false }];
        let mut chunks = Vec::new();
        chunks_of(0, text, &mut chunks);
        let parts = split_packed(chunks, &lines, measure);
        assert_eq!(parts.len(), 1);
    }

    #[test]
    fn the_section_label_is_read_first() {
        let page = [
            format!("{}要闻\n\n", " ".repeat(20)),
            two_cols(16, "第一栏的第一行文字呀", "第二栏的第一行文字呀"),
            two_cols(16, "第一栏的第二行文字呀", "第二栏的第二行文字呀"),
            two_cols(16, "第一栏的第三行文字呀", "第二栏的第三行文字呀"),
        ]
        .concat();
        let out = run(&page);
        assert_eq!(out[0], "要闻");
        assert_eq!(out[1], "第一栏的第一行文字呀");
    }

    /// One row of two columns, the second at grid offset `at`.
    fn two_cols(at: usize, a: &str, b: &str) -> String {
        format!("{a}{}{b}\n", " ".repeat(at - a.chars().count()))
    }

    /// Lays out rows of (grid offset, text) cells as `pdftotext -layout` does.
    fn grid(rows: &[&[(usize, &str)]]) -> String {
        let mut page = String::new();
        for row in rows {
            let mut line = String::new();
            for &(at, text) in row.iter() {
                let n = line.chars().count();
                line.push_str(&" ".repeat(at.saturating_sub(n).max(if n > 0 { 2 } else { 0 })));
                line.push_str(text);
            }
            page.push_str(&line);
            page.push('\n');
        }
        page
    }

    /// Body rows for three 14-character columns at offsets 0, 16 and 32.
    const BODY: [[&str; 3]; 4] = [
        ["本报讯第一栏的第一行文字", "第二栏的第一行文字在这里呀", "第三栏的第一行文字在这里呀"],
        ["第一栏的第二行文字在这里呀", "第二栏的第二行文字在这里呀", "第三栏的第二行文字在这里呀"],
        ["第一栏的第三行文字在这里呀", "第二栏的第三行文字在这里呀", "第三栏的第三行文字在这里呀"],
        ["第一栏的第四行文字在这里呀", "第二栏的第四行文字在这里呀", "第三栏的第四行文字在这里呀"],
    ];

    fn body_rows() -> Vec<Vec<(usize, &'static str)>> {
        BODY.iter()
            .enumerate()
            .map(|(i, r)| vec![(if i == 0 { 2 } else { 0 }, r[0]), (16, r[1]), (32, r[2])])
            .collect()
    }

    /// The page of `head` rows set over the three body columns.
    fn over_body(head: Vec<Vec<(usize, &'static str)>>) -> String {
        let mut rows = head;
        rows.extend(body_rows());
        let rows: Vec<&[(usize, &str)]> = rows.iter().map(|r| r.as_slice()).collect();
        grid(&rows)
    }

    #[test]
    fn a_headline_spaced_out_over_its_columns_is_one_line() {
        let mut rows: Vec<Vec<(usize, &str)>> =
            vec![vec![(8, "第七回 袁绍战公孙"), (23, "孙坚击刘表")], vec![]];
        rows.extend(body_rows());
        let rows: Vec<&[(usize, &str)]> = rows.iter().map(|r| r.as_slice()).collect();
        let out = run(&grid(&rows));
        assert_eq!(out[0], "第七回 袁绍战公孙 孙坚击刘表");
        assert_eq!(out.iter().map(|l| l.chars().filter(|c| !c.is_whitespace()).count()).sum::<usize>(), {
            let page = grid(&rows);
            page.chars().filter(|c| !c.is_whitespace()).count()
        });
    }

    /// `run`, also returning what was removed.
    fn run_removed(page: &str) -> (Vec<String>, Vec<Removal>) {
        let lines = page_lines(page);
        let mut removed = Vec::new();
        let out = Columns::new(ColumnMode::Auto).apply(lines, &mut Vec::new(), &mut removed);
        (out.into_iter().map(|l| l.text).collect(), removed)
    }

    #[test]
    fn a_fake_bold_copy_on_the_next_row_is_merged_into_one_headline() {
        // The copy stands a cell right on the row below, with one more glyph of the run.
        let (out, removed) = run_removed(&over_body(vec![
            vec![(6, "学术自审与地缘文化")],
            vec![(7, "学术自审与地缘文化——读")],
            vec![],
        ]));
        assert_eq!(out[0], "学术自审与地缘文化——读");
        assert!(!out[1].contains("学术"), "{out:?}");
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].text, "学术自审与地缘文化");
        assert_eq!(removed[0].reason, crate::model::RemovalReason::DoubledRow);
        // Glyph copies shared out between the rows come back in grid order.
        let (out, removed) = run_removed(&over_body(vec![
            vec![(6, "《当代学术：川籍")],
            vec![(7, "当代学术：川籍》")],
            vec![],
        ]));
        assert_eq!(out[0], "《当代学术：川籍》");
        assert_eq!(removed[0].text, "当代学术：川籍");
    }

    #[test]
    fn a_body_line_opening_with_the_headline_words_is_not_its_copy() {
        // A headline over a three-column grid whose first column's lines are `body`; the
        // other columns hold filler. Nothing is removed and every char comes out.
        let kept_whole = |head: &'static str, body: [&'static str; 3]| {
            let second =
                ["第二栏的第一行文字在这里呀", "第二栏的第二行文字在这里呀", "第二栏的第三行文字在这里呀"];
            let third =
                ["第三栏的第一行文字在这里呀", "第三栏的第二行文字在这里呀", "第三栏的第三行文字在这里呀"];
            let mut rows = vec![vec![(0, head)]];
            for k in 0..3 {
                rows.push(vec![(if k == 0 { 2 } else { 0 }, body[k]), (16, second[k]), (32, third[k])]);
            }
            let rows: Vec<&[(usize, &str)]> = rows.iter().map(|r| r.as_slice()).collect();
            let page = grid(&rows);
            let (out, removed) = run_removed(&page);
            assert!(removed.is_empty(), "{removed:?}");
            let nonspace = |t: &str| t.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(out.iter().map(|l| nonspace(l)).sum::<usize>(), nonspace(&page));
            out
        };
        // The first line of the body, set in by the paragraph indent, opens with the
        // headline's words and goes on past a clause mark drawn once.
        let out = kept_whole(
            "房间非常糟糕",
            ["房间非常糟糕，零乱不堪，", "弥漫一阵腐霉气味，家具极其陈", "旧，地毯脏臭，冷热水不能调。"],
        );
        assert_eq!(out[0], "房间非常糟糕");
        // The headline holds a word more than the body line under it, which wraps it onto
        // the next row and goes on.
        kept_whole(
            "再次入住海景花园仍感亲切",
            ["再次入住海景花园仍感亲", "切，酒店员工热情不减，服务还", "是这样的到位，值得推荐一下。"],
        );
    }

    #[test]
    fn runs_doubled_on_the_line_and_across_rows_are_left_for_dedupe() {
        // Read together, the rows tile as doubled runs; merging one pair would break that.
        let (_, removed) = run_removed(&over_body(vec![
            vec![(6, "学习")],
            vec![(6, "学习《《价格法")],
            vec![(8, "价格法》》贯彻")],
            vec![(10, "贯彻《《价格法")],
            vec![(12, "价格法》》")],
            vec![],
        ]));
        assert!(removed.is_empty(), "{removed:?}");
        // A row-doubled headline with a doubled mark but no such tiling is merged.
        let (out, removed) =
            run_removed(&over_body(vec![vec![(6, "穷则思变")], vec![(6, "穷则思变，，走扶贫开")], vec![]]));
        assert_eq!(removed.len(), 1);
        assert_eq!(out[0], "穷则思变，，走扶贫开");
    }

    #[test]
    fn rows_that_only_share_words_are_not_a_fake_bold_copy() {
        // Two lines of one headline, alike but for their first words at the same offsets.
        let mut rows: Vec<Vec<(usize, &str)>> =
            vec![vec![(6, "学习《价格法》")], vec![(6, "贯彻《价格法》")], vec![]];
        rows.extend(body_rows());
        // Two body lines that share most of their words, shifted by a character.
        rows.push(vec![(0, "速磁盘可以聚类到一个VG中，而"), (32, "第三栏的第五行文字在这里呀")]);
        rows.push(vec![(0, "慢速磁盘可以聚类到另一个VG中；"), (32, "第三栏的第六行文字在这里呀")]);
        let rows: Vec<&[(usize, &str)]> = rows.iter().map(|r| r.as_slice()).collect();
        let (out, removed) = run_removed(&grid(&rows));
        assert!(removed.is_empty(), "{removed:?}");
        assert!(
            out.iter().any(|l| l == "学习《价格法》") && out.iter().any(|l| l == "贯彻《价格法》"),
            "{out:?}"
        );
    }

    #[test]
    fn headings_over_columns_apart_stay_apart() {
        // A heading over the first column only and one over the third: two articles'.
        let mut rows: Vec<Vec<(usize, &str)>> = vec![vec![(3, "给黄土地拜年"), (36, "解决新矛盾")], vec![]];
        rows.extend(body_rows());
        let rows: Vec<&[(usize, &str)]> = rows.iter().map(|r| r.as_slice()).collect();
        let out = run(&grid(&rows));
        assert!(out.iter().any(|l| l == "给黄土地拜年"), "{out:?}");
        assert!(out.iter().any(|l| l == "解决新矛盾"), "{out:?}");
    }

    /// The input rows of each piece the splitter read, as its decisions name them.
    fn piece_rows(page: &str) -> Vec<String> {
        let lines = page_lines(page);
        let mut decisions = Vec::new();
        Columns::new(ColumnMode::Auto).apply(lines, &mut decisions, &mut Vec::new());
        decisions
            .iter()
            .filter_map(|d| d.why.split(", lines ").nth(1)?.split(':').next().map(String::from))
            .collect()
    }

    #[test]
    fn a_large_headline_s_lines_stand_rows_apart() {
        // Two headline lines four rows apart with nothing set between them: one heading.
        let mut rows: Vec<Vec<(usize, &str)>> = vec![
            vec![(7, "第六回 焚金阙董卓行凶")],
            vec![],
            vec![],
            vec![],
            vec![(8, "匿玉玺孙坚背约")],
            vec![],
        ];
        rows.extend(body_rows());
        let rows: Vec<&[(usize, &str)]> = rows.iter().map(|r| r.as_slice()).collect();
        assert!(piece_rows(&grid(&rows)).contains(&"1–5".to_string()), "{:?}", piece_rows(&grid(&rows)));
        // Text set between them (another column's line) keeps them apart.
        let mut rows: Vec<Vec<(usize, &str)>> = vec![
            vec![(7, "第六回 焚金阙董卓行凶")],
            vec![],
            vec![(0, "另一篇文章的一行字在这里呀")],
            vec![],
            vec![(8, "匿玉玺孙坚背约")],
            vec![],
        ];
        rows.extend(body_rows());
        let rows: Vec<&[(usize, &str)]> = rows.iter().map(|r| r.as_slice()).collect();
        assert!(!piece_rows(&grid(&rows)).contains(&"1–5".to_string()), "{:?}", piece_rows(&grid(&rows)));
    }

    #[test]
    fn split_tells_which_piece_each_line_was_read_from() {
        let page = grid(&body_rows().iter().map(|r| r.as_slice()).collect::<Vec<_>>());
        let lines: Vec<Line> = page
            .lines()
            .enumerate()
            .map(|(i, t)| Line { no: i + 1, text: t.to_string(), gap_before: false, doubled: false })
            .collect();
        let (out, hints) = Columns::new(ColumnMode::Always).split(lines, &mut Vec::new(), &mut Vec::new());
        let hints = hints.expect("a split page has hints");
        assert_eq!(hints.len(), out.len());
        // Pieces are numbered in reading order: never back to an earlier one.
        assert!(hints.windows(2).all(|w| w[0].piece <= w[1].piece));
        assert!(hints.last().is_some_and(|h| h.piece > 1), "{hints:?}");
        // A page that is not split has none.
        let plain =
            vec![Line { no: 1, text: "一行普通的文字。".into(), gap_before: false, doubled: false }];
        assert!(Columns::new(ColumnMode::Auto).split(plain, &mut Vec::new(), &mut Vec::new()).1.is_none());
    }

    #[test]
    fn double_spaced_prose_is_untouched() {
        // Typed English puts two spaces after a sentence: not a gutter.
        let line = "The fox jumps over the dog.  The dog sleeps in the sun all day long.  It is warm.";
        let page = format!("{line}\n{line}\n{line}\n{line}\n{line}\n");
        assert_eq!(run(&page), vec![line; 5]);
    }

    #[test]
    fn plain_text_is_untouched() {
        let page = "第一行文字没有空格\n第二行文字也没有\n第三行\n第四行文字\n";
        assert_eq!(run(page), ["第一行文字没有空格", "第二行文字也没有", "第三行", "第四行文字"]);
    }

    /// A row of `pdftotext -layout` text: `a`, then `b` padded to grid offset `at`.
    fn padded(a: &str, at: usize, b: &str) -> String {
        format!("{a}{}{b}", " ".repeat(at - a.chars().count()))
    }

    /// Column line `n` of column `c` (`甲`, `乙`, `丙`): ten characters.
    fn col_line(c: &str, n: &str) -> String {
        let l = format!("{c}栏第{n}行的文字内容");
        assert_eq!(l.chars().count(), 10);
        l
    }

    #[test]
    fn columns_packed_with_single_spaces_are_cut_where_the_grid_shows_them() {
        // Two columns of 10 characters: full rows packed with one space, a short line's
        // row padded, the padding rounded to offset 16 or 19 for one column (19 the
        // commoner: the edge is still 16).
        let open = "  甲栏开头的八个字";
        let short = "甲栏短行。";
        let n = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "零", "百", "千", "万"];
        let b = |k: usize| col_line("乙", n[k]);
        let a = |k: usize| col_line("甲", n[k]);
        let rows = [
            format!("{open} {}", b(0)),
            format!("{} {}", a(1), b(1)),
            padded(short, 16, &b(2)),
            format!("{open} {}", b(3)),
            padded(short, 19, &b(4)),
            format!("{open} {}", b(5)),
            padded(short, 16, &b(6)),
            format!("{} {}", a(7), b(7)),
            padded(short, 19, &b(8)),
            format!("{open} {}", b(9)),
            padded(short, 19, &b(10)),
            format!("{} {}", a(11), b(11)),
            format!("{} {}", a(12), b(12)),
            format!("{} {}", a(13), b(13)),
        ];
        let out = run(&(rows.join("\n") + "\n"));
        let want_b: Vec<String> = (0..14).map(b).collect();
        assert_eq!(out.len(), 28, "{out:?}");
        assert_eq!(out[1], a(1));
        assert_eq!(out[14..], want_b[..]);
    }

    #[test]
    fn a_packed_part_goes_right_of_the_part_before_it() {
        // Three columns at offsets 0, 16 and 32; packing puts the third column's part at
        // offset 22, within the second column's indent.
        let n = ["一", "二", "三", "四", "五", "六", "七", "八"];
        let line = |c: &str, k: usize| col_line(c, n[k]);
        let packed = |k: usize| format!("{} {} {}", line("甲", k), line("乙", k), line("丙", k));
        let spread = |k: usize| padded(&padded("甲栏短行。", 16, &line("乙", k)), 32, &line("丙", k));
        let rows = [packed(0), spread(1), packed(2), spread(3), packed(4), spread(5), packed(6), packed(7)];
        let out = run(&(rows.join("\n") + "\n"));
        let want: Vec<String> = (0..8).map(|k| line("丙", k)).collect();
        assert_eq!(out[16..], want[..], "{out:?}");
    }

    #[test]
    fn a_word_space_or_latin_text_is_no_packed_gutter() {
        let page = |row: &str| -> Vec<Line> {
            let full = "第一栏的第一行文字呀 第二栏的第一行文字呀";
            page_lines(&format!("{row}\n{full}\n{full}\n{full}\n{full}\n{full}\n"))
        };
        for row in ["本报记者 王磊报道", "apt 也可以 get the package 软件包管理工具"] {
            let lines = page(row);
            let chunks = page_chunks(&lines);
            let m = packed_grid(&lines, &chunks).expect("five packed rows");
            assert_eq!(m.measure, 10.0);
            let cut = cut_packed_grid(chunks, &lines, &m);
            assert_eq!(cut.iter().filter(|c| c.line == 0).count(), 1, "{row}");
            assert_eq!(cut.iter().filter(|c| c.line == 1).count(), 2);
        }
        // English prose has no wide characters beside its spaces.
        let prose = page_lines(&"The quick brown fox jumps over the lazy dog again and again.\n".repeat(8));
        assert_eq!(packed_grid(&prose, &page_chunks(&prose)), None);
    }

    #[test]
    fn a_column_packed_on_every_row_still_has_an_edge() {
        // Three columns of ten characters with gutters under a cell: the second column
        // is padded on every other row (a short line on its left), the third is packed
        // onto the second on every row, so only its packed parts show its edge.
        let n = ["一", "二", "三", "四", "五", "六", "七", "八"];
        let line = |c: &str, k: usize| col_line(c, n[k]);
        let rows: Vec<String> = (0..8)
            .map(|k| {
                let bc = format!("{} {}", line("乙", k), line("丙", k));
                if k % 2 == 0 {
                    format!("{} {bc}", line("甲", k))
                } else {
                    padded("甲栏短行。", 11, &bc)
                }
            })
            .collect();
        let out = run(&(rows.join("\n") + "\n"));
        let want: Vec<String> = (0..8).map(|k| line("丙", k)).collect();
        assert_eq!(out.len(), 24, "{out:?}");
        assert_eq!(out[16..], want[..], "{out:?}");
    }

    #[test]
    fn a_spread_line_is_not_cut_inside() {
        // A column line of nine characters spread over the measure of ten, after padding:
        // its letter spaces are no gutters, the space after it is.
        let full = "第一栏的第一行文字呀 第二栏的第一行文字呀";
        let spread = "乙 栏 稍 短 的 一 行 字 呀";
        let row = format!("{}{spread} {}", " ".repeat(11), col_line("丙", "一"));
        let lines = page_lines(&format!("{full}\n{full}\n{full}\n{full}\n{full}\n{row}\n"));
        let chunks = page_chunks(&lines);
        let m = packed_grid(&lines, &chunks).expect("five packed rows");
        assert_eq!(m.measure, 10.0);
        let cut = cut_packed_grid(chunks, &lines, &m);
        let parts: Vec<&str> =
            cut.iter().filter(|c| c.line == 5).map(|c| &lines[5].text[c.from..c.to]).collect();
        assert_eq!(parts, [spread.to_string(), col_line("丙", "一")]);
    }

    #[test]
    fn a_band_set_a_few_cells_right_keeps_its_own_column() {
        // A band with columns at 0 (first lines at 2) and 14 over a band whose column
        // stands at 4 (first lines at 7): the lower column is no indent of the edge at 0,
        // and the upper band's first lines, just left of the edge at 4, are indents of 0.
        let n = ["一", "二", "三", "四", "五", "六", "七", "八"];
        let line = |c: &str, k: usize, first: bool| {
            if first { format!("{c}栏第{}行开头", n[k]) } else { col_line(c, n[k]) }
        };
        let mut rows: Vec<String> = Vec::new();
        let mut want_a = Vec::new();
        let mut want_b = Vec::new();
        let mut want_c = Vec::new();
        for k in 0..8 {
            let first = k % 4 == 0;
            let a = line("甲", k, first);
            let lead = if first { "  " } else { "" };
            rows.push(padded(&format!("{lead}{a}"), 14, &line("乙", k, false)));
            want_a.push(a);
            want_b.push(line("乙", k, false));
        }
        rows.push(String::new());
        for k in 0..8 {
            let first = k % 4 == 0;
            let c = line("丙", k, first);
            rows.push(format!("{}{c}", if first { "       " } else { "    " }));
            want_c.push(c);
        }
        let out = run(&(rows.join("\n") + "\n"));
        let want: Vec<String> = want_a.into_iter().chain(want_b).chain(want_c).collect();
        assert_eq!(out, want);
    }

    #[test]
    fn a_band_packed_in_a_measure_of_its_own_is_cut_too() {
        // A band of three columns of ten characters packed on every row over a band of
        // two columns of fourteen, packed on five rows: each band's single spaces close
        // lines of its own measure, and the lower band's measure holds only on its rows.
        let n = ["一", "二", "三", "四", "五", "六", "七", "八"];
        let wide = |c: &str, k: usize| format!("{c}栏第{}行的较长些文字内容呀", n[k]);
        assert_eq!(wide("丁", 0).chars().count(), 14);
        let mut rows: Vec<String> = (0..8)
            .map(|k| format!("{} {} {}", col_line("甲", n[k]), col_line("乙", n[k]), col_line("丙", n[k])))
            .collect();
        rows.extend((0..5).map(|k| format!("{} {}", wide("丁", k), wide("戊", k))));
        let lines = page_lines(&(rows.join("\n") + "\n"));
        let chunks = page_chunks(&lines);
        let grid = packed_grid(&lines, &chunks).expect("eight packed rows");
        assert_eq!(grid.measure, 10.0);
        assert_eq!(grid.bands.len(), 1, "{grid:?}");
        let (m, first, last) = grid.bands[0];
        assert_eq!(m, 14.0);
        assert!(first > 2 && first <= 8 && last >= 12, "{grid:?}");
        let cut = cut_packed_grid(chunks, &lines, &grid);
        for i in 0..13 {
            let parts: Vec<&str> =
                cut.iter().filter(|c| c.line == i).map(|c| &lines[i].text[c.from..c.to]).collect();
            let want: Vec<String> = if i < 8 {
                ["甲", "乙", "丙"].iter().map(|c| col_line(c, n[i])).collect()
            } else {
                vec![wide("丁", i - 8), wide("戊", i - 8)]
            };
            assert_eq!(parts, want, "row {i}");
        }
    }
}
