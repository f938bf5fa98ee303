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
#![warn(missing_docs)]

pub mod compose;
pub mod error;
pub mod geom;
pub mod image;
pub mod page_file;
pub mod pdf;
pub mod read;
pub mod run;
pub mod scan;

use std::path::Path;
use std::time::Duration;

use benbao::{Article, Furniture, FurnitureKind, Options, PageDate, Script};
pub use error::Error;
use geom::PageWords;

/// What kind of page file this is, by its first bytes (the extension only when they say nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A PDF (`%PDF-` within the first 1024 bytes), read by its text layer or, without one, by OCR.
    Pdf,
    /// A PNG scan, read by OCR.
    Png,
    /// A JPEG scan, read by OCR.
    Jpeg,
    /// A TIFF scan (either byte order), read by OCR.
    Tiff,
}

/// The kind of page file whose first bytes are `head` (up to 1024 of them are
/// looked at for a PDF's `%PDF-`); None when they match no kind read here.
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

/// The kind's name as reported to the user: `PDF`, `PNG`, `JPEG` or `TIFF`.
pub fn kind_name(k: FileKind) -> &'static str {
    match k {
        FileKind::Pdf => "PDF",
        FileKind::Png => "PNG",
        FileKind::Jpeg => "JPEG",
        FileKind::Tiff => "TIFF",
    }
}

/// Time limit for poppler on one file.
const PDF_LIMIT: Duration = Duration::from_secs(60);

/// Everything read from one file.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The articles of all pages, in reading order, line numbers counted over the whole file.
    pub articles: Vec<Article>,
    /// Notes for the user, in words (e.g. `page 2: no text layer; read by OCR`).
    pub warnings: Vec<String>,
    /// How many pages the file has (1 for an image).
    pub pages: usize,
    /// Page headers and footers kept out of the articles.
    pub furniture: Vec<Furniture>,
    /// `PDF`, `PNG`, `JPEG` or `TIFF` (where text pages report their encoding).
    pub kind: &'static str,
    /// The page's lines as read, in reading order (header, articles, footer),
    /// pages after the first starting with a form feed: what the articles'
    /// and furniture's `lines` count in, as for text pages.
    pub raw_lines: Vec<String>,
    /// Each page's width and height, in the units of the articles' boxes.
    pub sizes: Vec<[f32; 2]>,
}

/// Reads a PDF or image page file into articles; also returns warnings.
pub fn parse_file(path: &str, opts: &Options) -> Result<(Vec<Article>, Vec<String>), Error> {
    let p = read_file(path, opts)?;
    Ok((p.articles, p.warnings))
}

/// Reads a PDF or image page file.
pub fn read_file(path: &str, opts: &Options) -> Result<Parsed, Error> {
    let (_, head) = page_file::open(Path::new(path))?;
    if head.is_empty() {
        return Err(Error::NotAPage("empty file"));
    }
    let kind = sniff(&head).ok_or_else(|| {
        Error::NotAPage(if path.to_ascii_lowercase().ends_with(".pdf") {
            "not a PDF (the file does not start like one)"
        } else {
            "not a PNG, JPEG or TIFF image (the file does not start like one)"
        })
    })?;
    read_kind(Path::new(path), kind, opts)
}

/// Reads a page file whose kind its first bytes have told.
pub(crate) fn read_kind(p: &Path, kind: FileKind, opts: &Options) -> Result<Parsed, Error> {
    match image_format(kind) {
        None => parse_pdf(p, opts),
        Some(fmt) => parse_image(p, fmt, opts),
    }
}

/// The image format of a scan's kind (None for a PDF).
pub(crate) fn image_format(kind: FileKind) -> Option<image::Format> {
    match kind {
        FileKind::Pdf => None,
        FileKind::Png => Some(image::Format::Png),
        FileKind::Jpeg => Some(image::Format::Jpeg),
        FileKind::Tiff => Some(image::Format::Tiff),
    }
}

