//! Search: a small query language over the index, filters, facets, and
//! snippets with the matched characters marked.
//!
//! Query syntax:
//! * `简单` — articles containing 简单 anywhere, inside longer words too
//!   (安装简单); several terms must all occur (AND);
//! * `"万人助万企"` (also “…” or 「…」) — the exact phrase; a term without
//!   spaces is matched exactly as well, so quotes matter only for phrases
//!   with spaces or operators in them;
//! * `A OR B` (also `A | B`), `A AND B` (also `A & B`), `NOT A` (also `-A`),
//!   parentheses;
//! * `paper:zzgx`, `person:李占宾`, `org:…`, `place:…`, `type:inspection`,
//!   `year:2022` — filters inside the query.
//!
//! Letters are matched without regard to case, full-width ASCII as
//! half-width; punctuation in a phrase matches any punctuation.

use std::collections::HashSet;
use std::ops::Bound;
use std::path::Path;
use std::time::Instant;

use rusqlite::{params, Connection};
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::{AggContextParams, AggregationCollector, AggregationLimitsGuard};
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Term};

use crate::index::{self, date_key, Fields};
use crate::tokenize::{self, folded, gram_query, squeeze_query, word_query};
use crate::{db_path, store, Error};

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Text that must occur (a term or a phrase).
    Text(String),
    /// A filter on a keyword field: `paper`, `person`, `org`, `place`, `type`, `year`.
    Field(String, String),
    /// Every part must match.
    And(Vec<Node>),
    /// At least one part must match.
    Or(Vec<Node>),
    /// The inner query must not match.
    Not(Box<Node>),
    /// Matches every article: an empty query, or one of nothing but operators.
    All,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    And,
    Or,
    Not,
    Quoted(String),
    Word(String),
}

fn lex(q: &str) -> Vec<Tok> {
    let chars: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let close_of = |c: char| match c {
        '"' => Some('"'),
        '“' => Some('”'),
        '「' => Some('」'),
        '『' => Some('』'),
        _ => None,
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        match c {
            '(' | '（' => {
                out.push(Tok::Open);
                i += 1;
            }
            ')' | '）' => {
                out.push(Tok::Close);
                i += 1;
            }
            '|' => {
                out.push(Tok::Or);
                i += 1;
            }
            '&' => {
                out.push(Tok::And);
                i += 1;
            }
            '-' if i + 1 < chars.len() && !chars[i + 1].is_whitespace() && (out.is_empty() || i == 0 || chars[i - 1].is_whitespace() || chars[i - 1] == '(') => {
                out.push(Tok::Not);
                i += 1;
            }
            '+' if i + 1 < chars.len() && !chars[i + 1].is_whitespace() => {
                i += 1;
            }
            _ if close_of(c).is_some() => {
                let close = close_of(c).unwrap();
                let mut j = i + 1;
                while j < chars.len() && chars[j] != close {
                    j += 1;
                }
                out.push(Tok::Quoted(chars[i + 1..j].iter().collect()));
                i = (j + 1).min(chars.len());
            }
            _ => {
                let mut j = i;
                while j < chars.len() && !chars[j].is_whitespace() && !matches!(chars[j], '(' | ')' | '（' | '）' | '"' | '“' | '「' | '『' | '|' | '&')
                {
                    j += 1;
                }
                let w: String = chars[i..j].iter().collect();
                i = j;
                out.push(match w.as_str() {
                    "AND" => Tok::And,
                    "OR" => Tok::Or,
                    "NOT" => Tok::Not,
                    _ => Tok::Word(w),
                });
            }
        }
    }
    out
}

const FIELDS: &[&str] = &["paper", "person", "org", "place", "type", "year"];

/// The deepest nesting of parentheses and NOTs a query may have.
pub const MAX_QUERY_DEPTH: usize = 32;
/// The longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 2000;
/// The most terms, phrases and filters one query may have.
pub const MAX_QUERY_TERMS: usize = 64;

