//! Stage 0: from raw text to pages of numbered lines.
//!
//! Input: the whole extracted text. Output: [`PageLines`] — per page (split at form feed
//! U+000C; empty trailing pages dropped) the non-blank lines with their 1-based input line
//! numbers, and for each line whether a *meaningful* blank line precedes it.
//!
//! Line ends may be LF, CRLF or a lone CR. A leading byte-order mark is dropped. Control
//! characters other than tab, and byte-order marks inside the text, are taken out of the
//! text and reported, so that nothing leaves silently.
//!
//! Blank lines: many extractors put a blank line after every line (the seed page does,
//! for half of the page), so a blank line says nothing there; elsewhere (Tesseract,
//! pdfminer) a blank line separates blocks. With [`BlankLines::Auto`] a single blank line
//! is ignored when it sits in a stretch where nearly every text line stands alone between
//! blanks and the line before it stands alone too (lines set tight inside such a stretch
//! are a block of their own, a headline or subhead); two or more blank lines in a row
//! always count.

use std::borrow::Cow;

use crate::config::{BlankLines, ReflowConfig};
use crate::model::{Removal, RemovalReason};

/// One non-blank input line.
#[derive(Debug, Clone, PartialEq)]
pub struct InputLine<'a> {
    /// 1-based input line number.
    pub no: usize,
    /// The line's text, without its line end and control characters, leading
    /// whitespace kept (an indent is a signal).
    pub text: Cow<'a, str>,
    /// A meaningful blank line precedes this line.
    pub gap_before: bool,
}

/// One page of input lines.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLines<'a> {
    /// 1-based page number.
    pub number: usize,
    /// The page's non-blank lines.
    pub lines: Vec<InputLine<'a>>,
    /// Control characters taken out of the page's lines.
    pub removed: Vec<Removal>,
}

/// Splits text into pages of numbered, non-blank lines.
///
/// ```
/// use newsprint::{input::pages, ReflowConfig};
/// let p = pages("甲\r\n\r\n乙\x0c丙\n", &ReflowConfig::default());
/// assert_eq!(p.len(), 2);
/// assert_eq!(p[0].lines[1].no, 3);
/// assert_eq!(p[1].lines[0].text, "丙");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pages<'a>(text: &'a str, cfg: &ReflowConfig) -> Vec<PageLines<'a>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Whether a byte-order mark is left anywhere in the text: one search of the whole
    // input (a `&str` needle, which the library searches with vector compares) instead
    // of a char search per line (which sets up its searcher on every line).
    let marks = text.contains("\u{feff}");
    // Lines go straight into the page being built (one pass, no per-page vector of raw
    // lines): for every non-blank line, the number of blank lines before it.
    let mut out: Vec<PageLines<'a>> = Vec::new();
    let mut page = RawPage::default();
    // The first page's lines sized from its bytes (a non-blank line of a newspaper page
    // is rarely under 16 bytes; capped, as a page is a few hundred lines): no regrowth.
    page.lines.reserve((text.len() / 16).min(2048));
    // Pages of nothing but whitespace held back, as trailing ones are dropped.
    let mut empty_run = 0usize;
    let finish = |page: &mut RawPage<'a>, out: &mut Vec<PageLines<'a>>, empty_run: &mut usize| {
        let p = std::mem::take(page);
        if p.lines.is_empty() && p.removed.is_empty() {
            *empty_run += 1;
            return;
        }
        for _ in 0..std::mem::take(empty_run) {
            let number = out.len() + 1;
            out.push(PageLines { number, lines: Vec::new(), removed: Vec::new() });
        }
        let number = out.len() + 1;
        out.push(p.build(number, cfg, marks));
    };
    for (i, (line, feed)) in split_lines(text).enumerate() {
        let no = i + 1;
        if !feed {
            page.push(no, line);
            continue;
        }
        let mut parts = line.split('\u{c}');
        if let Some(first) = parts.next() {
            page.push(no, first);
        }
        for part in parts {
            finish(&mut page, &mut out, &mut empty_run);
            page.push(no, part);
        }
    }
    finish(&mut page, &mut out, &mut empty_run);
    // Trailing pages of whitespace are dropped, but there is always one page.
    if out.is_empty() {
        out.push(PageLines { number: 1, lines: Vec::new(), removed: Vec::new() });
    }
    out
}

/// A page as its lines are read: non-blank lines with the count of blank lines before
/// each, and the control characters of blank lines.
#[derive(Default)]
struct RawPage<'a> {
    lines: Vec<(usize, &'a str, usize)>,
    blanks: usize,
    removed: Vec<Removal>,
}

