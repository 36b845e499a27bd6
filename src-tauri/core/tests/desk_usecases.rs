//! Use-cases against a temp database, no window: the whole desk loop, refusals that change
//! nothing, search, paging, and the storage rules (migrations, newer database refused).
use chrono::Duration;
use complaintdesk_core::desk::dto::{EscalateInput, MoveInput, NoteInput, SetupInput, UserInput};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{CaseQuery, EventKind};
use complaintdesk_core::domain::followup::AttemptInput;
use complaintdesk_core::domain::lifecycle::StepFields;
use complaintdesk_core::domain::types::{CaseKind, Channel, ContactMethod, Profile, Role};
use complaintdesk_core::domain::ErrorCode;
use complaintdesk_core::store::{Store, DB_FILE, SCHEMA_VERSION};

mod common;
use common::{add_user, elevator_complaint as complaint, set_up, step, t0};

struct Team {
    desk: Desk,
    admin: i64,
    handler: i64,
    guard: i64,
    followup: i64,
    _dir: common::Place,
}

fn team(profile: Profile) -> Team {
    let (mut desk, admin, dir) = set_up(profile, t0());
    let handler = add_user(&mut desk, admin, "li", "李工", vec![Role::Handler], t0());
    let guard = add_user(&mut desk, admin, "wang", "王保安", vec![Role::Handler], t0());
    let followup = add_user(&mut desk, admin, "zhao", "赵回访", vec![Role::Followup], t0());
    Team { desk, admin, handler, guard, followup, _dir: dir }
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    drop(Desk::create(dir.path()).unwrap());
    let path = dir.path().join(DB_FILE);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let e = Desk::create(dir.path()).err().expect("a newer database is refused");
    assert_eq!(e.code, ErrorCode::DatabaseNewer);
    assert!(e.message.contains("更新版本"), "the message says what happened: {}", e.message);
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the file is byte for byte the same");
}

#[test]
fn a_damaged_file_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(DB_FILE), b"this is not a database, just text that someone saved here").unwrap();
    let e = Desk::create(dir.path()).err().expect("garbage is refused");
    assert_eq!(e.code, ErrorCode::DatabaseCorrupt, "{}", e.message);
}

#[test]
fn a_database_made_by_the_first_schema_opens_and_keeps_its_cases() {
    // The fixture was written by schema version 1 of the app (see tests/fixtures/README.md).
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema-v1.sqlite3"), dir.path().join(DB_FILE)).unwrap();
    let store = Store::create_dir(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION, "migrated to the current schema");
    drop(store);
    let desk = Desk::create(dir.path()).unwrap();
    let reader = desk.users().unwrap()[0].id;
    let page = desk.list_cases(reader, &CaseQuery::default()).unwrap();
    assert_eq!(page.total, 3, "the fixture's three cases are all there");
    let state = desk.app_state(None, false).unwrap();
    assert_eq!(state.profile, Some(Profile::Property));
    assert!(state.needs_first_password, "an older desk has no passwords yet: an admin chooses the first");
    let admin = desk.users().unwrap().into_iter().find(|u| u.roles.contains(&Role::Admin)).unwrap();
    let check = desk.check_db().unwrap();
    assert!(check.ok, "{}", check.integrity);
    let closed = desk.list_cases(reader, &CaseQuery { statuses: Some(vec!["closed".into()]), ..Default::default() }).unwrap();
    assert_eq!(closed.total, 1, "the fixture's closed case is still closed");
    let detail = desk.case_detail_at(admin.id, closed.rows[0].id, t0()).unwrap();
    assert!(detail.events.len() >= 6, "its timeline survived: {} events", detail.events.len());
}

