//! Reading the archive the way a reader browses it: one article with
//! everything stored about it, one person through time, one organization,
//! the list of events with filters, the study-visit network and one
//! locality. Plain data types, serializable as the HTTP API's JSON (see
//! `crates/benbao-serve/openapi.json`).
//!
//! A person page is every appearance of one name; its posts are spells
//! (post × organization × jurisdiction) that say which person of
//! [`crate::identity`] held each, so namesakes are told apart there.

use std::collections::BTreeMap;

use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::Serialize;

use crate::search::FacetCount;
use crate::{json_list, json_of, Error};

/// Most rows a list in a person or organization page holds.
pub const LIST_LIMIT: usize = 500;

/// An article as a line in a list.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ArticleRef {
    /// The article (`articles.id`).
    pub article_id: i64,
    /// The article's date, else its page's.
    pub date: Option<String>,
    /// The page's paper (`zzgx`), None when unknown.
    pub paper: Option<String>,
    /// The section marker printed above the article (`■新年开新局`), None when none.
    pub kicker: Option<String>,
    /// The headline, None when the article prints none.
    pub headline: Option<String>,
    /// The first characters of the text.
    pub lead: String,
    /// For a person's articles: the title printed before the name there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// One event with where it was reported.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventItem {
    /// The event (`events.id`).
    pub event_id: i64,
    /// The article reporting it (`articles.id`).
    pub article_id: i64,
    /// inspection, study_visit, meeting, reception, message, speech, instruction.
    #[serde(rename = "type")]
    pub kind: String,
    /// The event's date, else the article's or the page's.
    pub date: Option<String>,
    /// Who held it, as extracted; None when the article does not say.
    pub organizer: Option<String>,
    /// Where it took place, as printed; None when not said.
    pub place: Option<String>,
    /// What it was about, as extracted; None when not said.
    pub topic: Option<String>,
    /// The leading figures (names): who inspected, met, spoke.
    pub actors: Vec<String>,
    /// The other side: a reception's guests, a message's recipients, a study visit's hosts.
    pub counterparts: Vec<String>,
    /// The others named as taking part (names).
    pub participants: Vec<String>,
    /// Study visits: the delegation's home and where it went (division codes).
    pub origin_code: Option<String>,
    /// Study visits: the division code (`410100`) of where the delegation went; None otherwise or when unresolved.
    pub destination_code: Option<String>,
    /// The enumerated instructions given at it (一是…二是…), in order.
    pub directives: Vec<String>,
    /// The paper of the page reporting it (`zzgx`), None when unknown.
    pub paper: Option<String>,
    /// The reporting article's headline, None when it prints none.
    pub headline: Option<String>,
    /// The first characters of the article's text.
    pub lead: String,
}

/// A post a person was named with, where, and when: a spell of their career.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PostSeen {
    /// Who held it (`crate::identity`): namesakes are told apart here.
    pub person_id: Option<i64>,
    /// The post as printed, without the organization (`副书记`).
    pub post: String,
    /// The body the post is in (`区委`), None when not printed.
    pub organization: Option<String>,
    /// The administrative division the body belongs to, as the article names it (`郑州高新区`); None when unknown.
    pub jurisdiction: Option<String>,
    /// That division's six-digit GB/T 2260 code (`410100`; `100000` for national bodies); None when unresolved.
    pub jurisdiction_code: Option<String>,
    /// The earliest date it was printed (the article's date, else its page's; ISO, as far as known).
    pub first: Option<String>,
    /// The latest date it was printed, as `first`.
    pub last: Option<String>,
    /// How many articles print the name with this post.
    pub articles: u64,
}

/// Everything about the people of one name.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PersonPage {
    /// The name looked up, as printed.
    pub name: String,
    /// Articles naming the person.
    pub articles: u64,
    /// The earliest date of those articles (the article's date, else its page's; ISO, as far as known).
    pub first: Option<String>,
    /// The latest date of those articles, as `first`.
    pub last: Option<String>,
    /// Posts in order of first appearance.
    pub posts: Vec<PostSeen>,
    /// How many events the person took part in.
    pub events_total: u64,
    /// Those events (as actor or participant), newest first (at most [`LIST_LIMIT`]).
    pub events: Vec<EventItem>,
    /// The articles, newest first (at most [`LIST_LIMIT`]).
    pub mentions: Vec<ArticleRef>,
    /// Others named in the same events, with how often.
    pub met: Vec<FacetCount>,
}

/// A person holding a post at an organization.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PersonAtOrg {
    /// The person's name as printed.
    pub name: String,
    /// The distinct posts printed with the name at this organization, earliest first.
    pub posts: Vec<String>,
    /// The earliest date seen there (the article's date, else its page's); None when no article is dated.
    pub first: Option<String>,
    /// The latest date seen there, as `first`.
    pub last: Option<String>,
    /// How many articles print the name with a post there.
    pub articles: u64,
}

