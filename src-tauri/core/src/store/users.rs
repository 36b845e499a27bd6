//! Users and their roles (on either store: see `store::db`). A login is one whatever its case
//! (ASCII), as SQLite's `COLLATE NOCASE` and the shared store's index on `lower(login)` keep it.
use sha2::{Digest, Sha256};

use super::db::{Db, Row};
use super::{from_ms, meta};
use crate::domain::case::User;
use crate::domain::signin::{Failures, SigninAlert};
use crate::domain::types::Role;
use crate::domain::{DeskError, DeskResult};

fn roles_of(db: &(impl Db + ?Sized), id: i64) -> DeskResult<Vec<Role>> {
    let mut roles: Vec<Role> = db
        .rows("SELECT role FROM user_roles WHERE user_id = ?1", &[id.into()])?
        .iter()
        .map(|r| r.text("role"))
        .collect::<DeskResult<Vec<_>>>()?
        .iter()
        .filter_map(|c| Role::parse(c))
        .collect();
    roles.sort();
    Ok(roles)
}

fn read(db: &(impl Db + ?Sized), row: &Row) -> DeskResult<User> {
    let id = row.int("id")?;
    Ok(User {
        id,
        login: row.text("login")?,
        display_name: row.text("display_name")?,
        department: row.opt_text("department")?,
        active: row.bool("active")?,
        roles: roles_of(db, id)?,
    })
}

const USER_COLUMNS: &str = "SELECT id, login, display_name, department, active FROM users";

pub fn get(db: &(impl Db + ?Sized), id: i64) -> DeskResult<Option<User>> {
    db.row(&format!("{USER_COLUMNS} WHERE id = ?1"), &[id.into()])?.map(|r| read(db, &r)).transpose()
}

pub fn list(db: &(impl Db + ?Sized)) -> DeskResult<Vec<User>> {
    db.rows(&format!("{USER_COLUMNS} ORDER BY id"), &[])?.iter().map(|r| read(db, r)).collect()
}

pub fn login_taken(db: &(impl Db + ?Sized), login: &str, except: Option<i64>) -> DeskResult<bool> {
    let id = db.row("SELECT id FROM users WHERE lower(login) = lower(?1)", &[login.into()])?.map(|r| r.int("id")).transpose()?;
    Ok(id.is_some() && id != except)
}

pub fn insert(db: &(impl Db + ?Sized), login: &str, display_name: &str, department: Option<&str>, roles: &[Role], now_ms: i64) -> DeskResult<i64> {
    let id = db
        .row(
            "INSERT INTO users (login, display_name, department, active, created_at) VALUES (?1, ?2, ?3, 1, ?4) RETURNING id",
            &[login.into(), display_name.into(), department.into(), now_ms.into()],
        )?
        .ok_or_else(|| DeskError::storage("新用户保存后读不到"))?
        .int("id")?;
    set_roles(db, id, roles)?;
    Ok(id)
}

pub fn update(
    db: &(impl Db + ?Sized),
    id: i64,
    login: &str,
    display_name: &str,
    department: Option<&str>,
    active: bool,
    roles: &[Role],
) -> DeskResult<()> {
    let n = db.exec(
        "UPDATE users SET login = ?2, display_name = ?3, department = ?4, active = ?5 WHERE id = ?1",
        &[id.into(), login.into(), display_name.into(), department.into(), active.into()],
    )?;
    if n == 0 {
        return Err(DeskError::not_found("该用户"));
    }
    set_roles(db, id, roles)
}

