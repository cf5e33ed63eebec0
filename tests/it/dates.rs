//! Months and dates as clerks write them: full-width digits and 和暦 are
//! read, anything else is refused with the whole value quoted — in
//! `schedule.toml`, `packet.toml` and the prefecture's form — and never a panic.


use std::path::Path;

use crate::common::*;
use shiryo::intake::ingest::read::{Book, Value};

/// Sets a key of `schedule.toml`'s event `i` (0-based).
fn set_event(year: &Path, i: usize, key: &str, value: &str) {
    edit(&year.join("schedule.toml"), |t| {
        let events = t["events"].as_array_mut().unwrap();
        events[i].as_table_mut().unwrap().insert(key.into(), value.into());
    });
}

fn set_key(year: &Path, file: &str, key: &str, value: &str) {
    edit(&year.join(file), |t| {
        t.insert(key.into(), value.into());
    });
}

/// `check` on a sample copy edited by `f`: its output and whether it succeeded.
fn check_after(f: impl FnOnce(&Path)) -> (String, bool) {
    let (tmp, year) = sample_copy();
    f(&year);
    let o = shiryo(&["check", year.to_str().unwrap()], tmp.path(), &[]);
    let out = stdout(&o) + &stderr(&o);
    assert!(!out.contains("panicked"), "{out}");
    assert!(o.status.code().is_some_and(|c| c <= 1), "{:?}: {out}", o.status);
    (out, o.status.success())
}

#[test]
fn full_width_digits_and_japanese_eras_are_read() {
    let (out, ok) = check_after(|y| {
        set_key(y, "schedule.toml", "first_month", "平成30年6月");
        set_key(y, "schedule.toml", "last_month", "平成31年3月");
        set_event(y, 0, "from", "２０１８-06");
        set_event(y, 0, "to", "2018-0７");
        set_event(y, 1, "date", "平成30年8月29日");
        set_key(y, "packet.toml", "date", "平成３０年１２月１２日");
    });
    assert!(ok, "{out}");
    assert!(out.contains("問題はありません"), "{out}");
}

/// The grid drawn from 和暦 and full-width months is the sample's, to the byte.
#[test]
fn a_year_written_in_japanese_eras_builds_the_samples_packet() {
    let (tmp, year) = sample_copy();
    let plain = build(&year, tmp.path());
    let plain = std::fs::read(plain).unwrap();
    set_key(&year, "schedule.toml", "first_month", "平成30年6月");
    set_key(&year, "schedule.toml", "last_month", "平成３１年３月");
    set_event(&year, 0, "from", "２０１８－０６");
    set_event(&year, 1, "date", "平成30年8月29日");
    set_key(&year, "packet.toml", "date", "平成30年12月12日");
    let eras = std::fs::read(build(&year, tmp.path())).unwrap();
    assert!(plain == eras, "the packet differs when the months are written in 和暦");
}

/// `令和元年6月` was a panic (a byte slice through 元); now it is June 2019,
/// after the grid's last month and outside 平成30年度, said in words.
#[test]
fn a_reiwa_month_is_read_and_placed_not_a_panic() {
    let (out, ok) = check_after(|y| set_key(y, "schedule.toml", "first_month", "令和元年6月"));
    assert!(!ok, "{out}");
    assert!(
        out.contains("schedule.toml first_month: 警告: 「令和元年6月」は平成30年度（2018年4月〜2019年3月）の外です。"),
        "{out}"
    );
    assert!(out.contains("schedule.toml last_month: エラー: 終わりの「2019-03」が始まりの「令和元年6月」より前です。"), "{out}");
    let (out, ok) = check_after(|y| set_event(y, 0, "from", "令和元年6月"));
    assert!(!ok, "{out}");
    assert!(out.contains("schedule.toml events[1].from: エラー: 「令和元年6月」は予定表の月の範囲（first_month〜last_month）の外です。"), "{out}");
}

#[test]
fn a_value_that_is_not_a_month_is_quoted_whole() {
    for bad in ["2018-06x", "2018-+6", "2018-13", "201８-", "令和元年4月", "平成31年5月"] {
        let (out, ok) = check_after(|y| set_event(y, 0, "from", bad));
        assert!(!ok, "{bad}: {out}");
        assert!(out.contains(&format!("schedule.toml events[1].from: エラー: 日付「{bad}」を読めません。")), "{bad}: {out}");
    }
    let (out, ok) = check_after(|y| set_key(y, "packet.toml", "deadline", "2018-11-31"));
    assert!(!ok);
    assert!(out.contains("packet.toml deadline: エラー: 日付「2018-11-31」を読めません。"), "{out}");
}

