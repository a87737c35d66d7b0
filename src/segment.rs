//! Stage: from a page's [`Unit`]s to articles.
//!
//! Input: the units of one page from [`crate::reflow`]. Output: a [`Page`] — section
//! label, [`Article`]s in the order their bodies start, and loose fragments.
//!
//! 1. **Body segments.** Paragraphs, captions and credits are cut into segments at
//!    strong evidence of a new article: a dateline (`本报讯`, `新华社…电`), a byline, a
//!    photo credit (it closes a photo item), page furniture, a change of column measure
//!    between multi-line paragraphs, and a run of title lines — unless that run reads as
//!    a subhead: not fake bold, no wider than the column, and the text before and after
//!    it is cohesive (shares its vocabulary), as one article's sections do.
//! 2. **Titles.** Title lines that are not subheads are grouped into titles (a kicker /
//!    headline / subtitle block is one group) and attached to the segment whose text they
//!    match best — shared character bigrams, weighted by how rare each bigram is on the
//!    page — because extractors emit headlines far from their bodies.
//! 3. **Hidden boundaries.** When two titles match the same segment best, the segment
//!    holds two articles that nothing in the layout separated; it is cut at the paragraph
//!    boundary where the two titles' matches change over.
//! 4. Bylines go to the article whose title or body they touch; captions and credits stay
//!    with the body they follow; what fits nowhere is kept in [`Page::loose`].
//! 5. **Continuations.** Where interleaved columns come line by line, a body left without
//!    a title (or under one that does not hold) joins the titled article it shares most
//!    words with (`join_continuations`).
//!
//! Text already set one paragraph per line (every body unit one input line, as in
//! newsprint's own text output) is read the way [`crate::render::write_text`] writes it:
//! a blank line before a paragraph or a title starts an article (a dateline does not),
//! title lines without a blank line before them stay inside their article, one block per
//! line, a title goes with the paragraphs right below it, each of its lines one part
//! (kicker, headline, subtitle), and a section label stands apart by a blank line.

// Fx hashing: fast for small keys, and with no random seed, so iteration order (and
// with it every float sum and tie) is the same on every run.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::cjk::{ends_sentence, is_cjk_punct, is_han, is_opening};
use crate::columns::LineHint;
use crate::config::SegmentConfig;
use crate::join::push_joined;
use crate::model::{Article, Block, BlockKind, Decision, LineRange, Page};
use crate::reflow::{Unit, UnitKind};

type Bigram = (char, char);

fn content_char(c: char) -> bool {
    crate::cjk::is_word_char(c)
}

/// Content bigrams of a text (pairs of neighbouring letters/ideographs/digits).
fn bigrams(text: &str) -> impl Iterator<Item = Bigram> + '_ {
    // `prev`: the previous char if it is a content char (each char is classified once).
    let mut prev: Option<char> = None;
    text.chars().filter_map(move |c| {
        let content = content_char(c);
        let out = match prev {
            Some(p) if content => Some((p, c)),
            _ => None,
        };
        prev = content.then_some(c);
        out
    })
}

/// Cosine similarity of the bigram count vectors of two texts.
pub fn cohesion(a: &str, b: &str) -> f32 {
    // The counts are whole numbers, so the dot product and the squared norms are sums
    // of whole numbers: below 2^24 every partial sum is exact in f32, whatever the
    // order of addition. Then they are computed from one map of both texts' counts and
    // give the same bits as the f32 sums over two maps of `cohesion_maps`.
    let mut counts: HashMap<u64, (u32, u32)> =
        HashMap::with_capacity_and_hasher((a.len() + b.len()) / 3, Default::default());
    for g in bigrams(a) {
        counts.entry(pack(g)).or_default().0 += 1;
    }
    for g in bigrams(b) {
        counts.entry(pack(g)).or_default().1 += 1;
    }
    let mut sums = CountSums::default();
    for &(x, y) in counts.values() {
        sums.add(x, y);
    }
    sums.cosine().unwrap_or_else(|| cohesion_maps(a, b))
}

/// The squared norms and dot product of two bigram count vectors, as whole numbers.
#[derive(Default)]
struct CountSums {
    na: u64,
    nb: u64,
    dot: u64,
}

impl CountSums {
    #[inline]
    fn add(&mut self, x: u32, y: u32) {
        let (x, y) = (u64::from(x), u64::from(y));
        self.na += x * x;
        self.nb += y * y;
        self.dot += x * y;
    }

    /// The cosine, as [`cohesion`] gives it; `None` when the sums are too large for every
    /// partial f32 sum to be exact (then [`cohesion_maps`] decides).
    fn cosine(&self) -> Option<f32> {
        const EXACT: u64 = 1 << 24;
        let CountSums { na, nb, dot } = *self;
        if na > EXACT || nb > EXACT || dot > EXACT {
            return None;
        }
        let (na, nb) = ((na as f32).sqrt(), (nb as f32).sqrt());
        // `Iterator::sum` starts from -0.0: no shared bigram gives -0.0, as before.
        let dot = if dot == 0 { -0.0 } else { dot as f32 };
        Some(if na == 0.0 || nb == 0.0 { 0.0 } else { dot / (na * nb) })
    }
}

/// One more occurrence of a bigram on side 0 (`a`) or 1 (`b`) of [`cohesion_units`].
#[inline]
fn bump(c: &mut (u32, u32), side: usize) {
    if side == 0 { c.0 += 1 } else { c.1 += 1 }
}

/// [`cohesion`] of the concatenated texts of the units `a` and of those of `b` (in the
/// given orders), from the page's bigram ids: one array update per bigram occurrence
/// instead of a hash (only the bigrams across the seams of units are hashed). The
/// counts are those of the concatenated texts, so the sums, whole numbers, are the
/// same. `None`: a unit that is no body unit has no ids, or the sums are too large.
fn cohesion_units(ub: &UnitBigrams, units: &[Unit], a: &[usize], b: &[usize]) -> Option<f32> {
    if a.iter()
        .chain(b)
        .any(|&u| !matches!(units[u].kind, UnitKind::Paragraph | UnitKind::Caption | UnitKind::Credit))
    {
        return None;
    }
    // All zero between calls (the touched entries are reset below): a fresh zeroed
    // array of all the page's ids per call cost more than the counting.
    let mut counts = ub.counts.borrow_mut();
    if counts.len() < ub.ids.len() {
        counts.resize(ub.ids.len(), (0, 0));
    }
    let mut touched = ub.touched.borrow_mut();
    touched.clear();
    let mut seams: HashMap<u64, (u32, u32)> = HashMap::default();
    for (side, list) in [a, b].into_iter().enumerate() {
        let mut prev: Option<char> = None;
        for &u in list {
            let (from, to, ends) = ub.spans[u];
            let Some((first, last)) = ends else { continue };
            if let Some(p) = prev.filter(|&p| content_char(p) && content_char(first)) {
                let key = pack((p, first));
                match ub.ids.get(key) {
                    Some(id) => {
                        let c = &mut counts[id as usize];
                        if *c == (0, 0) {
                            touched.push(id);
                        }
                        bump(c, side)
                    }
                    None => {
                        let c = seams.entry(key).or_default();
                        bump(c, side)
                    }
                }
            }
            for &id in &ub.seq[from as usize..to as usize] {
                let c = &mut counts[id as usize];
                if *c == (0, 0) {
                    touched.push(id);
                }
                bump(c, side)
            }
            prev = Some(last);
        }
    }
    let mut sums = CountSums::default();
    for &id in touched.iter() {
        let (x, y) = std::mem::take(&mut counts[id as usize]);
        sums.add(x, y);
    }
    for &(x, y) in seams.values() {
        sums.add(x, y);
    }
    sums.cosine()
}

/// Fewer ideograph bigrams than this on either side and [`move_cohesion`] falls back to
/// [`cohesion`] (a page in a script without ideographs).
const MIN_HAN_BIGRAMS: usize = 8;

/// [`cohesion`] on ideograph bigrams only, for moving paragraphs between articles on an
/// OCR page. On a Chinese page a pair of Latin letters is no word: letter pairs recur
/// across unrelated names and words, and Tesseract's misreads are Latin junk, so one
/// shared foreign name (or noise) outweighed the text's own words.
fn move_cohesion(a: &str, b: &str) -> f32 {
    let han = |t: &str| -> HashMap<u64, u32> {
        let mut m: HashMap<u64, u32> = HashMap::default();
        for g in bigrams(t).filter(|&(x, y)| !x.is_ascii_alphabetic() && !y.is_ascii_alphabetic()) {
            *m.entry(pack(g)).or_default() += 1;
        }
        // Latin words count whole (acronyms such as `LVM` are words), one token each.
        for w in t.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() >= 2) {
            let h = w.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x100_0000_01b3)
            });
            *m.entry(h | 1 << 63).or_default() += 1;
        }
        m
    };
    let (ca, cb) = (han(a), han(b));
    let (sa, sb): (u32, u32) = (ca.values().sum(), cb.values().sum());
    if (sa as usize) < MIN_HAN_BIGRAMS || (sb as usize) < MIN_HAN_BIGRAMS {
        return cohesion(a, b);
    }
    let sq = |m: &HashMap<u64, u32>| m.values().map(|&v| f64::from(v) * f64::from(v)).sum::<f64>().sqrt();
    let dot: f64 = ca.iter().filter_map(|(k, &v)| cb.get(k).map(|&w| f64::from(v) * f64::from(w))).sum();
    (dot / (sq(&ca) * sq(&cb))) as f32
}

/// [`cohesion`] summed in f32 over hash maps: for texts so long that the order of the
/// additions matters.
fn cohesion_maps(a: &str, b: &str) -> f32 {
    let mut ca: HashMap<Bigram, f32> = HashMap::default();
    for g in bigrams(a) {
        *ca.entry(g).or_default() += 1.0;
    }
    let mut cb: HashMap<Bigram, f32> = HashMap::default();
    for g in bigrams(b) {
        *cb.entry(g).or_default() += 1.0;
    }
    let dot: f32 = ca.iter().filter_map(|(k, v)| cb.get(k).map(|w| v * w)).sum();
    let na: f32 = ca.values().map(|v| v * v).sum::<f32>().sqrt();
    let nb: f32 = cb.values().map(|v| v * v).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 { 0.0 } else { dot / (na * nb) }
}

/// Above this cohesion between the paragraphs on either side, a body is not cut in two
/// even when two titles match its halves (a headline and subtitle of one article).
const CUT_COHESION: f32 = 0.06;

/// At most this many hidden-boundary cuts per page.
const MAX_HIDDEN_SPLITS: usize = 32;

/// Weaker title–body similarity accepted for titles and bodies that nothing else claims.
const WEAK_TITLE_SIMILARITY: f32 = 0.05;

/// Title bigrams beyond which match evidence saturates (see `BigramIndex::scores`).
const SATURATE: usize = 12;

/// Bounded text windows for cohesion: at most this many characters per side.
const WINDOW_CHARS: usize = 600;

/// The units (indices, in order) that [`window_text`] joins.
fn window_units(units: &[Unit], ks: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut chars = 0;
    for k in ks {
        if chars >= WINDOW_CHARS {
            break;
        }
        out.push(k);
        chars += units[k].text.chars().count();
    }
    out
}

fn window_text<'a>(units: impl Iterator<Item = &'a Unit>) -> String {
    // Room for a full window of CJK text (3 bytes a char) and some overshoot, so that
    // it does not grow unit by unit.
    let mut s = String::with_capacity(4 * WINDOW_CHARS);
    let mut chars = 0;
    for u in units {
        if chars >= WINDOW_CHARS {
            break;
        }
        s.push_str(&u.text);
        chars += u.text.chars().count();
    }
    s
}

/// A body segment under construction.
#[derive(Debug, Default, Clone)]
struct Segment {
    /// Unit indices of body items and subhead runs, in order.
    items: Vec<Item>,
}

#[derive(Debug, Clone)]
enum Item {
    Body(usize),
    Subhead(Vec<usize>),
}

impl Segment {
    fn body_units(&self) -> impl Iterator<Item = usize> + Clone + '_ {
        self.items.iter().filter_map(|i| match i {
            Item::Body(u) => Some(*u),
            Item::Subhead(_) => None,
        })
    }
}

/// A title group: consecutive title units.
#[derive(Debug, Clone)]
struct Title {
    units: Vec<usize>,
    /// Unit index right after the run the title came from (for positional attachment).
    next_unit: usize,
}

/// Segments a page's units into articles.
///
/// ```
/// use newsprint::reflow::{reflow_lines, Line};
/// use newsprint::segment::segment_articles;
/// use newsprint::{ReflowConfig, SegmentConfig};
/// let text = ["本报讯 记者王磊报道 第二届应急博览会", "将于5月8日在上海举办，展出规模进", "一步扩大。",
///             "第二届应急博览会在沪举办"];
/// let lines: Vec<Line> = text.iter().enumerate().map(|(i, t)| Line {
///     no: i + 1, text: t.to_string(), gap_before: false, doubled: false }).collect();
/// let units = reflow_lines(&lines, &ReflowConfig::default(), None);
/// let page = segment_articles(&units, &SegmentConfig::default(), None);
/// assert_eq!(page.articles.len(), 1);
/// assert_eq!(page.articles[0].headline.as_deref(), Some("第二届应急博览会在沪举办"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn segment_articles(units: &[Unit], cfg: &SegmentConfig, decisions: Option<&mut Vec<Decision>>) -> Page {
    segment_page(units, cfg, false, false, None, decisions)
}

