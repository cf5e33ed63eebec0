//! Every message a clerk can meet, rendered from one example of each variant
//! through the real message functions of [`crate::messages`]: the list in
//! `docs/手引き.md` is generated from here (`tests/it/guide.rs`), never written twice.
//!
//! Coverage is the compiler's: each enum derives `strum::EnumDiscriminants`
//! with `EnumIter`, and its examples are an exhaustive match on the
//! discriminant, so a new variant fails to compile until it has an example.

use std::path::PathBuf;

use strum::IntoEnumIterator;

use super::{Front, Lang};
use crate::error::{Encoding, Error, ErrorDiscriminants as ED, Problem, ProblemKind as K, Severity};
use crate::model::problem::ProblemKindDiscriminants as KD;
use crate::intake::ingest::read::{Refusal, RefusalDiscriminants as RD};
use crate::intake::ingest::sources::{SkipReason, SkipReasonDiscriminants as SD, Skipped};
use crate::intake::ingest::{Finding, FindingKind as F, FindingKindDiscriminants as FD};
use crate::model::key::{FieldPart, ItemPart, Key, PairPart};
use crate::store::Note;
use super::{UsageError, UsageErrorDiscriminants as UD, ValueProblem};
use crate::store::open::NoteDiscriminants as ND;

/// Where a clerk meets a message: the guide's sections, in the season's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, strum::EnumIter)]
pub enum Place {
    Command,
    NewYear,
    Check,
    Ingest,
    Files,
    Status,
    Year,
    Archive,
    Desk,
}

/// One message as the clerk sees it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub place: Place,
    /// The enum and variant it comes from (`ProblemKind::Empty`), for developers.
    pub source: String,
    /// The words on the page (and in documents), possibly over several lines;
    /// for a message only the terminal shows, the terminal's.
    pub text: String,
    /// The terminal's words where they differ (an action named as a command).
    pub terminal: Option<String>,
    /// Shown only in the terminal (usage errors, the desk's start, waiting for a lock).
    pub terminal_only: bool,
}

/// The section's heading and the line under it.
pub fn place_words(p: Place, lang: Lang) -> (&'static str, &'static str) {
    let ja = lang == Lang::Ja;
    match p {
        Place::Command => if ja {
            ("コマンドの入力（使い方の誤り）", "コマンドの名前・引数・オプションに誤りがあるときに表示されます。下に正しい使い方と「詳しくは「shiryo … --help」を見てください。」が続きます。")
        } else {
            ("Typing a command (usage errors)", "Shown when a command's name, arguments or options are wrong; the right usage and \"For more information, try 'shiryo … --help'.\" follow.")
        },
        Place::NewYear => if ja {
            ("新しい年度（shiryo new-year・画面の「新しい年度を作る」）", "新しい年度のフォルダを作るときに表示されます。")
        } else {
            ("A new year (shiryo new-year, the page's \"Start a new year\")", "Shown when the new year's folder is written.")
        },
        Place::Check => if ja {
            ("検証・作成（shiryo check・build・form・request・remind・send-back）", "年度のフォルダの TOML を検証したとき、資料・様式・下書きを作成するときに表示されます。「ファイル 位置: エラー／警告: 内容」の形です。エラーがあると資料は作成されません。警告だけなら作成されます。")
        } else {
            ("Checking and building (shiryo check, build, form, request, remind, send-back)", "Shown when a year's TOML is checked and when the packet, forms or drafts are written: \"file key: error/warning: words\". Errors stop the build; warnings do not.")
        },
        Place::Ingest => if ja {
            ("取込（shiryo ingest・画面の「取り込む」）", "提出されたブックごとに「ファイル シート!セル: 内容」の形で表示されます。差し戻しのブック（shiryo send-back）では、同じ文がセルのコメントになります。")
        } else {
            ("Ingesting (shiryo ingest, the page's \"Ingest\")", "Shown for each workbook received, as \"file sheet!cell: words\"; a send-back workbook carries the same words as cell comments.")
        },
        Place::Files => if ja {
            ("取込フォルダのファイル・メール・zip", "取り込むフォルダ（または画面に置いたファイル）のうち、ブックとして読まなかったものです。")
        } else {
            ("Files, mails and zips of the ingest folder", "Files of the ingest folder (or dropped on the page) not read as workbooks.")
        },
        Place::Status => if ja {
            ("提出状況と版（shiryo status・history・画面の「提出状況」）", "提出単位ごとの状況の言葉と、そのときにすることです。")
        } else {
            ("Status and versions (shiryo status, history, the page's board)", "The words of each unit's state, and what to do then.")
        },
        Place::Year => if ja {
            ("年度のフォルダ（同時の作業・途中で止まった取込・ファイル）", "どのコマンドでも、年度のフォルダを開くときに表示されることがあります。")
        } else {
            ("The year's folder (other processes, interrupted changes, files)", "Any command may say these when it opens a year.")
        },
        Place::Archive => if ja {
            ("保管（shiryo archive・verify・画面の「年度を保管」）", "保管版を作るとき、確かめるときに表示されます。")
        } else {
            ("Archiving (shiryo archive, verify, the page's \"Archive the year\")", "Shown when a version is archived or verified.")
        },
        Place::Desk => if ja {
            ("画面（shiryo desk）", "ブラウザの画面に表示されます。")
        } else {
            ("The desk (shiryo desk)", "Shown on the page in the browser.")
        },
    }
}

