//! Follow-up calls (回访, SPEC §6) through the use-cases, against a temp database: the task a
//! response creates and its due time, the retry schedule, closing as unreachable, reopening or
//! escalating on a low score or "not solved", a supervisor's close with a reason, further
//! follow-ups of complex cases, repeat complainants, customer history, scripts, and the
//! follow-up figures on a small data set worked out by hand.
use chrono::{DateTime, Duration, Utc};
use complaintdesk_core::desk::dto::{QueueBucket, ScriptInput};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{CaseInput, EventKind};
use complaintdesk_core::domain::followup::{AttemptInput, AttemptOutcome, FollowupSettings, TaskState, UnsatisfiedAction};
use complaintdesk_core::domain::kpi::KpiFilter;
use complaintdesk_core::domain::lifecycle::StepFields;

fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}
use complaintdesk_core::domain::types::{Channel, Claim, ContactMethod, Profile, Role};
use complaintdesk_core::domain::ErrorCode;

mod common;
use common::{add_user, set_up, step, t0};

fn hours(h: i64) -> DateTime<Utc> {
    t0() + Duration::hours(h)
}

struct Team {
    desk: Desk,
    boss: i64,
    handler: i64,
    caller: i64,
    profile: Profile,
    _dir: common::Place,
}

fn team(profile: Profile) -> Team {
    let (mut desk, boss, dir) = set_up(profile, t0() - Duration::days(200));
    let handler = add_user(&mut desk, boss, "li", "李工", vec![Role::Handler], t0());
    let caller = add_user(&mut desk, boss, "zhao", "赵回访", vec![Role::Followup], t0());
    Team { desk, boss, handler, caller, profile, _dir: dir }
}

fn complaint(profile: Profile, phone: &str, received: DateTime<Utc>) -> CaseInput {
    let mut input = CaseInput {
        customer_name: Some("陈女士".into()),
        customer_phone: Some(phone.into()),
        channel: Some(Channel::Phone),
        received_at: Some(received),
        subject: Some("电梯停运三天无人维修".into()),
        description: Some("3号楼2单元电梯从周五起停运，老人上下楼困难。".into()),
        claim: Some(Claim::Correction),
        ..Default::default()
    };
    match profile {
        Profile::Property => {
            input.category = Some("repair".into());
            input.subcategory = Some("repair.elevator".into());
            input.project = Some("翠湖花园".into());
        }
        Profile::Insurance => {
            input.category = Some("claims".into());
            input.subcategory = Some("claims.delay".into());
            input.business_line = Some("health".into());
        }
    }
    input
}

fn respond_fields() -> StepFields {
    StepFields {
        facts: Some("电梯主板损坏".into()),
        decision_basis: Some("物业服务合同第五条".into()),
        outcome: Some("已更换主板，电梯恢复运行".into()),
        notice_method: Some(ContactMethod::Phone),
        ..Default::default()
    }
}

impl Team {
    /// A case registered at `at` and responded to one hour later (the follow-up task is created).
    fn responded_case(&mut self, phone: &str, at: DateTime<Utc>) -> i64 {
        let id = self.desk.create_case(self.boss, &complaint(self.profile, phone, at), at).unwrap().case.id;
        let dept = if self.profile == Profile::Property { "工程部" } else { "理赔部" };
        self.desk.move_case(self.boss, id, &step("accept", StepFields::default()), at).unwrap();
        self.desk
            .move_case(self.boss, id, &step("assign", StepFields { department: Some(dept.into()), handler_id: Some(self.handler), ..Default::default() }), at)
            .unwrap();
        self.desk.move_case(self.handler, id, &step("start", StepFields::default()), at).unwrap();
        let d = self.desk.move_case(self.handler, id, &step("respond", respond_fields()), at + Duration::hours(1)).unwrap();
        assert_eq!(d.case.status, "awaiting_followup");
        id
    }

    fn call(&mut self, id: i64, input: AttemptInput, at: DateTime<Utc>) -> complaintdesk_core::desk::dto::CaseDetail {
        self.desk.record_followup(self.caller, id, &input, at).unwrap()
    }
}

