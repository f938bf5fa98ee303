//! What to ingest: files, folders (recursive, every page kind: `*.txt`,
//! `*.pdf`, `*.png`, `*.jpg`, `*.tif`) and globs; and what a
//! path tells about its page (publication date, paper).

use std::fs;
use std::path::{Path, PathBuf};

use benbao::PageDate;

/// A file to ingest, with what its path says.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    pub date: Option<PageDate>,
    pub paper: Option<String>,
    /// The paper's home locality (for jurisdictions).
    pub home: Option<benbao_extract::Jurisdiction>,
    /// The script scans are read in.
    pub script: benbao::Script,
}

/// Expands the command-line paths into files, in a stable order. Paths that
/// name nothing (or globs that match nothing) come back as `(path, problem)`.
pub fn expand(args: &[String]) -> (Vec<PathBuf>, Vec<(String, String)>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for a in args {
        let p = Path::new(a);
        match fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let before = files.len();
                walk(p, &mut files, &mut problems);
                if files.len() == before {
                    problems.push((a.clone(), "no page files (.txt, .pdf, .png, .jpg, .tif) in this folder".to_string()));
                }
            }
            Ok(_) => files.push(p.to_path_buf()),
            Err(e) if has_glob(a) => {
                let _ = e;
                let mut matched = Vec::new();
                glob(a, &mut matched);
                if matched.is_empty() {
                    problems.push((a.clone(), "no file matches this pattern".to_string()));
                }
                matched.sort();
                for m in matched {
                    if m.is_dir() {
                        walk(&m, &mut files, &mut problems);
                    } else {
                        files.push(m);
                    }
                }
            }
            Err(e) => problems.push((a.clone(), io_problem(&e))),
        }
    }
    // the same file named twice (a folder and a glob inside it) is read once
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    (files, problems)
}

pub use benbao_layout::page_file::io_problem;

/// Why a symbolic link cannot be followed.
fn link_problem(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        "broken symbolic link: what it points to does not exist".to_string()
    } else if e.raw_os_error() == Some(40) {
        // ELOOP
        "symbolic link loop: the link leads back to itself".to_string()
    } else {
        format!("symbolic link cannot be followed: {}", io_problem(e))
    }
}

fn has_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

fn hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// Every page file under a folder, sorted by path; hidden entries and
/// symlinked folders are not followed.
fn walk(dir: &Path, out: &mut Vec<PathBuf>, problems: &mut Vec<(String, String)>) {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            problems.push((dir.display().to_string(), io_problem(&e)));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok()).filter(|e| !hidden(&e.file_name())).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let Ok(lm) = fs::symlink_metadata(&p) else { continue };
        if lm.is_dir() {
            walk(&p, out, problems);
        } else if benbao_layout::page_file::is_page_file(&p) {
            match fs::metadata(&p) {
                Ok(m) if m.is_file() => out.push(p),
                Ok(_) => {}
                // a link that leads nowhere is said, not passed over
                Err(e) if lm.is_symlink() => problems.push((p.display().to_string(), link_problem(&e))),
                Err(e) => problems.push((p.display().to_string(), io_problem(&e))),
            }
        }
    }
}

/// Expands a glob pattern: `*`, `?`, `[abc]`, `[a-z]`, `[!x]` within one path
/// component, `**` for any number of folders.
fn glob(pattern: &str, out: &mut Vec<PathBuf>) {
    let (root, rest) = if let Some(r) = pattern.strip_prefix('/') { (PathBuf::from("/"), r) } else { (PathBuf::new(), pattern) };
    let comps: Vec<&str> = rest.split('/').filter(|c| !c.is_empty() && *c != ".").collect();
    glob_rec(&root, &comps, out);
}

