//! `benbao serve`: the archive over HTTP, with the standard library only (no
//! async runtime): a fixed pool of threads, each with its own [`Searcher`],
//! one request per connection.
//!
//! * `GET /` — a search page (form, ranked hits with marked snippets, facets
//!   as links, paging); the same parameters as the API;
//! * `GET /article/ID` — one article: its text, entities, events and the raw
//!   lines it was read from;
//! * `GET /api/search?q=…&from=…&to=…&paper=…&person=…&org=…&place=…&type=…&year=…&limit=…&offset=…&facets=1`
//!   — JSON as `benbao search --json`;
//! * `GET /api/article/ID` — JSON of one article with everything stored about it;
//! * `GET /api/stats` — JSON row counts.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};

use crate::search::{mark, SearchRequest, SearchResults, Searcher};
use crate::{store, Error};

const MAX_REQUEST: usize = 16 * 1024;

pub struct Server {
    listener: TcpListener,
    dir: PathBuf,
    threads: usize,
}

struct Response {
    status: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Response {
    fn json(v: &impl serde::Serialize) -> Response {
        Response { status: "200 OK", content_type: "application/json; charset=utf-8", body: serde_json::to_vec(v).unwrap_or_default() }
    }
    fn html(s: String) -> Response {
        Response { status: "200 OK", content_type: "text/html; charset=utf-8", body: s.into_bytes() }
    }
    fn error(status: &'static str, msg: &str, api: bool) -> Response {
        if api {
            Response { status, content_type: "application/json; charset=utf-8", body: serde_json::to_vec(&json!({ "error": msg })).unwrap_or_default() }
        } else {
            Response { status, content_type: "text/html; charset=utf-8", body: page(status, &format!("<p class=err>{}</p>", esc(msg))).into_bytes() }
        }
    }
}

impl Server {
    /// Opens the archive (an error if there is none) and binds `addr` (`127.0.0.1:8080`; port 0 picks one).
    pub fn bind(dir: &Path, addr: &str, threads: usize) -> Result<Server, Error> {
        drop(Searcher::open(dir)?);
        let listener = TcpListener::bind(addr).map_err(|e| Error::new(format!("cannot listen on {addr}: {e}")))?;
        Ok(Server { listener, dir: dir.to_path_buf(), threads: threads.max(1) })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// Serves until `stop` is set (then one more connection wakes the loop).
    pub fn run(self, stop: Arc<AtomicBool>) -> Result<(), Error> {
        let (tx, rx) = sync_channel::<TcpStream>(self.threads * 16);
        let rx = Arc::new(Mutex::new(rx));
        let mut workers = Vec::new();
        for _ in 0..self.threads {
            let searcher = Searcher::open(&self.dir)?;
            let rx = rx.clone();
            workers.push(std::thread::spawn(move || worker(searcher, rx)));
        }
        for conn in self.listener.incoming() {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            if let Ok(s) = conn {
                if tx.send(s).is_err() {
                    break;
                }
            }
        }
        drop(tx);
        for w in workers {
            let _ = w.join();
        }
        Ok(())
    }
}

fn worker(searcher: Searcher, rx: Arc<Mutex<Receiver<TcpStream>>>) {
    loop {
        let next = rx.lock().unwrap().recv();
        let Ok(stream) = next else { break };
        let _ = handle(stream, &searcher);
    }
}

fn handle(mut stream: TcpStream, s: &Searcher) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new((&stream).take(MAX_REQUEST as u64));
    let mut first = String::new();
    reader.read_line(&mut first)?;
    // the headers are read and ignored (one request per connection)
    loop {
        let mut h = String::new();
        let n = reader.read_line(&mut h)?;
        if n == 0 || h == "\r\n" || h == "\n" {
            break;
        }
    }
    let mut parts = first.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let resp = if method != "GET" && method != "HEAD" {
        Response::error("405 Method Not Allowed", "only GET", true)
    } else if target.is_empty() {
        Response::error("400 Bad Request", "bad request line", true)
    } else {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let params = parse_params(query);
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| route(s, &percent_decode(path), &params)))
            .unwrap_or_else(|_| Response::error("500 Internal Server Error", "internal error", path.starts_with("/api/")))
    };
    let head = format!(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\r\n",
        resp.status,
        resp.content_type,
        resp.body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&resp.body)?;
    }
    stream.flush()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() && hex(b[i + 1]).is_some() && hex(b[i + 2]).is_some() => {
                out.push(hex(b[i + 1]).unwrap() * 16 + hex(b[i + 2]).unwrap());
                i += 3;
                continue;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse_params(q: &str) -> Vec<(String, String)> {
    q.split('&').filter(|p| !p.is_empty()).map(|p| p.split_once('=').unwrap_or((p, ""))).map(|(k, v)| (percent_decode(k), percent_decode(v))).collect()
}

fn param<'a>(params: &'a [(String, String)], k: &str) -> Option<&'a str> {
    params.iter().find(|(key, v)| key == k && !v.trim().is_empty()).map(|(_, v)| v.trim())
}

