//! `db migrate`: a laptop's SQLite desk moves into the shared store, in one transaction. Every
//! table is copied row by row with the same columns; ids move past the store's own, users are
//! matched by login, and the events are re-linked into the shared chain (the desk's own chain is
//! verified first, and its head is recorded in `meta`). A store that already holds a case number
//! of the desk's is refused, untouched.
use std::collections::HashMap;

use postgres::types::ToSql;
use postgres::Transaction;
use rusqlite::Connection;
use serde::Serialize;

use super::{record, PgStore};
use crate::store::db::{Db, Pg, Prepared, Value};
use crate::store::Store;
use crate::domain::audit::GENESIS;
use crate::domain::{DeskError, DeskResult, ErrorCode};
use crate::store::events as lite_events;

/// What moved: each table's rows in the shared store before and after.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MigrationReport {
    pub tables: Vec<TableCount>,
    /// The desk's own chain: how many events verified, and its last hash.
    #[ts(type = "number")]
    pub desk_events: i64,
    pub desk_chain_head: String,
    /// Attachment and logo files moved from the desk's folder into the store (each once).
    #[ts(type = "number")]
    pub files: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TableCount {
    pub table: String,
    #[ts(type = "number")]
    pub desk: i64,
    #[ts(type = "number")]
    pub before: i64,
    #[ts(type = "number")]
    pub after: i64,
}

/// How a table's rows are moved: its id column (renumbered past the store's), and the columns
/// that name a row of another table.
struct Table {
    name: &'static str,
    id: Option<&'static str>,
    refs: &'static [(&'static str, &'static str)],
    /// The columns of the table's key without an id: a row whose key the store already has is
    /// kept as the store has it (settings, a user's roles).
    keep_existing: &'static [&'static str],
}

const TABLES: &[Table] = &[
    Table { name: "meta", id: None, refs: &[], keep_existing: &["key"] },
    Table { name: "user_roles", id: None, refs: &[("user_id", "users")], keep_existing: &["user_id", "role"] },
    Table { name: "cases", id: Some("id"), refs: &[("registered_by", "users"), ("staff_user_id", "users"), ("handler_id", "users")], keep_existing: &[] },
    Table { name: "attachments", id: Some("id"), refs: &[("case_id", "cases"), ("added_by", "users")], keep_existing: &[] },
    Table { name: "calendar_years", id: None, refs: &[("imported_by", "users")], keep_existing: &["year"] },
    Table { name: "followup_tasks", id: Some("id"), refs: &[("case_id", "cases")], keep_existing: &[] },
    Table {
        name: "followup_attempts",
        id: Some("id"),
        refs: &[("task_id", "followup_tasks"), ("case_id", "cases"), ("by_user", "users")],
        keep_existing: &[],
    },
    Table { name: "followup_scripts", id: None, refs: &[("updated_by", "users")], keep_existing: &["category"] },
    Table { name: "training_sessions", id: Some("id"), refs: &[("created_by", "users")], keep_existing: &[] },
    Table { name: "training_attendees", id: None, refs: &[("session_id", "training_sessions"), ("user_id", "users")], keep_existing: &[] },
    Table { name: "imports", id: Some("id"), refs: &[("imported_by", "users")], keep_existing: &[] },
    Table { name: "case_imports", id: None, refs: &[("case_id", "cases"), ("import_id", "imports")], keep_existing: &[] },
    Table { name: "improvements", id: Some("id"), refs: &[("owner_id", "users"), ("opened_by", "users")], keep_existing: &[] },
    Table { name: "improvement_cases", id: None, refs: &[("improvement_id", "improvements"), ("case_id", "cases")], keep_existing: &[] },
    Table { name: "campaigns", id: Some("id"), refs: &[("improvement_id", "improvements"), ("opened_by", "users")], keep_existing: &[] },
    Table {
        name: "campaign_calls",
        id: Some("id"),
        refs: &[("campaign_id", "campaigns"), ("case_id", "cases"), ("new_case_id", "cases"), ("called_by", "users")],
        keep_existing: &[],
    },
];

