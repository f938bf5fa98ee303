//! Grey images: reading (PNM here; PNG, JPEG and TIFF through their decoders),
//! size limits, binarization and connected components.

use std::io::{BufReader, Write};
use std::path::Path;

use crate::geom::Sets;
use crate::Error;

/// An 8-bit grey image, row-major, 0 = black.
#[derive(Debug, Clone)]
pub struct Gray {
    /// Width, in pixels.
    pub w: usize,
    /// Height, in pixels.
    pub h: usize,
    /// The `w * h` pixel values, row by row from the top (0 black, 255 white).
    pub px: Vec<u8>,
}

/// Largest image read as it is; a larger one is scaled down to fit (about A3 at 400 DPI).
pub const MAX_PIXELS: usize = 40_000_000;
/// Larger than this is refused outright (decoding it would take gigabytes).
pub const REFUSE_PIXELS: usize = 150_000_000;

impl Gray {
    /// The pixel at column `x`, row `y` (0-based from the top left); panics outside the image.
    pub fn at(&self, x: usize, y: usize) -> u8 {
        self.px[y * self.w + x]
    }

    /// Scales down by an integer factor (box filter).
    pub fn shrink(&self, f: usize) -> Gray {
        if f <= 1 {
            return self.clone();
        }
        let (w, h) = (self.w / f, self.h / f);
        let mut px = vec![0u8; w * h];
        for y in 0..h {
            for x in 0..w {
                let mut s = 0u32;
                for dy in 0..f {
                    let row = (y * f + dy) * self.w + x * f;
                    for dx in 0..f {
                        s += self.px[row + dx] as u32;
                    }
                }
                px[y * w + x] = (s / (f * f) as u32) as u8;
            }
        }
        Gray { w, h, px }
    }

    /// Writes the region [x0, x1) × [y0, y1) as a binary PGM, with a white margin of `pad` pixels.
    pub fn write_pgm_crop(&self, path: &Path, x0: usize, y0: usize, x1: usize, y1: usize, pad: usize) -> std::io::Result<()> {
        let (x1, y1) = (x1.min(self.w), y1.min(self.h));
        let (cw, ch) = (x1.saturating_sub(x0), y1.saturating_sub(y0));
        let (ow, oh) = (cw + 2 * pad, ch + 2 * pad);
        let mut out = Vec::with_capacity(ow * oh + 32);
        write!(out, "P5\n{ow} {oh}\n255\n")?;
        let white = vec![255u8; ow];
        for _ in 0..pad {
            out.extend_from_slice(&white);
        }
        for y in y0..y1 {
            out.extend(std::iter::repeat_n(255u8, pad));
            out.extend_from_slice(&self.px[y * self.w + x0..y * self.w + x1]);
            out.extend(std::iter::repeat_n(255u8, pad));
        }
        for _ in 0..pad {
            out.extend_from_slice(&white);
        }
        std::fs::write(path, out)
    }
}

impl Gray {
    /// The region [x0, x1) × [y0, y1) with a white margin of `pad`, scaled by
    /// `scale` (at most 1: each output pixel averages the input pixels under it).
    pub fn crop_scaled(&self, x0: usize, y0: usize, x1: usize, y1: usize, pad: usize, scale: f32) -> Gray {
        let (x1, y1) = (x1.min(self.w), y1.min(self.h));
        let (cw, ch) = (x1.saturating_sub(x0) + 2 * pad, y1.saturating_sub(y0) + 2 * pad);
        let src = |x: usize, y: usize| -> u8 {
            if x < pad || y < pad || x >= cw - pad || y >= ch - pad {
                255
            } else {
                self.px[(y0 + y - pad) * self.w + x0 + x - pad]
            }
        };
        let scale = scale.clamp(0.05, 1.0);
        let (ow, oh) = (((cw as f32 * scale).round() as usize).max(1), ((ch as f32 * scale).round() as usize).max(1));
        let mut px = Vec::with_capacity(ow * oh);
        for oy in 0..oh {
            let (sy0, sy1) = ((oy * ch) / oh, (((oy + 1) * ch) / oh).max((oy * ch) / oh + 1).min(ch));
            for ox in 0..ow {
                let (sx0, sx1) = ((ox * cw) / ow, (((ox + 1) * cw) / ow).max((ox * cw) / ow + 1).min(cw));
                let mut sum = 0u32;
                for y in sy0..sy1 {
                    for x in sx0..sx1 {
                        sum += src(x, y) as u32;
                    }
                }
                px.push((sum / ((sy1 - sy0) * (sx1 - sx0)) as u32) as u8);
            }
        }
        Gray { w: ow, h: oh, px }
    }

