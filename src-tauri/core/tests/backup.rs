//! Backups on a temp data folder: back up, change, restore and get the backed-up cases back
//! (with the pre-restore state kept as a backup); keep-N pruning; settings refused with a field;
//! a damaged or foreign backup refused with the current database untouched.
use std::path::Path;

use chrono::Duration;
use complaintdesk_core::desk::backup::{default_folder, BackupSettings};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{CaseInput, CaseQuery};
use complaintdesk_core::domain::types::{Channel, Claim, Profile, Role};
use complaintdesk_core::domain::ErrorCode;
use complaintdesk_core::store::DB_FILE;

mod common;
use common::t0;

fn desk(dir: &Path) -> (Desk, i64) {
    common::set_up_in(dir, Profile::Property, t0())
}

fn complaint(subject: &str) -> CaseInput {
    CaseInput {
        customer_name: Some("陈女士".into()),
        customer_phone: Some("13800138000".into()),
        channel: Some(Channel::WalkIn),
        subject: Some(subject.into()),
        description: Some("3号楼2单元电梯从周五起停运，多次报修无人处理。".into()),
        claim: Some(Claim::Correction),
        category: Some("repair".into()),
        subcategory: Some("repair.elevator".into()),
        project: Some("翠湖花园".into()),
        ..Default::default()
    }
}

fn subjects(desk: &Desk, me: i64) -> Vec<String> {
    let page = desk.list_cases(me, &CaseQuery { page_size: Some(500), ..Default::default() }).unwrap();
    let mut s: Vec<String> = page.rows.iter().map(|r| r.subject.clone()).collect();
    s.sort();
    s
}

#[test]
fn restoring_a_backup_brings_back_its_cases_and_keeps_the_state_before_as_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin) = desk(dir.path());
    desk.create_case(admin, &complaint("电梯停运"), t0()).unwrap();
    desk.create_case(admin, &complaint("楼道漏水"), t0()).unwrap();
    let made = desk.backup_now(Some(admin), t0()).unwrap();
    assert_eq!(made.case_count, Some(2), "the backup holds the two complaints made before it");
    assert!(made.file.starts_with("complaintdesk-20260302-"), "the backup is named by its local time: {}", made.file);

    desk.create_case(admin, &complaint("噪音扰民"), t0() + Duration::minutes(5)).unwrap();
    assert_eq!(subjects(&desk, admin).len(), 3);
    drop(desk);

    let backup = Path::new(&made.path).to_path_buf();
    let desk = Desk::restore(dir.path(), &backup, t0() + Duration::minutes(10)).unwrap();
    assert_eq!(subjects(&desk, admin), vec!["楼道漏水".to_string(), "电梯停运".to_string()], "the cases are the backup's");

    let backups = Desk::backups_at(dir.path(), t0() + Duration::minutes(10)).unwrap();
    assert_eq!(backups.len(), 2, "the restored backup and one of the state before restoring: {backups:?}");
    assert_eq!(backups[0].case_count, Some(3), "the newest backup is the state before the restore, with three cases");
    assert!(!dir.path().join(format!("{DB_FILE}.restoring")).exists(), "no copy is left half-way");
    let partial = std::fs::read_dir(default_folder(dir.path())).unwrap().flatten().any(|e| e.file_name().to_string_lossy().ends_with(".partial"));
    assert!(!partial, "no half-written backup is left in the folder");
}

#[test]
fn only_the_newest_n_backups_are_kept_and_other_files_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin) = desk(dir.path());
    let folder = default_folder(dir.path());
    let settings = desk.set_backup_settings(admin, &BackupSettings { folder: folder.display().to_string(), keep: 3 }, t0()).unwrap();
    assert_eq!(settings.keep, 3);
    std::fs::write(folder.join("notes.txt"), "not a backup").unwrap();
    for h in 0..5 {
        desk.backup_now(Some(admin), t0() + Duration::hours(h)).unwrap();
    }
    let kept: Vec<String> = desk.list_backups(t0() + Duration::days(30)).unwrap().into_iter().map(|b| b.file).collect();
    assert_eq!(
        kept,
        vec!["complaintdesk-20260302-133000.sqlite3", "complaintdesk-20260302-123000.sqlite3", "complaintdesk-20260302-113000.sqlite3"],
        "the three newest backups are kept, newest first"
    );
    assert!(folder.join("notes.txt").exists(), "a file that is not a backup is never deleted");

    let again = desk.backup_now(None, t0() + Duration::hours(4)).unwrap();
    assert_eq!(again.file, "complaintdesk-20260302-133000-2.sqlite3", "a second backup in the same second gets its own name");
}

#[test]
fn the_daily_backup_waits_for_a_day_after_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, _) = desk(dir.path());
    assert!(desk.backup_if_due(t0()).unwrap().is_some(), "with no backup, one is made at once");
    assert!(desk.backup_if_due(t0() + Duration::hours(23)).unwrap().is_none(), "not again within a day");
    assert!(desk.backup_if_due(t0() + Duration::hours(25)).unwrap().is_some(), "again after a day");
}