#[test]
fn the_event_log_refuses_edits() {
    let t = team(Profile::Property);
    t.desk.create_case(t.admin, &complaint("13800138000"), t0()).unwrap();
    let conn = t.desk.store().file().unwrap().conn();
    let e = conn.execute("UPDATE events SET note = 'x'", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = conn.execute("DELETE FROM events", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
}

#[test]
fn a_common_word_lists_the_same_page_whichever_way_the_store_finds_it() {
    use complaintdesk_core::domain::catalog::Classification;
    use complaintdesk_core::domain::case::validate_intake;
    use complaintdesk_core::store::{cases, users};
    // Over 2,000 hits the store walks the received-time index instead of sorting the hits;
    // the page and the total must be what a plain reading gives.
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create_dir(dir.path()).unwrap();
    let tree = Classification::for_profile(Profile::Property);
    store
        .write(|tx| {
            let clerk = users::insert(tx, "c", "前台", None, &[Role::Clerk], 0)?;
            for i in 0..2_600i64 {
                let mut input = complaint("13800138000");
                let subject = if i % 5 == 0 { format!("保洁问题{i}") } else { format!("电梯问题{i}") };
                input.description = Some(format!("{subject}，请处理"));
                input.subject = Some(subject);
                // Received times deliberately out of id order.
                input.received_at = Some(t0() - Duration::minutes((i * 7919) % 2_600));
                let new = validate_intake(&input, Profile::Property, &tree, t0()).unwrap();
                cases::insert(tx, &new, "registered", clerk, t0())?;
            }
            Ok(())
        })
        .unwrap();
    let page = cases::list(store.reads(), &CaseQuery { text: Some("电梯".into()), page: Some(2), page_size: Some(20), ..Default::default() }).unwrap();
    assert_eq!(page.total, 2_080, "four in five subjects mention 电梯");
    let mut expected: Vec<(i64, String)> = store
        .conn()
        .prepare("SELECT received_at, number FROM cases WHERE subject LIKE '%电梯%'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    expected.sort_by(|a, b| b.cmp(a));
    let want: Vec<String> = expected.into_iter().skip(20).take(20).map(|(_, n)| n).collect();
    let got: Vec<String> = page.rows.into_iter().map(|r| r.number).collect();
    assert_eq!(got, want, "page 2, newest first, same as a plain scan");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn the_background_integrity_check_passes_a_sound_file_and_reports_a_damaged_one() {
    let t = team(Profile::Property);
    let path = t.desk.store().file().unwrap().path().to_path_buf();
    assert_eq!(complaintdesk_core::store::check_in_background(&path).unwrap(), "ok");
    assert!(!t.desk.store().file().unwrap().needs_background_check(), "a small desk is checked before it opens");
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.sqlite3");
    std::fs::write(&bad, b"SQLite format 3\0 but nothing after the header is right").unwrap();
    let result = complaintdesk_core::store::check_in_background(&bad);
    assert!(result.map(|r| r != "ok").unwrap_or(true), "a damaged file does not pass");
}

#[test]
fn an_older_desk_lets_one_admin_choose_the_first_password() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema-v1.sqlite3"), dir.path().join(DB_FILE)).unwrap();
    let desk = Desk::create(dir.path()).unwrap();
    let users = desk.users().unwrap();
    let admin = users.iter().find(|u| u.active && u.roles.contains(&Role::Admin)).unwrap().clone();
    assert!(desk.sign_in(&admin.login, "", t0()).is_err(), "no password set: an empty one does not sign in");
    if let Some(other) = users.iter().find(|u| !u.roles.contains(&Role::Admin)) {
        assert_eq!(desk.set_first_password(&other.login, "first-pass-1").unwrap_err().field.as_deref(), Some("login"), "only an admin");
    }
    assert_eq!(desk.set_first_password(&admin.login, "first-pass-1").unwrap().id, admin.id);
    assert!(!desk.app_state(None, false).unwrap().needs_first_password);
    assert!(desk.set_first_password(&admin.login, "again-pass-1").is_err(), "only once");
    assert_eq!(desk.sign_in(&admin.login, "first-pass-1", t0()).unwrap().id, admin.id);
}

on_both_stores! {
#[test]
fn a_complaint_goes_from_intake_to_closing_with_every_step_on_the_timeline() {
    let t = team(Profile::Property);
    let d = t.desk.create_case(t.admin, &complaint("13800138000"), t0()).unwrap();
    assert_eq!(d.case.number, "TS-2026-000001", "the first complaint of 2026 gets a readable number");
    assert_eq!(d.case.status, "registered");
    let id = d.case.id;
    let at = |m: i64| t0() + Duration::minutes(m);

    t.desk.move_case(t.admin, id, &step("accept", StepFields::default()), at(1)).unwrap();
    let assign = StepFields { department: Some("工程部".into()), handler_id: Some(t.handler), ..Default::default() };
    let d = t.desk.move_case(t.admin, id, &step("assign", assign), at(2)).unwrap();
    assert_eq!((d.case.status.as_str(), d.case.handler_id, d.handler_name.as_deref()), ("assigned", Some(t.handler), Some("李工")));

    t.desk.move_case(t.handler, id, &step("start", StepFields::default()), at(3)).unwrap();
    let respond = StepFields {
        facts: Some("电梯主板损坏".into()),
        decision_basis: Some("物业服务合同第五条".into()),
        outcome: Some("已更换主板，电梯恢复运行".into()),
        notice_method: Some(ContactMethod::Phone),
        compensation: Some(88.5),
        staff_minutes: Some(120),
        ..Default::default()
    };
    let d = t.desk.move_case(t.handler, id, &step("respond", respond), at(60)).unwrap();
    assert_eq!(d.case.status, "awaiting_followup", "responding queues the follow-up automatically");
    assert_eq!(d.case.compensation_cents, Some(8850), "88.50 yuan is kept as 8850 fen");
    assert_eq!(d.case.responded_at, Some(at(60)), "the notice time is what meets a deadline");

    let call = AttemptInput { method: Some(ContactMethod::Phone), reached: true, satisfaction: Some(5), solved: Some(true), ..Default::default() };
    let d = t.desk.record_followup(t.followup, id, &call, at(3000)).unwrap();
    assert_eq!(d.case.status, "closed");
    assert_eq!(d.case.closed_at, Some(at(3000)));
    let left: Vec<&str> = d.actions.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(left, vec!["reopen"], "on a closed case a follow-up clerk may only reopen");

    let steps: Vec<(Option<String>, Option<String>, Role)> =
        d.events.iter().map(|e| (e.action.clone(), e.actor_name.clone(), e.actor_role)).collect();
    let s = |a: Option<&str>, who: Option<&str>, r: Role| (a.map(String::from), who.map(String::from), r);
    assert_eq!(
        steps,
        vec![
            s(None, Some("张主管"), Role::Clerk),
            s(Some("accept"), Some("张主管"), Role::Clerk),
            s(Some("assign"), Some("张主管"), Role::Supervisor),
            s(Some("start"), Some("李工"), Role::Handler),
            s(Some("respond"), Some("李工"), Role::Handler),
            s(Some("await_followup"), None, Role::System),
            s(Some("satisfied"), Some("赵回访"), Role::Followup),
            s(Some("close"), Some("赵回访"), Role::Followup),
        ],
        "every step is on the timeline with who did it, in which role"
    );
    let assign_event = &d.events[2];
    assert_eq!(assign_event.before.as_ref().unwrap()["handler_id"], serde_json::Value::Null, "before: no handler");
    assert_eq!(assign_event.after.as_ref().unwrap()["handler_id"], t.handler, "after: the handler");
    assert_eq!(d.events[4].after.as_ref().unwrap()["notice_method"], "phone", "step-only values are kept with the event");
}

#[test]
fn a_refused_step_changes_nothing() {
    let t = team(Profile::Property);
    let mut input = complaint("13800138000");
    input.staff_user_id = Some(t.guard);
    let id = t.desk.create_case(t.admin, &input, t0()).unwrap().case.id;
    t.desk.move_case(t.admin, id, &step("accept", StepFields::default()), t0()).unwrap();
    let before = t.desk.case_detail_at(t.admin, id, t0()).unwrap();

    let e = t.desk.move_case(t.handler, id, &step("assign", StepFields { department: Some("工程部".into()), handler_id: Some(t.handler), ..Default::default() }), t0()).unwrap_err();
    assert_eq!(e.code, ErrorCode::RoleNotAllowed, "a handler may not assign");
    let e = t.desk.move_case(t.admin, id, &step("assign", StepFields { department: Some("工程部".into()), handler_id: Some(t.guard), ..Default::default() }), t0()).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Recusal, Some("handler_id")), "the staff complained about may not handle it");
    let e = t.desk.move_case(t.admin, id, &step("assign", StepFields { department: Some("火星部".into()), handler_id: Some(t.handler), ..Default::default() }), t0()).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Invalid, Some("department")), "unknown department");
    let e = t.desk.move_case(t.admin, id, &step("assign", StepFields { department: Some("工程部".into()), handler_id: Some(t.followup), ..Default::default() }), t0()).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Invalid, Some("handler_id")), "the handler must hold the handler role");
    let e = t.desk.move_case(t.admin, id, &MoveInput { action: "accept".into(), fields: Default::default(), expected_version: Some(before.case.version - 1) }, t0()).unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict, "a stale version is refused");

    let after = t.desk.case_detail_at(t.admin, id, t0()).unwrap();
    assert_eq!(after.case, before.case, "the case is untouched by refusals");
    assert_eq!(after.events.len(), before.events.len(), "no event was written by refusals");
}

