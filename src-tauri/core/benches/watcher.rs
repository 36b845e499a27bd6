//! The deadline watcher at scale (issue: "must not slow the window at 100,000 open cases").
//! The window waits on the desk for at most one watcher round, so the figures that matter are a
//! round when nothing is due (the steady state, every minute) and a full batch of 200 due cases.
//! `CD_BENCH_OPEN` sets the number of open cases (default 100,000). The database lives in
//! /dev/shm when there is one, to measure the work rather than the disk's fsyncs.
//! Run: `cargo bench -p complaintdesk-core --bench watcher`.
use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, TimeZone, Utc};
use complaintdesk_core::desk::dto::SetupInput;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{CaseInput, CaseQuery, SortKey};
use complaintdesk_core::domain::types::{Channel, Claim, Profile, Role};

fn median(mut v: Vec<StdDuration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let n: i64 = std::env::var("CD_BENCH_OPEN").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let base = if std::path::Path::new("/dev/shm").is_dir() { std::path::PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
    let dir = tempfile::tempdir_in(base).unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap();
    let desk = Desk::create(dir.path()).unwrap();
    let me = desk
        .setup(
            &SetupInput { profile: Profile::Insurance, org_name: "基准测试营业部".into(), admin_login: "a".into(), admin_display_name: "甲".into(), admin_password: "pass-1234".into(), extra_roles: vec![Role::Clerk] },
            t0 - Duration::days(30),
        )
        .unwrap()
        .id;
    let started = Instant::now();
    for i in 0..n {
        // Received over the last ten days, so the clocks cross their lines at different times.
        let received = t0 - Duration::minutes((i * 137) % (10 * 24 * 60));
        let input = CaseInput {
            customer_name: Some(format!("客户{i}")),
            customer_phone: Some(format!("139{:08}", i)),
            channel: Some(Channel::Phone),
            received_at: Some(received),
            subject: Some(format!("理赔进度查询第{i}号")),
            description: Some("理赔材料已提交，至今未收到答复。".into()),
            claim: Some(Claim::Explanation),
            category: Some("claims".into()),
            business_line: Some("health".into()),
            ..Default::default()
        };
        desk.create_case(me, &input, t0).unwrap();
    }
    eprintln!("registered {n} open cases in {:.1} s", started.elapsed().as_secs_f64());

    // Steady state: a round a minute later finds nothing to do.
    let mut idle = Vec::new();
    for k in 0..20 {
        let t = Instant::now();
        let r = desk.tick(t0 + Duration::seconds(60 + k), 200).unwrap();
        idle.push(t.elapsed());
        assert_eq!(r.checked, 0);
    }
    // Five days later many clocks have crossed 75%: full batches of 200.
    let later = t0 + Duration::days(5);
    let mut batches = Vec::new();
    let mut alerts = 0;
    for _ in 0..20 {
        let t = Instant::now();
        let r = desk.tick(later, 200).unwrap();
        batches.push(t.elapsed());
        alerts += r.alerts.len();
        if !r.more {
            break;
        }
    }
    let page = || desk.list_cases(me, &CaseQuery { sort: Some(SortKey::DueAt), descending: Some(false), page_size: Some(50), ..Default::default() }).unwrap();
    let mut lists = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        page();
        lists.push(t.elapsed());
    }
    println!("deadline watcher at {n} open cases (medians)");
    println!("round with nothing due            {:>8.2} ms", median(idle));
    println!("round of 200 due cases            {:>8.2} ms   ({alerts} alerts over {} rounds)", median(batches.clone()), batches.len());
    println!("case list page sorted by due time {:>8.2} ms", median(lists));
}
