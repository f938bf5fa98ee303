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

pub async fn openapi() -> Response {
    with_headers(StatusCode::OK, "application/json; charset=utf-8", OPENAPI.as_bytes().to_vec())
}
