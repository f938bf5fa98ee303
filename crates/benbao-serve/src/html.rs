//! The web UI: HTML rendered on the server, one embedded stylesheet, no
//! script and nothing fetched from elsewhere. Every page is a maud template:
//! what the archive holds goes in as a value, which maud escapes, so no
//! stored text can become markup.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use benbao_archive::browse::{self, ArticleRef, EventItem, EventList, OrgPage, PersonPage};
use benbao_archive::search::{parse_query, positive_texts, FacetCount, SearchResults};
use benbao_archive::{tokenize, SearchRequest};
use maud::{html, Markup, DOCTYPE};

use crate::chart::Coord;
use crate::{event_filter, param, EVENT_TYPES, parse_params, search_request, with_headers, Failure, Params, Shared};

const STYLE: &str = include_str!("../assets/style.css");

/// A part of a URL (a path segment, a query's key or value), percent-encoded
/// but for the unreserved characters.
pub fn url_enc(s: &str) -> String {
    let mut o = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => o.push(b as char),
            _ => o.push_str(&format!("%{b:02X}")),
        }
    }
    o
}

/// An event type in words.
pub fn event_label(kind: &str) -> &str {
    match kind {
        "inspection" => "调研 inspection",
        "study_visit" => "考察 study visit",
        "meeting" => "会议 meeting",
        "reception" => "会见 reception",
        "message" => "致信 message",
        "speech" => "讲话 speech",
        "instruction" => "指示 instruction",
        other => other,
    }
}

/// The header's links: where each goes, the page it stands for, its words.
const NAV: [(&str, &str, &str); 4] = [("/", "search", "搜索 Search"), ("/events", "events", "事件 Events"), ("/network", "network", "考察网络 Network"), ("/tables", "tables", "表格 Tables")];

fn page(status: StatusCode, title: &str, nav: &str, body: Markup) -> Response {
    let html = html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width,initial-scale=1";
                title { (title) " · 本报 benbao" }
                link rel="stylesheet" href="/static/style.css";
            }
            body {
                header {
                    a.brand href="/" { "本报 " span { "benbao" } }
                    nav {
                        @for (href, key, label) in NAV {
                            a href=(href) aria-current=[(key == nav).then_some("page")] { (label) }
                        }
                    }
                }
                main { (body) }
                footer { "benbao · " a href="/api/openapi.json" { "API" } }
            }
        }
    };
    with_headers(status, "text/html; charset=utf-8", html.into_string().into_bytes())
}

fn error_page(f: Failure) -> Response {
    let title = f.status.canonical_reason().unwrap_or("error");
    let body = html! {
        h1 { (f.status.as_u16()) }
        p.err { (f.message) }
        p { a href="/" { "← 搜索 Search" } }
    };
    page(f.status, title, "", body)
}

pub async fn not_found() -> Response {
    error_page(Failure::not_found("nothing here: try the search"))
}

pub async fn stylesheet() -> Response {
    let mut r = with_headers(StatusCode::OK, "text/css; charset=utf-8", STYLE.as_bytes().to_vec());
    r.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("max-age=3600"));
    r
}

/// A text with character ranges marked (`<mark>`): sorted ranges in
/// characters, as the search's highlights are; a range that overlaps the
/// one before it or is empty is left out, one past the end is cut there.
fn marked(text: &str, ranges: &[[usize; 2]]) -> Markup {
    let at: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
    let byte = |i: usize| at[i.min(at.len() - 1)];
    let mut pieces = Vec::new();
    let mut done = 0;
    for &[a, b] in ranges {
        let (a, b) = (byte(a), byte(b));
        if a < done || b <= a {
            continue;
        }
        pieces.push((&text[done..a], &text[a..b]));
        done = b;
    }
    html! {
        @for (plain, hit) in pieces { (plain) mark { (hit) } }
        (&text[done..])
    }
}

/// Pieces with `sep` between them, as a list in running text.
fn joined(parts: impl IntoIterator<Item = Markup>, sep: &str) -> Markup {
    html! {
        @for (i, part) in parts.into_iter().enumerate() {
            @if i > 0 { (sep) }
            (part)
        }
    }
}

fn person_link(name: &str) -> Markup {
    html! { a.person href={ "/person/" (url_enc(name)) } { (name) } }
}

/// People linked to their pages, 、 between them.
fn people(names: &[String]) -> Markup {
    joined(names.iter().map(|n| person_link(n)), "、")
}

/// A locality linked to its page when it has a code.
fn place_link(name: Option<&str>, code: Option<&str>) -> Markup {
    html! {
        @match (name, code) {
            (n, Some(c)) => { a.place href={ "/place/" (url_enc(c)) } { (n.unwrap_or(c)) } " " span.code { (c) } }
            (Some(n), None) => (n),
            (None, None) => {}
        }
    }
}

