//! Thin `#[tauri::command]` adapters: call one `desk` function, return its result.
//! They are `async`, so the window's thread never waits for them; the desk, which is synchronous
//! (SQLite or PostgreSQL I/O), runs on a blocking thread (`off_runtime`, `as_current`,
//! `signed_in`), never on one of the async runtime's few worker threads. So do the save dialogs,
//! which wait for the user. Commands share the desk: none waits for another's work (a year's
//! dashboard, a backup) to start its own; only the store makes writes take turns.
pub mod backup;
pub mod audit;
pub mod cases;
pub mod customer;
pub mod deadlines;
pub mod desk;
pub mod documents;
pub mod followups;
pub mod import;
pub mod kpi;
pub mod improvements;
pub mod campaigns;
pub mod knowledge;
pub mod migrate;
pub mod privacy;
pub mod sites;
pub mod store;

use std::sync::{Mutex, RwLock};

use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::{DeskError, DeskResult, ErrorCode};
use tauri::{AppHandle, Manager};

/// The open desk, or why it could not be opened (shown to the user instead of a crash). A
/// restore swaps in the desk reopened on the restored file.
///
/// Every command reads the desk under the lock's shared side, so commands run side by side; only
/// [`DeskState::replace`] takes it alone, to close the desk and open another.
pub struct DeskState(pub RwLock<Result<Desk, DeskError>>, Mutex<Session>);

/// Who is signed in, in memory only: a restart (or a restore) starts at the sign-in screen.
#[derive(Debug, Default, Clone, Copy)]
pub struct Session {
    pub user: Option<i64>,
    pub locked: bool,
}

/// A lock poisoned by a panic, or a command's work that panicked.
fn internal_error() -> DeskError {
    DeskError::new(ErrorCode::Storage, "程序内部错误，请重新启动客诉台")
}

/// Runs `f` on a blocking thread, off the async runtime, with the app (its state, dialogs,
/// events). Every command that reaches the desk, or shows a dialog that waits for the user, goes
/// through here.
pub(crate) async fn off_runtime<T: Send + 'static>(
    app: &AppHandle,
    f: impl FnOnce(&AppHandle) -> DeskResult<T> + Send + 'static,
) -> DeskResult<T> {
    let app = app.clone();
    match tauri::async_runtime::spawn_blocking(move || f(&app)).await {
        Ok(result) => result,
        Err(e) => {
            // Not the error's text: a panic's message may quote what the user typed.
            let panicked = matches!(&e, tauri::Error::JoinError(j) if j.is_panic());
            tracing::error!(panicked, "a command's work on its blocking thread did not finish");
            Err(internal_error())
        }
    }
}

/// [`DeskState::as_current`] on a blocking thread.
pub(crate) async fn as_current<T: Send + 'static>(
    app: &AppHandle,
    f: impl FnOnce(&Desk, i64) -> DeskResult<T> + Send + 'static,
) -> DeskResult<T> {
    off_runtime(app, |app| app.state::<DeskState>().as_current(f)).await
}

/// [`DeskState::signed_in`] on a blocking thread.
pub(crate) async fn signed_in<T: Send + 'static>(
    app: &AppHandle,
    f: impl FnOnce(&Desk) -> DeskResult<T> + Send + 'static,
) -> DeskResult<T> {
    off_runtime(app, |app| app.state::<DeskState>().signed_in(f)).await
}

impl DeskState {
    pub fn new(desk: Result<Desk, DeskError>) -> DeskState {
        DeskState(RwLock::new(desk), Mutex::new(Session::default()))
    }

    pub fn session(&self) -> DeskResult<Session> {
        self.1.lock().map(|s| *s).map_err(|_| internal_error())
    }

    pub fn set_session(&self, session: Session) -> DeskResult<()> {
        *self.1.lock().map_err(|_| internal_error())? = session;
        Ok(())
    }

    /// The window's state with the session's user; on the shared store before anyone signed in,
    /// the sign-in screen's.
    pub fn app_state(&self) -> DeskResult<complaintdesk_core::desk::dto::AppState> {
        let s = self.session()?;
        match self.with(|d| d.app_state(s.user, s.locked)) {
            Err(e) if crate::store_settings::is_awaiting_sign_in(&e) => Ok(store::awaiting_app_state()),
            other => other,
        }
    }

    /// Runs `f` on the open desk, beside any other command doing the same. `f` must not come
    /// back here (a waiting [`DeskState::replace`] would hold the second call, and so the first).
    pub fn with<T>(&self, f: impl FnOnce(&Desk) -> DeskResult<T>) -> DeskResult<T> {
        let guard = self.0.read().map_err(|_| internal_error())?;
        let desk = guard.as_ref().map_err(|e| e.clone())?;
        f(desk)
    }

    /// Closes the desk, runs `f` with nothing open on the database, and keeps the desk it returns
    /// (or the reason none could be opened). It waits for the commands already running on the old
    /// desk to finish; commands that come while it runs wait for the new one.
    pub fn replace(&self, f: impl FnOnce() -> Result<Desk, DeskError>) -> Result<(), DeskError> {
        let mut guard = self.0.write().map_err(|_| internal_error())?;
        *guard = Err(DeskError::new(ErrorCode::Storage, "正在恢复数据，请稍候"));
        let desk = f();
        let result = desk.as_ref().map(|_| ()).map_err(Clone::clone);
        *guard = desk;
        result
    }

    /// Runs `f` when someone is signed in (reads every role may do).
    pub fn signed_in<T>(&self, f: impl FnOnce(&Desk) -> DeskResult<T>) -> DeskResult<T> {
        self.as_current(|d, _| f(d))
    }

    /// Runs `f` for the signed-in user; refused when nobody is signed in or the window is locked.
    /// The use-case itself checks the user's roles.
    pub fn as_current<T>(&self, f: impl FnOnce(&Desk, i64) -> DeskResult<T>) -> DeskResult<T> {
        let s = self.session()?;
        let user = s.user.ok_or_else(|| DeskError::new(ErrorCode::NoUser, "请先登录"))?;
        if s.locked {
            return Err(DeskError::new(ErrorCode::NoUser, "窗口已锁定，请输入密码解锁"));
        }
        self.with(|desk| f(desk, user))
    }
}
