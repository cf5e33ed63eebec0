//! The fiscal-year archive: `<root>/<FY>/<survey key>/第N版/` holds the
//! packet as PDF/A-3u + PDF/UA-1 with the year's sources attached, the
//! sources, the templates and the fonts it was built with, and a manifest of
//! SHA-256 hashes and of the versions that decide the layout (data schema,
//! typst, [`render::LAYOUT_VERSION`]). A version is never overwritten;
//! archiving identical inputs again with the same versions changes nothing.
//! `verify` re-checks every hash, and rebuilds the PDF from the archive alone
//! (its own templates and fonts, not the current ones) when those versions are
//! today's.
//!
//! An earlier shiryo wrote versions straight under the fiscal year,
//! `<root>/<FY>/第N版/` (one survey a year): see [`surveys`] for how they are
//! still read.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::survey::SCHEMA;
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
/// The year as published (`publish`'s CSV, xlsx and page), kept and attached beside the packet.
const PUBLISHED: &str = "published";
/// A version being written: a folder with this prefix beside the versions.
const TMP_PREFIX: &str = ".shiryo-archive-";

/// `manifest.toml` of one archived version. The fields an earlier shiryo did
/// not write are optional: its manifests are read as they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// SHA-256 of the rest of the file: the bytes after this, its first line
    /// (written by [`manifest_text`]), so that a changed manifest is named
    /// rather than believed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest_sha256: Option<String>,
    pub shiryo: String,
    pub typst: String,
    /// [`render::LAYOUT_VERSION`] of the shiryo that archived it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<u32>,
    /// Data schema of the year archived (its `packet.toml`'s `schema`; see
    /// [`crate::model::survey::SCHEMA`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_schema: Option<u32>,
    /// The survey's key (`survey.toml`): the folder above the versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey: Option<String>,
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

#[derive(Debug, strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), doc = "The variants, without their data: the message catalogue lists an example of each.")]
pub enum Archived {
    /// A new version was written.
    Created { dir: PathBuf, version: u32 },
    /// The latest version has the same inputs, templates and fonts: nothing written.
    Unchanged { dir: PathBuf, version: u32 },
}

/// What `verify` found.
#[derive(Debug)]
pub struct Verified {
    /// The version verified.
    pub dir: PathBuf,
    /// Files whose bytes no longer match the manifest (or are missing);
    /// `manifest.toml` itself when it no longer matches its own hash.
    pub mismatched: Vec<String>,
    pub rebuild: Rebuild,
    pub checked: usize,
}

/// Whether the PDF was rebuilt from the archive alone, and how it compared.
#[derive(strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), doc = "The variants, without their data: the message catalogue lists an example of each.")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rebuild {
    Identical,
    Differs,
    /// A changed byte is already the verdict; a rebuild from changed sources proves nothing.
    NotAfterMismatch,
    /// Archived with another data schema, typst or layout (or before they were
    /// recorded): the same sources may lay out differently today, so the
    /// rebuild is not compared. The hashes are the verdict.
    NotCurrent(Vec<Stale>),
}

/// A version that decides the layout and differs from this shiryo's.
#[derive(strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), doc = "The variants, without their data: the message catalogue lists an example of each.")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    /// The year's data schema (`None`: neither the manifest nor the archived `packet.toml` tells).
    DataSchema { archived: Option<u32>, current: u32 },
    Typst { archived: String, current: String },
    /// [`render::LAYOUT_VERSION`] (`None`: archived before it was recorded).
    Layout { archived: Option<u32>, current: u32 },
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

/// Leftovers of an archive that was stopped half-way, beside the versions
/// (`<FY>/<key>/`, or `<FY>/` where an earlier shiryo wrote them): removed under the root's lock.
pub fn clean(root: &Path) -> Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    let subdirs = |d: &Path| fs::read_dir(d).into_iter().flatten().flatten().filter(|e| e.file_type().is_ok_and(|t| t.is_dir()));
    for fy in subdirs(root) {
        let mut places = vec![fy.path()];
        places.extend(subdirs(&fy.path()).map(|e| e.path()).filter(|p| !is_temp(p)));
        for place in places {
            for e in subdirs(&place).filter(|e| is_temp(&e.path())) {
                crate::store::files::remove_dir_all(&e.path()).map_err(|err| Error::io(e.path(), err))?;
                removed.push(e.path());
            }
        }
    }
    Ok(removed)
}

fn is_temp(p: &Path) -> bool {
    p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(TMP_PREFIX))
}

/// The folder of a survey's versions under its fiscal year: its key, made safe as a name.
pub fn survey_dir(key: &str) -> String {
    store::safe_stem(key)
}

