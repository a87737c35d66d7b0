//! The one integration test binary (see Cargo.toml `[[test]]`).

// Golden fixtures: every `fixtures/<stage>/*.in.txt` against its `.out.txt`.
mod golden;
// The real binary: formats, exit codes, errors.
mod cli;
// The seed page against its hand-made gold structure.
mod seed;
// Shared helpers.
mod util;
// Property tests: nothing lost, layouts recovered, idempotence, dedupe (issue 3).
mod props;
// The README's "Bad input" table, one test per row (issue 3).
mod bad_input;
// Replays of minimised fuzz crashes kept in fixtures/fuzz/ (issue 3).
mod regression;
// Batch mode: --format jsonl, --per-page, --jobs ordering (issue 4).
mod batch;
// Space-aligned renderings of the seed page: column splitting (issue 7).
mod layout;
