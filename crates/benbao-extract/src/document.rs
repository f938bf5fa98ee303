//! The JSON of a parsed page file and of one extracted article: what `benbao
//! parse --format json|jsonl` and `benbao extract` print, and what the Python
//! package returns (`benbao.parse`, `benbao.extract`). One writer for both,
//! so the two cannot drift apart.
//!
//! A page file's document is written as its articles come:
//! `{"source":…,"date":…,"articles":[` [`Document::head`], one object per
//! article ([`Document::article_json`]), then [`Document::write_tail`] with the
//! file's `persons`, `encoding`, `pages`, `sizes` (PDF pages and scans),
//! `furniture` and `warnings`; or [`Document::write_error`] when reading failed
//! after some articles were written.

use std::io::{self, Write};

use benbao::{render, Article, PageDate, Summary};
use serde::Serialize;

use crate::persons::Registry;
use crate::{extract_at, Entities, Jurisdiction};

/// An article with its entities, as one JSON object (the article's fields,
/// then `people`, `organizations`, `places`, `events`).
#[derive(Serialize)]
pub struct WithEntities<'a> {
    /// The article; its fields come first in the object.
    #[serde(flatten)]
    pub article: &'a Article,
    /// What was extracted from it; its fields (`people`, `organizations`, `places`, `events`) follow the article's.
    #[serde(flatten)]
    pub entities: &'a Entities,
}

/// A JSON string.
pub fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// A page date as JSON: `"2022-02-14"`, `"2022-02"`, `"2022"` or `null`.
pub fn date_json(d: &PageDate) -> String {
    d.iso().map_or_else(|| "null".into(), |s| json_str(&s))
}

/// The JSON document of one page file, built article by article.
pub struct Document<'a> {
    source: &'a str,
    date: &'a PageDate,
    home: Option<&'a Jurisdiction>,
    entities: bool,
    registry: Registry,
    index: usize,
    started: bool,
}

impl<'a> Document<'a> {
    /// A document for the page file named `source`, read with the page date
    /// `date`; `home` is the paper's home locality; `entities` false leaves
    /// people, organizations, places and events out (`persons` is then empty).
    pub fn new(source: &'a str, date: &'a PageDate, home: Option<&'a Jurisdiction>, entities: bool) -> Self {
        Document { source, date, home, entities, registry: Registry::default(), index: 0, started: false }
    }

    /// One article as a JSON object, with its entities when asked (they are
    /// also added to the file's `persons`).
    pub fn article_json(&mut self, a: &Article) -> String {
        let j = if self.entities {
            let e = extract_at(a, self.date, self.home);
            self.registry.add(self.index, a, &e);
            serde_json::to_string(&WithEntities { article: a, entities: &e }).unwrap()
        } else {
            render::json(a)
        };
        self.index += 1;
        j
    }

    /// `{"source":…,"date":…,"articles":[`
    pub fn head(&self) -> String {
        format!("{{\"source\":{},\"date\":{},\"articles\":[", json_str(self.source), date_json(self.date))
    }

    /// Writes the next article of the document (the head before the first).
    pub fn write_article(&mut self, out: &mut dyn Write, a: &Article) -> io::Result<()> {
        let j = self.article_json(a);
        if self.started {
            out.write_all(b",\n")?;
        } else {
            writeln!(out, "{}", self.head())?;
            self.started = true;
        }
        out.write_all(j.as_bytes())
    }

    /// Ends the document of a file read whole: `persons`, `encoding`,
    /// `pages`, `sizes`, `furniture`, `warnings`, and a newline.
    pub fn write_tail(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if !self.started {
            write!(out, "{}", self.head())?;
            self.started = true;
        }
        write!(
            out,
            "\n],\"persons\":{},\"encoding\":{},\"pages\":{},{}\"furniture\":{},\"warnings\":{}}}\n",
            serde_json::to_string(&self.registry.persons()).unwrap(),
            json_str(summary.input.encoding),
            summary.pages,
            // PDF pages and scans: each page's size, in the units of the articles' boxes
            if summary.sizes.is_empty() { String::new() } else { format!("\"sizes\":{},", serde_json::to_string(&summary.sizes).unwrap()) },
            serde_json::to_string(&summary.furniture).unwrap(),
            serde_json::to_string(&summary.warnings).unwrap()
        )
    }

    /// Ends a document whose file failed after some articles were written
    /// (nothing when none was).
    pub fn write_error(&mut self, out: &mut dyn Write, error: &str) -> io::Result<()> {
        if self.started {
            write!(out, "\n],\"error\":{}}}\n", json_str(error))?;
        }
        Ok(())
    }
}

/// Plain article text (paragraphs on lines, layout spaces dropped) as an
/// [`Article`], dated as its first paragraph says against `date`.
pub fn article_of_text(text: &str, date: &PageDate) -> Article {
    let paragraphs: Vec<String> = text.lines().map(|l| benbao::reflow::drop_layout_spaces(l.trim())).filter(|l| !l.is_empty()).collect();
    let mut a = Article { paragraphs, ..Default::default() };
    a.date = benbao::article_date(&a, date, &[]);
    a
}

/// What `benbao extract` prints for one article's plain text (without its
/// `source`): the article's fields and its entities, as one JSON object.
pub fn extract_text_json(text: &str, date: &PageDate, home: Option<&Jurisdiction>) -> String {
    let a = article_of_text(text, date);
    let e = extract_at(&a, date, home);
    serde_json::to_string(&WithEntities { article: &a, entities: &e }).unwrap()
}

/// `{"source":S,` followed by the fields of a JSON object `j`: one JSONL
/// line's content for a named input.
pub fn with_source(source: &str, j: &str) -> String {
    format!("{{\"source\":{},{}", json_str(source), &j[1..])
}
