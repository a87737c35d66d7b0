//! Stage: joining the lines of one paragraph into one line of text.
//!
//! Input: the lines of a paragraph, in order, as extracted. Output: one `String`.
//!
//! Rules (CSS Text 3 segment-break transformation, plus newspaper practice):
//! - CJK–CJK: no space, also next to ambiguous-width punctuation `“ ” ‘ ’ … — ·`.
//! - CJK–Latin/digit: no space (Chinese news text writes `5月`, `800余家`; the gap a
//!   typesetter puts around Latin words is typography, not text).
//! - Hangul–Hangul (and Hangul next to Latin): one space, as Korean separates words.
//! - Latin–Latin: one space; a line-final `-` after a letter is dropped only when the
//!   next line starts with a lowercase letter (`infor-` + `mation`); otherwise the
//!   hyphen stays and nothing is inserted (`Default-` + `Release`).
//!
//! Inside a line, [`clean_spaces`] removes spaces that justification or OCR put into
//! CJK text and keeps the meaningful ones.

use std::borrow::Cow;

use crate::cjk::{is_cjk_punct, is_cjkish, is_han, is_hangul};

/// Joins the lines of one paragraph. Each line is first passed through
/// [`clean_spaces`]; the break between two lines is then replaced by nothing or by
/// one space, by the rules in the module docs.
///
/// ```
/// use newsprint::join::join_lines;
/// assert_eq!(join_lines(&["第二届长三角应急博览会将于5月 8~", "10日举办。"]),
///            "第二届长三角应急博览会将于5月8~10日举办。");
/// assert_eq!(join_lines(&["the infor-", "mation age"]), "the information age");
/// assert_eq!(join_lines(&["안녕하세요", "반갑습니다"]), "안녕하세요 반갑습니다");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn join_lines<S: AsRef<str>>(lines: &[S]) -> String {
    join_lines_recorded(lines).0
}

/// Appends `next` to `out` across a line break, deciding what the break becomes.
/// Returns `true` when the break dropped a hyphen (`infor-` + `mation`), so that callers
/// can record the removal.
pub fn push_joined(out: &mut String, next: &str) -> bool {
    let Some(b) = next.chars().next() else { return false };
    let Some(a) = out.chars().next_back() else {
        out.push_str(next);
        return false;
    };
    let mut dropped = false;
    match break_kind(out, a, b) {
        Break::Nothing => {}
        Break::Space => out.push(' '),
        Break::DropHyphen => {
            out.pop();
            dropped = true;
        }
    }
    out.push_str(next);
    dropped
}

/// Like [`join_lines`], but also returns the indices of the lines whose final hyphen
/// was dropped.
pub fn join_lines_recorded<S: AsRef<str>>(lines: &[S]) -> (String, Vec<usize>) {
    join_lines_known(lines, |_| None)
}

/// A line's spacing verdict as the join takes it: `None` for a line without whitespace
/// (most lines: it is tight, and cleaning leaves it as it is), else
/// [`spacing_of_spaced`].
pub(crate) type JoinVerdict = Option<Option<bool>>;

/// The verdict [`join_lines_recorded`] computes for a line.
pub(crate) fn join_verdict(line: &str) -> JoinVerdict {
    crate::cjk::has_whitespace(line).then(|| spacing_of_spaced(line))
}

/// [`join_lines_recorded`], with `known(k)` the [`JoinVerdict`] of line `k` where the
/// caller has it already (reflow scanned every line for whitespace; a second scan per
/// line here cost as much as the first).
pub(crate) fn join_lines_known<S: AsRef<str>>(
    lines: &[S],
    known: impl Fn(usize) -> Option<JoinVerdict>,
) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(lines.iter().map(|l| l.as_ref().len()).sum());
    let mut dropped = Vec::new();
    let mut last = None;
    // OCR spacing is a habit of the whole text, but a short line (`前 行 。`) has too
    // few Han neighbours to show it: such a line follows the other lines of its
    // paragraph.
    // On the stack for a paragraph of up to 16 lines (nearly all): no allocation.
    let mut small: [JoinVerdict; 16] = [None; 16];
    let mut big: Vec<JoinVerdict> = Vec::new();
    let verdicts: &mut [JoinVerdict] = if lines.len() <= small.len() {
        &mut small[..lines.len()]
    } else {
        big.resize(lines.len(), None);
        &mut big
    };
    for (k, (v, l)) in verdicts.iter_mut().zip(lines).enumerate() {
        *v = known(k).unwrap_or_else(|| join_verdict(l.as_ref()));
    }
    let (yes, no) = verdicts
        .iter()
        .filter_map(|v| v.unwrap_or(Some(false)))
        .fold((0, 0), |(y, n), v| if v { (y + 1, n) } else { (y, n + 1) });
    let para_ocr = yes > no;
    for (k, line) in lines.iter().enumerate() {
        let cleaned = match verdicts[k] {
            None => Cow::Borrowed(line.as_ref()),
            Some(v) => clean_spaces_as(line.as_ref(), v.unwrap_or(para_ocr)),
        };
        let next = cleaned.as_ref();
        if next.is_empty() {
            continue;
        }
        if push_joined(&mut out, next) {
            if let Some(l) = last {
                dropped.push(l);
            }
        }
        last = Some(k);
    }
    (out, dropped)
}