/// Everything about one organization name.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OrgPage {
    /// The organization's name as printed (`区委`, `郑州高新区管委会`).
    pub name: String,
    /// How many articles name the organization (0 when it is known only from posts).
    pub articles: u64,
    /// The earliest date of those articles (the article's date, else its page's); None when none.
    pub first: Option<String>,
    /// The latest date of those articles, as `first`.
    pub last: Option<String>,
    /// People named with a post at this organization.
    pub people: Vec<PersonAtOrg>,
    /// Events reported in articles that name the organization (or held there), newest first (at most [`LIST_LIMIT`]).
    pub events: Vec<EventItem>,
    /// The articles naming it, newest first (at most [`LIST_LIMIT`]).
    pub mentions: Vec<ArticleRef>,
}

/// Which events to list.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Only events of this type (`inspection`, `study_visit`, …).
    pub kind: Option<String>,
    /// Inclusive; `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (compared as text prefixes).
    pub from: Option<String>,
    /// Inclusive, as `from`: `2022-02` keeps every day of February.
    pub to: Option<String>,
    /// Part of the place (or of the organizer, which is often the place).
    pub place: Option<String>,
    /// An actor or participant, by exact name.
    pub person: Option<String>,
    /// Only events reported in this paper's pages (exact, `zzgx`).
    pub paper: Option<String>,
    /// Events to return, clamped to 1..=1000.
    pub limit: usize,
    /// Events to skip first, in the list's newest-first order (for paging).
    pub offset: usize,
}

/// A page of events with counts for narrowing further.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventList {
    /// How many events match the filter in all (not only this page).
    pub total: u64,
    /// This page of them, newest first, undated last.
    pub events: Vec<EventItem>,
    /// Counts by type and by place over all matching events (not only this page).
    pub types: Vec<FacetCount>,
    /// Counts by place, the most first (types and places: at most 30 each).
    pub places: Vec<FacetCount>,
}

/// A count column (SQLite integers are signed).
fn count(r: &rusqlite::Row, i: usize) -> rusqlite::Result<u64> {
    Ok(r.get::<_, i64>(i)?.max(0) as u64)
}


fn lead(text: &str) -> String {
    text.chars().take_while(|c| *c != '\n').take(40).collect()
}

const EVENT_COLS: &str =
    "e.id, e.article_id, e.type, e.day, e.organizer, e.place, e.topic, e.actors, e.participants, p.paper, a.headline, substr(a.text, 1, 80), e.counterparts, e.origin_code, e.destination_code";

