//! The command line as a test runs it: a fresh data folder, JSON in on stdin, the exit code,
//! stdout and stderr out. The folder is given through the environment, as a portable install would.
#![allow(dead_code)]
use std::io::Write;
use std::process::{Command, Output, Stdio};

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
