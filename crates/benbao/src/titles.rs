//! Is a line of a text page a title? Plain text keeps of a headline only its
//! look — its width against the column below, a space between its parts, a
//! centred or kept indent, a subheadline under it, the text above it closed —
//! and these tests read that look. [`crate::segment`] starts articles with them.

use crate::byline::{ends_with_byline, parse_byline};
use crate::classify::Kind;
use crate::names::is_han;
use crate::reflow::{self, ends_sentence, BodyLine, Line};

/// Could this line be a headline (or subheadline) printed above an article?
pub(crate) fn headline_like(l: &Line) -> bool {
    let n = l.text.chars().count();
    (2..=80).contains(&n)
        && !ends_sentence(&l.text)
        && !l.text.ends_with(['，', '、', '；', '：'])
        && !ends_with_byline(&l.spaced)
}

/// Two parts of a title set apart by a space (`海南强化战略联动 深化对外开放`):
/// body text never puts a space between two Chinese characters.
pub(crate) fn spaced_title(l: &Line) -> bool {
    let cs: Vec<char> = l.spaced.chars().collect();
    cs.windows(3).any(|w| w[1] == ' ' && is_han(w[0]) && is_han(w[2]))
}

/// A title without help from the layout: headline-like, and no comma inside
/// (a comma in a line without sentence end is the middle of a sentence).
pub(crate) fn title_like(l: &Line) -> bool {
    headline_like(l) && !l.text.contains(['，', '。', ',']) && balanced(&l.text)
}

/// Every bracket and quote opened in the line is closed in it: a title is a whole unit.
fn balanced(t: &str) -> bool {
    let count = |c: char| t.chars().filter(|&x| x == c).count();
    count('《') == count('》') && count('“') == count('”') && count('（') == count('）') && count('(') == count(')')
}

pub(crate) fn is_subheadline(l: &Line) -> bool {
    l.text.starts_with('—') || l.text.starts_with("--")
}

/// A letter-spaced line (a title in large type) well short of the column below it.
pub(crate) fn short_letter_spaced_title(lines: &[Line], kinds: &[Kind], i: usize) -> bool {
    let l = &lines[i];
    let blank_beside = (i > 0 && lines[i - 1].is_blank()) || lines.get(i + 1).is_some_and(|x| x.is_blank());
    if !l.letter_spaced || !blank_beside {
        return false;
    }
    // shorter than a paragraph's first line can be: the text below would have fitted on it
    let next = (i + 1..lines.len()).find(|&x| matches!(kinds[x], Kind::Text));
    column_below(lines, kinds, i, 8)
        .is_some_and(|w| next.is_some_and(|x| reflow::would_fit(l.width, &lines[x].text, w - 2.0)) && l.width < w - 2.5)
}

/// The text lines below line `i` (at most `max`), within what can be the
/// same article: up to a byline, dateline, kicker, continuation mark or centred title.
fn text_below<'a>(lines: &'a [Line], kinds: &[Kind], i: usize, max: usize) -> Vec<BodyLine<'a>> {
    let stop = (i + 1..lines.len())
        .find(|&x| matches!(kinds[x], Kind::Byline(_) | Kind::Dateline(_) | Kind::Kicker | Kind::JumpIn) || lines[x].centered())
        .unwrap_or(lines.len());
    (i + 1..stop)
        .filter(|&x| matches!(kinds[x], Kind::Text))
        .take(max)
        .map(|x| BodyLine { line: &lines[x], text: lines[x].text.clone(), blanks_before: 0, first: false })
        .collect()
}

/// The column width of the text below line `i`; None when fewer than four
/// lines are there to tell.
fn column_below(lines: &[Line], kinds: &[Kind], i: usize, max: usize) -> Option<f32> {
    let body = text_below(lines, kinds, i, max);
    (body.len() >= 4).then(|| reflow::column_width(&body))
}

/// Is the line below `i` a subheadline (——…) that stands as a unit: a blank
/// line, a dateline or an indented paragraph under it? A dash at the start of
/// a wrapped line of running text is no subheadline.
pub(crate) fn subheadline_below(lines: &[Line], kinds: &[Kind], i: usize) -> bool {
    let Some(x) = lines.get(i + 1) else { return false };
    if !is_subheadline(x) || !title_like(x) {
        return false;
    }
    match lines.get(i + 2) {
        None => true,
        Some(y) => y.is_blank() || y.kept_indent() || matches!(kinds[i + 2], Kind::Dateline(_)),
    }
}

/// Would the text above line `i` stand as an article of its own? It must
/// carry its byline already (in a bracket after its dateline, or at its end):
/// otherwise a title-like line between a dateline above and a byline below is
/// more likely an intertitle of one article than the headline of a second.
pub(crate) fn text_above_is_whole(lines: &[Line], kinds: &[Kind], i: usize) -> bool {
    for j in (0..i).rev() {
        match &kinds[j] {
            Kind::Byline(_) | Kind::Furniture(_) | Kind::JumpIn => return true,
            Kind::Dateline(d) => return d.byline.is_some(),
            Kind::Text if ends_with_byline(&lines[j].spaced) => return true,
            _ => {}
        }
    }
    true // the page top
}

/// Does line `j` close what came before, so that a title may follow it?
pub(crate) fn closes_text(lines: &[Line], kinds: &[Kind], j: usize) -> bool {
    match &kinds[j] {
        Kind::Text => ends_sentence(&lines[j].text) || ends_with_byline(&lines[j].spaced),
        Kind::Kicker | Kind::Dateline(_) | Kind::Consumed | Kind::JumpIn => false,
        _ => true,
    }
}

