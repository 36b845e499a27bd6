//! Case-list speed at scale (SPEC §10: a filtered page in tens of milliseconds, Chinese search
//! well under 100 ms at a million cases). `CD_BENCH_CASES` sets the size (default 100,000);
//! `CD_BENCH_DB` reuses a database file built by an earlier run.
//! Run: `cargo bench -p complaintdesk-core --bench case_list`.
use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, TimeZone, Utc};
use complaintdesk_core::domain::case::{validate_intake, CaseInput, CaseQuery};
use complaintdesk_core::domain::catalog::Classification;
use complaintdesk_core::domain::types::{Channel, Claim, Profile, Role};
use complaintdesk_core::store::{cases, meta, users, Store};

const WORDS: &[&str] = &["电梯", "漏水", "停车", "保洁", "噪音", "物业费", "门禁", "绿化", "装修", "垃圾"];
const CATEGORIES: &[(&str, &str)] = &[("repair", "repair.elevator"), ("fees", "fees.parking"), ("environment", "environment.cleaning"), ("noise", "noise.renovation")];

fn fill(store: &mut Store, n: usize) {
    let t0 = Utc.with_ymd_and_hms(2016, 1, 1, 0, 0, 0).unwrap();
    let tree = Classification::for_profile(Profile::Property);
    store
        .write(|tx| {
            meta::set(tx, "profile", "property")?;
            meta::set(tx, "org_name", "基准测试物业")?;
            for i in 0..20 {
                users::insert(tx, &format!("h{i}"), &format!("处理人{i}"), None, &[Role::Handler, Role::Clerk], 0)?;
            }
            Ok(())
        })
        .unwrap();
    let started = Instant::now();
    for chunk in 0..n.div_ceil(10_000) {
        store
            .write(|tx| {
                for i in chunk * 10_000..((chunk + 1) * 10_000).min(n) {
                    let received = t0 + Duration::minutes((i as i64) * 5);
                    let (cat, sub) = CATEGORIES[i % CATEGORIES.len()];
                    let w = WORDS[i % WORDS.len()];
                    let input = CaseInput {
                        customer_name: Some(format!("客户{}", i % 5000)),
                        customer_phone: Some(format!("139{:08}", i % 200_000)),
                        channel: Some([Channel::WalkIn, Channel::Phone, Channel::Letter, Channel::Email, Channel::Wechat, Channel::Website][i % 6]),
                        received_at: Some(received),
                        subject: Some(format!("{w}问题第{i}号")),
                        description: Some(format!("业主反映{w}问题已经持续多日，希望物业尽快处理并给出答复。楼栋{}单元{}。", i % 30, i % 6)),
                        claim: Some(Claim::Correction),
                        category: Some(cat.into()),
                        subcategory: Some(sub.into()),
                        project: Some(format!("小区{}", i % 12)),
                        ..Default::default()
                    };
                    let new = validate_intake(&input, Profile::Property, &tree, received).unwrap();
                    let status = ["registered", "assigned", "in_progress", "closed", "closed", "closed"][i % 6];
                    cases::insert(tx, &new, status, 1 + (i % 20) as i64, received)?;
                }
                Ok(())
            })
            .unwrap();
    }
    // Spread handlers over the cases, as assignment would.
    store.conn().execute("UPDATE cases SET handler_id = 1 + (id % 20) WHERE status != 'registered'", []).unwrap();
    eprintln!("filled {n} cases in {:.1} s", started.elapsed().as_secs_f64());
}

fn median(store: &Store, q: &CaseQuery) -> (StdDuration, i64) {
    let mut times = Vec::new();
    let mut total = 0;
    for _ in 0..15 {
        let t = Instant::now();
        let page = cases::list(store.reads(), q).unwrap();
        times.push(t.elapsed());
        total = page.total;
    }
    times.sort();
    (times[times.len() / 2], total)
}

fn main() {
    let n: usize = std::env::var("CD_BENCH_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let keep = std::env::var("CD_BENCH_DB").ok();
    let dir = tempfile::tempdir().unwrap();
    let path = keep.clone().map(std::path::PathBuf::from).unwrap_or_else(|| dir.path().join("bench.sqlite3"));
    let fresh = !path.exists();
    let mut store = Store::open(&path).unwrap();
    if fresh {
        fill(&mut store, n);
    }
    let page = |q: CaseQuery| CaseQuery { page_size: Some(50), ..q };
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let rows: Vec<(&str, CaseQuery)> = vec![
        ("first page, no filter", page(CaseQuery::default())),
        ("page 100, no filter", page(CaseQuery { page: Some(100), ..Default::default() })),
        ("status = in_progress", page(CaseQuery { statuses: Some(vec!["in_progress".into()]), ..Default::default() })),
        ("category + one month", page(CaseQuery { category: Some("fees".into()), from: Some(day(2016, 3, 1)), to: Some(day(2016, 3, 31)), ..Default::default() })),
        ("handler 7, open", page(CaseQuery { handler_id: Some(7), statuses: Some(vec!["assigned".into(), "in_progress".into()]), ..Default::default() })),
        ("text 电梯 (2 chars)", page(CaseQuery { text: Some("电梯".into()), ..Default::default() })),
        ("text 物业费 + status", page(CaseQuery { text: Some("物业费".into()), statuses: Some(vec!["closed".into()]), ..Default::default() })),
        ("text phone prefix", page(CaseQuery { text: Some("1390001".into()), ..Default::default() })),
    ];
    let total = cases::count(store.reads(), &CaseQuery::default()).unwrap();
    println!("case list at {total} cases (median of 15, page of 50 with its total count)");
    for (name, q) in rows {
        let (t, hits) = median(&store, &q);
        println!("{name:<28} {:>8.2} ms   {hits:>8} matching", t.as_secs_f64() * 1000.0);
    }
}
