//! Deadlines: extensions, rule packs, holiday calendars.
use crate::clock;
use complaintdesk_core::desk::dto::{CaseDetail, ExtensionInput};
use complaintdesk_core::domain::deadline::{CalendarYearSummary, RulePack};
use complaintdesk_core::domain::DeskResult;
use tauri::{AppHandle, Emitter, State};

use super::DeskState;

#[tauri::command]
pub async fn approve_extension(app: AppHandle, state: State<'_, DeskState>, id: i64, input: ExtensionInput) -> DeskResult<CaseDetail> {
    let detail = state.as_current(|d, me| d.approve_extension(me, id, &input, clock::now()))?;
    let _ = app.emit("cases-changed", serde_json::json!({ "id": id }));
    Ok(detail)
}

#[tauri::command]
pub async fn list_rule_packs(state: State<'_, DeskState>) -> DeskResult<Vec<RulePack>> {
    state.signed_in(|d| Ok(d.rule_packs().to_vec()))
}

#[tauri::command]
pub async fn list_calendar_years(state: State<'_, DeskState>) -> DeskResult<Vec<CalendarYearSummary>> {
    state.signed_in(|d| Ok(d.calendar_years()))
}

/// Imports a holiday calendar (holiday-cn JSON or iCalendar text); a bad file changes nothing.
#[tauri::command]
pub async fn import_calendar(app: AppHandle, state: State<'_, DeskState>, text: String) -> DeskResult<Vec<CalendarYearSummary>> {
    let years = state.as_current(|d, me| d.import_calendar(me, &text, clock::now()))?;
    // Due dates may move with the new calendar: let the watcher look at every open case again.
    let _ = app.emit("calendar-changed", ());
    Ok(years)
}

/// Changes a property service time (admin); open cases' deadlines are recomputed.
#[tauri::command]
pub async fn set_service_time(app: AppHandle, state: State<'_, DeskState>, pack: String, clock: String, length: u32) -> DeskResult<RulePack> {
    let pack = state.as_current(|d, me| d.set_service_time(me, &pack, &clock, length, clock::now()))?;
    // Due times move: the watcher recomputes open cases; windows reload what they show.
    let _ = app.emit("calendar-changed", ());
    Ok(pack)
}

/// A handler (on their own case) or a supervisor asks for an extension.
#[tauri::command]
pub async fn request_extension(
    app: AppHandle,
    state: State<'_, DeskState>,
    id: i64,
    input: complaintdesk_core::desk::dto::ExtensionRequestInput,
) -> DeskResult<CaseDetail> {
    let detail = state.as_current(|d, me| d.request_extension(me, id, &input, clock::now()))?;
    let _ = app.emit("cases-changed", serde_json::json!({ "id": id }));
    Ok(detail)
}

/// Sets the zone the desk counts its days in (admin); open cases' deadlines are recomputed.
#[tauri::command]
pub async fn set_desk_zone(app: AppHandle, state: State<'_, DeskState>, zone: String) -> DeskResult<String> {
    let zone = state.as_current(|d, me| d.set_desk_zone(me, &zone, clock::now()))?;
    let _ = app.emit("calendar-changed", ());
    Ok(zone)
}
