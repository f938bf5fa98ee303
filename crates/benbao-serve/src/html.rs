//! The web UI: HTML rendered on the server, one embedded stylesheet, no
//! script and nothing fetched from elsewhere.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use benbao_archive::browse::{self, ArticleRef, EventItem, EventList, OrgPage, PersonPage};
use benbao_archive::search::{mark, parse_query, positive_texts, SearchResults};
use benbao_archive::{tokenize, SearchRequest};

use crate::{event_filter, param, EVENT_TYPES, parse_params, search_request, with_headers, Failure, Params, Shared};

const STYLE: &str = include_str!("../assets/style.css");

pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

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


fn page(status: StatusCode, title: &str, nav: &str, body: &str) -> Response {
    let link = |href: &str, key: &str, label: &str| -> String {
        format!("<a href='{href}'{}>{label}</a>", if key == nav { " aria-current=page" } else { "" })
    };
    let html = format!(
        "<!doctype html><html lang=zh-CN><head><meta charset=utf-8><meta name=viewport content='width=device-width,initial-scale=1'>\
         <title>{} · 本报 benbao</title><link rel=stylesheet href='/static/style.css'></head><body>\
         <header><a class=brand href='/'>本报 <span>benbao</span></a><nav>{}{}{}{}</nav></header><main>{body}</main>\
         <footer>benbao · <a href='/api/openapi.json'>API</a></footer></body></html>",
        esc(title),
        link("/", "search", "搜索 Search"),
        link("/events", "events", "事件 Events"),
        link("/network", "network", "考察网络 Network"),
        link("/tables", "tables", "表格 Tables"),
    );
    with_headers(status, "text/html; charset=utf-8", html.into_bytes())
}

fn error_page(f: Failure) -> Response {
    let title = f.status.canonical_reason().unwrap_or("error");
    page(f.status, title, "", &format!("<h1>{}</h1><p class=err>{}</p><p><a href='/'>← 搜索 Search</a></p>", f.status.as_u16(), esc(&f.message)))
}

pub async fn not_found() -> Response {
    error_page(Failure::not_found("nothing here: try the search"))
}

pub async fn stylesheet() -> Response {
    let mut r = with_headers(StatusCode::OK, "text/css; charset=utf-8", STYLE.as_bytes().to_vec());
    r.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("max-age=3600"));
    r
}

/// HTML of a text with character ranges marked.
fn marked_html(text: &str, ranges: &[[usize; 2]]) -> String {
    let clean: String = text.chars().map(|c| if c == '\u{E000}' || c == '\u{E001}' { ' ' } else { c }).collect();
    esc(&mark(&clean, ranges, "\u{E000}", "\u{E001}")).replace('\u{E000}', "<mark>").replace('\u{E001}', "</mark>")
}

fn person_link(name: &str) -> String {
    format!("<a class=person href='/person/{}'>{}</a>", url_enc(name), esc(name))
}

/// A locality linked to its page when it has a code.
fn place_link(name: Option<&str>, code: Option<&str>) -> String {
    match (name, code) {
        (n, Some(c)) => format!("<a class=place href='/place/{}'>{}</a> <span class=code>{}</span>", url_enc(c), esc(n.unwrap_or(c)), esc(c)),
        (Some(n), None) => esc(n),
        (None, None) => String::new(),
    }
}

fn org_link(name: &str) -> String {
    format!("<a class=org href='/org/{}'>{}</a>", url_enc(name), esc(name))
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
    page(StatusCode::OK, if r.query.is_empty() { "搜索" } else { &r.query }, "search", &search_body(&r, res.as_ref(), &params, stats))
}

