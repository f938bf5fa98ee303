//! Stata `.dta`, format 118: the files Stata 14 and later write, read by
//! Stata, `pandas.read_stata` and R's `readstata13` (and `haven`).
//!
//! A .dta file states its sizes before its rows: the number of rows, each
//! string column's width, and where every section starts (the `<map>`). An
//! export streams its rows from the database, so the table is read more than
//! once, inside one read transaction (the caller's): first for the sizes,
//! then for the rows, then, when a column holds long strings (`strL`), for
//! those, which the format puts after all rows. Memory stays flat whatever
//! the table's length.
//!
//! Columns, by their export kind:
//! * integers are `long`, or `double` when a value does not fit in one;
//! * booleans are `byte` 0/1;
//! * texts and lists (joined with `;`, as in CSV) are `str#` as wide as
//!   their longest value, up to 2045 bytes, and `strL` beyond; UTF-8;
//! * event types are `byte` codes with the value label `event_type`
//!   (1 = inspection … in the order of [`benbao_extract::EVENT_TYPES`], then
//!   any other type the table holds), so Stata shows the names and pandas
//!   and R read them as categoricals and factors of the same text.
//!
//! Absent numbers are Stata's missing value `.`; absent texts are empty
//! strings (Stata has no missing string). Dates stay ISO text (`2022-02-14`,
//! or `2022-02` when only the month is known), as in CSV: `date(date,
//! "YMD")` makes Stata dates of the full ones. Every column has a variable
//! label; the file's label names the table. The timestamp is left empty, so
//! the same archive always gives the same bytes.

use std::borrow::Cow;
use std::io::Write;

use crate::export::{io, Column, Kind, Value};
use crate::Error;

/// The widest fixed-width string (`str2045`); longer texts are `strL`.
const STR_MAX: usize = 2045;
/// Stata's missing value `.` for `byte`, `long` and `double`.
const BYTE_MISSING: u8 = 101;
const LONG_MISSING: i32 = 2_147_483_621;
const DOUBLE_MISSING: u64 = 0x7FE0_0000_0000_0000;
/// The largest and smallest values a `long` holds (the rest are missing codes).
const LONG_RANGE: std::ops::RangeInclusive<i64> = -2_147_483_647..=2_147_483_620;
/// The largest code a `byte` holds.
const BYTE_MAX: usize = 100;
/// The value label of event-type columns.
const TYPE_LABEL: &str = "event_type";

/// How a column is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Storage {
    Byte,
    Long,
    Double,
    Str(usize),
    StrL,
}

impl Storage {
    /// The type code of `<variable_types>`.
    fn code(self) -> u16 {
        match self {
            Storage::Str(w) => w as u16,
            Storage::StrL => 32768,
            Storage::Double => 65526,
            Storage::Long => 65528,
            Storage::Byte => 65530,
        }
    }
    /// Bytes per row.
    fn width(self) -> usize {
        match self {
            Storage::Byte => 1,
            Storage::Long => 4,
            Storage::Double | Storage::StrL => 8,
            Storage::Str(w) => w,
        }
    }
    /// The display format.
    fn format(self) -> String {
        match self {
            Storage::Byte => "%8.0g".into(),
            Storage::Long => "%12.0g".into(),
            Storage::Double => "%10.0g".into(),
            Storage::Str(w) => format!("%{w}s"),
            Storage::StrL => "%9s".into(),
        }
    }
}

/// What the first reading learns of a column.
#[derive(Debug, Clone, Default)]
struct Stats {
    /// The longest text, in bytes.
    max_len: usize,
    /// Non-empty texts and their bytes (the `strL`s, if the column is one).
    texts: u64,
    text_bytes: u64,
    /// Whether every integer fits in a `long`.
    wide: bool,
}

/// A value as the text CSV writes for it (lists joined with `;`).
fn text(v: &Value) -> Cow<'_, str> {
    match v {
        Value::Null => Cow::Borrowed(""),
        Value::Text(s) => Cow::Borrowed(s),
        Value::List(l) => Cow::Owned(l.join(";")),
        Value::Int(n) => Cow::Owned(n.to_string()),
        Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
    }
}

/// The byte length of [`text`] of a value, without building it.
fn text_len(v: &Value) -> usize {
    match v {
        Value::List(l) if !l.is_empty() => l.iter().map(|s| s.len()).sum::<usize>() + l.len() - 1,
        Value::List(_) | Value::Null => 0,
        Value::Text(s) => s.len(),
        v => text(v).len(),
    }
}

/// At most `n` bytes of `s`, cut at a character boundary.
fn cut(s: &str, n: usize) -> &str {
    let mut end = s.len().min(n);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `s` in exactly `n` bytes: cut to leave room for the terminating zero,
/// then zero-padded.
fn fixed(out: &mut Vec<u8>, s: &str, n: usize) {
    let s = cut(s, n - 1);
    out.extend_from_slice(s.as_bytes());
    out.resize(out.len() + n - s.len(), 0);
}

/// A writer that counts what it wrote, to check the map's offsets.
struct Counted<'a> {
    out: &'a mut dyn Write,
    n: u64,
}

