//! Runs every `fixtures/<stage>/NN-name.in.txt` through the pipeline and compares the
//! text rendering with `NN-name.out.txt`. `BLESS=1 cargo test` rewrites the `.out.txt`
//! files (review the diff before committing).

use crate::eqnice;
use crate::util::{read, render_text, root};

fn run_dir(stage: &str) {
    let dir = root().join("fixtures").join(stage);
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".in.txt"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no fixtures in {}", dir.display());
    let bless = std::env::var_os("BLESS").is_some();
    for input in cases {
        let out_path =
            input.with_file_name(input.file_name().unwrap().to_string_lossy().replace(".in.txt", ".out.txt"));
        let got = render_text(&read(&input));
        if bless {
            std::fs::write(&out_path, &got).unwrap();
            continue;
        }
        let expected = read(&out_path);
        eqnice!(expected, got, input.display());
    }
}

#[test]
fn golden_join() {
    run_dir("join");
}

#[test]
fn golden_dedupe() {
    run_dir("dedupe");
}

#[test]
fn golden_reflow() {
    run_dir("reflow");
}

#[test]
fn golden_segment() {
    run_dir("segment");
}
