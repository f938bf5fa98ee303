//! `benbao ingest`, `search` and `export` as a person runs them: a run
//! killed mid-way and started again loses and doubles nothing; bad files are
//! named and skipped with exit code 1.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use benbao_archive::search::{SearchRequest, Searcher};
use benbao_archive::Archive;

mod common;
use common::{bin, TempDir};

/// The seed page as paper zzgx's page of 2022-02-14, under `tmp/zzgx`.
fn seed_of_paper_zzgx(tmp: &TempDir) {
    let day = tmp.0.join("zzgx").join("2022-02-14");
    std::fs::create_dir_all(&day).unwrap();
    std::fs::copy(fixtures().join("seed/0000.txt"), day.join("01.txt")).unwrap();
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// `copies` distinct versions of every fixture page (each with its own
/// number of trailing blank lines, so its own content hash), text pages and
/// the two PDF fixtures: returns the page count.
fn make_pages(root: &Path, copies: usize) -> usize {
    let mut srcs: Vec<PathBuf> = std::fs::read_dir(fixtures().join("layouts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    srcs.push(fixtures().join("seed/0000.txt"));
    // e-paper PDFs too, where poppler is here (bytes after %%EOF make each copy a page of its own)
    if Command::new("pdftotext").arg("-v").output().is_ok() {
        srcs.extend(["pdf/0001.pdf", "pdf/0025.pdf"].map(|p| fixtures().join(p)));
    }
    srcs.sort();
    let mut n = 0;
    for k in 0..copies {
        let dir = root.join(format!("paper{}", k % 3)).join(format!("2024-01-{:02}", k % 28 + 1));
        std::fs::create_dir_all(&dir).unwrap();
        for (i, s) in srcs.iter().enumerate() {
            let mut bytes = std::fs::read(s).unwrap();
            bytes.extend(std::iter::repeat_n(b'\n', k + 1));
            let ext = s.extension().unwrap().to_str().unwrap();
            std::fs::write(dir.join(format!("{i:02}.{ext}")), bytes).unwrap();
            n += 1;
        }
    }
    n
}

/// The numbers of a non-terminal progress line: (done, total, added).
fn progress(line: &str) -> Option<(usize, usize, usize)> {
    let rest = line.strip_prefix("ingest: ")?;
    let (done, rest) = rest.split_once('/')?;
    let (total, _) = rest.split_once(' ')?;
    let added = line.split(" · ").find_map(|part| part.split_once(" added").map(|(a, _)| a.trim().to_string()))?;
    Some((done.parse().ok()?, total.parse().ok()?, added.parse().ok()?))
}

/// Starts an ingest and kills it (SIGKILL) once it has added `after` pages, or after `at_most`.
fn ingest_and_kill(pages: &Path, archive: &Path, after: usize, at_most: Duration) -> bool {
    let mut child = bin()
        .args(["ingest", "--archive", archive.to_str().unwrap(), "--progress-every", "5", "--commit-every", "9", pages.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let err = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut killed = false;
    loop {
        match rx.recv_timeout(Duration::from_millis(10)) {
            Ok(line) => {
                if let Some((done, total, added)) = progress(&line) {
                    if added >= after && done < total {
                        killed = child.kill().is_ok();
                        break;
                    }
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if start.elapsed() >= at_most {
                    killed = child.kill().is_ok();
                    break;
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let status = child.wait().unwrap();
    killed && !status.success()
}

#[test]
fn killed_ingests_resume_without_loss_or_doubles() {
    // text pages and PDFs, killed during the ingest: nothing lost, nothing twice
    let tmp = TempDir::new("archive-crash");
    let pages = tmp.0.join("pages");
    let n = make_pages(&pages, 12);
    let archive = tmp.0.join("archive");
    // killed at once (while it opens the archive), then after some pages, several times
    let mut kills = 0;
    kills += ingest_and_kill(&pages, &archive, usize::MAX, Duration::from_millis(150)) as usize;
    for after in [20, 35, 25, 40] {
        kills += ingest_and_kill(&pages, &archive, after, Duration::from_secs(60)) as usize;
    }
    assert!(kills >= 4, "the runs were killed mid-way ({kills} of 5)");
    let mid = Archive::open(&archive).unwrap().stats().unwrap();
    assert!(mid.pages > 0 && (mid.pages as usize) < n, "the kills left a partial archive: {} of {n}", mid.pages);

    let o = bin().args(["ingest", "--archive", archive.to_str().unwrap(), pages.to_str().unwrap()]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stats = Archive::open(&archive).unwrap().stats().unwrap();
    assert_eq!(stats.pages as usize, n);
    assert_eq!(stats.indexed_pages as usize, n);

    // every page once: each copy of a page has the same articles as the others
    let a = Archive::open(&archive).unwrap();
    let (names, varying, total): (i64, i64, i64) = a
        .db
        .query_row(
            "SELECT count(*), sum(k > 1), sum(s) FROM (SELECT count(DISTINCT n_articles) AS k, sum(n_articles) AS s FROM pages GROUP BY substr(path, -6))",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((names as usize * 12, varying), (n, 0));
    assert_eq!(total as u64, stats.articles);

    // the index holds every article exactly once
    let s = Searcher::open(&archive).unwrap();
    let all = s.matching_ids(&SearchRequest::default()).unwrap();
    assert_eq!(all.len() as u64, stats.articles);
    let want: HashSet<i64> = a
        .db
        .prepare("SELECT id FROM articles WHERE text LIKE '%高质量发展%' OR headline LIKE '%高质量发展%' OR kicker LIKE '%高质量发展%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(!want.is_empty());
    assert_eq!(s.matching_ids(&SearchRequest { query: "\"高质量发展\"".into(), ..Default::default() }).unwrap(), want);

    // and a run over the same pages adds nothing
    let o = bin().args(["ingest", "--archive", archive.to_str().unwrap(), pages.to_str().unwrap()]).output().unwrap();
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains(&format!("0 added (0 articles), {n} already in the archive")), "{out}");
    assert_eq!(Archive::open(&archive).unwrap().stats().unwrap(), stats);
}

#[test]
fn bad_file_is_named_and_skipped_and_search_and_export_work() {
    let tmp = TempDir::new("archive-bad");
    let dir = tmp.0.join("zzgx").join("2023-05-26");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixtures().join("layouts/0000.txt"), dir.join("01.txt")).unwrap();
    std::fs::write(dir.join("02.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01").unwrap();
    std::fs::copy(fixtures().join("layouts/0006.txt"), dir.join("03.txt")).unwrap();
    let archive = tmp.0.join("archive");
    let arch = archive.to_str().unwrap();
    let o = bin().args(["ingest", "--archive", arch, tmp.0.join("zzgx").to_str().unwrap()]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("02.txt: not a text page: it is a PNG image"), "{err}");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("2 added"), "{out}");

    let o = bin().args(["search", "--archive", arch, "--json", "--paper", "zzgx", "--from", "2023-05", "--to", "2023-05-31", "\"水网\""]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["total"].as_u64().unwrap() >= 1);
    for h in v["hits"].as_array().unwrap() {
        let snippet: Vec<char> = h["snippet"].as_str().unwrap().chars().collect();
        for r in h["highlights"].as_array().unwrap() {
            let (a, b) = (r[0].as_u64().unwrap() as usize, r[1].as_u64().unwrap() as usize);
            assert_eq!(snippet[a..b].iter().collect::<String>(), "水网");
        }
    }
    let o = bin().args(["search", "--archive", arch, "水网", "--limit", "1"]).output().unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("**水网**"), "{text}");

    let csv = tmp.0.join("articles.csv");
    let o = bin().args(["export", "--archive", arch, "--format", "csv", "--bom", "--what", "articles", "-o", csv.to_str().unwrap()]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with("\u{feff}article_id,".as_bytes()));
    let o = bin().args(["export", "--archive", arch, "--format", "jsonl", "--what", "events"]).output().unwrap();
    assert!(o.status.success());
    let events = Archive::open(&archive).unwrap().stats().unwrap().events;
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count() as u64, events);

    // no archive: a clear error, exit 2
    let o = bin().args(["search", "--archive", tmp.0.join("none").to_str().unwrap(), "x"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no archive at"));
}

#[test]
fn serve_answers_on_the_loopback_address() {
    use std::io::{Read, Write};
    let tmp = TempDir::new("archive-serve");
    seed_of_paper_zzgx(&tmp);
    let archive = tmp.0.join("archive");
    let arch = archive.to_str().unwrap();
    let o = bin().args(["ingest", "--archive", arch, tmp.0.join("zzgx").to_str().unwrap()]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut child = bin().args(["serve", "--archive", arch, "--bind", "127.0.0.1:0"]).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let url = first.split_whitespace().find(|w| w.starts_with("http://")).unwrap().to_string();
    let addr = url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET /api/search?q=%E4%B8%87%E4%BA%BA%E5%8A%A9%E4%B8%87%E4%BC%81 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(resp.starts_with("HTTP/1.1 200 OK"), "{resp}");
    let body: serde_json::Value = serde_json::from_str(resp.split_once("\r\n\r\n").unwrap().1).unwrap();
    assert!(body["total"].as_u64().unwrap() >= 1);
}

/// One request with `Connection: close`; the whole answer.
fn http(addr: &str, req: &str, body: &[u8]) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(s, "{req}Host: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n", body.len()).unwrap();
    s.write_all(body).unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    resp
}

#[test]
fn serve_takes_the_upload_token_from_a_file_or_the_environment() {
    let tmp = TempDir::new("archive-serve-token");
    let archive = tmp.0.join("archive");
    let arch = archive.to_str().unwrap();
    let o = bin().args(["ingest", "--archive", arch, fixtures().join("seed/0000.txt").to_str().unwrap()]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // a short token is refused at start
    let short = tmp.0.join("short.token");
    std::fs::write(&short, "abc\n").unwrap();
    let o = bin().args(["serve", "--archive", arch, "--bind", "127.0.0.1:0", "--upload-token-file", short.to_str().unwrap()]).output().unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("shorter than 16"), "{}", String::from_utf8_lossy(&o.stderr));
    let o = bin().args(["serve", "--archive", arch, "--upload-token-file", tmp.0.join("missing").to_str().unwrap()]).output().unwrap();
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("missing"));

    let page = std::fs::read(fixtures().join("layouts/0003.txt")).unwrap();
    let token = "0123456789abcdef0123456789abcdef";
    let file = tmp.0.join("good.token");
    std::fs::write(&file, format!("{token}\n")).unwrap();
    for (how, env) in [("file", false), ("environment", true)] {
        let mut cmd = bin();
        cmd.args(["serve", "--archive", arch, "--bind", "127.0.0.1:0"]);
        if env {
            cmd.env("BENBAO_UPLOAD_TOKEN", token);
        } else {
            cmd.args(["--upload-token-file", file.to_str().unwrap()]);
        }
        let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        assert!(first.contains("pages can be added"), "{how}: {first}");
        let addr = first.split_whitespace().find(|w| w.starts_with("http://")).unwrap().trim_start_matches("http://").trim_end_matches('/').to_string();
        let refused = http(&addr, "POST /api/pages HTTP/1.1\r\n", &page);
        let answer = http(&addr, &format!("POST /api/pages?name=zzgx/2022-02-16/01.txt HTTP/1.1\r\nAuthorization: Bearer {token}\r\n"), &page);
        let _ = child.kill();
        let _ = child.wait();
        assert!(refused.starts_with("HTTP/1.1 401"), "{how}: {refused}");
        // the first start adds the page, the second finds it there
        let want = if env { "HTTP/1.1 200" } else { "HTTP/1.1 201" };
        assert!(answer.starts_with(want), "{how}: {answer}");
    }
}

/// A paper's home locality set once (`benbao papers set`) is what its pages'
/// bare 高新区党工委 and 管委会 mean when they are ingested: the seed's
/// officials get 郑州高新区's code in the export.
#[test]
fn a_papers_home_locality_gives_its_officials_their_jurisdiction() {
    let tmp = TempDir::new("archive-papers");
    seed_of_paper_zzgx(&tmp);
    let arch = tmp.0.join("archive");
    let a = arch.to_str().unwrap();
    let o = bin().args(["papers", "set", "zzgx", "--place", "郑州高新区", "--archive", a]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "zzgx\t郑州高新区\t410100\n");
    let o = bin().args(["papers", "set", "zzgx", "--place", "火星", "--archive", a]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no Chinese administrative division"));
    assert!(bin().args(["ingest", "--archive", a, tmp.0.join("zzgx").to_str().unwrap()]).output().unwrap().status.success());
    let o = bin().args(["export", "--archive", a, "--format", "jsonl", "--what", "people"]).output().unwrap();
    let people: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    for name in ["王德敏", "赵毅", "杜怀锋"] {
        let rows: Vec<&serde_json::Value> = people.iter().filter(|p| p["name"] == name).collect();
        assert!(!rows.is_empty(), "{name}");
        for r in rows {
            assert!(r["posts"].as_array().unwrap().iter().all(|p| p.as_str().unwrap().ends_with("(410100)")), "{name}: {r}");
        }
    }
    // the study visits' origins and destination are in the events table
    let o = bin().args(["export", "--archive", a, "--format", "jsonl", "--what", "events"]).output().unwrap();
    let mut dyads: Vec<(String, String)> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|e| e["type"] == "study_visit")
        .map(|e| (e["origin_code"].as_str().unwrap().to_string(), e["destination_code"].as_str().unwrap().to_string()))
        .collect();
    dyads.sort();
    let want: Vec<(String, String)> = ["410300", "410800", "411103"].iter().map(|o| (o.to_string(), "410100".to_string())).collect();
    assert_eq!(dyads, want);

    // the research tables: the dyads, each with its hosts ...
    let rows = |what: &str| -> Vec<serde_json::Value> {
        let o = bin().args(["export", "--archive", a, "--format", "jsonl", "--what", what]).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let mut d: Vec<(String, String, String, Vec<String>)> = rows("dyads")
        .into_iter()
        .map(|r| {
            let hosts = r["hosts"].as_array().unwrap().iter().map(|h| h.as_str().unwrap().to_string()).collect();
            (r["origin"].as_str().unwrap().into(), r["origin_code"].as_str().unwrap().into(), r["destination_code"].as_str().unwrap().into(), hosts)
        })
        .collect();
    d.sort();
    let host = vec!["王德敏".to_string()];
    assert_eq!(
        d,
        vec![
            ("洛阳高新区".into(), "410300".into(), "410100".into(), host.clone()),
            ("漯河郾城区".into(), "411103".into(), "410100".into(), host.clone()),
            ("焦作高新区".into(), "410800".into(), "410100".into(), host.clone()),
        ]
    );
    // ... counted by origin, destination and year: one visit each
    let counts: Vec<(String, String, i64, i64)> = rows("dyad-counts")
        .into_iter()
        .map(|r| (r["origin_code"].as_str().unwrap().into(), r["destination_code"].as_str().unwrap().into(), r["year"].as_i64().unwrap(), r["visits"].as_i64().unwrap()))
        .collect();
    let mut counts = counts;
    counts.sort();
    assert_eq!(counts, ["410300", "410800", "411103"].map(|o| (o.to_string(), "410100".to_string(), 2022, 1)).to_vec());
    // ... and the spells of the zone's officials, in their jurisdiction, dated by the page
    let spells = rows("spells");
    for name in ["王德敏", "赵毅", "杜怀锋"] {
        let mine: Vec<&serde_json::Value> = spells.iter().filter(|s| s["name"] == name).collect();
        assert!(!mine.is_empty(), "{name} has a spell");
        // one person across the page's articles
        let persons: std::collections::HashSet<i64> = mine.iter().map(|s| s["person_id"].as_i64().unwrap()).collect();
        assert_eq!(persons.len(), 1, "{name}: {persons:?}");
        for s in mine {
            assert_eq!(s["jurisdiction_code"].as_str(), Some("410100"), "{s}");
            assert!(s["first_date"].as_str().unwrap().starts_with("2022-02") && s["first_date"].as_str() <= s["last_date"].as_str(), "{s}");
            // the first and last article are those of the first and last date (not of the ids)
            let (n, first, last) = (s["articles"].as_i64().unwrap(), s["first_article_id"].as_i64().unwrap(), s["last_article_id"].as_i64().unwrap());
            assert!(n >= 1 && first >= 1 && last >= 1 && (n > 1 || first == last), "{s}");
        }
    }
    // ... and their month in the activity panel: the zone's inspection counted for each
    let panel = rows("panel");
    for name in ["王德敏", "赵毅", "杜怀锋"] {
        let row = panel.iter().find(|r| r["name"] == name && r["month"] == "2022-02" && r["type"] == "inspection");
        assert_eq!(row.map(|r| r["events"].as_i64().unwrap()), Some(1), "{name}");
    }
    // zero-filled: every person-month has a row for each event type
    let types: std::collections::HashSet<&str> = panel.iter().map(|r| r["type"].as_str().unwrap()).collect();
    let cells: std::collections::HashSet<(String, String)> = panel.iter().map(|r| (r["person_id"].to_string(), r["month"].to_string())).collect();
    assert_eq!(panel.len(), cells.len() * types.len());
}

/// Who is who: the seed's 王德敏, seen in two articles, is one person; a
/// split and a merge by hand change the persons of every table, hold through
/// a later ingest of other pages, and are taken back by `undo`.
#[test]
fn people_merged_and_split_by_hand_stay_so_through_later_ingests() {
    let tmp = TempDir::new("archive-people");
    seed_of_paper_zzgx(&tmp);
    let arch = tmp.0.join("archive");
    let a = arch.to_str().unwrap();
    let run = |args: &[&str]| -> String {
        let o = bin().args(args).args(["--archive", a]).output().unwrap();
        assert!(o.status.success(), "benbao {}: {}", args.join(" "), String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    run(&["ingest", "--place", "郑州高新区", tmp.0.join("zzgx").to_str().unwrap()]);
    // (person id, appearances) of a name, from the listing
    let persons = |name: &str| -> Vec<(i64, usize)> {
        run(&["people", "--name", name])
            .lines()
            .map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (f[0].parse().unwrap(), f[2].split(' ').next().unwrap().parse().unwrap())
            })
            .collect()
    };
    let spell_persons = |name: &str| -> std::collections::BTreeSet<i64> {
        run(&["export", "--format", "jsonl", "--what", "spells"])
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|s| s["name"] == name)
            .map(|s| s["person_id"].as_i64().unwrap())
            .collect()
    };
    let wang = persons("王德敏");
    assert_eq!(wang.len(), 1, "{wang:?}");
    assert_eq!(wang[0].1, 2);
    let shown = run(&["people", "show", &wang[0].0.to_string()]);
    let apps: Vec<&str> = shown.lines().skip(1).collect();
    assert_eq!(apps.len(), 2, "{shown}");
    assert!(apps[1].ends_with("same jurisdiction 410100"), "{shown}");
    let second: i64 = apps[1].trim_start().split('\t').next().unwrap().parse().unwrap();
    // split: the second appearance is a person of its own, in the spells too
    run(&["people", "split", &second.to_string()]);
    assert_eq!(persons("王德敏").len(), 2);
    assert_eq!(spell_persons("王德敏").len(), 2);
    // merge: 赵毅 and 杜怀锋 (a mistake made on purpose) are one person under the first's id
    let (zhao, du) = (persons("赵毅")[0].0, persons("杜怀锋")[0].0);
    run(&["people", "merge", &zhao.to_string(), &du.to_string()]);
    let merged = run(&["people", "show", &zhao.min(du).to_string()]);
    assert!(merged.lines().next().unwrap().contains("(also "), "{merged}");
    assert!(merged.contains("merged by hand (decision 2)"), "{merged}");
    // other pages ingested later: the decisions hold
    let more = tmp.0.join("more/2024-01-05");
    std::fs::create_dir_all(&more).unwrap();
    std::fs::copy(fixtures().join("layouts/0001.txt"), more.join("01.txt")).unwrap();
    run(&["ingest", tmp.0.join("more").to_str().unwrap()]);
    assert_eq!(persons("王德敏").len(), 2);
    assert_eq!(persons("赵毅"), persons("杜怀锋"));
    assert_eq!(run(&["people", "decisions"]), format!("1\tsplit\t{second}\n2\tmerge\t{zhao} {du}\n"));
    // undo: back to the rules
    run(&["people", "undo", "1"]);
    assert_eq!(persons("王德敏").len(), 1);
    assert_eq!(spell_persons("王德敏").len(), 1);
    // ids that name no one are refused, saying so
    let o = bin().args(["people", "merge", "1", "999999", "--archive", a]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no appearance 999999"), "{}", String::from_utf8_lossy(&o.stderr));
}
