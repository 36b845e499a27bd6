//! 集中回访 on both stores: a supervisor calls back a set of cases for an improvement item; each
//! gets a campaign call in the queue apart from its own follow-up; calls are reached, retried
//! until unreachable, or find the problem back (a new case, linked; the closed case stays
//! closed); the figures count them; closing leaves the calls not made as 未拨打 and the item
//! shows the campaign. Every call is on its case's timeline and the audit chain verifies.
use chrono::{Duration, NaiveDate};
use complaintdesk_core::desk::campaigns::CampaignInput;
use complaintdesk_core::desk::improvements::ImprovementInput;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::campaign::{CallInput, CallState, CampaignStatus};
use complaintdesk_core::domain::case::EventKind;
use complaintdesk_core::domain::followup::AttemptInput;
use complaintdesk_core::domain::lifecycle::StepFields;
use complaintdesk_core::domain::types::{ContactMethod, Profile, Role};
use complaintdesk_core::domain::ErrorCode;

mod common;
use common::{add_user, elevator_complaint, set_up, step, t0};

fn at(hours: i64) -> chrono::DateTime<chrono::Utc> {
    t0() + Duration::hours(hours)
}

fn reached(score: i64, back: bool, said: Option<&str>) -> CallInput {
    CallInput { method: Some(ContactMethod::Phone), reached: true, satisfaction: Some(score), problem_back: Some(back), comment: said.map(str::to_string) }
}

fn not_reached() -> CallInput {
    CallInput { method: Some(ContactMethod::Phone), reached: false, ..Default::default() }
}

/// A lift complaint from `phone`, handled by `handler` and closed after a satisfied follow-up.
fn closed_case(desk: &Desk, admin: i64, handler: i64, followup: i64, phone: &str) -> i64 {
    let id = desk.create_case(admin, &elevator_complaint(phone), at(0)).unwrap().case.id;
    desk.move_case(admin, id, &step("accept", StepFields::default()), at(1)).unwrap();
    let assign = StepFields { department: Some("工程部".into()), handler_id: Some(handler), ..Default::default() };
    desk.move_case(admin, id, &step("assign", assign), at(1)).unwrap();
    desk.move_case(handler, id, &step("start", StepFields::default()), at(2)).unwrap();
    let respond = StepFields {
        facts: Some("电梯控制板故障".into()),
        decision_basis: Some("物业服务合同".into()),
        outcome: Some("已更换控制板".into()),
        notice_method: Some(ContactMethod::Phone),
        ..Default::default()
    };
    desk.move_case(handler, id, &step("respond", respond), at(3)).unwrap();
    let call = AttemptInput { method: Some(ContactMethod::Phone), reached: true, satisfaction: Some(5), solved: Some(true), ..Default::default() };
    let d = desk.record_followup(followup, id, &call, at(4)).unwrap();
    assert!(d.case.closed_at.is_some(), "the follow-up closed the case");
    id
}

