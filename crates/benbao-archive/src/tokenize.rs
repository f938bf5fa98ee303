//! The Chinese tokenizers of the search index, and the matching rules the
//! highlighter and the tests share with them.
//!
//! Two fields are indexed from the same text:
//!
//! * `grams`: every character that is a letter or digit (CJK ideographs
//!   included) starts one token: the character and the next one (a bigram),
//!   or the character alone when it ends its run (a run ends at punctuation,
//!   whitespace or the end of the text). A token's position is the character
//!   offset of its first character, so two tokens are adjacent in positions
//!   exactly when they are adjacent in the text: a phrase query over the
//!   bigrams of a query string matches exactly the texts that contain that
//!   string, wherever it falls (inside a longer word too: 简单 is found in
//!   安装简单).
//! * `words`: jieba-rs words (dictionary segmentation, no HMM), again at
//!   their character offsets, so a phrase of words matches only where the
//!   words stand next to each other. This field only ranks: a text whose
//!   segmentation agrees with the query's scores higher.
//!
//! Characters are folded before indexing and querying: full-width ASCII to
//! ASCII, letters to lower case, traditional characters to simplified ones
//! (OpenCC's character table, so 會計 is found by 会计 and the reverse; text
//! is stored as printed, only the index folds). Everything that is not a letter or digit
//! (punctuation, whitespace, symbols) separates runs and is never a token.

use std::sync::LazyLock;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// jieba's dictionary (jieba-rs 0.11's `dict.txt`, MIT, see
/// `data/jieba-dict.LICENSE`), one `word freq` line per word sorted by the
/// word's bytes, after a header line `# jieba TOTAL LONGEST`: the sum of the
/// frequencies and the longest word in characters.
static DICT: &str = include_str!("../data/jieba-dict.txt");

/// The whole dictionary as a segmenter, for indexing (building it takes
/// about 0.2 s, so a search never does: see [`query_segmenter`]).
static JIEBA: LazyLock<jieba_rs::Jieba> = LazyLock::new(|| {
    let body = &DICT[DICT.find('\n').map_or(0, |k| k + 1)..];
    jieba_rs::Jieba::with_dict(&mut body.as_bytes()).expect("the bundled dictionary is well formed")
});

/// Loads the word dictionary now (it takes a moment) rather than at the first text.
pub fn warm_up() {
    LazyLock::force(&JIEBA);
}

/// The header's numbers: (sum of all frequencies, longest word in chars).
fn dict_header() -> (usize, usize) {
    let head = DICT.lines().next().unwrap_or("");
    let mut nums = head.split_ascii_whitespace().skip(2).map(|x| x.parse::<usize>().unwrap_or(0));
    (nums.next().unwrap_or(0), nums.next().unwrap_or(1))
}

/// A word's frequency in the dictionary, by binary search over its sorted lines.
fn dict_freq(word: &str) -> Option<usize> {
    let b = DICT.as_bytes();
    let mut lo = DICT.find('\n').map_or(b.len(), |k| k + 1);
    let mut hi = b.len();
    // invariant: lo is a line start; hi is a line start or the end
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = b[lo..mid].iter().rposition(|&c| c == b'\n').map_or(lo, |k| lo + k + 1);
        let end = b[start..].iter().position(|&c| c == b'\n').map_or(b.len(), |k| start + k);
        let line = &DICT[start..end];
        let (w, f) = line.split_once(' ').unwrap_or((line, "0"));
        match w.as_bytes().cmp(word.as_bytes()) {
            std::cmp::Ordering::Equal => return f.parse().ok(),
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    None
}

/// A segmenter that cuts `text` exactly as the whole dictionary does, built
/// in well under a millisecond for a query: it holds only the dictionary's
/// words found inside `text` (every word the whole dictionary could use
/// there), plus one stand-in word carrying the rest of the frequency total,
/// so every word's probability is what it is in the whole dictionary.
pub fn query_segmenter(text: &str) -> jieba_rs::Jieba {
    let (total, longest) = dict_header();
    let mut j = jieba_rs::Jieba::empty();
    let mut seen = std::collections::HashSet::new();
    let mut sum = 0usize;
    let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).collect();
    for i in 0..starts.len() {
        for k in i + 1..starts.len().min(i + longest + 1) {
            let w = &text[starts[i]..starts[k]];
            if seen.insert(w) {
                if let Some(f) = dict_freq(w) {
                    j.add_word(w, Some(f), None);
                    sum += f;
                }
            }
        }
    }
    // a private-use character no text segments differently for
    j.add_word("\u{F8FF}", Some(total.saturating_sub(sum)), None);
    j
}

/// OpenCC's traditional → simplified character table (`TSCharacters.txt`,
/// Apache-2.0, see `data/opencc-TSCharacters.LICENSE`): one `trad<TAB>simp
/// [alternatives]` line per character.
static TS_TABLE: &str = include_str!("../data/opencc-TSCharacters.txt");

