//! The request's cover letter (鑑文): `templates/letter.typ` (embedded; a
//! `--templates` folder's `letter.typ` replaces it) typeset by Typst in-process
//! with the packet's world and fonts, the data as `/letter.json`. The values
//! reach Typst as JSON strings and are printed as text, never read as markup.

use std::path::Path;

use serde::Serialize;
use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::error::{Error, Problem, ProblemKind, Result, Severity};
use crate::model::key::Key;
use crate::model::{Year, era};
use crate::render::{fonts, world};
use crate::store;

/// The embedded template.
pub const TEMPLATE: &str = include_str!("../../templates/letter.typ");
/// Its file name, in `templates/` and in a `--templates` folder.
pub const TEMPLATE_FILE: &str = "letter.typ";
/// The data file the template reads.
pub const DATA_FILE: &str = "letter.json";

/// The letter's words from the data.
#[derive(Debug, Clone, Serialize)]
pub struct Letter {
    /// 文書番号.
    pub number: String,
    /// The letter's date in 和暦 with its weekday; `iso_date` as written for the PDF's metadata.
    pub date: String,
    pub iso_date: String,
    pub addressee: String,
    pub sender: String,
    pub prefecture: String,
    pub meeting: String,
    pub fiscal_year: String,
    /// The survey's title (`survey.toml`).
    pub survey: String,
    /// The letter's title: 令和元年度在宅医療・介護連携の取組状況について（照会）.
    pub title: String,
    /// The deadline in 和暦 with its weekday.
    pub deadline: String,
    /// The survey's items, `①資源の把握`.
    pub items: Vec<String>,
    /// The secretariat's contact (`packet.toml` contact).
    pub contact: String,
    /// Whether the forms come filled with the answers the secretariat holds (last year's):
    /// the letter says so only then.
    pub prefilled: bool,
}

fn invalid(key: &'static str, kind: ProblemKind) -> Error {
    Error::Invalid(vec![Problem { severity: Severity::Error, file: store::PACKET.into(), key: Key::Toml(key.into()), kind }])
}

/// The letter's data: `packet.toml` `[request]` and the year.
pub fn letter(year: &Year, prefilled: bool) -> Result<Letter> {
    let p = &year.packet;
    let r = p.request.as_ref().ok_or_else(|| invalid("request", ProblemKind::NoRequest))?;
    let date = r.date.get().map_err(|e| invalid("request.date", ProblemKind::BadDate(e.0)))?;
    let deadline = p.deadline.get().map_err(|e| invalid("deadline", ProblemKind::BadDate(e.0)))?;
    let fiscal_year = era::fiscal_year(p.fiscal_year);
    Ok(Letter {
        number: r.number.clone(),
        date: era::date_with_weekday(date.year, date.month, date.day),
        iso_date: date.to_string(),
        addressee: r.addressee.clone(),
        sender: r.sender.clone(),
        prefecture: p.prefecture.clone(),
        meeting: p.meeting.clone(),
        title: format!("{fiscal_year}{}について（照会）", year.survey.title),
        fiscal_year,
        survey: year.survey.title.clone(),
        deadline: era::date_with_weekday(deadline.year, deadline.month, deadline.day),
        items: year.survey.items.iter().map(|i| i.label()).collect(),
        contact: p.contact.clone(),
        prefilled,
    })
}

/// The template: `<dir>/letter.typ` when a `--templates` folder holds one, else the embedded one.
pub fn template(dir: Option<&Path>) -> Result<String> {
    match dir.map(|d| d.join(TEMPLATE_FILE)).filter(|p| p.is_file()) {
        Some(path) => std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e)),
        None => Ok(TEMPLATE.to_string()),
    }
}

/// The file name of the letter, as attached and written: 依頼文_<文書番号>.pdf.
pub fn file_name(year: &Year) -> String {
    let number = year.packet.request.as_ref().map(|r| r.number.as_str()).unwrap_or("");
    if number.trim().is_empty() { "依頼文.pdf".into() } else { format!("{}.pdf", store::safe_stem(&format!("依頼文_{number}"))) }
}

/// The letter's PDF: the same bytes for the same data and template.
pub fn pdf(year: &Year, template: &str, prefilled: bool) -> Result<Vec<u8>> {
    let l = letter(year, prefilled)?;
    let data = serde_json::to_vec_pretty(&l).map_err(|e| Error::Template(e.to_string()))?;
    let date = year.packet.request.as_ref().and_then(|r| r.date.get().ok());
    let today = date.map(|d| (d.year, d.month as u8, d.day as u8));
    // The world compiles `main.typ`: the letter is that file here.
    let templates = [("main.typ".to_string(), template.to_string())];
    let w = world::PacketWorld::new(fonts::store(), &templates, &[(DATA_FILE.to_string(), data)], today);
    let doc = typst::compile::<PagedDocument>(&w).output.map_err(|diags| {
        Error::Template(format!("{TEMPLATE_FILE}: {}", diags.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join("\n")))
    })?;
    let p = &year.packet;
    let options = PdfOptions {
        ident: Smart::Custom(format!("shiryo/{}/{}/request/{}", p.prefecture, p.fiscal_year, l.number)),
        creator: Smart::Custom(Some(format!("shiryo {}", env!("CARGO_PKG_VERSION")))),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&doc, &options)
        .map_err(|diags| Error::Pdf(diags.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join("\n")))
}
