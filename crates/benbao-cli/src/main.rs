//! `benbao`: the command-line tool. A thin layer over the `benbao` library.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

use benbao::{render, Article, Options, PageDate};
use benbao_extract::document;
use benbao_layout::page_file;

mod archive_cmd;
mod bench;

/// `--place NAME`: the paper's home locality.
fn home_place(p: &mut lexopt::Parser) -> Result<benbao_extract::Jurisdiction, String> {
    let v = p.value().map_err(|e| e.to_string())?;
    benbao_extract::Jurisdiction::home(&v.to_string_lossy()).map_err(|e| format!("--place: {e}"))
}

/// `--script auto|simplified|traditional`: the script scans are read in.
pub fn script_arg(p: &mut lexopt::Parser) -> Result<benbao::Script, String> {
    let v = p.value().map_err(|e| e.to_string())?;
    benbao::Script::parse(&v.to_string_lossy()).map_err(|e| format!("--script {e}"))
}

/// `benbao extract`: entities of plain article text.
fn extract_cmd(args: Vec<std::ffi::OsString>) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let mut date = PageDate::default();
    let mut home = None;
    let mut files: Vec<String> = Vec::new();
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('d') | Long("date") => {
                let v = p.value().map_err(|e| e.to_string())?;
                date = PageDate::parse(&v.to_string_lossy()).map_err(|e| format!("--date: {e}"))?;
            }
            Long("place") => home = Some(home_place(&mut p)?),
            Value(v) => files.push(v.to_string_lossy().into_owned()),
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    if files.is_empty() {
        files.push("-".into());
    }
    let mut failed = 0;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for f in &files {
        let mut bytes = Vec::new();
        let res = if f == "-" { io::stdin().read_to_end(&mut bytes) } else { File::open(f).and_then(|mut h| h.read_to_end(&mut bytes)) };
        if let Err(e) = res {
            eprintln!("benbao: {f}: {e}");
            failed += 1;
            continue;
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("benbao: {f}: not UTF-8 text ({e}); parse it with 'benbao parse' first");
                failed += 1;
                continue;
            }
        };
        let j = document::extract_text_json(&text, &date, home.as_ref());
        let _ = writeln!(out, "{}", document::with_source(f, &j));
    }
    let _ = out.flush();
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

const USAGE: &str = "\
benbao — Chinese newspaper pages to clean, structured articles

usage:
  benbao parse [--format json|jsonl|markdown|text] [--date DATE] [--place PLACE] [--script S] [--no-entities] FILE...
  benbao extract [--date DATE] [--place PLACE] FILE...
  benbao ner
  benbao bench [--mb N] [--big-mb N] [--corpus FILE]
  benbao ingest [PATH...] [--archive DIR] [--paper NAME] [--date DATE] [--place PLACE] [--script S] [--threads N]
  benbao ingest --from-parquet DIR [--archive DIR]
  benbao papers [set PAPER --place PLACE] [--archive DIR]
  benbao people [show ID | namesakes | merge ID ID... | split ID... | decisions | undo N] [--name NAME] [--limit N] [--archive DIR]
  benbao search QUERY [--archive DIR] [--from DATE] [--to DATE] [--paper P] [--person NAME] [--org NAME] [--type EVENT] [--year Y] [--limit N] [--facets] [--json]
  benbao export [--archive DIR] --format jsonl|csv|parquet|dta --what articles|people|events|directives|spells|dyads|dyad-counts|panel [--bom] [-o FILE]
  benbao serve [--archive DIR] [--bind HOST:PORT] [--open] [--upload-token-file FILE] [--max-upload-mb N] [--max-connections N]
  benbao bench-search [--archive DIR] [--corpus FILE] [--queries N] [--seed N]
  benbao help

parse   reads page files and prints their articles: raw page text (UTF-8,
        GB18030/GBK or Big5; '-' is standard input), e-paper PDFs (one page or
        many) and scans (PNG, JPEG, TIFF), each known by its first bytes. DATE is the page's publication date as far as
        known: YYYY, YYYY-MM or YYYY-MM-DD.
          --format json      one JSON document per file (default)
          --format jsonl     one JSON line per article, with its source file
          --format markdown  what a person reads
          --format text      plain text, paragraphs indented
          --no-entities      leave out people, organizations, places and events
          --script S         the script scans are printed in: auto (default:
                             tried both ways on each page, and said),
                             simplified or traditional
          --place PLACE      the paper's home locality (郑州高新区, 郾城区 or a
                             division code): what 我区 and a bare 区委 mean
          --quiet            no warnings on standard error
extract reads plain article text (one article a file; paragraphs on lines)
        and prints its people, organizations, places, events and directives.
