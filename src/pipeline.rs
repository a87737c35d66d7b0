//! The pipeline: input → (prepasses) → dedupe → reflow → segment, page by page.

use std::fmt::Debug;

use crate::columns::LineHint;
use crate::config::{Config, DedupeConfig};
use crate::dedupe::dedupe_borrowed;
use crate::input::pages;
use crate::model::{Decision, Document, LineRange, Page, Removal};
use crate::reflow::{Line, reflow_page_mapped};
use crate::segment::segment_page;

/// At most this many passes after the first settle a page (see [`Pipeline::settle`]).
const SETTLE_PASSES: usize = 8;

/// Pages longer than this many lines are repaired in chunks (see `repair_page`).
const MAX_PAGE_LINES: usize = 4000;

/// Where to end the first chunk of an over-long page: the first line after
/// `MAX_PAGE_LINES` that finishes a sentence, or a hard limit 500 lines later.
fn chunk_end(lines: &[Line]) -> usize {
    if lines.len() <= MAX_PAGE_LINES {
        return lines.len();
    }
    let hard = (MAX_PAGE_LINES + 500).min(lines.len());
    (MAX_PAGE_LINES..hard).find(|&i| crate::cjk::ends_sentence(&lines[i].text)).map_or(hard, |i| i + 1)
}

/// The input from the start of a page's first line to the end of its last, when both
/// are slices of `text` (a line cleaned of control characters is a copy): everything
/// between them is the page's other lines, blank lines and line ends.
fn page_span<'a>(lines: &[crate::input::InputLine<'_>], text: &'a str) -> Option<&'a str> {
    let offset = |t: &std::borrow::Cow<'_, str>| match t {
        std::borrow::Cow::Borrowed(t) => {
            let at = (t.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
            (at <= text.len() && t.len() <= text.len() - at).then_some((at, at + t.len()))
        }
        std::borrow::Cow::Owned(_) => None,
    };
    let (start, _) = offset(&lines.first()?.text)?;
    let (_, end) = offset(&lines.last()?.text)?;
    text.get(start..end.max(start))
}

/// A page's text output line by line (see [`crate::render::text_lines`]): each line's
/// text (empty for the blank line between articles) and the input lines it came from.
fn text_of(page: &Page) -> Vec<(&str, &[LineRange])> {
    let mut out = Vec::new();
    let _ = crate::render::text_lines(page, |l| {
        out.push(l.unwrap_or(("", &[])));
        Ok::<(), std::convert::Infallible>(())
    });
    out
}

/// The text [`text_of`]'s lines make, each ended by a line end.
fn joined(lines: &[(&str, &[LineRange])]) -> String {
    let mut text = String::with_capacity(lines.iter().map(|(t, _)| t.len() + 1).sum());
    for (t, _) in lines {
        text.push_str(t);
        text.push('\n');
    }
    text
}

/// An input-specific stage that rewrites a page's line stream before dedupe and reflow:
/// column splitting for space-aligned (`pdftotext -layout`) text, de-interleaving of
/// alternating columns, OCR clean-up. Lines keep their input line numbers and their
/// leading whitespace; the pipeline trims them afterwards.
pub trait Prepass: Debug + Send + Sync {
    /// A short name for `--explain`.
    fn name(&self) -> &'static str;
    /// Rewrites one page's lines. Must not lose non-space characters: move them, or
    /// record what it cuts out in `removed` (with input line numbers), which the
    /// pipeline adds to [`Page::removed`]. Decisions go to `decisions`.
    fn apply(&self, lines: Vec<Line>, decisions: &mut Vec<Decision>, removed: &mut Vec<Removal>)
    -> Vec<Line>;
}

/// A configured pipeline. Build once, reuse for many inputs.
///
/// With the default readings, repairing the text output again changes nothing: a page
/// whose text output does not read as one paragraph per line is repaired again from
/// that output until it stands (settling; every page of real newspaper text stands at
/// once).
///
/// ```
/// use newsprint::{Config, Pipeline};
/// let p = Pipeline::new(Config::default());
/// let doc = p.repair("雄安新区雄安新区：：““养老驿站养老驿站””托起托起\n近年来，河北省雄安新区开设“养老驿站”。\n");
/// assert_eq!(doc.pages[0].articles[0].headline.as_deref(), Some("雄安新区：“养老驿站”托起"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
pub struct Pipeline {
    config: Config,
    prepasses: Vec<Box<dyn Prepass>>,
}

