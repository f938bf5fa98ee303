//! Segmentation: from the lines of a page to its articles.
//!
//! Each line is first classified on its own ([`classify`]): blank, page
//! furniture (header, footer, jump line, page number), kicker (`■新年开新局`),
//! dateline (`本报讯`, `本报北京11月25日讯`, `新华社北京11月25日电（记者 X）`),
//! byline (`记者 孙庆辉 通讯员 宋贞`) or text. Articles then start at datelines
//! (together with the kicker and headline lines printed right above them), after
//! a byline, and at continuation lines (上接第N版); each article is split into
//! its prelude (kicker, headline), dateline, body and closing byline, and the
//! body is handed to [`crate::reflow`].

use std::sync::LazyLock;

use regex::Regex;

use crate::page::{Article, Byline, Furniture};
use crate::reflow::{self, ends_sentence, BodyLine, Line};

/// What one line of a page is, judged by itself.
#[derive(Debug, Clone)]
pub enum Kind {
    Blank,
    /// Page furniture: `header`, `footer`, `jump` (下转第N版).
    Furniture(&'static str),
    /// 上接第N版: the article continues from another page.
    JumpIn,
    Kicker,
    Dateline(Dateline),
    Byline(Byline),
    Text,
    /// A line already read as part of the line before (a dateline's bracketed byline that wrapped).
    Consumed,
}

/// A dateline found at the start of a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Dateline {
    /// As printed, without whitespace and without a bracketed byline.
    pub text: String,
    /// Month and day the dateline carries.
    pub month_day: Option<(u32, u32)>,
    /// A byline printed in brackets right after the dateline.
    pub byline: Option<Byline>,
    /// What follows on the line (spaced form).
    pub rest: String,
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:据 ?)?(?P<src>本报|本刊|新华社|中新社|人民网|新华网|央视网|中新网|人民日报)(?P<place>\p{Han}{0,6}?) ?(?:(?P<m>\d{1,2}) ?月 ?(?P<d>\d{1,2}) ?日 ?)?(?P<k>讯|电)(?: ?[（(](?P<paren>[^）)]{1,60})[）)])?",
    )
    .unwrap()
});
static DATELINE_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:据 ?)?(?:本报|本刊|新华社|中新社|人民网|新华网|央视网|中新网|人民日报)").unwrap());
static PAREN_DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,2}) ?月 ?(\d{1,2}) ?日$").unwrap());
static JUMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]?(?:(?P<out>下转|转|转至|接下)|(?P<in>上接|接上|紧接|接))第?[0-9０-９一二三四五六七八九十A-Z]{1,3}版(?:[A-Z]|[0-9]{1,2})?[）)]?$").unwrap()
});
static TRAILING_JUMP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(](?:下转|转|转至)第?[0-9０-９一二三四五六七八九十A-Z]{1,3}版[）)]$").unwrap());
static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:责任编辑|责编|编辑|校对|责任校对|美编|美术编辑|版式|版式设计|组版|审读|值班编辑|本版编辑|制版|排版|照排|图片编辑|视觉设计|统筹|主编)(?:[：:]| ?\p{Han}{2,4}(?: |$))").unwrap()
});
static HEADER_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"第 ?[0-9０-９一二三四五六七八九十]{1,3} ?版|星期 ?[一二三四五六日天]|周[一二三四五六日](?:\s|$)|\d{4} ?年 ?\d{1,2} ?月 ?\d{1,2} ?日|\d{4}[./-]\d{1,2}[./-]\d{1,2}|(?:^|\s)[A-Z] ?\d{1,2}(?:\s|$|版)|国内统一连续出版物号|CN\d{2}-\d{4}").unwrap()
});
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-—–·•<>〈〉 ]*(?:第?[0-9０-９]{1,3}版?|[A-Z][0-9]{1,2}|[0-9]{1,3}/[0-9]{1,3})[-—–·•<>〈〉 ]*$").unwrap()
});

/// Kicker markers: a kicker line starts with one of these (or is a 【…】 label).
fn is_kicker_marker(c: char) -> bool {
    matches!(c, '■' | '◆' | '●' | '▲' | '★' | '□' | '◇' | '◎' | '▶' | '►' | '▼' | '◥' | '◤' | '※' | '☆' | '◉' | '▌' | '▍')
}

pub fn is_kicker(l: &Line) -> bool {
    let t = &l.text;
    let n = t.chars().count();
    if n < 2 || n > 32 || ends_sentence(t) {
        return false;
    }
    let first = t.chars().next().unwrap();
    if is_kicker_marker(first) {
        // □本报记者 王伟: a marked byline, not a kicker
        let rest: String = l.spaced.chars().skip(1).collect();
        return !(may_be_byline(rest.trim()) && parse_byline(rest.trim(), None).is_some());
    }
    first == '【' && t.ends_with('】') && t.matches('【').count() == 1
}

