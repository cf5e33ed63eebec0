//! What the desk shows: the years to choose from, the board of the season,
//! one unit, the preview. Each page is one of the season's steps, read under a
//! shared lock held for that request only.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use minijinja::Value;
use serde::{Deserialize, Serialize};
use shiryo::error::Error;
use shiryo::intake::form::Kind;
use shiryo::intake::ingest::received::{Check, StatusRow};
use shiryo::lang::Lang;
use shiryo::messages::{self, Front, IntakeUi as U, PageError};
use shiryo::model::Year;
use shiryo::model::moment::Moment;
use shiryo::season::{history, status};
use shiryo::store::ledger::{Entry, Ledger, State as LedgerState};
use shiryo::store;

use super::view::{self, Fail, Result, blocking};
use super::{Desk, stamp_of};

/// `GET /archive`: what archiving will do, and the button that does it.
pub async fn archive(State(desk): State<Arc<Desk>>) -> Response {
    blocking(&desk, |d| {
        let dir = d.chosen()?;
        let s = status::status(&d.season, &dir)?.outcome;
        let waiting: Vec<String> = s
            .rows
            .iter()
            .filter(|r| r.kind != Kind::Prefecture && !matches!(r.check, Check::Submitted | Check::Late | Check::LateWarnings | Check::Warnings | Check::TomlOnly))
            .map(|r| label(r.kind, &r.name, d.lang))
            .collect();
        let private = shiryo::model::private::count(&s.year);
        let (lines, warnings) = messages::archive_preview(&d.archive_root(&dir), private, &waiting, d.lang);
        let ctx = minijinja::context! { title => messages::desk_word("archive", d.lang), lines => lines, warnings => warnings, confirm => "/archive" };
        Ok(view::page(d.lang, "outcome.html.j2", ctx))
    })
    .await
}

#[derive(Serialize)]
struct ContactRow {
    name: String,
    office: String,
    person: String,
    phone: String,
    mail: String,
    cc: String,
}

/// `GET /contacts`: every unit's and centre's contact, to confirm or edit before the request.
pub async fn contacts(State(desk): State<Arc<Desk>>) -> Response {
    blocking(&desk, |d| {
        let dir = d.chosen()?;
        let list = shiryo::season::packet::contacts(&d.season, &dir)?.outcome;
        let rows: Vec<ContactRow> = list
            .into_iter()
            .map(|(name, c)| ContactRow { name, office: c.office, person: c.person, phone: c.phone, mail: c.mail.join("、"), cc: c.cc.join("、") })
            .collect();
        Ok(view::page(d.lang, "contacts.html.j2", minijinja::context! { rows => Value::from(minijinja::value::Serde(&rows)) }))
    })
    .await
}

/// `/years`: the years to open, and a new one to start, from any page.
pub async fn all_years(State(desk): State<Arc<Desk>>) -> Response {
    blocking(&desk, |d| Ok(years(d))).await
}

pub async fn home(State(desk): State<Arc<Desk>>) -> Response {
    blocking(&desk, |d| match d.year() {
        Some(dir) => board(d, &dir),
        None => Ok(years(d)),
    })
    .await
}

