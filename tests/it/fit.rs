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


/// Typst's measured heights of every planned page: (room, what, the layout's fit, heights by density).
fn measured(year: &shiryo::model::Year) -> Vec<(f64, String, serde_json::Value, Vec<f64>)> {
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
            let h = v["h"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect::<Vec<_>>();
            (v["room"].as_f64().unwrap(), v["what"].as_str().unwrap().to_string(), v["fit"].clone(), h)
        })
        .collect()
}

/// Pages checked, pages predicted without measuring, and the mismatches.
fn check(year_dir: &Path) -> (usize, usize, Vec<String>) {
    let year = shiryo::store::load(year_dir).unwrap();
    let doc = layout::layout(&year).unwrap();
    let heights = measured(&year);
    let planned: usize = doc.programmes.plan.parts.len() + doc.blocks.iter().map(|b| b.matrix.parts.len() + b.table.parts.len()).sum::<usize>();
    assert_eq!(heights.len(), planned, "one measurement per planned page");
    let sizes = &doc.densities;
    let (mut pages, mut sure, mut wrong) = (0, 0, Vec::new());
    for (i, (room, what, f, typst)) in heights.iter().enumerate() {
        assert!((room - fit::BODY_HEIGHT).abs() < 0.5, "page body height {room} pt, fit.rs assumes {}", fit::BODY_HEIGHT);
        pages += 1;
        // Typst's choice: the largest size that fits, else the smallest.
        let chosen = typst.iter().position(|h| h <= room).unwrap_or(sizes.len() - 1);
        let start = f["start"].as_u64().unwrap() as usize;
        if f["sure"].as_bool().unwrap() {
            sure += 1;
            if start != chosen {
                wrong.push(format!("page {i} {what}: predicted {:?}, Typst {:?} ({typst:?})", sizes[start], sizes[chosen]));
            }
            if f["one_page"].as_bool().unwrap() && typst[chosen] > *room {
                wrong.push(format!("page {i} {what}: predicted on one page, Typst overflows"));
            }
        }
    }
    (pages, sure, wrong)
}

#[test]
fn prediction_agrees_with_typst_on_the_sample_year() {
    let (pages, sure, wrong) = check(&crate::common::sample());
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(pages, 18, "two programmes pages and 16 block pages");
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


#[test]
fn prediction_agrees_with_typst_on_the_second_and_third_surveys() {
    // The third survey's words wider than their cells once made the estimate one density step
    // tight there; words.rs now decides the runs kept whole, and the estimate reads its joins.
    let root = crate::common::root();
    for dir in ["inputs/dementia/2024", "inputs/dementia/2025", "inputs/chiiki/2025"] {
        let (pages, sure, wrong) = check(&root.join(dir));
        assert!(wrong.is_empty(), "{dir}: {wrong:#?}");
        assert!(pages >= 4 && sure * 2 >= pages, "{dir}: only {sure} of {pages} pages predicted without measuring");
    }
}