impl Counted<'_> {
    fn put(&mut self, b: &[u8]) -> Result<(), Error> {
        self.n += b.len() as u64;
        self.out.write_all(b).map_err(io)
    }
}

/// One table's rows, read from the start each time it is called: it calls
/// its argument with every row and returns how many there were.
pub(crate) type Scan<'a> = dyn FnMut(&mut dyn FnMut(&[Value]) -> Result<(), Error>) -> Result<u64, Error> + 'a;

fn changed() -> Error {
    Error::Changed
}

/// Writes a table as .dta (format 118) labelled `title`. Returns the rows.
///
/// Long on purpose: its numbered sections are the three passes over one snapshot (sizes,
/// rows, strLs) and the file's sections in the order the format requires; they share the
/// storage types chosen in the first pass and the section map checked at the end.
pub(crate) fn write(out: &mut dyn Write, title: &str, columns: &[Column], scan: &mut Scan) -> Result<u64, Error> {
    let k = columns.len();
    // 1. sizes: rows, string widths, integer ranges, the event types present
    let mut stats = vec![Stats::default(); k];
    let mut types: Vec<String> = benbao_extract::EVENT_TYPES.iter().map(|t| t.to_string()).collect();
    let nobs = scan(&mut |row| {
        for ((c, s), v) in columns.iter().zip(stats.iter_mut()).zip(row) {
            match (c.kind, v) {
                (_, Value::Int(n)) => s.wide |= !LONG_RANGE.contains(n),
                (Kind::Type, Value::Text(t)) => {
                    if !types.iter().any(|x| x == t) {
                        types.push(t.clone());
                    }
                }
                (_, v) => {
                    let n = text_len(v);
                    s.max_len = s.max_len.max(n);
                    if n > 0 {
                        s.texts += 1;
                        s.text_bytes += n as u64;
                    }
                }
            }
        }
        Ok(())
    })?;
    let storage: Vec<Storage> = columns
        .iter()
        .zip(&stats)
        .map(|(c, s)| match c.kind {
            Kind::Int if s.wide => Storage::Double,
            Kind::Int => Storage::Long,
            Kind::Bool => Storage::Byte,
            Kind::Type if types.len() <= BYTE_MAX => Storage::Byte,
            Kind::Type => Storage::Long,
            Kind::Text | Kind::List if s.max_len > STR_MAX => Storage::StrL,
            Kind::Text | Kind::List => Storage::Str(s.max_len.max(1)),
        })
        .collect();
    let labelled = columns.iter().any(|c| c.kind == Kind::Type);

    // 2. everything before the rows, with the map of where each section starts
    let mut h: Vec<u8> = Vec::new();
    h.extend_from_slice(b"<stata_dta><header><release>118</release><byteorder>LSF</byteorder><K>");
    h.extend_from_slice(&(k as u16).to_le_bytes());
    h.extend_from_slice(b"</K><N>");
    h.extend_from_slice(&nobs.to_le_bytes());
    h.extend_from_slice(b"</N><label>");
    let label = cut(title, 80);
    h.extend_from_slice(&(label.len() as u16).to_le_bytes());
    h.extend_from_slice(label.as_bytes());
    h.extend_from_slice(b"</label><timestamp>\0</timestamp></header>");
    let mut map = [0u64; 14];
    map[1] = h.len() as u64;
    h.extend_from_slice(b"<map>");
    let map_at = h.len();
    h.resize(h.len() + 14 * 8, 0);
    h.extend_from_slice(b"</map>");
    let mut section = |h: &mut Vec<u8>, i: usize, tag: &str, body: &dyn Fn(&mut Vec<u8>)| {
        map[i] = h.len() as u64;
        h.extend_from_slice(format!("<{tag}>").as_bytes());
        body(h);
        h.extend_from_slice(format!("</{tag}>").as_bytes());
    };
    section(&mut h, 2, "variable_types", &|h| storage.iter().for_each(|s| h.extend_from_slice(&s.code().to_le_bytes())));
    section(&mut h, 3, "varnames", &|h| columns.iter().for_each(|c| fixed(h, c.name, 129)));
    section(&mut h, 4, "sortlist", &|h| h.resize(h.len() + (k + 1) * 2, 0));
    section(&mut h, 5, "formats", &|h| storage.iter().for_each(|s| fixed(h, &s.format(), 57)));
    section(&mut h, 6, "value_label_names", &|h| columns.iter().for_each(|c| fixed(h, if c.kind == Kind::Type { TYPE_LABEL } else { "" }, 129)));
    section(&mut h, 7, "variable_labels", &|h| columns.iter().for_each(|c| fixed(h, c.label, 321)));
    section(&mut h, 8, "characteristics", &|_| {});
    let row_width: usize = storage.iter().map(|s| s.width()).sum();
    map[9] = h.len() as u64;
    let strls: u64 = storage.iter().zip(&stats).filter(|(s, _)| **s == Storage::StrL).map(|(_, st)| st.texts * (3 + 4 + 8 + 1 + 4 + 1) + st.text_bytes).sum();
    map[10] = map[9] + (b"<data></data>".len() + nobs as usize * row_width) as u64;
    map[11] = map[10] + b"<strls></strls>".len() as u64 + strls;
    let value_labels = value_labels(if labelled { &types } else { &[] });
    map[12] = map[11] + value_labels.len() as u64;
    map[13] = map[12] + b"</stata_dta>".len() as u64;
    for (i, m) in map.iter().enumerate() {
        h[map_at + 8 * i..map_at + 8 * i + 8].copy_from_slice(&m.to_le_bytes());
    }
    let mut w = Counted { out, n: 0 };
    w.put(&h)?;

    // 3. the rows
    w.put(b"<data>")?;
    let mut row_bytes = Vec::with_capacity(row_width);
    let mut o: u64 = 0;
    let rows = scan(&mut |row| {
        o += 1;
        row_bytes.clear();
        for (v_no, ((c, s), v)) in columns.iter().zip(&storage).zip(row).enumerate() {
            match (*s, v) {
                (Storage::Byte, Value::Bool(b)) => row_bytes.push(*b as u8),
                (Storage::Byte | Storage::Long, Value::Text(t)) if c.kind == Kind::Type => {
                    let code = types.iter().position(|x| x == t).ok_or_else(changed)? + 1;
                    if *s == Storage::Byte {
                        row_bytes.push(code as u8);
                    } else {
                        row_bytes.extend_from_slice(&(code as i32).to_le_bytes());
                    }
                }
                (Storage::Byte, _) => row_bytes.push(BYTE_MISSING),
                (Storage::Long, Value::Int(n)) => row_bytes.extend_from_slice(&i32::try_from(*n).map_err(|_| changed())?.to_le_bytes()),
                (Storage::Long, _) => row_bytes.extend_from_slice(&LONG_MISSING.to_le_bytes()),
                (Storage::Double, Value::Int(n)) => row_bytes.extend_from_slice(&(*n as f64).to_le_bytes()),
                (Storage::Double, _) => row_bytes.extend_from_slice(&DOUBLE_MISSING.to_le_bytes()),
                (Storage::Str(width), v) => {
                    let t = text(v);
                    if t.len() > width {
                        return Err(changed());
                    }
                    row_bytes.extend_from_slice(t.as_bytes());
                    row_bytes.resize(row_bytes.len() + width - t.len(), 0);
                }
                // (v, o): the variable and the observation, from 1; (0, 0) is ""
                (Storage::StrL, v) => {
                    let vo = if text_len(v) == 0 { 0 } else { (v_no as u64 + 1) | (o << 16) };
                    row_bytes.extend_from_slice(&vo.to_le_bytes());
                }
            }
        }
        w.put(&row_bytes)
    })?;
    if rows != nobs {
        return Err(changed());
    }
    w.put(b"</data>")?;

    // 4. the long strings, one GSO for each non-empty strL cell
    w.put(b"<strls>")?;
    if storage.contains(&Storage::StrL) {
        let mut o: u64 = 0;
        let mut gso = Vec::new();
        scan(&mut |row| {
            o += 1;
            for (v_no, (s, v)) in storage.iter().zip(row).enumerate() {
                let t = text(v);
                if *s != Storage::StrL || t.is_empty() {
                    continue;
                }
                gso.clear();
                gso.extend_from_slice(b"GSO");
                gso.extend_from_slice(&(v_no as u32 + 1).to_le_bytes());
                gso.extend_from_slice(&o.to_le_bytes());
                // 130: a text, stored with its terminating zero
                gso.push(130);
                gso.extend_from_slice(&(t.len() as u32 + 1).to_le_bytes());
                gso.extend_from_slice(t.as_bytes());
                gso.push(0);
                w.put(&gso)?;
            }
            Ok(())
        })?;
    }
    w.put(b"</strls>")?;
    w.put(&value_labels)?;
    w.put(b"</stata_dta>")?;
    if w.n != map[13] {
        return Err(changed());
    }
    Ok(nobs)
}

/// The `<value_labels>` section: the event types, coded from 1 (none when
/// the table has no event-type column).
fn value_labels(types: &[String]) -> Vec<u8> {
    let mut v = b"<value_labels>".to_vec();
    if !types.is_empty() {
        let mut txt = Vec::new();
        let mut off = Vec::new();
        for t in types {
            off.push(txt.len() as i32);
            txt.extend_from_slice(t.as_bytes());
            txt.push(0);
        }
        let n = types.len();
        v.extend_from_slice(b"<lbl>");
        v.extend_from_slice(&((8 + 8 * n + txt.len()) as i32).to_le_bytes());
        fixed(&mut v, TYPE_LABEL, 129);
        v.extend_from_slice(&[0; 3]);
        v.extend_from_slice(&(n as i32).to_le_bytes());
        v.extend_from_slice(&(txt.len() as i32).to_le_bytes());
        off.iter().for_each(|x| v.extend_from_slice(&x.to_le_bytes()));
        (1..=n as i32).for_each(|x| v.extend_from_slice(&x.to_le_bytes()));
        v.extend_from_slice(&txt);
        v.extend_from_slice(b"</lbl>");
    }
    v.extend_from_slice(b"</value_labels>");
    v
}
