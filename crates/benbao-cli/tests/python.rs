//! The Python package (`python/`), as a user installs it: a fresh venv,
//! `pip install ./python` (the README's command), then `pytest python/tests`
//! against this build's `benbao` binary. Skipped, saying why, when there is
//! no Python with venv; with `BENBAO_REQUIRE_PYTHON=1` (set by `.ci/run`)
//! that is a failure instead. With Java on the PATH (or
//! `BENBAO_REQUIRE_SPARK=1`) pyspark is installed too and the Spark job's
//! tests run in local mode (python/tests/test_spark.py).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use common::TempDir;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn required() -> bool {
    std::env::var("BENBAO_REQUIRE_PYTHON").is_ok_and(|v| v == "1")
}

/// A command with the variables cargo sets for this test taken away (the
/// package's own cargo build must not see them).
fn clean(mut c: Command) -> Command {
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().into_owned();
        if k.starts_with("CARGO_PKG_") || k.starts_with("CARGO_BIN_EXE_") || matches!(k.as_str(), "CARGO_MANIFEST_DIR" | "CARGO_CRATE_NAME" | "CARGO_PRIMARY_PACKAGE" | "CARGO_TARGET_TMPDIR" | "CARGO_MANIFEST_PATH") {
            c.env_remove(&k);
        }
    }
    c
}

fn run(c: &mut Command, what: &str) -> String {
    let out = c.stdin(Stdio::null()).output().unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{what} failed ({}):\n{text}", out.status);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn python_package_installs_and_passes_its_tests() {
    let python = std::env::var("BENBAO_PYTHON").unwrap_or_else(|_| "python3".into());
    let tmp = TempDir::new("python");
    let venv = tmp.0.join("venv");
    // a Python that can make a venv with pip in it, else skip (or fail in CI)
    let made = Command::new(&python).args(["-m", "venv"]).arg(&venv).stdin(Stdio::null()).output();
    let problem = match &made {
        Err(e) => Some(format!("{python}: {e}")),
        Ok(o) if !o.status.success() => Some(format!("{python} -m venv: {}", String::from_utf8_lossy(&o.stderr).trim())),
        Ok(_) => None,
    };
    if let Some(p) = problem {
        assert!(!required(), "BENBAO_REQUIRE_PYTHON=1 but no Python venv: {p} (install python3 and python3-venv)");
        eprintln!("skipped: no Python venv ({p}); install python3 and python3-venv to run the Python package's tests");
        return;
    }
    let py = venv.join("bin/python");
    let root = root();
    let t = Instant::now();
    run(clean(Command::new(&py)).current_dir(&root).args(["-m", "pip", "install", "--quiet", "./python"]), "pip install ./python");
    eprintln!("python: pip install ./python took {:.0} s", t.elapsed().as_secs_f64());
    // what the tests use besides the package: pandas, polars and DuckDB for the tables, pyspark for the Spark job
    let spark = std::env::var("BENBAO_REQUIRE_SPARK").is_ok_and(|v| v == "1")
        || Command::new("java").arg("-version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    let mut extra = vec!["pytest", "pandas<3", "polars", "duckdb"];
    if spark {
        extra.push("pyspark>=4,<5");
    } else {
        eprintln!("python: no java on the PATH: the Spark job's tests will be skipped");
    }
    let t = Instant::now();
    run(Command::new(&py).args(["-m", "pip", "install", "--quiet"]).args(&extra), "pip install pytest pandas polars duckdb pyspark");
    eprintln!("python: pip install {} took {:.0} s", extra.join(" "), t.elapsed().as_secs_f64());
    // the README's one-liner, from the repository's root
    let n = run(
        Command::new(&py).current_dir(&root).args([
            "-c",
            "import benbao; print(len(benbao.parse('samples/zhengzhou-gaoxin-2022-02.txt', date='2022-02')['articles']))",
        ]),
        "python -c 'import benbao; ...'",
    );
    assert_eq!(n.trim(), "6");
    // the suite, on the installed package (not the source folder: -p no:cacheprovider keeps the tree clean)
    let t = Instant::now();
    let out = Command::new(&py)
        .current_dir(tmp.0.as_path())
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir"])
        .arg(root.join("python/tests"))
        .arg(root.join("python/tests"))
        .env("BENBAO_BIN", env!("CARGO_BIN_EXE_benbao"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    eprintln!("{text}");
    eprintln!("python: pytest python/tests took {:.0} s", t.elapsed().as_secs_f64());
    assert!(out.status.success(), "pytest python/tests failed ({})", out.status);
    assert!(text.contains(" passed"), "pytest ran no test:\n{text}");
}
