//! What can go wrong reading a page file, as values a caller can match on.
//! Each prints in words for the person at the terminal, without the file's
//! name (the caller names the file and, for a PDF, the page).

use std::fmt;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

/// Why a page file could not be read, or a page picture drawn.
#[derive(Debug)]
pub enum Error {
    /// The file cannot be opened or read: `no such file or folder`,
    /// `permission denied`, or the system's words.
    Io(io::Error),
    /// A text page that cannot be read as text (binary, undecodable, empty).
    Text(benbao::InputError),
    /// A file the reader writes (a scratch folder or image, a page picture)
    /// cannot be written.
    Write {
        /// The file or folder that could not be written.
        path: PathBuf,
        /// Why, as the system said.
        source: io::Error,
    },
    /// The private scratch folder cannot be made.
    Scratch {
        /// The folder that could not be made.
        path: PathBuf,
        /// Why, as the system said.
        source: io::Error,
    },
    /// The path is not a page file: a folder, an empty file, or a `.pdf`
    /// or image that does not start like one.
    NotAPage(&'static str),
    /// An external tool (poppler's `pdftotext`, `pdftoppm`; `tesseract`) is
    /// not on the PATH; `install` is the command that installs it.
    ToolMissing {
        /// The program's name, as run (e.g. `pdftotext`).
        tool: String,
        /// The command that installs it (e.g. `apt-get install poppler-utils`).
        install: &'static str,
    },
    /// An external tool could not be started or waited for.
    ToolStart {
        /// The program's name, as run.
        tool: String,
        /// Why it could not be started or waited for, as the system said.
        source: io::Error,
    },
    /// An external tool ran past its time limit and was stopped.
    Timeout {
        /// The program's name, as run.
        tool: String,
        /// The time limit it ran past (printed in whole seconds).
        limit: Duration,
    },
    /// An external tool ran and failed; the message says what it was asked
    /// and its last words.
    ToolFailed {
        /// The program that failed (e.g. `pdftoppm`).
        tool: &'static str,
        /// What it was asked and its last words; this is all that is printed.
        message: String,
    },
    /// Tesseract has no model for the script asked for.
    NoModel {
        /// The script asked for: `Simplified` or `Traditional`.
        script: &'static str,
        /// The Debian package holding the model (e.g. `tesseract-ocr-chi-tra`).
        package: &'static str,
    },
    /// The PDF needs a password.
    Encrypted,
    /// Poppler cannot read the file as a PDF; its words.
    BadPdf(String),
    /// An image larger than the reader takes, in pixels.
    TooLarge {
        /// Width, in pixels.
        w: usize,
        /// Height, in pixels.
        h: usize,
    },
    /// An image with no pixels.
    EmptyImage,
    /// Image data that cannot be decoded, in words.
    BadImage(String),
    /// A file that is a PNG, JPEG or TIFF image (`kind`) that cannot be read.
    Image {
        /// `PNG`, `JPEG` or `TIFF`.
        kind: &'static str,
        /// Why it cannot be decoded.
        source: Box<Error>,
    },
    /// A scan with more text lines than OCR is run on.
    TooManyLines(usize),
    /// Asked for a page picture a file does not have (a text page; a scan's
    /// page other than 1).
    NoPicture(String),
}

/// A file or folder that cannot be opened or read, in words.
pub fn io_problem(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(e) => f.write_str(&io_problem(e)),
            Error::Text(e) => e.fmt(f),
            Error::Write { path, source } => write!(f, "cannot write {}: {source}", path.display()),
            Error::Scratch { path, source } => write!(f, "cannot create a scratch folder {}: {source}", path.display()),
            Error::NotAPage(why) => f.write_str(why),
            Error::ToolMissing { tool, install } => write!(f, "{tool} is not installed ({install})"),
            Error::ToolStart { tool, source } => write!(f, "cannot run {tool}: {source}"),
            Error::Timeout { tool, limit } => write!(f, "{tool} did not finish within {} s and was stopped", limit.as_secs()),
            Error::ToolFailed { message, .. } => f.write_str(message),
            Error::NoModel { script, package } => write!(f, "Tesseract has no {script} Chinese model (apt-get install {package})"),
            Error::Encrypted => f.write_str("the PDF is encrypted (it needs a password): decrypt it first (e.g. qpdf --decrypt)"),
            Error::BadPdf(why) => f.write_str(why),
            Error::TooLarge { w, h } => {
                write!(f, "image too large ({w} × {h} pixels; at most {} million): scan at 300 DPI or less", crate::image::REFUSE_PIXELS / 1_000_000)
            }
            Error::EmptyImage => f.write_str("empty image (no pixels)"),
            Error::BadImage(why) => f.write_str(why),
            Error::Image { kind, source } => write!(f, "not a text page: it is a {kind} image that cannot be decoded ({source})"),
            Error::TooManyLines(n) => write!(f, "the image holds too many text lines to read ({n})"),
            Error::NoPicture(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(e) | Error::Write { source: e, .. } | Error::Scratch { source: e, .. } | Error::ToolStart { source: e, .. } => Some(e),
            Error::Image { source, .. } => Some(source.as_ref()),
            Error::Text(e) => Some(e),
            _ => None,
        }
    }
}

impl From<benbao::InputError> for Error {
    fn from(e: benbao::InputError) -> Self {
        Error::Text(e)
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Io(e)
    }
}
