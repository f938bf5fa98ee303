//! One reader for every page file.
//!
//! `benbao parse`, `benbao ingest`, the upload endpoint and the bindings
//! all read a page file through [`read`]: what the file *is* is decided by
//! its first bytes (a PDF, a PNG, JPEG or TIFF scan, else text in any
//! encoding benbao detects), never by its name alone, and each kind goes to
//! its reader — text to benbao's line reader, PDFs and scans to the layout
//! reader of this crate. Whatever the kind, the caller gets the same
//! [`Article`]s, one [`Summary`], and the page's lines as read (the raw
//! text the archive keeps beside the articles).

use std::io::Read;
use std::path::Path;

use benbao::{Article, Options, Summary};

use crate::{image, run, sniff, Error, FileKind};

/// Extensions of the page files a folder is searched for.
pub const EXTENSIONS: [&str; 7] = ["txt", "pdf", "png", "jpg", "jpeg", "tif", "tiff"];

/// Whether a file in a folder is a page to read (by its extension; hidden
/// files and others are left alone).
pub fn is_page_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

pub use crate::error::io_problem;

/// What a page file holds, decided from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// Text: raw lines, as printed by `pdftotext` or OCR, in any supported encoding.
    Text,
    /// A PDF page or a scan, read by where things are on it.
    Layout(FileKind),
}

impl PageKind {
    /// The extension a stored copy of such a file gets (uploads).
    pub fn extension(self) -> &'static str {
        match self {
            PageKind::Text => "txt",
            PageKind::Layout(FileKind::Pdf) => "pdf",
            PageKind::Layout(FileKind::Png) => "png",
            PageKind::Layout(FileKind::Jpeg) => "jpg",
            PageKind::Layout(FileKind::Tiff) => "tif",
        }
    }
}

/// The kind of a page file from its first bytes (up to 1 KiB is enough). A
/// PDF may have a few bytes before its `%PDF-` header, but not a line of
/// text: a text page that quotes `%PDF-` is still text.
pub fn kind_of(head: &[u8]) -> PageKind {
    match sniff(head) {
        Some(FileKind::Pdf) => {
            let at = head.windows(5).position(|w| w == b"%PDF-").unwrap_or(0);
            if head[..at].contains(&b'\n') {
                PageKind::Text
            } else {
                PageKind::Layout(FileKind::Pdf)
            }
        }
        k => k.map_or(PageKind::Text, PageKind::Layout),
    }
}

/// One page file read.
#[derive(Debug, Default)]
pub struct PageFile {
    /// Pages, articles, furniture, warnings; `summary.input.encoding` is the
    /// text's encoding, or `PDF`, `PNG`, `JPEG`, `TIFF`.
    pub summary: Summary,
    /// The lines as read (kept only when asked): lines joined by `\n`, a form
    /// feed before each page after the first. Articles' `lines` count in it.
    pub raw: String,
}

/// Opens a page file and reads its first bytes (up to 1 KiB: enough to tell
/// its kind), refusing a folder.
pub fn open(path: &Path) -> Result<(std::fs::File, Vec<u8>), Error> {
    let mut f = std::fs::File::open(path)?;
    if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
        return Err(Error::NotAPage("is a folder (give the page files inside it)"));
    }
    let mut head = vec![0u8; 1024];
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    head.truncate(n);
    Ok((f, head))
}

/// Reads one page file: each article goes to `on` as soon as it is known;
/// `keep_raw` also keeps the lines as read. The error is in words, for the
/// user, without the file's name (the caller names the file).
pub fn read(path: &Path, opts: &Options, keep_raw: bool, mut on: impl FnMut(Article)) -> Result<PageFile, Error> {
    let (f, head) = open(path)?;
    match kind_of(&head) {
        PageKind::Text => {
            let r = std::io::Cursor::new(head).chain(std::io::BufReader::with_capacity(1 << 16, f));
            read_text(r, opts, keep_raw, on)
        }
        PageKind::Layout(kind) => {
            drop(f);
            // the kind is known: the layout reader does not open and sniff the file again
            let p = crate::read_kind(path, kind, opts)?;
            let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            let raw = if keep_raw { p.raw_lines.join("\n") } else { String::new() };
            let n = p.articles.len();
            for a in p.articles {
                on(a);
            }
            let summary = Summary {
                input: benbao::InputReport { encoding: p.kind, bytes, lines: p.raw_lines.len(), warnings: Vec::new() },
                pages: p.pages,
                articles: n,
                furniture_count: p.furniture.len(),
                furniture: p.furniture,
                warnings: p.warnings,
                sizes: p.sizes,
            };
            Ok(PageFile { summary, raw })
        }
    }
}

/// Reads page text from a stream (standard input): text only, since the
/// layout readers need a file to hand to poppler and Tesseract.
pub fn read_text(r: impl Read, opts: &Options, keep_raw: bool, on: impl FnMut(Article)) -> Result<PageFile, Error> {
    let mut raw = String::new();
    let summary = benbao::parse_reader_keeping(r, opts, keep_raw.then_some(&mut raw), on)?;
    Ok(PageFile { summary, raw })
}

/// Largest side of a stored page image, in pixels: enough to see where an
/// article is and read its headline, small enough to keep an archive light.
pub const IMAGE_SIDE: usize = 1400;

/// Renders page `page` (1-based) of a PDF or scan as a PNG of at most
/// [`IMAGE_SIDE`] pixels a side, written to `out`: the picture the web UI
/// shows beside an article, with the article's boxes drawn over it. It is
/// drawn beside `out` under a name of its own and then renamed, so two
/// renderings at once, or a reader, never see half a file; nothing is left
/// behind when it fails.
pub fn render_image(path: &Path, page: usize, out: &Path) -> Result<(), Error> {
    let (_, head) = open(path)?;
    let kind = kind_of(&head);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let stem = out.with_extension(format!("part-{}-{nanos}", std::process::id()));
    // pdftoppm -singlefile writes STEM.png
    let tmp = std::path::PathBuf::from(format!("{}.png", stem.display()));
    let drawn = match kind {
        PageKind::Text => return Err(Error::NoPicture("a text page has no picture".into())),
        PageKind::Layout(FileKind::Pdf) => {
            let (p, side) = (page.to_string(), IMAGE_SIDE.to_string());
            let args = ["-png", "-f", &p, "-l", &p, "-singlefile", "-scale-to", &side, &path.to_string_lossy(), &stem.to_string_lossy()];
            run::run("pdftoppm", &args, crate::PDF_LIMIT).and_then(|o| {
                if o.success {
                    Ok(())
                } else {
                    Err(Error::ToolFailed { tool: "pdftoppm", message: format!("pdftoppm could not render page {page}: {}", o.stderr.lines().last().unwrap_or("")) })
                }
            })
        }
        PageKind::Layout(_) if page != 1 => return Err(Error::NoPicture(format!("a scan has one page, not {page}"))),
        PageKind::Layout(k) => {
            let fmt = crate::image_format(k).unwrap_or(image::Format::Tiff);
            image::decode(path, fmt).and_then(|g| {
                let f = g.w.max(g.h).div_ceil(IMAGE_SIDE).max(1);
                let g = if f > 1 { g.shrink(f) } else { g };
                g.write_png(&tmp).map_err(|e| Error::Write { path: tmp.clone(), source: e })
            })
        }
    };
    let done = drawn.and_then(|()| std::fs::rename(&tmp, out).map_err(|e| Error::Write { path: out.to_path_buf(), source: e }));
    if done.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    done
}
