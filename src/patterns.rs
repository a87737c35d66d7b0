//! Newspaper conventions recognised from the text of a line: datelines, bylines, photo
//! captions and credits, page furniture. These follow how Chinese newspapers are set
//! (see the crate docs), not any one page. Compiled once.

use std::sync::LazyLock;

use regex::Regex;

use crate::cjk::ends_sentence;

/// What a line is by its wording alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Nothing special: body text or a title, decided by layout.
    Plain,
    /// A byline (`□ 本报记者 沈贞海`, `本报记者陈国琦`).
    Byline,
    /// A photo credit (`新华社记者 朱旭东 摄`).
    Credit,
    /// Page furniture (`责任编辑 梁晨  美术编辑 罗佳`).
    Furniture,
}

static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(责任编辑|本版编辑|美术编辑|图片编辑|版式设计|版面设计|责任校对|本版责编|责编)")
        .expect("static regex")
});

static BYLINE_MARK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[□■◇◆○●]\s*\S").expect("static regex"));

static BYLINE_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^((文|图)([/／·]?(文|图))?(\s*[/／:：]\s*|\s+))?(本报|新华社|中新社|人民日报|经济日报|光明日报)?(特约|见习|驻[\p{Han}]{1,6})?(记者|通讯员|实习生|评论员|撰稿人?)[\s\p{Han}·、/／]{2,24}$",
    )
    .expect("static regex")
});

static ROLE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(本报|新华社|人民日报|经济日报)(特约)?(评论员|记者|通讯员|观察员)$").expect("static regex")
});

/// A byline in Latin script: `By Jane Smith`, `BY JANE SMITH AND JOHN DOE`, `By Jane
/// Smith, Staff Writer`: `By`, then one to four capitalised names (initials and
/// particles allowed), joined by `and`, `&` or commas, optionally a role after a comma.
static BYLINE_LATIN: LazyLock<Regex> = LazyLock::new(|| {
    let name = r"\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|van|von|der|da|di|le|la|bin|al))*";
    Regex::new(&format!(
        r"^(?:By|BY)\s+{name}(?:\s*(?:,|,?\s+and|,?\s+AND|&)\s+{name})*(?:,\s+[\p{{L}} ]{{2,40}})?$"
    ))
    .expect("static regex")
});

static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^。！？；]{2,40}(摄|摄影|供图|制图|绘图|图片来源[:：]?\S*)$").expect("static regex")
});

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(本报讯|本报[\p{Han}\d０-９]{1,16}(电|讯)|(新华社|中新社|中新网|人民网|新华网|央视网|光明网|据新华社)[\p{Han}\d０-９\s]{0,24}(电|讯)|【[^】]{1,20}】)",
    )
    .expect("static regex")
});

static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(图为|上图|下图|左图|右图|图[①-⑳\d０-９]|▲|△|图[:：]|图片说明)").expect("static regex")
});

/// Can a byline's role words start with `c` (`本报记者`, `新华社记者`, `特约撰稿`, `文/图`)?
fn role_head(c: char) -> bool {
    matches!(
        c,
        '本' | '新'
            | '中'
            | '人'
            | '经'
            | '光'
            | '特'
            | '驻'
            | '记'
            | '通'
            | '实'
            | '评'
            | '见'
            | '文'
            | '图'
    )
}

