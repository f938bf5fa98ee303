//! Export: flat tables that load directly in pandas, R and DuckDB.
//!
//! * `jsonl` — one JSON object a line; lists are JSON arrays, absent values null;
//! * `csv` — RFC 4180, UTF-8 (with `bom`, a byte-order mark first, for Excel),
//!   a header row; lists joined with `;`; absent values empty; booleans
//!   `true`/`false`; texts with line breaks quoted;
//! * `parquet` — the same columns as CSV, typed (INT64, BOOLEAN, UTF-8
//!   strings; lists joined with `;`, empty lists null), see [`crate::parquet`];
//! * `dta` — Stata format 118, the same columns and text as CSV, with
//!   variable labels and the value label `event_type`, see [`crate::dta`].
//!
//! Tables: `articles`, `people` (one row per person per article), `events`,
//! `directives`.

use std::io::Write;

use rusqlite::{Connection, Row};

use crate::parquet::{ColType, PValue, ParquetWriter};
use crate::{json_list, Error};

/// A file format an export is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object a line; lists as arrays, absent values null.
    Jsonl,
    /// RFC 4180 CSV in UTF-8 with a header row; lists joined with `;`.
    Csv,
    /// Parquet: INT64, BOOLEAN and UTF-8 columns ([`crate::parquet`]).
    Parquet,
    /// Stata .dta (format 118).
    Dta,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 4] = [Format::Jsonl, Format::Csv, Format::Parquet, Format::Dta];

    /// Its name on the command line (and its file extension).
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Parquet => "parquet",
            Format::Dta => "dta",
        }
    }

    /// The names, for a message: `jsonl, csv, parquet or dta`.
    pub fn names() -> String {
        one_of(Format::ALL.map(Format::name))
    }

    /// The format of a name or file extension (`csv`; also `json`, `ndjson`, `stata`), or None.
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "jsonl" | "json" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            "parquet" => Some(Format::Parquet),
            "dta" | "stata" => Some(Format::Dta),
            _ => None,
        }
    }

    /// Whether the format is binary (not for a terminal).
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Parquet | Format::Dta)
    }
}

/// A table an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// One row per article: its headline, text, byline, page and dates.
    Articles,
    /// One row per appearance (a person named in an article), with its
    /// posts and `person_id` (who is who, [`crate::identity`]).
    People,
    /// One row per event, with its type, actors, counterparts and place.
    Events,
    /// One row per directive (要求/强调… what was ordered, by whom).
    Directives,
    /// Careers: one row per person × post × organization × jurisdiction, with
    /// the first and last date it is seen.
    Spells,
    /// Study visits: one row per visit, origin → destination.
    Dyads,
    /// Study visits counted: origin × destination × year.
    DyadCounts,
    /// Activity: person × month × event type counts, zero-filled from the
    /// person's first month seen with a post to their last.
    Panel,
}

impl What {
    /// Every table, in the order the documentation lists them.
    pub const ALL: [What; 8] = [What::Articles, What::People, What::Events, What::Directives, What::Spells, What::Dyads, What::DyadCounts, What::Panel];

    /// The table's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            What::Articles => "articles",
            What::People => "people",
            What::Events => "events",
            What::Directives => "directives",
            What::Spells => "spells",
            What::Dyads => "dyads",
            What::DyadCounts => "dyad-counts",
            What::Panel => "panel",
        }
    }

    /// The names, for a message: `articles, people, … or panel`.
    pub fn names() -> String {
        one_of(What::ALL.map(What::name))
    }

    /// The table of a name (`people`, `dyad-counts`; also `persons`,
    /// `dyad_counts`), or None.
    pub fn parse(s: &str) -> Option<What> {
        let s = match s {
            "persons" => "people",
            "dyad_counts" => "dyad-counts",
            s => s,
        };
        What::ALL.into_iter().find(|w| w.name() == s)
    }
}

/// `a, b or c`.
fn one_of<const N: usize>(names: [&str; N]) -> String {
    match names.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Int,
    Bool,
    Text,
    List,
    /// An event type: text, and in .dta a labelled code.
    Type,
}

