//! What the clerk downloads: the page's own assets (embedded: nothing comes
//! from outside), send-back workbooks and their drafts, drafts as one zip, the
//! packet. Files are named by what they are, never by a path from the request.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use shiryo::error::Error;
use shiryo::messages::voice::Documents;
use shiryo::messages::{self, DraftUi as D, Front, PageError};
use shiryo::outputs::mail::Purpose;
use shiryo::season::{drafts, send_back};
use shiryo::store;

use super::pages::UnitQuery;
use super::view::{self, Fail, blocking};
use super::Desk;

const ASSETS: [(&str, &str, &str); 2] = [
    ("desk.css", "text/css; charset=utf-8", include_str!("../../templates/desk/desk.css")),
    ("desk.js", "text/javascript; charset=utf-8", include_str!("../../templates/desk/desk.js")),
];

pub async fn asset(State(desk): State<Arc<Desk>>, UrlPath(file): UrlPath<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, mime, text)) => ([(header::CONTENT_TYPE, *mime)], *text).into_response(),
        None => view::fail(desk.lang, &Fail::Page(PageError::NotFound)),
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
        let built = d.preview.lock().ok().and_then(|p| p.pdf.clone()).ok_or(Fail::Page(PageError::NotBuilt))?;
        Ok(download(&built.0, "application/pdf", built.1))
    })
    .await
}

/// `/send-back/workbook?name=…` and `/send-back/mail?name=…`: a unit's send-back
/// workbook, or the mail draft that carries it.
pub async fn send_back(State(desk): State<Arc<Desk>>, UrlPath(what): UrlPath<String>, Query(q): Query<UnitQuery>) -> Response {
    if what != "workbook" && what != "mail" {
        return view::fail(desk.lang, &Fail::Page(PageError::NotFound));
    }
    blocking(&desk, move |d| {
        let dir = d.chosen()?;
        let which = send_back::Which { only: Some(&q.name), warnings: true };
        let done = send_back::send_back(&d.season, &dir, which, &Documents(d.lang))?;
        let s = done.outcome.into_iter().next().ok_or_else(|| Error::NoSuchUnit(q.name.clone()))?;
        Ok(match what.as_str() {
            "mail" => download(&s.mail.0, "message/rfc822", s.mail.1),
            _ => download(&s.workbook.0, XLSX, s.workbook.1),
        })
    })
    .await
}

/// The drafts the page makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftKind {
    Request,
    Receipt,
    Remind,
}

impl DraftKind {
    pub fn parse(s: &str) -> Option<DraftKind> {
        [DraftKind::Request, DraftKind::Receipt, DraftKind::Remind].into_iter().find(|k| k.key() == s)
    }

    pub fn key(self) -> &'static str {
        match self {
            DraftKind::Request => "request",
            DraftKind::Receipt => "receipt",
            DraftKind::Remind => "remind",
        }
    }
}

/// Makes the drafts of one kind, keeps their zip for download, and says what the
/// command would: lines, and what to check (warnings, drafts without a To address).
pub fn make_drafts(d: &Desk, kind: DraftKind) -> view::Result<(Vec<String>, Vec<String>)> {
    let dir = d.chosen()?;
    let lang = d.lang;
    let voice = Documents(lang);
    let (notes, files, lines, warnings) = match kind {
        DraftKind::Receipt => {
            let done = drafts::receipts(&d.season, &dir, &voice)?;
            let n = done.outcome.len();
            (done.notes, done.outcome, vec![format!("{}: {n}", messages::draft_ui(D::Drafts, lang))], Vec::new())
        }
        DraftKind::Request | DraftKind::Remind => {
            let done = match kind {
                DraftKind::Request => drafts::request(&d.season, &dir, drafts::Sources::default())?,
                _ => drafts::remind(&d.season, &dir, drafts::Sources::default(), &voice)?,
            };
            let (lines, warnings) = made_words(&done.outcome, lang);
            (done.notes, done.outcome.drafts.files, lines, warnings)
        }
    };
    let year = store::load(&dir)?;
    let name = format!("{}_{}.zip", shiryo::model::era::fiscal_year(year.packet.fiscal_year), messages::desk_word(kind.key(), lang));
    let zip = zip_files(&files, &dir)?;
    if let Ok(mut kept) = d.drafts.lock() {
        kept.insert(kind.key().to_string(), (name, zip));
    }
    let mut all = notes.iter().map(|n| messages::note(n, lang)).collect::<Vec<_>>();
    all.extend(lines);
    Ok((all, warnings))
}

