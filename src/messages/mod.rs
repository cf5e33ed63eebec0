//! The one place where errors and findings become words for a clerk:
//! Japanese by default, English with `--lang en`.

use crate::model::key::Key;
use crate::error::{Error, Problem, ProblemKind as K, Severity};

pub use crate::lang::Lang;

pub mod catalogue;
pub mod front;
#[cfg(feature = "render")]
pub mod voice;

pub use front::{Action, Front, action};

pub use crate::model::inert;

/// `units/桑名市.toml items[no=5].lines: エラー: ⑤相談支援 …`
pub fn problem(p: &Problem, front: Front, lang: Lang) -> String {
    let level = match (p.severity, lang) {
        (Severity::Error, Lang::Ja) => "エラー",
        (Severity::Warning, Lang::Ja) => "警告",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::En) => "warning",
    };
    let at = if p.key == Key::Whole { p.file.clone() } else { format!("{} {}", p.file, p.key) };
    format!("{at}: {level}: {}", kind(&p.kind, front, lang))
}

/// How a field of a kind is answered.
fn field_kind(kind: crate::model::FieldKind, lang: Lang) -> &'static str {
    use crate::model::FieldKind as F;
    match (kind, lang) {
        (F::Text, Lang::Ja) => "１つの文（text）",
        (F::Bracketed, Lang::Ja) => "文と括弧内（text と bracket）",
        (F::Lines, Lang::Ja) => "行の並び（lines）",
        (F::Text, Lang::En) => "one text (text)",
        (F::Bracketed, Lang::En) => "a text and a bracket (text, bracket)",
        (F::Lines, Lang::En) => "a list of lines (lines)",
    }
}

fn kind(k: &K, front: Front, lang: Lang) -> String {
    match lang {
        Lang::Ja => match k {
            K::UnknownUnit(n) => format!("「{n}」という提出単位はありません（blocks.toml の columns にない名前です）。名前を確認してください。"),
            K::UnitInNoBlock(n) => format!("「{n}」はどのブロックの列（blocks.toml の columns）にも含まれていません。blocks.toml の区域の columns に加えるか、名前を確認してください。"),
            K::UnitInTwoBlocks(n) => format!("「{n}」が２つ以上のブロックの列に含まれています。blocks.toml で１つの区域の columns にだけ残してください。"),
            K::UnknownItem(k) => format!("項目「{k}」は今年度の調査（survey.toml）にありません。survey.toml の items の key を確認してください。"),
            K::DuplicateItem(k) => format!("項目「{k}」が２回記入されています。１つにまとめてください。"),
            K::MissingItem(label) => format!("{label} がありません。記入がない場合は「―」と入力してください。"),
            K::UnknownField(k) => format!("欄「{k}」は今年度の調査（survey.toml）にありません。survey.toml の fields の key を確認してください。"),
            K::FieldKind(kind) => format!("この欄は{}で記入します。", field_kind(*kind, lang)),
            K::NotShareable { unit_word: w } => format!("この欄は他の{w}と共同にできません（survey.toml で shareable になっていません）。共同の相手を消してください。"),
            K::RowWidth { found, expected } => format!("行の欄の数が {found} ですが、調査では {expected} です。欄の数を調査に合わせてください。"),
            K::NotWide(k) => format!("項目「{k}」は広域で回答する項目ではありません（survey.toml の wide）。広域のファイルからこの項目を削除してください。"),
            K::DuplicateMark(m) => format!("項目の記号「{m}」が２つの項目に使われています。記号は様式で項目の行を見つけるのに使うため、項目ごとに変えてください。"),
            K::DuplicateField(k) => format!("欄の key「{k}」が２つあります。欄ごとに別の key にしてください。"),
            K::OtherBullet(c) => format!("「{c}」で始まる行があります。資料では注記（字下げ）として印刷されます。取組であれば「・」で始めてください。"),
            K::FormulaLike(l) => format!("「{l}」のように、表計算ソフトが数式として読む文字（= + - @）で始まる行があります。公開用の CSV では、数式として動かないよう先頭に「'」を付けて書き出します。取組であれば「・」で始めてください。"),
            K::LoneDash(d) => format!("「{d}」だけの行があります。取組がない場合は「―」と書いてください。"),
            K::NoteFirst => "最初の行が「・」で始まっていないため、資料では注記（字下げ）として印刷されます。取組であれば「・」で始めてください。".into(),
            K::Empty => "空欄です。記入がない場合は「―」と入力してください。".into(),
            K::NotAdjacent(ns) => format!("共同実施の {} が、同じブロックの隣り合う列ではありません。共同の相手か、blocks.toml の columns の並びを確認してください。", ns.join("・")),
            K::ShareMismatch { partner } => format!(
                "「{partner}」との共同の記載が一致しません。両方のファイルに同じ内容と、互いの名前（shared_with）を記入してください。"
            ),
            K::BadDate(v) => format!("日付「{v}」を読めません。2018-12-12（月は 2018-06）、または平成30年12月12日（月は令和元年6月）の形で記入してください。"),
            K::FarFromFiscalYear { value, fy } => format!("「{value}」は{}（{}）から１年以上離れています。年の誤りではないか確認してください。", crate::model::era::fiscal_year(*fy), fiscal_months(*fy, lang)),
            K::OutsideFiscalYear { value, fy } => format!("「{value}」は{}（{}）の外です。年度の内容であれば、そのままで構いません。", crate::model::era::fiscal_year(*fy), fiscal_months(*fy, lang)),
            K::Reversed { from, to } => format!("終わりの「{to}」が始まりの「{from}」より前です。年月を確認してください。"),
            K::TooManyMonths { months, limit } => format!("予定表の月が {months} か月あります（上限 {limit} か月）。first_month と last_month を確認してください。"),
            K::SameName { name, other } => format!("「{name}」は {other} と同じ名前です。どちらか一方のファイルを削除するか、名前を直してください。"),
            K::SameCode { code, other, other_file } => format!("地方公共団体コード「{code}」が「{other}」（{other_file}）と同じです。コードを確認してください。"),
            K::TooLong { chars, limit } => format!("文字数が多すぎます（{chars} 字、上限 {limit} 字）。内容を確認してください。"),
            K::TooManyPages { pages, limit, largest } => format!(
                "資料が長すぎます（推定 {pages} ページ以上、上限 {limit} ページ）。組版する前に中止しました。大きいファイル: {}。内容を確認してください。",
                largest.iter().map(|(f, n)| format!("{f}（約 {n} ページ）")).collect::<Vec<_>>().join("、")
            ),
            K::UnknownBand(b) => format!("「{b}」は bands にない行です。schedule.toml の bands にある名前にするか、bands に加えてください。"),
            K::EventWhen => "日付（date）か期間（from と to）のどちらか一方を記入してください。".into(),
            K::OutsideSchedule(m) => format!("「{m}」は予定表の月の範囲（first_month〜last_month）の外です。日付か、first_month・last_month を確認してください。"),
            K::DuplicateUnit(n) => format!("「{n}」のファイルが２つあります。どちらか一方を削除してください。"),
            K::BadCode(c) => format!("地方公共団体コード「{c}」は６桁の数字ではありません。検査数字を含む６桁（例: 242055）で記入してください。"),
            K::CheckDigit { code, expected } => format!(
                "地方公共団体コード「{code}」の最後の桁（検査数字）が合いません（この５桁なら {expected}）。総務省の全国地方公共団体コードで確認してください。"
            ),
            K::NotSubmitted(n) => format!("「{n}」の提出がありません。資料には「未提出」と表示されます。期限を過ぎていれば督促してください（{}）。", action(&Action::Remind, front, lang)),
            K::RunTooWide(run) => format!("「{run}」は欄の幅より長いため、資料では途中で改行されます。区切りを入れるか、短い表記にしてください。"),
            K::DisplayTooWide(line) => format!("「{}」は欄の幅より長いため、資料ではさらに折り返されます。display の改行の位置を手前にしてください。", crate::model::inert(line)),
            K::NoGlyph(c) => format!(
                "「{}」（U+{:04X}）は資料の字体にない文字のため、印刷すると□になります。通常の字に置き換えるか、ふりがな等を添えてください。",
                crate::model::inert(&c.to_string()),
                u32::from(*c)
            ),
            K::IssueOrder { unit_word: w } => format!("共同の課題の並びを１つの表に配置できません。共同の課題を各{w}の課題の前後にまとめてください。"),
            K::CentresOverlap { a, b, unit_word: w } => format!(
                "広域「{a}」と「{b}」の構成{w}の重なりを表にできません。重なってよいのは、一方の最後の{w}が他方の最初の{w}である場合（１{w}）だけです。"
            ),
            K::OtherFiscalYear { found, fy } => format!(
                "「{found}」とありますが、この資料は{}（packet.toml の fiscal_year = {fy}）です。前年度の文言が残っていないか確認してください。",
                crate::model::era::fiscal_year(*fy)
            ),
            K::BadAddress(a) => format!("「{}」はメールアドレスとして読めません（例: kaigo@city.example.jp。名前や＜＞、空白、改行は入れず、アドレスは１つずつ別の行に）。", a.escape_debug()),
            K::UnknownContact(n) => format!("「{n}」という提出単位・広域はこの年度にありません。連絡先は使われません。名前を確認してください。"),
            K::NoRequest => "依頼文の欄がありません。packet.toml に [request] を追加し、number（文書番号）、date（日付）、addressee（宛先）、sender（発信者）を記入してください。".into(),
        },
        Lang::En => match k {
            K::UnknownUnit(n) => format!("there is no submitting unit \"{n}\" (not a column of blocks.toml); check the name."),
            K::UnitInNoBlock(n) => format!("\"{n}\" is a column of no block in blocks.toml; add it to a block's columns or check the name."),
            K::UnitInTwoBlocks(n) => format!("\"{n}\" is a column of more than one block; keep it in one block's columns only."),
            K::UnknownItem(k) => format!("item \"{k}\" is not in this year's survey (survey.toml); check the items' keys."),
            K::DuplicateItem(k) => format!("item \"{k}\" is given twice; merge them into one."),
            K::MissingItem(label) => format!("{label} is missing; if nothing was done, enter \"―\"."),
            K::UnknownField(k) => format!("field \"{k}\" is not in this year's survey (survey.toml); check the fields' keys."),
            K::FieldKind(kind) => format!("this field is answered as {}.", field_kind(*kind, lang)),
            K::NotShareable { .. } => "this field cannot be shared with other units (not shareable in survey.toml); remove the partners.".into(),
            K::RowWidth { found, expected } => format!("a row has {found} columns; the survey has {expected}. Make them match."),
            K::NotWide(k) => format!("item \"{k}\" is not answered by wide-area centres (wide in survey.toml); remove it from the centre's file."),
            K::DuplicateMark(m) => format!("the mark \"{m}\" is used by two items; the form finds an item's row by its mark, so give each item its own."),
            K::DuplicateField(k) => format!("the field key \"{k}\" is used twice; give each field its own key."),
            K::OtherBullet(c) => format!("a line starts with \"{c}\"; it prints as an indented note. Start actions with 「・」."),
            K::FormulaLike(l) => format!("a line starts as a spreadsheet formula does (\"{l}\": = + - @); the published CSV gives it a leading apostrophe so that it never runs. Start actions with 「・」."),
            K::LoneDash(d) => format!("a line of only \"{d}\"; write 「―」 when nothing was done."),
            K::NoteFirst => "the first line does not start with 「・」, so it prints as an indented note; start it with 「・」 if it is an action.".into(),
            K::Empty => "is empty; if nothing was done, enter \"―\".".into(),
            K::NotAdjacent(ns) => format!("the joint units {} are not adjacent columns of one block; check the partners or the order of blocks.toml's columns.", ns.join(", ")),
            K::ShareMismatch { partner } => format!(
                "the joint entry does not match \"{partner}\"'s: both files need the same text and each other's name in shared_with."
            ),
            K::BadDate(v) => format!("cannot read the date \"{v}\"; write 2018-12-12 (months 2018-06), or 平成30年12月12日 (令和元年6月)."),
            K::FarFromFiscalYear { value, fy } => format!("\"{value}\" is more than a year away from fiscal year {fy} ({}); check the year.", fiscal_months(*fy, lang)),
            K::OutsideFiscalYear { value, fy } => format!("\"{value}\" is outside fiscal year {fy} ({}); fine if it belongs to the year's plans.", fiscal_months(*fy, lang)),
            K::Reversed { from, to } => format!("the end \"{to}\" is before the start \"{from}\". Check the dates."),
            K::TooManyMonths { months, limit } => format!("the schedule has {months} months (at most {limit}); check first_month and last_month."),
            K::SameName { name, other } => format!("\"{name}\" has the same name as {other}; delete one of the files or correct the name."),
            K::SameCode { code, other, other_file } => format!("local-government code \"{code}\" is also \"{other}\"'s ({other_file}); check the code."),
            K::TooLong { chars, limit } => format!("the text is too long ({chars} characters, limit {limit}); check its content."),
            K::TooManyPages { pages, limit, largest } => format!(
                "the packet would be too long (at least {pages} pages estimated, limit {limit}); stopped before typesetting. Largest files: {}. Check their content.",
                largest.iter().map(|(f, n)| format!("{f} (about {n} pages)")).collect::<Vec<_>>().join(", ")
            ),
            K::UnknownBand(b) => format!("\"{b}\" is not one of the schedule's bands; use a name of bands in schedule.toml, or add it there."),
            K::EventWhen => "give either a date or both from and to.".into(),
            K::OutsideSchedule(m) => format!("\"{m}\" is outside the schedule's months (first_month–last_month); check the date, or first_month and last_month."),
            K::DuplicateUnit(n) => format!("there are two files for \"{n}\"; delete one of them."),
            K::BadCode(c) => format!("local-government code \"{c}\" is not six digits; give the six digits with the check digit (e.g. 242055)."),
            K::CheckDigit { code, expected } => format!(
                "local-government code \"{code}\" ends in the wrong check digit ({expected} for these five digits); check it against the national list."
            ),
            K::NotSubmitted(n) => format!("\"{n}\" has not submitted; the packet prints 未提出 in its cells. Past the deadline, send a reminder ({}).", action(&Action::Remind, front, lang)),
            K::RunTooWide(run) => format!("\"{run}\" is wider than its cell and is broken inside it in the packet; add a break or shorten it."),
            K::DisplayTooWide(line) => format!("\"{}\" is wider than its box and breaks again in the packet; break the display line earlier.", crate::model::inert(line)),
            K::NoGlyph(c) => format!(
                "\"{}\" (U+{:04X}) is in none of the packet's fonts and would print as a box; use a common character or add its reading.",
                crate::model::inert(&c.to_string()),
                u32::from(*c)
            ),
            K::IssueOrder { .. } => "the shared 課題 rows cannot be laid out in one table; group shared rows before or after each unit's own.".into(),
            K::CentresOverlap { a, b, .. } => format!(
                "centres \"{a}\" and \"{b}\" overlap in a way the matrix cannot show: only one member may be shared, the last of one being the first of the other."
            ),
            K::OtherFiscalYear { found, fy } => format!(
                "names \"{found}\", but the packet is for fiscal year {fy} ({}, packet.toml fiscal_year); check for last year's words.",
                crate::model::era::fiscal_year(*fy)
            ),
            K::BadAddress(a) => format!("\"{}\" is not a mail address (e.g. kaigo@city.example.jp: no name, brackets, spaces or line breaks; one address per entry).", a.escape_debug()),
            K::UnknownContact(n) => format!("there is no unit or centre \"{n}\" this year; its contact is not used. Check the name."),
            K::NoRequest => "the cover letter's fields are missing: add [request] to packet.toml with number, date, addressee and sender.".into(),
        },
    }
}

