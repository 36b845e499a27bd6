//! One window per data folder, and the folders that held a desk.
//!
//! The first window on a data folder holds `complaintdesk-window.lock` in it (an OS file lock,
//! released when the process ends, kill -9 included). A second launch on the same folder cannot
//! take it: it leaves a request file beside it and exits, and the first window, which looks for
//! that file, comes forward. Two windows on one desk would each think they own it (a restore in
//! one would pull the file from under the other).
//!
//! The app's settings folder remembers which data folders held a desk, so a folder on a drive
//! that is not mounted, or whose database was deleted, is reported as missing instead of
//! silently becoming a new, empty desk.
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::Duration;

use complaintdesk_core::domain::screen_pop::ScreenPop;
use tauri::{AppHandle, Emitter, Manager};

const LOCK_FILE: &str = "complaintdesk-window.lock";
const RAISE_FILE: &str = "complaintdesk-window.raise";
const KNOWN_FILE: &str = "known-desks.json";
/// How many data folders the settings remember.
const KNOWN_MAX: usize = 20;

/// This process's hold on its data folder: dropped when the process ends.
pub struct WindowLock(#[allow(dead_code)] Option<File>);

/// Takes the data folder for this window. `None`: another window has it (and was asked to come
/// forward). A folder that is not there has nothing to guard: the window starts and says so.
pub fn claim(data_dir: &Path) -> Option<WindowLock> {
    if !data_dir.is_dir() {
        return Some(WindowLock(None));
    }
    let file = match OpenOptions::new().create(true).truncate(false).write(true).open(data_dir.join(LOCK_FILE)) {
        Ok(f) => f,
        Err(e) => {
            tracing::warn!(%e, "window lock file not available; not guarding against a second window");
            return Some(WindowLock(None));
        }
    };
    match file.try_lock() {
        Ok(()) => Some(WindowLock(Some(file))),
        Err(std::fs::TryLockError::WouldBlock) => {
            // The request carries the launch's link (a call's screen pop), if it has one.
            let link = launch_link().unwrap_or_default();
            if let Err(e) = std::fs::write(data_dir.join(RAISE_FILE), link) {
                tracing::warn!(%e, "could not ask the first window to come forward");
            }
            None
        }
        Err(std::fs::TryLockError::Error(e)) => {
            tracing::warn!(%e, "window lock not supported here; not guarding against a second window");
            Some(WindowLock(Some(file)))
        }
    }
}

/// The desk's link this process was started with (`complaintdesk://intake?phone=…`), if any:
/// Windows and Linux hand a clicked link to a new process as its argument.
pub fn launch_link() -> Option<String> {
    std::env::args().skip(1).find(|a| complaintdesk_core::domain::screen_pop::is_link(a))
}

/// A call's screen pop waiting for the window (from the link the app was started with), taken
/// once by `take_screen_pop`.
#[derive(Default)]
pub struct PendingScreenPop(pub std::sync::Mutex<Option<ScreenPop>>);

/// Reads a link, brings the window forward and tells it (`screen-pop`), or logs why not (the
/// link itself may hold a phone number, so it is not logged).
pub fn open_link(app: &AppHandle, link: &str) {
    match complaintdesk_core::domain::screen_pop::parse(link) {
        Ok(pop) => {
            bring_forward(app);
            let _ = app.emit("screen-pop", &pop);
            tracing::info!("a call's link opened the intake form");
        }
        Err(e) => tracing::warn!(rule = ?e.rule, "a link the desk cannot open"),
    }
}

fn bring_forward(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Brings the main window forward whenever a second launch asks (see [`claim`]), and opens the
/// link it carried.
pub fn answer_second_launches(app: AppHandle, data_dir: PathBuf) {
    const LOOK_EVERY: Duration = Duration::from_millis(300);
    let request = data_dir.join(RAISE_FILE);
    let _ = std::fs::remove_file(&request);
    std::thread::Builder::new()
        .name("second-launch".into())
        .spawn(move || loop {
            if let Ok(link) = std::fs::read_to_string(&request) {
                if std::fs::remove_file(&request).is_ok() {
                    bring_forward(&app);
                    tracing::info!("a second launch on this data folder: the window was brought forward");
                    if !link.trim().is_empty() {
                        open_link(&app, link.trim());
                    }
                }
            }
            std::thread::sleep(LOOK_EVERY);
        })
        .map(|_| ())
        .unwrap_or_else(|e| tracing::error!(%e, "second launches will not be answered"));
}

fn known_path(app: &AppHandle) -> Option<PathBuf> {
    app.path().app_config_dir().ok().map(|d| d.join(KNOWN_FILE))
}

fn known_list(app: &AppHandle) -> Vec<String> {
    known_path(app).and_then(|p| std::fs::read(p).ok()).and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
}

/// Whether this data folder held a desk the last time the app opened it.
pub fn known(app: &AppHandle, data_dir: &Path) -> bool {
    known_list(app).iter().any(|d| Path::new(d) == data_dir)
}

/// Remembers that `data_dir` holds a desk (most recent first).
pub fn remember(app: &AppHandle, data_dir: &Path) {
    let Some(path) = known_path(app) else { return };
    let dir = data_dir.display().to_string();
    let mut list = known_list(app);
    if list.first() == Some(&dir) {
        return;
    }
    list.retain(|d| d != &dir);
    list.insert(0, dir);
    list.truncate(KNOWN_MAX);
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&path, serde_json::to_vec(&list).unwrap_or_default()));
    if let Err(e) = written {
        tracing::warn!(%e, "the app's settings could not remember the data folder");
    }
}
