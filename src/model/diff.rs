//! What changed from one fiscal year to the next (各市町の取組の進捗状況):
//! per unit and item the bullets added, removed and reworded, 課題/取組
//! pairs new and dropped, units that appeared or vanished.
//!
//! Japanese-aware equality: whitespace (ASCII and full-width) is not a
//! change; a changed 、 or full-width digit is.

use serde::Serialize;

use crate::model::{Survey, Unit, Year};

#[derive(Debug, Default, Serialize, PartialEq)]
pub struct Changes {
    /// Items of the survey added, removed or renamed (matched by key).
    pub survey: Vec<SurveyChange>,
    /// Units (and centres) with changes, in the new year's block order.
    pub units: Vec<UnitChanges>,
    /// Units and centres new this year, with their block's label.
    pub appeared: Vec<(String, String)>,
    /// Units and centres present last year only, with their block's label.
    pub vanished: Vec<(String, String)>,
}

#[derive(Debug, Default, Serialize, PartialEq)]
pub struct UnitChanges {
    pub name: String,
    /// The block label of the new year (区域), for the appendix.
    pub block: String,
    pub fields: Vec<FieldChange>,
}

/// A change of the survey's items between the years.
#[derive(Debug, Serialize, PartialEq)]
pub enum SurveyChange {
    /// The label of an item new this year.
    Added(String),
    /// The label of an item asked last year only.
    Removed(String),
    /// An item kept (same key) under another mark or name: old and new labels.
    Renamed(String, String),
}

/// The survey's items compared by key.
fn survey_changes(old: &Survey, new: &Survey) -> Vec<SurveyChange> {
    let mut out = Vec::new();
    for n in &new.items {
        match old.item(&n.key) {
            None => out.push(SurveyChange::Added(n.label())),
            Some(o) if o.label() != n.label() => out.push(SurveyChange::Renamed(o.label(), n.label())),
            Some(_) => {}
        }
    }
    for o in old.items.iter().filter(|o| new.item(&o.key).is_none()) {
        out.push(SurveyChange::Removed(o.label()));
    }
    out
}

/// The item keys of both years, the new survey's order first; each with its label (the new one where both have it).
fn item_keys(old: &Survey, new: &Survey) -> Vec<(String, String)> {
    let mut keys: Vec<(String, String)> = new.items.iter().map(|i| (i.key.clone(), i.label())).collect();
    for o in old.items.iter().filter(|o| new.item(&o.key).is_none()) {
        keys.push((o.key.clone(), o.label()));
    }
    keys
}

/// One field's change: an item, 連携拠点, 目指すべき方向性 or 課題と取組.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// (old, new) pairs of reworded lines.
    pub changed: Vec<(String, String)>,
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Dice coefficient of character bigrams: how alike two lines are.
fn similarity(a: &str, b: &str) -> f64 {
    let grams = |s: &str| {
        let c: Vec<char> = s.chars().collect();
        let mut g: Vec<(char, char)> = c.windows(2).map(|w| (w[0], w[1])).collect();
        g.sort_unstable();
        g
    };
    let (x, y) = (grams(a), grams(b));
    if x.is_empty() || y.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (x.len() + y.len()) as f64
}

/// Lines of `old` and `new` compared: equal (whitespace aside) lines drop out,
/// the most alike of the rest pair up as rewordings.
fn lines(field: String, old: &[String], new: &[String]) -> Option<FieldChange> {
    let mut removed: Vec<&String> = old.iter().filter(|o| !new.iter().any(|n| squash(n) == squash(o))).collect();
    let mut added: Vec<&String> = new.iter().filter(|n| !old.iter().any(|o| squash(o) == squash(n))).collect();
    let mut changed = Vec::new();
    loop {
        let best = removed
            .iter()
            .enumerate()
            .flat_map(|(i, r)| added.iter().enumerate().map(move |(j, a)| (similarity(&squash(r), &squash(a)), i, j)))
            .filter(|(s, _, _)| *s >= 0.5)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let Some((_, i, j)) = best else { break };
        changed.push((removed.remove(i).clone(), added.remove(j).clone()));
    }
    if removed.is_empty() && added.is_empty() && changed.is_empty() {
        return None;
    }
    Some(FieldChange {
        field,
        added: added.into_iter().cloned().collect(),
        removed: removed.into_iter().cloned().collect(),
        changed,
    })
}

