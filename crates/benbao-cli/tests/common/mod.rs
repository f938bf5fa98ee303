//! What the binary's test files share: the binary, and a temporary folder
//! removed when the test ends.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_benbao"))
}

/// A temporary folder: its path, and the guard that removes it when the test ends.
pub struct TempDir(pub PathBuf, tempfile::TempDir);

impl TempDir {
    /// A new folder named after the test file's `tag`.
    pub fn new(tag: &str) -> TempDir {
        let t = tempfile::Builder::new().prefix(&format!("benbao-cli-{tag}-")).tempdir().unwrap();
        TempDir(t.path().to_path_buf(), t)
    }

    /// Writes a file inside the folder (and the folders on its way).
    pub fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

