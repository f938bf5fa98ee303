//! Events, sentence by sentence: inspection visits (调研, 视察, 检查, 走访,
//! 督导), study delegations (考察组 … 来到), meetings (召开 … 会议),
//! receptions (会见, 会谈), messages (致电, 贺信), speeches (讲话, 致辞),
//! with the date the sentence (or the text before it) gives.

use crate::chars::{find_word as find, Words};
use crate::gazetteer::{Gazetteer, PlaceMention};
use crate::{Event, EventKind, Jurisdiction, Person};
use std::sync::LazyLock;

/// A word list of the rules, indexed on first use; [`Words::first_in`] gives
/// the earliest match in a range, the longest at the same place (主持召开
/// before 主持).
type List = LazyLock<Words>;

macro_rules! list {
    ($($w:expr),* $(,)?) => {
        LazyLock::new(|| Words::new(&[$($w),*]))
    };
}

/// The longest sentence read as one: text without a full stop for longer
/// than this is cut (no news sentence is this long, and the rules that look
/// inside a sentence then stay linear in the text's length).
pub const MAX_SENTENCE: usize = 1000;

/// Sentence spans: up to and including 。！？ or a paragraph end, at most
/// [`MAX_SENTENCE`] characters.
pub fn sentences(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = 0;
    for (i, &c) in chars.iter().enumerate() {
        if matches!(c, '。' | '！' | '？' | '\n') || i + 1 - s >= MAX_SENTENCE {
            if i + 1 > s {
                out.push((s, i + 1));
            }
            s = i + 1;
        }
    }
    if s < chars.len() {
        out.push((s, chars.len()));
    }
    out
}

static DELEGATIONS: List = list!["学习考察团", "党政代表团", "考察组", "考察团", "调研组", "代表团", "参观团"];
static LEARN: List = list!["考察学习", "学习考察", "参观学习", "观摩学习"];
static ARRIVE: List = list!["来到", "来我", "到我", "前往", "抵达", "莅临", "赴", "来"];

/// The division named right at `at` (after 来到, 来我县 — 我县 is a place
/// mention of its own).
/// Several divisions printed as one destination (六安市霍邱县、叶集区) are
/// the division that holds them all.
fn place_at(places: &[PlaceMention], chars: &[char], at: usize) -> Option<Jurisdiction> {
    let g = Gazetteer::get();
    let at2 = at.saturating_sub(1);
    // places are sorted by start
    let first = places.partition_point(|m| m.start < at2);
    let k = first + places[first..].iter().take_while(|m| m.start <= at).position(|m| m.start == at || m.start == at2)?;
    let (mut name, mut division) = (places[k].text.clone(), places[k].division);
    let mut end = places[k].end;
    for m in &places[k + 1..] {
        if m.start != end + 1 || chars[end] != '、' {
            break;
        }
        let Some(common) = g.ancestors(division).find(|&a| g.is_within(m.division, a)) else { break };
        name.push('、');
        name.push_str(&m.text);
        (division, end) = (common, m.end);
    }
    Some(Jurisdiction { name, code: Some(g.division(division).code.clone()) })
}

/// A destination printed as one character of its name (来潍考察, 赴郑学习):
/// the division of the article whose name starts with it, other than `origin`.
fn abbreviated_at(places: &[PlaceMention], chars: &[char], at: usize, origin: Option<&Jurisdiction>) -> Option<Jurisdiction> {
    let g = Gazetteer::get();
    let c = *chars.get(at)?;
    let after: String = chars[at + 1..chars.len().min(at + 3)].iter().collect();
    if !benbao::segment::is_han(c) || !["考察", "学习", "调研", "参观", "期间", "交流", "观摩"].contains(&after.as_str()) {
        return None;
    }
    let d = places.iter().map(|m| g.division(m.division)).find(|d| d.name.starts_with(c) && origin.is_none_or(|o| o.code.as_deref() != Some(d.code.as_str())))?;
    Some(Jurisdiction { name: d.name.clone(), code: Some(d.code.clone()) })
}

/// A visit told as 对X进行(了)考察 (考察团对泌阳县进行了考察调研): where the
/// division X starts, as (position, 0) for [`place_at`].
fn towards(cx: &Context, s: usize, e: usize) -> Option<(usize, usize)> {
    let chars = cx.chars;
    let first = cx.places.partition_point(|m| m.start < s + 1);
    cx.places[first..].iter().take_while(|m| m.end <= e).find(|m| {
        chars[m.start - 1] == '对' && ["进行了考察", "进行考察", "进行了学习", "进行学习", "进行了参观", "进行参观"].iter().any(|w| crate::chars::starts_with_at(chars, m.end, w))
    }).map(|m| (m.start, 0))
}

/// The division printed right before `at` (洛阳高新区考察组).
fn place_ending(places: &[PlaceMention], chars: &[char], at: usize) -> Option<Jurisdiction> {
    // the places before `at`, nearest first; a place further back than the
    // longest run of those words cannot fit
    places[..places.partition_point(|m| m.start < at)]
        .iter()
        .rev()
        .take_while(|m| m.end + 16 >= at)
        .find(|m| m.end <= at && chars[m.end..at].iter().all(|c| "党政代表团考察学习一行".contains(*c)))
        .map(Jurisdiction::of)
}

/// The most local jurisdiction of the leaders' posts (a county before its city).
fn leaders_home(cx: &Context, leaders: &[String]) -> Option<Jurisdiction> {
    let rank = |j: &Jurisdiction| match j.code.as_deref() {
        Some(c) if c == "100000" => 0,
        Some(c) if c.ends_with("0000") => 1,
        Some(c) if c.ends_with("00") => 2,
        Some(_) => 3,
        None => 0,
    };
    cx.people.iter().filter(|p| leaders.contains(&p.name)).flat_map(|p| p.posts.iter().filter_map(|q| q.jurisdiction.clone())).max_by_key(rank)
}

