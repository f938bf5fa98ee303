//! Scans, end to end: a fixture PDF page rasterized at 200 DPI by poppler,
//! one article cut out of it, then read back as a PNG scan and as a PDF
//! holding only that image (no text layer), through Tesseract. Needs
//! `pdftoppm` and `tesseract` with `chi_sim`; prints a notice and passes
//! without them. Also: images too large to decode, and broken images.

use benbao::{Options, PageDate};
use benbao_layout::image::{read_pnm, Gray};
use serde_json::Value;

fn fixture(name: &str) -> String {
    format!("{}/../../tests/fixtures/pdf/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("benbao-layout-scan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn have_tools() -> bool {
    use benbao_layout::run;
    let ok = run::have("pdftoppm")
        && run::have("tesseract")
        && run::run("tesseract", &["--list-langs"], std::time::Duration::from_secs(20))
            .map(|o| format!("{}{}", String::from_utf8_lossy(&o.stdout), o.stderr).lines().any(|l| l.trim() == "chi_sim"))
            .unwrap_or(false);
    if !ok {
        eprintln!("NOTICE: pdftoppm or tesseract with chi_sim not installed (apt-get install poppler-utils tesseract-ocr tesseract-ocr-chi-sim): scan test skipped");
    }
    ok
}

/// Character edit distance.
fn edits(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + (a[i - 1] != b[j - 1]) as usize);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The first article of fixture page 0001 (its headline and two columns), as a 200-DPI grey image.
fn first_article_scan() -> Gray {
    let stem = scratch("page");
    let out = benbao_layout::run::run(
        "pdftoppm",
        &["-r", "200", "-gray", "-f", "1", "-l", "1", "-singlefile", &fixture("0001.pdf"), &stem.to_string_lossy()],
        std::time::Duration::from_secs(60),
    )
    .unwrap();
    assert!(out.success, "{}", out.stderr);
    let page = read_pnm(&std::fs::read(stem.with_extension("pgm")).unwrap()).unwrap();
    // points × 200/72: the article's box is x 36–441 pt, y 90–365 pt
    let (x0, y0, x1, y1) = (85usize, 240usize, 1240usize, 1020usize);
    let mut px = Vec::with_capacity((x1 - x0) * (y1 - y0));
    for y in y0..y1 {
        px.extend_from_slice(&page.px[y * page.w + x0..y * page.w + x1]);
    }
    Gray { w: x1 - x0, h: y1 - y0, px }
}

fn write_png(g: &Gray, path: &std::path::Path) {
    let f = std::fs::File::create(path).unwrap();
    let mut e = png::Encoder::new(std::io::BufWriter::new(f), g.w as u32, g.h as u32);
    e.set_color(png::ColorType::Grayscale);
    e.set_depth(png::BitDepth::Eight);
    e.write_header().unwrap().write_image_data(&g.px).unwrap();
}

/// A one-page PDF holding only an image (no text layer), 200 DPI.
fn image_pdf(g: &Gray) -> Vec<u8> {
    let (wpt, hpt) = (g.w as f32 * 72.0 / 200.0, g.h as f32 * 72.0 / 200.0);
    let content = format!("q {wpt:.2} 0 0 {hpt:.2} 0 0 cm /Im0 Do Q");
    let mut objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {wpt:.2} {hpt:.2}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>").into_bytes(),
    ];
    let mut img = format!("<< /Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length {} >>\nstream\n", g.w, g.h, g.px.len()).into_bytes();
    img.extend_from_slice(&g.px);
    img.extend_from_slice(b"\nendstream");
    objs.push(img);
    objs.push(format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()).into_bytes());
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offs = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offs.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).bytes());
        out.extend_from_slice(o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).bytes());
    for o in offs {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1).bytes());
    out
}

