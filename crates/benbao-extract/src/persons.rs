//! People across the articles of one input: the same official in several
//! articles is one record, with every post and mention, ready for a timeline.

use benbao::Article;
use crate::{Entities, Post};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct PersonRecord {
    pub name: String,
    /// Every post the articles give, once each.
    pub posts: Vec<Post>,
    /// Every title chain printed before the name, once each.
    pub titles: Vec<String>,
    /// (article index, date, [start, end]) for every mention.
    pub mentions: Vec<(usize, Option<String>, [usize; 2])>,
}

#[derive(Debug, Default)]
pub struct Registry {
    pub persons: Vec<PersonRecord>,
}

impl Registry {
    /// Records the people of article number `index`. A name is one person
    /// unless the posts say otherwise (no organization word in common).
    pub fn add(&mut self, index: usize, a: &Article, e: &Entities) {
        for p in &e.people {
            let orgs: Vec<&str> = p.posts.iter().filter_map(|x| x.organization.as_deref()).collect();
            let same = |r: &PersonRecord| {
                r.name == p.name
                    && (orgs.is_empty()
                        || r.posts.iter().all(|x| x.organization.is_none())
                        || r.posts.iter().filter_map(|x| x.organization.as_deref()).any(|o| orgs.iter().any(|q| shares_word(o, q))))
            };
            let rec = match self.persons.iter().position(same) {
                Some(i) => &mut self.persons[i],
                None => {
                    self.persons.push(PersonRecord { name: p.name.clone(), posts: vec![], titles: vec![], mentions: vec![] });
                    self.persons.last_mut().unwrap()
                }
            };
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
            for m in &p.mentions {
                rec.mentions.push((index, a.date.clone(), *m));
            }
        }
    }
}

/// Two organization names share a word of two characters (高新区党工委 / 区党工委).
fn shares_word(a: &str, b: &str) -> bool {
    let ac: Vec<char> = a.chars().collect();
    ac.windows(2).any(|w| b.contains(&w.iter().collect::<String>()))
}