fn reached(score: i64, solved: bool) -> AttemptInput {
    AttemptInput { method: Some(ContactMethod::Phone), reached: true, satisfaction: Some(score), solved: Some(solved), duration_minutes: Some(3), ..Default::default() }
}

fn no_answer() -> AttemptInput {
    AttemptInput { method: Some(ContactMethod::Phone), reached: false, ..Default::default() }
}

on_both_stores! {
#[test]
fn a_response_creates_a_follow_up_task_due_by_the_pack_or_the_setting() {
    // Property: the pack's follow-up clock, 48 hours after the response.
    let mut t = team(Profile::Property);
    let id = t.responded_case("13800138000", t0());
    let d = t.desk.case_detail_at(t.caller, id, hours(2)).unwrap();
    let task = d.followup.pending.clone().expect("a follow-up task waits");
    assert_eq!((task.round, task.attempts, task.state), (1, 0, TaskState::Open));
    assert_eq!(task.due_at, hours(1) + Duration::hours(48), "property: 48 h after the response");
    assert_eq!(task.next_attempt_at, task.due_at, "the first call is due when the task is");
    assert!(d.followup.can_record, "the follow-up clerk may record a call");
    assert!(!t.desk.case_detail_at(t.handler, id, hours(2)).unwrap().followup.can_record, "a handler may not");

    // Insurance: no follow-up clock in nfra-2020; the desk's setting counts from the response.
    let mut t = team(Profile::Insurance);
    let settings = FollowupSettings { due_hours: 24, ..Default::default() };
    t.desk.set_followup_settings(t.boss, &settings).unwrap();
    let id = t.responded_case("13900139000", t0());
    let task = t.desk.case_detail_at(t.caller, id, hours(2)).unwrap().followup.pending.unwrap();
    assert_eq!(task.due_at, hours(1) + Duration::hours(24), "insurance: the set 24 h after the response");
}

#[test]
fn unanswered_calls_are_retried_then_the_case_may_close_as_unreachable() {
    let mut t = team(Profile::Property);
    let settings = FollowupSettings { max_attempts: 3, retry_hours: 4, ..Default::default() };
    t.desk.set_followup_settings(t.boss, &settings).unwrap();
    let id = t.responded_case("13800138000", t0());

    // Table: (attempt at, expected state after, expected next call).
    let table = [
        (hours(20), TaskState::Open, Some(hours(24))),
        (hours(30), TaskState::Open, Some(hours(34))),
        (hours(40), TaskState::Exhausted, None),
    ];
    for (n, (at, state, next)) in table.into_iter().enumerate() {
        let before = t.desk.case_detail_at(t.caller, id, at).unwrap();
        assert!(
            !before.actions.iter().any(|a| a.action == "close_unreachable"),
            "attempt {}: closing as unreachable is not offered before the attempts are used up",
            n + 1
        );
        let e = t.desk.move_case(t.caller, id, &step("close_unreachable", StepFields::default()), at).unwrap_err();
        assert_eq!(e.rule.as_deref(), Some("followup_exhausted"), "attempt {}: refused in Rust too", n + 1);
        let d = t.call(id, no_answer(), at);
        assert_eq!(d.case.status, "awaiting_followup", "an unanswered call leaves the case waiting");
        let task = d.followup.pending.clone().unwrap();
        assert_eq!((task.attempts, task.state), (n as u32 + 1, state), "after attempt {}", n + 1);
        if let Some(next) = next {
            assert_eq!(task.next_attempt_at, next, "attempt {}: the next call {} h later", n + 1, settings.retry_hours);
        }
    }
    let d = t.desk.case_detail_at(t.caller, id, hours(41)).unwrap();
    assert!(d.actions.iter().any(|a| a.action == "close_unreachable"), "offered once the attempts are used up");
    let d = t.desk.move_case(t.caller, id, &step("close_unreachable", StepFields { comment: Some("三次未接通".into()), ..Default::default() }), hours(41)).unwrap();
    assert_eq!(d.case.status, "closed");
    assert_eq!(d.followup.tasks[0].state, TaskState::Unreachable);
    assert!(d.followup.pending.is_none());
    let attempts: Vec<(u32, bool, AttemptOutcome)> = d.followup.attempts.iter().map(|a| (a.number, a.reached, a.outcome)).collect();
    assert_eq!(
        attempts,
        vec![(1, false, AttemptOutcome::Retry), (2, false, AttemptOutcome::Retry), (3, false, AttemptOutcome::Exhausted)],
        "every attempt is on record"
    );
    let on_timeline = d.events.iter().filter(|e| e.kind == EventKind::Followup).count();
    assert_eq!(on_timeline, 3, "and on the timeline");
}

#[test]
fn a_low_score_or_not_solved_reopens_to_the_handler_and_the_second_round_closes() {
    for (score, solved) in [(2, true), (1, true), (5, false), (3, false)] {
        let mut t = team(Profile::Property);
        let id = t.responded_case("13800138000", t0());
        let d = t.call(id, reached(score, solved), hours(5));
        assert_eq!(d.case.status, "reopened", "score {score}, solved {solved}: reopened");
        assert_eq!(d.case.handler_id, Some(t.handler), "back to its handler");
        assert_eq!(d.case.escalation, 0);
        assert_eq!(d.followup.tasks[0].state, TaskState::Reopened);
        let reopen = d.events.iter().find(|e| e.action.as_deref() == Some("reopen")).expect("the reopen is on the timeline");
        assert_eq!(reopen.actor_role, Role::Followup);
        assert!(reopen.note.as_deref().unwrap_or("").contains("回访不满意"), "the reason says why: {:?}", reopen.note);
        // The handler takes it back and responds again: a new follow-up; satisfied closes.
        t.desk.move_case(t.handler, id, &step("start", StepFields::default()), hours(6)).unwrap();
        let d = t.desk.move_case(t.handler, id, &step("respond", respond_fields()), hours(8)).unwrap();
        let task = d.followup.pending.clone().expect("a second follow-up task");
        assert_eq!((task.round, task.attempts), (1, 0));
        assert_eq!(task.due_at, hours(8) + Duration::hours(48), "due 48 h after the new response");
        let d = t.call(id, reached(4, true), hours(10));
        assert_eq!(d.case.status, "closed");
        assert_eq!((d.case.satisfaction, d.case.solved), (Some(4), Some(true)), "the closing call's result is on the case");
        assert_eq!(d.followup.tasks.iter().map(|t| t.state).collect::<Vec<_>>(), vec![TaskState::Reopened, TaskState::Done]);
    }
}

#[test]
fn the_escalate_setting_sends_a_dissatisfied_case_to_the_supervisor() {
    let mut t = team(Profile::Property);
    t.desk.set_followup_settings(t.boss, &FollowupSettings { on_unsatisfied: UnsatisfiedAction::Escalate, ..Default::default() }).unwrap();
    let id = t.responded_case("13800138000", t0());
    let d = t.call(id, reached(1, false), hours(5));
    assert_eq!(d.case.status, "reopened");
    assert_eq!(d.case.handler_id, None, "no handler: the supervisor assigns it again");
    assert_eq!(d.case.escalation, 1, "one level higher");
    let handler_view = t.desk.case_detail_at(t.handler, id, hours(6)).unwrap();
    assert!(handler_view.actions.is_empty(), "the former handler cannot take it back alone");
    let boss_view = t.desk.case_detail_at(t.boss, id, hours(6)).unwrap();
    assert!(boss_view.actions.iter().any(|a| a.action == "assign"), "the supervisor can assign it");
}

#[test]
fn closing_needs_a_follow_up_result_or_a_supervisors_reason() {
    let mut t = team(Profile::Property);
    let id = t.responded_case("13800138000", t0());
    let close = StepFields { followup_method: Some(ContactMethod::Phone), satisfaction: Some(5), solved: Some(true), ..Default::default() };
    let e = t.desk.move_case(t.caller, id, &step("close", close.clone()), hours(3)).unwrap_err();
    assert_eq!((e.code, e.rule.as_deref()), (ErrorCode::TransitionNotAllowed, Some("transition.close.followup_only")));
    let e = t.desk.move_case(t.boss, id, &step("close", close), hours(3)).unwrap_err();
    assert_eq!(e.rule.as_deref(), Some("transition.close.followup_only"), "not a supervisor either");
    let e = t.desk.move_case(t.caller, id, &step("close_by_supervisor", StepFields { reason: Some("x".into()), ..Default::default() }), hours(3)).unwrap_err();
    assert_eq!(e.code, ErrorCode::RoleNotAllowed, "only a supervisor closes without a call");
    let e = t.desk.move_case(t.boss, id, &step("close_by_supervisor", StepFields::default()), hours(3)).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Required, Some("reason")), "and only with a reason");

    let d = t.desk.move_case(t.boss, id, &step("close_by_supervisor", StepFields { reason: Some("客户已搬离，留存号码停机".into()), ..Default::default() }), hours(3)).unwrap();
    assert_eq!(d.case.status, "closed");
    let ev = d.events.iter().find(|e| e.action.as_deref() == Some("close_by_supervisor")).unwrap();
    assert_eq!((ev.actor_role, ev.note.as_deref()), (Role::Supervisor, Some("客户已搬离，留存号码停机")), "the reason is on the record");
    assert_eq!(d.followup.tasks[0].state, TaskState::Cancelled, "the waiting task ends");
    let e = t.desk.record_followup(t.caller, id, &reached(5, true), hours(4)).unwrap_err();
    assert_eq!(e.rule.as_deref(), Some("followup.no_task"), "nothing left to call about");
}

