//! What one line of a text page is, judged by itself ([`classify`]): blank,
//! page furniture (rule, footer credit, jump line), a continuation mark
//! (上接第N版), kicker (`■新年开新局`), dateline, byline or text; and the
//! datelines broken over two or more lines, joined back ([`join_wrapped_datelines`]).

use crate::byline::{byline_is_spaced, may_be_byline, parse_byline};
use crate::dateline::{self, parse_dateline, Dateline};
use crate::furniture::{self, Jump};
use crate::page::{Byline, FurnitureKind};
use crate::reflow::{ends_sentence, Line};

/// What one line of a page is, judged by itself.
#[derive(Debug, Clone)]
pub enum Kind {
    /// Nothing but whitespace.
    Blank,
    /// Page furniture: a header, footer, jump line (下转第N版), rule or page number.
    Furniture(FurnitureKind),
    /// 上接第N版: the article continues from another page.
    JumpIn,
    /// A kicker: a short marked line, no sentence ([`is_kicker`]).
    Kicker,
    /// A line opening with a dateline (`本报讯`, `新华社北京1月5日电`), as read.
    Dateline(Dateline),
    /// A line that is a byline by itself (`记者 孙庆辉`), as read.
    Byline(Byline),
    /// Anything else: body text, or a headline the segmenter finds by its place.
    Text,
    /// A line already read as part of the line before (a dateline's bracketed byline that wrapped).
    Consumed,
}

/// Kicker markers: a kicker line starts with one of these (or is a 【…】 label).
fn is_kicker_marker(c: char) -> bool {
    matches!(c, '■' | '◆' | '●' | '▲' | '★' | '□' | '◇' | '◎' | '▶' | '►' | '▼' | '◥' | '◤' | '※' | '☆' | '◉' | '▌' | '▍')
}

/// A text marked as a kicker: it starts with a kicker marker, or is one 【…】 label.
pub fn starts_with_marker(s: &str) -> bool {
    let Some(c) = s.chars().next() else { return false };
    is_kicker_marker(c) || (c == '【' && s.trim_end().ends_with('】') && s.matches('【').count() == 1)
}

/// A kicker line: marked, short, no sentence, and not a marked byline (`□本报记者 王伟`).
pub fn is_kicker(l: &Line) -> bool {
    let t = &l.text;
    let n = t.chars().count();
    if n < 2 || n > 32 || ends_sentence(t) || !starts_with_marker(t) {
        return false;
    }
    if t.starts_with(is_kicker_marker) {
        // □本报记者 王伟: a marked byline, not a kicker
        let rest: String = l.spaced.chars().skip(1).collect();
        return !(may_be_byline(rest.trim()) && parse_byline(rest.trim(), None).is_some());
    }
    true
}

/// Classifies one line by itself.
pub fn classify(l: &Line) -> Kind {
    if l.is_blank() {
        return Kind::Blank;
    }
    let t = &l.text;
    if furniture::is_rule(t) {
        return Kind::Furniture(FurnitureKind::Rule);
    }
    if let Some(j) = furniture::jump(t) {
        return if j == Jump::In { Kind::JumpIn } else { Kind::Furniture(FurnitureKind::Jump) };
    }
    if furniture::is_credit_line(&l.spaced) {
        return Kind::Furniture(FurnitureKind::Footer);
    }
    if is_kicker(l) {
        return Kind::Kicker;
    }
    if let Some(d) = parse_dateline(&l.spaced) {
        return Kind::Dateline(d);
    }
    let unmarked = l.spaced.trim_start_matches(is_kicker_marker).trim_start();
    if !ends_sentence(t) && may_be_byline(unmarked) {
        if let Some(b) = parse_byline(unmarked, None).filter(|_| byline_is_spaced(unmarked)) {
            return Kind::Byline(b);
        }
    }
    Kind::Text
}

/// A header line of a text page: short, no sentence, and a header cue (第N版, the date, …).
pub fn is_header_cue(l: &Line) -> bool {
    let n = l.text.chars().count();
    n <= 60 && !ends_sentence(&l.text) && !l.text.contains('，') && furniture::header_cue(&l.spaced)
}

/// A dateline whose bracket (byline or date) wraps onto the next lines:
/// `本报讯（记者 钱娟 通讯员` / `谢琪元） 今天…`, or `新华社成都12月23日电` / `（记者 易志桂） 积石山…`;
/// and a dateline cut by the line end (`本报郑州10月5日` / `讯 习近平…`).
/// The joined reading goes to the first line, the lines it took are `Consumed`.
pub fn join_wrapped_datelines(lines: &[Line], kinds: &mut [Kind]) {
    let n = lines.len();
    for i in 0..n.saturating_sub(1) {
        if !matches!(kinds[i], Kind::Text) || !matches!(kinds[i + 1], Kind::Text | Kind::Byline(_)) {
            continue;
        }
        if let Some(d) = dateline::cut_at_line_end(&lines[i].spaced, &lines[i + 1].spaced) {
            kinds[i] = Kind::Dateline(d);
            kinds[i + 1] = Kind::Consumed;
        }
    }
    for i in 0..n {
        let Kind::Dateline(d) = &kinds[i] else { continue };
        if d.byline.is_some() {
            continue;
        }
        let open = |s: &str| s.starts_with(['（', '(']) && !s.contains(['）', ')']);
        let rest = d.rest.trim();
        let next_opens = rest.is_empty() && i + 1 < n && lines[i + 1].spaced.starts_with(['（', '(']);
        if !(open(rest) || next_opens) {
            continue;
        }
        // gather lines until the bracket closes (at most three more)
        let mut end = None;
        for k in i + 1..n.min(i + 4) {
            if lines[k].is_blank() {
                break;
            }
            if lines[k].spaced.contains(['）', ')']) {
                end = Some(k);
                break;
            }
        }
        let Some(end) = end else { continue };
        let texts: Vec<&str> = lines[i..=end].iter().map(|l| l.spaced.as_str()).collect();
        let month_day = d.month_day;
        if let Some(nd) = dateline::rejoin(&texts, end - i, |nd| nd.byline.is_some() || nd.month_day != month_day) {
            kinds[i] = Kind::Dateline(nd);
            for k in kinds.iter_mut().take(end + 1).skip(i + 1) {
                *k = Kind::Consumed;
            }
        }
    }
}
