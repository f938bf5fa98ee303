//! The person page's timeline: an SVG drawn on the server (no script).
//! One lane per spell (a post in its jurisdiction: a bar from the first to
//! the last article naming the person with it), one lane per event type (a dot per event, linking to its
//! article) and one lane of articles (a tick per article).

use std::collections::BTreeMap;

use benbao_archive::browse::{Locality, Network, NetworkFilter, PersonPage};

use crate::html::{esc, event_label, url_enc};

/// Days since 1970-01-01 of a date `YYYY[-MM[-DD]]` (a month counts as its
/// 15th, a year as 1 July).
pub fn day_number(date: &str) -> Option<i64> {
    let d = benbao::PageDate::parse(date).ok()?;
    benbao::PageDate::ymd(d.year?, d.month.unwrap_or(7), d.day.unwrap_or(if d.month.is_some() { 15 } else { 1 })).days_since_epoch()
}

/// The year and month of a day number.
fn civil(days: i64) -> (i64, i64) {
    let d = benbao::PageDate::from_days(days);
    (d.year.unwrap_or(1970) as i64, d.month.unwrap_or(1) as i64)
}

const COLORS: [&str; 8] = ["#c0392b", "#2471a3", "#229954", "#b9770e", "#7d3c98", "#148f77", "#566573", "#a04000"];