#[test]
fn refused_attempts_write_nothing() {
    let mut t = team(Profile::Property);
    let id = t.responded_case("13800138000", t0());
    let before = t.desk.case_detail_at(t.caller, id, hours(2)).unwrap();
    let table: Vec<(i64, AttemptInput, ErrorCode, &str)> = vec![
        (t.caller, AttemptInput { method: None, ..reached(5, true) }, ErrorCode::Required, "method"),
        (t.caller, AttemptInput { satisfaction: None, ..reached(5, true) }, ErrorCode::Required, "satisfaction"),
        (t.caller, AttemptInput { solved: None, ..reached(5, true) }, ErrorCode::Required, "solved"),
        (t.caller, reached(6, true), ErrorCode::Invalid, "satisfaction"),
        (t.caller, reached(0, true), ErrorCode::Invalid, "satisfaction"),
        (t.caller, AttemptInput { satisfaction: Some(5), ..no_answer() }, ErrorCode::Invalid, "satisfaction"),
        (t.caller, AttemptInput { duration_minutes: Some(-1), ..reached(5, true) }, ErrorCode::Invalid, "duration_minutes"),
        (t.caller, AttemptInput { comment: Some("好".repeat(2001)), ..reached(5, true) }, ErrorCode::Invalid, "comment"),
        (t.caller, AttemptInput { suggestion: Some("a\0b".into()), ..reached(5, true) }, ErrorCode::Invalid, "suggestion"),
        (t.caller, AttemptInput { expected_version: Some(before.case.version - 1), ..reached(5, true) }, ErrorCode::Conflict, ""),
        (t.handler, reached(5, true), ErrorCode::RoleNotAllowed, ""),
    ];
    for (who, input, code, field) in table {
        let e = t.desk.record_followup(who, id, &input, hours(3)).unwrap_err();
        assert_eq!(e.code, code, "{input:?}");
        if !field.is_empty() {
            assert_eq!(e.field.as_deref(), Some(field), "{input:?}");
        }
    }
    let after = t.desk.case_detail_at(t.caller, id, hours(2)).unwrap();
    assert_eq!(after.case, before.case, "the case is untouched");
    assert_eq!(after.events.len(), before.events.len(), "no event written");
    assert_eq!(after.followup, before.followup, "no attempt written");
}

