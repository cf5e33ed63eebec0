//! What the desk shows: the years to choose from, the board of the season,
//! one unit, the preview. Each page reads the year under a shared lock held
//! for that request only.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minijinja::Value;
use serde::{Deserialize, Serialize};
use shiryo::error::{Error, Result};
use shiryo::intake::form::Kind;
use shiryo::intake::ingest::received::{self, Check, StatusRow};
use shiryo::lang::Lang;
use shiryo::messages::{self, DeskRefusal, IntakeUi as U};
use shiryo::model::Year;
use shiryo::model::moment::Moment;
use shiryo::store::ledger::{Entry, Ledger, State as LedgerState};
use shiryo::store::lock::{Access, Wait};
use shiryo::store;

use super::{Desk, view};

/// Runs library work off the server's threads; an error or a panic becomes a page.
pub async fn blocking<F>(desk: &Arc<Desk>, f: F) -> Response
where
    F: FnOnce(&Desk) -> Result<Response> + Send + 'static,
{
    let d = desk.clone();
    let lang = desk.lang;
    match tokio::task::spawn_blocking(move || f(&d)).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => view::error(lang, &e),
        Err(_) => view::message(lang, StatusCode::INTERNAL_SERVER_ERROR, &messages::desk_refusal(DeskRefusal::Internal, lang)),
    }
}

/// The year's lock for one request: shared to read, exclusive to change; an
/// interrupted change is settled as every command settles it.
pub fn open(dir: &Path, access: Access) -> Result<store::Opened> {
    store::open(dir, access, Wait::Block, &mut || {})
}

/// The year worked on, or the page that says none is chosen.
pub fn chosen(desk: &Desk) -> Result<PathBuf> {
    desk.year().ok_or(Error::NoYearChosen)
}

pub async fn home(State(desk): State<Arc<Desk>>) -> Response {
    blocking(&desk, |d| match d.year() {
        Some(dir) => board(d, &dir),
        None => Ok(years(d)),
    })
    .await
}

pub async fn not_found(State(desk): State<Arc<Desk>>) -> Response {
    view::message(desk.lang, StatusCode::NOT_FOUND, &messages::desk_refusal(DeskRefusal::NotFound, desk.lang))
}

/// The years found under the folder the desk was started in (and `inputs/`).
pub fn year_dirs(root: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
        if dir.join(store::PACKET).is_file() {
            out.push(dir.to_path_buf());
            return;
        }
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        if depth == 0 {
            return;
        }
        let mut dirs: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_dir() && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.') || n == "target"))
            .collect();
        dirs.sort();
        for d in dirs {
            walk(&d, depth - 1, out);
        }
    }
    let mut out = Vec::new();
    walk(root, 3, &mut out);
    out
}

#[derive(Serialize)]
struct YearChoice {
    index: usize,
    path: String,
    label: String,
}

fn years(d: &Desk) -> Response {
    let choices: Vec<YearChoice> = year_dirs(&d.root)
        .iter()
        .enumerate()
        .map(|(index, p)| {
            let label = store::load(p)
                .map(|y| format!("{} {}（{}）", shiryo::model::era::fiscal_year(y.packet.fiscal_year), y.packet.meeting, y.packet.prefecture))
                .unwrap_or_default();
            YearChoice { index, path: p.strip_prefix(&d.root).unwrap_or(p).display().to_string(), label }
        })
        .collect();
    view::page(d.lang, "years.html.j2", minijinja::context! { years => Value::from(minijinja::value::Serde(&choices)), root => d.root.display().to_string() })
}

/// One row of the board.
#[derive(Serialize)]
struct Row {
    name: String,
    label: String,
    state: &'static str,
    /// The state's colour on the page.
    class: &'static str,
    received: String,
    sender: String,
    files: String,
    send_back: bool,
    /// Workbooks waiting for the clerk's choice (重複, 保留).
    choices: Vec<Choice>,
}

#[derive(Serialize)]
struct Choice {
    sha256: String,
    file: String,
    received: String,
}

#[derive(Serialize)]
struct Block {
    title: String,
    rows: Vec<Row>,
}

