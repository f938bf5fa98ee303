//! People and their posts: names found after the title chain that names
//! them (区委副书记、区长李占宾), after 同志-style mentions, and every later
//! mention of a name already found.

use crate::chars::{starts_with_at, Hit};
use crate::lexicon::{follows_name, is_stop_char, not_in_name, NAMES_WITH_STOPS_INDEX, ORG_SUFFIXES, ORG_SUFFIXES_INDEX, POSTS, POSTS_AFTER_INDEX, POSTS_INDEX, STOP_WORDS, STOP_WORDS_INDEX};
use crate::{Person, Post};
use std::collections::{HashMap, HashSet};

/// A person span the tagger found, or a place or organization span (which a
/// rule-found name must not fall inside).
#[derive(Debug, Clone, Copy)]
pub struct Tagged {
    /// Char offset of the span's first character in the article text.
    pub start: usize,
    /// Char offset after its last character (exclusive).
    pub end: usize,
    /// True for a person span, false for a place or organization span.
    pub person: bool,
}

/// Finds people in an article's text (given as chars), with the tagger's spans.
pub fn find_people(chars: &[char], tagged: &[Tagged]) -> Vec<Person> {
    let spans = Spans::new(chars, tagged);
    let mut found: Vec<(usize, usize)> = Vec::new();
    // names in a list after a title: where the title's name starts
    let mut title_from: HashMap<usize, usize> = HashMap::new();
    after_titles(&spans, &mut found, &mut title_from);
    before_posts(&spans, &mut found);
    before_verbs(&spans, &mut found);
    after_group_labels(&spans, &mut found);
    tagged_names(chars, tagged, &mut found);
    let mut people = people_of(chars, found, &title_from);
    find_mentions(chars, &mut people);
    // a name only ever printed as part of a doctrine, a building or a place
    // (马克思主义, 邓稼先纪念馆) is no person of the article
    for p in people.iter_mut() {
        p.mentions.retain(|m| !DOCTRINE_OR_PLACE.iter().any(|w| starts_with_at(chars, m[1], w)) && !in_building_name(chars, m[1]));
    }
    // a name printed only in the article's credits is the byline's, not a person of it
    let credit = credits(chars);
    for p in people.iter_mut() {
        p.mentions.retain(|m| !credit[m[0]]);
    }
    people.retain(|p| !p.mentions.is_empty());
    posts_after_names(chars, &mut people);
    drop_part_names(&mut people);
    people
}

/// The text and the tagger's spans by position, so that each look-up is O(1).
struct Spans<'a> {
    chars: &'a [char],
    /// The length of the tagger's person span starting at each char (0: none).
    person_len: Vec<usize>,
    /// Whether a place or organization span covers, ends before or starts at each char.
    other_covers: Vec<bool>,
    other_ends: Vec<bool>,
    other_starts: Vec<bool>,
}

impl<'a> Spans<'a> {
    fn new(chars: &'a [char], tagged: &[Tagged]) -> Self {
        let n = chars.len();
        let mut s = Spans { chars, person_len: vec![0; n + 1], other_covers: vec![false; n + 1], other_ends: vec![false; n + 1], other_starts: vec![false; n + 1] };
        for t in tagged.iter().filter(|t| t.end <= n && t.start < t.end) {
            if t.person {
                if s.person_len[t.start] == 0 {
                    s.person_len[t.start] = t.end - t.start;
                }
            } else {
                s.other_covers[t.start..t.end].iter_mut().for_each(|c| *c = true);
                s.other_ends[t.end] = true;
                s.other_starts[t.start] = true;
            }
        }
        s
    }

    /// The length of the tagger's person span at `k`.
    fn person_at(&self, k: usize) -> Option<usize> {
        (k < self.person_len.len() && self.person_len[k] > 0).then(|| self.person_len[k])
    }

    /// Whether a place or organization span covers `k`.
    fn inside_other(&self, k: usize) -> bool {
        k < self.other_covers.len() && self.other_covers[k]
    }

    /// Whether the `len` chars at `s` could be a name: no stop word, no verb of speech in them.
    fn plausible(&self, s: usize, len: usize) -> bool {
        let cand: String = self.chars[s..s + len].iter().collect();
        !STOP_WORDS.iter().any(|w| cand.contains(w)) && !cand.contains("强调") && !cand.contains("指出")
    }

