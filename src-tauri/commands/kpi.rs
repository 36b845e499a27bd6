//! The dashboard: KPI figures, training records, KPI settings, and Excel exports saved through
//! the native save dialog.
use crate::clock;
use complaintdesk_core::desk::dto::{Dashboard, TrainingInput, TrainingSession};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::CaseQuery;
use complaintdesk_core::domain::kpi::{KpiFilter, KpiSettings};
use complaintdesk_core::domain::DeskResult;
use tauri::AppHandle;
use super::documents::save_bytes;
use super::{as_current, off_runtime, signed_in};

#[tauri::command]
pub async fn get_dashboard(app: AppHandle, filter: KpiFilter) -> DeskResult<Dashboard> {
    as_current(&app, move |d, me| d.dashboard(me, &filter, clock::now())).await
}

#[tauri::command]
pub async fn get_kpi_settings(app: AppHandle) -> DeskResult<KpiSettings> {
    signed_in(&app, |d| d.kpi_settings()).await
}

#[tauri::command]
pub async fn set_kpi_settings(app: AppHandle, settings: KpiSettings) -> DeskResult<KpiSettings> {
    as_current(&app, move |d, me| d.set_kpi_settings(me, &settings)).await
}

#[tauri::command]
pub async fn list_trainings(app: AppHandle) -> DeskResult<Vec<TrainingSession>> {
    signed_in(&app, |d| d.trainings()).await
}

#[tauri::command]
pub async fn add_training(app: AppHandle, input: TrainingInput) -> DeskResult<TrainingSession> {
    as_current(&app, move |d, me| d.add_training(me, &input, clock::now())).await
}

/// Exports every case of the list's filter; returns where it was saved (None: cancelled).
#[tauri::command]
pub async fn export_cases(app: AppHandle, query: CaseQuery) -> DeskResult<Option<String>> {
    let (bytes, name) = as_current(&app, move |d, me| Ok((d.export_cases(me, &query)?, d.case_list_file_name(clock::now())))).await?;
    off_runtime(&app, move |app| save_bytes(app, &name, &bytes, ("Excel", &["xlsx"]))).await
}

/// Exports every table of the dashboard for the filter; returns where it was saved.
#[tauri::command]
pub async fn export_kpi(app: AppHandle, filter: KpiFilter) -> DeskResult<Option<String>> {
    let name = Desk::kpi_file_name(&filter);
    let bytes = as_current(&app, move |d, me| d.export_kpi(me, &filter, clock::now())).await?;
    off_runtime(&app, move |app| save_bytes(app, &name, &bytes, ("Excel", &["xlsx"]))).await
}
