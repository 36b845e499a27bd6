//! Deadlines on cases: which rule pack, the clocks now, the stored summary the lists and the
//! watcher use, extensions, the watcher's tick, and the holiday calendar.
use crate::store::db::Db;
use chrono::{DateTime, Utc};
use tracing::instrument;

use super::dto::{CaseDetail, DeadlineAlert, ExtensionInput, ExtensionRequestInput, PendingExtension, TickReport};
use super::Desk;
use crate::domain::case::{Case, Event, EventKind};
use crate::domain::deadline::feed::{clock_events, summarize, DueSummary};
use crate::domain::deadline::{compute, validate_events, CalendarYearSummary, ClockEvent, ClockState, Milestone, RulePack};
use crate::domain::types::Role;
use crate::domain::{DeskError, DeskResult, ErrorCode};
use crate::store::events::NewEvent;
use crate::store::{calendars, cases, events};

/// The alert level of a breach; the further steps as it ages are 101, 102.
const BREACH_LEVEL: u32 = 100;

/// The clock rules in use: the holiday calendar (shipped and imported years), the rule packs and
/// the desk's zone.
#[derive(Clone)]
pub(super) struct Deadlines {
    pub calendar: crate::domain::deadline::Calendar,
    pub packs: Vec<RulePack>,
    pub zone: chrono_tz::Tz,
}

impl Deadlines {
    /// The pack a case runs on: its own, or its profile's default.
    pub(super) fn pack_of(&self, case: &Case) -> Option<&RulePack> {
        match &case.rule_pack {
            Some(code) => self.packs.iter().find(|p| &p.code == code),
            None => RulePack::default_for(&self.packs, case.profile),
        }
    }

    /// The clocks of a case at `now` (not before its last event: a clock that stepped back
    /// does not run a case's history backwards), or the engine's refusal. Feedback has no
    /// regulatory clock.
    pub(super) fn try_clocks_of(&self, case: &Case, events: &[Event], now: DateTime<Utc>) -> DeskResult<(Vec<ClockState>, Option<RulePack>)> {
        let Some(pack) = self.pack_of(case) else { return Ok((Vec::new(), None)) };
        if case.kind == crate::domain::types::CaseKind::Feedback {
            return Ok((Vec::new(), Some(pack.clone())));
        }
        let now = events.iter().map(|e| e.at).max().map_or(now, |last| last.max(now));
        let clocks = compute(pack, &clock_events(case, events, pack), &self.calendar, self.zone, now)?;
        Ok((clocks, Some(pack.clone())))
    }

    /// The clocks for showing a case: a history the engine refuses shows no clocks (logged as an
    /// error) rather than hiding the case. Writes use [`Deadlines::try_clocks_of`] and refuse.
    pub(super) fn clocks_of(&self, case: &Case, events: &[Event], now: DateTime<Utc>) -> (Vec<ClockState>, Option<RulePack>) {
        self.try_clocks_of(case, events, now).unwrap_or_else(|e| {
            tracing::error!(case_id = case.id, code = ?e.code, rule = ?e.rule, "clocks could not be computed");
            (Vec::new(), self.pack_of(case).cloned())
        })
    }

    /// Whether the decision just sent met its deadline: every clock the response meets ended
    /// met, not breached. None when the pack has no such clock.
    pub(super) fn response_on_time(&self, tx: &dyn Db, id: i64, now: DateTime<Utc>) -> DeskResult<Option<bool>> {
        let case = cases::get(tx, id)?.ok_or_else(|| DeskError::not_found("该案件"))?;
        let events = events::for_case(tx, id)?;
        self.on_time(&case, &events, now)
    }

    /// The same, judged again for the decision sent at `sent` (its timeline up to then) after a
    /// correction moved the case's clocks (a new received time or rule pack).
    pub(super) fn response_on_time_as_sent(&self, tx: &dyn Db, id: i64, sent: DateTime<Utc>) -> DeskResult<Option<bool>> {
        let case = cases::get(tx, id)?.ok_or_else(|| DeskError::not_found("该案件"))?;
        let mut events = events::for_case(tx, id)?;
        events.retain(|e| e.at <= sent);
        self.on_time(&case, &events, sent)
    }

