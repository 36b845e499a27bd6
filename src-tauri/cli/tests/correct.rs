//! `case correct` from a script: only the fields named change, the reason is required, a field
//! name the desk does not know is refused, and the timeline shows the correction.

mod common;
use common::{Cli, ELEVATOR_CASE as CASE, PROPERTY_SETUP as SETUP};

const NOW: &str = "2026-03-02T02:30:00Z";

#[test]
fn a_case_is_corrected_from_the_command_line_with_a_reason() {
    let cli = Cli::new();
    let at = |args: &[&'static str]| -> Vec<&'static str> { [&["--json", "--now", NOW][..], args].concat() };
    cli.ok(&at(&["setup"]), Some(SETUP));
    let number = cli.ok(&at(&["case", "create", "--as", "admin"]), Some(CASE))["case"]["number"].as_str().unwrap().to_string();
    let n: &'static str = Box::leak(number.into_boxed_str());

    let e = cli.refused(&at(&["case", "correct", n, "--as", "admin", "--fields", r#"{"customer_phone":"13900139000"}"#, "--reason", " "]), None, 2);
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("required"), Some("reason")), "a correction needs its reason");
    let e = cli.refused(&at(&["case", "correct", n, "--as", "admin", "--fields", r#"{"customer_phon":"13900139000"}"#, "--reason", "录错"]), None, 2);
    assert_eq!(e["rule"], "json.unknown_field", "a misspelt field is refused, not dropped");

    let fixed = cli.ok(
        &at(&["case", "correct", n, "--as", "admin", "--fields", r#"{"customer_phone":"139 0013 9000","building":"5号楼"}"#, "--reason", "客户来电更正"]),
        None,
    );
    let last = fixed["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "correction");
    assert_eq!(last["note"], "客户来电更正");
    assert_eq!(last["before"]["building"], "3号楼");
    assert_eq!(last["after"]["building"], "5号楼");
    assert_eq!(last["after"]["customer_phone"], "139****9000", "phones are masked on the detail, in the timeline too");
    assert_eq!(fixed["case"]["building"], "5号楼");

    let found = cli.ok(&at(&["case", "list", "--text", "13900139000", "--as", "admin"]), None);
    assert_eq!(found["total"], 1, "the corrected phone is searchable at once");
    let same = cli.refused(&at(&["case", "correct", n, "--as", "admin", "--fields", r#"{"building":"5号楼"}"#, "--reason", "再核对"]), None, 2);
    assert_eq!(same["rule"], "correction.unchanged", "a correction that changes nothing is refused");
    let verify = cli.ok(&at(&["db", "verify"]), None);
    assert_eq!(verify["ok"], true, "the audit chain verifies after the correction: {verify}");
}
