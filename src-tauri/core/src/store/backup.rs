//! Backup files: online copies of the open database made with SQLite's backup API, checked
//! before they get their final name, and the replacement of the database file by one of them.
//!
//! A backup is `complaintdesk-YYYYMMDD-HHMMSS.sqlite3` (local time in the desk's zone setting,
//! passed in: the names are read back in it too). It is written
//! under a name that does not match that pattern, checked with `integrity_check`, synced and only
//! then renamed, so a half-written file is never listed, pruned or restored as a backup.
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use super::{DB_FILE, SCHEMA_VERSION};
use crate::domain::{DeskError, DeskResult, ErrorCode};

const PREFIX: &str = "complaintdesk-";
const SUFFIX: &str = ".sqlite3";
const STAMP: &str = "%Y%m%d-%H%M%S";

/// One backup file found in the folder.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupFile {
    pub path: PathBuf,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub size_bytes: u64,
}

/// The local time in a backup's name, or `None` when the name is not a backup's. A second
/// backup within the same second gets `-2`, `-3`, … after the stamp.
pub fn parse_stamp(name: &str) -> Option<NaiveDateTime> {
    let stem = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (stamp, seq) = match stem.get(15..) {
        Some("") => (stem, None),
        Some(rest) => (&stem[..15], Some(rest.strip_prefix('-')?)),
        None => return None,
    };
    if let Some(seq) = seq {
        if seq.is_empty() || !seq.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    NaiveDateTime::parse_from_str(stamp, STAMP).ok()
}

/// The instant in a backup's name read in `zone` (the desk's), or `None` when the name is not a
/// backup's. The hour a clock is set back happens twice: its names read as the earlier one
/// (same-second names keep their order by their `-2`). A time the zone skips (a name written
/// under another zone setting) reads as the hour after.
pub fn parse_name(name: &str, zone: Tz) -> Option<DateTime<Utc>> {
    let local = parse_stamp(name)?;
    let at = match zone.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t),
        LocalResult::None => zone.from_local_datetime(&(local + chrono::Duration::hours(1))).earliest(),
    };
    at.map(|t| t.with_timezone(&Utc))
}

/// A backup's name stamp for `now` in `zone`.
fn stamp(now: DateTime<Utc>, zone: Tz) -> String {
    now.with_timezone(&zone).format(STAMP).to_string()
}

fn io(what: &str, path: &Path, e: std::io::Error) -> DeskError {
    DeskError::storage(format!("{what} {}：{e}", path.display()))
}

/// The backups in `folder`, newest first, their names read in `zone`. A missing folder has none.
pub fn list(folder: &Path, zone: Tz) -> DeskResult<Vec<BackupFile>> {
    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io("无法读取备份文件夹", folder, e)),
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(created_at) = parse_name(&name, zone) else { continue };
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_file() {
            found.push(BackupFile { path: entry.path(), name, created_at, size_bytes: meta.len() });
        }
    }
    // Names sort by time; the sequence suffix keeps same-second backups in order.
    found.sort_by(|a, b| (b.created_at, b.name.len(), &b.name).cmp(&(a.created_at, a.name.len(), &a.name)));
    Ok(found)
}

/// Number of complaints in a backup, when it can be read cheaply.
pub fn case_count(path: &Path) -> Option<i64> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX).ok()?;
    conn.query_row("SELECT count(*) FROM cases", [], |r| r.get(0)).ok()
}

/// A free name for a backup made at `now` in `folder`.
fn free_name(folder: &Path, now: DateTime<Utc>, zone: Tz) -> PathBuf {
    let stamp = stamp(now, zone);
    let first = folder.join(format!("{PREFIX}{stamp}{SUFFIX}"));
    if !first.exists() {
        return first;
    }
    (2..).map(|n| folder.join(format!("{PREFIX}{stamp}-{n}{SUFFIX}"))).find(|p| !p.exists()).unwrap_or(first)
}

