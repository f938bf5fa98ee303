//! Scans: the page's geometry is measured on the image itself (ink components
//! grouped into glyphs, glyphs into lines, lines cut into pieces where the
//! glyphs stand apart, each line with its band and size); Tesseract only
//! reads the text of each line (`--psm 13`, one line an image, all lines of a
//! page in as many batches as there are cores, run in parallel), and each
//! character goes back to the piece it stands in. The pieces, now words with boxes and text, are read by
//! the same geometric reading as a PDF's text layer.

use std::path::Path;
use std::time::Duration;

use crate::geom::{PageWords, Sets, Word};
use crate::image::{components, otsu, Comp, Gray};
use crate::{run, Error};
use benbao::Script;

/// A piece of a line: components close together on one band.
#[derive(Debug, Clone)]
struct Piece {
    x0: i32,
    x1: i32,
    /// band of the line's full-height glyphs
    y0: i32,
    y1: i32,
    /// a solid square (■), the kicker mark
    square: bool,
    /// long flat glyphs: the two-em dash (——) Tesseract reads as 一一
    dashes: usize,
    text: String,
}

impl Piece {
    fn s(&self) -> i32 {
        (self.y1 - self.y0).max(1)
    }
}

fn mode_height(comps: &[Comp]) -> i32 {
    let mut hist = vec![0u32; 4096];
    for c in comps {
        let h = c.h() as usize;
        if h >= 5 && c.w() >= 3 && h < hist.len() {
            hist[h] += 1;
        }
    }
    let mut best = (0u32, 0usize);
    for h in 1..hist.len() - 1 {
        let v = hist[h - 1] + 2 * hist[h] + hist[h + 1];
        if v > best.0 {
            best = (v, h);
        }
    }
    best.1.max(1) as i32
}

/// Components stacked in one glyph (丷 口 心 in 总) → the glyph's box: stacked
/// parts that overlap across and nearly touch, as long as the whole stays
/// about as tall as it is wide (two lines' glyphs never do).
fn glyphs(mut comps: Vec<Comp>, bh: f32) -> Vec<Comp> {
    comps.sort_by_key(|c| c.x0);
    let n = comps.len();
    let mut sets = Sets::new(n);
    let mut bx: Vec<Comp> = comps.clone();
    for a in 0..n {
        for b in a + 1..n {
            if comps[b].x0 >= comps[a].x1 {
                break;
            }
            let (ra, rb) = (sets.find(a), sets.find(b));
            if ra == rb {
                continue;
            }
            let (p, q) = (bx[ra], bx[rb]);
            let xo = (p.x1.min(q.x1) - p.x0.max(q.x0)) as f32;
            if xo < 0.5 * p.w().min(q.w()) as f32 {
                continue;
            }
            let vgap = (q.y0 - p.y1).max(p.y0 - q.y1) as f32;
            if vgap > 0.15 * bh.max(p.h().max(q.h()) as f32) {
                continue;
            }
            let u = Comp { x0: p.x0.min(q.x0), y0: p.y0.min(q.y0), x1: p.x1.max(q.x1), y1: p.y1.max(q.y1), area: p.area + q.area };
            // the left half of 能 is a tall narrow stack; two lines' glyphs are taller still
            if u.h() as f32 > 1.3 * (u.w() as f32).max(bh) && u.h() as f32 > 1.3 * u.w() as f32 {
                continue;
            }
            let root = sets.union(ra, rb);
            bx[root] = u;
        }
    }
    (0..n).filter(|&i| sets.find(i) == i).map(|i| bx[i]).collect()
}

