//! One composed page per typesetting rule, each checking what a reader would see.

use benbao::{parse_str, Article, Options, PageDate};

fn parse(page: &str, date: &str) -> Vec<Article> {
    parse_str(page, &Options { date: PageDate::parse(date).unwrap(), ..Default::default() })
}

#[test]
fn column_break_inside_a_word_joins_without_a_paragraph() {
    // 副主|任: the column ends inside the word; the blank line is not a paragraph end
    let page = "本报讯 2月12日下午，区党工委委员、管委会副主\n\n任王德敏会见考察组一行，有关负责人参加交流座谈。\n记者 孙庆辉\n";
    let a = &parse(page, "2022-02")[0];
    assert_eq!(a.paragraphs, vec!["2月12日下午，区党工委委员、管委会副主任王德敏会见考察组一行，有关负责人参加交流座谈。"]);
}

#[test]
fn dropped_indent_and_short_last_line_end_paragraphs() {
    // column of 12 cells; paragraph first lines are 10 (indent dropped); the
    // second paragraph ends on a full line (its 。 hangs past the margin)
    let page = "\
本报讯 今天上午，全市召开
工作会议，部署今年重点工作
任务。
会议强调，要坚持稳中求
进工作总基调，推动高质量
发展取得明显新成效和突破。
与会人员表示将认真抓好
落实。
记者 王伟
";
    let a = &parse(page, "2024-03-05")[0];
    assert_eq!(
        a.paragraphs,
        vec!["今天上午，全市召开工作会议，部署今年重点工作任务。", "会议强调，要坚持稳中求进工作总基调，推动高质量发展取得明显新成效和突破。", "与会人员表示将认真抓好落实。"]
    );
}

#[test]
fn letter_spaced_lines_and_digit_spaces_are_layout() {
    let page = "本报讯 2月 11日上午，双方就\n介 绍 了 郑 州 高 新 区 的 总\n体情况进行交流，对 2021 年的\n工作进行总结。GDP growth 达到 5%。\n记者 孙庆辉\n";
    let a = &parse(page, "2022")[0];
    assert_eq!(a.paragraphs, vec!["2月11日上午，双方就介绍了郑州高新区的总体情况进行交流，对2021年的工作进行总结。GDP growth达到5%。"]);
    assert_eq!(a.date.as_deref(), Some("2022-02-11"));
}

#[test]
fn kept_full_width_indents_mark_paragraphs() {
    let page = "\u{3000}\u{3000}本报讯 今天，全市召开会议，部署\n工作。会议指出，要狠抓落实。\n\u{3000}\u{3000}会议要求，各部门要强化担当\n作为，确保各项任务落地见效，\n推动工作取得实效。\n记者 王伟\n";
    let a = &parse(page, "2024")[0];
    assert_eq!(a.paragraphs.len(), 2, "{:?}", a.paragraphs);
    assert!(a.paragraphs[1].starts_with("会议要求"));
}

#[test]
fn intertitles_are_paragraphs_of_their_own() {
    let page = "\
本报讯 连日来，各地深入学习贯彻
全会精神，干部群众反响热烈。
坚定信心
大家表示，要把思想和行动统
一到党中央决策部署上来，结
合职责职能，积极担当作为。
记者 邵强
";
    let a = &parse(page, "2024-07-25")[0];
    assert_eq!(a.paragraphs[1], "坚定信心");
    assert_eq!(a.paragraphs.len(), 3);
}

