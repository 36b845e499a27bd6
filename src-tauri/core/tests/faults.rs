//! The faults a laptop at a front desk meets, each reproduced on a temp data folder: a restore
//! while another connection has the desk open, a deleted or empty database, an unmounted folder,
//! pruning that would drop the only real history, a clock stepped back or ahead, a full disk, a
//! read-only database, a lock held elsewhere, a newer version's `-wal`, four processes opening a
//! new folder at once, backups under constant writes, failed and interrupted backups.
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use complaintdesk_core::desk::backup::{default_folder, BackupSettings};
use complaintdesk_core::desk::dto::NoteInput;
use complaintdesk_core::desk::presence::MARKER_FILE;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::CaseQuery;
use complaintdesk_core::domain::deadline::feed::DueState;
use complaintdesk_core::domain::lifecycle::StepFields;
use complaintdesk_core::domain::types::Profile;
use complaintdesk_core::domain::ErrorCode;
use complaintdesk_core::store::{Store, DB_FILE, SCHEMA_VERSION};
use rusqlite::Connection;

mod common;
use common::{elevator_complaint, set_up_in, step, t0};

fn total(desk: &Desk, me: i64) -> i64 {
    desk.list_cases(me, &CaseQuery::default()).unwrap().total
}

fn backup_names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// A desk in `dir` with `n` complaints and one backup of them; returns the desk, its admin and
/// the backup's path.
fn desk_with_backup(dir: &Path, n: usize) -> (Desk, i64, PathBuf) {
    let (desk, admin) = set_up_in(dir, Profile::Property, t0());
    for _ in 0..n {
        desk.create_case(admin, &elevator_complaint("13800138000"), t0()).unwrap();
    }
    let made = desk.backup_now(Some(admin), t0() + Duration::minutes(1)).unwrap();
    (desk, admin, PathBuf::from(made.path))
}

#[test]
fn a_restore_is_refused_while_another_connection_has_the_desk_open_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin, backup) = desk_with_backup(dir.path(), 2);
    drop(desk);
    // Another window or program: its own connection, saving complaints the backup lacks.
    let other = Desk::open(dir.path()).unwrap();
    for _ in 0..3 {
        other.create_case(admin, &elevator_complaint("13800138000"), t0() + Duration::minutes(2)).unwrap();
    }
    let backups_before = backup_names(&default_folder(dir.path()));

    let refused = Desk::restore(dir.path(), &backup, t0() + Duration::minutes(3)).err().expect("the restore is refused");
    assert_eq!(refused.code, ErrorCode::Busy, "{}", refused.message);
    assert!(refused.message.contains("另一个") && refused.message.contains(DB_FILE), "names the holder and the file: {}", refused.message);
    assert_eq!(total(&other, admin), 5, "every acknowledged complaint is still there");
    assert_eq!(other.check_db().unwrap().integrity, "ok");
    assert_eq!(backup_names(&default_folder(dir.path())), backups_before, "a refused restore leaves the backup folder as it was");

    other.create_case(admin, &elevator_complaint("13800138000"), t0() + Duration::minutes(4)).unwrap();
    drop(other);
    let restored = Desk::restore(dir.path(), &backup, t0() + Duration::minutes(5)).unwrap();
    assert_eq!(total(&restored, admin), 2, "alone, the restore goes through");
    let newest = Desk::backups_at(dir.path(), t0() + Duration::minutes(5)).unwrap();
    assert_eq!(newest[0].case_count, Some(6), "the state before the restore was backed up first: {newest:?}");
}