    fn on_time(&self, case: &Case, events: &[Event], now: DateTime<Utc>) -> DeskResult<Option<bool>> {
        let (clocks, pack) = self.try_clocks_of(case, events, now)?;
        let Some(pack) = pack else { return Ok(None) };
        // A clock that started again (a reopen) keeps its earlier runs: a decision once late stays
        // late, however quickly the re-handling is answered.
        let met_by_response: Vec<&ClockState> = pack
            .clocks
            .iter()
            .filter(|r| matches!(r.met_by, Milestone::Responded | Milestone::DecisionNotified))
            .filter_map(|r| clocks.iter().find(|c| c.code == r.code))
            .collect();
        if met_by_response.is_empty() {
            return Ok(None);
        }
        let breached = crate::domain::deadline::ClockStateKind::Breached;
        Ok(Some(met_by_response.iter().all(|c| c.state != breached && c.previous.iter().all(|p| p.state != breached))))
    }

    /// Recomputes and stores a case's clock summary inside the write that changed it.
    pub(super) fn refresh_due(&self, lifecycle: &crate::domain::lifecycle::Lifecycle, tx: &dyn Db, id: i64, now: DateTime<Utc>) -> DeskResult<DueSummary> {
        let case = cases::get(tx, id)?.ok_or_else(|| DeskError::not_found("该案件"))?;
        let events = events::for_case(tx, id)?;
        // Never before the case's last event: a computer clock set back must not end its clocks.
        let now = events.iter().map(|e| e.at).max().map_or(now, |last| last.max(now));
        let (clocks, pack) = self.try_clocks_of(&case, &events, now)?;
        let summary = if lifecycle.is_open(&case.status) || !clocks.is_empty() {
            summarize(&clocks, pack.and_then(|p| p.escalation), now)
        } else {
            DueSummary::done()
        };
        // The level already alerted belongs to the clock runs it was recorded for. A clock that
        // started again or was extended may warn and breach anew: the record comes down to where
        // the new runs stand. The same runs under new rules (a holiday year, the zone, a service
        // time) never bring it down, so each breach step escalates once however its due moves.
        let (alerted, runs) = cases::alerted(tx, id)?;
        let level = summary.level();
        let alerted = match runs {
            Some(runs) if runs == summary.runs => alerted,
            Some(_) => {
                let lowered = alerted.min(level);
                cases::set_alerted(tx, id, lowered, &summary.runs)?;
                lowered
            }
            None => {
                cases::set_alerted(tx, id, alerted, &summary.runs)?;
                alerted
            }
        };
        // A level above the one already alerted (a back-dated case that is overdue on arrival, say)
        // is the watcher's business at once.
        let next_check = if level > alerted { Some(now) } else { summary.next_check_at };
        cases::set_due(tx, id, &DueSummary { next_check_at: next_check, ..summary.clone() })?;
        Ok(summary)
    }
}

impl Desk {
    /// The rule packs an admin can read and a case can carry.
    pub fn rule_packs(&self) -> Vec<RulePack> {
        self.deadlines().packs.clone()
    }

    /// Records an approved extension; the engine refuses a step out of order, a second step
    /// without approver or notice, or one after the clock ran out, and then nothing is written.
    #[instrument(skip_all, fields(actor, case_id = id, step = input.step))]
    pub fn approve_extension(&self, actor: i64, id: i64, input: &ExtensionInput, now: DateTime<Utc>) -> DeskResult<CaseDetail> {
        let user = self.actor(actor)?;
        if !user.roles.contains(&Role::Supervisor) {
            return Err(DeskError::new(ErrorCode::RoleNotAllowed, "批准延期需要主管角色").rule("role.extension"));
        }
        let case = self.load(id)?;
        if !self.lifecycle.is_open(&case.status) {
            return Err(DeskError::new(ErrorCode::TransitionNotAllowed, "已结束的案件不能延期").rule("extension.open_only"));
        }
        let pack = self.deadlines().pack_of(&case).ok_or_else(|| DeskError::not_found("该案件的时限规则"))?.clone();
        let trimmed = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let event = ClockEvent::ExtensionApproved {
            at: now,
            step: input.step,
            approver: trimmed(&input.approver),
            customer_notified: input.customer_notified.unwrap_or(false),
            reason: trimmed(&input.reason),
            clock: trimmed(&input.clock),
        };
        let history = events::for_case(self.store.db(), id)?;
        let mut feed = clock_events(&case, &history, &pack);
        feed.push(event.clone());
        validate_events(&pack, &feed, &self.deadlines().calendar, self.deadlines().zone, now)?;
        let after = serde_json::to_value(&event).map_err(|e| DeskError::storage(e.to_string()))?;
        self.store.write(|tx| {
            events::append(
                tx,
                &NewEvent {
                    action: Some("extension"),
                    after: Some(after.clone()),
                    note: trimmed(&input.reason).as_deref(),
                    ..NewEvent::new(id, now, Some(user.id), Role::Supervisor, EventKind::Extension)
                },
            )?;
            self.deadlines().refresh_due(&self.lifecycle, tx, id, now)
        })?;
        self.case_detail_at(actor, id, now)
    }

