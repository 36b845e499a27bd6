//! Personal data (个人信息) by role, against a temp database: what the case list, the Excel
//! export and the follow-up queue show (full or masked, exactly as the setting says), how the
//! setting changes that, and revealing the full values on the detail (allowed, recorded as an
//! event; refused, nothing written).
use calamine::{Data, Reader, Xlsx};
use chrono::Duration;
use complaintdesk_core::desk::export::CASE_COLUMNS;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{CaseInput, CaseQuery, EventKind};
use complaintdesk_core::domain::lifecycle::StepFields;
use complaintdesk_core::domain::privacy::{PrivacySettings, Visibility};
use complaintdesk_core::domain::types::{Channel, Claim, ContactMethod, Profile, Role};
use complaintdesk_core::domain::ErrorCode;

mod common;
use common::{add_user, set_up, step, t0};

const PHONE: &str = "13812348000";
const PHONE_MASKED: &str = "138****8000";
const ID: &str = "110101199001011234";
const ID_MASKED: &str = "110***********1234";
const POLICY: &str = "PA2026000123456";
const POLICY_MASKED: &str = "***********3456";

/// One user per role (and the first administrator, who set the desk up).
const ROLES: &[Role] = &[Role::Clerk, Role::Handler, Role::Supervisor, Role::Followup, Role::Compliance, Role::Admin];

struct Desk6 {
    desk: Desk,
    boss: i64,
    users: Vec<(Role, i64)>,
    case_id: i64,
    _dir: common::Place,
}

/// An insurance desk with one user per role and a complaint responded to (so it waits for a
/// follow-up call) carrying a phone, an ID number and a policy number.
fn desk() -> Desk6 {
    let (mut desk, boss, dir) = set_up(Profile::Insurance, t0() - Duration::days(10));
    let users: Vec<(Role, i64)> =
        ROLES.iter().map(|r| (*r, add_user(&mut desk, boss, &format!("u_{}", r.code()), &format!("用户{}", r.code()), vec![*r], t0()))).collect();
    let handler = users.iter().find(|(r, _)| *r == Role::Handler).unwrap().1;
    let input = CaseInput {
        customer_name: Some("王先生".into()),
        customer_phone: Some(PHONE.into()),
        customer_id_number: Some(ID.into()),
        policy_number: Some(POLICY.into()),
        channel: Some(Channel::Phone),
        received_at: Some(t0()),
        subject: Some("理赔款迟迟未到账".into()),
        description: Some("三月初报案，资料齐全，至今未收到理赔款。".into()),
        claim: Some(Claim::Compensation),
        category: Some("claims".into()),
        subcategory: Some("claims.delay".into()),
        business_line: Some("health".into()),
        ..Default::default()
    };
    let id = desk.create_case(boss, &input, t0()).unwrap().case.id;
    desk.move_case(boss, id, &step("accept", StepFields::default()), t0()).unwrap();
    let assign = StepFields { department: Some("理赔部".into()), handler_id: Some(handler), ..Default::default() };
    desk.move_case(boss, id, &step("assign", assign), t0()).unwrap();
    desk.move_case(handler, id, &step("start", StepFields::default()), t0()).unwrap();
    let respond = StepFields {
        facts: Some("资料已核实".into()),
        decision_basis: Some("保险合同第十二条".into()),
        outcome: Some("理赔款已支付".into()),
        notice_method: Some(ContactMethod::Phone),
        ..Default::default()
    };
    desk.move_case(handler, id, &step("respond", respond), t0() + Duration::hours(1)).unwrap();
    Desk6 { desk, boss, users, case_id: id, _dir: dir }
}

/// The phone cell of the export, or none when the role may not export.
fn export_phone(desk: &Desk, actor: i64) -> Option<String> {
    let bytes = match desk.export_cases(actor, &CaseQuery::default()) {
        Ok(b) => b,
        Err(e) => {
            assert_eq!(e.code, ErrorCode::RoleNotAllowed, "an export is refused only for the role");
            return None;
        }
    };
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("a readable xlsx");
    let range = book.worksheet_range("案件").expect("the case sheet");
    let col = CASE_COLUMNS.iter().position(|c| *c == "电话").unwrap();
    match range.rows().nth(1).expect("one case row").get(col) {
        Some(Data::String(s)) => Some(s.clone()),
        other => panic!("the phone cell is text, got {other:?}"),
    }
}

