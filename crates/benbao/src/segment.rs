//! Segmentation of a text page: from its lines to its articles.
//!
//! Each line is first classified on its own ([`crate::classify`]); the page's
//! header and footer are marked; articles then start at datelines (together
//! with the kicker and headline lines printed right above them), after a
//! byline, at continuation lines (上接第N版) and at lines that look like
//! titles (`titles`). Each article's lines are split into prelude
//! (kicker, headline, a byline under it), body and closing byline, and handed
//! to the one article assembler ([`crate::assemble`]).

use crate::assemble::{self, Body, Draft, Item};
use crate::byline;
use crate::classify::{classify, is_header_cue, join_wrapped_datelines, Kind};
use crate::furniture;
use crate::page::{Article, Byline, Furniture, FurnitureKind};
use crate::reflow::{self, ends_sentence, BodyLine, Line};
use crate::titles::{
    above_indented_body, byline_continuation, closes_text, headline_like, headline_stands_alone, is_subheadline, leading_byline, short_letter_spaced_title,
    spaced_title, subheadline_below, text_above_is_whole, title_like, wider_than_column,
};

/// Re-exported from [`crate::names`], where `benbao-extract` has long found them.
pub use crate::names::{is_han, surname_len};

/// Everything found on one page (or on the part of it that was buffered).
#[derive(Debug, Default)]
pub struct Segmented {
    /// The articles, in page order, not yet dated ([`crate::article_date`] does that).
    pub articles: Vec<Article>,
    /// Header, footer, jump lines and other furniture kept out of the articles, and the lines that made no article.
    pub furniture: Vec<Furniture>,
}

/// Splits the lines of a page into articles. `page_top` / `page_bottom` say
/// whether the slice starts / ends the page (headers and footers live there).
pub fn segment(lines: &[Line], page: usize, page_top: bool, page_bottom: bool) -> Segmented {
    let mut kinds: Vec<Kind> = lines.iter().map(classify).collect();
    join_wrapped_datelines(lines, &mut kinds);
    if page_top {
        mark_header(lines, &mut kinds);
    }
    if page_bottom {
        mark_bottom(lines, &mut kinds);
    }
    let starts = article_starts(lines, &kinds);
    let mut seg = Segmented::default();
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(lines.len());
        if let Some(a) = article(lines, &kinds[s..e], s, page, &mut seg.furniture) {
            seg.articles.push(a);
        }
    }
    seg
}

/// Page header: a header cue among the first lines marks its whole block (and
/// the paper's name and section under it); a page number on the first line.
fn mark_header(lines: &[Line], kinds: &mut [Kind]) {
    let n = lines.len();
    let nonblank: Vec<usize> = (0..n).filter(|&i| !matches!(kinds[i], Kind::Blank)).take(5).collect();
    if let Some(&cue) = nonblank.iter().find(|&&i| is_header_cue(&lines[i]) && matches!(kinds[i], Kind::Text | Kind::Furniture(_))) {
        let mut end = cue;
        while end + 1 < n && matches!(kinds[end + 1], Kind::Text) && headline_like(&lines[end + 1]) && is_header_cue(&lines[end + 1]) {
            end += 1;
        }
        for k in kinds.iter_mut().take(end + 1) {
            if matches!(k, Kind::Text) {
                *k = Kind::Furniture(FurnitureKind::Header);
            }
        }
        // the rest of the header's block (paper name, section) when no blank separates it
        let mut k = end + 1;
        while k < n
            && matches!(kinds[k], Kind::Text)
            && headline_like(&lines[k])
            && k <= end + 2
            && (lines[k].text.chars().count() <= 6
                || (lines[k].text.chars().count() <= 12
                    && !(k + 1..n).find(|&j| !matches!(kinds[j], Kind::Blank)).is_some_and(|j| matches!(kinds[j], Kind::Dateline(_)))))
        {
            kinds[k] = Kind::Furniture(FurnitureKind::Header);
            k += 1;
        }
    }
    if let Some(&f) = nonblank.first() {
        if matches!(kinds[f], Kind::Text) && furniture::is_page_number(&lines[f].text) {
            kinds[f] = Kind::Furniture(FurnitureKind::PageNumber);
        }
    }
}

