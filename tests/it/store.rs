//! The canonical store: reading and writing the sample changes no byte.


use crate::common::*;

#[test]
fn read_then_write_of_the_sample_changes_no_byte() {
    let year = shiryo::store::load(&sample()).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    shiryo::store::save(&year, tmp.path()).unwrap();
    let mut compared = 0;
    for sub in ["", "units", "centres"] {
        for e in std::fs::read_dir(sample().join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                let name = p.strip_prefix(sample()).unwrap();
                let written = std::fs::read(tmp.path().join(name)).unwrap_or_else(|_| panic!("{name:?} not written"));
                assert!(std::fs::read(&p).unwrap() == written, "{name:?} changed on read → write");
                compared += 1;
            }
        }
    }
    // survey, packet, schedule, programmes, blocks, 26 units, 3 centres
    assert_eq!(compared, 5 + 26 + 3);
}

#[test]
fn a_written_year_reads_back_equal() {
    let year = shiryo::store::load(&sample()).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    shiryo::store::save(&year, tmp.path()).unwrap();
    let again = shiryo::store::load(tmp.path()).unwrap();
    assert_eq!(year.units.len(), again.units.len());
    for (a, b) in year.units.iter().zip(&again.units) {
        assert_eq!(a, b);
    }
    assert_eq!(year.blocks, again.blocks);
    assert_eq!(year.schedule, again.schedule);
}