/// Roles that can stand in a byline, longest first.
const ROLES: &[(&str, Role)] = &[
    ("本报融媒体记者", Role::Reporter),
    ("本报全媒体记者", Role::Reporter),
    ("融媒体记者", Role::Reporter),
    ("全媒体记者", Role::Reporter),
    ("本报首席记者", Role::Reporter),
    ("本报见习记者", Role::Reporter),
    ("本报特约记者", Role::Reporter),
    ("本报摄影记者", Role::Photographer),
    ("本报通讯员", Role::Correspondent),
    ("特约通讯员", Role::Correspondent),
    ("新华社记者", Role::Reporter),
    ("首席记者", Role::Reporter),
    ("见习记者", Role::Reporter),
    ("特约记者", Role::Reporter),
    ("摄影记者", Role::Photographer),
    ("本报记者", Role::Reporter),
    ("通讯员", Role::Correspondent),
    ("实习生", Role::Correspondent),
    ("见习生", Role::Correspondent),
    ("记者", Role::Reporter),
    ("摄影", Role::Photographer),
    ("文/图", Role::Photo),
    ("图/文", Role::Photo),
    ("文／图", Role::Photo),
    ("图／文", Role::Photo),
    ("文图", Role::Photo),
    ("摄", Role::Photo),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Reporter,
    Correspondent,
    Photographer,
    Photo,
}

/// Common Chinese surnames (single characters), enough to tell a name from a word.
const SURNAMES: &str = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴郁胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公闫王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由";
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "西门", "呼延", "轩辕", "钟离", "澹台", "申屠", "太史",
];

/// Length in characters of the surname a string starts with (2 for 欧阳, 1 for 王), or 0.
pub fn surname_len(s: &str) -> usize {
    if COMPOUND_SURNAMES.iter().any(|c| s.starts_with(c)) {
        2
    } else if s.chars().next().is_some_and(|c| SURNAMES.contains(c)) {
        1
    } else {
        0
    }
}

/// A personal name as bylines print them: a surname and one to three more characters
/// (or a transcribed name with a middle dot).
pub fn is_name(s: &str) -> bool {
    let n = s.chars().count();
    if !s.chars().all(|c| is_han(c) || c == '·' || c == '•') {
        return false;
    }
    if s.contains(['·', '•']) {
        return (3..=12).contains(&n);
    }
    if !(2..=4).contains(&n) {
        return false;
    }
    let first = s.chars().next().unwrap();
    SURNAMES.contains(first) || COMPOUND_SURNAMES.iter().any(|c| s.starts_with(c))
}

pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Reads a byline (`记者 孙庆辉 通讯员 宋贞 文/图`, `（记者 王伟）`, `本报记者 王伟 摄`).
/// `continuing` is the role to give leading names when the line continues a byline.
pub fn parse_byline(s: &str, continuing: Option<&Byline>) -> Option<Byline> {
    let s = s.trim();
    let s = s.strip_prefix(['（', '(']).unwrap_or(s);
    let s = s.strip_suffix(['）', ')']).unwrap_or(s);
    if s.is_empty() || s.chars().count() > 60 {
        return None;
    }
    let mut b = continuing.cloned().unwrap_or_default();
    let mut role: Option<Role> = match continuing {
        Some(c) if !c.correspondents.is_empty() => Some(Role::Correspondent),
        Some(c) if !c.reporters.is_empty() => Some(Role::Reporter),
        Some(_) => Some(Role::Reporter),
        None => None,
    };
    let mut names = 0;
    let mut first = true;
    for tok in split_roles(s).iter().map(String::as_str) {
        if tok.is_empty() {
            continue;
        }
        let mut t = tok;
        // roles, possibly glued to the name that follows (记者孙庆辉)
        loop {
            let Some(&(kw, r)) = ROLES.iter().find(|(kw, _)| t.starts_with(kw)) else { break };
            // a lone 摄 glued before a name is not a role (摄 is a suffix)
            if kw == "摄" && t.len() > kw.len() {
                break;
            }
            t = &t[kw.len()..];
            if r == Role::Photo {
                b.photo = true;
            } else {
                role = Some(r);
            }
        }
        if first && role.is_none() && !b.photo {
            return None; // a byline starts with its role
        }
        first = false;
        if t.is_empty() {
            continue;
        }
        // 王伟摄: a name with the photo mark glued on
        let mut name = t;
        if let Some(n) = t.strip_suffix("摄") {
            if is_name(n) && !is_name(t) {
                name = n;
                b.photo = true;
            }
        }
        if !is_name(name) {
            return None;
        }
        names += 1;
        match role.unwrap_or(Role::Reporter) {
            Role::Reporter | Role::Photo => b.reporters.push(name.to_string()),
            Role::Correspondent => b.correspondents.push(name.to_string()),
            Role::Photographer => {
                b.photographers.push(name.to_string());
                b.photo = true;
            }
        }
    }
    if names == 0 && continuing.is_none() {
        return None;
    }
    Some(b)
}

/// Splits a byline into tokens at spaces and list marks, and before role
/// words glued to a name (`钟婷玉通讯员` from a byline wrapped mid-line).
fn split_roles(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tok in s.split(|c: char| reflow::is_layout_space(c) || matches!(c, '、' | '，' | ',' | '；')) {
        let mut rest = tok;
        'outer: while !rest.is_empty() {
            // skip a role word at the start, then find the next one
            let from = ROLES.iter().find(|(kw, _)| rest.starts_with(kw)).map_or(1, |(kw, _)| kw.len());
            for (i, _) in rest.char_indices().filter(|&(i, _)| i >= from) {
                if let Some((kw, _)) = ROLES.iter().find(|(kw, r)| *r != Role::Photo && rest[i..].starts_with(kw)) {
                    let _ = kw;
                    out.push(rest[..i].to_string());
                    rest = &rest[i..];
                    // keep the role with what follows it
                    continue 'outer;
                }
            }
            out.push(rest.to_string());
            break;
        }
    }
    out
}

