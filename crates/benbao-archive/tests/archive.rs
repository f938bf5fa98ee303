//! The archive end to end on the fixture pages: ingest → search → export,
//! idempotence, bad files, an index left behind by an interrupted run.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use benbao_archive::export::{self, Format, What};
use benbao_archive::search::{SearchRequest, Searcher};
use benbao_archive::{ingest, tokenize, Archive, IngestOptions, IngestReport};

/// A temporary folder (its path, and the guard that removes it when the test ends).
struct TempDir(PathBuf, #[allow(dead_code)] tempfile::TempDir);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let t = tempfile::Builder::new().prefix(&format!("benbao-archive-{name}-")).tempdir().unwrap();
        TempDir(t.path().to_path_buf(), t)
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// Lays the fixture pages out as an archive of two papers by date:
/// `pages/{henan,zzgx}/YYYY-MM-DD/NNNN.txt` (dates from the gold files).
fn lay_out(root: &Path) -> usize {
    let dir = fixtures().join("layouts");
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    names.sort();
    for (k, p) in names.iter().enumerate() {
        let gold: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(p.with_extension("gold.json")).unwrap()).unwrap();
        let date = gold["date"].as_str().unwrap();
        let paper = if k % 2 == 0 { "henan" } else { "zzgx" };
        let to = root.join("pages").join(paper).join(date);
        std::fs::create_dir_all(&to).unwrap();
        std::fs::copy(p, to.join(p.file_name().unwrap())).unwrap();
    }
    names.len()
}

fn quiet() -> impl FnMut(benbao_archive::ingest::Event) {
    |_| {}
}

fn ingest_all(root: &Path, archive: &Path) -> (IngestReport, IngestReport) {
    let a = ingest(archive, &[root.join("pages").display().to_string()], &IngestOptions::default(), &mut quiet()).unwrap();
    let opts = IngestOptions { paper: Some("zzgx".into()), date: Some(benbao::PageDate::parse("2022-02").unwrap()), ..Default::default() };
    let b = ingest(archive, &[fixtures().join("seed/0000.txt").display().to_string()], &opts, &mut quiet()).unwrap();
    (a, b)
}

