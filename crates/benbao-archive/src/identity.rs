//! Who is who: one person across the archive's articles and papers.
//!
//! A row of `people` is an *appearance*: one name in one article, with the
//! posts printed there and their jurisdictions. A *person* is a set of
//! appearances, named by its smallest appearance id, and every appearance
//! records the rule that placed it (`identities.rule`):
//!
//! 1. the rules of [`benbao_extract::persons`] (the same ones `benbao parse`
//!    uses for one file's `persons`), over each name's appearances in date
//!    order, with the paper each was printed in;
//! 2. the user's decisions (`person_decisions`), in the order made: a
//!    `split` takes appearances out into a person of their own before the
//!    rules run; a `merge` joins the persons holding two appearances after.
//!
//! Identities are recomputed whole ([`refresh`]) after every ingest and
//! every decision: the same archive and decisions always give the same
//! persons, and decisions, which name appearances (never moved or renumbered
//! once stored), survive any later ingest.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use benbao_extract::persons::{cluster, Appearance, Person};

use crate::{json_list, json_of, Error};

/// A decision of the user's, as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Decision {
    /// The decision's number (`person_decisions.id`), in the order made; what [`undo`] takes.
    pub id: i64,
    /// `merge` or `split`.
    pub kind: String,
    /// The appearances it names.
    pub appearances: Vec<i64>,
}

/// The decisions, in the order made.
pub fn decisions(db: &Connection) -> Result<Vec<Decision>, Error> {
    let mut st = db.prepare("SELECT id, kind, appearances FROM person_decisions ORDER BY id")?;
    let v = st
        .query_map([], |r| {
            Ok(Decision { id: r.get(0)?, kind: r.get(1)?, appearances: json_of(r.get(2)?).unwrap_or_default() })
        })?
        .collect::<Result<_, _>>()?;
    Ok(v)
}

