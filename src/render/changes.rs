//! The appendix of changes since an earlier year (`build --with-changes`), as
//! the data the template draws: one table for every block, packed (it breaks
//! across pages with its header repeated), each reworded line as runs of kept,
//! deleted and inserted characters, so that the template strikes through and
//! underlines strings and never reads them as markup.

use serde::Serialize;

use super::grid::NOT_SUBMITTED;
use crate::model::diff::{Changes, FieldChange, Op, Segment, UnitChanges, segments};
use crate::model::{Year, era};

/// 区分 of a row: a line added, removed or reworded, a unit or centre new this year.
const ADDED: &str = "追加";
const REMOVED: &str = "削除";
const CHANGED: &str = "変更";
const NEW: &str = "新規";
/// The 項目 of a unit's one row when it has not answered.
const NO_FIELD: &str = "―";

/// The whole appendix: 市町 | 項目 | 区分 | 前年度 | 今年度, block after block.
#[derive(Debug, Serialize)]
pub struct ChangesView {
    /// 平成30年度からの変更.
    pub title: String,
    /// The note under the title, its marks drawn as they are in the table.
    pub legend: Vec<Segment>,
    pub heads: Vec<String>,
    pub blocks: Vec<ChangesBlock>,
}

/// One block's rows, under a row with its label (区域).
#[derive(Debug, Serialize)]
pub struct ChangesBlock {
    pub label: String,
    pub rows: Vec<ChangeRow>,
}

/// One changed line. A unit's name and an item's label print in their first
/// row (and again at the top of a page the table continues on).
#[derive(Debug, Serialize, PartialEq)]
pub struct ChangeRow {
    pub unit: String,
    pub unit_first: bool,
    pub unit_last: bool,
    pub field: String,
    pub field_first: bool,
    pub field_last: bool,
    /// 区分: 追加, 削除, 変更, 新規 or 未提出.
    pub kind: String,
    /// The unit has not answered this year: 区分 prints as the matrix's 未提出 does.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub missing: bool,
    /// Last year's line: kept and deleted runs.
    pub old: Vec<Segment>,
    /// This year's line: kept and inserted runs.
    pub new: Vec<Segment>,
}

fn run(text: &str, op: Op) -> Vec<Segment> {
    if text.is_empty() { Vec::new() } else { vec![Segment { text: text.to_string(), op }] }
}

/// The appendix, or `None` when nothing changed.
pub fn changes(year: &Year, c: &Changes, old_fy: i32) -> Option<ChangesView> {
    let old = era::fiscal_year(old_fy);
    let new = era::fiscal_year(year.packet.fiscal_year);
    let blocks: Vec<ChangesBlock> = year
        .blocks
        .blocks
        .iter()
        .map(|b| ChangesBlock { label: b.label.clone(), rows: block_rows(c, &b.label) })
        .filter(|b| !b.rows.is_empty())
        .collect();
    if blocks.is_empty() {
        return None;
    }
    let legend = [
        ("※ 変更した行は、前年度から削除した文字を", Op::Equal),
        ("取り消し線", Op::Delete),
        ("、追加した文字を", Op::Equal),
        ("下線", Op::Insert),
        ("で示しています。", Op::Equal),
    ];
    Some(ChangesView {
        title: format!("{old}からの変更"),
        legend: legend.iter().flat_map(|(t, op)| run(t, *op)).collect(),
        heads: [year.survey.table.unit_header.as_str(), "項目", "区分", old.as_str(), new.as_str()].map(String::from).to_vec(),
        blocks,
    })
}

/// A block's rows: its units' changes, then its units that did not answer this year.
fn block_rows(c: &Changes, block: &str) -> Vec<ChangeRow> {
    let mut rows: Vec<ChangeRow> = c.units.iter().filter(|u| u.block == block).flat_map(unit_rows).collect();
    for (name, _) in c.vanished.iter().filter(|(_, b)| b == block) {
        rows.push(ChangeRow {
            unit: name.clone(),
            unit_first: true,
            unit_last: true,
            field: NO_FIELD.into(),
            field_first: true,
            field_last: true,
            kind: NOT_SUBMITTED.into(),
            missing: true,
            old: Vec::new(),
            new: Vec::new(),
        });
    }
    rows
}

