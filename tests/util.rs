//! Helpers shared by the integration tests.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Reads a fixture file as UTF-8.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text rendering of a repaired input, as the CLI prints it.
pub fn render_text(input: &str) -> String {
    let doc = newsprint::repair(input);
    let mut out = Vec::new();
    newsprint::render::write_text(&doc, &mut out).expect("write to Vec");
    String::from_utf8(out).expect("utf-8")
}

/// Canonical form used to compare texts: NFC is not needed for our fixtures; all
/// whitespace dropped except one space between two ASCII letters/digits (as the
/// project's scorer does).
pub fn canon(s: &str) -> String {
    let chars: Vec<char> = s.split_whitespace().collect::<Vec<_>>().join(" ").chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let (a, b) = (chars[i - 1], chars[i + 1]);
            if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Asserts equality with a readable expected/got message.
#[macro_export]
macro_rules! eqnice {
    ($expected:expr, $got:expr, $what:expr) => {{
        let (expected, got) = (&$expected, &$got);
        if expected != got {
            panic!("\n{}\n==== expected ====\n{}\n==== got ====\n{}\n", $what, expected, got);
        }
    }};
}

/// Runs the real binary with `args`, feeding `stdin` from a thread (a large input must
/// not deadlock against a full stdout pipe).
pub fn run_cli(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsprint"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn newsprint");
    let mut stdin_pipe = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin_pipe.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer");
    out
}

/// Every block of the first page's articles, canonicalised as the scorer does.
pub fn block_texts(doc: &newsprint::Document) -> Vec<String> {
    doc.pages[0].articles.iter().flat_map(|a| a.blocks.iter().map(|b| canon(&b.text))).collect()
}
