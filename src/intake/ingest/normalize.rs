//! What a cell's text becomes in the TOML (the README's normalization rules).
//!
//! - One newline convention: CRLF, CR, Excel's `_x000D_` escape, vertical tab
//!   and U+2028/U+2029 all become `\n` (Alt+Enter in Excel is already `\n`).
//! - Each line: whitespace at its end is removed (ASCII, NBSP, full-width U+3000,
//!   any Unicode space); at its start ASCII whitespace, NBSP and other spaces are
//!   removed but a full-width space U+3000 is kept (it is an indent), as is
//!   everything after it.
//! - Empty lines are dropped: a cell of several lines is several lines, and a
//!   line without 「・」 stays a note line of the bullet above (nothing is added).
//! - Canonical composition (NFC) only, so that a か typed with a combining
//!   dakuten equals が; never NFKC (① stays ①, ＩＣＴ stays ＩＣＴ, ｶﾅ stays ｶﾅ).
//!   CJK compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F), which NFC
//!   would replace by their unified twins, are kept as typed: a name written
//!   with 神 (U+FA19) keeps it.

use unicode_normalization::UnicodeNormalization;

/// The lines of a cell.
pub fn lines(text: &str) -> Vec<String> {
    let text = newlines(text);
    text.split('\n').map(line).filter(|l| !l.is_empty()).collect()
}

/// A one-value cell (a name, a sentence): its lines joined by `\n`.
pub fn text(text: &str) -> String {
    lines(text).join("\n")
}

/// Partner names of a joint cell: split at 、 , ， ; ； and whitespace.
pub fn names(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in newlines(text).split(|c: char| matches!(c, '、' | ',' | '，' | ';' | '；' | '､') || c.is_whitespace()) {
        let name = line(part);
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Every line break as `\n`.
pub fn newlines(text: &str) -> String {
    text.replace("_x000D_\n", "\n")
        .replace("_x000D_", "\n")
        .replace("\r\n", "\n")
        .replace(['\r', '\u{0B}', '\u{2028}', '\u{2029}'], "\n")
}

/// One line: trimmed as the rules say, composed (NFC) but for compatibility ideographs.
fn line(l: &str) -> String {
    let l = l.trim_end_matches(char::is_whitespace);
    let l = l.trim_start_matches(|c: char| c.is_whitespace() && c != '\u{3000}');
    compose(l)
}

fn is_compat_ideograph(c: char) -> bool {
    matches!(u32::from(c), 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

/// NFC, leaving CJK compatibility ideographs as they are.
fn compose(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    for c in s.chars() {
        if is_compat_ideograph(c) {
            out.extend(run.nfc());
            run.clear();
            out.push(c);
        } else {
            run.push(c);
        }
    }
    out.extend(run.nfc());
    out
}

/// A number as the form expects text: `20`, not `20.0`; `0.5` as is.
pub fn number(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newline_conventions() {
        for t in ["・a\r\n・b", "・a\r・b", "・a_x000D_\n・b", "・a_x000D_・b", "・a\n\n・b\n", "・a\u{2028}・b"] {
            assert_eq!(lines(t), ["・a", "・b"], "{t:?}");
        }
    }

    #[test]
    fn spaces() {
        assert_eq!(lines("  ・a \u{3000}\u{a0}\t"), ["・a"]);
        assert_eq!(lines("\u{a0}・a"), ["・a"]);
        assert_eq!(lines("\u{3000}（注）b"), ["\u{3000}（注）b"]);
        assert_eq!(lines(" \u{3000} x"), ["\u{3000} x"]);
        assert_eq!(lines("\u{3000}\u{3000}\n・a"), ["・a"]);
    }

    #[test]
    fn no_nfkc() {
        assert_eq!(text("①ＩＣＴｶﾅ㈱"), "①ＩＣＴｶﾅ㈱");
        assert_eq!(text("か\u{3099}"), "が");
        assert_eq!(text("\u{FA19}社"), "\u{FA19}社");
    }

    #[test]
    fn partner_names() {
        assert_eq!(names("木曽岬町、 桑名市,東員町\n木曽岬町"), ["木曽岬町", "桑名市", "東員町"]);
        assert!(names(" 、 ").is_empty());
    }

    #[test]
    fn numbers() {
        assert_eq!(number(20.0), "20");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(-3.0), "-3");
    }
}
