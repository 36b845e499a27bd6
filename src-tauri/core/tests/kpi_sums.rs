//! The kept per-day sums (`store::rollup`) give exactly the figures a recount of every case
//! gives (`Desk::dashboard_recounted`, the definitions of `domain::kpi`), on random desks after
//! registrations, steps, follow-up calls, reopenings and corrections, for many filters; `db check`
//! finds sums that no longer agree and `rebuild_figures` makes them right. On both stores.
mod common;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use common::*;
use complaintdesk_core::desk::dto::CorrectionInput;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::CaseQuery;
use complaintdesk_core::domain::correction::CaseCorrection;
use complaintdesk_core::domain::kpi::KpiFilter;
use complaintdesk_core::domain::types::{Channel, Profile};
use serde_json::Value;

/// Whether two dashboards (as JSON) are the same, rates and means to 1e-9 (a mean of hours adds
/// them in another order); the first difference otherwise.
fn same(a: &Value, b: &Value, path: &str) -> Result<(), String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            if (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0) {
                Ok(())
            } else {
                Err(format!("{path}: {x} ≠ {y}"))
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Err(format!("{path}: {} items ≠ {}", x.len(), y.len()));
            }
            x.iter().zip(y).enumerate().try_for_each(|(i, (x, y))| same(x, y, &format!("{path}[{i}]")))
        }
        (Value::Object(x), Value::Object(y)) => {
            if x.len() != y.len() {
                return Err(format!("{path}: fields differ"));
            }
            x.iter().try_for_each(|(k, v)| same(v, y.get(k).unwrap_or(&Value::Null), &format!("{path}.{k}")))
        }
        _ if a == b => Ok(()),
        _ => Err(format!("{path}: {a} ≠ {b}")),
    }
}

/// A small deterministic generator for the changes.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn end() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 30, 8, 0, 0).unwrap()
}

fn admin_of(desk: &Desk) -> i64 {
    desk.users().unwrap().into_iter().find(|u| u.login == "admin").expect("the demo's administrator").id
}

/// Corrections of what the sums are grouped and counted by: the day received, channel, category,
/// site, compensation, staff time and root cause. How many were taken.
fn correct_some(desk: &mut Desk, admin: i64, seed: u64) -> usize {
    let mut rng = Rng(seed | 1);
    let page = desk.list_cases(admin, &CaseQuery { page_size: Some(200), ..Default::default() }).unwrap();
    let mut taken = 0;
    for _ in 0..24 {
        let row = &page.rows[rng.below(page.rows.len() as u64) as usize];
        let fields = match rng.below(6) {
            0 => CaseCorrection { received_at: Some(row.received_at - Duration::hours(20 + rng.below(60) as i64)), ..Default::default() },
            1 => CaseCorrection { channel: Some([Channel::Phone, Channel::WalkIn, Channel::Wechat][rng.below(3) as usize]), ..Default::default() },
            2 => CaseCorrection { category: Some("fees".into()), subcategory: Some("fees.parking".into()), ..Default::default() },
            3 => CaseCorrection { project: Some(["翠湖花园", "碧水苑", "新建小区"][rng.below(3) as usize].into()), ..Default::default() },
            4 => CaseCorrection { compensation: Some(rng.below(500) as f64), staff_minutes: Some(rng.below(300) as i64), ..Default::default() },
            _ => CaseCorrection { root_cause_code: Some(["equipment", "communication", "process"][rng.below(3) as usize].into()), ..Default::default() },
        };
        let input = CorrectionInput { fields, reason: "核对原始记录后更正".into(), expected_version: None };
        if desk.correct_case(admin, row.id, &input, end() + Duration::minutes(taken as i64 + 1)).is_ok() {
            taken += 1;
        }
    }
    taken
}

/// The filters compared: whole and partial periods, each dimension, and a handler.
fn filters(desk: &Desk, admin: i64) -> Vec<KpiFilter> {
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d);
    let whole = KpiFilter { from: day(4, 1), to: day(6, 30), ..Default::default() };
    let d = desk.dashboard(admin, &whole, end()).unwrap();
    let mut out = vec![
        whole.clone(),
        KpiFilter { from: day(5, 1), to: day(5, 31), ..Default::default() },
        KpiFilter { from: day(6, 10), to: day(6, 12), ..Default::default() },
        KpiFilter { from: day(1, 1), to: day(12, 31), ..Default::default() },
        KpiFilter { category: Some("repair".into()), ..whole.clone() },
        KpiFilter { channel: Some(Channel::Phone), ..whole.clone() },
    ];
    if let Some(site) = d.by_site.first() {
        out.push(KpiFilter { project: Some(site.key.clone()), ..whole.clone() });
    }
    if let Some(h) = d.handlers.first() {
        out.push(KpiFilter { handler_id: Some(h.handler_id), ..whole.clone() });
    }
    out
}

