//! Events as local papers tell them: who goes along with an inspection and
//! who only accompanies it, the principals of a meeting told twice, the hosts
//! of a study visit and the visitors' own officials, a visit dated 昨日.
//! Sentences written for the test.

use benbao::{Article, PageDate};
use benbao_extract::{extract, Event};

fn events(text: &str, date: &str) -> Vec<Event> {
    let a = Article { paragraphs: text.lines().map(str::to_string).collect(), date: Some(date.to_string()), ..Default::default() };
    extract(&a, &PageDate::parse(date).unwrap()).events
}

fn kinds(ev: &[Event]) -> Vec<&str> {
    ev.iter().map(|e| e.kind.as_str()).collect()
}

#[test]
fn who_goes_along_is_an_inspector_who_accompanies_is_not() {
    let ev = events(
        "5月3日上午，县委书记赵明远到城关镇调研乡村振兴工作。县领导王建国、刘卫东一同调研。镇党委书记孙志强陪同调研。\n调研中，赵明远一行深入城关镇东村考察调研。",
        "2023-05-04",
    );
    assert_eq!(kinds(&ev), ["inspection"]);
    assert_eq!(ev[0].actors, ["赵明远", "王建国", "刘卫东"]);
    assert_eq!(ev[0].date.as_deref(), Some("2023-05-03"));
}

#[test]
fn a_meeting_told_twice_is_one_with_its_principals() {
    let ev = events(
        "5月3日，县委常委会召开第12次会议。县委书记赵明远主持会议并讲话，县领导王建国、刘卫东出席会议，孙志强列席会议。",
        "2023-05-04",
    );
    assert_eq!(kinds(&ev), ["meeting"]);
    assert_eq!(ev[0].actors, ["赵明远", "王建国", "刘卫东"]);
    assert!(!ev[0].actors.contains(&"孙志强".to_string()));
}

#[test]
fn the_hosts_of_a_study_visit_not_the_visitors_own() {
    let ev = events(
        "昨日，林州市委书记高志平率党政代表团来我县考察学习。县委书记赵明远，县委副书记、县长王建国陪同；林州市人大常委会主任刘卫东等参加考察。",
        "2023-05-04",
    );
    assert_eq!(kinds(&ev), ["study_visit"]);
    let v = &ev[0];
    assert_eq!(v.actors, ["高志平"]);
    assert_eq!(v.counterparts, ["赵明远", "王建国"]);
    assert_eq!(v.origin.as_ref().map(|o| o.name.as_str()), Some("林州市"));
    assert_eq!(v.date.as_deref(), Some("2023-05-03"));
}

#[test]
fn what_a_speaker_recounts_is_no_event_and_undated_news_is_the_pages_day() {
    let ev = events(
        "欢迎仪式后，县长王建国同来访的客人举行会谈。\n王建国表示，两地友谊深厚。去年县委书记赵明远会见了代表团，为合作作出规划。",
        "2023-05-04",
    );
    assert_eq!(kinds(&ev), ["reception"]);
    assert_eq!(ev[0].actors, ["王建国"]);
    assert_eq!(ev[0].date.as_deref(), Some("2023-05-04"));
}

#[test]
fn a_meeting_no_official_holds_is_held_by_those_printed_at_it() {
    // 举行座谈。A；B，C出席。: the principals in the next sentence hold it
    let ev = events(
        "6月2日，青山区与重点企业举行工作座谈。区委书记赵明远；某某集团总经理王建国，某某公司董事长刘卫东出席。区委常委孙志强等参加座谈。",
        "2023-06-03",
    );
    assert_eq!(kinds(&ev), ["meeting"]);
    assert_eq!(ev[0].actors, ["赵明远", "王建国", "刘卫东"]);
    // 在随后召开的座谈会上，X汇报: who reports at it; a speech passed on (传达…重要讲话) is not
    let ev = events(
        "6月2日，县人大常委会组织代表视察重点工程。县人大常委会主任赵明远参加视察。在随后召开的座谈会上，副县长王建国汇报了工程建设情况。",
        "2023-06-03",
    );
    assert_eq!(kinds(&ev), ["inspection", "meeting"]);
    assert_eq!(ev[1].actors, ["王建国"]);
    assert_eq!(ev[1].place, None);
    let ev = events("6月2日，县委常委会召开会议，传达习近平总书记重要讲话精神。", "2023-06-03");
    assert!(ev.iter().all(|e| !e.actors.contains(&"习近平".to_string())), "{ev:?}");
}

