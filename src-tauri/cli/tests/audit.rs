//! `db verify` from the command line: passes on an untouched file, fails naming the event that
//! was changed behind the app's back.

mod common;
use common::Cli;
use complaintdesk_core::store::{Store, DB_FILE};

const SETUP: &str = r#"{"profile":"insurance","org_name":"平安路营业部","admin_login":"admin","admin_display_name":"周经理","admin_password":"pass-1234","extra_roles":["clerk","supervisor"]}"#;
const CASE: &str = r#"{"customer_name":"刘先生","customer_phone":"13912345678","channel":"phone","subject":"理赔迟迟未到账",
  "description":"住院理赔材料已交齐二十天，至今未到账。","claim":"explanation","category":"claims","subcategory":"claims.delay",
  "business_line":"health","cause_reason":"02"}"#;

fn desk_with_cases() -> (Cli, Vec<String>) {
    let cli = Cli::new();
    cli.ok(&["--json", "setup"], Some(SETUP));
    let numbers = (0..3)
        .map(|_| cli.ok(&["--json", "case", "create", "--as", "admin"], Some(CASE))["case"]["number"].as_str().unwrap().to_string())
        .collect();
    (cli, numbers)
}

#[test]
fn db_verify_passes_on_an_untouched_desk() {
    let (cli, _) = desk_with_cases();
    let check = cli.ok(&["--json", "db", "verify"], None);
    assert_eq!(check["ok"], true, "the chain verifies: {check}");
    assert!(check["events"].as_i64().unwrap() >= 3, "every event was checked: {check}");
    let out = cli.run(&["db", "verify", "--as", "admin"], None);
    assert!(out.status.success(), "an admin may verify: {}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("审计链完整"), "says so in words");
}

#[test]
fn db_verify_names_an_event_edited_behind_the_apps_back() {
    let (cli, numbers) = desk_with_cases();
    let path = cli.dir.path().join(DB_FILE);
    let (target, case): (i64, String) = {
        let store = Store::open(&path).unwrap();
        let conn = store.reader().unwrap();
        conn.query_row("SELECT e.id, c.number FROM events e JOIN cases c ON c.id = e.case_id WHERE c.number = ?1", [&numbers[1]], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
    };
    {
        let store = Store::open(&path).unwrap();
        store.conn().execute_batch(&format!("DROP TRIGGER events_no_update; UPDATE events SET note = '改过' WHERE id = {target};")).unwrap();
    }
    let error = cli.refused(&["--json", "db", "verify"], None, 4);
    assert_eq!(error["code"], "database_corrupt", "a broken chain is a damaged database: {error}");
    assert_eq!(error["rule"], "audit.hash_mismatch", "the changed row no longer gives its hash: {error}");
    let message = error["message"].as_str().unwrap();
    assert!(message.contains(&format!("#{target}")) && message.contains(&case), "the message names event {target} of {case}: {message}");

    let out = cli.run(&["db", "verify"], None);
    assert_eq!(out.status.code(), Some(4), "the human form fails too");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(&format!("事件 #{target}")) && stdout.contains(&case), "and names the event: {stdout}");
}

#[test]
fn db_verify_names_an_event_whose_text_is_no_longer_utf8() {
    let (cli, numbers) = desk_with_cases();
    let path = cli.dir.path().join(DB_FILE);
    {
        let store = Store::open(&path).unwrap();
        // Bytes that are not UTF-8 (a cut-off 大 and 0xFF) stored as text, as a disk error or a
        // tool writing around the app could leave them.
        store
            .conn()
            .execute_batch(&format!(
                "DROP TRIGGER events_no_update;
                 UPDATE events SET actor_role = CAST(X'E5A4FF' AS TEXT)
                 WHERE id = (SELECT e.id FROM events e JOIN cases c ON c.id = e.case_id WHERE c.number = '{}');",
                numbers[1]
            ))
            .unwrap();
    }
    let target: i64 = Store::open(&path)
        .unwrap()
        .conn()
        .query_row("SELECT e.id FROM events e JOIN cases c ON c.id = e.case_id WHERE c.number = ?1", [&numbers[1]], |r| r.get(0))
        .unwrap();
    let error = cli.refused(&["--json", "db", "verify"], None, 4);
    assert_eq!(error["code"], "database_corrupt", "an unreadable event is a damaged database: {error}");
    assert_eq!(error["rule"], "audit.unreadable", "the event is reported as unreadable, not as a UTF-8 error: {error}");
    let message = error["message"].as_str().unwrap();
    assert!(message.contains(&format!("#{target}")) && message.contains(&numbers[1]), "the message names event {target} of {}: {message}", numbers[1]);
    assert!(!message.to_lowercase().contains("utf"), "no decoder's words for a clerk: {message}");

    let out = cli.run(&["db", "verify"], None);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(4), "the human form fails too");
    assert!(stdout.contains(&format!("事件 #{target}")) && stdout.contains(&numbers[1]), "and names the event: {stdout}");
}
