//! What the KPIs read: the cases of a cohort with the fields the figures need, the open
//! backlog, and training sessions.
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};

use super::db::{to_sqlite, Dialect};
use super::{from_ms, to_ms};
use crate::domain::case::CaseQuery;
use crate::domain::kpi::KpiRow;
use crate::domain::DeskResult;

fn opt_ms(v: Option<i64>) -> Option<DateTime<Utc>> {
    v.map(from_ms)
}

/// The cases `q` selects, as KPI rows. `open` lists the statuses that are not finished.
pub fn rows(conn: &Connection, q: &CaseQuery, open: &[String]) -> DeskResult<Vec<KpiRow>> {
    let (where_sql, args) = super::cases::filter(q, Dialect::Sqlite);
    let mut args: Vec<Value> = args.iter().map(to_sqlite).collect();
    let marks = vec!["?"; open.len().max(1)].join(", ");
    let sql = format!(
        "SELECT c.id, c.received_at, c.accepted_at, c.assigned_at, c.responded_at, c.status, c.solved,
            c.responded_on_time, c.due_state, c.compensation_cents, c.staff_minutes, c.satisfaction,
            EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.kind = 'transition' AND e.action = 'reopen') AS reopened,
            c.repeat_complainant, c.customer_phone, c.handler_id, c.category, c.channel, c.project, c.root_cause_code,
            c.status IN ({marks}) AS open
         FROM cases c {where_sql}"
    );
    // The open statuses' marks come first in the text but after the filter's in the order bound:
    // bind them by position by putting them first.
    let mut all: Vec<Value> = open.iter().map(|s| Value::Text(s.clone())).collect();
    if open.is_empty() {
        all.push(Value::Null);
    }
    all.append(&mut args);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(all.iter()), |r| {
        Ok(KpiRow {
            id: r.get("id")?,
            received_at: from_ms(r.get("received_at")?),
            accepted_at: opt_ms(r.get("accepted_at")?),
            assigned_at: opt_ms(r.get("assigned_at")?),
            responded_at: opt_ms(r.get("responded_at")?),
            closed: r.get::<_, String>("status")? == "closed",
            open: r.get("open")?,
            solved: r.get("solved")?,
            responded_on_time: r.get("responded_on_time")?,
            breached_now: r.get::<_, Option<String>>("due_state")?.as_deref() == Some("breached"),
            compensation_cents: r.get("compensation_cents")?,
            staff_minutes: r.get("staff_minutes")?,
            satisfaction: r.get("satisfaction")?,
            reopened: r.get("reopened")?,
            repeat_complainant: r.get("repeat_complainant")?,
            phone: r.get("customer_phone")?,
            handler_id: r.get("handler_id")?,
            category: r.get("category")?,
            channel: r.get("channel")?,
            project: r.get("project")?,
            root_cause_code: r.get("root_cause_code")?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// (received_at, category, project) of the complaints received since `since`, for hotspots.
pub fn received_since(conn: &Connection, q: &CaseQuery, since: DateTime<Utc>) -> DeskResult<Vec<(DateTime<Utc>, String, Option<String>)>> {
    let (where_sql, args) = super::cases::filter(q, Dialect::Sqlite);
    let args: Vec<Value> = args.iter().map(to_sqlite).collect();
    let joiner = if where_sql.is_empty() { "WHERE" } else { "AND" };
    let sql = format!("SELECT c.received_at, c.category, c.project FROM cases c {where_sql} {joiner} c.received_at >= ?");
    let mut all = args;
    all.push(Value::Integer(to_ms(since)));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(all.iter()), |r| Ok((from_ms(r.get(0)?), r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// A training session with who attended.
pub struct Session {
    pub id: i64,
    pub held_on: NaiveDate,
    pub topic: String,
    pub attendees: Vec<i64>,
}

pub fn insert_session(conn: &Connection, held_on: NaiveDate, topic: &str, attendees: &[i64], by: i64, now: DateTime<Utc>) -> DeskResult<i64> {
    conn.prepare_cached("INSERT INTO training_sessions (held_on, topic, created_at, created_by) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![held_on.to_string(), topic, to_ms(now), by])?;
    let id = conn.last_insert_rowid();
    for user in attendees {
        conn.prepare_cached("INSERT OR IGNORE INTO training_attendees (session_id, user_id) VALUES (?1, ?2)")?.execute(params![id, user])?;
    }
    Ok(id)
}

pub fn sessions(conn: &Connection) -> DeskResult<Vec<Session>> {
    let mut stmt = conn.prepare_cached("SELECT id, held_on, topic FROM training_sessions ORDER BY held_on DESC, id DESC")?;
    let heads = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::with_capacity(heads.len());
    for (id, held_on, topic) in heads {
        let attendees = conn
            .prepare_cached("SELECT user_id FROM training_attendees WHERE session_id = ?1 ORDER BY user_id")?
            .query_map([id], |r| r.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        let held_on = NaiveDate::parse_from_str(&held_on, "%Y-%m-%d")
            .map_err(|e| crate::domain::DeskError::storage(format!("培训日期无法读取：{e}")))?;
        out.push(Session { id, held_on, topic, attendees });
    }
    Ok(out)
}
