//! Reading and writing the SQLite database.

use std::path::Path;
use std::time::Duration;

use benbao::{Article, Furniture};
use benbao_extract::Entities;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::index::{doc_meta, DocTokens};
use crate::{schema, tokenize, Error, Stats};

/// Opens (creating if needed) the database, in WAL mode, migrated to the current schema.
pub fn connect(path: &Path) -> Result<Connection, Error> {
    let mut db = Connection::open(path)?;
    db.busy_timeout(Duration::from_secs(30))?;
    // WAL: readers (search) never block the writer; a killed writer loses
    // only its open transaction. NORMAL sync is durable across a process
    // crash (not a power cut, where the last commits may be lost).
    let mode: String = db.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::new(format!("{}: cannot use WAL mode (journal mode {mode})", path.display())));
    }
    db.pragma_update(None, "synchronous", "NORMAL")?;
    db.pragma_update(None, "foreign_keys", "ON")?;
    schema::migrate(&mut db)?;
    Ok(db)
}

/// Sets a paper's home locality (`benbao papers set`).
pub fn set_paper_place(db: &Connection, paper: &str, place: &benbao_extract::Jurisdiction) -> Result<(), Error> {
    db.execute(
        "INSERT INTO papers(paper, place, place_code) VALUES (?1, ?2, ?3) ON CONFLICT(paper) DO UPDATE SET place = excluded.place, place_code = excluded.place_code",
        rusqlite::params![paper, place.name, place.code],
    )?;
    Ok(())
}

/// Every paper's home locality.
pub fn paper_places(db: &Connection) -> Result<std::collections::HashMap<String, benbao_extract::Jurisdiction>, Error> {
    let mut st = db.prepare("SELECT paper, place, place_code FROM papers ORDER BY paper")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, benbao_extract::Jurisdiction { name: r.get(1)?, code: r.get(2)? })))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The value stored under `key` in the `meta` table (`created_by`, `index_version`); None when the key is not set.