/// Page bottom: a page number or header cue among the last lines.
fn mark_bottom(lines: &[Line], kinds: &mut [Kind]) {
    let mut seen = 0;
    for i in (0..lines.len()).rev() {
        if matches!(kinds[i], Kind::Blank) {
            continue;
        }
        seen += 1;
        if seen > 3 {
            break;
        }
        match kinds[i] {
            Kind::Text if furniture::is_page_number(&lines[i].text) || is_header_cue(&lines[i]) => kinds[i] = Kind::Furniture(FurnitureKind::PageNumber),
            Kind::Furniture(_) => {}
            _ => break,
        }
    }
}

/// Where articles start (the first line always does); a kicker start right
/// above a dateline start, with only prelude between them, is one start.
fn article_starts(lines: &[Line], kinds: &[Kind]) -> Vec<usize> {
    let mut starts: Vec<usize> = (0..lines.len()).filter_map(|i| start_at(lines, kinds, i)).collect();
    starts.push(0);
    starts.sort_unstable();
    starts.dedup();
    let mut merged: Vec<usize> = Vec::new();
    for &s in &starts {
        if let Some(&prev) = merged.last() {
            let prelude_only = (prev..s).all(|k| {
                matches!(kinds[k], Kind::Blank | Kind::Kicker | Kind::Furniture(_)) || (matches!(kinds[k], Kind::Text) && headline_like(&lines[k]))
            });
            if prelude_only && !matches!(kinds[prev], Kind::JumpIn) {
                continue;
            }
        }
        merged.push(s);
    }
    merged
}

/// The start of the article that line `i` opens, if it opens one.
fn start_at(lines: &[Line], kinds: &[Kind], i: usize) -> Option<usize> {
    match &kinds[i] {
        Kind::Dateline(_) => Some(prelude_above(lines, kinds, i)),
        Kind::JumpIn | Kind::Kicker => Some(i),
        // a title the layout sets apart: wider than the column, split by a
        // space, or unindented above an indented body; it starts an article
        // when the text above has closed (with the title lines just above it)
        Kind::Text
            if !lines[i].centered()
                && title_like(&lines[i])
                && (wider_than_column(lines, kinds, i)
                    || (!lines[i].kept_indent() && subheadline_below(lines, kinds, i))
                    || ((spaced_title(&lines[i]) && !lines[i].letter_spaced
                        || short_letter_spaced_title(lines, kinds, i)
                        || above_indented_body(lines, kinds, i))
                        && text_above_is_whole(lines, kinds, i))) =>
        {
            let s = wrapped_title_top(lines, kinds, i);
            let above = (0..s).rev().find(|&j| !matches!(kinds[j], Kind::Blank));
            above.is_none_or(|j| closes_text(lines, kinds, j)).then_some(s)
        }
        Kind::Text if lines[i].centered() && headline_like(&lines[i]) => {
            // a centred title starts an article unless it continues the title above
            let above = (0..i).rev().find(|&j| !matches!(kinds[j], Kind::Blank));
            let continues = above.is_some_and(|j| {
                matches!(kinds[j], Kind::Kicker) || (matches!(kinds[j], Kind::Text) && lines[j].centered() && headline_like(&lines[j]))
            });
            (!continues).then_some(i)
        }
        Kind::Byline(_) if leading_byline(lines, kinds, i) => None,
        Kind::Byline(_) => {
            // the first line after the byline block starts something new
            let mut j = i + 1;
            while j < lines.len() && matches!(kinds[j], Kind::Blank | Kind::Furniture(_)) {
                j += 1;
            }
            (j < lines.len() && !matches!(kinds[j], Kind::Byline(_)) && !byline_continuation(kinds, lines, i, j)).then_some(j)
        }
        _ => None,
    }
}

