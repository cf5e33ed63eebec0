//! The one place shiryo asks the time: receipt times and, later, deadlines.
//! `SHIRYO_NOW` (seconds since 1970, or `YYYY-MM-DDTHH:MM:SSZ`) fixes it, so
//! that tests and demonstrations give the same ledger every run.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::model::moment::Moment;

/// The variable that fixes the clock.
pub const ENV: &str = "SHIRYO_NOW";

/// Now, or the time `SHIRYO_NOW` gives (ignored when it cannot be read).
pub fn now() -> SystemTime {
    std::env::var(ENV).ok().and_then(|v| parse(&v)).unwrap_or_else(SystemTime::now)
}

/// Seconds since the epoch, or `YYYY-MM-DDTHH:MM:SSZ` (any form [`Moment`] reads).
fn parse(v: &str) -> Option<SystemTime> {
    if let Ok(secs) = v.trim().parse::<u64>() {
        return Some(UNIX_EPOCH + Duration::from_secs(secs));
    }
    let secs = u64::try_from(Moment::parse(v)?.0).ok()?;
    Some(UNIX_EPOCH + Duration::from_secs(secs))
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
