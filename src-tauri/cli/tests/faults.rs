//! Faults from the command line, each in its own process as a desk meets them: a restore while
//! another program has the desk open, a command on a folder with no desk (a typo, an unmounted
//! drive), setup over an earlier desk's backups, a full disk and a read-only mount. The last two
//! run the CLI in a private mount namespace (`unshare`) on a small tmpfs, so nothing outside the
//! test is mounted or filled.
use std::process::Command;

use complaintdesk_core::desk::Desk;

mod common;
use common::Cli;

const SETUP: &str = r#"{"profile":"insurance","org_name":"平安路营业部","admin_login":"admin","admin_display_name":"周经理","admin_password":"pass-1234","extra_roles":["clerk","supervisor"]}"#;
const CASE: &str = r#"{"customer_name":"刘先生","customer_phone":"13912345678","channel":"phone","subject":"理赔迟迟未到账",
  "description":"住院理赔材料已交齐二十天，至今未到账。","claim":"explanation","category":"claims","subcategory":"claims.delay",
  "business_line":"health","cause_reason":"02"}"#;

#[test]
fn a_restore_while_another_program_has_the_desk_open_is_refused_and_loses_nothing() {
    let cli = Cli::new();
    cli.ok(&["--json", "setup"], Some(SETUP));
    cli.ok(&["--json", "case", "create", "--as", "admin"], Some(CASE));
    let file = cli.ok(&["--json", "backup", "now", "--as", "admin"], None)["file"].as_str().unwrap().to_string();
    // The window (another process) has the desk open and saves two more complaints.
    let window = Desk::open(cli.dir.path()).unwrap();
    cli.ok(&["--json", "case", "create", "--as", "admin"], Some(CASE));
    cli.ok(&["--json", "case", "create", "--as", "admin"], Some(CASE));

    let err = cli.refused(&["--json", "restore", &file], None, 4);
    assert_eq!(err["code"], "busy", "{err}");
    assert!(err["message"].as_str().unwrap().contains("另一个"), "says another window or program has it: {err}");
    assert_eq!(cli.ok(&["--json", "case", "list"], None)["total"], 3, "every saved complaint is still there");
    drop(window);
    assert_eq!(cli.ok(&["--json", "restore", &file], None)["cases"], 1, "once it is closed, the restore goes through");
}

#[test]
fn the_cli_never_creates_a_desk_except_by_setup_or_demo() {
    let cli = Cli::new();
    let typo = cli.dir.path().join("客诉台数据-typo");
    let err = cli.refused(&["--json", "--data-dir", typo.to_str().unwrap(), "case", "list"], None, 4);
    assert_eq!(err["code"], "database_missing", "{err}");
    assert!(!typo.exists(), "the mistyped folder is not created");
    let err = cli.refused(&["--json", "db", "check"], None, 4);
    assert_eq!(err["code"], "database_missing", "an empty folder has no desk to check: {err}");
    assert!(!cli.dir.path().join("complaintdesk.sqlite3").exists());
    cli.ok(&["--json", "setup"], Some(SETUP));
    assert_eq!(cli.ok(&["--json", "db", "check"], None)["cases"], 0);
}

#[test]
fn setup_over_an_earlier_desks_backups_asks_first() {
    let cli = Cli::new();
    cli.ok(&["--json", "setup"], Some(SETUP));
    cli.ok(&["--json", "case", "create", "--as", "admin"], Some(CASE));
    cli.ok(&["--json", "backup", "now", "--as", "admin"], None);
    std::fs::remove_file(cli.dir.path().join("complaintdesk.sqlite3")).unwrap();

    let missing = cli.refused(&["--json", "case", "list"], None, 4);
    assert_eq!(missing["code"], "database_missing");
    assert!(missing["message"].as_str().unwrap().contains("1 件"), "says what the latest backup holds: {missing}");
    let asks = cli.refused(&["--json", "setup"], Some(SETUP), 1);
    assert_eq!(asks["code"], "needs_confirmation", "{asks}");
    assert_eq!(cli.ok(&["--json", "backup", "list"], None).as_array().unwrap().len(), 1, "the backup is untouched");
    cli.ok(&["--json", "setup", "--new-desk"], Some(SETUP));
    assert_eq!(cli.ok(&["--json", "case", "list"], None)["total"], 0, "confirmed, a new desk starts empty");
}