/// The months of a fiscal year: 2018年4月〜2019年3月 / April 2018 – March 2019.
fn fiscal_months(fy: i32, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{fy}年4月〜{}年3月", fy + 1),
        Lang::En => format!("April {fy} – March {}", fy + 1),
    }
}

/// The space Japanese text puts around a command in the terminal (`の shiryo で`); none around the page's 「」.
fn gap(front: Front) -> &'static str {
    match front {
        Front::Terminal => " ",
        Front::Page => "",
    }
}

/// A line cut to `max` characters, an ellipsis saying so.
fn cut(line: &str, max: usize) -> String {
    if line.chars().count() <= max {
        return line.to_string();
    }
    format!("{}…", line.chars().take(max).collect::<String>())
}

/// The program, as the clerk knows it where the words are read.
fn tool(front: Front, ja: bool) -> &'static str {
    match (front, ja) {
        (Front::Terminal, _) => "shiryo",
        (Front::Page, true) => "このプログラム",
        (Front::Page, false) => "this program",
    }
}

/// The journal of an interrupted change, as the clerk is told to leave it.
fn journal(front: Front, ja: bool) -> &'static str {
    match (front, ja) {
        (Front::Terminal, true) => ".shiryo-txn フォルダ",
        (Front::Terminal, false) => "the .shiryo-txn folder",
        (Front::Page, true) => "年度のフォルダの中の取込の途中の記録",
        (Front::Page, false) => "the record of the change inside the year's folder",
    }
}

/// A date the clerk gave: the flag in the terminal, the field's label on the page.
fn date_field(flag: &str, front: Front, lang: Lang) -> String {
    match (front, flag, lang) {
        (Front::Terminal, _, Lang::Ja) => format!("--{flag} "),
        (Front::Terminal, _, Lang::En) => format!("--{flag}"),
        (Front::Page, "deadline", Lang::Ja) => "「提出期限」".into(),
        (Front::Page, "request-date", Lang::Ja) => "「依頼文の日付」".into(),
        (Front::Page, "extension", Lang::Ja) => "「延長後の期限」".into(),
        (Front::Page, "extension", Lang::En) => "\"Extended deadline\"".into(),
        (Front::Page, "request-date", Lang::En) => "\"Request letter's date\"".into(),
        (Front::Page, _, Lang::Ja) => "「会議の日付」".into(),
        (Front::Page, "deadline", Lang::En) => "\"Deadline\"".into(),
        (Front::Page, _, Lang::En) => "\"Meeting date\"".into(),
    }
}

/// A stopping error, as lines, with the actions where it is read.
pub fn error(e: &Error, front: Front, lang: Lang) -> Vec<String> {
    let ja = lang == Lang::Ja;
    match e {
        Error::Invalid(problems) => {
            let mut lines: Vec<String> = problems.iter().map(|p| problem(p, front, lang)).collect();
            let n = problems.iter().filter(|p| p.severity == Severity::Error).count();
            lines.push(if ja {
                format!("入力に {n} 件のエラーがあります。何も作成していません。上の各行を直してから、もう一度実行してください。")
            } else {
                format!("{n} error(s) in the input; nothing was written. Correct the lines above and run again.")
            });
            lines
        }
        Error::Io { path, source } if source.raw_os_error() == Some(28) => vec![if ja {
            format!("{}: ディスクに空きがないため書き込めません。空きを作ってからもう一度実行してください（年度のデータは途中の状態にはなりません）。", path.display())
        } else {
            format!("{}: the disk is full; make room and run again (the year is never left half-written).", path.display())
        }],
        Error::Io { path, source } => vec![if ja {
            format!("{}: ファイルを読み書きできません（{source}）。ファイルが他のプログラムで開かれていないか、場所と権限を確認してください。", path.display())
        } else {
            format!("{}: cannot read or write ({source}); check that no other program has it open, and its place and permissions.", path.display())
        }],
        Error::Toml { path, message } => {
            // The parser's own words quote with backticks: on the page, as quotation marks. It
            // quotes the offending line whole: a line of 400 KB is cut to what a clerk can read.
            let message: String = message.lines().map(|l| cut(l, 160)).collect::<Vec<_>>().join("\n");
            let message = if front == Front::Page { message.replace('`', "\"") } else { message };
            vec![if ja {
                format!("{}: TOML の書式が正しくありません。次に示す行と列を直してください:\n{message}", path.display())
            } else {
                format!("{}: not valid TOML for this file; correct the line and column below:\n{message}", path.display())
            }]
        }
        Error::Template(m) => vec![if ja { format!("テンプレートのエラー（templates/ を変更した場合は元に戻してください。変更していなければ開発の担当者に連絡してください）:\n{m}") } else { format!("template error (undo any change to templates/; otherwise report it):\n{m}") }],
        Error::Pdf(m) => vec![if ja { format!("PDF を作成できません（開発の担当者に連絡してください）: {m}") } else { format!("cannot write the PDF (report it): {m}") }],
        Error::NoYear(p) => vec![if ja {
            format!("年度のフォルダ {} がありません。フォルダの名前と場所を確認してください。", p.display())
        } else {
            format!("no year directory at {}; check the folder's name and place.", p.display())
        }],
        Error::UnknownPrefecture(p) => vec![if ja {
            format!("packet.toml prefecture: 「{p}」は都道府県名ではありません。公開用のデータは都道府県をコードで示すため、「三重県」のように都道府県名だけを書いてください。")
        } else {
            format!("packet.toml prefecture: \"{p}\" is not a prefecture's name; the published data names it by its code, so write only the name, e.g. 三重県.")
        }],
        Error::Publish(m) => vec![if ja { format!("公開用のデータを作成できません: {m}") } else { format!("cannot write the published data: {m}") }],
        Error::Workbook(m) => vec![if ja { format!("ブックを作成できません（出力先に書き込めるか、同じ名前のブックを Excel で開いていないか確認してください）: {m}") } else { format!("cannot write the workbook (check that the place is writable and the workbook is not open in Excel): {m}") }],
        Error::NoSuchVersion { unit, version, versions } => vec![if ja {
            format!("「{unit}」に第{version}版はありません（版は {versions} つです。{}{}で一覧を確認してください）。", action(&Action::Versions { unit: unit.clone() }, front, lang), gap(front))
        } else {
            format!("\"{unit}\" has no version {version} ({versions} versions; list them with {}).", action(&Action::Versions { unit: unit.clone() }, front, lang))
        }],
        Error::NoSuchChoice(sha) => vec![if ja {
            format!("選ばれたブック（{}…）は選択を待っていません。ページを読み込み直してください。", &sha[..sha.len().min(12)])
        } else {
            format!("the workbook chosen ({}…) is not waiting for a choice; reload the page.", &sha[..sha.len().min(12)])
        }],
        Error::CellTooLong { sheet, cell, chars } => vec![if ja {
            format!("様式の「{sheet}」シート {cell} に入る回答が、Excel の１つのセルの上限を超えています（{chars} 字、上限 32767 字）。この回答（年度のフォルダの TOML）を短くするか２つの欄に分けてから、もう一度作成してください。")
        } else {
            format!("the answer for the form's sheet \"{sheet}\" cell {cell} is over Excel's limit for one cell ({chars} characters, at most 32767); shorten it in the year's TOML, then make the form again.")
        }],
        Error::NoSuchUnit(n) => vec![if ja {
            format!("「{n}」という提出単位・広域はこの年度にありません（blocks.toml の columns か centres/ の名前を指定してください）。")
        } else {
            format!("there is no unit or centre \"{n}\" in this year (give a column of blocks.toml or a centre's name).")
        }],
        Error::NotUtf8 { path, encoding } => vec![if ja {
            let saved = match encoding {
                Some(crate::error::Encoding::ShiftJis) => "Shift_JIS（ANSI）で保存されています。",
                Some(crate::error::Encoding::Utf16) => "UTF-16（Unicode）で保存されています。",
                None => "",
            };
            format!("{}: 文字コードが UTF-8 ではありません。{saved}UTF-8 で保存してください（テキストエディタの「名前を付けて保存」で文字コードに UTF-8 を選びます）。", path.display())
        } else {
            let saved = match encoding {
                Some(crate::error::Encoding::ShiftJis) => " It was saved as Shift_JIS (ANSI).",
                Some(crate::error::Encoding::Utf16) => " It was saved as UTF-16 (Unicode).",
                None => "",
            };
            format!("{}: the file is not UTF-8.{saved} Save it as UTF-8 in a text editor.", path.display())
        }],
        Error::FileTooLarge { path, bytes, limit } => vec![if ja {
            format!("{}: ファイルが大きすぎます（{} KB、上限 {} KB）。内容を確認してください。", path.display(), bytes / 1024, limit / 1024)
        } else {
            format!("{}: the file is too large ({} KB, limit {} KB); check its content.", path.display(), bytes / 1024, limit / 1024)
        }],
        Error::NoSuchWorkbook(f) => vec![if ja {
            match front {
                Front::Terminal => format!("--prefer に指定した「{f}」は取り込むフォルダにありません。ファイル名（拡張子を含む）を確認してください。"),
                Front::Page => format!("選んだブック「{f}」は取り込むファイルの中にありません。ページを読み込み直してから選んでください。"),
            }
        } else {
            match front {
                Front::Terminal => format!("--prefer names \"{f}\", which is not in the folder; check the file name (with its extension)."),
                Front::Page => format!("the workbook chosen, \"{f}\", is not among the files; reload the page and choose again."),
            }
        }],
        Error::BadDateArg { flag, value } => vec![if ja {
            format!("{}の「{value}」を日付として読めません。2019-12-11、または令和元年12月11日の形で指定してください。", date_field(flag, front, lang))
        } else {
            format!("{}: cannot read \"{value}\" as a date; give 2019-12-11 or 令和元年12月11日.", date_field(flag, front, lang))
        }],
        Error::DateOutsideFiscalYear { date, fy } => vec![if ja {
            format!("{}の「{date}」は新しい年度（{}、{}）の日付ではありません。新しい年度の会議の日付を指定してください。", date_field("date", front, lang), crate::model::era::fiscal_year(*fy), fiscal_months(*fy, lang))
        } else {
            format!("{} {date} is not in the new fiscal year {fy} ({}); give the date of the new year's meeting.", date_field("date", front, lang), fiscal_months(*fy, lang))
        }],
        Error::DeadlineAfterDate { deadline, date } => vec![if ja {
            format!("{}の「{deadline}」が会議の日付「{date}」より後です。照会の締切は会議より前にしてください。", date_field("deadline", front, lang))
        } else {
            format!("{} {deadline} is after the meeting on {date}; the forms are due before the meeting.", date_field("deadline", front, lang))
        }],
        _ => store_error(e, front, lang),
    }
}

