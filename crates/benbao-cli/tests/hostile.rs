//! The binary under hostile input (the hostile-input issue's defect table):
//! each reproduction gets a clear error or a fast, correct answer.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

mod common;
use common::{bin, TempDir};

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/seed/0000.txt")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// D1: a query nested thousands deep is refused with a reason, not a stack overflow.
#[test]
fn deeply_nested_queries_are_refused() {
    let t = TempDir::new("hostile-d1");
    let arch = t.0.join("a");
    let o = bin().args(["ingest", "--archive", s(&arch), s(&seed())]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    for q in ["(".repeat(20_000) + "x", "NOT ".repeat(3000) + "x", "-(".repeat(3000) + "x"] {
        let o = bin().args(["search", "--archive", s(&arch), "--", &q]).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let e = stderr(&o);
        assert!(e.contains("nested too deeply") || e.contains("too long"), "{e}");
    }
    // and an ordinary one still answers
    let o = bin().args(["search", "--archive", s(&arch), "--json", "王德敏"]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["total"].as_u64().unwrap() >= 1);
}

/// D2: an event sentence repeated over 4 MB (was quadratic: 600 KB took two
/// minutes) is parsed with every event found: each on its own day, since the same
/// inspector's inspections of one day are one event.
#[test]
fn a_long_run_of_event_sentences_is_read_in_linear_time() {
    let t = TempDir::new("hostile-d2");
    let mut text = String::from("本报讯 ");
    let mut n = 0;
    for y in 1901..2100 {
        for m in 1..=12 {
            for d in 1..=28 {
                text.push_str(&format!("{y}年{m}月{d}日，市长张三到郑州调研。"));
                n += 1;
            }
        }
    }
    let page = t.file("r.txt", format!("{text}\n").as_bytes());
    let o = bin().args(["parse", "--quiet", s(&page)]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let arts = v["articles"].as_array().unwrap();
    let events: Vec<&serde_json::Value> = arts.iter().flat_map(|a| a["events"].as_array().unwrap()).collect();
    assert_eq!(events.len(), n, "one inspection per day");
    assert!(events.iter().all(|e| e["actors"] == serde_json::json!(["张三"]) && e["type"] == "inspection"));
    assert_eq!(events[0]["date"], "1901-01-01");
    assert_eq!(events[n - 1]["date"], "2099-12-28");
}

/// D3: a JPEG cut short is an error naming the file, not an article of junk.
#[test]
fn a_truncated_jpeg_is_refused() {
    let t = TempDir::new("hostile-d3");
    // a well-formed start: SOI, APP0 (JFIF), a frame header, a scan header, then data cut off
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    b.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    b.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x10, 0x00, 0x10, 0x01, 0x01, 0x11, 0x00]);
    b.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
    b.extend(std::iter::repeat_n(0x55u8, 3000));
    let p = t.file("t.jpg", &b);
    let o = bin().args(["parse", s(&p)]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("t.jpg") && e.contains("cut short"), "{e}");
}

/// D5: a file with no article fails the same way in parse and ingest.
#[test]
fn no_articles_is_a_failure_for_parse_and_ingest() {
    let t = TempDir::new("hostile-d5");
    let p = t.file("blank.txt", b"   \n\n \t \n");
    let parse = bin().args(["parse", s(&p)]).output().unwrap();
    let ingest = bin().args(["ingest", "--archive", s(&t.0.join("a")), s(&p)]).output().unwrap();
    assert_eq!(parse.status.code(), Some(1), "{}", stderr(&parse));
    assert_eq!(ingest.status.code(), Some(1), "{}", stderr(&ingest));
    for o in [&parse, &ingest] {
        assert!(stderr(o).contains("blank.txt") && stderr(o).contains("no articles found"), "{}", stderr(o));
    }
}

/// D7: links inside a folder that lead nowhere are named, and the rest is ingested.
#[test]
fn dangling_and_looping_links_are_reported() {
    let t = TempDir::new("hostile-d7");
    let pages = t.0.join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    std::fs::copy(seed(), pages.join("good.txt")).unwrap();
    std::os::unix::fs::symlink(pages.join("missing.txt"), pages.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink(pages.join("loop.txt"), pages.join("loop.txt")).unwrap();
    let o = bin().args(["ingest", "--archive", s(&t.0.join("a")), s(&pages)]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("dangling.txt") && e.contains("broken symbolic link"), "{e}");
    assert!(e.contains("loop.txt") && e.contains("symbolic link loop"), "{e}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 added") || e.contains("1 added"), "{e}");
}

/// D8: two ingests making a new archive at once: one waits its turn or is
/// told the archive is in use; no SQL error, and the archive is whole.
#[test]
fn two_ingests_into_a_new_archive() {
    let t = TempDir::new("hostile-d8");
    let arch = t.0.join("a");
    let kids: Vec<_> = (0..2)
        .map(|_| bin().args(["ingest", "--archive", s(&arch), s(&seed())]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap())
        .collect();
    let outs: Vec<Output> = kids.into_iter().map(|k| k.wait_with_output().unwrap()).collect();
    assert!(outs.iter().any(|o| o.status.success()));
    for o in &outs {
        let e = stderr(o);
        assert!(o.status.success() || e.contains("in use"), "{e}");
        assert!(!e.contains("already exists") && !e.contains("database:"), "{e}");
    }
    let o = bin().args(["search", "--archive", s(&arch), "--json", "王德敏"]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

/// D10: UTF-16 without a byte-order mark is read (with a warning), and an
/// export piped into a reader that stops early ends quietly.
#[test]
fn utf16_without_bom_and_a_closed_pipe() {
    let t = TempDir::new("hostile-d10");
    let text = std::fs::read_to_string(seed()).unwrap();
    let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let p = t.file("utf16.txt", &le);
    let o = bin().args(["parse", "--date", "2022-02", s(&p)]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("UTF-16LE"), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["articles"].as_array().unwrap().len(), 6);

    let arch = t.0.join("a");
    assert!(bin().args(["ingest", "--archive", s(&arch), s(&seed())]).output().unwrap().status.success());
    let mut kid = bin().args(["export", "--archive", s(&arch), "--format", "jsonl", "--what", "people"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // read one byte, then close the pipe
    {
        let mut out = kid.stdout.take().unwrap();
        let mut one = [0u8; 1];
        std::io::Read::read_exact(&mut out, &mut one).unwrap();
    }
    let o = kid.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).to_lowercase().contains("broken pipe"), "{}", stderr(&o));
}

/// D12: every command answers --help with its usage.
#[test]
fn every_command_has_help() {
    for cmd in ["parse", "extract", "ner", "bench", "ingest", "papers", "search", "export", "serve", "bench-search"] {
        let o = bin().args([cmd, "--help"]).output().unwrap();
        assert!(o.status.success(), "{cmd}: {}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains(&format!("benbao {cmd}")), "{cmd}: {out}");
    }
    let o = bin().args(["ingest", "-h"]).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("--archive"));
    // input that only looks like help after `--` is input
    let mut kid = bin().args(["ner", "--", "--help"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    kid.stdin.take().unwrap().write_all("王德敏到郑州\n".as_bytes()).unwrap();
    assert!(!String::from_utf8_lossy(&kid.wait_with_output().unwrap().stdout).contains("usage"));
}
