//! Jurisdictions: the administrative division whose body a post belongs to,
//! read from the article the way a careful reader does (`events-guide.md`
//! in the shared tools is the contract).
//!
//! A title segment (区委副书记, 铜陵市市委常委, 国务院总理) is read in this order:
//! 1. a post of a company, school, association or other non-state body, or
//!    of a foreign state or international body: no jurisdiction;
//! 2. a national body (中共中央…, 国务院…, 全国人大…, 总书记): 全国, 100000;
//! 3. a division printed in the title itself (枞阳县委书记, 青岛高新区工委书记
//!    → 青岛市): that division (one printed after 驻 is where an office
//!    sits, not whose it is);
//! 4. a level word (区委, 县长, 市人大, 省委, 街道, 管委会): the nearest division
//!    of that level named before it in the article (after it when none is
//!    before), else the paper's home locality;
//! 5. a bare post (副主任, 秘书长): the jurisdiction of the segment before it in
//!    the same title chain, else of the post printed just before it in the
//!    same sentence (市人大常委会主任张三，副主任李四), else of the person's
//!    other posts.

use std::collections::HashSet;
use serde::{Deserialize, Serialize};

use crate::gazetteer::{DivisionLevel, Gazetteer, PlaceMention};

/// The division a post belongs to: its name as the article prints it and
/// its six-digit code (全国 is 100000).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jurisdiction {
    /// The division's name as the article prints it (漯河郾城区); the official name for 我县-style mentions and for a code; 全国 for the country.
    pub name: String,
    /// Its six-digit GB/T 2260 code (`411103`; `100000` for 全国). Always set by extraction; None only where a stored row has no code.
    pub code: Option<String>,
}

impl Jurisdiction {
    /// The division a place mention names, by the name as printed.
    pub fn of(m: &PlaceMention) -> Jurisdiction {
        Jurisdiction { name: m.text.clone(), code: Some(Gazetteer::get().division(m.division).code.clone()) }
    }

    /// A paper's home locality from its name (郑州高新区, 郾城区, 410100):
    /// the division it names, or why it is none.
    pub fn home(name: &str) -> Result<Jurisdiction, String> {
        let g = Gazetteer::get();
        let name = name.trim();
        if let Some(d) = g.by_code(name) {
            return Ok(Jurisdiction { name: g.division(d).name.clone(), code: Some(name.to_string()) });
        }
        match g.find_places(name).into_iter().last() {
            Some(m) => Ok(Jurisdiction { name: name.to_string(), code: Some(g.division(m.division).code.clone()) }),
            None => Err(format!("{name:?} names no Chinese administrative division (give a name like 郑州高新区 or 郾城区, or a six-digit code)")),
        }
    }

    /// The whole country.
    pub fn national() -> Jurisdiction {
        Jurisdiction { name: "全国".into(), code: Some("100000".into()) }
    }
}

/// Whether division `outer` contains `inner` (a province its prefectures and
/// counties, a prefecture its counties), by the GB/T 2260 code's digits.
pub fn code_contains(outer: &str, inner: &str) -> bool {
    if outer.len() != 6 || inner.len() != 6 || outer == inner || outer == "100000" || inner == "100000" {
        return false;
    }
    if let Some(p) = outer.strip_suffix("0000") {
        return inner.starts_with(p);
    }
    outer.strip_suffix("00").is_some_and(|p| inner.starts_with(p))
}

/// What a title segment says of its own jurisdiction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// A company, school, association, foreign state or international body.
    NotState,
    /// A national body.
    National,
    /// A division printed in the title.
    Printed(Jurisdiction),
    /// A level word: the division comes from the article.
    Level(Level),
    /// Nothing: the post is read with the ones around it.
    Bare,
}

/// The level a title's own words name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// 省 (省委, 省长, 我省): a province.
    Province,
    /// 市: a prefecture, or a county-level city.
    City,
    /// 县 (also 旗).
    County,
    /// 区: a county-level district.
    District,
    /// A development zone's bodies (党工委, 管委会): the zone's city.
    Zone,
    /// 镇, 乡, 街道: the county-level division they lie in.
    Town,
}

/// Non-state bodies: a post of one of these has no jurisdiction.
const NOT_STATE: &[&str] = &[
    "公司", "集团", "大学", "学院", "学校", "中学", "小学", "协会", "商会", "学会", "银行", "医院", "基金会", "研究院", "研究所", "研究中心", "俱乐部",
    "贸促会", "合作社", "企业", "我会", "本会", "报社", "杂志社", "出版社", "律师事务所", "事务所", "工作室", "联合会", "促进会", "校友会", "同乡会",
    "董事", "总经理", "经理", "总裁", "总监", "会长", "CEO",
];

