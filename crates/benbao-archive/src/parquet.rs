//! A minimal Parquet writer: flat tables of optional INT64, BOOLEAN and
//! UTF-8 string columns, PLAIN encoding, no compression, one data page per
//! column chunk, row groups of bounded size. Enough for pandas
//! (`read_parquet`), R (`arrow::read_parquet`) and DuckDB, without the
//! weight of the arrow crates. Format: <https://parquet.apache.org/docs/file-format/>
//! (metadata in the Thrift compact protocol, written by hand below).

use std::io::{self, Write};

/// The type of a column (every column is OPTIONAL: a value may be null).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    /// 64-bit signed integers (physical INT64).
    Int64,
    /// Booleans (physical BOOLEAN, bit-packed).
    Bool,
    /// UTF-8 text (physical BYTE_ARRAY, logical type STRING).
    Utf8,
}

/// One value of a row, of its column's [`ColType`].
#[derive(Debug, Clone, PartialEq)]
pub enum PValue<'a> {
    /// No value (null), in a column of any type.
    Null,
    /// A value of a [`ColType::Int64`] column.
    Int(i64),
    /// A value of a [`ColType::Bool`] column.
    Bool(bool),
    /// A value of a [`ColType::Utf8`] column.
    Str(&'a str),
}

/// Thrift compact protocol, the parts Parquet's metadata needs.
#[derive(Default)]
struct Thrift {
    buf: Vec<u8>,
    last: Vec<i16>,
}

#[allow(dead_code)]
const T_TRUE: u8 = 1;
#[allow(dead_code)]
const T_FALSE: u8 = 2;
const T_I32: u8 = 5;
const T_I64: u8 = 6;
const T_BINARY: u8 = 8;
const T_LIST: u8 = 9;
const T_STRUCT: u8 = 12;

impl Thrift {
    fn varint(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.buf.push(b);
                break;
            }
            self.buf.push(b | 0x80);
        }
    }
    fn zigzag(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }
    fn begin(&mut self) {
        self.last.push(0);
    }
    fn end(&mut self) {
        self.buf.push(0);
        self.last.pop();
    }
    fn field(&mut self, id: i16, ty: u8) {
        let last = *self.last.last().expect("inside a struct");
        let delta = id - last;
        if (1..=15).contains(&delta) {
            self.buf.push(((delta as u8) << 4) | ty);
        } else {
            self.buf.push(ty);
            self.zigzag(id as i64);
        }
        *self.last.last_mut().unwrap() = id;
    }
    fn i32(&mut self, id: i16, v: i32) {
        self.field(id, T_I32);
        self.zigzag(v as i64);
    }
    fn i64(&mut self, id: i16, v: i64) {
        self.field(id, T_I64);
        self.zigzag(v);
    }
    #[allow(dead_code)]
    fn bool(&mut self, id: i16, v: bool) {
        self.field(id, if v { T_TRUE } else { T_FALSE });
    }
    fn string(&mut self, id: i16, s: &str) {
        self.field(id, T_BINARY);
        self.varint(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }
    fn list_header(&mut self, id: i16, elem: u8, n: usize) {
        self.field(id, T_LIST);
        if n < 15 {
            self.buf.push(((n as u8) << 4) | elem);
        } else {
            self.buf.push(0xf0 | elem);
            self.varint(n as u64);
        }
    }
    fn struct_field(&mut self, id: i16) {
        self.field(id, T_STRUCT);
        self.begin();
    }
}

struct Column {
    name: String,
    ty: ColType,
    defined: Vec<bool>,
    values: Vec<u8>,
    bools: Vec<bool>,
}

struct ChunkMeta {
    offset: u64,
    size: u64,
    num_values: i64,
}

struct GroupMeta {
    chunks: Vec<ChunkMeta>,
    rows: i64,
    bytes: i64,
}

/// Writes a Parquet file to `W` row by row: [`ParquetWriter::new`] with the columns,
/// [`ParquetWriter::push`] for each row, [`ParquetWriter::finish`] for the footer (without it the file is not readable).
pub struct ParquetWriter<W: Write> {
    out: W,
    pos: u64,
    cols: Vec<Column>,
    rows: usize,
    groups: Vec<GroupMeta>,
    group_bytes: usize,
    /// Bytes of values buffered before a row group is written.
    pub group_limit: usize,
}

