//! Backups (备份与恢复): settings, backing up now or when a day has passed, the list, and
//! restoring a backup in place of the database (after backing up what is there).
use crate::store::db::Db;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use super::{acting_role, Desk};
use crate::domain::types::Role;
use crate::domain::{DeskError, DeskResult, ErrorCode};
use crate::store::{backup, fault, meta, DB_FILE};

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
    /// Stamped after the desk's "now": made while the computer's clock ran ahead.
    pub future: bool,
    /// Older than the newest N but kept, because it holds more complaints than every backup
    /// kept: an admin deletes it (`delete_backup`) once sure it is not needed.
    pub held: bool,
}

fn info(f: backup::BackupFile, now: DateTime<Utc>, held: Option<&Path>) -> BackupInfo {
    BackupInfo {
        case_count: backup::case_count(&f.path),
        future: f.created_at > now,
        held: held == Some(f.path.as_path()),
        file: f.name,
        path: f.path.display().to_string(),
        created_at: f.created_at,
        size_bytes: f.size_bytes,
    }
}

/// A scheduled backup that failed: when, and why (the error's code and message).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupFailure {
    pub at: DateTime<Utc>,
    pub error: DeskError,
}

/// A file a backup or restore left behind: `partial` (a backup cut off), `restoring` (a restore
/// cut off), `damaged` (a damaged database's bytes, kept when it was replaced).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LeftoverFile {
    pub file: String,
    pub path: String,
    pub kind: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
}

/// How backing up goes: the last scheduled backup that failed (until one succeeds) and the files
/// left behind, for the admin and the 备份与恢复 page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupStatus {
    pub last_failure: Option<BackupFailure>,
    pub leftovers: Vec<LeftoverFile>,
}

/// A scheduled backup, made on its own connection to the database (see [`Desk::backup_job`]).
#[derive(Debug, Clone)]
pub struct BackupJob {
    db: PathBuf,
    data_dir: PathBuf,
    settings: BackupSettings,
    /// The desk's zone: the backup's name is its local time there.
    zone: Tz,
}

impl BackupJob {
    /// Copies the database, prunes to the newest N and updates the desk's marker, all on a
    /// connection of its own: WAL lets the desk read and write meanwhile.
    pub fn run(&self, now: DateTime<Utc>) -> DeskResult<BackupInfo> {
        let conn = backup::open_raw(&self.db).ok_or_else(|| DeskError::storage(format!("无法打开数据库 {} 做备份", self.db.display())))?;
        let folder = PathBuf::from(&self.settings.folder);
        let path = backup::write(&conn, &folder, now, self.zone)?;
        backup::prune(&folder, self.settings.keep as usize, now, self.zone)?;
        tracing::info!(file = %path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(), "scheduled backup written");
        super::presence::write_marker_from(&conn, &self.data_dir, &self.settings.folder, now)?;
        let file = backup::list(&folder, self.zone)?.into_iter().find(|f| f.path == path).ok_or_else(|| DeskError::not_found("刚写入的备份"))?;
        Ok(info(file, now, None))
    }
}

