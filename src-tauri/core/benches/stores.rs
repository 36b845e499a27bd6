//! The same desk on both stores, side by side in one run: a laptop's demo desk of 100,000 cases
//! (the one `make bench-startup` keeps in target/bench-desks, made here when missing) and that
//! desk moved into a PostgreSQL store (`db migrate`). Case-list pages, searches, a year's KPIs
//! and dashboard, each the median of its runs, through the desk's own use-cases: on PostgreSQL
//! as the store's owner and as a person signed in as their own role, whom row-level security
//! filters (every branch; and one branch holding half the cases).
//! Run: `make bench-stores` (a private PostgreSQL server, as `make test` starts), or with
//! `COMPLAINTDESK_PG_URL` naming a server; `CD_BENCH_DESK` names another data folder.
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{Datelike, TimeZone, Utc};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::CaseQuery;
use complaintdesk_core::domain::kpi::KpiFilter;
use complaintdesk_core::domain::types::Profile;
use complaintdesk_core::store::{pg, DB_FILE};

/// The cached demo desk, or a new one made there (with the CLI's demo, at a fixed instant).
fn demo_desk() -> PathBuf {
    if let Ok(dir) = std::env::var("CD_BENCH_DESK") {
        return PathBuf::from(dir);
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-desks/property-100000");
    if !dir.join(DB_FILE).exists() {
        let making = dir.with_extension("making");
        let _ = std::fs::remove_dir_all(&making);
        let mut desk = Desk::create(&making).unwrap();
        desk.store().relax_durability_for_bulk_fill().unwrap();
        let end = Utc.with_ymd_and_hms(2026, 12, 5, 4, 0, 0).unwrap();
        complaintdesk_core::demo::fill(&mut desk, Profile::Property, 100_000, 24, end, 1).unwrap();
        drop(desk);
        std::fs::rename(&making, &dir).unwrap();
    }
    dir
}

fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed());
    }
    times.sort();
    (times[runs / 2], last.unwrap())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let Some(url) = pg::scratch_database() else { return };
    let source = demo_desk();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(source.join(DB_FILE), dir.path().join(DB_FILE)).unwrap();
    let file = Desk::open(dir.path()).unwrap();

    let started = Instant::now();
    let mut store = pg::PgStore::init(&url).unwrap();
    let report = pg::migrate::migrate(file.store().file().unwrap(), &mut store).unwrap();
    let moved: Vec<String> = report.tables.iter().map(|t| format!("{} {}", t.table, t.after)).collect();
    println!("db migrate into PostgreSQL: {:.1} s ({})", started.elapsed().as_secs_f64(), moved.join(", "));
    let shared = Desk::open_shared(&url).unwrap();
    // The demo's admin as a person (every branch), and another person of 东区, which holds every other case.
    let config: postgres::Config = url.parse().unwrap();
    let host = match &config.get_hosts()[0] {
        postgres::config::Host::Tcp(h) => h.clone(),
        #[cfg(unix)]
        other => panic!("the bench's server is reached over TCP, not {other:?}"),
    };
    let server = pg::Server { host, port: config.get_ports()[0], database: config.get_dbname().unwrap().into(), tls: false, ca_file: None };
    let clerk = file.users().unwrap().into_iter().find(|u| u.login != "admin").expect("a demo person besides the admin");
    for login in ["admin", clerk.login.as_str()] {
        store.set_person_password(login, "bench-pass-1234").unwrap();
    }
    let mut owner = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    owner.execute("UPDATE users SET branch = '东区' WHERE id = $1", &[&clerk.id]).unwrap();
    owner.execute("UPDATE cases SET branch = '东区' WHERE id % 2 = 0", &[]).unwrap();
    owner.batch_execute("ANALYZE").unwrap();
    drop(store);
    let person = Desk::open_shared_as(&server, "admin", "bench-pass-1234").unwrap();
    let branch_clerk = Desk::open_shared_as(&server, &clerk.login, "bench-pass-1234").unwrap();

    let admin = file.users().unwrap().into_iter().find(|u| u.login == "admin").expect("the demo's admin").id;
    let sample = file.list_cases(admin, &CaseQuery { page_size: Some(1), ..Default::default() }).unwrap().rows[0].clone();
    let handler = file.list_cases(admin, &CaseQuery { statuses: Some(vec!["in_progress".into()]), page_size: Some(1), ..Default::default() }).unwrap().rows[0]
        .handler_id;
    let newest = sample.received_at.date_naive();
    let month_start = newest.with_day(1).unwrap();
    let phone = sample.customer_phone.clone().unwrap_or_default();
    let page = |q: CaseQuery| CaseQuery { page_size: Some(50), ..q };
    let open = || Some(vec!["assigned".to_string(), "in_progress".to_string()]);
    let lists: Vec<(&str, CaseQuery)> = vec![
        ("first page", page(CaseQuery::default())),
        ("page 100", page(CaseQuery { page: Some(100), ..Default::default() })),
        ("status in_progress", page(CaseQuery { statuses: Some(vec!["in_progress".into()]), ..Default::default() })),
        ("handler, two open statuses", page(CaseQuery { handler_id: handler, statuses: open(), ..Default::default() })),
        ("category + this month", page(CaseQuery { category: Some("repair".into()), from: Some(month_start), to: Some(newest), ..Default::default() })),
        ("text 电梯", page(CaseQuery { text: Some("电梯".into()), ..Default::default() })),
        ("text 物业费 + closed", page(CaseQuery { text: Some("物业费".into()), statuses: Some(vec!["closed".into()]), ..Default::default() })),
        ("text phone prefix (7 digits)", page(CaseQuery { text: Some(phone.chars().take(7).collect()), ..Default::default() })),
    ];
    let cases = file.check_db().unwrap().cases;
    println!("the same desk of {cases} cases on both stores (median of 15; page of 50 with its total)");
    println!("(PostgreSQL: as the owner; as a person under row-level security; as a person of the branch holding half)");
    println!("{:<30} {:>10} {:>9} {:>9} {:>9} {:>7} {:>9}", "", "SQLite ms", "owner ms", "person ms", "branch ms", "ratio", "matching");
    for (name, q) in &lists {
        let (a, on_file) = median(15, || file.list_cases(admin, q).unwrap());
        let (b, on_shared) = median(15, || shared.list_cases(admin, q).unwrap());
        let (c, as_person) = median(15, || person.list_cases(admin, q).unwrap());
        let (d, in_branch) = median(15, || branch_clerk.list_cases(clerk.id, q).unwrap());
        assert_eq!(on_file.total, on_shared.total, "{name}: both stores find the same cases");
        assert_eq!(on_file.total, as_person.total, "{name}: a person of every branch finds them all");
        assert!(in_branch.total <= on_file.total, "{name}: a branch's person finds no more than the whole store");
        if q.text.is_none() && q.statuses.is_none() && q.category.is_none() && q.handler_id.is_none() {
            assert_eq!(in_branch.total, on_file.total / 2, "{name}: a branch's person finds the branch's half");
        }
        println!("{name:<30} {:>10.2} {:>9.2} {:>9.2} {:>9.2} {:>7.2} {:>9}", ms(a), ms(b), ms(c), ms(d), ms(b) / ms(a), on_file.total);
    }
    let year = KpiFilter { from: Some(newest - chrono::Duration::days(364)), to: Some(newest), ..Default::default() };
    let now = sample.received_at + chrono::Duration::hours(1);
    let (a, on_file) = median(5, || file.kpi(admin, &year).unwrap());
    let (b, on_shared) = median(5, || shared.kpi(admin, &year).unwrap());
    assert_eq!(format!("{:?}", on_file.current), format!("{:?}", on_shared.current), "a year's KPIs are the same on both stores");
    println!("{:<30} {:>10.1} {:>12.1} {:>7.2} {:>9}", "a year's KPIs (and the year before)", ms(a), ms(b), ms(b) / ms(a), on_file.current.received);
    let (a, _) = median(5, || file.dashboard(admin, &year, now).unwrap());
    let (b, _) = median(5, || shared.dashboard(admin, &year, now).unwrap());
    println!("{:<30} {:>10.1} {:>12.1} {:>7.2}", "a year's dashboard", ms(a), ms(b), ms(b) / ms(a));
}
