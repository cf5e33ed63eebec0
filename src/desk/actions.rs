//! What changes the year, or makes something of it: each a step of the
//! library's season service, its whole outcome shown in the page's words.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::{Deserialize, Serialize};
use shiryo::intake::ingest::sources::Upload;
use shiryo::intake::ingest::{self, Ingested, Input};
use shiryo::lang::Lang;
use shiryo::messages::{self, Front, PageError};
use shiryo::model::private::Audience;
use shiryo::outputs::pipeline::Options;
use shiryo::season::{intake, packet};

use super::view::{self, Fail, Result, blocking};
use super::{Desk, UPLOAD_LIMIT, pages};

#[derive(Deserialize)]
pub struct OpenForm {
    index: usize,
}

pub async fn open_year(State(desk): State<Arc<Desk>>, Form(f): Form<OpenForm>) -> Response {
    blocking(&desk, move |d| {
        let dir = pages::year_dirs(&d.root).into_iter().nth(f.index).ok_or(PageError::NoYearChosen)?;
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
    #[serde(default)]
    meeting: Option<String>,
    #[serde(default)]
    number: Option<String>,
    #[serde(default)]
    request_date: Option<String>,
    #[serde(default)]
    addressee: Option<String>,
    #[serde(default)]
    sender: Option<String>,
    #[serde(default)]
    mail: Option<String>,
}

/// `POST /new-year`: the new year's folder, and everything the clerk should check in it.
pub async fn new_year(State(desk): State<Arc<Desk>>, Form(f): Form<NewYearForm>) -> Response {
    blocking(&desk, move |d| {
        let last = pages::year_dirs(&d.root).into_iter().nth(f.from).ok_or(PageError::NoYearChosen)?;
        let name = plain_name(f.folder.trim()).ok_or_else(|| PageError::BadFolderName(f.folder.clone()))?;
        let out = last.parent().unwrap_or(&d.root).join(name);
        // A field left as it was shown (last year's) or emptied changes nothing.
        let given = |v: &Option<String>| v.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let fields = shiryo::store::new_year::Asked {
            date: f.date.clone(),
            deadline: f.deadline.clone(),
            meeting: given(&f.meeting),
            number: given(&f.number),
            request_date: given(&f.request_date),
            addressee: given(&f.addressee),
            sender: given(&f.sender),
            mail: given(&f.mail),
        };
        let asked = packet::NewYearAsked { last: &last, out: &out, asked: &fields };
        let done = packet::new_year(&d.season, &asked)?;
        set_year(d, out);
        let mut lines = notes(&done.notes, d.lang);
        lines.extend(messages::new_year(&done.outcome, Front::Page, d.lang));
        Ok(outcome(d.lang, messages::desk_word("new_year", d.lang), lines, Vec::new(), None))
    })
    .await
}

/// A page of a step's outcome: its lines, what to check, and a download where it made one.
pub fn outcome(lang: Lang, title: &str, lines: Vec<String>, warnings: Vec<String>, download: Option<(&str, &str)>) -> Response {
    let (href, label) = download.unzip();
    view::page(lang, "outcome.html.j2", minijinja::context! { title => title, lines => lines, warnings => warnings, download => href, download_label => label })
}

/// The notices of opening a year, in words.
pub fn notes(notes: &[shiryo::store::Note], lang: Lang) -> Vec<String> {
    notes.iter().map(|n| messages::note(n, lang)).collect()
}

/// A name that is one plain file or folder name: no separators, no `..`, no control characters.
pub fn plain_name(name: &str) -> Option<&str> {
    let bad = name.is_empty()
        || name == "."
        || name.starts_with("..")
        || name.chars().any(|c| c.is_control() || matches!(c, '/' | '\\' | ':'));
    (!bad).then_some(name)
}

/// `POST /ingest`: the files sent (picked or dropped), ingested from memory.
pub async fn ingest(State(desk): State<Arc<Desk>>, headers: HeaderMap, multipart: Multipart) -> Response {
    let lang = desk.lang;
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > UPLOAD_LIMIT) {
        return view::fail(lang, &Fail::Page(PageError::UploadTooLarge(UPLOAD_LIMIT)));
    }
    let files = match receive(multipart).await {
        Ok(files) if files.is_empty() => return view::fail(lang, &Fail::Page(PageError::NoFiles)),
        Ok(files) => files,
        Err(e) => return view::fail(lang, &e),
    };
    blocking(&desk, move |d| {
        let dir = d.chosen()?;
        let done = intake::ingest(&d.season, &dir, Input::Files(files), &intake::Asked::default(), &messages::voice::Documents(d.lang))?;
        Ok(result(d.lang, &done.notes, &done.outcome))
    })
    .await
}

/// The uploaded files, each with its plain name; any name that is a path refuses the whole upload.
async fn receive(mut multipart: Multipart) -> Result<Vec<Upload>> {
    let too_large = |status: StatusCode| if status == StatusCode::PAYLOAD_TOO_LARGE { PageError::UploadTooLarge(UPLOAD_LIMIT) } else { PageError::BadRequest };
    let mut files = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return Ok(files),
            Err(e) => return Err(too_large(e.status()).into()),
        };
        let Some(name) = field.file_name().map(str::to_string) else { continue };
        if name.is_empty() {
            continue;
        }
        if plain_name(&name).is_none() {
            return Err(PageError::BadUploadName(name).into());
        }
        match field.bytes().await {
            Ok(b) => files.push(Upload { name, bytes: b.to_vec(), modified: None }),
            Err(e) => return Err(too_large(e.status()).into()),
        }
    }
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
fn result(lang: Lang, notes: &[shiryo::store::Note], done: &Ingested) -> Response {
    let rows: Vec<Outcome> = done
        .workbooks
        .iter()
        .map(|w| Outcome {
            file: w.file.clone(),
            target: w.target.as_ref().map(|(k, n)| pages::label(*k, n, lang)).unwrap_or_default(),
            status: messages::intake_status(w.status, lang),
            ok: matches!(w.status, ingest::Status::Ok | ingest::Status::Warnings),
            lines: w.findings.iter().map(|f| messages::intake(f, Front::Page, lang)).collect(),
        })
        .collect();
    let ctx = minijinja::context! {
        workbooks => minijinja::Value::from(minijinja::value::Serde(&rows)),
        changed => done.changed.clone(),
        notes => self::notes(notes, lang),
        report => format!("{}: {}", messages::intake_ui(messages::IntakeUi::ReportWritten, lang), done.report.display()),
    };
    view::page(lang, "result.html.j2", ctx)
}

