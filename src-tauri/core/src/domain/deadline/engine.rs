//! The clock engine: a case's events in, the state of each clock of its rule pack out.
//! Pure: no IO, and `now` is a value passed in.
//!
//! Counting (SPEC §5, civil-code style):
//! - The day of receipt is not counted. A day clock's **target date** is the receipt date (in the
//!   pack's zone, else the desk's) plus N natural days, 7·N for weeks, or the N-th working day
//!   after it for working days; plus the time paused, if any.
//! - A day deadline ends at 24:00 of its last day.
//! - The **latest legal date** is the target date, moved forward to the next working day when it
//!   is a weekend or statutory day off (only for packs counting with the Chinese calendar; a
//!   调休 make-up day is a working day and does not move).
//! - The **due** instant is 24:00 at the end of the latest legal date, plus the whole length of
//!   the pauses; hour and minute clocks are due at the start instant plus their length on the
//!   wall clock, plus the pauses.
//! - A clock is `estimated` when a date it consulted falls in a year the calendar has no data for
//!   (weekends only were known).
//! - A clock that starts again (new facts, a reopen, its start milestone a second time) counts
//!   from that instant with its original length; the run before is kept as a [`PreviousRun`].
use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::calendar::Calendar;
use super::rulepack::{ClockRule, ClockUnit, Condition, CountingCalendar, Milestone, Restart, RulePack};
use crate::domain::error::{DeskError, DeskResult, ErrorCode};

/// The desk's zone unless the settings say otherwise.
pub const DEFAULT_DESK_ZONE: Tz = chrono_tz::Asia::Shanghai;

/// Warnings before a breach, as a share of the time used (SPEC §5).
const WARNINGS: [u32; 2] = [90, 75];

/// Something that happened to a case and matters to its clocks, at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ClockEvent {
    /// The organisation received the complaint. Exactly once, first.
    Received { at: DateTime<Utc> },
    /// The case is (or became) urgent: clocks with `applies_when = "urgent"` start.
    Urgent { at: DateTime<Utc> },
    /// The case was dispatched to a department and handler.
    Dispatched { at: DateTime<Utc> },
    /// Someone arrived on site.
    OnSite { at: DateTime<Utc> },
    /// The fault was fixed.
    Fixed { at: DateTime<Utc> },
    /// The case was put on hold (e.g. external appraisal); pausable clocks stop until resumed.
    Paused { at: DateTime<Utc>, reason: String },
    Resumed { at: DateTime<Utc> },
    /// An extension step was approved for a clock (the pack's only extendable clock unless named).
    ExtensionApproved {
        at: DateTime<Utc>,
        step: u8,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        approver: Option<String>,
        #[serde(default)]
        customer_notified: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        reason: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        clock: Option<String>,
    },
    /// New facts or reasons arrived: clocks that restart on `new_facts` start again from here.
    NewFacts { at: DateTime<Utc> },
    /// The case was reopened (重新处理) after an unsatisfied follow-up call, or on new facts
    /// (`new_facts`): clocks that restart on `reopen` (and, with new facts, on `new_facts`)
    /// start again from here.
    Reopened {
        at: DateTime<Utc>,
        #[serde(default)]
        new_facts: bool,
    },
    /// The decision notice was sent. It is also a response.
    DecisionNotified { at: DateTime<Utc> },
    ReviewRequested { at: DateTime<Utc> },
    ReviewDecided { at: DateTime<Utc> },
    /// The customer was answered.
    Responded { at: DateTime<Utc> },
    FollowedUp { at: DateTime<Utc> },
    /// The customer withdrew: every running clock stops that day.
    Withdrawn { at: DateTime<Utc> },
}

impl ClockEvent {
    pub fn at(&self) -> DateTime<Utc> {
        use ClockEvent::*;
        match self {
            Received { at } | Urgent { at } | Dispatched { at } | OnSite { at } | Fixed { at } | Paused { at, .. }
            | Resumed { at } | ExtensionApproved { at, .. } | NewFacts { at } | Reopened { at, .. } | DecisionNotified { at }
            | ReviewRequested { at } | ReviewDecided { at } | Responded { at } | FollowedUp { at } | Withdrawn { at } => *at,
        }
    }

