//! The archive subcommands: `benbao ingest`, `benbao search`, `benbao export`
//! (and the hidden `benbao bench-search`), over the benbao-archive crate.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use benbao::PageDate;
use benbao_archive::export::{Format, What};
use benbao_archive::ingest::Event;
use benbao_archive::search::{mark, SearchRequest, Searcher};
use benbao_archive::{IngestOptions, Progress};

fn val(p: &mut lexopt::Parser) -> Result<String, String> {
    Ok(p.value().map_err(|e| e.to_string())?.to_string_lossy().into_owned())
}

fn num(p: &mut lexopt::Parser, what: &str) -> Result<usize, String> {
    let v = val(p)?;
    v.parse().map_err(|_| format!("{what}: expected a number, got {v:?}"))
}

fn default_archive() -> PathBuf {
    PathBuf::from(benbao_archive::DEFAULT_ARCHIVE)
}

fn fmt_duration(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    } else if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

fn rate(p: &Progress) -> f64 {
    let secs = p.elapsed.as_secs_f64();
    if secs > 0.0 {
        p.done as f64 / secs
    } else {
        0.0
    }
}

fn progress_line(p: &Progress) -> String {
    let r = rate(p);
    let pct = if p.total > 0 { 100.0 * p.done as f64 / p.total as f64 } else { 100.0 };
    let eta = if r > 0.0 && p.done < p.total { format!(" · ETA {}", fmt_duration(Duration::from_secs_f64((p.total - p.done) as f64 / r))) } else { String::new() };
    let mut s = format!("ingest: {}/{} pages ({pct:.0}%) · {r:.1} pages/s{eta} · {} added, {} skipped", p.done, p.total, p.added, p.skipped);
    if p.failed > 0 {
        s.push_str(&format!(", {} failed", p.failed));
    }
    if p.reindexed > 0 {
        s.push_str(&format!(" · {} reindexed", p.reindexed));
    }
    s
}

/// `benbao papers [set PAPER --place PLACE] [--archive DIR]`: the home
/// locality of each paper, read when its pages are ingested.
pub fn papers(args: Vec<OsString>) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let mut dir = default_archive();
    let mut words: Vec<String> = Vec::new();
    let mut place = None;
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('a') | Long("archive") => dir = PathBuf::from(val(&mut p)?),
            Long("place") => place = Some(benbao_extract::Jurisdiction::home(&val(&mut p)?).map_err(|e| format!("--place: {e}"))?),
            Value(v) => words.push(v.to_string_lossy().into_owned()),
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    if !dir.join("archive.db").exists() && words.first().map(String::as_str) != Some("set") {
        return Err(format!("papers: no archive at {} (make one with 'benbao ingest')", dir.display()));
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("papers: {}: {e}", dir.display()))?;
    let db = benbao_archive::store::connect(&benbao_archive::db_path(&dir)).map_err(|e| format!("papers: {e}"))?;
    match words.as_slice() {
        [] => {}
        [set, paper] if set == "set" => {
            let place = place.ok_or("papers set: give the paper's home with --place (郑州高新区, 郾城区 or a division code)")?;
            benbao_archive::store::set_paper_place(&db, paper, &place).map_err(|e| format!("papers: {e}"))?;
            eprintln!("papers: {paper}: {} ({}); pages ingested from now on read 我区 and a bare 区委 as it", place.name, place.code.as_deref().unwrap_or("-"));
        }
        _ => return Err("usage: benbao papers [set PAPER --place PLACE] [--archive DIR]".into()),
    }
    for (paper, j) in benbao_archive::store::paper_places(&db).map_err(|e| format!("papers: {e}"))? {
        println!("{paper}\t{}\t{}", j.name, j.code.unwrap_or_default());
    }
    Ok(ExitCode::SUCCESS)
}