/// A column: its name, what it holds, and its label (Stata's variable label).
pub(crate) struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub label: &'static str,
}

impl Column {
    const fn new(name: &'static str, kind: Kind, label: &'static str) -> Column {
        Column { name, kind, label }
    }
}

/// One cell of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Absent: empty in CSV, null in JSON and Parquet, empty or `.` in Stata.
    Null,
    /// A whole number (ids, counts, line numbers).
    Int(i64),
    /// A yes/no value: `true`/`false` in CSV, 0/1 in Stata.
    Bool(bool),
    /// A text.
    Text(String),
    /// A list of texts: an array in JSON, joined with `;` elsewhere.
    List(Vec<String>),
}

struct Table {
    columns: &'static [Column],
    sql: &'static str,
}

use Kind::*;

const ARTICLES: Table = Table {
    columns: &[
        Column::new("article_id", Int, "Article id"),
        Column::new("page_id", Int, "Page id"),
        Column::new("paper", Text, "Paper"),
        Column::new("page_date", Text, "Date of the page (ISO)"),
        Column::new("date", Text, "Date of the article (ISO; YYYY-MM when only the month)"),
        Column::new("path", Text, "Page file as ingested"),
        Column::new("sheet", Int, "Sheet of the file (PDF page, from 1)"),
        Column::new("position", Int, "Position of the article on the page (from 0)"),
        Column::new("line_first", Int, "First line of the article in the page text"),
        Column::new("line_last", Int, "Last line of the article in the page text"),
        Column::new("kicker", Text, "Kicker (the ■ line over the headline)"),
        Column::new("overline", Text, "Overline (引题)"),
        Column::new("headline", Text, "Headline"),
        Column::new("subheadline", Text, "Subheadline (副题)"),
        Column::new("dateline", Text, "Dateline (本报讯 ...)"),
        Column::new("reporters", List, "Reporters (;-joined)"),
        Column::new("correspondents", List, "Correspondents (;-joined)"),
        Column::new("photographers", List, "Photographers (;-joined)"),
        Column::new("photo", Bool, "Photo credited in the byline (1 = yes)"),
        Column::new("continued", Bool, "Continued from or on another page (1 = yes)"),
        Column::new("paragraphs", Int, "Paragraphs"),
        Column::new("chars", Int, "Characters of text"),
        Column::new("text", Text, "Text, one paragraph a line"),
    ],
    sql: "SELECT a.id, a.page_id, p.paper, p.date, a.date, p.path, a.sheet, a.idx, a.line_first, a.line_last,
                 a.kicker, a.overline, a.headline, a.subheadline, a.dateline, a.byline, a.continued,
                 (SELECT count(*) FROM paragraphs g WHERE g.article_id = a.id), length(a.text), a.text
          FROM articles a JOIN pages p ON p.id = a.page_id ORDER BY a.id",
};

/// The posts of appearance `pe` as the people export lists them (a JSON
/// list of `organization post (jurisdiction code)`), for SQL.
macro_rules! posts_json {
    () => {
        "(SELECT json_group_array(x) FROM (SELECT coalesce(s.organization, '') || s.post || coalesce(' (' || s.jurisdiction_code || ')', '') AS x FROM posts s WHERE s.person_id = pe.id ORDER BY s.idx))"
    };
}
pub(crate) use posts_json;