#[test]
fn a_restore_that_fails_half_way_leaves_the_database_and_the_backup_folder_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin, backup) = desk_with_backup(dir.path(), 2);
    desk.create_case(admin, &elevator_complaint("13800138000"), t0() + Duration::minutes(2)).unwrap();
    drop(desk);
    // A sound desk database with another page size: SQLite refuses to copy it into a WAL
    // database, after the restore has already made its safety copy.
    let odd = dir.path().join("complaintdesk-20260302-093500.sqlite3");
    let conn = Connection::open(&backup).unwrap();
    conn.execute_batch(&format!("PRAGMA page_size = 8192; VACUUM INTO '{}';", odd.display())).unwrap();
    drop(conn);
    let before = std::fs::read(dir.path().join(DB_FILE)).unwrap();
    let backups_before = backup_names(&default_folder(dir.path()));

    let failed = Desk::restore(dir.path(), &odd, t0() + Duration::minutes(3));
    assert!(failed.is_err(), "the copy fails");
    assert_eq!(backup_names(&default_folder(dir.path())), backups_before, "the safety copy of a failed restore is removed");
    let desk = Desk::open(dir.path()).unwrap();
    assert_eq!(total(&desk, admin), 3, "the database holds what it held");
    assert_eq!(desk.check_db().unwrap().integrity, "ok");
    drop(desk);
    let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    drop(conn);
    assert!(std::fs::read(dir.path().join(DB_FILE)).unwrap().len() >= before.len() / 2, "the file is still the desk's");
}

#[test]
fn a_deleted_or_empty_database_is_missing_not_a_new_desk() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, _admin, backup) = desk_with_backup(dir.path(), 3);
    drop(desk);
    assert!(dir.path().join(MARKER_FILE).is_file(), "the desk left its marker beside the database");
    assert!(default_folder(dir.path()).join(MARKER_FILE).is_file(), "and beside its backups");
    let name = backup.file_name().unwrap().to_string_lossy().into_owned();

    for damage in ["deleted", "emptied"] {
        let db = dir.path().join(DB_FILE);
        for side in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{side}", db.display()));
        }
        if damage == "emptied" {
            std::fs::write(&db, b"").unwrap();
        }
        let missing = Desk::open(dir.path()).err().expect("no desk opens");
        assert_eq!(missing.code, ErrorCode::DatabaseMissing, "{damage}: {}", missing.message);
        assert!(missing.message.contains(&name) && missing.message.contains("3 件"), "{damage}: names the latest backup and its complaints: {}", missing.message);
        let at_start = Desk::open_at_start(dir.path(), false).err().expect("the window does not start a new desk either");
        assert_eq!(at_start.code, ErrorCode::DatabaseMissing);
        let create = Desk::create(dir.path()).err().expect("setup asks first");
        assert_eq!(create.code, ErrorCode::NeedsConfirmation, "{damage}: {}", create.message);
        assert_eq!(std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0), 0, "{damage}: nothing was created");
    }

    let restored = Desk::restore(dir.path(), &backup, t0() + Duration::hours(1)).unwrap();
    assert_eq!(restored.check_db().unwrap().cases, 3, "the offered backup brings the desk back");
}

#[test]
fn a_data_folder_that_is_not_there_is_never_created_and_a_new_folder_gets_a_new_desk() {
    let root = tempfile::tempdir().unwrap();
    let unmounted = root.path().join("移动硬盘").join("客诉台");
    let err = Desk::open(&unmounted).err().expect("nothing opens");
    assert_eq!(err.code, ErrorCode::DatabaseMissing);
    assert!(err.message.contains("不存在"), "{}", err.message);
    let known = Desk::open_at_start(&unmounted, true).err().expect("a folder the app knew is reported missing");
    assert_eq!(known.code, ErrorCode::DatabaseMissing);
    assert!(!unmounted.exists(), "the folder is not created on the mount point");

    let fresh = root.path().join("新客诉台");
    let desk = Desk::open_at_start(&fresh, false).unwrap();
    assert!(!desk.app_state(None, false).unwrap().setup_done, "a folder that never had a desk starts at setup");
}

