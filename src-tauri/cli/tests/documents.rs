//! Documents from the command line: the PDF says what the case says, and issuing it is on the
//! case's timeline.

mod common;
use common::Cli;

const SETUP: &str = r#"{"profile":"property","org_name":"翠湖物业服务中心","admin_login":"admin","admin_display_name":"张主管","admin_password":"pass-1234","extra_roles":["clerk","supervisor"]}"#;
const CASE: &str = r#"{"customer_name":"陈秀兰","customer_phone":"13800138000","channel":"phone","subject":"电梯停运",
  "description":"3号楼电梯停运三天。","claim":"correction","category":"repair","subcategory":"repair.elevator","project":"翠湖花园"}"#;

fn pdf_text(path: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext").arg(path).arg("-").output().expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_receipt_and_a_monthly_report_are_issued_and_the_receipt_is_on_the_timeline() {
    let cli = Cli::new();
    cli.ok(&["--json", "setup"], Some(SETUP));
    let number = cli.ok(&["--json", "--now", "2026-03-02T02:00:00Z", "case", "create", "--as", "admin"], Some(CASE))["case"]["number"]
        .as_str()
        .unwrap()
        .to_string();
    let receipt = cli.dir.path().join("回执.pdf");
    let issued = cli.ok(&["--json", "--now", "2026-03-02T02:05:00Z", "doc", "--case", &number, "--kind", "receipt", "--out", receipt.to_str().unwrap()], None);
    assert_eq!(issued["pages"], 1);
    let text = pdf_text(&receipt);
    // Just registered, not yet accepted: the receipt says so.
    for part in ["登记回执", "已登记（待受理）", "陈秀兰", number.as_str(), "翠湖物业服务中心", "2026年3月2日"] {
        assert!(text.contains(part), "the receipt says {part}:\n{text}");
    }
    let shown = cli.ok(&["--json", "case", "show", &number, "--as", "admin"], None);
    let last = shown["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["kind"].as_str(), last["action"].as_str()), (Some("document"), Some("receipt")), "issuing is on the timeline");
    assert_eq!(last["actor_name"], "张主管");

    let refused = cli.refused(&["--json", "doc", "--case", &number, "--kind", "decision", "--out", receipt.to_str().unwrap()], None, 1);
    assert_eq!(refused["rule"], "document.decision.needs_decision", "no decision letter before a decision");

    let report = cli.dir.path().join("月报.pdf");
    cli.ok(&["--json", "report", "--month", "2026-03", "--out", report.to_str().unwrap()], None);
    let text = pdf_text(&report);
    assert!(text.contains("2026年3月投诉处理月报") && text.contains(&number), "the report lists the month's case:\n{text}");
    let bad = cli.refused(&["--json", "report", "--month", "2026-13", "--out", report.to_str().unwrap()], None, 2);
    assert_eq!(bad["field"], "month");
}

/// The document events on the case's timeline.
fn documents_on_timeline(cli: &Cli, number: &str) -> Vec<serde_json::Value> {
    let shown = cli.ok(&["--json", "case", "show", number, "--as", "admin"], None);
    shown["events"].as_array().unwrap().iter().filter(|e| e["kind"] == "document").cloned().collect()
}

#[test]
fn a_receipt_that_could_not_be_written_is_not_noted_as_issued() {
    let cli = Cli::new();
    cli.ok(&["--json", "setup"], Some(SETUP));
    let number = cli.ok(&["--json", "--now", "2026-03-02T02:00:00Z", "case", "create", "--as", "admin"], Some(CASE))["case"]["number"]
        .as_str()
        .unwrap()
        .to_string();
    // A folder that cannot exist: its parent is a regular file (refused to root as well).
    let afile = cli.dir.path().join("afile");
    std::fs::write(&afile, b"a file, not a folder").unwrap();
    let nowhere = afile.join("x.pdf");
    let refused = cli.refused(&["--json", "--now", "2026-03-02T02:05:00Z", "doc", "--case", &number, "--kind", "receipt", "--out", nowhere.to_str().unwrap()], None, 2);
    assert_eq!(refused["field"], "out", "the error is about the output path: {refused}");
    assert!(refused["message"].as_str().unwrap().contains("x.pdf"), "and names it: {refused}");
    assert!(!nowhere.exists(), "no file was written");
    assert_eq!(documents_on_timeline(&cli, &number), Vec::<serde_json::Value>::new(), "a receipt nobody has is not on the timeline");

    let receipt = cli.dir.path().join("回执.pdf");
    cli.ok(&["--json", "--now", "2026-03-02T02:06:00Z", "doc", "--case", &number, "--kind", "receipt", "--out", receipt.to_str().unwrap()], None);
    assert!(std::fs::metadata(&receipt).unwrap().len() > 0, "the receipt is on disk");
    let noted = documents_on_timeline(&cli, &number);
    assert_eq!(noted.len(), 1, "the receipt written is noted once: {noted:?}");
    assert_eq!((noted[0]["action"].as_str(), noted[0]["at"].as_str()), (Some("receipt"), Some("2026-03-02T02:06:00Z")), "as issued when it was written");
}
