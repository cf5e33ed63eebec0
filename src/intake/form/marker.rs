//! The hidden marker sheet (`_shiryo`): everything a form's fixed content depends on,
//! so that a workbook identifies itself whatever its file name, and the [`Meta`] of each
//! form a year sends.

use super::*;

/// Value of the marker's `form` key.
pub const MARKER_TAG: &str = "shiryo-form";

pub const SHEET_MARKER: &str = "_shiryo";

/// Blank rows of the paired table the form offers beyond the pre-filled ones (at least [`MIN_TABLE_ROWS`] in all).
pub const SPARE_TABLE_ROWS: u32 = 15;

pub const MIN_TABLE_ROWS: u32 = 30;

/// Everything the form's fixed content depends on; stored in the hidden
/// marker sheet so the workbook identifies itself whatever its file name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    pub version: u32,
    pub prefecture: String,
    pub kind: Kind,
    pub name: String,
    /// A unit's local-government code.
    pub code: Option<String>,
    /// A union's member municipalities (with codes), or a centre's member units.
    pub members: Vec<Member>,
    pub fiscal_year: i32,
    /// The survey's key (empty in a form of version 1).
    pub survey: String,
    pub deadline: String,
    pub contact: String,
    /// A unit of a block with centres: its items are 市町単独 and may be left empty.
    pub own_only: bool,
    /// Rows of the paired table as written.
    pub table_rows: u32,
    /// How many times this form was sent back (差し戻し): 0 for the request's own form.
    pub sent_back: u32,
    /// The answering office's contact the form is pre-filled with (not in the marker).
    pub office: crate::model::contacts::Contact,
    /// The prefecture's form: rows of the event, text, programme and block tables.
    pub event_rows: u32,
    pub text_rows: u32,
    pub programme_rows: u32,
    pub block_rows: u32,
    /// The prefecture's form (version 4 on): the units and centres of 連絡先, in its row order.
    pub contact_names: Vec<String>,
}

impl Meta {
    /// The marker sheet's rows: key, value (and a member's code).
    pub fn marker_rows(&self) -> Vec<Vec<String>> {
        let mut rows = vec![
            vec!["form".into(), MARKER_TAG.into()],
            vec!["version".into(), self.version.to_string()],
            vec!["prefecture".into(), self.prefecture.clone()],
            vec!["kind".into(), self.kind.key().into()],
            vec!["name".into(), self.name.clone()],
            vec!["code".into(), self.code.clone().unwrap_or_default()],
            vec!["fiscal_year".into(), self.fiscal_year.to_string()],
            vec!["survey".into(), self.survey.clone()],
            vec!["deadline".into(), self.deadline.clone()],
            vec!["contact".into(), self.contact.clone()],
            vec!["own_only".into(), if self.own_only { "1" } else { "0" }.into()],
            vec!["table_rows".into(), self.table_rows.to_string()],
        ];
        if self.sent_back > 0 {
            rows.push(vec!["sent_back".into(), self.sent_back.to_string()]);
        }
        if self.kind == Kind::Prefecture {
            for (k, v) in [
                ("event_rows", self.event_rows),
                ("text_rows", self.text_rows),
                ("programme_rows", self.programme_rows),
                ("block_rows", self.block_rows),
            ] {
                rows.push(vec![k.into(), v.to_string()]);
            }
            for name in &self.contact_names {
                rows.push(vec!["contact_of".into(), name.clone()]);
            }
        }
        for m in &self.members {
            rows.push(vec!["member".into(), m.name.clone(), m.code.clone().unwrap_or_default()]);
        }
        rows
    }

    /// Reads the marker's rows back; `None` when they are not a shiryo marker.
    /// A version or year that does not parse is kept as 0 for the caller to refuse.
    pub fn from_marker_rows(rows: &[Vec<String>]) -> Option<Meta> {
        let get = |k: &str| rows.iter().find(|r| r.first().is_some_and(|x| x == k)).and_then(|r| r.get(1)).cloned();
        if get("form")?.as_str() != MARKER_TAG {
            return None;
        }
        let kind = Kind::from_key(&get("kind")?)?;
        let rows_of = |k: &str| {
            get(k).and_then(|v| int(&v)).and_then(|v| u32::try_from(v).ok()).unwrap_or(0).min(1000)
        };
        let members = rows
            .iter()
            .filter(|r| r.first().is_some_and(|x| x == "member"))
            .filter_map(|r| {
                let name = r.get(1)?.clone();
                let code = r.get(2).filter(|c| !c.is_empty()).cloned();
                Some(Member { name, code })
            })
            .collect();
        Some(Meta {
            office: Default::default(),
            version: get("version").and_then(|v| int(&v)).and_then(|v| u32::try_from(v).ok()).unwrap_or(0),
            prefecture: get("prefecture").unwrap_or_default(),
            kind,
            name: get("name")?,
            code: get("code").filter(|c| !c.is_empty()),
            members,
            fiscal_year: get("fiscal_year").and_then(|v| int(&v)).and_then(|v| i32::try_from(v).ok()).unwrap_or(0),
            survey: get("survey").unwrap_or_default(),
            deadline: get("deadline").unwrap_or_default(),
            contact: get("contact").unwrap_or_default(),
            own_only: get("own_only").is_some_and(|v| v == "1"),
            // `issue_rows`: the name in forms of version 1.
            table_rows: get("table_rows")
                .or_else(|| get("issue_rows"))
                .and_then(|v| int(&v))
                .and_then(|v| u32::try_from(v).ok())
                .unwrap_or(MIN_TABLE_ROWS)
                .clamp(1, 1000),
            sent_back: get("sent_back").and_then(|v| int(&v)).and_then(|v| u32::try_from(v).ok()).unwrap_or(0),
            event_rows: rows_of("event_rows"),
            text_rows: rows_of("text_rows"),
            programme_rows: rows_of("programme_rows"),
            block_rows: rows_of("block_rows"),
            contact_names: rows
                .iter()
                .filter(|r| r.first().is_some_and(|x| x == "contact_of"))
                .filter_map(|r| r.get(1).cloned())
                .take(1000)
                .collect(),
        })
    }
}

