//! Clocks on real cases through the use-cases: the due summary kept on every write, extensions
//! and their refusals, the watcher's tick (warnings, breach, escalation, catch-up), deadline
//! queues, and calendar import.
mod common;
use common::claim_delay;
use chrono::{DateTime, Duration, TimeZone, Utc};
use complaintdesk_core::desk::dto::{ExtensionInput, MoveInput, SetupInput, UserInput};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{CaseQuery, EventKind, SortKey};
use complaintdesk_core::domain::deadline::feed::DueState;
use complaintdesk_core::domain::deadline::ClockStateKind;
use complaintdesk_core::domain::lifecycle::StepFields;
use complaintdesk_core::domain::types::{ContactMethod, Profile, Role};
use complaintdesk_core::domain::ErrorCode;

/// Monday 2 March 2026, 10:00 in Beijing.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

struct Desk2 {
    desk: Desk,
    boss: i64,
    handler: i64,
    _dir: common::Place,
}

fn insurance_desk() -> Desk2 {
    let dir = common::Place::new();
    let desk = dir.create();
    let boss = desk
        .setup(
            &SetupInput {
                profile: Profile::Insurance,
                org_name: "平安路营业部".into(),
                admin_login: "zhou".into(),
                admin_display_name: "周经理".into(), admin_password: "pass-1234".into(),
                extra_roles: vec![Role::Clerk, Role::Supervisor],
            },
            t0() - Duration::days(60),
        )
        .unwrap()
        .id;
    let handler = desk
        .create_user(boss, &UserInput { login: "liu".into(), display_name: "刘理赔".into(), roles: vec![Role::Handler], department: None, active: None, password: Some("pass-1234".into()) }, t0())
        .unwrap()
        .id;
    Desk2 { desk, boss, handler, _dir: dir }
}

