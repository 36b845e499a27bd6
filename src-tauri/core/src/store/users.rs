//! Users and their roles.
use rusqlite::{params, Connection, OptionalExtension};

use crate::domain::case::User;
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

/// The stored password hash (PHC string) of the user with this login, with the user.
pub fn by_login(conn: &Connection, login: &str) -> DeskResult<Option<(User, Option<String>)>> {
    let found: Option<(i64, Option<String>)> = conn
        .query_row("SELECT id, password_hash FROM users WHERE login = ?1", [login], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match found {
        Some((id, hash)) => Ok(get(conn, id)?.map(|u| (u, hash))),
        None => Ok(None),
    }
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
