//! An archive made by the previous release (schema version 3) opens under
//! this one: its rows are all kept, and the columns the new migration adds
//! are there, empty, until its pages are ingested anew.

use benbao_archive::{schema, store};
use rusqlite::Connection;

#[test]
fn a_version_3_archive_migrates_without_loss() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let db_path = dir.join("archive.db");
    {
        // the database the previous release wrote: migrations 1–3 and its rows
        let db = Connection::open(&db_path).unwrap();
        for sql in &schema::MIGRATIONS[..3] {
            db.execute_batch(sql).unwrap();
        }
        db.pragma_update(None, "user_version", 3).unwrap();
        db.execute_batch(
            "INSERT INTO pages(id, hash, path, paper, date, encoding, bytes, raw, sheets, n_articles, ingested_at, indexed)
                 VALUES (1, 'h', '/p.txt', 'zzgx', '2022-02', 'UTF-8', 10, '本报讯 王德敏到石佛调研。', 1, 1, 0, 1);
             INSERT INTO articles(id, page_id, idx, sheet, line_first, line_last, byline, text) VALUES (1, 1, 0, 1, 1, 1, '{}', '王德敏到石佛调研。');
             INSERT INTO people(id, article_id, name, title) VALUES (1, 1, '王德敏', '管委会副主任');
             INSERT INTO posts(person_id, idx, post, organization) VALUES (1, 0, '副主任', '管委会');
             INSERT INTO events(id, article_id, idx, type, date, place, actors, day) VALUES (1, 1, 0, 'inspection', '2022-02-09', '石佛', '[\"王德敏\"]', '2022-02-09');",
        )
        .unwrap();
    }
    let db = store::connect(&db_path).unwrap();
    let v: i64 = db.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, schema::VERSION);
    let post: (String, Option<String>, Option<String>) =
        db.query_row("SELECT post, organization, jurisdiction_code FROM posts WHERE person_id = 1", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
    assert_eq!(post, ("副主任".into(), Some("管委会".into()), None));
    let ev: (String, String, String, Option<String>) = db
        .query_row("SELECT type, actors, counterparts, origin_code FROM events WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap();
    assert_eq!(ev, ("inspection".into(), "[\"王德敏\"]".into(), "[]".into(), None));
    assert!(store::paper_places(&db).unwrap().is_empty(), "the papers table is there, empty");
    // the people stored before have their persons (version 7)
    let who: (i64, String) = db.query_row("SELECT person, rule FROM identities WHERE appearance_id = 1", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(who, (1, "same name, no jurisdiction known".into()));
    let raw: String = db.query_row("SELECT raw FROM pages WHERE id = 1", [], |r| r.get(0)).unwrap();
    assert!(raw.contains("王德敏"));
    drop(db);
    // opening again changes nothing
    let db = store::connect(&db_path).unwrap();
    assert_eq!(db.query_row("SELECT count(*) FROM events", [], |r| r.get::<_, i64>(0)).unwrap(), 1);
}
