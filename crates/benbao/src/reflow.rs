//! Reflow: from the lines of a column back to the paragraphs the author wrote.
//!
//! Two jobs. [`Line::new`] undoes what layout and text extraction did to one
//! line (letter-spacing of justified lines, spaces beside digits, indents).
//! [`reflow`] decides, for each pair of neighbouring lines of an article,
//! whether a paragraph ends between them. It reads the rules of Chinese
//! typesetting: every paragraph's first line is indented two cells (the
//! indent is often dropped by extraction, leaving the line two cells short,
//! or kept as full-width spaces); a line breaks only when the next unit no
//! longer fits, so a line that ends early ended a paragraph (or is an
//! intertitle); sentence-final punctuation ends paragraphs; blank lines mark
//! both paragraph ends and column breaks, and a column break may fall inside
//! a word, so a blank line alone proves nothing.

/// Width of a character in cells: half-width characters (digits, Latin
/// letters, ASCII punctuation) take half a cell, the rest a whole one.
pub fn cell_width(c: char) -> f32 {
    if (c as u32) < 0x2000 {
        0.5
    } else {
        1.0
    }
}

/// Width of a string in cells ([`cell_width`] summed): `本报` is 2.0, `2022` is 2.0.
pub fn str_width(s: &str) -> f32 {
    s.chars().map(cell_width).sum()
}

/// Opening marks: never at the end of a line.
pub fn is_opener(c: char) -> bool {
    matches!(c, '“' | '‘' | '（' | '《' | '「' | '『' | '〈' | '【' | '(' | '〔' | '［')
}

/// Closing marks: never at the start of a line; may hang past the margin.
pub fn is_closer(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '、' | '；' | '：' | '？' | '！' | '”' | '’' | '）' | '》' | '」' | '』' | '〉' | '】' | '…' | '—' | '%' | ')' | '〕' | '］' | ',' | '.' | ';' | ':' | '?' | '!'
    )
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '…' | '!' | '?')
}

/// Ends a paragraph's last sentence, or introduces what follows (文章全文如下：).
fn ends_paragraph_mark(text: &str) -> bool {
    ends_sentence(text) || text.ends_with('：')
}

/// Does the text end a sentence (。！？… possibly followed by closing quotes or brackets)?
pub fn ends_sentence(text: &str) -> bool {
    for c in text.chars().rev() {
        if is_sentence_end(c) {
            return true;
        }
        if matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '》') {
            continue;
        }
        return false;
    }
    false
}

/// Whitespace as layout knows it: ASCII blanks, the ideographic space, NBSP.
pub fn is_layout_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' || c == '\u{feff}'
}

/// One raw line of a page, measured and cleaned.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the file.
    pub no: usize,
    /// The line as read (decoded; line end removed).
    pub raw: String,
    /// Trimmed, letter-spacing undone, runs of whitespace made one ASCII space.
    /// Bylines and datelines are read from this form, where names stay apart.
    pub spaced: String,
    /// The text as it will be printed: no whitespace beside a non-ASCII character.
    pub text: String,
    /// Leading whitespace, in cells.
    pub indent: f32,
    /// The line was extracted with a space after every character (justified).
    pub letter_spaced: bool,
    /// Width of `text` in cells, plus a kept indent (>= 1.5 cells).
    pub width: f32,
}

impl Line {
    /// Measures and cleans raw line `no` (1-based): its indent, letter-spacing
    /// undone, its spaced and printed forms and its width.
    pub fn new(no: usize, raw: String) -> Line {
        let mut indent = 0.0;
        for c in raw.chars() {
            if c == '\u{3000}' {
                indent += 1.0;
            } else if c == '\t' {
                indent += 2.0;
            } else if is_layout_space(c) {
                indent += 0.5;
            } else {
                break;
            }
        }
        let trimmed = raw.trim_matches(is_layout_space);
        let (body, letter_spaced) = match unletterspace(trimmed) {
            Some(s) => (s, true),
            None => (trimmed.to_string(), false),
        };
        let spaced = collapse_spaces(&body);
        let text = drop_layout_spaces(&spaced);
        let mut width = str_width(&text);
        if (1.5..=2.5).contains(&indent) {
            width += indent;
        }
        Line { no, raw, spaced, text, indent, letter_spaced, width }
    }

    /// Nothing but layout whitespace (an empty `text`).
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }

    /// A paragraph indent kept in the text (two full-width spaces, four blanks).
    pub fn kept_indent(&self) -> bool {
        self.indent >= 1.5 && self.indent <= 2.5
    }

    /// Set off by more than a paragraph indent: a centred headline or title.
    pub fn centered(&self) -> bool {
        self.indent > 2.5
    }
}