/// The ink of a page in text lines: components (rules, frames and pictures
/// left out, the parts of one glyph joined) grouped into lines, top to
/// bottom; and the body size.
fn ink_lines(g: &Gray) -> (Vec<Comp>, Vec<Vec<usize>>, i32) {
    let thr = otsu(g).min(200);
    let mut comps = components(g, thr);
    comps.retain(|c| c.area >= 3 && (c.w() >= 2 || c.h() >= 2));
    let bh = mode_height(&comps);
    let bhf = bh as f32;
    // rules, frames and pictures are not text
    comps.retain(|c| {
        let (w, h) = (c.w() as f32, c.h() as f32);
        let rule = (h <= 0.3 * bhf && w >= 4.0 * bhf) || (w <= 0.3 * bhf && h >= 4.0 * bhf);
        !rule && h <= 8.0 * bhf && w <= 8.0 * bhf
    });
    let mut comps = glyphs(comps, bhf);
    comps.sort_by_key(|c| c.x0);
    let n = comps.len();
    let mut sets = Sets::new(n);
    let max_gap = (3.0 * bhf) as i32;
    for a in 0..n {
        let ca = comps[a];
        for b in a + 1..n {
            let cb = comps[b];
            if cb.x0 > ca.x1 + max_gap {
                break;
            }
            let (ha, hb) = (ca.h() as f32, cb.h() as f32);
            let (hs, hl) = (ha.min(hb), ha.max(hb));
            let vo = (ca.y1.min(cb.y1) - ca.y0.max(cb.y0)) as f32;
            if vo < 0.5 * hs {
                continue;
            }
            let big = hs >= 0.5 * bhf;
            let gap = (cb.x0 - ca.x1) as f32;
            // a part of a glyph (人 over 丨 in 个) joins the glyph it stands in
            let part = big && hl > 1.8 * hs;
            if part && gap > 0.3 * hl {
                continue;
            }
            // reach: letter-spacing and the blank half of a full-width mark (a gutter
            // may be crossed: the pieces stay apart, and the reading splits there)
            let base = if big && !part { hs } else { hl };
            let reach = if base <= 1.4 * bhf { 1.4 * base.min(1.2 * bhf) } else { 0.6 * base };
            if gap > reach {
                continue;
            }
            // a small mark beside a much taller glyph: only when it sits inside that glyph's band
            if !big || part {
                let (tall, small) = if ha >= hb { (ca, cb) } else { (cb, ca) };
                let th = tall.h() as f32;
                if (small.y0 as f32) < tall.y0 as f32 - 0.2 * th || small.y1 as f32 > tall.y1 as f32 + 0.2 * th {
                    continue;
                }
            }
            sets.union(a, b);
        }
    }
    let mut groups: std::collections::HashMap<usize, Vec<usize>> = std::collections::HashMap::new();
    for i in 0..n {
        let r = sets.find(i);
        groups.entry(r).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    groups.sort_by_key(|g| (comps[g[0]].y0, comps[g[0]].x0));
    (comps, groups, bh)
}

/// Ink components → text lines, each cut into pieces where its glyphs stand
/// apart (a space, the blank half of a full-width mark): pieces are the
/// words of the geometric reading, lines the units Tesseract reads.
fn lines_and_pieces(g: &Gray) -> (Vec<Piece>, Vec<Vec<usize>>, i32) {
    let (comps, groups, bh) = ink_lines(g);
    let bhf = bh as f32;
    let mut pieces = Vec::new();
    let mut lines = Vec::new();
    for members in groups {
        let maxh = members.iter().map(|&i| comps[i].h()).max().unwrap_or(0);
        if (maxh as f32) < 0.35 * bhf || ((maxh as f32) < 0.6 * bhf && members.len() <= 3) {
            continue; // specks, stray marks
        }
        let tall: Vec<usize> = members.iter().copied().filter(|&i| comps[i].h() as f32 >= 0.6 * maxh as f32).collect();
        let mut tops: Vec<i32> = tall.iter().map(|&i| comps[i].y0).collect();
        let mut bots: Vec<i32> = tall.iter().map(|&i| comps[i].y1).collect();
        tops.sort();
        bots.sort();
        let (mut y0, mut y1) = (tops[tops.len() / 2], bots[bots.len() / 2]);
        // body-like lines take the body size: a line of digits or flat glyphs is not smaller type
        let h = (y1 - y0) as f32;
        if h >= 0.6 * bhf && h <= 1.2 * bhf {
            let c = (y0 + y1) / 2;
            y0 = c - bh / 2;
            y1 = y0 + bh;
        }
        let s = (y1 - y0).max(1) as f32;
        // cut into pieces at wide gaps; a solid square (■) at the start stands alone
        let mut ms = members;
        ms.sort_by_key(|&i| comps[i].x0);
        let is_square = |c: &Comp| {
            let (w, h) = (c.w() as f32, c.h() as f32);
            (0.8..=1.25).contains(&(w / h)) && c.area as f32 >= 0.85 * w * h && h >= 0.5 * s
        };
        let mut line = Vec::new();
        let mut cur: Option<Piece> = None;
        for (k, &i) in ms.iter().enumerate() {
            let c = comps[i];
            let square = k == 0 && is_square(&c);
            let split = match &cur {
                None => false,
                Some(p) => p.square || (c.x0 - p.x1) as f32 > 0.4 * s,
            };
            if split {
                line.push(pieces.len());
                pieces.push(cur.take().unwrap());
            }
            let dash = c.w() as f32 >= 1.5 * s && (c.h() as f32) <= 0.25 * s;
            match &mut cur {
                Some(p) => {
                    p.x0 = p.x0.min(c.x0);
                    p.x1 = p.x1.max(c.x1);
                    p.dashes += dash as usize;
                }
                None => cur = Some(Piece { x0: c.x0, x1: c.x1, y0, y1, square, dashes: dash as usize, text: String::new() }),
            }
        }
        if let Some(p) = cur {
            line.push(pieces.len());
            pieces.push(p);
        }
        if std::env::var_os("BENBAO_SCAN_DEBUG").is_some() {
            let l0 = line.first().map(|&i| pieces[i].x0).unwrap_or(0);
            let l1 = line.last().map(|&i| pieces[i].x1).unwrap_or(0);
            eprintln!("line {} x {l0}-{l1} band {y0}-{y1} ink-top {} ink-bottom {} pieces {}", lines.len(), ms.iter().map(|&i| comps[i].y0).min().unwrap(), ms.iter().map(|&i| comps[i].y1).max().unwrap(), line.len());
        }
        lines.push(line);
    }
    (pieces, lines, bh)
}

/// One TSV row of Tesseract's output: (image index from 1, box, text).
struct TsvWord {
    page: usize,
    left: i32,
    width: i32,
    text: String,
}

/// How many words a Tesseract TSV output holds (for the fuzz target).
pub fn tsv_words(s: &str) -> usize {
    parse_tsv(s).len()
}

fn parse_tsv(s: &str) -> Vec<TsvWord> {
    let mut out = Vec::new();
    for line in s.lines().skip(1) {
        let f: Vec<&str> = line.splitn(12, '\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let text = f[11].trim();
        if text.is_empty() {
            continue;
        }
        let (Ok(page), Ok(left), Ok(width)) = (f[1].parse(), f[6].parse(), f[8].parse()) else { continue };
        out.push(TsvWord { page, left, width, text: text.to_string() });
    }
    out
}

/// Tidies what OCR returns for one piece: no spaces except between two Latin
/// letters, ASCII punctuation beside Chinese made full-width.
pub fn tidy(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = chars[..i].iter().rev().find(|c| !c.is_whitespace()).copied();
        let next = chars[i + 1..].iter().find(|c| !c.is_whitespace()).copied();
        if c.is_whitespace() {
            if prev.is_some_and(|p| p.is_ascii_alphabetic()) && next.is_some_and(|n| n.is_ascii_alphabetic()) && !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        let han_side = prev.is_some_and(|p| !p.is_ascii()) || next.is_some_and(|n| !n.is_ascii()) || prev.is_none() || next.is_none();
        let digit_side = prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        let c = match c {
            '<' | '〈' if han_side => '“',
            '>' | '〉' if han_side => '”',
            ',' if han_side && !digit_side => '，',
            ';' if han_side => '；',
            ':' if han_side && !digit_side => '：',
            '(' if han_side => '（',
            ')' if han_side => '）',
            '!' if han_side => '！',
            '?' if han_side => '？',
            _ => c,
        };
        out.push(c);
    }
    out
}

/// OCR misreadings of the bracket after a dateline (本报讯〈记者, 本报讯“记者):
/// a byline bracket opens with （.
pub fn fix_byline_bracket(s: &str) -> String {
    static RE: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(^|讯|电)\s*[〈《“<(\[【]\s*(记者|本报记者|通讯员|实习生)").unwrap());
    RE.replace_all(s, "$1（$2").into_owned()
}

/// Band height (pixels) above which a line is scaled down before OCR.
fn ocr_height() -> i32 {
    std::env::var("BENBAO_OCR_HEIGHT").ok().and_then(|v| v.parse().ok()).unwrap_or(40)
}

/// Tesseract's model for a script.
pub fn model(script: Script) -> &'static str {
    match script {
        Script::Traditional => "chi_tra",
        _ => "chi_sim",
    }
}

/// Lines tried both ways when the script is to be decided.
const SAMPLE_LINES: usize = 12;

/// Mean confidence of Tesseract's words in a TSV, weighted by their characters.
fn confidence(tsv: &str) -> f32 {
    let (mut sum, mut n) = (0.0f32, 0usize);
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.splitn(12, '\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let (Ok(conf), k) = (f[10].parse::<f32>(), f[11].trim().chars().count()) else { continue };
        if k > 0 && conf >= 0.0 {
            sum += conf * k as f32;
            n += k;
        }
    }
    if n == 0 {
        0.0
    } else {
        sum / n as f32
    }
}

/// A Tesseract thread that panicked.
fn thread_failed() -> Error {
    Error::ToolFailed { tool: "tesseract", message: "tesseract thread failed".into() }
}

/// Runs Tesseract over a list of line images (one raw line each).
fn tesseract_lines(list: &Path, lang: &str, limit: Duration) -> Result<String, Error> {
    let l = list.to_string_lossy().into_owned();
    // --psm 13: one raw line an image (--psm 7 returns nothing for some lines)
    let out = run::run_env("tesseract", &[&l, "stdout", "-l", lang, "--psm", "13", "-c", "preserve_interword_spaces=1", "tsv"], &[("OMP_THREAD_LIMIT", "1")], limit)?;
    if !out.success {
        return Err(Error::ToolFailed { tool: "tesseract", message: format!("tesseract failed: {}", out.stderr.lines().last().unwrap_or("")) });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The script of a page whose script is not given: a sample of its lines is
/// read with the simplified and the traditional model, and the one whose
/// reading Tesseract is surer of wins. Returns it with what was measured.
fn choose_script(sample: &[String], scratch: &Path, limit: Duration) -> Result<(Script, String), Error> {
    let list = scratch.join("sample.txt");
    std::fs::write(&list, sample.join("\n") + "\n").map_err(|e| Error::Write { path: list.clone(), source: e })?;
    let (sim, tra) = std::thread::scope(|sc| {
        let t = sc.spawn(|| tesseract_lines(&list, model(Script::Traditional), limit));
        let s = tesseract_lines(&list, model(Script::Simplified), limit);
        (s, t.join().unwrap_or_else(|_| Err(thread_failed())))
    });
    let (cs, ct) = (confidence(&sim?), confidence(&tra?));
    let script = if ct > cs { Script::Traditional } else { Script::Simplified };
    let name = if script == Script::Traditional { "traditional" } else { "simplified" };
    Ok((script, format!("read as {name} Chinese (--script auto: OCR confidence {ct:.0} traditional, {cs:.0} simplified, on {} lines)", sample.len())))
}

/// Reads a page image: its words with boxes and text. OCR of one page image, in `script` (decided here when `Auto`); also returns
/// what the automatic choice measured, to tell the user.
pub fn ocr_page(g: &Gray, scratch: &Path, limit: Duration, threads: usize, script: Script) -> Result<(PageWords, Option<String>), Error> {
    let (mut ps, lines, bh) = lines_and_pieces(g);
    if lines.len() > 20_000 {
        return Err(Error::TooManyLines(lines.len()));
    }
    // crops, one image a line
    let threads = threads.clamp(1, 8).min(lines.len().max(1));
    let mut lists: Vec<Vec<String>> = vec![Vec::new(); threads];
    let mut batch_of: Vec<Vec<usize>> = vec![Vec::new(); threads];
    let mut load = vec![0i64; threads];
    let mut order: Vec<usize> = (0..lines.len()).collect();
    let area = |l: &Vec<usize>| -> i64 { l.iter().map(|&i| ((ps[i].x1 - ps[i].x0) as i64) * ps[i].s() as i64).sum() };
    order.sort_by_key(|&l| -area(&lines[l]));
    let mut origin: Vec<(i32, i32)> = vec![(0, 0); lines.len()];
    let mut scales: Vec<f32> = vec![1.0; lines.len()];
    // the lines a choice of script is tried on: spread over sizes, largest first
    let step = (order.len() / SAMPLE_LINES).max(1);
    let sample_lines: Vec<usize> = order.iter().step_by(step).take(SAMPLE_LINES).copied().collect();
    let mut path_of: Vec<String> = vec![String::new(); lines.len()];
    for l in order {
        let b = (0..threads).min_by_key(|&b| load[b]).unwrap();
        load[b] += area(&lines[l]);
        let ls = &lines[l];
        let s = ls.iter().map(|&i| ps[i].s()).max().unwrap_or(bh);
        let pad = (s / 4).max(4);
        let x0 = ls.iter().map(|&i| ps[i].x0).min().unwrap();
        let x1 = ls.iter().map(|&i| ps[i].x1).max().unwrap();
        let y0 = ls.iter().map(|&i| ps[i].y0).min().unwrap() - s / 5;
        let y1 = ls.iter().map(|&i| ps[i].y1).max().unwrap() + s / 5;
        let (cx0, cy0) = ((x0 - 1).max(0) as usize, y0.max(0) as usize);
        let path = scratch.join(format!("l{l}.pgm"));
        // large type is read better brought down to about body size on a 200-DPI page
        let oh = ocr_height();
        let scale = if s > oh { oh as f32 / s as f32 } else { 1.0 };
        let written = if scale < 1.0 {
            g.crop_scaled(cx0, cy0, (x1 + 1).max(0) as usize, y1.max(0) as usize, pad as usize, scale).write_pgm(&path)
        } else {
            g.write_pgm_crop(&path, cx0, cy0, (x1 + 1).max(0) as usize, y1.max(0) as usize, pad as usize)
        };
        written.map_err(|e| Error::Write { path: path.clone(), source: e })?;
        origin[l] = (cx0 as i32 - pad, cy0 as i32 - pad);
        scales[l] = scale;
        path_of[l] = path.to_string_lossy().into_owned();
        lists[b].push(path_of[l].clone());
        batch_of[b].push(l);
    }
    let (script, note) = match script {
        Script::Auto if !sample_lines.is_empty() => {
            let sample: Vec<String> = sample_lines.iter().map(|&l| path_of[l].clone()).collect();
            let (s, note) = choose_script(&sample, scratch, limit)?;
            (s, Some(note))
        }
        s => (s, None),
    };
    let lang = model(script);
    // Tesseract, one process a batch, in parallel
    let per = limit + Duration::from_millis(200 * lines.len() as u64 / threads as u64);
    let results: Vec<Result<String, Error>> = std::thread::scope(|sc| {
        let hs: Vec<_> = (0..threads)
            .map(|b| {
                let list = scratch.join(format!("batch{b}.txt"));
                let body = lists[b].join("\n") + "\n";
                sc.spawn(move || -> Result<String, Error> {
                    if body.trim().is_empty() {
                        return Ok(String::new());
                    }
                    std::fs::write(&list, body).map_err(|e| Error::Write { path: list.clone(), source: e })?;
                    tesseract_lines(&list, lang, per)
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(thread_failed()))).collect()
    });
    for (b, r) in results.into_iter().enumerate() {
        let tsv = r?;
        for w in parse_tsv(&tsv) {
            let Some(&l) = batch_of[b].get(w.page.wrapping_sub(1)) else { continue };
            place_word(&mut ps, &lines[l], origin[l], scales[l], &w);
        }
    }
    let mut words = Vec::with_capacity(ps.len());
    for p in &ps {
        let mut text = if p.square { "■".to_string() } else { fix_byline_bracket(&tidy(&p.text)) };
        for _ in 0..p.dashes {
            match ["一一", "--", "一-", "-一", "——一", "一——"].iter().find_map(|d| text.find(d).map(|i| (i, d.len()))) {
                Some((i, n)) => text.replace_range(i..i + n, "——"),
                None => break,
            }
        }
        let text = text.trim().to_string();
        if text.is_empty() {
            continue;
        }
        let (x0, x1) = em_box(p, &text);
        words.push(Word { x0, y0: p.y0 as f32, x1, y1: p.y1 as f32, text, coloured: false });
    }
    Ok((PageWords { width: g.w as f32, height: g.h as f32, words, type_boxes: false }, note))
}

/// Full-width marks whose ink stands in the left half of their em.
const CLOSING_MARKS: &[char] = &['。', '，', '、', '；', '：', '！', '？', '）', '”', '’', '》', '」', '』', '】'];
/// Full-width marks whose ink stands in the right half of their em.
const OPENING_MARKS: &[char] = &['（', '“', '‘', '《', '「', '『', '【'];

/// A piece's left and right edge as a PDF's word box would give them: a
/// full-width mark's ink stands in one half of its em (。 left, （ right), and
/// the box takes in the blank half. Without it, the blank half of 。 and the
/// space after it set a caption's credit (…作业。 通讯员 李明 摄) apart as
/// another fragment.
fn em_box(p: &Piece, text: &str) -> (f32, f32) {
    let half = 0.5 * p.s() as f32;
    let x0 = p.x0 as f32 - if text.starts_with(OPENING_MARKS) { half } else { 0.0 };
    let x1 = p.x1 as f32 + if text.ends_with(CLOSING_MARKS) { half } else { 0.0 };
    (x0, x1)
}

/// Gives the characters of one word Tesseract read on a line to the pieces of
/// that line its box covers, each by how much of the box it covers (the gaps
/// between them hold none), else to the nearest piece; the word's end keeps
/// a space after it (tidy keeps it only between Latin letters).
fn place_word(ps: &mut [Piece], line: &[usize], origin: (i32, i32), scale: f32, w: &TsvWord) {
    let (ox, _) = origin;
    let sc = scale;
    let (wl, wr) = ((w.left as f32 / sc) as i32 + ox, ((w.left + w.width) as f32 / sc) as i32 + ox);
    let mut chars: Vec<char> = w.text.chars().collect();
    // a kicker's square: the first thing Tesseract read is its reading of it
    if let Some(&sq) = line.first().filter(|&&i| ps[i].square) {
        if ps[sq].text.is_empty() && !chars.is_empty() {
            ps[sq].text.push(chars.remove(0));
        }
    }
    if chars.is_empty() {
        return;
    }
    // the pieces the word's box covers share its characters by how much of it
    // each covers (the gaps between them hold none); else the nearest piece
    let mut over: Vec<(usize, f32)> = line
        .iter()
        .filter(|&&i| !ps[i].square)
        .map(|&i| (i, (ps[i].x1.min(wr) - ps[i].x0.max(wl)) as f32))
        .filter(|&(_, o)| o > 0.0)
        .collect();
    if over.is_empty() {
        let mid = (wl + wr) / 2;
        let near = line.iter().copied().filter(|&i| !ps[i].square).min_by_key(|&i| {
            let pc = &ps[i];
            if mid < pc.x0 {
                pc.x0 - mid
            } else if mid > pc.x1 {
                mid - pc.x1
            } else {
                0
            }
        });
        match near {
            Some(i) => over.push((i, 1.0)),
            None => return,
        }
    }
    let total_o: f32 = over.iter().map(|o| o.1).sum();
    let cells: Vec<f32> = chars.iter().map(|&c| if c.is_ascii() { 0.5 } else { 1.0 }).collect();
    let total_c: f32 = cells.iter().sum::<f32>().max(0.5);
    let mut acc = 0.0;
    let mut last = over[0].0;
    for (c, cw) in chars.into_iter().zip(cells) {
        let f = (acc + cw / 2.0) / total_c * total_o;
        acc += cw;
        let mut run = 0.0;
        let mut pick = over[over.len() - 1].0;
        for &(i, o) in &over {
            run += o;
            if f <= run {
                pick = i;
                break;
            }
        }
        ps[pick].text.push(c);
        last = pick;
    }
    // a word ends here: keep the space after it (tidy keeps it only between Latin letters)
    ps[last].text.push(' ');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_width_marks_blank_half_is_in_the_box() {
        let p = Piece { x0: 100, x1: 300, y0: 0, y1: 20, square: false, dashes: 0, text: String::new() };
        assert_eq!(em_box(&p, "施工人员在加紧作业。"), (100.0, 310.0));
        assert_eq!(em_box(&p, "（记者 王伟"), (90.0, 300.0));
        assert_eq!(em_box(&p, "通讯员 李明"), (100.0, 300.0));
    }

    #[test]
    fn tidy_punctuation_and_spaces() {
        assert_eq!(tidy("今年以来, 我国 (记者 王伟)"), "今年以来，我国（记者王伟）");
        assert_eq!(tidy("增长10.6 %"), "增长10.6%");
        assert_eq!(tidy("1,000"), "1,000");
        assert_eq!(tidy("Hello  World"), "Hello World");
        assert_eq!(tidy("一块煤的<裂变”"), "一块煤的“裂变”");
        assert_eq!(fix_byline_bracket("本报讯〈记者 王伟"), "本报讯（记者 王伟");
        assert_eq!(fix_byline_bracket("“记者 王伟 通讯员"), "（记者 王伟 通讯员");
    }
}
