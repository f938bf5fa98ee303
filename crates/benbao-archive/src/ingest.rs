//! Ingestion: pages are read, hashed, parsed, extracted and tokenized by
//! worker threads (one per core) and written by one writer thread.
//!
//! Crash safety, by construction:
//! * each page goes into SQLite in one transaction with all its articles and
//!   entities, so a page is stored whole or not at all;
//! * a page whose content hash is stored is skipped, so running again over
//!   the same files adds only what is missing;
//! * the search index is committed every `commit_every` pages and only then
//!   are those pages marked `indexed` in the database; at the start of every
//!   run the pages not marked are (re)indexed, their old documents deleted
//!   first, so the index never misses or doubles a page.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use benbao::{Article, Options, PageDate};
use benbao_layout::page_file;

use crate::index::{self, doc_meta, make_doc, page_term, DocTokens, Fields, INDEX_VERSION};
use crate::paths::{self, Input};
use crate::store::{self, ArticleRecord, PageRecord};
use crate::{db_path, index_path, tokenize, Error};

/// How a run of [`ingest`] or [`ingest_parquet`] reads and stores its pages.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// The paper of every page (else from the path).
    pub paper: Option<String>,
    /// The publication date of every page (else from the path).
    pub date: Option<PageDate>,
    /// Parsing threads (default: one per core).
    pub threads: usize,
    /// Pages between two commits of the search index.
    pub commit_every: usize,
    /// Read the date and paper from the path when the options do not give
    /// them (off for files whose names mean nothing, like uploads).
    pub from_paths: bool,
    /// The home locality of every page (else its paper's, from the
    /// archive's `papers` table); stored for `paper` when both are given.
    pub place: Option<benbao_extract::Jurisdiction>,
    /// The script scans are read in (`Auto`: decided page by page).
    pub script: benbao::Script,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            paper: None,
            date: None,
            threads: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2),
            commit_every: 500,
            from_paths: true,
            place: None,
            script: benbao::Script::Auto,
        }
    }
}

/// Where a run is, for the progress display.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// Files to look at in this run.
    pub total: usize,
    /// Files done (added, skipped or failed).
    pub done: usize,
    /// Pages newly stored in this run.
    pub added: usize,
    /// Already in the archive (same content hash).
    pub skipped: usize,
    /// Files that could not be ingested (unreadable, not a page, no articles), and given
    /// paths, folders or globs that name no page file.
    pub failed: usize,
    /// Articles of the pages added.
    pub articles: usize,
    /// Pages indexed again at the start (left unindexed by an interrupted run).
    pub reindexed: usize,
    /// Time since the run started.
    pub elapsed: Duration,
}

/// What the caller hears during a run.
pub enum Event<'a> {
    /// How far the run is (about every 100 ms, and once at the end).
    Progress(&'a Progress),
    /// A file that could not be ingested, and why.
    Failed {
        /// The file as given or found (a Parquet file and row for [`ingest_parquet`]).
        path: &'a str,
        /// Why it could not be ingested, in words.
        problem: &'a str,
    },
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct IngestReport {
    /// The counts at the end of the run.
    pub progress: Progress,
    /// Every failed file with its problem.
    pub failed: Vec<(String, String)>,
}

enum Msg {
    Page(Box<PageRecord>),
    Skipped,
    Failed(String, String),
}

#[derive(Default)]
struct Shared {
    progress: Progress,
    failures: Vec<(String, String)>,
    reported: usize,
    fatal: Option<String>,
}

/// Ingests files, folders and globs into the archive at `dir` (created when missing).
pub fn ingest(dir: &Path, args: &[String], opts: &IngestOptions, on: &mut dyn FnMut(Event)) -> Result<IngestReport, Error> {
    let start = Instant::now();
    let w = open_for_writing(dir, opts)?;
    let homes = store::paper_places(&w.db)?;
    let (files, problems) = paths::expand(args);
    let shared = Arc::new(Mutex::new(Shared::default()));
    {
        let mut s = shared.lock().unwrap();
        s.progress.total = files.len() + problems.len();
        for (p, m) in problems {
            s.progress.done += 1;
            s.progress.failed += 1;
            s.failures.push((p, m));
        }
    }
    let inputs: Vec<Input> = files
        .into_iter()
        .map(|path| input_of(path, opts, &homes))
        .collect();
    let known = Arc::new(store::known_hashes(&w.db)?);
    let inputs = Arc::new(inputs);
    let next = Arc::new(AtomicUsize::new(0));
    let threads = opts.threads.max(1);
    let (tx, rx) = sync_channel::<Msg>(threads * 4);
    tokenize::warm_up();

    let mut workers = Vec::new();
    for _ in 0..threads {
        let (inputs, next, known, tx) = (inputs.clone(), next.clone(), known.clone(), tx.clone());
        workers.push(std::thread::spawn(move || loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(input) = inputs.get(i) else { break };
            let msg = process(input, &known);
            if tx.send(msg).is_err() {
                break;
            }
        }));
    }
    drop(tx);
    drive(w, rx, shared, workers, opts.commit_every, start, on)
}

