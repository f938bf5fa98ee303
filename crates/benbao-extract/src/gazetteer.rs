//! Chinese administrative divisions (province → prefecture → county) with
//! codes and short names, and place mentions in text.
//!
//! # Data
//!
//! `data/divisions.tsv` is embedded in the binary and parsed once, lazily, on
//! the first [`Gazetteer::get`]. It was built once by `tools/build_gazetteer.py`
//! from the division table shipped in the PyPI package **jionlp 1.5.31**
//! (`jionlp/dictionary/china_location.zip`), licensed under the **Apache
//! License 2.0** (© dongrixinyu and JioNLP contributors; full text in
//! `data/divisions.LICENSE`). It holds 34 provinces, 339 prefectures and 2868
//! counties, each with its 6-digit adcode, full official name, short names
//! (河南省 → 河南, 郾城区 → 郾城, 延边朝鲜族自治州 → 延边, 延边州; never one
//! character) and parent. Municipalities (北京市) are provinces whose
//! districts hang directly below them. Taiwan's cities and counties
//! carry the package's codes 7101xx–7107xx, which are not part of GB/T 2260.
//! Development zones (高新区, 经开区, codes xxxx7x) are not divisions and are
//! not in the table: see below.
//!
//! # Finding places
//!
//! [`Gazetteer::find_places`] scans the text once, left to right, taking at
//! each position the longest full or short name that starts there (a trie with
//! a direct-indexed first level), then:
//!
//! * **Composites.** Adjacent names where each is inside the one before
//!   (漯河郾城区, 河南省郑州市, 河南郑州, 北京市朝阳区) become one mention, of the
//!   most specific division, covering the whole span.
//! * **Development zones.** A city name followed by 高新区, 经开区, 新区,
//!   开发区, 高新技术产业开发区, 经济技术开发区, 经济开发区, 综合保税区, 保税区 or
//!   航空港区 (郑州高新区, 洛阳市经开区) is one mention covering the whole span that
//!   **resolves to the city** (郑州市), since zones are not divisions.
//! * **Ambiguous names** (朝阳区 is in Beijing and in Changchun; 吉林 is a
//!   province and a city) are resolved by the other places in the same text:
//!   the candidate whose own prefecture (best) or province is mentioned
//!   elsewhere wins; else the higher level (province, then prefecture, then
//!   county); else the first by code.
//!
//! Guards against common words (the scan has no word segmentation):
//!
//! * A **two-character county short name** (郾城, 中牟) counts only when the
//!   same text also names its prefecture or province, or as part of a
//!   composite (漯河郾城): on its own, 新和 in 创新和发展 or 中方 in 中方表示 would
//!   be noise. Longer county short names (石景山, 神农架) and all full names
//!   count on their own.
//! * **Short names that are common words** ([`WEAK_SHORT_NAMES`]: 合作, 和平,
//!   资源, 新华, 解放, 光明, 来宾, 安康, …) and **generic full names**
//!   ([`GENERIC_FULL_NAMES`]: 城区, 郊区, 矿区, 东区, 新城区, 老城区, …) count only
//!   inside a composite (天津和平, 阳泉市城区).
//! * A short name is skipped before 路, 街, 大道, 公园 or 装 (中山路, 中山装,
//!   北京路: a street, not the place).
//! * A two-character short name of a prefecture or county (not of a province:
//!   河南, 广西 are safe) is skipped when
//!   - its second character and the next one make a common word
//!     ([`BREAKER_BIGRAMS`]: 推广安全 is not 广安, 当日照片 not 日照, 新乡村 not
//!     新乡, 黑海西南部 not 海西, 电台中国 not 台中);
//!   - unless it continues a composite, the previous character and its first
//!     one make a common word ([`PREV_BREAKER_BIGRAMS`]: 重大理论 is not 大理,
//!     外交部长沙伦赛 not 长沙, 世界首个 not 界首), the previous character is a
//!     common surname (李长春, 孙中山, 杨靖宇 are people), or it ends in 州 after
//!     a character of transliterated names (佛罗里达州, 马里兰州, 别尔哥罗德州 are
//!     foreign states, not 达州, 兰州, 德州);
//!   - for a county, it is followed by 山, 江, 河, 湖 (贺兰山, 嘉陵江, 鄱阳湖:
//!     a natural feature) or 村 (朝阳村: a village).
//! * A full name of two characters (新县, 和县) is skipped before 城, 域, 级,
//!   长, 委, 里, 市, 乡, 区 (新县城, 兴县域, 和县里) and, unless it continues a
//!   composite, after an ideograph other than 在, 到, 从, 的, 和, … (千叶县,
//!   大洋县, 市和县); a full name ending in 区/县 is skipped before 域
//!   (港口区域, 县域), one ending in 县 before 城, and one ending in 市 before 场
//!   (the shorter name then gets its chance: 义乌市场 → 义乌).
//!
//! The scan runs at well over 20 MB/s of Chinese text on one core (see the
//! timing printed by `tests/gazetteer.rs`).