/// [`segment_articles`] for a page the pipeline knows to be OCR text (see
/// [`crate::ocr`]): Tesseract puts the lines of one headline, set in one size, in one
/// block, so title lines with no blank line between them are one title however the
/// line was wrapped (`俄罗斯新卢` / `布开始流通`).
///
/// `layout`: on a page the column splitter cut into columns, what it knows of each line
/// that [`Unit::idx`] indexes. One rule holds there only: a change of measure between
/// paragraphs read from one column piece is no article boundary (a column does not change
/// its measure from one line to the next; the paragraphs' widths differ for what they
/// hold).
pub(crate) fn segment_page(
    units: &[Unit],
    cfg: &SegmentConfig,
    ocr: bool,
    whole: bool,
    layout: Option<&[LineHint]>,
    mut decisions: Option<&mut Vec<Decision>>,
) -> Page {
    let hint = |i: usize| layout.and_then(|h| h.get(i).copied());
    // Layout pages: the column piece a unit's first line was read from (a lifted
    // heading is one piece).
    let first_piece = |u: &Unit| u.idx.first().and_then(|&x| hint(x)).map(|h| h.piece);
    let mut log = |line: usize, action: &str, why: String| {
        if let Some(d) = decisions.as_deref_mut() {
            d.push(Decision { line, action: action.to_string(), why });
        }
    };
    let mut page = Page::default();
    // Text already one paragraph per line with blank lines in it (a first pass's
    // output): the blank lines part the articles, and each keeps its lines in order,
    // its leading title lines as its titles and a byline right below them as its byline.
    if whole && cfg.enabled {
        page.articles = articles_as_set(units);
        // A lone title line above the first blank line is the page's section label.
        if page.articles.len() > 1
            && units.len() > 1
            && units[0].kind == UnitKind::Title
            && units[1].gap_before
        {
            page.section = page.articles.remove(0).headline;
        }
        return page;
    }
    // The units' bigrams, found once (and again only if glued titles were split).
    let mut unit_bigrams = None;
    let split = split_glued_titles(units, cfg, &mut unit_bigrams);
    let units: &[Unit] = match &split {
        Some((u, notes)) => {
            for (line, why) in notes {
                log(*line, "split", why.clone());
            }
            unit_bigrams = None;
            u
        }
        None => units,
    };
    if !cfg.enabled {
        let mut art = Article::default();
        for u in units {
            art.blocks.push(block_of(u, unit_block_kind(u.kind)));
        }
        if !art.blocks.is_empty() {
            page.articles.push(art);
        }
        return page;
    }

    // Text already one paragraph per line (as newsprint's text output is): blank lines
    // set the section label and the articles apart, and a title belongs to the
    // paragraphs right below it.
    let per_line = {
        let mut body = units.iter().filter(|u| matches!(u.kind, UnitKind::Paragraph | UnitKind::Caption));
        let n = body.clone().count();
        n >= 2 && body.all(|u| u.lines.len() == 1)
    };

    // ---- 0. section label -------------------------------------------------------
    // A short plain label at the top of the page (before any body text), or next to
    // the page furniture (`责任编辑`), is the section.
    // On an OCR page the section label is often unreadable (set reversed out of a
    // tint), so the short line at the top is as likely a headline: a label is a short
    // rubric, while a headline's words recur in the body text that follows it.
    let is_label = |k: usize| {
        let u = &units[k];
        let n = u.text.chars().count();
        let plain = u.kind == UnitKind::Title && !u.doubled && crate::patterns::is_label_text(&u.text);
        let set_apart = !per_line || units.get(k + 1).is_none_or(|v| v.gap_before);
        plain
            && set_apart
            && (!ocr || {
                let after = window_text(
                    units[k + 1..].iter().filter(|u| matches!(u.kind, UnitKind::Paragraph)).take(3),
                );
                // A byline stands under its headline, never under a section label.
                let byline_next = units.get(k + 1).is_some_and(|v| v.kind == UnitKind::Byline);
                n <= 4 && !byline_next && bigram_share(&u.text, &after) < OCR_LABEL_SHARE
            })
    };
    // A short plain rubric set apart (a blank line on both sides) after body text,
    // directly above a headline (fake bold, if `bold`).
    let rubric_set_apart = |bold: bool| {
        (1..units.len().saturating_sub(1)).find(|&k| {
            is_label(k)
                && matches!(units[k - 1].kind, UnitKind::Paragraph | UnitKind::Caption | UnitKind::Credit)
                && units[k].gap_before
                && units[k + 1].kind == UnitKind::Title
                && (!bold || units[k + 1].doubled)
                && units[k + 1].gap_before
        })
    };
    let by_furniture = || {
        (0..units.len()).find(|&k| {
            is_label(k)
                && (units.get(k + 1).is_some_and(|u| u.kind == UnitKind::Furniture)
                    || (k > 0 && units[k - 1].kind == UnitKind::Furniture))
        })
    };
    // A section label heads a page of titled articles: a short line at the top of a
    // page with no other title line is its one article's headline (a snippet: a
    // headline over its paragraph).
    let titles = units.iter().filter(|u| u.kind == UnitKind::Title).take(2).count();
    let top_label = units
        .iter()
        .take_while(|u| !matches!(u.kind, UnitKind::Paragraph | UnitKind::Caption))
        .position(|u| u.kind == UnitKind::Title)
        .filter(|&k| is_label(k) && titles >= 2);
    // A page has one section label. A short line at the top that reads on into another
    // title line with no blank line between may be the first line of a wrapped headline
    // (a side headline or one over a narrow column wraps after a few characters); when
    // a label stands beside the page furniture (`责任编辑`), where the page head sets it,
    // that one is the section.
    let top_label = match top_label {
        Some(k)
            if units.get(k + 1).is_some_and(|u| u.kind == UnitKind::Title && !u.gap_before) && !per_line =>
        {
            by_furniture().filter(|&f| f != k).or(Some(k))
        }
        other => other,
    };
    let section_unit = top_label
        .or_else(by_furniture)
        // Extractors that emit bodies first put the page furniture, section label
        // included, at the very end.
        .or_else(|| units.len().checked_sub(1).filter(|&k| k > 0 && is_label(k)))
        // Extractors that read a page by text blocks may put the label mid-page: a short
        // plain rubric set apart (a blank line on both sides), directly above a fake-bold
        // headline, after body text. A kicker reads on into its headline (no blank line),
        // and a headline is set bold, not a plain rubric.
        .or_else(|| rubric_set_apart(true))
        // Failing that, the same rubric set apart above a plain headline: a page has one
        // section, and a kicker reads on into its headline.
        .or_else(|| rubric_set_apart(false));
    if let Some(k) = section_unit {
        log(
            units[k].lines[0],
            "section",
            "short label at the top of the page or next to its furniture".into(),
        );
        page.section = Some(units[k].text.clone());
    }

    // ---- 1. body segments --------------------------------------------------------
    // Sized for the worst case (a segment per unit): they grew one push at a time.
    let mut segments: Vec<Segment> = Vec::with_capacity(units.len());
    let mut seg_start_unit: Vec<usize> = Vec::with_capacity(units.len());
    let mut cur = Segment::default();
    let mut title_runs: Vec<Vec<usize>> = Vec::new();
    let mut pullquotes: Vec<usize> = Vec::new();
    let mut bylines: Vec<usize> = Vec::new();
    let mut loose_units: Vec<usize> = Vec::new();
    let mut last_para_width: Option<f32> = None;
    // The same with closing marks hung past the measure taken back.
    let mut last_para_net: Option<f32> = None;
    // The column piece the last body unit ended in (layout pages).
    let mut last_piece: Option<u32> = None;
    let close = |cur: &mut Segment, segments: &mut Vec<Segment>, starts: &mut Vec<usize>, at: usize| {
        if !cur.items.is_empty() {
            segments.push(std::mem::take(cur));
            starts.push(at);
        }
    };
    let mut i = 0;
    let mut cur_start = 0;
    // The unit right after a deck: a one-line title far wider than the measure.
    let mut after_deck: Option<usize> = None;
    while i < units.len() {
        let u = &units[i];
        match u.kind {
            UnitKind::Paragraph | UnitKind::Caption if per_line && u.gap_before && !cur.items.is_empty() => {
                log(u.lines[0], "split", "blank line between paragraphs set one per line".into());
                close(&mut cur, &mut segments, &mut seg_start_unit, cur_start);
                continue;
            }
            UnitKind::Paragraph | UnitKind::Caption => {
                // A paragraph shows the column measure in its full lines: it needs a
                // first, a full and a last line.
                let multi = u.lines.len() >= 3;
                let same_piece = last_piece.is_some() && first_piece(u) == last_piece;
                let measure_change = multi
                    && last_para_width.is_some_and(|w| (w - u.width).abs() >= 1.5)
                    // A hung closing mark makes a paragraph look an em wider, a line kinsoku
                    // cut short makes one look an em narrower: the change must hold without
                    // the hung marks too.
                    && last_para_net.is_some_and(|w| (w - u.net_width).abs() >= 1.5)
                    && u.kind == UnitKind::Paragraph
                    && !same_piece
                    && !ocr;
                // Text set one paragraph per line separates articles by blank lines only
                // (newsprint's text output may set a pull quote above the dateline).
                // Under a deck the first paragraph is a photo caption (the dateline body
                // follows it): it stays with that body.
                let caption_under_deck = cur.items.len() == 1 && after_deck == Some(cur_start);
                if ((u.dateline && !per_line && !caption_under_deck) || measure_change)
                    && !cur.items.is_empty()
                {
                    log(
                        u.lines[0],
                        "split",
                        if u.dateline {
                            "dateline starts an article".into()
                        } else {
                            format!(
                                "column measure changes ({:.1} em → {:.1} em)",
                                last_para_width.unwrap_or(0.0),
                                u.width
                            )
                        },
                    );
                    close(&mut cur, &mut segments, &mut seg_start_unit, cur_start);
                }
                if cur.items.is_empty() {
                    cur_start = i;
                }
                if multi && u.kind == UnitKind::Paragraph {
                    last_para_width = Some(u.width);
                    last_para_net = Some(u.net_width);
                }
                cur.items.push(Item::Body(i));
                last_piece = u.idx.last().and_then(|&x| hint(x)).map(|h| h.piece);
                i += 1;
            }
            UnitKind::Credit => {
                if cur.items.is_empty() {
                    cur_start = i;
                }
                cur.items.push(Item::Body(i));
                close(&mut cur, &mut segments, &mut seg_start_unit, cur_start);
                last_para_width = None;
                last_para_net = None;
                i += 1;
            }
            UnitKind::PullQuote => {
                pullquotes.push(i);
                i += 1;
            }
            // The text output writes a byline found inside an article's body as one of
            // its blocks: with no blank line before it, it stays in that body.
            UnitKind::Byline if per_line && !u.gap_before && !cur.items.is_empty() => {
                cur.items.push(Item::Body(i));
                i += 1;
            }
            UnitKind::Byline => {
                close(&mut cur, &mut segments, &mut seg_start_unit, cur_start);
                bylines.push(i);
                i += 1;
            }
            UnitKind::Furniture => {
                close(&mut cur, &mut segments, &mut seg_start_unit, cur_start);
                loose_units.push(i);
                i += 1;
            }
            UnitKind::Title if Some(i) == section_unit => {
                i += 1;
            }
            UnitKind::Title => {
                let mut j = i;
                // In text set one paragraph per line a blank line ends a title run.
                while j < units.len()
                    && units[j].kind == UnitKind::Title
                    && Some(j) != section_unit
                    && !(per_line && j > i && units[j].gap_before)
                {
                    j += 1;
                }
                let run: Vec<usize> = (i..j).collect();
                let mut run_text = String::with_capacity(run.iter().map(|&k| units[k].text.len()).sum());
                run_text.extend(run.iter().map(|&k| units[k].text.as_str()));
                // A pull quote: title-like lines that make a long finished sentence.
                if ends_sentence(&run_text) && run_text.chars().count() >= 20 {
                    log(
                        units[i].lines[0],
                        "pullquote",
                        "standalone finished sentences set apart from the columns".into(),
                    );
                    pullquotes.extend(run);
                    i = j;
                    continue;
                }
                // Text set one paragraph per line separates articles by blank lines only.
                // So does a byline: title lines right below one are the article's first
                // blocks (the text output writes the byline above the body).
                let after_byline = i > 0 && units[i - 1].kind == UnitKind::Byline;
                let in_group = per_line && !units[i].gap_before && (!cur.items.is_empty() || after_byline);
                // And a blank line before a title run there starts an article.
                let set_apart = per_line && units[i].gap_before;
                if in_group || (!set_apart && is_subhead(units, &cur, i, j, cfg, ocr, &mut unit_bigrams)) {
                    log(
                        units[i].lines[0],
                        "subhead",
                        if in_group {
                            "title lines inside paragraphs set one per line, no blank line before".into()
                        } else {
                            "plain title lines between cohesive paragraphs of one column".into()
                        },
                    );
                    if cur.items.is_empty() {
                        cur_start = i;
                    }
                    if in_group {
                        // One subhead per line, as the text output writes them.
                        cur.items.extend(run.into_iter().map(|k| Item::Subhead(vec![k])));
                    } else {
                        cur.items.push(Item::Subhead(run));
                    }
                } else {
                    log(units[i].lines[0], "split", "title lines between articles".into());
                    close(&mut cur, &mut segments, &mut seg_start_unit, cur_start);
                    last_para_width = None;
                    last_para_net = None;
                    let deck = run.len() == 1
                        && units[i].lines.len() == 1
                        && units[i].text.chars().count() > 20
                        && units[i].width >= 2.0 * units[i].measure;
                    after_deck = deck.then_some(j);
                    title_runs.push(run);
                }
                i = j;
            }
        }
    }
    close(&mut cur, &mut segments, &mut seg_start_unit, cur_start);

    // Segments made only of captions/credits join the segment before them.
    let mut merged: Vec<Segment> = Vec::new();
    let mut merged_start: Vec<usize> = Vec::new();
    for (s, start) in segments.into_iter().zip(seg_start_unit) {
        let only_photo =
            s.body_units().all(|u| matches!(units[u].kind, UnitKind::Caption | UnitKind::Credit));
        let first_caption = s.body_units().next().is_some_and(|u| units[u].kind == UnitKind::Caption);
        match merged.last_mut() {
            Some(prev) if only_photo && first_caption => prev.items.extend(s.items),
            _ => {
                merged.push(s);
                merged_start.push(start);
            }
        }
    }
    let mut segments = merged;
    let mut seg_start = merged_start;

    // ---- 2. titles ------------------------------------------------------------------
    let ub: &UnitBigrams = unit_bigrams.get_or_insert_with(|| UnitBigrams::new(units));
    let mut titles: Vec<Title> = Vec::new();
    let mut index = BigramIndex::new(ub, segments.iter().map(Segment::body_units));
    // Every title line starts as its own group, except that a wrapped line (ending in a
    // comma, or followed by a line that starts with closing punctuation) keeps its
    // continuation, and a line that matches no body joins its neighbour.
    let mut run_of_title: Vec<usize> = Vec::new();
    let blocks = ExtractorBlocks::new(units, ocr || layout.is_some());
    // (title unit above, name unit) for bare names under titles.
    let mut name_after: Vec<(usize, usize)> = Vec::new();
    for (r, run) in title_runs.iter().enumerate() {
        let next_unit = run.last().map_or(0, |&k| k + 1);
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let piece_of = |k: usize| first_piece(&units[k]);
        for (pos, &k) in run.iter().enumerate() {
            // OCR: a title line in the same Tesseract block as the one above continues it
            // (a bare name of up to four ideographs is still a byline, below).
            if ocr && !units[k].gap_before && units[k].text.chars().filter(|&c| is_han(c)).count() > 4 {
                // The line above was taken for a bare name, but a byline stands in a block
                // of its own: it is the first line of this title (`华夏绝技惊悉` / `尼—…`).
                if name_after.last().is_some_and(|&(_, n)| n + 1 == k) {
                    let (_, n) = name_after.pop().expect("checked");
                    groups.push(vec![n, k]);
                    continue;
                }
                if let Some(g) = groups.last_mut() {
                    g.push(k);
                    continue;
                }
            }
            // A bare name under a title is its byline (commentaries, features).
            // A byline follows its headline; a name-like line set between two lines of
            // one heading (`第一回 宴桃` / `园豪杰三结义` / `斩黄巾英雄首立功`) is part of it.
            // Where the extractor parts blocks by blank lines, so is one between two lines
            // of its block (a byline stands in a block of its own).
            let mid_heading = pos > 0
                && pos + 1 < run.len()
                && ((piece_of(k).is_some()
                    && piece_of(run[pos - 1]) == piece_of(k)
                    && piece_of(run[pos + 1]) == piece_of(k))
                    || (blocks.same(&units[run[pos - 1]], &units[k])
                        && blocks.same(&units[k], &units[run[pos + 1]])))
                && !is_name(&units[run[pos + 1]].text);
            // `第七回` / `第三章` reads like a name by its length but opens a heading.
            if !groups.is_empty()
                && !mid_heading
                && !units[k].doubled
                && is_name(&units[k].text)
                && !is_chapter_heading(&units[k].text)
                && {
                    // Two or three ideographs: a name; up to six (two names, `李德润葛洪`)
                    // only when not one bigram of it occurs in any body.
                    let score = index.best(&units[k].text).1;
                    let n = units[k].text.chars().filter(|&c| is_han(c)).count();
                    if n <= 4 { score < cfg.min_title_similarity } else { score == 0.0 }
                }
            {
                let prev = *groups.last().and_then(|g: &Vec<usize>| g.last()).expect("non-empty");
                name_after.push((prev, k));
                continue;
            }
            let wrapped_into = groups.last().is_some_and(|g| {
                let prev = &units[*g.last().expect("non-empty")].text;
                let a = prev.chars().next_back().unwrap_or(' ');
                let b = units[k].text.chars().next().unwrap_or(' ');
                matches!(a, '，' | '、' | '：' | '—' | '·')
                    || is_opening(a)
                    || crate::cjk::is_line_start_forbidden(b)
            });
            // A headline's lines are one text block of the extractor: consecutive input
            // lines, where side-by-side columns' lines stand between blank lines. Where
            // blocks show, a line wrapped into the next block is a body line the
            // threading left next to a title.
            let same_block = groups
                .last()
                .is_some_and(|g| blocks.next_line(&units[*g.last().expect("non-empty")], &units[k]));
            if same_block || (wrapped_into && (!blocks.on || bold_wraps(&groups, units, k))) {
                groups.last_mut().expect("non-empty").push(k);
            } else {
                groups.push(vec![k]);
            }
        }
        // Weak groups (no body match) stay apart for now: they are matched to bodies
        // that no strong title claims, or joined to a neighbour, after attachment.
        for g in groups {
            titles.push(Title { units: g, next_unit });
            run_of_title.push(r);
        }
    }

    // A title stack standing directly above one body (a kicker, the headline, maybe
    // wrapped, a subtitle), on a page whose extractor keeps each title over its columns:
    // a piece of it may share more words with another body, but when that body has a
    // title of its own standing directly above it, which matches it, that body is
    // titled already; the piece is a line of the stack over this body (the headline of
    // a feature set over its text, with a subtitle quoting that text). The stack keeps
    // to its body: `pinned` holds the first unit of the body it stands above.
    let mut pinned: Vec<Option<usize>> = vec![None; titles.len()];
    // Each title's scores against the current index, kept while neither changes: the
    // stack test, the hidden-boundary pass, the title merge and attachment all score the
    // same titles against the same index (the scores of a text are a function of it).
    let mut title_scores: Vec<Option<Vec<f32>>> = vec![None; titles.len()];
    if !per_line && !ocr {
        let min = cfg.min_title_similarity;
        for (t, title) in titles.iter().enumerate() {
            title_scores[t] = Some(index.scores(&title_text(units, &title.units)));
        }
        let best: Vec<(usize, f32)> =
            title_scores.iter().map(|s| best_in(s.as_deref().expect("scored"))).collect();
        // The body right below a title's run, through bylines.
        let below: Vec<Option<usize>> = titles
            .iter()
            .map(|t| {
                seg_start.iter().position(|&st| {
                    st >= t.next_unit && (t.next_unit..st).all(|k| units[k].kind == UnitKind::Byline)
                })
            })
            .collect();
        // Per body, the run whose title stands directly above it and matches it.
        // (and how well its best title there matches it).
        let mut owner: Vec<Option<usize>> = vec![None; segments.len()];
        let mut owner_score: Vec<f32> = vec![0.0; segments.len()];
        for t in 0..titles.len() {
            if below[t].is_some_and(|s| best[t].0 == s && best[t].1 >= min) {
                owner[best[t].0] = Some(run_of_title[t]);
                owner_score[best[t].0] = owner_score[best[t].0].max(best[t].1);
            }
        }
        let anchor = |t: usize| below[t].is_some_and(|s| owner[s] == Some(run_of_title[t]) && best[t].0 == s);
        // A line of a heading neither ends on a clause mark nor breaks off after one: such
        // a line is body text cut from its paragraph, which may share any body's words.
        let body_like: Vec<bool> = titles
            .iter()
            .map(|t| {
                let text = title_text(units, &t.units);
                reads_as_body(&text) || reads_as_body_fragment(&text)
            })
            .collect();
        let claimed = |t: usize| {
            best[t].1 >= min
                && !body_like[t]
                && below[t] != Some(best[t].0)
                && owner[best[t].0].is_some_and(|r| r != run_of_title[t])
                // The title above that body matches it better than the piece does.
                && best[t].1 < owner_score[best[t].0]
                && below[t].is_some_and(|s| owner[s] == Some(run_of_title[t]))
        };
        let mut merged: Vec<Title> = Vec::with_capacity(titles.len());
        let mut merged_run: Vec<usize> = Vec::with_capacity(titles.len());
        let mut merged_pin: Vec<Option<usize>> = Vec::with_capacity(titles.len());
        let mut merged_scores: Vec<Option<Vec<f32>>> = Vec::with_capacity(titles.len());
        let mut t = 0;
        while t < titles.len() {
            // The stretch of the run's groups from `t` that are anchors or claimed pieces.
            // Where the extractor sets a heading's lines as one block, the stack is one
            // block. Fake-bold copies may stand apart (pdfminer), but a meaningful blank
            // line before a fake-bold line parts it from the fake-bold line above: the
            // next headline.
            let one_block = |x: usize| {
                let (a, b) = (&titles[x - 1], &titles[x]);
                let (last, first) = (&units[*a.units.last().expect("non-empty")], &units[b.units[0]]);
                if is_bold(units, a) && is_bold(units, b) {
                    !first.gap_before
                } else {
                    !blocks.multi || blocks.same(last, first)
                }
            };
            let mut e = t;
            while e < titles.len()
                && run_of_title[e] == run_of_title[t]
                && (anchor(e) || claimed(e))
                && (e == t || one_block(e))
            {
                e += 1;
            }
            if e > t + 1 && (t..e).any(anchor) && (t..e).any(claimed) {
                log(units[titles[t].units[0]].lines[0], "join", "title stack over the body below it".into());
                let units_of = titles[t..e].iter().flat_map(|x| x.units.iter().copied()).collect();
                let title = Title { units: units_of, next_unit: titles[t].next_unit };
                let s = below[t].expect("anchor has a body below");
                merged.push(title);
                merged_run.push(run_of_title[t]);
                merged_pin.push(Some(seg_start[s]));
                merged_scores.push(None);
                t = e;
            } else {
                merged.push(titles[t].clone());
                merged_run.push(run_of_title[t]);
                merged_pin.push(None);
                merged_scores.push(title_scores[t].take());
                t += 1;
            }
        }
        titles = merged;
        run_of_title = merged_run;
        pinned = merged_pin;
        title_scores = merged_scores;
    }
    // ---- 3. hidden boundaries -----------------------------------------------------
    // Two titles whose best segment is the same: cut it where their matches change over.
    // Bounded: a newspaper page has a handful of titles; this caps the work on junk.
    // Text set one paragraph per line shows its article boundaries as blank lines.
    let hidden_splits = if per_line { 0 } else { titles.len().min(MAX_HIDDEN_SPLITS) };
    // A prepass put the lines back in reading order: a unit opens on an earlier input
    // line than the one before it ends.
    let reordered = units
        .windows(2)
        .any(|w| matches!((w[0].lines.iter().max(), w[1].lines.iter().min()), (Some(a), Some(b)) if b < a));
    // The order a title run's titles stand in against their bodies: forward (+1), or
    // reversed (-1) where the extractor emitted the page's titles bottom up, or unknown.
    let run_order = if hidden_splits > 0 {
        // Scored here against the index the first pass below uses too.
        for (t, title) in titles.iter().enumerate() {
            title_scores[t].get_or_insert_with(|| index.scores(&title_text(units, &title.units)));
        }
        run_orders(units, ub, &segments, &titles, &run_of_title, &title_scores, cfg)
    } else {
        Vec::new()
    };
    for _ in 0..hidden_splits {
        let mut by_seg: std::collections::BTreeMap<usize, Vec<(usize, f32)>> = Default::default();
        for (t, title) in titles.iter().enumerate() {
            let scores =
                title_scores[t].get_or_insert_with(|| index.scores(&title_text(units, &title.units)));
            let pin = pinned[t].and_then(|st| seg_start.iter().position(|&x| x == st));
            let (best, score) = match pin {
                Some(s) => (s, scores[s]),
                None => best_in(scores),
            };
            if score >= cfg.min_title_similarity {
                by_seg.entry(best).or_default().push((t, score));
            }
        }
        // A title stack set inline over its body in column order (kicker, headline,
        // subtitle: at most three groups of one run, the body right below it, through
        // bylines, and every group that matches a body matching that one) titles one
        // article: a subtitle or kicker quoting a later paragraph is no second headline
        // hidden in that body. A second article's headline would stand in the column
        // text above its own body, not in the first article's title stack. Only where
        // the text comes in the extractor's own column order: not on a layout page, nor
        // where a prepass put lines back in reading order (a unit opening on an earlier
        // input line than the one before it ends), nor where blank lines part the title
        // lines into blocks; those read across the page, so side-by-side headlines come
        // out one after the other.
        let stack_over = |r: usize, s: usize| {
            let Some(&st) = seg_start.get(s) else { return false };
            let run: Vec<usize> = (0..titles.len()).filter(|&t| run_of_title[t] == r).collect();
            let next = titles[run[0]].next_unit;
            // A wrapped part of the stack (a kicker or a side headline over three or four
            // short lines) is set balanced: its lines, of one weight, are as wide as each
            // other (within an em), and none but the last finishes a sentence. Each such
            // wrap counts as one part.
            let wraps = run
                .windows(2)
                .filter(|w| {
                    let (a, b) = (&titles[w[0]].units, &titles[w[1]].units);
                    let (last, first) = (&units[*a.last().expect("non-empty")], &units[b[0]]);
                    a.len() == 1
                        && b.len() == 1
                        && last.doubled == first.doubled
                        && !first.gap_before
                        && (last.width - first.width).abs() <= 1.0
                        && !ends_sentence(&last.text)
                })
                .count();
            layout.is_none()
                && !reordered
                && run.len() - wraps <= 3
                && !(blocks.multi
                    && run.windows(2).any(|w| {
                        let last = *titles[w[0]].units.last().expect("non-empty");
                        !blocks.same(&units[last], &units[titles[w[1]].units[0]])
                    }))
                && st >= next
                && (next..st).all(|k| units[k].kind == UnitKind::Byline)
                && run.iter().all(|&t| {
                    let (b, sc) = best_in(title_scores[t].as_deref().expect("scored"));
                    b == s || sc < cfg.min_title_similarity
                })
        };
        for (s, v) in by_seg.iter_mut() {
            if !per_line && !ocr && v.len() >= 2 {
                let r = run_of_title[v[0].0];
                if v.iter().all(|&(t, _)| run_of_title[t] == r) && stack_over(r, *s) {
                    v.truncate(1);
                }
            }
        }
        let mut crowded: Vec<(usize, Vec<(usize, f32)>)> =
            by_seg.into_iter().filter(|(_, v)| v.len() >= 2).collect();
        crowded.sort_by_key(|(s, _)| *s);
        // The first crowded segment (and pair of its best titles) that has a clean cut.
        let found = crowded.iter_mut().find_map(|(s, cands)| {
            // Headline-like titles first: fake bold, and long enough to be a headline
            // rather than a stray word the extractor cut out of a body line.
            let rank = |&(t, score): &(usize, f32)| {
                let title = &titles[t];
                let bold = is_bold(units, title);
                let len =
                    title_text(units, &title.units).chars().filter(|&c| crate::cjk::is_word_char(c)).count();
                score + if bold { 0.5 } else { 0.0 } + if len >= 5 { 0.2 } else { 0.0 }
            };
            cands.sort_by(|a, b| rank(b).total_cmp(&rank(a)));
            let top = &cands[..cands.len().min(3)];
            top.iter().enumerate().find_map(|(x, &(ta, _))| {
                top[x + 1..].iter().find_map(|&(tb, _)| {
                    // Two titles of one run stand in the order of their articles: the
                    // earlier one titles the part before the cut.
                    let r = run_of_title[ta];
                    let a_first = match run_order.get(r) {
                        Some(&d) if d != 0 && r == run_of_title[tb] => Some((ta < tb) == (d > 0)),
                        _ => None,
                    };
                    best_cut(
                        units,
                        ub,
                        &segments[*s],
                        &title_text(units, &titles[ta].units),
                        &title_text(units, &titles[tb].units),
                        a_first,
                    )
                    .map(|cut| (*s, cut))
                })
            })
        });
        let Some((s, cut)) = found else {
            break;
        };
        let right = Segment { items: segments[s].items.split_off(cut) };
        index.split(s, segments[s].body_units(), right.body_units());
        let start = match right.items[0] {
            Item::Body(u) => u,
            Item::Subhead(ref r) => r[0],
        };
        log(
            units[start].lines[0],
            "split",
            "two titles match this body; cut where their matches change over".into(),
        );
        segments.insert(s + 1, right);
        seg_start.insert(s + 1, start);
        title_scores.iter_mut().for_each(|s| *s = None);
    }

    // Neighbouring title groups of one run that still match the same body are one title
    // (kicker / headline / subtitle).
    let mut k = 1;
    while k < titles.len() {
        let same_run = run_of_title[k] == run_of_title[k - 1];
        for x in [k - 1, k] {
            if title_scores[x].is_none() {
                title_scores[x] = Some(index.scores(&title_text(units, &titles[x].units)));
            }
        }
        let a = best_in(title_scores[k - 1].as_deref().expect("scored"));
        let b = best_in(title_scores[k].as_deref().expect("scored"));
        let mut both: Vec<usize> = titles[k - 1].units.clone();
        both.extend(&titles[k].units);
        // (The scores of the merged title, should the two merge.)
        let ab_scores = index.scores(&title_text(units, &both));
        let ab = best_in(&ab_scores);
        // One title over several lines: both parts match the same body, or together
        // they match a body at least as well as the better part alone (a headline
        // wrapped mid-word: `俄罗斯新卢` / `布开始流通`).
        // Both parts point at the same body, at least one of them clearly (a weak piece
        // of a wrapped headline points where its stronger half does).
        let both_bold = is_bold(units, &titles[k - 1]) && is_bold(units, &titles[k]);
        // Two fake-bold titles are two headlines unless both clearly match one body.
        let floor = if both_bold { cfg.min_title_similarity } else { f32::MIN_POSITIVE };
        let same = a.0 == b.0 && a.1.max(b.1) >= cfg.min_title_similarity && a.1.min(b.1) >= floor;
        // Fake-bold lines of one heading stay one block (pdfminer sets each copy apart
        // but keeps the block); a blank line before a fake-bold title parts it from the
        // one above: the next headline, which only a clear match to one body joins.
        let bold_apart = both_bold && blocks.on && units[titles[k].units[0]].gap_before;
        let wrapped = !bold_apart
            && a.1.min(b.1) < 2.0 * cfg.min_title_similarity
            && ab.1 >= cfg.min_title_similarity
            && ab.1 > a.1.max(b.1)
            && (ab.0 == a.0 || ab.0 == b.0);
        // Two pieces of one input line that differ in fake bold are two text objects the
        // extractor glued together (`以色列外长宣布辞职 小历史小历史`), not one title.
        let (last, first) = (*titles[k - 1].units.last().expect("non-empty"), titles[k].units[0]);
        let glued = units[last].lines == units[first].lines && units[last].doubled != units[first].doubled;
        // Where the extractor sets a heading's lines as one block, plain titles in two
        // blocks are two headlines (side by side, or one above the other's body), even
        // when the threading left one body under both.
        // pdfminer builds a block only of lines of about one height, so a kicker or a
        // subtitle set in another size than its headline is a block of its own, right
        // above or below it (only a blank line between). One fake-bold group and one
        // plain group that holds no sentence, in neighbouring blocks, are such a heading
        // stack, not two headlines: two articles' headlines are set in one style.
        let stack = both_bold != any_bold(units, &titles[k - 1], &titles[k])
            && neighbour_blocks(&units[last], &units[first])
            && !(k - 1..=k)
                .filter(|&t| !is_bold(units, &titles[t]))
                .flat_map(|t| &titles[t].units)
                .any(|&u| units[u].text.contains(['。', '！', '？', '；']));
        let apart = blocks.multi && !both_bold && !blocks.same(&units[last], &units[first]) && !stack;
        // A chapter heading takes its couplet, unless that loses the body match the
        // couplet line has on its own (the heading then joins it after attachment).
        let min = cfg.min_title_similarity;
        let couplet = chapter_heading_open(units, &titles[k - 1].units, first)
            && titles[k].units.len() == 1
            && (ab.1 >= min || a.1.max(b.1) < min);
        if same_run && !glued && (couplet || (!apart && (same || wrapped))) {
            let t = titles.remove(k);
            run_of_title.remove(k);
            let pin = pinned.remove(k);
            pinned[k - 1] = pinned[k - 1].or(pin);
            titles[k - 1].units.extend(t.units);
            title_scores.remove(k);
            title_scores[k - 1] = Some(ab_scores);
        } else {
            k += 1;
        }
    }

    // ---- 4. attach titles -----------------------------------------------------------
    // A body of one line that stops mid-sentence, on a page whose extractor parts blocks
    // by blank lines, is a line cut off its paragraph (the threading left it out of
    // place): no article starts with it, so it takes no title.
    let stray: Vec<bool> = segments
        .iter()
        .map(|s| {
            let mut b = s.body_units();
            blocks.on
                && matches!((b.next(), b.next()), (Some(u), None)
                    if units[u].kind == UnitKind::Paragraph && units[u].lines.len() == 1 && !ends_sentence(&units[u].text))
        })
        .collect();
    // Units a title looks through to the body it stands above: bylines, and such a line.
    let mut passable: Vec<bool> = units.iter().map(|u| u.kind == UnitKind::Byline).collect();
    for (s, seg) in segments.iter().enumerate() {
        if stray[s] {
            seg.body_units().for_each(|u| passable[u] = true);
        }
    }
    let heads_by_line = if blocks.multi && !per_line {
        titles_over_first_lines(units, &titles, &segments)
    } else {
        Vec::new()
    };
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    // Pairs of body-line fragments, tried only after every other title had its turn.
    let mut late_pairs: Vec<(f32, usize, usize)> = Vec::new();
    for (t, title) in titles.iter().enumerate() {
        if title_scores[t].is_none() {
            title_scores[t] = Some(index.scores(&title_text(units, &title.units)));
        }
        let pin = pinned[t].and_then(|st| seg_start.iter().position(|&x| x == st));
        for (s, &score) in title_scores[t].as_deref().expect("scored").iter().enumerate() {
            if stray[s] || pin.is_some_and(|p| p != s) {
                continue;
            }
            let adjacent = seg_start
                .get(s)
                .is_some_and(|&st| st >= title.next_unit && (title.next_unit..st).all(|k| passable[k]));
            let over_first_line = heads_by_line.get(t) == Some(&Some(s));
            // Fake bold marks a headline; a title directly above a body is its own.
            let bold = is_bold(units, title);
            // On a page whose extractor parts blocks by blank lines (interleaved columns
            // emitted line by line), a body line left standing alone shares the bigrams
            // of its own article's body: it titles a body it does not stand above only
            // when no other title claims it, the one right above it included.
            // Every line of it so (a headline over a subtitle with a comma is a title).
            let fragment = title.units.iter().all(|&k| {
                let u = &units[k];
                // A body line cut from mid-paragraph fills its column.
                u.lines.len() == 1 && u.width >= u.measure - 1.0 && reads_as_body_fragment(&u.text)
            });
            let bonus = if adjacent { 0.1 } else { 0.0 }
                + if bold && score > 0.0 { 0.1 } else { 0.0 }
                + if over_first_line && score > 0.0 { LINE_ABOVE_BONUS } else { 0.0 };
            if blocks.on && fragment && !adjacent && !bold {
                late_pairs.push((score + bonus, t, s));
            } else {
                pairs.push((score + bonus, t, s));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    late_pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut title_of_seg: Vec<Option<usize>> = vec![None; segments.len()];
    let mut seg_of_title: Vec<Option<usize>> = vec![None; titles.len()];
    // Strong matches first; then titles left over go to bodies left over, on weaker
    // evidence: a page has about as many titles as articles.
    let passes = [
        (cfg.min_title_similarity, "title matches body"),
        (WEAK_TITLE_SIMILARITY, "left-over title to left-over body"),
    ];
    // A title on the input line next to an attached title of its run is a line of
    // that heading (a kicker, or a wrapped line): weak evidence does not make it another
    // article's headline.
    let block_of_attached = |t: usize, seg_of_title: &[Option<usize>]| {
        [t.checked_sub(1), Some(t + 1)].into_iter().flatten().filter(|&o| o < titles.len()).any(|o| {
            let (a, b) = if o < t { (o, t) } else { (t, o) };
            run_of_title[o] == run_of_title[t]
                && seg_of_title[o].is_some()
                && blocks.next_line(
                    &units[*titles[a].units.last().expect("non-empty")],
                    &units[titles[b].units[0]],
                )
        })
    };
    // Text set one paragraph per line (newsprint's text output): a title run belongs
    // to the paragraphs right after it, with no blank line between (one article).
    // The text output writes the byline under the title: title lines below a byline or a
    // bare name are blocks of the article, not more title.
    let across_byline = |titles: &[Title], o: usize, t: usize| {
        per_line && {
            let (a, b) = if o < t { (o, t) } else { (t, o) };
            let (from, to) = (*titles[a].units.last().expect("non-empty"), titles[b].units[0]);
            (from + 1..to)
                .any(|k| units[k].kind == UnitKind::Byline || name_after.iter().any(|&(_, n)| n == k))
        }
    };
    let mut per_line_join: Vec<Option<usize>> = vec![None; titles.len()];
    if per_line {
        for t in 0..titles.len() {
            let r = run_of_title[t];
            let Some(&last) = title_runs[r].last() else { continue };
            // The byline the text output writes under the title may come between.
            let mut next = last + 1;
            while next < units.len() && units[next].kind == UnitKind::Byline && !units[next].gap_before {
                next += 1;
            }
            let Some(s) = seg_start.iter().position(|&st| st == next) else { continue };
            if units[next].gap_before || seg_of_title[t].is_some() {
                continue;
            }
            match title_of_seg[s] {
                None => {
                    title_of_seg[s] = Some(t);
                    log(
                        units[titles[t].units[0]].lines[0],
                        "attach",
                        format!("title set right above body {s}"),
                    );
                }
                Some(main) if run_of_title[main] == r && !across_byline(&titles, main, t) => {
                    per_line_join[t] = Some(main)
                }
                Some(_) => continue,
            }
            seg_of_title[t] = Some(s);
        }
    }
    // The body each title stands directly above (through bylines and stray lines);
    // computed once, as the weak pass asks per pair.
    let below: Vec<Option<usize>> = titles
        .iter()
        .map(|title| {
            seg_start
                .iter()
                .position(|&st| st >= title.next_unit && (title.next_unit..st).all(|k| passable[k]))
        })
        .collect();
    // A title set after the start of the body it matched, not above it: the second
    // half of a headline across two columns, which Tesseract reads at the head of the
    // second column. The half standing right above that body is the first half.
    // Both halves read as headline pieces: single lines without sentence punctuation.
    let piece = |t: usize| {
        is_headline_like(units, &titles[t].units)
            && titles[t]
                .units
                .iter()
                .all(|&k| units[k].lines.len() == 1 && !units[k].text.contains(['，', '。', '、', '；']))
    };
    let inside = |t: usize, s: usize| {
        piece(t) && below[t] != Some(s) && seg_start.get(s).is_some_and(|&st| st < titles[t].units[0])
    };
    let first_half = |t: usize, seg_of_title: &[Option<usize>], title_of_seg: &[Option<usize>]| {
        below[t].and_then(|s| {
            title_of_seg[s].filter(|&o| {
                o != t && seg_of_title[t].is_none() && inside(o, s) && piece(t) && !is_bold(units, &titles[t])
            })
        })
    };
    // Greedy attachment of scored pairs, best first, a strong pass then a weak one.
    let attach_pairs = |pairs: &[(f32, usize, usize)],
                        late: bool,
                        title_of_seg: &mut Vec<Option<usize>>,
                        seg_of_title: &mut Vec<Option<usize>>,
                        log: &mut dyn FnMut(usize, &str, String)| {
        for (floor, why) in passes {
            for &(score, t, s) in pairs {
                if score < floor || title_of_seg[s].is_some() || seg_of_title[t].is_some() {
                    continue;
                }
                if floor == WEAK_TITLE_SIMILARITY
                    && (block_of_attached(t, seg_of_title)
                        || first_half(t, seg_of_title, title_of_seg).is_some())
                {
                    continue;
                }
                // Text set one paragraph per line (newsprint's text output) writes a title
                // right above its body: a title standing elsewhere on weak evidence is
                // one the first pass left unattached (a loose fragment, a headline
                // alone), not a distant body's.
                if floor == WEAK_TITLE_SIMILARITY && per_line {
                    continue;
                }
                title_of_seg[s] = Some(t);
                seg_of_title[t] = Some(s);
                let tail = if late { ", a body-like line, last" } else { "" };
                log(
                    units[titles[t].units[0]].lines[0],
                    "attach",
                    format!("{why} {s} (similarity {score:.2}){tail}"),
                );
            }
        }
    };
    attach_pairs(&pairs, false, &mut title_of_seg, &mut seg_of_title, &mut log);
    // A title directly above an untitled body is its title (article order).
    for (t, title) in titles.iter().enumerate() {
        if seg_of_title[t].is_some() {
            continue;
        }
        if let Some(s) = seg_start
            .iter()
            .position(|&st| st >= title.next_unit && (title.next_unit..st).all(|k| passable[k]))
        {
            if title_of_seg[s].is_none() && !stray[s] && is_headline_like(units, &title.units) {
                title_of_seg[s] = Some(t);
                seg_of_title[t] = Some(s);
                log(
                    units[title.units[0]].lines[0],
                    "attach",
                    "title stands directly above an untitled body".into(),
                );
            }
        }
    }
    attach_pairs(&late_pairs, true, &mut title_of_seg, &mut seg_of_title, &mut log);
    // One title and one body of several paragraphs left over, the title in a block of
    // its own and no byline: a page has as many titles as articles, so they are
    // each other's whatever their shared words (a column heading, `小历史`, shares none
    // with its text).
    if !per_line {
        let free_titles: Vec<usize> = (0..titles.len())
            .filter(|&t| {
                let (first, last) = (titles[t].units[0], *titles[t].units.last().expect("non-empty"));
                let text = title_text(units, &titles[t].units);
                seg_of_title[t].is_none()
                    // A block of its own, blank lines around it: no piece of a heading.
                    && units[first].gap_before
                    && units.get(last + 1).is_none_or(|u| u.gap_before)
                    // A name that opens with a common surname is a byline (`刘心武`).
                    && !(is_name(&text) && opens_with_surname(&text))
            })
            .collect();
        let all_free = (0..titles.len()).filter(|&t| seg_of_title[t].is_none()).count();
        let free_segs: Vec<usize> = (0..segments.len())
            .filter(|&s| title_of_seg[s].is_none() && !stray[s] && segments[s].body_units().count() >= 2)
            .collect();
        if let ([t], [s], 1) = (free_titles.as_slice(), free_segs.as_slice(), all_free) {
            title_of_seg[*s] = Some(*t);
            seg_of_title[*t] = Some(*s);
            log(
                units[titles[*t].units[0]].lines[0],
                "attach",
                format!("last title left to last body left {s}"),
            );
        }
    }

    // A title still unattached that stands next to an attached title of the same run
    // is part of it (a kicker above, a subtitle below).
    let mut joined_to: Vec<Option<usize>> = vec![None; titles.len()];
    for t in 0..titles.len() {
        // A title that matches a body of its own but lost it to a better title is
        // another article's headline: gluing it to a neighbour would spoil both.
        if seg_of_title[t].is_some()
            || best_in(title_scores[t].as_deref().expect("scored")).1 >= cfg.min_title_similarity
        {
            continue;
        }
        // The nearest attached title of the same run, looking through unattached ones
        // (a title cut into pieces joins up again).
        let same_run = |o: usize| run_of_title[o] == run_of_title[t];
        // A fake-bold piece belongs with fake-bold pieces (one headline drawn twice), a
        // plain one with plain ones; failing that, the nearest.
        let bold = |o: usize| is_bold(units, &titles[o]);
        let pick = |same_type: bool| {
            let ok = |o: usize| seg_of_title[o].is_some() && (!same_type || bold(o) == bold(t));
            let left = (0..t).rev().take_while(|&o| same_run(o)).find(|&o| ok(o));
            let right = (t + 1..titles.len()).take_while(|&o| same_run(o)).find(|&o| ok(o));
            match (left, right) {
                (Some(l), Some(r)) => Some(if t - l <= r - t { l } else { r }),
                (l, r) => l.or(r),
            }
        };
        let neighbour = pick(true).or_else(|| pick(false));
        // Not across a glue point of the extractor (see the merge above).
        let glued = |o: usize| {
            titles[o].units.iter().any(|&a| {
                titles[t]
                    .units
                    .iter()
                    .any(|&b| units[a].lines == units[b].lines && units[a].doubled != units[b].doubled)
            })
        };
        // Nor across a blank line where the extractor sets a heading's lines as one
        // block: a title in a block of its own is another article's (side-by-side
        // headlines come one after the other). Fake-bold copies are the exception:
        // pdfminer sets a copy apart from its line.
        // Where blank lines are rare (body columns run on without them), one between
        // two title lines parts two blocks just as well.
        let sparse = blocks.lines && !blocks.on;
        let other_block = |o: usize| {
            !(bold(o) && bold(t)) && {
                let (a, b) = if o < t { (o, t) } else { (t, o) };
                let (last, first) =
                    (&units[*titles[a].units.last().expect("non-empty")], &units[titles[b].units[0]]);
                (blocks.multi && !blocks.same(last, first)) || (sparse && !blocks.next_line(last, first))
            }
        };
        // Nor, in text set one paragraph per line, across a byline or a bare name.
        // Nor does a personal name (two or three ideographs opening with a common
        // surname) go on to a title below it: an author's name set among the titles is
        // no kicker (genre labels such as `述评` or `特写` open with no surname).
        let name_above = titles[t].units.len() == 1 && {
            let text = units[titles[t].units[0]].text.trim();
            crate::reflow::is_short_name(text) && opens_with_surname(text)
        };
        if let Some(o) = neighbour.filter(|&o| {
            let name_on = name_above && o > t;
            !glued(o) && !other_block(o) && !across_byline(&titles, o, t) && !name_on
        }) {
            joined_to[t] = Some(o);
        }
    }
    for (t, j) in per_line_join.into_iter().enumerate() {
        if j.is_some() {
            joined_to[t] = j;
        }
    }
    // The first half of a headline read apart from its second half joins it.
    for (t, j) in joined_to.iter_mut().enumerate() {
        if j.is_none() {
            *j = first_half(t, &seg_of_title, &title_of_seg);
        }
    }
    // A neighbour may itself be joined to another title (a per-line join): the pieces
    // go where that one goes, or they would be left in a title that is never built.
    for t in 0..titles.len() {
        let mut hops = 0;
        while let Some(n) = joined_to[t].and_then(|o| joined_to[o]) {
            if hops > titles.len() || n == t {
                break;
            }
            joined_to[t] = Some(n);
            hops += 1;
        }
    }
    for t in 0..titles.len() {
        if let Some(o) = joined_to[t] {
            let moved = titles[t].units.clone();
            let target = &mut titles[o].units;
            target.extend(moved);
            target.sort_unstable();
            seg_of_title[t] = seg_of_title[o];
            log(
                units[titles[t].units[0]].lines[0],
                "attach",
                "unmatched title line next to an attached title".into(),
            );
        }
    }

    // ---- 5. build the page ------------------------------------------------------------
    let mut articles: Vec<Article> = segments.iter().map(|s| build_article(units, s)).collect();
    let mut lone_titles: Vec<Article> = Vec::new();
    for (s, t) in title_of_seg.iter().enumerate() {
        if let Some(t) = t {
            set_title(&mut articles[s], units, &titles[*t].units, per_line);
        }
    }
    for (t, title) in titles.iter().enumerate() {
        if seg_of_title[t].is_some() || joined_to[t].is_some() {
            continue;
        }
        if per_line {
            // Set apart by blank lines, it is an article of its own (the text output
            // of one that has only a title, or one line that does not finish a
            // sentence); otherwise one block per line, as the text output writes them.
            let (first, last) = (title.units[0], *title.units.last().expect("non-empty"));
            let apart =
                (first == 0 || units[first].gap_before) && units.get(last + 1).is_none_or(|u| u.gap_before);
            if apart {
                let mut a = Article::default();
                set_title(&mut a, units, &title.units, true);
                lone_titles.push(a);
            } else {
                page.loose.extend(title.units.iter().map(|&k| block_of(&units[k], BlockKind::Headline)));
            }
            continue;
        }
        let text = title_text(units, &title.units);
        let mut b = block_of_many(units, &title.units, BlockKind::Headline);
        b.text = text;
        page.loose.push(b);
    }
    // Pull quotes go to the article whose text holds them best.
    for &k in &pullquotes {
        let (best, score) = index.best(&units[k].text);
        let block = block_of(&units[k], BlockKind::Pullquote);
        if score >= cfg.min_title_similarity && best < articles.len() {
            articles[best].blocks.insert(0, block);
        } else {
            page.loose.push(block);
        }
    }
    // Bylines: under a title attached to an article, or right above a body.
    for &b in &bylines {
        let after_title = titles
            .iter()
            .enumerate()
            .find(|(_, t)| t.next_unit == b || (t.next_unit..b).all(|k| passable[k]) && t.next_unit <= b);
        // In text set one paragraph per line a byline with a blank line below it ends
        // the article above it (as a block); it is not the next one's.
        let ends_above = per_line && !units[b].gap_before && units.get(b + 1).is_some_and(|u| u.gap_before);
        let target = after_title.and_then(|(t, _)| seg_of_title[t]).or_else(|| {
            seg_start
                .iter()
                .position(|&st| !ends_above && st > b && !passable[st] && (b + 1..st).all(|k| passable[k]))
        });
        match target {
            Some(s) if articles[s].byline.is_none() => {
                set_byline(&mut articles[s], block_of(&units[b], BlockKind::Byline))
            }
            _ => page.loose.push(block_of(&units[b], BlockKind::Byline)),
        }
    }
    for &(prev, k) in &name_after {
        let art = titles.iter().position(|t| t.units.contains(&prev)).and_then(|t| seg_of_title[t]);
        match art {
            Some(s) if articles[s].byline.is_none() => {
                log(units[k].lines[0], "attach", "bare name under an attached title: its byline".into());
                set_byline(&mut articles[s], block_of(&units[k], BlockKind::Byline));
            }
            _ => page.loose.push(block_of(&units[k], BlockKind::Byline)),
        }
    }
    for &k in &loose_units {
        page.loose.push(block_of(&units[k], BlockKind::Furniture));
    }
    page.articles = articles.into_iter().filter(|a| !a.blocks.is_empty() || a.headline.is_some()).collect();
    // Per-line text: articles of a title alone go where they stand.
    let first_line = |a: &Article| {
        a.title_lines.iter().chain(a.blocks.iter().flat_map(|b| b.lines.iter())).map(|r| r.first).min()
    };
    for a in lone_titles {
        let at = first_line(&a).unwrap_or(usize::MAX);
        let pos = page.articles.iter().position(|x| first_line(x).is_some_and(|l| l > at));
        page.articles.insert(pos.unwrap_or(page.articles.len()), a);
    }
    // A byline (or a bare name) always belongs to some article: it goes to the nearest
    // one by input line, as its byline or, when it has one, as a byline block.
    // Pull quotes and titles that matched no body also stay with the nearest article
    // (as blocks of their kind): on a page every text belongs to some article, and a
    // consumer reading articles should not lose them. Only page furniture stays loose.
    let (bylines, rest): (Vec<Block>, Vec<Block>) =
        std::mem::take(&mut page.loose).into_iter().partition(|b| b.kind != BlockKind::Furniture);
    page.loose = rest;
    for mut b in bylines {
        if b.kind == BlockKind::Headline && is_name(&b.text) {
            b.kind = BlockKind::Byline;
        }
        if page.articles.is_empty() {
            page.articles.push(Article::default());
        }
        let at = b.lines.first().map_or(0, |r| r.first);
        let nearest = (0..page.articles.len())
            .min_by_key(|&k| {
                let a = &page.articles[k];
                a.blocks
                    .iter()
                    .flat_map(|x| x.lines.iter())
                    .chain(a.title_lines.iter())
                    .map(|r| if at < r.first { r.first - at } else { at.saturating_sub(r.last) })
                    .min()
                    .unwrap_or(usize::MAX)
            })
            .unwrap_or(0);
        log(at, "attach", format!("{:?} to the nearest article ({nearest})", b.kind));
        let art = &mut page.articles[nearest];
        // An article made only for this block (a page holding nothing else) keeps it as
        // a block: an article has a headline or a block.
        let bare = art.blocks.is_empty() && art.headline.is_none();
        if b.kind == BlockKind::Byline && art.byline.is_none() && !bare {
            set_byline(art, b);
        } else {
            // In input order among the article's blocks.
            let pos = art.blocks.iter().position(|x| x.lines.first().is_some_and(|r| r.first > at));
            let pos = pos.unwrap_or(art.blocks.len());
            // On a page whose extractor parts blocks by blank lines, a title line that
            // matched no body and goes on, with no blank line, from a paragraph stopped
            // mid-sentence is the rest of that paragraph (a line the threading measured
            // as wider than its column), not a headline.
            if b.kind == BlockKind::Headline && blocks.on && pos > 0 {
                let prev = &mut art.blocks[pos - 1];
                let follows = prev.lines.last().is_some_and(|r| r.last + 1 == at);
                if prev.kind == BlockKind::Paragraph && follows && !ends_sentence(&prev.text) {
                    let mut text = prev.text.clone();
                    if !push_joined(&mut text, &b.text) {
                        log(at, "attach", "unmatched title line goes on from the paragraph above it".into());
                        prev.text = text;
                        prev.lines.extend(b.lines);
                        continue;
                    }
                }
            }
            art.blocks.insert(pos, b);
        }
    }
    // Text set one paragraph per line (newsprint's text output) writes the byline right
    // under the title and further bylines as blocks: the first of them is the byline.
    if per_line {
        for a in &mut page.articles {
            let Some(first) = a.blocks.first() else { continue };
            let earlier = first.kind == BlockKind::Byline
                && a.byline_lines
                    .first()
                    .is_some_and(|bl| first.lines.first().is_some_and(|r| r.first < bl.first));
            if earlier {
                let b = a.blocks.remove(0);
                let old = Block {
                    kind: BlockKind::Byline,
                    text: a.byline.take().unwrap_or_default(),
                    lines: std::mem::take(&mut a.byline_lines),
                };
                set_byline(a, b);
                insert_by_line(a, old);
            }
        }
    }
    if ocr {
        stray_headlines_above(&mut page, &mut log);
        body_line_titles(&mut page, &mut log);
        body_line_headlines(&mut page, &mut log);
        clean_subhead_titles(&mut page, &mut log);
        name_subtitles(&mut page, &mut log);
        names_ending_bylines(&mut page, &mut log);
        merge_untitled_pieces(&mut page, cfg.min_subhead_cohesion, &mut log);
        join_quoted_titles(&mut page, &mut log);
        quoted_subheads_end_headlines(&mut page, &mut log);
        subheads_ending_headlines(&mut page, &mut log);
        headlines_under_titles(&mut page, &mut log);
        reassign_runs(&mut page, cfg.min_subhead_cohesion, &mut log);
        let followers = reassign_blocks(&mut page, cfg.min_subhead_cohesion, &mut log);
        follow_moved_blocks(&mut page, &followers, cfg.min_subhead_cohesion, &mut log);
    } else if !per_line {
        join_continuations(&mut page, cfg.min_subhead_cohesion, !blocks.multi, &mut log);
    }
    split_caption_credits(&mut page, &mut log);
    page
}

/// A caption and its photo credit set as one paragraph (`图为……。　新华社记者 朱旭东 摄`,
/// the usual setting under a photo) are two blocks: the caption up to its last
/// sentence end, and the credit after it, which reads as a credit line on its own
/// ([`crate::patterns::line_kind`]). Both keep the caption's input lines (the credit
/// shares its last line). Text output writes them on two lines, which read back as a
/// caption and a credit line.
fn split_caption_credits(page: &mut Page, log: &mut impl FnMut(usize, &str, String)) {
    for a in &mut page.articles {
        let mut k = 0;
        while k < a.blocks.len() {
            let b = &a.blocks[k];
            if b.kind == BlockKind::Caption
                && let Some(cut) = crate::patterns::credit_cut(&b.text)
            {
                let tail = crate::cjk::trim(&b.text[cut..]).to_string();
                let credit = Block { kind: BlockKind::Credit, text: tail, lines: b.lines.clone() };
                let line = b.lines.last().map_or(0, |r| r.last);
                a.blocks[k].text.truncate(cut);
                log(line, "split", "a photo credit set after its caption's last sentence".into());
                a.blocks.insert(k + 1, credit);
                k += 1;
            }
            k += 1;
        }
    }
}

/// Most lines between a stray headline and the body it stands above (blank lines and
/// removed marks only).
const STRAY_HEADLINE_REACH: usize = 4;

/// On an OCR page: an article titled only by text that reads as body (a body line read
/// across columns or cut off at a column foot) takes as its headline a headline block
/// left with another article that stands right above its first paragraph (one blank
/// line between): a headline is set directly over its article's body. The body-like
/// title goes back to the body.
fn stray_headlines_above(page: &mut Page, log: &mut impl FnMut(usize, &str, String)) {
    let first_body = |art: &Article| {
        art.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
            .filter_map(|b| b.lines.iter().map(|r| r.first).min())
            .min()
    };
    // Input lines that some text of the page came from: a headline stands right above a
    // body when only blank lines or removed OCR marks (`注`, read from an ornament) part
    // them.
    let held = held_lines(page);
    let clear = |last: usize, f: usize| {
        f - last <= 2 || (f - last <= STRAY_HEADLINE_REACH && !held.iter().any(|&(x, y)| x < f && y > last))
    };
    let mut moves: Vec<(usize, usize, usize)> = Vec::new();
    let mut used: HashSet<(usize, usize)> = HashSet::default();
    for (a, art) in page.articles.iter().enumerate() {
        let parts = [&art.kicker, &art.headline, &art.subtitle];
        // A title part run on over two commas is a body line too: a headline is short.
        let body_part = |p: &str| {
            reads_as_body(p)
                || (p.matches('，').count() >= 2 && p.chars().filter(|&c| is_han(c)).count() >= 20)
        };
        let body_like =
            parts.iter().any(|p| p.is_some()) && parts.iter().all(|p| p.as_deref().is_none_or(body_part));
        if !body_like {
            continue;
        }
        let Some(f) = first_body(art) else { continue };
        let found = page.articles.iter().enumerate().find_map(|(o, other)| {
            other.blocks.iter().enumerate().find_map(|(k, b)| {
                let last = b.lines.iter().map(|r| r.last).max()?;
                (b.kind == BlockKind::Headline
                    && last < f
                    && clear(last, f)
                    && b.text.chars().filter(|&c| is_han(c)).count() >= 4
                    && !reads_as_body(&b.text)
                    && !used.contains(&(o, k)))
                .then_some((o, k))
            })
        });
        if let Some((o, k)) = found {
            used.insert((o, k));
            moves.push((a, o, k));
        }
    }
    let taken = take_blocks(page, moves);
    for (a, b) in taken {
        let at = b.lines.first().map_or(0, |r| r.first);
        log(
            at,
            "title",
            "a headline left with another article stands right above a body titled by body text".into(),
        );
        let art = &mut page.articles[a];
        let old: String =
            [art.kicker.take(), art.headline.take(), art.subtitle.take()].into_iter().flatten().collect();
        let old_lines = std::mem::replace(&mut art.title_lines, b.lines);
        art.headline = Some(b.text);
        insert_by_line(art, Block { kind: BlockKind::Paragraph, text: old, lines: old_lines });
    }
}

/// Does a title read as body text: a finished sentence with more text after it, or an
/// ending on a clause mark? A headline does neither; a body line read across columns
/// or cut off at a column foot does.
fn reads_as_body(title: &str) -> bool {
    let t = title.trim_end();
    let inner_end = t
        .char_indices()
        .any(|(k, c)| matches!(c, '。' | '！' | '？') && t[k + c.len_utf8()..].chars().any(is_han));
    inner_end || t.ends_with(crate::cjk::PAUSE_MARKS)
}

/// Does a title read as a body line cut from its paragraph: a clause or sentence mark
/// with an ideograph after it, and an end mid-word (no mark, no closing quote)? A
/// headline with a comma (`穷则思变，走…之路`) stands right above its body.
fn reads_as_body_fragment(title: &str) -> bool {
    let t = title.trim_end();
    // Some Han after a clause mark: after the first one (one walk, not one per mark).
    let inner = t.find(['，', '。', '；', '！', '？']).is_some_and(|k| t[k..].chars().skip(1).any(is_han));
    let open_end = t.chars().next_back().is_some_and(|c| is_han(c) || c.is_ascii_alphanumeric());
    inner && open_end
}

/// On an OCR page, an article whose headline reads as body text (a line Tesseract read
/// across columns or cut off, taken for its title) is no titled article: the line goes
/// back to the body, in input order. When a subhead in it reads as a headline, Tesseract
/// put the article's own headline among its paragraphs (it reads a headline set into a
/// column where it stands): the first such subhead becomes the headline. Otherwise the
/// article is left untitled, a piece for `merge_untitled_pieces` to join to its article.
fn body_line_headlines(page: &mut Page, log: &mut impl FnMut(usize, &str, String)) {
    for art in &mut page.articles {
        body_line_over_subtitle(art, log);
        if art.kicker.is_some()
            || art.subtitle.is_some()
            || !art.headline.as_deref().is_some_and(|h| reads_as_body(h) || is_date_piece(h))
        {
            continue;
        }
        let k = art.blocks.iter().position(|b| {
            b.kind == BlockKind::Subhead
                && b.text.chars().filter(|&c| is_han(c)).count() >= 4
                && !reads_as_body(&b.text)
        });
        let (title, lines) = match k {
            Some(k) => {
                let sub = art.blocks.remove(k);
                let at = sub.lines.first().map_or(0, |r| r.first);
                log(
                    at,
                    "title",
                    "a subhead reads as the headline of an article titled by a body line".into(),
                );
                (Some(sub.text), sub.lines)
            }
            None => {
                let at = art.title_lines.first().map_or(0, |r| r.first);
                log(at, "title", "a title that reads as body text goes back to the body".into());
                (None, Vec::new())
            }
        };
        let old = std::mem::replace(&mut art.headline, title).unwrap_or_default();
        let old_lines = std::mem::replace(&mut art.title_lines, lines);
        insert_by_line(art, Block { kind: BlockKind::Paragraph, text: old, lines: old_lines });
    }
}

/// Is an OCR subhead read cleanly as a headline: ideographs only (4 to 16), no mark
/// at all? Tesseract reads a headline's large type cleanly; a body line taken for a
/// title carries clause marks, Latin or digits, or is cut mid-phrase at a mark.
fn clean_title_line(text: &str) -> bool {
    let n = text.chars().filter(|&c| is_han(c)).count();
    (4..=16).contains(&n) && text.chars().all(|c| is_han(c) || c.is_whitespace())
}

/// On an OCR page, an article titled only by body lines (each title part reads as a
/// finished or cut sentence: a line Tesseract read across columns, taken for a title)
/// that holds a cleanly read title line as a subhead takes that line as its headline:
/// Tesseract reads a headline set into a column among the column's lines. The body
/// lines go back to the body, in input order.
fn clean_subhead_titles(page: &mut Page, log: &mut impl FnMut(usize, &str, String)) {
    for art in &mut page.articles {
        let parts = [&art.kicker, &art.headline, &art.subtitle];
        let body_like = parts.iter().any(|p| p.is_some())
            && parts
                .iter()
                .all(|p| p.as_deref().is_none_or(|t| reads_as_body(t) || reads_as_body_fragment(t)));
        if !body_like {
            continue;
        }
        let Some(k) =
            art.blocks.iter().position(|b| b.kind == BlockKind::Subhead && clean_title_line(&b.text))
        else {
            continue;
        };
        let sub = art.blocks.remove(k);
        let at = sub.lines.first().map_or(0, |r| r.first);
        log(at, "title", "a cleanly read title line replaces a title of body lines".into());
        let old: String =
            [art.kicker.take(), art.headline.take(), art.subtitle.take()].into_iter().flatten().collect();
        let old_lines = std::mem::replace(&mut art.title_lines, sub.lines);
        art.headline = Some(sub.text);
        insert_by_line(art, Block { kind: BlockKind::Paragraph, text: old, lines: old_lines });
    }
}

/// On an OCR page, a short subhead that finishes a word its headline stops inside is
/// the headline's last piece: Tesseract reads a headline set over several lines as
/// blocks of their own and may put the last one among the body (`…与计生相` / `结合之路`).
/// The join must make words the article's body uses: the headline's last character
/// with the subhead's first two (`相结合`) is found in its paragraphs.
fn subheads_ending_headlines(page: &mut Page, log: &mut impl FnMut(usize, &str, String)) {
    for art in &mut page.articles {
        // The title's last piece: a headline set over lines may already be split into
        // headline and subtitle.
        let Some(h) = art.subtitle.as_deref().or(art.headline.as_deref()) else { continue };
        let Some(last) = h.trim_end().chars().next_back().filter(|&c| is_han(c)) else { continue };
        let body: String =
            art.blocks.iter().filter(|b| b.kind == BlockKind::Paragraph).map(|b| b.text.as_str()).collect();
        let found = art.blocks.iter().position(|b| {
            let t = b.text.trim();
            let han = t.chars().filter(|&c| is_han(c)).count();
            if b.kind != BlockKind::Subhead || !(2..=8).contains(&han) || !t.chars().all(is_han) {
                return false;
            }
            let joint: String = std::iter::once(last).chain(t.chars().take(2)).collect();
            body.contains(&joint)
        });
        let Some(k) = found else { continue };
        let b = art.blocks.remove(k);
        if let Some(r) = b.lines.first() {
            log(
                r.first,
                "join",
                "a short subhead finishing a word its headline stops inside ends the headline".into(),
            );
        }
        if let Some(h) = art.subtitle.as_mut().or(art.headline.as_mut()) {
            h.push_str(b.text.trim());
        }
        art.title_lines.extend(b.lines);
        art.title_lines.sort_by_key(|r| r.first);
    }
}

/// The input line ranges that some text of the page came from (titles, bylines,
/// blocks, loose blocks), as `(first, last)`.
fn held_lines(page: &Page) -> Vec<(usize, usize)> {
    let mut held: Vec<(usize, usize)> = Vec::new();
    for art in &page.articles {
        let ranges =
            art.title_lines.iter().chain(&art.byline_lines).chain(art.blocks.iter().flat_map(|b| &b.lines));
        held.extend(ranges.map(|r| (r.first, r.last)));
    }
    for b in &page.loose {
        held.extend(b.lines.iter().map(|r| (r.first, r.last)));
    }
    held
}

/// Takes out the blocks of `moves` (`(to, article, block)`, each block once) and returns
/// them with their destination. All are taken out first, from the back, so that the
/// indices stay valid.
fn take_blocks(page: &mut Page, mut moves: Vec<(usize, usize, usize)>) -> Vec<(usize, Block)> {
    moves.sort_by_key(|m| std::cmp::Reverse((m.1, m.2)));
    moves.iter().map(|&(a, o, k)| (a, page.articles[o].blocks.remove(k))).collect()
}

/// On an OCR page, a title left unattached (a [`BlockKind::Headline`] block) that
/// stands right under an article's title, one blank line between, is that title's last
/// piece: Tesseract reads a headline set over several lines, or a headline and its
/// subtitle, as blocks of their own (`依托传统农业跳出传统农业` / `焦作高` / `效农业园区…`),
/// and nothing but the title's own lines is set between them. A piece that reads as
/// body text is left where it is.
fn headlines_under_titles(page: &mut Page, log: &mut impl FnMut(usize, &str, String)) {
    let held = held_lines(page);
    // (article, its title's last line): a block right under it joins it.
    let ends: Vec<(usize, usize)> = page
        .articles
        .iter()
        .enumerate()
        .filter(|(_, a)| a.headline.is_some())
        .filter_map(|(i, a)| Some((i, a.title_lines.iter().map(|r| r.last).max()?)))
        .collect();
    let mut moves: Vec<(usize, usize, usize)> = Vec::new();
    for (o, other) in page.articles.iter().enumerate() {
        for (k, b) in other.blocks.iter().enumerate() {
            let (Some(f), Some(l)) =
                (b.lines.iter().map(|r| r.first).min(), b.lines.iter().map(|r| r.last).max())
            else {
                continue;
            };
            if b.kind != BlockKind::Headline
                || b.text.chars().filter(|&c| is_han(c)).count() < 2
                || reads_as_body(&b.text)
            {
                continue;
            }
            let Some(&(a, _)) = ends.iter().find(|&&(_, last)| {
                last < f && f - last <= 2 && !held.iter().any(|&(x, y)| x < f && y > last && (x, y) != (f, l))
            }) else {
                continue;
            };
            moves.push((a, o, k));
        }
    }
    let taken = take_blocks(page, moves);
    for (a, b) in taken {
        let at = b.lines.first().map_or(0, |r| r.first);
        log(at, "join", "an unattached title right under a title is that title's last piece".into());
        let art = &mut page.articles[a];
        match art.subtitle.as_mut() {
            Some(s) => s.push_str(b.text.trim()),
            None => art.subtitle = Some(b.text.trim().to_string()),
        }
        art.title_lines.extend(b.lines);
        art.title_lines.sort_by_key(|r| r.first);
    }
}

/// Is a title a piece of a date and nothing else (`1月4`, a dateline's date cut off
/// at a column foot)? A headline says something: it is never only a number and date marks.
fn is_date_piece(title: &str) -> bool {
    let t = title.trim();
    t.chars().any(|c| matches!(c, '年' | '月' | '日'))
        && t.chars().all(|c| {
            c.is_ascii_digit()
                || ('０'..='９').contains(&c)
                || c.is_whitespace()
                || matches!(c, '年' | '月' | '日')
        })
}

/// Is a title part a body line: it reads as body, or it runs on over two clause or
/// enumeration marks at body length (a headline is short and seldom lists).
fn body_line_part(p: &str) -> bool {
    reads_as_body(p)
        || (p.chars().filter(|&c| matches!(c, '，' | '、')).count() >= 2
            && p.chars().filter(|&c| is_han(c)).count() >= 20)
}

/// A title of two or more parts that are all body lines (lines Tesseract read across
/// two columns, each running on over a sentence end or a clause mark), in one text
/// block with a body paragraph (on the input line right below or above it, no blank
/// line between: Tesseract parts its blocks by blank lines), titles nothing: its text
/// joins that paragraph, and the article is left untitled, a piece for
/// `merge_untitled_pieces` to join to the article it belongs to. Without such a
/// neighbour the title stays: a block of its own would only add one no paragraph of
/// the page matches.
fn body_line_titles(page: &mut Page, log: &mut impl FnMut(usize, &str, String)) {
    for a in 0..page.articles.len() {
        let art = &page.articles[a];
        let parts = [&art.kicker, &art.headline, &art.subtitle];
        let n = parts.iter().filter(|p| p.is_some()).count();
        if n < 2 || !parts.iter().all(|p| p.as_deref().is_none_or(body_line_part)) {
            continue;
        }
        let Some(last) = art.title_lines.iter().map(|r| r.last).max() else { continue };
        let first = art.title_lines.iter().map(|r| r.first).min().unwrap_or(last);
        let find = |at: &dyn Fn(&Block) -> bool| {
            page.articles.iter().enumerate().find_map(|(t, x)| {
                x.blocks.iter().position(|b| b.kind == BlockKind::Paragraph && at(b)).map(|k| (t, k))
            })
        };
        let next = find(&|b: &Block| b.lines.first().is_some_and(|r| r.first == last + 1));
        let prev = find(&|b: &Block| b.lines.last().is_some_and(|r| r.last + 1 == first));
        let Some(((t, k), below)) = next.map(|x| (x, true)).or(prev.map(|x| (x, false))) else { continue };
        let art = &mut page.articles[a];
        log(first, "title", "a title made only of body lines joins the body block it runs on in".into());
        let lines = std::mem::take(&mut art.title_lines);
        let text: String =
            [art.kicker.take(), art.headline.take(), art.subtitle.take()].into_iter().flatten().collect();
        let b = &mut page.articles[t].blocks[k];
        if below {
            b.text.insert_str(0, &text);
            b.lines.splice(0..0, lines);
        } else {
            b.text.push_str(&text);
            b.lines.extend(lines);
        }
    }
}

/// A headline over a subtitle where the headline is a body line (read across columns
/// from a pull quote or a neighbouring column) and the subtitle is not: the subtitle
/// is the real headline, the body line goes back to the body.
fn body_line_over_subtitle(art: &mut Article, log: &mut impl FnMut(usize, &str, String)) {
    let sub_ok = art
        .subtitle
        .as_deref()
        .is_some_and(|s| !body_line_part(s) && s.chars().filter(|&c| is_han(c)).count() >= 4);
    if art.kicker.is_some()
        || !sub_ok
        || art.title_lines.len() < 2
        || !art.headline.as_deref().is_some_and(body_line_part)
    {
        return;
    }
    let first = art.title_lines.remove(0);
    log(
        first.first,
        "title",
        "a body line above the subtitle goes back to the body; the subtitle is the headline".into(),
    );
    let old = std::mem::replace(&mut art.headline, art.subtitle.take()).unwrap_or_default();
    insert_by_line(art, Block { kind: BlockKind::Paragraph, text: old, lines: vec![first] });
}

/// The most common Chinese surnames (together well over half the population): a
/// bare run of four to six ideographs opening with one reads as a name.
const COMMON_SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤";

/// Does `text` open with one of [`COMMON_SURNAMES`] (in either script)?
fn opens_with_surname(text: &str) -> bool {
    text.chars().next().is_some_and(|c| COMMON_SURNAMES.contains(crate::cjk::fold_traditional_char(c)))
}

/// On an OCR page, a subtitle that is a bare name of four to six ideographs opening
/// with a common surname, in an article with no byline, is the byline (two authors'
/// names set under the headline, read into the title group): a subtitle is a phrase.
fn name_subtitles(page: &mut Page, log: &mut impl FnMut(usize, &str, String)) {
    for art in &mut page.articles {
        let Some(sub) = art.subtitle.as_deref() else { continue };
        let n = sub.chars().count();
        let named = (4..=6).contains(&n) && sub.chars().all(is_han) && opens_with_surname(sub);
        if !named || art.byline.is_some() || art.headline.is_none() || art.kicker.is_some() {
            continue;
        }
        let at = art.title_lines.last().map_or(0, |r| r.last);
        log(at, "byline", "a subtitle that is a bare name under the headline is the byline".into());
        art.byline = art.subtitle.take();
        // The name is the title group's last input line: it goes to the byline's lines
        // (and stays with the title lines too when it was read into the headline's
        // line).
        if let Some(last) = art.title_lines.iter_mut().max_by_key(|r| r.last) {
            let line = last.last;
            if last.first < last.last {
                last.last -= 1;
            } else if art.title_lines.len() > 1 {
                art.title_lines.retain(|r| r.first != line);
            }
            art.byline_lines = vec![LineRange { first: line, last: line }];
        }
    }
}

/// Input lines between a byline cut after its role (`本报记者`) and the name Tesseract
/// read as a block of its own.
const NAME_REACH: usize = 3;

/// On an OCR page a byline may be read in two blocks, the role (`本报记者`) and the name
/// (`彭飞`); reflow then takes the name for a headline. A headline that is a bare name
/// and nothing else, a few lines below a byline that names no one, is the byline's
/// name: it joins the byline, and its article is left untitled (a piece for
/// `merge_untitled_pieces`).
fn names_ending_bylines(page: &mut Page, log: &mut impl FnMut(usize, &str, String)) {
    for a in 1..page.articles.len() {
        let art = &page.articles[a];
        let Some(h) = art.headline.as_deref() else { continue };
        if art.kicker.is_some()
            || art.subtitle.is_some()
            || art.byline.is_some()
            || !crate::reflow::is_bare_name(h)
        {
            continue;
        }
        let Some(at) = art.title_lines.first().map(|r| r.first) else { continue };
        let prev = &page.articles[a - 1];
        let role_only = prev.byline.as_deref().is_some_and(|b| {
            let b = crate::cjk::fold_traditional(b.trim());
            b.ends_with("记者") || b.ends_with("通讯员") || b.ends_with("撰稿") || b.ends_with("撰稿人")
        });
        let near = prev.byline_lines.last().is_some_and(|r| r.last < at && at - r.last <= NAME_REACH);
        if !role_only || !near {
            continue;
        }
        log(at, "byline", "a bare name right under a byline that names no one is its name".into());
        let name = page.articles[a].headline.take().unwrap_or_default();
        let lines = std::mem::take(&mut page.articles[a].title_lines);
        let prev = &mut page.articles[a - 1];
        if let Some(b) = prev.byline.as_mut() {
            b.push_str(name.trim());
        }
        prev.byline_lines.extend(lines);
    }
}

/// The quoted word of a title that is nothing else (`“拜年”`), if short.
fn quoted_word(title: &str) -> Option<&str> {
    let inner = title.trim().strip_prefix('“')?.strip_suffix('”')?;
    let n = inner.chars().count();
    ((1..=6).contains(&n) && inner.chars().all(is_han)).then_some(inner)
}

/// On an OCR page Tesseract may read the last line of a headline, a quoted word set
/// apart by its marks (`给黄土地` / `“拜年”`), as a block of its own far from the first.
/// A headline is seldom a quoted word and nothing else: such a title, with no byline or
/// subtitle, whose word recurs in the text around it, ends the headline of the article
/// before it when that headline does not finish a sentence, and its blocks go there.
fn join_quoted_titles(page: &mut Page, log: &mut impl FnMut(usize, &str, String)) {
    let mut i = 1;
    while i < page.articles.len() {
        let a = &page.articles[i];
        let p = &page.articles[i - 1];
        let word = a.headline.as_deref().and_then(quoted_word);
        let lone = a.kicker.is_none() && a.subtitle.is_none() && a.byline.is_none();
        let ok = word.is_some_and(|w| {
            let recurs = |art: &Article| art.blocks.iter().any(|b| b.text.contains(w));
            lone && p.subtitle.is_none()
                && p.headline.as_deref().is_some_and(|h| {
                    !h.contains(w) && !ends_sentence(h) && !h.ends_with(|c: char| crate::cjk::is_closing(c))
                })
                && (recurs(a) || recurs(p))
        });
        if !ok {
            i += 1;
            continue;
        }
        let a = page.articles.remove(i);
        let p = &mut page.articles[i - 1];
        let at = a.title_lines.first().map_or(0, |r| r.first);
        log(at, "title", "a lone quoted word ends the headline before it (read as a block apart)".into());
        if let (Some(h), Some(w)) = (p.headline.as_mut(), a.headline.as_deref()) {
            h.push_str(w.trim());
        }
        p.title_lines.extend(a.title_lines);
        p.blocks.extend(a.blocks);
    }
}

/// On an OCR page, a subhead that is a quoted or book-titled word and nothing else
/// (`《价格法》`) in an article whose headline stops mid-phrase (`学习《价格法》贯彻`)
/// is the headline's last line, which Tesseract read as a block apart: a subhead is a
/// phrase, seldom a bare quoted word.
fn quoted_subheads_end_headlines(page: &mut Page, log: &mut impl FnMut(usize, &str, String)) {
    let bracketed = |t: &str| {
        let t = t.trim();
        let inner = t
            .strip_prefix('《')
            .and_then(|x| x.strip_suffix('》'))
            .or_else(|| t.strip_prefix('“').and_then(|x| x.strip_suffix('”')));
        inner.is_some_and(|w| (1..=8).contains(&w.chars().count()) && w.chars().all(is_han))
    };
    for art in &mut page.articles {
        let open = art.subtitle.is_none()
            && art.headline.as_deref().is_some_and(|h| h.trim_end().chars().next_back().is_some_and(is_han));
        if !open {
            continue;
        }
        let Some(k) = art.blocks.iter().position(|b| b.kind == BlockKind::Subhead && bracketed(&b.text))
        else {
            continue;
        };
        let b = art.blocks.remove(k);
        log(
            b.lines.first().map_or(0, |r| r.first),
            "title",
            "a lone quoted subhead ends a headline that stops mid-phrase".into(),
        );
        if let Some(h) = art.headline.as_mut() {
            h.push_str(b.text.trim());
        }
        art.title_lines.extend(b.lines);
    }
}

/// A paragraph moves when it shares this much more (cohesion) with another article.
const MOVE_MARGIN: f32 = 0.1;
/// Paragraphs shorter than this (characters) have too few words to judge and stay.
const MIN_MOVE_CHARS: usize = 40;
/// Cohesion against less text than this (characters) is noise: no move goes there.
const MIN_TARGET_CHARS: usize = 200;
/// Above this many articles the paragraph moves are skipped (bounds their work).
const MAX_MOVE_ARTICLES: usize = 40;

/// On an OCR page Tesseract's block order puts one article's paragraphs under another's
/// headline (`merge_untitled_pieces` handles whole untitled pieces; this, single
/// paragraphs inside titled ones). A paragraph that shares clearly more words with
/// another titled article (its title and text) than with the rest of its own goes
/// there, placed by input line. The first block under a title stays: Tesseract reads a
/// title together with the block below it. Decided on the articles as they came (no
/// cascade); text windows are bounded, so the work is linear in the page.
fn reassign_blocks(
    page: &mut Page,
    min_cohesion: f32,
    log: &mut impl FnMut(usize, &str, String),
) -> Vec<(usize, usize, usize)> {
    let n = page.articles.len();
    if !(2..=MAX_MOVE_ARTICLES).contains(&n) {
        return Vec::new();
    }
    let text_of = |a: &Article, skip: Option<usize>| -> String {
        let mut t = String::new();
        for x in [&a.kicker, &a.headline, &a.subtitle].into_iter().flatten() {
            t.push_str(x);
        }
        for (k, b) in a.blocks.iter().enumerate() {
            if Some(k) == skip || b.kind != BlockKind::Paragraph {
                continue;
            }
            if t.len() >= 6 * WINDOW_CHARS {
                break;
            }
            t.push_str(&b.text);
        }
        t
    };
    let texts: Vec<String> = page.articles.iter().map(|a| text_of(a, None)).collect();
    let big: Vec<bool> = page
        .articles
        .iter()
        .zip(&texts)
        .map(|(a, t)| t.chars().count() >= MIN_TARGET_CHARS || opens_with_dateline(a, t))
        .collect();
    let suspects = suspect_paragraphs(page, &texts, &big, &text_of);
    let mut moves: Vec<(usize, usize, usize)> = Vec::new();
    for (a, art) in page.articles.iter().enumerate() {
        if art.blocks.len() < 2 {
            continue;
        }
        for (k, b) in art.blocks.iter().enumerate().skip(1) {
            if b.kind != BlockKind::Paragraph || b.text.chars().count() < MIN_MOVE_CHARS {
                continue;
            }
            let own =
                move_cohesion(&b.text, &article_text_skipping(art, |j| j == k || suspects[a].contains(&j)));
            let best = (0..n)
                .filter(|&t| t != a && big[t] && is_titled(&page.articles[t]))
                .map(|t| (move_cohesion(&b.text, &texts[t]), t))
                .max_by(|x, y| x.0.total_cmp(&y.0));
            if let Some((c, t)) = best.filter(|(c, _)| *c >= min_cohesion && *c > own + MOVE_MARGIN) {
                let line = b.lines.first().map_or(0, |r| r.first);
                log(
                    line,
                    "attach",
                    format!("paragraph moves to article {t} (cohesion {c:.2} against {own:.2})"),
                );
                moves.push((a, k, t));
            }
        }
    }
    // The paragraph right after each moved one, by its first line (see
    // `follow_moved_blocks`).
    let followers: Vec<(usize, usize, usize)> = moves
        .iter()
        .filter_map(|&(a, k, t)| {
            let b = page.articles[a].blocks.get(k + 1)?;
            let moved = moves.iter().any(|&(a2, k2, _)| a2 == a && k2 == k + 1);
            let line = b.lines.first()?.first;
            (!moved && b.kind == BlockKind::Paragraph).then_some((a, line, t))
        })
        .collect();
    // All out first (last first, so the indices hold), then all in.
    let taken: Vec<(Block, usize)> =
        moves.iter().rev().map(|&(a, k, t)| (page.articles[a].blocks.remove(k), t)).collect();
    for (b, t) in taken.into_iter().rev() {
        insert_by_line(&mut page.articles[t], b);
    }
    followers
}

/// Tesseract reads a column of another article as consecutive blocks: a paragraph
/// right after one that moved (`reassign_blocks`) follows it when it now shares at
/// least `min_cohesion` with the article it went to and `RUN_RATIO` times what it
/// shares with the rest of its own (judged with the moved paragraph gone, which may
/// have vouched for it). One step only, no cascade.
fn follow_moved_blocks(
    page: &mut Page,
    followers: &[(usize, usize, usize)],
    min_cohesion: f32,
    log: &mut impl FnMut(usize, &str, String),
) {
    let mut moves: Vec<(usize, usize, usize)> = Vec::new();
    for &(a, line, t) in followers {
        let art = &page.articles[a];
        let Some(k) = art.blocks.iter().position(|b| b.lines.first().is_some_and(|r| r.first == line)) else {
            continue;
        };
        let b = &art.blocks[k];
        if k == 0 || b.text.chars().count() < MIN_MOVE_CHARS {
            continue;
        }
        let own = move_cohesion(&b.text, &article_text(art, &[k]));
        let other = move_cohesion(&b.text, &article_text(&page.articles[t], &[]));
        if other >= min_cohesion && other >= RUN_RATIO * own {
            log(
                line,
                "attach",
                format!(
                    "paragraph follows the one above to article {t} (cohesion {other:.2} against {own:.2})"
                ),
            );
            moves.push((a, k, t));
        }
    }
    moves.sort_unstable();
    moves.dedup_by_key(|m| (m.0, m.1));
    let taken: Vec<(Block, usize)> =
        moves.iter().rev().map(|&(a, k, t)| (page.articles[a].blocks.remove(k), t)).collect();
    for (b, t) in taken.into_iter().rev() {
        insert_by_line(&mut page.articles[t], b);
    }
}

/// How many times more a run of paragraphs must share with another article than with
/// the rest of its own to move there (see `reassign_runs`).
const RUN_RATIO: f32 = 2.0;

/// On an OCR page Tesseract reads a column of one article into the middle of another:
/// neighbouring paragraphs that each lean to the same other titled article, though
/// each too little to move alone (`reassign_blocks`), are weighed as one run, whose
/// text says more. The run moves when it shares at least `min_cohesion` with that
/// article and `RUN_RATIO` times what it shares with its own article without it. The
/// target need not be long: a titled article left with a short body is the one whose
/// column went astray. Runs are maximal, judged on the articles as they came.
fn reassign_runs(page: &mut Page, min_cohesion: f32, log: &mut impl FnMut(usize, &str, String)) {
    let n = page.articles.len();
    if !(2..=MAX_MOVE_ARTICLES).contains(&n) {
        return;
    }
    let texts: Vec<String> = page.articles.iter().map(|a| article_text(a, &[])).collect();
    let mut moves: Vec<(usize, Vec<usize>, usize)> = Vec::new();
    for (a, art) in page.articles.iter().enumerate() {
        // Each paragraph's leaning: the other titled article it shares most with, when
        // that is at least half what it shares with the rest of its own (which may hold
        // the rest of the run) but not so much more that it moves alone: one strong
        // paragraph must not carry weak neighbours along.
        let lean: Vec<Option<usize>> = art
            .blocks
            .iter()
            .enumerate()
            .map(|(k, b)| {
                if k == 0 || b.kind != BlockKind::Paragraph || b.text.chars().count() < MIN_MOVE_CHARS {
                    return None;
                }
                let own = move_cohesion(&b.text, &article_text(art, &[k]));
                (0..n)
                    .filter(|&t| t != a && is_titled(&page.articles[t]))
                    .map(|t| (move_cohesion(&b.text, &texts[t]), t))
                    .max_by(|x, y| x.0.total_cmp(&y.0))
                    .filter(|(c, _)| *c > 0.0 && 2.0 * *c >= own && *c <= own + MOVE_MARGIN)
                    .map(|(_, t)| t)
            })
            .collect();
        let mut k = 0;
        while k < lean.len() {
            let Some(t) = lean[k] else {
                k += 1;
                continue;
            };
            let mut j = k;
            while j + 1 < lean.len() && lean[j + 1] == Some(t) {
                j += 1;
            }
            let run: Vec<usize> = (k..=j).collect();
            k = j + 1;
            if run.len() < 2 {
                continue;
            }
            let run_text: String = run.iter().map(|&i| art.blocks[i].text.as_str()).collect();
            let own = move_cohesion(&run_text, &article_text(art, &run));
            let other = move_cohesion(&run_text, &texts[t]);
            if other >= min_cohesion && other >= RUN_RATIO * own {
                let line = art.blocks[run[0]].lines.first().map_or(0, |r| r.first);
                log(
                    line,
                    "attach",
                    format!(
                        "{} paragraphs move to article {t} (cohesion {other:.2} against {own:.2})",
                        run.len()
                    ),
                );
                moves.push((a, run, t));
            }
        }
    }
    let mut taken: Vec<(Block, usize)> = Vec::new();
    for (a, run, t) in moves.iter().rev() {
        for &k in run.iter().rev() {
            taken.push((page.articles[*a].blocks.remove(k), *t));
        }
    }
    for (b, t) in taken.into_iter().rev() {
        insert_by_line(&mut page.articles[t], b);
    }
}

/// An article's title and paragraph text, without the blocks in `skip`, bounded.
fn article_text(a: &Article, skip: &[usize]) -> String {
    article_text_skipping(a, |k| skip.contains(&k))
}

/// [`article_text`] without the blocks `skip` names.
fn article_text_skipping(a: &Article, skip: impl Fn(usize) -> bool) -> String {
    let mut t = String::new();
    for x in [&a.kicker, &a.headline, &a.subtitle].into_iter().flatten() {
        t.push_str(x);
    }
    for (k, b) in a.blocks.iter().enumerate() {
        if skip(k) || b.kind != BlockKind::Paragraph {
            continue;
        }
        if t.len() >= 6 * WINDOW_CHARS {
            break;
        }
        t.push_str(&b.text);
    }
    t
}

/// A titled article whose body opens with a dateline (`本报讯记者…报道：`) is a news
/// article whose text Tesseract read elsewhere: it may take paragraphs back though
/// little of it is left to compare with.
fn opens_with_dateline(a: &Article, text: &str) -> bool {
    is_titled(a)
        && text.chars().count() >= MIN_MOVE_CHARS
        && a.blocks
            .first()
            .is_some_and(|b| b.kind == BlockKind::Paragraph && crate::patterns::is_dateline(&b.text))
}

/// Per article, the paragraphs that share more words with another article than with
/// the rest of their own: paragraphs of another article mixed in together reinforce
/// one another, so each is judged against its article without them.
fn suspect_paragraphs(
    page: &Page,
    texts: &[String],
    big: &[bool],
    text_of: &impl Fn(&Article, Option<usize>) -> String,
) -> Vec<Vec<usize>> {
    let n = page.articles.len();
    page.articles
        .iter()
        .enumerate()
        .map(|(a, art)| {
            let mut out = Vec::new();
            for (k, b) in art.blocks.iter().enumerate().skip(1) {
                if b.kind != BlockKind::Paragraph || b.text.chars().count() < MIN_MOVE_CHARS {
                    continue;
                }
                let own = move_cohesion(&b.text, &text_of(art, Some(k)));
                let other = (0..n)
                    .filter(|&t| t != a && big[t] && is_titled(&page.articles[t]))
                    .map(|t| move_cohesion(&b.text, &texts[t]))
                    .fold(0.0f32, f32::max);
                if other > own {
                    out.push(k);
                }
            }
            out
        })
        .collect()
}

/// On an OCR page Tesseract scatters an article's columns over the page, so bodies
/// without a title are mostly pieces of titled articles: each joins the titled article
/// whose text it shares most words with (cohesion at least `min_cohesion`, the bar that
/// keeps two paragraphs of one column in one article, see `is_subhead`), its
/// blocks placed among that article's by input line. Bounded windows keep it linear in
/// the page for a handful of articles.
fn merge_untitled_pieces(page: &mut Page, min_cohesion: f32, log: &mut impl FnMut(usize, &str, String)) {
    merge_untitled_into(page, min_cohesion, &is_titled, &is_titled, false, false, log);
}

/// Where the extractor emits interleaved columns line by line (pdftotext at a wide line
/// pitch), the threading can split one article's body in two: the part under the
/// headline and a continuation with no title. A body without a title continues the
/// titled article whose text it shares most words with — only one whose title holds up
/// (it matches its own body, or the body opens with a dateline, as a news article does):
/// a title left over onto some body on weak evidence says nothing of that body's topic.
/// `only_untitled` (columns read one after another, not interleaved): only bodies with
/// no title at all are pieces, and they need a paragraph left unfinished in the article
/// they join or twice the cohesion — a page may hold an article whose title is lost.
fn join_continuations(
    page: &mut Page,
    min_cohesion: f32,
    only_untitled: bool,
    log: &mut impl FnMut(usize, &str, String),
) {
    let holds = |a: &Article| {
        if !is_titled(a) {
            return false;
        }
        let title: String =
            [&a.kicker, &a.headline, &a.subtitle].into_iter().flatten().map(String::as_str).collect();
        // Nor does a body line read across columns taken for a title.
        if reads_as_body(&title) {
            return false;
        }
        let body = article_text(a, &[]);
        let body = &body[title.len()..];
        // A Chinese headline is set in ideographs; a title of none over a body of them
        // is a word wrapped off a body line (a name, an address).
        if !title.chars().any(is_han) && body.chars().any(is_han) {
            return false;
        }
        a.blocks
            .first()
            .is_some_and(|b| b.kind == BlockKind::Paragraph && crate::patterns::is_dateline(&b.text))
            || bigram_share_reaches(&title, body, CONTINUED_TITLE_SHARE)
    };
    // A title that does not hold is no sign of a new article either: such a body
    // joins too, its title kept as a headline block.
    merge_untitled_into(page, min_cohesion, &is_titled, &holds, only_untitled, true, log);
}

/// Share of a title's bigrams its body must hold for the title to vouch for the body's
/// topic (`join_continuations`).
const CONTINUED_TITLE_SHARE: f32 = 0.3;

/// `merge_untitled_pieces` into the articles `target_ok` accepts; every other article is a
/// piece to place. `may_take`: a cheap test every article `target_ok` accepts passes (the
/// costly `target_ok` is asked only of pieces and of the targets a piece would join).
fn merge_untitled_into(
    page: &mut Page,
    min_cohesion: f32,
    may_take: &impl Fn(&Article) -> bool,
    target_ok: &impl Fn(&Article) -> bool,
    only_untitled: bool,
    clear_lead: bool,
    log: &mut impl FnMut(usize, &str, String),
) {
    let text_of = |a: &Article| -> String {
        let (mut t, mut chars) = (String::new(), 0);
        for b in &a.blocks {
            if chars >= 2 * WINDOW_CHARS {
                break;
            }
            t.push_str(&b.text);
            chars += b.text.chars().count();
        }
        t
    };
    if page.articles.len() > MAX_OCR_ARTICLES || !page.articles.iter().any(is_titled) {
        return;
    }
    // Only untitled bodies can be pieces there: a page without one (most pages) has no
    // work, and the texts and title tests below are the cost of this step.
    if only_untitled && !page.articles.iter().any(|a| !a.blocks.is_empty() && !is_titled(a)) {
        return;
    }
    let n = page.articles.len();
    // Each article judged at most once (the tests read titles and bodies), and only when
    // asked: as a piece, or as the most cohesive target of one.
    let mut takes: Vec<Option<bool>> = vec![None; n];
    let takes_of =
        |takes: &mut [Option<bool>], t: usize| *takes[t].get_or_insert_with(|| target_ok(&page.articles[t]));
    // Bigram counts of each article's text, with their squared norm, counted once (not
    // once per pair as `cohesion` would): the same whole-number sums give the same cosine.
    let mut counts: Vec<Option<(HashMap<u64, u32>, u64)>> = vec![None; n];
    let count = |a: &Article| {
        let text = text_of(a);
        // Sized up front: growing the map cost as much as counting.
        let mut m: HashMap<u64, u32> = HashMap::with_capacity_and_hasher(text.len() / 3, Default::default());
        // The squared norm kept while counting ((x + 1)^2 = x^2 + 2x + 1), not read
        // back from the map's buckets.
        let mut sq = 0u64;
        for g in bigrams(&text) {
            let x = m.entry(pack(g)).or_default();
            sq += 2 * u64::from(*x) + 1;
            *x += 1;
        }
        (m, sq)
    };
    if !only_untitled {
        // Every article with blocks is asked as a piece anyway: ask all first, and
        // count bigrams only of the targets that take.
        for t in 0..n {
            takes_of(&mut takes, t);
        }
    }
    let lower = min_cohesion.min(STRONG_COHESION_FACTOR * min_cohesion);
    let mut target: Vec<Option<usize>> = vec![None; n];
    for u in 0..n {
        let a = &page.articles[u];
        if a.blocks.is_empty() || (only_untitled && is_titled(a)) || takes_of(&mut takes, u) {
            continue;
        }
        if counts[u].is_none() {
            counts[u] = Some(count(a));
        }
        let mut cands: Vec<(f32, usize)> = Vec::new();
        for t in (0..n).filter(|&t| t != u && takes[t] != Some(false) && may_take(&page.articles[t])) {
            if counts[t].is_none() {
                counts[t] = Some(count(&page.articles[t]));
            }
            let ((cu, su), (ct, st)) =
                (counts[u].as_ref().expect("counted"), counts[t].as_ref().expect("counted"));
            let (small, large) = if cu.len() <= ct.len() { (cu, ct) } else { (ct, cu) };
            let dot =
                small.iter().filter_map(|(k, &x)| large.get(k).map(|&y| u64::from(x) * u64::from(y))).sum();
            let sums = CountSums { na: *su, nb: *st, dot };
            let c = sums
                .cosine()
                .unwrap_or_else(|| cohesion(&text_of(&page.articles[u]), &text_of(&page.articles[t])));
            cands.push((c, t));
        }
        // The best target is the most cohesive article that takes pieces (the last of
        // equals, as `max_by`): the candidates from the most cohesive down, the first
        // that takes; below the lower bar none can join.
        cands.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(y.1.cmp(&x.1)));
        // `clear_lead`: a body with no title at all and no dateline (a short run of lines
        // the extractor threaded off its column) shares too few words with anything to
        // reach the bar, but joins the article it shares clearly the most with: the most
        // cohesive of all, taking pieces, and at least twice as cohesive as any other.
        if clear_lead
            && !only_untitled
            && !is_titled(a)
            && a.blocks
                .first()
                .is_some_and(|b| b.kind == BlockKind::Paragraph && !crate::patterns::is_dateline(&b.text))
        {
            if let Some(&(c, t)) = cands.first() {
                let second = cands.get(1).map_or(0.0, |x| x.0);
                if c >= CLEAR_LEAD_FLOOR
                    && c < min_cohesion
                    && c >= CLEAR_LEAD_FACTOR * second
                    && takes_of(&mut takes, t)
                {
                    let line = a.blocks[0].lines.first().map_or(0, |r| r.first);
                    log(
                        line,
                        "attach",
                        format!(
                            "untitled piece joins the article it clearly shares most with, {t} (cohesion {c:.2})"
                        ),
                    );
                    target[u] = Some(t);
                    continue;
                }
            }
        }
        let best = cands.into_iter().take_while(|&(c, _)| c >= lower).find(|&(_, t)| takes_of(&mut takes, t));
        // A page of columns read in order: a body cut from its article is the rest of a
        // paragraph left unfinished there; an article whose paragraphs all end takes none.
        let open = |t: usize| {
            !only_untitled
                || page.articles[t]
                    .blocks
                    .iter()
                    .any(|b| b.kind == BlockKind::Paragraph && crate::ocr_units::stops_mid_sentence(&b.text))
        };
        let bar = |t: usize| if open(t) { min_cohesion } else { STRONG_COHESION_FACTOR * min_cohesion };
        if let Some((c, t)) = best.filter(|&(c, t)| c >= bar(t)) {
            let line = a.blocks[0].lines.first().map_or(0, |r| r.first);
            log(line, "attach", format!("untitled piece joins the titled article {t} (cohesion {c:.2})"));
            target[u] = Some(t);
        }
    }
    if target.iter().all(Option::is_none) {
        return;
    }
    let mut taken: Vec<Article> = Vec::new();
    let mut keep: Vec<Article> = Vec::new();
    let mut new_index = vec![0usize; page.articles.len()];
    for (k, a) in std::mem::take(&mut page.articles).into_iter().enumerate() {
        if target[k].is_some() {
            taken.push(a);
        } else {
            new_index[k] = keep.len();
            keep.push(a);
        }
    }
    let moved: Vec<usize> = target.iter().filter_map(|t| *t).collect();
    for (a, t) in taken.into_iter().zip(moved) {
        let art = &mut keep[new_index[t]];
        let mut blocks = a.blocks;
        let title: String = [a.kicker, a.headline, a.subtitle].into_iter().flatten().collect();
        if !title.is_empty() {
            blocks.insert(0, Block { kind: BlockKind::Headline, text: title, lines: a.title_lines });
        }
        if let Some(text) = a.byline {
            let b = Block { kind: BlockKind::Byline, text, lines: a.byline_lines };
            if art.byline.is_none() {
                set_byline(art, b);
            } else {
                // A second byline stays a block, placed by its input line below.
                blocks.insert(0, b);
            }
        }
        for b in blocks {
            insert_by_line(art, b);
        }
    }
    page.articles = keep;
}

/// An untitled body joins an article none of whose paragraphs is left unfinished only
/// on this many times the usual cohesion: without a cut sentence to go on, it may be an
/// article of its own whose title the extractor lost.
const STRONG_COHESION_FACTOR: f32 = 2.0;

/// Least cohesion, and lead over the next article, for an untitled body below the usual
/// bar to join the article it shares most with (`merge_untitled_into`).
const CLEAR_LEAD_FLOOR: f32 = 0.03;
const CLEAR_LEAD_FACTOR: f32 = 2.0;

/// Above this many articles the OCR piece merge is skipped (bounds its work).
const MAX_OCR_ARTICLES: usize = 200;

/// Some extractors (pypdf) glue text objects that share a baseline into one line, so two
/// headlines set side by side arrive as one title line. A title line is cut in two where
/// its halves match two different bodies clearly better than the whole line matches any.
/// Bodies here are the runs of consecutive paragraphs. Returns the new units and the
/// decisions, or `None` when nothing was cut.
#[allow(clippy::type_complexity)]
/// `ub`: the units' bigrams, found here if not yet (and kept for the caller).
fn split_glued_titles(
    units: &[Unit],
    cfg: &SegmentConfig,
    ub: &mut Option<UnitBigrams>,
) -> Option<(Vec<Unit>, Vec<(usize, String)>)> {
    if !cfg.enabled || !units.iter().any(|u| u.kind == UnitKind::Title && u.text.chars().count() >= 8) {
        return None;
    }
    let mut bodies: Vec<Vec<usize>> = Vec::new();
    let mut open = false;
    for (k, u) in units.iter().enumerate() {
        if matches!(u.kind, UnitKind::Paragraph | UnitKind::Caption) {
            if !open {
                bodies.push(Vec::new());
            }
            bodies.last_mut().expect("pushed").push(k);
            open = true;
        } else {
            open = false;
        }
    }
    if bodies.len() < 2 {
        return None;
    }
    let ub: &UnitBigrams = ub.get_or_insert_with(|| UnitBigrams::new(units));
    let index = BigramIndex::new(ub, bodies);
    // The cuts (unit, byte offset) first; the units are copied only when there is one
    // (most pages have none).
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut notes = Vec::new();
    for (k, u) in units.iter().enumerate() {
        // Two headlines side by side make a line wider than the column; or, short ones,
        // a line the extractor parted at their gap with a space (PDFium, pdfplumber):
        // then the line is cut only at such a space between two ideographs or marks.
        if u.kind != UnitKind::Title {
            continue;
        }
        let at_space_only = u.width <= u.measure + 1.5;
        if at_space_only && !has_cjk_gap(&u.text) {
            continue;
        }
        // A char per byte at most: sized once.
        let chars: Vec<(usize, char)> = crate::collect_bounded(u.text.len(), u.text.char_indices());
        let n = chars.len();
        if !(8..=80).contains(&n) {
            continue;
        }
        let whole = index.best(&u.text).1;
        // The line's distinct bigrams in order, with the first and last char index at
        // which each occurs, and their postings and weights: the bigrams of the text
        // before char p are those first seen below p - 1, those from p on the ones
        // last seen at p or later (as `bigrams` of each part, sorted and deduplicated).
        let mut occ: Vec<(Bigram, usize)> = crate::collect_bounded(
            n - 1,
            (0..n - 1)
                .filter(|&i| content_char(chars[i].1) && content_char(chars[i + 1].1))
                .map(|i| ((chars[i].1, chars[i + 1].1), i)),
        );
        occ.sort_unstable();
        #[allow(clippy::type_complexity)]
        let distinct: Vec<(usize, usize, (Option<&Posting>, f32))> = occ
            .chunk_by(|x, y| x.0 == y.0)
            .map(|r| (r[0].1, r[r.len() - 1].1, index.weighted(r[0].0)))
            .collect();
        let mut part: Vec<(Option<&Posting>, f32)> = Vec::with_capacity(distinct.len());
        // Each part's scores, one buffer for every cut tried.
        let mut found: Vec<f32> = Vec::with_capacity(index.n);
        let mut best: Option<(f32, usize)> = None;
        for p in 3..n - 2 {
            let (prev, next) = (chars[p - 1].1, chars[p].1);
            // Never inside a Latin word or number, nor before closing punctuation.
            if (prev.is_ascii_alphanumeric() && next.is_ascii_alphanumeric())
                || crate::cjk::is_line_start_forbidden(next)
                || is_opening(prev)
                || (at_space_only && prev != ' ')
            {
                continue;
            }
            let at = chars[p].0;
            part.clear();
            part.extend(distinct.iter().filter(|d| d.0 + 1 < p).map(|d| d.2));
            index.scores_into(&part, &mut found);
            let (sa, a) = best_in(&found);
            part.clear();
            part.extend(distinct.iter().filter(|d| d.1 >= p).map(|d| d.2));
            index.scores_into(&part, &mut found);
            let (sb, b) = best_in(&found);
            if sa != sb
                && a >= 0.5
                && b >= 0.5
                && whole <= a.min(b) - 0.1
                && best.is_none_or(|(bs, _)| a + b > bs)
            {
                best = Some((a + b, at));
            }
        }
        if let Some((_, at)) = best {
            notes.push((u.lines[0], "two titles glued on one line match two different bodies".to_string()));
            cuts.push((k, at));
        }
    }
    if cuts.is_empty() {
        return None;
    }
    let mut out: Vec<Unit> = Vec::with_capacity(units.len() + cuts.len());
    let mut next = cuts.iter().copied().peekable();
    for (k, u) in units.iter().enumerate() {
        match next.next_if(|&(c, _)| c == k) {
            Some((_, at)) => {
                let mut left = u.clone();
                left.text = u.text[..at].trim().to_string();
                let mut right = u.clone();
                right.text = u.text[at..].trim().to_string();
                out.push(left);
                out.push(right);
            }
            None => out.push(u.clone()),
        }
    }
    Some((out, notes))
}

/// Does `text` hold a space between two CJK characters (ideographs or marks, the curly
/// quotes among them)?
fn has_cjk_gap(text: &str) -> bool {
    let cjk = |c: char| is_han(c) || crate::cjk::is_cjk_punct(c) || crate::cjk::is_curly_quote(c);
    let (mut before, mut space) = (false, false);
    for c in text.chars() {
        if space && cjk(c) {
            return true;
        }
        space = before && c == ' ';
        before = cjk(c);
    }
    false
}

/// `第` + a number in ideographs or digits + `回`/`章`/`节`: the heading of a chapter.
/// Pages whose extractor emits lines where their baselines fall (interleaved columns):
/// a headline is emitted right before the first line of its body, even when the
/// threading moved that body elsewhere in unit order. For each title, the segment whose
/// first input line is the first segment start after the title's last line, when no
/// other title line stands between the two.
const LINE_ABOVE_BONUS: f32 = 0.2;

fn titles_over_first_lines(units: &[Unit], titles: &[Title], segments: &[Segment]) -> Vec<Option<usize>> {
    let first_line = |u: usize| units[u].lines.iter().copied().min();
    let mut starts: Vec<(usize, usize)> = segments
        .iter()
        .enumerate()
        .filter_map(|(s, seg)| seg.body_units().next().and_then(first_line).map(|l| (l, s)))
        .collect();
    starts.sort_unstable();
    let mut title_firsts: Vec<usize> =
        titles.iter().filter_map(|t| t.units.iter().filter_map(|&u| first_line(u)).min()).collect();
    title_firsts.sort_unstable();
    titles
        .iter()
        .map(|t| {
            let last = t.units.iter().filter_map(|&u| units[u].lines.iter().copied().max()).max()?;
            let k = starts.partition_point(|&(l, _)| l <= last);
            let &(l, s) = starts.get(k)?;
            let between =
                title_firsts.partition_point(|&f| f <= last) < title_firsts.partition_point(|&f| f < l);
            (!between).then_some(s)
        })
        .collect()
}

/// A chapter heading of a serial novel (`第七回`) is followed by its couplet, two
/// short lines of verse (`袁绍磐河战公孙` / `孙坚跨江击刘表`), on one line with it or on
/// the next; extractors part the three wherever the gaps between them are wide. Does
/// `units[k]` still belong to the heading group `g`?
fn chapter_heading_open(units: &[Unit], g: &[usize], k: usize) -> bool {
    let Some(&first) = g.first() else { return false };
    let head = units[first].text.trim();
    if !is_chapter_heading(head) {
        return false;
    }
    let rest = head.trim_start_matches(|c: char| c != '回' && c != '章').chars().skip(1).collect::<String>();
    let halves = rest.split_whitespace().filter(|p| p.chars().any(is_han)).count() + g.len() - 1;
    let line = units[k].text.trim();
    let n = line.chars().filter(|&c| is_han(c)).count();
    halves < 2 && (4..=12).contains(&n) && !ends_sentence(line) && !line.contains(['，', '。'])
}

fn is_chapter_heading(text: &str) -> bool {
    let Some(rest) = text.trim_start().strip_prefix('第') else { return false };
    let num: usize = rest
        .chars()
        .take_while(|c| "一二三四五六七八九十百零〇两0123456789０１２３４５６７８９".contains(*c))
        .count();
    num > 0 && rest.chars().nth(num).is_some_and(|c| matches!(c, '回' | '章'))
}

/// Is the title run `units[i..j]` a subhead of the segment being built?
///
/// On an OCR page the bar is lower for a run that shares hardly any words with the
/// text around it: Tesseract reads photos and ornaments set into a column as short
/// lines of junk (`劝六六登切下`), and a real headline or subhead shares words with its
/// article.
fn is_subhead(
    units: &[Unit],
    cur: &Segment,
    i: usize,
    j: usize,
    cfg: &SegmentConfig,
    ocr: bool,
    ub: &mut Option<UnitBigrams>,
) -> bool {
    let run = &units[i..j];
    if cur.items.is_empty() || j >= units.len() || run.iter().any(|u| u.doubled) {
        return false;
    }
    let next = &units[j];
    if next.kind != UnitKind::Paragraph || next.dateline || (ocr && dateline_after_mark(&next.text)) {
        return false;
    }
    // A chapter heading (`第七回 袁绍磐河战公孙`) opens an instalment of a serial: each
    // instalment is an article of its own, however much its text shares with the last.
    if ocr && is_chapter_heading(&run[0].text) {
        return false;
    }
    if run.iter().any(|u| u.width > u.measure + 0.5) || run.len() > 3 || (!ocr && wrapped_large(run)) {
        return false;
    }
    let before: Vec<usize> = cur
        .items
        .iter()
        .rev()
        .filter_map(|i| match i {
            Item::Body(u) => Some(*u),
            Item::Subhead(_) => None,
        })
        .take(3)
        .collect();
    let before = window_units(units, before.into_iter());
    let after = window_units(units, (j..units.len()).take_while(|&k| units[k].kind == UnitKind::Paragraph));
    let text = |w: &[usize]| window_text(w.iter().map(|&k| &units[k]));
    let mut bar = cfg.min_subhead_cohesion;
    if ocr {
        let (before_text, after_text) = (text(&before), text(&after));
        let run_text: String = run.iter().map(|u| u.text.as_str()).collect();
        let around = format!("{before_text}{after_text}");
        // A bare name (two to four characters) is a byline, not junk.
        let name = run_text.chars().count() <= 4 && is_name(&run_text);
        if bigram_share(&run_text, &around) < OCR_JUNK_SHARE && !name {
            bar *= 0.5;
        }
        // A subhead stands between finished paragraphs. A clean title line set apart
        // (a Tesseract block of its own) right after a paragraph that stops mid-sentence
        // cut that paragraph at a column foot: it is a headline set across the columns
        // that Tesseract read between them, and it starts an article.
        let prev = cur.items.last().and_then(|it| match it {
            Item::Body(u) => Some(&units[*u]),
            Item::Subhead(_) => None,
        });
        let apart = run.len() == 1 && run[0].gap_before && next.gap_before && clean_title_line(&run[0].text);
        if apart && prev.is_some_and(|p| p.kind == UnitKind::Paragraph && !ends_sentence(&p.text)) {
            return false;
        }
    }
    let ub: &UnitBigrams = ub.get_or_insert_with(|| UnitBigrams::new(units));
    let c =
        cohesion_units(ub, units, &before, &after).unwrap_or_else(|| cohesion(&text(&before), &text(&after)));
    c >= bar
}

/// Is a run of title lines one heading wrapped in type larger than the body's? A subhead
/// is set in (or near) body size: it takes one line, or wraps only once a line of the
/// column is full. A heading whose lines together would fit on one line of the column
/// at body size, yet wraps, is set larger: a headline, which opens an article. Its lines
/// are one text broken where the measure (or a balanced break) fell, so no lower line
/// is more than one em wider than the line above it; a subhead of a label and
/// a phrase set on two lines by choice (`智力援疆` / `凝聚社会发展“源动力”`) has a short
/// first line and stays a subhead. Not on OCR pages, where a title run is as often
/// pieces of body lines Tesseract set apart, whose widths say nothing of type size.
fn wrapped_large(run: &[Unit]) -> bool {
    if run.len() < 2 || run.iter().any(|u| u.lines.len() != 1) {
        return false;
    }
    let measure = run.iter().map(|u| u.measure).fold(f32::MAX, f32::min);
    let total: f32 = run.iter().map(|u| u.width).sum();
    total <= measure && run.windows(2).all(|w| w[1].width <= w[0].width + 1.0)
}

/// Does an OCR paragraph open with a dateline behind one stray character? Tesseract
/// reads a mark at a text box's border as a character before the first word
/// (`所新华社莫斯科…电`); a paragraph opening with a dateline starts an article, so the
/// title run above it is its headline, not a subhead.
fn dateline_after_mark(text: &str) -> bool {
    let mut rest = text.trim_start().chars();
    rest.next().is_some_and(|c| !is_han(c) || !matches!(c, '本' | '新' | '中' | '据'))
        && crate::patterns::is_dateline(rest.as_str())
}

/// On an OCR page a section label is at most 4 characters, and fewer than this share of
/// its bigrams recur in the body text that follows it (a headline's do).
const OCR_LABEL_SHARE: f32 = 0.5;

/// Below this share of its bigrams found in the text around it, a title run on an OCR
/// page reads as junk rather than a headline (see `is_subhead`).
const OCR_JUNK_SHARE: f32 = 0.1;

/// Share of the distinct content bigrams of `a` that occur in `b` (0 when `a` has none).
fn bigram_share(a: &str, b: &str) -> f32 {
    let want: rustc_hash::FxHashSet<Bigram> = bigrams(a).collect();
    if want.is_empty() {
        return 0.0;
    }
    let have: rustc_hash::FxHashSet<Bigram> = bigrams(b).collect();
    want.iter().filter(|g| have.contains(g)).count() as f32 / want.len() as f32
}

/// `bigram_share(a, b) >= share`, stopping at the first bigram of `b` that reaches it
/// (the share only grows as `b` is read; no set of `b`'s bigrams is built).
fn bigram_share_reaches(a: &str, b: &str, share: f32) -> bool {
    let mut want: Vec<(Bigram, bool)> = bigrams(a).map(|g| (g, false)).collect();
    want.sort_unstable();
    want.dedup();
    if want.is_empty() {
        return 0.0 >= share;
    }
    let total = want.len() as f32;
    let mut found = 0usize;
    for g in bigrams(b) {
        if let Ok(k) = want.binary_search_by(|x| x.0.cmp(&g))
            && !want[k].1
        {
            want[k].1 = true;
            found += 1;
            if found as f32 / total >= share {
                return true;
            }
        }
    }
    found as f32 / total >= share
}

/// Does any line of a title carry fake-bold doubling?
/// What the input's blank lines say of text blocks. pdftotext and pdfminer part their
/// text blocks by blank lines, and set a block's lines on consecutive input lines (the
/// de-interleaver reorders lines but keeps their input numbers). On pages where they do
/// (many blank lines between the lines units are made of), two units on consecutive
/// input lines are one block of the extractor. Not on OCR or space-aligned layout pages,
/// whose blank lines and line numbers mean other things.
struct ExtractorBlocks {
    on: bool,
    /// Not an OCR or space-aligned layout page, and some blank line parts blocks: two
    /// lines with none between them are one block, however few blank lines there are.
    lines: bool,
    /// Many blocks hold several lines: a text set apart in a block of its own (not just
    /// one line, as every line of interleaved columns, or of double-spaced text) is
    /// apart on the page.
    multi: bool,
}

/// Share of breaks between input lines that must be blank lines for them to part blocks.
const BLOCK_GAP_SHARE: f32 = 0.1;

impl ExtractorBlocks {
    fn new(units: &[Unit], off: bool) -> Self {
        if off {
            return ExtractorBlocks { on: false, lines: false, multi: false };
        }
        let mut nos: Vec<usize> = crate::collect_bounded(
            units.iter().map(|u| u.lines.len()).sum(),
            units.iter().flat_map(|u| u.lines.iter().copied()),
        );
        nos.sort_unstable();
        nos.dedup();
        let gaps = nos.windows(2).filter(|w| w[1] > w[0] + 1).count();
        let breaks = nos.len().saturating_sub(1);
        let on = breaks > 0 && gaps as f32 >= BLOCK_GAP_SHARE * breaks as f32;
        let multi = on && (breaks - gaps) as f32 >= BLOCK_GAP_SHARE * breaks as f32;
        ExtractorBlocks { on, lines: units.iter().any(|u| u.gap_before), multi }
    }

    /// `b`'s first input line directly follows `a`'s last, on any page with blank lines
    /// between blocks.
    fn next_line(&self, a: &Unit, b: &Unit) -> bool {
        let (Some(&last), Some(&first)) = (a.lines.iter().max(), b.lines.iter().min()) else {
            return false;
        };
        self.lines && first == last + 1
    }

    /// `b` goes on the block `a` ends: its first input line directly follows `a`'s last.
    fn same(&self, a: &Unit, b: &Unit) -> bool {
        let (Some(&last), Some(&first)) = (a.lines.iter().max(), b.lines.iter().min()) else {
            return false;
        };
        self.on && first == last + 1
    }
}

/// A fake-bold title line wrapped into the next title line (it ends in a clause mark, or
/// the next opens with one) with no blank line between: one heading, on a page whose
/// extractor parts blocks by blank lines too. Dedupe folds the doubled copies, which the
/// extractor may spread over several input lines, into the first one's number, so the
/// input line numbers no longer show the two in one block.
fn bold_wraps(groups: &[Vec<usize>], units: &[Unit], k: usize) -> bool {
    groups
        .last()
        .and_then(|g| g.last())
        .is_some_and(|&p| units[p].doubled && p + 1 == k && !units[k].gap_before)
}

fn is_bold(units: &[Unit], title: &Title) -> bool {
    title.units.iter().any(|&u| units[u].doubled)
}

/// Either of two titles carries fake-bold doubling.
fn any_bold(units: &[Unit], a: &Title, b: &Title) -> bool {
    is_bold(units, a) || is_bold(units, b)
}

/// `b`'s block follows `a`'s with one blank line between them: `b`'s first input line
/// is two after `a`'s last.
fn neighbour_blocks(a: &Unit, b: &Unit) -> bool {
    a.lines.iter().max().zip(b.lines.iter().min()).is_some_and(|(&l, &f)| f == l + 2)
}

/// A bare personal name (or two): two to six ideographs (with an optional middle dot),
/// nothing else.
fn is_name(text: &str) -> bool {
    let n = text.chars().filter(|&c| is_han(c)).count();
    (2..=6).contains(&n) && text.chars().all(|c| is_han(c) || c == '·')
}

/// Does a title group look like a headline rather than a stray line?
fn is_headline_like(units: &[Unit], title: &[usize]) -> bool {
    let text = title_text(units, title);
    text.chars().filter(|&c| crate::cjk::is_word_char(c)).count() >= 4
}

/// Per title run, the order its titles stand in against the bodies they match: +1
/// forward, -1 reversed, 0 unknown. A title's place is its best body and, within it, the
/// first item holding most of its bigrams; the run's order is the sign of the sum over
/// pairs of clearly matching titles. Runs of more than [`RUN_ORDER_MAX`] titles are left
/// unknown (bounded work). `scores`: each title's scores against the bodies (see
/// [`BigramIndex::scores`]).
fn run_orders(
    units: &[Unit],
    ub: &UnitBigrams,
    segments: &[Segment],
    titles: &[Title],
    run_of_title: &[usize],
    scores: &[Option<Vec<f32>>],
    cfg: &SegmentConfig,
) -> Vec<i32> {
    let runs = run_of_title.iter().copied().max().map_or(0, |r| r + 1);
    let mut out = vec![0i32; runs];
    let place = |t: usize| -> Option<(usize, usize)> {
        let (s, score) = best_in(scores[t].as_deref()?);
        let text = title_text(units, &titles[t].units);
        if score < cfg.min_title_similarity {
            return None;
        }
        let g: HashSet<Bigram> = bigrams(&text).collect();
        let seg = segments.get(s)?;
        // The title's bigrams that occur in body units, marked by their page ids in the
        // zeroed scratch array of `cohesion_units` (`.0`; `.1`: the last item counting
        // it, plus one), reset below: an item of body units is read as its ids, without
        // decoding or hashing its text.
        let mut slots = ub.counts.borrow_mut();
        if slots.len() < ub.ids.len() {
            slots.resize(ub.ids.len(), (0, 0));
        }
        let mut marked: Vec<u32> = Vec::with_capacity(g.len());
        for x in &g {
            if let Some(id) = ub.ids.get(pack(*x)) {
                slots[id as usize].0 = 1;
                marked.push(id);
            }
        }
        let mut best = (0usize, 0usize);
        for (k, it) in seg.items.iter().enumerate() {
            let us: &[usize] = match it {
                Item::Body(u) => std::slice::from_ref(u),
                Item::Subhead(r) => r.as_slice(),
            };
            let body = |&u: &usize| {
                matches!(units[u].kind, UnitKind::Paragraph | UnitKind::Caption | UnitKind::Credit)
            };
            let found = if us.iter().all(body) {
                // The distinct marked ids of the item (its units' bigrams, no seams).
                let stamp = k as u32 + 1;
                let mut n = 0usize;
                for &u in us {
                    let (from, to, _) = ub.spans[u];
                    for &id in &ub.seq[from as usize..to as usize] {
                        let c = &mut slots[id as usize];
                        if c.0 == 1 && c.1 != stamp {
                            c.1 = stamp;
                            n += 1;
                        }
                    }
                }
                n
            } else {
                let found: HashSet<Bigram> =
                    us.iter().flat_map(|&u| bigrams(&units[u].text)).filter(|x| g.contains(x)).collect();
                found.len()
            };
            if found > best.1 {
                best = (k, found);
            }
        }
        for id in marked {
            slots[id as usize] = (0, 0);
        }
        Some((s, best.0))
    };
    for (r, o) in out.iter_mut().enumerate() {
        let ts: Vec<usize> = (0..titles.len()).filter(|&t| run_of_title[t] == r).collect();
        if ts.len() < 2 || ts.len() > RUN_ORDER_MAX {
            continue;
        }
        let places: Vec<(usize, usize)> = ts.iter().filter_map(|&t| place(t)).collect();
        let mut sum = 0i32;
        for (x, p) in places.iter().enumerate() {
            for q in &places[x + 1..] {
                sum += match q.cmp(p) {
                    std::cmp::Ordering::Greater => 1,
                    std::cmp::Ordering::Less => -1,
                    std::cmp::Ordering::Equal => 0,
                };
            }
        }
        *o = sum.signum();
    }
    out
}

/// Most titles in a run whose order [`run_orders`] reads.
const RUN_ORDER_MAX: usize = 24;

/// The best item index at which to cut segment `s` between titles `a` and `b`: where the
/// share of each title's bigrams found on its side is largest. `None` if no cut gives
/// both titles a real match.
fn best_cut(
    units: &[Unit],
    ub: &UnitBigrams,
    seg: &Segment,
    a: &str,
    b: &str,
    a_first: Option<bool>,
) -> Option<usize> {
    let items: Vec<(usize, std::borrow::Cow<'_, str>)> = seg
        .items
        .iter()
        .enumerate()
        .map(|(k, it)| match it {
            Item::Body(u) => (k, std::borrow::Cow::Borrowed(units[*u].text.as_str())),
            Item::Subhead(r) => (k, r.iter().map(|&u| units[u].text.as_str()).collect()),
        })
        .collect();
    if items.len() < 2 {
        return None;
    }
    // Each title's distinct bigrams, sorted: a bigram's slot is its place there.
    let distinct = |t: &str| {
        let mut g: Vec<Bigram> = bigrams(t).collect();
        g.sort_unstable();
        g.dedup();
        g
    };
    let (ga, gb) = (distinct(a), distinct(b));
    if ga.is_empty() || gb.is_empty() {
        return None;
    }
    // First and last item holding each title bigram: the share of a title's bigrams found
    // left or right of any cut then costs O(title) instead of a scan of the items.
    // Both titles in one pass over the items' bigrams. A body unit's bigrams are read
    // as the page's ids (`ub.seq`), each id marked with its slots in the zeroed scratch
    // array of `cohesion_units` (reset before that runs below): no hashing per
    // occurrence. Subheads (title units, not in `ub.seq`) are read from their text.
    let (span_a, span_b) = {
        let mut first = [vec![usize::MAX; ga.len()], vec![usize::MAX; gb.len()]];
        let mut last = [vec![0usize; ga.len()], vec![0usize; gb.len()]];
        let mut note = |side: usize, slot: usize, k: usize| {
            if first[side][slot] == usize::MAX {
                first[side][slot] = k;
            }
            last[side][slot] = k;
        };
        let mut slots = ub.counts.borrow_mut();
        if slots.len() < ub.ids.len() {
            slots.resize(ub.ids.len(), (0, 0));
        }
        let mut marked: Vec<u32> = Vec::with_capacity(ga.len() + gb.len());
        for (side, g) in [&ga, &gb].into_iter().enumerate() {
            for (slot, &x) in g.iter().enumerate() {
                if let Some(id) = ub.ids.get(pack(x)) {
                    let c = &mut slots[id as usize];
                    if *c == (0, 0) {
                        marked.push(id);
                    }
                    let v = slot as u32 + 1;
                    if side == 0 { c.0 = v } else { c.1 = v }
                }
            }
        }
        for (k, (it, (_, t))) in seg.items.iter().zip(&items).enumerate() {
            match it {
                Item::Body(u)
                    if matches!(
                        units[*u].kind,
                        UnitKind::Paragraph | UnitKind::Caption | UnitKind::Credit
                    ) =>
                {
                    let (from, to, _) = ub.spans[*u];
                    for &id in &ub.seq[from as usize..to as usize] {
                        let (sa, sb) = slots[id as usize];
                        if sa > 0 {
                            note(0, sa as usize - 1, k);
                        }
                        if sb > 0 {
                            note(1, sb as usize - 1, k);
                        }
                    }
                }
                _ => {
                    for x in bigrams(t) {
                        for (side, g) in [&ga, &gb].into_iter().enumerate() {
                            if let Ok(slot) = g.binary_search(&x) {
                                note(side, slot, k);
                            }
                        }
                    }
                }
            }
        }
        for id in marked {
            slots[id as usize] = (0, 0);
        }
        let span = |side: usize| -> Vec<(usize, usize)> {
            first[side]
                .iter()
                .zip(&last[side])
                .filter(|(f, _)| **f != usize::MAX)
                .map(|(&f, &l)| (f, l))
                .collect()
        };
        (span(0), span(1))
    };
    let share = |g: &Vec<Bigram>, range: std::ops::Range<usize>| {
        let sp = if std::ptr::eq(g, &ga) { &span_a } else { &span_b };
        let found = if range.start == 0 {
            sp.iter().filter(|(f, _)| *f < range.end).count()
        } else {
            sp.iter().filter(|(_, l)| *l >= range.start).count()
        };
        found as f32 / g.len() as f32
    };
    let mut best: Option<(f32, usize)> = None;
    for cut in 1..items.len() {
        // Do not cut right after a subhead, nor before a paragraph that continues a
        // sentence.
        if matches!(seg.items[cut - 1], Item::Subhead(_)) {
            continue;
        }
        let left_a = share(&ga, 0..cut);
        let right_b = share(&gb, cut..items.len());
        let left_b = share(&gb, 0..cut);
        let right_a = share(&ga, cut..items.len());
        let s1 = left_a.min(right_b) + 0.5 * (left_a - right_a).max(0.0) + 0.5 * (right_b - left_b).max(0.0);
        let s2 = left_b.min(right_a) + 0.5 * (left_b - right_b).max(0.0) + 0.5 * (right_a - left_a).max(0.0);
        if a_first.is_some_and(|f| f != (s1 >= s2)) {
            continue;
        }
        let (m, s, sep) = if s1 >= s2 {
            (left_a.min(right_b), s1, (left_a - right_a).min(right_b - left_b))
        } else {
            (left_b.min(right_a), s2, (left_b - right_b).min(right_a - left_a))
        };
        // Both titles must match their side, and each must match its side clearly
        // better than the other: a kicker and a headline of one article do not.
        if m < 0.3 || sep < 0.25 {
            continue;
        }
        // And the text must change subject there: sections of one article share their
        // vocabulary across the cut.
        // Counted from the page's bigram ids (the texts are the concatenations of these
        // units' texts); a title run (no body unit) falls back to hashing the texts.
        let (l, r) = (cut.saturating_sub(3)..cut, cut..(cut + 3).min(items.len()));
        let of = |ks: std::ops::Range<usize>| -> Vec<usize> {
            seg.items[ks]
                .iter()
                .flat_map(|it| match it {
                    Item::Body(u) => std::slice::from_ref(u),
                    Item::Subhead(r) => r.as_slice(),
                })
                .copied()
                .collect()
        };
        let c = cohesion_units(ub, units, &of(l.clone()), &of(r.clone())).unwrap_or_else(|| {
            let left: String = items[l].iter().map(|(_, t)| &**t).collect();
            let right: String = items[r].iter().map(|(_, t)| &**t).collect();
            cohesion(&left, &right)
        });
        if c >= CUT_COHESION {
            continue;
        }
        if best.is_none_or(|(bs, _)| s > bs) {
            best = Some((s, items[cut].0));
        }
    }
    best.map(|(_, k)| k)
}

/// Packed bigram ([`pack`]) → dense id in order of first insertion: an open-addressed
/// table of ids with linear probing, a multiplicative hash and a load of at most ½,
/// over the keys in id order (a lookup is a multiply, a shift and a compare or two,
/// where a general hash map's probe costs several times that; [`UnitBigrams::new`]
/// does one per bigram of the page). A slot holds its id plus one (0: empty), four
/// bytes, so the table a page needs is small to clear.
struct IdMap {
    /// Id + 1 per slot, 0 for an empty one.
    slots: Vec<u32>,
    /// The keys by id.
    keys: Vec<u64>,
    /// 64 − log2 of the table size.
    shift: u32,
}

impl IdMap {
    /// A map for about `n` keys without growing.
    fn with_capacity(n: usize) -> Self {
        let size = (2 * n).max(16).next_power_of_two();
        IdMap { slots: vec![0; size], keys: Vec::with_capacity(n), shift: 64 - size.trailing_zeros() }
    }

    #[inline]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    fn len(&self) -> usize {
        self.keys.len()
    }

    /// The slot holding `key`, or the empty slot where it would go.
    #[inline]
    fn find(&self, key: u64) -> (usize, Option<u32>) {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            match self.slots[i] {
                0 => return (i, None),
                s if self.keys[s as usize - 1] == key => return (i, Some(s - 1)),
                _ => i = (i + 1) & mask,
            }
        }
    }

    fn get(&self, key: u64) -> Option<u32> {
        self.find(key).1
    }

    /// The id of `key`, the next one (the number of keys so far) when it is new.
    #[inline]
    fn id(&mut self, key: u64) -> u32 {
        let (i, found) = self.find(key);
        if let Some(id) = found {
            return id;
        }
        self.keys.push(key);
        let id = self.keys.len() as u32;
        self.slots[i] = id;
        if 2 * self.keys.len() > self.slots.len() {
            self.grow();
        }
        id - 1
    }

    /// Doubles the table and puts every key back (all distinct: the first empty slot).
    fn grow(&mut self) {
        let size = 2 * self.slots.len();
        self.slots = vec![0u32; size];
        self.shift = 64 - size.trailing_zeros();
        for (id, &k) in self.keys.iter().enumerate() {
            let mut i = self.slot(k);
            while self.slots[i] != 0 {
                i = (i + 1) & (size - 1);
            }
            self.slots[i] = id as u32 + 1;
        }
    }
}

/// A unit's range of [`UnitBigrams::seq`] and its text's first and last char.
type UnitSpan = (u32, u32, Option<(char, char)>);

/// The content bigrams of each unit's text as dense ids, found once per page (one hash
/// lookup per bigram occurrence), so that a [`BigramIndex`] over concatenations of unit
/// texts, rebuilt after every hidden cut, needs no hashing.
struct UnitBigrams {
    /// Bigram → id.
    ids: IdMap,
    /// Per unit: its range of `seq`, and its text's first and last char (`None`: empty).
    spans: Vec<UnitSpan>,
    /// The units' bigram ids, in text order.
    seq: Vec<u32>,
    /// Scratch per-id counts for [`cohesion_units`], all zero between its calls.
    counts: std::cell::RefCell<Vec<(u32, u32)>>,
    /// Scratch list of the ids [`cohesion_units`] counted (reused: it grew one push
    /// at a time on every call).
    touched: std::cell::RefCell<Vec<u32>>,
}

impl UnitBigrams {
    fn new(units: &[Unit]) -> Self {
        let bytes: usize = units.iter().map(|u| u.text.len()).sum();
        // About one distinct bigram per 5 bytes of Chinese text.
        let mut ids = IdMap::with_capacity(bytes / 5);
        let mut seq: Vec<u32> = Vec::with_capacity(bytes / 3);
        let mut spans = Vec::with_capacity(units.len());
        for u in units {
            let start = seq.len() as u32;
            // Only body units (paragraphs, captions, credits) make segment texts; the
            // others get an empty span, never read.
            if !matches!(u.kind, UnitKind::Paragraph | UnitKind::Caption | UnitKind::Credit) {
                spans.push((start, start, None));
                continue;
            }
            for g in bigrams(&u.text) {
                seq.push(ids.id(pack(g)));
            }
            let ends = u.text.chars().next().zip(u.text.chars().next_back());
            spans.push((start, seq.len() as u32, ends));
        }
        UnitBigrams { ids, spans, seq, counts: Default::default(), touched: Default::default() }
    }
}

/// A bigram's weight among `n` segments when `df` of them hold it.
fn idf_weight(n: usize, df: usize) -> f32 {
    let n = n.max(1) as f32;
    (1.0 + n / (df as f32 + 0.5)).ln()
}

/// Bigram sets of the page's segments with rarity weights, for title matching.
///
/// Stored inverted: per bigram, the segments that hold it (a linked list in `links`,
/// newest segment first) and how many they are (its document frequency). Building it
/// costs one array update per bigram occurrence (ids from [`UnitBigrams`]); scoring a
/// title costs one lookup per title bigram plus one addition per segment that holds it.
struct BigramIndex<'a> {
    /// Number of segments.
    n: usize,
    /// The page's bigram ids.
    ub: &'a UnitBigrams,
    /// Ids of the bigrams across the seams of concatenated units that occur in no unit
    /// (numbered after `ub`'s).
    seams: HashMap<u64, u32>,
    /// Per bigram id.
    entries: Vec<Posting>,
    /// (segment, next link) for the postings lists; `NO_LINK` ends a list.
    links: Vec<(u32, u32)>,
    /// `weight_of` by document frequency 0..=n (one `ln` per value, not per lookup).
    weights: Vec<f32>,
}

