//! Named entities (persons, places, organisations) in Chinese news text.
//!
//! A character-level sequence tagger: BIOES tags over PER/LOC/ORG, scored by a structured
//! averaged perceptron over hashed features (character n-grams in a ±2 window, character
//! classes, a gazetteer of training entities, place/organisation suffixes, surnames), decoded
//! with Viterbi over tag transitions. The model (`model/ner.bin`) is built into the library.
//!
//! ```
//! let tagger = benbao_ner::Tagger::load_default();
//! let spans = tagger.tag("国务院总理李鹏今天在北京会见了客人。");
//! assert!(spans.iter().any(|s| s.kind == "PER"));
//! ```
#![warn(missing_docs)]

#![allow(clippy::needless_range_loop)]

#[doc(hidden)]
pub mod feat;
#[doc(hidden)]
pub mod model;
#[doc(hidden)]
pub mod train;

use std::io::{self, BufRead, Write};

pub use model::ModelError;

/// Serialise trained float weights into a model file (used by the trainer).
#[doc(hidden)]
pub fn train_to_bytes(
    nbits: u32,
    w: &[f32],
    trans: &model::Trans,
    lex: &feat::Lexicon,
    step: f32,
    prune: f32,
) -> Vec<u8> {
    model::to_bytes(nbits, w, trans, lex, step, prune)
}

/// What an entity is: its tag in the MSRA scheme (`PER`, `LOC`, `ORG`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    /// `PER`: a person's name.
    Person,
    /// `LOC`: a place (a country, a division, a locality).
    Place,
    /// `ORG`: an organisation (a body, a company, a party).
    Organization,
}

impl EntityKind {
    /// Every kind, in the order of the model's tags.
    pub const ALL: [EntityKind; 3] = [EntityKind::Person, EntityKind::Place, EntityKind::Organization];

    /// Its tag: `PER`, `LOC` or `ORG`.
    pub fn as_str(self) -> &'static str {
        feat::TYPES[self as usize]
    }

    /// The kind of a tag; None if it is none.
    pub fn parse(tag: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.as_str() == tag)
    }
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for EntityKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// An entity: characters `start..end` (Unicode code points, end exclusive) of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// Char offset (0-based, in Unicode code points) of the entity's first character.
    pub start: usize,
    /// Char offset after the entity's last character (exclusive).
    pub end: usize,
    /// What the entity is (person, place or organisation).
    pub kind: EntityKind,
}

/// The default model, built into the library.
static DEFAULT_MODEL: &[u8] = include_bytes!("../model/ner.bin");

/// A loaded model. Cheap to share (`&Tagger` is `Sync`); tagging allocates per call unless
/// [`Tagger::tag_into`] is given a reused [`Buffers`].
pub struct Tagger {
    model: model::Model,
}

/// Reusable working memory for [`Tagger::tag_into`].
#[derive(Default)]
pub struct Buffers {
    sc: feat::Scratch,
    text: Vec<u32>,
    rows: Vec<u32>,
    em: Vec<[f32; feat::STRIDE]>,
    bp: Vec<[u8; feat::NT]>,
    tags: Vec<u8>,
}

/// Lines longer than this many characters are tagged in pieces, cut after sentence ends.
const CHUNK: usize = 256;
const CHUNK_HARD: usize = 1024;

impl Tagger {
    /// The model shipped in the crate.
    pub fn load_default() -> Tagger {
        Tagger::from_bytes(DEFAULT_MODEL).expect("benbao-ner: the built-in model is corrupt")
    }