/// What changed in a unit's answers, item by item, field by field, then the paired table.
pub fn unit_changes(old: &Unit, new: &Unit, os: &Survey, ns: &Survey) -> Vec<FieldChange> {
    let mut out = Vec::new();
    for (key, label) in item_keys(os, ns) {
        let o = old.item(&key).map(|c| c.lines.clone()).unwrap_or_default();
        let n = new.item(&key).map(|c| c.lines.clone()).unwrap_or_default();
        out.extend(lines(label, &o, &n));
    }
    for f in &ns.fields {
        let printed = |u: &Unit| u.field(&f.key).map(|v| vec![v.printed().concat()]).unwrap_or_default();
        out.extend(lines(f.name.clone(), &printed(old), &printed(new)));
    }
    let pairs = |u: &Unit| -> Vec<String> {
        u.pairs.iter().flat_map(|p| p.rows.iter().map(move |r| format!("{} → {}", p.first, r.join("／")))).collect()
    };
    // Pairs are new or dropped, never "reworded": a resolved 課題 is news.
    let (o, n) = (pairs(old), pairs(new));
    let added: Vec<String> = n.iter().filter(|p| !o.iter().any(|q| squash(q) == squash(p))).cloned().collect();
    let removed: Vec<String> = o.iter().filter(|p| !n.iter().any(|q| squash(q) == squash(p))).cloned().collect();
    if !added.is_empty() || !removed.is_empty() {
        out.push(FieldChange { field: ns.table_sheet.clone(), added, removed, changed: vec![] });
    }
    out
}

/// Compares two years.
pub fn diff(old: &Year, new: &Year) -> Changes {
    let mut changes = Changes { survey: survey_changes(&old.survey, &new.survey), ..Changes::default() };
    let block_of = |name: &str| {
        new.blocks.blocks.iter().find(|b| b.columns.iter().any(|c| c == name)).map(|b| b.label.clone()).unwrap_or_default()
    };
    for block in &new.blocks.blocks {
        for name in &block.columns {
            match (old.unit(name), new.unit(name)) {
                (Some(o), Some(n)) => {
                    let fields = unit_changes(o, n, &old.survey, &new.survey);
                    if !fields.is_empty() {
                        changes.units.push(UnitChanges { name: name.clone(), block: block.label.clone(), fields });
                    }
                }
                (None, Some(_)) => changes.appeared.push((name.clone(), block.label.clone())),
                (Some(_), None) => changes.vanished.push((name.clone(), block.label.clone())),
                (None, None) => {}
            }
        }
    }
    for u in &old.units {
        if new.unit(&u.name).is_none() && !changes.vanished.iter().any(|(n, _)| *n == u.name) {
            changes.vanished.push((u.name.clone(), block_of(&u.name)));
        }
    }
    for c in &new.centres {
        let o = old.centres.iter().find(|o| o.name == c.name);
        let Some(o) = o else {
            changes.appeared.push((c.name.clone(), c.members.first().map(|m| block_of(m)).unwrap_or_default()));
            continue;
        };
        let fields: Vec<FieldChange> = item_keys(&old.survey, &new.survey)
            .into_iter()
            .filter_map(|(key, label)| {
                let ol = o.item(&key).map(|i| i.lines.clone()).unwrap_or_default();
                let nl = c.item(&key).map(|i| i.lines.clone()).unwrap_or_default();
                lines(label, &ol, &nl)
            })
            .collect();
        if !fields.is_empty() {
            let block = c.members.first().map(|m| block_of(m)).unwrap_or_default();
            changes.units.push(UnitChanges { name: c.name.clone(), block, fields });
        }
    }
    for c in &old.centres {
        if !new.centres.iter().any(|n| n.name == c.name) {
            changes.vanished.push((c.name.clone(), c.members.first().map(|m| block_of(m)).unwrap_or_default()));
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn whitespace_is_not_a_change_but_punctuation_and_width_are() {
        assert_eq!(lines("x".into(), &v(&["・講演会を 実施。"]), &v(&["・講演会を実施。"])), None);
        assert_eq!(lines("x".into(), &v(&["・講演会を　実施。"]), &v(&["・講演会を実施。"])), None);
        let c = lines("x".into(), &v(&["・平成30年４月に設置。"]), &v(&["・平成30年4月に設置。"])).unwrap();
        assert_eq!(c.changed.len(), 1);
        let c = lines("x".into(), &v(&["・医療、介護の連携。"]), &v(&["・医療・介護の連携。"])).unwrap();
        assert_eq!(c.changed.len(), 1);
    }

    #[test]
    fn unlike_lines_are_added_and_removed_not_changed() {
        let c = lines("x".into(), &v(&["・認知症カフェを実施。"]), &v(&["・入退院支援ルールを策定。"])).unwrap();
        assert_eq!((c.added.len(), c.removed.len(), c.changed.len()), (1, 1, 0));
    }
}
