//! Pages typeset here, word boxes and all, read back by the geometric reading:
//! no poppler, no Tesseract, no data files. Each layout rule gets a page
//! (short headlines over part of their article, side-by-side headlines,
//! kickers, subheadlines, bylines in brackets and on their own right-aligned
//! line, page header and footer), and pseudo-random pages mix them.

use benbao::{Article, Options, PageDate};
use benbao_layout::geom::{PageWords, Word};

const RATIO: f32 = 1.44; // box height per em, as Noto CJK in poppler

/// A tiny typesetter: columns, lines, word boxes.
struct Page {
    words: Vec<Word>,
    width: f32,
    height: f32,
    cols: Vec<(f32, f32)>,
    em: f32,
    leading: f32,
}

struct Art {
    kicker: Option<String>,
    /// (text, em) per headline line, top to bottom
    heads: Vec<(String, f32)>,
    /// centered (true) or left-aligned headline lines
    centered: bool,
    paragraphs: Vec<String>,
    /// bracketed byline after the dateline (text inside the bracket)
    bracket: Option<String>,
    /// closing byline, set right
    closing: Option<String>,
}

fn w(c: char) -> f32 {
    if c.is_ascii() {
        0.55
    } else {
        1.0
    }
}

fn push_word(p: &mut Page, x0: f32, top: f32, em: f32, text: &str) -> f32 {
    let width: f32 = text.chars().map(w).sum::<f32>() * em;
    p.words.push(Word { x0, y0: top, x1: x0 + width, y1: top + em * RATIO, text: text.to_string(), coloured: false });
    x0 + width
}

/// Breaks paragraphs into lines of `cap` ems (first line indented two ems); no line starts with a closing mark.
fn lines_of(paras: &[String], cap: f32) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    for p in paras {
        let mut cur = String::new();
        let mut width = 2.0;
        let mut first = true;
        let chars: Vec<char> = p.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            // a unit: an ASCII run, or one character with the closing marks after it
            let mut j = i + 1;
            if chars[i].is_ascii() {
                while j < chars.len() && chars[j].is_ascii() && chars[j] != ' ' {
                    j += 1;
                }
            }
            while j < chars.len() && "，。、；：”）".contains(chars[j]) {
                j += 1;
            }
            let unit: String = chars[i..j].iter().collect();
            let uw: f32 = unit.chars().map(w).sum();
            if width + uw > cap + 0.01 && !cur.is_empty() {
                out.push((first, std::mem::take(&mut cur)));
                first = false;
                width = 0.0;
            }
            cur.push_str(&unit);
            width += uw;
            i = j;
        }
        if !cur.is_empty() {
            out.push((first, cur));
        }
    }
    out
}

impl Page {
    fn new(ncols: usize) -> Page {
        let em = 12.5;
        let gutter = 1.5 * em;
        let width = 842.0;
        let colw = ((width - 80.0 - gutter * (ncols as f32 - 1.0)) / ncols as f32 / em).floor() * em;
        let cols = (0..ncols).map(|i| (40.0 + i as f32 * (colw + gutter), 40.0 + i as f32 * (colw + gutter) + colw)).collect();
        let mut p = Page { words: Vec::new(), width, height: 1191.0, cols, em, leading: em * RATIO * 1.12 };
        // header: paper, date, section and page, small type across the top
        push_word(&mut p, 40.0, 40.0, 13.0, "测试日报");
        push_word(&mut p, 110.0, 42.0, 10.5, "2024年5月17日");
        push_word(&mut p, 190.0, 42.0, 10.5, "星期五");
        push_word(&mut p, 700.0, 38.0, 17.0, "本地新闻");
        push_word(&mut p, 780.0, 40.0, 13.0, "第8版");
        p
    }

    fn footer(&mut self, text: &str) {
        let mut x = self.cols.last().unwrap().1 - 200.0;
        for part in text.split(' ') {
            x = push_word(self, x, 1140.0, 9.0, part) + 4.0;
        }
    }

