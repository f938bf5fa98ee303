//! People and their posts: names found after the title chain that names
//! them (区委副书记、区长李占宾), after 同志-style mentions, and every later
//! mention of a name already found.

use crate::lexicon::{follows_name, is_stop_char, not_in_name, ORG_SUFFIXES, POSTS, STOP_WORDS};
use crate::{Person, Post};

/// Finds people in an article's text (given as chars).
pub fn find_people(chars: &[char], extra_names: &[(usize, usize)]) -> Vec<Person> {
    let mut people: Vec<Person> = Vec::new();
    let n = chars.len();
    let mut i = 0;
    while i < n {
        // the longest post ending here... we look for a post starting at i
        let Some(post) = post_at(chars, i) else {
            i += 1;
            continue;
        };
        let after = i + post.chars().count();
        if let Some(len) = name_at(chars, after) {
            let name: String = chars[after..after + len].iter().collect();
            let (title, posts) = title_chain(chars, after);
            add(&mut people, name, title, posts);
            i = after + len;
            continue;
        }
        i += 1;
    }
    // 焦裕禄同志: a name before 同志/先生/女士
    for marker in ["同志", "先生", "女士"] {
        let m: Vec<char> = marker.chars().collect();
        for k in 0..n.saturating_sub(1) {
            if chars[k..].starts_with(&m) {
                for len in [3usize, 2] {
                    if k >= len {
                        let s = k - len;
                        let cand: String = chars[s..k].iter().collect();
                        let before_ok = s == 0 || is_stop_char(chars[s - 1]) || !benbao::segment::is_han(chars[s - 1]);
                        if benbao::segment::surname_len(&cand) > 0 && before_ok && cand.chars().all(benbao::segment::is_han) && !cand.chars().any(not_in_name) {
                            add(&mut people, cand, None, Vec::new());
                            break;
                        }
                    }
                }
            }
        }
    }
    // names a model found (person spans), without a title
    for &(s, e) in extra_names {
        let name: String = chars[s..e].iter().collect();
        if (2..=4).contains(&name.chars().count()) {
            add(&mut people, name, None, Vec::new());
        }
    }
    // every mention of every name
    for p in &mut people {
        let pc: Vec<char> = p.name.chars().collect();
        p.mentions.clear();
        let mut k = 0;
        while k + pc.len() <= n {
            if chars[k..k + pc.len()] == pc[..] {
                p.mentions.push([k, k + pc.len()]);
                k += pc.len();
            } else {
                k += 1;
            }
        }
    }
    people.retain(|p| !p.mentions.is_empty());
    people
}

fn add(people: &mut Vec<Person>, name: String, title: Option<String>, posts: Vec<Post>) {
    match people.iter_mut().find(|p| p.name == name) {
        Some(p) => {
            if p.title.is_none() && title.is_some() {
                p.title = title;
                p.posts = posts;
            }
        }
        None => people.push(Person { name, title, posts, mentions: Vec::new() }),
    }
}

fn starts_with_at(chars: &[char], i: usize, w: &str) -> bool {
    let mut k = i;
    for c in w.chars() {
        if k >= chars.len() || chars[k] != c {
            return false;
        }
        k += 1;
    }
    true
}

fn ends_with_at(chars: &[char], end: usize, w: &str) -> bool {
    let len = w.chars().count();
    end >= len && starts_with_at(chars, end - len, w)
}

/// The longest post starting at `i`.
fn post_at(chars: &[char], i: usize) -> Option<&'static str> {
    POSTS.iter().filter(|p| starts_with_at(chars, i, p)).max_by_key(|p| p.chars().count()).copied()
}

/// A personal name starting at `i`: surname plus one or two characters, ending where a
/// name can end.
pub fn name_at(chars: &[char], i: usize) -> Option<usize> {
    if i >= chars.len() {
        return None;
    }
    let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
    let sl = benbao::segment::surname_len(&rest);
    if sl == 0 {
        return None;
    }
    let han = |k: usize| k < chars.len() && benbao::segment::is_han(chars[k]);
    let end_ok = |k: usize| k >= chars.len() || follows_name(chars[k]);
    // three characters (surname + two), unless the third is a function word
    let l3 = sl + 2;
    if han(i + sl) && han(i + sl + 1) && !not_in_name(chars[i + sl + 1]) && !not_in_name(chars[i + sl]) && end_ok(i + l3) {
        return Some(l3);
    }
    let l2 = sl + 1;
    if han(i + sl) && !not_in_name(chars[i + sl]) && end_ok(i + l2) {
        return Some(l2);
    }
    None
}

/// The title chain before a name at `name_start`: segments joined by 、, each
/// ending with a post. Returns the chain as printed and its posts.
pub fn title_chain(chars: &[char], name_start: usize) -> (Option<String>, Vec<Post>) {
    let mut segments: Vec<(usize, usize)> = Vec::new();
    let mut end = name_start;
    loop {
        // the post this segment ends with
        let Some(post) = POSTS.iter().filter(|p| ends_with_at(chars, end, p)).max_by_key(|p| p.chars().count()) else { break };
        let post_len = post.chars().count();
        let mut start = end - post_len;
        // the organization before the post, read backwards
        let mut k = start;
        while k > 0 && start - k < 16 {
            let c = chars[k - 1];
            if is_stop_char(c) || STOP_WORDS.iter().any(|w| ends_with_at(chars, k, w)) {
                break;
            }
            k -= 1;
        }
        // keep only an organization part that ends like one, or a plain post
        let org: String = chars[k..start].iter().collect();
        if !org.is_empty() {
            start = k;
        }
        segments.push((start, end));
        if start > 0 && chars[start - 1] == '、' {
            end = start - 1;
            continue;
        }
        break;
    }
    if segments.is_empty() {
        return (None, Vec::new());
    }
    segments.reverse();
    let first = segments[0].0;
    let title: String = chars[first..name_start].iter().collect();
    let posts = segments
        .iter()
        .map(|&(s, e)| {
            let seg: String = chars[s..e].iter().collect();
            split_post(&seg)
        })
        .collect();
    (Some(title), posts)
}

/// 区委副书记 → (副书记, 区委); 区长 → (区长, None).
pub fn split_post(seg: &str) -> Post {
    let post = POSTS.iter().filter(|p| seg.ends_with(*p)).max_by_key(|p| p.len()).copied().unwrap_or("");
    let org = &seg[..seg.len() - post.len()];
    // a post word whose head is an organization suffix (副主任 in 管委会副主任) keeps the org whole
    let org = if org.is_empty() {
        None
    } else if ORG_SUFFIXES.iter().any(|s| org.ends_with(s)) || org.chars().count() >= 2 {
        Some(org.to_string())
    } else {
        Some(org.to_string())
    };
    Post { post: post.to_string(), organization: org }
}
