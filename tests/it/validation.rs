//! Each validation error, with the file, the key and the clerk's message.


use crate::common::*;

/// Runs `shiryo check` on a sample copy edited by `f`; returns its output and exit success.
fn check_after(f: impl FnOnce(&std::path::Path)) -> (String, bool) {
    let (tmp, year) = sample_copy();
    f(&year);
    let o = shiryo(&["check", year.to_str().unwrap()], tmp.path(), &[]);
    (stdout(&o) + &stderr(&o), o.status.success())
}

fn set_share(year: &std::path::Path, unit: &str, key: &str, with: &[&str]) {
    edit(&year.join(format!("units/{unit}.toml")), |t| {
        let items = t["items"].as_array_mut().unwrap();
        let cell = items.iter_mut().find(|i| i["key"].as_str() == Some(key)).unwrap();
        cell.as_table_mut().unwrap().insert(
            "shared_with".into(),
            toml::Value::Array(with.iter().map(|s| toml::Value::from(*s)).collect()),
        );
    });
}

#[test]
fn the_sample_is_valid() {
    let (out, ok) = check_after(|_| {});
    assert!(ok, "{out}");
    assert!(out.contains("問題はありません"), "{out}");
}

#[test]
fn a_share_naming_an_unknown_unit() {
    let (out, ok) = check_after(|y| set_share(y, "桑名市", "resources", &["桑名町"]));
    assert!(!ok);
    assert!(
        out.contains("units/桑名市.toml items[key=resources].shared_with: エラー: 「桑名町」という提出単位はありません"),
        "{out}"
    );
}

#[test]
fn a_share_between_columns_that_are_not_adjacent() {
    let (out, ok) = check_after(|y| {
        set_share(y, "桑名市", "resources", &["東員町"]);
        set_share(y, "東員町", "resources", &["桑名市"]);
    });
    assert!(!ok);
    assert!(out.contains("units/桑名市.toml items[key=resources].shared_with: エラー: 共同実施の 東員町・桑名市 が、同じブロックの隣り合う列ではありません"), "{out}");
}

#[test]
fn a_share_the_partner_does_not_confirm() {
    let (out, ok) = check_after(|y| set_share(y, "四日市市", "resources", &["菰野町"]));
    assert!(!ok);
    assert!(out.contains("units/四日市市.toml items[key=resources].shared_with: エラー: 「菰野町」との共同の記載が一致しません"), "{out}");
}

#[test]
fn an_item_the_survey_does_not_have() {
    let (out, ok) = check_after(|y| {
        edit(&y.join("units/鈴鹿市.toml"), |t| {
            let items = t["items"].as_array_mut().unwrap();
            items[0].as_table_mut().unwrap()["key"] = "nursing".into();
        });
    });
    assert!(!ok);
    assert!(out.contains("units/鈴鹿市.toml items[key=nursing].key: エラー: 項目「nursing」は今年度の調査（survey.toml）にありません"), "{out}");
    assert!(out.contains("units/鈴鹿市.toml items[key=resources]: エラー: ①資源の把握 がありません"), "{out}");
}

#[test]
fn an_empty_required_field() {
    let (out, ok) = check_after(|y| {
        edit(&y.join("units/亀山市.toml"), |t| {
            t["fields"]["direction"].as_table_mut().unwrap()["text"] = "  ".into();
        });
    });
    assert!(!ok);
    assert!(out.contains("units/亀山市.toml fields.direction.text: エラー: 空欄です。記入がない場合は「―」と入力してください。"), "{out}");
}

#[test]
fn a_unit_in_no_block() {
    let (out, ok) = check_after(|y| {
        let text = std::fs::read_to_string(y.join("units/亀山市.toml")).unwrap().replace("name = \"亀山市\"", "name = \"亀山町\"");
        std::fs::write(y.join("units/亀山町.toml"), text).unwrap();
    });
    assert!(!ok);
    assert!(out.contains("units/亀山町.toml name: エラー: 「亀山町」はどのブロックの列"), "{out}");
}

#[test]
fn an_unknown_key_names_file_and_key() {
    let (out, ok) = check_after(|y| {
        edit(&y.join("units/津市.toml"), |t| {
            t.insert("hubb".into(), "x".into());
        });
    });
    assert!(!ok);
    assert!(out.contains("units/津市.toml") && out.contains("hubb"), "{out}");
}