fn request(params: &[(String, String)]) -> Result<SearchRequest, String> {
    let mut r = SearchRequest { query: param(params, "q").unwrap_or("").to_string(), ..Default::default() };
    let opt = |k: &str| param(params, k).map(str::to_string);
    r.from = opt("from");
    r.to = opt("to");
    r.paper = opt("paper");
    r.person = opt("person");
    r.org = opt("org");
    r.place = opt("place");
    r.event_type = opt("type");
    r.year = opt("year");
    for (k, v) in [("from", &r.from), ("to", &r.to)] {
        if let Some(v) = v {
            benbao::PageDate::parse(v).map_err(|e| format!("{k}: {e}"))?;
        }
    }
    let num = |k: &str, default: usize, max: usize| -> Result<usize, String> {
        match param(params, k) {
            None => Ok(default),
            Some(v) => v.parse::<usize>().map(|n| n.min(max)).map_err(|_| format!("{k}: expected a number, got {v:?}")),
        }
    };
    r.limit = num("limit", 20, 1000)?.max(1);
    r.offset = num("offset", 0, 100_000)?;
    r.facets = matches!(param(params, "facets"), Some("1" | "true" | "yes"));
    Ok(r)
}

fn route(s: &Searcher, path: &str, params: &[(String, String)]) -> Response {
    let api = path.starts_with("/api/");
    let article_id = |prefix: &str| path.strip_prefix(prefix).and_then(|id| id.trim_end_matches('/').parse::<i64>().ok());
    match path {
        "/api/search" => match request(params) {
            Err(e) => Response::error("400 Bad Request", &e, true),
            Ok(r) => match s.search(&r) {
                Ok(res) => Response::json(&res),
                Err(e) => Response::error("500 Internal Server Error", &e.to_string(), true),
            },
        },
        "/api/stats" => match store::stats(&s.db) {
            Ok(st) => Response::json(&st),
            Err(e) => Response::error("500 Internal Server Error", &e.to_string(), true),
        },
        "/" | "/search" => match request(params) {
            Err(e) => Response::error("400 Bad Request", &e, false),
            Ok(mut r) => {
                r.facets = true;
                let searched = param(params, "q").is_some() || r.paper.is_some() || r.person.is_some() || r.org.is_some() || r.event_type.is_some() || r.year.is_some() || r.from.is_some() || r.to.is_some();
                let res = if searched { s.search(&r).map(Some) } else { Ok(None) };
                match res {
                    Ok(res) => Response::html(search_page(&r, res.as_ref(), params)),
                    Err(e) => Response::error("500 Internal Server Error", &e.to_string(), false),
                }
            }
        },
        _ if api && article_id("/api/article/").is_some() => match article_json(&s.db, article_id("/api/article/").unwrap()) {
            Ok(Some(v)) => Response::json(&v),
            Ok(None) => Response::error("404 Not Found", "no such article", true),
            Err(e) => Response::error("500 Internal Server Error", &e.to_string(), true),
        },
        _ if article_id("/article/").is_some() => match article_json(&s.db, article_id("/article/").unwrap()) {
            Ok(Some(v)) => Response::html(article_page(&v, param(params, "q"))),
            Ok(None) => Response::error("404 Not Found", "no such article", false),
            Err(e) => Response::error("500 Internal Server Error", &e.to_string(), false),
        },
        _ => Response::error("404 Not Found", "not found", api),
    }
}

