//! `POST /api/pages`: a page added over HTTP.
//!
//! Only with a token given at start (`Authorization: Bearer TOKEN`); the body
//! is the page's bytes (text, a PDF, a PNG/JPEG/TIFF scan), at most the
//! configured size. The page is stored as `uploads/HASH.txt` (`.pdf`,
//! `.png`, …, by its content) inside the archive — a name made from the content,
//! never from the request — and ingested like `benbao ingest` would. The
//! `name` parameter only tells the paper and date the way a file name does
//! (`zzgx/2022-02-14/01.txt`); it is never used to open or create a file.

use std::path::Path;

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use benbao_archive::{hash, ingest, paths, store, IngestOptions};
use serde_json::json;

use crate::{json_response, param, parse_params, Failure, Shared};

/// Compares without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    let mut diff = (a.len() != b.len()) as u8;
    for (i, x) in a.iter().enumerate() {
        diff |= x ^ b.get(i % b.len().max(1)).copied().unwrap_or(0);
    }
    diff == 0
}

/// What a client-supplied name may hold: printable characters, at most 200,
/// no `..` components (it is only read as text, but what is stored should
/// not look like a path that climbs).
pub fn clean_name(name: &str) -> String {
    let s: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
    let parts: Vec<&str> = s.split(['/', '\\']).filter(|p| !p.is_empty() && *p != "." && *p != "..").collect();
    parts.join("/")
}

pub async fn upload(State(st): State<Shared>, headers: HeaderMap, RawQuery(q): RawQuery, body: Body) -> Response {
    match accept(st, headers, q, body).await {
        Ok(r) => r,
        Err(f) => {
            let unauthorized = f.status == StatusCode::UNAUTHORIZED;
            let mut r = f.into_response();
            if unauthorized {
                r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            r
        }
    }
}

async fn accept(st: Shared, headers: HeaderMap, q: Option<String>, body: Body) -> Result<Response, Failure> {
    let Some(token) = st.config.upload_token.clone() else {
        return Err(Failure::new(StatusCode::FORBIDDEN, "this server is read-only: start it with an upload token (benbao serve --upload-token-file FILE) to add pages"));
    };
    // the scheme name is case-insensitive (RFC 9110)
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map_or("", |(_, t)| t);
    if given.is_empty() || !same(given.trim().as_bytes(), token.as_bytes()) {
        return Err(Failure::new(StatusCode::UNAUTHORIZED, "a valid upload token is needed: send 'Authorization: Bearer TOKEN'"));
    }
    let max = st.config.max_upload;
    if let Some(n) = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok()) {
        if n > max as u64 {
            return Err(too_large(max));
        }
    }
    let read = tokio::time::timeout(st.config.body_timeout, axum::body::to_bytes(body, max));
    let Ok(bytes) = read.await else {
        return Err(Failure::new(StatusCode::REQUEST_TIMEOUT, format!("the request body took longer than {} s to arrive", st.config.body_timeout.as_secs())));
    };
    let bytes = bytes.map_err(|e| {
        // the limit is checked while reading, for bodies sent without a length
        if e.to_string().contains("length limit") || std::error::Error::source(&e).is_some_and(|s| s.to_string().contains("length limit")) {
            too_large(max)
        } else {
            Failure::bad(format!("could not read the request body: {e}"))
        }
    })?;
    if bytes.is_empty() {
        return Err(Failure::bad("the request body is empty: send the page file (text, PDF or scan) as the body"));
    }
    let params = parse_params(q.as_deref());
    let name = clean_name(param(&params, "name").unwrap_or(""));
    let (name_date, name_paper) = paths::describe(Path::new(&name));
    let date = match param(&params, "date") {
        Some(d) => Some(benbao::PageDate::parse(d).map_err(|e| Failure::bad(format!("date: {e}")))?),
        None => name_date,
    };
    let paper = match param(&params, "paper") {
        Some(p) => Some(clean_name(p).replace('/', "-")),
        None => name_paper,
    };
    let dir = st.config.archive.clone();
    let st2 = st.clone();
    tokio::task::spawn_blocking(move || store_page(&st2, &dir, &bytes, date, paper))
        .await
        .map_err(|_| Failure::internal("the upload's worker stopped"))?
}

fn too_large(max: usize) -> Failure {
    Failure::new(StatusCode::PAYLOAD_TOO_LARGE, format!("the page is larger than this server accepts ({max} bytes)"))
}

fn store_page(st: &Shared, dir: &Path, bytes: &[u8], date: Option<benbao::PageDate>, paper: Option<String>) -> Result<Response, Failure> {
    let _one_at_a_time = st.ingest_lock.lock().unwrap_or_else(|e| e.into_inner());
    let h = hash::content_hash(bytes);
    let db = benbao_archive::store::connect(&benbao_archive::db_path(dir))?;
    if let Some(id) = store::page_id_by_hash(&db, &h)? {
        return Ok(json_response(StatusCode::OK, &json!({ "added": false, "page_id": id, "hash": h, "message": "this page is already in the archive" })));
    }
    let uploads = dir.join("uploads");
    std::fs::create_dir_all(&uploads).map_err(|e| Failure::internal(format!("cannot make {}: {e}", uploads.display())))?;
    // the kind from the content: a PDF or a scan is kept as one, for the page reader
    let kind = benbao_layout::page_file::kind_of(&bytes[..bytes.len().min(1024)]);
    let file = uploads.join(format!("{h}.{}", kind.extension()));
    let tmp = uploads.join(format!("{h}.part"));
    std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, &file)).map_err(|e| Failure::internal(format!("cannot store the page: {e}")))?;
    // the stored file's name is a hash: its path says nothing of date or paper
    let opts = IngestOptions { paper, date, threads: 1, from_paths: false, ..Default::default() };
    let report = match ingest(dir, &[file.display().to_string()], &opts, &mut |_| {}) {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_file(&file);
            return Err(Failure::new(StatusCode::SERVICE_UNAVAILABLE, format!("cannot add the page now: {e}")));
        }
    };
    if let Some((_, problem)) = report.failed.first() {
        let _ = std::fs::remove_file(&file);
        return Err(Failure::new(StatusCode::UNPROCESSABLE_ENTITY, format!("the page was not added: {problem}")));
    }
    let Some(id) = store::page_id_by_hash(&db, &h)? else {
        return Err(Failure::internal("the page was ingested but cannot be found"));
    };
    let articles = store::article_ids(&db, id)?;
    Ok(json_response(StatusCode::CREATED, &json!({ "added": true, "page_id": id, "hash": h, "articles": articles })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_tokens() {
        assert_eq!(clean_name("../../etc/passwd"), "etc/passwd");
        assert_eq!(clean_name("zzgx/2022-02-14/01.txt"), "zzgx/2022-02-14/01.txt");
        assert_eq!(clean_name("a\\..\\b\u{0}c"), "a/bc");
        assert!(same(b"secret", b"secret"));
        assert!(!same(b"secret", b"secreT"));
        assert!(!same(b"secret", b"secret2"));
        assert!(!same(b"", b"x"));
    }
}
