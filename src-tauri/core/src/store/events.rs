//! The append-only event log (the schema's triggers refuse UPDATE and DELETE), hash-chained
//! for the audit (see `domain::audit`).
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::db::{Db, Dialect};
use super::{from_ms, to_ms};
use crate::domain::audit::{AuditRecord, BrokenReason, ChainCheck, GENESIS};
use crate::domain::case::{Event, EventKind};
use crate::domain::types::Role;
use crate::domain::{DeskError, DeskResult};

/// An event to append; `id` and names are filled in by the store.
pub struct NewEvent<'a> {
    pub case_id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor_role: Role,
    pub kind: EventKind,
    pub action: Option<&'a str>,
    pub from_status: Option<&'a str>,
    pub to_status: Option<&'a str>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub details: Option<serde_json::Value>,
    pub note: Option<&'a str>,
    pub internal: bool,
}

impl NewEvent<'_> {
    /// An event with who, when and what kind, and nothing else; set the rest with `..`.
    pub fn new(case_id: i64, at: DateTime<Utc>, actor_id: Option<i64>, actor_role: Role, kind: EventKind) -> Self {
        NewEvent {
            case_id,
            at,
            actor_id,
            actor_role,
            kind,
            action: None,
            from_status: None,
            to_status: None,
            before: None,
            after: None,
            details: None,
            note: None,
            internal: false,
        }
    }
}

fn kind_code(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Created => "created",
        EventKind::Transition => "transition",
        EventKind::Note => "note",
        EventKind::Escalation => "escalation",
        EventKind::Contact => "contact",
        EventKind::Handling => "handling",
        EventKind::Attachment => "attachment",
        EventKind::Extension => "extension",
        EventKind::ExtensionRequest => "extension_request",
        EventKind::Deadline => "deadline",
        EventKind::Followup => "followup",
        EventKind::Document => "document",
        EventKind::PiiViewed => "pii_viewed",
        EventKind::Correction => "correction",
        EventKind::Improvement => "improvement",
        EventKind::Campaign => "campaign",
    }
}

fn parse_kind(code: &str) -> EventKind {
    match code {
        "created" => EventKind::Created,
        "transition" => EventKind::Transition,
        "escalation" => EventKind::Escalation,
        "contact" => EventKind::Contact,
        "handling" => EventKind::Handling,
        "attachment" => EventKind::Attachment,
        "extension" => EventKind::Extension,
        "extension_request" => EventKind::ExtensionRequest,
        "deadline" => EventKind::Deadline,
        "followup" => EventKind::Followup,
        "document" => EventKind::Document,
        "pii_viewed" => EventKind::PiiViewed,
        "correction" => EventKind::Correction,
        "improvement" => EventKind::Improvement,
        "campaign" => EventKind::Campaign,
        _ => EventKind::Note,
    }
}

fn json(v: &Option<serde_json::Value>) -> Option<String> {
    v.as_ref().map(|v| v.to_string())
}

/// `details` with `clock_adjusted_from` (the instant given) when `at` was moved later than it,
/// because the computer's clock said a time before the case's last event.
pub fn note_clock_adjusted(details: Option<serde_json::Value>, given: DateTime<Utc>, at: DateTime<Utc>) -> Option<serde_json::Value> {
    if given >= at {
        return details;
    }
    tracing::warn!(behind_ms = (at - given).num_milliseconds(), "a time before the case's last event: recorded at the last event's time");
    let mut map = match details {
        Some(serde_json::Value::Object(map)) => map,
        Some(other) => serde_json::Map::from_iter([("value".to_string(), other)]),
        None => serde_json::Map::new(),
    };
    map.insert("clock_adjusted_from".into(), serde_json::Value::String(given.to_rfc3339()));
    Some(serde_json::Value::Object(map))
}

/// The instant of a case's latest event.
pub fn last_at(db: &(impl Db + ?Sized), case_id: i64) -> DeskResult<Option<DateTime<Utc>>> {
    let ms = db.row("SELECT max(at) AS at FROM events WHERE case_id = ?1", &[case_id.into()])?.map(|r| r.opt_int("at")).transpose()?.flatten();
    Ok(ms.map(from_ms))
}

