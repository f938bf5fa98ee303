//! Small helpers over text held as a slice of chars.

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
