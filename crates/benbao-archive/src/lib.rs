//! benbao-archive: a searchable archive of newspaper pages.
//!
//! An archive is a folder:
//!
//! * `archive.db` — SQLite (WAL mode): every page's raw text, its articles,
//!   paragraphs and entities (schema in SCHEMA.md, versioned with
//!   `PRAGMA user_version`, see [`schema`]);
//! * `index/` — a tantivy index over the articles with a Chinese tokenizer
//!   ([`tokenize`]): words (jieba-rs) for ranking, character bigrams for exact
//!   phrase and substring matching; filters and facets on date, paper,
//!   people, organizations, places and event types.
//!
//! [`ingest()`] fills it (parallel parsing, one writer, idempotent and
//! resumable), [`search`] queries it, [`export`] writes tables for pandas, R,
//! Stata and DuckDB, [`browse`] reads articles, people, organizations and events
//! for the web UI and its API (`benbao-serve`).
#![warn(missing_docs)]

pub mod bench;
pub mod browse;
pub mod dta;
pub mod export;
pub mod from_parquet;
pub mod hash;
pub mod identity;
pub mod index;
pub mod ingest;
pub mod parquet;
pub mod paths;
pub mod schema;
pub mod search;
pub mod store;
pub mod tokenize;

use std::fmt;
use std::path::{Path, PathBuf};

pub use ingest::{ingest, ingest_parquet, IngestOptions, IngestReport, Progress};
pub use search::{SearchRequest, SearchResults};

/// A JSON column read as `T`; None when NULL or not of that shape.
pub(crate) fn json_of<T: serde::de::DeserializeOwned>(s: Option<String>) -> Option<T> {
    s.and_then(|s| serde_json::from_str(&s).ok())
}

/// A JSON list column; empty when NULL or not a list of texts.
pub(crate) fn json_list(s: Option<String>) -> Vec<String> {
    json_of(s).unwrap_or_default()
}

/// What went wrong, in words for the person at the terminal.
#[derive(Debug)]
pub enum Error {
    /// A query the archive refuses to run (too long, too deep, too many
    /// terms): the caller's to change (the server answers 400).
    Query(search::QueryError),
    /// A date bound of a search (`--from`, `--to`) that is not a date.
    BadDate {
        /// The option whose value it is: `--from` or `--to`.
        bound: &'static str,
        /// Why it is not a date (the date parser's words).
        why: String,
    },
    /// A decision about persons that cannot be taken (too few appearances,
    /// an appearance the archive does not hold): the caller's to change.
    Decision(String),
    /// There is no archive in the folder.
    NoArchive(PathBuf),
    /// Another process holds the archive: `by` says which and what to do.
    InUse {
        /// The archive folder, when known (None when the database or the
        /// index reported the lock, not the folder's `ingest.lock`).
        dir: Option<PathBuf>,
        /// Who holds it and what to do, in words (`another 'benbao ingest'
        /// (wait for it to finish)`).
        by: &'static str,
    },
    /// The archive's schema is newer than this benbao knows.
    NewerSchema {
        /// The archive's schema version (`PRAGMA user_version`).
        have: i64,
        /// The newest schema version this benbao knows ([`schema::VERSION`]).
        known: i64,
    },
    /// The search index was made by another benbao version.
    StaleIndex(PathBuf),
    /// The archive changed while an export read it.
    Changed,
    /// A page file that cannot be read (benbao-layout's reader says why).
    Page(benbao_layout::Error),
    /// A page file read whole that holds no article.
    NoArticles,
    /// The SQLite database failed.
    Database(rusqlite::Error),
    /// The tantivy index failed.
    Index(tantivy::TantivyError),
    /// A Parquet file that cannot be read.
    Parquet {
        /// The Parquet file.
        path: PathBuf,
        /// What the Parquet reader says is wrong with it.
        source: ::parquet::errors::ParquetError,
    },
    /// Reading or writing a file failed.
    Io(std::io::Error),
    /// Reading or writing the file or folder `path` failed.
    Path {
        /// The file or folder.
        path: PathBuf,
        /// The failure, as the system reports it.
        source: std::io::Error,
    },
    /// Writing an export failed (other than the reader going away, which
    /// stays [`Error::Io`] with [`std::io::ErrorKind::BrokenPipe`]).
    Export(std::io::Error),
    /// Anything else, in words.
    Other(String),
}

