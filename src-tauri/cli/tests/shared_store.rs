//! `--db postgres://…`: the command line on a shared PostgreSQL store (`make test` starts a
//! private server; see core's `store::pg::scratch_database`).
mod common;

use common::Cli;
use complaintdesk_core::store::pg::{scratch_database, PG_SCHEMA_VERSION};

#[test]
fn db_init_makes_the_shared_store_and_db_check_and_verify_read_it() {
    let Some(url) = scratch_database() else { return };
    let cli = Cli::new();
    let missing = cli.refused(&["--json", "--db", &url, "db", "check"], None, 4);
    assert_eq!(missing["code"], "database_missing", "an empty database is not a store yet: {missing}");
    assert!(missing["message"].as_str().unwrap().contains("db init"), "says how to make it: {missing}");

    let made = cli.ok(&["--json", "--db", &url, "db", "init"], None);
    assert_eq!(made["schema_version"], PG_SCHEMA_VERSION);
    assert!(!made.to_string().contains("postgres://"), "the address with its user is not printed back: {made}");
    let again = cli.ok(&["--json", "--db", &url, "db", "init"], None);
    assert_eq!(again["schema_version"], PG_SCHEMA_VERSION, "init on a made store changes nothing");

    let check = cli.ok(&["--json", "--db", &url, "db", "check"], None);
    assert_eq!((check["ok"].as_bool(), check["cases"].as_i64(), check["events"].as_i64()), (Some(true), Some(0), Some(0)));
    let verify = cli.ok(&["--json", "--db", &url, "db", "verify"], None);
    assert_eq!((verify["ok"].as_bool(), verify["events"].as_i64()), (Some(true), Some(0)));
}

