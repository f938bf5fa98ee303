//! Extraction: who did what, where and when, from parsed articles.
//!
//! One module a concern, plain data between them:
//! * [`people`] — names with the title chain before them (区委副书记、区长李占宾)
//!   and their posts; 同志-style mentions; every later mention;
//! * [`orgs`] — organizations by their suffixes (局, 管委会, 集团, 电视台…);
//! * [`gazetteer`] — Chinese administrative divisions and place mentions;
//! * [`events`] — inspections, study visits, meetings, receptions, messages,
//!   speeches, sentence by sentence, with their dates;
//! * [`directives`] — enumerated instructions (一是…二是…) with their speaker.
//!
//! Offsets are character offsets, end exclusive, into the article's
//! paragraphs joined with "\n" ([`benbao::Article::text`]).
#![warn(missing_docs)]

pub mod chars;
pub mod directives;
pub mod events;
pub mod gazetteer;
pub mod jurisdiction;
pub mod lexicon;
pub mod orgs;
pub mod people;
pub mod persons;
pub mod document;

use benbao::{dates, Article, PageDate};
use std::sync::LazyLock;

/// The named-entity tagger (its model ships inside the binary).
static TAGGER: LazyLock<benbao_ner::Tagger> = LazyLock::new(benbao_ner::Tagger::load_default);

thread_local! {
    /// The tagger's working memory and spans, kept from article to article.
    static TAGGING: std::cell::RefCell<(benbao_ner::Buffers, Vec<benbao_ner::Span>)> = std::cell::RefCell::default();
}
use serde::{Deserialize, Serialize};

pub use jurisdiction::Jurisdiction;

/// A post held, as the text gives it (区委副书记 → 副书记 of 区委), with the
/// division whose body it is ([`jurisdiction`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    /// The post word as printed, without its body (副书记 of 区委副书记; 区长); empty when the segment ends in no known post word, the whole segment then being `organization`.
    pub post: String,
    /// The body printed before the post word (区委, 管委会), or None when the title is the bare post (区长).
    pub organization: Option<String>,
    /// The division whose body the post belongs to (全国 for national posts); None for posts of companies, schools, foreign states, and where the article does not tell.
    pub jurisdiction: Option<Jurisdiction>,
    /// Where the title segment stands in the text (char offsets).
    #[serde(skip)]
    pub span: [usize; 2],
}

/// Whether a title as printed (organization and post) is marked as held
/// before (时任福州市委书记): it opens with 时任, 曾任, 历任 or 原任.
pub fn past_title(title: &str) -> bool {
    ["时任", "曾任", "历任", "原任"].iter().any(|m| title.starts_with(m))
}

/// A person named in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The person's name as printed (汉字, or a foreign name with ·), once per article.
    pub name: String,
    /// The title chain printed right before the name, or None.
    pub title: Option<String>,
    /// Each part of the title chain (split at 、), plus a post printed right after the name (习近平总书记); empty when no title is printed.
    pub posts: Vec<Post>,
    /// Every mention of the name: [start, end) char offsets into the article text.
    pub mentions: Vec<[usize; 2]>,
}

/// An organization named in an article, found by its suffix (局, 管委会, 集团…); one per distinct name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    /// The organization's name as printed (the whole span, e.g. 郾城区商务局).
    pub name: String,
    /// Every mention of the name: [start, end) char offsets into the article text.
    pub mentions: Vec<[usize; 2]>,
}

/// A Chinese administrative division named in an article (from the [`gazetteer`]); one per distinct printed name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// The place as printed (漯河郾城区, 郑州高新区); mentions printed alike are one Place.
    pub name: String,
    /// The administrative division's code (GB/T 2260 adcode), when resolved.
    pub code: Option<String>,
    /// province, prefecture or county.
    pub level: Option<gazetteer::DivisionLevel>,
    /// Every mention of the name: [start, end) char offsets into the article text.
    pub mentions: Vec<[usize; 2]>,
}

/// One item of an enumerated instruction (一是…二是…), with who gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directive {
    /// The item's text, without its marker (一是, （一）) and its closing punctuation; never empty.
    pub text: String,
    /// The name of the person mentioned last before the list (in its paragraph or the one before); None when nobody is.
    pub speaker: Option<String>,
}

/// The names of the [`EventKind`]s, in their order: the `type` of JSON, of
/// the archive and of exports (the Stata value label `event_type` numbers
/// them from 1 in this order).
pub const EVENT_TYPES: [&str; 7] = ["inspection", "study_visit", "meeting", "reception", "message", "speech", "instruction"];

