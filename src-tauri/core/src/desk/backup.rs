//! Backups (备份与恢复): settings, backing up now or when a day has passed, the list, and
//! restoring a backup in place of the database (after backing up what is there).
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use super::{acting_role, Desk};
use crate::domain::types::Role;
use crate::domain::{DeskError, DeskResult};
use crate::store::{backup, meta, DB_FILE};

const FOLDER_KEY: &str = "backup_folder";
const KEEP_KEY: &str = "backup_keep";
/// Backups kept when the admin has not said otherwise.
pub const DEFAULT_KEEP: u32 = 7;
const MAX_KEEP: u32 = 365;
/// The scheduled backup runs when the newest one is older than this.
const DAILY: i64 = 24;

/// Where backups go and how many are kept (an admin changes them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupSettings {
    /// Absolute path of the backup folder.
    pub folder: String,
    /// How many of the newest backups are kept; older ones are deleted after each backup.
    pub keep: u32,
}

/// One backup file, for the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    /// The file's name in the backup folder (what restore asks for).
    pub file: String,
    pub path: String,
    pub created_at: DateTime<Utc>,
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// Complaints in the backup, when it could be read.
    #[ts(type = "number | null")]
    pub case_count: Option<i64>,
}

fn info(f: backup::BackupFile) -> BackupInfo {
    BackupInfo {
        case_count: backup::case_count(&f.path),
        file: f.name,
        path: f.path.display().to_string(),
        created_at: f.created_at,
        size_bytes: f.size_bytes,
    }
}

