//! The seed page against `tests/fixtures/seed/0000.entities.json`: every
//! person with the exact title chain, every listed organization, every listed
//! event with type, date, actor and place, every directive with its text.

use benbao::{parse_str, Options, PageDate};
use benbao_extract::extract;
use serde_json::Value;

fn fixture(name: &str) -> String {
    let p = format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

#[test]
fn seed_entities_match_gold() {
    let date = PageDate::parse("2022-02").unwrap();
    let arts = parse_str(&fixture("seed/0000.txt"), &Options { date, ..Default::default() });
    let gold: Value = serde_json::from_str(&fixture("seed/0000.entities.json")).unwrap();
    let golds = gold["articles"].as_array().unwrap();
    assert_eq!(arts.len(), golds.len());
    let mut problems = Vec::new();
    for (i, (a, g)) in arts.iter().zip(golds).enumerate() {
        let ents = extract(a, &date);
        for gp in g["people"].as_array().unwrap() {
            let name = gp["name"].as_str().unwrap();
            match ents.people.iter().find(|p| p.name == name) {
                None => problems.push(format!("article {i}: person {name} missing")),
                Some(p) if p.title.as_deref() != gp["title"].as_str() => {
                    problems.push(format!("article {i}: {name} title {:?}, want {:?}", p.title, gp["title"]))
                }
                _ => {}
            }
        }
        for go in g["organizations"].as_array().unwrap() {
            let name = go.as_str().unwrap();
            if !ents.organizations.iter().any(|o| o.name == name) {
                problems.push(format!("article {i}: organization {name} missing (have {:?})", ents.organizations.iter().map(|o| &o.name).collect::<Vec<_>>()));
            }
        }
        for ge in g["events"].as_array().unwrap() {
            let kind = ge["type"].as_str().unwrap();
            let date = ge["date"].as_str();
            let actors: Vec<&str> = ge["actors"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
            let hit = ents.events.iter().find(|e| {
                e.kind == kind
                    && e.date.as_deref() == date
                    && actors.iter().all(|a| e.actors.iter().any(|x| x == a))
                    && ge.get("place").is_none_or(|p| e.place.as_deref() == p.as_str())
                    && ge.get("organizer").is_none_or(|p| e.organizer.as_deref() == p.as_str())
                    && ge.get("topic").is_none_or(|p| e.topic.as_deref() == p.as_str())
            });
            match hit {
                None => problems.push(format!("article {i}: event {ge} missing; have {:?}", ents.events)),
                Some(e) => {
                    let want: Vec<&str> =
                        ge.get("directives").map_or(vec![], |d| d.as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect());
                    let have: Vec<&str> = e.directives.iter().map(|d| d.text.as_str()).collect();
                    if want != have {
                        problems.push(format!("article {i}: directives {have:?}, want {want:?}"));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