/// Events a query selects (its columns: [`EVENT_COLS`]), with their directives.
fn event_rows(db: &Connection, sql: &str, args: &[String]) -> Result<Vec<EventItem>, Error> {
    let mut st = db.prepare_cached(sql)?;
    let mut v: Vec<EventItem> = st
        .query_map(params_from_iter(args), |r| {
            Ok(EventItem {
                event_id: r.get(0)?,
                article_id: r.get(1)?,
                kind: r.get(2)?,
                date: r.get(3)?,
                organizer: r.get(4)?,
                place: r.get(5)?,
                topic: r.get(6)?,
                actors: json_list(r.get(7)?),
                counterparts: json_list(r.get(12)?),
                participants: json_list(r.get(8)?),
                origin_code: r.get(13)?,
                destination_code: r.get(14)?,
                directives: Vec::new(),
                paper: r.get(9)?,
                headline: r.get(10)?,
                lead: lead(&r.get::<_, String>(11)?),
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut dirs = db.prepare_cached("SELECT text FROM directives WHERE event_id = ?1 ORDER BY idx")?;
    for e in &mut v {
        e.directives = dirs.query_map([e.event_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
    }
    Ok(v)
}

/// The event `e` has the name bound to `?n` among its actors, counterparts or participants.
fn took_part(n: usize) -> String {
    format!(
        "(EXISTS (SELECT 1 FROM json_each(e.actors) WHERE value = ?{n}) OR EXISTS (SELECT 1 FROM json_each(e.counterparts) WHERE value = ?{n}) OR EXISTS (SELECT 1 FROM json_each(e.participants) WHERE value = ?{n}))"
    )
}

/// The people of one name; None if no article names them.
pub fn person(db: &Connection, name: &str) -> Result<Option<PersonPage>, Error> {
    let (articles, first, last): (u64, Option<String>, Option<String>) = db.query_row(
        "SELECT COUNT(DISTINCT pe.article_id), MIN(COALESCE(a.date, p.date)), MAX(COALESCE(a.date, p.date))
         FROM people pe JOIN articles a ON a.id = pe.article_id JOIN pages p ON p.id = a.page_id WHERE pe.name = ?1",
        [name],
        |r| Ok((count(r, 0)?, r.get(1)?, r.get(2)?)),
    )?;
    if articles == 0 {
        return Ok(None);
    }
    let mut posts: Vec<PostSeen> = Vec::new();
    {
        let mut st = db.prepare_cached(
            "SELECT po.post, po.organization, MIN(COALESCE(a.date, p.date)) AS d0, MAX(COALESCE(a.date, p.date)), COUNT(DISTINCT pe.article_id), MIN(pe.id) AS seen,
                    i.person, MIN(po.jurisdiction), po.jurisdiction_code
             FROM people pe JOIN posts po ON po.person_id = pe.id JOIN articles a ON a.id = pe.article_id JOIN pages p ON p.id = a.page_id
                  LEFT JOIN identities i ON i.appearance_id = pe.id
             WHERE pe.name = ?1 GROUP BY i.person, po.post, po.organization, coalesce(po.jurisdiction_code, po.jurisdiction) ORDER BY d0 IS NULL, d0, seen",
        )?;
        for r in st.query_map([name], |r| {
            Ok(PostSeen {
                person_id: r.get(6)?,
                post: r.get(0)?,
                organization: r.get(1)?,
                jurisdiction: r.get(7)?,
                jurisdiction_code: r.get(8)?,
                first: r.get(2)?,
                last: r.get(3)?,
                articles: count(r, 4)?,
            })
        })? {
            posts.push(r?);
        }
    }
    // the articles naming the person narrow the events to look into
    let took_part = format!("e.article_id IN (SELECT article_id FROM people WHERE name = ?1) AND {}", took_part(1));
    let events = event_rows(
        db,
        &format!(
            "SELECT {EVENT_COLS} FROM events e JOIN articles a ON a.id = e.article_id JOIN pages p ON p.id = a.page_id
             WHERE {took_part} ORDER BY e.day DESC, e.id DESC LIMIT {LIST_LIMIT}"
        ),
        &[name.to_string()],
    )?;
    let events_total: u64 = db.query_row(&format!("SELECT COUNT(*) FROM events e WHERE {took_part}"), [name], |r| count(r, 0))?;
    let mut met: BTreeMap<String, u64> = BTreeMap::new();
    for e in &events {
        for n in e.actors.iter().chain(&e.participants) {
            if n != name {
                *met.entry(n.clone()).or_default() += 1;
            }
        }
    }
    let mut met: Vec<FacetCount> = met.into_iter().map(|(value, count)| FacetCount { value, count }).collect();
    met.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
    met.truncate(30);
    let mentions = article_refs(
        db,
        &format!(
            "SELECT a.id, COALESCE(a.date, p.date) AS d, p.paper, a.kicker, a.headline, substr(a.text, 1, 80), MAX(pe.title)
             FROM people pe JOIN articles a ON a.id = pe.article_id JOIN pages p ON p.id = a.page_id
             WHERE pe.name = ?1 GROUP BY a.id ORDER BY d IS NULL, d DESC, a.id DESC LIMIT {LIST_LIMIT}"
        ),
        name,
    )?;
    Ok(Some(PersonPage { name: name.to_string(), articles, first, last, posts, events_total, events, mentions, met }))
}

fn article_refs(db: &Connection, sql: &str, key: &str) -> Result<Vec<ArticleRef>, Error> {
    let mut st = db.prepare_cached(sql)?;
    let v = st
        .query_map([key], |r| {
            Ok(ArticleRef {
                article_id: r.get(0)?,
                date: r.get(1)?,
                paper: r.get(2)?,
                kicker: r.get(3)?,
                headline: r.get(4)?,
                lead: lead(&r.get::<_, String>(5)?),
                title: r.get(6)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(v)
}

/// One organization name; None if no article names it.
pub fn organization(db: &Connection, name: &str) -> Result<Option<OrgPage>, Error> {
    let (articles, first, last): (u64, Option<String>, Option<String>) = db.query_row(
        "SELECT COUNT(DISTINCT o.article_id), MIN(COALESCE(a.date, p.date)), MAX(COALESCE(a.date, p.date))
         FROM organizations o JOIN articles a ON a.id = o.article_id JOIN pages p ON p.id = a.page_id WHERE o.name = ?1",
        [name],
        |r| Ok((count(r, 0)?, r.get(1)?, r.get(2)?)),
    )?;
    let posts_here: u64 = db.query_row("SELECT COUNT(*) FROM posts WHERE organization = ?1", [name], |r| count(r, 0))?;
    if articles == 0 && posts_here == 0 {
        return Ok(None);
    }
    let mut people: BTreeMap<String, PersonAtOrg> = BTreeMap::new();
    {
        let mut st = db.prepare_cached(
            "SELECT pe.name, po.post, COALESCE(a.date, p.date), pe.article_id
             FROM posts po JOIN people pe ON pe.id = po.person_id JOIN articles a ON a.id = pe.article_id JOIN pages p ON p.id = a.page_id
             WHERE po.organization = ?1 ORDER BY 3",
        )?;
        let rows: Vec<(String, String, Option<String>, i64)> = st.query_map([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<Result<_, _>>()?;
        let mut seen = std::collections::HashSet::new();
        for (n, post, date, aid) in rows {
            let e = people.entry(n.clone()).or_insert_with(|| PersonAtOrg { name: n.clone(), posts: Vec::new(), first: None, last: None, articles: 0 });
            if !e.posts.contains(&post) {
                e.posts.push(post);
            }
            if let Some(d) = date {
                if e.first.as_ref().is_none_or(|f| &d < f) {
                    e.first = Some(d.clone());
                }
                if e.last.as_ref().is_none_or(|l| &d > l) {
                    e.last = Some(d);
                }
            }
            if seen.insert((n, aid)) {
                e.articles += 1;
            }
        }
    }
    let mut people: Vec<PersonAtOrg> = people.into_values().collect();
    people.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.name.cmp(&b.name)));
    let events = event_rows(
        db,
        &format!(
            "SELECT {EVENT_COLS} FROM events e JOIN articles a ON a.id = e.article_id JOIN pages p ON p.id = a.page_id
             WHERE e.article_id IN (SELECT article_id FROM organizations WHERE name = ?1) OR e.organizer = ?1 OR e.place = ?1
             ORDER BY e.day DESC, e.id DESC LIMIT {LIST_LIMIT}"
        ),
        &[name.to_string()],
    )?;
    let mentions = article_refs(
        db,
        &format!(
            "SELECT a.id, COALESCE(a.date, p.date) AS d, p.paper, a.kicker, a.headline, substr(a.text, 1, 80), NULL
             FROM organizations o JOIN articles a ON a.id = o.article_id JOIN pages p ON p.id = a.page_id
             WHERE o.name = ?1 GROUP BY a.id ORDER BY d IS NULL, d DESC, a.id DESC LIMIT {LIST_LIMIT}"
        ),
        name,
    )?;
    Ok(Some(OrgPage { name: name.to_string(), articles, first, last, people, events, mentions }))
}

/// Events matching a filter, by date, with counts by type and place.
pub fn events(db: &Connection, f: &EventFilter) -> Result<EventList, Error> {
    let mut conds: Vec<String> = Vec::new();
    let mut args: Vec<String> = Vec::new();
    let arg = |v: &str, args: &mut Vec<String>| -> usize {
        args.push(v.to_string());
        args.len()
    };
    if let Some(k) = &f.kind {
        let n = arg(k, &mut args);
        conds.push(format!("e.type = ?{n}"));
    }
    if let Some(d) = &f.from {
        let n = arg(d, &mut args);
        conds.push(format!("e.day >= ?{n}"));
    }
    if let Some(d) = &f.to {
        // a prefix bound: to=2022-02 keeps every day of February
        let n = arg(&format!("{d}\u{10FFFF}"), &mut args);
        conds.push(format!("e.day <= ?{n}"));
    }
    if let Some(pl) = &f.place {
        let n = arg(pl, &mut args);
        conds.push(format!("(instr(e.place, ?{n}) > 0 OR instr(e.organizer, ?{n}) > 0)"));
    }
    if let Some(pe) = &f.person {
        let n = arg(pe, &mut args);
        conds.push(took_part(n));
    }
    if let Some(pa) = &f.paper {
        let n = arg(pa, &mut args);
        conds.push(format!("p.paper = ?{n}"));
    }
    let filter = if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) };
    let joined = "FROM events e JOIN articles a ON a.id = e.article_id JOIN pages p ON p.id = a.page_id";
    // counts need the page only to filter by paper
    let from = if f.paper.is_some() { joined } else { "FROM events e" };
    let total: u64 = db.query_row(&format!("SELECT COUNT(*) {from} {filter}"), params_from_iter(&args), |r| count(r, 0))?;
    let limit = f.limit.clamp(1, 1000);
    let events = event_rows(
        db,
        // newest first (undated last): the order of the events_day index, read backwards
        &format!("SELECT {EVENT_COLS} {joined} {filter} ORDER BY e.day DESC, e.id DESC LIMIT {limit} OFFSET {}", f.offset),
        &args,
    )?;
    let counts = |col: &str| -> Result<Vec<FacetCount>, Error> {
        let sql = format!("SELECT {col}, COUNT(*) {from} {filter} {} {col} IS NOT NULL GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 30", if filter.is_empty() { "WHERE" } else { "AND" });
        let mut st = db.prepare_cached(&sql)?;
        let v = st.query_map(params_from_iter(&args), |r| Ok(FacetCount { value: r.get(0)?, count: count(r, 1)? }))?.collect::<Result<_, _>>()?;
        Ok(v)
    };
    Ok(EventList { total, events, types: counts("e.type")?, places: counts("e.place")? })
}


/// A post as printed with a name in an article.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PostPrinted {
    /// The post as printed, without the organization (`副书记`).
    pub post: String,
    /// The body the post is in (`区委`), None when not printed.
    pub organization: Option<String>,
}

/// A person named in an article, with where (character ranges of the text).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PersonNamed {
    /// The name as printed (`李占宾`).
    pub name: String,
    /// The title chain printed before the name (`区委副书记、区长`), None when none.
    pub title: Option<String>,
    /// The posts the text gives the person, in order.
    pub posts: Vec<PostPrinted>,
    /// Where the name stands: `[start, end)` character offsets (not bytes) into the text, the paragraphs joined with `\n`.
    pub mentions: Vec<[i64; 2]>,
}

/// An organization named in an article.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OrgNamed {
    /// The organization's name as printed.
    pub name: String,
    /// Where it stands: `[start, end)` character offsets into the text, as [`PersonNamed::mentions`].
    pub mentions: Vec<[i64; 2]>,
}

/// A place named in an article, with its division when resolved.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlaceNamed {
    /// The place's name as printed.
    pub name: String,
    /// Its six-digit GB/T 2260 division code (`410100`), None when not resolved.
    pub code: Option<String>,
    /// province, prefecture or county.
    pub level: Option<String>,
    /// Where it stands: `[start, end)` character offsets into the text, as [`PersonNamed::mentions`].
    pub mentions: Vec<[i64; 2]>,
}

/// A directive given at an event.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DirectiveGiven {
    /// The instruction as printed.
    pub text: String,
    /// Who gave it, None when the text does not say.
    pub speaker: Option<String>,
}

/// An event an article reports.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventReported {
    /// The event (`events.id`).
    pub event_id: i64,
    /// inspection, study_visit, meeting, reception, message, speech, instruction.
    #[serde(rename = "type")]
    pub kind: String,
    /// The event's own date (ISO), None when the article does not give it.
    pub date: Option<String>,
    /// The leading figures (names): who inspected, met, spoke.
    pub actors: Vec<String>,
    /// Who held it, as extracted; None when not said.
    pub organizer: Option<String>,
    /// Where it took place, as printed; None when not said.
    pub place: Option<String>,
    /// What it was about, as extracted; None when not said.
    pub topic: Option<String>,
    /// The others named as taking part (names).
    pub participants: Vec<String>,
    /// The enumerated instructions given at it (一是…二是…), in order.
    pub directives: Vec<DirectiveGiven>,
}

/// Everything stored about one article (the API's `Article`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ArticlePage {
    /// The article (`articles.id`).
    pub article_id: i64,
    /// Its page file (`pages.id`).
    pub page_id: i64,
    /// The page's paper (`zzgx`), None when unknown.
    pub paper: Option<String>,
    /// The page's publication date as far as known (`2022-02-14`, `2022-02`, `2022`), None when unknown.
    pub page_date: Option<String>,
    /// The page file as ingested.
    pub path: String,
    /// Page inside the file (from 1).
    pub sheet: i64,
    /// First and last raw line of the page (from 1, inclusive).
    pub lines: [i64; 2],
    /// The section marker printed above the article (`■新年开新局`), None when none.
    pub kicker: Option<String>,
    /// The deck set above the headline (引题), None when none.
    pub overline: Option<String>,
    /// The headline (主题), None when none is printed.
    pub headline: Option<String>,
    /// The subheadline (副题, usually starting with ——), None when none.
    pub subheadline: Option<String>,
    /// The Dateline as printed (`本报北京11月25日讯`), None when none.
    pub dateline: Option<String>,
    /// The article's date, ISO `YYYY-MM-DD` (from the Dateline, else the first date of the text); None when the year cannot be known.
    pub date: Option<String>,
    /// Who wrote it; None when the stored Byline cannot be read.
    pub byline: Option<benbao::Byline>,
    /// True when the article continues from another page (上接第N版).
    pub continued: bool,
    /// What the reader was unsure about, in words; None when the stored list cannot be read.
    pub warnings: Option<Vec<String>>,
    /// The paragraphs as reflowed; joined with `\n` they are the text the mention offsets index.
    pub paragraphs: Vec<String>,
    /// The people named (one entry per appearance), each with its posts and mentions.
    pub people: Vec<PersonNamed>,
    /// The organizations named.
    pub organizations: Vec<OrgNamed>,
    /// The places named.
    pub places: Vec<PlaceNamed>,
    /// The events it reports, in order of the text.
    pub events: Vec<EventReported>,
    /// The raw page lines the article was read from, `lines[0]..=lines[1]`.
    pub raw_lines: Vec<String>,
    /// PDF pages and scans: where the article stands, in the units of `page_size`.
    pub boxes: Option<Vec<[f64; 4]>>,
    /// PDF pages and scans: the page's width and height.
    pub page_size: Option<[f64; 2]>,
    /// PDF pages and scans: the URL of the page's picture.
    pub image: Option<String>,
}

/// Everything stored about one article; None if there is no such article.
pub fn article(db: &Connection, id: i64) -> Result<Option<ArticlePage>, Error> {
    let row = db
        .query_row(
            "SELECT a.page_id, p.paper, p.date, p.path, a.sheet, a.line_first, a.line_last, a.kicker, a.headline, a.subheadline, a.dateline, a.date,
                    a.byline, a.continued, a.warnings, a.text, p.raw, a.boxes, p.sizes, a.overline
             FROM articles a JOIN pages p ON p.id = a.page_id WHERE a.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, i64>(6)?,
                    [r.get::<_, Option<String>>(7)?, r.get::<_, Option<String>>(8)?, r.get::<_, Option<String>>(9)?, r.get::<_, Option<String>>(10)?, r.get::<_, Option<String>>(11)?],
                    r.get::<_, Option<String>>(12)?,
                    r.get::<_, bool>(13)?,
                    r.get::<_, Option<String>>(14)?,
                    r.get::<_, String>(15)?,
                    r.get::<_, String>(16)?,
                    [r.get::<_, Option<String>>(17)?, r.get::<_, Option<String>>(18)?],
                    r.get::<_, Option<String>>(19)?,
                ))
            },
        )
        .optional()?;
    let Some((page_id, paper, page_date, path, sheet, l0, l1, [kicker, headline, subheadline, dateline, date], byline, continued, warnings, text, raw, [boxes, sizes], overline)) = row else {
        return Ok(None);
    };
    let (people, organizations, places, events) = (people_named(db, id)?, orgs_named(db, id)?, places_named(db, id)?, events_reported(db, id)?);
    let raw_lines: Vec<&str> = raw.split('\n').map(|l| l.trim_start_matches('\u{0c}')).collect();
    let raw_lines = raw_lines.get((l0 - 1).max(0) as usize..(l1 as usize).min(raw_lines.len())).map(|s| s.iter().map(|l| l.to_string()).collect()).unwrap_or_default();
    // PDF pages and scans: where the article stands, on the page's picture
    let page_size = json_of::<Vec<[f64; 2]>>(sizes).and_then(|v| v.get((sheet - 1).max(0) as usize).copied());
    let image = page_size.map(|_| format!("/api/pages/{page_id}/image/{sheet}"));
    Ok(Some(ArticlePage {
        article_id: id,
        page_id,
        paper,
        page_date,
        path,
        sheet,
        lines: [l0, l1],
        kicker,
        overline,
        headline,
        subheadline,
        dateline,
        date,
        byline: json_of(byline),
        continued,
        warnings: json_of(warnings),
        paragraphs: text.split('\n').map(str::to_string).collect(),
        people,
        organizations,
        places,
        events,
        raw_lines,
        boxes: json_of(boxes),
        page_size,
        image,
    }))
}

