//! The real binary, through `CARGO_BIN_EXE_newsprint`.

use std::process::Output;

fn run(args: &[&str], stdin: &[u8]) -> Output {
    crate::util::run_cli(args, stdin)
}

#[test]
fn text_is_the_default_format() {
    let out = run(&[], "本报讯 记者王磊报道 第二届博览会\n将于5月8日在上海举办。\n".as_bytes());
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "本报讯 记者王磊报道 第二届博览会将于5月8日在上海举办。\n"
    );
}

#[test]
fn json_has_the_scorer_schema() {
    let out = run(&["--format", "json"], "雄雄安安新新区区\n近年来，雄安新区开设养老驿站。\n".as_bytes());
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let art = &v["pages"][0]["articles"][0];
    assert_eq!(art["headline"], "雄安新区");
    assert_eq!(art["blocks"][0]["kind"], "paragraph");
    assert_eq!(art["blocks"][0]["lines"][0], serde_json::json!([2, 2]));
    assert_eq!(v["pages"][0]["removed"][0]["reason"], "doubled_characters");
}

#[test]
fn invalid_utf8_names_the_offset_and_exits_1() {
    let out = run(&[], b"abc\xff\xfe");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("byte offset 3"), "{err}");
}

#[test]
fn lossy_replaces_invalid_utf8() {
    let out = run(&["--lossy"], b"abc\xff\n");
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "abc\u{fffd}\n");
}

#[test]
fn usage_error_exits_2() {
    let out = run(&["--format", "yaml"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_file_exits_1() {
    let out = run(&["/nonexistent/newsprint-test-file"], b"");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn explain_reports_decisions_on_stderr() {
    let out = run(&["--explain"], "给给黄黄土土地地\n新年前夕，太行山深处发生了一件事。\n".as_bytes());
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("dedupe"), "{err}");
    assert!(err.contains("attach"), "{err}");
}

#[test]
fn markdown_marks_the_headline() {
    let out =
        run(&["--format", "markdown"], "给给黄黄土土地地\n新年前夕，太行山深处发生了一件事。\n".as_bytes());
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("## 给黄土地\n"));
}

#[test]
fn ocr_flag_switches_the_clean_up() {
    let page = "新年前夕,太行山深处发生了一件新鲜事: 河北省平山县\n|\n站在村边 3 4 0 亩耕地面前祝福: 祝你新年快乐!\n";
    let out = run(&["--format", "json", "--ocr", "always"], page.as_bytes());
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = v["pages"][0].to_string();
    assert!(text.contains("新年前夕，太行山"), "{text}");
    assert!(text.contains("村边３４０亩"), "{text}");
    assert_eq!(v["pages"][0]["removed"][0]["reason"], "ocr_artifact");
    let out = run(&["--format", "json", "--ocr", "never"], page.as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["pages"][0].to_string().contains("新年前夕,太行山"));
}

#[test]
fn columns_flag_switches_the_splitting() {
    // Two columns side by side on a character grid, the second at offset 20.
    let l = |a: &str, b: &str| format!("{a}{}{b}\n", " ".repeat(20 - a.chars().count()));
    let page = [
        l("第一栏第一行的文字呀", "第二栏第一行的文字呀"),
        l("第一栏第二行的文字呀", "第二栏第二行的文字呀"),
        l("第一栏第三行的文字呀", "第二栏第三行的文字呀"),
        l("第一栏第四行的文字呀", "第二栏第四行的文字呀"),
    ]
    .concat();
    let text = |args: &[&str]| String::from_utf8(run(args, page.as_bytes()).stdout).unwrap();
    let split = text(&["--columns", "always"]);
    assert!(split.contains("第一栏第一行的文字呀第一栏第二行的文字呀"), "{split}");
    assert_eq!(text(&[]), split, "auto splits a space-aligned page");
    let kept = text(&["--columns", "never"]);
    assert!(!kept.contains("第一栏第一行的文字呀第一栏第二行的文字呀"), "{kept}");
}

#[test]
fn interleave_flag_switches_the_threading() {
    // Two columns emitted line by line, a blank line after each (pdftotext's habit).
    let a = [
        "近年来，河北省雄安新区在容东片区",
        "、容西片区等集中建成区开设养老驿",
        "站，为辖区老年人提供日间生活照料",
        "和助餐服务，受到居民的普遍欢迎。",
    ];
    let b = [
        "本届博览会将首次设立长三角主题市",
        "专区，安徽省作为今年长三角区域合",
        "作轮值方，特别推选合肥市作为本届",
        "博览会的主题市，集中展示成果。",
    ];
    let page: String = a.iter().zip(b.iter()).map(|(x, y)| format!("{x}\n\n{y}\n\n")).collect();
    let text = |args: &[&str]| String::from_utf8(run(args, page.as_bytes()).stdout).unwrap();
    let never = text(&["--interleave", "never"]);
    assert!(!never.contains(&a.concat()), "{never}");
    let always = text(&["--interleave", "always"]);
    assert!(always.contains(&a.concat()) && always.contains(&b.concat()), "{always}");
}

#[test]
fn the_text_output_reads_back_unchanged() {
    // A title set twice (an extractor's fake bold) over a cut-off paragraph: the text
    // output's title line has no doubling left, and read as extractor text the two
    // short lines are column lines (the second opens on a character pushed down with
    // its comma). The pipeline settles such a page on that reading, so a second run,
    // plain or `--reflowed always`, gives the text output back unchanged.
    let page = "第二届应急博览会5月在沪举办\n第二届应急博览会5月在沪举办\n\u{3000}\u{3000}司，为新和提供近5000种进口商品的\n";
    let once = String::from_utf8(run(&[], page.as_bytes()).stdout).unwrap();
    assert!(
        once.contains("第二届应急博览会5月在沪举办") && once.contains("司，为新和提供近5000种进口商品的"),
        "{once}"
    );
    assert_eq!(once.matches("第二届").count(), 1, "the fake-bold copy is removed: {once}");
    let plain = String::from_utf8(run(&[], once.as_bytes()).stdout).unwrap();
    assert_eq!(plain, once);
    let again = String::from_utf8(run(&["--reflowed", "always"], once.as_bytes()).stdout).unwrap();
    assert_eq!(again, once);
}
