//! The README's "Bad input" table (see BAD_INPUT.md), one test per row: each input gets
//! a correct result or a clear error, never a panic, a hang or unbounded memory.
//!
//! The full-size rows (10 MB line, 200,000 lines, 100 MB, 1,000 pages) are `#[ignore]`d
//! so that the default debug `cargo test` stays quick; the default run uses sizes that
//! prove the same point. Run the full sizes with:
//!
//! ```sh
//! cargo test --release --test integration bad_input -- --ignored --test-threads=1
//! ```

use std::process::Output;
use std::time::{Duration, Instant};

use newsprint::{Document, RemovalReason};

use crate::props::{check_invariants, check_nothing_invented, check_nothing_lost, render};
use crate::util::{read, root};

fn cli(args: &[&str], stdin: &[u8]) -> Output {
    crate::util::run_cli(args, stdin)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn seed_page() -> String {
    read(&root().join("fixtures/seed/page.txt"))
}

/// A small real paragraph set in a column, for the line-end and indent rows.
const COLUMN: &str = "新年前夕，太行山深处发生了\n一件新鲜事：河北省平山县象角村\n村民和县长韩保深及县有关部门的\n领导一起，站在村边耕地面前深情\n地祝福：祝你新年快乐！\n";

fn blocks(doc: &Document) -> Vec<String> {
    doc.pages
        .iter()
        .flat_map(|p| p.articles.iter().flat_map(|a| a.blocks.iter().map(|b| b.text.clone())))
        .collect()
}

/// Repairs and checks every invariant; panics with the reason.
fn repair_checked(input: &str) -> Document {
    let doc = newsprint::repair(input);
    check_nothing_lost(input, &doc).unwrap();
    check_nothing_invented(input, &doc).unwrap();
    doc
}

/// Runs `f`, failing when it takes longer than `limit` (a hang or superlinear blow-up
/// shows as a timeout; limits are generous for debug builds on a loaded machine).
fn within<T>(limit: Duration, what: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    let took = t.elapsed();
    assert!(took <= limit, "{what}: took {took:?}, limit {limit:?}");
    eprintln!("{what}: {took:?}");
    out
}

/// Deterministic pseudo-random bytes (xorshift), so failures reproduce.
fn garbage(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

// ---- rows -------------------------------------------------------------------------------

#[test]
fn empty_input() {
    let doc = newsprint::repair("");
    assert!(doc.pages.iter().all(|p| p.articles.is_empty() && p.loose.is_empty() && p.removed.is_empty()));
    assert_eq!(render(&doc), "");
    let out = cli(&[], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let out = cli(&["--format", "json"], b"");
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(v["pages"].is_array());
}

#[test]
fn only_whitespace() {
    let input = "  \n\t\n\u{3000}\u{3000}\n\r\n\n \u{c}\n\u{a0}\n";
    let doc = repair_checked(input);
    assert!(
        doc.pages.iter().all(|p| p.articles.is_empty() && p.loose.is_empty() && p.removed.is_empty()),
        "{doc:?}"
    );
    assert_eq!(render(&doc), "");
    let out = cli(&[], input.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let cases: [(&[u8], usize); 5] = [
        (b"\xff", 0),
        ("中文".as_bytes(), usize::MAX), // placeholder replaced below
        (b"abc\xc0\x80def", 3),          // overlong NUL
        (b"ab\xed\xa0\x80", 2),          // UTF-16 surrogate
        (b"\xef\xbb\xbfok\n\x80", 6),    // BOM, then a lone continuation byte
    ];
    for (bytes, offset) in cases {
        let (bytes, offset) = if offset == usize::MAX {
            // A multi-byte character cut off at the end: the offset is where it starts.
            let mut b = "中文".as_bytes().to_vec();
            b.extend_from_slice(&"字".as_bytes()[..2]);
            (b, 6)
        } else {
            (bytes.to_vec(), offset)
        };
        assert_eq!(newsprint::decode(&bytes), Err(newsprint::Error::InvalidUtf8 { offset }));
        let out = cli(&[], &bytes);
        assert_eq!(out.status.code(), Some(1), "{bytes:?}");
        assert!(stderr(&out).contains(&format!("byte offset {offset}")), "{bytes:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "nothing printed for bad input");
        let out = cli(&["--lossy"], &bytes);
        assert_eq!(out.status.code(), Some(0), "--lossy {bytes:?}: {}", stderr(&out));
        assert!(stdout(&out).contains('\u{fffd}'), "--lossy marks the bad bytes");
    }
    // A file argument: the error names the file.
    let path = std::env::temp_dir().join(format!("newsprint-bad-{}.txt", std::process::id()));
    std::fs::write(&path, b"\xe4\xb8\xad\xff").unwrap();
    let out = cli(&[path.to_str().unwrap()], b"");
    std::fs::remove_file(&path).ok();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(path.to_str().unwrap()) && err.contains("byte offset 3"), "{err}");
}

#[test]
fn utf8_bom_is_dropped() {
    let plain = newsprint::repair(COLUMN);
    let bom = repair_checked(&format!("\u{feff}{COLUMN}"));
    assert_eq!(bom, plain);
    let out = cli(&[], format!("\u{feff}{COLUMN}").as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert!(!stdout(&out).contains('\u{feff}'));
    assert_eq!(stdout(&out), render(&plain));
}

#[test]
fn nul_and_control_characters_are_removed_and_recorded() {
    let input = "近年来，河北省\u{0}雄安新区\u{1b}开设\u{7}“养老驿站”。\n\u{0}\u{0}\n";
    let doc = repair_checked(input);
    assert_eq!(blocks(&doc), ["近年来，河北省雄安新区开设“养老驿站”。"]);
    let removed: String = doc.pages[0]
        .removed
        .iter()
        .filter(|r| r.reason == RemovalReason::ControlCharacter)
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(removed.chars().filter(|&c| c == '\0').count(), 3, "{removed:?}");
    assert!(removed.contains('\u{1b}') && removed.contains('\u{7}'));
    let out = cli(&[], input.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert!(!stdout(&out).chars().any(|c| c.is_control() && c != '\n'), "{:?}", stdout(&out));
    let out = cli(&["--format", "json"], input.as_bytes());
    let _: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON with controls escaped");
    check_invariants(input).unwrap();
}

#[test]
fn crlf_and_lone_cr_line_ends() {
    let lf = newsprint::repair(COLUMN);
    for ends in ["\r\n", "\r"] {
        let input = COLUMN.replace('\n', ends);
        assert_eq!(repair_checked(&input), lf, "line end {ends:?}");
    }
    // Mixed line ends in one input, and a CRLF blank line.
    let lines: Vec<&str> = COLUMN.lines().collect();
    let mixed = format!("{}\r\n{}\r{}\n{}\r\n{}\r", lines[0], lines[1], lines[2], lines[3], lines[4]);
    assert_eq!(repair_checked(&mixed), lf);
}

#[test]
fn form_feeds_separate_pages() {
    let input = format!("{COLUMN}\u{c}{COLUMN}\u{c}");
    let doc = repair_checked(&input);
    assert_eq!(doc.pages.len(), 2, "trailing form feed makes no empty page");
    assert_eq!(doc.pages.iter().map(|p| p.number).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(
        doc.pages[0].articles,
        doc.pages[1]
            .articles
            .iter()
            .map(|a| {
                let mut a = a.clone();
                for b in &mut a.blocks {
                    for r in &mut b.lines {
                        r.first -= 5;
                        r.last -= 5;
                    }
                }
                a
            })
            .collect::<Vec<_>>(),
        "same text, line numbers continue across pages"
    );
    let out = render(&doc);
    assert_eq!(out.matches('\u{c}').count(), 1, "{out:?}");
    // A form feed in the middle of a line splits it; only form feeds: no crash.
    let doc = repair_checked("甲乙丙丁。\u{c}戊己庚辛。\n");
    assert_eq!(doc.pages.len(), 2);
    repair_checked("\u{c}\u{c}\u{c}");
}

#[test]
fn tab_and_ideographic_space_indents() {
    let plain = blocks(&newsprint::repair(COLUMN));
    for indent in ["\t", "\u{3000}\u{3000}", "    ", "\t\u{3000}"] {
        let input = format!("{indent}{COLUMN}");
        assert_eq!(blocks(&repair_checked(&input)), plain, "indent {indent:?}");
    }
}

/// `n` bytes of real text without line breaks: the seed page's characters.
fn one_line(n: usize) -> String {
    let chars: Vec<char> = seed_page().chars().filter(|c| !c.is_whitespace()).collect();
    let mut s = String::with_capacity(n + 4);
    for c in chars.iter().cycle() {
        if s.len() >= n {
            break;
        }
        s.push(*c);
    }
    s.push('\n');
    s
}

fn check_one_line(n: usize, limit: Duration) {
    let input = one_line(n);
    let doc = within(limit, &format!("one {n}-byte line"), || repair_checked(&input));
    let texts = crate::props::doc_texts(&doc);
    assert_eq!(texts.len(), 1, "one line makes one block");
}

#[test]
fn single_long_line() {
    check_one_line(1 << 20, Duration::from_secs(30));
}

#[test]
#[ignore = "full size: cargo test --release -- --ignored"]
fn single_10mb_line() {
    check_one_line(10 << 20, Duration::from_secs(60));
}

fn check_one_char_lines(n: usize, limit: Duration) {
    let chars: Vec<char> = seed_page().chars().filter(|c| !c.is_whitespace()).collect();
    let input: String = chars.iter().cycle().take(n).flat_map(|&c| [c, '\n']).collect();
    within(limit, &format!("{n} one-character lines"), || repair_checked(&input));
}

#[test]
fn many_one_character_lines() {
    check_one_char_lines(20_000, Duration::from_secs(60));
}

#[test]
#[ignore = "full size: cargo test --release -- --ignored"]
fn one_character_lines_200k() {
    check_one_char_lines(200_000, Duration::from_secs(60));
}

#[test]
fn binary_garbage() {
    for seed in [1u64, 7, 42] {
        let bytes = garbage(256 << 10, seed);
        let offset = std::str::from_utf8(&bytes).unwrap_err().valid_up_to();
        let out = cli(&[], &bytes);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains(&format!("byte offset {offset}")), "{}", stderr(&out));
        let out = cli(&["--lossy"], &bytes);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = String::from_utf8_lossy(&bytes);
        within(Duration::from_secs(60), "256 KiB of garbage", || repair_checked(&text));
    }
}

/// The seed page repeated up to `n` bytes, without form feeds: one huge page.
fn big_page(n: usize) -> String {
    let page = seed_page();
    let mut s = String::with_capacity(n + page.len());
    while s.len() < n {
        s.push_str(&page);
    }
    s
}

#[test]
fn large_input() {
    let input = big_page(512 << 10);
    within(Duration::from_secs(60), "512 KB one-page input", || repair_checked(&input));
}

#[test]
#[ignore = "full size: cargo test --release -- --ignored"]
fn input_100mb() {
    let input = big_page(100 << 20);
    let out = within(Duration::from_secs(300), "100 MB through the CLI", || cli(&[], input.as_bytes()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

fn check_repeated_pages(n: usize, limit: Duration) {
    let page = seed_page();
    let one = newsprint::repair(&page);
    let input: String = std::iter::repeat_n(format!("{page}\u{c}"), n).collect();
    let doc = within(limit, &format!("seed page × {n}"), || repair_checked(&input));
    assert_eq!(doc.pages.len(), n);
    for p in &doc.pages {
        let titles = |d: &newsprint::Page| {
            d.articles.iter().map(|a| (a.headline.clone(), a.blocks.len())).collect::<Vec<_>>()
        };
        assert_eq!(titles(p), titles(&one.pages[0]), "page {} differs from the page alone", p.number);
        assert_eq!(p.removed.len(), one.pages[0].removed.len());
    }
}

#[test]
fn same_page_repeated() {
    check_repeated_pages(20, Duration::from_secs(60));
}

#[test]
#[ignore = "full size: cargo test --release -- --ignored"]
fn same_page_repeated_1000_times() {
    check_repeated_pages(1000, Duration::from_secs(300));
}