#[test]
fn the_address_can_come_from_the_environment_and_every_command_runs_there() {
    let Some(url) = scratch_database() else { return };
    let cli = Cli::new();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_complaintdesk-cli"))
        .env("COMPLAINTDESK_DATA_DIR", cli.dir.path())
        .env("COMPLAINTDESK_DB_URL", &url)
        .args(["db", "init"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("共享库已就绪"), "{}", String::from_utf8_lossy(&out.stdout));

    let setup = r#"{"profile":"property","org_name":"翠湖物业","admin_login":"admin","admin_display_name":"张主管","admin_password":"pass-1234","extra_roles":["clerk","supervisor"]}"#;
    cli.ok(&["--json", "--db", &url, "setup"], Some(setup));
    let case = r#"{"customer_name":"陈女士","customer_phone":"13800138000","channel":"walk_in","subject":"电梯停运","description":"3号楼电梯停运三天。","claim":"correction","category":"repair","project":"翠湖花园"}"#;
    let made = cli.ok(&["--json", "--db", &url, "case", "create", "--as", "admin"], Some(case));
    let listed = cli.ok(&["--json", "--db", &url, "case", "list", "--text", "电梯", "--as", "admin"], None);
    assert_eq!(listed["total"], 1, "{listed}");
    assert_eq!(listed["rows"][0]["number"], made["case"]["number"]);
    assert!(
        !cli.dir.path().join("complaintdesk.sqlite3").exists(),
        "a command meant for the shared store does not make a desk in the data folder"
    );
    let backup = cli.refused(&["--json", "--db", &url, "backup", "now", "--as", "admin"], None, 2);
    assert_eq!(backup["rule"], "store.shared_has_no_file", "the server keeps the shared store's backups: {backup}");

    let nowhere = cli.refused(&["--json", "--db", "postgres://nobody@127.0.0.1:1/x", "db", "check"], None, 4);
    assert!(nowhere["message"].as_str().unwrap().contains("127.0.0.1:1"), "names the server it could not reach: {nowhere}");
    let garbled = cli.refused(&["--json", "--db", "not a url", "db", "check"], None, 2);
    assert_eq!(garbled["field"], "db");
}

/// How many cases the demo on both stores makes: 1,000 in `make test` (a debug build talks to
/// the server a statement at a time); `DEMO_CASES=10000` is the size the shared store is judged
/// at (`make bench-stores` runs it on a release build).
fn demo_cases() -> String {
    std::env::var("DEMO_CASES").unwrap_or_else(|_| "1000".into())
}

#[test]
fn the_same_demo_gives_the_same_figures_on_either_store() {
    let Some(url) = scratch_database() else { return };
    let cli = Cli::new();
    let cases = demo_cases();
    let on = |shared: bool, args: &[&str]| -> serde_json::Value {
        let mut all = vec!["--json", "--now", "2026-06-30T08:00:00Z"];
        if shared {
            all.extend(["--db", url.as_str()]);
        }
        all.extend(args);
        cli.ok(&all, None)
    };
    let demo = ["demo", "--profile", "property", "--cases", cases.as_str(), "--months", "12", "--seed", "7"];
    let (file, shared) = (on(false, &demo), on(true, &demo));
    assert_eq!(file["cases"].as_i64(), Some(cases.parse().unwrap()), "{file}");
    assert_eq!(file, shared, "the demo made the same desk");
    for args in [
        &["kpi", "--from", "2025-07-01", "--to", "2026-06-30", "--as", "admin"][..],
        &["kpi", "--from", "2026-01-01", "--to", "2026-03-31", "--as", "admin"][..],
        &["case", "list", "--text", "电梯", "--as", "admin"][..],
        &["case", "list", "--text", "电梯", "--page", "3", "--as", "admin"][..],
        &["case", "list", "--status", "closed", "--as", "admin"][..],
        &["followup", "figures", "--from", "2025-07-01", "--to", "2026-06-30"][..],
        &["db", "verify"][..],
    ] {
        let (file, shared) = (on(false, args), on(true, args));
        assert_eq!(file, shared, "{args:?} gives the same on both stores");
    }
    let listed = on(true, &["case", "list", "--text", "电梯", "--as", "admin"]);
    assert!(listed["total"].as_i64().unwrap() > 0, "the search finds lift complaints: {listed}");
    let verified = on(true, &["db", "verify"]);
    assert_eq!(verified["ok"], true, "the shared chain verifies: {verified}");
}

#[test]
fn db_init_without_a_shared_store_says_how_to_name_one() {
    let cli = Cli::new();
    let refused = cli.refused(&["--json", "db", "init"], None, 2);
    assert_eq!(refused["field"], "db");
    assert!(refused["message"].as_str().unwrap().contains("--db"), "{refused}");
}

#[test]
fn db_migrate_moves_a_demo_desk_into_the_shared_store_once() {
    let Some(url) = scratch_database() else { return };
    let cli = Cli::new();
    let dir = cli.dir.path().to_str().unwrap().to_string();
    cli.ok(&["--json", "--now", "2026-06-30T08:00:00Z", "demo", "--profile", "property", "--cases", "40", "--months", "3"], None);
    let report = cli.ok(&["--json", "db", "migrate", "--from", &dir, "--to", &url], None);
    let cases = report["tables"].as_array().unwrap().iter().find(|t| t["table"] == "cases").unwrap();
    assert_eq!((cases["desk"].as_i64(), cases["before"].as_i64(), cases["after"].as_i64()), (Some(40), Some(0), Some(40)), "{report}");
    let events = report["desk_events"].as_i64().unwrap();
    let verify = cli.ok(&["--json", "--db", &url, "db", "verify"], None);
    assert_eq!((verify["ok"].as_bool(), verify["events"].as_i64()), (Some(true), Some(events)), "the moved chain verifies there");

    let copy = tempfile::tempdir().unwrap();
    let exported = cli.ok(&["--json", "--db", &url, "db", "export", "--to", copy.path().to_str().unwrap()], None);
    assert!(exported["tables"].as_array().unwrap().iter().any(|t| t[0] == "cases" && t[1] == 40), "{exported}");
    let copy_dir = copy.path().to_str().unwrap();
    let copied = cli.ok(&["--json", "--data-dir", copy_dir, "db", "verify"], None);
    assert_eq!((copied["ok"].as_bool(), copied["events"].as_i64()), (Some(true), Some(events)), "the exported copy verifies on a laptop");

    let again = cli.refused(&["--json", "db", "migrate", "--from", &dir, "--to", &url], None, 1);
    assert_eq!(again["code"], "conflict", "{again}");
    let check = cli.ok(&["--json", "--db", &url, "db", "check"], None);
    assert_eq!(check["cases"].as_i64(), Some(40), "nothing was added the second time");

    let nowhere = cli.refused(&["--json", "db", "migrate", "--from", &dir], None, 2);
    assert_eq!(nowhere["field"], "to");
}

/// The connection to the shared store is encrypted, the server's certificate checked against the
/// OS's authorities and the office's own (`COMPLAINTDESK_PG_CA`); `make test`'s server has a
/// certificate from a CA of its own.
#[test]
fn the_shared_store_is_reached_over_tls_with_the_certificate_checked() {
    let Some(url) = scratch_database() else { return };
    if std::env::var_os("COMPLAINTDESK_PG_TLS").is_none() {
        eprintln!("notice: the test server has no TLS (no openssl where it was started); the TLS test is skipped");
        return;
    }
    let cli = Cli::new();
    cli.ok(&["--json", "--db", &url, "db", "init"], None);
    let required = format!("{url}?sslmode=require");
    let check = cli.ok(&["--json", "--db", &required, "db", "check"], None);
    assert!(check["integrity"].as_str().unwrap().contains("连接已加密"), "{check}");
    let plain = cli.ok(&["--json", "--db", &format!("{url}?sslmode=disable"), "db", "check"], None);
    assert!(plain["integrity"].as_str().unwrap().contains("连接未加密"), "sslmode=disable is honoured: {plain}");

    // Without the office's CA the server's certificate is not trusted, and nothing is sent.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_complaintdesk-cli"))
        .env("COMPLAINTDESK_DATA_DIR", cli.dir.path())
        .env_remove("COMPLAINTDESK_PG_CA")
        .args(["--json", "--db", &required, "db", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "refused as a storage fault: {}", String::from_utf8_lossy(&out.stderr));
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    let message = err["message"].as_str().unwrap();
    assert!(message.contains("127.0.0.1") && message.to_lowercase().contains("certificate"), "says the certificate was not trusted: {message}");

    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_complaintdesk-cli"))
        .env("COMPLAINTDESK_DATA_DIR", cli.dir.path())
        .env("COMPLAINTDESK_PG_CA", cli.dir.path().join("no-such-ca.pem"))
        .args(["--json", "--db", &required, "db", "check"])
        .output()
        .unwrap();
    let err: serde_json::Value = serde_json::from_slice(&missing.stderr).unwrap();
    assert_eq!((missing.status.code(), err["field"].as_str()), (Some(2), Some("COMPLAINTDESK_PG_CA")), "{err}");
}

/// 测试连接 from the command line: a server that answers is described; what is wrong with an
/// address is named by its rule, so the window can say it in Chinese.
#[test]
fn db_test_names_what_is_wrong_with_a_shared_store_address() {
    let Some(url) = scratch_database() else { return };
    let cli = Cli::new();
    let empty = cli.ok(&["--json", "--db", &url, "db", "test"], None);
    assert_eq!(empty["schema_version"], 0, "an empty database is found empty: {empty}");
    assert!(empty["server_version"].as_str().unwrap().starts_with(char::is_numeric), "{empty}");
    cli.ok(&["--json", "--db", &url, "db", "init"], None);
    let ready = cli.ok(&["--json", "--db", &url, "db", "test"], None);
    assert_eq!(ready["schema_version"], PG_SCHEMA_VERSION);
    if std::env::var_os("COMPLAINTDESK_PG_TLS").is_some() {
        assert_eq!(ready["encrypted"], true, "the test server speaks TLS: {ready}");
    }

    let (server, _) = url.rsplit_once('/').unwrap();
    let no_database = cli.refused(&["--json", "--db", &format!("{server}/no_such_database"), "db", "test"], None, 4);
    assert_eq!(no_database["rule"], "db.database", "{no_database}");
    let nowhere = cli.refused(&["--json", "--db", "postgres://nobody@127.0.0.1:1/x", "db", "test"], None, 4);
    assert_eq!(nowhere["rule"], "db.unreachable", "{nowhere}");
    let garbled = cli.refused(&["--json", "--db", "postgres://a@b:notaport/x", "db", "test"], None, 2);
    assert_eq!(garbled["rule"], "db.address", "{garbled}");
    let without = cli.refused(&["--json", "db", "test"], None, 2);
    assert_eq!(without["field"], "db");

    // A server whose certificate comes from an authority this computer does not trust.
    if std::env::var_os("COMPLAINTDESK_PG_TLS").is_some() {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_complaintdesk-cli"))
            .env_remove("COMPLAINTDESK_PG_CA")
            .env("COMPLAINTDESK_DATA_DIR", cli.dir.path())
            .args(["--json", "--db", &format!("{url}?sslmode=require"), "db", "test"])
            .output()
            .unwrap();
        let refused: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
        assert_eq!(refused["rule"], "db.certificate", "{refused}");
    }
}
