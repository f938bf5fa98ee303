//! What to ingest: files, folders (recursive, every page kind: `*.txt`,
//! `*.pdf`, `*.png`, `*.jpg`, `*.tif`) and globs; and what a
//! path tells about its page (publication date, paper).

use std::fs;
use std::path::{Path, PathBuf};

use benbao::PageDate;

/// A file to ingest, with what its path says.
#[derive(Debug, Clone)]
pub struct Input {
    /// The page file.
    pub path: PathBuf,
    /// The publication date its path (or `--date`) gives; None if neither does.
    pub date: Option<PageDate>,
    /// The paper its path (or `--paper`) names, e.g. `zzgx` in `zzgx/2022-02-14/01.txt`.
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
    let entries = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_entry(|e| e.depth() == 0 || !hidden(e.file_name()));
    for e in entries {
        let e = match e {
            Ok(e) => e,
            Err(err) => {
                let at = err.path().unwrap_or(dir).display().to_string();
                problems.push((at, err.io_error().map_or_else(|| err.to_string(), io_problem)));
                continue;
            }
        };
        let p = e.path();
        if e.file_type().is_dir() || !benbao_layout::page_file::is_page_file(p) {
            continue;
        }
        match fs::metadata(p) {
            Ok(m) if m.is_file() => out.push(p.to_path_buf()),
            Ok(_) => {}
            // a link that leads nowhere is said, not passed over
            Err(err) if e.path_is_symlink() => problems.push((p.display().to_string(), link_problem(&err))),
            Err(err) => problems.push((p.display().to_string(), io_problem(&err))),
        }
    }
}

/// Expands a glob pattern (globset's syntax: `*`, `?`, `[abc]`, `[a-z]`,
/// `[!x]` within one path component, `**` for any number of folders), in
/// path order. Hidden entries match only a pattern that names them (`.x*`).
fn glob(pattern: &str, out: &mut Vec<PathBuf>) {
    // empty and `.` components say nothing (`.//a/*.txt`, `a/./b/*`, a trailing `/`)
    let comps: Vec<&str> = pattern.split('/').filter(|c| !c.is_empty() && *c != ".").collect();
    if comps.is_empty() {
        return;
    }
    let pattern = format!("{}{}", if pattern.starts_with('/') { "/" } else { "" }, comps.join("/"));
    // braces and backslashes are printed as they are (folder names may hold them), not alternatives or escapes
    let literal = pattern.replace('{', "[{]").replace('}', "[}]");
    let Ok(g) = globset::GlobBuilder::new(&literal).literal_separator(true).backslash_escape(false).build() else { return };
    let m = g.compile_matcher();
    // the folder the pattern's literal components lead to, and how deep below it a match can be
    let fixed = comps.iter().take_while(|c| !has_glob(c)).count().min(comps.len() - 1);
    let mut root: PathBuf = comps[..fixed].iter().collect();
    if pattern.starts_with('/') {
        root = Path::new("/").join(root);
    }
    let depth = if comps[fixed..].contains(&"**") { usize::MAX } else { comps.len() - fixed };
    let show_hidden = comps[fixed..].iter().any(|c| c.starts_with('.'));
    let relative = root.as_os_str().is_empty();
    // symlinked folders are followed, as a path typed out would be (walkdir reports loops, which are skipped)
    let walk = walkdir::WalkDir::new(if relative { Path::new(".") } else { &root }).sort_by_file_name().follow_links(true).min_depth(1).max_depth(depth);
    for e in walk.into_iter().filter_entry(|e| e.depth() == 0 || show_hidden || !hidden(e.file_name())).filter_map(Result::ok) {
        let p = if relative { e.path().strip_prefix(".").unwrap_or(e.path()) } else { e.path() };
        if m.is_match(p) {
            out.push(p.to_path_buf());
        }
    }
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
    fn globs_match_within_a_folder_or_across_with_double_star() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        for f in ["p/2023-01/01.txt", "p/2023-01/02.txt", "p/2023-02/01.txt", "p/2024-01/01.txt", "p/.hidden/01.txt", "q/1a.txt", "q/x/2b.txt"] {
            fs::create_dir_all(r.join(f).parent().unwrap()).unwrap();
            fs::write(r.join(f), "x").unwrap();
        }
        let g = |pat: &str| {
            let mut out = Vec::new();
            glob(&format!("{}/{pat}", r.display()), &mut out);
            out.iter().map(|p| p.strip_prefix(r).unwrap().to_string_lossy().into_owned()).collect::<Vec<_>>()
        };
        assert_eq!(g("p/2023-*/*.txt"), ["p/2023-01/01.txt", "p/2023-01/02.txt", "p/2023-02/01.txt"]);
        assert_eq!(g("p/*/0?.txt").len(), 4, "hidden folders are not matched by *");
        assert_eq!(g("p/.h*/*.txt"), ["p/.hidden/01.txt"]);
        assert_eq!(g("q/[0-1]*.txt"), ["q/1a.txt"]);
        assert_eq!(g("q/[!0-1]*"), ["q/x"]);
        assert_eq!(g("q/**/*.txt"), ["q/1a.txt", "q/x/2b.txt"]);
        assert!(g("q/*.json").is_empty());
        assert_eq!(g("q//x/./*.txt"), ["q/x/2b.txt"], "empty and . components say nothing");
        fs::create_dir_all(r.join("{old}")).unwrap();
        fs::write(r.join("{old}/3c.txt"), "x").unwrap();
        assert_eq!(g("{old}/*.txt"), ["{old}/3c.txt"], "braces are printed as they are");
    }
}