/// Classifies a line by its wording. A page set in traditional characters reads the
/// same (`本報記者 王磊`): see [`crate::cjk::fold_traditional`].
pub fn line_kind(text: &str) -> LineKind {
    let t = crate::cjk::trim(text);
    // Cheap rejection first: every pattern below needs a short line that does not finish
    // a sentence, and most lines of body text are neither (the regexes run on the rest).
    // The sentence end is read from the line's end, before its chars are counted.
    if t.len() > 40 * 4 || ends_sentence(t) {
        return LineKind::Plain;
    }
    // The char count is needed only against 30 and 40, and a line has no more chars
    // than bytes: counted only where the byte length does not settle it.
    if t.len() > 40 && crate::cjk::char_count(t) > 40 {
        return LineKind::Plain;
    }
    // Traditional characters are folded only where a rule below may apply: a line that
    // opens with a role or furniture character, or ends on a credit's
    // (each read folded). Most lines do neither and skip the pass.
    let fold = crate::cjk::fold_traditional_char;
    let first = t.chars().next().map(fold);
    let last = t.chars().next_back().map(fold);
    let folded = if first.is_some_and(|c| role_head(c) || matches!(c, '责' | '美' | '版'))
        || matches!(last, Some('摄' | '影' | '图'))
    {
        crate::cjk::fold_traditional(t)
    } else {
        std::borrow::Cow::Borrowed(t)
    };
    let t = folded.as_ref();
    // The role regexes below need the line to open with one of these chars; other lines
    // (most) skip the pass over chars for the role words' last chars (者员生人), and
    // `图片来源` is looked for only where a `图` is (a byte search).
    let role_head = first.is_some_and(role_head);
    let (mut tu, mut zhe, mut yuan, mut sheng, mut gao) = (false, false, false, false, false);
    if role_head {
        for c in t.chars() {
            match c {
                '图' => tu = true,
                '者' => zhe = true,
                '员' => yuan = true,
                '生' => sheng = true,
                '稿' => gao = true,
                _ => {}
            }
        }
    } else {
        // Only a pretest for `图片来源` below: whether the line holds `图`'s last byte
        // (`E5 9B BE`), as a fold with no exit that the compiler vectorises. (`contains`
        // with a non-ASCII char sets up the two-way substring searcher on every call.)
        tu = t.bytes().fold(false, |a, b| a | (b == 0xBE));
    }
    // Each regex runs only when the literal it cannot match without is there.
    if t.starts_with(['责', '本', '美', '图', '版']) && FURNITURE.is_match(t) && !t.contains('，') {
        return LineKind::Furniture;
    }
    {
        let credit_end = t.ends_with(['摄', '影', '图']) || (tu && t.contains("图片来源"));
        if credit_end && CREDIT.is_match(t) && !t.contains('，') {
            return LineKind::Credit;
        }
        if t.starts_with(['□', '■', '◇', '◆', '○', '●'])
            && BYLINE_MARK.is_match(t)
            && (t.len() <= 30 || crate::cjk::char_count(t) <= 30)
        {
            return LineKind::Byline;
        }
        // 记者, 通讯员, 实习生, 评论员, 撰稿 / 撰稿人, 观察员. A commissioned writer is
        // credited `特约撰稿 何志飞` as often as `特约撰稿人 何志飞`: the role is 撰稿.
        let role = (zhe && t.contains("记者"))
            || (yuan && ["通讯员", "评论员", "观察员"].iter().any(|r| t.contains(r)))
            || (sheng && t.contains("实习生"))
            || (gao && t.contains("撰稿"));
        if role
            && (BYLINE_ROLE.is_match(t) || ROLE_ONLY.is_match(t))
            && !t.ends_with("报道")
            && !t.ends_with("报导")
            && names_after_role(t)
        {
            return LineKind::Byline;
        }
    }
    // `By Jane Smith`: only lines that start with `By ` (and are short) ask the regex.
    if (t.starts_with("By ") || t.starts_with("BY ")) && t.len() <= 80 && BYLINE_LATIN.is_match(t) {
        return LineKind::Byline;
    }
    LineKind::Plain
}

/// Longest run of characters one name (or two set together) takes in a byline.
const MAX_NAME_RUN: usize = 8;

/// Do the words after the byline's first role word read as names? Each run between
/// spaces or name separators is short (`本报记者李济国贾建舟`); a longer one is a sentence
/// that happens to open with the role word (`记者同观众一起走进了剧`, a body line).
fn names_after_role(t: &str) -> bool {
    let Some(at) = ["记者", "通讯员", "实习生", "评论员", "撰稿人", "撰稿", "观察员"]
        .iter()
        .filter_map(|r| t.find(r).map(|k| k + r.len()))
        .min()
    else {
        return true;
    };
    let rest = &t[at..];
    // Nor does a name hold a particle or a pronoun (`记者的工作并不轻松`): these
    // characters are not used in Chinese given names.
    if rest.contains(['的', '了', '们', '着', '这', '是']) {
        return false;
    }
    rest.split(|c: char| c.is_whitespace() || matches!(c, '·' | '、' | '/' | '／'))
        .all(|w| w.chars().count() <= MAX_NAME_RUN)
}

/// Chars after the leading whitespace that [`is_dateline`] reads: more than `DATELINE`
/// can match (29) and the gap test reads (24).
const DATELINE_HEAD: usize = 32;