/// Runs `script` with bash in a private mount namespace with `$CLI` and `$D` (a tmpfs of
/// `size`) set; returns what it printed.
fn in_own_mount(size: &str, script: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("in");
    std::fs::create_dir(&json).unwrap();
    std::fs::write(json.join("setup.json"), SETUP).unwrap();
    std::fs::write(json.join("case.json"), CASE).unwrap();
    let mount = dir.path().join("mnt");
    std::fs::create_dir(&mount).unwrap();
    let wrapped = format!("set -u\nmount -t tmpfs -o size={size} tmpfs \"$D\" || exit 99\n{script}");
    let out = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "bash", "-c", &wrapped])
        .env("CLI", env!("CARGO_BIN_EXE_complaintdesk-cli"))
        .env("D", &mount)
        .env("IN", &json)
        .env_remove("COMPLAINTDESK_DATA_DIR")
        .output()
        .expect("unshare runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "the script ran: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    stdout
}

/// The JSON the CLI printed between the line `label` and the next line `exit N`.
fn error_after(output: &str, label: &str) -> serde_json::Value {
    let text: Vec<&str> = output.lines().skip_while(|l| *l != label).skip(1).take_while(|l| !l.starts_with("exit ")).collect();
    let text = text.join("\n");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{label}: {e}: {output}"))
}

#[test]
fn a_full_disk_is_disk_full_naming_the_folder_and_the_backups_are_still_listed() {
    let out = in_own_mount(
        "6m",
        r#"
W="$D/desk"
"$CLI" --json --data-dir "$W" setup --input "$IN/setup.json" >/dev/null || exit 98
"$CLI" --json --data-dir "$W" backup now --as admin >/dev/null || exit 97
head -c 64M /dev/zero > "$D/filler" 2>/dev/null
echo CREATE
"$CLI" --json --data-dir "$W" case create --as admin --input "$IN/case.json" 2>&1 >/dev/null; echo "exit $?"
echo LIST
"$CLI" --json --data-dir "$W" backup list
echo "exit $?"
rm "$D/filler"
echo AFTER
"$CLI" --json --data-dir "$W" db check
echo "exit $?"
"#,
    );
    let err = error_after(&out, "CREATE");
    assert_eq!(err["code"], "disk_full", "{out}");
    let message = err["message"].as_str().unwrap();
    assert!(message.contains("/desk") && message.contains("只剩"), "names the folder and the free space: {message}");
    assert!(out.contains("exit 4"), "{out}");
    let list = error_after(&out, "LIST");
    assert_eq!(list.as_array().map(Vec::len), Some(1), "the backup is listed on a full disk: {out}");
    let check = error_after(&out, "AFTER");
    assert_eq!(check["integrity"], "ok", "with room again the database is sound, not damaged");
    assert_eq!(check["cases"], 0, "the refused complaint was not half-written");
}

#[test]
fn a_read_only_mount_is_read_only_naming_the_place_not_a_damaged_database() {
    let out = in_own_mount(
        "8m",
        r#"
W="$D/desk"
"$CLI" --json --data-dir "$W" setup --input "$IN/setup.json" >/dev/null || exit 98
mount -o remount,ro "$D" || exit 96
echo CREATE
"$CLI" --json --data-dir "$W" case create --as admin --input "$IN/case.json" 2>&1 >/dev/null; echo "exit $?"
"#,
    );
    let err = error_after(&out, "CREATE");
    assert_eq!(err["code"], "read_only", "{out}");
    assert!(err["message"].as_str().unwrap().contains("/desk"), "names the file or folder: {err}");
}