    /// Sets an article in columns `c0..=c1` from height `top`; returns the bottom.
    fn set(&mut self, a: &Art, c0: usize, c1: usize, top: f32) -> f32 {
        let (bx0, bx1) = (self.cols[c0].0, self.cols[c1].1);
        let mut y = top;
        if let Some(k) = &a.kicker {
            let kem = self.em * 1.15;
            let kw: f32 = k.chars().map(w).sum::<f32>() * kem;
            push_word(self, (bx0 + bx1 - kw) / 2.0, y, kem, k);
            y += kem * RATIO * 1.2;
        }
        // a headline too long for its article's width shrinks, down to 1.4 times the body size, then wraps
        let mut heads: Vec<(String, f32)> = Vec::new();
        for (t, hem) in &a.heads {
            let n: f32 = t.chars().map(w).sum();
            let fit = 0.95 * (bx1 - bx0) / n;
            if fit >= 1.4 * self.em {
                heads.push((t.clone(), hem.min(fit)));
            } else {
                let chars: Vec<char> = t.chars().collect();
                let half = chars.len().div_ceil(2);
                let hem = (0.95 * (bx1 - bx0) / half as f32).min(*hem);
                heads.push((chars[..half].iter().collect(), hem));
                heads.push((chars[half..].iter().collect(), hem));
            }
        }
        for (t, hem) in &heads {
            let parts: Vec<&str> = t.split(' ').collect();
            let hw: f32 = t.chars().map(w).sum::<f32>() * hem;
            let mut x = if a.centered { (bx0 + bx1 - hw) / 2.0 } else { bx0 };
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    x += 0.5 * hem;
                }
                x = push_word(self, x, y, *hem, part);
            }
            y += hem * RATIO * 1.05;
        }
        y += 0.8 * self.em;
        // body
        let cap = ((self.cols[c0].1 - self.cols[c0].0) / self.em).round();
        let mut paras = a.paragraphs.clone();
        if let Some(b) = &a.bracket {
            paras[0] = format!("本报讯（{b}）{}", paras[0]);
        } else {
            paras[0] = format!("本报讯 {}", paras[0]);
        }
        let mut lines = lines_of(&paras, cap);
        let ncols = c1 - c0 + 1;
        let closing = a.closing.is_some() as usize;
        let per = (lines.len() + closing).div_ceil(ncols);
        let mut bottom = y;
        let mut k = 0;
        for c in c0..=c1 {
            let mut ly = y;
            for _ in 0..per {
                if k >= lines.len() {
                    break;
                }
                let (first, text) = std::mem::take(&mut lines[k]);
                let x = self.cols[c].0 + if first { 2.0 * self.em } else { 0.0 };
                // a dateline line holds spaced words: split at the spaces
                let mut xx = x;
                for (i, part) in text.split(' ').enumerate() {
                    if i > 0 {
                        xx += 0.5 * self.em;
                    }
                    xx = push_word(self, xx, ly, self.em, part);
                }
                ly += self.leading;
                k += 1;
            }
            if c == c1 {
                if let Some(b) = &a.closing {
                    let bw: f32 = b.chars().map(w).sum::<f32>() * self.em;
                    let mut xx = self.cols[c].1 - bw;
                    for part in b.split(' ') {
                        xx = push_word(self, xx, ly, self.em, part) + 0.5 * self.em;
                    }
                    ly += self.leading;
                }
            }
            bottom = bottom.max(ly);
        }
        assert!(k >= lines.len(), "article did not fit");
        bottom + 2.5 * self.em
    }

    fn words(&self) -> PageWords {
        PageWords { width: self.width, height: self.height, words: self.words.clone(), type_boxes: true }
    }
}

fn dump(layout: &benbao_layout::read::PageLayout) -> String {
    let mut s = format!("columns {:?}\n", layout.columns);
    for b in &layout.blocks {
        s.push_str("---\n");
        for l in b.kicker.iter().chain(b.heading.iter()).chain(b.body.iter()) {
            s.push_str(&format!("[{:.1}-{:.1} y{:.1} c{:.1}-{:.1} em{:.2}] {}\n", l.x0, l.x1, l.y0, l.cx0, l.cx1, l.em, l.spaced));
        }
    }
    s
}

