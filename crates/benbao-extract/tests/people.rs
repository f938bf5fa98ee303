//! People as local papers print them: names listed after a group label
//! (区领导…), a name before 总书记 inside a set phrase, transcribed names
//! with a hyphen followed by a verb. Sentences written for the test.

use benbao::{Article, PageDate};
use benbao_extract::extract;

/// (name, printed posts) of each person of a one-paragraph article.
fn people(text: &str) -> Vec<(String, Vec<String>)> {
    let a = Article { paragraphs: text.lines().map(str::to_string).collect(), ..Default::default() };
    let e = extract(&a, &PageDate::parse("2023-05-01").unwrap());
    e.people.iter().map(|p| (p.name.clone(), p.posts.iter().map(|q| format!("{}{}", q.organization.as_deref().unwrap_or(""), q.post)).collect())).collect()
}

fn names(text: &str) -> Vec<String> {
    people(text).into_iter().map(|p| p.0).collect()
}

#[test]
fn names_after_a_group_label_have_no_post() {
    let p = people("5月3日，县委书记赵明远到城关镇调研。县领导王建国、刘卫东、孙志强一同调研。");
    assert_eq!(
        p,
        vec![
            ("赵明远".to_string(), vec!["县委书记".to_string()]),
            ("王建国".to_string(), vec![]),
            ("刘卫东".to_string(), vec![]),
            ("孙志强".to_string(), vec![]),
        ]
    );
    // a label naming its county; one name ended by 陪同
    assert_eq!(names("临河县领导高志平陪同。"), ["高志平"]);
    // 领导 as a verb or in a compound names nobody
    assert!(names("在县委的领导下，领导班子成员分头落实。").is_empty());
}

#[test]
fn a_name_before_zongshuji_in_a_set_phrase() {
    let p = people("会议要求，要深入学习贯彻习近平总书记重要指示精神。");
    assert_eq!(p, vec![("习近平".to_string(), vec!["总书记".to_string()])]);
}

#[test]
fn a_hyphenated_name_ends_before_the_verb_after_it() {
    let n = names("古巴国家主席迪亚斯-卡内尔出席仪式。当天下午，迪亚斯-卡内尔还前往天安门广场。");
    assert_eq!(n, ["迪亚斯-卡内尔"]);
}

#[test]
fn names_in_the_credits_are_the_bylines_not_the_articles() {
    let n = names("映象网讯（记者杨明远 通讯员宋永和）5月3日，县委书记赵明远到城关镇调研。\n县领导王建国一同调研。（刘卫东 孙志强）");
    assert_eq!(n, ["赵明远", "王建国"]);
}

#[test]
fn an_organization_with_a_stop_word_in_it_stays_whole_in_the_title() {
    let p = people("中国中元国际工程有限公司董事长李海欣，县委组织部长何炳南出席。");
    assert_eq!(
        p,
        vec![("李海欣".to_string(), vec!["中国中元国际工程有限公司董事长".to_string()]), ("何炳南".to_string(), vec!["县委组织部长".to_string()])]
    );
}

#[test]
fn a_listed_name_is_what_stands_between_the_lists_marks() {
    // 向 ends a name run into the text (赵毅向…) but not one fixed by a list's marks
    let n = names("县政府领导孙旭、李向平、罗平华出席会议。座谈会上，周其仁、黄瑜、张明等先后发言。");
    assert_eq!(n, ["孙旭", "李向平", "罗平华", "周其仁", "黄瑜", "张明"]);
}

#[test]
fn a_countys_short_name_before_its_post_is_no_person() {
    // 临泽县长: the magistrate of 临泽县, which the article prints
    let names = names("临泽县委书记赵明远一行来我会考察。此后，张掖市临泽县长一行参访了多家企业。");
    assert!(!names.contains(&"临泽".to_string()), "{names:?}");
    assert!(names.contains(&"赵明远".to_string()));
}

#[test]
fn a_name_run_into_the_next_word_is_the_name_printed_alone() {
    // the tagger reads 陈冬首 (首先) and 陈冬一 (一起); 陈冬 is printed alone too
    let n = names("航天员陈冬首先出舱。随后，航天员刘洋与陈冬一起协同开展作业，陈冬表示，一切顺利。");
    assert!(n.contains(&"陈冬".to_string()) && !n.iter().any(|x| x.starts_with("陈冬") && x != "陈冬"), "{n:?}");
    // two people whose names share two characters stay two
    let n = names("市委书记张学刚、县委书记张学勇出席。张学刚表示，张学勇指出。");
    assert_eq!(n, ["张学刚", "张学勇"]);
    // a foreign name before 互致 ends there
    assert_eq!(names("国家主席习近平同新西兰总理阿德恩互致贺电。"), ["习近平", "阿德恩"]);
}

#[test]
fn a_title_before_a_later_mention_is_a_post_too() {
    let p = people("临泽县委书记张学勇出席。今后还计划由县委书记张学勇带队，赴厦门推广。");
    assert_eq!(p, vec![("张学勇".to_string(), vec!["临泽县委书记".to_string(), "县委书记".to_string()])]);
}

#[test]
fn a_name_inside_a_buildings_name_is_nobody() {
    // the tagger reads 邓稼 + 先生; the name stands in 邓稼先生平陈列馆
    assert!(names("代表团先后来到稼先公园、邓稼先生平陈列馆等地。").is_empty());
    assert!(names("大家参观了焦裕禄同志纪念馆。").is_empty());
}
