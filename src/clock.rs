//! The one place shiryo asks the time: receipt times, mail dates, deadlines.
//! The season's steps take a [`Clock`]: the system's, or a fixed moment (tests
//! set it so, in-process, without touching the environment). The front ends
//! make theirs with [`Clock::from_env`]: `SHIRYO_NOW` (seconds since 1970, or
//! `YYYY-MM-DDTHH:MM:SSZ`) fixes it, so that tests driving the binary and
//! demonstrations give the same ledger every run.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::model::moment::Moment;

/// The variable that fixes the clock.
pub const ENV: &str = "SHIRYO_NOW";

/// Where a step takes the time from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(SystemTime),
}

impl Clock {
    pub fn now(self) -> SystemTime {
        match self {
            Clock::System => SystemTime::now(),
            Clock::Fixed(t) => t,
        }
    }

    /// The front ends' clock: fixed by `SHIRYO_NOW`, else the system's.
    pub fn from_env() -> Clock {
        Clock::read_env().0
    }

    /// [`Clock::from_env`], and the value of `SHIRYO_NOW` when it could not be read (for the front end to say).
    pub fn read_env() -> (Clock, Option<String>) {
        match std::env::var(ENV) {
            Ok(v) if !v.trim().is_empty() => match parse(&v) {
                Some(t) => (Clock::Fixed(t), None),
                None => (Clock::System, Some(v)),
            },
            _ => (Clock::System, None),
        }
    }

    /// A fixed clock at `YYYY-MM-DDTHH:MM:SSZ` or seconds since 1970 (none when it cannot be read).
    pub fn at(text: &str) -> Option<Clock> {
        parse(text).map(Clock::Fixed)
    }
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
