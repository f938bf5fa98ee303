//! The HTTP API over a real socket, on an archive of the seed page and a
//! generated one: every answer is checked against openapi.json (statuses and
//! response schemas), then what it says is checked against the page.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use benbao_archive::export::{self, Format, What};
use benbao_archive::{ingest, IngestOptions};
use benbao_serve::{Config, Server};
use serde_json::Value;

/// A temporary folder: its path, and the guard that removes it when the test ends.
struct TempDir(PathBuf, #[allow(dead_code)] tempfile::TempDir);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let t = tempfile::Builder::new().prefix(&format!("benbao-api-{tag}-")).tempdir().unwrap();
        TempDir(t.path().to_path_buf(), t)
    }
}

struct Answer {
    status: u16,
    head: String,
    body: String,
    /// The body as sent, bytes.
    bytes: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

fn request(addr: SocketAddr, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    let _ = s.write_all(body);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let at = buf.windows(4).position(|w| w == b"\r\n\r\n").map_or(buf.len(), |i| i + 4);
    let bytes = buf.split_off(at);
    let head = String::from_utf8_lossy(&buf).trim_end().to_string();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Answer { status, head, body: String::from_utf8_lossy(&bytes).to_string(), bytes }
}

/// A body sent in chunks (`Transfer-Encoding: chunked`), put together.
fn unchunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&rest[..eol]).to_string();
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or_else(|_| panic!("not a chunk size: {size:?}"));
        if n == 0 {
            break;
        }
        out.extend_from_slice(&rest[eol + 2..eol + 2 + n]);
        rest = &rest[eol + 2 + n + 2..];
    }
    out
}

