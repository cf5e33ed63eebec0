//! Where a message is read, and the actions it tells the clerk to take: the
//! same action is a command line in the terminal (`--prefer 亀山市_訂正.xlsx`)
//! and a button's name on the page (「これを採用」), never the other's.

use super::Lang;

/// Where words are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter)]
pub enum Front {
    /// The command line: actions are commands and flags.
    Terminal,
    /// The page (`desk`), and documents a person reads away from the terminal
    /// (the ingest report, mails): actions are the page's buttons.
    Page,
}

/// What a message tells the clerk to do.
#[derive(Debug, Clone, PartialEq, Eq, strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter))]
pub enum Action {
    /// Choose one of two workbooks for a unit (`--prefer`, 「これを採用」).
    Prefer { file: String },
    /// Apply an earlier version again (`history --restore`, 「この版に戻す」).
    Restore,
    /// List a unit's versions (`history`, the unit's page).
    Versions { unit: String },
    /// Write reminders (`remind`, 「督促（再依頼）」).
    Remind,
    /// Write send-backs (`send-back`, 「差し戻しのブック」).
    SendBack,
    /// Send the forms (`form`, 「照会（依頼）」).
    Forms,
    /// Print the 非公開 lines for the council (`build --internal`, 「委員用（非公開の行も載せる）」).
    Internal,
    /// Open a password zip (`--zip-password`).
    ZipPassword,
    /// Settle an interrupted change (`check` with write access, reopening the page).
    Settle,
    /// Ingest by the command line instead (a file too large for the page).
    IngestByCommand,
}

/// The action as the clerk takes it where the message is read.
pub fn action(a: &Action, front: Front, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    match front {
        Front::Terminal => terminal(a, ja),
        Front::Page => page(a, ja).to_string(),
    }
}

fn terminal(a: &Action, ja: bool) -> String {
    let file = if ja { "ファイル名" } else { "FILE" };
    match a {
        Action::Prefer { file: f } if !f.is_empty() => format!("shiryo ingest … --prefer {f}"),
        Action::Prefer { .. } => format!("shiryo ingest … --prefer {file}"),
        Action::Restore => if ja { "shiryo history … --restore 番号".into() } else { "shiryo history … --restore N".into() },
        Action::Versions { unit } => if ja { format!("shiryo history 年度 {unit}") } else { format!("shiryo history YEAR {unit}") },
        Action::Remind => "shiryo remind".into(),
        Action::SendBack => "shiryo send-back".into(),
        Action::Forms => "shiryo form".into(),
        Action::Internal => "shiryo build … --internal".into(),
        Action::ZipPassword => if ja { "shiryo ingest … --zip-password パスワード".into() } else { "shiryo ingest … --zip-password PASSWORD".into() },
        Action::Settle => "shiryo check".into(),
        Action::IngestByCommand => "shiryo ingest".into(),
    }
}

fn page(a: &Action, ja: bool) -> &'static str {
    match a {
        Action::Prefer { .. } => if ja { "「これを採用」" } else { "\"Use this one\"" },
        Action::Restore => if ja { "「この版に戻す」" } else { "\"Restore this version\"" },
        Action::Versions { .. } => if ja { "提出単位の名前を押して開く「受け取った版」" } else { "the unit's \"Versions received\"" },
        Action::Remind => if ja { "「督促（再依頼）」" } else { "\"Reminders\"" },
        Action::SendBack => if ja { "「差し戻しのブック」と「差し戻しのメール下書き」" } else { "\"Send-back workbook\" and \"Send-back mail draft\"" },
        Action::Forms => if ja { "「照会（依頼）」" } else { "\"Request\"" },
        Action::Internal => if ja { "「委員用（非公開の行も載せる）」" } else { "\"For the council (with 非公開 lines)\"" },
        Action::ZipPassword => if ja { "zip を展開してブックを置き直すこと" } else { "unpacking the zip and dropping its workbooks" },
        Action::Settle => if ja { "ページの再読み込み" } else { "reloading the page" },
        Action::IngestByCommand => if ja { "ファイルを分けて置き直すこと" } else { "dropping the files in parts" },
    }
}

/// The subcommands' names, as words a page must not show.
pub const SUBCOMMANDS: &[&str] = &[
    "new-year", "form", "request", "ingest", "status", "send-back", "remind", "history", "desk", "check", "build", "archive", "verify", "diff", "publish",
    "bench", "sample", "batch", "fmt",
];

/// Words that read as a command line: `shiryo`, a subcommand's name as a word,
/// `-`, `--` or `－－` before a Latin letter, a backtick. Every test of page
/// words uses this one pattern; `None` when the text has none. A path (a word
/// with `/`: the year's folder, a file) and a TOML key or table are data, not words.
pub fn command_line_in(text: &str, subcommands: &[&str]) -> Option<String> {
    let text: String = text.split(' ').filter(|w| !w.contains('/')).collect::<Vec<_>>().join(" ");
    let text = text.as_str();
    if text.contains("shiryo") {
        return Some("shiryo".into());
    }
    if text.contains('`') {
        return Some("`".into());
    }
    let chars: Vec<char> = text.chars().collect();
    for (i, w) in chars.windows(2).enumerate() {
        let before = if i == 0 { ' ' } else { chars[i - 1] };
        let dash = |c: char| c == '-' || c == '－';
        if dash(w[0]) && !before.is_ascii_alphanumeric() && (w[1].is_ascii_alphabetic() || (dash(w[1]) && chars.get(i + 2).is_some_and(|c| c.is_ascii_alphabetic()))) {
            return Some(chars[i..(i + 12).min(chars.len())].iter().collect());
        }
    }
    let words = without_keys(text);
    let words = words.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'));
    words.filter(|w| subcommands.contains(w)).map(str::to_string).next()
}

/// The text without the TOML keys and tables it names (`packet.toml request:`,
/// `[request]`): a key that shares a subcommand's name is data, not a command.
fn without_keys(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        // `file.toml key.path: …`: the key runs from after `.toml ` to the colon.
        let line = match line.find(".toml ") {
            Some(i) => {
                let rest = &line[i + ".toml ".len()..];
                match rest.find(": ") {
                    Some(j) if !rest[..j].contains(' ') => format!("{}{}", &line[..i], &rest[j..]),
                    _ => line.to_string(),
                }
            }
            None => line.to_string(),
        };
        let mut depth = 0;
        for c in line.chars() {
            match c {
                '[' => depth += 1,
                ']' if depth > 0 => depth -= 1,
                c if depth == 0 => out.push(c),
                _ => {}
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pattern_finds_command_lines_and_leaves_words() {
        for bad in ["shiryo ingest", "`x`", "--prefer 亀山市.xlsx", "－－prefer", "（-q で）", "remind してください", "send-back の"] {
            assert!(command_line_in(bad, SUBCOMMANDS).is_some(), "{bad}");
        }
        for ok in ["「これを採用」", "packet.toml request: エラー: packet.toml に [request] を追加", "UTF-8 で保存", "e-mail", "2019-12-11", "a-b"] {
            assert_eq!(command_line_in(ok, SUBCOMMANDS), None, "{ok}");
        }
    }
}