    /// Writes the whole image as a grey PNG.
    pub fn write_png(&self, path: &Path) -> std::io::Result<()> {
        {
            let f = std::io::BufWriter::new(std::fs::File::create(path)?);
            let mut enc = png::Encoder::new(f, self.w as u32, self.h as u32);
            enc.set_color(png::ColorType::Grayscale);
            enc.set_depth(png::BitDepth::Eight);
            let mut w = enc.write_header().map_err(std::io::Error::other)?;
            w.write_image_data(&self.px).map_err(std::io::Error::other)?;
            w.finish().map_err(std::io::Error::other)?;
        }
        Ok(())
    }

    /// Writes the whole image as a binary PGM.
    pub fn write_pgm(&self, path: &Path) -> std::io::Result<()> {
        self.write_pgm_crop(path, 0, 0, self.w, self.h, 0)
    }
}

/// Image file formats read here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PNG, through the `png` crate.
    Png,
    /// JPEG, through `zune-jpeg`.
    Jpeg,
    /// TIFF, through the `tiff` crate.
    Tiff,
}

fn too_large(w: usize, h: usize) -> Result<(), Error> {
    if w.saturating_mul(h) > REFUSE_PIXELS {
        Err(Error::TooLarge { w, h })
    } else if w == 0 || h == 0 {
        Err(Error::EmptyImage)
    } else {
        Ok(())
    }
}

/// Samples of `ch` channels (grey, grey+alpha, RGB, RGBA) to grey on white.
fn to_gray(data: &[u8], w: usize, h: usize, ch: usize, stride: usize) -> Gray {
    let mut px = Vec::with_capacity(w * h);
    for y in 0..h {
        let row = &data[y * stride..y * stride + w * ch];
        match ch {
            1 => px.extend_from_slice(row),
            2 => px.extend(row.chunks_exact(2).map(|p| 255 - ((255 - p[0] as u32) * p[1] as u32 / 255) as u8)),
            3 => px.extend(row.chunks_exact(3).map(|p| luma(p[0], p[1], p[2]))),
            _ => px.extend(row.chunks_exact(ch).map(|p| 255 - ((255 - luma(p[0], p[1], p[2]) as u32) * p[3] as u32 / 255) as u8)),
        }
    }
    Gray { w, h, px }
}

/// Whether a JPEG file holds its whole image: the marker segments from the
/// start of image to the start of scan are well formed, and the scan data
/// after the (last) start of scan ends with an end-of-image marker. A
/// truncated file fails this; decoders fill what is missing with grey.
pub fn jpeg_complete(b: &[u8]) -> bool {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return false;
    }
    let mut i = 2;
    // the segments before the first scan (APPn, tables, frame header)
    let scan = loop {
        while i < b.len() && b[i] == 0xFF && b.get(i + 1) == Some(&0xFF) {
            i += 1; // fill bytes
        }
        if i + 4 > b.len() || b[i] != 0xFF {
            return false;
        }
        let marker = b[i + 1];
        let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
        if len < 2 {
            return false;
        }
        if marker == 0xDA {
            break i + 2 + len;
        }
        i += 2 + len;
    };
    // entropy-coded data has no FF but as FF00 or a restart marker; further
    // scans (progressive JPEGs) come as segments in between
    b.get(scan..).is_some_and(|rest| rest.windows(2).any(|w| w == [0xFF, 0xD9]))
}

/// Decodes an image file to grey. Images over [`REFUSE_PIXELS`] are refused
/// before decoding; the caller scales down those over [`MAX_PIXELS`].
pub fn decode(path: &Path, format: Format) -> Result<Gray, Error> {
    match format {
        Format::Png => decode_png(path),
        Format::Jpeg => decode_jpeg(path),
        Format::Tiff => decode_tiff(path),
    }
}

fn open(path: &Path) -> Result<std::fs::File, Error> {
    Ok(std::fs::File::open(path)?)
}

/// A decoder's complaint.
fn bad(e: impl std::fmt::Display) -> Error {
    Error::BadImage(e.to_string())
}

