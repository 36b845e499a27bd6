//! The deadline watcher: once the window has drawn its first screen (catching up after the laptop
//! was off) and then every minute, it asks the desk which clocks crossed a warning line or ran
//! out, in small batches so a clerk's save never waits long behind its writes, tells the window,
//! and shows a desktop notification for each breach step, in the window's language (`set_locale`).
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::NotificationExt;

use crate::clock;
use crate::commands::desk::WindowLocale;
use crate::commands::{DeskState, Session};
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
        for alert in &report.alerts {
            let _ = app.emit("cases-changed", serde_json::json!({ "id": alert.case_id }));
        }
        let on_file = state.with(|d| Ok(d.store().file().is_some())).unwrap_or(true);
        if on_file {
            // The laptop's own desk: whoever sits at it hears of every alert.
            show(app, &report.alerts);
        }
        if report.alerts.is_empty() && report.checked > 0 {
            // Due times moved (a new calendar, a service time) without an alert: lists refresh.
            let _ = app.emit("cases-changed", serde_json::json!({ "id": null }));
        }
        if !report.more {
            tell_concerned(app);
            tell_overdue_items(app, now);
            // The category suggestions learn the cases that came in since (when enough did).
            if let Err(e) = state.with(|d| d.refresh_classifier(now)) {
                tracing::warn!(code = ?e.code, "category suggestions could not be trained");
            }
            return;
        }
    }
}

/// The person signed in here (team mode) and the last event whose deadline alerts they heard of.
static HEARD: Mutex<Option<(i64, i64)>> = Mutex::new(None);

/// On the shared store: the deadline alerts any laptop's watcher recorded since this window last
/// looked that concern the person signed in here (their cases; every case for a supervisor),
/// shown as this laptop's own are. Called after each watch and when another laptop's change is
/// heard. From the first look after a sign-in on: nothing older pops up.
pub fn tell_concerned(app: &AppHandle) {
    let state = app.state::<DeskState>();
    let Ok(Session { user: Some(user), .. }) = state.session() else { return };
    let Ok(mut heard) = HEARD.lock() else { return };
    let after = match *heard {
        Some((who, last)) if who == user => Some(last),
        _ => None,
    };
    let found = state.with(|d| if d.store().file().is_some() { Ok(None) } else { d.alerts_for(user, after).map(Some) });
    match found {
        Ok(Some((alerts, last))) => {
            *heard = Some((user, last));
            drop(heard);
            show(app, &alerts);
        }
        Ok(None) => {}
        Err(e) => tracing::debug!(code = ?e.code, "deadline alerts of the team not read"),
    }
}

/// The improvement items that became overdue: a desktop notification for their owner when they
/// are the one signed in here (on the laptop's own desk, for whoever sits at it), and the window
/// hears of them so 我的工作 and the items list refresh.
fn tell_overdue_items(app: &AppHandle, now: chrono::DateTime<chrono::Utc>) {
    let state = app.state::<DeskState>();
    let alerts = match state.with(|d| d.improvement_alerts(now)) {
        Ok(a) => a,
        Err(e) => {
            tracing::debug!(code = ?e.code, "overdue improvement items not checked");
            return;
        }
    };
    if alerts.is_empty() {
        return;
    }
    let on_file = state.with(|d| Ok(d.store().file().is_some())).unwrap_or(true);
    let me = state.session().ok().and_then(|s| s.user);
    let locale = app.state::<WindowLocale>().get();
    for alert in alerts.iter().filter(|a| on_file || me == Some(a.owner_id)) {
        let (title, body) = alert.notification(locale);
        if let Err(e) = app.notification().builder().title(title).body(body).show() {
            tracing::debug!(%e, "no desktop notification");
        }
    }
    let _ = app.emit("improvement-alerts", &alerts);
}

/// Tells the window of `alerts`, with a desktop notification for each breach step, in the
/// window's language.
fn show(app: &AppHandle, alerts: &[complaintdesk_core::desk::dto::DeadlineAlert]) {
    if alerts.is_empty() {
        return;
    }
    let locale = app.state::<WindowLocale>().get();
    for alert in alerts {
        if let Some((title, body)) = alert.notification(locale) {
            // The case number is not personal data; the subject may be, so it stays out of logs.
            tracing::info!(case_id = alert.case_id, step = alert.breach_step, "a deadline was breached");
            let shown = app.notification().builder().title(title).body(body).show();
            if let Err(e) = shown {
                tracing::debug!(%e, "no desktop notification");
            }
        }
    }
    let _ = app.emit("deadline-alerts", alerts);
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
