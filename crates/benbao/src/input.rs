//! Input: bytes to lines.
//!
//! Detects the encoding from the content (UTF-8 with or without BOM, UTF-16
//! with BOM, GB18030/GBK, Big5), refuses files that are empty or binary, and
//! streams the decoded text as lines, with form feeds as page breaks. Memory
//! stays flat: the input is read in chunks and a line longer than
//! [`MAX_LINE_BYTES`] is cut.

use std::fmt;
use std::io::Read;

use encoding_rs::{UTF_16BE, UTF_16LE, Encoding, BIG5, GB18030, UTF_8};

/// Lines longer than this (in bytes of UTF-8) are cut into pieces: no printed line is that long.
pub const MAX_LINE_BYTES: usize = 64 * 1024;
const SNIFF: usize = 64 * 1024;
const CHUNK: usize = 256 * 1024;

/// Why a file could not be read as a page.
#[derive(Debug)]
pub enum InputError {
    /// The file cannot be read.
    Io(std::io::Error),
    /// The file holds nothing.
    Empty,
    /// The file is not text: what it looks like.
    Binary(String),
    /// The bytes are text in no encoding benbao reads: why.
    Undecodable(String),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io(e) => write!(f, "cannot read: {e}"),
            InputError::Empty => write!(f, "the file is empty (no text to parse)"),
            InputError::Binary(what) => write!(f, "not a text page: {what}"),
            InputError::Undecodable(why) => write!(f, "cannot decode the text: {why}"),
        }
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InputError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for InputError {
    fn from(e: std::io::Error) -> Self {
        InputError::Io(e)
    }
}

/// What the reader produces.
#[derive(Debug)]
pub enum Event {
    /// One line, without its line end. `no` is 1-based over the file.
    Line {
        /// Line number, 1-based over the whole file (not reset at page breaks).
        no: usize,
        /// The decoded line, at most [`MAX_LINE_BYTES`] bytes.
        text: String,
    },
    /// A form feed: the next line starts a new page.
    PageBreak,
}

/// What was learnt while reading.
#[derive(Debug, Default, Clone)]
pub struct InputReport {
    /// The encoding detected, by its encoding_rs name (`UTF-8`, `gb18030`, `Big5`, `UTF-16LE`, `UTF-16BE`).
    pub encoding: &'static str,
    /// Bytes read from the input, BOM included.
    pub bytes: u64,
    /// Lines read (pieces of a cut long line count one each).
    pub lines: usize,
    /// Notes on the input in words: a guessed encoding, bytes replaced by U+FFFD, cut lines.
    pub warnings: Vec<String>,
}

/// Frequent Chinese characters, simplified and traditional: a decoding that
/// produces many of them is the right one.
const COMMON: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严這個為們來時說產種後過國學經進裡現實點從業應開還關數變條沒結問題黨長頭資邊級圖統較將組見計別論運農幾區強決戰則據處隊給門規熱領東導壓濟階術極聯認權證轉單風務萬積議聲報鬥類離華確張馬節話溫傳許廣記觀織裝眾書須際驗連斷難礦備辦習響劃選標寫親專狀廠識屬圓滿縣參紅細聽該鐵價嚴";

fn common_score(text: &str) -> (usize, usize) {
    let mut hits = 0;
    let mut bad = 0;
    for c in text.chars() {
        if c == '\u{FFFD}' {
            bad += 1;
        } else if !c.is_ascii() && COMMON.contains(c) {
            hits += 1;
        }
    }
    (hits, bad)
}

/// Valid UTF-8 but for a sequence cut at the end of the sample?
fn utf8_ok(sample: &[u8], complete: bool) -> bool {
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => !complete && e.error_len().is_none() && sample.len() - e.valid_up_to() < 4,
    }
}

/// UTF-16 text saved without a byte-order mark: the NUL bytes of its ASCII
/// fall on one side of each pair, and decoding it that way gives clean
/// text with common Chinese characters (or plain ASCII).
fn utf16_without_bom(sample: &[u8]) -> Option<&'static Encoding> {
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let odd = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let enc = if odd > even && even * 10 <= odd { UTF_16LE } else if even > odd && odd * 10 <= even { UTF_16BE } else { return None };
    let (text, _) = enc.decode_without_bom_handling(&sample[..pairs * 2]);
    let (hits, bad) = common_score(&text);
    let chars = text.chars().count().max(1);
    let control = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0c}')).count();
    (bad == 0 && control * 50 <= chars && (hits * 10 >= chars || text.chars().all(|c| c.is_ascii()))).then_some(enc)
}

