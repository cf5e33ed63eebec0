//! The one place shiryo asks the time: receipt times and, later, deadlines.
//! `SHIRYO_NOW` (seconds since 1970, or `YYYY-MM-DDTHH:MM:SSZ`) fixes it, so
//! that tests and demonstrations give the same ledger every run.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The variable that fixes the clock.
pub const ENV: &str = "SHIRYO_NOW";

/// Now, or the time `SHIRYO_NOW` gives (ignored when it cannot be read).
pub fn now() -> SystemTime {
    std::env::var(ENV).ok().and_then(|v| parse(&v)).unwrap_or_else(SystemTime::now)
}

/// Seconds since the epoch, or `YYYY-MM-DDTHH:MM:SSZ` (UTC).
fn parse(v: &str) -> Option<SystemTime> {
    if let Ok(secs) = v.trim().parse::<u64>() {
        return Some(UNIX_EPOCH + Duration::from_secs(secs));
    }
    let v = v.trim().strip_suffix('Z')?;
    let (date, time) = v.split_once('T')?;
    let d: Vec<i64> = date.split('-').map(|x| x.parse().ok()).collect::<Option<_>>()?;
    let t: Vec<i64> = time.split(':').map(|x| x.parse().ok()).collect::<Option<_>>()?;
    let ([y, m, dd], [h, mi, s]) = (d.as_slice(), t.as_slice()) else { return None };
    let days = days_from_civil(*y, *m, *dd);
    let secs = days * 86_400 + h * 3600 + mi * 60 + s;
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).ok()?))
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_forms() {
        assert_eq!(parse("1542326400"), Some(UNIX_EPOCH + Duration::from_secs(1_542_326_400)));
        assert_eq!(parse("2018-11-16T01:01:01Z"), Some(UNIX_EPOCH + Duration::from_secs(1_542_326_400 + 3661)));
        assert_eq!(parse("2000-02-29T00:00:00Z"), Some(UNIX_EPOCH + Duration::from_secs(951_782_400)));
        assert_eq!(parse("tomorrow"), None);
    }
}
