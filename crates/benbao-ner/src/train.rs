//! Training: lexicon statistics from the training sentences (with held-out gazetteer codes for
//! the training sentences themselves), then a structured averaged perceptron. Single-threaded.

use crate::feat::{self, count_code, Extractor, Lexicon, Scratch, NC, NT, STRIDE};
use crate::model::{self, Trans};
use std::collections::HashMap;

/// A sentence: normalised characters (see [`normalise`]) and its entities (start, end, type
/// index 0 PER / 1 LOC / 2 ORG), character offsets.
pub struct Sentence {
    pub text: Vec<u32>,
    pub ents: Vec<(usize, usize, usize)>,
}

pub fn normalise(s: &str) -> Vec<u32> {
    s.chars().map(feat::norm).collect()
}

pub fn type_index(t: &str) -> Option<usize> {
    feat::TYPES.iter().position(|&x| x == t)
}

#[derive(Clone, Debug)]
pub struct Config {
    pub nbits: u32,
    pub epochs: usize,
    pub folds: usize,
    pub seed: u64,
    pub max_gaz_len: usize,
    pub min_suffix_count: u32,
    pub min_surname_count: u32,
    pub min_feature_count: u32,
    /// Cost-augmented decoding in training: each wrong tag gets this bonus.
    pub margin: f32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            nbits: 21,
            epochs: 16,
            folds: 10,
            seed: 7,
            max_gaz_len: 20,
            min_suffix_count: 3,
            min_surname_count: 3,
            min_feature_count: 2,
            margin: 8.0,
        }
    }
}

/// Fold of sentence `i` of `n`: contiguous blocks.
pub fn fold_of(i: usize, n: usize, folds: usize) -> usize {
    (i * folds / n.max(1)).min(folds - 1)
}

fn gold_tags(s: &Sentence) -> Vec<u8> {
    let mut g = vec![0u8; s.text.len()];
    for &(a, b, k) in &s.ents {
        if b <= a || b > g.len() {
            continue;
        }
        if b - a == 1 {
            g[a] = feat::tag_of(k, feat::S) as u8;
        } else {
            g[a] = feat::tag_of(k, feat::B) as u8;
            for x in &mut g[a + 1..b - 1] {
                *x = feat::tag_of(k, feat::I) as u8;
            }
            g[b - 1] = feat::tag_of(k, feat::E) as u8;
        }
    }
    g
}