impl<W: Write> ParquetWriter<W> {
    /// Starts a file with these columns (name and type, in order), writing the magic `PAR1` to `out`; fails when that write does.
    pub fn new(mut out: W, schema: &[(&str, ColType)]) -> io::Result<Self> {
        out.write_all(b"PAR1")?;
        let cols = schema
            .iter()
            .map(|(n, t)| Column { name: n.to_string(), ty: *t, defined: Vec::new(), values: Vec::new(), bools: Vec::new() })
            .collect();
        Ok(ParquetWriter { out, pos: 4, cols, rows: 0, groups: Vec::new(), group_bytes: 0, group_limit: 64 << 20 })
    }

    /// Adds one row: one value per column, in the schema's order, writing a row group once
    /// `group_limit` bytes are buffered. Panics when the row has another number of values
    /// or a value (other than [`PValue::Null`]) not of its column's type.
    pub fn push(&mut self, row: &[PValue]) -> io::Result<()> {
        assert_eq!(row.len(), self.cols.len(), "one value per column");
        for (c, v) in self.cols.iter_mut().zip(row) {
            match (c.ty, v) {
                (_, PValue::Null) => c.defined.push(false),
                (ColType::Int64, PValue::Int(i)) => {
                    c.defined.push(true);
                    c.values.extend_from_slice(&i.to_le_bytes());
                }
                (ColType::Bool, PValue::Bool(b)) => {
                    c.defined.push(true);
                    c.bools.push(*b);
                }
                (ColType::Utf8, PValue::Str(s)) => {
                    c.defined.push(true);
                    c.values.extend_from_slice(&(s.len() as u32).to_le_bytes());
                    c.values.extend_from_slice(s.as_bytes());
                    self.group_bytes += s.len();
                }
                (ty, v) => panic!("column {} is {ty:?}, got {v:?}", c.name),
            }
        }
        self.rows += 1;
        self.group_bytes += 8 * self.cols.len();
        if self.group_bytes >= self.group_limit {
            self.flush_group()?;
        }
        Ok(())
    }

