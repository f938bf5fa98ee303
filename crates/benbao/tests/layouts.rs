//! Generated pages in layouts the dev set lacks (headlines, bracketed bylines,
//! headers and footers, jump lines, kept indents, other column widths, CRLF,
//! form feeds), made by `tools/variants.py` with exact gold. A small scorer in
//! Rust pairs articles by text and checks each field; the floors sit just
//! under the measured figures, so a regression fails the test.

use benbao::{parse_str, Article, Options, PageDate};
use serde_json::Value;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/layouts")
}

fn text_of(v: &Value) -> String {
    v["paragraphs"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect()
}

fn names(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
}

#[derive(Default, Debug)]
struct Tally {
    gold: usize,
    text_exact: usize,
    paras_exact: usize,
    byline: usize,
    dateline: usize,
    kicker: usize,
    headline: usize,
    date_n: usize,
    date: usize,
    spurious: usize,
}

fn shared_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

#[test]
fn generated_layouts_parse_within_floors() {
    let mut t = Tally::default();
    let mut pages = 0;
    let mut entries: Vec<_> = std::fs::read_dir(dir()).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for gold_path in entries.iter().filter(|p| p.to_string_lossy().ends_with(".gold.json")) {
        pages += 1;
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(gold_path).unwrap()).unwrap();
        let raw_path = gold_path.to_string_lossy().replace(".gold.json", ".txt");
        let raw = std::fs::read_to_string(&raw_path).unwrap();
        let date = PageDate::parse(gold["date"].as_str().unwrap_or("")).unwrap();
        let arts: Vec<Article> = parse_str(&raw, &Options { date, ..Default::default() });
        let mut used = vec![false; arts.len()];
        for g in gold["articles"].as_array().unwrap() {
            t.gold += 1;
            let gt = text_of(g);
            // pair with the unused prediction sharing the longest prefix
            let best = arts
                .iter()
                .enumerate()
                .filter(|(i, _)| !used[*i])
                .map(|(i, a)| (shared_prefix(&a.paragraphs.concat(), &gt), i))
                .max();
            let Some((common, i)) = best else { continue };
            if common < 8.min(gt.chars().count()) {
                continue;
            }
            used[i] = true;
            let a = &arts[i];
            t.text_exact += (a.paragraphs.concat() == gt) as usize;
            t.paras_exact += (a.paragraphs == names(&g["paragraphs"])) as usize;
            t.byline += (a.byline.reporters == names(&g["byline"]["reporters"])
                && a.byline.correspondents == names(&g["byline"]["correspondents"])
                && a.byline.photo == g["byline"]["photo"].as_bool().unwrap()) as usize;
            t.dateline += (a.dateline.as_deref() == g["dateline"].as_str()) as usize;
            t.kicker += (a.kicker.as_deref() == g["kicker"].as_str()) as usize;
            t.headline += (a.headline.as_deref() == g["headline"].as_str()) as usize;
            if let Some(d) = g["date"].as_str() {
                t.date_n += 1;
                t.date += (a.date.as_deref() == Some(d)) as usize;
            }
        }
        t.spurious += used.iter().filter(|u| !**u).count();
    }
    assert!(pages >= 20, "fixtures missing: {pages} pages");
    let r = |x: usize| x as f64 / t.gold as f64;
    eprintln!("{t:?}");
    assert!(r(t.text_exact) >= 0.96, "articles with exact text: {:.3}", r(t.text_exact));
    assert!(r(t.paras_exact) >= 0.93, "articles with exact paragraphs: {:.3}", r(t.paras_exact));
    assert!(r(t.byline) >= 0.96, "bylines: {:.3}", r(t.byline));
    assert!(r(t.dateline) >= 0.97, "datelines: {:.3}", r(t.dateline));
    assert!(r(t.kicker) >= 0.97, "kickers: {:.3}", r(t.kicker));
    assert!(r(t.headline) >= 0.97, "headlines: {:.3}", r(t.headline));
    assert!(t.date as f64 >= 0.97 * t.date_n as f64, "dates: {}/{}", t.date, t.date_n);
    assert!(t.spurious * 40 <= t.gold, "spurious articles: {}", t.spurious);
}
