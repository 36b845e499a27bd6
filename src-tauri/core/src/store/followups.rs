//! Follow-up tasks, attempts and call scripts (schema 4).
use chrono::{DateTime, Utc};

use super::db::{Db, Row, Value};
use super::{from_ms, to_ms};
use crate::domain::followup::{ratio, AttemptOutcome, FollowupAttempt, FollowupFigures, FollowupTask, JudgedAttempt, TaskState};
use crate::domain::case::CaseQuery;
use crate::domain::types::ContactMethod;
use crate::domain::{DeskError, DeskResult};

fn bad_code(what: &str, code: &str) -> DeskError {
    DeskError::storage(format!("unknown {what} {code}"))
}

fn read_task(r: &Row) -> DeskResult<FollowupTask> {
    let state = r.text("state")?;
    Ok(FollowupTask {
        id: r.int("id")?,
        case_id: r.int("case_id")?,
        round: r.uint("round")?,
        due_at: from_ms(r.int("due_at")?),
        next_attempt_at: from_ms(r.int("next_attempt_at")?),
        attempts: r.uint("attempts")?,
        state: TaskState::parse(&state).ok_or_else(|| bad_code("task state", &state))?,
        created_at: from_ms(r.int("created_at")?),
        ended_at: r.opt_int("ended_at")?.map(from_ms),
    })
}

const TASK_COLUMNS: &str = "t.id, t.case_id, t.round, t.due_at, t.next_attempt_at, t.attempts, t.state, t.created_at, t.ended_at";

/// The case's task still waiting for the follow-up clerk (open or exhausted), if any.
pub fn pending_task(db: &(impl Db + ?Sized), case_id: i64) -> DeskResult<Option<FollowupTask>> {
    db.row(
        &format!("SELECT {TASK_COLUMNS} FROM followup_tasks t WHERE t.case_id = ?1 AND t.state IN ('open', 'exhausted') ORDER BY t.id LIMIT 1"),
        &[case_id.into()],
    )?
    .map(|r| read_task(&r))
    .transpose()
}

pub fn tasks_for_case(db: &(impl Db + ?Sized), case_id: i64) -> DeskResult<Vec<FollowupTask>> {
    db.rows(&format!("SELECT {TASK_COLUMNS} FROM followup_tasks t WHERE t.case_id = ?1 ORDER BY t.id"), &[case_id.into()])?
        .iter()
        .map(read_task)
        .collect()
}

pub fn insert_task(db: &(impl Db + ?Sized), case_id: i64, round: u32, due_at: DateTime<Utc>, now: DateTime<Utc>) -> DeskResult<i64> {
    db.row(
        "INSERT INTO followup_tasks (case_id, round, due_at, next_attempt_at, attempts, state, created_at)
         VALUES (?1, ?2, ?3, ?3, 0, 'open', ?4) RETURNING id",
        &[case_id.into(), round.into(), to_ms(due_at).into(), to_ms(now).into()],
    )?
    .ok_or_else(|| DeskError::storage("回访任务保存后读不到"))?
    .int("id")
}

/// Ends every pending task of the case with `state`; returns how many.
pub fn end_pending(db: &(impl Db + ?Sized), case_id: i64, state: TaskState, now: DateTime<Utc>) -> DeskResult<usize> {
    let n = db.exec(
        "UPDATE followup_tasks SET state = ?2, ended_at = ?3 WHERE case_id = ?1 AND state IN ('open', 'exhausted')",
        &[case_id.into(), state.code().into(), to_ms(now).into()],
    )?;
    Ok(n as usize)
}

