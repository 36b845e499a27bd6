//! The 项目（小区）list an admin keeps, which the intake form offers.
use complaintdesk_core::domain::sites::SiteSettings;
use complaintdesk_core::domain::DeskResult;
use tauri::AppHandle;

use super::{as_current, signed_in};

/// The list, in the admin's order.
#[tauri::command]
pub async fn list_sites(app: AppHandle) -> DeskResult<Vec<String>> {
    signed_in(&app, |d| d.sites()).await
}

/// The list and the names the cases carry (admin).
#[tauri::command]
pub async fn get_site_settings(app: AppHandle) -> DeskResult<SiteSettings> {
    as_current(&app, |d, me| d.site_settings(me)).await
}

/// Replaces the list (admin); returns it with the names in use.
#[tauri::command]
pub async fn set_sites(app: AppHandle, sites: Vec<String>) -> DeskResult<SiteSettings> {
    as_current(&app, move |d, me| d.set_sites(me, &sites)).await
}