pub async fn not_found(State(desk): State<Arc<Desk>>) -> Response {
    view::fail(desk.lang, &Fail::Page(PageError::NotFound))
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
    let dirs = year_dirs(&d.root);
    let loaded: Vec<Option<Year>> = dirs.iter().map(|p| store::load(p).ok()).collect();
    let choices: Vec<YearChoice> = dirs
        .iter()
        .zip(&loaded)
        .enumerate()
        .map(|(index, (p, y))| {
            let label = y
                .as_ref()
                .map(|y| format!("{} {}（{}）", shiryo::model::era::fiscal_year(y.packet.fiscal_year), y.packet.meeting, y.packet.prefecture))
                .unwrap_or_default();
            YearChoice { index, path: p.strip_prefix(&d.root).unwrap_or(p).display().to_string(), label }
        })
        .collect();
    // The new year starts from the latest year: its meeting and request shown to keep or change.
    let latest = loaded.iter().enumerate().filter_map(|(i, y)| Some((i, y.as_ref()?))).max_by_key(|(_, y)| y.packet.fiscal_year);
    let last = latest.map(|(i, y)| {
        let r = y.packet.request.clone().unwrap_or_default();
        minijinja::context! { index => i, meeting => y.packet.meeting.clone(), number => r.number, addressee => r.addressee, sender => r.sender, mail => r.mail.unwrap_or_default() }
    });
    let ctx = minijinja::context! { years => Value::from(minijinja::value::Serde(&choices)), root => d.root.display().to_string(), last => last };
    view::page(d.lang, "years.html.j2", ctx)
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
    /// 前年度から変更なし／変更あり, where both years answered.
    since: &'static str,
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
        Check::Warnings | Check::LateWarnings => "warn",
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

fn row(r: &StatusRow, ledger: &Ledger, since: &std::collections::BTreeMap<String, bool>, lang: Lang) -> Row {
    let choices = ledger
        .workbooks
        .iter()
        .filter(|e| e.name == r.name && e.kind == Some(r.kind) && e.state == LedgerState::Held)
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
        send_back: matches!(r.check, Check::SentBack | Check::Warnings | Check::LateWarnings),
        since: since.get(&r.name).map(|c| messages::since_last_year(*c, lang)).unwrap_or(""),
        choices,
    }
}

fn jst(e: &Entry) -> String {
    Moment::parse(e.moment()).map(|m| m.jst()).unwrap_or_default()
}

fn blocks(rows: &[StatusRow], ledger: &Ledger, since: &std::collections::BTreeMap<String, bool>, lang: Lang) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for r in rows {
        let title = if r.block.is_empty() { messages::intake_ui(U::Others, lang).to_string() } else { r.block.clone() };
        if out.last().is_none_or(|b| b.title != title) {
            out.push(Block { title, rows: Vec::new() });
        }
        if let Some(b) = out.last_mut() {
            b.rows.push(row(r, ledger, since, lang));
        }
    }
    out
}

fn board(d: &Desk, dir: &Path) -> Result<Response> {
    let st = status::status(&d.season, dir)?;
    let (notes, s) = (st.notes, st.outcome);
    let lang = d.lang;
    // What to do, once per state that waits for the clerk.
    let hints: Vec<String> = s.to_do().map(|c| format!("{}: {}", messages::check(c, lang), messages::check_hint(c, Front::Page, lang))).collect();
    let p = &s.year.packet;
    let ctx = minijinja::context! {
        title => format!("{} {}", shiryo::model::era::fiscal_year(p.fiscal_year), p.meeting),
        survey => s.year.survey.title.clone(),
        folder => dir.display().to_string(),
        deadline => messages::desk_deadline(p.deadline.get().ok(), s.days_left, lang),
        blocks => Value::from(minijinja::value::Serde(blocks(&s.rows, &s.ledger, &s.since_last_year, lang))),
        totals => messages::status_totals(&s.totals, lang),
        hints => hints,
        notes => notes.iter().map(|n| messages::note(n, lang)).collect::<Vec<_>>(),
        pending => s.pending(),
        stamp => stamp_of(dir),
        built => d.preview.lock().ok().and_then(|p| p.pages()).unwrap_or(0),
        draft => status::season_open(&s.rows),
        archive => d.archive_root(dir).display().to_string(),
        limit_mb => super::UPLOAD_LIMIT / (1024 * 1024),
        chart => Value::from_safe_string(chart(&s, lang)),
    };
    Ok(view::page(lang, "board.html.j2", ctx))
}