fn beijing(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

on_both_stores! {
#[test]
fn a_new_insurance_complaint_runs_the_nfra_decision_clock_and_keeps_its_due_time() {
    let t = insurance_desk();
    let d = t.desk.create_case(t.boss, &claim_delay(t0()), t0()).unwrap();
    let decision = d.clocks.iter().find(|c| c.length == 15).expect("the 15-day decision clock runs");
    assert_eq!(decision.state, ClockStateKind::Running);
    // Received Mon 2 March: day 1 is 3 March, day 15 is Tue 17 March, a working day.
    assert_eq!(decision.target_date, Some(beijing(2026, 3, 17)));
    assert_eq!(decision.latest_date, Some(beijing(2026, 3, 17)));
    assert_eq!(d.rule_pack.as_ref().map(|p| p.code.as_str()), Some("nfra-2020"), "insurance desks default to nfra-2020");
    let row = &t.desk.list_cases(t.boss, &CaseQuery::default()).unwrap().rows[0];
    assert_eq!(row.due_at, Some(decision.due), "the list carries the same due time");
    assert_eq!(row.due_state, Some(DueState::Running));
}

#[test]
fn responding_meets_the_clock_and_the_case_leaves_the_deadline_queues() {
    let t = insurance_desk();
    let id = t.desk.create_case(t.boss, &claim_delay(t0()), t0()).unwrap().case.id;
    let step = |action: &str, fields: StepFields| MoveInput { action: action.into(), fields, expected_version: None };
    let at = |days: i64| t0() + Duration::days(days);
    t.desk.move_case(t.boss, id, &step("accept", StepFields::default()), at(0)).unwrap();
    t.desk.move_case(t.boss, id, &step("assign", StepFields { department: Some("理赔部".into()), handler_id: Some(t.handler), ..Default::default() }), at(1)).unwrap();
    t.desk.move_case(t.handler, id, &step("start", StepFields::default()), at(1)).unwrap();
    let d = t
        .desk
        .move_case(
            t.handler,
            id,
            &step("respond", StepFields { facts: Some("f".into()), decision_basis: Some("b".into()), outcome: Some("o".into()), notice_method: Some(ContactMethod::Letter), ..Default::default() }),
            at(10),
        )
        .unwrap();
    let decision = d.clocks.iter().find(|c| c.length == 15).unwrap();
    assert_eq!(decision.state, ClockStateKind::Met, "the notice sent on day 10 meets the 15-day clock");
    let overdue = t.desk.list_cases(t.boss, &CaseQuery { due_states: Some(vec![DueState::Breached]), ..Default::default() }).unwrap();
    assert_eq!(overdue.total, 0);
}

#[test]
fn extensions_follow_the_steps_and_refusals_write_nothing() {
    let t = insurance_desk();
    let id = t.desk.create_case(t.boss, &claim_delay(t0()), t0()).unwrap().case.id;
    let before = t.desk.case_detail_at(t.boss, id, t0()).unwrap();

    let e = t.desk.approve_extension(t.handler, id, &ExtensionInput { step: 1, approver: None, customer_notified: Some(true), reason: Some("需外部鉴定".into()), clock: None }, t0()).unwrap_err();
    assert_eq!(e.code, ErrorCode::RoleNotAllowed, "only a supervisor approves an extension");
    let e = t.desk.approve_extension(t.boss, id, &ExtensionInput { step: 2, approver: Some("分公司王总".into()), customer_notified: Some(true), reason: Some("x".into()), clock: None }, t0()).unwrap_err();
    assert_eq!(e.code, ErrorCode::ExtensionNotAllowed, "step 2 before step 1 is refused: {e:?}");
    let after_refusals = t.desk.case_detail_at(t.boss, id, t0()).unwrap();
    assert_eq!(after_refusals.events.len(), before.events.len(), "refusals write nothing");

    let d = t.desk.approve_extension(t.boss, id, &ExtensionInput { step: 1, approver: None, customer_notified: Some(true), reason: Some("案情复杂".into()), clock: None }, t0() + Duration::days(3)).unwrap();
    let decision = d.clocks.iter().find(|c| c.extension_step == 1).expect("step 1 is in force");
    assert_eq!(decision.length, 30, "step 1 extends to 30 natural days");
    assert_eq!(d.events.last().unwrap().kind, EventKind::Extension, "the approval is on the timeline");
    let e = t.desk.approve_extension(t.boss, id, &ExtensionInput { step: 2, approver: None, customer_notified: Some(true), reason: Some("仍需鉴定".into()), clock: None }, t0() + Duration::days(20)).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Required, Some("approver")), "step 2 names the missing approver: {e:?}");
    assert!(t.desk.case_detail_at(t.boss, id, t0() + Duration::days(20)).unwrap().can_extend, "a step is left");
    let d = t.desk.approve_extension(t.boss, id, &ExtensionInput { step: 2, approver: Some("分公司王总".into()), customer_notified: Some(true), reason: Some("仍需鉴定".into()), clock: None }, t0() + Duration::days(20)).unwrap();
    assert_eq!(d.clocks.iter().find(|c| c.extension_step == 2).map(|c| c.length), Some(60));
    let d = t.desk.case_detail_at(t.boss, id, t0() + Duration::days(20)).unwrap();
    assert!(!d.can_extend, "with both steps used there is nothing left to extend, so no button");
}

