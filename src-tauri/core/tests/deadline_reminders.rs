//! A reopened case runs its clock again, and reminders before and after a deadline, through the
//! use-cases at fixed instants: the re-handling clock after an unsatisfied follow-up call (the
//! old clock kept readable, the lists and the dashboard counting the new one), the 即将到期 queue
//! of 我的工作, the escalation that rises as a breach ages (once per step, also when a new holiday
//! year moves the due time), and the words of the desktop notification.
mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::{add_user, claim_delay, set_up, step};
use complaintdesk_core::desk::dto::{DeadlineAlert, Locale, WorkQueue};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{CaseInput, CaseQuery, EventKind};
use complaintdesk_core::domain::deadline::feed::DueState;
use complaintdesk_core::domain::deadline::{ClockState, ClockStateKind};
use complaintdesk_core::domain::followup::AttemptInput;
use complaintdesk_core::domain::kpi::KpiFilter;
use complaintdesk_core::domain::lifecycle::StepFields;
use complaintdesk_core::domain::types::{Channel, Claim, ContactMethod, Profile, Role};

/// An instant in Beijing, 2026.
fn bj(month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, hour, minute, 0).unwrap() - Duration::hours(8)
}

fn date(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

struct Team {
    desk: Desk,
    /// Administrator, clerk and supervisor.
    boss: i64,
    handler: i64,
    caller: i64,
    _dir: common::Place,
}

fn team(profile: Profile) -> Team {
    let (mut desk, boss, dir) = set_up(profile, bj(1, 5, 9, 0));
    let handler = add_user(&mut desk, boss, "li", "李工", vec![Role::Handler], bj(1, 5, 9, 0));
    let caller = add_user(&mut desk, boss, "zhao", "赵回访", vec![Role::Followup], bj(1, 5, 9, 0));
    Team { desk, boss, handler, caller, _dir: dir }
}

fn lift(received: DateTime<Utc>) -> CaseInput {
    CaseInput {
        customer_name: Some("陈女士".into()),
        customer_phone: Some("13800138000".into()),
        channel: Some(Channel::Phone),
        received_at: Some(received),
        subject: Some("电梯停运三天无人维修".into()),
        description: Some("3号楼2单元电梯从周五起停运。".into()),
        claim: Some(Claim::Correction),
        category: Some("repair".into()),
        subcategory: Some("repair.elevator".into()),
        project: Some("翠湖花园".into()),
        ..Default::default()
    }
}

fn respond_fields() -> StepFields {
    StepFields {
        facts: Some("核实情况".into()),
        decision_basis: Some("合同约定".into()),
        outcome: Some("已处理".into()),
        notice_method: Some(ContactMethod::Phone),
        ..Default::default()
    }
}

fn unsatisfied() -> AttemptInput {
    AttemptInput { method: Some(ContactMethod::Phone), reached: true, satisfaction: Some(1), solved: Some(false), duration_minutes: Some(4), ..Default::default() }
}

impl Team {
    /// Registered, accepted, assigned to 李工 and started at `at`.
    fn handled(&mut self, input: &CaseInput, at: DateTime<Utc>, department: &str) -> i64 {
        let id = self.desk.create_case(self.boss, input, at).unwrap().case.id;
        self.desk.move_case(self.boss, id, &step("accept", StepFields::default()), at).unwrap();
        let assign = StepFields { department: Some(department.into()), handler_id: Some(self.handler), ..Default::default() };
        self.desk.move_case(self.boss, id, &step("assign", assign), at).unwrap();
        self.desk.move_case(self.handler, id, &step("start", StepFields::default()), at).unwrap();
        id
    }

    fn row_due(&self, id: i64) -> (Option<DateTime<Utc>>, Option<DueState>) {
        let page = self.desk.list_cases(self.boss, &CaseQuery::default()).unwrap();
        let row = page.rows.into_iter().find(|r| r.id == id).expect("the case is listed");
        (row.due_at, row.due_state)
    }

    fn queue(&self, user: i64, key: &str, at: DateTime<Utc>) -> Option<WorkQueue> {
        self.desk.my_work(user, at).unwrap().into_iter().find(|q| q.key == key)
    }

    fn queue_ids(&self, user: i64, key: &str, at: DateTime<Utc>) -> Vec<i64> {
        let q = self.queue(user, key, at).unwrap_or_else(|| panic!("the user has the queue {key}"));
        self.desk.list_cases(user, &q.query).unwrap().rows.iter().map(|r| r.id).collect()
    }
}

fn clock<'a>(clocks: &'a [ClockState], code: &str) -> &'a ClockState {
    clocks.iter().find(|c| c.code == code).unwrap_or_else(|| panic!("the clock {code} runs"))
}

