//! `db export`: the shared store copied into a new SQLite desk file, for the team's own copy
//! (the server's backups stay the server's: `pg_dump`, point-in-time recovery). Every row keeps
//! its id, so the events keep their hashes and the copy's audit chain verifies as the store's
//! does; attachment files are written beside it. The copy is marked read-only: a laptop desk
//! opened on it shows everything and changes nothing.
use std::path::Path;

use serde::Serialize;

use super::PgStore;
use crate::domain::{DeskError, DeskResult, ErrorCode};
use crate::store::db::{Db, Value};
use crate::store::{attachments, meta, Store, DB_FILE};

/// The setting that marks a desk file as a read-only copy, with where it came from.
pub const READ_ONLY_COPY: &str = "read_only_copy";

/// The tables in the order their references need; the large ones are read a page at a time by
/// their id.
const TABLES: &[(&str, bool)] = &[
    ("meta", false),
    ("users", true),
    ("user_roles", false),
    ("case_counters", false),
    ("cases", true),
    ("attachments", true),
    ("events", true),
    ("calendar_years", false),
    ("followup_tasks", true),
    ("followup_attempts", true),
    ("followup_scripts", false),
    ("training_sessions", true),
    ("training_attendees", false),
    ("imports", false),
    ("case_imports", false),
    ("improvements", false),
    ("improvement_cases", false),
    ("campaigns", false),
    ("campaign_calls", false),
    ("signin_unknown_failures", false),
];

const PAGE: i64 = 5_000;

/// What was copied: each table's rows, and the attachment files.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportReport {
    pub path: String,
    pub tables: Vec<(String, i64)>,
    pub files: i64,
}

/// Copies `store` into a new desk file in `dir` (a folder without a desk), at `now`.
pub fn export(store: &PgStore, dir: &Path, now: chrono::DateTime<chrono::Utc>) -> DeskResult<ExportReport> {
    if dir.join(DB_FILE).exists() {
        return Err(DeskError::invalid("to", format!("{} 里已经有客诉台的数据库：请选一个空文件夹", dir.display())).rule("export.folder_empty"));
    }
    let copy = Store::create_dir(dir)?;
    copy.relax_durability_for_bulk_fill()?;
    let mut source = store.client()?;
    let from = source.db();
    let mut counts = Vec::new();
    let mut case_ids = Vec::new();
    copy.write(|tx| {
        // A new desk file starts with settings of its own; the store's replace them.
        tx.exec("DELETE FROM meta", &[])?;
        for (table, paged) in TABLES {
            // Columns only the shared store has (a case's branch) stay behind.
            let columns: Vec<String> = tx.rows(&format!("SELECT name FROM pragma_table_info('{table}')"), &[])?.iter().map(|r| r.text("name")).collect::<DeskResult<_>>()?;
            let mut copied = 0;
            let mut after = i64::MIN;
            loop {
                let rows = if *paged {
                    from.rows(&format!("SELECT * FROM {table} WHERE id > ?1 ORDER BY id LIMIT {PAGE}"), &[after.into()])?
                } else {
                    from.rows(&format!("SELECT * FROM {table} ORDER BY 1"), &[])?
                };
                for row in &rows {
                    let (names, values): (Vec<&str>, Vec<Value>) =
                        row.columns().filter(|(n, _)| columns.iter().any(|c| c == n)).map(|(n, v)| (n, v.clone())).unzip();
                    let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
                    tx.exec(&format!("INSERT INTO {table} ({}) VALUES ({})", names.join(", "), marks.join(", ")), &values)?;
                    if *paged {
                        after = row.int("id")?;
                    }
                    if *table == "cases" {
                        case_ids.push(row.int("id")?);
                    }
                }
                copied += rows.len() as i64;
                if !*paged || (rows.len() as i64) < PAGE {
                    break;
                }
            }
            counts.push((table.to_string(), copied));
        }
        for id in &case_ids {
            crate::store::cases::reindex_by_id(tx, *id)?;
        }
        meta::set(tx, READ_ONLY_COPY, &format!("{}（{}）", store.server(), now.to_rfc3339()))?;
        Ok(())
    })?;
    let hashes = from.rows("SELECT sha256 FROM files ORDER BY sha256", &[])?;
    let mut files = 0;
    for h in hashes {
        let sha256 = h.text("sha256")?;
        let row = from.row("SELECT bytes FROM files WHERE sha256 = ?1", &[sha256.clone().into()])?.ok_or_else(|| DeskError::not_found("附件"))?;
        let written = attachments::store_bytes(dir, &row.blob("bytes")?)?;
        if written != sha256 {
            return Err(DeskError::new(ErrorCode::DatabaseCorrupt, format!("共享库中的附件 {sha256} 内容与校验值不符")));
        }
        files += 1;
    }
    Ok(ExportReport { path: copy.path().display().to_string(), tables: counts, files })
}