/// International bodies.
const INTERNATIONAL: &[&str] = &["联合国", "世界", "国际", "欧盟", "欧洲", "非盟", "东盟", "北约", "亚洲", "上合组织", "金砖"];

/// The world's states by the short names Chinese papers print (UN members and
/// observers, by region), some long forms that start differently, and the
/// short forms printed for their parties and states (古共, 越共, 俄).
const FOREIGN: &[&str] = &[
    // Asia
    "阿富汗", "巴林", "孟加拉国", "不丹", "文莱", "柬埔寨", "塞浦路斯", "朝鲜", "印度", "印度尼西亚", "印尼", "伊朗", "伊拉克", "以色列", "日本", "约旦",
    "哈萨克斯坦", "科威特", "吉尔吉斯斯坦", "老挝", "黎巴嫩", "马来西亚", "马尔代夫", "蒙古", "缅甸", "尼泊尔", "阿曼", "巴基斯坦", "巴勒斯坦", "菲律宾",
    "卡塔尔", "韩国", "沙特", "新加坡", "斯里兰卡", "叙利亚", "塔吉克斯坦", "泰国", "东帝汶", "土耳其", "土库曼斯坦", "阿联酋", "阿拉伯联合酋长国",
    "乌兹别克斯坦", "越南", "也门", "格鲁吉亚", "亚美尼亚", "阿塞拜疆",
    // Europe
    "阿尔巴尼亚", "安道尔", "奥地利", "白俄罗斯", "比利时", "波黑", "波斯尼亚和黑塞哥维那", "保加利亚", "克罗地亚", "捷克", "丹麦", "爱沙尼亚", "芬兰",
    "法国", "德国", "希腊", "匈牙利", "冰岛", "爱尔兰", "意大利", "拉脱维亚", "列支敦士登", "立陶宛", "卢森堡", "马耳他", "摩尔多瓦", "摩纳哥", "黑山",
    "荷兰", "北马其顿", "挪威", "波兰", "葡萄牙", "罗马尼亚", "俄罗斯", "俄", "圣马力诺", "塞尔维亚", "斯洛伐克", "斯洛文尼亚", "西班牙", "瑞典", "瑞士",
    "乌克兰", "英国", "梵蒂冈", "教廷",
    // Africa
    "阿尔及利亚", "安哥拉", "贝宁", "博茨瓦纳", "布基纳法索", "布隆迪", "佛得角", "喀麦隆", "中非共和国", "乍得", "科摩罗", "刚果", "吉布提", "埃及",
    "赤道几内亚", "厄立特里亚", "斯威士兰", "埃斯瓦蒂尼", "埃塞俄比亚", "加蓬", "冈比亚", "加纳", "几内亚", "科特迪瓦", "肯尼亚", "莱索托", "利比里亚",
    "利比亚", "马达加斯加", "马拉维", "马里", "毛里塔尼亚", "毛里求斯", "摩洛哥", "莫桑比克", "纳米比亚", "尼日尔", "尼日利亚", "卢旺达",
    "圣多美和普林西比", "塞内加尔", "塞舌尔", "塞拉利昂", "索马里", "南非", "南苏丹", "苏丹", "坦桑尼亚", "多哥", "突尼斯", "乌干达", "赞比亚", "津巴布韦",
    // the Americas
    "安提瓜和巴布达", "阿根廷", "巴哈马", "巴巴多斯", "伯利兹", "玻利维亚", "巴西", "加拿大", "智利", "哥伦比亚", "哥斯达黎加", "古巴", "多米尼克",
    "多米尼加", "厄瓜多尔", "萨尔瓦多", "格林纳达", "危地马拉", "圭亚那", "海地", "洪都拉斯", "牙买加", "墨西哥", "尼加拉瓜", "巴拿马", "巴拉圭", "秘鲁",
    "圣基茨和尼维斯", "圣卢西亚", "圣文森特和格林纳丁斯", "苏里南", "特立尼达和多巴哥", "美国", "乌拉圭", "委内瑞拉",
    // Oceania
    "澳大利亚", "斐济", "基里巴斯", "马绍尔群岛", "密克罗尼西亚", "瑙鲁", "新西兰", "帕劳", "巴布亚新几内亚", "萨摩亚", "所罗门群岛", "汤加", "图瓦卢",
    "瓦努阿图",
    // long forms that start differently
    "德意志", "美利坚", "法兰西", "大不列颠", "大韩民国", "阿拉伯埃及",
    // parties and bodies printed short
    "古共", "越共", "老挝人革党", "朝鲜劳动党", "欧盟委员会",
];

