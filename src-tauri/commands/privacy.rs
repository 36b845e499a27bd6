//! Personal data: the per-role setting (admin) and revealing a case's full values.
use crate::clock;
use complaintdesk_core::desk::privacy::PersonalData;
use complaintdesk_core::domain::privacy::PrivacySettings;
use complaintdesk_core::domain::DeskResult;
use tauri::{AppHandle, Emitter, State};

use super::DeskState;

#[tauri::command]
pub async fn get_privacy_settings(state: State<'_, DeskState>) -> DeskResult<PrivacySettings> {
    state.as_current(|d, me| d.privacy_settings(me))
}

#[tauri::command]
pub async fn set_privacy_settings(state: State<'_, DeskState>, settings: PrivacySettings) -> DeskResult<PrivacySettings> {
    state.as_current(|d, me| d.set_privacy_settings(me, &settings))
}

/// The full values, for a role allowed to see them; the viewing goes on the case's timeline.
#[tauri::command]
pub async fn reveal_personal_data(app: AppHandle, state: State<'_, DeskState>, id: i64) -> DeskResult<PersonalData> {
    let data = state.as_current(|d, me| d.reveal_personal_data(me, id, clock::now()))?;
    let _ = app.emit("cases-changed", serde_json::json!({ "id": id }));
    Ok(data)
}
