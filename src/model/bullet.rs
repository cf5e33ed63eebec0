//! The bullets of an item cell. The packet's rule is 「・」: a line starting
//! with it is a bullet, any other line a note under the bullet above, and 「―」
//! alone means nothing was done. Offices type other marks as bullets (「･」
//! from a half-width keyboard, 「•」「●」 from Word, 「-」 from mail); read as
//! typed they would print as indented notes, so they are made 「・」 — and said.

/// Marks typed as bullets in place of 「・」.
pub const OTHER_BULLETS: [char; 9] = ['･', '•', '●', '◦', '‧', '-', '－', '*', '＊'];

/// Lines that are only a dash: meant as 「―」 (nothing done).
pub const DASHES: [&str; 4] = ["-", "－", "ー", "—"];

/// What [`fix`] changed in a line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Fix {
    /// A bullet typed as this mark, made 「・」.
    Bullet(char),
    /// A line of only this dash, made 「―」.
    Dash(String),
}

/// A line with its bullet made 「・」 (a space after the mark dropped) or its lone dash made 「―」.
/// 「○」「◯」「■」「◆」 and numbering such as 「1.」「(1)」 are headings and stay as typed.
pub fn fix(line: &str) -> (String, Option<Fix>) {
    // 「【非公開】」 first: the bullet is the one after it.
    if let Some(rest) = super::private::unmarked(line) {
        let (fixed, f) = fix(rest);
        return (format!("{}{fixed}", super::private::MARK), f);
    }
    let trimmed = line.trim();
    if DASHES.contains(&trimmed) {
        return ("―".into(), Some(Fix::Dash(trimmed.to_string())));
    }
    let mut chars = line.chars();
    match chars.next() {
        Some(c) if OTHER_BULLETS.contains(&c) => {
            let rest = chars.as_str().trim_start_matches([' ', '\u{3000}']);
            // 「-1」「*注」: a mark before a digit or with nothing after is not a bullet.
            if rest.is_empty() || (matches!(c, '-' | '－') && rest.starts_with(|d: char| d.is_ascii_digit())) {
                return (line.to_string(), None);
            }
            (format!("・{rest}"), Some(Fix::Bullet(c)))
        }
        _ => (line.to_string(), None),
    }
}

/// Whether a cell's first line is a note (no bullet above it): 「―」, a bullet and a heading are fine.
pub fn starts_with_note(lines: &[String]) -> bool {
    let first = lines.first().map(|l| super::private::unmarked(l).unwrap_or(l));
    first.is_some_and(|l| !l.starts_with('・') && l.trim() != "―" && !is_heading(l))
}

/// 「○」「◯」「■」「◆」 headings and numbering (「1.」「(1)」「（１）」「①」).
pub fn is_heading(line: &str) -> bool {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut chars = line.chars();
    match chars.next() {
        Some('○' | '◯' | '■' | '◆' | '□' | '◇' | '①'..='⑳') => true,
        Some('(' | '（') => {
            let rest: String = chars.collect();
            let n = rest.chars().take_while(|&c| digit(c)).count();
            n > 0 && rest.chars().nth(n).is_some_and(|c| c == ')' || c == '）')
        }
        Some(c) if digit(c) => {
            let rest: String = std::iter::once(c).chain(chars).collect();
            let n = rest.chars().take_while(|&c| digit(c)).count();
            rest.chars().nth(n).is_some_and(|c| matches!(c, '.' | '．' | ')' | '）' | '、'))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_marks_become_bullets() {
        for (typed, want) in [("･研修を実施", "・研修を実施"), ("• 研修", "・研修"), ("●研修", "・研修"), ("- 研修", "・研修"), ("＊　研修", "・研修"), ("－研修", "・研修")] {
            let (line, f) = fix(typed);
            assert_eq!(line, want, "{typed}");
            assert!(matches!(f, Some(Fix::Bullet(_))), "{typed}");
        }
    }

    #[test]
    fn a_lone_dash_means_nothing_done() {
        for d in ["-", "－", "ー", "—", " - "] {
            assert_eq!(fix(d), ("―".to_string(), Some(Fix::Dash(d.trim().to_string()))));
        }
    }

    #[test]
    fn headings_numbers_and_the_rule_stay() {
        for l in ["○研修", "◯研修", "■研修", "◆研修", "1.研修", "(1)研修", "・研修", "―", "（注）研修", "-1℃", "*"] {
            assert_eq!(fix(l), (l.to_string(), None), "{l}");
        }
    }

    #[test]
    fn the_private_mark_comes_before_the_bullet() {
        assert_eq!(fix("【非公開】･研修"), ("【非公開】・研修".to_string(), Some(Fix::Bullet('･'))));
        assert!(!starts_with_note(&["【非公開】・研修".to_string()]));
    }

    #[test]
    fn a_note_first_is_told() {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(starts_with_note(&v(&["（注）研修", "・研修"])));
        assert!(!starts_with_note(&v(&["・研修", "（注）"])));
        assert!(!starts_with_note(&v(&["―"])));
        for heading in ["○市の取組", "1.協議会", "（１）協議会", "(2)協議", "①資源"] {
            assert!(!starts_with_note(&v(&[heading])), "{heading}");
        }
        assert!(starts_with_note(&v(&["（注）継続"])));
    }
}