/// Answers received by day against the deadline: a small SVG drawn on the server
/// (no script library), one bar per day, the deadline a red line. Numbers and dates only:
/// no text a municipality typed reaches it.
fn chart(s: &status::Status, lang: Lang) -> String {
    let day = |y: i64, m: u32, d: u32| shiryo::model::era::days_from_civil(y, m.into(), d.into());
    let answered: Vec<i64> = s
        .rows
        .iter()
        .filter(|r| matches!(r.check, Check::Submitted | Check::Late | Check::LateWarnings | Check::Warnings))
        .filter_map(|r| r.moment.map(|m| m.jst_day()))
        .map(|(y, m, d)| day(y, m, d))
        .collect();
    let Ok(deadline) = s.year.packet.deadline.get() else { return String::new() };
    let deadline = day(deadline.year.into(), deadline.month, deadline.day);
    if answered.is_empty() {
        return String::new();
    }
    let first = answered.iter().copied().min().unwrap_or(deadline).min(deadline - 14);
    let last = answered.iter().copied().max().unwrap_or(deadline).max(deadline + 1);
    let (w, h, days) = (600.0_f64, 100.0_f64, (last - first + 1) as f64);
    let per = |d: i64| answered.iter().filter(|&&a| a == d).count();
    let most = (first..=last).map(per).max().unwrap_or(1).max(1) as f64;
    let bw = w / days;
    let mut svg = format!("<svg class=\"chart\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {w} {}\" width=\"{w}\" height=\"{}\">", messages::desk_word("chart", lang), h + 16.0, h + 16.0);
    for d in first..=last {
        let n = per(d) as f64;
        if n > 0.0 {
            let bh = n / most * h;
            svg += &format!("<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"#24466e\"><title>{}: {n}</title></rect>", (d - first) as f64 * bw, h - bh, (bw - 1.0).max(1.0), date_of(d));
        }
    }
    let x = (deadline - first) as f64 * bw + bw;
    svg += &format!("<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"0\" y2=\"{h}\" stroke=\"#c0392b\" stroke-width=\"2\"/>");
    svg += &format!("<text x=\"0\" y=\"{}\" font-size=\"11\">{}</text><text x=\"{w}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text></svg>", h + 13.0, date_of(first), h + 13.0, date_of(last));
    svg
}

/// A day number as `M/D`.
fn date_of(d: i64) -> String {
    let (_, m, day) = shiryo::model::era::civil_from_days(d);
    format!("{m}/{day}")
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
    /// Two versions to compare (numbered from 1).
    #[serde(default)]
    pub from: Option<usize>,
    #[serde(default)]
    pub to: Option<usize>,
}

pub async fn unit(State(desk): State<Arc<Desk>>, Query(q): Query<UnitQuery>) -> Response {
    blocking(&desk, move |d| {
        let dir = d.chosen()?;
        let since = status::status(&d.season, &dir)?.outcome.since_last_year.get(&q.name).map(|c| messages::since_last_year(*c, d.lang));
        let _lock = d.season.open(&dir, shiryo::store::lock::Access::Read, &mut Vec::new())?;
        let year = store::load(&dir)?;
        let ledger = Ledger::load(&dir)?;
        let kind = kind_of(&year, &ledger, &q.name).ok_or_else(|| Error::NoSuchUnit(q.name.clone()))?;
        let latest = ledger.latest(kind, &q.name);
        let findings = latest.map(|e| history::findings(&dir, &year, e)).unwrap_or_default();
        let compared = match (q.from, q.to) {
            (Some(a), Some(b)) => Some((a, b, messages::field_changes(&history::compare(&d.season, &dir, &q.name, a, b)?.outcome, "", d.lang))),
            _ => None,
        };
        let answered = year.has_answer(kind, &q.name);
        let ctx = minijinja::context! {
            name => q.name.clone(),
            label => label(kind, &q.name, d.lang),
            compared => compared.map(|(a, b, text)| minijinja::context! { from => a, to => b, text => if text.is_empty() { messages::desk_word("no_changes", d.lang).to_string() } else { text } }),
            answered => answered,
            since => since,
            own_deadline => year.packet.extensions.get(&q.name).map(|d| d.as_str().to_string()),
            deadline => year.packet.deadline.as_str().to_string(),
            unit => kind != Kind::Prefecture,
            findings => findings.iter().map(|f| messages::intake(f, Front::Page, d.lang)).collect::<Vec<_>>(),
            versions => Value::from(minijinja::value::Serde(versions(&dir, &year, &ledger, &q.name, d.lang))),
            answers => Value::from(minijinja::value::Serde(answers(&year, kind, &q.name))),
            send_back => latest.is_some_and(|e| e.state == LedgerState::Rejected || (e.state == LedgerState::Applied && e.warnings > 0)),
        };
        Ok(view::page(d.lang, "unit.html.j2", ctx))
    })
    .await
}

/// Whether `name` is a unit, a centre or the prefecture's own parts of the year.
pub fn kind_of(year: &Year, ledger: &Ledger, name: &str) -> Option<Kind> {
    if name == year.packet.prefecture {
        return Some(Kind::Prefecture);
    }
    if year.units.iter().any(|u| u.name == name) || year.blocks.blocks.iter().any(|b| b.columns.iter().any(|u| u == name)) {
        return Some(Kind::Unit);
    }
    if year.centres.iter().any(|c| c.name == name) {
        return Some(Kind::Centre);
    }
    ledger.workbooks.iter().find(|e| e.name == name).and_then(|e| e.kind)
}

#[derive(Serialize)]
struct Version {
    n: usize,
    line: String,
    restore: bool,
    /// Held for the clerk's choice: chosen by its hash, as on the board.
    choose: Option<String>,
    changes: String,
}

fn versions(dir: &Path, year: &Year, ledger: &Ledger, name: &str, lang: Lang) -> Vec<Version> {
    history::versions(dir, year, ledger, name)
        .into_iter()
        .map(|v| Version {
            n: v.n,
            line: messages::version_line(v.n, &v.moment, v.entry.state, &v.entry.original, &v.entry.sender, lang),
            restore: v.restorable,
            choose: (v.entry.state == LedgerState::Held).then(|| v.entry.sha256.clone()),
            changes: messages::field_changes(&v.changes, "", lang),
        })
        .collect()
}

pub async fn preview(State(desk): State<Arc<Desk>>) -> Response {
    blocking(&desk, |d| {
        let dir = d.chosen()?;
        let pages = super::preview::ensure(d, &dir)?;
        let stamp = stamp_of(&dir);
        Ok(view::page(d.lang, "preview.html.j2", minijinja::context! { pages => (1..=pages).collect::<Vec<_>>(), stamp => stamp }))
    })
    .await
}

/// A unit's answers as the packet prints them: each item's lines, each field's, the paired rows.
#[derive(Serialize, Default)]
pub struct Answers {
    items: Vec<(String, Vec<String>)>,
    fields: Vec<(String, Vec<String>)>,
    pairs: Vec<(String, Vec<String>)>,
    first: String,
    columns: Vec<String>,
}

/// A line as the page shows it: a 非公開 line marked as not printed in the packet.
fn unprinted(line: &str) -> String {
    match shiryo::model::private::unmarked(line) {
        Some(rest) => format!("{rest}（{}）", messages::desk_word("unprinted", Lang::Ja)),
        None => line.to_string(),
    }
}

fn answers(year: &Year, kind: Kind, name: &str) -> Answers {
    let s = &year.survey;
    let mut a = Answers {
        first: s.table.first.header.clone(),
        columns: s.table.columns.iter().map(|c| c.header.clone()).collect(),
        ..Answers::default()
    };
    let label = |i: &shiryo::model::survey::Item| format!("{}{}", i.mark, i.name);
    // A 非公開 line is shown as not printed: its mark moved to the end and said.
    let shown = |lines: &Vec<String>| lines.iter().map(|l| unprinted(l)).collect::<Vec<_>>();
    match kind {
        Kind::Centre => {
            let Some(c) = year.centres.iter().find(|c| c.name == name) else { return a };
            a.items = s.items.iter().filter_map(|i| Some((label(i), shown(&c.items.iter().find(|x| x.key == i.key)?.lines)))).collect();
        }
        _ => {
            let Some(u) = year.unit(name) else { return a };
            a.items = s.items.iter().map(|i| (label(i), u.item(&i.key).map(|c| shown(&c.lines)).unwrap_or_default())).collect();
            a.fields = s.fields.iter().map(|f| (f.name.clone(), u.field(&f.key).map(|v| shown(&v.printed())).unwrap_or_default())).collect();
            a.pairs = u.pairs.iter().map(|p| (unprinted(&p.first), p.rows.iter().map(|r| unprinted(&r.join("｜"))).collect())).collect();
        }
    }
    a
}
