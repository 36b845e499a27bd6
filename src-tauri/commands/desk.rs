//! Start-up state, first-start setup, users.
use chrono::Utc;
use complaintdesk_core::desk::dto::{AppState, Catalog, SetupInput, UserInput};
use complaintdesk_core::domain::case::User;
use complaintdesk_core::domain::DeskResult;
use tauri::{AppHandle, Emitter, State};

use super::DeskState;

fn users_changed(app: &AppHandle) {
    let _ = app.emit("users-changed", ());
}

#[tauri::command]
pub async fn get_app_state(state: State<'_, DeskState>) -> DeskResult<AppState> {
    state.with(|d| d.app_state())
}

#[tauri::command]
pub async fn setup_desk(app: AppHandle, state: State<'_, DeskState>, input: SetupInput) -> DeskResult<AppState> {
    let result = state.with(|d| {
        d.setup(&input, Utc::now())?;
        d.app_state()
    });
    users_changed(&app);
    result
}

#[tauri::command]
pub async fn get_catalog(state: State<'_, DeskState>) -> DeskResult<Catalog> {
    state.with(|d| d.catalog())
}

#[tauri::command]
pub async fn list_users(state: State<'_, DeskState>) -> DeskResult<Vec<User>> {
    state.with(|d| d.users())
}

#[tauri::command]
pub async fn create_user(app: AppHandle, state: State<'_, DeskState>, input: UserInput) -> DeskResult<User> {
    let user = state.as_current(|d, me| d.create_user(me, &input, Utc::now()))?;
    users_changed(&app);
    Ok(user)
}

#[tauri::command]
pub async fn update_user(app: AppHandle, state: State<'_, DeskState>, id: i64, input: UserInput) -> DeskResult<User> {
    let user = state.as_current(|d, me| d.update_user(me, id, &input))?;
    users_changed(&app);
    Ok(user)
}

#[tauri::command]
pub async fn switch_user(app: AppHandle, state: State<'_, DeskState>, id: i64) -> DeskResult<AppState> {
    let result = state.with(|d| d.switch_user(id))?;
    users_changed(&app);
    Ok(result)
}
