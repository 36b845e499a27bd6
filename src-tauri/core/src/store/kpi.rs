//! What the KPIs read: the cases of a cohort with the fields the figures need, the open
//! backlog, and training sessions (on either store: see `store::db`).
use chrono::{DateTime, NaiveDate, Utc};

use super::db::{Db, Dialect, Row, Value};
use super::{from_ms, rollup, to_ms};
use crate::domain::case::CaseQuery;
use crate::domain::kpi::{DaySums, KpiFilter, KpiRow};
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

/// The day number the sums are kept under: days since 1970-01-01 (see `store::rollup`).
pub fn day_number(day: NaiveDate) -> i64 {
    (day - NaiveDate::default()).num_days()
}

/// The day of a day number.
pub fn day_of(number: i64) -> NaiveDate {
    NaiveDate::default() + chrono::Duration::days(number)
}

/// The conditions on the sums' groups that `f` selects, the groups they name, and their
/// arguments.
fn groups_where(f: &KpiFilter) -> DeskResult<(String, Vec<&'static str>, Vec<Value>)> {
    let (from, to) = f.period()?;
    let mut clauses = vec!["day >= ?".to_string(), "day <= ?".to_string()];
    let mut named = vec!["day"];
    let mut args: Vec<Value> = vec![day_number(from).into(), day_number(to).into()];
    let mut add = |column: &'static str, v: Option<Value>| {
        if let Some(v) = v {
            clauses.push(format!("{column} = ?"));
            named.push(column);
            args.push(v);
        }
    };
    let text = |v: &Option<String>| v.clone().filter(|v| !v.is_empty()).map(Value::Text);
    add("category", text(&f.category));
    add("project", text(&f.project));
    add("department", text(&f.department));
    add("channel", f.channel.map(|c| Value::Text(c.code().into())));
    add("handler_id", f.handler_id.map(Value::Int));
    Ok((clauses.join(" AND "), named, args))
}

/// `SELECT <by…>, <what> FROM <the narrowest table of sums> WHERE <f> GROUP BY <by…>`; a group
/// every case has left (a correction moved it) keeps a row of zeros, which is not a group.
fn sums_sql(f: &KpiFilter, by: &[&str], what: &str) -> DeskResult<(String, Vec<Value>)> {
    let (clauses, mut named, args) = groups_where(f)?;
    named.extend_from_slice(by);
    let table = rollup::table_for(&named);
    let mut cols: Vec<String> = by.iter().map(|b| b.to_string()).collect();
    cols.push(what.to_string());
    let group = if by.is_empty() { String::new() } else { format!(" GROUP BY {} HAVING sum(received) <> 0", by.join(", ")) };
    Ok((format!("SELECT {} FROM {table} WHERE {clauses}{group}", cols.join(", ")), args))
}

/// The kept sums of the cohort `f` selects, grouped by `by` (none: one row of the whole
/// cohort). Each row comes with its group's values.
pub fn sums(db: &(impl Db + ?Sized), f: &KpiFilter, by: &[&str]) -> DeskResult<Vec<(Row, DaySums)>> {
    let what: Vec<String> = rollup::MEASURES.iter().map(|(m, _)| format!("coalesce(CAST(sum({m}) AS BIGINT), 0) AS {m}")).collect();
    let (sql, args) = sums_sql(f, by, &what.join(", "))?;
    db.rows(&sql, &args)?
        .into_iter()
        .map(|r| {
            let s = DaySums {
                received: r.int("received")?,
                accepted: r.int("accepted")?,
                closed: r.int("closed")?,
                solved: r.int("solved")?,
                notified: r.int("notified")?,
                notified_on_time: r.int("notified_on_time")?,
                decided: r.int("decided")?,
                compensation_cents: r.int("compensation_cents")?,
                staff_minutes: r.int("staff_minutes")?,
                reopened: r.int("reopened")?,
                repeat_cases: r.int("repeat_cases")?,
                sat_n: r.int("sat_n")?,
                sat_sum: r.int("sat_sum")?,
                handling_n: r.int("handling_n")?,
                handling_secs: r.int("handling_secs")?,
                fu_tasks: r.int("fu_tasks")?,
                fu_completed: r.int("fu_completed")?,
                fu_reopened: r.int("fu_reopened")?,
                fu_attempts: r.int("fu_attempts")?,
                fu_reached: r.int("fu_reached")?,
                fu_scores: [r.int("fu_s1")?, r.int("fu_s2")?, r.int("fu_s3")?, r.int("fu_s4")?, r.int("fu_s5")?],
            };
            Ok((r, s))
        })
        .collect()
}