#[test]
fn complex_cases_get_further_follow_ups_after_closing() {
    let mut t = team(Profile::Property);
    t.desk.set_followup_settings(t.boss, &FollowupSettings { complex_categories: vec!["repair".into()], complex_schedule_days: vec![7, 30], ..Default::default() }).unwrap();
    let id = t.responded_case("13800138000", t0());
    let d = t.call(id, reached(5, true), hours(5));
    assert_eq!(d.case.status, "closed", "the first follow-up closes the case");
    let rounds: Vec<(u32, TaskState, DateTime<Utc>)> = d.followup.tasks.iter().map(|t| (t.round, t.state, t.due_at)).collect();
    assert_eq!(
        rounds,
        vec![
            (1, TaskState::Done, hours(1) + Duration::hours(48)),
            (2, TaskState::Open, hours(5) + Duration::days(7)),
            (3, TaskState::Open, hours(5) + Duration::days(30)),
        ],
        "repair is complex here: calls 7 and 30 days after closing"
    );
    // The 7-day call finds the leak back: the closed case is reopened and the 30-day call dropped.
    let d = t.call(id, reached(2, false), hours(5) + Duration::days(7));
    assert_eq!(d.case.status, "reopened");
    let states: Vec<TaskState> = d.followup.tasks.iter().map(|t| t.state).collect();
    assert_eq!(states, vec![TaskState::Done, TaskState::Reopened, TaskState::Cancelled]);

    // A handler's choice makes any case complex; without it a non-complex category gets none.
    let mut t = team(Profile::Property);
    let id = t.desk.create_case(t.boss, &complaint(Profile::Property, "13700137000", t0()), t0()).unwrap().case.id;
    t.desk.move_case(t.boss, id, &step("accept", StepFields::default()), t0()).unwrap();
    t.desk.move_case(t.boss, id, &step("assign", StepFields { department: Some("工程部".into()), handler_id: Some(t.handler), ..Default::default() }), t0()).unwrap();
    t.desk.move_case(t.handler, id, &step("start", StepFields::default()), t0()).unwrap();
    let d = t.desk.move_case(t.handler, id, &step("respond", StepFields { complex_followup: Some(true), ..respond_fields() }), hours(1)).unwrap();
    assert!(d.case.followup_complex, "the handler's choice is kept on the case");
    let d = t.call(id, reached(4, true), hours(3));
    assert_eq!(d.followup.tasks.len(), 3, "marked complex by the handler: two further calls");
    let other = t.responded_case("13600136000", t0());
    let d = t.call(other, reached(4, true), hours(3));
    assert_eq!(d.followup.tasks.len(), 1, "not complex: no further calls");
}

