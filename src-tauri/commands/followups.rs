//! Follow-up calls: the queue, the call form, recording attempts, customer history, settings
//! and scripts.
use crate::clock;
use complaintdesk_core::desk::dto::{CaseDetail, CustomerHistory, FollowupForm, FollowupQueue, ScriptInfo, ScriptInput, ScriptPlaceholder};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::followup::{AttemptInput, FollowupSettings};
use complaintdesk_core::domain::DeskResult;
use tauri::AppHandle;

use super::cases::changed;
use super::{as_current, signed_in};

#[tauri::command]
pub async fn record_followup(app: AppHandle, id: i64, input: AttemptInput) -> DeskResult<CaseDetail> {
    changed(&app, as_current(&app, move |d, me| d.record_followup(me, id, &input, clock::now())).await)
}

#[tauri::command]
pub async fn get_followup_queue(app: AppHandle) -> DeskResult<FollowupQueue> {
    as_current(&app, |d, me| d.followup_queue(me, clock::now())).await
}

#[tauri::command]
pub async fn get_followup_form(app: AppHandle, id: i64) -> DeskResult<FollowupForm> {
    as_current(&app, move |d, me| d.followup_form(me, id)).await
}

#[tauri::command]
pub async fn get_customer_history(
    app: AppHandle,
    phone: Option<String>,
    id_number: Option<String>,
    except: Option<i64>,
) -> DeskResult<CustomerHistory> {
    as_current(&app, move |d, me| d.customer_history(me, phone.as_deref(), id_number.as_deref(), except, clock::now())).await
}

#[tauri::command]
pub async fn get_followup_settings(app: AppHandle) -> DeskResult<FollowupSettings> {
    signed_in(&app, |d| d.followup_settings()).await
}

#[tauri::command]
pub async fn set_followup_settings(app: AppHandle, settings: FollowupSettings) -> DeskResult<FollowupSettings> {
    as_current(&app, move |d, me| d.set_followup_settings(me, &settings)).await
}

#[tauri::command]
pub async fn list_followup_scripts(app: AppHandle) -> DeskResult<Vec<ScriptInfo>> {
    signed_in(&app, |d| d.followup_scripts()).await
}

#[tauri::command]
pub async fn set_followup_script(app: AppHandle, input: ScriptInput) -> DeskResult<Vec<ScriptInfo>> {
    as_current(&app, move |d, me| d.set_followup_script(me, &input, clock::now())).await
}

#[tauri::command]
pub async fn list_script_placeholders() -> DeskResult<Vec<ScriptPlaceholder>> {
    Ok(Desk::script_placeholders())
}