fn org_link(name: &str) -> Markup {
    html! { a.org href={ "/org/" (url_enc(name)) } { (name) } }
}

/// A place linked to the events held there.
fn events_at(place: &str) -> Markup {
    html! { a href={ "/events?place=" (url_enc(place)) } { (place) } }
}

/// An event type linked to the events of that type.
fn event_tag(kind: &str) -> Markup {
    html! { a.tag href={ "/events?type=" (url_enc(kind)) } { (event_label(kind)) } }
}

/// Who took part in an event: its actors, → its counterparts (the guest, the
/// recipient, the hosts), with its participants.
fn who(actors: &[String], counterparts: &[String], participants: &[String]) -> Markup {
    let mut parts: Vec<Markup> = actors.iter().map(|n| person_link(n)).collect();
    if !counterparts.is_empty() {
        parts.push(html! { "→ " (people(counterparts)) });
    }
    if !participants.is_empty() {
        parts.push(html! { span.meta { "with" } " " (people(participants)) });
    }
    joined(parts, "、")
}

/// A table's head row.
fn head(columns: &[&str]) -> Markup {
    html! { thead { tr { @for c in columns { th { (c) } } } } }
}

/// What an article is called: its headline, else its kicker, else its first words.
fn title_of(headline: Option<&str>, kicker: Option<&str>, lead: &str) -> String {
    match headline.or(kicker) {
        Some(t) => t.to_string(),
        None if lead.is_empty() => "(无标题)".into(),
        None => {
            let t: String = lead.chars().take(22).collect();
            if lead.chars().count() > 22 {
                format!("{t}…")
            } else {
                t
            }
        }
    }
}

/// A page file's last three parts (`paper/date/file`).
fn short_path(path: &str) -> String {
    let short: Vec<&str> = path.rsplit('/').take(3).collect();
    short.into_iter().rev().collect::<Vec<_>>().join("/")
}

/// `path` with this query's parameters but `offset`, those in `changes`
/// set anew (a change to "" drops its parameter).
fn href_with(path: &str, params: &Params, changes: &[(&str, &str)]) -> String {
    let kept = params.iter().filter(|(k, _)| k != "offset" && !changes.iter().any(|(c, _)| c == k)).map(|(k, v)| (k.as_str(), v.as_str()));
    let changed = changes.iter().filter(|(_, v)| !v.is_empty()).copied();
    let q: Vec<String> = kept.chain(changed).map(|(k, v)| format!("{}={}", url_enc(k), url_enc(v))).collect();
    format!("{path}?{}", q.join("&"))
}

/// The links to the list's page before and after, when there are such.
fn pager(base: &str, offset: usize, limit: usize, shown: usize, total: usize) -> Markup {
    let prev = (offset > 0).then(|| (offset.saturating_sub(limit), "← 上一页 prev"));
    let next = (offset + shown < total).then(|| (offset + limit, "下一页 next →"));
    let links: Vec<Markup> = [prev, next].into_iter().flatten().map(|(at, label)| html! { a href={ (base) "&offset=" (at) } { (label) } }).collect();
    html! {
        @if !links.is_empty() { p.pager { (joined(links, " · ")) } }
    }
}

// ---------------------------------------------------------------- search

pub async fn search(State(st): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let params = parse_params(q.as_deref());
    let mut r = match search_request(&params) {
        Ok(r) => r,
        Err(f) => return error_page(f),
    };
    r.facets = true;
    let searched = ["q", "paper", "person", "org", "place", "type", "year", "from", "to"].iter().any(|k| param(&params, k).is_some());
    // the archive's counts are shown (and counted) only on the empty page
    let (res, stats) = if searched {
        let rr = r.clone();
        match st.with(move |s| s.search(&rr)).await {
            Ok(res) => (Some(res), None),
            Err(f) => return error_page(f),
        }
    } else {
        (None, st.with(|s| benbao_archive::store::stats(&s.db)).await.ok())
    };
    let body = html! {
        (search_form(&params))
        @match &res {
            Some(res) => (search_results(&r, res, &params)),
            None => (search_help(stats)),
        }
    };
    page(StatusCode::OK, if r.query.is_empty() { "搜索" } else { &r.query }, "search", body)
}

/// The search form's fields below the query: name, placeholder, size, label.
const SEARCH_FIELDS: [(&str, &str, u8, &str); 6] = [
    ("from", "从 from 2022-01", 14, "from"),
    ("to", "到 to 2022-12-31", 14, "to"),
    ("paper", "报纸 paper", 10, "paper"),
    ("person", "人物 person", 10, "person"),
    ("org", "机构 organization", 16, "organization"),
    ("type", "事件 event type", 14, "event type"),
];