#[test]
fn messages_in_english_on_request() {
    let (tmp, year) = sample_copy();
    set_share(&year, "桑名市", "resources", &["桑名町"]);
    let o = shiryo(&["--lang", "en", "check", year.to_str().unwrap()], tmp.path(), &[]);
    assert!(stdout(&o).contains("items[key=resources].shared_with: error: there is no submitting unit \"桑名町\""), "{}", stdout(&o));
}

#[test]
fn a_bad_date() {
    let (out, ok) = check_after(|y| {
        edit(&y.join("packet.toml"), |t| {
            t["date"] = "2018-13-01".into();
        });
    });
    assert!(!ok);
    assert!(out.contains("packet.toml date: エラー: 日付「2018-13-01」を読めません"), "{out}");
}

#[test]
fn centres_overlapping_in_more_than_one_member() {
    let (out, ok) = check_after(|y| {
        edit(&y.join("centres/奥伊勢在宅医療介護連携支援相談窓口.toml"), |t| {
            t["members"] = toml::Value::Array(vec!["明和町".into(), "大台町".into(), "大紀町".into()]);
        });
    });
    assert!(!ok);
    assert!(out.contains("members: エラー: 広域「") && out.contains("の構成市町の重なりを表にできません"), "{out}");
}

/// Two files of one unit: both are named, so the clerk knows which to delete.
#[test]
fn two_files_of_one_unit_are_both_named() {
    let (out, ok) = check_after(|y| {
        std::fs::copy(y.join("units/桑名市.toml"), y.join("units/桑名市（再提出）.toml")).unwrap();
    });
    assert!(!ok);
    assert!(
        out.contains("units/桑名市（再提出）.toml name: エラー: 「桑名市」は units/桑名市.toml と同じ名前です。"),
        "{out}"
    );
}

#[test]
fn two_units_with_one_code_are_a_warning_naming_both() {
    let (out, ok) = check_after(|y| {
        let code = |f: &str| {
            let t: toml::Table = std::fs::read_to_string(y.join(f)).unwrap().parse().unwrap();
            t["code"].as_str().unwrap().to_string()
        };
        let yokkaichi = code("units/四日市市.toml");
        edit(&y.join("units/亀山市.toml"), |t| {
            t["code"] = yokkaichi.into();
        });
    });
    assert!(ok, "a warning only: {out}");
    // Files are read in name order: 亀山市 before 四日市市.
    assert!(
        out.contains("units/四日市市.toml code: 警告: 地方公共団体コード「242021」が「亀山市」（units/亀山市.toml）と同じです。"),
        "{out}"
    );
}

/// Shift_JIS and UTF-16 files are refused in words, naming the encoding; a
/// UTF-8 byte-order mark is fine.
#[test]
fn a_toml_file_not_in_utf8_says_to_save_it_as_utf8() {
    let (tmp, year) = sample_copy();
    let path = year.join("schedule.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    std::fs::write(&path, &sjis).unwrap();
    let o = shiryo(&["check", year.to_str().unwrap()], tmp.path(), &[]);
    let err = stderr(&o);
    assert!(!o.status.success());
    assert!(err.contains("schedule.toml: 文字コードが UTF-8 ではありません。Shift_JIS（ANSI）で保存されています。UTF-8 で保存してください"), "{err}");
    assert!(!err.contains("stream did not contain valid UTF-8"), "{err}");

    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    std::fs::write(&path, utf16).unwrap();
    let o = shiryo(&["--lang", "en", "check", year.to_str().unwrap()], tmp.path(), &[]);
    assert!(stderr(&o).contains("schedule.toml: the file is not UTF-8. It was saved as UTF-16 (Unicode). Save it as UTF-8"), "{}", stderr(&o));

    std::fs::write(&path, [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()).unwrap();
    let o = shiryo(&["check", year.to_str().unwrap()], tmp.path(), &[]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
}

/// A TOML error quotes its line, cut to what a clerk can read: a 400 KB line is not echoed whole.
#[test]
fn a_very_long_broken_toml_line_is_not_echoed_whole() {
    let (tmp, year) = crate::common::sample_copy();
    let path = year.join("units/桑名市.toml");
    std::fs::write(&path, format!("name = \"桑名市\"\nbroken = [{}\n", "\"長\", ".repeat(60_000))).unwrap();
    let o = crate::common::shiryo(&["check", crate::common::s(&year)], tmp.path(), &[]);
    let err = crate::common::stderr(&o);
    assert!(!o.status.success() && err.contains("TOML の書式が正しくありません"), "{}", &err[..err.len().min(500)]);
    assert!(err.len() < 4_000, "the message is {} bytes", err.len());
}
