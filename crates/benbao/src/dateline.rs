//! Datelines: `本报讯`, `本报北京11月25日讯`, `新华社北京11月25日电（记者 X）`.
//!
//! [`parse_dateline`] reads one at the start of a text. A dateline is often
//! broken by the end of a line — inside its place and date (`本报郑州10月5日`
//! / `讯`), or inside the bracket after it (`本报讯（记者 钱娟 通讯员` /
//! `谢琪元）`) — and a scan loses or misreads its bracket; [`rejoin`] and
//! [`mend`] read those forms. Every page reader finds datelines with these.

use std::sync::LazyLock;

use regex::Regex;

use crate::byline::{self, parse_byline};
use crate::page::Byline;
use crate::reflow;

/// A dateline found at the start of a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Dateline {
    /// As printed, without whitespace and without a bracketed byline.
    pub text: String,
    /// Month and day the dateline carries.
    pub month_day: Option<(u32, u32)>,
    /// A byline printed in brackets right after the dateline.
    pub byline: Option<Byline>,
    /// What follows on the line (spaced form).
    pub rest: String,
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:据 ?)?(?P<src>本报|本刊|新华社|中新社|人民网|新华网|央视网|中新网|人民日报)(?P<place>\p{Han}{0,6}?) ?(?:(?P<m>\d{1,2}) ?月 ?(?P<d>\d{1,2}) ?日 ?)?(?P<k>讯|电)(?: ?[（(](?P<paren>[^）)]{1,60})[）)])?",
    )
    .unwrap()
});
static DATELINE_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:据 ?)?(?:本报|本刊|新华社|中新社|人民网|新华网|央视网|中新网|人民日报)").unwrap());
static PAREN_DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,2}) ?月 ?(\d{1,2}) ?日$").unwrap());

/// Reads a dateline at the start of a line's spaced text.
pub fn parse_dateline(spaced: &str) -> Option<Dateline> {
    if !spaced.starts_with(['本', '新', '据', '中', '人', '央']) {
        return None;
    }
    let m = DATELINE.captures(spaced)?;
    let place = m.name("place").map_or("", |p| p.as_str());
    if place.contains("记者") || place.chars().any(|c| "从在获悉日年月的了是将对就据为和与".contains(c)) {
        return None;
    }
    if &m["src"] != "本报" && &m["src"] != "本刊" && &m["k"] != "电" {
        return None;
    }
    let mut month_day = match (m.name("m"), m.name("d")) {
        (Some(mo), Some(d)) => Some((mo.as_str().parse().ok()?, d.as_str().parse().ok()?)),
        _ => None,
    };
    let head_end = m.name("k").unwrap().end();
    let mut text: String = spaced[..head_end].chars().filter(|c| !reflow::is_layout_space(*c)).collect();
    let mut byline = None;
    let mut end = head_end;
    if let Some(p) = m.name("paren") {
        let inner = p.as_str().trim();
        if let Some(pd) = PAREN_DATE.captures(inner) {
            if month_day.is_none() {
                month_day = Some((pd[1].parse().ok()?, pd[2].parse().ok()?));
            }
            text = spaced[..m.get(0).unwrap().end()].chars().filter(|c| !reflow::is_layout_space(*c)).collect();
            end = m.get(0).unwrap().end();
        } else if let Some(b) = parse_byline(inner, None) {
            byline = Some(b);
            end = m.get(0).unwrap().end();
        }
    }
    let rest = spaced[end..].trim_start_matches([' ', '：', ':']).to_string();
    if let Some((mo, d)) = month_day {
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
            month_day = None;
        }
    }
    Some(Dateline { text, month_day, byline, rest })
}

/// A dateline cut by the line end inside its place or date (`本报郑州10月5日`
/// / `讯 习近平…`): the reading of the two lines joined, when the dateline
/// reaches into the second.
pub fn cut_at_line_end(a: &str, b: &str) -> Option<Dateline> {
    if a.chars().count() > 16 || !DATELINE_START.is_match(a) {
        return None;
    }
    for sep in ["", " "] {
        let joined = format!("{a}{sep}{b}");
        if let Some(d) = parse_dateline(&joined) {
            if joined.len() - d.rest.len() > a.len() + sep.len() {
                return Some(d);
            }
        }
    }
    None
}

/// Joins `lines` (spaced texts) back into one, with or without a space at
/// each of the first `breaks` line ends (a name cut in two, or a cut between
/// two names), and reads the dateline of each joining; of those `accept`
/// takes, the one with the fewest four-character names, then the fewest
/// spaces added.
pub fn rejoin(lines: &[&str], breaks: usize, accept: impl Fn(&Dateline) -> bool) -> Option<Dateline> {
    let breaks = breaks.min(lines.len().saturating_sub(1)).min(8);
    let mut best: Option<((usize, u32), Dateline)> = None;
    for mask in 0..(1u32 << breaks) {
        let mut joined = String::new();
        for (k, t) in lines.iter().enumerate() {
            if k > 0 && k <= breaks && mask & (1 << (k - 1)) != 0 && !joined.is_empty() && !t.is_empty() {
                joined.push(' ');
                joined.push_str(t);
            } else {
                reflow::join_into(&mut joined, t);
            }
        }
        let Some(d) = parse_dateline(&joined).filter(&accept) else { continue };
        let long = d.byline.as_ref().map_or(0, |b| b.reporters.iter().chain(&b.correspondents).filter(|n| n.chars().count() >= 4).count());
        let key = (long, mask.count_ones());
        if best.as_ref().is_none_or(|(k, _)| key < *k) {
            best = Some((key, d));
        }
    }
    best.map(|(_, d)| d)
}

/// A dateline whose byline bracket was broken or damaged, read again from
/// the text it opens (`first`: `lines`, spaced, joined; the dateline's line first):
/// the bracket's opening mark lost (`本报讯 记者 王伟）…`), the bracket
/// broken between two names across lines, or names the surname list cannot
/// vouch for (an OCR misreading, read by [`byline::lenient`]).
pub fn mend(d: Dateline, first: &str, lines: &[&str]) -> Dateline {
    if d.byline.is_some() {
        return d;
    }
    let mut d = d;
    // the opening mark lost: put it back
    if bracket_lost(&d.rest) && first.ends_with(d.rest.as_str()) {
        let at = first.len() - d.rest.len();
        let fixed = format!("{}（{}", &first[..at], &first[at..]);
        if let Some(d2) = parse_dateline(&fixed).filter(|d2| d2.byline.is_some()) {
            d = d2;
        }
    }
    if d.byline.is_none() && d.rest.starts_with(['（', '(']) {
        // broken across lines between two names: a space at some of the line ends inside the bracket
        let closes = lines.iter().position(|t| t.contains(['）', ')'])).unwrap_or(0).min(5);
        if let Some(d2) = rejoin(lines, closes, |d2| d2.byline.is_some()) {
            d = d2;
        }
    }
    if d.byline.is_none() {
        if let Some(inner) = d.rest.strip_prefix(['（', '(']) {
            if let Some(end) = inner.find(['）', ')']).filter(|&e| inner[..e].chars().count() <= 40) {
                if let Some(b) = byline::lenient(&inner[..end]) {
                    d.byline = Some(b);
                    d.rest = inner[end + inner[end..].chars().next().unwrap().len_utf8()..].to_string();
                }
            }
        }
    }
    d
}

/// Text that reads as the inside of a byline bracket whose opening mark is missing.
fn bracket_lost(rest: &str) -> bool {
    let head: String = rest.chars().take(40).collect();
    byline::opens_with_role(rest.trim_start()) && head.contains(['）', ')']) && !head.contains(['（', '('])
}
