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
    match st.with(move |s| browse::article(&s.db, id)).await? {
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

pub async fn network(State(st): State<Shared>, RawQuery(q): RawQuery) -> Result<Response, Failure> {
    let f = crate::network_filter(&parse_params(q.as_deref()))?;
    let n = st.with(move |s| browse::network(&s.db, &f)).await?;
    Ok(json_response(StatusCode::OK, &n))
}

pub async fn place(State(st): State<Shared>, code: Result<Path<String>, PathRejection>) -> Result<Response, Failure> {
    let code = segment(code)?;
    let c = code.clone();
    match st.with(move |s| browse::place(&s.db, &c)).await? {
        Some(p) => Ok(json_response(StatusCode::OK, &p)),
        None => Err(Failure::not_found(format!("no post, event or visit of the archive is in {code:?}"))),
    }
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

/// A response body fed by a blocking writer, chunk by chunk: an export
/// streams from the database to the client with flat memory, and stops
/// when the client goes away.
struct Chunks(tokio::sync::mpsc::Receiver<axum::body::Bytes>);

impl http_body::Body for Chunks {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        self.0.poll_recv(cx).map(|chunk| chunk.map(|b| Ok(http_body::Frame::data(b))))
    }
}

/// The writing end of [`Chunks`]: 64 KiB at a time; a closed connection is
/// a broken pipe, which ends the export.
struct ChunkWriter {
    tx: tokio::sync::mpsc::Sender<axum::body::Bytes>,
    buf: Vec<u8>,
}

impl ChunkWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = axum::body::Bytes::from(std::mem::take(&mut self.buf));
        self.tx.blocking_send(chunk).map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))
    }
}

impl std::io::Write for ChunkWriter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(b);
        if self.buf.len() >= 1 << 16 {
            self.send()?;
        }
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// `GET /api/export/{what}.{format}` (`?bom=1` for CSV): a table of
/// `benbao export`, streamed as a download.
pub async fn export(State(st): State<Shared>, file: Result<Path<String>, PathRejection>, RawQuery(q): RawQuery) -> Result<Response, Failure> {
    use benbao_archive::export::{self, Format, What};
    let file = segment(file)?;
    let bad = || Failure::bad(format!("{file:?}: expected TABLE.FORMAT: a table of {} and a format of {}", What::names(), Format::names()));
    let (name, ext) = file.rsplit_once('.').ok_or_else(bad)?;
    let (what, format) = (What::parse(name).ok_or_else(bad)?, Format::parse(ext).ok_or_else(bad)?);
    let bom = match crate::param(&parse_params(q.as_deref()), "bom") {
        None | Some("0") => false,
        Some("1") if format == Format::Csv => true,
        Some(v) => return Err(Failure::bad(format!("bom: {v:?}: expected 1 (CSV only) or 0"))),
    };
    let content_type = match format {
        Format::Csv => "text/csv; charset=utf-8",
        Format::Jsonl => "application/x-ndjson",
        Format::Parquet => "application/vnd.apache.parquet",
        Format::Dta => "application/x-stata-dta",
    };
    let (tx, rx) = tokio::sync::mpsc::channel(8);
    let dir = st.config.archive.clone();
    tokio::task::spawn_blocking(move || {
        let mut w = ChunkWriter { tx, buf: Vec::new() };
        // a failure half-way can only cut the download short (the status is sent)
        let _ = store::connect(&benbao_archive::db_path(&dir)).and_then(|db| export::export(&db, what, format, bom, &mut w)).and_then(|_| Ok(std::io::Write::flush(&mut w)?));
    });
    let mut r = Response::new(axum::body::Body::new(Chunks(rx)));
    let h = r.headers_mut();
    h.insert(axum::http::header::CONTENT_TYPE, axum::http::HeaderValue::from_static(content_type));
    h.insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    h.insert(axum::http::header::X_CONTENT_TYPE_OPTIONS, axum::http::HeaderValue::from_static("nosniff"));
    let disposition = format!("attachment; filename=\"{}.{ext}\"", what.name());
    h.insert(axum::http::header::CONTENT_DISPOSITION, axum::http::HeaderValue::from_str(&disposition).map_err(|e| Failure::internal(e.to_string()))?);
    Ok(r)
}
