//! Guidance where the officer types: each answer cell's input message (Excel's
//! data-validation prompt), shown when the cell is selected. The validation
//! holds a prompt only: it allows any value (several partner names go in one
//! cell) and shows no error.

use rust_xlsxwriter::DataValidation;

use super::schema::{FieldRow, Schema};
use super::{SHEET_GUIDE, xerr};
use crate::error::Result;
use crate::model::FieldKind;

/// Excel's limits on an input message: its title and its text, in characters.
const TITLE_MAX: usize = 32;
const TEXT_MAX: usize = 255;

/// A cell's prompt: a title (the item or field) and what belongs in the cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub title: String,
    pub text: String,
}

impl Prompt {
    /// Within Excel's limits: a title cut with 「…」; a text cut at the last sentence's end that
    /// fits, pointing to the 案内 sheet for the rest.
    pub fn fitted(&self) -> (String, String) {
        let title = cut(&self.title, TITLE_MAX);
        if self.text.chars().count() <= TEXT_MAX {
            return (title, self.text.clone());
        }
        let more = format!("（続きは「{SHEET_GUIDE}」シート）");
        let room = TEXT_MAX - more.chars().count();
        let head: String = self.text.chars().take(room).collect();
        let end = head.rfind('。').map_or(head.len(), |i| i + '。'.len_utf8());
        (title, format!("{}{more}", &head[..end]))
    }

    /// The data validation that shows it.
    pub fn validation(&self) -> Result<DataValidation> {
        let (title, text) = self.fitted();
        DataValidation::new()
            .allow_any_value()
            .show_error_message(false)
            .set_input_title(title)
            .and_then(|v| v.set_input_message(text))
            .map_err(xerr)
    }
}

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_string() } else { s.chars().take(max - 1).chain(['…']).collect() }
}

/// An item's answer cell: its guidance, and how lines are written.
pub fn item(schema: &Schema, i: usize) -> Prompt {
    let item = &schema.items[i];
    let how = "取組を１行に１つ、「・」で始めて記入してください（セル内の改行は Alt＋Enter）。取組がない場合は「―」。";
    let text = if item.guidance.is_empty() { how.to_string() } else { format!("{}{how}", end_sentence(&item.guidance)) };
    Prompt { title: format!("{}{}", item.mark, item.name), text }
}

/// A partners cell (共同実施の相手).
pub fn partners(schema: &Schema) -> Prompt {
    let w = &schema.unit_word;
    Prompt {
        title: "共同実施の相手".into(),
        text: format!("他の{w}と共同で実施している場合に、相手の{w}名を「、」区切りで記入してください（相手の{w}も同じ内容を記入します）。単独の場合は空欄のまま。"),
    }
}

/// A field's cells: its label, and how its kind is written.
pub fn field(f: &FieldRow, bracket_cell: bool) -> Prompt {
    let text = match (f.kind, bracket_cell) {
        (FieldKind::Bracketed, true) => format!("{}の{}を記入してください（資料では（　）内に印刷されます）。", f.label, f.bracket),
        (FieldKind::Bracketed, false) => format!("{}の名称を記入してください。{}は右の欄に記入します。", f.label, f.bracket),
        (FieldKind::Lines, _) => format!("{}を１行に１つ、「・」で始めて記入してください（セル内の改行は Alt＋Enter）。", f.label),
        (FieldKind::Text, _) => format!("{}を記入してください。", f.label),
    };
    Prompt { title: f.label.clone(), text }
}

/// A column of the paired table (課題 → 取組): its header, and how its rows are written.
pub fn column(header: &str, first: bool) -> Prompt {
    let text = if first {
        format!("{header}を１行に１つ記入してください。取組が複数ある{header}は、２行目以降のこの欄を空欄にします。")
    } else {
        format!("{header}を記入してください。複数ある場合は行を分けて記入します（行は挿入できます）。")
    };
    Prompt { title: header.to_string(), text }
}

fn end_sentence(s: &str) -> String {
    let s = s.trim();
    if s.ends_with('。') { s.to_string() } else { format!("{s}。") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_prompt_is_cut_at_a_sentence_and_points_to_the_guide() {
        let text = "あ".repeat(100) + "。" + &"い".repeat(100) + "。" + &"う".repeat(100) + "。";
        let (title, fitted) = Prompt { title: "①".to_string() + &"長".repeat(40), text }.fitted();
        assert_eq!(title.chars().count(), TITLE_MAX);
        assert!(title.ends_with('…'));
        assert!(fitted.chars().count() <= TEXT_MAX, "{}", fitted.chars().count());
        assert!(fitted.ends_with("い。（続きは「案内」シート）"), "{fitted}");
        let short = Prompt { title: "t".into(), text: "短い。".into() };
        assert_eq!(short.fitted(), ("t".to_string(), "短い。".to_string()));
    }
}
