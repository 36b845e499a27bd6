//! Each person signs in to the shared store as their own PostgreSQL role, so a laptop holds no
//! password that opens the store to anyone: what the store itself refuses (schema 3, see
//! ARCHITECTURE.md § Team mode) holds even for someone who takes the laptop's connection to
//! `psql`.
//!
//! Names: the person `wang` of the store in database `complaintdesk` is the role
//! `complaintdesk_wang` (the login in lower case); the app's roles are the group roles
//! `complaintdesk:clerk`, `complaintdesk:handler`, … and `complaintdesk:staff` holds what every
//! person may do. A role is named after its database so that two stores on one server (two
//! branches, or a test's scratch databases) never share a login.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{probe_store, PgStore, Probe};
use crate::domain::types::Role;
use crate::domain::{DeskError, DeskResult};
use crate::store::db::{Db, Dialect};

/// PostgreSQL's limit on a role's name, in bytes.
const MAX_ROLE_NAME: usize = 63;

/// Where the team's shared store is, as 设置 → 数据存储 keeps it. No password: each person
/// gives their own when they sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub database: String,
    /// Encrypted connection (TLS), the server's certificate checked; off only on a trusted
    /// network.
    pub tls: bool,
    /// A PEM file of the office's own certificate authority, when the server's certificate is
    /// not from one the OS trusts.
    pub ca_file: Option<String>,
}

impl Server {
    /// Refuses a server setting that cannot be right, naming the field.
    pub fn validate(&self) -> DeskResult<()> {
        if self.host.trim().is_empty() {
            return Err(DeskError::required("host", "服务器地址"));
        }
        if self.host.trim().chars().any(|c| c.is_whitespace() || c == '/' || c == '@') {
            return Err(DeskError::invalid("host", "服务器地址只写主机名或 IP，例如 db.example.cn 或 192.168.1.10").rule("db.address"));
        }
        if self.port == 0 {
            return Err(DeskError::invalid("port", "端口须在 1 到 65535 之间（PostgreSQL 默认 5432）").rule("db.address"));
        }
        if self.database.trim().is_empty() {
            return Err(DeskError::required("database", "数据库名"));
        }
        if self.ca_file.as_deref().is_some_and(|f| !f.trim().is_empty()) && !self.tls {
            return Err(DeskError::invalid("ca_file", "只有加密连接（TLS）才用得上证书文件：请打开加密连接，或清空证书文件").rule("db.certificate"));
        }
        Ok(())
    }

    fn ca(&self) -> Option<&std::path::Path> {
        self.ca_file.as_deref().map(str::trim).filter(|f| !f.is_empty()).map(std::path::Path::new)
    }

    /// The connection of the person `login` with `password`.
    fn config(&self, login: &str, password: &str) -> DeskResult<postgres::Config> {
        self.validate()?;
        self.config_of_role(&person_role(self.database.trim(), login)?, password)
    }

    /// The connection of the database role `role` itself (the store's owner).
    fn config_of_role(&self, role: &str, password: &str) -> DeskResult<postgres::Config> {
        self.validate()?;
        if role.trim().is_empty() {
            return Err(DeskError::required("owner", "共享库所有者账号"));
        }
        let mut config = postgres::Config::new();
        config
            .host(self.host.trim())
            .port(self.port)
            .dbname(self.database.trim())
            .user(role.trim())
            .password(password)
            .application_name("complaintdesk")
            .connect_timeout(std::time::Duration::from_secs(10))
            // A link that dies without a word (a cable pulled, Wi-Fi gone) is found out within
            // about half a minute, by the listener too, instead of when TCP gives up.
            .keepalives(true)
            .keepalives_idle(std::time::Duration::from_secs(10))
            .keepalives_interval(std::time::Duration::from_secs(5))
            .keepalives_retries(3)
            .ssl_mode(if self.tls { postgres::config::SslMode::Require } else { postgres::config::SslMode::Disable });
        Ok(config)
    }
}

/// The PostgreSQL role the person `login` signs in as on the store in `database`.
pub fn person_role(database: &str, login: &str) -> DeskResult<String> {
    let login = login.trim().to_lowercase();
    if login.is_empty() {
        return Err(DeskError::required("login", "登录名"));
    }
    let role = format!("{database}_{login}");
    if role.len() > MAX_ROLE_NAME {
        return Err(DeskError::invalid(
            "login",
            format!("登录名太长：在共享库上，库名、下划线和登录名合起来不能超过 {MAX_ROLE_NAME} 个字节（PostgreSQL 角色名的上限）"),
        )
        .rule("login.role_name"));
    }
    Ok(role)
}

/// 测试连接 as the person `login`: what [`super::probe`] says of the server.
pub fn probe_as(server: &Server, login: &str, password: &str) -> DeskResult<Probe> {
    probe_store(PgStore::connect_config(server.config(login, password)?, server.ca())?)
}

impl PgStore {
    /// The store on `server` as its owner `role` (the account the office's IT made the database
    /// with), its tables made first in an empty database: moving a laptop's desk in.
    pub fn init_as_owner(server: &Server, role: &str, password: &str) -> DeskResult<PgStore> {
        PgStore::initialised(PgStore::connect_config(server.config_of_role(role, password)?, server.ca())?)
    }

