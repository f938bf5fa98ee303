//! Reading a page by where things are on it.
//!
//! Words become line fragments (same size, same baseline, no gap wider than a
//! character); the body size is the size most text is set in; the top and
//! bottom bands are the page header and footer when they read like one;
//! photo captions are set aside (`captions`). Columns are where body lines
//! stack, one size at the same edges, wherever on the page they stand
//! (`stack_columns`): a box, a wider lead or a block in smaller type has
//! columns of its own. Everything that is not a body line inside a column —
//! larger type, a line across a gutter, a kicker — is heading material, and
//! heading lines that touch are one heading group (kicker, headline decks).
//! Each column's body lines are cut into runs at heading lines, at wide
//! vertical gaps and at datelines; a run belongs to the heading group right
//! above it (past a photo too), or beside it when the headline is set
//! vertically, and a run with no heading above it to the article whose run
//! starts at the same height next to it (a short headline does not cover all
//! its article's columns). An article reads its runs column by column, left
//! to right, each top to bottom.

use std::sync::LazyLock;

use benbao::byline::{closes_caption, is_caption};
use benbao::classify::starts_with_marker;
use benbao::furniture::{footer_cue, header_cue};
use regex::Regex;

use crate::geom::{cells, median, PageWords, Sets, Word};

/// Sizes measured on a page.
#[derive(Debug, Clone, Copy)]
pub struct Metrics {
    /// Height of a body word's box.
    pub hb: f32,
    /// Box height per em (character advance) of the page's type.
    pub ratio: f32,
    /// A body character's advance.
    pub em: f32,
    /// Distance between the baselines of two body lines.
    pub leading: f32,
    /// Boxes are the type's body ([`PageWords::type_boxes`]).
    pub type_boxes: bool,
}

/// The ink gap, in line heights, between two heading lines of a scan that
/// shows them set apart (decks), not solid (one headline wrapped).
const APART_INK: f32 = 0.6;

/// A line fragment: words of one size on one baseline, with no wide gap.
#[derive(Debug, Clone)]
pub struct Frag {
    /// Left edge of its words' boxes, in the page's units.
    pub x0: f32,
    /// Top edge.
    pub y0: f32,
    /// Right edge.
    pub x1: f32,
    /// Bottom edge.
    pub y1: f32,
    /// Type size as box height.
    pub h: f32,
    /// Its words, left to right.
    pub words: Vec<Word>,
    /// Index into the page's columns (left to right) of the column it stands
    /// in, in that column's size; None when it stands in none (always for
    /// header, footer and captions).
    pub col: Option<usize>,
    /// What the fragment is on the page.
    pub kind: Kind,
}

/// What a line fragment is on its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Body text: a line in a column, set in that column's size.
    Body,
    /// Heading material: larger type, a line across a gutter, a kicker or a
    /// line in colour — anything not a body line inside a column.
    Heading,
    /// In the page header band at the top (paper's name, date, page number).
    Header,
    /// In the page footer band at the bottom.
    Footer,
    /// A photo's caption (`captions`).
    Caption,
}

impl Frag {
    /// Its character advance: box height over the page's [`Metrics::ratio`].
    pub fn em(&self, m: &Metrics) -> f32 {
        self.h / m.ratio
    }
    fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
    /// The text with a space wherever the words stand visibly apart.
    pub fn spaced(&self, m: &Metrics) -> String {
        join_words(&self.words, self.em(m))
    }
    /// Every word set in colour ([`Word::coloured`]).
    fn coloured(&self) -> bool {
        !self.words.is_empty() && self.words.iter().all(|w| w.coloured)
    }
}

/// A line as an article uses it.
#[derive(Debug, Clone)]
pub struct Line {
    /// Words joined, a space where they stand apart (layout spaces not yet dropped).
    pub spaced: String,
    /// Left edge, in the page's units.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Top edge.
    pub y0: f32,
    /// Bottom edge.
    pub y1: f32,
    /// The column (or, for heading lines, the heading group) it sits in.
    pub cx0: f32,
    /// Right edge of that column, heading group or (for a caption) caption.
    pub cx1: f32,
    /// Type size as box height.
    pub h: f32,
    /// Character advance ([`Frag::em`]).
    pub em: f32,
    /// Reading-order number of the line on its page (1-based): header lines
    /// count first, then each article's kicker, heading, body and caption lines.
    pub no: usize,
    /// The first line of a run (top of a column of this article).
    pub run_start: bool,
    /// A heading line set apart from the heading line above it: space
    /// between their type, not lines of one headline set solid. Known only
    /// where boxes are the type's body ([`Metrics::type_boxes`]).
    pub apart: bool,
    /// Set in colour ([`Word::coloured`]).
    pub coloured: bool,
}

/// An article as laid out: heading lines (top to bottom), body lines in
/// reading order, and the captions of its photos (each caption's lines).
#[derive(Debug, Clone, Default)]
pub struct Block {
    /// Kicker lines above the headline (those opening with a marker, or a
    /// column logo); empty when there is none.
    pub kicker: Vec<Line>,
    /// Headline and subheadline decks, top to bottom; empty for an article
    /// without a heading (runs no heading group owns).
    pub heading: Vec<Line>,
    /// Body lines, column by column left to right, each top to bottom.
    pub body: Vec<Line>,
    /// Its photos' captions, each a list of lines top to bottom.
    pub captions: Vec<Vec<Line>>,
}

/// One page as read: its articles in reading order and its furniture.
#[derive(Debug, Default)]
pub struct PageLayout {
    /// The articles, in reading order (top to bottom in bands, left to right).
    pub blocks: Vec<Block>,
    /// Page header lines, top to bottom (left to right on one height).
    pub header: Vec<String>,
    /// Page footer lines, in the same order.
    pub footer: Vec<String>,
    /// The columns as `(x0, x1)`, left to right, in the page's units.
    pub columns: Vec<(f32, f32)>,
    /// The page's measures; None when the page has no words to measure.
    pub metrics: Option<Metrics>,
}

/// Joins words into a line: a space where the gap is clearly wider than the
/// line's letter-spacing.
pub fn join_words(words: &[Word], em: f32) -> String {
    let mut gaps: Vec<f32> = words.windows(2).map(|w| w[1].x0 - w[0].x1).collect();
    // a justified line extracted letter by letter: its normal gap is the letter-spacing
    let singles = words.iter().filter(|w| w.text.chars().count() == 1).count();
    let base = if gaps.len() >= 4 && singles * 10 >= words.len() * 6 { median(&mut gaps.clone()).unwrap_or(0.0).max(0.0) } else { 0.0 };
    let thr = (0.3 * em).max(base + 0.25 * em);
    let mut s = String::new();
    for (i, w) in words.iter().enumerate() {
        // no space inside a number (12月2 1日: a narrow digit stands apart on a scan)
        let digits = i > 0 && words[i - 1].text.ends_with(|c: char| c.is_ascii_digit()) && w.text.starts_with(|c: char| c.is_ascii_digit());
        if i > 0 && words[i].x0 - words[i - 1].x1 > thr && !digits {
            s.push(' ');
        }
        s.push_str(&w.text);
    }
    gaps.clear();
    s
}

fn is_cjk_text(s: &str) -> bool {
    !s.is_empty() && s.chars().all(benbao::names::is_han)
}