/// A justified line extracted as "绍 了 郑 州": a space after every character.
/// Returns the line without those spaces (a space of the text itself shows as
/// three spaces and survives as one).
fn unletterspace(s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 5 || chars.len() % 2 == 0 {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut letters = 0;
    for (i, &c) in chars.iter().enumerate() {
        if i % 2 == 1 {
            if c != ' ' && c != '\u{3000}' {
                return None;
            }
        } else {
            if !is_layout_space(c) {
                letters += 1;
            }
            out.push(c);
        }
    }
    // at least one non-ASCII letter: "a b c" in English text is left alone
    if letters < 3 || !out.chars().any(|c| !c.is_ascii()) {
        return None;
    }
    Some(out)
}

/// Runs of layout whitespace become one ASCII space; ends trimmed.
pub fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if is_layout_space(c) {
            pending = !out.is_empty();
        } else {
            if pending {
                out.push(' ');
                pending = false;
            }
            out.push(c);
        }
    }
    out
}

/// Drops every whitespace character that stands beside a non-ASCII character;
/// whitespace between two ASCII characters becomes one space.
pub fn drop_layout_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut prev: Option<char> = None;
    while let Some(c) = chars.next() {
        if is_layout_space(c) {
            // skip the run
            while let Some(&n) = chars.peek() {
                if is_layout_space(n) {
                    chars.next();
                } else {
                    break;
                }
            }
            let next = chars.peek().copied();
            if let (Some(p), Some(n)) = (prev, next) {
                if p.is_ascii() && n.is_ascii() && c.is_ascii() {
                    out.push(' ');
                }
            }
            continue;
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// Joins two pieces of one paragraph: a space only between two ASCII words.
pub fn join_into(buf: &mut String, next: &str) {
    if let (Some(a), Some(b)) = (buf.chars().last(), next.chars().next()) {
        if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
            buf.push(' ');
        }
    }
    buf.push_str(next);
}

/// The lines of one paragraph joined ([`join_into`]).
pub fn joined<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    lines.into_iter().fold(String::new(), |mut s, t| {
        join_into(&mut s, t);
        s
    })
}

/// Width of the first unbreakable unit of a line (openers + one character or a
/// half-width run + closers), and of that unit without its closers.
pub fn first_unit(text: &str) -> (f32, f32) {
    let mut it = text.chars().peekable();
    let mut w = 0.0;
    while let Some(&c) = it.peek() {
        if !is_opener(c) {
            break;
        }
        w += cell_width(c);
        it.next();
    }
    match it.next() {
        Some(c @ ('—' | '…')) if it.peek() == Some(&c) => {
            it.next();
            w += 2.0;
        }
        Some(c) if cell_width(c) == 0.5 && c != ' ' => {
            // a half-width run; closing marks at its end (7.1%) do not count in its core
            w += 0.5;
            let mut tail = if is_closer(c) { 0.5 } else { 0.0 };
            while let Some(&n) = it.peek() {
                if cell_width(n) == 0.5 && n != ' ' {
                    w += 0.5;
                    tail = if is_closer(n) { tail + 0.5 } else { 0.0 };
                    it.next();
                } else {
                    break;
                }
            }
            let core = w - tail;
            while let Some(&c) = it.peek() {
                if !is_closer(c) {
                    break;
                }
                w += cell_width(c);
                it.next();
            }
            return (w, core);
        }
        Some(c) => w += cell_width(c),
        None => {}
    }
    let core = w;
    while let Some(&c) = it.peek() {
        if !is_closer(c) {
            break;
        }
        w += cell_width(c);
        it.next();
    }
    (w, core)
}

/// Would the first unit of the next line have fitted on a line of width
/// `have` set to measure `limit`? (Closing marks may hang one cell past it.)
pub fn would_fit(have: f32, next_text: &str, limit: f32) -> bool {
    let (w, core) = first_unit(next_text);
    have + w <= limit + 0.01 || (have + core <= limit + 0.01 && w - core <= 1.0)
}

/// One line of an article body, as the reflow sees it.
#[derive(Debug, Clone)]
pub struct BodyLine<'a> {
    /// The page's line, measured ([`Line::width`], [`Line::indent`]).
    pub line: &'a Line,
    /// The text this line contributes (the dateline line contributes only what follows the dateline).
    pub text: String,
    /// Blank lines between this line and the previous body line.
    pub blanks_before: usize,
    /// This is the article's first line (it holds the dateline, set in bold and
    /// seldom measured well: it never counts as a short line by itself).
    pub first: bool,
}

