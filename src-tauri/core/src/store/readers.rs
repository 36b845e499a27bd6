//! The desk file's reading connections. Each read outside a write transaction borrows one for a
//! statement (or, through [`Readers::get`], for a few) and gives it back; WAL lets them read
//! while the one writing connection writes, so a year's dashboard and a clerk's save go on side
//! by side. A statement run to its end leaves no read transaction open, so the next statement
//! on the same connection sees every write committed before it started: no stale reads.
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard};

use rusqlite::Connection;

use super::db::{Db, Dialect, Row, Value};
use super::fault;
use crate::domain::DeskResult;

/// How many reading connections one desk opens at most: a window runs a few commands at once, a
/// watcher and a backup; more would only queue on two cores.
const MAX_READERS: usize = 4;

/// A small pool of connections that only read (`query_only`), opened as they are first needed.
pub struct Readers {
    path: PathBuf,
    state: Mutex<Pool>,
    returned: Condvar,
}

struct Pool {
    idle: Vec<Connection>,
    /// How many are lent out now.
    lent: usize,
    /// Counts [`Readers::renew`]s: a connection lent before one is closed when it comes back.
    generation: u64,
}

/// A reading connection borrowed from [`Readers`]; it goes back when dropped.
pub struct Reader<'a> {
    readers: &'a Readers,
    conn: Option<Connection>,
    generation: u64,
}

impl Deref for Reader<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn.as_ref().expect("a reader's connection is there until it is dropped")
    }
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else { return };
        let mut pool = self.readers.lock();
        pool.lent -= 1;
        if pool.generation == self.generation {
            pool.idle.push(conn);
        }
        drop(pool);
        self.readers.returned.notify_one();
    }
}

impl Readers {
    /// Readers of the database at `path` (which the writing connection has already opened,
    /// checked and brought up to date).
    pub(super) fn new(path: &Path) -> Readers {
        Readers { path: path.to_path_buf(), state: Mutex::new(Pool { idle: Vec::new(), lent: 0, generation: 0 }), returned: Condvar::new() }
    }

    /// Nothing in the pool is left half-changed by a panic (a count and a list, each changed in
    /// one step), so a poisoned lock still guards a sound pool.
    fn lock(&self) -> MutexGuard<'_, Pool> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A reading connection: an idle one, a new one while fewer than [`MAX_READERS`] are open,
    /// or the first one given back.
    pub fn get(&self) -> DeskResult<Reader<'_>> {
        let mut pool = self.lock();
        loop {
            let generation = pool.generation;
            if let Some(conn) = pool.idle.pop() {
                pool.lent += 1;
                return Ok(Reader { readers: self, conn: Some(conn), generation });
            }
            if pool.lent < MAX_READERS {
                pool.lent += 1;
                drop(pool);
                return match self.open() {
                    Ok(conn) => Ok(Reader { readers: self, conn: Some(conn), generation }),
                    Err(e) => {
                        self.lock().lent -= 1;
                        self.returned.notify_one();
                        Err(e)
                    }
                };
            }
            pool = self.returned.wait(pool).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }

    /// How many reading connections are lent out now: how many reads are running.
    pub fn in_use(&self) -> usize {
        self.lock().lent
    }

    /// Closes the idle connections, and each lent one when it comes back: after a read-only
    /// fault, so that the next read opens the file as it now is.
    pub(super) fn renew(&self) {
        let mut pool = self.lock();
        pool.generation += 1;
        pool.idle.clear();
    }

    /// A new reading connection with the desk's settings; it refuses to change the file.
    fn open(&self) -> DeskResult<Connection> {
        let conn = super::Store::connect(&self.path)?;
        conn.pragma_update(None, "query_only", "ON").map_err(|e| fault::at_open(&e, &self.path))?;
        Ok(conn)
    }
}

/// Each statement on a reading connection of its own, given back as soon as its rows are read.
impl Db for Readers {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }
    fn exec(&self, sql: &str, args: &[Value]) -> DeskResult<u64> {
        self.get()?.exec(sql, args)
    }
    fn rows(&self, sql: &str, args: &[Value]) -> DeskResult<Vec<Row>> {
        self.get()?.rows(sql, args)
    }
}

/// A borrowed reading connection runs statements as its connection does.
impl Db for Reader<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }
    fn exec(&self, sql: &str, args: &[Value]) -> DeskResult<u64> {
        (**self).exec(sql, args)
    }
    fn rows(&self, sql: &str, args: &[Value]) -> DeskResult<Vec<Row>> {
        (**self).rows(sql, args)
    }
}
