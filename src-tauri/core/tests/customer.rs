//! The customer page (客户) and searching by a phone's tail (尾号), against a temp database: one
//! customer's cases across several complaints (by phone, ID number or one of their cases), their
//! counts, follow-up calls and scores; contacts masked as on a case's detail and revealed only
//! with a `pii_viewed` event per case; a case the user may not see left out; keys refused by
//! field; and the case list finding a phone by its prefix and by its last digits, also in a
//! file made by the first schema.
use chrono::{DateTime, Duration, Utc};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{CaseInput, CaseQuery, EventKind};
use complaintdesk_core::domain::customer::CustomerKey;
use complaintdesk_core::domain::followup::AttemptInput;
use complaintdesk_core::domain::lifecycle::StepFields;
use complaintdesk_core::domain::types::{ContactMethod, Profile, Role};
use complaintdesk_core::domain::ErrorCode;
use complaintdesk_core::store::{search, DB_FILE};
use complaintdesk_core::store::db::{Db, Dialect};

mod common;
use common::{add_user, claim_delay, set_up, step, t0};

const PHONE: &str = "13800138000";
const PHONE_MASKED: &str = "138****8000";
/// The same customer's newer phone (their ID number ties the two together).
const NEW_PHONE: &str = "13600136000";
const NEW_PHONE_MASKED: &str = "136****6000";
const ID: &str = "110101199001011234";
const ID_MASKED: &str = "110***********1234";
/// Somebody else.
const OTHER_PHONE: &str = "13700137000";

fn days(d: i64) -> DateTime<Utc> {
    t0() - Duration::days(d)
}

struct Fx {
    desk: Desk,
    boss: i64,
    clerk: i64,
    handler: i64,
    compliance: i64,
    admin_only: i64,
    /// 陈女士's complaints, oldest first: closed after a satisfied call (with her ID number),
    /// reopened after an unsatisfied call, just registered (signed 陈丽).
    closed: i64,
    reopened: i64,
    fresh: i64,
    /// Her complaint from the newer phone, with the same ID number.
    new_phone: i64,
    /// Somebody else's.
    other: i64,
    _dir: common::Place,
}

/// The claim-delay complaint of `common`, from another customer.
fn complaint(name: &str, phone: &str, id_number: Option<&str>, received: DateTime<Utc>) -> CaseInput {
    CaseInput {
        customer_name: Some(name.into()),
        customer_phone: Some(phone.into()),
        customer_id_number: id_number.map(Into::into),
        ..claim_delay(received)
    }
}

fn call(reached: bool, score: Option<i64>, solved: Option<bool>) -> AttemptInput {
    AttemptInput { method: Some(ContactMethod::Phone), reached, satisfaction: score, solved, ..Default::default() }
}

impl Fx {
    /// Registers `input` at its received time, and with `respond` takes it to 待回访 an hour later.
    fn case(&mut self, input: CaseInput, respond: bool) -> i64 {
        let at = input.received_at.unwrap();
        let id = self.desk.create_case(self.clerk, &input, at).unwrap().case.id;
        if respond {
            self.desk.move_case(self.boss, id, &step("accept", StepFields::default()), at).unwrap();
            let assign = StepFields { department: Some("理赔部".into()), handler_id: Some(self.handler), ..Default::default() };
            self.desk.move_case(self.boss, id, &step("assign", assign), at).unwrap();
            self.desk.move_case(self.handler, id, &step("start", StepFields::default()), at).unwrap();
            let respond = StepFields {
                facts: Some("资料已核实".into()),
                decision_basis: Some("保险合同第十二条".into()),
                outcome: Some("理赔款已支付".into()),
                notice_method: Some(ContactMethod::Phone),
                ..Default::default()
            };
            let d = self.desk.move_case(self.handler, id, &step("respond", respond), at + Duration::hours(1)).unwrap();
            assert_eq!(d.case.status, "awaiting_followup", "the response leaves the case waiting for a call");
        }
        id
    }

    fn pii_events(&self, id: i64) -> Vec<serde_json::Value> {
        let events = self.desk.case_detail_at(self.boss, id, t0()).unwrap().events;
        events.into_iter().filter(|e| e.kind == EventKind::PiiViewed).map(|e| e.after.unwrap()["fields"].clone()).collect()
    }

    fn event_count(&self) -> usize {
        [self.closed, self.reopened, self.fresh, self.new_phone, self.other]
            .iter()
            .map(|id| self.desk.case_detail_at(self.boss, *id, t0()).unwrap().events.len())
            .sum()
    }
}