#[test]
fn settings_are_for_admins_and_refuse_a_folder_that_cannot_hold_backups() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin) = desk(dir.path());
    let clerk = desk
        .create_user(
            admin,
            &complaintdesk_core::desk::dto::UserInput {
                login: "wu".into(),
                display_name: "吴".into(),
                roles: vec![Role::Clerk],
                department: None,
                active: None, password: Some("pass-1234".into()),
            },
            t0(),
        )
        .unwrap()
        .id;
    let good = BackupSettings { folder: dir.path().join("elsewhere").display().to_string(), keep: 5 };
    assert_eq!(desk.set_backup_settings(clerk, &good, t0()).unwrap_err().code, ErrorCode::RoleNotAllowed, "a clerk may not change them");
    assert_eq!(desk.backup_now(Some(clerk), t0()).unwrap_err().code, ErrorCode::RoleNotAllowed, "nor back up");

    let relative = desk.set_backup_settings(admin, &BackupSettings { folder: "backups".into(), keep: 5 }, t0()).unwrap_err();
    assert_eq!(relative.field.as_deref(), Some("folder"), "a relative folder is refused on its field");
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let under_file = BackupSettings { folder: file.join("sub").display().to_string(), keep: 5 };
    assert_eq!(desk.set_backup_settings(admin, &under_file, t0()).unwrap_err().field.as_deref(), Some("folder"), "a folder that cannot be created is refused");
    assert_eq!(desk.set_backup_settings(admin, &BackupSettings { keep: 0, ..good.clone() }, t0()).unwrap_err().field.as_deref(), Some("keep"));

    assert_eq!(desk.set_backup_settings(admin, &good, t0()).unwrap(), good);
    let made = desk.backup_now(Some(admin), t0()).unwrap();
    assert!(Path::new(&made.path).starts_with(dir.path().join("elsewhere")), "backups go to the chosen folder");
}

#[test]
fn a_damaged_or_foreign_backup_is_refused_and_the_database_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin) = desk(dir.path());
    desk.create_case(admin, &complaint("电梯停运"), t0()).unwrap();
    let made = desk.backup_now(Some(admin), t0()).unwrap();
    drop(desk);
    let db = dir.path().join(DB_FILE);
    let before = std::fs::read(&db).unwrap();

    let good = std::fs::read(&made.path).unwrap();
    let truncated = dir.path().join("complaintdesk-20260101-000000.sqlite3");
    std::fs::write(&truncated, &good[..good.len() / 2]).unwrap();
    let garbage = dir.path().join("complaintdesk-20260101-000001.sqlite3");
    std::fs::write(&garbage, "这不是数据库 this is not a database".repeat(200)).unwrap();
    let mut scrambled = good.clone();
    let mid = scrambled.len() / 2;
    for b in &mut scrambled[mid - 2048..mid + 2048] {
        *b = 0xA5;
    }
    let damaged = dir.path().join("complaintdesk-20260101-000002.sqlite3");
    std::fs::write(&damaged, &scrambled).unwrap();
    let empty = dir.path().join("complaintdesk-20260101-000003.sqlite3");
    std::fs::write(&empty, b"").unwrap();

    for bad in [&truncated, &garbage, &damaged, &empty] {
        let err = Desk::restore(dir.path(), bad, t0()).err().expect("a bad backup is refused");
        assert_eq!(err.field.as_deref(), Some("file"), "the refusal names the file: {}", err.message);
        assert!(err.message.contains("不能用于恢复"), "the message says it cannot be restored: {}", err.message);
        assert_eq!(std::fs::read(&db).unwrap(), before, "the current database is byte for byte unchanged");
    }
    assert_eq!(Desk::backups_at(dir.path(), t0()).unwrap().len(), 1, "no backup was made for a refused restore");
    let desk = Desk::create(dir.path()).unwrap();
    assert_eq!(subjects(&desk, admin), vec!["电梯停运".to_string()]);
}

#[test]
fn a_damaged_database_is_kept_aside_and_replaced_by_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin) = desk(dir.path());
    for i in 0..200 {
        desk.create_case(admin, &complaint(&format!("电梯停运 {i}")), t0()).unwrap();
    }
    let made = desk.backup_now(Some(admin), t0()).unwrap();
    drop(desk);
    let db = dir.path().join(DB_FILE);
    let mut bytes = std::fs::read(&db).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid - 8192..mid + 8192] {
        *b = 0x5A;
    }
    std::fs::write(&db, &bytes).unwrap();
    let err = Desk::create(dir.path()).err().expect("the damaged database does not open");
    assert_eq!(err.code, ErrorCode::DatabaseCorrupt, "{}", err.message);

    let desk = Desk::restore(dir.path(), Path::new(&made.path), t0() + Duration::minutes(1)).unwrap();
    assert_eq!(subjects(&desk, admin).len(), 200, "the backup's cases are back");
    let kept = std::fs::read_dir(default_folder(dir.path()))
        .unwrap()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().starts_with("damaged-"));
    assert!(kept, "the damaged file's bytes are kept beside the backups");
}