fn decode_png(path: &Path) -> Result<Gray, Error> {
    let mut dec = png::Decoder::new_with_limits(BufReader::new(open(path)?), png::Limits { bytes: REFUSE_PIXELS * 4 });
    dec.set_transformations(png::Transformations::normalize_to_color8());
    let mut r = dec.read_info().map_err(bad)?;
    let (w, h) = (r.info().width as usize, r.info().height as usize);
    too_large(w, h)?;
    let (ct, _) = r.output_color_type();
    let ch = match ct {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb | png::ColorType::Indexed => 3,
        png::ColorType::Rgba => 4,
    };
    if r.info().interlaced {
        let mut buf = vec![0u8; r.output_buffer_size().ok_or(Error::TooLarge { w, h })?];
        let oi = r.next_frame(&mut buf).map_err(bad)?;
        if oi.line_size < w * ch || buf.len() < oi.line_size * h {
            return Err(bad("unexpected sample layout"));
        }
        return Ok(to_gray(&buf, w, h, ch, oi.line_size));
    }
    // row by row: only the grey image is ever held (an RGBA page
    // whole would be four times its size)
    let mut g = Gray { w, h, px: Vec::with_capacity(w * h) };
    while let Some(row) = r.next_row().map_err(bad)? {
        let data = row.data();
        if data.len() < w * ch {
            return Err(bad("unexpected sample layout"));
        }
        g.px.extend_from_slice(&to_gray(data, w, 1, ch, data.len()).px);
    }
    if g.px.len() != w * h {
        return Err(bad(format!("the PNG is cut short: {} of its {h} rows are there", g.px.len() / w)));
    }
    Ok(g)
}

fn decode_jpeg(path: &Path) -> Result<Gray, Error> {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let bytes = std::fs::read(path)?;
    if !jpeg_complete(&bytes) {
        return Err(bad("the JPEG is cut short or damaged (its image data has no end marker)"));
    }
    let opts = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::Luma).set_max_width(1 << 16).set_max_height(1 << 16);
    let mut d = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(&bytes), opts);
    d.decode_headers().map_err(|e| bad(format!("{e:?}")))?;
    let info = d.info().ok_or_else(|| bad("no image header"))?;
    let (w, h) = (info.width as usize, info.height as usize);
    too_large(w, h)?;
    let px = d.decode().map_err(|e| bad(format!("{e:?}")))?;
    let ch = px.len() / (w * h).max(1);
    if ch == 0 {
        return Err(bad("too few samples"));
    }
    Ok(to_gray(&px, w, h, ch.min(4), w * ch))
}

fn decode_tiff(path: &Path) -> Result<Gray, Error> {
    use tiff::decoder::{Decoder, DecodingResult, Limits};
    use tiff::ColorType;
    let mut d = Decoder::new(BufReader::new(open(path)?)).map_err(bad)?;
    let (w, h) = d.dimensions().map_err(bad)?;
    let (w, h) = (w as usize, h as usize);
    too_large(w, h)?;
    let mut lim = Limits::default();
    lim.decoding_buffer_size = REFUSE_PIXELS * 4;
    lim.intermediate_buffer_size = REFUSE_PIXELS * 4;
    d = d.with_limits(lim);
    let ct = d.colortype().map_err(bad)?;
    let img = d.read_image().map_err(bad)?;
    let mut g = match (ct, img) {
        (ColorType::Gray(8), DecodingResult::U8(v)) => to_gray(&v, w, h, 1, w),
        (ColorType::GrayA(8), DecodingResult::U8(v)) => to_gray(&v, w, h, 2, 2 * w),
        (ColorType::RGB(8), DecodingResult::U8(v)) => to_gray(&v, w, h, 3, 3 * w),
        (ColorType::RGBA(8), DecodingResult::U8(v)) => to_gray(&v, w, h, 4, 4 * w),
        (ColorType::Gray(16), DecodingResult::U16(v)) => Gray { w, h, px: v.iter().map(|&p| (p >> 8) as u8).collect() },
        (ColorType::RGB(16), DecodingResult::U16(v)) => {
            let b: Vec<u8> = v.iter().map(|&p| (p >> 8) as u8).collect();
            to_gray(&b, w, h, 3, 3 * w)
        }
        (ColorType::Gray(1), DecodingResult::U8(v)) => {
            // bilevel, rows padded to whole bytes
            let stride = w.div_ceil(8);
            let mut px = Vec::with_capacity(w * h);
            for y in 0..h {
                for x in 0..w {
                    let bit = v.get(y * stride + x / 8).map_or(0, |b| (b >> (7 - x % 8)) & 1);
                    px.push(if bit == 1 { 255 } else { 0 });
                }
            }
            Gray { w, h, px }
        }
        (ct, _) => return Err(bad(format!("colour model {ct:?} is not read here: convert the image to greyscale or RGB"))),
    };
    // a page is mostly paper: a negative (WhiteIsZero read the other way) is turned back
    let mean = g.px.iter().map(|&p| p as u64).sum::<u64>() / g.px.len().max(1) as u64;
    if mean < 100 {
        for p in g.px.iter_mut() {
            *p = 255 - *p;
        }
    }
    Ok(g)
}

