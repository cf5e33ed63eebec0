//! The whole command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// 照会の回答（Excel）から会議の資料（PDF）を作成します。 / Builds a council packet from the answers to a survey.
#[derive(Debug, Parser)]
#[command(name = "shiryo", version)]
pub struct Cli {
    /// メッセージの言語 / language of messages
    #[arg(long, global = true, value_enum, default_value = "ja")]
    pub lang: LangArg,
    /// 別の shiryo が同じ年度で作業中なら待たずに終了 / stop instead of waiting when another shiryo works on the year
    #[arg(long, global = true)]
    pub no_wait: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Ja,
    En,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 前年度のフォルダから次の年度のフォルダを作成 / write the next fiscal year's folder from last year's
    NewYear(NewYearArgs),
    /// 照会様式（Excel）を作成 / write the submission workbooks (one per unit and centre)
    Form(FormArgs),
    /// 照会の依頼文（PDF）とメールの下書き（.eml、様式を添付）を作成 / write the request's cover letter and one mail draft per unit and centre
    Request(DraftArgs),
    /// 提出されたブックを取り込み TOML に反映 / ingest returned workbooks into the year's TOML
    Ingest(IngestArgs),
    /// 提出状況（提出済・未提出・重複） / who has answered
    Status(StatusArgs),
    /// 差し戻し用のブック（直す箇所に色とコメント）を作成 / write send-back workbooks with the cells to correct marked
    SendBack(SendBackArgs),
    /// 未提出の市町・広域への再依頼（督促）のメールの下書きを作成 / write reminder drafts to the units and centres that have not answered
    Remind(DraftArgs),
    /// 提出単位の版（受け取ったブック）の一覧と違い / a unit's versions and what changed between them
    History(HistoryArgs),
    /// 照会の作業をブラウザの画面で（この PC の中だけで動くページ） / the season on a local web page
    Desk(DeskArgs),
    /// 年度のフォルダを検証のみ / validate a year without building
    Check(CheckArgs),
    /// 年度のフォルダから資料の PDF を作成 / build the packet PDF of a year
    Build(BuildArgs),
    /// 年度の資料を保存版（PDF/A-3u・PDF/UA-1、入力を添付）として保管 / archive a year
    Archive(ArchiveArgs),
    /// 保管した版のハッシュと再作成を確認 / verify an archived version
    Verify(VerifyArgs),
    /// ２つの年度の違いを表示 / what changed between two years
    Diff(DiffArgs),
    /// 公開用のデータ（CSV・Excel）とアクセシブルな HTML を作成（非公開の行は除く） / publish the year as open data (CSV, xlsx) and an accessible page
    Publish(PublishArgs),
    // For developers (`usage::DEVELOPER`), listed after the clerk's commands in `--help`.
    /// 作成時間とメモリを計測 / measure build time and memory
    Bench(BenchArgs),
    /// 全国規模の試験用データを生成 / write a synthetic national year
    Sample(SampleArgs),
    /// 複数の年度（例: 都道府県ごと）の PDF を並行して作成 / build one packet per year folder, in parallel
    Batch(BatchArgs),
    /// TOML を標準の書式に整える / rewrite a year's TOML in canonical form
    Fmt(CheckArgs),
}