/// Chooses the encoding of a file from its first bytes.
pub fn sniff(sample: &[u8], complete: bool) -> Result<(&'static Encoding, Vec<String>), InputError> {
    let mut warnings = Vec::new();
    if sample.is_empty() {
        return Err(InputError::Empty);
    }
    if let Some((enc, _)) = Encoding::for_bom(sample) {
        return Ok((enc, warnings));
    }
    for (magic, what) in [
        (&b"%PDF"[..], "a PDF file (PDF pages are not read yet; extract the text first)"),
        (&b"\x89PNG"[..], "a PNG image"),
        (&b"\xff\xd8\xff"[..], "a JPEG image"),
        (&b"PK\x03\x04"[..], "a ZIP archive (or an Office document)"),
        (&b"\x7fELF"[..], "an executable"),
        (&b"GIF8"[..], "a GIF image"),
        (&b"II*\x00"[..], "a TIFF image"),
        (&b"MM\x00*"[..], "a TIFF image"),
    ] {
        if sample.starts_with(magic) {
            return Err(InputError::Binary(format!("it is {what}")));
        }
    }
    let nul = sample.iter().filter(|&&b| b == 0).count();
    let ctrl = sample.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b)).count();
    if nul > 0 {
        if let Some(enc) = utf16_without_bom(sample) {
            warnings.push(format!("no byte-order mark: read as {} (judged from the content)", enc.name()));
            return Ok((enc, warnings));
        }
    }
    if nul > 0 || ctrl * 50 > sample.len() {
        return Err(InputError::Binary(format!(
            "{} of the first {} bytes are control characters (NUL: {nul}); if this is UTF-16 or UTF-32 text, save it as UTF-8 or with a byte-order mark",
            ctrl,
            sample.len()
        )));
    }
    if utf8_ok(sample, complete) {
        return Ok((UTF_8, warnings));
    }
    // legacy Chinese encodings, judged by how much common text each yields
    let mut best: Option<(&'static Encoding, usize, usize)> = None;
    for enc in [GB18030, BIG5] {
        let (text, _) = enc.decode_without_bom_handling(sample);
        let (hits, bad) = common_score(&text);
        let better = match best {
            None => true,
            Some((_, h, b)) => (hits as i64 - 20 * bad as i64) > (h as i64 - 20 * b as i64),
        };
        if better {
            best = Some((enc, hits, bad));
        }
    }
    let (utf8_text, _) = UTF_8.decode_without_bom_handling(sample);
    let (u_hits, u_bad) = common_score(&utf8_text);
    let (enc, hits, bad) = best.unwrap();
    let nonascii = sample.iter().filter(|b| !b.is_ascii()).count().max(1);
    if bad * 200 <= nonascii && hits > u_hits {
        return Ok((enc, warnings));
    }
    if u_bad * 100 <= nonascii {
        warnings.push(format!(
            "invalid UTF-8: {u_bad} byte sequence(s) in the first {} KiB replaced by U+FFFD",
            sample.len() / 1024
        ));
        return Ok((UTF_8, warnings));
    }
    Err(InputError::Undecodable(format!(
        "not UTF-8 ({u_bad} invalid sequences in the first {} bytes), nor GB18030 or Big5; convert it to UTF-8 (e.g. with iconv)",
        sample.len()
    )))
}

/// Reads `r` to its end, calling `on` for every line and page break.
pub fn read_lines<R: Read>(mut r: R, mut on: impl FnMut(Event)) -> Result<InputReport, InputError> {
    let mut sample = Vec::with_capacity(SNIFF);
    let mut complete = false;
    while sample.len() < SNIFF {
        let mut tmp = [0u8; 8192];
        let k = r.read(&mut tmp)?;
        if k == 0 {
            complete = true;
            break;
        }
        sample.extend_from_slice(&tmp[..k]);
    }
    let (enc, warnings) = sniff(&sample, complete)?;
    let mut report = InputReport { encoding: enc.name(), warnings, ..Default::default() };
    let mut decoder = enc.new_decoder_with_bom_removal();
    let mut splitter = Splitter::default();
    let mut text = String::with_capacity(CHUNK * 2);
    let mut replaced = 0usize;
    let mut feed = |bytes: &[u8], last: bool, text: &mut String, splitter: &mut Splitter, on: &mut dyn FnMut(Event)| {
        let mut start = 0;
        loop {
            let need = decoder.max_utf8_buffer_length(bytes.len() - start).unwrap_or(CHUNK * 4);
            text.reserve(need.min(CHUNK * 4));
            let (res, read, had) = decoder.decode_to_string(&bytes[start..], text, last);
            if had {
                replaced += text.matches('\u{FFFD}').count().max(1);
            }
            start += read;
            splitter.push(text, on);
            text.clear();
            if matches!(res, encoding_rs::CoderResult::InputEmpty) {
                break;
            }
        }
    };
    report.bytes = sample.len() as u64;
    feed(&sample, complete, &mut text, &mut splitter, &mut on);
    if !complete {
        let mut buf = vec![0u8; CHUNK];
        loop {
            let k = r.read(&mut buf)?;
            report.bytes += k as u64;
            feed(&buf[..k], k == 0, &mut text, &mut splitter, &mut on);
            if k == 0 {
                break;
            }
        }
    }
    splitter.finish(&mut on);
    report.lines = splitter.no;
    if splitter.cut > 0 {
        report.warnings.push(format!(
            "{} line(s) longer than {} KiB were cut into pieces",
            splitter.cut,
            MAX_LINE_BYTES / 1024
        ));
    }
    if replaced > 0 && enc == UTF_8 && report.warnings.is_empty() {
        report.warnings.push(format!("invalid UTF-8: {replaced} byte sequence(s) replaced by U+FFFD"));
    } else if replaced > 0 && enc != UTF_8 {
        report.warnings.push(format!("{replaced} byte sequence(s) invalid in {} replaced by U+FFFD", enc.name()));
    }
    if report.lines == 0 || (report.bytes == 0) {
        return Err(InputError::Empty);
    }
    Ok(report)
}

