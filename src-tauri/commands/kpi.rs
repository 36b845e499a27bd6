//! The dashboard: KPI figures, training records, KPI settings, and Excel exports saved through
//! the native save dialog.
use crate::clock;
use complaintdesk_core::desk::dto::{Dashboard, TrainingInput, TrainingSession};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::CaseQuery;
use complaintdesk_core::domain::kpi::{KpiFilter, KpiSettings};
use complaintdesk_core::domain::DeskResult;
use tauri::{AppHandle, State};
use super::documents::save_bytes;
use super::DeskState;

#[tauri::command]
pub async fn get_dashboard(state: State<'_, DeskState>, filter: KpiFilter) -> DeskResult<Dashboard> {
    state.as_current(|d, me| d.dashboard(me, &filter, clock::now()))
}

#[tauri::command]
pub async fn get_kpi_settings(state: State<'_, DeskState>) -> DeskResult<KpiSettings> {
    state.signed_in(|d| d.kpi_settings())
}

#[tauri::command]
pub async fn set_kpi_settings(state: State<'_, DeskState>, settings: KpiSettings) -> DeskResult<KpiSettings> {
    state.as_current(|d, me| d.set_kpi_settings(me, &settings))
}

#[tauri::command]
pub async fn list_trainings(state: State<'_, DeskState>) -> DeskResult<Vec<TrainingSession>> {
    state.signed_in(|d| d.trainings())
}

#[tauri::command]
pub async fn add_training(state: State<'_, DeskState>, input: TrainingInput) -> DeskResult<TrainingSession> {
    state.as_current(|d, me| d.add_training(me, &input, clock::now()))
}

/// Exports every case of the list's filter; returns where it was saved (None: cancelled).
#[tauri::command]
pub async fn export_cases(app: AppHandle, state: State<'_, DeskState>, query: CaseQuery) -> DeskResult<Option<String>> {
    let now = clock::now();
    let (bytes, name) = state.as_current(|d, me| Ok((d.export_cases(me, &query)?, d.case_list_file_name(now))))?;
    save_bytes(&app, &name, &bytes, ("Excel", &["xlsx"]))
}

/// Exports every table of the dashboard for the filter; returns where it was saved.
#[tauri::command]
pub async fn export_kpi(app: AppHandle, state: State<'_, DeskState>, filter: KpiFilter) -> DeskResult<Option<String>> {
    let bytes = state.as_current(|d, me| d.export_kpi(me, &filter, clock::now()))?;
    save_bytes(&app, &Desk::kpi_file_name(&filter), &bytes, ("Excel", &["xlsx"]))
}
