//! The command line speaks the clerk's language: clap's errors and help in
//! Japanese by default, English with `--lang en`; a usage error exits 1 and help
//! 0; `--help` lists the clerk's commands in the season's order, then the
//! developers' under their own heading.


use std::process::Output;

use crate::common::{root, shiryo, stderr, stdout};

fn run(args: &[&str]) -> Output {
    shiryo(args, &root(), &[])
}

/// clap's own English, which a Japanese run must not show.
const CLAP_ENGLISH: &[&str] = &["error:", "Usage:", "Options:", "Arguments:", "Commands:", "Print help", "Print version", "[OPTIONS]", "For more information", "tip:"];

fn assert_no_clap_english(text: &str) {
    for w in CLAP_ENGLISH {
        assert!(!text.contains(w), "clap's English {w:?} in:\n{text}");
    }
}

/// A usage error: exit 1, nothing on stdout, the Japanese words on stderr, then the usage and the hint.
fn usage_error(args: &[&str], words: &[&str], more: &str) -> String {
    let o = run(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{args:?}:\n{err}");
    assert!(stdout(&o).is_empty(), "{args:?} wrote to stdout: {}", stdout(&o));
    assert!(err.starts_with("エラー: "), "{args:?}:\n{err}");
    for w in words.iter().chain(&["使い方: shiryo", more]) {
        assert!(err.contains(w), "{args:?}: {w:?} missing in:\n{err}");
    }
    assert_no_clap_english(&err);
    err
}

fn help(args: &[&str]) -> String {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}:\n{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

#[test]
fn no_command_shows_the_help_and_fails() {
    let o = run(&[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for w in ["使い方: shiryo [オプション] <コマンド>", "コマンド:", "build", "エラー: コマンドが指定されていません。"] {
        assert!(err.contains(w), "{w:?} missing in:\n{err}");
    }
    assert_no_clap_english(&err);
}

#[test]
fn missing_argument_names_it() {
    let err = usage_error(&["build"], &["必要な引数が指定されていません", "<YEAR>"], "詳しくは「shiryo build --help」を見てください。");
    assert!(err.contains("--output"), "{err}");
}

#[test]
fn unknown_flag_is_named() {
    usage_error(&["build", "--wrong-flag", "x"], &["「--wrong-flag」という引数（オプション）はありません。"], "詳しくは「shiryo build --help」");
}

#[test]
fn a_typo_of_a_command_is_suggested() {
    usage_error(&["buidl"], &["「buidl」というコマンドはありません。", "ヒント: 「build」のことですか？"], "詳しくは「shiryo --help」");
}

#[test]
fn refused_values_say_why() {
    usage_error(&["build", "x", "-o", "y.pdf", "--copies", "0"], &["「--copies <N>」の値「0」は使えません", "1〜500"], "「shiryo build --help」");
    usage_error(&["check", "x", "--lang", "xx"], &["「--lang <LANG>」に「xx」は指定できません", "ja、en"], "「shiryo check --help」");
    usage_error(&["check", "a", "b"], &["「b」は余分です"], "「shiryo check --help」");
    usage_error(&["build", "-q", "-q", "x", "-o", "y.pdf"], &["「--quiet」は１回だけ"], "「shiryo build --help」");
}

#[test]
fn help_is_japanese() {
    let out = help(&["--help"]);
    for w in ["使い方: shiryo [オプション] <コマンド>", "コマンド:", "オプション:", "使い方（このヘルプ）を表示", "バージョンを表示", "メッセージの言語（既定: ja、選べる値: ja, en）", "年度のフォルダから資料の PDF を作成"] {
        assert!(out.contains(w), "{w:?} missing in:\n{out}");
    }
    assert_no_clap_english(&out);
    assert!(!out.contains("build the packet PDF"), "the English half shown:\n{out}");

    let out = help(&["build", "--help"]);
    for w in ["使い方: shiryo build [オプション] <YEAR>", "引数:", "オプション:", "出力する PDF", "-h, --help"] {
        assert!(out.contains(w), "{w:?} missing in:\n{out}");
    }
    assert_no_clap_english(&out);
}

/// The command names of the list under `heading` in the top-level help (up to the blank line).
fn listed(help: &str, heading: &str) -> Vec<String> {
    let start = help.find(&format!("\n{heading}:\n")).unwrap_or_else(|| panic!("no {heading:?} in:\n{help}"));
    let list = &help[start + heading.len() + 3..];
    list.lines().take_while(|l| !l.trim().is_empty()).filter_map(|l| l.split_whitespace().next()).map(String::from).collect()
}

#[test]
fn commands_grouped_in_the_seasons_order() {
    let season = ["new-year", "form", "request", "ingest", "status", "send-back", "remind", "history", "desk", "check", "build", "archive", "verify", "diff"];
    for (args, clerk, developer) in [(&["--help"][..], "コマンド", "開発者向け"), (&["--lang", "en", "--help"][..], "Commands", "For developers")] {
        let out = help(args);
        let commands = listed(&out, clerk);
        let mut in_order = commands.iter().filter(|c| season.contains(&c.as_str()));
        assert!(season.iter().all(|s| in_order.next().map(String::as_str) == Some(*s)), "{args:?}: not the season's order: {commands:?}");
        assert!(commands.iter().all(|c| !["bench", "sample", "batch", "fmt"].contains(&c.as_str())), "{commands:?}");
        assert_eq!(listed(&out, developer), ["bench", "sample", "batch", "fmt"], "{out}");
        let (last_clerk, dev) = (out.find("\n  diff ").expect("diff listed"), out.find(&format!("\n{developer}:")).expect("heading"));
        assert!(last_clerk < dev, "the developers' heading before a clerk's command:\n{out}");
    }
}

#[test]
fn every_help_shows_one_language() {
    let top = help(&["--help"]);
    let commands = [listed(&top, "コマンド"), listed(&top, "開発者向け")].concat();
    assert!(commands.len() >= 18, "{commands:?}");
    for c in &commands {
        let ja = help(&[c, "--help"]);
        assert!(!ja.contains(" / "), "{c}: both halves shown:\n{ja}");
        assert_no_clap_english(&ja);
        let en = help(&["--lang=en", c, "--help"]);
        assert!(!en.contains(" / ") && !en.contains("使い方") && en.contains("Usage: shiryo"), "{c}:\n{en}");
        assert!(!en.contains("フォルダ"), "{c}: the Japanese half in English help:\n{en}");
    }
}

#[test]
fn lang_en_keeps_english() {
    for lang in [&["--lang", "en"][..], &["--lang=en"][..]] {
        let o = run(&[lang, &["build"]].concat());
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.starts_with("error: the following required arguments were not provided"), "{err}");
        assert!(err.contains("Usage: shiryo build") && err.contains("For more information, try 'shiryo build --help'."), "{err}");
        assert!(!err.contains("エラー") && !err.contains("使い方"), "{err}");

        let err = stderr(&run(&[&["buidl"][..], lang].concat()));
        assert!(err.contains("unrecognized subcommand 'buidl'") && err.contains("a similar subcommand exists: 'build'"), "{err}");

        let out = help(&[&["build", "--help"][..], lang].concat());
        for w in ["Usage: shiryo build [OPTIONS] <YEAR>", "Arguments:", "Options:", "Print help", "the PDF to write"] {
            assert!(out.contains(w), "{w:?} missing in:\n{out}");
        }
    }
}

#[test]
fn version_prints_to_stdout() {
    let out = help(&["--version"]);
    assert!(out.starts_with("shiryo "), "{out}");
    assert_eq!(help(&["-V"]), out);
}

/// A clock that cannot be read is said, never silently replaced; `build -q` says nothing when all is well;
/// `sample` speaks Japanese.
#[test]
fn small_words_of_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let o = crate::common::shiryo(&["status", crate::common::s(&crate::common::sample())], tmp.path(), &[("SHIRYO_NOW", "garbage")]);
    assert!(stderr(&o).contains("警告: SHIRYO_NOW の「garbage」を時刻として読めないため、いまの時刻を使います"), "{}", stderr(&o));
    let out = tmp.path().join("p.pdf");
    let o = crate::common::shiryo(&["build", crate::common::s(&crate::common::sample()), "-o", crate::common::s(&out), "-q"], tmp.path(), &[]);
    assert!(o.status.success() && stderr(&o).trim().is_empty(), "{}", stderr(&o));
    let o = crate::common::shiryo(&["sample", "--prefectures", "1", "--from", crate::common::s(&crate::common::sample()), "-o", crate::common::s(&tmp.path().join("s"))], tmp.path(), &[]);
    assert!(stderr(&o).contains("都道府県の年度を 1 件作成しました"), "{}", stderr(&o));
}
