//! A desk remembers that it exists. A marker file beside the database and beside the backups
//! (`complaintdesk-desk.json`: profile, when it was set up, where the backups go, how many
//! complaints it held at the last backup) tells a deleted or empty database, an unmounted drive or
//! a mistyped folder apart from a new desk. Only setup and the demo make a new database, and not
//! over the traces of an earlier desk unless the user confirms.
use crate::store::db::Db;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::backup::default_folder;
use super::Desk;
use crate::domain::lifecycle::Lifecycle;
use crate::domain::{DeskError, DeskResult, ErrorCode};
use crate::store::backend::Backend;
use crate::store::pg::PgStore;
use crate::store::{backup, fault, meta, Store, DB_FILE};

/// The marker's file name, in the data folder and in the backup folder.
pub const MARKER_FILE: &str = "complaintdesk-desk.json";

/// What a desk leaves about itself outside its database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeskMarker {
    pub profile: Option<String>,
    pub data_dir: String,
    pub backup_folder: String,
    /// Complaints in the desk when the marker was last written (setup, each backup).
    pub cases: i64,
    pub updated_at: DateTime<Utc>,
    /// The desk's zone setting, in which its backups are named (absent in older markers).
    #[serde(default)]
    pub desk_zone: Option<String>,
}

/// The traces of a desk in a data folder whose database is gone.
#[derive(Debug, Clone)]
pub struct Traces {
    pub marker: Option<DeskMarker>,
    /// The newest backup, and its complaints when it can be read.
    pub latest: Option<(backup::BackupFile, Option<i64>)>,
}

impl Traces {
    fn describe(&self) -> String {
        match (&self.latest, &self.marker) {
            (Some((b, cases)), _) => {
                let cases = cases.map(|n| format!("，{n} 件投诉")).unwrap_or_default();
                format!("这里曾有客诉台（最近的备份 {}{cases}）", b.name)
            }
            (None, Some(m)) => format!("这里曾有客诉台（上次记录时有 {} 件投诉）", m.cases),
            (None, None) => String::new(),
        }
    }
}

fn read_marker(path: &Path) -> Option<DeskMarker> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// The marker in `data_dir`, if any.
pub fn marker_at(data_dir: &Path) -> Option<DeskMarker> {
    read_marker(&data_dir.join(MARKER_FILE))
}

/// The traces of an earlier desk in `data_dir`: its marker, or backups in the folder the marker
/// names or the default one. `None` when there are none: a new folder.
pub fn traces(data_dir: &Path) -> Option<Traces> {
    let marker = marker_at(data_dir);
    let folder = marker.as_ref().map(|m| PathBuf::from(&m.backup_folder)).unwrap_or_else(|| default_folder(data_dir));
    let zone = marker.as_ref().and_then(|m| m.desk_zone.as_deref()).and_then(|z| crate::domain::deadline::parse_zone(z).ok());
    let latest = backup::list(&folder, zone.unwrap_or(crate::domain::deadline::DEFAULT_DESK_ZONE)).ok().and_then(|l| l.into_iter().next()).map(|b| {
        let cases = backup::case_count(&b.path);
        (b, cases)
    });
    (marker.is_some() || latest.is_some()).then_some(Traces { marker, latest })
}

fn missing(data_dir: &Path, found: Option<&Traces>) -> DeskError {
    let db = data_dir.join(DB_FILE);
    let place = if data_dir.is_dir() {
        format!("找不到客诉台的数据库 {}", db.display())
    } else {
        format!("数据文件夹 {} 不存在（移动硬盘未连接，或路径有误？）", data_dir.display())
    };
    let message = match found {
        Some(t) => format!("{place}。{}：请连接存放数据的磁盘后重试，或从最近的备份恢复。", t.describe()),
        None => format!("{place}。新建客诉台请先做首次设置（命令行：setup 或 demo），恢复请用备份。"),
    };
    DeskError::new(ErrorCode::DatabaseMissing, message)
}

impl Desk {
    /// Opens the existing desk in `data_dir`; a missing database is `database_missing`, saying
    /// what is known of the desk that was there.
    pub fn open(data_dir: &Path) -> DeskResult<Desk> {
        Desk::open_with(data_dir, Lifecycle::default_lifecycle()?)
    }

    pub fn open_with(data_dir: &Path, lifecycle: Lifecycle) -> DeskResult<Desk> {
        match Store::open_dir(data_dir) {
            Ok(store) => Desk::on_store(Backend::File(store), lifecycle),
            Err(e) if e.code == ErrorCode::DatabaseMissing => Err(missing(data_dir, traces(data_dir).as_ref())),
            Err(e) => Err(e),
        }
    }