/// The CJK block the table is held densely for (U+3400 to U+9FFF: the
/// extension A and unified ideographs, where nearly all its entries are).
const HAN: std::ops::RangeInclusive<u32> = 0x3400..=0x9FFF;

/// The simplified form of each character of [`HAN`] (itself when it has
/// none). Only mappings that keep the character's UTF-8 length are used, so
/// folding never moves a byte offset.
static SIMPLIFIED: LazyLock<Box<[char]>> = LazyLock::new(|| {
    let mut t: Vec<char> = HAN.map(|u| char::from_u32(u).unwrap_or(' ')).collect();
    for line in TS_TABLE.lines() {
        let mut f = line.split(['\t', ' ']);
        let (Some(trad), Some(simp)) = (f.next(), f.next()) else { continue };
        let (mut a, mut b) = (trad.chars(), simp.chars());
        let (Some(from), None, Some(to), None) = (a.next(), a.next(), b.next(), b.next()) else { continue };
        if HAN.contains(&(from as u32)) && from.len_utf8() == to.len_utf8() {
            t[(from as u32 - HAN.start()) as usize] = to;
        }
    }
    t.into_boxed_slice()
});

/// A traditional character's simplified form (OpenCC), else the character.
#[inline]
pub fn simplified(c: char) -> char {
    let u = c as u32;
    if HAN.contains(&u) {
        SIMPLIFIED[(u - HAN.start()) as usize]
    } else {
        c
    }
}

/// The folded form of a character, or None for a separator.
#[inline]
pub fn fold(c: char) -> Option<char> {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if HAN.contains(&(c as u32)) && c.is_alphanumeric() {
        return Some(simplified(c));
    }
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() { Some(c.to_ascii_lowercase()) } else { None };
    }
    if !c.is_alphanumeric() {
        return None;
    }
    let mut low = c.to_lowercase();
    match (low.next(), low.next()) {
        (Some(l), None) => Some(l),
        _ => Some(c),
    }
}

/// The text as folded characters (None for separators), one entry per character.
pub fn folded(text: &str) -> Vec<Option<char>> {
    text.chars().map(fold).collect()
}

