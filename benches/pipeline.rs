//! Whole-pipeline benches: `Pipeline::repair` (all four repairs, no rendering) on the seed
//! page and the dev pages, a naive baseline, and a length sweep (1, 4, 16, 64 copies of
//! the seed page, with and without form feeds) that should grow linearly, and a sweep of
//! one pathological line growing from 1 KB to 1 MB (kinds in `common::long_line`).
//!
//! `cargo bench --bench pipeline`; throughput is input bytes per second.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use newsprint::{Config, Pipeline};

fn pipeline(c: &mut Criterion) {
    let pipeline = Pipeline::new(Config::new());
    let mut g = c.benchmark_group("pipeline");
    g.sample_size(20).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    for (name, text) in common::inputs() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("repair", name), &text, |b, t| {
            b.iter(|| pipeline.repair(black_box(t)))
        });
        // Baseline: one pass over the chars, the floor any repair must pay.
        g.bench_with_input(BenchmarkId::new("baseline_chars", name), &text, |b, t| {
            b.iter(|| black_box(t).chars().filter(|c| !c.is_whitespace()).count())
        });
    }
    g.finish();
}

fn sweep(c: &mut Criterion) {
    let pipeline = Pipeline::new(Config::new());
    let seed = &common::inputs()[0].1;
    let mut g = c.benchmark_group("sweep");
    g.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    for ff in [true, false] {
        let stage = if ff { "repair_formfeed" } else { "repair_one_page" };
        for n in [1usize, 4, 16, 64] {
            let text = common::repeat(seed, n, ff);
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_with_input(BenchmarkId::new(stage, n), &text, |b, t| {
                b.iter(|| pipeline.repair(black_box(t)))
            });
        }
    }
    g.finish();
}

/// One line growing 1 KB → 1 MB: where per-line work could turn quadratic (the
/// doubled-run search, the joins, segment's per-unit tables). Linear growth shows as
/// flat throughput across the sizes.
fn long_line(c: &mut Criterion) {
    let pipeline = Pipeline::new(Config::new());
    let mut g = c.benchmark_group("long_line");
    g.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    for kind in ["prose", "doubled_runs", "doubled_chars", "one_char", "ocr_spaced"] {
        for kb in [1usize, 16, 128, 1024] {
            let text = common::long_line(kind, kb * 1024);
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_with_input(BenchmarkId::new(kind, format!("{kb}KB")), &text, |b, t| {
                b.iter(|| pipeline.repair(black_box(t)))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, pipeline, sweep, long_line);
criterion_main!(benches);
