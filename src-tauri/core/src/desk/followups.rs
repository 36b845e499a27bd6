//! Follow-up calls (回访, SPEC §6): the task a response creates, recording attempts and what they
//! lead to (close, retry, reopen or escalate, unreachable), further follow-ups of complex cases,
//! call scripts, the follow-up queue, the customer's history, and the follow-up figures.
use crate::store::db::Db;
use chrono::{DateTime, Duration, Utc};
use tracing::instrument;

use super::clocks::Deadlines;
use super::dto::*;
use super::{acting_role, holds_any, Desk};
use crate::domain::case::{desk_zone, Case, EventKind, User};
use crate::domain::catalog::Classification;
use crate::domain::deadline::Milestone;
use crate::domain::followup::{
    judge, render_script, shipped_scripts, validate_script, AttemptInput, AttemptOutcome, FollowupFigures, FollowupSettings, FollowupTask,
    JudgedAttempt, ScriptValues, TaskState, UnsatisfiedAction, SCRIPT_PLACEHOLDERS,
};
use crate::domain::lifecycle::{FollowupContext, StepFields};
use crate::domain::step;
use crate::domain::types::Role;
use crate::domain::{DeskError, DeskResult, ErrorCode};
use crate::store::events::NewEvent;
use crate::store::{cases, events, followups, meta};

/// Who records follow-up calls and works the follow-up queue.
pub(super) const FOLLOWUP_ROLES: &[Role] = &[Role::Followup, Role::Supervisor];
const SETTINGS_KEY: &str = "followup_settings";
/// The queue shows at most this many tasks (the next calls first); the counts cover them all.
const QUEUE_LIMIT: usize = 500;

impl Desk {
    /// The desk's follow-up settings (the defaults until an admin changes them).
    pub fn followup_settings(&self) -> DeskResult<FollowupSettings> {
        settings_in(self.store.db())
    }

