//! The Typst templates: embedded defaults, or a designer's directory given
//! with `--templates`. Only `*.typ` files directly in that directory are
//! read, so a template cannot reach files outside it.

use std::fs;
use std::path::Path;

use crate::error::{Error, Result};

/// The embedded default templates: (file name, source).
pub const DEFAULTS: [(&str, &str); 2] = [
    ("main.typ", include_str!("../../templates/main.typ")),
    ("lib.typ", include_str!("../../templates/lib.typ")),
];

/// The template files to compile with: the defaults, overridden file by file by `dir`.
pub fn load(dir: Option<&Path>) -> Result<Vec<(String, String)>> {
    let files: Vec<(String, String)> = DEFAULTS.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect();
    match dir {
        Some(dir) => overlay(files, dir),
        None => Ok(files),
    }
}

/// Exactly the templates of `dir` (an archive's own set), no defaults.
pub fn load_only(dir: &Path) -> Result<Vec<(String, String)>> {
    overlay(Vec::new(), dir)
}

fn overlay(mut files: Vec<(String, String)>, dir: &Path) -> Result<Vec<(String, String)>> {
    let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        if !name.ends_with(".typ") || !path.is_file() {
            continue;
        }
        let text = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        match files.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = text,
            None => files.push((name.to_string(), text)),
        }
    }
    files.sort();
    Ok(files)
}
