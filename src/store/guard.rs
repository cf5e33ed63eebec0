//! Outputs never land on inputs: one check, made by every command that
//! writes before it does any work, refuses an output inside a year's data
//! (its TOML files, `units/`, `centres/`, `received/`, the lock and journal)
//! and a folder where a file is expected (or a file where a folder is).

use std::path::{Component, Path, PathBuf};

use super::open::DATA_DIRS;
use crate::error::{Error, Result};

/// What the output is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    File,
    Dir,
}

/// Refuses `out` if it would write into the data of any of `years`.
/// Every year folder is known, not only those the command opens: any folder on the
/// output's way holding `packet.toml` is a year; a folder whose direct children include
/// a year is refused as an output folder. An output that exists must be a regular file
/// (or, expected so, a folder): never a pipe, a device or a socket.
pub fn output(out: &Path, expect: Expect, years: &[&Path]) -> Result<()> {
    match (expect, std::fs::metadata(out)) {
        (Expect::File, Ok(m)) if m.is_dir() => return Err(Error::OutputIsDir(out.to_path_buf())),
        (Expect::File, Ok(m)) if !m.is_file() => return Err(Error::OutputNotAFile(out.to_path_buf())),
        (Expect::Dir, Ok(m)) if !m.is_dir() => return Err(Error::OutputIsFile(out.to_path_buf())),
        _ => {}
    }
    let target = resolve(out);
    let mut all: Vec<PathBuf> = years.iter().map(|y| resolve(y)).collect();
    all.extend(target.ancestors().filter(|a| a.join(crate::store::PACKET).is_file()).map(Path::to_path_buf));
    for year_abs in &all {
        let Ok(inside) = target.strip_prefix(year_abs) else { continue };
        if is_data(inside, expect) {
            return Err(Error::OutputOnInput { output: out.to_path_buf(), year: year_abs.clone() });
        }
    }
    if expect == Expect::Dir
        && let Some(year) = std::fs::read_dir(out).into_iter().flatten().flatten().map(|e| e.path()).find(|p| p.join(crate::store::PACKET).is_file())
    {
        return Err(Error::OutputOnInput { output: out.to_path_buf(), year });
    }
    Ok(())
}

/// Whether a path relative to a year is (or is inside) its data.
fn is_data(inside: &Path, expect: Expect) -> bool {
    let parts: Vec<String> = inside.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    match parts.as_slice() {
        // The year folder itself: a file there would replace it; a folder is the year.
        [] => expect == Expect::File,
        [first, ..] if DATA_DIRS.contains(&first.as_str()) || first.starts_with(".shiryo") => true,
        [only] => only.to_ascii_lowercase().ends_with(".toml"),
        _ => false,
    }
}

/// An absolute path with symlinks of its existing part resolved and `..` applied,
/// for a path that may not exist yet.
fn resolve(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf())
    };
    // The longest existing ancestor, canonicalised; the rest appended.
    let mut base = abs.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    while !base.exists() {
        match (base.file_name().map(|n| n.to_os_string()), base.parent().map(Path::to_path_buf)) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                base = parent;
            }
            _ => break,
        }
    }
    let mut out = base.canonicalize().unwrap_or(base);
    for name in rest.into_iter().rev() {
        match Path::new(&name).components().next() {
            Some(Component::ParentDir) => {
                out.pop();
            }
            Some(Component::CurDir) => {}
            _ => out.push(name),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_of_a_year_is_refused_and_the_rest_allowed() {
        let tmp = tempfile::tempdir().unwrap();
        let y = tmp.path().join("2018");
        std::fs::create_dir_all(y.join("units")).unwrap();
        std::fs::write(y.join("units/桑名市.toml"), "").unwrap();
        let refused = |p: PathBuf, e: Expect| output(&p, e, &[&y]).is_err();
        assert!(refused(y.join("units/桑名市.toml"), Expect::File));
        assert!(refused(y.join("packet.toml"), Expect::File));
        assert!(refused(y.join("received"), Expect::Dir));
        assert!(refused(y.join("received/x"), Expect::Dir));
        assert!(refused(y.join("units/../units/a.pdf"), Expect::File));
        assert!(refused(y.clone(), Expect::File));
        assert!(refused(y.join("units"), Expect::File), "a folder where a file is expected");
        assert!(!refused(y.join("packet.pdf"), Expect::File));
        assert!(!refused(y.join("reports/取込結果.md"), Expect::File));
        assert!(!refused(tmp.path().join("out/x.pdf"), Expect::File));
        assert!(!refused(tmp.path().join("archive"), Expect::Dir));
    }
}
