//! Users and their roles.
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use super::{from_ms, meta};
use crate::domain::case::User;
use crate::domain::signin::{Failures, SigninAlert};
use crate::domain::types::Role;
use crate::domain::{DeskError, DeskResult};

fn roles_of(conn: &Connection, id: i64) -> DeskResult<Vec<Role>> {
    let mut stmt = conn.prepare_cached("SELECT role FROM user_roles WHERE user_id = ?1")?;
    let codes: Vec<String> = stmt.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
    let mut roles: Vec<Role> = codes.iter().filter_map(|c| Role::parse(c)).collect();
    roles.sort();
    Ok(roles)
}

fn read(conn: &Connection, row: &rusqlite::Row<'_>) -> DeskResult<User> {
    let id: i64 = row.get("id")?;
    Ok(User {
        id,
        login: row.get("login")?,
        display_name: row.get("display_name")?,
        department: row.get("department")?,
        active: row.get("active")?,
        roles: roles_of(conn, id)?,
    })
}

pub fn get(conn: &Connection, id: i64) -> DeskResult<Option<User>> {
    let mut stmt = conn.prepare_cached("SELECT id, login, display_name, department, active FROM users WHERE id = ?1")?;
    let found = stmt.query_row([id], |r| Ok(read(conn, r))).optional()?;
    found.transpose()
}

pub fn list(conn: &Connection) -> DeskResult<Vec<User>> {
    let mut stmt = conn.prepare_cached("SELECT id, login, display_name, department, active FROM users ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(read(conn, r)?);
    }
    Ok(out)
}

pub fn login_taken(conn: &Connection, login: &str, except: Option<i64>) -> DeskResult<bool> {
    let id: Option<i64> = conn
        .query_row("SELECT id FROM users WHERE login = ?1", [login], |r| r.get(0))
        .optional()?;
    Ok(id.is_some() && id != except)
}

pub fn insert(conn: &Connection, login: &str, display_name: &str, department: Option<&str>, roles: &[Role], now_ms: i64) -> DeskResult<i64> {
    conn.execute(
        "INSERT INTO users (login, display_name, department, active, created_at) VALUES (?1, ?2, ?3, 1, ?4)",
        params![login, display_name, department, now_ms],
    )?;
    let id = conn.last_insert_rowid();
    set_roles(conn, id, roles)?;
    Ok(id)
}

pub fn update(conn: &Connection, id: i64, login: &str, display_name: &str, department: Option<&str>, active: bool, roles: &[Role]) -> DeskResult<()> {
    let n = conn.execute(
        "UPDATE users SET login = ?2, display_name = ?3, department = ?4, active = ?5 WHERE id = ?1",
        params![id, login, display_name, department, active],
    )?;
    if n == 0 {
        return Err(DeskError::not_found("该用户"));
    }
    set_roles(conn, id, roles)
}

fn set_roles(conn: &Connection, id: i64, roles: &[Role]) -> DeskResult<()> {
    conn.execute("DELETE FROM user_roles WHERE user_id = ?1", [id])?;
    let mut stmt = conn.prepare_cached("INSERT OR IGNORE INTO user_roles (user_id, role) VALUES (?1, ?2)")?;
    for r in roles {
        stmt.execute(params![id, r.code()])?;
    }
    Ok(())
}

/// What a password is checked against: the stored hash (PHC string; None: no password set yet)
/// and the wrong passwords in a row so far.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    pub hash: Option<String>,
    pub failures: Failures,
}

fn failures_of(count: i64, last_ms: Option<i64>) -> Failures {
    Failures { count: u32::try_from(count).unwrap_or(u32::MAX), last: last_ms.map(from_ms) }
}

/// The user with this login, with what their password is checked against.
pub fn by_login(conn: &Connection, login: &str) -> DeskResult<Option<(User, Credentials)>> {
    let found: Option<(i64, Credentials)> = conn
        .query_row("SELECT id, password_hash, failed_signins, last_failed_signin_at FROM users WHERE login = ?1", [login], |r| {
            Ok((r.get("id")?, Credentials { hash: r.get("password_hash")?, failures: failures_of(r.get("failed_signins")?, r.get("last_failed_signin_at")?) }))
        })
        .optional()?;
    match found {
        Some((id, creds)) => Ok(get(conn, id)?.map(|u| (u, creds))),
        None => Ok(None),
    }
}

