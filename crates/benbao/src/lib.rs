//! benbao (本报): turn the raw text of Chinese newspaper pages into articles.
//!
//! The pipeline, one module a stage, data flowing one way:
//!
//! * [`input`]: bytes → lines (encoding detection, form feeds, limits);
//! * [`reflow`]: lines → paragraphs (column width, indents, letter-spacing);
//! * [`segment`]: lines → articles: each line classified ([`classify`]), the
//!   page's furniture marked, articles started at datelines, bylines and
//!   titles (`titles.rs`);
//! * [`assemble`]: the one article assembler, for text pages and for pages
//!   read by position (`benbao-layout`) alike: dateline ([`dateline`]),
//!   byline ([`byline`], [`names`]), continuation and furniture
//!   ([`furniture`]), and the date each article reports on ([`dates`]).
//!
//! [`PageParser`] ties them together and streams: it holds at most a few
//! thousand lines at a time, so memory stays flat whatever the input size.
//!
//! ```
//! let page = "本报讯 2月11日上午，洛阳高新区管委会考察组来到郑州高新区。\n记者 孙庆辉\n";
//! let opts = benbao::Options { date: benbao::PageDate::parse("2022-02").unwrap(), ..Default::default() };
//! let arts = benbao::parse_str(page, &opts);
//! assert_eq!(arts[0].dateline.as_deref(), Some("本报讯"));
//! assert_eq!(arts[0].date.as_deref(), Some("2022-02-11"));
//! assert_eq!(arts[0].byline.reporters, vec!["孙庆辉"]);
//! ```
#![warn(missing_docs)]

pub mod assemble;
pub mod byline;
pub mod classify;
pub mod dateline;
pub mod dates;
pub mod furniture;
pub mod input;
pub mod names;
pub mod page;
pub mod reflow;
pub mod render;
pub mod segment;
mod titles;

pub use assemble::article_date;

pub use input::{InputError, InputReport};

/// What every entry point says of a readable file that holds no article
/// (whitespace, furniture only): `parse` and `ingest` both count it as a
/// failed file (exit code 1).
pub const NO_ARTICLES: &str = "no articles found: this does not look like a newspaper page";
pub use page::{Article, Byline, Caption, Furniture, FurnitureKind, PageDate};

use reflow::Line;

/// How to read pages.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The publication date of the page(s), as far as known.
    pub date: PageDate,
    /// The script scans are read in (text and PDF text layers are taken as printed).
    pub script: Script,
}

/// The script a scan is printed in, for OCR: simplified (mainland papers
/// since 1956), traditional (Hong Kong, Taiwan, older mainland papers), or
/// decided page by page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Script {
    /// Each page is tried both ways on a sample of its lines; the reading OCR is surer of wins.
    #[default]
    Auto,
    /// Simplified characters (Tesseract's `chi_sim` model).
    Simplified,
    /// Traditional characters (Tesseract's `chi_tra` model).
    Traditional,
}

impl Script {
    /// `auto`, `simplified` (`sim`, `s`) or `traditional` (`tra`, `t`).
    pub fn parse(s: &str) -> Result<Script, String> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(Script::Auto),
            "simplified" | "sim" | "s" => Ok(Script::Simplified),
            "traditional" | "tra" | "t" => Ok(Script::Traditional),
            _ => Err(format!("{s:?}: expected auto, simplified or traditional")),
        }
    }
}

/// Buffered lines beyond which the parser looks for a safe place to cut.
const SOFT_LINES: usize = 2048;
/// Buffered lines (or bytes) beyond which it cuts wherever it can.
const HARD_LINES: usize = 16384;
const HARD_BYTES: usize = 4 * 1024 * 1024;

/// A streaming page parser: feed it lines and page breaks, get articles.
pub struct PageParser {
    opts: Options,
    buf: Vec<Line>,
    buf_bytes: usize,
    page: usize,
    page_top: bool,
    years: Vec<i32>,
    /// Page furniture seen so far (headers, footers, jump lines), capped.
    pub furniture: Vec<Furniture>,
    /// How many furniture lines were seen in all, including those past the
    /// cap (10 000) that `furniture` keeps.
    pub furniture_count: usize,
    /// Warnings about the input as a whole.
    pub warnings: Vec<String>,
}

const MAX_FURNITURE: usize = 10_000;

impl PageParser {
    /// A parser at the top of page 1, nothing buffered.
    pub fn new(opts: Options) -> PageParser {
        PageParser {
            opts,
            buf: Vec::new(),
            buf_bytes: 0,
            page: 1,
            page_top: true,
            years: Vec::new(),
            furniture: Vec::new(),
            furniture_count: 0,
            warnings: Vec::new(),
        }
    }

    /// Adds one raw line (1-based line number `no`).
    pub fn push_line(&mut self, no: usize, raw: String, out: &mut dyn FnMut(Article)) {
        self.buf_bytes += raw.len();
        dates::years_mentioned(&raw, &mut self.years);
        self.buf.push(Line::new(no, raw));
        if self.buf.len() >= SOFT_LINES || self.buf_bytes >= HARD_BYTES {
            let cut = self.safe_cut();
            match cut {
                Some(c) => self.flush(c, false, out),
                None if self.buf.len() >= HARD_LINES || self.buf_bytes >= HARD_BYTES => {
                    let at = self.buf.last().map_or(0, |l| l.no);
                    self.warnings.push(format!(
                        "page {}: no article boundary in {} lines (up to line {at}); the text was cut there",
                        self.page,
                        self.buf.len()
                    ));
                    let n = self.buf.len();
                    self.flush(n, false, out);
                }
                None => {}
            }
        }
    }

