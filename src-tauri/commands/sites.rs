//! The 项目（小区）list an admin keeps, which the intake form offers.
use complaintdesk_core::domain::sites::SiteSettings;
use complaintdesk_core::domain::DeskResult;
use tauri::State;

use super::DeskState;

/// The list, in the admin's order.
#[tauri::command]
pub async fn list_sites(state: State<'_, DeskState>) -> DeskResult<Vec<String>> {
    state.signed_in(|d| d.sites())
}

/// The list and the names the cases carry (admin).
#[tauri::command]
pub async fn get_site_settings(state: State<'_, DeskState>) -> DeskResult<SiteSettings> {
    state.as_current(|d, me| d.site_settings(me))
}

/// Replaces the list (admin); returns it with the names in use.
#[tauri::command]
pub async fn set_sites(state: State<'_, DeskState>, sites: Vec<String>) -> DeskResult<SiteSettings> {
    state.as_current(|d, me| d.set_sites(me, &sites))
}