const PEOPLE: Table = Table {
    columns: &[
        Column::new("appearance_id", Int, "Appearance: one person in one article (id)"),
        Column::new("person_id", Int, "Person across the archive (benbao people show ID)"),
        Column::new("article_id", Int, "Article id"),
        Column::new("paper", Text, "Paper"),
        Column::new("date", Text, "Date of the article (ISO)"),
        Column::new("name", Text, "Name as printed"),
        Column::new("title", Text, "Title as printed with the name"),
        Column::new("posts", List, "Posts: organization, post (jurisdiction code); ;-joined"),
        Column::new("mentions", Int, "Mentions in the article"),
        Column::new("headline", Text, "Headline of the article"),
    ],
    sql: concat!(
        "SELECT pe.id, i.person, pe.article_id, p.paper, coalesce(a.date, p.date), pe.name, pe.title, ",
        posts_json!(),
        ", (SELECT count(*) FROM mentions m WHERE m.kind = 'person' AND m.entity_id = pe.id), a.headline
          FROM people pe JOIN articles a ON a.id = pe.article_id JOIN pages p ON p.id = a.page_id
               LEFT JOIN identities i ON i.appearance_id = pe.id ORDER BY pe.id"
    ),
};

const EVENTS: Table = Table {
    columns: &[
        Column::new("event_id", Int, "Event id"),
        Column::new("article_id", Int, "Article id"),
        Column::new("paper", Text, "Paper"),
        Column::new("date", Text, "Date of the event (ISO)"),
        Column::new("type", Type, "Event type"),
        Column::new("actors", List, "Actors (;-joined)"),
        Column::new("organizer", Text, "Organizer"),
        Column::new("place", Text, "Place"),
        Column::new("topic", Text, "Topic"),
        Column::new("participants", List, "Participants: who took part or accompanied (;-joined)"),
        Column::new("counterparts", List, "Counterparts: guests, recipients, hosts (;-joined)"),
        Column::new("origin", Text, "Study visit: where the delegation came from"),
        Column::new("origin_code", Text, "Study visit: division code of the origin (GB/T 2260)"),
        Column::new("destination", Text, "Study visit: where it went"),
        Column::new("destination_code", Text, "Study visit: division code of the destination (GB/T 2260)"),
        Column::new("directives", Int, "Directives given at the event"),
        Column::new("headline", Text, "Headline of the article"),
    ],
    sql: "SELECT e.id, e.article_id, p.paper, e.date, e.type, e.actors, e.organizer, e.place, e.topic, e.participants,
                 e.counterparts, e.origin, e.origin_code, e.destination, e.destination_code,
                 (SELECT count(*) FROM directives d WHERE d.event_id = e.id), a.headline
          FROM events e JOIN articles a ON a.id = e.article_id JOIN pages p ON p.id = a.page_id ORDER BY e.id",
};

const DIRECTIVES: Table = Table {
    columns: &[
        Column::new("directive_id", Int, "Directive id"),
        Column::new("event_id", Int, "Event id"),
        Column::new("article_id", Int, "Article id"),
        Column::new("paper", Text, "Paper"),
        Column::new("date", Text, "Date of the event (ISO)"),
        Column::new("event_type", Type, "Type of the event"),
        Column::new("position", Int, "Position in the event (from 0)"),
        Column::new("speaker", Text, "Speaker"),
        Column::new("text", Text, "Directive as printed"),
    ],
    sql: "SELECT d.id, d.event_id, e.article_id, p.paper, e.date, e.type, d.idx, d.speaker, d.text
          FROM directives d JOIN events e ON e.id = d.event_id JOIN articles a ON a.id = e.article_id JOIN pages p ON p.id = a.page_id
          ORDER BY d.id",
};