/// One bigram's postings: the segments that hold it.
#[derive(Clone, Copy)]
struct Posting {
    /// The last segment added (segments are added in order, each once).
    last: u32,
    /// Number of segments that hold it.
    df: u32,
    /// First link of its list.
    head: u32,
}

const NO_LINK: u32 = u32::MAX;

/// A mark of [`BigramIndex::split`] in [`Posting::last`] (its two low bits the parts).
const MARK: u32 = 0x8000_0000;

/// A bigram as one `u64` key (cheaper to hash than the tuple).
#[inline]
fn pack((a, b): Bigram) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

impl<'a> BigramIndex<'a> {
    /// The index of segments whose texts are the concatenations of the texts of the
    /// units in each of `segs` (as `bigrams` reads the concatenated text: a bigram
    /// across the seam of two units counts too).
    fn new<S, I>(ub: &'a UnitBigrams, segs: S) -> Self
    where
        S: IntoIterator<Item = I>,
        I: IntoIterator<Item = usize>,
    {
        let empty = Posting { last: NO_LINK, df: 0, head: NO_LINK };
        let mut entries: Vec<Posting> = vec![empty; ub.ids.len()];
        let mut links: Vec<(u32, u32)> = Vec::with_capacity(ub.seq.len());
        let mut seams: HashMap<u64, u32> = HashMap::default();
        let mut add = |entries: &mut Vec<Posting>, id: u32, s: u32| {
            let e = &mut entries[id as usize];
            if e.last != s {
                links.push((s, e.head));
                e.head = (links.len() - 1) as u32;
                e.df += 1;
                e.last = s;
            }
        };
        let mut n = 0usize;
        for (s, units) in segs.into_iter().enumerate() {
            n = s + 1;
            let s = s as u32;
            let mut prev: Option<char> = None;
            for u in units {
                let (from, to, ends) = ub.spans[u];
                let Some((first, last)) = ends else { continue };
                if let Some(p) = prev.filter(|&p| content_char(p) && content_char(first)) {
                    let key = pack((p, first));
                    let id = match ub.ids.get(key) {
                        Some(id) => id,
                        None => *seams.entry(key).or_insert_with(|| {
                            entries.push(empty);
                            (entries.len() - 1) as u32
                        }),
                    };
                    add(&mut entries, id, s);
                }
                for &id in &ub.seq[from as usize..to as usize] {
                    add(&mut entries, id, s);
                }
                prev = Some(last);
            }
        }
        let weights = (0..=n).map(|df| idf_weight(n, df)).collect();
        BigramIndex { n, ub, seams, entries, links, weights }
    }

    /// The index after segment `s` is cut in two: `left`, its units before the cut
    /// (which keep number `s`), and `right` (number `s + 1`; the segments after it move
    /// up by one). Every score is as from [`BigramIndex::new`] over the cut segments,
    /// without reading the other segments again (a page with hidden cuts rebuilt the
    /// whole index after each). The bigram across the cut, when no part holds it, keeps
    /// an entry with no segment, which scores as a bigram the page does not hold. The
    /// order of a postings list changes, which no score depends on (a segment's sum is
    /// added in title-bigram order).
    /// (Not inlined: a page cuts a few segments, and inlined it made `segment_page`
    /// cost more on pages with none.)
    #[inline(never)]
    fn split<L, R>(&mut self, s: usize, left: L, right: R)
    where
        L: IntoIterator<Item = usize> + Clone,
        R: IntoIterator<Item = usize> + Clone,
    {
        let s = s as u32;
        // Branch-free, so that the compiler vectorises it.
        for l in &mut self.links {
            l.0 += u32::from(l.0 > s);
        }
        // Marks in the postings' `last` (read only while `new` builds): `MARK | 1` the
        // left part holds the bigram, `MARK | 2` the right part, `MARK | 3` both; reset
        // to 0 (no segment number reaches `MARK`) once the bigram is done. (A scratch
        // array and a list of the ids cost more: a page's split segment is a small part
        // of it, the array as long as the page's bigrams.)
        let BigramIndex { ub, seams, entries, links, .. } = self;
        let mut mark = |id: u32, bit: u32| {
            let e = &mut entries[id as usize];
            e.last = if e.last & !3 == MARK { e.last | bit } else { MARK | bit };
        };
        let (_, left_last) = Self::ids_of(ub, seams, left.clone(), |id| mark(id, 1));
        let (right_first, _) = Self::ids_of(ub, seams, right.clone(), |id| mark(id, 2));
        // The bigram across the cut, held by the whole segment (as `new` read it).
        let cut = left_last
            .zip(right_first)
            .filter(|&(p, f)| content_char(p) && content_char(f))
            .and_then(|(p, f)| Self::id_of_in(ub, seams, pack((p, f))));
        if let Some(id) = cut {
            let e = &mut entries[id as usize];
            if e.last & !3 != MARK {
                e.last = MARK;
            }
        }
        let mut fix = |id: u32| {
            let e = &mut entries[id as usize];
            if e.last & !3 != MARK {
                return;
            }
            let held = e.last & 3;
            e.last = 0;
            if held == 3 {
                links.push((s + 1, e.head));
                e.head = (links.len() - 1) as u32;
                e.df += 1;
                return;
            }
            if held == 1 {
                return;
            }
            // Only the right part holds it (its link moves to `s + 1`), or neither (the
            // bigram across the cut: its link goes).
            let (mut prev, mut l) = (NO_LINK, e.head);
            while l != NO_LINK {
                let (seg, next) = links[l as usize];
                if seg == s {
                    if held == 2 {
                        links[l as usize].0 = s + 1;
                    } else {
                        if prev == NO_LINK {
                            e.head = next;
                        } else {
                            links[prev as usize].1 = next;
                        }
                        e.df -= 1;
                    }
                    break;
                }
                (prev, l) = (l, next);
            }
        };
        Self::ids_of(ub, seams, left, &mut fix);
        Self::ids_of(ub, seams, right, &mut fix);
        if let Some(id) = cut {
            fix(id);
        }
        self.n += 1;
        let n = self.n;
        self.weights = (0..=n).map(|df| idf_weight(n, df)).collect();
    }

    /// The id of a bigram of the page or of a seam the index holds.
    fn id_of(&self, key: u64) -> Option<u32> {
        Self::id_of_in(self.ub, &self.seams, key)
    }

    /// [`BigramIndex::id_of`] from the index's parts.
    fn id_of_in(ub: &UnitBigrams, seams: &HashMap<u64, u32>, key: u64) -> Option<u32> {
        ub.ids.get(key).or_else(|| seams.get(&key).copied())
    }

    /// Calls `f` with every bigram id of the concatenated texts of `units` (as `new`
    /// reads a segment; repeats too), and returns the text's first and last char.
    fn ids_of(
        ub: &UnitBigrams,
        seams: &HashMap<u64, u32>,
        units: impl IntoIterator<Item = usize>,
        mut f: impl FnMut(u32),
    ) -> (Option<char>, Option<char>) {
        let (mut head, mut prev): (Option<char>, Option<char>) = (None, None);
        for u in units {
            let (from, to, ends) = ub.spans[u];
            let Some((first, last)) = ends else { continue };
            head = head.or(Some(first));
            if let Some(p) = prev.filter(|&p| content_char(p) && content_char(first)) {
                // Every seam of a segment's parts is one of the whole segment's, which
                // `new` numbered.
                let id = Self::id_of_in(ub, seams, pack((p, first)));
                debug_assert!(id.is_some());
                if let Some(id) = id {
                    f(id);
                }
            }
            for &id in &ub.seq[from as usize..to as usize] {
                f(id);
            }
            prev = Some(last);
        }
        (head, prev)
    }

    /// The postings of a bigram (`None`: no unit or seam of the page holds it).
    fn posting(&self, g: Bigram) -> Option<&Posting> {
        self.id_of(pack(g)).map(|e| &self.entries[e as usize])
    }

    fn weight_of(&self, e: Option<&Posting>) -> f32 {
        let df = e.map_or(0, |e| e.df as usize);
        self.weights.get(df).copied().unwrap_or_else(|| idf_weight(self.n, df))
    }

    /// Similarity of `title` to every segment.
    fn scores(&self, title: &str) -> Vec<f32> {
        // A title's bigrams and their postings on the stack (a title is a few dozen
        // chars; a `Vec` past `SMALL` bigrams): two allocations less per title scored.
        const SMALL: usize = 48;
        let mut small = [('\0', '\0'); SMALL];
        let mut big: Vec<Bigram> = Vec::new();
        let mut n = 0;
        for x in bigrams(title) {
            if n < SMALL {
                small[n] = x;
            } else {
                if big.is_empty() {
                    big.extend_from_slice(&small);
                }
                big.push(x);
            }
            n += 1;
        }
        let g: &mut [Bigram] = if n <= SMALL { &mut small[..n] } else { &mut big };
        g.sort_unstable();
        // Distinct bigrams, in place (as `Vec::dedup`).
        let mut m = 0;
        for i in 0..g.len() {
            if m == 0 || g[i] != g[m - 1] {
                g[m] = g[i];
                m += 1;
            }
        }
        let g = &g[..m];
        // A bigram of the page that no segment holds has `df` 0 and no links: it counts
        // as one the page does not hold.
        // Each bigram's postings and weight (one `ln` each).
        let mut small_posting: [(Option<&Posting>, f32); SMALL] = [(None, 0.0); SMALL];
        let posting: Vec<(Option<&Posting>, f32)>;
        let posting: &[(Option<&Posting>, f32)] = if m <= SMALL {
            for (p, &x) in small_posting.iter_mut().zip(g) {
                *p = self.weighted(x);
            }
            &small_posting[..m]
        } else {
            posting = g.iter().map(|&x| self.weighted(x)).collect();
            &posting
        };
        self.scores_from(posting)
    }

    /// A bigram's postings and weight.
    fn weighted(&self, g: Bigram) -> (Option<&Posting>, f32) {
        let e = self.posting(g);
        (e, self.weight_of(e))
    }

    /// [`BigramIndex::scores`] of a title given its distinct bigrams' postings and
    /// weights, in bigram order.
    fn scores_from(&self, posting: &[(Option<&Posting>, f32)]) -> Vec<f32> {
        let mut found = Vec::new();
        self.scores_into(posting, &mut found);
        found
    }

    /// [`BigramIndex::scores_from`] written into `found` (a buffer reused by callers that
    /// score many titles in a row).
    fn scores_into(&self, posting: &[(Option<&Posting>, f32)], found: &mut Vec<f32>) {
        found.clear();
        // Evidence saturates: past `SATURATE` bigrams' worth, a long title (a chapter
        // heading, a headline with a subtitle) is not penalised for words its body
        // does not repeat.
        let total: f32 = posting.iter().map(|&(_, w)| w).sum();
        let len = posting.len();
        let total = if len > SATURATE { total * SATURATE as f32 / len as f32 } else { total };
        if total == 0.0 {
            found.resize(self.n, 0.0);
            return;
        }
        // Per segment, the weights of the title bigrams it holds, added in title-bigram
        // order from -0.0 (as `Iterator::sum` does, so every bit is as before).
        found.resize(self.n, -0.0);
        for &(e, w) in posting {
            let Some(e) = e else { continue };
            let mut l = e.head;
            while l != NO_LINK {
                let (s, next) = self.links[l as usize];
                found[s as usize] += w;
                l = next;
            }
        }
        // A title of one or two bigrams (a stray word the extractor cut out of a line,
        // `本，但是`) is weak evidence however well it matches.
        let short = (len as f32 / 3.0).min(1.0);
        for f in found.iter_mut() {
            *f = (*f / total).min(1.0) * short;
        }
    }

    fn best(&self, title: &str) -> (usize, f32) {
        best_in(&self.scores(title))
    }
}

/// The segment with the highest score (the first of equals; 0 when none is positive).
fn best_in(scores: &[f32]) -> (usize, f32) {
    scores.iter().enumerate().fold((0, 0.0), |acc, (i, &s)| if s > acc.1 { (i, s) } else { acc })
}

fn title_text(units: &[Unit], title: &[usize]) -> String {
    // Sized for the lines and a space between each two (no growth while joining).
    let cap = title.iter().map(|&k| units[k].text.len() + 1).sum();
    join_title_lines_into(String::with_capacity(cap), title.iter().map(|&k| units[k].text.as_str()))
}

/// Joins title lines: a wrapped line (ending in a comma or an opening bracket, or
/// followed by punctuation) joins directly; separate lines of a title are kept apart by
/// one space.
#[cfg(test)]
fn join_title_lines<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    join_title_lines_into(String::new(), lines)
}