/// The store's errors: locks, interrupted changes, links and outputs.
fn store_error(e: &Error, front: Front, lang: Lang) -> Vec<String> {
    let tool = |ja: bool| tool(front, ja);
    let ja = lang == Lang::Ja;
    let line = match e {
        Error::Locked(dir) => if ja {
            match front {
                Front::Terminal => format!("{}: 別の shiryo が作業中です。終わってからもう一度実行してください（--no-wait を外すと終わるまで待ちます）。", dir.display()),
                Front::Page => format!("{}: 別の作業（コマンドや別のページ）がこの年度を使っています。終わってからもう一度押してください。", dir.display()),
            }
        } else {
            match front {
                Front::Terminal => format!("{}: another shiryo is working on this year; run again when it has finished (without --no-wait it waits).", dir.display()),
                Front::Page => format!("{}: another task (a command or another page) is using this year; try again when it has finished.", dir.display()),
            }
        },
        Error::ReadOnly(dir) => if ja {
            format!("{}: このフォルダに書き込めません。書き込める場所にコピーするか、書込権限のある人に依頼してください。", dir.display())
        } else {
            format!("{}: this folder cannot be written; copy it somewhere writable or ask someone with write access.", dir.display())
        },
        Error::Interrupted(dir) => if ja {
            format!("{}: 前回の取込が途中で止まったままです。書込権限のある人が{}{}{}を一度{}と、完了または取消されます。", dir.display(), gap(front), action(&Action::Settle, front, lang), gap(front), if front == Front::Terminal { "実行する" } else { "行う" })
        } else {
            format!("{}: an earlier change was interrupted; someone with write access {} once finishes or undoes it.", dir.display(), action(&Action::Settle, front, lang))
        },
        Error::Journal { year, file } => if ja {
            format!("{}: 途中で止まった取込を完了できません。{file} が取込中の内容と違います（他のプログラムが変更した可能性があります）。{}を残したまま担当者に相談してください。", year.display(), journal(front, ja))
        } else {
            format!("{}: cannot finish an interrupted change: {file} differs from what it was writing (changed by another program?). Keep {} and ask for help.", year.display(), journal(front, ja))
        },
        Error::Symlink(p) => if ja {
            format!("{}: シンボリックリンクです。年度のフォルダの外を指すことがあるため読みません。リンクではなく実物のフォルダ・ファイルを置いてください。", p.display())
        } else {
            format!("{}: is a symbolic link, which may lead out of the year; put the real folder or file there.", p.display())
        },
        Error::OutputOnInput { output, year } => if ja {
            format!("{}: 出力先が年度 {} のデータ（TOML・units・centres・received）の中です。上書きを防ぐため何もしていません。別の場所を指定してください。", output.display(), year.display())
        } else {
            format!("{}: the output lies inside the data of {} (its TOML, units, centres, received); nothing was done. Choose another place.", output.display(), year.display())
        },
        Error::OutputIsDir(p) => if ja {
            format!("{}: フォルダです。出力するファイルの名前を指定してください（例: {}/資料.pdf）。", p.display(), p.display())
        } else {
            format!("{}: is a folder; give the name of the file to write (e.g. {}/packet.pdf).", p.display(), p.display())
        },
        Error::NoArchivedVersion(p) => if ja {
            format!("{}: 保管された版がありません。保管先のフォルダ、その中の年度のフォルダ、または「第N版」のフォルダを指定してください。", p.display())
        } else {
            format!("{}: no archived version here; give the archive folder, a fiscal year in it, or a version's folder.", p.display())
        },
        Error::OutputNotAFile(p) => if ja {
            format!("{}: 普通のファイルではありません（名前付きパイプ・装置など）。そこには書き出せないため、別のファイル名を指定してください。", p.display())
        } else {
            format!("{}: not a regular file (a pipe, a device…); nothing can be written there: give another file name.", p.display())
        },
        Error::OutputExists(p) => if ja {
            format!("{}: すでにあります（空のフォルダでも上書きしません）。何もしていません。まだない新しいフォルダを指定してください。", p.display())
        } else {
            format!("{}: already exists (even an empty folder is not written over); nothing was done. Give a folder that does not exist yet.", p.display())
        },
        Error::OutputIsFile(p) => if ja {
            format!("{}: ファイルです。出力先にはフォルダを指定してください。", p.display())
        } else {
            format!("{}: is a file; give a folder to write to.", p.display())
        },
        Error::Tampered { path, ledger } => if ja {
            format!("{}: 台帳（{}）に記録した内容と違います。受け取った後に変更されています。元のファイルに戻すか、提出し直してもらってください。", path.display(), ledger.display())
        } else {
            format!("{}: differs from what the ledger ({}) recorded; it was changed after receipt. Restore it or have it resubmitted.", path.display(), ledger.display())
        },
        Error::NewerData { path, schema } => if ja {
            format!("{}: 新しい版の{}{}{}で書かれた年度のファイルです（データ形式 {schema}）。{}{}を更新してください。", path.display(), gap(front), tool(ja), gap(front), tool(ja), gap(front))
        } else {
            format!("{}: written by a newer version of {} (data schema {schema}); update it.", path.display(), tool(ja))
        },
        Error::NewerLedger { path, schema } => if ja {
            format!("{}: 新しい版の{}{}{}で書かれた台帳です（形式 {schema}）。{}{}を更新してください。", path.display(), gap(front), tool(ja), gap(front), tool(ja), gap(front))
        } else {
            format!("{}: the ledger was written by a newer version of {} (schema {schema}); update it.", path.display(), tool(ja))
        },
        e => e.to_string(),
    };
    vec![line]
}

/// What opening a year did or found.
pub fn note(n: &crate::store::Note, lang: Lang) -> String {
    use crate::store::Note;
    use crate::store::journal::Settled;
    let ja = lang == Lang::Ja;
    match n {
        Note::NoLock(dir) => if ja {
            format!("{}: 書込権限がないため、ロックなしで読み取ります（同時に取込があると途中の状態を読むことがあります）。", dir.display())
        } else {
            format!("{}: no write access: reading without a lock (an ingest running at the same time may be seen half-way).", dir.display())
        },
        Note::Settled { year, settled: Settled::Finished(files) } => if ja {
            format!("{}: 前回途中で止まった取込を完了しました（{} ファイル）。", year.display(), files.len())
        } else {
            format!("{}: finished an interrupted change ({} files).", year.display(), files.len())
        },
        Note::Settled { year, settled: Settled::RolledBack } => if ja {
            format!("{}: 前回途中で止まった取込を取り消しました。年度のデータはその前のままです。取込をやり直してください。", year.display())
        } else {
            format!("{}: undid an interrupted change; the year is as it was before it. Run the ingest again.", year.display())
        },
        // The folder, not the temporary file's own name: the clerk looks there.
        Note::RemovedTemp(p) => if ja {
            format!("{}: 途中で止まった書込の一時ファイルを削除しました。", p.parent().unwrap_or(p).display())
        } else {
            format!("{}: removed a temporary file left by an interrupted write.", p.parent().unwrap_or(p).display())
        },
        Note::RemovedOrphan(p) => if ja {
            format!("{}: 台帳にない受領ブックの控え（以前の版で取込が途中で止まった残り）を削除しました。", p.display())
        } else {
            format!("{}: removed a kept workbook the ledger does not know (left by an ingest interrupted under an earlier version).", p.display())
        },
        Note::Stray(p) => if ja {
            format!("{}: 警告: .toml のファイルではないため読みません（名前を「〜.toml」にするか、別の場所へ移してください）。", p.display())
        } else {
            format!("{}: warning: not a .toml file, so not read (name it \"….toml\" or move it elsewhere).", p.display())
        },
    }
}

/// What `new-year` wrote and what the clerk should look at, one line each.
pub fn new_year(n: &crate::store::new_year::NewYear, front: Front, lang: Lang) -> Vec<String> {
    // Every field named: a new one does not compile until it is said.
    let crate::store::new_year::NewYear { dir, fiscal_year, moved, renamed, summaries, centres, units, other_years } = n;
    let ja = lang == Lang::Ja;
    let (fy, last) = (crate::model::era::fiscal_year(*fiscal_year), crate::model::era::fiscal_year(*fiscal_year - 1));
    let mut out = vec![if ja {
        format!("{fy}の年度フォルダを作成しました: {}", dir.display())
    } else {
        format!("wrote fiscal year {} ({fy}): {}", fiscal_year, dir.display())
    }];
    if !moved.is_empty() {
        out.push(if ja {
            format!("schedule.toml: 警告: 予定表の月・日付をすべて１年後に移しました。{fy}の実際の予定に合わせて確認してください:")
        } else {
            format!("schedule.toml: warning: every month and date of the schedule moved one year on; check them against the real plans of fiscal year {}:", fiscal_year)
        });
    }
    for m in moved {
        let leap = match (m.leap_day, ja) {
            (false, _) => "",
            (true, true) => "（2月29日がない年のため28日にしました）",
            (true, false) => " (no 29 February in that year: the 28th)",
        };
        out.push(format!("  {}: {} → {}{leap}", m.key, m.old, m.new));
    }
    for r in renamed {
        out.push(if ja {
            format!("{} {}: 年度を書き換えました: 「{}」→「{}」", r.file, r.key, r.old, r.new)
        } else {
            format!("{} {}: the fiscal year rewritten: \"{}\" → \"{}\"", r.file, r.key, r.old, r.new)
        });
    }
    if !summaries.is_empty() {
        out.push(if ja {
            format!("blocks.toml: 警告: 次の区域の ○（まとめ）は前年度（{last}）の文言のままです。{fy}の内容に書き直してください: {}", summaries.join("、"))
        } else {
            format!("blocks.toml: warning: the ○ summaries of these blocks are last year's words (fiscal year {}); rewrite them for {}: {}", fiscal_year - 1, fiscal_year, summaries.join(", "))
        });
    }
    if !centres.is_empty() {
        out.push(if ja {
            format!("centres/: 広域は名前と構成だけを引き継ぎました（広域の回答はまだありません）: {}", centres.join("、"))
        } else {
            format!("centres/: the centres' names and members were carried over, not their answers: {}", centres.join(", "))
        });
    }
    out.push(if ja {
        format!("提出単位・広域の回答と received/ は引き継いでいません。{} の提出単位は、提出されるまで資料に「未提出」と表示されます（照会の様式には前年度の回答が記入されます）。", units)
    } else {
        format!("no unit's or centre's answers and no received/ were carried over: the packet prints 未提出 for the {} units until they answer (the request's forms carry last year's answers).", units)
    });
    out.extend(other_years.iter().map(|p| problem(p, front, lang)));
    out
}

/// Said while waiting for another process's lock.
pub fn waiting_for_lock(dir: &std::path::Path, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{}: 別の shiryo が作業中のため、終わるのを待っています…", dir.display()),
        Lang::En => format!("{}: another shiryo is working on this year; waiting for it to finish…", dir.display()),
    }
}

/// The outcome of `archive`.
#[cfg(feature = "render")]
pub fn archived(a: &crate::outputs::archive::Archived, lang: Lang) -> String {
    use crate::outputs::archive::Archived::*;
    match (a, lang) {
        (Created { dir, version }, Lang::Ja) => format!("第{version}版を保管しました: {}", dir.display()),
        (Created { dir, version }, Lang::En) => format!("archived version {version}: {}", dir.display()),
        (Unchanged { dir, version }, Lang::Ja) => {
            format!("入力・テンプレート・フォントが第{version}版と同じため、何も書き込んでいません: {}", dir.display())
        }
        (Unchanged { dir, version }, Lang::En) => {
            format!("inputs, templates and fonts equal version {version}; nothing written: {}", dir.display())
        }
    }
}

/// The findings of `verify`, one line each.
#[cfg(feature = "render")]
pub fn verified(v: &crate::outputs::archive::Verified, lang: Lang) -> Vec<String> {
    let ja = lang == Lang::Ja;
    let mut out = vec![if ja { format!("保管: {}", v.dir.display()) } else { format!("archive: {}", v.dir.display()) }];
    out.extend(v.mismatched.iter().map(|f| if ja { format!("ハッシュが一致しません: {f}") } else { format!("hash mismatch: {f}") }));
    use crate::outputs::archive::Rebuild as R;
    out.push(match (&v.rebuild, ja) {
        (R::Identical, true) => "保管した入力・テンプレート・フォントから同一の PDF を再作成できました。".into(),
        (R::Identical, false) => "the archived sources, templates and fonts rebuild the identical PDF.".into(),
        (R::Differs, true) => "保管した入力から再作成した PDF が保管した PDF と異なります。開発の担当者に連絡してください。".into(),
        (R::Differs, false) => "the PDF rebuilt from the archive differs from the archived PDF; report it.".into(),
        (R::NotAfterMismatch, true) => "ハッシュが一致しないファイルがあるため、再作成の比較は行っていません。".into(),
        (R::NotAfterMismatch, false) => "files differ from their hashes, so the PDF was not rebuilt for comparison.".into(),
        (R::NotCurrent(stale), true) => format!(
            "ハッシュは一致しました。組版に関わる次の版が保管時と現在とで異なるため、再作成の比較は行っていません: {}。",
            stale.iter().map(|s| stale_words(s, lang)).collect::<Vec<_>>().join("、")
        ),
        (R::NotCurrent(stale), false) => format!(
            "the hashes match; the PDF was not rebuilt for comparison because it was archived with {}, which may lay out differently.",
            stale.iter().map(|s| stale_words(s, lang)).collect::<Vec<_>>().join(", ")
        ),
    });
    out.push(if v.ok() {
        if ja { format!("確認しました（{} ファイル）。", v.checked) } else { format!("verified ({} files).", v.checked) }
    } else if ja {
        "保管に問題があります。保管したフォルダのファイルを変更していれば元に戻し、そうでなければ開発の担当者に連絡してください。".into()
    } else {
        "the archive fails verification; undo any change to its files, otherwise report it.".into()
    });
    out
}

/// One version an archive was made with that is not today's.
#[cfg(feature = "render")]
fn stale_words(s: &crate::outputs::archive::Stale, lang: Lang) -> String {
    use crate::outputs::archive::Stale as S;
    match (s, lang) {
        (S::DataSchema { archived: Some(a), current }, Lang::Ja) => format!("データ形式（保管時 {a}、現在 {current}）"),
        (S::DataSchema { archived: None, current }, Lang::Ja) => format!("データ形式（保管時 不明、現在 {current}）"),
        (S::Typst { archived, current }, Lang::Ja) => format!("typst（保管時 {archived}、現在 {current}）"),
        (S::Layout { archived: Some(a), current }, Lang::Ja) => format!("レイアウト（保管時 {a}、現在 {current}）"),
        (S::Layout { archived: None, current }, Lang::Ja) => format!("レイアウト（保管時 記録なし、現在 {current}）"),
        (S::DataSchema { archived: Some(a), current }, Lang::En) => format!("data schema {a} (now {current})"),
        (S::DataSchema { archived: None, current }, Lang::En) => format!("an unknown data schema (now {current})"),
        (S::Typst { archived, current }, Lang::En) => format!("typst {archived} (now {current})"),
        (S::Layout { archived: Some(a), current }, Lang::En) => format!("layout version {a} (now {current})"),
        (S::Layout { archived: None, current }, Lang::En) => {
            format!("no recorded layout version (now {current})")
        }
    }
}

