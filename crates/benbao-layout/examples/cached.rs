//! Development aid: read a scan with its OCR words cached, so that layout
//! changes can be scored on scans in seconds. Prints the page's articles as
//! `parse --format json --no-entities` would (articles only).
//!
//! usage: cached PAGE.png CACHEDIR
use std::io::Write;

use benbao_layout::geom::{PageWords, Word};

fn load(path: &std::path::Path) -> Option<PageWords> {
    let s = std::fs::read_to_string(path).ok()?;
    let mut lines = s.lines();
    let mut size = lines.next()?.split(' ').map(|v| v.parse::<f32>().ok());
    let (width, height) = (size.next()??, size.next()??);
    let words = lines
        .filter_map(|l| {
            let mut p = l.splitn(5, ' ');
            let mut n = || p.next()?.parse::<f32>().ok();
            let (x0, y0, x1, y1) = (n()?, n()?, n()?, n()?);
            Some(Word { x0, y0, x1, y1, text: p.next()?.to_string(), coloured: false })
        })
        .collect();
    Some(PageWords { width, height, words, type_boxes: false })
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (page, dir) = (args.next().expect("usage: cached PAGE.png CACHEDIR"), args.next().expect("usage: cached PAGE.png CACHEDIR"));
    let stem = std::path::Path::new(&page).file_stem().unwrap().to_string_lossy().to_string();
    let cache = std::path::Path::new(&dir).join(format!("{stem}.words"));
    let pw = load(&cache).unwrap_or_else(|| {
        let g = benbao_layout::image::decode(std::path::Path::new(&page), benbao_layout::image::Format::Png).unwrap();
        let s = benbao_layout::run::Scratch::new().unwrap();
        let (pw, _) = benbao_layout::scan::ocr_page(&g, &s.path, std::time::Duration::from_secs(300), 2, benbao::Script::Auto).unwrap();
        std::fs::create_dir_all(&dir).unwrap();
        let mut f = std::fs::File::create(&cache).unwrap();
        writeln!(f, "{} {}", pw.width, pw.height).unwrap();
        for w in &pw.words {
            writeln!(f, "{} {} {} {} {}", w.x0, w.y0, w.x1, w.y1, w.text).unwrap();
        }
        pw
    });
    let layout = benbao_layout::read::read_page(&pw);
    let articles = benbao_layout::articles_of(&layout, 1, &benbao::Options::default());
    println!("{}", serde_json::json!({ "articles": articles }));
}