    /// Changes the follow-up settings (admin); every value is checked first.
    #[instrument(skip_all, fields(actor))]
    pub fn set_followup_settings(&self, actor: i64, settings: &FollowupSettings) -> DeskResult<FollowupSettings> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "修改回访设置")?;
        settings.validate()?;
        let tree = Classification::for_profile(self.profile()?);
        if let Some(c) = settings.complex_categories.iter().find(|c| !tree.categories.iter().any(|k| &k.code == *c)) {
            return Err(DeskError::invalid("complex_categories", format!("“{c}”不是本机构的投诉类别")).rule("category.known"));
        }
        let json = serde_json::to_string(settings).map_err(|e| DeskError::storage(e.to_string()))?;
        self.store.write(|tx| meta::set(tx, SETTINGS_KEY, &json))?;
        self.followup_settings()
    }

    /// The follow-up part of a case's detail.
    pub(super) fn case_followup(&self, user: &User, case: &Case) -> DeskResult<CaseFollowup> {
        let conn = self.store.db();
        let tasks = followups::tasks_for_case(conn, case.id)?;
        let pending = tasks.iter().find(|t| t.state.is_pending()).cloned();
        Ok(CaseFollowup {
            attempts: followups::attempts_for_case(conn, case.id)?,
            can_record: pending.is_some() && holds_any(user, FOLLOWUP_ROLES),
            pending,
            max_attempts: self.followup_settings()?.max_attempts,
            tasks,
        })
    }

    /// What the lifecycle's closing rules need to know about the case's follow-up.
    pub(super) fn followup_context(&self, case_id: i64) -> DeskResult<FollowupContext> {
        let pending = followups::pending_task(self.store.db(), case_id)?;
        Ok(FollowupContext { recording: false, attempts_exhausted: pending.is_some_and(|t| t.state == TaskState::Exhausted) })
    }

    /// Records one follow-up attempt and takes what it leads to, in one transaction:
    /// - reached, satisfied and solved: the first follow-up closes the case (a complex case then
    ///   gets its further follow-ups); a further one is done;
    /// - reached, score ≤ 2 or not solved: the case is reopened to its handler, or escalated to
    ///   the supervisor, as the settings say;
    /// - not reached: the next attempt is scheduled; after the set number the case may close as
    ///   unreachable (`close_unreachable`).
    #[instrument(skip_all, fields(actor, case_id = id))]
    pub fn record_followup(&self, actor: i64, id: i64, input: &AttemptInput, given: DateTime<Utc>) -> DeskResult<CaseDetail> {
        let now = self.not_before_last_event(id, given)?;
        let user = self.actor(actor)?;
        let role = acting_role(&user, FOLLOWUP_ROLES, "登记回访")?;
        let case = self.load(id)?;
        if input.expected_version.is_some_and(|v| v != case.version) {
            return Err(DeskError::new(ErrorCode::Conflict, "案件已被他人修改，请刷新后再操作").rule("version"));
        }
        let task = followups::pending_task(self.store.db(), id)?
            .ok_or_else(|| DeskError::new(ErrorCode::TransitionNotAllowed, "该案件没有待回访的任务").rule("followup.no_task"))?;
        let settings = self.followup_settings()?;
        let attempt = judge(input, task.attempts, &settings, now)?;
        // The lifecycle step the attempt leads to, checked like any other step.
        let step = match attempt.outcome {
            AttemptOutcome::Satisfied if task.round == 1 => Some(("close", self.close_fields(&attempt))),
            AttemptOutcome::Unsatisfied => Some(("reopen", self.reopen_fields(&attempt))),
            _ => None,
        };
        let planned = match &step {
            Some((action, fields)) => {
                let mut ctx = self.context(&case, &user, None)?;
                ctx.followup = FollowupContext { recording: true, attempts_exhausted: false };
                let allowed = self.lifecycle.check(&ctx, action, fields)?;
                let mut after = step::apply(&case, allowed.transition, fields, now);
                if allowed.transition.action == "reopen" && settings.on_unsatisfied == UnsatisfiedAction::Escalate {
                    after.escalation = (after.escalation + 1).min(3);
                    after.handler_id = None;
                }
                Some((allowed.transition, allowed.role, fields.clone(), after))
            }
            None => None,
        };
        let state_after = match attempt.outcome {
            AttemptOutcome::Satisfied => TaskState::Done,
            AttemptOutcome::Unsatisfied => TaskState::Reopened,
            AttemptOutcome::Retry => TaskState::Open,
            AttemptOutcome::Exhausted => TaskState::Exhausted,
        };
        let further =
            attempt.outcome == AttemptOutcome::Satisfied && task.round == 1 && settings.is_complex(&case.category, case.followup_complex);
        let saved = self.store.write(|tx| {
            followups::record_attempt(tx, &task, &attempt, user.id, state_after, now)?;
            events::append(
                tx,
                &NewEvent {
                    action: Some(attempt.outcome.code()),
                    after: Some(attempt_json(&task, &attempt)),
                    details: events::note_clock_adjusted(None, given, now),
                    note: attempt.comment.as_deref(),
                    ..NewEvent::new(id, now, Some(user.id), role, EventKind::Followup)
                },
            )?;
            let mut saved = case.clone();
            if let Some((t, step_role, fields, after)) = &planned {
                saved = cases::save(tx, after, case.version)?;
                let (before_v, after_v) = step::diff(&case, &saved);
                let note = fields.reason.clone().or_else(|| fields.comment.clone());
                events::append(
                    tx,
                    &NewEvent {
                        action: Some(&t.action),
                        from_status: Some(&case.status),
                        to_status: Some(&saved.status),
                        before: before_v,
                        after: after_v,
                        details: step::details(t, fields),
                        note: note.as_deref(),
                        ..NewEvent::new(id, now, Some(user.id), *step_role, EventKind::Transition)
                    },
                )?;
                // Any other pending task of the case ends with this step.
                followups::end_pending(tx, id, TaskState::Cancelled, now)?;
            }
            if further {
                for (i, due) in settings.further_dues(now).into_iter().enumerate() {
                    followups::insert_task(tx, id, 2 + i as u32, due, now)?;
                }
            }
            self.deadlines().refresh_due(&self.lifecycle, tx, id, now)?;
            Ok(saved)
        })?;
        tracing::info!(case_id = id, outcome = attempt.outcome.code(), attempt = attempt.number, "follow-up recorded");
        self.detail_for(&user, saved, now)
    }

    fn close_fields(&self, a: &JudgedAttempt) -> StepFields {
        StepFields {
            followup_method: Some(a.method),
            satisfaction: a.satisfaction,
            solved: a.solved,
            comment: a.comment.clone(),
            ..Default::default()
        }
    }

    fn reopen_fields(&self, a: &JudgedAttempt) -> StepFields {
        let score = a.satisfaction.map(|s| format!("满意度 {s} 分")).unwrap_or_default();
        let solved = if a.solved == Some(false) { "，问题未解决" } else { "" };
        let said = a.comment.as_deref().map(|c| format!("。客户意见：{c}")).unwrap_or_default();
        StepFields {
            reason: Some(format!("回访不满意：{score}{solved}{said}")),
            followup_method: Some(a.method),
            satisfaction: a.satisfaction,
            solved: a.solved,
            ..Default::default()
        }
    }

    /// The follow-up queue: every task waiting for a call, by bucket (overdue, due today, later,
    /// attempts used up), the next call first.
    pub fn followup_queue(&self, actor: i64, now: DateTime<Utc>) -> DeskResult<FollowupQueue> {
        let user = self.actor(actor)?;
        acting_role(&user, FOLLOWUP_ROLES, "查看回访队列")?;
        let sight = self.list_sight(&user)?;
        let end_of_today = (now.with_timezone(&desk_zone()).date_naive() + Duration::days(1))
            .and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(desk_zone()).single())
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(now);
        let mut queue = FollowupQueue { rows: Vec::new(), overdue: 0, today: 0, later: 0, exhausted: 0 };
        for e in followups::queue(self.store.db(), QUEUE_LIMIT)? {
            let bucket = bucket_of(&e.task, now, end_of_today);
            match bucket {
                QueueBucket::Overdue => queue.overdue += 1,
                QueueBucket::Today => queue.today += 1,
                QueueBucket::Later => queue.later += 1,
                QueueBucket::Exhausted => queue.exhausted += 1,
            }
            queue.rows.push(FollowupQueueRow {
                task: e.task,
                bucket,
                case_number: e.case_number,
                status: e.status,
                subject: e.subject,
                category: e.category,
                customer_name: e.customer_name,
                customer_phone: sight.phone(e.customer_phone),
                handler_name: e.handler_name,
                repeat_complainant: e.repeat_complainant,
            });
        }
        Ok(queue)
    }

    /// A customer's earlier cases by phone and/or ID number, open ones first, and whether they
    /// are a repeat complainant (another complaint from the phone within 90 days of `at`).
    pub fn customer_history(
        &self,
        actor: i64,
        phone: Option<&str>,
        id_number: Option<&str>,
        except: Option<i64>,
        at: DateTime<Utc>,
    ) -> DeskResult<CustomerHistory> {
        let user = self.actor(actor)?;
        acting_role(&user, super::NOTE_ROLES, "查看客户历史")?;
        let phone = phone.and_then(|p| crate::domain::case::normalize_phone(p).ok());
        let id_number = id_number.map(str::trim).filter(|s| !s.is_empty()).map(str::to_uppercase);
        self.history_of(&user, phone.as_deref(), id_number.as_deref(), except, at)
    }

    fn history_of(
        &self,
        user: &User,
        phone: Option<&str>,
        id_number: Option<&str>,
        except: Option<i64>,
        at: DateTime<Utc>,
    ) -> DeskResult<CustomerHistory> {
        let conn = self.store.db();
        let open = self.open_statuses();
        let sight = self.list_sight(user)?;
        let rows: Vec<_> = cases::history(conn, phone, id_number, except, &open, 50)?.into_iter().map(|r| sight.row(r)).collect();
        let repeat_complainant = match phone {
            Some(p) => crate::domain::followup::is_repeat(at, &cases::complaint_times_by_phone(conn, p, except)?),
            None => false,
        };
        Ok(CustomerHistory { open_count: rows.iter().filter(|r| open.contains(&r.status)).count() as u32, cases: rows, repeat_complainant })
    }

    /// What the call form shows for a case: its script filled in, the customer's history, the
    /// pending task.
    pub fn followup_form(&self, actor: i64, id: i64) -> DeskResult<FollowupForm> {
        let user = self.actor(actor)?;
        acting_role(&user, FOLLOWUP_ROLES, "登记回访")?;
        let case = self.load(id)?;
        let sight = self.list_sight(&user)?;
        let scripts = self.scripts_in_use(case.profile)?;
        let (script_category, template) = match scripts.iter().find(|(c, _)| *c == case.category) {
            Some((c, t)) => (Some(c.clone()), t.clone()),
            None => (None, scripts.iter().find(|(c, _)| c.is_empty()).map(|(_, t)| t.clone()).unwrap_or_default()),
        };
        let values = self.script_values(&case)?;
        let conn = self.store.db();
        Ok(FollowupForm {
            script: render_script(&template, &values),
            script_category,
            history: self.history_of(
                &user,
                case.customer_phone.as_deref(),
                case.customer_id_number.as_deref(),
                Some(case.id),
                case.received_at,
            )?,
            pending: followups::pending_task(conn, id)?,
            max_attempts: self.followup_settings()?.max_attempts,
            phone_masked: case.customer_phone.is_some() && !sight.phone,
            may_reveal_phone: case.customer_phone.is_some() && !sight.phone && self.detail_sight(&user)?.phone,
            customer_phone: sight.phone(case.customer_phone.clone()),
        })
    }

    /// What a script's placeholders are filled with for `case`.
    pub(super) fn script_values(&self, case: &Case) -> DeskResult<ScriptValues> {
        let conn = self.store.db();
        let handler = match case.handler_id {
            Some(h) => crate::store::users::get(conn, h)?.map(|u| u.display_name).unwrap_or_default(),
            None => String::new(),
        };
        Ok(ScriptValues {
            customer_name: case.customer_name.clone().unwrap_or_default(),
            case_number: case.number.clone(),
            subject: case.subject.clone(),
            decision: case.outcome.clone().unwrap_or_default(),
            remedy: case.remedy.clone().unwrap_or_default(),
            handler,
            org: meta::get(conn, "org_name")?.unwrap_or_default(),
            responded_date: case
                .responded_at
                .map(|t| t.with_timezone(&self.deadlines().zone).format("%Y年%-m月%-d日").to_string())
                .unwrap_or_default(),
        })
    }

    /// The scripts in force: the shipped ones with the admin's changes over them.
    fn scripts_in_use(&self, profile: crate::domain::types::Profile) -> DeskResult<Vec<(String, String)>> {
        let mut scripts = shipped_scripts(profile)?;
        for (category, text) in followups::scripts(self.store.db())? {
            match scripts.iter_mut().find(|(c, _)| *c == category) {
                Some(s) => s.1 = text,
                None => scripts.push((category, text)),
            }
        }
        Ok(scripts)
    }

    /// Every script an admin can edit: the default and one per category of the profile.
    pub fn followup_scripts(&self) -> DeskResult<Vec<ScriptInfo>> {
        let profile = self.profile()?;
        let shipped = shipped_scripts(profile)?;
        let in_use = self.scripts_in_use(profile)?;
        let changed: Vec<String> = followups::scripts(self.store.db())?.into_iter().map(|(c, _)| c).collect();
        let default_text = in_use.iter().find(|(c, _)| c.is_empty()).map(|(_, t)| t.clone()).unwrap_or_default();
        let categories = std::iter::once(String::new()).chain(Classification::for_profile(profile).categories.into_iter().map(|c| c.code));
        Ok(categories
            .map(|category| {
                let own = in_use.iter().find(|(c, _)| *c == category).map(|(_, t)| t.clone());
                ScriptInfo {
                    shipped: shipped.iter().find(|(c, _)| *c == category).map(|(_, t)| t.clone()),
                    changed: changed.contains(&category),
                    text: own.unwrap_or_else(|| default_text.clone()),
                    category,
                }
            })
            .collect())
    }

    /// The placeholders a script may use.
    pub fn script_placeholders() -> Vec<ScriptPlaceholder> {
        SCRIPT_PLACEHOLDERS.iter().map(|(n, l)| ScriptPlaceholder { name: n.to_string(), label: l.to_string() }).collect()
    }

    /// Changes the script of a category ("" for the default), or puts the shipped one back (admin).
    #[instrument(skip_all, fields(actor, category = %input.category))]
    pub fn set_followup_script(&self, actor: i64, input: &ScriptInput, now: DateTime<Utc>) -> DeskResult<Vec<ScriptInfo>> {
        let user = self.actor(actor)?;
        acting_role(&user, &[Role::Admin], "修改回访话术")?;
        let profile = self.profile()?;
        let category = input.category.trim();
        if !category.is_empty() && !Classification::for_profile(profile).categories.iter().any(|c| c.code == category) {
            return Err(DeskError::invalid("category", format!("“{category}”不是本机构的投诉类别")).rule("category.known"));
        }
        let text = match input.text.as_deref() {
            Some(t) => Some(validate_script(t)?),
            None => None,
        };
        self.store.write(|tx| followups::set_script(tx, category, text.as_deref(), user.id, now))?;
        self.followup_scripts()
    }

    /// The follow-up figures of the complaints received in the filter's period.
    pub fn followup_figures(&self, filter: &crate::domain::kpi::KpiFilter) -> DeskResult<FollowupFigures> {
        filter.period()?;
        followups::figures(self.store.db(), &filter.cases())
    }
}

