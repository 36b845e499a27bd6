//! Wrong passwords in a row: after a few, each further try waits a growing delay after the last
//! failure, so guessing a password at the window or the lock screen takes days, not minutes.
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Wrong passwords in a row that meet no delay (a typo or two, a caps lock).
pub const FREE_FAILURES: u32 = 3;
/// The wait after the first failure beyond the free ones; it doubles with each further one.
pub const FIRST_DELAY_SECS: i64 = 30;
/// The longest wait: a user who forgot the password asks the admin well before that bites.
pub const MAX_DELAY_SECS: i64 = 15 * 60;

/// The wait after the last of `failures` wrong passwords in a row: none up to [`FREE_FAILURES`],
/// then 30 s, 60 s, 120 s … up to 15 minutes.
pub fn delay(failures: u32) -> Option<Duration> {
    let beyond = failures.checked_sub(FREE_FAILURES)?;
    // 30 s × 2^5 is past the cap already; stop doubling before the shift overflows.
    let secs = if beyond >= 5 { MAX_DELAY_SECS } else { (FIRST_DELAY_SECS << beyond).min(MAX_DELAY_SECS) };
    Some(Duration::seconds(secs))
}

/// Whole seconds (rounded up) a try at `now` must still wait, or `None` when it may go ahead.
/// A clock set back never makes the wait longer than the delay itself.
pub fn wait_secs(failures: u32, last_failure: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<i64> {
    let delay = delay(failures)?;
    let last = last_failure?;
    let left = (last + delay - now).min(delay).num_milliseconds();
    (left > 0).then(|| (left + 999) / 1000)
}

/// Failures so far for one account (or one unknown login), as the store keeps them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Failures {
    pub count: u32,
    pub last: Option<DateTime<Utc>>,
}

impl Failures {
    /// Seconds still to wait at `now`, if any.
    pub fn wait_secs(&self, now: DateTime<Utc>) -> Option<i64> {
        wait_secs(self.count, self.last, now)
    }

    /// Whether an admin should hear of it: as many in a row as start the delay.
    pub fn worth_telling(&self) -> bool {
        self.count >= FREE_FAILURES
    }
}

/// For a signed-in admin: an account that met several wrong passwords in a row (at the sign-in
/// screen or the lock screen), and when the last one was. It clears on the next right password
/// or when an admin sets a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SigninAlert {
    #[ts(type = "number")]
    pub user_id: i64,
    pub login: String,
    pub display_name: String,
    pub failures: u32,
    pub last_failure_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_delay_starts_after_three_and_doubles_up_to_fifteen_minutes() {
        let table = [(0, None), (2, None), (3, Some(30)), (4, Some(60)), (5, Some(120)), (6, Some(240)), (7, Some(480)), (8, Some(900)), (9, Some(900)), (40, Some(900)), (u32::MAX, Some(900))];
        for (failures, secs) in table {
            assert_eq!(delay(failures).map(|d| d.num_seconds()), secs, "{failures} failures in a row");
        }
    }

    #[test]
    fn the_wait_counts_from_the_last_failure_and_rounds_up() {
        let last = Utc.with_ymd_and_hms(2026, 3, 2, 1, 30, 0).unwrap();
        let at = |ms: i64| last + Duration::milliseconds(ms);
        let table = [
            (2, 0, None, "two failures: no wait"),
            (3, 0, Some(30), "the third starts 30 s"),
            (3, 10_000, Some(20), "10 s later, 20 s left"),
            (3, 29_001, Some(1), "a part of a second left is a second"),
            (3, 30_000, None, "30 s later a try may go"),
            (4, 31_000, Some(29), "the fourth waits 60 s"),
            (3, -3_600_000, Some(30), "a clock set back an hour still waits only the delay"),
        ];
        for (failures, after_ms, expected, why) in table {
            assert_eq!(wait_secs(failures, Some(last), at(after_ms)), expected, "{why}");
        }
        assert_eq!(wait_secs(5, None, last), None, "no recorded instant: nothing to count from");
    }
}