/// [`join_title_lines`] into `out` (empty; its capacity is kept).
fn join_title_lines_into<'a>(mut out: String, lines: impl Iterator<Item = &'a str>) -> String {
    for l in lines {
        if out.is_empty() {
            out.push_str(l);
            continue;
        }
        let a = out.chars().next_back().unwrap_or(' ');
        let b = l.chars().next().unwrap_or(' ');
        // Nor a space where a reader closes one up (`丽` / `0`: Han next to a digit).
        let wrapped = matches!(a, '，' | '、' | '：' | '—')
            || is_opening(a)
            || is_cjk_punct(b)
            || !crate::join::keep_space(a, b, false);
        if wrapped {
            push_joined(&mut out, l);
        } else {
            out.push(' ');
            out.push_str(l);
        }
    }
    out
}

fn unit_block_kind(k: UnitKind) -> BlockKind {
    match k {
        UnitKind::Paragraph => BlockKind::Paragraph,
        UnitKind::Caption => BlockKind::Caption,
        UnitKind::Title => BlockKind::Headline,
        UnitKind::PullQuote => BlockKind::Pullquote,
        UnitKind::Byline => BlockKind::Byline,
        UnitKind::Credit => BlockKind::Credit,
        UnitKind::Furniture => BlockKind::Furniture,
    }
}

