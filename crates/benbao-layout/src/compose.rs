//! From an article's lines, placed on the page, to what benbao's article
//! assembler ([`benbao::assemble`]) needs.
//!
//! The geometry settles what plain text leaves to guesswork: a paragraph
//! starts at an indented line or after a line that stops short of the column's
//! right edge; a byline is a short right-aligned line at the article's end;
//! headline lines of one size that ran out of room are one line broken, lines
//! of different sizes are different parts (headline, subheadline) and are
//! joined with a space. The dateline, the byline bracket after it, the merge
//! of bylines, continuation marks and whether the block is an article at all
//! are the assembler's.

use benbao::assemble::{assemble, Body, Draft, Placed};
use benbao::byline::{lenient, parse_byline};
use benbao::dateline::parse_dateline;
use benbao::reflow::{drop_layout_spaces, is_closer, is_opener, join_into, joined};
use benbao::{Article, Byline, Caption, Furniture};

use crate::geom::cells;
use crate::read::{Block, Line};

/// Joins a headline's lines: a line of one part broken by the column as
/// text (a space only between two ASCII words), separate parts with a space.
fn join(buf: &mut String, next: &str, apart: bool) {
    if apart && !buf.is_empty() && !next.is_empty() {
        buf.push(' ');
        buf.push_str(next);
    } else {
        join_into(buf, next);
    }
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

/// The decks of a heading: the headline (主题) is set in the largest type;
/// lines in smaller type above it are the overline (引题), and lines in
/// smaller type set apart under it ([`Line::apart`]) the subheadline (副题).
/// A smaller line set solid under the headline, or one as wide as the
/// headline (its second part set smaller to fit the measure), is the
/// headline's. Each deck's lines joined by [`headline`].
pub fn decks(lines: &[Line]) -> [Option<String>; 3] {
    let main = lines.iter().map(|l| l.h).fold(0.0f32, f32::max);
    let big = |l: &Line| l.h >= 0.9 * main;
    let Some(first) = lines.iter().position(big) else { return [None, None, None] };
    let mut last = lines.iter().rposition(big).unwrap_or(first);
    let measure = lines[first..=last].iter().map(|l| l.x1 - l.x0).fold(0.0f32, f32::max);
    while lines.get(last + 1).is_some_and(|l| !l.apart || l.x1 - l.x0 >= measure - 0.1 * l.em) {
        last += 1;
    }
    [headline(&lines[..first]), headline(&lines[first..=last]), headline(&lines[last + 1..])]
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
    let b = parse_byline(t, None).or_else(|| (right_aligned(l) || last).then(|| lenient(t)).flatten())?;
    if b.is_empty() {
        return None;
    }
    if right_aligned(l) || (t.contains(' ') && (short(l) || last)) || (last && short(l) && cells(t) <= 20.0) || t.starts_with(['（', '(']) {
        Some(b)
    } else {
        None
    }
}

/// A caption from its lines: their text joined, and its box.
fn caption(lines: &[Line]) -> Caption {
    Caption {
        text: joined(lines.iter().map(|l| l.spaced.trim())),
        bbox: lines.first().zip(lines.last()).map(|(a, z)| [a.cx0, a.y0, a.cx1, z.y1]),
    }
}

/// Hands the assembler what the geometry tells of one laid-out block: kicker
/// and headline, the bylines set apart above and under the body, and the
/// body's paragraphs: a new one at an indented line, or after a line that
/// stopped early although the next line's first unit would have fitted (and
/// no bracket is open).
pub fn article(block: &Block, page: usize, furniture: &mut Vec<Furniture>) -> Option<Article> {
    let kicker = (!block.kicker.is_empty()).then(|| block.kicker.iter().map(|l| l.spaced.trim()).collect::<Vec<_>>().join(" "));
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
    let mut closing = Byline::default();
    for b in tail.iter().rev() {
        closing.merge(b);
    }
    // an opening byline on its own line (本报记者 王伟) before the text
    let mut opening = Byline::default();
    if body.len() > 1 {
        if let Some(b) = byline_line(body[0], false).filter(|_| parse_dateline(body[0].spaced.trim()).is_none()) {
            opening = b;
            body.remove(0);
        }
    }
    let mut paras: Vec<Vec<Placed>> = Vec::new();
    let mut open = 0i32;
    for (i, l) in body.iter().enumerate() {
        if i == 0 || indented(l) || (open <= 0 && ended_early(body[i - 1], l)) {
            paras.push(Vec::new());
            open = 0;
        }
        paras.last_mut().unwrap().push(Placed { no: l.no, spaced: l.spaced.clone() });
        for c in l.spaced.chars() {
            match c {
                '（' | '(' => open += 1,
                '）' | ')' => open -= 1,
                _ => {}
            }
        }
    }
    let first = block.kicker.first().or(block.heading.first()).or(block.body.first()).map(|l| l.no);
    let last = block.body.last().or(block.heading.last()).or(block.kicker.last()).map(|l| l.no);
    let lines = match (first, last) {
        (Some(f), Some(l)) => [f.min(l), f.max(l)],
        _ => [0, 0],
    };
    let [overline, headline, subheadline] = decks(&block.heading);
    let printed = block.kicker.iter().chain(&block.heading).chain(&block.body).map(|l| (l.no, drop_layout_spaces(l.spaced.trim()))).collect();
    let draft = Draft {
        page,
        lines,
        kicker,
        overline,
        headline,
        subheadline,
        by_position: true,
        opening,
        body: Body::Paragraphs(paras),
        closing,
        boxes: boxes(block),
        captions: block.captions.iter().map(|c| caption(c)).collect(),
        printed,
        ..Default::default()
    };
    assemble(draft, furniture)
}