/// What kind of event an [`Event`] is (the guide's types).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// 调研, 视察, 检查, 督导, 走访, 慰问: officials go to look at a place's work.
    #[default]
    Inspection,
    /// 考察学习: a delegation goes to learn from another locality.
    StudyVisit,
    /// A meeting held (会议, 座谈会, 常委会).
    Meeting,
    /// 会见, 会谈: receiving a guest.
    Reception,
    /// 致电, 致信, 贺信: a message sent.
    Message,
    /// A speech (讲话, 致辞).
    Speech,
    /// An instruction given (批示, 指示).
    Instruction,
}

impl EventKind {
    /// Every kind, in the order of [`EVENT_TYPES`].
    pub const ALL: [EventKind; 7] = [EventKind::Inspection, EventKind::StudyVisit, EventKind::Meeting, EventKind::Reception, EventKind::Message, EventKind::Speech, EventKind::Instruction];

    /// Its name (`study_visit`).
    pub fn as_str(self) -> &'static str {
        EVENT_TYPES[self as usize]
    }

    /// The kind of a name; None if it is none.
    pub fn parse(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for EventKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// One event told in an article (an occurrence told twice is one event): who did what, where and when, following the events guide.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Event {
    /// What kind of event it is; written as `type` in JSON.
    #[serde(rename = "type")]
    pub kind: EventKind,
    /// The event's date as an ISO date (`2022-02-14`): its sentence's own date, else the last date printed before it, else the article's (or the page's) day; None when none is known.
    pub date: Option<String>,
    /// The names of the people who act (inspect, hold or chair the meeting, receive, send, speak; a delegation's leaders), as in [`Person::name`].
    pub actors: Vec<String>,
    /// Meetings: the organization printed right before the verb that convenes it (区委 in 区委召开…), as printed; None otherwise.
    pub organizer: Option<String>,
    /// Where it happened, as printed (the unit or locality visited, the host of a study visit, 北京 of 在京); None when not read.
    pub place: Option<String>,
    /// What the text calls it: a meeting's name (全区经济工作会议), an inspection's verb (调研), a message's or speech's whole sentence, a reception's guest when no person is named; None when not read.
    pub topic: Option<String>,
    /// The other side: the guest of a 会见, the recipient of a 致电, the hosts
    /// of a study visit.
    pub counterparts: Vec<String>,
    /// Study visits: where the delegation comes from, and where it went.
    pub origin: Option<Jurisdiction>,
    /// Study visits: the host division the delegation went to (its name as printed, with its code); None when not read or not a division.
    pub destination: Option<Jurisdiction>,
    /// People named as taking part who are not actors (参加会见, 参加座谈, those named after a meeting's name).
    pub participants: Vec<String>,
    /// The enumerated instructions (一是…二是…) attached to it: a list goes to the last event before it of its speaker, else to the last event before it, else to the first.
    pub directives: Vec<Directive>,
}

/// Everything extracted from one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entities {
    /// Every person named, once each.
    pub people: Vec<Person>,
    /// Every organization named, once per name, in order of first mention.
    pub organizations: Vec<Organization>,
    /// Every administrative division named, once per printed name, in order of first mention.
    pub places: Vec<Place>,
    /// The events told, in text order; when the article tells none, its directive lists make an `instruction` event (of their speaker) at the end.
    pub events: Vec<Event>,
}

/// Extracts the entities and events of one article. `page` is the page's
/// publication date as far as known (for the dates in the text).
pub fn extract(article: &Article, page: &PageDate) -> Entities {
    extract_at(article, page, None)
}