/// The user's wrong passwords in a row so far (none for an unknown id).
pub fn failures(conn: &Connection, id: i64) -> DeskResult<Failures> {
    let found = conn
        .query_row("SELECT failed_signins, last_failed_signin_at FROM users WHERE id = ?1", [id], |r| {
            Ok(failures_of(r.get("failed_signins")?, r.get("last_failed_signin_at")?))
        })
        .optional()?;
    Ok(found.unwrap_or_default())
}

/// One more wrong password in a row, at `now_ms`; returns the new count.
pub fn record_failure(conn: &Connection, id: i64, now_ms: i64) -> DeskResult<u32> {
    let count: i64 = conn.query_row(
        "UPDATE users SET failed_signins = failed_signins + 1, last_failed_signin_at = ?2 WHERE id = ?1 RETURNING failed_signins",
        params![id, now_ms],
        |r| r.get(0),
    )?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// A right password (or a new one set by an admin): the count starts again.
pub fn clear_failures(conn: &Connection, id: i64) -> DeskResult<()> {
    conn.execute("UPDATE users SET failed_signins = 0, last_failed_signin_at = NULL WHERE id = ?1", [id])?;
    Ok(())
}

/// Users with at least `min` wrong passwords in a row, the latest first.
pub fn failure_alerts(conn: &Connection, min: u32) -> DeskResult<Vec<SigninAlert>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, login, display_name, failed_signins, last_failed_signin_at FROM users \
         WHERE failed_signins >= ?1 AND last_failed_signin_at IS NOT NULL ORDER BY last_failed_signin_at DESC, id",
    )?;
    let rows = stmt.query_map([min], |r| {
        let count: i64 = r.get("failed_signins")?;
        Ok(SigninAlert {
            user_id: r.get("id")?,
            login: r.get("login")?,
            display_name: r.get("display_name")?,
            failures: u32::try_from(count).unwrap_or(u32::MAX),
            last_failure_at: from_ms(r.get("last_failed_signin_at")?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Rows for unknown logins older than this are dropped (the table cannot grow without end).
const UNKNOWN_KEPT_MS: i64 = 24 * 60 * 60 * 1000;

/// How a login that names no user is kept: a SHA-256 of the desk's salt and the login as
/// `users.login` compares it (ASCII case folded), never the text typed.
fn unknown_key(conn: &Connection, login: &str) -> DeskResult<String> {
    let salt = meta::get(conn, "signin_salt")?.unwrap_or_default();
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update([0]);
    h.update(login.to_ascii_lowercase().as_bytes());
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Wrong tries in a row with a login that names no user.
pub fn unknown_failures(conn: &Connection, login: &str) -> DeskResult<Failures> {
    let key = unknown_key(conn, login)?;
    let found = conn
        .query_row("SELECT failures, last_failure_at FROM signin_unknown_failures WHERE login_key = ?1", [key], |r| {
            Ok(failures_of(r.get("failures")?, Some(r.get("last_failure_at")?)))
        })
        .optional()?;
    Ok(found.unwrap_or_default())
}

/// One more wrong try with a login that names no user.
pub fn record_unknown_failure(conn: &Connection, login: &str, now_ms: i64) -> DeskResult<()> {
    let key = unknown_key(conn, login)?;
    conn.execute("DELETE FROM signin_unknown_failures WHERE last_failure_at < ?1", [now_ms - UNKNOWN_KEPT_MS])?;
    conn.execute(
        "INSERT INTO signin_unknown_failures (login_key, failures, last_failure_at) VALUES (?1, 1, ?2) \
         ON CONFLICT (login_key) DO UPDATE SET failures = failures + 1, last_failure_at = excluded.last_failure_at",
        params![key, now_ms],
    )?;
    Ok(())
}

pub fn password_hash(conn: &Connection, id: i64) -> DeskResult<Option<String>> {
    Ok(conn.query_row("SELECT password_hash FROM users WHERE id = ?1", [id], |r| r.get(0)).optional()?.flatten())
}

pub fn set_password_hash(conn: &Connection, id: i64, hash: &str) -> DeskResult<()> {
    let n = conn.execute("UPDATE users SET password_hash = ?2 WHERE id = ?1", params![id, hash])?;
    if n == 0 {
        return Err(DeskError::not_found("该用户"));
    }
    Ok(())
}

/// Whether any user has a password (if none, the desk is an older one waiting for its first).
pub fn any_password(conn: &Connection) -> DeskResult<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM users WHERE password_hash IS NOT NULL)", [], |r| r.get(0))?)
}
