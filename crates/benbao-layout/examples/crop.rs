//! Development aid: crop a region of a page image to PNG (to look at it).
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let (x0, y0, x1, y1): (usize, usize, usize, usize) = (a[2].parse().unwrap(), a[3].parse().unwrap(), a[4].parse().unwrap(), a[5].parse().unwrap());
    let g = benbao_layout::image::decode(std::path::Path::new(&a[1]), benbao_layout::image::Format::Png).unwrap();
    let (w, h) = (x1 - x0, y1 - y0);
    let mut data = Vec::with_capacity(w * h);
    for y in y0..y1 {
        data.extend_from_slice(&g.px[y * g.w + x0..y * g.w + x1]);
    }
    let f = std::fs::File::create(&a[6]).unwrap();
    let mut e = png::Encoder::new(std::io::BufWriter::new(f), w as u32, h as u32);
    e.set_color(png::ColorType::Grayscale);
    e.set_depth(png::BitDepth::Eight);
    e.write_header().unwrap().write_image_data(&data).unwrap();
}