ner     reads text lines on standard input and prints one JSON line each with
        the person, place and organization spans found (char offsets).
bench   measures parse speed and memory on generated pages (see README).
ingest  stores pages in an archive (default ./benbao-archive: SQLite + search
        index). Every page file parse reads: folders are read recursively
        (*.txt, *.pdf, *.png, *.jpg, *.tif); PDF pages and scans keep where
        each article stands and a picture of the page. Dates and papers come
        from the options or the paths (zzgx/2022-02-14/02.txt). Pages already
        stored are skipped: an interrupted run is finished by running it again.
        With no PATH, an existing archive's search index is brought up to date.
        --from-parquet DIR stores the pages the Spark job wrote (python -m
        benbao.spark ... --out DIR: DIR/pages), already parsed and extracted.
papers  lists each paper's home locality, or sets one (set zzgx --place
        郑州高新区): pages of that paper ingested later read 我区, a bare 区委
        or 管委会 as that locality; ingest --place gives it for one run.
people  who is who across the archive: a person is one name while its
        posts' jurisdictions agree (the same, one within the other: a move
        up or down, or the centre and the provinces), namesakes elsewhere
        are others. Lists the persons
        with the most appearances (one appearance: a name in an article);
        show ID lists one person's appearances with the rule that placed
        each; namesakes, the names held by several persons. merge ID ID...
        (person or appearance ids) makes one person; split ID... takes
        appearances out into a person of their own; decisions lists them,
        undo N takes one back. Decisions are kept in the archive and hold
        through every later ingest.
search  finds articles: terms match inside words too, \"quoted phrases\"
        exactly; AND, OR, NOT or -term, parentheses; paper:, person:, org:,
        type:, year: in the query or as options; --facets counts the hits.
export  writes articles, people, events or directives as JSONL, CSV (--bom
        for Excel) or Parquet, to standard output or -o FILE; and research
        tables: spells (person × post × jurisdiction, first and last date
        seen), dyads (study visits, origin → destination, with codes),
        dyad-counts (visits by origin × destination × year) and
        panel (person × month × event type counts, zero-filled).
serve   serves the archive over HTTP (default 127.0.0.1:8080): the web UI
        (search, articles beside their raw lines, people with a timeline,
        organizations, events) and the JSON API described at /api/openapi.json.
        Read-only unless an upload token is given (--upload-token-file or
        BENBAO_UPLOAD_TOKEN): then POST /api/pages adds pages (--max-upload-mb,
        default 8). --open opens the UI in the desktop's browser. Connections
        that send no request for 10 s are closed; at most --max-connections
        (default 1024) are served at once.
bench-search
        times searches on an archive (see crates/benbao-archive).

Every command takes --help. Exit codes: 0 all went well; 1 some file could
not be read or held no article (each named on standard error, the others
done); 2 the command itself was wrong (usage, options, no archive).
";