/// A byline prints its names apart from the role (`记者 王伟`) or in a bracket;
/// a short glued form (`记者王伟`) passes too. `记者从交通运输部了解到` does not.
fn byline_is_spaced(s: &str) -> bool {
    s.starts_with(['（', '(']) || s.contains(' ') || s.chars().count() <= 5
}

/// Cheap test before [`parse_byline`]: a byline starts with a role word (in a bracket or not).
fn may_be_byline(s: &str) -> bool {
    let s = s.strip_prefix(['（', '(']).unwrap_or(s);
    ROLES.iter().any(|(kw, r)| *r != Role::Photo && s.starts_with(kw)) || s.starts_with("文/图") || s.starts_with("图/文")
}

/// Reads a dateline at the start of a line's spaced text.
pub fn parse_dateline(spaced: &str) -> Option<Dateline> {
    if !spaced.starts_with(['本', '新', '据', '中', '人', '央']) {
        return None;
    }
    let m = DATELINE.captures(spaced)?;
    let place = m.name("place").map_or("", |p| p.as_str());
    if place.contains("记者") || place.chars().any(|c| "从在获悉日年月的了是将对就据为和与".contains(c)) {
        return None;
    }
    if &m["src"] != "本报" && &m["src"] != "本刊" && &m["k"] != "电" {
        return None;
    }
    let mut month_day = match (m.name("m"), m.name("d")) {
        (Some(mo), Some(d)) => Some((mo.as_str().parse().ok()?, d.as_str().parse().ok()?)),
        _ => None,
    };
    let head_end = m.name("k").unwrap().end();
    let mut text: String = spaced[..head_end].chars().filter(|c| !reflow::is_layout_space(*c)).collect();
    let mut byline = None;
    let mut end = head_end;
    if let Some(p) = m.name("paren") {
        let inner = p.as_str().trim();
        if let Some(pd) = PAREN_DATE.captures(inner) {
            if month_day.is_none() {
                month_day = Some((pd[1].parse().ok()?, pd[2].parse().ok()?));
            }
            text = spaced[..m.get(0).unwrap().end()].chars().filter(|c| !reflow::is_layout_space(*c)).collect();
            end = m.get(0).unwrap().end();
        } else if let Some(b) = parse_byline(inner, None) {
            byline = Some(b);
            end = m.get(0).unwrap().end();
        }
    }
    let rest = spaced[end..].trim_start_matches([' ', '：', ':']).to_string();
    if let Some((mo, d)) = month_day {
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
            month_day = None;
        }
    }
    Some(Dateline { text, month_day, byline, rest })
}

