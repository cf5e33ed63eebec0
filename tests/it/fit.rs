//! The page-size prediction (src/render/fit.rs) against Typst's own
//! measurement: wherever the prediction is used without measuring, it must
//! pick the density Typst's measurement picks, on the sample year and on
//! synthetic prefectures; and it must spare most measurements, which is
//! where the speed of a national build comes from.

use std::path::Path;

use shiryo::render::{self, fit, fonts, layout, templates};
use typst::foundations::{Label, Selector};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;


/// Typst's measured heights: per block, (room, heights of (a) by size, of (b) by size).
fn measured(year: &shiryo::model::Year) -> Vec<(f64, Vec<f64>, Vec<f64>)> {
    let mut files = templates::load(None).unwrap();
    files.retain(|(n, _)| n != "main.typ");
    let main = std::fs::read_to_string(crate::common::root().join("tests/fixtures/fit-measure.typ")).unwrap();
    files.push(("main.typ".into(), main));
    let doc = render::compile_with(year, &files, &render::Extras::default(), fonts::store()).unwrap();
    let found = doc.introspector().query(&Selector::Label(Label::new(PicoStr::intern("measured")).unwrap()));
    found
        .iter()
        .map(|c| {
            let value = &c.to_packed::<MetadataElem>().unwrap().value;
            let v = serde_json::to_value(value).unwrap();
            let list = |k: &str| v[k].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect::<Vec<_>>();
            (v["room"].as_f64().unwrap(), list("a"), list("b"))
        })
        .collect()
}

/// Blocks checked, blocks predicted without measuring, and the mismatches.
fn check(year_dir: &Path) -> (usize, usize, Vec<String>) {
    let year = shiryo::store::load(year_dir).unwrap();
    let doc = layout::layout(&year).unwrap();
    let heights = measured(&year);
    assert_eq!(heights.len(), doc.blocks.len(), "one measurement per block");
    let (mut pages, mut sure, mut wrong) = (0, 0, Vec::new());
    for (b, (room, a, t)) in doc.blocks.iter().zip(&heights) {
        assert!((room - fit::BODY_HEIGHT).abs() < 0.5, "page body height {room} pt, fit.rs assumes {}", fit::BODY_HEIGHT);
        let sizes = &doc.densities;
        for (what, f, typst) in [("(a)", &b.matrix_fit, a), ("(b)", &b.table_fit, t)] {
            pages += 1;
            // Typst's choice: the largest size that fits, else the smallest.
            let chosen = typst.iter().position(|h| h <= room).unwrap_or(sizes.len() - 1);
            if f.sure {
                sure += 1;
                if f.start != chosen {
                    wrong.push(format!("{} {what}: predicted {:?}, Typst {:?} ({typst:?})", b.label, sizes[f.start], sizes[chosen]));
                }
                if f.one_page && typst[chosen] > *room {
                    wrong.push(format!("{} {what}: predicted on one page, Typst overflows", b.label));
                }
            }
        }
    }
    (pages, sure, wrong)
}

#[test]
fn prediction_agrees_with_typst_on_the_sample_year() {
    let (pages, sure, wrong) = check(&crate::common::sample());
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(pages, 16);
    assert!(sure >= 12, "only {sure} of {pages} pages predicted without measuring");
}

#[test]
fn prediction_agrees_with_typst_on_synthetic_prefectures() {
    let dir = tempfile::tempdir().unwrap();
    let base = shiryo::store::load(&crate::common::sample()).unwrap();
    // Seed 7, the first three prefectures (北海道 with 179 units among them).
    let years = shiryo::store::sample::generate(&base, 3, 7, dir.path()).unwrap();
    let (mut pages, mut sure, mut wrong) = (0, 0, Vec::new());
    for y in &years {
        let (p, s, w) = check(y);
        pages += p;
        sure += s;
        wrong.extend(w);
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(pages >= 100, "{pages} pages");
    // Measured runs show the speed depends on this (BENCH.md).
    assert!(sure * 100 >= pages * 75, "only {sure} of {pages} pages predicted without measuring");
}