fn glob_rec(base: &Path, comps: &[&str], out: &mut Vec<PathBuf>) {
    let Some((first, rest)) = comps.split_first() else {
        if !base.as_os_str().is_empty() {
            out.push(base.to_path_buf());
        }
        return;
    };
    let dir = if base.as_os_str().is_empty() { Path::new(".") } else { base };
    if *first == "**" {
        glob_rec(base, rest, out);
        if let Ok(rd) = fs::read_dir(dir) {
            let mut subs: Vec<PathBuf> = rd
                .filter_map(|e| e.ok())
                .filter(|e| !hidden(&e.file_name()) && e.file_type().map(|t| t.is_dir()).unwrap_or(false))
                .map(|e| base.join(e.file_name()))
                .collect();
            subs.sort();
            for s in subs {
                glob_rec(&s, comps, out);
            }
        }
        return;
    }
    if !has_glob(first) {
        let next = base.join(first);
        if rest.is_empty() {
            if next.exists() {
                out.push(next);
            }
        } else if next.is_dir() {
            glob_rec(&next, rest, out);
        }
        return;
    }
    let pat: Vec<char> = first.chars().collect();
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut names: Vec<String> = rd.filter_map(|e| e.ok()).filter_map(|e| e.file_name().into_string().ok()).collect();
    names.sort();
    for n in names {
        if n.starts_with('.') && !first.starts_with('.') {
            continue;
        }
        let nc: Vec<char> = n.chars().collect();
        if wildcard(&pat, &nc) {
            let next = base.join(&n);
            if rest.is_empty() {
                out.push(next);
            } else if next.is_dir() {
                glob_rec(&next, rest, out);
            }
        }
    }
}

/// Matches one path component against a wildcard pattern.
pub fn wildcard(p: &[char], s: &[char]) -> bool {
    // iterative with backtracking to the last star
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi, si));
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    si += 1;
                    continue;
                }
                '[' => {
                    if let Some((ok, len)) = class(&p[pi..], s[si]) {
                        if ok {
                            pi += len;
                            si += 1;
                            continue;
                        }
                    } else if s[si] == '[' {
                        pi += 1;
                        si += 1;
                        continue;
                    }
                }
                c if c == s[si] => {
                    pi += 1;
                    si += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, ss)) => {
                pi = sp + 1;
                si = ss + 1;
                star = Some((sp, ss + 1));
            }
            None => return false,
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// A `[...]` class at the start of `p`: (does `c` match, pattern length), or None if unclosed.
fn class(p: &[char], c: char) -> Option<(bool, usize)> {
    let mut i = 1;
    let neg = matches!(p.get(1), Some('!' | '^'));
    if neg {
        i += 1;
    }
    let mut hit = false;
    let mut first = true;
    while i < p.len() {
        if p[i] == ']' && !first {
            return Some((hit != neg, i + 1));
        }
        first = false;
        if i + 2 < p.len() && p[i + 1] == '-' && p[i + 2] != ']' {
            if p[i] <= c && c <= p[i + 2] {
                hit = true;
            }
            i += 3;
        } else {
            if p[i] == c {
                hit = true;
            }
            i += 1;
        }
    }
    None
}

/// A date in a path: the last `YYYY-MM-DD` (also with `_`, `.` or `/`
/// between the parts) or `YYYYMMDD` that is a valid date, with its byte
/// range in the string.
pub fn date_in(s: &str) -> Option<(PageDate, usize, usize)> {
    let b = s.as_bytes();
    let mut found = None;
    let digit = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_digit());
    let num = |from: usize, len: usize| -> u32 { s[from..from + len].parse().unwrap_or(0) };
    let mut i = 0;
    while i + 8 <= b.len() {
        if (i == 0 || !digit(i - 1)) && (0..4).all(|k| digit(i + k)) {
            let year = num(i, 4);
            let try_at = |m_at: usize, d_at: usize, end: usize| -> Option<(PageDate, usize, usize)> {
                if !(digit(m_at) && digit(m_at + 1) && digit(d_at) && digit(d_at + 1)) || digit(end) {
                    return None;
                }
                let (m, d) = (num(m_at, 2), num(d_at, 2));
                if !(1800..=2200).contains(&year) || !(1..=12).contains(&m) || d < 1 || d > benbao::page::days_in_month(year as i32, m) {
                    return None;
                }
                Some((PageDate { year: Some(year as i32), month: Some(m), day: Some(d) }, i, end))
            };
            let sep = b.get(i + 4).copied();
            let hit = if matches!(sep, Some(b'-' | b'_' | b'.' | b'/')) && b.get(i + 7).copied() == sep {
                try_at(i + 5, i + 8, i + 10)
            } else {
                try_at(i + 4, i + 6, i + 8)
            };
            if let Some(h) = hit {
                i = h.2;
                found = Some(h);
                continue;
            }
        }
        i += 1;
    }
    found.or_else(|| month_in(s))
}

