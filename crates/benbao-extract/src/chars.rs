//! Small helpers over text held as a slice of chars, and [`Words`]: a word
//! list looked up at a position in one step instead of word by word.

/// Does `w` stand in `chars` at position `i`?
pub fn starts_with_at(chars: &[char], i: usize, w: &str) -> bool {
    let mut k = i;
    for c in w.chars() {
        if k >= chars.len() || chars[k] != c {
            return false;
        }
        k += 1;
    }
    true
}

/// Does `w` end in `chars` at position `end` (exclusive)?
pub fn ends_with_at(chars: &[char], end: usize, w: &str) -> bool {
    let len = w.chars().count();
    end >= len && starts_with_at(chars, end - len, w)
}

/// The first position in `from..to` where `w` stands, ending by `to`.
pub fn find_word(chars: &[char], from: usize, to: usize, w: &str) -> Option<usize> {
    let len = w.chars().count();
    let first = w.chars().next()?;
    let to = to.min(chars.len());
    if to < len {
        return None;
    }
    (from..=to - len).find(|&k| chars[k] == first && starts_with_at(chars, k, w))
}

/// A word of a [`Words`] list found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The word as listed.
    pub word: &'static str,
    /// Its length in chars.
    pub len: usize,
}

/// A fixed word list, indexed by the first and by the last character of its
/// words, so that asking which words start (or end) at a position costs a
/// bit test for most positions and a few comparisons for the others (asking
/// each word in turn at every position dominated extraction).
pub struct Words {
    starts: KeyIndex,
    ends: KeyIndex,
}

/// Words keyed by one of their characters: a hashed bit set of the keys for
/// a quick no, and the words sorted by key, the longest first for each key.
struct KeyIndex {
    filter: [u64; 16],
    entries: Vec<(char, Box<[char]>, &'static str)>,
}

impl KeyIndex {
    fn new(words: &[&'static str], key: impl Fn(&[char]) -> char) -> KeyIndex {
        let mut entries: Vec<(char, Box<[char]>, &'static str)> = Vec::new();
        for &w in words {
            let cs: Box<[char]> = w.chars().collect();
            if cs.is_empty() || entries.iter().any(|e| e.1 == cs) {
                continue;
            }
            entries.push((key(&cs), cs, w));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.len().cmp(&a.1.len())));
        let mut filter = [0u64; 16];
        for e in &entries {
            let b = Self::bit(e.0);
            filter[b >> 6] |= 1 << (b & 63);
        }
        KeyIndex { filter, entries }
    }

    #[inline]
    fn bit(c: char) -> usize {
        ((c as u32).wrapping_mul(0x9E37_79B9) >> 22) as usize
    }

    /// The words keyed by `c`, longest first.
    #[inline]
    fn keyed(&self, c: char) -> &[(char, Box<[char]>, &'static str)] {
        let b = Self::bit(c);
        if self.filter[b >> 6] >> (b & 63) & 1 == 0 {
            return &[];
        }
        let lo = self.entries.partition_point(|e| e.0 < c);
        let hi = lo + self.entries[lo..].partition_point(|e| e.0 == c);
        &self.entries[lo..hi]
    }
}

/// Equal slices of a few chars (compared in line: a call to memcmp costs
/// more than the comparison).
#[inline]
fn same(a: &[char], b: &[char]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

impl Words {
    /// Indexes `words` (duplicates count once).
    pub fn new(words: &[&'static str]) -> Words {
        Words { starts: KeyIndex::new(words, |w| w[0]), ends: KeyIndex::new(words, |w| w[w.len() - 1]) }
    }

    /// The longest word starting at `i` and ending by `to`.
    #[inline]
    pub fn longest_within(&self, chars: &[char], i: usize, to: usize) -> Option<Hit> {
        let to = to.min(chars.len());
        if i >= to {
            return None;
        }
        self.starts.keyed(chars[i]).iter().find(|e| i + e.1.len() <= to && same(&chars[i..i + e.1.len()], &e.1)).map(|e| Hit { word: e.2, len: e.1.len() })
    }

    /// The longest word starting at `i`.
    #[inline]
    pub fn longest_at(&self, chars: &[char], i: usize) -> Option<Hit> {
        self.longest_within(chars, i, chars.len())
    }

    /// The longest word ending at `end` (exclusive).
    #[inline]
    pub fn longest_ending_at(&self, chars: &[char], end: usize) -> Option<Hit> {
        if end == 0 || end > chars.len() {
            return None;
        }
        self.ends.keyed(chars[end - 1]).iter().find(|e| end >= e.1.len() && same(&chars[end - e.1.len()..end], &e.1)).map(|e| Hit { word: e.2, len: e.1.len() })
    }

    /// Does a word end at `end` (exclusive)?
    #[inline]
    pub fn any_ending_at(&self, chars: &[char], end: usize) -> bool {
        self.longest_ending_at(chars, end).is_some()
    }

    /// The earliest word inside `from..to` as `(start, len)`, the longest of
    /// those starting there.
    pub fn first_in(&self, chars: &[char], from: usize, to: usize) -> Option<(usize, usize)> {
        (from..to.min(chars.len())).find_map(|k| self.longest_within(chars, k, to).map(|h| (k, h.len)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_as_word_by_word() {
        let list = ["局", "公安局", "局长", "长", "公安", "安局"];
        let w = Words::new(&list);
        let text: Vec<char> = "市公安局局长说公安局".chars().collect();
        for i in 0..=text.len() {
            let slow = list.iter().filter(|x| starts_with_at(&text, i, x)).max_by_key(|x| x.chars().count()).copied();
            assert_eq!(w.longest_at(&text, i).map(|h| h.word), slow, "at {i}");
            let slow = list.iter().filter(|x| ends_with_at(&text, i, x)).max_by_key(|x| x.chars().count()).copied();
            assert_eq!(w.longest_ending_at(&text, i).map(|h| h.word), slow, "ending at {i}");
            for to in i..=text.len() {
                let slow = list.iter().filter_map(|x| find_word(&text, i, to, x).map(|k| (k, x.chars().count()))).min_by_key(|&(k, l)| (k, std::cmp::Reverse(l)));
                assert_eq!(w.first_in(&text, i, to), slow, "in {i}..{to}");
            }
        }
        assert_eq!(find_word(&text, 0, text.len(), "局长"), Some(4));
        assert_eq!(find_word(&text, 0, 5, "局长"), None);
    }
}