/// The tables the report counts, in the order it lists them.
const COUNTED: &[&str] = &["users", "cases", "events", "followup_tasks", "followup_attempts", "attachments"];

/// How far a migration is: `done` of `total` steps, and the step under way (a table's name,
/// `files`, `chain`, `index`, `people`), for a window's progress bar.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MigrationProgress {
    pub done: u32,
    pub total: u32,
    pub step: String,
}

/// Moves the desk in `desk` (its SQLite store, with the attachments beside it) into `store`.
pub fn migrate(desk_store: &Store, store: &mut PgStore) -> DeskResult<MigrationReport> {
    migrate_with(desk_store, store, &mut |_| {})
}

/// As [`migrate`], telling `progress` after each step. The people moved in get their own roles
/// on the store (`store::pg::people`), without a password until one is set for them.
pub fn migrate_with(desk_store: &Store, store: &mut PgStore, progress: &mut dyn FnMut(MigrationProgress)) -> DeskResult<MigrationReport> {
    let mut bar = Bar { done: 0, total: TABLES.len() as u32 + 6, progress };
    // Every read of the desk in one read transaction: the store gets the desk as it was at one
    // moment, while the desk itself goes on (its reads and writes do not wait for the move).
    let reader = desk_store.reader()?;
    let snapshot = reader.unchecked_transaction()?;
    let desk: &rusqlite::Connection = &snapshot;
    let prepared = Prepared::default();
    let (desk_events, broken) = lite_events::verify_chain(desk)?;
    if let Some(b) = broken {
        return Err(DeskError::new(
            ErrorCode::DatabaseCorrupt,
            format!("本机数据库的审计链在事件 #{} 处断开，不能迁移：先用 db verify 查明。", b.event_id),
        ));
    }
    let desk_chain_head: String = desk
        .query_row("SELECT hash FROM events ORDER BY id DESC LIMIT 1", [], |r| r.get::<_, Option<String>>(0))
        .map(|h| h.unwrap_or_default())
        .or_else(|e| if matches!(e, rusqlite::Error::QueryReturnedNoRows) { Ok(GENESIS.to_string()) } else { Err(e) })?;
    let desk_counts: Vec<i64> = COUNTED.iter().map(|t| desk.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))).collect::<Result<_, _>>()?;
    bar.tell("verify");

    store.write(|tx| {
        // A write that lost a race runs again from the start, and so does the bar.
        bar.done = 1;
        let before = counts(tx)?;
        refuse_taken_numbers(desk, tx)?;
        let mut ids: HashMap<&'static str, HashMap<i64, i64>> = HashMap::new();
        ids.insert("users", users(desk, tx, &prepared)?);
        bar.tell("users");
        for table in TABLES {
            let moved = copy(desk, tx, table, &ids, &prepared)?;
            if let Some(map) = moved {
                ids.insert(table.name, map);
            }
            bar.tell(table.name);
        }
        let files = files(desk, desk_store.dir(), tx, &prepared)?;
        bar.tell("files");
        counters(desk, tx)?;
        rechain(desk, tx, &ids, &prepared)?;
        bar.tell("chain");
        reindex(tx, ids.get("cases").map(|m| m.values().copied().collect()).unwrap_or_default(), &prepared)?;
        bar.tell("index");
        for table in ["users", "cases", "attachments", "followup_tasks", "followup_attempts", "training_sessions", "imports", "improvements"] {
            restart_identity(tx, table)?;
        }
        people(tx)?;
        bar.tell("people");
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ($1, $2)",
            &[&format!("migrated_chain_head:{desk_chain_head}"), &format!("{desk_events} events")],
        )
        .map_err(|e| record(&e))?;
        let after = counts(tx)?;
        let tables = COUNTED
            .iter()
            .enumerate()
            .map(|(i, t)| TableCount { table: t.to_string(), desk: desk_counts[i], before: before[i], after: after[i] })
            .collect();
        Ok(MigrationReport { tables, desk_events, desk_chain_head: desk_chain_head.clone(), files })
    })
}