#[test]
fn pruning_keeps_the_last_backup_that_holds_more_complaints_than_the_newest_until_an_admin_deletes_it() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, _, real) = desk_with_backup(dir.path(), 4);
    drop(desk);
    // The database is lost and someone starts a new, empty desk in the same folder; its daily
    // backups would push the only real one out.
    std::fs::remove_file(dir.path().join(DB_FILE)).unwrap();
    let empty = Desk::create_confirmed(dir.path()).unwrap();
    let admin2 = empty
        .setup(
            &complaintdesk_core::desk::dto::SetupInput {
                profile: Profile::Property,
                org_name: "翠湖物业服务中心".into(),
                admin_login: "li".into(),
                admin_display_name: "李前台".into(),
                admin_password: "pass-1234".into(),
                extra_roles: vec![],
            },
            t0() + Duration::days(1),
        )
        .unwrap()
        .id;
    empty.set_backup_settings(admin2, &BackupSettings { folder: default_folder(dir.path()).display().to_string(), keep: 2 }, t0() + Duration::days(1)).unwrap();
    for day in 1..=4 {
        empty.backup_if_due(t0() + Duration::days(day) + Duration::hours(1)).unwrap();
    }
    let now = t0() + Duration::days(4) + Duration::hours(2);
    assert!(real.is_file(), "the backup with four complaints is not pruned");
    let listed = empty.list_backups(now).unwrap();
    assert_eq!(listed.len(), 3, "the newest two and the held one: {listed:?}");
    let held: Vec<_> = listed.iter().filter(|b| b.held).collect();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].case_count, Some(4));

    let refused = empty.delete_backup(admin2, &listed[0].file, now).unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("file"), "the newest backup is never deleted");
    let after = empty.delete_backup(admin2, &held[0].file, now).unwrap();
    assert_eq!(after.len(), 2, "asked, an admin may delete it");
    assert!(!real.exists());
}

#[test]
fn a_clock_that_jumped_ahead_does_not_pin_a_future_backup_or_shrink_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin, _) = desk_with_backup(dir.path(), 1);
    desk.set_backup_settings(admin, &BackupSettings { folder: default_folder(dir.path()).display().to_string(), keep: 3 }, t0()).unwrap();
    // The laptop's clock ran a year ahead for one backup, then was corrected.
    let ahead = desk.backup_now(Some(admin), t0() + Duration::days(365)).unwrap();
    for day in 1..=3 {
        let made = desk.backup_if_due(t0() + Duration::days(day) + Duration::hours(1)).unwrap();
        assert!(made.is_some(), "day {day}: a backup is due although a later-stamped one exists");
    }
    let now = t0() + Duration::days(3) + Duration::hours(1);
    let listed = desk.list_backups(now).unwrap();
    assert_eq!(listed.len(), 4, "three real days kept, and the future-stamped one: {listed:?}");
    assert!(!listed[0].future && listed[0].created_at == now, "the latest is today's, not the future one");
    assert!(listed.last().unwrap().future && listed.last().unwrap().file == ahead.file);
}

#[test]
fn a_clock_stepped_back_never_puts_an_event_before_the_last_one_nor_switches_deadlines_off() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin) = set_up_in(dir.path(), Profile::Property, t0());
    let id = desk.create_case(admin, &elevator_complaint("13800138000"), t0()).unwrap().case.id;
    desk.move_case(admin, id, &step("accept", StepFields::default()), t0() + Duration::minutes(10)).unwrap();
    // The laptop's clock is corrected back by five minutes.
    let back = t0() + Duration::minutes(5);
    let note = NoteInput { text: "已联系维保单位".into(), internal: true, kind: None, contact_method: None, department: None };
    let detail = desk.add_note(admin, id, &note, back).unwrap();
    let ats: Vec<DateTime<Utc>> = detail.events.iter().map(|e| e.at).collect();
    assert!(ats.windows(2).all(|w| w[0] <= w[1]), "events never go back in time: {ats:?}");
    assert_eq!(*ats.last().unwrap(), t0() + Duration::minutes(10), "recorded at the last event's instant");
    let details: String = desk
        .store()
        .file()
        .unwrap()
        .conn()
        .query_row("SELECT details_json FROM events WHERE case_id = ?1 ORDER BY id DESC LIMIT 1", [id], |r| r.get(0))
        .unwrap();
    assert!(details.contains("clock_adjusted_from"), "the instant it was given is noted: {details}");

    assert!(!detail.clocks.is_empty(), "the case keeps its clocks");
    assert!(matches!(detail.case.due_state, Some(DueState::Running)), "still running, not done: {:?}", detail.case.due_state);
    assert!(detail.case.due_at.is_some());
    assert!(desk.verify_audit(admin).unwrap().ok, "the chain still verifies");
}