/// The backup folder used when none is set.
pub fn default_folder(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

fn settings_in(conn: &dyn Db, data_dir: &Path) -> DeskResult<BackupSettings> {
    let folder = meta::get(conn, FOLDER_KEY)?.unwrap_or_else(|| default_folder(data_dir).display().to_string());
    let keep = meta::get(conn, KEEP_KEY)?.and_then(|k| k.parse().ok()).unwrap_or(DEFAULT_KEEP);
    Ok(BackupSettings { folder, keep })
}

/// The settings and the desk's zone as far as a database that may not open can tell; else what
/// the desk's marker says; else the defaults.
fn settings_at(data_dir: &Path) -> (BackupSettings, Tz) {
    let db = data_dir.join(DB_FILE);
    let from_db = if std::fs::metadata(&db).map(|m| m.len() > 0).unwrap_or(false) {
        backup::open_raw(&db).and_then(|c| Some((settings_in(&c, data_dir).ok()?, super::zone_in(&c).ok()?)))
    } else {
        None
    };
    from_db.unwrap_or_else(|| {
        let marker = super::presence::marker_at(data_dir);
        let zone = marker.as_ref().and_then(|m| m.desk_zone.as_deref()).and_then(|z| crate::domain::deadline::parse_zone(z).ok());
        let settings = BackupSettings {
            folder: marker.map(|m| m.backup_folder).unwrap_or_else(|| default_folder(data_dir).display().to_string()),
            keep: DEFAULT_KEEP,
        };
        (settings, zone.unwrap_or(crate::domain::deadline::DEFAULT_DESK_ZONE))
    })
}

/// Files in `dir` that an interrupted backup or restore, or a restore over a damaged database,
/// left behind.
fn leftovers_in(dir: &Path) -> Vec<LeftoverFile> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut found: Vec<LeftoverFile> = entries
        .flatten()
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            let kind = if file.ends_with(".partial") {
                "partial"
            } else if file.ends_with(".restoring") {
                "restoring"
            } else if file.starts_with("damaged-") && file.ends_with(".sqlite3") {
                "damaged"
            } else {
                return None;
            };
            let size_bytes = e.metadata().ok()?.len();
            Some(LeftoverFile { path: e.path().display().to_string(), file, kind: kind.into(), size_bytes })
        })
        .collect();
    found.sort_by(|a, b| a.file.cmp(&b.file));
    found
}

