//! Output forms: JSON (the contract of `tools/score.py`, plus provenance),
//! Markdown (what a person reads) and plain text.

use std::io::{self, Write};

use crate::page::Article;

/// One article as a JSON object (one line).
pub fn json(a: &Article) -> String {
    serde_json::to_string(a).expect("articles serialize")
}

/// One article as Markdown: headline, kicker, dateline and paragraphs, byline.
pub fn markdown(w: &mut dyn Write, a: &Article) -> io::Result<()> {
    if let Some(k) = &a.kicker {
        writeln!(w, "*{k}*\n")?;
    }
    if let Some(o) = &a.overline {
        writeln!(w, "{o}\n")?;
    }
    match &a.headline {
        Some(h) => writeln!(w, "## {h}\n")?,
        None => writeln!(w, "## {}\n", untitled(a))?,
    }
    if let Some(s) = &a.subheadline {
        writeln!(w, "### {s}\n")?;
    }
    let mut meta = Vec::new();
    if let Some(d) = &a.dateline {
        meta.push(d.clone());
    }
    if let Some(d) = &a.date {
        meta.push(d.clone());
    }
    if !meta.is_empty() {
        writeln!(w, "**{}**\n", meta.join(" · "))?;
    }
    for p in &a.paragraphs {
        writeln!(w, "{p}\n")?;
    }
    let by = byline_text(a);
    if !by.is_empty() {
        writeln!(w, "— {by}\n")?;
    }
    Ok(())
}

/// One article as plain text: headline line, paragraphs indented with two full-width spaces.
pub fn text(w: &mut dyn Write, a: &Article) -> io::Result<()> {
    if let Some(k) = &a.kicker {
        writeln!(w, "{k}")?;
    }
    if let Some(o) = &a.overline {
        writeln!(w, "{o}")?;
    }
    if let Some(h) = &a.headline {
        writeln!(w, "{h}")?;
    }
    if let Some(s) = &a.subheadline {
        writeln!(w, "{s}")?;
    }
    for (i, p) in a.paragraphs.iter().enumerate() {
        match (&a.dateline, i) {
            (Some(d), 0) => writeln!(w, "\u{3000}\u{3000}{d} {p}")?,
            _ => writeln!(w, "\u{3000}\u{3000}{p}")?,
        }
    }
    let by = byline_text(a);
    if !by.is_empty() {
        writeln!(w, "{by}")?;
    }
    writeln!(w)
}

fn untitled(a: &Article) -> String {
    let first = a.paragraphs.first().map(String::as_str).unwrap_or("");
    let mut s: String = first.chars().take(20).collect();
    if first.chars().count() > 20 {
        s.push('…');
    }
    format!("（无标题）{s}")
}

/// The byline as printed: 记者 X Y 通讯员 Z 文/图.
pub fn byline_text(a: &Article) -> String {
    let b = &a.byline;
    let mut parts = Vec::new();
    if !b.reporters.is_empty() {
        parts.push(format!("记者 {}", b.reporters.join(" ")));
    }
    if !b.correspondents.is_empty() {
        parts.push(format!("通讯员 {}", b.correspondents.join(" ")));
    }
    if !b.photographers.is_empty() {
        parts.push(format!("摄影 {}", b.photographers.join(" ")));
    }
    if b.photo && b.photographers.is_empty() {
        parts.push("文/图".into());
    }
    if let Some(s) = &b.signature {
        parts.push(s.clone());
    }
    parts.join(" ")
}