/// Stores an attempt on `task` and moves the task on: the new attempt count, the next call time
/// and the state the attempt leads to. Returns the attempt's id.
pub fn record_attempt(
    db: &(impl Db + ?Sized),
    task: &FollowupTask,
    a: &JudgedAttempt,
    by_user: i64,
    state_after: TaskState,
    now: DateTime<Utc>,
) -> DeskResult<i64> {
    let id = db
        .row(
            "INSERT INTO followup_attempts (task_id, case_id, number, at, by_user, method, reached, duration_minutes,
                satisfaction, solved, comment, suggestion, outcome)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING id",
            &[
                task.id.into(),
                task.case_id.into(),
                a.number.into(),
                to_ms(now).into(),
                by_user.into(),
                a.method.code().into(),
                a.reached.into(),
                a.duration_minutes.into(),
                a.satisfaction.into(),
                a.solved.into(),
                a.comment.clone().into(),
                a.suggestion.clone().into(),
                a.outcome.code().into(),
            ],
        )?
        .ok_or_else(|| DeskError::storage("回访记录保存后读不到"))?
        .int("id")?;
    let ended = (!state_after.is_pending()).then(|| to_ms(now));
    db.exec(
        "UPDATE followup_tasks SET attempts = ?2, next_attempt_at = coalesce(?3, next_attempt_at), state = ?4, ended_at = ?5
         WHERE id = ?1",
        &[task.id.into(), a.number.into(), a.next_attempt_at.map(to_ms).into(), state_after.code().into(), ended.into()],
    )?;
    Ok(id)
}

fn read_attempt(r: &Row) -> DeskResult<FollowupAttempt> {
    let method = r.text("method")?;
    let outcome = r.text("outcome")?;
    Ok(FollowupAttempt {
        id: r.int("id")?,
        task_id: r.int("task_id")?,
        number: r.uint("number")?,
        at: from_ms(r.int("at")?),
        by_user: r.int("by_user")?,
        by_name: r.opt_text("by_name")?,
        method: ContactMethod::parse(&method).ok_or_else(|| bad_code("contact method", &method))?,
        reached: r.bool("reached")?,
        duration_minutes: r.opt_int("duration_minutes")?,
        satisfaction: r.opt_int("satisfaction")?,
        solved: r.opt_bool("solved")?,
        comment: r.opt_text("comment")?,
        suggestion: r.opt_text("suggestion")?,
        outcome: AttemptOutcome::parse(&outcome).ok_or_else(|| bad_code("attempt outcome", &outcome))?,
    })
}

pub fn attempts_for_case(db: &(impl Db + ?Sized), case_id: i64) -> DeskResult<Vec<FollowupAttempt>> {
    db.rows(
        "SELECT a.*, u.display_name AS by_name FROM followup_attempts a LEFT JOIN users u ON u.id = a.by_user
         JOIN followup_tasks t ON t.id = a.task_id WHERE t.case_id = ?1 ORDER BY a.id",
        &[case_id.into()],
    )?
    .iter()
    .map(read_attempt)
    .collect()
}

