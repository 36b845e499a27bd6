//! 数据存储: which store this laptop's window works on, kept in `store.json` in the data folder.
//! Either the laptop's own SQLite file (单机: the default, and what a missing file means) or a
//! team's shared PostgreSQL server (联网). No password is ever kept: each person signs in as their
//! own PostgreSQL role, with their own password, when they sign in.
use std::io::Write;
use std::path::{Path, PathBuf};

use complaintdesk_core::domain::{DeskError, DeskResult, ErrorCode};
use complaintdesk_core::store::pg::Server;
use serde::{Deserialize, Serialize};

/// The settings file's name in the data folder.
pub const FILE: &str = "store.json";

/// PostgreSQL's port, for a file that names none.
const PG_PORT: u16 = 5432;

/// The rule of the error the desk state holds while the window is on the shared store and
/// nobody has signed in: there is no desk until a person connects as themselves.
pub const AWAITING_SIGN_IN: &str = "store.awaiting_sign_in";

/// The file as written: `{"mode":"single"}` or `{"mode":"shared","host":…}`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
enum StoreFile {
    Single,
    Shared(SharedServer),
}

/// [`Server`] as the file keeps it: a missing port is PostgreSQL's, a missing `tls` is on.
#[derive(Debug, Serialize, Deserialize)]
struct SharedServer {
    host: String,
    #[serde(default = "pg_port")]
    port: u16,
    database: String,
    #[serde(default = "tls_on")]
    tls: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ca_file: Option<String>,
}

fn pg_port() -> u16 {
    PG_PORT
}

fn tls_on() -> bool {
    true
}

impl From<SharedServer> for Server {
    fn from(s: SharedServer) -> Server {
        Server { host: s.host, port: s.port, database: s.database, tls: s.tls, ca_file: s.ca_file }
    }
}

impl From<&Server> for SharedServer {
    fn from(s: &Server) -> SharedServer {
        let ca_file = s.ca_file.as_deref().map(str::trim).filter(|f| !f.is_empty()).map(str::to_string);
        SharedServer { host: s.host.trim().to_string(), port: s.port, database: s.database.trim().to_string(), tls: s.tls, ca_file }
    }
}

pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE)
}

/// The shared server `store.json` names; `None` for the laptop's own file (also when there is no
/// `store.json`). A file that cannot be read is an error naming it: silently working on the
/// laptop's file instead would keep a team's cases apart from the team's.
pub fn read(data_dir: &Path) -> DeskResult<Option<Server>> {
    let file = path(data_dir);
    let bytes = match std::fs::read(&file) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(unreadable(&file, &e.to_string())),
    };
    match serde_json::from_slice::<StoreFile>(&bytes) {
        Ok(StoreFile::Single) => Ok(None),
        Ok(StoreFile::Shared(server)) => Ok(Some(server.into())),
        Err(e) => Err(unreadable(&file, &e.to_string())),
    }
}

fn unreadable(file: &Path, why: &str) -> DeskError {
    DeskError::new(
        ErrorCode::Invalid,
        format!("数据存储设置文件 {} 读不出来（{why}）。请改正或删除它（删除后本机以单机方式使用）。", file.display()),
    )
    .rule("store.settings")
}

/// Writes `store.json` whole or not at all: a file beside it, synced, then renamed over it. A
/// server setting that cannot be right is refused first, naming its field.
pub fn write(data_dir: &Path, server: Option<&Server>) -> DeskResult<()> {
    if let Some(server) = server {
        server.validate()?;
    }
    let contents = match server {
        None => StoreFile::Single,
        Some(server) => StoreFile::Shared(server.into()),
    };
    let file = path(data_dir);
    let partial = data_dir.join(format!(".{FILE}.partial"));
    let failed = |e: std::io::Error| DeskError::storage(format!("数据存储设置未能保存到 {}：{e}", file.display()));
    std::fs::create_dir_all(data_dir).map_err(failed)?;
    let json = serde_json::to_vec_pretty(&contents).map_err(|e| DeskError::storage(format!("数据存储设置无法写成文件：{e}")))?;
    let written = (|| {
        let mut f = std::fs::File::create(&partial)?;
        f.write_all(&json)?;
        f.sync_all()?;
        std::fs::rename(&partial, &file)?;
        sync_folder(data_dir)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(failed(e));
    }
    Ok(())
}

/// The rename is on disk once the folder is synced (POSIX); Windows has no folder to sync.
fn sync_folder(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// The server as people name it: `host:port/database`.
pub fn place(server: &Server) -> String {
    format!("{}:{}/{}", server.host.trim(), server.port, server.database.trim())
}

/// What the desk state holds on the shared store at `place` while nobody is signed in.
pub fn awaiting_sign_in(place: &str) -> DeskError {
    DeskError::new(ErrorCode::NoUser, format!("联网客诉台（{place}）：请登录，用您自己的账号连接数据库服务器")).rule(AWAITING_SIGN_IN)
}

pub fn is_awaiting_sign_in(error: &DeskError) -> bool {
    error.code == ErrorCode::NoUser && error.rule.as_deref() == Some(AWAITING_SIGN_IN)
}
