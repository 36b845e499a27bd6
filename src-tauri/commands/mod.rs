//! Thin `#[tauri::command]` adapters: take the state, call one `desk` function, return its result.
//! They are `async` so the work runs off the window's thread.
pub mod backup;
pub mod audit;
pub mod cases;
pub mod deadlines;
pub mod desk;
pub mod documents;
pub mod followups;
pub mod kpi;
pub mod privacy;

use std::sync::Mutex;

use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::{DeskError, DeskResult, ErrorCode};

/// The open desk, or why it could not be opened (shown to the user instead of a crash). A
/// restore swaps in the desk reopened on the restored file.
pub struct DeskState(pub Mutex<Result<Desk, DeskError>>);

impl DeskState {
    pub fn new(desk: Result<Desk, DeskError>) -> DeskState {
        DeskState(Mutex::new(desk))
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut Desk) -> DeskResult<T>) -> DeskResult<T> {
        let mut guard = self
            .0
            .lock()
            .map_err(|_| DeskError::new(ErrorCode::Storage, "程序内部错误，请重新启动客诉台"))?;
        let desk = guard.as_mut().map_err(|e| e.clone())?;
        f(desk)
    }

    /// Closes the desk, runs `f` with nothing open on the database, and keeps the desk it returns
    /// (or the reason none could be opened).
    pub fn replace(&self, f: impl FnOnce() -> Result<Desk, DeskError>) -> Result<(), DeskError> {
        let mut guard = self
            .0
            .lock()
            .map_err(|_| DeskError::new(ErrorCode::Storage, "程序内部错误，请重新启动客诉台"))?;
        *guard = Err(DeskError::new(ErrorCode::Storage, "正在恢复数据，请稍候"));
        let desk = f();
        let result = desk.as_ref().map(|_| ()).map_err(Clone::clone);
        *guard = desk;
        result
    }

    /// Runs `f` for the user working now.
    pub fn as_current<T>(&self, f: impl FnOnce(&mut Desk, i64) -> DeskResult<T>) -> DeskResult<T> {
        self.with(|desk| {
            let user = desk
                .app_state()?
                .current_user
                .ok_or_else(|| DeskError::new(ErrorCode::NoUser, "请先选择当前工作人员"))?;
            f(desk, user.id)
        })
    }
}
