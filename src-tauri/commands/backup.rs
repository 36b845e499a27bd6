//! Backups (备份与恢复): settings, back up now, the list, and restoring one, also when the desk
//! could not open (a damaged database).
use std::path::Path;

use crate::clock;
use complaintdesk_core::desk::backup::{BackupInfo, BackupSettings, BackupStatus};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::{DeskError, DeskResult, ErrorCode};
use tauri::{AppHandle, Manager};

use super::{as_current, off_runtime, signed_in, DeskState};
use crate::DataDir;

#[tauri::command]
pub async fn get_backup_settings(app: AppHandle) -> DeskResult<BackupSettings> {
    signed_in(&app, |d| d.backup_settings()).await
}

#[tauri::command]
pub async fn set_backup_settings(app: AppHandle, settings: BackupSettings) -> DeskResult<BackupSettings> {
    as_current(&app, move |d, me| d.set_backup_settings(me, &settings, clock::now())).await
}

#[tauri::command]
pub async fn backup_now(app: AppHandle) -> DeskResult<BackupInfo> {
    as_current(&app, |d, me| d.backup_now(Some(me), clock::now())).await
}

#[tauri::command]
pub async fn list_backups(app: AppHandle) -> DeskResult<Vec<BackupInfo>> {
    signed_in(&app, |d| d.list_backups(clock::now())).await
}

/// The last failed scheduled backup and the files interrupted backups left behind.
#[tauri::command]
pub async fn get_backup_status(app: AppHandle) -> DeskResult<BackupStatus> {
    signed_in(&app, |d| d.backup_status()).await
}

/// An admin deletes a backup (one that pruning held back because it has more complaints).
#[tauri::command]
pub async fn delete_backup(app: AppHandle, file: String) -> DeskResult<Vec<BackupInfo>> {
    as_current(&app, move |d, me| d.delete_backup(me, &file, clock::now())).await
}

/// The database was missing at start: try again (a drive plugged in since), without restarting.
#[tauri::command]
pub async fn retry_open_desk(app: AppHandle) -> DeskResult<()> {
    off_runtime(&app, |app| reopen(app, |dir| crate::open_desk(app, dir))).await
}

/// The database was missing at start and the user chose a new, empty desk over restoring (the
/// backups stay where they are). Only while no desk is open.
#[tauri::command]
pub async fn start_new_desk(app: AppHandle) -> DeskResult<()> {
    off_runtime(&app, |app| reopen(app, Desk::create_confirmed)).await
}

/// Opens the desk again with `open` (given the data folder), only while it is missing.
fn reopen(app: &AppHandle, open: impl FnOnce(&Path) -> DeskResult<Desk>) -> DeskResult<()> {
    let state = app.state::<DeskState>();
    match state.with(|_| Ok(())) {
        Ok(()) => return Err(DeskError::new(ErrorCode::AlreadySetUp, "客诉台已经打开")),
        Err(e) if e.code != ErrorCode::DatabaseMissing => return Err(e),
        Err(_) => {}
    }
    state.replace(|| open(&app.state::<DataDir>().0))?;
    crate::watcher::start(app.clone());
    Ok(())
}

/// The backups, read from the data folder without the desk (whose database may not open).
#[tauri::command]
pub async fn list_backups_at_start(app: AppHandle) -> DeskResult<Vec<BackupInfo>> {
    off_runtime(&app, |app| Desk::backups_at(&app.state::<DataDir>().0, clock::now())).await
}

/// Restores the backup named `file` (after backing up the current database) and reopens the
/// desk on it. With a desk open only an administrator may; a refused backup leaves the desk
/// as it was.
#[tauri::command]
pub async fn restore_backup(app: AppHandle, file: String) -> DeskResult<()> {
    off_runtime(&app, move |app| {
        let (state, dir) = (app.state::<DeskState>(), &app.state::<DataDir>().inner().0);
        // The laptop's backups are of its own file: restoring one would leave the shared store.
        if crate::store_settings::read(dir)?.is_some() {
            return Err(DeskError::new(
                ErrorCode::Invalid,
                "恢复备份只用于单机客诉台（本机的数据文件）；团队共用的数据库由数据库服务器保管和备份，请联系管理员。",
            )
            .rule("store.shared_has_no_file"));
        }
        let path = Desk::backup_path(dir, &file)?;
        let was_open = state.with(|_| Ok(())).is_ok();
        if was_open {
            state.as_current(|d, me| d.check_may_restore(me))?;
        }
        let mut refused = None;
        state.replace(|| match Desk::restore(dir, &path, clock::now()) {
            Ok(desk) => Ok(desk),
            Err(e) => {
                refused = Some(e);
                Desk::open(dir)
            }
        })?;
        if let Some(e) = refused {
            return Err(e);
        }
        crate::watcher::start(app.clone());
        Ok(())
    })
    .await
}
