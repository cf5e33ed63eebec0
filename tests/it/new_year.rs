//! `shiryo new-year`, driven like a clerk would: last year's folder → the
//! next year's, checked, built, its forms pre-filled from last year; and the
//! refusals (an existing folder, a date outside the year, an output in a year's data).


use std::path::{Path, PathBuf};

use crate::common::*;
use shiryo::intake::ingest::read::Value;

fn table(path: &Path) -> toml::Table {
    std::fs::read_to_string(path).unwrap().parse().unwrap()
}

/// `new-year` from `last` into `<tmp>/2019` with the given dates.
fn new_year(last: &Path, tmp: &Path, date: &str, deadline: &str) -> (std::process::Output, PathBuf) {
    let out = tmp.join("2019");
    let args = ["new-year", last.to_str().unwrap(), "-o", out.to_str().unwrap(), "--date", date, "--deadline", deadline];
    (shiryo(&args, tmp, &[]), out)
}

/// A month or date written a year later, by its text: `2018-06` → `2019-06`.
fn a_year_on(text: &str) -> String {
    let (year, rest) = text.split_at(4);
    format!("{}{rest}", year.parse::<i32>().unwrap() + 1)
}

/// The schedule's keys that hold a month or date.
const DATE_KEYS: [&str; 5] = ["first_month", "last_month", "date", "from", "to"];

/// Last year's schedule as the new year must hold it: every month and date a year on, nothing else changed.
fn moved(value: &toml::Value, key: &str) -> toml::Value {
    match value {
        toml::Value::String(s) if DATE_KEYS.contains(&key) => toml::Value::String(a_year_on(s)),
        toml::Value::Table(t) => toml::Value::Table(t.iter().map(|(k, v)| (k.clone(), moved(v, k))).collect()),
        toml::Value::Array(a) => toml::Value::Array(a.iter().map(|v| moved(v, key)).collect()),
        v => v.clone(),
    }
}