use std::collections::HashMap;
use std::sync::LazyLock;

/// The embedded table: `code<TAB>level<TAB>name<TAB>short,names<TAB>parent`.
pub const DIVISIONS_TSV: &str = include_str!("../data/divisions.tsv");

/// Short names that are also common words or other things' names (来宾, 安康,
/// 中山, 合作, 和平, 资源, …): they count only inside a composite (after a
/// name of a division that contains them: 广东中山, 天津和平).
pub const WEAK_SHORT_NAMES: &[&str] = &[
    "来宾", "安康", "阿里", "白银", "中卫", "普洱", "合作", "中方", "资源", "和平", "友好", "复兴",
    "振兴", "共和", "南部", "通道", "友谊", "新兴", "港口", "解放", "和政", "新和", "前进", "公安",
    "安新", "平和", "大关", "运河", "新建", "延长", "江南", "江北", "平安", "会同", "惠民", "富裕",
    "同心", "青山", "河西", "河东", "古城", "太平", "光明", "宏伟", "大新", "新华", "兴业", "红旗",
    "市中", "东方", "华龙", "互助", "富民", "大城", "东海", "南海", "安宁", "海港", "天山", "平原",
    "同德", "东风", "方正", "长安", "江口", "大方", "安居", "卫东", "城中", "城东", "城西", "城北",
    "牡丹", "江山", "白云", "大安", "乐业", "三江", "永定", "安国", "建平", "同安", "西湖", "南湖",
    "惠农", "盐湖", "江海", "新安", "河口", "新民", "中原", "政和", "永新", "万年", "定安", "路桥",
    "凤凰", "清水", "新城", "龙门", "兴和", "大田", "金沙", "清河", "莲花", "九龙", "民乐", "爱民",
    "朝天", "东至", "白玉", "安定", "太和", "天全", "太湖", "上高", "兴国", "云龙", "大通", "长寿",
    "温泉", "工农", "向阳", "城关", "上街", "湖滨", "民权", "正阳", "卧龙", "建安", "建华", "宝塔",
    "永和", "和顺", "华安", "天长", "永安", "长乐", "永丰", "金山", "新市", "山城", "永胜", "新平",
    "双城", "民和", "滨海", "江汉", "巴州", "天府", "巴中", "中山", "新河", "平湖", "明水", "麒麟",
    "红山",
];

/// Full names that are generic words (城区 is a district of 阳泉, of 晋城 and
/// of 汕尾): they count only inside a composite.
pub const GENERIC_FULL_NAMES: &[&str] = &[
    "城区",
    "郊区",
    "矿区",
    "东区",
    "西区",
    "新城区",
    "老城区",
    "古城区",
    "新市区",
];

/// Two characters that make a common word with the character after a
/// two-character short name (of a prefecture or county): the second character
/// of the name and the next one (推广安全 ≠ 广安, 黑海西南部 ≠ 海西).
pub const BREAKER_BIGRAMS: &[&str] = &[
    "安全", "安置", "安排", "安装", "安心", "安宁", "安康", "阳光", "口岸", "卫生", "明治", "春节",
    "照片", "照顾", "照会", "连续", "连接", "水平", "水利", "林业", "营业", "营养", "乡村", "庆祝",
    "州长", "原则", "宁静", "山水", "德国", "州府", "定位", "定点", "安徽", "口号", "江湖", "山区",
    "城市", "中国", "中华", "西南", "西北", "东部", "东南", "东北", "南部", "南北", "北部", "西部",
    "南岸", "北岸", "岸线", "岸边", "海军", "海关", "海道", "源头", "源流", "首个", "首位", "首次",
    "丰收", "昌盛", "田间", "顺利", "理论", "治久", "山会", "北京", "北美", "西藏", "城乡", "保险",
    "保障", "江西", "江苏", "安岭",
];