/// On a page that keeps paragraph indents, a line without one that does not
/// end a sentence, right above an indented line, after a closed sentence, is
/// no part of a paragraph: a title.
pub(crate) fn above_indented_body(lines: &[Line], kinds: &[Kind], i: usize) -> bool {
    if lines[i].kept_indent() || lines[i].letter_spaced && lines[i].text.chars().count() < 4 {
        return false;
    }
    let next = (i + 1..lines.len()).find(|&x| !matches!(kinds[x], Kind::Blank));
    next.is_some_and(|x| matches!(kinds[x], Kind::Text) && lines[x].kept_indent())
}

/// Is line `i` set wider than the column of the text below it (a title across
/// columns, often letter-spaced by the extraction)? No line of body text is.
pub(crate) fn wider_than_column(lines: &[Line], kinds: &[Kind], i: usize) -> bool {
    let l = &lines[i];
    // cheap test first: wider than the next line by a margin
    let next_min = (i + 1..lines.len()).filter(|&x| matches!(kinds[x], Kind::Text)).take(3).map(|x| lines[x].width).fold(f32::MAX, f32::min);
    if next_min == f32::MAX || l.width <= next_min + 2.5 {
        return false;
    }
    let body = text_below(lines, kinds, i, 12);
    if body.len() < 6 {
        return false;
    }
    // wider than every line below (body lines reach the column plus a hanging mark)
    let widest = body.iter().map(|b| b.line.width).fold(0.0, f32::max);
    l.width > widest + 1.5
}

/// A byline printed under the headline, before the text (标题 / 本报记者 王伟 /
/// 正文): the lines above it since the last closed text are only titles, and
/// text follows it.
pub(crate) fn leading_byline(lines: &[Line], kinds: &[Kind], i: usize) -> bool {
    // the first line of the byline block
    let mut b = i;
    while b > 0 && matches!(kinds[b - 1], Kind::Byline(_)) {
        b -= 1;
    }
    let mut titles = 0;
    let mut j = b;
    while j > 0 {
        j -= 1;
        match &kinds[j] {
            Kind::Blank => continue,
            Kind::Kicker => titles += 1,
            Kind::Text if headline_like(&lines[j]) && titles < 3 => titles += 1,
            Kind::Text => return titles > 0 && (ends_sentence(&lines[j].text) || ends_with_byline(&lines[j].spaced)) && text_follows(kinds, i),
            _ => return titles > 0 && text_follows(kinds, i),
        }
    }
    titles > 0 && text_follows(kinds, i)
}

/// Body text (not a dateline, title or another article's start) comes right after line `i`.
fn text_follows(kinds: &[Kind], i: usize) -> bool {
    let next = (i + 1..kinds.len()).find(|&x| !matches!(kinds[x], Kind::Blank | Kind::Byline(_)));
    next.is_some_and(|x| matches!(kinds[x], Kind::Text | Kind::Dateline(_)))
}

/// A line of names right after a byline line continues it (a byline wrapped in two).
pub(crate) fn byline_continuation(kinds: &[Kind], lines: &[Line], byline_at: usize, j: usize) -> bool {
    j == byline_at + 1
        && matches!(kinds[j], Kind::Text)
        && match &kinds[byline_at] {
            Kind::Byline(b) => parse_byline(&lines[j].spaced, Some(b)).is_some(),
            _ => false,
        }
}

/// In an article without a dateline, is the line at `k` a headline rather than
/// the first line of the body? It must look like a title and stand apart: a
/// blank line under it, a subheadline, or a width no first line of a
/// paragraph can have (the column less the indent; a kept indent aside).
pub(crate) fn headline_stands_alone(lines: &[Line], kinds: &[Kind], offset: usize, k: usize, end: usize) -> bool {
    let l = &lines[offset + k];
    if !headline_like(l) || l.kept_indent() {
        return false;
    }
    if is_subheadline(l) || l.centered() {
        return true;
    }
    if !title_like(l) {
        return false;
    }
    let next = (k + 1..end).find(|&j| !matches!(kinds[j], Kind::Furniture(_)));
    match next {
        None => false,
        Some(j) if matches!(kinds[j], Kind::Blank | Kind::Byline(_)) => true,
        Some(j) => {
            if is_subheadline(&lines[offset + j]) && subheadline_below(&lines[offset..], &kinds, k) {
                return true;
            }
            // the text below keeps its paragraph indents and this line has none:
            // it cannot be the first line of a paragraph
            if lines[offset + j].kept_indent() {
                return true;
            }
            // the body's column, from the lines below
            let body: Vec<BodyLine> = (j..end)
                .filter(|&x| matches!(kinds[x], Kind::Text))
                .take(40)
                .map(|x| BodyLine { line: &lines[offset + x], text: lines[offset + x].text.clone(), blanks_before: 0, first: false })
                .collect();
            if body.len() < 3 {
                return false;
            }
            let w = reflow::column_width(&body);
            let hang = if l.text.chars().last().is_some_and(reflow::is_closer) { 1.0 } else { 0.0 };
            // too wide for a paragraph's first line, or stopped short of it
            // although the text below would have fitted and no sentence ended
            l.width > w - 2.0 + hang + 0.01 || reflow::would_fit(l.width, &lines[offset + j].text, w - 2.0)
        }
    }
}