/// Every stored article: (id, searchable text, date key, paper).
fn stored(archive: &Path) -> Vec<(i64, String, Option<i64>, Option<String>)> {
    let a = Archive::open(archive).unwrap();
    let mut st = a
        .db
        .prepare("SELECT a.id, a.kicker, a.headline, a.subheadline, a.text, coalesce(a.date, p.date), p.paper, a.overline FROM articles a JOIN pages p ON p.id = a.page_id ORDER BY a.id")
        .unwrap();
    st.query_map([], |r| {
        let k: Option<String> = r.get(1)?;
        let h: Option<String> = r.get(2)?;
        let s: Option<String> = r.get(3)?;
        let t: String = r.get(4)?;
        let d: Option<String> = r.get(5)?;
        let o: Option<String> = r.get(7)?;
        Ok((r.get(0)?, tokenize::search_text([k.as_deref(), o.as_deref(), h.as_deref(), s.as_deref()], &t), d.as_deref().and_then(benbao_archive::search::date_index_key), r.get(6)?))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn q(query: &str) -> SearchRequest {
    SearchRequest { query: query.into(), limit: 1000, ..Default::default() }
}

fn brute(texts: &[(i64, String, Option<i64>, Option<String>)], phrase: &str) -> HashSet<i64> {
    texts.iter().filter(|t| t.1.contains(phrase)).map(|t| t.0).collect()
}

#[test]
fn ingest_search_export() {
    let tmp = TempDir::new("main");
    let n = lay_out(&tmp.0);
    let archive = tmp.0.join("archive");
    let (a, b) = ingest_all(&tmp.0, &archive);
    assert_eq!((a.progress.added, a.progress.failed, a.progress.skipped), (n, 0, 0), "{:?}", a.failed);
    assert_eq!((b.progress.added, b.progress.failed), (1, 0));
    let stats = Archive::open(&archive).unwrap().stats().unwrap();
    assert_eq!(stats.pages as usize, n + 1);
    assert_eq!(stats.indexed_pages, stats.pages);
    assert!(stats.articles > 100 && stats.people > 50 && stats.events > 10, "{stats:?}");

    // paper and date come from the path; raw text traces articles to their lines
    {
        let arch = Archive::open(&archive).unwrap();
        let (paper, date, raw, l0, l1, headline): (String, String, String, i64, i64, String) = arch
            .db
            .query_row(
                "SELECT p.paper, p.date, p.raw, a.line_first, a.line_last, a.headline FROM articles a JOIN pages p ON p.id = a.page_id
                 WHERE p.path LIKE '%0000.txt' AND p.paper = 'henan' AND a.headline IS NOT NULL ORDER BY a.id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .unwrap();
        assert_eq!((paper.as_str(), date.as_str()), ("henan", "2023-05-26"));
        let lines: Vec<&str> = raw.split('\n').collect();
        let span = lines[(l0 - 1) as usize..l1 as usize].join("\n");
        assert!(span.contains(headline.trim()), "{headline} not in lines {l0}-{l1}");
        // paragraphs are offsets into the article text
        let bad: i64 = arch
            .db
            .query_row(
                "SELECT count(*) FROM paragraph_texts t JOIN paragraphs p USING (article_id, idx) WHERE length(t.text) != p.end - p.start OR t.text = ''",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(bad, 0);
    }

    let texts = stored(&archive);
    assert_eq!(texts.len() as u64, stats.articles);
    let s = Searcher::open(&archive).unwrap();
    // every article is in the index exactly once
    assert_eq!(s.matching_ids(&q("")).unwrap().len(), texts.len());

    // phrase queries: exactly the articles that contain the phrase, every hit contains it
    for phrase in ["万人助万企", "高质量发展", "习近平", "新闻发布会", "国家", "2023年"] {
        let want = brute(&texts, phrase);
        assert!(!want.is_empty(), "{phrase} is in the fixtures");
        let got = s.matching_ids(&q(&format!("\"{phrase}\""))).unwrap();
        assert_eq!(got, want, "{phrase}");
        let res = s.search(&q(&format!("\"{phrase}\""))).unwrap();
        assert_eq!(res.total, want.len());
        for h in &res.hits {
            assert!(texts.iter().any(|t| t.0 == h.article_id && t.1.contains(phrase)));
            // the snippet marks the phrase itself
            let marked: Vec<String> = h.highlights.iter().map(|r| h.snippet.chars().skip(r[0]).take(r[1] - r[0]).collect()).collect();
            assert!(!marked.is_empty() && marked.iter().all(|m| m == phrase), "{phrase}: {marked:?} in {}", h.snippet);
        }
    }
    // the same characters apart are not the phrase
    let apart = s.matching_ids(&q("\"助万企万人\"")).unwrap();
    assert_eq!(apart, brute(&texts, "助万企万人"));

    // a substring inside a longer word is found: pick words of 3+ characters
    // whose inner two characters are never a word of their own in that article
    let mut checked = 0;
    'outer: for (id, text, _, _) in &texts {
        let words = tokenize::word_tokens(text);
        let set: HashSet<&str> = words.iter().map(|w| w.text.as_str()).collect();
        for w in &words {
            let chars: Vec<char> = w.text.chars().collect();
            if chars.len() >= 3 && chars.iter().all(|c| !c.is_ascii()) {
                let inner: String = chars[1..3].iter().collect();
                if !set.contains(inner.as_str()) {
                    let got = s.matching_ids(&q(&inner)).unwrap();
                    assert!(got.contains(id), "{inner} (inside {}) not found in article {id}", w.text);
                    assert_eq!(got, brute(&texts, &inner), "{inner}");
                    checked += 1;
                    if checked >= 20 {
                        break 'outer;
                    }
                    continue 'outer;
                }
            }
        }
    }
    assert!(checked >= 10);

    // boolean operators
    let (x, y) = (brute(&texts, "发展"), brute(&texts, "合作"));
    assert_eq!(s.matching_ids(&q("发展 合作")).unwrap(), &x & &y);
    assert_eq!(s.matching_ids(&q("发展 AND 合作")).unwrap(), &x & &y);
    assert_eq!(s.matching_ids(&q("发展 OR 合作")).unwrap(), &x | &y);
    assert_eq!(s.matching_ids(&q("发展 -合作")).unwrap(), &x - &y);
    assert_eq!(s.matching_ids(&q("发展 NOT 合作")).unwrap(), &x - &y);
    let z = brute(&texts, "创新");
    assert_eq!(s.matching_ids(&q("(发展 OR 合作) 创新")).unwrap(), &(&x | &y) & &z);

    // date range: articles dated (own date, else the page's) inside it
    let in_range: HashSet<i64> = texts.iter().filter(|t| t.1.contains("发展") && t.2.is_some_and(|d| (20230101..=20231231).contains(&d))).map(|t| t.0).collect();
    assert!(!in_range.is_empty() && in_range.len() < x.len());
    let mut r = q("发展");
    r.from = Some("2023".into());
    r.to = Some("2023-12-31".into());
    assert_eq!(s.matching_ids(&r).unwrap(), in_range);
    let res = s.search(&r).unwrap();
    assert!(res.hits.iter().all(|h| h.date.as_deref().or(h.page_date.as_deref()).is_some_and(|d| d.starts_with("2023"))));

    // facets and filters
    let mut r = q("发展");
    r.paper = Some("zzgx".into());
    r.facets = true;
    let res = s.search(&r).unwrap();
    let zz: HashSet<i64> = texts.iter().filter(|t| t.1.contains("发展") && t.3.as_deref() == Some("zzgx")).map(|t| t.0).collect();
    assert_eq!(res.total, zz.len());
    assert!(res.hits.iter().all(|h| h.paper.as_deref() == Some("zzgx")));
    let papers = &res.facets.iter().find(|f| f.0 == "paper").unwrap().1;
    assert_eq!(papers.len(), 1);
    assert_eq!(papers[0].count as usize, zz.len());
    assert_eq!(s.matching_ids(&q("发展 paper:zzgx")).unwrap(), zz);
    // a person filter keeps the articles that name the person
    let a = Archive::open(&archive).unwrap();
    let xi: HashSet<i64> = a.db.prepare("SELECT DISTINCT article_id FROM people WHERE name = '习近平'").unwrap().query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    assert!(!xi.is_empty());
    let mut r = q("");
    r.person = Some("习近平".into());
    assert_eq!(s.matching_ids(&r).unwrap(), xi);
    let types: Vec<String> = a.db.prepare("SELECT DISTINCT type FROM events").unwrap().query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    for t in types {
        let want: HashSet<i64> =
            a.db.prepare("SELECT DISTINCT article_id FROM events WHERE type = ?1").unwrap().query_map([&t], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
        let mut r = q("");
        r.event_type = Some(t.clone());
        assert_eq!(s.matching_ids(&r).unwrap(), want, "{t}");
    }

    // exports: CSV (with BOM) and JSONL rows match the tables
    let count_of = |sql: &str| -> u64 { a.db.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as u64 };
    let spells = count_of(
        "SELECT count(*) FROM (SELECT 1 FROM posts s JOIN identities i ON i.appearance_id = s.person_id
         GROUP BY i.person, s.post, coalesce(s.organization, ''), coalesce(s.jurisdiction_code, s.jurisdiction, ''))",
    );
    let dyads = count_of("SELECT count(*) FROM events WHERE type = 'study_visit'");
    // the panel is balanced: Σ over persons of their months × the event types
    let months = count_of(
        "SELECT coalesce(sum((CAST(substr(last, 1, 4) AS INTEGER) - CAST(substr(first, 1, 4) AS INTEGER)) * 12
                             + CAST(substr(last, 6, 2) AS INTEGER) - CAST(substr(first, 6, 2) AS INTEGER) + 1), 0)
         FROM (SELECT min(m) AS first, max(m) AS last FROM (
               SELECT i.person, substr(coalesce(a.date, p.date), 1, 7) AS m
               FROM posts s JOIN identities i ON i.appearance_id = s.person_id JOIN people pe ON pe.id = s.person_id
                    JOIN articles a ON a.id = pe.article_id JOIN pages p ON p.id = a.page_id
               WHERE length(coalesce(a.date, p.date)) >= 7) GROUP BY person)",
    );
    let panel = months * count_of("SELECT count(DISTINCT type) FROM events");
    let dyad_counts = count_of(
        "SELECT count(*) FROM (SELECT 1 FROM events e WHERE type = 'study_visit'
         GROUP BY coalesce(origin_code, origin), coalesce(destination_code, destination), substr(day, 1, 4))",
    );
    // every appearance has its person, and persons are fewer than appearances (the same official across pages)
    assert!(!benbao_archive::identity::stale(&a.db).unwrap());
    assert!(count_of("SELECT count(DISTINCT person) FROM identities") < stats.people);
    assert!(panel > 100, "{panel} panel rows");
    assert!(spells > 50 && dyads >= 3, "{spells} spells, {dyads} dyads");
    for (what, count) in [
        (What::Articles, stats.articles),
        (What::People, stats.people),
        (What::Events, stats.events),
        (What::Directives, stats.directives),
        (What::Spells, spells),
        (What::Dyads, dyads),
        (What::Panel, panel),
        (What::DyadCounts, dyad_counts),
    ] {
        let mut csv = Vec::new();
        let rows = export::export(&a.db, what, Format::Csv, true, &mut csv).unwrap();
        assert_eq!(rows, count);
        assert!(csv.starts_with("\u{feff}".as_bytes()));
        let parsed = parse_csv(std::str::from_utf8(&csv[3..]).unwrap());
        assert_eq!(parsed.len() as u64, count + 1);
        assert_eq!(parsed[0], export::columns(what));
        assert!(parsed.iter().all(|r| r.len() == parsed[0].len()));
        let mut jsonl = Vec::new();
        export::export(&a.db, what, Format::Jsonl, false, &mut jsonl).unwrap();
        let lines: Vec<serde_json::Value> = std::str::from_utf8(&jsonl).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len() as u64, count);
        // CSV and JSONL agree on the first column
        for (row, obj) in parsed[1..].iter().zip(&lines) {
            let first = &obj[export::columns(what)[0]];
            assert_eq!(row[0], first.as_str().map_or_else(|| first.to_string(), str::to_string));
        }
        let mut pq = Vec::new();
        assert_eq!(export::export(&a.db, what, Format::Parquet, false, &mut pq).unwrap(), count);
        assert!(pq.starts_with(b"PAR1") && pq.ends_with(b"PAR1"));
        let mut dta = Vec::new();
        assert_eq!(export::export(&a.db, what, Format::Dta, false, &mut dta).unwrap(), count);
        check_dta(&dta, count, export::columns(what).len());
    }
    // the article texts survive CSV quoting
    let mut csv = Vec::new();
    export::export(&a.db, What::Articles, Format::Csv, false, &mut csv).unwrap();
    let parsed = parse_csv(std::str::from_utf8(&csv).unwrap());
    let text_col = parsed[0].iter().position(|c| c == "text").unwrap();
    let exported: HashSet<&str> = parsed[1..].iter().map(|r| r[text_col].as_str()).collect();
    let body: String = a.db.query_row("SELECT text FROM articles ORDER BY id LIMIT 1", [], |r| r.get(0)).unwrap();
    assert!(exported.contains(body.as_str()));
    let before = every_export(&a);
    drop(a);
    drop(s);

    // ingesting again adds nothing, and changes no table
    let (a2, b2) = ingest_all(&tmp.0, &archive);
    assert_eq!((a2.progress.added, a2.progress.skipped, b2.progress.skipped), (0, n, 1));
    let again = Archive::open(&archive).unwrap();
    assert_eq!(again.stats().unwrap(), stats);
    assert!(every_export(&again) == before, "an export changed when the same pages were ingested again");
    drop(again);

    // an index behind the database (a run killed between its database
    // commits and its index commit): the next run indexes what is missing, once
    {
        let a = Archive::open(&archive).unwrap();
        a.db.execute("UPDATE pages SET indexed = 0 WHERE id % 3 = 0", []).unwrap();
    }
    let (a3, _) = ingest_all(&tmp.0, &archive);
    assert!(a3.progress.reindexed > 0);
    let s = Searcher::open(&archive).unwrap();
    assert_eq!(s.matching_ids(&q("")).unwrap().len(), texts.len());
    assert_eq!(s.search(&q("\"高质量发展\"")).unwrap().total, brute(&texts, "高质量发展").len());
    drop(s);
    // the index gone altogether: rebuilt from the database
    std::fs::remove_dir_all(benbao_archive::index_path(&archive)).unwrap();
    let (a4, _) = ingest_all(&tmp.0, &archive);
    assert_eq!(a4.progress.reindexed as u64, stats.pages);
    let s = Searcher::open(&archive).unwrap();
    assert_eq!(s.matching_ids(&q("")).unwrap().len(), texts.len());
    assert_eq!(s.matching_ids(&q("\"万人助万企\"")).unwrap(), brute(&texts, "万人助万企"));
}