#[test]
fn the_watcher_warns_then_breaches_once_raises_escalation_and_catches_up() {
    let t = insurance_desk();
    let fresh = t.desk.create_case(t.boss, &claim_delay(t0()), t0()).unwrap().case.id;
    let old = t.desk.create_case(t.boss, &claim_delay(t0() - Duration::days(20)), t0()).unwrap().case.id;

    // At creation the old case is already past its due time: the first look records the breach.
    let report = t.desk.tick(t0() + Duration::minutes(1), 100).unwrap();
    let levels: Vec<(i64, u32)> = report.alerts.iter().map(|a| (a.case_id, a.level)).collect();
    assert!(levels.contains(&(old, 100)), "the case received 20 days ago breached its 15-day clock: {levels:?}");
    assert!(!levels.iter().any(|(id, _)| *id == fresh), "the fresh case has nothing to say yet");
    let d = t.desk.case_detail_at(t.boss, old, t0() + Duration::minutes(1)).unwrap();
    assert_eq!(d.case.escalation, 1, "a breach raises the escalation level by one");
    let breach = d.events.iter().find(|e| e.kind == EventKind::Deadline).expect("the breach is on the timeline");
    assert_eq!((breach.action.as_deref(), breach.actor_role), (Some("breached"), Role::System));
    let again = t.desk.tick(t0() + Duration::minutes(2), 100).unwrap();
    assert!(again.alerts.is_empty(), "a breach is recorded once: {:?}", again.alerts);

    // The laptop was off for twelve days: one look at start-up catches up with the 75% and 90% lines
    // (the highest is recorded) for the fresh case, which is due on 17 March.
    let later = t0() + Duration::days(14) + Duration::hours(1);
    let report = t.desk.tick(later, 100).unwrap();
    let fresh_alert = report.alerts.iter().find(|a| a.case_id == fresh).expect("the fresh case crossed its warning lines");
    assert_eq!(fresh_alert.level, 90, "14 of 16 days used: past 90%");
    let report = t.desk.tick(t0() + Duration::days(17), 100).unwrap();
    assert_eq!(report.alerts.iter().map(|a| (a.case_id, a.level)).collect::<Vec<_>>(), vec![(fresh, 100)], "then it breaches");
    let overdue = t.desk.list_cases(t.boss, &CaseQuery { due_states: Some(vec![DueState::Breached]), sort: Some(SortKey::DueAt), descending: Some(false), ..Default::default() }).unwrap();
    assert_eq!(overdue.rows.iter().map(|r| r.id).collect::<Vec<_>>(), vec![old, fresh], "overdue cases, earliest due first");
    let by_due_with_text = t.desk.list_cases(t.boss, &CaseQuery { text: Some("理赔".into()), sort: Some(SortKey::DueAt), descending: Some(false), ..Default::default() }).unwrap();
    assert_eq!((by_due_with_text.total, by_due_with_text.rows.len()), (2, 2), "text search sorted by due time counts what it lists");
    let queues = t.desk.my_work(t.boss, t0() + Duration::days(17)).unwrap();
    let count = |key: &str| queues.iter().find(|q| q.key == key).map(|q| q.count);
    assert_eq!(count("supervisor.overdue"), Some(2));
}

#[test]
fn a_watcher_round_reads_only_cases_due_for_a_look() {
    let t = insurance_desk();
    for i in 0..30 {
        t.desk.create_case(t.boss, &claim_delay(t0() - Duration::hours(i)), t0()).unwrap();
    }
    let first = t.desk.tick(t0() + Duration::minutes(1), 100).unwrap();
    assert_eq!(first.checked, 0, "nothing crosses a line in the first minute");
    let batch = t.desk.tick(t0() + Duration::days(13), 10).unwrap();
    assert_eq!((batch.checked, batch.more), (10, true), "a round takes at most its batch and says more are waiting");
    let rest = t.desk.tick(t0() + Duration::days(13), 100).unwrap();
    assert_eq!((rest.checked, rest.more), (20, false));
}

#[test]
fn importing_a_calendar_year_is_for_admins_and_a_bad_file_changes_nothing() {
    let t = insurance_desk();
    let before = t.desk.calendar_years();
    assert!(before.iter().any(|y| y.year == 2025) && before.iter().any(|y| y.year == 2026), "2025 and 2026 ship");
    let y2027 = r#"{"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}"#;
    let e = t.desk.import_calendar(t.handler, y2027, t0()).unwrap_err();
    assert_eq!(e.code, ErrorCode::RoleNotAllowed);
    let e = t.desk.import_calendar(t.boss, "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2027-13-01\nSUMMARY:元旦\nEND:VEVENT\nEND:VCALENDAR\n", t0()).unwrap_err();
    assert_eq!(e.code, ErrorCode::CalendarInvalid, "{}", e.message);
    assert_eq!(t.desk.calendar_years(), before, "a refused file leaves the calendar as it was");
    let admin = t.desk.users().unwrap().into_iter().find(|u| u.roles.contains(&Role::Admin)).unwrap().id;
    let years = t.desk.import_calendar(admin, y2027, t0()).unwrap();
    assert!(years.iter().any(|y| y.year == 2027), "2027 is in use after import");
    // It survives a restart.
    let dir = t._dir;
    drop(t.desk);
    let reopened = dir.open();
    assert!(reopened.calendar_years().iter().any(|y| y.year == 2027), "imported years are stored");
}

