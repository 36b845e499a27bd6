//! From a case and its timeline to the clock engine's events, and from the clocks to the few
//! values the store keeps per case so lists can sort by due time and the watcher can find the
//! cases whose clocks change next without computing them all.
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::engine::{ClockEvent, ClockState, ClockStateKind};
use super::rulepack::{BreachEscalation, Milestone, RulePack, MAX_BREACH_STEPS};
use crate::domain::case::{Case, Event, EventKind};
use crate::domain::types::Urgency;

/// The clock events of a case, in time order, from its stored timeline.
/// A response counts as the decision notice for packs whose clocks are met by one.
pub fn clock_events(case: &Case, events: &[Event], pack: &RulePack) -> Vec<ClockEvent> {
    let decision_pack = pack.clocks.iter().any(|c| c.met_by == Milestone::DecisionNotified);
    let mut out = vec![ClockEvent::Received { at: case.received_at }];
    if case.urgency == Urgency::Urgent {
        out.push(ClockEvent::Urgent { at: case.received_at.max(case.registered_at) });
    }
    let mut dispatched = false;
    for e in events {
        let at = e.at;
        let after = e.after.as_ref();
        let flag = |key: &str| after.and_then(|a| a.get(key)).and_then(|v| v.as_bool()).unwrap_or(false);
        match (e.kind, e.action.as_deref()) {
            (EventKind::Transition, Some("assign")) if !dispatched => {
                dispatched = true;
                out.push(ClockEvent::Dispatched { at });
            }
            (EventKind::Transition, Some("hold")) => out.push(ClockEvent::Paused { at, reason: e.note.clone().unwrap_or_default() }),
            (EventKind::Transition, Some("resume")) => out.push(ClockEvent::Resumed { at }),
            (EventKind::Transition, Some("respond")) | (EventKind::Transition, Some("decide_review")) => {
                if e.action.as_deref() == Some("decide_review") {
                    out.push(ClockEvent::ReviewDecided { at });
                }
                out.push(if decision_pack { ClockEvent::DecisionNotified { at } } else { ClockEvent::Responded { at } });
            }
            (EventKind::Transition, Some("request_review")) => out.push(ClockEvent::ReviewRequested { at }),
            (EventKind::Transition, Some("reopen")) => out.push(ClockEvent::Reopened { at, new_facts: flag("new_facts") }),
            // The follow-up clock is met by reaching the customer, or by closing without a call.
            (EventKind::Followup, _) if flag("reached") => out.push(ClockEvent::FollowedUp { at }),
            (EventKind::Transition, Some("close" | "close_unreachable" | "close_by_supervisor")) => out.push(ClockEvent::FollowedUp { at }),
            (EventKind::Transition, Some("withdraw")) => out.push(ClockEvent::Withdrawn { at }),
            (EventKind::Handling, Some("site_visit")) => out.push(ClockEvent::OnSite { at }),
            (EventKind::Extension, _) => {
                if let Some(ev) = after.and_then(|a| serde_json::from_value::<ClockEvent>(a.clone()).ok()) {
                    out.push(ev);
                }
            }
            _ => {}
        }
    }
    // The engine wants time order; a back-dated receipt stays first.
    out[1..].sort_by_key(ClockEvent::at);
    out
}

/// Where a case's clocks stand, in one word, for lists and queues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DueState {
    /// Every clock met, stopped or ended.
    Done,
    Paused,
    Running,
    /// 75% or more of a clock's time is used.
    Warning,
    /// A clock ran out.
    Breached,
}

impl DueState {
    pub fn code(self) -> &'static str {
        match self {
            DueState::Done => "done",
            DueState::Paused => "paused",
            DueState::Running => "running",
            DueState::Warning => "warning",
            DueState::Breached => "breached",
        }
    }

    pub fn parse(code: &str) -> Option<DueState> {
        [DueState::Done, DueState::Paused, DueState::Running, DueState::Warning, DueState::Breached].into_iter().find(|s| s.code() == code)
    }
}

