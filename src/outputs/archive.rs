//! The fiscal-year archive: `<root>/<FY>/第N版/` holds the packet as
//! PDF/A-3u + PDF/UA-1 with the year's sources attached, the sources, the
//! templates and the fonts it was built with, and a manifest of SHA-256
//! hashes. A version is never overwritten; archiving identical inputs again
//! changes nothing. `verify` re-checks every hash and rebuilds the PDF from
//! the archive alone (its own templates and fonts, not the current ones).

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::outputs::pipeline::load_valid;
use crate::render::{self, Attachment, Extras, fonts, templates};
use crate::store::ledger::{Ledger, State};
use crate::model::era;
use crate::outputs::pdf;
use crate::store;

pub const MANIFEST: &str = "manifest.toml";
pub const PDF: &str = "packet.pdf";
const SOURCES: &str = "sources";
const TEMPLATES: &str = "templates";
const FONTS: &str = "fonts";
/// A version being written: a folder with this prefix beside the versions.
const TMP_PREFIX: &str = ".shiryo-archive-";

/// `manifest.toml` of one archived version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub shiryo: String,
    pub typst: String,
    pub fiscal_year: i32,
    /// 和暦, e.g. 平成30年度.
    pub era: String,
    pub meeting: String,
    /// 版: 1 for 第1版.
    pub version: u32,
    pub standards: Vec<String>,
    pub files: Vec<FileEntry>,
    /// The ledger's workbooks that are not attached (held, superseded, declined, rejected …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_attached: Vec<LedgerLine>,
}

/// A received workbook not attached to the archive, as the ledger has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerLine {
    pub original: String,
    pub name: String,
    pub sha256: String,
    pub state: State,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Path inside the version directory, `/`-separated.
    pub path: String,
    /// input, template, font or output.
    pub role: String,
    pub sha256: String,
}

#[derive(Debug)]
pub enum Archived {
    /// A new version was written.
    Created { dir: PathBuf, version: u32 },
    /// The latest version has the same inputs, templates and fonts: nothing written.
    Unchanged { dir: PathBuf, version: u32 },
}

/// What `verify` found.
#[derive(Debug)]
pub struct Verified {
    /// Files whose bytes no longer match the manifest (or are missing).
    pub mismatched: Vec<String>,
    pub rebuild: Rebuild,
    pub checked: usize,
}

/// Whether the PDF was rebuilt from the archive alone, and how it compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rebuild {
    Identical,
    Differs,
    /// A changed byte is already the verdict; a rebuild from changed sources proves nothing.
    NotAfterMismatch,
    /// Archived by another typst, which may lay out differently: not compared.
    OtherTypst { archived: String, current: String },
}

impl Verified {
    pub fn ok(&self) -> bool {
        self.mismatched.is_empty() && self.rebuild != Rebuild::Differs
    }
}

pub use crate::store::ledger::sha256;

pub fn typst_version() -> String {
    typst::syntax::package::PackageVersion::compiler().to_string()
}

/// The name of a version directory: 第1版, 第2版, …
pub fn version_dir(n: u32) -> String {
    format!("第{n}版")
}

/// Every input of a year directory, (path relative to it, bytes), sorted:
/// its TOML files, the ledger, and the workbooks the ledger says were applied,
/// each checked against its recorded hash. Nothing else under `received/`
/// (a memo, a leftover) is attached; links are not followed.
fn inputs(dir: &Path, ledger: &Ledger) -> Result<Vec<(String, Vec<u8>)>> {
    crate::store::open::check_links(dir)?;
    let mut out = Vec::new();
    for (sub, rel_prefix) in [(dir.to_path_buf(), ""), (dir.join(store::UNITS), "units/"), (dir.join(store::CENTRES), "centres/")] {
        for name in toml_files(&sub)? {
            let path = sub.join(&name);
            let bytes = fs::read(&path).map_err(|e| Error::io(&path, e))?;
            out.push((format!("{rel_prefix}{name}"), bytes));
        }
    }
    if Ledger::path(dir).is_file() {
        let path = Ledger::path(dir);
        out.push((Ledger::rel(), fs::read(&path).map_err(|e| Error::io(&path, e))?));
    }
    for e in ledger.workbooks.iter().filter(|e| e.state == State::Applied && !e.stored.is_empty()) {
        let path = dir.join(&e.stored);
        let bytes = fs::read(&path).map_err(|err| Error::io(&path, err))?;
        if sha256(&bytes) != e.sha256 {
            return Err(Error::Tampered { path, ledger: Ledger::path(dir) });
        }
        out.push((e.stored.clone(), bytes));
    }
    out.sort();
    Ok(out)
}

