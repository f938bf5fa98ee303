//! Property tests (the parser's fuzzing): arbitrary input never panics and
//! never breaks the output rules; typeset text always comes back whole.
//! Failing cases proptest finds are kept in `props.proptest-regressions`.

use benbao::{parse_str, reflow::cell_width, Options, PageDate};
use proptest::prelude::*;

fn opts() -> Options {
    Options { date: PageDate::parse("2024-07").unwrap(), ..Default::default() }
}

fn nonspace(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace() && *c != '\u{3000}').count()
}

/// Characters a page is made of, weighted towards the troublesome ones.
fn page_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select("本报讯记者通讯员实习生文图摄新华社北京郑州月日电会议强调要求一是二是坚定信心工作高新区管委会主任王德敏".chars().collect::<Vec<_>>()),
        2 => prop::sample::select("，。、；：？！“”（）《》【】■◆——…".chars().collect::<Vec<_>>()),
        2 => prop::sample::select(vec![' ', ' ', '\n', '\n', '\n', '\u{3000}', '\t', '\r', '\u{c}']),
        1 => prop::sample::select("0123456789abcXYZ/-.".chars().collect::<Vec<_>>()),
        1 => any::<char>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_pages_parse_within_the_rules(chars in prop::collection::vec(page_char(), 0..600)) {
        let page: String = chars.into_iter().collect();
        let arts = parse_str(&page, &opts());
        let mut out = 0;
        for a in &arts {
            prop_assert!(a.lines[0] <= a.lines[1]);
            for p in &a.paragraphs {
                out += nonspace(p);
                let cs: Vec<char> = p.chars().collect();
                for (i, c) in cs.iter().enumerate() {
                    if c.is_whitespace() || *c == '\u{3000}' {
                        // whitespace survives only between two ASCII characters
                        prop_assert!(i > 0 && i + 1 < cs.len() && cs[i - 1].is_ascii() && cs[i + 1].is_ascii(), "{p:?}");
                    }
                }
            }
        }
        prop_assert!(out <= nonspace(&page));
    }

    #[test]
    fn typeset_text_comes_back_whole(
        paras in prop::collection::vec(prop::collection::vec(prop::sample::select(vec![
            "全市召开工作会议", "部署今年重点任务", "要坚持稳中求进", "推动高质量发展", "2024年", "“万人助万企”",
            "取得新成效", "确保各项任务落地见效", "GDP", "增长5.2%", "进一步", "（试行）",
        ]), 1..12), 1..6),
        width in 8usize..28,
        height in 4usize..20,
        blank_at_column in any::<bool>(),
    ) {
        // wrap each paragraph (first line two cells short), cut columns, add dateline and byline
        let texts: Vec<String> = paras.iter().map(|p| {
            let mut s = p.join("，");
            s.push('。');
            s
        }).collect();
        let mut lines: Vec<String> = Vec::new();
        for (k, t) in texts.iter().enumerate() {
            let text = if k == 0 { format!("本报讯 {t}") } else { t.clone() };
            let mut cur = String::new();
            let mut w = 0.0;
            let mut limit = if k == 0 { width as f32 } else { width as f32 - 2.0 };
            // units never broken: a half-width run, or one character
            let mut units: Vec<String> = Vec::new();
            for c in text.chars() {
                let half = c.is_ascii() && c != ' ';
                match units.last_mut() {
                    Some(u) if half && u.chars().last().is_some_and(|l| l.is_ascii() && l != ' ') => u.push(c),
                    _ => units.push(c.to_string()),
                }
            }
            for u in units {
                let cw: f32 = u.chars().map(cell_width).sum();
                let closer = "，。、；：”）%".contains(u.as_str());
                if w + cw > limit && !cur.is_empty() && !closer {
                    lines.push(std::mem::take(&mut cur));
                    w = 0.0;
                    limit = width as f32;
                }
                cur.push_str(&u);
                w += cw;
            }
            lines.push(cur);
        }
        let mut page = String::new();
        for (i, l) in lines.iter().enumerate() {
            if i > 0 && i % height == 0 && blank_at_column {
                page.push('\n');
            }
            page.push_str(l);
            page.push('\n');
        }
        page.push_str("记者 王伟\n");
        let arts = parse_str(&page, &opts());
        prop_assert_eq!(arts.len(), 1, "{}", page);
        let got: String = arts[0].paragraphs.concat();
        let want: String = texts.concat();
        prop_assert_eq!(got, want.replace(' ', ""));
        prop_assert_eq!(&arts[0].byline.reporters, &vec!["王伟".to_string()]);
    }
}
