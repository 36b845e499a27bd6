//! Desk-wide settings kept in the `meta` table (on either store: see `store::db`).
use super::db::Db;
use crate::domain::DeskResult;

pub fn get(db: &(impl Db + ?Sized), key: &str) -> DeskResult<Option<String>> {
    db.row("SELECT value FROM meta WHERE key = ?1", &[key.into()])?.map(|r| r.text("value")).transpose()
}

pub fn set(db: &(impl Db + ?Sized), key: &str, value: &str) -> DeskResult<()> {
    if db.exec("UPDATE meta SET value = ?2 WHERE key = ?1", &[key.into(), value.into()])? == 0 {
        db.exec("INSERT INTO meta (key, value) VALUES (?1, ?2)", &[key.into(), value.into()])?;
    }
    Ok(())
}

pub fn remove(db: &(impl Db + ?Sized), key: &str) -> DeskResult<()> {
    db.exec("DELETE FROM meta WHERE key = ?1", &[key.into()])?;
    Ok(())
}
