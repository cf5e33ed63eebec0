//! The season as a checklist (提出状況): per block each unit and centre with
//! its state, its last receipt and sender; the totals; whether anything waits
//! for the clerk.

use std::path::Path;
use std::time::SystemTime;

use crate::error::Result;
use crate::intake::ingest::received::{self, Check, StatusRow};
use crate::model::Year;
use crate::store::ledger::Ledger;
use crate::store::lock::Access;
use crate::store;

use super::{Done, Season};

/// The status of a year.
#[derive(Debug, Clone)]
pub struct Status {
    pub year: Year,
    pub ledger: Ledger,
    pub rows: Vec<StatusRow>,
    /// How many units are in each state, in the states' order.
    pub totals: Vec<(Check, usize)>,
    /// Days from today (Japan) to the deadline: negative once it has passed.
    pub days_left: Option<i64>,
    /// Per unit and centre with an accepted answer that last year's folder also has: whether
    /// its answer changed since (前年度から変更あり) or not (変更なし).
    pub since_last_year: std::collections::BTreeMap<String, bool>,
}

impl Status {
    /// Whether something waits for the clerk (a send-back, a duplicate, a held workbook, an overdue unit).
    pub fn pending(&self) -> bool {
        self.rows.iter().any(|r| r.check.needs_clerk())
    }

    /// The states that wait for the clerk, once each: what to say to do.
    pub fn to_do(&self) -> impl Iterator<Item = Check> + '_ {
        self.totals.iter().map(|(c, _)| *c).filter(|c| c.needs_clerk())
    }
}

/// The year's status, read under a shared lock.
pub fn status(season: &Season, year_dir: &Path) -> Result<Done<Status>> {
    let mut notes = Vec::new();
    let _open = season.open(year_dir, Access::Read, &mut notes)?;
    let now = season.clock.now();
    let year = store::load(year_dir)?;
    let ledger = Ledger::load(year_dir)?;
    let rows = rows(year_dir, now)?;
    let totals = received::totals(&rows);
    let days_left = days_left(&year, now);
    let since_last_year = store::previous_year(year_dir).and_then(|p| store::load(&p).ok()).map(|last| since(&last, &year)).unwrap_or_default();
    Ok(Done::new(notes, Status { year, ledger, rows, totals, days_left, since_last_year }))
}

/// The rows of [`status`], from a year already open.
pub fn rows(year_dir: &Path, now: SystemTime) -> Result<Vec<StatusRow>> {
    received::status(year_dir, now)
}

/// Whether the season is still running: a unit without an accepted answer, or one waiting for the clerk.
pub fn season_open(rows: &[StatusRow]) -> bool {
    rows.iter().any(|r| !matches!(r.check, Check::Submitted | Check::Late | Check::LateWarnings | Check::Warnings | Check::TomlOnly))
}

/// Whether each unit's and centre's answer changed since last year (both years answered).
fn since(last: &Year, year: &Year) -> std::collections::BTreeMap<String, bool> {
    let as_unit = |c: &crate::model::Centre| crate::model::Unit {
        name: c.name.clone(),
        items: c.items.iter().map(|i| crate::model::ItemCell { key: i.key.clone(), lines: i.lines.clone(), shared_with: vec![] }).collect(),
        ..crate::model::Unit::default()
    };
    let changed = |a: &crate::model::Unit, b: &crate::model::Unit| !crate::model::diff::unit_changes(a, b, &last.survey, &year.survey).is_empty();
    let units = year.units.iter().filter_map(|u| Some((u.name.clone(), changed(last.unit(&u.name)?, u))));
    let centres = year.centres.iter().filter(|c| !c.items.is_empty()).filter_map(|c| {
        let before = last.centres.iter().find(|x| x.name == c.name && !x.items.is_empty())?;
        Some((c.name.clone(), changed(&as_unit(before), &as_unit(c))))
    });
    units.chain(centres).collect()
}

fn days_left(year: &Year, now: SystemTime) -> Option<i64> {
    let deadline = year.packet.deadline.get().ok()?;
    let today = crate::outputs::mail::japan_date(now);
    let days = |d: crate::model::Date| crate::model::era::days_from_civil(d.year.into(), d.month.into(), d.day.into());
    Some(days(deadline) - days(today))
}
