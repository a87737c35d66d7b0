//! Prints a page's lines as the prepasses (columns, OCR when the page looks like OCR,
//! de-interleaving) re-order them, one per line with the input line number and `|` for
//! a blank line before it: `cargo run --example interleave -- page.txt [always|never]`.
use newsprint::columns::{ColumnMode, Columns};
use newsprint::interleave::{Interleave, InterleaveMode};
use newsprint::ocr::{Ocr, OcrMode, looks_like_ocr};
use newsprint::reflow::Line;
use newsprint::{Prepass, ReflowConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: interleave FILE [auto|always|never] [explain]")?;
    let mode = match args.next().as_deref() {
        Some("always") => InterleaveMode::Always,
        Some("never") => InterleaveMode::Never,
        _ => InterleaveMode::Auto,
    };
    let explain = args.next().is_some();
    let text = std::fs::read_to_string(path)?;
    for page in newsprint::input::pages(&text, &ReflowConfig::default()) {
        let mut lines: Vec<Line> = page
            .lines
            .into_iter()
            .map(|l| Line { no: l.no, text: l.text.into_owned(), gap_before: l.gap_before, doubled: false })
            .collect();
        let mut decisions = Vec::new();
        lines = Columns::new(ColumnMode::Auto).apply(lines, &mut decisions, &mut Vec::new());
        let ocr = looks_like_ocr(&lines);
        if ocr {
            lines = Ocr::new(OcrMode::Always).apply(lines, &mut decisions, &mut Vec::new());
        }
        let mut decisions = Vec::new();
        lines = Interleave::new(mode).ocr(ocr).apply(lines, &mut decisions, &mut Vec::new());
        for l in lines {
            println!("{:4}{} {}", l.no, if l.gap_before { '|' } else { ' ' }, l.text.trim());
            if explain {
                for d in decisions.iter().filter(|d| d.line == l.no) {
                    println!("      # {}: {}", d.action, d.why);
                }
            }
        }
    }
    Ok(())
}
