//! Who is who: the one rule that tells when appearances of a name are one
//! person, used for the articles of one page file ([`Registry`], the
//! `persons` of `benbao parse`) and across an archive (benbao-archive's
//! `identity`, which adds the user's merges and splits).
//!
//! An *appearance* is one name in one article, with the jurisdictions of the
//! posts printed there. Appearances of one name are one person while their
//! jurisdictions fit ([`cluster`]):
//!
//! 1. appearances with jurisdictions (of the posts they hold then: a post
//!    printed 时任… is left out, see [`past_title`]), in date order, join the
//!    person of that name whose jurisdictions all equal or contain theirs, or
//!    lie within them (a county's official becoming the prefecture's is a
//!    plausible move; two counties are not): `same jurisdiction 410100`,
//!    `moved within 410000: 410100`. A namesake whose jurisdiction fits no
//!    one of that name is a new person: `namesake in another jurisdiction:
//!    411103`. The centre (`100000`) and the provinces fit each other too:
//!    officials at that level move between provinces and to and from the
//!    centre (`moved between the centre and the provinces: 640000 →
//!    340000`), and namesakes there are rare; a national post does not fit a
//!    prefecture's or a county's. Posts held together in one appearance
//!    (中央政治局委员、广东省委书记) fit each other from then on. When several
//!    fit, the one seen with the same code, then in the same paper, then the
//!    one seen most, then the first;
//! 2. appearances without a jurisdiction join the name's only person, or the
//!    only one seen in the same paper (`same name, same paper`), or one seen
//!    with a jurisdiction three times as often as all its namesakes together;
//!    else they are one person of their own, not told apart (`same name,
//!    jurisdiction unknown: not told apart`).

use std::collections::BTreeSet;

use benbao::Article;
use serde::Serialize;

use crate::jurisdiction::code_contains;
use crate::{past_title, Entities, Post};

/// One appearance, as the rules see it.
#[derive(Debug, Clone)]
pub struct Appearance {
    /// Its id: the archive's `people.id`, or the order of appearance in one file.
    pub id: i64,
    /// The person's name as printed (汉字, or a foreign name with ·).
    pub name: String,
    /// The paper it was printed in, when known.
    pub paper: Option<String>,
    /// The jurisdiction codes of the posts it holds then.
    pub codes: BTreeSet<String>,
}

impl Appearance {
    /// An appearance with the jurisdictions of `posts`, given as (code,
    /// title as printed: organization + post); a post printed 时任… is the
    /// person's past and places no one ([`past_title`]).
    pub fn new(id: i64, name: String, paper: Option<String>, posts: impl IntoIterator<Item = (String, String)>) -> Self {
        let codes = posts.into_iter().filter(|(_, title)| !past_title(title)).map(|(c, _)| c).collect();
        Appearance { id, name, paper, codes }
    }
}

/// A person being assembled.
#[derive(Debug, Default)]
pub struct Person {
    /// Its appearances, each with the rule that placed it.
    pub members: Vec<(i64, String)>,
    codes: BTreeSet<String>,
    /// Codes held together in one appearance (中央政治局委员、广东省委书记:
    /// 100000 and 440000), which fit each other from then on.
    together: BTreeSet<(String, String)>,
    papers: BTreeSet<String>,
    /// Appearances placed by a jurisdiction.
    coded: usize,
}

