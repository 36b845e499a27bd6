//! 整改事项 for the window: open an item on a selection of cases or a hotspot's, list and read
//! them, move them along, link more cases. The rules are the desk's (`desk::improvements`).
use complaintdesk_core::desk::improvements::{Improvement, ImprovementDetail, ImprovementInput};
use complaintdesk_core::domain::improvement::ImprovementStatus;
use complaintdesk_core::domain::DeskResult;
use tauri::AppHandle;

use super::as_current;
use crate::clock;

#[tauri::command]
pub async fn open_improvement(app: AppHandle, input: ImprovementInput) -> DeskResult<ImprovementDetail> {
    as_current(&app, move |d, me| d.open_improvement(me, &input, clock::now())).await
}

#[tauri::command]
pub async fn list_improvements(app: AppHandle, status: Option<ImprovementStatus>) -> DeskResult<Vec<Improvement>> {
    as_current(&app, move |d, me| d.improvements(me, status, clock::now())).await
}

#[tauri::command]
pub async fn get_improvement(app: AppHandle, id: i64) -> DeskResult<ImprovementDetail> {
    as_current(&app, move |d, me| d.improvement(me, id, clock::now())).await
}

#[tauri::command]
pub async fn move_improvement(app: AppHandle, id: i64, to: ImprovementStatus, note: Option<String>, version: i64) -> DeskResult<ImprovementDetail> {
    as_current(&app, move |d, me| d.move_improvement(me, id, to, note.as_deref(), version, clock::now())).await
}

#[tauri::command]
pub async fn link_to_improvement(app: AppHandle, id: i64, case_ids: Vec<i64>) -> DeskResult<ImprovementDetail> {
    as_current(&app, move |d, me| d.link_to_improvement(me, id, &case_ids, clock::now())).await
}