fn search_body(r: &SearchRequest, res: Option<&SearchResults>, params: &Params, stats: Option<benbao_archive::Stats>) -> String {
    let v = |k: &str| esc(param(params, k).unwrap_or(""));
    let mut b = format!(
        "<form class=search action='/' method=get role=search>\
         <input name=q value=\"{}\" placeholder='简单 · \"万人助万企\" · A OR B · -C' aria-label='查询 query' autofocus>\
         <button>搜索</button>\
         <div class=more><input name=from value=\"{}\" placeholder='从 from 2022-01' size=14 aria-label=from>\
         <input name=to value=\"{}\" placeholder='到 to 2022-12-31' size=14 aria-label=to>\
         <input name=paper value=\"{}\" placeholder='报纸 paper' size=10 aria-label=paper>\
         <input name=person value=\"{}\" placeholder='人物 person' size=10 aria-label=person>\
         <input name=org value=\"{}\" placeholder='机构 organization' size=16 aria-label=organization>\
         <input name=type value=\"{}\" placeholder='事件 event type' size=14 aria-label='event type'></div></form>",
        v("q"),
        v("from"),
        v("to"),
        v("paper"),
        v("person"),
        v("org"),
        v("type")
    );
    let Some(res) = res else {
        if let Some(s) = stats {
            b.push_str(&format!(
                "<p class=meta>本库 {} 版 · {} 篇文章 · {} 人次 · {} 个事件 ({} pages, {} articles, {} people named, {} events)</p>",
                s.pages, s.articles, s.people, s.events, s.pages, s.articles, s.people, s.events
            ));
        }
        b.push_str(
            "<p class=help>Words are found inside longer words too (简单 finds 安装简单); \"quotes\" keep a phrase with spaces together; \
             AND, OR, NOT or -word; <code>paper:</code>, <code>person:</code>, <code>org:</code>, <code>type:</code>, <code>year:</code> filter. \
             Browse the <a href='/events'>events</a>.</p>",
        );
        return b;
    };
    let link = |changes: &[(&str, String)]| -> String {
        let mut ps: Vec<(String, String)> = params.iter().filter(|(k, _)| !changes.iter().any(|(c, _)| c == k) && k != "offset").cloned().collect();
        for (k, val) in changes {
            if !val.is_empty() {
                ps.push((k.to_string(), val.clone()));
            }
        }
        let q: Vec<String> = ps.iter().map(|(k, v)| format!("{}={}", url_enc(k), url_enc(v))).collect();
        format!("/?{}", q.join("&"))
    };
    b.push_str("<div class=cols><section class=hits>");
    b.push_str(&format!("<p class=meta id=count>{} 篇 articles · {:.1} ms</p>", res.total, res.took_ms));
    for h in &res.hits {
        let date = h.date.as_deref().or(h.page_date.as_deref()).unwrap_or("");
        let title = title_of(h.headline.as_deref(), None, &h.lead);
        b.push_str(&format!(
            "<article class=hit><h3>{}<a href='/article/{}?q={}'>{}</a></h3><p>{}</p><p class=meta>{} · {} · {} {}–{}</p></article>",
            h.kicker.as_deref().map(|k| format!("<span class=kicker-s>{}</span> ", esc(k))).unwrap_or_default(),
            h.article_id,
            url_enc(&r.query),
            esc(&title),
            marked_html(&h.snippet, &h.highlights),
            esc(date),
            esc(h.paper.as_deref().unwrap_or("-")),
            esc(h.path.rsplit('/').take(3).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("/").as_str()),
            h.lines[0],
            h.lines[1]
        ));
    }
    let mut nav = Vec::new();
    if r.offset > 0 {
        nav.push(format!("<a href='{}&offset={}'>← 上一页 prev</a>", esc(&link(&[])), r.offset.saturating_sub(r.limit)));
    }
    if r.offset + res.hits.len() < res.total {
        nav.push(format!("<a href='{}&offset={}'>下一页 next →</a>", esc(&link(&[])), r.offset + r.limit));
    }
    if !nav.is_empty() {
        b.push_str(&format!("<p class=pager>{}</p>", nav.join(" · ")));
    }
    b.push_str("</section>");
    if !res.facets.is_empty() {
        b.push_str("<aside class=facets>");
        for (name, counts) in &res.facets {
            let (key, label) = match name.as_str() {
                "organization" => ("org", "机构 organization"),
                "event_type" => ("type", "事件 event"),
                "paper" => ("paper", "报纸 paper"),
                "year" => ("year", "年份 year"),
                "person" => ("person", "人物 person"),
                n => (n, n),
            };
            if counts.is_empty() {
                continue;
            }
            b.push_str(&format!("<h4>{label}</h4><ul>"));
            for c in counts {
                let shown = if key == "type" { event_label(&c.value).to_string() } else { c.value.clone() };
                let extra = match key {
                    "person" => format!(" <a class=go href='/person/{}' title='人物页 person page'>→</a>", url_enc(&c.value)),
                    "org" => format!(" <a class=go href='/org/{}' title='机构页 organization page'>→</a>", url_enc(&c.value)),
                    _ => String::new(),
                };
                b.push_str(&format!("<li><a href='{}'>{}</a> <span class=n>{}</span>{extra}</li>", esc(&link(&[(key, c.value.clone())])), esc(&shown), c.count));
            }
            b.push_str("</ul>");
        }
        b.push_str("</aside>");
    }
    b.push_str("</div>");
    b
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
            page(StatusCode::OK, &title, "", &body)
        }
        Ok(None) => error_page(Failure::not_found(format!("no article {id}"))),
        Err(f) => error_page(f),
    }
}

