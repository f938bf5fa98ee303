//! The person page's timeline and the study-visit network: SVG drawn on the
//! server (no script), as maud markup. The timeline has one lane per spell
//! (a post in its jurisdiction: a bar from the first to the last article
//! naming the person with it), one lane per event type (a dot per event,
//! linking to its article) and one lane of articles (a tick per article).
//! Every SVG element has an end tag (`<line …></line>`): maud writes no
//! `/>`, and an SVG element left open in HTML would take the next as its child.

use std::collections::BTreeMap;
use std::fmt;

use benbao_archive::browse::{self, Locality, Network, NetworkFilter, PersonPage};
use maud::{html, Markup};

use crate::html::{event_label, url_enc};

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

/// A length or coordinate of a drawing, written with one decimal.
#[derive(Clone, Copy)]
pub struct Coord(pub f64);

impl fmt::Display for Coord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1}", self.0)
    }
}

/// One lane of the timeline: its name, its colour, what is drawn in it.
struct Lane {
    label: String,
    color: &'static str,
    marks: Vec<Mark>,
}

/// What a lane draws, each with its tooltip: a spell from day to day, an
/// event on a day and an article on a day (with the article they link to).
enum Mark {
    Bar(i64, i64, String),
    Dot(i64, i64, String),
    Tick(i64, i64, String),
}

impl Mark {
    fn days(&self) -> impl Iterator<Item = i64> {
        match *self {
            Mark::Bar(a, b, _) => vec![a, b],
            Mark::Dot(d, _, _) | Mark::Tick(d, _, _) => vec![d],
        }
        .into_iter()
    }
}

/// The timeline's lanes: the person's spells (at most six), one per event
/// type, the articles; a lane with nothing dated is left out.
fn lanes(p: &PersonPage) -> Vec<Lane> {
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
    lanes
}

/// The timeline's width, its left margin (the lanes' names), its right
/// margin, a lane's height and the space above the first lane.
const W: f64 = 900.0;
const LEFT: f64 = 190.0;
const RIGHT: f64 = 20.0;
const LANE_H: f64 = 30.0;
const TOP: f64 = 10.0;

/// The timeline of a person, or None when nothing in it has a date.
pub fn timeline(p: &PersonPage) -> Option<Markup> {
    let lanes = lanes(p);
    let days: Vec<i64> = lanes.iter().flat_map(|l| l.marks.iter()).flat_map(Mark::days).collect();
    let (lo, hi) = (*days.iter().min()?, *days.iter().max()?);
    let pad = ((hi - lo) / 20).max(10);
    let (lo, hi) = (lo - pad, hi + pad);
    let x = |d: i64| LEFT + (d - lo) as f64 / (hi - lo) as f64 * (W - LEFT - RIGHT);
    let base = TOP + LANE_H * lanes.len() as f64;
    Some(html! {
        svg.timeline role="img" aria-label="时间线 timeline" viewBox={ "0 0 " (W) " " (base + 30.0) } width="100%" xmlns="http://www.w3.org/2000/svg" {
            @for (d, label) in axis(lo, hi) {
                line.ax x1=(Coord(x(d))) y1=(TOP) x2=(Coord(x(d))) y2=(Coord(base + 4.0)) {}
                text x=(Coord(x(d))) y=(Coord(base + 18.0)) text-anchor="middle" { (label) }
            }
            @for (i, lane) in lanes.iter().enumerate() {
                (lane_marks(lane, TOP + LANE_H * i as f64 + LANE_H / 2.0, &x))
            }
        }
    })
}