fn assert_same_figures(desk: &Desk, admin: i64, what: &str) {
    for f in filters(desk, admin) {
        let kept = serde_json::to_value(desk.dashboard(admin, &f, end()).unwrap()).unwrap();
        let recounted = serde_json::to_value(desk.dashboard_recounted(admin, &f, end()).unwrap()).unwrap();
        if let Err(diff) = same(&kept, &recounted, "dashboard") {
            panic!("{what}, filter {f:?}: the kept sums and a recount differ at {diff}");
        }
        assert_eq!(desk.kpi(admin, &f).unwrap(), desk.kpi_recounted(admin, &f).unwrap(), "{what}: the KPI report, {f:?}");
    }
}

on_both_stores! {
    #[test]
    fn kept_sums_give_the_figures_of_a_recount_on_random_desks() {
        for seed in [5_u64, 23] {
            let place = Place::new();
            let mut desk = place.create();
            let report = complaintdesk_core::demo::fill(&mut desk, Profile::Property, 70, 3, end(), seed).unwrap();
            assert!(report.closed > 0 && report.open > 0, "the demo desk has closed and open cases");
            let admin = admin_of(&desk);
            let whole = &filters(&desk, admin)[0];
            let d = desk.dashboard(admin, whole, end()).unwrap();
            assert!(d.current.received > 0 && d.current.reopened > 0 && d.current.followup.attempts > 0, "seed {seed}: a desk with reopenings and calls: {:?}", d.current);
            assert_same_figures(&desk, admin, &format!("seed {seed} after the demo"));
            assert!(correct_some(&mut desk, admin, seed) > 5, "seed {seed}: corrections were taken");
            assert_same_figures(&desk, admin, &format!("seed {seed} after corrections"));
            assert!(desk.check_db().unwrap().figures.is_empty(), "db check agrees");
        }
    }

    #[test]
    fn db_check_finds_sums_that_disagree_and_a_rebuild_makes_them_right() {
        let place = Place::new();
        let mut desk = place.create();
        complaintdesk_core::demo::fill(&mut desk, Profile::Property, 30, 2, end(), 3).unwrap();
        let admin = admin_of(&desk);
        assert!(desk.check_db().unwrap().ok);
        // A case changed behind the app's back still moves its sums: the store keeps them.
        place.behind_the_apps_back(
            "UPDATE cases SET channel = 'letter' WHERE id = (SELECT min(id) FROM cases WHERE kind = 'complaint')",
            "UPDATE cases SET channel = 'letter' WHERE id = (SELECT min(id) FROM cases WHERE kind = 'complaint')",
        );
        assert!(desk.check_db().unwrap().figures.is_empty(), "a change made at the database moves the sums too");
        // A sum changed by hand is found, named, and made right again.
        place.behind_the_apps_back(
            "UPDATE kpi_days SET closed = closed + 1 WHERE day = (SELECT min(day) FROM kpi_days)",
            "UPDATE kpi_days SET closed = closed + 1 WHERE day = (SELECT min(day) FROM kpi_days)",
        );
        let check = desk.check_db().unwrap();
        assert!(!check.ok && !check.figures.is_empty(), "db check finds the sum: {check:?}");
        assert!(check.figures.iter().any(|g| g.contains("closed=")), "names the group and its sums: {:?}", check.figures);
        assert!(desk.rebuild_figures(admin).unwrap() > 0);
        assert!(desk.check_db().unwrap().figures.is_empty(), "the rebuild agrees with the cases");
        assert_same_figures(&desk, admin, "after the rebuild");
    }

    #[test]
    fn a_desk_written_in_bulk_keeps_its_sums_too() {
        let place = Place::new();
        let desk = place.create();
        let report = complaintdesk_core::demo::fill_years(&desk, 3000, 2, end(), 9).unwrap();
        assert_eq!(report.cases, 3000);
        let admin = admin_of(&desk);
        let year = KpiFilter { from: NaiveDate::from_ymd_opt(2025, 7, 1), to: NaiveDate::from_ymd_opt(2026, 6, 30), ..Default::default() };
        let kept = desk.kpi(admin, &year).unwrap();
        assert!(kept.current.received > 1000 && kept.previous.received > 1000, "{:?}", kept.current);
        assert!(kept.current.followup.attempts > 0 && kept.current.followup.reopened > 0 && kept.current.overdue_now > 0, "{:?}", kept.current);
        assert_eq!(kept, desk.kpi_recounted(admin, &year).unwrap());
        let kept = serde_json::to_value(desk.dashboard(admin, &year, end()).unwrap()).unwrap();
        let recounted = serde_json::to_value(desk.dashboard_recounted(admin, &year, end()).unwrap()).unwrap();
        same(&kept, &recounted, "dashboard").unwrap();
        assert!(desk.check_db().unwrap().figures.is_empty());
    }
}