#[test]
fn dateline_forms() {
    let cases = [
        ("本报北京11月25日讯 记者从会上获悉，工作进展顺利。\n", "本报北京11月25日讯", Some("2024-11-25")),
        ("本报讯（11月25日） 全市召开会议，部署工作。\n", "本报讯（11月25日）", Some("2024-11-25")),
        ("新华社北京11月24日电 国务院常务会议召开，研究部署工作。\n", "新华社北京11月24日电", Some("2024-11-24")),
        ("本报郑州 7月 25日讯 24日，会议召开，部署工作。\n", "本报郑州7月25日讯", Some("2024-07-25")),
    ];
    for (page, dl, date) in cases {
        let a = &parse(page, "2024-11-26")[0];
        assert_eq!(a.dateline.as_deref(), Some(dl), "{page}");
        assert_eq!(a.date.as_deref(), date.map(|d| if dl.contains("7月") { "2024-07-25" } else { d }), "{page}");
        assert!(!a.paragraphs[0].starts_with(['本', '新']), "{:?}", a.paragraphs);
    }
}

#[test]
fn bracketed_byline_after_the_dateline_goes_to_the_byline() {
    let page = "本报讯（记者 王伟 通讯员 李娜 实习生 张强）2月9日，高新区召开会议，部署今年工作。\n";
    let a = &parse(page, "2022-02")[0];
    assert_eq!(a.dateline.as_deref(), Some("本报讯"));
    assert_eq!(a.byline.reporters, vec!["王伟"]);
    assert_eq!(a.byline.correspondents, vec!["李娜", "张强"]);
    assert_eq!(a.paragraphs[0], "2月9日，高新区召开会议，部署今年工作。");
    // the bracket wrapped onto the next line, cut inside a name
    let page = "本报讯（记者 钱娟 通讯员 谢琪\n元） 今天（12月24日），国家卫生健康\n委召开新闻发布会。\n";
    let a = &parse(page, "2023-12-25")[0];
    assert_eq!(a.byline.correspondents, vec!["谢琪元"]);
    assert_eq!(a.paragraphs[0], "今天（12月24日），国家卫生健康委召开新闻发布会。");
    assert_eq!(a.date.as_deref(), Some("2023-12-24"));
}

#[test]
fn bylines_at_the_end_in_their_forms() {
    let body = "本报讯 全市召开会议，部署今年的各项工作任务。\n";
    let cases: [(&str, &[&str], &[&str], bool); 5] = [
        ("记者 孙庆辉 通讯员 王逍遥\n", &["孙庆辉"], &["王逍遥"], false),
        ("记者 孙庆辉\n通讯员 高元州 宋贞\n", &["孙庆辉"], &["高元州", "宋贞"], false),
        ("记者 孙庆辉 文/图\n", &["孙庆辉"], &[], true),
        ("本报记者 王伟 摄\n", &["王伟"], &[], true),
        ("（记者 王伟 实习生 李娜）\n", &["王伟"], &["李娜"], false),
    ];
    for (by, rep, cor, photo) in cases {
        let a = &parse(&format!("{body}{by}"), "2024")[0];
        assert_eq!(a.byline.reporters, rep, "{by}");
        assert_eq!(a.byline.correspondents, cor, "{by}");
        assert_eq!(a.byline.photo, photo, "{by}");
        assert_eq!(a.paragraphs.len(), 1, "{by}");
    }
}

#[test]
fn kickers_keep_their_marker_and_start_articles() {
    let page = "本报讯 第一篇文章的内容写在这里。\n记者 王伟\n\n【一线见闻】\n\n本报讯 第二篇文章的内容写在这里。\n记者 李娜\n\n◆基层动态\n本报讯 第三篇文章的内容。\n";
    let arts = parse(page, "2024");
    assert_eq!(arts.len(), 3);
    assert_eq!(arts[0].kicker, None);
    assert_eq!(arts[1].kicker.as_deref(), Some("【一线见闻】"));
    assert_eq!(arts[2].kicker.as_deref(), Some("◆基层动态"));
}

#[test]
fn headlines_only_when_printed() {
    let page = "\
         全市召开经济工作会议
      ——部署明年重点任务

本报讯 12月20日，全市经济工作会
议召开，部署明年重点任务。
记者 王伟

本报讯 12月21日，全市安全生产会
议召开。
记者 李娜
";
    let arts = parse(page, "2024-12-22");
    assert_eq!(arts[0].headline.as_deref(), Some("全市召开经济工作会议"));
    assert_eq!(arts[0].subheadline.as_deref(), Some("——部署明年重点任务"));
    assert_eq!(arts[1].headline, None, "no headline is invented");
}