fn json_col(s: Option<String>) -> Value {
    s.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or(Value::Null)
}

/// Everything stored about one article, as JSON; None if there is no such article.
pub fn article_json(db: &Connection, id: i64) -> Result<Option<Value>, Error> {
    let row = db
        .query_row(
            "SELECT a.page_id, p.paper, p.date, p.path, a.sheet, a.line_first, a.line_last, a.kicker, a.headline, a.subheadline, a.dateline, a.date,
                    a.byline, a.continued, a.warnings, a.text, p.raw
             FROM articles a JOIN pages p ON p.id = a.page_id WHERE a.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, i64>(6)?,
                    [r.get::<_, Option<String>>(7)?, r.get::<_, Option<String>>(8)?, r.get::<_, Option<String>>(9)?, r.get::<_, Option<String>>(10)?, r.get::<_, Option<String>>(11)?],
                    r.get::<_, Option<String>>(12)?,
                    r.get::<_, bool>(13)?,
                    r.get::<_, Option<String>>(14)?,
                    r.get::<_, String>(15)?,
                    r.get::<_, String>(16)?,
                ))
            },
        )
        .optional()?;
    let Some((page_id, paper, page_date, path, sheet, l0, l1, [kicker, headline, sub, dateline, date], byline, continued, warnings, text, raw)) = row else {
        return Ok(None);
    };
    let mentions = |kind: &str, eid: i64| -> Result<Vec<[i64; 2]>, Error> {
        let mut st = db.prepare_cached("SELECT start, end FROM mentions WHERE kind = ?1 AND entity_id = ?2 ORDER BY start")?;
        let v = st.query_map(params![kind, eid], |r| Ok([r.get(0)?, r.get(1)?]))?.collect::<Result<_, _>>()?;
        Ok(v)
    };
    let mut people = Vec::new();
    {
        let mut st = db.prepare_cached("SELECT id, name, title FROM people WHERE article_id = ?1 ORDER BY id")?;
        let rows: Vec<(i64, String, Option<String>)> = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
        let mut posts = db.prepare_cached("SELECT post, organization FROM posts WHERE person_id = ?1 ORDER BY idx")?;
        for (pid, name, title) in rows {
            let ps: Vec<Value> = posts.query_map([pid], |r| Ok(json!({"post": r.get::<_, String>(0)?, "organization": r.get::<_, Option<String>>(1)?})))?.collect::<Result<_, _>>()?;
            people.push(json!({"name": name, "title": title, "posts": ps, "mentions": mentions("person", pid)?}));
        }
    }
    let mut organizations = Vec::new();
    {
        let mut st = db.prepare_cached("SELECT id, name FROM organizations WHERE article_id = ?1 ORDER BY id")?;
        let rows: Vec<(i64, String)> = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        for (oid, name) in rows {
            organizations.push(json!({"name": name, "mentions": mentions("organization", oid)?}));
        }
    }
    let mut places = Vec::new();
    {
        let mut st = db.prepare_cached("SELECT id, name, code, level FROM places WHERE article_id = ?1 ORDER BY id")?;
        let rows: Vec<(i64, String, Option<String>, Option<String>)> = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<Result<_, _>>()?;
        for (plid, name, code, level) in rows {
            places.push(json!({"name": name, "code": code, "level": level, "mentions": mentions("place", plid)?}));
        }
    }
    let mut events = Vec::new();
    {
        let mut st = db.prepare_cached("SELECT id, type, date, organizer, place, topic, actors, participants FROM events WHERE article_id = ?1 ORDER BY idx")?;
        #[allow(clippy::type_complexity)]
        let rows: Vec<(i64, String, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>)> =
            st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)))?.collect::<Result<_, _>>()?;
        let mut dirs = db.prepare_cached("SELECT text, speaker FROM directives WHERE event_id = ?1 ORDER BY idx")?;
        for (eid, kind, edate, organizer, place, topic, actors, participants) in rows {
            let ds: Vec<Value> = dirs.query_map([eid], |r| Ok(json!({"text": r.get::<_, String>(0)?, "speaker": r.get::<_, Option<String>>(1)?})))?.collect::<Result<_, _>>()?;
            events.push(json!({"type": kind, "date": edate, "actors": json_col(actors), "organizer": organizer, "place": place, "topic": topic,
                "participants": json_col(participants), "directives": ds}));
        }
    }
    let raw_lines: Vec<&str> = raw.split('\n').map(|l| l.trim_start_matches('\u{0c}')).collect();
    let span: Vec<&str> = raw_lines.get((l0 - 1).max(0) as usize..(l1 as usize).min(raw_lines.len())).map(|s| s.to_vec()).unwrap_or_default();
    let paragraphs: Vec<&str> = text.split('\n').collect();
    Ok(Some(json!({
        "article_id": id, "page_id": page_id, "paper": paper, "page_date": page_date, "path": path, "sheet": sheet, "lines": [l0, l1],
        "kicker": kicker, "headline": headline, "subheadline": sub, "dateline": dateline, "date": date,
        "byline": json_col(byline), "continued": continued, "warnings": json_col(warnings),
        "paragraphs": paragraphs, "people": people, "organizations": organizations, "places": places, "events": events,
        "raw_lines": span,
    })))
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn url_enc(s: &str) -> String {
    let mut o = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => o.push(b as char),
            _ => o.push_str(&format!("%{b:02X}")),
        }
    }
    o
}

