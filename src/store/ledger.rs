//! `<year>/received/index.toml`: the ledger. A line for every workbook the
//! year ever received: where it came from, when, what became of it, and the
//! SHA-256 of each TOML it produced, so that the year's files can be checked
//! against it. `status` reads it; `archive` attaches what it says was applied.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, Severity};
use crate::model::Kind;

pub const DIR: &str = "received";
pub const INDEX: &str = "index.toml";
/// The ledger's format; 1 was the unversioned one (states current/superseded/declined).
pub const SCHEMA: u32 = 2;

/// What became of a received workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// The workbook the target's TOML was last taken from.
    #[serde(alias = "current")]
    Applied,
    /// Not applied until the clerk chooses (`--prefer`): see [`Hold`].
    Held,
    /// Applied once, replaced by a later workbook.
    Superseded,
    /// One of two workbooks for a target, not chosen.
    Declined,
    /// This year's form, with errors: nothing applied.
    Rejected,
    /// Not this year's form (or not a readable workbook).
    NotAForm,
}

/// Why a workbook is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hold {
    /// Another workbook for the same target arrived with it.
    Duplicate,
    /// Its file name names another unit of the year (a form copied and filled for another).
    CopiedForm,
}

/// Where a workbook came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    #[default]
    Folder,
    Zip,
    Mail,
}

/// A TOML file a workbook produced, with the SHA-256 of the bytes written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Produced {
    pub file: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// What the workbook answers for: `unit`, `centre` or `prefecture` in the
    /// file; `None` (written as an empty string) when it named none.
    #[serde(default, with = "kind_key")]
    pub kind: Option<Kind>,
    #[serde(default)]
    pub name: String,
    pub state: State,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold: Option<Hold>,
    pub sha256: String,
    #[serde(default)]
    pub origin: Origin,
    /// The name it arrived under: its path in the ingested folder, or `zip/entry`.
    pub original: String,
    /// Who sent it, where known (a mail's From).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sender: String,
    /// The mail's subject, when it came by mail.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subject: String,
    /// The mail's `Date:`, ISO 8601 with the sender's zone (`2019-10-15T09:30:00+09:00`), when it came by mail.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mail_date: String,
    /// Its copy under `received/` (applied and superseded workbooks).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stored: String,
    /// When it was first received (UTC).
    pub received: String,
    /// The workbook's own modification time.
    #[serde(default)]
    pub modified: String,
    /// Its receipt moment, which orders a unit's versions: the mail's date, else the workbook's own modification time (or the file's).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub moment: String,
    /// Warnings found in it when it was applied (受理（注意あり）).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub warnings: usize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub produced: Vec<Produced>,
    /// What was found in it when it was judged, errors and warnings (`None` in a ledger
    /// written before findings were kept: `history` judges such a version again from its copy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub findings: Option<Vec<Kept>>,
}

/// A finding kept with its workbook: how grave, where (sheet and A1 cell; empty for the
/// workbook as a whole) and what — the intake's typed finding kind as serde writes it
/// (`intake::ingest::FindingKind`, read back by `intake::ingest::from_kept`); the ledger
/// keeps it without reading it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    pub severity: Severity,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sheet: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cell: String,
    pub kind: toml::Value,
}

/// The kind as the ledger has always written it: its key, or an empty string for none.
mod kind_key {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use crate::model::Kind;