#[test]
fn handlers_see_only_their_own_actions() {
    let t = team(Profile::Property);
    let id = t.desk.create_case(t.admin, &complaint("13800138000"), t0()).unwrap().case.id;
    t.desk.move_case(t.admin, id, &step("accept", StepFields::default()), t0()).unwrap();
    t.desk.move_case(t.admin, id, &step("assign", StepFields { department: Some("工程部".into()), handler_id: Some(t.handler), ..Default::default() }), t0()).unwrap();
    let mine: Vec<String> = t.desk.case_detail_at(t.handler, id, t0()).unwrap().actions.into_iter().map(|a| a.action).collect();
    assert_eq!(mine, vec!["start"], "the assigned handler may start");
    let other: Vec<String> = t.desk.case_detail_at(t.guard, id, t0()).unwrap().actions.into_iter().map(|a| a.action).collect();
    assert!(other.is_empty(), "another handler sees no actions, got {other:?}");
    let e = t.desk.move_case(t.guard, id, &step("start", StepFields::default()), t0()).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAssignee);
    let supervisor: Vec<String> = t.desk.case_detail_at(t.admin, id, t0()).unwrap().actions.into_iter().map(|a| a.action).collect();
    assert_eq!(supervisor, vec!["assign", "withdraw"], "the supervisor may reassign or record a withdrawal");
}

