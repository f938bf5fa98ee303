//! `benbao bench-search`: search latency and correctness on an archive, with
//! queries drawn from a corpus (JSON lines with `paragraphs`), checked
//! against a brute-force scan of the stored texts.

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use crate::search::{SearchRequest, Searcher};
use crate::{tokenize, Error};

/// Correctness of one kind of query: the articles the index returns for each quoted
/// query against those whose searchable text contains it (a plain substring scan).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Check {
    /// Queries run.
    pub queries: usize,
    /// Queries whose hits all contain the text.
    pub all_hits_contain: usize,
    /// Hits the scan finds too (expected hits found), summed over the queries.
    pub found: u64,
    /// Articles the scan finds, summed over the queries.
    pub expected: u64,
    /// Hits whose searchable text does not contain the query, summed over the queries.
    pub false_hits: u64,
    /// `found / expected` (1 when nothing is expected).
    pub recall: f64,
    /// `found / (found + false_hits)` (1 when nothing is returned).
    pub precision: f64,
}

/// What `benbao bench-search` measured.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct BenchReport {
    /// Articles in the archive (all scanned for the expected hits).
    pub articles: usize,
    /// Searches timed: the phrase queries drawn (fewer than asked when the corpus yields too few).
    pub queries: usize,
    /// Median latency of a top-10 search with snippets, in milliseconds.
    pub p50_ms: f64,
    /// 95th percentile latency, in milliseconds.
    pub p95_ms: f64,
    /// 99th percentile latency, in milliseconds.
    pub p99_ms: f64,
    /// Slowest search, in milliseconds.
    pub max_ms: f64,
    /// Mean latency, in milliseconds.
    pub mean_ms: f64,
    /// Phrase queries (quoted corpus substrings of 2–12 characters).
    pub phrases: Check,
    /// Substrings inside longer jieba words (新区 of 高新区).
    pub substrings: Check,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn word_run(chars: &[char], at: usize, len: usize) -> bool {
    at + len <= chars.len() && chars[at..at + len].iter().all(|&c| tokenize::fold(c).is_some() && !c.is_ascii())
}

/// Draws `n` phrase queries and `n` inner-word substrings from the corpus.
pub fn draw_queries(corpus: &Path, n: usize, seed: u64) -> Result<(Vec<String>, Vec<String>), Error> {
    let text = std::fs::read_to_string(corpus).map_err(|e| Error::path(corpus, e))?;
    let mut paras: Vec<String> = Vec::new();
    for line in text.lines() {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
            if let Some(ps) = v.get("paragraphs").and_then(|p| p.as_array()) {
                paras.extend(ps.iter().filter_map(|p| p.as_str()).filter(|p| p.chars().count() >= 20).map(str::to_string));
            }
        }
    }
    if paras.is_empty() {
        return Err(Error::new(format!("{}: no paragraphs", corpus.display())));
    }
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut phrases = Vec::with_capacity(n);
    let lens = [2usize, 2, 3, 4, 4, 5, 6, 8, 10, 12];
    let mut guard = 0;
    while phrases.len() < n && guard < n * 100 {
        guard += 1;
        let p: Vec<char> = paras[rng.below(paras.len())].chars().collect();
        let len = lens[rng.below(lens.len())];
        if p.len() <= len {
            continue;
        }
        let at = rng.below(p.len() - len);
        if word_run(&p, at, len) {
            phrases.push(p[at..at + len].iter().collect());
        }
    }
    let mut subs = Vec::with_capacity(n);
    guard = 0;
    while subs.len() < n && guard < n * 100 {
        guard += 1;
        let p = &paras[rng.below(paras.len())];
        let words: Vec<String> = tokenize::word_tokens(p).into_iter().map(|t| t.text).filter(|w| w.chars().count() >= 3 && w.chars().all(|c| !c.is_ascii())).collect();
        if words.is_empty() {
            continue;
        }
        let w: Vec<char> = words[rng.below(words.len())].chars().collect();
        // a proper substring of 2..len-1 characters
        let len = 2 + rng.below(w.len() - 2);
        let at = rng.below(w.len() - len + 1);
        subs.push(w[at..at + len].iter().collect());
    }
    Ok((phrases, subs))
}

fn check(s: &Searcher, texts: &[(i64, String)], queries: &[String]) -> Result<Check, Error> {
    let mut c = Check { queries: queries.len(), ..Default::default() };
    for q in queries {
        let got = s.matching_ids(&SearchRequest { query: format!("\"{q}\""), ..Default::default() })?;
        let want: HashSet<i64> = texts.iter().filter(|(_, t)| t.contains(q.as_str())).map(|(id, _)| *id).collect();
        let by_id = |id: i64| texts.binary_search_by_key(&id, |(i, _)| *i).ok().map(|k| &texts[k].1);
        let contain = got.iter().filter(|id| by_id(**id).is_some_and(|t| t.contains(q.as_str()))).count();
        if contain == got.len() {
            c.all_hits_contain += 1;
        }
        c.found += got.intersection(&want).count() as u64;
        c.expected += want.len() as u64;
        c.false_hits += (got.len() - contain) as u64;
    }
    c.recall = if c.expected == 0 { 1.0 } else { c.found as f64 / c.expected as f64 };
    let returned = c.found + c.false_hits;
    c.precision = if returned == 0 { 1.0 } else { c.found as f64 / returned as f64 };
    Ok(c)
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let k = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[k]
}

/// Runs the benchmark: latency of `n` top-10 searches (with snippets), then
/// phrase and substring correctness against a scan of every stored text.
pub fn bench_search(dir: &Path, corpus: &Path, n: usize, seed: u64) -> Result<BenchReport, Error> {
    let s = Searcher::open(dir)?;
    let (phrases, subs) = draw_queries(corpus, n, seed)?;
    // warm up: the first query loads the word dictionary and the index files
    s.search(&SearchRequest { query: "中国".into(), ..Default::default() })?;
    let mut times = Vec::with_capacity(phrases.len());
    for (k, q) in phrases.iter().enumerate() {
        // alternate quoted phrases and bare terms: both go through the same path
        let query = if k % 2 == 0 { format!("\"{q}\"") } else { q.clone() };
        let t0 = Instant::now();
        s.search(&SearchRequest { query, limit: 10, ..Default::default() })?;
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    let mean = times.iter().sum::<f64>() / times.len().max(1) as f64;
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let mut st = s.db.prepare("SELECT id, kicker, headline, subheadline, text, overline FROM articles ORDER BY id")?;
    let texts: Vec<(i64, String)> = st
        .query_map([], |r| {
            let k: Option<String> = r.get(1)?;
            let h: Option<String> = r.get(2)?;
            let sub: Option<String> = r.get(3)?;
            let t: String = r.get(4)?;
            let o: Option<String> = r.get(5)?;
            Ok((r.get(0)?, tokenize::search_text([k.as_deref(), o.as_deref(), h.as_deref(), sub.as_deref()], &t)))
        })?
        .collect::<Result<_, _>>()?;
    drop(st);
    Ok(BenchReport {
        articles: texts.len(),
        queries: phrases.len(),
        p50_ms: pct(&times, 0.5),
        p95_ms: pct(&times, 0.95),
        p99_ms: pct(&times, 0.99),
        max_ms: times.last().copied().unwrap_or(0.0),
        mean_ms: mean,
        phrases: check(&s, &texts, &phrases)?,
        substrings: check(&s, &texts, &subs)?,
    })
}