/// Every table in every format, as bytes.
fn every_export(a: &Archive) -> Vec<Vec<u8>> {
    let mut all = Vec::new();
    for what in What::ALL {
        for format in [Format::Csv, Format::Jsonl, Format::Parquet, Format::Dta] {
            let mut out = Vec::new();
            export::export(&a.db, what, format, false, &mut out).unwrap();
            all.push(out);
        }
    }
    all
}

/// The frame of a Stata 118 file: its header's column and row counts, and a
/// map whose offsets point at the section tags they name and end at the
/// file's end. (That pandas and R read the rows back as the CSV has them is
/// checked by python/tests/test_archive.py and crates/benbao-cli/tests/r.rs.)
fn check_dta(dta: &[u8], rows: u64, columns: usize) {
    let at = |tag: &[u8]| dta.windows(tag.len()).position(|w| w == tag).unwrap_or_else(|| panic!("no {}", String::from_utf8_lossy(tag)));
    assert!(dta.starts_with(b"<stata_dta><header><release>118</release><byteorder>LSF</byteorder><K>"));
    let k = at(b"<K>") + 3;
    assert_eq!(u16::from_le_bytes([dta[k], dta[k + 1]]) as usize, columns);
    let n = at(b"<N>") + 3;
    assert_eq!(u64::from_le_bytes(dta[n..n + 8].try_into().unwrap()), rows);
    let map = at(b"<map>") + 5;
    let offsets: Vec<usize> = (0..14).map(|i| u64::from_le_bytes(dta[map + 8 * i..map + 8 * i + 8].try_into().unwrap()) as usize).collect();
    let tags: [&[u8]; 13] = [
        b"<stata_dta>", b"<map>", b"<variable_types>", b"<varnames>", b"<sortlist>", b"<formats>", b"<value_label_names>",
        b"<variable_labels>", b"<characteristics>", b"<data>", b"<strls>", b"<value_labels>", b"</stata_dta>",
    ];
    for (tag, &o) in tags.iter().zip(&offsets) {
        assert!(dta[o..].starts_with(tag), "the map's offset {o} is not at {}", String::from_utf8_lossy(tag));
    }
    assert_eq!(offsets[13], dta.len());
}

