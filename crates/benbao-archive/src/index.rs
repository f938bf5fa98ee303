//! The tantivy index: one document per article, nothing stored (the texts
//! live in SQLite), only what search, filters and facets read.

use std::path::Path;

use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STRING};
use tantivy::tokenizer::PreTokenizedString;
use tantivy::{Index, TantivyDocument, Term};

use crate::tokenize::{self, BigramTokenizer, WordTokenizer};
use crate::Error;

/// Bumped whenever the index's schema or tokenizers change: an index of
/// another version is rebuilt from the database.
pub const INDEX_VERSION: &str = "2";

/// The fields of the index's schema ([`schema`]), each named in the index as here.
#[derive(Clone, Copy)]
pub struct Fields {
    /// `article_id` (u64, fast): the article's id in `archive.db` (`articles.id`).
    pub article_id: Field,
    /// `page_id` (u64, indexed only): its page's id (`pages.id`), to delete a page's documents before reindexing it ([`page_term`]).
    pub page_id: Field,
    /// yyyymmdd of the article's date (its own, else the page's; unknown parts 00).
    pub date: Field,
    /// The date's year as four digits (`2022`), a keyword for filters and facets; absent when no date is known.
    pub year: Field,
    /// The paper's short name as stored (`zzgx`), a keyword; absent when unknown.
    pub paper: Field,
    /// The names of the people the article names, a keyword (one untokenized term per name).
    pub person: Field,
    /// The names of the organizations the article names, a keyword.
    pub org: Field,
    /// The names of the places (administrative divisions) it names, a keyword.
    pub place: Field,
    /// The types of its events (`inspection`, `meeting`, …), a keyword.
    pub event: Field,
    /// The searchable text cut into jieba words, with positions (tokenizer `zh_words`): ranking only.
    pub words: Field,
    /// The searchable text cut into character bigrams, with positions (tokenizer `zh_bigram`): what a text query must match.
    pub grams: Field,
}

/// The index's schema and its fields (one document per article; nothing stored).
pub fn schema() -> (Schema, Fields) {
    let mut sb = Schema::builder();
    let positions = |tok: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer(tok).set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let f = Fields {
        article_id: sb.add_u64_field("article_id", INDEXED | FAST),
        page_id: sb.add_u64_field("page_id", INDEXED),
        date: sb.add_i64_field("date", INDEXED | FAST),
        year: sb.add_text_field("year", STRING | FAST),
        paper: sb.add_text_field("paper", STRING | FAST),
        person: sb.add_text_field("person", STRING | FAST),
        org: sb.add_text_field("org", STRING | FAST),
        place: sb.add_text_field("place", STRING | FAST),
        event: sb.add_text_field("event", STRING | FAST),
        words: sb.add_text_field("words", positions("zh_words")),
        grams: sb.add_text_field("grams", positions("zh_bigram")),
    };
    (sb.build(), f)
}

fn register(index: &Index) {
    index.tokenizers().register("zh_bigram", BigramTokenizer);
    index.tokenizers().register("zh_words", WordTokenizer);
}

/// Opens the index in `dir`, creating it when missing. Returns whether it
/// was created (then every page must be indexed again).
pub fn open(dir: &Path) -> Result<(Index, Fields, bool), Error> {
    let (schema, fields) = schema();
    let meta = dir.join("meta.json");
    let created = !meta.exists();
    std::fs::create_dir_all(dir)?;
    let mmap = tantivy::directory::MmapDirectory::open(dir).map_err(|e| Error::new(format!("index {}: {e}", dir.display())))?;
    let index = Index::open_or_create(mmap, schema)?;
    register(&index);
    Ok((index, fields, created))
}

/// What a search says of an index another version of benbao made (the
/// archive's folder is `archive`).
pub fn stale(archive: &Path) -> Error {
    Error::StaleIndex(archive.to_path_buf())
}

/// Opens the existing index of the archive at `archive` (no creation).
pub fn open_existing(archive: &Path) -> Result<(Index, Fields), Error> {
    let (schema, fields) = schema();
    let index = Index::open_in_dir(crate::index_path(archive))?;
    if index.schema() != schema {
        return Err(stale(archive));
    }
    register(&index);
    Ok((index, fields))
}