#[test]
fn officials_printed_going_to_units_inspect_them() {
    let ev = events(
        "6月2日，县委书记赵明远一行先后到县敬老院和困难群众家中，送上慰问金。\n",
        "2023-06-03",
    );
    assert_eq!(kinds(&ev), ["inspection"]);
    assert_eq!(ev[0].actors, ["赵明远"]);
    assert_eq!(ev[0].place.as_deref(), Some("县敬老院和困难群众家中"));
    // a name with no post going somewhere is no official's inspection
    let ev = events("6月2日，赵明远一行先后到县敬老院和困难群众家中，送上慰问金。", "2023-06-03");
    assert!(ev.is_empty(), "{ev:?}");
}

#[test]
fn two_delegations_each_led_by_its_own_leader() {
    // 由A带队…组成的X考察团，及由B带队…组成的Y考察团分别对Z进行了考察
    let ev = events(
        "6月2日，由林州市委书记赵明远带队，林州市各部门负责人组成的林州考察团，及由辉县市委书记王建国带队，辉县市各部门负责人组成的辉县考察团分别对滑县进行了考察调研。滑县领导刘卫东、孙志强等陪同。",
        "2023-06-03",
    );
    assert_eq!(kinds(&ev), ["study_visit", "study_visit"]);
    assert_eq!(ev[0].actors, ["赵明远"]);
    assert_eq!(ev[1].actors, ["王建国"]);
    assert_eq!(ev[0].origin.as_ref().and_then(|o| o.code.as_deref()), Some("410581"));
    assert_eq!(ev[1].origin.as_ref().and_then(|o| o.code.as_deref()), Some("410782"));
    for v in &ev {
        assert_eq!(v.destination.as_ref().and_then(|d| d.code.as_deref()), Some("410526"));
        assert_eq!(v.counterparts, ["刘卫东", "孙志强"]);
    }
}

#[test]
fn where_a_meeting_or_a_reception_was_held() {
    // the paragraph opens with where the meeting was held; the principals attend it next
    let ev = events("全国林业工作研讨会22日至24日在京举行。国务院副总理赵明远出席开幕式并讲话。", "2024-08-24");
    assert_eq!(kinds(&ev), ["meeting"]);
    assert_eq!(ev[0].place.as_deref(), Some("北京"));
    // 在X出席…期间会见: X
    let ev = events("当地时间11月18日，国家主席赵明远在利马出席亚太经合组织领导人非正式会议期间会见秘鲁总统王建国。", "2024-11-19");
    let r = ev.iter().find(|e| e.kind == "reception").unwrap();
    assert_eq!(r.place.as_deref(), Some("利马"));
    assert_eq!(r.counterparts, ["王建国"]);
    // the meeting named before where it was held, its chair in the next sentence
    let ev = events("2月8日上午，市人大常委会第9次主任会议在市行政中心召开。市人大常委会主任赵明远主持会议。", "2025-02-09");
    assert_eq!(kinds(&ev), ["meeting"]);
    assert_eq!((ev[0].actors.as_slice(), ev[0].place.as_deref()), (&["赵明远".to_string()][..], Some("市行政中心")));
    // 拜访了X，与…座谈
    let ev = events("4月6日，市长赵明远带队拜访了北京市朝阳区政府，与朝阳区区长王建国进行了座谈交流。", "2016-04-07");
    assert_eq!(ev[0].place.as_deref(), Some("北京市朝阳区政府"));
}

