//! Follow-up tasks, attempts and call scripts (schema 4).
use chrono::{DateTime, Utc};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use super::{from_ms, to_ms};
use crate::domain::followup::{ratio, AttemptOutcome, FollowupAttempt, FollowupFigures, FollowupTask, JudgedAttempt, TaskState};
use crate::domain::case::CaseQuery;
use crate::domain::types::ContactMethod;
use crate::domain::DeskResult;

fn bad_code(what: &str, code: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, format!("unknown {what} {code}").into())
}

fn read_task(r: &rusqlite::Row<'_>) -> rusqlite::Result<FollowupTask> {
    let state: String = r.get("state")?;
    Ok(FollowupTask {
        id: r.get("id")?,
        case_id: r.get("case_id")?,
        round: r.get("round")?,
        due_at: from_ms(r.get("due_at")?),
        next_attempt_at: from_ms(r.get("next_attempt_at")?),
        attempts: r.get("attempts")?,
        state: TaskState::parse(&state).ok_or_else(|| bad_code("task state", state))?,
        created_at: from_ms(r.get("created_at")?),
        ended_at: r.get::<_, Option<i64>>("ended_at")?.map(from_ms),
    })
}

const TASK_COLUMNS: &str = "t.id, t.case_id, t.round, t.due_at, t.next_attempt_at, t.attempts, t.state, t.created_at, t.ended_at";

/// The case's task still waiting for the follow-up clerk (open or exhausted), if any.
pub fn pending_task(conn: &Connection, case_id: i64) -> DeskResult<Option<FollowupTask>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {TASK_COLUMNS} FROM followup_tasks t WHERE t.case_id = ?1 AND t.state IN ('open', 'exhausted') ORDER BY t.id LIMIT 1"
        ))?
        .query_row([case_id], read_task)
        .optional()?)
}

pub fn tasks_for_case(conn: &Connection, case_id: i64) -> DeskResult<Vec<FollowupTask>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {TASK_COLUMNS} FROM followup_tasks t WHERE t.case_id = ?1 ORDER BY t.id"))?
        .query_map([case_id], read_task)?
        .collect::<Result<Vec<_>, _>>()?)
}

pub fn insert_task(conn: &Connection, case_id: i64, round: u32, due_at: DateTime<Utc>, now: DateTime<Utc>) -> DeskResult<i64> {
    conn.prepare_cached(
        "INSERT INTO followup_tasks (case_id, round, due_at, next_attempt_at, attempts, state, created_at)
         VALUES (?1, ?2, ?3, ?3, 0, 'open', ?4)",
    )?
    .execute(params![case_id, round, to_ms(due_at), to_ms(now)])?;
    Ok(conn.last_insert_rowid())
}

/// Ends every pending task of the case with `state`; returns how many.
pub fn end_pending(conn: &Connection, case_id: i64, state: TaskState, now: DateTime<Utc>) -> DeskResult<usize> {
    Ok(conn
        .prepare_cached("UPDATE followup_tasks SET state = ?2, ended_at = ?3 WHERE case_id = ?1 AND state IN ('open', 'exhausted')")?
        .execute(params![case_id, state.code(), to_ms(now)])?)
}

/// Stores an attempt on `task` and moves the task on: the new attempt count, the next call time
/// and the state the attempt leads to. Returns the attempt's id.
pub fn record_attempt(
    conn: &Connection,
    task: &FollowupTask,
    a: &JudgedAttempt,
    by_user: i64,
    state_after: TaskState,
    now: DateTime<Utc>,
) -> DeskResult<i64> {
    conn.prepare_cached(
        "INSERT INTO followup_attempts (task_id, case_id, number, at, by_user, method, reached, duration_minutes,
            satisfaction, solved, comment, suggestion, outcome)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        task.id,
        task.case_id,
        a.number,
        to_ms(now),
        by_user,
        a.method.code(),
        a.reached,
        a.duration_minutes,
        a.satisfaction,
        a.solved,
        a.comment,
        a.suggestion,
        a.outcome.code(),
    ])?;
    let id = conn.last_insert_rowid();
    let ended = (!state_after.is_pending()).then(|| to_ms(now));
    conn.prepare_cached(
        "UPDATE followup_tasks SET attempts = ?2, next_attempt_at = coalesce(?3, next_attempt_at), state = ?4, ended_at = ?5
         WHERE id = ?1",
    )?
    .execute(params![task.id, a.number, a.next_attempt_at.map(to_ms), state_after.code(), ended])?;
    Ok(id)
}