#[test]
fn page_furniture_never_leaks_into_articles() {
    let page = "\
郑州高新区报  2022年2月14日  星期一  第2版  要闻
责任编辑：张三  校对：李四

本报讯 2月9日，高新区党工委委员、管
委会副主任王德敏到石佛园区调研。
（下转第3版）
王德敏要求，要坚定信心，开局就是决
战。
记者 孙庆辉

（上接第1版）
各部门坚持目标为先，深入细化达成目
标的具体措施。
记者 宋贞
- 2 -
";
    let arts = parse(page, "2022-02-14");
    assert_eq!(arts.len(), 2);
    let all: String = arts.iter().flat_map(|a| a.paragraphs.clone()).collect();
    for junk in ["郑州高新区报", "星期一", "责任编辑", "下转", "上接", "- 2 -"] {
        assert!(!all.contains(junk), "{junk} leaked: {all}");
    }
    assert_eq!(arts[0].paragraphs.concat(), "2月9日，高新区党工委委员、管委会副主任王德敏到石佛园区调研。王德敏要求，要坚定信心，开局就是决战。");
    assert!(arts[1].continued);
    assert_eq!(arts[1].dateline, None);
    assert_eq!(arts[0].headline, None);
}

#[test]
fn dates_never_invent_a_year() {
    let page = "本报讯 3月5日，会议召开。\n";
    assert_eq!(parse(page, "")[0].date, None);
    assert_eq!(parse(page, "2024")[0].date.as_deref(), Some("2024-03-05"));
    // a month after the page's month belongs to the year before
    assert_eq!(parse("本报讯 12月30日，会议召开。\n", "2024-01-02")[0].date.as_deref(), Some("2023-12-30"));
    // without a page date, a year the page mentions
    assert_eq!(parse("本报讯 3月5日，2023年工作会议召开。\n", "")[0].date.as_deref(), Some("2023-03-05"));
    // a bare day against the page's month
    assert_eq!(parse("本报讯 国务院新闻办公室24日举行发布会。\n", "2024-07-25")[0].date.as_deref(), Some("2024-07-24"));
}

#[test]
fn form_feeds_separate_pages_and_crlf_is_read() {
    let page = "本报讯 第一页的文章。\r\n记者 王伟\r\n\x0c本报讯 第二页的文章。\r\n记者 李娜\r\n";
    let arts = parse(page, "2024");
    assert_eq!(arts.len(), 2);
    assert_eq!((arts[0].page, arts[1].page), (1, 2));
    assert_eq!(arts[1].paragraphs[0], "第二页的文章。");
}

#[test]
fn a_byline_under_the_headline_belongs_to_that_article() {
    let page = "本报讯 第一篇文章的内容写在这里。\n记者 王伟\n\n全市召开经济工作会议\n□本报记者 李娜 通讯员 张强\n\n\u{3000}\u{3000}12月20日，全市经济工作会议召开，部署明年重点任务。\n\u{3000}\u{3000}会议要求，各部门要狠抓落实。\n\n本报讯 第三篇文章。\n记者 赵六\n";
    let arts = parse(page, "2024-12-21");
    assert_eq!(arts.len(), 3);
    assert_eq!(arts[1].headline.as_deref(), Some("全市召开经济工作会议"));
    assert_eq!(arts[1].kicker, None, "□ marks the byline, not a kicker");
    assert_eq!(arts[1].byline.reporters, vec!["李娜"]);
    assert_eq!(arts[1].byline.correspondents, vec!["张强"]);
    assert_eq!(arts[1].paragraphs.len(), 2);
    assert_eq!(arts[1].date.as_deref(), Some("2024-12-20"));
}
