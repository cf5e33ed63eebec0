//! Months (年月) and dates (年月日): the one place their text is read.
//!
//! A value is read from what a clerk types or Excel writes: `2018-06`,
//! `2018/6`, `2018年6月`, 和暦 `令和元年6月` (元 = 1), and the same with a day;
//! full-width digits and dashes anywhere (`２０１８－06`). Anything else is
//! refused whole, never cut: `2018-06x`, `2018-+6`, `2018-13`, a year outside
//! [`YEARS`], a 和暦 month outside its era (平成31年5月).
//!
//! The TOML keeps the text as written ([`Written`]), so a canonical file does
//! not change by a byte and a bad value is a validation problem naming file,
//! key and value, not a parse failure hiding the other problems.

use std::fmt;
use std::marker::PhantomData;
use std::ops::RangeInclusive;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::era::ERAS;

/// Years a packet may speak of. Wider than any meeting needs, narrow enough
/// that a typo (`0218-06`) is refused instead of drawing a grid of 21,000 months.
pub const YEARS: RangeInclusive<i32> = 1900..=2200;

/// A month, e.g. 2018-06. Ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    /// 1..=12.
    pub month: u32,
}

/// A day, e.g. 2018-12-12. Ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// A value that is not a month or date; holds the whole text as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDate(pub String);

impl YearMonth {
    /// `None` outside 1..=12 or [`YEARS`].
    pub fn new(year: i32, month: u32) -> Option<Self> {
        (YEARS.contains(&year) && (1..=12).contains(&month)).then_some(YearMonth { year, month })
    }

    /// A month, or a date read as its month (an Excel date in a month cell).
    pub fn parse(text: &str) -> Result<Self, BadDate> {
        parts(text).map(|(ym, _)| ym).ok_or_else(|| BadDate(text.to_string()))
    }

    /// Months since year 0 (to count and compare spans).
    pub fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    /// Months from `self` to `later` (negative if `later` is earlier).
    pub fn months_to(self, later: YearMonth) -> i64 {
        later.index() - self.index()
    }

    /// The month `n` months later.
    pub fn plus(self, n: i64) -> YearMonth {
        let i = self.index() + n;
        YearMonth { year: i.div_euclid(12) as i32, month: i.rem_euclid(12) as u32 + 1 }
    }

    /// The same month a year later (a year carried over to the next).
    pub fn next_year(self) -> YearMonth {
        YearMonth { year: self.year + 1, month: self.month }
    }

    /// The months of fiscal year `fy` (年度): April `fy` to March `fy + 1`.
    pub fn fiscal_year(fy: i32) -> RangeInclusive<YearMonth> {
        YearMonth { year: fy, month: 4 }..=YearMonth { year: fy + 1, month: 3 }
    }
}

impl Date {
    /// `None` unless a real day of a month in [`YEARS`].
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        YearMonth::new(year, month)?;
        (1..=days_in(year, month)).contains(&day).then_some(Date { year, month, day })
    }

    /// A date; a month without its day is refused.
    pub fn parse(text: &str) -> Result<Self, BadDate> {
        match parts(text) {
            Some((ym, Some(day))) => Ok(Date { year: ym.year, month: ym.month, day }),
            _ => Err(BadDate(text.to_string())),
        }
    }

    pub fn month(self) -> YearMonth {
        YearMonth { year: self.year, month: self.month }
    }

    /// The same day a year later; 2月29日 becomes 2月28日 in a common year
    /// (then the second value is `true`: the day itself changed).
    pub fn next_year(self) -> (Date, bool) {
        let day = self.day.min(days_in(self.year + 1, self.month));
        (Date { year: self.year + 1, month: self.month, day }, day != self.day)
    }

    /// The fiscal year (年度) the day falls in: April–March, named by its first year.
    pub fn fiscal_year(self) -> i32 {
        if self.month >= 4 { self.year } else { self.year - 1 }
    }
}