/// The lexicon (codes from all training sentences) and, per fold, the gazetteer codes computed
/// without that fold's sentences (see [`fold_of`]: contiguous blocks, so that the sentences
/// of one article, which repeat its names, fall in the same fold).
///
/// Long on purpose: its three sections (entity strings, suffixes, characters) fill and code
/// the same per-fold count tables, and it runs only when a model is trained (`benbao-ner
/// train`), where a change must reproduce `model/ner.bin` bit for bit to be checked.
pub fn build_lexicon(train: &[Sentence], cfg: &Config) -> (Lexicon, Vec<Held>) {
    let folds = cfg.folds.max(1);
    let mut lex = Lexicon::default();
    // Gazetteer: every entity string.
    for s in train {
        for &(a, b, _) in &s.ents {
            if b - a <= cfg.max_gaz_len {
                lex.add_gaz(&s.text[a..b], [0; 3]);
            }
        }
    }
    let ids = lex.gaz_strings.len();
    let mut ent = vec![vec![[0u32; 3]; ids]; folds];
    let mut occ = vec![vec![0u32; ids]; folds];
    let key_to_id: HashMap<&[u32], u32> = lex
        .gaz_strings
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_slice(), i as u32))
        .collect();
    for (i, s) in train.iter().enumerate() {
        let f = fold_of(i, train.len(), folds);
        for &(a, b, k) in &s.ents {
            if let Some(&id) = key_to_id.get(&s.text[a..b]) {
                ent[f][id as usize][k] += 1;
            }
        }
        lex.gaz_matches(&s.text, |_, _, id| occ[f][id as usize] += 1);
    }
    let mut tot_ent = vec![[0u32; 3]; ids];
    let mut tot_occ = vec![0u32; ids];
    for f in 0..folds {
        for id in 0..ids {
            for k in 0..3 {
                tot_ent[id][k] += ent[f][id][k];
            }
            tot_occ[id] += occ[f][id];
        }
    }
    let codes = |e: [u32; 3], o: u32| {
        [
            count_code(e[0], o),
            count_code(e[1], o),
            count_code(e[2], o),
        ]
    };
    for id in 0..ids {
        lex.gaz_codes[id] = codes(tot_ent[id], tot_occ[id]);
    }
    let fold_gaz: Vec<Vec<[u8; 3]>> = (0..folds)
        .map(|f| {
            (0..ids)
                .map(|id| {
                    if folds == 1 {
                        return lex.gaz_codes[id];
                    }
                    let mut e = tot_ent[id];
                    for k in 0..3 {
                        e[k] -= ent[f][id][k];
                    }
                    codes(e, tot_occ[id] - occ[f][id])
                })
                .collect()
        })
        .collect();

    // Suffixes of places (1) and organisations (2), 1..=4 characters, shorter than the name.
    let mut suf_count: HashMap<Vec<u32>, [u32; 2]> = HashMap::new();
    for s in train {
        for &(a, b, k) in &s.ents {
            if k == 0 {
                continue;
            }
            for len in 1..=4.min(b - a - 1) {
                suf_count.entry(s.text[b - len..b].to_vec()).or_default()[k - 1] += 1;
            }
        }
    }
    suf_count.retain(|_, c| c[0] >= cfg.min_suffix_count || c[1] >= cfg.min_suffix_count);
    let hand = |list: &[&str], k: usize, m: &mut HashMap<Vec<u32>, [u32; 2]>| {
        for w in list {
            m.entry(normalise(w)).or_default();
            let _ = k;
        }
    };
    hand(feat::HAND_LOC_SUFFIXES, 0, &mut suf_count);
    hand(feat::HAND_ORG_SUFFIXES, 1, &mut suf_count);
    let mut suf_occ: HashMap<&[u32], u32> = suf_count.keys().map(|k| (k.as_slice(), 0)).collect();
    for s in train {
        for j in 0..s.text.len() {
            for len in 1..=4.min(j + 1) {
                if let Some(c) = suf_occ.get_mut(&s.text[j + 1 - len..=j]) {
                    *c += 1;
                }
            }
        }
    }
    let hand_loc: Vec<Vec<u32>> = feat::HAND_LOC_SUFFIXES
        .iter()
        .map(|w| normalise(w))
        .collect();
    let hand_org: Vec<Vec<u32>> = feat::HAND_ORG_SUFFIXES
        .iter()
        .map(|w| normalise(w))
        .collect();
    let mut sufs: Vec<_> = suf_count.iter().collect();
    sufs.sort();
    for (s, c) in sufs {
        let o = suf_occ[s.as_slice()];
        let mut code = [count_code(c[0], o), count_code(c[1], o)];
        // Hand-listed suffixes unseen in training get a modest code.
        if code[0] == 0 && hand_loc.contains(s) {
            code[0] = count_code(1, 5);
        }
        if code[1] == 0 && hand_org.contains(s) {
            code[1] = count_code(1, 5);
        }
        if code != [0, 0] {
            lex.add_suf(s, code);
        }
    }

    // Characters: first of a person's name, later in one, inside a place, inside an organisation;
    // counted per fold, coded overall and held out per fold.
    let mut cs: HashMap<u32, Vec<[u32; NC + 1]>> = HashMap::new();
    for (i, s) in train.iter().enumerate() {
        let f = fold_of(i, train.len(), folds);
        for &(a, b, k) in &s.ents {
            for (j, &c) in s.text[a..b].iter().enumerate() {
                let slot = match (k, j) {
                    (0, 0) if b - a >= 2 => 0,
                    (0, 0) => continue,
                    (0, _) => 1,
                    _ => k + 1,
                };
                cs.entry(c).or_insert_with(|| vec![[0; NC + 1]; folds])[f][slot] += 1;
            }
        }
    }
    for (i, s) in train.iter().enumerate() {
        let f = fold_of(i, train.len(), folds);
        for c in &s.text {
            if let Some(v) = cs.get_mut(c) {
                v[f][NC] += 1;
            }
        }
    }
    let ccode = |x: [u32; NC + 1]| {
        let mut o = [0u8; NC];
        for k in 0..NC {
            if x[k] >= cfg.min_surname_count {
                o[k] = count_code(x[k], x[NC]);
            }
        }
        o
    };
    let mut fold_chr: Vec<feat::FastMap<u32, [u8; NC]>> = vec![Default::default(); folds];
    for (&c, v) in &cs {
        let mut tot = [0u32; NC + 1];
        for x in v {
            for k in 0..=NC {
                tot[k] += x[k];
            }
        }
        let code = ccode(tot);
        if code != [0; NC] {
            lex.chr.insert(c, code);
        }
        for f in 0..folds {
            let mut h = tot;
            for k in 0..=NC {
                h[k] -= v[f][k];
            }
            let code = if folds == 1 { ccode(tot) } else { ccode(h) };
            if code != [0; NC] {
                fold_chr[f].insert(c, code);
            }
        }
    }
    let held = fold_gaz
        .into_iter()
        .zip(fold_chr)
        .map(|(gaz, chr)| Held { gaz, chr })
        .collect();
    (lex, held)
}