const STYLE: &str = "body{font-family:system-ui,'Noto Sans CJK SC','PingFang SC',sans-serif;max-width:58rem;margin:1.5rem auto;padding:0 1rem;line-height:1.6;color:#222}
form{display:flex;flex-wrap:wrap;gap:.4rem;margin-bottom:1rem}form input{padding:.3rem .4rem;font-size:1rem}form input[name=q]{flex:1 1 20rem}
mark{background:#ffe066;padding:0 .1rem}.hit{margin:1.1rem 0}.meta{color:#666;font-size:.85rem}.facets{font-size:.85rem;color:#444;border-top:1px solid #ddd;margin-top:1.5rem;padding-top:.5rem}
.facets a{margin-right:.6rem}.err{color:#b00}pre{background:#f6f6f6;padding:.6rem;overflow-x:auto;font-size:.8rem}a{color:#0645ad;text-decoration:none}h1 a{color:inherit}";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=zh><head><meta charset=utf-8><meta name=viewport content='width=device-width,initial-scale=1'><title>{} · benbao</title><style>{STYLE}</style></head><body><h1><a href='/'>本报 benbao</a></h1>{body}</body></html>",
        esc(title)
    )
}

fn search_page(r: &SearchRequest, res: Option<&SearchResults>, params: &[(String, String)]) -> String {
    let v = |k: &str| esc(param(params, k).unwrap_or(""));
    let mut b = format!(
        "<form action='/' method=get><input name=q value=\"{}\" placeholder='简单  \"万人助万企\"  A OR B  -C' autofocus>\
         <input name=from value=\"{}\" placeholder='from 2022-01' size=10><input name=to value=\"{}\" placeholder='to 2022-12-31' size=10>\
         <input name=paper value=\"{}\" placeholder=paper size=8><input name=person value=\"{}\" placeholder=person size=8>\
         <input name=type value=\"{}\" placeholder='event type' size=10><button>搜索</button></form>",
        v("q"),
        v("from"),
        v("to"),
        v("paper"),
        v("person"),
        v("type")
    );
    let Some(res) = res else {
        b.push_str("<p class=meta>Terms are found inside words too (简单 finds 安装简单); \"quotes\" keep a phrase with spaces together; AND, OR, NOT or -term; paper:, person:, org:, type:, year: filter.</p>");
        return page("search", &b);
    };
    let link = |changes: &[(&str, String)]| -> String {
        let mut ps: Vec<(String, String)> = params.iter().filter(|(k, _)| !changes.iter().any(|(c, _)| c == k) && k != "offset").cloned().collect();
        for (k, val) in changes {
            if !val.is_empty() {
                ps.push((k.to_string(), val.clone()));
            }
        }
        let q: Vec<String> = ps.iter().map(|(k, v)| format!("{}={}", url_enc(k), url_enc(v))).collect();
        format!("/?{}", q.join("&"))
    };
    b.push_str(&format!("<p class=meta>{} articles · {:.1} ms</p>", res.total, res.took_ms));
    for h in &res.hits {
        let date = h.date.as_deref().or(h.page_date.as_deref()).unwrap_or("");
        let title = h.headline.as_deref().or(h.kicker.as_deref()).unwrap_or("(无标题)");
        let snippet = marked_html(&h.snippet, &h.highlights);
        b.push_str(&format!(
            "<div class=hit><a href='/article/{}?q={}'>{}</a><div>{}</div><div class=meta>{} · {} · {}:{}–{}</div></div>",
            h.article_id,
            url_enc(&r.query),
            esc(title),
            snippet,
            esc(date),
            esc(h.paper.as_deref().unwrap_or("-")),
            esc(&h.path),
            h.lines[0],
            h.lines[1]
        ));
    }
    let mut nav = Vec::new();
    if r.offset > 0 {
        nav.push(format!("<a href='{}&offset={}'>← prev</a>", link(&[]), r.offset.saturating_sub(r.limit)));
    }
    if r.offset + res.hits.len() < res.total {
        nav.push(format!("<a href='{}&offset={}'>next →</a>", link(&[]), r.offset + r.limit));
    }
    if !nav.is_empty() {
        b.push_str(&format!("<p>{}</p>", nav.join(" · ")));
    }
    if !res.facets.is_empty() {
        b.push_str("<div class=facets>");
        for (name, counts) in &res.facets {
            let key = match name.as_str() {
                "organization" => "org",
                "event_type" => "type",
                n => n,
            };
            let links: Vec<String> = counts.iter().map(|c| format!("<a href='{}'>{}</a>({})", esc(&link(&[(key, c.value.clone())])), esc(&c.value), c.count)).collect();
            if !links.is_empty() {
                b.push_str(&format!("<div><b>{}</b>: {}</div>", esc(name), links.join(" ")));
            }
        }
        b.push_str("</div>");
    }
    page(if r.query.is_empty() { "search" } else { &r.query }, &b)
}

