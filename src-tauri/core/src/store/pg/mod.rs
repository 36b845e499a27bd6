//! The shared store on PostgreSQL, for a team whose desks share one case store. It keeps the
//! SQLite desk's tables, values and invariants (`migrations/0001_schema.sql`), using only the
//! portable part of SQL, so PostgreSQL-compatible engines can run it too.
//!
//! What a server changes, and how this module answers it:
//! - Several desks write at once. A write is one transaction; a serialization failure or a
//!   deadlock rolls it back and runs it again ([`PgStore::write`]).
//! - Case numbers stay gapless: a counter row updated in the case's own transaction
//!   (`store::cases::next_number`), never a sequence (a rollback would leave a gap).
//! - The audit chain stays one chain in commit order: every append locks the chain's head row
//!   (`store::events::append`); event ids are the head's next number, not a sequence.
//!
//! The operations themselves are the store's, written once over `store::db::Db`; this module
//! holds what only the server has (connecting, its schema, retrying a write that lost a race,
//! streaming the chain's check, moving a desk in).
pub mod events;
pub mod export;
pub mod migrate;
pub mod people;

pub use people::{probe_as, Server};

use postgres::error::SqlState;
use postgres::{Client, NoTls, Transaction};

use crate::desk::audit::{AuditCheck, BrokenEvent};
use crate::desk::dto::DbCheck;
use crate::domain::audit::GENESIS;
use crate::domain::{DeskError, DeskResult, ErrorCode};
use crate::store::db::{Pg, Prepared};

/// The schema version this program brings a PostgreSQL store to.
pub const PG_SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Forward-only, in order; `schema_version` holds how many a store has had.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_schema.sql"),
    include_str!("migrations/0002_files.sql"),
    include_str!("migrations/0003_people.sql"),
    include_str!("migrations/0004_kpi_days.sql"),
    include_str!("migrations/0005_list_indexes.sql"),
    include_str!("migrations/0006_imports.sql"),
    include_str!("migrations/0007_search_walk.sql"),
    include_str!("migrations/0008_improvements.sql"),
    include_str!("migrations/0009_campaigns.sql"),
    include_str!("migrations/0010_improvement_alerts.sql"),
];

/// The server options every connection of the store sets.
pub const NO_JIT: &str = "-c jit=off";

/// What a write that lost a race with another desk's meets: it runs again.
const LOST_RACE: &[SqlState] = &[SqlState::T_R_SERIALIZATION_FAILURE, SqlState::T_R_DEADLOCK_DETECTED];

/// How many times a write that lost a race (serialization failure, deadlock) is run again.
const WRITE_TRIES: u32 = 20;

/// How many connections to the shared store one desk keeps open at most for its reads.
const POOL_SIZE: u32 = 4;

/// How many more it keeps for its writes (a clerk's save, the watcher's batch): a pool of their
/// own, so a write never waits for a connection that reads are holding.
const WRITE_POOL_SIZE: u32 = 2;

/// How long a desk waits for a connection of its pool (all busy, or the server gone).
const POOL_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// How long a desk waits for its pool before asking the server itself why there is no connection.
const FIRST_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// An open PostgreSQL store, its schema brought up to date: pools of connections
/// (`r2d2`), each with the statements prepared on it, one for reads and one for writes. Shared
/// between threads.
pub struct PgStore {
    pool: r2d2::Pool<Connector>,
    writes: r2d2::Pool<Connector>,
    /// For a connection outside the pool (a [`Listener`]).
    connector: Connector,
    server: String,
}

/// A connection of the pool and the statements prepared on it.
pub struct Conn {
    pub client: Client,
    pub prepared: Prepared,
    /// The server ended this connection (its error said so before the socket's close was
    /// read): the pool drops it instead of handing it out again.
    broken: bool,
}

impl Conn {
    /// The connection as a [`Db`](crate::store::db::Db), reusing its prepared statements.
    pub fn db(&mut self) -> Pg<'_, Client> {
        Pg::reusing(&mut self.client, &self.prepared)
    }
}

/// A connection borrowed from the pool; it goes back when dropped.
pub type Pooled = r2d2::PooledConnection<Connector>;

/// Opens the pool's connections, as [`PgStore::connect`] checked the first.
#[derive(Clone)]
pub struct Connector {
    config: postgres::Config,
    tls: Option<tokio_postgres_rustls::MakeRustlsConnect>,
}

