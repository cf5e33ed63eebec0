//! The one place where errors and findings become words for a clerk:
//! Japanese by default, English with `--lang en`.

use crate::error::{Error, Problem, ProblemKind as K, Severity};
use crate::model::item_label;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

/// `units/桑名市.toml items[no=5].lines: エラー: ⑤相談支援 …`
pub fn problem(p: &Problem, lang: Lang) -> String {
    let level = match (p.severity, lang) {
        (Severity::Error, Lang::Ja) => "エラー",
        (Severity::Warning, Lang::Ja) => "警告",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::En) => "warning",
    };
    let at = if p.key.is_empty() { p.file.clone() } else { format!("{} {}", p.file, p.key) };
    format!("{at}: {level}: {}", kind(&p.kind, lang))
}

fn item(no: u8) -> String {
    item_label(no).unwrap_or_else(|| format!("({no})"))
}

fn kind(k: &K, lang: Lang) -> String {
    match lang {
        Lang::Ja => match k {
            K::UnknownUnit(n) => format!("「{n}」という提出単位はありません（blocks.toml の columns にない名前です）。名前を確認してください。"),
            K::UnitInNoBlock(n) => format!("「{n}」はどのブロックの列（blocks.toml の columns）にも含まれていません。"),
            K::UnitInTwoBlocks(n) => format!("「{n}」が２つ以上のブロックの列に含まれています。"),
            K::ItemOutOfRange(n) => format!("項目番号 {n} は ①〜⑩（1〜10）の範囲外です。"),
            K::DuplicateItem(n) => format!("{} が２回記入されています。", item(*n)),
            K::MissingItem(n) => format!("{} がありません。記入がない場合は「―」と入力してください。", item(*n)),
            K::Empty => "空欄です。記入がない場合は「―」と入力してください。".into(),
            K::NotAdjacent(ns) => format!("共同実施の {} が、同じブロックの隣り合う列ではありません。", ns.join("・")),
            K::ShareMismatch { partner } => format!(
                "「{partner}」との共同の記載が一致しません。両方のファイルに同じ内容と、互いの名前（shared_with）を記入してください。"
            ),
            K::BadDate(v) => format!("日付「{v}」を読めません。YYYY-MM-DD（月は YYYY-MM）の形で記入してください。"),
            K::UnknownBand(b) => format!("「{b}」は bands にない行です。"),
            K::EventWhen => "日付（date）か期間（from と to）のどちらか一方を記入してください。".into(),
            K::OutsideSchedule(m) => format!("「{m}」は予定表の月の範囲（first_month〜last_month）の外です。"),
            K::DuplicateUnit(n) => format!("「{n}」のファイルが２つあります。"),
            K::BadCode(c) => format!("地方公共団体コード「{c}」は６桁の数字ではありません。"),
            K::NotSubmitted(n) => format!("「{n}」の提出がありません。資料には「未提出」と表示されます。"),
            K::IssueOrder => "共同の課題の並びを１つの表に配置できません。共同の課題を各市町の課題の前後にまとめてください。".into(),
            K::CentresOverlap(a, b) => format!(
                "広域「{a}」と「{b}」の構成市町の重なりを表にできません。重なってよいのは、一方の最後の市町が他方の最初の市町である場合（１市町）だけです。"
            ),
        },
        Lang::En => match k {
            K::UnknownUnit(n) => format!("there is no submitting unit \"{n}\" (not a column of blocks.toml); check the name."),
            K::UnitInNoBlock(n) => format!("\"{n}\" is a column of no block in blocks.toml."),
            K::UnitInTwoBlocks(n) => format!("\"{n}\" is a column of more than one block."),
            K::ItemOutOfRange(n) => format!("item number {n} is outside ①–⑩ (1–10)."),
            K::DuplicateItem(n) => format!("{} is given twice.", item(*n)),
            K::MissingItem(n) => format!("{} is missing; if nothing was done, enter \"―\".", item(*n)),
            K::Empty => "is empty; if nothing was done, enter \"―\".".into(),
            K::NotAdjacent(ns) => format!("the joint units {} are not adjacent columns of one block.", ns.join(", ")),
            K::ShareMismatch { partner } => format!(
                "the joint entry does not match \"{partner}\"'s: both files need the same text and each other's name in shared_with."
            ),
            K::BadDate(v) => format!("cannot read the date \"{v}\"; write YYYY-MM-DD (months YYYY-MM)."),
            K::UnknownBand(b) => format!("\"{b}\" is not one of the schedule's bands."),
            K::EventWhen => "give either a date or both from and to.".into(),
            K::OutsideSchedule(m) => format!("\"{m}\" is outside the schedule's months (first_month–last_month)."),
            K::DuplicateUnit(n) => format!("there are two files for \"{n}\"."),
            K::BadCode(c) => format!("local-government code \"{c}\" is not six digits."),
            K::NotSubmitted(n) => format!("\"{n}\" has not submitted; the packet prints 未提出 in its cells."),
            K::IssueOrder => "the shared 課題 rows cannot be laid out in one table; group shared rows before or after each unit's own.".into(),
            K::CentresOverlap(a, b) => format!(
                "centres \"{a}\" and \"{b}\" overlap in a way the matrix cannot show: only one member may be shared, the last of one being the first of the other."
            ),
        },
    }
}

