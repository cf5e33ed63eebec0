//! 全国地方公共団体コード: the six-digit local-government code, five digits and a
//! check digit (総務省). Published data names every municipality by it.

/// Japan's 1,741 municipalities (CC0): code, prefecture, name, reading.
pub const MUNICIPALITIES: &str = include_str!("../../inputs/municipalities-jp.csv");

/// The check digit of a code's first five digits: weights 6, 5, 4, 3, 2; eleven
/// less the remainder by 11, its last digit (a remainder of 0 gives 1, of 1 gives 0).
pub fn check_digit(first5: &[u8; 5]) -> u8 {
    let sum: u32 = first5.iter().zip([6u32, 5, 4, 3, 2]).map(|(d, w)| u32::from(*d) * w).sum();
    ((11 - sum % 11) % 10) as u8
}

/// Whether `code` is six ASCII digits.
pub fn is_six_digits(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

/// The digit a six-digit code should end with, when it ends otherwise.
pub fn wrong_check_digit(code: &str) -> Option<u8> {
    if !is_six_digits(code) {
        return None;
    }
    let d: Vec<u8> = code.bytes().map(|b| b - b'0').collect();
    let want = check_digit(&[d[0], d[1], d[2], d[3], d[4]]);
    (d[5] != want).then_some(want)
}

/// A municipality of the national list.
#[derive(Debug, Clone)]
pub struct Municipality {
    pub code: String,
    pub prefecture: String,
    pub name: String,
}

/// The list's rows, in its order (prefectures by code).
pub fn municipalities() -> Vec<Municipality> {
    MUNICIPALITIES
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split(',');
            Some(Municipality { code: f.next()?.into(), prefecture: f.next()?.into(), name: f.next()?.into() })
        })
        .collect()
}

/// A municipality's code in the national list, by its prefecture and name.
pub fn lookup(prefecture: &str, name: &str) -> Option<String> {
    municipalities().into_iter().find(|m| m.prefecture == prefecture && m.name == name).map(|m| m.code)
}

/// A prefecture's own code, e.g. 三重県 → 240001 (its two digits, 000 and the check digit).
pub fn prefecture_code(name: &str) -> Option<String> {
    let two = municipalities().into_iter().find(|m| m.prefecture == name).and_then(|m| m.code.get(..2).map(str::to_string))?;
    let b = two.as_bytes();
    Some(format!("{two}000{}", check_digit(&[b[0] - b'0', b[1] - b'0', 0, 0, 0])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_code_has_its_check_digit() {
        let list = municipalities();
        assert_eq!(list.len(), 1741);
        for m in list {
            assert_eq!(wrong_check_digit(&m.code), None, "{}", m.code);
        }
        assert_eq!(wrong_check_digit("242145"), Some(4));
    }

    #[test]
    fn prefectures_have_codes() {
        assert_eq!(prefecture_code("三重県").as_deref(), Some("240001"));
        assert_eq!(prefecture_code("北海道").as_deref(), Some("010006"));
        assert_eq!(prefecture_code("東京都").as_deref(), Some("130001"));
        assert_eq!(prefecture_code("ムー大陸"), None);
    }
}