    pub fn serialize<S: Serializer>(k: &Option<Kind>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(k.map_or("", Kind::key))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Kind>, D::Error> {
        let key = String::deserialize(d)?;
        if key.is_empty() {
            return Ok(None);
        }
        Kind::from_key(&key).map(Some).ok_or_else(|| D::Error::custom(format!("unknown kind \"{key}\" (unit, centre or prefecture)")))
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Entry {
    /// The receipt moment as written (the modification time in a ledger written before `moment`).
    pub fn moment(&self) -> &str {
        if self.moment.is_empty() { &self.modified } else { &self.moment }
    }
}

/// Two or more different workbooks for one target: none applied until the clerk chooses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    #[serde(with = "kind_key")]
    pub kind: Option<Kind>,
    pub name: String,
    /// Their names in the ingested folder, with modification times.
    pub files: Vec<String>,
    pub modified: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    /// The ledger's own format ([`SCHEMA`]).
    #[serde(default = "schema_1")]
    pub schema: u32,
    /// The data schema ([`crate::model::survey::SCHEMA`]) of the shiryo that
    /// last wrote the ledger: that of the TOML files whose hashes its latest
    /// lines record as `produced`. Written by [`Ledger::text`]; `None` in a
    /// ledger written before it was recorded, and as read (not brought up to date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_schema: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub workbooks: Vec<Entry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<Pending>,
}

fn schema_1() -> u32 {
    1
}

impl Default for Ledger {
    fn default() -> Self {
        Ledger { schema: SCHEMA, data_schema: None, workbooks: Vec::new(), pending: Vec::new() }
    }
}

impl Ledger {
    /// The ledger's path relative to the year.
    pub fn rel() -> String {
        format!("{DIR}/{INDEX}")
    }

    pub fn path(year_dir: &Path) -> PathBuf {
        year_dir.join(DIR).join(INDEX)
    }

    /// Reads the ledger (none yet: empty); an older schema is brought up to date.
    pub fn load(year_dir: &Path) -> Result<Ledger> {
        let path = Self::path(year_dir);
        let mut ledger: Ledger = match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| Error::Toml { path: path.clone(), message: e.to_string() })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ledger::default()),
            Err(e) => return Err(Error::io(path, e)),
        };
        if ledger.schema > SCHEMA {
            return Err(Error::NewerLedger { path, schema: ledger.schema });
        }
        ledger.schema = SCHEMA;
        Ok(ledger)
    }

    /// The ledger's text (canonical TOML), with this shiryo's data schema.
    pub fn text(&self) -> Result<String> {
        crate::store::to_canonical(&Ledger { data_schema: Some(crate::model::survey::SCHEMA), ..self.clone() })
    }

    /// The ledger's state of a workbook for a target, by content.
    pub fn state_of(&self, kind: Kind, name: &str, sha: &str) -> Option<State> {
        self.find(kind, name, sha).map(|e| e.state)
    }

    fn find(&self, kind: Kind, name: &str, sha: &str) -> Option<&Entry> {
        self.workbooks.iter().find(|e| e.kind == Some(kind) && e.name == name && e.sha256 == sha)
    }

    /// The latest version of a target: applied, rejected or held, by receipt moment (then by order received).
    pub fn latest(&self, kind: Kind, name: &str) -> Option<&Entry> {
        let versions = self.workbooks.iter().filter(|e| {
            e.kind == Some(kind) && e.name == name && matches!(e.state, State::Applied | State::Rejected | State::Held)
        });
        versions.max_by(|a, b| {
            let (ma, mb) = (crate::model::moment::Moment::parse(a.moment()), crate::model::moment::Moment::parse(b.moment()));
            ma.cmp(&mb)
        })
    }

    /// The applied workbook of a target.
    pub fn current(&self, kind: Kind, name: &str) -> Option<&Entry> {
        self.workbooks.iter().rev().find(|e| e.kind == Some(kind) && e.name == name && e.state == State::Applied)
    }

    /// Records a workbook applied to its target: the target's earlier applied one is superseded.
    pub fn apply(&mut self, entry: Entry) {
        for e in self.workbooks.iter_mut() {
            if e.kind == entry.kind && e.name == entry.name && e.state == State::Applied && e.sha256 != entry.sha256 {
                e.state = State::Superseded;
            }
        }
        self.record(entry);
    }

    /// Records what became of a workbook: a workbook already known (same
    /// content, same target) keeps its line, its first receipt and how it came
    /// (its name, mail and moment: a kept copy chosen again is still the mail it
    /// arrived in), with the new state.
    pub fn record(&mut self, entry: Entry) {
        match self.workbooks.iter_mut().find(|e| e.kind == entry.kind && e.name == entry.name && e.sha256 == entry.sha256) {
            Some(e) => {
                let first = std::mem::replace(e, entry);
                if !first.stored.is_empty() && e.stored.is_empty() {
                    e.stored = first.stored;
                }
                e.received = first.received;
                e.origin = first.origin;
                e.original = first.original;
                e.sender = first.sender;
                e.subject = first.subject;
                e.mail_date = first.mail_date;
                e.moment = first.moment;
                e.modified = first.modified;
            }
            None => self.workbooks.push(entry),
        }
    }
}

/// A file's SHA-256, lowercase hex: how receipts and archives name contents.
pub fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
