//! The furniture lexicon: what page headers, footers, page numbers, rules and
//! jump lines (上接/下转) are made of. Text pages test their lines with it one
//! by one; pages read by position (`benbao-layout`) test their top and bottom
//! bands. One word list of the staff credited in a footer serves both.

use std::sync::LazyLock;

use regex::Regex;

/// The staff a page credits in its footer (`责任编辑：王伟`, `本版编辑 李明`).
const CREDITS: &str = "责任编辑|责编|编辑|校对|责任校对|美编|美术编辑|版式|版式设计|组版|审读|值班编辑|本版编辑|制版|排版|照排|图片编辑|视觉设计|统筹|主编|本版";

/// A footer line of a text page: a staff credit followed by a colon or a name.
static CREDIT_LINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^(?:{CREDITS})(?:[：:]| ?\p{{Han}}{{2,4}}(?: |$))")).unwrap());

/// What a footer band of a laid-out page holds: a staff credit, a page
/// number, the paper's address, telephone, post code, printer, price or an
/// advertisement notice.
static FOOTER_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:{CREDITS})\s*[：:]?|第\s*[0-9０-９一二三四五六七八九十]{{1,3}}\s*版|^\s*[-—·]?\s*\d{{1,3}}\s*[-—·]?\s*$|地址[：:]|电话[：:]|邮编|印刷|定价|广告"
    ))
    .unwrap()
});

/// What a page header prints, on text pages and in the top band of a page
/// read by position alike: the page (第N版, A3), the weekday, the date, the
/// paper's name, the serial number.
static HEADER_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*版|星期\s*[一二三四五六日天]|周[一二三四五六日](?:\s|$)|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[./-]\d{1,2}[./-]\d{1,2}|(?:^|\s)[A-Z]\s?\d{1,2}(?:\s|$|版)|^\s*[A-Z]?\d{1,2}\s*$|(?:日报|晚报|时报|都市报|商报|早报)\s*$|出版物号|CN\s*\d{2}-\d{4}").unwrap()
});

/// What a notice's title ends with (注销公告, 招聘启事, 遗失声明).
static NOTICE_TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:公告|启事|启示|声明|通告|公示|讣告|广告)$").unwrap());

/// A number to call: 热线, 电话, 咨询 and the like, then seven digits or more.
static CALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:热线|电话|咨询|垂询|订购|报名|联系)[^0-9\n]{0,4}[0-9][0-9\-－— ]{6,}").unwrap());

/// An advertisement or a notice, not news: nothing printed as news prints it
/// (no dateline, no writer), and a notice's title or a number to call.
pub fn is_advert(headline: Option<&str>, text: &str, news: bool) -> bool {
    !news && (headline.is_some_and(|h| NOTICE_TITLE.is_match(h.trim()) || CALL.is_match(h)) || CALL.is_match(text))
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-—–·•<>〈〉 ]*(?:第?[0-9０-９]{1,3}版?|[A-Z][0-9]{1,2}|[0-9]{1,3}/[0-9]{1,3})[-—–·•<>〈〉 ]*$").unwrap()
});

/// The page a jump mark names (第2版, 第一版, A3版).
const JUMP_PAGE: &str = "第?[0-9０-９一二三四五六七八九十A-Z]{1,3}版";
static JUMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^[（(]?(?:(?P<out>下转|转|转至|接下)|(?P<in>上接|接上|紧接|接)){JUMP_PAGE}(?:[A-Z]|[0-9]{{1,2}})?[）)]?$")).unwrap()
});
static LEADING_JUMP: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^[（(](?:上接|接上|紧接){JUMP_PAGE}[）)]")).unwrap());
static TRAILING_JUMP: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"[（(](?:下转|转|转至){JUMP_PAGE}[）)]$")).unwrap());

/// A footer line of a text page (`责任编辑：王伟`, `本版编辑 李明`), read from its spaced text.
pub fn is_credit_line(spaced: &str) -> bool {
    CREDIT_LINE.is_match(spaced)
}

/// Does a line of a page's bottom band read like a footer?
pub fn footer_cue(spaced: &str) -> bool {
    FOOTER_CUE.is_match(spaced)
}

/// Does a line (spaced text) carry what page headers print?
pub fn header_cue(spaced: &str) -> bool {
    HEADER_CUE.is_match(spaced)
}

/// A page number standing alone (`- 3 -`, `A3`, `第3版`, `3/8`).
pub fn is_page_number(text: &str) -> bool {
    PAGE_NUMBER.is_match(text)
}

/// A printed rule: a line of dashes, box-drawing or similar marks only.
pub fn is_rule(t: &str) -> bool {
    t.chars().count() >= 3 && t.chars().all(|c| matches!(c, '—' | '-' | '─' | '━' | '=' | '＝' | '_' | '＿' | '·' | '…' | '~' | '～' | '*' | '＊' | '－' | '┄' | '┈' | '═'))
}

/// Where an article goes on or comes from: a line that is a jump mark alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jump {
    /// 下转第N版: the article goes on on another page.
    Out,
    /// 上接第N版: the article continues from another page.
    In,
}

/// A line that is only a jump mark (`下转第2版`, `（上接第一版）`).
pub fn jump(text: &str) -> Option<Jump> {
    let c = JUMP.captures(text)?;
    Some(if c.name("in").is_some() { Jump::In } else { Jump::Out })
}

/// A continuation mark opening a line of text (`（上接第1版）其中，…`): where the text after it starts.
pub fn leading_jump(text: &str) -> Option<usize> {
    LEADING_JUMP.find(text).map(|m| m.end())
}

/// A jump mark closing a line of text (`…工作。（下转第2版）`): where it starts.
pub fn trailing_jump(text: &str) -> Option<usize> {
    TRAILING_JUMP.find(text).map(|m| m.start())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adverts_and_notices_are_not_news() {
        assert!(is_advert(Some("招聘启事"), "因业务发展需要，现面向社会招聘工作人员若干名。", false));
        assert!(is_advert(Some("安心家装 一站到位"), "名额有限 先到先得\n咨询热线：0371-66134200", false));
        assert!(is_advert(Some("公告"), "某某有限公司经股东会决议，拟向公司登记机关申请注销。", false));
        // news prints a dateline or a writer, and a news headline is no notice's title
        assert!(!is_advert(Some("公告"), "国务院今天发布公告。", true));
        assert!(!is_advert(Some("我国外贸实现跨越式增长"), "海关总署相关负责人介绍，我国外贸年均增长近1.6万亿元。", false));
    }
}