/// Why a query was refused (the server answers 400 with these words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// More than [`MAX_QUERY_CHARS`] characters.
    TooLong(usize),
    /// Parentheses or NOTs nested deeper than [`MAX_QUERY_DEPTH`].
    TooDeep,
    /// More than [`MAX_QUERY_TERMS`] terms, phrases and filters.
    TooManyTerms(usize),
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueryError::TooLong(n) => write!(f, "query too long: {n} characters (at most {MAX_QUERY_CHARS})"),
            QueryError::TooDeep => write!(f, "query nested too deeply: more than {MAX_QUERY_DEPTH} levels of parentheses or NOT"),
            QueryError::TooManyTerms(n) => write!(f, "query has too many terms: {n} (at most {MAX_QUERY_TERMS})"),
        }
    }
}

impl std::error::Error for QueryError {}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
    /// Parentheses and NOTs open at this point of the parse.
    depth: usize,
    too_deep: bool,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }
    fn or(&mut self) -> Node {
        let mut v = vec![self.and()];
        while self.peek() == Some(&Tok::Or) {
            self.at += 1;
            v.push(self.and());
        }
        if v.len() == 1 {
            v.pop().unwrap()
        } else {
            Node::Or(v)
        }
    }
    fn and(&mut self) -> Node {
        let mut v = Vec::new();
        loop {
            match self.peek() {
                None | Some(Tok::Close) | Some(Tok::Or) => break,
                Some(Tok::And) => self.at += 1,
                _ => v.push(self.unary()),
            }
        }
        match v.len() {
            0 => Node::All,
            1 => v.pop().unwrap(),
            _ => Node::And(v),
        }
    }
    /// Enters one level of nesting; false (and the parse marked too deep)
    /// past the limit, so that no input can exhaust the stack.
    fn enter(&mut self) -> bool {
        self.depth += 1;
        if self.depth > MAX_QUERY_DEPTH {
            self.too_deep = true;
        }
        !self.too_deep
    }
    fn unary(&mut self) -> Node {
        if self.peek() == Some(&Tok::Not) {
            self.at += 1;
            if matches!(self.peek(), None | Some(Tok::Close) | Some(Tok::Or) | Some(Tok::And)) {
                return Node::All;
            }
            if !self.enter() {
                self.at = self.toks.len();
                return Node::All;
            }
            let inner = self.unary();
            self.depth -= 1;
            return Node::Not(Box::new(inner));
        }
        self.primary()
    }
    fn primary(&mut self) -> Node {
        let t = self.toks[self.at].clone();
        self.at += 1;
        match t {
            Tok::Open => {
                if !self.enter() {
                    self.at = self.toks.len();
                    return Node::All;
                }
                let e = self.or();
                self.depth -= 1;
                if self.peek() == Some(&Tok::Close) {
                    self.at += 1;
                }
                e
            }
            Tok::Quoted(s) => Node::Text(s),
            Tok::Word(w) => {
                if let Some((k, v)) = w.split_once(':') {
                    let key = k.to_ascii_lowercase();
                    let key = if key == "event" { "type".to_string() } else { key };
                    if FIELDS.contains(&key.as_str()) {
                        let v = if v.is_empty() {
                            match self.peek().cloned() {
                                Some(Tok::Quoted(q)) => {
                                    self.at += 1;
                                    q
                                }
                                _ => String::new(),
                            }
                        } else {
                            v.to_string()
                        };
                        return Node::Field(key, v);
                    }
                }
                Node::Text(w)
            }
            // stray operators and closers read as nothing
            _ => Node::All,
        }
    }
}

/// Parses a query string; refuses queries too long, too deep or with too
/// many terms to answer quickly.
pub fn parse_query(q: &str) -> Result<Node, QueryError> {
    let n = q.chars().count();
    if n > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong(n));
    }
    let toks = lex(q);
    let terms = toks.iter().filter(|t| matches!(t, Tok::Word(_) | Tok::Quoted(_))).count();
    if terms > MAX_QUERY_TERMS {
        return Err(QueryError::TooManyTerms(terms));
    }
    let mut p = Parser { toks, at: 0, depth: 0, too_deep: false };
    let mut parts = vec![p.or()];
    // a stray ')' ends a parse early: read on
    while p.at < p.toks.len() {
        p.at += 1;
        parts.push(p.or());
    }
    if p.too_deep {
        return Err(QueryError::TooDeep);
    }
    parts.retain(|n| *n != Node::All);
    Ok(match parts.len() {
        0 => Node::All,
        1 => parts.pop().unwrap(),
        _ => Node::And(parts),
    })
}