/// A person is one of [`crate::identity`]'s: `person_id`, named as in its
/// first appearance. A spell's first and last date are those of the
/// articles it is seen in (the article's date, else its page's); `k` orders
/// sightings by date, then article id, so the first and last article ids are
/// those dates' (undated sightings count only for a spell never seen with a
/// date). Posts without a code are told apart by the jurisdiction's name.
const SPELLS: Table = Table {
    columns: &[
        Column::new("person_id", Int, "Person across the archive (benbao people show ID)"),
        Column::new("name", Text, "Name as printed"),
        Column::new("post", Text, "Post as printed"),
        Column::new("organization", Text, "Organization of the post"),
        Column::new("jurisdiction", Text, "Jurisdiction of the post"),
        Column::new("jurisdiction_code", Text, "Division code of the jurisdiction (GB/T 2260)"),
        Column::new("first_date", Text, "First date seen in the post (ISO)"),
        Column::new("last_date", Text, "Last date seen in the post (ISO)"),
        Column::new("articles", Int, "Articles that show the person in the post"),
        Column::new("first_article_id", Int, "Article of the first date"),
        Column::new("last_article_id", Int, "Article of the last date"),
    ],
    sql: "SELECT s.person, (SELECT name FROM people WHERE id = s.person) AS name, s.post, s.organization, s.jurisdiction, s.jurisdiction_code,
                 nullif(substr(s.first, 1, length(s.first) - 13), ''), nullif(substr(s.last, 1, length(s.last) - 13), ''),
                 s.articles, CAST(substr(s.first, -12) AS INTEGER), CAST(substr(s.last, -12) AS INTEGER)
          FROM (SELECT s.person, s.post, s.organization, s.jurisdiction, s.jurisdiction_code, count(DISTINCT s.article_id) AS articles,
                       coalesce(min(CASE WHEN s.dated THEN s.k END), min(s.k)) AS first, max(s.k) AS last
                FROM (SELECT i.person, s.post, s.organization, s.jurisdiction, s.jurisdiction_code, a.id AS article_id,
                             coalesce(a.date, p.date) IS NOT NULL AS dated,
                             coalesce(a.date, p.date, '') || '#' || printf('%012d', a.id) AS k
                      FROM posts s JOIN people pe ON pe.id = s.person_id JOIN identities i ON i.appearance_id = pe.id
                           JOIN articles a ON a.id = pe.article_id JOIN pages p ON p.id = a.page_id) s
                GROUP BY s.person, s.post, coalesce(s.organization, ''), coalesce(s.jurisdiction_code, s.jurisdiction, '')) s
          ORDER BY name, s.person, s.first, s.post",
};

const DYADS: Table = Table {
    columns: &[
        Column::new("event_id", Int, "Event id"),
        Column::new("article_id", Int, "Article id"),
        Column::new("paper", Text, "Paper"),
        Column::new("date", Text, "Date of the visit (ISO)"),
        Column::new("origin", Text, "Study visit: where the delegation came from"),
        Column::new("origin_code", Text, "Study visit: division code of the origin (GB/T 2260)"),
        Column::new("destination", Text, "Study visit: where it went"),
        Column::new("destination_code", Text, "Study visit: division code of the destination (GB/T 2260)"),
        Column::new("leaders", List, "Leaders of the delegation (;-joined)"),
        Column::new("hosts", List, "Hosts who received it (;-joined)"),
        Column::new("topic", Text, "Topic"),
        Column::new("headline", Text, "Headline of the article"),
    ],
    sql: "SELECT e.id, e.article_id, p.paper, e.day, e.origin, e.origin_code, e.destination, e.destination_code, e.actors, e.counterparts, e.topic, a.headline
          FROM events e JOIN articles a ON a.id = e.article_id JOIN pages p ON p.id = a.page_id
          WHERE e.type = 'study_visit' ORDER BY e.day, e.id",
};

/// The study-visit network: one row per origin × destination × year (by
/// code where known, else by name), with the visits and articles counted.
const DYAD_COUNTS: Table = Table {
    columns: &[
        Column::new("origin", Text, "Origin (a name it is printed with)"),
        Column::new("origin_code", Text, "Study visit: division code of the origin (GB/T 2260)"),
        Column::new("destination", Text, "Destination (a name it is printed with)"),
        Column::new("destination_code", Text, "Study visit: division code of the destination (GB/T 2260)"),
        Column::new("year", Int, "Year"),
        Column::new("visits", Int, "Study visits"),
        Column::new("articles", Int, "Articles that report them"),
    ],
    sql: "SELECT min(e.origin), e.origin_code, min(e.destination), e.destination_code, CAST(substr(e.day, 1, 4) AS INTEGER), count(*), count(DISTINCT e.article_id)
          FROM events e WHERE e.type = 'study_visit'
          GROUP BY coalesce(e.origin_code, e.origin), coalesce(e.destination_code, e.destination), substr(e.day, 1, 4)
          ORDER BY 5, 6 DESC, 2, 4",
};