fn parse_pdf(p: &Path, opts: &Options) -> Result<Parsed, Error> {
    // a long PDF gets longer: 60 s, and a second for every 4 pages past the first hundred
    let big = std::fs::metadata(p).map(|m| m.len() > 20 << 20).unwrap_or(false);
    let n = if big { pdf::page_count(p, Duration::from_secs(20)).unwrap_or(1) } else { 1 };
    let limit = PDF_LIMIT + Duration::from_millis(250 * n.saturating_sub(100) as u64);
    let pages = pdf::words(p, limit)?;
    let mut out = Parsed { kind: "PDF", pages: pages.len(), ..Default::default() };
    // for pages without a text layer: a scratch folder and the OCR script, found once
    let mut ocr: Option<(run::Scratch, Script)> = None;
    for (i, pw) in pages.iter().enumerate() {
        let mut size = [pw.width, pw.height];
        let layout = if pw.words.is_empty() {
            // no text layer: a scan in a PDF
            if ocr.is_none() {
                ocr = Some((run::Scratch::new()?, ocr_script(opts.script, &mut out.warnings)?));
            }
            let (scratch, script) = ocr.as_ref().unwrap();
            match ocr_pdf_page(p, i + 1, scratch, *script, &mut out.warnings) {
                Ok(words) => {
                    out.warnings.push(format!("page {}: no text layer; read by OCR", i + 1));
                    size = [words.width, words.height];
                    read::read_page(&words)
                }
                Err(e) => {
                    out.warnings.push(format!("page {}: no text layer, and OCR failed: {e}", i + 1));
                    // the page still counts (its lines, its size), with nothing on it
                    read::PageLayout::default()
                }
            }
        } else {
            read::read_page(pw)
        };
        add_page(&mut out, &layout, size, i + 1, opts);
    }
    Ok(out)
}

/// Time limit for Tesseract on one page (a batch of lines), beside a little per line.
const OCR_LIMIT: Duration = Duration::from_secs(120);
/// Resolution at which PDF pages without a text layer are rasterized for OCR.
const RASTER_DPI: &str = "200";

fn ocr_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 4)
}

/// The script scans are read in, as far as Tesseract's models allow, or why
/// they cannot be read: `auto` without the traditional model reads as
/// simplified, and says so.
fn ocr_script(script: Script, warnings: &mut Vec<String>) -> Result<Script, Error> {
    let out = run::run("tesseract", &["--list-langs"], Duration::from_secs(20))?;
    let langs = format!("{}{}", String::from_utf8_lossy(&out.stdout), out.stderr);
    let has = |m: &str| langs.lines().any(|l| l.trim() == m);
    let (sim, tra) = (has(scan::model(Script::Simplified)), has(scan::model(Script::Traditional)));
    match script {
        Script::Traditional if !tra => Err(Error::NoModel { script: "Traditional", package: "tesseract-ocr-chi-tra" }),
        Script::Traditional => Ok(script),
        _ if !sim => Err(Error::NoModel { script: "Simplified", package: "tesseract-ocr-chi-sim" }),
        Script::Auto if !tra => {
            warnings.push(format!("{}: read as simplified", Error::NoModel { script: "Traditional", package: "tesseract-ocr-chi-tra" }));
            Ok(Script::Simplified)
        }
        s => Ok(s),
    }
}

/// Scales an oversized image down to at most [`image::MAX_PIXELS`].
fn fit(g: image::Gray, warnings: &mut Vec<String>) -> image::Gray {
    let n = g.w * g.h;
    if n <= image::MAX_PIXELS {
        return g;
    }
    let f = (1..).find(|f| n / (f * f) <= image::MAX_PIXELS).unwrap_or(1);
    warnings.push(format!("image of {} × {} pixels scaled down {f} times for OCR", g.w, g.h));
    g.shrink(f)
}

fn parse_image(p: &Path, fmt: image::Format, opts: &Options) -> Result<Parsed, Error> {
    let name = match fmt {
        image::Format::Png => "PNG",
        image::Format::Jpeg => "JPEG",
        image::Format::Tiff => "TIFF",
    };
    let mut out = Parsed { kind: name, pages: 1, ..Default::default() };
    let g = image::decode(p, fmt).map_err(|e| Error::Image { kind: name, source: Box::new(e) })?;
    let script = ocr_script(opts.script, &mut out.warnings)?;
    let g = fit(g, &mut out.warnings);
    let scratch = run::Scratch::new()?;
    let (pw, note) = scan::ocr_page(&g, &scratch.path, OCR_LIMIT, ocr_threads(), script)?;
    out.warnings.extend(note.map(|n| format!("page 1: {n}")));
    let layout = read::read_page(&pw);
    add_page(&mut out, &layout, [pw.width, pw.height], 1, opts);
    Ok(out)
}