/// The texts a query asks to find (not those under NOT): what snippets mark.
pub fn positive_texts(n: &Node, out: &mut Vec<String>) {
    match n {
        Node::Text(s) => out.push(s.clone()),
        Node::And(v) | Node::Or(v) => v.iter().for_each(|c| positive_texts(c, out)),
        _ => {}
    }
}

/// A search.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query text, in the syntax of this module; empty matches every article.
    pub query: String,
    /// Dates: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    /// The last date, as `from`: `2022-02` takes in all of February. Both bounds compare the article's date, else its page's.
    pub to: Option<String>,
    /// Only articles of this paper (exactly as stored, `zzgx`).
    pub paper: Option<String>,
    /// Only articles naming this person (exact name).
    pub person: Option<String>,
    /// Only articles naming this organization (exact name).
    pub org: Option<String>,
    /// Only articles naming this place (exact name as printed).
    pub place: Option<String>,
    /// Only articles reporting an event of this type (`inspection`, `study_visit`, …).
    pub event_type: Option<String>,
    /// Only articles of this year (`2022`; the article's date, else its page's).
    pub year: Option<String>,
    /// Hits to return (0 counts as 1).
    pub limit: usize,
    /// Ranked hits to skip first (for paging).
    pub offset: usize,
    /// Count the hits by paper, year, person, organization and event type.
    pub facets: bool,
    /// Snippet length in characters.
    pub snippet_chars: usize,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            from: None,
            to: None,
            paper: None,
            person: None,
            org: None,
            place: None,
            event_type: None,
            year: None,
            limit: 10,
            offset: 0,
            facets: false,
            snippet_chars: 96,
        }
    }
}

/// One article a search found, with a snippet of where it matched.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    /// The article (`articles.id`).
    pub article_id: i64,
    /// Tantivy's relevance score (BM25; filters add nothing): higher ranks first.
    pub score: f32,
    /// The article's own date (ISO `2022-02-14`), None when it cannot be known.
    pub date: Option<String>,
    /// The page's publication date as far as known (`2022-02-14`, `2022-02`, `2022`), None when unknown.
    pub page_date: Option<String>,
    /// The page's paper (`zzgx`), None when unknown.
    pub paper: Option<String>,
    /// The page file's absolute path when ingested.
    pub path: String,
    /// Page inside the file (form feeds) and the article's raw lines.
    pub sheet: i64,
    /// The article's first and last raw line in the file (1-based, inclusive).
    pub lines: [i64; 2],
    /// The section marker printed above the article (`■新年开新局`), None when none.
    pub kicker: Option<String>,
    /// The headline, None when the article prints none.
    pub headline: Option<String>,
    /// The first characters of the article's text (a title for untitled articles).
    pub lead: String,
    /// About `snippet_chars` characters of the titles and text around the best cluster of matches, line breaks as spaces, `…` where cut.
    pub snippet: String,
    /// Character ranges (end exclusive) of the matched text inside `snippet`.
    pub highlights: Vec<[usize; 2]>,
}

/// One value of a facet and how many hits (or events, visits) have it.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct FacetCount {
    /// The value counted: a paper, a year (`2022`), a name, an event type or a place.
    pub value: String,
    /// How many hits, events or visits have it.
    pub count: u64,
}

/// One page of search results, with the total and the facets.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchResults {
    /// How many articles the request matches in all (not only this page).
    pub total: usize,
    /// This page of hits, best first: at most `limit`, after `offset`.
    pub hits: Vec<Hit>,
    /// Facet name → counts (serialized as a JSON object in this order).
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "facets_as_object")]
    pub facets: Vec<(String, Vec<FacetCount>)>,
    /// Wall time the search took, in milliseconds.
    pub took_ms: f64,
}

