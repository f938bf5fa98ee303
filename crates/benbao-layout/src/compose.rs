//! From an article's lines, placed on the page, to a benbao [`Article`].
//!
//! The geometry settles what plain text leaves to guesswork: a paragraph
//! starts at an indented line or after a line that stops short of the column's
//! right edge; a byline is a short right-aligned line at the article's end (or
//! the bracket after the dateline); headline lines of one size that ran out of
//! room are one line broken, lines of different sizes are different parts
//! (headline, subheadline) and are joined with a space.

use benbao::reflow::{drop_layout_spaces, is_closer, is_opener};
use benbao::segment::{parse_byline, parse_dateline};
use benbao::{Article, Byline};

use crate::geom::cells;
use crate::read::{Block, Line};

fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Joins pieces of one paragraph (lines): a space only between two ASCII words.
fn join(buf: &mut String, next: &str, force_space: bool) {
    if let (Some(a), Some(b)) = (buf.chars().last(), next.chars().next()) {
        if force_space || (is_ascii_word(a) && is_ascii_word(b)) {
            buf.push(' ');
        }
    }
    buf.push_str(next);
}

/// Width (in em) of the first unbreakable unit of a text: openers, one character or an ASCII run, closers.
fn first_unit_em(s: &str) -> f32 {
    let mut w = 0.0;
    let mut it = s.chars().peekable();
    while let Some(&c) = it.peek() {
        if !is_opener(c) {
            break;
        }
        w += 1.0;
        it.next();
    }
    match it.next() {
        Some(c) if c.is_ascii() => {
            w += 0.55;
            while let Some(&n) = it.peek() {
                if n.is_ascii() && n != ' ' {
                    w += 0.55;
                    it.next();
                } else {
                    break;
                }
            }
        }
        Some(_) => w += 1.0,
        None => {}
    }
    while let Some(&c) = it.peek() {
        if !is_closer(c) {
            break;
        }
        w += 1.0;
        it.next();
    }
    w
}

/// Where an article stands: its kicker and headline lines in one box, its
/// body in one box for each column it runs in (lines of one column share
/// the column's edges).
fn boxes(block: &Block) -> Vec<[f32; 4]> {
    fn grow(b: &mut [f32; 4], l: &Line) {
        b[0] = b[0].min(l.x0);
        b[1] = b[1].min(l.y0);
        b[2] = b[2].max(l.x1);
        b[3] = b[3].max(l.y1);
    }
    let mut out: Vec<[f32; 4]> = Vec::new();
    let mut head: Option<[f32; 4]> = None;
    for l in block.kicker.iter().chain(&block.heading) {
        grow(head.get_or_insert([l.x0, l.y0, l.x1, l.y1]), l);
    }
    out.extend(head);
    // body lines come column by column, top to bottom: a new box where the column changes
    let mut col: Option<(f32, f32)> = None;
    for l in &block.body {
        if col != Some((l.cx0, l.cx1)) || l.run_start {
            col = Some((l.cx0, l.cx1));
            out.push([l.x0, l.y0, l.x1, l.y1]);
        }
        grow(out.last_mut().unwrap(), l);
    }
    out
}

/// The headline as printed: lines of one size that wrapped are joined as they
/// are, separate parts (another size, or a line that stopped early) with a space.
pub fn headline(lines: &[Line]) -> Option<String> {
    if lines.is_empty() {
        return None;
    }
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.spaced.trim();
        if t.is_empty() {
            continue;
        }
        if i == 0 || out.is_empty() {
            out.push_str(t);
            continue;
        }
        let p = &lines[i - 1];
        let same = (p.h - l.h).abs() <= 0.08 * p.h.max(l.h);
        let widest = lines.iter().filter(|o| (o.h - p.h).abs() <= 0.08 * p.h.max(o.h)).map(|o| o.x1 - o.x0).fold(0.0f32, f32::max);
        let wrapped = same && (p.x1 - p.x0) + first_unit_em(t) * p.em > widest + 0.3 * p.em;
        join(&mut out, t, !wrapped);
    }
    let t = out.trim().to_string();
    (!t.is_empty()).then_some(t)
}

/// A line that starts a paragraph: indented by about two characters (or more).
fn indented(l: &Line) -> bool {
    l.x0 - l.cx0 >= 1.2 * l.em
}

/// A line that stops short of its column's right edge.
fn short(l: &Line) -> bool {
    l.cx1 - l.x1 >= 1.2 * l.em
}