/// Body size, character advance and their ratio.
fn measure(words: &[Word]) -> Option<Metrics> {
    if words.is_empty() {
        return None;
    }
    // the size most characters are set in
    let mut hist: std::collections::HashMap<i32, f32> = std::collections::HashMap::new();
    for w in words {
        let k = (w.h() * 5.0).round() as i32;
        *hist.entry(k).or_default() += w.text.chars().count() as f32;
    }
    // smooth over neighbouring buckets so one size split over two buckets still wins
    let best = hist
        .keys()
        .map(|&k| (k, (-1..=1).map(|d| hist.get(&(k + d)).copied().unwrap_or(0.0)).sum::<f32>() + hist[&k]))
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))?
        .0;
    let mode = best as f32 / 5.0;
    let mut hs: Vec<f32> = words.iter().map(Word::h).filter(|h| (h - mode).abs() <= 0.06 * mode).collect();
    let hb = median(&mut hs).unwrap_or(mode);
    let mut adv: Vec<f32> = words
        .iter()
        .filter(|w| (w.h() - hb).abs() <= 0.06 * hb && is_cjk_text(&w.text))
        .map(|w| w.w() / cells(&w.text))
        .collect();
    let em = median(&mut adv).unwrap_or(hb / 1.4);
    let em = if em > 0.0 { em } else { hb / 1.4 };
    Some(Metrics { hb, ratio: (hb / em).clamp(0.8, 2.5), em, leading: hb * 1.2, type_boxes: false })
}

/// Words → fragments.
fn fragments(words: &[Word], m: &Metrics) -> Vec<Frag> {
    let mut order: Vec<usize> = (0..words.len()).collect();
    order.sort_by(|&a, &b| words[a].x0.total_cmp(&words[b].x0));
    struct F {
        x0: f32,
        y0: f32,
        x1: f32,
        y1: f32,
        h: f32,
        ws: Vec<usize>,
    }
    let mut fr: Vec<F> = Vec::new();
    let mut active: Vec<usize> = Vec::new();
    let max_em = words.iter().map(Word::h).fold(0.0f32, f32::max) / m.ratio;
    for &i in &order {
        let w = &words[i];
        let h = w.h();
        let wem = h / m.ratio;
        active.retain(|&k| fr[k].x1 >= w.x0 - 1.0 * max_em);
        let mut best: Option<(f32, usize)> = None;
        for &k in &active {
            let f = &fr[k];
            if (f.h - h).abs() > 0.15 * f.h.max(h) {
                continue;
            }
            let dy = (f.y1 - w.y1).abs().min((f.y0 - w.y0).abs());
            if dy > 0.25 * f.h.min(h) {
                continue;
            }
            let gap = w.x0 - f.x1;
            if gap < -0.3 * wem || gap > 0.75 * wem {
                continue;
            }
            let cost = gap.abs() + 2.0 * dy;
            if best.is_none_or(|(c, _)| cost < c) {
                best = Some((cost, k));
            }
        }
        match best {
            Some((_, k)) => {
                let f = &mut fr[k];
                f.x1 = f.x1.max(w.x1);
                f.y0 = f.y0.min(w.y0);
                f.y1 = f.y1.max(w.y1);
                f.ws.push(i);
            }
            None => {
                fr.push(F { x0: w.x0, y0: w.y0, x1: w.x1, y1: w.y1, h, ws: vec![i] });
                active.push(fr.len() - 1);
            }
        }
    }
    fr.into_iter()
        .map(|f| {
            let mut hs: Vec<f32> = f.ws.iter().map(|&i| words[i].h()).collect();
            let h = median(&mut hs).unwrap_or(f.h);
            Frag { x0: f.x0, y0: f.y0, x1: f.x1, y1: f.y1, h, words: f.ws.iter().map(|&i| words[i].clone()).collect(), col: None, kind: Kind::Heading }
        })
        .collect()
}

fn is_body_size(f: &Frag, m: &Metrics) -> bool {
    (f.h - m.hb).abs() <= 0.05 * m.hb
}