/// Where an entity (`person`, `organization`, `place`) is mentioned in its article's text.
fn mentions(db: &Connection, kind: &str, eid: i64) -> Result<Vec<[i64; 2]>, Error> {
    let mut st = db.prepare_cached("SELECT start, end FROM mentions WHERE kind = ?1 AND entity_id = ?2 ORDER BY start")?;
    let v = st.query_map(params![kind, eid], |r| Ok([r.get(0)?, r.get(1)?]))?.collect::<Result<_, _>>()?;
    Ok(v)
}

/// The people of article `id`, with the posts printed with them.
fn people_named(db: &Connection, id: i64) -> Result<Vec<PersonNamed>, Error> {
    let mut st = db.prepare_cached("SELECT id, name, title FROM people WHERE article_id = ?1 ORDER BY id")?;
    let rows: Vec<(i64, String, Option<String>)> = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
    let mut posts = db.prepare_cached("SELECT post, organization FROM posts WHERE person_id = ?1 ORDER BY idx")?;
    let mut people = Vec::new();
    for (pid, name, title) in rows {
        let posts = posts.query_map([pid], |r| Ok(PostPrinted { post: r.get(0)?, organization: r.get(1)? }))?.collect::<Result<_, _>>()?;
        people.push(PersonNamed { name, title, posts, mentions: mentions(db, "person", pid)? });
    }
    Ok(people)
}