/// `benbao people [show ID | namesakes | merge ID ID... | split ID... | decisions | undo N] [--name NAME] [--limit N] [--archive DIR]`
pub fn people(args: Vec<OsString>) -> Result<ExitCode, String> {
    use benbao_archive::identity;
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let mut dir = default_archive();
    let mut words: Vec<String> = Vec::new();
    let mut name = None;
    let mut limit = 20usize;
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('a') | Long("archive") => dir = PathBuf::from(val(&mut p)?),
            Long("name") => name = Some(val(&mut p)?),
            Short('n') | Long("limit") => limit = val(&mut p)?.parse().map_err(|_| "--limit: expected a number")?,
            Value(v) => words.push(v.to_string_lossy().into_owned()),
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    let mut a = benbao_archive::Archive::open(&dir).map_err(|e| format!("people: {e}"))?;
    let ids = |ws: &[String]| -> Result<Vec<i64>, String> { ws.iter().map(|w| w.parse::<i64>().map_err(|_| format!("people: {w:?}: expected an id"))).collect() };
    let e = |e: benbao_archive::Error| format!("people: {e}");
    let mut out = io::stdout().lock();
    let line = |s: &identity::PersonSummary| {
        let names = if s.other_names.is_empty() { String::new() } else { format!(" (also {})", s.other_names.join(", ")) };
        format!(
            "{}\t{}{names}\t{} appearances, {} papers\t{}\t{} – {}",
            s.id,
            s.name,
            s.appearances,
            s.papers,
            if s.jurisdictions.is_empty() { "-".to_string() } else { s.jurisdictions.join(" ") },
            s.first.as_deref().unwrap_or("?"),
            s.last.as_deref().unwrap_or("?")
        )
    };
    match words.first().map(String::as_str) {
        None => {
            for s in identity::persons(&a.db, name.as_deref(), limit).map_err(e)? {
                let _ = writeln!(out, "{}", line(&s));
            }
        }
        Some("show") => {
            let [id] = ids(&words[1..])?[..] else { return Err("usage: benbao people show ID".into()) };
            let Some((s, apps)) = identity::person(&a.db, id).map_err(e)? else {
                return Err(format!("people: no person {id} ('benbao people' lists them; an appearance's person is in the people export)"));
            };
            let _ = writeln!(out, "{}", line(&s));
            for r in apps {
                let _ = writeln!(
                    out,
                    "  {}\t{}\t{}\tarticle {}\t{}\t{}\t{}",
                    r.id,
                    r.date.as_deref().unwrap_or("?"),
                    r.paper.as_deref().unwrap_or("-"),
                    r.article_id,
                    r.name,
                    if r.posts.is_empty() { "-".to_string() } else { r.posts.join("、") },
                    r.rule
                );
            }
        }
        Some("namesakes") => {
            for (n, persons) in identity::namesakes(&a.db).map_err(e)? {
                let _ = writeln!(out, "{n}: {} persons", persons.len());
                for s in persons {
                    let _ = writeln!(out, "  {}", line(&s));
                }
            }
        }
        Some(kind @ ("merge" | "split")) => {
            let d = identity::decide(&mut a.db, kind, &ids(&words[1..])?).map_err(e)?;
            eprintln!("people: decision {d} ({kind} {}) recorded; 'benbao people undo {d}' takes it back", words[1..].join(" "));
        }
        Some("decisions") => {
            for d in identity::decisions(&a.db).map_err(e)? {
                let _ = writeln!(out, "{}\t{}\t{}", d.id, d.kind, d.appearances.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(" "));
            }
        }
        Some("undo") => {
            let [id] = ids(&words[1..])?[..] else { return Err("usage: benbao people undo N".into()) };
            if !identity::undo(&mut a.db, id).map_err(e)? {
                return Err(format!("people: no decision {id} ('benbao people decisions' lists them)"));
            }
            eprintln!("people: decision {id} taken back");
        }
        Some(w) => return Err(format!("people: {w:?}: expected show, namesakes, merge, split, decisions or undo")),
    }
    Ok(ExitCode::SUCCESS)
}