/// One command's part of [`USAGE`]: its usage line and its paragraph.
fn command_help(cmd: &str) -> Option<String> {
    let usage_line = USAGE.lines().find(|l| l.trim_start().strip_prefix("benbao ").is_some_and(|r| r.split_whitespace().next() == Some(cmd)))?;
    let mut out = format!("usage:\n{usage_line}\n\n");
    let mut inside = false;
    for l in USAGE.lines().skip_while(|l| !l.is_empty()) {
        if !l.starts_with(' ') && !l.is_empty() {
            inside = l.split_whitespace().next() == Some(cmd);
        }
        if inside {
            out.push_str(l);
            out.push('\n');
        }
    }
    Some(out)
}

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(cmd) = args.next() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest: Vec<std::ffi::OsString> = args.collect();
    // `benbao COMMAND --help` (before any `--`) tells that command's usage
    let wants_help = rest.iter().take_while(|a| *a != "--").any(|a| a == "--help" || a == "-h");
    if let (true, Some(help)) = (wants_help, cmd.to_str().and_then(command_help)) {
        print!("{help}");
        return ExitCode::SUCCESS;
    }
    let result = match cmd.to_str() {
        Some("parse") => parse_cmd(rest),
        Some("bench") => bench::run(rest),
        Some("extract") => extract_cmd(rest),
        Some("ingest") => archive_cmd::ingest(rest),
        Some("search") => archive_cmd::search(rest),
        Some("papers") => archive_cmd::papers(rest),
        Some("people") => archive_cmd::people(rest),
        Some("export") => archive_cmd::export(rest),
        Some("bench-search") => archive_cmd::bench_search(rest),
        Some("serve") => archive_cmd::serve(rest),
        Some("ner") => benbao_ner::run_stdin_stdout().map(|_| ExitCode::SUCCESS).map_err(|e| format!("ner: {e}")),
        Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some("--version" | "-V") => {
            println!("benbao {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(format!("unknown command {:?}; try 'benbao help'", cmd.to_string_lossy())),
    };
    match result {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("benbao: {msg}");
            ExitCode::from(2)
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Json,
    Jsonl,
    Markdown,
    Text,
}

fn parse_cmd(args: Vec<std::ffi::OsString>) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let mut format = Format::Json;
    let mut date = PageDate::default();
    let mut files: Vec<String> = Vec::new();
    let mut quiet = false;
    let mut entities = true;
    let mut home = None;
    let mut script = benbao::Script::Auto;
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long("no-entities") => entities = false,
            Long("script") => script = script_arg(&mut p)?,
            Long("place") => home = Some(home_place(&mut p)?),
            Short('f') | Long("format") => {
                let v = p.value().map_err(|e| e.to_string())?;
                format = match v.to_str() {
                    Some("json") => Format::Json,
                    Some("jsonl") => Format::Jsonl,
                    Some("markdown" | "md") => Format::Markdown,
                    Some("text" | "txt") => Format::Text,
                    _ => return Err(format!("--format {:?}: expected json, jsonl, markdown or text", v)),
                };
            }
            Short('d') | Long("date") => {
                let v = p.value().map_err(|e| e.to_string())?;
                date = PageDate::parse(&v.to_string_lossy()).map_err(|e| format!("--date: {e}"))?;
            }
            Short('q') | Long("quiet") => quiet = true,
            Short('h') | Long("help") => {
                print!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            Value(v) => files.push(v.to_string_lossy().into_owned()),
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    if files.is_empty() {
        return Err("parse needs at least one FILE ('-' for standard input)".into());
    }
    let opts = Options { date, script };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed: Vec<(String, String)> = Vec::new();
    for f in &files {
        match parse_one(f, &opts, home.as_ref(), format, entities, &mut out) {
            Ok(warnings) => {
                if !quiet {
                    for w in warnings {
                        eprintln!("benbao: {f}: warning: {w}");
                    }
                }
            }
            Err(msg) => {
                eprintln!("benbao: {f}: {msg}");
                failed.push((f.clone(), msg));
            }
        }
        if out.flush().is_err() {
            return Ok(ExitCode::from(1)); // stdout closed (e.g. piped into head)
        }
    }
    if failed.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        if files.len() > 1 {
            eprintln!("benbao: {} of {} files failed:", failed.len(), files.len());
            for (f, msg) in &failed {
                eprintln!("  {f}: {msg}");
            }
        }
        Ok(ExitCode::from(1))
    }
}

/// Parses one input and writes it; returns its warnings, or why it failed.
fn parse_one(
    name: &str,
    opts: &Options,
    home: Option<&benbao_extract::Jurisdiction>,
    format: Format,
    entities: bool,
    out: &mut dyn Write,
) -> Result<Vec<String>, String> {
    let mut started = false;
    let mut io_err: Option<io::Error> = None;
    // the JSON (crates/benbao-extract/src/document.rs, shared with the Python package)
    let mut doc = document::Document::new(name, &opts.date, home, entities && matches!(format, Format::Json | Format::Jsonl));
    let mut write_article = |a: Article, out: &mut dyn Write| -> io::Result<()> {
        match format {
            Format::Json => doc.write_article(out, &a)?,
            Format::Jsonl => writeln!(out, "{}", document::with_source(name, &doc.article_json(&a)))?,
            Format::Markdown => {
                if !started {
                    writeln!(out, "# {name}\n")?;
                }
                render::markdown(out, &a)?;
            }
            Format::Text => render::text(out, &a)?,
        }
        started = true;
        Ok(())
    };
    let on = |a| {
        if io_err.is_none() {
            if let Err(e) = write_article(a, out) {
                io_err = Some(e);
            }
        }
    };
    // one reader for every kind of page file (crates/benbao-layout/src/page_file.rs)
    let res = if name == "-" {
        page_file::read_text(io::stdin().lock(), opts, false, on)
    } else {
        page_file::read(std::path::Path::new(name), opts, false, on)
    }
    .map(|p| p.summary);
    if let Some(e) = io_err {
        return Err(format!("cannot write output: {e}"));
    }
    match res {
        Ok(summary) => {
            if format == Format::Json {
                doc.write_tail(out, &summary).map_err(|e| format!("cannot write output: {e}"))?;
            }
            if summary.articles == 0 {
                return Err(benbao::NO_ARTICLES.into());
            }
            Ok(summary.warnings)
        }
        Err(e) => {
            let e = e.to_string();
            if format == Format::Json {
                let _ = doc.write_error(out, &e);
            }
            Err(e)
        }
    }
}
