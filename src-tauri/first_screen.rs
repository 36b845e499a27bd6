//! What waits for the window: the integrity check beside the open desk, the day's first backup
//! and the deadline watcher's catch-up start once the window has drawn its first screen (the
//! sign-in screen, mostly). On a 2-core laptop with a 100,000-case desk they would otherwise take
//! the cores the web view needs to start (the check alone takes one for about two seconds). A
//! window that never says so (its web view failed) holds them back no longer than `WAIT_AT_MOST`.
use std::sync::{Condvar, Mutex};
use std::time::Duration;

const WAIT_AT_MOST: Duration = Duration::from_secs(20);

#[derive(Default)]
pub struct FirstScreen {
    shown: Mutex<bool>,
    changed: Condvar,
}

impl FirstScreen {
    /// The window drew its first screen: whatever waits for it starts now.
    pub fn shown(&self) {
        let mut shown = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        if !*shown {
            *shown = true;
            tracing::info!("the window showed its first screen");
            self.changed.notify_all();
        }
    }

    /// Blocks until the window has drawn its first screen, or `WAIT_AT_MOST` has passed.
    pub fn wait(&self) {
        let shown = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        let (shown, waited) = self.changed.wait_timeout_while(shown, WAIT_AT_MOST, |shown| !*shown).unwrap_or_else(|e| e.into_inner());
        drop(shown);
        if waited.timed_out() {
            tracing::warn!("the window did not say it showed a screen; background work starts anyway");
        }
    }
}