/// Words of the terminal interface.
pub fn ui(key: Ui, lang: Lang) -> &'static str {
    use Ui::*;
    match (key, lang) {
        (StepLoad, Lang::Ja) => "読み込み",
        (StepLoad, Lang::En) => "loading",
        (StepValidate, Lang::Ja) => "検証",
        (StepValidate, Lang::En) => "validating",
        (StepTypeset, Lang::Ja) => "組版",
        (StepTypeset, Lang::En) => "typesetting",
        (StepPdf, Lang::Ja) => "PDF 出力",
        (StepPdf, Lang::En) => "writing PDF",
        (StepWrite, Lang::Ja) => "保存",
        (StepWrite, Lang::En) => "saving",
        (Built, Lang::Ja) => "作成しました",
        (Built, Lang::En) => "written",
        (Pages, Lang::Ja) => "ページ",
        (Pages, Lang::En) => "pages",
        (CheckOk, Lang::Ja) => "問題はありません。",
        (CheckOk, Lang::En) => "no problems found.",
        (Emitted, Lang::Ja) => "Typst のソース・データ・フォントを書き出しました",
        (Emitted, Lang::En) => "wrote the Typst source, data and fonts to",
        (BatchDone, Lang::Ja) => "作成した資料",
        (BatchDone, Lang::En) => "packets written",
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Ui {
    StepLoad,
    StepValidate,
    StepTypeset,
    StepPdf,
    StepWrite,
    Built,
    Pages,
    CheckOk,
    Emitted,
    BatchDone,
}

/// A finding of `ingest`, as a clerk can forward it:
/// `桑名市.xlsx 取組状況!C7: ⑤相談支援 が空欄です。記入がない場合は「―」と入力してください。`
pub fn intake(f: &crate::intake::ingest::Finding, front: Front, lang: Lang) -> String {
    let at = match (f.sheet.is_empty(), f.cell.is_empty()) {
        (true, _) => f.file.clone(),
        (false, true) => format!("{} {}", f.file, f.sheet),
        (false, false) => format!("{} {}!{}", f.file, f.sheet, f.cell),
    };
    format!("{at}: {}", intake_kind(&f.kind, &f.file, front, lang))
}

/// Before archiving: what the archive will carry, and what the clerk should know first
/// (units without an answer print 未提出 in the archived packet).
pub fn archive_preview(root: &std::path::Path, private: usize, waiting: &[String], lang: Lang) -> (Vec<String>, Vec<String>) {
    let ja = lang == Lang::Ja;
    let mut lines = vec![if ja {
        format!("保管先: {}", root.display())
    } else {
        format!("archive folder: {}", root.display())
    }];
    lines.push(if ja {
        "保管版には、資料（PDF/A、「案」なし）と、その入力（年度の TOML・受け取ったブック・連絡先 contacts.toml）、公開用データが入ります。保管版は事務局の記録です。".into()
    } else {
        "the archive holds the packet (PDF/A, never marked 「案」) with its inputs (the year's TOML, the workbooks received, contacts.toml) and the published data; it is the secretariat's record.".into()
    });
    if private > 0 {
        lines.push(if ja {
            format!("「【非公開】」の行 {private} 行は、資料には載りませんが、入力の TOML に残ります。")
        } else {
            format!("{private} line(s) marked 【非公開】 are not printed but stay in the inputs' TOML.")
        });
    }
    let warnings = if waiting.is_empty() {
        Vec::new()
    } else if ja {
        vec![format!("回答を受け付けていない提出単位があります（{} 件: {}）。このまま保管すると、保管版の資料には「未提出」と印刷されます。", waiting.len(), waiting.join("、"))]
    } else {
        vec![format!("{} unit(s) have no accepted answer ({}): archived now, the packet prints 未提出 for them.", waiting.len(), waiting.join(", "))]
    };
    (lines, warnings)
}

/// Whether a unit's accepted answer differs from last year's.
pub fn since_last_year(changed: bool, lang: Lang) -> &'static str {
    match (changed, lang) {
        (false, Lang::Ja) => "前年度から変更なし",
        (true, Lang::Ja) => "前年度から変更あり",
        (false, Lang::En) => "unchanged since last year",
        (true, Lang::En) => "changed since last year",
    }
}

/// contacts.toml written from the page.
pub fn contacts_saved(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("連絡先を保存しました（{n} 件）。照会・督促の下書きはこの宛先で作られます。"),
        Lang::En => format!("contacts saved ({n}); the request's and reminders' drafts go to them."),
    }
}

/// 期限延長 set or taken back for a unit.
pub fn extended(name: &str, until: Option<crate::model::Date>, lang: Lang) -> String {
    match (until, lang) {
        (Some(d), Lang::Ja) => format!("「{name}」の提出期限を{}に延長しました（督促と期限超過はこの期限で判断します）。", crate::model::era::date_with_weekday(d.year, d.month, d.day)),
        (Some(d), Lang::En) => format!("\"{name}\"'s deadline extended to {d} (reminders and 期限超過 follow it)."),
        (None, Lang::Ja) => format!("「{name}」の期限延長を取り消しました（年度の提出期限に戻りました）。"),
        (None, Lang::En) => format!("\"{name}\"'s extension taken back (the year's deadline again)."),
    }
}

/// An earlier publish into the folder had stopped half-way: now written whole.
pub fn publish_resumed(dir: &std::path::Path, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{}: 前回の公開用ファイルの書き出しが途中で止まっていました（古いファイルと新しいファイルが混ざっていました）。今回すべて書き直しました。", dir.display()),
        Lang::En => format!("{}: an earlier publish had stopped half-way (old and new files mixed); all were written again now.", dir.display()),
    }
}

/// `shiryo sample`: how many synthetic years were written, and where.
pub fn sample_written(n: usize, dir: &std::path::Path, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("都道府県の年度を {n} 件作成しました: {}", dir.display()),
        Lang::En => format!("{n} prefecture year(s) written under {}", dir.display()),
    }
}

/// `SHIRYO_NOW` could not be read as a time: the clock is the system's.
pub fn clock_unread(value: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("警告: SHIRYO_NOW の「{value}」を時刻として読めないため、いまの時刻を使います（2018-11-16T01:00:00Z か 1970 年からの秒数で指定します）。"),
        Lang::En => format!("warning: SHIRYO_NOW \"{value}\" is no time; the system's clock is used (give 2018-11-16T01:00:00Z or seconds since 1970)."),
    }
}

/// Whose answers the forms carry where this year has none: last year's folder, or none (blank forms).
pub fn prefilled_from(previous: Option<&std::path::Path>, lang: Lang) -> String {
    match (previous, lang) {
        (Some(p), Lang::Ja) => format!("様式には、今年度の回答がない提出単位の分は {} の回答を記入しました。", p.display()),
        (Some(p), Lang::En) => format!("the forms carry the answers of {} where this year has none.", p.display()),
        (None, Lang::Ja) => "前年度のフォルダが見つからないため（または記入しない指定のため）、様式に前年度の回答は記入していません。".into(),
        (None, Lang::En) => "no previous year's folder found (or blank forms asked for): the forms carry no earlier answers.".into(),
    }
}

/// Said after a build of a year with 非公開 lines: left out, or printed with `--internal`.
pub fn private_lines(n: usize, internal: bool, front: Front, lang: Lang) -> String {
    let how = action(&Action::Internal, front, lang);
    match (internal, lang) {
        (false, Lang::Ja) => format!("「【非公開】」の行 {n} 行は資料に載せていません（委員用に載せるときは{}{how}）。", gap(front)),
        (true, Lang::Ja) => format!("「【非公開】」の行 {n} 行を、行末に【非公開】を付けて載せました（委員用。公開しないでください）。"),
        (false, Lang::En) => format!("{n} line(s) marked 【非公開】 left out of the packet ({how} prints them for the council)."),
        (true, Lang::En) => format!("{n} line(s) marked 【非公開】 printed, marked at their end (for the council only: do not publish)."),
    }
}

/// The outcome of `publish`: how many files, and that 非公開 lines are not in them.
pub fn published(files: usize, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("公開用のファイルを {files} 個作成しました（「【非公開】」の行は含みません）。"),
        Lang::En => format!("wrote {files} files to publish (lines marked 【非公開】 left out)."),
    }
}

/// A send-back workbook written.
pub fn sent_back(name: &str, file: &str, n: usize, lang: Lang) -> String {
    if lang == Lang::Ja {
        format!("{name}: {file} を作成しました（直す箇所 {n} 件）。")
    } else {
        format!("{name}: wrote {file} ({n} to correct).")
    }
}

/// No unit has a workbook to send back.
pub fn sent_back_none(lang: Lang) -> &'static str {
    if lang == Lang::Ja { "差し戻すブックはありません。" } else { "no workbook to send back." }
}

/// What a finding says, without where: the text of a send-back's cell comment.
pub fn finding_text(f: &crate::intake::ingest::Finding, front: Front, lang: Lang) -> String {
    intake_kind(&f.kind, &f.file, front, lang)
}