/// Posts no Chinese body has: a title ending in one of these is a foreign state's.
const FOREIGN_POSTS: &[&str] = &["总统", "首相", "国王", "女王", "总督", "王储", "亲王", "埃米尔", "国务卿", "大公"];

/// National bodies, at the start of a title.
const NATIONAL: &[&str] = &[
    "中共中央", "中央", "国务院", "国家", "全国人大", "全国政协", "全国", "中华人民共和国", "中国共产党", "最高人民法院", "最高人民检察院", "中国人民解放军",
    "外交部", "国防部", "商务部", "财政部", "教育部", "科技部", "公安部", "民政部", "司法部", "人力资源社会保障部", "自然资源部", "生态环境部", "住房城乡建设部",
    "交通运输部", "水利部", "农业农村部", "文化和旅游部", "国家卫生健康委", "退役军人事务部", "应急管理部", "审计署", "工业和信息化部", "国家发展改革委",
];

/// Posts that are national by themselves.
const NATIONAL_POSTS: &[&str] = &["总书记", "国家主席", "国家副主席", "国务院总理", "国务委员", "委员长", "副委员长"];

/// Words that say the level of a title without naming the division.
fn level_of(seg: &str) -> Option<Level> {
    let starts = |w: &str| seg.starts_with(w);
    let has = |w: &str| seg.contains(w);
    if ["该县", "本县", "我县"].iter().any(|w| starts(w)) {
        return Some(Level::County);
    }
    if ["该市", "本市", "我市"].iter().any(|w| starts(w)) {
        return Some(Level::City);
    }
    if ["该区", "本区", "我区"].iter().any(|w| starts(w)) && !has("党工委") && !has("管委会") {
        return Some(Level::District);
    }
    if ["街道", "镇", "乡", "办事处", "社区"].iter().any(|w| starts(w)) {
        return Some(Level::Town);
    }
    if ["党工委", "工委", "管委会", "开发区", "高新区", "经开区", "示范区", "产业园", "园区", "区党工委", "区管委会", "新区"].iter().any(|w| starts(w)) {
        return Some(Level::Zone);
    }
    if starts("省") || seg.ends_with("省长") {
        return Some(Level::Province);
    }
    if starts("市") || seg.ends_with("市长") || seg == "市委书记" {
        return Some(Level::City);
    }
    if starts("县") || seg.ends_with("县长") || starts("政府副县长") || starts("常务副县长") {
        return Some(Level::County);
    }
    if starts("区") || seg.ends_with("区长") {
        return Some(Level::District);
    }
    None
}

/// Reads what a title segment says of its jurisdiction. `places` are the
/// article's place mentions lying inside the segment's span.
pub fn scope(seg: &str, places_inside: &[&PlaceMention], seg_start: usize, chars: &[char]) -> Scope {
    if NOT_STATE.iter().any(|w| seg.contains(w)) {
        return Scope::NotState;
    }
    if FOREIGN.iter().any(|w| seg.starts_with(w)) || FOREIGN_POSTS.iter().any(|w| seg.ends_with(w)) || INTERNATIONAL.iter().any(|w| seg.starts_with(w) || seg.contains(&format!("{w}组织"))) {
        return Scope::NotState;
    }
    // a division printed in the title, unless it names where an office sits (驻厦门)
    let own = places_inside.iter().rev().find(|m| !(m.start > seg_start && chars[m.start - 1] == '驻'));
    if let Some(m) = own {
        return Scope::Printed(Jurisdiction::of(m));
    }
    // 国务委员兼外交部长: the first post says whose
    let first = seg.split('兼').next().unwrap_or(seg);
    if NATIONAL.iter().any(|w| seg.starts_with(w)) || NATIONAL_POSTS.contains(&first) {
        return Scope::National;
    }
    match level_of(seg) {
        Some(l) => Scope::Level(l),
        None => Scope::Bare,
    }
}

