//! Bylines: who wrote an article (`记者 孙庆辉 通讯员 宋贞`, `（记者 王伟）`,
//! `本报记者 王伟 摄`).
//!
//! One table of the roles a byline names (`ROLES`), one reading of a byline
//! ([`parse_byline`], and [`lenient`] for names a scan may have misread), and
//! one way the bylines of one article are put together ([`Byline::merge`]):
//! each name once, in the role and at the place it was first printed.

use crate::names::{is_han, is_name};
use crate::page::Byline;
use crate::reflow;
use regex::Regex;
use std::sync::LazyLock;

/// Roles that can stand in a byline, longest first.
const ROLES: &[(&str, Role)] = &[
    ("本报融媒体记者", Role::Reporter),
    ("本报全媒体记者", Role::Reporter),
    ("融媒体记者", Role::Reporter),
    ("全媒体记者", Role::Reporter),
    ("本报首席记者", Role::Reporter),
    ("本报见习记者", Role::Reporter),
    ("本报特约记者", Role::Reporter),
    ("本报摄影记者", Role::Photographer),
    ("本报通讯员", Role::Correspondent),
    ("特约通讯员", Role::Correspondent),
    ("新华社记者", Role::Reporter),
    ("首席记者", Role::Reporter),
    ("见习记者", Role::Reporter),
    ("特约记者", Role::Reporter),
    ("摄影记者", Role::Photographer),
    ("本报记者", Role::Reporter),
    ("通讯员", Role::Correspondent),
    ("实习生", Role::Correspondent),
    ("见习生", Role::Correspondent),
    ("记者", Role::Reporter),
    ("摄影", Role::Photographer),
    ("文/图", Role::Photo),
    ("图/文", Role::Photo),
    ("文／图", Role::Photo),
    ("图／文", Role::Photo),
    ("文图", Role::Photo),
    ("摄", Role::Photo),
];

/// What a role word says of the names after it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Reporter,
    Correspondent,
    Photographer,
    /// A photo mark (文/图, 摄): the names keep the role they had.
    Photo,
}

/// The role word (not a photo mark) a text starts with.
fn role_at(s: &str) -> Option<(&'static str, Role)> {
    ROLES.iter().find(|(kw, r)| *r != Role::Photo && s.starts_with(kw)).copied()
}

/// Credits `name` in `role` (a name after a bare photo mark is the reporter's).
fn credit(b: &mut Byline, role: Role, name: &str) {
    match role {
        Role::Reporter | Role::Photo => b.reporters.push(name.to_string()),
        Role::Correspondent => b.correspondents.push(name.to_string()),
        Role::Photographer => {
            b.photographers.push(name.to_string());
            b.photo = true;
        }
    }
}

impl Byline {
    /// Adds the names of `other` that this byline does not credit yet in the
    /// same role, after its own: of a name printed twice (in the bracket after
    /// the dateline and again under the text) the first is kept.
    pub fn merge(&mut self, other: &Byline) {
        fn add(into: &mut Vec<String>, from: &[String]) {
            for n in from {
                if !into.contains(n) {
                    into.push(n.clone());
                }
            }
        }
        add(&mut self.reporters, &other.reporters);
        add(&mut self.correspondents, &other.correspondents);
        add(&mut self.photographers, &other.photographers);
        self.photo |= other.photo;
        if self.signature.is_none() {
            self.signature.clone_from(&other.signature);
        }
    }

    /// Whether the byline names anyone who wrote (a photo mark alone does not).
    pub fn names_writers(&self) -> bool {
        !self.reporters.is_empty() || !self.correspondents.is_empty()
    }
}

static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:本报|本刊|新华社|人民日报|[\p{Han}]{2,6}日报)?(?:特约)?(?:评论员|编辑部|评论部)$").unwrap());

/// A line signing a commentary for no one by name (`本报评论员`, `新华社评论员`, `本报编辑部`).
pub fn is_signature(line: &str) -> bool {
    SIGNATURE.is_match(line.trim())
}

