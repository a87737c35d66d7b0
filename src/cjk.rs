//! Character classification for CJK newspaper text: width in em, script, punctuation
//! classes and the kinsoku (line-breaking) sets.
//!
//! Widths come from the `unicode-width` crate (East Asian Width), with one correction:
//! the ambiguous-width punctuation that Chinese fonts set full width (`“ ” ‘ ’ … — ·`)
//! counts as a full em, as it does on a Chinese newspaper page.

use unicode_width::UnicodeWidthChar;

/// Punctuation of East Asian Width "A" that Chinese and Japanese fonts set one em wide.
#[inline]
pub fn is_ambiguous_cjk_punct(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·' | '─' | '•' | '※' | '′' | '″' | '⋯')
}

/// Hangul syllables and jamo: Korean separates words with spaces, so a line break
/// between two Hangul characters becomes a space.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7AF | 0xD7B0..=0xD7FF)
}

/// A wide (East Asian Width F or W) character: ideographs, kana, full-width forms,
/// CJK punctuation. Hangul is wide too; callers that join lines check [`is_hangul`].
#[inline]
pub fn is_wide(c: char) -> bool {
    // The unified ideographs (nearly every char of a page) are all wide, and no char
    // below U+1100 (ASCII, Latin, Greek, Cyrillic: the rest of most pages) is: the
    // width table only for the others (tested equal on every char).
    let u = c as u32;
    if (0x4E00..=0x9FFF).contains(&u) {
        return true;
    }
    u >= 0x1100 && c.width() == Some(2)
}

/// Wide, or ambiguous punctuation that is set wide in CJK text (CSS Text 3 segment
/// break rule: such a character next to a wide one joins without a space).
pub fn is_cjkish(c: char) -> bool {
    is_wide(c) || is_ambiguous_cjk_punct(c)
}

/// A Han ideograph (incl. extension A, compatibility ideographs) or 〇/々.
#[inline]
pub fn is_han(c: char) -> bool {
    let u = c as u32;
    // The unified block first (nearly every ideograph of a page), then everything
    // below U+3000 (ASCII, Latin, general punctuation) out at once.
    if (0x4E00..=0x9FFF).contains(&u) {
        return true;
    }
    if u < 0x3005 {
        return false;
    }
    matches!(u, 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x3134F) || c == '〇' || c == '々'
}

/// A letter or digit of any script, counting ideographs and full-width digits and
/// letters. Checks ASCII, Han and general punctuation first: `char::is_alphanumeric`
/// falls back to a slow table search for everything outside Latin-1.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if is_han(c) {
        return true;
    }
    if matches!(c as u32, 0x2000..=0x206F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFE30..=0xFE4F) {
        return false;
    }
    // CJK punctuation (、。《》「」…) is no letter; 〃 is none either. Checked against
    // `char::is_alphanumeric` for the whole block in the tests.
    if matches!(c as u32, 0x3000..=0x3004 | 0x3008..=0x3020 | 0x3030 | 0x303D..=0x303F) {
        return false;
    }
    // Full-width digits and letters.
    if matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ') {
        return true;
    }
    // The CJK symbols block mixes punctuation (、。「」) with letters (〆 々 〇 〻), so it
    // takes the general test.
    c.is_alphanumeric()
}

/// Does this character stand alone as a grapheme cluster whatever follows it? True for
/// ASCII (but CR), ideographs, CJK punctuation and full-width forms; used to skip the
/// general grapheme segmentation on plain CJK and Latin lines.
#[inline]
pub fn is_simple_grapheme(c: char) -> bool {
    (c.is_ascii() && c != '\r')
        || is_han(c)
        || matches!(c as u32, 0x2000..=0x206F | 0x3000..=0x303F | 0xFF01..=0xFF60 | 0x00A0..=0x02FF)
}