#[test]
fn the_next_year_carries_the_structure_and_moves_the_schedule() {
    let tmp = tempfile::tempdir().unwrap();
    let (o, year) = new_year(&sample(), tmp.path(), "2019-12-11", "2019-11-15");
    assert!(o.status.success(), "{}", stderr(&o));

    let (old, new) = (table(&sample().join("packet.toml")), table(&year.join("packet.toml")));
    assert_eq!(new["fiscal_year"].as_integer(), Some(2019));
    assert_eq!(new["date"].as_str(), Some("2019-12-11"));
    assert_eq!(new["deadline"].as_str(), Some("2019-11-15"));
    for key in ["material", "prefecture", "meeting", "contact"] {
        assert_eq!(new[key], old[key], "{key} carried over");
    }
    let old_schedule = toml::Value::Table(table(&sample().join("schedule.toml")));
    let mut expected = moved(&old_schedule, "");
    // The title named last year: it names the new one, in the same form (和暦).
    expected["title"] = toml::Value::String("令和元年度の在宅医療にかかる議論等の進め方".into());
    assert_eq!(toml::Value::Table(table(&year.join("schedule.toml"))), expected);
    // The programmes' past activities keep their years (「…（平成30年度）」): the file is carried over as it was.
    assert!(std::fs::read_to_string(year.join("programmes.toml")).unwrap().contains("（平成30年度）"));
    for f in ["programmes.toml", "blocks.toml"] {
        assert_eq!(std::fs::read(year.join(f)).unwrap(), std::fs::read(sample().join(f)).unwrap(), "{f} carried over");
    }

    // No answers: units/ is empty, centres keep name and members only, no ledger.
    assert_eq!(std::fs::read_dir(year.join("units")).unwrap().count(), 0);
    assert!(!year.join("received").exists());
    let centres: Vec<_> = std::fs::read_dir(year.join("centres")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(centres.len(), 3);
    for c in &centres {
        let new = table(c);
        let old = table(&sample().join("centres").join(c.file_name().unwrap()));
        assert_eq!((&new["name"], &new["members"]), (&old["name"], &old["members"]));
        assert!(!new.contains_key("items"), "{}: no answers", c.display());
    }
    // Nothing but the year beside it: the temporary folder is gone.
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);

    // What it says: the moved dates, last year's summaries, the centres, and the title of 平成30年度.
    let said = stdout(&o);
    assert!(said.starts_with(&format!("令和元年度の年度フォルダを作成しました: {}", year.display())), "{said}");
    assert!(said.contains("  first_month: 2018-06 → 2019-06\n"), "{said}");
    assert!(said.contains("  events[8].date: 2019-03-14 → 2020-03-14\n"), "{said}");
    assert_eq!(said.matches(" → ").count(), 24, "{said}");
    let blocks = table(&sample().join("blocks.toml"));
    let blocks = blocks["blocks"].as_array().unwrap();
    let labels: Vec<&str> = blocks.iter().map(|b| b["label"].as_str().unwrap()).collect();
    assert!(said.contains(&format!("の文言のままです。令和元年度の内容に書き直してください: {}\n", labels.join("、"))), "{said}");
    assert!(said.contains("centres/: 広域は名前と構成だけを引き継ぎました"), "{said}");
    let renamed = "schedule.toml title: 年度を書き換えました: 「平成30年度の在宅医療にかかる議論等の進め方」→「令和元年度の在宅医療にかかる議論等の進め方」";
    assert!(said.contains(renamed), "{said}");
    assert!(!said.contains("とありますが、この資料は令和元年度"), "no title names last year any more: {said}");

    // check: exactly 未提出 for every column; exit code 0.
    let o = shiryo(&["check", year.to_str().unwrap()], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut expected = Vec::new();
    for (b, block) in blocks.iter().enumerate() {
        for name in block["columns"].as_array().unwrap() {
            let name = name.as_str().unwrap();
            expected.push(format!("blocks.toml blocks[{}].columns: 警告: 「{name}」の提出がありません。資料には「未提出」と表示されます。期限を過ぎていれば督促してください（shiryo remind）。", b + 1));
        }
    }
    assert_eq!(stdout(&o).lines().collect::<Vec<_>>(), expected);

    // status: every unit and every centre carried over is 未提出 (a centre's definition is not its answer).
    let o = shiryo(&["status", year.to_str().unwrap()], tmp.path(), &[("SHIRYO_NOW", "2019-11-01T00:00:00Z")]);
    let status = stdout(&o);
    assert!(o.status.success(), "before the deadline nothing is overdue: {status}");
    let centre_rows: Vec<&str> = status.lines().filter(|l| l.contains("（広域）")).collect();
    assert_eq!(centre_rows.len(), 3, "{status}");
    assert!(centre_rows.iter().all(|l| l.contains("未提出")), "{centre_rows:?}");

    // The clerk corrects the title; the warning goes, and the packet builds with 未提出 in every column.
    edit(&year.join("schedule.toml"), |t| {
        let title = t["title"].as_str().unwrap().replace("平成30年度", "令和元年度");
        t.insert("title".into(), title.into());
    });
    let o = shiryo(&["check", year.to_str().unwrap()], tmp.path(), &[]);
    assert!(!stdout(&o).contains("平成30年度"), "{}", stdout(&o));
    let pdf = build(&year, tmp.path());
    assert!(raw_text(&pdf).contains("令和元年度の在宅医療にかかる議論等の進め方"));
    assert!(poppler("pdfinfo", &[pdf.to_str().unwrap()]).contains("令和元年度"));
    let pages = pages_text(&pdf);
    for (block, label) in blocks.iter().zip(&labels) {
        let title = squash(&format!("各市町の在宅医療・介護連携に関する取組状況（{label}）"));
        let page = pages.iter().map(|p| squash(p)).find(|p| p.contains(&title)).unwrap_or_else(|| panic!("{label}"));
        let columns = block["columns"].as_array().unwrap().len();
        // Every column: 未提出, one cell down the item rows it fills one after another (more where 広域 rows part them).
        assert!(page.matches("未提出").count() >= columns, "{label}: {page}");
    }
}

#[test]
fn forms_of_the_new_year_are_pre_filled_from_last_year() {
    let tmp = tempfile::tempdir().unwrap();
    let (o, year) = new_year(&sample(), tmp.path(), "令和元年12月11日", "令和元年11月15日");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(table(&year.join("packet.toml"))["date"].as_str(), Some("2019-12-11"), "和暦 read, canonical written");
    let forms = tmp.path().join("forms");
    let last = sample();
    let args = ["form", year.to_str().unwrap(), "--previous", last.to_str().unwrap(), "-o", forms.to_str().unwrap()];
    let o = shiryo(&args, tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));

    let item_cell = |file: &str, no: u32| -> String {
        let book = shiryo::intake::ingest::read::read(&std::fs::read(forms.join(file)).unwrap()).unwrap();
        let sheet = book.sheet("取組状況").unwrap();
        match sheet.cells.get(&(shiryo::intake::form::schema::Schema::item_row(no as usize - 1), 2)) {
            Some(Value::Text(t)) => t.to_string(),
            other => panic!("{file} item {no}: {other:?}"),
        }
    };
    let lines = |path: PathBuf, key: &str| -> String {
        let t = table(&path);
        let item = t["items"].as_array().unwrap().iter().find(|i| i["key"].as_str() == Some(key)).unwrap().clone();
        item["lines"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect::<Vec<_>>().join("\n")
    };
    assert_eq!(item_cell("桑名市.xlsx", 1), lines(sample().join("units/桑名市.toml"), "resources"));
    // A centre carried without its answers takes last year's lines too.
    let centre = "松阪地域在宅医療・介護連携拠点";
    assert_eq!(item_cell(&shiryo::intake::form::centre_file(centre), 1), lines(sample().join(format!("centres/{centre}.toml")), "resources"));
    // The forms belong to the new year.
    let book = shiryo::intake::ingest::read::read(&std::fs::read(forms.join("桑名市.xlsx")).unwrap()).unwrap();
    let title = book.sheets.iter().flat_map(|s| s.cells.values()).any(|v| matches!(v, Value::Text(t) if t.contains("令和元年度")));
    assert!(title, "the form names 令和元年度");
}

#[test]
fn an_existing_output_is_refused_even_empty() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("2019")).unwrap();
    let (o, year) = new_year(&sample(), tmp.path(), "2019-12-11", "2019-11-15");
    assert!(!o.status.success());
    assert!(stderr(&o).contains("すでにあります（空のフォルダでも上書きしません）。何もしていません。"), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&year).unwrap().count(), 0, "nothing written into it");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1, "nothing written beside it");
}