/// `benbao ingest [PATH...] [--archive DIR] [--paper NAME] [--date DATE] [--script S]`
pub fn ingest(args: Vec<OsString>) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let mut dir = default_archive();
    let mut opts = IngestOptions::default();
    let mut paths: Vec<String> = Vec::new();
    let mut every = 1000usize;
    let mut quiet = false;
    let mut from_parquet: Option<PathBuf> = None;
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('a') | Long("archive") => dir = PathBuf::from(val(&mut p)?),
            Long("from-parquet") => from_parquet = Some(PathBuf::from(val(&mut p)?)),
            Long("paper") => opts.paper = Some(val(&mut p)?).filter(|s| !s.is_empty()),
            Long("place") => opts.place = Some(benbao_extract::Jurisdiction::home(&val(&mut p)?).map_err(|e| format!("--place: {e}"))?),
            Short('d') | Long("date") => {
                let v = val(&mut p)?;
                opts.date = Some(PageDate::parse(&v).map_err(|e| format!("--date: {e}"))?);
            }
            Long("script") => opts.script = crate::script_arg(&mut p)?,
            Short('j') | Long("threads") => opts.threads = num(&mut p, "--threads")?.max(1),
            Long("commit-every") => opts.commit_every = num(&mut p, "--commit-every")?.max(1),
            Long("progress-every") => every = num(&mut p, "--progress-every")?.max(1),
            Short('q') | Long("quiet") => quiet = true,
            Value(v) => paths.push(v.to_string_lossy().into_owned()),
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    if from_parquet.is_some() && !paths.is_empty() {
        return Err("ingest: --from-parquet DIR reads the pages the Spark job wrote; give no other PATH".into());
    }
    // with no files, an existing archive only has its search index brought up to date
    if paths.is_empty() && from_parquet.is_none() && !benbao_archive::db_path(&dir).exists() {
        return Err("ingest: no files or folders given (usage: benbao ingest PATH... [--archive DIR])".into());
    }
    let mut shown = Shown { tty: io::stderr().is_terminal(), quiet, every, last_draw: Instant::now() - Duration::from_secs(1), last_line: 0, drawn: false };
    let mut on = |e: Event| shown.event(e);
    let report = match &from_parquet {
        Some(from) => benbao_archive::ingest_parquet(&dir, from, &opts, &mut on),
        None => benbao_archive::ingest(&dir, &paths, &opts, &mut on),
    }
    .map_err(|e| format!("ingest: {e}"))?;
    if shown.drawn {
        eprintln!();
    }
    Ok(ingest_summary(&dir, &report))
}

/// What ingest shows on standard error as it goes: each file that failed, and
/// progress (a line redrawn 5 times a second on a terminal, else a line
/// every `every` files; nothing with `quiet`).
struct Shown {
    tty: bool,
    quiet: bool,
    every: usize,
    last_draw: Instant,
    last_line: usize,
    /// Whether a progress line stands unfinished on the terminal.
    drawn: bool,
}

impl Shown {
    fn event(&mut self, e: Event) {
        let err = io::stderr();
        let mut err = err.lock();
        match e {
            Event::Failed { path, problem } => {
                if self.drawn {
                    let _ = write!(err, "\r\x1b[K");
                    self.drawn = false;
                }
                let _ = writeln!(err, "benbao: {path}: {problem}");
            }
            Event::Progress(pr) if !self.quiet => {
                if self.tty {
                    if self.last_draw.elapsed() >= Duration::from_millis(200) || pr.done == pr.total {
                        let _ = write!(err, "\r\x1b[K{}", progress_line(pr));
                        let _ = err.flush();
                        self.last_draw = Instant::now();
                        self.drawn = true;
                    }
                } else if pr.done >= self.last_line + self.every && pr.done < pr.total {
                    self.last_line = pr.done - pr.done % self.every;
                    let _ = writeln!(err, "{}", progress_line(pr));
                }
            }
            Event::Progress(_) => {}
        }
    }
}