/// Whether a place mention is a division of the level a title names.
fn fits(m: &PlaceMention, level: Level) -> bool {
    let g = Gazetteer::get();
    let d = g.division(m.division);
    let zone = is_zone(&m.text);
    match level {
        Level::Province => d.level == DivisionLevel::Province,
        Level::City => !zone && (d.level == DivisionLevel::Prefecture || (d.level == DivisionLevel::Province && d.name.ends_with('市')) || d.name.ends_with('市')),
        Level::County => d.level == DivisionLevel::County && (d.name.ends_with('县') || d.name.ends_with('旗')),
        Level::District => !zone && d.level == DivisionLevel::County && d.name.ends_with('区'),
        Level::Zone => zone,
        Level::Town => d.level == DivisionLevel::County,
    }
}

/// A development zone named after its city (郑州高新区): the gazetteer gives
/// the city's division for it.
pub fn is_zone(text: &str) -> bool {
    ["高新区", "开发区", "经开区", "新区", "示范区", "产业园", "园区", "保税区", "自贸区", "试验区", "综合区"].iter().any(|z| text.ends_with(z))
}

/// Where the article sends someone (赴上海市、山东省济南市): a place after a
/// verb of going, or in a 、-list right after one. Such a place is not the
/// home of the officials named before the verb.
fn is_destination(chars: &[char], places: &[PlaceMention], k: usize) -> bool {
    let mut m = &places[k];
    let mut k = k;
    loop {
        let before: String = chars[m.start.saturating_sub(2)..m.start].iter().collect();
        if ["赴", "到", "往", "至", "抵"].iter().any(|v| before.ends_with(v)) {
            return true;
        }
        // the previous place of a list: 上海市、山东省济南市
        if k == 0 {
            return false;
        }
        let prev = &places[k - 1];
        let gap: String = chars[prev.end..m.start].iter().collect();
        if !(gap.is_empty() || gap == "、" || gap == "和" || places_of_one(prev, m)) {
            return false;
        }
        k -= 1;
        m = prev;
    }
}

/// 山东省 + 济南市 printed together: one place.
fn places_of_one(a: &PlaceMention, b: &PlaceMention) -> bool {
    a.end == b.start
}

/// The division of `level` the article names nearest before `at` (else the
/// first after it that is not a destination), else `home`. The home of a
/// visiting delegation ([`visitors`]) named in an earlier sentence is not
/// where the officials who accompany it serve (长治市党政考察团来潍考察。市委书记A陪同).
pub fn from_context(chars: &[char], places: &[PlaceMention], at: usize, level: Level, home: Option<&Jurisdiction>, visitors: &HashSet<usize>) -> Option<Jurisdiction> {
    let before = &places[..places.partition_point(|m| m.start < at)];
    // who 陪同s the visitors is not one of them
    let accompanies = !visitors.is_empty() && {
        let sentence_end = (at..chars.len()).find(|&k| matches!(chars[k], '。' | '！' | '？' | '\n')).unwrap_or(chars.len());
        crate::chars::find_word(chars, at, sentence_end, "陪同").is_some()
    };
    let visitors_of_an_earlier_sentence = |m: &PlaceMention| accompanies && visitors.contains(&m.division) && chars[m.end..at].iter().any(|c| matches!(c, '。' | '！' | '？' | '\n'));
    // the article's own locality (我市): where the hosts of a visit serve
    let own = |level: Level| places.iter().find(|m| fits(m, level) && m.end - m.start == 2 && OWN_WORDS.iter().any(|(w, _)| crate::chars::starts_with_at(chars, m.start, w)));
    // 驻青岛招商工作组: where an office sits, not whose it is
    let stationed = |m: &&PlaceMention| m.start > 0 && chars[m.start - 1] == '驻';
    // 上海松华药业有限公司: a company's home, taken only when no other place fits
    let pick = |level: Level, companies: bool| {
        let ok = |m: &&PlaceMention| fits(m, level) && !stationed(m) && (companies || !in_company_name(chars, m));
        let mut fitting = before.iter().rev().filter(|m| m.end <= at && ok(m)).peekable();
        let skipped = fitting.peek().is_some_and(|m| visitors_of_an_earlier_sentence(m));
        fitting.find(|m| !visitors_of_an_earlier_sentence(m)).or_else(|| if skipped { own(level) } else { None }).or_else(|| {
            let after = before.len();
            places[after..].iter().enumerate().find(|(k, m)| ok(m) && !is_destination(chars, places, after + k)).map(|(_, m)| m)
        })
    };
    // a zone's bodies, with no zone named: the city in context
    let pick = |level: Level, companies: bool| pick(level, companies).or_else(|| if level == Level::Zone { pick(Level::City, companies) } else { None });
    let hit = pick(level, false).or_else(|| pick(level, true));
    match hit {
        Some(m) => Some(Jurisdiction::of(m)),
        None => home.cloned(),
    }
}