/// Lexicon codes computed without one fold.
pub struct Held {
    pub gaz: Vec<[u8; 3]>,
    pub chr: feat::FastMap<u32, [u8; NC]>,
}

/// Features of a set of sentences, flattened.
pub struct FeatSet {
    pub feats: Vec<u32>,
    /// Per sentence, offsets into `feats` of each position (len + 1 entries).
    pub offs: Vec<Vec<u32>>,
    pub gold: Vec<Vec<u8>>,
}

/// Features of `ss`; sentence i uses the held-out codes of fold `codes(i)` (usize::MAX: the
/// lexicon's own).
pub fn featurise(
    ss: &[Sentence],
    lex: &Lexicon,
    codes: &dyn Fn(usize) -> usize,
    held: &[Held],
    nbits: u32,
) -> FeatSet {
    let ex = Extractor { nbits };
    let mut sc = Scratch::default();
    let mut fs = FeatSet {
        feats: Vec::new(),
        offs: Vec::with_capacity(ss.len()),
        gold: Vec::with_capacity(ss.len()),
    };
    for (i, s) in ss.iter().enumerate() {
        let c = codes(i);
        if c == usize::MAX {
            ex.extract(lex, &lex.gaz_codes, &lex.chr, &s.text, &mut sc);
        } else {
            ex.extract(lex, &held[c].gaz, &held[c].chr, &s.text, &mut sc);
        }
        let base = fs.feats.len() as u32;
        fs.feats.extend_from_slice(&sc.feats);
        fs.offs.push(sc.offs.iter().map(|&o| o + base).collect());
        fs.gold.push(gold_tags(s));
    }
    fs
}

fn emissions_f32(w: &[f32], feats: &[u32], offs: &[u32], em: &mut Vec<[f32; STRIDE]>) {
    em.clear();
    for i in 0..offs.len() - 1 {
        let mut acc = [0f32; STRIDE];
        for &f in &feats[offs[i] as usize..offs[i + 1] as usize] {
            let r = &w[f as usize * STRIDE..f as usize * STRIDE + STRIDE];
            for t in 0..STRIDE {
                acc[t] += r[t];
            }
        }
        em.push(acc);
    }
}

fn emissions_i32(w: &[i32], feats: &[u32], offs: &[u32], em: &mut Vec<[f32; STRIDE]>) {
    em.clear();
    for i in 0..offs.len() - 1 {
        let mut acc = [0i32; STRIDE];
        for &f in &feats[offs[i] as usize..offs[i + 1] as usize] {
            let r = &w[f as usize * STRIDE..f as usize * STRIDE + STRIDE];
            for t in 0..STRIDE {
                acc[t] += r[t];
            }
        }
        let mut e = [0f32; STRIDE];
        for t in 0..STRIDE {
            e[t] = acc[t] as f32;
        }
        em.push(e);
    }
}

/// Entity spans (start, end, type) of a BIOES sequence.
pub fn spans(tags: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut sp = Vec::new();
    crate::spans_of(tags, 0, &mut sp);
    for s in sp {
        out.push((s.start, s.end, s.kind as usize));
    }
    out
}

