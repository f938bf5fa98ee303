//! The shipped model and the line protocol. Needs nothing outside the crate.

use benbao_ner::{run, EntityKind, Span, Tagger};
use std::sync::OnceLock;

fn tagger() -> &'static Tagger {
    static T: OnceLock<Tagger> = OnceLock::new();
    T.get_or_init(Tagger::load_default)
}

/// (text of the span, kind) for each entity, offsets checked to be in characters.
fn found(text: &str) -> Vec<(String, &'static str)> {
    let chars: Vec<char> = text.chars().collect();
    tagger()
        .tag(text)
        .iter()
        .map(|s| {
            assert!(
                s.start < s.end && s.end <= chars.len(),
                "{s:?} out of {text}"
            );
            (chars[s.start..s.end].iter().collect(), s.kind.as_str())
        })
        .collect()
}

fn protocol(input: &[u8]) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    run(tagger(), input, &mut out).unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn news_sentence() {
    let got = found("郑州高新区党工委委员、管委会副主任王德敏到区市场监管局调研");
    assert!(got.contains(&("王德敏".into(), "PER")), "{got:?}");
    assert!(got.contains(&("区市场监管局".into(), "ORG")), "{got:?}");
    assert!(got.contains(&("管委会".into(), "ORG")), "{got:?}");
    // The party committee of the zone is one organisation, place name included.
    assert!(
        got.iter()
            .any(|(s, k)| s.starts_with("郑州高新区") && *k == "ORG"),
        "{got:?}"
    );
}

#[test]
fn common_entities() {
    let got = found("国务院总理李鹏今天在北京会见了美国总统克林顿。");
    for want in [
        ("国务院", "ORG"),
        ("李鹏", "PER"),
        ("北京", "LOC"),
        ("美国", "LOC"),
        ("克林顿", "PER"),
    ] {
        assert!(
            got.contains(&(want.0.into(), want.1)),
            "{want:?} not in {got:?}"
        );
    }
}

#[test]
fn offsets_count_characters_not_bytes() {
    let text = "abc，江泽民主席会见了克林顿。";
    let spans = tagger().tag(text);
    assert!(
        spans.contains(&Span {
            start: 4,
            end: 7,
            kind: EntityKind::Person
        }),
        "{spans:?}"
    );
    assert!(
        spans.contains(&Span {
            start: 12,
            end: 15,
            kind: EntityKind::Person
        }),
        "{spans:?}"
    );
}

#[test]
fn empty_and_plain_lines() {
    assert!(tagger().tag("").is_empty());
    assert!(tagger().tag("   ").is_empty());
    assert!(tagger().tag("1234567890 abc").is_empty());
    let out = protocol(b"\n\r\n");
    assert_eq!(out.len(), 2);
    for v in out {
        assert_eq!(v, serde_json::json!({"entities": []}));
    }
}

#[test]
fn protocol_lines() {
    let out = protocol("李鹏在北京。\r\n\n克林顿\n\u{ff}\u{fe}不是文字".as_bytes());
    assert_eq!(out.len(), 4);
    assert_eq!(
        out[0]["entities"][0],
        serde_json::json!({"start": 0, "end": 2, "type": "PER"})
    );
    assert_eq!(
        out[0]["entities"][1],
        serde_json::json!({"start": 3, "end": 5, "type": "LOC"})
    );
    assert_eq!(out[1]["entities"], serde_json::json!([]));
    // Invalid UTF-8 is read as replacement characters, one per bad byte sequence.
    let mut bad = b"\xff\xfe".to_vec();
    bad.extend_from_slice("李鹏说".as_bytes());
    bad.push(b'\n');
    let out = protocol(&bad);
    assert_eq!(out.len(), 1);
    for e in out[0]["entities"].as_array().unwrap() {
        assert!(e["end"].as_u64().unwrap() <= 5);
    }
}

#[test]
fn very_long_line() {
    let sentence = "国务院总理李鹏今天在北京会见了美国总统克林顿。";
    let n = sentence.chars().count();
    let text: String = sentence.repeat(5000);
    let spans = tagger().tag(&text);
    // Each copy is tagged as it is alone, offsets shifted.
    let one = tagger().tag(sentence);
    assert_eq!(spans.len(), one.len() * 5000);
    for (k, s) in spans.iter().enumerate() {
        let o = one[k % one.len()];
        let shift = (k / one.len()) * n;
        assert_eq!(
            (s.start, s.end, s.kind),
            (o.start + shift, o.end + shift, o.kind)
        );
    }
    // No sentence ends at all: cut at a hard limit, still in bounds and in order.
    let text: String = "张三李四王五赵六北京上海广州深圳".repeat(20_000);
    let spans = tagger().tag(&text);
    let len = text.chars().count();
    assert!(spans.windows(2).all(|w| w[0].end <= w[1].start));
    assert!(spans.iter().all(|s| s.end <= len));
}

#[test]
fn rejects_a_bad_model() {
    assert!(Tagger::from_bytes(b"").is_err());
    assert!(Tagger::from_bytes(b"not a model at all").is_err());
}