impl Person {
    /// Adds appearance `a`, placed by `rule`.
    pub fn add(&mut self, a: &Appearance, rule: String) {
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
    a == b || code_contains(a, b) || code_contains(b, a) || (top_level(a) && top_level(b))
}

/// The rule's words for an appearance joining a person.
fn join_rule(person: &Person, a: &Appearance) -> String {
    if let Some(c) = a.codes.iter().find(|c| person.codes.contains(*c)) {
        return format!("same jurisdiction {c}");
    }
    let new = a.codes.iter().next().map_or("", |c| c.as_str());
    let seen = person.codes.iter().next().map_or("", |c| c.as_str());
    let outer = if code_contains(seen, new) { seen } else { new };
    if !code_contains(seen, new) && !code_contains(new, seen) {
        if top_level(new) && top_level(seen) {
            return format!("moved between the centre and the provinces: {seen} → {new}");
        }
        return format!("held together: {new} {seen}");
    }
    format!("moved within {outer}: {}", if outer == seen { new } else { seen })
}

/// The persons of one name's appearances (in date order), as (appearance,
/// rule) lists.
pub fn cluster(apps: &[Appearance]) -> Vec<Person> {
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


/// A person across the articles of one page file, ready for a timeline.
#[derive(Debug, Serialize)]
pub struct PersonRecord {
    /// The name as printed, the same in all its appearances.
    pub name: String,
    /// Every post the articles give, once each.
    pub posts: Vec<Post>,
    /// Every title chain printed before the name, once each.
    pub titles: Vec<String>,
    /// (article index, date, [start, end]) for every mention.
    pub mentions: Vec<(usize, Option<String>, [usize; 2])>,
}

/// The people of one page file's articles, told apart by [`cluster`].
#[derive(Debug, Default)]
pub struct Registry {
    /// Each appearance: article index, article date, the person as extracted.
    seen: Vec<(usize, Option<String>, crate::Person)>,
}

impl Registry {
    /// Records the people of article number `index`.
    pub fn add(&mut self, index: usize, a: &Article, e: &Entities) {
        self.seen.extend(e.people.iter().map(|p| (index, a.date.clone(), p.clone())));
    }

    /// The persons, in the order first seen.
    pub fn persons(&self) -> Vec<PersonRecord> {
        let apps: Vec<Appearance> = self
            .seen
            .iter()
            .enumerate()
            .map(|(i, (_, _, p))| {
                let posts = p.posts.iter().filter_map(|s| Some((s.jurisdiction.as_ref()?.code.clone()?, format!("{}{}", s.organization.as_deref().unwrap_or(""), s.post))));
                Appearance::new(i as i64, p.name.clone(), None, posts)
            })
            .collect();
        let mut names: Vec<&str> = apps.iter().map(|a| a.name.as_str()).collect();
        names.sort();
        names.dedup();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for name in names {
            let of_name: Vec<Appearance> = apps.iter().filter(|a| a.name == name).cloned().collect();
            groups.extend(cluster(&of_name).into_iter().map(|p| {
                let mut ids: Vec<usize> = p.members.iter().map(|m| m.0 as usize).collect();
                ids.sort();
                ids
            }));
        }
        groups.sort();
        groups.into_iter().map(|ids| self.record(&ids)).collect()
    }

    fn record(&self, ids: &[usize]) -> PersonRecord {
        let mut rec = PersonRecord { name: self.seen[ids[0]].2.name.clone(), posts: vec![], titles: vec![], mentions: vec![] };
        for &i in ids {
            let (index, date, p) = &self.seen[i];
            for post in &p.posts {
                if !rec.posts.contains(post) {
                    rec.posts.push(post.clone());
                }
            }
            if let Some(t) = &p.title {
                if !rec.titles.contains(t) {
                    rec.titles.push(t.clone());
                }
            }
            rec.mentions.extend(p.mentions.iter().map(|m| (*index, date.clone(), *m)));
        }
        rec
    }
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
    fn namesakes_in_sibling_counties_stay_apart_and_a_move_up_joins() {
        // a county official, a namesake in the next county, then the first seen at the prefecture and in the same paper
        let ps = cluster(&[app(1, "a", &["410102"]), app(2, "b", &["410103"]), app(3, "a", &["410100"]), app(4, "c", &["100000"])]);
        assert_eq!(ids(&ps), vec![vec![1, 3], vec![2], vec![4]]);
        assert_eq!(ps[0].members[1].1, "moved within 410100: 410102");
        assert!(ps[1].members[0].1.starts_with("namesake in another jurisdiction"));
    }

    #[test]
    fn posts_held_before_are_marked() {
        assert!(past_title("时任福州市委书记") && past_title("曾任县长"));
        assert!(!past_title("福州市委书记") && !past_title("任职"));
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

    #[test]
    fn one_file_tells_namesakes_apart_by_jurisdiction() {
        let date = benbao::PageDate::default();
        let mut r = Registry::default();
        for (i, text) in [
            "本报讯 2月10日，金水区委书记王伟到辖区企业调研。",
            "本报讯 2月11日，新乡市红旗区区长王伟主持召开会议。",
            "本报讯 2月12日，金水区委书记王伟会见客商。",
            // no post: either of the two, so told apart from both
            "本报讯 2月13日，王伟在座谈会上指出，要抓好落实。",
        ]
        .iter()
        .enumerate()
        {
            let a = crate::document::article_of_text(text, &date);
            r.add(i, &a, &crate::extract_at(&a, &date, None));
        }
        let ps = r.persons();
        let at: Vec<Vec<usize>> = ps.iter().map(|p| p.mentions.iter().map(|m| m.0).collect()).collect();
        assert_eq!(at, vec![vec![0, 2], vec![1], vec![3]]);
        assert_eq!(ps[1].posts[0].jurisdiction.as_ref().and_then(|j| j.code.as_deref()), Some("410702"));
    }
}