/// Every entry, section by section: the page's words, and the terminal's where they differ.
pub fn entries(lang: Lang) -> Vec<Entry> {
    let page = entries_in(Front::Page, lang);
    let terminal = entries_in(Front::Terminal, lang);
    page.into_iter()
        .zip(terminal)
        .map(|(mut p, t)| {
            if t.text != p.text {
                p.terminal = Some(t.text);
            }
            p
        })
        .collect()
}

/// Every entry as it reads at `front`.
fn entries_in(front: Front, lang: Lang) -> Vec<Entry> {
    let mut out = Vec::new();
    out.extend(KD::iter().flat_map(problem_examples).map(|p| entry(Place::Check, "ProblemKind", &p.kind, super::problem(&p, front, lang))));
    out.extend(FD::iter().flat_map(finding_examples).map(|f| entry(Place::Ingest, "FindingKind", &f.kind, super::intake(&f, front, lang))));
    out.extend(SD::iter().map(skip_example).map(|s| entry(Place::Files, "SkipReason", &s.reason, super::skipped(&s, front, lang))));
    out.extend(ED::iter().flat_map(error_examples).map(|e| entry(error_place(ED::from(&e)), "Error", &e, super::error(&e, front, lang).join("\n"))));
    out.extend(ND::iter().flat_map(note_examples).map(|n| entry(Place::Year, "Note", &n, super::note(&n, lang))));
    out.extend(status_entries(front, lang));
    out.extend(other_entries(front, lang));
    out.extend(UD::iter().map(usage_example).map(|u| Entry { terminal_only: true, ..entry(Place::Command, "UsageError", &u, super::usage_error(&u, lang)) }));
    #[cfg(feature = "render")]
    out.extend(archive::entries(lang));
    out.extend(super::PageErrorDiscriminants::iter().map(page_error_example).map(|r| entry(Place::Desk, "PageError", &r, super::page_error(&r, lang))));
    out.sort_by_key(|e| e.place);
    out
}

/// An entry named after the variant of `value` (its `Debug` up to the first bracket).
fn entry(place: Place, enum_name: &str, value: &dyn std::fmt::Debug, text: String) -> Entry {
    let debug = format!("{value:?}");
    let variant = debug.split(['(', ' ', '{']).next().unwrap_or_default();
    Entry { place, source: format!("{enum_name}::{variant}"), text, terminal: None, terminal_only: false }
}

/// The list as Markdown, one section per place: what `docs/手引き.md` holds between its markers.
pub fn markdown(lang: Lang) -> String {
    let all = entries(lang);
    let mut out = String::new();
    for place in Place::iter() {
        let (head, intro) = place_words(place, lang);
        out.push_str(&format!("\n### {head}\n\n{intro}\n\n"));
        for e in all.iter().filter(|e| e.place == place) {
            out.push_str(&list_item(&e.text));
            if let Some(t) = &e.terminal {
                let label = if lang == Lang::Ja { "コマンドでは" } else { "In the terminal" };
                for line in list_item(&format!("{label}: {t}")).lines() {
                    out.push_str(&format!("  {line}\n"));
                }
            }
        }
    }
    out
}

/// One message as a list item: continuation lines indented, `*` and `<` escaped (an `_` inside a word is no emphasis).
fn list_item(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('*', "\\*").replace('<', "\\<");
    let mut lines = escaped.lines();
    let mut out = format!("- {}\n", lines.next().unwrap_or_default());
    for l in lines {
        out.push_str(&format!("  {l}\n"));
    }
    out
}

/// A problem of validation, located as validation locates it.
fn located(severity: Severity, file: &str, key: Key, kind: K) -> Problem {
    Problem { severity, file: file.into(), key, kind }
}

const UNIT: &str = "units/桑名市.toml";

