//! Weights, transitions, Viterbi decoding and the model file.
//!
//! File layout (little endian; `v` = LEB128 varint, `z` = zig-zag varint):
//! `BBNER\0\0\x01`, nbits u32, step f32, transitions ((NT+1)*NT + NT) f32,
//! gazetteer: count u32, then per entry len v, chars v.., codes [u8; 3];
//! suffixes: count u32, then len v, chars v.., codes [u8; 2];
//! characters: count u32, then char v, codes [u8; NC];
//! weights: rows u32, then per row bucket delta v, tag mask u16, nonzero values z...

use crate::feat::{Extractor, Lexicon, Scratch, NT, STRIDE};
use std::fmt;

pub const MAGIC: &[u8; 8] = b"BBNER\0\0\x01";
pub const NEG: f32 = -1e30;

#[derive(Debug)]
pub struct ModelError(pub String);
impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad benbao-ner model: {}", self.0)
    }
}
impl std::error::Error for ModelError {}

/// Transition scores: `t[prev][cur]`, row NT being the start; `end[prev]`.
#[derive(Clone)]
pub struct Trans {
    pub t: [[f32; NT]; NT + 1],
    pub end: [f32; NT],
}

/// Whether `cur` may follow `prev` (None = start) in BIOES.
pub fn allowed(prev: Option<usize>, cur: Option<usize>) -> bool {
    let closed = |p: Option<usize>| match p {
        None | Some(0) => true,
        Some(t) => matches!((t - 1) % 4, 2 | 3),
    };
    match cur {
        None => closed(prev),
        Some(0) => closed(prev),
        Some(c) => {
            let (k, pos) = ((c - 1) / 4, (c - 1) % 4);
            match pos {
                0 | 3 => closed(prev),
                _ => {
                    matches!(prev, Some(p) if p != 0 && (p - 1) / 4 == k && matches!((p - 1) % 4, 0 | 1))
                }
            }
        }
    }
}

impl Trans {
    pub fn zero() -> Trans {
        Trans {
            t: [[0.0; NT]; NT + 1],
            end: [0.0; NT],
        }
    }
    /// The same with disallowed transitions made impossible.
    pub fn masked(&self) -> Trans {
        let mut m = self.clone();
        for p in 0..=NT {
            let prev = if p == NT { None } else { Some(p) };
            for c in 0..NT {
                if !allowed(prev, Some(c)) {
                    m.t[p][c] = NEG;
                }
            }
        }
        for p in 0..NT {
            if !allowed(Some(p), None) {
                m.end[p] = NEG;
            }
        }
        m
    }
}

/// The tags each tag may follow in BIOES (7 for O, B and S; 2 for I and E), in increasing
/// order: Viterbi looks only at those, 61 pairs of 169, as the others are masked anyway.
struct Preds {
    list: [[u8; 7]; NT],
    len: [u8; NT],
}

static PREDS: std::sync::LazyLock<Preds> = std::sync::LazyLock::new(|| {
    let mut p = Preds { list: [[0; 7]; NT], len: [0; NT] };
    for c in 0..NT {
        for q in (0..NT).filter(|&q| allowed(Some(q), Some(c))) {
            p.list[c][p.len[c] as usize] = q as u8;
            p.len[c] += 1;
        }
    }
    p
});

