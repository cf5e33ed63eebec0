//! The data schema: a year written before `survey.toml` (schema 1: fixed
//! items ①–⑩ by number, `hub`, `direction`, `issues`) reads as today's
//! survey, builds the same packet to the byte, and `fmt` writes it in today's
//! form; a newer schema is refused by name. The 2018 packet itself is pinned.


use std::path::Path;

use crate::common::*;

/// The sample rewritten as a year of schema 1 would hold it (the inverse of `src/model/legacy.rs`).
fn downgrade(year: &Path) {
    std::fs::remove_file(year.join("survey.toml")).unwrap();
    edit(&year.join("packet.toml"), |t| drop(t.remove("schema")));
    let survey = shiryo::model::Survey::legacy();
    let no = |key: &str| 1 + survey.items.iter().position(|i| i.key == key).unwrap() as i64;
    let renumber = |t: &mut toml::Table| {
        for item in t.get_mut("items").and_then(|i| i.as_array_mut()).into_iter().flatten() {
            let item = item.as_table_mut().unwrap();
            let key = item.remove("key").unwrap();
            item.insert("no".into(), no(key.as_str().unwrap()).into());
        }
    };
    for e in std::fs::read_dir(year.join("units")).unwrap() {
        edit(&e.unwrap().path(), |t| {
            let mut fields = t.remove("fields").unwrap().as_table().unwrap().clone();
            let mut hub = fields.remove("hub").unwrap().as_table().unwrap().clone();
            let name = hub.remove("text").unwrap();
            hub.insert("name".into(), name);
            if let Some(op) = hub.remove("bracket") {
                hub.insert("operator".into(), op);
            }
            t.insert("hub".into(), hub.into());
            t.insert("direction".into(), fields.remove("direction").unwrap());
            renumber(t);
            let pairs = t.remove("pairs").unwrap();
            let issues: Vec<toml::Value> = pairs
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    let mut p = p.as_table().unwrap().clone();
                    let first = p.remove("first").unwrap();
                    let rows = p.remove("rows").unwrap();
                    let actions: Vec<toml::Value> = rows.as_array().unwrap().iter().map(|r| r.as_array().unwrap()[0].clone()).collect();
                    p.insert("issue".into(), first);
                    p.insert("actions".into(), actions.into());
                    p.into()
                })
                .collect();
            t.insert("issues".into(), issues.into());
        });
    }
    for e in std::fs::read_dir(year.join("centres")).unwrap() {
        edit(&e.unwrap().path(), renumber);
    }
}

fn sha256(path: &Path) -> String {
    shiryo::store::ledger::sha256(&std::fs::read(path).unwrap())
}

#[test]
fn the_2018_packet_is_pinned() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = build(&sample(), tmp.path());
    let golden = std::fs::read_to_string(root().join("tests/golden/packet-2018.sha256")).unwrap();
    assert_eq!(
        sha256(&pdf),
        golden.trim(),
        "the 2018 packet changed; if on purpose, bump render::LAYOUT_VERSION and regenerate tests/golden/packet-2018.sha256"
    );
}

#[test]
fn a_year_of_schema_1_reads_as_todays_survey_and_fmt_upgrades_it() {
    let (tmp, year) = sample_copy();
    downgrade(&year);
    let legacy = std::fs::read_to_string(year.join("units/いなべ市.toml")).unwrap();
    assert!(legacy.contains("[hub]") && legacy.contains("no = 1") && legacy.contains("[[issues]]"), "{legacy}");
    // Read, checked and built as today's survey: the same packet to the byte.
    let o = shiryo(&["check", year.to_str().unwrap()], tmp.path(), &[]);
    assert!(o.status.success() && stdout(&o).contains("問題はありません"), "{}{}", stdout(&o), stderr(&o));
    let old = build(&year, tmp.path());
    let new_dir = tmp.path().join("new");
    std::fs::create_dir(&new_dir).unwrap();
    assert_eq!(sha256(&old), sha256(&build(&sample(), &new_dir)), "schema 1 builds the same packet");
    // fmt writes today's form: byte for byte the sample, survey.toml included.
    let o = shiryo(&["fmt", year.to_str().unwrap()], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut compared = 0;
    for sub in ["", "units", "centres"] {
        for e in std::fs::read_dir(sample().join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                let rel = p.strip_prefix(sample()).unwrap();
                let got = std::fs::read_to_string(year.join(rel)).unwrap_or_else(|_| panic!("{rel:?} not written"));
                assert_eq!(got, std::fs::read_to_string(&p).unwrap(), "{rel:?}");
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 5 + 26 + 3);
}

#[test]
fn a_newer_schema_is_refused_by_name() {
    let (tmp, year) = sample_copy();
    edit(&year.join("survey.toml"), |t| drop(t.insert("schema".into(), 3.into())));
    let o = shiryo(&["check", year.to_str().unwrap()], tmp.path(), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("survey.toml: 新しい版の shiryo で書かれた年度のファイルです（データ形式 3）"), "{}", stderr(&o));
}

/// Forms of version 1, sent out before the upgrade (`tests/fixtures/v1/`, written by the shiryo of
/// then): read by the same marks and headers, accepted without a word, nothing changed.
#[test]
fn forms_of_version_1_are_read_as_they_were() {
    let (tmp, year) = sample_copy();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    for name in ["桑名市.xlsx", "県_三重県.xlsx"] {
        std::fs::copy(root().join("tests/fixtures/v1").join(name), inbox.join(name)).unwrap();
    }
    let o = shiryo(&["ingest", inbox.to_str().unwrap(), "--year", year.to_str().unwrap()], tmp.path(), &[]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("桑名市.xlsx → 桑名市: 受理\n") && out.contains("県_三重県.xlsx → 三重県: 受理\n"), "{out}");
    assert!(!out.contains("  "), "no finding: {out}");
    assert!(out.contains("TOML の変更はありません"), "the sample's own answers: {out}");
}
