//! The event log on PostgreSQL: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and
//! one hash chain in commit order.
use postgres::{Client, Transaction};

use super::record;
use crate::domain::audit::{AuditRecord, ChainCheck};
use crate::domain::DeskResult;
use crate::store::events::{record_for, ChainBreak, NewEvent, AUDIT_COLUMNS};
use crate::store::from_ms;

/// Appends an event to the chain, in the caller's transaction. The chain's head row is locked
/// first (`FOR UPDATE`), so appends by several desks queue there: each links to the one
/// committed before it and takes the next id. (In PostgreSQL neither a sequence's order nor the
/// order of inserts is the order of commits; ids taken that way would fork the chain.)
pub fn append(tx: &mut Transaction<'_>, e: &NewEvent<'_>) -> DeskResult<i64> {
    let head = tx.query_one("SELECT last_id, last_hash FROM chain_head WHERE one = 1 FOR UPDATE", &[]).map_err(|e| record(&e))?;
    let (last_id, prev_hash): (i64, String) = (head.get(0), head.get(1));
    let last_at: Option<i64> =
        tx.query_one("SELECT max(at) FROM events WHERE case_id = $1", &[&e.case_id]).map_err(|e| record(&e))?.get(0);
    let r = record_for(e, last_id + 1, last_at.map(from_ms));
    let hash = r.hash(&prev_hash);
    insert_record(tx, &r, &prev_hash, &hash)?;
    tx.execute("UPDATE chain_head SET last_id = $1, last_hash = $2 WHERE one = 1", &[&r.id, &hash]).map_err(|e| record(&e))?;
    Ok(r.id)
}

/// Writes one event as it was hashed; the caller holds the chain's head and moves it.
pub(crate) fn insert_record(tx: &mut Transaction<'_>, r: &AuditRecord, prev_hash: &str, hash: &str) -> DeskResult<()> {
    let internal = i16::from(r.internal);
    tx.execute(
        "INSERT INTO events (id, case_id, at, actor_id, actor_role, kind, action, from_status, to_status,
                             before_json, after_json, details_json, note, internal, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        &[
            &r.id, &r.case_id, &r.at, &r.actor_id, &r.actor_role, &r.kind, &r.action, &r.from_status, &r.to_status, &r.before_json,
            &r.after_json, &r.details_json, &r.note, &internal, &prev_hash, &hash,
        ],
    )
    .map_err(|e| record(&e))?;
    Ok(())
}

/// Walks every event in id order and recomputes the chain, as `store::events::verify_chain`
/// does on SQLite. Returns how many events verified and the first break, if any.
pub fn verify_chain(client: &mut Client) -> DeskResult<(i64, Option<ChainBreak>)> {
    let mut check = ChainCheck::default();
    let rows = client.query(&format!("SELECT {AUDIT_COLUMNS} FROM events ORDER BY id"), &[]).map_err(|e| record(&e))?;
    for row in rows {
        let r = AuditRecord {
            id: row.get("id"),
            case_id: row.get("case_id"),
            at: row.get("at"),
            actor_id: row.get("actor_id"),
            actor_role: row.get("actor_role"),
            kind: row.get("kind"),
            action: row.get("action"),
            from_status: row.get("from_status"),
            to_status: row.get("to_status"),
            before_json: row.get("before_json"),
            after_json: row.get("after_json"),
            details_json: row.get("details_json"),
            note: row.get("note"),
            internal: row.get::<_, i16>("internal") != 0,
        };
        let (prev_hash, hash): (Option<String>, Option<String>) = (row.get("prev_hash"), row.get("hash"));
        if let Err(reason) = check.push(&r, prev_hash.as_deref(), hash.as_deref()) {
            return Ok((check.count, Some(ChainBreak { event_id: r.id, case_id: Some(r.case_id), reason })));
        }
    }
    Ok((check.count, None))
}