fn set_roles(db: &(impl Db + ?Sized), id: i64, roles: &[Role]) -> DeskResult<()> {
    db.exec("DELETE FROM user_roles WHERE user_id = ?1", &[id.into()])?;
    let mut done: Vec<Role> = Vec::new();
    for r in roles {
        if !done.contains(r) {
            db.exec("INSERT INTO user_roles (user_id, role) VALUES (?1, ?2)", &[id.into(), r.code().into()])?;
            done.push(*r);
        }
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

fn failures_in(r: &Row) -> DeskResult<Failures> {
    Ok(failures_of(r.int("failed_signins")?, r.opt_int("last_failed_signin_at")?))
}

/// The user with this login, with what their password is checked against.
pub fn by_login(db: &(impl Db + ?Sized), login: &str) -> DeskResult<Option<(User, Credentials)>> {
    let found = db.row(
        "SELECT id, password_hash, failed_signins, last_failed_signin_at FROM users WHERE lower(login) = lower(?1)",
        &[login.into()],
    )?;
    let Some(r) = found else { return Ok(None) };
    let creds = Credentials { hash: r.opt_text("password_hash")?, failures: failures_in(&r)? };
    Ok(get(db, r.int("id")?)?.map(|u| (u, creds)))
}

/// The user's wrong passwords in a row so far (none for an unknown id).
pub fn failures(db: &(impl Db + ?Sized), id: i64) -> DeskResult<Failures> {
    let found = db.row("SELECT failed_signins, last_failed_signin_at FROM users WHERE id = ?1", &[id.into()])?;
    Ok(found.map(|r| failures_in(&r)).transpose()?.unwrap_or_default())
}

/// One more wrong password in a row, at `now_ms`; returns the new count.
pub fn record_failure(db: &(impl Db + ?Sized), id: i64, now_ms: i64) -> DeskResult<u32> {
    let count = db
        .row(
            "UPDATE users SET failed_signins = failed_signins + 1, last_failed_signin_at = ?2 WHERE id = ?1 RETURNING failed_signins",
            &[id.into(), now_ms.into()],
        )?
        .ok_or_else(|| DeskError::not_found("该用户"))?
        .int("failed_signins")?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// A right password (or a new one set by an admin): the count starts again.
pub fn clear_failures(db: &(impl Db + ?Sized), id: i64) -> DeskResult<()> {
    db.exec("UPDATE users SET failed_signins = 0, last_failed_signin_at = NULL WHERE id = ?1", &[id.into()])?;
    Ok(())
}

/// Users with at least `min` wrong passwords in a row, the latest first.
pub fn failure_alerts(db: &(impl Db + ?Sized), min: u32) -> DeskResult<Vec<SigninAlert>> {
    db.rows(
        "SELECT id, login, display_name, failed_signins, last_failed_signin_at FROM users \
         WHERE failed_signins >= ?1 AND last_failed_signin_at IS NOT NULL ORDER BY last_failed_signin_at DESC, id",
        &[min.into()],
    )?
    .iter()
    .map(|r| {
        Ok(SigninAlert {
            user_id: r.int("id")?,
            login: r.text("login")?,
            display_name: r.text("display_name")?,
            failures: u32::try_from(r.int("failed_signins")?).unwrap_or(u32::MAX),
            last_failure_at: from_ms(r.int("last_failed_signin_at")?),
        })
    })
    .collect()
}

/// Rows for unknown logins older than this are dropped (the table cannot grow without end).
const UNKNOWN_KEPT_MS: i64 = 24 * 60 * 60 * 1000;

/// How a login that names no user is kept: a SHA-256 of the desk's salt and the login as
/// `users.login` compares it (ASCII case folded), never the text typed.
fn unknown_key(db: &(impl Db + ?Sized), login: &str) -> DeskResult<String> {
    let salt = meta::get(db, "signin_salt")?.unwrap_or_default();
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update([0]);
    h.update(login.to_ascii_lowercase().as_bytes());
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Wrong tries in a row with a login that names no user.
pub fn unknown_failures(db: &(impl Db + ?Sized), login: &str) -> DeskResult<Failures> {
    let key = unknown_key(db, login)?;
    let found = db.row("SELECT failures, last_failure_at FROM signin_unknown_failures WHERE login_key = ?1", &[key.into()])?;
    Ok(found.map(|r| Ok::<_, DeskError>(failures_of(r.int("failures")?, Some(r.int("last_failure_at")?)))).transpose()?.unwrap_or_default())
}

/// One more wrong try with a login that names no user.
pub fn record_unknown_failure(db: &(impl Db + ?Sized), login: &str, now_ms: i64) -> DeskResult<()> {
    let key = unknown_key(db, login)?;
    db.exec("DELETE FROM signin_unknown_failures WHERE last_failure_at < ?1", &[(now_ms - UNKNOWN_KEPT_MS).into()])?;
    let args = [key.into(), now_ms.into()];
    if db.exec("UPDATE signin_unknown_failures SET failures = failures + 1, last_failure_at = ?2 WHERE login_key = ?1", &args)? == 0 {
        db.exec("INSERT INTO signin_unknown_failures (login_key, failures, last_failure_at) VALUES (?1, 1, ?2)", &args)?;
    }
    Ok(())
}

pub fn password_hash(db: &(impl Db + ?Sized), id: i64) -> DeskResult<Option<String>> {
    Ok(db.row("SELECT password_hash FROM users WHERE id = ?1", &[id.into()])?.map(|r| r.opt_text("password_hash")).transpose()?.flatten())
}

pub fn set_password_hash(db: &(impl Db + ?Sized), id: i64, hash: &str) -> DeskResult<()> {
    let n = db.exec("UPDATE users SET password_hash = ?2 WHERE id = ?1", &[id.into(), hash.into()])?;
    if n == 0 {
        return Err(DeskError::not_found("该用户"));
    }
    Ok(())
}

/// Whether any user has a password (if none, the desk is an older one waiting for its first).
pub fn any_password(db: &(impl Db + ?Sized)) -> DeskResult<bool> {
    Ok(db.row("SELECT count(*) AS n FROM users WHERE password_hash IS NOT NULL", &[])?.map(|r| r.int("n")).transpose()?.unwrap_or(0) > 0)
}