/// Has the article a kicker, headline or subtitle?
fn is_titled(a: &Article) -> bool {
    a.kicker.is_some() || a.headline.is_some() || a.subtitle.is_some()
}

/// Inserts `b` among the article's blocks in input-line order (a block without lines
/// goes last).
fn insert_by_line(art: &mut Article, b: Block) {
    let at = b.lines.first().map_or(usize::MAX, |r| r.first);
    let pos = art.blocks.iter().position(|x| x.lines.first().is_some_and(|r| r.first > at));
    art.blocks.insert(pos.unwrap_or(art.blocks.len()), b);
}

/// Makes `b` the article's byline, keeping the input lines it came from.
fn set_byline(art: &mut Article, b: Block) {
    art.byline = Some(b.text);
    art.byline_lines = b.lines;
}

/// One article per run of units between blank lines (see `segment_page`).
fn articles_as_set(units: &[Unit]) -> Vec<Article> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < units.len() {
        let mut end = k + 1;
        while end < units.len() && !units[end].gap_before {
            end += 1;
        }
        let run = &units[k..end];
        let mut art = Article::default();
        // At most three title parts (kicker, headline, subtitle); more are body.
        let titles = run.iter().take_while(|u| u.kind == UnitKind::Title).count();
        let titles = if titles > 3 { 0 } else { titles };
        let slots: [&mut Option<String>; 3] = [&mut art.kicker, &mut art.headline, &mut art.subtitle];
        // Three title lines fill kicker, headline and subtitle; fewer start at the headline.
        let first = usize::from(titles != 3);
        for (slot, u) in slots.into_iter().skip(first).zip(&run[..titles]) {
            *slot = Some(u.text.clone());
            art.title_lines.extend(LineRange::from_lines(u.lines.iter().copied()));
        }
        let mut rest = &run[titles..];
        if titles > 0 || rest.len() > 1 {
            if let Some(u) = rest.first().filter(|u| u.kind == UnitKind::Byline) {
                art.byline = Some(u.text.clone());
                art.byline_lines.extend(LineRange::from_lines(u.lines.iter().copied()));
                rest = &rest[1..];
            }
        }
        // A title line below body text is a subhead (the text output writes a subhead as
        // a line of its own among the paragraphs).
        let mut body_above = false;
        art.blocks.extend(rest.iter().enumerate().map(|(j, u)| {
            let kind = if u.kind == UnitKind::Title && body_above && j + 1 < rest.len() {
                BlockKind::Subhead
            } else {
                unit_block_kind(u.kind)
            };
            body_above |= u.kind != UnitKind::Title;
            block_of(u, kind)
        }));
        out.push(art);
        k = end;
    }
    out
}

