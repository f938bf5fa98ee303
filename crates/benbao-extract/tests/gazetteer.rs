//! Gazetteer: data sanity and place mentions.

use benbao_extract::gazetteer::{find_places, Gazetteer, PlaceMention};

fn code(m: &PlaceMention) -> &'static str {
    Gazetteer::get().division(m.division).code.as_str()
}

fn summary(text: &str) -> Vec<(String, &'static str)> {
    find_places(text)
        .iter()
        .map(|m| (m.text.clone(), code(m)))
        .collect()
}

fn one(text: &str) -> PlaceMention {
    let ms = find_places(text);
    assert_eq!(ms.len(), 1, "{text}: {ms:?}");
    ms.into_iter().next().unwrap()
}

/// Mentions' char offsets select their text.
fn check_offsets(text: &str, ms: &[PlaceMention]) {
    let chars: Vec<char> = text.chars().collect();
    for m in ms {
        assert!(m.start < m.end && m.end <= chars.len(), "{m:?}");
        let s: String = chars[m.start..m.end].iter().collect();
        assert_eq!(s, m.text, "{m:?}");
    }
    for w in ms.windows(2) {
        assert!(w[0].end <= w[1].start, "overlap: {w:?}");
    }
}

#[test]
fn data_is_sane() {
    let g = Gazetteer::get();
    let mut counts = [0usize; 3];
    let mut seen = std::collections::HashSet::new();
    for (i, d) in g.divisions().iter().enumerate() {
        assert_eq!(d.code.len(), 6, "{d:?}");
        assert!(d.code.bytes().all(|b| b.is_ascii_digit()), "{d:?}");
        assert!(seen.insert(d.code.clone()), "duplicate code {}", d.code);
        assert_eq!(g.by_code(&d.code), Some(i));
        for s in &d.short_names {
            assert!(s.chars().count() >= 2, "1-char short name: {d:?}");
            assert_ne!(s, &d.name);
        }
        match d.level.as_str() {
            "province" => {
                counts[0] += 1;
                assert!(d.parent.is_none());
            }
            "prefecture" => {
                counts[1] += 1;
                assert_eq!(g.division(d.parent.unwrap()).level, "province", "{d:?}");
            }
            "county" => {
                counts[2] += 1;
                assert_ne!(g.division(d.parent.unwrap()).level, "county", "{d:?}");
            }
            other => panic!("level {other}"),
        }
    }
    println!(
        "divisions: {} provinces, {} prefectures, {} counties",
        counts[0], counts[1], counts[2]
    );
    assert_eq!(counts[0], 34);
    assert!((330..=345).contains(&counts[1]), "{counts:?}");
    assert!((2800..=2900).contains(&counts[2]), "{counts:?}");

    let h = g.by_code("410000").unwrap();
    assert_eq!(g.division(h).name, "河南省");
    assert_eq!(g.division(h).short_names, vec!["河南"]);
    let y = g.by_code("411103").unwrap();
    assert_eq!(g.division(y).name, "郾城区");
    assert_eq!(g.division(y).short_names, vec!["郾城"]);
    assert_eq!(g.full_path(y), "河南省漯河市郾城区");
    assert_eq!(g.full_path(g.by_code("110105").unwrap()), "北京市朝阳区");
    assert!(g.is_within(y, h));
    assert_eq!(g.province_of(y), h);
    let yb = g.by_code("222401").unwrap();
    assert_eq!(g.division(yb).name, "延吉市");
    let yanbian = g.division(g.by_code("222400").unwrap());
    assert_eq!(yanbian.short_names, vec!["延边", "延边州"]);
    assert_eq!(g.by_name("朝阳区").len(), 2);

    // The licence and source travel with the data.
    let head: String = benbao_extract::gazetteer::DIVISIONS_TSV
        .lines()
        .take(4)
        .collect();
    assert!(head.contains("jionlp") && head.contains("Apache"), "{head}");

    // Every weak short name and generic full name is in the table.
    for w in benbao_extract::gazetteer::WEAK_SHORT_NAMES {
        assert!(
            !g.by_name(w).is_empty(),
            "weak name {w} is no name in the table"
        );
    }
    for w in benbao_extract::gazetteer::GENERIC_FULL_NAMES {
        assert!(
            !g.by_name(w).is_empty(),
            "generic name {w} is no name in the table"
        );
    }
}