/// `benbao ingest --from-parquet DIR`: stores the pages the Spark job read
/// (`DIR/pages`, see [`crate::from_parquet`]) with the same writer, index and
/// progress as [`ingest`]; a page already stored (the same content hash) is
/// skipped, a row that cannot be read is a failed "file" named by its
/// Parquet file and row.
pub fn ingest_parquet(dir: &Path, from: &Path, opts: &IngestOptions, on: &mut dyn FnMut(Event)) -> Result<IngestReport, Error> {
    let start = Instant::now();
    let files = crate::from_parquet::page_files(from)?;
    let w = open_for_writing(dir, opts)?;
    let shared = Arc::new(Mutex::new(Shared::default()));
    let (tx, rx) = sync_channel::<Msg>(16);
    tokenize::warm_up();
    let reader = {
        let shared = shared.clone();
        std::thread::spawn(move || {
            for f in files {
                let mut row = 0usize;
                let r = crate::from_parquet::read_pages(&f, &mut |page| {
                    row += 1;
                    shared.lock().unwrap().progress.total += 1;
                    let msg = match page {
                        Ok(p) => Msg::Page(Box::new(p.into_record())),
                        Err(problem) => Msg::Failed(format!("{} (row {row})", f.display()), problem),
                    };
                    let _ = tx.send(msg);
                });
                if let Err(e) = r {
                    shared.lock().unwrap().progress.total += 1;
                    let _ = tx.send(Msg::Failed(f.display().to_string(), e.to_string()));
                }
            }
        })
    };
    drive(w, rx, shared, vec![reader], opts.commit_every, start, on)
}

/// An archive opened for writing: the lock held, the database and index open.
struct Writing {
    _lock: std::fs::File,
    db: rusqlite::Connection,
    index: tantivy::Index,
    fields: Fields,
}

fn open_for_writing(dir: &Path, opts: &IngestOptions) -> Result<Writing, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::path(dir, e))?;
    // one ingest at a time, from the very start (two runs creating a new
    // archive at once would race to make its tables and index); the lock
    // goes with the process, however it ends
    let lock = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(dir.join("ingest.lock"))?;
    if let Err(std::fs::TryLockError::WouldBlock) = lock.try_lock() {
        return Err(Error::InUse { dir: Some(dir.to_path_buf()), by: "another 'benbao ingest' (wait for it to finish)" });
    }
    let db = store::connect(&db_path(dir))?;
    let (index, fields, created) = index::open(&index_path(dir))?;
    let version_ok = store::get_meta(&db, "index_version")?.as_deref() == Some(INDEX_VERSION);
    if created || !version_ok {
        // a new (or foreign) index: every stored page must be indexed into it
        if !created {
            let mut w: tantivy::IndexWriter = index.writer_with_num_threads(1, 32_000_000)?;
            w.delete_all_documents()?;
            w.commit()?;
        }
        db.execute("UPDATE pages SET indexed = 0", [])?;
        store::set_meta(&db, "index_version", INDEX_VERSION)?;
    }
    if store::get_meta(&db, "created_by")?.is_none() {
        store::set_meta(&db, "created_by", &format!("benbao {}", env!("CARGO_PKG_VERSION")))?;
    }

    if let (Some(paper), Some(place)) = (&opts.paper, &opts.place) {
        store::set_paper_place(&db, paper, place)?;
    }
    Ok(Writing { _lock: lock, db, index, fields })
}

