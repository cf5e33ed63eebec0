//! Years written before `survey.toml` (data schema 1): unit and centre files
//! with fixed keys (`hub`, `direction`, `issues`, items by number `no = 1…10`).
//! They are read by turning their TOML into today's form before it meets the
//! model, so that no other code knows the old keys.

use toml::{Table, Value};

use super::Survey;

/// Rewrites a unit file of schema 1 into schema 2 (no change to a schema 2 file).
pub fn unit(mut t: Table, survey: &Survey) -> Table {
    let mut fields = Table::new();
    if let Some(Value::Table(mut hub)) = t.remove("hub") {
        rename(&mut hub, "name", "text");
        rename(&mut hub, "operator", "bracket");
        fields.insert("hub".into(), Value::Table(hub));
    }
    if let Some(Value::Table(dir)) = t.remove("direction") {
        fields.insert("direction".into(), Value::Table(dir));
    }
    if !fields.is_empty() {
        t.insert("fields".into(), Value::Table(fields));
    }
    items(&mut t, survey);
    if let Some(Value::Array(issues)) = t.remove("issues") {
        let pairs = issues.into_iter().map(|v| match v {
            Value::Table(mut i) => {
                rename(&mut i, "issue", "first");
                if let Some(Value::Array(actions)) = i.remove("actions") {
                    let rows = actions.into_iter().map(|a| Value::Array(vec![a])).collect();
                    i.insert("rows".into(), Value::Array(rows));
                }
                Value::Table(i)
            }
            other => other,
        });
        t.insert("pairs".into(), Value::Array(pairs.collect()));
    }
    t
}

/// Rewrites a centre file of schema 1 into schema 2.
pub fn centre(mut t: Table, survey: &Survey) -> Table {
    items(&mut t, survey);
    t
}

/// `no = N` becomes the key of the survey's N-th item (an unknown number stays
/// visible as its digits, for validation to name).
fn items(t: &mut Table, survey: &Survey) {
    let Some(Value::Array(items)) = t.get_mut("items") else { return };
    for item in items {
        let Value::Table(cell) = item else { continue };
        let Some(no) = cell.remove("no") else { continue };
        let key = match &no {
            Value::Integer(n) => usize::try_from(*n)
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| survey.items.get(i))
                .map_or_else(|| n.to_string(), |i| i.key.clone()),
            other => other.to_string(),
        };
        cell.insert("key".into(), Value::String(key));
    }
}

fn rename(t: &mut Table, from: &str, to: &str) {
    if let Some(v) = t.remove(from) {
        t.insert(to.into(), v);
    }
}