impl<'a> RawPage<'a> {
    fn push(&mut self, no: usize, t: &'a str) {
        if is_blank(t) {
            self.blanks += 1;
            // A blank line may still hold control characters: report them. (A page is
            // whitespace only when it has no lines and no such reports.)
            let ctrl: String = t.chars().filter(|c| c.is_control() && !c.is_whitespace()).collect();
            if !ctrl.is_empty() {
                self.removed.push(Removal { line: no, text: ctrl, reason: RemovalReason::ControlCharacter });
            }
        } else {
            self.lines.push((no, t, self.blanks));
            self.blanks = 0;
        }
    }

    fn build(self, number: usize, cfg: &ReflowConfig, marks: bool) -> PageLines<'a> {
        build_page(number, self.lines, self.removed, cfg, marks)
    }
}

/// Splits at LF, CRLF and lone CR; with each line, whether it holds a form feed. The line
/// end search stops at form feeds too, so finding them costs no pass of its own.
fn split_lines(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        let b = s.as_bytes();
        // A byte search: CR, LF and FF never occur inside a multi-byte character.
        let mut end = find_byte(b, |b| (b == b'\n') | (b == b'\r') | (b == 0x0c));
        let mut feed = false;
        while let Some(i) = end.filter(|&i| b[i] == 0x0c) {
            feed = true;
            end = find_byte(&b[i + 1..], |b| (b == b'\n') | (b == b'\r') | (b == 0x0c)).map(|j| i + 1 + j);
        }
        match end {
            Some(i) => {
                let skip = if s[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&s[i + skip..]);
                Some((&s[..i], feed))
            }
            None => {
                rest = None;
                if s.is_empty() { None } else { Some((s, feed)) }
            }
        }
    })
}

/// The first index of a byte that `hit`s. Tested 16 bytes at a time with no exit inside
/// a chunk, which the compiler turns into vector compares: a byte-at-a-time search costs
/// several instructions per byte, and these scans see every byte of the input.
#[inline]
fn find_byte(s: &[u8], hit: impl Fn(u8) -> bool + Copy) -> Option<usize> {
    let mut chunks = s.chunks_exact(16);
    let mut at = 0;
    for c in &mut chunks {
        if c.iter().fold(false, |a, &b| a | hit(b)) {
            return c.iter().position(|&b| hit(b)).map(|i| at + i);
        }
        at += 16;
    }
    // The tail: the last 16 bytes tested as one more chunk first.
    if s.len() >= 16 && !s[s.len() - 16..].iter().fold(false, |a, &b| a | hit(b)) {
        return None;
    }
    chunks.remainder().iter().position(|&b| hit(b)).map(|i| at + i)
}

/// A character taken out of a line and reported: a control character other than tab,
/// or a byte-order mark.
fn stray(c: char) -> bool {
    (c.is_control() && c != '\t') || c == '\u{feff}'
}

fn is_blank(s: &str) -> bool {
    s.chars().all(|c| crate::cjk::is_space(c) || (c.is_control() && c != '\t'))
}

fn build_page<'a>(
    number: usize,
    lines: Vec<(usize, &'a str, usize)>,
    mut removed: Vec<Removal>,
    cfg: &ReflowConfig,
    marks: bool,
) -> PageLines<'a> {
    let gaps = meaningful_gaps(&lines, cfg.blank_lines);
    let out = lines
        .iter()
        .zip(gaps)
        .map(|(&(no, t, _), gap)| {
            // Control characters are C0 (bytes below 0x20), DEL and C1 (U+0080..U+009F, whose
            // UTF-8 starts with 0xC2): a byte scan rules most lines out. A byte-order mark
            // inside the text (files joined with their marks) goes too: it is invisible, and
            // one that a first pass set at the start of its output would be dropped as
            // the output's own mark when that is read again.
            let maybe = find_byte(t.as_bytes(), |b| ((b < 0x20) & (b != b'\t')) | (b == 0x7f) | (b == 0xc2))
                .is_some()
                || (marks && t.contains('\u{feff}'));
            let text = if maybe && t.chars().any(stray) {
                let ctrl: String = t.chars().filter(|&c| stray(c)).collect();
                let ws_ctrl = ctrl.chars().all(char::is_whitespace);
                if !ws_ctrl {
                    removed.push(Removal {
                        line: no,
                        text: ctrl.chars().filter(|c| !c.is_whitespace()).collect(),
                        reason: RemovalReason::ControlCharacter,
                    });
                }
                Cow::Owned(t.chars().filter(|&c| !stray(c)).collect())
            } else {
                Cow::Borrowed(t)
            };
            InputLine { no, text, gap_before: gap }
        })
        .collect();
    PageLines { number, lines: out, removed }
}

