//! Extraction on any text: people, organizations, places, events,
//! directives. Every offset it gives must lie inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let paragraphs: Vec<String> = text.lines().map(str::to_string).filter(|l| !l.is_empty()).collect();
    let a = benbao::Article { paragraphs, ..Default::default() };
    let n = a.text().chars().count();
    let e = benbao_extract::extract(&a, &benbao::PageDate::parse("2022-02").unwrap());
    for p in &e.people {
        for m in &p.mentions {
            assert!(m[0] < m[1] && m[1] <= n, "{} at {m:?} of {n}", p.name);
        }
    }
    for o in &e.organizations {
        for m in &o.mentions {
            assert!(m[0] < m[1] && m[1] <= n, "{} at {m:?} of {n}", o.name);
        }
    }
});