/// Examples of each problem kind, with a realistic file, key and severity.
pub fn problem_examples(d: KD) -> Vec<Problem> {
    use Severity::{Error as E, Warning as W};
    let lines = |item: &str| Key::item(item, ItemPart::Lines);
    let shared = |item: &str| Key::item(item, ItemPart::SharedWith);
    let (file, key, severity, kind) = match d {
        KD::UnknownUnit => (UNIT, shared("training"), E, K::UnknownUnit("桑名氏".into())),
        KD::UnitInNoBlock => (UNIT, Key::Top("name"), E, K::UnitInNoBlock("桑名市".into())),
        KD::UnitInTwoBlocks => ("blocks.toml", Key::line_part("blocks", 2, "columns"), E, K::UnitInTwoBlocks("桑名市".into())),
        KD::UnknownItem => (UNIT, Key::item("consult", ItemPart::Key), E, K::UnknownItem("consult".into())),
        KD::DuplicateItem => (UNIT, Key::item("training", ItemPart::Key), E, K::DuplicateItem("training".into())),
        KD::MissingItem => (UNIT, Key::item("consultation", ItemPart::Whole), E, K::MissingItem("⑤相談支援".into())),
        KD::UnknownField => (UNIT, Key::field("hab", FieldPart::Text), E, K::UnknownField("hab".into())),
        KD::FieldKind => (UNIT, Key::field("hub", FieldPart::Lines), E, K::FieldKind(crate::model::FieldKind::Bracketed)),
        KD::NotShareable => (UNIT, Key::field("hub", FieldPart::SharedWith), E, K::NotShareable { unit_word: "市町".into() }),
        KD::RowWidth => (UNIT, Key::Pair { index: 2, part: PairPart::Rows }, E, K::RowWidth { found: 3, expected: 2 }),
        KD::NotWide => ("centres/松阪地域在宅医療・介護連携拠点.toml", Key::item("resources", ItemPart::Key), E, K::NotWide("resources".into())),
        KD::DuplicateMark => ("survey.toml", Key::line_part("items", 6, "mark"), E, K::DuplicateMark("⑤".into())),
        KD::OtherBullet => (UNIT, lines("training"), W, K::OtherBullet("●".into())),
        KD::FormulaLike => (UNIT, lines("training"), W, K::FormulaLike("=HYPERLINK(\"http:/".into())),
        KD::LoneDash => (UNIT, lines("training"), W, K::LoneDash("ー".into())),
        KD::NoteFirst => (UNIT, lines("training"), W, K::NoteFirst),
        KD::DuplicateField => ("survey.toml", Key::line_part("fields", 2, "key"), E, K::DuplicateField("hub".into())),
        KD::Empty => (UNIT, Key::field("hub", FieldPart::Text), E, K::Empty),
        KD::NotAdjacent => (UNIT, shared("training"), E, K::NotAdjacent(vec!["桑名市".into(), "菰野町".into()])),
        KD::ShareMismatch => (UNIT, shared("training"), E, K::ShareMismatch { partner: "木曽岬町".into() }),
        KD::BadDate => ("schedule.toml", Key::line_part("events", 3, "date"), E, K::BadDate("2018-13-01".into())),
        KD::UnknownBand => ("schedule.toml", Key::line_part("events", 3, "band"), E, K::UnknownBand("研修会".into())),
        KD::EventWhen => ("schedule.toml", Key::line("events", 3), E, K::EventWhen),
        KD::OutsideSchedule => ("schedule.toml", Key::line_part("events", 3, "date"), E, K::OutsideSchedule("2019-05".into())),
        KD::DuplicateUnit => (UNIT, Key::Whole, E, K::DuplicateUnit("桑名市".into())),
        KD::BadCode => (UNIT, Key::Top("code"), E, K::BadCode("24205".into())),
        KD::CheckDigit => (UNIT, Key::Top("code"), E, K::CheckDigit { code: "242056".into(), expected: 5 }),
        KD::NotSubmitted => ("blocks.toml", Key::line_part("blocks", 1, "columns"), W, K::NotSubmitted("木曽岬町".into())),
        KD::RunTooWide => (UNIT, lines("public_awareness"), W, K::RunTooWide("https://www.city.kuwana.lg.jp/zaitakuiryo/".into())),
        KD::DisplayTooWide => ("schedule.toml", Key::Toml("events[9].display".into()), W, K::DisplayTooWide("コーディネーター".into())),
        KD::NoGlyph => (UNIT, Key::Toml("items[1].lines[1]".into()), W, K::NoGlyph('\u{E000}')),
        KD::FarFromFiscalYear => ("schedule.toml", Key::line_part("events", 3, "date"), E, K::FarFromFiscalYear { value: "2028-12-12".into(), fy: 2018 }),
        KD::OutsideFiscalYear => ("schedule.toml", Key::line_part("events", 3, "date"), W, K::OutsideFiscalYear { value: "2019-04-10".into(), fy: 2018 }),
        KD::Reversed => ("schedule.toml", Key::Top("last_month"), E, K::Reversed { from: "2019-03".into(), to: "2018-10".into() }),
        KD::TooManyMonths => ("schedule.toml", Key::Top("last_month"), E, K::TooManyMonths { months: 30, limit: crate::model::limits::MAX_MONTHS }),
        KD::SameName => ("units/桑名市（修正）.toml", Key::Top("name"), E, K::SameName { name: "桑名市".into(), other: UNIT.into() }),
        KD::SameCode => ("units/木曽岬町.toml", Key::Top("code"), W, K::SameCode { code: "242055".into(), other: "桑名市".into(), other_file: UNIT.into() }),
        KD::TooLong => (UNIT, lines("training"), E, K::TooLong { chars: 40_000, limit: crate::model::limits::MAX_CHARS }),
        KD::TooManyPages => ("packet.toml", Key::Whole, E, K::TooManyPages { pages: 260, limit: crate::model::limits::MAX_PAGES, largest: vec![(UNIT.into(), 80)] }),
        KD::IssueOrder => (UNIT, Key::Pairs, E, K::IssueOrder { unit_word: "市町".into() }),
        KD::CentresOverlap => ("centres/奥伊勢在宅医療介護連携支援相談窓口.toml", Key::Top("members"), E, K::CentresOverlap { a: "松阪地域在宅医療・介護連携拠点".into(), b: "奥伊勢在宅医療介護連携支援相談窓口".into(), unit_word: "市町".into() }),
        KD::OtherFiscalYear => ("packet.toml", Key::Top("title"), W, K::OtherFiscalYear { found: "平成29年度".into(), fy: 2018 }),
        KD::BadAddress => ("contacts.toml", Key::Toml("桑名市.mail[1]".into()), E, K::BadAddress("桑名市 介護高齢課 kaigo@city.kuwana.lg.jp".into())),
        KD::UnknownContact => ("contacts.toml", Key::Toml("桑名氏".into()), W, K::UnknownContact("桑名氏".into())),
        KD::NoRequest => ("packet.toml", Key::Whole, E, K::NoRequest),
    };
    vec![located(severity, file, key, kind)]
}