/// The versions (`第N版`) directly in a folder, ascending.
fn numbered(dir: &Path) -> Vec<(u32, PathBuf)> {
    let mut v: Vec<(u32, PathBuf)> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let n = name.strip_prefix('第')?.strip_suffix('版')?.parse().ok()?;
            Some((n, e.path()))
        })
        .collect();
    v.sort();
    v
}

/// The survey folder an archived version belongs to, by its archived sources:
/// their `survey.toml`'s key, or the legacy survey's when they have none
/// (a year written before `survey.toml`). `None` when it cannot be read.
fn archived_survey(version: &Path) -> Option<String> {
    let path = version.join(SOURCES).join(store::SURVEY);
    let key = match fs::read_to_string(&path) {
        Ok(text) => toml::from_str::<toml::Table>(&text).ok()?.get("key")?.as_str()?.to_string(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => crate::model::Survey::legacy().key,
        Err(_) => return None,
    };
    Some(survey_dir(&key))
}

/// The versions under a fiscal year's folder, by survey folder (`None`: a
/// version whose survey cannot be read), each ascending.
///
/// Versions are kept at `<FY>/<key>/第N版/`. Those an earlier shiryo wrote at
/// `<FY>/第N版/` stay where they are and are counted with the survey their
/// archived sources name ([`archived_survey`]): `verify <FY>` checks them as
/// that survey's versions, and the next version of that survey is numbered
/// after the highest of both places (第1版 at the old place is followed by
/// `<FY>/<key>/第2版/`). Given a survey's folder instead, its versions are
/// found the same way, as old-place versions of their own survey.
pub fn surveys(fy_dir: &Path) -> std::collections::BTreeMap<Option<String>, Vec<(u32, PathBuf)>> {
    let mut by: std::collections::BTreeMap<Option<String>, Vec<(u32, PathBuf)>> = Default::default();
    let old = numbered(fy_dir);
    for (n, dir) in &old {
        by.entry(archived_survey(dir)).or_default().push((*n, dir.clone()));
    }
    for e in fs::read_dir(fy_dir).into_iter().flatten().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !e.file_type().is_ok_and(|t| t.is_dir()) || old.iter().any(|(_, d)| *d == e.path()) {
            continue;
        }
        let versions = numbered(&e.path());
        if !versions.is_empty() {
            by.entry(Some(name)).or_default().extend(versions);
        }
    }
    for v in by.values_mut() {
        v.sort();
    }
    by
}

/// The versions of one survey (its folder name, [`survey_dir`]) in a fiscal
/// year, ascending, wherever they are ([`surveys`]). A version whose survey
/// cannot be read counts for every survey: no number is given twice.
fn versions(fy_dir: &Path, survey: &str) -> Vec<(u32, PathBuf)> {
    let mut by = surveys(fy_dir);
    let mut v = by.remove(&Some(survey.to_string())).unwrap_or_default();
    v.extend(by.remove(&None).unwrap_or_default());
    v.sort();
    v
}

