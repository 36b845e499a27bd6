//! 更正信息 on a temp database: who may correct which fields, the event with before and after
//! values of exactly what changed, the audit chain, clocks moved by a new received time, the
//! closed-case rule, recusal, refusals that write nothing, and the search index.
mod common;

use chrono::{Duration, TimeZone, Utc};
use common::{add_user, claim_delay, elevator_complaint, set_up, step, t0};
use complaintdesk_core::desk::dto::{CaseDetail, CorrectionInput};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{Case, CaseQuery, Event, EventKind};
use complaintdesk_core::domain::correction::{CaseCorrection, CorrectionField};
use complaintdesk_core::domain::deadline::feed::DueState;
use complaintdesk_core::domain::lifecycle::StepFields;
use complaintdesk_core::domain::types::{ContactMethod, Profile, Role};
use complaintdesk_core::domain::{DeskResult, ErrorCode};
use complaintdesk_core::store::{cases, events};

/// A property desk: 张主管 (admin, clerk, supervisor) and one user per role.
struct Desk6 {
    desk: Desk,
    admin: i64,
    clerk: i64,
    supervisor: i64,
    handler: i64,
    other_handler: i64,
    followup: i64,
    compliance: i64,
    admin_only: i64,
    _dir: common::Place,
}

fn desk(profile: Profile) -> Desk6 {
    let (mut desk, admin, dir) = set_up(profile, t0() - Duration::days(30));
    let at = t0() - Duration::days(30);
    let clerk = add_user(&mut desk, admin, "wang", "王前台", vec![Role::Clerk], at);
    let supervisor = add_user(&mut desk, admin, "zhou", "周主管", vec![Role::Supervisor], at);
    let handler = add_user(&mut desk, admin, "li", "李工", vec![Role::Handler], at);
    let other_handler = add_user(&mut desk, admin, "sun", "孙工", vec![Role::Handler], at);
    let followup = add_user(&mut desk, admin, "zhao", "赵回访", vec![Role::Followup], at);
    let compliance = add_user(&mut desk, admin, "qian", "钱合规", vec![Role::Compliance], at);
    let admin_only = add_user(&mut desk, admin, "root", "系统管理员", vec![Role::Admin], at);
    Desk6 { desk, admin, clerk, supervisor, handler, other_handler, followup, compliance, admin_only, _dir: dir }
}

fn at(minutes: i64) -> chrono::DateTime<Utc> {
    t0() + Duration::minutes(minutes)
}

/// A lift complaint registered at t0, accepted and assigned to 李工 (工程部).
fn assigned(d: &mut Desk6, phone: &str) -> i64 {
    let id = d.desk.create_case(d.clerk, &elevator_complaint(phone), t0()).unwrap().case.id;
    d.desk.move_case(d.supervisor, id, &step("accept", StepFields::default()), at(1)).unwrap();
    let fields = StepFields { department: Some("工程部".into()), handler_id: Some(d.handler), ..Default::default() };
    d.desk.move_case(d.supervisor, id, &step("assign", fields), at(2)).unwrap();
    id
}

/// The same, started and responded by 李工 two hours after receipt (waiting for its follow-up).
fn responded(d: &mut Desk6, phone: &str) -> i64 {
    let id = assigned(d, phone);
    d.desk.move_case(d.handler, id, &step("start", StepFields::default()), at(3)).unwrap();
    let fields = StepFields {
        facts: Some("电梯主板损坏".into()),
        decision_basis: Some("物业服务合同第五条".into()),
        outcome: Some("已更换主板".into()),
        notice_method: Some(ContactMethod::Phone),
        compensation: Some(50.0),
        ..Default::default()
    };
    d.desk.move_case(d.handler, id, &step("respond", fields), at(120)).unwrap();
    id
}

fn correction(fields: CaseCorrection, reason: &str) -> CorrectionInput {
    CorrectionInput { fields, reason: reason.into(), expected_version: None }
}

