//! The search query language on any string: parsing (with its depth, length
//! and term limits) and the terms each field is asked for.
#![no_main]
use benbao_archive::search::{parse_query, positive_texts, Node};
use benbao_archive::tokenize::{gram_query, squeeze_query, word_query};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|q: &str| {
    let Ok(node) = parse_query(q) else { return };
    let mut texts = Vec::new();
    positive_texts(&node, &mut texts);
    fn all_texts(n: &Node, out: &mut Vec<String>) {
        match n {
            Node::Text(s) => out.push(s.clone()),
            Node::And(v) | Node::Or(v) => v.iter().for_each(|c| all_texts(c, out)),
            Node::Not(x) => all_texts(x, out),
            _ => {}
        }
    }
    all_texts(&node, &mut texts);
    for t in texts {
        let s = squeeze_query(&t);
        let _ = gram_query(&s);
        let _ = word_query(&s);
    }
});