/// Removes whitespace between two characters that are not ASCII (a query
/// typed as `郑州 高新区` means `郑州高新区`: printed Chinese has no spaces),
/// and trims.
pub fn squeeze_query(q: &str) -> String {
    let chars: Vec<char> = q.trim().chars().collect();
    let mut out = String::with_capacity(q.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let before = out.chars().last();
            let after = chars.get(j).copied();
            let cjk_both = matches!((before, after), (Some(b), Some(a)) if !b.is_ascii() && !a.is_ascii());
            if !cjk_both {
                out.push(' ');
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

fn token(text: String, position: usize, from: usize, to: usize) -> Token {
    Token { offset_from: from, offset_to: to, position, text, position_length: 1 }
}

/// The `grams` tokens of a text (see the module doc).
pub fn bigram_tokens(text: &str) -> Vec<Token> {
    // (char index, folded char, byte from, byte to)
    let mut run: Vec<(usize, char, usize, usize)> = Vec::new();
    let mut out = Vec::with_capacity(text.len() / 3 + 1);
    let flush = |run: &mut Vec<(usize, char, usize, usize)>, out: &mut Vec<Token>| {
        for k in 0..run.len() {
            let (pos, c, from, to) = run[k];
            let mut s = String::with_capacity(8);
            s.push(c);
            let mut end = to;
            if let Some(&(_, c2, _, to2)) = run.get(k + 1) {
                s.push(c2);
                end = to2;
            }
            out.push(token(s, pos, from, end));
        }
        run.clear();
    };
    for (ci, (bi, c)) in text.char_indices().enumerate() {
        match fold(c) {
            Some(f) => run.push((ci, f, bi, bi + c.len_utf8())),
            None => flush(&mut run, &mut out),
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Where a `words` token stands: its position (char offset) and its byte
/// range in the text; its text is the range's characters folded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The token's position: the character offset (0-based) of its first character in the text.
    pub position: u32,
    /// The byte offset where it starts in the text.
    pub from: u32,
    /// The byte offset where it ends (exclusive).
    pub to: u32,
}

/// The `words` tokens of a text (see the module doc).
pub fn word_tokens(text: &str) -> Vec<Token> {
    tokens_of_spans(text, &word_spans(text))
}

/// The `words` tokens of a text as spans (see [`Span`]).
pub fn word_spans(text: &str) -> Vec<Span> {
    spans_by(&JIEBA, text)
}

/// Tantivy's tokens of spans of `text`.
pub fn tokens_of_spans(text: &str, spans: &[Span]) -> Vec<Token> {
    spans
        .iter()
        .map(|s| token(text[s.from as usize..s.to as usize].chars().filter_map(fold).collect(), s.position as usize, s.from as usize, s.to as usize))
        .collect()
}

fn words_by(jieba: &jieba_rs::Jieba, text: &str) -> Vec<Token> {
    tokens_of_spans(text, &spans_by(jieba, text))
}

fn spans_by(jieba: &jieba_rs::Jieba, text: &str) -> Vec<Span> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    // the dictionary is simplified: traditional text is cut in its simplified
    // form (same characters, same byte offsets), 會計 as 会计
    let simple: String = text.chars().map(simplified).collect();
    for w in jieba.cut(&simple, false) {
        // a word may hold separators (3.5%): index its letter/digit runs
        let mut run: Option<(usize, usize)> = None; // (position, byte from)
        let mut byte = w.byte_start;
        for (k, c) in w.word.chars().enumerate() {
            match fold(c) {
                Some(_) => {
                    run.get_or_insert((w.start + k, byte));
                }
                None => {
                    if let Some((p, from)) = run.take() {
                        out.push(Span { position: p as u32, from: from as u32, to: byte as u32 });
                    }
                }
            }
            byte += c.len_utf8();
        }
        if let Some((p, from)) = run {
            out.push(Span { position: p as u32, from: from as u32, to: byte as u32 });
        }
    }
    out
}

/// The terms a query string asks for in the `grams` field: `(offset, term)`
/// pairs that must stand at those relative positions, and, when the string
/// ends in a single character after a separator (or is one character), that
/// character as a prefix at its offset. Empty when the string has no letter
/// or digit.
pub struct GramQuery {
    /// The bigrams (and single characters ending a run) with their offsets in characters,
    /// counted from the query's first letter or digit; a phrase over them must match.
    pub terms: Vec<(usize, String)>,
    /// The query's last character when it stands alone after a separator (or is the whole
    /// query), with its offset: it must start a token there (a prefix match).
    pub prefix: Option<(usize, String)>,
}

/// The `grams` terms a query string asks for (see [`GramQuery`]); folded as the index folds.
pub fn gram_query(q: &str) -> GramQuery {
    let f = folded(q);
    let first = f.iter().position(|c| c.is_some());
    let mut terms = Vec::new();
    let mut prefix = None;
    let Some(first) = first else { return GramQuery { terms, prefix } };
    let last = f.iter().rposition(|c| c.is_some()).unwrap();
    let mut i = first;
    while i <= last {
        if f[i].is_none() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j <= last && f[j].is_some() {
            j += 1;
        }
        // run f[i..j]
        for k in i..j.saturating_sub(1) {
            let s: String = [f[k].unwrap(), f[k + 1].unwrap()].iter().collect();
            terms.push((k - first, s));
        }
        let single: String = f[j - 1].unwrap().to_string();
        if j <= last {
            // the run ends at a separator inside the query: the text's run ends there too
            terms.push((j - 1 - first, single));
        } else if j - i == 1 {
            prefix = Some((j - 1 - first, single));
        }
        i = j;
    }
    GramQuery { terms, prefix }
}

/// The `words` terms of a query string with their relative offsets.
pub fn word_query(q: &str) -> Vec<(usize, String)> {
    let toks = words_by(&query_segmenter(q), q);
    let base = toks.first().map_or(0, |t| t.position);
    toks.into_iter().map(|t| (t.position - base, t.text)).collect()
}

/// Where a query string occurs in a text, by the index's rules (folded
/// characters equal, a separator where the query has one): character ranges,
/// end exclusive, in order, not overlapping.
pub fn find_all(text_folded: &[Option<char>], q: &str) -> Vec<(usize, usize)> {
    let qf = folded(&squeeze_query(q));
    let (Some(a), Some(b)) = (qf.iter().position(|c| c.is_some()), qf.iter().rposition(|c| c.is_some())) else {
        return Vec::new();
    };
    let needle = &qf[a..=b];
    let mut out = Vec::new();
    let n = needle.len();
    if n > text_folded.len() {
        return out;
    }
    let mut i = 0;
    while i + n <= text_folded.len() {
        if text_folded[i] == needle[0] && text_folded[i..i + n] == *needle {
            out.push((i, i + n));
            i += n;
        } else {
            i += 1;
        }
    }
    out
}

/// Does the text contain the query string, by the index's rules?
pub fn contains(text: &str, q: &str) -> bool {
    !find_all(&folded(text), q).is_empty()
}

/// The searchable text of an article: its titles as printed (kicker,
/// overline, headline, subheadline) and its body, one a line.
pub fn search_text(titles: [Option<&str>; 4], body: &str) -> String {
    let mut s = String::with_capacity(body.len() + 64);
    for part in titles.into_iter().flatten() {
        if !part.is_empty() {
            s.push_str(part);
            s.push('\n');
        }
    }
    s.push_str(body);
    s
}

/// A token stream over tokens computed up front.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    at: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.at < self.tokens.len() {
            self.at += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        &self.tokens[self.at - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.at - 1]
    }
}

/// The `grams` tokenizer, registered as `zh_bigram`.
#[derive(Clone, Default)]
pub struct BigramTokenizer;

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream { tokens: bigram_tokens(text), at: 0 }
    }
}