/// Decides for each non-blank line (given the count of blanks before it) whether a
/// meaningful gap precedes it.
fn meaningful_gaps(lines: &[(usize, &str, usize)], mode: BlankLines) -> Vec<bool> {
    let n = lines.len();
    match mode {
        BlankLines::Break => return lines.iter().enumerate().map(|(i, l)| i > 0 && l.2 > 0).collect(),
        BlankLines::Ignore => return vec![false; n],
        BlankLines::Auto => {}
    }
    // isolated[i]: line i stands alone between blank lines (or page edges).
    let isolated: Vec<bool> =
        (0..n).map(|i| (i == 0 || lines[i].2 > 0) && (i + 1 == n || lines[i + 1].2 > 0)).collect();
    // Prefix sums for a windowed share of isolated lines, and of those that finish a
    // sentence.
    let mut pre = vec![0usize; n + 1];
    let mut fin = vec![0usize; n + 1];
    for i in 0..n {
        pre[i + 1] = pre[i] + usize::from(isolated[i]);
        fin[i + 1] = fin[i] + usize::from(isolated[i] && crate::cjk::ends_sentence(lines[i].1));
    }
    const W: usize = 6;
    (0..n)
        .map(|i| {
            let blanks = lines[i].2;
            if i == 0 || blanks == 0 {
                return false;
            }
            if blanks >= 2 {
                return true;
            }
            let lo = i.saturating_sub(W);
            let hi = (i + W).min(n);
            let alone = pre[hi] - pre[lo];
            let share = alone as f32 / (hi - lo) as f32;
            // Lines that stand alone and nearly all finish a sentence are whole
            // paragraphs set apart (as newsprint's text output sets one-paragraph
            // articles), not column lines: a column line ends a sentence only by chance.
            let finished = fin[hi] - fin[lo];
            if finished * 5 >= alone * 4 {
                return true;
            }
            // In a double-spaced stretch a blank means nothing after a line that stands
            // alone; after lines set tight (a headline or subhead block without blanks
            // of its own) it is a real separation.
            share < 0.6 || !isolated[i - 1]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_after_every_line_means_nothing() {
        let text = "一\n\n二\n\n三\n\n四\n\n五\n\n六\n";
        let p = pages(text, &ReflowConfig::default());
        assert!(p[0].lines.iter().all(|l| !l.gap_before));
    }

    #[test]
    fn blanks_between_finished_paragraphs_count() {
        // Whole paragraphs set apart by blank lines (one-paragraph articles in the text
        // output), not column lines each followed by a blank.
        let text = "近年来，雄安新区开设养老驿站。\n\n老年人在驿站打乒乓球。\n";
        let p = pages(text, &ReflowConfig::default());
        assert!(p[0].lines[1].gap_before);
    }

    #[test]
    fn block_blanks_count() {
        let text = "一\n二\n三\n\n四\n五\n六\n";
        let p = pages(text, &ReflowConfig::default());
        let gaps: Vec<bool> = p[0].lines.iter().map(|l| l.gap_before).collect();
        assert_eq!(gaps, [false, false, false, true, false, false]);
    }

    #[test]
    fn control_characters_are_reported() {
        let p = pages("甲\u{0}乙\n", &ReflowConfig::default());
        assert_eq!(p[0].lines[0].text, "甲乙");
        assert_eq!(p[0].removed[0].text, "\u{0}");
    }

    #[test]
    fn byte_order_marks_inside_lines_are_reported() {
        let p = pages("\u{feff}甲\n乙\u{feff}丙\n\u{feff}\n丁\n", &ReflowConfig::default());
        let texts: Vec<&str> = p[0].lines.iter().map(|l| &*l.text).collect();
        assert_eq!(texts, ["甲", "乙丙", "", "丁"]);
        assert_eq!(p[0].removed.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3]);
    }

    #[test]
    fn form_feeds_inside_lines_cut_pages() {
        let p = pages("甲\x0c乙\x0c\x0c丙\r\n丁\x0c", &ReflowConfig::default());
        let texts: Vec<Vec<&str>> = p.iter().map(|p| p.lines.iter().map(|l| &*l.text).collect()).collect();
        assert_eq!(texts, vec![vec!["甲"], vec!["乙"], vec![], vec!["丙", "丁"]]);
        assert_eq!(p[3].lines[1].no, 2);
    }

    #[test]
    fn lone_cr_and_trailing_form_feed() {
        let p = pages("a\rb\r\nc\x0c\n\x0c", &ReflowConfig::default());
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].lines.iter().map(|l| l.no).collect::<Vec<_>>(), [1, 2, 3]);
    }
}
