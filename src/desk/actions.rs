//! What changes the year: each under the year's exclusive lock for that
//! request only, through the same library calls the commands make.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::{Deserialize, Serialize};
use shiryo::error::{Error, Result};
use shiryo::intake::ingest::{self, Ingested, Options};
use shiryo::lang::Lang;
use shiryo::messages;
use shiryo::store::ledger::{Entry, Ledger, State as LedgerState};
use shiryo::store::lock::Access;

use super::pages::{self, blocking, chosen, open};
use super::{Desk, UPLOAD_LIMIT, preview, view};

#[derive(Deserialize)]
pub struct OpenForm {
    index: usize,
}

pub async fn open_year(State(desk): State<Arc<Desk>>, Form(f): Form<OpenForm>) -> Response {
    blocking(&desk, move |d| {
        let dir = pages::year_dirs(&d.root).into_iter().nth(f.index).ok_or(Error::NoYearChosen)?;
        set_year(d, dir);
        Ok(Redirect::to("/").into_response())
    })
    .await
}

fn set_year(d: &Desk, dir: PathBuf) {
    if let Ok(mut y) = d.year.write() {
        *y = Some(dir);
    }
}

#[derive(Deserialize)]
pub struct NewYearForm {
    from: usize,
    folder: String,
    date: String,
    deadline: String,
}

pub async fn new_year(State(desk): State<Arc<Desk>>, Form(f): Form<NewYearForm>) -> Response {
    blocking(&desk, move |d| {
        let last = pages::year_dirs(&d.root).into_iter().nth(f.from).ok_or(Error::NoYearChosen)?;
        let name = plain_name(f.folder.trim()).ok_or_else(|| Error::BadFolderName(f.folder.clone()))?;
        let out = last.parent().unwrap_or(&d.root).join(name);
        shiryo::store::guard::output(&out, shiryo::store::guard::Expect::Dir, &[&last])?;
        shiryo::store::new_year::refuse_existing(&out)?;
        let _lock = open(&last, Access::Read)?;
        shiryo::store::new_year::new_year(&last, &out, &f.date, &f.deadline)?;
        set_year(d, out);
        Ok(Redirect::to("/").into_response())
    })
    .await
}

/// A name that is one plain file or folder name: no separators, no `..`, no control characters.
pub fn plain_name(name: &str) -> Option<&str> {
    let bad = name.is_empty()
        || name == "."
        || name.starts_with("..")
        || name.chars().any(|c| c.is_control() || matches!(c, '/' | '\\' | ':'));
    (!bad).then_some(name)
}

/// `POST /ingest`: the files sent (picked or dropped), ingested as `shiryo ingest` ingests a folder.
pub async fn ingest(State(desk): State<Arc<Desk>>, headers: HeaderMap, multipart: Multipart) -> Response {
    let lang = desk.lang;
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > UPLOAD_LIMIT) {
        return too_large(lang);
    }
    let files = match receive(multipart).await {
        Ok(files) => files,
        Err(Received::TooLarge) => return too_large(lang),
        Err(Received::Refused(e)) => {
            let mut r = view::error(lang, &e);
            *r.status_mut() = StatusCode::BAD_REQUEST;
            return r;
        }
    };
    blocking(&desk, move |d| {
        let dir = chosen(d)?;
        let folder = tempfile::Builder::new().prefix("shiryo-desk-").tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
        save(folder.path(), &files)?;
        let _lock = open(&dir, Access::Write)?;
        let done = ingest::ingest(folder.path(), &dir, &Options::default())?;
        crate::cli::report::write(&done, d.lang)?;
        Ok(result(d.lang, &done))
    })
    .await
}

fn too_large(lang: Lang) -> Response {
    let mut r = view::error(lang, &Error::UploadTooLarge(UPLOAD_LIMIT));
    *r.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
    r
}

enum Received {
    TooLarge,
    Refused(Error),
}

/// The uploaded files, each with its plain name; any name that is a path refuses the whole upload.
async fn receive(mut multipart: Multipart) -> std::result::Result<Vec<(String, Vec<u8>)>, Received> {
    let mut files = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return Ok(files),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(Received::TooLarge),
            Err(e) => return Err(Received::Refused(Error::io(Path::new("upload"), std::io::Error::other(e.body_text())))),
        };
        let Some(name) = field.file_name().map(str::to_string) else { continue };
        if name.is_empty() {
            continue;
        }
        if plain_name(&name).is_none() {
            return Err(Received::Refused(Error::BadUploadName(name)));
        }
        match field.bytes().await {
            Ok(b) => files.push((name, b.to_vec())),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(Received::TooLarge),
            Err(e) => return Err(Received::Refused(Error::io(Path::new(&name), std::io::Error::other(e.body_text())))),
        }
    }
}