/// The desk's follow-up settings as stored (the defaults until an admin changes them).
pub(super) fn settings_in(conn: &dyn Db) -> DeskResult<FollowupSettings> {
    match meta::get(conn, SETTINGS_KEY)? {
        Some(json) => serde_json::from_str(&json).map_err(|e| DeskError::storage(format!("回访设置无法读取：{e}"))),
        None => Ok(FollowupSettings::default()),
    }
}

/// Keeps the follow-up tasks in step with a lifecycle move, inside its write: reaching
/// 待回访 creates the first task; leaving it (or reopening a closed case) ends the pending
/// ones, as unreachable when that is how the case closed.
pub(super) fn sync(
    deadlines: &Deadlines,
    tx: &dyn Db,
    before: &Case,
    after: &Case,
    action: &str,
    now: DateTime<Utc>,
) -> DeskResult<()> {
    const AWAITING: &str = "awaiting_followup";
    if after.status == AWAITING && before.status != AWAITING {
        followups::end_pending(tx, after.id, TaskState::Cancelled, now)?;
        let due = first_due(deadlines, tx, after, now)?;
        followups::insert_task(tx, after.id, 1, due, now)?;
    } else if after.status != before.status {
        let state = if action == "close_unreachable" { TaskState::Unreachable } else { TaskState::Cancelled };
        followups::end_pending(tx, after.id, state, now)?;
    }
    Ok(())
}

