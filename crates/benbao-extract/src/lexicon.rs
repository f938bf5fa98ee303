//! Word lists the extraction rules read: posts, organization suffixes, the
//! words that end a name or a title when reading backwards.

use crate::chars::Words;
use std::sync::LazyLock;

/// [`POSTS`], indexed.
pub static POSTS_INDEX: LazyLock<Words> = LazyLock::new(|| Words::new(POSTS));
/// [`POSTS_AFTER`], indexed.
pub static POSTS_AFTER_INDEX: LazyLock<Words> = LazyLock::new(|| Words::new(POSTS_AFTER));
/// [`ORG_SUFFIXES`], indexed.
pub static ORG_SUFFIXES_INDEX: LazyLock<Words> = LazyLock::new(|| Words::new(ORG_SUFFIXES));
/// [`STOP_WORDS`], indexed.
pub static STOP_WORDS_INDEX: LazyLock<Words> = LazyLock::new(|| Words::new(STOP_WORDS));
/// [`NAMES_WITH_STOPS`], indexed.
pub static NAMES_WITH_STOPS_INDEX: LazyLock<Words> = LazyLock::new(|| Words::new(NAMES_WITH_STOPS));

/// Posts that stand right before a name (区长李占宾), longest first when matched.
pub const POSTS: &[&str] = &[
    "中央军委主席", "中央军委副主席", "国务院总理", "国务院副总理", "国务委员", "国家主席", "国家副主席", "总书记",
    "委员长", "副委员长", "常务副省长", "常务副市长", "常务副区长", "常务副县长", "常务副主任",
    "组织部长", "组织部副部长", "党组书记", "党组副书记", "党委书记", "党委副书记", "党工委书记", "党工委副书记", "纪委书记", "政法委书记",
    "组织部部长", "宣传部部长", "统战部部长", "秘书长", "副秘书长",
    "副书记", "书记", "常委", "委员", "副主任", "主任", "副主席", "主席", "副总理", "总理",
    "副省长", "省长", "副市长", "市长", "副区长", "区长", "副县长", "县长", "副镇长", "镇长", "副乡长", "乡长",
    "副部长", "部长", "副局长", "局长", "副厅长", "厅长", "副处长", "处长", "副科长", "科长", "副司长", "司长",
    "副院长", "院长", "副校长", "校长", "副所长", "所长", "副行长", "行长", "副社长", "社长",
    "副会长", "会长", "副理事长", "理事长", "副董事长", "董事长", "副总经理", "总经理", "副总裁", "总裁",
    "总工程师", "总会计师", "总经济师", "首席执行官", "首席科学家",
    "检察长", "副检察长", "庭长", "副庭长", "大使", "总领事", "发言人", "新闻发言人",
    "司令员", "副司令员", "政委", "副政委", "参谋长", "主编", "总编辑", "副总编辑", "台长", "副台长",
    "巡视员", "调研员", "主任科员", "村支书", "支部书记", "队长", "站长", "馆长", "主管", "经理", "负责人",
    "教授", "副教授", "研究员", "院士", "工程师", "博士", "医生", "老师", "专家",
    "总统", "副总统", "首相", "副首相", "国王", "女王", "王储", "亲王", "外长", "外交部长", "防长", "国防部长", "议长", "副议长",
    "大臣", "外交大臣", "总统助理", "助理", "指挥官", "总司令", "司令", "总干事", "副总干事", "秘书长", "首席部长", "总督",
];

/// Posts printed after a name (习近平总书记, 焦裕禄同志).
pub const POSTS_AFTER: &[&str] = &["总书记", "主席", "副主席", "总理", "副总理", "委员长", "同志", "先生", "女士", "书记", "省长", "市长", "县长", "区长"];

/// Suffixes that end an organization's name.
pub const ORG_SUFFIXES: &[&str] = &[
    "纪检监察工委", "党工委", "管委会", "工委", "委员会", "人大常委会", "常委会", "纪委监委", "监委", "纪委", "党委", "党组",
    "人民政府", "政府", "人大", "政协", "办公室", "办公厅", "办事处", "总局", "局", "厅", "部", "署", "委",
    "中心", "集团", "公司", "银行", "大学", "学院", "学校", "中学", "小学", "医院", "协会", "学会", "联合会", "商会",
    "基金会", "研究院", "研究所", "研究中心", "实验室", "电视台", "广播电台", "报社", "日报社", "杂志社", "出版社", "空间",
    "园区", "高新区", "开发区", "经开区", "自贸区", "新区", "法院", "检察院", "公安局", "派出所", "支队", "大队",
    "合作社", "联社", "总台", "通讯社", "工会", "团委", "妇联", "科协", "侨联", "文联", "作协", "工商联", "联合国",
];

