//! Telling a file's faults apart. A full disk, a read-only file or folder and another program
//! holding a lock are not a damaged database: calling them that offers the user a rollback to a
//! backup, which would lose the day's work. Only SQLite's own verdict (`SQLITE_CORRUPT`,
//! `SQLITE_NOTADB`) makes a database damaged.
use std::path::Path;

use crate::domain::{DeskError, ErrorCode};

/// Free space below which a failed write is put down to a full disk.
const NEARLY_FULL_BYTES: u64 = 256 * 1024;

/// The class of a SQLite error, as the error code the user sees.
pub fn class(e: &rusqlite::Error) -> ErrorCode {
    use rusqlite::ErrorCode as E;
    match e.sqlite_error_code() {
        Some(E::DatabaseCorrupt | E::NotADatabase) => ErrorCode::DatabaseCorrupt,
        Some(E::DiskFull) => ErrorCode::DiskFull,
        Some(E::ReadOnly) => ErrorCode::ReadOnly,
        Some(E::DatabaseBusy | E::DatabaseLocked) => ErrorCode::Busy,
        _ => ErrorCode::Storage,
    }
}

/// A SQLite error as the desk's error, without knowing which file (see [`explain`]).
pub fn from_sqlite(e: &rusqlite::Error) -> DeskError {
    let code = class(e);
    let message = match code {
        ErrorCode::DatabaseCorrupt => format!("数据库文件已损坏：{e}"),
        ErrorCode::DiskFull => "磁盘已满，未能保存；已保存的数据没有受损。请清理磁盘空间后重试".to_string(),
        ErrorCode::ReadOnly => "数据库文件是只读的，未能保存".to_string(),
        ErrorCode::Busy => "另一个程序正在写入数据库，请稍后重试".to_string(),
        _ => format!("数据库读写失败：{e}"),
    };
    DeskError::new(code, message)
}

/// "12.5 MB"-style size for a message.
pub fn size_text(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["字节", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} 字节")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// The first of `db`, its `-wal`/`-shm` and its folder that cannot be written, when one can be
/// named (a permission or a read-only drive; the caller knows the write failed).
pub fn unwritable(db: &Path) -> Option<std::path::PathBuf> {
    let dir = db.parent().unwrap_or(Path::new("."));
    let name = db.file_name()?.to_string_lossy().into_owned();
    for path in [db.to_path_buf(), dir.join(format!("{name}-wal")), dir.join(format!("{name}-shm"))] {
        if path.exists() && std::fs::OpenOptions::new().append(true).open(&path).is_err() {
            return Some(path);
        }
    }
    let probe = dir.join(".complaintdesk-write-test");
    match std::fs::write(&probe, b"") {
        Ok(()) => {
            let _ = std::fs::remove_file(&probe);
            None
        }
        Err(_) => Some(dir.to_path_buf()),
    }
}

fn read_only_message(db: &Path) -> String {
    match unwritable(db) {
        Some(p) if p.is_dir() => {
            format!("文件夹 {} 是只读的（权限或只读磁盘），未能保存。请让它可写后重试；已保存的数据没有受损。", p.display())
        }
        Some(p) => format!("文件 {} 是只读的，未能保存。请让它可写后重试；已保存的数据没有受损。", p.display()),
        None => format!("数据库 {} 以只读方式打开，未能保存。请检查文件权限或磁盘是否只读，然后重启客诉台。", db.display()),
    }
}

/// Gives a fault of the database at `db` the place it concerns: the folder and its free space
/// for a full disk, the file or folder that cannot be written, the file another program holds.
/// Errors of other kinds are returned as they are.
pub fn explain(error: DeskError, db: &Path) -> DeskError {
    let dir = db.parent().unwrap_or(Path::new("."));
    // SQLite reports some writes on a full disk (its shared-memory index, a sync) as a plain
    // I/O error: with next to no space left, that is a full disk.
    let nearly_full = || fs4::available_space(dir).is_ok_and(|free| free < NEARLY_FULL_BYTES);
    let code = if error.code == ErrorCode::Storage && nearly_full() { ErrorCode::DiskFull } else { error.code };
    let error = DeskError { code, ..error };
    let message = match error.code {
        ErrorCode::DiskFull => {
            let free = fs4::available_space(dir).map(size_text).unwrap_or_else(|_| "未知".into());
            format!("磁盘已满：{} 所在的磁盘只剩 {free}，未能保存。已保存的数据没有受损；请清理磁盘空间后重试。", dir.display())
        }
        ErrorCode::ReadOnly => read_only_message(db),
        ErrorCode::Busy => format!(
            "另一个窗口或程序正在写入 {}，请稍后重试。若一直如此，请关闭其他打开这个文件的程序。",
            db.display()
        ),
        _ => return error,
    };
    DeskError { message, ..error }
}

/// A SQLite error at open time (the file is named), where `SQLITE_CANTOPEN` usually means the
/// folder cannot be written (WAL needs its `-shm`/`-wal` beside the database).
pub fn at_open(e: &rusqlite::Error, db: &Path) -> DeskError {
    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen) {
        if unwritable(db).is_some() {
            return DeskError::new(ErrorCode::ReadOnly, read_only_message(db));
        }
        return DeskError::storage(format!("无法打开数据库 {}：{e}", db.display()));
    }
    explain(from_sqlite(e), db)
}

/// A file-system error while making or writing something at `path`, by its kind: a full disk or
/// a read-only place keep their codes (and name `path`), anything else is a storage error.
pub fn explain_io(e: &std::io::Error, path: &Path, what: &str) -> DeskError {
    match e.kind() {
        std::io::ErrorKind::StorageFull => {
            let free = fs4::available_space(path.parent().unwrap_or(path)).map(size_text).unwrap_or_else(|_| "未知".into());
            DeskError::new(ErrorCode::DiskFull, format!("{what} {}：磁盘已满（只剩 {free}）。请清理磁盘空间后重试。", path.display()))
        }
        std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied => {
            DeskError::new(ErrorCode::ReadOnly, format!("{what} {}：没有写入权限或磁盘是只读的。", path.display()))
        }
        _ => DeskError::storage(format!("{what} {}：{e}", path.display())),
    }
}
