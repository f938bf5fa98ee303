//! The plain data types that flow between the stages: what a newspaper page is
//! made of once benbao has read it.

use serde::{Deserialize, Serialize};

/// Who wrote an article, as its byline says: the end-of-article lines
/// (`记者 孙庆辉` / `通讯员 宋贞`) or the bracket after the dateline
/// (`本报讯（记者 X 通讯员 Y）`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Byline {
    /// Staff reporters (记者, 本报记者, 见习记者, …).
    pub reporters: Vec<String>,
    /// Correspondents and interns (通讯员, 实习生).
    pub correspondents: Vec<String>,
    /// Photographers credited apart from the reporters (摄影 X).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub photographers: Vec<String>,
    /// The article carries its own photo (文/图, 摄, 图/文).
    pub photo: bool,
    /// A signature standing for no one by name, closing the text of a
    /// commentary (本报评论员, 本报编辑部).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

impl Byline {
    /// No one is named and nothing is credited: no names, no photo mark, no signature.
    pub fn is_empty(&self) -> bool {
        self.reporters.is_empty() && self.correspondents.is_empty() && self.photographers.is_empty() && !self.photo && self.signature.is_none()
    }
}

/// A photo's caption.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Caption {
    /// The caption as printed, its credit included (`▲…。 本报记者 王伟 摄`).
    pub text: String,
    /// Where it stands on its page (`[x0, y0, x1, y1]`, as [`Article::boxes`]); None on text pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
}

/// One article as a reader sees it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Article {
    /// Section marker printed above the article, with its marker (`■新年开新局`).
    pub kicker: Option<String>,
    /// The line set above the headline in smaller type (引题), when printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overline: Option<String>,
    /// The headline (主题), when the page prints one.
    pub headline: Option<String>,
    /// A subheadline (副题, usually starting with ——), when printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subheadline: Option<String>,
    /// The dateline as printed, without any bracketed byline (`本报北京11月25日讯`).
    pub dateline: Option<String>,
    /// The article's date, ISO `YYYY-MM-DD`, or None when it cannot be known.
    pub date: Option<String>,
    /// The paragraphs, reflowed: no layout whitespace, characters otherwise as printed.
    pub paragraphs: Vec<String>,
    /// Who wrote it: every byline printed with it merged (under the headline,
    /// in the dateline's bracket, under the text, photo credits), each name once.
    pub byline: Byline,
    /// 1-based page number inside the file (pages are separated by form feeds).
    pub page: usize,
    /// First and last raw line (1-based, inclusive, counted over the whole file).
    pub lines: [usize; 2],
    /// Where the article stands on its page, for PDF pages and scans: one
    /// box `[x0, y0, x1, y1]` a column (the headline one of its own), in the
    /// page's units (PDF points, image pixels; `parse --format json` gives
    /// each page's size as `sizes`, the archive as `pages.sizes`). Empty for
    /// text pages, whose `lines` say where the article is.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub boxes: Vec<[f32; 4]>,
    /// The captions of its photos, as printed (their credits are in the byline's `photographers`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub captions: Vec<Caption>,
    /// True when the article continues from another page (上接第N版).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub continued: bool,
    /// What benbao was unsure about, in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Article {
    /// The body text: paragraphs joined with "\n" (the offsets of later stages index into this).
    pub fn text(&self) -> String {
        self.paragraphs.join("\n")
    }
}

/// The publication date of a page, as far as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PageDate {
    /// The year; None when the date is unknown altogether.
    pub year: Option<i32>,
    /// The month (1–12); None when only the year is known.
    pub month: Option<u32>,
    /// The day of the month (1-based); None when only year and month are known.
    pub day: Option<u32>,
}

impl PageDate {
    /// A full date.
    pub fn ymd(year: i32, month: u32, day: u32) -> PageDate {
        PageDate { year: Some(year), month: Some(month), day: Some(day) }
    }