    fn flush_group(&mut self) -> io::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut chunks = Vec::with_capacity(self.cols.len());
        let mut group_size = 0i64;
        for c in &mut self.cols {
            // page data: definition levels (length-prefixed RLE/bit-packed hybrid, bit width 1), then values
            let n = c.defined.len();
            let mut levels = Vec::with_capacity(n / 8 + 8);
            let groups = n.div_ceil(8);
            let mut header = Thrift::default();
            header.varint(((groups as u64) << 1) | 1);
            levels.extend_from_slice(&header.buf);
            for g in 0..groups {
                let mut byte = 0u8;
                for b in 0..8 {
                    if c.defined.get(g * 8 + b).copied().unwrap_or(false) {
                        byte |= 1 << b;
                    }
                }
                levels.push(byte);
            }
            let mut data = Vec::with_capacity(4 + levels.len() + c.values.len());
            data.extend_from_slice(&(levels.len() as u32).to_le_bytes());
            data.extend_from_slice(&levels);
            if c.ty == ColType::Bool {
                let mut packed = vec![0u8; c.bools.len().div_ceil(8)];
                for (i, &b) in c.bools.iter().enumerate() {
                    if b {
                        packed[i / 8] |= 1 << (i % 8);
                    }
                }
                data.extend_from_slice(&packed);
            } else {
                data.extend_from_slice(&c.values);
            }
            let mut ph = Thrift::default();
            ph.begin();
            ph.i32(1, 0); // DATA_PAGE
            ph.i32(2, data.len() as i32);
            ph.i32(3, data.len() as i32);
            ph.struct_field(5);
            ph.i32(1, n as i32);
            ph.i32(2, 0); // PLAIN
            ph.i32(3, 3); // RLE
            ph.i32(4, 3); // RLE
            ph.end();
            ph.end();
            let offset = self.pos;
            self.out.write_all(&ph.buf)?;
            self.out.write_all(&data)?;
            let size = (ph.buf.len() + data.len()) as u64;
            self.pos += size;
            group_size += size as i64;
            chunks.push(ChunkMeta { offset, size, num_values: n as i64 });
            c.defined.clear();
            c.values.clear();
            c.bools.clear();
        }
        self.groups.push(GroupMeta { chunks, rows: self.rows as i64, bytes: group_size });
        self.rows = 0;
        self.group_bytes = 0;
        Ok(())
    }

    /// Writes the last row group and the footer.
    pub fn finish(mut self) -> io::Result<W> {
        self.flush_group()?;
        let mut t = Thrift::default();
        t.begin();
        t.i32(1, 1); // version
        t.list_header(2, T_STRUCT, self.cols.len() + 1);
        // root
        t.begin();
        t.string(4, "schema");
        t.i32(5, self.cols.len() as i32);
        t.end();
        for c in &self.cols {
            t.begin();
            t.i32(1, physical(c.ty));
            t.i32(3, 1); // OPTIONAL
            t.string(4, &c.name);
            if c.ty == ColType::Utf8 {
                t.i32(6, 0); // converted type UTF8
                t.struct_field(10); // logical type
                t.struct_field(1); // STRING
                t.end();
                t.end();
            }
            t.end();
        }
        let total_rows: i64 = self.groups.iter().map(|g| g.rows).sum();
        t.i64(3, total_rows);
        t.list_header(4, T_STRUCT, self.groups.len());
        for g in &self.groups {
            t.begin();
            t.list_header(1, T_STRUCT, g.chunks.len());
            for (c, m) in self.cols.iter().zip(&g.chunks) {
                t.begin(); // ColumnChunk
                t.i64(2, m.offset as i64);
                t.struct_field(3); // ColumnMetaData
                t.i32(1, physical(c.ty));
                t.list_header(2, T_I32, 2);
                t.zigzag(0); // PLAIN
                t.zigzag(3); // RLE
                t.list_header(3, T_BINARY, 1);
                t.varint(c.name.len() as u64);
                t.buf.extend_from_slice(c.name.as_bytes());
                t.i32(4, 0); // UNCOMPRESSED
                t.i64(5, m.num_values);
                t.i64(6, m.size as i64);
                t.i64(7, m.size as i64);
                t.i64(9, m.offset as i64);
                t.end();
                t.end();
            }
            t.i64(2, g.bytes);
            t.i64(3, g.rows);
            t.end();
        }
        t.string(6, concat!("benbao ", env!("CARGO_PKG_VERSION")));
        t.end();
        self.out.write_all(&t.buf)?;
        self.out.write_all(&(t.buf.len() as u32).to_le_bytes())?;
        self.out.write_all(b"PAR1")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn physical(t: ColType) -> i32 {
    match t {
        ColType::Bool => 0,
        ColType::Int64 => 2,
        ColType::Utf8 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thrift_compact_encoding() {
        let mut t = Thrift::default();
        t.begin();
        t.i32(1, 1);
        t.i32(20, -1);
        t.bool(21, true);
        t.end();
        assert_eq!(t.buf, vec![0x15, 0x02, 0x05, 0x28, 0x01, 0x11, 0x00]);
    }

    #[test]
    fn file_layout() {
        let mut w = ParquetWriter::new(Vec::new(), &[("a", ColType::Int64), ("b", ColType::Utf8), ("c", ColType::Bool)]).unwrap();
        w.push(&[PValue::Int(7), PValue::Str("本报"), PValue::Bool(true)]).unwrap();
        w.push(&[PValue::Null, PValue::Null, PValue::Bool(false)]).unwrap();
        let bytes = w.finish().unwrap();
        assert_eq!(&bytes[..4], b"PAR1");
        assert_eq!(&bytes[bytes.len() - 4..], b"PAR1");
        let meta_len = u32::from_le_bytes(bytes[bytes.len() - 8..bytes.len() - 4].try_into().unwrap()) as usize;
        assert!(meta_len < bytes.len());
    }
}