#[test]
fn bad_files_are_reported_and_skipped() {
    let tmp = TempDir::new("bad");
    let dir = tmp.0.join("in");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixtures().join("layouts/0001.txt"), dir.join("a.txt")).unwrap();
    std::fs::copy(fixtures().join("layouts/0002.txt"), dir.join("c.txt")).unwrap();
    std::fs::write(dir.join("b-empty.txt"), b"").unwrap();
    std::fs::write(dir.join("b-image.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap();
    let archive = tmp.0.join("archive");
    let mut failures = Vec::new();
    let r = ingest(
        &archive,
        &[dir.display().to_string(), tmp.0.join("missing.txt").display().to_string()],
        &IngestOptions::default(),
        &mut |e| {
            if let benbao_archive::ingest::Event::Failed { path, problem } = e {
                failures.push((path.to_string(), problem.to_string()));
            }
        },
    )
    .unwrap();
    assert_eq!(r.progress.added, 2);
    assert_eq!(r.progress.failed, 3);
    assert_eq!(failures.len(), 3);
    let find = |name: &str| failures.iter().find(|f| f.0.ends_with(name)).map(|f| f.1.clone()).unwrap_or_default();
    assert!(find("b-empty.txt").contains("empty"), "{failures:?}");
    assert!(find("b-image.txt").contains("PNG"), "{failures:?}");
    assert!(find("missing.txt").contains("no such file"), "{failures:?}");
    assert_eq!(Archive::open(&archive).unwrap().stats().unwrap().pages, 2);
}

#[test]
fn globs_and_paths() {
    let tmp = TempDir::new("glob");
    lay_out(&tmp.0);
    let archive = tmp.0.join("archive");
    let pattern = format!("{}/pages/zzgx/2023-*/*.txt", tmp.0.display());
    let r = ingest(&archive, &[pattern], &IngestOptions { threads: 1, ..Default::default() }, &mut quiet()).unwrap();
    let a = Archive::open(&archive).unwrap();
    let (n, papers, bad_dates): (i64, i64, i64) = a
        .db
        .query_row("SELECT count(*), count(DISTINCT paper), sum(date NOT LIKE '2023-%') FROM pages", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    assert!(n > 0 && n as usize == r.progress.added);
    assert_eq!((papers, bad_dates), (1, 0));
}

/// A small RFC 4180 reader (quoted fields, doubled quotes, line breaks in quotes).
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\n' => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                _ => field.push(c),
            }
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// A page set in traditional characters (Big5, as Hong Kong and Taiwan
/// papers are) is stored as printed and found by a query in simplified
/// characters, and the reverse; the highlight marks the printed text.
#[test]
fn simplified_queries_find_traditional_text_and_the_reverse() {
    let tmp = TempDir::new("script");
    let pages = tmp.0.join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    let trad = "會計師公會舉辦研討會\n\n　　本報訊　香港會計師公會昨日舉辦年度研討會，逾三百名會員出席，討論稅務條例修訂對中小企業的影響。\n　　公會會長表示，新條例將於明年實施。\n";
    let big5 = encoding_rs::BIG5.encode(trad).0.into_owned();
    std::fs::write(pages.join("hk-2023-05-26.txt"), big5).unwrap();
    let simp = "会计学院举办开放日\n\n　　本报讯　郑州大学会计学院昨日举办开放日活动，数百名学生参加，了解税务专业课程。\n　　学院院长表示，明年将增设审计专业。\n";
    std::fs::write(pages.join("zz-2023-05-26.txt"), simp).unwrap();
    let archive = tmp.0.join("archive");
    let r = ingest(&archive, &[pages.display().to_string()], &IngestOptions::default(), &mut quiet()).unwrap();
    assert_eq!((r.progress.added, r.progress.failed), (2, 0), "{:?}", r.failed);

    // stored as printed
    let arch = Archive::open(&archive).unwrap();
    let (headline, encoding): (String, String) = arch
        .db
        .query_row("SELECT a.headline, p.encoding FROM articles a JOIN pages p ON p.id = a.page_id WHERE p.paper = 'hk'", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((headline.as_str(), encoding.as_str()), ("會計師公會舉辦研討會", "Big5"));

    let s = Searcher::open(&archive).unwrap();
    let papers = |query: &str| -> Vec<String> {
        let mut v: Vec<String> = s.search(&q(query)).unwrap().hits.into_iter().map(|h| h.paper.unwrap_or_default()).collect();
        v.sort();
        v
    };
    // 会计 (simplified) finds both; 會計 (traditional) finds both too
    assert_eq!(papers("会计"), vec!["hk", "zz"]);
    assert_eq!(papers("會計"), vec!["hk", "zz"]);
    // a phrase only the traditional page holds, asked in simplified
    assert_eq!(papers("\"税务条例\""), vec!["hk"]);
    // and one only the simplified page holds, asked in traditional
    assert_eq!(papers("審計專業"), vec!["zz"]);
    assert!(papers("会计师公会 审计").is_empty());
    // the hit's snippet is the printed text, with the match marked there
    let hit = s.search(&q("税务条例")).unwrap().hits.remove(0);
    let marked: Vec<String> = hit.highlights.iter().map(|&[a, b]| hit.snippet.chars().skip(a).take(b - a).collect()).collect();
    assert_eq!(marked, vec!["稅務條例"], "{}", hit.snippet);
}

/// E-paper PDFs go into the archive through the same reader as `benbao
/// parse`: the same articles, each with its boxes on the page, and the
/// page's size (its picture is drawn when first shown: tests/ui.rs).
#[test]
fn pdf_pages_are_stored_as_the_page_reader_reads_them() {
    let tmp = TempDir::new("pdf");
    let archive = tmp.0.join("archive");
    let dir = fixtures().join("pdf");
    let r = ingest(&archive, &[dir.display().to_string()], &IngestOptions::default(), &mut quiet()).unwrap();
    assert_eq!((r.progress.added, r.progress.failed), (2, 0), "{:?}", r.failed);
    let arch = Archive::open(&archive).unwrap();
    for name in ["0001.pdf", "0025.pdf"] {
        let path = dir.join(name);
        let mut want = Vec::new();
        benbao_layout::page_file::read(&path, &benbao::Options::default(), false, |a| want.push(a)).unwrap();
        let mut st = arch
            .db
            .prepare("SELECT a.headline, a.text, a.boxes, p.sizes, p.encoding FROM articles a JOIN pages p ON p.id = a.page_id WHERE p.path LIKE ?1 ORDER BY a.idx")
            .unwrap();
        let got: Vec<(Option<String>, String, Option<String>, Option<String>, String)> =
            st.query_map([format!("%{name}")], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))).unwrap().collect::<Result<_, _>>().unwrap();
        assert!(want.len() >= 3, "{name}: {} articles", want.len());
        assert_eq!(got.len(), want.len(), "{name}");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!((&g.0, &g.1), (&w.headline, &w.text()), "{name}");
            let boxes: Vec<[f32; 4]> = serde_json::from_str(g.2.as_deref().expect("boxes stored")).unwrap();
            assert_eq!(boxes, w.boxes);
            let sizes: Vec<[f32; 2]> = serde_json::from_str(g.3.as_deref().expect("sizes stored")).unwrap();
            let [pw, ph] = sizes[0];
            assert!(boxes.iter().all(|b| b[0] >= 0.0 && b[1] >= 0.0 && b[2] <= pw && b[3] <= ph && b[0] < b[2] && b[1] < b[3]), "{name}: {boxes:?} on {pw}x{ph}");
            assert_eq!(g.4, "PDF");
        }
    }
}