/// The id and hash of the last event, which the next one links to. On SQLite the caller's
/// `BEGIN IMMEDIATE` already keeps every other writer out, and the last event is the head; on
/// PostgreSQL, where desks write at once and neither ids nor inserts come in commit order, the
/// head is a row of its own, locked until the caller commits (see [`append`]).
fn chain_head(db: &(impl Db + ?Sized)) -> DeskResult<(i64, String)> {
    let head = match db.dialect() {
        Dialect::Sqlite => db.row("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1", &[])?,
        Dialect::Postgres => db.row("SELECT last_id AS id, last_hash AS hash FROM chain_head WHERE one = 1 FOR UPDATE", &[])?,
    };
    Ok(match head {
        Some(r) => (r.int("id")?, r.opt_text("hash")?.unwrap_or_default()),
        None => (0, GENESIS.to_string()),
    })
}

/// The record an event is stored and hashed as, with the chain's next id. Events never go back
/// in time on a case: one given before the case's `last_at` is recorded at that instant.
pub(crate) fn record_for(e: &NewEvent<'_>, id: i64, last_at: Option<DateTime<Utc>>) -> AuditRecord {
    let mut at = to_ms(e.at);
    let mut details = e.details.clone();
    if let Some(last) = last_at.map(to_ms).filter(|last| *last > at) {
        details = note_clock_adjusted(details.take(), e.at, from_ms(last));
        at = last;
    }
    AuditRecord {
        id,
        case_id: e.case_id,
        at,
        actor_id: e.actor_id,
        actor_role: e.actor_role.code().to_string(),
        kind: kind_code(e.kind).to_string(),
        action: e.action.map(str::to_string),
        from_status: e.from_status.map(str::to_string),
        to_status: e.to_status.map(str::to_string),
        before_json: json(&e.before),
        after_json: json(&e.after),
        details_json: json(&details),
        note: e.note.map(str::to_string),
        internal: e.internal,
    }
}

/// Appends an event, linked into the audit chain. Runs inside the caller's `BEGIN IMMEDIATE`
/// write, so nobody appends between reading the chain's head and inserting: the id is chosen
/// here (the last + 1, what SQLite would pick) because the hash covers it.
///
/// Events never go back in time on a case: an event whose instant is before the case's last one
/// (a computer clock corrected backwards) is recorded at the last one's instant, with the
/// instant it was given kept in its details as `clock_adjusted_from`.
pub fn append(db: &(impl Db + ?Sized), e: &NewEvent<'_>) -> DeskResult<i64> {
    let (last_id, prev_hash) = chain_head(db)?;
    let record = record_for(e, last_id + 1, last_at(db, e.case_id)?);
    let hash = record.hash(&prev_hash);
    insert_record(db, &record, &prev_hash, &hash)?;
    if db.dialect() == Dialect::Postgres {
        db.exec("UPDATE chain_head SET last_id = ?1, last_hash = ?2 WHERE one = 1", &[record.id.into(), hash.into()])?;
        // The other desks hear which case changed when this write commits (NOTIFY is sent at
        // commit, and not at all on rollback): its id only, never what changed.
        db.exec("SELECT pg_notify(?1, ?2)", &[CHANGES_CHANNEL.into(), record.case_id.to_string().into()])?;
    }
    Ok(record.id)
}

