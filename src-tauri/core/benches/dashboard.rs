//! Dashboard load time on demo databases (issue: "dashboard load time on demo databases of
//! 10,000 and 100,000 cases"). Each size is made once with `demo::fill` (the same use-cases as
//! the window) and kept under target/bench-data, then the dashboard of the last three months and
//! of the whole half-year is read repeatedly; medians are printed.
//! `CD_BENCH_DASHBOARD=10000,100000` picks the sizes.
//! Run: `cargo bench -p complaintdesk-core --bench dashboard`.
use std::path::PathBuf;
use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::kpi::KpiFilter;
use complaintdesk_core::domain::types::Profile;

fn median_ms(mut v: Vec<StdDuration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let sizes: Vec<usize> = std::env::var("CD_BENCH_DASHBOARD")
        .unwrap_or_else(|_| "10000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let end = Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).unwrap();
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    for n in sizes {
        let dir = target.join(format!("demo-property-{n}"));
        let fresh = !dir.join(complaintdesk_core::store::DB_FILE).exists();
        if fresh {
            std::fs::create_dir_all(&dir).unwrap();
            let mut desk = Desk::create(&dir).unwrap();
            desk.store().relax_durability_for_bulk_fill().unwrap();
            let t = Instant::now();
            let report = complaintdesk_core::demo::fill(&mut desk, Profile::Property, n, 6, end, 7).unwrap();
            eprintln!("made {n} demo cases ({} closed) in {:.0} s", report.closed, t.elapsed().as_secs_f64());
        }
        let desk = Desk::create(&dir).unwrap();
        let admin = desk.users().unwrap().into_iter().find(|u| u.login == "admin").unwrap().id;
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        for (label, from, to) in [("3 months", day(2026, 8, 21), day(2026, 11, 20)), ("6 months", day(2026, 5, 24), day(2026, 11, 20))] {
            let filter = KpiFilter { from, to, ..Default::default() };
            let mut times = Vec::new();
            let mut received = 0;
            for _ in 0..7 {
                let t = Instant::now();
                let d = desk.dashboard(admin, &filter, end + Duration::hours(1)).unwrap();
                times.push(t.elapsed());
                received = d.current.received;
            }
            let mut kpi_times = Vec::new();
            for _ in 0..7 {
                let t = Instant::now();
                desk.kpi(admin, &filter).unwrap();
                kpi_times.push(t.elapsed());
            }
            println!(
                "{n:>7} cases, {label}: {received:>6} in period; dashboard median {:.0} ms; KPI figures alone {:.0} ms",
                median_ms(times),
                median_ms(kpi_times)
            );
        }
    }
}
