//! Characters, hashing, the lexicon (gazetteer, suffixes, surnames) and feature extraction.
//!
//! Shared by inference and training, so both see exactly the same features.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Tags: 0 = O, then for each type k (0 PER, 1 LOC, 2 ORG): 1 + 4k + {B, I, E, S}.
pub const NT: usize = 13;
/// Character statistics kept per character (see [`Lexicon::chr`]).
pub const NC: usize = 4;
/// Row stride of the weight table (tags padded to 16 for aligned, vectorisable rows).
pub const STRIDE: usize = 16;
pub const TYPES: [&str; 3] = ["PER", "LOC", "ORG"];
pub const B: usize = 0;
pub const I: usize = 1;
pub const E: usize = 2;
pub const S: usize = 3;

#[inline]
pub fn tag_of(kind: usize, pos: usize) -> usize {
    1 + 4 * kind + pos
}

/// Identity hasher for keys that are already well mixed.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);
impl Hasher for IdHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100000001b3);
        }
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.0 = fmix64(n as u64 ^ 0x517c_c1b7_2722_0a95);
    }
}
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

#[inline]
pub fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    h
}

pub const STR_SEED: u64 = 0x243F_6A88_85A3_08D3;
/// One step of the running string hash; look a string up by `fmix64(state)`.
#[inline]
pub fn str_step(h: u64, c: u32) -> u64 {
    (h ^ c as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .rotate_left(29)
}
#[inline]
pub fn str_key(s: &[u32]) -> u64 {
    fmix64(s.iter().fold(STR_SEED, |h, &c| str_step(h, c)))
}
/// Key of a suffix: the string hashed from its last character backwards.
#[inline]
pub fn suf_key(s: &[u32]) -> u64 {
    fmix64(s.iter().rev().fold(STR_SEED ^ 1, |h, &c| str_step(h, c)))
}

/// Sentinels padding the character window.
pub const BOS: u32 = 0x11_0001;
pub const EOS: u32 = 0x11_0002;

/// Normalise a character for the n-gram features: full-width ASCII to ASCII, every digit to '0'.
#[inline]
pub fn norm(c: char) -> u32 {
    let mut u = c as u32;
    if (0xFF01..=0xFF5E).contains(&u) {
        u -= 0xFEE0;
    } else if u == 0x3000 {
        u = ' ' as u32;
    }
    if (b'0' as u32..=b'9' as u32).contains(&u) {
        u = '0' as u32;
    }
    u
}

/// Character class of a normalised character: 0 pad, 1 digit, 2 latin, 3 punctuation,
/// 4 han, 5 Chinese numeral, 6 other, 7 space.
#[inline]
pub fn ctype(u: u32) -> u32 {
    match u {
        BOS | EOS => 0,
        0x30 => 1,
        0x41..=0x5A | 0x61..=0x7A => 2,
        0x20 | 0x09 => 7,
        0x21..=0x2F | 0x3A..=0x40 | 0x5B..=0x60 | 0x7B..=0x7E => 3,
        // 〇零一二三四五六七八九十百千万亿两
        0x3007 | 0x96F6 | 0x4E00 | 0x4E8C | 0x4E09 | 0x56DB | 0x4E94 | 0x516D | 0x4E03 | 0x516B
        | 0x4E5D | 0x5341 | 0x767E | 0x5343 | 0x4E07 | 0x4EBF | 0x4E24 => 5,
        0xB7 | 0x2000..=0x206F | 0x3001..=0x303F | 0xFE30..=0xFE4F | 0xFF5F..=0xFF65 => 3,
        0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF => 4,
        _ => 6,
    }
}

/// Administrative and organisational suffixes added by hand on top of those counted in training.
pub const HAND_LOC_SUFFIXES: &[&str] = &[
    "省",
    "市",
    "县",
    "区",
    "乡",
    "镇",
    "村",
    "州",
    "旗",
    "盟",
    "岛",
    "山",
    "河",
    "江",
    "湖",
    "港",
    "湾",
    "街道",
    "自治区",
    "自治州",
    "自治县",
    "开发区",
    "高新区",
    "新区",
    "特区",
];
pub const HAND_ORG_SUFFIXES: &[&str] = &[
    "局",
    "厅",
    "部",
    "委",
    "办",
    "署",
    "院",
    "所",
    "会",
    "社",
    "行",
    "队",
    "校",
    "馆",
    "团",
    "党",
    "军",
    "组",
    "委员会",
    "管委会",
    "工委",
    "党委",
    "党组",
    "政府",
    "公司",
    "集团",
    "大学",
    "学院",
    "中学",
    "小学",
    "医院",
    "银行",
    "协会",
    "学会",
    "研究所",
    "研究院",
    "中心",
    "法院",
    "检察院",
    "公安局",
    "监管局",
    "办公室",
    "联合会",
    "基金会",
    "报社",
    "电视台",
    "电台",
    "出版社",
    "总局",
    "分局",
    "工厂",
    "厂",
    "商店",
    "商场",
    "酒店",
    "宾馆",
];

/// Feature code of a count: 0 none, else 1 + ratio bucket * 3 + count bucket (1..=15).
pub fn count_code(count: u32, occurrences: u32) -> u8 {
    if count == 0 {
        return 0;
    }
    let r = count as f64 / occurrences.max(count) as f64;
    let rb = if r < 0.1 {
        0
    } else if r < 0.3 {
        1
    } else if r < 0.6 {
        2
    } else if r < 0.9 {
        3
    } else {
        4
    };
    let cb = if count == 1 {
        0
    } else if count < 5 {
        1
    } else {
        2
    };
    1 + rb * 3 + cb
}
#[inline]
fn ratio_bucket(code: u8) -> u8 {
    (code - 1) / 3
}

pub const GAZ_PREFIX: u32 = u32::MAX;
/// The value of a suffix's tail in [`Lexicon::suf`].
pub const SUF_TAIL: [u8; 2] = [u8::MAX; 2];

/// What the tagger knows beyond the weights: training entities and their types, suffixes of
/// place and organisation names, and surnames, each with a coded confidence.
#[derive(Default, Clone)]
pub struct Lexicon {
    /// Key of a string (and of each of its prefixes) -> entry index, or GAZ_PREFIX.
    pub gaz: FastMap<u64, u32>,
    pub gaz_strings: Vec<Vec<u32>>,
    /// Per entry: code as PER, LOC, ORG.
    pub gaz_codes: Vec<[u8; 3]>,
    pub gaz_maxlen: usize,
    /// Suffix key -> code as LOC, ORG; the key of every tail of a suffix (市 of 城市) that is
    /// no suffix itself -> [`SUF_TAIL`], so that a scan backwards from a position stops at the
    /// first string no suffix ends with.
    pub suf: FastMap<u64, [u8; 2]>,
    pub suf_strings: Vec<(Vec<u32>, [u8; 2])>,
    pub suf_maxlen: usize,
    /// Character -> codes as the first character of a person's name, as a later character of
    /// one, in a place name, in an organisation name.
    pub chr: FastMap<u32, [u8; NC]>,
}

impl Lexicon {
    pub fn add_gaz(&mut self, s: &[u32], codes: [u8; 3]) -> u32 {
        let mut h = STR_SEED;
        for (k, &c) in s.iter().enumerate() {
            h = str_step(h, c);
            let key = fmix64(h);
            if k + 1 == s.len() {
                let next = self.gaz_strings.len() as u32;
                let e = self.gaz.entry(key).or_insert(GAZ_PREFIX);
                if *e == GAZ_PREFIX {
                    *e = next;
                    self.gaz_strings.push(s.to_vec());
                    self.gaz_codes.push(codes);
                } else {
                    self.gaz_codes[*e as usize] = codes;
                }
                self.gaz_maxlen = self.gaz_maxlen.max(s.len());
                return *e;
            } else {
                self.gaz.entry(key).or_insert(GAZ_PREFIX);
            }
        }
        GAZ_PREFIX
    }
    pub fn add_suf(&mut self, s: &[u32], codes: [u8; 2]) {
        let key = suf_key(s);
        match self.suf.insert(key, codes) {
            None | Some(SUF_TAIL) => self.suf_strings.push((s.to_vec(), codes)),
            Some(_) => {
                if let Some(x) = self.suf_strings.iter_mut().find(|x| x.0 == s) {
                    x.1 = codes;
                }
            }
        }
        for k in 1..s.len() {
            self.suf.entry(suf_key(&s[k..])).or_insert(SUF_TAIL);
        }
        self.suf_maxlen = self.suf_maxlen.max(s.len());
    }
    /// Every (start, len, entry) where a gazetteer string occurs in `c` (unpadded).
    #[inline]
    pub fn gaz_matches(&self, c: &[u32], mut f: impl FnMut(usize, usize, u32)) {
        let n = c.len();
        for s in 0..n {
            let mut h = STR_SEED;
            let end = n.min(s + self.gaz_maxlen);
            for e in s..end {
                h = str_step(h, c[e]);
                match self.gaz.get(&fmix64(h)) {
                    None => break,
                    Some(&GAZ_PREFIX) => {}
                    Some(&id) => f(s, e + 1 - s, id),
                }
            }
        }
    }
}

// Feature templates.
const T_BIAS: u64 = 1;
const T_U: u64 = 2; // 2..=6 unigrams at -2..=2
const T_B: u64 = 8; // 8..=12 bigrams
const T_T: u64 = 14; // 14..=16 trigrams
const T_TYPE5: u64 = 18;
const T_TYPE3: u64 = 19;
const T_GAZ: u64 = 20;
const T_GAZLEN: u64 = 21;
const T_SUF_END: u64 = 22;
const T_SUF_START: u64 = 23;
const T_SUF_AHEAD: u64 = 24;
const T_SUR: u64 = 25;
const T_SUR_PREV: u64 = 26;
const T_GAZ_BEST: u64 = 27;
const T_SUF_IN: u64 = 28;
const T_CHR: u64 = 29; // 29..=31
const T_NAME: u64 = 32; // 32..=34
const T_WIDE: u64 = 35; // 35..=38

#[inline]
fn fkey(t: u64, a: u32, b: u32, c: u32) -> u64 {
    let x = (t << 42) | ((a as u64) << 21) | (b as u64 & 0x1F_FFFF);
    fmix64(
        x.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (c as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93) ^ t,
    )
}

/// Reusable buffers for feature extraction.
#[derive(Default)]
pub struct Scratch {
    pub chars: Vec<u32>,
    pub types: Vec<u32>,
    pub feats: Vec<u32>,
    pub offs: Vec<u32>,
    extra: Vec<(u32, u32)>,
    counts: Vec<u32>,
    best: Vec<(u32, u32)>,
    cc: Vec<[u8; NC]>,
    /// Suffix matches: (start, len, type, code).
    hits: Vec<(usize, usize, usize, u8)>,
}

pub struct Extractor {
    pub nbits: u32,
}

impl Extractor {
    #[inline]
    fn bucket(&self, k: u64) -> u32 {
        (k >> (64 - self.nbits)) as u32
    }

    /// Features of `text` (already normalised characters, unpadded) into `sc.feats`,
    /// position i's features being `sc.feats[sc.offs[i]..sc.offs[i + 1]]`.
    /// `gaz_codes` and `chr` override the lexicon's (training uses held-out codes).
    ///
    /// Long on purpose: this is the tagger's hot loop (most of `benbao ner`'s time). Each
    /// position's window, classes and lexicon look-ups are computed once and every feature
    /// template hashes from them in place; split into one function per template, each would
    /// look the window up again.
    pub fn extract(
        &self,
        lex: &Lexicon,
        gaz_codes: &[[u8; 3]],
        chr: &FastMap<u32, [u8; NC]>,
        text: &[u32],
        sc: &mut Scratch,
    ) {
        let n = text.len();
        sc.chars.clear();
        sc.chars.extend_from_slice(&[BOS, BOS, BOS]);
        sc.chars.extend_from_slice(text);
        sc.chars.extend_from_slice(&[EOS, EOS, EOS]);
        sc.types.clear();
        sc.types.extend(sc.chars.iter().map(|&u| ctype(u)));
        sc.extra.clear();
        sc.cc.clear();
        sc.cc.extend(sc.chars.iter().map(|u| {
            chr.get(u).map_or([0u8; NC], |c| {
                c.map(|x| if x == 0 { 0 } else { 1 + ratio_bucket(x) })
            })
        }));

        // Gazetteer matches.
        sc.best.clear();
        sc.best.resize(n, (0, 0));
        {
            let extra = &mut sc.extra;
            let best = &mut sc.best;
            lex.gaz_matches(text, |s, len, id| {
                let codes = gaz_codes[id as usize];
                for (k, &code) in codes.iter().enumerate() {
                    if code == 0 {
                        continue;
                    }
                    let lb = len.min(8) as u32;
                    for i in s..s + len {
                        let pos = if len == 1 {
                            S
                        } else if i == s {
                            B
                        } else if i == s + len - 1 {
                            E
                        } else {
                            I
                        };
                        let tp = (k * 4 + pos) as u32;
                        extra.push((i as u32, self.bucket(fkey(T_GAZ, tp, code as u32, 0))));
                        extra.push((
                            i as u32,
                            self.bucket(fkey(T_GAZLEN, tp, lb, ratio_bucket(code) as u32)),
                        ));
                        // Longest confident match covering i.
                        if ratio_bucket(code) >= 2 && len as u32 > best[i].1 >> 8 {
                            best[i] = (tp + 1, (len as u32) << 8 | code as u32);
                        }
                    }
                }
            });
            for (i, &(tp, lc)) in best.iter().enumerate() {
                if tp != 0 {
                    extra.push((i as u32, self.bucket(fkey(T_GAZ_BEST, tp, lc & 0xFF, 0))));
                }
            }
        }

        // Suffixes of places and organisations: at their end, at their start, inside, and ahead.
        if lex.suf_maxlen > 0 {
            // nearest[k] = (start position, len, code) of the nearest suffix starting at or after i.
            let hits = &mut sc.hits;
            hits.clear();
            for j in 0..n {
                let mut h = STR_SEED ^ 1;
                for len in 1..=lex.suf_maxlen.min(j + 1) {
                    h = str_step(h, text[j + 1 - len]);
                    match lex.suf.get(&fmix64(h)) {
                        // no suffix ends with text[j + 1 - len..=j], so none longer stands here
                        None => break,
                        Some(&SUF_TAIL) => {}
                        Some(codes) => {
                            for (k, &code) in codes.iter().enumerate() {
                                if code != 0 {
                                    hits.push((j + 1 - len, len, k, code));
                                }
                            }
                        }
                    }
                }
            }
            for &(s, len, k, code) in &sc.hits {
                let tl = (k * 8 + len) as u32;
                sc.extra.push((
                    (s + len - 1) as u32,
                    self.bucket(fkey(T_SUF_END, tl, code as u32, 0)),
                ));
                sc.extra
                    .push((s as u32, self.bucket(fkey(T_SUF_START, tl, code as u32, 0))));
                for i in s + 1..s + len - 1 {
                    sc.extra
                        .push((i as u32, self.bucket(fkey(T_SUF_IN, tl, code as u32, 0))));
                }
                if ratio_bucket(code) >= 1 {
                    let lo = s.saturating_sub(10);
                    for i in lo..s {
                        // Only if no stronger evidence sits between: keep it simple, all within 10.
                        let d = (s - i) as u32;
                        sc.extra.push((
                            i as u32,
                            self.bucket(fkey(
                                T_SUF_AHEAD,
                                (k * 8 + len) as u32,
                                d,
                                ratio_bucket(code) as u32,
                            )),
                        ));
                    }
                }
            }
        }

        // Counting sort of the extras by position, merged after the fixed templates.
        sc.counts.clear();
        sc.counts.resize(n + 1, 0);
        for &(p, _) in &sc.extra {
            sc.counts[p as usize] += 1;
        }
        const FIXED: usize = 27;
        sc.offs.clear();
        sc.offs.reserve(n + 1);
        let mut acc = 0u32;
        for i in 0..n {
            sc.offs.push(acc);
            acc += FIXED as u32 + sc.counts[i];
        }
        sc.offs.push(acc);
        sc.feats.clear();
        sc.feats.resize(acc as usize, 0);
        // Fill pointers: fixed part first.
        for i in 0..n {
            let p = i + 3;
            let c = &sc.chars;
            let t = &sc.types;
            let o = sc.offs[i] as usize;
            let f = &mut sc.feats[o..o + FIXED];
            f[0] = self.bucket(fkey(T_BIAS, 0, 0, 0));
            f[1] = self.bucket(fkey(T_U, c[p - 2], 0, 0));
            f[2] = self.bucket(fkey(T_U + 1, c[p - 1], 0, 0));
            f[3] = self.bucket(fkey(T_U + 2, c[p], 0, 0));
            f[4] = self.bucket(fkey(T_U + 3, c[p + 1], 0, 0));
            f[5] = self.bucket(fkey(T_U + 4, c[p + 2], 0, 0));
            f[6] = self.bucket(fkey(T_B, c[p - 2], c[p - 1], 0));
            f[7] = self.bucket(fkey(T_B + 1, c[p - 1], c[p], 0));
            f[8] = self.bucket(fkey(T_B + 2, c[p], c[p + 1], 0));
            f[9] = self.bucket(fkey(T_B + 3, c[p + 1], c[p + 2], 0));
            f[10] = self.bucket(fkey(T_B + 4, c[p - 1], c[p + 1], 0));
            f[11] = self.bucket(fkey(T_T, c[p - 2], c[p - 1], c[p]));
            f[12] = self.bucket(fkey(T_T + 1, c[p - 1], c[p], c[p + 1]));
            f[13] = self.bucket(fkey(T_T + 2, c[p], c[p + 1], c[p + 2]));
            let t5 = t[p - 2] << 12 | t[p - 1] << 9 | t[p] << 6 | t[p + 1] << 3 | t[p + 2];
            f[14] = self.bucket(fkey(T_TYPE5, t5, 0, 0));
            let cc = &sc.cc;
            let sur0 = cc[p][0] as u32;
            let sur1 = cc[p - 1][0] as u32;
            f[15] = self.bucket(fkey(T_SUR, sur0, t[p + 1], t[p + 2]));
            f[16] = if sur1 != 0 {
                self.bucket(fkey(T_SUR_PREV, sur1, t[p], c[p + 1].min(1)))
            } else {
                self.bucket(fkey(T_TYPE3, t[p - 1] << 6 | t[p] << 3 | t[p + 1], 0, 0))
            };
            let pack =
                |x: [u8; NC]| ((x[0] as u32 * 6 + x[1] as u32) * 6 + x[2] as u32) * 6 + x[3] as u32;
            f[17] = self.bucket(fkey(T_CHR, pack(cc[p]), 0, 0));
            f[18] = self.bucket(fkey(T_CHR + 1, pack(cc[p - 1]), 0, 0));
            f[19] = self.bucket(fkey(T_CHR + 2, pack(cc[p + 1]), 0, 0));
            for (k, j) in [p - 2, p - 1, p].into_iter().enumerate() {
                f[20 + k] = self.bucket(fkey(
                    T_NAME + k as u64,
                    cc[j][0] as u32,
                    cc[j + 1][1] as u32,
                    cc[j + 2][1] as u32 * 8 + t[j + 1],
                ));
            }
            f[23] = self.bucket(fkey(T_WIDE, c[p - 3], 0, 0));
            f[24] = self.bucket(fkey(T_WIDE + 1, c[p + 3], 0, 0));
            f[25] = self.bucket(fkey(T_WIDE + 2, c[p - 3], c[p - 2], 0));
            f[26] = self.bucket(fkey(T_WIDE + 3, c[p + 2], c[p + 3], 0));
        }
        // Then the extras, each position's after its fixed ones.
        for i in 0..n {
            sc.counts[i] = sc.offs[i] + FIXED as u32;
        }
        for &(p, b) in &sc.extra {
            let at = &mut sc.counts[p as usize];
            sc.feats[*at as usize] = b;
            *at += 1;
        }
    }
}