#[test]
fn a_full_disk_is_disk_full_naming_the_folder_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin) = set_up_in(dir.path(), Profile::Property, t0());
    desk.create_case(admin, &elevator_complaint("13800138000"), t0()).unwrap();
    // SQLite's own "database or disk is full" (SQLITE_FULL): no page may be added.
    let pages: i64 = desk.store().file().unwrap().conn().query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    desk.store().file().unwrap().conn().pragma_update(None, "max_page_count", pages).unwrap();
    let mut err = None;
    for _ in 0..200 {
        if let Err(e) = desk.create_case(admin, &elevator_complaint("13800138000"), t0()) {
            err = Some(e);
            break;
        }
    }
    let err = err.expect("the disk fills up");
    assert_eq!(err.code, ErrorCode::DiskFull, "{}", err.message);
    assert!(err.message.contains(&dir.path().display().to_string()) && err.message.contains("只剩"), "names the folder and the free space: {}", err.message);
    let saved = total(&desk, admin);
    desk.store().file().unwrap().conn().pragma_update(None, "max_page_count", 1_000_000_000).unwrap();
    assert_eq!(desk.check_db().unwrap().integrity, "ok", "the database is sound");
    desk.create_case(admin, &elevator_complaint("13800138000"), t0()).unwrap();
    assert_eq!(total(&desk, admin), saved + 1, "with room again, the desk saves");
}

#[test]
fn a_read_only_database_and_a_lock_held_elsewhere_are_not_called_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin) = set_up_in(dir.path(), Profile::Property, t0());
    // A connection that met a read-only file stays read-only in SQLite (query_only stands in).
    desk.store().file().unwrap().conn().pragma_update(None, "query_only", true).unwrap();
    let ro = desk.create_case(admin, &elevator_complaint("13800138000"), t0()).unwrap_err();
    assert_eq!(ro.code, ErrorCode::ReadOnly, "{}", ro.message);
    desk.create_case(admin, &elevator_complaint("13800138000"), t0()).expect("with the cause fixed, the next try saves: the connection was opened anew");

    // Another program holds the write lock longer than the desk waits.
    let other = Connection::open(dir.path().join(DB_FILE)).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let busy = desk.create_case(admin, &elevator_complaint("13800138000"), t0()).unwrap_err();
    assert_eq!(busy.code, ErrorCode::Busy, "{}", busy.message);
    assert!(busy.message.contains(DB_FILE), "names the file: {}", busy.message);
    other.execute_batch("ROLLBACK").unwrap();
    desk.create_case(admin, &elevator_complaint("13800138000"), t0()).unwrap();
}

#[test]
fn a_newer_versions_database_with_a_wal_is_left_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE);
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE future (x); INSERT INTO future VALUES (1); PRAGMA user_version = 99;").unwrap();
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true).unwrap();
    drop(conn);
    let wal = dir.path().join(format!("{DB_FILE}-wal"));
    assert!(wal.is_file(), "the newer version left its log");
    let before = (std::fs::read(&db).unwrap(), std::fs::read(&wal).unwrap());

    let err = Desk::open(dir.path()).err().expect("refused");
    assert_eq!(err.code, ErrorCode::DatabaseNewer);
    assert!(wal.is_file(), "the log is not checkpointed away");
    assert_eq!((std::fs::read(&db).unwrap(), std::fs::read(&wal).unwrap()), before, "nothing in the file or its log changed");
}

#[test]
fn four_processes_opening_a_new_folder_at_once_all_open_it() {
    // The race is won or lost in microseconds: several new folders, so a lost one shows.
    for round in 0..12 {
        let dir = tempfile::tempdir().unwrap();
        let results: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4).map(|_| s.spawn(|| Store::create_dir(dir.path()).map(|st| st.schema_version().unwrap()))).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for r in results {
            assert_eq!(r.map_err(|e| e.message), Ok(SCHEMA_VERSION), "round {round}: each opener gets the migrated database");
        }
    }
}