/// A unit's rows, field by field.
fn unit_rows(u: &UnitChanges) -> Vec<ChangeRow> {
    let mut rows: Vec<ChangeRow> = u.fields.iter().flat_map(|f| field_rows(f, u.new)).collect();
    let n = rows.len();
    for (i, r) in rows.iter_mut().enumerate() {
        r.unit = u.name.clone();
        r.unit_first = i == 0;
        r.unit_last = i + 1 == n;
    }
    rows
}

/// A field's rows: lines added (wholly underlined), removed (wholly struck
/// through), then reworded (the characters that changed marked).
fn field_rows(f: &FieldChange, new_unit: bool) -> Vec<ChangeRow> {
    let added = if new_unit { NEW } else { ADDED };
    let lines = f
        .added
        .iter()
        .map(|a| (added, Vec::new(), run(a, Op::Insert)))
        .chain(f.removed.iter().map(|r| (REMOVED, run(r, Op::Delete), Vec::new())))
        .chain(f.changed.iter().map(|(o, n)| {
            let s = segments(o, n);
            let side = |skip: Op| s.iter().filter(|x| x.op != skip).cloned().collect::<Vec<_>>();
            (CHANGED, side(Op::Insert), side(Op::Delete))
        }));
    let mut rows: Vec<ChangeRow> = lines
        .map(|(kind, old, new)| ChangeRow {
            unit: String::new(),
            unit_first: false,
            unit_last: false,
            field: f.field.clone(),
            field_first: false,
            field_last: false,
            kind: kind.into(),
            missing: false,
            old,
            new,
        })
        .collect();
    if let Some(r) = rows.first_mut() {
        r.field_first = true;
    }
    if let Some(r) = rows.last_mut() {
        r.field_last = true;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::diff::FieldChange;

    fn text(s: &[Segment], op: Op) -> Vec<String> {
        s.iter().filter(|x| x.op == op).map(|x| x.text.clone()).collect()
    }

    #[test]
    fn a_reworded_line_marks_its_deleted_and_inserted_characters_on_their_sides() {
        let f = FieldChange {
            field: "⑤相談支援".into(),
            changed: vec![("・平成23年４月に設置。".into(), "・平成23年4月に設置。".into())],
            ..Default::default()
        };
        let rows = field_rows(&f, false);
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].kind.as_str(), rows[0].field_first, rows[0].field_last), ("変更", true, true));
        assert_eq!(text(&rows[0].old, Op::Delete), ["４"]);
        assert!(text(&rows[0].old, Op::Insert).is_empty());
        assert_eq!(text(&rows[0].new, Op::Insert), ["4"]);
        assert!(text(&rows[0].new, Op::Delete).is_empty());
    }

    #[test]
    fn a_new_units_lines_are_shown_as_new_and_underlined() {
        let u = UnitChanges {
            name: "新センター".into(),
            block: "区域".into(),
            new: true,
            fields: vec![FieldChange { field: "⑤相談支援".into(), added: vec!["・相談対応を実施。".into()], ..Default::default() }],
        };
        let rows = unit_rows(&u);
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].unit.as_str(), rows[0].kind.as_str()), ("新センター", "新規"));
        assert_eq!(text(&rows[0].new, Op::Insert), ["・相談対応を実施。"]);
    }

    #[test]
    fn a_unit_that_did_not_answer_says_so_as_the_matrix_does() {
        let c = Changes { vanished: vec![("町".into(), "区域".into())], ..Default::default() };
        let rows = block_rows(&c, "区域");
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].kind.as_str(), rows[0].missing), (NOT_SUBMITTED, true));
    }
}
