//! `benbao bench`: parse speed and memory on pages like the ones users have.
//!
//! The input is made of real page files (the dev set in `../shared/data/dev`
//! when it is there, else the pages bundled in `tests/fixtures`), repeated
//! without page breaks until the wanted size, and streamed from memory, so
//! the disk is not measured. Each size runs in a child process, so that its
//! peak resident memory (VmHWM) is its own.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use benbao::{render, Options};

struct Args {
    mb: usize,
    big_mb: usize,
    /// Time extraction of one long article at 1, 4 and 16 MB instead.
    linear: bool,
    pages: Option<PathBuf>,
    child: Option<(String, usize)>,
}

fn parse_args(args: Vec<std::ffi::OsString>) -> Result<Args, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let mut a = Args { mb: 10, big_mb: 1024, linear: false, pages: None, child: None };
    let mut child_mode = None;
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long("mb") => a.mb = p.value().map_err(|e| e.to_string())?.parse().map_err(|e: lexopt::Error| e.to_string())?,
            Long("big-mb") => a.big_mb = p.value().map_err(|e| e.to_string())?.parse().map_err(|e: lexopt::Error| e.to_string())?,
            Long("linear") => a.linear = true,
            Long("pages") => a.pages = Some(PathBuf::from(p.value().map_err(|e| e.to_string())?)),
            Long("child") => child_mode = Some(p.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?),
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    if let Some(m) = child_mode {
        a.child = Some((m, a.mb));
    }
    Ok(a)
}

/// The page texts to repeat.
fn load_pages(dir: Option<&Path>) -> Result<(Vec<u8>, String), String> {
    let candidates: Vec<PathBuf> = match dir {
        Some(d) => vec![d.to_path_buf()],
        None => vec![PathBuf::from("../shared/data/dev"), PathBuf::from("tests/fixtures/layouts"), PathBuf::from("tests/fixtures/seed")],
    };
    for d in candidates {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        let mut files: Vec<PathBuf> =
            rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
        files.sort();
        if files.is_empty() {
            continue;
        }
        let mut all = Vec::new();
        for f in &files {
            let t = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
            // one file may hold CRLF or form feeds; keep them: they are input too
            all.extend_from_slice(&t);
            all.extend_from_slice(b"\n");
        }
        let what = format!("{} ({} pages, {:.2} MB)", d.display(), files.len(), all.len() as f64 / 1e6);
        return Ok((all, what));
    }
    Err("bench: no page files found (run it from the repository root, or give --pages DIR)".into())
}

/// Streams `size` bytes made of `pages` repeated.
struct Repeat<'a> {
    pages: &'a [u8],
    pos: usize,
    left: usize,
}

impl Read for Repeat<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Ok(0);
        }
        let n = buf.len().min(self.left).min(self.pages.len() - self.pos);
        buf[..n].copy_from_slice(&self.pages[self.pos..self.pos + n]);
        self.pos = (self.pos + n) % self.pages.len();
        self.left -= n;
        Ok(n)
    }
}

/// Counts bytes written, throws them away.
struct Sink(u64);
impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.0 += b.len() as u64;
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

/// The naive baseline: every blank-line block is one paragraph, its lines joined as they are.
fn naive(r: impl Read, out: &mut impl Write) -> io::Result<usize> {
    let mut reader = io::BufReader::with_capacity(1 << 16, r);
    let mut line = String::new();
    let mut para = String::new();
    let mut n = 0;
    use io::BufRead;
    loop {
        line.clear();
        let k = reader.read_line(&mut line)?;
        let t = line.trim();
        if k == 0 || t.is_empty() {
            if !para.is_empty() {
                n += 1;
                writeln!(out, "{}", serde_json::to_string(&para).unwrap())?;
                para.clear();
            }
            if k == 0 {
                return Ok(n);
            }
            continue;
        }
        para.push_str(t);
    }
}

fn child(mode: &str, mb: usize, pages: &[u8]) -> Result<ExitCode, String> {
    // end at a line end, never inside a character
    let mut size = mb * 1_000_000;
    while pages[(size - 1) % pages.len()] != b'\n' {
        size += 1;
    }
    let input = Repeat { pages, pos: 0, left: size };
    let mut sink = Sink(0);
    let t = Instant::now();
    let articles = match mode {
        "benbao" => {
            let mut n = 0;
            let opts = Options::default();
            benbao::parse_reader(input, &opts, |a| {
                n += 1;
                sink.write_all(render::json(&a).as_bytes()).unwrap();
                sink.write_all(b"\n").unwrap();
            })
            .map_err(|e| e.to_string())?;
            n
        }
        "extract" => {
            let mut n = 0;
            let opts = Options::default();
            benbao::parse_reader(input, &opts, |a| {
                n += 1;
                let e = benbao_extract::extract(&a, &opts.date);
                sink.write_all(serde_json::to_string(&(&a, &e)).unwrap().as_bytes()).unwrap();
                sink.write_all(b"\n").unwrap();
            })
            .map_err(|e| e.to_string())?;
            n
        }
        "naive" => naive(input, &mut sink).map_err(|e| e.to_string())?,
        // one article of `size` bytes on one line: the same undated sentence
        // again and again (the input that was quadratic), or the pages' text
        // with its line ends taken out (many names, places and events)
        "long-repeated" | "long-pages" => {
            let body: String = if mode == "long-repeated" {
                "市长张三到郑州调研。".repeat(size / "市长张三到郑州调研。".len() + 1)
            } else {
                let flat: String = String::from_utf8_lossy(pages).chars().filter(|c| !c.is_whitespace()).collect();
                flat.repeat(size / flat.len().max(1) + 1)
            };
            let mut cut = size.min(body.len());
            while !body.is_char_boundary(cut) {
                cut -= 1;
            }
            let text = format!("本报讯 {}", &body[..cut]);
            let t = Instant::now();
            let mut n = 0;
            let opts = Options::default();
            benbao::parse_reader(text.as_bytes(), &opts, |a| {
                n += 1;
                let e = benbao_extract::extract(&a, &opts.date);
                sink.write_all(serde_json::to_string(&(&a, &e)).unwrap().as_bytes()).unwrap();
            })
            .map_err(|e| e.to_string())?;
            println!("{} {} {:.4} {} {}", mode, text.len(), t.elapsed().as_secs_f64(), n, peak_rss_kib());
            return Ok(ExitCode::SUCCESS);
        }
        _ => return Err(format!("bench: unknown mode {mode}")),
    };
    let secs = t.elapsed().as_secs_f64();
    println!("{} {} {:.4} {} {}", mode, size, secs, articles, peak_rss_kib());
    Ok(ExitCode::SUCCESS)
}

