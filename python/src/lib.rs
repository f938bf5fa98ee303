//! `benbao._benbao`: the native half of the Python package (`python/benbao`
//! is the other). Thin on purpose: every rule is the Rust crates' own — the
//! page reader (`benbao_layout::page_file`), the JSON documents of `benbao
//! parse` and `benbao extract` (`benbao_extract::document`), the paper and
//! date a path names (`benbao_archive::paths`), search and the export tables
//! (`benbao_archive`). Each call releases the GIL while it works.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use benbao::{Options, PageDate, Script};
use benbao_archive::export::{self, Format, What};
use benbao_archive::search::{SearchRequest, Searcher};
use benbao_archive::{paths, Archive};
use benbao_extract::document::{self, Document};
use benbao_extract::Jurisdiction;
use benbao_layout::page_file::{self, PageKind};
use pyo3::create_exception;
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

create_exception!(benbao, PageError, PyValueError, "A page file (or page text) that cannot be read, or holds no article; the message names the file and the problem.");
create_exception!(benbao, ArchiveError, PyOSError, "An archive that cannot be opened or read.");
create_exception!(benbao, QueryError, PyValueError, "A search query or filter the archive refuses (syntax, limits, dates).");

/// The options of a call, read from Python's arguments (errors are the caller's, a ValueError).
fn options(date: Option<&str>, script: &str) -> PyResult<Options> {
    let date = match date {
        Some(d) => PageDate::parse(d).map_err(|e| PyValueError::new_err(format!("date: {e}")))?,
        None => PageDate::default(),
    };
    let script = Script::parse(script).map_err(|e| PyValueError::new_err(format!("script: {e}")))?;
    Ok(Options { date, script })
}

fn home(place: Option<&str>) -> PyResult<Option<Jurisdiction>> {
    place.map(|p| Jurisdiction::home(p).map_err(|e| PyValueError::new_err(format!("place: {e}")))).transpose()
}