fn phone(p: &str) -> CaseCorrection {
    CaseCorrection { customer_phone: Some(p.into()), ..Default::default() }
}

fn facts(f: &str) -> CaseCorrection {
    CaseCorrection { facts: Some(f.into()), ..Default::default() }
}

/// The stored case and its events, unmasked (the detail masks personal data).
fn stored(desk: &Desk, id: i64) -> (Case, Vec<Event>) {
    (cases::get(desk.store().db(), id).unwrap().unwrap(), events::for_case(desk.store().db(), id).unwrap())
}

fn code_of<T: std::fmt::Debug>(r: DeskResult<T>) -> ErrorCode {
    r.expect_err("refused").code
}

on_both_stores! {
#[test]
fn each_role_corrects_what_its_part_of_the_case_is_and_nothing_else() {
    let mut d = desk(Profile::Property);
    let open = assigned(&mut d, "13800138000");
    let done = responded(&mut d, "13800138001");
    let when = at(300);

    // Intake fields: the clerk and the supervisor; nobody else.
    d.desk.correct_case(d.clerk, open, &correction(phone("13900139000"), "电话录错一位"), when).expect("a clerk corrects the phone");
    d.desk.correct_case(d.supervisor, open, &correction(phone("13900139001"), "再次核对"), when).expect("a supervisor corrects the phone");
    for (who, actor) in [("handler", d.handler), ("followup", d.followup), ("compliance", d.compliance), ("admin", d.admin_only)] {
        let e = d.desk.correct_case(actor, open, &correction(phone("13900139002"), "核对"), when).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref(), e.rule.as_deref()),
            (ErrorCode::RoleNotAllowed, Some("customer_phone"), Some("correction.roles")),
            "a {who} does not correct the customer's phone"
        );
    }

    // The findings: the case's own handler, after the response; nobody else.
    let fixed = d.desk.correct_case(d.handler, done, &correction(facts("电梯主板与变频器损坏"), "补全查明事实"), when).expect("the handler corrects their findings");
    assert_eq!(fixed.case.facts.as_deref(), Some("电梯主板与变频器损坏"));
    assert_eq!(code_of(d.desk.correct_case(d.other_handler, done, &correction(facts("x"), "核对"), when)), ErrorCode::NotAssignee, "another handler's findings are not theirs");
    for (who, actor) in [("clerk", d.clerk), ("supervisor", d.supervisor), ("followup", d.followup), ("admin", d.admin_only)] {
        let e = d.desk.correct_case(actor, done, &correction(facts("改"), "核对"), when).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::RoleNotAllowed, Some("facts")), "a {who} does not correct a handler's findings");
    }
    let e = d.desk.correct_case(d.handler, open, &correction(facts("尚未答复"), "核对"), when).unwrap_err();
    assert_eq!(e.rule.as_deref(), Some("correction.findings_after_response"), "before the response the findings are written by the step, not corrected");

    // What the detail offers is the same decision.
    let offered = |desk: &Desk, actor: i64, id: i64| -> Vec<CorrectionField> { desk.case_detail_at(actor, id, when).unwrap().correctable_fields };
    assert!(offered(&d.desk, d.clerk, done).contains(&CorrectionField::CustomerPhone), "the clerk is offered the phone");
    assert!(!offered(&d.desk, d.clerk, done).contains(&CorrectionField::Facts), "and not the findings");
    assert_eq!(offered(&d.desk, d.handler, done), vec![
        CorrectionField::Facts,
        CorrectionField::DecisionBasis,
        CorrectionField::Outcome,
        CorrectionField::Remedy,
        CorrectionField::Compensation,
        CorrectionField::StaffMinutes,
        CorrectionField::RootCauseCode,
        CorrectionField::RootCauseText,
        CorrectionField::Improvement,
    ], "the handler is offered the fields of the respond step, from the lifecycle");
    assert!(offered(&d.desk, d.other_handler, done).is_empty(), "another handler is offered nothing");
    for actor in [d.followup, d.compliance, d.admin_only] {
        let detail = d.desk.case_detail_at(actor, done, when).unwrap();
        assert!(!detail.can_correct && detail.correctable_fields.is_empty(), "no 更正信息 for a role that may not correct");
    }
    assert!(d.desk.case_detail_at(d.clerk, done, when).unwrap().can_correct, "the clerk sees 更正信息");
}