/// A delegation named anywhere in the article with its home (枞阳县党政代表团).
fn delegation_home(cx: &Context) -> Option<Jurisdiction> {
    let mut k = 0;
    while let Some((g, gl)) = DELEGATIONS.first_in(cx.chars, k, cx.chars.len()) {
        if let Some(j) = place_ending(cx.places, cx.chars, g) {
            return Some(j);
        }
        k = g + gl;
    }
    None
}

static INSPECT: List = list!["调研", "视察", "检查", "走访", "督导", "督查", "暗访", "考察", "看望", "慰问"];
const MOVE: &[&str] = &["来到", "前往", "深入", "莅临", "到", "赴", "一行来"];
/// Going to see, said without a verb of inspecting (王殿忠一行深入水库实地查看;
/// 魏曰高一行先后到敬老院和困难群众家中，送上…): printed right after the officials' names.
static GOES: List = list!["先后深入", "先后来到", "先后到", "先后走进", "深入", "来到", "走进", "到"];
static MEETINGS: List = list![
    "常务会议", "全体会议", "专题会议", "工作会议", "座谈会", "研讨会", "推进会", "部署会", "协调会", "培训会", "动员会", "发布会",
    "见面会", "交流会", "调度会", "联席会议", "扩大会议", "理论学习中心组学习", "集体学习", "会议", "大会", "论坛", "峰会",
    "开幕式", "仪式",
];
/// Is the inspecting word ending at `at` a noun (调研组, 考察活动, 慰问金, 视察时)?
fn inspect_noun(chars: &[char], at: usize, e: usize) -> bool {
    let after: String = chars[at..e.min(at + 2)].iter().collect();
    ["组", "团", "活动", "人员", "学习", "时", "期间", "中", "的", "情况", "汇报", "报告", "成果", "结果", "工作", "任务", "金", "品", "信", "电"]
        .iter()
        .any(|w| after.starts_with(w))
}

/// Where a meeting or a reception was held, printed as 在X before its verb
/// (在人民大会堂会见, 在京召开 → 北京).
fn held_at(chars: &[char], s: usize, v: usize) -> Option<String> {
    let k = (s..v).rev().find(|&k| chars[k] == '在')?;
    // 在里约热内卢出席峰会期间会见: where the one attended was held
    let v = ["出席", "参加"].iter().filter_map(|w| find(chars, k + 1, v, w)).min().unwrap_or(v);
    let place: String = chars[k + 1..v].iter().collect();
    let n = place.chars().count();
    if place == "京" {
        return Some("北京".into());
    }
    // 在随后召开, 在当天举行: a time, not a place
    // 在福建调研和…时: where someone went, not where this was held
    let when = ["随后", "随即", "当天", "当日"].iter().any(|w| place.starts_with(w)) || INSPECT.first_in(chars, k + 1, v).is_some();
    // 在会谈中, 在讲话时: a time; 在行政中心: a place
    let plain = !when && place.chars().all(benbao::segment::is_han) && !place.contains(['的', '了', '和', '与', '同', '时']) && !place.ends_with(['上', '中', '下']);
    (plain && (2..=10).contains(&n)).then_some(place)
}

/// What one attends as a meeting (出席…).
static ATTENDED: List = list!["会议", "大会", "开幕式", "闭幕式", "论坛", "峰会", "座谈会", "研讨会", "发布会", "推进会", "仪式", "典礼", "对话会", "交流会", "博览会", "年会", "活动"];
static RECEIVE: List = list!["会见", "会谈", "接见", "通电话", "通话"];
static MESSAGE: List = list!["的贺信", "的贺电", "致电", "致信", "复信", "致贺信", "致贺电", "致慰问电", "致唁电", "发来贺信", "发来贺电", "回信"];
/// Leaders named after a delegation (…考察组在A带领下).
static LED: List = list!["带领下", "率领下", "带队"];
/// Leaders named before a delegation (A率代表团).
static LEADS: List = list!["率", "带领", "率领"];
static CONVENE: List = list!["主持召开", "召开", "举行", "主持"];
static TALK: List = list!["座谈交流", "进行座谈", "座谈"];
static WITH: List = list!["与", "同", "和"];
/// A meeting planned, not held.
static PLANNED: List = list!["要", "将", "拟", "计划"];
/// Habits and past trips in general (多次深入东北考察), not one event.
static HABITUAL: List = list!["多次", "每次", "经常", "曾经", "曾于", "将于", "都会", "历次", "常常", "连续"];
/// What one 出席s that names no meeting of its own: the one told before that day.
static TOLD: List = list!["会议", "活动", "上述活动", "相关活动", "座谈会", "峰会", "论坛", "开幕式", "大会", "仪式"];
static SPEECH: List = list!["发表重要讲话", "发表讲话", "作重要讲话", "发表署名文章", "发表致辞", "并致辞", "致辞"];

/// Words that end one party's part in a list of who did what (…等陪同；…参加考察;
/// A主持会议，B出席会议).
static ROLE_VERBS: List = list!["陪同", "出席", "主持", "参加", "列席", "一同", "一起", "带领", "率"];

/// Where the party whose verb stands at `v` begins: after the last role verb
/// or semicolon before it in the sentence starting at `s`.
fn clause_from(chars: &[char], s: usize, v: usize) -> usize {
    (s + 1..=v).rev().find(|&k| chars[k - 1] == '；' || ROLE_VERBS.any_ending_at(chars, k)).unwrap_or(s)
}

/// What the principals of a meeting are printed doing at it (A；B、C出席; 在座谈会上，X汇报;
/// X为…授旗), not those who only 参加, 列席 or 陪同 it.
static AT_MEETING: List = list!["出席", "主持", "讲话", "致辞", "授旗", "揭牌", "汇报", "发言", "作报告"];