fn article_body(v: &browse::ArticlePage, q: Option<&str>) -> (String, String) {
    let lead = v.paragraphs.first().map_or("", String::as_str);
    let title = title_of(v.headline.as_deref(), None, lead);
    let mut needles = Vec::new();
    // a query the search refused marks nothing here
    if let Some(Ok(node)) = q.map(parse_query) {
        positive_texts(&node, &mut needles);
    }
    let mut b = String::from("<div class=article-cols><article class=clean>");
    if let Some(k) = &v.kicker {
        b.push_str(&format!("<p class=kicker>{}</p>", esc(k)));
    }
    if let Some(o) = &v.overline {
        b.push_str(&format!("<p class=overline>{}</p>", esc(o)));
    }
    b.push_str(&format!("<h1>{}</h1>", esc(&title)));
    if let Some(sub) = &v.subheadline {
        b.push_str(&format!("<h2 class=sub>{}</h2>", esc(sub)));
    }
    let mut meta = vec![esc(v.date.as_deref().or(v.page_date.as_deref()).unwrap_or("")), esc(v.paper.as_deref().unwrap_or("-"))];
    if let Some(d) = &v.dateline {
        meta.push(esc(d));
    }
    if let Some(by) = &v.byline {
        for (names, label) in [(&by.reporters, "记者"), (&by.correspondents, "通讯员")] {
            if !names.is_empty() {
                meta.push(format!("{label} {}", esc(&names.join("、"))));
            }
        }
    }
    b.push_str(&format!("<p class=meta>{}</p>", meta.join(" · ")));
    for p in &v.paragraphs {
        let html = if needles.is_empty() {
            esc(p)
        } else {
            let f = tokenize::folded(p);
            let mut spans: Vec<[usize; 2]> = needles.iter().flat_map(|n| tokenize::find_all(&f, n)).map(|(a, b)| [a, b]).collect();
            spans.sort();
            spans.dedup_by(|b, a| b[0] < a[1]);
            marked_html(p, &spans)
        };
        b.push_str(&format!("<p>{html}</p>"));
    }
    // entities
    b.push_str("<section class=entities>");
    let people: Vec<String> = v
        .people
        .iter()
        .map(|p| {
            let t = p.title.as_deref().map(|t| format!("<span class=title>{}</span>", esc(t))).unwrap_or_default();
            format!("<li>{t}{}</li>", person_link(&p.name))
        })
        .collect();
    if !people.is_empty() {
        b.push_str(&format!("<h4>人物 People</h4><ul class=people>{}</ul>", people.join("")));
    }
    let orgs: Vec<String> = v.organizations.iter().map(|o| org_link(&o.name)).collect();
    if !orgs.is_empty() {
        b.push_str(&format!("<h4>机构 Organizations</h4><p>{}</p>", orgs.join("、")));
    }
    let places: Vec<String> = v.places.iter().map(|p| format!("<a href='/events?place={}'>{}</a>", url_enc(&p.name), esc(&p.name))).collect();
    if !places.is_empty() {
        b.push_str(&format!("<h4>地点 Places</h4><p>{}</p>", places.join("、")));
    }
    if !v.events.is_empty() {
        b.push_str("<h4>事件 Events</h4><ul class=events>");
        for e in &v.events {
            let mut actors: Vec<String> = e.actors.iter().map(|x| person_link(x)).collect();
            let with: Vec<String> = e.participants.iter().map(|x| person_link(x)).collect();
            if !with.is_empty() {
                actors.push(format!("<span class=meta>with</span> {}", with.join("、")));
            }
            let what = e.topic.as_deref().or(e.place.as_deref()).unwrap_or("");
            b.push_str(&format!(
                "<li><a class=tag href='/events?type={}'>{}</a> {} {} {}",
                url_enc(&e.kind),
                esc(event_label(&e.kind)),
                esc(e.date.as_deref().unwrap_or("")),
                actors.join("、"),
                esc(what)
            ));
            let ds: Vec<String> = e.directives.iter().map(|d| format!("<li>{}</li>", esc(&d.text))).collect();
            if !ds.is_empty() {
                b.push_str(&format!("<ol class=directives>{}</ol>", ds.join("")));
            }
            b.push_str("</li>");
        }
        b.push_str("</ul>");
    }
    b.push_str("</section></article>");
    // the raw lines, beside
    let [l0, l1] = v.lines;
    let short: Vec<&str> = v.path.rsplit('/').take(3).collect();
    let short: Vec<&str> = short.into_iter().rev().collect();
    let raw: Vec<String> = v.raw_lines.iter().enumerate().map(|(i, l)| format!("<span class=ln>{:>4}</span>{}", l0 + i as i64, esc(l))).collect();
    b.push_str("<aside class=raw>");
    b.push_str(&page_picture(v));
    b.push_str(&format!(
        "<h4 title='{}'>原版 raw page · {} · lines {}–{}</h4><pre>{}</pre></aside></div>",
        esc(&v.path),
        esc(&short.join("/")),
        l0,
        l1,
        raw.join("\n")
    ));
    (title, b)
}