#[derive(Debug, PartialEq)]
enum Break {
    Nothing,
    Space,
    DropHyphen,
}

fn break_kind(before: &str, a: char, b: char) -> Break {
    // An ideograph of the main block on either side (most breaks of Chinese text) joins
    // without anything, whatever the other char: the tests below give `Nothing` for it
    // (next to Hangul as Han, otherwise as wide), the hyphen test aside.
    let main_han = |c: char| matches!(c as u32, 0x4E00..=0x9FFF);
    if a != '-' && (main_han(a) || main_han(b)) {
        return Break::Nothing;
    }
    break_kind_by_class(before, a, b)
}

/// [`break_kind`] without its fast path.
fn break_kind_by_class(before: &str, a: char, b: char) -> Break {
    if a == '-' {
        let prev = before.chars().rev().nth(1);
        if prev.is_some_and(|p| p.is_ascii_alphabetic()) && b.is_ascii_lowercase() {
            return Break::DropHyphen;
        }
        return Break::Nothing;
    }
    if is_hangul(a) || is_hangul(b) {
        let other = if is_hangul(a) { b } else { a };
        if is_cjk_punct(other) || is_han(other) {
            return Break::Nothing;
        }
        return Break::Space;
    }
    if is_cjkish(a) || is_cjkish(b) {
        return Break::Nothing;
    }
    let left = a.is_alphanumeric() || ".,;:!?)]}%'\"".contains(a);
    let right = b.is_alphanumeric() || "([{'\"".contains(b);
    if left && right { Break::Space } else { Break::Nothing }
}

/// Removes the spaces inside one line that carry no meaning in CJK text:
/// - any whitespace run next to CJK punctuation (`系统升级” ）`);
/// - a space between a Han character and an ASCII digit (`5月 8~`, `13.2 亿元`), which
///   justification leaves;
/// - on a line where OCR has spaced out the Chinese (most Han–Han neighbours separated
///   by one space, `财 联 社 3 月 17 日 电`), every space that touches a CJK character.
///
/// Other runs become one ASCII space (`本报讯 记者缪晓琴报道`, `apt 是`, Latin words).
/// Returns the input borrowed when nothing changes.
///
/// ```
/// use newsprint::join::clean_spaces;
/// assert_eq!(clean_spaces("销售额达13.2 亿元"), "销售额达13.2亿元");
/// assert_eq!(clean_spaces("财 联 社 3 月 17 日 电"), "财联社3月17日电");
/// assert_eq!(clean_spaces("本报讯 记者缪晓琴报道"), "本报讯 记者缪晓琴报道");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn clean_spaces(line: &str) -> Cow<'_, str> {
    clean_spaces_as(line, is_ocr_spaced(line.trim_matches(|c: char| c.is_whitespace())))
}

/// [`clean_spaces`] with the OCR-spacing verdict given.
pub(crate) fn clean_spaces_as(line: &str, ocr: bool) -> Cow<'_, str> {
    let trimmed = crate::cjk::trim(line);
    if !crate::cjk::has_whitespace(trimmed) {
        return if trimmed.len() == line.len() { Cow::Borrowed(line) } else { Cow::Borrowed(trimmed) };
    }
    let mut out = String::with_capacity(trimmed.len());
    let mut pending_space = false;
    for c in trimmed.chars() {
        if crate::cjk::is_space(c) {
            pending_space = true;
            continue;
        }
        if pending_space {
            pending_space = false;
            if let Some(a) = out.chars().next_back() {
                if keep_space(a, c, ocr) {
                    out.push(' ');
                }
            }
        }
        out.push(c);
    }
    if out == line { Cow::Borrowed(line) } else { Cow::Owned(out) }
}

