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

/// Pictures drawn at once (each is a pdftoppm run or a scan decoded).
static DRAWING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// `GET /api/pages/{id}/image/{n}`: the picture of page `n` of a PDF or
/// scan. It is drawn from the page's file the first time it is asked for
/// (at most two at once) and kept in the archive (`images/HASH-N.png`);
/// the file is found by the page's stored path and must still hold what was
/// ingested (its hash). Nothing in the request but two numbers is used.
pub async fn page_image(State(st): State<Shared>, p: Result<Path<(String, String)>, PathRejection>) -> Result<Response, Failure> {
    let Path((id, n)) = p.map_err(|e| Failure::bad(format!("bad path: {}", e.body_text())))?;
    let id: i64 = id.parse().map_err(|_| Failure::bad(format!("page id: expected a number, got {id:?}")))?;
    let n: usize = n.parse().ok().filter(|&n| n >= 1).ok_or_else(|| Failure::bad(format!("page number: expected a number from 1, got {n:?}")))?;
    let Some((hash, source, pictures)) = st.with(move |s| store::page_source(&s.db, id)).await? else {
        return Err(Failure::not_found(format!("no page {id}")));
    };
    if pictures == 0 {
        return Err(Failure::not_found(format!("page {id} is a text page: it has no picture")));
    }
    if n > pictures {
        return Err(Failure::not_found(format!("page {id} has {pictures} page(s), not {n}")));
    }
    let file = benbao_archive::page_image_path(&st.config.archive, &hash, n);
    if let Ok(Ok(b)) = tokio::task::spawn_blocking({
        let file = file.clone();
        move || std::fs::read(file)
    })
    .await
    {
        return Ok(picture_response(b));
    }
    let _turn = DRAWING.acquire().await.map_err(|_| Failure::internal("the server is stopping"))?;
    let draw = move || -> Result<Vec<u8>, Failure> {
        // another request may have drawn it while this one waited
        if let Ok(b) = std::fs::read(&file) {
            return Ok(b);
        }
        let source = std::path::Path::new(&source);
        let gone = || Failure::not_found(format!("page {id}'s file is no longer at {}: its picture cannot be drawn", source.display()));
        let now = std::fs::File::open(source).map(std::io::BufReader::new).and_then(benbao_archive::hash::content_hash_of).map_err(|_| gone())?;
        if now != hash {
            return Err(Failure::not_found(format!("{} has changed since it was ingested: its picture cannot be drawn", source.display())));
        }
        // kept in the archive when it can be written there, else drawn in a scratch file and only sent
        let cached = file.parent().is_some_and(|d| std::fs::create_dir_all(d).is_ok()) && benbao_layout::page_file::render_image(source, n, &file).is_ok();
        if cached {
            return std::fs::read(&file).map_err(|e| Failure::internal(format!("cannot read {}: {e}", file.display())));
        }
        let scratch = std::env::temp_dir().join(format!("benbao-{hash}-{n}-{}.png", std::process::id()));
        let drawn = benbao_layout::page_file::render_image(source, n, &scratch).map_err(|e| Failure::not_found(format!("page {id}: no picture of its page {n}: {e}")));
        let bytes = drawn.and_then(|()| std::fs::read(&scratch).map_err(|e| Failure::internal(format!("cannot read {}: {e}", scratch.display()))));
        let _ = std::fs::remove_file(&scratch);
        bytes
    };
    let bytes = tokio::task::spawn_blocking(draw).await.map_err(|_| Failure::internal("the picture's worker stopped"))??;
    Ok(picture_response(bytes))
}

fn picture_response(bytes: Vec<u8>) -> Response {
    let mut r = with_headers(StatusCode::OK, "image/png", bytes);
    // named by content: the picture of a page never changes
    r.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("public, max-age=31536000, immutable"));
    r
}

pub async fn openapi() -> Response {
    with_headers(StatusCode::OK, "application/json; charset=utf-8", OPENAPI.as_bytes().to_vec())
}
