//! Property tests of the layout (a `cargo fuzz` target needs a nightly
//! toolchain this project cannot fetch; proptest runs on stable): any year
//! that validates lays out into cells that never overlap and stay inside the
//! grid, and nothing panics on the way, whatever the shares and centres.

use proptest::prelude::*;
use shiryo::model::validate::{has_errors, validate};
use shiryo::model::*;
use shiryo::render::layout::{Cell, layout};

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("町{i}")).collect()
}

/// A block of `n` units; shares are spans [a, b] of adjacent units per item,
/// 課題 spans likewise; centres are spans of members.
fn year(n: usize, item_spans: Vec<(u8, usize, usize)>, issue_spans: Vec<(usize, usize, usize)>, centres: Vec<(usize, usize, u8)>) -> Year {
    let cols = names(n);
    let survey = Survey::legacy();
    let key = |no: u8| survey.items[usize::from(no) - 1].key.clone();
    let text = |t: String| FieldValue { text: t, ..Default::default() };
    let mut units: Vec<Unit> = cols
        .iter()
        .map(|name| Unit {
            source: format!("units/{name}.toml"),
            name: name.clone(),
            fields: [("hub".to_string(), text(format!("{name}拠点"))), ("direction".to_string(), text(format!("{name}方向性")))]
                .into_iter()
                .collect(),
            items: (1..=10).map(|no| ItemCell { key: key(no), lines: vec![format!("・{name}{no}")], shared_with: vec![] }).collect(),
            pairs: vec![Pair { first: format!("{name}課題"), rows: vec![vec![format!("{name}取組")]], shared_with: vec![] }],
            ..Default::default()
        })
        .collect();
    for (no, a, b) in item_spans {
        let (a, b) = (a % n, b % n);
        let (a, b) = (a.min(b), a.max(b));
        if a == b || units[a..=b].iter().any(|u| !u.items[usize::from(no) - 1].shared_with.is_empty()) {
            continue;
        }
        let group: Vec<String> = cols[a..=b].to_vec();
        for u in &mut units[a..=b] {
            let cell = &mut u.items[usize::from(no) - 1];
            cell.lines = vec![format!("・共同{no}-{a}-{b}")];
            cell.shared_with = group.iter().filter(|g| **g != u.name).cloned().collect();
        }
    }
    for (k, (a, b, acts)) in issue_spans.into_iter().enumerate() {
        let (a, b) = (a % n, b % n);
        let (a, b) = (a.min(b), a.max(b));
        let group: Vec<String> = cols[a..=b].to_vec();
        for u in &mut units[a..=b] {
            u.pairs.push(Pair {
                first: format!("共同課題{k}"),
                rows: (0..=acts % 3).map(|i| vec![format!("取組{k}-{i}")]).collect(),
                shared_with: group.iter().filter(|g| **g != u.name).cloned().collect(),
            });
        }
    }
    let centres = centres
        .into_iter()
        .enumerate()
        .map(|(k, (a, b, no))| {
            let (a, b) = (a % n, b % n);
            Centre {
                source: format!("centres/c{k}.toml"),
                name: format!("広域{k}"),
                members: cols[a.min(b)..=a.max(b)].to_vec(),
                items: vec![CentreItem { key: key(no), lines: vec![format!("・広域{k}")] }],
            }
        })
        .collect();
    Year {
        survey,
        packet: Packet {
            schema: 2,
            prefecture: "県".into(),
            meeting: "会議".into(),
            material: "資料".into(),
            fiscal_year: 2018,
            date: "2018-12-12".into(),
            deadline: "2018-11-16".into(),
            contact: "係".into(),
            request: None,
            extensions: Default::default(),
        },
        schedule: Schedule {
            title: "予定".into(),
            first_month: "2018-06".into(),
            last_month: "2019-03".into(),
            bands: vec!["県".into()],
            ..Default::default()
        },
        blocks: Blocks { default_note: "注".into(), blocks: vec![Block { label: "区域".into(), columns: cols, ..Default::default() }] },
        units,
        centres,
        ..Default::default()
    }
}

/// Cells must tile without overlap inside `width` columns.
fn assert_tiles(cells: &[Cell], width: usize) {
    let mut taken = std::collections::HashSet::new();
    for c in cells {
        assert!(c.colspan >= 1 && c.rowspan >= 1, "{c:?}");
        assert!(c.x + c.colspan <= width, "{c:?} beyond {width} columns");
        for x in c.x..c.x + c.colspan {
            for y in c.y..c.y + c.rowspan {
                assert!(taken.insert((x, y)), "({x},{y}) taken twice, by {c:?}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn valid_years_lay_out_into_non_overlapping_cells(
        n in 1usize..7,
        items in prop::collection::vec((1u8..=10, 0usize..7, 0usize..7), 0..6),
        issues in prop::collection::vec((0usize..7, 0usize..7, 0usize..5), 0..4),
        centres in prop::collection::vec((0usize..7, 0usize..7, 1u8..=10), 0..3),
    ) {
        let y = year(n, items, issues, centres);
        let problems = validate(&y);
        if !has_errors(&problems) {
            match layout(&y) {
                Ok(doc) => {
                    for b in &doc.blocks {
                        assert_tiles(&b.matrix_grid.cells, b.matrix_grid.columns.len());
                        assert_tiles(&b.table_grid.cells, b.table_grid.columns.len());
                    }
                }
                Err(p) => prop_assert!(p.iter().all(|p| matches!(p.kind, shiryo::ProblemKind::IssueOrder { .. })), "{p:?}"),
            }
        }
    }

    /// Arbitrary text as a unit file: an error or a unit, never a panic.
    #[test]
    fn arbitrary_toml_never_panics(text in "\\PC{0,300}") {
        let _ = toml::from_str::<Unit>(&text);
    }
}
