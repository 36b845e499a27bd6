//! 批量操作 on a temp database: a step for many selected cases, each judged by `move_case`'s rules
//! in its own transaction (a refused case is left as it was and the others go through), one
//! outcome per case in the order given with the refusal's code, field and rule; the batch refused
//! as a whole only for the role, the step, an empty or oversized selection; and 导出所选, the
//! Excel rows of exactly the selected cases.
mod common;

use calamine::{Data, Reader, Xlsx};
use chrono::{DateTime, Duration, Utc};
use common::{add_user, elevator_complaint, set_up, step, t0};
use complaintdesk_core::desk::batch::MAX_BATCH;
use complaintdesk_core::desk::dto::{BatchMoveInput, BatchOutcome, CaseDetail};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{CaseInput, CaseQuery, EventKind};
use complaintdesk_core::domain::lifecycle::StepFields;
use complaintdesk_core::domain::types::{Profile, Role};
use complaintdesk_core::domain::ErrorCode;

/// A property desk: 张主管 (admin, clerk, supervisor), a clerk, two handlers.
struct Team {
    desk: Desk,
    supervisor: i64,
    clerk: i64,
    li: i64,
    sun: i64,
    _dir: common::Place,
}

fn team() -> Team {
    let at = t0() - Duration::days(1);
    let (mut desk, supervisor, dir) = set_up(Profile::Property, at);
    let clerk = add_user(&mut desk, supervisor, "wang", "王前台", vec![Role::Clerk], at);
    let li = add_user(&mut desk, supervisor, "li", "李工", vec![Role::Handler], at);
    let sun = add_user(&mut desk, supervisor, "sun", "孙工", vec![Role::Handler], at);
    Team { desk, supervisor, clerk, li, sun, _dir: dir }
}

/// The instant of the batch: an hour after the cases were registered.
fn later() -> DateTime<Utc> {
    t0() + Duration::hours(1)
}

impl Team {
    fn register(&mut self, input: &CaseInput) -> i64 {
        self.desk.create_case(self.clerk, input, t0()).unwrap().case.id
    }
    fn accepted(&mut self, input: &CaseInput) -> i64 {
        let id = self.register(input);
        self.desk.move_case(self.supervisor, id, &step("accept", StepFields::default()), t0()).unwrap();
        id
    }
    fn assigned_to(&mut self, handler: i64) -> i64 {
        let id = self.accepted(&elevator_complaint("13800138002"));
        self.desk.move_case(self.supervisor, id, &step("assign", to(handler)), t0()).unwrap();
        id
    }
    fn detail(&self, id: i64) -> CaseDetail {
        self.desk.case_detail_at(self.supervisor, id, later()).unwrap()
    }
    fn batch(&mut self, actor: i64, ids: &[i64], action: &str, fields: StepFields) -> Vec<BatchOutcome> {
        self.desk.move_cases(actor, &BatchMoveInput { ids: ids.to_vec(), action: action.into(), fields }, later()).unwrap()
    }
}

fn to(handler: i64) -> StepFields {
    StepFields { department: Some("工程部".into()), handler_id: Some(handler), ..Default::default() }
}

fn refusal(o: &BatchOutcome) -> (ErrorCode, Option<&str>, Option<&str>) {
    let e = o.error.as_ref().unwrap_or_else(|| panic!("case {} was refused: {o:?}", o.id));
    (e.code, e.field.as_deref(), e.rule.as_deref())
}

fn sheet(bytes: Vec<u8>) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("a readable xlsx");
    let range = book.worksheet_range("案件").expect("the sheet is there");
    range.rows().map(|r| r.iter().map(|c| if let Data::String(s) = c { s.clone() } else { c.to_string() }).collect()).collect()
}