/// Writes what `rx` brings (one writer thread) while reporting progress to
/// `on`, until the producers are done; then the report.
fn drive(
    w: Writing,
    rx: Receiver<Msg>,
    shared: Arc<Mutex<Shared>>,
    workers: Vec<std::thread::JoinHandle<()>>,
    commit_every: usize,
    start: Instant,
    on: &mut dyn FnMut(Event),
) -> Result<IngestReport, Error> {
    let Writing { _lock, db, index, fields } = w;
    let commit_every = commit_every.max(1);
    let writer = {
        let shared = shared.clone();
        std::thread::spawn(move || {
            let r = write_loop(db, index, fields, rx, &shared, commit_every);
            if let Err(e) = &r {
                shared.lock().unwrap().fatal = Some(e.to_string());
            }
            r
        })
    };

    // the calling thread reports progress until the writer is done
    let tick = Duration::from_millis(100);
    loop {
        let finished = writer.is_finished();
        {
            let mut s = shared.lock().unwrap();
            s.progress.elapsed = start.elapsed();
            let from = s.reported;
            let fails: Vec<(String, String)> = s.failures[from..].to_vec();
            s.reported = s.failures.len();
            let p = s.progress.clone();
            drop(s);
            for (path, problem) in &fails {
                on(Event::Failed { path, problem });
            }
            on(Event::Progress(&p));
        }
        if finished {
            break;
        }
        std::thread::sleep(tick);
    }
    let res = writer.join().map_err(|_| Error::new("the writer thread panicked"))?;
    for w in workers {
        let _ = w.join();
    }
    res?;
    let s = shared.lock().unwrap();
    let mut progress = s.progress.clone();
    progress.elapsed = start.elapsed();
    Ok(IngestReport { progress, failed: s.failures.clone() })
}

/// Reads, hashes, parses, extracts and tokenizes one file.
fn process(input: &Input, known: &HashSet<String>) -> Msg {
    let shown = input.path.display().to_string();
    // the file is read twice, in pieces, never held whole: once to hash it
    // (a page stored already is skipped), once to read it
    let open = || std::fs::File::open(&input.path).map(|f| std::io::BufReader::with_capacity(1 << 16, f));
    let hash = match open().and_then(crate::hash::content_hash_of) {
        Ok(h) => h,
        Err(e) => return Msg::Failed(shown, paths::io_problem(&e)),
    };
    if known.contains(&hash) {
        return Msg::Skipped;
    }
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parse_page(&input.path, input, hash)));
    match r {
        Ok(Ok(rec)) => Msg::Page(Box::new(rec)),
        Ok(Err(problem)) => Msg::Failed(shown, problem.to_string()),
        Err(panic) => {
            let what = panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned());
            Msg::Failed(shown, format!("internal error while parsing: {}", what.unwrap_or_else(|| "panic".into())))
        }
    }
}

/// An article with its entities, and the tokens the search index gets for it.
pub fn article_record(a: Article, e: benbao_extract::Entities, page_date: Option<&str>, paper: Option<&str>) -> ArticleRecord {
    let meta = doc_meta(
        a.date.as_deref(),
        page_date,
        paper,
        e.people.iter().map(|p| p.name.clone()).collect(),
        e.organizations.iter().map(|o| o.name.clone()).collect(),
        e.places.iter().map(|p| p.name.clone()).collect(),
        e.events.iter().map(|ev| ev.kind.to_string()).collect(),
    );
    let text = tokenize::search_text([a.kicker.as_deref(), a.overline.as_deref(), a.headline.as_deref(), a.subheadline.as_deref()], &a.text());
    let doc = DocTokens::new(meta, &text);
    ArticleRecord { article: a, entities: e, doc }
}

/// A file to ingest with its date, paper and home locality: the options',
/// else what the path names (`paths::describe`), the home locality from the
/// options, else the paper's in `homes` (the archive's `papers` table).
pub fn input_of(path: PathBuf, opts: &IngestOptions, homes: &std::collections::HashMap<String, benbao_extract::Jurisdiction>) -> Input {
    let (d, p) = if opts.from_paths { paths::describe(&path) } else { (None, None) };
    let paper = opts.paper.clone().or(p);
    let home = opts.place.clone().or_else(|| paper.as_ref().and_then(|p| homes.get(p).cloned()));
    Input { date: opts.date.or(d), paper, home, path, script: opts.script }
}