/// A stopping error, as lines for the terminal.
pub fn error(e: &Error, lang: Lang) -> Vec<String> {
    let ja = lang == Lang::Ja;
    match e {
        Error::Invalid(problems) => {
            let mut lines: Vec<String> = problems.iter().map(|p| problem(p, lang)).collect();
            let n = problems.iter().filter(|p| p.severity == Severity::Error).count();
            lines.push(if ja {
                format!("入力に {n} 件のエラーがあります。PDF は作成していません。")
            } else {
                format!("{n} error(s) in the input; no PDF was written.")
            });
            lines
        }
        Error::Io { path, source } => vec![if ja {
            format!("{}: ファイルを読み書きできません（{source}）。", path.display())
        } else {
            format!("{}: cannot read or write ({source}).", path.display())
        }],
        Error::Toml { path, message } => vec![if ja {
            format!("{}: TOML の書式が正しくありません:\n{message}", path.display())
        } else {
            format!("{}: not valid TOML for this file:\n{message}", path.display())
        }],
        Error::Template(m) => vec![if ja { format!("テンプレートのエラー:\n{m}") } else { format!("template error:\n{m}") }],
        Error::Pdf(m) => vec![if ja { format!("PDF を作成できません: {m}") } else { format!("cannot write the PDF: {m}") }],
        Error::NoYear(p) => vec![if ja {
            format!("年度のフォルダ {} がありません。", p.display())
        } else {
            format!("no year directory at {}.", p.display())
        }],
        Error::Workbook(m) => vec![if ja { format!("ブックを作成できません: {m}") } else { format!("cannot write the workbook: {m}") }],
        Error::NoSuchUnit(n) => vec![if ja {
            format!("「{n}」という提出単位・広域はこの年度にありません（blocks.toml の columns か centres/ の名前を指定してください）。")
        } else {
            format!("there is no unit or centre \"{n}\" in this year (give a column of blocks.toml or a centre's name).")
        }],
        Error::NoSuchWorkbook(f) => vec![if ja {
            format!("--prefer に指定した「{f}」は取り込むフォルダにありません。")
        } else {
            format!("--prefer names \"{f}\", which is not in the folder.")
        }],
    }
}

/// The outcome of `archive`.
pub fn archived(a: &crate::archive::Archived, lang: Lang) -> String {
    use crate::archive::Archived::*;
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
pub fn verified(v: &crate::archive::Verified, lang: Lang) -> Vec<String> {
    let ja = lang == Lang::Ja;
    let mut out: Vec<String> = v
        .mismatched
        .iter()
        .map(|f| if ja { format!("ハッシュが一致しません: {f}") } else { format!("hash mismatch: {f}") })
        .collect();
    out.push(match (v.rebuilt_identical, ja) {
        (Some(true), true) => "保管した入力・テンプレート・フォントから同一の PDF を再作成できました。".into(),
        (Some(true), false) => "the archived sources, templates and fonts rebuild the identical PDF.".into(),
        (Some(false), true) => "保管した入力から再作成した PDF が保管した PDF と異なります。".into(),
        (Some(false), false) => "the PDF rebuilt from the archive differs from the archived PDF.".into(),
        (None, true) => "別の版の typst で作成された保管のため、再作成の比較は行っていません。".into(),
        (None, false) => "archived with another typst version: the rebuild was not compared.".into(),
    });
    out.push(if v.ok() {
        if ja { format!("確認しました（{} ファイル）。", v.checked) } else { format!("verified ({} files).", v.checked) }
    } else if ja {
        "保管に問題があります。".into()
    } else {
        "the archive fails verification.".into()
    });
    out
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
}