/// Two characters that make a common word with the character before a
/// two-character short name (of a prefecture or county) that does not
/// continue a composite: the previous character and the first of the name
/// (重大理论 ≠ 大理, 外交部长沙伦赛 ≠ 长沙, 世界首个 ≠ 界首).
pub const PREV_BREAKER_BIGRAMS: &[&str] = &[
    "重大", "扩大", "十大", "伟大", "强大", "巨大", "最大", "广大", "盛大", "宏大", "入海", "沿海",
    "东北", "挪威", "世界", "黄河", "核桃", "幸福", "农民", "市民", "渔民", "居民", "人民", "牧民",
    "村民", "电台", "总台", "部长", "市长", "省长", "县长", "局长", "院长", "校长", "会长", "事长",
    "处长", "科长", "社长", "厂长", "站长", "班长", "组长", "家长", "所长", "团长", "队长", "延长",
    "成长", "增长", "擅长", "船长", "机长", "州长", "镇长", "乡长", "村长", "区长", "司长", "行长",
    "肯定", "关怀", "健康", "贺兰", "棋盘", "六盘", "平安",
];

/// Common surnames: a two-character short name (of a prefecture or county)
/// right after one, not continuing a composite, is taken for a given name
/// (李长春, 孙中山, 杨靖宇). Surnames that are also common word endings (高, 江,
/// 金, 任, …) are left out.
const SURNAMES: &str = "李王张刘陈杨赵吴周徐孙郭胡朱马罗梁宋唐韩冯邓曹彭萧董潘袁蔡蒋杜魏吕丁卢姚沈钟姜崔谭汪廖韦贾邹熊孟秦邱侯尹薛闫雷黎陶毛郝顾龚邵覃钱戴孔汤乔赖";

/// Characters of transliterated foreign names: before a two-character short
/// name ending in 州 they make it a foreign state (佛罗里达州 ≠ 达州, 马里兰州 ≠
/// 兰州, 别尔哥罗德州 ≠ 德州).
const TRANSLIT_BEFORE_ZHOU: &str =
    "里罗尼斯亚拉纳克萨塞哥茨尔夫勒多他俄密那根格诺基利加华达西马阿巴科伊卡特因比普莫罕荷蒙瓦维";

/// Zone suffixes that attach to a city name (郑州高新区 → 郑州市), longest first.
const ZONE_SUFFIXES: &[&str] = &[
    "高新技术产业开发区",
    "高新技术开发区",
    "经济技术开发区",
    "经济开发区",
    "综合保税区",
    "航空港区",
    "高新区",
    "经开区",
    "开发区",
    "保税区",
    "新区",
];

/// Characters after a short name that make it a street or an object (中山路, 中山装).
const STREET_SUFFIXES: &[&str] = &["路", "街", "大道", "公园", "装"];

/// After a two-character county short name: a natural feature named after
/// it (贺兰山, 嘉陵江, 赤水河, 鄱阳湖) or a village (朝阳村), not the county.
const FEATURE_SUFFIXES: &[char] = &['山', '江', '河', '湖', '村'];

/// The level of an administrative division (GB/T 2260). Ordered from the
/// top: a province before its prefectures, a prefecture before its counties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DivisionLevel {
    /// 省, 自治区, 直辖市.
    Province,
    /// 地级市, 自治州, 地区, 盟.
    Prefecture,
    /// 县, 县级市, 市辖区, 旗.
    County,
}

impl DivisionLevel {
    /// Its name (`prefecture`), as in the JSON and in divisions.tsv.
    pub fn as_str(self) -> &'static str {
        match self {
            DivisionLevel::Province => "province",
            DivisionLevel::Prefecture => "prefecture",
            DivisionLevel::County => "county",
        }
    }

    /// 1 for a province, 2 for a prefecture, 3 for a county.
    fn rank(self) -> u8 {
        self as u8 + 1
    }
}