fn class(c: Check) -> &'static str {
    match c {
        Check::Submitted | Check::Late | Check::TomlOnly => "done",
        Check::Warnings => "warn",
        Check::Missing => "wait",
        Check::SentBack | Check::Overdue | Check::Duplicated | Check::Held => "act",
    }
}

/// The label a unit goes by: a centre and the prefecture's own parts say what they are.
pub fn label(kind: Kind, name: &str, lang: Lang) -> String {
    match kind {
        Kind::Centre => format!("{name}{}", messages::intake_ui(U::Centre, lang)),
        Kind::Prefecture => format!("{name}{}", messages::intake_ui(U::PrefectureParts, lang)),
        Kind::Unit => name.to_string(),
    }
}

fn row(r: &StatusRow, ledger: &Ledger, lang: Lang) -> Row {
    let choices = ledger
        .workbooks
        .iter()
        .filter(|e| e.name == r.name && e.kind == r.kind.key() && e.state == LedgerState::Held)
        .map(|e| Choice { sha256: e.sha256.clone(), file: e.original.clone(), received: jst(e) })
        .collect();
    Row {
        name: r.name.clone(),
        label: label(r.kind, &r.name, lang),
        state: messages::check(r.check, lang),
        class: class(r.check),
        received: r.moment.map(|m| m.jst()).unwrap_or_default(),
        sender: r.sender.clone(),
        files: r.files.join(" / "),
        send_back: matches!(r.check, Check::SentBack | Check::Warnings),
        choices,
    }
}

fn jst(e: &Entry) -> String {
    Moment::parse(e.moment()).map(|m| m.jst()).unwrap_or_default()
}

fn blocks(rows: &[StatusRow], ledger: &Ledger, lang: Lang) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for r in rows {
        let title = if r.block.is_empty() { messages::intake_ui(U::Others, lang).to_string() } else { r.block.clone() };
        if out.last().is_none_or(|b| b.title != title) {
            out.push(Block { title, rows: Vec::new() });
        }
        if let Some(b) = out.last_mut() {
            b.rows.push(row(r, ledger, lang));
        }
    }
    out
}

/// Days from today (Japan) to the deadline: negative once it has passed.
fn days_left(year: &Year) -> Option<i64> {
    let deadline = year.packet.deadline.get().ok()?;
    let today = shiryo::outputs::mail::japan_date(shiryo::clock::now());
    let days = |d: shiryo::model::Date| shiryo::model::era::days_from_civil(d.year.into(), d.month.into(), d.day.into());
    Some(days(deadline) - days(today))
}

/// Whether the season is still running: a unit without an accepted answer, or one waiting for the clerk.
pub fn season_open(rows: &[StatusRow]) -> bool {
    rows.iter().any(|r| !matches!(r.check, Check::Submitted | Check::Late | Check::Warnings | Check::TomlOnly))
}

fn board(d: &Desk, dir: &Path) -> Result<Response> {
    let _lock = open(dir, Access::Read)?;
    let year = store::load(dir)?;
    let ledger = Ledger::load(dir)?;
    let rows = received::status(dir)?;
    let counts = received::totals(&rows);
    let totals = messages::status_totals(&counts, d.lang);
    // What to do, once per state that waits for the clerk.
    let hints: Vec<String> = counts
        .iter()
        .filter(|(c, _)| c.needs_clerk())
        .map(|(c, _)| format!("{}: {}", messages::check(*c, d.lang), messages::check_hint(*c, d.lang)))
        .collect();
    let p = &year.packet;
    let ctx = minijinja::context! {
        title => format!("{} {}", shiryo::model::era::fiscal_year(p.fiscal_year), p.meeting),
        survey => year.survey.title.clone(),
        folder => dir.display().to_string(),
        deadline => messages::desk_deadline(p.deadline.get().ok(), days_left(&year), d.lang),
        blocks => Value::from(minijinja::value::Serde(blocks(&rows, &ledger, d.lang))),
        totals => totals,
        hints => hints,
        pending => rows.iter().any(|r| r.check.needs_clerk()),
        stamp => stamp_of(dir),
        built => d.preview.lock().ok().and_then(|p| p.pages()).unwrap_or(0),
        draft => season_open(&rows),
        archive => d.archive_root(dir).display().to_string(),
        limit_mb => super::UPLOAD_LIMIT / (1024 * 1024),
    };
    Ok(view::page(d.lang, "board.html.j2", ctx))
}

