//! Deadlines: extensions, rule packs, holiday calendars.
use crate::clock;
use complaintdesk_core::desk::dto::{CaseDetail, ExtensionInput};
use complaintdesk_core::domain::deadline::{CalendarYearSummary, RulePack};
use complaintdesk_core::domain::DeskResult;
use tauri::{AppHandle, Emitter};

use super::{as_current, signed_in};

#[tauri::command]
pub async fn approve_extension(app: AppHandle, id: i64, input: ExtensionInput) -> DeskResult<CaseDetail> {
    let detail = as_current(&app, move |d, me| d.approve_extension(me, id, &input, clock::now())).await?;
    let _ = app.emit("cases-changed", serde_json::json!({ "id": id }));
    Ok(detail)
}

#[tauri::command]
pub async fn list_rule_packs(app: AppHandle) -> DeskResult<Vec<RulePack>> {
    signed_in(&app, |d| Ok(d.rule_packs().to_vec())).await
}

#[tauri::command]
pub async fn list_calendar_years(app: AppHandle) -> DeskResult<Vec<CalendarYearSummary>> {
    signed_in(&app, |d| Ok(d.calendar_years())).await
}

/// Imports a holiday calendar (holiday-cn JSON or iCalendar text); a bad file changes nothing.
#[tauri::command]
pub async fn import_calendar(app: AppHandle, text: String) -> DeskResult<Vec<CalendarYearSummary>> {
    let years = as_current(&app, move |d, me| d.import_calendar(me, &text, clock::now())).await?;
    // Due dates may move with the new calendar: let the watcher look at every open case again.
    let _ = app.emit("calendar-changed", ());
    Ok(years)
}

/// Changes a property service time (admin); open cases' deadlines are recomputed.
#[tauri::command]
pub async fn set_service_time(app: AppHandle, pack: String, clock: String, length: u32) -> DeskResult<RulePack> {
    let pack = as_current(&app, move |d, me| d.set_service_time(me, &pack, &clock, length, clock::now())).await?;
    // Due times move: the watcher recomputes open cases; windows reload what they show.
    let _ = app.emit("calendar-changed", ());
    Ok(pack)
}

/// A handler (on their own case) or a supervisor asks for an extension.
#[tauri::command]
pub async fn request_extension(
    app: AppHandle,
    id: i64,
    input: complaintdesk_core::desk::dto::ExtensionRequestInput,
) -> DeskResult<CaseDetail> {
    let detail = as_current(&app, move |d, me| d.request_extension(me, id, &input, clock::now())).await?;
    let _ = app.emit("cases-changed", serde_json::json!({ "id": id }));
    Ok(detail)
}

/// Sets the zone the desk counts its days in (admin); open cases' deadlines are recomputed.
#[tauri::command]
pub async fn set_desk_zone(app: AppHandle, zone: String) -> DeskResult<String> {
    let zone = as_current(&app, move |d, me| d.set_desk_zone(me, &zone, clock::now())).await?;
    let _ = app.emit("calendar-changed", ());
    Ok(zone)
}