/// The column grid: strips covered by body-size lines, apart from the gutters no body line crosses.
fn columns(frags: &[Frag], m: &Metrics, width: f32) -> Vec<(f32, f32)> {
    let step = 0.5f32;
    let n = ((width.max(1.0) / step) as usize + 2).min(200_000);
    let mut cov = vec![0u32; n];
    for f in frags.iter().filter(|f| is_body_size(f, m) && !matches!(f.kind, Kind::Header | Kind::Footer | Kind::Caption)) {
        let a = ((f.x0 + 0.5) / step).max(0.0) as usize;
        let b = (((f.x1 - 0.5) / step).max(0.0) as usize).min(n - 1);
        for c in cov.iter_mut().take(b + 1).skip(a) {
            *c += 1;
        }
    }
    let mut nz: Vec<f32> = cov.iter().filter(|&&c| c > 0).map(|&c| c as f32).collect();
    if nz.is_empty() {
        return Vec::new();
    }
    nz.sort_by(|a, b| a.total_cmp(b));
    let peak = nz[(nz.len() * 9 / 10).min(nz.len() - 1)];
    let thr = (0.12 * peak) as u32;
    let mut cols = Vec::new();
    let mut start: Option<usize> = None;
    for (i, &c) in cov.iter().enumerate() {
        let on = c > thr;
        match (on, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                cols.push((s as f32 * step, i as f32 * step));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        cols.push((s as f32 * step, n as f32 * step));
    }
    // drop slivers, merge columns split by a narrow dip (a short line, a stray word)
    cols.retain(|&(a, b)| b - a >= 2.5 * m.em);
    let mut merged: Vec<(f32, f32)> = Vec::new();
    for c in cols {
        if let Some(last) = merged.last_mut() {
            if c.0 - last.1 < 0.6 * m.em {
                last.1 = c.1;
                continue;
            }
        }
        merged.push(c);
    }
    merged
}

/// Splits fragments where a gap between two words spans a whole gutter.
fn split_at_gutters(frags: Vec<Frag>, cols: &[(f32, f32)], m: &Metrics) -> Vec<Frag> {
    let gutters: Vec<(f32, f32)> = cols.windows(2).map(|w| (w[0].1, w[1].0)).collect();
    let tol = (0.1 * m.em).max(1.0);
    let mut out = Vec::with_capacity(frags.len());
    for f in frags {
        let mut cur: Vec<Word> = Vec::new();
        let mut pieces: Vec<Vec<Word>> = Vec::new();
        let fem = f.em(m);
        for w in f.words.iter() {
            if let Some(p) = cur.last() {
                let (a, b) = (p.x1, w.x0);
                // the blank half of a full-width mark (胡杨：消防…) is no gap between two headlines
                let blank = if p.text.ends_with(['：', '，', '。', '、', '；', '！', '？']) { 0.5 * fem } else { 0.0 };
                if b - a - blank >= 0.5 * fem && gutters.iter().any(|&(g0, g1)| a <= g0 + tol && b >= g1 - tol && b - a >= 0.6 * (g1 - g0)) {
                    pieces.push(std::mem::take(&mut cur));
                }
            }
            cur.push(w.clone());
        }
        pieces.push(cur);
        if pieces.len() == 1 {
            out.push(f);
            continue;
        }
        for ws in pieces {
            let x0 = ws.iter().map(|w| w.x0).fold(f32::MAX, f32::min);
            let x1 = ws.iter().map(|w| w.x1).fold(f32::MIN, f32::max);
            let y0 = ws.iter().map(|w| w.y0).fold(f32::MAX, f32::min);
            let y1 = ws.iter().map(|w| w.y1).fold(f32::MIN, f32::max);
            out.push(Frag { x0, y0, x1, y1, h: f.h, words: ws, col: None, kind: f.kind });
        }
    }
    out
}

/// Marks photo captions: lines in the body's type or smaller, set solid
/// one under the other, that read as a caption together (▲…, 图为…, or
/// closing with a photo credit or the picture's source: `benbao::byline::is_caption`).
fn captions(frags: &mut [Frag], m: &Metrics) {
    let free = |f: &Frag| !matches!(f.kind, Kind::Header | Kind::Footer | Kind::Caption) && f.h <= 1.05 * m.hb;
    let n = frags.len();
    let mut order: Vec<usize> = (0..n).filter(|&i| free(&frags[i])).collect();
    order.sort_by(|&a, &b| frags[a].y0.total_cmp(&frags[b].y0));
    // the line set solid right under each line, in its type: the first from the top
    let mut next: Vec<Option<usize>> = vec![None; n];
    for &a in &order {
        let fa = &frags[a];
        let from = order.partition_point(|&b| frags[b].y0 < fa.y1 - 0.3 * fa.h);
        next[a] = order[from..].iter().copied().take_while(|&b| frags[b].y0 - fa.y1 <= 0.6 * fa.h).find(|&b| {
            let fb = &frags[b];
            // (a scan may miss a short last line's first glyph: 娟 of 娟 摄)
            b != a && (fa.h - fb.h).abs() <= 0.1 * fa.h && fb.x0 - fa.x0 >= -1.0 * fa.em(m) && fb.x0 - fa.x0 <= 2.0 * fa.em(m)
        });
    }
    let mut has_above = vec![false; n];
    for b in next.iter().flatten() {
        has_above[*b] = true;
    }
    let tops: Vec<usize> = order.iter().copied().filter(|&a| !has_above[a]).collect();
    for top in tops {
        let mut chain = vec![top];
        while let Some(b) = next[*chain.last().unwrap()].filter(|b| !chain.contains(b) && chain.len() < 4) {
            chain.push(b);
        }
        // the longest caption the chain begins with
        let mut text = String::new();
        let mut upto = 0;
        // (a credit closes it: what is set under it is not the caption's)
        for (k, &i) in chain.iter().enumerate() {
            text.push_str(&frags[i].spaced(m));
            if closes_caption(&text) {
                upto = k + 1;
                break;
            }
            if k + 1 == chain.len() && is_caption(&text) {
                upto = k + 1;
            }
        }
        for &i in &chain[..upto] {
            frags[i].kind = Kind::Caption;
        }
    }
}

/// A column found from its lines: its edges and the size its lines are set in.
#[derive(Debug, Clone, Copy)]
struct Column {
    x0: f32,
    x1: f32,
    h: f32,
}

/// Columns as the body text stands in them, wherever it stands: lines of one
/// size set one under the other at the same edges (a paragraph's first line
/// indented, its last stopping short) are one stack, and three lines or more
/// make a column, whatever the page's other columns are — a box, a lead set
/// wider, text in smaller type. Stacks at the same edges and size are one
/// column. Returns the columns, left to right, and each stacked fragment's column.
fn stack_columns(frags: &[Frag], m: &Metrics) -> (Vec<Column>, Vec<Option<usize>>) {
    let cand: Vec<usize> = (0..frags.len())
        .filter(|&i| {
            let f = &frags[i];
            !matches!(f.kind, Kind::Header | Kind::Footer | Kind::Caption) && f.h >= 0.55 * m.hb && f.h <= 1.3 * m.hb && !starts_with_marker(&f.spaced(m))
        })
        .collect();
    let mut order = cand.clone();
    order.sort_by(|&a, &b| frags[a].y0.total_cmp(&frags[b].y0));
    let mut sets = Sets::new(frags.len());
    for (k, &a) in order.iter().enumerate() {
        let fa = &frags[a];
        let em = fa.em(m);
        // the line right under it at its edges
        let next = order[k + 1..]
            .iter()
            .copied()
            .take_while(|&b| frags[b].y0 <= fa.y1 + 1.2 * fa.h)
            .filter(|&b| {
                let fb = &frags[b];
                let wa = fa.x1 - fa.x0;
                let wb = fb.x1 - fb.x0;
                let dx0 = fb.x0 - fa.x0;
                (fa.h - fb.h).abs() <= 0.08 * fa.h.max(fb.h)
                    && fb.y0 >= fa.y1 - 0.3 * fa.h
                    && overlap(fa.x0, fa.x1, fb.x0, fb.x1) >= 0.5 * wa.min(wb)
                    && (dx0.abs() <= 0.3 * em
                        || (fb.x1 - fa.x1).abs() <= 0.3 * em
                        // a paragraph's indented first line under the line that ended the one before
                        || (dx0 >= 0.8 * em && dx0 <= 2.6 * em && fb.x1 >= fa.x1 - 0.3 * em))
            })
            .min_by(|&b, &c| frags[b].y0.total_cmp(&frags[c].y0));
        if let Some(b) = next {
            sets.union(a, b);
        }
    }
    let mut stacks: std::collections::HashMap<usize, Vec<usize>> = std::collections::HashMap::new();
    for &i in &cand {
        stacks.entry(sets.find(i)).or_default().push(i);
    }
    let mut cols: Vec<(Column, Vec<usize>)> = Vec::new();
    let stacks: Vec<(Vec<usize>, (f32, f32, f32, f32))> = stacks.into_values().filter(|v| v.len() >= 2).map(|v| {
        let e = extent(frags, &v);
        (v, e)
    }).collect();
    // two lines make a column where they stand level with a column of their size
    // and width right beside it (the last column of a short article)
    let size = |v: &[usize]| frags[v[0]].h;
    let beside = |(v, e): &(Vec<usize>, (f32, f32, f32, f32)), (w, f): &(Vec<usize>, (f32, f32, f32, f32))| {
        let em = frags[v[0]].em(m);
        // (level: the neighbour's first line may stand outside its stack, as a dateline's does)
        w.len() >= 3 && (size(v) - size(w)).abs() <= 0.08 * size(v) && (e.1 - f.1).abs() <= 1.3 * size(v)
            && ((e.2 - e.0) - (f.2 - f.0)).abs() <= em && e.0 > f.2 && e.0 - f.2 <= 3.0 * em
    };
    let kept: Vec<bool> = stacks.iter().map(|s| s.0.len() >= 3 || stacks.iter().any(|o| beside(s, o))).collect();
    // widest first: a stack whose lines all stop short (a few lines ending in
    // long words) stands in the column whose left edge it shares, when nothing
    // else stands beside it there
    let mut stacks: Vec<(Vec<usize>, (f32, f32, f32, f32))> = stacks.into_iter().zip(kept).filter(|(_, k)| *k).map(|(s, _)| s).collect();
    stacks.sort_by(|a, b| (b.1 .2 - b.1 .0).total_cmp(&(a.1 .2 - a.1 .0)).then(a.1 .0.total_cmp(&b.1 .0)).then(a.1 .1.total_cmp(&b.1 .1)));
    let boxes: Vec<(f32, f32, f32, f32)> = stacks.iter().map(|s| s.1).collect();
    for (v, (x0, y0, x1, y1)) in stacks {
        let mut hs: Vec<f32> = v.iter().map(|&i| frags[i].h).collect();
        let h = median(&mut hs).unwrap_or(m.hb);
        let tol = 0.6 * h / m.ratio;
        let alone = |cx1: f32| !boxes.iter().any(|b| b.0 >= x1 - tol && b.0 < cx1 && b.1 < y1 && b.3 > y0);
        match cols
            .iter_mut()
            .find(|(c, _)| (c.x0 - x0).abs() <= tol && (c.h - h).abs() <= 0.08 * h && ((c.x1 - x1).abs() <= tol || (x1 < c.x1 && alone(c.x1))))
        {
            Some((c, members)) => {
                c.x0 = c.x0.min(x0);
                c.x1 = c.x1.max(x1);
                members.extend(v);
            }
            None => cols.push((Column { x0, x1, h }, v)),
        }
    }
    cols.sort_by(|a, b| a.0.x0.total_cmp(&b.0.x0));
    let mut col_of = vec![None; frags.len()];
    for (k, (_, members)) in cols.iter().enumerate() {
        for &i in members {
            col_of[i] = Some(k);
        }
    }
    (cols.into_iter().map(|c| c.0).collect(), col_of)
}

static PAGE_DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日").unwrap());

/// The publication date printed in a page header (`2024年5月17日`), as `YYYY-MM-DD`.
pub fn header_date(header: &[String]) -> Option<String> {
    header.iter().find_map(|t| {
        let c = PAGE_DATE.captures(t)?;
        let (y, mo, d): (i32, u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        ((1..=12).contains(&mo) && (1..=benbao::page::days_in_month(y, mo)).contains(&d)).then(|| benbao::PageDate::ymd(y, mo, d).iso())?
    })
}

/// The band of fragments around `seed`: fragments that `joins` (given the
/// band's vertical extent so far) are added until none is left; the band and
/// its extent.
fn grow_band(frags: &[Frag], seed: usize, joins: impl Fn(&Frag, f32, f32) -> bool) -> (Vec<usize>, f32, f32) {
    let (mut y0, mut y1) = (frags[seed].y0, frags[seed].y1);
    let mut band = vec![seed];
    loop {
        let more: Vec<usize> = (0..frags.len()).filter(|&i| !band.contains(&i) && joins(&frags[i], y0, y1)).collect();
        if more.is_empty() {
            return (band, y0, y1);
        }
        for i in more {
            y0 = y0.min(frags[i].y0);
            y1 = y1.max(frags[i].y1);
            band.push(i);
        }
    }
}

/// Marks the top and bottom bands as header and footer when they read like one.
fn furniture(frags: &mut [Frag], m: &Metrics, width: f32, height: f32) {
    let n = frags.len();
    if n == 0 {
        return;
    }
    // top bands, at most three
    for _ in 0..3 {
        let Some(first) = (0..n).filter(|&i| frags[i].kind != Kind::Header).min_by(|&a, &b| frags[a].y0.total_cmp(&frags[b].y0)) else { break };
        let (band, _, y1) = grow_band(frags, first, |f, y0, y1| f.kind != Kind::Header && f.y0 < y1 - 0.2 * f.h.min(y1 - y0) && f.y1 > y0);
        if y1 > 0.12 * height {
            break;
        }
        let text: Vec<String> = band.iter().map(|&i| frags[i].spaced(m)).collect();
        let spread = band.iter().map(|&i| frags[i].x1).fold(f32::MIN, f32::max) - band.iter().map(|&i| frags[i].x0).fold(f32::MAX, f32::min);
        let cue = text.iter().any(|t| header_cue(t));
        let first_band = !frags.iter().any(|f| f.kind == Kind::Header);
        let small = band.iter().all(|&i| frags[i].h <= 2.0 * m.hb);
        if cue || (first_band && small && band.len() >= 2 && spread > 0.5 * width && band.iter().all(|&i| !frags[i].spaced(m).ends_with('。'))) {
            for &i in &band {
                frags[i].kind = Kind::Header;
            }
        } else {
            break;
        }
    }
    // bottom bands, at most two
    for _ in 0..2 {
        let Some(last) = (0..n).filter(|&i| !matches!(frags[i].kind, Kind::Header | Kind::Footer)).max_by(|&a, &b| frags[a].y1.total_cmp(&frags[b].y1)) else { break };
        let (band, y0, _) =
            grow_band(frags, last, |f, y0, y1| !matches!(f.kind, Kind::Header | Kind::Footer) && f.y1 > y0 + 0.2 * f.h.min(y1 - y0) && f.y0 < y1);
        if y0 < 0.85 * height {
            break;
        }
        let cue = band.iter().any(|&i| footer_cue(&frags[i].spaced(m)));
        if cue {
            for &i in &band {
                frags[i].kind = Kind::Footer;
            }
        } else {
            break;
        }
    }
}

fn overlap(a0: f32, a1: f32, b0: f32, b1: f32) -> f32 {
    (a1.min(b1) - a0.max(b0)).max(0.0)
}

/// A vertical run of body lines in one column.
#[derive(Debug, Clone)]
struct Run {
    col: usize,
    lines: Vec<usize>,
    y0: f32,
    y1: f32,
    /// It opens an article ([`opens_article`]).
    opens: bool,
}

/// Reads one page: the column grid, the heading groups, the runs of body
/// lines, which article each run belongs to, and the articles in reading order.
pub fn read_page(page: &PageWords) -> PageLayout {
    let Some(Grid { m, frags, cols, per_col }) = grid(page) else { return PageLayout::default() };
    let groups = heading_groups(&frags, &m, page.width);
    let gbox: Vec<(f32, f32, f32, f32)> = groups.iter().map(|g| extent(&frags, g)).collect();
    let heads: Vec<usize> = (0..frags.len()).filter(|&i| frags[i].kind == Kind::Heading).collect();
    let runs = cut_runs(&frags, &per_col, &cols, &heads, &m);
    let caption_boxes: Vec<(f32, f32, f32, f32)> = (0..frags.len()).filter(|&i| frags[i].kind == Kind::Caption).map(|i| extent(&frags, &[i])).collect();
    let owners = owners(&runs, &gbox, &caption_boxes, &cols, &m);
    let mut blocks = blocks(&frags, &groups, &gbox, &runs, &owners, &cols, &m);
    attach_captions(&mut blocks, &frags, &m);
    let mut furn: Vec<&Frag> = frags.iter().filter(|f| matches!(f.kind, Kind::Header | Kind::Footer)).collect();
    furn.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    let header: Vec<String> = furn.iter().filter(|f| f.kind == Kind::Header).map(|f| f.spaced(&m)).collect();
    let footer: Vec<String> = furn.iter().filter(|f| f.kind == Kind::Footer).map(|f| f.spaced(&m)).collect();
    // number the lines in reading order: header, articles, footer
    let mut n = header.len();
    let mut blocks = blocks;
    for b in blocks.iter_mut() {
        for l in b.kicker.iter_mut().chain(b.heading.iter_mut()).chain(b.body.iter_mut()).chain(b.captions.iter_mut().flatten()) {
            n += 1;
            l.no = n;
        }
    }
    PageLayout { blocks, header, footer, columns: cols, metrics: Some(m) }
}

/// The page's measures, its fragments (each marked body, heading, header or
/// footer, and with its column), the columns and each column's body
/// fragments top to bottom.
struct Grid {
    m: Metrics,
    frags: Vec<Frag>,
    cols: Vec<(f32, f32)>,
    per_col: Vec<Vec<usize>>,
}

/// The column grid: words into fragments, header and footer bands, columns
/// (each a stack of body lines, [`stack_columns`]), body and heading
/// fragments, and the leading of the body lines.
fn grid(page: &PageWords) -> Option<Grid> {
    let mut m = measure(&page.words)?;
    m.type_boxes = page.type_boxes;
    let mut frags = fragments(&page.words, &m);
    furniture(&mut frags, &m, page.width, page.height);
    captions(&mut frags, &m);
    // a line running over a gutter of the page's grid is two lines
    let page_grid = columns(&frags, &m, page.width);
    let mut frags = split_at_gutters(frags, &page_grid, &m);
    // pieces of a widely justified line (as OCR reads it) are one line in the page's grid…
    let grid_cols: Vec<Column> = page_grid.iter().map(|&(x0, x1)| Column { x0, x1, h: m.hb }).collect();
    let none = vec![None; frags.len()];
    classify(&mut frags, &grid_cols, &none, &m);
    let mut frags = merge_column_pieces(frags, Some(1.2), &m);
    // …then the columns are where the lines stack, and so are body and heading lines
    let (cols, col_of) = stack_columns(&frags, &m);
    classify(&mut frags, &cols, &col_of, &m);
    let cols: Vec<(f32, f32)> = cols.iter().map(|c| (c.x0, c.x1)).collect();
    // one column holds one line at a height: pieces of a widely justified line are one line
    frags = merge_column_pieces(frags, None, &m);
    // leading
    let mut per_col: Vec<Vec<usize>> = vec![Vec::new(); cols.len()];
    for (i, f) in frags.iter().enumerate() {
        if f.kind == Kind::Body {
            per_col[f.col.unwrap()].push(i);
        }
    }
    for v in per_col.iter_mut() {
        v.sort_by(|&a, &b| frags[a].y0.total_cmp(&frags[b].y0));
    }
    let mut steps: Vec<f32> = Vec::new();
    for v in &per_col {
        for w in v.windows(2) {
            let d = frags[w[1]].y1 - frags[w[0]].y1;
            if d > 0.8 * m.hb && d < 2.5 * m.hb {
                steps.push(d);
            }
        }
    }
    m.leading = median(&mut steps).unwrap_or(m.hb * 1.2);

    Some(Grid { m, frags, cols, per_col })
}

/// Each fragment's column (its stack's, `col_of`, or the column it stands
/// inside in that column's type) and kind: body in a column, heading else.
fn classify(frags: &mut [Frag], cols: &[Column], col_of: &[Option<usize>], m: &Metrics) {
    for (i, f) in frags.iter_mut().enumerate() {
        if matches!(f.kind, Kind::Header | Kind::Footer | Kind::Caption) {
            continue;
        }
        let text = f.spaced(m);
        // a line of one or two characters about the column's size is body text (its measured size is the least sure: 能。)
        let tiny = text.chars().filter(|c| !c.is_whitespace()).count() <= 3;
        let w = (f.x1 - f.x0).max(0.1);
        f.col = col_of[i].or_else(|| {
            cols.iter()
                .enumerate()
                .filter(|(_, c)| (f.h - c.h).abs() <= 0.05 * c.h || (tiny && f.h >= 0.4 * c.h && f.h <= 1.25 * c.h))
                .map(|(k, c)| (k, overlap(f.x0, f.x1, c.x0, c.x1), (f.h - c.h).abs()))
                .filter(|&(_, o, _)| o >= 0.8 * w.min(w - 0.5 * m.em).max(0.1))
                // of columns at the same place, the one set in its size
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.2.total_cmp(&a.2)))
                .map(|(k, _, _)| k)
        });
        // a line in colour is display type (a column logo), never a column's text
        f.kind = if f.col.is_some() && !starts_with_marker(&text) && !f.coloured() { Kind::Body } else { Kind::Heading };
    }
}