/// A PDF page without a text layer: rasterized by poppler, then read like a scan.
fn ocr_pdf_page(p: &Path, page: usize, scratch: &run::Scratch, script: Script, warnings: &mut Vec<String>) -> Result<PageWords, Error> {
    let n = page.to_string();
    let stem = scratch.path.join(format!("page{page}"));
    let out = run::run(
        "pdftoppm",
        &["-r", RASTER_DPI, "-gray", "-f", &n, "-l", &n, "-singlefile", &p.to_string_lossy(), &stem.to_string_lossy()],
        PDF_LIMIT,
    )?;
    if !out.success {
        return Err(Error::ToolFailed { tool: "pdftoppm", message: format!("pdftoppm could not rasterize page {page}: {}", out.stderr.lines().last().unwrap_or("")) });
    }
    let file = stem.with_extension("pgm");
    let bytes = std::fs::read(&file).map_err(|e| Error::ToolFailed { tool: "pdftoppm", message: format!("pdftoppm wrote no image for page {page}: {e}") })?;
    let _ = std::fs::remove_file(&file);
    let g = fit(image::read_pnm(&bytes)?, warnings);
    let dir = scratch.path.join(format!("ocr{page}"));
    std::fs::create_dir_all(&dir).map_err(|e| Error::Scratch { path: dir.clone(), source: e })?;
    let pw = scan::ocr_page(&g, &dir, OCR_LIMIT, ocr_threads(), script);
    let _ = std::fs::remove_dir_all(&dir);
    let (pw, note) = pw?;
    warnings.extend(note.map(|n| format!("page {page}: {n}")));
    Ok(pw)
}

fn add_page(out: &mut Parsed, layout: &read::PageLayout, size: [f32; 2], page: usize, opts: &Options) {
    // lines are counted over the whole file, as in text pages
    let base = out.raw_lines.len();
    let mut lines: Vec<String> = layout.header.clone();
    for b in &layout.blocks {
        for l in b.kicker.iter().chain(&b.heading).chain(&b.body) {
            if lines.len() < l.no {
                lines.resize(l.no, String::new());
            }
            // a PDF's text may hold line breaks of its own: a raw line is one line
            lines[l.no - 1] = l.spaced.replace(['\n', '\r', '\u{0c}', '\u{85}', '\u{2028}', '\u{2029}'], " ");
        }
    }
    let body_end = lines.len();
    lines.extend(layout.footer.iter().cloned());
    if page > 1 {
        match lines.first_mut() {
            Some(l) => l.insert(0, '\u{0c}'),
            None => lines.push("\u{0c}".into()),
        }
    }
    out.raw_lines.extend(lines);
    out.sizes.push(size);
    for (k, t) in layout.header.iter().enumerate() {
        out.furniture.push(Furniture { kind: FurnitureKind::Header, line: base + k + 1, text: t.clone() });
    }
    let (arts, furniture) = read_articles(layout, page, opts);
    // lines are counted over the whole file
    out.articles.extend(arts.into_iter().map(|mut a| {
        a.lines = [a.lines[0] + base, a.lines[1] + base];
        a
    }));
    out.furniture.extend(furniture.into_iter().map(|f| Furniture { line: f.line + base, ..f }));
    for (k, t) in layout.footer.iter().enumerate() {
        out.furniture.push(Furniture { kind: FurnitureKind::Footer, line: base + body_end + k + 1, text: t.clone() });
    }
}

/// The articles of one read page, dated.
pub fn articles_of(layout: &read::PageLayout, page: usize, opts: &Options) -> Vec<Article> {
    read_articles(layout, page, opts).0
}

/// The articles of one read page, dated, and the furniture the assembler
/// found in them (line numbers counted on this page).
fn read_articles(layout: &read::PageLayout, page: usize, opts: &Options) -> (Vec<Article>, Vec<Furniture>) {
    let mut furniture = Vec::new();
    let mut arts: Vec<Article> = layout.blocks.iter().filter_map(|b| compose::article(b, page, &mut furniture)).collect();
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
    (arts, furniture)
}

/// Entry points for the fuzz targets in `fuzz/`: the parsing of what the
/// external tools print (pdftotext's bbox XHTML, Tesseract's TSV) and of the
/// image bytes read here, without running any tool.
#[doc(hidden)]
pub mod fuzzing {
    /// Reads `data` as each kind of tool output and image; must never panic.
    pub fn tool_output(data: &[u8]) {
        let text = String::from_utf8_lossy(data);
        for page in crate::pdf::parse_bbox_xhtml(&text) {
            let layout = crate::read::read_page(&page);
            let _ = crate::articles_of(&layout, 1, &benbao::Options::default());
        }
        let _ = crate::scan::tsv_words(&text);
        let _ = crate::image::read_pnm(data);
        let _ = crate::image::jpeg_complete(data);
    }
}

