//! `benbao bench`: speed and memory of the parser (filled in below).
use std::process::ExitCode;
pub fn run(_args: Vec<std::ffi::OsString>) -> Result<ExitCode, String> {
    Err("bench: not built yet".into())
}
