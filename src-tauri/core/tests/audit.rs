//! The audit chain: a desk's event log verifies; an event changed or removed behind the app's
//! back (straight through the database's own tools) is named; a database from before the chain
//! gets chained. On both stores, but for what only a file can hold (bytes that are not text).
use chrono::Duration;
use complaintdesk_core::desk::dto::{MoveInput, NoteInput};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::audit::{AuditRecord, BrokenReason};
use complaintdesk_core::domain::lifecycle::StepFields;
use complaintdesk_core::domain::types::{Profile, Role};
use complaintdesk_core::domain::ErrorCode;
use complaintdesk_core::store::{DB_FILE, SCHEMA_VERSION};

mod common;
use common::{elevator_complaint as complaint, set_up, t0, Place};

/// A desk with three cases, some moved and noted: a few dozen events.
fn busy_desk() -> (Place, Desk, i64, Vec<String>) {
    let (desk, admin, dir) = set_up(Profile::Property, t0());
    let mut numbers = Vec::new();
    for (i, phone) in ["13800138000", "13900139000", "13700137000"].iter().enumerate() {
        let at = t0() + Duration::minutes(10 * i as i64);
        let d = desk.create_case(admin, &complaint(phone), at).unwrap();
        numbers.push(d.case.number.clone());
        let step = MoveInput { action: "accept".into(), fields: StepFields::default(), expected_version: None };
        desk.move_case(admin, d.case.id, &step, at + Duration::minutes(1)).unwrap();
        let note = NoteInput { text: "已电话联系业主，说明维修安排。".into(), internal: i == 1, kind: None, contact_method: None, department: None };
        desk.add_note(admin, d.case.id, &note, at + Duration::minutes(2)).unwrap();
    }
    (dir, desk, admin, numbers)
}

/// Drops the trigger that keeps `events` append-only and runs `sql`, as someone with the
/// database's own tools and no app would.
fn around_the_trigger(place: &Place, trigger: &str, sql: &str) {
    place.behind_the_apps_back(&format!("DROP TRIGGER {trigger}; {sql}"), &format!("DROP TRIGGER {trigger} ON events; {sql}"));
}

/// The id of the n-th event (1-based) of a case's timeline.
fn event_of(desk: &Desk, admin: i64, number: &str, n: usize) -> i64 {
    let id = desk.case_id_by_number(number).unwrap();
    desk.case_detail_at(admin, id, t0()).unwrap().events[n - 1].id
}

on_both_stores! {
#[test]
fn a_desks_event_log_verifies() {
    let (_dir, desk, admin, _) = busy_desk();
    let check = desk.verify_audit(admin).unwrap();
    assert!(check.ok, "an untouched log verifies: {check:?}");
    assert!(check.events >= 9, "every event was checked: {}", check.events);
    assert_eq!(check.first_broken, None);
}

#[test]
fn an_event_edited_behind_the_apps_back_is_named() {
    let (dir, desk, admin, numbers) = busy_desk();
    let target = event_of(&desk, admin, &numbers[1], 2);
    drop(desk);
    around_the_trigger(&dir, "events_no_update", &format!("UPDATE events SET note = '改过' WHERE id = {target};"));
    let desk = dir.open();
    let check = desk.verify_audit(admin).unwrap();
    assert!(!check.ok, "the edited log does not verify");
    let broken = check.first_broken.expect("a broken event is named");
    assert_eq!(broken.event_id, target, "the edited event is the one named");
    assert_eq!(broken.case_number.as_deref(), Some(numbers[1].as_str()), "with its case's number");
    assert_eq!(broken.reason, BrokenReason::HashMismatch, "its fields no longer give its hash");
    assert_eq!(check.events, target - 1, "the events before it verified");
}

#[test]
fn an_edited_event_with_a_recomputed_hash_breaks_the_link_of_the_next() {
    let (dir, desk, admin, numbers) = busy_desk();
    let target = event_of(&desk, admin, &numbers[0], 2);
    drop(desk);
    // A forger who knows the encoding changes the row and writes its correct new hash: the
    // event itself checks out, but the next one still links to the old hash.
    let desk = dir.open();
    let r = desk
        .store()
        .db()
        .row(
            "SELECT id, case_id, at, actor_id, actor_role, kind, action, from_status, to_status, before_json, after_json,
                    details_json, note, internal, prev_hash FROM events WHERE id = ?1",
            &[target.into()],
        )
        .unwrap()
        .unwrap();
    let record = AuditRecord {
        id: r.int("id").unwrap(),
        case_id: r.int("case_id").unwrap(),
        at: r.int("at").unwrap(),
        actor_id: r.opt_int("actor_id").unwrap(),
        actor_role: r.text("actor_role").unwrap(),
        kind: r.text("kind").unwrap(),
        action: r.opt_text("action").unwrap(),
        from_status: r.opt_text("from_status").unwrap(),
        to_status: Some("closed".into()),
        before_json: r.opt_text("before_json").unwrap(),
        after_json: r.opt_text("after_json").unwrap(),
        details_json: r.opt_text("details_json").unwrap(),
        note: r.opt_text("note").unwrap(),
        internal: r.bool("internal").unwrap(),
    };
    let hash = record.hash(&r.text("prev_hash").unwrap());
    drop(desk);
    around_the_trigger(&dir, "events_no_update", &format!("UPDATE events SET to_status = 'closed', hash = '{hash}' WHERE id = {target};"));
    let check = dir.open().verify_audit(admin).unwrap();
    let broken = check.first_broken.expect("a broken event is named");
    assert_eq!(broken.event_id, target + 1, "the event after the re-hashed one is named");
    assert_eq!(broken.reason, BrokenReason::PrevHashMismatch, "its link no longer matches");
}

#[test]
fn a_deleted_event_is_named_as_a_gap_at_the_next_one() {
    let (dir, desk, admin, numbers) = busy_desk();
    let removed = event_of(&desk, admin, &numbers[1], 1);
    drop(desk);
    around_the_trigger(&dir, "events_no_delete", &format!("DELETE FROM events WHERE id = {removed};"));
    let check = dir.open().verify_audit(admin).unwrap();
    let broken = check.first_broken.expect("a broken event is named");
    assert_eq!(broken.event_id, removed + 1, "the event after the removed one is named");
    assert_eq!(broken.reason, BrokenReason::Gap, "as a gap in the chain");
}

#[test]
fn events_appended_after_a_check_keep_the_chain() {
    let (_dir, desk, admin, _) = busy_desk();
    let before = desk.verify_audit(admin).unwrap().events;
    desk.create_case(admin, &complaint("13600136000"), t0() + Duration::hours(2)).unwrap();
    let check = desk.verify_audit(admin).unwrap();
    assert!(check.ok && check.events > before, "new events extend a valid chain: {check:?}");
}

#[test]
fn only_admin_and_compliance_may_check_the_chain() {
    let (_dir, mut desk, admin, _) = busy_desk();
    let user = |desk: &mut Desk, login: &str, roles: Vec<Role>| {
        let input = complaintdesk_core::desk::dto::UserInput {
            login: login.into(),
            display_name: login.into(),
            roles,
            department: None,
            active: None, password: Some("pass-1234".into()),
        };
        desk.create_user(admin, &input, t0()).unwrap().id
    };
    let compliance = user(&mut desk, "he", vec![Role::Compliance]);
    let clerk = user(&mut desk, "liu", vec![Role::Clerk]);
    assert!(desk.verify_audit(compliance).unwrap().ok, "compliance may check");
    let refused = desk.verify_audit(clerk).unwrap_err();
    assert_eq!(refused.code, ErrorCode::RoleNotAllowed, "a clerk may not: {refused:?}");
}
}