fn read(p: &Page) -> (Vec<Article>, benbao_layout::read::PageLayout) {
    let layout = benbao_layout::read::read_page(&p.words());
    let opts = Options { date: PageDate::parse("2024-05-17").unwrap(), ..Default::default() };
    (benbao_layout::articles_of(&layout, 1, &opts), layout)
}

const TEXTS: &[&str] = &[
    "今年以来，我国创新发展农村客货邮融合。目前，我国县乡村三级客货邮服务站点已超5万个，有力释放农村消费潜力。",
    "在山东无棣县，当地苇帘加工大户依托村里的快递网点干起了直播，每年通过电商直播销售出的苇帘就有10多万片，收入增长50%。",
    "记者从中国民航局获悉，4月份，民航共完成旅客运输量5595万人次，同比增长10.6%。其中，国内客运规模较2019年同期增长8.1%。",
    "目前，我国国际客运航班通航70个国家。与共建“一带一路”国家间客运航班量已恢复至每周4053班，约为2019年的76.6%。",
    "习近平指出，在两国共同努力下，中俄关系一步一个脚印扎实向前迈进，以实实在在的合作成果造福两国人民。",
    "第八届中俄博览会主题为“合作、互信、机遇”，由商务部、黑龙江省人民政府共同举办，当日在哈尔滨市开幕。",
    "四川900多万亩小麦面积稳中有增，单产提升趋势明显。广汉国家现代农业产业园内，万亩小麦开镰收获。",
    "湖北当阳26万多亩小麦正在收获，当地提前培训农机手，确定适宜的作业速度，减少机收损失。",
];

fn art(seed: usize, n: usize) -> Art {
    let paragraphs: Vec<String> = (0..n).map(|i| TEXTS[(seed + i * 3) % TEXTS.len()].to_string()).collect();
    Art { kicker: None, heads: vec![("我国全面部署保交房等工作".into(), 28.0)], centered: true, paragraphs, bracket: None, closing: None }
}

fn check(a: &Article, want: &Art, what: &str) {
    // the heading's parts, each in its deck (a smaller part set apart under the headline is its subheadline)
    let head: String = want.heads.iter().map(|h| h.0.replace(' ', "")).collect();
    let decks: String = [&a.overline, &a.headline, &a.subheadline].into_iter().flatten().map(|h| h.replace(' ', "")).collect();
    assert_eq!(decks, head, "{what}: headline");
    // the headline is the part in the largest type
    let main = want.heads.iter().map(|h| h.1).fold(0.0f32, f32::max);
    let big: String = want.heads.iter().filter(|h| h.1 == main).map(|h| h.0.replace(' ', "")).collect();
    assert_eq!(a.headline.as_deref().map(|h| h.replace(' ', "")), Some(big), "{what}: headline deck");
    assert_eq!(a.kicker, want.kicker, "{what}: kicker");
    assert_eq!(a.dateline.as_deref(), Some("本报讯"), "{what}: dateline");
    assert_eq!(a.paragraphs, want.paragraphs, "{what}: paragraphs");
}