/// A finding in `桑名市.xlsx`, at a sheet and cell or (both empty) about the whole workbook.
fn found(sheet: &str, cell: &str, kind: F) -> Finding {
    Finding { severity: Severity::Error, file: "桑名市.xlsx".into(), sheet: sheet.into(), cell: cell.into(), kind }
}

const ITEMS: &str = "取組状況";

/// Examples of each ingest finding; `Refused` once for each refusal.
pub fn finding_examples(d: FD) -> Vec<Finding> {
    let whole = |kind| found("", "", kind);
    let cell = |kind| found(ITEMS, "C7", kind);
    vec![match d {
        FD::Refused => return RD::iter().map(|r| whole(F::Refused(refusal_example(r)))).collect(),
        FD::NotAForm => whole(F::NotAForm),
        FD::MissingSheet => whole(F::MissingSheet("課題と取組".into())),
        FD::HiddenSheet => whole(F::HiddenSheet("課題と取組".into())),
        FD::OtherYear => whole(F::OtherYear { form: 2017, year: 2018 }),
        FD::OtherPrefecture => whole(F::OtherPrefecture { form: "愛知県".into(), year: "三重県".into() }),
        FD::UnknownTarget => found(ITEMS, "B2", F::UnknownTarget { kind: crate::intake::form::Kind::Unit, name: "桑名氏".into() }),
        FD::TargetMismatch => found(ITEMS, "B2", F::TargetMismatch { marker: "桑名市".into(), sheet: "木曽岬町".into() }),
        FD::NewerForm => whole(F::NewerForm(3)),
        FD::FormulaError => cell(F::FormulaError("#REF!".into())),
        FD::Merged => found(ITEMS, "C7:D8", F::Merged),
        FD::EmptyItem => cell(F::EmptyItem("⑤相談支援".into())),
        FD::MissingItemRow => found(ITEMS, "", F::MissingItemRow("⑤相談支援".into())),
        FD::MissingFieldRow => found(ITEMS, "", F::MissingFieldRow("拠点".into())),
        FD::MissingTableHead => found("課題と取組", "", F::MissingTableHead("課題".into())),
        FD::OtherSurvey => whole(F::OtherSurvey { form: "認知症施策".into(), year: "在宅医療・介護連携".into() }),
        FD::Bullet => return vec![cell(F::Bullet(crate::model::bullet::Fix::Bullet('●'))), cell(F::Bullet(crate::model::bullet::Fix::Dash("ー".into())))],
        FD::NoteFirst => cell(F::NoteFirst),
        FD::BadAddress => found(ITEMS, "C4", F::BadAddress("kaigo＠city.kuwana.lg.jp".into())),
        FD::UnknownPartner => {
            return vec![
                cell(F::UnknownPartner { name: "桑名氏".into(), close: Some("桑名市".into()) }),
                cell(F::UnknownPartner { name: "東京都".into(), close: None }),
            ];
        }
        FD::PartnersNotAdjacent => cell(F::PartnersNotAdjacent(vec!["桑名市".into(), "菰野町".into()])),
        FD::EmptyField => found(ITEMS, "C18", F::EmptyField("拠点".into())),
        FD::RowWithoutFirst => found("課題と取組", "C5", F::RowWithoutFirst("課題".into())),
        FD::PartnersOnContinuation => found("課題と取組", "D6", F::PartnersOnContinuation),
        FD::Invalid => cell(F::Invalid(K::TooLong { chars: 40_000, limit: crate::model::limits::MAX_CHARS })),
        FD::OverLimit => cell(F::OverLimit(located(Severity::Error, "units/桑名市.toml", Key::Whole, K::TooManyPages { pages: 204, limit: crate::model::limits::MAX_PAGES, largest: vec![("units/伊賀市.toml".into(), 168)] }))),
        FD::Breaks => cell(F::Breaks(located(Severity::Error, "units/木曽岬町.toml", Key::item("training", ItemPart::SharedWith), K::ShareMismatch { partner: "桑名市".into() }))),
        FD::Ignored => found(ITEMS, "H30", F::Ignored("担当：介護高齢課 山田".into())),
        FD::DateRead => cell(F::DateRead("2018-12-12".into())),
        FD::NoMarker => whole(F::NoMarker),
        FD::JointConflict => cell(F::JointConflict { partner: "木曽岬町".into(), at: "木曽岬町.xlsx 取組状況!C7".into() }),
        FD::JointStale => cell(F::JointStale { partner: "木曽岬町".into() }),
        FD::Duplicate => whole(F::Duplicate(vec!["桑名市（修正）.xlsx".into()])),
        FD::SameAs => whole(F::SameAs("桑名市（再送）.xlsx".into())),
        FD::Superseded => whole(F::Superseded),
        FD::Declined => whole(F::Declined("桑名市（修正）.xlsx".into())),
        FD::OlderVersion => return vec![whole(F::OlderVersion(None)), whole(F::OlderVersion(Some("桑名市（修正）.xlsx".into())))],
        FD::SenderUnusable => whole(F::SenderUnusable("津市 <houkatsu@city>".into())),
        FD::PreferredInstead => whole(F::PreferredInstead("桑名市（旧）.xlsx".into())),
        FD::Internal => whole(F::Internal("unexpected end of sheet data".into())),
        FD::CopiedForm => whole(F::CopiedForm { named: "桑名市".into(), form: "木曽岬町".into() }),
        FD::More => found(ITEMS, "", F::More(12)),
        FD::NotRead => whole(F::NotRead(SkipReason::LockFile)),
    }]
}