fn fixture() -> Fx {
    let (mut desk, boss, dir) = set_up(Profile::Insurance, days(200));
    let clerk = add_user(&mut desk, boss, "wang", "王前台", vec![Role::Clerk], days(200));
    let handler = add_user(&mut desk, boss, "li", "李处理", vec![Role::Handler], days(200));
    let caller = add_user(&mut desk, boss, "zhao", "赵回访", vec![Role::Followup], days(200));
    let compliance = add_user(&mut desk, boss, "qian", "钱合规", vec![Role::Compliance], days(200));
    let admin_only = add_user(&mut desk, boss, "sun", "孙管理", vec![Role::Admin], days(200));
    let mut fx = Fx { desk, boss, clerk, handler, compliance, admin_only, closed: 0, reopened: 0, fresh: 0, new_phone: 0, other: 0, _dir: dir };

    fx.closed = fx.case(complaint("陈女士", PHONE, Some(ID), days(40)), true);
    fx.desk.record_followup(caller, fx.closed, &call(false, None, None), days(40) + Duration::hours(2)).unwrap();
    let d = fx.desk.record_followup(caller, fx.closed, &call(true, Some(5), Some(true)), days(39)).unwrap();
    assert_eq!(d.case.status, "closed", "a satisfied first call closes the case");

    fx.new_phone = fx.case(complaint("陈女士", NEW_PHONE, Some(ID), days(20)), false);

    fx.reopened = fx.case(complaint("陈女士", PHONE, None, days(10)), true);
    let d = fx.desk.record_followup(caller, fx.reopened, &call(true, Some(2), Some(false)), days(10) + Duration::hours(2)).unwrap();
    assert_ne!(d.case.status, "closed", "an unsatisfied call reopens the case");

    fx.fresh = fx.case(complaint("陈丽", PHONE, None, days(1)), false);
    fx.other = fx.case(complaint("周先生", OTHER_PHONE, None, days(2)), false);
    fx
}

fn by_phone(phone: &str) -> CustomerKey {
    CustomerKey { phone: Some(phone.into()), ..Default::default() }
}

fn numbers(desk: &Desk, actor: i64, text: &str) -> Vec<String> {
    let page = desk.list_cases(actor, &CaseQuery { text: Some(text.into()), ..Default::default() }).unwrap();
    assert_eq!(page.total as usize, page.rows.len(), "{text:?}: the total counts the hits");
    let mut n: Vec<String> = page.rows.into_iter().map(|r| r.number).collect();
    n.sort();
    n
}

#[test]
fn a_tail_search_finds_cases_of_a_file_made_by_the_first_schema() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema-v1.sqlite3"), dir.path().join(DB_FILE)).unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    let reader = desk.users().unwrap()[0].id;
    assert_eq!(numbers(&desk, reader, "8000").len(), 3, "the three cases of 13800138000, stored before the tail index existed");
    assert_eq!(numbers(&desk, reader, "138000").len(), 3, "six digits of the tail as well");
    assert!(numbers(&desk, reader, "7000").is_empty(), "and not a tail they do not have");
}

on_both_stores! {
#[test]
fn a_phone_gathers_its_cases_newest_first_with_counts_calls_and_scores() {
    let fx = fixture();
    let before = fx.event_count();
    let v = fx.desk.customer(fx.clerk, &by_phone("138-0013-8000"), t0()).unwrap();

    let ids: Vec<i64> = v.cases.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![fx.fresh, fx.reopened, fx.closed], "every case of the phone, newest first; not the other phone's, not somebody else's");
    assert_eq!(v.names, vec!["陈丽".to_string(), "陈女士".to_string()], "each name the cases record, newest first");
    assert_eq!((v.counts.total, v.counts.open, v.counts.reopened, v.counts.repeat), (3, 2, 1, 2), "3 cases, 2 open, 1 reopened, 2 marked as repeats");
    assert!(v.repeat_complainant, "she complained within the last 90 days");
    assert!(!v.truncated, "three cases fit on the page");

    let calls: Vec<(i64, bool, Option<i64>)> = v.followups.iter().map(|f| (f.case_id, f.attempt.reached, f.attempt.satisfaction)).collect();
    assert_eq!(
        calls,
        vec![(fx.reopened, true, Some(2)), (fx.closed, true, Some(5)), (fx.closed, false, None)],
        "every follow-up attempt on her cases with its outcome, the latest first"
    );
    assert_eq!(v.followups[0].case_number, v.cases[1].number, "each call names its case");
    let scores: Vec<i64> = v.scores.iter().map(|s| s.score).collect();
    assert_eq!(scores, vec![2, 5], "the scores of the calls that reached her");
    assert_eq!(v.mean_satisfaction, Some(3.5), "and their mean");
    assert_eq!(fx.event_count(), before, "looking at a customer writes nothing");
}