    /// A model written by the trainer (`examples/train.rs`).
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        Ok(Tagger {
            model: model::Model::from_bytes(bytes)?,
        })
    }

    /// The entities of `text`, in order, offsets in characters.
    pub fn tag(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        self.tag_into(text, &mut Buffers::default(), &mut out);
        out
    }

    /// As [`Tagger::tag`], into `out` (cleared first), reusing `buf`.
    pub fn tag_into(&self, text: &str, buf: &mut Buffers, out: &mut Vec<Span>) {
        out.clear();
        let mut base = 0usize;
        let mut chars = text.chars().peekable();
        while chars.peek().is_some() {
            buf.text.clear();
            for c in chars.by_ref() {
                buf.text.push(feat::norm(c));
                let len = buf.text.len();
                if len >= CHUNK_HARD
                    || (len >= CHUNK
                        && matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | '\u{3000}'))
                {
                    break;
                }
            }
            let text = std::mem::take(&mut buf.text);
            self.tag_chunk(&text, base, buf, out);
            base += text.len();
            buf.text = text;
        }
    }

    fn tag_chunk(&self, text: &[u32], base: usize, buf: &mut Buffers, out: &mut Vec<Span>) {
        let m = &self.model;
        m.extractor()
            .extract(&m.lex, &m.lex.gaz_codes, &m.lex.chr, text, &mut buf.sc);
        m.emissions(&buf.sc, text.len(), &mut buf.rows, &mut buf.em);
        model::viterbi(&buf.em, &m.trans, &mut buf.bp, &mut buf.tags);
        spans_of(&buf.tags, base, out);
    }
}

/// Entities read off a BIOES tag sequence.
fn spans_of(tags: &[u8], base: usize, out: &mut Vec<Span>) {
    let mut start = None;
    for (i, &t) in tags.iter().enumerate() {
        if t == 0 {
            start = None;
            continue;
        }
        let k = (t as usize - 1) / 4;
        match (t as usize - 1) % 4 {
            feat::B => start = Some((i, k)),
            feat::S => {
                out.push(Span {
                    start: base + i,
                    end: base + i + 1,
                    kind: EntityKind::ALL[k],
                });
                start = None;
            }
            feat::E => {
                if let Some((s, k0)) = start {
                    if k0 == k {
                        out.push(Span {
                            start: base + s,
                            end: base + i + 1,
                            kind: EntityKind::ALL[k],
                        });
                    }
                }
                start = None;
            }
            _ => {}
        }
    }
}

fn push_uint(out: &mut Vec<u8>, mut n: usize) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&tmp[i..]);
}

/// Write `{"entities":[{"start":..,"end":..,"type":".."},...]}` and a newline.
pub fn write_json_line(spans: &[Span], out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"entities\":[");
    for (i, s) in spans.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"start\":");
        push_uint(out, s.start);
        out.extend_from_slice(b",\"end\":");
        push_uint(out, s.end);
        out.extend_from_slice(b",\"type\":\"");
        out.extend_from_slice(s.kind.as_str().as_bytes());
        out.extend_from_slice(b"\"}");
    }
    out.extend_from_slice(b"]}\n");
}

/// The `ner` line protocol: each line of `input` (without its `\n` or `\r\n`) is a text; for
/// each, one JSON line `{"entities":[{"start":int,"end":int,"type":"PER"|"LOC"|"ORG"}]}` is
/// written to `output`, offsets in characters. Invalid UTF-8 is read as U+FFFD per bad sequence.
/// Each line is tagged on its own (no state carries from line to line).
pub fn run<R: BufRead, W: Write>(tagger: &Tagger, mut input: R, mut output: W) -> io::Result<()> {
    let mut line = Vec::with_capacity(1 << 12);
    let mut json = Vec::with_capacity(1 << 16);
    let mut buf = Buffers::default();
    let mut spans = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        if line.last() == Some(&b'\n') {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
        }
        match std::str::from_utf8(&line) {
            Ok(s) => tagger.tag_into(s, &mut buf, &mut spans),
            Err(_) => tagger.tag_into(&String::from_utf8_lossy(&line), &mut buf, &mut spans),
        }
        write_json_line(&spans, &mut json);
        if json.len() >= 1 << 16 {
            output.write_all(&json)?;
            json.clear();
        }
    }
    output.write_all(&json)?;
    output.flush()
}

/// [`run`] on standard input and output with the built-in model: what `benbao ner` does.
pub fn run_stdin_stdout() -> io::Result<()> {
    let tagger = Tagger::load_default();
    let stdin = io::stdin();
    let input = io::BufReader::with_capacity(1 << 20, stdin.lock());
    let stdout = io::stdout();
    let output = stdout.lock();
    run(&tagger, input, output)
}
