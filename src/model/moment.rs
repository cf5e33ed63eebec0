//! A moment in time as the ledger and the mails write it, to the second:
//! `2019-11-15T01:30:00Z`, `2019-11-15T10:30:00+09:00`, a mail's RFC 2822
//! date already turned into that form, or a zip entry's local time without a
//! zone (a Japanese office's clock: Japan time). Comparable, and shown to a
//! clerk in Japan time.

use std::cmp::Ordering;
use std::fmt;

/// Seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Moment(pub i64);

/// Japan's offset from UTC in seconds (no summer time).
const JST: i64 = 9 * 3600;

impl Moment {
    /// Reads `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH:MM|±HHMM]`; no zone means Japan time.
    pub fn parse(text: &str) -> Option<Moment> {
        let t = text.trim();
        let (date, rest) = t.split_at_checked(10)?;
        let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
        let (y, m, day) = (d.next()??, d.next()??, d.next()??);
        if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
            return None;
        }
        let rest = rest.strip_prefix(['T', ' ']).unwrap_or(rest);
        let clock_len = rest.find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.')).unwrap_or(rest.len());
        let (clock, zone) = rest.split_at(clock_len);
        let mut c = clock.split(':');
        let h: i64 = c.next().filter(|s| !s.is_empty()).map_or(Some(0), |s| s.parse().ok())?;
        let min: i64 = c.next().map_or(Some(0), |s| s.parse().ok())?;
        let sec: i64 = c.next().map_or(Some(0), |s| s.split('.').next().unwrap_or("0").parse().ok())?;
        let offset = match zone.trim() {
            "" => JST,
            "Z" | "z" | "UTC" | "GMT" => 0,
            z => {
                let sign = if z.starts_with('-') { -1 } else { 1 };
                let digits: String = z.chars().filter(char::is_ascii_digit).collect();
                if digits.len() != 4 {
                    return None;
                }
                sign * (digits[..2].parse::<i64>().ok()? * 3600 + digits[2..].parse::<i64>().ok()? * 60)
            }
        };
        Some(Moment(super::era::days_from_civil(y, m, day) * 86_400 + h * 3600 + min * 60 + sec - offset))
    }

    /// The moment in Japan time, `2019-11-15 10:30`.
    pub fn jst(self) -> String {
        let t = self.0 + JST;
        let (y, m, d) = civil(t.div_euclid(86_400));
        let s = t.rem_euclid(86_400);
        format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", s / 3600, s % 3600 / 60)
    }

    /// The moment in Japan time for a file name, `20191115-103000JST`.
    pub fn stamp(self) -> String {
        let t = self.0 + JST;
        let (y, m, d) = civil(t.div_euclid(86_400));
        let s = t.rem_euclid(86_400);
        format!("{y:04}{m:02}{d:02}-{:02}{:02}{:02}JST", s / 3600, s % 3600 / 60, s % 60)
    }

    /// The day in Japan time, for comparing with a deadline (a date).
    pub fn jst_day(self) -> (i64, u32, u32) {
        civil((self.0 + JST).div_euclid(86_400))
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.jst())
    }
}

/// Compares two written moments; an unreadable or empty one is neither earlier nor later.
pub fn compare(a: &str, b: &str) -> Option<Ordering> {
    Some(Moment::parse(a)?.cmp(&Moment::parse(b)?))
}

/// Civil date of days since 1970-01-01 (one algorithm for the crate: [`super::era::civil_from_days`]).
fn civil(z: i64) -> (i64, u32, u32) {
    let (y, m, d) = super::era::civil_from_days(z);
    (i64::from(y), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_and_japan_time() {
        let utc = Moment::parse("2019-11-15T01:30:00Z").unwrap();
        assert_eq!(Moment::parse("2019-11-15T10:30:00+09:00"), Some(utc));
        assert_eq!(Moment::parse("2019-11-15T10:30:00"), Some(utc), "no zone: Japan time");
        assert_eq!(Moment::parse("2019-11-15 10:30:00.250+0900"), Some(utc));
        assert_eq!(utc.jst(), "2019-11-15 10:30");
        assert_eq!(utc.stamp(), "20191115-103000JST");
        assert_eq!(Moment::parse("2019-11-14T20:00:00-05:00").unwrap().jst(), "2019-11-15 10:00");
        assert_eq!(Moment::parse("2000-02-29T15:00:00Z").unwrap().jst_day(), (2000, 3, 1));
        assert_eq!(Moment::parse("1970-01-01T00:00:00Z"), Some(Moment(0)));
        for bad in ["", "2019-13-01T00:00:00Z", "2019-11-15T10:30:00+9", "昨日"] {
            assert_eq!(Moment::parse(bad), None, "{bad}");
        }
        assert_eq!(compare("2019-11-15T10:30:00", "2019-11-15T01:30:01Z"), Some(Ordering::Less));
    }
}
