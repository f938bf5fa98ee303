//! Jurisdictions of posts and the roles of study visits: the seed page's
//! three delegations (洛阳高新区, 漯河郾城区, 焦作高新区 → 郑州高新区, received
//! by 王德敏), the seed's officials with the paper's home locality, and the
//! reading rules on sentences written for the test.

use benbao::{parse_str, Article, Options, PageDate};
use benbao_extract::{extract, extract_at, Jurisdiction};

fn seed() -> Vec<Article> {
    let p = format!("{}/../../tests/fixtures/seed/0000.txt", env!("CARGO_MANIFEST_DIR"));
    parse_str(&std::fs::read_to_string(p).unwrap(), &Options { date: PageDate::parse("2022-02").unwrap(), ..Default::default() })
}

fn code(j: &Option<Jurisdiction>) -> Option<&str> {
    j.as_ref().and_then(|j| j.code.as_deref())
}

#[test]
fn the_seed_pages_three_study_visit_dyads() {
    let date = PageDate::parse("2022-02").unwrap();
    let e = extract(&seed()[0], &date);
    let visits: Vec<_> = e.events.iter().filter(|v| v.kind == "study_visit").collect();
    let dyads: Vec<(Option<&str>, Option<&str>, &str, &[String])> =
        visits.iter().map(|v| (code(&v.origin), code(&v.destination), v.origin.as_ref().unwrap().name.as_str(), v.counterparts.as_slice())).collect();
    let hosts = vec!["王德敏".to_string()];
    assert_eq!(
        dyads,
        vec![
            (Some("410300"), Some("410100"), "洛阳高新区", hosts.as_slice()),
            (Some("411103"), Some("410100"), "漯河郾城区", hosts.as_slice()),
            (Some("410800"), Some("410100"), "焦作高新区", hosts.as_slice()),
        ]
    );
    // the delegation leaders' posts are their home's
    let li = e.people.iter().find(|p| p.name == "李占宾").unwrap();
    assert!(li.posts.iter().all(|p| code(&p.jurisdiction) == Some("411103")), "{:?}", li.posts);
}

#[test]
fn the_seed_officials_with_the_papers_home() {
    let date = PageDate::parse("2022-02").unwrap();
    let home = Jurisdiction::home("郑州高新区").unwrap();
    assert_eq!(home.code.as_deref(), Some("410100"));
    for (i, name) in [(1, "王德敏"), (2, "赵毅"), (3, "杜怀锋")] {
        let e = extract_at(&seed()[i], &date, Some(&home));
        let p = e.people.iter().find(|p| p.name == name).unwrap();
        assert_eq!(p.posts.len(), 2);
        assert!(p.posts.iter().all(|q| code(&q.jurisdiction) == Some("410100")), "{name}: {:?}", p.posts);
        // without the home locality the article does not say whose 高新区 it is
        let e = extract(&seed()[i], &date);
        let p = e.people.iter().find(|p| p.name == name).unwrap();
        assert!(p.posts.iter().all(|q| q.jurisdiction.is_none()), "{name}: {:?}", p.posts);
    }
    assert!(Jurisdiction::home("不存在的地方").is_err());
}

fn posts_of(text: &str, name: &str) -> Vec<(String, Option<String>)> {
    let a = Article { paragraphs: text.lines().map(str::to_string).collect(), ..Default::default() };
    let e = extract(&a, &PageDate::parse("2023-05-01").unwrap());
    let p = e.people.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("{name} not found in {:?}", e.people));
    p.posts.iter().map(|q| (format!("{}{}", q.organization.as_deref().unwrap_or(""), q.post), q.jurisdiction.as_ref().and_then(|j| j.code.clone()))).collect()
}

#[test]
fn reading_rules() {
    // a division printed in the title; the next segment carries it over
    assert_eq!(
        posts_of("5月1日，南阳市委书记、市长张建国到西峡县调研。", "张建国"),
        vec![("南阳市委书记".into(), Some("411300".into())), ("市长".into(), Some("411300".into()))]
    );
    // a level word takes the nearest division of that level before it
    assert_eq!(posts_of("西峡县召开会议。县委书记刘明亮主持会议。", "刘明亮"), vec![("县委书记".into(), Some("411323".into()))]);
    // national bodies
    assert_eq!(posts_of("国务院总理李明在北京会见来宾。", "李明"), vec![("国务院总理".into(), Some("100000".into()))]);
    // a company's post has none
    assert_eq!(posts_of("河南某某科技有限公司董事长王建设介绍了情况。", "王建设")[0].1, None);
    // 我县 is the county the article is about, not the visitors'
    let text = "5月2日，西峡县党政代表团来我县考察学习。县委书记赵东方陪同。\n代表团一行参观了内乡县的产业园区。";
    assert_eq!(posts_of(text, "赵东方"), vec![("县委书记".into(), Some("411325".into()))]);
    // 组织部长 is a party post, not an international body's: it goes with the segment before it
    assert_eq!(posts_of("海淀区区委常委、组织部长刘明亮参加座谈。", "刘明亮")[1], ("组织部长".into(), Some("110108".into())));
    // a zone's bodies are not those of the city its office sits in (驻青岛)
    let text = "近日，开发区党工委副书记刘明亮赴外地招商，驻青岛招商工作组负责人参加。\n刘明亮表示，南阳开发区产业基础完善。";
    assert_eq!(posts_of(text, "刘明亮")[0].1.as_deref(), Some("411300"));
}