/// Per type and overall (tp, fp, fn).
#[derive(Default, Clone, Copy, Debug)]
pub struct Counts {
    pub tp: [u64; 4],
    pub fp: [u64; 4],
    pub fn_: [u64; 4],
}
impl Counts {
    pub fn add(&mut self, gold: &[(usize, usize, usize)], pred: &[(usize, usize, usize)]) {
        for p in pred {
            if gold.contains(p) {
                self.tp[p.2] += 1;
                self.tp[3] += 1;
            } else {
                self.fp[p.2] += 1;
                self.fp[3] += 1;
            }
        }
        for g in gold {
            if !pred.contains(g) {
                self.fn_[g.2] += 1;
                self.fn_[3] += 1;
            }
        }
    }
    pub fn prf(&self, k: usize) -> (f64, f64, f64) {
        let (tp, fp, fn_) = (self.tp[k] as f64, self.fp[k] as f64, self.fn_[k] as f64);
        let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
        let r = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
        (
            p,
            r,
            if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            },
        )
    }
    pub fn report(&self) -> String {
        let mut s = String::new();
        for (k, name) in ["PER", "LOC", "ORG", "all"].iter().enumerate() {
            let (p, r, f) = self.prf(k);
            s += &format!("{name} P {p:.4} R {r:.4} F1 {f:.4}  ");
        }
        s
    }
}

pub fn evaluate_f32(w: &[f32], trans: &Trans, fs: &FeatSet) -> Counts {
    let masked = trans.masked();
    let (mut em, mut bp, mut tags) = (Vec::new(), Vec::new(), Vec::new());
    let mut c = Counts::default();
    for (offs, gold) in fs.offs.iter().zip(&fs.gold) {
        emissions_f32(w, &fs.feats, offs, &mut em);
        model::viterbi(&em, &masked, &mut bp, &mut tags);
        c.add(&spans(gold), &spans(&tags));
    }
    c
}