#[test]
fn an_id_number_or_one_of_her_cases_finds_the_cases_of_both_phones() {
    let fx = fixture();
    let by_id = fx.desk.customer(fx.clerk, &CustomerKey { id_number: Some(ID.to_lowercase()), ..Default::default() }, t0()).unwrap();
    let ids: Vec<i64> = by_id.cases.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![fx.new_phone, fx.closed], "the ID number finds the cases that record it, whatever the phone");

    let by_case = fx.desk.customer(fx.clerk, &CustomerKey { case_id: Some(fx.closed), ..Default::default() }, t0()).unwrap();
    let ids: Vec<i64> = by_case.cases.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![fx.fresh, fx.reopened, fx.new_phone, fx.closed], "a case finds its customer by its phone and its ID number");
    assert_eq!(by_case.phones, vec![PHONE_MASKED.to_string(), NEW_PHONE_MASKED.to_string()], "both phones, masked as on the detail");
    assert_eq!(by_case.id_numbers, vec![ID_MASKED.to_string()], "the ID number, masked as on the detail");
    assert_eq!(by_case.counts.total, 4);
}

#[test]
fn contacts_are_masked_as_on_the_detail_and_revealing_them_is_recorded_on_each_case() {
    let fx = fixture();
    let key = CustomerKey { case_id: Some(fx.closed), ..Default::default() };

    // The rows follow the list setting: full phones for the clerk, masked for compliance.
    let clerk_view = fx.desk.customer(fx.clerk, &key, t0()).unwrap();
    assert_eq!(clerk_view.cases[0].customer_phone.as_deref(), Some(PHONE), "the clerk's rows show phones as the case list does");
    assert!(clerk_view.can_reveal, "the clerk may reveal phones (the detail setting)");
    let compliance_view = fx.desk.customer(fx.compliance, &key, t0()).unwrap();
    assert_eq!(compliance_view.cases[0].customer_phone.as_deref(), Some(PHONE_MASKED), "compliance's rows show phones masked, as its case list does");
    assert_eq!(compliance_view.phones, clerk_view.phones, "the contacts are masked alike for everyone, as on the detail");

    // The clerk reveals: phones in full, the ID number still masked; one event per case shown.
    let full = fx.desk.reveal_customer(fx.clerk, &key, t0()).unwrap();
    assert_eq!(full.phones, vec![PHONE.to_string(), NEW_PHONE.to_string()], "the clerk sees the phones in full");
    assert_eq!(full.id_numbers, vec![ID_MASKED.to_string()], "but not the ID number (the detail setting)");
    for id in [fx.fresh, fx.reopened, fx.new_phone, fx.closed] {
        assert_eq!(fx.pii_events(id), vec![serde_json::json!(["customer_phone"])], "case {id}: the viewing of its phone is on its timeline");
    }
    assert!(fx.pii_events(fx.other).is_empty(), "somebody else's case is untouched");

    // The handler sees ID numbers too; the events name the fields, never the values.
    let full = fx.desk.reveal_customer(fx.handler, &key, t0()).unwrap();
    assert_eq!(full.id_numbers, vec![ID.to_string()], "the handler sees the ID number in full");
    assert_eq!(fx.pii_events(fx.closed)[1], serde_json::json!(["customer_phone", "customer_id_number"]), "both fields named where the case has both");
    let timeline = serde_json::to_string(&fx.desk.case_detail_at(fx.boss, fx.closed, t0()).unwrap().events).unwrap();
    assert!(!timeline.contains(ID) && !timeline.contains(PHONE), "the timeline records the viewing, never the values");

    // An administrator alone may not look at customers: refused, nothing written.
    let before = fx.event_count();
    for e in [fx.desk.customer(fx.admin_only, &key, t0()).map(|_| ()), fx.desk.reveal_customer(fx.admin_only, &key, t0()).map(|_| ())] {
        assert_eq!(e.unwrap_err().code, ErrorCode::RoleNotAllowed, "the admin role does not see customers");
    }
    assert_eq!(fx.event_count(), before, "a refusal writes nothing");
}

