//! `<year>/received/`: the applied workbooks, unchanged, and `index.toml`,
//! the ledger ([`crate::store::ledger`]). `status` reads it.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::Result;
use crate::model::Kind;
use crate::model::Year;
use crate::store;

pub use crate::store::ledger::{sha256, DIR, Entry, Hold, INDEX, Ledger, Origin, Pending, Produced, State};

/// A time as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn iso_utc(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil(days as i64);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Days since 1970-01-01 → (year, month, day) (H. Hinnant's algorithm).
fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Whether a unit or centre has answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    /// Its workbook was ingested.
    Submitted,
    /// Its TOML exists but no workbook was ingested (entered by hand).
    TomlOnly,
    Missing,
    /// Two or more workbooks wait for `ingest --prefer`.
    Duplicated,
}

/// One line of `status`.
#[derive(Debug, Clone)]
pub struct StatusRow {
    pub block: String,
    pub kind: Kind,
    pub name: String,
    pub answered: Answered,
    /// (file name, workbook modification time) of the current or pending workbooks.
    pub files: Vec<(String, String)>,
}

/// Per block: its units, then its centres.
pub fn status(year_dir: &Path) -> Result<Vec<StatusRow>> {
    let year: Year = store::load(year_dir)?;
    let ledger = Ledger::load(year_dir)?;
    let mut rows = Vec::new();
    let row = |block: &str, kind: Kind, name: &str, has_toml: bool| {
        let pending = ledger.pending.iter().find(|p| p.kind == kind.key() && p.name == name);
        let (answered, files) = if let Some(p) = pending {
            (Answered::Duplicated, p.files.iter().cloned().zip(p.modified.iter().cloned()).collect())
        } else if let Some(e) = ledger.current(kind, name) {
            (Answered::Submitted, vec![(e.original.clone(), e.modified.clone())])
        } else if has_toml {
            (Answered::TomlOnly, Vec::new())
        } else {
            (Answered::Missing, Vec::new())
        };
        StatusRow { block: block.to_string(), kind, name: name.to_string(), answered, files }
    };
    // Centres: this year's, and any the ledger knows, by the block their members are in.
    // A centre file without 広域 lines is its definition only (as `new-year` carries it over): not an answer.
    let mut centres: Vec<(String, Vec<String>, bool)> =
        year.centres.iter().map(|c| (c.name.clone(), c.members.clone(), !c.items.is_empty())).collect();
    for e in ledger.workbooks.iter().filter(|e| e.kind == Kind::Centre.key()) {
        if !centres.iter().any(|c| c.0 == e.name) {
            centres.push((e.name.clone(), Vec::new(), false));
        }
    }
    for block in &year.blocks.blocks {
        for name in &block.columns {
            rows.push(row(&block.label, Kind::Unit, name, year.unit(name).is_some()));
        }
        for (name, members, has) in &centres {
            if !members.is_empty() && members.iter().all(|m| block.columns.contains(m)) {
                rows.push(row(&block.label, Kind::Centre, name, *has));
            }
        }
    }
    for (name, members, has) in &centres {
        if members.is_empty() || !year.blocks.blocks.iter().any(|b| members.iter().all(|m| b.columns.contains(m))) {
            rows.push(row("", Kind::Centre, name, *has));
        }
    }
    // The prefecture's own parts (its TOML always exists).
    rows.push(row("", Kind::Prefecture, &year.packet.prefecture, true));
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