on_both_stores! {
#[test]
fn a_case_reopened_after_an_unsatisfied_call_is_due_again_and_its_old_clock_stays_readable() {
    let mut t = team(Profile::Insurance);
    // Received Mon 2 March 10:00: the decision is due by 17 March 24:00; notified on 5 March.
    let id = t.handled(&claim_delay(bj(3, 2, 10, 0)), bj(3, 2, 10, 0), "理赔部");
    let d = t.desk.move_case(t.handler, id, &step("respond", respond_fields()), bj(3, 5, 10, 0)).unwrap();
    assert_eq!(clock(&d.clocks, "decision").state, ClockStateKind::Met, "the first decision was in time");
    assert_eq!(d.case.responded_on_time, Some(true));
    assert_eq!(t.row_due(id), (None, Some(DueState::Done)), "nothing due while waiting for the follow-up call");

    // The customer is not satisfied on 6 March: the case is reopened and decided anew.
    let d = t.desk.record_followup(t.caller, id, &unsatisfied(), bj(3, 6, 10, 0)).unwrap();
    assert_eq!(d.case.status, "reopened");
    let decision = clock(&d.clocks, "decision");
    assert_eq!(decision.state, ClockStateKind::Running, "the decision clock runs again");
    assert_eq!(decision.start, bj(3, 6, 10, 0), "from the reopen");
    assert_eq!(decision.target_date, Some(date(3, 21)), "6 March + 15 = Sat 21 March");
    assert_eq!(decision.latest_date, Some(date(3, 23)), "moved off the weekend to Mon 23 March");
    assert_eq!(decision.previous.len(), 1, "the old clock stays readable");
    let before = &decision.previous[0];
    assert_eq!((before.state, before.due, before.ended_at), (ClockStateKind::Met, bj(3, 18, 0, 0), Some(bj(3, 5, 10, 0))), "上次：按时, due 17 March 24:00");
    assert_eq!(before.overdue_ms, None);

    // The list reads the new clock from the summary the reopen wrote.
    let new_due = bj(3, 24, 0, 0);
    assert_eq!(t.row_due(id), (Some(new_due), Some(DueState::Running)), "listed as running, due 23 March 24:00");
    let running = t.desk.list_cases(t.boss, &CaseQuery { due_states: Some(vec![DueState::Running]), ..Default::default() }).unwrap();
    assert_eq!(running.rows.iter().map(|r| r.id).collect::<Vec<_>>(), vec![id]);

    // 20 March 10:00 is 80% of the new clock (336 of 422 hours): a warning, 即将到期.
    let report = t.desk.tick(bj(3, 20, 10, 0), 100).unwrap();
    assert_eq!(report.alerts.iter().map(|a| (a.case_id, a.level)).collect::<Vec<_>>(), vec![(id, 75)], "the new clock warns at 75%");
    assert_eq!(t.row_due(id), (Some(new_due), Some(DueState::Warning)), "listed as warning");
    assert_eq!(t.queue_ids(t.boss, "supervisor.due_soon", bj(3, 20, 10, 0)), vec![id], "in the supervisor's 即将到期");
    assert_eq!(t.queue_ids(t.handler, "handler.due_soon", bj(3, 20, 10, 0)), vec![id], "and in its handler's");

    // Not decided by 24 March 01:00: the new clock is breached, and the dashboard counts it.
    let report = t.desk.tick(bj(3, 24, 1, 0), 100).unwrap();
    assert_eq!(report.alerts.iter().map(|a| (a.case_id, a.level)).collect::<Vec<_>>(), vec![(id, 100)]);
    let filter = KpiFilter { from: Some(date(3, 1)), to: Some(date(3, 31)), ..Default::default() };
    let board = t.desk.dashboard(t.boss, &filter, bj(3, 24, 1, 0)).unwrap();
    assert_eq!(board.current.overdue_now, 1, "the dashboard's overdue count reads the new clock");
    assert_eq!(t.queue(t.boss, "supervisor.overdue", bj(3, 24, 1, 0)).map(|q| q.count), Some(1));
    assert_eq!(t.queue(t.boss, "supervisor.due_soon", bj(3, 24, 1, 0)).map(|q| q.count), Some(0), "a breached case is no longer due soon");

    // Decided again on 25 March: late. The case's on-time result follows the late decision.
    t.desk.move_case(t.handler, id, &step("start", StepFields::default()), bj(3, 25, 9, 0)).unwrap();
    let d = t.desk.move_case(t.handler, id, &step("respond", respond_fields()), bj(3, 25, 10, 0)).unwrap();
    let decision = clock(&d.clocks, "decision");
    assert_eq!((decision.state, decision.overdue_ms), (ClockStateKind::Breached, Some(34 * 3_600_000)), "met 34 hours late");
    assert_eq!(decision.previous[0].state, ClockStateKind::Met, "the first run still reads 按时");
    assert_eq!(d.case.responded_on_time, Some(false));
}

#[test]
fn a_reopen_never_hides_a_late_first_decision() {
    let mut t = team(Profile::Insurance);
    let id = t.handled(&claim_delay(bj(3, 2, 10, 0)), bj(3, 2, 10, 0), "理赔部");
    // Notified on 19 March 10:00, 34 hours after 17 March 24:00.
    let d = t.desk.move_case(t.handler, id, &step("respond", respond_fields()), bj(3, 19, 10, 0)).unwrap();
    assert_eq!(d.case.responded_on_time, Some(false));
    t.desk.record_followup(t.caller, id, &unsatisfied(), bj(3, 20, 10, 0)).unwrap();
    t.desk.move_case(t.handler, id, &step("start", StepFields::default()), bj(3, 20, 11, 0)).unwrap();
    let d = t.desk.move_case(t.handler, id, &step("respond", respond_fields()), bj(3, 23, 10, 0)).unwrap();
    let decision = clock(&d.clocks, "decision");
    assert_eq!(decision.state, ClockStateKind::Met, "the re-handled decision is in time");
    assert_eq!((decision.previous[0].state, decision.previous[0].overdue_ms), (ClockStateKind::Breached, Some(34 * 3_600_000)), "上次：超时 34 小时");
    assert_eq!(d.case.responded_on_time, Some(false), "the late first decision still counts as late");
}

#[test]
fn a_reopened_property_case_is_answered_again_within_the_reply_time() {
    let mut t = team(Profile::Property);
    let id = t.handled(&lift(bj(3, 2, 10, 0)), bj(3, 2, 10, 0), "工程部");
    t.desk.move_case(t.handler, id, &step("respond", respond_fields()), bj(3, 2, 16, 0)).unwrap();
    // The follow-up clock (48 hours after the response) at 40 hours is due soon for the caller.
    t.desk.tick(bj(3, 4, 8, 0), 100).unwrap();
    assert_eq!(t.queue_ids(t.caller, "followup.due_soon", bj(3, 4, 8, 0)), vec![id], "the follow-up call is due soon");

    let d = t.desk.record_followup(t.caller, id, &unsatisfied(), bj(3, 4, 9, 0)).unwrap();
    assert_eq!(d.case.status, "reopened");
    let reply = clock(&d.clocks, "reply");
    assert_eq!((reply.state, reply.start, reply.due), (ClockStateKind::Running, bj(3, 4, 9, 0), bj(3, 5, 9, 0)), "24 hours from the reopen");
    assert_eq!((reply.previous[0].state, reply.previous[0].due), (ClockStateKind::Met, bj(3, 3, 10, 0)), "上次：按时");
    assert_eq!(t.row_due(id), (Some(bj(3, 5, 9, 0)), Some(DueState::Running)), "the list is due again");
    assert_eq!(t.queue(t.caller, "followup.due_soon", bj(3, 4, 9, 0)).map(|q| q.count), Some(0), "no call is waiting any more");
}

#[test]
fn the_due_soon_queue_holds_the_users_cases_past_75_or_90_percent_and_not_yet_breached() {
    let mut t = team(Profile::Insurance);
    let handler2 = add_user(&mut t.desk, t.boss, "wu", "吴理赔", vec![Role::Handler], bj(1, 5, 9, 0));
    let both = add_user(&mut t.desk, t.boss, "qian", "钱主管", vec![Role::Handler, Role::Supervisor], bj(1, 5, 9, 0));
    let now = bj(3, 2, 10, 0);
    // 15-day decision clocks (374 hours), looked at on Mon 2 March 10:00:
    let mine = t.handled(&claim_delay(bj(2, 17, 10, 0)), now, "理赔部"); // due 4 March 24:00, 83% used
    let nearly = t.desk.create_case(t.boss, &claim_delay(bj(2, 15, 10, 0)), now).unwrap().case.id; // due 2 March 24:00, 96%
    let theirs = t.desk.create_case(t.boss, &claim_delay(bj(2, 16, 10, 0)), now).unwrap().case.id; // due 3 March 24:00, 89%
    t.desk.move_case(t.boss, theirs, &step("accept", StepFields::default()), now).unwrap();
    let assign = StepFields { department: Some("理赔部".into()), handler_id: Some(handler2), ..Default::default() };
    t.desk.move_case(t.boss, theirs, &step("assign", assign), now).unwrap();
    let overdue = t.desk.create_case(t.boss, &claim_delay(bj(2, 10, 10, 0)), now).unwrap().case.id; // due 25 Feb 24:00
    let fresh = t.desk.create_case(t.boss, &claim_delay(bj(3, 1, 10, 0)), now).unwrap().case.id; // 6% used
    t.desk.tick(now, 100).unwrap();

    assert_eq!(t.queue_ids(t.boss, "supervisor.due_soon", now), vec![nearly, theirs, mine], "all open cases past 75%, the earliest due first");
    assert_eq!(t.queue_ids(t.handler, "handler.due_soon", now), vec![mine], "a handler's own cases only");
    assert_eq!(t.queue_ids(handler2, "handler.due_soon", now), vec![theirs]);
    let listed = t.queue_ids(t.boss, "supervisor.due_soon", now);
    assert!(!listed.contains(&overdue) && !listed.contains(&fresh), "not the breached case, nor one with time to spare");
    assert_eq!(t.queue(t.boss, "supervisor.overdue", now).map(|q| q.count), Some(1), "the breached one is overdue instead");

    // A supervisor's queue covers a handler's: one due-soon queue per user, so the badge is a sum.
    let keys: Vec<String> = t.desk.my_work(both, now).unwrap().into_iter().map(|q| q.key).filter(|k| k.ends_with(".due_soon")).collect();
    assert_eq!(keys, vec!["supervisor.due_soon".to_string()], "no second, overlapping due-soon queue");
    let keys: Vec<String> = t.desk.my_work(t.caller, now).unwrap().into_iter().map(|q| q.key).filter(|k| k.ends_with(".due_soon")).collect();
    assert_eq!(keys, vec!["followup.due_soon".to_string()], "a follow-up clerk's concern is the calls waiting");
}

#[test]
fn a_breach_escalates_once_per_step_as_it_ages_and_a_new_holiday_year_does_not_escalate_again() {
    let mut t = team(Profile::Insurance);
    // Received Mon 2 March 10:00: due 17 March 24:00. nfra-2020 escalates each 5 days overdue.
    let id = t.handled(&claim_delay(bj(3, 2, 10, 0)), bj(3, 2, 10, 0), "理赔部");
    let breaches = |t: &Team, at: DateTime<Utc>| -> Vec<(u64, u64)> {
        let d = t.desk.case_detail_at(t.boss, id, at).unwrap();
        d.events
            .iter()
            .filter(|e| e.kind == EventKind::Deadline && e.action.as_deref() == Some("breached"))
            .map(|e| {
                let after = e.after.as_ref().unwrap();
                (after["step"].as_u64().unwrap(), after["escalation"].as_u64().unwrap())
            })
            .collect()
    };
    let tick = |t: &mut Team, at: DateTime<Utc>| -> Vec<(u32, u8, u8)> {
        t.desk.tick(at, 100).unwrap().alerts.iter().filter(|a| a.case_id == id).map(|a| (a.level, a.breach_step, a.escalation)).collect()
    };

    assert_eq!(tick(&mut t, bj(3, 18, 0, 1)), vec![(100, 1, 1)], "one minute overdue: breached, escalation 1");
    assert_eq!(tick(&mut t, bj(3, 22, 23, 59)), vec![], "not yet 5 days overdue");
    assert_eq!(tick(&mut t, bj(3, 23, 0, 0)), vec![(101, 2, 2)], "5 days overdue: escalation 2");

    // An admin corrects 2026: 17 and 18 March become days off. The last day moves to 19 March, so
    // on 24 March the case is only 4½ days overdue: a lower step, which is not alerted again…
    let y2026 = r#"{"year":2026,"days":[{"name":"调休","date":"2026-03-17","isOffDay":true},{"name":"调休","date":"2026-03-18","isOffDay":true}]}"#;
    t.desk.import_calendar(t.boss, y2026, bj(3, 24, 12, 0)).unwrap();
    assert_eq!(tick(&mut t, bj(3, 24, 12, 1)), vec![], "recomputed, nothing to say");
    let d = t.desk.case_detail_at(t.boss, id, bj(3, 24, 12, 1)).unwrap();
    assert_eq!(clock(&d.clocks, "decision").latest_date, Some(date(3, 19)), "the new days off moved the due time");
    assert_eq!(d.case.escalation, 2);
    // …and when the moved due time is 5 days behind again, the step already escalated stays done.
    assert_eq!(tick(&mut t, bj(3, 25, 0, 0)), vec![], "step 2 again: no second escalation");
    assert_eq!(tick(&mut t, bj(3, 30, 0, 0)), vec![(102, 3, 3)], "10 days after the moved due time: step 3, escalation 3");
    assert_eq!(tick(&mut t, bj(4, 20, 0, 0)), vec![], "three steps at most");
    assert_eq!(breaches(&t, bj(4, 20, 0, 0)), vec![(1, 1), (2, 2), (3, 3)], "each step once on the timeline");
    assert_eq!(t.desk.case_detail_at(t.boss, id, bj(4, 20, 0, 0)).unwrap().case.escalation, 3);
}

#[test]
fn a_watcher_that_was_off_catches_up_every_step_at_once() {
    let mut t = team(Profile::Insurance);
    let id = t.handled(&claim_delay(bj(3, 2, 10, 0)), bj(3, 2, 10, 0), "理赔部");
    // First look on 28 March: 10 days overdue. The three steps are one entry, escalation 0 → 3.
    let alerts = t.desk.tick(bj(3, 28, 0, 0), 100).unwrap().alerts;
    assert_eq!(alerts.iter().map(|a| (a.case_id, a.level, a.escalation)).collect::<Vec<_>>(), vec![(id, 102, 3)]);
    assert_eq!(t.desk.case_detail_at(t.boss, id, bj(3, 28, 0, 0)).unwrap().case.escalation, 3);
}

#[test]
fn the_desktop_notification_speaks_the_windows_language() {
    let alert = |level: u32, breach_step: u8, escalation: u8| DeadlineAlert {
        case_id: 1,
        number: "TS-2026-000123".into(),
        subject: "理赔迟迟未到账".into(),
        level,
        breach_step,
        escalation,
        due_at: None,
    };
    assert_eq!(alert(100, 1, 1).notification(Locale::ZhCn), Some(("案件 TS-2026-000123 已超时".into(), "理赔迟迟未到账".into())));
    assert_eq!(alert(100, 1, 1).notification(Locale::En).map(|n| n.0), Some("Case TS-2026-000123 is overdue".into()));
    assert_eq!(alert(101, 2, 2).notification(Locale::ZhCn).map(|n| n.0), Some("案件 TS-2026-000123 仍然超时，已升至 2 级".into()));
    assert_eq!(alert(102, 3, 3).notification(Locale::En).map(|n| n.0), Some("Case TS-2026-000123 is still overdue, escalated to level 3".into()));
    assert_eq!(alert(90, 0, 0).notification(Locale::ZhCn), None, "a warning shows in the window only");
    assert_eq!(serde_json::from_str::<Locale>("\"en\"").unwrap(), Locale::En, "the window says its locale as it names it");
    assert_eq!(serde_json::from_str::<Locale>("\"zh-CN\"").unwrap(), Locale::ZhCn);
}
}
