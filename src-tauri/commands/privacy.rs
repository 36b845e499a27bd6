//! Personal data: the per-role setting (admin) and revealing a case's full values.
use crate::clock;
use complaintdesk_core::desk::privacy::PersonalData;
use complaintdesk_core::domain::privacy::PrivacySettings;
use complaintdesk_core::domain::DeskResult;
use tauri::{AppHandle, Emitter};

use super::as_current;

#[tauri::command]
pub async fn get_privacy_settings(app: AppHandle) -> DeskResult<PrivacySettings> {
    as_current(&app, |d, me| d.privacy_settings(me)).await
}

#[tauri::command]
pub async fn set_privacy_settings(app: AppHandle, settings: PrivacySettings) -> DeskResult<PrivacySettings> {
    as_current(&app, move |d, me| d.set_privacy_settings(me, &settings)).await
}

/// The full values, for a role allowed to see them; the viewing goes on the case's timeline.
#[tauri::command]
pub async fn reveal_personal_data(app: AppHandle, id: i64) -> DeskResult<PersonalData> {
    let data = as_current(&app, move |d, me| d.reveal_personal_data(me, id, clock::now())).await?;
    let _ = app.emit("cases-changed", serde_json::json!({ "id": id }));
    Ok(data)
}
