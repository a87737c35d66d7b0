//! Prints a page's lines as the column splitter re-orders them (one per line, with the
//! input line number): `cargo run --example columns -- page.txt`.
use newsprint::columns::{ColumnMode, Columns};
use newsprint::reflow::Line;
use newsprint::{Prepass, ReflowConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: columns FILE")?;
    let text = std::fs::read_to_string(path)?;
    for page in newsprint::input::pages(&text, &ReflowConfig::default()) {
        let lines = page
            .lines
            .into_iter()
            .map(|l| Line { no: l.no, text: l.text.into_owned(), gap_before: l.gap_before, doubled: false })
            .collect();
        for l in Columns::new(ColumnMode::Auto).apply(lines, &mut Vec::new(), &mut Vec::new()) {
            println!("{:4}{} {}", l.no, if l.gap_before { '|' } else { ' ' }, l.text.trim());
        }
    }
    Ok(())
}
