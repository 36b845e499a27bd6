//! How soon another desk hears of a change on a shared store: one desk registers a complaint,
//! another's listener (`store::pg::Listener`) is told its id. From the start of the registration
//! to the notice, and from the registration's return (its commit) to the notice; median of 20.
//! Run: `make bench-stores` (with the stores bench), or with `COMPLAINTDESK_PG_URL` set.
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use complaintdesk_core::desk::dto::SetupInput;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::CaseInput;
use complaintdesk_core::domain::types::{Channel, Claim, Profile, Role};
use complaintdesk_core::store::pg;

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let Some(url) = pg::scratch_database() else { return };
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 1, 30, 0).unwrap();
    let mut front = Desk::create_shared(&url).unwrap();
    let setup = SetupInput {
        profile: Profile::Property,
        org_name: "翠湖物业".into(),
        admin_login: "zhang".into(),
        admin_display_name: "张主管".into(),
        admin_password: "pass-1234".into(),
        extra_roles: vec![Role::Clerk, Role::Supervisor],
    };
    let clerk = front.setup(&setup, now).unwrap().id;
    let other = Desk::open_shared(&url).unwrap();
    let mut listener = other.store().listen().unwrap().unwrap();
    let (mut from_start, mut from_commit, mut registration) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..20 {
        let input = CaseInput {
            customer_name: Some("陈女士".into()),
            customer_phone: Some(format!("138{i:08}")),
            channel: Some(Channel::WalkIn),
            subject: Some("电梯停运".into()),
            description: Some("3号楼电梯停运三天。".into()),
            claim: Some(Claim::Correction),
            category: Some("repair".into()),
            project: Some("翠湖花园".into()),
            ..Default::default()
        };
        let started = Instant::now();
        let id = front.create_case(clerk, &input, now).unwrap().case.id;
        let committed = Instant::now();
        loop {
            if listener.changed(Duration::from_secs(10)).unwrap().contains(&id) {
                break;
            }
        }
        let heard = Instant::now();
        from_start.push(heard - started);
        from_commit.push(heard - committed);
        registration.push(committed - started);
    }
    println!("another desk hears of a registration (median of 20, ms):");
    println!("  the registration itself            {:>8.2}", median(registration));
    println!("  from its start to the notice       {:>8.2}", median(from_start));
    println!("  from its return to the notice      {:>8.2}", median(from_commit));
}