    /// Whether the `len` chars at `s` are a Chinese name's shape: a surname first, all Han, none a char no name holds.
    fn han_name(&self, s: usize, len: usize) -> bool {
        let cand: String = self.chars[s..s + len].iter().collect();
        benbao::segment::surname_len(&cand) > 0 && cand.chars().all(benbao::segment::is_han) && !cand.chars().any(not_in_name)
    }
}

/// 1. Names after a title chain: 区委副书记、区长李占宾; a title printed
/// before a list of names goes to each name (区委副书记夏玮、宋瑞敏).
fn after_titles(sp: &Spans, found: &mut Vec<(usize, usize)>, title_from: &mut HashMap<usize, usize>) {
    let (chars, n) = (sp.chars, sp.chars.len());
    let mut i = 0;
    while i < n {
        let Some(post) = post_at(chars, i) else {
            i += 1;
            continue;
        };
        let after = i + post.len;
        // a plain post (总书记) needs the tagger's word that a name follows;
        // a post of a named body (区委副书记) is evidence enough
        let org_post = sp.other_ends[i] || ORG_SUFFIXES_INDEX.any_ending_at(chars, i) || post.len >= 4 || (i > 0 && chars[i - 1] == '、');
        let len = match sp.person_at(after) {
            Some(l) if (2..=4).contains(&l) && !chars[after..after + l].iter().any(|&c| not_in_name(c)) => {
                // the rules may see a longer name than the tagger (高市 → 高市早苗)
                Some(name_at(chars, after).filter(|&r| r > l).unwrap_or(l))
            }
            _ if !org_post => None,
            // a span the tagger read as a body that is just the name after a title (六安市委
            // 书记方正: 方正 is also a company) is the name
            _ if sp.inside_other(after) => name_at(chars, after).filter(|&l| sp.other_starts[after] && sp.other_ends[after + l] && sp.plausible(after, l)),
            _ => name_at(chars, after).filter(|&l| sp.plausible(after, l)),
        };
        let Some(len) = len else {
            i += 1;
            continue;
        };
        found.push((after, len));
        // the list ends where another title begins
        let mut e = after + len;
        while e + 1 < n && chars[e] == '、' && post_at(chars, e + 1).is_none() && !sp.inside_other(e + 1) {
            let Some(l2) = listed_name_at(chars, e + 1).filter(|&l| sp.plausible(e + 1, l)) else { break };
            let l2 = cut_before_follower(chars, e + 1, l2);
            found.push((e + 1, l2));
            title_from.insert(e + 1, after);
            e += 1 + l2;
        }
        i = e;
    }
}

/// 2. Names before a post printed after the name: 习近平总书记, 焦裕禄同志.
fn before_posts(sp: &Spans, found: &mut Vec<(usize, usize)>) {
    let chars = sp.chars;
    for k in 2..chars.len() {
        let Some(post) = POSTS_AFTER_INDEX.longest_at(chars, k) else { continue };
        // 总书记 is printed after a name only (习近平总书记), when no name follows it
        let certain = post.word == "总书记" && sp.person_at(k + post.len).is_none();
        for len in [3usize, 2] {
            if k < len {
                continue;
            }
            let s = k - len;
            // where the name starts: a stop before it, or the tagger's word for it
            let before_ok = s == 0 || is_stop_char(chars[s - 1]) || chars[s - 1] == '、' || sp.person_at(s) == Some(len) || (certain && len == 3);
            // a name inside a longer span the tagger read as a place or body
            // (以习近平同志为核心的党中央) is still a name; a span that starts with it is not
            let embedded = sp.inside_other(s) && !sp.other_starts[s];
            if sp.han_name(s, len) && before_ok && (!sp.inside_other(s) || embedded) && sp.plausible(s, len) && post_at(chars, s).is_none() {
                found.push((s, len));
                break;
            }
        }
    }
}

