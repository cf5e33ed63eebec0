//! What changed from one fiscal year to the next (各市町の取組の進捗状況):
//! per unit and item the bullets added, removed and reworded, 課題/取組
//! pairs new and dropped, units that appeared or vanished.
//!
//! Japanese-aware equality: whitespace (ASCII and full-width) is not a
//! change; a changed 、 or full-width digit is.

use serde::Serialize;

use crate::model::{Centre, Survey, Unit, Year};

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
    /// New this year (also listed in `appeared`): every line is added.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub new: bool,
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
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// (old, new) pairs of reworded lines.
    pub changed: Vec<(String, String)>,
}

/// A line as a reader compares it: whitespace dropped and full-width Latin letters,
/// digits and marks read as their half-width forms (「４」 is 「4」). For comparing
/// only: the data keeps what was typed.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// How alike two lines are, 0–1: `similar`'s diff ratio (2M / (|a| + |b|)) over
/// the lines' character bigrams, in order. Bigrams, not characters: unrelated
/// lines share many single characters (・, を, の, 実施。), and a ratio of
/// characters pairs them as rewordings (over the samples' lines, 52 pairs in
/// 5,000 disagree with the bigram Dice coefficient used before; over bigrams, 4).
fn similarity(a: &str, b: &str) -> f64 {
    let grams = |s: &str| -> Vec<(char, char)> {
        let c: Vec<char> = s.chars().collect();
        c.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (x, y) = (grams(a), grams(b));
    if x.is_empty() || y.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &x, &y);
    f64::from(similar::diff_ratio(&ops, x.len(), y.len()))
}

/// What a run of characters of a reworded line (変更) did: kept, deleted (the
/// appendix strikes it through) or inserted (underlined).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Equal,
    Delete,
    Insert,
}

/// A run of characters with what happened to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub text: String,
    pub op: Op,
}

/// The character-level diff of a reworded line, in reading order: within each
/// change the deleted run first, then the inserted one. A single kept
/// character between two changes (a 「の」 the rewording happened to keep) is
/// counted as replaced, so that a rewording reads as one struck run and one
/// underlined run; a change of whitespace alone is no change.
pub fn segments(old: &str, new: &str) -> Vec<Segment> {
    let diff = similar::TextDiff::from_chars(old, new);
    let mut runs: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            similar::ChangeTag::Equal => Op::Equal,
            similar::ChangeTag::Delete => Op::Delete,
            similar::ChangeTag::Insert => Op::Insert,
        };
        push(&mut runs, change.value(), op);
    }
    runs = runs.into_iter().map(|s| if s.text.trim().is_empty() { Segment { op: Op::Equal, ..s } } else { s }).collect();
    regroup(absorb_lone_kept(runs))
}

/// Appends `text` to the last run when it did the same, else as a new run.
fn push(runs: &mut Vec<Segment>, text: &str, op: Op) {
    match runs.last_mut() {
        Some(last) if last.op == op => last.text.push_str(text),
        _ => runs.push(Segment { text: text.to_string(), op }),
    }
}

/// A kept run of one character between two changes becomes deleted and inserted.
fn absorb_lone_kept(runs: Vec<Segment>) -> Vec<Segment> {
    let mut out = Vec::with_capacity(runs.len());
    for (i, s) in runs.iter().enumerate() {
        let changed = |j: Option<usize>| j.and_then(|j| runs.get(j)).is_some_and(|r| r.op != Op::Equal);
        if s.op == Op::Equal && s.text.chars().count() == 1 && changed(i.checked_sub(1)) && changed(Some(i + 1)) {
            out.push(Segment { text: s.text.clone(), op: Op::Delete });
            out.push(Segment { text: s.text.clone(), op: Op::Insert });
        } else {
            out.push(s.clone());
        }
    }
    out
}

/// Each stretch between kept runs as one deleted run, then one inserted run.
fn regroup(runs: Vec<Segment>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let (mut deleted, mut inserted) = (String::new(), String::new());
    for s in runs {
        match s.op {
            Op::Delete => deleted.push_str(&s.text),
            Op::Insert => inserted.push_str(&s.text),
            Op::Equal => {
                flush(&mut out, &mut deleted, &mut inserted);
                push(&mut out, &s.text, Op::Equal);
            }
        }
    }
    flush(&mut out, &mut deleted, &mut inserted);
    out
}