fn facets_as_object<S: serde::Serializer>(f: &[(String, Vec<FacetCount>)], ser: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = ser.serialize_map(Some(f.len()))?;
    for (k, v) in f {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

/// An open archive ready to answer queries.
pub struct Searcher {
    /// The archive's SQLite database (`archive.db`), for reading what the index does not hold.
    pub db: Connection,
    index: Index,
    reader: IndexReader,
    f: Fields,
}

fn date_bound(s: &str, upper: bool) -> Result<i64, Error> {
    let bound = if upper { "--to" } else { "--from" };
    let d = benbao::PageDate::parse(s).map_err(|why| Error::BadDate { bound, why })?;
    let y = d.year.unwrap_or(0) as i64;
    let m = d.month.map_or(if upper { 99 } else { 0 }, |m| m as i64);
    let dd = d.day.map_or(if upper { 99 } else { 0 }, |d| d as i64);
    Ok(y * 10000 + m * 100 + dd)
}

impl Searcher {
    /// Opens the archive in folder `dir` for searching. Fails when `dir` holds no `archive.db`, or when its index was made by another index version or schema (ingest again to rebuild it).
    pub fn open(dir: &Path) -> Result<Searcher, Error> {
        if !db_path(dir).exists() {
            return Err(Error::NoArchive(dir.to_path_buf()));
        }
        let db = store::connect(&db_path(dir))?;
        // an index made by another version folds or cuts text otherwise: its answers would be wrong
        if store::get_meta(&db, "index_version")?.as_deref() != Some(index::INDEX_VERSION) {
            return Err(index::stale(dir));
        }
        let (index, f) = index::open_existing(dir)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Searcher { db, index, reader, f })
    }

    fn keyword_field(&self, key: &str) -> Field {
        match key {
            "paper" => self.f.paper,
            "person" => self.f.person,
            "org" => self.f.org,
            "place" => self.f.place,
            "type" => self.f.event,
            _ => self.f.year,
        }
    }

    fn keyword(&self, key: &str, value: &str) -> Box<dyn Query> {
        let t = Term::from_field_text(self.keyword_field(key), value);
        Box::new(ConstScoreQuery::new(Box::new(TermQuery::new(t, IndexRecordOption::Basic)), 0.0))
    }

    /// The query for text that must occur: an exact phrase over the bigrams
    /// (matching), and the same text's words (ranking).
    fn text_query(&self, s: &str) -> Box<dyn Query> {
        let s = squeeze_query(s);
        let g = gram_query(&s);
        let grams = self.f.grams;
        let gt = |t: &str| Term::from_field_text(grams, t);
        let matching: Box<dyn Query> = match (g.terms.len(), g.prefix) {
            (0, None) => return Box::new(EmptyQuery),
            (0, Some((_, p))) => Box::new(PhrasePrefixQuery::new(vec![gt(&p)])),
            (1, None) => Box::new(TermQuery::new(gt(&g.terms[0].1), IndexRecordOption::WithFreqs)),
            (_, None) => Box::new(PhraseQuery::new_with_offset(g.terms.iter().map(|(o, t)| (*o, gt(t))).collect())),
            (_, Some((po, p))) => {
                let mut terms: Vec<(usize, Term)> = g.terms.iter().map(|(o, t)| (*o, gt(t))).collect();
                terms.push((po, gt(&p)));
                let mut q = PhrasePrefixQuery::new_with_offset(terms);
                q.set_max_expansions(1_000_000);
                Box::new(q)
            }
        };
        let w = word_query(&s);
        let wt = |t: &str| Term::from_field_text(self.f.words, t);
        let ranking: Option<Box<dyn Query>> = match w.len() {
            0 => None,
            1 => Some(Box::new(TermQuery::new(wt(&w[0].1), IndexRecordOption::WithFreqs))),
            _ => Some(Box::new(PhraseQuery::new_with_offset(w.iter().map(|(o, t)| (*o, wt(t))).collect()))),
        };
        match ranking {
            None => matching,
            Some(r) => Box::new(BooleanQuery::new(vec![(Occur::Must, matching), (Occur::Should, r)])),
        }
    }

    fn build(&self, n: &Node) -> Box<dyn Query> {
        match n {
            Node::All => Box::new(AllQuery),
            Node::Text(s) => self.text_query(s),
            Node::Field(k, v) => self.keyword(k, v),
            Node::Not(x) => Box::new(BooleanQuery::new(vec![(Occur::Must, Box::new(AllQuery)), (Occur::MustNot, self.build(x))])),
            Node::Or(v) => Box::new(BooleanQuery::new(v.iter().map(|c| (Occur::Should, self.build(c))).collect())),
            Node::And(v) => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for c in v {
                    match c {
                        Node::Not(x) => clauses.push((Occur::MustNot, self.build(x))),
                        Node::All => {}
                        c => clauses.push((Occur::Must, self.build(c))),
                    }
                }
                if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
        }
    }

    /// The whole tantivy query of a request: the parsed query and the filters.
    pub fn query(&self, req: &SearchRequest) -> Result<(Box<dyn Query>, Node), Error> {
        let node = parse_query(&req.query).map_err(Error::query)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, self.build(&node))];
        for (key, val) in [
            ("paper", &req.paper),
            ("person", &req.person),
            ("org", &req.org),
            ("place", &req.place),
            ("type", &req.event_type),
            ("year", &req.year),
        ] {
            if let Some(v) = val {
                clauses.push((Occur::Must, self.keyword(key, v)));
            }
        }
        if req.from.is_some() || req.to.is_some() {
            let lo = match &req.from {
                Some(s) => Bound::Included(Term::from_field_i64(self.f.date, date_bound(s, false)?)),
                None => Bound::Unbounded,
            };
            let hi = match &req.to {
                Some(s) => Bound::Included(Term::from_field_i64(self.f.date, date_bound(s, true)?)),
                None => Bound::Unbounded,
            };
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(RangeQuery::new(lo, hi)), 0.0))));
        }
        let q: Box<dyn Query> = if clauses.len() == 1 { clauses.pop().unwrap().1 } else { Box::new(BooleanQuery::new(clauses)) };
        Ok((q, node))
    }

    fn article_id(&self, searcher: &tantivy::Searcher, a: DocAddress) -> Result<i64, Error> {
        let col = searcher.segment_reader(a.segment_ord).fast_fields().u64("article_id")?;
        Ok(col.first(a.doc_id).unwrap_or(0) as i64)
    }

    /// Runs a search: ranked hits with snippets, the total count, facets if asked.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, Error> {
        let t0 = Instant::now();
        self.reader.reload()?;
        let searcher = self.reader.searcher();
        let (q, node) = self.query(req)?;
        let limit = req.limit.max(1);
        let (top, total) = searcher.search(&q, &(TopDocs::with_limit(limit).and_offset(req.offset).order_by_score(), Count))?;
        let mut needles = Vec::new();
        positive_texts(&node, &mut needles);
        let mut hits = Vec::with_capacity(top.len());
        let mut st = self.db.prepare_cached(
            "SELECT a.kicker, a.headline, a.subheadline, a.text, a.date, a.sheet, a.line_first, a.line_last, p.paper, p.path, p.date, a.overline
             FROM articles a JOIN pages p ON p.id = a.page_id WHERE a.id = ?1",
        )?;
        for (score, addr) in top {
            let aid = self.article_id(&searcher, addr)?;
            let row = st.query_row(params![aid], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, String>(9)?,
                    r.get::<_, Option<String>>(10)?,
                    r.get::<_, Option<String>>(11)?,
                ))
            });
            let Ok((kicker, headline, sub, text, date, sheet, l0, l1, paper, path, page_date, overline)) = row else { continue };
            let full = tokenize::search_text([kicker.as_deref(), overline.as_deref(), headline.as_deref(), sub.as_deref()], &text);
            let (snippet, highlights) = snippet(&full, &needles, req.snippet_chars);
            let lead: String = text.chars().take_while(|c| *c != '\n').take(40).collect();
            hits.push(Hit {
                article_id: aid,
                score,
                date,
                page_date,
                paper,
                path,
                sheet,
                lines: [l0, l1],
                kicker,
                headline,
                lead,
                snippet,
                highlights,
            });
        }
        let facets = if req.facets { self.facets(&searcher, &q)? } else { Vec::new() };
        Ok(SearchResults { total, hits, facets, took_ms: t0.elapsed().as_secs_f64() * 1000.0 })
    }

    fn facets(&self, searcher: &tantivy::Searcher, q: &dyn Query) -> Result<Vec<(String, Vec<FacetCount>)>, Error> {
        let names = [("paper", "paper", 10), ("year", "year", 20), ("person", "person", 10), ("organization", "org", 10), ("event_type", "event", 20)];
        let mut req = serde_json::Map::new();
        for (name, field, size) in names {
            req.insert(name.into(), serde_json::json!({"terms": {"field": field, "size": size}}));
        }
        let aggs: Aggregations = serde_json::from_value(serde_json::Value::Object(req)).map_err(|e| Error::new(e.to_string()))?;
        let coll = AggregationCollector::from_aggs(aggs, AggContextParams::new(AggregationLimitsGuard::default(), self.index.tokenizers().clone()));
        let res = searcher.search(q, &coll)?;
        let v = serde_json::to_value(&res).map_err(|e| Error::new(e.to_string()))?;
        let mut out = Vec::new();
        for (name, _, _) in names {
            let mut counts = Vec::new();
            if let Some(b) = v.get(name).and_then(|a| a.get("buckets")).and_then(|b| b.as_array()) {
                for bucket in b {
                    let key = match bucket.get("key") {
                        Some(serde_json::Value::String(s)) => s.clone(),
                        Some(other) => other.to_string(),
                        None => continue,
                    };
                    counts.push(FacetCount { value: key, count: bucket.get("doc_count").and_then(|c| c.as_u64()).unwrap_or(0) });
                }
            }
            out.push((name.to_string(), counts));
        }
        Ok(out)
    }

    /// Every article the request matches (no ranking, no limit): for tests and measurements.
    pub fn matching_ids(&self, req: &SearchRequest) -> Result<HashSet<i64>, Error> {
        self.reader.reload()?;
        let searcher = self.reader.searcher();
        let (q, _) = self.query(req)?;
        let docs = searcher.search(&q, &DocSetCollector)?;
        let mut out = HashSet::with_capacity(docs.len());
        for a in docs {
            out.insert(self.article_id(&searcher, a)?);
        }
        Ok(out)
    }
}