#[test]
fn the_event_holds_before_and_after_of_exactly_the_fields_changed_and_the_chain_verifies() {
    let mut d = desk(Profile::Property);
    let id = assigned(&mut d, "13800138000");
    let (before_case, before_events) = stored(&d.desk, id);
    let fields = CaseCorrection {
        customer_phone: Some("139-0013-9000".into()),
        building: Some("5号楼".into()),
        // Given, but the same as now: not part of the change.
        project: Some("翠湖花园".into()),
        ..Default::default()
    };
    let input = CorrectionInput { fields, reason: "客户来电告知电话和楼栋登记错误".into(), expected_version: Some(before_case.version) };
    let detail = d.desk.correct_case(d.clerk, id, &input, at(30)).unwrap();

    let (after_case, after_events) = stored(&d.desk, id);
    assert_eq!(after_events.len(), before_events.len() + 1, "one correction is one event");
    let e = after_events.last().unwrap();
    assert_eq!((e.kind, e.actor_id, e.actor_role, e.at), (EventKind::Correction, Some(d.clerk), Role::Clerk, at(30)));
    assert_eq!(e.note.as_deref(), Some("客户来电告知电话和楼栋登记错误"), "the reason is the event's note");
    assert_eq!(e.before, Some(serde_json::json!({ "customer_phone": "13800138000", "building": "3号楼" })), "before: the changed fields only");
    assert_eq!(e.after, Some(serde_json::json!({ "customer_phone": "13900139000", "building": "5号楼" })), "after: normalised as at intake");
    assert_eq!(after_case.customer_phone.as_deref(), Some("13900139000"));
    assert_eq!(after_case.version, before_case.version + 1, "the case version moves on");
    assert_eq!(after_case.repeat_complainant, before_case.repeat_complainant, "the repeat mark is intake's");

    // The detail shows the timeline masked, like the case.
    let shown = detail.events.last().unwrap();
    assert_eq!(shown.before.as_ref().unwrap()["customer_phone"], "138****8000", "the old phone is masked on the detail");
    assert_eq!(shown.after.as_ref().unwrap()["customer_phone"], "139****9000", "so is the new one");
    assert_eq!(shown.after.as_ref().unwrap()["building"], "5号楼", "other values are shown as they are");

    let audit = d.desk.verify_audit(d.admin).unwrap();
    assert!(audit.ok && audit.first_broken.is_none(), "the correction is linked into the audit chain: {audit:?}");
    assert_eq!(audit.events, d.desk.check_db().unwrap().events, "every event verified");
}

