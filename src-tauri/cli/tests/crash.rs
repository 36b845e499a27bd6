//! Crash safety: a CLI process saving complaints as fast as it can is killed with SIGKILL, three
//! times at different points. Every case it reported as saved (printed only after its commit
//! returned) is in the database, which passes `integrity_check`, and the audit chain verifies.
//! Nothing here waits on time: the test reads the storm's own output.
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

mod common;
use common::Cli;
use complaintdesk_core::desk::Desk;

const SETUP: &str = r#"{"profile":"insurance","org_name":"平安路营业部","admin_login":"admin","admin_display_name":"周经理","admin_password":"pass-1234","extra_roles":["clerk","supervisor"]}"#;
const CASE: &str = r#"{"customer_name":"刘先生","customer_phone":"13912345678","channel":"phone","subject":"理赔迟迟未到账",
  "description":"住院理赔材料已交齐二十天，至今未到账。","claim":"explanation","category":"claims","subcategory":"claims.delay",
  "business_line":"health","cause_reason":"02"}"#;

/// Starts a storm, kills it after it acknowledged `acknowledged_before_kill` saves, and returns
/// every number it acknowledged (those already in the pipe when it died count too).
fn storm_then_kill(cli: &Cli, input: &std::path::Path, acknowledged_before_kill: usize) -> Vec<String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_complaintdesk-cli"))
        .env("COMPLAINTDESK_DATA_DIR", cli.dir.path())
        .args(["case", "storm", "--as", "admin", "--count", "100000000", "--input"])
        .arg(input)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut saved = Vec::new();
    while saved.len() < acknowledged_before_kill {
        let line = lines.next().expect("the storm keeps saving until it is killed").unwrap();
        saved.push(line.strip_prefix("saved ").unwrap_or_else(|| panic!("a save line: {line}")).to_string());
    }
    child.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush, no checkpoint
    let status = child.wait().unwrap();
    assert!(!status.success(), "the storm was killed, it did not finish: {status:?}");
    for line in lines {
        let line = line.unwrap();
        saved.push(line.strip_prefix("saved ").unwrap_or_else(|| panic!("a save line: {line}")).to_string());
    }
    saved
}

#[test]
fn every_acknowledged_save_survives_sigkill_and_the_file_and_chain_check() {
    let cli = Cli::new();
    cli.ok(&["--json", "setup"], Some(SETUP));
    let input_dir = tempfile::tempdir().unwrap();
    let input = input_dir.path().join("case.json");
    std::fs::write(&input, CASE).unwrap();

    let mut acknowledged: Vec<String> = Vec::new();
    for (round, kill_after) in [50, 83, 131].into_iter().enumerate() {
        let saved = storm_then_kill(&cli, &input, kill_after);
        assert!(saved.len() >= kill_after, "round {round}: the storm acknowledged {} saves", saved.len());
        acknowledged.extend(saved);

        let check = cli.ok(&["--json", "db", "check"], None);
        assert_eq!(check["integrity"], "ok", "round {round}: integrity_check passes after SIGKILL: {check}");
        let chain = cli.ok(&["--json", "db", "verify"], None);
        assert_eq!(chain["ok"], true, "round {round}: the audit chain verifies after SIGKILL: {chain}");

        let desk = Desk::create(cli.dir.path()).unwrap();
        let missing: Vec<&String> = acknowledged.iter().filter(|n| desk.case_id_by_number(n).is_err()).collect();
        assert!(missing.is_empty(), "round {round}: every acknowledged case is there; missing {missing:?}");
        let total = desk.check_db().unwrap().cases;
        assert!(total >= acknowledged.len() as i64, "round {round}: at least the {} acknowledged cases are stored ({total})", acknowledged.len());
    }
    let unique: std::collections::HashSet<&String> = acknowledged.iter().collect();
    assert_eq!(unique.len(), acknowledged.len(), "no case number was handed out twice across the crashes");
}