/// Whether a place is printed as the start of a company's name (上海松华药业有限公司,
/// 山东民峰智能科技有限公司): the company's home says nothing of an official's.
fn in_company_name(chars: &[char], m: &PlaceMention) -> bool {
    let rest: String = chars[m.end..chars.len().min(m.end + 16)].iter().take_while(|&&c| benbao::segment::is_han(c) || c.is_ascii_alphanumeric()).collect();
    ["公司", "集团", "企业", "有限"].iter().any(|w| rest.contains(w))
}

/// The words by which an article names its own locality (我县, 本区).
const OWN_WORDS: &[(&str, Level)] = &[
    ("我县", Level::County),
    ("本县", Level::County),
    ("我区", Level::District),
    ("本区", Level::District),
    ("我市", Level::City),
    ("本市", Level::City),
    ("我省", Level::Province),
    ("本省", Level::Province),
];

/// The divisions whose delegations visit in the article (枞阳县党政代表团,
/// 林州市客人, 遂平考察团).
pub fn visitors(chars: &[char], places: &[PlaceMention]) -> HashSet<usize> {
    const DELEGATION: [&str; 6] = ["考察组", "代表团", "考察团", "调研组", "客人", "一行"];
    let visiting = |m: &PlaceMention| {
        let after: String = chars[m.end..chars.len().min(m.end + 8)].iter().collect();
        // 新安县县委书记王智率领党政考察团到我县: the title of the one who leads it
        let clause: String = chars[m.end..chars.len().min(m.end + 30)].iter().take_while(|c| !matches!(c, '，' | '。' | '；' | '\n')).collect();
        let leads = clause.find('率').or_else(|| clause.find("带领")).is_some_and(|r| {
            let (title, rest) = clause.split_at(r);
            !["来", "到", "赴", "接待", "陪同", "欢迎"].iter().any(|w| title.contains(w)) && DELEGATION.iter().any(|v| rest.contains(v))
        });
        leads || DELEGATION.iter().any(|v| after.contains(v))
    };
    places.iter().filter(|m| visiting(m)).map(|m| m.division).collect()
}

/// Place mentions for 我县, 本区 and the like, standing for the paper's home
/// locality: `home` when given, else the division of that level the article
/// names most often that is not the home of a visiting delegation
/// (枞阳县党政代表团来我县: 我县 is not 枞阳县; `visitors` from [`visitors`]).
pub fn own_mentions(chars: &[char], places: &[PlaceMention], home: Option<&Jurisdiction>, visitors: &HashSet<usize>) -> Vec<PlaceMention> {
    let g = Gazetteer::get();
    let mut out = Vec::new();
    for &(w, level) in OWN_WORDS {
        let wc: Vec<char> = w.chars().collect();
        let at: Vec<usize> = (0..chars.len().saturating_sub(wc.len() - 1)).filter(|&k| chars[k] == wc[0] && chars[k..k + wc.len()] == wc[..]).collect();
        if at.is_empty() {
            continue;
        }
        let division = match home.and_then(|h| h.code.as_deref()).and_then(|c| g.by_code(c)) {
            Some(d) => Some(d),
            None => {
                let mut counts: Vec<(usize, usize, usize)> = Vec::new(); // (division, count, last)
                for m in places.iter().filter(|m| fits(m, level)) {
                    if visitors.contains(&m.division) {
                        continue;
                    }
                    match counts.iter_mut().find(|c| c.0 == m.division) {
                        Some(c) => {
                            c.1 += 1;
                            c.2 = m.start;
                        }
                        None => counts.push((m.division, 1, m.start)),
                    }
                }
                counts.iter().max_by_key(|c| (c.1, c.2)).map(|c| c.0)
            }
        };
        let Some(d) = division else { continue };
        let name = g.division(d).name.clone();
        for k in at {
            out.push(PlaceMention { start: k, end: k + wc.len(), division: d, text: name.clone() });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::code_contains as contains;

    #[test]
    fn divisions_contain_their_own_only() {
        assert!(contains("410000", "410100") && contains("410000", "411103") && contains("410100", "410102"));
        assert!(!contains("410100", "410200") && !contains("410102", "410103") && !contains("410100", "410000"));
        assert!(!contains("100000", "410100") && !contains("410100", "410100"));
    }
}
