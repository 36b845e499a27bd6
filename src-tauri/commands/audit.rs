//! The audit check: recompute the event log's hash chain (admin or compliance).
use complaintdesk_core::desk::audit::AuditCheck;
use complaintdesk_core::domain::DeskResult;
use tauri::State;

use super::DeskState;

#[tauri::command]
pub async fn verify_audit(state: State<'_, DeskState>) -> DeskResult<AuditCheck> {
    state.as_current(|d, me| d.verify_audit(me))
}