#[test]
fn two_articles_side_by_side_and_one_across() {
    let mut p = Page::new(4);
    let mut a = art(0, 3);
    a.kicker = Some("■一线调研".into());
    a.bracket = Some("记者 赵宇丹 张东 通讯员 龙萍".into());
    let mut b = art(3, 3);
    b.heads = vec![("高温下的坚守".into(), 30.0)]; // short, left-aligned: covers one of its two columns
    b.centered = false;
    b.closing = Some("记者 刘怡兰 通讯员 谢桂".into());
    let mut c = art(5, 4);
    c.heads = vec![("第33届夏季奥林匹克运动会".into(), 30.0), ("中国代表团再获3枚金牌".into(), 18.0)];
    c.closing = Some("记者 叶昊平".into());
    let y1 = p.set(&a, 0, 1, 100.0);
    let y2 = p.set(&b, 2, 3, 100.0);
    p.set(&c, 0, 3, y1.max(y2));
    p.footer("责任编辑：龚兰鹏 校对：龚佳怡");
    let (arts, layout) = read(&p);
    if std::env::var_os("DUMP").is_some() {
        for b in &layout.blocks {
            eprintln!("---");
            for l in b.heading.iter().chain(b.body.iter()) {
                eprintln!("[{:.1}-{:.1} c{:.1}-{:.1} em{:.2}] {}", l.x0, l.x1, l.cx0, l.cx1, l.em, l.spaced);
            }
        }
    }
    assert_eq!(layout.columns.len(), 4, "columns {:?}", layout.columns);
    assert!(layout.header.iter().any(|h| h.contains("第8版")), "header {:?}", layout.header);
    assert!(layout.footer.iter().any(|h| h.contains("责任编辑")), "footer {:?}", layout.footer);
    assert_eq!(arts.len(), 3, "{arts:#?}");
    let find = |h: &str| arts.iter().find(|x| x.headline.as_deref().is_some_and(|t| t.starts_with(h))).unwrap_or_else(|| panic!("no article {h}: {arts:#?}"));
    let (ra, rb, rc) = (find("我国全面"), find("高温"), find("第33届"));
    check(ra, &a, "a");
    check(rb, &b, "b");
    check(rc, &c, "c");
    assert_eq!(ra.byline.reporters, ["赵宇丹", "张东"]);
    assert_eq!(ra.byline.correspondents, ["龙萍"]);
    assert_eq!(rb.byline.reporters, ["刘怡兰"]);
    assert_eq!(rb.byline.correspondents, ["谢桂"]);
    assert_eq!(rc.byline.reporters, ["叶昊平"]);
    // a part in smaller type set apart under the headline is its subheadline
    assert_eq!(rc.headline.as_deref(), Some("第33届夏季奥林匹克运动会"));
    assert_eq!(rc.subheadline.as_deref(), Some("中国代表团再获3枚金牌"));
    assert_eq!(rc.date, None);
}

#[test]
fn short_centred_headline_over_three_columns_next_to_another_article() {
    // an article whose short headline covers only the middle of its three
    // columns, beside (on its left) a two-column article: the column between
    // them goes to the article whose heading is centred nearer
    let mut p = Page::new(5);
    let a = art(1, 4);
    let mut b = art(2, 6);
    b.heads = vec![("小小打火机".into(), 28.0)];
    let ya = p.set(&a, 0, 1, 100.0);
    let yb = p.set(&b, 2, 4, 100.0);
    let mut c = art(4, 2);
    c.heads = vec![("习近平向第八届中俄博览会致贺信".into(), 26.0)];
    p.set(&c, 0, 4, ya.max(yb));
    let (arts, _) = read(&p);
    assert_eq!(arts.len(), 3, "{arts:#?}");
    let find = |h: &str| arts.iter().find(|x| x.headline.as_deref().is_some_and(|t| t.starts_with(h))).unwrap();
    check(find("我国全面"), &a, "a");
    check(find("小小"), &b, "b");
    check(find("习近平"), &c, "c");
}

#[test]
fn wrapped_headline_joins_without_space() {
    let mut p = Page::new(4);
    let mut a = art(2, 3);
    a.heads = vec![("习近平向第33届阿拉伯国家联".into(), 26.0), ("盟首脑理事会会议致贺信".into(), 26.0)];
    p.set(&a, 0, 1, 100.0);
    let (arts, _) = read(&p);
    assert_eq!(arts.len(), 1);
    assert_eq!(arts[0].headline.as_deref(), Some("习近平向第33届阿拉伯国家联盟首脑理事会会议致贺信"));
}

#[test]
fn column_logo_in_colour_is_the_kicker() {
    // a commentary under its column's logo: a few characters in colour over
    // the headline, no mark (■, 【】) to say it is a kicker
    let page = |colour: bool| {
        let mut p = Page::new(4);
        let mut a = art(4, 3);
        a.kicker = Some("今日谈".into());
        a.heads = vec![("肩负使命任务".into(), 28.0)];
        p.set(&a, 0, 1, 100.0);
        p.set(&art(1, 3), 2, 3, 100.0);
        for w in p.words.iter_mut().filter(|w| w.text == "今日谈") {
            w.coloured = colour;
        }
        (read(&p).0, a)
    };
    let (arts, a) = page(true);
    assert_eq!(arts.len(), 2, "{arts:#?}");
    check(arts.iter().find(|x| x.headline.as_deref() == Some("肩负使命任务")).unwrap(), &a, "logo");
    // in black, the same three characters are no logo: they stay in the heading
    let (arts, _) = page(false);
    assert!(arts.iter().all(|x| x.kicker.is_none()), "{arts:#?}");
}