/// The backup folder used when none is set.
pub fn default_folder(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

fn settings_in(conn: &Connection, data_dir: &Path) -> DeskResult<BackupSettings> {
    let folder = meta::get(conn, FOLDER_KEY)?.unwrap_or_else(|| default_folder(data_dir).display().to_string());
    let keep = meta::get(conn, KEEP_KEY)?.and_then(|k| k.parse().ok()).unwrap_or(DEFAULT_KEEP);
    Ok(BackupSettings { folder, keep })
}

/// The settings as far as a database that may not open can tell; the defaults otherwise.
fn settings_at(data_dir: &Path) -> BackupSettings {
    backup::open_raw(&data_dir.join(DB_FILE))
        .and_then(|c| settings_in(&c, data_dir).ok())
        .unwrap_or(BackupSettings { folder: default_folder(data_dir).display().to_string(), keep: DEFAULT_KEEP })
}

/// Refuses a folder that cannot hold backups, naming the field.
fn check_folder(folder: &str) -> DeskResult<PathBuf> {
    let path = PathBuf::from(folder.trim());
    if folder.trim().is_empty() {
        return Err(DeskError::required("folder", "备份文件夹"));
    }
    if !path.is_absolute() {
        return Err(DeskError::invalid("folder", "备份文件夹应为完整路径（如 D:\\备份 或 /home/备份）").rule("backup.folder.absolute"));
    }
    std::fs::create_dir_all(&path)
        .map_err(|e| DeskError::invalid("folder", format!("无法创建备份文件夹：{e}")).rule("backup.folder.create"))?;
    let probe = path.join(".complaintdesk-write-test");
    std::fs::write(&probe, b"ok")
        .and_then(|()| std::fs::remove_file(&probe))
        .map_err(|e| DeskError::invalid("folder", format!("备份文件夹不可写入：{e}")).rule("backup.folder.writable"))?;
    Ok(path)
}

impl Desk {
    fn data_dir(&self) -> PathBuf {
        self.store.dir().to_path_buf()
    }

    pub fn backup_settings(&self) -> DeskResult<BackupSettings> {
        settings_in(self.store.conn(), &self.data_dir())
    }

    #[instrument(skip_all, fields(actor))]
    pub fn set_backup_settings(&mut self, actor: i64, settings: &BackupSettings) -> DeskResult<BackupSettings> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "修改备份设置")?;
        if settings.keep < 1 || settings.keep > MAX_KEEP {
            return Err(DeskError::invalid("keep", format!("“保留份数”应在 1 到 {MAX_KEEP} 之间")).rule("backup.keep.range"));
        }
        let folder = check_folder(&settings.folder)?;
        let keep = settings.keep.to_string();
        self.store.write(|tx| {
            meta::set(tx, FOLDER_KEY, &folder.display().to_string())?;
            meta::set(tx, KEEP_KEY, &keep)
        })?;
        self.backup_settings()
    }

    /// Backs up the open database now and prunes to the newest N. An admin from the window or
    /// the CLI; `None` is the app itself (at start-up and daily).
    #[instrument(skip_all)]
    pub fn backup_now(&mut self, actor: Option<i64>, now: DateTime<Utc>) -> DeskResult<BackupInfo> {
        if let Some(actor) = actor {
            acting_role(&self.actor(actor)?, &[Role::Admin], "备份数据")?;
        }
        let settings = self.backup_settings()?;
        let folder = PathBuf::from(&settings.folder);
        let path = backup::write(self.store.conn(), &folder, now)?;
        backup::prune(&folder, settings.keep as usize)?;
        tracing::info!(file = %path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(), "backup written");
        let file = backup::list(&folder)?.into_iter().find(|f| f.path == path).ok_or_else(|| DeskError::not_found("刚写入的备份"))?;
        Ok(info(file))
    }

    /// The scheduled backup: only when the newest backup is a day old or there is none.
    pub fn backup_if_due(&mut self, now: DateTime<Utc>) -> DeskResult<Option<BackupInfo>> {
        let folder = PathBuf::from(self.backup_settings()?.folder);
        let newest = backup::list(&folder)?.into_iter().next();
        if newest.is_some_and(|b| now - b.created_at < Duration::hours(DAILY) && b.created_at <= now) {
            return Ok(None);
        }
        self.backup_now(None, now).map(Some)
    }

    /// The backups in the folder, newest first.
    pub fn list_backups(&self) -> DeskResult<Vec<BackupInfo>> {
        Ok(backup::list(Path::new(&self.backup_settings()?.folder))?.into_iter().map(info).collect())
    }

    /// The backups as far as the data folder tells without an open desk (its database may be
    /// damaged): the folder set in it if it can be read, else the default one.
    pub fn backups_at(data_dir: &Path) -> DeskResult<Vec<BackupInfo>> {
        Ok(backup::list(Path::new(&settings_at(data_dir).folder))?.into_iter().map(info).collect())
    }

    /// A backup named by its file name in the backup folder (nothing outside it can be asked for).
    pub fn backup_path(data_dir: &Path, file: &str) -> DeskResult<PathBuf> {
        if backup::parse_name(file).is_none() || file.contains(['/', '\\']) {
            return Err(DeskError::invalid("file", format!("“{file}”不是备份文件的名字")).rule("backup.name"));
        }
        let path = Path::new(&settings_at(data_dir).folder).join(file);
        if !path.is_file() {
            return Err(DeskError::not_found(&format!("备份“{file}”")).field("file"));
        }
        Ok(path)
    }

    /// Replaces the database in `data_dir` with `backup_file` and opens the desk on it. No desk
    /// may be open on `data_dir` (drop it first). The backup is verified before anything is
    /// touched; then the current database is backed up (or, when it is too damaged for that,
    /// its bytes are kept beside the backups), and only then is the file replaced.
    #[instrument(skip_all)]
    pub fn restore(data_dir: &Path, backup_file: &Path, now: DateTime<Utc>) -> DeskResult<Desk> {
        backup::verify(backup_file)?;
        let db = data_dir.join(DB_FILE);
        let settings = settings_at(data_dir);
        let folder = PathBuf::from(&settings.folder);
        if db.exists() {
            let copied = backup::open_raw(&db).ok_or_else(|| DeskError::storage("无法打开当前数据库")).and_then(|conn| {
                let path = backup::write(&conn, &folder, now)?;
                drop(conn);
                Ok(path)
            });
            match copied {
                Ok(path) => {
                    tracing::info!(file = %path.display(), "current database backed up before restore");
                    // The safety copy must not push out the backup being restored.
                    let keep = (settings.keep as usize).max(backup::list(&folder)?.iter().position(|f| f.path == backup_file).map_or(0, |i| i + 1));
                    backup::prune(&folder, keep)?;
                }
                Err(e) => {
                    tracing::warn!(code = ?e.code, "the current database could not be backed up; keeping its bytes");
                    backup::keep_damaged(&db, &folder, now)?;
                }
            }
        }
        backup::replace_database(data_dir, backup_file)?;
        tracing::info!("database restored from a backup");
        Desk::open(data_dir)
    }
}

impl Desk {
    /// Refuses a restore by anyone but an administrator (when the desk is open to ask; a desk
    /// that cannot open offers its backups to whoever is at the machine).
    pub fn check_may_restore(&self, actor: i64) -> DeskResult<()> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "恢复备份").map(|_| ())
    }
}
