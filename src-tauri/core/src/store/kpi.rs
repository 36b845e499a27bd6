//! What the KPIs read: the cases of a cohort with the fields the figures need, the open
//! backlog, and training sessions (on either store: see `store::db`).
use chrono::{DateTime, NaiveDate, Utc};

use super::db::{Db, Value};
use super::{from_ms, to_ms};
use crate::domain::case::CaseQuery;
use crate::domain::kpi::KpiRow;
use crate::domain::{DeskError, DeskResult};

/// The cases `q` selects, as KPI rows. `open` lists the statuses that are not finished.
pub fn rows(db: &(impl Db + ?Sized), q: &CaseQuery, open: &[String]) -> DeskResult<Vec<KpiRow>> {
    let (where_sql, mut args) = super::cases::filter(q, db.dialect());
    let marks = vec!["?"; open.len().max(1)].join(", ");
    let sql = format!(
        "SELECT c.id, c.received_at, c.accepted_at, c.assigned_at, c.responded_at, c.status, c.solved,
            c.responded_on_time, c.due_state, c.compensation_cents, c.staff_minutes, c.satisfaction,
            CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.kind = 'transition' AND e.action = 'reopen')
                 THEN 1 ELSE 0 END AS reopened,
            c.repeat_complainant, c.customer_phone, c.handler_id, c.category, c.channel, c.project, c.root_cause_code,
            CASE WHEN c.status IN ({marks}) THEN 1 ELSE 0 END AS open
         FROM cases c {where_sql}"
    );
    // The open statuses' marks come first in the text but after the filter's in the order bound:
    // bind them by position by putting them first.
    let mut all: Vec<Value> = open.iter().map(|s| Value::Text(s.clone())).collect();
    if open.is_empty() {
        all.push(Value::Null);
    }
    all.append(&mut args);
    db.rows(&sql, &all)?
        .iter()
        .map(|r| {
            Ok(KpiRow {
                id: r.int("id")?,
                received_at: from_ms(r.int("received_at")?),
                accepted_at: r.opt_int("accepted_at")?.map(from_ms),
                assigned_at: r.opt_int("assigned_at")?.map(from_ms),
                responded_at: r.opt_int("responded_at")?.map(from_ms),
                closed: r.text("status")? == "closed",
                open: r.bool("open")?,
                solved: r.opt_bool("solved")?,
                responded_on_time: r.opt_bool("responded_on_time")?,
                breached_now: r.opt_text("due_state")?.as_deref() == Some("breached"),
                compensation_cents: r.opt_int("compensation_cents")?,
                staff_minutes: r.opt_int("staff_minutes")?,
                satisfaction: r.opt_int("satisfaction")?,
                reopened: r.bool("reopened")?,
                repeat_complainant: r.bool("repeat_complainant")?,
                phone: r.opt_text("customer_phone")?,
                handler_id: r.opt_int("handler_id")?,
                category: r.text("category")?,
                channel: r.text("channel")?,
                project: r.opt_text("project")?,
                root_cause_code: r.opt_text("root_cause_code")?,
            })
        })
        .collect()
}

/// (received_at, category, project) of the complaints received since `since`, for hotspots.
pub fn received_since(db: &(impl Db + ?Sized), q: &CaseQuery, since: DateTime<Utc>) -> DeskResult<Vec<(DateTime<Utc>, String, Option<String>)>> {
    let (where_sql, mut args) = super::cases::filter(q, db.dialect());
    let joiner = if where_sql.is_empty() { "WHERE" } else { "AND" };
    let sql = format!("SELECT c.received_at, c.category, c.project FROM cases c {where_sql} {joiner} c.received_at >= ?");
    args.push(Value::Int(to_ms(since)));
    db.rows(&sql, &args)?.iter().map(|r| Ok((from_ms(r.int("received_at")?), r.text("category")?, r.opt_text("project")?))).collect()
}

/// A training session with who attended.
pub struct Session {
    pub id: i64,
    pub held_on: NaiveDate,
    pub topic: String,
    pub attendees: Vec<i64>,
}

pub fn insert_session(db: &(impl Db + ?Sized), held_on: NaiveDate, topic: &str, attendees: &[i64], by: i64, now: DateTime<Utc>) -> DeskResult<i64> {
    let id = db
        .row(
            "INSERT INTO training_sessions (held_on, topic, created_at, created_by) VALUES (?1, ?2, ?3, ?4) RETURNING id",
            &[held_on.to_string().into(), topic.into(), to_ms(now).into(), by.into()],
        )?
        .ok_or_else(|| DeskError::storage("培训记录保存后读不到"))?
        .int("id")?;
    let mut done: Vec<i64> = Vec::new();
    for user in attendees {
        if !done.contains(user) {
            db.exec("INSERT INTO training_attendees (session_id, user_id) VALUES (?1, ?2)", &[id.into(), (*user).into()])?;
            done.push(*user);
        }
    }
    Ok(id)
}

pub fn sessions(db: &(impl Db + ?Sized)) -> DeskResult<Vec<Session>> {
    let heads = db.rows("SELECT id, held_on, topic FROM training_sessions ORDER BY held_on DESC, id DESC", &[])?;
    let mut out = Vec::with_capacity(heads.len());
    for h in heads {
        let id = h.int("id")?;
        let attendees = db
            .rows("SELECT user_id FROM training_attendees WHERE session_id = ?1 ORDER BY user_id", &[id.into()])?
            .iter()
            .map(|r| r.int("user_id"))
            .collect::<DeskResult<Vec<i64>>>()?;
        let held_on = NaiveDate::parse_from_str(&h.text("held_on")?, "%Y-%m-%d").map_err(|e| DeskError::storage(format!("培训日期无法读取：{e}")))?;
        out.push(Session { id, held_on, topic: h.text("topic")?, attendees });
    }
    Ok(out)
}