/// CJK punctuation (full-width or set wide), including quotes and brackets.
#[inline]
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFE30..=0xFE4F)
        || matches!(
            c,
            '，' | '。'
                | '、'
                | '；'
                | '：'
                | '？'
                | '！'
                | '（'
                | '）'
                | '《'
                | '》'
                | '〈'
                | '〉'
                | '「'
                | '」'
                | '『'
                | '』'
                | '【'
                | '】'
                | '〔'
                | '〕'
                | '～'
                | '．'
                | '／'
        )
        || is_ambiguous_cjk_punct(c)
}

/// Any punctuation or symbol (not a letter, digit or space).
pub fn is_punct(c: char) -> bool {
    !is_word_char(c) && !is_space(c)
}

/// Width of one character in em: ideographs and wide punctuation 1, half-width ½,
/// combining marks and controls 0.
#[inline]
pub fn width_em(c: char) -> f32 {
    // Exact: half ems are small whole numbers.
    width_halves(c) as f32 * 0.5
}

/// [`width_em`] by the East Asian Width table.
fn width_em_table(c: char) -> f32 {
    if is_ambiguous_cjk_punct(c) {
        return 1.0;
    }
    match c.width() {
        Some(2) => 1.0,
        Some(1) => 0.5,
        _ => 0.0,
    }
}

/// Width of one character in half ems (see [`width_em`]).
#[inline]
pub fn width_halves(c: char) -> u32 {
    // Fast paths (checked against the table for every char in the tests): printable
    // ASCII is narrow, the main block of ideographs is wide.
    if matches!(c, ' '..='~') {
        return 1;
    }
    if matches!(c as u32, 0x4E00..=0x9FFF) {
        return 2;
    }
    // Chinese punctuation: the CJK symbols block up to its combining tone marks
    // (U+302A), full-width forms, and the curly quotes (counted an em wide).
    if matches!(c as u32, 0x3000..=0x3029 | 0xFF01..=0xFF60 | 0x2018 | 0x2019 | 0x201C | 0x201D) {
        return 2;
    }
    (width_em_table(c) * 2.0) as u32
}

/// Walks `s` char by char: `f(None)` for each ideograph of the main block
/// (U+4E00–U+9FFF), read from its lead bytes without decoding it (E5–E9, or E4 then
/// B8–BF), and `f(Some(c))` for every other char. Most chars of Chinese text are such
/// ideographs, and the per-char width passes then cost a few instructions each.
#[inline]
pub fn for_each_char_han_fast(s: &str, mut f: impl FnMut(Option<char>)) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if (0xE5..=0xE9).contains(&x) || (x == 0xE4 && b[i + 1] >= 0xB8) {
            f(None);
            i += 3;
        } else if x < 0x80 {
            f(Some(x as char));
            i += 1;
        } else {
            let c = s[i..].chars().next().expect("a char boundary");
            f(Some(c));
            i += c.len_utf8();
        }
    }
}

/// Width of a string in half ems (see [`width_em`]).
#[inline]
pub fn str_width_halves(s: &str) -> u32 {
    // Main-block ideographs counted from their lead bytes (two halves each), the
    // others decoded (see [`for_each_char_han_fast`]): the same sum, in fewer steps.
    let (mut han, mut other) = (0u32, 0u32);
    for_each_char_han_fast(s, |c| match c {
        None => han += 1,
        Some(c) => other += width_halves(c),
    });
    2 * han + other
}

/// Width of a string in em (see [`width_em`]).
pub fn str_width_em(s: &str) -> f32 {
    // Every width is a multiple of ½, so the f32 sum is exact below 2^23 em and equals
    // the integer count of half ems (summed without a chain of float additions); the
    // empty sum is -0.0, as `Iterator::sum` gives.
    if s.is_empty() {
        return -0.0;
    }
    if s.len() >= 1 << 22 {
        return s.chars().map(width_em).sum();
    }
    str_width_halves(s) as f32 * 0.5
}