#[test]
fn the_queue_sorts_tasks_into_overdue_today_later_and_exhausted() {
    let mut t = team(Profile::Property);
    t.desk.set_followup_settings(t.boss, &FollowupSettings { max_attempts: 1, ..Default::default() }).unwrap();
    let overdue = t.responded_case("13800000001", t0() - Duration::days(5)); // due 3 days ago
    let today = t.responded_case("13800000002", t0() - Duration::hours(40)); // due in 9 h, today in Beijing
    let later = t.responded_case("13800000003", t0()); // due in 2 days
    let exhausted = t.responded_case("13800000004", t0());
    t.call(exhausted, no_answer(), t0());
    let e = t.desk.followup_queue(t.handler, t0()).unwrap_err();
    assert_eq!(e.code, ErrorCode::RoleNotAllowed, "a handler has no follow-up queue");
    let q = t.desk.followup_queue(t.caller, t0()).unwrap();
    assert_eq!((q.overdue, q.today, q.later, q.exhausted), (1, 1, 1, 1));
    let bucket = |id: i64| q.rows.iter().find(|r| r.task.case_id == id).map(|r| r.bucket);
    assert_eq!(bucket(overdue), Some(QueueBucket::Overdue));
    assert_eq!(bucket(today), Some(QueueBucket::Today));
    assert_eq!(bucket(later), Some(QueueBucket::Later));
    assert_eq!(bucket(exhausted), Some(QueueBucket::Exhausted));
    assert_eq!(q.rows[0].task.case_id, overdue, "the most urgent call first");
}

