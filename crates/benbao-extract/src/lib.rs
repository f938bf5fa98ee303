//! Extraction: who did what, where and when, from parsed articles.
//!
//! One module a concern, plain data between them:
//! * [`people`] — names with the title chain before them (区委副书记、区长李占宾)
//!   and their posts; 同志-style mentions; every later mention;
//! * [`orgs`] — organizations by their suffixes (局, 管委会, 集团, 电视台…);
//! * [`gazetteer`] — Chinese administrative divisions and place mentions;
//! * [`events`] — inspections, study visits, meetings, receptions, messages,
//!   speeches, sentence by sentence, with their dates;
//! * [`directives`] — enumerated instructions (一是…二是…) with their speaker.
//!
//! Offsets are character offsets, end exclusive, into the article's
//! paragraphs joined with "\n" ([`benbao::Article::text`]).

pub mod chars;
pub mod directives;
pub mod events;
pub mod gazetteer;
pub mod lexicon;
pub mod orgs;
pub mod people;

use benbao::{dates, Article, PageDate};
use std::sync::LazyLock;

/// The named-entity tagger (its model ships inside the binary).
static TAGGER: LazyLock<benbao_ner::Tagger> = LazyLock::new(benbao_ner::Tagger::load_default);
use serde::Serialize;

/// A post held, as the text gives it (区委副书记 → 副书记 of 区委).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Post {
    pub post: String,
    pub organization: Option<String>,
}

/// A person named in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub name: String,
    /// The title chain printed right before the name, or None.
    pub title: Option<String>,
    pub posts: Vec<Post>,
    pub mentions: Vec<[usize; 2]>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organization {
    pub name: String,
    pub mentions: Vec<[usize; 2]>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub name: String,
    /// The administrative division's code (GB/T 2260 adcode), when resolved.
    pub code: Option<String>,
    /// province, prefecture or county.
    pub level: Option<String>,
    pub mentions: Vec<[usize; 2]>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Directive {
    pub text: String,
    pub speaker: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Event {
    #[serde(rename = "type")]
    pub kind: String,
    pub date: Option<String>,
    pub actors: Vec<String>,
    pub organizer: Option<String>,
    pub place: Option<String>,
    pub topic: Option<String>,
    pub participants: Vec<String>,
    pub directives: Vec<Directive>,
}

/// Everything extracted from one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Entities {
    pub people: Vec<Person>,
    pub organizations: Vec<Organization>,
    pub places: Vec<Place>,
    pub events: Vec<Event>,
}

/// Extracts the entities and events of one article. `page` is the page's
/// publication date as far as known (for the dates in the text).
pub fn extract(article: &Article, page: &PageDate) -> Entities {
    let text = article.text();
    let chars: Vec<char> = text.chars().collect();
    let tagged: Vec<people::Tagged> = TAGGER
        .tag(&text)
        .into_iter()
        .map(|sp| people::Tagged { start: sp.start, end: sp.end, person: sp.kind == "PER" })
        .collect();
    let people = people::find_people(&chars, &tagged);
    let org_spans = orgs::find_orgs(&chars);
    let mut organizations: Vec<Organization> = Vec::new();
    for &(s, e) in &org_spans {
        let name: String = chars[s..e].iter().collect();
        match organizations.iter_mut().find(|o| o.name == name) {
            Some(o) => o.mentions.push([s, e]),
            None => organizations.push(Organization { name, mentions: vec![[s, e]] }),
        }
    }
    let places = find_places(&text);
    // the date of a sentence: its own first date, else the last one before it, else the article's
    let mut years = Vec::new();
    dates::years_mentioned(&text, &mut years);
    let date_of = |s: usize, e: usize| -> Option<String> {
        let own: String = chars[s..e].iter().collect();
        if let Some(d) = dates::first_date(&own).and_then(|d| dates::resolve(d, page, &years)) {
            return Some(d);
        }
        let before: String = chars[..s].iter().collect();
        let mut last = None;
        for (ss, se) in events::sentences(&chars[..s]) {
            let t: String = chars[ss..se].iter().collect();
            if let Some(d) = dates::first_date(&t).and_then(|d| dates::resolve(d, page, &years)) {
                last = Some(d);
            }
        }
        let _ = before;
        last.or_else(|| article.date.clone())
    };
    let cx = events::Context { chars: &chars, people: &people, orgs: &org_spans, date_of: &date_of };
    let mut found = events::find_events(&cx);
    // directives go to the event of their speaker before them, else the last event before them
    let speaker_before = |pos: usize| -> Option<String> {
        // the last person mentioned before pos in the same paragraph or the one before, followed by a speech verb
        let para_start = chars[..pos].iter().rposition(|&c| c == '\n').map_or(0, |k| k + 1);
        let from = chars[..para_start.saturating_sub(1)].iter().rposition(|&c| c == '\n').map_or(0, |k| k + 1);
        people
            .iter()
            .flat_map(|p| p.mentions.iter().map(move |m| (m[0], m[1], &p.name)))
            .filter(|&(s, _, _)| s >= from && s < pos)
            .max_by_key(|&(s, _, _)| s)
            .map(|(_, _, n)| n.clone())
    };
    let dirs = directives::find_directives(&chars, &speaker_before);
    for (pos, d) in dirs {
        let target = found
            .iter()
            .enumerate()
            .filter(|(_, (p, e))| *p <= pos && d.speaker.as_ref().is_some_and(|s| e.actors.contains(s)))
            .map(|(i, _)| i)
            .last()
            .or_else(|| found.iter().enumerate().filter(|(_, (p, _))| *p <= pos).map(|(i, _)| i).last())
            .or(if found.is_empty() { None } else { Some(0) });
        match target {
            Some(i) => found[i].1.directives.push(d),
            None => {
                let mut e = Event { kind: "instruction".into(), date: article.date.clone(), ..Default::default() };
                if let Some(s) = &d.speaker {
                    e.actors.push(s.clone());
                }
                e.directives.push(d);
                found.push((pos, e));
            }
        }
    }
    Entities { people, organizations, places, events: found.into_iter().map(|(_, e)| e).collect() }
}

fn find_places(text: &str) -> Vec<Place> {
    let g = gazetteer::Gazetteer::get();
    let mut out: Vec<Place> = Vec::new();
    for m in g.find_places(text) {
        let d = g.division(m.division);
        match out.iter_mut().find(|p| p.name == m.text) {
            Some(p) => p.mentions.push([m.start, m.end]),
            None => out.push(Place {
                name: m.text.clone(),
                code: Some(d.code.clone()),
                level: Some(d.level.to_string()),
                mentions: vec![[m.start, m.end]],
            }),
        }
    }
    out
}