/// Words that look like an organization but are not (大局, 开局, 中心工作).
pub const NOT_ORGS: &[&str] = &[
    "大局", "格局", "布局", "全局", "结局", "开局", "当局", "定局", "僵局", "变局", "新局", "棋局", "骗局", "局部", "局面",
    "中心", "重心", "核心", "圆心", "部分", "全部", "内部", "外部", "局部", "干部", "部署", "部门", "总部", "本部",
    "委员", "编委", "常委", "党委", "政府", "空间", "公司", "集团", "园区", "新区", "学院", "中学", "小学",
];

/// An organization suffix followed by one of these is part of a longer word (部署, 中心工作).
pub fn continues_word(suffix: &str, next: &str) -> bool {
    let n = next.chars().next();
    match suffix {
        "部" => matches!(n, Some('署' | '分' | '门' | '长' | '队' | '位' | '件' | '委' | '属' | '落' | '族')),
        "局" => matches!(n, Some('面' | '势' | '限' | '部' | '长')),
        "委" => matches!(n, Some('员' | '托' | '屈' | '派' | '会')),
        "厅" => matches!(n, Some('长' | '堂')),
        "署" => matches!(n, Some('名' | '长' | '理')),
        "中心" => next.starts_with("工作") || next.starts_with("任务") || next.starts_with("城") || next.starts_with("思想") || next.starts_with("环节"),
        "空间" => !matches!(n, None | Some('，' | '。' | '、' | '；' | '）' | '”' | '\n')),
        _ => matches!(n, Some('长' | '员')),
    }
}

/// Characters that never belong to a name or title read backwards: they end the scan.
pub fn is_stop_char(c: char) -> bool {
    !benbao::segment::is_han(c) || "在到由被和与及同向对从把将为是于的了等各该其我你他她这那有让请给并也又还就都而但或即如若所之因赴至据凡每受称说着过".contains(c)
}

/// Verbs that end a backward scan for a title or an organization (…调研腾讯众创空间).
pub const STOP_WORDS: &[&str] = &[
    "调研", "考察", "视察", "检查", "走访", "督导", "来到", "前往", "深入", "参观", "会见", "会谈", "召开", "主持", "出席",
    "参加", "举行", "指导", "听取", "看望", "慰问", "陪同", "带领", "率领", "邀请", "欢迎", "表示", "指出", "强调", "要求",
    "介绍", "汇报", "结合", "推进", "加强", "围绕", "联合", "协调", "组织", "成立", "建立", "开展", "发布", "印发", "播出",
    "纳入", "实地", "入驻", "服务", "支持", "推动", "打造", "宣布", "任命", "免去", "当选", "担任", "出任", "兼任", "作为",
    "传达", "学习", "包括", "通过", "根据", "按照", "依托", "会同", "会上", "期间", "今天", "昨天", "日前", "近日", "上午", "下午", "晚上",
];

/// Characters that may follow a name: a name ends before them.
pub fn follows_name(c: char) -> bool {
    !benbao::segment::is_han(c) || "的在到会主同与和表指说强要出参率带一等对向就前来先分介陪听称及为是也已将代还并再又作于赴看考调视检走督深随致发讲认希提通签宣回答应接亲专实充高曾均则共从把被让给首今昨日近上下晚早".contains(c)
}

/// Single characters that do not end a given name (…赵毅到区…: 到 is not the name's third character).
pub fn not_in_name(c: char) -> bool {
    "的在到和与及等是对向为将把被了着说称会要并时".contains(c)
}

/// Names that hold a character the backward scans stop at (及, 也, 和).
pub const NAMES_WITH_STOPS: &[&str] = &[
    "埃及", "也门", "以色列", "共和国", "安提瓜和巴布达", "特立尼达和多巴哥", "圣多美和普林西比", "波斯尼亚和黑塞哥维那", "圣基茨和尼维斯",
    "圣文森特和格林纳丁斯", "和田", "和县", "和林格尔", "和平区", "和龙", "及第", "有限公司", "有限责任公司", "服务业", "服务中心", "服务局", "服务管理局", "该县", "该市", "该区", "该省", "该镇", "我会",
];