/// The organizations of article `id`.
fn orgs_named(db: &Connection, id: i64) -> Result<Vec<OrgNamed>, Error> {
    let mut st = db.prepare_cached("SELECT id, name FROM organizations WHERE article_id = ?1 ORDER BY id")?;
    let rows: Vec<(i64, String)> = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    rows.into_iter().map(|(oid, name)| Ok(OrgNamed { name, mentions: mentions(db, "organization", oid)? })).collect()
}

/// The places of article `id`, with their division codes and levels.
fn places_named(db: &Connection, id: i64) -> Result<Vec<PlaceNamed>, Error> {
    let mut st = db.prepare_cached("SELECT id, name, code, level FROM places WHERE article_id = ?1 ORDER BY id")?;
    let rows: Vec<(i64, String, Option<String>, Option<String>)> = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<Result<_, _>>()?;
    rows.into_iter().map(|(plid, name, code, level)| Ok(PlaceNamed { name, code, level, mentions: mentions(db, "place", plid)? })).collect()
}

/// The events of article `id`, with their directives.
fn events_reported(db: &Connection, id: i64) -> Result<Vec<EventReported>, Error> {
    let mut st = db.prepare_cached("SELECT id, type, date, organizer, place, topic, actors, participants FROM events WHERE article_id = ?1 ORDER BY idx")?;
    let mut dirs = db.prepare_cached("SELECT text, speaker FROM directives WHERE event_id = ?1 ORDER BY idx")?;
    let rows: Vec<EventReported> = st
        .query_map([id], |r| {
            Ok(EventReported {
                event_id: r.get(0)?,
                kind: r.get(1)?,
                date: r.get(2)?,
                organizer: r.get(3)?,
                place: r.get(4)?,
                topic: r.get(5)?,
                actors: json_list(r.get(6)?),
                participants: json_list(r.get(7)?),
                directives: Vec::new(),
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut events = Vec::new();
    for mut e in rows {
        e.directives = dirs.query_map([e.event_id], |r| Ok(DirectiveGiven { text: r.get(0)?, speaker: r.get(1)? }))?.collect::<Result<_, _>>()?;
        events.push(e);
    }
    Ok(events)
}

/// A locality: a division by its code, or by its name when it has none.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Locality {
    /// The name as printed (the code, or `?`, when no name is known).
    pub name: String,
    /// Its six-digit GB/T 2260 division code (`410100`), None when unresolved.
    pub code: Option<String>,
}

impl Locality {
    /// What names it in a link (`410100`, or the name).
    pub fn key(&self) -> &str {
        self.code.as_deref().unwrap_or(&self.name)
    }
}

/// One study visit.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Visit {
    /// The event (`events.id`).
    pub event_id: i64,
    /// The article reporting it (`articles.id`).
    pub article_id: i64,
    /// The date it is filed under: the event's, else the article's, else the page's; None when none is known.
    pub date: Option<String>,
    /// The delegation's home.
    pub origin: Locality,
    /// Where the delegation went.
    pub destination: Locality,
    /// The delegation's leaders.
    pub leaders: Vec<String>,
    /// Who received it.
    pub hosts: Vec<String>,
    /// What it studied, as extracted; None when not said.
    pub topic: Option<String>,
    /// The reporting article's headline, None when it prints none.
    pub headline: Option<String>,
}

/// Study visits from one locality to another.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Edge {
    /// Where the delegations came from.
    pub origin: Locality,
    /// Where they went.
    pub destination: Locality,
    /// How many study visits go this way.
    pub visits: u64,
    /// How many distinct articles report them.
    pub articles: u64,
}

/// Which study visits make the network.
#[derive(Debug, Clone, Default)]
pub struct NetworkFilter {
    /// Only visits of this year (`2022`, the first four characters of their date).
    pub year: Option<String>,
    /// Part of the visit's topic.
    pub topic: Option<String>,
    /// One edge's visits: (origin key, destination key), as [`Locality::key`].
    pub edge: Option<(String, String)>,
}

/// The study-visit network: localities as nodes, visits as edges.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Network {
    /// Visits counted by year (over every visit, for the year filter).
    pub years: Vec<FacetCount>,
    /// The edges the filter keeps, the most visits first.
    pub edges: Vec<Edge>,
    /// Their visits (of the one edge when the filter names one), newest first (at most [`LIST_LIMIT`]).
    pub visits: Vec<Visit>,
}

