//! PDF pages: the text layer with every word's box, from poppler's
//! `pdftotext -bbox-layout` (XHTML), run as a subprocess with a time limit;
//! which words are set in colour comes from `pdftohtml -xml` (its fonts carry
//! the fill colour).

use std::path::Path;
use std::time::Duration;

use crate::geom::{PageWords, Word};
use crate::{run, Error};

/// Reads every page's words. A page without a text layer comes back empty.
pub fn words(path: &Path, limit: Duration) -> Result<Vec<PageWords>, Error> {
    let p = path.to_string_lossy();
    let out = run::run("pdftotext", &["-q", "-bbox-layout", "-enc", "UTF-8", &p, "-"], limit)?;
    if !out.success {
        return Err(explain_failure(path, &out.stderr));
    }
    let xml = String::from_utf8_lossy(&out.stdout);
    let mut pages = parse_bbox_xhtml(&xml);
    if pages.is_empty() {
        return Err(explain_failure(path, &out.stderr));
    }
    // colour is a cue, not the text: a file poppler cannot print as XML is read without it
    // (and a scan in a PDF has no text to colour)
    if pages.iter().any(|p| !p.words.is_empty()) {
        if let Ok(out) = run::run("pdftohtml", &["-q", "-xml", "-i", "-enc", "UTF-8", "-stdout", &p], limit) {
            if out.success {
                mark_coloured(&mut pages, &coloured_boxes(&String::from_utf8_lossy(&out.stdout)));
            }
        }
    }
    Ok(pages)
}

/// One page's boxes of text set in colour (x0, y0, x1, y1), and the page's
/// width, both in pdftohtml's units.
#[derive(Debug, Default)]
struct Inked {
    width: f32,
    boxes: Vec<[f32; 4]>,
}

/// The text `pdftohtml -xml` prints in a colour other than black, page by page.
fn coloured_boxes(xml: &str) -> Vec<Inked> {
    let mut pages: Vec<Inked> = Vec::new();
    let mut coloured_fonts: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for tag in xml.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        match tag.split_whitespace().next().unwrap_or("") {
            "page" => pages.push(Inked { width: attr(tag, "width").unwrap_or(0.0), boxes: Vec::new() }),
            "fontspec" => {
                if let (Some(id), Some(c)) = (attr_text(tag, "id"), attr_text(tag, "color")) {
                    if !is_black(c) {
                        coloured_fonts.insert(id);
                    }
                }
            }
            "text" if attr_text(tag, "font").is_some_and(|f| coloured_fonts.contains(f)) => {
                if let (Some(top), Some(left), Some(w), Some(h), Some(page)) = (attr(tag, "top"), attr(tag, "left"), attr(tag, "width"), attr(tag, "height"), pages.last_mut()) {
                    page.boxes.push([left, top, left + w, top + h]);
                }
            }
            _ => {}
        }
    }
    pages
}

/// Black or near it (#rrggbb): every channel dark.
fn is_black(c: &str) -> bool {
    let hex = c.trim_start_matches('#');
    hex.len() == 6 && (0..3).all(|k| u8::from_str_radix(&hex[2 * k..2 * k + 2], 16).is_ok_and(|v| v < 0x60))
}

/// Marks each word whose centre lies in a box of coloured text.
fn mark_coloured(pages: &mut [PageWords], inked: &[Inked]) {
    for (page, ink) in pages.iter_mut().zip(inked) {
        // pdftohtml's units to points
        let k = if ink.width > 0.0 && page.width > 0.0 { page.width / ink.width } else { 1.0 };
        for w in &mut page.words {
            let (cx, cy) = ((w.x0 + w.x1) / 2.0 / k, (w.y0 + w.y1) / 2.0 / k);
            w.coloured = ink.boxes.iter().any(|&[x0, y0, x1, y1]| cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1);
        }
    }
}

/// Why poppler could not read a PDF, in words a user can act on.
fn explain_failure(path: &Path, stderr: &str) -> Error {
    // -q silences poppler; ask once more, loudly, for the reason
    let reason = run::run("pdfinfo", &[&path.to_string_lossy()], Duration::from_secs(20))
        .map(|o| o.stderr)
        .unwrap_or_default();
    let all = format!("{stderr}\n{reason}");
    let low = all.to_lowercase();
    if low.contains("password") || low.contains("encrypt") {
        Error::Encrypted
    } else if low.contains("may not be a pdf") || low.contains("couldn't find trailer") || low.contains("syntax error") || low.contains("damaged") {
        let first = all.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("unreadable");
        Error::BadPdf(format!("not a readable PDF ({first})"))
    } else if let Some(l) = all.lines().map(str::trim).find(|l| !l.is_empty()) {
        Error::BadPdf(format!("poppler could not read the PDF: {l}"))
    } else {
        Error::BadPdf("poppler could not read the PDF".into())
    }
}

