//! SQLite storage: the only module that knows SQL. One file, WAL, durable commits, forward-only
//! embedded migrations, and a refusal to touch a database written by a newer version.
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::domain::{DeskError, DeskResult, ErrorCode};

pub mod attachments;
pub mod backend;
pub mod backup;
pub mod calendars;
pub mod cases;
pub mod customers;
pub mod db;
pub mod events;
pub mod imports;
pub mod fault;
pub mod followups;
pub mod kpi;
pub mod meta;
pub mod pg;
mod readers;
pub mod rollup;
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
    include_str!("migrations/0009_alert_runs.sql"),
    include_str!("migrations/0010_phone_tail.sql"),
    include_str!("migrations/0011_kpi_days.sql"),
    include_str!("migrations/0012_list_indexes.sql"),
    include_str!("migrations/0013_imports.sql"),
    include_str!("migrations/0014_improvements.sql"),
    include_str!("migrations/0015_campaigns.sql"),
    include_str!("migrations/0016_improvement_alerts.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The database file's name inside the data folder.
pub const DB_FILE: &str = "complaintdesk.sqlite3";

/// Up to this size the full `integrity_check` runs before the desk opens (well under a second).
/// A larger file opens at once and is checked by [`check_in_background`] on its own connection,
/// so a desk with years of cases still starts in about a second.
const FULL_CHECK_BYTES: u64 = 256 * 1024 * 1024;

/// How long a connection waits for another writer of the same file (the busy timeout).
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Switches the file to WAL. Two processes making a new file at once can both hold a read lock
/// and both want the write lock the switch needs; SQLite then answers one of them "busy" at once,
/// without its busy handler (waiting could deadlock), so that one lets go and tries again.
fn set_wal(conn: &Connection) -> rusqlite::Result<()> {
    let started = std::time::Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) && started.elapsed() < BUSY_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            done => return done,
        }
    }
}

/// Runs `quick_check` on a separate read-only connection (WAL lets it read while the desk
/// writes); "ok" when the file is sound.
pub fn check_in_background(path: &Path) -> DeskResult<String> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| fault::at_open(&e, path))?;
    let full = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) <= FULL_CHECK_BYTES;
    let pragma = if full { "PRAGMA integrity_check" } else { "PRAGMA quick_check" };
    let rows: Vec<String> = conn
        .prepare(pragma)
        .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect())
        .map_err(|e| fault::explain(fault::from_sqlite(&e), path))?;
    Ok(rows.join("; "))
}

pub use readers::{Reader, Readers};

/// The desk's file: one connection that writes, one write at a time, and a few that only read
/// ([`Readers`]). WAL lets the readers read while the writer writes, so a long read (a year's
/// dashboard, a backup) holds no write, and a write never waits for one.
pub struct Store {
    writer: Mutex<Connection>,
    readers: Readers,
    path: PathBuf,
    /// A read-only copy (`db export` of a shared store): where it came from; writes are refused.
    read_only: Option<String>,
    /// Opened without checking the file first: the caller runs [`check_in_background`].
    check_pending: bool,
}

impl From<rusqlite::Error> for DeskError {
    /// A damaged file can first show itself on any statement (the schema, a page of a table):
    /// it is still a damaged file, which the window answers with its restore screen. A full disk,
    /// a read-only file and a lock held elsewhere keep their own codes (`store::fault`).
    fn from(e: rusqlite::Error) -> Self {
        fault::from_sqlite(&e)
    }
}

/// Whether `path` holds a database: a missing or empty file does not (SQLite would take an empty
/// file for a new database).
fn has_database(path: &Path) -> bool {
    std::fs::metadata(path).map(|m| m.is_file() && m.len() > 0).unwrap_or(false)
}