/// A PDF page or scan: its picture with the article's boxes outlined (the
/// boxes are in the page's own units, so they scale with the picture).
fn page_picture(v: &browse::ArticlePage) -> String {
    let (Some(url), Some([w, h])) = (&v.image, v.page_size) else {
        return String::new();
    };
    let rects: String = v
        .boxes
        .iter()
        .flatten()
        .map(|[x0, y0, x1, y1]| {
            format!("<rect class=region x='{x0:.1}' y='{y0:.1}' width='{:.1}' height='{:.1}' fill='none' stroke='#c8102e' stroke-width='3' vector-effect='non-scaling-stroke'/>", x1 - x0, y1 - y0)
        })
        .collect();
    format!(
        "<figure class=page-image><h4>版面 the page</h4><svg viewBox='0 0 {w:.1} {h:.1}' role=img aria-label='the page, with this article outlined'><image href='{}' x='0' y='0' width='{w:.1}' height='{h:.1}'/>{rects}</svg><figcaption class=meta>page {} · the article outlined</figcaption></figure>",
        esc(url),
        v.sheet
    )
}

// ---------------------------------------------------------------- lists

fn event_rows(events: &[EventItem], with_people: bool) -> String {
    if events.is_empty() {
        return "<p class=meta>没有事件 no events</p>".into();
    }
    let mut b = String::from("<table class=events><thead><tr><th>日期 date</th><th>类型 type</th>");
    if with_people {
        b.push_str("<th>人物 who</th>");
    }
    b.push_str("<th>地点 / 主题 place / topic</th><th>报道 article</th></tr></thead><tbody>");
    for e in events {
        b.push_str(&format!("<tr><td class=date>{}</td><td><a class=tag href='/events?type={}'>{}</a></td>", esc(e.date.as_deref().unwrap_or("")), url_enc(&e.kind), esc(event_label(&e.kind))));
        if with_people {
            let mut who: Vec<String> = e.actors.iter().map(|n| person_link(n)).collect();
            // actors → counterparts (the guest, the recipient, the hosts)
            if !e.counterparts.is_empty() {
                who.push(format!("→ {}", e.counterparts.iter().map(|n| person_link(n)).collect::<Vec<_>>().join("、")));
            }
            if !e.participants.is_empty() {
                who.push(format!("<span class=meta>with</span> {}", e.participants.iter().map(|n| person_link(n)).collect::<Vec<_>>().join("、")));
            }
            b.push_str(&format!("<td>{}</td>", who.join("、")));
        }
        let mut what = Vec::new();
        if let Some(p) = &e.place {
            what.push(format!("<a href='/events?place={}'>{}</a>", url_enc(p), esc(p)));
        }
        if let Some(o) = &e.organizer {
            if e.place.as_deref() != Some(o) {
                what.push(esc(o));
            }
        }
        if let Some(t) = &e.topic {
            what.push(format!("<span class=topic>{}</span>", esc(&t.chars().take(40).collect::<String>())));
        }
        if !e.directives.is_empty() {
            what.push(format!("<span class=meta>{} 项要求 directives</span>", e.directives.len()));
        }
        b.push_str(&format!(
            "<td>{}</td><td><a href='/article/{}'>{}</a></td></tr>",
            what.join(" · "),
            e.article_id,
            esc(&title_of(e.headline.as_deref(), None, &e.lead))
        ));
    }
    b.push_str("</tbody></table>");
    b
}