fn read_attempt(r: &rusqlite::Row<'_>) -> rusqlite::Result<FollowupAttempt> {
    let method: String = r.get("method")?;
    let outcome: String = r.get("outcome")?;
    Ok(FollowupAttempt {
        id: r.get("id")?,
        task_id: r.get("task_id")?,
        number: r.get("number")?,
        at: from_ms(r.get("at")?),
        by_user: r.get("by_user")?,
        by_name: r.get("by_name")?,
        method: ContactMethod::parse(&method).ok_or_else(|| bad_code("contact method", method))?,
        reached: r.get("reached")?,
        duration_minutes: r.get("duration_minutes")?,
        satisfaction: r.get("satisfaction")?,
        solved: r.get("solved")?,
        comment: r.get("comment")?,
        suggestion: r.get("suggestion")?,
        outcome: AttemptOutcome::parse(&outcome).ok_or_else(|| bad_code("attempt outcome", outcome))?,
    })
}

pub fn attempts_for_case(conn: &Connection, case_id: i64) -> DeskResult<Vec<FollowupAttempt>> {
    Ok(conn
        .prepare_cached(
            "SELECT a.*, u.display_name AS by_name FROM followup_attempts a LEFT JOIN users u ON u.id = a.by_user
             JOIN followup_tasks t ON t.id = a.task_id WHERE t.case_id = ?1 ORDER BY a.id",
        )?
        .query_map([case_id], read_attempt)?
        .collect::<Result<Vec<_>, _>>()?)
}

