//! The real seed page (Zhengzhou High-Tech Zone, February 2022) against its gold,
//! field by field: the same figures `tools/score.py` reports, without Python.

use benbao::{parse_str, Options, PageDate};
use serde_json::Value;

fn fixture(name: &str) -> String {
    let p = format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
}

#[test]
fn seed_page_matches_gold_field_by_field() {
    let raw = fixture("seed/0000.txt");
    let gold: Value = serde_json::from_str(&fixture("seed/0000.gold.json")).unwrap();
    let date = PageDate::parse(gold["date"].as_str().unwrap()).unwrap();
    let arts = parse_str(&raw, &Options { date, ..Default::default() });
    let golds = gold["articles"].as_array().unwrap();
    assert_eq!(arts.len(), golds.len(), "article count");
    for (i, (a, g)) in arts.iter().zip(golds).enumerate() {
        assert_eq!(a.kicker.as_deref(), g["kicker"].as_str(), "article {i} kicker");
        assert_eq!(a.headline.as_deref(), g["headline"].as_str(), "article {i} headline");
        assert_eq!(a.dateline.as_deref(), g["dateline"].as_str(), "article {i} dateline");
        assert_eq!(a.date.as_deref(), g["date"].as_str(), "article {i} date");
        assert_eq!(a.paragraphs, strs(&g["paragraphs"]), "article {i} paragraphs");
        assert_eq!(a.byline.reporters, strs(&g["byline"]["reporters"]), "article {i} reporters");
        assert_eq!(a.byline.correspondents, strs(&g["byline"]["correspondents"]), "article {i} correspondents");
        assert_eq!(a.byline.photo, g["byline"]["photo"].as_bool().unwrap(), "article {i} photo");
    }
}

#[test]
fn seed_page_line_spans_cover_the_articles() {
    let raw = fixture("seed/0000.txt");
    let arts = parse_str(&raw, &Options { date: PageDate::parse("2022-02").unwrap(), ..Default::default() });
    let lines: Vec<&str> = raw.lines().collect();
    // the first article starts on line 1 and ends with the second line of its byline
    assert_eq!(arts[0].lines[0], 1);
    assert_eq!(lines[arts[0].lines[1] - 1], "通讯员 高元州");
    assert_eq!(lines[arts[0].lines[1] - 2], "记者 孙庆辉");
    // the kicker line belongs to the second article's span
    assert_eq!(lines[arts[1].lines[0] - 1], "■新年开新局");
    for w in arts.windows(2) {
        assert!(w[0].lines[1] < w[1].lines[0], "spans overlap: {:?} {:?}", w[0].lines, w[1].lines);
    }
}