/// Where a page comes from.
enum Source<'a> {
    Path(&'a Path),
    Bytes(&'a [u8]),
}

static TEMP_COUNT: AtomicU64 = AtomicU64::new(0);

/// A PDF or scan given as bytes goes to the layout reader as a file (poppler
/// and Tesseract read files): written to a temporary file removed after.
struct TempPage(PathBuf);

impl TempPage {
    fn new(bytes: &[u8], ext: &str) -> Result<TempPage, String> {
        let n = TEMP_COUNT.fetch_add(1, Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("benbao-page-{}-{n}.{ext}", std::process::id()));
        std::fs::write(&p, bytes).map_err(|e| format!("cannot write a temporary copy {}: {e}", p.display()))?;
        Ok(TempPage(p))
    }
}

impl Drop for TempPage {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Reads one page file into its JSON document (and its raw lines when
/// `keep_raw`): the document `benbao parse --format json` prints. A file that
/// holds no article is an error, as in `parse`.
fn read_document(
    name: &str,
    src: Source,
    opts: &Options,
    home: Option<&Jurisdiction>,
    entities: bool,
    keep_raw: bool,
) -> Result<(String, String), String> {
    let mut out: Vec<u8> = Vec::new();
    let mut doc = Document::new(name, &opts.date, home, entities);
    let mut write_err = None;
    let on = |a: benbao::Article| {
        if let Err(e) = doc.write_article(&mut out, &a) {
            write_err = Some(e);
        }
    };
    let res = match src {
        Source::Path(p) => page_file::read(p, opts, keep_raw, on),
        Source::Bytes(b) => match page_file::kind_of(&b[..b.len().min(1024)]) {
            PageKind::Text => page_file::read_text(Cursor::new(b).chain(std::io::empty()), opts, keep_raw, on),
            kind @ PageKind::Layout(_) => {
                let tmp = TempPage::new(b, kind.extension())?;
                page_file::read(&tmp.0, opts, keep_raw, on)
            }
        },
    };
    if let Some(e) = write_err {
        return Err(format!("internal error writing JSON: {e}"));
    }
    let file = res.map_err(|e| e.to_string())?;
    doc.write_tail(&mut out, &file.summary).map_err(|e| e.to_string())?;
    if file.summary.articles == 0 {
        return Err(benbao::NO_ARTICLES.into());
    }
    Ok((String::from_utf8(out).expect("JSON is UTF-8"), file.raw))
}

fn page_error(name: &str, problem: String) -> PyErr {
    PageError::new_err(format!("{name}: {problem}"))
}

/// Parses the page file at `path`; returns the JSON of `benbao parse --format json`.
#[pyfunction]
#[pyo3(signature = (path, date=None, place=None, script="auto", entities=true))]
fn parse_path(py: Python<'_>, path: &str, date: Option<&str>, place: Option<&str>, script: &str, entities: bool) -> PyResult<String> {
    let opts = options(date, script)?;
    let home = home(place)?;
    py.detach(|| read_document(path, Source::Path(Path::new(path)), &opts, home.as_ref(), entities, false))
        .map(|(j, _)| j)
        .map_err(|e| page_error(path, e))
}

/// Parses a page file's bytes (text in any supported encoding, a PDF, a scan);
/// `source` names it in the JSON and in errors.
#[pyfunction]
#[pyo3(signature = (data, source, date=None, place=None, script="auto", entities=true))]
fn parse_bytes(
    py: Python<'_>,
    data: &[u8],
    source: &str,
    date: Option<&str>,
    place: Option<&str>,
    script: &str,
    entities: bool,
) -> PyResult<String> {
    let opts = options(date, script)?;
    let home = home(place)?;
    py.detach(|| read_document(source, Source::Bytes(data), &opts, home.as_ref(), entities, false))
        .map(|(j, _)| j)
        .map_err(|e| page_error(source, e))
}

/// Reads one page file as `ingest` does: the date and paper from the path
/// unless given. Returns (JSON document, raw lines, date, paper).
#[pyfunction]
#[pyo3(signature = (path, date=None, paper=None, place=None, script="auto"))]
fn read_page(
    py: Python<'_>,
    path: &str,
    date: Option<&str>,
    paper: Option<String>,
    place: Option<&str>,
    script: &str,
) -> PyResult<(String, String, Option<String>, Option<String>)> {
    let mut opts = options(date, script)?;
    let home = home(place)?;
    let (path_date, path_paper) = paths::describe(Path::new(path));
    if date.is_none() {
        opts.date = path_date.unwrap_or_default();
    }
    let paper = paper.or(path_paper);
    let date = opts.date.iso();
    let (j, raw) = py
        .detach(|| read_document(path, Source::Path(Path::new(path)), &opts, home.as_ref(), true, true))
        .map_err(|e| page_error(path, e))?;
    Ok((j, raw, date, paper))
}

/// The paper and date a path names, as `ingest` reads them: (date, paper).
#[pyfunction]
fn describe(path: &str) -> (Option<String>, Option<String>) {
    let (d, paper) = paths::describe(Path::new(path));
    (d.and_then(|d| d.iso()), paper)
}

/// Files, folders (recursive, every page kind) and globs → (files, [(path, problem)]).
#[pyfunction]
fn expand(py: Python<'_>, paths_: Vec<String>) -> (Vec<String>, Vec<(String, String)>) {
    py.detach(|| {
        let (files, problems) = paths::expand(&paths_);
        (files.into_iter().map(|p| p.to_string_lossy().into_owned()).collect(), problems)
    })
}

/// Plain article text → the JSON `benbao extract` prints (without `source`).
#[pyfunction]
#[pyo3(signature = (text, date=None, place=None))]
fn extract_text(py: Python<'_>, text: &str, date: Option<&str>, place: Option<&str>) -> PyResult<String> {
    let opts = options(date, "auto")?;
    let home = home(place)?;
    Ok(py.detach(|| document::extract_text_json(text, &opts.date, home.as_ref())))
}

fn archive_error(e: benbao_archive::Error) -> PyErr {
    if e.is_bad_request() {
        QueryError::new_err(e.to_string())
    } else {
        ArchiveError::new_err(e.to_string())
    }
}

fn what_of(what: &str) -> PyResult<What> {
    What::parse(what).ok_or_else(|| {
        PyValueError::new_err(format!("{what:?}: expected {}", What::names()))
    })
}

/// A table of `benbao export --format parquet` with no rows: its columns and types.
#[pyfunction]
fn table_schema<'py>(py: Python<'py>, what: &str) -> PyResult<Bound<'py, PyBytes>> {
    let bytes = export::empty_table(what_of(what)?, Format::Parquet).map_err(archive_error)?;
    Ok(PyBytes::new(py, &bytes))
}

/// One table of `benbao export --format parquet --what WHAT`, as Parquet bytes.
#[pyfunction]
fn export_parquet<'py>(py: Python<'py>, dir: &str, what: &str) -> PyResult<Bound<'py, PyBytes>> {
    let w = what_of(what)?;
    let bytes = py
        .detach(|| -> Result<Vec<u8>, benbao_archive::Error> {
            let a = Archive::open(Path::new(dir))?;
            let mut out = Vec::new();
            export::export(&a.db, w, Format::Parquet, false, &mut out)?;
            Ok(out)
        })
        .map_err(archive_error)?;
    Ok(PyBytes::new(py, &bytes))
}

/// Row counts of an archive, as JSON (an error when `dir` holds none).
#[pyfunction]
fn archive_stats(py: Python<'_>, dir: &str) -> PyResult<String> {
    py.detach(|| -> Result<String, benbao_archive::Error> {
        let a = Archive::open(Path::new(dir))?;
        Ok(serde_json::to_string(&a.stats()?).unwrap())
    })
    .map_err(archive_error)
}