/// Who is printed doing what principals do at a meeting ([`AT_MEETING`]) in
/// `from..e`: each party named before its verb, back to the verb before it (a
/// semicolon there parts the names of one list: 区委书记A；处长B，总经理C出席).
fn at_meeting(cx: &Context, from: usize, e: usize) -> Vec<String> {
    let chars = cx.chars;
    let mut out = Vec::new();
    let mut k = from;
    while let Some((a, l)) = AT_MEETING.first_in(chars, k, e) {
        let party = (k + 1..=a).rev().find(|&x| ROLE_VERBS.any_ending_at(chars, x) || AT_MEETING.any_ending_at(chars, x)).unwrap_or(k);
        // 传达习近平总书记重要讲话精神: a speech given elsewhere, passed on
        let passed_on = ["重要", "的"].iter().any(|w| crate::chars::ends_with_at(chars, a, w)) || find(chars, party, a, "传达").is_some();
        if !passed_on {
            join(&mut out, cx.mentions.people_in(party, a));
        }
        k = a + l;
    }
    out
}

/// Who is printed as 出席ing in `from..e` of the sentence starting at `s`: the
/// principals of a meeting (区领导…出席会议), not those who 参加 or 列席 it.
fn principals(cx: &Context, s: usize, from: usize, e: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut k = from;
    while let Some(a) = find(cx.chars, k, e, "出席") {
        join(&mut out, cx.mentions.people_in(clause_from(cx.chars, s, a), a));
        k = a + 2;
    }
    out
}

/// Appends the names of `more` not yet in `to`.
fn join(to: &mut Vec<String>, more: Vec<String>) {
    for m in more {
        if !to.contains(&m) {
            to.push(m);
        }
    }
}

/// Is `v` inside a title in 《》 opened in `s..v`?
fn in_title(chars: &[char], s: usize, v: usize) -> bool {
    chars[s..v].iter().rev().find(|c| matches!(c, '《' | '》')) == Some(&'《')
}

/// The length of the longest of `words` printed right before `v`.
fn preceded_by(chars: &[char], v: usize, words: &[&str]) -> Option<usize> {
    words.iter().filter(|w| crate::chars::ends_with_at(chars, v, w)).map(|w| w.chars().count()).max()
}

/// Every mention of every person, in text order: who is named where, found
/// by binary search.
pub struct Mentions<'a> {
    people: &'a [Person],
    /// (start, end, index into people), sorted.
    all: Vec<(usize, usize, usize)>,
}

impl<'a> Mentions<'a> {
    /// Indexes every mention of every one of `people` (char offsets into the article text).
    pub fn new(people: &'a [Person]) -> Mentions<'a> {
        let mut all: Vec<(usize, usize, usize)> = people.iter().enumerate().flat_map(|(i, p)| p.mentions.iter().map(move |m| (m[0], m[1], i))).collect();
        all.sort_unstable();
        Mentions { people, all }
    }

    /// The mentions starting inside `from..to`.
    fn starting_in(&self, from: usize, to: usize) -> &[(usize, usize, usize)] {
        let a = self.all.partition_point(|m| m.0 < from);
        let b = self.all.partition_point(|m| m.0 < to);
        &self.all[a..b.max(a)]
    }

    /// People mentioned inside `from..to`, in order of first mention.
    pub fn people_in(&self, from: usize, to: usize) -> Vec<String> {
        let mut seen: Vec<usize> = Vec::new();
        for &(_, e, i) in self.starting_in(from, to) {
            if e <= to && !seen.contains(&i) {
                seen.push(i);
            }
        }
        seen.into_iter().map(|i| self.people[i].name.clone()).collect()
    }

    /// The person of the last mention starting inside `from..to`.
    pub fn last_before(&self, from: usize, to: usize) -> Option<usize> {
        self.starting_in(from, to).last().map(|m| m.2)
    }
}

/// What a verb is done to when printed 对X(等)进行(了)(集中)视察: X.
fn dealt_with(chars: &[char], s: usize, v: usize) -> Option<String> {
    let j = (s..v).rev().find(|&j| crate::chars::starts_with_at(chars, j, "进行"))?;
    let k = (s..j).rev().find(|&k| chars[k] == '对')?;
    let what: String = chars[k + 1..j].iter().collect();
    let what = what.strip_suffix('等').unwrap_or(&what);
    let plain = what.chars().all(|c| benbao::segment::is_han(c) || c == '、') && !what.contains(['，', '的']);
    (plain && (2..=30).contains(&what.chars().count()) && v - (j + 2) <= 4).then(|| what.to_string())
}

/// The organization or place named from `at` on: the first organization span
/// starting there, else the text up to a verb or punctuation (at most 24 chars).
fn target_at(chars: &[char], mut at: usize, orgs: &[(usize, usize)], to: usize) -> Option<String> {
    while at < to && matches!(chars[at], '了' | '在' | '到') {
        at += 1;
    }
    // orgs are sorted by start
    if let Some(&(s, e)) = orgs.get(orgs.partition_point(|o| o.0 < at)).filter(|o| o.0 == at) {
        return Some(chars[s..e].iter().collect());
    }
    let mut e = at;
    // a target may start with a year (视察2024年全县重点工程)
    // and may list several (到东村、西村)
    let listed = |e: usize| chars[e] == '、' && e > at && chars.get(e + 1).is_some_and(|&c| benbao::segment::is_han(c));
    while e < to && e - at < 24 && (benbao::segment::is_han(chars[e]) || chars[e].is_ascii_digit() || listed(e)) {
        let rest: String = chars[e..to.min(e + 2)].iter().collect();
        if ["调研", "实地", "参观", "进行", "开展", "检查", "看望", "视察", "走访", "督导", "考察", "指导", "慰问", "调度", "督查", "一行", "学习", "交流"]
            .contains(&rest.as_str())
            || matches!(chars[e], '时' | '的' | '并' | '期' | '后' | '前')
        {
            break;
        }
        e += 1;
    }
    (e - at >= 2).then(|| chars[at..e].iter().collect())
}

/// What [`find_events`] reads: an article's text and the people, organizations and places found in it.
pub struct Context<'a> {
    /// The article text ([`benbao::Article::text`]) as chars; every offset indexes this.
    pub chars: &'a [char],
    /// The article's people, as [`crate::people::find_people`] gives them (with their posts and mentions).
    pub people: &'a [Person],
    /// The mentions of `people`, for look-ups by position.
    pub mentions: &'a Mentions<'a>,
    /// Place mentions (with 我县-style ones), sorted by start.
    pub places: &'a [PlaceMention],
    /// Organization spans, sorted by start.
    pub orgs: &'a [(usize, usize)],
    /// The date of each sentence (resolved by the caller).
    pub date_of: &'a dyn Fn(usize, usize) -> Option<String>,
}