impl std::fmt::Display for DivisionLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for DivisionLevel {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// One administrative division.
#[derive(Debug, Clone)]
pub struct Division {
    /// 6-digit adcode, e.g. `"411103"`.
    pub code: String,
    /// Whether it is a province, a prefecture or a county.
    pub level: DivisionLevel,
    /// Full official name, e.g. `"郾城区"`.
    pub name: String,
    /// Index of the parent division (`None` for provinces).
    pub parent: Option<usize>,
    /// Short names, e.g. `["郾城"]` (may be empty; never one character).
    pub short_names: Vec<String>,
}

/// A place named in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceMention {
    /// Char offset of the first character.
    pub start: usize,
    /// Char offset after the last character (exclusive).
    pub end: usize,
    /// Index of the division (see [`Gazetteer::division`]).
    pub division: usize,
    /// The text of the mention, e.g. `"漯河郾城区"` or `"郑州高新区"`.
    pub text: String,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    div: u32,
    /// Reached through a two-character county short name: needs its
    /// prefecture or province named elsewhere in the text.
    needs_context: bool,
    /// Weak short name or generic full name: only inside a composite.
    composite_only: bool,
}

#[derive(Debug)]
struct Key {
    entries: Vec<Entry>,
    /// Every entry is composite-only.
    composite_only: bool,
    /// Every entry reaches it through a short name.
    short: bool,
    /// Length in chars.
    chars: u32,
    /// Some entry's division is a city (name ends in 市), for zone suffixes.
    has_city: bool,
    /// Full name of two characters (新县, 和县).
    two_char_full: bool,
    /// Short name of a province (河南): exempt from the word guards.
    province_short: bool,
    /// Short name of a county only (郾城).
    county_short: bool,
    /// First and last char of the key.
    first: char,
    last: char,
}

#[derive(Debug, Clone, Copy)]
struct Node {
    first_edge: u32,
    n_edges: u32,
    /// Key ending at this node, or `u32::MAX`.
    key: u32,
}

const NO_KEY: u32 = u32::MAX;

/// The division table and its name index.
pub struct Gazetteer {
    divisions: Vec<Division>,
    by_code: HashMap<String, usize>,
    keys: Vec<Key>,
    key_index: HashMap<String, u32>,
    /// First level of the trie, indexed by the BMP code point: node id or 0.
    root: Vec<u32>,
    nodes: Vec<Node>,
    edges: Vec<(char, u32)>,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| Gazetteer::parse(DIVISIONS_TSV));

