//! `<year>/received/`: the applied workbooks, unchanged, and `index.toml`,
//! the ledger ([`crate::store::ledger`]). `status` reads it.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::Result;
use crate::model::Kind;
use crate::model::Year;
use crate::model::moment::Moment;
use crate::store;

pub use crate::store::ledger::{sha256, DIR, Entry, Hold, INDEX, Kept, Ledger, Origin, Pending, Produced, State};

/// A time as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn iso_utc(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = crate::model::era::civil_from_days(days as i64);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Where a unit or centre stands in the season: the checklist's states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, strum::EnumIter)]
pub enum Check {
    /// 提出済: its latest version is applied, received by the deadline.
    Submitted,
    /// 提出済（期限後）: applied, received after the deadline.
    Late,
    /// 提出済（期限後・注意あり）: applied with warnings, received after the deadline.
    LateWarnings,
    /// 受理（注意あり）: applied with warnings the office may want to see.
    Warnings,
    /// 差し戻し中: its latest version was rejected (the last accepted one, if any, stays applied).
    SentBack,
    /// 未提出: nothing yet, the deadline not passed.
    Missing,
    /// 期限超過: nothing accepted and the deadline passed.
    Overdue,
    /// 重複: two workbooks of the same moment wait for `--prefer`.
    Duplicated,
    /// 保留: a workbook named after another unit waits for the clerk.
    Held,
    /// Its TOML exists but no workbook was ingested (entered by hand).
    TomlOnly,
}

impl Check {
    /// Whether the clerk has something to do about it.
    pub fn needs_clerk(self) -> bool {
        matches!(self, Check::SentBack | Check::Overdue | Check::Duplicated | Check::Held)
    }
}

/// How many units and centres are in each state, in the states' order (the prefecture's own parts not counted).
pub fn totals(rows: &[StatusRow]) -> Vec<(Check, usize)> {
    let mut counts: std::collections::BTreeMap<Check, usize> = Default::default();
    for r in rows.iter().filter(|r| r.kind != crate::model::Kind::Prefecture) {
        *counts.entry(r.check).or_default() += 1;
    }
    counts.into_iter().collect()
}

/// One line of `status`.
#[derive(Debug, Clone)]
pub struct StatusRow {
    pub block: String,
    pub kind: Kind,
    pub name: String,
    pub check: Check,
    /// The receipt moment of its latest version.
    pub moment: Option<Moment>,
    pub sender: String,
    /// The latest version's name as it arrived (or the pending ones').
    pub files: Vec<String>,
}

/// The season at a moment: the year, its ledger, the deadline and now.
struct Season<'a> {
    ledger: &'a Ledger,
    packet: &'a crate::model::Packet,
    today: (i64, u32, u32),
}

impl Season<'_> {
    fn row(&self, block: &str, kind: Kind, name: &str, has_toml: bool) -> StatusRow {
        let mut row = StatusRow {
            block: block.to_string(),
            kind,
            name: name.to_string(),
            check: Check::Missing,
            moment: None,
            sender: String::new(),
            files: Vec::new(),
        };
        // Its own deadline (期限延長) where it has one; a version received on the day is on time.
        let deadline = self.packet.deadline_of(name).ok().map(|d| (i64::from(d.year), d.month, d.day));
        let late = |day: (i64, u32, u32)| deadline.is_some_and(|d| day > d);
        if let Some(p) = self.ledger.pending.iter().find(|p| p.kind == Some(kind) && p.name == name) {
            row.check = if p.files.len() > 1 { Check::Duplicated } else { Check::Held };
            row.files = p.files.clone();
            return row;
        }
        match self.ledger.latest(kind, name) {
            Some(e) => {
                row.moment = Moment::parse(e.moment());
                row.sender = e.sender.clone();
                row.files = vec![e.original.clone()];
                row.check = match e.state {
                    State::Rejected => Check::SentBack,
                    State::Held => Check::Held,
                    _ if row.moment.is_some_and(|m| late(m.jst_day())) && e.warnings > 0 => Check::LateWarnings,
                    _ if row.moment.is_some_and(|m| late(m.jst_day())) => Check::Late,
                    _ if e.warnings > 0 => Check::Warnings,
                    _ => Check::Submitted,
                };
            }
            None if has_toml => row.check = Check::TomlOnly,
            None if late(self.today) => row.check = Check::Overdue,
            None => {}
        }
        row
    }
}

/// Per block: its units, then its centres; then centres in no block and the prefecture's own parts.
pub fn status(year_dir: &Path, now: SystemTime) -> Result<Vec<StatusRow>> {
    let year: Year = store::load(year_dir)?;
    let ledger = Ledger::load(year_dir)?;
    let now = now.duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    let season = Season {
        ledger: &ledger,
        packet: &year.packet,
        today: Moment(now).jst_day(),
    };
    let mut rows = Vec::new();
    // Centres: this year's, and any the ledger knows, by the block their members are in.
    // A centre file without 広域 lines is its definition only (as `new-year` carries it over): not an answer.
    let mut centres: Vec<(String, Vec<String>, bool)> =
        year.centres.iter().map(|c| (c.name.clone(), c.members.clone(), !c.items.is_empty())).collect();
    for e in ledger.workbooks.iter().filter(|e| e.kind == Some(Kind::Centre)) {
        if !centres.iter().any(|c| c.0 == e.name) {
            centres.push((e.name.clone(), Vec::new(), false));
        }
    }
    for block in &year.blocks.blocks {
        for name in &block.columns {
            rows.push(season.row(&block.label, Kind::Unit, name, year.unit(name).is_some()));
        }
        for (name, members, has) in &centres {
            if !members.is_empty() && members.iter().all(|m| block.columns.contains(m)) {
                rows.push(season.row(&block.label, Kind::Centre, name, *has));
            }
        }
    }
    for (name, members, has) in &centres {
        if members.is_empty() || !year.blocks.blocks.iter().any(|b| members.iter().all(|m| b.columns.contains(m))) {
            rows.push(season.row("", Kind::Centre, name, *has));
        }
    }
    // The prefecture's own parts (its TOML always exists).
    rows.push(season.row("", Kind::Prefecture, &year.packet.prefecture, true));
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn utc_dates() {
        assert_eq!(iso_utc(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(UNIX_EPOCH + Duration::from_secs(1_542_326_400 + 3661)), "2018-11-16T01:01:01Z");
        assert_eq!(iso_utc(UNIX_EPOCH + Duration::from_secs(951_782_400)), "2000-02-29T00:00:00Z");
    }
}
