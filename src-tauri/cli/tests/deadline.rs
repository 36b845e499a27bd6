//! `deadline` and `calendar` from the command line: pure answers, no database opened or created.
use std::path::Path;

mod common;
use common::Cli;

/// Deadline and calendar commands answer without opening (or creating) a database.
fn no_database(cli: &Cli) {
    let left: Vec<_> = std::fs::read_dir(cli.dir.path()).unwrap().collect();
    assert!(left.is_empty(), "deadline and calendar commands create no database, found {left:?}");
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn deadline_compute_prints_every_clock_with_its_dates_and_state() {
    let cli = Cli::new();
    let files = tempfile::tempdir().unwrap();
    // Received Fri 7 Mar 2025; step 1 extends to 30 N: 7 Mar + 30 = Sun 6 Apr, Qingming 4–6 Apr,
    // so the latest legal date is Mon 7 Apr; notified 30 Mar: met. The review window then runs
    // 30 Mar + 30 = Tue 29 Apr.
    let events = write(
        files.path(),
        "events.json",
        r#"[{"kind":"extension_approved","at":"2025-03-10T10:00:00+08:00","step":1,"customer_notified":true},
            {"kind":"decision_notified","at":"2025-03-30T10:00:00+08:00"}]"#,
    );
    let out = cli.ok(
        &[
            "--json",
            "deadline",
            "compute",
            "--pack",
            "nfra-2020",
            "--received",
            "2025-03-07T10:00",
            "--events",
            &events,
            "--now",
            "2025-04-20T10:00:00+08:00",
        ],
        None,
    );
    assert_eq!(out["pack"], "nfra-2020");
    assert_eq!(out["zone"], "Asia/Shanghai");
    let clocks = out["clocks"].as_array().unwrap();
    let codes: Vec<&str> = clocks.iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["decision", "review_window"], "the review decision clock has not started");
    let decision = &clocks[0];
    assert_eq!(
        (
            decision["target_date"].as_str(),
            decision["latest_date"].as_str(),
            decision["state"].as_str(),
            decision["extension_step"].as_u64()
        ),
        (Some("2025-04-06"), Some("2025-04-07"), Some("met"), Some(1))
    );
    assert_eq!(decision["due"], "2025-04-07T16:00:00Z", "24:00 on 7 Apr in Shanghai");
    assert_eq!(clocks[1]["latest_date"], "2025-04-29");
    assert_eq!(clocks[1]["uncertain"], true);
    no_database(&cli);
}

#[test]
fn deadline_compute_reads_events_from_stdin_and_speaks_chinese_without_json() {
    let cli = Cli::new();
    let out = cli.run(
        &[
            "deadline",
            "compute",
            "--pack",
            "nfra-2020",
            "--received",
            "2025-03-07 10:00",
            "--events",
            "-",
            "--now",
            "2025-03-20T10:00:00+08:00",
        ],
        Some(r#"[{"kind":"paused","at":"2025-03-10T10:00:00+08:00","reason":"鉴定"},{"kind":"resumed","at":"2025-03-11T10:00:00+08:00"}]"#),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    // 7 Mar + 15 = Sat 22 Mar, plus one day paused = Sun 23 Mar, moves to Mon 24 Mar.
    assert!(text.contains("目标日 2025-03-23"), "{text}");
    assert!(text.contains("法定最后日 2025-03-24"), "{text}");
    assert!(text.contains("到期 2025-03-24 24:00"), "{text}");
    no_database(&cli);
}

#[test]
fn a_breached_clock_says_how_late_and_a_reopened_one_its_run_before() {
    let cli = Cli::new();
    // Decided 34 hours late on 20 Mar, reopened 25 Mar (+ 15 = 9 Apr), not decided by 12 Apr 10:00.
    let events = r#"[{"kind":"decision_notified","at":"2025-03-20T10:00:00+08:00"},{"kind":"reopened","at":"2025-03-25T10:00:00+08:00"}]"#;
    let args = ["deadline", "compute", "--pack", "nfra-2020", "--received", "2025-03-03 10:00", "--events", "-", "--now", "2025-04-12T10:00:00+08:00"];
    let out = cli.run(&args, Some(events));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let decision = text.lines().find(|l| l.starts_with("decision")).unwrap_or_else(|| panic!("a decision line: {text}"));
    assert!(decision.contains("超时 2 天 10 小时"), "due 9 Apr 24:00, 2 days 10 hours ago: {decision}");
    assert!(!decision.contains("已用"), "a breach is not a share of the time used: {decision}");
    assert!(decision.contains("上次") && decision.contains("超时 1 天 10 小时"), "the first run stays readable, 34 hours late: {decision}");
    no_database(&cli);
}

#[test]
fn deadline_compute_uses_the_pack_zone_abroad() {
    let cli = Cli::new();
    let out = cli.ok(
        &[
            "--json",
            "deadline",
            "compute",
            "--pack",
            "fca-disp",
            "--received",
            "2025-03-10T10:00",
            "--now",
            "2025-03-11T10:00:00Z",
        ],
        None,
    );
    assert_eq!(out["zone"], "Europe/London");
    let clock = &out["clocks"][0];
    assert_eq!(clock["target_date"], "2025-05-05", "8 weeks after 10 Mar");
    assert_eq!(clock["due"], "2025-05-05T23:00:00Z", "24:00 British Summer Time");
}

#[test]
fn refused_extensions_and_unknown_packs_exit_non_zero_with_the_rule() {
    let cli = Cli::new();
    let step2 = r#"[{"kind":"extension_approved","at":"2025-03-10T10:00:00+08:00","step":1,"customer_notified":true},
                    {"kind":"extension_approved","at":"2025-03-12T10:00:00+08:00","step":2,"customer_notified":true}]"#;
    let args = [
        "--json",
        "deadline",
        "compute",
        "--pack",
        "nfra-2020",
        "--received",
        "2025-03-03T10:00",
        "--events",
        "-",
        "--now",
        "2025-03-20T10:00:00+08:00",
    ];
    let err = cli.refused(&args, Some(step2), 2);
    assert_eq!(
        (err["code"].as_str(), err["field"].as_str(), err["rule"].as_str()),
        (Some("required"), Some("approver"), Some("extension.2.approver"))
    );
    let out_of_order =
        r#"[{"kind":"extension_approved","at":"2025-03-10T10:00:00+08:00","step":2,"approver":"总部","customer_notified":true}]"#;
    let err = cli.refused(&args, Some(out_of_order), 1);
    assert_eq!(
        (err["code"].as_str(), err["rule"].as_str()),
        (Some("extension_not_allowed"), Some("extension.2.order"))
    );
    let err = cli.refused(
        &[
            "--json",
            "deadline",
            "compute",
            "--pack",
            "nfra-2099",
            "--received",
            "2025-03-03T10:00",
        ],
        None,
        3,
    );
    assert_eq!(err["code"], "not_found");
    let err = cli.refused(
        &["--json", "deadline", "compute", "--pack", "cfpb", "--received", "yesterday"],
        None,
        2,
    );
    assert_eq!(err["field"], "received");
    no_database(&cli);
}

#[test]
fn deadline_packs_lists_the_six_shipped_packs() {
    let cli = Cli::new();
    let packs = cli.ok(&["--json", "deadline", "packs"], None);
    let codes: Vec<&str> = packs.as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "nfra-2020",
            "pboc-2020",
            "property-default",
            "property-hangzhou",
            "fca-disp",
            "cfpb"
        ]
    );
}