/// A window of the text around the best cluster of matches, with the
/// matched characters' ranges in it. Line breaks become spaces.
pub fn snippet(text: &str, needles: &[String], width: usize) -> (String, Vec<[usize; 2]>) {
    let chars: Vec<char> = text.chars().collect();
    let f = folded(text);
    let mut spans: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, needle)
    for (k, n) in needles.iter().enumerate() {
        for (s, e) in tokenize::find_all(&f, n) {
            spans.push((s, e, k));
        }
    }
    spans.sort();
    // merge overlapping spans
    let mut merged: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    for (s, e, k) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 => {
                last.1 = last.1.max(e);
                last.2.push(k);
            }
            _ => merged.push((s, e, vec![k])),
        }
    }
    let width = width.max(10);
    let lead = width / 5;
    let mut best = (0usize, 0usize, 0usize); // (distinct needles, spans, start)
    for (i, m) in merged.iter().enumerate() {
        let start = m.0.saturating_sub(lead);
        let end = start + width;
        let mut distinct = HashSet::new();
        let mut n = 0;
        for m2 in &merged[i..] {
            if m2.1 > end {
                break;
            }
            n += 1;
            distinct.extend(m2.2.iter().copied());
        }
        if (distinct.len(), n) > (best.0, best.1) {
            best = (distinct.len(), n, start);
        }
    }
    let mut start = best.2;
    let end = (start + width).min(chars.len());
    if end - start < width {
        start = end.saturating_sub(width);
    }
    let mut out = String::new();
    let mut shift = 0;
    if start > 0 {
        out.push('…');
        shift = 1;
    }
    out.extend(chars[start..end].iter().map(|&c| if c == '\n' { ' ' } else { c }));
    if end < chars.len() {
        out.push('…');
    }
    let highlights = merged
        .iter()
        .filter(|m| m.0 >= start && m.1 <= end)
        .map(|m| [m.0 - start + shift, m.1 - start + shift])
        .collect();
    (out, highlights)
}

