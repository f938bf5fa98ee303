//! The web UI in a real browser: the bundled sample pages are ingested with
//! `benbao ingest`, served with `benbao serve`, and Debian's Chromium
//! (headless, driven over WebDriver by chromedriver) goes search → article →
//! person → events as a reader would, checking what is on the screen. It
//! saves screenshots of each page in the test's scratch folder, or in
//! BENBAO_SCREENSHOTS when set: the ones in docs/screenshots/ come from
//! `BENBAO_SCREENSHOTS=docs/screenshots cargo test --release -p benbao-cli --test ui`.
//!
//! Needs /usr/bin/chromium and /usr/bin/chromedriver (Debian's chromium and
//! chromium-driver; `.ci/run` installs them and sets BENBAO_REQUIRE_BROWSER=1,
//! which turns a missing browser into a failure instead of a skip).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

mod common;
use common::TempDir;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_benbao"))
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}


fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn find(candidates: &[&str]) -> Option<PathBuf> {
    candidates.iter().map(PathBuf::from).find(|p| p.exists())
}

/// One HTTP request with a JSON body; the status and the JSON answer.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    // read the head, then as much body as it announces (chromedriver may keep the connection open)
    let mut buf = Vec::new();
    let mut chunk = [0u8; 65536];
    let mut split = None;
    loop {
        let n = s.read(&mut chunk).unwrap();
        buf.extend_from_slice(&chunk[..n]);
        if split.is_none() {
            split = buf.windows(4).position(|w| w == b"\r\n\r\n");
        }
        if let Some(k) = split {
            let head = String::from_utf8_lossy(&buf[..k]).to_ascii_lowercase();
            let len = head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok());
            let done = match len {
                Some(len) => buf.len() >= k + 4 + len,
                None => head.contains("transfer-encoding: chunked") && buf.ends_with(b"0\r\n\r\n"),
            };
            if done {
                break;
            }
        }
        if n == 0 {
            break;
        }
    }
    let split = split.expect("an HTTP answer");
    let head = String::from_utf8_lossy(&buf[..split]).to_string();
    let mut payload = buf[split + 4..].to_vec();
    if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        payload = dechunk(&payload);
    }
    let status: u16 = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let v = serde_json::from_slice(&payload).unwrap_or(Value::Null);
    (status, v)
}