pub(crate) fn keep_space(a: char, b: char, ocr: bool) -> bool {
    if is_cjk_punct(a) || is_cjk_punct(b) {
        return false;
    }
    if (is_han(a) && b.is_ascii_digit()) || (a.is_ascii_digit() && is_han(b)) {
        return false;
    }
    if ocr && (is_cjkish(a) || is_cjkish(b)) && !is_hangul(a) && !is_hangul(b) {
        return false;
    }
    true
}

/// A line is OCR-spaced when at least half of the neighbouring pairs around Han
/// characters are split by a single space, and there are at least three such pairs.
pub(crate) fn is_ocr_spaced(line: &str) -> bool {
    ocr_spacing(line) == Some(true)
}

/// [`is_ocr_spaced`], or `None` when the line has fewer than three Han neighbour pairs
/// (spaced or not) and cannot tell.
pub(crate) fn ocr_spacing(line: &str) -> Option<bool> {
    // Only Han–Han neighbours count: a space between Chinese and a Latin word
    // (`其中 iPhone 和`) is usually real.
    // Without a space nothing is spaced out (most lines): no need to look further.
    // Any whitespace counts as a space: `clean_spaces` writes each run as one ASCII
    // space, and the verdict on its output must be the same (`一\u{3000}丽丽`).
    if !crate::cjk::has_whitespace(line) {
        return Some(false);
    }
    spacing_of_spaced(line)
}

/// [`ocr_spacing`] of a line known to hold whitespace.
pub(crate) fn spacing_of_spaced(line: &str) -> Option<bool> {
    let (mut spaced, mut tight) = (0usize, 0usize);
    // The two characters before the current one.
    let (mut p2, mut p1): (Option<char>, Option<char>) = (None, None);
    for c in line.chars() {
        let han = is_han(c);
        if han && p1.is_some_and(is_han) {
            tight += 1;
        }
        if han && p1.is_some_and(char::is_whitespace) && p2.is_some_and(is_han) {
            spaced += 1;
        }
        (p2, p1) = (p1, Some(c));
    }
    if spaced + tight < 3 && spaced < 2 {
        return None;
    }
    Some(spaced >= 2 && spaced >= tight)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn break_kind_fast_path_agrees() {
        let others: Vec<char> = (0..0x3400u32)
            .chain(0xA900..0xAD00)
            .chain(0xD700..0xD800)
            .chain(0xFE00..0xFFFF)
            .chain([0x4E00, 0x4E01, 0x9FFF, 0x20000])
            .filter_map(char::from_u32)
            .collect();
        for han in ['一', '中', '\u{9fff}'] {
            for &c in &others {
                for before in ["", "a-", "中-", "x"] {
                    assert_eq!(
                        break_kind(before, han, c),
                        break_kind_by_class(before, han, c),
                        "{han:?} {c:?}"
                    );
                    assert_eq!(
                        break_kind(before, c, han),
                        break_kind_by_class(before, c, han),
                        "{c:?} {han:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn cjk_breaks_vanish_also_next_to_quotes() {
        assert_eq!(
            join_lines(&["在新和这片土地上写下", "“丽新”一家亲的华章。"]),
            "在新和这片土地上写下“丽新”一家亲的华章。"
        );
        assert_eq!(join_lines(&["亲的华章……", "——新"]), "亲的华章……——新");
    }

    #[test]
    fn an_ideographic_space_counts_as_ocr_spacing_as_a_space_does() {
        // `clean_spaces` writes U+3000 as a space: its verdict on the output must agree.
        let line = "一\u{3000}丽丽丽\u{3000}一0、丽，";
        assert_eq!(ocr_spacing(line), ocr_spacing(&line.replace('\u{3000}', " ")));
    }

    #[test]
    fn latin_words_keep_one_space() {
        assert_eq!(join_lines(&["您可使用 apt", "install 软件包"]), "您可使用 apt install 软件包");
        assert_eq!(join_lines(&["APT::Default-", "Release 参数"]), "APT::Default-Release 参数");
    }

    #[test]
    fn chinese_dash_at_line_end_is_kept() {
        assert_eq!(join_lines(&["“丽水—", "新和友谊林”"]), "“丽水—新和友谊林”");
    }

    #[test]
    fn justification_spaces_go_meaningful_ones_stay() {
        assert_eq!(clean_spaces("2019年 12月，丽水"), "2019年12月，丽水");
        assert_eq!(clean_spaces("争先锋 拼干劲"), "争先锋 拼干劲");
        assert_eq!(clean_spaces("“系统升级”) 。"), "“系统升级”)。");
        assert!(matches!(clean_spaces("没有空格"), Cow::Borrowed(_)));
    }

    #[test]
    fn korean_word_spaces_stay() {
        assert_eq!(clean_spaces("대한민국 서울"), "대한민국 서울");
    }
}