/// An example of each reason a workbook is refused.
pub fn refusal_example(d: RD) -> Refusal {
    use crate::intake::ingest::read as r;
    let sheet = || ITEMS.to_string();
    match d {
        RD::NotSpreadsheet => Refusal::NotSpreadsheet,
        RD::Corrupt => Refusal::Corrupt("invalid zip header".into()),
        RD::TooLarge => Refusal::TooLarge { bytes: 25 * 1024 * 1024, limit: r::MAX_FILE_BYTES },
        RD::Bomb => Refusal::Bomb { limit_mb: r::MAX_TOTAL_BYTES >> 20 },
        RD::Encrypted => Refusal::Encrypted,
        RD::Xlsb => Refusal::Xlsb,
        RD::TooManyEntries => Refusal::TooManyEntries { entries: 12_000, limit: r::MAX_ENTRIES },
        RD::TooManySheets => Refusal::TooManySheets { sheets: 80, limit: r::MAX_SHEETS },
        RD::TooBig => Refusal::TooBig { sheet: sheet() },
        RD::TooManyRows => Refusal::TooManyRows { sheet: sheet(), cell: "A10001".into(), limit: r::MAX_ROWS },
        RD::TooManyCells => Refusal::TooManyCells { sheet: sheet(), limit: r::MAX_CELLS },
        RD::CellTooLong => Refusal::CellTooLong { sheet: sheet(), cell: "C7".into(), chars: 40_000, limit: r::MAX_CELL_CHARS },
        RD::TooMuchText => Refusal::TooMuchText { sheet: sheet(), limit_mb: r::MAX_BOOK_TEXT_BYTES >> 20 },
    }
}

/// An example of each reason a file of the ingest folder is not read, with the file it is about.
pub fn skip_example(d: SD) -> Skipped {
    use crate::intake::{ingest::read::MAX_FILE_BYTES, mail};
    let (sender, subject) = (|| "kaigo@city.kuwana.lg.jp".to_string(), || "【回答】在宅医療・介護連携の取組状況（桑名市）".to_string());
    let (display, reason) = match d {
        SD::NotAWorkbook => ("桑名市_送付文.pdf", SkipReason::NotAWorkbook),
        SD::LockFile => ("~$桑名市.xlsx", SkipReason::LockFile),
        SD::Xlsb => ("桑名市.xlsb", SkipReason::Xlsb),
        SD::Symlink => ("桑名市.xlsx", SkipReason::Symlink),
        SD::EncryptedZip => ("回答.zip/桑名市.xlsx", SkipReason::EncryptedZip { tried: 0 }),
        SD::UnsupportedZip => ("回答.zip/桑名市.xlsx", SkipReason::UnsupportedZip("compression method 9 (Deflate64)".into())),
        SD::BadZip => ("回答.zip", SkipReason::BadZip("invalid central directory".into())),
        SD::TooManyEntries => ("回答.zip", SkipReason::TooManyEntries { entries: 12_000, limit: crate::intake::ingest::read::MAX_ENTRIES }),
        SD::ZipTooLarge => ("回答.zip", SkipReason::ZipTooLarge { bytes: 300 << 20, limit: crate::intake::ingest::sources::MAX_ZIP_TOTAL }),
        SD::TooLarge => ("桑名市.xlsx", SkipReason::TooLarge { bytes: 25 << 20, limit: MAX_FILE_BYTES }),
        SD::NestedZip => ("回答.zip/桑名市.zip", SkipReason::NestedZip),
        SD::EmptyZip => ("回答.zip", SkipReason::EmptyZip),
        SD::Unreadable => ("桑名市.xlsx", SkipReason::Unreadable("permission denied".into())),
        SD::MailWithoutAttachment => ("受信トレイ.mbox#3", SkipReason::MailWithoutAttachment { sender: sender(), subject: subject() }),
        SD::NoWorkbookInMail => ("桑名市.eml", SkipReason::NoWorkbookInMail { sender: sender(), subject: subject() }),
        SD::NotAMail => ("桑名市.msg", SkipReason::NotAMail("not a Compound File".into())),
        SD::TooManyMails => ("受信トレイ.mbox", SkipReason::TooManyMails { mails: 12_000, limit: mail::MAX_MAILS }),
        SD::MailTooLarge => ("受信トレイ.mbox", SkipReason::MailTooLarge { bytes: 300 << 20, limit: mail::MAX_MAIL_BYTES }),
        SD::MailTooDeep => ("桑名市.eml", SkipReason::MailTooDeep),
        SD::Hidden => ("__MACOSX/桑名市.xlsx", SkipReason::Hidden),
        SD::RunTooLarge => ("回答10.zip/桑名市.xlsx", SkipReason::RunTooLarge { limit_mb: 256 }),
        SD::TooManyAttachments => ("回答.eml", SkipReason::TooManyAttachments { cut: 1, limit: 1000 }),
    };
    Skipped { display: display.into(), path: PathBuf::from(display), reason }
}