on_both_stores! {
#[test]
fn a_batch_accept_takes_the_registered_cases_and_names_why_the_others_were_not() {
    let mut t = team();
    let first = t.register(&elevator_complaint("13800138001"));
    let done = t.accepted(&elevator_complaint("13800138002"));
    let second = t.register(&elevator_complaint("13800138003"));
    let third = t.register(&elevator_complaint("13800138004"));
    let before = t.detail(done);
    // The role a single accept by the same user is recorded in (张主管 holds clerk and supervisor).
    let single_role = before.events.iter().find(|e| e.action.as_deref() == Some("accept")).unwrap().actor_role;

    let missing = 999_999;
    let outcomes = t.batch(t.supervisor, &[first, done, second, first, missing, third], "accept", StepFields::default());

    let ids: Vec<i64> = outcomes.iter().map(|o| o.id).collect();
    assert_eq!(ids, vec![first, done, second, missing, third], "one outcome per case, in the order given, the repeated id once");
    for id in [first, second, third] {
        let o = outcomes.iter().find(|o| o.id == id).unwrap();
        let detail = t.detail(id);
        assert!(o.ok && o.error.is_none(), "a registered case is accepted: {o:?}");
        assert_eq!(o.number.as_deref(), Some(detail.case.number.as_str()), "the outcome names the case by its number");
        assert_eq!(o.status.as_deref(), Some("accepted"), "the outcome gives the status reached");
        assert_eq!(detail.case.status, "accepted", "the case is accepted in the database");
        assert_eq!(detail.case.accepted_at, Some(later()), "stamped at the batch's instant, as one step would be");
        let event = detail.events.last().unwrap();
        assert_eq!(
            (event.kind, event.action.as_deref(), event.actor_id, event.actor_role, event.at),
            (EventKind::Transition, Some("accept"), Some(t.supervisor), single_role, later()),
            "the timeline records the step exactly as a single accept"
        );
    }

    let refused = &outcomes[1];
    assert!(!refused.ok, "an accepted case cannot be accepted again");
    assert_eq!(refusal(refused), (ErrorCode::TransitionNotAllowed, None, Some("transition.accept.from")), "refused by the lifecycle's rule");
    assert!(refused.error.as_ref().unwrap().message.contains("已受理"), "the message names the status it is in");
    assert_eq!((refused.number.as_deref(), refused.status.as_deref()), (Some(before.case.number.as_str()), Some("accepted")));
    let after = t.detail(done);
    assert_eq!(after.case, before.case, "the refused case is unchanged");
    assert_eq!(after.events.len(), before.events.len(), "nothing was written on the refused case's timeline");

    let unknown = &outcomes[3];
    assert_eq!(refusal(unknown).0, ErrorCode::NotFound, "an id that names no case is refused as not found");
    assert_eq!((unknown.number.as_deref(), unknown.status.as_deref()), (None, None), "and has no number");
}

#[test]
fn a_batch_assign_refuses_the_recused_and_the_unaccepted_and_assigns_or_reassigns_the_rest() {
    let mut t = team();
    // 李工 is the staff member complained about in this one: he must not handle it (回避).
    let about_li = t.accepted(&CaseInput { staff_user_id: Some(t.li), ..elevator_complaint("13800138001") });
    let fresh = t.accepted(&elevator_complaint("13800138003"));
    let suns = t.assigned_to(t.sun);
    let unaccepted = t.register(&elevator_complaint("13800138004"));
    let (recused_before, unaccepted_before) = (t.detail(about_li), t.detail(unaccepted));

    let outcomes = t.batch(t.supervisor, &[about_li, fresh, suns, unaccepted], "assign", to(t.li));

    assert_eq!(outcomes.iter().map(|o| o.ok).collect::<Vec<_>>(), vec![false, true, true, false], "the two allowed cases went through");
    assert_eq!(refusal(&outcomes[0]), (ErrorCode::Recusal, Some("handler_id"), Some("recusal")), "the recusal names the handler field");
    assert_eq!(
        refusal(&outcomes[3]),
        (ErrorCode::TransitionNotAllowed, None, Some("transition.assign.from")),
        "a case not yet accepted cannot be assigned"
    );
    for (id, before) in [(about_li, recused_before), (unaccepted, unaccepted_before)] {
        let after = t.detail(id);
        assert_eq!(after.case, before.case, "a refused case is unchanged");
        assert_eq!(after.events.len(), before.events.len(), "and has no new event");
    }
    for id in [fresh, suns] {
        let c = t.detail(id).case;
        assert_eq!((c.status.as_str(), c.handler_id, c.department.as_deref()), ("assigned", Some(t.li), Some("工程部")), "assigned to 李工");
    }
    let reassigned = t.detail(suns);
    let event = reassigned.events.last().unwrap();
    assert_eq!(event.action.as_deref(), Some("assign"), "转派 is the lifecycle's assign step");
    assert_eq!(
        event.before.as_ref().and_then(|b| b.get("handler_id")).and_then(|v| v.as_i64()),
        Some(t.sun),
        "the event keeps the handler before (孙工), as a single reassignment does"
    );
}

#[test]
fn a_batch_is_refused_whole_for_a_role_without_the_step_and_writes_nothing() {
    let mut t = team();
    let a = t.accepted(&elevator_complaint("13800138001"));
    let r = t.register(&elevator_complaint("13800138002"));
    let (a_before, r_before) = (t.detail(a), t.detail(r));

    let input = BatchMoveInput { ids: vec![a, r], action: "assign".into(), fields: to(t.li) };
    let e = t.desk.move_cases(t.clerk, &input, later()).unwrap_err();
    assert_eq!((e.code, e.rule.as_deref()), (ErrorCode::RoleNotAllowed, Some("transition.assign.roles")), "a clerk does not assign");
    let input = BatchMoveInput { ids: vec![a, r], action: "accept".into(), fields: StepFields::default() };
    let e = t.desk.move_cases(t.li, &input, later()).unwrap_err();
    assert_eq!(e.code, ErrorCode::RoleNotAllowed, "a handler does not accept");
    assert_eq!((t.detail(a).case, t.detail(r).case), (a_before.case, r_before.case), "no case changed");
    assert_eq!((t.detail(a).events.len(), t.detail(r).events.len()), (a_before.events.len(), r_before.events.len()), "no event written");

    let outcomes = t.batch(t.clerk, &[r], "accept", StepFields::default());
    assert!(outcomes[0].ok, "a clerk may accept in a batch as one at a time: {outcomes:?}");

    let steps = |desk: &Desk, who: i64| desk.app_state(Some(who), false).unwrap().permissions.batch_steps;
    assert_eq!(steps(&t.desk, t.supervisor), vec!["accept", "assign"], "the supervisor is offered 批量受理 and 分派/转派");
    assert_eq!(steps(&t.desk, t.clerk), vec!["accept"], "the clerk only 批量受理");
    assert!(steps(&t.desk, t.li).is_empty(), "a handler is offered no batch step");
}

#[test]
fn an_empty_an_oversized_or_a_non_batch_request_is_refused_naming_the_field() {
    let mut t = team();
    let id = t.register(&elevator_complaint("13800138001"));
    let call = |t: &mut Team, ids: Vec<i64>, action: &str| {
        t.desk.move_cases(t.supervisor, &BatchMoveInput { ids, action: action.into(), fields: StepFields::default() }, later())
    };

    let e = call(&mut t, vec![], "accept").unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Required, Some("ids")), "no case selected");
    let too_many: Vec<i64> = (1..=MAX_BATCH as i64 + 1).collect();
    let e = call(&mut t, too_many, "accept").unwrap_err();
    assert_eq!((e.code, e.field.as_deref(), e.rule.as_deref()), (ErrorCode::Invalid, Some("ids"), Some("batch.max")), "over the limit");
    assert!(e.message.contains(&MAX_BATCH.to_string()), "the message says the limit: {}", e.message);
    let e = call(&mut t, vec![id], "start").unwrap_err();
    assert_eq!((e.code, e.field.as_deref(), e.rule.as_deref()), (ErrorCode::Invalid, Some("action"), Some("batch.action")), "not a batch step");
    let e = call(&mut t, vec![id], "assign").unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Required, Some("department")), "分派 without its fields, said once for the form");
    assert_eq!(t.detail(id).case.status, "registered", "nothing was taken");

    // Repeats count once: the limit's worth of ids, some given twice, is one batch.
    let mut ids: Vec<i64> = (1..=MAX_BATCH as i64).collect();
    ids.extend([1, 2, 3]);
    let outcomes = call(&mut t, ids, "accept").unwrap();
    assert_eq!(outcomes.len(), MAX_BATCH, "each case once");
    assert!(outcomes.iter().find(|o| o.id == id).unwrap().ok, "the one registered case is accepted");
}