/// Does a paragraph start with a dateline (`本报讯`, `新华社北京1月5日电`)?
pub fn is_dateline(text: &str) -> bool {
    // Every dateline starts with one of these pairs or `【` (after optional spaces; the
    // retry below only drops spaces, so its first two non-space chars are these too):
    // most lines are decided here, without the regex.
    // Read folded to simplified characters (`本報訊`), the text only past the first test.
    let first = crate::cjk::first_non_space(text).map(crate::cjk::fold_traditional_char);
    if !matches!(first, Some('本' | '新' | '中' | '人' | '央' | '光' | '据' | '【')) {
        return false;
    }
    if first != Some('【') {
        // The second char folded by itself, before the whole text is: the fold maps
        // char to char and no char it maps is a space, so this is the second non-space
        // char of the folded text. (Paragraphs opening with `中` `人` `新` are common;
        // folding all of their text first cost a pass over it.)
        let second =
            text.chars().filter(|&c| !crate::cjk::is_space(c)).nth(1).map(crate::cjk::fold_traditional_char);
        let pair = matches!(
            (first, second),
            (Some('本'), Some('报'))
                | (Some('新'), Some('华'))
                | (Some('中'), Some('新'))
                | (Some('人'), Some('民'))
                | (Some('央'), Some('视'))
                | (Some('光'), Some('明'))
                | (Some('据'), Some('新'))
        );
        if !pair {
            return false;
        }
    }
    // Only the head is read (folded): `DATELINE` is anchored and spans at most 29 chars
    // after the leading whitespace (`据新华社`, 24 chars, `电`), the gap test below 24;
    // the whole paragraph was folded for them before.
    let lead = text.len() - text.trim_start().len();
    let end = text[lead..].char_indices().nth(DATELINE_HEAD).map_or(text.len(), |(i, _)| lead + i);
    let folded = crate::cjk::fold_traditional(&text[..end]);
    let text = folded.as_ref();
    if DATELINE.is_match(text) {
        return true;
    }
    // A date read with gaps in it (`本报德班１２月 ３１日电`, pieces of one line joined
    // with a space): spaces next to a digit in its head close up. Only there, so a
    // byline's spaced names (`本报记者 王磊 通讯员`) stay no dateline.
    let head: Vec<char> = text.trim_start().chars().take(24).collect();
    let digit = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(c));
    let mut closed = String::with_capacity(text.len());
    let mut changed = false;
    for (k, &c) in head.iter().enumerate() {
        if c.is_whitespace() && (digit(head.get(k + 1)) || (k > 0 && digit(head.get(k - 1)))) {
            changed = true;
            continue;
        }
        closed.push(c);
    }
    changed && DATELINE.is_match(&closed)
}

/// Is this the wording of a section label: a short rubric (2 to 6 characters) of
/// ideographs only, or two rubrics joined by a middle dot (`科技·产品`, `文化·读书`), as a
/// page's section names its desk and its topic?
pub fn is_label_text(t: &str) -> bool {
    if !(2..=6).contains(&t.chars().count()) {
        return false;
    }
    let mut parts = t.split(['·', '・', '•', '‧']);
    let first = parts.next().unwrap_or_default();
    let ok = |p: &str| !p.is_empty() && p.chars().all(crate::cjk::is_han);
    ok(first) && parts.enumerate().all(|(k, p)| k == 0 && ok(p))
}

/// Does a paragraph read as a photo caption (`图为……`)?
pub fn is_caption(text: &str) -> bool {
    let first = crate::cjk::first_non_space(text).map(crate::cjk::fold_traditional_char);
    matches!(first, Some('图' | '上' | '下' | '左' | '右' | '▲' | '△'))
        && CAPTION.is_match(&crate::cjk::fold_traditional(text))
}