/// HTML of a text with character ranges marked: marked with private-use
/// characters first (the ranges count characters), then escaped.
fn marked_html(text: &str, ranges: &[[usize; 2]]) -> String {
    let clean: String = text.chars().map(|c| if c == '\u{E000}' || c == '\u{E001}' { ' ' } else { c }).collect();
    esc(&mark(&clean, ranges, "\u{E000}", "\u{E001}")).replace('\u{E000}', "<mark>").replace('\u{E001}', "</mark>")
}

fn article_page(v: &Value, q: Option<&str>) -> String {
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(esc);
    let title = s("headline").or_else(|| s("kicker")).unwrap_or_else(|| "(无标题)".into());
    let mut needles = Vec::new();
    if let Some(q) = q {
        crate::search::positive_texts(&crate::search::parse_query(q), &mut needles);
    }
    let mut b = String::new();
    if let Some(k) = s("kicker") {
        b.push_str(&format!("<div class=meta>{k}</div>"));
    }
    b.push_str(&format!("<h2>{title}</h2>"));
    if let Some(sub) = s("subheadline") {
        b.push_str(&format!("<h3>{sub}</h3>"));
    }
    let by = &v["byline"];
    let names = |k: &str| by.get(k).and_then(|x| x.as_array()).map(|a| a.iter().filter_map(|n| n.as_str()).collect::<Vec<_>>().join("、")).unwrap_or_default();
    b.push_str(&format!(
        "<div class=meta>{} · {} · {} · 记者 {} · 通讯员 {}</div>",
        esc(v["date"].as_str().or(v["page_date"].as_str()).unwrap_or("")),
        esc(v["paper"].as_str().unwrap_or("-")),
        esc(v["dateline"].as_str().unwrap_or("")),
        esc(&names("reporters")),
        esc(&names("correspondents"))
    ));
    for p in v["paragraphs"].as_array().into_iter().flatten().filter_map(|p| p.as_str()) {
        let html = if needles.is_empty() {
            esc(p)
        } else {
            let f = crate::tokenize::folded(p);
            let mut spans: Vec<[usize; 2]> = needles.iter().flat_map(|n| crate::tokenize::find_all(&f, n)).map(|(a, b)| [a, b]).collect();
            spans.sort();
            spans.dedup_by(|b, a| b[0] < a[1]);
            marked_html(p, &spans)
        };
        b.push_str(&format!("<p>{html}</p>"));
    }
    let list = |k: &str, f: &dyn Fn(&Value) -> String| -> String {
        v[k].as_array().map(|a| a.iter().map(f).collect::<Vec<_>>().join("、")).unwrap_or_default()
    };
    b.push_str("<div class=facets>");
    b.push_str(&format!(
        "<div><b>people</b>: {}</div>",
        list("people", &|p| {
            let n = p["name"].as_str().unwrap_or("");
            let t = p["title"].as_str().map(esc).unwrap_or_default();
            format!("{t}<a href='/?person={}'>{}</a>", url_enc(n), esc(n))
        })
    ));
    b.push_str(&format!("<div><b>organizations</b>: {}</div>", list("organizations", &|o| esc(o["name"].as_str().unwrap_or("")))));
    b.push_str(&format!("<div><b>places</b>: {}</div>", list("places", &|o| esc(o["name"].as_str().unwrap_or("")))));
    for e in v["events"].as_array().into_iter().flatten() {
        let actors = e["actors"].as_array().map(|a| a.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join("、")).unwrap_or_default();
        b.push_str(&format!(
            "<div><b>event</b>: <a href='/?type={}'>{}</a> {} {} {}</div>",
            url_enc(e["type"].as_str().unwrap_or("")),
            esc(e["type"].as_str().unwrap_or("")),
            esc(e["date"].as_str().unwrap_or("")),
            esc(&actors),
            esc(e["topic"].as_str().or(e["place"].as_str()).unwrap_or(""))
        ));
        for d in e["directives"].as_array().into_iter().flatten() {
            b.push_str(&format!("<div>— {}</div>", esc(d["text"].as_str().unwrap_or(""))));
        }
    }
    b.push_str("</div>");
    let l0 = v["lines"][0].as_i64().unwrap_or(1);
    let raw: Vec<String> =
        v["raw_lines"].as_array().into_iter().flatten().enumerate().map(|(i, l)| format!("{:>5}  {}", l0 + i as i64, esc(l.as_str().unwrap_or("")))).collect();
    b.push_str(&format!("<h4>{} lines {}–{}</h4><pre>{}</pre>", esc(v["path"].as_str().unwrap_or("")), l0, v["lines"][1], raw.join("\n")));
    page(&title, &b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings() {
        assert_eq!(percent_decode("%E4%B8%87%E4%BA%BA+a%2Bb%"), "万人 a+b%");
        assert_eq!(percent_decode("%zz"), "%zz");
        let p = parse_params("q=%22%E5%8A%A9%22&limit=5&x");
        assert_eq!(param(&p, "q"), Some("\"助\""));
        assert_eq!(request(&p).unwrap().limit, 5);
        assert!(request(&parse_params("from=2022-13")).is_err());
        assert_eq!(url_enc("a b/万"), "a%20b%2F%E4%B8%87");
        assert_eq!(esc("<a href='x'>&"), "&lt;a href=&#39;x&#39;&gt;&amp;");
        assert_eq!(marked_html("a<b>简单", &[[4, 6]]), "a&lt;b&gt;<mark>简单</mark>");
    }
}