fn sync_dir(dir: &Path) {
    // Makes the rename durable on Unix; Windows cannot open a folder this way, and does not need to.
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Copies the database behind `src` to a new backup file in `folder` (created if missing) and
/// returns its path. The copy is checked before it is given its name, `now` in `zone`.
pub fn write(src: &Connection, folder: &Path, now: DateTime<Utc>, zone: Tz) -> DeskResult<PathBuf> {
    fs::create_dir_all(folder).map_err(|e| io("无法创建备份文件夹", folder, e))?;
    let target = free_name(folder, now, zone);
    let partial = folder.join(format!(".{}.partial", target.file_name().and_then(|n| n.to_str()).unwrap_or("backup")));
    let _ = fs::remove_file(&partial);
    let result = copy_checked(src, &partial).and_then(|()| {
        fs::rename(&partial, &target).map_err(|e| io("无法完成备份文件", &target, e))?;
        sync_dir(folder);
        Ok(())
    });
    if result.is_err() {
        let _ = fs::remove_file(&partial);
    }
    result.map(|()| target)
}

fn copy_checked(src: &Connection, partial: &Path) -> DeskResult<()> {
    let mut dst = Connection::open(partial).map_err(|e| DeskError::storage(format!("无法创建备份文件 {}：{e}", partial.display())))?;
    {
        // All pages in one step, from one read snapshot: WAL lets writers go on meanwhile. (In
        // slices, every commit by another connection would start the copy over, and a desk
        // under constant writes would never finish its backup.)
        let backup = Backup::new(src, &mut dst)?;
        let mut tries = 0;
        loop {
            match backup.step(-1)? {
                rusqlite::backup::StepResult::Done => break,
                _ if tries < 50 => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(100));
                }
                other => return Err(DeskError::new(ErrorCode::Busy, format!("数据库一直被占用，备份未完成（{other:?}）"))),
            }
        }
    }
    // A standalone file: no -wal/-shm beside a backup, and it can be opened read-only anywhere.
    let _: String = dst.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    let result = integrity(&dst)?;
    if result != "ok" {
        return Err(DeskError::new(ErrorCode::DatabaseCorrupt, format!("备份副本完整性检查未通过：{result}")));
    }
    drop(dst);
    File::open(partial).and_then(|f| f.sync_all()).map_err(|e| io("无法写入备份文件", partial, e))?;
    Ok(())
}

fn integrity(conn: &Connection) -> DeskResult<String> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(rows.join("; "))
}

/// The backups in `folder` in the order the desk uses them at `now`: newest first, and those
/// stamped after `now` last (made while the clock ran ahead: they are not "the latest").
pub fn list_at(folder: &Path, now: DateTime<Utc>, zone: Tz) -> DeskResult<Vec<BackupFile>> {
    let (mut past, future): (Vec<_>, Vec<_>) = list(folder, zone)?.into_iter().partition(|b| b.created_at <= now);
    past.extend(future);
    Ok(past)
}

/// What pruning did: the files it deleted, and the one it kept beyond the newest N because it
/// holds more complaints than any backup kept (deleting it needs a person's yes).
#[derive(Debug, Default, PartialEq)]
pub struct Pruned {
    pub removed: Vec<PathBuf>,
    pub held: Option<PathBuf>,
}

/// Which backups beyond the newest `keep` (not counting those stamped after `now`) may go, and
/// which one is held: the one with the most complaints, when it has more than every backup kept.
pub fn plan_prune(folder: &Path, keep: usize, now: DateTime<Utc>, zone: Tz) -> DeskResult<(Vec<BackupFile>, Option<BackupFile>)> {
    let all = list_at(folder, now, zone)?;
    let past = all.iter().filter(|b| b.created_at <= now).count();
    let keep = keep.max(1).min(past);
    let mut candidates: Vec<BackupFile> = all[keep..past].to_vec();
    let kept_most = all[..keep].iter().chain(&all[past..]).filter_map(|b| case_count(&b.path)).max().unwrap_or(0);
    let richest = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, b)| case_count(&b.path).map(|n| (n, std::cmp::Reverse(i))))
        .max()
        .filter(|(n, _)| *n > kept_most)
        .map(|(_, std::cmp::Reverse(i))| i);
    let held = richest.map(|i| candidates.remove(i));
    Ok((candidates, held))
}

/// Deletes the oldest backups in `folder` beyond the newest `keep`; other files are left alone,
/// and so are backups stamped after `now` and the richest one (see [`plan_prune`]).
pub fn prune(folder: &Path, keep: usize, now: DateTime<Utc>, zone: Tz) -> DeskResult<Pruned> {
    let (doomed, held) = plan_prune(folder, keep, now, zone)?;
    let mut pruned = Pruned { held: held.map(|b| b.path), ..Pruned::default() };
    for old in doomed {
        fs::remove_file(&old.path).map_err(|e| io("无法删除旧备份", &old.path, e))?;
        pruned.removed.push(old.path);
    }
    if pruned.held.is_some() {
        tracing::warn!("an older backup with more complaints than every kept one was not pruned");
    }
    Ok(pruned)
}

fn refused(path: &Path, why: impl std::fmt::Display) -> DeskError {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    DeskError::new(ErrorCode::DatabaseCorrupt, format!("备份文件“{name}”不能用于恢复：{why}")).field("file")
}

