//! How soon another desk hears of a change on a shared store: one desk registers a complaint,
//! another's listener (`store::pg::Listener`) is told its id. From the start of the registration
//! to the notice, and from the registration's return (its commit) to the notice; median of 20.
//! The same for a listener that reads the chain's head (where the server delivers no notices).
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
    let front = Desk::create_shared(&url).unwrap();
    let setup = SetupInput {
        profile: Profile::Property,
        org_name: "翠湖物业".into(),
        admin_login: "zhang".into(),
        admin_display_name: "张主管".into(),
        admin_password: "pass-1234".into(),
        extra_roles: vec![Role::Clerk, Role::Supervisor],
    };
    let clerk = front.setup(&setup, now).unwrap().id;
    drop(front);
    let other = Desk::open_shared(&url).unwrap();
    for (how, polls) in [("by notices (LISTEN)", false), ("by reading the chain head every second", true)] {
        let mut listener = match polls {
            false => other.store().listen().unwrap().unwrap(),
            true => other.store().with_shared(|s| s.listen_by_polling()).unwrap().unwrap(),
        };
        // The registrations come from another thread, 1.37 s apart, while this one waits: so
        // they fall at every phase of a once-a-second poll.
        let (tx, rx) = std::sync::mpsc::channel();
        let front_url = url.clone();
        let front = std::thread::spawn(move || {
            let front = Desk::open_shared(&front_url).unwrap();
            for i in 0..20 {
                std::thread::sleep(Duration::from_millis(1370));
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
                tx.send((id, started, Instant::now())).unwrap();
            }
        });
        let (mut from_start, mut from_commit, mut registration) = (Vec::new(), Vec::new(), Vec::new());
        let mut heard_at = std::collections::HashMap::new();
        while heard_at.len() < 20 {
            for id in listener.changed(Duration::from_secs(10)).unwrap() {
                heard_at.entry(id).or_insert_with(Instant::now);
            }
        }
        front.join().unwrap();
        for (id, started, committed) in rx.try_iter() {
            let heard = heard_at[&id];
            from_start.push(heard - started);
            from_commit.push(heard.saturating_duration_since(committed));
            registration.push(committed - started);
        }
        println!("another desk hears of a registration {how} (median of 20, ms):");
        println!("  the registration itself            {:>8.2}", median(registration));
        println!("  from its start to the notice       {:>8.2}", median(from_start));
        println!("  from its return to the notice      {:>8.2}", median(from_commit));
    }
}