fn search_form(params: &Params) -> Markup {
    let v = |k: &str| param(params, k).unwrap_or("").to_string();
    html! {
        form.search action="/" method="get" role="search" {
            input name="q" value=(v("q")) placeholder="简单 · \"万人助万企\" · A OR B · -C" aria-label="查询 query" autofocus;
            button { "搜索" }
            div.more {
                @for (name, placeholder, size, label) in SEARCH_FIELDS {
                    input name=(name) value=(v(name)) placeholder=(placeholder) size=(size) aria-label=(label);
                }
            }
        }
    }
}

/// The empty search page: the archive's counts and the query language.
fn search_help(stats: Option<benbao_archive::Stats>) -> Markup {
    html! {
        @if let Some(s) = stats {
            p.meta {
                (format!("本库 {0} 版 · {1} 篇文章 · {2} 人次 · {3} 个事件 ({0} pages, {1} articles, {2} people named, {3} events)", s.pages, s.articles, s.people, s.events))
            }
        }
        p.help {
            "Words are found inside longer words too (简单 finds 安装简单); \"quotes\" keep a phrase with spaces together; AND, OR, NOT or -word; "
            (joined(["paper:", "person:", "org:", "type:", "year:"].map(|f| html! { code { (f) } }), ", "))
            " filter. Browse the " a href="/events" { "events" } "."
        }
    }
}

fn search_results(r: &SearchRequest, res: &SearchResults, params: &Params) -> Markup {
    html! {
        div.cols {
            section.hits {
                p.meta #count { (res.total) " 篇 articles · " (format!("{:.1}", res.took_ms)) " ms" }
                @for h in &res.hits {
                    article.hit {
                        h3 {
                            @if let Some(k) = &h.kicker { span.kicker-s { (k) } " " }
                            a href={ "/article/" (h.article_id) "?q=" (url_enc(&r.query)) } { (title_of(h.headline.as_deref(), None, &h.lead)) }
                        }
                        p { (marked(&h.snippet, &h.highlights)) }
                        p.meta {
                            (h.date.as_deref().or(h.page_date.as_deref()).unwrap_or("")) " · " (h.paper.as_deref().unwrap_or("-")) " · "
                            (short_path(&h.path)) " " (h.lines[0]) "–" (h.lines[1])
                        }
                    }
                }
                (pager(&href_with("/", params, &[]), r.offset, r.limit, res.hits.len(), res.total))
            }
            @if !res.facets.is_empty() {
                aside.facets {
                    @for (name, counts) in &res.facets {
                        @if !counts.is_empty() { (facet(name, counts, params)) }
                    }
                }
            }
        }
    }
}

