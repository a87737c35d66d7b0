//! The one integration test binary (see Cargo.toml `[[test]]`).

// Golden fixtures: every `fixtures/<stage>/*.in.txt` against its `.out.txt`.
mod golden;
// The real binary: formats, exit codes, errors.
mod cli;
// The seed page against its hand-made gold structure.
mod seed;
// Shared helpers.
mod util;