/// Checks a file before it may replace the database: it opens read-only, passes
/// `integrity_check`, is a desk's database, and is not newer than this build. Returns its
/// schema version.
pub fn verify(path: &Path) -> DeskResult<u32> {
    if !path.is_file() {
        return Err(refused(path, "文件不存在"));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| refused(path, format!("无法打开（{e}）")))?;
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| refused(path, format!("不是有效的数据库文件（{e}）")))?;
    let check = integrity(&conn).map_err(|e| refused(path, format!("文件已损坏（{}）", e.message)))?;
    if check != "ok" {
        return Err(refused(path, format!("完整性检查未通过（{check}）")));
    }
    if version == 0 || conn.query_row("SELECT count(*) FROM meta", [], |r| r.get::<_, i64>(0)).is_err() {
        return Err(refused(path, "不是客诉台的数据库"));
    }
    if version > SCHEMA_VERSION {
        return Err(DeskError::new(
            ErrorCode::DatabaseNewer,
            format!("备份由更新版本的客诉台创建（结构版本 {version}，本程序支持到 {SCHEMA_VERSION}），不能恢复。"),
        )
        .field("file"));
    }
    Ok(version)
}

/// Keeps the bytes of a database that cannot be backed up (it is damaged) beside the backups,
/// under a name that is never listed or pruned as a backup.
pub fn keep_damaged(db: &Path, folder: &Path, now: DateTime<Utc>, zone: Tz) -> DeskResult<PathBuf> {
    fs::create_dir_all(folder).map_err(|e| io("无法创建备份文件夹", folder, e))?;
    let target = folder.join(format!("damaged-{}{SUFFIX}", stamp(now, zone)));
    fs::copy(db, &target).map_err(|e| io("无法保存损坏的数据库", &target, e))?;
    Ok(target)
}

/// A connection that holds the database at `db` alone: SQLite's exclusive locking mode, taken
/// only when no other connection (another window, the command line, a database tool) has the
/// file open, and kept until the connection is dropped. Nobody can read or write meanwhile, so a
/// restore through it cannot lose a save made elsewhere.
pub fn take_exclusive(db: &Path) -> DeskResult<Connection> {
    let busy = || {
        DeskError::new(
            ErrorCode::Busy,
            format!("另一个客诉台窗口或程序（命令行、数据库工具等）正打开着 {}。请先关闭它，再恢复备份。", db.display()),
        )
    };
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| super::fault::at_open(&e, db))?;
    conn.busy_timeout(Duration::from_secs(2))?;
    let _: String = conn.query_row("PRAGMA locking_mode = EXCLUSIVE", [], |r| r.get(0))?;
    match conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;") {
        Ok(()) => Ok(conn),
        Err(e) if super::fault::class(&e) == ErrorCode::Busy => Err(busy()),
        Err(e) => Err(super::fault::explain(e.into(), db)),
    }
}

/// Writes the pages of `backup` (already verified) over the database behind `conn` (held by
/// [`take_exclusive`]) in one write transaction of SQLite's backup API: all of it or, if
/// anything fails, none of it.
pub fn restore_into(conn: &mut Connection, backup: &Path) -> DeskResult<()> {
    let src = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| refused(backup, format!("无法打开（{e}）")))?;
    let copy = Backup::new(&src, conn)?;
    match copy.step(-1) {
        Ok(rusqlite::backup::StepResult::Done) => Ok(()),
        Ok(other) => Err(DeskError::new(ErrorCode::Busy, format!("恢复未完成（{other:?}），数据库没有改动，请重试"))),
        Err(e) => Err(e.into()),
    }
}

/// Puts a copy of `backup` (already verified) in place of a database that is missing, or that
/// SQLite cannot read at all (so nobody can have it open as a database). Written under another
/// name, synced, then renamed over; stale `-wal`/`-shm` are removed first, so an old log is never
/// played into the restored file.
pub fn replace_database(data_dir: &Path, backup: &Path) -> DeskResult<()> {
    let db = data_dir.join(DB_FILE);
    let incoming = data_dir.join(format!("{DB_FILE}.restoring"));
    let result = fs::copy(backup, &incoming)
        .and_then(|_| File::open(&incoming)?.sync_all())
        .map_err(|e| super::fault::explain_io(&e, &incoming, "无法复制备份文件"))
        .and_then(|()| {
            for side in ["-wal", "-shm", "-journal"] {
                let p = data_dir.join(format!("{DB_FILE}{side}"));
                match fs::remove_file(&p) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(io("无法移除旧的日志文件", &p, e)),
                }
            }
            fs::rename(&incoming, &db).map_err(|e| io("无法替换数据库文件", &db, e))
        });
    if result.is_err() {
        let _ = fs::remove_file(&incoming);
    }
    result?;
    sync_dir(data_dir);
    Ok(())
}

/// A plain connection to the database file at `db`, without the desk's checks, to back it up
/// before a restore or read its settings. `None` when it cannot be read as a database.
pub fn open_raw(db: &Path) -> Option<Connection> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX).ok()?;
    conn.busy_timeout(Duration::from_secs(5)).ok()?;
    conn.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0)).ok()?;
    Some(conn)
}

/// `integrity_check` of a raw connection; "ok" when sound.
pub fn check(conn: &Connection) -> DeskResult<String> {
    integrity(conn)
}