/// Luma of an RGB triple.
pub fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((r as u32 * 299 + g as u32 * 587 + b as u32 * 114) / 1000) as u8
}

fn pnm_token(b: &[u8], i: &mut usize) -> Option<usize> {
    loop {
        while *i < b.len() && b[*i].is_ascii_whitespace() {
            *i += 1;
        }
        if *i < b.len() && b[*i] == b'#' {
            while *i < b.len() && b[*i] != b'\n' {
                *i += 1;
            }
            continue;
        }
        break;
    }
    let s = *i;
    while *i < b.len() && b[*i].is_ascii_digit() {
        *i += 1;
    }
    std::str::from_utf8(&b[s..*i]).ok()?.parse().ok()
}

/// Reads a binary PGM (P5) or PPM (P6), 8 bits per sample, as poppler's `pdftoppm` writes them.
pub fn read_pnm(b: &[u8]) -> Result<Gray, Error> {
    let bad = || Error::BadImage("not a readable PNM image".into());
    if b.len() < 3 || b[0] != b'P' || !(b[1] == b'5' || b[1] == b'6') {
        return Err(bad());
    }
    let mut i = 2;
    let w = pnm_token(b, &mut i).ok_or_else(bad)?;
    let h = pnm_token(b, &mut i).ok_or_else(bad)?;
    let max = pnm_token(b, &mut i).ok_or_else(bad)?;
    if max == 0 || max > 255 || w == 0 || h == 0 {
        return Err(bad());
    }
    if w.saturating_mul(h) > REFUSE_PIXELS {
        return Err(Error::TooLarge { w, h });
    }
    i += 1;
    let ch = if b[1] == b'6' { 3 } else { 1 };
    let need = w * h * ch;
    if b.len() < i + need {
        return Err(Error::BadImage("truncated PNM image".into()));
    }
    let data = &b[i..i + need];
    let px = if ch == 1 { data.to_vec() } else { data.chunks_exact(3).map(|p| luma(p[0], p[1], p[2])).collect() };
    Ok(Gray { w, h, px })
}

/// Otsu's threshold over the histogram: pixels at or below it are ink.
pub fn otsu(g: &Gray) -> u8 {
    let mut hist = [0u64; 256];
    for &p in &g.px {
        hist[p as usize] += 1;
    }
    let total: u64 = hist.iter().sum();
    let sum: f64 = hist.iter().enumerate().map(|(i, &c)| i as f64 * c as f64).sum();
    let (mut wb, mut sb, mut best, mut thr) = (0u64, 0f64, -1f64, 128u8);
    for t in 0..256 {
        wb += hist[t];
        if wb == 0 {
            continue;
        }
        let wf = total - wb;
        if wf == 0 {
            break;
        }
        sb += t as f64 * hist[t] as f64;
        let mb = sb / wb as f64;
        let mf = (sum - sb) / wf as f64;
        let between = wb as f64 * wf as f64 * (mb - mf) * (mb - mf);
        if between > best {
            best = between;
            thr = t as u8;
        }
    }
    thr
}

/// A connected component of ink: its box (end exclusive) and pixel count.
#[derive(Debug, Clone, Copy)]
pub struct Comp {
    /// Leftmost column, in pixels.
    pub x0: i32,
    /// Top row, in pixels.
    pub y0: i32,
    /// One past the rightmost column.
    pub x1: i32,
    /// One past the bottom row.
    pub y1: i32,
    /// How many ink pixels it has.
    pub area: u32,
}

impl Comp {
    /// Width of the box, in pixels.
    pub fn w(&self) -> i32 {
        self.x1 - self.x0
    }
    /// Height of the box, in pixels.
    pub fn h(&self) -> i32 {
        self.y1 - self.y0
    }
}

