//! How large a year may be: the limits in one place, each with why.

/// Month columns the schedule's grid may have: two fiscal years is already
/// narrower columns than print can read.
pub const MAX_MONTHS: i64 = 24;