impl Pipeline {
    /// A pipeline with the given configuration and no prepasses.
    pub fn new(config: impl Into<Config>) -> Self {
        Pipeline { config: config.into(), prepasses: Vec::new() }
    }

    /// Adds a prepass; prepasses run in the order added.
    pub fn with_prepass(mut self, p: impl Prepass + 'static) -> Self {
        self.prepasses.push(Box::new(p));
        self
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Repairs a whole input.
    pub fn repair(&self, text: &str) -> Document {
        let pages = pages(text, &self.config.reflow);
        Document { pages: pages.into_iter().map(|p| self.repair_page(p, text)).collect() }
    }

    /// One page, settled (see [`Pipeline::settle`]) when the pipeline is left to tell
    /// what kind of text it reads: whether it is already one paragraph per line, and
    /// whether it is OCR, space-aligned or interleaved text. A caller who forces a
    /// reading knows the input is of that kind, which the text output is not.
    fn repair_page(&self, input: crate::input::PageLines<'_>, text: &str) -> Page {
        let page = self.repair_page_once(input, text);
        let c = &self.config;
        let forced = [c.reflowed, c.columns, c.interleave, c.ocr].contains(&crate::StageMode::Always);
        if c.reflowed == crate::StageMode::Auto && !forced { self.settle(page) } else { page }
    }

    /// Makes the text output a fixed point: read again, it comes back unchanged.
    ///
    /// A page whose text output reads as one paragraph per line (see
    /// [`crate::reflow::looks_reflowed`]: every page of real newspaper text, once
    /// repaired) is read again verbatim, which gives it back as it stands; nothing
    /// more is done. Any other output (tiny or garbled input, where a handful of short
    /// lines give no column to tell a paragraph's end from a column break) would be read
    /// as extractor text once more, and that reading may join lines the first pass kept
    /// apart for reasons its text output no longer shows (a fake-bold doubling, a blank
    /// line, a title reading). Such a page is repaired again from its own text output
    /// until that output no longer changes, at most [`SETTLE_PASSES`] more times (each
    /// pass only joins or regroups, so a few suffice; 300 random garbled pages needed
    /// five at most). The trade-off: up to that many more passes on such pages, which are
    /// short or garbage, against output that a user's second run leaves unchanged.
    ///
    /// The later passes' blocks, removals and decisions are mapped back to the input
    /// lines the text they read came from, and what they remove is recorded beside what
    /// the first pass removed: nothing is lost.
    fn settle(&self, mut page: Page) -> Page {
        // The texts read so far and their pages, to see a cycle.
        let mut seen: Vec<(String, Page)> = Vec::new();
        for pass in 2..=SETTLE_PASSES + 1 {
            let lines = text_of(&page);
            // Read as reflowed, a line stays as it stands unless it is exactly a text set
            // twice (dedupe collapses it as a fake-bold title: a sentence an extractor
            // emitted twice that the first pass joined), so such a line is read back too.
            let twice =
                |t: &str| t.len() % 2 == 0 && t.as_bytes()[..t.len() / 2] == t.as_bytes()[t.len() / 2..];
            if lines.iter().all(|(t, _)| t.is_empty())
                || (crate::reflow::looks_reflowed_texts(lines.iter().map(|&(t, _)| t))
                    && !lines.iter().any(|&(t, _)| !t.is_empty() && twice(t)))
            {
                break;
            }
            let text = joined(&lines);
            // A text read before: the passes go round a cycle (two titles trading
            // places, say). Whichever text of the cycle a run starts from, it ends at
            // the cycle's least text, so that one is a fixed point of the whole.
            if let Some(i) = seen.iter().position(|(t, _)| *t == text) {
                if let Some((_, least)) = seen.drain(i..).min_by(|a, b| a.0.cmp(&b.0)) {
                    return least;
                }
            }
            // A line with no input lines of its own (the section label, a blank line)
            // takes those of the next line that has some, else of the last before it.
            let mut from: Vec<&[LineRange]> = lines.iter().map(|&(_, o)| o).collect();
            let mut next: &[LineRange] = &[];
            for f in from.iter_mut().rev() {
                if f.is_empty() {
                    *f = next;
                } else {
                    next = f;
                }
            }
            let mut last: &[LineRange] = &[];
            for f in &mut from {
                if f.is_empty() {
                    *f = last;
                } else {
                    last = f;
                }
            }
            // A page of a section label alone knows no input line to map a later pass's
            // blocks to: it stands as it is.
            if from.iter().all(|f| f.is_empty()) {
                break;
            }
            let mut again = match crate::input::pages(&text, &self.config.reflow).pop() {
                Some(p) => self.repair_page_once(p, &text),
                None => break,
            };
            if joined(&text_of(&again)) == text {
                break;
            }
            // Line `k` of `text` (1-based) came from input lines `from[k - 1]`.
            let of = |k: usize| from.get(k.wrapping_sub(1)).copied().unwrap_or(&[]);
            let first_of = |k: usize| of(k).iter().map(|r| r.first).min().unwrap_or(1);
            let map = |ranges: &mut Vec<LineRange>| {
                let mut nos: Vec<usize> = ranges
                    .iter()
                    .flat_map(|r| r.first..=r.last)
                    .flat_map(|k| of(k).iter().flat_map(|r| r.first..=r.last))
                    .collect();
                nos.sort_unstable();
                nos.dedup();
                *ranges = LineRange::from_lines(nos);
            };
            for a in &mut again.articles {
                map(&mut a.title_lines);
                map(&mut a.byline_lines);
                a.blocks.iter_mut().for_each(|b| map(&mut b.lines));
            }
            again.loose.iter_mut().for_each(|b| map(&mut b.lines));
            // What every pass so far removed, this one's last.
            let mut removed = page.removed.clone();
            removed.extend(again.removed.drain(..).map(|mut r| {
                r.line = first_of(r.line);
                r
            }));
            again.removed = removed;
            if self.config.explain {
                let mut decisions = page.decisions.clone();
                decisions.push(Decision {
                    line: from.iter().flat_map(|f| f.iter().map(|r| r.first)).min().unwrap_or(1),
                    action: "settle".into(),
                    why: format!("the text output read back differently: pass {pass} reads it again"),
                });
                decisions.extend(again.decisions.drain(..).map(|mut d| {
                    d.line = first_of(d.line);
                    d.why = format!("(pass {pass}) {}", d.why);
                    d
                }));
                decisions.sort_by_key(|d| d.line);
                again.decisions = decisions;
            }
            again.number = page.number;
            seen.push((text, std::mem::replace(&mut page, again)));
        }
        page
    }

    /// One page, one pass. `text`: the whole input, of which `input`'s borrowed lines
    /// are slices.
    fn repair_page_once(&self, input: crate::input::PageLines<'_>, text: &str) -> Page {
        let mut decisions = Vec::new();
        let mut pre_removed = Vec::new();
        let span = page_span(&input.lines, text);
        let mut lines: Vec<Line> = input
            .lines
            .into_iter()
            .map(|l| Line { no: l.no, text: l.text.into_owned(), gap_before: l.gap_before, doubled: false })
            .collect();
        // The OCR decision is taken on the page as it came (column splitting only cuts
        // and re-orders lines, which does not change it).
        // Text already one paragraph per line (a first pass's output) is read as it
        // stands: no prepass takes its lines for column lines, none is joined.
        let whole = match self.config.reflowed {
            crate::StageMode::Always => true,
            crate::StageMode::Never => false,
            crate::StageMode::Auto => crate::reflow::looks_reflowed(&lines),
        };
        // There every blank line counts, as newsprint's text output writes one between
        // articles and nowhere else.
        if whole {
            for i in 1..lines.len() {
                lines[i].gap_before = lines[i].no > lines[i - 1].no + 1;
            }
        }
        let ocr = match self.config.ocr {
            crate::ocr::OcrMode::Never => false,
            crate::ocr::OcrMode::Always => true,
            _ => !whole && crate::ocr::looks_like_ocr_in(&lines, span),
        };
        let mut hints = None;
        if self.config.columns != crate::columns::ColumnMode::Never && !whole {
            if ocr {
                lines = crate::ocr::gutter_marks(lines, &mut pre_removed);
                lines = crate::ocr::grid_split(lines, &mut decisions);
            }
            let (split, h) = crate::columns::Columns::new(self.config.columns).split(
                lines,
                &mut decisions,
                &mut pre_removed,
            );
            lines = split;
            // On OCR text a piece of a column is what Tesseract reads as a block, and
            // its blocks are parted by blank lines, which reflow reads on OCR pages.
            if ocr {
                if let Some(h) = &h {
                    for (i, l) in lines.iter_mut().enumerate() {
                        if i > 0 && h[i].piece != h[i - 1].piece {
                            l.gap_before = true;
                        }
                    }
                }
            }
            hints = h;
        }
        // The hints hold only while the lines are the ones the column splitter emitted.
        // The texts are copied into one buffer (one allocation, not a `String` per line).
        let snapshot: Option<(String, Vec<(usize, usize)>)> = hints.as_ref().map(|_| {
            let mut all = String::with_capacity(lines.iter().map(|l| l.text.len()).sum());
            let mut ends = Vec::with_capacity(lines.len());
            for l in &lines {
                all.push_str(&l.text);
                ends.push((l.no, all.len()));
            }
            (all, ends)
        });
        if ocr {
            lines = crate::ocr::Ocr::new(crate::ocr::OcrMode::Always).apply(
                lines,
                &mut decisions,
                &mut pre_removed,
            );
        }
        if self.config.interleave != crate::interleave::InterleaveMode::Never && !whole {
            lines = crate::interleave::Interleave::new(self.config.interleave)
                .ocr(ocr)
                .aligned(hints.is_some())
                .apply(lines, &mut decisions, &mut pre_removed);
        }
        for p in &self.prepasses {
            lines = p.apply(lines, &mut decisions, &mut pre_removed);
        }
        if let Some((all, ends)) = snapshot {
            let mut start = 0;
            let same = ends.len() == lines.len()
                && ends.iter().zip(&lines).all(|(&(no, end), l)| {
                    let t = &all[start..end];
                    start = end;
                    no == l.no && t == l.text
                });
            if !same {
                hints = None;
            }
        }
        let mut input_removed = input.removed;
        input_removed.append(&mut pre_removed);
        // A newspaper page is a few hundred lines. Input without form feeds can be far
        // longer (a whole book, a page repeated a thousand times); it is cut into
        // chunks at a sentence end, each repaired as a page of its own and merged, so
        // that the work per line stays bounded and time grows linearly.
        if lines.len() > MAX_PAGE_LINES {
            let mut page = Page { number: input.number, removed: input_removed, ..Page::default() };
            let mut rest = lines;
            while !rest.is_empty() {
                let cut = chunk_end(&rest);
                let tail = rest.split_off(cut);
                let part = self.repair_lines(rest, ocr, whole, None, Vec::new());
                if page.section.is_none() {
                    page.section = part.section;
                }
                page.articles.extend(part.articles);
                page.loose.extend(part.loose);
                page.removed.extend(part.removed);
                page.decisions.extend(part.decisions);
                rest = tail;
            }
            if self.config.explain {
                page.decisions.extend(decisions);
                page.decisions.sort_by_key(|d| d.line);
            }
            return page;
        }
        let mut page = self.repair_lines(lines, ocr, whole, hints, decisions);
        page.number = input.number;
        let mut removed = input_removed;
        removed.append(&mut page.removed);
        page.removed = removed;
        page
    }

    /// Dedupe, reflow and segment one page's (or chunk's) lines.
    /// `ocr`: the page is OCR text (reflow reads its blank-line blocks accordingly).
    /// `hints`: what the column splitter knows of each of `lines` (a split layout page).
    fn repair_lines(
        &self,
        mut lines: Vec<Line>,
        ocr: bool,
        whole: bool,
        hints: Option<Vec<LineHint>>,
        mut decisions: Vec<Decision>,
    ) -> Page {
        // Dedupe sees positions in `lines`, not line numbers: a prepass may cut one input
        // line into several (column segments share their row's number).
        let mut raw: Vec<(usize, &str)> = Vec::with_capacity(lines.len());
        raw.extend(
            lines
                .iter()
                .enumerate()
                .map(|(i, l)| (i, crate::cjk::trim(&l.text)))
                .filter(|(_, t)| !t.is_empty()),
        );
        // Text the caller says is one paragraph per line (newsprint's own output, read
        // again) is read verbatim: a first pass removed the doubling, and a headline of
        // two identical title lines, set side by side, is text now. Text that only looks
        // so may still carry a fake-bold headline (doubled within its line).
        let verbatim = self.config.reflowed == crate::StageMode::Always;
        let off;
        let dcfg = if verbatim {
            off = DedupeConfig { enabled: false, ..self.config.dedupe.clone() };
            &off
        } else {
            &self.config.dedupe
        };
        let (deduped, mut removed) = dedupe_borrowed(&raw, dcfg, whole, true);
        // A text dedupe left as a slice of its line (most lines) is kept as that byte
        // range, so that the line's own `String` can be cut to it and moved instead of
        // copied (once the borrow of `lines` ends).
        let deduped: Vec<(usize, Result<std::ops::Range<usize>, String>, bool)> = deduped
            .into_iter()
            .map(|d| {
                let base = lines[d.line].text.as_str();
                let text = match d.text {
                    std::borrow::Cow::Borrowed(t) => {
                        let at = (t.as_ptr() as usize).wrapping_sub(base.as_ptr() as usize);
                        if at <= base.len() && t.len() <= base.len() - at {
                            Ok(at..at + t.len())
                        } else {
                            Err(t.to_string())
                        }
                    }
                    std::borrow::Cow::Owned(t) => Err(t),
                };
                (d.line, text, d.was_doubled)
            })
            .collect();
        for r in &mut removed {
            r.line = lines[r.line].no;
        }
        if self.config.explain {
            for r in &removed {
                decisions.push(Decision {
                    line: r.line,
                    action: "dedupe".into(),
                    why: format!("{:?}: removed {}", r.reason, r.text),
                });
            }
        }
        let hints: Option<Vec<LineHint>> =
            hints.filter(|h| h.len() == lines.len()).map(|h| deduped.iter().map(|d| h[d.0]).collect());
        // Lines whose text is a slice of theirs more than once (a line dedupe cut in
        // pieces) copy it; the others move it.
        let mut slices = vec![0u8; lines.len()];
        for (i, text, _) in &deduped {
            if text.is_ok() {
                slices[*i] = slices[*i].saturating_add(1);
            }
        }
        // Whether a position's first piece was taken (dedupe hands pieces back in order).
        let mut seen = vec![false; slices.len()];
        let lines: Vec<Line> = deduped
            .into_iter()
            .map(|(i, text, doubled)| {
                let first = !std::mem::replace(&mut seen[i], true);
                let text = match text {
                    Ok(r) if slices[i] == 1 => {
                        let mut t = std::mem::take(&mut lines[i].text);
                        t.truncate(r.end);
                        t.drain(..r.start);
                        t
                    }
                    Ok(r) => lines[i].text[r].to_string(),
                    Err(t) => t,
                };
                Line { no: lines[i].no, gap_before: first && lines[i].gap_before, text, doubled }
            })
            .collect();
        let explain = self.config.explain;
        let (mut units, src) = reflow_page_mapped(
            std::borrow::Cow::Owned(lines),
            &self.config.reflow,
            ocr,
            whole,
            explain.then_some(&mut decisions),
        );
        // Hints for the lines `Unit::idx` indexes.
        let hints = match src {
            Some(src) => hints.map(|h| src.iter().map(|&i| h[i]).collect()),
            None => hints,
        };
        // A paragraph cut mid-sentence goes on in a block that starts mid-sentence
        // elsewhere on the page (see `crate::ocr_units`): Tesseract reads a column's
        // rest as a block of its own, and extractors emit a column's rest after other
        // columns' lines. Not in text set one paragraph per line.
        if ocr || !whole {
            let (mended, mut cut) =
                crate::ocr_units::mend_units(units, ocr, explain.then_some(&mut decisions));
            units = mended;
            removed.append(&mut cut);
        }
        // OCR mending rebuilds units, so the hints are not passed on an OCR page.
        let layout = if ocr { None } else { hints.as_deref() };
        let mut page =
            segment_page(&units, &self.config.segment, ocr, whole, layout, explain.then_some(&mut decisions));
        removed.reserve(units.iter().map(|u| u.removed.len()).sum());
        removed.extend(units.iter().flat_map(|u| u.removed.iter().cloned()));
        page.removed = removed;
        if explain {
            decisions.sort_by_key(|d| d.line);
            page.decisions = decisions;
        }
        page
    }
}

#[cfg(test)]
mod tests {
    use crate::{Document, LineRange};