struct Bar<'a> {
    done: u32,
    total: u32,
    progress: &'a mut dyn FnMut(MigrationProgress),
}

impl Bar<'_> {
    fn tell(&mut self, step: &str) {
        self.done = (self.done + 1).min(self.total);
        (self.progress)(MigrationProgress { done: self.done, total: self.total, step: step.to_string() });
    }
}

/// Every user of the store gets (or keeps) their own role, with their app roles; a new one has
/// no password yet, so it signs in only once an admin sets one (`reset_password`).
fn people(tx: &mut Transaction<'_>) -> DeskResult<()> {
    let users = tx
        .query("SELECT u.login, u.active, coalesce(string_agg(r.role, ',' ORDER BY r.role), '') FROM users u LEFT JOIN user_roles r ON r.user_id = u.id GROUP BY u.id", &[])
        .map_err(|e| record(&e))?;
    for u in users {
        let (login, active, roles): (String, i16, String) = (u.get(0), u.get(1), u.get(2));
        tx.execute("SELECT complaintdesk_set_person(NULL, $1, NULL, $2, $3)", &[&login, &roles, &i64::from(active)]).map_err(|e| record(&e))?;
    }
    Ok(())
}

fn counts(tx: &mut Transaction<'_>) -> DeskResult<Vec<i64>> {
    COUNTED.iter().map(|t| Ok(tx.query_one(&format!("SELECT count(*) FROM {t}"), &[]).map_err(|e| record(&e))?.get(0))).collect()
}

fn refuse_taken_numbers(desk: &Connection, tx: &mut Transaction<'_>) -> DeskResult<()> {
    let numbers: Vec<String> = desk.prepare("SELECT number FROM cases")?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    let taken: Vec<String> = tx
        .query("SELECT number FROM cases WHERE number = ANY($1) ORDER BY number LIMIT 5", &[&numbers])
        .map_err(|e| record(&e))?
        .iter()
        .map(|r| r.get(0))
        .collect();
    if taken.is_empty() {
        return Ok(());
    }
    Err(DeskError::new(
        ErrorCode::Conflict,
        format!("共享库里已有相同编号的案件（{} 等），可能来自另一个前台：未迁移任何数据。", taken.join("、")),
    )
    .field("to"))
}

/// Users are matched by login (one person, one account in the team); the others are added.
fn users(desk: &Connection, tx: &mut Transaction<'_>, prepared: &Prepared) -> DeskResult<HashMap<i64, i64>> {
    let mut map = HashMap::new();
    let rows = read_all(desk, "users")?;
    let next = next_id(tx, "users")?;
    for (i, row) in rows.iter().enumerate() {
        let Some(Value::Int(old)) = get(row, "id") else { continue };
        let login = match get(row, "login") {
            Some(Value::Text(l)) => l,
            _ => return Err(DeskError::storage("本机数据库的用户缺少登录名")),
        };
        let existing = tx.query_opt("SELECT id FROM users WHERE lower(login) = lower($1)", &[&login]).map_err(|e| record(&e))?;
        let id = match existing {
            Some(r) => r.get(0),
            None => {
                let id = next + i as i64;
                let mut row = row.clone();
                set(&mut row, "id", Value::Int(id));
                insert(tx, "users", &row, prepared)?;
                id
            }
        };
        map.insert(old, id);
    }
    Ok(map)
}

