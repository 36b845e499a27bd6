//! Attachments: the bytes in `attachments/<first two hex>/<sha256>` beside the database (the
//! same content is kept once), the name and who added it in the `attachments` table.
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

use super::db::Db;
use super::{from_ms, to_ms};
use crate::domain::case::Attachment;
use crate::domain::{DeskError, DeskResult};

fn file_path(dir: &Path, sha256: &str) -> PathBuf {
    dir.join("attachments").join(&sha256[..2]).join(sha256)
}

/// Writes the bytes under their hash (durably: synced before the database row refers to them)
/// and returns the hash. Content already stored is not written again.
pub fn store_bytes(dir: &Path, bytes: &[u8]) -> DeskResult<String> {
    let sha256 = format!("{:x}", Sha256::digest(bytes));
    let path = file_path(dir, &sha256);
    if path.exists() {
        return Ok(sha256);
    }
    let folder = path.parent().unwrap_or(dir);
    let fail = |e: std::io::Error| DeskError::storage(format!("附件保存失败：{e}"));
    std::fs::create_dir_all(folder).map_err(fail)?;
    // A name of its own per write: two people attaching the same file at once (now that the
    // desk's commands run side by side) must not write through, or rename away, each other's.
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let tmp = folder.join(format!("{sha256}.{}-{}.part", std::process::id(), WRITES.fetch_add(1, Ordering::Relaxed)));
    let mut f = std::fs::File::create(&tmp).map_err(fail)?;
    f.write_all(bytes).map_err(fail)?;
    f.sync_all().map_err(fail)?;
    std::fs::rename(&tmp, &path).map_err(fail)?;
    Ok(sha256)
}

/// The stored bytes of an attachment, checked against their hash.
pub fn read_bytes(dir: &Path, sha256: &str) -> DeskResult<Vec<u8>> {
    if sha256.len() != 64 || !sha256.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(DeskError::not_found("该附件"));
    }
    let bytes = std::fs::read(file_path(dir, sha256)).map_err(|e| DeskError::storage(format!("附件读取失败：{e}")))?;
    if format!("{:x}", Sha256::digest(&bytes)) != sha256 {
        return Err(DeskError::storage("附件文件已损坏（内容与登记的校验值不符）"));
    }
    Ok(bytes)
}

pub fn insert(db: &(impl Db + ?Sized), case_id: i64, sha256: &str, name: &str, size: i64, added_by: i64, at: chrono::DateTime<chrono::Utc>) -> DeskResult<i64> {
    db.row(
        "INSERT INTO attachments (case_id, sha256, name, size, added_by, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        &[case_id.into(), sha256.into(), name.into(), size.into(), added_by.into(), to_ms(at).into()],
    )?
    .ok_or_else(|| DeskError::storage("附件登记后读不到"))?
    .int("id")
}

pub fn for_case(db: &(impl Db + ?Sized), case_id: i64) -> DeskResult<Vec<Attachment>> {
    db.rows(
        "SELECT a.id, a.case_id, a.sha256, a.name, a.size, a.added_by, u.display_name AS added_by_name, a.added_at
         FROM attachments a LEFT JOIN users u ON u.id = a.added_by WHERE a.case_id = ?1 ORDER BY a.id",
        &[case_id.into()],
    )?
    .iter()
    .map(|r| {
        Ok(Attachment {
            id: r.int("id")?,
            case_id: r.int("case_id")?,
            sha256: r.text("sha256")?,
            name: r.text("name")?,
            size: r.int("size")?,
            added_by: r.int("added_by")?,
            added_by_name: r.opt_text("added_by_name")?,
            added_at: from_ms(r.int("added_at")?),
        })
    })
    .collect()
}

pub fn get(db: &(impl Db + ?Sized), id: i64) -> DeskResult<Option<Attachment>> {
    let case_id = db.row("SELECT case_id FROM attachments WHERE id = ?1", &[id.into()])?.map(|r| r.int("case_id")).transpose()?;
    Ok(match case_id {
        Some(c) => for_case(db, c)?.into_iter().find(|a| a.id == id),
        None => None,
    })
}