#[derive(Deserialize)]
pub struct PreferForm {
    sha256: String,
}

/// `POST /prefer`: a held workbook chosen by its hash.
pub async fn prefer(State(desk): State<Arc<Desk>>, Form(f): Form<PreferForm>) -> Response {
    blocking(&desk, move |d| {
        let dir = d.chosen()?;
        let done = intake::choose(&d.season, &dir, &f.sha256, &messages::voice::Documents(d.lang))?;
        Ok(result(d.lang, &done.notes, &done.outcome))
    })
    .await
}

#[derive(Deserialize)]
pub struct RestoreForm {
    name: String,
    version: usize,
}

/// `POST /restore`: an earlier version applied again.
pub async fn restore(State(desk): State<Arc<Desk>>, Form(f): Form<RestoreForm>) -> Response {
    blocking(&desk, move |d| {
        let dir = d.chosen()?;
        let done = intake::restore(&d.season, &dir, &f.name, f.version, &messages::voice::Documents(d.lang))?;
        Ok(result(d.lang, &done.notes, &done.outcome))
    })
    .await
}

#[derive(Deserialize, Default)]
pub struct BuildForm {
    /// 委員用: the 非公開 lines printed, marked.
    #[serde(default)]
    internal: Option<String>,
}

/// `POST /build`: the packet built (a draft while the season is open) and kept for
/// download, with what the build found: 未提出, 非公開 lines.
pub async fn build(State(desk): State<Arc<Desk>>, Form(f): Form<BuildForm>) -> Response {
    blocking(&desk, move |d| {
        let dir = d.chosen()?;
        let internal = f.internal.is_some();
        let options = Options { audience: if internal { Audience::Internal } else { Audience::Public }, ..Options::default() };
        let done = packet::build(&d.season, &dir, &options, packet::Draft::WhileOpen, &mut |_| {})?;
        let t = &done.outcome.typeset;
        let name = format!("{}_{}.pdf", shiryo::model::era::fiscal_year(t.year.packet.fiscal_year), t.year.packet.material);
        let mut lines = notes(&done.notes, d.lang);
        lines.push(messages::built_on_page(t.doc.pages().len(), done.outcome.pdf.len(), done.outcome.draft, d.lang));
        if t.private > 0 {
            lines.push(messages::private_lines(t.private, internal, Front::Page, d.lang));
        }
        let warnings = t.problems.iter().map(|p| messages::problem(p, Front::Page, d.lang)).collect();
        if let Ok(mut p) = d.preview.lock() {
            p.pdf = Some((name, done.outcome.pdf));
        }
        let download = (("/packet.pdf"), messages::desk_word("download", d.lang));
        Ok(outcome(d.lang, messages::desk_word("build", d.lang), lines, warnings, Some(download)))
    })
    .await
}