fn article_list(list: &[ArticleRef]) -> String {
    let mut b = String::from("<ul class=articles>");
    for a in list {
        b.push_str(&format!(
            "<li><span class=date>{}</span> <a href='/article/{}'>{}</a> {}<span class=meta>{}</span></li>",
            esc(a.date.as_deref().unwrap_or("")),
            a.article_id,
            esc(&title_of(a.headline.as_deref(), None, &a.lead)),
            a.title.as_deref().map(|t| format!("<span class=title>{}</span> ", esc(t))).unwrap_or_default(),
            esc(a.paper.as_deref().unwrap_or(""))
        ));
    }
    b.push_str("</ul>");
    b
}

fn span(first: &Option<String>, last: &Option<String>) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a == b => esc(a),
        (Some(a), Some(b)) => format!("{} – {}", esc(a), esc(b)),
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
        Ok(Some(p)) => page(StatusCode::OK, &p.name, "", &person_body(&p)),
        Ok(None) => error_page(Failure::not_found(format!("no article names {name}"))),
        Err(f) => error_page(f),
    }
}

fn person_body(p: &PersonPage) -> String {
    let mut b = format!(
        "<h1 class=person-name>{}</h1><p class=meta>{} 篇报道 articles · {} · {} 个事件 events · <a href='/?person={}'>搜索全文 search</a></p>",
        esc(&p.name),
        p.articles,
        span(&p.first, &p.last),
        p.events_total,
        url_enc(&p.name)
    );
    b.push_str("<h2>时间线 Timeline</h2>");
    match crate::chart::timeline(p) {
        Some(svg) => b.push_str(&format!("<figure class=chart>{svg}</figure>")),
        None => b.push_str("<p class=meta>没有日期 nothing dated</p>"),
    }
    if !p.posts.is_empty() {
        let persons: std::collections::BTreeSet<i64> = p.posts.iter().filter_map(|x| x.person_id).collect();
        b.push_str("<h2>任职 Career</h2>");
        if persons.len() > 1 {
            b.push_str(&format!("<p class=meta>{} persons of this name, told apart by where they served (<code>benbao people --name {}</code>)</p>", persons.len(), esc(&p.name)));
        }
        b.push_str("<table class=posts><thead><tr><th>人 person</th><th>职务 post</th><th>机构 organization</th><th>辖区 jurisdiction</th><th>首见 first</th><th>末见 last</th><th>篇 articles</th></tr></thead><tbody>");
        for post in &p.posts {
            b.push_str(&format!(
                "<tr><td class=n>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=date>{}</td><td class=date>{}</td><td class=n>{}</td></tr>",
                post.person_id.map(|i| i.to_string()).unwrap_or_default(),
                esc(&post.post),
                post.organization.as_deref().map(org_link).unwrap_or_default(),
                place_link(post.jurisdiction.as_deref(), post.jurisdiction_code.as_deref()),
                esc(post.first.as_deref().unwrap_or("")),
                esc(post.last.as_deref().unwrap_or("")),
                post.articles
            ));
        }
        b.push_str("</tbody></table>");
        b.push_str(&format!("<p class=downloads>下载 download: {}</p>", downloads("spells")));
    }
    b.push_str("<h2>事件 Events</h2>");
    if p.events_total as usize > p.events.len() {
        b.push_str(&format!(
            "<p class=meta>最近 {} 个，共 {} 个 the latest {} of {}: <a href='/events?person={}'>全部 all</a></p>",
            p.events.len(),
            p.events_total,
            p.events.len(),
            p.events_total,
            url_enc(&p.name)
        ));
    }
    b.push_str(&event_rows(&p.events, true));
    if !p.met.is_empty() {
        let met: Vec<String> = p.met.iter().map(|m| format!("{} <span class=n>{}</span>", person_link(&m.value), m.count)).collect();
        b.push_str(&format!("<h2>同场 Appeared with</h2><p class=met>{}</p>", met.join(" · ")));
    }
    b.push_str("<h2>报道 Articles</h2>");
    b.push_str(&article_list(&p.mentions));
    b
}