fn intake_kind(k: &crate::intake::ingest::FindingKind, file: &str, front: Front, lang: Lang) -> String {
    let prefer = || action(&Action::Prefer { file: file.rsplit('/').next().unwrap_or(file).to_string() }, front, lang);
    use crate::intake::ingest::FindingKind as F;
    use crate::intake::ingest::read::Refusal as R;
    let ja = lang == Lang::Ja;
    let who = |kind: crate::intake::form::Kind| match (kind, ja) {
        (crate::intake::form::Kind::Unit, true) => "提出単位",
        (crate::intake::form::Kind::Centre, true) => "広域",
        (crate::intake::form::Kind::Unit, false) => "unit",
        (crate::intake::form::Kind::Centre, false) => "centre",
        (crate::intake::form::Kind::Prefecture, true) => "都道府県",
        (crate::intake::form::Kind::Prefecture, false) => "prefecture",
    };
    match k {
        F::Refused(r) => match (r, ja) {
            (R::NotSpreadsheet, true) => "Excel・LibreOffice のブックではありません。照会様式に記入して保存したファイル（.xlsx）を送ってください。".into(),
            (R::NotSpreadsheet, false) => "this is not a spreadsheet; send the form saved as a workbook (.xlsx).".into(),
            (R::Corrupt(d), true) => format!("ファイルが壊れているか途中で切れているため読めません（{d}）。保存し直して、もう一度送ってください。"),
            (R::Corrupt(d), false) => format!("the file is damaged or truncated and cannot be read ({d}); save it again and resend it."),
            (R::TooLarge { bytes, limit }, true) => format!("ファイルが大きすぎます（{} KB、上限 {} KB）。照会様式以外の内容を削除してください。", bytes / 1024, limit / 1024),
            (R::TooLarge { bytes, limit }, false) => format!("the file is too large ({} KB, limit {} KB); remove what is not part of the form.", bytes / 1024, limit / 1024),
            (R::Bomb { limit_mb }, true) => format!("展開すると大きすぎるファイルです（上限 {limit_mb} MB）。安全のため読み込んでいません。照会様式に記入して保存し直してください。"),
            (R::Bomb { limit_mb }, false) => format!("the file expands to more than {limit_mb} MB; it was not read, for safety. Fill in the form and save it again."),
            (R::Encrypted, true) => "パスワードで保護（暗号化）されているため読めません。パスワードを解除して保存し、もう一度送ってください（シートの保護はそのままで構いません）。".into(),
            (R::Encrypted, false) => "the workbook is password-protected (encrypted); remove the password, save and resend it (sheet protection may stay).".into(),
            (R::Xlsb, true) => XLSB_JA.into(),
            (R::Xlsb, false) => XLSB_EN.into(),
            (R::TooManyEntries { entries, limit }, true) => format!("照会様式のブックではありません（ファイル内の要素が {entries} 個、上限 {limit} 個）。送付した様式に記入して保存し直してください。"),
            (R::TooManyEntries { entries, limit }, false) => format!("this is not the submission form ({entries} parts inside the file, at most {limit}); fill in the form that was sent and save it again."),
            (R::TooManySheets { sheets, limit }, true) => format!("シートが多すぎるため照会様式のブックとして読み込んでいません（{sheets} シート、上限 {limit}）。送付した様式に記入し、追加したシートを削除して保存し直してください。"),
            (R::TooManySheets { sheets, limit }, false) => format!("too many sheets for the submission form ({sheets}, at most {limit}); fill in the form that was sent, delete the added sheets and save it again."),
            (R::TooBig { .. }, true) => "シートの使用範囲が大きすぎるため読み込んでいません。照会様式の記入欄以外に入力した内容を削除してください。".into(),
            (R::TooBig { .. }, false) => "a sheet's used range is too large to read; delete what was entered outside the form's answer cells.".into(),
            (R::TooManyRows { limit, .. }, true) => format!("行・列が多すぎます（{limit} 行まで）。この位置より後の内容を削除してください。"),
            (R::TooManyRows { limit, .. }, false) => format!("too many rows or columns (at most {limit} rows); delete what is at and after this cell."),
            (R::TooManyCells { limit, .. }, true) => format!("入力されたセルが多すぎます（上限 {limit}）。照会様式の記入欄以外の内容を削除してください。"),
            (R::TooManyCells { limit, .. }, false) => format!("too many filled cells (limit {limit}); delete what is outside the form's answer cells."),
            (R::CellTooLong { chars, limit, .. }, true) => format!("セルの文字数が多すぎます（{chars} 字、上限 {limit} 字）。内容を確認してください。"),
            (R::CellTooLong { chars, limit, .. }, false) => format!("the cell holds {chars} characters (limit {limit}); check its content."),
            (R::TooMuchText { limit_mb, .. }, true) => format!("ブック全体の文字が多すぎます（上限 {limit_mb} MB）。同じ長い文字列を多くのセルに入れていないか確認し、送付した様式に記入して送り直してもらってください。"),
            (R::TooMuchText { limit_mb, .. }, false) => format!("the workbook holds too much text in all (limit {limit_mb} MB): the same long text in many cells? Ask for the form sent, filled in."),
        },
        F::NotAForm => if ja {
            "照会様式のブックではありません（識別情報も「取組状況」シートの提出単位欄もありません）。送付した様式に記入してください。".into()
        } else {
            "this is not the submission form (no marker and no unit cell on 取組状況); fill in the form that was sent.".into()
        },
        F::MissingSheet(s) => if ja {
            format!("シート「{s}」がありません。シートの名前を変更・削除せず、送付した様式のまま記入してください。")
        } else {
            format!("the sheet \"{s}\" is missing; do not rename or delete the form's sheets.")
        },
        F::HiddenSheet(s) => if ja {
            format!("シート「{s}」が非表示になっています。表示に戻して内容を確認し、保存してください。")
        } else {
            format!("the sheet \"{s}\" is hidden; unhide it, check its content and save.")
        },
        F::OtherYear { form, year } => if ja {
            format!("{}の様式です。{}の様式に記入してください。", crate::model::era::fiscal_year(*form), crate::model::era::fiscal_year(*year))
        } else {
            format!("this is the form of fiscal year {form}; fill in the form of {year}.")
        },
        F::OtherPrefecture { form, year } => if ja {
            format!("「{form}」の様式です（この年度は「{year}」）。送付した様式に記入してください。")
        } else {
            format!("this form is {form}'s, not {year}'s; fill in the form that was sent.")
        },
        F::UnknownTarget { kind, name } => if ja {
            format!("{}「{name}」はこの年度の資料にありません。送付した様式に記入してください。", who(*kind))
        } else {
            format!("there is no {} \"{name}\" in this year; fill in the form that was sent.", who(*kind))
        },
        F::TargetMismatch { marker, sheet } => if ja {
            format!("この様式は「{marker}」用ですが、提出単位欄は「{sheet}」です。別の提出単位の様式に記入していないか確認し、「{sheet}」用の様式で提出してください。")
        } else {
            format!("this is \"{marker}\"'s form but the unit cell says \"{sheet}\"; use the form sent to \"{sheet}\".")
        },
        F::NewerForm(v) => if ja {
            format!("新しい版（第{v}版）の様式です。{}{}を更新してから取り込んでください。", tool(front, ja), gap(front))
        } else {
            format!("the form is of a newer version ({v}); update {} before ingesting it.", tool(front, ja))
        },
        F::FormulaError(e) => if ja {
            format!("数式のエラー（{e}）です。数式ではなく文字を入力してください。")
        } else {
            format!("formula error ({e}); type the text instead of a formula.")
        },
        F::Merged => if ja {
            "記入欄のセルが結合されています。結合を解除し、１つのセルに１つの項目を記入してください。".into()
        } else {
            "answer cells are merged; unmerge them and write each answer in its own cell.".into()
        },
        F::EmptyItem(label) => if ja {
            format!("{label} が空欄です。記入がない場合は「―」と入力してください。")
        } else {
            format!("{label} is empty; if nothing was done, enter \"―\".")
        },
        F::Bullet(crate::model::bullet::Fix::Bullet(c)) => if ja {
            format!("「{c}」で始まる行を「・」で始まる取組として読みました。次回からは「・」で始めてください。")
        } else {
            format!("a line starting with \"{c}\" was read as a bullet 「・」; start bullets with 「・」.")
        },
        F::Bullet(crate::model::bullet::Fix::Dash(d)) => if ja {
            format!("「{d}」だけの行を「―」（取組なし）として読みました。")
        } else {
            format!("a line of only \"{d}\" was read as 「―」 (nothing done).")
        },
        F::NoteFirst => if ja {
            "最初の行が「・」で始まっていないため、資料では注記（字下げ）として印刷されます。取組であれば「・」で始めてください。".into()
        } else {
            "the first line does not start with 「・」, so it prints as an indented note; start it with 「・」 if it is an action.".into()
        },
        F::BadAddress(a) => if ja {
            format!("「{a}」はメールアドレスとして読めません（例：kaigo@city.example.jp）。複数は「、」で区切ってください。")
        } else {
            format!("\"{a}\" is not an e-mail address (e.g. kaigo@city.example.jp); separate several with 「、」.")
        },
        F::UnknownPartner { name, close } => match (close, ja) {
            (Some(c), true) => format!("共同実施の相手「{name}」はこの年度の提出単位にありません。「{c}」のことでしたら、そのとおりに書いてください。"),
            (None, true) => format!("共同実施の相手「{name}」はこの年度の提出単位にありません。名前を確認してください。"),
            (Some(c), false) => format!("the joint partner \"{name}\" is no unit of this year; if you mean \"{c}\", write it so."),
            (None, false) => format!("the joint partner \"{name}\" is no unit of this year; check the name."),
        },
        F::PartnersNotAdjacent(names) => if ja {
            format!("共同実施の {} は、資料の表で隣り合う提出単位ではないため、共同の欄にできません。共同の相手を確認してください。", names.join("・"))
        } else {
            format!("the joint units {} are not neighbours in the packet's table, so they cannot share a cell; check the partners.", names.join(", "))
        },
        F::MissingItemRow(label) => if ja {
            format!("{label} の行がありません（A列の記号で行を探しています）。行を削除した場合は、元の様式から行を戻してください。")
        } else {
            format!("the row of {label} is missing (rows are found by the mark in column A); restore it from the original form.")
        },
        F::MissingFieldRow(name) => if ja {
            format!("「{name}」の行がありません（A列の見出しで行を探しています）。元の様式から行を戻してください。")
        } else {
            format!("the row \"{name}\" is missing (found by its label in column A); restore it from the original form.")
        },
        F::MissingTableHead(first) => if ja {
            format!("「{first}」の表の見出し行がありません。元の様式から見出し行を戻してください。")
        } else {
            format!("the header row of the \"{first}\" table is missing; restore it from the original form.")
        },
        F::OtherSurvey { form, year } => if ja {
            format!("この様式は別の調査（{form}）のものです。この年度の調査は「{year}」です。送付した様式に記入してください。")
        } else {
            format!("this form belongs to another survey ({form}); this year's survey is \"{year}\". Fill in the form that was sent.")
        },
        F::EmptyField(label) => if ja {
            format!("「{label}」が空欄です。記入してください。")
        } else {
            format!("\"{label}\" is empty; fill it in.")
        },
        F::RowWithoutFirst(first) => if ja {
            format!("この行に対応する「{first}」がありません。B列に{first}を記入してください。")
        } else {
            format!("a row with no \"{first}\" above it; write it in column B.")
        },
        F::PartnersOnContinuation => if ja {
            "共同の相手は、最初の行にだけ記入してください。".into()
        } else {
            "write joint partners on the entry's first row only.".into()
        },
        F::Invalid(k) => kind(k, front, lang),
        F::Breaks(p) => if ja {
            format!("この提出を取り込むと別のファイルが不整合になるため、取り込んでいません（{}）。そのファイルを直してから、もう一度取り込んでください。", problem(p, front, lang))
        } else {
            format!("not applied: it would make another file invalid ({}). Correct that file and ingest again.", problem(p, front, lang))
        },
        F::OverLimit(p) => if ja {
            format!("この提出を取り込むと年度の資料が上限を超えるため、取り込んでいません（{}）。回答を短くするか、年度を分けてから、もう一度取り込んでください。", problem(p, front, lang))
        } else {
            format!("not applied: the year's packet would be over its limit ({}). Shorten the answers or split the year, then ingest again.", problem(p, front, lang))
        },
        F::Ignored(v) => if ja {
            format!("記入欄の外の「{v}」は取り込んでいません（資料に載せる場合は記入欄に記入してください）。")
        } else {
            format!("ignored: \"{v}\" is outside the answer cells (write it in an answer cell to have it printed).")
        },
        F::DateRead(d) => if ja {
            format!("日付として入力されているため「{d}」として取り込みました。意図と異なる場合は文字として入力してください。")
        } else {
            format!("entered as a date; read as \"{d}\". If that is not what was meant, enter it as text.")
        },
        F::NoMarker => if ja {
            "様式の識別情報（非表示シート）がないため、提出単位欄で判断しました。提出単位欄が正しければ対応は不要です。".into()
        } else {
            "the form's hidden marker is missing; identified by the unit cell. Nothing to do if that cell is right.".into()
        },
        F::JointConflict { partner, at } => if ja {
            format!("「{partner}」の提出（{at}）と共同の記載が一致しません。この欄は前の記載のままにしています。両方の記載をそろえて再提出してください。")
        } else {
            format!("the joint entry disagrees with \"{partner}\"'s ({at}); the field keeps its previous text until both agree.")
        },
        F::JointStale { partner } => if ja {
            format!("「{partner}」の現在の記載と共同の記載が一致しません。この欄は前の記載のままにしています。変更する場合は「{partner}」の提出と一緒に取り込んでください。")
        } else {
            format!("the joint entry disagrees with \"{partner}\"'s current entry; the field keeps its previous text. Ingest it together with \"{partner}\"'s workbook to change it.")
        },
        F::Duplicate(others) => if ja {
            format!("同じ提出単位のブックが他にもあります（{}）。どちらも取り込んでいません。中身を見て一方を選んでください（{}）。", others.join("、"), prefer())
        } else {
            format!("other workbooks for the same unit: {}; none applied. Choose one ({}).", others.join(", "), prefer())
        },
        F::CopiedForm { named, form } => if ja {
            format!("ファイル名は「{named}」ですが、中身は「{form}」の様式です（別の提出単位の様式をコピーして記入した可能性があります）。取り込んでいません。中身が正しければ取り込んでください（{}）。違う場合は送り主に確認してください。", prefer())
        } else {
            format!("the file name names \"{named}\" but the workbook is \"{form}\"'s form (copied from another unit's?); not applied. If its content is right, apply it ({}); otherwise ask the sender.", prefer())
        },
        F::NotRead(reason) => skip_reason(reason, front, lang),
        F::More(n) => if ja {
            format!("ほかに {n} 件あります（表示を省略しました）。様式の外に記入したセルがないか確認してください。")
        } else {
            format!("{n} more not listed; check for cells written outside the form's answer area.")
        },
        F::SameAs(other) => if ja {
            format!("「{other}」と同じ内容のため、そちらを取り込みました。")
        } else {
            format!("the same bytes as \"{other}\", which was ingested instead.")
        },
        F::Superseded => if ja {
            "以前に取り込んだ古い版です（新しい版を取り込み済み）。取り込んでいません。".into()
        } else {
            "an older workbook, replaced by a later one already ingested; not applied.".into()
        },
        F::SenderUnusable(sender) => if ja {
            format!("差出人「{sender}」のアドレスは宛先に使えないため、受領・差し戻しの下書きは contacts.toml の連絡先あてに作ります。")
        } else {
            format!("the sender \"{sender}\" has no usable address: receipts and send-backs go to the contact in contacts.toml.")
        },
        F::PreferredInstead(before) => if ja {
            format!("事務局の選択により、これまでの「{before}」に代えてこのブックを取り込みました。")
        } else {
            format!("applied as the secretariat chose, in place of \"{before}\", applied until now.")
        },
        F::OlderVersion(None) => if ja {
            "同じ提出単位の、より新しい版が同じフォルダにあるため、古い版として保管しました（取り込んでいません）。".into()
        } else {
            "an older version than another workbook of this folder for the same unit: kept, not applied.".into()
        },
        F::OlderVersion(Some(current)) => if ja {
            format!("取り込み済みの「{current}」より古い版のため、保管のみで取り込んでいません。")
        } else {
            format!("older than \"{current}\", already applied: kept, not applied.")
        },
        F::Declined(chosen) => if ja {
            format!("同じ提出単位の「{chosen}」を選んだため、取り込んでいません。")
        } else {
            format!("not applied: \"{chosen}\" was chosen for this unit.")
        },
        F::Internal(d) => if ja {
            format!("読み取り中に予期しないエラーが起きたため取り込んでいません（{d}）。ファイルを保存し直して送ってください。")
        } else {
            format!("an unexpected error while reading ({d}); not applied. Save the file again and resend it.")
        },
    }
}

const XLSB_JA: &str = ".xlsb 形式は読み取れません。Excel で開き、「名前を付けて保存」で「Excel ブック (*.xlsx)」を選んで保存し直してください。";
const XLSB_EN: &str = "the .xlsb format is not read; open it in Excel and save it as \"Excel Workbook (*.xlsx)\".";

/// A file of the ingest folder not read, as a clerk can act on it:
/// `回答.zip/桑名市.xlsx: パスワード付きの zip です。…`
pub fn skipped(s: &crate::intake::ingest::sources::Skipped, front: Front, lang: Lang) -> String {
    format!("{}: {}", s.display, skip_reason(&s.reason, front, lang))
}