/// Writes the uploads into the folder to ingest; a name sent twice goes into a numbered sub-folder.
fn save(folder: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for (name, bytes) in files {
        let n = seen.entry(name.as_str()).or_default();
        *n += 1;
        let dir = if *n == 1 { folder.to_path_buf() } else { folder.join(n.to_string()) };
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct Outcome {
    file: String,
    target: String,
    status: &'static str,
    ok: bool,
    lines: Vec<String>,
}

/// The page of an ingest's result: each file, what became of it, its findings.
fn result(lang: Lang, done: &Ingested) -> Response {
    let rows: Vec<Outcome> = done
        .workbooks
        .iter()
        .map(|w| Outcome {
            file: w.file.clone(),
            target: w.target.as_ref().map(|(k, n)| pages::label(*k, n, lang)).unwrap_or_default(),
            status: messages::intake_status(w.status, lang),
            ok: matches!(w.status, ingest::Status::Ok | ingest::Status::Warnings),
            lines: w.findings.iter().map(|f| messages::intake(f, lang)).collect(),
        })
        .collect();
    view::page(lang, "result.html.j2", minijinja::context! { workbooks => minijinja::Value::from(minijinja::value::Serde(&rows)), changed => done.changed.clone() })
}

#[derive(Deserialize)]
pub struct PreferForm {
    sha256: String,
}

/// `POST /prefer`: a held workbook chosen (`ingest --prefer`).
pub async fn prefer(State(desk): State<Arc<Desk>>, Form(f): Form<PreferForm>) -> Response {
    apply(desk, move |ledger| {
        ledger
            .workbooks
            .iter()
            .find(|e| e.sha256 == f.sha256 && e.state == LedgerState::Held)
            .cloned()
            .ok_or_else(|| Error::NoSuchChoice(f.sha256.clone()))
    })
    .await
}

/// Applies the kept workbook `pick` finds in the ledger (a choice, a restore) under the
/// year's write lock, writes the ingest report and shows its result.
async fn apply(desk: Arc<Desk>, pick: impl FnOnce(&Ledger) -> Result<Entry> + Send + 'static) -> Response {
    blocking(&desk, move |d| {
        let dir = chosen(d)?;
        let _lock = open(&dir, Access::Write)?;
        let e = pick(&Ledger::load(&dir)?)?;
        let done = crate::cli::history::apply_kept(&dir, &e)?;
        crate::cli::report::write(&done, d.lang)?;
        Ok(result(d.lang, &done))
    })
    .await
}

#[derive(Deserialize)]
pub struct RestoreForm {
    name: String,
    version: usize,
}

/// `POST /restore`: an earlier version applied again (`history --restore`).
pub async fn restore(State(desk): State<Arc<Desk>>, Form(f): Form<RestoreForm>) -> Response {
    apply(desk, move |ledger| {
        let versions = crate::cli::history::versions(ledger, &f.name);
        let e = f.version.checked_sub(1).and_then(|i| versions.get(i)).ok_or_else(|| Error::NoSuchVersion {
            unit: f.name.clone(),
            version: f.version,
            versions: versions.len(),
        })?;
        Ok((*e).clone())
    })
    .await
}

/// `POST /build`: the packet built from the current compile, kept for download.
pub async fn build(State(desk): State<Arc<Desk>>) -> Response {
    blocking(&desk, |d| {
        let dir = chosen(d)?;
        preview::build(d, &dir)?;
        Ok(Redirect::to("/#packet").into_response())
    })
    .await
}

/// `POST /archive`: the year archived (never a draft), as `shiryo archive` does.
pub async fn archive(State(desk): State<Arc<Desk>>) -> Response {
    blocking(&desk, |d| {
        let dir = chosen(d)?;
        let root = d.archive_root(&dir);
        shiryo::store::guard::output(&root, shiryo::store::guard::Expect::Dir, &[&dir])?;
        let _year = open(&dir, Access::Read)?;
        shiryo::store::files::create_dir_all(&root).map_err(|e| Error::io(&root, e))?;
        let _root = shiryo::store::lock::acquire(&root, Access::Write, shiryo::store::lock::Wait::Block, &mut || {})?;
        let mut lines: Vec<String> = shiryo::outputs::archive::clean(&root)?
            .into_iter()
            .map(|p| messages::note(&shiryo::store::Note::RemovedTemp(p), d.lang))
            .collect();
        let done = shiryo::outputs::archive::archive(&dir, &root, None, &shiryo::messages::page_words(shiryo::messages::Lang::Ja))?;
        lines.push(messages::archived(&done, d.lang));
        let mut r = view::page(d.lang, "message.html.j2", minijinja::context! { lines => lines, status => 200 });
        *r.status_mut() = StatusCode::OK;
        Ok(r)
    })
    .await
}