    /// A new desk in `data_dir` (setup, the demo, a first start), or the one already there.
    /// Refused with `needs_confirmation` when the database is gone but an earlier desk left
    /// traces (a marker, backups): restoring is probably what is wanted.
    pub fn create(data_dir: &Path) -> DeskResult<Desk> {
        if let Some(t) = Desk::traces_without_database(data_dir) {
            return Err(DeskError::new(
                ErrorCode::NeedsConfirmation,
                format!(
                    "{}。新建会开始一个空白客诉台（备份仍保留）；要恢复请用备份。确定新建请确认（命令行加 --new-desk）。",
                    t.describe()
                ),
            )
            .rule("desk.create.over_backups"));
        }
        Desk::create_confirmed(data_dir)
    }

    /// Opens the desk on the team's shared store at `url` (`postgres://…`). A database without
    /// the store's tables is refused (`db init` makes them), as is one of a newer version.
    pub fn open_shared(url: &str) -> DeskResult<Desk> {
        Desk::on_store(Backend::shared(PgStore::open(url)?), Lifecycle::default_lifecycle()?)
    }

    /// The desk on the shared store at `server`, connected as the person `login` (their own
    /// PostgreSQL role, with their password): the window's desk in team mode.
    pub fn open_shared_as(server: &crate::store::pg::Server, login: &str, password: &str) -> DeskResult<Desk> {
        Desk::on_store(Backend::shared(PgStore::open_as(server, login, password)?), Lifecycle::default_lifecycle()?)
    }

    /// The desk on the shared store at `url`, making its tables in an empty database first
    /// (`db init`, the demo, tests).
    pub fn create_shared(url: &str) -> DeskResult<Desk> {
        Desk::on_store(Backend::shared(PgStore::init(url)?), Lifecycle::default_lifecycle()?)
    }

    /// A new desk in `data_dir` even over the traces of an earlier one (the user confirmed).
    pub fn create_confirmed(data_dir: &Path) -> DeskResult<Desk> {
        Desk::on_store(Backend::File(Store::create_dir(data_dir)?), Lifecycle::default_lifecycle()?)
    }

    /// The desk the window opens at start: the existing one (its integrity check left to the
    /// caller, beside the open desk: `store().needs_background_check()`); a new one in a folder
    /// that never had a desk (a first start); `database_missing` when a desk was there
    /// (`known_before`: the app's settings remember this folder) and its database is gone.
    pub fn open_at_start(data_dir: &Path, known_before: bool) -> DeskResult<Desk> {
        let opened = match Store::open_dir_check_beside(data_dir) {
            Ok(store) => Desk::on_store(Backend::File(store), Lifecycle::default_lifecycle()?),
            Err(e) if e.code == ErrorCode::DatabaseMissing => Err(missing(data_dir, traces(data_dir).as_ref())),
            Err(e) => Err(e),
        };
        match opened {
            Err(e) if e.code == ErrorCode::DatabaseMissing => {
                let found = traces(data_dir);
                if found.is_some() || known_before {
                    return Err(missing(data_dir, found.as_ref()));
                }
                Desk::create_confirmed(data_dir)
            }
            other => other,
        }
    }

    /// Traces of a desk in a folder whose database is missing or empty.
    fn traces_without_database(data_dir: &Path) -> Option<Traces> {
        let db = data_dir.join(DB_FILE);
        let has_db = std::fs::metadata(&db).map(|m| m.len() > 0).unwrap_or(false);
        if has_db {
            return None;
        }
        traces(data_dir)
    }

    /// Writes the marker beside the database and beside the backups.
    /// A shared store has no data folder and leaves no marker.
    pub(super) fn write_marker(&self, now: DateTime<Utc>) -> DeskResult<()> {
        match self.store.dir() {
            Some(dir) => write_marker_from(self.store.db(), dir, &self.backup_settings()?.folder, now),
            None => Ok(()),
        }
    }
}

/// Writes the marker of the desk behind `conn` (in `data_dir`, backing up to `backup_folder`).
/// A marker that cannot be written is logged, not fatal: the desk works without it.
pub(super) fn write_marker_from(conn: &dyn Db, data_dir: &Path, backup_folder: &str, now: DateTime<Utc>) -> DeskResult<()> {
    let marker = DeskMarker {
        profile: meta::get(conn, "profile")?,
        data_dir: data_dir.display().to_string(),
        backup_folder: backup_folder.to_string(),
        cases: conn.row("SELECT count(*) AS n FROM cases", &[])?.map(|r| r.int("n")).transpose()?.unwrap_or(0),
        updated_at: now,
        desk_zone: Some(super::zone_in(conn)?.name().to_string()),
    };
    let bytes = serde_json::to_vec_pretty(&marker).unwrap_or_default();
    for dir in [data_dir.to_path_buf(), PathBuf::from(backup_folder)] {
        let path = dir.join(MARKER_FILE);
        let written = std::fs::create_dir_all(&dir).and_then(|()| write_replacing(&path, &bytes));
        if let Err(e) = written {
            let e = fault::explain_io(&e, &path, "无法写入客诉台标记");
            tracing::warn!(code = ?e.code, "desk marker not written");
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary name, so a reader never sees half a marker.
fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
