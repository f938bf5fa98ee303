//! The article assembler: one for text pages, PDF pages and scans.
//!
//! A page reader finds where an article is and what stands above, in and
//! under its body: the text path by classifying lines ([`crate::segment`]),
//! PDF pages and scans by where things are (`benbao-layout`). It hands that
//! over as a [`Draft`] — kicker and headline decks, the bylines printed above
//! and under the body, the body lines with the evidence of where paragraphs
//! break — and [`assemble`] alone decides the rest: the dateline and the
//! byline bracket after it, the byline (each name once, where first printed),
//! continuation marks (上接/下转) kept apart as furniture, a byline in
//! brackets closing the text, and whether what was found is an article at
//! all. [`article_date`] then dates it.

use crate::byline::{is_signature, parse_byline, photo_credit};
use crate::dateline::{self, Dateline};
use crate::dates;
use crate::furniture::{self, Jump};
use crate::page::{Article, Byline, Caption, Furniture, FurnitureKind, PageDate};
use crate::reflow::{self, drop_layout_spaces, BodyLine};

/// One article as a page reader found it, before the rules of an article are applied.
#[derive(Debug, Default)]
pub struct Draft<'a> {
    /// 1-based page number inside the file.
    pub page: usize,
    /// First and last raw line of the article.
    pub lines: [usize; 2],
    /// The kicker with its marker (`■新年开新局`), as it becomes [`Article::kicker`]; None when none stood above.
    pub kicker: Option<String>,
    /// The deck above the headline (引题).
    pub overline: Option<String>,
    /// The headline (主题), its lines joined; None when the page prints none.
    pub headline: Option<String>,
    /// The deck under the headline (副题, usually opening with ——); None when not printed.
    pub subheadline: Option<String>,
    /// Read by position (a PDF page or a scan): the headline is known for one
    /// by its type, so a headline with nothing under it is still an article;
    /// and a few characters with nothing around them are specks, not an article.
    pub by_position: bool,
    /// A continuation line (上接第N版) stood above it.
    pub continued: bool,
    /// Bylines printed under the headline, before the body.
    pub opening: Byline,
    /// The body as the page reader has it: lines to reflow, or paragraphs already found.
    pub body: Body<'a>,
    /// The byline printed under the body.
    pub closing: Byline,
    /// Where the article stands on its page (PDF pages and scans).
    pub boxes: Vec<[f32; 4]>,
    /// The captions of its photos; their credits go to the byline.
    pub captions: Vec<Caption>,
    /// The article's lines as printed (number, text): page furniture of an
    /// unknown kind when they make no article.
    pub printed: Vec<(usize, String)>,
}

/// An article's body as its page reader has it.
#[derive(Debug)]
pub enum Body<'a> {
    /// The lines of a text page, in order; [`reflow`] finds the paragraphs
    /// from their widths and indents.
    Lines {
        /// The dateline of the first line, as the line's classification read it…
        dateline: Option<Dateline>,
        /// …and the spaced lines it was read from (the first line, and the lines its bracket wrapped onto).
        dateline_lines: Vec<&'a str>,
        /// The body lines (the first is the dateline's when there is one),
        /// and the page furniture met among them.
        items: Vec<Item<'a>>,
    },
    /// Paragraphs found by where lines stand (indents, lines stopping short):
    /// each paragraph's lines.
    Paragraphs(Vec<Vec<Placed>>),
}

impl Default for Body<'_> {
    fn default() -> Self {
        Body::Paragraphs(Vec::new())
    }
}

/// A line of a text page's body, or furniture standing among its lines.
#[derive(Debug)]
pub enum Item<'a> {
    /// A body line, to be reflowed with its neighbours.
    Line(BodyLine<'a>),
    /// Page furniture (a jump line, a header) printed among the body lines; filed as it is.
    Furniture(Furniture),
}

/// A line read by position: its number on the page and its words, a space where they stand apart.
#[derive(Debug, Clone)]
pub struct Placed {
    /// The line's reading-order number on its page (1-based), as furniture taken from it reports.
    pub no: usize,
    /// Its words joined, a space where they stand apart (layout spaces not yet dropped).
    pub spaced: String,
}

