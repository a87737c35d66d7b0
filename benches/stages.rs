//! Per-stage benches through the public API, on the seed page and the dev pages:
//! `input::pages`, `dedupe::dedupe_lines`, `reflow::reflow_lines` (which joins each
//! paragraph: reflow + joins), `join::join_lines` alone, `segment::segment_articles`.
//! Each stage gets the input the pipeline would hand it, built once outside the timing.
//!
//! `cargo bench --bench stages`; throughput is the page's input bytes per second for
//! every stage, so the figures add up like the stage times do.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use newsprint::Config;
use newsprint::input::pages;
use newsprint::join::join_lines;
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
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