impl fmt::Display for YearMonth {
    /// The canonical text, `YYYY-MM`.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl fmt::Display for Date {
    /// The canonical text, `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The month and, if written, the day of a text; `None` for anything else.
fn parts(text: &str) -> Option<(YearMonth, Option<u32>)> {
    let folded = fold(text);
    let mut s = Scan(folded.trim());
    // Eras newest first: each ends where the one before it in the list begins.
    let era = ERAS.iter().position(|(name, _)| s.eat(name));
    let (year, sep) = match era.map(|i| ERAS[i].1) {
        Some(start) => {
            let n = if s.eat("元") { 1 } else { s.number(1..=3)? };
            if n == 0 || !s.eat("年") {
                return None;
            }
            (start.0.checked_add(i32::try_from(n).ok()? - 1)?, '年')
        }
        None => {
            let y = i32::try_from(s.number(4..=4)?).ok()?;
            let sep = ['-', '/', '年'].into_iter().find(|c| s.eat_char(*c))?;
            (y, sep)
        }
    };
    let month = s.number(1..=2)?;
    if sep == '年' && !s.eat("月") {
        return None;
    }
    let ym = YearMonth::new(year, month)?;
    let day = if s.0.is_empty() {
        None
    } else {
        let ok = if sep == '年' { true } else { s.eat_char(sep) };
        let d = s.number(1..=2).filter(|_| ok)?;
        if sep == '年' && !s.eat("日") {
            return None;
        }
        Some(Date::new(year, month, d)?.day)
    };
    if !s.0.is_empty() {
        return None;
    }
    if let Some(i) = era {
        // A 和暦 month must lie in its era: 平成31年4月 does, 平成31年5月 does not.
        let latest = (ym.year, ym.month, day.unwrap_or(31));
        let earliest = (ym.year, ym.month, day.unwrap_or(1));
        let next = i.checked_sub(1).map(|n| ERAS[n].1);
        if latest < ERAS[i].1 || next.is_some_and(|end| earliest >= end) {
            return None;
        }
    }
    Some((ym, day))
}

/// Full-width digits and dashes as ASCII; nothing else changes.
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - 0xFF10 + u32::from('0')).unwrap_or(c),
            '－' | '‐' | '−' | '–' | '—' => '-',
            '／' => '/',
            c => c,
        })
        .collect()
}

/// A cursor over folded text.
struct Scan<'a>(&'a str);

impl Scan<'_> {
    fn eat(&mut self, word: &str) -> bool {
        match self.0.strip_prefix(word) {
            Some(rest) => {
                self.0 = rest;
                true
            }
            None => false,
        }
    }

    fn eat_char(&mut self, c: char) -> bool {
        let mut buf = [0; 4];
        self.eat(c.encode_utf8(&mut buf))
    }

    /// ASCII digits, as many as `digits` allows: a sign, a space or a fifth digit is not a number here.
    fn number(&mut self, digits: RangeInclusive<usize>) -> Option<u32> {
        let n = self.0.bytes().take_while(u8::is_ascii_digit).count();
        if !digits.contains(&n) {
            return None;
        }
        let (num, rest) = self.0.split_at(n);
        self.0 = rest;
        num.parse().ok()
    }
}

/// A month or date as written in a TOML file: kept as text (the canonical
/// file stays as it was), read with [`Written::get`] into `T`.
pub struct Written<T> {
    text: String,
    of: PhantomData<fn() -> T>,
}

/// What a [`Written`] value reads as.
pub trait Parse: Sized {
    fn parse_text(text: &str) -> Result<Self, BadDate>;
}

impl Parse for YearMonth {
    fn parse_text(text: &str) -> Result<Self, BadDate> {
        YearMonth::parse(text)
    }
}

impl Parse for Date {
    fn parse_text(text: &str) -> Result<Self, BadDate> {
        Date::parse(text)
    }
}

impl<T: Parse> Written<T> {
    /// The value, or the whole text refused.
    pub fn get(&self) -> Result<T, BadDate> {
        T::parse_text(&self.text)
    }
}

