//! Follow-up calls: the queue, the call form, recording attempts, customer history, settings
//! and scripts.
use crate::clock;
use complaintdesk_core::desk::dto::{CaseDetail, CustomerHistory, FollowupForm, FollowupQueue, ScriptInfo, ScriptInput, ScriptPlaceholder};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::followup::{AttemptInput, FollowupSettings};
use complaintdesk_core::domain::DeskResult;
use tauri::{AppHandle, State};

use super::cases::changed;
use super::DeskState;

#[tauri::command]
pub async fn record_followup(app: AppHandle, state: State<'_, DeskState>, id: i64, input: AttemptInput) -> DeskResult<CaseDetail> {
    changed(&app, state.as_current(|d, me| d.record_followup(me, id, &input, clock::now())))
}

#[tauri::command]
pub async fn get_followup_queue(state: State<'_, DeskState>) -> DeskResult<FollowupQueue> {
    state.as_current(|d, me| d.followup_queue(me, clock::now()))
}

#[tauri::command]
pub async fn get_followup_form(state: State<'_, DeskState>, id: i64) -> DeskResult<FollowupForm> {
    state.as_current(|d, me| d.followup_form(me, id))
}

#[tauri::command]
pub async fn get_customer_history(
    state: State<'_, DeskState>,
    phone: Option<String>,
    id_number: Option<String>,
    except: Option<i64>,
) -> DeskResult<CustomerHistory> {
    state.as_current(|d, me| d.customer_history(me, phone.as_deref(), id_number.as_deref(), except, clock::now()))
}

#[tauri::command]
pub async fn get_followup_settings(state: State<'_, DeskState>) -> DeskResult<FollowupSettings> {
    state.signed_in(|d| d.followup_settings())
}

#[tauri::command]
pub async fn set_followup_settings(state: State<'_, DeskState>, settings: FollowupSettings) -> DeskResult<FollowupSettings> {
    state.as_current(|d, me| d.set_followup_settings(me, &settings))
}

#[tauri::command]
pub async fn list_followup_scripts(state: State<'_, DeskState>) -> DeskResult<Vec<ScriptInfo>> {
    state.signed_in(|d| d.followup_scripts())
}

#[tauri::command]
pub async fn set_followup_script(state: State<'_, DeskState>, input: ScriptInput) -> DeskResult<Vec<ScriptInfo>> {
    state.as_current(|d, me| d.set_followup_script(me, &input, clock::now()))
}

#[tauri::command]
pub async fn list_script_placeholders() -> DeskResult<Vec<ScriptPlaceholder>> {
    Ok(Desk::script_placeholders())
}