/// Traditional (and variant) forms of the characters the wording rules look for
/// (`本報記者`, `責任編輯`, `本報訊`, `新華社…電`, `圖為`, `攝`, the common surnames, the
/// words no headline ends on: `將` `從` `與` `讓` `給`), each
/// with its simplified form, sorted: the rules are written in simplified characters and
/// read a page set in traditional ones through [`fold_traditional`]. Taken from
/// OpenCC's `TSCharacters` table (Apache-2.0) for just those characters, leaving out
/// the traditional characters that are also surnames of their own (`於` `範` `餘`).
/// All are main-block ideographs, three bytes in UTF-8 like their simplified forms.
const TRADITIONAL: [(char, char); 76] = [
    ('來', '来'),
    ('劉', '刘'),
    ('吳', '吴'),
    ('呂', '吕'),
    ('員', '员'),
    ('嚴', '严'),
    ('圖', '图'),
    ('報', '报'),
    ('孫', '孙'),
    ('實', '实'),
    ('將', '将'),
    ('對', '对'),
    ('導', '导'),
    ('張', '张'),
    ('從', '从'),
    ('據', '据'),
    ('攝', '摄'),
    ('楊', '杨'),
    ('湯', '汤'),
    ('濟', '济'),
    ('為', '为'),
    ('爲', '为'),
    ('盧', '卢'),
    ('約', '约'),
    ('給', '给'),
    ('經', '经'),
    ('網', '网'),
    ('編', '编'),
    ('繪', '绘'),
    ('羅', '罗'),
    ('習', '习'),
    ('與', '与'),
    ('華', '华'),
    ('萬', '万'),
    ('葉', '叶'),
    ('蔣', '蒋'),
    ('蘇', '苏'),
    ('術', '术'),
    ('見', '见'),
    ('視', '视'),
    ('觀', '观'),
    ('計', '计'),
    ('訊', '讯'),
    ('記', '记'),
    ('設', '设'),
    ('許', '许'),
    ('評', '评'),
    ('說', '说'),
    ('説', '说'),
    ('論', '论'),
    ('謝', '谢'),
    ('譚', '谭'),
    ('讓', '让'),
    ('責', '责'),
    ('賀', '贺'),
    ('賈', '贾'),
    ('趙', '赵'),
    ('輯', '辑'),
    ('鄒', '邹'),
    ('鄧', '邓'),
    ('鄭', '郑'),
    ('錢', '钱'),
    ('鍾', '钟'),
    ('閆', '闫'),
    ('陳', '陈'),
    ('陸', '陆'),
    ('電', '电'),
    ('韋', '韦'),
    ('韓', '韩'),
    ('顧', '顾'),
    ('馬', '马'),
    ('馮', '冯'),
    ('駐', '驻'),
    ('黃', '黄'),
    ('龍', '龙'),
    ('龔', '龚'),
];

/// One bit per main-block ideograph (U+4E00..=U+9FFF): is it in [`TRADITIONAL`]?
static TRADITIONAL_BITS: [u64; 0x5200 / 64] = {
    let mut bits = [0u64; 0x5200 / 64];
    let mut k = 0;
    while k < TRADITIONAL.len() {
        let at = TRADITIONAL[k].0 as usize - 0x4E00;
        bits[at / 64] |= 1 << (at % 64);
        k += 1;
    }
    bits
};

/// The simplified form of `c` if it is one of the traditional characters the wording
/// rules know (see [`TRADITIONAL`]), else `c`.
#[inline]
pub fn fold_traditional_char(c: char) -> char {
    let at = (c as u32).wrapping_sub(0x4E00) as usize;
    if at >= 0x5200 || TRADITIONAL_BITS[at / 64] & (1 << (at % 64)) == 0 {
        return c;
    }
    TRADITIONAL.binary_search_by_key(&c, |p| p.0).map_or(c, |k| TRADITIONAL[k].1)
}