/// The line stopped although the next line's first unit would have fitted after it.
fn ended_early(l: &Line, next: &Line) -> bool {
    short(l) && l.cx1 - l.x1 >= (first_unit_em(next.spaced.trim()) + 0.3) * l.em
}

fn right_aligned(l: &Line) -> bool {
    l.cx1 - l.x1 <= 1.0 * l.em && l.x0 - l.cx0 >= 2.5 * l.em
}

/// A closing byline line (`记者 王伟 通讯员 李明`, set right or standing alone).
fn byline_line(l: &Line, last: bool) -> Option<Byline> {
    let t = l.spaced.trim();
    if cells(t) > 40.0 {
        return None;
    }
    let b = parse_byline(t, None).or_else(|| (right_aligned(l) || last).then(|| lenient_byline(t)).flatten())?;
    if b.is_empty() {
        return None;
    }
    if right_aligned(l) || (t.contains(' ') && (short(l) || last)) || (last && short(l) && cells(t) <= 20.0) || t.starts_with(['（', '(']) {
        Some(b)
    } else {
        None
    }
}

fn merge_byline(into: &mut Byline, b: Byline) {
    for n in b.reporters {
        if !into.reporters.contains(&n) {
            into.reporters.push(n);
        }
    }
    for n in b.correspondents {
        if !into.correspondents.contains(&n) {
            into.correspondents.push(n);
        }
    }
    for n in b.photographers {
        if !into.photographers.contains(&n) {
            into.photographers.push(n);
        }
    }
    into.photo |= b.photo;
}

/// Builds the article of one laid-out block.
pub fn article(block: &Block, page: usize) -> Option<Article> {
    let mut a = Article { page, ..Default::default() };
    if let Some(k) = block.kicker.first() {
        let t = block.kicker.iter().map(|l| l.spaced.trim()).collect::<Vec<_>>().join(" ");
        let _ = k;
        a.kicker = Some(t);
    }
    a.headline = headline(&block.heading);
    let mut body: Vec<&Line> = block.body.iter().collect();
    // closing byline: the last lines, set apart
    let mut tail: Vec<Byline> = Vec::new();
    while let Some(l) = body.last() {
        match byline_line(l, tail.is_empty()) {
            Some(b) if tail.len() < 2 => {
                tail.push(b);
                body.pop();
            }
            _ => break,
        }
    }
    // an opening byline on its own line (本报记者 王伟) before the text
    let mut head_byline: Option<Byline> = None;
    if let Some(l) = body.first() {
        if body.len() > 1 {
            if let Some(b) = byline_line(l, false) {
                if !b.is_empty() && !indented_text_dateline(l) {
                    head_byline = Some(b);
                    body.remove(0);
                }
            }
        }
    }
    // paragraphs: a new one at an indented line, or after a line that stopped
    // early although the next line's first unit would have fitted (and no bracket is open)
    let mut paras: Vec<Vec<&Line>> = Vec::new();
    let mut open = 0i32;
    for (i, l) in body.iter().enumerate() {
        let new = i == 0 || indented(l) || (open <= 0 && ended_early(body[i - 1], l));
        if new {
            paras.push(vec![l]);
            open = 0;
        } else {
            paras.last_mut().unwrap().push(l);
        }
        for c in l.spaced.chars() {
            match c {
                '（' | '(' => open += 1,
                '）' | ')' => open -= 1,
                _ => {}
            }
        }
    }
    let spaced = |ls: &[&Line], spaces: bool| -> String {
        let mut s = String::new();
        for l in ls {
            join(&mut s, l.spaced.trim(), spaces);
        }
        s
    };
    let mut texts: Vec<String> = paras.iter().map(|p| spaced(p, false)).collect();
    // dateline (and a bracketed byline after it) at the start of the first paragraph
    if let Some(first) = texts.first().cloned() {
        let mut dl = parse_dateline(&first);
        // a byline bracket whose opening mark was lost (本报讯 记者 王伟）…): put it back
        if let Some(d) = &dl {
            if d.byline.is_none() && bracket_lost(&d.rest) {
                let at = first.len() - d.rest.len();
                let fixed = format!("{}（{}", &first[..at], &first[at..]);
                if let Some(d2) = parse_dateline(&fixed).filter(|d2| d2.byline.is_some()) {
                    dl = Some(d2);
                }
            }
        }
        if let Some(d) = &dl {
            if d.byline.is_none() && d.rest.starts_with(['（', '(']) {
                // a byline bracket broken across lines between two names: retry
                // with a space at some of the line ends inside the bracket
                let lines: Vec<&str> = paras[0].iter().map(|l| l.spaced.trim()).collect();
                let closes = lines.iter().position(|t| t.contains(['）', ')'])).unwrap_or(0).min(5);
                let mut masks: Vec<u32> = (1..(1u32 << closes)).collect();
                masks.sort_by_key(|m| m.count_ones());
                for mask in masks {
                    let mut alt = String::new();
                    for (k, t) in lines.iter().enumerate() {
                        join(&mut alt, t, k > 0 && mask & (1 << (k - 1)) != 0);
                    }
                    if let Some(d2) = parse_dateline(&alt) {
                        if d2.byline.is_some() {
                            dl = Some(d2);
                            break;
                        }
                    }
                }
            }
        }
        // a bracket that reads as a byline but for a name benbao cannot vouch for (an OCR misreading)
        if let Some(d) = &mut dl {
            if d.byline.is_none() {
                if let Some(inner) = d.rest.strip_prefix(['（', '(']) {
                    if let Some(end) = inner.find(['）', ')']).filter(|&e| inner[..e].chars().count() <= 40) {
                        if let Some(b) = lenient_byline(&inner[..end]) {
                            d.byline = Some(b);
                            d.rest = inner[end + inner[end..].chars().next().unwrap().len_utf8()..].to_string();
                        }
                    }
                }
            }
        }
        if let Some(d) = dl {
            a.dateline = Some(d.text.clone());
            if let Some(b) = d.byline {
                merge_byline(&mut a.byline, b);
            }
            texts[0] = d.rest.trim_start_matches([' ', '：', ':']).to_string();
        }
    }
    if let Some(b) = head_byline {
        merge_byline(&mut a.byline, b);
    }
    for b in tail.into_iter().rev() {
        merge_byline(&mut a.byline, b);
    }
    a.paragraphs = texts.iter().map(|t| drop_layout_spaces(t)).filter(|t| !t.is_empty()).collect();
    let first = block.kicker.first().or(block.heading.first()).or(block.body.first()).map(|l| l.no);
    let last = block.body.last().or(block.heading.last()).or(block.kicker.last()).map(|l| l.no);
    if let (Some(f), Some(l)) = (first, last) {
        a.lines = [f.min(l), f.max(l)];
    }
    a.boxes = boxes(block);
    if a.paragraphs.is_empty() && a.headline.is_none() && a.kicker.is_none() {
        return None;
    }
    if a.paragraphs.is_empty() {
        a.warnings.push("a headline with no text under it".into());
    }
    Some(a)
}

