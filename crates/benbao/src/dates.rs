//! Dates: what day an article reports on.
//!
//! An article's date is the date its dateline carries, else the first date in
//! its first paragraph (`2月11日上午`, `25日`, `今天（7月25日）`), read against
//! the page's publication date as far as it is known: a month later than the
//! page's month belongs to the year before, a day later than the page's day to
//! the month before. Without a page year, the years the page itself mentions
//! are used; failing that the date is unknown. A year is never invented.

use crate::page::{days_in_month, PageDate};

/// A date as written in the text: any part may be missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextDate {
    /// The year when written (`2022年`, 1900–2100); None for `2月11日` or `11日`.
    pub year: Option<i32>,
    /// The month (1–12) when written; None for a bare day (`24日`).
    pub month: Option<u32>,
    /// The day of the month (1–31, not checked against the month), always written.
    pub day: u32,
}

fn digits_at(chars: &[char], i: usize, max: usize) -> Option<(u32, usize)> {
    let mut v = 0u32;
    let mut n = 0;
    while i + n < chars.len() && n < max && chars[i + n].is_ascii_digit() {
        v = v * 10 + chars[i + n].to_digit(10).unwrap();
        n += 1;
    }
    if n == 0 || (i + n < chars.len() && chars[i + n].is_ascii_digit()) {
        None
    } else {
        Some((v, n))
    }
}

/// The first date written in `text` (`2022年2月11日`, `2月11日`, `11日`).
pub fn first_date(text: &str) -> Option<TextDate> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).take(400).collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.')) {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut year = None;
        let mut month = None;
        if let Some((y, n)) = digits_at(&chars, j, 4) {
            if n == 4 && chars.get(j + n) == Some(&'年') && (1900..=2100).contains(&y) {
                year = Some(y as i32);
                j += n + 1;
            }
        }
        if let Some((m, n)) = digits_at(&chars, j, 2) {
            if chars.get(j + n) == Some(&'月') && (1..=12).contains(&m) {
                month = Some(m);
                j += n + 1;
            } else if year.is_some() {
                i += 1;
                continue;
            }
        }
        if let Some((d, n)) = digits_at(&chars, j, 2) {
            if (chars.get(j + n) == Some(&'日') || chars.get(j + n) == Some(&'号'))
                && (1..=31).contains(&d)
                && !(month.is_none() && year.is_none() && i > 0 && is_counter_context(chars[i - 1]))
            {
                return Some(TextDate { year, month, day: d });
            }
        }
        i = j.max(i + 1);
    }
    None
}

/// `连续9日`, `第3日`, `近10日` count days rather than name one.
fn is_counter_context(prev: char) -> bool {
    matches!(prev, '第' | '续' | '近' | '前' | '后' | '隔' | '每' | '这' | '那' | '数' | '几')
}

/// Resolves a written date against the page date (and, without a page year,
/// against the years the page mentions). Returns ISO `YYYY-MM-DD`.
pub fn resolve(d: TextDate, page: &PageDate, page_years: &[i32]) -> Option<String> {
    let (mut year, mut month) = (d.year, d.month);
    if month.is_none() {
        // a bare day: the page's month, or the month before when the day lies ahead
        let pm = page.month?;
        let mut m = pm;
        let mut y = page.year;
        if let Some(pd) = page.day {
            if d.day > pd {
                if m == 1 {
                    m = 12;
                    y = y.map(|y| y - 1);
                } else {
                    m -= 1;
                }
            }
        }
        month = Some(m);
        if year.is_none() {
            year = y;
        }
    }
    let month = month?;
    if year.is_none() {
        year = match (page.year, page.month) {
            (Some(py), Some(pm)) => Some(if month > pm { py - 1 } else { py }),
            (Some(py), None) => Some(py),
            _ => page_years.iter().copied().max(),
        };
    }
    let year = year?;
    if d.day > days_in_month(year, month) {
        return None;
    }
    PageDate::ymd(year, month, d.day).iso()
}

/// The day a sentence names relative to the page's, when it opens with one (昨日, 昨天: the
/// day before; 今日, 今天: the page's day) and the page's full date is known.
pub fn relative_date(sentence: &str, page: &PageDate) -> Option<String> {
    let head: String = sentence.chars().filter(|c| !c.is_whitespace()).take(12).collect();
    let at = |w: &str| head.find(w).filter(|&b| !head[..b].contains(['，', '。', '；']));
    if at("昨日").or(at("昨天")).is_none() {
        return at("今日").or(at("今天")).and_then(|_| page.day_iso());
    }
    page.day_before()?.iso()
}

/// Four-digit years the text mentions (`2022年`).
pub fn years_mentioned(text: &str, into: &mut Vec<i32>) {
    let b = text.as_bytes();
    let pat = "年".as_bytes();
    let mut i = 4;
    while i + pat.len() <= b.len() {
        if &b[i..i + pat.len()] == pat
            && b[i - 4..i].iter().all(u8::is_ascii_digit)
            && (i < 5 || !b[i - 5].is_ascii_digit())
        {
            let y: i32 = std::str::from_utf8(&b[i - 4..i]).unwrap().parse().unwrap();
            if (1900..=2100).contains(&y) && !into.contains(&y) {
                into.push(y);
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pd(s: &str) -> PageDate {
        PageDate::parse(s).unwrap()
    }

    #[test]
    fn first_dates() {
        assert_eq!(first_date("2月11日上午，洛阳"), Some(TextDate { year: None, month: Some(2), day: 11 }));
        assert_eq!(first_date("今天（7月25日），我国"), Some(TextDate { year: None, month: Some(7), day: 25 }));
        let page = PageDate::parse("2014-03-01").unwrap();
        assert_eq!(relative_date("昨日，贵州省普安县考察团来我市", &page).as_deref(), Some("2014-02-28"));
        assert_eq!(relative_date("本报讯 今天上午，会议召开", &page).as_deref(), Some("2014-03-01"));
        assert_eq!(relative_date("他说，昨天的会议", &page), None);
        assert_eq!(relative_date("昨日", &PageDate::parse("2014-03").unwrap()), None);
        assert_eq!(first_date("国务院新闻办公室24日举行"), Some(TextDate { year: None, month: None, day: 24 }));
        assert_eq!(first_date("2021年12月3日，"), Some(TextDate { year: Some(2021), month: Some(12), day: 3 }));
        assert_eq!(first_date("连续9日下雨"), None);
        assert_eq!(first_date("连日来，全国各地"), None);
        assert_eq!(first_date("增长12.5日"), None);
    }

    #[test]
    fn resolution() {
        let d = |m, day| TextDate { year: None, month: m, day };
        assert_eq!(resolve(d(Some(2), 11), &pd("2022-02"), &[]).as_deref(), Some("2022-02-11"));
        assert_eq!(resolve(d(Some(12), 30), &pd("2022-01-02"), &[]).as_deref(), Some("2021-12-30"));
        assert_eq!(resolve(d(None, 24), &pd("2024-07-25"), &[]).as_deref(), Some("2024-07-24"));
        assert_eq!(resolve(d(None, 28), &pd("2024-07-25"), &[]).as_deref(), Some("2024-06-28"));
        assert_eq!(resolve(d(None, 28), &pd("2024"), &[]), None);
        assert_eq!(resolve(d(Some(3), 1), &pd(""), &[]), None);
        assert_eq!(resolve(d(Some(3), 1), &pd(""), &[2021, 2022]).as_deref(), Some("2022-03-01"));
        assert_eq!(resolve(d(Some(2), 30), &pd("2022"), &[]), None);
    }
}