/// A study visit's columns, for [`visit_rows`].
const VISIT_COLS: &str = "e.id, e.article_id, e.day, e.origin, e.origin_code, e.destination, e.destination_code, e.actors, e.counterparts, e.topic, a.headline";

fn locality(name: Option<String>, code: Option<String>) -> Locality {
    Locality { name: name.or_else(|| code.clone()).unwrap_or_else(|| "?".into()), code }
}

fn visit_rows(db: &Connection, sql: &str, args: &[String]) -> Result<Vec<Visit>, Error> {
    let mut st = db.prepare_cached(sql)?;
    let v = st
        .query_map(params_from_iter(args), |r| {
            Ok(Visit {
                event_id: r.get(0)?,
                article_id: r.get(1)?,
                date: r.get(2)?,
                origin: locality(r.get(3)?, r.get(4)?),
                destination: locality(r.get(5)?, r.get(6)?),
                leaders: json_list(r.get(7)?),
                hosts: json_list(r.get(8)?),
                topic: r.get(9)?,
                headline: r.get(10)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(v)
}

/// The study visits a filter keeps, as a network.
pub fn network(db: &Connection, f: &NetworkFilter) -> Result<Network, Error> {
    let mut years: Vec<FacetCount> = db
        .prepare_cached("SELECT substr(day, 1, 4) AS y, count(*) FROM events WHERE type = 'study_visit' AND length(day) >= 4 GROUP BY y ORDER BY y")?
        .query_map([], |r| Ok(FacetCount { value: r.get(0)?, count: count(r, 1)? }))?
        .collect::<Result<_, _>>()?;
    years.retain(|y| !y.value.is_empty());
    let mut cond = vec!["e.type = 'study_visit'".to_string()];
    let mut args: Vec<String> = Vec::new();
    if let Some(y) = &f.year {
        args.push(y.clone());
        cond.push(format!("substr(e.day, 1, 4) = ?{}", args.len()));
    }
    if let Some(t) = &f.topic {
        args.push(t.clone());
        cond.push(format!("instr(coalesce(e.topic, ''), ?{}) > 0", args.len()));
    }
    let origin = "coalesce(e.origin_code, e.origin)";
    let destination = "coalesce(e.destination_code, e.destination)";
    let wher = cond.join(" AND ");
    let edges: Vec<Edge> = db
        .prepare_cached(&format!(
            "SELECT min(e.origin), e.origin_code, min(e.destination), e.destination_code, count(*) AS n, count(DISTINCT e.article_id)
             FROM events e WHERE {wher} AND {origin} IS NOT NULL AND {destination} IS NOT NULL
             GROUP BY {origin}, {destination} ORDER BY n DESC, 2, 4"
        ))?
        .query_map(params_from_iter(&args), |r| {
            Ok(Edge { origin: locality(r.get(0)?, r.get(1)?), destination: locality(r.get(2)?, r.get(3)?), visits: count(r, 4)?, articles: count(r, 5)? })
        })?
        .collect::<Result<_, _>>()?;
    let mut cond = cond;
    if let Some((o, d)) = &f.edge {
        args.push(o.clone());
        cond.push(format!("{origin} = ?{}", args.len()));
        args.push(d.clone());
        cond.push(format!("{destination} = ?{}", args.len()));
    }
    let visits = visit_rows(
        db,
        &format!(
            "SELECT {VISIT_COLS} FROM events e JOIN articles a ON a.id = e.article_id WHERE {} ORDER BY e.day DESC, e.id DESC LIMIT {LIST_LIMIT}",
            cond.join(" AND ")
        ),
        &args,
    )?;
    Ok(Network { years, edges, visits })
}

/// A person seen with a post of a locality.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Official {
    /// The person (`crate::identity`: the smallest appearance id).
    pub person_id: i64,
    /// The person's name as printed.
    pub name: String,
    /// The post as printed, without the organization (`书记`).
    pub post: String,
    /// The body the post is in (`区委`), None when not printed.
    pub organization: Option<String>,
    /// The earliest date seen with the post (the article's date, else its page's); None when no article is dated.
    pub first: Option<String>,
    /// The latest date seen with the post, as `first`.
    pub last: Option<String>,
    /// How many articles print the person with the post.
    pub articles: u64,
}

/// Everything about one locality (an administrative division).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlacePage {
    /// The locality: its code and the name printed for it most often.
    pub locality: Locality,
    /// People seen with its posts, the most recently seen first.
    pub officials: Vec<Official>,
    /// Delegations that came to it, newest first.
    pub visits_in: Vec<Visit>,
    /// Delegations it sent, newest first (at most [`LIST_LIMIT`]).
    pub visits_out: Vec<Visit>,
    /// Events its officials were actors of, newest first (at most [`LIST_LIMIT`]).
    pub events: Vec<EventItem>,
}

/// One locality by its division code; None if the archive never names it.
pub fn place(db: &Connection, code: &str) -> Result<Option<PlacePage>, Error> {
    let name: Option<String> = db
        .query_row(
            "SELECT n FROM (SELECT jurisdiction AS n FROM posts WHERE jurisdiction_code = ?1
                            UNION ALL SELECT origin FROM events WHERE origin_code = ?1
                            UNION ALL SELECT destination FROM events WHERE destination_code = ?1)
             WHERE n IS NOT NULL GROUP BY n ORDER BY count(*) DESC, n LIMIT 1",
            [code],
            |r| r.get(0),
        )
        .optional()?;
    let Some(name) = name else { return Ok(None) };
    let officials = db
        .prepare_cached(
            "SELECT i.person, (SELECT name FROM people WHERE id = i.person), s.post, s.organization,
                    min(coalesce(a.date, p.date)), max(coalesce(a.date, p.date)) AS last, count(DISTINCT pe.article_id)
             FROM posts s JOIN people pe ON pe.id = s.person_id JOIN identities i ON i.appearance_id = pe.id
                  JOIN articles a ON a.id = pe.article_id JOIN pages p ON p.id = a.page_id
             WHERE s.jurisdiction_code = ?1 GROUP BY i.person, s.post, s.organization
             ORDER BY last IS NULL, last DESC, 2 LIMIT 500",
        )?
        .query_map([code], |r| {
            Ok(Official { person_id: r.get(0)?, name: r.get(1)?, post: r.get(2)?, organization: r.get(3)?, first: r.get(4)?, last: r.get(5)?, articles: count(r, 6)? })
        })?
        .collect::<Result<_, _>>()?;
    let visits = |side: &str| {
        visit_rows(
            db,
            &format!("SELECT {VISIT_COLS} FROM events e JOIN articles a ON a.id = e.article_id WHERE e.type = 'study_visit' AND e.{side}_code = ?1 ORDER BY e.day DESC, e.id DESC LIMIT {LIST_LIMIT}"),
            &[code.to_string()],
        )
    };
    let events = event_rows(
        db,
        &format!(
            "SELECT {EVENT_COLS} FROM events e JOIN articles a ON a.id = e.article_id JOIN pages p ON p.id = a.page_id
             WHERE e.id IN (SELECT x.id FROM events x, json_each(x.actors) j
                            JOIN people pe ON pe.article_id = x.article_id AND pe.name = j.value JOIN posts s ON s.person_id = pe.id
                            WHERE s.jurisdiction_code = ?1)
             ORDER BY e.day DESC, e.id DESC LIMIT {LIST_LIMIT}"
        ),
        &[code.to_string()],
    )?;
    Ok(Some(PlacePage { locality: Locality { name, code: Some(code.to_string()) }, officials, visits_in: visits("destination")?, visits_out: visits("origin")?, events }))
}