    /// A form feed: the page ends here.
    pub fn page_break(&mut self, out: &mut dyn FnMut(Article)) {
        let n = self.buf.len();
        self.flush(n, true, out);
        self.page += 1;
        self.page_top = true;
        self.years.clear();
    }

    /// The input ended.
    pub fn finish(&mut self, out: &mut dyn FnMut(Article)) {
        let n = self.buf.len();
        self.flush(n, true, out);
    }

    /// The last place in the buffer where one article surely ends and the next
    /// begins: a blank line after a byline line, far enough from the end.
    fn safe_cut(&self) -> Option<usize> {
        let n = self.buf.len();
        let mut i = n.saturating_sub(64);
        while i > 1 {
            if self.buf[i - 1].is_blank() && !self.buf[i].is_blank() {
                let prev = (0..i - 1).rev().find(|&j| !self.buf[j].is_blank());
                if let Some(j) = prev {
                    if matches!(classify::classify(&self.buf[j]), classify::Kind::Byline(_))
                        && !matches!(classify::classify(&self.buf[i]), classify::Kind::Byline(_))
                    {
                        return Some(i);
                    }
                }
            }
            i -= 1;
        }
        None
    }

    fn flush(&mut self, upto: usize, page_bottom: bool, out: &mut dyn FnMut(Article)) {
        if upto == 0 {
            return;
        }
        let seg = segment::segment(&self.buf[..upto], self.page, self.page_top, page_bottom);
        self.page_top = false;
        for f in seg.furniture {
            self.furniture_count += 1;
            if self.furniture.len() < MAX_FURNITURE {
                self.furniture.push(f);
            }
        }
        for mut a in seg.articles {
            a.date = article_date(&a, &self.opts.date, &self.years);
            out(a);
        }
        self.buf.drain(..upto);
        self.buf_bytes = self.buf.iter().map(|l| l.raw.len()).sum();
    }
}

/// Parses a whole page held in memory.
pub fn parse_str(text: &str, opts: &Options) -> Vec<Article> {
    let mut p = PageParser::new(opts.clone());
    let mut arts = Vec::new();
    let mut push = |a: Article| arts.push(a);
    for (k, page) in text.split('\u{0c}').enumerate() {
        if k > 0 {
            p.page_break(&mut push);
        }
        for (i, l) in page.lines().enumerate() {
            p.push_line(i + 1, l.to_string(), &mut push);
        }
    }
    p.finish(&mut push);
    arts
}

/// Everything learnt about one input besides its articles.
#[derive(Debug, Default)]
pub struct Summary {
    /// What reading the bytes found: encoding, size, line count.
    pub input: InputReport,
    /// How many pages: one more than the form feeds read.
    pub pages: usize,
    /// How many articles were passed on.
    pub articles: usize,
    /// Page furniture (headers, footers, jump lines), at most the first 10 000.
    pub furniture: Vec<Furniture>,
    /// How many furniture lines there were in all, past the cap included.
    pub furniture_count: usize,
    /// The input's warnings, then the parser's, in words.
    pub warnings: Vec<String>,
    /// Width and height of each page, in the units of the articles' `boxes`
    /// (PDF pages and scans; empty for text).
    pub sizes: Vec<[f32; 2]>,
}

/// Parses a stream of page text, calling `on` for each article as soon as it is complete.
pub fn parse_reader<R: std::io::Read>(r: R, opts: &Options, on: impl FnMut(Article)) -> Result<Summary, InputError> {
    parse_reader_keeping(r, opts, None, on)
}

/// Like [`parse_reader`], also keeping the decoded text in `raw` when given:
/// lines joined by `\n`, a form feed where a page ends (what the archive
/// stores, and what an article's `lines` count in).
pub fn parse_reader_keeping<R: std::io::Read>(
    r: R,
    opts: &Options,
    mut raw: Option<&mut String>,
    mut on: impl FnMut(Article),
) -> Result<Summary, InputError> {
    let mut p = PageParser::new(opts.clone());
    let mut count = 0usize;
    let mut emit = |a: Article| {
        count += 1;
        on(a)
    };
    let mut first = true;
    let mut pending_break = false;
    let report = input::read_lines(r, |e| match e {
        input::Event::Line { no, text } => {
            if let Some(raw) = raw.as_deref_mut() {
                if !first {
                    raw.push('\n');
                }
                if pending_break {
                    raw.push('\u{0c}');
                }
                raw.push_str(&text);
            }
            first = false;
            pending_break = false;
            p.push_line(no, text, &mut emit)
        }
        input::Event::PageBreak => {
            pending_break = true;
            p.page_break(&mut emit)
        }
    })?;
    p.finish(&mut emit);
    if let (Some(raw), true) = (raw, pending_break) {
        raw.push('\u{0c}');
    }
    let mut warnings = report.warnings.clone();
    warnings.append(&mut p.warnings);
    Ok(Summary {
        input: report,
        pages: p.page,
        articles: count,
        furniture: std::mem::take(&mut p.furniture),
        furniture_count: p.furniture_count,
        warnings,
        sizes: Vec::new(),
    })
}
