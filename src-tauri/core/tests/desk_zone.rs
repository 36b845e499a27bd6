//! A desk shows its times in its own zone setting, not the computer's: a desk set to London
//! names its Excel exports and its backups in London time and writes London times into the
//! export. Nothing here depends on the machine's zone: run it under `TZ=America/New_York` too,
//! where any reading of the machine's zone would show.
//!
//! The instant is 23:30 UTC on 1 June 2026: 00:30 on 2 June in London (BST), 07:30 on 2 June in
//! Beijing, 19:30 on 1 June in New York. Each reading differs from the London one.
use calamine::{Data, Reader, Xlsx};
use chrono::{DateTime, Duration, TimeZone, Utc};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{CaseInput, CaseQuery};
use complaintdesk_core::domain::kpi::KpiFilter;
use complaintdesk_core::domain::types::Profile;

mod common;
use common::{elevator_complaint, set_up_in};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 23, 30, 0).unwrap()
}

fn london_desk(dir: &std::path::Path) -> (Desk, i64) {
    let (desk, admin) = set_up_in(dir, Profile::Property, now() - Duration::days(1));
    assert_eq!(desk.set_desk_zone(admin, "Europe/London", now()).unwrap(), "Europe/London");
    (desk, admin)
}

#[test]
fn a_london_desk_names_its_case_list_export_in_london_time_and_writes_london_times_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin) = london_desk(dir.path());
    assert_eq!(desk.case_list_file_name(now()), "案件列表-20260602-0030.xlsx", "London's date and time, not UTC's 20260601-2330 nor Beijing's 0730");
    let input = CaseInput { received_at: Some(now() - Duration::minutes(10)), ..elevator_complaint("13800138000") };
    desk.create_case(admin, &input, now()).unwrap();

    let bytes = desk.export_cases(admin, &CaseQuery::default()).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("案件").unwrap();
    let received = sheet.rows().nth(1).map(|r| r[9].clone()).unwrap();
    assert_eq!(received, Data::String("2026-06-02 00:20".into()), "the received time in London");

    let filter = KpiFilter { from: chrono::NaiveDate::from_ymd_opt(2026, 6, 1), to: chrono::NaiveDate::from_ymd_opt(2026, 6, 30), ..Default::default() };
    assert_eq!(Desk::kpi_file_name(&filter), "统计报表-2026-06-01至2026-06-30.xlsx", "a dashboard export is named by its period");
}

#[test]
fn a_london_desk_names_its_backups_in_london_time_and_reads_them_back_as_the_same_instant() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin) = london_desk(dir.path());
    let made = desk.backup_now(Some(admin), now()).unwrap();
    assert_eq!(made.file, "complaintdesk-20260602-003000.sqlite3", "London's local time in the name");
    assert_eq!(made.created_at, now(), "read back as the instant it was made, not one an hour or eight off");
    assert!(!made.future, "so it is not taken for a backup made while the clock ran ahead");
    assert!(desk.backup_if_due(now() + Duration::hours(1)).unwrap().is_none(), "and it counts as today's backup");

    // Without the desk open (a damaged database, the start-up screen) the names read the same.
    drop(desk);
    let listed = Desk::backups_at(dir.path(), now()).unwrap();
    assert_eq!(listed.first().map(|b| (b.file.as_str(), b.created_at)), Some(("complaintdesk-20260602-003000.sqlite3", now())));
    std::fs::remove_file(dir.path().join(complaintdesk_core::store::DB_FILE)).unwrap();
    let from_marker = Desk::backups_at(dir.path(), now()).unwrap();
    assert_eq!(from_marker.first().map(|b| b.created_at), Some(now()), "the desk's marker keeps the zone for a missing database");
}

#[test]
fn backups_made_in_the_hour_london_repeats_in_autumn_are_both_kept_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin) = london_desk(dir.path());
    // 25 October 2026: 01:30 BST (00:30 UTC) and 01:30 GMT (01:30 UTC) read alike in London.
    let first = Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap();
    let a = desk.backup_now(Some(admin), first).unwrap();
    let b = desk.backup_now(Some(admin), first + Duration::hours(1)).unwrap();
    assert_eq!((a.file.as_str(), b.file.as_str()), ("complaintdesk-20261025-013000.sqlite3", "complaintdesk-20261025-013000-2.sqlite3"));
    let listed: Vec<String> = desk.list_backups(first + Duration::hours(2)).unwrap().into_iter().map(|b| b.file).collect();
    assert_eq!(listed[..2], [b.file.clone(), a.file.clone()], "both listed, the later first");
}