/// One kept sum (`measure`, a name of `rollup::MEASURES`) of the cohort, grouped by `by`.
pub fn sum_by(db: &(impl Db + ?Sized), f: &KpiFilter, by: &[&str], measure: &str) -> DeskResult<Vec<(Row, i64)>> {
    debug_assert!(rollup::MEASURES.iter().any(|(m, _)| *m == measure));
    let (sql, args) = sums_sql(f, by, &format!("CAST(sum({measure}) AS BIGINT) AS n"))?;
    db.rows(&sql, &args)?
        .into_iter()
        .map(|r| {
            let n = r.int("n")?;
            Ok((r, n))
        })
        .collect()
}

/// `SELECT <what> FROM cases c <q's filter> AND <more>` with its arguments.
fn cohort_sql(db: &(impl Db + ?Sized), q: &CaseQuery, what: &str, more: &str, tail: &str) -> (String, Vec<Value>) {
    let (where_sql, args) = super::cases::filter(q, db.dialect());
    let joiner = if where_sql.is_empty() { "WHERE" } else { "AND" };
    (format!("SELECT {what} FROM cases c {where_sql} {joiner} {more} {tail}"), args)
}

/// How long each acceptance of the cohort took, in hours (whole seconds, as the figures count
/// them), with the case's handler (0: none). Read off `cases_kpi_accept`.
/// The times come as one list of seconds per handler, not a row per case: a year is a hundred
/// thousand of them, and a row each costs a server several times what the list does.
pub fn accept_hours(db: &(impl Db + ?Sized), q: &CaseQuery) -> DeskResult<Vec<(i64, f64)>> {
    let seconds = "(c.accepted_at - c.received_at) / 1000";
    let list = match db.dialect() {
        Dialect::Sqlite => format!("group_concat({seconds}, ',')"),
        Dialect::Postgres => format!("string_agg(CAST({seconds} AS TEXT), ',')"),
    };
    let (sql, args) = cohort_sql(db, q, &format!("coalesce(c.handler_id, 0) AS h, {list} AS s"), "c.accepted_at IS NOT NULL", "GROUP BY coalesce(c.handler_id, 0)");
    let mut out = Vec::new();
    for r in db.rows(&sql, &args)? {
        let h = r.int_at(0)?;
        for s in r.text("s")?.split(',') {
            let secs: i64 = s.parse().map_err(|_| DeskError::storage(format!("受理用时无法读取：{s}")))?;
            out.push((h, secs as f64 / 3600.0));
        }
    }
    Ok(out)
}

/// Open cases of the cohort overdue now, by handler (0: none).
pub fn overdue_now(db: &(impl Db + ?Sized), q: &CaseQuery, open: &[String]) -> DeskResult<Vec<(i64, i64)>> {
    if open.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; open.len()].join(", ");
    let (sql, mut args) = cohort_sql(
        db,
        q,
        "coalesce(c.handler_id, 0) AS h, count(*) AS n",
        &format!("c.due_state = 'breached' AND c.status IN ({marks})"),
        "GROUP BY coalesce(c.handler_id, 0)",
    );
    args.extend(open.iter().map(|s| Value::Text(s.clone())));
    db.rows(&sql, &args)?.iter().map(|r| Ok((r.int_at(0)?, r.int_at(1)?))).collect()
}