/// Why a file of the ingest folder is not read, and what to do.
pub fn skip_reason(r: &crate::intake::ingest::sources::SkipReason, front: Front, lang: Lang) -> String {
    use crate::intake::ingest::sources::SkipReason as S;
    let ja = lang == Lang::Ja;
    match (r, ja) {
        (S::NotAWorkbook, true) => "取込対象外です（照会様式のブック .xlsx・.xlsm・.xls・.ods ではありません）。".into(),
        (S::NotAWorkbook, false) => "skipped: not a workbook (.xlsx, .xlsm, .xls, .ods).".into(),
        (S::LockFile, true) => "Excel・LibreOffice がブックを開いている間の一時ファイルです。取り込みません（ブックを閉じてから取り込んでください）。".into(),
        (S::LockFile, false) => "skipped: a lock file of a workbook open in Excel or LibreOffice (close the workbook before ingesting).".into(),
        (S::Xlsb, true) => XLSB_JA.into(),
        (S::Xlsb, false) => XLSB_EN.into(),
        (S::Symlink, true) => "シンボリックリンク（ショートカット）は読みません。ファイルそのものを取込フォルダにコピーしてください。".into(),
        (S::Symlink, false) => "a symbolic link is not followed; copy the file itself into the folder.".into(),
        (S::EncryptedZip { tried: 0 }, true) => match front {
            Front::Terminal => format!("パスワード付きの zip です。{} で取り込むか、zip を展開してブックを取込フォルダに置いてください。", action(&Action::ZipPassword, front, lang)),
            Front::Page => "パスワード付きの zip です。zip を展開して、中のブックを置き直してください。".into(),
        },
        (S::EncryptedZip { tried: 0 }, false) => match front {
            Front::Terminal => format!("a password-protected zip; ingest with {}, or unpack it and put the workbooks in the folder.", action(&Action::ZipPassword, front, lang)),
            Front::Page => "a password-protected zip; unpack it and drop its workbooks.".into(),
        },
        (S::EncryptedZip { tried }, true) => format!("パスワード付きの zip ですが、指定したパスワード（{tried} 件）では開けません。送付元にパスワードを確認してください。"),
        (S::EncryptedZip { tried }, false) => format!("a password-protected zip that none of the {tried} given password(s) opens; ask the sender for the password."),
        (S::UnsupportedZip(d), true) => format!("この zip の暗号化・圧縮方式（{d}）には対応していません。zip を展開し、ブックを取込フォルダに置いてください。"),
        (S::UnsupportedZip(d), false) => format!("this zip's encryption or compression is not supported ({d}); unpack it and put the workbooks in the folder."),
        (S::BadZip(d), true) => format!("zip が壊れているか途中で切れているため開けません（{d}）。送付元に再送を依頼してください。"),
        (S::BadZip(d), false) => format!("the zip is damaged or truncated ({d}); ask the sender to send it again."),
        (S::TooManyEntries { entries, limit }, true) => format!("zip の中のファイルが多すぎます（{entries} 個、上限 {limit} 個）。安全のため開いていません。ブックだけを送ってもらってください。"),
        (S::TooManyEntries { entries, limit }, false) => format!("the zip holds too many files ({entries}, at most {limit}); not opened, for safety. Ask for the workbooks alone."),
        (S::ZipTooLarge { bytes, limit }, true) => format!("zip の中のブックが大きすぎます（展開後 {} MB、上限 {} MB）。安全のため開いていません。ブックを分けて送ってもらってください。", bytes >> 20, limit >> 20),
        (S::ZipTooLarge { bytes, limit }, false) => format!("the zip's workbooks are too large ({} MB unpacked, at most {} MB); not opened, for safety. Ask for them in parts.", bytes >> 20, limit >> 20),
        (S::TooLarge { bytes, limit }, true) => format!("ファイルが大きすぎます（{} KB、上限 {} KB）。照会様式以外の内容を削除してください。", bytes / 1024, limit / 1024),
        (S::TooLarge { bytes, limit }, false) => format!("the file is too large ({} KB, limit {} KB); remove what is not part of the form.", bytes / 1024, limit / 1024),
        (S::NestedZip, true) => "zip の中の zip は開いていません。中のブックを取り出して取込フォルダに置いてください。".into(),
        (S::NestedZip, false) => "a zip inside a zip is not opened; take the workbooks out and put them in the folder.".into(),
        (S::EmptyZip, true) => "空の zip です（ファイルがありません）。送付元に確認してください。".into(),
        (S::EmptyZip, false) => "an empty zip (no files in it); check with the sender.".into(),
        (S::Unreadable(d), true) => format!("ファイルを読めません（{d}）。アクセス権を確認してください。"),
        (S::Unreadable(d), false) => format!("the file cannot be read ({d}); check its permissions."),
        (S::MailWithoutAttachment { sender, subject }, true) => format!("添付ファイルのないメールです（差出人: {}、件名: {}）。回答のブックが添付されているか、送付元に確認してください。", or_none(sender, ja), or_none(subject, ja)),
        (S::MailWithoutAttachment { sender, subject }, false) => format!("a mail without attachments (from: {}, subject: {}); check with the sender whether the workbook was attached.", or_none(sender, ja), or_none(subject, ja)),
        (S::NoWorkbookInMail { sender, subject }, true) => format!("照会様式のブックが添付されていないメールです（差出人: {}、件名: {}）。PDF などでは取り込めません。ブック（.xlsx）での再送を依頼してください。", or_none(sender, ja), or_none(subject, ja)),
        (S::NoWorkbookInMail { sender, subject }, false) => format!("a mail without a workbook attached (from: {}, subject: {}); a PDF or other file cannot be ingested. Ask for the workbook (.xlsx).", or_none(sender, ja), or_none(subject, ja)),
        (S::NotAMail(d), true) => format!("メールとして読めません（{d}）。メールソフトから .eml・.mbox・.msg として保存し直すか、添付ファイルを取込フォルダに保存してください。"),
        (S::NotAMail(d), false) => format!("cannot be read as a mail ({d}); save it again from the mail program as .eml, .mbox or .msg, or save its attachments into the folder."),
        (S::TooManyMails { mails, limit }, true) => format!("メールボックスのメールが多すぎます（{mails} 通、上限 {limit} 通）。安全のため開いていません。照会の回答のメールだけを書き出してください。"),
        (S::TooManyMails { mails, limit }, false) => format!("the mailbox holds too many mails ({mails}, at most {limit}); not opened, for safety. Export only the survey's answers."),
        (S::MailTooLarge { bytes, limit }, true) => format!("メールのファイルが大きすぎます（{} MB、上限 {} MB）。安全のため開いていません。添付ファイルを取込フォルダに保存してください。", bytes >> 20, limit >> 20),
        (S::MailTooLarge { bytes, limit }, false) => format!("the mail file is too large ({} MB, at most {} MB); not opened, for safety. Save its attachments into the folder.", bytes >> 20, limit >> 20),
        (S::MailTooDeep, true) => "メールに添付されたメールの、さらに奥に添付されたメールです。開いていません。添付ファイルを取込フォルダに保存してください。".into(),
        (S::RunTooLarge { limit_mb }, true) => format!("一度に読めるブックの大きさ（合計 {limit_mb} MB）を超えたため、このブックは読んでいません。取り込んだ分を除いて、もう一度取り込んでください。"),
        (S::RunTooLarge { limit_mb }, false) => format!("not read: the workbooks of this run passed {limit_mb} MB in all. Ingest the rest again on its own."),
        (S::Hidden, true) => "隠しファイル（名前が「.」で始まるもの）か、隠しフォルダ・macOS の __MACOSX の中のファイルです。読んでいません。提出されたブックであれば、名前の先頭の「.」を取るか、フォルダの外に出して取り込んでください。".into(),
        (S::Hidden, false) => "a hidden file (its name starts with \".\"), or one in a hidden folder or macOS's __MACOSX; not read. If it is a submission, rename it or move it out, and ingest again.".into(),
        (S::MailTooDeep, false) => "a mail attached too deep inside attached mails; not opened. Save its attachments into the folder.".into(),
        (S::TooManyAttachments { cut, limit }, true) => format!("添付ファイルが多すぎるため、{limit} 個を超えた {cut} 個は読んでいません。照会様式のブックがその中にあるかもしれません。送り主に、様式だけを添付して送り直すよう依頼してください。"),
        (S::TooManyAttachments { cut, limit }, false) => format!("too many attachments: the {cut} past the first {limit} were not read, and a form may be among them; ask the sender to send the form alone."),
    }
}

/// A mail's sender or subject as shown, 「（なし）」 when empty.
fn or_none(s: &str, ja: bool) -> &str {
    match (s.is_empty(), ja) {
        (false, _) => s,
        (true, true) => "（なし）",
        (true, false) => "(none)",
    }
}

/// Words of `ingest`'s report and of `status`.
pub fn intake_ui(key: IntakeUi, lang: Lang) -> &'static str {
    use IntakeUi::*;
    let ja = lang == Lang::Ja;
    match key {
        Title => if ja { "提出ブックの取込結果" } else { "Ingest report" },
        Year => if ja { "年度" } else { "Fiscal year" },
        Folder => if ja { "フォルダ" } else { "Folder" },
        Uploaded => if ja { "画面から受け取ったファイル" } else { "files dropped on the page" },
        File => if ja { "ファイル" } else { "File" },
        Target => if ja { "提出単位" } else { "Unit" },
        Result => if ja { "結果" } else { "Result" },
        Ok => if ja { "受理" } else { "ok" },
        Warnings => if ja { "受理（注意あり）" } else { "ok, with warnings" },
        Rejected => if ja { "不受理" } else { "rejected" },
        Duplicate => if ja { "保留（重複）" } else { "on hold (duplicate)" },
        Held => if ja { "保留（ファイル名の確認）" } else { "on hold (check the file name)" },
        Skipped => if ja { "取込対象外" } else { "skipped" },
        Summary => if ja { "件数" } else { "Counts" },
        None => if ja { "（提出ブックはありません）" } else { "(no workbooks)" },
        Block => if ja { "区域" } else { "Block" },
        Status => if ja { "状況" } else { "Status" },
        Received => if ja { "受領日時" } else { "Received" },
        Waiting => if ja { "まだ受理していない提出単位" } else { "Not yet accepted" },
        Sender => if ja { "送信者" } else { "Sender" },
        Others => if ja { "区域外・県" } else { "outside the blocks, and the prefecture" },
        Centre => if ja { "（広域）" } else { " (centre)" },
        PrefectureParts => if ja { "（県の記入欄）" } else { " (prefecture's parts)" },
        Changed => if ja { "更新した TOML" } else { "TOML updated" },
        Unchanged => if ja { "TOML の変更はありません。" } else { "no TOML changed." },
        ReportWritten => if ja { "取込結果" } else { "report" },
        FormsWritten => if ja { "照会様式を作成しました" } else { "forms written" },
    }
}

#[derive(Debug, Clone, Copy)]
pub enum IntakeUi {
    Title,
    Year,
    Folder,
    /// Where files dropped on the page came from (no folder).
    Uploaded,
    File,
    Target,
    Result,
    Ok,
    Warnings,
    Rejected,
    Duplicate,
    Held,
    Skipped,
    Summary,
    None,
    Block,
    Status,
    Received,
    Waiting,
    Sender,
    Others,
    Centre,
    PrefectureParts,
    Changed,
    Unchanged,
    ReportWritten,
    FormsWritten,
}

/// The word for a unit's state in the season's checklist.
pub fn check(c: crate::intake::ingest::received::Check, lang: Lang) -> &'static str {
    use crate::intake::ingest::received::Check as C;
    let ja = lang == Lang::Ja;
    match c {
        C::Submitted => if ja { "提出済" } else { "submitted" },
        C::Late => if ja { "提出済（期限後）" } else { "submitted late" },
        C::LateWarnings => if ja { "提出済（期限後・注意あり）" } else { "submitted late, with warnings" },
        C::Warnings => if ja { "受理（注意あり）" } else { "accepted, with warnings" },
        C::SentBack => if ja { "差し戻し中" } else { "sent back" },
        C::Missing => if ja { "未提出" } else { "not yet" },
        C::Overdue => if ja { "期限超過" } else { "overdue" },
        C::Duplicated => if ja { "重複（選択待ち）" } else { "duplicated (to choose)" },
        C::Held => if ja { "保留（ファイル名の確認）" } else { "on hold (check the file name)" },
        C::TomlOnly => if ja { "TOML のみ（ブックなし）" } else { "TOML only (no workbook)" },
    }
}

/// What to do about a unit in a state of the checklist, with the action where it is read.
pub fn check_hint(c: crate::intake::ingest::received::Check, front: Front, lang: Lang) -> String {
    use crate::intake::ingest::received::Check as C;
    let ja = lang == Lang::Ja;
    let act = |a: Action| action(&a, front, lang);
    let prefer = || act(Action::Prefer { file: String::new() });
    match c {
        C::Submitted => if ja { "受理しました。対応は不要です。".into() } else { "accepted; nothing to do.".into() },
        C::Late => if ja { "期限後に受理しました。対応は不要です。".into() } else { "accepted after the deadline; nothing to do.".into() },
        C::LateWarnings => if ja { format!("期限後に受理しました。確認事項を見て、直してほしい箇所があれば差し戻してください（{}）。", act(Action::SendBack)) } else { format!("accepted after the deadline; read the findings and send it back if something should be corrected ({}).", act(Action::SendBack)) },
        C::Warnings => if ja { format!("受理しました。確認事項を見て、直してほしい箇所があれば差し戻してください（{}）。", act(Action::SendBack)) } else { format!("accepted; read the findings and send it back if something should be corrected ({}).", act(Action::SendBack)) },
        C::SentBack => if ja { format!("差し戻しのブックとメールの下書きを送り、再提出を待ってください（{}）。", act(Action::SendBack)) } else { format!("send the send-back workbook and mail draft, and wait for the resubmission ({}).", act(Action::SendBack)) },
        C::Missing => if ja { "提出期限まで待ってください。".into() } else { "wait for the deadline.".into() },
        C::Overdue => if ja { format!("督促（再依頼）のメールの下書きを作って送ってください（{}）。", act(Action::Remind)) } else { format!("write and send a reminder ({}).", act(Action::Remind)) },
        C::Duplicated => if ja { format!("同じ時に２つのブックが届いています。中身を見て一方を選んでください（{}）。", prefer()) } else { format!("two workbooks came at once; choose one ({}).", prefer()) },
        C::Held => if ja { format!("ファイル名と中身の提出単位が違います。中身が正しければ採用してください（{}）。違う場合は送り主に確認してください。", prefer()) } else { format!("the file name names another unit; if the content is right, choose it ({}); otherwise ask the sender.", prefer()) },
        C::TomlOnly => if ja { format!("事務局が TOML に直接記入した回答です。ブックの提出を待つ場合は、様式を送ってください（{}）。", act(Action::Forms)) } else { format!("answered by hand in its TOML; send the form ({}) if a workbook is expected.", act(Action::Forms)) },
    }
}

/// What a version's state in `history` means for the clerk, with the action where it is read.
pub fn state_hint(s: crate::store::ledger::State, front: Front, lang: Lang) -> String {
    use crate::store::ledger::State as S;
    let ja = lang == Lang::Ja;
    let act = |a: Action| action(&a, front, lang);
    match s {
        S::Applied => if ja { "資料に載るのはこの版です。".into() } else { "the packet prints this version.".into() },
        S::Superseded => if ja { format!("後の版に置き換わりました。戻す場合は{}。", act(Action::Restore)) } else { format!("replaced by a later version; bring it back with {}.", act(Action::Restore)) },
        S::Rejected => if ja { format!("エラーがあり取り込んでいません。差し戻して再提出を待ってください（{}）。", act(Action::SendBack)) } else { format!("not applied because of errors; send it back and wait ({}).", act(Action::SendBack)) },
        S::Held => if ja { format!("採用の確認を待っています（{}）。", act(Action::Prefer { file: String::new() })) } else { format!("waiting to be chosen ({}).", act(Action::Prefer { file: String::new() })) },
        S::Declined => if ja { "同じ提出単位の別のブックを選んだため、取り込んでいません。".into() } else { "another workbook of the unit was chosen instead.".into() },
        S::NotAForm => if ja { "照会様式として読めなかったブックです。送り主に、送付した様式での再提出を依頼してください。".into() } else { "not read as the form; ask the sender to resubmit on the form that was sent.".into() },
    }
}

/// The checklist's totals line: `計 30：提出済 27、差し戻し中 1、期限超過 2`.
pub fn status_totals(counts: &[(crate::intake::ingest::received::Check, usize)], lang: Lang) -> String {
    let n: usize = counts.iter().map(|(_, n)| n).sum();
    let (sep, head) = if lang == Lang::Ja { ("、", format!("計 {n}：")) } else { (", ", format!("total {n}: ")) };
    let parts: Vec<String> = counts.iter().map(|(c, n)| format!("{} {n}", check(*c, lang))).collect();
    head + &parts.join(sep)
}

/// The word for a workbook's outcome.
pub fn intake_status(s: crate::intake::ingest::Status, lang: Lang) -> &'static str {
    use crate::intake::ingest::Status as S;
    intake_ui(
        match s {
            S::Ok => IntakeUi::Ok,
            S::Warnings => IntakeUi::Warnings,
            S::Rejected => IntakeUi::Rejected,
            S::Duplicate => IntakeUi::Duplicate,
            S::Held => IntakeUi::Held,
            S::Skipped => IntakeUi::Skipped,
        },
        lang,
    )
}