    /// The milestones this event is; a decision notice is also a response.
    pub fn milestones(&self) -> &'static [Milestone] {
        use ClockEvent::*;
        match self {
            Received { .. } => &[Milestone::Received],
            Dispatched { .. } => &[Milestone::Dispatched],
            OnSite { .. } => &[Milestone::OnSite],
            Fixed { .. } => &[Milestone::Fixed],
            Responded { .. } => &[Milestone::Responded],
            DecisionNotified { .. } => &[Milestone::DecisionNotified, Milestone::Responded],
            ReviewRequested { .. } => &[Milestone::ReviewRequested],
            ReviewDecided { .. } => &[Milestone::ReviewDecided],
            FollowedUp { .. } => &[Milestone::FollowedUp],
            _ => &[],
        }
    }
}

/// Where a clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ClockStateKind {
    /// Started, not yet met, due still ahead.
    Running,
    /// On hold: the due time moves on with the pause.
    Paused,
    /// Met by its event at or before the due time.
    Met,
    /// The due time passed without it (or it was met late).
    Breached,
    /// The customer withdrew before the due time.
    Stopped,
    /// A customer's window that ran out; not a breach by the desk.
    Expired,
}

/// One clock of a case as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClockState {
    pub code: String,
    pub label: String,
    pub label_en: String,
    pub unit: ClockUnit,
    /// The length in force (after extensions), in `unit`.
    pub length: u32,
    pub window: bool,
    pub uncertain: bool,
    /// The IANA zone the dates are in.
    pub zone: String,
    /// When the clock (last) started.
    pub start: DateTime<Utc>,
    /// Receipt date + length (+ pauses): the last day before any move. Day clocks only.
    pub target_date: Option<NaiveDate>,
    /// The target date moved off a rest day to the next working day. Day clocks only.
    pub latest_date: Option<NaiveDate>,
    /// The instant the clock runs out.
    pub due: DateTime<Utc>,
    /// Milliseconds from now to due (negative when overdue), while the clock is not finished.
    #[ts(type = "number | null")]
    pub time_left_ms: Option<i64>,
    /// Share of the allowed time used, in whole percent (may pass 100).
    pub percent_used: u32,
    /// 75 or 90 once that share of the time is used by a running or paused clock.
    pub warning: Option<u32>,
    pub state: ClockStateKind,
    /// A date used falls in a year without holiday data: weekends only were counted.
    pub estimated: bool,
    /// The extension step in force (0 = none).
    pub extension_step: u8,
    /// Time spent paused, in milliseconds.
    #[ts(type = "number")]
    pub paused_ms: i64,
    /// When it was met, stopped, or (a window) ran out.
    pub ended_at: Option<DateTime<Utc>>,
    /// How long past its due time a breached clock is: until now while it is open, until it was
    /// met when met late. None unless breached.
    #[ts(type = "number | null")]
    pub overdue_ms: Option<i64>,
    /// The runs before the clock last started again, oldest first: what they came to stays
    /// readable (上次：按时 / 超时).
    pub previous: Vec<PreviousRun>,
}

/// A run of a clock that started again later (a reopen, new facts, a second response).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PreviousRun {
    pub start: DateTime<Utc>,
    /// The due time the run had (after its extensions and pauses).
    pub due: DateTime<Utc>,
    /// Where it stood when the clock started again: `met` (in time), `breached` (met late, or
    /// overdue), `running` or `paused` (started again before its due time), `expired` (a window).
    pub state: ClockStateKind,
    /// When it was met (or a window ran out).
    pub ended_at: Option<DateTime<Utc>>,
    /// How late it was met, or how far overdue it was when it started again. Breached runs only.
    #[ts(type = "number | null")]
    pub overdue_ms: Option<i64>,
    pub extension_step: u8,
    /// When the clock started again.
    pub restarted_at: DateTime<Utc>,
}

/// The dates of one computation of a clock.
#[derive(Debug, Clone, Copy)]
struct Due {
    target: Option<NaiveDate>,
    latest: Option<NaiveDate>,
    due: DateTime<Utc>,
    /// The pause time included in `due`.
    paused: Duration,
    estimated: bool,
}