#[test]
fn dates_outside_the_new_year_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    for (date, deadline, says) in [
        ("2020-04-01", "2019-11-15", "--date の「2020-04-01」は新しい年度（令和元年度、2019年4月〜2020年3月）の日付ではありません。"),
        ("2019-03-31", "2019-03-01", "--date の「2019-03-31」は新しい年度（令和元年度"),
        ("2019-12-11", "2019-12-12", "--deadline の「2019-12-12」が会議の日付「2019-12-11」より後です。"),
        ("2019-12", "2019-11-15", "--date の「2019-12」を日付として読めません。"),
    ] {
        let (o, year) = new_year(&sample(), tmp.path(), date, deadline);
        assert!(!o.status.success(), "{date} {deadline}");
        assert!(stderr(&o).contains(says), "{date} {deadline}: {}", stderr(&o));
        assert!(!year.exists(), "{date} {deadline}: nothing written");
    }
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0, "no temporary folder left");
    let last = sample();
    let args = ["--lang", "en", "new-year", last.to_str().unwrap(), "-o", "x", "--date", "2020-04-01", "--deadline", "2019-11-15"];
    let o = shiryo(&args, tmp.path(), &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--date 2020-04-01 is not in the new fiscal year 2019 (April 2019 – March 2020)"), "{}", stderr(&o));
}

#[test]
fn an_output_inside_a_years_data_is_refused() {
    let (_tmp, last) = sample_copy();
    let inside = last.join("units/x");
    let args = ["new-year", last.to_str().unwrap(), "-o", inside.to_str().unwrap(), "--date", "2019-12-11", "--deadline", "2019-11-15"];
    let o = shiryo(&args, last.parent().unwrap(), &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("出力先が年度"), "{}", stderr(&o));
    assert!(!inside.exists());
    assert_eq!(std::fs::read_dir(last.join("units")).unwrap().count(), 26);
}

