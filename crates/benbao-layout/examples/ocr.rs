//! Development aid: OCR a page image (PNG/JPEG/TIFF, or PGM as pdftoppm writes it) and print how it was read.
fn main() {
    let path = std::env::args().nth(1).expect("usage: ocr PAGE.png|pgm");
    let t = std::time::Instant::now();
    let g = if path.ends_with(".pgm") {
        benbao_layout::image::read_pnm(&std::fs::read(&path).unwrap()).unwrap()
    } else {
        benbao_layout::image::decode(std::path::Path::new(&path), benbao_layout::image::Format::Png).unwrap()
    };
    eprintln!("decoded {}x{} in {:?}", g.w, g.h, t.elapsed());
    let s = benbao_layout::run::Scratch::new().unwrap();
    let (pw, _) = benbao_layout::scan::ocr_page(&g, &s.path, std::time::Duration::from_secs(300), 2, benbao::Script::Auto).unwrap();
    eprintln!("ocr {} words in {:?}", pw.words.len(), t.elapsed());
    if std::env::var_os("WORDS").is_some() {
        for w in &pw.words {
            println!("W [{:.0}-{:.0} {:.0}-{:.0}] {}", w.x0, w.x1, w.y0, w.y1, w.text);
        }
    }
    let l = benbao_layout::read::read_page(&pw);
    println!("metrics {:?}\ncolumns {:?}\nheader {:?}\nfooter {:?}", l.metrics, l.columns, l.header, l.footer);
    for (k, b) in l.blocks.iter().enumerate() {
        println!("--- block {k}");
        for x in b.kicker.iter().chain(b.heading.iter()) {
            println!("  H [{:.0}-{:.0} h{:.1}] {}", x.x0, x.x1, x.h, x.spaced);
        }
        for x in &b.body {
            println!("  {} [{:.0}-{:.0} c{:.0}-{:.0}] {}", if x.run_start { '*' } else { ' ' }, x.x0, x.x1, x.cx0, x.cx1, x.spaced);
        }
    }
}