/// Examples of each stopping error; a variant whose words depend on its data, once for each wording.
pub fn error_examples(d: ED) -> Vec<Error> {
    let p = PathBuf::from;
    let unit_path = || p("2018/units/桑名市.toml");
    vec![match d {
        ED::Io => {
            return vec![
                Error::io(unit_path(), std::io::Error::from_raw_os_error(28)),
                Error::io(unit_path(), std::io::Error::from(std::io::ErrorKind::PermissionDenied)),
            ];
        }
        ED::Toml => Error::Toml { path: unit_path(), message: "TOML parse error at line 12, column 8\ninvalid array\nexpected `]`".into() },
        ED::Invalid => Error::Invalid(problem_examples(KD::Empty)),
        ED::Template => Error::Template("templates/packet.typ:12:3: unknown variable: title".into()),
        ED::Pdf => Error::Pdf("failed to embed font IPAexMincho".into()),
        ED::NoYear => Error::NoYear(p("2019")),
        ED::Workbook => Error::Workbook("Error creating or saving xlsx file: permission denied".into()),
        ED::UnknownPrefecture => Error::UnknownPrefecture("三重県健康福祉部".into()),
        ED::Publish => Error::Publish("CSV error: record 12 (line 13, byte 2048): found record with 14 fields".into()),
        ED::NoSuchUnit => Error::NoSuchUnit("桑名氏".into()),
        ED::CellTooLong => Error::CellTooLong { sheet: "取組状況".into(), cell: "C5".into(), chars: 33_001 },
        ED::NoSuchVersion => Error::NoSuchVersion { unit: "桑名市".into(), version: 4, versions: 3 },
        ED::NoSuchChoice => Error::NoSuchChoice("3f8a2c91d04b7e65a1c2".into()),
        ED::NoSuchWorkbook => Error::NoSuchWorkbook("桑名市（修正）.xlsx".into()),
        ED::Locked => Error::Locked(p("2018")),
        ED::ReadOnly => Error::ReadOnly(p("2018")),
        ED::Interrupted => Error::Interrupted(p("2018")),
        ED::Journal => Error::Journal { year: p("2018"), file: "units/桑名市.toml".into() },
        ED::Symlink => Error::Symlink(p("2018/units")),
        ED::OutputOnInput => Error::OutputOnInput { output: p("2018/units/資料.pdf"), year: p("2018") },
        ED::OutputIsDir => Error::OutputIsDir(p("出力")),
        ED::OutputNotAFile => Error::OutputNotAFile(p("/dev/zero")),
        ED::NoArchivedVersion => Error::NoArchivedVersion(p("保管/2018")),
        ED::OutputIsFile => Error::OutputIsFile(p("様式.xlsx")),
        ED::Tampered => Error::Tampered { path: p("2018/received/桑名市_20181116-090000JST.xlsx"), ledger: p("2018/received/index.toml") },
        ED::NewerLedger => Error::NewerLedger { path: p("2018/received/index.toml"), schema: 3 },
        ED::NewerData => Error::NewerData { path: p("2018/packet.toml"), schema: 3 },
        ED::NotUtf8 => {
            let not_utf8 = |encoding| Error::NotUtf8 { path: unit_path(), encoding };
            return vec![not_utf8(Some(Encoding::ShiftJis)), not_utf8(Some(Encoding::Utf16)), not_utf8(None)];
        }
        ED::FileTooLarge => Error::FileTooLarge { path: unit_path(), bytes: 20 << 20, limit: crate::model::limits::MAX_FILE_BYTES },
        ED::OutputExists => Error::OutputExists(p("2019")),
        ED::BadDateArg => Error::BadDateArg { flag: "date", value: "2019/13/1".into() },
        ED::DateOutsideFiscalYear => Error::DateOutsideFiscalYear { date: "2019-02-15".into(), fy: 2019 },
        ED::DeadlineAfterDate => Error::DeadlineAfterDate { deadline: "2020-03-10".into(), date: "2020-02-14".into() },
    }]
}

/// Where a stopping error is met.
/// One example of each error only the page meets.
pub fn page_error_example(d: super::PageErrorDiscriminants) -> super::PageError {
    use super::{PageError as P, PageErrorDiscriminants as PD};
    match d {
        PD::Host => P::Host,
        PD::Token => P::Token,
        PD::Origin => P::Origin,
        PD::NotFound => P::NotFound,
        PD::Internal => P::Internal,
        PD::BadRequest => P::BadRequest,
        PD::NoYearChosen => P::NoYearChosen,
        PD::NoSuchPage => P::NoSuchPage(12),
        PD::BadUploadName => P::BadUploadName("../桑名市.xlsx".into()),
        PD::UploadTooLarge => P::UploadTooLarge(200 * 1024 * 1024),
        PD::NotBuilt => P::NotBuilt,
        PD::NoFiles => P::NoFiles,
        PD::BadFolderName => P::BadFolderName("2019/..".into()),
    }
}

pub fn error_place(d: ED) -> Place {
    match d {
        ED::NoSuchChoice => Place::Desk,
        ED::OutputExists | ED::BadDateArg | ED::DateOutsideFiscalYear | ED::DeadlineAfterDate => Place::NewYear,
        ED::NoSuchWorkbook => Place::Ingest,
        ED::NoArchivedVersion => Place::Archive,
        ED::NoSuchVersion => Place::Status,
        ED::Io | ED::NoYear | ED::Locked | ED::ReadOnly | ED::Interrupted | ED::Journal | ED::Symlink | ED::Tampered | ED::NewerLedger | ED::NewerData => Place::Year,
        ED::Toml
        | ED::Invalid
        | ED::Template
        | ED::Pdf
        | ED::Workbook
        | ED::UnknownPrefecture
        | ED::Publish
        | ED::NoSuchUnit
        | ED::CellTooLong
        | ED::OutputOnInput
        | ED::OutputIsDir
        | ED::OutputNotAFile
        | ED::OutputIsFile
        | ED::NotUtf8
        | ED::FileTooLarge => Place::Check,
    }
}

