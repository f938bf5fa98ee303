//! Train the tagger.
//!
//! cargo run --release -p benbao-ner --example train -- TRAIN.jsonl DEV.jsonl OUT.model
//!     [--epochs N] [--nbits B] [--folds F] [--step S] [--prune P] [--seed N]
//!
//! TRAIN/DEV hold {"text": str, "entities": [[start, end, "PER"|"LOC"|"ORG"], ...]} a line.
//! Prints dev P/R/F1 per epoch, keeps the best epoch's averaged weights, writes the model,
//! reloads it through the library and prints dev figures of the shipped (quantised) model.

use benbao_ner::train::{self, Config, Counts, Sentence};
use std::time::Instant;

fn load(path: &str) -> (Vec<String>, Vec<Sentence>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut raw = Vec::new();
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("bad json line");
        let t = v["text"].as_str().expect("text").to_string();
        let mut ents = Vec::new();
        for e in v["entities"].as_array().expect("entities") {
            let (a, b) = (
                e[0].as_u64().unwrap() as usize,
                e[1].as_u64().unwrap() as usize,
            );
            if let Some(k) = train::type_index(e[2].as_str().unwrap()) {
                ents.push((a, b, k));
            }
        }
        out.push(Sentence {
            text: train::normalise(&t),
            ents,
        });
        raw.push(t);
    }
    (raw, out)
}