/// Reads a byline (`记者 孙庆辉 通讯员 宋贞 文/图`, `（记者 王伟）`, `本报记者 王伟 摄`).
/// `continuing` is the role to give leading names when the line continues a byline.
pub fn parse_byline(s: &str, continuing: Option<&Byline>) -> Option<Byline> {
    let s = s.trim();
    let s = s.strip_prefix(['（', '(']).unwrap_or(s);
    let s = s.strip_suffix(['）', ')']).unwrap_or(s);
    if s.is_empty() || s.chars().count() > 60 {
        return None;
    }
    let mut b = continuing.cloned().unwrap_or_default();
    let mut role: Option<Role> = match continuing {
        Some(c) if !c.correspondents.is_empty() => Some(Role::Correspondent),
        Some(c) if !c.reporters.is_empty() => Some(Role::Reporter),
        Some(_) => Some(Role::Reporter),
        None => None,
    };
    let mut names = 0;
    let mut first = true;
    for tok in split_roles(s).iter().map(String::as_str) {
        if tok.is_empty() {
            continue;
        }
        let mut t = tok;
        // roles, possibly glued to the name that follows (记者孙庆辉)
        loop {
            let Some(&(kw, r)) = ROLES.iter().find(|(kw, _)| t.starts_with(kw)) else { break };
            // a lone 摄 glued before a name is not a role (摄 is a suffix)
            if kw == "摄" && t.len() > kw.len() {
                break;
            }
            t = &t[kw.len()..];
            if r == Role::Photo {
                b.photo = true;
            } else {
                role = Some(r);
            }
        }
        if first && role.is_none() && !b.photo {
            return None; // a byline starts with its role
        }
        first = false;
        if t.is_empty() {
            continue;
        }
        // 王伟摄: a name with the photo mark glued on
        let mut name = t;
        if let Some(n) = t.strip_suffix("摄") {
            if is_name(n) && !is_name(t) {
                name = n;
                b.photo = true;
            }
        }
        let run = if is_name(name) { vec![name] } else { unspaced_names(name)? };
        for name in run {
            names += 1;
            credit(&mut b, role.unwrap_or(Role::Reporter), name);
        }
    }
    if names == 0 && continuing.is_none() {
        return None;
    }
    Some(b)
}

/// Names printed with no space between them (袁艳艳黄欣英, as OCR and some
/// papers give them): the one way to cut the run into names of two or three
/// characters, each with a surname, in the fewest names; None when there is
/// none or more than one (张丽王文华: 张丽 + 王文华 or 张丽王 + 文华).
fn unspaced_names(run: &str) -> Option<Vec<&str>> {
    let cuts: Vec<usize> = run.char_indices().map(|(i, _)| i).chain([run.len()]).collect();
    let n = cuts.len() - 1;
    if !(5..=9).contains(&n) || !run.chars().all(is_han) {
        return None;
    }
    // ways[k]: the splits of the first k chars, fewest names first
    let mut ways: Vec<Vec<Vec<usize>>> = vec![Vec::new(); n + 1];
    ways[0].push(Vec::new());
    for k in 2..=n {
        for len in [2, 3] {
            let sl = if k >= len { crate::names::surname_len(&run[cuts[k - len]..cuts[k]]) } else { 0 };
            if sl == 0 || sl >= len {
                continue;
            }
            let prev: Vec<Vec<usize>> = ways[k - len].clone();
            for mut w in prev {
                w.push(k);
                ways[k].push(w);
            }
        }
    }
    let fewest = ways[n].iter().map(Vec::len).min()?;
    let mut best = ways[n].iter().filter(|w| w.len() == fewest);
    let w = best.next()?;
    if best.next().is_some() {
        return None;
    }
    let starts = std::iter::once(0).chain(w.iter().copied());
    Some(starts.zip(w.iter()).map(|(a, &b)| &run[cuts[a]..cuts[b]]).collect())
}

/// Splits a byline into tokens at spaces and list marks, and before role
/// words glued to a name (`钟婷玉通讯员` from a byline wrapped mid-line).
fn split_roles(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tok in s.split(|c: char| reflow::is_layout_space(c) || matches!(c, '、' | '，' | ',' | '；')) {
        let mut rest = tok;
        'outer: while !rest.is_empty() {
            // skip a role word at the start, then find the next one
            let from = ROLES.iter().find(|(kw, _)| rest.starts_with(kw)).map_or(1, |(kw, _)| kw.len());
            for (i, _) in rest.char_indices().filter(|&(i, _)| i >= from) {
                if role_at(&rest[i..]).is_some() {
                    out.push(rest[..i].to_string());
                    rest = &rest[i..];
                    // keep the role with what follows it
                    continue 'outer;
                }
            }
            out.push(rest.to_string());
            break;
        }
    }
    out
}

