//! benbao-serve: an archive over HTTP (axum).
//!
//! * the JSON API under `/api/`, described by `openapi.json` (served at
//!   `/api/openapi.json`): search, one article, one person, one organization,
//!   the event list, statistics, and `POST /api/pages` to add a page;
//! * the web UI, rendered on the server as plain HTML with one embedded
//!   stylesheet (no script, no external fonts or CDN): search with facets and
//!   marked snippets, an article beside the raw lines it was read from, a
//!   person through time with a timeline chart, an organization, the events.
//!
//! The server is read-only unless it was started with an upload token; the
//! upload endpoint then wants `Authorization: Bearer TOKEN`, refuses bodies
//! over the size limit, and names what it stores after the content's hash,
//! so no request ever chooses a path. No handler reads a file named by a
//! request: the stylesheet and the API description are compiled in. The one
//! handler that touches files, the page picture, reads a stored page's own
//! file (by the path and hash the archive holds for a page id) and writes
//! its picture into the archive's `images/`, at most two at a time.
#![warn(missing_docs)]

mod api;
mod chart;
mod html;
mod upload;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use benbao_archive::search::Searcher;
use benbao_archive::Error;

/// How to serve.
#[derive(Debug, Clone)]
pub struct Config {
    /// The archive folder.
    pub archive: PathBuf,
    /// `127.0.0.1:8080`; port 0 picks a free one.
    pub bind: String,
    /// The token the upload endpoint wants; None: read-only.
    pub upload_token: Option<String>,
    /// Largest page accepted by the upload endpoint, in bytes.
    pub max_upload: usize,
    /// Threads answering requests (the blocking pool is twice this).
    pub threads: usize,
    /// Connections served at once; more wait in the kernel's queue.
    pub max_connections: usize,
    /// How long a connection may take to send a request's headers, and may
    /// stay idle between requests, before it is closed.
    pub header_timeout: std::time::Duration,
    /// How long reading one request body may take (uploads).
    pub body_timeout: std::time::Duration,
}

impl Config {
    /// The defaults for serving the archive in folder `archive`.
    pub fn new(archive: PathBuf) -> Config {
        Config {
            archive,
            bind: "127.0.0.1:8080".into(),
            upload_token: None,
            max_upload: 8 << 20,
            threads: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2),
            max_connections: 1024,
            header_timeout: std::time::Duration::from_secs(10),
            body_timeout: std::time::Duration::from_secs(60),
        }
    }
}

/// What every handler shares: the archive and a pool of open searchers
/// (a searcher holds a SQLite connection, which one thread uses at a time).
pub(crate) struct State {
    pub config: Config,
    pool: Mutex<Vec<Searcher>>,
    /// Uploads are ingested one at a time.
    pub ingest_lock: Mutex<()>,
}

pub(crate) type Shared = Arc<State>;

impl State {
    /// Runs `f` with a searcher, on the blocking pool.
    pub async fn with<T: Send + 'static>(self: &Arc<Self>, f: impl FnOnce(&Searcher) -> Result<T, Error> + Send + 'static) -> Result<T, Failure> {
        let st = self.clone();
        tokio::task::spawn_blocking(move || {
            let s = st.pool.lock().unwrap().pop();
            let s = match s {
                Some(s) => s,
                None => Searcher::open(&st.config.archive)?,
            };
            let r = f(&s);
            st.pool.lock().unwrap().push(s);
            r
        })
        .await
        .map_err(|_| Failure::internal("the request's worker stopped"))?
        .map_err(Failure::from)
    }
}

/// An error answer: a status and words for the person reading it.
#[derive(Debug)]
pub(crate) struct Failure {
    pub status: StatusCode,
    pub message: String,
}

impl Failure {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Failure {
        Failure { status, message: message.into() }
    }
    pub fn internal(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
    pub fn bad(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn not_found(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::NOT_FOUND, message)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        if e.is_bad_request() {
            Failure::bad(e.to_string())
        } else {
            Failure::internal(e.to_string())
        }
    }
}

pub(crate) fn json_response(status: StatusCode, v: &impl serde::Serialize) -> Response {
    let body = serde_json::to_vec(v).unwrap_or_default();
    with_headers(status, "application/json; charset=utf-8", body)
}

pub(crate) fn with_headers(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // the pages need nothing but this server's stylesheet and their own links
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    );
    r
}

