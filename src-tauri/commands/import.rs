//! 导入历史投诉 (admin): pick a file, preview it with the suggested mapping and value table,
//! change them, dry-run, import with a progress bar that can be cancelled (`import-progress`),
//! and save the refused rows' Excel file. The work runs off the window's path; the file is read
//! where it lies, never sent through the window.
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use complaintdesk_core::desk::import::{ImportOptions, ImportPreview, ImportReport, SavedMapping};
use complaintdesk_core::domain::{DeskError, DeskResult};
use complaintdesk_core::import::read::Input;
use complaintdesk_core::import::Mapping;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_dialog::DialogExt;

use super::documents::save_bytes;
use super::{as_current, off_runtime};
use crate::clock;

/// The event that carries an import's progress to the window.
pub const IMPORT_PROGRESS: &str = "import-progress";

/// How far an import is: rows read of the rows the preview counted.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ImportProgress {
    pub done: usize,
    pub total: usize,
}

/// What the window chose for the import.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportChoice {
    pub path: String,
    pub mapping: Mapping,
    pub dry_run: bool,
    #[serde(default)]
    pub again: bool,
    #[serde(default)]
    pub skip_refused: bool,
    #[serde(default)]
    pub expected_rows: usize,
}

/// The shell's import state: the cancel flag of the import under way, and the refused rows'
/// workbook of the last run (saved on request).
#[derive(Default)]
pub struct ImportState {
    cancel: AtomicBool,
    refused: Mutex<Option<(String, Vec<u8>)>>,
}

/// The file to import: the native open dialog, or `COMPLAINTDESK_OPEN_FILE` when that is set
/// (the window tests); None when the user cancelled.
#[tauri::command]
pub async fn pick_import_file(app: AppHandle) -> DeskResult<Option<String>> {
    as_current(&app, |d, me| d.may_import(me)).await?;
    if let Some(path) = std::env::var_os("COMPLAINTDESK_OPEN_FILE").filter(|p| !p.is_empty()) {
        return Ok(Some(PathBuf::from(path).display().to_string()));
    }
    off_runtime(&app, |app| {
        let Some(picked) = app.dialog().file().add_filter("表格 (CSV, Excel)", &["csv", "txt", "xlsx", "xls", "ods"]).blocking_pick_file() else {
            return Ok(None);
        };
        let path = picked.into_path().map_err(|e| DeskError::invalid("path", format!("无法打开所选文件：{e}")))?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

#[tauri::command]
pub async fn preview_import(app: AppHandle, path: String, mapping: Option<Mapping>) -> DeskResult<ImportPreview> {
    as_current(&app, move |d, me| d.import_preview(me, Input::Path(&PathBuf::from(&path)), mapping.as_ref())).await
}

/// Runs (or, dry, checks) the import; the window hears `import-progress` meanwhile.
#[tauri::command]
pub async fn run_import(app: AppHandle, choice: ImportChoice) -> DeskResult<ImportReport> {
    app.state::<ImportState>().cancel.store(false, Ordering::Relaxed);
    let tell = app.clone();
    let state = app.clone();
    let (report, refused) = as_current(&app, move |d, me| {
        let options = ImportOptions { dry_run: choice.dry_run, again: choice.again, skip_refused: choice.skip_refused, expected_rows: choice.expected_rows };
        let path = PathBuf::from(&choice.path);
        let progress = |done: usize, total: usize| {
            let _ = tell.emit(IMPORT_PROGRESS, ImportProgress { done, total });
        };
        d.import_cases(me, Input::Path(&path), Some(&choice.mapping), options, clock::now(), &progress, &state.state::<ImportState>().cancel)
    })
    .await?;
    if !report.dry_run && report.imported > 0 {
        // Lists, 我的工作 and dashboards open elsewhere show the new cases.
        let _ = app.emit("cases-changed", serde_json::json!({ "id": null }));
    }
    let name = report.file_name.rsplit_once('.').map_or(report.file_name.as_str(), |(stem, _)| stem).to_string();
    *app.state::<ImportState>().refused.lock().unwrap_or_else(|p| p.into_inner()) = refused.map(|bytes| (format!("{name}-未导入的行.xlsx"), bytes));
    Ok(report)
}

/// Stops the import under way; it leaves nothing behind.
#[tauri::command]
pub async fn cancel_import(app: AppHandle) -> DeskResult<()> {
    as_current(&app, |d, me| d.may_import(me)).await?;
    app.state::<ImportState>().cancel.store(true, Ordering::Relaxed);
    Ok(())
}

/// Saves the last run's refused rows (with 错误原因) where the user picks; None when cancelled
/// or when no row was refused.
#[tauri::command]
pub async fn save_import_report(app: AppHandle) -> DeskResult<Option<String>> {
    // The rows hold customers' names and phones: only an importer saves them.
    as_current(&app, |d, me| d.may_import(me)).await?;
    let Some((name, bytes)) = app.state::<ImportState>().refused.lock().unwrap_or_else(|p| p.into_inner()).clone() else {
        return Ok(None);
    };
    off_runtime(&app, move |app| save_bytes(app, &name, &bytes, ("Excel", &["xlsx"]))).await
}

#[tauri::command]
pub async fn list_import_mappings(app: AppHandle) -> DeskResult<Vec<SavedMapping>> {
    as_current(&app, |d, me| d.import_mappings(me)).await
}

#[tauri::command]
pub async fn save_import_mapping(app: AppHandle, name: String, mapping: Mapping) -> DeskResult<Vec<SavedMapping>> {
    as_current(&app, move |d, me| {
        d.save_import_mapping(me, &name, &mapping)?;
        d.import_mappings(me)
    })
    .await
}