#[test]
fn a_leap_day_becomes_the_28th() {
    let tmp = tempfile::tempdir().unwrap();
    let last = tmp.path().join("2019");
    copy_dir(&root().join("inputs/2019"), &last);
    edit(&last.join("schedule.toml"), |t| {
        let events = t["events"].as_array_mut().unwrap();
        let on_a_day = events.iter_mut().find(|e| e.get("date").is_some()).unwrap();
        on_a_day.as_table_mut().unwrap().insert("date".into(), "2020-02-29".into());
    });
    let out = tmp.path().join("2020");
    let args = ["new-year", last.to_str().unwrap(), "-o", out.to_str().unwrap(), "--date", "2020-12-09", "--deadline", "2020-11-13"];
    let o = shiryo(&args, tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(".date: 2020-02-29 → 2021-02-28（2月29日がない年のため28日にしました）\n"), "{}", stdout(&o));
    let schedule = std::fs::read_to_string(out.join("schedule.toml")).unwrap();
    assert!(schedule.contains("date = \"2021-02-28\"") && !schedule.contains("2021-02-29"));
    assert!(stdout(&o).contains("令和２年度の年度フォルダを作成しました"), "{}", stdout(&o));
}

/// A full disk at any operation of the file layer, or a kill: the new year is whole or absent.
#[test]
fn a_failure_at_any_write_leaves_no_half_year() {
    let tmp = tempfile::tempdir().unwrap();
    let (done, whole) = new_year(&sample(), tmp.path(), "2019-12-11", "2019-11-15");
    assert!(done.status.success());
    let files = |dir: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        for sub in ["", "units", "centres"] {
            for e in std::fs::read_dir(dir.join(sub)).unwrap() {
                let p = e.unwrap().path();
                if p.is_file() {
                    out.push((p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap()));
                }
            }
        }
        out.sort();
        out
    };
    let expected = files(&whole);
    for fault in ["enospc", "kill"] {
        for n in 1.. {
            let dir = tmp.path().join(format!("{fault}{n}"));
            std::fs::create_dir(&dir).unwrap();
            let plan = format!("{fault}@{n}");
            let out = dir.join("2019");
            let last = sample();
            let args = ["new-year", last.to_str().unwrap(), "-o", out.to_str().unwrap(), "--date", "2019-12-11", "--deadline", "2019-11-15"];
            let o = shiryo(&args, &dir, &[("SHIRYO_FAULT", &plan)]);
            if o.status.success() {
                assert_eq!(files(&out), expected, "{plan}");
                break;
            }
            // Renamed whole but its folder not synced: whole all the same.
            if out.exists() {
                assert_eq!(files(&out), expected, "{plan}: no half year");
            }
            if fault == "enospc" {
                assert!(stderr(&o).contains("ディスクに空きがない"), "{plan}: {}", stderr(&o));
                let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).filter(|n| n != "2019").collect();
                assert!(left.is_empty(), "{plan}: the temporary folder is removed: {left:?}");
            }
            assert!(n < 500, "{plan}: never succeeds");
        }
    }
}

