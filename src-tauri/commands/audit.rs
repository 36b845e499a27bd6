//! The audit check: recompute the event log's hash chain (admin or compliance).
use complaintdesk_core::desk::audit::AuditCheck;
use complaintdesk_core::domain::DeskResult;
use tauri::AppHandle;

use super::as_current;

#[tauri::command]
pub async fn verify_audit(app: AppHandle) -> DeskResult<AuditCheck> {
    as_current(&app, |d, me| d.verify_audit(me)).await
}