pub fn to_ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub fn from_ms(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

impl Store {
    /// Opens the desk's existing database in `data_dir`. A folder or file that is not there (an
    /// unmounted drive, a typo, a deleted file) is `database_missing`, never a new empty desk:
    /// only [`Store::create_dir`] makes one.
    pub fn open_dir(data_dir: &Path) -> DeskResult<Store> {
        Store::open_dir_with(data_dir, true)
    }

    /// [`Store::open_dir`] without the integrity check before opening, for the window: its
    /// sign-in screen must not wait for the check of a large file. The caller runs
    /// [`check_in_background`] (see [`Store::needs_background_check`]).
    pub fn open_dir_check_beside(data_dir: &Path) -> DeskResult<Store> {
        Store::open_dir_with(data_dir, false)
    }

    fn open_dir_with(data_dir: &Path, check_first: bool) -> DeskResult<Store> {
        let path = data_dir.join(DB_FILE);
        if !data_dir.is_dir() {
            return Err(DeskError::new(ErrorCode::DatabaseMissing, format!("数据文件夹 {} 不存在（移动硬盘未连接，或路径有误？）", data_dir.display())));
        }
        if !has_database(&path) {
            return Err(DeskError::new(ErrorCode::DatabaseMissing, format!("数据文件夹 {} 中没有客诉台的数据库", data_dir.display())));
        }
        Store::open_with(&path, check_first)
    }

    /// Opens the database in `data_dir`, creating the folder and an empty database when there is
    /// none: first-start setup, the demo and tests.
    pub fn create_dir(data_dir: &Path) -> DeskResult<Store> {
        std::fs::create_dir_all(data_dir).map_err(|e| fault::explain_io(&e, data_dir, "无法创建数据文件夹"))?;
        Store::open(&data_dir.join(DB_FILE))
    }

    /// Opens (creating when missing) the database at `path`, checks it and brings its schema up
    /// to date.
    pub fn open(path: &Path) -> DeskResult<Store> {
        Store::open_with(path, true)
    }

    /// `check_first`: run the integrity check (files up to 256 MB) before the desk opens;
    /// otherwise the caller checks beside it.
    fn open_with(path: &Path, check_first: bool) -> DeskResult<Store> {
        let existed = has_database(path);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| fault::at_open(&e, path))?;
        let at_open = |e: rusqlite::Error| fault::at_open(&e, path);
        conn.busy_timeout(BUSY_WAIT).map_err(at_open)?;
        // Look at the version before changing anything in the file: no checkpoint on close until
        // it is known to be ours, so a newer version's -wal is left as it was.
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true).map_err(at_open)?;
        let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| match fault::class(&e) {
            ErrorCode::DatabaseCorrupt => DeskError::new(ErrorCode::DatabaseCorrupt, format!("数据库文件已损坏或不是本程序的数据库：{e}")),
            _ => at_open(e),
        })?;
        if version > SCHEMA_VERSION {
            return Err(DeskError::new(
                ErrorCode::DatabaseNewer,
                format!(
                    "数据库由更新版本的客诉台创建（结构版本 {version}，本程序支持到 {SCHEMA_VERSION}）。请升级程序；数据库未做任何改动。"
                ),
            ));
        }
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false).map_err(at_open)?;
        // WAL with synchronous=FULL: a commit is on disk before we tell the user it is saved,
        // even across a power cut (NORMAL could lose the last commits).
        set_wal(&conn).map_err(at_open)?;
        conn.pragma_update(None, "synchronous", "FULL").map_err(at_open)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(at_open)?;
        let large = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) > FULL_CHECK_BYTES;
        let mut store = Store {
            writer: Mutex::new(conn),
            readers: Readers::new(path),
            path: path.to_path_buf(),
            read_only: None,
            check_pending: existed && (large || !check_first),
        };
        if existed && !store.check_pending {
            let result = store.check(true)?;
            if result != "ok" {
                return Err(DeskError::new(ErrorCode::DatabaseCorrupt, format!("数据库完整性检查未通过：{result}")));
            }
        }
        store.migrate().map_err(|e| fault::explain(e, path))?;
        Ok(store)
    }

    /// Runs the migrations this file has not had, each in its own write transaction. The version
    /// is read again inside the transaction: several processes opening a new folder at once wait
    /// for each other, and only the first runs each script.
    fn migrate(&mut self) -> DeskResult<()> {
        let conn = self.writer.get_mut().unwrap_or_else(|poisoned| poisoned.into_inner());
        for (i, sql) in MIGRATIONS.iter().enumerate() {
            let target = (i + 1) as u32;
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let current: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if current >= target {
                continue;
            }
            tx.execute_batch(sql).map_err(|e| match fault::class(&e) {
                ErrorCode::Storage => DeskError::storage(format!("数据库升级到结构版本 {target} 失败")),
                _ => fault::from_sqlite(&e),
            })?;
            // Steps SQL alone cannot do, in the same transaction as their script.
            if target == 6 {
                events::chain_existing(&tx)?;
            }
            if target == 11 {
                // The marks first, so the new triggers do not fire for every case.
                rollup::fill_case_marks(&tx)?;
                tx.execute_batch(&rollup::sqlite_schema())?;
                rollup::refill_sums(&tx)?;
            }
            tx.pragma_update(None, "user_version", target)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// `integrity_check` (full) or `quick_check`; "ok" when the file is sound. It runs on a
    /// reading connection, so the desk goes on writing meanwhile.
    pub fn check(&self, full: bool) -> DeskResult<String> {
        let pragma = if full { "PRAGMA integrity_check" } else { "PRAGMA quick_check" };
        let conn = self.readers.get().map_err(|e| fault::explain(e, &self.path))?;
        let rows: Result<Vec<String>, rusqlite::Error> =
            conn.prepare(pragma).and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect());
        rows.map(|rows| rows.join("; ")).map_err(|e| fault::explain(fault::from_sqlite(&e), &self.path))
    }

    /// Whether the file was opened without its check (too large, or the window's start): the
    /// caller runs [`check_in_background`].
    pub fn needs_background_check(&self) -> bool {
        self.check_pending
    }

    pub fn schema_version(&self) -> DeskResult<u32> {
        Ok(self.readers.get()?.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder the database lives in; attachments are kept beside it.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// Commits stop waiting for the disk (`synchronous = OFF`): only for filling a throw-away
    /// demo or benchmark database, where a crash may lose the last writes and nothing of value.
    pub fn relax_durability_for_bulk_fill(&self) -> DeskResult<()> {
        self.writer().pragma_update(None, "synchronous", "OFF")?;
        Ok(())
    }

    /// Reads outside a write transaction: each statement on a reading connection of its own.
    pub fn reads(&self) -> &Readers {
        &self.readers
    }

    /// One reading connection for several statements (a backup, a chain's check, a move to the
    /// shared store); it goes back when dropped.
    pub fn reader(&self) -> DeskResult<Reader<'_>> {
        self.readers.get().map_err(|e| fault::explain(e, &self.path))
    }

    /// The writing connection itself, held until the guard is dropped: every write waits for it.
    /// For what only it may do (tests that change the file behind the desk's back); the desk
    /// writes through [`Store::write`].
    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        self.writer()
    }

    /// The writing connection. A panic in a write rolled its transaction back as it unwound, so
    /// a lock poisoned by it still guards a sound connection.
    fn writer(&self) -> MutexGuard<'_, Connection> {
        self.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Makes every later write refuse: the file is a read-only copy of the store `from`.
    pub fn set_read_only(&mut self, from: String) {
        self.read_only = Some(from);
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction: all of it is committed, or none of it.
    /// A fault of the file (full disk, read-only, busy) comes back naming the file or folder.
    /// After a read-only fault the connection is opened anew: SQLite keeps a connection that met
    /// a read-only `-shm` or file read-only, so once the user fixes the permissions the next try
    /// must not meet the old connection.
    ///
    /// Writes take turns on the one writing connection; reads do not wait for them.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> DeskResult<T>) -> DeskResult<T> {
        if let Some(from) = &self.read_only {
            return Err(DeskError::new(
                ErrorCode::Invalid,
                format!("这是共享库 {from} 的导出副本，只能查看，不能修改。要处理案件，请连接共享库。"),
            )
            .rule("desk.read_only_copy"));
        }
        let mut conn = self.writer();
        let run = || -> DeskResult<T> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        };
        let result = run().map_err(|e| fault::explain(e, &self.path));
        if matches!(&result, Err(e) if e.code == ErrorCode::ReadOnly) {
            match Store::connect(&self.path) {
                Ok(fresh) => *conn = fresh,
                Err(e) => tracing::warn!(code = ?e.code, "the database could not be opened anew after a read-only fault"),
            }
            self.readers.renew();
        }
        result
    }

    /// A new connection to an existing, checked database, with the desk's settings (the writer's,
    /// and each reader's before it is made read-only).
    pub(super) fn connect(path: &Path) -> DeskResult<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| fault::at_open(&e, path))?;
        let at_open = |e: rusqlite::Error| fault::at_open(&e, path);
        conn.busy_timeout(BUSY_WAIT).map_err(at_open)?;
        conn.pragma_update(None, "synchronous", "FULL").map_err(at_open)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(at_open)?;
        Ok(conn)
    }
}