/// A byline read leniently: role words, then names of two to four Chinese
/// characters, whether or not benbao knows the surname (OCR misreads names:
/// 郝文晓 → 孝文晓). Only where the strict reading failed.
pub fn lenient(s: &str) -> Option<Byline> {
    let mut b = Byline::default();
    let mut role: Option<Role> = None;
    let mut names = 0;
    for tok in s.split_whitespace() {
        let mut t = tok;
        while let Some((kw, r)) = role_at(t) {
            role = Some(r);
            t = &t[kw.len()..];
        }
        if t.is_empty() {
            continue;
        }
        let n = t.chars().count();
        let Some(r) = role.filter(|_| (2..=4).contains(&n) && t.chars().all(is_han)) else { return None };
        names += 1;
        credit(&mut b, r, t);
    }
    (names > 0).then_some(b)
}

/// A byline prints its names apart from the role (`记者 王伟`) or in a bracket;
/// a short glued form (`记者王伟`) passes too. `记者从交通运输部了解到` does not.
pub(crate) fn byline_is_spaced(s: &str) -> bool {
    s.starts_with(['（', '(']) || s.contains(' ') || s.chars().count() <= 5
}

/// Cheap test before [`parse_byline`]: a byline starts with a role word (in a bracket or not).
pub(crate) fn may_be_byline(s: &str) -> bool {
    let s = s.strip_prefix(['（', '(']).unwrap_or(s);
    opens_with_role(s) || s.starts_with("文/图") || s.starts_with("图/文")
}

/// The text starts with a role word (`记者`, `本报通讯员`, …), as the inside of a byline bracket does.
pub(crate) fn opens_with_role(s: &str) -> bool {
    role_at(s).is_some()
}

/// `…。（记者 王伟）`: a line that ends with a bracketed byline.
pub(crate) fn ends_with_byline(spaced: &str) -> bool {
    spaced.ends_with(['）', ')']) && spaced.rfind(['（', '(']).is_some_and(|o| parse_byline(&spaced[o..], None).is_some_and(|b| b.names_writers()))
}

/// The closing byline printed over several lines (`记者 王伟` / `通讯员 李明`,
/// or names wrapped onto a line of their own): each line in print order, with
/// the reading it had by itself when it had one. A line of bare names takes
/// the role of the line before.
pub fn read_lines<'a>(lines: impl IntoIterator<Item = (&'a str, Option<&'a Byline>)>) -> Byline {
    let mut byline = Byline::default();
    for (spaced, alone) in lines {
        let cont = if byline.is_empty() { None } else { Some(&byline) };
        let read = match alone {
            Some(b) if cont.is_none() => Some(b.clone()),
            _ => parse_byline(spaced, cont).or_else(|| {
                parse_byline(spaced, None).map(|b| {
                    let mut m = byline.clone();
                    m.merge(&b);
                    m
                })
            }),
        };
        if let Some(b) = read {
            byline = b;
        }
    }
    byline
}

