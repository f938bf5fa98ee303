//! Organizations: names that end with an organization suffix (局, 管委会,
//! 集团, 电视台, …), read backwards to where a verb, a preposition or a
//! punctuation mark stands.

use crate::lexicon::{continues_word, is_stop_char, NOT_ORGS, ORG_SUFFIXES_INDEX, STOP_WORDS_INDEX};


/// Organization mentions in an article's text: `(start, end)` char spans,
/// maximal (an organization inside a longer one is not repeated).
pub fn find_orgs(chars: &[char]) -> Vec<(usize, usize)> {
    let n = chars.len();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let (suffixes, stop_words) = (&*ORG_SUFFIXES_INDEX, &*STOP_WORDS_INDEX);
    let mut i = 0;
    while i < n {
        let Some(hit) = suffixes.longest_at(chars, i) else {
            i += 1;
            continue;
        };
        let suf = hit.word;
        let end = i + hit.len;
        let next: String = chars[end..n.min(end + 3)].iter().collect();
        if continues_word(suf, &next) {
            i += 1;
            continue;
        }
        // read backwards to the start of the name
        let mut k = i;
        while k > 0 && end - k < 20 {
            let c = chars[k - 1];
            if is_stop_char(c) || stop_words.any_ending_at(chars, k) {
                break;
            }
            k -= 1;
        }
        let name: String = chars[k..end].iter().collect();
        // 干部, 大局: the suffix ends an ordinary word
        let tail2: String = chars[end.saturating_sub(2)..end].iter().collect();
        if NOT_ORGS.contains(&tail2.as_str()) && hit.len == 1 {
            i += 1;
            continue;
        }
        if end - k >= 3 && !NOT_ORGS.contains(&name.as_str()) && !name.starts_with(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '本', '我', '全', '各', '该', '此', '两', '多', '个']) {
            spans.push((k, end));
        }
        i += 1;
    }
    maximal(spans)
}

/// The spans not inside another one (duplicates once), sorted.
fn maximal(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    // by start, the longest first: a span is inside an earlier one when it
    // ends no later than the furthest end seen
    spans.sort_unstable_by_key(|&(s, e)| (s, std::cmp::Reverse(e)));
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    let mut reach = 0;
    for (s, e) in spans {
        if out.is_empty() || e > reach {
            out.push((s, e));
            reach = e;
        }
    }
    out
}
