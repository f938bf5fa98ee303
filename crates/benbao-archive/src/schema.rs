//! The SQLite schema and its migrations. SCHEMA.md (beside Cargo.toml)
//! documents every table; `PRAGMA user_version` is the number of migrations
//! applied. Migrations are applied in order, each in its own transaction, and
//! are never edited once released: a change is a new migration at the end.

use rusqlite::Connection;

use crate::Error;

/// Migration k (0-based) takes the archive from version k to k + 1.
pub const MIGRATIONS: &[&str] = &[
    // 1: the first schema
    r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE pages (
    id          INTEGER PRIMARY KEY,
    hash        TEXT NOT NULL UNIQUE,
    path        TEXT NOT NULL,
    paper       TEXT,
    date        TEXT,
    encoding    TEXT NOT NULL,
    bytes       INTEGER NOT NULL,
    raw         TEXT NOT NULL,
    sheets      INTEGER NOT NULL,
    n_articles  INTEGER NOT NULL,
    furniture   TEXT NOT NULL DEFAULT '[]',
    warnings    TEXT NOT NULL DEFAULT '[]',
    ingested_at INTEGER NOT NULL,
    indexed     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX pages_unindexed ON pages(id) WHERE indexed = 0;
CREATE INDEX pages_paper_date ON pages(paper, date);

CREATE TABLE articles (
    id          INTEGER PRIMARY KEY,
    page_id     INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    sheet       INTEGER NOT NULL,
    line_first  INTEGER NOT NULL,
    line_last   INTEGER NOT NULL,
    kicker      TEXT,
    headline    TEXT,
    subheadline TEXT,
    dateline    TEXT,
    date        TEXT,
    byline      TEXT NOT NULL,
    continued   INTEGER NOT NULL DEFAULT 0,
    warnings    TEXT NOT NULL DEFAULT '[]',
    text        TEXT NOT NULL,
    UNIQUE (page_id, idx)
);
CREATE INDEX articles_date ON articles(date);

CREATE TABLE paragraphs (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

CREATE VIEW paragraph_texts AS
    SELECT p.article_id, p.idx, p.start, p.end, substr(a.text, p.start + 1, p.end - p.start) AS text
    FROM paragraphs p JOIN articles a ON a.id = p.article_id;

CREATE TABLE people (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    title      TEXT
);
CREATE INDEX people_article ON people(article_id);
CREATE INDEX people_name ON people(name);

CREATE TABLE posts (
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    post         TEXT NOT NULL,
    organization TEXT,
    PRIMARY KEY (person_id, idx)
) WITHOUT ROWID;

CREATE TABLE organizations (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    name       TEXT NOT NULL
);
CREATE INDEX organizations_article ON organizations(article_id);
CREATE INDEX organizations_name ON organizations(name);

CREATE TABLE places (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    code       TEXT,
    level      TEXT
);
CREATE INDEX places_article ON places(article_id);
CREATE INDEX places_code ON places(code);

CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    type         TEXT NOT NULL,
    date         TEXT,
    organizer    TEXT,
    place        TEXT,
    topic        TEXT,
    actors       TEXT NOT NULL DEFAULT '[]',
    participants TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_type_date ON events(type, date);

CREATE TABLE directives (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    speaker    TEXT
);
CREATE INDEX directives_event ON directives(event_id);

CREATE TABLE mentions (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('person', 'organization', 'place')),
    entity_id  INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_entity ON mentions(kind, entity_id);
"#,
    // 2: organization pages list the people holding posts there
    r#"
CREATE INDEX posts_organization ON posts(organization);
"#,
    // 3: events listed by date without a join: `day` is the event's date,
    // else its article's, else its page's
    r#"
ALTER TABLE events ADD COLUMN day TEXT;
UPDATE events SET day = COALESCE(date,
    (SELECT COALESCE(a.date, p.date) FROM articles a JOIN pages p ON p.id = a.page_id WHERE a.id = events.article_id));
CREATE INDEX events_day ON events(day);
CREATE INDEX events_type_day ON events(type, day);
"#,
    // 4: jurisdictions of posts; the other side, origin and destination of events
    // (archives made before keep their rows; these columns are empty there
    // until the pages are ingested anew)
    r#"
ALTER TABLE posts ADD COLUMN jurisdiction TEXT;
ALTER TABLE posts ADD COLUMN jurisdiction_code TEXT;
CREATE INDEX posts_jurisdiction_code ON posts(jurisdiction_code);
ALTER TABLE events ADD COLUMN counterparts TEXT NOT NULL DEFAULT '[]';
ALTER TABLE events ADD COLUMN origin TEXT;
ALTER TABLE events ADD COLUMN origin_code TEXT;
ALTER TABLE events ADD COLUMN destination TEXT;
ALTER TABLE events ADD COLUMN destination_code TEXT;
CREATE INDEX events_origin_code ON events(origin_code);
CREATE INDEX events_destination_code ON events(destination_code);
-- each paper's home locality: what 我区 and a bare 区委 mean in its pages
CREATE TABLE papers (
    paper      TEXT PRIMARY KEY,
    place      TEXT NOT NULL,
    place_code TEXT
) WITHOUT ROWID;
"#,
    // 5: where articles stand on PDF pages and scans (JSON arrays of
    // [x0, y0, x1, y1]) and each page's size in those units; NULL for text
    // pages and for pages stored before
    r#"
ALTER TABLE articles ADD COLUMN boxes TEXT;
ALTER TABLE pages ADD COLUMN sizes TEXT;
"#,
    // 6: the deck printed above a headline (引题); NULL when none, and for
    // articles stored before
    r#"
ALTER TABLE articles ADD COLUMN overline TEXT;
"#,
    // 7: who is who (crate::identity): each appearance's person and the rule
    // that placed it, recomputed after every ingest; the user's merges and
    // splits, kept
    r#"
CREATE TABLE identities (
    appearance_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    person        INTEGER NOT NULL,
    rule          TEXT NOT NULL
);
CREATE INDEX identities_person ON identities(person);
CREATE TABLE person_decisions (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    appearances TEXT NOT NULL,
    made_at     INTEGER NOT NULL
);
"#,
];

/// The migration that made `identities`: the archive's people get their
/// persons when it is applied.
const IDENTITIES: usize = 6;

/// The schema version this code writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database to [`VERSION`], one migration at a time. Each
/// migration reads the version and applies the next step inside one
/// immediate (write-locked) transaction, so two processes opening a new
/// archive at once do not both apply it: the second waits, then finds the
/// work done.
pub fn migrate(db: &mut Connection) -> Result<(), Error> {
    loop {
        let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(in_use)?;
        let have: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if have > VERSION {
            return Err(Error::NewerSchema { have, known: VERSION });
        }
        let Some(sql) = MIGRATIONS.get(have as usize) else { return Ok(()) };
        tx.execute_batch(sql)?;
        if have as usize == IDENTITIES {
            crate::identity::refresh(&tx)?;
        }
        tx.pragma_update(None, "user_version", have + 1)?;
        tx.commit()?;
    }
}

/// A database another process keeps locked past the busy timeout.
fn in_use(e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => Error::InUse { dir: None, by: "another benbao process (try again when it is done)" },
        _ => e.into(),
    }
}