/// Estimates the column width (in cells) of an article from its lines: the
/// width that best explains them, a line counting for a width W when it is
/// exactly W wide, a little short of it (the next unit did not fit), a cell
/// over it with a hanging closing mark, or two cells short (a paragraph's
/// first line without its indent).
pub fn column_width(lines: &[BodyLine]) -> f32 {
    // (width, ends with a closing mark, width with full-width punctuation set half-width)
    let widths: Vec<(f32, bool, f32)> = lines
        .iter()
        .filter(|b| !b.first && b.line.width > 0.0)
        .map(|b| {
            let punct = b.line.text.chars().filter(|&c| is_closer(c) && c as u32 >= 0x2000).count() as f32;
            (b.line.width, b.line.text.chars().last().is_some_and(is_closer), b.line.width - 0.5 * punct)
        })
        .collect();
    if widths.is_empty() {
        return lines.iter().map(|b| b.line.width).fold(0.0, f32::max);
    }
    // a clear mode (real pages: most lines exactly at the measure) wins
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for &(w, _, _) in &widths {
        let key = (w * 2.0).round() as i32;
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some(e) => e.1 += 1,
            None => counts.push((key, 1)),
        }
    }
    if let Some(&(k, n)) = counts.iter().max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0))) {
        let second = counts.iter().filter(|c| c.0 != k).map(|c| c.1).max().unwrap_or(0);
        if n >= 4 && n * 4 >= widths.len() && n >= second * 2 {
            return k as f32 / 2.0;
        }
    }
    let mut cands: Vec<f32> = widths.iter().map(|w| w.0).collect();
    cands.extend(widths.iter().filter(|w| w.1).map(|w| w.0 - 1.0));
    cands.sort_by(|a, b| a.partial_cmp(b).unwrap());
    cands.dedup();
    let mut best = (f32::MIN, 0.0f32);
    for &c in &cands {
        let mut score = 0.0;
        for &(w, closer, compressed) in &widths {
            score += if (w - c).abs() < 0.01 {
                1.0
            } else if closer && (w - c - 1.0).abs() < 0.01 {
                0.9
            } else if w > c && compressed <= c + 0.01 {
                0.8 // punctuation set half-width (标点挤压) brings it to the measure
            } else if w < c && w >= c - 1.0 {
                0.5
            } else if (w - (c - 2.0)).abs() < 0.01 {
                0.3
            } else {
                0.0
            };
        }
        if score > best.0 + 0.001 || ((score - best.0).abs() <= 0.001 && c > best.1) {
            best = (score, c);
        }
    }
    best.1
}

/// Joins the lines of one article into paragraphs. Returns each paragraph with
/// the index (into `lines`) of its first line.
pub fn reflow(lines: &[BodyLine]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    if lines.is_empty() {
        return out;
    }
    let w = column_width(lines);
    if std::env::var_os("BENBAO_DEBUG").is_some() {
        eprintln!("reflow: {} lines from line {}, column width {w}", lines.len(), lines[0].line.no);
    }
    let uses_kept_indents = lines.iter().skip(1).any(|b| b.line.kept_indent());
    let gaps: Vec<bool> = lines.iter().map(|b| b.blanks_before > 0).collect();
    let columns = column_period(&gaps);
    let mut cur = String::new();
    let mut cur_start = 0;
    let mut para_first = true; // line i opens a paragraph
    for i in 0..lines.len() {
        let b = &lines[i];
        join_into(&mut cur, &b.text);
        let Some(next) = lines.get(i + 1) else { break };
        let after = lines.get(i + 2);
        let at_column_break = columns.is_some_and(|(h, r)| (i + 1) % h == r % h);
        if paragraph_ends(b, next, after, w, para_first, uses_kept_indents, &cur, at_column_break) {
            if !cur.is_empty() {
                out.push((std::mem::take(&mut cur), cur_start));
            }
            cur_start = i + 1;
            para_first = true;
        } else {
            para_first = false;
        }
    }
    if !cur.is_empty() {
        out.push((cur, cur_start));
    }
    out
}

/// The measure line `b` was set to: the column, less the dropped indent on a paragraph's first line.
fn measure(b: &BodyLine, w: f32, para_first: bool) -> f32 {
    if (para_first || b.first) && !b.line.kept_indent() {
        w - 2.0
    } else {
        w
    }
}

