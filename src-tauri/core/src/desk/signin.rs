//! Sign-in: passwords (Argon2id PHC strings), the first password of an older desk, the idle lock
//! setting. The shell keeps who is signed in (in memory); every use-case still takes `actor`.
//! Passwords and hashes are never logged.
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Utc};
use tracing::instrument;

use super::{acting_role, Desk};
use crate::domain::case::User;
use crate::domain::signin::{SigninAlert, FREE_FAILURES};
use crate::domain::types::Role;
use crate::domain::{DeskError, DeskResult, ErrorCode};
use crate::store::pg::people;
use crate::store::{meta, to_ms, users};

/// Minutes without activity before the window locks, when the admin has not chosen.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 10;
const MAX_IDLE_LOCK_MINUTES: u32 = 24 * 60;
const WRONG: &str = "登录名或密码错误";

/// The password rule: at least 8 characters, not only digits, no control characters.
pub fn check_password(field: &str, password: &str) -> DeskResult<()> {
    let n = password.chars().count();
    if n == 0 {
        return Err(DeskError::required(field, "密码"));
    }
    if n < 8 {
        return Err(DeskError::invalid(field, "“密码”至少 8 个字符").rule("password.length"));
    }
    if n > 200 || password.chars().any(char::is_control) {
        return Err(DeskError::invalid(field, "“密码”最多 200 个字符，且不能含控制字符").rule("password.format"));
    }
    if password.chars().all(|c| c.is_ascii_digit()) {
        return Err(DeskError::invalid(field, "“密码”不能全是数字").rule("password.digits"));
    }
    Ok(())
}

/// Checks the rule and hashes with Argon2id and a random salt.
pub fn hash_password(field: &str, password: &str) -> DeskResult<String> {
    check_password(field, password)?;
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| DeskError::new(ErrorCode::Storage, "密码无法保存，请重试"))
}

fn matches(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok()).unwrap_or(false)
}

fn wrong() -> DeskError {
    DeskError::invalid("password", WRONG).rule("signin.wrong")
}

/// Refused before the password is looked at: too many wrong ones in a row, wait `secs`.
fn too_many(secs: i64) -> DeskError {
    DeskError::new(ErrorCode::TooManyAttempts, format!("密码错误次数过多，请 {secs} 秒后再试"))
        .field("password")
        .rule("signin.too_many")
}

impl Desk {
    /// The user with this login and password; one message for a wrong login or password.
    ///
    /// After [`FREE_FAILURES`](crate::domain::signin::FREE_FAILURES) wrong passwords in a row the
    /// next try waits a growing delay after the last (`too_many_attempts`, the password is not
    /// checked). A login that names no user is counted the same way, so the delay does not tell
    /// which logins exist. Each wrong password is recorded in its own committed write.
    #[instrument(skip_all)]
    pub fn sign_in(&self, login: &str, password: &str, now: DateTime<Utc>) -> DeskResult<User> {
        let login = login.trim();
        let Some((user, creds)) = users::by_login(self.store.db(), login)? else {
            if let Some(secs) = users::unknown_failures(self.store.db(), login)?.wait_secs(now) {
                return Err(too_many(secs));
            }
            // Hash anyway, so an unknown login takes as long as a wrong password.
            let _ = hash_password("password", "timing-equaliser-1");
            self.store.write(|tx| users::record_unknown_failure(tx, login, to_ms(now)))?;
            return Err(wrong());
        };
        if let Some(secs) = creds.failures.wait_secs(now) {
            tracing::info!(user_id = user.id, wait_secs = secs, "sign-in refused: waiting after wrong passwords");
            return Err(too_many(secs));
        }
        if !creds.hash.as_deref().is_some_and(|h| matches(h, password)) {
            let failures = self.store.write(|tx| users::record_failure(tx, user.id, to_ms(now)))?;
            tracing::info!(user_id = user.id, failures, "sign-in refused");
            return Err(wrong());
        }
        if creds.failures.count > 0 {
            self.store.write(|tx| users::clear_failures(tx, user.id))?;
        }
        if !user.active {
            return Err(DeskError::new(ErrorCode::NoUser, "该用户已停用，不能登录").field("login").rule("signin.disabled"));
        }
        tracing::info!(user_id = user.id, "signed in");
        Ok(user)
    }