fn check_read_back(arts: &[benbao::Article], what: &str) {
    let gold: Value = serde_json::from_str(&std::fs::read_to_string(fixture("0001.gold.json")).unwrap()).unwrap();
    let g = &gold["articles"][0];
    let want: String = g["paragraphs"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    let a = arts.iter().max_by_key(|a| a.paragraphs.iter().map(|p| p.len()).sum::<usize>()).unwrap_or_else(|| panic!("{what}: no article"));
    let got: String = a.paragraphs.concat();
    let cer = edits(&got, &want) as f32 / want.chars().count() as f32;
    assert!(cer <= 0.05, "{what}: character error rate {cer}\n got {got}\nwant {want}");
    let head = a.headline.as_deref().unwrap_or("");
    let hcer = edits(&head.replace(' ', ""), g["headline"].as_str().unwrap()) as f32 / 18.0;
    assert!(hcer <= 0.2, "{what}: headline {head:?}");
    assert_eq!(a.dateline.as_deref(), Some("本报讯"), "{what}");
    assert_eq!(a.paragraphs.len(), 3, "{what}: paragraphs {:?}", a.paragraphs);
    assert_eq!(a.byline.reporters.len(), 2, "{what}: byline {:?}", a.byline);
}

#[test]
fn scan_and_image_only_pdf_read_back() {
    if !have_tools() {
        return;
    }
    let g = first_article_scan();
    let opts = Options { date: PageDate::parse("2024-05-17").unwrap(), ..Default::default() };
    let png = scratch("article.png");
    write_png(&g, &png);
    let (arts, _) = benbao_layout::parse_file(&png.to_string_lossy(), &opts).unwrap();
    check_read_back(&arts, "PNG");

    let pdf = scratch("image-only.pdf");
    std::fs::write(&pdf, image_pdf(&g)).unwrap();
    let p = benbao_layout::read_file(&pdf.to_string_lossy(), &opts).unwrap();
    assert!(p.warnings.iter().any(|w| w.contains("read by OCR")), "{:?}", p.warnings);
    check_read_back(&p.articles, "image-only PDF");
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    let mut c = kind.to_vec();
    c.extend_from_slice(data);
    // CRC-32 of type and data
    let mut crc = 0xFFFF_FFFFu32;
    for &b in &c {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    out.extend_from_slice(&c);
    out.extend((!crc).to_be_bytes());
}

#[test]
fn huge_and_broken_images_are_errors_in_words() {
    // a PNG that claims 60000 × 60000 pixels: refused before anything is allocated
    let mut huge = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(60000u32.to_be_bytes());
    ihdr.extend(60000u32.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]);
    png_chunk(&mut huge, b"IHDR", &ihdr);
    png_chunk(&mut huge, b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    png_chunk(&mut huge, b"IEND", &[]);
    let p = scratch("huge.png");
    std::fs::write(&p, &huge).unwrap();
    let e = benbao_layout::parse_file(&p.to_string_lossy(), &Options::default()).unwrap_err();
    // the size is refused before decoding, and the words say which file kind it is
    assert!(matches!(&e, benbao_layout::Error::Image { kind: "PNG", source } if matches!(**source, benbao_layout::Error::TooLarge { .. })), "{e:?}");
    assert!(e.to_string().contains("too large"), "{e}");

    let p = scratch("cut.png");
    std::fs::write(&p, &huge[..20]).unwrap();
    let e = benbao_layout::parse_file(&p.to_string_lossy(), &Options::default()).unwrap_err();
    assert!(matches!(e, benbao_layout::Error::Image { kind: "PNG", .. }) && e.to_string().contains("it is a PNG image that cannot be decoded"), "{e}");

    let p = scratch("cut.jpg");
    std::fs::write(&p, [0xFF, 0xD8, 0xFF, 0xE0, 0, 16]).unwrap();
    let e = benbao_layout::parse_file(&p.to_string_lossy(), &Options::default()).unwrap_err();
    assert!(matches!(e, benbao_layout::Error::Image { kind: "JPEG", .. }) && e.to_string().contains("cannot be decoded"), "{e}");

    let p = scratch("cut.tif");
    std::fs::write(&p, b"II*\0\x08\0\0\0").unwrap();
    let e = benbao_layout::parse_file(&p.to_string_lossy(), &Options::default()).unwrap_err();
    assert!(matches!(e, benbao_layout::Error::Image { kind: "TIFF", .. }) && e.to_string().contains("cannot be decoded"), "{e}");
}

/// A page laid out like a real e-paper (tests/fixtures/pdf-v2/0031.pdf, from
/// the pdf-v2 dev set), rasterized whole at 200 DPI and read as a scan.
fn v2_page_scan() -> std::path::PathBuf {
    let stem = scratch("v2-page");
    let pdf = format!("{}/../../tests/fixtures/pdf-v2/0031.pdf", env!("CARGO_MANIFEST_DIR"));
    let out = benbao_layout::run::run("pdftoppm", &["-r", "200", "-gray", "-singlefile", &pdf, &stem.to_string_lossy()], std::time::Duration::from_secs(60)).unwrap();
    assert!(out.success, "{}", out.stderr);
    let page = read_pnm(&std::fs::read(stem.with_extension("pgm")).unwrap()).unwrap();
    let png = stem.with_extension("png");
    write_png(&page, &png);
    png
}

#[test]
fn a_scans_subheadline_set_apart_in_smaller_type_is_its_own_deck() {
    if !have_tools() {
        return;
    }
    let opts = Options { date: PageDate::parse("2024-03-22").unwrap(), ..Default::default() };
    let (arts, _) = benbao_layout::parse_file(&v2_page_scan().to_string_lossy(), &opts).unwrap();
    let a = arts.iter().find(|a| a.headline.as_deref().is_some_and(|h| h.starts_with("以军称"))).unwrap_or_else(|| panic!("{:?}", arts.iter().map(|a| &a.headline).collect::<Vec<_>>()));
    // the headline wrapped over two lines of one size stays one; the smaller deck set under it is the subheadline
    assert!(!a.headline.as_deref().unwrap().contains("哈马斯"), "{:?}", a.headline);
    assert!(a.subheadline.as_deref().is_some_and(|s| s.contains("哈马斯")), "{:?}", a.subheadline);
}