/// One facet of the hits: each value narrows the search; a person or an
/// organization also links to its page.
fn facet(name: &str, counts: &[FacetCount], params: &Params) -> Markup {
    let (key, label) = match name {
        "organization" => ("org", "机构 organization"),
        "event_type" => ("type", "事件 event"),
        "paper" => ("paper", "报纸 paper"),
        "year" => ("year", "年份 year"),
        "person" => ("person", "人物 person"),
        n => (n, n),
    };
    html! {
        h4 { (label) }
        ul {
            @for c in counts {
                li {
                    a href=(href_with("/", params, &[(key, &c.value)])) { (if key == "type" { event_label(&c.value) } else { c.value.as_str() }) }
                    " " span.n { (c.count) }
                    @match key {
                        "person" => { " " a.go href={ "/person/" (url_enc(&c.value)) } title="人物页 person page" { "→" } }
                        "org" => { " " a.go href={ "/org/" (url_enc(&c.value)) } title="机构页 organization page" { "→" } }
                        _ => {}
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------- article

pub async fn article(State(st): State<Shared>, id: Result<Path<String>, PathRejection>, RawQuery(q): RawQuery) -> Response {
    let id = match crate::api::segment(id) {
        Ok(id) => id,
        Err(f) => return error_page(f),
    };
    let Ok(id) = id.parse::<i64>() else {
        return error_page(Failure::not_found(format!("no article {id:?}")));
    };
    match st.with(move |s| browse::article(&s.db, id)).await {
        Ok(Some(v)) => {
            let params = parse_params(q.as_deref());
            let (title, body) = article_body(&v, param(&params, "q"));
            page(StatusCode::OK, &title, "", body)
        }
        Ok(None) => error_page(Failure::not_found(format!("no article {id}"))),
        Err(f) => error_page(f),
    }
}

fn article_body(v: &browse::ArticlePage, q: Option<&str>) -> (String, Markup) {
    let lead = v.paragraphs.first().map_or("", String::as_str);
    let title = title_of(v.headline.as_deref(), None, lead);
    let mut needles = Vec::new();
    // a query the search refused marks nothing here
    if let Some(Ok(node)) = q.map(parse_query) {
        positive_texts(&node, &mut needles);
    }
    let body = html! {
        div.article-cols {
            article.clean {
                @if let Some(k) = &v.kicker { p.kicker { (k) } }
                @if let Some(o) = &v.overline { p.overline { (o) } }
                h1 { (title) }
                @if let Some(sub) = &v.subheadline { h2.sub { (sub) } }
                p.meta { (article_meta(v)) }
                @for para in &v.paragraphs { p { (marked(para, &query_spans(para, &needles))) } }
                (article_entities(v))
            }
            (raw_page(v))
        }
    };
    (title, body)
}

/// Where the query's words stand in a paragraph, in characters.
fn query_spans(para: &str, needles: &[String]) -> Vec<[usize; 2]> {
    if needles.is_empty() {
        return Vec::new();
    }
    let f = tokenize::folded(para);
    let mut spans: Vec<[usize; 2]> = needles.iter().flat_map(|n| tokenize::find_all(&f, n)).map(|(a, b)| [a, b]).collect();
    spans.sort();
    spans.dedup_by(|b, a| b[0] < a[1]);
    spans
}

/// The article's date, paper, dateline and byline.
fn article_meta(v: &browse::ArticlePage) -> String {
    let mut meta = vec![v.date.as_deref().or(v.page_date.as_deref()).unwrap_or("").to_string(), v.paper.as_deref().unwrap_or("-").to_string()];
    meta.extend(v.dateline.clone());
    if let Some(by) = &v.byline {
        for (names, label) in [(&by.reporters, "记者"), (&by.correspondents, "通讯员")] {
            if !names.is_empty() {
                meta.push(format!("{label} {}", names.join("、")));
            }
        }
    }
    meta.join(" · ")
}

/// The people, organizations, places and events the article names.
fn article_entities(v: &browse::ArticlePage) -> Markup {
    html! {
        section.entities {
            @if !v.people.is_empty() {
                h4 { "人物 People" }
                ul.people {
                    @for p in &v.people {
                        li { @if let Some(t) = &p.title { span.title { (t) } } (person_link(&p.name)) }
                    }
                }
            }
            @if !v.organizations.is_empty() {
                h4 { "机构 Organizations" }
                p { (joined(v.organizations.iter().map(|o| org_link(&o.name)), "、")) }
            }
            @if !v.places.is_empty() {
                h4 { "地点 Places" }
                p { (joined(v.places.iter().map(|p| events_at(&p.name)), "、")) }
            }
            @if !v.events.is_empty() {
                h4 { "事件 Events" }
                ul.events {
                    @for e in &v.events {
                        li {
                            (event_tag(&e.kind)) " " (e.date.as_deref().unwrap_or("")) " " (who(&e.actors, &[], &e.participants)) " "
                            (e.topic.as_deref().or(e.place.as_deref()).unwrap_or(""))
                            @if !e.directives.is_empty() {
                                ol.directives { @for d in &e.directives { li { (d.text) } } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The article as printed, beside the clean text: the page's picture and
/// the raw lines, numbered.
fn raw_page(v: &browse::ArticlePage) -> Markup {
    let [l0, l1] = v.lines;
    html! {
        aside.raw {
            (page_picture(v))
            h4 title=(v.path) { "原版 raw page · " (short_path(&v.path)) " · lines " (l0) "–" (l1) }
            pre {
                @for (i, line) in v.raw_lines.iter().enumerate() {
                    @if i > 0 { "\n" }
                    span.ln { (format!("{:>4}", l0 + i as i64)) }
                    (line)
                }
            }
        }
    }
}

/// A PDF page or scan: its picture with the article's boxes outlined (the
/// boxes are in the page's own units, so they scale with the picture); its
/// SVG elements have end tags, as the charts' do (see [`crate::chart`]).
fn page_picture(v: &browse::ArticlePage) -> Markup {
    let (Some(url), Some([w, h])) = (&v.image, v.page_size) else {
        return html! {};
    };
    html! {
        figure.page-image {
            h4 { "版面 the page" }
            svg viewBox={ "0 0 " (Coord(w)) " " (Coord(h)) } role="img" aria-label="the page, with this article outlined" {
                image href=(url) x="0" y="0" width=(Coord(w)) height=(Coord(h)) {}
                @for [x0, y0, x1, y1] in v.boxes.iter().flatten() {
                    rect.region x=(Coord(*x0)) y=(Coord(*y0)) width=(Coord(x1 - x0)) height=(Coord(y1 - y0)) fill="none" stroke="#c8102e" stroke-width="3" vector-effect="non-scaling-stroke" {}
                }
            }
            figcaption.meta { "page " (v.sheet) " · the article outlined" }
        }
    }
}

// ---------------------------------------------------------------- lists

/// Events as a table: when, what, who, where or about what, the article.
fn event_rows(events: &[EventItem]) -> Markup {
    if events.is_empty() {
        return html! { p.meta { "没有事件 no events" } };
    }
    html! {
        table.events {
            (head(&["日期 date", "类型 type", "人物 who", "地点 / 主题 place / topic", "报道 article"]))
            tbody {
                @for e in events {
                    tr {
                        td.date { (e.date.as_deref().unwrap_or("")) }
                        td { (event_tag(&e.kind)) }
                        td { (who(&e.actors, &e.counterparts, &e.participants)) }
                        td { (event_what(e)) }
                        td { a href={ "/article/" (e.article_id) } { (title_of(e.headline.as_deref(), None, &e.lead)) } }
                    }
                }
            }
        }
    }
}

/// An event's place, organizer, topic and directives, · between them.
fn event_what(e: &EventItem) -> Markup {
    let mut what = Vec::new();
    if let Some(p) = &e.place {
        what.push(events_at(p));
    }
    if let Some(o) = e.organizer.as_deref().filter(|o| e.place.as_deref() != Some(o)) {
        what.push(html! { (o) });
    }
    if let Some(t) = &e.topic {
        what.push(html! { span.topic { (t.chars().take(40).collect::<String>()) } });
    }
    if !e.directives.is_empty() {
        what.push(html! { span.meta { (e.directives.len()) " 项要求 directives" } });
    }
    joined(what, " · ")
}

fn article_list(list: &[ArticleRef]) -> Markup {
    html! {
        ul.articles {
            @for art in list {
                li {
                    span.date { (art.date.as_deref().unwrap_or("")) } " "
                    a href={ "/article/" (art.article_id) } { (title_of(art.headline.as_deref(), None, &art.lead)) } " "
                    @if let Some(t) = &art.title { span.title { (t) } " " }
                    span.meta { (art.paper.as_deref().unwrap_or("")) }
                }
            }
        }
    }
}

/// The dates from first to last seen, in words.
fn span(first: &Option<String>, last: &Option<String>) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a == b => a.clone(),
        (Some(a), Some(b)) => format!("{a} – {b}"),
        _ => "日期不详 no date".into(),
    }
}

// ---------------------------------------------------------------- person

pub async fn person(State(st): State<Shared>, name: Result<Path<String>, PathRejection>) -> Response {
    let name = match crate::api::segment(name) {
        Ok(n) => n,
        Err(f) => return error_page(f),
    };
    let n = name.clone();
    match st.with(move |s| browse::person(&s.db, &n)).await {
        Ok(Some(p)) => page(StatusCode::OK, &p.name, "", person_body(&p)),
        Ok(None) => error_page(Failure::not_found(format!("no article names {name}"))),
        Err(f) => error_page(f),
    }
}

fn person_body(p: &PersonPage) -> Markup {
    html! {
        h1.person-name { (p.name) }
        p.meta {
            (p.articles) " 篇报道 articles · " (span(&p.first, &p.last)) " · " (p.events_total) " 个事件 events · "
            a href={ "/?person=" (url_enc(&p.name)) } { "搜索全文 search" }
        }
        h2 { "时间线 Timeline" }
        (chart_or(crate::chart::timeline(p), "没有日期 nothing dated"))
        @if !p.posts.is_empty() { (career(p)) }
        h2 { "事件 Events" }
        @if p.events_total as usize > p.events.len() {
            p.meta {
                (format!("最近 {0} 个，共 {1} 个 the latest {0} of {1}: ", p.events.len(), p.events_total))
                a href={ "/events?person=" (url_enc(&p.name)) } { "全部 all" }
            }
        }
        (event_rows(&p.events))
        @if !p.met.is_empty() {
            h2 { "同场 Appeared with" }
            p.met { (joined(p.met.iter().map(|m| html! { (person_link(&m.value)) " " span.n { (m.count) } }), " · ")) }
        }
        h2 { "报道 Articles" }
        (article_list(&p.mentions))
    }
}

/// A person's posts as spells: each post in its jurisdiction, first and
/// last seen; namesakes told apart.
fn career(p: &PersonPage) -> Markup {
    let persons: std::collections::BTreeSet<i64> = p.posts.iter().filter_map(|x| x.person_id).collect();
    html! {
        h2 { "任职 Career" }
        @if persons.len() > 1 {
            p.meta {
                (persons.len()) " persons of this name, told apart by where they served ("
                code { "benbao people --name " (p.name) } ")"
            }
        }
        table.posts {
            (head(&["人 person", "职务 post", "机构 organization", "辖区 jurisdiction", "首见 first", "末见 last", "篇 articles"]))
            tbody {
                @for post in &p.posts {
                    tr {
                        td.n { @if let Some(i) = post.person_id { (i) } }
                        td { (post.post) }
                        td { @if let Some(o) = &post.organization { (org_link(o)) } }
                        td { (place_link(post.jurisdiction.as_deref(), post.jurisdiction_code.as_deref())) }
                        td.date { (post.first.as_deref().unwrap_or("")) }
                        td.date { (post.last.as_deref().unwrap_or("")) }
                        td.n { (post.articles) }
                    }
                }
            }
        }
        (downloads_line(&["spells"]))
    }
}

// ---------------------------------------------------------------- organization

pub async fn organization(State(st): State<Shared>, name: Result<Path<String>, PathRejection>) -> Response {
    let name = match crate::api::segment(name) {
        Ok(n) => n,
        Err(f) => return error_page(f),
    };
    let n = name.clone();
    match st.with(move |s| browse::organization(&s.db, &n)).await {
        Ok(Some(o)) => page(StatusCode::OK, &o.name, "", org_body(&o)),
        Ok(None) => error_page(Failure::not_found(format!("no article names {name}"))),
        Err(f) => error_page(f),
    }
}

fn org_body(o: &OrgPage) -> Markup {
    html! {
        h1.org-name { (o.name) }
        p.meta { (o.articles) " 篇报道 articles · " (span(&o.first, &o.last)) " · " a href={ "/?org=" (url_enc(&o.name)) } { "搜索全文 search" } }
        @if !o.people.is_empty() {
            h2 { "人物 People" }
            table.posts {
                (head(&["人物 person", "职务 posts", "时间 when", "篇 articles"]))
                tbody {
                    @for p in &o.people {
                        tr {
                            td { (person_link(&p.name)) }
                            td { (p.posts.join("、")) }
                            td.date { (span(&p.first, &p.last)) }
                            td.n { (p.articles) }
                        }
                    }
                }
            }
        }
        h2 { "事件 Events" }
        (event_rows(&o.events))
        h2 { "报道 Articles" }
        (article_list(&o.mentions))
    }
}

// ---------------------------------------------------------------- events

pub async fn events(State(st): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let params = parse_params(q.as_deref());
    let f = match event_filter(&params) {
        Ok(f) => f,
        Err(e) => return error_page(e),
    };
    let ff = f.clone();
    match st.with(move |s| browse::events(&s.db, &ff)).await {
        Ok(list) => page(StatusCode::OK, "事件 Events", "events", events_body(&f, &list, &params)),
        Err(e) => error_page(e),
    }
}

fn events_body(f: &browse::EventFilter, list: &EventList, params: &Params) -> Markup {
    html! {
        h1 { "事件 Events" }
        (events_form(f, list, params))
        p.meta #count { (list.total) " 个事件 events" }
        @if !list.places.is_empty() {
            p.facets-inline {
                "地点 places: "
                (joined(list.places.iter().take(12).map(|c| html! { (events_at(&c.value)) " " span.n { (c.count) } }), " · "))
            }
        }
        (event_rows(&list.events))
        (pager(&href_with("/events", params, &[]), f.offset, f.limit, list.events.len(), list.total as usize))
        (downloads_line(&["events", "dyads"]))
    }
}

/// The events form's fields after the type: label, name, placeholder, size.
const EVENT_FIELDS: [(&str, &str, Option<&str>, u8); 4] =
    [("从 from", "from", Some("2022-01"), 11), ("到 to", "to", Some("2022-12-31"), 11), ("地点 place", "place", Some("郑州"), 10), ("人物 person", "person", None, 8)];

fn events_form(f: &browse::EventFilter, list: &EventList, params: &Params) -> Markup {
    html! {
        form.filters action="/events" method="get" {
            label {
                "类型 type "
                select name="type" {
                    (choices("全部类型 all types", f.kind.as_deref(), EVENT_TYPES.map(|k| (k, event_label(k), list.types.iter().find(|c| c.value == k).map(|c| c.count)))))
                }
            }
            @for (label, name, placeholder, size) in EVENT_FIELDS {
                label { (label) " " input name=(name) value=(param(params, name).unwrap_or("")) placeholder=[placeholder] size=(size); }
            }
            button { "筛选 filter" }
        }
    }
}

/// A filter's choices: first `all` (no filter), then each value in its words
/// with its count, the `chosen` one selected.
fn choices<'a>(all: &str, chosen: Option<&str>, values: impl IntoIterator<Item = (&'a str, &'a str, Option<u64>)>) -> Markup {
    html! {
        option value="" { (all) }
        @for (value, words, count) in values {
            option value=(value) selected[chosen == Some(value)] { (words) @if let Some(n) = count { " (" (n) ")" } }
        }
    }
}

/// A chart, or what the page says when there is nothing to draw.
fn chart_or(svg: Option<Markup>, nothing: &str) -> Markup {
    html! {
        @match svg {
            Some(svg) => figure.chart { (svg) },
            None => p.meta { (nothing) },
        }
    }
}

/// Links to one table of the archive in every format (`/api/export/…`).
fn downloads(what: &str) -> Markup {
    let formats = [("csv", "CSV"), ("csv?bom=1", "CSV (Excel)"), ("jsonl", "JSONL"), ("parquet", "Parquet"), ("dta", "Stata")];
    html! {
        span.table-name { (what) } " "
        (joined(formats.map(|(ext, label)| html! { a href={ "/api/export/" (what) "." (ext) } download { (label) } }), " "))
    }
}

/// A page's line of downloads: the tables it draws on.
fn downloads_line(tables: &[&str]) -> Markup {
    html! { p.downloads { "下载 download: " (joined(tables.iter().map(|t| downloads(t)), " · ")) } }
}

/// The research tables: what each holds, each downloadable in every format.
const TABLES: [(&str, &str); 8] = [
    ("spells", "任职 careers: person × post × jurisdiction, first and last date seen"),
    ("panel", "活动 activity: person × month × event type, zero-filled (a balanced panel)"),
    ("dyads", "考察学习 study visits: origin → destination, leaders, hosts, topic"),
    ("dyad-counts", "考察网络 study-visit network: origin × destination × year"),
    ("events", "事件 events with actors, counterparts, place and codes"),
    ("people", "人物 people: one row per person per article, with the person across the archive"),
    ("directives", "指示 directives given at events"),
    ("articles", "文章 articles with headline, dateline, byline and text"),
];

pub async fn tables() -> Response {
    let body = html! {
        h1 { "表格 Tables" }
        p {
            "The archive's tables as " code { "benbao export" } " writes them, for pandas, R and Stata "
            "(Stata 118 files with variable labels and the value label " code { "event_type" } "). Columns: "
            code { "crates/benbao-archive/README.md" } "; the same downloads are " code { "GET /api/export/TABLE.FORMAT" } "."
        }
        table.tables {
            @for (what, about) in TABLES { tr { td { (downloads(what)) } td { (about) } } }
        }
    };
    page(StatusCode::OK, "表格 Tables", "tables", body)
}

// ---------------------------------------------------------------- network

fn visit_rows(visits: &[browse::Visit]) -> Markup {
    if visits.is_empty() {
        return html! { p.meta { "没有 none" } };
    }
    html! {
        table.visits {
            (head(&["日期 date", "从 from", "到 to", "带队 leaders", "接待 hosts", "主题 topic", "报道 article"]))
            tbody {
                @for v in visits {
                    tr {
                        td.date { (v.date.as_deref().unwrap_or("")) }
                        td { (place_link(Some(&v.origin.name), v.origin.code.as_deref())) }
                        td { (place_link(Some(&v.destination.name), v.destination.code.as_deref())) }
                        td { (people(&v.leaders)) }
                        td { (people(&v.hosts)) }
                        td { (v.topic.as_deref().unwrap_or("")) }
                        td { a href={ "/article/" (v.article_id) } { (v.headline.as_deref().unwrap_or("→")) } }
                    }
                }
            }
        }
    }
}

pub async fn network(State(st): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let params = parse_params(q.as_deref());
    let f = match crate::network_filter(&params) {
        Ok(f) => f,
        Err(e) => return error_page(e),
    };
    let ff = f.clone();
    match st.with(move |s| browse::network(&s.db, &ff)).await {
        Ok(n) => page(StatusCode::OK, "考察网络 Study-visit network", "network", network_body(&f, &n)),
        Err(e) => error_page(e),
    }
}

fn network_body(f: &browse::NetworkFilter, n: &browse::Network) -> Markup {
    html! {
        h1 { "考察网络 Study-visit network" }
        p.meta {
            "Delegations that went to learn from another locality (考察学习): localities as nodes, visits as arrows from origin to destination; "
            "an arrow's width grows with its visits. Click an arrow for its visits and articles."
        }
        form.filters action="/network" method="get" {
            label {
                "年 year "
                select name="year" {
                    (choices("全部年份 all years", f.year.as_deref(), n.years.iter().map(|y| (y.value.as_str(), y.value.as_str(), Some(y.count)))))
                }
            }
            label { "主题 topic " input name="topic" value=(f.topic.as_deref().unwrap_or("")) placeholder="营商环境" size="12"; }
            button { "筛选 filter" }
        }
        (chart_or(crate::chart::network(n, f), "没有考察学习 no study visits"))
        @match &f.edge {
            Some((o, d)) => h2 { (o) " → " (d) },
            None => h2 { "考察 Visits " span.n { (n.visits.len()) } },
        }
        (visit_rows(&n.visits))
        (downloads_line(&["dyads", "dyad-counts"]))
    }
}

// ---------------------------------------------------------------- place

pub async fn place(State(st): State<Shared>, code: Result<Path<String>, PathRejection>) -> Response {
    let code = match crate::api::segment(code) {
        Ok(c) => c,
        Err(f) => return error_page(f),
    };
    let c = code.clone();
    match st.with(move |s| browse::place(&s.db, &c)).await {
        Ok(Some(p)) => page(StatusCode::OK, &p.locality.name, "", place_body(&p)),
        Ok(None) => error_page(Failure::not_found(format!("no post, event or visit of the archive is in {code}"))),
        Err(f) => error_page(f),
    }
}

fn place_body(p: &browse::PlacePage) -> Markup {
    let officials = p.officials.iter().map(|o| o.person_id).collect::<std::collections::BTreeSet<_>>().len();
    html! {
        h1 { (p.locality.name) " " span.code { (p.locality.code.as_deref().unwrap_or("")) } }
        p.meta {
            (format!("{officials} 位官员 officials · {} 个代表团来访 delegations in · {} 个外出 out · {} 个事件 events", p.visits_in.len(), p.visits_out.len(), p.events.len()))
        }
        h2 { "官员 Officials" }
        table.posts {
            (head(&["人物 person", "职务 post", "机构 organization", "首见 first", "末见 last", "篇 articles"]))
            tbody {
                @for o in &p.officials {
                    tr {
                        td { (person_link(&o.name)) }
                        td { (o.post) }
                        td { @if let Some(org) = &o.organization { (org_link(org)) } }
                        td.date { (o.first.as_deref().unwrap_or("")) }
                        td.date { (o.last.as_deref().unwrap_or("")) }
                        td.n { (o.articles) }
                    }
                }
            }
        }
        h2 { "来访 Delegations in" }
        (visit_rows(&p.visits_in))
        h2 { "外出 Delegations out" }
        (visit_rows(&p.visits_out))
        h2 { "事件 Events of its officials" }
        (event_rows(&p.events))
        (downloads_line(&["spells", "dyads"]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_marking() {
        assert_eq!(url_enc("a b/万"), "a%20b%2F%E4%B8%87");
        assert_eq!(person_link("<a href=\"x\">&").into_string(), "<a class=\"person\" href=\"/person/%3Ca%20href%3D%22x%22%3E%26\">&lt;a href=&quot;x&quot;&gt;&amp;</a>");
        assert_eq!(marked("a<b>简单", &[[4, 6]]).into_string(), "a&lt;b&gt;<mark>简单</mark>");
        assert_eq!(event_label("inspection"), "调研 inspection");
    }

    #[test]
    fn marks_are_well_formed() {
        assert_eq!(marked("一带一路", &[]).into_string(), "一带一路");
        assert_eq!(marked("一带一路", &[[0, 1], [2, 4]]).into_string(), "<mark>一</mark>带<mark>一路</mark>");
        // overlapping, empty and past-the-end ranges open no mark they do not close
        assert_eq!(marked("一带一路", &[[0, 2], [1, 3], [3, 3], [3, 9]]).into_string(), "<mark>一带</mark>一<mark>路</mark>");
    }

    #[test]
    fn pages_link_with_their_parameters() {
        let params: Params = vec![("q".into(), "a&b".into()), ("offset".into(), "10".into()), ("paper".into(), "x".into())];
        assert_eq!(href_with("/", &params, &[]), "/?q=a%26b&paper=x");
        assert_eq!(href_with("/", &params, &[("paper", "y")]), "/?q=a%26b&paper=y");
        assert_eq!(pager("/?q=a", 10, 10, 10, 25).into_string(), "<p class=\"pager\"><a href=\"/?q=a&amp;offset=0\">← 上一页 prev</a> · <a href=\"/?q=a&amp;offset=20\">下一页 next →</a></p>");
        assert_eq!(pager("/?q=a", 0, 10, 5, 5).into_string(), "");
    }
}