/// Copies a table's rows, renumbering its id past the store's and its references by `ids`.
/// Returns the id map of a table that has ids.
fn copy(
    desk: &Connection,
    tx: &mut Transaction<'_>,
    table: &Table,
    ids: &HashMap<&str, HashMap<i64, i64>>,
    prepared: &Prepared,
) -> DeskResult<Option<HashMap<i64, i64>>> {
    let rows = read_all(desk, table.name)?;
    let next = match table.id {
        Some(_) => next_id(tx, table.name)?,
        None => 0,
    };
    let mut map = HashMap::new();
    for (i, mut row) in rows.into_iter().enumerate() {
        for (col, target) in table.refs {
            if let Some(Value::Int(old)) = get(&row, col) {
                let new = ids.get(target).and_then(|m| m.get(&old)).copied().ok_or_else(|| {
                    DeskError::storage(format!("本机数据库的 {}.{col} 指向不存在的 {target} #{old}", table.name))
                })?;
                set(&mut row, col, Value::Int(new));
            }
        }
        if !table.keep_existing.is_empty() {
            let wheres: Vec<String> = table.keep_existing.iter().enumerate().map(|(i, k)| format!("{k}::text = ${}", i + 1)).collect();
            let keys: Vec<String> = table.keep_existing.iter().map(|k| text_of(&get(&row, k).unwrap_or(Value::Null))).collect();
            let keys: Vec<&(dyn ToSql + Sync)> = keys.iter().map(|k| k as &(dyn ToSql + Sync)).collect();
            let sql = format!("SELECT count(*) FROM {} WHERE {}", table.name, wheres.join(" AND "));
            if tx.query_one(&sql, &keys).map_err(|e| record(&e))?.get::<_, i64>(0) > 0 {
                continue;
            }
        }
        if let Some(id_col) = table.id {
            let new = next + i as i64;
            if let Some(Value::Int(old)) = get(&row, id_col) {
                map.insert(old, new);
            }
            set(&mut row, id_col, Value::Int(new));
        }
        insert(tx, table.name, &row, prepared)?;
    }
    Ok(table.id.map(|_| map))
}

/// The bytes of the desk's attachments and letterhead logo, from its folder into the store's
/// `files`, each checked against its hash and kept once. How many were added.
fn files(desk: &Connection, dir: &std::path::Path, tx: &mut Transaction<'_>, prepared: &Prepared) -> DeskResult<i64> {
    let hashes: Vec<String> = desk
        .prepare("SELECT DISTINCT sha256 FROM attachments UNION SELECT value FROM meta WHERE key = 'logo' ORDER BY 1")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let now = chrono::Utc::now().timestamp_millis();
    let db = Pg::reusing(tx, prepared);
    let mut added = 0;
    for sha256 in hashes {
        let bytes = crate::store::attachments::read_bytes(dir, &sha256)
            .map_err(|e| DeskError::new(e.code, format!("本机附件 {sha256} 不能迁移：{}。未迁移任何数据。", e.message)))?;
        added += db.exec(
            "INSERT INTO files (sha256, bytes, added_at) SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM files WHERE sha256 = ?1)",
            &[sha256.into(), Value::Blob(bytes), now.into()],
        )? as i64;
    }
    Ok(added)
}

/// The case-number counters: the store keeps the higher of its own and the desk's.
fn counters(desk: &Connection, tx: &mut Transaction<'_>) -> DeskResult<()> {
    let rows: Vec<(String, i64, i64)> =
        desk.prepare("SELECT prefix, year, last FROM case_counters")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
    for (prefix, year, last) in rows {
        let updated = tx
            .execute("UPDATE case_counters SET last = CASE WHEN last < $3 THEN $3 ELSE last END WHERE prefix = $1 AND year = $2", &[&prefix, &year, &last])
            .map_err(|e| record(&e))?;
        if updated == 0 {
            tx.execute("INSERT INTO case_counters (prefix, year, last) VALUES ($1, $2, $3)", &[&prefix, &year, &last]).map_err(|e| record(&e))?;
        }
    }
    Ok(())
}

