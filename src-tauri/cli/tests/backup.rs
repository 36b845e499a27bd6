//! Backups from the command line: back up, add a case, restore, and the cases are the backup's;
//! the state before the restore is kept as a backup; a bad file is refused with exit code 4.

mod common;
use common::Cli;

const SETUP: &str = r#"{"profile":"insurance","org_name":"平安路营业部","admin_login":"admin","admin_display_name":"周经理","admin_password":"pass-1234","extra_roles":["clerk","supervisor"]}"#;

fn case(subject: &str) -> String {
    format!(
        r#"{{"customer_name":"刘先生","customer_phone":"13912345678","channel":"phone","subject":"{subject}",
  "description":"住院理赔材料已交齐二十天，至今未到账。","claim":"explanation","category":"claims","subcategory":"claims.delay",
  "business_line":"health","cause_reason":"02"}}"#
    )
}

fn subjects(cli: &Cli) -> Vec<String> {
    let list = cli.ok(&["--json", "case", "list"], None);
    let mut s: Vec<String> = list["rows"].as_array().unwrap().iter().map(|r| r["subject"].as_str().unwrap().to_string()).collect();
    s.sort();
    s
}

#[test]
fn a_backup_made_and_restored_through_the_cli_brings_back_its_cases() {
    let cli = Cli::new();
    cli.ok(&["--json", "setup"], Some(SETUP));
    cli.ok(&["--json", "case", "create", "--as", "admin"], Some(&case("理赔迟迟未到账")));
    let made = cli.ok(&["--json", "backup", "now", "--as", "admin"], None);
    let file = made["file"].as_str().unwrap().to_string();
    assert_eq!(made["case_count"], 1, "the backup holds the one case");

    cli.ok(&["--json", "case", "create", "--as", "admin"], Some(&case("保单退保手续费争议")));
    assert_eq!(subjects(&cli).len(), 2);

    let restored = cli.ok(&["--json", "restore", &file], None);
    assert_eq!(restored["cases"], 1, "the restored desk has the backup's case count");
    assert_eq!(subjects(&cli), vec!["理赔迟迟未到账".to_string()], "the cases are the backup's");

    let list = cli.ok(&["--json", "backup", "list"], None);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2, "the backup and the one made before restoring");
    assert_eq!(list[0]["case_count"], 2, "the newest backup is the state before the restore");
}

#[test]
fn restoring_a_file_that_is_not_a_backup_is_refused_and_changes_nothing() {
    let cli = Cli::new();
    cli.ok(&["--json", "setup"], Some(SETUP));
    cli.ok(&["--json", "case", "create", "--as", "admin"], Some(&case("理赔迟迟未到账")));
    let junk = cli.dir.path().join("junk.sqlite3");
    std::fs::write(&junk, "not a database at all".repeat(100)).unwrap();
    let err = cli.refused(&["--json", "restore", junk.to_str().unwrap()], None, 4);
    assert_eq!(err["field"], "file", "the refusal names the file");
    let unknown = cli.refused(&["--json", "restore", "complaintdesk-20200101-000000.sqlite3"], None, 3);
    assert_eq!(unknown["code"], "not_found");
    assert_eq!(subjects(&cli), vec!["理赔迟迟未到账".to_string()], "the desk is as it was");
    assert_eq!(cli.ok(&["--json", "backup", "list"], None).as_array().unwrap().len(), 0, "no backup was made");
}