/// `text` with the traditional characters of [`TRADITIONAL`] in their simplified forms,
/// for the wording rules (`本報記者 王磊` reads as `本报记者 王磊`). Byte offsets are kept:
/// every pair is three bytes on both sides. Borrowed when nothing changes (most text).
pub fn fold_traditional(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().find(|&(_, c)| fold_traditional_char(c) != c) {
        None => std::borrow::Cow::Borrowed(text),
        Some((at, _)) => {
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..at]);
            out.extend(text[at..].chars().map(fold_traditional_char));
            std::borrow::Cow::Owned(out)
        }
    }
}

/// The curly quotes `‘’“”` (U+2018–U+201D, shared with Western text): marks of Chinese
/// text that [`is_cjk_punct`] leaves out, and which many fonts for Chinese draw as narrow
/// proportional glyphs (a third of an em) while the other marks keep their em.
#[inline]
pub(crate) fn is_curly_quote(c: char) -> bool {
    matches!(c, '‘' | '’' | '“' | '”')
}

/// The pause marks `，` `、` `；`: a clause goes on after one, so neither a paragraph nor a
/// title ends on one (a line that does is cut mid-sentence).
pub(crate) const PAUSE_MARKS: [char; 3] = ['，', '、', '；'];

/// Sentence-final punctuation: a line ending in one of these (possibly followed by
/// closing quotes or brackets) may end a paragraph.
#[inline]
pub fn is_sentence_final(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '…' | '.' | '!' | '?' | '；' | '｡' | '︒')
}

/// Closing quotes and brackets, which may follow the sentence-final mark.
#[inline]
pub fn is_closing(c: char) -> bool {
    matches!(c, '”' | '’' | '）' | '》' | '」' | '』' | '】' | '〕' | '〉' | ')' | ']' | '"' | '\'')
}

/// Opening quotes and brackets (kinsoku: no line ends with one).
pub fn is_opening(c: char) -> bool {
    matches!(c, '“' | '‘' | '（' | '《' | '「' | '『' | '【' | '〔' | '〈' | '(' | '[')
}

/// Kinsoku: characters that never start a line in Chinese typesetting.
#[inline]
pub fn is_line_start_forbidden(c: char) -> bool {
    // All of them lie in U+2019–U+201D, U+3001–U+3015 or U+FF01–U+FF1F: ideographs
    // and ASCII (most chars) are out on their code point alone.
    let u = c as u32;
    if u < 0x2019 || (0x3016..0xFF01).contains(&u) || u > 0xFF1F {
        return false;
    }
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '”'
            | '’'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〕'
    )
}

/// Does this text end a sentence: sentence-final punctuation, optionally followed by
/// closing quotes/brackets (`……。”`, `？）`)?
pub fn ends_sentence(s: &str) -> bool {
    // A line that ends in an ideograph of the main block (most lines, read from the
    // lead byte of its last three) or in an ASCII letter or digit ends no sentence:
    // neither is a space, a closing mark or a sentence end.
    let b = s.as_bytes();
    if let Some(&l) = b.last() {
        if l.is_ascii_alphanumeric() {
            return false;
        }
        if b.len() >= 3 {
            let x = b[b.len() - 3];
            if (0xE5..=0xE9).contains(&x) || (x == 0xE4 && b[b.len() - 2] >= 0xB8) {
                return false;
            }
        }
    }
    // `s.trim_end()` then closing marks, walked back in one pass (the generic trim
    // searcher cost more than the test itself; this runs several times per line).
    let mut it = s.chars().rev();
    let mut c = it.next();
    while c.is_some_and(is_space) {
        c = it.next();
    }
    while c.is_some_and(is_closing) {
        c = it.next();
    }
    c.is_some_and(is_sentence_final)
}

/// `c.is_whitespace()` with one compare for ideographs and CJK punctuation: every
/// Unicode `White_Space` char is at most U+3000 (the ideographic space), so chars above
/// it skip the standard library's table lookup (a shift and a chain of compares per
/// char in the per-char loops of interleave).
#[inline(always)]
pub fn is_space(c: char) -> bool {
    c <= '\u{3000}' && c.is_whitespace()
}