/// Splits decoded text into lines (LF, CRLF, CR) and pages (form feed).
#[derive(Default)]
struct Splitter {
    cur: String,
    no: usize,
    after_cr: bool,
    cut: usize,
}

impl Splitter {
    fn push(&mut self, text: &str, on: &mut dyn FnMut(Event)) {
        for c in text.chars() {
            if self.after_cr {
                self.after_cr = false;
                if c == '\n' {
                    continue;
                }
            }
            match c {
                '\n' | '\u{2028}' | '\u{85}' => self.emit(on),
                '\r' => {
                    self.emit(on);
                    self.after_cr = true;
                }
                '\u{0c}' => {
                    if !self.cur.is_empty() {
                        self.emit(on);
                    }
                    on(Event::PageBreak);
                }
                _ => {
                    if self.cur.len() >= MAX_LINE_BYTES {
                        self.cut += 1;
                        self.emit(on);
                    }
                    self.cur.push(c);
                }
            }
        }
    }

    fn emit(&mut self, on: &mut dyn FnMut(Event)) {
        self.no += 1;
        on(Event::Line { no: self.no, text: std::mem::take(&mut self.cur) });
    }

    fn finish(&mut self, on: &mut dyn FnMut(Event)) {
        if !self.cur.is_empty() {
            self.emit(on);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(bytes: &[u8]) -> Result<(Vec<String>, usize, InputReport), InputError> {
        let mut out = Vec::new();
        let mut pages = 0;
        let rep = read_lines(bytes, |e| match e {
            Event::Line { text, .. } => out.push(text),
            Event::PageBreak => pages += 1,
        })?;
        Ok((out, pages, rep))
    }

    #[test]
    fn utf8_bom_crlf_formfeed() {
        let (l, pages, rep) = lines("\u{feff}本报讯\r\n第二行\r\n\x0c第三行\n".as_bytes()).unwrap();
        assert_eq!(l, vec!["本报讯", "第二行", "第三行"]);
        assert_eq!(pages, 1);
        assert_eq!(rep.encoding, "UTF-8");
    }

    #[test]
    fn gbk_and_big5_by_content() {
        let text = "本报讯 2月11日上午，洛阳高新区管委会考察组来到郑州高新区。\n";
        let (gbk, _, _) = GB18030.encode(text);
        let (l, _, rep) = lines(&gbk).unwrap();
        assert_eq!(rep.encoding, "gb18030");
        assert_eq!(l[0], text.trim_end());
        let trad = "本報訊 2月11日上午，洛陽高新區管委會考察組來到鄭州高新區。這是我們的國家。\n";
        let (big5, _, _) = BIG5.encode(trad);
        let (l, _, rep) = lines(&big5).unwrap();
        assert_eq!(rep.encoding, "Big5");
        assert_eq!(l[0], trad.trim_end());
    }

    #[test]
    fn empty_and_binary_are_refused() {
        assert!(matches!(lines(b""), Err(InputError::Empty)));
        assert!(matches!(lines(b"\x00\x01\x02abc\x00"), Err(InputError::Binary(_))));
        assert!(matches!(lines(b"%PDF-1.7\n..."), Err(InputError::Binary(_))));
    }
}

/// GB18030 bytes for a string (for tests and tools that need legacy input).
pub fn encode_gb18030(s: &str) -> Vec<u8> {
    GB18030.encode(s).0.into_owned()
}