#[test]
fn a_backup_under_constant_writes_finishes_while_the_writes_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin) = set_up_in(dir.path(), Profile::Property, t0());
    // A desk of some size: a few thousand pages, several backup slices.
    desk.store().file().unwrap().conn().execute_batch("CREATE TABLE ballast (b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO ballast SELECT randomblob(4000) FROM n;").unwrap();
    let stop = std::sync::atomic::AtomicBool::new(false);
    const CAP: u64 = 200_000;
    let (made, writes_then) = std::thread::scope(|s| {
        let writer = s.spawn(|| {
            let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
            conn.execute_batch("PRAGMA synchronous = OFF; CREATE TABLE IF NOT EXISTS churn (x)").unwrap();
            let mut n = 0u64;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) && n < CAP {
                conn.execute("INSERT INTO churn VALUES (?1)", [n as i64]).unwrap();
                n += 1;
            }
            n
        });
        let made = desk.backup_now(Some(admin), t0());
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
        (made, writer.join().unwrap())
    });
    let made = made.unwrap();
    assert!(writes_then < CAP, "the backup finished while the other program was still writing ({writes_then} writes)");
    assert!(made.size_bytes > 2000 * 4000, "the copy is whole: {} bytes", made.size_bytes);
}

#[test]
fn a_failed_scheduled_backup_is_kept_for_the_window_until_one_succeeds_and_leftovers_are_listed_or_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin) = set_up_in(dir.path(), Profile::Property, t0());
    let folder = dir.path().join("备份");
    desk.set_backup_settings(admin, &BackupSettings { folder: folder.display().to_string(), keep: 7 }, t0()).unwrap();
    // The backup folder becomes a file (a drive letter reused, a sync tool): the copy fails.
    std::fs::remove_dir_all(&folder).unwrap();
    std::fs::write(&folder, b"not a folder").unwrap();
    assert!(desk.backup_if_due(t0()).is_err());
    let status = desk.backup_status().unwrap();
    let failure = status.last_failure.expect("the failure is kept for the window");
    assert_eq!(failure.at, t0());
    assert!(failure.error.message.contains("备份"), "{}", failure.error.message);

    std::fs::remove_file(&folder).unwrap();
    std::fs::create_dir(&folder).unwrap();
    // What interrupted backups and a restore over a damaged file left behind.
    let partial = folder.join(".complaintdesk-20260301-090000.sqlite3.partial");
    let damaged = folder.join("damaged-20260301-090000.sqlite3");
    std::fs::write(&partial, b"half").unwrap();
    std::fs::write(&damaged, b"bytes of a damaged desk").unwrap();
    let old = std::time::SystemTime::from(t0() - Duration::hours(2));
    std::fs::File::options().write(true).open(&partial).unwrap().set_modified(old).unwrap();
    assert!(desk.backup_if_due(t0() + Duration::minutes(5)).unwrap().is_some());
    let status = desk.backup_status().unwrap();
    assert!(status.last_failure.is_none(), "a backup that succeeds clears the failure");
    let kinds: Vec<(String, String)> = status.leftovers.iter().map(|l| (l.kind.clone(), l.file.clone())).collect();
    assert!(kinds.contains(&("partial".into(), partial.file_name().unwrap().to_string_lossy().into_owned())), "{kinds:?}");
    assert!(kinds.contains(&("damaged".into(), "damaged-20260301-090000.sqlite3".into())), "{kinds:?}");

    assert_eq!(desk.clean_leftovers(t0()).unwrap(), 1, "the cut-off backup is removed");
    assert!(!partial.exists() && damaged.exists(), "a damaged database's bytes are kept");
    let listed: Vec<String> = desk.backup_status().unwrap().leftovers.into_iter().map(|l| l.kind).collect();
    assert_eq!(listed, vec!["damaged".to_string()]);
}