/// The activity panel. A person is one of [`crate::identity`]'s; their
/// months run from the first month they are seen with a post to the last
/// (articles without a month are left out), and every event type of the
/// archive has a row in each: a balanced panel (`xtset`). An event counts
/// for each of its actors, the person of the actor's appearance in the
/// event's article, in the event's month.
const PANEL: Table = Table {
    columns: &[
        Column::new("person_id", Int, "Person across the archive (benbao people show ID)"),
        Column::new("name", Text, "Name as printed"),
        Column::new("month", Text, "Month (YYYY-MM)"),
        Column::new("type", Type, "Event type"),
        Column::new("events", Int, "Events with the person among the actors"),
    ],
    sql: "WITH RECURSIVE
           sight AS (
             SELECT i.person, substr(coalesce(a.date, p.date), 1, 7) AS month
             FROM posts s JOIN people pe ON pe.id = s.person_id JOIN identities i ON i.appearance_id = pe.id
                  JOIN articles a ON a.id = pe.article_id JOIN pages p ON p.id = a.page_id
             WHERE length(coalesce(a.date, p.date)) >= 7),
           span AS (SELECT person, (SELECT name FROM people WHERE id = person) AS name, min(month) AS first, max(month) AS last FROM sight GROUP BY person),
           months(person, name, month, last) AS (
             SELECT person, name, first, last FROM span
             UNION ALL
             SELECT person, name, substr(date(month || '-01', '+1 month'), 1, 7), last FROM months WHERE month < last),
           types AS (SELECT DISTINCT type FROM events),
           acts AS (
             SELECT i.person, substr(e.day, 1, 7) AS month, e.type AS type, count(DISTINCT e.id) AS n
             FROM events e, json_each(e.actors) j
                  JOIN people pe ON pe.article_id = e.article_id AND pe.name = j.value JOIN identities i ON i.appearance_id = pe.id
             WHERE length(e.day) >= 7 GROUP BY 1, 2, 3)
          SELECT m.person, m.name, m.month, t.type, coalesce(x.n, 0)
          FROM months m CROSS JOIN types t LEFT JOIN acts x ON x.person = m.person AND x.month = m.month AND x.type = t.type
          ORDER BY m.name, m.person, m.month, t.type",
};

fn table(w: What) -> &'static Table {
    match w {
        What::Articles => &ARTICLES,
        What::People => &PEOPLE,
        What::Events => &EVENTS,
        What::Directives => &DIRECTIVES,
        What::Spells => &SPELLS,
        What::Dyads => &DYADS,
        What::DyadCounts => &DYAD_COUNTS,
        What::Panel => &PANEL,
    }
}

/// The column names of a table, in order.
pub fn columns(w: What) -> Vec<&'static str> {
    table(w).columns.iter().map(|c| c.name).collect()
}


