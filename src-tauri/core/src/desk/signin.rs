//! Sign-in: passwords (Argon2id PHC strings), the first password of an older desk, the idle lock
//! setting. The shell keeps who is signed in (in memory); every use-case still takes `actor`.
//! Passwords and hashes are never logged.
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use tracing::instrument;

use super::{acting_role, Desk};
use crate::domain::case::User;
use crate::domain::types::Role;
use crate::domain::{DeskError, DeskResult, ErrorCode};
use crate::store::{meta, users};

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

impl Desk {
    /// The user with this login and password; one message for a wrong login or password.
    #[instrument(skip_all)]
    pub fn sign_in(&self, login: &str, password: &str) -> DeskResult<User> {
        let Some((user, hash)) = users::by_login(self.store.conn(), login.trim())? else {
            // Hash anyway, so an unknown login takes as long as a wrong password.
            let _ = hash_password("password", "timing-equaliser-1");
            return Err(wrong());
        };
        if !hash.as_deref().is_some_and(|h| matches(h, password)) {
            tracing::info!(user_id = user.id, "sign-in refused");
            return Err(wrong());
        }
        if !user.active {
            return Err(DeskError::new(ErrorCode::NoUser, "该用户已停用，不能登录").field("login").rule("signin.disabled"));
        }
        tracing::info!(user_id = user.id, "signed in");
        Ok(user)
    }

    /// Whether `password` is the user's own (to unlock the window).
    pub fn check_own_password(&self, id: i64, password: &str) -> DeskResult<()> {
        self.actor(id)?;
        match users::password_hash(self.store.conn(), id)? {
            Some(h) if matches(&h, password) => Ok(()),
            _ => Err(DeskError::invalid("password", "密码错误").rule("unlock.wrong")),
        }
    }

    /// An admin sets another user's (or their own) password.
    #[instrument(skip_all, fields(actor, id))]
    pub fn reset_password(&mut self, actor: i64, id: i64, password: &str) -> DeskResult<()> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "重置密码")?;
        users::get(self.store.conn(), id)?.ok_or_else(|| DeskError::not_found("该用户"))?;
        let hash = hash_password("password", password)?;
        self.store.write(|tx| users::set_password_hash(tx, id, &hash))?;
        tracing::info!(user_id = id, "password reset");
        Ok(())
    }

    /// A desk from before sign-in has no passwords: an active admin chooses theirs, once.
    #[instrument(skip_all)]
    pub fn set_first_password(&mut self, login: &str, password: &str) -> DeskResult<User> {
        if users::any_password(self.store.conn())? {
            return Err(DeskError::new(ErrorCode::RoleNotAllowed, "已有用户设置了密码，请由管理员重置").rule("first_password.once"));
        }
        let user = match users::by_login(self.store.conn(), login.trim())? {
            Some((u, _)) if u.active && u.roles.contains(&Role::Admin) => u,
            _ => return Err(DeskError::invalid("login", "“登录名”须是一位启用的管理员").rule("first_password.admin")),
        };
        let hash = hash_password("password", password)?;
        self.store.write(|tx| users::set_password_hash(tx, user.id, &hash))?;
        tracing::info!(user_id = user.id, "first password set");
        Ok(user)
    }

    pub fn idle_lock_minutes(&self) -> DeskResult<u32> {
        Ok(meta::get(self.store.conn(), "idle_lock_minutes")?.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_IDLE_LOCK_MINUTES))
    }

    /// Admin: minutes without activity before the window locks (0: never).
    #[instrument(skip_all, fields(actor, minutes))]
    pub fn set_idle_lock_minutes(&mut self, actor: i64, minutes: u32) -> DeskResult<u32> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "设置自动锁定")?;
        if minutes > MAX_IDLE_LOCK_MINUTES {
            return Err(DeskError::invalid("idle_lock_minutes", "“自动锁定”最多 1440 分钟").rule("idle_lock.range"));
        }
        self.store.write(|tx| meta::set(tx, "idle_lock_minutes", &minutes.to_string()))?;
        Ok(minutes)
    }
}