fn listed(settings: &BackupSettings, now: DateTime<Utc>, zone: Tz) -> DeskResult<Vec<BackupInfo>> {
    let folder = Path::new(&settings.folder);
    let (_, held) = backup::plan_prune(folder, settings.keep as usize, now, zone)?;
    let held = held.map(|b| b.path);
    Ok(backup::list_at(folder, now, zone)?.into_iter().map(|f| info(f, now, held.as_deref())).collect())
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
    /// The laptop desk's data folder; a shared store has none (the server keeps its backups).
    fn data_dir(&self) -> DeskResult<PathBuf> {
        Ok(self.store.file_store("本机备份")?.dir().to_path_buf())
    }

    pub fn backup_settings(&self) -> DeskResult<BackupSettings> {
        settings_in(self.store.db(), &self.data_dir()?)
    }

    #[instrument(skip_all, fields(actor))]
    pub fn set_backup_settings(&self, actor: i64, settings: &BackupSettings, now: DateTime<Utc>) -> DeskResult<BackupSettings> {
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
        self.write_marker(now)?;
        self.backup_settings()
    }

    /// Backs up the open database now and prunes to the newest N. An admin from the window or
    /// the CLI; `None` is the app itself (at start-up and daily).
    #[instrument(skip_all)]
    pub fn backup_now(&self, actor: Option<i64>, now: DateTime<Utc>) -> DeskResult<BackupInfo> {
        if let Some(actor) = actor {
            acting_role(&self.actor(actor)?, &[Role::Admin], "备份数据")?;
        }
        let settings = self.backup_settings()?;
        let folder = PathBuf::from(&settings.folder);
        let zone = self.deadlines().zone;
        // On a reading connection: the copy holds no write, and the desk goes on meanwhile.
        let path = backup::write(&*self.store.file_store("备份")?.reader()?, &folder, now, zone)?;
        backup::prune(&folder, settings.keep as usize, now, zone)?;
        tracing::info!(file = %path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(), "backup written");
        self.write_marker(now)?;
        let file = backup::list(&folder, zone)?.into_iter().find(|f| f.path == path).ok_or_else(|| DeskError::not_found("刚写入的备份"))?;
        Ok(info(file, now, None))
    }

    /// The scheduled backup, if one is due (the newest backup is a day old, or there is none):
    /// what [`BackupJob::run`] needs to make it on a connection of its own, so the copy never
    /// holds the desk (the window's commands go on meanwhile).
    pub fn backup_job(&self, now: DateTime<Utc>) -> DeskResult<Option<BackupJob>> {
        let Some(data_dir) = self.store.dir().map(Path::to_path_buf) else {
            return Ok(None);
        };
        let settings = self.backup_settings()?;
        let zone = self.deadlines().zone;
        let newest = backup::list_at(Path::new(&settings.folder), now, zone)?.into_iter().next();
        if newest.is_some_and(|b| now - b.created_at < Duration::hours(DAILY) && b.created_at <= now) {
            return Ok(None);
        }
        Ok(Some(BackupJob { db: self.store.file_store("备份")?.path().to_path_buf(), data_dir, settings, zone }))
    }

    /// Keeps a scheduled backup's failure for [`Desk::backup_status`]; a success clears it.
    pub fn record_backup_result(&self, result: &DeskResult<BackupInfo>, now: DateTime<Utc>) {
        *self.backup_failure.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = match result {
            Ok(_) => None,
            Err(error) => Some(BackupFailure { at: now, error: error.clone() }),
        };
    }

    /// The scheduled backup made in one go (tests and the CLI): [`Desk::backup_job`],
    /// [`BackupJob::run`], [`Desk::record_backup_result`].
    pub fn backup_if_due(&self, now: DateTime<Utc>) -> DeskResult<Option<BackupInfo>> {
        let job = match self.backup_job(now) {
            Ok(Some(job)) => job,
            Ok(None) => return Ok(None),
            Err(e) => {
                self.record_backup_result(&Err(e.clone()), now);
                return Err(e);
            }
        };
        let result = job.run(now);
        self.record_backup_result(&result, now);
        result.map(Some)
    }

    /// The last failed scheduled backup and the files backups and restores left behind.
    pub fn backup_status(&self) -> DeskResult<BackupStatus> {
        if self.store.dir().is_none() {
            return Ok(BackupStatus { last_failure: None, leftovers: Vec::new() });
        }
        let settings = self.backup_settings()?;
        let mut leftovers = leftovers_in(Path::new(&settings.folder));
        leftovers.extend(leftovers_in(&self.data_dir()?).into_iter().filter(|l| l.kind == "restoring"));
        Ok(BackupStatus { last_failure: self.backup_failure.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone(), leftovers })
    }

    /// Removes what a backup or restore cut off more than an hour before `now` left behind
    /// (`.partial`, `.restoring`); a damaged database's bytes are kept and listed.
    pub fn clean_leftovers(&self, now: DateTime<Utc>) -> DeskResult<usize> {
        let settings = self.backup_settings()?;
        let mut removed = 0;
        for dir in [PathBuf::from(&settings.folder), self.data_dir()?] {
            for l in leftovers_in(&dir).into_iter().filter(|l| l.kind != "damaged") {
                let modified = std::fs::metadata(&l.path).and_then(|m| m.modified()).ok().map(DateTime::<Utc>::from);
                if modified.is_some_and(|m| now - m > Duration::hours(1)) && std::fs::remove_file(&l.path).is_ok() {
                    removed += 1;
                }
            }
        }
        if removed > 0 {
            tracing::info!(removed, "leftover files of interrupted backups removed");
        }
        Ok(removed)
    }

    /// The backups in the folder, newest first.
    pub fn list_backups(&self, now: DateTime<Utc>) -> DeskResult<Vec<BackupInfo>> {
        listed(&self.backup_settings()?, now, self.deadlines().zone)
    }

    /// The backups as far as the data folder tells without an open desk (its database may be
    /// damaged): the folder set in it if it can be read, else the default one.
    pub fn backups_at(data_dir: &Path, now: DateTime<Utc>) -> DeskResult<Vec<BackupInfo>> {
        let (settings, zone) = settings_at(data_dir);
        listed(&settings, now, zone)
    }

    /// The desk's zone as far as the data folder tells without an open desk (the database, else
    /// the desk's marker, else the default): the zone its backups are named in.
    pub fn zone_at(data_dir: &Path) -> Tz {
        settings_at(data_dir).1
    }

    /// An admin deletes a backup (the one pruning held back, say). Only files named like a
    /// backup in the backup folder; the newest one is never deleted.
    #[instrument(skip_all, fields(actor))]
    pub fn delete_backup(&self, actor: i64, file: &str, now: DateTime<Utc>) -> DeskResult<Vec<BackupInfo>> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "删除备份")?;
        let path = Desk::backup_path(&self.data_dir()?, file)?;
        let settings = self.backup_settings()?;
        let zone = self.deadlines().zone;
        if backup::list_at(Path::new(&settings.folder), now, zone)?.first().is_some_and(|b| b.path == path) {
            return Err(DeskError::invalid("file", "最新的备份不能删除").rule("backup.delete.newest"));
        }
        std::fs::remove_file(&path).map_err(|e| fault::explain_io(&e, &path, "无法删除备份"))?;
        tracing::info!("backup deleted by an admin");
        listed(&settings, now, zone)
    }

    /// A backup named by its file name in the backup folder (nothing outside it can be asked for).
    pub fn backup_path(data_dir: &Path, file: &str) -> DeskResult<PathBuf> {
        if backup::parse_stamp(file).is_none() || file.contains(['/', '\\']) {
            return Err(DeskError::invalid("file", format!("“{file}”不是备份文件的名字")).rule("backup.name"));
        }
        let path = Path::new(&settings_at(data_dir).0.folder).join(file);
        if !path.is_file() {
            return Err(DeskError::not_found(&format!("备份“{file}”")).field("file"));
        }
        Ok(path)
    }

    /// Replaces the database in `data_dir` with `backup_file` and opens the desk on it. No desk
    /// may be open on `data_dir` in this process (drop it first), and no other window or program
    /// anywhere: the database is taken exclusively, or the restore is refused (`busy`) with
    /// nothing changed. The backup is verified before anything is touched; then the current
    /// database is backed up (or, when it is too damaged for that, its bytes are kept beside the
    /// backups), and only then are its pages replaced, in one transaction. A restore that fails
    /// leaves the database and the backup folder as they were.
    #[instrument(skip_all)]
    pub fn restore(data_dir: &Path, backup_file: &Path, now: DateTime<Utc>) -> DeskResult<Desk> {
        backup::verify(backup_file)?;
        let db = data_dir.join(DB_FILE);
        let (settings, zone) = settings_at(data_dir);
        let folder = PathBuf::from(&settings.folder);
        let has_db = std::fs::metadata(&db).map(|m| m.len() > 0).unwrap_or(false);
        if !has_db {
            std::fs::create_dir_all(data_dir).map_err(|e| fault::explain_io(&e, data_dir, "无法创建数据文件夹"))?;
            backup::replace_database(data_dir, backup_file)?;
        } else {
            match backup::take_exclusive(&db) {
                Ok(mut conn) => {
                    let safety = match backup::write(&conn, &folder, now, zone) {
                        Ok(path) => {
                            tracing::info!(file = %path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(), "current database backed up before restore");
                            path
                        }
                        Err(e) if e.code == ErrorCode::DatabaseCorrupt => {
                            tracing::warn!("the current database could not be backed up; keeping its bytes");
                            backup::keep_damaged(&db, &folder, now, zone)?
                        }
                        Err(e) => return Err(e),
                    };
                    if let Err(e) = backup::restore_into(&mut conn, backup_file) {
                        drop(conn);
                        let _ = std::fs::remove_file(&safety);
                        return Err(e);
                    }
                    drop(conn);
                    // The safety copy must not push out the backup being restored.
                    let keep = (settings.keep as usize).max(backup::list(&folder, zone)?.iter().position(|f| f.path == backup_file).map_or(0, |i| i + 1));
                    backup::prune(&folder, keep, now, zone)?;
                }
                Err(e) if e.code == ErrorCode::DatabaseCorrupt => {
                    // Not readable as a database at all: nobody can be using it as one.
                    tracing::warn!("the current database cannot be read; keeping its bytes");
                    backup::keep_damaged(&db, &folder, now, zone)?;
                    backup::replace_database(data_dir, backup_file)?;
                }
                Err(e) => return Err(e),
            }
        }
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

    /// Refuses anyone but an administrator the choice of this laptop's store (设置 → 数据存储:
    /// 单机 or a shared server) and testing a server for it.
    pub fn check_may_change_store(&self, actor: i64) -> DeskResult<()> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "更改数据存储").map(|_| ())
    }
}
