//! 和暦: Japanese era names for fiscal years (年度, April to March).

/// Eras by their first day (year, month, day), newest first.
pub(crate) const ERAS: [(&str, (i32, u32, u32)); 4] = [
    ("令和", (2019, 5, 1)),
    ("平成", (1989, 1, 8)),
    ("昭和", (1926, 12, 25)),
    ("大正", (1912, 7, 30)),
];

/// The era and year number in force on a day; 1 is 元年.
pub fn era_of(year: i32, month: u32, day: u32) -> Option<(&'static str, i32)> {
    ERAS.iter()
        .find(|(_, start)| (year, month, day) >= *start)
        .map(|(name, start)| (*name, year - start.0 + 1))
}

/// A fiscal year in 和暦, e.g. 2018 → `平成30年度`, 2019 → `令和元年度`.
///
/// A fiscal year is named by the era in force at its end (31 March), which is
/// how the government names it: FY2019 began in 平成 (April 2019) yet is
/// 令和元年度, and FY1988 is 昭和63年度 although it ended in 平成.
pub fn fiscal_year(fy: i32) -> String {
    // Era as of the fiscal year's last day, but the number counted from the
    // calendar year the fiscal year starts in.
    let (era, _) = era_of(fy + 1, 3, 31).unwrap_or(("", 0));
    let start = ERAS.iter().find(|(n, _)| *n == era).map(|(_, s)| s.0).unwrap_or(fy);
    let n = fy - start + 1;
    if n <= 0 {
        // The fiscal year began before the era: FY1988 ends in 平成 but is 昭和63年度.
        let (era, n) = era_of(fy, 4, 1).unwrap_or(("", fy));
        return format!("{era}{}年度", number(n));
    }
    format!("{era}{}年度", number(n))
}

/// A date in 和暦, e.g. 平成30年12月12日 (year number full-width below 10, as print does).
pub fn date(year: i32, month: u32, day: u32) -> String {
    let (era, n) = era_of(year, month, day).unwrap_or(("", year));
    format!("{era}{}年{}月{}日", number(n), zen(month as i32), zen(day as i32))
}

/// A date in 和暦 with its day of the week, as a letter or a mail dates it:
/// 令和元年10月１日（火）.
pub fn date_with_weekday(year: i32, month: u32, day: u32) -> String {
    format!("{}（{}）", date(year, month, day), weekday(year, month, day))
}

/// The day of the week of a (proleptic Gregorian) date: 日 月 火 水 木 金 土.
pub fn weekday(year: i32, month: u32, day: u32) -> &'static str {
    const DAYS: [&str; 7] = ["木", "金", "土", "日", "月", "火", "水"];
    // 1970-01-01 was a Thursday.
    DAYS[days_from_civil(year as i64, month as i64, day as i64).rem_euclid(7) as usize]
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of a day counted from 1970-01-01.
pub fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((yoe + era * 400 + i64::from(m <= 2)) as i32, m, d)
}

fn number(n: i32) -> String {
    if n == 1 { "元".to_string() } else { zen(n) }
}

/// Numbers 1–9 in full-width digits, 10 and above in ASCII: the style of the
/// printed packets (平成30年４月).
pub fn zen(n: i32) -> String {
    if (0..10).contains(&n) {
        char::from_u32(0xFF10 + n as u32).map(String::from).unwrap_or_default()
    } else {
        n.to_string()
    }
}