#[derive(Debug, clap::Args)]
pub struct DeskArgs {
    /// 年度のフォルダ（省略時はこのフォルダと inputs/ の年度から選択） / the year directory (default: choose on the page)
    pub year: Option<PathBuf>,
    /// ポート番号（省略時は空いている番号） / the port (default: a free one)
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// ブラウザを開かない / do not open the browser
    #[arg(long)]
    pub no_open: bool,
    /// 保管版を書き出すフォルダ（既定は年度フォルダと同じ場所の「保管」） / the archive root (default: 保管 beside the year)
    #[arg(long)]
    pub archive: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct DraftArgs {
    /// 年度のフォルダ / the year directory
    pub year: PathBuf,
    /// 下書きを書き出すフォルダ / the folder to write the drafts to
    #[arg(short, long)]
    pub output: PathBuf,
    /// 今年度の回答がない単位の様式を、この年度の回答で記入済みにする（省略時は隣の前年度のフォルダ） / pre-fill the forms from this earlier year (default: the previous year's folder beside it)
    #[arg(long, conflicts_with = "blank")]
    pub previous: Option<PathBuf>,
    /// 様式に前年度の回答を記入しない / leave last year's answers out of the forms
    #[arg(long)]
    pub blank: bool,
    /// テンプレートのフォルダ（mail/*.j2、letter.typ） / templates overriding the built-in ones (mail/*.j2, letter.typ)
    #[arg(long)]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// 年度のフォルダ / the year directory
    pub year: PathBuf,
    /// 提出単位（または広域）の名前。省略すると版のある単位の一覧 / the unit or centre (omit: every unit with versions)
    pub unit: Option<String>,
    /// この版（第N版）をもう一度取り込む / apply this earlier version again
    #[arg(long, value_name = "N", requires = "unit")]
    pub restore: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct SendBackArgs {
    /// 年度のフォルダ / the year directory
    pub year: PathBuf,
    /// この提出単位（または広域）だけ / only this unit (or centre)
    #[arg(long)]
    pub unit: Option<String>,
    /// 注意ありで受理したブックも差し戻す / also send back workbooks accepted with warnings
    #[arg(long)]
    pub warnings: bool,
    /// 出力先のフォルダ / the folder to write the workbooks to
    #[arg(short, long)]
    pub output: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct NewYearArgs {
    /// 前年度のフォルダ / last year's directory
    pub last: PathBuf,
    /// 作成する新しい年度のフォルダ（まだないこと） / the new year's directory (must not exist)
    #[arg(short, long)]
    pub output: PathBuf,
    /// 新しい年度の会議の日付（2019-12-11、令和元年12月11日） / the new year's meeting date
    #[arg(long)]
    pub date: String,
    /// 照会の締切（会議の日付以前） / the forms' deadline (not after the meeting)
    #[arg(long)]
    pub deadline: String,
    /// 会議の名前（省略時は前年度のまま） / the meeting's name (default: last year's)
    #[arg(long)]
    pub meeting: Option<String>,
    /// 依頼文の文書番号 / the request letter's number (文書番号)
    #[arg(long)]
    pub number: Option<String>,
    /// 依頼文の日付（省略時は前年度の日付の１年後） / the request letter's date (default: last year's, a year on)
    #[arg(long)]
    pub request_date: Option<String>,
    /// 依頼文の宛先 / the request's addressee (宛先)
    #[arg(long)]
    pub addressee: Option<String>,
    /// 依頼文の発信者 / the request's sender (発信者)
    #[arg(long)]
    pub sender: Option<String>,
    /// 下書きの差出人（事務局のメールアドレス） / the drafts' From (the secretariat's address)
    #[arg(long)]
    pub from_mail: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct FormArgs {
    /// 年度のフォルダ / the year directory
    pub year: PathBuf,
    /// この提出単位（または広域）の様式だけ / only this unit's (or centre's) form
    #[arg(long)]
    pub unit: Option<String>,
    /// 今年度の回答がない単位は、この年度の回答で記入済みにする（省略時は隣の前年度のフォルダ） / pre-fill from this earlier year where this year has no answers (default: the previous year's folder beside it)
    #[arg(long, conflicts_with = "blank")]
    pub previous: Option<PathBuf>,
    /// 前年度の回答を記入しない（今年度の回答だけ） / leave out last year's answers (this year's only)
    #[arg(long)]
    pub blank: bool,
    /// 出力先のフォルダ / the folder to write the workbooks to
    #[arg(short, long)]
    pub output: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// 提出ブックを保存したフォルダ / the folder of returned workbooks
    pub folder: PathBuf,
    /// 年度のフォルダ / the year directory to write to
    #[arg(long)]
    pub year: PathBuf,
    /// 同じ提出単位のブックが複数あるとき、取り込むもの / where a unit has two workbooks, the one to apply
    #[arg(long)]
    pub prefer: Vec<PathBuf>,
    /// パスワード付き zip のパスワード（複数可） / a password to try on password-protected zips (repeatable)
    #[arg(long = "zip-password")]
    pub zip_password: Vec<String>,
    /// 取込結果（Markdown）の出力先（既定: <年度>/reports/取込結果.md） / where to write the report
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// 受領のお知らせ・差し戻しのメール下書きを書くフォルダ / write receipt and send-back drafts here
    #[arg(long, value_name = "DIR")]
    pub drafts: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// 年度のフォルダ / the year directory
    pub year: PathBuf,
    /// 同じ一覧を Excel のブックにも書く / also write the list as a workbook
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct SampleArgs {
    /// 都道府県の数（1〜47） / number of prefectures
    #[arg(long, default_value_t = 47)]
    pub prefectures: usize,
    /// 乱数の種 / random seed
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// 文言の元にする年度 / the year whose phrases are recombined
    #[arg(long, default_value = "inputs/2018")]
    pub from: PathBuf,
    /// 出力先 / output directory
    #[arg(short, long)]
    pub output: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ArchiveArgs {
    /// 年度のフォルダ / the year directory
    pub year: PathBuf,
    /// 保管先のフォルダ（年度・調査ごとのフォルダを作成） / the archive root
    #[arg(short, long)]
    pub output: PathBuf,
    /// テンプレートのフォルダ / templates overriding the built-in ones
    #[arg(long)]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// 保管した年度（<root>/<年度>：調査ごとの最新版）、調査（<root>/<年度>/<調査>）または版（…/第N版） / an archived year (each survey's latest version), survey or version
    pub dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// 前年度のフォルダ / the earlier year
    pub old: PathBuf,
    /// 今年度のフォルダ / the later year
    pub new: PathBuf,
}

/// The most copies `build --copies` makes in one PDF (a council room's handouts, not a print run).
pub const MAX_COPIES: i64 = 500;

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// 年度のフォルダ（例: inputs/2018） / the year directory
    pub year: PathBuf,
    /// 出力する PDF / the PDF to write
    #[arg(short, long, required_unless_present = "emit_typst")]
    pub output: Option<PathBuf>,
    /// テンプレートのフォルダ（既定は内蔵） / templates overriding the built-in ones
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Typst のソース・データ・フォントをこのフォルダに書き出す / write Typst source, data and fonts here
    #[arg(long)]
    pub emit_typst: Option<PathBuf>,
    /// 前年度のフォルダ: 変更点を付録として追加 / an earlier year: append what changed since
    #[arg(long)]
    pub with_changes: Option<PathBuf>,
    /// 案: 各ページに薄く「案」を入れる（保管版には入りません） / a draft: a faint 「案」 on every page (never archived)
    #[arg(long)]
    pub draft: bool,
    /// 配布用: N 部を一つの PDF に（各ページ右上に配布番号「No. 3」、保管版には入りません） / handouts: N copies in one PDF, each page numbered with its copy (never archived)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=MAX_COPIES))]
    pub copies: Option<u32>,
    /// 委員用: 「【非公開】」の行も印刷（既定では除きます） / for the council only: print the lines marked 【非公開】 (left out by default)
    #[arg(long)]
    pub internal: bool,
    /// 進捗を表示しない / no progress display
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    /// 年度のフォルダ / the year directory
    pub year: PathBuf,
    /// 書き出すフォルダ / the folder to write to
    #[arg(short, long)]
    pub output: PathBuf,
    /// CSV の先頭に BOM を付ける（Excel でダブルクリックして開く場合） / start the CSVs with a BOM, for Excel
    #[arg(long)]
    pub bom: bool,
}

#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// 年度のフォルダ、またはそれらを含むフォルダ / year folders, or folders holding them
    #[arg(required = true)]
    pub years: Vec<PathBuf>,
    /// PDF を書き出すフォルダ（年度フォルダ名.pdf） / folder for the PDFs, one per year folder name
    #[arg(short, long)]
    pub output: PathBuf,
    /// 同時に作成する数（0: コア数） / packets built at once (0: one per core)
    #[arg(short, long, default_value_t = 0)]
    pub jobs: usize,
    /// 進捗を表示しない / no progress display
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// 年度のフォルダ / the year directory
    pub year: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// 年度のフォルダ / the year directory
    #[arg(default_value = "inputs/2018")]
    pub year: PathBuf,
    /// 計測の回数 / warm runs to measure
    #[arg(long, default_value_t = 10)]
    pub runs: usize,
    /// 標準の typst（PyPI の typst 0.15）でも計測 / also time stock typst (PyPI) on the emitted source
    #[arg(long)]
    pub stock: bool,
    /// 全国規模: 1, 8, N 都道府県の生成データも計測 / also build synthetic national years of 1, 8 and N prefectures
    #[arg(long)]
    pub national: Option<usize>,
    /// 提出ブックの取込（form → ingest）を計測。--national N では N 都道府県分も / time ingesting the year's workbooks (and N prefectures' with --national N)
    #[arg(long)]
    pub ingest: bool,
    /// desk のプレビュー: 1 市町を変えた後の再組版（同じプロセス内）を計測 / time the desk's warm rebuild after one unit changes
    #[arg(long)]
    pub desk: bool,
}
