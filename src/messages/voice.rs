//! The words the season's steps lend for the documents they write
//! ([`crate::season::Voice`]): the ingest report, for the clerk to attach to
//! a reply mail (Markdown rendered with minijinja from `templates/report.md.j2`,
//! embedded; it holds no clock time, so ingesting the same folder twice writes
//! the same report), and what a finding says in a mail or a cell's comment.
//! Documents are read away from the terminal: their actions are the page's.

use std::path::Path;

use minijinja::{Environment, context};

use crate::error::{Error, Result};
use crate::intake::ingest::received::StatusRow;
use crate::intake::ingest::{Finding, Ingested, Status, WorkbookOutcome};
use crate::messages::{self as messages, Front, IntakeUi as U, Lang};
use crate::model::Year;

pub const TEMPLATE: &str = include_str!("../../templates/report.md.j2");

/// The words of documents in a language.
#[derive(Debug, Clone, Copy)]
pub struct Documents(pub Lang);

impl crate::season::Voice for Documents {
    fn report(&self, done: &Ingested, waiting: &[StatusRow]) -> Result<String> {
        let waiting: Vec<String> = waiting.iter().map(|r| format!("{}（{}）", r.name, messages::check(r.check, self.0))).collect();
        render(&done.workbooks, &done.year, &done.folder, &waiting, self.0)
    }

    fn finding(&self, f: &Finding) -> String {
        messages::finding_text(f, Front::Page, self.0)
    }

    fn finding_at(&self, f: &Finding) -> String {
        messages::intake(f, Front::Page, self.0)
    }
}

struct Row {
    file: String,
    target: String,
    status: &'static str,
    lines: Vec<String>,
}

struct Count {
    label: &'static str,
    n: usize,
}

/// The report's text.
pub fn render(workbooks: &[WorkbookOutcome], year: &Year, folder: &Path, waiting: &[String], lang: Lang) -> Result<String> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    // What a file name, a unit or a cell held is text in the report, never Markdown or HTML:
    // controls escaped, no line break (a heading, a split row), `<` `>` `&` as entities.
    env.set_formatter(|out, _state, value| {
        let text = value.to_string();
        let text = messages::inert(&text).replace(['\r', '\n'], " ").replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        out.write_str(&text).map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "report"))
    });
    // A Markdown table cell: no pipes.
    env.add_filter("cell", |s: String| s.replace('|', "\\|"));
    env.add_template("report.md", TEMPLATE).map_err(|e| Error::Template(e.to_string()))?;
    let t: std::collections::BTreeMap<&str, &str> = [
        ("title", U::Title),
        ("year", U::Year),
        ("folder", U::Folder),
        ("file", U::File),
        ("target", U::Target),
        ("result", U::Result),
        ("summary", U::Summary),
        ("none", U::None),
        ("waiting", U::Waiting),
    ]
    .into_iter()
    .map(|(k, u)| (k, messages::intake_ui(u, lang)))
    .collect();
    let rows: Vec<Row> = workbooks
        .iter()
        .map(|w| Row {
            file: w.file.clone(),
            target: match &w.target {
                Some((crate::intake::form::Kind::Centre, n)) => format!("{n}{}", messages::intake_ui(U::Centre, lang)),
                Some((crate::intake::form::Kind::Prefecture, n)) => format!("{n}{}", messages::intake_ui(U::PrefectureParts, lang)),
                Some((_, n)) => n.clone(),
                None => String::new(),
            },
            status: messages::intake_status(w.status, lang),
            lines: w.findings.iter().map(|f| messages::intake(f, Front::Page, lang)).collect(),
        })
        .collect();
    let counts: Vec<Count> = [Status::Ok, Status::Warnings, Status::Rejected, Status::Duplicate, Status::Held, Status::Skipped]
        .into_iter()
        .map(|s| Count { label: messages::intake_status(s, lang), n: workbooks.iter().filter(|w| w.status == s).count() })
        .filter(|c| c.n > 0)
        .collect();
    let year_label = format!("{}（{}）", crate::model::era::fiscal_year(year.packet.fiscal_year), year.packet.prefecture);
    let tmpl = env.get_template("report.md").map_err(|e| Error::Template(e.to_string()))?;
    tmpl.render(context! {
        t => t,
        year => year_label,
        folder => if folder.as_os_str().is_empty() { messages::intake_ui(U::Uploaded, lang).to_string() } else { folder.display().to_string() },
        waiting => waiting.to_vec(),
        counts => counts.iter().map(|c| context! { label => c.label, n => c.n }).collect::<Vec<_>>(),
        workbooks => rows
            .iter()
            .map(|r| context! { file => r.file.clone(), target => r.target.clone(), status => r.status, lines => r.lines.clone() })
            .collect::<Vec<_>>(),
    })
    .map_err(|e| Error::Template(e.to_string()))
}
