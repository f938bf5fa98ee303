//! Directives: the enumerated items of an instruction (一是…二是…, 一要…二要…,
//! 第一…第二…, （一）…（二）…), one string each, without the marker and the
//! closing punctuation, with the person who gave them.

use crate::Directive;

const NUMS: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/// The kinds of enumeration: a marker is `prefix + number + suffix`.
const KINDS: &[(&str, &str)] = &[("", "是"), ("", "要"), ("第", "，"), ("第", "、"), ("（", "）"), ("(", ")"), ("", "、")];

fn marker_at(chars: &[char], i: usize, kind: (&str, &str), num: usize) -> Option<usize> {
    let (pre, suf) = kind;
    let mut k = i;
    for c in pre.chars() {
        if chars.get(k) != Some(&c) {
            return None;
        }
        k += 1;
    }
    if chars.get(k) != Some(&NUMS[num]) {
        return None;
    }
    k += 1;
    for c in suf.chars() {
        if chars.get(k) != Some(&c) {
            return None;
        }
        k += 1;
    }
    // a marker opens a clause
    let opens = i == 0 || matches!(chars[i - 1], '，' | '。' | '：' | '；' | '\n' | '！' | '？' | ':' | ';');
    opens.then_some(k - i)
}

/// Finds directive lists in the text; `speaker_before(pos)` names who speaks at a position.
pub fn find_directives(chars: &[char], speaker_before: &dyn Fn(usize) -> Option<String>) -> Vec<(usize, Directive)> {
    let n = chars.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        // every marker starts with its prefix or, without one, the number 一
        if !matches!(chars[i], '一' | '第' | '（' | '(') {
            i += 1;
            continue;
        }
        let mut found = None;
        for &kind in KINDS {
            if let Some(len) = marker_at(chars, i, kind, 0) {
                // the list needs its second item
                let has_second = (i + len..n.min(i + 2000)).any(|k| marker_at(chars, k, kind, 1).is_some());
                if has_second {
                    found = Some((kind, len));
                    break;
                }
            }
        }
        let Some((kind, len)) = found else {
            i += 1;
            continue;
        };
        let speaker = speaker_before(i);
        let mut num = 0;
        let mut start = i + len;
        let mut pos = i;
        loop {
            // the item runs to the next marker, or to the end of its paragraph
            let para_end = (start..n).find(|&k| chars[k] == '\n').unwrap_or(n);
            let next = (start..para_end).find(|&k| num + 1 < NUMS.len() && marker_at(chars, k, kind, num + 1).is_some());
            let end = next.unwrap_or(para_end);
            let mut e = end;
            while e > start && matches!(chars[e - 1], '。' | '；' | '，' | ';' | ',' | '、' | '！' | ' ') {
                e -= 1;
            }
            let text: String = chars[start..e].iter().collect();
            if !text.is_empty() {
                out.push((pos, Directive { text, speaker: speaker.clone() }));
            }
            match next {
                Some(k) => {
                    num += 1;
                    pos = k;
                    start = k + marker_at(chars, k, kind, num).unwrap();
                }
                None => {
                    i = end;
                    break;
                }
            }
        }
    }
    out
}