    fn text(doc: &Document) -> String {
        let mut out = Vec::new();
        crate::render::write_text(doc, &mut out).expect("write to Vec");
        String::from_utf8(out).expect("UTF-8")
    }

    fn lines_of(doc: &Document) -> Vec<LineRange> {
        let p = &doc.pages[0];
        let mut all: Vec<LineRange> = p.loose.iter().flat_map(|b| b.lines.iter().copied()).collect();
        for a in &p.articles {
            all.extend(a.title_lines.iter().chain(&a.byline_lines).copied());
            all.extend(a.blocks.iter().flat_map(|b| b.lines.iter().copied()));
        }
        all
    }

    #[test]
    fn a_page_whose_text_output_reads_back_differently_is_settled() {
        // Tiny garbage (issue 3's shrunk case): the first pass keeps a doubled run and
        // the rest apart, its text output reads as two title lines, which a second
        // reading parts into two articles. Settled, the output is a fixed point.
        let input = "丽丽丽丽丽丽丽丽丽\t丽丽丽水";
        let once = text(&crate::repair(input));
        assert_eq!(text(&crate::repair(&once)), once);
    }

    #[test]
    fn a_sentence_emitted_twice_and_joined_is_read_back() {
        // An extractor emitted a line twice; the first pass joins the copies into one
        // paragraph line, which reads as reflowed text but which a second reading
        // collapses as a fake-bold title. Settling reads such a line back.
        let input = "首首次次设设立立““长长三三角角主主题题市市专专区区””\n\
                     第二届应急博览会5月在沪举办第二届应急博览会5月在沪举办\n…\u{c}\
                     经验做法，文旅援疆交出亮丽答卷。\n\n经验做法，文旅援疆交出亮丽答卷。\n\
                     雄安新区：“养老驿站”托起回迁安置群众幸福晚年雄安新区：“养老驿站”托起回迁安置群众幸福晚年\n\
                     在新和，一个个民生项目落地开花、一\n伍，不断提升新和发展软实力。\n\
                     丽浙浙江江丽丽水水市市援援疆疆多多管管齐齐下下，，助助力力新新疆疆阿阿克克苏苏地地区区新新和和县县高高质质量量发发展展\n\
                     第二届应急博览会5月在沪举办第二届应急博览会5月在沪举办\n";
        let once = text(&crate::repair(input));
        assert_eq!(text(&crate::repair(&once)), once);
    }

    #[test]
    fn settled_blocks_and_removals_keep_the_input_line_numbers() {
        let input = "书和前l“在\n\u{3000}～ザ约0命\n삠村 \n人今—逽天山脚下书写“浙疆情”天山脚下书写“浙疆情”\n";
        let doc = crate::repair(input);
        let once = text(&doc);
        assert_eq!(text(&crate::repair(&once)), once);
        let n = input.lines().count();
        for r in lines_of(&doc) {
            assert!(1 <= r.first && r.first <= r.last && r.last <= n, "{r:?} outside 1..={n}");
        }
        for r in &doc.pages[0].removed {
            assert!(1 <= r.line && r.line <= n, "{r:?}");
        }
        // Nothing is lost: every non-space character is in the output or removed.
        let mut have: Vec<char> = once.chars().filter(|c| !c.is_whitespace()).collect();
        have.extend(doc.pages[0].removed.iter().flat_map(|r| r.text.chars()).filter(|c| !c.is_whitespace()));
        let mut want: Vec<char> = input.chars().filter(|c| !c.is_whitespace()).collect();
        have.sort_unstable();
        want.sort_unstable();
        assert_eq!(have, want);
    }
}