/// `benbao search --json`: the hits (and facets) of a query, as JSON.
#[pyfunction]
#[pyo3(signature = (dir, query, from_=None, to=None, paper=None, person=None, org=None, place=None, event_type=None, year=None, limit=20, offset=0, facets=false, snippet=None))]
#[allow(clippy::too_many_arguments)]
fn search_json(
    py: Python<'_>,
    dir: &str,
    query: String,
    from_: Option<String>,
    to: Option<String>,
    paper: Option<String>,
    person: Option<String>,
    org: Option<String>,
    place: Option<String>,
    event_type: Option<String>,
    year: Option<String>,
    limit: usize,
    offset: usize,
    facets: bool,
    snippet: Option<usize>,
) -> PyResult<String> {
    for (name, v) in [("from_", &from_), ("to", &to)] {
        if let Some(v) = v {
            PageDate::parse(v).map_err(|e| QueryError::new_err(format!("{name}: {e}")))?;
        }
    }
    let mut req = SearchRequest { query, from: from_, to, paper, person, org, place, event_type, year, limit: limit.max(1), offset, facets, ..Default::default() };
    if let Some(n) = snippet {
        req.snippet_chars = n;
    }
    py.detach(|| -> Result<String, benbao_archive::Error> {
        let s = Searcher::open(Path::new(dir))?;
        let res = s.search(&req)?;
        Ok(serde_json::to_string(&res).unwrap())
    })
    .map_err(archive_error)
}

/// The tables the Spark job writes, in the order [`page_tables`] returns them.
const SPARK_TABLES: [(&str, What); 4] = [("articles", What::Articles), ("people", What::People), ("events", What::Events), ("dyads", What::Dyads)];

/// One page file's bytes → its rows of `benbao export --what articles,
/// people, events, dyads` as Parquet bytes each, read as `benbao ingest`
/// reads the file at `path` (paper and date from the path unless given,
/// the same parse, extraction and tables; ids count from 1 within the page).
/// Scans (PNG, JPEG, TIFF) are read only with `ocr`. Returns (page date,
/// paper, content hash, the page record as JSON, [(table, parquet)]); a page
/// that cannot be read raises PageError.
#[pyfunction]
#[pyo3(signature = (data, path, date=None, paper=None, place=None, script="auto", ocr=false))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn page_tables<'py>(
    py: Python<'py>,
    data: &[u8],
    path: &str,
    date: Option<&str>,
    paper: Option<String>,
    place: Option<&str>,
    script: &str,
    ocr: bool,
) -> PyResult<(Option<String>, Option<String>, String, String, Vec<(&'static str, Bound<'py, PyBytes>)>)> {
    let opts = options(date, script)?;
    let ingest_opts = benbao_archive::IngestOptions {
        paper,
        date: date.map(|_| opts.date),
        place: home(place)?,
        script: opts.script,
        ..Default::default()
    };
    let input = benbao_archive::ingest::input_of(PathBuf::from(path), &ingest_opts, &Default::default());
    let (page_date, paper) = (input.date.and_then(|d| d.iso()), input.paper.clone());
    let tables = py
        .detach(|| -> Result<(String, String, Vec<Vec<u8>>), String> {
            let kind = page_file::kind_of(&data[..data.len().min(1024)]);
            if let (false, PageKind::Layout(k)) = (ocr, kind) {
                if !matches!(k, benbao_layout::FileKind::Pdf) {
                    return Err(format!("a scan ({}): give --ocr to read scans with Tesseract", benbao_layout::kind_name(k)));
                }
            }
            let hash = benbao_archive::hash::content_hash(data);
            let tmp = TempPage::new(data, kind.extension())?;
            let mut rec = benbao_archive::ingest::parse_page(&tmp.0, &input, hash.clone()).map_err(|e| e.to_string())?;
            rec.path = path.to_string();
            let whats: Vec<What> = SPARK_TABLES.iter().map(|t| t.1).collect();
            let t = export::page_tables(&rec, &whats, Format::Parquet).map_err(|e| e.to_string())?;
            // the page as ingest stores it, for `benbao ingest --from-parquet`
            let record = serde_json::to_string(&rec).map_err(|e| e.to_string())?;
            Ok((hash, record, t))
        })
        .map_err(|e| page_error(path, e))?;
    let (hash, record, bytes) = tables;
    let out = SPARK_TABLES.iter().zip(bytes).map(|((name, _), b)| (*name, PyBytes::new(py, &b))).collect();
    Ok((page_date, paper, hash, record, out))
}

#[pymodule]
fn _benbao(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("PageError", m.py().get_type::<PageError>())?;
    m.add("ArchiveError", m.py().get_type::<ArchiveError>())?;
    m.add("QueryError", m.py().get_type::<QueryError>())?;
    m.add_function(wrap_pyfunction!(parse_path, m)?)?;
    m.add_function(wrap_pyfunction!(parse_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(read_page, m)?)?;
    m.add_function(wrap_pyfunction!(describe, m)?)?;
    m.add_function(wrap_pyfunction!(expand, m)?)?;
    m.add_function(wrap_pyfunction!(extract_text, m)?)?;
    m.add_function(wrap_pyfunction!(export_parquet, m)?)?;
    m.add_function(wrap_pyfunction!(search_json, m)?)?;
    m.add_function(wrap_pyfunction!(archive_stats, m)?)?;
    m.add_function(wrap_pyfunction!(page_tables, m)?)?;
    m.add_function(wrap_pyfunction!(table_schema, m)?)?;
    Ok(())
}