#[test]
fn a_case_the_user_may_not_see_is_left_out() {
    let mut fx = fixture();
    // A complaint of hers about 李处理 himself: he is recused from it (回避).
    let mut about_him = complaint("陈女士", PHONE, None, days(3));
    about_him.staff_user_id = Some(fx.handler);
    let recused = fx.case(about_him, false);

    let clerk = fx.desk.customer(fx.clerk, &by_phone(PHONE), t0()).unwrap();
    assert!(clerk.cases.iter().any(|c| c.id == recused), "the clerk sees the complaint about 李处理");
    assert_eq!(clerk.counts.total, 4);

    let handler = fx.desk.customer(fx.handler, &by_phone(PHONE), t0()).unwrap();
    assert!(handler.cases.iter().all(|c| c.id != recused), "李处理 does not see the complaint about himself on her page");
    assert_eq!((handler.counts.total, handler.counts.open), (3, 2), "nor is it counted");

    fx.desk.reveal_customer(fx.handler, &by_phone(PHONE), t0()).unwrap();
    assert!(fx.pii_events(recused).is_empty(), "revealing her contacts records nothing on a case he does not see");
}

#[test]
fn a_key_that_is_empty_or_malformed_is_refused_naming_its_field() {
    let mut fx = fixture();
    let feedback = CaseInput { anonymous: true, customer_name: None, customer_phone: None, ..complaint("", "", None, days(1)) };
    let anonymous = fx.case(feedback, false);
    for (what, key, code, field) in [
        ("nothing given", CustomerKey::default(), ErrorCode::Required, Some("phone")),
        ("blanks only", CustomerKey { phone: Some("  ".into()), id_number: Some(" ".into()), ..Default::default() }, ErrorCode::Required, Some("phone")),
        ("letters in the phone", by_phone("138abcd8000"), ErrorCode::Invalid, Some("phone")),
        ("an ID number too short", CustomerKey { id_number: Some("12".into()), ..Default::default() }, ErrorCode::Invalid, Some("id_number")),
        ("anonymous feedback has no customer", CustomerKey { case_id: Some(anonymous), ..Default::default() }, ErrorCode::Invalid, Some("case_id")),
        ("no such case", CustomerKey { case_id: Some(99_999), ..Default::default() }, ErrorCode::NotFound, None),
    ] {
        let e = fx.desk.customer(fx.clerk, &key, t0()).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (code, field), "{what}: {}", e.message);
    }
}

#[test]
fn the_case_list_finds_a_phone_by_its_prefix_and_by_its_last_digits() {
    let fx = fixture();
    let number = |id: i64| fx.desk.case_detail_at(fx.boss, id, t0()).unwrap().case.number;
    let mut hers: Vec<String> = [fx.closed, fx.reopened, fx.fresh].into_iter().map(number).collect();
    hers.sort();
    assert_eq!(numbers(&fx.desk, fx.clerk, "1380013"), hers, "the start of the phone (prefix)");
    assert_eq!(numbers(&fx.desk, fx.clerk, "8000"), hers, "its last four digits (尾号)");
    assert_eq!(numbers(&fx.desk, fx.clerk, "38000"), hers, "its last five digits");
    assert_eq!(numbers(&fx.desk, fx.clerk, "6000"), vec![number(fx.new_phone)], "the other phone's tail finds only its case");
    assert_eq!(numbers(&fx.desk, fx.clerk, "理赔 8000"), hers, "a word and a tail: both must match");
    assert!(numbers(&fx.desk, fx.clerk, "电梯 8000").is_empty(), "a tail with a word the cases lack finds nothing");
    assert!(numbers(&fx.desk, fx.clerk, "0013").is_empty(), "digits in the middle of a phone are neither its start nor its tail");
    assert!(numbers(&fx.desk, fx.clerk, "9999").is_empty(), "a tail no phone has finds nothing");
    assert!(numbers(&fx.desk, fx.clerk, "800").is_empty(), "three digits are no tail (too many phones would match)");
    // At a million cases the tail must be an index range, not a scan of every phone (SQLite's
    // plan; PostgreSQL chooses its plan by the table's statistics).
    if let Some(file) = fx.desk.store().file() {
        let (ids, args) = search::text_ids("38000", Dialect::Sqlite).unwrap();
        let steps: Vec<String> =
            file.conn().rows(&format!("EXPLAIN QUERY PLAN SELECT count(*) FROM ({ids})"), &args).unwrap().iter().map(|r| r.text("detail").unwrap()).collect();
        assert!(steps.iter().any(|s| s.contains("cases_phone_tail")), "the tail is looked up through its index: {steps:?}");
        assert!(!steps.iter().any(|s| s.starts_with("SCAN cases")), "no scan of the cases: {steps:?}");
    }
}
}