/// 24:00 at the end of `date` in `tz`, as an instant.
fn day_end(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let next = date.succ_opt().unwrap_or(date).and_hms_opt(0, 0, 0).expect("midnight exists");
    let mut local = next;
    // A zone whose clocks jump over midnight: the day ends when the next one begins.
    for _ in 0..4 {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(earliest, _) => return earliest.with_timezone(&Utc),
            LocalResult::None => local += Duration::minutes(30),
        }
    }
    Utc.from_utc_datetime(&next)
}

fn local_date(t: DateTime<Utc>, tz: Tz) -> NaiveDate {
    t.with_timezone(&tz).date_naive()
}

struct Counter<'a> {
    calendar: &'a Calendar,
    cn: bool,
    tz: Tz,
}

impl Counter<'_> {
    fn working(&self, date: NaiveDate, estimated: &mut bool) -> bool {
        if !self.calendar.has_data(date.year()) {
            *estimated = true;
        }
        self.calendar.is_working_day(date)
    }

    fn next_working(&self, mut date: NaiveDate, estimated: &mut bool) -> NaiveDate {
        // Bounded: no calendar rests for a year on end.
        for _ in 0..366 {
            if self.working(date, estimated) {
                break;
            }
            date = date.succ_opt().unwrap_or(date);
        }
        date
    }

    fn due(&self, unit: ClockUnit, length: u32, start: DateTime<Utc>, paused: Duration) -> Due {
        let n = i64::from(length);
        let wall = |span: Duration| Due { target: None, latest: None, due: start + span + paused, paused, estimated: false };
        let mut estimated = false;
        let receipt = local_date(start, self.tz);
        let target = match unit {
            ClockUnit::Hours => return wall(Duration::hours(n)),
            ClockUnit::Minutes => return wall(Duration::minutes(n)),
            ClockUnit::NaturalDays => receipt + Duration::days(n),
            ClockUnit::Weeks => receipt + Duration::days(7 * n),
            ClockUnit::WorkingDays => {
                let mut d = receipt;
                for _ in 0..length {
                    d = self.next_working(d.succ_opt().unwrap_or(d), &mut estimated);
                }
                d
            }
        };
        let unrolled = day_end(target, self.tz) + paused;
        let last = local_date(unrolled - Duration::milliseconds(1), self.tz);
        if !self.cn {
            return Due { target: Some(last), latest: Some(last), due: unrolled, paused, estimated: false };
        }
        let latest = self.next_working(last, &mut estimated);
        let due = if latest == last { unrolled } else { day_end(latest, self.tz) };
        Due { target: Some(last), latest: Some(latest), due, paused, estimated }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Met,
    Stopped,
    Expired,
}

struct Run<'p> {
    rule: &'p ClockRule,
    start: Option<DateTime<Utc>>,
    length: u32,
    step: u8,
    paused: Duration,
    pause_since: Option<DateTime<Utc>>,
    /// The due time as it stood when the clock was breached; nothing moves it after that.
    breach: Option<Due>,
    end: Option<(End, DateTime<Utc>)>,
    /// Earlier runs, kept when the clock started again.
    previous: Vec<PreviousRun>,
}

impl<'p> Run<'p> {
    fn active(&self) -> bool {
        self.start.is_some() && self.end.is_none()
    }

    fn paused_until(&self, t: DateTime<Utc>) -> Duration {
        self.paused + self.pause_since.map_or(Duration::zero(), |s| t - s)
    }

    fn due_at(&self, counter: &Counter<'_>, t: DateTime<Utc>) -> Due {
        if let Some(d) = self.breach {
            return d;
        }
        let start = self.start.expect("only started clocks have a due time");
        counter.due(self.rule.unit, self.length, start, self.paused_until(t))
    }

    fn kind(&self) -> ClockStateKind {
        match (self.breach.is_some(), self.end.map(|(e, _)| e)) {
            (true, _) => ClockStateKind::Breached,
            (false, Some(End::Met)) => ClockStateKind::Met,
            (false, Some(End::Stopped)) => ClockStateKind::Stopped,
            (false, Some(End::Expired)) => ClockStateKind::Expired,
            (false, None) if self.pause_since.is_some() => ClockStateKind::Paused,
            (false, None) => ClockStateKind::Running,
        }
    }