#[test]
fn exporting_the_selected_cases_writes_exactly_their_rows() {
    let mut t = team();
    let ids: Vec<i64> = (0..5)
        .map(|i| {
            let at = t0() + Duration::minutes(i);
            let input = CaseInput { received_at: Some(at), ..elevator_complaint(&format!("1380013800{i}")) };
            t.desk.create_case(t.clerk, &input, at).unwrap().case.id
        })
        .collect();
    let number = |t: &Team, id: i64| t.detail(id).case.number;

    let selected = CaseQuery { ids: Some(vec![ids[1], ids[3], 999_999, ids[1]]), ..Default::default() };
    let rows = sheet(t.desk.export_cases(t.clerk, &selected).unwrap());
    let numbers: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(numbers, vec![number(&t, ids[3]), number(&t, ids[1])], "the two selected cases, once each, newest first as the list sorts");

    let e = t.desk.export_cases(t.clerk, &CaseQuery { ids: Some(vec![]), ..Default::default() }).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Required, Some("ids")), "an empty selection is refused, not read as every case");
    let too_many = CaseQuery { ids: Some((1..=MAX_BATCH as i64 + 1).collect()), ..Default::default() };
    assert_eq!(t.desk.export_cases(t.clerk, &too_many).unwrap_err().field.as_deref(), Some("ids"), "so is one over the limit");
    let admin_only = add_user(&mut t.desk, t.supervisor, "root", "系统管理员", vec![Role::Admin], t0());
    let e = t.desk.export_cases(admin_only, &selected).unwrap_err();
    assert_eq!(e.code, ErrorCode::RoleNotAllowed, "only those who may export a list export a selection");

    let listed = t.desk.list_cases(t.clerk, &CaseQuery { ids: Some(vec![ids[0], ids[4]]), ..Default::default() }).unwrap();
    assert_eq!(listed.total, 2, "the list filters by the same ids");
}
}
