//! Backups (备份与恢复): settings, back up now, the list, and restoring one, also when the desk
//! could not open (a damaged database).
use crate::clock;
use complaintdesk_core::desk::backup::{BackupInfo, BackupSettings, BackupStatus};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::{DeskError, DeskResult, ErrorCode};
use tauri::{AppHandle, State};

use super::DeskState;
use crate::DataDir;

#[tauri::command]
pub async fn get_backup_settings(state: State<'_, DeskState>) -> DeskResult<BackupSettings> {
    state.signed_in(|d| d.backup_settings())
}

#[tauri::command]
pub async fn set_backup_settings(state: State<'_, DeskState>, settings: BackupSettings) -> DeskResult<BackupSettings> {
    state.as_current(|d, me| d.set_backup_settings(me, &settings, clock::now()))
}

#[tauri::command]
pub async fn backup_now(state: State<'_, DeskState>) -> DeskResult<BackupInfo> {
    state.as_current(|d, me| d.backup_now(Some(me), clock::now()))
}

#[tauri::command]
pub async fn list_backups(state: State<'_, DeskState>) -> DeskResult<Vec<BackupInfo>> {
    state.signed_in(|d| d.list_backups(clock::now()))
}

/// The last failed scheduled backup and the files interrupted backups left behind.
#[tauri::command]
pub async fn get_backup_status(state: State<'_, DeskState>) -> DeskResult<BackupStatus> {
    state.signed_in(|d| d.backup_status())
}

/// An admin deletes a backup (one that pruning held back because it has more complaints).
#[tauri::command]
pub async fn delete_backup(state: State<'_, DeskState>, file: String) -> DeskResult<Vec<BackupInfo>> {
    state.as_current(|d, me| d.delete_backup(me, &file, clock::now()))
}

/// The database was missing at start: try again (a drive plugged in since), without restarting.
#[tauri::command]
pub async fn retry_open_desk(app: AppHandle, state: State<'_, DeskState>, dir: State<'_, DataDir>) -> DeskResult<()> {
    reopen(&app, &state, || crate::open_desk(&app, &dir.0))
}

/// The database was missing at start and the user chose a new, empty desk over restoring (the
/// backups stay where they are). Only while no desk is open.
#[tauri::command]
pub async fn start_new_desk(app: AppHandle, state: State<'_, DeskState>, dir: State<'_, DataDir>) -> DeskResult<()> {
    reopen(&app, &state, || Desk::create_confirmed(&dir.0))
}

fn reopen(app: &AppHandle, state: &DeskState, open: impl FnOnce() -> DeskResult<Desk>) -> DeskResult<()> {
    match state.with(|_| Ok(())) {
        Ok(()) => return Err(DeskError::new(ErrorCode::AlreadySetUp, "客诉台已经打开")),
        Err(e) if e.code != ErrorCode::DatabaseMissing => return Err(e),
        Err(_) => {}
    }
    state.replace(open)?;
    crate::watcher::start(app.clone());
    Ok(())
}

/// The backups, read from the data folder without the desk (whose database may not open).
#[tauri::command]
pub async fn list_backups_at_start(dir: State<'_, DataDir>) -> DeskResult<Vec<BackupInfo>> {
    Desk::backups_at(&dir.0, clock::now())
}

/// Restores the backup named `file` (after backing up the current database) and reopens the
/// desk on it. With a desk open only an administrator may; a refused backup leaves the desk
/// as it was.
#[tauri::command]
pub async fn restore_backup(app: AppHandle, state: State<'_, DeskState>, dir: State<'_, DataDir>, file: String) -> DeskResult<()> {
    let path = Desk::backup_path(&dir.0, &file)?;
    let was_open = state.with(|_| Ok(())).is_ok();
    if was_open {
        state.as_current(|d, me| d.check_may_restore(me))?;
    }
    let mut refused = None;
    state.replace(|| match Desk::restore(&dir.0, &path, clock::now()) {
        Ok(desk) => Ok(desk),
        Err(e) => {
            refused = Some(e);
            Desk::open(&dir.0)
        }
    })?;
    if let Some(e) = refused {
        return Err(e);
    }
    crate::watcher::start(app);
    Ok(())
}