/// Runs one child measurement: (bytes, seconds, articles, peak RSS KiB).
fn measure(exe: &Path, mode: &str, mb: usize, pages: Option<&Path>) -> Result<(f64, f64, String, f64), String> {
    let mut cmd = Command::new(exe);
    cmd.args(["bench", "--child", mode, "--mb", &mb.to_string()]);
    if let Some(p) = pages {
        cmd.arg("--pages").arg(p);
    }
    let out = cmd.output().map_err(|e| format!("bench: cannot run child: {e}"))?;
    if !out.status.success() {
        return Err(format!("bench: child failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let s = String::from_utf8_lossy(&out.stdout);
    let f: Vec<&str> = s.split_whitespace().collect();
    let num = |k: usize| f.get(k).and_then(|x| x.parse::<f64>().ok()).ok_or_else(|| format!("bench: unexpected child output {s:?}"));
    Ok((num(1)?, num(2)?, f.get(3).unwrap_or(&"?").to_string(), num(4)? / 1024.0))
}

/// `--linear`: parse + extract of one long article at 1, 4 and 16 MB; time
/// linear in the size gives ratios of 4.
fn linear(exe: &Path, what: &str, pages: Option<&Path>) -> Result<ExitCode, String> {
    println!("benbao bench --linear: one article on one line, parse + extract, one core (pages text from {what})");
    println!();
    println!("| input | 1 MB | 4 MB | 16 MB | 4 MB / 1 MB | 16 MB / 4 MB | peak RSS at 16 MB |");
    println!("|---|---|---|---|---|---|---|");
    for (mode, label) in [("long-repeated", "市长张三到郑州调研。 repeated"), ("long-pages", "dev pages, line ends removed")] {
        let mut times = Vec::new();
        let mut rss = 0.0;
        for mb in [1, 4, 16] {
            let (_, secs, _, r) = measure(exe, mode, mb, pages)?;
            times.push(secs);
            rss = r;
        }
        println!(
            "| {label} | {:.2} s | {:.2} s | {:.2} s | {:.2} | {:.2} | {rss:.0} MiB |",
            times[0],
            times[1],
            times[2],
            times[1] / times[0],
            times[2] / times[1]
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(args: Vec<std::ffi::OsString>) -> Result<ExitCode, String> {
    let a = parse_args(args)?;
    let (pages, what) = load_pages(a.pages.as_deref())?;
    if let Some((mode, mb)) = &a.child {
        return child(mode, *mb, &pages);
    }
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    if a.linear {
        return linear(&exe, &what, a.pages.as_deref());
    }
    println!("benbao bench: input made of {what}, repeated, one core, output JSON to a sink");
    println!();
    println!("| run | input | time | MB/s | articles | peak RSS |");
    println!("|---|---|---|---|---|---|");
    let mut speeds = std::collections::HashMap::new();
    let runs: Vec<(&str, usize)> = vec![("naive", a.mb), ("benbao", a.mb), ("extract", a.mb), ("benbao", a.big_mb)];
    for (mode, mb) in runs {
        if mb == 0 {
            continue;
        }
        let (size, secs, articles, rss) = measure(&exe, mode, mb, a.pages.as_deref())?;
        let mbps = size / 1e6 / secs;
        speeds.insert((mode, mb), mbps);
        println!(
            "| {} | {} MB | {secs:.2} s | {mbps:.1} | {} | {:.1} MiB |",
            match mode {
                "naive" => "naive baseline (join blank-line blocks)",
                "benbao" => "benbao parse (reflow + segmentation + dates)",
                _ => "benbao parse + extract (people, orgs, places, events)",
            },
            mb,
            articles,
            rss
        );
    }
    if let (Some(b), Some(n)) = (speeds.get(&("benbao", a.mb)), speeds.get(&("naive", a.mb))) {
        println!();
        println!("benbao runs at {:.2}x the naive baseline's speed (reflow + segmentation + dates vs joining blank-line blocks)", b / n);
    }
    Ok(ExitCode::SUCCESS)
}