/// Role words of a byline, longest first.
const ROLE_WORDS: &[(&str, u8)] = &[
    ("本报记者", 0),
    ("见习记者", 0),
    ("首席记者", 0),
    ("特约记者", 0),
    ("记者", 0),
    ("本报通讯员", 1),
    ("特约通讯员", 1),
    ("通讯员", 1),
    ("实习生", 1),
];

/// A byline read leniently: role words, then names of two to four Chinese
/// characters, whether or not benbao knows the surname (OCR misreads names:
/// 郝文晓 → 孝文晓). Only where the strict reading failed.
fn lenient_byline(s: &str) -> Option<Byline> {
    let mut b = Byline::default();
    let mut role: Option<u8> = None;
    let mut names = 0;
    for tok in s.split_whitespace() {
        let mut t = tok;
        while let Some(&(w, r)) = ROLE_WORDS.iter().find(|(w, _)| t.starts_with(w)) {
            role = Some(r);
            t = &t[w.len()..];
        }
        if t.is_empty() {
            continue;
        }
        let n = t.chars().count();
        if role.is_none() || !(2..=4).contains(&n) || !t.chars().all(benbao::segment::is_han) {
            return None;
        }
        names += 1;
        if role == Some(0) {
            b.reporters.push(t.to_string());
        } else {
            b.correspondents.push(t.to_string());
        }
    }
    (names > 0).then_some(b)
}

/// Text that reads as the inside of a byline bracket whose opening mark is missing.
fn bracket_lost(rest: &str) -> bool {
    let starts = ["记者", "本报记者", "通讯员", "实习生"].iter().any(|r| rest.trim_start().starts_with(r));
    let head: String = rest.chars().take(40).collect();
    starts && head.contains(['）', ')']) && !head.contains(['（', '('])
}

fn indented_text_dateline(l: &Line) -> bool {
    parse_dateline(l.spaced.trim()).is_some()
}
