//! Inputs shared by the benches: the seed page and a few dev pages (see
//! `fixtures/bench/README.md`), plus the per-stage inputs the pipeline would hand each
//! stage, built through the public API only.

#![allow(dead_code)]

use std::path::PathBuf;

use newsprint::dedupe::{DedupedLine, dedupe_lines};
use newsprint::input::pages;
use newsprint::reflow::{Line, Unit, reflow_lines};
use newsprint::{Config, DedupeConfig, ReflowConfig};

/// The bench pages: (short name, text).
pub fn inputs() -> Vec<(&'static str, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    [
        ("seed", "seed/page.txt"),
        ("p003_pymupdf", "bench/page_003.pymupdf.txt"),
        ("p007_pypdf", "bench/page_007.pypdf.txt"),
        ("p012_pdftotext_raw", "bench/page_012.pdftotext_raw.txt"),
        ("p018_pymupdf_dbl", "bench/page_018.pymupdf_dbl.txt"),
    ]
    .into_iter()
    .map(|(name, rel)| {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        (name, text)
    })
    .collect()
}

/// A file under the crate root.
pub fn read(rel: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `n` copies of `page`, separated by form feeds (`ff`) or by a blank line.
pub fn repeat(page: &str, n: usize, ff: bool) -> String {
    let sep = if ff { "\u{c}" } else { "\n\n" };
    let mut s = String::with_capacity((page.len() + 2) * n);
    for i in 0..n {
        if i > 0 {
            s.push_str(sep);
        }
        s.push_str(page);
    }
    s
}

/// One line of about `bytes` bytes (whole chars), of a kind that stresses a stage:
/// - `prose`: the seed page's text with its line breaks taken out (one endless paragraph);
/// - `doubled_runs`: that text with every run of 2–7 chars drawn twice (fake bold over a
///   whole line: the doubled-run search's worst case, candidates at every offset);
/// - `doubled_chars`: every char drawn twice;
/// - `one_char`: one ideograph repeated (`丽丽丽…`: real reduplication or doubling?);
/// - `ocr_spaced`: a space after every char (OCR's spacing, the join's space decisions).
pub fn long_line(kind: &str, bytes: usize) -> String {
    let prose: Vec<char> = read("fixtures/seed/page.txt").chars().filter(|c| !c.is_whitespace()).collect();
    let mut s = String::with_capacity(bytes + 64);
    let mut i = 0usize;
    let mut run = 2usize;
    while s.len() < bytes {
        let c = prose[i % prose.len()];
        match kind {
            "prose" => s.push(c),
            "doubled_runs" => {
                let r: String = (0..run).map(|k| prose[(i + k) % prose.len()]).collect();
                s.push_str(&r);
                s.push_str(&r);
                i += run - 1;
                run = run % 6 + 2;
            }
            "doubled_chars" => {
                s.push(c);
                s.push(c);
            }
            "one_char" => s.push('丽'),
            "ocr_spaced" => {
                s.push(c);
                s.push(' ');
            }
            other => panic!("unknown long-line kind {other}"),
        }
        i += 1;
    }
    s.push('\n');
    s
}

/// What each stage receives, per page of the input, as the pipeline builds it.
pub struct StageInputs {
    /// Trimmed non-blank lines: dedupe's and join's input.
    pub raw: Vec<Vec<(usize, String)>>,
    /// Dedupe's output as reflow lines: reflow's input.
    pub lines: Vec<Vec<Line>>,
    /// Reflow's output: segment's input.
    pub units: Vec<Vec<Unit>>,
}

/// Runs the stages once to build each stage's input.
pub fn stage_inputs(text: &str) -> StageInputs {
    let cfg = Config::new();
    let mut out = StageInputs { raw: Vec::new(), lines: Vec::new(), units: Vec::new() };
    for page in pages(text, &cfg.reflow) {
        let gaps: std::collections::HashMap<usize, bool> =
            page.lines.iter().map(|l| (l.no, l.gap_before)).collect();
        let raw: Vec<(usize, String)> = page
            .lines
            .iter()
            .map(|l| (l.no, l.text.trim().to_string()))
            .filter(|(_, t)| !t.is_empty())
            .collect();
        let lines = to_lines(dedupe(&raw, &cfg.dedupe), &gaps);
        let units = reflow(&lines, &cfg.reflow);
        out.raw.push(raw);
        out.lines.push(lines);
        out.units.push(units);
    }
    out
}

/// Dedupe on owned lines.
pub fn dedupe(raw: &[(usize, String)], cfg: &DedupeConfig) -> Vec<DedupedLine> {
    let borrowed: Vec<(usize, &str)> = raw.iter().map(|(n, t)| (*n, t.as_str())).collect();
    dedupe_lines(&borrowed, cfg).0
}

/// Reflow without decisions.
pub fn reflow(lines: &[Line], cfg: &ReflowConfig) -> Vec<Unit> {
    reflow_lines(lines, cfg, None)
}

fn to_lines(deduped: Vec<DedupedLine>, gaps: &std::collections::HashMap<usize, bool>) -> Vec<Line> {
    let mut seen = std::collections::HashSet::new();
    deduped
        .into_iter()
        .map(|d| Line {
            no: d.line,
            gap_before: seen.insert(d.line) && gaps.get(&d.line).copied().unwrap_or(false),
            text: d.text,
            doubled: d.was_doubled,
        })
        .collect()
}
