//! SQLite storage: the only module that knows SQL. One file, WAL, durable commits, forward-only
//! embedded migrations, and a refusal to touch a database written by a newer version.
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::domain::{DeskError, DeskResult, ErrorCode};

pub mod attachments;
pub mod backup;
pub mod calendars;
pub mod cases;
pub mod events;
pub mod followups;
pub mod kpi;
pub mod meta;
pub mod search;
pub mod users;

/// Forward-only migrations; schema version N is reached by running the first N.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_attachments.sql"),
    include_str!("migrations/0003_deadlines.sql"),
    include_str!("migrations/0004_followups.sql"),
    include_str!("migrations/0005_kpi.sql"),
    include_str!("migrations/0006_audit_chain.sql"),
    include_str!("migrations/0007_passwords.sql"),
    include_str!("migrations/0008_signin_failures.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The database file's name inside the data folder.
pub const DB_FILE: &str = "complaintdesk.sqlite3";

/// Up to this size the full `integrity_check` runs before the desk opens (well under a second).
/// A larger file opens at once and is checked by [`check_in_background`] on its own connection,
/// so a desk with years of cases still starts in about a second.
const FULL_CHECK_BYTES: u64 = 256 * 1024 * 1024;

/// Runs `quick_check` on a separate read-only connection (WAL lets it read while the desk
/// writes); "ok" when the file is sound.
pub fn check_in_background(path: &Path) -> DeskResult<String> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| DeskError::new(ErrorCode::DatabaseCorrupt, format!("无法打开数据库做完整性检查：{e}")))?;
    let rows: Vec<String> = conn
        .prepare("PRAGMA quick_check")
        .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect())
        .map_err(|e| DeskError::new(ErrorCode::DatabaseCorrupt, format!("数据库文件已损坏：{e}")))?;
    Ok(rows.join("; "))
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

fn storage(e: rusqlite::Error) -> DeskError {
    // A damaged file can first show itself on any statement (the schema, a page of a table):
    // it is still a damaged file, which the window answers with its restore screen.
    if matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)) {
        return DeskError::new(ErrorCode::DatabaseCorrupt, format!("数据库文件已损坏：{e}"));
    }
    DeskError::storage(format!("数据库读写失败：{e}"))
}

impl From<rusqlite::Error> for DeskError {
    fn from(e: rusqlite::Error) -> Self {
        storage(e)
    }
}

pub fn to_ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub fn from_ms(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

impl Store {
    /// Opens (or creates) the database in `data_dir`, checks it, and brings its schema up to date.
    pub fn open_dir(data_dir: &Path) -> DeskResult<Store> {
        std::fs::create_dir_all(data_dir).map_err(|e| DeskError::storage(format!("无法创建数据文件夹 {}：{e}", data_dir.display())))?;
        Store::open(&data_dir.join(DB_FILE))
    }

    pub fn open(path: &Path) -> DeskResult<Store> {
        let existed = path.exists();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|e| DeskError::storage(format!("无法打开数据库 {}：{e}", path.display())))?;
        // Look at the version before changing anything in the file.
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| DeskError::new(ErrorCode::DatabaseCorrupt, format!("数据库文件已损坏或不是本程序的数据库：{e}")))?;
        if version > SCHEMA_VERSION {
            return Err(DeskError::new(
                ErrorCode::DatabaseNewer,
                format!(
                    "数据库由更新版本的客诉台创建（结构版本 {version}，本程序支持到 {SCHEMA_VERSION}）。请升级程序；数据库未做任何改动。"
                ),
            ));
        }
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // WAL with synchronous=FULL: a commit is on disk before we tell the user it is saved,
        // even across a power cut (NORMAL could lose the last commits).
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store { conn, path: path.to_path_buf() };
        if existed && !store.needs_background_check() {
            let result = store.check(true)?;
            if result != "ok" {
                return Err(DeskError::new(ErrorCode::DatabaseCorrupt, format!("数据库完整性检查未通过：{result}")));
            }
        }
        store.migrate(version)?;
        Ok(store)
    }

    fn migrate(&mut self, from: u32) -> DeskResult<()> {
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute_batch(sql).map_err(|e| DeskError::storage(format!("数据库升级到结构版本 {} 失败：{e}", i + 1)))?;
            // Steps SQL alone cannot do, in the same transaction as their script.
            if i + 1 == 6 {
                events::chain_existing(&tx)?;
            }
            tx.pragma_update(None, "user_version", (i + 1) as u32)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// `integrity_check` (full) or `quick_check`; "ok" when the file is sound.
    pub fn check(&self, full: bool) -> DeskResult<String> {
        let pragma = if full { "PRAGMA integrity_check" } else { "PRAGMA quick_check" };
        let mut stmt =
            self.conn.prepare(pragma).map_err(|e| DeskError::new(ErrorCode::DatabaseCorrupt, format!("数据库文件已损坏：{e}")))?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(|e| DeskError::new(ErrorCode::DatabaseCorrupt, format!("数据库文件已损坏：{e}")))?;
        Ok(rows.join("; "))
    }

    /// Whether the file is too large to check before opening (see [`check_in_background`]).
    pub fn needs_background_check(&self) -> bool {
        std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0) > FULL_CHECK_BYTES
    }

    pub fn schema_version(&self) -> DeskResult<u32> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder the database lives in; attachments are kept beside it.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// Reads outside a write transaction.
    /// Commits stop waiting for the disk (`synchronous = OFF`): only for filling a throw-away
    /// demo or benchmark database, where a crash may lose the last writes and nothing of value.
    pub fn relax_durability_for_bulk_fill(&self) -> DeskResult<()> {
        self.conn.pragma_update(None, "synchronous", "OFF")?;
        Ok(())
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction: all of it is committed, or none of it.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> DeskResult<T>) -> DeskResult<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}
