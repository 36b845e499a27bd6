//! The deadline watcher: at start-up (catching up after the laptop was off) and then every
//! minute, it asks the desk which clocks crossed a warning line or ran out, in small batches so
//! the window's commands never wait long for the desk, tells the window, and shows a desktop
//! notification for each breach.
use std::time::Duration;

use chrono::Utc;
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::NotificationExt;

use crate::commands::DeskState;

const EVERY: Duration = Duration::from_secs(60);
const BATCH: usize = 200;

pub fn start(app: AppHandle) {
    std::thread::Builder::new()
        .name("deadline-watcher".into())
        .spawn(move || loop {
            run_once(&app);
            std::thread::sleep(EVERY);
        })
        .map(|_| ())
        .unwrap_or_else(|e| tracing::error!(%e, "the deadline watcher could not start"));
}

/// Looks at every case that is due for a look now, a batch at a time.
pub fn run_once(app: &AppHandle) {
    let state = app.state::<DeskState>();
    loop {
        let report = match state.with(|d| d.tick(Utc::now(), BATCH)) {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(code = ?e.code, "deadline check failed");
                return;
            }
        };
        for alert in &report.alerts {
            let _ = app.emit("cases-changed", serde_json::json!({ "id": alert.case_id }));
            if alert.level >= 100 {
                // The case number is not personal data; the subject may be, so it stays out of logs.
                tracing::info!(case_id = alert.case_id, "a deadline was breached");
                let shown = app
                    .notification()
                    .builder()
                    .title(format!("案件 {} 已超时", alert.number))
                    .body(alert.subject.clone())
                    .show();
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