#[test]
fn dissatisfied_follow_up_reopens_and_the_case_comes_back() {
    let t = team(Profile::Property);
    let id = t.desk.create_case(t.admin, &complaint("13800138000"), t0()).unwrap().case.id;
    for (who, action, fields) in [
        (t.admin, "accept", StepFields::default()),
        (t.admin, "assign", StepFields { department: Some("工程部".into()), handler_id: Some(t.handler), ..Default::default() }),
        (t.handler, "start", StepFields::default()),
        (t.handler, "respond", StepFields { facts: Some("f".into()), decision_basis: Some("b".into()), outcome: Some("o".into()), notice_method: Some(ContactMethod::Sms), ..Default::default() }),
    ] {
        t.desk.move_case(who, id, &step(action, fields), t0()).unwrap();
    }
    let close = StepFields { followup_method: Some(ContactMethod::Phone), satisfaction: Some(5), solved: Some(true), ..Default::default() };
    let e = t.desk.move_case(t.followup, id, &step("close", close), t0()).unwrap_err();
    assert_eq!(e.rule.as_deref(), Some("transition.close.followup_only"), "closing is only by recording the call");
    let low = AttemptInput { method: Some(ContactMethod::Phone), reached: true, satisfaction: Some(2), solved: Some(false), comment: Some("客户说电梯又坏了".into()), ..Default::default() };
    let d = t.desk.record_followup(t.followup, id, &low, t0()).unwrap();
    assert_eq!(d.case.status, "reopened");
    assert_eq!(d.case.satisfaction, Some(2), "the low score is on record");
    let d = t.desk.move_case(t.handler, id, &step("start", StepFields::default()), t0()).unwrap();
    assert_eq!(d.case.status, "in_progress", "the handler takes the reopened case back");
}

#[test]
fn intake_refusals_save_nothing_and_feedback_is_not_a_complaint() {
    let t = team(Profile::Property);
    let mut bad = complaint("13800138000");
    bad.project = None;
    let e = t.desk.create_case(t.admin, &bad, t0()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("project"));
    assert_eq!(t.desk.list_cases(t.admin, &CaseQuery::default()).unwrap().total, 0, "nothing saved");
    let e = t.desk.create_case(t.handler, &complaint("13800138000"), t0()).unwrap_err();
    assert_eq!(e.code, ErrorCode::RoleNotAllowed, "a handler does not register complaints");

    let mut anon = complaint("");
    anon.anonymous = true;
    anon.customer_name = None;
    let d = t.desk.create_case(t.admin, &anon, t0()).unwrap();
    assert_eq!(d.case.kind, CaseKind::Feedback);
    assert_eq!(d.case.number, "FK-2026-000001", "feedback has its own numbers");
    let c = t.desk.create_case(t.admin, &complaint("13800138000"), t0()).unwrap();
    assert_eq!(c.case.number, "TS-2026-000001", "the failed attempt used no number");
}

