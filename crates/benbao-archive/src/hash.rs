//! The content hash that makes ingestion idempotent: MurmurHash3 x64 128-bit
//! (seed 0) of the file's bytes, as 32 lowercase hex digits. Not a
//! cryptographic hash: it tells apart the pages of an archive, it does not
//! defend against someone forging collisions.

const C1: u64 = 0x87c3_7b91_1142_53d5;
const C2: u64 = 0x4cf5_ad43_2745_937f;

#[inline]
fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

/// MurmurHash3_x64_128 fed in pieces (a file is hashed as it is read, never
/// held whole in memory).
#[derive(Debug, Clone)]
pub struct Murmur3 {
    h1: u64,
    h2: u64,
    /// Bytes not yet making a 16-byte block.
    tail: [u8; 16],
    tail_len: usize,
    len: u64,
}

impl Murmur3 {
    /// A hasher with this seed.
    pub fn new(seed: u64) -> Murmur3 {
        Murmur3 { h1: seed, h2: seed, tail: [0; 16], tail_len: 0, len: 0 }
    }

    #[inline]
    fn block(&mut self, b: &[u8]) {
        let k1 = u64::from_le_bytes(b[..8].try_into().unwrap());
        let k2 = u64::from_le_bytes(b[8..16].try_into().unwrap());
        let (mut h1, mut h2) = (self.h1, self.h2);
        h1 ^= k1.wrapping_mul(C1).rotate_left(31).wrapping_mul(C2);
        h1 = h1.rotate_left(27).wrapping_add(h2).wrapping_mul(5).wrapping_add(0x52dc_e729);
        h2 ^= k2.wrapping_mul(C2).rotate_left(33).wrapping_mul(C1);
        h2 = h2.rotate_left(31).wrapping_add(h1).wrapping_mul(5).wrapping_add(0x3849_5ab5);
        (self.h1, self.h2) = (h1, h2);
    }

    /// Feeds more bytes.
    pub fn update(&mut self, mut data: &[u8]) {
        self.len += data.len() as u64;
        if self.tail_len > 0 {
            let take = (16 - self.tail_len).min(data.len());
            self.tail[self.tail_len..self.tail_len + take].copy_from_slice(&data[..take]);
            self.tail_len += take;
            data = &data[take..];
            if self.tail_len < 16 {
                return;
            }
            let t = self.tail;
            self.block(&t);
            self.tail_len = 0;
        }
        let mut chunks = data.chunks_exact(16);
        for b in &mut chunks {
            self.block(b);
        }
        let rest = chunks.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.tail_len = rest.len();
    }

    /// The two 64-bit halves (h1, h2).
    pub fn finish(&self) -> (u64, u64) {
        let (mut h1, mut h2) = (self.h1, self.h2);
        let tail = &self.tail[..self.tail_len];
        let (mut k1, mut k2) = (0u64, 0u64);
        for (i, &b) in tail.iter().enumerate() {
            if i < 8 {
                k1 |= (b as u64) << (8 * i);
            } else {
                k2 |= (b as u64) << (8 * (i - 8));
            }
        }
        if tail.len() > 8 {
            h2 ^= k2.wrapping_mul(C2).rotate_left(33).wrapping_mul(C1);
        }
        if !tail.is_empty() {
            h1 ^= k1.wrapping_mul(C1).rotate_left(31).wrapping_mul(C2);
        }
        h1 ^= self.len;
        h2 ^= self.len;
        h1 = h1.wrapping_add(h2);
        h2 = h2.wrapping_add(h1);
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 = h1.wrapping_add(h2);
        h2 = h2.wrapping_add(h1);
        (h1, h2)
    }

    fn hex(&self) -> String {
        let (h1, h2) = self.finish();
        format!("{h1:016x}{h2:016x}")
    }
}

/// MurmurHash3_x64_128: the two 64-bit halves (h1, h2).
pub fn murmur3_128(data: &[u8], seed: u64) -> (u64, u64) {
    let mut m = Murmur3::new(seed);
    m.update(data);
    m.finish()
}

/// The content hash of a page file, as stored in `pages.hash`.
pub fn content_hash(data: &[u8]) -> String {
    let mut m = Murmur3::new(0);
    m.update(data);
    m.hex()
}

/// The content hash of what a reader gives, read in pieces.
pub fn content_hash_of(mut r: impl std::io::Read) -> std::io::Result<String> {
    let mut m = Murmur3::new(0);
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match r.read(&mut buf) {
            Ok(0) => return Ok(m.hex()),
            Ok(k) => m.update(&buf[..k]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_hash_as_the_whole() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        let whole = content_hash(&data);
        for step in [1, 3, 15, 16, 17, 100] {
            let mut m = Murmur3::new(0);
            data.chunks(step).for_each(|c| m.update(c));
            assert_eq!(m.hex(), whole, "pieces of {step}");
        }
        assert_eq!(content_hash_of(&data[..]).unwrap(), whole);
    }

    #[test]
    fn reference_vectors() {
        // the reference implementation's values (smhasher; Python mmh3.hash64)
        assert_eq!(murmur3_128(b"", 0), (0, 0));
        assert_eq!(murmur3_128(b"hello", 0), (0xcbd8_a7b3_41bd_9b02, 0x5b1e_906a_48ae_1d19));
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
        assert_eq!(content_hash(b"x").len(), 32);
    }
}