#[test]
fn repeat_complainants_are_marked_and_the_history_shows_open_cases_first() {
    let mut t = team(Profile::Property);
    let phone = "13800138000";
    let mk = |t: &mut Team, phone: &str, days_ago: i64| {
        t.desk.create_case(t.boss, &complaint(Profile::Property, phone, t0() - Duration::days(days_ago)), t0()).unwrap().case
    };
    let first = mk(&mut t, phone, 120);
    let second = mk(&mut t, phone, 100);
    let third = mk(&mut t, phone, 5);
    let stranger = mk(&mut t, "13900139000", 110);
    // Table: case, repeat? (another complaint from the phone in the 90 days before it)
    for (case, repeat, why) in [
        (&first, false, "the first complaint"),
        (&second, true, "20 days after the first"),
        (&third, false, "95 days after the second"),
        (&stranger, false, "another phone"),
    ] {
        assert_eq!(case.repeat_complainant, repeat, "{}: {why}", case.number);
    }

    // The history: open cases first (the newer one is withdrawn), ID number matches too.
    t.desk.move_case(t.boss, second.id, &step("withdraw", StepFields { reason: Some("客户撤回".into()), ..Default::default() }), t0()).unwrap();
    let mut by_id = complaint(Profile::Property, "13700137000", t0() - Duration::days(1));
    by_id.customer_id_number = Some("11010519491231002X".into());
    let by_id = t.desk.create_case(t.boss, &by_id, t0()).unwrap().case;
    let h = t.desk.customer_history(t.boss, Some("138 0013 8000"), Some("11010519491231002x"), None, t0()).unwrap();
    let numbers: Vec<&str> = h.cases.iter().map(|r| r.number.as_str()).collect();
    assert_eq!(numbers, vec![by_id.number.as_str(), third.number.as_str(), first.number.as_str(), second.number.as_str()], "open first, newest first");
    assert_eq!(h.open_count, 3);
    assert!(h.repeat_complainant, "a complaint from the phone 5 days ago makes a new one a repeat");
    let later = t.desk.customer_history(t.boss, Some(phone), None, None, t0() + Duration::days(86)).unwrap();
    assert!(!later.repeat_complainant, "91 days after the last complaint it is not");
    let form = t.desk.followup_form(t.caller, third.id).unwrap();
    assert!(!form.history.cases.iter().any(|r| r.id == third.id), "the form's history leaves out the case itself");
}

#[test]
fn scripts_fill_in_the_case_and_an_admin_may_change_them() {
    let mut t = team(Profile::Property);
    let id = t.responded_case("13800138000", t0());
    let form = t.desk.followup_form(t.caller, id).unwrap();
    assert_eq!(form.script_category.as_deref(), Some("repair"), "the repair category has its own script");
    for part in ["陈女士", "我是翠湖物业服务中心的回访专员", "已更换主板，电梯恢复运行", "李工", "TS-2026-000001"] {
        assert!(form.script.contains(part), "the script names {part}: {}", form.script);
    }
    assert!(!form.script.contains('{'), "no placeholder is left");

    let e = t.desk.set_followup_script(t.caller, &ScriptInput { category: "repair".into(), text: Some("您好".into()) }, t0()).unwrap_err();
    assert_eq!(e.code, ErrorCode::RoleNotAllowed, "only an admin edits scripts");
    let e = t.desk.set_followup_script(t.boss, &ScriptInput { category: "repair".into(), text: Some("您好 {phone}".into()) }, t0()).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Invalid, Some("text")), "an unknown placeholder is refused");
    let e = t.desk.set_followup_script(t.boss, &ScriptInput { category: "mars".into(), text: Some("您好".into()) }, t0()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("category"));
    let scripts = t.desk.set_followup_script(t.boss, &ScriptInput { category: "repair".into(), text: Some("{customer_name}您好，{case_number} 修好了吗？".into()) }, t0()).unwrap();
    assert!(scripts.iter().any(|s| s.category == "repair" && s.changed));
    assert_eq!(t.desk.followup_form(t.caller, id).unwrap().script, "陈女士您好，TS-2026-000001 修好了吗？");
    t.desk.set_followup_script(t.boss, &ScriptInput { category: "repair".into(), text: None }, t0()).unwrap();
    assert_eq!(t.desk.followup_form(t.caller, id).unwrap().script, form.script, "restored to the shipped script");
}