#[test]
fn same_phone_open_cases_are_found_and_closed_ones_are_not() {
    let t = team(Profile::Property);
    let first = t.desk.create_case(t.admin, &complaint("138 0013 8000"), t0()).unwrap();
    assert!(first.open_cases_same_phone.is_empty());
    let open = t.desk.open_cases_by_phone(t.admin, "13800138000").unwrap();
    assert_eq!(open.iter().map(|r| r.number.as_str()).collect::<Vec<_>>(), vec!["TS-2026-000001"], "spacing does not hide a match");
    let second = t.desk.create_case(t.admin, &complaint("13800138000"), t0()).unwrap();
    assert_eq!(second.open_cases_same_phone.len(), 1, "the detail shows the other open case");
    t.desk.move_case(t.admin, first.case.id, &step("withdraw", StepFields { reason: Some("客户撤回".into()), ..Default::default() }), t0()).unwrap();
    let open = t.desk.open_cases_by_phone(t.admin, "13800138000").unwrap();
    assert_eq!(open.len(), 1, "a withdrawn case is no longer open");
    assert!(t.desk.open_cases_by_phone(t.admin, "12345").unwrap().is_empty());
}

#[test]
fn the_list_filters_searches_chinese_words_and_pages() {
    let t = team(Profile::Property);
    let subjects = ["电梯停运", "楼道漏水严重", "停车费收费过高", "电梯异响", "保洁不及时"];
    for (i, s) in subjects.iter().enumerate() {
        let mut c = complaint(&format!("1390000000{i}"));
        c.subject = Some(s.to_string());
        c.description = Some(format!("{s}，请尽快处理"));
        c.received_at = Some(t0() - Duration::days(i as i64));
        if s.contains("停车") {
            c.category = Some("fees".into());
            c.subcategory = Some("fees.parking".into());
            c.channel = Some(Channel::Phone);
        }
        t.desk.create_case(t.admin, &c, t0()).unwrap();
    }
    let q = |q: CaseQuery| t.desk.list_cases(t.admin, &q).unwrap();
    let numbers = |p: complaintdesk_core::domain::case::CasePage| p.rows.into_iter().map(|r| r.subject).collect::<Vec<_>>();
    assert_eq!(numbers(q(CaseQuery { text: Some("电梯".into()), ..Default::default() })), vec!["电梯停运", "电梯异响"], "a two-character word matches, newest first");
    assert_eq!(numbers(q(CaseQuery { text: Some("漏水".into()), ..Default::default() })), vec!["楼道漏水严重"]);
    assert_eq!(q(CaseQuery { text: Some("13900000003".into()), ..Default::default() }).total, 1, "search by phone");
    assert_eq!(q(CaseQuery { text: Some("TS-2026-000002".into()), ..Default::default() }).total, 1, "search by case number");
    assert_eq!(q(CaseQuery { category: Some("fees".into()), ..Default::default() }).total, 1);
    assert_eq!(q(CaseQuery { channel: Some(Channel::Phone), ..Default::default() }).total, 1);
    let day = (t0() - Duration::days(1)).with_timezone(&complaintdesk_core::domain::case::desk_zone()).date_naive();
    assert_eq!(numbers(q(CaseQuery { from: Some(day), to: Some(day), ..Default::default() })), vec!["楼道漏水严重"], "a date range is local calendar days");
    let p1 = q(CaseQuery { page: Some(1), page_size: Some(2), ..Default::default() });
    let p3 = q(CaseQuery { page: Some(3), page_size: Some(2), ..Default::default() });
    assert_eq!((p1.rows.len(), p1.total, p3.rows.len()), (2, 5, 1), "five cases in pages of two");
    let oldest_first = q(CaseQuery { descending: Some(false), ..Default::default() });
    assert_eq!(oldest_first.rows[0].subject, "保洁不及时");
}