/// The attempts on any of `case_ids`, the latest first, each with its case's id and number.
pub fn attempts_for_cases(conn: &Connection, case_ids: &[i64]) -> DeskResult<Vec<(i64, String, FollowupAttempt)>> {
    let mut out = Vec::new();
    // A bounded number of parameters per statement, however many cases the customer has.
    for chunk in case_ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let sql = format!(
            "SELECT a.*, u.display_name AS by_name, c.number AS case_number FROM followup_attempts a
             LEFT JOIN users u ON u.id = a.by_user JOIN cases c ON c.id = a.case_id
             WHERE a.case_id IN ({marks})"
        );
        let rows = conn
            .prepare(&sql)?
            .query_map(params_from_iter(chunk.iter()), |r| Ok((r.get::<_, i64>("case_id")?, r.get::<_, String>("case_number")?, read_attempt(r)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        out.extend(rows);
    }
    out.sort_by_key(|(_, _, a)| std::cmp::Reverse((a.at, a.id)));
    Ok(out)
}

/// A pending task with the case facts the follow-up queue shows.
pub struct QueueEntry {
    pub task: FollowupTask,
    pub case_number: String,
    pub status: String,
    pub subject: String,
    pub category: String,
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    pub handler_name: Option<String>,
    pub repeat_complainant: bool,
}

/// Every pending task, the next call first (at most `limit`).
pub fn queue(conn: &Connection, limit: usize) -> DeskResult<Vec<QueueEntry>> {
    let sql = format!(
        "SELECT {TASK_COLUMNS}, c.number, c.status, c.subject, c.category, c.customer_name, c.customer_phone,
            u.display_name AS handler_name, c.repeat_complainant
         FROM followup_tasks t JOIN cases c ON c.id = t.case_id LEFT JOIN users u ON u.id = c.handler_id
         WHERE t.state IN ('open', 'exhausted')
         ORDER BY t.next_attempt_at, t.id LIMIT ?1"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map([limit as i64], |r| {
            Ok(QueueEntry {
                task: read_task(r)?,
                case_number: r.get("number")?,
                status: r.get("status")?,
                subject: r.get("subject")?,
                category: r.get("category")?,
                customer_name: r.get("customer_name")?,
                customer_phone: r.get("customer_phone")?,
                handler_name: r.get("handler_name")?,
                repeat_complainant: r.get("repeat_complainant")?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?)
}

/// The follow-up figures of the cases `q` selects (a KPI cohort); see [`FollowupFigures`] for
/// each formula.
pub fn figures(conn: &Connection, q: &CaseQuery) -> DeskResult<FollowupFigures> {
    let (where_sql, args) = super::cases::filter(q);
    let cohort = format!("SELECT c.id FROM cases c {where_sql}");
    let (tasks, completed, reopened): (i64, i64, i64) = conn.prepare_cached(&format!(
        "SELECT count(*),
            coalesce(sum(EXISTS (SELECT 1 FROM followup_attempts a WHERE a.task_id = t.id AND a.reached = 1)), 0),
            coalesce(sum(t.state = 'reopened'), 0)
         FROM followup_tasks t WHERE t.state != 'cancelled' AND t.case_id IN ({cohort})"
    ))?
    .query_row(params_from_iter(args.iter()), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let (attempts, reached, scored, score_sum, high): (i64, i64, i64, i64, i64) = conn
        .prepare_cached(&format!(
            "SELECT count(*), coalesce(sum(reached), 0), count(satisfaction), coalesce(sum(satisfaction), 0),
                coalesce(sum(satisfaction >= 4), 0)
             FROM followup_attempts WHERE case_id IN ({cohort})"
        ))?
        .query_row(params_from_iter(args.iter()), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
    Ok(FollowupFigures {
        tasks,
        completed,
        completion_rate: ratio(completed, tasks),
        attempts,
        reached,
        reached_rate: ratio(reached, attempts),
        mean_score: (scored > 0).then(|| score_sum as f64 / scored as f64),
        share_4_5: ratio(high, scored),
        reopened,
    })
}

/// How many reached calls of the cohort gave each score, 1 to 5.
pub fn score_distribution(conn: &Connection, q: &CaseQuery) -> DeskResult<[i64; 5]> {
    let (where_sql, args) = super::cases::filter(q);
    let mut out = [0i64; 5];
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT satisfaction, count(*) FROM followup_attempts
         WHERE satisfaction IS NOT NULL AND case_id IN (SELECT c.id FROM cases c {where_sql}) GROUP BY satisfaction"
    ))?;
    let rows = stmt.query_map(params_from_iter(args.iter()), |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (score, n) = row?;
        if (1..=5).contains(&score) {
            out[(score - 1) as usize] = n;
        }
    }
    Ok(out)
}

/// The scripts an admin changed: (category, '' for the default; text).
pub fn scripts(conn: &Connection) -> DeskResult<Vec<(String, String)>> {
    Ok(conn
        .prepare_cached("SELECT category, text FROM followup_scripts ORDER BY category")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?)
}

/// Stores an admin's script for a category ('' for the default); `None` goes back to the shipped one.
pub fn set_script(conn: &Connection, category: &str, text: Option<&str>, by: i64, now: DateTime<Utc>) -> DeskResult<()> {
    match text {
        Some(text) => conn
            .prepare_cached(
                "INSERT INTO followup_scripts (category, text, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (category) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by",
            )?
            .execute(params![category, text, to_ms(now), by])?,
        None => conn.prepare_cached("DELETE FROM followup_scripts WHERE category = ?1")?.execute([category])?,
    };
    Ok(())
}
