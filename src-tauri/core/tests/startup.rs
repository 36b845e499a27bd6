//! The day starts at once: the window's desk opens without waiting for the file's integrity
//! check (it runs beside the open desk and still finds damage), and the scheduled backup copies
//! on a connection of its own while the desk goes on saving.
use chrono::Duration;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::CaseQuery;
use complaintdesk_core::domain::types::Profile;
use complaintdesk_core::store::{check_in_background, DB_FILE};

mod common;
use common::{elevator_complaint, set_up_in, t0};

#[test]
fn the_window_opens_a_desk_before_its_check_which_runs_beside_and_still_finds_damage() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin) = set_up_in(dir.path(), Profile::Property, t0());
    for _ in 0..300 {
        desk.create_case(admin, &elevator_complaint("13800138000"), t0()).unwrap();
    }
    drop(desk);
    let sound = Desk::open_at_start(dir.path(), true).unwrap();
    assert!(sound.store().file().unwrap().needs_background_check(), "the window's desk leaves its check to run beside it");
    assert_eq!(check_in_background(sound.store().file().unwrap().path()).unwrap(), "ok");
    drop(sound);
    assert!(!Desk::open(dir.path()).unwrap().store().file().unwrap().needs_background_check(), "the CLI still checks a small file first");

    // Damage in the middle of the file, away from what opening reads.
    let db = dir.path().join(DB_FILE);
    let mut bytes = std::fs::read(&db).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid - 4096..mid + 4096].fill(0x5A);
    std::fs::write(&db, &bytes).unwrap();
    let opened = Desk::open_at_start(dir.path(), true).expect("the sign-in screen does not wait for the check");
    let verdict = check_in_background(opened.store().file().unwrap().path());
    assert!(verdict.as_deref().map_or(true, |v| v != "ok"), "the check beside finds the damage: {verdict:?}");
}

#[test]
fn the_scheduled_backup_copies_on_its_own_connection_while_the_desk_saves() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin) = set_up_in(dir.path(), Profile::Property, t0());
    for _ in 0..50 {
        desk.create_case(admin, &elevator_complaint("13800138000"), t0()).unwrap();
    }
    let now = t0() + Duration::hours(1);
    let job = desk.backup_job(now).unwrap().expect("a first backup is due");
    let (made, saved) = std::thread::scope(|s| {
        let copy = s.spawn(|| job.run(now));
        // The desk is not held by the copy: it goes on saving complaints meanwhile.
        let saved: Vec<_> = (0..20).map(|_| desk.create_case(admin, &elevator_complaint("13800138000"), now)).collect();
        (copy.join().unwrap(), saved)
    });
    assert!(saved.iter().all(Result::is_ok), "every save went through during the copy");
    let made = made.unwrap();
    let cases = made.case_count.unwrap();
    assert!((50..=70).contains(&cases), "the copy is one consistent snapshot: {cases}");
    desk.record_backup_result(&Ok(made.clone()), now);
    assert!(desk.backup_job(now + Duration::hours(1)).unwrap().is_none(), "no second backup the same day");
    assert_eq!(desk.list_cases(admin, &CaseQuery::default()).unwrap().total, 70);
}