/// The events an article tells, sentence by sentence and merged (an occurrence told twice is one), in text order, each with the char offset of the word that tells it (its verb or delegation word). Paragraphs reporting what someone said tell none; meetings held by no named official or body are dropped; directives are not yet attached.
pub fn find_events(cx: &Context) -> Vec<(usize, Event)> {
    let mut r = Reading { cx, out: Vec::new(), last_reception: None, last: LastTold::default(), reported: false, actorless: None, held: None, paragraph: 0 };
    for (s, e) in sentences(cx.chars) {
        if s == 0 || cx.chars[s - 1] == '\n' {
            r.paragraph_opens(s, e);
        }
        if r.reported {
            continue;
        }
        r.sentence(s, e);
    }
    let mut out = merge(cx, r.out);
    // a meeting that neither a named official nor a named body holds is none a reader can count
    out.retain(|(_, x)| !(x.kind == EventKind::Meeting && x.actors.is_empty() && x.organizer.is_none()));
    out
}

/// The events of an article as [`find_events`] reads them, sentence by
/// sentence, with what later sentences look back on.
struct Reading<'c, 'a> {
    cx: &'c Context<'a>,
    /// The events found so far, each with the offset of the word that tells it.
    out: Vec<(usize, Event)>,
    /// The last reception, which 参加会见 adds participants to.
    last_reception: Option<usize>,
    last: LastTold,
    /// Whether the current paragraph reports what someone said (no events of its own).
    reported: bool,
    /// A meeting told with no official holding it (海棠区与企业举行工作座谈。), and its
    /// paragraph: the principals printed at it in what follows hold it (A、B出席。).
    actorless: Option<(usize, usize)>,
    /// Where the paragraph's meeting was held (研讨会22日在京举行。), and the paragraph.
    held: Option<(String, usize)>,
    /// Where the current paragraph starts.
    paragraph: usize,
}

/// One sentence being read: its span and date, and where a verb of convening stands in it.
struct Sentence {
    s: usize,
    e: usize,
    date: Option<String>,
    convene_at: Option<(usize, usize)>,
}

impl Sentence {
    /// An event of `kind` on the sentence's date.
    fn event(&self, kind: EventKind) -> Event {
        Event { kind, date: self.date.clone(), ..Default::default() }
    }
}

impl Reading<'_, '_> {
    /// A paragraph starts at `s`: one of what someone said (李强表示，…) tells
    /// no events of its own, and an official who speaks right after a
    /// meeting is told speaks at it (李学良强调，…).
    fn paragraph_opens(&mut self, s: usize, e: usize) {
        let cx = self.cx;
        let speaker = reports_speech(cx, s);
        self.reported = speaker.is_some();
        self.paragraph = s;
        if let (Some(Some(i)), Some((_, m))) = (speaker, self.out.last_mut()) {
            let name = &cx.people[i].name;
            if m.kind == EventKind::Meeting && !cx.people[i].posts.is_empty() && !m.actors.contains(name) && !m.participants.contains(name) && m.date == (cx.date_of)(s, e) {
                m.actors.push(name.clone());
            }
        }
    }

    /// The events of the sentence `s..e`, each kind by its own rules.
    fn sentence(&mut self, s: usize, e: usize) {
        let cx = self.cx;
        let chars = cx.chars;
        if let Some((i, _)) = self.actorless.filter(|&(i, p)| p == self.paragraph && self.out[i].1.actors.is_empty()) {
            self.out[i].1.actors = at_meeting(cx, s, e);
        }
        let sentence_from = self.out.len();
        let st = Sentence { s, e, date: (cx.date_of)(s, e), convene_at: CONVENE.first_in(chars, s, e) };
        // 研讨会22日在京举行。A出席开幕式: where the paragraph's meeting was held
        if let Some((v, _)) = st.convene_at.filter(|&(v, _)| ATTENDED.first_in(chars, s, v).is_some()) {
            if let Some(p) = held_at(chars, s, v) {
                self.held = Some((p, self.paragraph));
            }
        }
        if (DELEGATIONS.first_in(chars, s, e).is_some() || LEARN.first_in(chars, s, e).is_some()) && self.study_visits(&st) {
            return;
        }
        self.convened_meetings(&st);
        if !self.out[sentence_from..].iter().any(|(_, x)| x.kind == EventKind::Meeting) {
            self.attended_meetings(&st);
        }
        let inspect_at = self.inspections(&st);
        // inspections printed as going there: X一行先后深入…企业，了解… (送上慰问金: no verb)
        if inspect_at.filter(|&(v, vl)| !inspect_noun(chars, v + vl, e)).is_none() {
            self.goings(&st);
        }
        self.receptions(&st);
        self.messages_and_speeches(&st);
        if let Some((p, _)) = self.held.as_ref().filter(|h| h.1 == self.paragraph) {
            for (_, x) in self.out[sentence_from..].iter_mut().filter(|(_, x)| x.kind == EventKind::Meeting && x.place.is_none()) {
                x.place = Some(p.clone());
            }
        }
    }

