//! Who is who: one person across the archive's articles and papers.
//!
//! A row of `people` is an *appearance*: one name in one article, with the
//! posts printed there and their jurisdictions. A *person* is a set of
//! appearances, named by its smallest appearance id. Appearances of one name
//! are one person while their jurisdictions are compatible, and every
//! appearance records the rule that placed it (`identities.rule`):
//!
//! 1. appearances with jurisdictions (of the posts they hold then: a post
//!    printed 时任… is left out, see [`benbao_extract::past_title`]), in date order, join the person of that
//!    name whose jurisdictions all equal or contain theirs, or lie within
//!    them (a county's official becoming the prefecture's is a plausible
//!    move; two counties are not): `same jurisdiction 410100`, `moved
//!    within 410000: 410100`. A namesake whose jurisdiction fits no one of
//!    that name is a new person: `namesake in another jurisdiction: 411103`.
//!    The centre (`100000`) and the provinces fit each other too: officials
//!    at that level move between provinces and to and from the centre
//!    (`moved between the centre and the provinces: 640000 → 340000`), and
//!    namesakes there are rare; a national post does not fit a prefecture's
//!    or a county's. When several fit, the one seen with the same code, then
//!    in the same paper, then the one seen most, then the first;
//! 2. appearances without a jurisdiction join the name's only person, or
//!    the only one seen in the same paper (`same name, same paper`); else
//!    they are one person of their own, not told apart (`same name,
//!    jurisdiction unknown`);
//! 3. the user's decisions (`person_decisions`), in the order made: a
//!    `split` takes appearances out into a person of their own before the
//!    rules run; a `merge` joins the persons holding two appearances after.
//!
//! Identities are recomputed whole ([`refresh`]) after every ingest and
//! every decision: the same archive and decisions always give the same
//! persons, and decisions, which name appearances (never moved or renumbered
//! once stored), survive any later ingest.

use std::collections::{BTreeSet, HashMap};

use rusqlite::{params, Connection};

use crate::{json_list, json_of, Error};

/// One appearance, as the rules see it.
#[derive(Debug, Clone)]
struct Appearance {
    id: i64,
    name: String,
    paper: Option<String>,
    /// The jurisdiction codes of its posts.
    codes: BTreeSet<String>,
}

/// A person being assembled.
#[derive(Debug, Default)]
struct Person {
    members: Vec<(i64, String)>,
    codes: BTreeSet<String>,
    /// Codes held together in one appearance (中央政治局委员、广东省委书记:
    /// 100000 and 440000), which fit each other from then on.
    together: BTreeSet<(String, String)>,
    papers: BTreeSet<String>,
    /// Appearances placed by a jurisdiction.
    coded: usize,
}

impl Person {
    fn add(&mut self, a: &Appearance, rule: String) {
        self.members.push((a.id, rule));
        for x in &a.codes {
            for y in &a.codes {
                if x != y {
                    self.together.insert((x.clone(), y.clone()));
                }
            }
        }
        self.codes.extend(a.codes.iter().cloned());
        self.papers.extend(a.paper.iter().cloned());
        self.coded += !a.codes.is_empty() as usize;
    }

    /// Whether appearance `a` fits: each of its codes equals, contains or
    /// lies within each code seen, or was held together with it (by an
    /// earlier appearance, or by `a` itself). The second value: whether
    /// they share a code.
    fn fits(&self, a: &Appearance) -> Option<bool> {
        let mut same = false;
        for c in &a.codes {
            for seen in &self.codes {
                if c == seen {
                    same = true;
                } else if !compatible(c, seen) && !a.codes.contains(seen) && !self.together.contains(&(seen.clone(), c.clone())) {
                    return None;
                }
            }
        }
        Some(same)
    }
}

/// The centre (`100000`) or a province (`XX0000`): the level at which
/// officials are moved between provinces and between a province and the
/// centre (a province's secretary made a minister, a minister sent to a
/// province), and at which namesakes are rare.
fn top_level(code: &str) -> bool {
    code.len() == 6 && code.ends_with("0000")
}

/// Whether an official seen at `a` may be the one seen at `b`: the same
/// division, one within the other, or both at the top level.
fn compatible(a: &str, b: &str) -> bool {
    a == b || contains(a, b) || contains(b, a) || (top_level(a) && top_level(b))
}