/// The box of a group of fragments: (x0, y0, x1, y1).
fn extent(frags: &[Frag], g: &[usize]) -> (f32, f32, f32, f32) {
    (
        g.iter().map(|&i| frags[i].x0).fold(f32::MAX, f32::min),
        g.iter().map(|&i| frags[i].y0).fold(f32::MAX, f32::min),
        g.iter().map(|&i| frags[i].x1).fold(f32::MIN, f32::max),
        g.iter().map(|&i| frags[i].y1).fold(f32::MIN, f32::max),
    )
}

/// Heading groups: heading fragments that touch are one group (kicker,
/// headlines, subheadlines); a kicker standing apart joins the heading below it.
fn heading_groups(frags: &[Frag], m: &Metrics, page_width: f32) -> Vec<Vec<usize>> {
    let m = *m;
    // heading groups: heading fragments that touch
    let heads: Vec<usize> = (0..frags.len()).filter(|&i| frags[i].kind == Kind::Heading).collect();
    let mut sets = Sets::new(heads.len());
    for a in 0..heads.len() {
        for b in a + 1..heads.len() {
            let (fa, fb) = (&frags[heads[a]], &frags[heads[b]]);
            let vgap = (fb.y0 - fa.y1).max(fa.y0 - fb.y1);
            let hov = overlap(fa.x0, fa.x1, fb.x0, fb.x1);
            if vgap <= 0.9 * fa.h.max(fb.h) && hov > 0.0 {
                sets.union(a, b);
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    {
        let mut root_idx: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for a in 0..heads.len() {
            let r = sets.find(a);
            let gi = *root_idx.entry(r).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[gi].push(heads[a]);
        }
    }
    // a kicker standing apart (centred over its article above a headline set left)
    // belongs to the heading right below it
    let marker_only = |g: &Vec<usize>| g.iter().all(|&i| starts_with_marker(&frags[i].spaced(&m)) || logo_type(&frags[i], &m));
    let ext = |g: &Vec<usize>| {
        (
            g.iter().map(|&i| frags[i].x0).fold(f32::MAX, f32::min),
            g.iter().map(|&i| frags[i].y0).fold(f32::MAX, f32::min),
            g.iter().map(|&i| frags[i].x1).fold(f32::MIN, f32::max),
            g.iter().map(|&i| frags[i].y1).fold(f32::MIN, f32::max),
        )
    };
    let mut k = 0;
    while k < groups.len() {
        if !marker_only(&groups[k]) {
            k += 1;
            continue;
        }
        let (kx0, ky0, kx1, ky1) = ext(&groups[k]);
        let kh = ky1 - ky0;
        // a kicker right above body text heads that text
        let text_below = frags.iter().any(|f| f.kind == Kind::Body && f.y0 >= ky1 - 0.2 * kh && f.y0 <= ky1 + 1.5 * m.leading && overlap(f.x0, f.x1, kx0, kx1) > 0.0);
        if text_below {
            k += 1;
            continue;
        }
        let best = (0..groups.len())
            .filter(|&j| j != k && !marker_only(&groups[j]))
            .filter_map(|j| {
                let (x0, y0, x1, _) = ext(&groups[j]);
                let dy = y0 - ky1;
                let dx = (x0 - kx1).max(kx0 - x1).max(0.0);
                (dy >= -0.3 * kh && dy <= 2.5 * kh && dx <= 0.5 * page_width).then_some((dy.max(0.0) + dx, j))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0));
        match best {
            Some((_, j)) => {
                let g = groups.remove(k);
                let j = if j > k { j - 1 } else { j };
                groups[j].extend(g);
            }
            None => k += 1,
        }
    }
    groups
}

/// Each column's body lines cut into runs at heading lines, at wide vertical gaps and at lines opening an article (datelines, 上接 lines).
fn cut_runs(frags: &[Frag], per_col: &[Vec<usize>], cols: &[(f32, f32)], heads: &[usize], m: &Metrics) -> Vec<Run> {
    let m = *m;
    // runs
    let mut runs: Vec<Run> = Vec::new();
    for (c, v) in per_col.iter().enumerate() {
        let (cx0, cx1) = cols[c];
        let mut cur: Vec<usize> = Vec::new();
        for &i in v {
            if let Some(&p) = cur.last() {
                let (a, b) = (&frags[p], &frags[i]);
                let gap_big = b.y1 - a.y1 > 1.6 * m.leading;
                let heading_between = heads.iter().any(|&h| {
                    let f = &frags[h];
                    overlap(f.x0, f.x1, cx0, cx1) >= 0.5 * m.em && f.cy() > a.y1 - 0.2 * m.hb && f.cy() < b.y0 + 0.2 * m.hb
                });
                let dl = opens_article(b, &m, cx0);
                if gap_big || heading_between || dl {
                    runs.push(make_run(c, std::mem::take(&mut cur), &frags, &m, cx0));
                }
            }
            cur.push(i);
        }
        if !cur.is_empty() {
            runs.push(make_run(c, cur, &frags, &m, cx0));
        }
    }

    runs
}

/// Which article each run belongs to: `owner[run]`, a heading group; runs
/// owned by none are `orphan[run]`, one of `extra` articles without a heading.
struct Owners {
    owner: Vec<Option<usize>>,
    orphan: Vec<Option<usize>>,
    extra: usize,
}

/// Ownership, in three steps: the heading group right above a run (or the
/// run right under a heading that covers no column well); the article whose
/// run starts beside it at the same height; the run above it in its column.
fn owners(runs: &[Run], gbox: &[(f32, f32, f32, f32)], captions: &[(f32, f32, f32, f32)], cols: &[(f32, f32)], m: &Metrics) -> Owners {
    let mut owner: Vec<Option<usize>> = vec![None; runs.len()];
    let mut direct: Vec<bool> = vec![false; runs.len()];
    owner_above(runs, gbox, captions, cols, m, &mut owner, &mut direct);
    owner_beside(runs, gbox, cols, m, &mut owner);
    owner_around(runs, gbox, captions, cols, m, &mut owner);
    // (columns beside those set around a headline, at their height, are the article's too)
    owner_beside(runs, gbox, cols, m, &mut owner);
    let (orphan, extra) = owner_in_column(runs, gbox, captions, cols, m, &mut owner);
    Owners { owner, orphan, extra }
}

/// 1. The heading group right above a run in its column (near it, or with a
/// photo between them: its caption shows where it stands); 1b. a heading that
/// covers no column well takes the run starting right under it nearest its centre.
fn owner_above(runs: &[Run], gbox: &[(f32, f32, f32, f32)], captions: &[(f32, f32, f32, f32)], cols: &[(f32, f32)], m: &Metrics, owner: &mut [Option<usize>], direct: &mut [bool]) {
    // a headline centred over its article covers the outer columns only in part:
    // the columns it overlaps are its article's when it stands centred over them
    let centred: Vec<bool> = gbox
        .iter()
        .map(|&(gx0, _, gx1, _)| {
            let under: Vec<&(f32, f32)> = cols.iter().filter(|c| overlap(gx0, gx1, c.0, c.1) > 0.0).collect();
            let x0 = under.iter().map(|c| c.0).fold(f32::MAX, f32::min);
            let x1 = under.iter().map(|c| c.1).fold(f32::MIN, f32::max);
            under.len() >= 2 && ((x0 + x1) - (gx0 + gx1)).abs() / 2.0 <= 0.5 * m.em
        })
        .collect();
    // ownership: 1. the heading group right above a run in its column
    for (ri, r) in runs.iter().enumerate() {
        let (cx0, cx1) = cols[r.col];
        let cw = cx1 - cx0;
        let mut best: Option<(f32, usize)> = None;
        for (gi, &(gx0, _gy0, gx1, gy1)) in gbox.iter().enumerate() {
            let ov = overlap(gx0, gx1, cx0, cx1);
            if (ov < (0.25 * cw).min(0.3 * (gx1 - gx0)) && !(centred[gi] && ov > 0.0)) || gy1 > r.y0 + 0.5 * m.hb {
                continue;
            }
            if best.is_none_or(|(y, _)| gy1 > y) {
                best = Some((gy1, gi));
            }
        }
        if let Some((gy1, gi)) = best {
            // no other text between the heading and the run, over the run's column
            let blocked = runs.iter().any(|o| {
                let (ox0, ox1) = cols[o.col];
                overlap(ox0, ox1, cx0, cx1) > 0.3 * cw.min(ox1 - ox0) && o.y0 >= gy1 - 0.2 * m.hb && o.y1 <= r.y0 + 0.2 * m.hb && o.y0 < r.y0
            });
            if !blocked && (r.y0 - gy1 < 6.0 * m.leading || photo_between(captions, gy1, r.y0, (cx0, cx1), m)) {
                owner[ri] = Some(gi);
                direct[ri] = true;
            }
        }
    }
    // 1a. a headline set vertically (a strip beside its columns) takes the run
    // starting at its top right beside it, on its left first
    for (gi, &(gx0, gy0, gx1, gy1)) in gbox.iter().enumerate() {
        if !vertical((gx0, gy0, gx1, gy1)) || owner.contains(&Some(gi)) {
            continue;
        }
        let pick = (0..runs.len())
            .filter(|&ri| owner[ri].is_none() && (runs[ri].y0 - gy0).abs() <= 3.0 * m.leading)
            .filter_map(|ri| {
                let (cx0, cx1) = cols[runs[ri].col];
                let left = gx0 - cx1;
                let right = cx0 - gx1;
                [(left, 0.0), (right, 0.5)].into_iter().filter(|&(d, _)| d > -0.5 * m.em && d < 3.0 * m.em).map(|(d, side)| (d.max(0.0) + side, ri)).next()
            })
            .min_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, ri)) = pick {
            owner[ri] = Some(gi);
            direct[ri] = true;
        }
    }
    // 1b. a heading that covers no column well takes the run starting right under it nearest its centre
    for (gi, &(gx0, _, gx1, gy1)) in gbox.iter().enumerate() {
        if owner.contains(&Some(gi)) {
            continue;
        }
        let gc = (gx0 + gx1) / 2.0;
        let pick = (0..runs.len())
            .filter(|&ri| owner[ri].is_none() && runs[ri].y0 >= gy1 - 0.5 * m.hb && runs[ri].y0 - gy1 < 4.0 * m.leading)
            .map(|ri| {
                let (cx0, cx1) = cols[runs[ri].col];
                (((cx0 + cx1) / 2.0 - gc).abs(), ri, cx1 - cx0)
            })
            .filter(|&(d, _, cw)| d < cw)
            .min_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, ri, _)) = pick {
            owner[ri] = Some(gi);
            direct[ri] = true;
        }
    }
}