    /// Study delegations: each 考察组 with the leader who brought it (在…带领下),
    /// or leaders who bring one (A、B率党政代表团来我县考察学习). True if the
    /// sentence told one (it then tells nothing else).
    fn study_visits(&mut self, st: &Sentence) -> bool {
        let cx = self.cx;
        let (chars, s, e) = (cx.chars, st.s, st.e);
        // 来到…, or a delegation that 对X进行(了)考察
        let arrive = ARRIVE.first_in(chars, s, e).or_else(|| towards(cx, s, e));
        let dest = arrive.and_then(|(k, l)| place_at(cx.places, chars, k + l));
        // 来我县, 到我区: the destination is printed from 我 on
        let dest_text = arrive.map(|(k, l)| if chars[k + l - 1] == '我' { k + l - 1 } else { k + l }).and_then(|at| target_at(chars, at, cx.orgs, e));
        let visit = |leaders: Vec<String>, origin: Option<Jurisdiction>| {
            // a destination read as the delegation's own home (我县 taken for the one
            // county the article names, which is where the visitors are from) is not read
            let dest = dest.clone().filter(|d| origin.as_ref().is_none_or(|o| o.code != d.code)).or_else(|| arrive.and_then(|(k, l)| abbreviated_at(cx.places, chars, k + l, origin.as_ref())));
            let mut x = st.event(EventKind::StudyVisit);
            x.place = dest.as_ref().map(|d| d.name.clone()).or(dest_text.clone());
            x.destination = dest;
            x.origin = origin;
            x.actors = leaders;
            x
        };
        let mut k = s;
        let mut any = false;
        while let Some((g, gl)) = DELEGATIONS.first_in(chars, k, e) {
            // 由A带队…组成的考察团: the leaders before it; 考察组在A带领下: after it, up to
            // the next delegation (…遂平考察团，及B带队…组成的上蔡考察团)
            let (mut leaders, clause_end) = match LED.first_in(chars, k, g) {
                Some((r, _)) => (cx.mentions.people_in(k, r), g + gl),
                None => {
                    let next = DELEGATIONS.first_in(chars, g + gl, e).map_or(e, |(x, _)| x);
                    let end = LED.first_in(chars, g + gl, next).map(|(x, l)| x + l).unwrap_or(g + gl);
                    (cx.mentions.people_in(g + gl, end), end)
                }
            };
            let mut origin = place_ending(cx.places, chars, g);
            let mut titles = None;
            if leaders.is_empty() {
                // leaders printed before the delegation: A率代表团
                if let Some((r, _)) = LEADS.first_in(chars, k, g) {
                    leaders = cx.mentions.people_in(k, r);
                    // the first leader's title: from the punctuation before the name
                    titles = cx.mentions.starting_in(k, r).first().map(|m| ((k..m.0).rev().find(|&x| matches!(chars[x], '，' | '。' | '；' | '）' | ')' | '：')).map_or(k, |x| x + 1), m.0));
                }
            }
            // a delegation that comes (来潍考察) is a visit even where its destination is not read
            if !leaders.is_empty() && arrive.is_some() {
                if origin.is_none() {
                    // the leader's posts, else the place their title names (武汉驻马店商会会长A带领考察团)
                    let titled = || titles.and_then(|(from, to)| cx.places[cx.places.partition_point(|m| m.start < from)..].iter().find(|m| m.end <= to)).map(Jurisdiction::of);
                    origin = leaders_home(cx, &leaders).or_else(titled).or_else(|| delegation_home(cx));
                }
                self.out.push((g, visit(leaders, origin)));
                any = true;
            }
            k = clause_end.max(g + gl);
        }
        // no delegation word: A等一行来我市学习考察
        if let Some((a, _)) = arrive.filter(|_| !any && DELEGATIONS.first_in(chars, s, e).is_none()) {
            let learn_after = LEARN.first_in(chars, a, e).is_some();
            let leaders = cx.mentions.people_in(clause_from(chars, s, a), a);
            if learn_after && !leaders.is_empty() {
                let origin = leaders_home(cx, &leaders);
                self.out.push((a, visit(leaders, origin)));
                any = true;
            }
        }
        any
    }

    /// Meetings: 召开/举行/主持 … 会议; not 召开的 (a meeting referred to; but
    /// 在随后召开的座谈会上 is this day's) nor a verb inside a document's title
    /// (《关于召开…》).
    fn convened_meetings(&mut self, st: &Sentence) {
        let cx = self.cx;
        let (chars, s, e) = (cx.chars, st.s, st.e);
        let convene = st.convene_at.filter(|&(v, vl)| (chars.get(v + vl) != Some(&'的') || crate::chars::ends_with_at(chars, v, "随后")) && !in_title(chars, s, v));
        let Some((v, vl)) = convene else { return };
        if let Some((m, mut ml)) = MEETINGS.first_in(chars, v + vl, e.min(v + vl + 40)) {
            if chars.get(m + ml) == Some(&'议') {
                ml += 1; // 研讨会议
            }
            let topic: String = chars[v + vl..m + ml].iter().collect();
            let mut x = st.event(EventKind::Meeting);
            x.topic = Some(topic.trim_start_matches('了').to_string());
            x.actors = cx.mentions.people_in(s, v);
            // the last organization ending just before the verb (spans are
            // maximal, so their ends rise with their starts)
            let before = &cx.orgs[..cx.orgs.partition_point(|o| o.0 < v)];
            if let Some(&(os, oe)) = before.iter().rev().take_while(|o| o.1 + 2 >= v).find(|&&(_, oe)| oe <= v && oe + 2 >= v && oe > s) {
                x.organizer = Some(chars[os..oe].iter().collect());
            }
            x.participants = cx.mentions.people_in(m + ml, e);
            join(&mut x.actors, principals(cx, s, m + ml, e));
            x.participants.retain(|p| !x.actors.contains(p));
            x.place = held_at(chars, s, v);
            // 主持会议 with no name of its own: the meeting told before that day
            let bare = matches!(x.topic.as_deref(), Some("会议" | "大会" | "座谈会"));
            if let Some((_, told)) = self.last.of(&self.out, EventKind::Meeting, &st.date).filter(|_| bare).map(|i| &mut self.out[i]) {
                join(&mut told.actors, x.actors);
                join(&mut told.participants, x.participants);
                told.participants.retain(|p| !told.actors.contains(p));
            } else {
                // 在随后召开的座谈会上，X汇报: who speaks at it
                if x.actors.is_empty() {
                    x.actors = at_meeting(cx, m + ml, e);
                }
                if x.actors.is_empty() {
                    self.actorless = Some((self.out.len(), self.paragraph));
                }
                self.out.push((v, x));
            }
        } else if let Some(k) = (s..v).rev().find(|&k| chars[k] == '在').filter(|&k| MEETINGS.any_ending_at(chars, k) && !in_title(chars, s, k)) {
            // 第56次主任会议在市行政中心召开: the meeting named before where it was held;
            // who holds it is printed after (A主持会议)
            let from = (s..k).rev().find(|&j| matches!(chars[j], '，' | '；' | '：')).map_or(s, |j| j + 1);
            let mut x = st.event(EventKind::Meeting);
            x.topic = Some(chars[from..k].iter().collect());
            x.actors = cx.mentions.people_in(from, k);
            x.place = held_at(chars, s, v);
            if x.actors.is_empty() {
                self.actorless = Some((self.out.len(), self.paragraph));
            }
            self.out.push((k, x));
        }
    }