/// Prints what an ingest did and what the archive holds; exit code 1 if a file failed.
fn ingest_summary(dir: &Path, report: &benbao_archive::IngestReport) -> ExitCode {
    let pr = &report.progress;
    let stats = benbao_archive::Archive::open(dir).and_then(|a| a.stats()).ok();
    let size = benbao_archive::disk_usage(dir);
    let mut out = io::stdout().lock();
    let _ = writeln!(
        out,
        "ingest: {} files in {}: {} added ({} articles), {} already in the archive, {} failed; {:.1} files/s, {:.1} pages added/s",
        pr.total,
        fmt_duration(pr.elapsed),
        pr.added,
        pr.articles,
        pr.skipped,
        pr.failed,
        rate(pr),
        pr.added as f64 / pr.elapsed.as_secs_f64().max(1e-9)
    );
    if pr.reindexed > 0 {
        let _ = writeln!(out, "ingest: {} pages of an interrupted run indexed", pr.reindexed);
    }
    if let Some(s) = stats {
        let _ = writeln!(
            out,
            "archive {}: {} pages, {} articles, {} people, {} events, {} directives; {:.1} MB on disk",
            dir.display(),
            s.pages,
            s.articles,
            s.people,
            s.events,
            s.directives,
            size as f64 / 1e6
        );
    }
    if !report.failed.is_empty() {
        let _ = writeln!(out, "ingest: {} files failed:", report.failed.len());
        for (p, m) in &report.failed {
            let _ = writeln!(out, "  {p}: {m}");
        }
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// `benbao search QUERY [--archive DIR] [--from DATE --to DATE --paper P --person NAME --type EVENT] [--limit N] [--json]`
pub fn search(args: Vec<OsString>) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let mut dir = default_archive();
    let mut req = SearchRequest::default();
    let mut words: Vec<String> = Vec::new();
    let mut json = false;
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('a') | Long("archive") => dir = PathBuf::from(val(&mut p)?),
            Long("from") => req.from = Some(val(&mut p)?),
            Long("to") => req.to = Some(val(&mut p)?),
            Long("paper") => req.paper = Some(val(&mut p)?),
            Long("person") => req.person = Some(val(&mut p)?),
            Long("org") | Long("organization") => req.org = Some(val(&mut p)?),
            Long("place") => req.place = Some(val(&mut p)?),
            Long("type") | Long("event") => req.event_type = Some(val(&mut p)?),
            Long("year") => req.year = Some(val(&mut p)?),
            Short('n') | Long("limit") => req.limit = num(&mut p, "--limit")?.max(1),
            Long("offset") => req.offset = num(&mut p, "--offset")?,
            Long("facets") => req.facets = true,
            Long("snippet") => req.snippet_chars = num(&mut p, "--snippet")?,
            Long("json") => json = true,
            Value(v) => words.push(v.to_string_lossy().into_owned()),
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    for (name, v) in [("--from", &req.from), ("--to", &req.to)] {
        if let Some(v) = v {
            PageDate::parse(v).map_err(|e| format!("{name}: {e}"))?;
        }
    }
    // the words of the command line are the query (quote phrases inside it: '"万人助万企"')
    req.query = words.join(" ");
    let s = Searcher::open(&dir).map_err(|e| format!("search: {e}"))?;
    let res = s.search(&req).map_err(|e| format!("search: {e}"))?;
    let mut out = io::stdout().lock();
    if json {
        let _ = serde_json::to_writer(&mut out, &res);
        let _ = writeln!(out);
        return Ok(ExitCode::SUCCESS);
    }
    let tty = io::stdout().is_terminal();
    let (open, close) = if tty { ("\x1b[1;31m", "\x1b[0m") } else { ("**", "**") };
    let shown = res.hits.len();
    let _ = writeln!(
        out,
        "{} {} ({:.1} ms){}",
        res.total,
        if res.total == 1 { "article" } else { "articles" },
        res.took_ms,
        if shown < res.total { format!(", showing {}–{}", req.offset + 1, req.offset + shown) } else { String::new() }
    );
    for (k, h) in res.hits.iter().enumerate() {
        let date = h.date.as_deref().or(h.page_date.as_deref()).unwrap_or("????-??-??");
        let title = h.headline.as_deref().or(h.kicker.as_deref()).unwrap_or("(no headline)");
        let _ = writeln!(
            out,
            "\n{:>3}. {date}  {}  {title}",
            req.offset + k + 1,
            h.paper.as_deref().unwrap_or("-"),
        );
        let _ = writeln!(out, "     {}", mark(&h.snippet, &h.highlights, open, close));
        let _ = writeln!(out, "     {}:{}-{}  (article {}, score {:.2})", h.path, h.lines[0], h.lines[1], h.article_id, h.score);
    }
    if !res.facets.is_empty() {
        let _ = writeln!(out);
        for (name, counts) in &res.facets {
            let list: Vec<String> = counts.iter().map(|c| format!("{} ({})", c.value, c.count)).collect();
            let _ = writeln!(out, "{name}: {}", if list.is_empty() { "-".to_string() } else { list.join(", ") });
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `benbao export [--archive DIR] --format jsonl|csv|parquet|dta --what articles|people|events|directives|spells|dyads|dyad-counts|panel [--bom] [-o FILE]`
pub fn export(args: Vec<OsString>) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let mut dir = default_archive();
    let mut format = None;
    let mut what = What::Articles;
    let mut bom = false;
    let mut output: Option<PathBuf> = None;
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('a') | Long("archive") => dir = PathBuf::from(val(&mut p)?),
            Short('f') | Long("format") => {
                let v = val(&mut p)?;
                format = Some(Format::parse(&v).ok_or_else(|| format!("--format: {v:?}: expected {}", Format::names()))?);
            }
            Short('w') | Long("what") => {
                let v = val(&mut p)?;
                what = What::parse(&v).ok_or_else(|| format!("--what: {v:?}: expected {}", What::names()))?;
            }
            Long("bom") => bom = true,
            Short('o') | Long("output") => output = Some(PathBuf::from(val(&mut p)?)),
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    let format = match format {
        Some(f) => f,
        None => match output.as_ref().and_then(|o| o.extension()).and_then(|e| e.to_str()).and_then(Format::parse) {
            Some(f) => f,
            None => return Err(format!("export: --format is needed ({}), or an -o FILE with one of those extensions", Format::names())),
        },
    };
    if bom && format != Format::Csv {
        return Err("export: --bom applies to --format csv only".into());
    }
    let a = benbao_archive::Archive::open(&dir).map_err(|e| format!("export: {e}"))?;
    let n = match &output {
        Some(path) => {
            // write next to the target and rename, so a failed export leaves no half file
            let tmp = path.with_extension(format!("{}.part", path.extension().and_then(|e| e.to_str()).unwrap_or("out")));
            let f = std::fs::File::create(&tmp).map_err(|e| format!("export: {}: {e}", tmp.display()))?;
            let mut w = io::BufWriter::with_capacity(1 << 20, f);
            let n = benbao_archive::export::export(&a.db, what, format, bom, &mut w).map_err(|e| format!("export: {e}"))?;
            w.flush().map_err(|e| format!("export: {}: {e}", tmp.display()))?;
            drop(w);
            std::fs::rename(&tmp, path).map_err(|e| format!("export: {}: {e}", path.display()))?;
            n
        }
        None => {
            if format.is_binary() && io::stdout().is_terminal() {
                let name = if format == Format::Dta { "Stata .dta" } else { "Parquet" };
                return Err(format!("export: {name} is binary: give -o FILE or redirect standard output"));
            }
            let mut w = io::BufWriter::with_capacity(1 << 20, io::stdout().lock());
            let r = benbao_archive::export::export(&a.db, what, format, bom, &mut w).and_then(|n| w.flush().map(|_| n).map_err(Into::into));
            match r {
                Ok(n) => n,
                // the reader went away (| head): nothing more is wanted, not an error
                Err(benbao_archive::Error::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
                Err(e) => return Err(format!("export: {e}")),
            }
        }
    };
    if let Some(path) = &output {
        eprintln!("export: {n} rows to {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// `benbao bench-search [--archive DIR] [--corpus FILE] [--queries N] [--seed S]` (hidden): latency and correctness.
pub fn bench_search(args: Vec<OsString>) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let mut dir = default_archive();
    let mut corpus = PathBuf::from("../shared/corpus/xwlb.jsonl");
    let mut n = 1000;
    let mut seed = 1u64;
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('a') | Long("archive") => dir = PathBuf::from(val(&mut p)?),
            Long("corpus") => corpus = PathBuf::from(val(&mut p)?),
            Long("queries") => n = num(&mut p, "--queries")?.max(1),
            Long("seed") => seed = num(&mut p, "--seed")? as u64,
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    let r = benbao_archive::bench::bench_search(&dir, &corpus, n, seed).map_err(|e| format!("bench-search: {e}"))?;
    println!("{}", serde_json::to_string_pretty(&r).unwrap());
    Ok(ExitCode::SUCCESS)
}

/// `benbao serve [--archive DIR] [--bind HOST:PORT] [--threads N] [--upload-token-file FILE] [--max-upload-mb N] [--open]`:
/// the archive over HTTP (JSON API + web UI). Read-only unless an upload
/// token is given (in a file, or in BENBAO_UPLOAD_TOKEN: never on the command
/// line, where other users of the machine could read it).
pub fn serve(args: Vec<OsString>) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let mut config = benbao_serve::Config::new(default_archive());
    let mut open = false;
    let mut token_file: Option<PathBuf> = None;
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('a') | Long("archive") => config.archive = PathBuf::from(val(&mut p)?),
            Long("addr") | Long("bind") | Long("listen") => config.bind = val(&mut p)?,
            Short('p') | Long("port") => config.bind = format!("127.0.0.1:{}", num(&mut p, "--port")?),
            Short('j') | Long("threads") => config.threads = num(&mut p, "--threads")?.max(1),
            Long("upload-token-file") => token_file = Some(PathBuf::from(val(&mut p)?)),
            Long("max-upload-mb") => {
                config.max_upload = num(&mut p, "--max-upload-mb")?.max(1).checked_mul(1 << 20).ok_or("--max-upload-mb: too large")?
            }
            Long("open") => open = true,
            Long("max-connections") => config.max_connections = num(&mut p, "--max-connections")?.max(1),
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    let token = match token_file {
        Some(f) => Some(std::fs::read_to_string(&f).map_err(|e| format!("serve: {}: {e}", f.display()))?.trim().to_string()),
        None => {
            let t = std::env::var("BENBAO_UPLOAD_TOKEN").ok().map(|t| t.trim().to_string());
            // not passed on to the browser --open starts
            std::env::remove_var("BENBAO_UPLOAD_TOKEN");
            t
        }
    };
    if let Some(t) = &token {
        if t.len() < 16 {
            return Err("serve: the upload token is shorter than 16 characters: use a long random one (e.g. `openssl rand -hex 24`)".into());
        }
    }
    config.upload_token = token;
    let dir = config.archive.clone();
    let server = benbao_serve::Server::bind(config).map_err(|e| format!("serve: {e}"))?;
    let url = format!("http://{}/", server.local_addr());
    {
        let mut out = io::stdout().lock();
        let mode = if server.accepts_uploads() { "pages can be added with the upload token (POST /api/pages)" } else { "read-only" };
        let _ = writeln!(out, "benbao serve: {url} (archive {}; {mode}; API described at {url}api/openapi.json; Ctrl-C stops)", dir.display());
        let _ = out.flush();
    }
    if open {
        open_browser(&url);
    }
    server.run_until_interrupted().map_err(|e| format!("serve: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// Opens the URL in the desktop's browser when there is one; says so when not.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") { "open" } else if cfg!(windows) { "explorer" } else { "xdg-open" };
    let has_display = cfg!(any(target_os = "macos", windows)) || std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    let ok = has_display
        && std::process::Command::new(opener).arg(url).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().is_ok();
    if !ok {
        eprintln!("benbao serve: no desktop browser to open here: open {url} yourself");
    }
}