impl Error {
    /// An error in words.
    pub fn new(msg: impl Into<String>) -> Error {
        Error::Other(msg.into())
    }
    /// A refused query.
    pub fn query(e: search::QueryError) -> Error {
        Error::Query(e)
    }
    /// Reading or writing `path` failed.
    pub fn path(path: &Path, source: std::io::Error) -> Error {
        Error::Path { path: path.to_path_buf(), source }
    }
    /// Whether the request itself is at fault (not the archive).
    pub fn is_bad_request(&self) -> bool {
        matches!(self, Error::Query(_) | Error::BadDate { .. } | Error::Decision(_))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Query(e) => e.fmt(f),
            Error::BadDate { bound, why } => write!(f, "{bound}: {why}"),
            Error::Decision(why) => f.write_str(why),
            Error::NoArchive(dir) => write!(f, "no archive at {} (make one with 'benbao ingest')", dir.display()),
            Error::InUse { dir: Some(dir), by } => write!(f, "{}: the archive is in use by {by}", dir.display()),
            Error::InUse { dir: None, by } => write!(f, "the archive is in use by {by}"),
            Error::NewerSchema { have, known } => {
                write!(f, "the archive has schema version {have}, newer than this benbao knows ({known}): use a newer benbao")
            }
            Error::StaleIndex(dir) => write!(
                f,
                "the search index of {} was made by another benbao version: run 'benbao ingest --archive {}' once to rebuild it (nothing stored is lost)",
                dir.display(),
                dir.display()
            ),
            Error::Changed => f.write_str("the archive changed while the .dta export read it; export again"),
            Error::Page(e) => e.fmt(f),
            Error::NoArticles => f.write_str(benbao::NO_ARTICLES),
            Error::Database(e) => write!(f, "database: {e}"),
            Error::Index(e) => write!(f, "search index: {e}"),
            Error::Parquet { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Io(e) => e.fmt(f),
            Error::Path { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Export(e) => write!(f, "writing the export: {e}"),
            Error::Other(s) => f.write_str(s),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Query(e) => Some(e),
            Error::Page(e) => Some(e),
            Error::Database(e) => Some(e),
            Error::Index(e) => Some(e),
            Error::Parquet { source, .. } => Some(source),
            Error::Io(e) | Error::Path { source: e, .. } | Error::Export(e) => Some(e),
            _ => None,
        }
    }
}

impl From<benbao_layout::Error> for Error {
    fn from(e: benbao_layout::Error) -> Self {
        Error::Page(e)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Database(e)
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Self {
        Error::Index(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

/// The default archive folder.
pub const DEFAULT_ARCHIVE: &str = "benbao-archive";

/// The database file inside an archive folder.
pub fn db_path(dir: &Path) -> PathBuf {
    dir.join("archive.db")
}

/// The index folder inside an archive folder.
pub fn index_path(dir: &Path) -> PathBuf {
    dir.join("index")
}

/// The folder of page pictures (PDF pages and scans, drawn when first shown).
pub fn images_path(dir: &Path) -> PathBuf {
    dir.join("images")
}

/// Where the picture of page `n` (1-based) of the file with this content
/// hash is kept once drawn: `images/HASH-N.png` (named by content, so it
/// never goes stale).
pub fn page_image_path(dir: &Path, hash: &str, n: usize) -> PathBuf {
    images_path(dir).join(format!("{hash}-{n}.png"))
}

/// An archive opened for reading (search, export, statistics).
pub struct Archive {
    /// The archive folder (holding `archive.db`, `index/` and `images/`).
    pub dir: PathBuf,
    /// The open `archive.db`: WAL mode, migrated to the current schema ([`store::connect`]).
    pub db: rusqlite::Connection,
}

impl Archive {
    /// Opens an existing archive; an error if there is none at `dir`.
    pub fn open(dir: &Path) -> Result<Archive, Error> {
        if !db_path(dir).exists() {
            return Err(Error::NoArchive(dir.to_path_buf()));
        }
        let db = store::connect(&db_path(dir))?;
        Ok(Archive { dir: dir.to_path_buf(), db })
    }

    /// Row counts of the main tables.
    pub fn stats(&self) -> Result<Stats, Error> {
        store::stats(&self.db)
    }
}

/// How much an archive holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Pages stored: one per file ingested (rows of `pages`).
    pub pages: u64,
    /// Pages whose articles are in a committed search index (`pages.indexed = 1`); fewer than `pages` after an interrupted ingest, until the next one reindexes them.
    pub indexed_pages: u64,
    /// Articles stored, over all pages.
    pub articles: u64,
    /// Paragraphs of those articles.
    pub paragraphs: u64,
    /// Appearances: one per person named per article (rows of `people`, not distinct persons).
    pub people: u64,
    /// Posts the texts give those appearances (`区委副书记` → post 副书记 of 区委).
    pub posts: u64,
    /// Organizations named: one per distinct name per article.
    pub organizations: u64,
    /// Places (administrative divisions) named: one per distinct name per article.
    pub places: u64,
    /// Events extracted (inspections, meetings, receptions, …).
    pub events: u64,
    /// Items of enumerated instructions (一是…二是…) given at those events.
    pub directives: u64,
    /// Mentions: each place in an article's text where a person, organization or place is named.
    pub mentions: u64,
}

/// Bytes on disk under a folder (the archive's size).
pub fn disk_usage(dir: &Path) -> u64 {
    let mut total = 0;
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            match e.metadata() {
                Ok(m) if m.is_dir() => total += disk_usage(&e.path()),
                Ok(m) => total += m.len(),
                Err(_) => {}
            }
        }
    }
    total
}