    /// How far past the due time a breached run is at `at`.
    fn overdue_at(&self, at: DateTime<Utc>) -> Option<i64> {
        self.breach.map(|b| (at - b.due).num_milliseconds())
    }

    /// (Re)starts the clock at `t`; a run already under way is kept as a [`PreviousRun`] first.
    fn begin(&mut self, counter: &Counter<'_>, t: DateTime<Utc>, case_paused: bool) {
        if let Some(start) = self.start.filter(|s| *s < t) {
            let at = self.end.map_or(t, |(_, e)| e);
            self.previous.push(PreviousRun {
                start,
                due: self.due_at(counter, at).due,
                state: self.kind(),
                ended_at: self.end.map(|(_, e)| e),
                overdue_ms: self.overdue_at(at),
                extension_step: self.step,
                restarted_at: t,
            });
        }
        self.start = Some(t);
        self.length = self.rule.length;
        self.step = 0;
        self.paused = Duration::zero();
        self.pause_since = (case_paused && self.rule.pause).then_some(t);
        self.breach = None;
        self.end = None;
    }

    fn close_pause(&mut self, t: DateTime<Utc>) {
        if let Some(since) = self.pause_since.take() {
            self.paused += t - since;
        }
    }

    fn finish(&mut self, how: End, t: DateTime<Utc>) {
        self.close_pause(t);
        self.end = Some((how, t));
    }
}

fn order_error(i: usize, rule: &str, message: String) -> DeskError {
    DeskError::invalid("events", format!("第 {} 个事件：{message}", i + 1)).rule(format!("events.{rule}"))
}

fn refused(rule: String, message: String) -> DeskError {
    DeskError::new(ErrorCode::ExtensionNotAllowed, message).field("step").rule(rule)
}

fn blank(v: &Option<String>) -> bool {
    v.as_deref().is_none_or(|s| s.trim().is_empty())
}

/// Replays `events` against `pack`; refuses a sequence that breaks a rule.
fn replay<'p>(
    pack: &'p RulePack,
    events: &[ClockEvent],
    counter: &Counter<'_>,
    now: DateTime<Utc>,
) -> DeskResult<Vec<Run<'p>>> {
    let mut runs: Vec<Run<'p>> = pack
        .clocks
        .iter()
        .map(|rule| Run {
            rule,
            start: None,
            length: rule.length,
            step: 0,
            paused: Duration::zero(),
            pause_since: None,
            breach: None,
            end: None,
            previous: Vec::new(),
        })
        .collect();
    let mut case_paused = false;
    let mut urgent = false;
    let mut seen: Vec<Milestone> = Vec::new();
    let mut withdrawn = false;
    if !matches!(events.first(), Some(ClockEvent::Received { .. })) {
        return Err(order_error(0, "received", "第一个事件应当是收到投诉（received）".into()));
    }
    for (i, event) in events.iter().enumerate() {
        let t = event.at();
        if i > 0 && t < events[i - 1].at() {
            return Err(order_error(i, "order", "早于前一个事件，事件应按时间先后排列".into()));
        }
        if t > now {
            return Err(order_error(i, "future", format!("时间 {t} 晚于当前时间 {now}")));
        }
        if withdrawn {
            return Err(order_error(i, "after_withdrawal", "客户已撤诉，之后不应再有事件".into()));
        }
        settle(&mut runs, counter, t);
        match event {
            ClockEvent::Received { .. } if i > 0 => {
                return Err(order_error(i, "received", "收到投诉只能有一次".into()));
            }
            ClockEvent::Paused { reason, .. } => {
                if case_paused {
                    return Err(order_error(i, "pause_twice", "案件已经暂停，不能再次暂停".into()));
                }
                if reason.trim().is_empty() {
                    return Err(DeskError::required("reason", "暂停原因").rule("pause.reason"));
                }
                case_paused = true;
                for run in runs.iter_mut().filter(|r| r.active() && r.rule.pause && r.breach.is_none()) {
                    run.pause_since = Some(t);
                }
            }
            ClockEvent::Resumed { .. } => {
                if !case_paused {
                    return Err(order_error(i, "resume_not_paused", "案件没有暂停，无需恢复".into()));
                }
                case_paused = false;
                for run in &mut runs {
                    run.close_pause(t);
                }
            }
            // Urgency is raised once; a second mark changes nothing.
            ClockEvent::Urgent { .. } if !urgent => {
                urgent = true;
                for run in runs.iter_mut().filter(|r| r.start.is_none() && seen.contains(&r.rule.start)) {
                    run.begin(counter, t, case_paused);
                }
            }
            ClockEvent::NewFacts { .. } => {
                for run in runs.iter_mut().filter(|r| r.start.is_some() && r.rule.restarts_on.contains(&Restart::NewFacts)) {
                    run.begin(counter, t, case_paused);
                }
            }
            ClockEvent::Reopened { new_facts, .. } => {
                let restarts = |rule: &ClockRule| {
                    rule.restarts_on.contains(&Restart::Reopen) || (*new_facts && rule.restarts_on.contains(&Restart::NewFacts))
                };
                for run in runs.iter_mut().filter(|r| r.start.is_some() && restarts(r.rule)) {
                    run.begin(counter, t, case_paused);
                }
            }
            ClockEvent::Withdrawn { .. } => {
                withdrawn = true;
                for run in runs.iter_mut().filter(|r| r.active()) {
                    run.finish(End::Stopped, t);
                }
            }
            ClockEvent::ExtensionApproved { step, approver, customer_notified, reason, clock, .. } => {
                let run = extendable(&mut runs, clock.as_deref())?;
                approve(run, *step, approver, *customer_notified, reason)?;
            }
            _ => {}
        }
        for m in event.milestones() {
            for run in runs.iter_mut().filter(|r| r.active() && r.rule.met_by == *m) {
                run.finish(End::Met, t);
            }
            if !seen.contains(m) {
                seen.push(*m);
            }
            for run in runs.iter_mut().filter(|r| r.rule.start == *m) {
                if run.rule.applies_when != Some(Condition::Urgent) || urgent {
                    run.begin(counter, t, case_paused);
                }
            }
        }
    }
    settle(&mut runs, counter, now);
    Ok(runs)
}