/// An integer typed as text or read from a number cell ("2018", "2018.0").
fn int(s: &str) -> Option<i64> {
    let s = s.trim();
    s.parse::<i64>().ok().or_else(|| s.strip_suffix(".0").and_then(|t| t.parse().ok()))
}

/// Whether a block of `year` has centres (its units answer 市町単独).
pub fn block_has_centres(year: &Year, unit: &str) -> bool {
    year.blocks
        .blocks
        .iter()
        .find(|b| b.columns.iter().any(|c| c == unit))
        .is_some_and(|b| !validate::centres_of(year, b).is_empty())
}

/// Rows of the paired table a unit's answers take, with rows to spare.
fn table_rows_needed(unit: Option<&Unit>) -> u32 {
    let used: usize = unit.map_or(0, |u| u.pairs.iter().map(|p| p.rows.len().max(1)).sum());
    (used as u32 + SPARE_TABLE_ROWS).max(MIN_TABLE_ROWS)
}

/// The form of a unit, pre-filled with `answers`.
pub fn unit_meta(year: &Year, name: &str, answers: Option<&Unit>) -> Meta {
    Meta {
        version: VERSION,
        prefecture: year.packet.prefecture.clone(),
        kind: Kind::Unit,
        name: name.to_string(),
        code: answers.and_then(|u| u.code.clone()),
        members: answers.map(|u| u.members.clone()).unwrap_or_default(),
        fiscal_year: year.packet.fiscal_year,
        deadline: year.packet.deadline.to_string(),
        contact: year.packet.contact.clone(),
        survey: year.survey.key.clone(),
        office: year.contacts.get(name).cloned().unwrap_or_default(),
        own_only: block_has_centres(year, name),
        table_rows: table_rows_needed(answers),
        ..Meta::default()
    }
}

/// The prefecture's form, sized for the year's schedule, programmes and blocks with rows to spare.
pub fn prefecture_meta(year: &Year) -> Meta {
    let rows = |n: usize, spare: u32, min: u32| (n as u32 + spare).max(min);
    Meta {
        version: VERSION,
        prefecture: year.packet.prefecture.clone(),
        kind: Kind::Prefecture,
        name: year.packet.prefecture.clone(),
        fiscal_year: year.packet.fiscal_year,
        survey: year.survey.key.clone(),
        deadline: year.packet.deadline.to_string(),
        contact: year.packet.contact.clone(),
        event_rows: rows(year.schedule.events.len(), 10, 20),
        text_rows: rows(year.schedule.texts.len(), 5, 5),
        programme_rows: rows(year.programmes.programmes.iter().map(|p| p.rows.len().max(1)).sum(), 10, 20),
        block_rows: rows(year.blocks.blocks.iter().map(|b| b.summaries.len().max(1)).sum(), 10, 20),
        contact_names: contact_names(year),
        ..Meta::default()
    }
}

/// The units (block columns, in the packet's order) and centres of the year, each once: 連絡先's rows.
pub fn contact_names(year: &Year) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let all = year.blocks.blocks.iter().flat_map(|b| b.columns.iter()).chain(year.centres.iter().map(|c| &c.name));
    for name in all {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}

pub fn centre_meta(year: &Year, centre: &Centre) -> Meta {
    Meta {
        version: VERSION,
        prefecture: year.packet.prefecture.clone(),
        kind: Kind::Centre,
        name: centre.name.clone(),
        code: None,
        members: centre.members.iter().map(|m| Member { name: m.clone(), code: None }).collect(),
        fiscal_year: year.packet.fiscal_year,
        deadline: year.packet.deadline.to_string(),
        contact: year.packet.contact.clone(),
        survey: year.survey.key.clone(),
        office: year.contacts.get(&centre.name).cloned().unwrap_or_default(),
        own_only: false,
        table_rows: 0,
        ..Meta::default()
    }
}
