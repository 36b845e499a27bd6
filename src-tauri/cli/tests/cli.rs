//! The command line as a script would use it: JSON in, JSON out, errors on stderr with a
//! non-zero exit code.

mod common;
use common::Cli;

const SETUP: &str = r#"{"profile":"insurance","org_name":"平安路营业部","admin_login":"admin","admin_display_name":"周经理","admin_password":"pass-1234","extra_roles":["clerk","supervisor"]}"#;
const CASE: &str = r#"{"customer_name":"刘先生","customer_phone":"13912345678","channel":"phone","subject":"理赔迟迟未到账",
  "description":"住院理赔材料已交齐二十天，至今未到账。","claim":"explanation","category":"claims","subcategory":"claims.delay",
  "business_line":"health","cause_reason":"02"}"#;

#[test]
fn a_case_is_created_listed_shown_and_moved_through_json() {
    let cli = Cli::new();
    cli.ok(&["--json", "setup"], Some(SETUP));
    cli.ok(
        &["--json", "user", "create", "--as", "admin"],
        Some(r#"{"password":"pass-1234","login":"liu","display_name":"刘理赔","roles":["handler"]}"#),
    );
    let created = cli.ok(&["--json", "case", "create", "--as", "admin"], Some(CASE));
    let number = created["case"]["number"].as_str().unwrap().to_string();
    assert!(
        number.starts_with("TS-") && number.len() == "TS-2026-000001".len(),
        "readable number, got {number}"
    );
    assert_eq!(created["case"]["status"], "registered");

    let list = cli.ok(&["--json", "case", "list", "--text", "理赔"], None);
    assert_eq!(list["total"], 1, "the Chinese word finds the case");
    assert_eq!(list["rows"][0]["number"], number.as_str());

    let moved = cli.ok(&["--json", "case", "move", &number, "--to", "accepted", "--as", "admin"], None);
    assert_eq!(moved["case"]["status"], "accepted");
    let moved = cli.ok(
        &[
            "--json",
            "case",
            "move",
            &number,
            "--to",
            "assigned",
            "--as",
            "admin",
            "--fields",
            r#"{"department":"理赔部","handler_id":2}"#,
        ],
        None,
    );
    assert_eq!(moved["case"]["handler_id"], 2);
    let shown = cli.ok(&["--json", "case", "show", &number, "--as", "liu"], None);
    let actions: Vec<&str> = shown["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["start"], "the handler may start");
    assert_eq!(shown["events"].as_array().unwrap().len(), 3, "created, accept, assign");

    let check = cli.ok(&["--json", "db", "check"], None);
    assert_eq!((check["ok"].as_bool(), check["cases"].as_i64()), (Some(true), Some(1)));
}

#[test]
fn refusals_go_to_stderr_with_the_code_and_a_non_zero_exit() {
    let cli = Cli::new();
    cli.ok(&["--json", "setup"], Some(SETUP));
    cli.ok(
        &["--json", "user", "create", "--as", "admin"],
        Some(r#"{"password":"pass-1234","login":"liu","display_name":"刘理赔","roles":["handler"]}"#),
    );
    let number = cli.ok(&["--json", "case", "create", "--as", "admin"], Some(CASE))["case"]["number"]
        .as_str()
        .unwrap()
        .to_string();

    let out = cli.run(&["--json", "case", "move", &number, "--action", "accept", "--as", "liu"], None);
    assert!(!out.status.success(), "a handler may not accept");
    assert!(out.stdout.is_empty(), "nothing on stdout when refused");
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).expect("the error is JSON on stderr");
    assert_eq!(err["code"], "role_not_allowed");
    assert_eq!(err["rule"], "transition.accept.roles");

    let out = cli.run(&["case", "create", "--as", "admin"], Some(r#"{"channel":"phone"}"#));
    assert_eq!(out.status.code(), Some(2), "bad input exits 2");
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("customer_name") && text.contains("客户姓名"),
        "the error names the field: {text}"
    );

    let out = cli.run(&["case", "move", &number, "--to", "closed", "--as", "admin"], None);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("不能转到"),
        "an impossible target status is named"
    );
}

#[test]
fn a_calendar_year_is_imported_into_the_desk_and_a_bad_file_is_refused() {
    let cli = Cli::new();
    cli.ok(&["--json", "setup"], Some(SETUP));
    let good = cli.dir.path().join("2027.json");
    std::fs::write(
        &good,
        r#"{"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}"#,
    )
    .unwrap();
    let bad = cli.dir.path().join("bad.ics");
    std::fs::write(
        &bad,
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2027-02-30\nSUMMARY:春节\nEND:VEVENT\nEND:VCALENDAR\n",
    )
    .unwrap();
    let out = cli.run(&["calendar", "import", bad.to_str().unwrap(), "--as", "admin"], None);
    assert!(!out.status.success(), "a bad file is refused");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("第"),
        "the refusal names the line: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let years = cli.ok(&["--json", "calendar", "import", good.to_str().unwrap(), "--as", "admin"], None);
    let listed: Vec<i64> = years.as_array().unwrap().iter().map(|y| y["year"].as_i64().unwrap()).collect();
    assert!(
        listed.contains(&2027) && listed.contains(&2026),
        "2027 joins the shipped years: {listed:?}"
    );
}

#[test]
fn users_get_passwords_from_json_and_an_admin_sets_a_new_one_from_stdin() {
    let cli = Cli::new();
    cli.ok(&["--json", "setup"], Some(SETUP));
    let e = cli.refused(&["--json", "user", "create", "--as", "admin"], Some(r#"{"login":"liu","display_name":"刘理赔","roles":["handler"]}"#), 2);
    assert_eq!(e["field"], "password", "a new user needs a password: {e}");
    let e = cli.refused(
        &["--json", "user", "create", "--as", "admin"],
        Some(r#"{"login":"liu","display_name":"刘理赔","roles":["handler"],"password":"12345678"}"#),
        2,
    );
    assert_eq!(e["rule"], "password.digits", "not only digits: {e}");
    cli.ok(&["--json", "user", "create", "--as", "admin"], Some(r#"{"login":"liu","display_name":"刘理赔","roles":["handler"],"password":"liu-pass-1"}"#));
    let e = cli.refused(&["--json", "user", "password", "admin", "--as", "liu"], Some("new-pass-99\n"), 1);
    assert_eq!(e["code"], "role_not_allowed", "only an admin sets passwords: {e}");
    let out = cli.ok(&["--json", "user", "password", "liu", "--as", "admin"], Some("new-pass-99\n"));
    assert_eq!(out["login"], "liu");
    let desk = complaintdesk_core::desk::Desk::open(cli.dir.path()).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:30:00+08:00").unwrap().to_utc();
    assert!(desk.sign_in("liu", "new-pass-99", at).is_ok(), "the new password (without its line break) signs in");
    assert!(desk.sign_in("liu", "liu-pass-1", at).is_err(), "the old one no longer does");
}