/// Whether division `outer` contains `inner` (a province its prefectures and
/// counties, a prefecture its counties), by the GB/T 2260 code's digits.
fn contains(outer: &str, inner: &str) -> bool {
    if outer.len() != 6 || inner.len() != 6 || outer == inner || outer == "100000" || inner == "100000" {
        return false;
    }
    if let Some(p) = outer.strip_suffix("0000") {
        return inner.starts_with(p);
    }
    outer.strip_suffix("00").is_some_and(|p| inner.starts_with(p))
}

/// The rule's words for an appearance joining a person.
fn join_rule(person: &Person, a: &Appearance) -> String {
    if let Some(c) = a.codes.iter().find(|c| person.codes.contains(*c)) {
        return format!("same jurisdiction {c}");
    }
    let new = a.codes.iter().next().map_or("", |c| c.as_str());
    let seen = person.codes.iter().next().map_or("", |c| c.as_str());
    let outer = if contains(seen, new) { seen } else { new };
    if !contains(seen, new) && !contains(new, seen) {
        if top_level(new) && top_level(seen) {
            return format!("moved between the centre and the provinces: {seen} → {new}");
        }
        return format!("held together: {new} {seen}");
    }
    format!("moved within {outer}: {}", if outer == seen { new } else { seen })
}

/// The persons of one name's appearances (in date order), as (appearance,
/// rule) lists.
fn cluster(apps: &[Appearance]) -> Vec<Person> {
    let mut persons: Vec<Person> = Vec::new();
    for a in apps.iter().filter(|a| !a.codes.is_empty()) {
        // the persons it fits, each with whether it shares a code
        let mut best: Option<(usize, (bool, bool, usize))> = None;
        for (i, p) in persons.iter().enumerate() {
            let Some(same) = p.fits(a) else { continue };
            let paper = a.paper.as_ref().is_some_and(|x| p.papers.contains(x));
            let key = (same, paper, p.members.len());
            if best.as_ref().is_none_or(|(_, k)| key > *k) {
                best = Some((i, key));
            }
        }
        match best {
            Some((i, _)) => {
                let rule = join_rule(&persons[i], a);
                persons[i].add(a, rule);
            }
            None => {
                let rule = if persons.is_empty() {
                    format!("first seen, {}", a.codes.iter().cloned().collect::<Vec<_>>().join(" "))
                } else {
                    format!("namesake in another jurisdiction: {}", a.codes.iter().cloned().collect::<Vec<_>>().join(" "))
                };
                let mut p = Person::default();
                p.add(a, rule);
                persons.push(p);
            }
        }
    }
    let placed = persons.len();
    // a person seen with a jurisdiction three times as often as all its namesakes together
    let coded: usize = persons.iter().map(|p| p.coded).sum();
    let most = (0..placed).max_by_key(|&i| (persons[i].coded, std::cmp::Reverse(i))).filter(|&i| persons[i].coded * 4 >= coded * 3 && placed > 1);
    let mut unknown: Option<Person> = None;
    for a in apps.iter().filter(|a| a.codes.is_empty()) {
        let same_paper: Vec<usize> = (0..placed).filter(|&i| a.paper.as_ref().is_some_and(|x| persons[i].papers.contains(x))).collect();
        if placed == 1 {
            persons[0].add(a, "same name, the only person of that name".into());
        } else if same_paper.len() == 1 {
            persons[same_paper[0]].add(a, "same name, same paper".into());
        } else if let Some(i) = most {
            let rule = format!("same name, the one seen most ({} of {coded} placed by jurisdiction)", persons[i].coded);
            persons[i].add(a, rule);
        } else {
            let rule = if placed == 0 { "same name, no jurisdiction known" } else { "same name, jurisdiction unknown: not told apart" };
            unknown.get_or_insert_with(Person::default).add(a, rule.into());
        }
    }
    persons.extend(unknown);
    persons
}