/// `0218-06` passed `check` and built a 48 MB PDF; years are 1900–2200, and
/// the grid stays within a year of the fiscal year and 24 months.
#[test]
fn a_grid_far_from_the_fiscal_year_is_refused() {
    let (out, ok) = check_after(|y| set_key(y, "schedule.toml", "first_month", "0218-06"));
    assert!(!ok);
    assert!(out.contains("schedule.toml first_month: エラー: 日付「0218-06」を読めません。"), "{out}");
    let (out, ok) = check_after(|y| set_key(y, "schedule.toml", "first_month", "2016-06"));
    assert!(!ok);
    assert!(
        out.contains("schedule.toml first_month: エラー: 「2016-06」は平成30年度（2018年4月〜2019年3月）から１年以上離れています。"),
        "{out}"
    );
    let (out, ok) = check_after(|y| {
        set_key(y, "schedule.toml", "first_month", "2017-04");
        set_key(y, "schedule.toml", "last_month", "2020-03");
    });
    assert!(!ok);
    assert!(out.contains("schedule.toml last_month: エラー: 予定表の月が 36 か月あります（上限 24 か月）。"), "{out}");
    // Outside the fiscal year, within a year of it: a warning, and the packet builds.
    let (out, ok) = check_after(|y| set_key(y, "schedule.toml", "last_month", "2019-05"));
    assert!(ok, "{out}");
    assert!(out.contains("schedule.toml last_month: 警告: 「2019-05」は平成30年度（2018年4月〜2019年3月）の外です。"), "{out}");
}

#[test]
fn a_span_that_ends_before_it_starts_is_refused() {
    let (out, ok) = check_after(|y| {
        set_event(y, 2, "from", "2018-11");
        set_event(y, 2, "to", "2018-09");
    });
    assert!(!ok);
    assert!(out.contains("schedule.toml events[3].to: エラー: 終わりの「2018-09」が始まりの「2018-11」より前です。"), "{out}");
    let (out, _) = check_after(|y| set_key(y, "schedule.toml", "first_month", "2019-01"));
    assert!(out.contains("schedule.toml events[1].from: エラー: 「2018-06」は予定表の月の範囲"), "{out}");
}

#[test]
fn english_words_for_the_new_findings() {
    let (tmp, year) = sample_copy();
    set_event(&year, 2, "to", "2018-08");
    let o = shiryo(&["--lang", "en", "check", year.to_str().unwrap()], tmp.path(), &[]);
    assert!(stdout(&o).contains("events[3].to: error: the end \"2018-08\" is before the start \"2018-09\"."), "{}", stdout(&o));
}

fn set(book: &mut Book, cell: (u32, u16), text: &str) {
    let sh = book.sheets.iter_mut().find(|s| s.name == "予定表").expect("sheet");
    sh.cells.insert(cell, Value::Text(text.into()));
}

/// The prefecture's form: months typed in 和暦 or full-width are written as
/// the canonical TOML (the sample's own file, unchanged); a bad one is refused at its cell.
#[test]
fn the_prefectures_form_reads_months_through_the_same_parser() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("f");
    let o = shiryo(&["form", sample().to_str().unwrap(), "--unit", "三重県", "-o", out.to_str().unwrap()], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let form = std::fs::read(out.join("県_三重県.xlsx")).unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let (_t, year) = sample_copy();
    let ingest = |bytes: Vec<u8>| {
        std::fs::write(inbox.join("県_三重県.xlsx"), bytes).unwrap();
        let o = shiryo(&["ingest", inbox.to_str().unwrap(), "--year", year.to_str().unwrap()], tmp.path(), &[]);
        let all = stdout(&o) + &stderr(&o);
        assert!(!all.contains("panicked"), "{all}");
        (all, o.status.code())
    };
    let edited = rewrite(&form, |b| {
        set(b, (3, 1), "平成30年6月");
        set(b, (4, 1), "２０１９－０３");
        set(b, (9, 4), "平成３０年６月");
        set(b, (10, 3), "平成30年8月29日");
    });
    let (all, code) = ingest(edited);
    assert_eq!(code, Some(0), "{all}");
    let read = |f: &str| std::fs::read(f).unwrap();
    assert!(
        read(year.join("schedule.toml").to_str().unwrap()) == read(sample().join("schedule.toml").to_str().unwrap()),
        "schedule.toml changed"
    );
    for (cell, bad, at) in [((3, 1), "201８-", "B4"), ((9, 4), "令和元年4月", "E10")] {
        let (all, code) = ingest(rewrite(&form, |b| set(b, cell, bad)));
        assert_eq!(code, Some(1), "{all}");
        assert!(all.contains(&format!("県_三重県.xlsx 予定表!{at}: 日付「{bad}」を読めません。")), "{all}");
    }
    let (all, code) = ingest(rewrite(&form, |b| set(b, (9, 4), "令和元年6月")));
    assert_eq!(code, Some(1), "{all}");
    assert!(all.contains("県_三重県.xlsx 予定表!F10: 終わりの「2018-07」が始まりの「2019-06」より前です。"), "{all}");
}