    /// Sets the person `login`'s password on the store, their role's and their user's (the
    /// desk checks both at sign-in), as its owner or an admin may: the first password of
    /// someone moved in with a desk.
    pub fn set_person_password(&self, login: &str, password: &str) -> DeskResult<()> {
        let hash = crate::desk::signin::hash_password("password", password)?;
        self.write_db(|db| {
            let (user, _) = crate::store::users::by_login(db, login)?.ok_or_else(|| DeskError::not_found("该用户"))?;
            crate::store::users::set_password_hash(db, user.id, &hash)?;
            set_person_password(db, login, password)
        })
    }

    /// The shared store on `server`, signed in as the person `login`.
    pub fn open_as(server: &Server, login: &str, password: &str) -> DeskResult<PgStore> {
        PgStore::opened(PgStore::connect_config(server.config(login, password)?, server.ca())?)
    }
}

/// The person's own role follows their user on the shared store, in the caller's transaction,
/// so a refused change leaves both as they were: made (or renamed from `old_login`) with the
/// app's roles as group roles, allowed to sign in while active, with the password when one is
/// given (sent as a SCRAM verifier, never in clear). An admin may make and change roles. On the
/// laptop's file this does nothing.
pub(crate) fn set_person(db: &dyn Db, old_login: Option<&str>, login: &str, password: Option<&str>, roles: &[Role], active: bool) -> DeskResult<()> {
    if db.dialect() != Dialect::Postgres {
        return Ok(());
    }
    // The name's length is checked here, where the database's name is known.
    let database = db.row("SELECT current_database() AS name", &[])?.map(|r| r.text("name")).transpose()?.unwrap_or_default();
    person_role(&database, login)?;
    let verifier = password.map(|p| postgres_protocol::password::scram_sha_256(p.as_bytes()));
    let roles = roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",");
    db.row(
        "SELECT complaintdesk_set_person(?, ?, ?, ?, ?) AS done",
        &[old_login.map(str::to_string).into(), login.to_string().into(), verifier.into(), roles.into(), i64::from(active).into()],
    )?;
    Ok(())
}

/// Changes the person's own password on the store (their role's), in the caller's transaction.
pub(crate) fn set_person_password(db: &dyn Db, login: &str, password: &str) -> DeskResult<()> {
    if db.dialect() != Dialect::Postgres {
        return Ok(());
    }
    let verifier = postgres_protocol::password::scram_sha_256(password.as_bytes());
    db.row("SELECT complaintdesk_set_password(?, ?) AS done", &[login.to_string().into(), verifier.into()])?;
    Ok(())
}

/// Writes the lifecycle's moves (`core/data/lifecycle.toml`) into `lifecycle_moves`, which the
/// store's trigger holds every person's status changes to.
pub(super) fn fill_lifecycle_moves(tx: &mut postgres::Transaction<'_>) -> DeskResult<()> {
    let lifecycle = crate::domain::lifecycle::Lifecycle::default_lifecycle()?;
    let mut moves = vec![(String::new(), lifecycle.initial().to_string(), "system".to_string())];
    for t in &lifecycle.transitions {
        for from in &t.from {
            for role in &t.roles {
                moves.push((from.clone(), t.to.clone(), role.code().to_string()));
            }
        }
    }
    moves.sort();
    moves.dedup();
    tx.execute("DELETE FROM lifecycle_moves", &[]).map_err(|e| super::record(&e))?;
    for (from, to, role) in &moves {
        tx.execute("INSERT INTO lifecycle_moves (from_status, to_status, role) VALUES ($1, $2, $3)", &[from, to, role]).map_err(|e| super::record(&e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office() -> Server {
        Server { host: "db.example.cn".into(), port: 5432, database: "complaintdesk".into(), tls: true, ca_file: None }
    }

    #[test]
    fn a_person_signs_in_as_the_role_named_after_database_and_login() {
        assert_eq!(person_role("complaintdesk", " Wang ").unwrap(), "complaintdesk_wang");
        assert_eq!(person_role("complaintdesk", "王芳").unwrap(), "complaintdesk_王芳");
        let long = person_role("complaintdesk", &"x".repeat(60)).unwrap_err();
        assert_eq!((long.field.as_deref(), long.rule.as_deref()), (Some("login"), Some("login.role_name")));
        assert_eq!(person_role("complaintdesk", " ").unwrap_err().field.as_deref(), Some("login"));
    }

    #[test]
    fn a_server_setting_that_cannot_be_right_names_its_field() {
        assert!(office().validate().is_ok());
        let field = |s: Server| s.validate().unwrap_err().field;
        assert_eq!(field(Server { host: " ".into(), ..office() }).as_deref(), Some("host"));
        assert_eq!(field(Server { host: "postgres://db".into(), ..office() }).as_deref(), Some("host"));
        assert_eq!(field(Server { port: 0, ..office() }).as_deref(), Some("port"));
        assert_eq!(field(Server { database: "".into(), ..office() }).as_deref(), Some("database"));
        assert_eq!(field(Server { tls: false, ca_file: Some("/etc/ca.pem".into()), ..office() }).as_deref(), Some("ca_file"));
    }

    #[test]
    fn the_connection_is_the_persons_own_and_encrypted_when_asked() {
        let c = office().config("Wang", "secret").unwrap();
        assert_eq!(c.get_user(), Some("complaintdesk_wang"));
        assert_eq!(c.get_dbname(), Some("complaintdesk"));
        assert_eq!(c.get_ssl_mode(), postgres::config::SslMode::Require);
        assert!(c.get_keepalives() && c.get_keepalives_idle() == std::time::Duration::from_secs(10), "a dead link is found out by keepalives");
        let c = Server { tls: false, ..office() }.config("wang", "secret").unwrap();
        assert_eq!(c.get_ssl_mode(), postgres::config::SslMode::Disable);
    }
}