/// [`extract`] for a paper whose home locality is known (我区, a bare 区委
/// with no division named in the article).
pub fn extract_at(article: &Article, page: &PageDate, home: Option<&Jurisdiction>) -> Entities {
    let text = article.text();
    let chars: Vec<char> = text.chars().collect();
    let tagged: Vec<people::Tagged> = TAGGING.with_borrow_mut(|(buf, spans)| {
        TAGGER.tag_into(&text, buf, spans);
        spans.iter().map(|sp| people::Tagged { start: sp.start, end: sp.end, person: sp.kind == benbao_ner::EntityKind::Person }).collect()
    });
    let mut people = people::find_people(&chars, &tagged);
    let place_mentions = gazetteer::Gazetteer::get().find_places(&text);
    // 临泽县长一行: a county's short name before a post is no person, when the
    // article prints the county (临泽县)
    people.retain(|p| !place_mentions.iter().any(|m| m.text.strip_prefix(p.name.as_str()).is_some_and(|rest| matches!(rest, "县" | "市" | "区" | "旗"))));
    // 我县, 本区: the paper's own locality, as a place mention of its own
    let mut with_own = place_mentions.clone();
    let visitors = jurisdiction::visitors(&chars, &place_mentions);
    with_own.extend(jurisdiction::own_mentions(&chars, &place_mentions, home, &visitors));
    with_own.sort_by_key(|m| m.start);
    resolve_jurisdictions(&chars, &mut people, &with_own, home, &visitors);
    let org_spans = orgs::find_orgs(&chars);
    let mut organizations: Vec<Organization> = Vec::new();
    let mut org_index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for &(s, e) in &org_spans {
        let name: String = chars[s..e].iter().collect();
        match org_index.get(&name) {
            Some(&i) => organizations[i].mentions.push([s, e]),
            None => {
                org_index.insert(name.clone(), organizations.len());
                organizations.push(Organization { name, mentions: vec![[s, e]] });
            }
        }
    }
    let places = gather_places(&place_mentions);
    let dated = DatedSentences::new(&chars, page, article.date.as_deref());
    let date_of = |s: usize, _e: usize| dated.date_at(s);
    let mentions = events::Mentions::new(&people);
    let cx = events::Context { chars: &chars, people: &people, mentions: &mentions, orgs: &org_spans, places: &with_own, date_of: &date_of };
    let mut found = events::find_events(&cx);
    // directives go to the event of their speaker before them, else the last event before them
    let para_starts: Vec<usize> = std::iter::once(0).chain(chars.iter().enumerate().filter(|(_, &c)| c == '\n').map(|(k, _)| k + 1)).collect();
    let speaker_before = |pos: usize| -> Option<String> {
        // the last person mentioned before pos in the same paragraph or the one before
        let p = para_starts.partition_point(|&s| s <= pos) - 1;
        let from = para_starts[p.saturating_sub(1)];
        mentions.last_before(from, pos).map(|i| people[i].name.clone())
    };
    let dirs = directives::find_directives(&chars, &speaker_before);
    // found is in sentence order, the kinds of one sentence kind by kind: an
    // event whose running maximum position passes pos + MAX_SENTENCE is in a
    // sentence after pos, and so is every event after it
    let mut reach = Vec::with_capacity(found.len());
    let mut by_actor: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
    for (i, (p, e)) in found.iter().enumerate() {
        reach.push(reach.last().map_or(*p, |&r: &usize| r.max(*p)));
        for a in &e.actors {
            by_actor.entry(a.clone()).or_default().push(i);
        }
    }
    let n_found = found.len();
    for (pos, d) in dirs {
        let limit = reach.partition_point(|&r| r <= pos + events::MAX_SENTENCE).min(n_found);
        let before = |i: &usize| *i < limit && found[*i].0 <= pos;
        let of_speaker = d.speaker.as_ref().and_then(|s| by_actor.get(s)).and_then(|v| v[..v.partition_point(|&i| i < limit)].iter().rev().copied().find(before));
        let target = of_speaker.or_else(|| (0..limit).rev().find(before)).or(if found.is_empty() { None } else { Some(0) });
        match target {
            Some(i) => found[i].1.directives.push(d),
            None => {
                let mut e = Event { kind: EventKind::Instruction, date: article.date.clone(), ..Default::default() };
                if let Some(s) = &d.speaker {
                    e.actors.push(s.clone());
                }
                e.directives.push(d);
                found.push((pos, e));
            }
        }
    }
    Entities { people, organizations, places, events: found.into_iter().map(|(_, e)| e).collect() }
}

/// The date of each sentence: its own first date, else the last one before
/// it, else the article's. Computed once for the article, so that asking
/// costs a binary search (asking anew for each sentence was quadratic).
struct DatedSentences {
    starts: Vec<usize>,
    dates: Vec<Option<String>>,
}

impl DatedSentences {
    fn new(chars: &[char], page: &PageDate, article_date: Option<&str>) -> DatedSentences {
        let text: String = chars.iter().collect();
        let mut years = Vec::new();
        dates::years_mentioned(&text, &mut years);
        // undated news is the article's day, else the page's when the page's day is known
        let mut last: Option<String> = article_date.map(str::to_string).or_else(|| page.day_iso());
        let mut starts = Vec::new();
        let mut out = Vec::new();
        for (s, e) in events::sentences(chars) {
            let own: String = chars[s..e].iter().collect();
            if let Some(d) = dates::first_date(&own).and_then(|d| dates::resolve(d, page, &years)).or_else(|| dates::relative_date(&own, page)) {
                last = Some(d);
            }
            starts.push(s);
            out.push(last.clone());
        }
        DatedSentences { starts, dates: out }
    }