    /// A handler (on their own case) or a supervisor asks for an extension with a reason; it shows
    /// on the case until a supervisor approves one.
    #[instrument(skip_all, fields(actor, case_id = id, step = input.step))]
    pub fn request_extension(&self, actor: i64, id: i64, input: &ExtensionRequestInput, now: DateTime<Utc>) -> DeskResult<CaseDetail> {
        let detail = self.case_detail_at(actor, id, now)?;
        if !detail.can_request_extension {
            return Err(DeskError::new(ErrorCode::RoleNotAllowed, "只有本案的处理人或主管，在时限可以延期时，才能申请延期").rule("extension.request"));
        }
        let reason = input.reason.trim();
        if reason.is_empty() {
            return Err(DeskError::required("reason", "申请延期的理由"));
        }
        if reason.chars().count() > 2000 {
            return Err(DeskError::invalid("reason", "理由最多 2000 字").rule("text.max_length"));
        }
        let user = self.actor(actor)?;
        let role = if user.roles.contains(&Role::Handler) && detail.case.handler_id == Some(user.id) { Role::Handler } else { Role::Supervisor };
        self.store.write(|tx| {
            events::append(
                tx,
                &NewEvent {
                    action: Some("extension_request"),
                    after: Some(serde_json::json!({ "step": input.step, "reason": reason })),
                    note: Some(reason),
                    ..NewEvent::new(id, now, Some(user.id), role, EventKind::ExtensionRequest)
                },
            )
        })?;
        self.case_detail_at(actor, id, now)
    }

    /// The watcher's work at `now`: every case whose clocks crossed 75%, 90% or their due time
    /// since the last look (the laptop may have been off) gets its summary updated; a new warning
    /// or breach is recorded on the timeline, and a breach raises the escalation level by one,
    /// and again at each further step overdue the pack's `[escalation]` sets (up to level 3).
    /// Each breach step escalates once: the level recorded is not lowered by a recomputation.
    /// Only cases the index says are due for a look are read, at most `limit` per call (one
    /// transaction), so the caller can let go of the desk between batches; `more` says whether
    /// another call has work.
    #[instrument(skip_all)]
    pub fn tick(&self, now: DateTime<Utc>, limit: usize) -> DeskResult<TickReport> {
        let mut open = self.lifecycle.statuses_of(crate::domain::lifecycle::StatusKind::Initial);
        open.extend(self.lifecycle.statuses_of(crate::domain::lifecycle::StatusKind::Active));
        let mut alerts = Vec::new();
        let ids = cases::due_for_check(self.store.db(), now, &open, limit.max(1))?;
        let checked = ids.len();
        {
            let batch = self.store.write(|tx| {
                let mut found = Vec::new();
                for id in &cases::claim_for_check(tx, &ids)? {
                    let new = self.deadlines().refresh_due(&self.lifecycle, tx, *id, now)?;
                    let (alerted, _) = cases::alerted(tx, *id)?;
                    let Some(case) = cases::get(tx, *id)? else { continue };
                    let level = new.level();
                    if level <= alerted {
                        continue;
                    }
                    cases::set_alerted(tx, *id, level, &new.runs)?;
                    // The summary asked for an immediate look; the next one is the clocks' own.
                    cases::set_due(tx, *id, &new)?;
                    let breach = level >= BREACH_LEVEL;
                    // Breach steps reached since the last look (a laptop off for days may pass several).
                    let steps = if breach { level - alerted.max(BREACH_LEVEL - 1) } else { 0 };
                    let escalation = (u32::from(case.escalation) + steps).min(3) as u8;
                    let mut after = serde_json::json!({ "level": level, "due_at": new.due_at });
                    if breach {
                        after["step"] = serde_json::json!(new.breach_step);
                        after["overdue_ms"] = serde_json::json!(new.due_at.map(|d| (now - d).num_milliseconds()));
                    }
                    if escalation > case.escalation {
                        let mut raised = case.clone();
                        raised.escalation = escalation;
                        cases::save(tx, &raised, case.version)?;
                        after["escalation"] = serde_json::json!(escalation);
                    }
                    events::append(
                        tx,
                        &NewEvent {
                            action: Some(if breach { "breached" } else { "warning" }),
                            before: Some(serde_json::json!({ "escalation": case.escalation })),
                            after: Some(after),
                            ..NewEvent::new(*id, now, None, Role::System, EventKind::Deadline)
                        },
                    )?;
                    found.push(DeadlineAlert {
                        case_id: *id,
                        number: case.number,
                        subject: case.subject,
                        level,
                        breach_step: new.breach_step,
                        escalation,
                        due_at: new.due_at,
                    });
                }
                Ok(found)
            })?;
            alerts.extend(batch);
        }
        Ok(TickReport { alerts, checked, more: checked >= limit.max(1) })
    }