#[test]
fn importing_a_year_moves_the_deadlines_of_open_cases_and_a_broken_file_moves_nothing() {
    let t = insurance_desk();
    // 2027 ships no holiday data: received Wed 20 January 2027, day 15 is Thu 4 February,
    // counted on weekends only and marked estimated.
    let received = Utc.with_ymd_and_hms(2027, 1, 20, 2, 0, 0).unwrap();
    let now = received + Duration::hours(1);
    let id = t.desk.create_case(t.boss, &claim_delay(received), now).unwrap().case.id;
    let d = t.desk.case_detail_at(t.boss, id, now).unwrap();
    let clock = d.clocks.iter().find(|c| c.length == 15).unwrap();
    assert!(clock.estimated, "a year without data is an estimate");
    assert_eq!(clock.latest_date, Some(beijing(2027, 2, 4)));
    let row = &t.desk.list_cases(t.boss, &CaseQuery::default()).unwrap().rows[0];
    assert!(row.due_estimated, "the list marks the estimate too");
    let due_before = row.due_at;

    let admin = t.boss;
    let broken = r#"{"year":2027,"days":[{"name":"春节","date":"2027-02-04","isOffDay":"yes"}]}"#;
    assert_eq!(t.desk.import_calendar(admin, broken, now).unwrap_err().code, ErrorCode::CalendarInvalid);
    t.desk.tick(now + Duration::minutes(1), 100).unwrap();
    assert_eq!(t.desk.list_cases(t.boss, &CaseQuery::default()).unwrap().rows[0].due_at, due_before, "a broken file moves nothing");

    // Days off on Thu 4 and Fri 5 February: the last day moves past the weekend to Mon 8 February.
    let y2027 = r#"{"year":2027,"days":[{"name":"春节","date":"2027-02-04","isOffDay":true},{"name":"春节","date":"2027-02-05","isOffDay":true}]}"#;
    t.desk.import_calendar(admin, y2027, now).unwrap();
    let report = t.desk.tick(now + Duration::minutes(1), 100).unwrap();
    assert!(report.checked >= 1, "the import asks the watcher to look at open cases again");
    let d = t.desk.case_detail_at(t.boss, id, now + Duration::minutes(1)).unwrap();
    let clock = d.clocks.iter().find(|c| c.length == 15).unwrap();
    assert!(!clock.estimated, "with 2027's data the date is no longer an estimate");
    assert_eq!(clock.latest_date, Some(beijing(2027, 2, 8)), "the latest legal date moves off the new days off");
    let due_after = t.desk.list_cases(t.boss, &CaseQuery::default()).unwrap().rows[0].due_at;
    assert_eq!(due_after, Some(clock.due), "the list's due time follows");
    assert!(due_after > due_before, "and it moved later");
    assert!(!t.desk.list_cases(t.boss, &CaseQuery::default()).unwrap().rows[0].due_estimated, "no longer an estimate in the list");
}

#[test]
fn an_admin_changes_a_property_service_time_but_not_a_regulators_clock() {
    let dir = common::Place::new();
    let desk = dir.create();
    let admin = desk
        .setup(&SetupInput { profile: Profile::Property, org_name: "翠湖物业".into(), admin_login: "a".into(), admin_display_name: "甲".into(), admin_password: "pass-1234".into(), extra_roles: vec![Role::Clerk, Role::Supervisor] }, t0())
        .unwrap()
        .id;
    let pack = desk.rule_packs().iter().find(|p| p.code == "property-default").unwrap().clone();
    let reply = pack.clocks.iter().find(|c| c.length == 24 && c.applies_when.is_none()).expect("the 24-hour reply clock").code.clone();
    let e = desk.set_service_time(admin, "nfra-2020", "decision", 30, t0()).unwrap_err();
    assert_eq!(e.rule.as_deref(), Some("service_time.property_only"), "regulators' clocks are not the desk's to change");
    let e = desk.set_service_time(admin, "property-hangzhou", "company_reply", 20, t0()).unwrap_err();
    assert_eq!(e.rule.as_deref(), Some("service_time.property_only"), "Hangzhou's 10 days are a local regulation, not policy");
    let changed = desk.set_service_time(admin, "property-default", &reply, 12, t0()).unwrap();
    assert_eq!(changed.clock(&reply).map(|c| c.length), Some(12));
    drop(desk);
    let desk = dir.open();
    let kept = desk.rule_packs().into_iter().find(|p| p.code == "property-default").unwrap();
    assert_eq!(kept.clock(&reply).map(|c| c.length), Some(12), "the setting survives a restart");
}