    /// Whether `password` is the user's own (to unlock the window). Wrong ones count with those
    /// at the sign-in screen, and meet the same delay.
    #[instrument(skip_all, fields(id))]
    pub fn check_own_password(&self, id: i64, password: &str, now: DateTime<Utc>) -> DeskResult<()> {
        self.actor(id)?;
        let failures = users::failures(self.store.db(), id)?;
        if let Some(secs) = failures.wait_secs(now) {
            tracing::info!(user_id = id, wait_secs = secs, "unlock refused: waiting after wrong passwords");
            return Err(too_many(secs));
        }
        match users::password_hash(self.store.db(), id)? {
            Some(h) if matches(&h, password) => {
                if failures.count > 0 {
                    self.store.write(|tx| users::clear_failures(tx, id))?;
                }
                Ok(())
            }
            _ => {
                let failures = self.store.write(|tx| users::record_failure(tx, id, to_ms(now)))?;
                tracing::info!(user_id = id, failures, "unlock refused");
                Err(DeskError::invalid("password", "密码错误").rule("unlock.wrong"))
            }
        }
    }

    /// For an admin: the accounts that met several wrong passwords in a row, the latest first.
    /// Anyone else gets an empty list (the window shows it only to admins).
    pub fn signin_alerts(&self, viewer: &User) -> DeskResult<Vec<SigninAlert>> {
        if !viewer.roles.contains(&Role::Admin) {
            return Ok(Vec::new());
        }
        users::failure_alerts(self.store.db(), FREE_FAILURES)
    }

    /// An admin sets another user's (or their own) password.
    #[instrument(skip_all, fields(actor, id))]
    pub fn reset_password(&self, actor: i64, id: i64, password: &str) -> DeskResult<()> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "重置密码")?;
        let user = users::get(self.store.db(), id)?.ok_or_else(|| DeskError::not_found("该用户"))?;
        let hash = hash_password("password", password)?;
        // A new password from the admin also lets the user try again at once.
        self.store.write(|tx| {
            users::set_password_hash(tx, id, &hash)?;
            people::set_person_password(tx, &user.login, password)?;
            users::clear_failures(tx, id)
        })?;
        tracing::info!(user_id = id, "password reset");
        Ok(())
    }

    /// A desk from before sign-in has no passwords: an active admin chooses theirs, once.
    #[instrument(skip_all)]
    pub fn set_first_password(&self, login: &str, password: &str) -> DeskResult<User> {
        if users::any_password(self.store.db())? {
            return Err(DeskError::new(ErrorCode::RoleNotAllowed, "已有用户设置了密码，请由管理员重置").rule("first_password.once"));
        }
        let user = match users::by_login(self.store.db(), login.trim())? {
            Some((u, _)) if u.active && u.roles.contains(&Role::Admin) => u,
            _ => return Err(DeskError::invalid("login", "“登录名”须是一位启用的管理员").rule("first_password.admin")),
        };
        let hash = hash_password("password", password)?;
        self.store.write(|tx| {
            users::set_password_hash(tx, user.id, &hash)?;
            people::set_person_password(tx, &user.login, password)
        })?;
        tracing::info!(user_id = user.id, "first password set");
        Ok(user)
    }

    pub fn idle_lock_minutes(&self) -> DeskResult<u32> {
        Ok(meta::get(self.store.db(), "idle_lock_minutes")?.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_IDLE_LOCK_MINUTES))
    }

    /// Admin: minutes without activity before the window locks (0: never).
    #[instrument(skip_all, fields(actor, minutes))]
    pub fn set_idle_lock_minutes(&self, actor: i64, minutes: u32) -> DeskResult<u32> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "设置自动锁定")?;
        if minutes > MAX_IDLE_LOCK_MINUTES {
            return Err(DeskError::invalid("idle_lock_minutes", "“自动锁定”最多 1440 分钟").rule("idle_lock.range"));
        }
        self.store.write(|tx| meta::set(tx, "idle_lock_minutes", &minutes.to_string()))?;
        Ok(minutes)
    }
}