/// Where the caption ends and its credit starts, in a caption set with its photo credit
/// after its last sentence (`图为……。　田帅 摄`): the byte offset just past the sentence
/// end, in `text` (`None`: the line does not end in such a credit). The credit is what
/// follows, trimmed, and closes the caption: nothing runs on after it.
pub fn credit_cut(text: &str) -> Option<usize> {
    let t = text.trim_end();
    if !matches!(t.chars().next_back().map(crate::cjk::fold_traditional_char), Some('摄' | '影' | '图')) {
        return None;
    }
    let cut = t.rfind(['。', '！', '？'])? + '。'.len_utf8();
    let tail = crate::cjk::trim(&t[cut..]);
    (!tail.is_empty() && line_kind(tail) == LineKind::Credit).then_some(cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credit_after_the_caption_s_last_sentence_ends_the_line() {
        let caption = "图为查看和编辑这些映射。　田帅 摄";
        assert_eq!(credit_cut(caption), caption.find('　'));
        assert_eq!(credit_cut("图为查看和编辑这些映射。"), None);
        assert_eq!(credit_cut("他在现场拍摄"), None);
    }

    #[test]
    fn kinds() {
        assert_eq!(line_kind("□ 本报记者 沈贞海"), LineKind::Byline);
        assert_eq!(line_kind("本报记者陈国琦"), LineKind::Byline);
        assert_eq!(line_kind("新华社记者 朱 旭 东 摄"), LineKind::Credit);
        assert_eq!(line_kind("责任编辑 梁晨  美术编辑 罗佳"), LineKind::Furniture);
        assert_eq!(line_kind("责任编辑朱红美术编辑杨帆"), LineKind::Furniture);
        assert_eq!(line_kind("本报讯 记者缪晓琴报道 第二"), LineKind::Plain);
        assert_eq!(line_kind("记者了解到，这里的村民。"), LineKind::Plain);
        assert_eq!(line_kind("记者同观众一起走进了剧"), LineKind::Plain);
        assert_eq!(line_kind("本报记者李济国贾建舟"), LineKind::Byline);
        assert_eq!(line_kind("资料图片来源：新华社"), LineKind::Credit);
        assert_eq!(line_kind("通讯员 张三 实习生 李四"), LineKind::Byline);
        assert_eq!(line_kind("我们走访记者 张三"), LineKind::Plain);
        assert_eq!(line_kind("本报记者 杨俊超 程亮"), LineKind::Byline);
    }

    #[test]
    fn traditional_wording_reads_the_same() {
        assert_eq!(line_kind("本報記者 陳國琦"), LineKind::Byline);
        assert_eq!(line_kind("新華社記者 朱旭東 攝"), LineKind::Credit);
        assert_eq!(line_kind("責任編輯 郭峯  美術編輯 陳靜"), LineKind::Furniture);
        assert_eq!(line_kind("本報評論員"), LineKind::Byline);
        assert!(is_dateline("本報訊 記者劉洋報道"));
        assert!(is_dateline("新華社北京１月３日電"));
        // Read from the head: the longest match, with leading space and text after it.
        let long = format!("\u{3000} 据新華社{}電（記者 王磊）{}", "北".repeat(24), "國".repeat(200));
        assert!(is_dateline(&long));
        assert!(!is_dateline(&long.replacen('電', "，", 1)));
        assert!(is_dateline("本报德班１２月 ３１日电 记者温宪报道，".repeat(20).as_str()));
        assert!(is_caption("圖為老年人在雄安新區"));
        let caption = "圖為查看和編輯這些映射。　田帥 攝";
        assert_eq!(credit_cut(caption), caption.find('　'));
    }

    #[test]
    fn latin_bylines() {
        for t in
            ["By Jane Smith", "BY JANE SMITH", "By Jane Smith and John Doe", "By J. R. Smith, Staff Writer"]
        {
            assert_eq!(line_kind(t), LineKind::Byline, "{t}");
        }
        assert_eq!(line_kind("By Anna de la Cruz & Jan van Dijk"), LineKind::Byline);
        // A sentence that opens with `By` is body text.
        for t in ["By noon the crowd had gone", "By the way, Smith said", "By Smith's count, 40 came."] {
            assert_eq!(line_kind(t), LineKind::Plain, "{t}");
        }
    }

    #[test]
    fn commissioned_and_slashed_bylines() {
        // 特约撰稿 (no 人), 见习记者, and the 文/图 credit forms are bylines too.
        assert_eq!(line_kind("特约撰稿 何志飞"), LineKind::Byline);
        assert_eq!(line_kind("本报特约撰稿人 何志飞"), LineKind::Byline);
        assert_eq!(line_kind("见习记者 王磊"), LineKind::Byline);
        assert_eq!(line_kind("文/本报记者 王磊"), LineKind::Byline);
        assert_eq!(line_kind("文／图 本报记者 王磊"), LineKind::Byline);
        assert_eq!(line_kind("本报记者 王磊 文/图"), LineKind::Byline);
        assert_eq!(line_kind("本报实习生 李四"), LineKind::Byline);
        // A sentence that opens with the role word is body text.
        assert_eq!(line_kind("撰稿人往往要花很多时间修改稿子"), LineKind::Plain);
        assert_eq!(line_kind("特约撰稿的工作并不轻松"), LineKind::Plain);
        assert_eq!(line_kind("本报记者的工作很辛苦"), LineKind::Plain);
        assert!(is_dateline("本报讯 记者缪晓琴报道"));
        assert!(is_dateline("本报德班１２月 ３１日电 记者温宪报道"));
        assert!(!is_dateline("本报记者 王磊 通讯员 李四"));
        assert!(is_dateline("新华社北京１２月３０日电"));
        assert!(is_dateline("本报比勒陀利亚１月１日电"));
        assert!(!is_dateline("本报记者"));
        assert!(is_caption("图为老年人在雄安新区"));
    }

    #[test]
    fn label_text() {
        assert!(is_label_text("开源园地"));
        assert!(is_label_text("科技·产品"));
        assert!(!is_label_text("·产品"));
        assert!(!is_label_text("科技·产品·服务"));
        assert!(!is_label_text("京东，客服"));
        assert!(!is_label_text("图"));
        assert!(!is_label_text("开源园地开源园地"));
    }
}