/// The photo credit closing a caption (`本报记者 王伟 摄`, `通讯员 李明摄`,
/// `王伟/摄`): the byte offset where it starts in the caption, and its names,
/// all of them photographers (a caption credits the picture, not the text).
pub fn photo_credit(caption: &str) -> Option<(usize, Byline)> {
    let caption = caption.trim_end();
    if !caption.ends_with('摄') {
        return None;
    }
    let starts: Vec<usize> = caption.char_indices().filter(|&(i, c)| !reflow::is_layout_space(c) && (i == 0 || caption[..i].ends_with(reflow::is_layout_space))).map(|(i, _)| i).collect();
    // the longest run of closing tokens that reads as a credit with a name
    let mut best = None;
    for &at in starts.iter().rev().take(6) {
        let credit = caption[at..].replace(['/', '／'], " ");
        match parse_byline(&credit, None) {
            Some(b) if (b.photo && b.names_writers()) || !b.photographers.is_empty() => best = Some((at, b)),
            _ => {}
        }
    }
    // a name alone before the mark (王伟/摄, 王伟 摄, 王伟摄)
    let best = best.or_else(|| {
        let rest = caption.strip_suffix('摄')?.trim_end().trim_end_matches(['/', '／']).trim_end();
        let at = rest.rfind(|c: char| !is_han(c)).map_or(0, |i| i + rest[i..].chars().next().map_or(1, char::len_utf8));
        let name = &rest[at..];
        (is_name(name) && (at == 0 || rest[..at].ends_with(reflow::is_layout_space))).then(|| {
            let mut b = Byline { photo: true, ..Default::default() };
            b.photographers.push(name.to_string());
            (at, b)
        })
    });
    best.map(|(at, b)| {
        let mut photo = Byline { photo: true, ..Default::default() };
        photo.photographers = b.photographers.into_iter().chain(b.reporters).chain(b.correspondents).collect();
        (at, photo)
    })
}

/// A photo's caption: it opens with a caption mark (▲, 图为) or closes with
/// a photo credit ([`photo_credit`]) or the picture's source (资料图片, …供图).
pub fn is_caption(s: &str) -> bool {
    let s = s.trim();
    s.starts_with('▲') || s.starts_with("图为") || closes_caption(s)
}

/// The text closes with what closes a caption: a photo credit or the picture's source.
pub fn closes_caption(s: &str) -> bool {
    let s = s.trim_end();
    let s = s.strip_suffix(['）', ')']).unwrap_or(s);
    s.ends_with("资料图片") || s.ends_with("供图") || photo_credit(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photographers(caption: &str) -> Option<(String, Vec<String>)> {
        photo_credit(caption).map(|(at, b)| (caption[at..].to_string(), b.photographers))
    }

    #[test]
    fn names_printed_without_spaces_are_cut_where_only_one_cut_works() {
        let b = parse_byline("（记者戴怡颖通讯员袁艳艳黄欣英）", None).unwrap();
        assert_eq!((b.reporters, b.correspondents), (vec!["戴怡颖".to_string()], vec!["袁艳艳".to_string(), "黄欣英".to_string()]));
        // two cuts work (张丽 + 王文华, 张丽王 + 文华): no byline rather than a wrong one
        assert!(parse_byline("（记者张丽王文华）", None).is_none());
    }

    #[test]
    fn a_caption_credits_its_photographers() {
        assert_eq!(photographers("▲5月1日，村民在采摘蔬菜。 本报记者 王伟 摄"), Some(("本报记者 王伟 摄".into(), vec!["王伟".into()])));
        // a correspondent's credit under a photo makes him its photographer, not the article's correspondent
        let (_, b) = photo_credit("施工人员在加紧作业。 通讯员 李明摄").unwrap();
        assert_eq!((b.photographers, b.correspondents, b.photo), (vec!["李明".to_string()], vec![], true));
        assert_eq!(photographers("工人在生产线上忙碌。 张丽/摄"), Some(("张丽/摄".into(), vec!["张丽".into()])));
        assert_eq!(photographers("记者 王伟 李明 摄").map(|p| p.1), Some(vec!["王伟".into(), "李明".into()]));
        // 摄 inside a sentence, or a source instead of a name, is no credit
        assert_eq!(photo_credit("他们在这里拍摄"), None);
        assert_eq!(photo_credit("村民在采摘新鲜蔬菜。 资料图片"), None);
    }

    #[test]
    fn captions_are_known_by_their_marks_and_credits() {
        assert!(is_caption("▲清河湿地公园，村民在采摘新鲜蔬菜。"));
        assert!(is_caption("图为海城乡村振兴示范村，快递员在分拣包裹。"));
        assert!(is_caption("村民在采摘新鲜蔬菜。 资料图片"));
        assert!(is_caption("村民在采摘新鲜蔬菜。 （云阳市融媒体中心供图）"));
        assert!(is_caption("■江州湿地公园，工人在生产线上忙碌。 张丽/摄"));
        assert!(!is_caption("■新思想引领新征程"));
        assert!(!is_caption("记者从交通运输部了解到，今年以来客运量稳步回升。"));
    }
}