#[test]
fn column_set_beside_the_headline_is_the_articles() {
    // the headline spans two of the article's three columns; the third starts
    // level with the headline's top and carries the text on
    let mut p = Page::new(4);
    let mut a = art(2, 2);
    a.heads = vec![("我国全面部署保交房等工作".into(), 26.0)];
    p.set(&a, 0, 1, 100.0);
    // full lines of the column's measure, the last stopping short
    let rest = "目前，我国国际客运航班通航七十个国家，与共建国家间客运航班量已恢复至每周四千余班，约为往年同期的七成多。";
    let (x0, em, cap) = (p.cols[2].0, p.em, ((p.cols[2].1 - p.cols[2].0) / p.em).round() as usize);
    let chars: Vec<char> = rest.chars().collect();
    let mut y = 100.0;
    for line in chars.chunks(cap) {
        push_word(&mut p, x0, y, em, &line.iter().collect::<String>());
        y += p.leading;
    }
    let mut b = art(5, 3);
    b.heads = vec![("高温下的坚守".into(), 26.0)];
    p.set(&b, 3, 3, 100.0);
    a.paragraphs.last_mut().unwrap().push_str(rest);
    let (arts, layout) = read(&p);
    assert_eq!(arts.len(), 2, "{}", dump(&layout));
    check(arts.iter().find(|x| x.headline.as_deref() == Some("我国全面部署保交房等工作")).unwrap(), &a, "around");
    check(arts.iter().find(|x| x.headline.as_deref() == Some("高温下的坚守")).unwrap(), &b, "beside");
}

/// A small deterministic generator of pseudo-random numbers (no dependency).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn random_grids_read_back_whole() {
    const HEADS: &[&str] = &["全国夏粮收获近一成", "高温下的坚守", "我国机械工业实现较快增长", "固本强基", "韩正会见洪都拉斯外长", "深中通道海底隧道合龙"];
    for seed in 0..400u64 {
        let mut rng = Lcg(seed * 7919 + 1);
        let ncols = 4 + rng.next(3);
        let mut p = Page::new(ncols);
        let mut want: Vec<Art> = Vec::new();
        let mut y = 100.0;
        // two rows of boxes, each row split into spans
        for _row in 0..2 {
            let mut c = 0;
            let mut bottom: f32 = y;
            while c < ncols {
                let span = (1 + rng.next(3)).min(ncols - c);
                let mut a = art(rng.next(8), 1 + rng.next(2) + span);
                a.heads = vec![(HEADS[rng.next(HEADS.len())].to_string(), 22.0 + rng.next(10) as f32)];
                let k = want.len();
                a.paragraphs.last_mut().unwrap().push_str(&format!("这是第{k}篇。"));
                a.centered = rng.next(2) == 0;
                if rng.next(3) == 0 {
                    a.kicker = Some("■民生关注".into());
                }
                match rng.next(3) {
                    0 => a.bracket = Some("记者 王伟 通讯员 李明".into()),
                    1 => a.closing = Some("记者 孙庆辉".into()),
                    _ => {}
                }
                bottom = bottom.max(p.set(&a, c, c + span - 1, y));
                want.push(a);
                c += span;
            }
            y = bottom;
        }
        let (arts, layout) = read(&p);
        assert_eq!(arts.len(), want.len(), "seed {seed}: {}", dump(&layout));
        for (k, a) in want.iter().enumerate() {
            let got = arts.iter().find(|x| x.paragraphs == a.paragraphs);
            let got = got.unwrap_or_else(|| panic!("seed {seed}: article {k} not read back whole: {}\nwant {:?}", dump(&layout), a.paragraphs));
            check(got, a, &format!("seed {seed} article {k}"));
        }
    }
}