/// Examples of what opening a year says.
pub fn note_examples(d: ND) -> Vec<Note> {
    use crate::store::journal::Settled;
    let year = || PathBuf::from("2018");
    match d {
        ND::NoLock => vec![Note::NoLock(year())],
        ND::Settled => vec![
            Note::Settled { year: year(), settled: Settled::Finished(vec![UNIT.into(), "received/index.toml".into()]) },
            Note::Settled { year: year(), settled: Settled::RolledBack },
        ],
        ND::RemovedTemp => vec![Note::RemovedTemp(PathBuf::from("2018/units/.桑名市.toml.4182.1.shiryo-tmp"))],
        ND::RemovedOrphan => vec![Note::RemovedOrphan(PathBuf::from("2018/received/桑名市_20181120-143000JST.xlsx"))],
        ND::Stray => vec![Note::Stray(PathBuf::from("2018/units/桑名市.xlsx"))],
    }
}

/// The checklist's words with what to do, and the words of a version's state.
fn status_entries(front: Front, lang: Lang) -> Vec<Entry> {
    use crate::intake::ingest::received::Check;
    use crate::store::ledger::State;
    let checks = Check::iter().map(|c| entry(Place::Status, "Check", &c, format!("{}: {}", super::check(c, lang), super::check_hint(c, front, lang))));
    let states = State::iter().map(|s| {
        let line = super::version_line(2, "2018-11-12 09:00", s, "桑名市（修正）.xlsx", "kaigo@city.kuwana.lg.jp", lang);
        entry(Place::Status, "State", &s, format!("{line}\n{}", super::state_hint(s, front, lang)))
    });
    checks.chain(states).collect()
}

/// Messages of single functions (no enum): waiting, the desk's start, send-back and drafts.
fn other_entries(front: Front, lang: Lang) -> Vec<Entry> {
    use super::DraftUi as D;
    let text = |place, source: &str, text: String| Entry { place, source: source.into(), text, terminal: None, terminal_only: false };
    let terminal = |place, source: &str, text: String| Entry { place, source: source.into(), text, terminal: None, terminal_only: true };
    vec![
        terminal(Place::Year, "waiting_for_lock", super::waiting_for_lock(std::path::Path::new("2018"), lang)),
        terminal(Place::Desk, "desk_started", super::desk_started("http://127.0.0.1:8765/?token=…", lang)),
        terminal(Place::Desk, "desk_no_browser", super::desk_no_browser(lang).into()),
        text(Place::Check, "sent_back", super::sent_back("桑名市", "差し戻し/桑名市.xlsx", 2, lang)),
        text(Place::Check, "sent_back_none", super::sent_back_none(lang).into()),
        text(Place::Check, "prefilled_from", super::prefilled_from(Some(std::path::Path::new("inputs/2018")), lang)),
        text(Place::Check, "prefilled_from none", super::prefilled_from(None, lang)),
        terminal(Place::Command, "sample_written", super::sample_written(1, std::path::Path::new("out/sample"), lang)),
        terminal(Place::Command, "clock_unread", super::clock_unread("garbage", lang)),
        text(Place::Status, "extended", super::extended("津市", Some(crate::model::Date { year: 2018, month: 11, day: 30 }), lang)),
        text(Place::Status, "extended none", super::extended("津市", None, lang)),
        text(Place::Desk, "contacts_saved", super::contacts_saved(29, lang)),
        text(Place::Check, "DraftUi::NoAddress", format!("{}: 木曽岬町\n{}", super::draft_ui(D::NoAddress, lang), super::draft_ui(D::NoAddressHint, lang))),
        text(Place::Check, "DraftUi::NoneWaiting", super::draft_ui(D::NoneWaiting, lang).into()),
        text(Place::Archive, "published", super::published(5, lang)),
        text(Place::Archive, "publish_resumed", super::publish_resumed(std::path::Path::new("公開"), lang)),
        text(Place::Archive, "archive_preview", {
            let (lines, warnings) = super::archive_preview(std::path::Path::new("保管"), 2, &["津市".into(), "亀山市".into()], lang);
            [lines, warnings].concat().join("\n")
        }),
        text(Place::Check, "private_lines", super::private_lines(1, false, front, lang)),
        text(Place::Check, "private_lines --internal", super::private_lines(1, true, front, lang)),
    ]
}