/// The year's state in one string: it changes when the ledger or any of the
/// year's TOML files does (a CLI ingest while the page is open).
pub fn stamp_of(dir: &Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let mut files = vec![Ledger::path(dir), dir.join(store::PACKET)];
    for sub in ["units", "centres"] {
        if let Ok(entries) = std::fs::read_dir(dir.join(sub)) {
            files.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
        }
    }
    files.sort();
    for f in files {
        f.hash(&mut h);
        if let Ok(m) = std::fs::metadata(&f) {
            m.len().hash(&mut h);
            m.modified().ok().hash(&mut h);
        }
    }
    format!("{:016x}", h.finish())
}

pub async fn stamp(State(desk): State<Arc<Desk>>) -> Response {
    match desk.year() {
        Some(dir) => stamp_of(&dir).into_response(),
        None => String::new().into_response(),
    }
}

#[derive(Deserialize)]
pub struct UnitQuery {
    pub name: String,
}

pub async fn unit(State(desk): State<Arc<Desk>>, Query(q): Query<UnitQuery>) -> Response {
    blocking(&desk, move |d| {
        let dir = chosen(d)?;
        let _lock = open(&dir, Access::Read)?;
        let year = store::load(&dir)?;
        let ledger = Ledger::load(&dir)?;
        let kind = kind_of(&year, &ledger, &q.name).ok_or_else(|| Error::NoSuchUnit(q.name.clone()))?;
        let ctx = minijinja::context! {
            name => q.name.clone(),
            label => label(kind, &q.name, d.lang),
            findings => findings(&dir, &year, &ledger, kind, &q.name, d.lang),
            versions => Value::from(minijinja::value::Serde(versions(&ledger, &q.name, d.lang))),
            answers => Value::from(minijinja::value::Serde(super::preview::answers(&year, kind, &q.name))),
            send_back => ledger.latest(kind, &q.name).is_some_and(|e| e.state == LedgerState::Rejected || (e.state == LedgerState::Applied && e.warnings > 0)),
        };
        Ok(view::page(d.lang, "unit.html.j2", ctx))
    })
    .await
}

/// Whether `name` is a unit, a centre or the prefecture's own parts of the year.
pub fn kind_of(year: &Year, ledger: &Ledger, name: &str) -> Option<Kind> {
    if year.units.iter().any(|u| u.name == name) || year.blocks.blocks.iter().any(|b| b.columns.iter().any(|u| u == name)) {
        return Some(Kind::Unit);
    }
    if year.centres.iter().any(|c| c.name == name) {
        return Some(Kind::Centre);
    }
    ledger.workbooks.iter().find(|e| e.name == name).and_then(|e| Kind::from_key(&e.kind))
}

/// The latest version's findings, with sheet and cell.
fn findings(dir: &Path, year: &Year, ledger: &Ledger, kind: Kind, name: &str, lang: Lang) -> Vec<String> {
    let Some(e) = ledger.latest(kind, name) else { return Vec::new() };
    crate::cli::history::all_findings(dir, year, e).iter().map(|f| messages::intake(f, lang)).collect()
}

#[derive(Serialize)]
struct Version {
    n: usize,
    line: String,
    restore: bool,
}

fn versions(ledger: &Ledger, name: &str, lang: Lang) -> Vec<Version> {
    crate::cli::history::versions(ledger, name)
        .iter()
        .enumerate()
        .map(|(i, e)| Version {
            n: i + 1,
            line: messages::version_line(i + 1, &jst(e), e.state, &e.original, &e.sender, lang),
            restore: matches!(e.state, LedgerState::Superseded | LedgerState::Declined | LedgerState::Held),
        })
        .collect()
}

pub async fn preview(State(desk): State<Arc<Desk>>) -> Response {
    blocking(&desk, |d| {
        let dir = chosen(d)?;
        let pages = super::preview::ensure(d, &dir)?;
        let stamp = stamp_of(&dir);
        Ok(view::page(d.lang, "preview.html.j2", minijinja::context! { pages => (1..=pages).collect::<Vec<_>>(), stamp => stamp }))
    })
    .await
}