/// One row as values, in column order.
fn read_row(w: What, r: &Row) -> rusqlite::Result<Vec<Value>> {
    let int = |i: usize| -> rusqlite::Result<Value> { Ok(r.get::<_, Option<i64>>(i)?.map_or(Value::Null, Value::Int)) };
    let text = |i: usize| -> rusqlite::Result<Value> { Ok(r.get::<_, Option<String>>(i)?.map_or(Value::Null, Value::Text)) };
    let list = |i: usize| -> rusqlite::Result<Value> { Ok(Value::List(json_list(r.get::<_, Option<String>>(i)?))) };
    Ok(match w {
        What::Articles => {
            let byline: serde_json::Value = serde_json::from_str(&r.get::<_, String>(15)?).unwrap_or_default();
            let names = |k: &str| -> Value {
                Value::List(byline.get(k).and_then(|v| v.as_array()).map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default())
            };
            vec![
                int(0)?,
                int(1)?,
                text(2)?,
                text(3)?,
                text(4)?,
                text(5)?,
                int(6)?,
                int(7)?,
                int(8)?,
                int(9)?,
                text(10)?,
                text(11)?,
                text(12)?,
                text(13)?,
                text(14)?,
                names("reporters"),
                names("correspondents"),
                names("photographers"),
                Value::Bool(byline.get("photo").and_then(|v| v.as_bool()).unwrap_or(false)),
                Value::Bool(r.get::<_, i64>(16)? != 0),
                int(17)?,
                int(18)?,
                text(19)?,
            ]
        }
        What::People => vec![int(0)?, int(1)?, int(2)?, text(3)?, text(4)?, text(5)?, text(6)?, list(7)?, int(8)?, text(9)?],
        What::Events => vec![
            int(0)?,
            int(1)?,
            text(2)?,
            text(3)?,
            text(4)?,
            list(5)?,
            text(6)?,
            text(7)?,
            text(8)?,
            list(9)?,
            list(10)?,
            text(11)?,
            text(12)?,
            text(13)?,
            text(14)?,
            int(15)?,
            text(16)?,
        ],
        What::Directives => vec![int(0)?, int(1)?, int(2)?, text(3)?, text(4)?, text(5)?, int(6)?, text(7)?, text(8)?],
        // the tables without JSON objects: a value per column, by its kind
        What::Spells | What::Dyads | What::DyadCounts | What::Panel => table(w)
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| match c.kind {
                Int => int(i),
                Text | Type => text(i),
                List => list(i),
                Bool => Ok(Value::Bool(r.get::<_, Option<i64>>(i)?.unwrap_or(0) != 0)),
            })
            .collect::<rusqlite::Result<_>>()?,
    })
}

/// Calls `each` for every row of a table, streaming from the database.
pub fn rows(db: &Connection, w: What, mut each: impl FnMut(&[Value]) -> Result<(), Error>) -> Result<u64, Error> {
    let mut st = db.prepare(table(w).sql)?;
    let mut q = st.query([])?;
    let mut n = 0;
    while let Some(r) = q.next()? {
        let vals = read_row(w, r)?;
        each(&vals)?;
        n += 1;
    }
    Ok(n)
}

/// A CSV write that failed, as [`io`] says.
fn csv_error(e: csv::Error) -> Error {
    if !matches!(e.kind(), csv::ErrorKind::Io(_)) {
        return Error::new(format!("writing the export: {e}"));
    }
    match e.into_kind() {
        csv::ErrorKind::Io(e) => io(e),
        _ => unreachable!("checked above"),
    }
}

/// A write that failed; a closed pipe stays an I/O error, so the caller can
/// tell that the reader went away (`| head`) from a real failure.
pub(crate) fn io(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return Error::Io(e);
    }
    Error::Export(e)
}

/// The tables of one parsed page alone, each as `export` writes it for an
/// archive that holds only that page (so its ids count from 1): what the
/// Spark job (`python -m benbao.spark`) computes for each page on the
/// executors, with every rule of ingest and export unchanged. The database
/// lives in memory and is gone on return.
pub fn page_tables(page: &crate::store::PageRecord, whats: &[What], format: Format) -> Result<Vec<Vec<u8>>, Error> {
    let mut db = memory_db()?;
    let tx = db.transaction()?;
    crate::store::insert_page(&tx, page)?;
    crate::identity::refresh(&tx)?;
    tx.commit()?;
    whats
        .iter()
        .map(|w| {
            let mut out = Vec::new();
            export(&db, *w, format, false, &mut out)?;
            Ok(out)
        })
        .collect()
}

/// A table with no rows (its columns and types: the schema of a Parquet export).
pub fn empty_table(w: What, format: Format) -> Result<Vec<u8>, Error> {
    let db = memory_db()?;
    let mut out = Vec::new();
    export(&db, w, format, false, &mut out)?;
    Ok(out)
}