fn flush(out: &mut Vec<Segment>, deleted: &mut String, inserted: &mut String) {
    for (text, op) in [(deleted, Op::Delete), (inserted, Op::Insert)] {
        if !text.is_empty() {
            push(out, &std::mem::take(text), op);
        }
    }
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
    // A row under the same 課題 changed in a column is 変更 of that row; any other row is new or
    // dropped, never "reworded": a resolved 課題 is news.
    let (o, n) = (pairs(old), pairs(new));
    let mut added: Vec<String> = n.iter().filter(|p| !o.iter().any(|q| squash(q) == squash(p))).cloned().collect();
    let mut removed: Vec<String> = o.iter().filter(|p| !n.iter().any(|q| squash(q) == squash(p))).cloned().collect();
    let issue = |p: &str| squash(p.split(" → ").next().unwrap_or(p));
    let mut changed = Vec::new();
    while let Some((i, j)) = removed.iter().enumerate().find_map(|(i, r)| added.iter().position(|a| issue(a) == issue(r)).map(|j| (i, j))) {
        changed.push((removed.remove(i), added.remove(j)));
    }
    if !added.is_empty() || !removed.is_empty() || !changed.is_empty() {
        out.push(FieldChange { field: ns.table_sheet.clone(), added, removed, changed });
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
                        changes.units.push(UnitChanges { name: name.clone(), block: block.label.clone(), fields, new: false });
                    }
                }
                (None, Some(n)) => {
                    changes.appeared.push((name.clone(), block.label.clone()));
                    let fields = unit_changes(&Unit::default(), n, &old.survey, &new.survey);
                    changes.units.push(UnitChanges { name: name.clone(), block: block.label.clone(), fields, new: true });
                }
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
    let empty = Centre::default();
    for c in &new.centres {
        let block = c.members.first().map(|m| block_of(m)).unwrap_or_default();
        let o = old.centres.iter().find(|o| o.name == c.name);
        if o.is_none() {
            changes.appeared.push((c.name.clone(), block.clone()));
        }
        // A centre new this year: its lines against none, all added.
        let fields: Vec<FieldChange> = item_keys(&old.survey, &new.survey)
            .into_iter()
            .filter_map(|(key, label)| {
                let ol = o.unwrap_or(&empty).item(&key).map(|i| i.lines.clone()).unwrap_or_default();
                let nl = c.item(&key).map(|i| i.lines.clone()).unwrap_or_default();
                lines(label, &ol, &nl)
            })
            .collect();
        if !fields.is_empty() {
            changes.units.push(UnitChanges { name: c.name.clone(), block, fields, new: o.is_none() });
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
    fn whitespace_and_width_are_not_a_change_but_punctuation_is() {
        assert_eq!(lines("x".into(), &v(&["・講演会を 実施。"]), &v(&["・講演会を実施。"])), None);
        assert_eq!(lines("x".into(), &v(&["・講演会を　実施。"]), &v(&["・講演会を実施。"])), None);
        assert_eq!(lines("x".into(), &v(&["・平成30年４月に設置。"]), &v(&["・平成30年4月に設置。"])), None);
        assert_eq!(lines("x".into(), &v(&["・ＮＰＯと連携。"]), &v(&["・NPOと連携。"])), None);
        let c = lines("x".into(), &v(&["・医療、介護の連携。"]), &v(&["・医療・介護の連携。"])).unwrap();
        assert_eq!(c.changed.len(), 1);
    }

    #[test]
    fn a_change_in_one_column_of_a_paired_row_is_a_change_of_that_row() {
        let survey = crate::model::Survey::legacy();
        let unit = |row: &str| Unit {
            pairs: vec![crate::model::Pair { first: "課題".into(), rows: vec![vec![row.into()]], shared_with: vec![] }],
            ..Default::default()
        };
        let c = unit_changes(&unit("・研修会を開催"), &unit("・研修会を年２回開催"), &survey, &survey);
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!((c[0].added.len(), c[0].removed.len(), c[0].changed.len()), (0, 0, 1), "{c:?}");
        assert!(unit_changes(&unit("・ＩＣＴの導入"), &unit("・ICTの導入"), &survey, &survey).is_empty(), "width alone");
    }

    #[test]
    fn unlike_lines_are_added_and_removed_not_changed() {
        let c = lines("x".into(), &v(&["・認知症カフェを実施。"]), &v(&["・入退院支援ルールを策定。"])).unwrap();
        assert_eq!((c.added.len(), c.removed.len(), c.changed.len()), (1, 1, 0));
        // Half their characters in common (・医療・介護関係者の…共有を), little else: not a rewording.
        let c = lines(
            "x".into(),
            &v(&["・「トマッピーネットワーク」により医療・介護関係者の情報共有を実施。"]),
            &v(&["・医療・介護関係者の間で情報共有を図るための連絡票を作成。"]),
        )
        .unwrap();
        assert_eq!((c.added.len(), c.removed.len(), c.changed.len()), (1, 1, 0));
    }

    fn marks(old: &str, new: &str) -> Vec<(Op, String)> {
        segments(old, new).into_iter().map(|s| (s.op, s.text)).collect()
    }

    #[test]
    fn a_dropped_comma_and_a_narrowed_digit_are_marked_alone() {
        use Op::*;
        assert_eq!(
            marks("・設置し、地域包括", "・設置し地域包括"),
            [(Equal, "・設置し".into()), (Delete, "、".into()), (Equal, "地域包括".into())]
        );
        assert_eq!(
            marks("・平成23年４月に", "・平成23年4月に"),
            [(Equal, "・平成23年".into()), (Delete, "４".into()), (Insert, "4".into()), (Equal, "月に".into())]
        );
    }

    #[test]
    fn a_rewording_reads_as_one_struck_and_one_underlined_run() {
        let s = segments("・その他を含めて現在、情報収集中。", "・その他を含めて令和元年度中に作成予定。");
        let ops: Vec<Op> = s.iter().map(|s| s.op).collect();
        assert_eq!(ops, [Op::Equal, Op::Delete, Op::Insert, Op::Equal], "{s:?}");
        // Both lines come back whole from their runs.
        let side = |skip: Op| s.iter().filter(|x| x.op != skip).map(|x| x.text.as_str()).collect::<String>();
        assert_eq!(side(Op::Insert), "・その他を含めて現在、情報収集中。");
        assert_eq!(side(Op::Delete), "・その他を含めて令和元年度中に作成予定。");
    }

    #[test]
    fn whitespace_alone_is_not_marked() {
        assert!(segments("・講演会を 実施。", "・講演会を実施。").iter().all(|s| s.op != Op::Insert));
        assert!(segments("・講演会を 実施。", "・講演会を実施。").iter().all(|s| s.op == Op::Equal));
    }
}