/// The names of the regular `*.toml` files directly in a folder (a missing folder has none).
fn toml_files(dir: &Path) -> Result<Vec<String>> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let file = entry.file_type().is_ok_and(|t| t.is_file());
        if name.ends_with(".toml") && !name.starts_with('.') {
            if !file {
                return Err(Error::Symlink(entry.path()));
            }
            names.push(name);
        }
    }
    Ok(names)
}

/// The ledger's workbooks that are not attached, for the manifest.
fn not_attached(ledger: &Ledger) -> Vec<LedgerLine> {
    ledger
        .workbooks
        .iter()
        .filter(|e| e.state != State::Applied)
        .map(|e| LedgerLine {
            original: e.original.clone(),
            name: e.name.clone(),
            sha256: e.sha256.clone(),
            state: e.state,
        })
        .collect()
}

/// Leftovers of an archive that was stopped half-way: removed under the root's lock.
pub fn clean(root: &Path) -> Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    for fy in fs::read_dir(root).into_iter().flatten().flatten() {
        for e in fs::read_dir(fy.path()).into_iter().flatten().flatten() {
            if e.file_name().to_string_lossy().starts_with(TMP_PREFIX) {
                crate::store::files::remove_dir_all(&e.path()).map_err(|err| Error::io(e.path(), err))?;
                removed.push(e.path());
            }
        }
    }
    Ok(removed)
}

/// Existing versions under a fiscal-year directory, ascending.
fn versions(fy_dir: &Path) -> Vec<u32> {
    let mut v: Vec<u32> = fs::read_dir(fy_dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_prefix('第')?.strip_suffix('版')?.parse().ok()
        })
        .collect();
    v.sort_unstable();
    v
}

