//! The `benbao` binary on good and bad input: exit codes, messages naming the
//! file and the problem, and the output formats.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_benbao"))
}

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/seed/0000.txt")
}

fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("benbao-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn parses_the_seed_page_to_the_json_contract() {
    let o = run(&["parse", "--date", "2022-02", seed().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let arts = v["articles"].as_array().unwrap();
    assert_eq!(arts.len(), 6);
    assert_eq!(arts[1]["kicker"], "■新年开新局");
    assert_eq!(arts[0]["byline"]["reporters"][0], "孙庆辉");
    assert_eq!(arts[5]["byline"]["photo"], true);
    assert_eq!(v["date"], "2022-02");
    assert_eq!(v["encoding"], "UTF-8");
    assert!(v["source"].as_str().unwrap().ends_with("0000.txt"));
}

#[test]
fn jsonl_markdown_and_text_formats() {
    let s = seed();
    let o = run(&["parse", "--format", "jsonl", "--date", "2022-02", s.to_str().unwrap()]);
    let lines: Vec<serde_json::Value> =
        String::from_utf8(o.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 6);
    assert!(lines.iter().all(|l| l["source"].as_str().unwrap().ends_with("0000.txt")));
    let md = String::from_utf8(run(&["parse", "--format", "markdown", s.to_str().unwrap()]).stdout).unwrap();
    assert!(md.contains("*■新年开新局*"));
    assert!(md.contains("— 记者 孙庆辉 通讯员 宋贞"));
    let txt = String::from_utf8(run(&["parse", "--format", "text", s.to_str().unwrap()]).stdout).unwrap();
    assert!(txt.contains("\u{3000}\u{3000}本报讯 2月11日上午"));
}

#[test]
fn standard_input_and_several_files() {
    let mut child = bin().args(["parse", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all("本报讯 昨天，全市召开会议。\n记者 王伟\n".as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["source"], "-");
    assert_eq!(v["articles"][0]["paragraphs"][0], "昨天，全市召开会议。");
    // two files: two documents, one after the other
    let s = seed();
    let o = run(&["parse", s.to_str().unwrap(), s.to_str().unwrap()]);
    let n = serde_json::Deserializer::from_slice(&o.stdout).into_iter::<serde_json::Value>().count();
    assert_eq!(n, 2);
}

#[test]
fn empty_file_is_an_error_naming_the_file() {
    let p = tmp("empty.txt", b"");
    let o = run(&["parse", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("empty.txt") && e.contains("empty"), "{e}");
    assert!(!e.contains("panicked"));
}

#[test]
fn binary_files_are_refused_with_what_they_are() {
    let png = tmp("scan.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00");
    let bin_file = tmp("blob.bin", &[0u8, 1, 2, 3, 255, 254, 0, 0, 7, 8]);
    let o = run(&["parse", png.to_str().unwrap(), bin_file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("scan.png: not a text page: it is a PNG image"), "{e}");
    assert!(e.contains("blob.bin: not a text page"), "{e}");
    assert!(e.contains("2 of 2 files failed"), "{e}");
}

#[test]
fn one_bad_file_does_not_stop_the_batch() {
    let bad = tmp("bad.txt", b"\x00\x00\x00\x00");
    let s = seed();
    let o = run(&["parse", "--format", "jsonl", bad.to_str().unwrap(), "/no/such/page.txt", s.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 6, "the good file is still parsed");
    assert!(e.contains("/no/such/page.txt: no such file"), "{e}");
    assert!(e.contains("2 of 3 files failed"), "{e}");
}

#[test]
fn invalid_utf8_is_replaced_with_a_warning() {
    let mut bytes = "本报讯 全市召开会议，部署今年工作。\n".repeat(50).into_bytes();
    bytes.extend_from_slice(b"\xff\xfe broken \xc3\x28 bytes\n");
    bytes.extend_from_slice("记者 王伟\n".as_bytes());
    let p = tmp("broken.txt", &bytes);
    let o = run(&["parse", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("broken.txt: warning: invalid UTF-8"), "{e}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["warnings"][0].as_str().unwrap().contains("invalid UTF-8"));
}

#[test]
fn text_that_is_neither_utf8_nor_chinese_is_refused() {
    // Latin-1 bytes everywhere: not UTF-8, and GB18030/Big5 readings make no Chinese of it
    let bytes: Vec<u8> = (0..4000).map(|i| if i % 3 == 0 { 0xe9 } else { b'a' + (i % 20) as u8 }).collect();
    let p = tmp("latin1.txt", &bytes);
    let o = run(&["parse", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("latin1.txt: cannot decode the text"), "{}", stderr(&o));
}

#[test]
fn gbk_file_is_read() {
    let text = std::fs::read_to_string(seed()).unwrap();
    let (gbk, _, _) = encoding_rs_gbk(&text);
    let p = tmp("gbk.txt", &gbk);
    let o = run(&["parse", "--date", "2022-02", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["encoding"], "gb18030");
    assert_eq!(v["articles"].as_array().unwrap().len(), 6);
    assert_eq!(v["articles"][0]["date"], "2022-02-11");
}

/// GBK bytes for a string, without a dependency: the library decodes, the test encodes through it.
fn encoding_rs_gbk(s: &str) -> (Vec<u8>, (), ()) {
    (benbao::input::encode_gb18030(s), (), ())
}

#[test]
fn a_100_mb_single_line_streams_with_a_warning() {
    let line = "这是一行没有换行的很长的文字，".repeat(100_000_000 / 45 + 1);
    let p = tmp("oneline.txt", line.as_bytes());
    let o = run(&["parse", "--format", "jsonl", "--quiet", "--no-entities", p.to_str().unwrap()]);
    std::fs::remove_file(&p).unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    // the text comes out whole, no character lost
    let chars: usize = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|v| v["paragraphs"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().chars().count()).sum::<usize>())
        .sum();
    assert_eq!(chars, line.chars().count());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["parse"]).status.code(), Some(2));
    assert_eq!(run(&["parse", "--date", "2022-13", "x"]).status.code(), Some(2));
    assert_eq!(run(&["parse", "--format", "xml", "x"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    assert!(stderr(&run(&["parse", "--date", "2022-13", "x"])).contains("bad date"));
}

#[test]
fn parse_output_carries_entities_and_a_persons_index() {
    let o = run(&["parse", "--date", "2022-02", seed().to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let a = &v["articles"][0];
    let people: Vec<&str> = a["people"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert!(people.contains(&"李占宾"), "{people:?}");
    let li = a["people"].as_array().unwrap().iter().find(|p| p["name"] == "李占宾").unwrap();
    assert_eq!(li["title"], "区委副书记、区长");
    assert_eq!(li["posts"][0]["post"], "副书记");
    assert_eq!(li["posts"][0]["organization"], "区委");
    // offsets index the paragraphs joined with "\n"
    let text: String = a["paragraphs"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect::<Vec<_>>().join("\n");
    let m = &li["mentions"][0];
    let (s, e) = (m[0].as_u64().unwrap() as usize, m[1].as_u64().unwrap() as usize);
    assert_eq!(text.chars().skip(s).take(e - s).collect::<String>(), "李占宾");
    // 王德敏 appears in three articles: one person record with all mentions
    let wang = v["persons"].as_array().unwrap().iter().find(|p| p["name"] == "王德敏").unwrap();
    let arts: std::collections::BTreeSet<u64> = wang["mentions"].as_array().unwrap().iter().map(|m| m[0].as_u64().unwrap()).collect();
    assert_eq!(arts.len(), 2, "{wang}");
    // --no-entities leaves them out
    let o = run(&["parse", "--no-entities", seed().to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["articles"][0].get("people").is_none());
}

#[test]
fn extract_reads_plain_text() {
    let p = tmp("article.txt", "2月9日，高新区党工委委员、管委会副主任王德敏到石佛园区运营中心实地调研。\n王德敏要求：一是要坚定信心；二是要明确路径。\n".as_bytes());
    let o = run(&["extract", "--date", "2022-02", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["people"][0]["title"], "高新区党工委委员、管委会副主任");
    let ev = &v["events"][0];
    assert_eq!(ev["type"], "inspection");
    assert_eq!(ev["date"], "2022-02-09");
    assert_eq!(ev["place"], "石佛园区运营中心");
    assert_eq!(ev["directives"][0]["text"], "要坚定信心");
    assert_eq!(ev["directives"][1]["text"], "要明确路径");
    assert_eq!(ev["directives"][0]["speaker"], "王德敏");
}

#[test]
fn ner_speaks_the_scorer_protocol() {
    let mut child = bin().args(["ner"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all("高新区党工委委员、管委会副主任王德敏到区市场监管局调研\n\n".as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "one output line per input line");
    assert!(lines[1]["entities"].as_array().unwrap().is_empty());
    let ents = lines[0]["entities"].as_array().unwrap();
    assert!(ents.iter().any(|e| e["type"] == "PER" && e["start"] == 15 && e["end"] == 18), "{ents:?}");
}
