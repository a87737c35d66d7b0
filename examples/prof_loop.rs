//! Profiling helper (not part of the library): loops `Pipeline::repair` over files.
//! `prof_loop N FILE...`: one warm-up pass (lazy regexes and tables), then N timed ones
//! in `timed` (for `valgrind --tool=callgrind --toggle-collect=prof_loop::timed`).
use newsprint::{Config, Pipeline};

#[inline(never)]
fn timed(p: &Pipeline, texts: &[String], n: usize) -> usize {
    let mut k = 0;
    for _ in 0..n {
        for s in texts {
            k += p.repair(s).pages.len();
        }
    }
    k
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args[0].parse().unwrap();
    let texts: Vec<String> = args[1..].iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    let p = Pipeline::new(Config::new());
    for s in &texts {
        std::hint::black_box(p.repair(s));
    }
    let t = std::time::Instant::now();
    let k = timed(&p, &texts, n);
    let bytes: usize = texts.iter().map(|s| s.len()).sum::<usize>() * n;
    eprintln!("{k} {:.1} MB/s", bytes as f64 / t.elapsed().as_secs_f64() / 1e6);
}