fn shown(full: bool, value: &str, masked: &str) -> String {
    if full { value } else { masked }.to_string()
}

/// What each role's list, export and follow-up queue show, against the lists' visibility.
fn check_lists(t: &Desk6, lists: &Visibility) {
    let (mut exports, mut queues) = (0, 0);
    for (role, user) in &t.users {
        let want = shown(lists.phone.contains(role), PHONE, PHONE_MASKED);
        let page = t.desk.list_cases(*user, &CaseQuery::default()).unwrap();
        assert_eq!(page.rows[0].customer_phone.as_deref(), Some(want.as_str()), "{role}: the case list shows the phone as the setting says");
        if let Some(phone) = export_phone(&t.desk, *user) {
            exports += 1;
            assert_eq!(phone, want, "{role}: the Excel export shows the phone as the setting says");
        }
        let history = t.desk.customer_history(*user, Some(PHONE), None, None, t0()).map(|h| h.cases[0].customer_phone.clone());
        if let Ok(phone) = history {
            assert_eq!(phone.as_deref(), Some(want.as_str()), "{role}: customer history rows follow the list setting");
        }
        match t.desk.followup_queue(*user, t0() + Duration::hours(2)) {
            Ok(q) => {
                queues += 1;
                assert_eq!(q.rows[0].customer_phone.as_deref(), Some(want.as_str()), "{role}: the follow-up queue shows the phone as the setting says")
            }
            Err(e) => assert_eq!(e.code, ErrorCode::RoleNotAllowed, "{role}: a role without the queue is refused it, not shown it"),
        }
    }
    assert_eq!((exports, queues), (5, 2), "five roles export (all but admin), two see the queue (follow-up, supervisor)");
}