#[test]
fn two_lines_level_with_a_column_beside_are_its_articles_last_column() {
    // a short article over two columns, the second holding two lines only
    let mut p = Page::new(4);
    let mut a = art(0, 1);
    a.paragraphs = vec!["全国政协十四届二次会议新闻发布会今天下午举行，大会新闻发言人介绍了大会议程和有关情况，回答了中外记者的提问。大会将于明日下午开幕，后天上午闭幕，会期六天。".into()];
    a.heads = vec![("新闻发布会今天举行".into(), 26.0)];
    a.closing = Some("记者 孙怡桂 通讯员 方昊英".into());
    // set in smaller type than the article under it in the same columns
    let (em, leading) = (p.em, p.leading);
    (p.em, p.leading) = (175.0 / 16.0, 175.0 / 16.0 * RATIO * 1.12);
    let bottom = p.set(&a, 0, 1, 100.0);
    (p.em, p.leading) = (em, leading);
    let second = p.words.iter().filter(|w| w.x0 >= p.cols[1].0 - 1.0 && w.x1 <= p.cols[1].1 + 1.0 && w.y0 > 140.0).count();
    assert_eq!(second, 2 + 4, "the second column holds two lines and the byline's four words");
    let mut b = art(3, 4);
    b.heads = vec![("高温下的坚守".into(), 26.0)];
    p.set(&b, 0, 1, bottom);
    let mut c = art(5, 4);
    c.heads = vec![("第八届中俄博览会开幕".into(), 26.0)];
    p.set(&c, 2, 3, 100.0);
    let (arts, layout) = read(&p);
    assert_eq!(arts.len(), 3, "{}", dump(&layout));
    let got = arts.iter().find(|x| x.headline.as_deref() == Some("新闻发布会今天举行")).unwrap_or_else(|| panic!("{}", dump(&layout)));
    check(got, &a, "short");
    assert_eq!(got.byline.reporters, ["孙怡桂"]);
}

#[test]
fn a_centred_headline_owns_the_columns_it_stands_centred_over() {
    // the headline is centred over three columns and covers the outer two only in
    // part; a photo stands under it over the first two, whose text starts under
    // the caption, and the third column starts right under the headline
    let mut p = Page::new(4);
    let em = p.em;
    let head = "匈牙利媒体发表署名文章";
    let hem = 24.0;
    let hw = head.chars().count() as f32 * hem;
    let (bx0, bx1) = (p.cols[0].0, p.cols[2].1);
    push_word(&mut p, (bx0 + bx1 - hw) / 2.0, 100.0, hem, head);
    let paras = around_photo(&mut p, 100.0 + hem * RATIO * 1.05 + 0.8 * em);
    read_back_around_photo(&p, head, &paras);
}

/// The page read back holds two articles, the one headed `head` with `paras`.
fn read_back_around_photo(p: &Page, head: &str, paras: &[String]) {
    let (arts, layout) = read(p);
    assert_eq!(arts.len(), 2, "{}", dump(&layout));
    let a = arts.iter().find(|x| x.headline.as_deref() == Some(head)).unwrap_or_else(|| panic!("{}", dump(&layout)));
    assert_eq!(a.paragraphs, paras, "{}", dump(&layout));
}

/// Sets an article's text around a photo standing from `under` (its heading's
/// foot) over the first two columns: the caption, the text under it in those
/// columns and in the third from `under`; then an article of its own in the
/// fourth column. Returns the paragraphs of the first.
fn around_photo(p: &mut Page, under: f32) -> Vec<String> {
    let (em, cap, leading) = (p.em, ((p.cols[0].1 - p.cols[0].0) / p.em).round(), p.leading);
    let mut x = p.cols[0].0;
    for part in "▲游客在景区参观游览。 本报记者 王明 摄".split(' ') {
        x = push_word(p, x, under + 10.0 * leading, 0.85 * em, part) + 0.5 * em;
    }
    let (low, high) = (under + 12.0 * leading, under);
    let paras: Vec<String> = vec![format!("本报讯 {}{}", TEXTS[0], TEXTS[1]), TEXTS[2].to_string(), TEXTS[3].to_string(), TEXTS[4].to_string()];
    let lines = lines_of(&paras, cap);
    let n = lines.len();
    let per_low = n / 4;
    let tops = [low, low, high];
    let counts = [per_low, per_low, n - 2 * per_low];
    let mut k = 0;
    for c in 0..3 {
        let mut y = tops[c];
        for _ in 0..counts[c] {
            let (first, text) = &lines[k];
            let mut xx = p.cols[c].0 + if *first { 2.0 * em } else { 0.0 };
            for (i, part) in text.split(' ').enumerate() {
                if i > 0 {
                    xx += 0.5 * em;
                }
                xx = push_word(p, xx, y, em, part);
            }
            y += leading;
            k += 1;
        }
    }
    let mut b = art(5, 3);
    b.heads = vec![("高温下的坚守".into(), 26.0)];
    p.set(&b, 3, 3, 100.0);
    paras.iter().map(|t| t.trim_start_matches("本报讯 ").to_string()).collect()
}