/// The timeline of a person, or None when nothing in it has a date.
pub fn timeline(p: &PersonPage) -> Option<String> {
    struct Lane {
        label: String,
        color: &'static str,
        marks: Vec<Mark>,
    }
    enum Mark {
        Bar(i64, i64, String),
        Dot(i64, i64, String),
        Tick(i64, i64, String),
    }
    let mut lanes: Vec<Lane> = Vec::new();
    for (i, post) in p.posts.iter().take(6).enumerate() {
        let (Some(a), Some(b)) = (post.first.as_deref().and_then(day_number), post.last.as_deref().and_then(day_number)) else { continue };
        let mut label = match &post.organization {
            Some(o) if !post.post.contains(o.as_str()) => format!("{o}{}", post.post),
            _ => post.post.clone(),
        };
        // a spell: the post in its jurisdiction
        if let Some(j) = post.jurisdiction.as_deref().filter(|j| !label.starts_with(j)) {
            label = format!("{j} {label}");
        }
        let tip = format!("{label}: {} – {} ({} 篇)", post.first.as_deref().unwrap_or(""), post.last.as_deref().unwrap_or(""), post.articles);
        lanes.push(Lane { label, color: COLORS[(i + 4) % COLORS.len()], marks: vec![Mark::Bar(a, b, tip)] });
    }
    let mut kinds: Vec<&str> = p.events.iter().map(|e| e.kind.as_str()).collect();
    kinds.sort();
    kinds.dedup();
    for (i, k) in kinds.iter().enumerate() {
        let marks = p
            .events
            .iter()
            .filter(|e| e.kind == *k)
            .filter_map(|e| {
                let d = day_number(e.date.as_deref()?)?;
                let what = e.topic.as_deref().or(e.place.as_deref()).or(e.headline.as_deref()).unwrap_or("");
                Some(Mark::Dot(d, e.article_id, format!("{} {} {}", e.date.as_deref().unwrap_or(""), event_label(k), what)))
            })
            .collect::<Vec<_>>();
        if !marks.is_empty() {
            lanes.push(Lane { label: event_label(k).to_string(), color: COLORS[i % COLORS.len()], marks });
        }
    }
    let ticks: Vec<Mark> = p
        .mentions
        .iter()
        .filter_map(|m| {
            let d = day_number(m.date.as_deref()?)?;
            Some(Mark::Tick(d, m.article_id, format!("{} {}", m.date.as_deref().unwrap_or(""), m.headline.as_deref().unwrap_or(&m.lead))))
        })
        .collect();
    if !ticks.is_empty() {
        lanes.push(Lane { label: "报道 articles".into(), color: "#333", marks: ticks });
    }
    let days: Vec<i64> = lanes
        .iter()
        .flat_map(|l| l.marks.iter())
        .flat_map(|m| match m {
            Mark::Bar(a, b, _) => vec![*a, *b],
            Mark::Dot(d, _, _) | Mark::Tick(d, _, _) => vec![*d],
        })
        .collect();
    let (lo, hi) = (*days.iter().min()?, *days.iter().max()?);
    let pad = ((hi - lo) / 20).max(10);
    let (lo, hi) = (lo - pad, hi + pad);
    let (w, left, right, lane_h, top) = (900.0f64, 190.0f64, 20.0f64, 30.0f64, 10.0f64);
    let h = top + lane_h * lanes.len() as f64 + 30.0;
    let x = |d: i64| left + (d - lo) as f64 / (hi - lo) as f64 * (w - left - right);
    let mut s = format!(
        "<svg class=timeline role=img aria-label='时间线 timeline' viewBox='0 0 {w} {h}' width='100%' xmlns='http://www.w3.org/2000/svg'>"
    );
    // the time axis: months when the span is short, else years
    let (y0, m0) = civil(lo);
    let (y1, _) = civil(hi);
    let span_months = (hi - lo) / 30;
    let step = match span_months {
        0..=14 => 1,
        15..=36 => 3,
        37..=72 => 6,
        _ => 12,
    };
    let (mut y, mut m) = if step == 12 { (y0 + 1, 1) } else { (y0, m0 + 1) };
    if m > 12 {
        y += 1;
        m -= 12;
    }
    let base = top + lane_h * lanes.len() as f64;
    while y <= y1 + 1 {
        if let Some(d) = day_number(&format!("{y:04}-{m:02}-01")) {
            if d > hi {
                break;
            }
            if d >= lo && (step == 1 || (m - 1) % step == 0) {
                let xx = x(d);
                let label = if step == 12 { format!("{y}") } else { format!("{y}-{m:02}") };
                s.push_str(&format!("<line class=ax x1='{xx:.1}' y1='{top}' x2='{xx:.1}' y2='{:.1}'/><text x='{xx:.1}' y='{:.1}' text-anchor=middle>{label}</text>", base + 4.0, base + 18.0));
            }
        }
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    for (i, lane) in lanes.iter().enumerate() {
        let cy = top + lane_h * i as f64 + lane_h / 2.0;
        let label: String = lane.label.chars().take(14).collect();
        s.push_str(&format!("<text x='{:.1}' y='{:.1}' text-anchor=end><title>{}</title>{}</text>", left - 8.0, cy + 4.0, esc(&lane.label), esc(&label)));
        s.push_str(&format!("<line class=ax x1='{left}' y1='{cy:.1}' x2='{:.1}' y2='{cy:.1}' stroke-dasharray='2 4'/>", w - right));
        for mk in &lane.marks {
            match mk {
                Mark::Bar(a, b, tip) => {
                    let (xa, xb) = (x(*a), x(*b).max(x(*a) + 6.0));
                    s.push_str(&format!(
                        "<rect x='{:.1}' y='{:.1}' width='{:.1}' height='12' rx='4' fill='{}' opacity='.8'><title>{}</title></rect>",
                        xa,
                        cy - 6.0,
                        xb - xa,
                        lane.color,
                        esc(tip)
                    ));
                }
                Mark::Dot(d, aid, tip) => s.push_str(&format!(
                    "<a href='/article/{aid}'><circle cx='{:.1}' cy='{cy:.1}' r='6' fill='{}' opacity='.85'><title>{}</title></circle></a>",
                    x(*d),
                    lane.color,
                    esc(tip)
                )),
                Mark::Tick(d, aid, tip) => s.push_str(&format!(
                    "<a href='/article/{aid}'><rect x='{:.1}' y='{:.1}' width='3' height='16' fill='{}'><title>{}</title></rect></a>",
                    x(*d) - 1.5,
                    cy - 8.0,
                    lane.color,
                    esc(tip)
                )),
            }
        }
    }
    s.push_str("</svg>");
    Some(s)
}

/// Most localities the network draws (the most visited).
const NETWORK_NODES: usize = 40;

/// The study-visit network as an SVG: localities on a circle (the most
/// visited [`NETWORK_NODES`]), an arrow from origin to destination per
/// edge, as wide as its visits; an arrow links to its visits, a locality to
/// its page. None when there is no edge.
pub fn network(n: &Network, f: &NetworkFilter) -> Option<String> {
    let mut seen: BTreeMap<&str, (&Locality, u64)> = BTreeMap::new();
    for e in &n.edges {
        for l in [&e.origin, &e.destination] {
            seen.entry(l.key()).or_insert((l, 0)).1 += e.visits;
        }
    }
    let mut nodes: Vec<(&str, &Locality, u64)> = seen.into_iter().map(|(k, (l, v))| (k, l, v)).collect();
    if nodes.is_empty() {
        return None;
    }
    nodes.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    nodes.truncate(NETWORK_NODES);
    let (w, h) = (860.0f64, 620.0f64);
    let (cx, cy, r) = (w / 2.0, h / 2.0, 220.0f64);
    let at: BTreeMap<&str, (f64, f64, f64)> = nodes
        .iter()
        .enumerate()
        .map(|(i, (k, _, _))| {
            let a = std::f64::consts::TAU * i as f64 / nodes.len() as f64 - std::f64::consts::FRAC_PI_2;
            (*k, (cx + r * a.cos(), cy + r * a.sin(), a))
        })
        .collect();
    let size = |v: u64| 5.0 + (v as f64).sqrt() * 2.0;
    let mut s = format!(
        "<svg class=network role=img aria-label='考察网络 study-visit network' viewBox='0 0 {w} {h}' width='100%' xmlns='http://www.w3.org/2000/svg'>\
         <defs><marker id=arrow viewBox='0 0 10 10' refX='9' refY='5' markerWidth='7' markerHeight='7' orient=auto><path d='M0,0 L10,5 L0,10 z' fill='#7b8794'/></marker>\
         <marker id=arrow-on viewBox='0 0 10 10' refX='9' refY='5' markerWidth='7' markerHeight='7' orient=auto><path d='M0,0 L10,5 L0,10 z' fill='#c0392b'/></marker></defs>"
    );
    let mut base = Vec::new();
    if let Some(y) = &f.year {
        base.push(format!("year={}", url_enc(y)));
    }
    if let Some(t) = &f.topic {
        base.push(format!("topic={}", url_enc(t)));
    }
    let node_size: BTreeMap<&str, f64> = nodes.iter().map(|(k, _, v)| (*k, size(*v))).collect();
    for e in &n.edges {
        let (o, d) = (e.origin.key(), e.destination.key());
        let (Some(&(x0, y0, _)), Some(&(x1, y1, _))) = (at.get(o), at.get(d)) else { continue };
        if o == d {
            continue;
        }
        // from the rim of one circle to the rim of the other
        let (dx, dy) = (x1 - x0, y1 - y0);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let (r0, r1) = (node_size[o] + 1.0, node_size[d] + 3.0);
        let (ax, ay, bx, by) = (x0 + dx / len * r0, y0 + dy / len * r0, x1 - dx / len * r1, y1 - dy / len * r1);
        let on = f.edge.as_ref().is_some_and(|(a, b)| a == o && b == d);
        let mut q = base.clone();
        q.push(format!("origin={}&destination={}", url_enc(o), url_enc(d)));
        s.push_str(&format!(
            // a wide transparent line under the arrow, so that it is easy to click
            "<a href='/network?{}'><line class=hit x1='{ax:.1}' y1='{ay:.1}' x2='{bx:.1}' y2='{by:.1}'/><line class='edge{}' x1='{ax:.1}' y1='{ay:.1}' x2='{bx:.1}' y2='{by:.1}' stroke-width='{:.1}' marker-end='url(#arrow{})'><title>{} → {}: {} 次考察 visits</title></line></a>",
            esc(&q.join("&")),
            if on { " on" } else { "" },
            2.0 + (e.visits as f64).ln() * 1.5,
            if on { "-on" } else { "" },
            esc(&e.origin.name),
            esc(&e.destination.name),
            e.visits
        ));
    }
    for (k, l, v) in &nodes {
        let (x, y, a) = at[k];
        let (tx, ty) = (x + (node_size[k] + 6.0) * a.cos(), y + (node_size[k] + 6.0) * a.sin() + 4.0);
        let anchor = if a.cos() > 0.2 { "start" } else if a.cos() < -0.2 { "end" } else { "middle" };
        let dot = format!("<circle class=node cx='{x:.1}' cy='{y:.1}' r='{:.1}'><title>{}: {v} 次 visits</title></circle><text x='{tx:.1}' y='{ty:.1}' text-anchor={anchor}>{}</text>", node_size[k], esc(&l.name), esc(&l.name));
        match &l.code {
            Some(c) => s.push_str(&format!("<a href='/place/{}'>{dot}</a>", url_enc(c))),
            None => s.push_str(&dot),
        }
    }
    s.push_str("</svg>");
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2022-02-14"), Some(19037));
        assert_eq!(day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(), 2);
        assert_eq!(day_number("2022-02"), day_number("2022-02-15"));
        assert_eq!(day_number("2022"), day_number("2022-07-01"));
        assert_eq!(day_number("2022-13-01"), None);
        assert_eq!(day_number("x"), None);
        assert_eq!(civil(day_number("2024-12-31").unwrap()), (2024, 12));
    }
}