    /// As far as it is known: `2022-02-14`, `2022-02` or `2022`; None without a year.
    pub fn iso(&self) -> Option<String> {
        match (self.year?, self.month, self.day) {
            (y, Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
            (y, Some(m), None) => Some(format!("{y:04}-{m:02}")),
            (y, None, _) => Some(format!("{y:04}")),
        }
    }

    /// The page's day as `YYYY-MM-DD`, when year, month and day are all known.
    pub fn day_iso(&self) -> Option<String> {
        self.day.and(self.month).and_then(|_| self.iso())
    }

    /// The day before a full date.
    pub fn day_before(&self) -> Option<PageDate> {
        Some(PageDate::from_days(self.days_since_epoch()? - 1))
    }

    /// Days since 1970-01-01 of a full date (negative before it).
    pub fn days_since_epoch(&self) -> Option<i64> {
        let (y, m, d) = (self.year? as i64, self.month? as i64, self.day? as i64);
        // days from civil (Howard Hinnant's algorithm)
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(era * 146097 + doe - 719468)
    }

    /// The full date of a day number ([`PageDate::days_since_epoch`]).
    pub fn from_days(days: i64) -> PageDate {
        let z = days + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
        PageDate::ymd(y as i32, m as u32, d as u32)
    }

    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (also with `/` or `.`).
    pub fn parse(s: &str) -> Result<PageDate, String> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(PageDate::default());
        }
        let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
        let bad = || format!("bad date {s:?}: expected YYYY, YYYY-MM or YYYY-MM-DD");
        if parts.len() > 3 || parts[0].len() != 4 {
            return Err(bad());
        }
        let year: i32 = parts[0].parse().map_err(|_| bad())?;
        let month: Option<u32> = match parts.get(1) {
            Some(m) => Some(m.parse().map_err(|_| bad())?),
            None => None,
        };
        let day: Option<u32> = match parts.get(2) {
            Some(d) => Some(d.parse().map_err(|_| bad())?),
            None => None,
        };
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(bad());
            }
        }
        if let (Some(m), Some(d)) = (month, day) {
            if d < 1 || d > days_in_month(year, m) {
                return Err(bad());
            }
        }
        Ok(PageDate { year: Some(year), month, day })
    }
}

/// Whether `y` is a leap year in the Gregorian calendar.
pub fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// How many days month `m` (1–12) of year `y` has; 0 for a month outside 1–12.
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// What kind of page furniture a line is; in JSON its snake-case name
/// (`"header"`, `"page_number"`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FurnitureKind {
    /// The page header: paper, page, date.
    Header,
    /// The page footer: staff credits, imprint.
    Footer,
    /// A jump mark (上接/下转第N版).
    Jump,
    /// A page number standing alone.
    PageNumber,
    /// A printed rule.
    Rule,
    /// An advertisement or a notice (公告, 启事, 声明): printed for others, not news.
    Ad,
    /// Lines that make no article (a stray title, specks on a scan); also
    /// what a kind this build does not know reads back as.
    Unknown,
}

impl FurnitureKind {
    /// Every kind, in the order of [`FURNITURE_KINDS`].
    pub const ALL: [FurnitureKind; 7] =
        [FurnitureKind::Header, FurnitureKind::Footer, FurnitureKind::Jump, FurnitureKind::PageNumber, FurnitureKind::Rule, FurnitureKind::Ad, FurnitureKind::Unknown];

    /// The kind's name, as in JSON.
    pub fn name(self) -> &'static str {
        FURNITURE_KINDS[self as usize]
    }

    /// The kind of a name; `unknown` for a name this build does not know.
    pub fn from_name(name: &str) -> FurnitureKind {
        FurnitureKind::ALL.into_iter().find(|k| k.name() == name).unwrap_or(FurnitureKind::Unknown)
    }
}

impl std::fmt::Display for FurnitureKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A line of page furniture that was kept out of the articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Furniture {
    /// What kind of furniture the line is.
    pub kind: FurnitureKind,
    /// The raw line it is (1-based, counted over the whole file, as [`Article::lines`]).
    pub line: usize,
    /// The line as printed.
    pub text: String,
}

/// The names of the kinds of [`Furniture`].
pub const FURNITURE_KINDS: [&str; 7] = ["header", "footer", "jump", "page_number", "rule", "ad", "unknown"];

impl<'de> Deserialize<'de> for Furniture {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Read {
            kind: String,
            line: usize,
            text: String,
        }
        let r = Read::deserialize(d)?;
        Ok(Furniture { kind: FurnitureKind::from_name(&r.kind), line: r.line, text: r.text })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_as_far_as_known_and_count_days() {
        let d = |s: &str| PageDate::parse(s).unwrap();
        assert_eq!((d("2022-02-14").iso(), d("2022-2").iso(), d("2022").iso(), d("").iso()), (Some("2022-02-14".into()), Some("2022-02".into()), Some("2022".into()), None));
        assert_eq!((d("2022-02-14").day_iso(), d("2022-02").day_iso()), (Some("2022-02-14".into()), None));
        assert_eq!(d("1970-01-01").days_since_epoch(), Some(0));
        assert_eq!(d("2022-02-14").days_since_epoch(), Some(19037));
        assert_eq!(d("2022-02").days_since_epoch(), None);
        // every day of four centuries and back, leap days included
        for n in -146_097..146_097 {
            assert_eq!(PageDate::from_days(n).days_since_epoch(), Some(n));
        }
        assert_eq!(d("2024-03-01").day_before(), Some(d("2024-02-29")));
        assert_eq!(d("2023-01-01").day_before(), Some(d("2022-12-31")));
    }
}