/// The first char of `s.trim_start()`, without the generic trim searcher.
#[inline]
pub fn first_non_space(s: &str) -> Option<char> {
    s.chars().find(|&c| !is_space(c))
}

/// Does `s` hold an ASCII space? An OR over 16-byte chunks, which the compiler turns
/// into vector compares: `memchr`'s set-up costs more than the scan on lines this short.
#[inline]
pub fn has_ascii_space(s: &str) -> bool {
    let b = s.as_bytes();
    let any = |c: &[u8]| c.iter().fold(false, |a, &x| a | (x == b' '));
    if b.len() < 16 {
        return any(b);
    }
    // The last 16 bytes as one more chunk (overlapping the one before) instead of a
    // byte-by-byte tail.
    b.chunks_exact(16).any(any) || any(&b[b.len() - 16..])
}

/// Does `s` hold a whitespace char? (`str::contains` with a char predicate goes
/// through the generic searcher, which costs more per char than this loop.)
#[inline]
pub fn has_whitespace(s: &str) -> bool {
    may_hold_whitespace(s.as_bytes()) && s.chars().any(is_space)
}

/// A byte test that every string holding a whitespace char passes and nearly every line
/// of Chinese text fails: ASCII whitespace, a C2 or E1 lead byte (U+0085, U+00A0,
/// U+1680), or the three bytes of U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
/// Without an exit inside the loop the compiler turns it into vector compares, which
/// costs less than decoding the line.
#[inline]
pub(crate) fn may_hold_whitespace(b: &[u8]) -> bool {
    let single = |x: u8| (x == b' ') | (x.wrapping_sub(0x09) < 5) | (x == 0xC2) | (x == 0xE1);
    let triple = |x: u8, y: u8, z: u8| {
        let e2 = (x == 0xE2)
            & (((y == 0x80) & ((z <= 0x8A) | (z == 0xA8) | (z == 0xA9) | (z == 0xAF)))
                | ((y == 0x81) & (z == 0x9F)));
        e2 | ((x == 0xE3) & (y == 0x80) & (z == 0x80))
    };
    let n = b.len();
    if n < 3 {
        return b.iter().any(|&x| single(x));
    }
    // Every start of a three-byte sequence is below n - 2; the last two bytes can only
    // be ASCII or a C2 lead.
    let tail = single(b[n - 2]) | single(b[n - 1]);
    // Sixteen starts at a time (a window of 18 bytes, no exit inside), the last window
    // overlapping the one before: a line's last bytes are tested as a vector too, not
    // byte by byte after the vector loop (most lines are a few dozen bytes, so that
    // tail was most of the work). The test is an OR over starts, so overlaps change
    // nothing.
    let window =
        |w: &[u8; 18]| (0..16).fold(false, |a, i| a | single(w[i]) | triple(w[i], w[i + 1], w[i + 2]));
    // A line shorter than the window (a title, a paragraph's last line: a fifth of
    // the lines of some pages) is tested as one window padded with zero bytes, which
    // neither test takes for whitespace: byte by byte it cost ~45 instructions a byte.
    let Some(last) = b.last_chunk::<18>() else {
        let mut w = [0u8; 18];
        w[..n].copy_from_slice(b);
        return window(&w) | tail;
    };
    let mut p = 0;
    while p + 18 <= n {
        if window(b[p..p + 18].try_into().expect("18 bytes")) {
            return true;
        }
        p += 16;
    }
    window(last) | tail
}

/// Whether `s` holds `c`. UTF-8 is self-synchronising, so `c`'s bytes occur in `s`
/// only where `c` does: for a three-byte char (an ideograph) the test is an OR over
/// every start with no exit, which the compiler turns into vector compares, instead of
/// decoding `s` (dedupe runs it on every short line).
pub(crate) fn holds_char(s: &str, c: char) -> bool {
    let mut buf = [0u8; 4];
    let e = c.encode_utf8(&mut buf).as_bytes();
    let h = s.as_bytes();
    match *e {
        [x, y, z] => {
            h.len() >= 3
                && h.iter()
                    .zip(&h[1..])
                    .zip(&h[2..])
                    .fold(false, |a, ((&p, &q), &r)| a | ((p == x) & (q == y) & (r == z)))
        }
        _ => s.contains(c),
    }
}