    /// Meetings without 召开: P 出席 …会议/开幕式/论坛, P 与…座谈.
    fn attended_meetings(&mut self, st: &Sentence) {
        let cx = self.cx;
        let (chars, s, e) = (cx.chars, st.s, st.e);
        let attended = find(chars, s, e, "出席").map(|v| (v, 2)).filter(|&(v, vl)| ATTENDED.first_in(chars, v + vl, e.min(v + vl + 40)).is_some());
        // not 座谈会 (a meeting named) nor 在座谈中说 (what was said at one)
        let talk = TALK.first_in(chars, s, e).filter(|&(v, vl)| !chars[v..e].starts_with(&['座', '谈', '会']) && !matches!(chars.get(v + vl), Some('中' | '时' | '上')));
        let Some((v, vl)) = attended.or(talk) else { return };
        // 与…座谈: the people on both sides of 与 hold it
        let until = WITH.first_in(chars, s, v).map_or(v, |(k, _)| k);
        let mut actors = cx.mentions.people_in(s, v);
        // 举行工作座谈。A；B、C出席。
        join(&mut actors, principals(cx, s, v + vl, e));
        let habitual = PLANNED.first_in(chars, s, until).is_some();
        // 出席会议, 出席上述活动: the meeting told before that day
        let bare = attended.is_some() && TOLD.longest_at(chars, v + vl).is_some();
        // 参加座谈: who only takes part holds no meeting (and is no actor of the one told)
        let takes_part = attended.is_none() && preceded_by(chars, v, &["参加", "参与", "列席"]).is_some();
        let told = self.last.of(&self.out, EventKind::Meeting, &st.date).filter(|_| bare || takes_part);
        if let Some(i) = told {
            if takes_part {
                join(&mut self.out[i].1.participants, actors);
            } else {
                join(&mut self.out[i].1.actors, actors);
            }
        } else if !habitual && !takes_part {
            if actors.is_empty() {
                self.actorless = Some((self.out.len(), self.paragraph));
            }
            let mut x = st.event(EventKind::Meeting);
            x.actors = actors;
            // 拜访了X，与…座谈: where they called
            x.place = held_at(chars, s, until).or_else(|| find(chars, s, until, "拜访").and_then(|b| target_at(chars, b + 2, cx.orgs, until)));
            x.topic = Some(chars[v..e.min(v + vl + 20)].iter().collect::<String>().trim_end_matches(['。', '，', '\n']).to_string());
            self.out.push((v, x));
        }
    }

    /// Inspections: P 到 X 调研. Returns where the sentence's inspection verb stands.
    fn inspections(&mut self, st: &Sentence) -> Option<(usize, usize)> {
        let cx = self.cx;
        let (chars, s, e) = (cx.chars, st.s, st.e);
        let (v, vl) = INSPECT.first_in(chars, s, e)?;
        let word: String = chars[v..v + vl].iter().collect();
        let is_noun = inspect_noun(chars, v + vl, e);
        let actors = cx.mentions.people_in(s, v);
        // habits and past trips in general (多次深入东北考察) are not one event
        let habitual = HABITUAL.first_in(chars, s, v).is_some();
        // 陪同调研: who goes along is no inspector, and it is no new inspection;
        // 参加视察, 一同调研: they are inspectors of the one already told
        let accompanies = crate::chars::ends_with_at(chars, v, "陪同");
        let joins = preceded_by(chars, v, &["参加了", "参加", "一同", "一起", "共同", "参加学习"]);
        if let Some(l) = joins.filter(|_| !habitual) {
            let who = cx.mentions.people_in(clause_from(chars, s, v - l), v - l);
            let visit_that_day = self.last.of(&self.out, EventKind::StudyVisit, &st.date).is_some();
            match self.last.of(&self.out, EventKind::Inspection, &st.date).map(|i| &mut self.out[i]) {
                Some((_, told)) => join(&mut told.actors, who),
                // the members of a visiting delegation, or the hosts with it
                None if visit_that_day => {}
                None if !who.is_empty() => {
                    let mut x = st.event(EventKind::Inspection);
                    x.actors = who;
                    x.topic = Some(word.clone());
                    self.out.push((v, x));
                }
                None => {}
            }
        } else if !is_noun && !habitual && !accompanies && !actors.is_empty() && !(word == "考察" && find(chars, s, e, "考察组").is_some()) {
            let mut x = st.event(EventKind::Inspection);
            x.actors = actors;
            // the unit visited: after 到/赴/深入 before the verb, else right after the verb
            let mv = MOVE.iter().filter_map(|w| find(chars, s, v, w).map(|k| (k, w.chars().count()))).max();
            x.place = match mv {
                Some((k, l)) => target_at(chars, k + l, cx.orgs, v),
                None => dealt_with(chars, s, v).or_else(|| target_at(chars, v + vl, cx.orgs, e)),
            };
            x.topic = Some(word);
            self.out.push((v, x));
        }
        Some((v, vl))
    }