/// Number of pages, from `pdfinfo`.
pub fn page_count(path: &Path, limit: Duration) -> Option<usize> {
    let out = run::run("pdfinfo", &[&path.to_string_lossy()], limit).ok()?;
    let s = String::from_utf8_lossy(&out.stdout);
    s.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|v| v.trim().parse().ok())
}

/// The value of attribute `name` in an XML tag.
fn attr_text<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let i = tag.find(&key)? + key.len();
    let j = tag[i..].find('"')? + i;
    Some(&tag[i..j])
}

fn attr(tag: &str, name: &str) -> Option<f32> {
    attr_text(tag, name)?.parse().ok()
}

/// Parses the XHTML of `pdftotext -bbox-layout` (or `-bbox`): pages and words.
pub fn parse_bbox_xhtml(xml: &str) -> Vec<PageWords> {
    let mut pages = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<page ") {
        rest = &rest[i..];
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..tag_end];
        let width = attr(tag, "width").unwrap_or(0.0);
        let height = attr(tag, "height").unwrap_or(0.0);
        let end = rest.find("</page>").unwrap_or(rest.len());
        let body = &rest[tag_end.min(end)..end];
        let mut words = Vec::new();
        let mut b = body;
        while let Some(k) = b.find("<word ") {
            b = &b[k..];
            let te = match b.find('>') {
                Some(t) => t,
                None => break,
            };
            let wtag = &b[..te];
            let close = b.find("</word>").unwrap_or(b.len());
            let text = unescape(&b[te + 1..close.max(te + 1)]);
            if let (Some(x0), Some(y0), Some(x1), Some(y1)) = (attr(wtag, "xMin"), attr(wtag, "yMin"), attr(wtag, "xMax"), attr(wtag, "yMax")) {
                let text = text.trim().to_string();
                if !text.is_empty() && x1 > x0 && y1 > y0 && x0.is_finite() && y1.is_finite() {
                    words.push(Word { x0, y0, x1, y1, text, coloured: false });
                }
            }
            b = &b[close.min(b.len())..];
            if b.len() > 7 {
                b = &b[7..];
            } else {
                break;
            }
        }
        pages.push(PageWords { width, height, words, type_boxes: true });
        rest = &rest[end.min(rest.len())..];
        if rest.len() > 7 {
            rest = &rest[7..];
        } else {
            break;
        }
    }
    pages
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(j) = rest.find(';').filter(|&j| j <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..j];
        let c = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if ent.starts_with("#x") || ent.starts_with("#X") => u32::from_str_radix(&ent[2..], 16).ok().and_then(char::from_u32),
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[j + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pages_and_words() {
        let x = r#"<doc><page width="900.000000" height="1200.000000"><flow><block><line>
<word xMin="36.5" yMin="49.6" xMax="88.3" yMax="68.4">清河&amp;晚报</word>
<word xMin="90" yMin="49.6" xMax="95" yMax="68.4">&#x4e00;</word></line></block></flow></page>
<page width="10" height="20"></page></doc>"#;
        let p = parse_bbox_xhtml(x);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].words.len(), 2);
        assert_eq!(p[0].words[0].text, "清河&晚报");
        assert_eq!(p[0].words[1].text, "一");
        assert!((p[0].width - 900.0).abs() < 1e-3);
        assert!(p[1].words.is_empty());
    }

    #[test]
    fn finds_words_set_in_colour() {
        let x = r##"<pdf2xml><page number="1" height="1800" width="1350">
<fontspec id="0" size="20" family="Serif" color="#000000"/>
<fontspec id="1" size="18" family="Sans Bold" color="#b71419"/>
<fontspec id="2" size="18" family="Sans Bold" color="#ffffff"/>
<text top="799" left="579" width="55" height="24" font="1"><b>今日谈</b></text>
<text top="900" left="60" width="300" height="24" font="0">正文</text>
<text top="1000" left="60" width="100" height="24" font="2">快评</text>
</page></pdf2xml>"##;
        let boxes = coloured_boxes(x);
        assert_eq!(boxes.len(), 1);
        assert_eq!(boxes[0].boxes.len(), 2, "{boxes:?}");
        let word = |x0: f32, y0: f32, text: &str| Word { x0, y0, x1: x0 + 36.0, y1: y0 + 17.0, text: text.into(), coloured: false };
        let mut pages = vec![PageWords { width: 900.0, height: 1200.0, words: vec![word(386.0, 531.0, "今日谈"), word(40.0, 600.0, "正文"), word(40.0, 666.0, "快评")], type_boxes: true }];
        mark_coloured(&mut pages, &boxes);
        let marks: Vec<bool> = pages[0].words.iter().map(|w| w.coloured).collect();
        assert_eq!(marks, [true, false, true]);
        assert!(is_black("#1a1a1a") && !is_black("#b71419") && !is_black("#ffffff"));
    }
}