#[test]
fn text_set_beside_a_photo_under_the_headline_is_the_articles() {
    // a headline set left over the first column, a photo under it over the first
    // two columns with the text under its caption; the third column starts
    // right under the headline, beside the photo
    let mut p = Page::new(4);
    let em = p.em;
    let (head, x0) = ("同题共答", p.cols[0].0);
    push_word(&mut p, x0, 100.0, 28.0, head);
    let paras = around_photo(&mut p, 100.0 + 28.0 * RATIO * 1.05 + 0.8 * em);
    read_back_around_photo(&p, head, &paras);
}

#[test]
fn the_rest_of_an_article_from_another_page_set_under_one_is_its_own() {
    // （上接第1版） opens the first line of text set under an article's end, over
    // both its columns: that text is the rest of another article, not this one's
    let mut p = Page::new(4);
    let a = art(1, 4);
    let bottom = p.set(&a, 0, 1, 100.0);
    set_continuation(&mut p, bottom);
    let mut b = art(5, 4);
    b.heads = vec![("高温下的坚守".into(), 26.0)];
    p.set(&b, 2, 3, 100.0);
    let (_, cont) = read_back_continuation(&p, &a);
    assert!(cont.continued);
}

/// The page read back holds three articles: `a` whole, and the text of
/// [`set_continuation`] as an article of its own (returned, with all three).
fn read_back_continuation(p: &Page, a: &Art) -> (Vec<Article>, Article) {
    let (arts, layout) = read(p);
    assert_eq!(arts.len(), 3, "{}", dump(&layout));
    check(arts.iter().find(|x| x.headline == a.heads.first().map(|h| h.0.clone())).unwrap(), a, "beside the rest");
    let cont = arts.iter().find(|x| x.headline.is_none()).unwrap_or_else(|| panic!("{}", dump(&layout))).clone();
    assert_eq!(cont.paragraphs, [TEXTS[6]], "{}", dump(&layout));
    (arts, cont)
}

/// Sets `（上接第1版）` and the text after it over the first two columns from `top`.
fn set_continuation(p: &mut Page, top: f32) {
    let (em, cap, leading) = (p.em, ((p.cols[0].1 - p.cols[0].0) / p.em).round(), p.leading);
    let lines = lines_of(&[format!("（上接第1版）{}", TEXTS[6])], cap);
    let half = lines.len().div_ceil(2);
    for (k, (first, text)) in lines.iter().enumerate() {
        let (c, row) = if k < half { (0, k) } else { (1, k - half) };
        let x0 = p.cols[c].0 + if *first { 2.0 * em } else { 0.0 };
        push_word(p, x0, top + row as f32 * leading, em, text);
    }
}

#[test]
fn a_column_level_with_a_heading_on_its_right_goes_on_from_the_one_on_its_left() {
    // the rest of an article from another page, over two columns, level with
    // the top of the heading on their right: its second column is its own, not
    // text set around that heading
    let mut p = Page::new(4);
    // (below the page's header band)
    set_continuation(&mut p, 200.0);
    let a = art(1, 4);
    p.set(&a, 0, 1, 200.0 + 6.0 * p.leading);
    let mut b = art(5, 4);
    b.heads = vec![("高温下的坚守".into(), 26.0)];
    p.set(&b, 2, 3, 200.0);
    let (arts, _) = read_back_continuation(&p, &a);
    check(arts.iter().find(|x| x.headline.as_deref() == Some("高温下的坚守")).unwrap(), &b, "beside");
}