    /// The date of the sentence holding character `pos`.
    fn date_at(&self, pos: usize) -> Option<String> {
        let i = self.starts.partition_point(|&s| s <= pos);
        self.dates.get(i.checked_sub(1)?).cloned().flatten()
    }
}

fn gather_places(mentions: &[gazetteer::PlaceMention]) -> Vec<Place> {
    let g = gazetteer::Gazetteer::get();
    let mut out: Vec<Place> = Vec::new();
    for m in mentions {
        let d = g.division(m.division);
        match out.iter_mut().find(|p| p.name == m.text) {
            Some(p) => p.mentions.push([m.start, m.end]),
            None => out.push(Place {
                name: m.text.clone(),
                code: Some(d.code.clone()),
                level: Some(d.level),
                mentions: vec![[m.start, m.end]],
            }),
        }
    }
    out
}

/// Gives every post its jurisdiction ([`jurisdiction`]), posts in text order
/// so that a bare post can take the one printed before it.
fn resolve_jurisdictions(chars: &[char], people: &mut [Person], places: &[gazetteer::PlaceMention], home: Option<&Jurisdiction>, visitors: &std::collections::HashSet<usize>) {
    use jurisdiction::Scope;
    let mut order: Vec<(usize, usize)> = people.iter().enumerate().flat_map(|(i, p)| (0..p.posts.len()).map(move |k| (i, k))).collect();
    order.sort_by_key(|&(i, k)| people[i].posts[k].span[0]);
    let mut prev: Option<(usize, [usize; 2], Option<Jurisdiction>)> = None;
    // the last level word read from context: its level, where it ends and what it was read as
    let mut level_read: Option<(jurisdiction::Level, usize, Jurisdiction)> = None;
    let mut pending: Vec<(usize, usize)> = Vec::new();
    for (i, k) in order {
        let post = &people[i].posts[k];
        let [s, e] = post.span;
        let seg: String = format!("{}{}", post.organization.as_deref().unwrap_or(""), post.post);
        // places are sorted by start: those inside the title's span are a run
        let first = places.partition_point(|m| m.start < s);
        let inside: Vec<&gazetteer::PlaceMention> = places[first..].iter().take_while(|m| m.start < e).filter(|m| m.end <= e).collect();
        let same_sentence = |pe: usize| !chars[pe.min(s)..s].iter().any(|c| matches!(c, '。' | '！' | '？' | '\n' | '；'));
        // 习近平主席: 主席 printed after a Chinese name is the state's (a body's 主席 is
        // printed before the name: 县政协主席张三)
        let head_of_state = seg == "主席" && people[i].mentions.iter().any(|m| m[1] == s) && benbao::segment::surname_len(&people[i].name) > 0;
        let scope = if head_of_state { Scope::National } else { jurisdiction::scope(&seg, &inside, s, chars) };
        let j = match scope {
            Scope::NotState => None,
            Scope::National => Some(Jurisdiction::national()),
            Scope::Printed(j) => Some(j),
            Scope::Level(l) => {
                let j = jurisdiction::from_context(chars, places, s, l, home, &visitors);
                // in a list of one body's officials (市委书记A，…寿光市委书记B，市委秘书长C) the level
                // word keeps what it meant earlier in the sentence over a division inside that one
                let earlier = level_read.as_ref().filter(|(l0, pe, _)| *l0 == l && same_sentence(*pe)).map(|(_, _, j0)| j0);
                let j = match (earlier, j) {
                    (Some(j0), Some(j)) if j0.code.as_deref().zip(j.code.as_deref()).is_some_and(|(o, i)| jurisdiction::code_contains(o, i)) => Some(j0.clone()),
                    (_, j) => j,
                };
                if let Some(j) = &j {
                    level_read = Some((l, e, j.clone()));
                }
                j
            }
            Scope::Bare => {
                // the segment before it in the chain, or the post before it in the sentence
                match &prev {
                    Some((_, span, j)) if same_sentence(span[1]) => j.clone(),
                    _ => {
                        pending.push((i, k));
                        None
                    }
                }
            }
        };
        people[i].posts[k].jurisdiction = j.clone();
        prev = Some((i, [s, e], j));
    }
    // bare posts with nothing before them: the person's other posts
    for (i, k) in pending {
        let other = people[i].posts.iter().enumerate().find(|(x, p)| *x != k && p.jurisdiction.is_some()).and_then(|(_, p)| p.jurisdiction.clone());
        people[i].posts[k].jurisdiction = other;
    }
}