#[test]
fn the_brief_example() {
    let text = "2月12日下午，漯河郾城区考察组一行来到焦作高新区考察组……焦作高新区考察组一行来到郑州高新区，参观了企业。";
    let ms = find_places(text);
    check_offsets(text, &ms);
    let g = Gazetteer::get();
    let got: Vec<(&str, &str, &str)> = ms
        .iter()
        .map(|m| (m.text.as_str(), code(m), g.division(m.division).level.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("漯河郾城区", "411103", "county"),
            ("焦作高新区", "410800", "prefecture"),
            ("焦作高新区", "410800", "prefecture"),
            ("郑州高新区", "410100", "prefecture"),
        ]
    );
    assert_eq!((ms[0].start, ms[0].end), (8, 13));
    assert_eq!(g.division(ms[0].division).name, "郾城区");
}

#[test]
fn province_before_other_words() {
    let m = one("河南省纪委监委宣传部");
    assert_eq!(
        (m.start, m.end, m.text.as_str(), code(&m)),
        (0, 3, "河南省", "410000")
    );
    let m = one("据河南日报报道");
    assert_eq!((m.start, m.end, code(&m)), (1, 3, "410000"));
}

#[test]
fn composites_resolve_to_the_most_specific() {
    assert_eq!(
        summary("河南省郑州市召开会议"),
        vec![("河南省郑州市".into(), "410100")]
    );
    assert_eq!(
        summary("河南省漯河市郾城区"),
        vec![("河南省漯河市郾城区".into(), "411103")]
    );
    assert_eq!(summary("河南郑州"), vec![("河南郑州".into(), "410100")]);
    assert_eq!(
        summary("北京市朝阳区"),
        vec![("北京市朝阳区".into(), "110105")]
    );
    assert_eq!(
        summary("长春市朝阳区"),
        vec![("长春市朝阳区".into(), "220104")]
    );
    assert_eq!(summary("吉林朝阳区"), vec![("吉林朝阳区".into(), "220104")]);
    // Unrelated neighbours stay apart.
    assert_eq!(
        summary("北京上海"),
        vec![("北京".into(), "110000"), ("上海".into(), "310000")]
    );
    // Generic and weak names only inside a composite.
    assert_eq!(summary("天津和平区"), vec![("天津和平区".into(), "120101")]);
    assert_eq!(summary("阳泉市城区"), vec![("阳泉市城区".into(), "140302")]);
    assert_eq!(summary("汕尾城区"), vec![("汕尾城区".into(), "441502")]);
}

#[test]
fn ambiguous_names_use_the_other_places() {
    // 朝阳区 is in Beijing (110105) and in Changchun (220104).
    let text = "北京市委书记到朝阳区调研";
    let ms = find_places(text);
    check_offsets(text, &ms);
    assert_eq!(
        ms.iter().map(code).collect::<Vec<_>>(),
        vec!["110000", "110105"]
    );
    let text = "记者从长春获悉，朝阳区将新建学校";
    assert_eq!(
        find_places(text).iter().map(code).collect::<Vec<_>>(),
        vec!["220100", "220104"]
    );
    // Context may come after the mention.
    let text = "朝阳区新建学校，这是北京今年的重点工作";
    assert_eq!(
        find_places(text).iter().map(code).collect::<Vec<_>>(),
        vec!["110105", "110000"]
    );
    // No context: first by code.
    assert_eq!(code(&one("朝阳区新建学校")), "110105");
    // Higher level first: 吉林 is the province, 海南 too.
    assert_eq!(code(&one("吉林下雪了")), "220000");
    assert_eq!(code(&one("海南自贸港")), "460000");
    assert_eq!(code(&one("吉林市")), "220200");
    // 西安 is the city, not 辽源's district.
    assert_eq!(code(&one("西安的古城墙")), "610100");
}

#[test]
fn county_short_names_need_context() {
    // 郾城 alone: a two-character county short name, no context.
    assert!(find_places("郾城的面").is_empty());
    let text = "漯河市召开会议。会后，郾城的代表发言";
    let ms = find_places(text);
    check_offsets(text, &ms);
    assert_eq!(
        ms.iter().map(code).collect::<Vec<_>>(),
        vec!["411100", "411103"]
    );
    // Province context is enough.
    assert_eq!(
        find_places("河南中牟大蒜")
            .iter()
            .map(code)
            .collect::<Vec<_>>(),
        vec!["410122"]
    );
    assert_eq!(
        find_places("河南的中牟大蒜")
            .iter()
            .map(code)
            .collect::<Vec<_>>(),
        vec!["410000", "410122"]
    );
    // Longer county short names stand alone.
    assert_eq!(code(&one("石景山的游乐园")), "110107");
    assert_eq!(code(&one("神农架林区")), "429021");
}

