//! The JSON API (`/api/…`), as described in `openapi.json`.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use benbao_archive::{browse, store};

use crate::{event_filter, json_response, parse_params, search_request, with_headers, Failure, Shared};

/// The API's description, compiled in.
pub const OPENAPI: &str = include_str!("../openapi.json");

pub async fn search(State(st): State<Shared>, RawQuery(q): RawQuery) -> Result<Response, Failure> {
    let r = search_request(&parse_params(q.as_deref()))?;
    let res = st.with(move |s| s.search(&r)).await?;
    Ok(json_response(StatusCode::OK, &res))
}

/// A path segment, or a 400 that says why not (e.g. not UTF-8).
pub fn segment(p: Result<Path<String>, PathRejection>) -> Result<String, Failure> {
    p.map(|Path(s)| s).map_err(|e| Failure::bad(format!("bad path: {}", e.body_text())))
}

pub async fn article(State(st): State<Shared>, id: Result<Path<String>, PathRejection>) -> Result<Response, Failure> {
    let id = segment(id)?;
    let id: i64 = id.parse().map_err(|_| Failure::bad(format!("article id: expected a number, got {id:?}")))?;
    match st.with(move |s| browse::article_json(&s.db, id)).await? {
        Some(v) => Ok(json_response(StatusCode::OK, &v)),
        None => Err(Failure::not_found(format!("no article {id}"))),
    }
}

pub async fn person(State(st): State<Shared>, name: Result<Path<String>, PathRejection>) -> Result<Response, Failure> {
    let name = segment(name)?;
    let n = name.clone();
    match st.with(move |s| browse::person(&s.db, &n)).await? {
        Some(p) => Ok(json_response(StatusCode::OK, &p)),
        None => Err(Failure::not_found(format!("no person named {name:?}"))),
    }
}

pub async fn organization(State(st): State<Shared>, name: Result<Path<String>, PathRejection>) -> Result<Response, Failure> {
    let name = segment(name)?;
    let n = name.clone();
    match st.with(move |s| browse::organization(&s.db, &n)).await? {
        Some(o) => Ok(json_response(StatusCode::OK, &o)),
        None => Err(Failure::not_found(format!("no organization named {name:?}"))),
    }
}

pub async fn events(State(st): State<Shared>, RawQuery(q): RawQuery) -> Result<Response, Failure> {
    let f = event_filter(&parse_params(q.as_deref()))?;
    let list = st.with(move |s| browse::events(&s.db, &f)).await?;
    Ok(json_response(StatusCode::OK, &list))
}

pub async fn stats(State(st): State<Shared>) -> Result<Response, Failure> {
    let stats = st.with(|s| store::stats(&s.db)).await?;
    let mut v = serde_json::to_value(stats).map_err(|e| Failure::internal(e.to_string()))?;
    v["read_only"] = serde_json::Value::Bool(st.config.upload_token.is_none());
    Ok(json_response(StatusCode::OK, &v))
}

/// `GET /api/pages/{id}/image/{n}`: the picture of page `n` of a PDF or
/// scan. It is rendered from the page's file the first time it is asked for
/// and kept in the archive (`images/HASH-N.png`); the file is found by the
/// page's stored hash and path, never by anything in the request but two
/// numbers.
pub async fn page_image(State(st): State<Shared>, p: Result<Path<(String, String)>, PathRejection>) -> Result<Response, Failure> {
    let Path((id, n)) = p.map_err(|e| Failure::bad(format!("bad path: {}", e.body_text())))?;
    let id: i64 = id.parse().map_err(|_| Failure::bad(format!("page id: expected a number, got {id:?}")))?;
    let n: usize = n.parse().ok().filter(|&n| n >= 1).ok_or_else(|| Failure::bad(format!("page number: expected a number from 1, got {n:?}")))?;
    let Some((hash, source)) = st.with(move |s| store::page_source(&s.db, id)).await? else {
        return Err(Failure::not_found(format!("no page {id}")));
    };
    let images = benbao_archive::images_path(&st.config.archive);
    let picture = move || -> Result<Vec<u8>, Failure> {
        let file = benbao_archive::ingest::page_image(&images, &hash, n);
        if let Ok(b) = std::fs::read(&file) {
            return Ok(b);
        }
        let source = std::path::Path::new(&source);
        let is_layout = std::fs::File::open(source)
            .and_then(|mut f| {
                let mut head = [0u8; 1024];
                let k = std::io::Read::read(&mut f, &mut head)?;
                Ok(benbao_layout::page_file::kind_of(&head[..k]) != benbao_layout::page_file::PageKind::Text)
            })
            .map_err(|_| Failure::not_found(format!("page {id}'s file is no longer at {}: its picture cannot be drawn", source.display())))?;
        if !is_layout {
            return Err(Failure::not_found(format!("page {id} is a text page: it has no picture")));
        }
        // kept in the archive when it can be written there, else only sent
        let out = if std::fs::create_dir_all(&images).is_ok() { file } else { std::env::temp_dir().join(format!("benbao-{hash}-{n}.png")) };
        benbao_layout::page_file::render_image(source, n, &out).map_err(|e| Failure::not_found(format!("page {id}: no picture of its page {n}: {e}")))?;
        std::fs::read(&out).map_err(|e| Failure::internal(format!("cannot read {}: {e}", out.display())))
    };
    let bytes = tokio::task::spawn_blocking(picture).await.map_err(|_| Failure::internal("the picture's worker stopped"))??;
    let mut r = with_headers(StatusCode::OK, "image/png", bytes);
    // named by content: the picture of a page never changes
    r.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("public, max-age=31536000, immutable"));
    Ok(r)
}

pub async fn openapi() -> Response {
    with_headers(StatusCode::OK, "application/json; charset=utf-8", OPENAPI.as_bytes().to_vec())
}