/// What the store keeps per case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueSummary {
    /// The earliest due instant of the desk's own running or paused clocks.
    pub due_at: Option<DateTime<Utc>>,
    pub state: DueState,
    /// The highest warning (75, 90) among running clocks.
    pub warning: Option<u32>,
    /// The next instant at which a running clock crosses 75%, 90% or its due time.
    pub next_check_at: Option<DateTime<Utc>>,
    /// A date behind `due_at` was counted without holiday data (weekends only).
    pub estimated: bool,
    /// How far a breach has aged, by the pack's escalation rule: 1 at the breach, one more each
    /// further step overdue, at most [`MAX_BREACH_STEPS`]; 0 when nothing is overdue.
    pub breach_step: u8,
    /// Which runs of the desk's own clocks these are (`code@start+extension step`, joined). A
    /// clock that starts again or is extended gives a new key; new rules for the same runs (a
    /// holiday year, the desk's zone, a service time) do not. Alerts are recorded per key.
    pub runs: String,
}

impl DueSummary {
    /// Nothing to watch: no clock of the desk's is running.
    pub fn done() -> DueSummary {
        DueSummary { due_at: None, state: DueState::Done, warning: None, next_check_at: None, estimated: false, breach_step: 0, runs: String::new() }
    }

    /// The alert level this summary stands at: 100 for a breach, 101 and 102 for the further
    /// steps as it ages, else the warning (75, 90) or 0.
    pub fn level(&self) -> u32 {
        if self.state == DueState::Breached {
            99 + u32::from(self.breach_step.max(1))
        } else {
            self.warning.unwrap_or(0)
        }
    }
}

/// Sums up the clocks of a case at `now`, with the pack's rule for escalating an ageing breach.
/// Customer windows (review request) do not count: they are the customer's time, not the desk's.
pub fn summarize(clocks: &[ClockState], escalation: Option<BreachEscalation>, now: DateTime<Utc>) -> DueSummary {
    let own: Vec<&ClockState> = clocks.iter().filter(|c| !c.window).collect();
    // Overdue clocks that are still open count too, so overdue cases sort by when they fell due.
    let live = |c: &&&ClockState| {
        matches!(c.state, ClockStateKind::Running | ClockStateKind::Paused) || (c.state == ClockStateKind::Breached && c.ended_at.is_none())
    };
    let due_at = own.iter().filter(live).map(|c| c.due).min();
    let estimated = own.iter().filter(live).any(|c| c.estimated);
    let warning = own.iter().filter(|c| c.state == ClockStateKind::Running).filter_map(|c| c.warning).max();
    let state = if own.iter().any(|c| c.state == ClockStateKind::Breached && c.ended_at.is_none()) {
        DueState::Breached
    } else if warning.is_some() {
        DueState::Warning
    } else if own.iter().any(|c| c.state == ClockStateKind::Running) {
        DueState::Running
    } else if own.iter().any(|c| c.state == ClockStateKind::Paused) {
        DueState::Paused
    } else {
        DueState::Done
    };
    // The breach that has aged most (the earliest due of the open ones) sets the step.
    let overdue_since = own.iter().filter(|c| c.state == ClockStateKind::Breached && c.ended_at.is_none()).map(|c| c.due).min();
    let breach_step = match (overdue_since, escalation) {
        (None, _) => 0,
        (Some(_), None) => 1,
        (Some(due), Some(rule)) => {
            let span = rule.span().num_milliseconds().max(1);
            let aged = ((now - due).num_milliseconds().max(0) / span).min(i64::from(MAX_BREACH_STEPS - 1));
            1 + aged as u8
        }
    };
    let next_step_at = match (overdue_since, escalation) {
        (Some(due), Some(rule)) if breach_step < MAX_BREACH_STEPS => Some(due + rule.span() * i32::from(breach_step)),
        _ => None,
    };
    let next_check_at = own
        .iter()
        .filter(|c| c.state == ClockStateKind::Running)
        .flat_map(|c| {
            let span = c.due - c.start - Duration::milliseconds(c.paused_ms);
            [75, 90, 100].map(|p| c.start + Duration::milliseconds(c.paused_ms) + span * p / 100)
        })
        .chain(next_step_at)
        .filter(|t| *t > now)
        .min();
    let runs = own.iter().map(|c| format!("{}@{}+{}", c.code, c.start.timestamp_millis(), c.extension_step)).collect::<Vec<_>>().join(",");
    DueSummary { due_at, state, warning, next_check_at, estimated, breach_step, runs }
}