/// `YYYY-MM` (or `YYYY_MM`) standing alone, for pages whose day is not known
/// (`zhengzhou-gaoxin-2022-02.txt`): the last one in the path.
fn month_in(s: &str) -> Option<(PageDate, usize, usize)> {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_digit());
    let mut found = None;
    for i in 0..b.len().saturating_sub(6) {
        if (i > 0 && digit(i - 1)) || !(0..4).all(|k| digit(i + k)) || !matches!(b[i + 4], b'-' | b'_') {
            continue;
        }
        if !(digit(i + 5) && digit(i + 6)) || digit(i + 7) {
            continue;
        }
        let (year, m): (u32, u32) = (s[i..i + 4].parse().unwrap_or(0), s[i + 5..i + 7].parse().unwrap_or(0));
        if (1800..=2200).contains(&year) && (1..=12).contains(&m) {
            found = Some((PageDate { year: Some(year as i32), month: Some(m), day: None }, i, i + 7));
        }
    }
    found
}

/// The date and paper a path names. The paper is the folder right above the
/// path component that holds the date (`zzgx/2022-02-14/02.txt` → `zzgx`),
/// or the name before the date in that component (`zzgx_20220214_02.txt`).
pub fn describe(path: &Path) -> (Option<PageDate>, Option<String>) {
    let s = path.to_string_lossy();
    let Some((date, from, to)) = date_in(&s) else { return (None, None) };
    // the component holding the date's start
    let comp_start = s[..from].rfind('/').map_or(0, |k| k + 1);
    let comp_end = s[to..].find('/').map_or(s.len(), |k| to + k);
    let prefix = s[comp_start..from].trim_end_matches(['-', '_', '.', ' ']);
    let paper = if !prefix.is_empty() && !prefix.chars().all(|c| c.is_ascii_digit()) {
        Some(prefix.to_string())
    } else if comp_start > 0 {
        let parent = &s[..comp_start - 1];
        let name = parent.rsplit('/').next().unwrap_or("");
        (!name.is_empty() && name != "." && name != ".." && date_in(name).is_none()).then(|| name.to_string())
    } else {
        None
    };
    let _ = comp_end;
    (Some(date), paper)
}


#[cfg(test)]
mod tests {
    use super::*;

    fn ds(p: &str) -> (Option<String>, Option<String>) {
        let (d, paper) = describe(Path::new(p));
        (d.and_then(|d| d.iso()), paper)
    }

    #[test]
    fn dates_and_papers_from_paths() {
        assert_eq!(ds("2022-02-14/02.txt"), (Some("2022-02-14".into()), None));
        assert_eq!(ds("zzgx/2022-02-14/02.txt"), (Some("2022-02-14".into()), Some("zzgx".into())));
        assert_eq!(ds("/data/zzgx/20220214/02.txt"), (Some("2022-02-14".into()), Some("zzgx".into())));
        assert_eq!(ds("in/zzgx_20220214_02.txt"), (Some("2022-02-14".into()), Some("zzgx".into())));
        assert_eq!(ds("x/2022/02/14/02.txt"), (Some("2022-02-14".into()), Some("x".into())));
        assert_eq!(ds("pages/0001.txt"), (None, None));
        assert_eq!(ds("samples/zhengzhou-gaoxin-2022-02.txt"), (Some("2022-02".into()), Some("zhengzhou-gaoxin".into())));
        assert_eq!(ds("zzgx/2022-02/01.txt"), (Some("2022-02".into()), Some("zzgx".into())));
        assert_eq!(ds("p/2022-13/01.txt"), (None, None));
        assert_eq!(ds("pages/20221399.txt"), (None, None));
        assert_eq!(ds("p/123456789/0001.txt"), (None, None));
    }

    #[test]
    fn wildcards() {
        let w = |p: &str, s: &str| wildcard(&p.chars().collect::<Vec<_>>(), &s.chars().collect::<Vec<_>>());
        assert!(w("*.txt", "02.txt"));
        assert!(!w("*.txt", "02.json"));
        assert!(w("0?.txt", "02.txt"));
        assert!(w("[0-1]*", "1a"));
        assert!(!w("[!0-1]*", "1a"));
        assert!(w("a*b*c", "aXXbYYc"));
        assert!(!w("a*b*c", "aXXbYY"));
    }
}
