//! JSON given to the command line may name only fields the desk knows. A misspelt field used to be
//! dropped in silence: `customer_phon` registered a complaint without its phone.
mod common;
use common::Cli;

const SETUP: &str = r#"{"profile":"insurance","org_name":"平安路营业部","admin_login":"admin","admin_display_name":"周经理","admin_password":"pass-1234","extra_roles":["clerk","supervisor"]}"#;
const CASE: &str = r#"{"customer_name":"刘先生","customer_phone":"13912345678","channel":"phone","subject":"理赔迟迟未到账",
  "description":"住院理赔材料已交齐二十天，至今未到账。","claim":"explanation","category":"claims","subcategory":"claims.delay",
  "business_line":"health","cause_reason":"02"}"#;

fn assert_unknown(e: &serde_json::Value, field: &str, name: &str, place: &str) {
    assert_eq!(e["code"], "invalid", "an unknown field is refused as invalid input: {e}");
    assert_eq!(e["field"], field, "the error names the input it is about: {e}");
    assert_eq!(e["rule"], "json.unknown_field", "by its own rule: {e}");
    assert_eq!(e["message"], format!("输入中有未知字段“{name}”（位置 {place}）"), "the message names the field and where it is: {e}");
}

#[test]
fn a_misspelt_field_in_a_new_complaint_is_refused_by_name_and_nothing_is_saved() {
    let cli = Cli::new();
    cli.ok(&["--json", "setup"], Some(SETUP));
    let typo = CASE.replace("\"customer_phone\"", "\"customer_phon\"");
    let e = cli.refused(&["--json", "case", "create", "--as", "admin"], Some(&typo), 2);
    assert_unknown(&e, "input", "customer_phon", "customer_phon");
    assert_eq!(cli.ok(&["--json", "case", "list"], None)["total"], 0, "no complaint was registered without its phone");
    cli.ok(&["--json", "case", "create", "--as", "admin"], Some(CASE));
    assert_eq!(cli.ok(&["--json", "case", "list"], None)["total"], 1, "the same input spelt right is registered");
}

#[test]
fn every_json_input_of_the_command_line_refuses_unknown_fields() {
    let cli = Cli::new();
    let e = cli.refused(&["--json", "setup"], Some(&SETUP.replace("\"admin_password\"", "\"password\"")), 2);
    assert_unknown(&e, "input", "password", "password");
    cli.ok(&["--json", "setup"], Some(SETUP));

    let e = cli.refused(
        &["--json", "user", "create", "--as", "admin"],
        Some(r#"{"login":"liu","display_name":"刘理赔","roles":["handler"],"password":"liu-pass-1","deparment":"理赔部"}"#),
        2,
    );
    assert_unknown(&e, "input", "deparment", "deparment");
    assert_eq!(cli.ok(&["--json", "user", "list"], None).as_array().map(Vec::len), Some(1), "no user was created");

    let e = cli.refused(&["--json", "case", "list", "--query", "-"], Some(r#"{"text":"理赔","statuss":["registered"]}"#), 2);
    assert_unknown(&e, "input", "statuss", "statuss");

    let number = cli.ok(&["--json", "case", "create", "--as", "admin"], Some(CASE))["case"]["number"].as_str().unwrap().to_string();
    let e = cli.refused(&["--json", "case", "move", &number, "--action", "accept", "--as", "admin", "--fields", r#"{"reson":"x"}"#], None, 2);
    assert_unknown(&e, "fields", "reson", "reson");
    let e = cli.refused(&["--json", "followup", "record", &number, "--as", "admin", "--attempt", r#"{"method":"phone","reached":false,"comentt":"x"}"#], None, 2);
    assert_unknown(&e, "attempt", "comentt", "comentt");
}