/// The first line of the kicker and headline lines printed above the dateline at `i`.
fn prelude_above(lines: &[Line], kinds: &[Kind], i: usize) -> usize {
    let mut s = i;
    let mut k = i;
    let mut taken = 0;
    let mut blanks = 0;
    while k > 0 {
        k -= 1;
        match &kinds[k] {
            Kind::Blank => {
                blanks += 1;
                if blanks > 2 {
                    break;
                }
            }
            Kind::Kicker => {
                s = k;
                taken += 1;
                blanks = 0;
            }
            Kind::Text if taken < 3 && headline_like(&lines[k]) => {
                // the line above must close something (or be the page top)
                let above = (0..k).rev().find(|&j| !matches!(kinds[j], Kind::Blank));
                let closes = match above {
                    None => true,
                    Some(j) => match &kinds[j] {
                        Kind::Text => ends_sentence(&lines[j].text) || headline_like(&lines[j]) || byline::ends_with_byline(&lines[j].spaced),
                        _ => true,
                    },
                };
                if !closes {
                    break;
                }
                s = k;
                taken += 1;
                blanks = 0;
            }
            _ => break,
        }
    }
    s
}

/// The top line of a title wrapped over two or three lines ending at `i`.
fn wrapped_title_top(lines: &[Line], kinds: &[Kind], i: usize) -> usize {
    let mut s = i;
    while s > 0 && i - s < 3 {
        let j = s - 1;
        let same_kind = (lines[j].letter_spaced && lines[i].letter_spaced) || wider_than_column(lines, kinds, j);
        if same_kind && matches!(kinds[j], Kind::Text) && title_like(&lines[j]) && !lines[j].kept_indent() {
            let before = (0..j).rev().find(|&x| !matches!(kinds[x], Kind::Blank));
            if before.is_none_or(|x| closes_text(lines, kinds, x)) {
                s = j;
                continue;
            }
        }
        break;
    }
    s
}

/// What stands above an article's body: kicker, headline and subheadline, a byline under them.
#[derive(Default)]
struct Prelude {
    kicker: Option<String>,
    headline: Option<String>,
    subheadline: Option<String>,
    byline: Byline,
}

impl Prelude {
    fn take(&mut self, l: &Line, kind: &Kind) {
        match kind {
            Kind::Byline(b) => self.byline.merge(b),
            Kind::Kicker => {
                if self.kicker.is_none() {
                    self.kicker = Some(l.text.clone());
                }
            }
            Kind::Blank | Kind::Furniture(_) | Kind::JumpIn => {}
            _ => {
                if is_subheadline(l) && self.headline.is_some() || self.subheadline.is_some() {
                    append(&mut self.subheadline, &l.text);
                } else {
                    append(&mut self.headline, &l.text);
                }
            }
        }
    }

    fn has_head(&self) -> bool {
        self.kicker.is_some() || self.headline.is_some()
    }
}

fn append(slot: &mut Option<String>, t: &str) {
    match slot {
        Some(s) => reflow::join_into(s, t),
        None => *slot = Some(t.to_string()),
    }
}