/// 4. A list of names before 参加/出席/陪同/发言 (石泰峰、吴政隆、邵鸿等参加):
/// two or more, or one name the tagger agrees with.
fn before_verbs(sp: &Spans, found: &mut Vec<(usize, usize)>) {
    let (chars, n) = (sp.chars, sp.chars.len());
    for verb in ["参加", "出席", "陪同", "等参加", "等出席", "等陪同", "等先后发言", "等发言", "先后发言"] {
        let vc: Vec<char> = verb.chars().collect();
        for k in 0..n.saturating_sub(vc.len()) {
            if chars[k] != vc[0] || chars[k..k + vc.len()] != vc[..] {
                continue;
            }
            let names = listed_before(sp, k);
            if names.len() >= 2 || names.iter().any(|&(st, _)| sp.person_at(st).is_some()) {
                found.extend(names);
            }
        }
    }
}

/// The 、-separated names ending at `end`, walked back from there; empty
/// unless the first of them starts after a stop.
fn listed_before(sp: &Spans, mut end: usize) -> Vec<(usize, usize)> {
    let chars = sp.chars;
    let mut names: Vec<(usize, usize)> = Vec::new();
    loop {
        let name = [3usize, 2].into_iter().filter(|&len| end >= len).map(|len| (end - len, len)).find(|&(st, len)| {
            let boundary = st == 0 || matches!(chars[st - 1], '、' | '，' | '。' | '\n' | '：');
            boundary && sp.han_name(st, len) && sp.plausible(st, len)
        });
        let Some((st, len)) = name else {
            names.clear();
            return names;
        };
        names.push((st, len));
        if st > 0 && chars[st - 1] == '、' {
            end = st - 1;
            continue;
        }
        return names;
    }
}

/// 5. A list of names after a group label (区领导夏玮、宋瑞敏一同调研; 泌阳县领导张树营、
/// 魏华伟等陪同): the label is no post, so the names have none.
fn after_group_labels(sp: &Spans, found: &mut Vec<(usize, usize)>) {
    let (chars, n) = (sp.chars, sp.chars.len());
    for k in group_labels(chars) {
        let mut names: Vec<(usize, usize)> = Vec::new();
        let mut at = k;
        // the tagger's word is asked of the first name only: the 、 list itself says names
        while let Some(l) = listed_name_at(chars, at).filter(|&l| (at > k || !sp.inside_other(at)) && sp.plausible(at, l)) {
            let l = cut_before_follower(chars, at, l);
            names.push((at, l));
            at += l;
            if chars.get(at) != Some(&'、') || post_at(chars, at + 1).is_some() {
                break;
            }
            at += 1;
        }
        // one name is a name only when what follows it ends it (等, 一同, 出席, a comma)
        let ends = |e: usize| e >= n || matches!(chars[e], '，' | '。' | '；' | '、' | '等') || FOLLOWERS.iter().any(|w| starts_with_at(chars, e, w)) || ["一同", "一起", "列席"].iter().any(|w| starts_with_at(chars, e, w));
        if names.len() >= 2 || names.first().is_some_and(|&(s, l)| ends(s + l) || sp.person_at(s) == Some(l)) {
            found.extend(names);
        }
    }
}