/// Best tag sequence under emission scores `em` and (masked) transitions.
pub fn viterbi(em: &[[f32; STRIDE]], tr: &Trans, bp: &mut Vec<[u8; NT]>, out: &mut Vec<u8>) {
    let n = em.len();
    out.clear();
    if n == 0 {
        return;
    }
    bp.clear();
    bp.resize(n, [0; NT]);
    let mut cur = [0f32; NT];
    for c in 0..NT {
        cur[c] = tr.t[NT][c] + em[0][c];
    }
    let preds = &*PREDS;
    for i in 1..n {
        let mut next = [NEG; NT];
        let b = &mut bp[i];
        for c in 0..NT {
            let mut best = NEG * 2.0;
            let mut arg = 0u8;
            for &p in &preds.list[c][..preds.len[c] as usize] {
                let p = p as usize;
                let s = cur[p] + tr.t[p][c];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            next[c] = best + em[i][c];
            b[c] = arg;
        }
        cur = next;
    }
    let mut best = NEG * 2.0;
    let mut arg = 0usize;
    for p in 0..NT {
        let s = cur[p] + tr.end[p];
        if s > best {
            best = s;
            arg = p;
        }
    }
    out.resize(n, 0);
    out[n - 1] = arg as u8;
    for i in (1..n).rev() {
        arg = bp[i][arg] as usize;
        out[i - 1] = arg as u8;
    }
}

/// Which hash buckets have a weight row, and which row: a bit per bucket and, for each 64
/// buckets, the number of rows before them. At 2^21 buckets that is 512 KiB, which stays in
/// cache, where a table of 2^21 row numbers (8 MiB) missed it on nearly every feature.
struct RowIndex {
    /// Per 64 buckets: their bits, and the rows before them.
    blocks: Vec<(u64, u32)>,
}

impl RowIndex {
    fn new(nbits: u32) -> RowIndex {
        RowIndex { blocks: vec![(0, 0); (1usize << nbits).div_ceil(64)] }
    }

    /// Gives `bucket` the next row: buckets must come in increasing order, and
    /// [`RowIndex::count`] be called after the last.
    fn set(&mut self, bucket: usize) {
        self.blocks[bucket >> 6].0 |= 1 << (bucket & 63);
    }

    /// Counts the rows before each block.
    fn count(&mut self) {
        let mut before = 0u32;
        for x in &mut self.blocks {
            x.1 = before;
            before += x.0.count_ones();
        }
    }

    /// The row of `bucket` (1-based), or 0 (the zero row) for a bucket without one; without a
    /// branch, so that the row loads of successive features overlap.
    #[inline]
    fn row(&self, bucket: u32) -> usize {
        let (bits, before) = self.blocks[(bucket >> 6) as usize];
        let bit = bucket & 63;
        let has = (bits >> bit) & 1;
        let below = (bits & ((1u64 << bit) - 1)).count_ones() as u64;
        ((before as u64 + below + 1) * has) as usize
    }
}

/// The quantised weight rows, compact, so that the rows a text uses stay in cache: most rows
/// have one or two nonzero weights (82% of the shipped model's, 2.2 on average), and such a
/// row is a `u32` of two cells, each a tag (4 bits) and its weight (10 bits, signed). Any other
/// row is dense, in `dense`, its `u32` holding its index there with the top bit set.
struct Rows {
    /// Row 0 is the zero row (of buckets without one).
    slots: Vec<u32>,
    /// `dense[0]` is zeros: the dense part of a row of cells.
    dense: Vec<[i16; STRIDE]>,
}

const DENSE: u32 = 1 << 31;
const CELL_BITS: u32 = 14;
const CELL_WEIGHT: std::ops::RangeInclusive<i16> = -512..=511;

impl Rows {
    fn with_capacity(n: usize) -> Rows {
        let mut slots = Vec::with_capacity(n + 1);
        slots.push(0);
        Rows { slots, dense: vec![[0; STRIDE]] }
    }

    fn push(&mut self, row: &[i16; STRIDE]) {
        let nonzero = row.iter().filter(|&&w| w != 0).count();
        if nonzero <= 2 && row.iter().all(|w| CELL_WEIGHT.contains(w)) {
            let mut slot = 0u32;
            for (k, (t, &w)) in row.iter().enumerate().filter(|(_, &w)| w != 0).enumerate() {
                slot |= (t as u32 | (w as u32 & 0x3FF) << 4) << (CELL_BITS * k as u32);
            }
            self.slots.push(slot);
        } else {
            self.slots.push(DENSE | self.dense.len() as u32);
            self.dense.push(*row);
        }
    }

    /// Asks the processor to bring row `r` into cache (its cells, or where its dense part is).
    #[inline]
    fn prefetch(&self, r: usize) {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a prefetch has no effect but on the cache; the address is inside `slots`.
        unsafe {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            _mm_prefetch::<_MM_HINT_T0>(self.slots.as_ptr().add(r) as *const i8);
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = r;
    }

    /// Adds row `r`: its cells to `cells`, its dense weights to `dense`, without a branch (a
    /// row of cells adds the zero dense row, a dense one two empty cells), so that the loads of
    /// successive rows overlap. Two sums, as single weights stored into the sum that the dense
    /// rows are added to in vector registers would stall the loads of those.
    #[inline]
    fn add(&self, r: usize, cells: &mut [i32; STRIDE], dense: &mut [i32; STRIDE]) {
        let slot = self.slots[r];
        let is_dense = slot >> 31;
        let d = &self.dense[((slot & !DENSE) * is_dense) as usize];
        let c = slot & is_dense.wrapping_sub(1);
        cells[(c & 15) as usize] += ((c << 18) as i32) >> 22;
        cells[((c >> CELL_BITS) & 15) as usize] += ((c << 4) as i32) >> 22;
        for t in 0..STRIDE {
            dense[t] += d[t] as i32;
        }
    }
}

/// A loaded model: a bucket -> row index, compact quantised rows, masked transitions (in
/// quantisation steps), and the lexicon.
pub struct Model {
    pub nbits: u32,
    pub step: f32,
    index: RowIndex,
    rows: Rows,
    pub trans: Trans,
    pub lex: Lexicon,
}

impl Model {
    pub fn extractor(&self) -> Extractor {
        Extractor { nbits: self.nbits }
    }

    /// Emission scores of the `n` positions whose features `sc` holds; `rows` is working memory.
    ///
    /// In two passes: the rows of all features first (from the bit index, which stays in
    /// cache), asking the processor to fetch each row meanwhile, then the sums; done in one
    /// pass, each feature's loads waited on one another and the sums on them.
    pub fn emissions(&self, sc: &Scratch, n: usize, rows: &mut Vec<u32>, em: &mut Vec<[f32; STRIDE]>) {
        rows.clear();
        rows.extend(sc.feats.iter().map(|&f| {
            let r = self.index.row(f);
            self.rows.prefetch(r);
            r as u32
        }));
        em.clear();
        em.reserve(n);
        for i in 0..n {
            let (mut cells, mut dense) = ([0i32; STRIDE], [0i32; STRIDE]);
            for &r in &rows[sc.offs[i] as usize..sc.offs[i + 1] as usize] {
                self.rows.add(r as usize, &mut cells, &mut dense);
            }
            let mut e = [0f32; STRIDE];
            for t in 0..STRIDE {
                e[t] = (cells[t] + dense[t]) as f32;
            }
            em.push(e);
        }
    }

    pub fn from_bytes(b: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader { b, p: 0 };
        if r.take(8)? != MAGIC {
            return Err(ModelError("not a benbao-ner model (bad magic)".into()));
        }
        let nbits = r.u32()?;
        if !(8..=26).contains(&nbits) {
            return Err(ModelError(format!("hash bits {nbits} out of range")));
        }
        let step = r.f32()?;
        let mut trans = Trans::zero();
        for p in 0..=NT {
            for c in 0..NT {
                trans.t[p][c] = r.f32()?;
            }
        }
        for p in 0..NT {
            trans.end[p] = r.f32()?;
        }
        let mut lex = Lexicon::default();
        let mut s = Vec::new();
        for _ in 0..r.u32()? {
            r.chars(&mut s)?;
            let c = r.take(3)?;
            lex.add_gaz(&s, [c[0], c[1], c[2]]);
        }
        for _ in 0..r.u32()? {
            r.chars(&mut s)?;
            let c = r.take(2)?;
            lex.add_suf(&s, [c[0], c[1]]);
        }
        for _ in 0..r.u32()? {
            let ch = r.var()? as u32;
            let c = r.take(crate::feat::NC)?;
            lex.chr.insert(ch, c.try_into().unwrap());
        }
        let nrows = r.u32()? as usize;
        let mut index = RowIndex::new(nbits);
        let mut rows = Rows::with_capacity(nrows);
        let mut bucket = 0u64;
        for k in 0..nrows {
            let delta = r.var()?;
            if k > 0 && delta == 0 {
                return Err(ModelError("weight buckets out of order".into()));
            }
            bucket += delta;
            if bucket >= 1u64 << nbits {
                return Err(ModelError("weight bucket out of range".into()));
            }
            let mask = u16::from_le_bytes(r.take(2)?.try_into().unwrap());
            let mut row = [0i16; STRIDE];
            for (t, w) in row.iter_mut().enumerate().take(NT) {
                if mask >> t & 1 == 1 {
                    *w = r.zig()? as i16;
                }
            }
            index.set(bucket as usize);
            rows.push(&row);
        }
        index.count();
        if r.p != b.len() {
            return Err(ModelError("trailing bytes".into()));
        }
        Ok(Model {
            nbits,
            step,
            index,
            rows,
            trans: trans.masked(),
            lex,
        })
    }
}

/// Serialise a model from float weights (`w[bucket * STRIDE + tag]`): weights whose magnitude is
/// below `prune` are dropped, the rest quantised to multiples of `step`.
pub fn to_bytes(
    nbits: u32,
    w: &[f32],
    trans: &Trans,
    lex: &Lexicon,
    step: f32,
    prune: f32,
) -> Vec<u8> {
    let mut o = Vec::new();
    o.extend_from_slice(MAGIC);
    o.extend_from_slice(&nbits.to_le_bytes());
    o.extend_from_slice(&step.to_le_bytes());
    for p in 0..=NT {
        for c in 0..NT {
            o.extend_from_slice(&(trans.t[p][c] / step).to_le_bytes());
        }
    }
    for p in 0..NT {
        o.extend_from_slice(&(trans.end[p] / step).to_le_bytes());
    }
    o.extend_from_slice(&(lex.gaz_strings.len() as u32).to_le_bytes());
    for (s, c) in lex.gaz_strings.iter().zip(&lex.gaz_codes) {
        put_chars(&mut o, s);
        o.extend_from_slice(c);
    }
    o.extend_from_slice(&(lex.suf_strings.len() as u32).to_le_bytes());
    for (s, c) in &lex.suf_strings {
        put_chars(&mut o, s);
        o.extend_from_slice(c);
    }
    let mut chr: Vec<_> = lex.chr.iter().map(|(&c, &v)| (c, v)).collect();
    chr.sort();
    o.extend_from_slice(&(chr.len() as u32).to_le_bytes());
    for (c, v) in chr {
        put_var(&mut o, c as u64);
        o.extend_from_slice(&v);
    }
    let mut body = Vec::new();
    let mut nrows = 0u32;
    let mut last = 0u64;
    for b in 0..(1usize << nbits) {
        let row = &w[b * STRIDE..b * STRIDE + NT];
        let mut mask = 0u16;
        let mut q = [0i64; NT];
        for t in 0..NT {
            if row[t].abs() >= prune {
                q[t] = ((row[t] / step).round() as i64).clamp(-32767, 32767);
                if q[t] != 0 {
                    mask |= 1 << t;
                }
            }
        }
        if mask == 0 {
            continue;
        }
        nrows += 1;
        put_var(&mut body, b as u64 - last);
        last = b as u64;
        body.extend_from_slice(&mask.to_le_bytes());
        for t in 0..NT {
            if mask >> t & 1 == 1 {
                put_var(&mut body, ((q[t] << 1) ^ (q[t] >> 63)) as u64);
            }
        }
    }
    o.extend_from_slice(&nrows.to_le_bytes());
    o.extend_from_slice(&body);
    o
}

fn put_var(o: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        o.push((v as u8) | 0x80);
        v >>= 7;
    }
    o.push(v as u8);
}
fn put_chars(o: &mut Vec<u8>, s: &[u32]) {
    put_var(o, s.len() as u64);
    for &c in s {
        put_var(o, c as u64);
    }
}

struct Reader<'a> {
    b: &'a [u8],
    p: usize,
}
impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if self.p + n > self.b.len() {
            return Err(ModelError("truncated".into()));
        }
        let s = &self.b[self.p..self.p + n];
        self.p += n;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn var(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= ((b & 0x7F) as u64) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(ModelError("bad varint".into()))
    }
    fn zig(&mut self) -> Result<i64, ModelError> {
        let v = self.var()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }
    fn chars(&mut self, s: &mut Vec<u32>) -> Result<(), ModelError> {
        s.clear();
        let n = self.var()? as usize;
        if n > 64 {
            return Err(ModelError("lexicon string too long".into()));
        }
        for _ in 0..n {
            s.push(self.var()? as u32);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_rows_add_what_dense_rows_add() {
        let mut rows: Vec<[i16; STRIDE]> = Vec::new();
        for (t0, w0, t1, w1) in [(0, 1, 12, -1), (12, 511, 3, -512), (5, -7, 5, 0), (0, 0, 0, 0), (2, 512, 4, 1), (1, -513, 0, 0), (7, 300, 7, 0)] {
            let mut r = [0i16; STRIDE];
            r[t0] = w0;
            r[t1] += w1;
            rows.push(r);
        }
        let mut r = [0i16; STRIDE];
        r[..NT].copy_from_slice(&[3, -4, 5, 0, 0, 0, 9, 0, 0, 0, 0, 0, 1]);
        rows.push(r);
        let mut compact = Rows::with_capacity(rows.len());
        for r in &rows {
            compact.push(r);
        }
        assert!(compact.dense.len() == 4, "rows with large weights or three nonzero ones are dense");
        for (k, r) in rows.iter().enumerate() {
            let (mut cells, mut dense) = ([0i32; STRIDE], [0i32; STRIDE]);
            compact.add(k + 1, &mut cells, &mut dense);
            let sum: Vec<i32> = (0..STRIDE).map(|t| cells[t] + dense[t]).collect();
            assert_eq!(sum, r.map(|w| w as i32), "row {k}");
        }
        let (mut cells, mut dense) = ([0i32; STRIDE], [0i32; STRIDE]);
        compact.add(0, &mut cells, &mut dense);
        assert_eq!((cells, dense), ([0; STRIDE], [0; STRIDE]));
    }
}