/// Archives a year directory under `root/<FY>/<survey key>/`.
pub fn archive(year_dir: &Path, root: &Path, templates_dir: Option<&Path>, words: &crate::outputs::html::Words) -> Result<Archived> {
    let (year, _) = load_valid(year_dir)?;
    let ledger = Ledger::load(year_dir)?;
    let inputs = inputs(year_dir, &ledger)?;
    let templates = templates::load(templates_dir)?;
    let fy_dir = root.join(year.packet.fiscal_year.to_string());
    let key = survey_dir(&year.survey.key);
    let survey_dir = fy_dir.join(&key);

    // Everything that decides the PDF, with its hash: equal sets mean nothing to do.
    let mut files: Vec<(String, &'static str, Vec<u8>)> = Vec::new();
    files.extend(inputs.iter().map(|(p, b)| (format!("{SOURCES}/{p}"), "input", b.clone())));
    files.extend(templates.iter().map(|(n, t)| (format!("{TEMPLATES}/{n}"), "template", t.clone().into_bytes())));
    files.extend(fonts::FILES.iter().map(|(n, b)| (format!("{FONTS}/{n}"), "font", b.to_vec())));
    files.push((format!("{FONTS}/OFL.txt"), "font", include_bytes!("../../fonts/OFL.txt").to_vec()));
    let (_, published) = crate::outputs::pipeline::published(&year, false, words)?;
    files.extend(published.iter().map(|(n, b)| (format!("{PUBLISHED}/{n}"), "published", b.clone())));
    let entries: Vec<FileEntry> =
        files.iter().map(|(p, r, b)| FileEntry { path: p.clone(), role: r.to_string(), sha256: sha256(b) }).collect();

    // Equal inputs, templates and fonts with equal versions make the same PDF: nothing to do.
    let existing = versions(&fy_dir, &key);
    if let Some((last, dir)) = existing.last()
        && let Ok(old) = read_manifest(dir)
    {
        let old_inputs: Vec<&FileEntry> = old.files.iter().filter(|f| f.role != "output").collect();
        let same_inputs = old_inputs.len() == entries.len() && old_inputs.iter().zip(&entries).all(|(a, b)| **a == *b);
        let same_versions = old.typst == typst_version()
            && old.layout == Some(render::LAYOUT_VERSION)
            && old.data_schema == Some(year.packet.schema);
        if same_inputs && same_versions {
            return Ok(Archived::Unchanged { dir: dir.clone(), version: *last });
        }
    }
    let version = existing.last().map_or(0, |(n, _)| *n) + 1;

    let bytes = archival_pdf(&year, &templates, &[(SOURCES, &inputs), (PUBLISHED, &published)], fonts::store())?;

    let mut manifest = Manifest {
        manifest_sha256: None,
        shiryo: env!("CARGO_PKG_VERSION").into(),
        typst: typst_version(),
        layout: Some(render::LAYOUT_VERSION),
        data_schema: Some(year.packet.schema),
        survey: Some(year.survey.key.clone()),
        fiscal_year: year.packet.fiscal_year,
        era: era::fiscal_year(year.packet.fiscal_year),
        meeting: year.packet.meeting.clone(),
        version,
        standards: pdf::ARCHIVAL.iter().map(|(n, _)| n.to_string()).collect(),
        files: entries,
        not_attached: not_attached(&ledger),
    };
    manifest.files.push(FileEntry { path: PDF.into(), role: "output".into(), sha256: sha256(&bytes) });

    let dir = survey_dir.join(version_dir(version));
    write_version(&survey_dir, &dir, &files, &bytes, &manifest)?;
    Ok(Archived::Created { dir, version })
}

/// Writes a version beside its final place and renames it: it exists whole or not at all.
fn write_version(parent: &Path, dir: &Path, files: &[(String, &'static str, Vec<u8>)], pdf: &[u8], manifest: &Manifest) -> Result<()> {
    use crate::store::files as fsx;
    fsx::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    // Made by hand, not by tempfile: a version's folder gets the umask's mode, not 0700.
    let tmp = parent.join(format!("{TMP_PREFIX}{}", std::process::id()));
    let _ = fsx::remove_dir_all(&tmp);
    let text = manifest_text(manifest)?;
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

/// The manifest's text: its canonical TOML after a first line with the SHA-256 of the rest.
fn manifest_text(manifest: &Manifest) -> Result<String> {
    let body = store::to_canonical(&Manifest { manifest_sha256: None, ..manifest.clone() })?;
    Ok(format!("manifest_sha256 = \"{}\"\n{body}", sha256(body.as_bytes())))
}

/// Whether a manifest's text matches its own hash. A manifest without one was
/// written by an earlier shiryo, which recorded none of the versions either;
/// one with versions and no hash has been changed.
fn sealed(text: &str, manifest: &Manifest) -> bool {
    match &manifest.manifest_sha256 {
        Some(h) => text
            .strip_prefix(&format!("manifest_sha256 = \"{h}\"\n"))
            .is_some_and(|rest| sha256(rest.as_bytes()) == *h),
        None => manifest.layout.is_none() && manifest.data_schema.is_none() && manifest.survey.is_none(),
    }
}

pub fn read_manifest(dir: &Path) -> Result<Manifest> {
    read_manifest_text(dir).map(|(_, m)| m)
}

fn read_manifest_text(dir: &Path) -> Result<(String, Manifest)> {
    let path = dir.join(MANIFEST);
    let text = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let manifest = toml::from_str(&text).map_err(|e| Error::Toml { path, message: e.to_string() })?;
    Ok((text, manifest))
}

/// The versions `verify` checks for a folder: a version (it holds a manifest)
/// itself; a fiscal year's folder (or one survey's) the latest version of
/// each survey in it, wherever kept ([`surveys`]). A folder with no version
/// gives itself, so that verifying it names the missing manifest.
pub fn to_verify(dir: &Path) -> Vec<PathBuf> {
    if dir.join(MANIFEST).exists() {
        return vec![dir.to_path_buf()];
    }
    let latest: Vec<PathBuf> = surveys(dir).into_values().filter_map(|v| v.last().map(|(_, d)| d.clone())).collect();
    if latest.is_empty() { vec![dir.to_path_buf()] } else { latest }
}

/// Verifies one archived version (`<root>/<FY>/<key>/第N版`): every hash, the
/// manifest's own included; then, when the year's data schema, typst and
/// layout are today's, whether the archive alone rebuilds the identical PDF.
pub fn verify(dir: &Path) -> Result<Verified> {
    let (text, manifest) = read_manifest_text(dir)?;
    let mut mismatched: Vec<String> = Vec::new();
    if !sealed(&text, &manifest) {
        mismatched.push(MANIFEST.into());
    }
    mismatched.extend(
        manifest
            .files
            .iter()
            .filter(|f| !fs::read(dir.join(&f.path)).is_ok_and(|b| sha256(&b) == f.sha256))
            .map(|f| f.path.clone()),
    );
    let stale = if mismatched.is_empty() { stale(dir, &manifest) } else { Vec::new() };
    let rebuild = if !mismatched.is_empty() {
        Rebuild::NotAfterMismatch
    } else if !stale.is_empty() {
        Rebuild::NotCurrent(stale)
    } else if rebuild(dir, &manifest).is_ok_and(|bytes| fs::read(dir.join(PDF)).is_ok_and(|archived| archived == bytes)) {
        Rebuild::Identical
    } else {
        Rebuild::Differs
    };
    Ok(Verified { dir: dir.to_path_buf(), mismatched, rebuild, checked: manifest.files.len() })
}

/// The versions deciding the layout in which an archived version differs from this shiryo.
fn stale(dir: &Path, manifest: &Manifest) -> Vec<Stale> {
    let mut out = Vec::new();
    // A manifest of an earlier shiryo does not say: its archived packet.toml does.
    let data = manifest.data_schema.or_else(|| {
        let text = fs::read_to_string(dir.join(SOURCES).join(store::PACKET)).ok()?;
        let packet: toml::Table = toml::from_str(&text).ok()?;
        match packet.get("schema") {
            None => Some(1),
            Some(v) => v.as_integer().and_then(|n| u32::try_from(n).ok()),
        }
    });
    if data != Some(SCHEMA) {
        out.push(Stale::DataSchema { archived: data, current: SCHEMA });
    }
    if manifest.typst != typst_version() {
        out.push(Stale::Typst { archived: manifest.typst.clone(), current: typst_version() });
    }
    if manifest.layout != Some(render::LAYOUT_VERSION) {
        out.push(Stale::Layout { archived: manifest.layout, current: render::LAYOUT_VERSION });
    }
    out
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
    let inputs = archived_files(dir, manifest, "input", SOURCES)?;
    let published = archived_files(dir, manifest, "published", PUBLISHED)?;
    archival_pdf(&year, &templates, &[(SOURCES, &inputs), (PUBLISHED, &published)], fonts)
}

/// An archived version's files of one role, named as in their folder.
fn archived_files(dir: &Path, manifest: &Manifest, role: &str, folder: &str) -> Result<Vec<(String, Vec<u8>)>> {
    manifest
        .files
        .iter()
        .filter(|f| f.role == role)
        .map(|f| {
            let bytes = fs::read(dir.join(&f.path)).map_err(|e| Error::io(dir.join(&f.path), e))?;
            Ok((f.path.strip_prefix(&format!("{folder}/")).unwrap_or(&f.path).to_string(), bytes))
        })
        .collect()
}

/// A file by its path in a folder, and its bytes.
type Named = (String, Vec<u8>);

/// The packet as PDF/A-3u + PDF/UA-1 with each folder's files (path in it, bytes) attached.
fn archival_pdf(
    year: &crate::model::Year,
    templates: &[(String, String)],
    folders: &[(&str, &[Named])],
    fonts: &'static typst_kit::fonts::FontStore,
) -> Result<Vec<u8>> {
    let attachments: Vec<Attachment> = folders
        .iter()
        .flat_map(|(folder, files)| files.iter().map(move |(p, b)| (folder, p, b)))
        .map(|(folder, p, b)| Attachment {
            name: format!("{folder}/{p}"),
            bytes: b.clone(),
            description: format!("{} {}: {p}", year.packet.material, era::fiscal_year(year.packet.fiscal_year)),
        })
        .collect();
    // The archived packet is the one handed out: 非公開 lines left out.
    let year = &crate::model::private::for_audience(year, crate::model::private::Audience::Public);
    let doc = render::compile_with(year, templates, &Extras { attachments: &attachments, changes: None, draft: false, copies: 0 }, fonts)?;
    let standards: Vec<_> = pdf::ARCHIVAL.iter().map(|(_, s)| *s).collect();
    pdf::export_as(&doc, year, &standards)
}