/// The application's routes over an opened state.
fn router(state: Shared) -> Router {
    let max = state.config.max_upload;
    Router::new()
        .route("/", get(html::search))
        .route("/search", get(html::search))
        .route("/article/{id}", get(html::article))
        .route("/person/{name}", get(html::person))
        .route("/org/{name}", get(html::organization))
        .route("/events", get(html::events))
        .route("/tables", get(html::tables))
        .route("/network", get(html::network))
        .route("/place/{code}", get(html::place))
        .route("/static/style.css", get(html::stylesheet))
        .route("/api/search", get(api::search))
        .route("/api/article/{id}", get(api::article))
        .route("/api/person/{name}", get(api::person))
        .route("/api/org/{name}", get(api::organization))
        .route("/api/events", get(api::events))
        .route("/api/stats", get(api::stats))
        .route("/api/export/{file}", get(api::export))
        .route("/api/network", get(api::network))
        .route("/api/place/{code}", get(api::place))
        .route("/api/pages/{id}/image/{n}", get(api::page_image))
        .route("/api/openapi.json", get(api::openapi))
        // the limit is checked against Content-Length and while reading the body
        .route("/api/pages", post(upload::upload).layer(DefaultBodyLimit::max(max)))
        .fallback(html::not_found)
        .with_state(state)
}

/// A bound server, ready to run.
pub struct Server {
    listener: std::net::TcpListener,
    state: Shared,
}

impl Server {
    /// Opens the archive (an error if there is none) and binds the address.
    pub fn bind(config: Config) -> Result<Server, Error> {
        let first = Searcher::open(&config.archive)?;
        let listener = std::net::TcpListener::bind(&config.bind).map_err(|e| Error::new(format!("cannot listen on {}: {e}", config.bind)))?;
        listener.set_nonblocking(true)?;
        let state = Arc::new(State { config, pool: Mutex::new(vec![first]), ingest_lock: Mutex::new(()) });
        Ok(Server { listener, state })
    }

    /// The address the server listens on (the port the system chose for `:0`).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// Whether the upload endpoint is open.
    pub fn accepts_uploads(&self) -> bool {
        self.state.config.upload_token.is_some()
    }

    /// Serves until `shutdown` resolves (or forever).
    pub fn run(self, shutdown: impl std::future::Future<Output = ()> + Send + 'static) -> Result<(), Error> {
        let threads = self.state.config.threads.max(1);
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .max_blocking_threads(threads * 2)
            .enable_io()
            .enable_time()
            .build()?;
        rt.block_on(serve(self.listener, self.state, shutdown))?;
        Ok(())
    }

    /// Serves until the process gets Ctrl-C (SIGINT).
    pub fn run_until_interrupted(self) -> Result<(), Error> {
        self.run(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

/// The accept loop: HTTP/1.1 connections with a header-read timeout (which
/// also closes connections idle between requests), at most
/// `max_connections` at once; on `shutdown` it stops accepting, lets the open
/// requests finish and closes idle connections.
async fn serve(listener: std::net::TcpListener, state: Shared, shutdown: impl std::future::Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let limit = state.config.max_connections.max(1);
    let slots = Arc::new(tokio::sync::Semaphore::new(limit));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(state.config.header_timeout).keep_alive(true);
    let app = router(state);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => p.expect("the semaphore is never closed"),
            _ = &mut shutdown => break,
        };
        let (stream, _) = tokio::select! {
            r = listener.accept() => match r {
                Ok(c) => c,
                // out of file descriptors and the like: wait a moment, go on
                Err(_) => {
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(
            app.clone().map_request(|r: axum::http::Request<hyper::body::Incoming>| r.map(Body::new)),
        );
        let conn = http.serve_connection(TokioIo::new(stream), service);
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
            drop(permit);
        });
    }
    let _ = stop_tx.send(true);
    // wait (a bounded time) for the open connections to finish
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), slots.acquire_many(limit as u32)).await;
    Ok(())
}

/// A query string as (key, value) pairs, decoded.
pub(crate) type Params = Vec<(String, String)>;

/// A query string's pairs, percent-decoded (`+` is a space; a broken `%` escape is kept as printed).
pub(crate) fn parse_params(q: Option<&str>) -> Params {
    form_urlencoded::parse(q.unwrap_or("").as_bytes()).into_owned().collect()
}

/// A parameter's value, trimmed; None when absent or blank.
pub(crate) fn param<'a>(params: &'a Params, k: &str) -> Option<&'a str> {
    params.iter().find(|(key, v)| key == k && !v.trim().is_empty()).map(|(_, v)| v.trim())
}

/// A whole-number parameter in `min..=max`; absent or blank: `default`.
pub(crate) fn num(params: &Params, k: &str, default: usize, min: usize, max: usize) -> Result<usize, Failure> {
    match param(params, k) {
        None => Ok(default),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(Failure::bad(format!("{k}: expected a whole number from {min} to {max}, got {v:?}"))),
        },
    }
}

/// The event types benbao-extract gives.
pub(crate) use benbao_extract::EVENT_TYPES;

fn check_type(v: &Option<String>) -> Result<(), Failure> {
    match v {
        Some(t) if !EVENT_TYPES.contains(&t.as_str()) => Err(Failure::bad(format!("type: no event type {t:?} (one of {})", EVENT_TYPES.join(", ")))),
        _ => Ok(()),
    }
}

