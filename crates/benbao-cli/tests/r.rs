//! The exports in R, as a researcher loads them: the bundled samples
//! ingested, every table exported as CSV (with and without a BOM), JSONL and
//! Stata .dta, then `tools/check_export.R` reads them with `read.csv`,
//! `jsonlite::stream_in` and readstata13's `read.dta13` and checks that they
//! agree row for row and cell for cell. Skipped, saying why, without Rscript
//! and those packages (Debian's r-base-core, r-cran-readstata13,
//! r-cran-jsonlite); with `BENBAO_REQUIRE_R=1` (set by `.ci/run`) that is a
//! failure instead. pandas reads the same files in python/tests/test_archive.py.

mod common;

use std::path::Path;
use std::process::Command;

use common::{bin, TempDir};

const TABLES: [&str; 8] = ["articles", "people", "events", "directives", "spells", "dyads", "dyad-counts", "panel"];

/// Why R cannot run the check, if it cannot.
fn no_r() -> Option<String> {
    let probe = Command::new("Rscript").args(["-e", "library(readstata13); library(jsonlite)"]).output();
    match probe {
        Err(e) => Some(format!("Rscript: {e}")),
        Ok(o) if !o.status.success() => Some(String::from_utf8_lossy(&o.stderr).trim().to_string()),
        Ok(_) => None,
    }
}

#[test]
fn every_export_reads_back_the_same_in_r() {
    if let Some(why) = no_r() {
        let required = std::env::var("BENBAO_REQUIRE_R").is_ok_and(|v| v == "1");
        assert!(!required, "BENBAO_REQUIRE_R=1 but R cannot run the check: {why} (install r-base-core r-cran-readstata13 r-cran-jsonlite)");
        eprintln!("skipped: {why}; install r-base-core, r-cran-readstata13 and r-cran-jsonlite to read the exports in R");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let tmp = TempDir::new("r");
    let archive = tmp.0.join("archive");
    let o = bin().args(["ingest", "--archive"]).arg(&archive).arg(root.join("samples")).output().unwrap();
    assert!(o.status.success(), "ingest: {}", String::from_utf8_lossy(&o.stderr));
    let out = tmp.0.join("out");
    std::fs::create_dir_all(&out).unwrap();
    for t in TABLES {
        for (file, extra) in [(format!("{t}.csv"), None), (format!("{t}.bom.csv"), Some("--bom")), (format!("{t}.jsonl"), None), (format!("{t}.dta"), None)] {
            let mut c = bin();
            c.args(["export", "--what", t, "--archive"]).arg(&archive).arg("-o").arg(out.join(&file));
            c.args(extra);
            let o = c.output().unwrap();
            assert!(o.status.success(), "export {file}: {}", String::from_utf8_lossy(&o.stderr));
        }
    }
    let o = Command::new("Rscript").arg(root.join("tools/check_export.R")).arg(&out).output().unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(o.status.success(), "tools/check_export.R: {said}");
    for t in TABLES {
        let line = said.lines().find(|l| l.starts_with(&format!("{t}: "))).unwrap_or_else(|| panic!("no line for {t}:\n{said}"));
        assert!(line.ends_with("csv, csv with BOM, jsonl and dta agree"), "{line}");
    }
    // the seed's three study visits reach R as three rows
    assert!(said.contains("dyads: 3 rows"), "{said}");
}
