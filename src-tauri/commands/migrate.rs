//! 数据存储 → 迁入共享库: an admin moves this laptop's desk into the team's shared store, and on
//! the shared store 备份与恢复 → 导出为单机只读副本.
//!
//! The move connects as the store's owner (the account the office's IT made the database with;
//! its password is typed for this move and never kept), makes the tables in an empty database,
//! copies the desk in one transaction (`store::pg::migrate`), gives the admin's own role the
//! password they chose, and verifies the store's chain (`db verify`). The window is told how far
//! it is (`migration-progress`). The desk stays on the laptop's file throughout: switching this
//! laptop to the shared store is `set_store_settings`, which the window offers afterwards.
use std::cell::Cell;
use std::path::PathBuf;
use std::time::Instant;

use complaintdesk_core::desk::audit::AuditCheck;
use complaintdesk_core::desk::signin::check_password;
use complaintdesk_core::domain::{DeskError, DeskResult, ErrorCode};
use complaintdesk_core::store::pg::export::{export, ExportReport};
use complaintdesk_core::store::pg::migrate::{migrate_with, MigrationProgress, MigrationReport};
use complaintdesk_core::store::pg::{PgStore, Server};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_dialog::DialogExt;

use super::{off_runtime, DeskState};
use crate::clock;

/// The event that carries each [`MigrationProgress`] to the window.
pub const MIGRATION_PROGRESS: &str = "migration-progress";

/// What the refusal of a laptop-only action on the shared store calls the move.
const MOVE: &str = "迁入共享库";

/// A finished move: what moved, the store's chain as `db verify` finds it afterwards, and how
/// long it took.
#[derive(Debug, Clone, Serialize)]
pub struct Migrated {
    pub report: MigrationReport,
    pub verify: AuditCheck,
    pub took_ms: u64,
}

/// 迁入共享库 (admin, on the laptop's file): moves this desk into the shared store on `server`
/// as its owner `owner`, then sets the admin's own password there to `my_password`. Refused
/// untouched when the store already holds one of the desk's case numbers (`conflict`); a wrong
/// owner password is `db.password`, like every other connection.
#[tauri::command]
pub async fn migrate_to_shared(app: AppHandle, server: Server, owner: String, owner_password: String, my_password: String) -> DeskResult<Migrated> {
    off_runtime(&app, move |app| {
        let state = app.state::<DeskState>();
        let login = state.as_current(|d, me| {
            d.check_may_change_store(me)?;
            d.store().file_store(MOVE)?;
            Ok(d.actor(me)?.login)
        })?;
        // What can be refused before anything moves is refused first.
        server.validate()?;
        if owner.trim().is_empty() {
            return Err(DeskError::required("owner", "共享库所有者账号"));
        }
        check_password("my_password", &my_password)?;

        let started = Instant::now();
        let total = Cell::new(1);
        let tell = |p: MigrationProgress| {
            total.set(p.total);
            let _ = app.emit(MIGRATION_PROGRESS, p);
        };
        tell(MigrationProgress { done: 0, total: 1, step: "connect".into() });
        // Connecting may wait for the network: the desk is not held meanwhile.
        let mut store = PgStore::init_as_owner(&server, owner.trim(), &owner_password)?;
        // The copy reads the desk as it was at one moment (one read transaction), so nothing
        // written meanwhile is half in it; the window's other calls go on beside it.
        let report = state.as_current(|d, me| {
            d.check_may_change_store(me)?;
            migrate_with(d.store().file_store(MOVE)?, &mut store, &mut |p| tell(p))
        })?;
        tracing::info!(ms = started.elapsed().as_millis() as u64, "desk moved into the shared store");

        // The data is in: whatever fails from here on must not read as if it were not, nor
        // invite a second move (which the store would refuse as a conflict).
        let moved = |e: DeskError| DeskError {
            message: format!("案件已迁入共享库，但随后{}", e.message),
            rule: Some("store.moved_but".into()),
            field: None,
            ..e
        };
        let (done, total) = (total.get(), total.get());
        tell(MigrationProgress { done, total, step: "password".into() });
        // Every person moved in has a role without a password; the admin's own is set now (role and user).
        store.set_person_password(&login, &my_password).map_err(moved)?;
        tell(MigrationProgress { done, total, step: "audit".into() });
        let verify = store.audit_check().map_err(moved)?;
        let took_ms = started.elapsed().as_millis() as u64;
        tracing::info!(ok = verify.ok, events = verify.events, took_ms, "shared store verified after the move");
        Ok(Migrated { report, verify, took_ms })
    })
    .await
}

/// 导出为单机只读副本 (admin, on the shared store): the store as this person's connection sees
/// it (row-level security: only their branch, unless they see every branch) copied into a new
/// read-only desk folder, under `COMPLAINTDESK_SAVE_DIR` or a folder the admin picks. `None`:
/// the admin cancelled the dialog.
#[tauri::command]
pub async fn export_shared_copy(app: AppHandle) -> DeskResult<Option<ExportReport>> {
    off_runtime(&app, |app| {
        let state = app.state::<DeskState>();
        let now = clock::now();
        let name = state.as_current(|d, me| {
            d.check_may_change_store(me)?;
            if d.store().file().is_some() {
                return Err(DeskError::new(ErrorCode::Invalid, "导出为单机只读副本只用于联网客诉台；单机的数据请用备份").rule("store.single_has_no_copy"));
            }
            Ok(format!("客诉台只读副本-{}", now.with_timezone(&d.zone()).format("%Y%m%d-%H%M%S")))
        })?;
        let Some(parent) = save_folder(app)? else { return Ok(None) };
        let dir = new_folder(&parent, &name);
        let report = state.as_current(|d, me| {
            d.check_may_change_store(me)?;
            d.store()
                .with_shared(|s| export(s, &dir, now))
                .unwrap_or_else(|| Err(DeskError::new(ErrorCode::Invalid, "导出为单机只读副本只用于联网客诉台").rule("store.single_has_no_copy")))
        })?;
        tracing::info!(tables = report.tables.len(), files = report.files, "shared store exported to a read-only copy");
        Ok(Some(report))
    })
    .await
}

/// Where the copy's folder goes: `COMPLAINTDESK_SAVE_DIR` when set (kiosk installs, tests), else
/// a folder the admin picks; `None` when they cancel. Blocks until they answer.
fn save_folder(app: &AppHandle) -> DeskResult<Option<PathBuf>> {
    if let Some(dir) = std::env::var_os("COMPLAINTDESK_SAVE_DIR").filter(|d| !d.is_empty()) {
        return Ok(Some(PathBuf::from(dir)));
    }
    let Some(picked) = app.dialog().file().set_title("选择保存只读副本的文件夹").blocking_pick_folder() else {
        return Ok(None);
    };
    picked.into_path().map(Some).map_err(|e| DeskError::invalid("path", format!("无法保存到所选位置：{e}")))
}

/// `parent/name`, or `name-2`, `name-3`, … when a folder of that name is already there.
fn new_folder(parent: &std::path::Path, name: &str) -> PathBuf {
    let mut dir = parent.join(name);
    let mut n = 2;
    while dir.exists() {
        dir = parent.join(format!("{name}-{n}"));
        n += 1;
    }
    dir
}