/// `POST /archive`: the year archived (never a draft).
pub async fn archive(State(desk): State<Arc<Desk>>) -> Response {
    blocking(&desk, |d| {
        let dir = d.chosen()?;
        let root = d.archive_root(&dir);
        // The archived page is Japanese, whatever the page speaks: a record, compared version to version.
        let words = messages::page_words(Lang::Ja);
        let done = packet::archive(&d.season, &dir, &root, None, &words)?;
        let mut lines = notes(&done.notes, d.lang);
        lines.extend(done.outcome.removed.into_iter().map(|p| messages::note(&shiryo::store::Note::RemovedTemp(p), d.lang)));
        lines.push(messages::archived(&done.outcome.archived, d.lang));
        Ok(outcome(d.lang, messages::desk_word("archive", d.lang), lines, Vec::new(), None))
    })
    .await
}

/// `POST /contacts`: the contacts as confirmed on the page (`name_N`, `office_N`, … per row),
/// checked as `check` checks them and written to `contacts.toml`.
pub async fn contacts(State(desk): State<Arc<Desk>>, Form(fields): Form<Vec<(String, String)>>) -> Response {
    blocking(&desk, move |d| {
        let dir = d.chosen()?;
        let field = |key: &str| fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
        let list = |text: String| text.split(['、', ',', ' ', '\u{3000}', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect::<Vec<_>>();
        let mut contacts = shiryo::model::contacts::Contacts::default();
        for n in 0.. {
            let name = field(&format!("name_{n}"));
            if name.is_empty() {
                break;
            }
            let c = shiryo::model::contacts::Contact {
                office: field(&format!("office_{n}")),
                person: field(&format!("person_{n}")),
                phone: field(&format!("phone_{n}")),
                mail: list(field(&format!("mail_{n}"))),
                cc: list(field(&format!("cc_{n}"))),
            };
            if c != shiryo::model::contacts::Contact::default() {
                contacts.0.insert(name, c);
            }
        }
        let done = shiryo::season::packet::save_contacts(&d.season, &dir, contacts)?;
        let mut lines = notes(&done.notes, d.lang);
        lines.push(messages::contacts_saved(done.outcome, d.lang));
        Ok(outcome(d.lang, messages::desk_word("contacts", d.lang), lines, Vec::new(), None))
    })
    .await
}

#[derive(Deserialize)]
pub struct ExtendForm {
    name: String,
    #[serde(default)]
    until: String,
}

/// `POST /extend`: a unit's own deadline (期限延長) set, or taken back when empty.
pub async fn extend(State(desk): State<Arc<Desk>>, Form(f): Form<ExtendForm>) -> Response {
    blocking(&desk, move |d| {
        let dir = d.chosen()?;
        let until = Some(f.until.trim()).filter(|u| !u.is_empty());
        let done = packet::extend(&d.season, &dir, &f.name, until)?;
        let mut lines = notes(&done.notes, d.lang);
        lines.push(messages::extended(&f.name, done.outcome, d.lang));
        Ok(outcome(d.lang, messages::desk_word("extension", d.lang), lines, Vec::new(), None))
    })
    .await
}

#[derive(Deserialize)]
pub struct DraftsForm {
    kind: String,
}

/// `POST /make-drafts`: the request's, the reminders' or the receipts' drafts made and
/// kept for their download, with what the command says of them (no address, answered, overdue).
pub async fn drafts(State(desk): State<Arc<Desk>>, Form(f): Form<DraftsForm>) -> Response {
    blocking(&desk, move |d| {
        let kind = super::files::DraftKind::parse(&f.kind).ok_or(Fail::Page(PageError::BadRequest))?;
        let (lines, warnings) = super::files::make_drafts(d, kind)?;
        let href = format!("/drafts/{}.zip", kind.key());
        let label = messages::desk_word("download_drafts", d.lang);
        Ok(outcome(d.lang, messages::desk_word(kind.key(), d.lang), lines, warnings, Some((&href, label))))
    })
    .await
}