#[test]
fn who_accompanies_a_visiting_delegation_serves_the_host_not_the_visitors() {
    // the delegation's city is named before the hosts' bare 市委书记; 我市 is the host
    let text = "7月2日，河北省邢台市市委书记赵明远率邢台市党政考察团来我市考察。市委书记王建国，市委秘书长刘卫东陪同。\n考察团了解了我市经济社会发展情况。潍坊市近年来发展迅速。";
    let code_of = |name: &str, post: &str| posts_of(text, name).into_iter().find(|(p, _)| p.ends_with(post)).and_then(|(_, c)| c);
    assert_eq!(code_of("赵明远", "书记").as_deref(), Some("130500"));
    assert_eq!(code_of("王建国", "书记").as_deref(), Some("370700"));
    assert_eq!(code_of("刘卫东", "秘书长").as_deref(), Some("370700"));
}

#[test]
fn a_chinese_name_with_zhuxi_after_it_is_the_head_of_state() {
    // 主席 printed after the name is the state's; printed before it, the body's
    assert_eq!(posts_of("赵明远主席指出，要加强合作。", "赵明远"), [("主席".to_string(), Some("100000".to_string()))]);
    let local = posts_of("6月2日，林州市政协主席赵明远到城关镇调研。", "赵明远");
    assert_eq!(local[0].1.as_deref(), Some("410581"), "{local:?}");
}

#[test]
fn foreign_heads_of_state_have_none_and_state_councillors_are_national() {
    // a foreign state's head, whatever the state, takes no code from the Chinese host beside him
    let text = "国家主席李明在北京会见乌干达总统穆塞韦尼。国务委员兼外交部长王建设参加会见。";
    assert_eq!(posts_of(text, "穆塞韦尼"), [("乌干达总统".to_string(), None)]);
    assert_eq!(posts_of(text, "王建设"), [("国务委员兼外交部长".to_string(), Some("100000".to_string()))]);
    // a long state name with 和 in it stays whole in the title
    assert_eq!(posts_of("国家主席李明同德意志联邦共和国总理朔尔茨举行会谈。", "朔尔茨"), [("德意志联邦共和国总理".to_string(), None)]);
    assert_eq!(posts_of("国务委员刘卫东出席。", "刘卫东"), [("国务委员".to_string(), Some("100000".to_string()))]);
}

#[test]
fn a_level_word_in_a_list_keeps_its_meaning_over_a_division_inside_it() {
    // 市委 is 潍坊's all through the list, though 寿光市 (a city within it) is printed between
    let text = "潍坊市召开座谈会。市委书记杜明远，市委常委、寿光市委书记孙建国，市委秘书长刘卫东出席。";
    assert_eq!(posts_of(text, "刘卫东"), [("市委秘书长".to_string(), Some("370700".to_string()))]);
    assert_eq!(posts_of(text, "孙建国")[1], ("寿光市委书记".to_string(), Some("370783".to_string())));
    // a sibling city printed between is another body's: 开封's 市长 is 开封's
    let text = "郑州市委书记王建国、市长李明，开封市委书记赵东方、市长刘卫东出席。";
    assert_eq!(posts_of(text, "刘卫东"), [("市长".to_string(), Some("410200".to_string()))]);
}

#[test]
fn a_companys_home_counts_only_when_no_other_place_fits() {
    // 上海 starts a company's name; 通辽 is where the zone is
    let text = "近日，开发区党工委副书记刘明亮赴外地招商。\n刘明亮一行深入上海松华药业有限公司考察。刘明亮表示，通辽地区产业基础完善。";
    assert_eq!(posts_of(text, "刘明亮")[0].1.as_deref(), Some("150500"));
    // with nothing else named, the company's home is the reader's best clue
    let text = "市政协副主席赵东方莅临经开区调研。区党工委书记刘明亮陪同。\n赵东方一行深入我区新乡立白实业有限公司考察。";
    assert_eq!(posts_of(text, "刘明亮")[0].1.as_deref(), Some("410700"));
}