/// The desk's events, in their order, appended to the shared chain with the cases' and users'
/// new ids; each is hashed again over its new id and link.
fn rechain(desk: &Connection, tx: &mut Transaction<'_>, ids: &HashMap<&str, HashMap<i64, i64>>, prepared: &Prepared) -> DeskResult<()> {
    let head = tx.query_one("SELECT last_id, last_hash FROM chain_head WHERE one = 1 FOR UPDATE", &[]).map_err(|e| record(&e))?;
    let (mut last_id, mut last_hash): (i64, String) = (head.get(0), head.get(1));
    let mut stmt = desk.prepare(&format!("SELECT {} FROM events ORDER BY id", lite_events::AUDIT_COLUMNS))?;
    let mut rows = stmt.query([])?;
    let map = |table: &str, old: i64| -> DeskResult<i64> {
        ids.get(table).and_then(|m| m.get(&old)).copied().ok_or_else(|| DeskError::storage(format!("本机数据库的事件指向不存在的 {table} #{old}")))
    };
    while let Some(r) = rows.next()? {
        let mut record_ = lite_events::audit_record(r)?;
        record_.id = last_id + 1;
        record_.case_id = map("cases", record_.case_id)?;
        record_.actor_id = record_.actor_id.map(|a| map("users", a)).transpose()?;
        let hash = record_.hash(&last_hash);
        lite_events::insert_record(&Pg::reusing(&mut *tx, prepared), &record_, &last_hash, &hash)?;
        (last_id, last_hash) = (record_.id, hash);
    }
    tx.execute("UPDATE chain_head SET last_id = $1, last_hash = $2 WHERE one = 1", &[&last_id, &last_hash]).map_err(|e| record(&e))?;
    Ok(())
}

/// The moved cases' search entries, from their fields in the store.
fn reindex(tx: &mut Transaction<'_>, cases: Vec<i64>, prepared: &Prepared) -> DeskResult<()> {
    let db = Pg::reusing(tx, prepared);
    for id in cases {
        crate::store::cases::reindex_by_id(&db, id)?;
    }
    Ok(())
}

/// After rows were written with their ids, the next id drawn by the store comes after them.
fn restart_identity(tx: &mut Transaction<'_>, table: &str) -> DeskResult<()> {
    let next = next_id(tx, table)?;
    tx.batch_execute(&format!("ALTER TABLE {table} ALTER COLUMN id RESTART WITH {next}")).map_err(|e| record(&e))
}

fn next_id(tx: &mut Transaction<'_>, table: &str) -> DeskResult<i64> {
    Ok(tx.query_one(&format!("SELECT coalesce(max(id), 0) + 1 FROM {table}"), &[]).map_err(|e| record(&e))?.get(0))
}

type Row = Vec<(String, Value)>;

/// A table's rows in the order of its key (its first column), each as (column, value).
fn read_all(desk: &Connection, table: &str) -> DeskResult<Vec<Row>> {
    let mut stmt = desk.prepare(&format!("SELECT * FROM {table} ORDER BY 1"))?;
    let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let rows = stmt.query_map([], |r| {
        (0..names.len()).map(|i| Ok((names[i].clone(), Value::from(r.get::<_, rusqlite::types::Value>(i)?)))).collect::<rusqlite::Result<Row>>()
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn get(row: &Row, col: &str) -> Option<Value> {
    row.iter().find(|(c, _)| c == col).map(|(_, v)| v.clone())
}

fn set(row: &mut Row, col: &str, value: Value) {
    if let Some(slot) = row.iter_mut().find(|(c, _)| c == col) {
        slot.1 = value;
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(_) | Value::Null => String::new(),
    }
}

/// Inserts a row through the seam, which gives each value the store's column type.
fn insert(tx: &mut Transaction<'_>, table: &str, row: &Row, prepared: &Prepared) -> DeskResult<()> {
    let cols: Vec<&str> = row.iter().map(|(c, _)| c.as_str()).collect();
    let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
    let values: Vec<Value> = row.iter().map(|(_, v)| v.clone()).collect();
    Pg::reusing(&mut *tx, prepared).exec(&format!("INSERT INTO {table} ({}) VALUES ({})", cols.join(", "), marks.join(", ")), &values)?;
    Ok(())
}
