//! Year over year: the 2018 → 2019 diff as a golden file, and the appendix it adds to the packet.

mod common;

use common::*;

#[test]
fn the_2018_to_2019_diff_matches_the_golden_file() {
    let o = shiryo(&["diff", "inputs/2018", "inputs/2019"], &root(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let golden = std::fs::read_to_string(root().join("tests/golden/diff-2018-2019.txt")).unwrap();
    assert_eq!(stdout(&o), golden, "the diff changed; if on purpose, regenerate tests/golden/diff-2018-2019.txt");
    // What the golden file must hold, said plainly.
    for needle in [
        "削除: バックベッドの利用 → バックベッド利用体制の整備",
        "追加: 人生の最終段階における意思決定支援",
        "→ ・平成23年4月に名賀医師会",
        "を設置し地域包括支援センターと",
        "新たに加わった提出単位・広域: いなべ・東員在宅医療・介護連携支援センター",
        "今年度は提出がない（前年度はあり）: 川越町",
    ] {
        assert!(golden.contains(needle), "{needle}");
    }
}

#[test]
fn a_diff_of_a_year_with_itself_is_empty() {
    let o = shiryo(&["diff", "inputs/2018", "inputs/2018"], &root(), &[]);
    assert_eq!(stdout(&o), "変更はありません。\n");
}

#[test]
fn the_packet_with_changes_carries_an_appendix_per_block() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("2019.pdf");
    let o = shiryo(
        &["build", "inputs/2019", "-o", out.to_str().unwrap(), "-q", "--with-changes", "inputs/2018"],
        &root(),
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = raw_text(&out);
    for needle in [
        "令和元年度の在宅医療にかかる議論等の進め方",
        "平成30年度からの変更（桑員区域）",
        "平成30年度からの変更（鈴亀区域）",
        "人生の最終段階における意思決定支援",
        "未提出",
        "いなべ・東員在宅医療・介護連携支援センター―新規",
        "川越町―提出なし",
    ] {
        assert!(text.contains(&squash(needle)), "{needle} missing");
    }
    assert!(!text.contains(&squash("平成30年度からの変更（東紀州区域）")), "a block without changes got a page");
}

/// Every TOML file under `dir`, by relative path, with its text.
fn tomls(dir: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    for sub in ["", "units", "centres"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { continue };
        for e in entries.map(Result::unwrap).filter(|e| e.path().extension().is_some_and(|x| x == "toml")) {
            let name = format!("{sub}/{}", e.file_name().to_string_lossy());
            out.insert(name, std::fs::read_to_string(e.path()).unwrap());
        }
    }
    out
}

#[test]
fn the_committed_2019_year_is_what_its_script_writes() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&sample(), &tmp.path().join("inputs/2018"));
    let script = tmp.path().join("inputs/2019/derive-from-2018.py");
    std::fs::create_dir_all(script.parent().unwrap()).unwrap();
    std::fs::copy(root().join("inputs/2019/derive-from-2018.py"), &script).unwrap();
    // Twice: a second run over its own output changes nothing.
    for _ in 0..2 {
        let o = std::process::Command::new(python()).arg(&script).current_dir(tmp.path()).output().expect("run python");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let o = shiryo(&["fmt", "inputs/2019"], tmp.path(), &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(tomls(&tmp.path().join("inputs/2019")), tomls(&root().join("inputs/2019")), "run the script and fmt again");
    }
    let derived = tomls(&root().join("inputs/2019"));
    // The meeting's own box on page 1 carries the meeting's date; 川越町's figures are gone with its answers.
    assert!(derived["/packet.toml"].contains("date = \"2019-12-11\""));
    assert!(derived["/schedule.toml"].contains("label = \"懇話会\"\ndate = \"2019-12-11\""));
    assert!(!derived["/schedule.toml"].contains("2019-12-12"));
    assert!(!derived["/blocks.toml"].contains("川越町の高齢化率"));
}