/// The chars of `t`, counted by lead bytes 16 at a time with no exit (vector compares
/// and a horizontal sum); the bytes after the last whole 16 as the tail of the line's
/// last 16 bytes, the ones counted already masked out. (A plain filtered count left
/// most of a line of a few dozen bytes to its scalar remainder loop.)
pub(crate) fn char_count(t: &str) -> usize {
    let b = t.as_bytes();
    let lead = |x: u8| u8::from((x as i8) >= -0x40);
    let Some(last) = b.last_chunk::<16>() else {
        return b.iter().map(|&x| usize::from(lead(x))).sum();
    };
    let chunks = b.chunks_exact(16);
    let skip = 16 - chunks.remainder().len();
    let mut n = 0usize;
    for c in chunks {
        let c: &[u8; 16] = c.try_into().expect("16 bytes");
        n += usize::from(c.iter().fold(0u8, |a, &x| a + lead(x)));
    }
    let tail = last.iter().enumerate().fold(0u8, |a, (i, &x)| a + (u8::from(i >= skip) & lead(x)));
    n + usize::from(tail)
}

/// `s.trim()`, with the common case (no space at either end) decided from the bytes
/// of the first and last chars alone: the generic trim searcher costs several times that
/// per line.
///
/// Inlined at its callers (it runs some ten times per line), a gate on the bytes of the
/// first and last chars that lets nearly every line through without a call: a
/// whitespace char beyond ASCII is `C2 85`, `C2 A0`, `E1 9A 80`, `E2 80 80`–`8A`,
/// `E2 80 A8`/`A9`/`AF`, `E2 81 9F` or `E3 80 80`, so it ends in a byte of
/// `END_BYTES` after `C2`, `80`, `81` or `9A`, and of those after `80` only `E2 80 x`
/// and `E3 80 80` (not `。` `E3 80 82` nor `、` `E3 80 81`, which end many lines).
/// The gate lets a few non-spaces through (`trim_exact` decides them), never a space.
#[inline]
pub fn trim(s: &str) -> &str {
    const END_BYTES: u64 = 0x7FF | (1 << 0x1F) | (1 << 0x20) | (1 << 0x28) | (1 << 0x29) | (1 << 0x2F);
    let b = s.as_bytes();
    let n = b.len();
    let (Some(&f), Some(&l)) = (b.first(), b.last()) else {
        return s;
    };
    let ascii_ws = |x: u8| x == b' ' || (0x09..=0x0D).contains(&x);
    let end_byte = |x: u8| (END_BYTES >> (x & 0x3F)) & 1 != 0;
    let may_start = if f < 0x80 {
        ascii_ws(f)
    } else {
        match f {
            0xC2 => true,
            0xE1..=0xE3 => n >= 3 && matches!(b[1], 0x80 | 0x81 | 0x9A) && end_byte(b[2]),
            _ => false,
        }
    };
    let may_end = if l < 0x80 {
        ascii_ws(l)
    } else {
        end_byte(l)
            && n >= 3
            && match b[n - 2] {
                0xC2 | 0x81 | 0x9A => true,
                0x80 => l == 0x80 || b[n - 3] == 0xE2,
                _ => false,
            }
            || n == 2
    };
    if may_start || may_end { trim_exact(s) } else { s }
}