fn block_of(u: &Unit, kind: BlockKind) -> Block {
    Block { kind, text: u.text.clone(), lines: LineRange::from_lines(u.lines.iter().copied()) }
}

fn block_of_many(units: &[Unit], idx: &[usize], kind: BlockKind) -> Block {
    let mut lines: Vec<usize> = idx.iter().flat_map(|&k| units[k].lines.iter().copied()).collect();
    lines.sort_unstable();
    Block { kind, text: title_text(units, idx), lines: LineRange::from_lines(lines) }
}

fn build_article(units: &[Unit], seg: &Segment) -> Article {
    let mut art = Article { blocks: Vec::with_capacity(seg.items.len()), ..Article::default() };
    for it in &seg.items {
        match it {
            Item::Body(u) => art.blocks.push(block_of(&units[*u], unit_block_kind(units[*u].kind))),
            Item::Subhead(r) => art.blocks.push(block_of_many(units, r, BlockKind::Subhead)),
        }
    }
    art
}

/// Splits a title group into kicker / headline / subtitle: the headline is the first
/// fake-bold line (else the first line); lines above it are the kicker, below it the
/// subtitle.
fn set_title(art: &mut Article, units: &[Unit], title: &[usize], per_line: bool) {
    // Text set one paragraph per line (newsprint's text output) writes each title part
    // on a line of its own, so each line is one part: kicker, headline, subtitle, and
    // any more lines are headline blocks at the top of the body.
    if per_line && title.len() >= 2 && title.iter().all(|&k| !units[k].doubled) {
        let text = |k: usize| Some(units[k].text.clone());
        let (parts, rest) = if title.len() == 2 { (title, &[][..]) } else { title.split_at(3) };
        if parts.len() == 2 {
            (art.headline, art.subtitle) = (text(parts[0]), text(parts[1]));
        } else {
            (art.kicker, art.headline, art.subtitle) = (text(parts[0]), text(parts[1]), text(parts[2]));
        }
        for (at, &k) in rest.iter().enumerate() {
            art.blocks.insert(at, block_of(&units[k], BlockKind::Headline));
        }
        art.title_lines = LineRange::from_lines(parts.iter().flat_map(|&k| units[k].lines.iter().copied()));
        return;
    }
    let h = title.iter().position(|&k| units[k].doubled).unwrap_or(0);
    // A multi-line doubled headline: all consecutive doubled lines belong to it.
    let mut h_end = h + 1;
    while h_end < title.len() && units[title[h]].doubled && units[title[h_end]].doubled {
        h_end += 1;
    }
    let part = |r: &[usize]| (!r.is_empty()).then(|| title_text(units, r));
    art.kicker = part(&title[..h]);
    art.headline = part(&title[h..h_end]);
    art.subtitle = part(&title[h_end..]);
    let mut lines: Vec<usize> = title.iter().flat_map(|&k| units[k].lines.iter().copied()).collect();
    lines.sort_unstable();
    art.title_lines = LineRange::from_lines(lines);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_map_numbers_keys_in_order_of_first_insertion_across_growth() {
        let mut m = IdMap::with_capacity(2);
        let mut seen: HashMap<u64, u32> = HashMap::default();
        for i in 0..5000u64 {
            let key = pack((char::from_u32(0x4E00 + (i * 7 % 300) as u32).unwrap(), 'a')) ^ (i % 977) << 40;
            let next = seen.len() as u32;
            let want = *seen.entry(key).or_insert(next);
            assert_eq!(m.id(key), want);
        }
        assert_eq!(m.len(), seen.len());
        for (&k, &v) in &seen {
            assert_eq!(m.get(k), Some(v));
        }
        assert_eq!(m.get(pack(('甲', '乙'))), None);
    }

    #[test]
    fn a_plain_kicker_in_the_block_above_a_fake_bold_headline_is_its_kicker() {
        // pdfminer: a kicker in smaller type than its (fake-bold) headline is a block of
        // its own, one blank line above it; the page sets its bodies as blocks of lines.
        let text = "\
国家统计局局长谈经济形势

稳稳中中求求进进开开新新局局

国家统计局局长今天在新闻发布会上介
绍了去年经济形势。他说，过去一年全
国经济稳中求进，开创了新局面，主要
指标好于预期，就业和物价总体稳定。

城市公园迎来赏花游客

近日，城市各大公园的樱花陆续开放，
吸引了大批市民和游客前来观赏。公园
管理部门增加了保洁和安保人员，并开
通了预约通道，游客可以错峰游园。
";
        let doc = crate::repair(text);
        let a = &doc.pages[0].articles;
        assert_eq!(a.len(), 2, "{a:?}");
        assert_eq!(a[0].kicker.as_deref(), Some("国家统计局局长谈经济形势"), "{a:?}");
        assert_eq!(a[0].headline.as_deref(), Some("稳中求进开新局"));
        assert!(a[0].blocks.iter().all(|b| b.kind == BlockKind::Paragraph), "{a:?}");
    }

    #[test]
    fn a_caption_with_its_credit_on_the_line_is_a_caption_and_a_credit() {
        let text = "\
山区小学用上电脑
　　本报讯　今年秋季开学，县里的山区小学都用上了电脑，孩子们第一次
在课堂上看到了外面的世界，老师们也学会了用网络备课。
图为孩子们在上电脑课。　王小明 摄
";
        let doc = crate::repair(text);
        let a = &doc.pages[0].articles;
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(a[0].headline.as_deref(), Some("山区小学用上电脑"));
        let kinds: Vec<(BlockKind, &str)> = a[0].blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            kinds[1..],
            [(BlockKind::Caption, "图为孩子们在上电脑课。"), (BlockKind::Credit, "王小明 摄")],
            "{kinds:?}"
        );
        assert_eq!(a[0].blocks[2].lines, a[0].blocks[1].lines);
    }

    #[test]
    fn credits_cut_at_their_gaps_stay_one_line() {
        // pdftotext and PyMuPDF cut the editors' credits at their wide gaps: role, name,
        // role, name on lines of their own (blank lines between) make one furniture line.
        let body = "　　本报讯　今年秋季开学，县里的山区小学都用上了电脑，孩子们第一次\n在课堂上看到了外面的世界，老师们也学会了用网络备课。\n";
        for sep in ["\n", "\n\n"] {
            let head = ["责任编辑", "王磊", "美术编辑", "杨帆"].join(sep);
            let doc = crate::repair(&format!("{head}\n\n山区小学用上电脑\n{body}"));
            let loose: Vec<&str> = doc.pages[0].loose.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(loose, ["责任编辑 王磊 美术编辑 杨帆"], "{sep:?}");
        }
    }

    #[test]
    fn furniture_takes_a_name_only_where_it_ends_on_a_role() {
        let body = "　　本报讯　今年秋季开学，县里的山区小学都用上了电脑，孩子们第一次\n在课堂上看到了外面的世界，老师们也学会了用网络备课。\n";
        // Complete furniture: the short line below it is the headline.
        let doc = crate::repair(&format!("责任编辑 王磊  美术编辑 杨帆\n山区小学用上电脑\n{body}"));
        assert_eq!(doc.pages[0].loose[0].text, "责任编辑 王磊 美术编辑 杨帆");
        assert_eq!(doc.pages[0].articles[0].headline.as_deref(), Some("山区小学用上电脑"));
        // A role with no name after it takes the name on the next line.
        let doc = crate::repair(&format!("责任编辑\n王磊\n山区小学用上电脑\n{body}"));
        assert_eq!(doc.pages[0].loose[0].text, "责任编辑 王磊");
        // A bare name below complete furniture is a byline, not a headline.
        let doc = crate::repair(&format!("责任编辑 王磊\n汪大昭\n{body}"));
        let a = &doc.pages[0].articles[0];
        assert_eq!((a.headline.as_deref(), a.byline.as_deref()), (None, Some("汪大昭")), "{a:?}");
    }

    #[test]
    fn per_line_text_reads_each_title_line_as_its_own_part() {
        // newsprint's text output: kicker, headline and subtitle each on a line.
        let text = "综合新闻\n\n引题一行\n主标题在这里\n副标题在这里\n\
            近年来，河北省雄安新区在容东片区、容西片区等集中建成区开设“养老驿站”，为辖区老年人提供日间生活照料。\n\
            图为老年人在雄安新区容西第一养老驿站打乒乓球，他们在这里安享幸福晚年，享受便利的社区服务。\n";
        let doc = crate::repair(text);
        let a = &doc.pages[0].articles[0];
        assert_eq!(a.kicker.as_deref(), Some("引题一行"));
        assert_eq!(a.headline.as_deref(), Some("主标题在这里"));
        assert_eq!(a.subtitle.as_deref(), Some("副标题在这里"));
    }

    #[test]
    fn a_doubled_title_line_wrapped_at_a_comma_keeps_its_next_line() {
        // Dedupe numbers the folded copies by the first input line (1 of 1-2), so the
        // next title line (input 3) no longer looks like the same block.
        let mut head = Unit::sample(UnitKind::Title, &[1], "科技兴农，", 15.0, 5.0);
        head.doubled = true;
        let next = Unit::sample(UnitKind::Title, &[3], "走富民强县之路", 15.0, 7.0);
        let mut units = vec![head, next];
        assert!(bold_wraps(&[vec![0]], &units, 1));
        // Not across a blank line, nor after a plain line.
        units[1].gap_before = true;
        assert!(!bold_wraps(&[vec![0]], &units, 1));
        units[1].gap_before = false;
        units[0].doubled = false;
        assert!(!bold_wraps(&[vec![0]], &units, 1));
    }

    #[test]
    fn title_lines_join_without_a_space_a_reader_closes_up() {
        // Han next to a digit: the space would be taken out when the text is read again.
        assert_eq!(join_title_lines(["丽水", "0"].into_iter()), "丽水0");
        assert_eq!(join_title_lines(["托起", "回迁"].into_iter()), "托起 回迁");
    }

    /// A paragraph block on one input line.
    fn block(text: &str, line: usize) -> Block {
        Block {
            kind: BlockKind::Paragraph,
            text: text.to_string(),
            lines: vec![crate::model::LineRange { first: line, last: line }],
        }
    }

    /// An article with an optional headline and these blocks.
    fn article(title: Option<&str>, blocks: Vec<Block>) -> Article {
        Article { headline: title.map(str::to_string), blocks, ..Article::default() }
    }

    #[test]
    fn a_page_of_one_name_keeps_it_in_a_block() {
        // Fuzz crash (segment target): a page whose only line is a doubled name-like
        // line came out as an article with a byline and nothing else.
        let lines =
            [crate::reflow::Line { no: 1, text: "新年卩氖".into(), gap_before: false, doubled: true }];
        let units = crate::reflow::reflow_lines(&lines, &crate::ReflowConfig::default(), None);
        let page = segment_articles(&units, &SegmentConfig::default(), None);
        for a in &page.articles {
            assert!(!a.blocks.is_empty() || a.headline.is_some(), "empty article {a:?}");
        }
        let all: String = page
            .articles
            .iter()
            .flat_map(|a| {
                a.byline
                    .iter()
                    .chain(a.headline.iter())
                    .cloned()
                    .chain(a.blocks.iter().map(|b| b.text.clone()))
            })
            .chain(page.loose.iter().map(|b| b.text.clone()))
            .collect();
        assert_eq!(all, "新年卩氖");
    }

    #[test]
    fn rubric_set_apart_above_a_plain_headline_is_the_section() {
        // Extractors that read a page by text blocks put the section label mid-page.
        let text = "加拿大银行注销无主户头\n\n罗宾逊还表示，根据加现\n行的法律，休眠户头的主人不\n\
                    再具有追索存款的权利，这次\n被没收的存款记录均已销毁。\n\n地方经济\n\n\
                    男篮联赛开始第二循环强队新年都过关\n\n日历翻到了１９９８年，希\n尔顿全国男篮甲Ａ联赛也开\n\
                    始了第二循环的比赛，各支\n强队新年都过关。\n";
        let doc = crate::repair(text);
        let page = &doc.pages[0];
        assert_eq!(page.section.as_deref(), Some("地方经济"));
        let heads: Vec<_> = page.articles.iter().filter_map(|a| a.headline.as_deref()).collect();
        assert_eq!(heads, ["加拿大银行注销无主户头", "男篮联赛开始第二循环强队新年都过关"]);
    }

    #[test]
    fn an_authors_name_over_a_title_is_no_kicker() {
        // g1 page_016 pdftotext: the author's name of one article stands right above
        // another article's headline; it matches no body, but it is no kicker.
        let text = concat!(
            "雄安新区开设养老驿站\n",
            "\u{3000}\u{3000}近年来，雄安新区开设养老驿站，为辖区老年人提供日间照料服\n",
            "务。养老驿站受到老人们的欢迎，驿站的服务也越来越多样。\n",
            "汪大昭\n对贡献者的特别致谢\n",
            "\u{3000}\u{3000}我们也要感谢几位法文版的贡献者，他们为本书的翻译付\n",
            "出了很多，感谢贡献者们的辛勤工作！\n",
        );
        let page = &crate::repair(text).pages[0];
        let titles: Vec<(Option<&str>, Option<&str>)> =
            page.articles.iter().map(|a| (a.kicker.as_deref(), a.headline.as_deref())).collect();
        assert!(titles.contains(&(None, Some("对贡献者的特别致谢"))), "{titles:?}");
        // A genre label (no surname) over a headline is still its kicker.
        let text = text.replace("汪大昭", "述评");
        let page = &crate::repair(&text).pages[0];
        assert!(
            page.articles
                .iter()
                .all(|a| a.headline.as_deref() != Some("对贡献者的特别致谢") || a.kicker.is_some()),
            "{:?}",
            page.articles.iter().map(|a| (&a.kicker, &a.headline)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_short_line_over_the_only_body_is_its_headline_not_a_section() {
        // A label heads a page of titled articles; alone over a paragraph, a short line
        // is that paragraph's headline (a snippet, or a first pass's text output).
        let page = &crate::repair("雄安新区\n近年来，雄安新区开设养老驿站。\n").pages[0];
        assert_eq!(page.section, None);
        assert_eq!(page.articles[0].headline.as_deref(), Some("雄安新区"));
        // Over another title it is the page's section label.
        let text = "雄安新区\n养老驿站养老驿站托起托起\n\u{3000}\u{3000}近年来，雄安新区开设养老驿站，为\n辖区老年人提供日间生活照料。\n";
        let page = &crate::repair(text).pages[0];
        assert_eq!(page.section.as_deref(), Some("雄安新区"));
        assert_eq!(page.articles[0].headline.as_deref(), Some("养老驿站托起"));
    }

    #[test]
    fn a_dotted_label_at_the_top_is_the_section() {
        // A section label names the desk and the topic, joined by a middle dot.
        let text = "科技·产品\n我我知知道道怎怎么么放放碟碟了了\n　　补充：我知道怎么放碟了。让它自动播\n\
                    放，最多只能放存在里面的最后一个视频文\n件。直接去“我的电脑”里，打开光盘里放视\n\
                    频所在的文件夹，然后就能看见所有视频。\n";
        let page = &crate::repair(text).pages[0];
        assert_eq!(page.section.as_deref(), Some("科技·产品"));
        assert_eq!(page.articles[0].kicker, None);
        assert_eq!(page.articles[0].headline.as_deref(), Some("我知道怎么放碟了"));
    }

    #[test]
    fn a_rubric_above_the_furniture_at_the_page_end_is_the_section() {
        // Extractors that emit the page head after the bodies put the section label right
        // above the editors' credits, below the last short title lines.
        let text = "升级和卸载软件包\nDebian提供了\n哪些软件包管理程序\n破帽多情却恋头\n一枕清风昼睡馀\n\
                    巾偏扇坠藤床滑\n开源园地\n责任编辑 胡明新  美术编辑 邓磊磊\n";
        let page = &crate::repair(text).pages[0];
        assert_eq!(page.section.as_deref(), Some("开源园地"));
    }

    #[test]
    fn a_wrapped_headline_at_the_top_is_no_section_where_one_stands_by_the_furniture() {
        // A side headline wraps after a few characters: its first line, at the top of the
        // page, reads like a label; the page's label stands by the editors' credits.
        let text = "各国政要发\n表新年贺词\n本报讯 记者周杰报道 新年前夕，\n\
                    各国政要纷纷发表新年贺词，回顾\n过去一年，展望新的一年。贺词\n\
                    中提到最多的是和平与发展。\n城市周刊\n责任编辑 张伟\n";
        let page = &crate::repair(text).pages[0];
        assert_eq!(page.section.as_deref(), Some("城市周刊"));
        let a = &page.articles[0];
        let title: String =
            [&a.kicker, &a.headline, &a.subtitle].iter().filter_map(|t| t.as_deref()).collect();
        assert_eq!(title.replace(' ', ""), "各国政要发表新年贺词", "{a:?}");
        // With no label by the furniture, the line at the top is the section.
        let text = text.replace("城市周刊\n", "");
        assert_eq!(crate::repair(&text).pages[0].section.as_deref(), Some("各国政要发"));
    }

    #[test]
    fn a_kicker_wrapped_over_balanced_lines_stays_in_its_title_stack() {
        // A side headline: a kicker over three short lines of one width, then the fake-bold
        // headline, over the body they title. The headline quotes the first paragraph,
        // the kicker the later ones: one article still, not two.
        let text = "去年全县新建道路一百二十公\n\
                    里，改造危桥十座，群众出行更\n\
                    加方便。\n\
                    勉励青年教师扎根山区\n\
                    讲台育人，为乡村振兴\n\
                    培养更多的合格人才\n\
                    全省致园丁\n\
                    全省致园丁\n\
                    慰问信新年\n\
                    慰问信新年\n\
                    本报讯 省教育厅今日发出《全\n\
                    省致园丁慰问信》，新年之际向全\n\
                    省园丁致以慰问。\n\
                    信中说，实现乡村振兴的宏\n\
                    伟目标，必须依靠广大青年教师\n\
                    的长期奋斗。青年教师是乡村教\n\
                    育的中坚力量，是培养合格人才\n\
                    的主力军。\n\
                    信中指出，广大青年教师要\n\
                    扎根山区，坚守讲台，以育人为\n\
                    本，积极投身于乡村振兴事业。\n\
                    要发扬扎根山区的精神，不断为\n\
                    培养合格人才作出新的贡献。\n\
                    信中要求，各地要关心青年\n\
                    教师的成长，为扎根山区的青年\n\
                    教师解决实际困难，让他们在讲\n\
                    台上安心育人，发挥作用。\n\
                    信中最后说，让我们在乡村\n\
                    振兴的道路上，团结一心，扎根\n\
                    山区，讲台育人，为培养更多的\n\
                    合格人才而努力奋斗。\n";
        let page = &crate::repair(text).pages[0];
        let titled: Vec<_> = page.articles.iter().filter(|a| a.headline.is_some()).collect();
        assert_eq!(titled.len(), 1, "{titled:?}");
        assert_eq!(
            titled[0].kicker.as_deref(),
            Some("勉励青年教师扎根山区 讲台育人，为乡村振兴 培养更多的合格人才")
        );
        assert_eq!(titled[0].headline.as_deref(), Some("全省致园丁 慰问信新年"));
    }

    #[test]
    fn cohesion_is_higher_within_a_topic() {
        let a = "丽水援疆指挥部聚焦乡村振兴、教育援疆、医疗援疆";
        let b = "聚焦教育援疆，丽水援疆指挥部创新帮扶机制";
        let c = "近年来，河北省雄安新区在容东片区开设养老驿站";
        assert!(cohesion(a, b) > cohesion(a, c));
    }

    #[test]
    fn ocr_junk_between_paragraphs_of_one_article_is_no_boundary() {
        let unit = |kind: UnitKind, line: usize, text: &str| Unit {
            gap_before: true,
            idx: vec![line],
            edges: (14.0, 14.0),
            ..Unit::sample(kind, &[line], text, 11.0, 11.0)
        };
        let before = "曹操引兵追袭张梁，杀到天明，众人大喜而去。后为顿丘令，因黄巾起，拜为骑都尉。";
        let after = "却说玄德引关羽来颍川，听得喊杀之声，又望见火光烛天，张梁败走，急引兵追之。";
        let c = cohesion(before, after);
        let cfg = SegmentConfig::default();
        assert!(c >= cfg.min_subhead_cohesion * 0.5 && c < cfg.min_subhead_cohesion, "{c}");
        let units = vec![
            unit(UnitKind::Paragraph, 1, before),
            unit(UnitKind::Title, 3, "劝六六登切下"),
            unit(UnitKind::Paragraph, 5, after),
        ];
        let cur = Segment { items: vec![Item::Body(0)] };
        assert!(is_subhead(&units, &cur, 1, 2, &cfg, true, &mut None));
        assert!(!is_subhead(&units, &cur, 1, 2, &cfg, false, &mut None));
        // A title that shares words with the text around it keeps the usual bar.
        let units = vec![units[0].clone(), unit(UnitKind::Title, 3, "玄德关羽张飞"), units[2].clone()];
        assert!(!is_subhead(&units, &cur, 1, 2, &cfg, true, &mut None));
    }

    #[test]
    fn a_shared_latin_name_weighs_one_word_when_moving_paragraphs() {
        let para = "感谢我们的读者给了我们不错的评价 Jean-Come Charpentier 和 Sebastien Mengin";
        let same_topic = "我们也要感谢几位读者，他们给了我们不错的评价，感谢你们的支持。";
        let name_only = "南昌拆迁户问题列入民心工程，布局的设计师 Jean-Come Sebastien 实现了样式表。";
        assert!(move_cohesion(para, same_topic) > move_cohesion(para, name_only));
        assert!(
            move_cohesion(para, same_topic) - move_cohesion(para, name_only)
                > cohesion(para, same_topic) - cohesion(para, name_only)
        );
    }

    #[test]
    fn two_short_titles_parted_by_a_space_on_one_line_are_cut_apart() {
        // dev page_013 (pypdf): two headlines side by side on one baseline, glued into a
        // line no wider than the column, their gap a space. Each half matches one body.
        let para = |line: usize, text: &str| Unit::sample(UnitKind::Paragraph, &[line], text, 15.0, 15.0);
        let qian = "新华社德班１月３日电钱其琛副总理今天访问德班，德班市长在市政厅会见钱其琛。";
        let qian2 = "钱其琛说，中国同南非建交以来，德班同中国城市的往来日益增多，访问很有意义。";
        let shop = "一家美容美发店打出招牌，美发店里的服务却让顾客吃惊，美容美发的价格高得出奇。";
        let shop2 = "记者走访了几家美容美发店，发现如此美容美发店并非个别，顾客投诉美发店很多。";
        let cfg = SegmentConfig::default();
        // Two bodies (runs of paragraphs), the second under its byline.
        let units = vec![
            para(1, qian),
            para(2, qian2),
            Unit::sample(UnitKind::Byline, &[3], "本报记者 王磊", 15.0, 6.5),
            para(4, shop),
            para(5, shop2),
            Unit::sample(UnitKind::Title, &[6], "钱其琛访问德班 如此美容美发店！", 15.0, 15.5),
        ];
        let mut ub = None;
        let (cut, notes) = split_glued_titles(&units, &cfg, &mut ub).expect("a cut");
        let titles: Vec<&str> =
            cut.iter().filter(|u| u.kind == UnitKind::Title).map(|u| u.text.as_str()).collect();
        assert_eq!(titles, ["钱其琛访问德班", "如此美容美发店！"], "{notes:?}");
        // A space inside one headline (`智力援疆 凝聚…`) whose halves match one body
        // stays.
        let mut one = units.clone();
        one[5] = Unit::sample(UnitKind::Title, &[6], "钱其琛访问 德班市长会见", 15.0, 11.5);
        assert!(split_glued_titles(&one, &cfg, &mut None).is_none());
        assert!(
            has_cjk_gap("给黄土地“拜年” 解决新矛盾") && !has_cjk_gap("LVM Logical") && !has_cjk_gap("第3 章")
        );
    }

    #[test]
    fn a_title_wrapped_short_of_the_measure_is_a_headline_not_a_subhead() {
        // Two paragraphs on one topic around two title lines 7 + 6 em in a 19 em column:
        // at body size the title would fit one line, so it is set larger, a headline.
        let para = |line: usize, text: &str| Unit::sample(UnitKind::Paragraph, &[line], text, 19.0, 19.0);
        let title =
            |line: usize, text: &str, width: f32| Unit::sample(UnitKind::Title, &[line], text, 19.0, width);
        let before = "很老的酒店，房间设施陈旧，前台服务员态度生硬，冷淡，服务质素极低。不会再去了。";
        let after = "该酒店房间设施陈旧，一股霉味，前台服务员态度生硬，服务质素极低，最差的酒店。";
        let cfg = SegmentConfig::default();
        let cur = Segment { items: vec![Item::Body(0)] };
        // The two title lines (text, width) between the paragraphs: a subhead?
        let subhead = |(a, wa): (&str, f32), (b, wb): (&str, f32)| {
            let units = vec![para(1, before), title(2, a, wa), title(3, b, wb), para(4, after)];
            is_subhead(&units, &cur, 1, 3, &cfg, false, &mut None)
        };
        assert!(!subhead(("该酒店是我住过", 7.0), ("的最差的酒店", 6.0)));
        // A label and a phrase set on two lines by choice: the lower line is the longer.
        assert!(subhead(("服务质素", 4.0), ("前台服务员态度生硬", 9.0)));
        // Lines that fill the column wrapped at body size.
        assert!(subhead(("该酒店是我住过的最差的酒店之一", 15.0), ("房间设施陈旧", 6.0)));
    }

    #[test]
    fn a_clean_ocr_title_line_cutting_a_sentence_starts_an_article() {
        let unit = |kind: UnitKind, line: usize, text: &str| Unit {
            gap_before: true,
            ..Unit::sample(kind, &[line], text, 11.0, 11.0)
        };
        let before = "曹操引兵追袭张梁，杀到天明，众人大喜而去。后为顿丘令，因黄巾起，拜为骑都尉，引兵";
        let after = "却说曹操引兵追袭张梁，杀到天明，众人大喜而去，张梁败走，急引兵追之。";
        let cfg = SegmentConfig::default();
        let units = vec![
            unit(UnitKind::Paragraph, 1, before),
            unit(UnitKind::Title, 3, "曹操引兵追袭"),
            unit(UnitKind::Paragraph, 5, after),
        ];
        let cur = Segment { items: vec![Item::Body(0)] };
        assert!(!is_subhead(&units, &cur, 1, 2, &cfg, true, &mut None));
        assert!(is_subhead(&units, &cur, 1, 2, &cfg, false, &mut None));
        // After a finished paragraph the same line is a subhead.
        let mut done = units.clone();
        done[0].text = format!("{before}。");
        assert!(is_subhead(&done, &cur, 1, 2, &cfg, true, &mut None));
    }

    #[test]
    fn a_measure_change_inside_one_column_piece_is_no_boundary_on_a_layout_page() {
        // Two three-line paragraphs 12 em and 13.5 em wide, one after the other.
        let para = |lines: [usize; 3], width: f32, text: &str| {
            Unit::sample(UnitKind::Paragraph, &lines, text, 13.5, width)
        };
        let units = vec![
            para([1, 2, 3], 12.0, "元旦的北京，节日气氛格外浓厚。清晨，来自祖国各地的游客聚集在天安门广场。"),
            para([4, 5, 6], 13.5, "今天，哈尔滨市的最低气温达到零下２５摄氏度，冰雪大世界里游人如织。"),
        ];
        let cfg = SegmentConfig::default();
        let count = |layout: Option<&[LineHint]>| {
            segment_page(&units, &cfg, false, false, layout, None).articles.len()
        };
        // Without hints (any other extractor) the change of measure starts an article.
        assert_eq!(count(None), 2);
        // All six lines read from one column piece: one article.
        let one = [LineHint { piece: 1 }; 6];
        assert_eq!(count(Some(&one)), 1);
        // The second paragraph read from another piece: the measure rule holds.
        let two: Vec<LineHint> = (0..6).map(|i| LineHint { piece: 1 + (i >= 3) as u32 }).collect();
        assert_eq!(count(Some(&two)), 2);
    }

    #[test]
    fn a_hung_closing_mark_against_a_kinsoku_short_line_is_no_measure_change() {
        // A 13 em column: one paragraph's widest line hangs its closing quote past the
        // measure (14 em), the other's only full line was cut short by kinsoku (12 em).
        let para = |lines: [usize; 3], width: f32, net_width: f32, text: &str| Unit {
            net_width,
            edges: (11.0, 5.0),
            ..Unit::sample(UnitKind::Paragraph, &lines, text, 13.0, width)
        };
        let units = vec![
            para([1, 2, 3], 14.0, 13.0, "元旦的北京，节日气氛格外浓厚。清晨，游客们说：“来天安门广场。”"),
            para([4, 5, 6], 12.0, 12.0, "今天，哈尔滨市的最低气温达到零下２５摄氏度，冰雪大世界里游人如织。"),
        ];
        let cfg = SegmentConfig::default();
        assert_eq!(segment_page(&units, &cfg, false, false, None, None).articles.len(), 1);
        // Without the hung mark the same widths are a change of measure.
        let units: Vec<Unit> = units.into_iter().map(|u| Unit { net_width: u.width, ..u }).collect();
        assert_eq!(segment_page(&units, &cfg, false, false, None, None).articles.len(), 2);
    }

    #[test]
    fn an_ocr_title_block_opening_with_a_name_like_line_stays_one_title() {
        // `华夏绝技惊悉` shares no word with any body, like a bare name, but the lines below
        // go on in its Tesseract block: a byline stands in a block of its own.
        let text = "又有对终极问题的形而上思考，又有对当下现实的深切关怀还有更多的文字在这一行里\n\n\
                    华夏绝技惊悉\n尼——记中国大\n马戏团访澳演出\n\n本报驻澳大利亚记者李学江\n\n\
                    圣诞元旦期间是悉尼人\n如醉如狂的日子。近来人们\n又多了一个新的去处，那就\n\
                    是位于唐人街旁的悉尼娱乐\n中心，里面不断传出掌声与\n喝彩声，原来是中国大马戏\n\
                    团正在此间表演。\n";
        let doc = crate::repair_with(text, crate::Config::new().ocr(crate::ocr::OcrMode::Always));
        let titles: Vec<String> = doc.pages[0]
            .articles
            .iter()
            .map(|a| [&a.kicker, &a.headline, &a.subtitle].into_iter().flatten().cloned().collect())
            .collect();
        assert!(titles.iter().any(|t| t.contains("华夏绝技惊悉") && t.ends_with("访澳演出")), "{titles:?}");
    }

    #[test]
    fn an_ocr_headline_ending_in_an_exclamation_over_a_byline_is_a_title() {
        // The column above stops mid-sentence at its foot; the headline after it ends in
        // `！` and stands over a bare name: title and byline, not the foot's rest.
        let text = "价格总水平是国家重要的宏观调\n控目标，国家将采取一系列经济\n的、法律的和行政的措施保证价\n\
                    格总水平的基本稳定，促进国民\n经济健康发展，加强宏观经济调\n控，促进国民经济健康发\n\n\
                    如此美容美发店！\n\n李吉\n\n  在湖南省长沙市五一路关蕉\n宾馆西侧，有一溜美容美发店。\n\
                    去年１２月２７日晚７时，我们\n一行３人先来到华之都美容\n美发厅。进去后，服务小姐把我\n\
                    们往里间推。我们说要理发。\n";
        let doc = crate::repair_with(text, crate::Config::new().ocr(crate::ocr::OcrMode::Always));
        let art = doc.pages[0]
            .articles
            .iter()
            .find(|a| a.headline.as_deref() == Some("如此美容美发店！"))
            .unwrap_or_else(|| panic!("{:?}", doc.pages[0].articles));
        assert_eq!(art.byline.as_deref(), Some("李吉"));
        assert!(!doc.pages[0].articles.iter().flat_map(|a| &a.blocks).any(|b| b.text.contains("健康发如此")));
    }

    #[test]
    fn an_untitled_ocr_piece_joins_the_titled_article_it_shares_words_with() {
        let art = article;
        let mut page = Page {
            articles: vec![
                art(
                    Some("俄罗斯新卢布开始流通"),
                    vec![block("俄罗斯人在新年的第一天迎来了新卢布，旧卢布将在年内退出流通。", 3)],
                ),
                art(
                    Some("古城清真寺揽胜"),
                    vec![block("古城西安的清真寺建于唐代，寺内古树参天，游人如织。", 10)],
                ),
                art(None, vec![block("新卢布开始流通后，俄罗斯市场平静，旧卢布与新卢布同时流通。", 20)]),
                art(None, vec![block("他说，这次会议开得很成功，大家都很满意。", 30)]),
            ],
            ..Page::default()
        };
        merge_untitled_pieces(&mut page, 0.12, &mut |_, _, _| {});
        assert_eq!(page.articles.len(), 3);
        assert_eq!(page.articles[0].blocks.len(), 2);
        assert!(page.articles[0].blocks[1].text.starts_with("新卢布开始流通后"));
        assert_eq!(page.articles[2].headline, None);
    }

    #[test]
    fn an_untitled_body_joins_a_cut_article_on_a_page_read_column_by_column() {
        let art = article;
        let mut page = Page {
            articles: vec![
                // Its last paragraph stops mid-sentence: the rest is set elsewhere.
                art(Some("新卢布开始流通"), vec![block("俄罗斯人在新年的第一天迎来了新卢布，旧卢布将", 3)]),
                art(Some("古城清真寺揽胜"), vec![block("古城西安的清真寺建于唐代，游人如织。", 10)]),
                art(None, vec![block("在年内退出流通，新卢布开始流通后俄罗斯市场平静。", 20)]),
                // An article of its own whose title was lost: it ends every sentence.
                art(None, vec![block("近日，古城举办灯会，市民纷纷前来观灯。", 30)]),
            ],
            ..Page::default()
        };
        join_continuations(&mut page, 0.12, true, &mut |_, _, _| {});
        assert_eq!(page.articles.len(), 3);
        assert!(page.articles[0].blocks[1].text.starts_with("在年内退出流通"));
        assert_eq!(page.articles[2].headline, None);
    }

    #[test]
    fn bodies_without_a_title_that_holds_join_the_article_whose_title_holds() {
        let art = article;
        let mut page = Page {
            articles: vec![
                art(
                    Some("我驻南非大使馆开馆"),
                    vec![block("开馆仪式由驻南非大使主持，大使馆开馆仪式在比勒陀利亚举行。", 3)],
                ),
                // A word wrapped off a body line, taken for a title: it says nothing
                // of the body's topic, so nothing joins it, and it joins too.
                art(Some("nm.debian.org"), vec![block("南非外长在开馆仪式上讲话，祝贺大使馆开馆。", 10)]),
                art(None, vec![block("本报比勒陀利亚电记者报道：中国驻南非大使馆今天开馆。", 20)]),
                // A body line read across columns taken for a title: no sign of a new
                // article; it stays, as a headline block.
                art(
                    Some("大使馆开馆后，"),
                    vec![block("钱其琛在开馆仪式上讲话，大使馆开馆标志两国关系进入新阶段。", 30)],
                ),
            ],
            ..Page::default()
        };
        join_continuations(&mut page, 0.12, false, &mut |_, _, _| {});
        assert_eq!(page.articles.len(), 1);
        let kinds: Vec<_> = page.articles[0].blocks.iter().map(|b| b.kind).collect();
        use BlockKind::{Headline as H, Paragraph as P};
        assert_eq!(kinds, [P, H, P, P, H, P]);
        assert!(page.articles[0].blocks[3].text.starts_with("本报比勒陀利亚"));
        assert_eq!(page.articles[0].headline.as_deref(), Some("我驻南非大使馆开馆"));
    }

    #[test]
    fn a_short_untitled_piece_joins_the_article_it_clearly_shares_most_with() {
        let art = article;
        let mut page = Page {
            articles: vec![
                art(
                    Some("卢布面值"),
                    vec![block(
                        "新卢布面值提高一千倍，旧卢布在年内退出流通，俄罗斯中央银行表示市场平静，新卢布面值",
                        3,
                    )],
                ),
                art(
                    Some("新年音乐会"),
                    vec![block("北京举行新年音乐会，乐团演奏了多首中外名曲，观众热烈鼓掌。", 10)],
                ),
                // A few lines threaded off their column: too short to reach the usual
                // bar, but they share words with one article only.
                art(None, vec![block("旧卢布兑换新卢布，不收手续费。", 20)]),
            ],
            ..Page::default()
        };
        join_continuations(&mut page, 0.9, false, &mut |_, _, _| {});
        assert_eq!(page.articles.len(), 2);
        assert!(page.articles[0].blocks[1].text.starts_with("旧卢布兑换"));
    }

    #[test]
    fn an_ocr_paragraph_under_the_wrong_title_moves_to_the_article_it_shares_words_with() {
        let art = |title: &str, blocks| article(Some(title), blocks);
        let rouble = "俄罗斯人在新年的第一天迎来了新卢布，旧卢布将在年内退出流通，新卢布的面值提高一千倍。\
                      俄罗斯中央银行表示，新卢布开始流通后，旧卢布与新卢布同时流通，市场平静。"
            .repeat(3);
        let mut page = Page {
            articles: vec![
                art(
                    "与人奋斗为足球拾遗",
                    vec![
                        block("去年年底，中国足协在京召开全国足球论文报告会，足球科研的重点是训练水平。", 3),
                        block(
                            "新卢布开始流通后，俄罗斯市场平静，旧卢布与新卢布同时流通，新卢布的面值提高了一千倍。",
                            10,
                        ),
                        block(
                            "中国足协一位负责人提出，足球训练水平的提高取决于教练员的水平，足球科研要重视人。",
                            20,
                        ),
                    ],
                ),
                art("俄罗斯新卢布开始流通", vec![block(&rouble, 5)]),
            ],
            ..Page::default()
        };
        reassign_blocks(&mut page, 0.12, &mut |_, _, _| {});
        assert_eq!(page.articles[0].blocks.len(), 2);
        assert_eq!(page.articles[1].blocks.len(), 2);
        // Placed by input line among the article's blocks.
        assert!(page.articles[1].blocks[1].text.starts_with("新卢布开始流通后"));
    }

    #[test]
    fn title_scores_on_the_stack_and_past_it_as_by_vectors() {
        let para = |l: usize, text: &str| Unit::sample(UnitKind::Paragraph, &[l + 1], text, 12.0, 12.0);
        let units = vec![
            para(0, "甲乙丙丁戊己庚辛壬癸甲乙"),
            para(1, "子丑寅卯辰巳午未申酉戌亥"),
            para(2, "乙丙丁子丑"),
        ];
        let ub = UnitBigrams::new(&units);
        let index = BigramIndex::new(&ub, [vec![0usize], vec![1, 2]].iter().map(|s| s.iter().copied()));
        let by_vec = |title: &str| {
            let mut g: Vec<Bigram> = bigrams(title).collect();
            g.sort_unstable();
            g.dedup();
            let posting: Vec<(Option<&Posting>, f32)> = g.iter().map(|&x| index.weighted(x)).collect();
            index.scores_from(&posting)
        };
        let chars: Vec<char> =
            "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥一二三四五六七八九十".chars().collect();
        for len in 0..140 {
            // Every distinct pair while they last, then repeats.
            let title: String = (0..len).map(|k| chars[(k * 7 + k / 5) % chars.len()]).collect();
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&index.scores(&title)), bits(&by_vec(&title)), "{title}");
        }
    }

    #[test]
    fn a_split_index_scores_as_one_built_anew() {
        let para = |l: usize, kind: UnitKind, text: &str| Unit::sample(kind, &[l + 1], text, 12.0, 12.0);
        let texts = ["甲乙丙丁", "戊己庚", "乙丙丁戊", "辛壬", "癸甲乙丙", "庚辛"];
        let mut units: Vec<Unit> =
            texts.iter().enumerate().map(|(l, t)| para(l, UnitKind::Paragraph, t)).collect();
        // A byline (no span) and an empty paragraph between bodies: the seam skips them.
        units.insert(3, para(9, UnitKind::Byline, "子丑"));
        units.insert(5, para(10, UnitKind::Paragraph, ""));
        let ub = UnitBigrams::new(&units);
        let all: Vec<usize> = (0..units.len()).collect();
        // Every title of one or two units' texts and every pair of page chars.
        let chars: Vec<char> = texts.concat().chars().chain("子丑".chars()).collect();
        let mut titles: Vec<String> = Vec::new();
        for a in &chars {
            for b in &chars {
                titles.push(format!("{a}{b}"));
            }
        }
        titles.extend(units.iter().map(|u| u.text.clone()));
        titles.push(texts.concat());
        for first in 0..3 {
            for len in 1..=all.len() - first - 1 {
                for cut in 1..len {
                    let segs: Vec<Vec<usize>> = vec![
                        all[..first].to_vec(),
                        all[first..first + len].to_vec(),
                        all[first + len..].to_vec(),
                    ];
                    let mut index = BigramIndex::new(&ub, segs.iter().map(|s| s.iter().copied()));
                    let (l, r) = segs[1].split_at(cut);
                    index.split(1, l.iter().copied(), r.iter().copied());
                    let cut_segs = [&segs[0][..], l, r, &segs[2][..]];
                    let fresh = BigramIndex::new(&ub, cut_segs.iter().map(|s| s.iter().copied()));
                    for t in &titles {
                        let (a, b) = (index.scores(t), fresh.scores(t));
                        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                        assert_eq!(bits(&a), bits(&b), "{t} {first} {len} {cut}");
                    }
                }
            }
        }
    }

    #[test]
    fn titles_of_one_run_cut_a_body_only_in_their_own_order() {
        // Two paragraphs; title a matches the second, title b the first. Alone the cut
        // falls between them (b's part first); where a stands before b in a run whose
        // titles follow their articles' order, that cut would put them out of order.
        let para = |l: usize, text: &str| {
            Unit::sample(UnitKind::Paragraph, &[l * 4 + 1, l * 4 + 2, l * 4 + 3], text, 12.0, 12.0)
        };
        let units = vec![
            para(0, "凉簟碧纱厨，一枕清风昼睡馀。睡听晚衙无一事，徐徐，读尽床头几卷书。"),
            para(1, "有多个工具可以管理软件包，从图形或文本界面工具，到用于安装软件包的底层工具。"),
        ];
        let ub = UnitBigrams::new(&units);
        let seg = Segment { items: vec![Item::Body(0), Item::Body(1)] };
        let (a, b) = ("安装软件包的底层工具", "一枕清风昼睡馀");
        assert_eq!(best_cut(&units, &ub, &seg, a, b, None), Some(1));
        assert_eq!(best_cut(&units, &ub, &seg, a, b, Some(false)), Some(1));
        assert_eq!(best_cut(&units, &ub, &seg, a, b, Some(true)), None);
    }

    #[test]
    fn an_unattached_title_right_under_a_title_ends_it() {
        let piece = |text: &str, line: usize| Block { kind: BlockKind::Headline, ..block(text, line) };
        let mut art = article(
            Some("依托传统农业跳出传统农业"),
            vec![
                piece("焦作高效农业园区悄然兴起", 15),
                block("本报郑州１月３日电", 17),
                piece("另一条标题", 40),
            ],
        );
        art.title_lines = vec![crate::model::LineRange { first: 13, last: 13 }];
        let mut page = Page { articles: vec![art], ..Page::default() };
        headlines_under_titles(&mut page, &mut |_, _, _| {});
        let art = &page.articles[0];
        assert_eq!(art.subtitle.as_deref(), Some("焦作高效农业园区悄然兴起"));
        // A title far below (body lines between) stays where it is.
        assert_eq!(art.blocks.len(), 2);
        assert_eq!(art.blocks[1].kind, BlockKind::Headline);
    }

    #[test]
    fn a_lone_quoted_title_ends_the_headline_before_it() {
        let art = |title: &str, blocks| article(Some(title), blocks);
        let mut page = Page {
            articles: vec![
                art("给黄土地", vec![block("新年前夕，太行山深处发生了一件新鲜事。", 3)]),
                art("“拜年”", vec![block("拜年会实际是村里大搞农田基本建设的动员会。", 30)]),
                art("“称谓”", vec![block("不同的称谓，往往反映不同的关系。", 40)]),
            ],
            ..Page::default()
        };
        join_quoted_titles(&mut page, &mut |_, _, _| {});
        assert_eq!(page.articles.len(), 2);
        assert_eq!(page.articles[0].headline.as_deref(), Some("给黄土地“拜年”"));
        assert_eq!(page.articles[0].blocks.len(), 2);
        // A headline that is a quoted word already does not take another.
        assert_eq!(page.articles[1].headline.as_deref(), Some("“称谓”"));
    }

    #[test]
    fn a_headline_that_reads_as_body_text_goes_back_to_the_body() {
        let mut title_line = block("团正在此间表演。夸一纳省经济", 1);
        title_line.kind = BlockKind::Headline;
        let mut sub = block("钱其琛访问德班", 20);
        sub.kind = BlockKind::Subhead;
        let mut art = article(
            Some(&title_line.text),
            vec![block("本报德班１２月３１日电", 10), sub, block("他说。", 30)],
        );
        art.title_lines = title_line.lines.clone();
        let mut page = Page {
            articles: vec![
                art,
                article(Some("收费电话，爱你容易不容易"), vec![]),
                article(
                    Some("到司法审判外，维希政权的成。战"),
                    vec![block("帕蓬，这位法国政坛的“代表”。", 46)],
                ),
            ],
            ..Page::default()
        };
        body_line_headlines(&mut page, &mut |_, _, _| {});
        let a = &page.articles[0];
        assert_eq!(a.headline.as_deref(), Some("钱其琛访问德班"));
        assert_eq!(a.title_lines[0].first, 20);
        assert_eq!(a.blocks[0].text, "团正在此间表演。夸一纳省经济");
        assert_eq!(a.blocks.len(), 3);
        assert_eq!(page.articles[1].headline.as_deref(), Some("收费电话，爱你容易不容易"));
        // No subhead to take its place: the article is left untitled, the line kept.
        assert_eq!(page.articles[2].headline, None);
        assert_eq!(page.articles[2].blocks.len(), 2);
        assert!(!reads_as_body("收费电话，爱你容易不容易"));
        assert!(reads_as_body("或十年，她是不会这样来讲述这些人与事、"));
    }

    #[test]
    fn a_body_line_over_a_subtitle_goes_back_to_the_body_and_the_subtitle_is_the_headline() {
        let mut art = article(
            Some("方形塔楼一统天下的格局已被打破，各种X形、Y形、蝶形等设计方案将使每套住"),
            vec![block("计委员会举办的", 12)],
        );
        art.subtitle = Some("营造温馨舒适的家园".into());
        art.title_lines = vec![LineRange { first: 5, last: 5 }, LineRange { first: 7, last: 7 }];
        let mut page =
            Page { articles: vec![art, article(Some("改革见成效"), vec![])], ..Page::default() };
        page.articles[1].subtitle = Some("费县农田水利建设纪实".into());
        page.articles[1].title_lines =
            vec![LineRange { first: 30, last: 30 }, LineRange { first: 32, last: 32 }];
        body_line_headlines(&mut page, &mut |_, _, _| {});
        let a = &page.articles[0];
        assert_eq!(a.headline.as_deref(), Some("营造温馨舒适的家园"));
        assert_eq!(a.subtitle, None);
        assert_eq!(a.blocks[0].lines[0].first, 5);
        assert_eq!(a.blocks.len(), 2);
        // A short headline over a subtitle stays.
        assert_eq!(page.articles[1].headline.as_deref(), Some("改革见成效"));
    }

    #[test]
    fn a_bare_name_under_an_ocr_headline_is_the_byline() {
        let mut page = Page {
            articles: vec![article(Some("汪洋中的小木屋"), vec![]), article(Some("俄罗斯新卢"), vec![])],
            ..Page::default()
        };
        page.articles[0].subtitle = Some("李德润葛洪".into());
        page.articles[1].subtitle = Some("布开始流通".into());
        name_subtitles(&mut page, &mut |_, _, _| {});
        assert_eq!(page.articles[0].byline.as_deref(), Some("李德润葛洪"));
        assert_eq!(page.articles[0].subtitle, None);
        assert_eq!(page.articles[1].subtitle.as_deref(), Some("布开始流通"));
    }

    #[test]
    fn mixed_in_paragraphs_do_not_vouch_for_each_other() {
        let lvm = "逻辑卷管理器在物理磁盘上实现逻辑卷，逻辑卷可以跨越多个物理磁盘，物理卷组成卷组。";
        let ball =
            "男篮联赛第二循环，辽宁队客场战胜济南队，男篮联赛强队新年都过关，辽宁队篮板球，上海队主场取胜。";
        let mut page = Page {
            articles: vec![
                article(
                    Some("逻辑卷管理"),
                    vec![block(lvm, 1), block(lvm, 2), block(lvm, 3), block(ball, 4), block(ball, 5)],
                ),
                article(
                    Some("男篮联赛开始第二循环"),
                    vec![block(
                        "本报讯记者薛原报道：日历翻到了新年，男篮联赛开始第二循环，辽宁队客场比赛。",
                        10,
                    )],
                ),
            ],
            ..Page::default()
        };
        reassign_blocks(&mut page, 0.12, &mut |_, _, _| {});
        assert_eq!(page.articles[0].blocks.len(), 3);
        assert_eq!(page.articles[1].blocks.len(), 3);
    }

    #[test]
    fn a_run_of_mixed_in_paragraphs_moves_together() {
        let ruble = "俄罗斯中央银行发行新卢布，新卢布面值提高，旧卢布停止流通，卢布汇率保持稳定。";
        let foot1 = "足球联赛新年开赛，客场球员积极进攻，看台上的球迷不停欢呼，积分榜上的位置继续领先。";
        let foot2 =
            "教练说，队员在客场踢得积极，看台上球迷的支持很重要，下一场比赛，球队要在家门口再次取胜。";
        let page_of = |mixed: Vec<Block>| {
            let mut blocks = vec![block(ruble, 1), block(ruble, 2)];
            blocks.extend(mixed);
            Page {
                articles: vec![
                    article(Some("俄罗斯新卢布开始流通"), blocks),
                    article(
                        Some("主队新年取胜"),
                        vec![block(
                            "本报讯记者报道：新年第一场比赛，主队球员表现出色，教练赛后表示满意。",
                            10,
                        )],
                    ),
                ],
                ..Page::default()
            }
        };
        let mut page = page_of(vec![block(foot1, 3), block(foot2, 4)]);
        reassign_runs(&mut page, 0.12, &mut |_, _, _| {});
        assert_eq!(page.articles[0].blocks.len(), 2, "{:?}", page.articles[0].blocks);
        assert_eq!(page.articles[1].blocks.len(), 3);
        // The moved paragraphs take their places by input line.
        let lines: Vec<usize> = page.articles[1].blocks.iter().map(|b| b.lines[0].first).collect();
        assert_eq!(lines, vec![3, 4, 10]);
        // One leaning paragraph alone is not a run.
        let mut page = page_of(vec![block(foot1, 3)]);
        reassign_runs(&mut page, 0.12, &mut |_, _, _| {});
        assert_eq!(page.articles[0].blocks.len(), 3);
    }

    #[test]
    fn a_dateline_behind_one_stray_mark_is_a_dateline() {
        assert!(dateline_after_mark("所新华社莫斯科１月１日电 俄罗斯新卢布今天开始流通。"));
        assert!(!dateline_after_mark("新华社莫斯科１月１日电 俄罗斯新卢布今天开始流通。"));
        assert!(!dateline_after_mark("俄罗斯新卢布今天开始流通，旧卢布将停止使用。"));
    }

    #[test]
    fn a_bare_name_under_a_role_byline_is_its_name() {
        let range = |l: usize| crate::model::LineRange { first: l, last: l };
        let mut first = article(Some("孙坚跨江击刘表"), vec![block("却说孙坚有四子。", 170)]);
        first.byline = Some("本报记者".into());
        first.byline_lines = vec![range(182)];
        let mut name = article(Some("彭飞"), vec![block("字早安；女名仁。", 186)]);
        name.title_lines = vec![range(184)];
        let mut page = Page { articles: vec![first, name], ..Page::default() };
        names_ending_bylines(&mut page, &mut |_, _, _| {});
        assert_eq!(page.articles[0].byline.as_deref(), Some("本报记者彭飞"));
        assert_eq!(page.articles[1].headline, None);
        assert!(page.articles[1].title_lines.is_empty());
    }

    #[test]
    fn a_subhead_finishing_the_headline_word_ends_it() {
        let mut sub = block("结合之路", 30);
        sub.kind = BlockKind::Subhead;
        let mut other = block("新的起点", 40);
        other.kind = BlockKind::Subhead;
        let mut art = article(
            Some("穷则思变，走扶贫开"),
            vec![block("扶贫开发与计划生育相结合，是解决人口问题的必由之路。", 20), sub, other],
        );
        art.subtitle = Some("发与计生相".into());
        let mut page = Page { articles: vec![art], ..Page::default() };
        subheads_ending_headlines(&mut page, &mut |_, _, _| {});
        let a = &page.articles[0];
        assert_eq!(a.subtitle.as_deref(), Some("发与计生相结合之路"));
        assert_eq!(a.blocks.len(), 2);
        assert_eq!(a.title_lines.len(), 1);
    }

    #[test]
    fn a_date_cut_off_is_no_headline() {
        assert!(is_date_piece("1月4"));
        assert!(is_date_piece("１９９８年"));
        assert!(!is_date_piece("1998"));
        assert!(!is_date_piece("新年1月"));
        let mut page = Page {
            articles: vec![article(Some("1月4"), vec![block("日进行的联赛第十二轮。", 69)])],
            ..Page::default()
        };
        body_line_headlines(&mut page, &mut |_, _, _| {});
        assert_eq!(page.articles[0].headline, None);
        assert_eq!(page.articles[0].blocks.len(), 2);
    }

    #[test]
    fn a_title_of_body_lines_joins_the_body_block_it_runs_on_in() {
        let lr = |l: usize| crate::model::LineRange { first: l, last: l };
        let mut cut = article(
            Some("团正在此间表演。夸一纳省经济"),
            vec![block("圣诞元旦期间是悉尼人如醉如狂的日子。", 11)],
        );
        cut.subtitle = Some("自中国大马戏团于去年长、祖马。。系，特别".into());
        cut.title_lines = vec![lr(57), lr(59)];
        // Every part a body line, but nothing on the line below or above: it stays.
        let mut apart = cut.clone();
        apart.title_lines = vec![lr(80), lr(81)];
        let mut page = Page {
            articles: vec![
                cut,
                article(Some("华夏绝技惊悉尼"), vec![block("至今已一连演出了近十场。", 60)]),
                apart,
            ],
            ..Page::default()
        };
        body_line_titles(&mut page, &mut |_, _, _| {});
        assert_eq!(page.articles[0].headline, None);
        assert_eq!(page.articles[0].subtitle, None);
        let b = &page.articles[1].blocks[0];
        assert!(b.text.starts_with("团正在此间表演。") && b.text.ends_with("至今已一连演出了近十场。"));
        assert_eq!(b.lines.first().map(|r| r.first), Some(57));
        assert!(page.articles[2].headline.is_some());
    }

    #[test]
    fn a_lone_quoted_subhead_ends_a_headline_stopping_mid_phrase() {
        let mut sub = block("《价格法》", 40);
        sub.kind = BlockKind::Subhead;
        let mut page = Page {
            articles: vec![
                article(Some("学习《价格法》贯彻"), vec![block("经八届人大常委会", 20), sub.clone()]),
                article(Some("各国政要发表新年贺词！"), vec![block("本报讯", 50), sub]),
            ],
            ..Page::default()
        };
        quoted_subheads_end_headlines(&mut page, &mut |_, _, _| {});
        assert_eq!(page.articles[0].headline.as_deref(), Some("学习《价格法》贯彻《价格法》"));
        assert_eq!(page.articles[0].blocks.len(), 1);
        // A headline that ends on a mark is finished: the subhead stays.
        assert_eq!(page.articles[1].blocks.len(), 2);
    }

    #[test]
    fn a_stray_headline_right_above_a_body_titled_by_body_text_is_its_headline() {
        let mut head = block("各国政要发表新年贺词", 124);
        head.kind = BlockKind::Headline;
        let mut far = block("俄罗斯新卢布开始流通", 60);
        far.kind = BlockKind::Headline;
        let mut page = Page {
            articles: vec![
                article(Some("历史不会空白"), vec![block("帕蓬，这位法国政坛的人物。", 46), far, head]),
                article(
                    Some("护国家独立和尊严的角度出发，"),
                    vec![block("综合本报和新华社电在辞旧迎新之际。", 126)],
                ),
                article(Some("振兴的一年。卡比拉指出，在新"), vec![block("韩国总统发表讲话。", 148)]),
            ],
            ..Page::default()
        };
        page.articles[1].title_lines = vec![crate::model::LineRange { first: 223, last: 223 }];
        stray_headlines_above(&mut page, &mut |_, _, _| {});
        assert_eq!(page.articles[0].blocks.len(), 2);
        let a = &page.articles[1];
        assert_eq!(a.headline.as_deref(), Some("各国政要发表新年贺词"));
        assert_eq!(a.title_lines[0].first, 124);
        assert_eq!(a.blocks[1].text, "护国家独立和尊严的角度出发，");
        // A headline block far from the body stays where it is.
        assert_eq!(page.articles[2].headline.as_deref(), Some("振兴的一年。卡比拉指出，在新"));
    }

    #[test]
    fn a_stray_headline_over_a_removed_mark_still_stands_above_the_body() {
        // A body line read across columns, run on over two commas, took the title; the
        // headline stands three lines above the body, only an OCR mark (removed) between.
        let page_with = |between: Option<Block>| {
            let mut head = block("学术自审与地缘文化——读《当代学术》", 100);
            head.kind = BlockKind::Headline;
            let mut other = vec![block("最叫座的是那些节目。", 77), head];
            other.extend(between);
            Page {
                articles: vec![
                    article(Some("华夏绝技惊悉尼"), other),
                    article(
                        Some("而且他们还兼具觉世与传世的双重学术良知，既有对终极问题的思考，又有对当下"),
                        vec![block("学者思想与其民族文化乃至地域文化的关系。", 104)],
                    ),
                ],
                ..Page::default()
            }
        };
        let mut page = page_with(None);
        stray_headlines_above(&mut page, &mut |_, _, _| {});
        assert_eq!(page.articles[1].headline.as_deref(), Some("学术自审与地缘文化——读《当代学术》"));
        assert_eq!(page.articles[0].blocks.len(), 1);
        // Text between them (here a paragraph at line 102) parts them.
        let mut page = page_with(Some(block("注释一行文字。", 102)));
        stray_headlines_above(&mut page, &mut |_, _, _| {});
        assert_eq!(page.articles[0].blocks.len(), 3);
    }

    #[test]
    fn a_kicker_quoting_a_later_paragraph_does_not_cut_the_body_under_its_stack() {
        // Column order: kicker, headline and byline stand over one body. The kicker
        // quotes the second paragraph, the headline the first: still one article.
        let text = "网店把新茶卖到全国\n老茶农天不亮就上山\n本报记者 林雪\n\
                    清明前后，皖南山区迎来一年中最忙碌\n的时节。老茶农汪德顺天不亮就上山，在\n\
                    雾气里一芽一叶地采摘，他说这片古树是\n祖上传下来的宝贝，一棵也不能少。\n\
                    村里前年成立了合作社，年轻人回乡开起\n了网店，把新茶卖到全国各地。去年网店\n\
                    卖出新茶三千多斤，收入翻了一番，乡亲\n们的日子越过越红火。\n\
                    城东新建社区图书馆\n本报讯 城东社区图书馆日前正式开放，馆\n\
                    内藏书两万余册，设有儿童阅览区和自习\n室，每天开放十二个小时，方便附近居民\n\
                    借阅图书，周末还将举办读书会和讲座。\n";
        let doc = crate::repair(text);
        let arts = &doc.pages[0].articles;
        assert_eq!(arts.len(), 2, "{arts:?}");
        let title: String =
            [&arts[0].kicker, &arts[0].headline, &arts[0].subtitle].into_iter().flatten().cloned().collect();
        assert_eq!(title, "网店把新茶卖到全国老茶农天不亮就上山", "{arts:?}");
        assert_eq!(arts[0].blocks.len(), 2, "{arts:?}");
    }

    #[test]
    fn the_first_half_of_a_headline_across_two_columns_joins_its_second_half() {
        // Tesseract reads column by column: the headline's first half heads column one
        // and shares no word with the body; the second half heads column two, inside the
        // body that runs on there, and matches it. Both halves are one title over it.
        let text = "百年风雨一壶春\n\n\
                    本报讯 记者周文报道 城南老街上\n那家关了十多年的茶馆，上个月又开\n\
                    张了。掌柜的是当年老板的孙子，他\n说爷爷在世时常念叨，老街不能没有\n\
                    茶馆，街坊们总得有个说话的地方。\n茶馆里还是那几张八仙桌，墙上挂着\n\
                    老照片，炉子上的铜壶冒着热气。开\n张那天，附近的老人们一早就来了，\n\
                    有的提着鸟笼，有的揣着象棋，坐下\n来一壶茶能喝上大半天。掌柜的给每\n\
                    位老街坊都留了一个位子，茶钱只收\n\n老街坊重开旧茶馆\n\n\
                    一半。如今老街上搬来了不少新邻居，\n他们也爱到茶馆里坐坐，听老人们讲\n\
                    老街的故事。掌柜的说，茶馆卖的是\n茶，留住的是街坊之间的那份情谊。\n\n\
                    江边公园新添健身步道\n\n本报讯 记者孙林报道 市园林部门\n\
                    在江边公园修建的健身步道日前完工，\n全长三公里，沿途设有休息座椅和饮\n\
                    水点，每天清晨和傍晚都有不少市民\n在这里散步跑步。\n";
        let doc = crate::repair_with(text, crate::Config::new().ocr(crate::ocr::OcrMode::Always));
        let arts = &doc.pages[0].articles;
        let title = |a: &Article| -> String {
            [&a.kicker, &a.headline, &a.subtitle].into_iter().flatten().cloned().collect()
        };
        let art =
            arts.iter().find(|a| title(a).contains("老街坊重开旧茶馆")).unwrap_or_else(|| panic!("{arts:?}"));
        assert!(title(art).starts_with("百年风雨一壶春"), "{arts:?}");
        assert!(art.blocks.first().is_some_and(|b| b.text.starts_with("本报讯")), "{arts:?}");
        assert!(!arts.iter().flat_map(|a| &a.blocks).any(|b| b.text.contains("百年风雨")), "{arts:?}");
    }

    #[test]
    fn a_title_stack_over_its_body_keeps_a_line_that_shares_another_titled_body_s_words() {
        // The fake-bold headline shares more words with the second article, but that
        // article has its own headline right above it: the headline belongs to the stack
        // standing over the first body, with the subtitle under it.
        let text = "量量子子计计算算新新品品亮亮相相\n发布会在北京举行\n\
                    昨天上午，一场发布会在北京\n举行，来自各地的企业代表和专家\n\
                    学者参加了这次活动，现场气氛十\n分热烈。\n\
                    主办方介绍，本次活动共有三十\n多家企业参展，展品涵盖多个领域，\n\
                    吸引了大批观众前来参观。\n\
                    芯片产业迎来新机遇\n芯片产业迎来新机遇\n\
                    业内人士认为，量子计算的发展\n将给芯片产业带来新的机遇，量子\n\
                    计算芯片的研发投入正在逐年增加。\n\
                    多家芯片企业表示，将加大在量\n子计算领域的投入，推动芯片产业\n\
                    转型升级，抓住量子计算的机遇。\n";
        let doc = crate::repair(text);
        let arts = &doc.pages[0].articles;
        assert_eq!(arts.len(), 2);
        assert_eq!(arts[0].headline.as_deref(), Some("量子计算新品亮相"));
        assert_eq!(arts[0].subtitle.as_deref(), Some("发布会在北京举行"));
        assert!(arts[0].blocks[0].text.starts_with("昨天上午"));
        assert_eq!(arts[1].headline.as_deref(), Some("芯片产业迎来新机遇"));
    }

    #[test]
    fn title_lines_join() {
        assert_eq!(
            join_title_lines(["浙江丽水市援疆多管齐下，", "助力新疆"].into_iter()),
            "浙江丽水市援疆多管齐下，助力新疆"
        );
        assert_eq!(
            join_title_lines(["智力援疆", "凝聚社会发展", "“源动力”"].into_iter()),
            "智力援疆 凝聚社会发展“源动力”"
        );
    }
}
