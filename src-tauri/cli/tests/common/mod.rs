//! The command line as a test runs it: a fresh data folder, JSON in on stdin, the exit code,
//! stdout and stderr out. The folder is given through the environment, as a portable install would.
#![allow(dead_code)]
use std::io::Write;
use std::process::{Command, Output, Stdio};

/// A property desk whose administrator is also clerk and supervisor (admin / pass-1234).
pub const PROPERTY_SETUP: &str = r#"{"profile":"property","org_name":"翠湖物业服务中心","admin_login":"admin","admin_display_name":"周经理","admin_password":"pass-1234","extra_roles":["clerk","supervisor"]}"#;
/// A walk-in complaint about a lift at 翠湖花园, received 2026-03-02 09:30 (UTC+8).
pub const ELEVATOR_CASE: &str = r#"{"customer_name":"陈女士","customer_phone":"13800138000","channel":"walk_in","received_at":"2026-03-02T01:30:00Z",
  "subject":"电梯停运三天","description":"3号楼电梯停运三天无人维修。","claim":"correction","category":"repair",
  "subcategory":"repair.elevator","project":"翠湖花园","building":"3号楼"}"#;

pub struct Cli {
    pub dir: tempfile::TempDir,
}

impl Cli {
    pub fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_complaintdesk-cli"))
            .env("COMPLAINTDESK_DATA_DIR", self.dir.path())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(input) = stdin {
            child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        } else {
            drop(child.stdin.take());
        }
        child.wait_with_output().unwrap()
    }

    /// Runs a command that must succeed and print JSON.
    pub fn ok(&self, args: &[&str], stdin: Option<&str>) -> serde_json::Value {
        let out = self.run(args, stdin);
        assert!(
            out.status.success(),
            "{args:?} should succeed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?} prints JSON: {e}: {}", String::from_utf8_lossy(&out.stdout)))
    }

    /// Runs a command that must fail with `code`, its error as JSON on stderr.
    pub fn refused(&self, args: &[&str], stdin: Option<&str>, code: i32) -> serde_json::Value {
        let out = self.run(args, stdin);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?} exits with {code}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stderr).unwrap_or_else(|e| panic!("the error is JSON on stderr: {e}"))
    }
}