impl Gazetteer {
    /// The gazetteer of the embedded table (parsed on first use).
    pub fn get() -> &'static Gazetteer {
        &GAZETTEER
    }

    /// Division by index. Panics on an index not from this gazetteer.
    pub fn division(&self, idx: usize) -> &Division {
        &self.divisions[idx]
    }

    /// All divisions, sorted by code.
    pub fn divisions(&self) -> &[Division] {
        &self.divisions
    }

    /// Index of the division with this 6-digit code.
    pub fn by_code(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    /// Indexes of the divisions with this full or short name, by code.
    pub fn by_name(&self, name: &str) -> Vec<usize> {
        match self.key_index.get(name) {
            Some(&k) => self.keys[k as usize]
                .entries
                .iter()
                .map(|e| e.div as usize)
                .collect(),
            None => Vec::new(),
        }
    }

    /// The division and its ancestors, innermost first.
    pub fn ancestors(&self, idx: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(idx), move |&i| self.divisions[i].parent)
    }

    /// The province a division is in (itself for a province).
    pub fn province_of(&self, idx: usize) -> usize {
        self.ancestors(idx).last().unwrap_or(idx)
    }

    /// Whether `idx` is `ancestor` or lies inside it.
    pub fn is_within(&self, idx: usize, ancestor: usize) -> bool {
        self.ancestors(idx).any(|a| a == ancestor)
    }

    /// Full name with its ancestors' names, e.g. `河南省漯河市郾城区`.
    pub fn full_path(&self, idx: usize) -> String {
        let mut names: Vec<&str> = self
            .ancestors(idx)
            .map(|i| self.divisions[i].name.as_str())
            .collect();
        names.reverse();
        let mut out = String::new();
        for (i, n) in names.iter().enumerate() {
            // 北京市 is both the province and the city: write it once.
            if i > 0 && *n == names[i - 1] {
                continue;
            }
            out.push_str(n);
        }
        out
    }

    fn parse(tsv: &str) -> Gazetteer {
        let (divisions, by_code) = Self::read_divisions(tsv);
        let (keys, key_index) = Self::name_keys(&divisions);
        let (root, nodes, edges) = Self::trie(&key_index);
        Gazetteer { divisions, by_code, keys, key_index, root, nodes, edges }
    }

    /// The divisions of `divisions.tsv` (code, level, name, short names,
    /// parent code), with the index of each code.
    fn read_divisions(tsv: &str) -> (Vec<Division>, HashMap<String, usize>) {
        let mut divisions = Vec::new();
        let mut parents: Vec<Option<String>> = Vec::new();
        let mut by_code = HashMap::new();
        for line in tsv.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            assert!(f.len() >= 5, "divisions.tsv: bad line {line:?}");
            let level = match f[1] {
                "province" => DivisionLevel::Province,
                "prefecture" => DivisionLevel::Prefecture,
                "county" => DivisionLevel::County,
                other => panic!("divisions.tsv: bad level {other:?}"),
            };
            by_code.insert(f[0].to_string(), divisions.len());
            divisions.push(Division {
                code: f[0].to_string(),
                level,
                name: f[2].to_string(),
                parent: None,
                short_names: f[3]
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            });
            parents.push((!f[4].is_empty()).then(|| f[4].to_string()));
        }
        for (d, p) in divisions.iter_mut().zip(&parents) {
            d.parent = p.as_ref().map(|p| {
                *by_code
                    .get(p)
                    .unwrap_or_else(|| panic!("divisions.tsv: no parent {p}"))
            });
        }
        (divisions, by_code)
    }

    /// The name index: every full and short name of a division, as a key
    /// with the divisions it names and what a reader needs to trust it.
    fn name_keys(divisions: &[Division]) -> (Vec<Key>, HashMap<String, u32>) {
        let weak: std::collections::HashSet<&str> = WEAK_SHORT_NAMES.iter().copied().collect();
        let generic: std::collections::HashSet<&str> = GENERIC_FULL_NAMES.iter().copied().collect();
        let mut key_index: HashMap<String, u32> = HashMap::new();
        let mut keys: Vec<Key> = Vec::new();
        let mut add = |keys: &mut Vec<Key>, name: &str, div: usize, full: bool| {
            let d: &Division = &divisions[div];
            let chars = name.chars().count() as u32;
            let entry = Entry {
                div: div as u32,
                needs_context: !full && d.level == DivisionLevel::County && chars <= 2,
                composite_only: if full {
                    generic.contains(name)
                } else {
                    weak.contains(name)
                },
            };
            let k = *key_index.entry(name.to_string()).or_insert_with(|| {
                keys.push(Key {
                    entries: Vec::new(),
                    composite_only: true,
                    short: true,
                    chars,
                    has_city: false,
                    two_char_full: false,
                    province_short: false,
                    county_short: true,
                    first: name.chars().next().unwrap_or(' '),
                    last: name.chars().last().unwrap_or(' '),
                });
                (keys.len() - 1) as u32
            });
            let key = &mut keys[k as usize];
            if key.entries.iter().any(|e| e.div == entry.div) {
                return;
            }
            key.entries.push(entry);
            key.composite_only &= entry.composite_only;
            key.short &= !full;
            key.two_char_full |= full && chars == 2;
            key.province_short |= !full && d.level == DivisionLevel::Province;
            key.county_short &= !full && d.level == DivisionLevel::County;
            key.has_city |= d.name.ends_with('市');
        };
        for (i, d) in divisions.iter().enumerate() {
            add(&mut keys, &d.name, i, true);
            for s in &d.short_names {
                add(&mut keys, s, i, false);
            }
        }
        for k in &mut keys {
            k.entries.sort_by_key(|e| e.div);
        }
        (keys, key_index)
    }

    /// The trie of the names: built with maps, then flattened into sorted
    /// edge slices, with the root's children indexed by code point.
    fn trie(key_index: &HashMap<String, u32>) -> (Vec<u32>, Vec<Node>, Vec<(char, u32)>) {
        struct TmpNode {
            children: HashMap<char, usize>,
            key: u32,
        }
        let mut tmp = vec![TmpNode {
            children: HashMap::new(),
            key: NO_KEY,
        }];
        for (name, &k) in key_index {
            let mut n = 0usize;
            for c in name.chars() {
                n = match tmp[n].children.get(&c) {
                    Some(&m) => m,
                    None => {
                        tmp.push(TmpNode {
                            children: HashMap::new(),
                            key: NO_KEY,
                        });
                        let m = tmp.len() - 1;
                        tmp[n].children.insert(c, m);
                        m
                    }
                };
            }
            tmp[n].key = k;
        }
        // Node ids: tmp index (0 = the root, never referenced as a child).
        let mut nodes = vec![
            Node {
                first_edge: 0,
                n_edges: 0,
                key: NO_KEY
            };
            tmp.len()
        ];
        let mut edges = Vec::new();
        for (i, t) in tmp.iter().enumerate() {
            let mut ch: Vec<(char, u32)> =
                t.children.iter().map(|(&c, &m)| (c, m as u32)).collect();
            ch.sort_unstable();
            nodes[i] = Node {
                first_edge: edges.len() as u32,
                n_edges: ch.len() as u32,
                key: t.key,
            };
            edges.extend(ch);
        }
        let mut root = vec![0u32; 0x10000];
        for (&c, &m) in &tmp[0].children {
            let cp = c as u32;
            assert!(cp < 0x10000, "divisions.tsv: name outside the BMP");
            root[cp as usize] = m as u32;
        }
        (root, nodes, edges)
    }

    #[inline]
    fn child(&self, node: u32, c: char) -> u32 {
        let n = self.nodes[node as usize];
        let e = &self.edges[n.first_edge as usize..(n.first_edge + n.n_edges) as usize];
        if e.len() <= 8 {
            for &(ec, m) in e {
                if ec == c {
                    return m;
                }
            }
            0
        } else {
            match e.binary_search_by(|x| x.0.cmp(&c)) {
                Ok(i) => e[i].1,
                Err(_) => 0,
            }
        }
    }

    /// Place mentions in `text`, in text order, not overlapping. See the
    /// module doc for the rules; a development zone after a city name
    /// (郑州高新区) resolves to the city.
    pub fn find_places(&self, text: &str) -> Vec<PlaceMention> {
        let raws = self.scan(text);
        if raws.is_empty() {
            return Vec::new();
        }
        let groups = self.group(&raws);
        self.resolve(text, groups)
    }

    /// Step 1: longest-match scan with the word guards.
    fn scan(&self, text: &str) -> Vec<Raw> {
        let b = text.as_bytes();
        let mut out: Vec<Raw> = Vec::new();
        let mut i = 0usize; // byte offset
        let mut ci = 0usize; // char offset
        let mut prev: char = '\0';
        let mut last_end = usize::MAX; // byte end of the last accepted match
                                       // (byte end, char end, key) of each terminal on the walk
        let mut terms: [(usize, usize, u32); 24] = [(0, 0, 0); 24];
        while i < b.len() {
            let b0 = b[i];
            if b0 < 0x80 {
                prev = b0 as char;
                i += 1;
                ci += 1;
                continue;
            }
            let (c, len) = decode(b, i);
            let cp = c as u32;
            let node0 = if cp < 0x10000 {
                self.root[cp as usize]
            } else {
                0
            };
            if node0 == 0 {
                prev = c;
                i += len;
                ci += 1;
                continue;
            }
            // Walk the trie, collecting terminals.
            let mut nt = 0usize;
            let mut node = node0;
            let mut j = i + len;
            let mut cj = ci + 1;
            loop {
                let k = self.nodes[node as usize].key;
                if k != NO_KEY && nt < terms.len() {
                    terms[nt] = (j, cj, k);
                    nt += 1;
                }
                if j >= b.len() || b[j] < 0x80 {
                    break;
                }
                let (c2, l2) = decode(b, j);
                let m = self.child(node, c2);
                if m == 0 {
                    break;
                }
                node = m;
                j += l2;
                cj += 1;
            }
            // Longest acceptable terminal.
            let mut accepted = None;
            for t in (0..nt).rev() {
                let (end, cend, k) = terms[t];
                if self.acceptable(b, end, prev, k, last_end == i) {
                    accepted = Some((end, cend, k));
                    break;
                }
            }
            match accepted {
                Some((end, cend, k)) => {
                    let key = &self.keys[k as usize];
                    let mut zone_end = None;
                    if key.has_city {
                        let rest = &text[end..];
                        if let Some(z) = ZONE_SUFFIXES.iter().find(|z| rest.starts_with(**z)) {
                            zone_end = Some((end + z.len(), cend + z.chars().count()));
                        }
                    }
                    let (bend, chend) = zone_end.unwrap_or((end, cend));
                    out.push(Raw {
                        start_b: i,
                        end_b: bend,
                        start_c: ci,
                        end_c: chend,
                        key: k,
                        zone: zone_end.is_some(),
                    });
                    last_end = bend;
                    prev = text[..bend].chars().next_back().unwrap_or('\0');
                    i = bend;
                    ci = chend;
                }
                None => {
                    prev = c;
                    i += len;
                    ci += 1;
                }
            }
        }
        out
    }

    /// Word guards for a candidate match `b[start..end]` of key `k`.
    #[inline]
    fn acceptable(&self, b: &[u8], end: usize, prev: char, k: u32, adjacent: bool) -> bool {
        let key = &self.keys[k as usize];
        if key.composite_only && !adjacent {
            return false;
        }
        let rest = &b[end..];
        let next = if rest.is_empty() || rest[0] < 0x80 {
            None
        } else {
            Some(decode(b, end).0)
        };
        if key.short {
            if STREET_SUFFIXES
                .iter()
                .any(|s| rest.starts_with(s.as_bytes()))
            {
                return false;
            }
            if key.chars == 2 && !key.province_short {
                let pair = |bg: &&str, x: char, y: char| {
                    let mut it = bg.chars();
                    it.next() == Some(x) && it.next() == Some(y)
                };
                if let Some(n) = next {
                    if BREAKER_BIGRAMS.iter().any(|bg| pair(bg, key.last, n)) {
                        return false;
                    }
                    if key.county_short && FEATURE_SUFFIXES.contains(&n) {
                        return false;
                    }
                }
                if !adjacent {
                    if PREV_BREAKER_BIGRAMS
                        .iter()
                        .any(|bg| pair(bg, prev, key.first))
                    {
                        return false;
                    }
                    if SURNAMES.contains(prev) {
                        return false;
                    }
                    if key.last == '州' && TRANSLIT_BEFORE_ZHOU.contains(prev) {
                        return false;
                    }
                }
            }
        } else {
            if let Some(n) = next {
                match (key.last, n) {
                    ('区' | '县', '域') | ('县', '城') | ('市', '场') => return false,
                    _ => {}
                }
                if key.two_char_full
                    && matches!(
                        n,
                        '城' | '域' | '级' | '长' | '委' | '里' | '市' | '乡' | '区'
                    )
                {
                    return false;
                }
            }
            // 新县, 和县 stand after a boundary, not inside a word (千叶县, 市和县).
            if key.two_char_full && !adjacent && is_cjk(prev) && !TWO_CHAR_FULL_AFTER.contains(prev)
            {
                return false;
            }
        }
        true
    }

    /// Step 2: merge adjacent matches into composites.
    fn group(&self, raws: &[Raw]) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        for r in raws {
            let key = &self.keys[r.key as usize];
            if let Some(g) = groups.last_mut() {
                if g.end_b == r.start_b && !g.zone {
                    let related: Vec<Entry> = key
                        .entries
                        .iter()
                        .filter(|e| {
                            let p = self.divisions[e.div as usize].parent;
                            p.is_some_and(|p| {
                                g.cands.iter().any(|c| self.is_within(p, c.div as usize))
                            })
                        })
                        .map(|e| Entry {
                            div: e.div,
                            needs_context: false,
                            composite_only: false,
                        })
                        .collect();
                    if !related.is_empty() {
                        g.cands = related;
                        g.end_b = r.end_b;
                        g.end_c = r.end_c;
                        g.zone = r.zone;
                        g.pieces += 1;
                        continue;
                    }
                }
            }
            groups.push(Group {
                start_b: r.start_b,
                end_b: r.end_b,
                start_c: r.start_c,
                end_c: r.end_c,
                cands: key.entries.clone(),
                zone: r.zone,
                pieces: 1,
            });
        }
        for g in &mut groups {
            if g.pieces == 1 {
                g.cands.retain(|e| !e.composite_only);
            }
            if g.zone {
                let cities: Vec<Entry> = g
                    .cands
                    .iter()
                    .filter(|e| self.divisions[e.div as usize].name.ends_with('市'))
                    .map(|e| Entry {
                        needs_context: false,
                        ..*e
                    })
                    .collect();
                if !cities.is_empty() {
                    g.cands = cities;
                }
            }
        }
        groups.retain(|g| !g.cands.is_empty());
        groups
    }

    /// Step 3: pick one division per group, using the other places as context.
    fn resolve(&self, text: &str, groups: Vec<Group>) -> Vec<PlaceMention> {
        let mut context = vec![false; self.divisions.len()];
        let mut chosen: Vec<Option<usize>> = vec![None; groups.len()];
        let mark = |context: &mut Vec<bool>, d: usize| {
            for a in self.ancestors(d) {
                context[a] = true;
            }
        };
        // A: certain ones, and those certain but for a county short name that
        // would need context itself (河南: the province, or 河南县 in Qinghai).
        for (gi, g) in groups.iter().enumerate() {
            let mut free = g.cands.iter().filter(|e| !e.needs_context);
            if let (Some(e), None) = (free.next(), free.next()) {
                let d = e.div as usize;
                if g.cands.len() == 1 {
                    chosen[gi] = Some(d);
                }
                mark(&mut context, d);
            }
        }
        // B: ambiguous ones that need no context; C: those that may.
        for pass in 0..2 {
            let mut newly = Vec::new();
            for (gi, g) in groups.iter().enumerate() {
                if chosen[gi].is_some() {
                    continue;
                }
                let any_ctx = g.cands.iter().any(|e| e.needs_context);
                if (pass == 0) == any_ctx {
                    continue;
                }
                let best = g
                    .cands
                    .iter()
                    .filter(|e| {
                        !e.needs_context || {
                            let p = self.divisions[e.div as usize].parent;
                            p.is_some_and(|p| self.ancestors(p).any(|a| context[a]))
                        }
                    })
                    .map(|e| {
                        let d = e.div as usize;
                        let support = self
                            .ancestors(d)
                            .filter(|&a| context[a])
                            .map(|a| self.divisions[a].level.rank())
                            .max()
                            .unwrap_or(0);
                        (
                            support,
                            std::cmp::Reverse(self.divisions[d].level.rank()),
                            std::cmp::Reverse(d),
                        )
                    })
                    .max();
                if let Some((_, _, std::cmp::Reverse(d))) = best {
                    chosen[gi] = Some(d);
                    newly.push(d);
                }
            }
            for d in newly {
                mark(&mut context, d);
            }
        }
        groups
            .iter()
            .zip(chosen)
            .filter_map(|(g, d)| {
                d.map(|d| PlaceMention {
                    start: g.start_c,
                    end: g.end_c,
                    division: d,
                    text: text[g.start_b..g.end_b].to_string(),
                })
            })
            .collect()
    }
}