/// Classifies one line by itself.
pub fn classify(l: &Line) -> Kind {
    if l.is_blank() {
        return Kind::Blank;
    }
    let t = &l.text;
    if is_rule(t) {
        return Kind::Furniture("rule");
    }
    if let Some(c) = JUMP.captures(t) {
        return if c.name("in").is_some() { Kind::JumpIn } else { Kind::Furniture("jump") };
    }
    if FOOTER.is_match(&l.spaced) {
        return Kind::Furniture("footer");
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

/// A printed rule: a line of dashes, box-drawing or similar marks only.
fn is_rule(t: &str) -> bool {
    t.chars().count() >= 3 && t.chars().all(|c| matches!(c, '—' | '-' | '─' | '━' | '=' | '＝' | '_' | '＿' | '·' | '…' | '~' | '～' | '*' | '＊' | '－' | '┄' | '┈' | '═'))
}

fn is_header_cue(l: &Line) -> bool {
    let n = l.text.chars().count();
    n <= 60 && !ends_sentence(&l.text) && !l.text.contains('，') && HEADER_CUE.is_match(&l.spaced)
}

/// Could this line be a headline (or subheadline) printed above an article?
fn headline_like(l: &Line) -> bool {
    let n = l.text.chars().count();
    (2..=80).contains(&n)
        && !ends_sentence(&l.text)
        && !l.text.ends_with(['，', '、', '；', '：'])
        && !ends_with_byline(&l.spaced)
}

/// Two parts of a title set apart by a space (`海南强化战略联动 深化对外开放`):
/// body text never puts a space between two Chinese characters.
fn spaced_title(l: &Line) -> bool {
    let cs: Vec<char> = l.spaced.chars().collect();
    cs.windows(3).any(|w| w[1] == ' ' && is_han(w[0]) && is_han(w[2]))
}

/// A title without help from the layout: headline-like, and no comma inside
/// (a comma in a line without sentence end is the middle of a sentence).
fn title_like(l: &Line) -> bool {
    headline_like(l) && !l.text.contains(['，', '。', ',']) && balanced(&l.text)
}

/// Every bracket and quote opened in the line is closed in it: a title is a whole unit.
fn balanced(t: &str) -> bool {
    let count = |c: char| t.chars().filter(|&x| x == c).count();
    count('《') == count('》') && count('“') == count('”') && count('（') == count('）') && count('(') == count(')')
}

/// `…。（记者 王伟）`: a line that ends with a bracketed byline.
fn ends_with_byline(spaced: &str) -> bool {
    spaced.ends_with(['）', ')'])
        && spaced.rfind(['（', '(']).is_some_and(|o| parse_byline(&spaced[o..], None).is_some_and(|b| !b.reporters.is_empty() || !b.correspondents.is_empty()))
}

/// Everything found on one page (or on the part of it that was buffered).
#[derive(Debug, Default)]
pub struct Segmented {
    pub articles: Vec<Article>,
    pub furniture: Vec<Furniture>,
}

/// Splits the lines of a page into articles. `page_top` / `page_bottom` say
/// whether the slice starts / ends the page (headers and footers live there).
pub fn segment(lines: &[Line], page: usize, page_top: bool, page_bottom: bool) -> Segmented {
    let mut kinds: Vec<Kind> = lines.iter().map(classify).collect();
    let n = lines.len();
    let mut seg = Segmented::default();
    join_wrapped_datelines(lines, &mut kinds);

    // Page header: a header cue among the first lines marks its whole block.
    if page_top {
        let nonblank: Vec<usize> = (0..n).filter(|&i| !matches!(kinds[i], Kind::Blank)).take(5).collect();
        if let Some(&cue) = nonblank.iter().find(|&&i| is_header_cue(&lines[i]) && matches!(kinds[i], Kind::Text | Kind::Furniture(_))) {
            let mut end = cue;
            while end + 1 < n && matches!(kinds[end + 1], Kind::Text) && headline_like(&lines[end + 1]) && is_header_cue(&lines[end + 1]) {
                end += 1;
            }
            for i in 0..=end {
                if matches!(kinds[i], Kind::Text) {
                    kinds[i] = Kind::Furniture("header");
                }
            }
            // the rest of the header's block (paper name, section) when no blank separates it
            let mut k = end + 1;
            while k < n
                && matches!(kinds[k], Kind::Text)
                && headline_like(&lines[k])
                && k <= end + 2
                && (lines[k].text.chars().count() <= 6
                    || (lines[k].text.chars().count() <= 12
                        && !(k + 1..n).find(|&j| !matches!(kinds[j], Kind::Blank)).is_some_and(|j| matches!(kinds[j], Kind::Dateline(_)))))
            {
                kinds[k] = Kind::Furniture("header");
                k += 1;
            }
        }
        // a page number on the first line
        if let Some(&f) = nonblank.first() {
            if matches!(kinds[f], Kind::Text) && PAGE_NUMBER.is_match(&lines[f].text) {
                kinds[f] = Kind::Furniture("page_number");
            }
        }
    }
    if page_bottom {
        // page number or header cue among the last lines
        let mut seen = 0;
        for i in (0..n).rev() {
            if matches!(kinds[i], Kind::Blank) {
                continue;
            }
            seen += 1;
            if seen > 3 {
                break;
            }
            match kinds[i] {
                Kind::Text if PAGE_NUMBER.is_match(&lines[i].text) || is_header_cue(&lines[i]) => {
                    kinds[i] = Kind::Furniture("page_number")
                }
                Kind::Furniture(_) => {}
                _ => break,
            }
        }
    }

    // Lines inside an article that only carry a jump mark at their end keep their text.
    // Where articles start.
    let mut starts: Vec<usize> = Vec::new();
    for i in 0..n {
        match &kinds[i] {
            Kind::Dateline(_) => {
                let mut s = i;
                let mut k = i;
                let mut taken = 0;
                let mut blanks = 0;
                while k > 0 {
                    k -= 1;
                    match &kinds[k] {
                        Kind::Blank => {
                            blanks += 1;
                            if blanks > 2 {
                                break;
                            }
                        }
                        Kind::Kicker => {
                            s = k;
                            taken += 1;
                            blanks = 0;
                        }
                        Kind::Text if taken < 3 && headline_like(&lines[k]) => {
                            // the line above must close something (or be the page top)
                            let above = (0..k).rev().find(|&j| !matches!(kinds[j], Kind::Blank));
                            let closes = match above {
                                None => true,
                                Some(j) => match &kinds[j] {
                                    Kind::Text => {
                                        ends_sentence(&lines[j].text) || headline_like(&lines[j]) || ends_with_byline(&lines[j].spaced)
                                    }
                                    _ => true,
                                },
                            };
                            if !closes {
                                break;
                            }
                            s = k;
                            taken += 1;
                            blanks = 0;
                        }
                        _ => break,
                    }
                }
                starts.push(s);
            }
            Kind::JumpIn => starts.push(i),
            Kind::Kicker => starts.push(i),
            // a title the layout sets apart: wider than the column, split by a
            // space, or unindented above an indented body; it starts an article
            // when the text above has closed (with the title lines just above it)
            Kind::Text
                if !lines[i].centered()
                    && title_like(&lines[i])
                    && (wider_than_column(lines, &kinds, i)
                        || (!lines[i].kept_indent() && subheadline_below(lines, &kinds, i))
                        || ((spaced_title(&lines[i]) && !lines[i].letter_spaced
                            || short_letter_spaced_title(lines, &kinds, i)
                            || above_indented_body(lines, &kinds, i))
                            && text_above_is_whole(lines, &kinds, i))) =>
            {
                let mut s = i;
                // a title wrapped over two or three lines
                while s > 0 && i - s < 3 {
                    let j = s - 1;
                    let same_kind = (lines[j].letter_spaced && lines[i].letter_spaced) || wider_than_column(lines, &kinds, j);
                    if same_kind && matches!(kinds[j], Kind::Text) && title_like(&lines[j]) && !lines[j].kept_indent() {
                        let before = (0..j).rev().find(|&x| !matches!(kinds[x], Kind::Blank));
                        if before.is_none_or(|x| closes_text(lines, &kinds, x)) {
                            s = j;
                            continue;
                        }
                    }
                    break;
                }
                let above = (0..s).rev().find(|&j| !matches!(kinds[j], Kind::Blank));
                if above.is_none_or(|j| closes_text(lines, &kinds, j)) {
                    starts.push(s);
                }
            }
            Kind::Text if lines[i].centered() && headline_like(&lines[i]) => {
                // a centred title starts an article unless it continues the title above
                let above = (0..i).rev().find(|&j| !matches!(kinds[j], Kind::Blank));
                let continues = above.is_some_and(|j| {
                    matches!(kinds[j], Kind::Kicker) || (matches!(kinds[j], Kind::Text) && lines[j].centered() && headline_like(&lines[j]))
                });
                if !continues {
                    starts.push(i);
                }
            }
            Kind::Byline(_) if leading_byline(lines, &kinds, i) => {}
            Kind::Byline(_) => {
                // the first line after the byline block starts something new
                let mut j = i + 1;
                while j < n && matches!(kinds[j], Kind::Blank | Kind::Furniture(_)) {
                    j += 1;
                }
                if j < n && !matches!(kinds[j], Kind::Byline(_)) && !(byline_continuation(&kinds, lines, i, j)) {
                    starts.push(j);
                }
            }
            _ => {}
        }
    }
    starts.push(0);
    starts.sort_unstable();
    starts.dedup();
    // a kicker start directly followed by a dateline start with only prelude between is one start
    let mut merged: Vec<usize> = Vec::new();
    for &s in &starts {
        if let Some(&prev) = merged.last() {
            if (prev..s).all(|k| matches!(kinds[k], Kind::Blank | Kind::Kicker | Kind::Furniture(_)) || (matches!(kinds[k], Kind::Text) && headline_like(&lines[k])))
                && prev != s
                && !matches!(kinds[prev], Kind::JumpIn)
                && starts_prelude_only(&kinds, lines, prev, s)
            {
                continue;
            }
        }
        merged.push(s);
    }
    for (k, &s) in merged.iter().enumerate() {
        let e = merged.get(k + 1).copied().unwrap_or(n);
        build_article(lines, &kinds[s..e], s, page, &mut seg);
    }
    seg
}

/// A dateline whose bracket (byline or date) wraps onto the next lines:
/// `本报讯（记者 钱娟 通讯员` / `谢琪元） 今天…`, or `新华社成都12月23日电` / `（记者 易志桂） 积石山…`.
fn join_wrapped_datelines(lines: &[Line], kinds: &mut [Kind]) {
    let n = lines.len();
    // a dateline cut by the line end: `本报郑州10月5日` / `讯 习近平…`
    for i in 0..n.saturating_sub(1) {
        if !matches!(kinds[i], Kind::Text) || !matches!(kinds[i + 1], Kind::Text | Kind::Byline(_)) {
            continue;
        }
        let a = &lines[i].spaced;
        if a.chars().count() > 16 || !DATELINE_START.is_match(a) {
            continue;
        }
        for sep in ["", " "] {
            let joined = format!("{a}{sep}{}", lines[i + 1].spaced);
            if let Some(d) = parse_dateline(&joined) {
                if joined.len() - d.rest.len() > a.len() + sep.len() {
                    kinds[i] = Kind::Dateline(d);
                    kinds[i + 1] = Kind::Consumed;
                    break;
                }
            }
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
        // joined without a space (a name cut in two) or with one (cut between names):
        // prefer the reading with fewer four-character names
        let mut best: Option<(usize, Dateline)> = None;
        let breaks = end - i;
        for mask in 0..(1u32 << breaks) {
            let mut joined = lines[i].spaced.clone();
            for (b, l) in lines[i + 1..=end].iter().enumerate() {
                if mask & (1 << b) != 0 {
                    joined.push(' ');
                }
                joined.push_str(&l.spaced);
            }
            if let Some(nd) = parse_dateline(&joined) {
                if nd.byline.is_some() || nd.month_day != d.month_day {
                    let long = nd.byline.as_ref().map_or(0, |b| {
                        b.reporters.iter().chain(&b.correspondents).filter(|n| n.chars().count() >= 4).count()
                    });
                    if best.as_ref().is_none_or(|(l, _)| long < *l) {
                        best = Some((long, nd));
                    }
                }
            }
        }
        if let Some((_, nd)) = best {
            kinds[i] = Kind::Dateline(nd);
            for k in kinds.iter_mut().take(end + 1).skip(i + 1) {
                *k = Kind::Consumed;
            }
        }
    }
}

/// A byline in brackets at the very end of an article's text: `…措施。（记者 王伟）`.
/// Returns the byline and how many bytes of the cleaned last line to keep.
fn trailing_byline(body: &[BodyLine]) -> Option<(Byline, usize, usize)> {
    let last = body.last()?;
    if !last.line.spaced.ends_with(['）', ')']) {
        return None;
    }
    // the bracket may open on the line before
    for back in 0..2usize {
        if body.len() < back + 1 {
            break;
        }
        let from = body.len() - 1 - back;
        let spaced: String = body[from..].iter().map(|b| b.line.spaced.as_str()).collect::<Vec<_>>().join("");
        let Some(open) = spaced.rfind(['（', '(']) else { continue };
        let inner = &spaced[open..];
        if let Some(b) = parse_byline(inner, None) {
            if b.reporters.is_empty() && b.correspondents.is_empty() && b.photographers.is_empty() {
                return None;
            }
            // where the bracket starts in the cleaned text of line `from`
            let text = &body[from].text;
            let cut = text.rfind(['（', '(']).unwrap_or(text.len());
            return Some((b, from, cut));
        }
    }
    None
}

/// A letter-spaced line (a title in large type) well short of the column below it.
fn short_letter_spaced_title(lines: &[Line], kinds: &[Kind], i: usize) -> bool {
    let l = &lines[i];
    let blank_beside = (i > 0 && lines[i - 1].is_blank()) || lines.get(i + 1).is_some_and(|x| x.is_blank());
    if !l.letter_spaced || !blank_beside {
        return false;
    }
    // shorter than a paragraph's first line can be: the text below would have fitted on it
    let next = (i + 1..lines.len()).find(|&x| matches!(kinds[x], Kind::Text));
    column_below(lines, kinds, i, 8)
        .is_some_and(|w| next.is_some_and(|x| reflow::would_fit(l.width, &lines[x].text, w - 2.0)) && l.width < w - 2.5)
}

/// The column width of the text below line `i`, within what can be the same
/// article (up to a byline, dateline, kicker or centred title); None when
/// fewer than four lines are there to tell.
fn column_below(lines: &[Line], kinds: &[Kind], i: usize, max: usize) -> Option<f32> {
    let stop = (i + 1..lines.len())
        .find(|&x| matches!(kinds[x], Kind::Byline(_) | Kind::Dateline(_) | Kind::Kicker | Kind::JumpIn) || lines[x].centered())
        .unwrap_or(lines.len());
    let body: Vec<BodyLine> = (i + 1..stop)
        .filter(|&x| matches!(kinds[x], Kind::Text))
        .take(max)
        .map(|x| BodyLine { line: &lines[x], text: lines[x].text.clone(), blanks_before: 0, first: false })
        .collect();
    (body.len() >= 4).then(|| reflow::column_width(&body))
}

/// Is the line below `i` a subheadline (——…) that stands as a unit: a blank
/// line, a dateline or an indented paragraph under it? A dash at the start of
/// a wrapped line of running text is no subheadline.
fn subheadline_below(lines: &[Line], kinds: &[Kind], i: usize) -> bool {
    let Some(x) = lines.get(i + 1) else { return false };
    if !is_subheadline(x) || !title_like(x) {
        return false;
    }
    match lines.get(i + 2) {
        None => true,
        Some(y) => y.is_blank() || y.kept_indent() || matches!(kinds[i + 2], Kind::Dateline(_)),
    }
}

/// Would the text above line `i` stand as an article of its own? It must
/// carry its byline already (in a bracket after its dateline, or at its end):
/// otherwise a title-like line between a dateline above and a byline below is
/// more likely an intertitle of one article than the headline of a second.
fn text_above_is_whole(lines: &[Line], kinds: &[Kind], i: usize) -> bool {
    for j in (0..i).rev() {
        match &kinds[j] {
            Kind::Byline(_) | Kind::Furniture(_) | Kind::JumpIn => return true,
            Kind::Dateline(d) => return d.byline.is_some(),
            Kind::Text if ends_with_byline(&lines[j].spaced) => return true,
            _ => {}
        }
    }
    true // the page top
}

/// Does line `j` close what came before, so that a title may follow it?
fn closes_text(lines: &[Line], kinds: &[Kind], j: usize) -> bool {
    match &kinds[j] {
        Kind::Text => ends_sentence(&lines[j].text) || ends_with_byline(&lines[j].spaced),
        Kind::Kicker | Kind::Dateline(_) | Kind::Consumed | Kind::JumpIn => false,
        _ => true,
    }
}

/// On a page that keeps paragraph indents, a line without one that does not
/// end a sentence, right above an indented line, after a closed sentence, is
/// no part of a paragraph: a title.
fn above_indented_body(lines: &[Line], kinds: &[Kind], i: usize) -> bool {
    if lines[i].kept_indent() || lines[i].letter_spaced && lines[i].text.chars().count() < 4 {
        return false;
    }
    let next = (i + 1..lines.len()).find(|&x| !matches!(kinds[x], Kind::Blank));
    next.is_some_and(|x| matches!(kinds[x], Kind::Text) && lines[x].kept_indent())
}

/// Is line `i` set wider than the column of the text below it (a title across
/// columns, often letter-spaced by the extraction)? No line of body text is.
fn wider_than_column(lines: &[Line], kinds: &[Kind], i: usize) -> bool {
    let l = &lines[i];
    // cheap test first: wider than the next line by a margin
    let next_min = (i + 1..lines.len()).filter(|&x| matches!(kinds[x], Kind::Text)).take(3).map(|x| lines[x].width).fold(f32::MAX, f32::min);
    if next_min == f32::MAX || l.width <= next_min + 2.5 {
        return false;
    }
    // the lines below, up to the end of what can be the same article
    let stop = (i + 1..lines.len())
        .find(|&x| matches!(kinds[x], Kind::Byline(_) | Kind::Dateline(_) | Kind::Kicker | Kind::JumpIn) || lines[x].centered())
        .unwrap_or(lines.len());
    let body: Vec<BodyLine> = (i + 1..stop)
        .filter(|&x| matches!(kinds[x], Kind::Text))
        .take(12)
        .map(|x| BodyLine { line: &lines[x], text: lines[x].text.clone(), blanks_before: 0, first: false })
        .collect();
    if body.len() < 6 {
        return false;
    }
    // wider than every line below (body lines reach the column plus a hanging mark)
    let widest = body.iter().map(|b| b.line.width).fold(0.0, f32::max);
    l.width > widest + 1.5
}

/// A byline printed under the headline, before the text (标题 / 本报记者 王伟 /
/// 正文): the lines above it since the last closed text are only titles, and
/// text follows it.
fn leading_byline(lines: &[Line], kinds: &[Kind], i: usize) -> bool {
    // the first line of the byline block
    let mut b = i;
    while b > 0 && matches!(kinds[b - 1], Kind::Byline(_)) {
        b -= 1;
    }
    let mut titles = 0;
    let mut j = b;
    while j > 0 {
        j -= 1;
        match &kinds[j] {
            Kind::Blank => continue,
            Kind::Kicker => titles += 1,
            Kind::Text if headline_like(&lines[j]) && titles < 3 => titles += 1,
            Kind::Text => return titles > 0 && (ends_sentence(&lines[j].text) || ends_with_byline(&lines[j].spaced)) && text_follows(kinds, i),
            _ => return titles > 0 && text_follows(kinds, i),
        }
    }
    titles > 0 && text_follows(kinds, i)
}

/// Body text (not a dateline, title or another article's start) comes right after line `i`.
fn text_follows(kinds: &[Kind], i: usize) -> bool {
    let next = (i + 1..kinds.len()).find(|&x| !matches!(kinds[x], Kind::Blank | Kind::Byline(_)));
    next.is_some_and(|x| matches!(kinds[x], Kind::Text | Kind::Dateline(_)))
}

/// A line of names right after a byline line continues it (a byline wrapped in two).
fn byline_continuation(kinds: &[Kind], lines: &[Line], byline_at: usize, j: usize) -> bool {
    j == byline_at + 1
        && matches!(kinds[j], Kind::Text)
        && match &kinds[byline_at] {
            Kind::Byline(b) => parse_byline(&lines[j].spaced, Some(b)).is_some(),
            _ => false,
        }
}

/// True when lines `a..b` hold only prelude (kicker/headline) with no dateline of their own.
fn starts_prelude_only(kinds: &[Kind], lines: &[Line], a: usize, b: usize) -> bool {
    let _ = lines;
    (a..b).all(|k| !matches!(kinds[k], Kind::Dateline(_) | Kind::Byline(_)))
}

fn build_article(lines: &[Line], kinds: &[Kind], offset: usize, page: usize, seg: &mut Segmented) {
    let n = kinds.len();
    let mut art = Article { page, ..Default::default() };
    let mut i = 0;
    let furniture = |i: usize, kind: &'static str, seg: &mut Segmented| {
        seg.furniture.push(Furniture { kind, line: lines[offset + i].no, text: lines[offset + i].text.clone() });
    };
    // leading blanks and furniture
    while i < n {
        match &kinds[i] {
            Kind::Blank => {}
            Kind::Furniture(k) => furniture(i, k, seg),
            Kind::JumpIn => {
                art.continued = true;
                furniture(i, "jump", seg);
            }
            _ => break,
        }
        i += 1;
    }
    // trailing blanks, furniture and the closing byline
    let mut end = n;
    let mut byline_lines: Vec<usize> = Vec::new();
    while end > i {
        match &kinds[end - 1] {
            Kind::Blank => end -= 1,
            Kind::Furniture(k) => {
                furniture(end - 1, k, seg);
                end -= 1;
            }
            Kind::Byline(_) => {
                byline_lines.push(end - 1);
                end -= 1;
            }
            Kind::Text if end - 1 > i && matches!(kinds[end - 2], Kind::Byline(_)) && byline_lines.is_empty() => {
                // a wrapped byline's second line
                if let Kind::Byline(b) = &kinds[end - 2] {
                    if parse_byline(&lines[offset + end - 1].spaced, Some(b)).is_some() {
                        byline_lines.push(end - 1);
                        end -= 1;
                        continue;
                    }
                }
                break;
            }
            _ => break,
        }
    }
    byline_lines.reverse();
    let mut byline = Byline::default();
    for &k in &byline_lines {
        let l = &lines[offset + k];
        let cont = if byline.is_empty() { None } else { Some(&byline) };
        if let Some(b) = match &kinds[k] {
            Kind::Byline(b) if cont.is_none() => Some(b.clone()),
            _ => parse_byline(&l.spaced, cont).or_else(|| parse_byline(&l.spaced, None).map(|b| merge(&byline, &b))),
        } {
            byline = b;
        }
    }
    if i >= end && byline_lines.is_empty() {
        return;
    }
    let first_line = offset + i;
    // prelude: kicker and headline lines before the dateline
    let dateline_at = (i..end).find(|&k| matches!(kinds[k], Kind::Dateline(_)));
    let mut body_from = i;
    match dateline_at {
        Some(d) => {
            for k in i..d {
                prelude_line(&lines[offset + k], &kinds[k], &mut art);
            }
            body_from = d;
        }
        None => {
            while body_from < end {
                match &kinds[body_from] {
                    Kind::Kicker | Kind::Byline(_) => prelude_line(&lines[offset + body_from], &kinds[body_from], &mut art),
                    Kind::Blank if art.kicker.is_some() || art.headline.is_some() => {}
                    Kind::Text if !art.continued && body_from - i < 4 => {
                        if !headline_stands_alone(lines, kinds, offset, body_from, end) {
                            break;
                        }
                        prelude_line(&lines[offset + body_from], &kinds[body_from], &mut art);
                    }
                    _ => break,
                }
                body_from += 1;
            }
        }
    }
    // body
    let mut body: Vec<BodyLine> = Vec::new();
    let mut blanks = 0;
    for k in body_from..end {
        let l = &lines[offset + k];
        match &kinds[k] {
            Kind::Blank => blanks += 1,
            Kind::Consumed => {}
            Kind::Furniture(f) => furniture(k, f, seg),
            Kind::JumpIn => furniture(k, "jump", seg),
            Kind::Dateline(d) if k == body_from => {
                art.dateline = Some(d.text.clone());
                if let Some(b) = &d.byline {
                    byline = merge(b, &byline);
                }
                let text = reflow::drop_layout_spaces(&d.rest);
                body.push(BodyLine { line: l, text, blanks_before: blanks, first: true });
                blanks = 0;
            }
            _ => {
                let mut text = l.text.clone();
                if let Some(m) = TRAILING_JUMP.find(&text) {
                    seg.furniture.push(Furniture { kind: "jump", line: l.no, text: m.as_str().to_string() });
                    text.truncate(m.start());
                }
                body.push(BodyLine { line: l, text, blanks_before: blanks, first: body.is_empty() && art.dateline.is_some() });
                blanks = 0;
            }
        }
    }
    if byline.is_empty() && art.dateline.as_deref().is_none_or(|_| true) {
        if let Some((b, from, cut)) = trailing_byline(&body) {
            byline = b;
            body.truncate(from + 1);
            body[from].text.truncate(cut);
            if body[from].text.is_empty() {
                body.pop();
            }
        }
    }
    // an unbroken first line of an article without a dateline is not "first" in the dateline sense
    if art.dateline.is_none() {
        if let Some(b) = body.first_mut() {
            b.first = false;
        }
    }
    art.paragraphs = reflow::reflow(&body).into_iter().map(|(p, _)| p).filter(|p| !p.is_empty()).collect();
    art.byline = merge(&art.byline, &byline);
    let last_line = offset + (byline_lines.last().copied().unwrap_or(end.saturating_sub(1)).max(i));
    art.lines = [lines[first_line].no, lines[last_line.min(lines.len() - 1)].no];
    if art.paragraphs.is_empty() && art.dateline.is_none() && art.byline.is_empty() {
        // a stray headline-like line with nothing under it: keep it out of the articles
        for k in i..end {
            if !matches!(kinds[k], Kind::Blank) {
                furniture(k, "unknown", seg);
            }
        }
        return;
    }
    if art.paragraphs.is_empty() {
        art.warnings.push("article has no body text".into());
    }
    seg.articles.push(art);
}

fn merge(a: &Byline, b: &Byline) -> Byline {
    let mut out = a.clone();
    out.reporters.extend(b.reporters.iter().cloned());
    out.correspondents.extend(b.correspondents.iter().cloned());
    out.photographers.extend(b.photographers.iter().cloned());
    out.photo |= b.photo;
    out
}

fn is_subheadline(l: &Line) -> bool {
    l.text.starts_with('—') || l.text.starts_with("--")
}

/// In an article without a dateline, is the line at `k` a headline rather than
/// the first line of the body? It must look like a title and stand apart: a
/// blank line under it, a subheadline, or a width no first line of a
/// paragraph can have (the column less the indent; a kept indent aside).
fn headline_stands_alone(lines: &[Line], kinds: &[Kind], offset: usize, k: usize, end: usize) -> bool {
    let l = &lines[offset + k];
    if !headline_like(l) || l.kept_indent() {
        return false;
    }
    if is_subheadline(l) || l.centered() {
        return true;
    }
    if !title_like(l) {
        return false;
    }
    let next = (k + 1..end).find(|&j| !matches!(kinds[j], Kind::Furniture(_)));
    match next {
        None => false,
        Some(j) if matches!(kinds[j], Kind::Blank | Kind::Byline(_)) => true,
        Some(j) => {
            if is_subheadline(&lines[offset + j]) && subheadline_below(&lines[offset..], &kinds, k) {
                return true;
            }
            // the text below keeps its paragraph indents and this line has none:
            // it cannot be the first line of a paragraph
            if lines[offset + j].kept_indent() {
                return true;
            }
            // the body's column, from the lines below
            let body: Vec<BodyLine> = (j..end)
                .filter(|&x| matches!(kinds[x], Kind::Text))
                .take(40)
                .map(|x| BodyLine { line: &lines[offset + x], text: lines[offset + x].text.clone(), blanks_before: 0, first: false })
                .collect();
            if body.len() < 3 {
                return false;
            }
            let w = reflow::column_width(&body);
            let hang = if l.text.chars().last().is_some_and(reflow::is_closer) { 1.0 } else { 0.0 };
            // too wide for a paragraph's first line, or stopped short of it
            // although the text below would have fitted and no sentence ended
            l.width > w - 2.0 + hang + 0.01 || reflow::would_fit(l.width, &lines[offset + j].text, w - 2.0)
        }
    }
}

fn prelude_line(l: &Line, kind: &Kind, art: &mut Article) {
    match kind {
        Kind::Byline(b) => {
            art.byline = merge(&art.byline, b);
        }
        Kind::Kicker => {
            if art.kicker.is_none() {
                art.kicker = Some(l.text.clone());
            }
        }
        Kind::Blank | Kind::Furniture(_) | Kind::JumpIn => {}
        _ => {
            let t = l.text.clone();
            if is_subheadline(l) && art.headline.is_some() {
                append(&mut art.subheadline, &t);
            } else if art.subheadline.is_some() {
                append(&mut art.subheadline, &t);
            } else {
                append(&mut art.headline, &t);
            }
        }
    }
}

fn append(slot: &mut Option<String>, t: &str) {
    match slot {
        Some(s) => reflow::join_into(s, t),
        None => *slot = Some(t.to_string()),
    }
}