// ---------------------------------------------------------------- organization

pub async fn organization(State(st): State<Shared>, name: Result<Path<String>, PathRejection>) -> Response {
    let name = match crate::api::segment(name) {
        Ok(n) => n,
        Err(f) => return error_page(f),
    };
    let n = name.clone();
    match st.with(move |s| browse::organization(&s.db, &n)).await {
        Ok(Some(o)) => page(StatusCode::OK, &o.name, "", &org_body(&o)),
        Ok(None) => error_page(Failure::not_found(format!("no article names {name}"))),
        Err(f) => error_page(f),
    }
}

fn org_body(o: &OrgPage) -> String {
    let mut b = format!(
        "<h1 class=org-name>{}</h1><p class=meta>{} 篇报道 articles · {} · <a href='/?org={}'>搜索全文 search</a></p>",
        esc(&o.name),
        o.articles,
        span(&o.first, &o.last),
        url_enc(&o.name)
    );
    if !o.people.is_empty() {
        b.push_str("<h2>人物 People</h2><table class=posts><thead><tr><th>人物 person</th><th>职务 posts</th><th>时间 when</th><th>篇 articles</th></tr></thead><tbody>");
        for p in &o.people {
            b.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=date>{}</td><td class=n>{}</td></tr>",
                person_link(&p.name),
                esc(&p.posts.join("、")),
                span(&p.first, &p.last),
                p.articles
            ));
        }
        b.push_str("</tbody></table>");
    }
    b.push_str("<h2>事件 Events</h2>");
    b.push_str(&event_rows(&o.events, true));
    b.push_str("<h2>报道 Articles</h2>");
    b.push_str(&article_list(&o.mentions));
    b
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
        Ok(list) => page(StatusCode::OK, "事件 Events", "events", &events_body(&f, &list, &params)),
        Err(e) => error_page(e),
    }
}

fn events_body(f: &browse::EventFilter, list: &EventList, params: &Params) -> String {
    let v = |k: &str| esc(param(params, k).unwrap_or(""));
    let mut opts = String::from("<option value=''>全部类型 all types</option>");
    for k in EVENT_TYPES {
        let n = list.types.iter().find(|c| c.value == k).map(|c| c.count);
        opts.push_str(&format!(
            "<option value='{k}'{}>{}{}</option>",
            if f.kind.as_deref() == Some(k) { " selected" } else { "" },
            event_label(k),
            n.map(|n| format!(" ({n})")).unwrap_or_default()
        ));
    }
    let mut b = format!(
        "<h1>事件 Events</h1><form class=filters action='/events' method=get>\
         <label>类型 type <select name=type>{opts}</select></label>\
         <label>从 from <input name=from value=\"{}\" placeholder='2022-01' size=11></label>\
         <label>到 to <input name=to value=\"{}\" placeholder='2022-12-31' size=11></label>\
         <label>地点 place <input name=place value=\"{}\" placeholder='郑州' size=10></label>\
         <label>人物 person <input name=person value=\"{}\" size=8></label>\
         <button>筛选 filter</button></form>",
        v("from"),
        v("to"),
        v("place"),
        v("person")
    );
    b.push_str(&format!("<p class=meta id=count>{} 个事件 events</p>", list.total));
    if !list.places.is_empty() {
        let places: Vec<String> = list.places.iter().take(12).map(|c| format!("<a href='/events?place={}'>{}</a> <span class=n>{}</span>", url_enc(&c.value), esc(&c.value), c.count)).collect();
        b.push_str(&format!("<p class=facets-inline>地点 places: {}</p>", places.join(" · ")));
    }
    b.push_str(&event_rows(&list.events, true));
    let base: Vec<String> = params.iter().filter(|(k, _)| k != "offset").map(|(k, v)| format!("{}={}", url_enc(k), url_enc(v))).collect();
    let base = format!("/events?{}", base.join("&"));
    let mut nav = Vec::new();
    if f.offset > 0 {
        nav.push(format!("<a href='{}&offset={}'>← 上一页 prev</a>", esc(&base), f.offset.saturating_sub(f.limit)));
    }
    if (f.offset + list.events.len()) < list.total as usize {
        nav.push(format!("<a href='{}&offset={}'>下一页 next →</a>", esc(&base), f.offset + f.limit));
    }
    if !nav.is_empty() {
        b.push_str(&format!("<p class=pager>{}</p>", nav.join(" · ")));
    }
    b.push_str(&format!("<p class=downloads>下载 download: {} · {}</p>", downloads("events"), downloads("dyads")));
    b
}

