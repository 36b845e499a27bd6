//! Cases: intake, list, detail, steps, notes, escalation, work queues.
use chrono::Utc;
use complaintdesk_core::desk::dto::{CaseDetail, EscalateInput, MoveInput, NoteInput, WorkQueue};
use complaintdesk_core::domain::case::{CaseInput, CasePage, CaseQuery, CaseRow};
use complaintdesk_core::domain::DeskResult;
use tauri::{AppHandle, Emitter, State};

use super::DeskState;

#[derive(Clone, serde::Serialize)]
struct CaseChanged {
    id: i64,
}

/// Rust owns the data: after a write the window is told which case changed.
fn changed(app: &AppHandle, detail: DeskResult<CaseDetail>) -> DeskResult<CaseDetail> {
    if let Ok(d) = &detail {
        let _ = app.emit("cases-changed", CaseChanged { id: d.case.id });
    }
    detail
}

#[tauri::command]
pub async fn create_case(app: AppHandle, state: State<'_, DeskState>, input: CaseInput) -> DeskResult<CaseDetail> {
    changed(&app, state.as_current(|d, me| d.create_case(me, &input, Utc::now())))
}

#[tauri::command]
pub async fn find_open_cases(state: State<'_, DeskState>, phone: String) -> DeskResult<Vec<CaseRow>> {
    state.with(|d| d.open_cases_by_phone(&phone))
}

#[tauri::command]
pub async fn list_cases(state: State<'_, DeskState>, query: CaseQuery) -> DeskResult<CasePage> {
    state.with(|d| d.list_cases(&query))
}

#[tauri::command]
pub async fn get_case(state: State<'_, DeskState>, id: i64) -> DeskResult<CaseDetail> {
    state.as_current(|d, me| d.case_detail(me, id))
}

#[tauri::command]
pub async fn move_case(app: AppHandle, state: State<'_, DeskState>, id: i64, input: MoveInput) -> DeskResult<CaseDetail> {
    changed(&app, state.as_current(|d, me| d.move_case(me, id, &input, Utc::now())))
}

#[tauri::command]
pub async fn add_note(app: AppHandle, state: State<'_, DeskState>, id: i64, input: NoteInput) -> DeskResult<CaseDetail> {
    changed(&app, state.as_current(|d, me| d.add_note(me, id, &input, Utc::now())))
}

#[tauri::command]
pub async fn escalate_case(app: AppHandle, state: State<'_, DeskState>, id: i64, input: EscalateInput) -> DeskResult<CaseDetail> {
    changed(&app, state.as_current(|d, me| d.escalate(me, id, &input, Utc::now())))
}

#[tauri::command]
pub async fn get_my_work(state: State<'_, DeskState>) -> DeskResult<Vec<WorkQueue>> {
    state.as_current(|d, me| d.my_work(me, Utc::now()))
}