/// What a request's or reminders' drafts say to the clerk, as the command prints it.
fn made_words(m: &drafts::Made, lang: shiryo::lang::Lang) -> (Vec<String>, Vec<String>) {
    let w = &m.drafts;
    let mut lines = vec![messages::prefilled_from(m.previous.as_deref(), lang)];
    if m.to == 0 {
        lines.push(messages::draft_ui(D::NoneWaiting, lang).to_string());
    }
    lines.push(format!("{}: {}", messages::draft_ui(D::Drafts, lang), m.to));
    if w.answered > 0 {
        lines.push(format!("{}: {}", messages::draft_ui(D::Answered, lang), w.answered));
    }
    if !m.sent_back.is_empty() {
        lines.push(format!("{}: {}", messages::draft_ui(D::SentBackReminded, lang), m.sent_back.join("、")));
    }
    if m.purpose == Purpose::Remind {
        lines.push(messages::draft_ui(if w.overdue { D::Overdue } else { D::BeforeDeadline }, lang).to_string());
    }
    let mut warnings: Vec<String> = m.warnings.iter().map(|p| messages::problem(p, Front::Page, lang)).collect();
    if !w.no_address.is_empty() {
        warnings.push(format!("{}: {}", messages::draft_ui(D::NoAddress, lang), w.no_address.join("、")));
        warnings.push(messages::draft_ui(D::NoAddressHint, lang).to_string());
    }
    (lines, warnings)
}

/// `/drafts/{request,receipt,remind}.zip`: the drafts of one kind as one zip (made now if the page has not made them).
pub async fn drafts(State(desk): State<Arc<Desk>>, UrlPath(file): UrlPath<String>) -> Response {
    let Some(kind) = file.strip_suffix(".zip").and_then(DraftKind::parse) else {
        return view::fail(desk.lang, &Fail::Page(PageError::NotFound));
    };
    blocking(&desk, move |d| {
        if let Some((name, zip)) = d.drafts.lock().ok().and_then(|k| k.get(kind.key()).cloned()) {
            return Ok(download(&name, "application/zip", zip));
        }
        make_drafts(d, kind)?;
        let (name, zip) = d.drafts.lock().ok().and_then(|k| k.get(kind.key()).cloned()).ok_or(Fail::Page(PageError::NotBuilt))?;
        Ok(download(&name, "application/zip", zip))
    })
    .await
}

/// `/prefecture-form.xlsx`: the prefecture's own form (会議・予定・事業・区域・連絡先), filled
/// from the year, to edit in Excel and drop back on the page.
pub async fn prefecture_form(State(desk): State<Arc<Desk>>) -> Response {
    blocking(&desk, move |d| {
        let dir = d.chosen()?;
        let year = store::load(&dir)?;
        let from = drafts::Sources { blank: true, ..drafts::Sources::default() };
        let (forms, _) = drafts::forms(&d.season, &dir, from, Some(&year.packet.prefecture))?.outcome;
        let (name, bytes) = forms.into_iter().next().ok_or_else(|| Error::NoSuchUnit(year.packet.prefecture.clone()))?;
        Ok(download(&name, XLSX, bytes))
    })
    .await
}

/// `/published.zip`: the year as `publish` with a BOM writes it (the clerk opens the CSVs in Excel), zipped in memory.
pub async fn published(State(desk): State<Arc<Desk>>) -> Response {
    blocking(&desk, move |d| {
        let dir = d.chosen()?;
        let done = shiryo::season::packet::publish(&d.season, &dir, true, &messages::page_words(d.lang))?;
        let zip = zip_files(&done.outcome.files, &dir)?;
        Ok(download(&format!("{}.zip", done.outcome.prefix), "application/zip", zip))
    })
    .await
}

/// Files (name, bytes) in one zip, in the order given; `at` names the place in an error.
fn zip_files(files: &[(String, Vec<u8>)], at: &Path) -> view::Result<Vec<u8>> {
    let zerr = |e: zip::result::ZipError| Error::io(at, std::io::Error::other(e.to_string()));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options).map_err(zerr)?;
        zip.write_all(bytes).map_err(|e| Error::io(at, e))?;
    }
    Ok(zip.finish().map_err(zerr)?.into_inner())
}