#[test]
fn a_new_received_time_moves_the_clocks_in_the_same_write() {
    let mut d = desk(Profile::Property);
    let id = d.desk.create_case(d.clerk, &elevator_complaint("13800138000"), t0()).unwrap().case.id;
    let reply_due = |detail: &CaseDetail| detail.clocks.iter().find(|c| c.code == "reply").map(|c| c.due);
    let before = d.desk.case_detail_at(d.clerk, id, at(5)).unwrap();
    assert_eq!(reply_due(&before), Some(t0() + Duration::hours(24)), "the reply is due 24 hours after receipt");
    assert_eq!(before.case.due_at, Some(t0() + Duration::minutes(20)), "dispatch, 20 minutes after receipt, is due first");

    // Received two hours before it was typed in.
    let earlier = CaseCorrection { received_at: Some(t0() - Duration::hours(2)), ..Default::default() };
    let after = d.desk.correct_case(d.clerk, id, &correction(earlier, "客户昨日已来电，登记晚了"), at(5)).unwrap();
    assert_eq!(reply_due(&after), Some(t0() + Duration::hours(22)), "the reply clock starts at the corrected receipt");
    let (stored_case, _) = stored(&d.desk, id);
    assert_eq!(stored_case.received_at, t0() - Duration::hours(2));
    assert_eq!(stored_case.due_at, Some(t0() - Duration::hours(2) + Duration::minutes(20)), "the stored due time was recomputed in the write");
    assert_eq!(stored_case.due_state, Some(DueState::Breached), "dispatch is now overdue, and the lists say so");

    // A decision sent on time is judged again against the corrected receipt.
    let id = responded(&mut d, "13800138009");
    assert_eq!(stored(&d.desk, id).0.responded_on_time, Some(true), "replied two hours after receipt: on time");
    let two_days = CaseCorrection { received_at: Some(t0() - Duration::days(2)), ..Default::default() };
    d.desk.correct_case(d.supervisor, id, &correction(two_days, "信函收到日期登记错误"), at(300)).unwrap();
    assert_eq!(stored(&d.desk, id).0.responded_on_time, Some(false), "received two days earlier, the reply was late");
}

#[test]
fn a_changed_rule_pack_moves_the_clocks_too() {
    let d = desk(Profile::Insurance);
    let id = d.desk.create_case(d.clerk, &claim_delay(t0()), t0()).unwrap().case.id;
    let fields = CaseCorrection { rule_pack: Some("pboc-2020".into()), ..Default::default() };
    let detail = d.desk.correct_case(d.clerk, id, &correction(fields, "人民银行转送，应按人民银行时限"), at(5)).unwrap();
    assert_eq!(detail.rule_pack.as_ref().map(|p| p.code.as_str()), Some("pboc-2020"));
    let codes: Vec<&str> = detail.clocks.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["answer"], "the case runs on the new pack's clock, not nfra-2020's decision clock");
    // The same receipt on a fresh case with that pack has the same clocks.
    let fresh_input = complaintdesk_core::domain::case::CaseInput { rule_pack: Some("pboc-2020".into()), customer_phone: Some("13912345600".into()), ..claim_delay(t0()) };
    let fresh = d.desk.create_case(d.clerk, &fresh_input, t0()).unwrap();
    let dues = |c: &CaseDetail| c.clocks.iter().map(|k| (k.code.clone(), k.due)).collect::<Vec<_>>();
    assert_eq!(dues(&detail), dues(&d.desk.case_detail_at(d.clerk, fresh.case.id, at(5)).unwrap()), "a corrected case counts as if registered right");
    let e = d.desk.correct_case(d.clerk, id, &correction(CaseCorrection { rule_pack: Some("no-such".into()), ..Default::default() }, "x"), at(6)).unwrap_err();
    assert_eq!((e.field.as_deref(), e.rule.as_deref()), (Some("rule_pack"), Some("rule_pack.known")));
}

#[test]
fn a_closed_case_is_corrected_only_by_a_supervisor_with_a_reason() {
    let d = desk(Profile::Property);
    let id = d.desk.create_case(d.clerk, &elevator_complaint("13800138000"), t0()).unwrap().case.id;
    let decline = StepFields { reason: Some("非本物业管理范围".into()), notice_method: Some(ContactMethod::Phone), ..Default::default() };
    d.desk.move_case(d.supervisor, id, &step("decline", decline), at(10)).unwrap();

    let e = d.desk.correct_case(d.clerk, id, &correction(phone("13900139000"), "电话录错"), at(20)).unwrap_err();
    assert_eq!((e.code, e.rule.as_deref()), (ErrorCode::RoleNotAllowed, Some("correction.closed_supervisor_only")), "a clerk may not correct a closed case");
    assert!(!d.desk.case_detail_at(d.clerk, id, at(20)).unwrap().can_correct, "nor is it offered");
    let e = d.desk.correct_case(d.supervisor, id, &correction(phone("13900139000"), "  "), at(20)).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Required, Some("reason")), "a supervisor must say why");
    let done = d.desk.correct_case(d.supervisor, id, &correction(phone("13900139000"), "归档前核对电话"), at(20)).expect("a supervisor with a reason corrects a closed case");
    assert_eq!(done.case.status, "declined", "the status stays");
    assert_eq!(stored(&d.desk, id).0.customer_phone.as_deref(), Some("13900139000"));
}