/// Marks the highlighted ranges of a snippet with `open` and `close`.
pub fn mark(snippet: &str, highlights: &[[usize; 2]], open: &str, close: &str) -> String {
    let mut out = String::with_capacity(snippet.len() + highlights.len() * (open.len() + close.len()));
    let mut h = highlights.iter().peekable();
    for (i, c) in snippet.chars().enumerate() {
        if let Some(r) = h.peek() {
            if r[0] == i {
                out.push_str(open);
            }
        }
        out.push(c);
        if let Some(r) = h.peek() {
            if r[1] == i + 1 {
                out.push_str(close);
                h.next();
            }
        }
    }
    out
}

/// The `yyyymmdd` key of a date string, as the index stores it (for tests).
pub fn date_index_key(s: &str) -> Option<i64> {
    date_key(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_language() {
        assert_eq!(parse_query("简单").unwrap(), Node::Text("简单".into()));
        assert_eq!(parse_query("\"万人助 万企\"").unwrap(), Node::Text("万人助 万企".into()));
        assert_eq!(parse_query("“万人助万企”").unwrap(), Node::Text("万人助万企".into()));
        assert_eq!(
            parse_query("a b OR c").unwrap(),
            Node::Or(vec![Node::And(vec![Node::Text("a".into()), Node::Text("b".into())]), Node::Text("c".into())])
        );
        assert_eq!(parse_query("a -b").unwrap(), Node::And(vec![Node::Text("a".into()), Node::Not(Box::new(Node::Text("b".into())))]));
        assert_eq!(parse_query("NOT b").unwrap(), Node::Not(Box::new(Node::Text("b".into()))));
        assert_eq!(
            parse_query("(a | b) person:李 ").unwrap(),
            Node::And(vec![Node::Or(vec![Node::Text("a".into()), Node::Text("b".into())]), Node::Field("person".into(), "李".into())])
        );
        assert_eq!(parse_query("").unwrap(), Node::All);
        assert_eq!(parse_query("a ) b").unwrap(), Node::And(vec![Node::Text("a".into()), Node::Text("b".into())]));
        assert_eq!(parse_query("2022-02-14").unwrap(), Node::Text("2022-02-14".into()));
    }

    #[test]
    fn hostile_queries_are_refused_not_recursed() {
        // each of these overflowed the stack before the depth limit
        for q in ["(".repeat(4500) + "x", "NOT ".repeat(3000) + "x", "-(".repeat(3000) + "x", "(".repeat(100_000)] {
            let e = parse_query(&q).unwrap_err();
            assert!(matches!(e, QueryError::TooDeep | QueryError::TooLong(_)), "{e}");
        }
        assert_eq!(parse_query(&("(".repeat(40) + "x")), Err(QueryError::TooDeep));
        assert_eq!(parse_query(&("NOT ".repeat(33) + "x")), Err(QueryError::TooDeep));
        // as deep as allowed still parses
        let ok = "(".repeat(MAX_QUERY_DEPTH) + "x" + &")".repeat(MAX_QUERY_DEPTH);
        assert_eq!(parse_query(&ok).unwrap(), Node::Text("x".into()));
        let many = vec!["词"; MAX_QUERY_TERMS + 1].join(" ");
        assert_eq!(parse_query(&many), Err(QueryError::TooManyTerms(MAX_QUERY_TERMS + 1)));
        assert!(parse_query(&"长".repeat(MAX_QUERY_CHARS + 1)).unwrap_err().to_string().contains("too long"));
    }

    #[test]
    fn snippets_mark_the_matched_characters() {
        let text = "开头一句。".repeat(20) + "安装简单，使用方便。" + &"结尾。".repeat(20);
        let (s, h) = snippet(&text, &["简单".into()], 30);
        assert_eq!(h.len(), 1);
        let marked = mark(&s, &h, "[", "]");
        assert!(marked.contains("安装[简单]，"), "{marked}");
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert_eq!(s.chars().count(), 32);
    }
}