#[test]
fn notes_escalation_and_work_queues() {
    let t = team(Profile::Property);
    let id = t.desk.create_case(t.admin, &complaint("13800138000"), t0()).unwrap().case.id;
    let d = t.desk.add_note(t.admin, id, &NoteInput { text: "客户情绪激动，注意沟通".into(), internal: true, kind: None, contact_method: None, department: None }, t0()).unwrap();
    let note = d.events.last().unwrap();
    assert_eq!((note.kind, note.internal), (EventKind::Note, true));
    let e = t.desk.escalate(t.handler, id, &EscalateInput { level: 1, reason: "x".into() }, t0()).unwrap_err();
    assert_eq!(e.code, ErrorCode::RoleNotAllowed, "only a supervisor escalates");
    let d = t.desk.escalate(t.admin, id, &EscalateInput { level: 2, reason: "媒体关注".into() }, t0()).unwrap();
    assert_eq!(d.case.escalation, 2);
    let e = t.desk.escalate(t.admin, id, &EscalateInput { level: 4, reason: "x".into() }, t0()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("level"));

    let work = t.desk.my_work(t.admin, t0()).unwrap();
    let counts: Vec<(String, i64)> = work.iter().map(|w| (w.key.clone(), w.count)).collect();
    assert!(counts.contains(&("clerk.registered_today".into(), 1)), "{counts:?}");
    let to_accept = work.iter().filter(|w| w.query.statuses == Some(vec!["registered".to_string()])).count();
    assert_eq!(to_accept, 1, "a clerk who is also a supervisor sees the 'to accept' queue once: {counts:?}");
    let handler_work = t.desk.my_work(t.handler, t0()).unwrap();
    assert_eq!(
        handler_work.iter().map(|w| (w.key.as_str(), w.count)).collect::<Vec<_>>(),
        vec![("handler.mine", 0), ("handler.overdue", 0), ("handler.due_soon", 0), ("handler.due_today", 0), ("handler.due_3_days", 0)],
        "a handler sees their cases, those of them due soon, and their own deadline queues"
    );
}

#[test]
fn users_are_managed_by_admins_and_the_last_admin_stays() {
    let t = team(Profile::Insurance);
    let e = t.desk.create_user(t.handler, &UserInput { login: "x".into(), display_name: "X".into(), roles: vec![Role::Clerk], department: None, active: None, password: Some("pass-1234".into()) }, t0()).unwrap_err();
    assert_eq!(e.code, ErrorCode::RoleNotAllowed);
    let e = t.desk.create_user(t.admin, &UserInput { login: "LI".into(), display_name: "X".into(), roles: vec![Role::Clerk], department: None, active: None, password: Some("pass-1234".into()) }, t0()).unwrap_err();
    assert_eq!((e.field.as_deref(), e.rule.as_deref()), (Some("login"), Some("login.unique")), "logins are unique ignoring case");
    let e = t.desk.update_user(t.admin, t.admin, &UserInput { login: "zhang".into(), display_name: "张主管".into(), roles: vec![Role::Clerk], department: None, active: Some(true), password: Some("pass-1234".into()) }).unwrap_err();
    assert_eq!(e.rule.as_deref(), Some("admin.last"));
    let u = t.desk.update_user(t.admin, t.guard, &UserInput { login: "wang".into(), display_name: "王保安".into(), roles: vec![Role::Handler], department: None, active: Some(false), password: Some("pass-1234".into()) }).unwrap();
    assert!(!u.active);
    assert_eq!(t.desk.actor(t.guard).unwrap_err().code, ErrorCode::NoUser, "a disabled user cannot act");
    let admin = t.desk.app_state(Some(t.admin), false).unwrap();
    assert!(admin.permissions.register_cases && admin.permissions.manage_users, "the admin who is also a clerk may register and manage users");
    let s = t.desk.app_state(Some(t.handler), false).unwrap();
    assert_eq!(s.current_user.map(|u| u.id), Some(t.handler));
    assert!(s.signed_in && !s.locked);
    assert!(!s.permissions.register_cases && !s.permissions.manage_users, "a handler may neither register nor manage users");
    assert!(!t.desk.app_state(None, true).unwrap().signed_in, "nobody is signed in without a session");

    // Branches are the shared store's: only an admin puts a person in one, and a laptop's own
    // desk (one branch) says so instead of keeping a setting that would do nothing.
    assert_eq!(t.desk.set_branch(t.handler, t.handler, "东区").unwrap_err().code, ErrorCode::RoleNotAllowed);
    let long = t.desk.set_branch(t.admin, t.handler, &"区".repeat(51)).unwrap_err();
    assert_eq!((long.field.as_deref(), long.rule.as_deref()), (Some("branch"), Some("branch.length")));
    let set = t.desk.set_branch(t.admin, t.handler, "东区");
    match common::kind() {
        common::Kind::File => {
            assert_eq!(set.unwrap_err().rule.as_deref(), Some("branch.shared_only"));
            assert_eq!(t.desk.branch().unwrap(), None, "a laptop's desk is one branch");
        }
        common::Kind::Shared => assert_eq!(set.unwrap().id, t.handler),
    }
}

