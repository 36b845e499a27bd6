//! Demo data, KPIs and Excel exports from the command line.

mod common;
use common::Cli;

#[test]
fn a_demo_desk_reports_kpis_that_match_its_case_list() {
    let cli = Cli::new();
    let now = "2026-11-20T02:00:00Z";
    let demo = cli.ok(&["--json", "--now", now, "demo", "--profile", "insurance", "--cases", "80", "--months", "3"], None);
    assert_eq!(demo["cases"], 80);
    assert!(demo["closed"].as_i64().unwrap() > 40, "most demo cases are closed: {demo}");

    let kpi = cli.ok(&["--json", "kpi", "--from", "2026-10-01", "--to", "2026-10-31"], None);
    let listed = cli.ok(&["--json", "case", "list", "--query", "-"], Some(r#"{"from":"2026-10-01","to":"2026-10-31","kind":"complaint"}"#));
    assert_eq!(kpi["current"]["received"], listed["total"], "the KPI counts the same cases as the list");
    assert!(kpi["current"]["received"].as_i64().unwrap() > 10);
    let closed = cli.ok(&["--json", "case", "list", "--query", "-"], Some(r#"{"from":"2026-10-01","to":"2026-10-31","statuses":["closed"]}"#));
    assert_eq!(kpi["current"]["closed"], closed["total"]);
    assert!(kpi["current"]["followup"]["mean_score"].as_f64().is_some(), "demo cases were called back");

    let out = cli.dir.path().join("统计.xlsx");
    cli.ok(&["--json", "export", "kpi", "--from", "2026-10-01", "--to", "2026-10-31", "--out", out.to_str().unwrap()], None);
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx file (a zip)");

    let e = cli.refused(&["--json", "kpi", "--from", "2026-10-31", "--to", "2026-10-01"], None, 2);
    assert_eq!(e["field"], "to", "a reversed period names the field");
    let e = cli.refused(&["--json", "demo", "--profile", "insurance", "--cases", "5"], None, 1);
    assert_eq!(e["code"], "already_set_up", "demo data only goes into a new database");
}