/// 3. Names the tagger found, unless the words around say place or thing.
fn tagged_names(chars: &[char], tagged: &[Tagged], found: &mut Vec<(usize, usize)>) {
    let n = chars.len();
    for t in tagged.iter().filter(|t| t.person) {
        let len = t.end - t.start;
        let name: String = chars[t.start..t.end].iter().collect();
        let mut after: String = chars[t.end..n.min(t.end + 4)].iter().collect();
        if let Some(rest) = after.strip_prefix('等') {
            after = rest.to_string();
        }
        let placey = ["方向", "地区", "一带", "附近", "境内", "以东", "以西", "以南", "以北", "前线", "战线", "阵地", "定居点", "州", "市", "港", "省", "县", "镇", "村", "河", "湖", "山", "岛", "号", "市场", "林", "、"]
            .iter()
            .any(|w| after.starts_with(w))
            || after.starts_with(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
        if !placey && !name.chars().any(not_in_name) && ((2..=4).contains(&len) && name.chars().all(benbao::segment::is_han) || (name.contains('·') && len <= 16)) {
            found.push((t.start, len));
        }
    }
}

/// The people of the names found, each once with the title chain before its
/// first titled mention and the posts of later titled mentions: names run
/// into the next word are cut, foreign name parts joined, names one character
/// longer than a name printed alone cut to it, and of a name the tagger ran
/// into the next word (周蓉常) the shorter kept.
fn people_of(chars: &[char], mut found: Vec<(usize, usize)>, title_from: &HashMap<usize, usize>) -> Vec<Person> {
    // a name run into the word after it (何冬带队, 王智率, 张勇副县长): cut there
    for f in found.iter_mut() {
        f.1 = cut_before_follower(chars, f.0, f.1);
    }
    // foreign names: parts joined by · or - (迪亚斯-卡内尔), parts found apart
    join_foreign_parts(chars, &mut found);
    cut_run_ons(chars, &mut found);
    found.sort_unstable();
    found.dedup();
    // found is sorted: the same start with a length one shorter is just before
    let keep: Vec<bool> = (0..found.len())
        .map(|k| {
            let (s, len) = found[k];
            !found[..k].iter().rev().take_while(|f| f.0 == s).any(|&(_, l2)| l2 + 1 == len && follows_name(chars[s + l2]))
        })
        .collect();
    let mut people: Vec<Person> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (&(s, len), _) in found.iter().zip(&keep).filter(|(_, k)| **k) {
        let name: String = chars[s..s + len].iter().collect();
        let (title, posts) = title_chain(chars, *title_from.get(&s).unwrap_or(&s));
        match index.get(&name) {
            Some(&i) => {
                let p = &mut people[i];
                if p.title.is_none() {
                    p.title = title;
                    p.posts = posts;
                } else {
                    // a title printed before a later mention (由县委书记张学勇带队) is a post too
                    let printed = |q: &Post| format!("{}{}", q.organization.as_deref().unwrap_or(""), q.post);
                    for q in posts {
                        if !p.posts.iter().any(|o| printed(o) == printed(&q)) {
                            p.posts.push(q);
                        }
                    }
                }
            }
            None => {
                index.insert(name.clone(), people.len());
                people.push(Person { name, title, posts, mentions: Vec::new() });
            }
        }
    }
    people
}

/// Names run into the next character (习近平乘专机, 胡杨他们): a Chinese
/// name one character longer than a name printed on its own elsewhere in the
/// article is that name. "On its own" is found as a name where the longer one
/// is not, or before a character that follows names (的, 在, punctuation).
fn cut_run_ons(chars: &[char], found: &mut [(usize, usize)]) {
    let han = |&(s, len): &(usize, usize)| len >= 3 && chars[s..s + len].iter().all(|&c| benbao::segment::is_han(c));
    let name = |s: usize, len: usize| -> String { chars[s..s + len].iter().collect() };
    let mut found_at_name: HashMap<String, HashSet<usize>> = HashMap::new();
    for &(s, len) in found.iter() {
        found_at_name.entry(name(s, len)).or_default().insert(s);
    }
    // the shorter name of each candidate, with the last characters of the longer ones
    let mut longer: HashMap<String, HashSet<char>> = HashMap::new();
    for &(s, len) in found.iter().filter(|f| han(f)) {
        longer.entry(name(s, len - 1)).or_default().insert(chars[s + len - 1]);
    }
    if longer.is_empty() {
        return;
    }
    let shorter: Vec<&String> = longer.keys().collect();
    let text: String = chars.iter().collect();
    let ac = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(&shorter)
        .expect("names make an automaton");
    let found_at: HashSet<usize> = found.iter().map(|f| f.0).collect();
    let char_of = char_offsets(&text);
    let mut alone: HashSet<&str> = HashSet::new();
    for m in ac.find_overlapping_iter(&text) {
        let char_at = char_of[m.start()];
        let q = shorter[m.pattern().as_usize()].as_str();
        // where a name may start (not inside 西哈莫尼), and ended before a word, not a joiner (威廉-亚历山大)
        let begins = found_at.contains(&char_at) || char_at == 0 || !benbao::segment::is_han(chars[char_at - 1]);
        let ends = text[m.end()..].chars().next().is_none_or(|c| follows_name(c) && !is_joiner(c) && !longer[q].contains(&c));
        if begins && ends {
            alone.insert(q);
        }
    }
    for (q, last) in &longer {
        let n = q.chars().count();
        if found_at_name.get(q).is_some_and(|s| s.iter().any(|&k| chars.get(k + n).is_none_or(|c| !last.contains(c) && !is_joiner(*c)))) {
            alone.insert(q.as_str());
        }
    }
    for f in found.iter_mut().filter(|f| han(f)) {
        if alone.contains(name(f.0, f.1 - 1).as_str()) {
            f.1 -= 1;
        }
    }
}

/// A post printed after the name (习近平总书记, 张三书记; not 同志, 先生) is one of the person's posts.
fn posts_after_names(chars: &[char], people: &mut [Person]) {
    for p in people.iter_mut() {
        for m in p.mentions.clone() {
            if let Some(w) = POSTS_AFTER_INDEX.longest_at(chars, m[1]).map(|h| h.word).filter(|w| !matches!(*w, "同志" | "先生" | "女士")) {
                let end = m[1] + w.chars().count();
                // 书记处, 主席团: the word goes on
                if chars.get(end).is_some_and(|c| "处团台".contains(*c)) {
                    continue;
                }
                if !p.posts.iter().any(|q| q.post == *w && q.organization.is_none()) {
                    p.posts.push(Post { post: w.to_string(), organization: None, jurisdiction: None, span: [m[1], end] });
                }
            }
        }
    }
}

/// Drops names that are part of another: run into the next word (周蓉常
/// beside 周蓉), untitled beside a titled one they begin or that begins them
/// (丁薛 beside 国务院副总理丁薛祥), never printed but as the start of a
/// longer one (赵明 of 赵明远), or an untitled tail of another (巴兹 of 夏巴兹).
fn drop_part_names(people: &mut Vec<Person>) {
    let names: HashSet<&str> = people.iter().map(|p| p.name.as_str()).collect();
    // names sorted, so that the names a name begins are a range found by binary search
    // (asking every other name for each name was quadratic in the people of a text)
    let mut titled: Vec<&str> = people.iter().filter(|p| p.title.is_some()).map(|p| p.name.as_str()).collect();
    titled.sort_unstable();
    let index_of: HashMap<&str, usize> = people.iter().enumerate().map(|(i, p)| (p.name.as_str(), i)).collect();
    let mut by_name: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    by_name.sort_unstable();
    // every proper tail of every name (巴兹 of 夏巴兹)
    let tails: HashSet<&str> = people.iter().flat_map(|p| p.name.char_indices().skip(1).map(move |(b, _)| &p.name[b..])).collect();
    let drop: Vec<bool> = people
        .iter()
        .map(|p| {
            let pc: Vec<char> = p.name.chars().collect();
            let run_on = pc.len() == 3 && follows_name(pc[2]) && names.contains(&p.name[..p.name.len() - pc[2].len_utf8()]);
            let beside_titled = p.title.is_none() && (longer(&titled, &p.name).next().is_some() || prefixes(&p.name).any(|q| titled.binary_search(&q).is_ok()));
            let never_alone = longer(&by_name, &p.name).any(|q| {
                let q = &people[index_of[q]];
                !q.name[p.name.len()..].starts_with(follows_name) && {
                    let starts: HashSet<usize> = q.mentions.iter().map(|m| m[0]).collect();
                    p.mentions.iter().all(|m| starts.contains(&m[0]))
                }
            });
            run_on || beside_titled || never_alone || (p.title.is_none() && tails.contains(p.name.as_str()))
        })
        .collect();
    let mut k = 0;
    people.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// Words of the credits printed in brackets (（记者杨晓 通讯员宋永亮）).
const CREDIT_WORDS: &[&str] = &["记者", "通讯员", "通迅员", "摄影", "摄像", "编辑", "责编", "实习生", "撰稿", "整理"];

/// Which characters stand in a bracketed credit: one holding a credit word, or
/// one of names alone closing a paragraph (（徐少波 周帅）).
fn credits(chars: &[char]) -> Vec<bool> {
    let n = chars.len();
    let mut out = vec![false; n + 1];
    let mut k = 0;
    while k < n {
        if !matches!(chars[k], '（' | '(') {
            k += 1;
            continue;
        }
        let Some(len) = chars[k + 1..n.min(k + 41)].iter().position(|c| matches!(c, '）' | ')' | '（' | '(' | '\n')) else {
            k += 1;
            continue;
        };
        let b = k + 1 + len;
        if !matches!(chars[b], '）' | ')') {
            k = b;
            continue;
        }
        let inside = &chars[k + 1..b];
        let has_word = (0..inside.len()).any(|i| CREDIT_WORDS.iter().any(|w| starts_with_at(inside, i, w)));
        let closes = b + 1 >= n || chars[b + 1] == '\n';
        let names_only = !inside.is_empty() && inside.len() <= 12 && inside.iter().all(|&c| benbao::segment::is_han(c) || c == ' ' || c == '　');
        if has_word || (closes && names_only) {
            out[k..=b].iter_mut().for_each(|c| *c = true);
        }
        k = b + 1;
    }
    out
}

/// Where the names after each group label start: 区领导, 县政府领导, 泌阳县领导, 市领导
/// (a label, not a post: 领导 read as a noun for the officials of a body), but not
/// 领导下, 领导小组, 领导班子, 领导干部 and the like.
fn group_labels(chars: &[char]) -> Vec<usize> {
    let n = chars.len();
    (1..n.saturating_sub(2))
        .filter(|&k| chars[k] == '领' && chars[k + 1] == '导')
        .map(|k| k + 2)
        .filter(|&at| !["下", "小组", "班子", "干部", "同志", "人", "层", "职务", "机构", "体制", "作用", "力", "核心", "集体", "岗位", "者"].iter().any(|w| starts_with_at(chars, at, w)))
        // a label ends in 领导 after the body it names (区, 县政府, 该县); 的领导 is not one
        .filter(|&at| benbao::segment::is_han(chars[at - 3]) && !"的和与及各位名".contains(chars[at - 3]))
        .collect()
}

/// The names of `sorted` that begin with `name` and are longer.
fn longer<'a>(sorted: &'a [&'a str], name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    sorted[sorted.partition_point(|q| *q <= name)..].iter().copied().take_while(move |q| q.starts_with(name))
}

/// The proper prefixes of a name, of two characters or more.
fn prefixes(name: &str) -> impl Iterator<Item = &str> {
    name.char_indices().skip(2).map(move |(b, _)| &name[..b])
}

/// Words after a name that make it part of something else.
/// (Buildings named after a person, which may print a word between, are [`BUILDINGS`].)
const DOCTRINE_OR_PLACE: &[&str] = &["主义", "思想", "理论", "精神", "铜像", "塑像", "公园", "广场", "大道", "路", "街", "号"];

/// Buildings named after a person, right after the name or with a word or two
/// between (邓稼先纪念馆, 邓稼先生平陈列馆, 焦裕禄同志纪念馆): a name printed up to
/// three characters before one of these is part of it.
const BUILDINGS: &[&str] = &["纪念馆", "陈列馆", "故居", "纪念碑", "纪念园"];

/// Whether the name ending at `end` is the start of a building's name ([`BUILDINGS`]).
fn in_building_name(chars: &[char], end: usize) -> bool {
    (0..=3).any(|gap| (end..end + gap).all(|k| k < chars.len() && benbao::segment::is_han(chars[k])) && BUILDINGS.iter().any(|w| starts_with_at(chars, end + gap, w)))
}

/// Words a name does not run into: a verb or a post right after it.
const FOLLOWERS: &[&str] = &[
    "率", "带队", "带领", "率队", "率领", "主持", "陪同", "陪", "一行", "副", "出席", "参加", "会见", "表示", "指出", "强调", "介绍", "主任", "书记", "同志",
    "县长", "市长", "区长", "省长", "部长", "局长", "调研", "考察", "检查", "走访", "慰问", "看望", "讲话", "致辞",
    "互致", "互通", "举行", "独家", "以视频", "乘专机", "乘坐", "阁下", "正在", "所带领", "得知", "面向", "一起", "一同", "一道", "首先",
    "总是", "不仅", "他们", "她们", "夫妇", "夫妻", "撤销",
];

/// The length of a name found at `s` with `len` chars, cut where a word that
/// follows names begins inside it (何冬带队 → 何冬); at least two chars stay.
fn cut_before_follower(chars: &[char], s: usize, len: usize) -> usize {
    // in a foreign name, from the last part's third character (通伦·西苏里独家 → 通伦·西苏里)
    let from = chars[s..s + len].iter().rposition(|&c| is_joiner(c)).map_or(2, |j| j + 3);
    (from..len).find(|&k| FOLLOWERS.iter().any(|w| starts_with_at(chars, s + k, w))).unwrap_or(len)
}

fn is_joiner(c: char) -> bool {
    matches!(c, '·' | '-' | '－' | '‐' | '•' | '・')
}

/// A foreign name split in parts: extend a name over `·`/`-` and the Han
/// run after it (迪亚斯 → 迪亚斯-卡内尔), and join two names printed with
/// nothing between them (阿卜杜勒 + 马吉德·特本).
fn join_foreign_parts(chars: &[char], found: &mut Vec<(usize, usize)>) {
    let n = chars.len();
    for f in found.iter_mut() {
        let mut e = f.0 + f.1;
        while e + 1 < n && is_joiner(chars[e]) && benbao::segment::is_han(chars[e + 1]) {
            let mut k = e + 1;
            // the part ends before a post or a verb (卡内尔主席, 卡内尔还前往): after
            // two characters of it, a character that follows names ends it
            while k < n
                && k - e <= 8
                && benbao::segment::is_han(chars[k])
                && !FOLLOWERS.iter().any(|w| starts_with_at(chars, k, w))
                && !crate::lexicon::not_in_name(chars[k])
                && !(k > e + 2 && (follows_name(chars[k]) || post_at(chars, k).is_some()))
            {
                k += 1;
            }
            if k == e + 1 {
                break;
            }
            e = k;
        }
        f.1 = e - f.0;
    }
    found.sort_unstable();
    // a part printed right after another part of a name with a joiner in it
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(found.len());
    for &(s, len) in found.iter() {
        if let Some(last) = out.last_mut() {
            let foreign = chars[last.0..last.0 + last.1].iter().chain(&chars[s..s + len]).any(|&c| is_joiner(c));
            if last.0 + last.1 == s && foreign {
                last.1 += len;
                continue;
            }
        }
        out.push((s, len));
    }
    *found = out;
}

/// Every mention of every name, each name's mentions not overlapping each
/// other: one pass over the text for all names (a pass per name was
/// quadratic on long texts with many names).
fn find_mentions(chars: &[char], people: &mut [Person]) {
    for p in people.iter_mut() {
        p.mentions.clear();
    }
    if people.is_empty() {
        return;
    }
    let text: String = chars.iter().collect();
    let char_at = char_offsets(&text);
    // an NFA: built in a fraction of the time of the DFA that `new` would choose for a few
    // names, and fast enough for one pass
    let ac = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(people.iter().map(|p| p.name.as_str()))
        .expect("names make an automaton");
    for m in ac.find_overlapping_iter(&text) {
        let p = &mut people[m.pattern().as_usize()];
        let (s, e) = (char_at[m.start()], char_at[m.end()]);
        if p.mentions.last().is_none_or(|last| last[1] <= s) {
            p.mentions.push([s, e]);
        }
    }
}


/// The char offset of every byte offset of `text` that starts a char (and of its end).
fn char_offsets(text: &str) -> Vec<usize> {
    let mut char_at = vec![0usize; text.len() + 1];
    let mut n = 0;
    for (ci, (b, _)) in text.char_indices().enumerate() {
        char_at[b] = ci;
        n = ci + 1;
    }
    char_at[text.len()] = n;
    char_at
}

/// The longest post starting at `i`.
fn post_at(chars: &[char], i: usize) -> Option<Hit> {
    POSTS_INDEX.longest_at(chars, i)
}

/// A personal name starting at `i`: surname plus one or two characters, ending where a
/// name can end.
pub fn name_at(chars: &[char], i: usize) -> Option<usize> {
    if i >= chars.len() {
        return None;
    }
    let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
    let sl = benbao::segment::surname_len(&rest);
    if sl == 0 {
        return None;
    }
    let han = |k: usize| k < chars.len() && benbao::segment::is_han(chars[k]);
    let end_ok = |k: usize| k >= chars.len() || follows_name(chars[k]);
    // three characters (surname + two), unless the third is a function word
    let l3 = sl + 2;
    if han(i + sl) && han(i + sl + 1) && !not_in_name(chars[i + sl + 1]) && !not_in_name(chars[i + sl]) && end_ok(i + l3) {
        return Some(l3);
    }
    // four (高市早苗称): only where three would not end well
    let l4 = sl + 3;
    if sl == 1 && (i + sl..i + l4).all(|k| han(k) && !not_in_name(chars[k])) && end_ok(i + l4) && !end_ok(i + l3) {
        return Some(l4);
    }
    let l2 = sl + 1;
    if han(i + sl) && !not_in_name(chars[i + sl]) && end_ok(i + l2) {
        return Some(l2);
    }
    None
}

/// A name in a 、 list (县领导孙旭、李向平、罗平华出席): where a surname and one or two
/// more characters stand between the list's marks, that is the name, whatever its
/// characters (向, 和); else [`name_at`].
fn listed_name_at(chars: &[char], i: usize) -> Option<usize> {
    let run = chars[i..chars.len().min(i + 4)].iter().position(|&c| matches!(c, '、' | '，' | '。' | '；' | '等')).unwrap_or(4);
    let cand: String = chars[i..i + run.min(chars.len() - i)].iter().collect();
    let listed = i > 0 && chars[i - 1] == '、' || chars.get(i + run) == Some(&'、');
    if listed && (2..=3).contains(&run) && cand.chars().all(benbao::segment::is_han) && benbao::segment::surname_len(&cand) > 0 && benbao::segment::surname_len(&cand) < run {
        return Some(run);
    }
    name_at(chars, i)
}

/// The title chain before a name at `name_start`: segments joined by 、, each
/// ending with a post. Returns the chain as printed and its posts.
pub fn title_chain(chars: &[char], name_start: usize) -> (Option<String>, Vec<Post>) {
    let mut segments: Vec<(usize, usize)> = Vec::new();
    let mut end = name_start;
    loop {
        // the post this segment ends with
        let Some(post) = POSTS_INDEX.longest_ending_at(chars, end) else { break };
        let post_len = post.len;
        let mut start = end - post_len;
        // the organization before the post, read backwards
        let mut k = start;
        while k > 0 && start - k < 16 {
            let c = chars[k - 1];
            if let Some(w) = NAMES_WITH_STOPS_INDEX.longest_ending_at(chars, k) {
                k -= w.len;
                continue;
            }
            if is_stop_char(c) || STOP_WORDS_INDEX.any_ending_at(chars, k) {
                break;
            }
            // a count (一名, 两位) is not part of the title
            if matches!(c, '名' | '位') && k >= 2 && "一二两三四五六七八九十几多".contains(chars[k - 2]) {
                break;
            }
            k -= 1;
        }
        // keep only an organization part that ends like one, or a plain post
        let org: String = chars[k..start].iter().collect();
        if !org.is_empty() {
            start = k;
        }
        segments.push((start, end));
        if start > 0 && chars[start - 1] == '、' {
            end = start - 1;
            continue;
        }
        break;
    }
    if segments.is_empty() {
        return (None, Vec::new());
    }
    segments.reverse();
    let first = segments[0].0;
    let title: String = chars[first..name_start].iter().collect();
    let posts = segments
        .iter()
        .map(|&(s, e)| {
            let seg: String = chars[s..e].iter().collect();
            Post { span: [s, e], ..split_post(&seg) }
        })
        .collect();
    (Some(title), posts)
}

/// 区委副书记 → (副书记, 区委); 区长 → (区长, None).
pub fn split_post(seg: &str) -> Post {
    let post = POSTS.iter().filter(|p| seg.ends_with(*p)).max_by_key(|p| p.len()).copied().unwrap_or("");
    let org = &seg[..seg.len() - post.len()];
    // a post word whose head is an organization suffix (副主任 in 管委会副主任) keeps the org whole
    let org = if org.is_empty() {
        None
    } else if ORG_SUFFIXES.iter().any(|s| org.ends_with(s)) || org.chars().count() >= 2 {
        Some(org.to_string())
    } else {
        Some(org.to_string())
    };
    Post { post: post.to_string(), organization: org, jurisdiction: None, span: [0, 0] }
}