#[test]
fn common_words_are_not_places() {
    for text in [
        "今天天气很好，我们一起去吃饭。",
        "中方表示，将继续推动合作共赢。",
        "坚持创新和发展，维护世界和平。",
        "推广安全生产经验，提高水平。",
        "他穿着中山装走在路上。",
        "当日照片显示，解放军官兵在训练。",
        "在工作中卫生健康部门",
        "推进新乡村振兴战略",
        "光明日报新华社记者报道",
        "城区道路改造和郊区绿化",
        "各市和县的领导",
        "新县城建设",
        "纪念孙中山诞辰",
        "李长春同志",
        "飓风登陆美国佛罗里达州",
        "取得重大理论成果",
        "日本千叶县",
        "",
        "abc 123",
    ] {
        assert_eq!(find_places(text), vec![], "{text}");
    }
    // 肯定西藏 is 西藏, not 定西.
    assert_eq!(summary("充分肯定西藏发展成就"), vec![("西藏".into(), "540000")]);
    // Weak names inside a composite.
    assert_eq!(summary("广东中山"), vec![("广东中山".into(), "442000")]);
    assert_eq!(summary("四川达州"), vec![("四川达州".into(), "511700")]);
    // A street is not the place, but the full name still counts.
    assert!(find_places("中山路上").is_empty());
    assert_eq!(code(&one("中山市的企业")), "442000");
    // A market after a city's full name: the short name still counts.
    let m = one("郑州市场");
    assert_eq!((m.text.as_str(), code(&m)), ("郑州", "410100"));
}

#[test]
fn development_zones_resolve_to_their_city() {
    for (text, span, c) in [
        ("洛阳高新区", "洛阳高新区", "410300"),
        ("洛阳市高新区", "洛阳市高新区", "410300"),
        ("郑州经开区", "郑州经开区", "410100"),
        ("郑州航空港区", "郑州航空港区", "410100"),
        ("兰州新区", "兰州新区", "620100"),
        ("吉林高新区", "吉林高新区", "220200"),
        (
            "河南郑州高新技术产业开发区",
            "河南郑州高新技术产业开发区",
            "410100",
        ),
        ("昆山开发区", "昆山开发区", "320583"),
    ] {
        let m = one(text);
        assert_eq!((m.text.as_str(), code(&m)), (span, c), "{text}");
        assert_eq!((m.start, m.end), (0, span.chars().count()));
    }
    // A real district named …新区 is itself.
    assert_eq!(code(&one("浦东新区")), "310115");
}

#[test]
fn offsets_are_chars() {
    let text = "Hello 世界! 2022年，洛阳高新区和北京市朝阳区 … 河南省。";
    let ms = find_places(text);
    check_offsets(text, &ms);
    assert_eq!(
        ms.iter()
            .map(|m| (m.start, m.end, code(m)))
            .collect::<Vec<_>>(),
        vec![(16, 21, "410300"), (22, 28, "110105"), (31, 34, "410000")]
    );
}

#[test]
fn scan_speed() {
    // Newspaper text: the bundled sample page when present, else a synthetic mix.
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../samples/zhengzhou-gaoxin-2022-02.txt"
    ))
    .unwrap_or_else(|_| {
        "2月12日下午，漯河郾城区考察组一行来到郑州高新区，参观了企业并召开座谈会。\
             会议强调，要坚持创新驱动发展，推动高质量发展，确保各项工作落到实处。\n"
            .repeat(50)
    });
    let mut text = String::new();
    while text.len() < 16 << 20 {
        text.push_str(&sample);
    }
    let g = Gazetteer::get();
    let _ = g.find_places(&sample); // warm up
    let t = std::time::Instant::now();
    let n = g.find_places(&text).len();
    let secs = t.elapsed().as_secs_f64();
    let mb = text.len() as f64 / 1e6;
    println!(
        "gazetteer scan: {mb:.1} MB in {secs:.3} s = {:.0} MB/s, {n} mentions",
        mb / secs
    );
    assert!(n > 0);
}
