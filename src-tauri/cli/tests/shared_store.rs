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
fn the_address_can_come_from_the_environment_and_other_commands_say_what_runs_there() {
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

    let refused = cli.refused(&["--json", "--db", &url, "case", "list", "--as", "admin"], None, 2);
    assert_eq!(refused["field"], "db");
    assert!(refused["message"].as_str().unwrap().contains("db init"), "names what runs on the shared store: {refused}");
    assert!(
        !cli.dir.path().join("complaintdesk.sqlite3").exists(),
        "a command meant for the shared store does not make a desk in the data folder"
    );

    let nowhere = cli.refused(&["--json", "--db", "postgres://nobody@127.0.0.1:1/x", "db", "check"], None, 4);
    assert!(nowhere["message"].as_str().unwrap().contains("127.0.0.1:1"), "names the server it could not reach: {nowhere}");
    let garbled = cli.refused(&["--json", "--db", "not a url", "db", "check"], None, 2);
    assert_eq!(garbled["field"], "db");
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