/// The `words` tokenizer, registered as `zh_words`.
#[derive(Clone, Default)]
pub struct WordTokenizer;

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream { tokens: word_tokens(text), at: 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &[Token]) -> Vec<(usize, &str)> {
        t.iter().map(|t| (t.position, t.text.as_str())).collect()
    }

    #[test]
    fn bigrams_cover_every_character_at_its_offset() {
        let t = bigram_tokens("安装简单，Ｇdp增长");
        assert_eq!(
            texts(&t),
            vec![(0, "安装"), (1, "装简"), (2, "简单"), (3, "单"), (5, "gd"), (6, "dp"), (7, "p增"), (8, "增长"), (9, "长")]
        );
        assert_eq!(&"安装简单，Ｇdp增长"[t[4].offset_from..t[4].offset_to], "Ｇd");
    }

    #[test]
    fn query_terms_keep_offsets_and_separators() {
        let g = gram_query("万人助万企");
        assert_eq!(g.terms, vec![(0, "万人".into()), (1, "人助".into()), (2, "助万".into()), (3, "万企".into())]);
        assert!(g.prefix.is_none());
        let g = gram_query("企");
        assert!(g.terms.is_empty());
        assert_eq!(g.prefix, Some((0, "企".into())));
        let g = gram_query("助，万企");
        assert_eq!(g.terms, vec![(0, "助".into()), (2, "万企".into())]);
        let g = gram_query("万企，助");
        assert_eq!(g.terms, vec![(0, "万企".into()), (1, "企".into())]);
        assert_eq!(g.prefix, Some((3, "助".into())));
    }

    #[test]
    fn a_query_is_cut_as_the_whole_dictionary_cuts_it() {
        let seed = include_str!("../../../tests/fixtures/seed/0000.txt");
        let mut n = 0;
        for line in seed.lines().chain(["研究生命起源", "结婚的和尚未结婚的", "AT&T和4S店", "南京市长江大桥", "C++语言"]) {
            for piece in line.split(['。', '，']).filter(|p| !p.trim().is_empty()) {
                let full: Vec<(usize, String)> = word_tokens(piece).into_iter().map(|t| (t.position, t.text)).collect();
                let quick: Vec<(usize, String)> = words_by(&query_segmenter(piece), piece).into_iter().map(|t| (t.position, t.text)).collect();
                assert_eq!(quick, full, "{piece}");
                n += 1;
            }
        }
        assert!(n > 100, "{n}");
        let (total, longest) = dict_header();
        assert_eq!((total, longest), (60_101_964, 16));
        assert!(dict_freq("长江大桥").is_some() && dict_freq("没有这个词语吧").is_none());
    }

    #[test]
    fn words_at_char_offsets() {
        let t = word_tokens("郑州高新区召开会议。");
        assert!(t.iter().all(|t| !t.text.is_empty()));
        let joined: String = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(joined, "郑州高新区召开会议");
        for w in t.windows(2) {
            assert_eq!(w[0].position + w[0].text.chars().count(), w[1].position);
        }
    }

    #[test]
    fn matching_rules() {
        assert!(contains("安装简单，方便", "简单"));
        assert!(contains("安装简单，方便", "简单、方便"));
        assert!(!contains("安装简单方便", "简单，方便"));
        assert!(contains("GDP增长", "gdp"));
        assert_eq!(find_all(&folded("一万人助万企万企"), "万企"), vec![(4, 6), (6, 8)]);
        assert_eq!(squeeze_query(" 郑州  高新区 gdp  growth "), "郑州高新区 gdp growth");
    }

    #[test]
    fn traditional_characters_fold_to_simplified() {
        // 會計 and 会计 are one term; the text keeps its characters and offsets
        assert!(contains("本報訊 會計制度改革", "会计制度"));
        assert!(contains("本报讯 会计制度改革", "會計制度"));
        assert!(contains("香港發展局", "发展局"));
        assert!(!contains("香港發展局", "发达"));
        let t = bigram_tokens("會計");
        assert_eq!((t[0].text.as_str(), t[0].offset_from, t[0].offset_to), ("会计", 0, 6));
        // characters the same in both scripts stay as they are
        assert_eq!(simplified('中'), '中');
        assert_eq!(simplified('報'), '报');
        assert_eq!(simplified('a'), 'a');
    }
}