/// What the body yields besides its paragraphs.
struct Read {
    dateline: Option<Dateline>,
    paragraphs: Vec<String>,
    /// A byline in brackets closing the text.
    trailing: Option<Byline>,
    /// A 上接 line stood inside the body.
    continued: bool,
}

/// Makes the article of a draft; page furniture found in it goes to
/// `furniture`. None when what was found is no article (its lines are then
/// furniture of an unknown kind).
pub fn assemble(d: Draft, furniture: &mut Vec<Furniture>) -> Option<Article> {
    let keep_trailing = d.closing.is_empty();
    let read = match d.body {
        Body::Lines { dateline, dateline_lines, items } => read_lines(dateline, &dateline_lines, items, keep_trailing, furniture),
        Body::Paragraphs(paras) => read_paragraphs(paras, keep_trailing, furniture),
    };
    // the byline in print order: under the headline, in the dateline's bracket, under the text
    let mut byline = Byline::default();
    byline.merge(&d.opening);
    if let Some(b) = read.dateline.as_ref().and_then(|dl| dl.byline.as_ref()) {
        byline.merge(b);
    }
    byline.merge(&d.closing);
    if let Some(b) = &read.trailing {
        byline.merge(b);
    }
    for c in &d.captions {
        if let Some((_, b)) = photo_credit(&c.text) {
            byline.merge(&b);
        }
    }
    // a commentary's signature closing the text (本报评论员) is its byline's, not its text
    let mut paragraphs = read.paragraphs;
    if paragraphs.len() > 1 && paragraphs.last().is_some_and(|p| is_signature(p)) {
        byline.signature = paragraphs.pop();
    }
    let art = Article {
        kicker: d.kicker,
        overline: d.overline,
        headline: d.headline,
        subheadline: d.subheadline,
        dateline: read.dateline.map(|dl| dl.text),
        paragraphs,
        byline,
        page: d.page,
        lines: d.lines,
        boxes: d.boxes,
        captions: d.captions,
        continued: d.continued || read.continued,
        ..Default::default()
    };
    judge(art, d.by_position, d.printed, furniture)
}

/// Is it an article? Text, a dateline or a byline make one, and so does a
/// headline known by its type; a few characters with nothing around them on
/// a page read by position are specks. What is no article is filed as furniture.
fn judge(mut art: Article, by_position: bool, printed: Vec<(usize, String)>, furniture: &mut Vec<Furniture>) -> Option<Article> {
    let head = art.headline.is_some() || art.kicker.is_some();
    let told = art.dateline.is_some() || !art.byline.is_empty();
    let empty = art.paragraphs.is_empty() && !told && !(by_position && head);
    let chars: usize = art.paragraphs.iter().map(|p| p.chars().count()).sum();
    let speck = by_position && !head && !told && chars < 8;
    let advert = furniture::is_advert(art.headline.as_deref(), &art.text(), art.dateline.is_some() || art.byline.names_writers());
    if empty || speck || advert {
        let kind = if advert { FurnitureKind::Ad } else { FurnitureKind::Unknown };
        for (line, text) in printed {
            furniture.push(Furniture { kind, line, text });
        }
        return None;
    }
    if art.paragraphs.is_empty() {
        art.warnings.push(if head { "a headline with no text under it" } else { "article has no body text" }.into());
    }
    Some(art)
}

