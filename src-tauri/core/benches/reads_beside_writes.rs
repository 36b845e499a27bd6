//! Issue 15: "a case saves in < 50 ms" while a supervisor reads a year's dashboard. A desk of
//! `CD_BENCH_CASES` complaints (default 100,000, received over 2025) is filled straight through
//! the store, then reopened with durable commits, as the window runs it. A clerk registers
//! complaints one after another alone, and again while the year's dashboard is computing on
//! another thread; the medians are printed.
//! Run: `cargo bench -p complaintdesk-core --bench reads_beside_writes`.
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use complaintdesk_core::desk::dto::SetupInput;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{validate_intake, CaseInput};
use complaintdesk_core::domain::catalog::Classification;
use complaintdesk_core::domain::kpi::KpiFilter;
use complaintdesk_core::domain::types::{Channel, Claim, Profile, Role};
use complaintdesk_core::store::cases;

fn median_ms(mut v: Vec<StdDuration>) -> f64 {
    v.sort();
    v.get(v.len() / 2).map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
}

fn complaint(i: usize) -> CaseInput {
    CaseInput {
        customer_name: Some(format!("客户{}", i % 5000)),
        customer_phone: Some(format!("139{:08}", i % 200_000)),
        channel: Some([Channel::WalkIn, Channel::Phone, Channel::Wechat][i % 3]),
        subject: Some(format!("电梯问题第{i}号")),
        description: Some(format!("业主反映电梯问题已经持续多日，楼栋{}单元{}。", i % 30, i % 6)),
        claim: Some(Claim::Correction),
        category: Some("repair".into()),
        subcategory: Some("repair.elevator".into()),
        project: Some(format!("小区{}", i % 12)),
        ..Default::default()
    }
}

/// `n` complaints received evenly over 2025, in transactions of 10,000.
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
                    let input = CaseInput { received_at: Some(received), ..complaint(i) };
                    let new = validate_intake(&input, Profile::Property, &tree, received)?;
                    let status = ["registered", "assigned", "in_progress", "closed", "closed", "closed"][i % 6];
                    cases::insert(tx, &new, status, clerk, received)?;
                }
                Ok(())
            })
            .unwrap();
    }
}

fn main() {
    let n: usize = std::env::var("CD_BENCH_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let now = Utc.with_ymd_and_hms(2026, 1, 5, 2, 0, 0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let admin = {
        let desk = Desk::create(dir.path()).unwrap();
        let admin = desk
            .setup(
                &SetupInput {
                    profile: Profile::Property,
                    org_name: "基准测试物业".into(),
                    admin_login: "admin".into(),
                    admin_display_name: "管理员".into(),
                    admin_password: "pass-1234".into(),
                    extra_roles: vec![Role::Clerk, Role::Supervisor],
                },
                now - Duration::days(400),
            )
            .unwrap()
            .id;
        let t = Instant::now();
        fill(&desk, admin, n);
        eprintln!("filled {n} cases in {:.1} s", t.elapsed().as_secs_f64());
        admin
    };
    // Reopened: every commit waits for the disk again, as in the window.
    let desk = Desk::create(dir.path()).unwrap();
    let year = KpiFilter { from: NaiveDate::from_ymd_opt(2025, 1, 1), to: NaiveDate::from_ymd_opt(2025, 12, 31), ..Default::default() };
    let mut next = n;
    let mut save = |desk: &Desk| {
        next += 1;
        let t = Instant::now();
        desk.create_case(admin, &complaint(next), now).unwrap();
        t.elapsed()
    };

    let alone: Vec<StdDuration> = (0..15).map(|_| save(&desk)).collect();

    let mut beside = Vec::new();
    let mut dashboards = Vec::new();
    for _ in 0..5 {
        let running = AtomicBool::new(true);
        std::thread::scope(|s| {
            let supervisor = s.spawn(|| {
                let t = Instant::now();
                desk.dashboard(admin, &year, now).unwrap();
                running.store(false, Ordering::SeqCst);
                t.elapsed()
            });
            // Saves one after another until the dashboard is done; only those that both began
            // and ended while it was computing count.
            while running.load(Ordering::SeqCst) {
                let took = save(&desk);
                if running.load(Ordering::SeqCst) {
                    beside.push(took);
                }
            }
            dashboards.push(supervisor.join().unwrap());
        });
    }
    println!("registering a complaint on a desk of {n} cases (durable commits)");
    println!("  alone:                                 median {:.1} ms of {}", median_ms(alone.clone()), alone.len());
    println!("  while a year's dashboard is computing: median {:.1} ms of {}", median_ms(beside.clone()), beside.len());
    println!("  the year's dashboard itself:           median {:.0} ms of {}", median_ms(dashboards.clone()), dashboards.len());
}