/// A photo's caption between heights `top` and `bottom`, under part of the
/// column `(cx0, cx1)`: a photo stands there, and the text goes on under it.
fn photo_between(captions: &[(f32, f32, f32, f32)], top: f32, bottom: f32, (cx0, cx1): (f32, f32), m: &Metrics) -> bool {
    captions.iter().any(|c| c.1 >= top - 0.5 * m.hb && c.3 <= bottom + 0.5 * m.hb && overlap(c.0, c.2, cx0, cx1) > 0.0)
}

/// A heading set vertically: a strip at least three times as tall as it is wide.
fn vertical((x0, y0, x1, y1): (f32, f32, f32, f32)) -> bool {
    y1 - y0 >= 3.0 * (x1 - x0)
}

/// 2a. A column starting level with a heading's top, with no dateline of its
/// own, beside a column of that heading's article: the article's text set
/// around its headline (the headline spans only some of its columns); or
/// starting right under the heading, beside a photo under the heading over
/// the column next to it (the text set around the photo).
fn owner_around(runs: &[Run], gbox: &[(f32, f32, f32, f32)], captions: &[(f32, f32, f32, f32)], cols: &[(f32, f32)], m: &Metrics, owner: &mut [Option<usize>]) {
    for ri in 0..runs.len() {
        let r = &runs[ri];
        let (cx0, cx1) = cols[r.col];
        // (text resuming under a photo, its caption right above, continues its column)
        let under_photo = photo_between(captions, r.y0 - 2.0 * m.leading, r.y0, (cx0, cx1), m);
        if owner[ri].is_some() || r.opens || under_photo {
            continue;
        }
        let pick = gbox.iter().enumerate().find(|&(gi, &(_, gy0, _, gy1))| {
            let level_with_top = r.y0 >= gy0 - 0.5 * m.leading && r.y0 <= gy0 + m.leading && r.y0 < gy1;
            // (or right under it, beside the photo set under the heading over the other columns)
            let under = r.y0 >= gy1 - 0.5 * m.hb && r.y0 <= gy1 + 2.0 * m.leading;
            (level_with_top || under)
                && (0..runs.len()).any(|o| {
                    // (the column on its left: text goes on rightwards, and nothing of an
                    // article stands before its dateline)
                    owner[o] == Some(gi)
                        && runs[o].y0 > gy1 - 0.5 * m.hb
                        && cols[runs[o].col].0 < cols[r.col].0
                        && neighbours(cols, runs[o].col, r.col, m)
                        && (level_with_top || photo_between(captions, r.y0, runs[o].y0, cols[runs[o].col], m))
                })
        });
        if let Some((gi, _)) = pick {
            owner[ri] = Some(gi);
        }
    }
}