#[test]
fn setup_happens_once() {
    let t = team(Profile::Property);
    let desk = t.desk;
    let e = desk
        .setup(&SetupInput { profile: Profile::Insurance, org_name: "x".into(), admin_login: "y".into(), admin_display_name: "z".into(), admin_password: "pass-1234".into(), extra_roles: vec![] }, t0())
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::AlreadySetUp);
    let dir = common::Place::new();
    let fresh = dir.create();
    assert!(!fresh.app_state(None, false).unwrap().setup_done);
    assert_eq!(fresh.catalog().unwrap_err().code, ErrorCode::NotSetUp);
}

#[test]
fn contacts_and_handling_actions_are_timeline_events_of_their_own() {
    use complaintdesk_core::domain::case::EntryKind;
    let t = team(Profile::Property);
    let id = t.desk.create_case(t.admin, &complaint("13800138000"), t0()).unwrap().case.id;
    let entry = |kind: EntryKind, text: &str| NoteInput { text: text.into(), internal: true, kind: Some(kind), contact_method: None, department: None };

    let e = t.desk.add_note(t.admin, id, &entry(EntryKind::Contact, "电话告知客户进度"), t0()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("contact_method"), "a contact says how the customer was reached");
    let d = t.desk
        .add_note(t.admin, id, &NoteInput { contact_method: Some(ContactMethod::Phone), ..entry(EntryKind::Contact, "电话告知客户进度") }, t0())
        .unwrap();
    let contact = d.events.last().unwrap();
    assert_eq!((contact.kind, contact.internal), (EventKind::Contact, false), "a contact with the customer is never internal");
    assert_eq!(contact.after.as_ref().unwrap()["contact_method"], "phone");

    // Handling actions: the case's handler or a supervisor, on an open case.
    let e = t.desk.add_note(t.handler, id, &entry(EntryKind::SiteVisit, "现场查看"), t0()).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAssignee, "a handler records handling only on their own case");
    t.desk.move_case(t.admin, id, &step("accept", StepFields::default()), t0()).unwrap();
    t.desk.move_case(t.admin, id, &step("assign", StepFields { department: Some("工程部".into()), handler_id: Some(t.handler), ..Default::default() }), t0()).unwrap();
    assert!(t.desk.case_detail_at(t.handler, id, t0()).unwrap().can_record_handling);
    assert!(!t.desk.case_detail_at(t.followup, id, t0()).unwrap().can_record_handling);
    let d = t.desk.add_note(t.handler, id, &entry(EntryKind::SiteVisit, "到3号楼机房查看主板"), t0()).unwrap();
    let visit = d.events.last().unwrap();
    assert_eq!((visit.kind, visit.action.as_deref(), visit.actor_role), (EventKind::Handling, Some("site_visit"), Role::Handler));
    let e = t.desk.add_note(t.handler, id, &entry(EntryKind::Referral, "转交秩序部"), t0()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("department"), "a referral names the department");
    let d = t.desk.add_note(t.handler, id, &NoteInput { department: Some("秩序部".into()), ..entry(EntryKind::Referral, "门禁问题转秩序部") }, t0()).unwrap();
    assert_eq!(d.events.last().unwrap().after.as_ref().unwrap()["department"], "秩序部");
    let e = t.desk.add_note(t.followup, id, &entry(EntryKind::Investigation, "x"), t0()).unwrap_err();
    assert_eq!(e.code, ErrorCode::RoleNotAllowed, "a follow-up clerk does not record handling");
}

