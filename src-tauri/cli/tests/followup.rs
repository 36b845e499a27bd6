//! Follow-up calls from the command line: record attempts, read the queue and the figures.

mod common;
use common::Cli;

const SETUP: &str = r#"{"profile":"property","org_name":"翠湖物业服务中心","admin_login":"admin","admin_display_name":"张主管","admin_password":"pass-1234","extra_roles":["clerk","supervisor"]}"#;
const CASE: &str = r#"{"customer_name":"陈女士","customer_phone":"13800138000","channel":"phone","subject":"电梯停运",
  "description":"3号楼电梯停运三天。","claim":"correction","category":"repair","subcategory":"repair.elevator","project":"翠湖花园"}"#;

#[test]
fn attempts_recorded_from_the_command_line_move_the_case_and_the_figures() {
    let cli = Cli::new();
    cli.ok(&["--json", "setup"], Some(SETUP));
    cli.ok(&["--json", "user", "create", "--as", "admin"], Some(r#"{"password":"pass-1234","login":"li","display_name":"李工","roles":["handler"]}"#));
    cli.ok(&["--json", "user", "create", "--as", "admin"], Some(r#"{"password":"pass-1234","login":"zhao","display_name":"赵回访","roles":["followup"]}"#));
    let number = cli.ok(&["--json", "case", "create", "--as", "admin"], Some(CASE))["case"]["number"].as_str().unwrap().to_string();
    cli.ok(&["--json", "case", "move", &number, "--to", "accepted", "--as", "admin"], None);
    cli.ok(&["--json", "case", "move", &number, "--to", "assigned", "--as", "admin", "--fields", r#"{"department":"工程部","handler_id":2}"#], None);
    cli.ok(&["--json", "case", "move", &number, "--to", "in_progress", "--as", "li"], None);
    let responded = cli.ok(
        &["--json", "case", "move", &number, "--to", "responded", "--as", "li", "--fields", r#"{"facts":"主板坏","decision_basis":"合同","outcome":"已修复","notice_method":"phone"}"#],
        None,
    );
    assert_eq!(responded["case"]["status"], "awaiting_followup");

    let queue = cli.ok(&["--json", "followup", "queue", "--as", "zhao"], None);
    assert_eq!(queue["rows"][0]["case_number"], number.as_str(), "the case waits in the queue");

    let refused = cli.refused(&["--json", "followup", "record", &number, "--as", "zhao", "--attempt", r#"{"method":"phone","reached":true}"#], None, 2);
    assert_eq!(refused["field"], "satisfaction", "a reached call needs its score");
    let low = cli.ok(&["--json", "followup", "record", &number, "--as", "zhao", "--attempt", r#"{"method":"phone","reached":true,"satisfaction":2,"solved":false}"#], None);
    assert_eq!(low["case"]["status"], "reopened");

    let figures = cli.ok(&["--json", "followup", "figures", "--from", "2020-01-01", "--to", "2029-12-31"], None);
    assert_eq!((figures["tasks"].as_i64(), figures["completed"].as_i64(), figures["reopened"].as_i64()), (Some(1), Some(1), Some(1)));
    assert_eq!(figures["mean_score"].as_f64(), Some(2.0));
}
