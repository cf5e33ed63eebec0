//! The report of an ingest, for the clerk to attach to a reply mail:
//! Markdown rendered with minijinja from `templates/report.md.j2` (embedded).
//! It holds no clock time, so ingesting the same folder twice writes the same report.

use std::path::Path;

use minijinja::{Environment, context};

use shiryo::error::{Error, Result};
use shiryo::intake::ingest::received::Check;
use shiryo::intake::ingest::{Ingested, Status, WorkbookOutcome};
use shiryo::messages::{self, IntakeUi as U, Lang};
use shiryo::model::Year;
use shiryo::store;

pub const TEMPLATE: &str = include_str!("../../templates/report.md.j2");

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

/// Writes the report of an ingest where it was asked for (`<year>/reports/取込結果.md` by default).
pub fn write(done: &Ingested, lang: Lang) -> Result<()> {
    let waiting: Vec<String> = shiryo::intake::ingest::received::status(&done.year_dir)?
        .into_iter()
        .filter(|r| matches!(r.check, Check::Missing | Check::Overdue | Check::SentBack))
        .map(|r| format!("{}（{}）", r.name, messages::check(r.check, lang)))
        .collect();
    let text = render(&done.workbooks, &done.year, &done.folder, &waiting, lang)?;
    if let Some(dir) = done.report.parent().filter(|d| !d.as_os_str().is_empty()) {
        store::files::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    store::write_atomic(&done.report, text.as_bytes())
}

/// The report's text.
pub fn render(workbooks: &[WorkbookOutcome], year: &Year, folder: &Path, waiting: &[String], lang: Lang) -> Result<String> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    // A Markdown table cell: no pipes or line breaks.
    env.add_filter("cell", |s: String| s.replace('|', "\\|").replace('\n', " "));
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
                Some((shiryo::intake::form::Kind::Centre, n)) => format!("{n}{}", messages::intake_ui(U::Centre, lang)),
                Some((shiryo::intake::form::Kind::Prefecture, n)) => format!("{n}{}", messages::intake_ui(U::PrefectureParts, lang)),
                Some((_, n)) => n.clone(),
                None => String::new(),
            },
            status: messages::intake_status(w.status, lang),
            lines: w.findings.iter().map(|f| messages::intake(f, lang)).collect(),
        })
        .collect();
    let counts: Vec<Count> = [Status::Ok, Status::Warnings, Status::Rejected, Status::Duplicate, Status::Held, Status::Skipped]
        .into_iter()
        .map(|s| Count { label: messages::intake_status(s, lang), n: workbooks.iter().filter(|w| w.status == s).count() })
        .filter(|c| c.n > 0)
        .collect();
    let year_label = format!("{}（{}）", shiryo::model::era::fiscal_year(year.packet.fiscal_year), year.packet.prefecture);
    let tmpl = env.get_template("report.md").map_err(|e| Error::Template(e.to_string()))?;
    tmpl.render(context! {
        t => t,
        year => year_label,
        folder => folder.display().to_string(),
        waiting => waiting.to_vec(),
        counts => counts.iter().map(|c| context! { label => c.label, n => c.n }).collect::<Vec<_>>(),
        workbooks => rows
            .iter()
            .map(|r| context! { file => r.file.clone(), target => r.target.clone(), status => r.status, lines => r.lines.clone() })
            .collect::<Vec<_>>(),
    })
    .map_err(|e| Error::Template(e.to_string()))
}
