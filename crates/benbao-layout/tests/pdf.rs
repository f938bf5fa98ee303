//! Two real e-paper pages (tests/fixtures/pdf, from the PDF dev set) read end
//! to end through poppler and compared with their gold field by field; and the
//! files that are not pages: encrypted, broken, empty, not PDF at all.
//! Tests that need `pdftotext` print a notice and pass when it is missing.

use benbao::{Options, PageDate};
use serde_json::Value;

fn fixture(name: &str) -> String {
    format!("{}/../../tests/fixtures/pdf/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn have_poppler() -> bool {
    let ok = benbao_layout::run::have("pdftotext") && benbao_layout::run::have("pdfinfo");
    if !ok {
        eprintln!("NOTICE: pdftotext/pdfinfo not installed (apt-get install poppler-utils): PDF test skipped");
    }
    ok
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
}

fn nospace(s: Option<&str>) -> Option<String> {
    s.map(|t| t.chars().filter(|c| !c.is_whitespace()).collect())
}

fn page_matches_gold(stem: &str) {
    if !have_poppler() {
        return;
    }
    let gold: Value = serde_json::from_str(&std::fs::read_to_string(fixture(&format!("{stem}.gold.json"))).unwrap()).unwrap();
    let date = PageDate::parse(gold["date"].as_str().unwrap()).unwrap();
    let (arts, warnings) = benbao_layout::parse_file(&fixture(&format!("{stem}.pdf")), &Options { date, ..Default::default() }).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let golds = gold["articles"].as_array().unwrap();
    assert_eq!(arts.len(), golds.len(), "article count");
    for g in golds {
        let head = nospace(g["headline"].as_str());
        let a = arts.iter().find(|a| nospace(a.headline.as_deref()) == head).unwrap_or_else(|| panic!("no article {head:?}"));
        assert_eq!(a.kicker.as_deref(), g["kicker"].as_str(), "{head:?} kicker");
        assert_eq!(a.dateline.as_deref(), g["dateline"].as_str(), "{head:?} dateline");
        if let Some(d) = g["date"].as_str() {
            // null in gold: not annotated
            assert_eq!(a.date.as_deref(), Some(d), "{head:?} date");
        }
        assert_eq!(a.paragraphs, strs(&g["paragraphs"]), "{head:?} paragraphs");
        assert_eq!(a.byline.reporters, strs(&g["byline"]["reporters"]), "{head:?} reporters");
        assert_eq!(a.byline.correspondents, strs(&g["byline"]["correspondents"]), "{head:?} correspondents");
        assert_eq!(a.byline.photo, g["byline"]["photo"].as_bool().unwrap(), "{head:?} photo");
        assert_eq!(a.page, 1);
    }
}

#[test]
fn four_column_page_matches_gold() {
    page_matches_gold("0001");
}

#[test]
fn six_column_page_with_stacked_articles_matches_gold() {
    page_matches_gold("0025");
}

#[test]
fn page_header_and_footer_are_furniture_and_date_the_page() {
    if !have_poppler() {
        return;
    }
    // without --date, the date printed in the page header is the page's date
    let p = benbao_layout::read_file(&fixture("0001.pdf"), &Options::default()).unwrap();
    assert_eq!(p.kind, "PDF");
    assert_eq!(p.pages, 1);
    let header: Vec<&str> = p.furniture.iter().filter(|f| f.kind == benbao::FurnitureKind::Header).map(|f| f.text.as_str()).collect();
    assert!(header.iter().any(|t| t.contains("第8版")), "{header:?}");
    assert!(p.articles.iter().all(|a| a.paragraphs.iter().all(|t| !t.contains("清河晚报"))));
}

fn scratch(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("benbao-layout-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

/// A PDF whose standard security handler rejects the empty password.
fn encrypted_pdf() -> Vec<u8> {
    let objs: [String; 4] = [
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>".into(),
        format!("<< /Filter /Standard /V 1 /R 2 /O <{}> /U <{}> /P -4 >>", "41".repeat(32), "42".repeat(32)),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offs = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offs.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).bytes());
    for o in offs {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    let id = "00112233445566778899aabbccddeeff";
    out.extend(format!("trailer\n<< /Size {} /Root 1 0 R /Encrypt 4 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1).bytes());
    out
}

#[test]
fn encrypted_pdf_is_an_error_in_words() {
    if !have_poppler() {
        return;
    }
    let p = scratch("locked.pdf", &encrypted_pdf());
    let e = benbao_layout::parse_file(&p, &Options::default()).unwrap_err();
    assert!(matches!(e, benbao_layout::Error::Encrypted) && e.to_string().contains("encrypted"), "{e}");
}

#[test]
fn broken_pdf_is_an_error_in_words() {
    if !have_poppler() {
        return;
    }
    let whole = std::fs::read(fixture("0001.pdf")).unwrap();
    let p = scratch("cut.pdf", &whole[..3000]);
    let e = benbao_layout::parse_file(&p, &Options::default()).unwrap_err();
    assert!(matches!(e, benbao_layout::Error::BadPdf(_)) && e.to_string().contains("PDF"), "{e}");
}

#[test]
fn files_that_are_not_pages() {
    let e = benbao_layout::parse_file(&scratch("empty.pdf", b""), &Options::default()).unwrap_err();
    assert!(matches!(e, benbao_layout::Error::NotAPage(_)) && e.to_string().contains("empty"), "{e}");
    let e = benbao_layout::parse_file(&scratch("text.pdf", "本报讯 这是文本。".as_bytes()), &Options::default()).unwrap_err();
    assert!(e.to_string().contains("not a PDF"), "{e}");
    let e = benbao_layout::parse_file(&scratch("text.png", b"GIF89a......"), &Options::default()).unwrap_err();
    assert!(e.to_string().contains("not a PNG"), "{e}");
    let e = benbao_layout::parse_file("/nonexistent/page.pdf", &Options::default()).unwrap_err();
    // the system's error is kept as the source
    assert!(matches!(&e, benbao_layout::Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound), "{e:?}");
    assert!(e.to_string().contains("no such file") && std::error::Error::source(&e).is_some(), "{e}");
}