/// Parses one page file into a record (raw lines as read, articles,
/// entities, index tokens), through the one page reader every entry point
/// uses (`benbao_layout::page_file`).
pub fn parse_page(path: &Path, input: &Input, hash: String) -> Result<PageRecord, Error> {
    let date = input.date.unwrap_or_default();
    let opts = Options { date, script: input.script };
    let mut articles: Vec<Article> = Vec::new();
    let file = page_file::read(path, &opts, true, |a| articles.push(a))?;
    let (summary, raw) = (file.summary, file.raw);
    if articles.is_empty() {
        return Err(Error::NoArticles);
    }
    let page_date = date.iso();
    let mut recs = Vec::with_capacity(articles.len());
    for a in articles {
        let e = benbao_extract::extract_at(&a, &date, input.home.as_ref());
        recs.push(article_record(a, e, page_date.as_deref(), input.paper.as_deref()));
    }
    Ok(PageRecord {
        path: path_string(path),
        paper: input.paper.clone(),
        date: page_date,
        hash,
        encoding: summary.input.encoding.to_string(),
        bytes: summary.input.bytes,
        raw,
        sheets: summary.pages,
        sizes: summary.sizes,
        furniture: summary.furniture,
        warnings: summary.warnings,
        articles: recs,
    })
}

fn path_string(p: &Path) -> String {
    let abs: PathBuf = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    abs.to_string_lossy().into_owned()
}

fn write_loop(
    mut db: rusqlite::Connection,
    index: tantivy::Index,
    fields: Fields,
    rx: Receiver<Msg>,
    shared: &Mutex<Shared>,
    commit_every: usize,
) -> Result<(), Error> {
    let mut iw: tantivy::IndexWriter = index.writer_with_num_threads(1, 96_000_000).map_err(|e| match e {
        tantivy::TantivyError::LockFailure(..) => Error::InUse { dir: None, by: "another 'benbao ingest'" },
        e => e.into(),
    })?;
    let mut pending: Vec<i64> = Vec::new();
    let mut added = false;
    let mut last_commit = Instant::now();
    let commit = |iw: &mut tantivy::IndexWriter, db: &mut rusqlite::Connection, pending: &mut Vec<i64>| -> Result<(), Error> {
        if pending.is_empty() {
            return Ok(());
        }
        iw.commit()?;
        store::mark_indexed(db, pending)?;
        pending.clear();
        Ok(())
    };

    // pages an earlier run stored but did not get into a committed index
    let todo = store::unindexed_pages(&db)?;
    for pid in todo {
        iw.delete_term(page_term(&fields, pid));
        for (aid, doc) in store::page_docs(&db, pid)? {
            iw.add_document(make_doc(&fields, aid, pid, doc))?;
        }
        pending.push(pid);
        shared.lock().unwrap().progress.reindexed += 1;
        if pending.len() >= commit_every {
            commit(&mut iw, &mut db, &mut pending)?;
        }
    }
    commit(&mut iw, &mut db, &mut pending)?;

    for msg in rx {
        match msg {
            Msg::Skipped => {
                let mut s = shared.lock().unwrap();
                s.progress.done += 1;
                s.progress.skipped += 1;
            }
            Msg::Failed(path, problem) => {
                let mut s = shared.lock().unwrap();
                s.progress.done += 1;
                s.progress.failed += 1;
                s.failures.push((path, problem));
            }
            Msg::Page(mut rec) => {
                let tx = db.transaction()?;
                let ids = store::insert_page(&tx, &rec)?;
                tx.commit()?;
                let mut s = shared.lock().unwrap();
                s.progress.done += 1;
                match ids {
                    None => s.progress.skipped += 1,
                    Some((pid, aids)) => {
                        s.progress.added += 1;
                        added = true;
                        s.progress.articles += aids.len();
                        drop(s);
                        for (aid, a) in aids.into_iter().zip(rec.articles.iter_mut()) {
                            iw.add_document(make_doc(&fields, aid, pid, std::mem::take(&mut a.doc)))?;
                        }
                        pending.push(pid);
                    }
                }
                if pending.len() >= commit_every || (!pending.is_empty() && last_commit.elapsed() > Duration::from_secs(30)) {
                    commit(&mut iw, &mut db, &mut pending)?;
                    last_commit = Instant::now();
                }
            }
        }
    }
    commit(&mut iw, &mut db, &mut pending)?;
    // who is who, over the whole archive with the new pages (and after a run
    // that stopped before doing it)
    if added || crate::identity::stale(&db)? {
        let tx = db.transaction()?;
        crate::identity::refresh(&tx)?;
        tx.commit()?;
    }
    iw.wait_merging_threads()?;
    // fold the WAL back into the database file
    let _ = db.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    Ok(())
}