#[test]
fn recusal_is_checked_again_when_the_staff_member_is_corrected() {
    let mut d = desk(Profile::Property);
    let id = assigned(&mut d, "13800138000");
    let by_user = CaseCorrection { staff_user_id: Some(d.handler), ..Default::default() };
    let e = d.desk.correct_case(d.clerk, id, &correction(by_user, "客户投诉的是李工"), at(10)).unwrap_err();
    assert_eq!((e.code, e.field.as_deref(), e.rule.as_deref()), (ErrorCode::Recusal, Some("staff_name"), Some("recusal")), "the handler complained about, by user");
    let by_name = CaseCorrection { staff_name: Some(" 李工 ".into()), ..Default::default() };
    assert_eq!(code_of(d.desk.correct_case(d.clerk, id, &correction(by_name, "核对"), at(10))), ErrorCode::Recusal, "by name");
    let other = CaseCorrection { staff_user_id: Some(d.other_handler), ..Default::default() };
    let ok = d.desk.correct_case(d.clerk, id, &correction(other, "客户投诉的是孙工"), at(10)).unwrap();
    assert_eq!((ok.case.staff_user_id, ok.case.staff_name.as_deref()), (Some(d.other_handler), Some("孙工")), "someone else: the user and their name");
    let cleared = CaseCorrection { staff_name: Some(String::new()), ..Default::default() };
    let ok = d.desk.correct_case(d.clerk, id, &correction(cleared, "不是针对某位员工"), at(11)).unwrap();
    assert_eq!((ok.case.staff_user_id, ok.case.staff_name), (None, None), "an empty name clears the staff member");
}

#[test]
fn refused_corrections_write_nothing() {
    let mut d = desk(Profile::Property);
    let id = assigned(&mut d, "13800138000");
    let version = stored(&d.desk, id).0.version;
    let table: Vec<(&str, i64, CorrectionInput, ErrorCode, Option<&str>)> = vec![
        ("no field", d.clerk, correction(CaseCorrection::default(), "核对"), ErrorCode::Invalid, None),
        ("the same value", d.clerk, correction(phone("138-0013-8000"), "核对"), ErrorCode::Invalid, None),
        ("a malformed phone", d.clerk, correction(phone("138abc"), "核对"), ErrorCode::Invalid, Some("customer_phone")),
        ("no reason", d.clerk, correction(phone("13900139000"), ""), ErrorCode::Required, Some("reason")),
        ("a control character in the reason", d.clerk, correction(phone("13900139000"), "核\u{1b}对"), ErrorCode::Invalid, Some("reason")),
        ("a role that may not", d.followup, correction(phone("13900139000"), "核对"), ErrorCode::RoleNotAllowed, Some("customer_phone")),
        ("a field of the other profile", d.clerk, correction(CaseCorrection { policy_number: Some("P1".into()), ..Default::default() }, "核对"), ErrorCode::Invalid, Some("policy_number")),
        ("recusal", d.clerk, correction(CaseCorrection { staff_user_id: Some(d.handler), ..Default::default() }, "核对"), ErrorCode::Recusal, Some("staff_name")),
        ("an unknown staff user", d.clerk, correction(CaseCorrection { staff_user_id: Some(9999), ..Default::default() }, "核对"), ErrorCode::Invalid, Some("staff_user_id")),
        ("a received time after registration", d.clerk, correction(CaseCorrection { received_at: Some(at(60)), ..Default::default() }, "核对"), ErrorCode::Invalid, Some("received_at")),
        ("a stale version", d.clerk, CorrectionInput { expected_version: Some(version - 1), ..correction(phone("13900139000"), "核对") }, ErrorCode::Conflict, None),
        ("findings by someone who is not a handler", d.admin, correction(CaseCorrection { facts: Some("x".into()), ..Default::default() }, "核对"), ErrorCode::RoleNotAllowed, Some("facts")),
    ];
    for (why, actor, input, code, field) in table {
        let before = stored(&d.desk, id);
        let events_before = d.desk.check_db().unwrap().events;
        let e = d.desk.correct_case(actor, id, &input, at(30)).expect_err(why);
        assert_eq!((e.code, e.field.as_deref()), (code, field), "{why}: refused with its code and field ({e:?})");
        assert_eq!(stored(&d.desk, id), before, "{why}: the case and its timeline are as they were");
        assert_eq!(d.desk.check_db().unwrap().events, events_before, "{why}: no event anywhere");
    }
    assert!(d.desk.verify_audit(d.admin).unwrap().ok, "the chain is whole");
}