/// The attempts on any of `case_ids`, the latest first, each with its case's id and number.
pub fn attempts_for_cases(db: &(impl Db + ?Sized), case_ids: &[i64]) -> DeskResult<Vec<(i64, String, FollowupAttempt)>> {
    let mut out = Vec::new();
    // A bounded number of parameters per statement, however many cases the customer has.
    for chunk in case_ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let sql = format!(
            "SELECT a.*, u.display_name AS by_name, c.number AS case_number FROM followup_attempts a
             LEFT JOIN users u ON u.id = a.by_user JOIN cases c ON c.id = a.case_id
             WHERE a.case_id IN ({marks})"
        );
        let args: Vec<Value> = chunk.iter().map(|id| Value::from(*id)).collect();
        for r in db.rows(&sql, &args)? {
            out.push((r.int("case_id")?, r.text("case_number")?, read_attempt(&r)?));
        }
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
pub fn queue(db: &(impl Db + ?Sized), limit: usize) -> DeskResult<Vec<QueueEntry>> {
    let sql = format!(
        "SELECT {TASK_COLUMNS}, c.number, c.status, c.subject, c.category, c.customer_name, c.customer_phone,
            u.display_name AS handler_name, c.repeat_complainant
         FROM followup_tasks t JOIN cases c ON c.id = t.case_id LEFT JOIN users u ON u.id = c.handler_id
         WHERE t.state IN ('open', 'exhausted')
         ORDER BY t.next_attempt_at, t.id LIMIT ?1"
    );
    db.rows(&sql, &[(limit as i64).into()])?
        .iter()
        .map(|r| {
            Ok(QueueEntry {
                task: read_task(r)?,
                case_number: r.text("number")?,
                status: r.text("status")?,
                subject: r.text("subject")?,
                category: r.text("category")?,
                customer_name: r.opt_text("customer_name")?,
                customer_phone: r.opt_text("customer_phone")?,
                handler_name: r.opt_text("handler_name")?,
                repeat_complainant: r.bool("repeat_complainant")?,
            })
        })
        .collect()
}

/// The follow-up figures of the cases `q` selects (a KPI cohort); see [`FollowupFigures`] for
/// each formula.
pub fn figures(db: &(impl Db + ?Sized), q: &CaseQuery) -> DeskResult<FollowupFigures> {
    let (where_sql, args) = super::cases::filter(q, db.dialect());
    let cohort = format!("SELECT c.id FROM cases c {where_sql}");
    let t = db
        .row(
            &format!(
                "SELECT count(*) AS tasks,
                    coalesce(CAST(sum(CASE WHEN EXISTS (SELECT 1 FROM followup_attempts a WHERE a.task_id = t.id AND a.reached = 1)
                                 THEN 1 ELSE 0 END) AS BIGINT), 0) AS completed,
                    coalesce(CAST(sum(CASE WHEN t.state = 'reopened' THEN 1 ELSE 0 END) AS BIGINT), 0) AS reopened
                 FROM followup_tasks t WHERE t.state != 'cancelled' AND t.case_id IN ({cohort})"
            ),
            &args,
        )?
        .ok_or_else(|| DeskError::storage("回访统计无结果"))?;
    let a = db
        .row(
            &format!(
                "SELECT count(*) AS attempts, coalesce(CAST(sum(reached) AS BIGINT), 0) AS reached, count(satisfaction) AS scored,
                    coalesce(CAST(sum(satisfaction) AS BIGINT), 0) AS score_sum,
                    coalesce(CAST(sum(CASE WHEN satisfaction >= 4 THEN 1 ELSE 0 END) AS BIGINT), 0) AS high
                 FROM followup_attempts WHERE case_id IN ({cohort})"
            ),
            &args,
        )?
        .ok_or_else(|| DeskError::storage("回访统计无结果"))?;
    // Sums are cast: PostgreSQL's sum of a BIGINT is a NUMERIC.
    let (tasks, completed, reopened) = (t.int("tasks")?, t.int("completed")?, t.int("reopened")?);
    let (attempts, reached, scored, score_sum, high) = (a.int("attempts")?, a.int("reached")?, a.int("scored")?, a.int("score_sum")?, a.int("high")?);
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
pub fn score_distribution(db: &(impl Db + ?Sized), q: &CaseQuery) -> DeskResult<[i64; 5]> {
    let (where_sql, args) = super::cases::filter(q, db.dialect());
    let mut out = [0i64; 5];
    let rows = db.rows(
        &format!(
            "SELECT satisfaction, count(*) AS n FROM followup_attempts
             WHERE satisfaction IS NOT NULL AND case_id IN (SELECT c.id FROM cases c {where_sql}) GROUP BY satisfaction"
        ),
        &args,
    )?;
    for r in rows {
        let (score, n) = (r.int("satisfaction")?, r.int("n")?);
        if (1..=5).contains(&score) {
            out[(score - 1) as usize] = n;
        }
    }
    Ok(out)
}

/// The scripts an admin changed: (category, '' for the default; text).
pub fn scripts(db: &(impl Db + ?Sized)) -> DeskResult<Vec<(String, String)>> {
    db.rows("SELECT category, text FROM followup_scripts ORDER BY category", &[])?.iter().map(|r| Ok((r.text("category")?, r.text("text")?))).collect()
}

/// Stores an admin's script for a category ('' for the default); `None` goes back to the shipped one.
pub fn set_script(db: &(impl Db + ?Sized), category: &str, text: Option<&str>, by: i64, now: DateTime<Utc>) -> DeskResult<()> {
    match text {
        Some(text) => {
            let args = [category.into(), text.into(), to_ms(now).into(), by.into()];
            if db.exec("UPDATE followup_scripts SET text = ?2, updated_at = ?3, updated_by = ?4 WHERE category = ?1", &args)? == 0 {
                db.exec("INSERT INTO followup_scripts (category, text, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)", &args)?;
            }
        }
        None => {
            db.exec("DELETE FROM followup_scripts WHERE category = ?1", &[category.into()])?;
        }
    }
    Ok(())
}
