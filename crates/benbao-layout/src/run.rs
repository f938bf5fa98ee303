//! External tools (poppler, Tesseract) run as subprocesses, each with a time limit:
//! a tool that hangs is killed and reported, never waited on forever.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::Error;

/// What a finished tool printed.
pub struct Output {
    /// Everything it wrote to standard output, as bytes.
    pub stdout: Vec<u8>,
    /// Its standard error (the first 64 KiB), decoded lossily as UTF-8 and trimmed.
    pub stderr: String,
    /// It exited with status 0.
    pub success: bool,
}

/// Is `tool` on the PATH?
pub fn have(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()))
}

/// Runs `tool args…`, collecting its output; kills it after `limit`.
pub fn run(tool: &str, args: &[&str], limit: Duration) -> Result<Output, Error> {
    run_env(tool, args, &[], limit)
}

/// [`run`] with extra environment variables.
pub fn run_env(tool: &str, args: &[&str], env: &[(&str, &str)], limit: Duration) -> Result<Output, Error> {
    let mut child = Command::new(tool)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::ToolMissing { tool: tool.to_string(), install: install_hint(tool) }
            } else {
                Error::ToolStart { tool: tool.to_string(), source: e }
            }
        })?;
    let mut out = child.stdout.take().unwrap();
    let err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.take(64 * 1024).read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let mut nap = Duration::from_micros(200);
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) => {
                if start.elapsed() > limit {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(Error::Timeout { tool: tool.to_string(), limit });
                }
                std::thread::sleep(nap);
                nap = (nap * 2).min(Duration::from_millis(20));
            }
            Err(e) => return Err(Error::ToolStart { tool: tool.to_string(), source: e }),
        }
    };
    let stdout = t_out.join().unwrap_or_default();
    let stderr = String::from_utf8_lossy(&t_err.join().unwrap_or_default()).trim().to_string();
    Ok(Output { stdout, stderr, success: status.success() })
}

/// The command that installs `tool`: Tesseract with its simplified Chinese
/// model for `tesseract`, poppler-utils for anything else.
pub fn install_hint(tool: &str) -> &'static str {
    match tool {
        "tesseract" => "apt-get install tesseract-ocr tesseract-ocr-chi-sim",
        _ => "apt-get install poppler-utils",
    }
}

/// A private scratch folder, removed when dropped.
pub struct Scratch {
    /// The folder, under the system's temporary folder; unique to this process and call.
    pub path: std::path::PathBuf,
}

impl Scratch {
    /// Makes a new, empty scratch folder; fails with [`Error::Scratch`] when it cannot be made.
    pub fn new() -> Result<Scratch, Error> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let path = std::env::temp_dir().join(format!(
            "benbao-layout-{}-{}-{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).map_err(|e| Error::Scratch { path: path.clone(), source: e })?;
        Ok(Scratch { path })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tool_that_hangs_is_stopped() {
        if !have("sleep") {
            return;
        }
        let t = Instant::now();
        let e = run("sleep", &["30"], Duration::from_millis(300)).err().unwrap();
        assert!(matches!(e, Error::Timeout { .. }) && e.to_string().contains("did not finish"), "{e}");
        assert!(t.elapsed() < Duration::from_secs(5));
        let e = run("benbao-no-such-tool", &[], Duration::from_secs(1)).err().unwrap();
        assert!(matches!(e, Error::ToolMissing { .. }) && e.to_string().contains("not installed"), "{e}");
    }
}
