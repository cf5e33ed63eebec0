//! Cells named as Excel names them (`A1`), 0-based in code.

/// `A1` name of a 0-based cell.
pub fn a1(row: u32, col: u16) -> String {
    let mut letters = String::new();
    let mut c = u32::from(col) + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        letters.insert(0, char::from(b'A' + r as u8));
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// The 0-based row and column of an `A1` name; `None` for a range or a column (`A:A`).
pub fn parse_a1(cell: &str) -> Option<(u32, u16)> {
    let letters: String = cell.chars().take_while(char::is_ascii_uppercase).collect();
    let digits = &cell[letters.len()..];
    if letters.is_empty() || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = letters.bytes().try_fold(0u32, |acc, b| acc.checked_mul(26)?.checked_add(u32::from(b - b'A') + 1))?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, u16::try_from(col.checked_sub(1)?).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 2), "C7");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(0, 16383), "XFD1");
        for (r, c) in [(0, 0), (6, 2), (9, 25), (0, 26), (0, 16383)] {
            assert_eq!(parse_a1(&a1(r, c)), Some((r, c)));
        }
        assert_eq!(parse_a1("A:A"), None);
        assert_eq!(parse_a1("C7:D8"), None);
    }
}
