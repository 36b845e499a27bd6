//! Issue 15: no click waits for another. Reads run on connections of their own, so a year's
//! dashboard on a large desk does not hold a clerk's save, and a read sees every write committed
//! before it. (How long a save takes beside the dashboard is measured in
//! `benches/reads_beside_writes.rs`.)
mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use complaintdesk_core::desk::dto::Dashboard;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{validate_intake, CaseInput};
use complaintdesk_core::domain::catalog::Classification;
use complaintdesk_core::domain::kpi::KpiFilter;
use complaintdesk_core::domain::types::{Channel, Claim, Profile};
use complaintdesk_core::store::db::Db;
use complaintdesk_core::store::{cases, meta, Store};

/// Far longer than anything here takes: only a test that hangs waits this long.
const HANG: StdDuration = StdDuration::from_secs(300);

/// `n` complaints received evenly over 2025, written straight into the store in transactions
/// of 10,000 (the use-cases would take hours for a desk this size).
fn fill(desk: &Desk, clerk: i64, n: usize) {
    let store = desk.store().file().expect("a desk on the laptop's file");
    store.relax_durability_for_bulk_fill().unwrap();
    let tree = Classification::for_profile(Profile::Property);
    let start = Utc.with_ymd_and_hms(2024, 12, 31, 16, 0, 0).unwrap();
    let step = Duration::days(365).num_seconds() / n as i64;
    for chunk in 0..n.div_ceil(10_000) {
        store
            .write(|tx| {
                for i in chunk * 10_000..((chunk + 1) * 10_000).min(n) {
                    let received = start + Duration::seconds(step * i as i64);
                    let input = CaseInput {
                        customer_name: Some(format!("客户{}", i % 5000)),
                        customer_phone: Some(format!("139{:08}", i % 200_000)),
                        channel: Some([Channel::WalkIn, Channel::Phone, Channel::Wechat][i % 3]),
                        received_at: Some(received),
                        subject: Some(format!("电梯问题第{i}号")),
                        description: Some(format!("业主反映电梯问题已经持续多日，楼栋{}单元{}。", i % 30, i % 6)),
                        claim: Some(Claim::Correction),
                        category: Some("repair".into()),
                        subcategory: Some("repair.elevator".into()),
                        project: Some(format!("小区{}", i % 12)),
                        ..Default::default()
                    };
                    let new = validate_intake(&input, Profile::Property, &tree, received)?;
                    let status = ["registered", "assigned", "in_progress", "closed", "closed", "closed"][i % 6];
                    cases::insert(tx, &new, status, clerk, received)?;
                }
                Ok(())
            })
            .unwrap();
    }
}

#[test]
fn a_case_saves_while_a_years_dashboard_is_still_computing() {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 1, 5, 2, 0, 0).unwrap();
    let (desk, admin) = common::set_up_in(dir.path(), Profile::Property, now - Duration::days(400));
    fill(&desk, admin, 100_000);
    let year = KpiFilter { from: NaiveDate::from_ymd_opt(2025, 1, 1), to: NaiveDate::from_ymd_opt(2025, 12, 31), ..Default::default() };

    // The dashboard now reads kept sums and takes a fraction of a second: the machine could stall
    // the clerk's thread for that long. A single lock would never let the save return first, so
    // one round in which it does (of up to five) shows the two run side by side.
    let mut saved = Vec::new();
    let mut beside = false;
    for _ in 0..5 {
        let (number, still_computing, dashboard) = save_beside_dashboard(&desk, admin, &year, now);
        let dashboard = dashboard.expect("the dashboard is read whole beside the save");
        assert!(dashboard.current.received >= 99_000, "the dashboard read the year's cases: {}", dashboard.current.received);
        saved.push(number);
        if still_computing {
            beside = true;
            break;
        }
    }
    assert!(beside, "a save returns while the year's dashboard is still computing, without waiting for it");
    let found = desk.list_cases(admin, &Default::default()).unwrap();
    assert_eq!(found.total, 100_000 + saved.len() as i64, "the saved complaints {saved:?} are on the desk beside the 100,000");
}