fn paragraph_ends(
    b: &BodyLine,
    next: &BodyLine,
    after: Option<&BodyLine>,
    w: f32,
    para_first: bool,
    uses_kept_indents: bool,
    para_so_far: &str,
    at_column_break: bool,
) -> bool {
    // A: an indent kept in the text opens a paragraph.
    if uses_kept_indents && next.line.kept_indent() {
        return true;
    }
    let text = &b.line.text;
    let ends = ends_paragraph_mark(text);
    let limit = measure(b, w, para_first);
    let justified = b.line.letter_spaced;
    let short = !justified && would_fit(b.line.width, &next.text, limit);
    // B: a sentence ends and the line ended early: the paragraph ends.
    if ends && short {
        return true;
    }
    // C: a line that ends far short of the margin without a sentence end is a
    // title of its own (an intertitle), unless it holds the dateline.
    if !ends && !b.first && !justified && would_fit(b.line.width, &next.text, limit - 2.0) {
        return true;
    }
    // G: a title wrapped over several lines (no punctuation at all) ends where a line stops early.
    if !ends
        && !b.first
        && !justified
        && would_fit(b.line.width, &next.text, limit)
        && !para_so_far.contains(['，', '。', '；', '！', '？', ',', ';'])
    {
        return true;
    }
    if !ends {
        return false;
    }
    // The line is full and ends a sentence: look at the next line's shape.
    let next_w = next.line.width;
    let (next_full, next_short_at_indent) = match after {
        Some(a) => (!would_fit(next_w, &a.text, w), would_fit(next_w, &a.text, w - 2.0)),
        None => (next_w >= w - 0.75, next_w < w - 2.75),
    };
    // could the next line have been set to the indented measure (W-2, closing marks hanging one cell)?
    let hang = if next.line.text.chars().last().is_some_and(is_closer) { 1.0 } else { 0.0 };
    let fits_indent = next_w <= w - 2.0 + hang + 0.01;
    if next_full && !fits_indent {
        return false; // D0: it runs on at full measure
    }
    if !next_full && !next_short_at_indent {
        return true; // D: the next line is two cells short, as a paragraph's first line is
    }
    if next_full {
        // full at either measure (a wide unit broke it early): only blank lines can tell
        return match next.blanks_before {
            0 => false,
            1 => !at_column_break,
            _ => true,
        };
    }
    // The next line is short: the last line of this paragraph, or a paragraph
    // (or intertitle) of one line.
    if !ends_sentence(&next.line.text) && !matches!(next.line.text.chars().last(), Some('：' | '；' | '，' | '、' | ':' | ';' | ',')) {
        return true; // F: an intertitle
    }
    // E: only blank lines can tell. A blank line where a column ends is a
    // column break; elsewhere it ends a paragraph. Two blanks are both.
    match next.blanks_before {
        0 => false,
        1 => !at_column_break,
        _ => true,
    }
}

/// Where the columns of an article break: the period (lines per column) and
/// phase that best explain its blank lines. `gaps[k]` is true when a blank
/// line stands before body line `k`.
pub fn column_period(gaps: &[bool]) -> Option<(usize, usize)> {
    let n = gaps.len();
    let blanks: Vec<usize> = (1..n).filter(|&k| gaps[k]).collect();
    if blanks.len() < 2 {
        return None;
    }
    let mut best: Option<(i64, usize, usize)> = None;
    for h in 4..=60.min(n) {
        for r in 0..h {
            let mut hits = 0i64;
            let mut misses = 0i64;
            let mut k = if r == 0 { h } else { r };
            while k < n {
                if gaps[k] {
                    hits += 1;
                } else {
                    misses += 1;
                }
                k += h;
            }
            if hits < 2 || misses * 3 > hits {
                continue;
            }
            let score = hits * 2 - misses * 3;
            if best.is_none_or(|(s, bh, _)| score > s || (score == s && h < bh)) {
                best = Some((score, h, r));
            }
        }
    }
    best.map(|(_, h, r)| (h, r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_spaced_line_loses_its_spaces() {
        let l = Line::new(1, "绍 了 郑 州 高 新 区 的 总 体 情".into());
        assert!(l.letter_spaced);
        assert_eq!(l.text, "绍了郑州高新区的总体情");
    }

    #[test]
    fn spaces_beside_digits_go_ascii_spaces_stay() {
        let l = Line::new(1, " 本报讯 2月 11日上午，Hello  World 2022".into());
        assert_eq!(l.text, "本报讯2月11日上午，Hello World 2022");
        assert_eq!(l.spaced, "本报讯 2月 11日上午，Hello World 2022");
        assert!(!l.kept_indent());
    }

    #[test]
    fn kept_indent_counts_in_width() {
        let l = Line::new(1, "\u{3000}\u{3000}座谈会上，王德敏".into());
        assert!(l.kept_indent());
        assert_eq!(l.text, "座谈会上，王德敏");
        assert_eq!(l.width, 10.0);
    }

    #[test]
    fn units() {
        assert_eq!(first_unit("“格美”发展"), (2.0, 2.0));
        assert_eq!(first_unit("2013年"), (2.0, 2.0));
        assert_eq!(first_unit("区。考察"), (2.0, 1.0));
        assert!(ends_sentence("表示感谢。”"));
        assert!(!ends_sentence("《决定》"));
    }
}
