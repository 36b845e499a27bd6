//! The store a desk runs on: its own SQLite file beside the laptop's other data (the default,
//! offline), or a team's shared PostgreSQL store. The use-cases see one [`Db`] for reads and one
//! per write transaction, whichever it is; what only one of them has (a file to back up and
//! check; a server) is asked for by name.
use std::path::Path;

use sha2::{Digest, Sha256};

use super::db::{Db, Dialect, Row, Value};
use super::pg::PgStore;
use super::{attachments, Store};
use crate::domain::{DeskError, DeskResult, ErrorCode};

/// Where a desk's cases are kept.
pub enum Backend {
    /// The laptop's own SQLite file.
    File(Store),
    /// A shared PostgreSQL store; reads run on its connection outside any transaction.
    Shared(Box<Shared>),
}

/// The shared store: reads take a connection of its pool for each statement.
pub struct Shared(PgStore);

impl Db for Shared {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
    fn exec(&self, sql: &str, args: &[Value]) -> DeskResult<u64> {
        self.0.read(|c| c.db().exec(sql, args))
    }
    fn rows(&self, sql: &str, args: &[Value]) -> DeskResult<Vec<Row>> {
        self.0.read(|c| c.db().rows(sql, args))
    }
}

/// What a shared store answers when asked for the laptop's file.
fn no_file(what: &str) -> DeskError {
    DeskError::new(
        ErrorCode::Invalid,
        format!("{what}只用于单机客诉台（本机的数据文件）；团队共用的数据库由数据库服务器保管和备份，请联系管理员。"),
    )
    .rule("store.shared_has_no_file")
}

impl Backend {
    pub fn shared(store: PgStore) -> Backend {
        Backend::Shared(Box::new(Shared(store)))
    }

    /// Reads outside a write transaction, each statement on a connection of its own (a reading
    /// connection of the file, a pooled one of the server), so reads wait neither for writes
    /// nor for each other.
    pub fn db(&self) -> &dyn Db {
        match self {
            Backend::File(s) => s.reads(),
            Backend::Shared(s) => s.as_ref(),
        }
    }

    /// Runs `f` in one write transaction: all of it is committed, or none of it. On the shared
    /// store a transaction that lost a race with another desk's runs again, so `f` must do
    /// nothing outside the transaction. Writes take turns on the file's one writing connection;
    /// on the server each takes a connection of the pool.
    pub fn write<T>(&self, mut f: impl FnMut(&dyn Db) -> DeskResult<T>) -> DeskResult<T> {
        match self {
            Backend::File(s) => s.write(|tx| f(tx)),
            Backend::Shared(s) => s.0.write_db(f),
        }
    }

    /// Keeps `bytes` under their SHA-256 (once, however often they are added) and returns it;
    /// the database row that names them is written after, in the use-case's transaction.
    pub fn put_file(&self, bytes: &[u8]) -> DeskResult<String> {
        match self {
            Backend::File(s) => attachments::store_bytes(s.dir(), bytes),
            Backend::Shared(s) => {
                let sha256 = format!("{:x}", Sha256::digest(bytes));
                let now = chrono::Utc::now().timestamp_millis();
                s.0.write_db(|db| {
                    // Two desks adding the same file at once: the second insert meets the key and
                    // runs again, finding the row.
                    db.exec(
                        "INSERT INTO files (sha256, bytes, added_at) SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM files WHERE sha256 = ?1)",
                        &[sha256.clone().into(), Value::Blob(bytes.to_vec()), now.into()],
                    )
                })?;
                Ok(sha256)
            }
        }
    }

    /// The bytes kept under `sha256`, checked against it.
    pub fn read_file(&self, sha256: &str) -> DeskResult<Vec<u8>> {
        match self {
            Backend::File(s) => attachments::read_bytes(s.dir(), sha256),
            Backend::Shared(s) => {
                let row = s.row("SELECT bytes FROM files WHERE sha256 = ?1", &[sha256.into()])?.ok_or_else(|| DeskError::not_found("该附件"))?;
                let bytes = row.blob("bytes")?;
                if format!("{:x}", Sha256::digest(&bytes)) != sha256 {
                    return Err(DeskError::storage("附件已损坏（内容与登记的校验值不符）"));
                }
                Ok(bytes)
            }
        }
    }

    /// The laptop's SQLite store; `None` for a shared store.
    pub fn file(&self) -> Option<&Store> {
        match self {
            Backend::File(s) => Some(s),
            Backend::Shared(_) => None,
        }
    }

    /// [`Backend::file`] for what only a file has (backups, its integrity check); `what` names
    /// the action in the refusal a shared store gives.
    pub fn file_store(&self, what: &str) -> DeskResult<&Store> {
        self.file().ok_or_else(|| no_file(what))
    }

    /// The data folder of a laptop desk; `None` for a shared store.
    pub fn dir(&self) -> Option<&Path> {
        match self {
            Backend::File(s) => Some(s.dir()),
            Backend::Shared(_) => None,
        }
    }

    /// Where the cases are, as users name it: the file's path or the server.
    pub fn place(&self) -> String {
        match self {
            Backend::File(s) => s.path().display().to_string(),
            Backend::Shared(s) => s.0.server().to_string(),
        }
    }

    /// The schema version of the store.
    pub fn schema_version(&self) -> DeskResult<u32> {
        match self {
            Backend::File(s) => s.schema_version(),
            Backend::Shared(s) => s.0.schema_version(),
        }
    }

    /// Commits stop waiting for the disk: only for filling a throw-away demo or benchmark desk.
    pub fn relax_durability_for_bulk_fill(&self) -> DeskResult<()> {
        match self {
            Backend::File(s) => s.relax_durability_for_bulk_fill(),
            Backend::Shared(s) => s.exec("SET synchronous_commit = off", &[]).map(|_| ()),
        }
    }

    /// A listener for the cases other desks change; `None` on a laptop's file (nobody else
    /// writes it).
    pub fn listen(&self) -> Option<DeskResult<super::pg::Listener>> {
        self.with_shared(|s| s.listen())
    }

    /// The shared store itself, for what only a server does (its check, its chain's check).
    pub fn with_shared<T>(&self, f: impl FnOnce(&PgStore) -> DeskResult<T>) -> Option<DeskResult<T>> {
        match self {
            Backend::File(_) => None,
            Backend::Shared(s) => Some(f(&s.0)),
        }
    }
}