/// The body of a text page: continuation marks kept apart, the dateline and
/// a closing bracketed byline taken out, the rest reflowed.
fn read_lines<'a>(
    dateline: Option<Dateline>,
    dateline_lines: &[&str],
    items: Vec<Item<'a>>,
    keep_trailing: bool,
    furniture: &mut Vec<Furniture>,
) -> Read {
    let dateline = dateline.map(|d| {
        let first = reflow::joined(dateline_lines.iter().copied());
        dateline::mend(d, &first, dateline_lines)
    });
    let mut body: Vec<BodyLine> = Vec::new();
    let mut continued = false;
    for item in items {
        match item {
            Item::Furniture(f) => furniture.push(f),
            Item::Line(mut b) => {
                if body.is_empty() && dateline.is_some() {
                    b.text = drop_layout_spaces(&dateline.as_ref().unwrap().rest);
                    b.first = true;
                } else {
                    b.first = false;
                    continued |= strip_jump(&mut b.text, b.line.no, furniture);
                }
                body.push(b);
            }
        }
    }
    let mut trailing = None;
    if keep_trailing && dateline.as_ref().is_none_or(|d| d.byline.is_none()) {
        let spaced: Vec<&str> = body.iter().map(|b| b.line.spaced.as_str()).collect();
        if let Some((b, from)) = trailing_byline(&spaced) {
            trailing = Some(b);
            body.truncate(from + 1);
            let text = &mut body[from].text;
            text.truncate(text.rfind(['（', '(']).unwrap_or(text.len()));
            if text.is_empty() {
                body.pop();
            }
        }
    }
    let paragraphs = reflow::reflow(&body).into_iter().map(|(p, _)| p).filter(|p| !p.is_empty()).collect();
    Read { dateline, paragraphs, trailing, continued }
}