    /// The deadline alerts recorded after event `after` by any desk of the team's watchers that
    /// concern `viewer`, for the desktop notification on whichever laptop they are signed in:
    /// the cases they handle, and every case for a supervisor. Returns them with the event id to
    /// ask after next time (the newest event's at the first call, `after` = `None`, so nothing
    /// old pops up at sign-in).
    pub fn alerts_for(&self, viewer: i64, after: Option<i64>) -> DeskResult<(Vec<DeadlineAlert>, i64)> {
        let db = self.store.db();
        let Some(after) = after else {
            return Ok((Vec::new(), events::last_id(db)?));
        };
        let user = self.actor(viewer)?;
        let supervises = user.roles.contains(&Role::Supervisor);
        let records = events::deadlines_after(db, after, 500)?;
        let next = records.last().map_or(after, |r| r.event_id);
        let alerts = records
            .into_iter()
            .filter(|r| supervises || r.handler_id == Some(user.id))
            .map(|r| {
                let at = |k: &str| r.after.get(k).and_then(serde_json::Value::as_i64);
                DeadlineAlert {
                    case_id: r.case_id,
                    number: r.number,
                    subject: r.subject,
                    level: at("level").unwrap_or(0) as u32,
                    breach_step: at("step").unwrap_or(0) as u8,
                    escalation: at("escalation").unwrap_or(r.escalation) as u8,
                    due_at: r.after.get("due_at").and_then(|d| serde_json::from_value(d.clone()).ok()),
                }
            })
            .collect();
        Ok((alerts, next))
    }

    /// Changes a property service time (e.g. the 24-hour reply) for this desk. Property packs only:
    /// the regulators' packs are law, not policy. Open cases' deadlines are recomputed.
    #[instrument(skip_all, fields(actor, pack = %pack, clock = %clock, length))]
    pub fn set_service_time(&self, actor: i64, pack: &str, clock: &str, length: u32, now: DateTime<Utc>) -> DeskResult<RulePack> {
        let user = self.actor(actor)?;
        if !user.roles.contains(&Role::Admin) {
            return Err(DeskError::new(ErrorCode::RoleNotAllowed, "修改服务时限需要管理员角色").rule("role.service_time"));
        }
        if !self.deadlines().packs.iter().any(|p| p.code == pack && p.editable) {
            return Err(DeskError::invalid("pack", "只能修改本单位自定的服务时限；法规规定的时限不能修改").rule("service_time.property_only"));
        }
        if !(1..=10_000).contains(&length) {
            return Err(DeskError::invalid("length", "时长应在 1 到 10000 之间").rule("service_time.range"));
        }
        let index = self.deadlines().packs.iter().position(|p| p.code == pack).ok_or_else(|| DeskError::not_found(&format!("时限规则“{pack}”")))?;
        if self.deadlines().packs[index].clock(clock).is_none() {
            return Err(DeskError::invalid("clock", format!("“{pack}”里没有时限“{clock}”")).rule("service_time.clock"));
        }
        let mut overrides = service_times(self.store.db())?;
        overrides.insert(format!("{pack}/{clock}"), length);
        let text = serde_json::to_string(&overrides).map_err(|e| DeskError::storage(e.to_string()))?;
        let open = self.open_statuses();
        self.store.write(|tx| {
            crate::store::meta::set(tx, "service_times", &text)?;
            cases::check_all_at(tx, &open, now)?;
            Ok(())
        })?;
        self.change_deadlines(|d| apply_service_times(&mut d.packs, &overrides));
        Ok(self.deadlines().packs[index].clone())
    }