impl r2d2::ManageConnection for Connector {
    type Connection = Conn;
    type Error = postgres::Error;

    fn connect(&self) -> Result<Conn, postgres::Error> {
        let client = match &self.tls {
            None => self.config.connect(NoTls)?,
            Some(tls) => self.config.connect(tls.clone())?,
        };
        Ok(Conn { client, prepared: Prepared::default(), broken: false })
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), postgres::Error> {
        conn.client.simple_query("").map(|_| ())
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.broken || conn.client.is_closed()
    }
}

impl PgStore {
    /// Makes the shared store in an empty database, or brings an older one up to date
    /// (`db init`). A store of a newer schema is refused untouched.
    pub fn init(url: &str) -> DeskResult<PgStore> {
        PgStore::initialised(PgStore::connect(url)?)
    }

    fn initialised(store: PgStore) -> DeskResult<PgStore> {
        store.refuse_newer()?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens the shared store at `url`, bringing an older schema up to date as a desk's file is;
    /// a database without one is refused (`db init` makes it), as is a newer one, untouched.
    pub fn open(url: &str) -> DeskResult<PgStore> {
        PgStore::opened(PgStore::connect(url)?)
    }

    /// A connected store, its schema checked and brought up to date.
    fn opened(store: PgStore) -> DeskResult<PgStore> {
        if store.schema_version()? == 0 {
            return Err(DeskError::new(
                ErrorCode::DatabaseMissing,
                format!("数据库服务器 {} 上的这个库还没有客诉台的数据：先运行 complaintdesk-cli --db <地址> db init。", store.server),
            ));
        }
        store.refuse_newer()?;
        store.migrate()?;
        Ok(store)
    }

    /// Connects to `url` (`postgres://user@host:port/db`); the address is checked, the password
    /// never appears in a message. The connection is encrypted (TLS, the server's certificate
    /// checked against the OS's authorities and the one `COMPLAINTDESK_PG_CA` names) unless the
    /// address says `sslmode=disable`; with the default `prefer`, a server without TLS is spoken
    /// to in the clear, and `sslmode=require` refuses that.
    ///
    /// The first connection is made here, so that what is wrong (the address, the password, the
    /// certificate) is said at once; it is the pool's first.
    fn connect(url: &str) -> DeskResult<PgStore> {
        let config: postgres::Config = url
            .parse()
            .map_err(|e| DeskError::new(ErrorCode::Invalid, format!("数据库地址写得不对（应为 postgres://用户@主机:端口/库名）：{e}")).field("db").rule("db.address"))?;
        PgStore::connect_config(config, None)
    }

    /// Connects with `config`, trusting the authorities in the PEM file `ca` (besides the OS's
    /// and `COMPLAINTDESK_PG_CA`'s) when the connection is encrypted.
    fn connect_config(mut config: postgres::Config, ca: Option<&std::path::Path>) -> DeskResult<PgStore> {
        let server = server_name(&config);
        // A desk's statements each take milliseconds; compiling one to machine code, which the
        // server does for a plan it estimates dear (a list walking a million cases' index, of
        // which it reads a few hundred), took 200 ms of a text search's 240.
        let options = format!("{} {NO_JIT}", config.get_options().unwrap_or_default());
        config.options(options.trim());
        let tls = match config.get_ssl_mode() {
            postgres::config::SslMode::Disable => None,
            _ => Some(tls(ca)?),
        };
        let connector = Connector { config, tls };
        let first = r2d2::ManageConnection::connect(&connector).map_err(|e| cannot_reach(&server, &e))?;
        let pool_of = |size| {
            r2d2::Pool::builder()
                .max_size(size)
                .min_idle(Some(0))
                .connection_timeout(POOL_WAIT)
                .test_on_check_out(false)
                .build_unchecked(connector.clone())
        };
        let (pool, writes) = (pool_of(POOL_SIZE), pool_of(WRITE_POOL_SIZE));
        drop(first);
        Ok(PgStore { pool, writes, connector, server })
    }

    /// A connection of the reads' pool, for reads outside a write (and tests).
    pub fn client(&self) -> DeskResult<Pooled> {
        self.from(&self.pool)
    }

    /// A connection of `pool`.
    fn from(&self, pool: &r2d2::Pool<Connector>) -> DeskResult<Pooled> {
        if let Some(conn) = pool.try_get() {
            return Ok(conn);
        }
        // No idle connection: the pool makes one, trying again until POOL_WAIT. A server that
        // refuses (stopped, or a wrong address) would keep the person waiting all that time, so
        // after a short first wait one connection of our own asks why, and a refusal is said now.
        if let Ok(conn) = pool.get_timeout(FIRST_WAIT) {
            return Ok(conn);
        }
        if let Err(e) = r2d2::ManageConnection::connect(&self.connector) {
            let (rule, hint) = why_not_connected(e.code().map(SqlState::code), &connection_error_text(&e));
            tracing::warn!(rule, "no connection to the shared store");
            return Err(DeskError::new(ErrorCode::Storage, format!("联网中断：连不上数据库服务器 {}。已填写的内容仍在，恢复连接后重试即可；{hint}", self.server)).rule(rule));
        }
        pool.get().map_err(|_| {
            DeskError::new(
                ErrorCode::Storage,
                format!("联网中断：{} 秒内没有等到与数据库服务器 {} 的连接（连接都在忙）。已填写的内容仍在，请稍后重试，或联系管理员。", POOL_WAIT.as_secs(), self.server),
            )
            .rule("db.busy")
        })
    }

    /// Whether this store's connections are encrypted.
    pub fn encrypted(&self) -> DeskResult<bool> {
        let row = self.client()?.client.query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]).map_err(|e| record(&e))?;
        Ok(row.get(0))
    }

    fn refuse_newer(&self) -> DeskResult<()> {
        let version = self.schema_version()?;
        if version > PG_SCHEMA_VERSION {
            return Err(DeskError::new(
                ErrorCode::DatabaseNewer,
                format!(
                    "数据库服务器 {} 上的客诉台数据由更新版本的程序创建（结构版本 {version}，本程序支持到 {PG_SCHEMA_VERSION}）。请升级程序；数据库未做任何改动。",
                    self.server
                ),
            ));
        }
        Ok(())
    }

    /// The server as users name it (host and port).
    pub fn server(&self) -> &str {
        &self.server
    }

    /// `db check` on the shared store: the schema version and the counts. The pages' own
    /// soundness is the server's to keep (its checksums and backups), so `integrity` says so.
    pub fn check(&self) -> DeskResult<DbCheck> {
        let schema_version = self.schema_version()?;
        let mut conn = self.client()?;
        let mut count = |table: &str| -> DeskResult<i64> {
            Ok(conn.client.query_one(&format!("SELECT count(*) FROM {table}"), &[]).map_err(|e| record(&e))?.get(0))
        };
        let cases = count("cases")?;
        let events = count("events")?;
        let link = if self.encrypted()? { "连接已加密" } else { "连接未加密" };
        Ok(DbCheck { ok: true, integrity: format!("ok（由数据库服务器保证；{link}）"), schema_version, cases, events, path: self.server.clone(), figures: Vec::new() })
    }

    /// The audit chain, recomputed event by event (`db verify`), with the number of the case
    /// of the first broken event.
    pub fn audit_check(&self) -> DeskResult<AuditCheck> {
        let mut conn = self.client()?;
        let (count, broken) = events::verify_chain(&mut conn.client)?;
        let first_broken = match broken {
            Some(b) => {
                let case_number = match b.case_id {
                    Some(id) => conn.client.query_opt("SELECT number FROM cases WHERE id = $1", &[&id]).map_err(|e| record(&e))?.map(|r| r.get(0)),
                    None => None,
                };
                Some(BrokenEvent { event_id: b.event_id, case_number, reason: b.reason })
            }
            None => None,
        };
        Ok(AuditCheck { ok: first_broken.is_none(), events: count, first_broken })
    }

    /// The store's schema version; 0 for an empty database. Reads only.
    pub fn schema_version(&self) -> DeskResult<u32> {
        let server = self.server.clone();
        let mut conn = self.client()?;
        let exists: i64 = conn
            .client
            .query_one(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_version'",
                &[],
            )
            .map_err(|e| from_pg(&server, &e))?
            .get(0);
        if exists == 0 {
            return Ok(0);
        }
        let row = conn.client.query_opt("SELECT version FROM schema_version", &[]).map_err(|e| from_pg(&server, &e))?;
        Ok(row.map(|r| r.get::<_, i64>(0) as u32).unwrap_or(0))
    }

    /// Runs `f` in one transaction and commits it. A transaction that lost a race with another
    /// desk's (serialization failure, deadlock) is rolled back and `f` runs again, so `f` must
    /// do nothing outside the transaction.
    pub fn write<R>(&self, mut f: impl FnMut(&mut Transaction<'_>) -> DeskResult<R>) -> DeskResult<R> {
        self.retrying(LOST_RACE, &mut |tx, _| f(tx))
    }

    /// [`PgStore::write`] with the transaction as a [`Db`](crate::store::db::Db) that reuses the
    /// connection's prepared statements.
    pub fn write_db<R>(&self, mut f: impl FnMut(&dyn crate::store::db::Db) -> DeskResult<R>) -> DeskResult<R> {
        self.retrying(LOST_RACE, &mut |tx, prepared| f(&Pg::reusing(tx, prepared)))
    }

    ///
    /// A connection found closed (the network or the server went away) before the commit was
    /// sent means nothing was written: the write runs again on a new connection. Closed while
    /// committing, nobody can say whether it was saved, and the error says so.
    fn retrying<R>(&self, again: &[SqlState], f: &mut impl FnMut(&mut Transaction<'_>, &Prepared) -> DeskResult<R>) -> DeskResult<R> {
        let mut conn = self.from(&self.writes)?;
        let mut tries = 0;
        loop {
            tries += 1;
            LAST_STATE.with(|s| s.take());
            let mut committing = None;
            let mut value = None;
            let Conn { client, prepared, .. } = &mut *conn;
            let result = client.transaction().map_err(|e| record(&e)).and_then(|mut tx| {
                value = Some(f(&mut tx, prepared)?);
                // The transaction's id, to ask the server afterwards whether it committed when the
                // connection is lost while committing.
                let id: i64 = tx.query_one("SELECT txid_current()", &[]).map_err(|e| record(&e))?.get(0);
                committing = Some(id);
                tx.commit().map_err(|e| record(&e))
            });
            let state = LAST_STATE.with(|s| s.take());
            // The server ending the connection (57P0x) may be read before the socket's close is.
            let closed = client.is_closed() || ended_by_server(state.as_ref());
            conn.broken = closed;
            match result {
                Ok(()) => return value.ok_or_else(|| DeskError::storage("保存结果丢失")),
                Err(_) if closed && committing.is_some() => {
                    // Lost while committing: a new connection asks the server how it ended.
                    drop(conn);
                    match self.settled(committing.unwrap_or_default()) {
                        Some(true) => return value.ok_or_else(|| DeskError::storage("保存结果丢失")),
                        Some(false) if tries < WRITE_TRIES => conn = self.from(&self.writes)?,
                        _ => {
                            return Err(DeskError::new(
                                ErrorCode::Storage,
                                format!("联网中断：与数据库服务器 {} 的连接在保存时断开，这一步可能已保存，也可能没有。请在连接恢复后打开案件查看。", self.server),
                            ))
                        }
                    }
                }
                Err(_) if closed && tries < WRITE_TRIES => {
                    // Back to the pool, which drops a closed connection, and a new one.
                    drop(conn);
                    conn = self.from(&self.writes)?;
                }
                Err(_) if tries < WRITE_TRIES && state.is_some_and(|s| again.contains(&s)) => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Whether transaction `id` committed (`Some(true)`), rolled back (`Some(false)`), or cannot
    /// be told now (the server unreachable, or still finishing it).
    fn settled(&self, id: i64) -> Option<bool> {
        // A connection of its own: the pool may still hold the one that was cut off, not yet
        // seen to be closed.
        let mut conn = r2d2::ManageConnection::connect(&self.connector).ok()?;
        // A server ending a connection finishes its transaction a moment later: until then it
        // reads "in progress". Asked for up to five seconds.
        for _ in 0..100 {
            let status: Option<String> = conn.client.query_one("SELECT txid_status($1)", &[&id]).ok()?.get(0);
            match status.as_deref() {
                Some("committed") => return Some(true),
                Some("aborted") => return Some(false),
                Some("in progress") => std::thread::sleep(std::time::Duration::from_millis(50)),
                _ => return None,
            }
        }
        None
    }

    /// Runs `read` on a connection of the pool; one found closed (the network or the server
    /// went away meanwhile) is replaced once, since a read changes nothing.
    pub fn read<R>(&self, mut read: impl FnMut(&mut Conn) -> DeskResult<R>) -> DeskResult<R> {
        let mut conn = self.client()?;
        LAST_STATE.with(|s| s.take());
        match read(&mut conn) {
            Err(_) if conn.client.is_closed() || ended_by_server(LAST_STATE.with(|s| s.take()).as_ref()) => {
                conn.broken = true;
                drop(conn);
                read(&mut *self.client()?)
            }
            other => other,
        }
    }

    /// Runs the migrations this store has not had, each in its own transaction. Desks starting
    /// on a new database at once wait for each other on the version row; only the first runs
    /// each script.
    fn migrate(&self) -> DeskResult<()> {
        // Creating the version table races between first starters: the loser's CREATE or INSERT
        // fails on a unique key, and it tries again, finding the table there.
        // A person's own role may not create or lock anything: an up-to-date store is only read.
        if self.schema_version()? as usize >= MIGRATIONS.len() {
            return Ok(());
        }
        let again = [SqlState::T_R_SERIALIZATION_FAILURE, SqlState::T_R_DEADLOCK_DETECTED, SqlState::UNIQUE_VIOLATION];
        self.retrying(&again, &mut |tx, _| {
            exec(tx, "CREATE TABLE IF NOT EXISTS schema_version (one SMALLINT PRIMARY KEY CHECK (one = 1), version BIGINT NOT NULL)")?;
            exec(tx, "INSERT INTO schema_version (one, version) SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version)")?;
            Ok(())
        })?;
        for (i, sql) in MIGRATIONS.iter().enumerate() {
            let target = (i + 1) as i64;
            self.write(|tx| {
                let current: i64 = tx.query_one("SELECT version FROM schema_version FOR UPDATE", &[]).map_err(|e| record(&e))?.get(0);
                if current >= target {
                    return Ok(());
                }
                tx.batch_execute(sql).map_err(|e| record(&e))?;
                if target == 1 {
                    tx.execute("INSERT INTO chain_head (one, last_id, last_hash) VALUES (1, 0, $1)", &[&GENESIS]).map_err(|e| record(&e))?;
                }
                if target == 3 {
                    people::fill_lifecycle_moves(tx)?;
                }
                if target == 4 {
                    crate::store::rollup::fill_case_marks(&Pg::new(tx))?;
                    tx.batch_execute(&crate::store::rollup::pg_schema()).map_err(|e| record(&e))?;
                    crate::store::rollup::refill_sums(&Pg::new(tx))?;
                }
                tx.execute("UPDATE schema_version SET version = $1", &[&target]).map_err(|e| record(&e))?;
                Ok(())
            })?;
        }
        Ok(())
    }

}

/// How often a [`Listener`] without notices reads the chain's head.
const POLL_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// A connection of its own that hears which cases other desks changed, for a window to reload
/// what it shows: by the store's notices (`LISTEN`), or, where the server does not deliver
/// them (a connection pooler in transaction mode, an engine without `NOTIFY`), by reading the
/// chain's head every second and the events after it. Never from the pool: it waits.
pub struct Listener {
    hears: Hears,
}

enum Hears {
    Notices(Client),
    ChainHead { client: Client, last: i64 },
}

impl Listener {
    /// The ids of the cases changed since the last call, waiting up to `wait` for the first;
    /// empty when nothing changed in that time. A lost connection is an error (the caller
    /// reconnects and reloads everything it shows).
    pub fn changed(&mut self, wait: std::time::Duration) -> DeskResult<Vec<i64>> {
        match &mut self.hears {
            Hears::Notices(client) => notices(client, wait),
            Hears::ChainHead { client, last } => after_chain_head(client, last, wait),
        }
    }

    /// Whether this listener reads the chain's head instead of hearing notices.
    pub fn polls(&self) -> bool {
        matches!(self.hears, Hears::ChainHead { .. })
    }
}

fn notices(client: &mut Client, wait: std::time::Duration) -> DeskResult<Vec<i64>> {
    use postgres::fallible_iterator::FallibleIterator;
    let mut ids = Vec::new();
    let mut notices = client.notifications();
    let first = notices.timeout_iter(wait).next().map_err(|e| record(&e))?;
    let rest: Vec<_> = match first {
        Some(n) => std::iter::once(Ok(n)).chain(notices.iter().iterator()).collect::<Result<_, _>>().map_err(|e| record(&e))?,
        None => Vec::new(),
    };
    for n in rest {
        if let Ok(id) = n.payload().parse::<i64>() {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    Ok(ids)
}

fn chain_head_id(client: &mut Client) -> DeskResult<i64> {
    Ok(client.query_one("SELECT last_id FROM chain_head", &[]).map_err(|e| record(&e))?.get(0))
}

/// The cases of the events after `last`, in the order they first changed, once the head moves.
fn after_chain_head(client: &mut Client, last: &mut i64, wait: std::time::Duration) -> DeskResult<Vec<i64>> {
    let until = std::time::Instant::now() + wait;
    loop {
        let head = chain_head_id(client)?;
        if head > *last {
            let rows = client
                .query("SELECT case_id FROM events WHERE id > $1 AND id <= $2 GROUP BY case_id ORDER BY min(id)", &[&*last, &head])
                .map_err(|e| record(&e))?;
            *last = head;
            return Ok(rows.iter().map(|r| r.get(0)).collect());
        }
        let left = until.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Ok(Vec::new());
        }
        std::thread::sleep(left.min(POLL_EVERY));
    }
}

impl PgStore {
    /// A [`Listener`] on a new connection of its own: by notices, or by the chain's head where
    /// the server refuses `LISTEN`.
    pub fn listen(&self) -> DeskResult<Listener> {
        let mut conn = r2d2::ManageConnection::connect(&self.connector).map_err(|e| cannot_reach(&self.server, &e))?;
        match conn.client.batch_execute(&format!("LISTEN {}", crate::store::events::CHANGES_CHANNEL)) {
            Ok(()) => Ok(Listener { hears: Hears::Notices(conn.client) }),
            Err(e) if e.as_db_error().is_some() => {
                tracing::info!("the server refused LISTEN; changes are found by reading the chain's head");
                Listener::on_chain_head(conn.client)
            }
            Err(e) => Err(record(&e)),
        }
    }

    /// A [`Listener`] that reads the chain's head (what [`PgStore::listen`] falls back to).
    pub fn listen_by_polling(&self) -> DeskResult<Listener> {
        let conn = r2d2::ManageConnection::connect(&self.connector).map_err(|e| cannot_reach(&self.server, &e))?;
        Listener::on_chain_head(conn.client)
    }
}

impl Listener {
    fn on_chain_head(mut client: Client) -> DeskResult<Listener> {
        let last = chain_head_id(&mut client)?;
        Ok(Listener { hears: Hears::ChainHead { client, last } })
    }
}

/// For tests: a new, empty database on the server `COMPLAINTDESK_PG_URL` names (`make test`
/// starts a private one), as a URL; `None`, with a notice, where there is no server and
/// `COMPLAINTDESK_PG_REQUIRED` is not set (macOS or Windows without PostgreSQL).
pub fn scratch_database() -> Option<String> {
    use std::sync::atomic::{AtomicU32, Ordering};
    let Ok(base) = std::env::var("COMPLAINTDESK_PG_URL") else {
        assert!(std::env::var_os("COMPLAINTDESK_PG_REQUIRED").is_none(), "COMPLAINTDESK_PG_REQUIRED is set but COMPLAINTDESK_PG_URL is not");
        eprintln!("notice: no PostgreSQL (COMPLAINTDESK_PG_URL is not set); the PostgreSQL store's tests are skipped");
        return None;
    };
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!("cd_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
    let mut admin = Client::connect(&base, NoTls).expect("the test server answers");
    admin.batch_execute(&format!("CREATE DATABASE {name}")).expect("the test server makes a database");
    let (server, _database) = base.rsplit_once('/').expect("COMPLAINTDESK_PG_URL ends in /database");
    Some(format!("{server}/{name}"))
}

fn exec(tx: &mut Transaction<'_>, sql: &str) -> DeskResult<()> {
    tx.batch_execute(sql).map_err(|e| record(&e))
}

thread_local! {
    /// The SQLSTATE of the last PostgreSQL error met in this thread's write, for
    /// [`PgStore::write`] to decide whether to run it again (the `DeskError` does not keep it).
    static LAST_STATE: std::cell::Cell<Option<SqlState>> = const { std::cell::Cell::new(None) };
}

/// Whether an error's SQLSTATE says the server ended the connection (an administrator, a
/// shutdown) or the connection failed.
fn ended_by_server(state: Option<&SqlState>) -> bool {
    state.is_some_and(|s| s.code().starts_with("57P") || s.code().starts_with("08"))
}

/// A PostgreSQL error met inside a write, as a `DeskError`; its SQLSTATE is kept for the retry.
/// Every query in a write maps its error with this.
pub(crate) fn record(e: &postgres::Error) -> DeskError {
    LAST_STATE.with(|s| s.set(e.code().cloned()));
    from_pg("", e)
}

/// As [`record`], for an insert that can only collide on its key with the same insert by another
/// desk at the same moment: the write runs again, as after a serialization failure.
pub(crate) fn lost_race_on_key(e: &postgres::Error) -> DeskError {
    let error = record(e);
    if e.code() == Some(&SqlState::UNIQUE_VIOLATION) {
        LAST_STATE.with(|s| s.set(Some(SqlState::T_R_SERIALIZATION_FAILURE)));
    }
    error
}

/// The environment variable naming a PEM file of certificate authorities to trust besides the
/// OS's (an office's own CA).
pub const CA_ENV: &str = "COMPLAINTDESK_PG_CA";

/// rustls on ring, trusting the OS's authorities and the file `COMPLAINTDESK_PG_CA` names.
fn tls(ca: Option<&std::path::Path>) -> DeskResult<tokio_postgres_rustls::MakeRustlsConnect> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        // An OS certificate rustls cannot use is skipped, as browsers do.
        let _ = roots.add(cert);
    }
    let from_env = std::env::var_os(CA_ENV).filter(|p| !p.is_empty()).map(|p| (std::path::PathBuf::from(p), CA_ENV));
    let from_settings = ca.map(|p| (p.to_path_buf(), "ca_file"));
    for (path, field) in from_settings.into_iter().chain(from_env) {
        let unreadable = |e: String| DeskError::new(ErrorCode::Invalid, format!("证书文件 {} 无法读取：{e}", path.display())).field(field);
        let certs = CertificateDer::pem_file_iter(&path).map_err(|e| unreadable(e.to_string()))?;
        for cert in certs {
            roots.add(cert.map_err(|e| unreadable(e.to_string()))?).map_err(|e| unreadable(e.to_string()))?;
        }
    }
    // The crate's only crypto provider is ring, so it is the one `builder` takes.
    let config = rustls::ClientConfig::builder().with_root_certificates(roots).with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// The server as users name it: host and port, never the user or the password.
fn server_name(config: &postgres::Config) -> String {
    let host = config
        .get_hosts()
        .first()
        .map(|h| match h {
            postgres::config::Host::Tcp(name) => name.clone(),
            #[cfg(unix)]
            postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .unwrap_or_else(|| "localhost".into());
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!("{host}:{port}")
}

/// What a refused connection says, with its causes (a refused connection, an untrusted
/// certificate are in the error's sources).
fn connection_error_text(e: &postgres::Error) -> String {
    let mut why = e.as_db_error().map(|d| d.message().to_string()).unwrap_or_else(|| e.to_string());
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        why.push_str(&format!("：{cause}"));
        source = cause.source();
    }
    why
}

fn cannot_reach(server: &str, e: &postgres::Error) -> DeskError {
    let why = connection_error_text(e);
    let (rule, hint) = why_not_connected(e.code().map(SqlState::code), &why);
    DeskError::new(ErrorCode::Storage, format!("无法连接数据库服务器 {server}：{why}。{hint}")).rule(rule)
}

/// What is wrong when a connection is refused, from the server's SQLSTATE (if it answered) and
/// the error's text: the rule a window shows its 测试连接 answer by, and what to do, in Chinese.
fn why_not_connected(state: Option<&str>, why: &str) -> (&'static str, String) {
    match state {
        Some("28P01") | Some("28000") => ("db.password", "用户名或密码不对，或不允许从这台电脑登录：请核对后重试，或联系管理员。".into()),
        Some("3D000") => ("db.database", "服务器上没有这个数据库：请核对库名，或请管理员先建库。".into()),
        Some("53300") => ("db.busy", "服务器的连接数已满：请稍后重试，或请管理员调大 max_connections。".into()),
        _ if why.contains("certificate") || why.contains("UnknownIssuer") || why.contains("InvalidCertificate") => (
            "db.certificate",
            format!("服务器的证书不被信任：若服务器用的是单位自己的证书颁发机构，请把它的证书文件（PEM）用 {CA_ENV} 指明。"),
        ),
        _ => ("db.unreachable", "请检查地址、端口和网络（服务器是否开着、防火墙是否放行），或联系管理员。".into()),
    }
}

/// The oldest PostgreSQL the shared store runs on (its SQL is tested on 15; 14 is the oldest
/// release still kept up).
pub const MIN_SERVER_VERSION: u32 = 140_000;

/// What 测试连接 found on a server that answered.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Probe {
    pub server: String,
    /// The server's PostgreSQL version, as it says it.
    pub server_version: String,
    pub encrypted: bool,
    /// 0: an empty database (`db init`, or a desk's first start, makes the tables).
    pub schema_version: u32,
}

/// Connects to `url` and says whether a desk can use it: the server's version, whether the
/// connection is encrypted, whether the store's tables are there. What is wrong comes back as
/// an error with its rule (`db.address`, `db.unreachable`, `db.password`, `db.database`,
/// `db.certificate`, `db.version`, and `database_newer` for a store of a newer program).
pub fn probe(url: &str) -> DeskResult<Probe> {
    probe_store(PgStore::connect(url)?)
}

fn probe_store(store: PgStore) -> DeskResult<Probe> {
    let version = store.read(|c| {
        let row = c.client.query_one("SELECT current_setting('server_version_num')::int, current_setting('server_version')", &[]).map_err(|e| record(&e))?;
        Ok((row.get::<_, i32>(0) as u32, row.get::<_, String>(1)))
    })?;
    if version.0 < MIN_SERVER_VERSION {
        return Err(DeskError::new(
            ErrorCode::Invalid,
            format!("数据库服务器 {} 的 PostgreSQL 版本是 {}，客诉台需要 {} 或更新的版本：请管理员升级服务器。", store.server, version.1, MIN_SERVER_VERSION / 10_000),
        )
        .rule("db.version"));
    }
    store.refuse_newer()?;
    Ok(Probe { server: store.server.clone(), server_version: version.1, encrypted: store.encrypted()?, schema_version: store.schema_version()? })
}

fn from_pg(server: &str, e: &postgres::Error) -> DeskError {
    let Some(db) = e.as_db_error() else {
        if e.is_closed() {
            let with = if server.is_empty() { String::new() } else { format!(" {server} ") };
            return DeskError::new(ErrorCode::Storage, format!("联网中断：与数据库服务器{with}的连接已断开。已填写的内容仍在，请检查网络后重试。"));
        }
        return DeskError::storage(format!("数据库操作失败：{e}"));
    };
    // The server ended the connection (shut down, restarted, an administrator's command) or it
    // broke: the network's fault as far as the desk is concerned.
    if db.code().code().starts_with("57P") || db.code().code().starts_with("08") {
        return DeskError::new(ErrorCode::Storage, format!("联网中断：数据库服务器断开了连接（{}）。已填写的内容仍在，请稍后重试。", db.message()));
    }
    let code = match db.code() {
        c if *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED || *c == SqlState::LOCK_NOT_AVAILABLE => ErrorCode::Busy,
        c if *c == SqlState::DISK_FULL => ErrorCode::DiskFull,
        c if *c == SqlState::READ_ONLY_SQL_TRANSACTION => ErrorCode::ReadOnly,
        _ => ErrorCode::Storage,
    };
    DeskError::new(code, format!("数据库服务器报错：{}", db.message()))
}

#[cfg(test)]
mod tests {
    use super::why_not_connected;

    #[test]
    fn a_refused_connection_is_named_by_what_is_wrong() {
        assert_eq!(why_not_connected(Some("28P01"), "password authentication failed").0, "db.password");
        assert_eq!(why_not_connected(Some("28000"), "no pg_hba.conf entry").0, "db.password");
        assert_eq!(why_not_connected(Some("3D000"), "database \"x\" does not exist").0, "db.database");
        assert_eq!(why_not_connected(None, "error performing TLS handshake: invalid peer certificate: UnknownIssuer").0, "db.certificate");
        assert_eq!(why_not_connected(None, "error connecting to server: Connection refused (os error 111)").0, "db.unreachable");
        assert!(why_not_connected(Some("28P01"), "").1.contains("密码"), "says what to check");
    }
}