/// The fiscal years a text names by themselves — `平成30年度`, `令和元年度`,
/// `2018年度` (full-width digits too) — as (the words, the fiscal year).
///
/// A bound of a span (`平成25年度～`, `〜令和２年度`, `平成29年度まで`, `以降`, `から`)
/// is history, not the year a text is about, and is left out.
pub fn fiscal_years_named(text: &str) -> Vec<(String, i32)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match named_at(&chars, i) {
            Some((end, fy)) => {
                if !bounds_a_span(&chars, i, end) {
                    out.push((chars[i..end].iter().collect(), fy));
                }
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// `text` with each mention of fiscal year `from` made a mention of `to`, in
/// the same form (和暦 as 和暦: 平成30年度 → 令和元年度; 西暦 as 西暦: 2018年度 →
/// 2019年度); a year that bounds a span (平成29年度～) stays as written.
pub fn rewrite_fiscal_year(text: &str, from: i32, to: i32) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        match named_at(&chars, i) {
            Some((end, fy)) if fy == from && !bounds_a_span(&chars, i, end) => {
                let western = digit(chars[i]).is_some();
                out.push_str(&if western { format!("{to}年度") } else { fiscal_year(to) });
                i = end;
            }
            Some((end, _)) => {
                out.extend(&chars[i..end]);
                i = end;
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    out
}

/// A fiscal year named at `i`: where its words end, and the year.
fn named_at(chars: &[char], i: usize) -> Option<(usize, i32)> {
    for (name, start) in ERAS {
        if let Some(j) = word_at(chars, i, name) {
            let (n, j) = match word_at(chars, j, "元") {
                Some(k) => (1, k),
                None => digits_at(chars, j, 1..=3)?,
            };
            let end = word_at(chars, j, "年度").filter(|_| n > 0)?;
            return Some((end, start.0 + n - 1));
        }
    }
    // A Western year: four digits, not the tail of a longer number.
    if i > 0 && digit(chars[i - 1]).is_some() {
        return None;
    }
    let (y, j) = digits_at(chars, i, 4..=4)?;
    Some((word_at(chars, j, "年度")?, y))
}

/// Where `word` ends if it starts at `i`.
fn word_at(chars: &[char], i: usize, word: &str) -> Option<usize> {
    let mut j = i;
    for c in word.chars() {
        if chars.get(j) != Some(&c) {
            return None;
        }
        j += 1;
    }
    Some(j)
}

/// A number of `len` ASCII or full-width digits at `i`, and where it ends.
fn digits_at(chars: &[char], i: usize, len: std::ops::RangeInclusive<usize>) -> Option<(i32, usize)> {
    let n = chars[i.min(chars.len())..].iter().take_while(|c| digit(**c).is_some()).count();
    if !len.contains(&n) {
        return None;
    }
    let value = chars[i..i + n].iter().filter_map(|c| digit(*c)).fold(0, |v, d| v * 10 + d);
    Some((value, i + n))
}

fn digit(c: char) -> Option<i32> {
    match c {
        '0'..='9' => Some(c as i32 - '0' as i32),
        '０'..='９' => Some(c as i32 - '０' as i32),
        _ => None,
    }
}

/// Whether the words at `start..end` are the start or end of a span.
fn bounds_a_span(chars: &[char], start: usize, end: usize) -> bool {
    const DASHES: [char; 5] = ['〜', '～', '~', '-', '－'];
    let before = start.checked_sub(1).and_then(|i| chars.get(i));
    before.is_some_and(|c| DASHES.contains(c))
        || chars.get(end).is_some_and(|c| DASHES.contains(c))
        || ["以降", "から", "まで", "以前"].iter().any(|w| word_at(chars, end, w).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_moves_to_the_next_fiscal_year_in_its_own_form() {
        assert_eq!(rewrite_fiscal_year("平成30年度の在宅医療にかかる議論等の進め方", 2018, 2019), "令和元年度の在宅医療にかかる議論等の進め方");
        assert_eq!(rewrite_fiscal_year("2018年度 懇話会（平成30年度）", 2018, 2019), "2019年度 懇話会（令和元年度）");
        assert_eq!(rewrite_fiscal_year("平成29年度～平成30年度", 2018, 2019), "平成29年度～平成30年度");
        assert_eq!(rewrite_fiscal_year("令和元年度", 2018, 2019), "令和元年度");
        assert_eq!(rewrite_fiscal_year("12018年度", 2018, 2019), "12018年度");
    }

    #[test]
    fn fiscal_years_named_in_text() {
        let named = |t: &str| fiscal_years_named(t);
        assert_eq!(named("平成30年度の在宅医療にかかる議論等の進め方"), vec![("平成30年度".into(), 2018)]);
        assert_eq!(named("令和元年度・平成31年度・令和２年度"), vec![
            ("令和元年度".into(), 2019),
            ("平成31年度".into(), 2019),
            ("令和２年度".into(), 2020)
        ]);
        assert_eq!(named("２０１８年度 と 2019年度"), vec![("２０１８年度".into(), 2018), ("2019年度".into(), 2019)]);
        for none in ["以降（平成25年度～）の主な取組", "平成29年度まで", "〜令和２年度", "平成28年10月現在", "12018年度", "令和0年度", "2018年"] {
            assert_eq!(named(none), vec![], "{none}");
        }
    }

    #[test]
    fn fiscal_years_across_era_boundaries() {
        let table = [
            (1987, "昭和62年度"),
            (1988, "昭和63年度"),
            (1989, "平成元年度"),
            (1990, "平成２年度"),
            (2017, "平成29年度"),
            (2018, "平成30年度"),
            (2019, "令和元年度"),
            (2020, "令和２年度"),
            (2026, "令和８年度"),
        ];
        for (fy, want) in table {
            assert_eq!(fiscal_year(fy), want, "FY{fy}");
        }
    }

    #[test]
    fn dates_across_era_boundaries() {
        assert_eq!(date(2019, 4, 30), "平成31年４月30日");
        assert_eq!(date(2019, 5, 1), "令和元年５月１日");
        assert_eq!(date(1989, 1, 7), "昭和64年１月７日");
        assert_eq!(date(1989, 1, 8), "平成元年１月８日");
        assert_eq!(date(2018, 12, 12), "平成30年12月12日");
    }

    #[test]
    fn dates_with_their_weekday() {
        assert_eq!(date_with_weekday(2019, 10, 1), "令和元年10月１日（火）");
        assert_eq!(date_with_weekday(2018, 11, 16), "平成30年11月16日（金）");
        assert_eq!(date_with_weekday(2019, 4, 30), "平成31年４月30日（火）");
        assert_eq!(date_with_weekday(2019, 5, 1), "令和元年５月１日（水）");
        assert_eq!(date_with_weekday(2020, 2, 29), "令和２年２月29日（土）");
        assert_eq!(date_with_weekday(2000, 3, 1), "平成12年３月１日（水）");
        assert_eq!(date_with_weekday(1989, 1, 7), "昭和64年１月７日（土）");
        assert_eq!(weekday(1970, 1, 1), "木");
        assert_eq!(weekday(1969, 12, 31), "水");
        assert_eq!(weekday(2026, 11, 30), "月");
        for z in [-800_000, -1, 0, 1, 18_000, 20_000, 60_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y as i64, m as i64, d as i64), z);
        }
    }
}