/// An example of each usage error, as `shiryo` met them (clap's own English only with `--lang en`).
fn usage_example(d: UD) -> UsageError {
    match d {
        UD::Missing => UsageError::Missing(vec!["--output <OUTPUT>".into(), "<YEAR>".into()]),
        UD::MissingCommand => UsageError::MissingCommand,
        UD::UnknownArg => UsageError::UnknownArg("--ouput".into()),
        UD::UnknownCommand => UsageError::UnknownCommand("buidl".into()),
        UD::NoValue => UsageError::NoValue("--output <OUTPUT>".into()),
        UD::BadChoice => UsageError::BadChoice { arg: "--lang <LANG>".into(), value: "jp".into(), valid: vec!["ja".into(), "en".into()] },
        UD::BadValue => UsageError::BadValue {
            arg: "--copies <N>".into(),
            value: "0".into(),
            why: ValueProblem::Range { low: "1".into(), high: "500".into() },
        },
        UD::Unexpected => UsageError::Unexpected("inputs/2019".into()),
        UD::Conflict => UsageError::Conflict { arg: "--restore <N>".into(), with: vec!["--lang".into()] },
        UD::Repeated => UsageError::Repeated("--output <OUTPUT>".into()),
        UD::NoEquals => UsageError::NoEquals("--lang".into()),
        UD::NotUtf8 => UsageError::NotUtf8,
        UD::Other => UsageError::Other("unexpected argument".into()),
    }
}

/// The archive's outcomes and verification.
#[cfg(feature = "render")]
mod archive {
    use std::path::PathBuf;

    use strum::IntoEnumIterator;

    use super::{Entry, Lang, Place, entry};
    use crate::outputs::archive::{Archived, ArchivedDiscriminants as AD, Rebuild, RebuildDiscriminants as BD, Stale, StaleDiscriminants as TD, Verified};

    const DIR: &str = "保管/2018/第2版";

    pub fn entries(lang: Lang) -> Vec<Entry> {
        let archived = AD::iter().map(archived_example).map(|a| entry(Place::Archive, "Archived", &a, crate::messages::archived(&a, lang)));
        let verified = BD::iter().flat_map(rebuild_examples).map(|v| entry(Place::Archive, "Rebuild", &v.rebuild, crate::messages::verified(&v, lang).join("\n")));
        archived.chain(verified).collect()
    }

    pub fn archived_example(d: AD) -> Archived {
        let dir = PathBuf::from(DIR);
        match d {
            AD::Created => Archived::Created { dir, version: 2 },
            AD::Unchanged => Archived::Unchanged { dir, version: 2 },
        }
    }

    /// A verification for each outcome of the rebuild; `NotCurrent` once for each stale version.
    pub fn rebuild_examples(d: BD) -> Vec<Verified> {
        let verified = |mismatched: Vec<String>, rebuild| Verified { dir: PathBuf::from(DIR), mismatched, rebuild, checked: 41 };
        match d {
            BD::Identical => vec![verified(vec![], Rebuild::Identical)],
            BD::Differs => vec![verified(vec![], Rebuild::Differs)],
            BD::NotAfterMismatch => vec![verified(vec![super::UNIT.into()], Rebuild::NotAfterMismatch)],
            BD::NotCurrent => TD::iter().flat_map(stale_examples).map(|s| verified(vec![], Rebuild::NotCurrent(vec![s]))).collect(),
        }
    }

    /// Each stale version, and its unknown form where it has one.
    pub fn stale_examples(d: TD) -> Vec<Stale> {
        match d {
            TD::DataSchema => vec![Stale::DataSchema { archived: Some(1), current: 2 }, Stale::DataSchema { archived: None, current: 2 }],
            TD::Typst => vec![Stale::Typst { archived: "0.13.1".into(), current: "0.15.1".into() }],
            TD::Layout => vec![Stale::Layout { archived: Some(3), current: 4 }, Stale::Layout { archived: None, current: 4 }],
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn every_archive_example_is_of_its_variant() {
            for d in AD::iter() {
                assert_eq!(AD::from(&archived_example(d)), d);
            }
            for d in BD::iter() {
                assert!(rebuild_examples(d).iter().all(|v| BD::from(&v.rebuild) == d), "{d:?}");
            }
            for d in TD::iter() {
                assert!(stale_examples(d).iter().all(|s| TD::from(s) == d), "{d:?}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each example is of the variant it was asked for (and there is at least one).
    fn check<D: Copy + PartialEq + std::fmt::Debug, X>(all: impl Iterator<Item = D>, examples: impl Fn(D) -> Vec<X>, of: impl Fn(&X) -> D) {
        for d in all {
            let xs = examples(d);
            assert!(!xs.is_empty(), "{d:?} has no example");
            for x in &xs {
                assert_eq!(of(x), d);
            }
        }
    }

    #[test]
    fn every_example_is_of_its_variant() {
        check(KD::iter(), problem_examples, |p| KD::from(&p.kind));
        check(FD::iter(), finding_examples, |f| FD::from(&f.kind));
        check(RD::iter(), |d| vec![refusal_example(d)], |r| RD::from(r));
        check(SD::iter(), |d| vec![skip_example(d)], |s| SD::from(&s.reason));
        check(ED::iter(), error_examples, |e| ED::from(e));
        check(ND::iter(), note_examples, |n| ND::from(n));
        check(UD::iter(), |d| vec![usage_example(d)], |u| UD::from(u));
    }

    #[test]
    fn every_entry_has_words_in_both_languages() {
        let (ja, en) = (entries(Lang::Ja), entries(Lang::En));
        assert_eq!(ja.len(), en.len());
        for (j, e) in ja.iter().zip(&en) {
            assert!(!j.text.trim().is_empty() && !e.text.trim().is_empty(), "{}", j.source);
            assert_ne!(j.text, e.text, "{}: not translated", j.source);
        }
    }

    #[test]
    fn every_place_has_entries() {
        let all = entries(Lang::Ja);
        for p in Place::iter() {
            assert!(all.iter().any(|e| e.place == p), "{p:?}");
        }
    }
}