/// The distinct phones of the cohort's repeat complainants: of the whole cohort, and by handler.
pub fn repeat_phones(db: &(impl Db + ?Sized), q: &CaseQuery, by_handler: bool) -> DeskResult<(i64, Vec<(i64, i64)>)> {
    let (sql, args) = cohort_sql(db, q, "count(DISTINCT c.customer_phone) AS n", "c.repeat_complainant = 1", "");
    let all = db.row(&sql, &args)?.map(|r| r.int_at(0)).transpose()?.unwrap_or(0);
    if !by_handler || all == 0 {
        return Ok((all, Vec::new()));
    }
    let (sql, args) = cohort_sql(
        db,
        q,
        "coalesce(c.handler_id, 0) AS h, count(DISTINCT c.customer_phone) AS n",
        "c.repeat_complainant = 1",
        "GROUP BY coalesce(c.handler_id, 0)",
    );
    let each = db.rows(&sql, &args)?.iter().map(|r| Ok((r.int_at(0)?, r.int_at(1)?))).collect::<DeskResult<_>>()?;
    Ok((all, each))
}

/// Columns `n0, n1, …` counting the cases received in each span `[from, to)`, and their arguments.
fn span_counts(spans: &[(DateTime<Utc>, Option<DateTime<Utc>>)]) -> (String, Vec<Value>) {
    let mut marks: Vec<Value> = Vec::new();
    let cols: Vec<String> = spans
        .iter()
        .enumerate()
        .map(|(i, (from, to))| {
            marks.push(Value::Int(to_ms(*from)));
            let upper = match to {
                Some(to) => {
                    marks.push(Value::Int(to_ms(*to)));
                    " AND c.received_at < ?"
                }
                None => "",
            };
            format!("coalesce(CAST(sum(CASE WHEN c.received_at >= ?{upper} THEN 1 ELSE 0 END) AS BIGINT), 0) AS n{i}")
        })
        .collect();
    (cols.join(", "), marks)
}

/// How many cases `q` selects were received in each of the spans `[from, to)` (instants), in one
/// pass over the cases: the open backlog's age buckets.
pub fn received_in(db: &(impl Db + ?Sized), q: &CaseQuery, spans: &[(DateTime<Utc>, Option<DateTime<Utc>>)]) -> DeskResult<Vec<i64>> {
    let (where_sql, args) = super::cases::filter(q, db.dialect());
    let (cols, mut marks) = span_counts(spans);
    marks.extend(args);
    let row = db.row(&format!("SELECT {cols} FROM cases c {where_sql}"), &marks)?;
    (0..spans.len()).map(|i| row.as_ref().map_or(Ok(0), |r| r.int_at(i))).collect()
}

/// Complaints `q` selects received in each of the spans `[from, to)`, by category and site: what
/// the hotspot rule compares, counted in one pass over the recent cases.
pub fn received_by_group(
    db: &(impl Db + ?Sized),
    q: &CaseQuery,
    spans: &[(DateTime<Utc>, DateTime<Utc>)],
) -> DeskResult<Vec<(String, Option<String>, Vec<i64>)>> {
    let (where_sql, args) = super::cases::filter(q, db.dialect());
    let first = spans.iter().map(|(from, _)| *from).min().unwrap_or_default();
    let last = spans.iter().map(|(_, to)| *to).max().unwrap_or_default();
    let bounded: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = spans.iter().map(|(from, to)| (*from, Some(*to))).collect();
    let (cols, mut marks) = span_counts(&bounded);
    marks.extend(args);
    marks.push(Value::Int(to_ms(first)));
    marks.push(Value::Int(to_ms(last)));
    let joiner = if where_sql.is_empty() { "WHERE" } else { "AND" };
    let sql = format!(
        "SELECT c.category, c.project, {cols} FROM cases c {where_sql} {joiner} c.received_at >= ? AND c.received_at < ? GROUP BY c.category, c.project"
    );
    db.rows(&sql, &marks)?
        .iter()
        .map(|r| Ok((r.text("category")?, r.opt_text("project")?, (0..spans.len()).map(|i| r.int_at(i + 2)).collect::<DeskResult<_>>()?)))
        .collect()
}