/// Marks the clocks whose due time has passed by `t`: a duty is breached, a window expires.
fn settle(runs: &mut [Run<'_>], counter: &Counter<'_>, t: DateTime<Utc>) {
    for run in runs.iter_mut().filter(|r| r.active() && r.breach.is_none()) {
        let due = run.due_at(counter, t);
        if t > due.due {
            if run.rule.window {
                run.end = Some((End::Expired, due.due));
            } else {
                run.close_pause(t);
                run.breach = Some(due);
            }
        }
    }
}

fn extendable<'r, 'p>(runs: &'r mut [Run<'p>], clock: Option<&str>) -> DeskResult<&'r mut Run<'p>> {
    let index = match clock {
        Some(code) => runs.iter().position(|r| r.rule.code == code).ok_or_else(|| {
            DeskError::invalid("clock", format!("规则包里没有时限“{code}”")).rule("extension.clock")
        })?,
        None => {
            // The extendable clock that is running, when there is one; else all that could be.
            let extendable: Vec<usize> = (0..runs.len()).filter(|i| !runs[*i].rule.extensions.is_empty()).collect();
            let running: Vec<usize> = extendable.iter().copied().filter(|i| runs[*i].active()).collect();
            let found = if running.len() == 1 { running } else { extendable };
            match found.as_slice() {
                [one] => *one,
                [] => return Err(refused("extension.none".into(), "本规则包的时限都不能延期".into())),
                _ => {
                    return Err(DeskError::required("clock", "要延期的时限").rule("extension.clock"));
                }
            }
        }
    };
    Ok(&mut runs[index])
}