/// Transitions with `bonus` added to every transition into an entity tag (tag > 0).
fn with_bonus(t: &benbao_ner::model::Trans, bonus: f32) -> benbao_ner::model::Trans {
    let mut t = t.clone();
    for row in t.t.iter_mut() {
        for x in row.iter_mut().skip(1) {
            *x += bonus;
        }
    }
    t
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut pos = Vec::new();
    let mut cfg = Config::default();
    let (mut step, mut prune) = (0.25f32, 1.5f32);
    let mut bags = 1usize;
    let mut entity_bonus = f32::NAN;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let mut val = || {
            i += 1;
            args.get(i)
                .unwrap_or_else(|| panic!("{a} needs a value"))
                .clone()
        };
        match a.as_str() {
            "--epochs" => cfg.epochs = val().parse().unwrap(),
            "--nbits" => cfg.nbits = val().parse().unwrap(),
            "--folds" => cfg.folds = val().parse().unwrap(),
            "--cutoff" => cfg.min_feature_count = val().parse().unwrap(),
            "--entity-bonus" => entity_bonus = val().parse().unwrap(),
            "--bags" => bags = val().parse().unwrap(),
            "--margin" => cfg.margin = val().parse().unwrap(),
            "--seed" => cfg.seed = val().parse().unwrap(),
            "--step" => step = val().parse().unwrap(),
            "--prune" => prune = val().parse().unwrap(),
            _ => pos.push(a.clone()),
        }
        i += 1;
    }
    if pos.len() != 3 {
        eprintln!("usage: train TRAIN.jsonl DEV.jsonl OUT.model [--epochs N] [--nbits B] [--folds F] [--step S] [--prune P]");
        std::process::exit(2);
    }
    let t0 = Instant::now();
    let (_, tr) = load(&pos[0]);
    let (dev_raw, dev) = load(&pos[1]);
    eprintln!("{:?}", cfg);
    let (lex, held) = train::build_lexicon(&tr, &cfg);
    eprintln!(
        "lexicon: {} gazetteer strings, {} suffixes, {} characters ({:.1}s)",
        lex.gaz_strings.len(),
        lex.suf_strings.len(),
        lex.chr.len(),
        t0.elapsed().as_secs_f64()
    );
    let folds = cfg.folds.max(1);
    let fold = |i| train::fold_of(i, tr.len(), folds);
    let mut trf = train::featurise(&tr, &lex, &fold, &held, cfg.nbits);
    train::cutoff(&mut trf, cfg.nbits, cfg.min_feature_count);
    let devf = train::featurise(&dev, &lex, &|_| usize::MAX, &held, cfg.nbits);
    eprintln!(
        "features: {} train ({:.1}s)",
        trf.feats.len(),
        t0.elapsed().as_secs_f64()
    );
    let mut best = train::perceptron(&trf, None, Some(&devf), &cfg, cfg.epochs, &mut |s| {
        eprintln!("{s}")
    });
    eprintln!("best epoch {}: dev {}", best.epoch, best.dev.report());
    // Bagging over shuffles: average the weights of runs with other seeds (same epochs).
    for b in 1..bags {
        let c = train::Config {
            seed: cfg.seed + b as u64,
            ..cfg.clone()
        };
        let m = train::perceptron(&trf, None, None, &c, best.epoch, &mut |_| {});
        let k = b as f32;
        for (x, y) in best.w.iter_mut().zip(&m.w) {
            *x = (*x * k + y) / (k + 1.0);
        }
        for p in 0..best.trans.t.len() {
            for q in 0..best.trans.t[p].len() {
                best.trans.t[p][q] = (best.trans.t[p][q] * k + m.trans.t[p][q]) / (k + 1.0);
            }
        }
        for p in 0..best.trans.end.len() {
            best.trans.end[p] = (best.trans.end[p] * k + m.trans.end[p]) / (k + 1.0);
        }
        let counts = train::evaluate_f32(&best.w, &best.trans, &devf);
        eprintln!("bag of {}: dev {}", b + 1, counts.report());
    }
    // Recall lags precision: favour entity tags by a bonus on every transition into them,
    // chosen on dev.
    if entity_bonus.is_nan() {
        let mut best_f = -1.0;
        for bonus in [0.0f32, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0] {
            let tr = with_bonus(&best.trans, bonus);
            let c = train::evaluate_f32(&best.w, &tr, &devf);
            eprintln!("entity bonus {bonus}: dev {}", c.report());
            if c.prf(3).2 > best_f {
                best_f = c.prf(3).2;
                entity_bonus = bonus;
            }
        }
    }
    eprintln!("entity bonus {entity_bonus}");
    best.trans = with_bonus(&best.trans, entity_bonus);
    let bytes = benbao_ner::train_to_bytes(cfg.nbits, &best.w, &best.trans, &lex, step, prune);
    std::fs::write(&pos[2], &bytes).unwrap_or_else(|e| panic!("{}: {e}", pos[2]));
    // Check the written model through the library, on raw text: through the line protocol and
    // through `tag`.
    let tagger = benbao_ner::Tagger::from_bytes(&bytes).expect("model reloads");
    let input: String = dev_raw
        .iter()
        .map(|t| t.replace('\n', " ") + "\n")
        .collect();
    let mut output = Vec::new();
    benbao_ner::run(&tagger, input.as_bytes(), &mut output).unwrap();
    let (mut c, mut alone) = (Counts::default(), Counts::default());
    for ((line, s), raw) in String::from_utf8(output)
        .unwrap()
        .lines()
        .zip(&dev)
        .zip(&dev_raw)
    {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let pred: Vec<_> = v["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["start"].as_u64().unwrap() as usize,
                    e["end"].as_u64().unwrap() as usize,
                    train::type_index(e["type"].as_str().unwrap()).unwrap(),
                )
            })
            .collect();
        c.add(&s.ents, &pred);
        let pred: Vec<_> = tagger
            .tag(raw)
            .iter()
            .map(|sp| (sp.start, sp.end, sp.kind as usize))
            .collect();
        alone.add(&s.ents, &pred);
    }
    eprintln!(
        "wrote {} ({} bytes, step {step}, prune {prune})",
        pos[2],
        bytes.len()
    );
    eprintln!("shipped model on dev, line protocol: {}", c.report());
    eprintln!("shipped model on dev, Tagger::tag:    {}", alone.report());
    eprintln!("total {:.1}s", t0.elapsed().as_secs_f64());
}