/// Appends new cases' first events at once, linked into the audit chain in order, as many
/// [`append`]s would (each case is new: no earlier event moves its instant). The other desks
/// hear once that cases changed, through the last of them.
pub fn append_new_cases(db: &(impl Db + ?Sized), events: &[NewEvent<'_>]) -> DeskResult<()> {
    let Some(last) = events.last() else { return Ok(()) };
    let (mut id, mut prev) = chain_head(db)?;
    let mut args: Vec<super::db::Value> = Vec::with_capacity(events.len() * 16);
    for e in events {
        id += 1;
        let record = record_for(e, id, None);
        let hash = record.hash(&prev);
        args.extend([
            record.id.into(),
            record.case_id.into(),
            record.at.into(),
            record.actor_id.into(),
            record.actor_role.into(),
            record.kind.into(),
            record.action.into(),
            record.from_status.into(),
            record.to_status.into(),
            record.before_json.into(),
            record.after_json.into(),
            record.details_json.into(),
            record.note.into(),
            record.internal.into(),
            prev.clone().into(),
            hash.clone().into(),
        ]);
        prev = hash;
    }
    let row = format!("({})", vec!["?"; 16].join(", "));
    db.exec(&format!("INSERT INTO events ({AUDIT_COLUMNS}) VALUES {}", vec![row; events.len()].join(", ")), &args)?;
    if db.dialect() == Dialect::Postgres {
        db.exec("UPDATE chain_head SET last_id = ?1, last_hash = ?2 WHERE one = 1", &[id.into(), prev.into()])?;
        db.exec("SELECT pg_notify(?1, ?2)", &[CHANGES_CHANNEL.into(), last.case_id.to_string().into()])?;
    }
    Ok(())
}

/// The channel on which a shared store tells its desks which cases changed (`store::pg::Listener`).
pub const CHANGES_CHANNEL: &str = "complaintdesk_cases";

/// Writes one event as it was hashed; the caller holds the chain's head (and moves it on
/// PostgreSQL).
pub(crate) fn insert_record(db: &(impl Db + ?Sized), r: &AuditRecord, prev_hash: &str, hash: &str) -> DeskResult<()> {
    db.exec(
        "INSERT INTO events (id, case_id, at, actor_id, actor_role, kind, action, from_status, to_status,
                             before_json, after_json, details_json, note, internal, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        &[
            r.id.into(),
            r.case_id.into(),
            r.at.into(),
            r.actor_id.into(),
            r.actor_role.clone().into(),
            r.kind.clone().into(),
            r.action.clone().into(),
            r.from_status.clone().into(),
            r.to_status.clone().into(),
            r.before_json.clone().into(),
            r.after_json.clone().into(),
            r.details_json.clone().into(),
            r.note.clone().into(),
            r.internal.into(),
            prev_hash.into(),
            hash.into(),
        ],
    )?;
    Ok(())
}

pub(crate) fn audit_record(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRecord> {
    Ok(AuditRecord {
        id: r.get("id")?,
        case_id: r.get("case_id")?,
        at: r.get("at")?,
        actor_id: r.get("actor_id")?,
        actor_role: r.get("actor_role")?,
        kind: r.get("kind")?,
        action: r.get("action")?,
        from_status: r.get("from_status")?,
        to_status: r.get("to_status")?,
        before_json: r.get("before_json")?,
        after_json: r.get("after_json")?,
        details_json: r.get("details_json")?,
        note: r.get("note")?,
        internal: r.get("internal")?,
    })
}

pub(crate) const AUDIT_COLUMNS: &str = "id, case_id, at, actor_id, actor_role, kind, action, from_status, to_status, \
                             before_json, after_json, details_json, note, internal, prev_hash, hash";

/// Schema 6: chains the events written before the chain existed, in id order, inside the
/// migration's transaction, then re-creates the append-only trigger the migration dropped for it.
pub fn chain_existing(conn: &Connection) -> DeskResult<()> {
    let mut prev = GENESIS.to_string();
    {
        let mut read = conn.prepare(&format!("SELECT {AUDIT_COLUMNS} FROM events ORDER BY id"))?;
        let mut write = conn.prepare("UPDATE events SET prev_hash = ?1, hash = ?2 WHERE id = ?3")?;
        let mut rows = read.query([])?;
        while let Some(r) = rows.next()? {
            let record = audit_record(r)?;
            let hash = record.hash(&prev);
            write.execute(params![prev, hash, record.id])?;
            prev = hash;
        }
    }
    conn.execute_batch(
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events
         BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;",
    )?;
    Ok(())
}

/// The first event that breaks the chain: its id, its case (unless that cannot be read either)
/// and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub event_id: i64,
    pub case_id: Option<i64>,
    pub reason: BrokenReason,
}

/// A value SQLite returned that is not what the column holds when the app wrote it: text that is
/// not UTF-8, or a value of another type. Any other error (I/O, a damaged page) stays an error.
fn is_unreadable(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::FromSqlConversionFailure(..) | rusqlite::Error::InvalidColumnType(..) | rusqlite::Error::Utf8Error(..))
}