fn approve(
    run: &mut Run<'_>,
    step: u8,
    approver: &Option<String>,
    customer_notified: bool,
    reason: &Option<String>,
) -> DeskResult<()> {
    let rule = run.rule;
    let label = &rule.label;
    if rule.extensions.is_empty() {
        return Err(refused("extension.none".into(), format!("“{label}”不能延期")));
    }
    if !run.active() {
        return Err(refused("extension.not_running".into(), format!("“{label}”没有在计时，不能延期")));
    }
    let Some(def) = rule.extensions.iter().find(|e| e.step == step) else {
        return Err(refused("extension.step".into(), format!("“{label}”没有第 {step} 步延期")));
    };
    if step != run.step + 1 {
        let message = if step <= run.step {
            format!("“{label}”的第 {step} 步延期已经批准过")
        } else {
            format!("“{label}”须先批准第 {} 步延期，才能批准第 {step} 步", run.step + 1)
        };
        return Err(refused(format!("extension.{step}.order"), message));
    }
    if def.needs_approver && blank(approver) {
        return Err(DeskError::required("approver", "批准人（上级机构或总部负责人）").rule(format!("extension.{step}.approver")));
    }
    if def.needs_notice && !customer_notified {
        return Err(DeskError::required("customer_notified", "已告知客户延期").rule(format!("extension.{step}.notice")));
    }
    if def.needs_reason && blank(reason) {
        return Err(DeskError::required("reason", "延期理由").rule(format!("extension.{step}.reason")));
    }
    if run.breach.is_some() {
        return Err(refused(format!("extension.{step}.after_due"), format!("“{label}”已经超时，不能再延期")));
    }
    run.length = def.total;
    run.step = step;
    Ok(())
}

fn counter<'a>(pack: &RulePack, calendar: &'a Calendar, desk_zone: Tz) -> Counter<'a> {
    Counter { calendar, cn: pack.calendar == CountingCalendar::Cn, tz: pack.zone_or(desk_zone) }
}

/// Checks a case's events against the pack without computing anything to show: events in time
/// order, received first and once, none after `now` or after a withdrawal, pauses and resumes in
/// turn, and extension steps in order with what each needs on record (approver, customer notice,
/// reason) and before the clock runs out. Call it with the new event appended before storing it.
pub fn validate_events(
    pack: &RulePack,
    events: &[ClockEvent],
    calendar: &Calendar,
    desk_zone: Tz,
    now: DateTime<Utc>,
) -> DeskResult<()> {
    replay(pack, events, &counter(pack, calendar, desk_zone), now).map(|_| ())
}

/// Every started clock of `pack` for a case with these events, at `now`, in the pack's order.
/// Clocks not started yet (no decision yet for a review clock, a case not urgent for an urgent
/// clock) are left out. The events are validated first ([`validate_events`]); a refusal names
/// the rule.
pub fn compute(
    pack: &RulePack,
    events: &[ClockEvent],
    calendar: &Calendar,
    desk_zone: Tz,
    now: DateTime<Utc>,
) -> DeskResult<Vec<ClockState>> {
    let counter = counter(pack, calendar, desk_zone);
    let runs = replay(pack, events, &counter, now)?;
    Ok(runs.iter().filter_map(|run| state(run, &counter, now)).collect())
}

fn state(run: &Run<'_>, counter: &Counter<'_>, now: DateTime<Utc>) -> Option<ClockState> {
    let start = run.start?;
    let at = run.end.map_or(now, |(_, t)| t);
    let due = run.due_at(counter, at);
    let kind = run.kind();
    let allowed = (due.due - start - due.paused).num_milliseconds();
    let used = (at - start - run.paused_until(at)).num_milliseconds().max(0);
    let percent_used = if allowed <= 0 { 100 } else { u32::try_from(used * 100 / allowed).unwrap_or(u32::MAX) };
    let open = run.end.is_none();
    let time_left_ms = open.then(|| (due.due - now).num_milliseconds());
    let warning = match kind {
        ClockStateKind::Running | ClockStateKind::Paused if !run.rule.window => {
            WARNINGS.iter().copied().find(|w| percent_used >= *w)
        }
        _ => None,
    };
    Some(ClockState {
        code: run.rule.code.clone(),
        label: run.rule.label.clone(),
        label_en: run.rule.label_en.clone(),
        unit: run.rule.unit,
        length: run.length,
        window: run.rule.window,
        uncertain: run.rule.uncertain,
        zone: counter.tz.name().to_string(),
        start,
        target_date: due.target,
        latest_date: due.latest,
        due: due.due,
        time_left_ms,
        percent_used,
        warning,
        state: kind,
        estimated: due.estimated,
        extension_step: run.step,
        paused_ms: run.paused_until(at).num_milliseconds(),
        ended_at: run.end.map(|(_, t)| t),
        overdue_ms: run.overdue_at(at),
        previous: run.previous.clone(),
    })
}