#[test]
fn calendar_show_lists_days_off_and_make_up_days() {
    let cli = Cli::new();
    let year = cli.ok(&["--json", "calendar", "show", "2026"], None);
    assert_eq!((year["off_days"].as_u64(), year["make_up_days"].as_u64()), (Some(33), Some(6)));
    let spring = year["holidays"].as_array().unwrap().iter().find(|h| h["name"] == "春节").unwrap();
    assert_eq!(
        (spring["first_off"].as_str(), spring["last_off"].as_str()),
        (Some("2026-02-15"), Some("2026-02-23"))
    );
    assert_eq!(spring["make_up_days"], serde_json::json!(["2026-02-14", "2026-02-28"]));
    assert_eq!(year["days"].as_array().unwrap().len(), 39, "33 days off and 6 make-up days listed");
    let human = String::from_utf8(cli.run(&["calendar", "show", "2025"], None).stdout).unwrap();
    assert!(
        human.contains("国庆节、中秋节\t2025-10-01 至 2025-10-08\t放假 8 天\t调休上班 2025-09-28、2025-10-11"),
        "{human}"
    );
    let err = cli.refused(&["--json", "calendar", "show", "2027"], None, 3);
    assert!(
        err["message"].as_str().unwrap().contains("估算"),
        "a year without data says deadlines are estimated"
    );
    no_database(&cli);
}

#[test]
fn calendar_check_reads_a_file_and_refuses_a_bad_one_naming_the_line() {
    let cli = Cli::new();
    let files = tempfile::tempdir().unwrap();
    let good = write(
        files.path(),
        "2027.ics",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nSUMMARY:元旦\nEND:VEVENT\n\
         BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270206\nDTEND;VALUE=DATE:20270209\nSUMMARY:春节\nEND:VEVENT\n\
         BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270220\nSUMMARY:春节补班\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    let out = cli.ok(&["--json", "calendar", "check", &good], None);
    assert_eq!(out["format"], "ical");
    assert_eq!(
        (
            out["years"][0]["year"].as_i64(),
            out["years"][0]["off_days"].as_u64(),
            out["years"][0]["make_up_days"].as_u64()
        ),
        (Some(2027), Some(4), Some(1))
    );
    assert_eq!(out["replaces_shipped"], serde_json::json!([]));
    let shipped_again = write(
        files.path(),
        "2026.json",
        r#"{"year":2026,"days":[{"name":"元旦","date":"2026-01-01","isOffDay":true}]}"#,
    );
    let out = cli.ok(&["--json", "calendar", "check", &shipped_again], None);
    assert_eq!(
        out["replaces_shipped"],
        serde_json::json!([2026]),
        "the check says a shipped year would be replaced"
    );
    let bad = write(
        files.path(),
        "bad.ics",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2027-01-01\nSUMMARY:元旦\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    let err = cli.refused(&["--json", "calendar", "check", &bad], None, 2);
    assert_eq!(err["code"], "calendar_invalid");
    assert!(
        err["message"].as_str().unwrap().starts_with("第 3 行"),
        "the line is named: {}",
        err["message"]
    );
    no_database(&cli);
}