/// Everything about an article the index holds besides its text.
#[derive(Debug, Clone, Default)]
pub struct DocMeta {
    /// yyyymmdd of the article's date, else its page's (unknown month or day 00); None when neither is known.
    pub date: Option<i64>,
    /// The year of `date` as four digits (`2022`); None with it.
    pub year: Option<String>,
    /// The paper's short name; None when unknown or empty.
    pub paper: Option<String>,
    /// The names of the people named, sorted, each once.
    pub persons: Vec<String>,
    /// The names of the organizations named, sorted, each once.
    pub orgs: Vec<String>,
    /// The names of the places named, sorted, each once.
    pub places: Vec<String>,
    /// The types of the events told (`inspection`, `meeting`, …), sorted, each once.
    pub events: Vec<String>,
}

/// An article ready for the index: its metadata and its tokens (computed in
/// the parsing workers, so the one writer thread only adds them).
#[derive(Debug, Clone, Default)]
pub struct DocTokens {
    /// The article's date, paper and entity names.
    pub meta: DocMeta,
    /// The text the index reads.
    pub text: String,
    /// Its `words` tokens (the costly part, cut by the workers), held
    /// compactly: tantivy's tokens, a string each, are made one document at
    /// a time by the writer ([`make_doc`]), together with the cheap `grams`.
    pub words: Vec<tokenize::Span>,
}

impl DocTokens {
    /// Cuts the words of `search_text` (the article's [`tokenize::search_text`]) and keeps both with `meta`.
    pub fn new(meta: DocMeta, search_text: &str) -> DocTokens {
        DocTokens { meta, text: search_text.to_string(), words: tokenize::word_spans(search_text) }
    }
}

/// yyyymmdd from an ISO date as far as known (`2022`, `2022-02`, `2022-02-14`), unknown parts 00.
pub fn date_key(iso: &str) -> Option<i64> {
    let mut parts = iso.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next().map_or(Some(0), |p| p.parse().ok())?;
    let d: i64 = parts.next().map_or(Some(0), |p| p.parse().ok())?;
    if !(1..=9999).contains(&y) {
        return None;
    }
    Some(y * 10000 + m * 100 + d)
}

/// The index metadata of an article: its own date, else its page's.
pub fn doc_meta(
    article_date: Option<&str>,
    page_date: Option<&str>,
    paper: Option<&str>,
    persons: Vec<String>,
    orgs: Vec<String>,
    places: Vec<String>,
    events: Vec<String>,
) -> DocMeta {
    let date = article_date.or(page_date);
    let key = date.and_then(date_key);
    let dedup = |mut v: Vec<String>| {
        v.sort();
        v.dedup();
        v
    };
    DocMeta {
        date: key,
        year: key.map(|k| format!("{:04}", k / 10000)),
        paper: paper.filter(|p| !p.is_empty()).map(str::to_string),
        persons: dedup(persons),
        orgs: dedup(orgs),
        places: dedup(places),
        events: dedup(events),
    }
}

/// The tantivy document of article `article_id` on page `page_id` (ids in `archive.db`):
/// its metadata as keywords and its text as `words` and `grams` tokens.
pub fn make_doc(f: &Fields, article_id: i64, page_id: i64, t: DocTokens) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_u64(f.article_id, article_id as u64);
    doc.add_u64(f.page_id, page_id as u64);
    let m = t.meta;
    if let Some(d) = m.date {
        doc.add_i64(f.date, d);
    }
    if let Some(y) = &m.year {
        doc.add_text(f.year, y);
    }
    if let Some(p) = &m.paper {
        doc.add_text(f.paper, p);
    }
    for (field, vals) in [(f.person, &m.persons), (f.org, &m.orgs), (f.place, &m.places), (f.event, &m.events)] {
        for v in vals {
            doc.add_text(field, v);
        }
    }
    let words = tokenize::tokens_of_spans(&t.text, &t.words);
    doc.add_pre_tokenized_text(f.words, PreTokenizedString { text: String::new(), tokens: words });
    doc.add_pre_tokenized_text(f.grams, PreTokenizedString { text: String::new(), tokens: tokenize::bigram_tokens(&t.text) });
    doc
}

/// The term that matches every document of page `page_id` (to delete them).
pub fn page_term(f: &Fields, page_id: i64) -> Term {
    Term::from_field_u64(f.page_id, page_id as u64)
}
