//! The deadline watcher: once the window has drawn its first screen (catching up after the laptop
//! was off) and then every minute, it asks the desk which clocks crossed a warning line or ran
//! out, in small batches so the window's commands never wait long for the desk, tells the window,
//! and shows a desktop notification for each breach step, in the window's language (`set_locale`).
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::NotificationExt;

use crate::clock;
use crate::commands::desk::WindowLocale;
use crate::commands::DeskState;
use crate::first_screen::FirstScreen;

const EVERY: Duration = Duration::from_secs(60);
const BATCH: usize = 200;

static STARTED: AtomicBool = AtomicBool::new(false);

/// Starts the watcher (once; a desk restored after a failed start starts it then) and the
/// backup schedule.
pub fn start(app: AppHandle) {
    if STARTED.swap(true, Ordering::SeqCst) {
        return;
    }
    start_backups(app.clone());
    std::thread::Builder::new()
        .name("deadline-watcher".into())
        .spawn(move || {
            app.state::<FirstScreen>().wait();
            let mut last = clock::reading();
            loop {
                run_once(&app, last.now);
                if let Some(moved) = clock::wait_next(EVERY, &last) {
                    // Only a test clock moves by steps: the window takes the new time first.
                    let _ = app.emit("clock-changed", &moved);
                    last = moved;
                } else {
                    last = clock::reading();
                }
            }
        })
        .map(|_| ())
        .unwrap_or_else(|e| tracing::error!(%e, "the deadline watcher could not start"));
}

/// Looks at every case that is due for a look at `now`, a batch at a time.
pub fn run_once(app: &AppHandle, now: chrono::DateTime<chrono::Utc>) {
    let state = app.state::<DeskState>();
    loop {
        let report = match state.with(|d| d.tick(now, BATCH)) {
            Ok(r) => r,
            // On the shared store with nobody signed in there is no desk to check yet.
            Err(e) if crate::store_settings::is_awaiting_sign_in(&e) => return,
            Err(e) => {
                tracing::warn!(code = ?e.code, "deadline check failed");
                return;
            }
        };
        let locale = app.state::<WindowLocale>().get();
        for alert in &report.alerts {
            let _ = app.emit("cases-changed", serde_json::json!({ "id": alert.case_id }));
            if let Some((title, body)) = alert.notification(locale) {
                // The case number is not personal data; the subject may be, so it stays out of logs.
                tracing::info!(case_id = alert.case_id, step = alert.breach_step, "a deadline was breached");
                let shown = app.notification().builder().title(title).body(body).show();
                if let Err(e) = shown {
                    tracing::debug!(%e, "no desktop notification");
                }
            }
        }
        if !report.alerts.is_empty() {
            let _ = app.emit("deadline-alerts", &report.alerts);
        } else if report.checked > 0 {
            // Due times moved (a new calendar, a service time) without an alert: lists refresh.
            let _ = app.emit("cases-changed", serde_json::json!({ "id": null }));
        }
        if !report.more {
            return;
        }
    }
}

/// The scheduled backup: once the window has drawn its first screen, in the background, and then
/// whenever the newest backup is a day old (checked hourly). Restarting the app the same day
/// makes no second backup, so restarts do not push the older days' backups out of the kept N. The
/// copy runs on its own connection: the desk is held only to decide and to note the result, never
/// while copying.
fn start_backups(app: AppHandle) {
    const BACKUP_CHECK: Duration = Duration::from_secs(3600);
    std::thread::Builder::new()
        .name("backup-schedule".into())
        .spawn(move || {
            app.state::<FirstScreen>().wait();
            loop {
                backup_if_due(&app);
                std::thread::sleep(BACKUP_CHECK);
            }
        })
        .map(|_| ())
        .unwrap_or_else(|e| tracing::error!(%e, "the backup schedule could not start"));
}

/// Writes the scheduled backup when the newest one is a day old, and tells the window if it failed.
fn backup_if_due(app: &AppHandle) {
    let state = app.state::<DeskState>();
    let now = clock::now();
    match state.with(|d| d.backup_job(now)) {
        Ok(Some(job)) => {
            let result = job.run(now);
            let _ = state.with(|d| {
                d.record_backup_result(&result, now);
                Ok(())
            });
            match result {
                Ok(_) => tracing::info!("scheduled backup written"),
                Err(e) => {
                    tracing::warn!(code = ?e.code, "scheduled backup failed");
                    let _ = app.emit("backup-failed", &e);
                }
            }
        }
        Ok(None) => {}
        Err(e) => {
            tracing::warn!(code = ?e.code, "scheduled backup could not be planned");
            let _ = state.with(|d| {
                d.record_backup_result(&Err(e.clone()), now);
                Ok(())
            });
            let _ = app.emit("backup-failed", &e);
        }
    }
}