/// The time axis's ticks from day `lo` to `hi`, each a day and its label:
/// months when the span is short, else quarters, half years or years.
fn axis(lo: i64, hi: i64) -> Vec<(i64, String)> {
    let (y0, m0) = civil(lo);
    let (y1, _) = civil(hi);
    let step = match (hi - lo) / 30 {
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
    let mut ticks = Vec::new();
    while y <= y1 + 1 {
        if let Some(d) = day_number(&format!("{y:04}-{m:02}-01")) {
            if d > hi {
                break;
            }
            if d >= lo && (step == 1 || (m - 1) % step == 0) {
                ticks.push((d, if step == 12 { format!("{y}") } else { format!("{y}-{m:02}") }));
            }
        }
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    ticks
}

/// One lane at height `cy`: its name (cut to 14 characters, whole in its
/// tooltip), its dashed line and its marks; `x` places a day.
fn lane_marks(lane: &Lane, cy: f64, x: &impl Fn(i64) -> f64) -> Markup {
    html! {
        text x=(Coord(LEFT - 8.0)) y=(Coord(cy + 4.0)) text-anchor="end" { title { (lane.label) } (lane.label.chars().take(14).collect::<String>()) }
        line.ax x1=(LEFT) y1=(Coord(cy)) x2=(Coord(W - RIGHT)) y2=(Coord(cy)) stroke-dasharray="2 4" {}
        @for mark in &lane.marks {
            @match mark {
                Mark::Bar(a, b, tip) => {
                    @let (xa, xb) = (x(*a), x(*b).max(x(*a) + 6.0));
                    rect x=(Coord(xa)) y=(Coord(cy - 6.0)) width=(Coord(xb - xa)) height="12" rx="4" fill=(lane.color) opacity=".8" { title { (tip) } }
                }
                Mark::Dot(d, aid, tip) => a href={ "/article/" (aid) } {
                    circle cx=(Coord(x(*d))) cy=(Coord(cy)) r="6" fill=(lane.color) opacity=".85" { title { (tip) } }
                }
                Mark::Tick(d, aid, tip) => a href={ "/article/" (aid) } {
                    rect x=(Coord(x(*d) - 1.5)) y=(Coord(cy - 8.0)) width="3" height="16" fill=(lane.color) { title { (tip) } }
                }
            }
        }
    }
}

/// Most localities the network draws (the most visited).
const NETWORK_NODES: usize = 40;

/// The arrowheads of the network's edges: an edge's, and the chosen edge's.
const ARROWS: [(&str, &str); 2] = [("arrow", "#7b8794"), ("arrow-on", "#c0392b")];

/// The study-visit network as an SVG: localities on a circle (the most
/// visited [`NETWORK_NODES`]), an arrow from origin to destination per
/// edge, as wide as its visits; an arrow links to its visits, a locality to
/// its page. None when there is no edge.
pub fn network(n: &Network, f: &NetworkFilter) -> Option<Markup> {
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
    // where each locality stands: x, y and its angle on the circle, and its radius
    let at: BTreeMap<&str, Node> = nodes
        .iter()
        .enumerate()
        .map(|(i, (k, _, v))| {
            let a = std::f64::consts::TAU * i as f64 / nodes.len() as f64 - std::f64::consts::FRAC_PI_2;
            (*k, Node { x: cx + r * a.cos(), y: cy + r * a.sin(), angle: a, size: 5.0 + (*v as f64).sqrt() * 2.0 })
        })
        .collect();
    let mut filter = Vec::new();
    if let Some(y) = &f.year {
        filter.push(format!("year={}", url_enc(y)));
    }
    if let Some(t) = &f.topic {
        filter.push(format!("topic={}", url_enc(t)));
    }
    Some(html! {
        svg.network role="img" aria-label="考察网络 study-visit network" viewBox={ "0 0 " (w) " " (h) } width="100%" xmlns="http://www.w3.org/2000/svg" {
            defs {
                @for (id, fill) in ARROWS {
                    marker #(id) viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto" { path d="M0,0 L10,5 L0,10 z" fill=(fill) {} }
                }
            }
            @for e in &n.edges {
                @if let (Some(o), Some(d)) = (at.get(e.origin.key()), at.get(e.destination.key())) {
                    @if e.origin.key() != e.destination.key() { (edge(e, o, d, f, &filter)) }
                }
            }
            @for (k, l, v) in &nodes { (node(l, *v, &at[k])) }
        }
    })
}

/// A locality as drawn: where, at what angle on the circle, how large.
struct Node {
    x: f64,
    y: f64,
    angle: f64,
    size: f64,
}

/// An edge from the rim of one locality's circle to the rim of the other,
/// linking to its visits (the network filtered to it, under `filter`).
fn edge(e: &browse::Edge, o: &Node, d: &Node, f: &NetworkFilter, filter: &[String]) -> Markup {
    let (dx, dy) = (d.x - o.x, d.y - o.y);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let (r0, r1) = (o.size + 1.0, d.size + 3.0);
    let (ax, ay, bx, by) = (Coord(o.x + dx / len * r0), Coord(o.y + dy / len * r0), Coord(d.x - dx / len * r1), Coord(d.y - dy / len * r1));
    let (ok, dk) = (e.origin.key(), e.destination.key());
    let on = f.edge.as_ref().is_some_and(|(a, b)| a == ok && b == dk);
    let mut q = filter.to_vec();
    q.push(format!("origin={}&destination={}", url_enc(ok), url_enc(dk)));
    html! {
        a href={ "/network?" (q.join("&")) } {
            // a wide transparent line under the arrow, so that it is easy to click
            line.hit x1=(ax) y1=(ay) x2=(bx) y2=(by) {}
            line.edge.on[on] x1=(ax) y1=(ay) x2=(bx) y2=(by) stroke-width=(Coord(2.0 + (e.visits as f64).ln() * 1.5)) marker-end=(if on { "url(#arrow-on)" } else { "url(#arrow)" }) {
                title { (e.origin.name) " → " (e.destination.name) ": " (e.visits) " 次考察 visits" }
            }
        }
    }
}

/// A locality: its circle, as large as its visits, and its name outside
/// the ring; linked to its page when it has a code.
fn node(l: &Locality, visits: u64, at: &Node) -> Markup {
    let (tx, ty) = (at.x + (at.size + 6.0) * at.angle.cos(), at.y + (at.size + 6.0) * at.angle.sin() + 4.0);
    let anchor = if at.angle.cos() > 0.2 { "start" } else if at.angle.cos() < -0.2 { "end" } else { "middle" };
    let dot = html! {
        circle.node cx=(Coord(at.x)) cy=(Coord(at.y)) r=(Coord(at.size)) { title { (l.name) ": " (visits) " 次 visits" } }
        text x=(Coord(tx)) y=(Coord(ty)) text-anchor=(anchor) { (l.name) }
    };
    html! {
        @match &l.code {
            Some(c) => a href={ "/place/" (url_enc(c)) } { (dot) },
            None => (dot),
        }
    }
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