on_both_stores! {
#[test]
fn a_campaign_calls_each_case_apart_from_its_follow_up_and_counts_what_the_customers_said() {
    let (mut desk, admin, _place) = set_up(Profile::Property, t0());
    let handler = add_user(&mut desk, admin, "li", "李工", vec![Role::Handler], t0());
    let followup = add_user(&mut desk, admin, "zhao", "赵回访", vec![Role::Followup], t0());
    let clerk = add_user(&mut desk, admin, "wang", "王前台", vec![Role::Clerk], t0());
    let cases: Vec<i64> = ["13800138001", "13800138002", "13800138003", "13800138004"].iter().map(|p| closed_case(&desk, admin, handler, followup, p)).collect();
    let opened_at = at(24);
    let today = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap().max(opened_at.date_naive());
    let item = desk
        .open_improvement(
            admin,
            &ImprovementInput { cause: "equipment".into(), action: "更换全部电梯控制板".into(), owner_id: handler, due_on: today + Duration::days(10), case_ids: cases.clone(), ..Default::default() },
            opened_at,
        )
        .unwrap();
    let input = CampaignInput {
        title: "电梯整改回访".into(),
        script: "{customer_name}您好，我们回访您反映的“{subject}”（{case_number}）。".into(),
        starts_on: today,
        ends_on: today + Duration::days(14),
        improvement_id: Some(item.item.id),
        case_ids: cases.clone(),
    };
    assert_eq!(desk.open_campaign(clerk, &input, opened_at).unwrap_err().code, ErrorCode::RoleNotAllowed, "a clerk does not start campaigns");
    let past = CampaignInput { ends_on: today - Duration::days(10), starts_on: today - Duration::days(20), ..input.clone() };
    assert_eq!(desk.open_campaign(admin, &past, opened_at).unwrap_err().field.as_deref(), Some("ends_on"));
    let unknown = desk.open_campaign(admin, &CampaignInput { script: "{nobody}".into(), ..input.clone() }, opened_at).unwrap_err();
    assert_eq!(unknown.field.as_deref(), Some("script"), "a placeholder the scripts do not have");
    let opened = desk.open_campaign(admin, &input, opened_at).unwrap();
    assert_eq!((opened.campaign.figures.calls, opened.campaign.figures.pending), (4, 4));
    assert!(opened.can_close && !opened.calls.is_empty());

    // The calls are in the 回访 queue of the follow-up clerk, not in the cases' own follow-ups.
    let queue = desk.campaign_queue(followup).unwrap();
    assert_eq!(queue.iter().map(|c| c.case_id).collect::<Vec<_>>(), cases);
    assert!(desk.followup_queue(followup, opened_at).unwrap().rows.is_empty(), "the closed cases have no follow-up task of their own");
    assert_eq!(desk.campaign_queue(clerk).unwrap_err().code, ErrorCode::RoleNotAllowed);
    let form = desk.campaign_call(followup, queue[0].id).unwrap();
    assert!(form.script.contains("（TS-") && form.script.contains("您好"), "the script is filled in for the case: {}", form.script);

    let call_at = opened_at + Duration::hours(2);
    // 1: satisfied. 2: the problem is back: a new case. 3: never answers. 4: not called.
    desk.record_campaign_call(followup, queue[0].id, &reached(5, false, None), call_at).unwrap();
    let back = desk.record_campaign_call(followup, queue[1].id, &reached(2, true, Some("电梯又停在两层之间")), call_at).unwrap();
    let new_number = back.call.new_case_number.clone().expect("a new case for the problem that is back");
    let new_case = desk.case_detail_at(admin, back.call.new_case_id.unwrap(), call_at).unwrap().case;
    assert_eq!(new_case.number, new_number);
    assert!(new_case.description.contains(&queue[1].case_number) && new_case.description.contains("电梯又停在两层之间"), "{}", new_case.description);
    assert_eq!((new_case.category.as_str(), new_case.customer_phone.is_some()), ("repair", true));
    let old = desk.case_detail_at(admin, cases[1], call_at).unwrap();
    assert!(old.case.closed_at.is_some(), "a campaign never reopens the closed case");
    for n in 0..3 {
        let r = desk.record_campaign_call(followup, queue[2].id, &not_reached(), call_at + Duration::hours(n)).unwrap();
        assert_eq!(r.call.attempts, n as u32 + 1);
    }
    assert_eq!(desk.campaign_call(followup, queue[2].id).unwrap().call.state, CallState::Unreachable, "three unanswered calls of three");
    let again = desk.record_campaign_call(followup, queue[0].id, &reached(4, false, None), call_at).unwrap_err();
    assert_eq!(again.rule.as_deref(), Some("campaign.call_done"));

    let running = desk.campaign(admin, opened.campaign.id, call_at).unwrap().campaign;
    let f = &running.figures;
    assert_eq!((f.calls, f.reached, f.satisfied, f.problem_back, f.unreachable, f.pending), (4, 2, 1, 1, 1, 1));
    assert_eq!(running.summary, "回访 4 户，接通 2 户，满意 1 户（50%），问题复现 1 户，待回访 1 户。");

    // Closing needs a result; it leaves the call not made as 未拨打, and takes no more calls.
    assert_eq!(desk.close_campaign(admin, opened.campaign.id, " ", running.version, call_at).unwrap_err().field.as_deref(), Some("result"));
    assert_eq!(desk.close_campaign(followup, opened.campaign.id, "好", running.version, call_at).unwrap_err().code, ErrorCode::RoleNotAllowed);
    let closed = desk.close_campaign(admin, opened.campaign.id, "多数客户认可整改，1 户问题复现已另案处理", running.version, call_at).unwrap();
    assert_eq!(closed.campaign.status, CampaignStatus::Closed);
    assert_eq!(closed.calls.iter().filter(|c| c.state == CallState::Dropped).count(), 1);
    assert_eq!(desk.close_campaign(admin, opened.campaign.id, "再关一次", closed.campaign.version, call_at).unwrap_err().rule.as_deref(), Some("campaign.closed"));
    assert!(desk.campaign_queue(followup).unwrap().is_empty());
    assert_eq!(desk.record_campaign_call(followup, queue[3].id, &reached(5, false, None), call_at).unwrap_err().rule.as_deref(), Some("campaign.closed"));

    // The item shows its campaign and result; the cases' timelines have every call.
    let shown = desk.improvement(admin, item.item.id, call_at).unwrap();
    assert_eq!(shown.campaigns.len(), 1);
    assert_eq!(shown.campaigns[0].result, "多数客户认可整改，1 户问题复现已另案处理");
    let timeline = desk.case_detail_at(admin, cases[2], call_at).unwrap().events;
    let calls: Vec<_> = timeline.iter().filter(|e| e.kind == EventKind::Campaign).collect();
    assert_eq!(calls.len(), 4, "added, then three calls");
    assert_eq!(calls[0].action.as_deref(), Some("campaign_added"));
    let created = desk.case_detail_at(admin, new_case.id, call_at).unwrap().events;
    assert!(created[0].kind == EventKind::Created, "the new case starts as any case does");
    assert!(desk.verify_audit(admin).unwrap().ok, "the audit chain holds every campaign event");
}

#[test]
fn a_problem_back_needs_the_customers_words_and_a_refused_call_writes_nothing() {
    let (mut desk, admin, _place) = set_up(Profile::Property, t0());
    let handler = add_user(&mut desk, admin, "li", "李工", vec![Role::Handler], t0());
    let followup = add_user(&mut desk, admin, "zhao", "赵回访", vec![Role::Followup], t0());
    let id = closed_case(&desk, admin, handler, followup, "13800138009");
    let today = at(24).date_naive().max(NaiveDate::from_ymd_opt(2026, 3, 3).unwrap());
    let input = CampaignInput { title: "回访".into(), script: "您好".into(), starts_on: today, ends_on: today, improvement_id: None, case_ids: vec![id] };
    let opened = desk.open_campaign(admin, &input, at(24)).unwrap();
    let call = opened.calls[0].id;
    let before = desk.list_cases(admin, &Default::default()).unwrap().total;
    let e = desk.record_campaign_call(followup, call, &reached(1, true, None), at(25)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("comment"));
    let e = desk.record_campaign_call(followup, call, &CallInput { satisfaction: Some(3), ..not_reached() }, at(25)).unwrap_err();
    assert_eq!(e.rule.as_deref(), Some("campaign.not_reached.no_answer"));
    let form = desk.campaign_call(followup, call).unwrap();
    assert_eq!((form.call.state, form.call.attempts), (CallState::Open, 0), "nothing recorded");
    assert_eq!(desk.list_cases(admin, &Default::default()).unwrap().total, before, "no new case");
    assert_eq!(desk.case_detail_at(admin, id, at(25)).unwrap().events.iter().filter(|e| e.kind == EventKind::Campaign).count(), 1);
}
}