/// A decision of the user's, as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Decision {
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
            let codes = posts.into_iter().filter(|(_, title)| !benbao_extract::past_title(title)).map(|(c, _)| c).collect();
            Ok(Appearance { id: r.get(0)?, name: r.get(1)?, paper: r.get(2)?, codes })
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
        return Err(Error::new(format!("{kind}: needs {least} person or appearance id(s) or more")));
    }
    let tx = db.transaction()?;
    for a in appearances {
        let known: bool = tx.query_row("SELECT EXISTS(SELECT 1 FROM people WHERE id = ?1)", [a], |r| r.get(0))?;
        if !known {
            return Err(Error::new(format!("{kind}: no appearance {a} in the archive ('benbao people' lists them)")));
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
    pub id: i64,
    pub name: String,
    /// Other names its appearances print (after a merge by hand).
    pub other_names: Vec<String>,
    pub appearances: u64,
    pub papers: u64,
    /// The jurisdiction codes of its posts.
    pub jurisdictions: Vec<String>,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// One appearance of a person, with the rule that placed it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AppearanceRow {
    pub id: i64,
    pub article_id: i64,
    pub date: Option<String>,
    pub paper: Option<String>,
    pub name: String,
    /// organization + post (jurisdiction code), as the people export has them.
    pub posts: Vec<String>,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn app(id: i64, paper: &str, codes: &[&str]) -> Appearance {
        Appearance { id, name: "王伟".into(), paper: Some(paper.into()), codes: codes.iter().map(|c| c.to_string()).collect() }
    }

    fn ids(ps: &[Person]) -> Vec<Vec<i64>> {
        ps.iter().map(|p| p.members.iter().map(|m| m.0).collect()).collect()
    }

    #[test]
    fn divisions_contain_their_own_only() {
        assert!(contains("410000", "410100") && contains("410000", "411103") && contains("410100", "410102"));
        assert!(!contains("410100", "410200") && !contains("410102", "410103") && !contains("410100", "410000"));
        assert!(!contains("100000", "410100") && !contains("410100", "410100"));
    }

    #[test]
    fn namesakes_in_sibling_counties_stay_apart_and_a_move_up_joins() {
        // a county official, a namesake in the next county, then the first seen at the prefecture and in the same paper
        let ps = cluster(&[app(1, "a", &["410102"]), app(2, "b", &["410103"]), app(3, "a", &["410100"]), app(4, "c", &["100000"])]);
        assert_eq!(ids(&ps), vec![vec![1, 3], vec![2], vec![4]]);
        assert_eq!(ps[0].members[1].1, "moved within 410100: 410102");
        assert!(ps[1].members[0].1.starts_with("namesake in another jurisdiction"));
    }

    #[test]
    fn posts_held_before_are_marked() {
        assert!(benbao_extract::past_title("时任福州市委书记") && benbao_extract::past_title("曾任县长"));
        assert!(!benbao_extract::past_title("福州市委书记") && !benbao_extract::past_title("任职"));
    }

    #[test]
    fn posts_held_together_fit_each_other() {
        // 中央政治局委员、广东省委书记, then the province alone, the centre alone, then a namesake in a prefecture of another province
        let ps = cluster(&[app(1, "a", &["100000", "440000"]), app(2, "a", &["440000"]), app(3, "a", &["100000"]), app(4, "b", &["410100"])]);
        assert_eq!(ids(&ps), vec![vec![1, 2, 3], vec![4]]);
        // a national post alone does not take a local namesake in
        let ps = cluster(&[app(1, "a", &["100000"]), app(2, "a", &["410100"])]);
        assert_eq!(ids(&ps), vec![vec![1], vec![2]]);
        // ... but a province's leader is the minister or the other province's leader of that name
        let ps = cluster(&[app(1, "a", &["640000"]), app(2, "a", &["340000"]), app(3, "a", &["100000"]), app(4, "a", &["340100"])]);
        assert_eq!(ids(&ps), vec![vec![1, 2, 3], vec![4]]);
        assert_eq!(ps[0].members[1].1, "moved between the centre and the provinces: 640000 → 340000");
    }

    #[test]
    fn appearances_without_a_jurisdiction_join_only_when_clear() {
        let ps = cluster(&[app(1, "a", &["410100"]), app(2, "b", &["420100"]), app(3, "a", &[]), app(4, "z", &[])]);
        assert_eq!(ids(&ps), vec![vec![1, 3], vec![2], vec![4]]);
        assert_eq!(ps[2].members[0].1, "same name, jurisdiction unknown: not told apart");
        let ps = cluster(&[app(1, "a", &[]), app(2, "b", &["420100"])]);
        assert_eq!(ids(&ps), vec![vec![2, 1]]);
        // one person seen three times as often as the namesake takes the rest
        let ps = cluster(&[app(1, "a", &["100000"]), app(2, "a", &["100000"]), app(3, "a", &["100000"]), app(4, "a", &["350100"]), app(5, "a", &[])]);
        assert_eq!(ids(&ps), vec![vec![1, 2, 3, 5], vec![4]]);
        assert!(ps[0].members[3].1.starts_with("same name, the one seen most (3 of 4"));
    }
}