fn get(addr: SocketAddr, target: &str) -> Answer {
    request(addr, "GET", target, &[], b"")
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Checks a JSON value against an OpenAPI 3.0 schema (the parts openapi.json uses).
fn conforms(spec: &Value, schema: &Value, v: &Value, at: &str) -> Result<(), String> {
    if let Some(r) = schema.get("$ref").and_then(|r| r.as_str()) {
        let name = r.rsplit('/').next().unwrap();
        return conforms(spec, &spec["components"]["schemas"][name], v, at);
    }
    if v.is_null() {
        return if schema["nullable"] == Value::Bool(true) || schema.get("type").is_none() { Ok(()) } else { Err(format!("{at}: null where {schema} wants a value")) };
    }
    let ok = match schema.get("type").and_then(|t| t.as_str()) {
        None => true,
        Some("object") => v.is_object(),
        Some("array") => v.is_array(),
        Some("string") => v.is_string(),
        Some("integer") => v.is_i64() || v.is_u64(),
        Some("number") => v.is_number(),
        Some("boolean") => v.is_boolean(),
        Some(t) => return Err(format!("{at}: unknown type {t}")),
    };
    if !ok {
        return Err(format!("{at}: {v} is not a {}", schema["type"]));
    }
    if let Some(e) = schema.get("enum").and_then(|e| e.as_array()) {
        if !e.contains(v) {
            return Err(format!("{at}: {v} not in {schema}"));
        }
    }
    if let Some(obj) = v.as_object() {
        for req in schema.get("required").and_then(|r| r.as_array()).into_iter().flatten() {
            let k = req.as_str().unwrap();
            if !obj.contains_key(k) {
                return Err(format!("{at}: required property {k} missing"));
            }
        }
        for (k, val) in obj {
            if let Some(ps) = schema.get("properties").and_then(|p| p.get(k)) {
                conforms(spec, ps, val, &format!("{at}.{k}"))?;
            } else if let Some(ap) = schema.get("additionalProperties").filter(|a| a.is_object()) {
                conforms(spec, ap, val, &format!("{at}.{k}"))?;
            } else if schema.get("properties").is_some() {
                // a field the description does not know: the two have drifted apart
                return Err(format!("{at}: property {k} is not in openapi.json"));
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for (i, x) in arr.iter().enumerate() {
            conforms(spec, items, x, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

/// The answer must be one the spec lists for this operation, with a body of its schema.
fn check(spec: &Value, path: &str, method: &str, a: &Answer) {
    let op = &spec["paths"][path][method];
    assert!(op.is_object(), "{method} {path} is not in openapi.json");
    let resp = &op["responses"][a.status.to_string()];
    assert!(resp.is_object(), "{method} {path} answered {} which openapi.json does not list: {}", a.status, a.body);
    if let Some(schema) = resp.pointer("/content/application~1json/schema") {
        assert!(a.head.to_ascii_lowercase().contains("content-type: application/json"), "{}", a.head);
        conforms(spec, schema, &a.json(), &format!("{method} {path} {}", a.status)).unwrap();
    }
}

fn archive_of_fixtures(tmp: &Path) -> PathBuf {
    let pages = tmp.join("pages/zzgx/2022-02-14");
    std::fs::create_dir_all(&pages).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    std::fs::copy(fixtures.join("seed/0000.txt"), pages.join("01.txt")).unwrap();
    std::fs::copy(fixtures.join("layouts/0000.txt"), pages.join("02.txt")).unwrap();
    let archive = tmp.join("archive");
    let r = ingest(&archive, &[tmp.join("pages").display().to_string()], &IngestOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(r.progress.added, 2);
    archive
}

fn start(config: Config) -> SocketAddr {
    let server = Server::bind(config).unwrap();
    let addr = server.local_addr();
    std::thread::spawn(move || server.run(std::future::pending()));
    addr
}

fn spec() -> Value {
    serde_json::from_str(include_str!("../openapi.json")).unwrap()
}

#[test]
fn read_only_api_answers_as_documented() {
    let tmp = TempDir::new("read");
    let archive = archive_of_fixtures(&tmp.0);
    let addr = start(Config { bind: "127.0.0.1:0".into(), threads: 2, ..Config::new(archive.clone()) });
    let spec = spec();

    // the description is served as it is in the repository
    let a = get(addr, "/api/openapi.json");
    assert_eq!(a.status, 200);
    assert_eq!(a.json(), spec);

    // search: a phrase, a filter, facets; the highlight is the phrase
    let a = get(addr, &format!("/api/search?q={}&paper=zzgx&facets=1&limit=5", enc("\"万人助万企\"")));
    check(&spec, "/api/search", "get", &a);
    let v = a.json();
    assert!(v["total"].as_u64().unwrap() >= 1, "{v}");
    let hit = &v["hits"][0];
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    let h = &hit["highlights"][0];
    assert_eq!(snippet[h[0].as_u64().unwrap() as usize..h[1].as_u64().unwrap() as usize].iter().collect::<String>(), "万人助万企");
    assert_eq!(v["facets"]["paper"][0]["value"], "zzgx");
    // a substring inside a longer word is found
    let a = get(addr, &format!("/api/search?q={}", enc("助万")));
    assert!(a.json()["total"].as_u64().unwrap() >= 1);

    // one article: text, entities, the raw lines it came from
    let id = hit["article_id"].as_i64().unwrap();
    let a = get(addr, &format!("/api/article/{id}"));
    check(&spec, "/api/article/{id}", "get", &a);
    let art = a.json();
    assert!(art["paragraphs"].as_array().unwrap().iter().any(|p| p.as_str().unwrap().contains("万人助万企")));
    let lines = art["lines"].as_array().unwrap();
    let raw = art["raw_lines"].as_array().unwrap();
    assert_eq!(raw.len() as i64, lines[1].as_i64().unwrap() - lines[0].as_i64().unwrap() + 1);
    let raw_text: String = raw.iter().flat_map(|l| l.as_str().unwrap().chars()).filter(|c| !c.is_whitespace()).collect();
    assert!(raw_text.contains("万人助万企"), "{raw_text}");
    assert_eq!(art["paper"], "zzgx");

    // a person through time: posts with dates, the inspection of 2月9日 with its three directives
    let a = get(addr, &format!("/api/person/{}", enc("王德敏")));
    check(&spec, "/api/person/{name}", "get", &a);
    let p = a.json();
    assert_eq!(p["name"], "王德敏");
    assert!(p["articles"].as_u64().unwrap() >= 2);
    assert!(p["posts"].as_array().unwrap().iter().any(|x| x["post"] == "副主任" && x["organization"] == "管委会"), "{}", p["posts"]);
    let insp: Vec<&Value> = p["events"].as_array().unwrap().iter().filter(|e| e["type"] == "inspection").collect();
    assert_eq!(insp.len(), 1, "{}", p["events"]);
    assert_eq!(insp[0]["date"], "2022-02-09");
    assert_eq!(insp[0]["place"], "石佛园区运营中心");
    assert_eq!(insp[0]["directives"].as_array().unwrap().len(), 3);
    let a = get(addr, &format!("/api/person/{}", enc("没有这个人")));
    check(&spec, "/api/person/{name}", "get", &a);
    assert_eq!(a.status, 404);

    // an organization: who holds posts there
    let a = get(addr, &format!("/api/org/{}", enc("管委会")));
    check(&spec, "/api/org/{name}", "get", &a);
    let o = a.json();
    assert!(o["people"].as_array().unwrap().iter().any(|x| x["name"] == "王德敏" && x["posts"].as_array().unwrap().contains(&Value::from("副主任"))), "{}", o["people"]);
    assert_eq!(get(addr, &format!("/api/org/{}", enc("不存在的机构"))).status, 404);

    // events: by type, by date range, by place, by person; counts by type
    let a = get(addr, "/api/events?limit=1000");
    check(&spec, "/api/events", "get", &a);
    let all = a.json();
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 5);
    let by_type: u64 = all["types"].as_array().unwrap().iter().map(|c| c["count"].as_u64().unwrap()).sum();
    assert_eq!(by_type, total);
    let a = get(addr, "/api/events?type=study_visit");
    check(&spec, "/api/events", "get", &a);
    let sv = a.json();
    assert!(sv["total"].as_u64().unwrap() >= 3);
    assert!(sv["events"].as_array().unwrap().iter().all(|e| e["type"] == "study_visit"));
    let a = get(addr, "/api/events?from=2022-02-10&to=2022-02-11");
    check(&spec, "/api/events", "get", &a);
    let feb = a.json();
    assert!(feb["total"].as_u64().unwrap() >= 1);
    for e in feb["events"].as_array().unwrap() {
        let d = e["date"].as_str().unwrap();
        assert!(("2022-02-10"..="2022-02-11").contains(&d), "{d}");
    }
    let month = get(addr, "/api/events?to=2022-02").json();
    assert!(month["events"].as_array().unwrap().iter().any(|e| e["date"] == "2022-02-11"), "to=2022-02 keeps the whole month");
    // dates written loosely mean the same
    assert_eq!(get(addr, "/api/events?from=2022-2&to=2022/2/11").json()["total"], get(addr, "/api/events?from=2022-02&to=2022-02-11").json()["total"]);
    assert!(get(addr, "/api/events?from=2022-2").json()["total"].as_u64().unwrap() >= 1);
    let place = get(addr, &format!("/api/events?place={}", enc("石佛"))).json();
    assert_eq!(place["total"], 1);
    assert_eq!(place["events"][0]["place"], "石佛园区运营中心");
    let a = get(addr, &format!("/api/events?person={}", enc("王德敏")));
    check(&spec, "/api/events", "get", &a);
    let person = a.json();
    assert!(person["total"].as_u64().unwrap() >= 2);
    assert_eq!(person["total"], p["events_total"], "the person page and the filter agree");
    assert!(person["events"].as_array().unwrap().iter().all(|e| ["actors", "counterparts", "participants"]
        .iter()
        .any(|k| e[k].as_array().unwrap().contains(&Value::from("王德敏")))));
    // the hosts of the seed's three study visits: 王德敏 receives all three delegations
    let visits: Vec<&Value> = person["events"].as_array().unwrap().iter().filter(|e| e["type"] == "study_visit").collect();
    assert_eq!(visits.len(), 3, "{visits:?}");
    let mut origins: Vec<&str> = visits.iter().map(|e| e["origin_code"].as_str().unwrap()).collect();
    origins.sort();
    assert_eq!(origins, ["410300", "410800", "411103"]);
    assert!(visits.iter().all(|e| e["destination_code"] == "410100" && e["counterparts"][0] == "王德敏"));
    let a = get(addr, "/api/events?type=visit");
    check(&spec, "/api/events", "get", &a);
    assert_eq!(a.status, 400, "an unknown event type is an error, not an empty list");
    for bad in ["limit=0", "limit=1001", "offset=1000001"] {
        let a = get(addr, &format!("/api/events?{bad}"));
        check(&spec, "/api/events", "get", &a);
        assert_eq!(a.status, 400, "{bad}");
    }
    // a name that is not UTF-8: a JSON 400
    let a = get(addr, "/api/person/%FF%FE");
    check(&spec, "/api/person/{name}", "get", &a);
    assert_eq!(a.status, 400);

    let a = get(addr, "/api/stats");
    check(&spec, "/api/stats", "get", &a);
    assert_eq!(a.json()["pages"], 2);
    assert_eq!(a.json()["read_only"], true);

    // bad requests say what is wrong
    let a = get(addr, "/api/search?q=x&from=2022-13");
    check(&spec, "/api/search", "get", &a);
    assert_eq!(a.status, 400);
    assert!(a.json()["error"].as_str().unwrap().contains("from"));
    let a = get(addr, "/api/article/abc");
    check(&spec, "/api/article/{id}", "get", &a);
    assert_eq!(a.status, 400);
    assert_eq!(get(addr, "/api/article/999999").status, 404);
    assert_eq!(get(addr, "/api/events?limit=lots").status, 400);

    // the study-visit network: the seed's three delegations to 郑州高新区, one edge each
    let a = get(addr, "/api/network");
    check(&spec, "/api/network", "get", &a);
    let v = a.json();
    let mut edges: Vec<(String, String, u64)> = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["origin"]["code"].as_str().unwrap().into(), e["destination"]["code"].as_str().unwrap().into(), e["visits"].as_u64().unwrap()))
        .collect();
    edges.sort();
    assert_eq!(edges, ["410300", "410800", "411103"].map(|o| (o.to_string(), "410100".to_string(), 1)).to_vec());
    let a = get(addr, "/api/network?year=2022&origin=411103&destination=410100");
    check(&spec, "/api/network", "get", &a);
    let visits = a.json()["visits"].as_array().unwrap().clone();
    assert_eq!(visits.len(), 1);
    assert_eq!((visits[0]["leaders"].clone(), visits[0]["hosts"].clone()), (serde_json::json!(["李占宾"]), serde_json::json!(["王德敏"])));
    assert_eq!(get(addr, "/api/network?year=2021").json()["edges"], serde_json::json!([]));
    for bad in ["/api/network?year=22", "/api/network?origin=411103"] {
        let a = get(addr, bad);
        check(&spec, "/api/network", "get", &a);
        assert_eq!(a.status, 400, "{bad}");
    }
    // a locality: the delegations it received
    let a = get(addr, "/api/place/410100");
    check(&spec, "/api/place/{code}", "get", &a);
    let v = a.json();
    assert_eq!(v["locality"]["name"], "郑州高新区");
    assert_eq!(v["visits_in"].as_array().unwrap().len(), 3);
    let a = get(addr, "/api/place/411103");
    check(&spec, "/api/place/{code}", "get", &a);
    assert_eq!(a.json()["visits_out"].as_array().unwrap().len(), 1);
    let a = get(addr, "/api/place/999999");
    check(&spec, "/api/place/{code}", "get", &a);
    assert_eq!(a.status, 404);

    // every research table downloads as `benbao export` writes it, streamed
    let db = benbao_archive::Archive::open(&archive).unwrap().db;
    for (file, what, format, bom) in [
        ("spells.csv?bom=1", What::Spells, Format::Csv, true),
        ("panel.jsonl", What::Panel, Format::Jsonl, false),
        ("dyads.csv", What::Dyads, Format::Csv, false),
        ("people.dta", What::People, Format::Dta, false),
    ] {
        let a = get(addr, &format!("/api/export/{file}"));
        check(&spec, "/api/export/{file}", "get", &a);
        assert_eq!(a.status, 200, "{file}: {}", a.body);
        let name = file.split('?').next().unwrap();
        assert!(a.head.contains(&format!("attachment; filename=\"{name}\"")), "{}", a.head);
        let mut want = Vec::new();
        export::export(&db, what, format, bom, &mut want).unwrap();
        assert!(a.head.to_ascii_lowercase().contains("transfer-encoding: chunked"), "{}", a.head);
        assert!(unchunk(&a.bytes) == want, "{file}: the download is not the export");
    }
    for bad in ["nothing.csv", "spells.xlsx", "spells", "spells.dta?bom=1"] {
        let a = get(addr, &format!("/api/export/{bad}"));
        check(&spec, "/api/export/{file}", "get", &a);
        assert_eq!(a.status, 400, "{bad}");
        assert!(a.json()["error"].as_str().unwrap().contains(if bad.contains("bom") { "bom" } else { "expected TABLE.FORMAT" }), "{bad}: {}", a.body);
    }

    // read-only: no page can be added
    let a = request(addr, "POST", "/api/pages", &[("Authorization", "Bearer whatever-token-123456")], b"text");
    check(&spec, "/api/pages", "post", &a);
    assert_eq!(a.status, 403);
    assert_eq!(get(addr, "/api/stats").json()["pages"], 2);
}

#[test]
fn web_pages_render_and_escape() {
    let tmp = TempDir::new("html");
    let archive = archive_of_fixtures(&tmp.0);
    let addr = start(Config { bind: "127.0.0.1:0".into(), threads: 2, ..Config::new(archive) });

    // the search page marks the matches and escapes what it echoes
    let a = get(addr, &format!("/?q={}", enc("万人助万企 <script>")));
    assert_eq!(a.status, 200);
    assert!(a.head.to_ascii_lowercase().contains("text/html"));
    assert!(!a.body.contains("<script>") && a.body.contains("&lt;script&gt;"));
    let a = get(addr, &format!("/?q={}", enc("万人助万企")));
    assert!(a.body.contains("<mark>万人助万企</mark>"), "{}", a.body);
    assert!(a.body.contains("lang=\"zh-CN\"") && a.body.contains("/static/style.css"));
    // no page refers to anything outside this server
    let id = get(addr, &format!("/api/search?q={}", enc("王德敏"))).json()["hits"][0]["article_id"].as_i64().unwrap();
    let pages = ["/".to_string(), "/events".into(), "/tables".into(), "/network".into(), "/place/410100".into(), "/static/style.css".into(), format!("/article/{id}"), format!("/person/{}", enc("王德敏")), format!("/org/{}", enc("管委会"))];
    for target in &pages {
        let a = get(addr, target);
        assert_eq!(a.status, 200, "{target}");
        // the SVG's namespace is a name, not a fetch
        let b = a.body.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(!b.contains("http://") && !b.contains("https://") && !b.contains("//cdn") && !b.contains("<script"), "{target} fetches from elsewhere");
        assert!(a.head.to_ascii_lowercase().contains("content-security-policy: default-src 'none'"), "{target}: {}", a.head);
    }
    // the network page draws the seed's three visits as arrows, each linking to its visits, each locality to its page
    let a = get(addr, "/network");
    assert!(a.body.contains("<svg class=\"network\""), "{}", a.body);
    assert_eq!(a.body.matches("<line class=\"edge").count(), 3);
    assert!(a.body.contains("href=\"/network?origin=411103&amp;destination=410100\"") && a.body.contains("href=\"/place/411103\""));
    let a = get(addr, "/network?origin=411103&destination=410100");
    assert!(a.body.contains("<line class=\"edge on\"") && a.body.contains(&format!("href=\"/person/{}\"", enc("李占宾"))));
    // the locality page: its officials, the delegations in, a link back to the network's places
    let a = get(addr, "/place/410100");
    assert!(a.body.contains("郑州高新区") && a.body.contains("来访 Delegations in") && a.body.contains("href=\"/place/410300\""), "{}", a.body);
    assert_eq!(get(addr, "/place/999999").status, 404);
    // the person page: the career as spells, with the jurisdiction linked
    let a = get(addr, &format!("/person/{}", enc("王德敏")));
    assert!(a.body.contains("任职 Career") && a.body.contains("href=\"/place/410100\""), "{}", a.body);

    // the tables page links every table in every format to its download, which answers
    let a = get(addr, "/tables");
    for what in ["spells", "panel", "dyads", "dyad-counts", "events", "people", "directives", "articles"] {
        for ext in ["csv", "csv?bom=1", "jsonl", "parquet", "dta"] {
            let href = format!("/api/export/{what}.{ext}");
            assert!(a.body.contains(&format!("href=\"{href}\"")), "/tables has no link to {href}");
        }
    }
    assert_eq!(get(addr, "/api/export/dyad-counts.parquet").status, 200);
    assert!(get(addr, "/events").body.contains("href=\"/api/export/dyads.dta\""));
    let css = get(addr, "/static/style.css");
    assert!(css.head.contains("text/css") && css.body.contains("Noto Sans CJK SC"));

    // article: clean text beside the raw lines, people linked to their pages
    let a = get(addr, &format!("/article/{id}?q={}", enc("万人助万企")));
    assert_eq!(a.status, 200);
    assert!(a.body.contains("class=\"raw\"") && a.body.contains("<mark>万人助万企</mark>"));
    assert!(a.body.contains(&format!("href=\"/person/{}\"", enc("王德敏"))));

    // person: the timeline chart and the posts
    let a = get(addr, &format!("/person/{}", enc("王德敏")));
    assert_eq!(a.status, 200);
    assert!(a.body.contains("<svg class=\"timeline\"") && a.body.contains("<circle"), "a timeline with events");
    assert!(a.body.contains("副主任") && a.body.contains("石佛园区运营中心"));
    // organization and events pages
    let a = get(addr, &format!("/org/{}", enc("管委会")));
    assert_eq!(a.status, 200);
    assert!(a.body.contains(&format!("/person/{}", enc("王德敏"))));
    let a = get(addr, "/events?type=inspection");
    assert_eq!(a.status, 200);
    assert!(a.body.contains("<option value=\"inspection\" selected>"));
    assert!(!a.body.contains(">会见 reception</a>"), "only inspections listed");

    // not found, as a page; no request reaches a file outside the archive
    assert_eq!(get(addr, "/article/999999").status, 404);
    assert_eq!(get(addr, "/nowhere").status, 404);
    for t in ["/static/../Cargo.toml", "/static/%2e%2e/Cargo.toml", "/static/..%2f..%2fCargo.toml", "/../../etc/passwd", "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/api/article/..%2f..%2fetc%2fpasswd"] {
        let a = get(addr, t);
        assert!(a.status == 404 || a.status == 400, "{t}: {}", a.status);
        assert!(!a.body.contains("[package]") && !a.body.contains("root:"), "{t} leaked a file");
    }
}

#[test]
fn uploads_need_the_token_and_stay_inside_the_archive() {
    let tmp = TempDir::new("upload");
    let archive = archive_of_fixtures(&tmp.0);
    let token = "s3cret-token-for-this-test-0123456789";
    let addr = start(Config { bind: "127.0.0.1:0".into(), threads: 2, upload_token: Some(token.into()), max_upload: 64 * 1024, ..Config::new(archive.clone()) });
    let spec = spec();
    let bearer = format!("Bearer {token}");
    let page = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/layouts/0001.txt")).unwrap();
    let before: Vec<PathBuf> = std::fs::read_dir(&tmp.0).unwrap().map(|e| e.unwrap().path()).collect();

    // no token, a wrong token: refused, nothing stored
    let a = request(addr, "POST", "/api/pages?name=x.txt", &[], &page);
    check(&spec, "/api/pages", "post", &a);
    assert_eq!(a.status, 401);
    assert!(a.head.contains("www-authenticate: Bearer") || a.head.contains("WWW-Authenticate: Bearer"), "{}", a.head);
    let a = request(addr, "POST", "/api/pages", &[("Authorization", "Bearer s3cret-token-for-this-test-0123456788")], &page);
    assert_eq!(a.status, 401);
    assert_eq!(get(addr, "/api/stats").json()["pages"], 2);

    // too large: refused before it is read
    let big = vec![b'x'; 64 * 1024 + 1];
    let a = request(addr, "POST", "/api/pages", &[("Authorization", &bearer)], &big);
    check(&spec, "/api/pages", "post", &a);
    assert_eq!(a.status, 413);
    // too large without a length (chunked): cut off while reading
    {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(s, "POST /api/pages HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: {bearer}\r\nTransfer-Encoding: chunked\r\n\r\n").unwrap();
        for _ in 0..5 {
            let chunk = vec![b'y'; 20 * 1024];
            if write!(s, "{:x}\r\n", chunk.len()).and_then(|_| s.write_all(&chunk)).and_then(|_| s.write_all(b"\r\n")).is_err() {
                break;
            }
        }
        let _ = s.write_all(b"0\r\n\r\n");
        let mut buf = String::new();
        let _ = s.read_to_string(&mut buf);
        assert!(buf.starts_with("HTTP/1.1 413"), "{buf}");
    }
    assert_eq!(get(addr, "/api/stats").json()["pages"], 2);
    // empty, and not a page
    assert_eq!(request(addr, "POST", "/api/pages", &[("Authorization", &bearer)], b"").status, 400);
    let a = request(addr, "POST", "/api/pages", &[("Authorization", &bearer)], b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    check(&spec, "/api/pages", "post", &a);
    assert_eq!(a.status, 422, "{}", a.body);
    assert!(a.json()["error"].as_str().unwrap().contains("PNG"), "{}", a.body);

    // a good page, with a name that tries to climb out: added, searchable, stored by hash inside the archive
    let a = request(addr, "POST", "/api/pages?name=..%2F..%2F..%2Fevil%2F2023-05-06%2F01.txt&paper=..%2Fup", &[("Authorization", &bearer)], &page);
    check(&spec, "/api/pages", "post", &a);
    assert_eq!(a.status, 201, "{}", a.body);
    let v = a.json();
    assert!(v["articles"].as_array().unwrap().len() >= 2);
    let hash = v["hash"].as_str().unwrap();
    assert!(archive.join("uploads").join(format!("{hash}.txt")).exists());
    let stored: Vec<PathBuf> = std::fs::read_dir(archive.join("uploads")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(stored.len(), 1, "{stored:?}");
    let after: Vec<PathBuf> = std::fs::read_dir(&tmp.0).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(before, after, "nothing made beside the archive");
    assert!(!tmp.0.parent().unwrap().join("evil").exists() && !Path::new("evil").exists() && !Path::new("../evil").exists());
    let stats = get(addr, "/api/stats").json();
    assert_eq!(stats["pages"], 3);
    assert_eq!(stats["indexed_pages"], 3);
    // a page sent without a name gets no date or paper from where it is stored
    let bare = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/layouts/0002.txt")).unwrap();
    let a = request(addr, "POST", "/api/pages", &[("Authorization", "bearer s3cret-token-for-this-test-0123456789")], &bare);
    assert_eq!(a.status, 201, "the scheme name is case-insensitive: {}", a.body);
    let first = get(addr, &format!("/api/article/{}", a.json()["articles"][0])).json();
    assert_eq!((first["paper"].clone(), first["page_date"].clone()), (Value::Null, Value::Null));
    assert_eq!(stats["read_only"], false);
    let art = get(addr, &format!("/api/article/{}", v["articles"][0])).json();
    assert_eq!(art["page_date"], "2023-05-06", "the date comes from the name");
    assert_eq!(art["paper"], "up", "the paper is a name, not a path");
    let para = art["paragraphs"][0].as_str().unwrap().chars().take(12).collect::<String>();
    let found = get(addr, &format!("/api/search?q={}", enc(&format!("\"{para}\"")))).json();
    assert!(found["hits"].as_array().unwrap().iter().any(|h| h["article_id"] == art["article_id"]), "the new page is searchable at once");

    // a page carrying markup: stored as text, shown escaped everywhere (a " would end
    // an attribute's value, as the pages quote values with ")
    let hostile = "■<b>要闻</b>\n本报讯 2月3日，<script>alert('x')</script>高新区管委会副主任王德敏到\" onmouseover=\"alert(1)\" x=\"石佛园区调研，\n强调要把工作做实。\n（记者 孙庆辉）\n";
    let a = request(addr, "POST", "/api/pages?name=zzgx%2F2022-02-15%2F09.txt", &[("Authorization", &bearer)], hostile.as_bytes());
    assert_eq!(a.status, 201, "{}", a.body);
    let hid = a.json()["articles"][0].as_i64().unwrap();
    let stored = get(addr, &format!("/api/article/{hid}")).json();
    assert!(stored["paragraphs"][0].as_str().unwrap().contains("<script>alert('x')</script>"), "the text is kept as printed");
    let html_pages = [format!("/article/{hid}"), format!("/?q={}", enc("alert")), format!("/person/{}", enc("王德敏")), "/events".into(), format!("/org/{}", enc("管委会"))];
    for target in &html_pages {
        let b = get(addr, target).body;
        assert!(!b.contains("<script") && !b.contains("<b>") && !b.contains("\" onmouseover"), "{target} shows stored markup raw");
    }
    let b = get(addr, &format!("/article/{hid}")).body;
    assert!(b.contains("&lt;script&gt;alert('x')&lt;/script&gt;") && b.contains("&quot; onmouseover=&quot;alert(1)&quot;"), "{b}");

    // the same page again: already there
    let a = request(addr, "POST", "/api/pages", &[("Authorization", &bearer)], &page);
    check(&spec, "/api/pages", "post", &a);
    assert_eq!(a.status, 200);
    assert_eq!(a.json()["added"], false);
    assert_eq!(get(addr, "/api/stats").json()["pages"], 5);
}

/// The hostile-input issue's D1 and D4: a query nested thousands deep is a
/// 400 with its reason (it used to overflow the stack and kill the server),
/// and connections that send nothing, or their headers too slowly, or sit
/// idle after a request, are closed after the header timeout.
#[test]
fn hostile_requests_neither_crash_nor_hold_the_server() {
    let tmp = TempDir::new("hostile");
    let archive = archive_of_fixtures(&tmp.0);
    let timeout = Duration::from_millis(600);
    let addr = start(Config { bind: "127.0.0.1:0".into(), threads: 2, header_timeout: timeout, max_connections: 64, ..Config::new(archive) });
    let spec = spec();
    for q in ["(".repeat(1990) + "x", "NOT ".repeat(400) + "x", "-(".repeat(900) + "x", "(".repeat(4500) + "x"] {
        for path in ["/api/search", "/"] {
            let a = get(addr, &format!("{path}?q={}", enc(&q)));
            assert_eq!(a.status, 400, "{path}: {}", a.body);
            assert!(a.body.contains("nested too deeply") || a.body.contains("too long"), "{}", a.body);
        }
        check(&spec, "/api/search", "get", &get(addr, &format!("/api/search?q={}", enc(&q))));
    }
    let a = get(addr, &format!("/api/search?q={}", enc("王德敏")));
    assert_eq!(a.status, 200, "the server still answers");

    let closed_within = |mut s: TcpStream, limit: Duration| {
        s.set_read_timeout(Some(limit)).unwrap();
        let t0 = std::time::Instant::now();
        let mut buf = [0u8; 4096];
        let mut got = Vec::new();
        loop {
            match s.read(&mut buf) {
                Ok(0) => return (true, t0.elapsed(), got),
                Ok(k) => got.extend_from_slice(&buf[..k]),
                Err(_) => return (false, t0.elapsed(), got),
            }
        }
    };
    // silent
    let silent: Vec<TcpStream> = (0..20).map(|_| TcpStream::connect(addr).unwrap()).collect();
    // slow headers: a few bytes, then nothing
    let mut slow = TcpStream::connect(addr).unwrap();
    slow.write_all(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n").unwrap();
    // idle after one keep-alive request
    let mut idle = TcpStream::connect(addr).unwrap();
    idle.write_all(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    for s in silent.into_iter().chain([slow]) {
        let (closed, after, _) = closed_within(s, Duration::from_secs(10));
        assert!(closed && after < Duration::from_secs(5), "closed: {closed} after {after:?}");
    }
    let (closed, _, got) = closed_within(idle, Duration::from_secs(10));
    assert!(closed, "an idle keep-alive connection stays open");
    assert!(String::from_utf8_lossy(&got).starts_with("HTTP/1.1 200"), "the request before the idle time was answered");
    // and the server serves on
    assert_eq!(get(addr, "/api/stats").status, 200);
}
