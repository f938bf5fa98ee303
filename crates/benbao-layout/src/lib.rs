//! benbao-layout: newspaper pages read by where things are on them.
//!
//! `benbao parse page.pdf` and `benbao parse scan.png` come here. A PDF page's
//! text layer is taken with every word's box (poppler's `pdftotext
//! -bbox-layout`); a scan (or a PDF page without a text layer) is read by
//! Tesseract, column by column. Either way the words then go through the same
//! geometric reading ([`read`]): columns, heading groups (kicker, headline,
//! subheadline), body runs and the articles they make, page header and footer
//! kept apart; [`compose`] turns each article's placed lines into a benbao
//! [`Article`] (paragraphs from indents and line ends, dateline and byline
//! read by benbao's own rules, dates resolved as for text pages).
//!
//! The tools run as subprocesses with time limits; a missing tool, an
//! encrypted or broken PDF or an oversized image is an error in words, never
//! a hang.

pub mod compose;
pub mod geom;
pub mod pdf;
pub mod read;
pub mod run;

use std::path::Path;
use std::time::Duration;

use benbao::{Article, Furniture, InputReport, Options, PageDate, Summary};

/// What kind of page file this is, by its first bytes (the extension only when they say nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
    Tiff,
}

pub fn sniff(head: &[u8]) -> Option<FileKind> {
    if head.len() >= 5 && head[..1024.min(head.len())].windows(5).any(|w| w == b"%PDF-") {
        Some(FileKind::Pdf)
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(FileKind::Png)
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileKind::Jpeg)
    } else if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        Some(FileKind::Tiff)
    } else {
        None
    }
}

pub fn kind_name(k: FileKind) -> &'static str {
    match k {
        FileKind::Pdf => "PDF",
        FileKind::Png => "PNG",
        FileKind::Jpeg => "JPEG",
        FileKind::Tiff => "TIFF",
    }
}

/// Extensions this crate reads.
pub fn handles_extension(path: &str) -> bool {
    let low = path.to_ascii_lowercase();
    [".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"].iter().any(|e| low.ends_with(e))
}

/// Time limit for poppler on one file.
const PDF_LIMIT: Duration = Duration::from_secs(60);

/// Everything read from one file.
#[derive(Debug, Default)]
pub struct Parsed {
    pub articles: Vec<Article>,
    pub warnings: Vec<String>,
    pub pages: usize,
    /// Page headers and footers kept out of the articles.
    pub furniture: Vec<Furniture>,
    /// `PDF`, `PNG`, `JPEG` or `TIFF` (where text pages report their encoding).
    pub kind: &'static str,
}

/// Reads a PDF or image page file into articles; also returns warnings.
pub fn parse_file(path: &str, opts: &Options) -> Result<(Vec<Article>, Vec<String>), String> {
    let p = read_file(path, opts)?;
    Ok((p.articles, p.warnings))
}

/// Like [`parse_file`], for the CLI: each article goes to `on`; the rest comes back as a benbao [`Summary`].
pub fn parse_into(path: &str, opts: &Options, mut on: impl FnMut(Article)) -> Result<Summary, String> {
    let p = read_file(path, opts)?;
    let n = p.articles.len();
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    for a in p.articles {
        on(a);
    }
    Ok(Summary {
        input: InputReport { encoding: p.kind, bytes, lines: 0, warnings: Vec::new() },
        pages: p.pages,
        articles: n,
        furniture_count: p.furniture.len(),
        furniture: p.furniture,
        warnings: p.warnings,
    })
}

/// Reads a PDF or image page file.
pub fn read_file(path: &str, opts: &Options) -> Result<Parsed, String> {
    let p = Path::new(path);
    let mut head = vec![0u8; 1024];
    let n = {
        use std::io::Read;
        let mut f = std::fs::File::open(p).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        })?;
        if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
            return Err("is a folder (give the page files inside it)".into());
        }
        f.read(&mut head).map_err(|e| e.to_string())?
    };
    head.truncate(n);
    if n == 0 {
        return Err("empty file".into());
    }
    let kind = sniff(&head).ok_or_else(|| {
        let low = path.to_ascii_lowercase();
        if low.ends_with(".pdf") {
            "not a PDF (the file does not start like one)".to_string()
        } else {
            "not a PNG, JPEG or TIFF image (the file does not start like one)".to_string()
        }
    })?;
    match kind {
        FileKind::Pdf => parse_pdf(p, opts),
        k => Err(format!("not a text page: it is a {} image (scans are not read yet)", kind_name(k))),
    }
}

fn parse_pdf(p: &Path, opts: &Options) -> Result<Parsed, String> {
    let pages = pdf::words(p, PDF_LIMIT)?;
    let mut out = Parsed { kind: "PDF", pages: pages.len(), ..Default::default() };
    for (i, pw) in pages.iter().enumerate() {
        if pw.words.is_empty() {
            out.warnings.push(format!("page {}: no text layer", i + 1));
            continue;
        }
        let layout = read::read_page(pw);
        add_page(&mut out, &layout, i + 1, opts);
    }
    Ok(out)
}

fn add_page(out: &mut Parsed, layout: &read::PageLayout, page: usize, opts: &Options) {
    for (k, t) in layout.header.iter().enumerate() {
        out.furniture.push(Furniture { kind: "header", line: k + 1, text: t.clone() });
    }
    let arts = articles_of(layout, page, opts);
    let last = arts.iter().map(|a| a.lines[1]).max().unwrap_or(layout.header.len());
    for (k, t) in layout.footer.iter().enumerate() {
        out.furniture.push(Furniture { kind: "footer", line: last + k + 1, text: t.clone() });
    }
    out.articles.extend(arts);
}

/// The articles of one read page, dated.
pub fn articles_of(layout: &read::PageLayout, page: usize, opts: &Options) -> Vec<Article> {
    let mut arts: Vec<Article> = layout.blocks.iter().filter_map(|b| compose::article(b, page)).collect();
    let mut date = opts.date;
    if date.year.is_none() {
        if let Some(d) = read::header_date(&layout.header) {
            date = PageDate::parse(&d).unwrap_or_default();
        }
    }
    let mut years = Vec::new();
    for t in &layout.header {
        benbao::dates::years_mentioned(t, &mut years);
    }
    for a in &arts {
        for p in &a.paragraphs {
            benbao::dates::years_mentioned(p, &mut years);
        }
    }
    for a in arts.iter_mut() {
        a.date = benbao::article_date(a, &date, &years);
    }
    arts
}
