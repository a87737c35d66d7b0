//! Per-stage benches through the public API, on the seed page and the dev pages:
//! `input::pages`, `dedupe::dedupe_lines`, `reflow::reflow_lines` (which joins each
//! paragraph: reflow + joins), `join::join_lines` alone, `segment::segment_articles`.
//! Each stage gets the input the pipeline would hand it, built once outside the timing.
//! Plus the `interleave` prepass on the seed page dealt into 8 columns emitted line by line,
//! and the `columns` prepass on a `pdftotext -layout` page.
//!
//! `cargo bench --bench stages`; throughput is the page's input bytes per second for
//! every stage, so the figures add up like the stage times do.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use newsprint::Config;
use newsprint::Prepass;
use newsprint::columns::{ColumnMode, Columns};
use newsprint::input::pages;
use newsprint::interleave::{Interleave, InterleaveMode};
use newsprint::join::join_lines;
use newsprint::reflow::Line;
use newsprint::segment::segment_articles;

fn stages(c: &mut Criterion) {
    let cfg = Config::new();
    let mut g = c.benchmark_group("stages");
    g.sample_size(20).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    for (name, text) in common::inputs() {
        let si = common::stage_inputs(&text);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("input", name), &text, |b, t| {
            b.iter(|| pages(black_box(t), &cfg.reflow))
        });
        g.bench_with_input(BenchmarkId::new("dedupe", name), &si.raw, |b, raw| {
            b.iter(|| raw.iter().map(|p| common::dedupe(black_box(p), &cfg.dedupe).len()).sum::<usize>())
        });
        // Dedupe switched off: the cost of copying the lines, dedupe's floor.
        let off = Config::new().dedupe(false).dedupe;
        g.bench_with_input(BenchmarkId::new("dedupe_off", name), &si.raw, |b, raw| {
            b.iter(|| raw.iter().map(|p| common::dedupe(black_box(p), &off).len()).sum::<usize>())
        });
        g.bench_with_input(BenchmarkId::new("reflow_join", name), &si.lines, |b, lines| {
            b.iter(|| lines.iter().map(|p| common::reflow(black_box(p), &cfg.reflow).len()).sum::<usize>())
        });
        // Joins alone: every page's lines joined as one paragraph.
        let texts: Vec<Vec<&str>> =
            si.raw.iter().map(|p| p.iter().map(|(_, t)| t.as_str()).collect()).collect();
        g.bench_with_input(BenchmarkId::new("join", name), &texts, |b, texts| {
            b.iter(|| texts.iter().map(|p| join_lines(black_box(p)).len()).sum::<usize>())
        });
        g.bench_with_input(BenchmarkId::new("segment", name), &si.units, |b, units| {
            b.iter(|| {
                units
                    .iter()
                    .map(|u| segment_articles(black_box(u), &cfg.segment, None).articles.len())
                    .sum::<usize>()
            })
        });
    }
    // De-interleaving: the seed page's lines dealt into 8 columns and emitted line by
    // line (A1, B1, … H1, A2, …) with a blank line after each, as pdftotext does.
    let seed = &common::inputs()[0].1;
    let body: Vec<&str> = seed.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let per = body.len().div_ceil(8);
    let mut text = String::new();
    for row in 0..per {
        for col in 0..8 {
            if let Some(l) = body.get(col * per + row) {
                text.push_str(l);
                text.push_str("\n\n");
            }
        }
    }
    let lines: Vec<Line> = pages(&text, &cfg.reflow)
        .into_iter()
        .flat_map(|p| p.lines)
        .map(|l| Line { no: l.no, text: l.text.into_owned(), gap_before: l.gap_before, doubled: false })
        .collect();
    g.throughput(Throughput::Bytes(text.len() as u64));
    for (mode, name) in [(InterleaveMode::Auto, "interleave"), (InterleaveMode::Always, "interleave_always")]
    {
        g.bench_with_input(BenchmarkId::new(name, "seed_8_columns"), &lines, |b, lines| {
            b.iter(|| {
                Interleave::new(mode).apply(black_box(lines.clone()), &mut Vec::new(), &mut Vec::new()).len()
            })
        });
    }
    // Column splitting of a space-aligned page (`pdftotext -layout`).
    let layout = common::read("fixtures/bench/page_001.pdftotext_layout.txt");
    let lines: Vec<Line> = pages(&layout, &cfg.reflow)
        .into_iter()
        .flat_map(|p| p.lines)
        .map(|l| Line { no: l.no, text: l.text.into_owned(), gap_before: l.gap_before, doubled: false })
        .collect();
    g.throughput(Throughput::Bytes(layout.len() as u64));
    g.bench_with_input(BenchmarkId::new("columns", "page_001_layout"), &lines, |b, lines| {
        b.iter(|| {
            Columns::new(ColumnMode::Auto)
                .apply(black_box(lines.clone()), &mut Vec::new(), &mut Vec::new())
                .len()
        })
    });
    g.bench_with_input(BenchmarkId::new("pipeline", "page_001_layout"), &layout, |b, t| {
        b.iter(|| newsprint::repair(black_box(t)).pages.len())
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