#[test]
fn settings_are_checked_and_kept() {
    let t = team(Profile::Property);
    assert_eq!(t.desk.followup_settings().unwrap(), FollowupSettings::default());
    let e = t.desk.set_followup_settings(t.caller, &FollowupSettings::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::RoleNotAllowed);
    let e = t.desk.set_followup_settings(t.boss, &FollowupSettings { complex_categories: vec!["claims".into()], ..Default::default() }).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("complex_categories"), "an insurance category on a property desk");
    let e = t.desk.set_followup_settings(t.boss, &FollowupSettings { retry_hours: 0, ..Default::default() }).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("retry_hours"));
    let s = FollowupSettings { max_attempts: 5, on_unsatisfied: UnsatisfiedAction::Escalate, ..Default::default() };
    assert_eq!(t.desk.set_followup_settings(t.boss, &s).unwrap(), s);
    assert_eq!(t.desk.followup_settings().unwrap(), s);
}

/// A small month worked out by hand: 6 responded cases, their calls, and what the figures are.
#[test]
fn follow_up_figures_on_a_known_data_set() {
    let mut t = team(Profile::Property);
    let ids: Vec<i64> = (0..6).map(|i| t.responded_case(&format!("1380000000{i}"), t0() + Duration::days(i))).collect();
    let day = |d: i64| t0() + Duration::days(d) + Duration::hours(5);
    // case 0: reached, 5, solved                → done
    // case 1: reached, 4, solved                → done
    // case 2: no answer, then reached 2, solved → reopened
    // case 3: reached, 3, not solved            → reopened
    // case 4: no answer ×3                      → exhausted (no result)
    // case 5: withdrawn before any call         → cancelled (not counted)
    t.call(ids[0], reached(5, true), day(0));
    t.call(ids[1], reached(4, true), day(1));
    t.call(ids[2], no_answer(), day(2));
    t.call(ids[2], reached(2, true), day(3));
    t.call(ids[3], reached(3, false), day(3));
    for k in 0..3 {
        t.call(ids[4], no_answer(), day(4) + Duration::hours(k));
    }
    t.desk.move_case(t.boss, ids[5], &step("withdraw", StepFields { reason: Some("客户撤诉".into()), ..Default::default() }), day(5)).unwrap();

    let march = KpiFilter { from: Some(date(2026, 3, 1)), to: Some(date(2026, 3, 31)), ..Default::default() };
    let f = t.desk.followup_figures(&march).unwrap();
    // tasks: 5 (case 5's was cancelled); completed (reached): cases 0, 1, 2, 3 = 4.
    assert_eq!((f.tasks, f.completed), (5, 4));
    assert_eq!(f.completion_rate, Some(0.8));
    // attempts: 1 + 1 + 2 + 1 + 3 = 8; reached: 4.
    assert_eq!((f.attempts, f.reached), (8, 4));
    assert_eq!(f.reached_rate, Some(0.5));
    // scores 5, 4, 2, 3: mean 3.5; 4–5: 2 of 4.
    assert_eq!(f.mean_score, Some(3.5));
    assert_eq!(f.share_4_5, Some(0.5));
    assert_eq!(f.reopened, 2, "cases 2 and 3");

    let june = KpiFilter { from: Some(date(2026, 6, 1)), to: Some(date(2026, 6, 30)), ..Default::default() };
    let none = t.desk.followup_figures(&june).unwrap();
    assert_eq!((none.tasks, none.attempts, none.completion_rate, none.mean_score), (0, 0, None, None), "an empty period has no rates");
}
}
