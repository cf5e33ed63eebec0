//! 非公開: an answer's line (or a text field) meant for the council's members
//! only. The municipal officer types 「【非公開】」 at the start of the line in
//! the form's cell (or the secretariat does, in the form or the unit's TOML).
//! The mark is part of the answer's text, so it travels wherever the answer
//! does: a send-back form, a resubmission, `form --previous` in a new year.
//! The packet and every published file leave such lines out; `build --internal`
//! prints them, marked.

use super::{FieldValue, Pair, Year};

/// The mark, at the start of a line.
pub const MARK: &str = "【非公開】";

/// Who a packet or a published file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Audience {
    /// Anyone: 非公開 lines are left out.
    #[default]
    Public,
    /// The council's members: 非公開 lines are printed, their mark at the end.
    Internal,
}

/// A line without its mark, when it has one: 「【非公開】・…」 → 「・…」.
pub fn unmarked(line: &str) -> Option<&str> {
    line.trim_start().strip_prefix(MARK)
}

pub fn is_private(line: &str) -> bool {
    unmarked(line).is_some()
}

/// How many answers of the year are marked: lines, field texts, 課題 and 取組.
pub fn count(year: &Year) -> usize {
    let units = year.units.iter().flat_map(|u| {
        let items = u.items.iter().flat_map(|c| &c.lines);
        let fields = u.fields.values().flat_map(|f| std::iter::once(&f.text).chain(&f.bracket).chain(&f.lines));
        let pairs = u.pairs.iter().flat_map(|p| std::iter::once(&p.first).chain(p.rows.iter().flatten()));
        items.chain(fields).chain(pairs)
    });
    let centres = year.centres.iter().flat_map(|c| c.items.iter().flat_map(|i| &i.lines));
    units.chain(centres).filter(|l| is_private(l)).count()
}

/// The year as `audience` may read it.
pub fn for_audience(year: &Year, audience: Audience) -> Year {
    let mut y = year.clone();
    match audience {
        Audience::Public => each_line(&mut y, &|lines| lines.retain(|l| !is_private(l)), &public_field, &public_pairs),
        Audience::Internal => each_line(&mut y, &|lines| lines.iter_mut().for_each(show_mark), &internal_field, &|p: &mut Vec<Pair>| internal_pairs(p)),
    }
    y
}

/// Applies the three edits to every answer of the year: lines, fields and paired tables.
fn each_line(
    y: &mut Year,
    lines: &dyn Fn(&mut Vec<String>),
    field: &dyn Fn(&mut FieldValue),
    pairs: &dyn Fn(&mut Vec<Pair>),
) {
    for u in &mut y.units {
        u.items.iter_mut().for_each(|c| lines(&mut c.lines));
        u.fields.values_mut().for_each(|f| {
            field(f);
            lines(&mut f.lines);
        });
        pairs(&mut u.pairs);
    }
    for c in &mut y.centres {
        c.items.iter_mut().for_each(|i| lines(&mut i.lines));
    }
}

/// A private text leaves the field empty (its bracket with it).
fn public_field(f: &mut FieldValue) {
    if is_private(&f.text) || f.bracket.as_deref().is_some_and(is_private) {
        f.text.clear();
        f.bracket = None;
    }
}

/// A private 課題 leaves with its rows; a private row (any of its cells marked) leaves alone.
fn public_pairs(pairs: &mut Vec<Pair>) {
    pairs.retain(|p| !is_private(&p.first));
    for p in pairs.iter_mut() {
        p.rows.retain(|r| !r.iter().any(|c| is_private(c)));
    }
}

fn internal_field(f: &mut FieldValue) {
    show_mark(&mut f.text);
    if let Some(b) = &mut f.bracket {
        show_mark(b);
    }
}

fn internal_pairs(pairs: &mut [Pair]) {
    for p in pairs.iter_mut() {
        show_mark(&mut p.first);
        p.rows.iter_mut().flatten().for_each(show_mark);
    }
}

/// 「【非公開】・研修」 → 「・研修【非公開】」: the bullet stays first, so the line hangs as one,
/// and the bracket is kept away from the bullet (Typst sets 「・【」 with no space between).
fn show_mark(line: &mut String) {
    if let Some(rest) = unmarked(line) {
        *line = format!("{rest}{MARK}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year_with(lines: &[&str]) -> Year {
        let mut y = Year::default();
        let mut u = crate::model::Unit { name: "桑名市".into(), ..Default::default() };
        u.items.push(crate::model::ItemCell { key: "resources".into(), lines: lines.iter().map(|s| s.to_string()).collect(), ..Default::default() });
        y.units.push(u);
        y
    }

    #[test]
    fn public_leaves_marked_lines_out_and_internal_shows_them() {
        let y = year_with(&["・公開の取組", "【非公開】・○○診療所との調整"]);
        assert_eq!(count(&y), 1);
        assert_eq!(for_audience(&y, Audience::Public).units[0].items[0].lines, vec!["・公開の取組"]);
        assert_eq!(for_audience(&y, Audience::Internal).units[0].items[0].lines, vec!["・公開の取組", "・○○診療所との調整【非公開】"]);
    }
}