fn dechunk(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(nl) = b[i..].windows(2).position(|w| w == b"\r\n") {
        let n = usize::from_str_radix(String::from_utf8_lossy(&b[i..i + nl]).trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        let start = i + nl + 2;
        out.extend_from_slice(&b[start..(start + n).min(b.len())]);
        i = start + n + 2;
        if i >= b.len() {
            break;
        }
    }
    out
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes().filter_map(val) {
        acc = (acc << 6) | c;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// A WebDriver session in headless Chromium.
struct Browser {
    port: u16,
    session: String,
    _driver: Killed,
}

impl Browser {
    fn start(chromium: &Path, driver: &Path, profile: &Path) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(driver).arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("chromedriver starts");
        let driver = Killed(child);
        let t0 = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(t0.elapsed() < Duration::from_secs(30), "chromedriver did not listen on port {port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        // the flags Chromium needs on a closed machine, as root, without a GPU
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
            "--window-size=1280,1000",
            "--lang=zh-CN",
        ];
        let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {"binary": chromium, "args": args}}}});
        let (status, v) = http(port, "POST", "/session", Some(&caps));
        assert_eq!(status, 200, "a WebDriver session: {v}");
        let session = v["value"]["sessionId"].as_str().unwrap().to_string();
        Browser { port, session, _driver: driver }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, v) = http(self.port, method, &format!("/session/{}{path}", self.session), body.as_ref());
        assert_eq!(status, 200, "{method} {path}: {v}");
        v["value"].clone()
    }

    fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.cmd("GET", "/url", None).as_str().unwrap().to_string()
    }

    fn try_find(&self, css: &str) -> Option<String> {
        let (status, v) = http(self.port, "POST", &format!("/session/{}/element", self.session), Some(&json!({"using": "css selector", "value": css})));
        if status != 200 {
            return None;
        }
        v["value"].as_object()?.values().next()?.as_str().map(str::to_string)
    }

    /// The first element matching, waiting up to 10 s for it.
    fn find(&self, css: &str) -> String {
        let t0 = Instant::now();
        loop {
            if let Some(e) = self.try_find(css) {
                return e;
            }
            assert!(t0.elapsed() < Duration::from_secs(10), "no element {css:?} on {}", self.url());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        let v = self.cmd("POST", "/elements", Some(json!({"using": "css selector", "value": css})));
        v.as_array().unwrap().iter().filter_map(|e| e.as_object()?.values().next()?.as_str().map(str::to_string)).collect()
    }

    /// The text a reader sees in the element.
    fn text(&self, el: &str) -> String {
        self.cmd("GET", &format!("/element/{el}/text"), None).as_str().unwrap_or("").to_string()
    }

    fn displayed(&self, el: &str) -> bool {
        self.cmd("GET", &format!("/element/{el}/displayed"), None).as_bool().unwrap_or(false)
    }

    fn click(&self, el: &str) {
        self.cmd("POST", &format!("/element/{el}/click"), Some(json!({})));
    }

    fn type_into(&self, el: &str, text: &str) {
        self.cmd("POST", &format!("/element/{el}/value"), Some(json!({ "text": text })));
    }

    fn script(&self, js: &str) -> Value {
        self.cmd("POST", "/execute/sync", Some(json!({"script": js, "args": []})))
    }

    fn screenshot(&self, to: &Path) {
        let b64 = self.cmd("GET", "/screenshot", None);
        let png = base64_decode(b64.as_str().unwrap());
        assert_eq!(&png[1..4], b"PNG");
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, png).unwrap();
    }

    /// Waits for the next page after a click.
    fn wait_for_url(&self, part: &str) {
        let t0 = Instant::now();
        while !self.url().contains(part) {
            assert!(t0.elapsed() < Duration::from_secs(10), "the browser did not reach {part}: at {}", self.url());
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http(self.port, "DELETE", &format!("/session/{}", self.session), None);
    }
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Chromium and chromedriver, or None (a skip) when the machine has none
/// and BENBAO_REQUIRE_BROWSER is not set.
fn browser_paths() -> Option<(PathBuf, PathBuf)> {
    let required = std::env::var_os("BENBAO_REQUIRE_BROWSER").is_some();
    let (Some(chromium), Some(driver)) = (find(&["/usr/bin/chromium", "/usr/bin/chromium-browser"]), find(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"])) else {
        assert!(!required, "BENBAO_REQUIRE_BROWSER is set but chromium or chromedriver is missing (apt-get install chromium chromium-driver)");
        eprintln!("skipped: no chromium/chromedriver here (apt-get install chromium chromium-driver)");
        return None;
    };
    Some((chromium, driver))
}

fn scratch(what: &str) -> TempDir {
    TempDir::new(&format!("ui-{what}"))
}

/// `benbao ingest` of `pages` into `archive`, then `benbao serve` on it: the server and its base URL.
fn ingest_and_serve(archive: &Path, pages: &Path) -> (Killed, String) {
    let out = bin().args(["ingest", "--archive"]).arg(archive).arg(pages).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut server = Killed(bin().args(["serve", "--archive"]).arg(archive).args(["--addr", "127.0.0.1:0"]).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap());
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let base = line.split_whitespace().find(|w| w.starts_with("http://")).expect("the server's address").trim_end_matches('/').to_string();
    (server, base)
}

#[test]
fn search_article_person_in_chromium() {
    let Some((chromium, driver)) = browser_paths() else { return };
    let tmp = scratch("samples");
    let archive = tmp.0.join("archive");

    // the README's main command: ingest the bundled sample pages, serve them
    let (_server, base) = ingest_and_serve(&archive, &repo().join("samples"));

    let b = Browser::start(&chromium, &driver, &tmp.0.join("profile"));
    let shots = match std::env::var_os("BENBAO_SCREENSHOTS") {
        Some(d) => repo().join(d),
        None => PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots"),
    };

    // 1. search: type a slogan in the box, press the button
    b.go(&format!("{base}/"));
    let q = b.find("input[name=q]");
    assert!(b.displayed(&q));
    b.type_into(&q, "一带一路");
    b.click(&b.find("form.search button"));
    b.wait_for_url("q=");
    let count = b.text(&b.find("#count"));
    let n: usize = count.split_whitespace().next().unwrap().parse().unwrap_or(0);
    assert!(n >= 5, "hits for 一带一路: {count}");
    let marks = b.find_all(".hit mark");
    assert!(!marks.is_empty(), "the matches are marked");
    for m in marks.iter().take(10) {
        assert_eq!(b.text(m), "一带一路", "a highlight that is not the query");
    }
    let facets = b.text(&b.find("aside.facets"));
    assert!(facets.contains("人物 person") && facets.contains("年份 year"), "facets shown: {facets}");
    // the main font of the page is a Simplified Chinese one the machine has:
    // text measured in it differs from the same text in the fallback face
    let font_ok = b.script(
        "const c = document.createElement('canvas').getContext('2d');\
         const w = f => { c.font = f; return c.measureText('mmmwwwiii 本报讯 2022年').width; };\
         return w(\"20px 'Noto Sans CJK SC', monospace\") !== w('20px monospace');",
    );
    assert_eq!(font_ok, json!(true), "Noto Sans CJK SC (fonts-noto-cjk) is not installed: Chinese would render in a fallback face");
    // ... and it is the face the page asks for first
    let family = b.script("return getComputedStyle(document.querySelector('.hit p')).fontFamily;");
    assert!(family.as_str().unwrap_or("").starts_with("\"Noto Sans CJK SC\""), "the hits' font: {family}");
    // nothing on the page came from another host
    let foreign = b.script("return performance.getEntriesByType('resource').map(r => r.name).filter(u => !u.startsWith(location.origin));");
    assert_eq!(foreign, json!([]), "resources from elsewhere");
    b.screenshot(&shots.join("search.png"));

    // 2. the first hit: clean text beside the raw lines it came from
    b.click(&b.find(".hit h3 a"));
    b.wait_for_url("/article/");
    let title = b.text(&b.find("article.clean h1"));
    assert!(!title.is_empty());
    let paras: Vec<String> = b.find_all("article.clean > p:not(.meta):not(.kicker)").iter().map(|p| b.text(p)).collect();
    assert!(paras.iter().any(|p| p.contains("一带一路")), "the article holds the query: {paras:?}");
    assert!(!b.find_all("article.clean mark").is_empty(), "the query is marked in the article");
    let raw = b.text(&b.find("aside.raw pre"));
    // each raw line is shown after its number (l0, l0 + 1, …)
    let l0: usize = raw.trim_start().chars().take_while(|c| c.is_ascii_digit()).collect::<String>().parse().ok().unwrap_or_else(|| panic!("numbered raw lines: {raw:?}"));
    let raw_joined: String = raw
        .lines()
        .enumerate()
        .map(|(i, l)| squeeze(l.trim_start().strip_prefix(&(l0 + i).to_string()).unwrap_or_else(|| panic!("raw line {} is numbered: {l:?}", l0 + i))))
        .collect();
    for p in &paras {
        let head: String = squeeze(p).chars().take(8).collect();
        assert!(raw_joined.contains(&head), "paragraph start {head:?} is not in the raw lines beside it");
    }
    b.screenshot(&shots.join("article.png"));

    // 3. a person named in an event of the article... or of the list
    let person_link = b.try_find("ul.events a.person").unwrap_or_else(|| b.find("ul.people a.person"));
    let name = b.text(&person_link);
    b.click(&person_link);
    b.wait_for_url("/person/");
    assert_eq!(b.text(&b.find("h1.person-name")), name);
    let svg = b.find("figure.chart svg.timeline");
    assert!(b.displayed(&svg));
    let marks = b.find_all("svg.timeline circle").len() + b.find_all("svg.timeline rect").len();
    assert!(marks >= 2, "the timeline has marks ({marks})");
    let lanes = b.text(&svg);
    assert!(lanes.contains("报道 articles"), "timeline lanes: {lanes}");
    let rows = b.find_all("table.events tbody tr");
    assert!(!rows.is_empty(), "{name}'s events are listed");
    assert!(b.text(&rows[0]).contains(&name) || b.text(&b.find("table.events")).contains(&name));
    b.screenshot(&shots.join("person.png"));

    // 4. the events, filtered by type
    b.go(&format!("{base}/events"));
    let select = b.find("form.filters select[name=type]");
    b.click(&select);
    b.click(&b.find("form.filters select[name=type] option[value=reception]"));
    b.click(&b.find("form.filters button"));
    b.wait_for_url("type=reception");
    let kinds: Vec<String> = b.find_all("table.events tbody td .tag").iter().map(|t| b.text(t)).collect();
    assert!(!kinds.is_empty() && kinds.iter().all(|k| k == "会见 reception"), "only receptions: {kinds:?}");
    b.screenshot(&shots.join("events.png"));

    // 5. the study-visit network: the seed's three delegations to 郑州高新区 as arrows;
    // clicking one lists its visit, with who led it and who received it
    b.click(&b.find("header nav a[href='/network']"));
    b.wait_for_url("/network");
    let svg = b.find("figure.chart svg.network");
    assert!(b.displayed(&svg));
    assert_eq!(b.find_all("svg.network line.edge").len(), 3, "three arrows");
    let nodes = b.text(&svg);
    for place in ["郑州高新区", "洛阳高新区", "漯河郾城区", "焦作高新区"] {
        assert!(nodes.contains(place), "{place} is a node: {nodes}");
    }
    b.click(&b.find("svg.network a[href*='origin=411103']"));
    b.wait_for_url("origin=411103");
    let visits = b.text(&b.find("table.visits"));
    assert!(visits.contains("李占宾") && visits.contains("王德敏"), "the visit's leader and host: {visits}");
    assert_eq!(b.find_all("svg.network line.edge.on").len(), 1, "the chosen arrow stands out");
    b.screenshot(&shots.join("network.png"));

    // 6. the destination's page: the delegations it received, its officials
    b.click(&b.find("table.visits a.place[href='/place/410100']"));
    b.wait_for_url("/place/410100");
    assert!(b.text(&b.find("main h1")).contains("郑州高新区"));
    let main = b.text(&b.find("main"));
    assert!(main.contains("来访 Delegations in") && main.contains("漯河郾城区") && main.contains("王德敏"), "{main}");
    b.screenshot(&shots.join("place.png"));

    // 7. an official's career: spells with their jurisdiction, as bars on the timeline
    b.click(&b.find("table.posts a.person"));
    b.wait_for_url("/person/");
    let career = b.text(&b.find("table.posts"));
    assert!(career.contains("郑州高新区") && career.contains("410100"), "spells with their jurisdiction: {career}");
    assert!(!b.find_all("svg.timeline rect[rx]").is_empty(), "the spells are bars on the timeline");
    b.screenshot(&shots.join("career.png"));
}

/// E-paper PDFs in the archive: found by search, and the article page shows
/// the page's picture with the article outlined on it.
#[test]
fn a_pdf_article_shows_its_page_with_the_article_outlined() {
    let Some((chromium, driver)) = browser_paths() else { return };
    let tmp = scratch("pdf");
    let archive = tmp.0.join("archive");
    let (_server, base) = ingest_and_serve(&archive, &repo().join("tests/fixtures/pdf"));
    let b = Browser::start(&chromium, &driver, &tmp.0.join("profile"));

    // a word of the first fixture's lead article (its gold), found by search
    let gold: Value = serde_json::from_str(&std::fs::read_to_string(repo().join("tests/fixtures/pdf/0001.gold.json")).unwrap()).unwrap();
    let headline = gold["articles"][0]["headline"].as_str().unwrap().to_string();
    let word: String = headline.chars().filter(|c| !c.is_whitespace()).take(4).collect();
    b.go(&format!("{base}/search?q={}", word.bytes().map(|c| format!("%{c:02X}")).collect::<String>()));
    let hits: Vec<String> = b.find_all(".hit h3 a").iter().map(|h| b.text(h)).collect();
    assert!(hits.iter().any(|h| squeeze(h) == squeeze(&headline)), "{word:?} finds {headline:?}: {hits:?}");
    let link = b.find_all(".hit h3 a").into_iter().find(|h| squeeze(&b.text(h)) == squeeze(&headline)).unwrap();
    b.click(&link);
    b.wait_for_url("/article/");

    // the page's picture, loaded from this server, with the article's boxes over it
    let svg = b.find("figure.page-image svg");
    assert!(b.displayed(&svg));
    let loaded = b.script(
        "return performance.getEntriesByType('resource').filter(r => r.name.includes('/image/')).map(r => [r.responseStatus, r.transferSize > 0 || r.decodedBodySize > 0]);",
    );
    assert_eq!(loaded, json!([[200, true]]), "the page picture is fetched once, with content");
    // drawn from the PDF when first shown, and kept in the archive
    let kept: Vec<_> = std::fs::read_dir(archive.join("images")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert!(kept.len() == 1 && kept[0].ends_with("-1.png"), "{kept:?}");
    let boxes = b.script(
        "const s = document.querySelector('figure.page-image svg'); const v = s.viewBox.baseVal;\
         return [...s.querySelectorAll('rect.region')].map(r => { const b = r.getBBox(); \
           return b.width > 0 && b.height > 0 && b.x >= 0 && b.y >= 0 && b.x + b.width <= v.width + 1 && b.y + b.height <= v.height + 1; });",
    );
    let boxes = boxes.as_array().unwrap();
    assert!(!boxes.is_empty() && boxes.iter().all(|b| b == &json!(true)), "the article's boxes lie on the page: {boxes:?}");
    // a page number past the file's pages, or not a number, draws nothing
    let port: u16 = base.rsplit(':').next().unwrap().parse().unwrap();
    let page_id = b.script("return document.querySelector('figure.page-image image').getAttribute('href');");
    let url = page_id.as_str().unwrap().to_string();
    let (status, _) = http(port, "GET", &url.replace("/image/1", "/image/2"), None);
    assert_eq!(status, 404, "{url} page 2");
    let (status, _) = http(port, "GET", &url.replace("/image/1", "/image/99999999999999999999999"), None);
    assert_eq!(status, 400);
    // the picture is drawn at a readable size beside the text
    let width = b.script("return document.querySelector('figure.page-image svg').getBoundingClientRect().width;");
    assert!(width.as_f64().unwrap() > 250.0, "the page picture is {width} px wide");
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    b.screenshot(&shots.join("pdf-article.png"));
}