impl<T> Written<T> {
    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl<T> From<String> for Written<T> {
    fn from(text: String) -> Self {
        Written { text, of: PhantomData }
    }
}

impl<T> From<&str> for Written<T> {
    fn from(text: &str) -> Self {
        Written::from(text.to_string())
    }
}

impl<T> Clone for Written<T> {
    fn clone(&self) -> Self {
        Written::from(self.text.clone())
    }
}

impl<T> Default for Written<T> {
    fn default() -> Self {
        Written::from(String::new())
    }
}

impl<T> PartialEq for Written<T> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl<T> Eq for Written<T> {}

impl<T> fmt::Debug for Written<T> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl<T> fmt::Display for Written<T> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<T> Serialize for Written<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de, T> Deserialize<'de> for Written<T> {
    /// Any string: whether it is a month is validation's to say.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Written::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(s: &str) -> Option<String> {
        YearMonth::parse(s).ok().map(|m| m.to_string())
    }

    fn date(s: &str) -> Option<String> {
        Date::parse(s).ok().map(|d| d.to_string())
    }

    #[test]
    fn months_as_typed() {
        for (text, want) in [
            ("2018-06", "2018-06"),
            ("2018-6", "2018-06"),
            ("2018/06", "2018-06"),
            ("2018年6月", "2018-06"),
            (" 2018-06 ", "2018-06"),
            ("２０１８-06", "2018-06"),
            ("2018-0６", "2018-06"),
            ("２０１８－０６", "2018-06"),
            ("２０１８年６月", "2018-06"),
            ("2018-06-15", "2018-06"),
        ] {
            assert_eq!(ym(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn japanese_eras() {
        for (text, want) in [
            ("令和元年6月", "2019-06"),
            ("令和1年6月", "2019-06"),
            ("令和２年４月", "2020-04"),
            ("平成30年12月", "2018-12"),
            ("平成３０年１２月", "2018-12"),
            ("平成31年4月", "2019-04"),
            ("令和元年5月", "2019-05"),
            ("昭和64年1月", "1989-01"),
            ("平成元年1月", "1989-01"),
        ] {
            assert_eq!(ym(text).as_deref(), Some(want), "{text}");
        }
        assert_eq!(date("平成30年12月12日").as_deref(), Some("2018-12-12"));
        assert_eq!(date("平成31年4月30日").as_deref(), Some("2019-04-30"));
        assert_eq!(date("令和元年5月1日").as_deref(), Some("2019-05-01"));
        assert_eq!(date("令和元年５月１日").as_deref(), Some("2019-05-01"));
    }

    #[test]
    fn era_boundaries_are_kept() {
        for text in ["平成31年5月", "令和元年4月", "平成32年1月", "令和0年6月", "平成31年5月1日", "令和元年4月30日", "昭和64年1月8日"] {
            assert_eq!(ym(text), None, "{text}");
        }
    }

    #[test]
    fn refusals_keep_the_whole_value() {
        for text in [
            "2018-06x", "2018-+6", "2018-13", "2018-00", "0218-06", "9999-12", "1899-12", "2018", "2018-", "201８-",
            "18-06", "2018-006", "2018-06-", "2018-06-31", "2018/06-01", "2018年6", "2018年6月1", "令和元年", "令和6月",
            "", "６月", "2018 - 06", "+2018-06", "2018-06-1x", "2018年6月1日x",
        ] {
            assert_eq!(YearMonth::parse(text), Err(BadDate(text.to_string())), "{text}");
        }
    }

    #[test]
    fn dates_need_their_day() {
        assert_eq!(date("2018-12-12").as_deref(), Some("2018-12-12"));
        assert_eq!(date("2018/8/29").as_deref(), Some("2018-08-29"));
        assert_eq!(date("2018年8月29日").as_deref(), Some("2018-08-29"));
        assert_eq!(date("２０１８-12-12").as_deref(), Some("2018-12-12"));
        assert_eq!(date("2020-02-29").as_deref(), Some("2020-02-29"));
        for text in ["2018-12", "2019-02-29", "2018-13-01", "2018-12-32", "2018-12-00", "1900-02-29"] {
            assert_eq!(Date::parse(text), Err(BadDate(text.to_string())), "{text}");
        }
    }

    #[test]
    fn month_arithmetic() {
        let m = YearMonth { year: 2018, month: 11 };
        assert_eq!(m.plus(2).to_string(), "2019-01");
        assert_eq!(m.plus(-11).to_string(), "2017-12");
        assert_eq!(m.months_to(YearMonth { year: 2019, month: 3 }), 4);
        let fy = YearMonth::fiscal_year(2018);
        assert_eq!((fy.start().to_string(), fy.end().to_string()), ("2018-04".into(), "2019-03".into()));
    }

    #[test]
    fn a_year_later() {
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(d("2018-08-29").next_year(), (d("2019-08-29"), false));
        assert_eq!(d("2020-02-29").next_year(), (d("2021-02-28"), true));
        assert_eq!(d("2019-02-28").next_year(), (d("2020-02-28"), false));
        assert_eq!(YearMonth { year: 2018, month: 6 }.next_year().to_string(), "2019-06");
        assert_eq!((d("2019-03-31").fiscal_year(), d("2019-04-01").fiscal_year()), (2018, 2019));
    }

    proptest::proptest! {
        /// Date-like text reads as a month in range, or is refused whole; never a panic.
        #[test]
        fn any_text_is_read_or_refused_whole(text in "[0-9０-９令和平成昭大正元年月日/\\-－ +x]{0,16}") {
            match YearMonth::parse(&text) {
                Ok(m) => proptest::prop_assert!(YEARS.contains(&m.year) && (1..=12).contains(&m.month)),
                Err(BadDate(t)) => proptest::prop_assert_eq!(t, text.clone()),
            }
            if let Err(BadDate(t)) = Date::parse(&text) {
                proptest::prop_assert_eq!(t, text);
            }
        }

        /// The canonical text reads back as the same value.
        #[test]
        fn canonical_text_reads_back(y in 1900..=2200i32, m in 1..=12u32, d in 1..=31u32) {
            if let Some(date) = Date::new(y, m, d) {
                proptest::prop_assert_eq!(Date::parse(&date.to_string()), Ok(date));
                proptest::prop_assert_eq!(YearMonth::parse(&date.month().to_string()), Ok(date.month()));
            }
        }
    }

    #[test]
    fn written_values_keep_their_text() {
        let w: Written<YearMonth> = "令和元年6月".into();
        assert_eq!(w.as_str(), "令和元年6月");
        assert_eq!(w.get().map(|m| m.to_string()), Ok("2019-06".to_string()));
        let bad: Written<Date> = "201８-".into();
        assert_eq!(bad.get(), Err(BadDate("201８-".into())));
    }
}
