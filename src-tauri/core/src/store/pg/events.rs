//! The event log on PostgreSQL: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and
//! one hash chain in commit order. Appends go through `store::events::append`, which on PostgreSQL locks the chain's head row.
use postgres::Client;

use super::record;
use crate::domain::audit::{AuditRecord, ChainCheck};
use crate::domain::DeskResult;
use crate::store::events::{ChainBreak, AUDIT_COLUMNS};

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
