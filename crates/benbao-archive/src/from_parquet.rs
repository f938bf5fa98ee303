//! `benbao ingest --from-parquet DIR`: the pages the Spark job (`python -m
//! benbao.spark`) read, parsed and extracted on its executors, stored in an
//! archive without reading a page again.
//!
//! The job writes one row per page to `DIR/pages` (Parquet, partitioned by
//! paper and year): the page as ingest would store it, as JSON in the column
//! `record` ([`StoredPage`]). Each becomes the [`PageRecord`] that
//! [`crate::ingest()`] makes from a file — the index tokens are cut again from
//! the stored articles, by the same code — and goes to the same writer.

use std::path::{Path, PathBuf};

use ::parquet::file::reader::{FileReader, SerializedFileReader};
use ::parquet::record::Field;
use serde::{Deserialize, Serialize};

use benbao::Article;
use benbao_extract::Entities;

use crate::store::PageRecord;
use crate::Error;

/// A page as the Spark job hands it over: a [`PageRecord`] whose articles carry no
/// index tokens (the JSON of a `PageRecord` as serialized).
pub type StoredPage = PageRecord<StoredArticle>;

/// One article of a [`StoredPage`], with its entities.
#[derive(Debug, Serialize, Deserialize)]
pub struct StoredArticle {
    /// The article as parsed on the executor.
    pub article: Article,
    /// Its people, organizations, places and events, as extracted there.
    pub entities: Entities,
}

impl StoredPage {
    /// Back to the record ingest stores, the index tokens cut as ingest cuts them.
    pub fn into_record(self) -> PageRecord {
        let (date, paper) = (self.date.clone(), self.paper.clone());
        self.map_articles(|a| crate::ingest::article_record(a.article, a.entities, date.as_deref(), paper.as_deref()))
    }
}

/// The Parquet files of `DIR/pages` (every partition), in a stable order.
pub fn page_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let root = dir.join("pages");
    if !root.is_dir() {
        return Err(Error::new(format!("{}: no pages table (a 'python -m benbao.spark ... --out {}' writes it)", root.display(), dir.display())));
    }
    let mut out = Vec::new();
    let mut todo = vec![root];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).map_err(|e| Error::path(&d, e))? {
            let p = e?.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with('.') || name.starts_with('_') {
                continue; // Spark's _SUCCESS and .crc files
            }
            if p.is_dir() {
                todo.push(p);
            } else if name.ends_with(".parquet") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Calls `each` with every page of one Parquet file of the pages table, or
/// with why a row could not be read.
pub fn read_pages(file: &Path, each: &mut dyn FnMut(Result<StoredPage, String>)) -> Result<(), Error> {
    let bad = |source| Error::Parquet { path: file.to_path_buf(), source };
    let f = std::fs::File::open(file).map_err(|e| Error::path(file, e))?;
    let reader = SerializedFileReader::new(f).map_err(bad)?;
    for row in reader.get_row_iter(None).map_err(bad)? {
        let row = row.map_err(bad)?;
        let record = row.get_column_iter().find(|(name, _)| name.as_str() == "record").map(|(_, f)| f);
        each(match record {
            Some(Field::Str(s)) => serde_json::from_str::<StoredPage>(s).map_err(|e| format!("a page record that cannot be read: {e}")),
            Some(Field::Bytes(b)) => serde_json::from_slice::<StoredPage>(b.data()).map_err(|e| format!("a page record that cannot be read: {e}")),
            _ => Err("a row without its page record".to_string()),
        });
    }
    Ok(())
}