/// 2. A run with no heading above it joins the article whose run starts beside it.
fn owner_beside(runs: &[Run], gbox: &[(f32, f32, f32, f32)], cols: &[(f32, f32)], m: &Metrics, owner: &mut [Option<usize>]) {
    // 2. a run with no heading above it joins the article whose run starts beside
    // it at the same height: of two such, the one whose heading is centred
    // nearer (a short headline stands over the middle or the left of its
    // article), and never so as to come before its article's dateline
    loop {
        let mut assign: Vec<(usize, usize)> = Vec::new();
        for ri in 0..runs.len() {
            if owner[ri].is_some() {
                continue;
            }
            let r = &runs[ri];
            let (cx0, cx1) = cols[r.col];
            let ccen = (cx0 + cx1) / 2.0;
            let mut best: Option<(f32, usize)> = None;
            for (oi, o) in runs.iter().enumerate() {
                let Some(g) = owner[oi] else { continue };
                if !neighbours(cols, o.col, r.col, m) || (o.y0 - r.y0).abs() > 1.2 * m.leading {
                    continue;
                }
                // (a headline set vertically stands beside its columns, not over them)
                if gbox[g].3 > r.y0 + 0.5 * m.hb && !vertical(gbox[g]) {
                    continue;
                }
                let has_dl = |pred: &dyn Fn(&Run) -> bool| runs.iter().enumerate().any(|(k, q)| owner[k] == Some(g) && q.opens && pred(q));
                // a run starting with a dateline opens its own article
                if r.opens && has_dl(&|_| true) {
                    continue;
                }
                // nothing of an article comes before its dateline
                if has_dl(&|q| cols[q.col].0 > cx0) {
                    continue;
                }
                let gcen = (gbox[g].0 + gbox[g].2) / 2.0;
                let d = (gcen - ccen).abs() + if cols[o.col].0 < cx0 { 0.0 } else { 0.01 };
                if best.is_none_or(|(b, _)| d < b) {
                    best = Some((d, g));
                }
            }
            if let Some((_, g)) = best {
                assign.push((ri, g));
            }
        }
        if assign.is_empty() {
            break;
        }
        for (ri, g) in assign {
            owner[ri] = Some(g);
        }
    }
}