/// Recomputes every appearance's person from the rules and the decisions.
/// Returns the number of persons.
pub fn refresh(db: &Connection) -> Result<usize, Error> {
    let mut apps: Vec<Appearance> = Vec::new();
    {
        let mut st = db.prepare(
            "SELECT pe.id, pe.name, p.paper,
                    (SELECT json_group_array(json_array(s.jurisdiction_code, coalesce(s.organization, '') || s.post)) FROM posts s WHERE s.person_id = pe.id AND s.jurisdiction_code IS NOT NULL)
             FROM people pe JOIN articles a ON a.id = pe.article_id JOIN pages p ON p.id = a.page_id
             ORDER BY pe.name, coalesce(a.date, p.date) IS NULL, coalesce(a.date, p.date), pe.id",
        )?;
        let rows = st.query_map([], |r| {
            // the jurisdictions of the posts held then (时任… is the person's past)
            let posts: Vec<(String, String)> = json_of(r.get(3)?).unwrap_or_default();
            Ok(Appearance::new(r.get(0)?, r.get(1)?, r.get(2)?, posts))
        })?;
        for a in rows {
            apps.push(a?);
        }
    }
    let decisions = decisions(db)?;
    // splits first: the last split naming an appearance decides where it goes
    let mut split_of: HashMap<i64, i64> = HashMap::new();
    for d in decisions.iter().filter(|d| d.kind == "split") {
        for &a in &d.appearances {
            split_of.insert(a, d.id);
        }
    }
    let mut persons: Vec<Person> = Vec::new();
    let mut splits: HashMap<i64, Person> = HashMap::new();
    let mut i = 0;
    while i < apps.len() {
        let j = i + apps[i..].iter().take_while(|a| a.name == apps[i].name).count();
        let mut free = Vec::new();
        for a in &apps[i..j] {
            match split_of.get(&a.id) {
                Some(d) => splits.entry(*d).or_default().add(a, format!("split by hand (decision {d})")),
                None => free.push(a.clone()),
            }
        }
        persons.extend(cluster(&free));
        i = j;
    }
    let mut split_ids: Vec<i64> = splits.keys().copied().collect();
    split_ids.sort();
    persons.extend(split_ids.into_iter().filter_map(|d| splits.remove(&d)));
    // merges last, as a union of persons
    let mut of: HashMap<i64, usize> = HashMap::new();
    for (k, p) in persons.iter().enumerate() {
        for (a, _) in &p.members {
            of.insert(*a, k);
        }
    }
    let mut parent: Vec<usize> = (0..persons.len()).collect();
    fn root(parent: &mut [usize], mut k: usize) -> usize {
        while parent[k] != k {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        k
    }
    let mut merged_by: HashMap<usize, i64> = HashMap::new();
    for d in decisions.iter().filter(|d| d.kind == "merge") {
        let ks: Vec<usize> = d.appearances.iter().filter_map(|a| of.get(a).copied()).collect();
        for w in ks.windows(2) {
            let (x, y) = (root(&mut parent, w[0]), root(&mut parent, w[1]));
            if x != y {
                parent[y] = x;
                merged_by.insert(w[1], d.id);
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for k in 0..persons.len() {
        let r = root(&mut parent, k);
        groups.entry(r).or_default().push(k);
    }
    db.execute("DELETE FROM identities", [])?;
    let mut ins = db.prepare("INSERT INTO identities(appearance_id, person, rule) VALUES (?1, ?2, ?3)")?;
    for ks in groups.values() {
        let person = ks.iter().flat_map(|&k| persons[k].members.iter().map(|m| m.0)).min().unwrap_or(0);
        for &k in ks {
            let by_hand = merged_by.get(&k);
            for (a, rule) in &persons[k].members {
                let rule = match by_hand {
                    Some(d) => format!("merged by hand (decision {d}); {rule}"),
                    None => rule.clone(),
                };
                ins.execute(params![a, person, rule])?;
            }
        }
    }
    Ok(groups.len())
}

/// Records a decision and recomputes the identities. `merge` needs two
/// appearances or more, `split` one or more; each must exist.
pub fn decide(db: &mut Connection, kind: &str, appearances: &[i64]) -> Result<i64, Error> {
    let least = if kind == "merge" { 2 } else { 1 };
    if !matches!(kind, "merge" | "split") || appearances.len() < least {
        return Err(Error::Decision(format!("{kind}: needs {least} person or appearance id(s) or more")));
    }
    let tx = db.transaction()?;
    for a in appearances {
        let known: bool = tx.query_row("SELECT EXISTS(SELECT 1 FROM people WHERE id = ?1)", [a], |r| r.get(0))?;
        if !known {
            return Err(Error::Decision(format!("{kind}: no appearance {a} in the archive ('benbao people' lists them)")));
        }
    }
    tx.execute(
        "INSERT INTO person_decisions(kind, appearances, made_at) VALUES (?1, ?2, strftime('%s', 'now'))",
        params![kind, serde_json::to_string(appearances).unwrap_or_default()],
    )?;
    let id = tx.last_insert_rowid();
    refresh(&tx)?;
    tx.commit()?;
    Ok(id)
}

/// Takes a decision back and recomputes the identities. False if there was none of that id.
pub fn undo(db: &mut Connection, decision: i64) -> Result<bool, Error> {
    let tx = db.transaction()?;
    let n = tx.execute("DELETE FROM person_decisions WHERE id = ?1", [decision])?;
    refresh(&tx)?;
    tx.commit()?;
    Ok(n > 0)
}

/// Whether some appearance has no person yet (pages stored by a run that
/// ended before it recomputed the identities, or before identities existed).
pub fn stale(db: &Connection) -> Result<bool, Error> {
    Ok(db.query_row("SELECT EXISTS(SELECT 1 FROM people pe WHERE NOT EXISTS (SELECT 1 FROM identities i WHERE i.appearance_id = pe.id))", [], |r| r.get(0))?)
}

/// One person, summed up.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PersonSummary {
    /// The person's id: the smallest appearance id (`people.id`) among its appearances.
    pub id: i64,
    /// The name as printed at the appearance that gives the person its id.
    pub name: String,
    /// Other names its appearances print (after a merge by hand).
    pub other_names: Vec<String>,
    /// How many appearances (one name in one article each) the person has.
    pub appearances: u64,
    /// How many distinct papers print the person (pages of no known paper not counted).
    pub papers: u64,
    /// The jurisdiction codes of its posts.
    pub jurisdictions: Vec<String>,
    /// The earliest date of its appearances (the article's date, else its page's; ISO `2022-02-14`, or as far as known), None when none is dated.
    pub first: Option<String>,
    /// The latest date of its appearances, as `first`.
    pub last: Option<String>,
}

/// One appearance of a person, with the rule that placed it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AppearanceRow {
    /// The appearance's id (`people.id`): what merge and split decisions name.
    pub id: i64,
    /// The article it is printed in (`articles.id`).
    pub article_id: i64,
    /// The article's date, else its page's (ISO `2022-02-14`, or as far as known); None when unknown.
    pub date: Option<String>,
    /// The paper of its page (`zzgx`), None when unknown.
    pub paper: Option<String>,
    /// The name as printed in that article.
    pub name: String,
    /// organization + post (jurisdiction code), as the people export has them.
    pub posts: Vec<String>,
    /// Why the appearance is this person's, in words (`same jurisdiction 410100`, `split by hand (decision 3)`).
    pub rule: String,
}

const SUMMARY: &str = "SELECT i.person, (SELECT name FROM people WHERE id = i.person), json_group_array(DISTINCT pe.name), count(*), count(DISTINCT p.paper),
        (SELECT json_group_array(DISTINCT s.jurisdiction_code) FROM identities j JOIN posts s ON s.person_id = j.appearance_id WHERE j.person = i.person AND s.jurisdiction_code IS NOT NULL),
        min(coalesce(a.date, p.date)), max(coalesce(a.date, p.date))
     FROM identities i JOIN people pe ON pe.id = i.appearance_id JOIN articles a ON a.id = pe.article_id JOIN pages p ON p.id = a.page_id";

fn summary(r: &rusqlite::Row) -> rusqlite::Result<PersonSummary> {
    let name: String = r.get(1)?;
    let names = json_list(r.get(2)?);
    let mut codes = json_list(r.get(5)?);
    codes.sort();
    Ok(PersonSummary {
        id: r.get(0)?,
        other_names: names.into_iter().filter(|n| *n != name).collect(),
        name,
        appearances: r.get::<_, i64>(3)? as u64,
        papers: r.get::<_, i64>(4)? as u64,
        jurisdictions: codes,
        first: r.get(6)?,
        last: r.get(7)?,
    })
}

/// The persons with the most appearances first (of one name, when given).
pub fn persons(db: &Connection, name: Option<&str>, limit: usize) -> Result<Vec<PersonSummary>, Error> {
    let filter = if name.is_some() { "WHERE i.person IN (SELECT j.person FROM identities j JOIN people q ON q.id = j.appearance_id WHERE q.name = ?1)" } else { "WHERE ?1 IS NULL" };
    let sql = format!("{SUMMARY} {filter} GROUP BY i.person ORDER BY count(*) DESC, i.person LIMIT {limit}");
    let mut st = db.prepare(&sql)?;
    let v = st.query_map([name], summary)?.collect::<Result<_, _>>()?;
    Ok(v)
}

/// One person and every appearance, in date order; None if there is no such person.
pub fn person(db: &Connection, id: i64) -> Result<Option<(PersonSummary, Vec<AppearanceRow>)>, Error> {
    let mut st = db.prepare(&format!("{SUMMARY} WHERE i.person = ?1 GROUP BY i.person"))?;
    let Some(s) = st.query_map([id], summary)?.next().transpose()? else { return Ok(None) };
    let mut st = db.prepare(concat!(
        "SELECT pe.id, pe.article_id, coalesce(a.date, p.date), p.paper, pe.name, ",
        crate::export::posts_json!(),
        ", i.rule
         FROM identities i JOIN people pe ON pe.id = i.appearance_id JOIN articles a ON a.id = pe.article_id JOIN pages p ON p.id = a.page_id
         WHERE i.person = ?1 ORDER BY coalesce(a.date, p.date) IS NULL, coalesce(a.date, p.date), pe.id"
    ))?;
    let rows = st
        .query_map([id], |r| {
            Ok(AppearanceRow {
                id: r.get(0)?,
                article_id: r.get(1)?,
                date: r.get(2)?,
                paper: r.get(3)?,
                name: r.get(4)?,
                posts: json_list(r.get(5)?),
                rule: r.get(6)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some((s, rows)))
}

/// The names more than one person holds (namesakes the rules told apart),
/// with those persons, the names with the most persons first.
pub fn namesakes(db: &Connection) -> Result<Vec<(String, Vec<PersonSummary>)>, Error> {
    let mut st = db.prepare(
        "SELECT pe.name FROM identities i JOIN people pe ON pe.id = i.appearance_id
         GROUP BY pe.name HAVING count(DISTINCT i.person) > 1 ORDER BY count(DISTINCT i.person) DESC, pe.name",
    )?;
    let names: Vec<String> = st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    names.into_iter().map(|n| Ok((n.clone(), persons(db, Some(&n), usize::MAX >> 1)?))).collect()
}