/// A date parameter in ISO form (events are filtered on ISO text, so
/// 2022-2 and 2022/02 must become 2022-02); a 400 when it is no date.
fn iso_date(k: &str, v: Option<String>) -> Result<Option<String>, Failure> {
    match v {
        None => Ok(None),
        Some(v) => {
            let d = benbao::PageDate::parse(&v).map_err(|e| Failure::bad(format!("{k}: {e}")))?;
            d.iso().map(Some).ok_or_else(|| Failure::bad(format!("{k}: no year in {v:?}")))
        }
    }
}

/// The search a query string asks for.
pub(crate) fn search_request(params: &Params) -> Result<benbao_archive::SearchRequest, Failure> {
    let opt = |k: &str| param(params, k).map(str::to_string);
    let mut r = benbao_archive::SearchRequest {
        query: param(params, "q").unwrap_or("").to_string(),
        from: opt("from"),
        to: opt("to"),
        paper: opt("paper"),
        person: opt("person"),
        org: opt("org"),
        place: opt("place"),
        event_type: opt("type"),
        year: opt("year"),
        limit: num(params, "limit", 20, 1, 1000)?,
        offset: num(params, "offset", 0, 0, 100_000)?,
        facets: match param(params, "facets") {
            None | Some("0" | "false" | "no") => false,
            Some("1" | "true" | "yes") => true,
            Some(v) => return Err(Failure::bad(format!("facets: expected 1 or 0, got {v:?}"))),
        },
        ..Default::default()
    };
    r.from = iso_date("from", r.from)?;
    r.to = iso_date("to", r.to)?;
    check_type(&r.event_type)?;
    if let Some(y) = &r.year {
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Failure::bad(format!("year: expected four digits, got {y:?}")));
        }
    }
    Ok(r)
}

/// The events a query string asks for.
pub(crate) fn event_filter(params: &Params) -> Result<benbao_archive::browse::EventFilter, Failure> {
    let opt = |k: &str| param(params, k).map(str::to_string);
    let mut f = benbao_archive::browse::EventFilter {
        kind: opt("type"),
        from: opt("from"),
        to: opt("to"),
        place: opt("place"),
        person: opt("person"),
        paper: opt("paper"),
        limit: num(params, "limit", 50, 1, 1000)?,
        offset: num(params, "offset", 0, 0, 1_000_000)?,
    };
    check_type(&f.kind)?;
    f.from = iso_date("from", f.from)?;
    f.to = iso_date("to", f.to)?;
    Ok(f)
}

/// The network's filter from `year`, `topic`, and `origin` with `destination` (one edge).
pub(crate) fn network_filter(params: &Params) -> Result<benbao_archive::browse::NetworkFilter, Failure> {
    let opt = |k: &str| param(params, k).map(str::to_string);
    let year = opt("year");
    if let Some(y) = &year {
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Failure::bad(format!("year: {y:?}: expected four digits (2022)")));
        }
    }
    let edge = match (opt("origin"), opt("destination")) {
        (Some(o), Some(d)) => Some((o, d)),
        (None, None) => None,
        _ => return Err(Failure::bad("origin and destination go together (one edge of the network)")),
    };
    Ok(benbao_archive::browse::NetworkFilter { year, topic: opt("topic"), edge })
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        json_response(self.status, &serde_json::json!({ "error": self.message }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings() {
        let p = parse_params(Some("a=%E4%B8%87%E4%BA%BA+a%2Bb%&b=%zz%4"));
        assert_eq!((param(&p, "a"), param(&p, "b")), (Some("万人 a+b%"), Some("%zz%4")));
        let p = parse_params(Some("q=%22%E5%8A%A9%22&limit=5&x"));
        assert_eq!(param(&p, "q"), Some("\"助\""));
        assert_eq!(search_request(&p).unwrap().limit, 5);
        assert!(search_request(&parse_params(Some("from=2022-13"))).is_err());
        assert!(search_request(&parse_params(Some("limit=many"))).is_err());
        assert_eq!(event_filter(&parse_params(Some("type=inspection&to=2022-02"))).unwrap().kind.as_deref(), Some("inspection"));
        assert!(event_filter(&parse_params(Some("type=AAA"))).is_err());
        assert!(search_request(&parse_params(Some("type=visit"))).is_err());
        assert!(search_request(&parse_params(Some("limit=0"))).is_err());
        assert!(search_request(&parse_params(Some("facets=-5"))).is_err());
        assert!(search_request(&parse_params(Some("facets=1"))).unwrap().facets);
        assert!(search_request(&parse_params(Some("limit=1001"))).is_err());
        assert_eq!(event_filter(&parse_params(Some("from=2022-2&to=2022/3/5"))).map(|f| (f.from, f.to)).unwrap(), (Some("2022-02".into()), Some("2022-03-05".into())));
    }
}
