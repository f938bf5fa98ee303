//! `benbao serve` on an archive of fixture pages: the JSON API and the HTML
//! pages over a real socket on the loopback address.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use benbao_archive::serve::Server;
use benbao_archive::{ingest, IngestOptions};

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn get(addr: SocketAddr, target: &str) -> (String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    write!(s, "GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8(buf).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_string(), body.to_string())
}

#[test]
fn api_and_pages() {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let tmp = TempDir(std::env::temp_dir().join(format!("benbao-serve-{}-{nanos}", std::process::id())));
    let pages = tmp.0.join("zzgx/2022-02-14");
    std::fs::create_dir_all(&pages).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    std::fs::copy(fixtures.join("seed/0000.txt"), pages.join("01.txt")).unwrap();
    std::fs::copy(fixtures.join("layouts/0000.txt"), pages.join("02.txt")).unwrap();
    let archive = tmp.0.join("archive");
    let r = ingest(&archive, &[tmp.0.join("zzgx").display().to_string()], &IngestOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(r.progress.added, 2);

    let server = Server::bind(&archive, "127.0.0.1:0", 2).unwrap();
    let addr = server.local_addr();
    let stop = Arc::new(AtomicBool::new(false));
    let handle = {
        let stop = stop.clone();
        std::thread::spawn(move || server.run(stop))
    };

    // search API: the phrase, percent-encoded, with a filter and facets
    let (status, body) = get(addr, "/api/search?q=%22%E4%B8%87%E4%BA%BA%E5%8A%A9%E4%B8%87%E4%BC%81%22&paper=zzgx&facets=1&limit=5");
    assert_eq!(status, "HTTP/1.1 200 OK");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(v["total"].as_u64().unwrap() >= 1, "{body}");
    let hit = &v["hits"][0];
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    let h = &hit["highlights"][0];
    assert_eq!(snippet[h[0].as_u64().unwrap() as usize..h[1].as_u64().unwrap() as usize].iter().collect::<String>(), "万人助万企");
    assert_eq!(v["facets"]["paper"][0]["value"], "zzgx");

    // one article, with its entities and raw lines
    let id = hit["article_id"].as_i64().unwrap();
    let (status, body) = get(addr, &format!("/api/article/{id}"));
    assert_eq!(status, "HTTP/1.1 200 OK");
    let a: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(a["paragraphs"].as_array().unwrap().iter().any(|p| p.as_str().unwrap().contains("万人助万企")));
    let lines = a["lines"].as_array().unwrap();
    assert_eq!(a["raw_lines"].as_array().unwrap().len() as i64, lines[1].as_i64().unwrap() - lines[0].as_i64().unwrap() + 1);
    assert!(a["people"].is_array() && a["events"].is_array());

    // HTML: the search page marks the matches and escapes the query
    let (status, body) = get(addr, "/?q=%E4%B8%87%E4%BA%BA%E5%8A%A9%E4%B8%87%E4%BC%81+%3Cscript%3E");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(!body.contains("<script>") && body.contains("&lt;script&gt;"));
    let (_, body) = get(addr, "/?q=%E4%B8%87%E4%BA%BA%E5%8A%A9%E4%B8%87%E4%BC%81");
    assert!(body.contains("<mark>万人助万企</mark>"), "{body}");
    let (status, body) = get(addr, &format!("/article/{id}?q=%E4%B8%87%E4%BA%BA"));
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(body.contains("<mark>万人</mark>"));

    // errors
    assert_eq!(get(addr, "/api/article/999999").0, "HTTP/1.1 404 Not Found");
    assert_eq!(get(addr, "/api/search?q=x&from=2022-13").0, "HTTP/1.1 400 Bad Request");
    assert_eq!(get(addr, "/nothing").0, "HTTP/1.1 404 Not Found");
    let (status, body) = get(addr, "/api/stats");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(serde_json::from_str::<serde_json::Value>(&body).unwrap()["pages"], 2);

    stop.store(true, Ordering::SeqCst);
    let _ = TcpStream::connect(addr);
    handle.join().unwrap().unwrap();
}