/// Only a file can hold these: the shared store's columns take nothing but text and numbers.
#[test]
fn an_event_whose_stored_fields_are_not_text_is_named_as_unreadable() {
    // Damage a row the way a disk fault or a tool writing around the app could: bytes that are
    // not UTF-8 in a text column, a blob where JSON text belongs, words where the instant belongs.
    let damages = [
        ("note", "CAST(X'E5A4FF' AS TEXT)", 3, "bytes that are not UTF-8 in the note"),
        ("after_json", "X'7B22FF227D'", 2, "a blob in place of the step's JSON"),
        ("at", "'昨天'", 1, "words in place of the event's instant"),
        ("prev_hash", "CAST(X'FF' AS TEXT)", 2, "bytes that are not UTF-8 in the link"),
    ];
    for (column, value, n, what) in damages {
        let (dir, desk, admin, numbers) = busy_desk();
        let target = event_of(&desk, admin, &numbers[1], n);
        drop(desk);
        around_the_trigger(&dir, "events_no_update", &format!("UPDATE events SET {column} = {value} WHERE id = {target};"));
        let desk = dir.open();
        let check = desk.verify_audit(admin).unwrap_or_else(|e| panic!("{what}: the check reports the event rather than failing: {e:?}"));
        assert!(!check.ok, "{what}: the log does not verify");
        let broken = check.first_broken.unwrap_or_else(|| panic!("{what}: a broken event is named"));
        assert_eq!(broken.event_id, target, "{what}: the damaged event is the one named");
        assert_eq!(broken.case_number.as_deref(), Some(numbers[1].as_str()), "{what}: with its case's number");
        assert_eq!(broken.reason, BrokenReason::Unreadable, "{what}: reported as unreadable");
        assert_eq!(check.events, target - 1, "{what}: the events before it verified");
    }
}

#[test]
fn a_database_from_before_the_chain_is_chained_when_migrated() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema-v1.sqlite3"), dir.path().join(DB_FILE)).unwrap();
    let desk = Desk::create(dir.path()).unwrap();
    assert_eq!(desk.store().schema_version().unwrap(), SCHEMA_VERSION, "migrated to the current schema");
    let check = desk.audit_check().unwrap();
    assert!(check.ok, "the fixture's old events were chained: {check:?}");
    assert!(check.events >= 6, "all of them: {}", check.events);
    let unchained: i64 = desk.store().file().unwrap().conn().query_row("SELECT count(*) FROM events WHERE hash IS NULL OR prev_hash IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(unchained, 0, "no event is left without its hashes");
    let e = desk.store().file().unwrap().conn().execute("UPDATE events SET note = 'x'", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "the append-only trigger is back after the backfill: {e}");
}