#[test]
fn a_handler_asks_for_an_extension_and_the_supervisor_sees_it_until_approved() {
    use complaintdesk_core::desk::dto::ExtensionRequestInput;
    let t = insurance_desk();
    let id = t.desk.create_case(t.boss, &claim_delay(t0()), t0()).unwrap().case.id;
    let ask = ExtensionRequestInput { step: 1, reason: "需等待医院出具鉴定意见".into() };
    let e = t.desk.request_extension(t.handler, id, &ask, t0()).unwrap_err();
    assert_eq!(e.code, ErrorCode::RoleNotAllowed, "a handler asks only on their own case");
    let step = |action: &str, fields: StepFields| MoveInput { action: action.into(), fields, expected_version: None };
    t.desk.move_case(t.boss, id, &step("accept", StepFields::default()), t0()).unwrap();
    t.desk.move_case(t.boss, id, &step("assign", StepFields { department: Some("理赔部".into()), handler_id: Some(t.handler), ..Default::default() }), t0()).unwrap();
    assert!(t.desk.case_detail_at(t.handler, id, t0()).unwrap().can_request_extension);
    assert!(!t.desk.case_detail_at(t.handler, id, t0()).unwrap().can_extend, "a handler asks, a supervisor approves");
    let e = t.desk.request_extension(t.handler, id, &ExtensionRequestInput { step: 1, reason: "  ".into() }, t0()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("reason"));
    t.desk.request_extension(t.handler, id, &ask, t0() + Duration::days(2)).unwrap();
    let pending = t.desk.case_detail_at(t.boss, id, t0() + Duration::days(2)).unwrap().pending_extension.expect("the supervisor sees the request");
    assert_eq!((pending.step, pending.reason.as_str(), pending.requested_by.as_deref()), (1, "需等待医院出具鉴定意见", Some("刘理赔")));
    let d = t.desk.approve_extension(t.boss, id, &ExtensionInput { step: 1, approver: None, customer_notified: Some(true), reason: Some(pending.reason), clock: None }, t0() + Duration::days(3)).unwrap();
    assert_eq!(d.pending_extension, None, "approved: nothing pending");
}

#[test]
fn the_desk_zone_is_a_setting_that_admins_change_and_the_clocks_follow() {
    let t = insurance_desk();
    assert_eq!(t.desk.catalog().unwrap().desk_zone, "Asia/Shanghai", "the default zone");
    let id = t.desk.create_case(t.boss, &claim_delay(t0()), t0()).unwrap().case.id;
    let before = t.desk.case_detail_at(t.boss, id, t0()).unwrap().clocks[0].clone();
    assert_eq!(t.desk.set_desk_zone(t.handler, "Asia/Hong_Kong", t0()).unwrap_err().code, ErrorCode::RoleNotAllowed);
    let e = t.desk.set_desk_zone(t.boss, "Mars/Olympus", t0()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("zone"), "an unknown zone is refused: {}", e.message);
    t.desk.set_desk_zone(t.boss, "Europe/London", t0()).unwrap();
    let after = t.desk.case_detail_at(t.boss, id, t0()).unwrap().clocks[0].clone();
    assert_eq!(after.zone, "Europe/London", "the clock counts days in the new zone");
    assert_eq!(after.due - before.due, Duration::hours(8), "24:00 in London is eight hours after 24:00 in Beijing in March");
    let dir = t._dir;
    drop(t.desk);
    assert_eq!(dir.open().catalog().unwrap().desk_zone, "Europe/London", "the setting is kept");
}
}