#[test]
fn search_finds_the_corrected_phone_and_name_and_not_the_old_ones() {
    let d = desk(Profile::Property);
    let id = d.desk.create_case(d.clerk, &elevator_complaint("13800138000"), t0()).unwrap().case.id;
    let fields = CaseCorrection { customer_phone: Some("13712345678".into()), customer_name: Some("陈美玲".into()), ..Default::default() };
    d.desk.correct_case(d.clerk, id, &correction(fields, "姓名电话登记错误"), at(5)).unwrap();
    let found = |desk: &Desk, text: &str| -> Vec<i64> {
        desk.list_cases(d.clerk, &CaseQuery { text: Some(text.into()), ..Default::default() }).unwrap().rows.iter().map(|r| r.id).collect()
    };
    assert_eq!(found(&d.desk, "13712345678"), vec![id], "the corrected phone finds the case");
    assert_eq!(found(&d.desk, "1371234"), vec![id], "so does a part of it");
    assert_eq!(found(&d.desk, "美玲"), vec![id], "and the corrected name");
    assert!(found(&d.desk, "13800138000").is_empty(), "the mistyped phone no longer does");
    assert_eq!(found(&d.desk, "电梯"), vec![id], "the rest of the text is still indexed");
    assert!(d.desk.open_cases_by_phone(d.clerk, "13712345678").unwrap().iter().any(|r| r.id == id), "the intake warning finds it by the new phone");
}

#[test]
fn anonymous_feedback_has_no_customer_to_correct_and_times_are_judged_at_registration() {
    let d = desk(Profile::Property);
    let feedback = complaintdesk_core::domain::case::CaseInput { anonymous: true, customer_name: None, customer_phone: None, ..elevator_complaint("") };
    let id = d.desk.create_case(d.clerk, &feedback, t0()).unwrap().case.id;
    let e = d.desk.correct_case(d.clerk, id, &correction(phone("13900139000"), "核对"), at(5)).unwrap_err();
    assert_eq!((e.field.as_deref(), e.rule.as_deref()), (Some("customer_phone"), Some("correction.not_correctable")));
    assert!(!d.desk.case_detail_at(d.clerk, id, at(5)).unwrap().correctable_fields.contains(&CorrectionField::CustomerName));
    // Received five years and more before registration: refused as intake would have.
    let long_ago = Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap();
    let e = d.desk.correct_case(d.clerk, id, &correction(CaseCorrection { received_at: Some(long_ago), ..Default::default() }, "核对"), at(5)).unwrap_err();
    assert_eq!(e.rule.as_deref(), Some("received_at.too_old"));
}
}