/// The changes as text for the terminal.
pub fn changes(c: &crate::model::diff::Changes, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let (add, del) = if ja { ("追加", "削除") } else { ("added", "removed") };
    let mut out = String::new();
    if !c.survey.is_empty() {
        out.push_str(if ja { "■ 調査の項目\n" } else { "■ survey items\n" });
        for s in &c.survey {
            let line = match (s, ja) {
                (crate::model::diff::SurveyChange::Added(l), true) => format!("    {add}: {l}"),
                (crate::model::diff::SurveyChange::Added(l), false) => format!("    {add}: {l}"),
                (crate::model::diff::SurveyChange::Removed(l), _) => format!("    {del}: {l}"),
                (crate::model::diff::SurveyChange::Renamed(o, n), true) => format!("    名称の変更: {o} → {n}"),
                (crate::model::diff::SurveyChange::Renamed(o, n), false) => format!("    renamed: {o} → {n}"),
            };
            out.push_str(&line);
            out.push('\n');
        }
    }
    for u in &c.units {
        let new = match (u.new, ja) {
            (false, _) => "",
            (true, true) => "［新規］",
            (true, false) => " [new]",
        };
        out.push_str(&format!("■ {}（{}）{new}\n", u.name, u.block));
        out.push_str(&field_changes(&u.fields, "  ", lang));
    }
    if !c.appeared.is_empty() {
        let head = if ja { "■ 新たに加わった提出単位・広域" } else { "■ appeared" };
        let names: Vec<&str> = c.appeared.iter().map(|(n, _)| n.as_str()).collect();
        out.push_str(&format!("{head}: {}\n", names.join("、")));
    }
    if !c.vanished.is_empty() {
        let head = if ja { "■ 今年度は提出がない（前年度はあり）" } else { "■ vanished (present last year)" };
        let names: Vec<&str> = c.vanished.iter().map(|(n, _)| n.as_str()).collect();
        out.push_str(&format!("{head}: {}\n", names.join("、")));
    }
    if out.is_empty() {
        out.push_str(if ja { "変更はありません。\n" } else { "no changes.\n" });
    }
    out
}

/// A unit's changes, field by field, each line indented by `indent`.
pub fn field_changes(fields: &[crate::model::diff::FieldChange], indent: &str, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let (add, del, chg) = if ja { ("追加", "削除", "変更") } else { ("added", "removed", "changed") };
    let mut out = String::new();
    for f in fields {
        out.push_str(&format!("{indent}{}\n", f.field));
        for l in &f.added {
            out.push_str(&format!("{indent}  {add}: {l}\n"));
        }
        for l in &f.removed {
            out.push_str(&format!("{indent}  {del}: {l}\n"));
        }
        for (o, n) in &f.changed {
            out.push_str(&format!("{indent}  {chg}: {o}\n{indent}    → {n}\n"));
        }
    }
    out
}

/// One version of a unit in `history`: `第2版  2018-11-12 09:00  受理  津市（修正）.xlsx  送信者`.
pub fn version_line(n: usize, moment: &str, state: crate::store::ledger::State, file: &str, sender: &str, lang: Lang) -> String {
    use crate::store::ledger::State as S;
    let ja = lang == Lang::Ja;
    let word = match (state, ja) {
        (S::Applied, true) => "受理（現在の版）",
        (S::Applied, false) => "accepted (current)",
        (S::Superseded, true) => "受理後に更新",
        (S::Superseded, false) => "replaced by a later one",
        (S::Rejected, true) => "差し戻し",
        (S::Rejected, false) => "sent back",
        (S::Held, true) => "保留",
        (S::Held, false) => "on hold",
        (S::Declined, true) => "選択されず",
        (S::Declined, false) => "not chosen",
        (S::NotAForm, true) => "様式でない",
        (S::NotAForm, false) => "not a form",
    };
    let head = if ja { format!("第{n}版") } else { format!("version {n}") };
    let sender = if sender.is_empty() { String::new() } else { format!("  {sender}") };
    format!("{head}  {moment}  {word}  {file}{sender}")
}

/// Words of `request` and `remind`.
#[derive(Debug, Clone, Copy)]
pub enum DraftUi {
    /// The drafts written (a count follows).
    Drafts,
    /// Drafts with an empty To, listed.
    NoAddress,
    /// What to do about them.
    NoAddressHint,
    /// Units under send-back reminded of it (names follow).
    SentBackReminded,
    /// Units and centres that have answered and get no reminder (a count follows).
    Answered,
    /// The deadline has passed.
    Overdue,
    /// The deadline has not passed.
    BeforeDeadline,
    /// Nobody to remind.
    NoneWaiting,
}

pub fn draft_ui(key: DraftUi, lang: Lang) -> &'static str {
    use DraftUi::*;
    match (key, lang) {
        (Drafts, Lang::Ja) => "メールの下書き",
        (Drafts, Lang::En) => "mail drafts",
        (NoAddress, Lang::Ja) => "宛先（To）のない下書き（contacts.toml にメールアドレスがありません）",
        (NoAddress, Lang::En) => "drafts without a recipient (no mail address in contacts.toml)",
        (NoAddressHint, Lang::Ja) => "送る前に宛先を入力するか、contacts.toml に mail を記入して作り直してください。",
        (SentBackReminded, Lang::Ja) => "差し戻し中（差し戻しのブックを添付し、回答した担当者あて）",
        (SentBackReminded, Lang::En) => "under send-back (the send-back workbook attached, to the officer who answered)",
        (NoAddressHint, Lang::En) => "enter the recipient before sending, or add mail to contacts.toml and write the drafts again.",
        (Answered, Lang::Ja) => "回答済み（再依頼なし）",
        (Answered, Lang::En) => "answered (no reminder)",
        (Overdue, Lang::Ja) => "提出期限を過ぎています（期限超過）",
        (Overdue, Lang::En) => "the deadline has passed (期限超過)",
        (BeforeDeadline, Lang::Ja) => "提出期限前です",
        (BeforeDeadline, Lang::En) => "before the deadline",
        (NoneWaiting, Lang::Ja) => "未提出の提出単位・広域はありません。",
        (NoneWaiting, Lang::En) => "every unit and centre has answered.",
    }
}

/// The first line of `shiryo desk`: where to open it.
pub fn desk_started(url: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("shiryo desk: {url} をブラウザで開いてください（終了は Ctrl+C）"),
        Lang::En => format!("shiryo desk: open {url} in a browser (Ctrl+C to stop)"),
    }
}

pub fn desk_no_browser(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "ブラウザを開けませんでした。上のアドレスをブラウザに貼り付けてください。",
        Lang::En => "could not open a browser; paste the address above into one.",
    }
}

/// What only the page meets: its own refusals and errors, kept apart from
/// the library's [`Error`]. Only the desk builds them.
#[derive(Debug, Clone, PartialEq, Eq, strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter))]
pub enum PageError {
    /// The Host header names another site (DNS rebinding).
    Host,
    /// No token, or a wrong one.
    Token,
    /// A POST from another page.
    Origin,
    /// No such page.
    NotFound,
    /// A panic in the library: never shown as a trace.
    Internal,
    /// A request the page's own forms never send (a field missing, a wrong type).
    BadRequest,
    /// The year was asked for before one was chosen.
    NoYearChosen,
    /// The preview was asked for a page the packet does not have.
    NoSuchPage(usize),
    /// An upload's file name that is not a plain name (a path, `..`, control characters).
    BadUploadName(String),
    /// An upload larger than the desk takes (bytes allowed).
    UploadTooLarge(usize),
    /// The packet was asked for before it was built.
    NotBuilt,
    /// 「取り込む」 pressed with no file chosen.
    NoFiles,
    /// A new year's folder name that is not one plain folder name.
    BadFolderName(String),
}

/// A page error in the page's words.
pub fn page_error(r: &PageError, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    match r {
        PageError::Host if ja => "このページはこの PC で起動した照会の作業ページからしか開けません（アドレスが 127.0.0.1 または localhost ではありません）。".into(),
        PageError::Host => "this page opens only from the page started on this computer (the address is not 127.0.0.1 or localhost).".into(),
        PageError::Token if ja => "起動したときに表示されたアドレス（token= を含むもの）から開いてください。".into(),
        PageError::Token => "open the address printed when the page was started (the one with token=).".into(),
        PageError::Origin if ja => "この操作は照会の作業ページからしかできません。ページを開き直してください。".into(),
        PageError::Origin => "this action can only come from the page itself; open it again.".into(),
        PageError::NotFound if ja => "そのページはありません。提出状況のページから開き直してください。".into(),
        PageError::NotFound => "no such page; open it again from the board.".into(),
        PageError::Internal if ja => "処理の途中で問題が起きました。年度のデータは変わっていません。もう一度試して、続く場合は担当者に連絡してください。".into(),
        PageError::Internal => "something went wrong; the year is unchanged. Try again, and report it if it persists.".into(),
        PageError::BadRequest if ja => "ページから送られた内容が足りないか、読めませんでした。何も変えていません。ページを読み込み直して、もう一度操作してください。".into(),
        PageError::BadRequest => "what the page sent was incomplete or unreadable; nothing was changed. Reload the page and try again.".into(),
        PageError::NoYearChosen if ja => "年度がまだ選ばれていません。最初のページで年度を選んでください。".into(),
        PageError::NoYearChosen => "no year is chosen yet; choose one on the first page.".into(),
        PageError::NoSuchPage(n) if ja => format!("資料に {n} ページ目はありません。資料を作成し直してから、プレビューを開き直してください。"),
        PageError::NoSuchPage(n) => format!("the packet has no page {n}; build it again and reopen the preview."),
        PageError::BadUploadName(n) if ja => format!("ファイル名「{n}」は受け付けられません（フォルダの区切りや「..」、制御文字を含まない名前にしてください）。何も取り込んでいません。"),
        PageError::BadUploadName(n) => format!("the file name \"{n}\" is refused (give a plain name without folders, \"..\" or control characters); nothing was ingested."),
        PageError::UploadTooLarge(max) if ja => format!("送られたファイルが大きすぎます（１回に {} MB まで）。何も取り込んでいません。ファイルを分けて置き直してください。", max / (1024 * 1024)),
        PageError::UploadTooLarge(max) => format!("the upload is too large (at most {} MB at a time); nothing was ingested. Drop the files in parts.", max / (1024 * 1024)),
        PageError::NotBuilt if ja => "資料はまだ作成されていません。「資料を作成」を押してください。".into(),
        PageError::NotBuilt => "the packet has not been built yet; press \"Build the packet\".".into(),
        PageError::NoFiles if ja => "ファイルが選ばれていません。取り込むブック・メールを選ぶか、ドラッグしてください。".into(),
        PageError::NoFiles => "no file was chosen; choose or drag the workbooks and mails to ingest.".into(),
        PageError::BadFolderName(n) if ja => format!("フォルダ名「{n}」は使えません（「2020」のような、区切りや「..」を含まない名前にしてください）。"),
        PageError::BadFolderName(n) => format!("the folder name \"{n}\" cannot be used (give a plain name such as \"2020\", without separators or \"..\")."),
    }
}

/// The deadline line of the board: the date and the days left (or past).
pub fn desk_deadline(deadline: Option<crate::model::Date>, days_left: Option<i64>, lang: Lang) -> String {
    let Some(d) = deadline else { return String::new() };
    let date = crate::model::era::date_with_weekday(d.year, d.month, d.day);
    match (lang, days_left) {
        (Lang::Ja, Some(n)) if n > 0 => format!("提出期限 {date}（あと {n} 日）"),
        (Lang::Ja, Some(0)) => format!("提出期限 {date}（本日）"),
        (Lang::Ja, Some(n)) => format!("提出期限 {date}（{} 日過ぎています）", -n),
        (Lang::Ja, None) => format!("提出期限 {date}"),
        (Lang::En, Some(n)) if n > 0 => format!("deadline {date} ({n} days left)"),
        (Lang::En, Some(0)) => format!("deadline {date} (today)"),
        (Lang::En, Some(n)) => format!("deadline {date} ({} days ago)", -n),
        (Lang::En, None) => format!("deadline {date}"),
    }
}

/// The desk's page words, by the key the templates use (`t.board`), Japanese and English.
const DESK_WORDS: &[(&str, &str, &str)] = &[
    ("app", "照会の作業", "The survey's desk"),
    ("years", "年度を選ぶ", "Choose a year"),
    ("years_none", "このフォルダ（と inputs/）に年度のフォルダが見つかりません。", "No year folder found here (or under inputs/)."),
    ("open", "開く", "Open"),
    ("new_year", "新しい年度を作る", "Start a new year"),
    ("from_year", "もとにする年度", "From the year"),
    ("folder", "新しいフォルダ名", "New folder name"),
    ("date", "会議の日付", "Meeting date"),
    ("deadline", "提出期限", "Deadline"),
    ("meeting", "会議の名前", "Meeting"),
    ("request_fields", "照会の依頼文（前年度の内容を表示しています。変わるところだけ直してください）", "The request letter (last year's shown: change what changes)"),
    ("number", "文書番号", "Number"),
    ("request_date", "依頼文の日付（空欄なら前年度の１年後）", "Letter's date (empty: last year's, a year on)"),
    ("addressee", "宛先", "Addressee"),
    ("sender", "発信者", "Sender"),
    ("from_mail", "下書きの差出人（事務局のメールアドレス）", "The drafts' From (the secretariat's address)"),
    ("create", "作成", "Create"),
    ("board", "提出状況", "Board"),
    ("block", "区域", "Block"),
    ("target", "提出単位", "Unit"),
    ("state", "状況", "State"),
    ("received", "受付日時（日本時間）", "Received (Japan time)"),
    ("sender", "差出人", "Sender"),
    ("file", "ファイル", "File"),
    ("totals", "合計", "Totals"),
    ("drop", "ここにブック・メール（.xlsx .eml .mbox .msg .zip）をドラッグするか、下のボタンで選んでください", "Drag workbooks or mails (.xlsx .eml .mbox .msg .zip) here, or choose them below"),
    ("choose", "ファイルを選ぶ", "Choose files"),
    ("ingest", "取り込む", "Ingest"),
    ("limit", "１回に送れる大きさ", "Largest upload"),
    ("choose_this", "これを採用", "Use this one"),
    ("send_back", "差し戻しのブック", "Send-back workbook"),
    ("send_back_mail", "差し戻しのメール下書き", "Send-back mail draft"),
    ("drafts", "メールの下書き（まとめて zip）", "Mail drafts (one zip)"),
    ("request", "照会（依頼）", "Request"),
    ("receipt", "受領のお知らせ", "Receipts"),
    ("remind", "督促（再依頼）", "Reminders"),
    ("packet", "資料", "Packet"),
    ("build", "資料を作成", "Build the packet"),
    ("download", "資料（PDF）をダウンロード", "Download the packet (PDF)"),
    ("draft_note", "提出がそろうまでは、各ページに「案」と入ります。", "Until every answer is in, each page is marked 「案」 (draft)."),
    ("archive", "年度を保管", "Archive the year"),
    ("archive_to", "保管先", "Archive folder"),
    ("published", "公開用データ（CSV・Excel・HTML）をダウンロード", "Download the data to publish (CSV, Excel, HTML)"),
    ("published_note", "「【非公開】」の行は含みません", "lines marked 【非公開】 left out"),
    ("preview", "プレビュー", "Preview"),
    ("page", "ページ", "page"),
    ("back", "提出状況へ戻る", "Back to the board"),
    ("findings", "確認事項（シートとセル）", "Findings (sheet and cell)"),
    ("no_findings", "確認事項はありません。", "No findings."),
    ("versions", "版（受け取ったブック）", "Versions (workbooks received)"),
    ("restore", "この版に戻す", "Restore this version"),
    ("answers", "回答（資料に載る内容）", "Answers (as printed)"),
    ("item", "項目", "Item"),
    ("content", "内容", "Content"),
    ("result", "取込の結果", "Ingest result"),
    ("changed", "更新したファイル", "Files changed"),
    ("unchanged", "年度のデータは変わりませんでした。", "The year did not change."),
    ("error", "エラー", "Error"),
    ("other_year", "別の年度を選ぶ", "Choose another year"),
    ("pending", "対応が必要なものがあります", "Something needs your attention"),
    ("nothing_pending", "対応が必要なものはありません", "Nothing needs your attention"),
    ("download_drafts", "下書き（zip）をダウンロード", "Download the drafts (zip)"),
    ("compare", "版を比べる", "Compare versions"),
    ("archive_confirm", "この内容で保管する", "Archive as shown"),
    ("contacts", "連絡先の確認", "Contacts"),
    ("contacts_note", "４月の異動で変わった担当者やメールアドレスを、照会の前に直してください。メールアドレスが複数のときは「、」で区切ります。", "Correct who changed in April before the request goes out; separate several addresses with 、."),
    ("office", "担当課", "Office"),
    ("person", "担当者", "Person"),
    ("phone", "電話", "Phone"),
    ("mail", "メール", "Mail"),
    ("cc", "CC", "Cc"),
    ("save", "保存", "Save"),
    ("chart", "日ごとの受付数（赤い線が提出期限）", "Answers received per day (the red line: the deadline)"),
    ("prefecture_form", "県の様式（会議・依頼文・予定・事業・区域・連絡先）をダウンロード", "Download the prefecture's form (meeting, request, schedule, programmes, blocks, contacts)"),
    ("prefecture_form_note", "Excel で直して、上の枠にドラッグすると取り込まれます", "edit it in Excel and drop it above to take it in"),
    ("extension", "期限延長", "Extension"),
    ("extension_until", "延長後の期限（空欄で取消）", "Until (empty: take it back)"),
    ("extend", "設定", "Set"),
    ("own_deadline", "この提出単位の期限", "This unit's deadline"),
    ("compare_from", "比べる版", "Version"),
    ("compare_to", "と", "with"),
    ("no_changes", "違いはありません。", "No differences."),
    ("unprinted", "【非公開】資料には載りません", "【非公開】 not printed in the packet"),
    ("not_answered", "受け付けた回答はまだありません（確認事項を見て差し戻してください）。", "No accepted answer yet (read the findings and send it back)."),
    ("to_check", "確認してください", "Please check"),
    ("internal", "委員用（非公開の行も載せる）", "For the council (with 非公開 lines)"),
    ("make", "作成", "Make"),
    ("notes", "年度を開いたときのお知らせ", "Found when the year was opened"),
];

