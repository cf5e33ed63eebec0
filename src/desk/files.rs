//! What the clerk downloads: the page's own assets (embedded: nothing comes
//! from outside), send-back workbooks and their drafts, drafts as one zip, the
//! packet. Files are named by what they are, never by a path from the request.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use shiryo::error::{Error, Result};
use shiryo::outputs::{letter, mail};
use shiryo::store::ledger::{Ledger, State as LedgerState};
use shiryo::store::lock::Access;
use shiryo::store;

use super::pages::{self, UnitQuery, blocking, chosen, open};
use super::Desk;

const ASSETS: [(&str, &str, &str); 2] = [
    ("desk.css", "text/css; charset=utf-8", include_str!("../../templates/desk/desk.css")),
    ("desk.js", "text/javascript; charset=utf-8", include_str!("../../templates/desk/desk.js")),
];

pub async fn asset(State(desk): State<Arc<Desk>>, UrlPath(file): UrlPath<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, mime, text)) => ([(header::CONTENT_TYPE, *mime)], *text).into_response(),
        None => pages::not_found(State(desk)).await,
    }
}

/// A download: its bytes under its file name (RFC 6266: an ASCII fallback and the UTF-8 name).
pub fn download(name: &str, mime: &'static str, bytes: Vec<u8>) -> Response {
    let ascii: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    let encoded: String = name
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    (StatusCode::OK, [(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response()
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `/packet.pdf`: the packet last built.
pub async fn packet(State(desk): State<Arc<Desk>>) -> Response {
    blocking(&desk, |d| {
        let built = d.preview.lock().ok().and_then(|p| p.pdf.clone()).ok_or(Error::NotBuilt)?;
        Ok(download(&built.0, "application/pdf", built.1))
    })
    .await
}

/// `/send-back/workbook?name=…` and `/send-back/mail?name=…`: a unit's send-back
/// workbook, or the mail draft that carries it.
pub async fn send_back(State(desk): State<Arc<Desk>>, UrlPath(what): UrlPath<String>, Query(q): Query<UnitQuery>) -> Response {
    if what != "workbook" && what != "mail" {
        return pages::not_found(State(desk)).await;
    }
    blocking(&desk, move |d| {
        let dir = chosen(d)?;
        let _lock = open(&dir, Access::Read)?;
        let year = store::load(&dir)?;
        let ledger = Ledger::load(&dir)?;
        let kind = pages::kind_of(&year, &ledger, &q.name).ok_or_else(|| Error::NoSuchUnit(q.name.clone()))?;
        let e = ledger
            .latest(kind, &q.name)
            .filter(|e| !e.stored.is_empty() && matches!(e.state, LedgerState::Rejected | LedgerState::Applied))
            .ok_or_else(|| Error::NoSuchUnit(q.name.clone()))?;
        let out = tempfile::tempdir().map_err(|err| Error::io(std::env::temp_dir(), err))?;
        let (file, _) = crate::cli::send_back::send_back(&dir, &year, &ledger, e, out.path(), d.lang)?;
        let (name, mime) = match what.as_str() {
            "mail" => (format!("{}.eml", file.trim_end_matches(".xlsx")), "message/rfc822"),
            _ => (file, XLSX),
        };
        let path = out.path().join(&name);
        let bytes = std::fs::read(&path).map_err(|err| Error::io(&path, err))?;
        Ok(download(&name, mime, bytes))
    })
    .await
}

/// `/drafts/{request,receipt,remind}.zip`: every draft of one kind, as one zip.
pub async fn drafts(State(desk): State<Arc<Desk>>, UrlPath(file): UrlPath<String>) -> Response {
    let Some(kind) = ["request", "receipt", "remind"].into_iter().find(|k| file == format!("{k}.zip")) else {
        return pages::not_found(State(desk)).await;
    };
    blocking(&desk, move |d| {
        let dir = chosen(d)?;
        let _lock = open(&dir, Access::Read)?;
        let out = tempfile::tempdir().map_err(|err| Error::io(std::env::temp_dir(), err))?;
        let year = store::load(&dir)?;
        write_drafts(d, &dir, &year, kind, out.path())?;
        let name = format!("{}_{}.zip", shiryo::model::era::fiscal_year(year.packet.fiscal_year), messages_kind(kind, d));
        Ok(download(&name, "application/zip", zip_dir(out.path())?))
    })
    .await
}

/// `/published.zip`: the year as `shiryo publish --bom` writes it (the clerk opens the CSVs in Excel), zipped in memory.
pub async fn published(State(desk): State<Arc<Desk>>) -> Response {
    blocking(&desk, move |d| {
        let dir = chosen(d)?;
        let _lock = open(&dir, Access::Read)?;
        let published = shiryo::outputs::pipeline::publish(&dir, true, &shiryo::messages::page_words(d.lang))?;
        let zip = zip_files(&published.files, &dir)?;
        Ok(download(&format!("{}.zip", published.prefix), "application/zip", zip))
    })
    .await
}

fn messages_kind(kind: &str, d: &Desk) -> &'static str {
    let words = shiryo::messages::desk_words(d.lang);
    words.into_iter().find(|(k, _)| *k == kind).map(|(_, w)| w).unwrap_or("drafts")
}

/// The drafts of one kind, written as the commands write them.
fn write_drafts(d: &Desk, dir: &Path, year: &shiryo::model::Year, kind: &str, out: &Path) -> Result<()> {
    let templates = mail::templates(None)?;
    let now = shiryo::clock::now();
    match kind {
        "request" => {
            let pdf = letter::pdf(year, &letter::template(None)?)?;
            let attachment = mail::Attachment { name: letter::file_name(year), bytes: pdf };
            let job = mail::Job { year_dir: dir, previous: None, out, templates: &templates, now, letter: Some(attachment) };
            mail::write(year, &job, mail::Purpose::Request, &mail::targets(year, None))?;
        }
        "remind" => {
            let (_, waiting) = crate::cli::remind::waiting(dir, year, None)?;
            let job = mail::Job { year_dir: dir, previous: None, out, templates: &templates, now, letter: None };
            mail::write(year, &job, mail::Purpose::Remind, &waiting)?;
        }
        _ => {
            let ledger = Ledger::load(dir)?;
            for t in mail::targets(year, None) {
                let Some(e) = ledger.latest(t.kind, &t.name).filter(|e| e.state == LedgerState::Applied) else { continue };
                let notes = crate::cli::history::all_findings(dir, year, e).iter().map(|f| shiryo::messages::intake(f, d.lang)).collect();
                let (file, bytes) = crate::cli::ingest::receipt(year, &templates, &t, &e.sender, &e.original, notes)?;
                store::write_atomic(&out.join(file), &bytes)?;
            }
        }
    }
    Ok(())
}

/// Every file of a folder (not its sub-folders) in one zip, names in UTF-8.
fn zip_dir(dir: &Path) -> Result<Vec<u8>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file()).collect();
    paths.sort();
    let files = paths
        .iter()
        .map(|path| {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            Ok((name, std::fs::read(path).map_err(|e| Error::io(path, e))?))
        })
        .collect::<Result<Vec<_>>>()?;
    zip_files(&files, dir)
}

/// Files (name, bytes) in one zip, in the order given; `at` names the place in an error.
fn zip_files(files: &[(String, Vec<u8>)], at: &Path) -> Result<Vec<u8>> {
    let zerr = |e: zip::result::ZipError| Error::io(at, std::io::Error::other(e.to_string()));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options).map_err(zerr)?;
        zip.write_all(bytes).map_err(|e| Error::io(at, e))?;
    }
    Ok(zip.finish().map_err(zerr)?.into_inner())
}