/// One article's lines (`kinds` from line `offset` of `lines`), split into
/// prelude, body and closing byline for the assembler. Furniture at its top
/// and bottom goes to `furniture`.
fn article(lines: &[Line], kinds: &[Kind], offset: usize, page: usize, furniture: &mut Vec<Furniture>) -> Option<Article> {
    let n = kinds.len();
    let line = |i: usize| &lines[offset + i];
    let file = |i: usize, kind: FurnitureKind, furniture: &mut Vec<Furniture>| {
        furniture.push(Furniture { kind, line: lines[offset + i].no, text: lines[offset + i].text.clone() });
    };
    let mut continued = false;
    // leading blanks and furniture
    let mut i = 0;
    while i < n {
        match &kinds[i] {
            Kind::Blank => {}
            Kind::Furniture(k) => file(i, *k, furniture),
            Kind::JumpIn => {
                continued = true;
                file(i, FurnitureKind::Jump, furniture);
            }
            _ => break,
        }
        i += 1;
    }
    // trailing blanks, furniture and the closing byline
    let mut end = n;
    let mut byline_lines: Vec<usize> = Vec::new();
    while end > i {
        match &kinds[end - 1] {
            Kind::Blank => end -= 1,
            Kind::Furniture(k) => {
                file(end - 1, *k, furniture);
                end -= 1;
            }
            Kind::Byline(_) => {
                byline_lines.push(end - 1);
                end -= 1;
            }
            // a wrapped byline's second line
            Kind::Text if end - 1 > i && byline_lines.is_empty() && byline_continuation(kinds, &lines[offset..], end - 2, end - 1) => {
                byline_lines.push(end - 1);
                end -= 1;
            }
            _ => break,
        }
    }
    byline_lines.reverse();
    if i >= end && byline_lines.is_empty() {
        return None;
    }
    let closing = byline::read_lines(byline_lines.iter().map(|&k| {
        let alone = match &kinds[k] {
            Kind::Byline(b) => Some(b),
            _ => None,
        };
        (line(k).spaced.as_str(), alone)
    }));
    // prelude: kicker and headline lines before the dateline
    let mut prelude = Prelude::default();
    let dateline_at = (i..end).find(|&k| matches!(kinds[k], Kind::Dateline(_)));
    let body_from = match dateline_at {
        Some(d) => {
            for k in i..d {
                prelude.take(line(k), &kinds[k]);
            }
            d
        }
        None => {
            let mut b = i;
            while b < end {
                match &kinds[b] {
                    Kind::Kicker | Kind::Byline(_) => prelude.take(line(b), &kinds[b]),
                    Kind::Blank if prelude.has_head() => {}
                    Kind::Text if !continued && b - i < 4 && headline_stands_alone(lines, kinds, offset, b, end) => prelude.take(line(b), &kinds[b]),
                    _ => break,
                }
                b += 1;
            }
            b
        }
    };
    let last = byline_lines.last().copied().unwrap_or(end.saturating_sub(1)).max(i);
    let draft = Draft {
        page,
        lines: [line(i).no, lines[(offset + last).min(lines.len() - 1)].no],
        kicker: prelude.kicker,
        overline: None,
        headline: prelude.headline,
        subheadline: prelude.subheadline,
        by_position: false,
        continued,
        opening: prelude.byline,
        body: body(lines, kinds, offset, body_from, end),
        closing,
        boxes: Vec::new(),
        captions: Vec::new(),
        printed: (i..end).filter(|&k| !matches!(kinds[k], Kind::Blank)).map(|k| (line(k).no, line(k).text.clone())).collect(),
    };
    assemble::assemble(draft, furniture)
}

/// The body lines `from..end` of an article (its dateline's line first, when it has one).
fn body<'a>(lines: &'a [Line], kinds: &[Kind], offset: usize, from: usize, end: usize) -> Body<'a> {
    let mut items: Vec<Item> = Vec::new();
    let mut blanks = 0;
    let mut dateline = None;
    let mut dateline_lines: Vec<&str> = Vec::new();
    for k in from..end {
        let l = &lines[offset + k];
        match &kinds[k] {
            Kind::Blank => blanks += 1,
            Kind::Consumed => {
                if !dateline_lines.is_empty() && dateline_lines.len() == k - from {
                    dateline_lines.push(&l.spaced);
                }
            }
            Kind::Furniture(f) => items.push(Item::Furniture(Furniture { kind: *f, line: l.no, text: l.text.clone() })),
            Kind::JumpIn => items.push(Item::Furniture(Furniture { kind: FurnitureKind::Jump, line: l.no, text: l.text.clone() })),
            kind => {
                if let (Kind::Dateline(d), true) = (kind, k == from) {
                    dateline = Some(d.clone());
                    dateline_lines.push(&l.spaced);
                }
                items.push(Item::Line(BodyLine { line: l, text: l.text.clone(), blanks_before: blanks, first: false }));
                blanks = 0;
            }
        }
    }
    Body::Lines { dateline, dateline_lines, items }
}