/// 3. What is left continues the run above it in its column, or stands alone
/// (articles without a heading: each run's one, and how many there are).
fn owner_in_column(runs: &[Run], gbox: &[(f32, f32, f32, f32)], captions: &[(f32, f32, f32, f32)], cols: &[(f32, f32)], m: &Metrics, owner: &mut [Option<usize>]) -> (Vec<Option<usize>>, usize) {
    // 3. what is left continues the run above it in its column, or stands alone
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by(|&a, &b| runs[a].y0.total_cmp(&runs[b].y0));
    let mut sets = Sets::new(0);
    let mut orphan_owner: Vec<Option<usize>> = vec![None; runs.len()]; // index into extra articles
    for &ri in &order {
        if owner[ri].is_some() {
            continue;
        }
        let r = &runs[ri];
        let above = order
            .iter()
            .copied()
            .filter(|&k| k != ri && runs[k].col == r.col && runs[k].y1 <= r.y0 + 0.2 * m.hb)
            .max_by(|&a, &b| runs[a].y1.total_cmp(&runs[b].y1));
        // a run opening an article on its left at the same height: r goes on from it
        // (past a photo, or a rule: 上接第1版 set under another article's end)
        let opens_beside = || runs.iter().any(|o| o.opens && cols[o.col].0 < cols[r.col].0 && neighbours(cols, o.col, r.col, m) && (o.y0 - r.y0).abs() <= 1.2 * m.leading);
        let head_between = |k: usize| gbox.iter().any(|&(gx0, gy0, gx1, gy1)| {
            let (cx0, cx1) = cols[r.col];
            overlap(gx0, gx1, cx0, cx1) > 0.0 && gy0 >= runs[k].y1 - 0.2 * m.hb && gy1 <= r.y0 + 0.2 * m.hb
        });
        match above {
            Some(k) if !r.opens && !head_between(k) && (r.y0 - runs[k].y1 < 4.0 * m.leading || photo_between(captions, runs[k].y1, r.y0, cols[r.col], m)) && !opens_beside() => {
                if let Some(g) = owner[k] {
                    owner[ri] = Some(g);
                } else {
                    orphan_owner[ri] = orphan_owner[k];
                }
            }
            _ => {
                // a new article, one with any beside it starting at the same height
                // (the one on the right continues the one on its left, unless it
                // opens with a dateline)
                let g = sets.add();
                orphan_owner[ri] = Some(g);
                for &k in &order {
                    let Some(o) = orphan_owner[k] else { continue };
                    if k == ri || !neighbours(cols, runs[k].col, r.col, m) || (runs[k].y0 - r.y0).abs() > 1.2 * m.leading {
                        continue;
                    }
                    let right = if cols[runs[k].col].0 > cols[r.col].0 { &runs[k] } else { r };
                    if !right.opens {
                        sets.union(g, o);
                    }
                }
            }
        }
    }
    // number the articles without a heading in the order they were opened
    let mut number: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut roots: Vec<usize> = (0..sets.len()).map(|g| sets.find(g)).collect();
    for g in 0..roots.len() {
        let n = number.len();
        roots[g] = *number.entry(roots[g]).or_insert(n);
    }
    for o in orphan_owner.iter_mut().flatten() {
        *o = roots[*o];
    }
    let extra_groups = number.len();
    if std::env::var_os("BENBAO_LAYOUT_DEBUG").is_some() {
        for (ri, r) in runs.iter().enumerate() {
            eprintln!("run col {} {:?} y {:.0}-{:.0} opens {} owner {:?} orphan {:?}", r.col, cols[r.col], r.y0, r.y1, r.opens, owner[ri], orphan_owner[ri]);
        }
    }
    (orphan_owner, extra_groups)
}