/// Archives a year directory under `root/<FY>/`.
pub fn archive(year_dir: &Path, root: &Path, templates_dir: Option<&Path>) -> Result<Archived> {
    let (year, _) = load_valid(year_dir)?;
    let ledger = Ledger::load(year_dir)?;
    let inputs = inputs(year_dir, &ledger)?;
    let templates = templates::load(templates_dir)?;
    let fy_dir = root.join(year.packet.fiscal_year.to_string());

    // Everything that decides the PDF, with its hash: equal sets mean nothing to do.
    let mut files: Vec<(String, &'static str, Vec<u8>)> = Vec::new();
    files.extend(inputs.iter().map(|(p, b)| (format!("{SOURCES}/{p}"), "input", b.clone())));
    files.extend(templates.iter().map(|(n, t)| (format!("{TEMPLATES}/{n}"), "template", t.clone().into_bytes())));
    files.extend(fonts::FILES.iter().map(|(n, b)| (format!("{FONTS}/{n}"), "font", b.to_vec())));
    files.push((format!("{FONTS}/OFL.txt"), "font", include_bytes!("../../fonts/OFL.txt").to_vec()));
    let entries: Vec<FileEntry> =
        files.iter().map(|(p, r, b)| FileEntry { path: p.clone(), role: r.to_string(), sha256: sha256(b) }).collect();

    let existing = versions(&fy_dir);
    if let Some(&last) = existing.last() {
        let dir = fy_dir.join(version_dir(last));
        if let Ok(old) = read_manifest(&dir) {
            let old_inputs: Vec<&FileEntry> = old.files.iter().filter(|f| f.role != "output").collect();
            if old_inputs.len() == entries.len() && old_inputs.iter().zip(&entries).all(|(a, b)| **a == *b) {
                return Ok(Archived::Unchanged { dir, version: last });
            }
        }
    }
    let version = existing.last().copied().unwrap_or(0) + 1;

    let bytes = archival_pdf(&year, &templates, &inputs, fonts::store())?;

    let mut manifest = Manifest {
        shiryo: env!("CARGO_PKG_VERSION").into(),
        typst: typst_version(),
        fiscal_year: year.packet.fiscal_year,
        era: era::fiscal_year(year.packet.fiscal_year),
        meeting: year.packet.meeting.clone(),
        version,
        standards: pdf::ARCHIVAL.iter().map(|(n, _)| n.to_string()).collect(),
        files: entries,
        not_attached: not_attached(&ledger),
    };
    manifest.files.push(FileEntry { path: PDF.into(), role: "output".into(), sha256: sha256(&bytes) });

    let dir = fy_dir.join(version_dir(version));
    write_version(&fy_dir, &dir, &files, &bytes, &manifest)?;
    Ok(Archived::Created { dir, version })
}

/// Writes a version beside its final place and renames it: it exists whole or not at all.
fn write_version(fy_dir: &Path, dir: &Path, files: &[(String, &'static str, Vec<u8>)], pdf: &[u8], manifest: &Manifest) -> Result<()> {
    use crate::store::files as fsx;
    fsx::create_dir_all(fy_dir).map_err(|e| Error::io(fy_dir, e))?;
    // Made by hand, not by tempfile: a version's folder gets the umask's mode, not 0700.
    let tmp = fy_dir.join(format!("{TMP_PREFIX}{}", std::process::id()));
    let _ = fsx::remove_dir_all(&tmp);
    let text = store::to_canonical(manifest)?;
    let all = files.iter().map(|(p, _, b)| (p.as_str(), b.as_slice())).chain([(PDF, pdf), (MANIFEST, text.as_bytes())]);
    let written = (|| {
        for (p, b) in all {
            let path = tmp.join(p);
            if let Some(parent) = path.parent() {
                fsx::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            fsx::write_new(&path, b).map_err(|e| Error::io(&path, e))?;
        }
        fsx::rename(&tmp, dir).map_err(|e| Error::io(dir, e))
    })();
    if written.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    written
}

pub fn read_manifest(dir: &Path) -> Result<Manifest> {
    let path = dir.join(MANIFEST);
    let text = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    toml::from_str(&text).map_err(|e| Error::Toml { path, message: e.to_string() })
}

/// Verifies one archived version (`<root>/<FY>/第N版`), or the latest when
/// given the fiscal-year directory.
pub fn verify(dir: &Path) -> Result<Verified> {
    let dir = match versions(dir).last() {
        Some(&n) if !dir.join(MANIFEST).exists() => dir.join(version_dir(n)),
        _ => dir.to_path_buf(),
    };
    let manifest = read_manifest(&dir)?;
    let mismatched: Vec<String> = manifest
        .files
        .iter()
        .filter(|f| !fs::read(dir.join(&f.path)).is_ok_and(|b| sha256(&b) == f.sha256))
        .map(|f| f.path.clone())
        .collect();
    let rebuild = if !mismatched.is_empty() {
        Rebuild::NotAfterMismatch
    } else if manifest.typst != typst_version() {
        Rebuild::OtherTypst { archived: manifest.typst.clone(), current: typst_version() }
    } else if rebuild(&dir, &manifest).is_ok_and(|bytes| fs::read(dir.join(PDF)).is_ok_and(|archived| archived == bytes)) {
        Rebuild::Identical
    } else {
        Rebuild::Differs
    };
    Ok(Verified { mismatched, rebuild, checked: manifest.files.len() })
}

/// The PDF rebuilt from an archived version alone: its sources, templates and fonts.
fn rebuild(dir: &Path, manifest: &Manifest) -> Result<Vec<u8>> {
    let sources = dir.join(SOURCES);
    let (year, _) = load_valid(&sources)?;
    let templates = templates::load_only(&dir.join(TEMPLATES))?;
    let font_files: Vec<Vec<u8>> = manifest
        .files
        .iter()
        .filter(|f| f.role == "font" && f.path.ends_with(".ttf"))
        .map(|f| fs::read(dir.join(&f.path)).map_err(|e| Error::io(dir.join(&f.path), e)))
        .collect::<Result<_>>()?;
    // One store per verified archive: leaked, as the process ends soon after.
    let fonts: &'static _ = Box::leak(Box::new(fonts::from_files(font_files)));
    let inputs: Vec<(String, Vec<u8>)> = manifest
        .files
        .iter()
        .filter(|f| f.role == "input")
        .map(|f| {
            let bytes = fs::read(dir.join(&f.path)).map_err(|e| Error::io(dir.join(&f.path), e))?;
            Ok((f.path.strip_prefix(&format!("{SOURCES}/")).unwrap_or(&f.path).to_string(), bytes))
        })
        .collect::<Result<_>>()?;
    archival_pdf(&year, &templates, &inputs, fonts)
}

/// The packet as PDF/A-3u + PDF/UA-1 with `inputs` (path in the year, bytes) attached.
fn archival_pdf(
    year: &crate::model::Year,
    templates: &[(String, String)],
    inputs: &[(String, Vec<u8>)],
    fonts: &'static typst_kit::fonts::FontStore,
) -> Result<Vec<u8>> {
    let attachments: Vec<Attachment> = inputs
        .iter()
        .map(|(p, b)| Attachment {
            name: format!("{SOURCES}/{p}"),
            bytes: b.clone(),
            description: format!("{} {}: {p}", year.packet.material, era::fiscal_year(year.packet.fiscal_year)),
        })
        .collect();
    let doc = render::compile_with(year, templates, &Extras { attachments: &attachments, changes: None }, fonts)?;
    let standards: Vec<_> = pdf::ARCHIVAL.iter().map(|(_, s)| *s).collect();
    pdf::export_as(&doc, year, &standards)
}