/// [`trim`] past its gate: the whitespace chars at either end told from their bytes.
#[inline(never)]
fn trim_exact(s: &str) -> &str {
    let b = s.as_bytes();
    let (Some(&f), Some(&l)) = (b.first(), b.last()) else {
        return s;
    };
    // The whitespace chars beyond ASCII are U+0085, U+00A0 (`C2 85`, `C2 A0`), U+1680
    // (`E1 9A 80`), U+2000–200A, U+2028, U+2029, U+202F (`E2 80 80`–`8A`, `A8`, `A9`,
    // `AF`), U+205F (`E2 81 9F`) and U+3000 (`E3 80 80`): matched from their bytes
    // exactly, so that lines ending in `。` (`E3 80 82`) or starting with `“`
    // (`E2 80 9C`) are decided without decoding a char.
    let wide = |x: u8, y: u8, z: u8| match (x, y) {
        (0xE1, 0x9A) => z == 0x80,
        (0xE2, 0x80) => matches!(z, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
        (0xE2, 0x81) => z == 0x9F,
        (0xE3, 0x80) => z == 0x80,
        _ => false,
    };
    let ascii_ws = |x: u8| x == b' ' || (0x09..=0x0D).contains(&x);
    let n = b.len();
    // A lead byte of two or three is followed by that many bytes (`s` is UTF-8).
    let at_start = match f {
        0..0x80 => ascii_ws(f),
        0xC2 => matches!(b[1], 0x85 | 0xA0),
        0xE1..=0xE3 => wide(f, b[1], b[2]),
        _ => false,
    };
    let at_end = if l < 0x80 {
        ascii_ws(l)
    } else {
        (n >= 2 && b[n - 2] == 0xC2 && matches!(l, 0x85 | 0xA0)) || (n >= 3 && wide(b[n - 3], b[n - 2], l))
    };
    if at_start || at_end { s.trim() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_start_forbidden_gate_loses_no_char() {
        let list = "，。、；：？！”’）》」』】〕";
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_line_start_forbidden(c), list.contains(c), "{c:?}");
        }
    }

    #[test]
    fn holds_char_agrees_with_contains() {
        let texts = ["", "a", "称谓", "“称谓”之忧", "ab称c谓d", "谓", "x𠀀é谓"];
        for t in texts {
            for k in 0..=t.len() {
                let Some(s) = t.get(k..) else { continue };
                for c in ['谓', '称', '之', 'a', 'é', '𠀀', '“', 'x', '忧'] {
                    assert_eq!(holds_char(s, c), s.contains(c), "{s:?} {c:?}");
                }
            }
        }
    }

    #[test]
    fn char_count_counts_chars() {
        let texts = [
            "",
            "a",
            "本报记者",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "本报记者王磊通讯员李明报道近日",
            "x本报记者王磊通讯员李明报道近日某市召开会议𠀀é",
        ];
        for t in texts {
            for k in 0..=t.len() {
                if let Some(s) = t.get(..k) {
                    assert_eq!(char_count(s), s.chars().count(), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn widths_follow_east_asian_width() {
        assert_eq!(width_em('中'), 1.0);
        assert_eq!(width_em('a'), 0.5);
        assert_eq!(width_em('“'), 1.0);
        assert_eq!(width_em('，'), 1.0);
        assert_eq!(str_width_em("5月 8~"), 3.0);
    }

    #[test]
    fn the_lead_byte_walk_sees_every_char() {
        let s: String = (0..=0x10FFFFu32).filter_map(char::from_u32).collect();
        let mut seen = Vec::new();
        for_each_char_han_fast(&s, |c| seen.push(c));
        assert_eq!(seen.len(), s.chars().count());
        for (c, got) in s.chars().zip(seen) {
            match got {
                None => assert!(matches!(c as u32, 0x4E00..=0x9FFF), "{c:?}"),
                Some(g) => assert!(g == c && !matches!(c as u32, 0x4E00..=0x9FFF), "{c:?}"),
            }
        }
    }

    #[test]
    fn ideographs_letters_and_digits_end_no_sentence() {
        for c in (0x4E00..=0x9FFFu32)
            .filter_map(char::from_u32)
            .chain(('0'..='9').chain('a'..='z').chain('A'..='Z'))
        {
            assert!(!c.is_whitespace() && !is_closing(c) && !is_sentence_final(c), "{c:?}");
            assert!(!ends_sentence(&format!("。{c}")), "{c:?}");
        }
    }

    #[test]
    fn is_wide_equals_the_width_table_on_every_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_wide(c), c.width() == Some(2), "{:X}", c as u32);
        }
    }

    #[test]
    fn trim_equals_str_trim_next_to_every_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for s in [c.to_string(), format!("中{c}"), format!("{c}文"), format!(" {c}"), format!("{c}。")]
            {
                assert_eq!(trim(&s), s.trim(), "{c:?}");
            }
        }
    }

    #[test]
    fn is_space_is_is_whitespace() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_space(c), c.is_whitespace(), "{c:?}");
        }
    }

    #[test]
    fn the_whitespace_byte_test_passes_every_whitespace_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|c| c.is_whitespace()) {
            for s in [c.to_string(), format!("中{c}"), format!("{c}文"), format!("中文{c}中文")] {
                assert!(may_hold_whitespace(s.as_bytes()), "{c:?}");
            }
        }
        assert!(!may_hold_whitespace("“中文”，、。——……《》".as_bytes()));
        // Lines shorter than a window (tested padded): no mark taken for whitespace.
        for s in ["。", "“中”", "——……", "《中文》，", "中文、中文。"] {
            assert!(!may_hold_whitespace(s.as_bytes()), "{s}");
        }
        // At every position of lines around the 18-byte windows' edges.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|c| c.is_whitespace()) {
            for len in [5, 6, 7, 11, 12, 13, 17] {
                for at in 0..=len {
                    let mut s: String = "中".repeat(len);
                    s.insert(at * 3, c);
                    assert!(may_hold_whitespace(s.as_bytes()), "{c:?} {len} {at}");
                    s.insert(0, 'a');
                    assert!(may_hold_whitespace(s.as_bytes()), "{c:?} {len} {at} shifted");
                }
            }
        }
        assert!(!may_hold_whitespace("“中文”，、。——……《》“中文”，、。——……《》。".as_bytes()));
    }

    #[test]
    fn fast_paths_agree_with_the_tables() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(width_em(c).to_bits(), width_em_table(c).to_bits(), "{c:?}");
            let slow = if c.is_ascii() {
                c.is_ascii_alphanumeric()
            } else if is_han(c) {
                true
            } else if matches!(c as u32, 0x2000..=0x206F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFE30..=0xFE4F)
            {
                false
            } else {
                c.is_alphanumeric()
            };
            assert_eq!(is_word_char(c), slow, "{c:?}");
        }
    }

    #[test]
    fn sentence_end_sees_through_closing_quotes() {
        assert!(ends_sentence("创造辉煌的玉门。”"));
        assert!(ends_sentence("好不好？）"));
        assert!(!ends_sentence("不断提升新和发展软"));
        assert!(!ends_sentence("”"));
    }

    #[test]
    fn classes() {
        assert!(is_hangul('한'));
        assert!(!is_hangul('中'));
        assert!(is_cjkish('”'));
        assert!(is_han('丽'));
        assert!(!is_han('，'));
    }
    #[test]
    fn traditional_folds_to_the_simplified_wording() {
        assert_eq!(fold_traditional("本報記者 陳國琦"), "本报记者 陈國琦");
        assert_eq!(fold_traditional("責任編輯 郭峯"), "责任编辑 郭峯");
        assert!(matches!(fold_traditional("本报记者 王磊"), std::borrow::Cow::Borrowed(_)));
        // Surnames of their own stay.
        assert_eq!(fold_traditional("范於余"), "范於余");
        for (t, s) in TRADITIONAL {
            assert_eq!(t.len_utf8(), s.len_utf8());
            assert_eq!(fold_traditional_char(t), s);
            assert_eq!(fold_traditional_char(s), s);
        }
        assert!(TRADITIONAL.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