/// An empty archive database in memory.
fn memory_db() -> Result<Connection, Error> {
    let mut db = Connection::open_in_memory()?;
    db.pragma_update(None, "foreign_keys", "ON")?;
    crate::schema::migrate(&mut db)?;
    Ok(db)
}

/// Writes a table in a format. Returns the number of rows.
pub fn export(db: &Connection, w: What, format: Format, bom: bool, out: &mut dyn Write) -> Result<u64, Error> {
    let t = table(w);
    match format {
        Format::Csv => {
            if bom {
                out.write_all("\u{feff}".as_bytes()).map_err(io)?;
            }
            // RFC 4180 with \n line ends: a field is quoted when it holds a comma, a quote or a line break
            let mut csv = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out);
            csv.write_record(t.columns.iter().map(|c| c.name)).map_err(csv_error)?;
            let mut list = String::new();
            let n = rows(db, w, |vals| {
                for v in vals {
                    let written = match v {
                        Value::Null => csv.write_field(""),
                        Value::Int(n) => csv.write_field(itoa::Buffer::new().format(*n)),
                        Value::Bool(b) => csv.write_field(if *b { "true" } else { "false" }),
                        Value::Text(s) => csv.write_field(s),
                        Value::List(l) => {
                            list.clear();
                            for (i, x) in l.iter().enumerate() {
                                list.push_str(if i > 0 { ";" } else { "" });
                                list.push_str(x);
                            }
                            csv.write_field(&list)
                        }
                    };
                    written.map_err(csv_error)?;
                }
                csv.write_record(None::<&[u8]>).map_err(csv_error)
            })?;
            csv.flush().map_err(io)?;
            Ok(n)
        }
        Format::Jsonl => {
            let mut obj = serde_json::Map::new();
            rows(db, w, |vals| {
                obj.clear();
                for (c, v) in t.columns.iter().zip(vals) {
                    let j = match v {
                        Value::Null => serde_json::Value::Null,
                        Value::Int(n) => (*n).into(),
                        Value::Bool(b) => (*b).into(),
                        Value::Text(s) => s.clone().into(),
                        Value::List(l) => l.clone().into(),
                    };
                    obj.insert(c.name.to_string(), j);
                }
                serde_json::to_writer(&mut *out, &obj).map_err(|e| match e.io_error_kind() {
                    Some(kind) => io(kind.into()),
                    None => Error::new(e.to_string()),
                })?;
                out.write_all(b"\n").map_err(io)
            })
        }
        Format::Parquet => {
            let schema: Vec<(&str, ColType)> = t
                .columns
                .iter()
                .map(|c| {
                    (
                        c.name,
                        match c.kind {
                            Int => ColType::Int64,
                            Bool => ColType::Bool,
                            Text | List | Type => ColType::Utf8,
                        },
                    )
                })
                .collect();
            let mut pw = ParquetWriter::new(&mut *out, &schema).map_err(io)?;
            let n = rows(db, w, |vals| {
                let joined: Vec<Option<String>> = vals.iter().map(|v| if let Value::List(l) = v { Some(l.join(";")) } else { None }).collect();
                let row: Vec<PValue> = vals
                    .iter()
                    .zip(&joined)
                    .map(|(v, j)| match v {
                        Value::Null => PValue::Null,
                        Value::Int(n) => PValue::Int(*n),
                        Value::Bool(b) => PValue::Bool(*b),
                        Value::Text(s) => PValue::Str(s),
                        Value::List(l) if l.is_empty() => PValue::Null,
                        Value::List(_) => PValue::Str(j.as_deref().unwrap_or("")),
                    })
                    .collect();
                pw.push(&row).map_err(io)
            })?;
            pw.finish().map_err(io)?;
            Ok(n)
        }
        Format::Dta => {
            // the table is read more than once: one snapshot for all readings
            let _snapshot = if db.is_autocommit() { Some(db.unchecked_transaction()?) } else { None };
            crate::dta::write(out, &format!("benbao export --what {}", w.name()), t.columns, &mut |each| rows(db, w, each))
        }
    }
}
