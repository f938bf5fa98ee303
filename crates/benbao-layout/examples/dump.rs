//! Development aid: print how a PDF page was read (columns, blocks, lines).
fn main() {
    let path = std::env::args().nth(1).expect("usage: dump PAGE.pdf");
    let pages = benbao_layout::pdf::words(std::path::Path::new(&path), std::time::Duration::from_secs(60)).unwrap();
    for (i, pw) in pages.iter().enumerate() {
        let l = benbao_layout::read::read_page(pw);
        println!("page {} metrics {:?}", i + 1, l.metrics);
        println!("columns {:?}", l.columns);
        println!("header {:?}\nfooter {:?}", l.header, l.footer);
        for (k, b) in l.blocks.iter().enumerate() {
            println!("--- block {k}");
            for x in &b.kicker {
                println!("  K [{:.1}-{:.1} h{:.1}] {}", x.x0, x.x1, x.h, x.spaced);
            }
            for x in &b.heading {
                println!("  H [{:.1}-{:.1} y{:.1}-{:.1} h{:.1}] {}", x.x0, x.x1, x.y0, x.y1, x.h, x.spaced);
            }
            for x in &b.body {
                println!("  {} [{:.1}-{:.1} c{:.0}-{:.0}] {}", if x.run_start { '*' } else { ' ' }, x.x0, x.x1, x.cx0, x.cx1, x.spaced);
            }
        }
    }
}