/// The body of a page read by position: continuation marks kept apart, the
/// dateline read from the head of the first paragraph and a closing
/// bracketed byline taken out.
fn read_paragraphs(paras: Vec<Vec<Placed>>, keep_trailing: bool, furniture: &mut Vec<Furniture>) -> Read {
    let mut continued = false;
    let mut paras: Vec<Vec<Placed>> = paras
        .into_iter()
        .map(|p| {
            p.into_iter()
                .filter_map(|mut l| {
                    let t = l.spaced.trim();
                    if let Some(j) = furniture::jump(&drop_layout_spaces(t)) {
                        continued |= j == Jump::In;
                        furniture.push(Furniture { kind: FurnitureKind::Jump, line: l.no, text: drop_layout_spaces(t) });
                        return None;
                    }
                    l.spaced = t.to_string();
                    continued |= strip_jump(&mut l.spaced, l.no, furniture);
                    Some(l)
                })
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .collect();
    let joined = |p: &[Placed]| {
        p.iter().fold(String::new(), |mut s, l| {
            reflow::join_into(&mut s, &l.spaced);
            s
        })
    };
    let mut texts: Vec<String> = paras.iter().map(|p| joined(p)).collect();
    let mut dl = None;
    if let (Some(first), Some(p)) = (texts.first(), paras.first()) {
        if let Some(d) = dateline::parse_dateline(first) {
            let lines: Vec<&str> = p.iter().map(|l| l.spaced.as_str()).collect();
            let d = dateline::mend(d, first, &lines);
            texts[0] = d.rest.trim_start_matches([' ', '：', ':']).to_string();
            dl = Some(d);
        }
    }
    let mut trailing = None;
    if keep_trailing && dl.as_ref().is_none_or(|d: &Dateline| d.byline.is_none()) && paras.len() > usize::from(dl.is_some()) {
        let last = paras.last_mut().unwrap();
        let spaced: Vec<&str> = last.iter().map(|l| l.spaced.as_str()).collect();
        if let Some((b, from)) = trailing_byline(&spaced) {
            trailing = Some(b);
            last.truncate(from + 1);
            let t = &mut last[from].spaced;
            t.truncate(t.rfind(['（', '(']).unwrap_or(t.len()));
            let n = texts.len();
            texts[n - 1] = joined(last);
        }
    }
    let paragraphs = texts.iter().map(|t| drop_layout_spaces(t)).filter(|t| !t.is_empty()).collect();
    Read { dateline: dl, paragraphs, trailing, continued }
}

/// Cuts a jump mark closing a line of text (`…（下转第2版）`) or opening it
/// (`（上接第1版）其中…`) off into the furniture; whether the line opened with
/// one (the article continues from another page).
fn strip_jump(text: &mut String, line: usize, furniture: &mut Vec<Furniture>) -> bool {
    if let Some(at) = furniture::trailing_jump(text) {
        furniture.push(Furniture { kind: FurnitureKind::Jump, line, text: text[at..].to_string() });
        text.truncate(at);
    }
    let Some(at) = furniture::leading_jump(text) else { return false };
    furniture.push(Furniture { kind: FurnitureKind::Jump, line, text: text[..at].to_string() });
    *text = text[at..].trim_start().to_string();
    true
}

/// A byline in brackets at the very end of an article's text: `…措施。（记者 王伟）`,
/// the bracket opening on the last line or the one before. The byline, and
/// the line (of `spaced`) where the bracket opens.
fn trailing_byline(spaced: &[&str]) -> Option<(Byline, usize)> {
    let last = spaced.last()?;
    if !last.ends_with(['）', ')']) {
        return None;
    }
    for back in 0..2usize.min(spaced.len()) {
        let from = spaced.len() - 1 - back;
        let joined: String = spaced[from..].concat();
        let Some(open) = joined.rfind(['（', '(']) else { continue };
        if let Some(b) = parse_byline(&joined[open..], None) {
            if b.reporters.is_empty() && b.correspondents.is_empty() && b.photographers.is_empty() {
                return None;
            }
            return Some((b, from));
        }
    }
    None
}

/// The date an article reports on: its dateline's, else the first in its
/// first paragraph, resolved against the page's date and the years the page mentions.
pub fn article_date(a: &Article, page: &PageDate, years: &[i32]) -> Option<String> {
    if let Some(dl) = &a.dateline {
        if let Some(d) = dates::first_date(dl) {
            return dates::resolve(d, page, years);
        }
    }
    let first = a.paragraphs.first()?;
    let d = dates::first_date(first)?;
    dates::resolve(d, page, years)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(lines: &[&str]) -> Vec<Placed> {
        lines.iter().enumerate().map(|(i, t)| Placed { no: i + 1, spaced: t.to_string() }).collect()
    }

    #[test]
    fn a_name_printed_twice_is_kept_once_where_first_printed() {
        let mut f = Vec::new();
        let d = Draft {
            page: 1,
            body: Body::Paragraphs(vec![placed(&["本报讯（记者 王伟 通讯员 李明）今天上午，全市召开会议。"])]),
            closing: Byline { reporters: vec!["王伟".into(), "张强".into()], ..Default::default() },
            by_position: true,
            ..Default::default()
        };
        let a = assemble(d, &mut f).unwrap();
        assert_eq!(a.dateline.as_deref(), Some("本报讯"));
        assert_eq!(a.byline.reporters, vec!["王伟", "张强"]);
        assert_eq!(a.byline.correspondents, vec!["李明"]);
        assert_eq!(a.paragraphs, vec!["今天上午，全市召开会议。"]);
    }

    #[test]
    fn a_text_page_credits_a_name_once_too() {
        let page = "本报讯（记者 王伟）今天上午，全市召开工作会议。\n记者 王伟 通讯员 李明\n";
        let a = &crate::parse_str(page, &crate::Options::default())[0];
        assert_eq!(a.byline.reporters, vec!["王伟"]);
        assert_eq!(a.byline.correspondents, vec!["李明"]);
    }

    #[test]
    fn a_damaged_bracket_after_the_dateline_is_read() {
        // the opening mark lost; a name whose surname the list does not know (an OCR misreading)
        let mut f = Vec::new();
        let d = Draft { body: Body::Paragraphs(vec![placed(&["本报讯 记者 王伟）今天上午，", "全市召开会议。"])]), by_position: true, ..Default::default() };
        let a = assemble(d, &mut f).unwrap();
        assert_eq!(a.byline.reporters, vec!["王伟"]);
        assert_eq!(a.paragraphs, vec!["今天上午，全市召开会议。"]);
        let d = Draft { body: Body::Paragraphs(vec![placed(&["本报讯（记者 孝文晓）今天上午，", "全市召开会议。"])]), by_position: true, ..Default::default() };
        let a = assemble(d, &mut f).unwrap();
        assert_eq!(a.byline.reporters, vec!["孝文晓"]);
        assert_eq!(a.paragraphs, vec!["今天上午，全市召开会议。"]);
    }

    #[test]
    fn continuation_marks_are_furniture_on_every_path() {
        let mut f = Vec::new();
        let d = Draft {
            body: Body::Paragraphs(vec![placed(&["上接第一版"]), placed(&["会议强调，要狠抓落实。（下转第3版）"])]),
            by_position: true,
            ..Default::default()
        };
        let a = assemble(d, &mut f).unwrap();
        assert!(a.continued);
        assert_eq!(a.paragraphs, vec!["会议强调，要狠抓落实。"]);
        assert_eq!(f.iter().map(|x| (x.kind, x.line, x.text.as_str())).collect::<Vec<_>>(), vec![(FurnitureKind::Jump, 1, "上接第一版"), (FurnitureKind::Jump, 1, "（下转第3版）")]);
        // the mark opening the first line of text
        let mut f = Vec::new();
        let d = Draft { body: Body::Paragraphs(vec![placed(&["（上接第1版）其中，水利部会同", "有关部门安排资金。"])]), by_position: true, ..Default::default() };
        let a = assemble(d, &mut f).unwrap();
        assert!(a.continued);
        assert_eq!(a.paragraphs, vec!["其中，水利部会同有关部门安排资金。"]);
        assert_eq!(f.iter().map(|x| x.text.as_str()).collect::<Vec<_>>(), vec!["（上接第1版）"]);
    }

    #[test]
    fn a_commentarys_signature_is_its_byline_not_its_text() {
        let mut f = Vec::new();
        let d = Draft { body: Body::Paragraphs(vec![placed(&["人民政协使命光荣、责任在肩。"]), placed(&["本报评论员"])]), by_position: true, ..Default::default() };
        let a = assemble(d, &mut f).unwrap();
        assert_eq!(a.paragraphs, vec!["人民政协使命光荣、责任在肩。"]);
        assert_eq!(a.byline.signature.as_deref(), Some("本报评论员"));
        // a line that only mentions one is text
        let d = Draft { body: Body::Paragraphs(vec![placed(&["今天出版的报纸发表评论员文章。"]), placed(&["文章指出，要狠抓落实。"])]), by_position: true, ..Default::default() };
        assert_eq!(assemble(d, &mut f).unwrap().byline.signature, None);
    }

    #[test]
    fn a_bracketed_byline_closing_the_text_is_the_byline() {
        let mut f = Vec::new();
        let d = Draft { body: Body::Paragraphs(vec![placed(&["会议强调，要狠抓落实。", "（记者 王伟）"])]), by_position: true, ..Default::default() };
        let a = assemble(d, &mut f).unwrap();
        assert_eq!(a.byline.reporters, vec!["王伟"]);
        assert_eq!(a.paragraphs, vec!["会议强调，要狠抓落实。"]);
    }

    #[test]
    fn what_makes_no_article_is_furniture() {
        // a headline-like line alone on a text page; specks on a scan
        let mut f = Vec::new();
        let text = Draft { headline: Some("标题".into()), printed: vec![(3, "标题".into())], ..Default::default() };
        assert!(assemble(text, &mut f).is_none());
        let scan = Draft { body: Body::Paragraphs(vec![placed(&["一、"])]), by_position: true, printed: vec![(7, "一、".into())], ..Default::default() };
        assert!(assemble(scan, &mut f).is_none());
        assert_eq!(f.iter().map(|x| (x.kind, x.line)).collect::<Vec<_>>(), vec![(FurnitureKind::Unknown, 3), (FurnitureKind::Unknown, 7)]);
        // a headline known by its type stands with a warning
        let head = Draft { headline: Some("标题".into()), by_position: true, ..Default::default() };
        assert_eq!(assemble(head, &mut f).unwrap().warnings, vec!["a headline with no text under it"]);
    }
}