on_both_stores! {
#[test]
fn lists_exports_and_the_follow_up_queue_mask_as_the_setting_says() {
    let t = desk();
    let defaults = PrivacySettings::default();
    assert_eq!(t.desk.privacy_settings(t.boss).unwrap(), defaults, "an untouched desk has the default setting");
    check_lists(&t, &defaults.lists);

    // The admin gives full phones to compliance only: every list follows at once.
    let changed = PrivacySettings { lists: Visibility { phone: vec![Role::Compliance], ..defaults.lists.clone() }, ..defaults.clone() };
    let saved = t.desk.set_privacy_settings(t.boss, &changed).unwrap();
    assert_eq!(saved, changed, "the setting is kept as given");
    check_lists(&t, &changed.lists);

    let clerk = t.users[0].1;
    let e = t.desk.set_privacy_settings(clerk, &defaults).unwrap_err();
    assert_eq!(e.code, ErrorCode::RoleNotAllowed, "only an administrator changes who sees personal data");
}

#[test]
fn a_user_with_several_roles_sees_what_the_most_permissive_one_sees() {
    let mut t = desk();
    let both = add_user(&mut t.desk, t.boss, "both", "合规兼前台", vec![Role::Compliance, Role::Clerk], t0());
    let page = t.desk.list_cases(both, &CaseQuery::default()).unwrap();
    assert_eq!(page.rows[0].customer_phone.as_deref(), Some(PHONE), "compliance masked, clerk full: full wins");
}

#[test]
fn the_detail_is_masked_and_revealing_is_allowed_by_role_and_recorded() {
    let t = desk();
    let detail = PrivacySettings::default().detail;
    let id = t.case_id;
    for (role, user) in t.users.clone() {
        let d = t.desk.case_detail_at(user, id, t0()).unwrap();
        assert_eq!(
            (d.case.customer_phone.as_deref(), d.case.customer_id_number.as_deref(), d.case.policy_number.as_deref()),
            (Some(PHONE_MASKED), Some(ID_MASKED), Some(POLICY_MASKED)),
            "{role}: the detail shows personal data masked until asked for"
        );
        let may = [&detail.phone, &detail.id_number, &detail.policy_number].iter().any(|v| v.contains(&role));
        assert_eq!(d.can_reveal_personal_data, may, "{role}: the reveal button shows exactly for allowed roles");
        let before = d.events.len();
        match t.desk.reveal_personal_data(user, id, t0() + Duration::hours(3)) {
            Ok(full) => {
                assert!(may, "{role}: only allowed roles get the full values");
                assert_eq!(full.customer_phone, Some(shown(detail.phone.contains(&role), PHONE, PHONE_MASKED)), "{role}: phone");
                assert_eq!(full.customer_id_number, Some(shown(detail.id_number.contains(&role), ID, ID_MASKED)), "{role}: ID number");
                assert_eq!(full.policy_number, Some(shown(detail.policy_number.contains(&role), POLICY, POLICY_MASKED)), "{role}: policy number");
                let events = t.desk.case_detail_at(user, id, t0()).unwrap().events;
                assert_eq!(events.len(), before + 1, "{role}: viewing writes one event");
                let e = events.last().unwrap();
                assert_eq!((e.kind, e.actor_id), (EventKind::PiiViewed, Some(user)), "{role}: the event says who viewed");
                let written = serde_json::to_string(e).unwrap();
                for value in [PHONE, ID, POLICY] {
                    assert!(!written.contains(value), "{role}: the event records the viewing, never the values");
                }
            }
            Err(e) => {
                assert!(!may, "{role}: an allowed role is not refused ({})", e.message);
                assert_eq!(e.code, ErrorCode::RoleNotAllowed, "{role}: refused for the role");
                assert_eq!(t.desk.case_detail_at(user, id, t0()).unwrap().events.len(), before, "{role}: a refusal writes nothing");
            }
        }
    }

    // The detail setting decides too: the admin lets the follow-up clerk see ID numbers.
    let mut s = PrivacySettings::default();
    s.detail.id_number.push(Role::Followup);
    t.desk.set_privacy_settings(t.boss, &s).unwrap();
    let followup = t.users.iter().find(|(r, _)| *r == Role::Followup).unwrap().1;
    let full = t.desk.reveal_personal_data(followup, id, t0() + Duration::hours(4)).unwrap();
    assert_eq!(full.customer_id_number.as_deref(), Some(ID), "the follow-up clerk now sees the ID number in full");
}

#[test]
fn the_follow_up_form_shows_the_number_to_dial_as_the_privacy_setting_allows() {
    let t = desk();
    let id = t.case_id;
    let followup = t.users.iter().find(|(r, _)| *r == Role::Followup).unwrap().1;
    let supervisor = t.users.iter().find(|(r, _)| *r == Role::Supervisor).unwrap().1;
    let before = t.desk.case_detail_at(followup, id, t0()).unwrap().events.len();
    for (who, user) in [("follow-up", followup), ("supervisor", supervisor)] {
        let form = t.desk.followup_form(user, id).unwrap();
        assert_eq!(form.customer_phone.as_deref(), Some(PHONE), "{who}: by default the number to dial is in full, as in the queue");
        assert!(!form.phone_masked && !form.may_reveal_phone, "{who}: nothing to reveal");
    }
    assert_eq!(t.desk.case_detail_at(followup, id, t0()).unwrap().events.len(), before, "the number shown as in the queue is no viewing event");

    // The admin masks phones in lists for everyone: the form masks the number too, and offers
    // the detail's reveal (recorded) to a role the detail setting allows.
    let mut s = PrivacySettings::default();
    s.lists.phone.clear();
    t.desk.set_privacy_settings(t.boss, &s).unwrap();
    let form = t.desk.followup_form(followup, id).unwrap();
    assert_eq!(form.customer_phone.as_deref(), Some(PHONE_MASKED), "masked as in the queue");
    assert!(form.phone_masked && form.may_reveal_phone, "the follow-up role may still reveal it on request");
    let full = t.desk.reveal_personal_data(followup, id, t0() + Duration::hours(5)).unwrap();
    assert_eq!(full.customer_phone.as_deref(), Some(PHONE), "revealed in full");
    let last = t.desk.case_detail_at(followup, id, t0()).unwrap().events.pop().unwrap();
    assert_eq!(last.kind, EventKind::PiiViewed, "and the viewing is on the timeline");

    s.detail.phone.retain(|r| *r != Role::Followup);
    t.desk.set_privacy_settings(t.boss, &s).unwrap();
    let form = t.desk.followup_form(followup, id).unwrap();
    assert!(form.phone_masked && !form.may_reveal_phone, "no reveal offered where the detail setting does not allow it");
}
}