/// Links to one table of the archive in every format (`/api/export/…`).
fn downloads(what: &str) -> String {
    let links: Vec<String> = [("csv", "CSV"), ("csv?bom=1", "CSV (Excel)"), ("jsonl", "JSONL"), ("parquet", "Parquet"), ("dta", "Stata")]
        .iter()
        .map(|(ext, label)| format!("<a href='/api/export/{what}.{ext}' download>{label}</a>"))
        .collect();
    format!("<span class=table-name>{what}</span> {}", links.join(" "))
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
    let rows: String = TABLES.iter().map(|(what, about)| format!("<tr><td>{}</td><td>{}</td></tr>", downloads(what), esc(about))).collect();
    let body = format!(
        "<h1>表格 Tables</h1><p>The archive's tables as <code>benbao export</code> writes them, for pandas, R and Stata \
         (Stata 118 files with variable labels and the value label <code>event_type</code>). Columns: \
         <code>crates/benbao-archive/README.md</code>; the same downloads are <code>GET /api/export/TABLE.FORMAT</code>.</p>\
         <table class=tables>{rows}</table>"
    );
    page(StatusCode::OK, "表格 Tables", "tables", &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_marking() {
        assert_eq!(url_enc("a b/万"), "a%20b%2F%E4%B8%87");
        assert_eq!(esc("<a href='x'>&"), "&lt;a href=&#39;x&#39;&gt;&amp;");
        assert_eq!(marked_html("a<b>简单", &[[4, 6]]), "a&lt;b&gt;<mark>简单</mark>");
        assert_eq!(event_label("inspection"), "调研 inspection");
    }
}

fn visit_rows(visits: &[browse::Visit]) -> String {
    if visits.is_empty() {
        return "<p class=meta>没有 none</p>".into();
    }
    let mut b = String::from("<table class=visits><thead><tr><th>日期 date</th><th>从 from</th><th>到 to</th><th>带队 leaders</th><th>接待 hosts</th><th>主题 topic</th><th>报道 article</th></tr></thead><tbody>");
    for v in visits {
        let people = |l: &[String]| l.iter().map(|n| person_link(n)).collect::<Vec<_>>().join("、");
        b.push_str(&format!(
            "<tr><td class=date>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><a href='/article/{}'>{}</a></td></tr>",
            esc(v.date.as_deref().unwrap_or("")),
            place_link(Some(&v.origin.name), v.origin.code.as_deref()),
            place_link(Some(&v.destination.name), v.destination.code.as_deref()),
            people(&v.leaders),
            people(&v.hosts),
            esc(v.topic.as_deref().unwrap_or("")),
            v.article_id,
            esc(v.headline.as_deref().unwrap_or("→"))
        ));
    }
    b.push_str("</tbody></table>");
    b
}

pub async fn network(State(st): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let params = parse_params(q.as_deref());
    let f = match crate::network_filter(&params) {
        Ok(f) => f,
        Err(e) => return error_page(e),
    };
    let ff = f.clone();
    match st.with(move |s| browse::network(&s.db, &ff)).await {
        Ok(n) => page(StatusCode::OK, "考察网络 Study-visit network", "network", &network_body(&f, &n)),
        Err(e) => error_page(e),
    }
}

fn network_body(f: &browse::NetworkFilter, n: &browse::Network) -> String {
    let mut years = String::from("<option value=''>全部年份 all years</option>");
    for y in &n.years {
        years.push_str(&format!("<option value='{0}'{1}>{0} ({2})</option>", esc(&y.value), if f.year.as_deref() == Some(y.value.as_str()) { " selected" } else { "" }, y.count));
    }
    let mut b = format!(
        "<h1>考察网络 Study-visit network</h1><p class=meta>Delegations that went to learn from another locality (考察学习): \
         localities as nodes, visits as arrows from origin to destination; an arrow's width grows with its visits. Click an arrow for its visits and articles.</p>\
         <form class=filters action='/network' method=get><label>年 year <select name=year>{years}</select></label>\
         <label>主题 topic <input name=topic value=\"{}\" placeholder='营商环境' size=12></label><button>筛选 filter</button></form>",
        esc(f.topic.as_deref().unwrap_or(""))
    );
    match crate::chart::network(n, f) {
        Some(svg) => b.push_str(&format!("<figure class=chart>{svg}</figure>")),
        None => b.push_str("<p class=meta>没有考察学习 no study visits</p>"),
    }
    match &f.edge {
        Some((o, d)) => b.push_str(&format!("<h2>{} → {}</h2>", esc(o), esc(d))),
        None => b.push_str(&format!("<h2>考察 Visits <span class=n>{}</span></h2>", n.visits.len())),
    }
    b.push_str(&visit_rows(&n.visits));
    b.push_str(&format!("<p class=downloads>下载 download: {} · {}</p>", downloads("dyads"), downloads("dyad-counts")));
    b
}

pub async fn place(State(st): State<Shared>, code: Result<Path<String>, PathRejection>) -> Response {
    let code = match crate::api::segment(code) {
        Ok(c) => c,
        Err(f) => return error_page(f),
    };
    let c = code.clone();
    match st.with(move |s| browse::place(&s.db, &c)).await {
        Ok(Some(p)) => page(StatusCode::OK, &p.locality.name, "", &place_body(&p)),
        Ok(None) => error_page(Failure::not_found(format!("no post, event or visit of the archive is in {code}"))),
        Err(f) => error_page(f),
    }
}

fn place_body(p: &browse::PlacePage) -> String {
    let mut b = format!(
        "<h1>{} <span class=code>{}</span></h1><p class=meta>{} 位官员 officials · {} 个代表团来访 delegations in · {} 个外出 out · {} 个事件 events</p>",
        esc(&p.locality.name),
        esc(p.locality.code.as_deref().unwrap_or("")),
        p.officials.iter().map(|o| o.person_id).collect::<std::collections::BTreeSet<_>>().len(),
        p.visits_in.len(),
        p.visits_out.len(),
        p.events.len()
    );
    b.push_str("<h2>官员 Officials</h2><table class=posts><thead><tr><th>人物 person</th><th>职务 post</th><th>机构 organization</th><th>首见 first</th><th>末见 last</th><th>篇 articles</th></tr></thead><tbody>");
    for o in &p.officials {
        b.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=date>{}</td><td class=date>{}</td><td class=n>{}</td></tr>",
            person_link(&o.name),
            esc(&o.post),
            o.organization.as_deref().map(org_link).unwrap_or_default(),
            esc(o.first.as_deref().unwrap_or("")),
            esc(o.last.as_deref().unwrap_or("")),
            o.articles
        ));
    }
    b.push_str("</tbody></table>");
    b.push_str("<h2>来访 Delegations in</h2>");
    b.push_str(&visit_rows(&p.visits_in));
    b.push_str("<h2>外出 Delegations out</h2>");
    b.push_str(&visit_rows(&p.visits_out));
    b.push_str("<h2>事件 Events of its officials</h2>");
    b.push_str(&event_rows(&p.events, true));
    b.push_str(&format!("<p class=downloads>下载 download: {} · {}</p>", downloads("spells"), downloads("dyads")));
    b
}
