//! The append-only event log (the schema's triggers refuse UPDATE and DELETE).
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::{from_ms, to_ms};
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
        _ => EventKind::Note,
    }
}

fn json(v: &Option<serde_json::Value>) -> Option<String> {
    v.as_ref().map(|v| v.to_string())
}

pub fn append(conn: &Connection, e: &NewEvent<'_>) -> DeskResult<i64> {
    conn.prepare_cached(
        "INSERT INTO events (case_id, at, actor_id, actor_role, kind, action, from_status, to_status,
                             before_json, after_json, details_json, note, internal)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        e.case_id,
        to_ms(e.at),
        e.actor_id,
        e.actor_role.code(),
        kind_code(e.kind),
        e.action,
        e.from_status,
        e.to_status,
        json(&e.before),
        json(&e.after),
        json(&e.details),
        e.note,
        e.internal,
    ])?;
    Ok(conn.last_insert_rowid())
}

fn parse_json(s: Option<String>) -> Option<serde_json::Value> {
    s.and_then(|s| serde_json::from_str(&s).ok())
}

/// The case's timeline, oldest first.
pub fn for_case(conn: &Connection, case_id: i64) -> DeskResult<Vec<Event>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.case_id, e.at, e.actor_id, u.display_name AS actor_name, e.actor_role, e.kind, e.action,
                e.from_status, e.to_status, e.before_json, e.after_json, e.details_json, e.note, e.internal
         FROM events e LEFT JOIN users u ON u.id = e.actor_id
         WHERE e.case_id = ?1 ORDER BY e.id",
    )?;
    let mut rows = stmt.query([case_id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let role: String = r.get("actor_role")?;
        let mut after = parse_json(r.get("after_json")?);
        // Step values that are not case fields (reason, notice method, …) travel in `details`;
        // the timeline shows them with the changes.
        if let (Some(details), Some(serde_json::Value::Object(a))) = (parse_json(r.get("details_json")?), after.as_mut()) {
            if let serde_json::Value::Object(d) = details {
                for (k, v) in d {
                    a.entry(k).or_insert(v);
                }
            }
        } else if after.is_none() {
            after = parse_json(r.get("details_json")?);
        }
        out.push(Event {
            id: r.get("id")?,
            case_id: r.get("case_id")?,
            at: from_ms(r.get("at")?),
            actor_id: r.get("actor_id")?,
            actor_name: r.get("actor_name")?,
            actor_role: Role::parse(&role).ok_or_else(|| DeskError::storage(format!("未知角色 {role}")))?,
            kind: parse_kind(&r.get::<_, String>("kind")?),
            action: r.get("action")?,
            from_status: r.get("from_status")?,
            to_status: r.get("to_status")?,
            before: parse_json(r.get("before_json")?),
            after,
            note: r.get("note")?,
            internal: r.get("internal")?,
        });
    }
    Ok(out)
}

pub fn count(conn: &Connection) -> DeskResult<i64> {
    Ok(conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))?)
}
