//! The shell's "now": every command and the watcher take the time from here and pass it into
//! the desk.
//!
//! A shipped build reads the system clock and nothing else. The binary the window tests drive is
//! built with the `test-clock` feature: there, when `COMPLAINTDESK_TEST_CLOCK` names a file, the
//! instant written in it (RFC 3339) is "now", frozen until the test writes another. A test can
//! then receive a complaint at a fixed instant and move time forward to watch warnings and a
//! breach appear, on any day it runs. Without the feature that code is not compiled at all, so no
//! variable or file can move a shipped desk's clock.
use chrono::{DateTime, Utc};
use complaintdesk_core::desk::dto::ClockReading;

// A release binary with a settable clock must not exist, not even by mistake.
#[cfg(all(feature = "test-clock", not(debug_assertions)))]
compile_error!("the test-clock feature is for the window tests' debug build only, never a release build");

/// The current instant.
pub fn now() -> DateTime<Utc> {
    reading().now
}

/// The current instant, and whether a test holds the clock.
pub fn reading() -> ClockReading {
    #[cfg(feature = "test-clock")]
    if let Some(now) = test_clock::read() {
        return ClockReading { now, fixed: true };
    }
    ClockReading { now: Utc::now(), fixed: false }
}

/// Waits until the watcher's next round: `every` on the system clock. Under a test clock it
/// returns as soon as the test moves the clock away from `last` (the reading the watcher last
/// acted on), with the new reading, so that the watcher looks at the cases at the new instant
/// and the window learns the time.
pub fn wait_next(every: std::time::Duration, last: &ClockReading) -> Option<ClockReading> {
    #[cfg(feature = "test-clock")]
    if test_clock::file().is_some() {
        return test_clock::wait_for_change(every, last);
    }
    let _ = last;
    std::thread::sleep(every);
    None
}

#[cfg(feature = "test-clock")]
mod test_clock {
    use std::path::PathBuf;
    use std::time::{Duration, Instant};

    use chrono::{DateTime, Utc};
    use complaintdesk_core::desk::dto::ClockReading;

    /// Names the file holding the test's instant.
    const ENV: &str = "COMPLAINTDESK_TEST_CLOCK";
    const POLL: Duration = Duration::from_millis(100);

    pub fn file() -> Option<PathBuf> {
        std::env::var_os(ENV).filter(|v| !v.is_empty()).map(PathBuf::from)
    }

    /// The instant in the file; `None` (the system clock) while there is no file. A file that is
    /// not an instant is a broken test: said loudly in the log, and the system clock is used.
    pub fn read() -> Option<DateTime<Utc>> {
        let path = file()?;
        let text = std::fs::read_to_string(&path).ok()?;
        match DateTime::parse_from_rfc3339(text.trim()) {
            Ok(at) => Some(at.with_timezone(&Utc)),
            Err(e) => {
                tracing::error!(%e, file = %path.display(), "the test clock file does not hold an RFC 3339 instant");
                None
            }
        }
    }

    pub fn wait_for_change(every: Duration, last: &ClockReading) -> Option<ClockReading> {
        let started = Instant::now();
        while started.elapsed() < every {
            std::thread::sleep(POLL);
            let current = super::reading();
            if current.fixed && (!last.fixed || current.now != last.now) {
                return Some(current);
            }
        }
        None
    }
}