/// A clerk who never opens TOML sets up the new year in the prefecture's own
/// form: the meeting, its date (in 和暦) and the deadline on the 会議 sheet.
#[test]
fn the_prefectures_form_sets_the_meeting_date_and_deadline() {
    let tmp = tempfile::tempdir().unwrap();
    let (o, year) = new_year(&sample(), tmp.path(), "2019-12-11", "2019-11-15");
    assert!(o.status.success(), "{}", stderr(&o));
    let forms = tmp.path().join("forms");
    let y = year.to_str().unwrap();
    let o = shiryo(&["form", y, "--unit", "三重県", "-o", forms.to_str().unwrap()], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let edit = "import openpyxl, sys\n\
        wb = openpyxl.load_workbook(sys.argv[1]); ws = wb['会議']\n\
        assert ws['A3'].value == '会議名' and ws['B3'].value == '三重県在宅医療推進懇話会', ws['B3'].value\n\
        ws['B3'] = '三重県在宅医療・介護連携推進会議'; ws['B4'] = '資料３'\n\
        ws['B5'] = '令和元年12月18日'; ws['B6'] = '令和元年11月22日'; ws['B7'] = '長寿介護課　在宅医療班'\n\
        wb.save(sys.argv[2])";
    let src = forms.join("県_三重県.xlsx");
    let o = python_with("openpyxl", "openpyxl", &["-c", edit, src.to_str().unwrap(), inbox.join("県.xlsx").to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = shiryo(&["ingest", inbox.to_str().unwrap(), "--year", y], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stdout(&o));
    let packet = table(&year.join("packet.toml"));
    assert_eq!(packet["meeting"].as_str(), Some("三重県在宅医療・介護連携推進会議"));
    assert_eq!(packet["material"].as_str(), Some("資料３"));
    assert_eq!(packet["date"].as_str(), Some("2019-12-18"), "和暦 read as the date");
    assert_eq!(packet["deadline"].as_str(), Some("2019-11-22"));
    assert_eq!(packet["contact"].as_str(), Some("長寿介護課　在宅医療班"));
    assert_eq!(packet["fiscal_year"].as_integer(), Some(2019), "the fiscal year is the form's, not a field");
    // A date that is not one is refused at its cell.
    let bad = edit.replace("令和元年12月18日", "12月中旬");
    let o = python_with("openpyxl", "openpyxl", &["-c", &bad, src.to_str().unwrap(), inbox.join("県.xlsx").to_str().unwrap()]);
    assert!(o.status.success());
    let o = shiryo(&["ingest", inbox.to_str().unwrap(), "--year", y], tmp.path(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("会議!B5"), "{}", stdout(&o));
}

/// A box's display form (地域包括ケア\n報告会) travels through the prefecture's form: its own
/// column on 予定表, pre-filled, read back; edited there, the schedule takes the new breaks.
#[test]
fn the_schedules_display_forms_round_trip_through_the_prefectures_form() {
    let tmp = tempfile::tempdir().unwrap();
    let (o, year) = new_year(&sample(), tmp.path(), "2019-12-11", "2019-11-15");
    assert!(o.status.success(), "{}", stderr(&o));
    let y = year.to_str().unwrap();
    let forms = tmp.path().join("forms");
    let o = shiryo(&["form", y, "--unit", "三重県", "-o", forms.to_str().unwrap()], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let display = |year: &Path| -> Vec<String> {
        let t = table(&year.join("schedule.toml"));
        t["events"].as_array().unwrap().iter().filter_map(|e| e.get("display")?.as_str().map(String::from)).collect()
    };
    let before = display(&year);
    assert!(before.contains(&"地域包括ケア\n報告会".to_string()), "{before:?}");
    let edit = "import openpyxl, sys\n\
        wb = openpyxl.load_workbook(sys.argv[1]); ws = wb['予定表']\n\
        head = next(r for r in ws.iter_rows() if any(c.value == '資料での改行（省略可）' for c in r))\n\
        col = next(c.column for c in head if c.value == '資料での改行（省略可）')\n\
        lab = next(c.column for c in head if c.value == '内容（行事）')\n\
        row = next(r[0].row for r in ws.iter_rows(min_row=head[0].row + 1) if ws.cell(r[0].row, lab).value == '地域包括ケア報告会')\n\
        assert ws.cell(row, col).value == '地域包括ケア\\n報告会', ws.cell(row, col).value\n\
        ws.cell(row, col).value = sys.argv[3]\n\
        wb.save(sys.argv[2])";
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let src = forms.join("県_三重県.xlsx");
    // Unchanged: the schedule keeps its display forms.
    let o = python_with("openpyxl", "openpyxl", &["-c", edit, src.to_str().unwrap(), inbox.join("県.xlsx").to_str().unwrap(), "地域包括ケア\n報告会"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = shiryo(&["ingest", inbox.to_str().unwrap(), "--year", y], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert_eq!(display(&year), before);
    // Edited: the new breaks.
    let o = python_with("openpyxl", "openpyxl", &["-c", edit, src.to_str().unwrap(), inbox.join("県.xlsx").to_str().unwrap(), "地域\n包括ケア報告会"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = shiryo(&["ingest", inbox.to_str().unwrap(), "--year", y], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(display(&year).contains(&"地域\n包括ケア報告会".to_string()), "{:?}", display(&year));
}

/// Reads a draft with Python's `email` parser: its plain body, and its form attachment written to `form`.
fn read_draft(eml: &Path, form: &Path) -> String {
    let script = "import sys\nfrom email import policy\nfrom email.parser import BytesParser\n\
        m = BytesParser(policy=policy.default).parse(open(sys.argv[1], 'rb'))\n\
        for a in m.iter_attachments():\n    \
            if a.get_filename().endswith('.xlsx'): open(sys.argv[2], 'wb').write(a.get_payload(decode=True))\n\
        print(m.get_body(preferencelist=('plain',)).get_content())";
    let o = python_with("email", "Python's standard library", &["-c", script, s(eml), s(form)]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

/// A new year made beside last year's: the request's forms carry last year's answers
/// without being asked (`--blank` leaves them out), and the mail and the letter say
/// what is attached either way.
#[test]
fn the_request_carries_last_years_answers_by_default_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let last = tmp.path().join("2018");
    copy_dir(&sample(), &last);
    let request = "\n[request]\nnumber = \"長介第９９号\"\ndate = \"2018-10-01\"\naddressee = \"各市町長　様\"\nsender = \"三重県医療保健部長\"\n";
    std::fs::write(last.join("packet.toml"), std::fs::read_to_string(last.join("packet.toml")).unwrap() + request).unwrap();
    // The request carried over, its number given anew, its date a year on.
    let year = tmp.path().join("2019");
    let o = shiryo(&["new-year", s(&last), "-o", s(&year), "--date", "2019-12-11", "--deadline", "2019-11-15", "--number", "長介第１号"], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("  packet.toml request.date: 2018-10-01 → 2019-10-01\n"), "{}", stdout(&o));
    let packet = table(&year.join("packet.toml"));
    assert_eq!((packet["request"]["number"].as_str(), packet["request"]["date"].as_str()), (Some("長介第１号"), Some("2019-10-01")));
    let resources = |form: &Path| -> Option<String> {
        let book = shiryo::intake::ingest::read::read(&std::fs::read(form).unwrap()).unwrap();
        match book.sheet("取組状況").unwrap().cells.get(&(shiryo::intake::form::schema::Schema::item_row(0), 2)) {
            Some(Value::Text(t)) => Some(t.to_string()),
            _ => None,
        }
    };
    let last_lines = table(&last.join("units/桑名市.toml"))["items"].as_array().unwrap()[0]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    for (blank, filled) in [(false, true), (true, false)] {
        let drafts = tmp.path().join(format!("drafts{blank}"));
        let mut args = vec!["request", s(&year), "-o", s(&drafts)];
        if blank {
            args.push("--blank");
        }
        let o = shiryo(&args, tmp.path(), &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        let said = format!("様式には、今年度の回答がない提出単位の分は {} の回答を記入しました。", last.display());
        assert_eq!(stdout(&o).contains(&said), filled, "{}", stdout(&o));
        let form = tmp.path().join(format!("form{blank}.xlsx"));
        let body = read_draft(&drafts.join("桑名市.eml"), &form);
        assert_eq!(resources(&form), filled.then(|| last_lines.clone()), "blank: {blank}");
        assert_eq!(body.contains("・様式には昨年度の回答を記入してあります。"), filled, "{body}");
        let letter = std::fs::read_dir(&drafts).unwrap().map(|e| e.unwrap().path()).find(|p| p.extension().is_some_and(|x| x == "pdf")).unwrap();
        let text = raw_text(&letter);
        assert_eq!(text.contains("様式には昨年度の回答を記入してありますので"), filled, "{text}");
    }
    // 桑名市 sends its pre-filled form back as it was: 前年度から変更なし; another with a line changed: 変更あり.
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    std::fs::copy(tmp.path().join("formfalse.xlsx"), inbox.join("桑名市.xlsx")).unwrap();
    let o = shiryo(&["ingest", s(&inbox), "--year", s(&year)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stdout(&o));
    let season = shiryo::season::Season::default();
    let since = shiryo::season::status::status(&season, &year).unwrap().outcome.since_last_year;
    assert_eq!(since.get("桑名市"), Some(&false), "{since:?}");
    let unit = year.join("units/桑名市.toml");
    std::fs::write(&unit, std::fs::read_to_string(&unit).unwrap().replacen("\"・", "\"・新しい取組。・", 1)).unwrap();
    let since = shiryo::season::status::status(&season, &year).unwrap().outcome.since_last_year;
    assert_eq!(since.get("桑名市"), Some(&true), "{since:?}");
}