    /// Sets the zone the desk counts its days in (admin); packs with their own zone keep it.
    /// Open cases' deadlines are recomputed.
    #[instrument(skip_all, fields(actor))]
    pub fn set_desk_zone(&self, actor: i64, zone: &str, now: DateTime<Utc>) -> DeskResult<String> {
        let user = self.actor(actor)?;
        if !user.roles.contains(&Role::Admin) {
            return Err(DeskError::new(ErrorCode::RoleNotAllowed, "修改时区需要管理员角色").rule("role.desk_zone"));
        }
        let tz = crate::domain::deadline::parse_zone(zone)?;
        let open = self.open_statuses();
        self.store.write(|tx| {
            crate::store::meta::set(tx, "desk_zone", tz.name())?;
            cases::check_all_at(tx, &open, now)?;
            Ok(())
        })?;
        self.change_deadlines(|d| d.zone = tz);
        // The marker says in which zone the backups are named, for a desk that cannot open.
        self.write_marker(now)?;
        Ok(tz.name().to_string())
    }

    /// The holiday years in use (shipped and imported).
    pub fn calendar_years(&self) -> Vec<CalendarYearSummary> {
        self.deadlines().calendar.years()
    }

    /// Imports a holiday calendar file (holiday-cn JSON or iCalendar); a bad file is refused with
    /// the line and reason and the calendar in use is untouched.
    #[instrument(skip_all, fields(actor))]
    pub fn import_calendar(&self, actor: i64, text: &str, now: DateTime<Utc>) -> DeskResult<Vec<CalendarYearSummary>> {
        let user = self.actor(actor)?;
        if !user.roles.contains(&Role::Admin) {
            return Err(DeskError::new(ErrorCode::RoleNotAllowed, "导入节假日需要管理员角色").rule("role.calendar"));
        }
        let file = crate::domain::deadline::CalendarFile::parse(text)?;
        let updated = self.deadlines().calendar.with_years(file.years.clone())?;
        let open = self.open_statuses();
        self.store.write(|tx| {
            for y in &file.years {
                calendars::put(tx, y, user.id, now.timestamp_millis())?;
            }
            // Due dates of open cases may move with the new days off: the watcher recomputes them.
            cases::check_all_at(tx, &open, now)?;
            Ok(())
        })?;
        self.change_deadlines(|d| d.calendar = updated);
        Ok(self.deadlines().calendar.years())
    }
}

/// The desk's own property service times, `pack/clock` → length in the clock's unit.
pub(super) fn service_times(conn: &dyn Db) -> DeskResult<std::collections::BTreeMap<String, u32>> {
    match crate::store::meta::get(conn, "service_times")? {
        Some(text) => serde_json::from_str(&text).map_err(|e| DeskError::storage(format!("服务时限设置已损坏：{e}"))),
        None => Ok(Default::default()),
    }
}

/// Puts the desk's service times into the packs.
pub(super) fn apply_service_times(packs: &mut [RulePack], overrides: &std::collections::BTreeMap<String, u32>) {
    for pack in packs.iter_mut() {
        for clock in pack.clocks.iter_mut() {
            if let Some(length) = overrides.get(&format!("{}/{}", pack.code, clock.code)) {
                clock.length = *length;
            }
        }
    }
}

/// Whether some running (or paused) clock of the pack still has an extension step left.
pub(super) fn extendable(clocks: &[ClockState], pack: Option<&RulePack>) -> bool {
    let Some(pack) = pack else { return false };
    clocks.iter().any(|c| {
        matches!(c.state, crate::domain::deadline::ClockStateKind::Running | crate::domain::deadline::ClockStateKind::Paused)
            && pack.clock(&c.code).is_some_and(|rule| rule.extensions.iter().any(|e| e.step > c.extension_step))
    })
}

/// The last extension request not followed by an approval.
pub(super) fn pending_extension(events: &[Event]) -> Option<PendingExtension> {
    let last_request = events.iter().rposition(|e| e.kind == EventKind::ExtensionRequest)?;
    if events[last_request..].iter().any(|e| e.kind == EventKind::Extension) {
        return None;
    }
    let e = &events[last_request];
    let after = e.after.as_ref()?;
    Some(PendingExtension {
        step: after.get("step").and_then(|v| v.as_u64()).unwrap_or(1) as u8,
        reason: after.get("reason").and_then(|v| v.as_str()).unwrap_or_default().to_string(),
        requested_by: e.actor_name.clone(),
        at: e.at,
    })
}