/// Place mentions in `text`, with the embedded gazetteer.
pub fn find_places(text: &str) -> Vec<PlaceMention> {
    Gazetteer::get().find_places(text)
}

#[derive(Debug, Clone, Copy)]
struct Raw {
    start_b: usize,
    end_b: usize,
    start_c: usize,
    end_c: usize,
    key: u32,
    zone: bool,
}

#[derive(Debug)]
struct Group {
    start_b: usize,
    end_b: usize,
    start_c: usize,
    end_c: usize,
    cands: Vec<Entry>,
    zone: bool,
    pieces: u32,
}

/// Whether `c` is a CJK ideograph (not punctuation, not ASCII).
#[inline]
fn is_cjk(c: char) -> bool {
    ('\u{3400}'..='\u{9FFF}').contains(&c) || ('\u{F900}'..='\u{FAFF}').contains(&c)
}

/// Characters after which a two-character full name (新县) may stand alone.
const TWO_CHAR_FULL_AFTER: &str = "在到赴从至的与及往于是对向将把被了为经和";

/// Decode the UTF-8 char at `b[i]` (which is not ASCII; `b` is valid UTF-8).
#[inline]
fn decode(b: &[u8], i: usize) -> (char, usize) {
    let b0 = b[i] as u32;
    let (cp, len) = if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F), 2)
    } else if b0 < 0xF0 {
        (
            ((b0 & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F),
            3,
        )
    } else {
        (
            ((b0 & 0x07) << 18)
                | ((b[i + 1] as u32 & 0x3F) << 12)
                | ((b[i + 2] as u32 & 0x3F) << 6)
                | (b[i + 3] as u32 & 0x3F),
            4,
        )
    };
    (char::from_u32(cp).unwrap_or('\u{FFFD}'), len)
}