pub fn desk_words(lang: Lang) -> Vec<(&'static str, &'static str)> {
    DESK_WORDS.iter().map(|(k, ja, en)| (*k, if lang == Lang::Ja { *ja } else { *en })).collect()
}

/// One of the page's words by its key (empty for an unknown key: the page's tests find it).
pub fn desk_word(key: &str, lang: Lang) -> &'static str {
    DESK_WORDS.iter().find(|(k, _, _)| *k == key).map(|(_, ja, en)| if lang == Lang::Ja { *ja } else { *en }).unwrap_or("")
}

/// The packet built on the page: its pages and size, and whether as a draft.
pub fn built_on_page(pages: usize, bytes: usize, draft: bool, lang: Lang) -> String {
    match (lang, draft) {
        (Lang::Ja, false) => format!("資料を作成しました（{pages} ページ、{} KB）。", bytes / 1024),
        (Lang::Ja, true) => format!("資料を作成しました（{pages} ページ、{} KB）。提出がそろっていないため、各ページに「案」と入っています。", bytes / 1024),
        (Lang::En, false) => format!("built the packet ({pages} pages, {} KB).", bytes / 1024),
        (Lang::En, true) => format!("built the packet ({pages} pages, {} KB); not every answer is in, so each page is marked 「案」 (draft).", bytes / 1024),
    }
}

/// A command line that could not be read (clap's error, by kind and context; `cli/usage.rs`).
#[derive(Debug, Clone, strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), doc = "The variants, without their data: the message catalogue lists an example of each.")]
pub enum UsageError {
    /// Required arguments left out, as clap names them (`<YEAR>`, `--output <OUTPUT>`).
    Missing(Vec<String>),
    /// No command given where one is needed.
    MissingCommand,
    UnknownArg(String),
    UnknownCommand(String),
    /// An option given without its value.
    NoValue(String),
    /// A value not among the choices (`--lang xx`).
    BadChoice { arg: String, value: String, valid: Vec<String> },
    /// A value the option's parser refused (`--copies 0`).
    BadValue { arg: String, value: String, why: ValueProblem },
    /// A value no argument takes (`shiryo check a b`).
    Unexpected(String),
    /// Two arguments that cannot go together.
    Conflict { arg: String, with: Vec<String> },
    /// An option given twice.
    Repeated(String),
    /// An option that takes its value only after `=`.
    NoEquals(String),
    /// An argument that is not valid UTF-8.
    NotUtf8,
    /// Anything else: clap's own English words (shown with `--lang en` only).
    Other(String),
}

/// Why a value was refused.
#[derive(Debug, Clone)]
pub enum ValueProblem {
    Range { low: String, high: String },
    NotNumber,
    Other(String),
}

/// A hint under a usage error.
#[derive(Debug, Clone)]
pub enum UsageHint {
    /// Similar command names (`buidl` → `build`).
    Command(Vec<String>),
    /// A similar option (`--ouput` → `--output`).
    Arg(String),
    /// A similar value (`--lang em` → `en`).
    Value(String),
    /// The option exists on a command (`build --output`).
    Elsewhere(String),
    /// A value starting with `-`: pass it after `--`.
    DoubleDash(String),
}

/// `エラー: 必要な引数が指定されていません: <YEAR>`
pub fn usage_error(e: &UsageError, lang: Lang) -> String {
    let body = match lang {
        Lang::Ja => usage_error_ja(e),
        Lang::En => usage_error_en(e),
    };
    match lang {
        Lang::Ja => format!("エラー: {body}"),
        Lang::En => format!("error: {body}"),
    }
}

fn usage_error_ja(e: &UsageError) -> String {
    use UsageError as U;
    match e {
        U::Missing(args) => format!("必要な引数が指定されていません: {}", args.join("、")),
        U::MissingCommand => "コマンドが指定されていません。".into(),
        U::UnknownArg(a) => format!("「{a}」という引数（オプション）はありません。"),
        U::UnknownCommand(c) => format!("「{c}」というコマンドはありません。"),
        U::NoValue(a) => format!("「{a}」の値が指定されていません。"),
        U::BadChoice { arg, value, valid } => format!("「{arg}」に「{value}」は指定できません（指定できる値: {}）。", valid.join("、")),
        U::BadValue { arg, value, why } => format!("「{arg}」の値「{value}」は使えません。{}", value_problem(why, Lang::Ja)),
        U::Unexpected(v) => format!("「{v}」は余分です（この位置に指定できる引数はありません）。"),
        U::Conflict { arg, with } => format!("「{arg}」は「{}」と一緒には指定できません。", with.join("」「")),
        U::Repeated(a) => format!("「{a}」は１回だけ指定できます。"),
        U::NoEquals(a) => format!("「{a}」の値は「=」でつないで指定してください（例: {a}=値）。"),
        U::NotUtf8 => "引数に読めない文字（UTF-8 でない文字）があります。".into(),
        U::Other(_) => "コマンドラインの指定を読めませんでした。".into(),
    }
}

fn usage_error_en(e: &UsageError) -> String {
    use UsageError as U;
    match e {
        U::Missing(args) => format!("the following required arguments were not provided: {}", args.join(", ")),
        U::MissingCommand => "no command was given.".into(),
        U::UnknownArg(a) => format!("unexpected argument '{a}' found"),
        U::UnknownCommand(c) => format!("unrecognized subcommand '{c}'"),
        U::NoValue(a) => format!("a value is required for '{a}' but none was supplied"),
        U::BadChoice { arg, value, valid } => format!("invalid value '{value}' for '{arg}' [possible values: {}]", valid.join(", ")),
        U::BadValue { arg, value, why } => format!("invalid value '{value}' for '{arg}': {}", value_problem(why, Lang::En)),
        U::Unexpected(v) => format!("unexpected argument '{v}': no more were expected"),
        U::Conflict { arg, with } => format!("the argument '{arg}' cannot be used with '{}'", with.join("', '")),
        U::Repeated(a) => format!("the argument '{a}' cannot be used multiple times"),
        U::NoEquals(a) => format!("equal sign is needed when assigning values to '{a}'"),
        U::NotUtf8 => "invalid UTF-8 was detected in one or more arguments".into(),
        U::Other(clap) => clap.clone(),
    }
}

fn value_problem(why: &ValueProblem, lang: Lang) -> String {
    match (why, lang) {
        (ValueProblem::Range { low, high }, Lang::Ja) => format!("{low}〜{high} の数を指定してください。"),
        (ValueProblem::Range { low, high }, Lang::En) => format!("not in {low}..={high}"),
        (ValueProblem::NotNumber, Lang::Ja) => "半角の数字で指定してください。".into(),
        (ValueProblem::NotNumber, Lang::En) => "not a number".into(),
        (ValueProblem::Other(_), Lang::Ja) => "値を確認してください。".into(),
        (ValueProblem::Other(why), Lang::En) => why.clone(),
    }
}

/// `  ヒント: 「build」のことですか？`
pub fn usage_hint(h: &UsageHint, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let body = match h {
        UsageHint::Command(c) if ja => format!("「{}」のことですか？", c.join("」または「")),
        UsageHint::Command(c) => format!("a similar subcommand exists: '{}'", c.join("', '")),
        UsageHint::Arg(a) if ja => format!("「{a}」のことですか？"),
        UsageHint::Arg(a) => format!("a similar argument exists: '{a}'"),
        UsageHint::Value(v) if ja => format!("「{v}」のことですか？"),
        UsageHint::Value(v) => format!("a similar value exists: '{v}'"),
        UsageHint::Elsewhere(a) if ja => format!("「{a}」ならあります。"),
        UsageHint::Elsewhere(a) => format!("'{a}' exists"),
        UsageHint::DoubleDash(a) if ja => format!("「{a}」を値として渡すには「-- {a}」と書いてください。"),
        UsageHint::DoubleDash(a) => format!("to pass '{a}' as a value, use '-- {a}'"),
    };
    format!("  {}: {body}", if ja { "ヒント" } else { "tip" })
}

/// `詳しくは「shiryo build --help」を見てください。`
pub fn usage_more(command: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("詳しくは「{command} --help」を見てください。"),
        Lang::En => format!("For more information, try '{command} --help'."),
    }
}

/// The fixed words of `--help` and of usage errors.
#[derive(Debug, Clone, Copy)]
pub enum HelpWord {
    /// The heading of the usage line.
    Usage,
    /// The placeholder for options in a usage line (clap's `[OPTIONS]`).
    OptionsTag,
    /// The placeholder for the command (clap's `COMMAND`).
    CommandTag,
    Commands,
    /// The heading of the commands for developers, after the clerk's.
    Developer,
    Arguments,
    Options,
    /// The help of `-h, --help`.
    Help,
    /// The help of `-V, --version`.
    Version,
    /// Before an option's default value.
    Default,
    /// Before an option's choices.
    Choices,
}

pub fn help_word(w: HelpWord, lang: Lang) -> &'static str {
    use HelpWord::*;
    match (w, lang) {
        (Usage, Lang::Ja) => "使い方",
        (Usage, Lang::En) => "Usage",
        (OptionsTag, Lang::Ja) => "[オプション]",
        (OptionsTag, Lang::En) => "[OPTIONS]",
        (CommandTag, Lang::Ja) => "コマンド",
        (CommandTag, Lang::En) => "COMMAND",
        (Commands, Lang::Ja) => "コマンド",
        (Commands, Lang::En) => "Commands",
        (Developer, Lang::Ja) => "開発者向け",
        (Developer, Lang::En) => "For developers",
        (Arguments, Lang::Ja) => "引数",
        (Arguments, Lang::En) => "Arguments",
        (Options, Lang::Ja) => "オプション",
        (Options, Lang::En) => "Options",
        (Help, Lang::Ja) => "使い方（このヘルプ）を表示",
        (Help, Lang::En) => "Print help",
        (Version, Lang::Ja) => "バージョンを表示",
        (Version, Lang::En) => "Print version",
        (Default, Lang::Ja) => "既定",
        (Default, Lang::En) => "default",
        (Choices, Lang::Ja) => "選べる値",
        (Choices, Lang::En) => "possible values",
    }
}

/// An option's help with its default and choices: `メッセージの言語（既定: ja、選べる値: ja, en）`.
pub fn help_with_values(help: &str, default: Option<&str>, choices: &[String], lang: Lang) -> String {
    let mut notes = Vec::new();
    if let Some(d) = default {
        notes.push(format!("{}: {d}", help_word(HelpWord::Default, lang)));
    }
    if !choices.is_empty() {
        notes.push(format!("{}: {}", help_word(HelpWord::Choices, lang), choices.join(", ")));
    }
    match (notes.is_empty(), lang) {
        (true, _) => help.to_string(),
        (false, Lang::Ja) => format!("{help}（{}）", notes.join("、")),
        (false, Lang::En) => format!("{help} [{}]", notes.join("] [")),
    }
}

/// The words the published HTML page adds to the packet's own, in the clerk's language.
#[cfg(feature = "render")]
pub fn page_words(lang: Lang) -> crate::outputs::html::Words {
    let ja = lang == Lang::Ja;
    crate::outputs::html::Words {
        lang: if ja { "ja" } else { "en" },
        // The tag of a joint answer, as the PDF prints it in its box.
        joint: if ja { "共同" } else { "joint" },
        // The schedule's corner: the header of the bands' column (empty on the PDF).
        band: if ja { "区分" } else { "Category" },
    }
}