    /// Inspections printed as going there with no inspection verb: X一行先后深入…企业，了解…
    fn goings(&mut self, st: &Sentence) {
        let cx = self.cx;
        let (chars, s, e) = (cx.chars, st.s, st.e);
        let Some((v, vl)) = GOES.first_in(chars, s, e) else { return };
        // right after the names, with 一行 before a bare 到
        let group = crate::chars::ends_with_at(chars, v, "一行");
        let at = if group { v - 2 } else { v };
        let from = clause_from(chars, s, at);
        // an official's name: one the article gives a post
        let named = cx.mentions.starting_in(from, at).last().is_some_and(|m| m.1 == at && !cx.people[m.2].posts.is_empty());
        let bare_to = chars[v..v + vl] == ['到'];
        if named && (group || !bare_to) && HABITUAL.first_in(chars, s, v).is_none() {
            let mut x = st.event(EventKind::Inspection);
            x.actors = cx.mentions.people_in(from, at);
            x.place = target_at(chars, v + vl, cx.orgs, e);
            x.topic = Some(chars[v..v + vl].iter().collect());
            self.out.push((v, x));
        }
    }

    /// Receptions (…等参加会见: people who took part in the last one).
    fn receptions(&mut self, st: &Sentence) {
        let cx = self.cx;
        let (chars, s, e) = (cx.chars, st.s, st.e);
        let Some((v, vl)) = RECEIVE.first_in(chars, s, e) else { return };
        let actors = cx.mentions.people_in(s, v);
        let joined = ["参加", "陪同", "出席", "参与"].iter().any(|w| v >= 2 && chars[v - 2..v].iter().collect::<String>() == *w);
        if joined {
            if let Some((_, last)) = self.last_reception.and_then(|i| self.out.get_mut(i)) {
                for a in actors {
                    if !last.participants.contains(&a) && !last.actors.contains(&a) && !last.counterparts.contains(&a) {
                        last.participants.push(a);
                    }
                }
            }
        } else if !actors.is_empty() {
            let mut x = st.event(EventKind::Reception);
            x.actors = actors;
            x.place = held_at(chars, s, v);
            x.counterparts = cx.mentions.people_in(v + vl, e);
            let obj = target_at(chars, v + vl, cx.orgs, e);
            if x.counterparts.is_empty() {
                x.topic = obj;
            }
            self.last_reception = Some(self.out.len());
            self.out.push((v, x));
        }
    }

    /// Messages and speeches: the sender or speaker is the one named last
    /// before the verb (宣读了习近平主席的贺信); 互致贺电: the side named first.
    fn messages_and_speeches(&mut self, st: &Sentence) {
        let cx = self.cx;
        let (chars, s, e) = (cx.chars, st.s, st.e);
        for (kinds, kind) in [(&MESSAGE, EventKind::Message), (&SPEECH, EventKind::Speech)] {
            let Some((v, _)) = kinds.first_in(chars, s, e).filter(|&(v, _)| HABITUAL.first_in(chars, s, v).is_none()) else { continue };
            let from = clause_from(chars, s, v);
            let sender = if v > 0 && chars[v - 1] == '互' { cx.mentions.starting_in(from, v).first().map(|m| m.2) } else { cx.mentions.last_before(from, v) };
            if let Some(i) = sender {
                let mut x = st.event(kind);
                if kind == EventKind::Message {
                    x.counterparts = cx.mentions.people_in(v, e);
                }
                x.actors = vec![cx.people[i].name.clone()];
                x.topic = Some(chars[s..e].iter().collect::<String>().trim_end_matches(['。', '\n']).to_string());
                self.out.push((v, x));
            }
        }
    }
}

/// The last event of each kind and date found so far, looked up in one step (a
/// scan back over the events for each sentence was quadratic on long texts).
#[derive(Default)]
struct LastTold {
    at: std::collections::HashMap<(EventKind, Option<String>), usize>,
    upto: usize,
}

impl LastTold {
    fn of(&mut self, out: &[(usize, Event)], kind: EventKind, date: &Option<String>) -> Option<usize> {
        for (i, (_, x)) in out.iter().enumerate().skip(self.upto) {
            self.at.insert((x.kind, x.date.clone()), i);
        }
        self.upto = out.len();
        self.at.get(&(kind, date.clone())).copied()
    }
}

/// Words that open reported speech after the speaker's name.
static SAYS: List = list!["表示，", "指出，", "强调，", "说，", "认为，", "介绍说，"];

/// Who opens the paragraph at `p` with their words (李强表示，…; 他说，…), if
/// anyone does: `Some(None)` for 他 or 她.
fn reports_speech(cx: &Context, p: usize) -> Option<Option<usize>> {
    let chars = cx.chars;
    let head = chars.len().min(p + 16);
    let (v, _) = SAYS.first_in(chars, p, head)?;
    if chars[p..v].iter().any(|c| matches!(c, '，' | '。' | '：')) {
        return None;
    }
    match cx.mentions.starting_in(p, v).first().filter(|m| m.0 == p) {
        Some(m) => Some(Some(m.2)),
        None => matches!(chars.get(p), Some('他' | '她')).then_some(None),
    }
}

