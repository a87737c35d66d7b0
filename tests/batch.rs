//! Batch mode of the binary: `--format jsonl`, `--per-page`, `--jobs` (issue 4).

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsprint"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).stdin(Stdio::null()).output().expect("run newsprint")
}

/// Writes `text` to a file of this test's own under the cargo tmp dir.
fn file(test: &str, name: &str, text: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("batch").join(test);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// A short one-article page whose paragraph names `n`.
fn page(n: usize) -> String {
    format!("本报讯 记者王磊报道 第{n}届应急博览会\n将于5月8日在上海举办。\n")
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn jsonl(out: &Output) -> Vec<serde_json::Value> {
    stdout(out).lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect()
}

#[test]
fn jsonl_writes_one_compact_object_per_file() {
    let (a, b) = (file("jsonl", "a.txt", &page(1)), file("jsonl", "b.txt", &page(2)));
    let docs = jsonl(&run(&["--format", "jsonl", &a, &b]));
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["source"], a.as_str());
    assert_eq!(docs[1]["source"], b.as_str());
    assert!(docs[0].get("page").is_none());
    assert_eq!(docs[1]["pages"][0]["number"], 1);
    assert!(docs[1]["pages"][0]["articles"][0]["blocks"][0]["text"].as_str().unwrap().contains("第2届"));
}

#[test]
fn per_page_gives_each_page_its_number_and_the_files_line_numbers() {
    let text = format!("{}\u{c}{}\n\u{c}{}\u{c}\n", page(1), page(2), page(3));
    let f = file("per_page", "three.txt", &text);
    let docs = jsonl(&run(&["--format", "jsonl", "--per-page", &f]));
    assert_eq!(docs.len(), 3, "the empty trailing page is dropped");
    let whole: serde_json::Value = serde_json::from_str(&stdout(&run(&["--format", "json", &f]))).unwrap();
    for (i, d) in docs.iter().enumerate() {
        assert_eq!(d["source"], f.as_str());
        assert_eq!(d["page"], i + 1);
        assert_eq!(d["pages"].as_array().unwrap().len(), 1);
        assert_eq!(d["pages"][0], whole["pages"][i], "page {} as the whole file has it", i + 1);
    }
    assert_eq!(docs[2]["pages"][0]["articles"][0]["blocks"][0]["lines"][0], serde_json::json!([6, 7]));
}

#[test]
fn per_page_text_matches_the_whole_file() {
    let text: Vec<String> = (1..=5).map(page).collect();
    let f = file("per_page_text", "five.txt", &text.join("\u{c}"));
    let whole = stdout(&run(&[&f]));
    assert_eq!(stdout(&run(&["--per-page", "--jobs", "3", &f])), whole);
    let whole = stdout(&run(&["--format", "markdown", &f]));
    assert_eq!(stdout(&run(&["--format", "markdown", "--per-page", &f])), whole);
}

#[test]
fn jobs_keep_input_order() {
    // A big document first, so that later, small ones finish before it.
    let big: String = (0..40).map(|_| page(0)).collect::<Vec<_>>().join("\n");
    let mut files = vec![file("order", "00.txt", &big)];
    files.extend((1..24).map(|i| file("order", &format!("{i:02}.txt"), &page(i))));
    let mut args = vec!["--format", "jsonl"];
    args.extend(files.iter().map(String::as_str));
    let serial = stdout(&run(&[&args[..], &["--jobs", "1"]].concat()));
    for jobs in ["2", "4", "16"] {
        let out = run(&[&args[..], &["--jobs", jobs]].concat());
        assert_eq!(stdout(&out), serial, "--jobs {jobs}");
    }
    let sources: Vec<String> = serial
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["source"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(sources, files);
}

#[test]
fn an_error_stops_after_the_documents_before_it() {
    let (a, c) = (file("error", "a.txt", &page(1)), file("error", "c.txt", &page(3)));
    let bad = file("error", "b.txt", "abc\u{fffd}");
    std::fs::write(&bad, b"abc\xff\n").unwrap();
    let out = run(&["--format", "jsonl", "--jobs", "2", &a, &bad, &c]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("第1届"));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("b.txt: input is not valid UTF-8 at byte offset 3"), "{err}");
}

#[test]
fn jobs_zero_is_a_usage_error() {
    assert_eq!(run(&["--jobs", "0"]).status.code(), Some(2));
}

#[test]
fn a_reader_that_stops_early_ends_the_batch_quietly() {
    let text: Vec<String> = (1..=400).map(page).collect();
    let f = file("pipe", "many.txt", &text.join("\u{c}"));
    let mut child = bin()
        .args(["--format", "jsonl", "--per-page", "--jobs", "2", &f])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here: the next writes fail with a broken pipe.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}
