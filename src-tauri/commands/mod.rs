//! Thin `#[tauri::command]` adapters: take the state, call one `desk` function, return its result.
//! They are `async` so the work runs off the window's thread.
pub mod audit;
pub mod cases;
pub mod deadlines;
pub mod desk;
pub mod documents;
pub mod followups;
pub mod kpi;

use std::sync::Mutex;

use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::{DeskError, DeskResult, ErrorCode};

/// The open desk, or why it could not be opened (shown to the user instead of a crash).
pub struct DeskState(pub Result<Mutex<Desk>, DeskError>);

impl DeskState {
    pub fn with<T>(&self, f: impl FnOnce(&mut Desk) -> DeskResult<T>) -> DeskResult<T> {
        let desk = self.0.as_ref().map_err(Clone::clone)?;
        let mut guard = desk
            .lock()
            .map_err(|_| DeskError::new(ErrorCode::Storage, "程序内部错误，请重新启动客诉台"))?;
        f(&mut guard)
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