#[test]
fn attachments_are_kept_once_by_content_and_read_back_intact() {
    let t = team(Profile::Property);
    let id = t.desk.create_case(t.admin, &complaint("13800138000"), t0()).unwrap().case.id;
    let photo = vec![7u8; 4096];
    t.desk.add_attachment(t.admin, id, "电梯照片.jpg", &photo, t0()).unwrap();
    let d = t.desk.add_attachment(t.admin, id, "同一张照片.jpg", &photo, t0()).unwrap();
    assert_eq!(d.attachments.len(), 2, "both names are listed");
    assert_eq!(d.attachments[0].sha256, d.attachments[1].sha256);
    let stored = match t._dir.url() {
        None => walk(&t._dir.path().join("attachments")).len(),
        Some(_) => t.desk.store().db().row("SELECT count(*) AS n FROM files", &[]).unwrap().unwrap().int("n").unwrap() as usize,
    };
    assert_eq!(stored, 1, "the same content is stored once");
    let (a, bytes) = t.desk.read_attachment(t.handler, d.attachments[0].id).unwrap();
    assert_eq!((a.name.as_str(), bytes), ("电梯照片.jpg", photo.clone()));
    assert_eq!(d.events.last().unwrap().kind, EventKind::Attachment, "adding a file is on the timeline");

    for (name, why) in [("../etc/passwd", "no folders"), ("", "a name is needed"), ("a\u{0}b", "no control characters")] {
        let e = t.desk.add_attachment(t.admin, id, name, b"x", t0()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("name"), "{why}");
    }
    let too_big = vec![0u8; complaintdesk_core::domain::case::MAX_ATTACHMENT_BYTES + 1];
    let e = t.desk.add_attachment(t.admin, id, "big.bin", &too_big, t0()).unwrap_err();
    assert_eq!((e.field.as_deref(), e.rule.as_deref()), (Some("file"), Some("attachment.max_size")));
    assert_eq!(t.desk.case_detail_at(t.admin, id, t0()).unwrap().attachments.len(), 2, "refused files are not listed");

    // A stored file changed behind the app's back is reported, not served.
    match t._dir.url() {
        None => std::fs::write(&walk(&t._dir.path().join("attachments"))[0], b"tampered").unwrap(),
        Some(_) => t._dir.behind_the_apps_back("", "UPDATE files SET bytes = 'tampered'::bytea"),
    }
    let e = t.desk.read_attachment(t.admin, d.attachments[0].id).unwrap_err();
    assert_eq!(e.code, ErrorCode::Storage, "{}", e.message);
}

#[test]
fn sign_in_checks_the_password_and_refuses_disabled_users() {
    let t = team(Profile::Insurance);
    let login = t.desk.actor(t.handler).unwrap().login;
    assert_eq!(t.desk.sign_in(&login, "pass-1234", t0()).unwrap().id, t.handler, "the right password signs in");
    let wrong = t.desk.sign_in(&login, "pass-12345", t0()).unwrap_err();
    let unknown = t.desk.sign_in("nobody", "pass-1234", t0()).unwrap_err();
    assert_eq!((wrong.message.as_str(), wrong.field.as_deref()), ("登录名或密码错误", Some("password")), "one message for a wrong password");
    assert_eq!(unknown.message, wrong.message, "an unknown login gets the same message");
    t.desk.reset_password(t.admin, t.handler, "new-pass-99").unwrap();
    assert!(t.desk.sign_in(&login, "pass-1234", t0()).is_err(), "the old password no longer works");
    assert!(t.desk.check_own_password(t.handler, "new-pass-99", t0()).is_ok(), "the new one unlocks");
    assert_eq!(t.desk.reset_password(t.handler, t.admin, "new-pass-99").unwrap_err().code, ErrorCode::RoleNotAllowed, "only an admin resets");
    let guard = t.desk.actor(t.guard).unwrap();
    t.desk.update_user(t.admin, t.guard, &UserInput { login: guard.login.clone(), display_name: guard.display_name, roles: guard.roles, department: None, active: Some(false), password: None }).unwrap();
    assert_eq!(t.desk.sign_in(&guard.login, "pass-1234", t0()).unwrap_err().code, ErrorCode::NoUser, "a disabled user is refused; the password was kept on update");
    assert!(t.desk.set_first_password(&login, "whatever-1").is_err(), "the first password only while no user has one");
}

#[test]
fn passwords_follow_the_rule_with_the_field_named() {
    let t = team(Profile::Insurance);
    for (password, rule) in [("", Some("required")), ("short1", Some("password.length")), ("1234567890", Some("password.digits")), ("tab\there-ok", Some("password.format"))] {
        let e = t.desk.reset_password(t.admin, t.handler, password).unwrap_err();
        assert_eq!((e.field.as_deref(), e.rule.as_deref()), (Some("password"), rule), "{password:?} is refused");
        assert!(e.message.contains("密码"), "the message names the field: {}", e.message);
    }
    let e = t.desk.create_user(t.admin, &UserInput { login: "np".into(), display_name: "无密码".into(), roles: vec![Role::Clerk], department: None, active: None, password: None }, t0()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("password"), "a new user needs a password");
    assert_eq!(t.desk.set_idle_lock_minutes(t.handler, 5).unwrap_err().code, ErrorCode::RoleNotAllowed);
    assert_eq!(t.desk.app_state(None, false).unwrap().idle_lock_minutes, 10, "ten minutes unless the admin says otherwise");
    t.desk.set_idle_lock_minutes(t.admin, 0).unwrap();
    assert_eq!(t.desk.app_state(None, false).unwrap().idle_lock_minutes, 0);
}
}