/// One event per occurrence: a 会见 and the 会谈 after it with the same
/// people are one reception; hosts named with a study visit (its
/// destination's officials) are its counterparts, and what its delegation
/// or hosts do next (an inspection of the places shown) is part of it.
fn merge(cx: &Context, found: Vec<(usize, Event)>) -> Vec<(usize, Event)> {
    let mut out: Vec<(usize, Event)> = Vec::with_capacity(found.len());
    // where each reception (by date and hosts) and each study visit stands in out
    let mut receptions: std::collections::HashMap<(Option<String>, Vec<String>), usize> = std::collections::HashMap::new();
    // the delegations and hosts of the study visits, by day
    let mut visiting: std::collections::HashMap<Option<String>, std::collections::HashSet<String>> = std::collections::HashMap::new();
    // (date, actor) of each meeting kept, and of each inspection kept the first standing for it
    let mut meeting_actors: std::collections::HashSet<(Option<String>, String)> = std::collections::HashSet::new();
    let mut inspections: std::collections::HashMap<(Option<String>, String), usize> = std::collections::HashMap::new();
    // who is printed receiving, read from the text once for all its study visits
    let mut hosting: Option<Vec<Hosting>> = None;
    for (p, mut e) in found {
        if e.kind == EventKind::Reception {
            if let Some(&i) = receptions.get(&(e.date.clone(), e.actors.clone())) {
                let r = &mut out[i].1;
                for c in e.counterparts {
                    if !r.counterparts.contains(&c) {
                        r.counterparts.push(c);
                    }
                }
                continue;
            }
        }
        if e.kind == EventKind::Inspection || e.kind == EventKind::Reception || e.kind == EventKind::Meeting {
            // the delegation or its hosts, on the visit's day
            let part_of_visit = visiting.get(&e.date).is_some_and(|who| e.actors.iter().all(|a| who.contains(a)));
            if part_of_visit {
                continue;
            }
        }
        // a speech at a meeting its speaker holds or attends that day is part of it
        if e.kind == EventKind::Speech && e.actors.iter().all(|a| meeting_actors.contains(&(e.date.clone(), a.clone()))) {
            continue;
        }
        // the same inspection told again (梁常运一行莅临经开区调研 … 梁常运一行深入我区企业考察调研)
        if e.kind == EventKind::Inspection {
            let told = e.actors.first().and_then(|a| inspections.get(&(e.date.clone(), a.clone()))).map(|&i| &mut out[i]).filter(|(_, x)| e.actors.iter().all(|a| x.actors.contains(a)));
            if let Some((_, told)) = told {
                if told.place.is_none() {
                    told.place = e.place;
                }
                continue;
            }
        }
        match e.kind {
            EventKind::Reception => {
                receptions.insert((e.date.clone(), e.actors.clone()), out.len());
            }
            EventKind::StudyVisit => {
                e.counterparts = hosts_of(cx, &e).into_iter().filter(|h| !e.actors.contains(h)).collect();
                let more = receiving(cx, &e, hosting.get_or_insert_with(|| hosting_clauses(cx)));
                join(&mut e.counterparts, more);
                visiting.entry(e.date.clone()).or_default().extend(e.actors.iter().chain(&e.counterparts).cloned());
            }
            _ => {}
        }
        let keys = e.actors.iter().map(|a| (e.date.clone(), a.clone()));
        match e.kind {
            EventKind::Meeting => meeting_actors.extend(keys),
            EventKind::Inspection => {
                for k in keys {
                    inspections.entry(k).or_insert(out.len());
                }
            }
            _ => {}
        }
        out.push((p, e));
    }
    out
}

/// What hosts of a visit are printed doing: 陪同, 出席 (座谈会, 活动), 主持, 会见; and 参加
/// (考察活动), which the visitors' own officials do too.
static HOSTING: List = list!["陪同", "出席", "主持", "会见", "接见", "参加"];

/// One person printed doing what hosts do ([`HOSTING`]): who, the place printed
/// nearest before the name in its clause, and whether the verb is 参加.
struct Hosting {
    person: usize,
    near: Option<(String, String)>,
    joins: bool,
}

/// The most receiving parties an article is read for: a news article names a few
/// dozen; a text of thousands is no article, and reading it for each of its visits
/// would be quadratic.
const MAX_HOSTING: usize = 256;

/// Every person printed doing what hosts do, once per person, place and verb.
fn hosting_clauses(cx: &Context) -> Vec<Hosting> {
    let chars = cx.chars;
    let g = Gazetteer::get();
    let mut out: Vec<Hosting> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (s, e) in sentences(chars) {
        let mut k = s;
        while let Some((h, hl)) = HOSTING.first_in(chars, k, e) {
            let from = clause_from(chars, s, h);
            let joins = chars[h..h + hl] == ['参', '加'];
            for &(ms, me, i) in cx.mentions.starting_in(from, h) {
                if me > h {
                    continue;
                }
                let near = cx.places[..cx.places.partition_point(|m| m.start < ms)].iter().rev().take_while(|m| m.start >= from).find(|m| m.end <= ms).map(|m| (m.text.clone(), g.division(m.division).code.clone()));
                if out.len() < MAX_HOSTING && seen.insert((i, near.clone(), joins)) {
                    out.push(Hosting { person: i, near, joins });
                }
            }
            k = h + hl;
        }
    }
    out
}

/// The people printed as receiving a study visit (县委书记余学峰…等陪同; 区领导李守林出席活动),
/// not its leaders, and not officials printed under the delegation's home (枞阳县人大常委会
/// 主任吴峰…参加考察). Who only 参加s is a host when printed under a place other than the
/// delegation's, or under no place where the paper is the host (到我县学习考察).
fn receiving(cx: &Context, v: &Event, hosting: &[Hosting]) -> Vec<String> {
    // the paper's own locality: printed 我县 (and read as the county it is, or not)
    let own = |m: &&PlaceMention| matches!(cx.chars[m.start], '我' | '本');
    let paper_hosts = v.place.as_deref().is_some_and(|p| p.starts_with('我'))
        || v.destination.as_ref().and_then(|d| d.code.as_deref()).is_some_and(|c| cx.places.iter().filter(own).any(|m| Gazetteer::get().division(m.division).code == c));
    let of_origin = |(name, code): &(String, String)| v.origin.as_ref().is_some_and(|o| o.name == *name || o.code.as_deref() == Some(code.as_str()));
    let mut out: Vec<String> = Vec::new();
    for h in hosting {
        let name = &cx.people[h.person].name;
        let host = match &h.near {
            Some(near) => !of_origin(near),
            None => !h.joins || paper_hosts,
        };
        if host && !v.actors.contains(name) && !out.contains(name) {
            out.push(name.clone());
        }
    }
    out
}

/// The officials of a study visit's destination named in the article.
fn hosts_of(cx: &Context, v: &Event) -> Vec<String> {
    let Some(code) = v.destination.as_ref().and_then(|d| d.code.as_deref()) else { return Vec::new() };
    cx.people.iter().filter(|p| p.posts.iter().any(|q| q.jurisdiction.as_ref().and_then(|j| j.code.as_deref()) == Some(code))).map(|p| p.name.clone()).collect()
}