/// The articles as laid out, in reading order (top to bottom in bands, left
/// to right): each heading group's rows (kicker rows first) and its runs,
/// then the articles without a heading.
#[allow(clippy::too_many_arguments)]
fn blocks(frags: &[Frag], groups: &[Vec<usize>], gbox: &[(f32, f32, f32, f32)], runs: &[Run], owners: &Owners, cols: &[(f32, f32)], m: &Metrics) -> Vec<Block> {
    let (owner, orphan_owner, extra_groups) = (&owners.owner, &owners.orphan, owners.extra);
    let m = *m;
    // assemble
    let mut blocks_at: Vec<(f32, f32, Block)> = Vec::new();
    let mut no = 0usize;
    let mut line_of = |f: &Frag, cx0: f32, cx1: f32, run_start: bool, no: &mut usize| {
        *no += 1;
        Line { spaced: f.spaced(&m), x0: f.x0, x1: f.x1, y0: f.y0, y1: f.y1, cx0, cx1, h: f.h, em: f.em(&m), no: *no, run_start, apart: false, coloured: f.coloured() }
    };
    let body_of = |sel: &dyn Fn(usize) -> bool, no: &mut usize, line_of: &mut dyn FnMut(&Frag, f32, f32, bool, &mut usize) -> Line| {
        let mut rs: Vec<usize> = (0..runs.len()).filter(|&k| sel(k)).collect();
        rs.sort_by(|&a, &b| runs[a].col.cmp(&runs[b].col).then(runs[a].y0.total_cmp(&runs[b].y0)));
        let mut body = Vec::new();
        for k in rs {
            let (cx0, cx1) = cols[runs[k].col];
            for (j, &i) in runs[k].lines.iter().enumerate() {
                body.push(line_of(&frags[i], cx0, cx1, j == 0, no));
            }
        }
        body
    };
    for (gi, g) in groups.iter().enumerate() {
        let (gx0, gy0, gx1, _) = gbox[gi];
        let mut fs: Vec<usize> = g.clone();
        fs.sort_by(|&a, &b| frags[a].y0.total_cmp(&frags[b].y0).then(frags[a].x0.total_cmp(&frags[b].x0)));
        // rows: fragments on one baseline read left to right
        let mut rows: Vec<Vec<usize>> = Vec::new();
        for i in fs {
            match rows.last_mut() {
                Some(r) if (frags[r[0]].cy() - frags[i].cy()).abs() < 0.3 * frags[i].h.min(frags[r[0]].h) && (frags[r[0]].h - frags[i].h).abs() < 0.15 * frags[i].h => r.push(i),
                _ => rows.push(vec![i]),
            }
        }
        let mut kicker = Vec::new();
        let mut heading = Vec::new();
        let mut logo = false;
        for r in rows {
            let mut r = r;
            r.sort_by(|&a, &b| frags[a].x0.total_cmp(&frags[b].x0));
            let mut ws: Vec<Word> = Vec::new();
            for &i in &r {
                ws.extend(frags[i].words.iter().cloned());
            }
            let f0 = &frags[r[0]];
            let merged = Frag {
                x0: r.iter().map(|&i| frags[i].x0).fold(f32::MAX, f32::min),
                y0: r.iter().map(|&i| frags[i].y0).fold(f32::MAX, f32::min),
                x1: r.iter().map(|&i| frags[i].x1).fold(f32::MIN, f32::max),
                y1: r.iter().map(|&i| frags[i].y1).fold(f32::MIN, f32::max),
                h: f0.h,
                words: ws,
                col: None,
                kind: Kind::Heading,
            };
            logo |= heading.is_empty() && kicker.is_empty() && logo_type(&merged, &m);
            let mut l = line_of(&merged, gx0, gx1, false, &mut no);
            if let Some(above) = heading.last().or(kicker.last()) {
                let above: &Line = above;
                // type boxes of lines set solid touch; the ink of a scan's lines leaves a gap
                // even then, so a deck set apart shows a wider one, and in clearly smaller
                // type (ink heights vary with the characters)
                l.apart = if m.type_boxes {
                    l.y0 - above.y1 >= -0.05 * l.h.min(above.h)
                } else {
                    l.y0 - above.y1 >= APART_INK * l.h.min(above.h) && l.h <= 0.8 * above.h
                };
            }
            if heading.is_empty() && starts_with_marker(&l.spaced) {
                kicker.push(l);
            } else {
                heading.push(l);
            }
        }
        // a column logo: a short first line in colour over a headline in larger type
        if logo && kicker.is_empty() && heading.len() >= 2 && heading[1..].iter().any(|h| !h.coloured && h.h >= 1.2 * heading[0].h) {
            kicker.push(heading.remove(0));
            if let Some(h) = heading.first_mut() {
                h.apart = false;
            }
        }
        let body = body_of(&|k| owner[k] == Some(gi), &mut no, &mut line_of);
        let top = gy0;
        blocks_at.push((top, gx0, Block { kicker, heading, body, captions: Vec::new() }));
    }
    for e in 0..extra_groups {
        let body = body_of(&|k| owner[k].is_none() && orphan_owner[k] == Some(e), &mut no, &mut line_of);
        if let Some(first) = body.first() {
            blocks_at.push((first.y0, first.cx0, Block { body, ..Default::default() }));
        }
    }
    blocks_at.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    blocks_at.into_iter().map(|b| b.2).collect()
}

/// Each caption (its lines set solid, top to bottom) goes to the article
/// printed nearest it among those it stands over or under: a photo stands
/// inside its article, under the headline or among the columns.
fn attach_captions(blocks: &mut [Block], frags: &[Frag], m: &Metrics) {
    let mut lines: Vec<usize> = (0..frags.len()).filter(|&i| frags[i].kind == Kind::Caption).collect();
    lines.sort_by(|&a, &b| frags[a].y0.total_cmp(&frags[b].y0));
    let mut chains: Vec<Vec<usize>> = Vec::new();
    for i in lines {
        let f = &frags[i];
        match chains.iter_mut().find(|c| {
            let l = &frags[*c.last().unwrap()];
            f.y0 - l.y1 <= 0.6 * l.h && f.y0 >= l.y1 - 0.3 * l.h && overlap(f.x0, f.x1, l.x0, l.x1) > 0.0
        }) {
            Some(c) => c.push(i),
            None => chains.push(vec![i]),
        }
    }
    for c in chains {
        let (x0, y0, x1, y1) = extent(frags, &c);
        let best = blocks
            .iter()
            .enumerate()
            .filter_map(|(k, b)| {
                b.kicker
                    .iter()
                    .chain(&b.heading)
                    .chain(&b.body)
                    .filter(|l| overlap(l.x0, l.x1, x0, x1) > 0.3 * (x1 - x0).min(l.x1 - l.x0))
                    .map(|l| (l.y0 - y1).max(y0 - l.y1).max(0.0))
                    .min_by(f32::total_cmp)
                    .map(|d| (d, k))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0));
        let Some((_, k)) = best else { continue };
        let caption = c
            .iter()
            .map(|&i| {
                let f = &frags[i];
                Line { spaced: f.spaced(m), x0: f.x0, x1: f.x1, y0: f.y0, y1: f.y1, cx0: x0, cx1: x1, h: f.h, em: f.em(m), no: 0, run_start: false, apart: false, coloured: f.coloured() }
            })
            .collect();
        blocks[k].captions.push(caption);
    }
}

/// Set like a column's logo (今日谈, 快评 …): a few characters in colour, in
/// type not much larger than the body's.
fn logo_type(f: &Frag, m: &Metrics) -> bool {
    f.coloured() && f.h <= 1.8 * m.hb && f.words.iter().map(|w| w.text.chars().count()).sum::<usize>() <= 8
}

/// Two columns side by side: apart by a gutter, not more.
fn neighbours(cols: &[(f32, f32)], a: usize, b: usize, m: &Metrics) -> bool {
    let ((a0, a1), (b0, b1)) = (cols[a], cols[b]);
    let gap = (b0 - a1).max(a0 - b1);
    a != b && gap > -0.3 * m.em && gap < 3.0 * m.em
}

/// Does the line open an article: an indented dateline (本报讯…), or a
/// 上接第N版 line or one opening with that mark (the rest of an article from another page)?
fn opens_article(f: &Frag, m: &Metrics, cx0: f32) -> bool {
    let t = f.spaced(m);
    if benbao::furniture::jump(t.trim()) == Some(benbao::furniture::Jump::In) || benbao::furniture::leading_jump(t.trim()).is_some() {
        return true;
    }
    f.x0 - cx0 >= 0.8 * m.em && benbao::dateline::parse_dateline(&t).is_some()
}

fn make_run(col: usize, lines: Vec<usize>, frags: &[Frag], m: &Metrics, cx0: f32) -> Run {
    let y0 = frags[lines[0]].y0;
    let y1 = frags[*lines.last().unwrap()].y1;
    let opens = opens_article(&frags[lines[0]], m, cx0);
    Run { col, lines, y0, y1, opens }
}

/// Merges body fragments of one column that stand on one baseline (at most
/// `max_gap` ems apart, when given).
fn merge_column_pieces(frags: Vec<Frag>, max_gap: Option<f32>, m: &Metrics) -> Vec<Frag> {
    let mut out: Vec<Frag> = Vec::with_capacity(frags.len());
    let mut idx: Vec<usize> = (0..frags.len()).collect();
    idx.sort_by(|&a, &b| frags[a].x0.total_cmp(&frags[b].x0));
    let mut frags: Vec<Option<Frag>> = frags.into_iter().map(Some).collect();
    let mut placed: Vec<usize> = Vec::new(); // indices into out of body fragments
    for i in idx {
        let f = frags[i].take().unwrap();
        if f.kind == Kind::Body {
            if let Some(&k) = placed.iter().find(|&&k| {
                let o = &out[k];
                o.col == f.col
                    && (o.y1 - f.y1).abs() <= 0.25 * o.h.min(f.h)
                    && (o.h - f.h).abs() <= 0.1 * o.h.max(f.h)
                    && max_gap.is_none_or(|g| f.x0 - o.x1 <= g * f.em(m))
            }) {
                let o = &mut out[k];
                o.x0 = o.x0.min(f.x0);
                o.x1 = o.x1.max(f.x1);
                o.y0 = o.y0.min(f.y0);
                o.y1 = o.y1.max(f.y1);
                o.words.extend(f.words);
                o.words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
                continue;
            }
            placed.push(out.len());
        }
        out.push(f);
    }
    out
}