/// Starts a year's dashboard on one thread and, once it is seen reading the store, registers a
/// complaint on this one: the number saved, whether the dashboard was still computing when the
/// save returned, and the dashboard.
fn save_beside_dashboard(desk: &Desk, admin: i64, year: &KpiFilter, now: DateTime<Utc>) -> (String, bool, DeskResultOf<Dashboard>) {
    let reads = desk.store().file().unwrap().reads();
    assert_eq!(reads.in_use(), 0, "nothing reads before the dashboard starts");
    let dashboard_done = AtomicBool::new(false);
    let (started, dashboard_started) = mpsc::channel();
    std::thread::scope(|s| {
        let supervisor = s.spawn(|| {
            started.send(()).unwrap();
            let dashboard = desk.dashboard(admin, year, now);
            dashboard_done.store(true, Ordering::SeqCst);
            dashboard
        });
        dashboard_started.recv_timeout(HANG).expect("the dashboard's thread starts");
        // Until the dashboard is seen reading the store (it is the only reader), the clerk waits.
        while reads.in_use() == 0 {
            assert!(!dashboard_done.load(Ordering::SeqCst), "the dashboard was seen reading before it finished");
            std::thread::yield_now();
        }
        // The clerk registers a complaint meanwhile, on the same desk.
        let saved = desk.create_case(admin, &common::elevator_complaint("13800138000"), now).expect("the complaint is saved");
        let still_computing = !dashboard_done.load(Ordering::SeqCst);
        (saved.case.number, still_computing, supervisor.join().expect("the dashboard's thread ends"))
    })
}

type DeskResultOf<T> = complaintdesk_core::domain::DeskResult<T>;

#[test]
fn a_write_commits_while_a_read_is_halfway_through_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create_dir(dir.path()).unwrap();
    store
        .write(|tx| {
            for i in 0..50 {
                meta::set(tx, &format!("k{i:02}"), "before")?;
            }
            Ok(())
        })
        .unwrap();
    let reader = store.reader().unwrap();
    let mut stmt = reader.prepare("SELECT key, value FROM meta WHERE key LIKE 'k%' ORDER BY key").unwrap();
    let mut rows = stmt.query([]).unwrap();
    let first: String = rows.next().unwrap().expect("a first row").get(1).unwrap();
    assert_eq!(first, "before");

    // The read is open (its statement has rows left to give); a write on another thread commits.
    let (done, committed) = mpsc::channel();
    std::thread::scope(|s| {
        s.spawn(|| {
            let result = store.write(|tx| meta::set(tx, "k49", "after"));
            let _ = done.send(result);
        });
        let result = committed.recv_timeout(HANG).expect("the write does not wait for the read to finish");
        result.expect("the write commits");
    });
    let mut last = String::new();
    while let Some(row) = rows.next().unwrap() {
        last = row.get(1).unwrap();
    }
    assert_eq!(last, "before", "the open read goes on seeing the file as it was when it began");
    drop(rows);
    drop(stmt);
    drop(reader);
    assert_eq!(meta::get(store.reads(), "k49").unwrap().as_deref(), Some("after"), "the next read sees the write");
}

#[test]
fn a_read_sees_a_committed_write_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create_dir(dir.path()).unwrap();
    // Every reading connection of the pool is opened and has read before the writes.
    let held: Vec<_> = (0..4).map(|_| store.reader().unwrap()).collect();
    for r in &held {
        assert_eq!(meta::get(r, "desk_zone").unwrap(), None);
    }
    drop(held);
    for round in 0..20 {
        let value = format!("第{round}次");
        store.write(|tx| meta::set(tx, "org_name", &value)).unwrap();
        for _ in 0..4 {
            assert_eq!(meta::get(store.reads(), "org_name").unwrap(), Some(value.clone()), "round {round}: no reading connection answers from before the write");
        }
    }
    assert_eq!(store.reads().dialect(), complaintdesk_core::store::db::Dialect::Sqlite);
}

#[test]
fn the_desks_use_cases_see_their_own_writes_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let now: DateTime<Utc> = common::t0();
    let (desk, admin) = common::set_up_in(dir.path(), Profile::Property, now);
    for i in 0..5 {
        let saved = desk.create_case(admin, &common::elevator_complaint(&format!("1380013800{i}")), now).unwrap();
        let listed = desk.list_cases(admin, &Default::default()).unwrap();
        assert_eq!(listed.total, i + 1, "the list right after saving case {} has it", saved.case.number);
        assert_eq!(desk.case_detail_at(admin, saved.case.id, now).unwrap().case.number, saved.case.number, "and so does the case itself");
    }
}