/// Walks every event in id order (streamed, not loaded at once) and recomputes the chain.
/// Returns how many events verified and the first break, if any.
pub fn verify_chain(conn: &Connection) -> DeskResult<(i64, Option<ChainBreak>)> {
    let mut stmt = conn.prepare(&format!("SELECT {AUDIT_COLUMNS} FROM events ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let mut check = ChainCheck::default();
    while let Some(r) = rows.next()? {
        let read = || -> rusqlite::Result<(AuditRecord, Option<String>, Option<String>)> {
            Ok((audit_record(r)?, r.get("prev_hash")?, r.get("hash")?))
        };
        let (record, prev_hash, hash) = match read() {
            Ok(row) => row,
            // Named like any other broken event, not reported as a decoding failure. The id is
            // the rowid, always an integer.
            Err(e) if is_unreadable(&e) => {
                let event_id: i64 = r.get("id")?;
                let case_id = r.get::<_, i64>("case_id").ok();
                return Ok((check.count, Some(ChainBreak { event_id, case_id, reason: BrokenReason::Unreadable })));
            }
            Err(e) => return Err(e.into()),
        };
        if let Err(reason) = check.push(&record, prev_hash.as_deref(), hash.as_deref()) {
            return Ok((check.count, Some(ChainBreak { event_id: record.id, case_id: Some(record.case_id), reason })));
        }
    }
    Ok((check.count, None))
}

fn parse_json(s: Option<String>) -> Option<serde_json::Value> {
    s.and_then(|s| serde_json::from_str(&s).ok())
}

/// The case's timeline, oldest first.
pub fn for_case(db: &(impl Db + ?Sized), case_id: i64) -> DeskResult<Vec<Event>> {
    let rows = db.rows(
        "SELECT e.id, e.case_id, e.at, e.actor_id, u.display_name AS actor_name, e.actor_role, e.kind, e.action,
                e.from_status, e.to_status, e.before_json, e.after_json, e.details_json, e.note, e.internal
         FROM events e LEFT JOIN users u ON u.id = e.actor_id
         WHERE e.case_id = ?1 ORDER BY e.id",
        &[case_id.into()],
    )?;
    let mut out = Vec::new();
    for r in rows {
        let role = r.text("actor_role")?;
        let mut after = parse_json(r.opt_text("after_json")?);
        // Step values that are not case fields (reason, notice method, …) travel in `details`;
        // the timeline shows them with the changes.
        if let (Some(details), Some(serde_json::Value::Object(a))) = (parse_json(r.opt_text("details_json")?), after.as_mut()) {
            if let serde_json::Value::Object(d) = details {
                for (k, v) in d {
                    a.entry(k).or_insert(v);
                }
            }
        } else if after.is_none() {
            after = parse_json(r.opt_text("details_json")?);
        }
        out.push(Event {
            id: r.int("id")?,
            case_id: r.int("case_id")?,
            at: from_ms(r.int("at")?),
            actor_id: r.opt_int("actor_id")?,
            actor_name: r.opt_text("actor_name")?,
            actor_role: Role::parse(&role).ok_or_else(|| DeskError::storage(format!("未知角色 {role}")))?,
            kind: parse_kind(&r.text("kind")?),
            action: r.opt_text("action")?,
            from_status: r.opt_text("from_status")?,
            to_status: r.opt_text("to_status")?,
            before: parse_json(r.opt_text("before_json")?),
            after,
            note: r.opt_text("note")?,
            internal: r.bool("internal")?,
        });
    }
    Ok(out)
}

/// A deadline event the watcher recorded, with what a notification shows of its case.
pub struct DeadlineRecord {
    pub event_id: i64,
    pub case_id: i64,
    pub number: String,
    pub subject: String,
    pub handler_id: Option<i64>,
    /// The case's escalation level now.
    pub escalation: i64,
    pub after: serde_json::Value,
}

/// The deadline events after event `after`, oldest first, at most `limit` (whichever desk of the
/// team recorded them).
pub fn deadlines_after(db: &(impl Db + ?Sized), after: i64, limit: i64) -> DeskResult<Vec<DeadlineRecord>> {
    db.rows(
        "SELECT e.id, e.case_id, e.after_json, c.number, c.subject, c.handler_id, c.escalation FROM events e JOIN cases c ON c.id = e.case_id \
         WHERE e.id > ?1 AND e.kind = ?2 ORDER BY e.id LIMIT ?3",
        &[after.into(), kind_code(EventKind::Deadline).into(), limit.into()],
    )?
    .iter()
    .map(|r| {
        Ok(DeadlineRecord {
            event_id: r.int("id")?,
            case_id: r.int("case_id")?,
            number: r.text("number")?,
            subject: r.text("subject")?,
            handler_id: r.opt_int("handler_id")?,
            escalation: r.int("escalation")?,
            after: r.opt_text("after_json")?.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default(),
        })
    })
    .collect()
}

/// The newest event's id (0 when there is none).
pub fn last_id(db: &(impl Db + ?Sized)) -> DeskResult<i64> {
    Ok(db.row("SELECT max(id) AS id FROM events", &[])?.map(|r| r.opt_int("id")).transpose()?.flatten().unwrap_or(0))
}

pub fn count(db: &(impl Db + ?Sized)) -> DeskResult<i64> {
    db.row("SELECT count(*) AS n FROM events", &[])?.map(|r| r.int("n")).transpose().map(Option::unwrap_or_default)
}