/// When the first follow-up after a response is due: the rule pack's follow-up clock where it
/// has one (property: 48 h), else the desk's setting counted from the response.
fn first_due(deadlines: &Deadlines, tx: &dyn Db, case: &Case, now: DateTime<Utc>) -> DeskResult<DateTime<Utc>> {
    let events = events::for_case(tx, case.id)?;
    let (clocks, pack) = deadlines.clocks_of(case, &events, now);
    let followup_clock = pack
        .iter()
        .flat_map(|p| p.clocks.iter())
        .find(|c| c.met_by == Milestone::FollowedUp)
        .and_then(|rule| clocks.iter().find(|c| c.code == rule.code));
    Ok(match followup_clock {
        Some(clock) => clock.due,
        None => case.responded_at.unwrap_or(now) + Duration::hours(i64::from(settings_in(tx)?.due_hours)),
    })
}

/// Marks a newly registered complaint as a repeat when the phone complained within 90 days.
pub(super) fn mark_repeat(tx: &dyn Db, case: &Case) -> DeskResult<bool> {
    let Some(phone) = case.customer_phone.as_deref() else {
        return Ok(false);
    };
    if case.kind != crate::domain::types::CaseKind::Complaint {
        return Ok(false);
    }
    let repeat = crate::domain::followup::is_repeat(case.received_at, &cases::complaint_times_by_phone(tx, phone, Some(case.id))?);
    if repeat {
        cases::set_repeat(tx, case.id, true)?;
    }
    Ok(repeat)
}

fn bucket_of(task: &FollowupTask, now: DateTime<Utc>, end_of_today: DateTime<Utc>) -> QueueBucket {
    if task.state == TaskState::Exhausted {
        QueueBucket::Exhausted
    } else if task.due_at < now {
        QueueBucket::Overdue
    } else if task.next_attempt_at < end_of_today {
        QueueBucket::Today
    } else {
        QueueBucket::Later
    }
}

/// The attempt as the timeline keeps it.
fn attempt_json(task: &FollowupTask, a: &JudgedAttempt) -> serde_json::Value {
    serde_json::json!({
        "round": task.round,
        "attempt": a.number,
        "method": a.method,
        "reached": a.reached,
        "duration_minutes": a.duration_minutes,
        "satisfaction": a.satisfaction,
        "solved": a.solved,
        "suggestion": a.suggestion,
        "outcome": a.outcome,
        "next_attempt_at": a.next_attempt_at,
    })
}