/// 8-connected components of the pixels at or below `thr`, by runs.
pub fn components(g: &Gray, thr: u8) -> Vec<Comp> {
    let mut sets = Sets::default();
    // runs of the previous and current row: (start, end, label)
    let mut prev: Vec<(u32, u32, u32)> = Vec::new();
    let mut cur: Vec<(u32, u32, u32)> = Vec::new();
    let mut runs: Vec<(u32, u32, u32, u32)> = Vec::new(); // (y, start, end, label)
    for y in 0..g.h {
        cur.clear();
        let row = &g.px[y * g.w..(y + 1) * g.w];
        let mut x = 0usize;
        let mut j = 0usize; // pointer into prev
        while x < g.w {
            if row[x] > thr {
                x += 1;
                continue;
            }
            let s = x;
            while x < g.w && row[x] <= thr {
                x += 1;
            }
            let (s, e) = (s as u32, x as u32);
            let label = sets.add() as u32;
            // previous-row runs touching [s-1, e] (8-connectivity)
            while j < prev.len() && prev[j].1 < s {
                j += 1;
            }
            let mut k = j;
            while k < prev.len() && prev[k].0 <= e {
                sets.union(label as usize, prev[k].2 as usize);
                k += 1;
            }
            cur.push((s, e, label));
            runs.push((y as u32, s, e, label));
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let mut idx: Vec<u32> = vec![u32::MAX; sets.len()];
    let mut comps: Vec<Comp> = Vec::new();
    for &(y, s, e, l) in &runs {
        let r = sets.find(l as usize);
        if idx[r] == u32::MAX {
            idx[r] = comps.len() as u32;
            comps.push(Comp { x0: s as i32, y0: y as i32, x1: e as i32, y1: y as i32 + 1, area: 0 });
        }
        let c = &mut comps[idx[r] as usize];
        c.x0 = c.x0.min(s as i32);
        c.x1 = c.x1.max(e as i32);
        c.y0 = c.y0.min(y as i32);
        c.y1 = c.y1.max(y as i32 + 1);
        c.area += e - s;
    }
    comps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crops_scale_down_by_averaging() {
        // 4×4: a black 2×2 block in the top-left corner
        let px: Vec<u8> = (0..16).map(|i| if i % 4 < 2 && i / 4 < 2 { 0 } else { 255 }).collect();
        let g = Gray { w: 4, h: 4, px };
        let half = g.crop_scaled(0, 0, 4, 4, 0, 0.5);
        assert_eq!((half.w, half.h), (2, 2));
        assert_eq!(half.px, vec![0, 255, 255, 255]);
        // a white margin of 2 around the 2×2 block, at full size
        let padded = g.crop_scaled(0, 0, 2, 2, 2, 1.0);
        assert_eq!((padded.w, padded.h), (6, 6));
        assert_eq!(padded.px.iter().filter(|&&p| p == 0).count(), 4);
        assert_eq!(padded.px[2 * 6 + 2], 0);
        assert_eq!(padded.px[0], 255);
        // halving a 3-wide region averages what falls in each output pixel
        let odd = Gray { w: 3, h: 1, px: vec![0, 100, 200] }.crop_scaled(0, 0, 3, 1, 0, 0.5);
        assert_eq!(odd.w, 2);
        assert!(odd.px[0] < odd.px[1], "{:?}", odd.px);
    }

    #[test]
    fn components_are_eight_connected() {
        // two blobs; the diagonal pair touches only at a corner
        let rows = ["#..##", ".#..#", ".....", "##..."];
        let w = 5;
        let px: Vec<u8> = rows.iter().flat_map(|r| r.bytes().map(|b| if b == b'#' { 0 } else { 255 })).collect();
        let g = Gray { w, h: rows.len(), px };
        let mut c = components(&g, 128);
        c.sort_by_key(|c| (c.y0, c.x0));
        assert_eq!(c.len(), 3);
        assert_eq!((c[0].x0, c[0].y0, c[0].x1, c[0].y1, c[0].area), (0, 0, 2, 2, 2));
        assert_eq!((c[1].x0, c[1].x1, c[1].area), (3, 5, 3));
        assert_eq!((c[2].y0, c[2].area), (3, 2));
    }

    #[test]
    fn pnm_round_trip_and_otsu() {
        let g = Gray { w: 4, h: 2, px: vec![0, 10, 240, 250, 5, 255, 245, 0] };
        let dir = std::env::temp_dir().join(format!("benbao-img-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("x.pgm");
        g.write_pgm_crop(&p, 0, 0, 4, 2, 1).unwrap();
        let r = read_pnm(&std::fs::read(&p).unwrap()).unwrap();
        assert_eq!((r.w, r.h), (6, 4));
        assert_eq!(r.at(1, 1), 0);
        assert_eq!(r.at(0, 0), 255);
        let t = otsu(&g);
        assert!((10..240).contains(&t), "{t}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