#[test]
fn where_officials_inspect() {
    let place = |text: &str| events(text, "2024-12-13").into_iter().find(|e| e.kind == "inspection").and_then(|e| e.place);
    // 莅临X调研; 对X进行视察; a target that starts with its year
    assert_eq!(place("12月12日，市政协副主席赵明远一行莅临经开区调研。").as_deref(), Some("经开区"));
    assert_eq!(place("12月12日，在县委副书记赵明远的带领下，全体代表对我县民生项目、交通项目等进行集中视察。").as_deref(), Some("我县民生项目、交通项目"));
    assert_eq!(place("12月12日，县长赵明远视察2024年全县重点工程。").as_deref(), Some("2024年全县重点工程"));
    // where they go, not whom they see there
    assert_eq!(place("12月12日，县长赵明远一行先后到城关镇东村、西村，对困难群众进行走访慰问。").as_deref(), Some("城关镇东村、西村"));
}

#[test]
fn a_delegation_led_from_a_county_comes_to_the_papers_own() {
    // 我县 is the county named other than the visitors' own, and it is the place and the dyad's host
    let ev = events(
        "3月2日，汤阴县县委书记高志平率领党政考察团到我县学习考察。县领导王建国参加考察活动。\n汤阴县领导刘卫东，滑县领导赵明远、孙志强等参加活动。",
        "2023-03-03",
    );
    assert_eq!(kinds(&ev), ["study_visit"]);
    let v = &ev[0];
    assert_eq!(v.origin.as_ref().map(|o| o.name.as_str()), Some("汤阴县"));
    assert_eq!(v.place.as_deref(), Some("滑县"));
    assert_eq!(v.destination.as_ref().and_then(|d| d.code.as_deref()), Some("410526"));
    assert_eq!(v.counterparts, ["王建国", "赵明远", "孙志强"]);
}

#[test]
fn a_destination_printed_by_one_character_and_one_printed_as_two_counties() {
    let ev = events("5月3日，长治市党政考察团在市委书记高志平带领下来潍考察。潍坊市委书记赵明远陪同。", "2023-05-04");
    assert_eq!(ev[0].destination.as_ref().map(|d| (d.name.as_str(), d.code.as_deref())), Some(("潍坊市", Some("370700"))));
    let ev = events("5月3日，区委书记高志平率金山区党政代表团赴六安市霍邱县、叶集区考察学习。", "2023-05-04");
    assert_eq!(ev[0].place.as_deref(), Some("六安市霍邱县、叶集区"));
    assert_eq!(ev[0].destination.as_ref().and_then(|d| d.code.as_deref()), Some("341500"));
}

#[test]
fn a_delegation_from_an_association_comes_from_the_place_its_title_names() {
    let ev = events("本报讯（记者王明）5月3日，武汉郑州商会会长高志平带领考察团一行莅临中牟县参观考察。", "2023-05-04");
    assert_eq!(ev[0].origin.as_ref().map(|o| (o.name.as_str(), o.code.as_deref())), Some(("武汉", Some("420100"))));
}

#[test]
fn an_official_who_speaks_after_a_meeting_holds_it() {
    let ev = events(
        "12月12日，县委常委上官明主持召开重点工程座谈会。\n县人大常委会主任赵明远强调，要抓好重点工程。\n赵明远指出，要守住安全底线。",
        "2024-12-13",
    );
    assert_eq!(kinds(&ev), ["meeting"]);
    assert_eq!(ev[0].actors, ["上官明", "赵明远"]);
}

#[test]
fn a_delegation_that_comes_to_a_unit_inspects_it() {
    let e = events("7月23日，临泽县副县长张勇等一行来我会考察指导。", "2018-07-23");
    let v: Vec<_> = e.iter().map(|v| (v.kind.as_str(), v.place.as_deref())).collect();
    assert_eq!(v, [("inspection", Some("我会"))]);
}