pub struct Trained {
    pub w: Vec<f32>,
    pub trans: Trans,
    pub epoch: usize,
    pub dev: Counts,
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Drop features (buckets) seen fewer than `min` times in `fs` (the unused bucket 0 stands in).
pub fn cutoff(fs: &mut FeatSet, nbits: u32, min: u32) {
    if min <= 1 {
        return;
    }
    let mut cnt = vec![0u32; 1usize << nbits];
    for &f in &fs.feats {
        cnt[f as usize] = cnt[f as usize].saturating_add(1);
    }
    let mut dropped = 0usize;
    for f in fs.feats.iter_mut() {
        if cnt[*f as usize] < min {
            *f = 0;
            dropped += 1;
        }
    }
    eprintln!(
        "cutoff {min}: {dropped} of {} feature occurrences dropped",
        fs.feats.len()
    );
}

/// Averaged structured perceptron; keeps the averaged weights of the epoch best on `dev`.
/// Decode sentences `idx` of `fs` with float weights.
pub fn predict(
    w: &[f32],
    trans: &Trans,
    fs: &FeatSet,
    idx: &[usize],
) -> Vec<Vec<(usize, usize, usize)>> {
    let masked = trans.masked();
    let (mut em, mut bp, mut tags) = (Vec::new(), Vec::new(), Vec::new());
    idx.iter()
        .map(|&i| {
            emissions_f32(w, &fs.feats, &fs.offs[i], &mut em);
            model::viterbi(&em, &masked, &mut bp, &mut tags);
            spans(&tags)
        })
        .collect()
}

/// Averaged structured perceptron over sentences `idx` of `tr` (all if None) for `epochs`;
/// with `dev`, keeps the averaged weights of the epoch best on it, else those of the last.
///
/// Long on purpose: the epochs, the lazy averaging and the choice of the best epoch share
/// the weight, total and timestamp arrays; like [`build_lexicon`] it runs only in training.
pub fn perceptron(
    tr: &FeatSet,
    idx: Option<&[usize]>,
    dev: Option<&FeatSet>,
    cfg: &Config,
    epochs: usize,
    log: &mut dyn FnMut(String),
) -> Trained {
    let size = (1usize << cfg.nbits) * STRIDE;
    let mut w = vec![0i32; size];
    let mut u = vec![0i64; size];
    let mut tw = [[0i32; NT]; NT + 2]; // rows 0..NT prev, NT start; [NT+1] = end
    let mut tu = [[0i64; NT]; NT + 2];
    let mut c: i64 = 1;
    let zero_bucket = 0usize; // bucket 0 collects dropped features; never trained
    let _ = zero_bucket;
    let mut order: Vec<usize> = idx.map_or_else(|| (0..tr.gold.len()).collect(), |x| x.to_vec());
    let mut rng = Rng(cfg.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let (mut em, mut bp, mut pred) = (Vec::new(), Vec::new(), Vec::new());
    let mut best: Option<Trained> = None;
    for epoch in 1..=epochs {
        let t0 = std::time::Instant::now();
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut errors = 0usize;
        for &si in &order {
            let (offs, gold) = (&tr.offs[si], &tr.gold[si]);
            let n = gold.len();
            if n == 0 {
                continue;
            }
            emissions_i32(&w, &tr.feats, offs, &mut em);
            if cfg.margin > 0.0 {
                for (e, &g) in em.iter_mut().zip(gold) {
                    for (t, x) in e.iter_mut().enumerate() {
                        if t != g as usize {
                            *x += cfg.margin;
                        }
                    }
                }
            }
            let mut trans = Trans::zero();
            for p in 0..=NT {
                for q in 0..NT {
                    trans.t[p][q] = tw[p][q] as f32;
                }
            }
            for p in 0..NT {
                trans.end[p] = tw[NT + 1][p] as f32;
            }
            model::viterbi(&em, &trans.masked(), &mut bp, &mut pred);
            if pred[..] != gold[..] {
                errors += 1;
                for i in 0..n {
                    let (g, p) = (gold[i] as usize, pred[i] as usize);
                    if g != p {
                        for &f in &tr.feats[offs[i] as usize..offs[i + 1] as usize] {
                            if f == 0 {
                                continue;
                            }
                            let b = f as usize * STRIDE;
                            w[b + g] += 1;
                            u[b + g] += c;
                            w[b + p] -= 1;
                            u[b + p] -= c;
                        }
                    }
                    let gp = if i == 0 { NT } else { gold[i - 1] as usize };
                    let pp = if i == 0 { NT } else { pred[i - 1] as usize };
                    if (gp, g) != (pp, p) {
                        tw[gp][g] += 1;
                        tu[gp][g] += c;
                        tw[pp][p] -= 1;
                        tu[pp][p] -= c;
                    }
                }
                let (g, p) = (gold[n - 1] as usize, pred[n - 1] as usize);
                if g != p {
                    tw[NT + 1][g] += 1;
                    tu[NT + 1][g] += c;
                    tw[NT + 1][p] -= 1;
                    tu[NT + 1][p] -= c;
                }
            }
            c += 1;
        }
        // Averaged weights: w - u / c.
        let cf = c as f64;
        let avg: Vec<f32> = w
            .iter()
            .zip(&u)
            .map(|(&a, &b)| (a as f64 - b as f64 / cf) as f32)
            .collect();
        let mut trans = Trans::zero();
        for p in 0..=NT {
            for q in 0..NT {
                trans.t[p][q] = (tw[p][q] as f64 - tu[p][q] as f64 / cf) as f32;
            }
        }
        for p in 0..NT {
            trans.end[p] = (tw[NT + 1][p] as f64 - tu[NT + 1][p] as f64 / cf) as f32;
        }
        if epoch < epochs && dev.is_none() {
            continue;
        }
        let counts = dev
            .map(|d| evaluate_f32(&avg, &trans, d))
            .unwrap_or_default();
        log(format!(
            "epoch {epoch}: {errors} sentences wrong, {:.1}s; dev {}",
            t0.elapsed().as_secs_f64(),
            counts.report()
        ));
        if best
            .as_ref()
            .is_none_or(|b| counts.prf(3).2 > b.dev.prf(3).2 || dev.is_none())
        {
            best = Some(Trained {
                w: avg,
                trans,
                epoch,
                dev: counts,
            });
        }
    }
    best.expect("at least one epoch")
}