pub fn get_meta(db: &Connection, key: &str) -> Result<Option<String>, Error> {
    Ok(db.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

/// Stores `value` under `key` in the `meta` table, replacing any value it had.
pub fn set_meta(db: &Connection, key: &str, value: &str) -> Result<(), Error> {
    db.execute("INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])?;
    Ok(())
}

/// A parsed page on its way to the database. The Spark job hands pages over as
/// JSON with articles that carry no index tokens ([`crate::from_parquet::StoredPage`]).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct PageRecord<A = ArticleRecord> {
    /// The file's absolute path when read (as the Spark job gives it, for pages from Parquet).
    pub path: String,
    /// The paper's short name (`zzgx`): the options', else from the path; None when neither gives it.
    pub paper: Option<String>,
    /// The publication date, ISO as far as known (`2022-02-14`, `2022-02`, `2022`); None when unknown.
    pub date: Option<String>,
    /// The content hash of the file's bytes ([`crate::hash::content_hash`]: 32 hex digits); a page whose hash is stored is skipped.
    pub hash: String,
    /// The encoding the text was read in (`UTF-8`, `gb18030`, `Big5`, …), or `PDF`, `PNG`, `JPEG`, `TIFF` for pages read by their layout.
    pub encoding: String,
    /// The file's size in bytes.
    pub bytes: u64,
    /// The lines as read, joined by `\n`, a form feed (`\f`) before each page after the
    /// first; the articles' `lines` (1-based) count in it.
    pub raw: String,
    /// Pages inside the file (form feeds + 1; a PDF's pages).
    pub sheets: usize,
    /// Each page's width and height in the units of its articles' boxes (PDF pages and scans).
    pub sizes: Vec<[f32; 2]>,
    /// Lines kept out of the articles (headers, footers, page numbers, ads, …), with their line numbers in `raw`.
    pub furniture: Vec<Furniture>,
    /// What the reader was unsure of, in words.
    pub warnings: Vec<String>,
    /// The page's articles in page order: [`ArticleRecord`]s, or [`crate::from_parquet::StoredArticle`]s as the Spark job hands them over.
    pub articles: Vec<A>,
}

impl<A> PageRecord<A> {
    /// The same page with each of its articles made into another record.
    pub fn map_articles<B>(self, f: impl FnMut(A) -> B) -> PageRecord<B> {
        PageRecord {
            path: self.path,
            paper: self.paper,
            date: self.date,
            hash: self.hash,
            encoding: self.encoding,
            bytes: self.bytes,
            raw: self.raw,
            sheets: self.sheets,
            sizes: self.sizes,
            furniture: self.furniture,
            warnings: self.warnings,
            articles: self.articles.into_iter().map(f).collect(),
        }
    }
}

/// An article with its entities and its index tokens (which are not written out:
/// they are cut again from the article).
#[derive(Debug, serde::Serialize)]
pub struct ArticleRecord {
    /// The article as parsed.
    pub article: Article,
    /// Its people, organizations, places and events.
    pub entities: Entities,
    /// What the search index gets for it (empty after the article was written to the index by the writer).
    #[serde(skip)]
    pub doc: DocTokens,
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// Inserts a page with all its articles and entities inside `tx`. Returns
/// the page id and the article ids, or None when a page with the same hash
/// is already stored.
pub fn insert_page(tx: &Transaction, p: &PageRecord) -> Result<Option<(i64, Vec<i64>)>, Error> {
    let n = tx
        .prepare_cached(
            "INSERT INTO pages(hash, path, paper, date, encoding, bytes, raw, sheets, n_articles, furniture, warnings, ingested_at, sizes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT(hash) DO NOTHING",
        )?
        .execute(params![
            p.hash,
            p.path,
            p.paper,
            p.date,
            p.encoding,
            p.bytes as i64,
            p.raw,
            p.sheets as i64,
            p.articles.len() as i64,
            json(&p.furniture),
            json(&p.warnings),
            now(),
            (!p.sizes.is_empty()).then(|| json(&p.sizes))
        ])?;
    if n == 0 {
        return Ok(None);
    }
    let page_id = tx.last_insert_rowid();
    let ids = p.articles.iter().enumerate().map(|(k, rec)| insert_article(tx, page_id, k, rec, p.date.as_deref())).collect::<Result<_, _>>()?;
    Ok(Some((page_id, ids)))
}

/// Inserts article number `k` of page `page_id` (dated `page_date`), with its paragraphs and entities. Returns its id.
fn insert_article(tx: &Transaction, page_id: i64, k: usize, rec: &ArticleRecord, page_date: Option<&str>) -> Result<i64, Error> {
    let a = &rec.article;
    tx.prepare_cached(
        "INSERT INTO articles(page_id, idx, sheet, line_first, line_last, kicker, headline, subheadline, dateline, date, byline, continued, warnings, text, boxes, overline)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        page_id,
        k as i64,
        a.page as i64,
        a.lines[0] as i64,
        a.lines[1] as i64,
        a.kicker,
        a.headline,
        a.subheadline,
        a.dateline,
        a.date,
        json(&a.byline),
        a.continued,
        json(&a.warnings),
        a.text(),
        (!a.boxes.is_empty()).then(|| json(&a.boxes)),
        a.overline
    ])?;
    let aid = tx.last_insert_rowid();
    let mut ins_para = tx.prepare_cached("INSERT INTO paragraphs(article_id, idx, start, end) VALUES (?1, ?2, ?3, ?4)")?;
    let mut at = 0usize;
    for (i, para) in a.paragraphs.iter().enumerate() {
        let len = para.chars().count();
        ins_para.execute(params![aid, i as i64, at as i64, (at + len) as i64])?;
        at += len + 1;
    }
    insert_entities(tx, aid, &rec.entities)?;
    insert_events(tx, aid, &rec.entities.events, a.date.as_deref().or(page_date))?;
    Ok(aid)
}

/// Inserts the people (with posts), organizations and places of article `aid`, with their mentions.
fn insert_entities(tx: &Transaction, aid: i64, e: &benbao_extract::Entities) -> Result<(), Error> {
    let mut ins_person = tx.prepare_cached("INSERT INTO people(article_id, name, title) VALUES (?1, ?2, ?3)")?;
    let mut ins_post = tx.prepare_cached("INSERT INTO posts(person_id, idx, post, organization, jurisdiction, jurisdiction_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    let mut ins_org = tx.prepare_cached("INSERT INTO organizations(article_id, name) VALUES (?1, ?2)")?;
    let mut ins_place = tx.prepare_cached("INSERT INTO places(article_id, name, code, level) VALUES (?1, ?2, ?3, ?4)")?;
    let mut ins_mention = tx.prepare_cached("INSERT INTO mentions(article_id, kind, entity_id, start, end) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    let mut mentions = |kind: &str, id: i64, ms: &[[usize; 2]]| -> Result<(), Error> {
        for m in ms {
            ins_mention.execute(params![aid, kind, id, m[0] as i64, m[1] as i64])?;
        }
        Ok(())
    };
    for person in &e.people {
        ins_person.execute(params![aid, person.name, person.title])?;
        let pid = tx.last_insert_rowid();
        for (i, post) in person.posts.iter().enumerate() {
            let j = post.jurisdiction.as_ref();
            ins_post.execute(params![pid, i as i64, post.post, post.organization, j.map(|j| &j.name), j.and_then(|j| j.code.as_ref())])?;
        }
        mentions("person", pid, &person.mentions)?;
    }
    for o in &e.organizations {
        ins_org.execute(params![aid, o.name])?;
        mentions("organization", tx.last_insert_rowid(), &o.mentions)?;
    }
    for pl in &e.places {
        ins_place.execute(params![aid, pl.name, pl.code, pl.level.map(|l| l.as_str())])?;
        mentions("place", tx.last_insert_rowid(), &pl.mentions)?;
    }
    Ok(())
}

/// Inserts the events of article `aid` with their directives; `day` dates an event the text leaves undated.
fn insert_events(tx: &Transaction, aid: i64, events: &[benbao_extract::Event], day: Option<&str>) -> Result<(), Error> {
    let mut ins_event = tx.prepare_cached(
        "INSERT INTO events(article_id, idx, type, date, organizer, place, topic, actors, participants, day, counterparts, origin, origin_code, destination, destination_code)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    let mut ins_dir = tx.prepare_cached("INSERT INTO directives(event_id, idx, text, speaker) VALUES (?1, ?2, ?3, ?4)")?;
    for (i, ev) in events.iter().enumerate() {
        ins_event.execute(params![
            aid,
            i as i64,
            ev.kind.as_str(),
            ev.date,
            ev.organizer,
            ev.place,
            ev.topic,
            json(&ev.actors),
            json(&ev.participants),
            ev.date.as_deref().or(day),
            json(&ev.counterparts),
            ev.origin.as_ref().map(|j| &j.name),
            ev.origin.as_ref().and_then(|j| j.code.as_ref()),
            ev.destination.as_ref().map(|j| &j.name),
            ev.destination.as_ref().and_then(|j| j.code.as_ref()),
        ])?;
        let eid = tx.last_insert_rowid();
        for (j, d) in ev.directives.iter().enumerate() {
            ins_dir.execute(params![eid, j as i64, d.text, d.speaker])?;
        }
    }
    Ok(())
}

/// The page stored with this content hash, if any.
pub fn page_id_by_hash(db: &Connection, hash: &str) -> Result<Option<i64>, Error> {
    Ok(db.query_row("SELECT id FROM pages WHERE hash = ?1", [hash], |r| r.get(0)).optional()?)
}

/// Where a stored page came from: its content hash, the path it was read
/// from, and how many pages with a picture it has (PDF pages and scans; 0
/// for text).
pub fn page_source(db: &Connection, page_id: i64) -> Result<Option<(String, String, usize)>, Error> {
    Ok(db
        .query_row("SELECT hash, path, coalesce(json_array_length(sizes), 0) FROM pages WHERE id = ?1", [page_id], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as usize)))
        .optional()?)
}

/// A page's articles, in page order.
pub fn article_ids(db: &Connection, page_id: i64) -> Result<Vec<i64>, Error> {
    let mut st = db.prepare_cached("SELECT id FROM articles WHERE page_id = ?1 ORDER BY idx")?;
    let v = st.query_map([page_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(v)
}

/// Pages not yet recorded as indexed, in id order.
pub fn unindexed_pages(db: &Connection) -> Result<Vec<i64>, Error> {
    let mut st = db.prepare("SELECT id FROM pages WHERE indexed = 0 ORDER BY id")?;
    let ids = st.query_map([], |r| r.get(0))?.collect::<Result<Vec<i64>, _>>()?;
    Ok(ids)
}

/// Records pages as indexed (after the index commit that holds them).
pub fn mark_indexed(db: &mut Connection, ids: &[i64]) -> Result<(), Error> {
    let tx = db.transaction()?;
    {
        let mut st = tx.prepare_cached("UPDATE pages SET indexed = 1 WHERE id = ?1")?;
        for id in ids {
            st.execute([id])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The index documents of a stored page, rebuilt from the database.
pub fn page_docs(db: &Connection, page_id: i64) -> Result<Vec<(i64, DocTokens)>, Error> {
    let (paper, page_date): (Option<String>, Option<String>) =
        db.query_row("SELECT paper, date FROM pages WHERE id = ?1", [page_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut st = db.prepare_cached("SELECT id, kicker, headline, subheadline, date, text, overline FROM articles WHERE page_id = ?1 ORDER BY idx")?;
    let rows = st
        .query_map([page_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let names = |sql: &str, aid: i64| -> Result<Vec<String>, Error> {
        let mut st = db.prepare_cached(sql)?;
        let v = st.query_map([aid], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
        Ok(v)
    };
    let mut out = Vec::with_capacity(rows.len());
    for (aid, kicker, headline, sub, date, text, overline) in rows {
        let meta = doc_meta(
            date.as_deref(),
            page_date.as_deref(),
            paper.as_deref(),
            names("SELECT name FROM people WHERE article_id = ?1", aid)?,
            names("SELECT name FROM organizations WHERE article_id = ?1", aid)?,
            names("SELECT name FROM places WHERE article_id = ?1", aid)?,
            names("SELECT type FROM events WHERE article_id = ?1", aid)?,
        );
        let st = tokenize::search_text([kicker.as_deref(), overline.as_deref(), headline.as_deref(), sub.as_deref()], &text);
        out.push((aid, DocTokens::new(meta, &st)));
    }
    Ok(out)
}

/// Row counts of the main tables (see [`Stats`]).
pub fn stats(db: &Connection) -> Result<Stats, Error> {
    let count = |sql: &str| -> Result<u64, Error> { Ok(db.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
    Ok(Stats {
        pages: count("SELECT count(*) FROM pages")?,
        indexed_pages: count("SELECT count(*) FROM pages WHERE indexed = 1")?,
        articles: count("SELECT count(*) FROM articles")?,
        paragraphs: count("SELECT count(*) FROM paragraphs")?,
        people: count("SELECT count(*) FROM people")?,
        posts: count("SELECT count(*) FROM posts")?,
        organizations: count("SELECT count(*) FROM organizations")?,
        places: count("SELECT count(*) FROM places")?,
        events: count("SELECT count(*) FROM events")?,
        directives: count("SELECT count(*) FROM directives")?,
        mentions: count("SELECT count(*) FROM mentions")?,
    })
}

/// All stored hashes (to skip known pages before parsing them).
pub fn known_hashes(db: &Connection) -> Result<std::collections::HashSet<String>, Error> {
    let mut st = db.prepare("SELECT hash FROM pages")?;
    let set = st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(set)
}
