//! `case batch` from a script: one step for several cases, each judged as one `case move`; the
//! refused case is reported with its reason and the others are taken.

mod common;
use common::{Cli, ELEVATOR_CASE as CASE, PROPERTY_SETUP as SETUP};

const NOW: &str = "2026-03-02T02:30:00Z";

#[test]
fn several_cases_are_accepted_in_one_batch_and_a_refused_one_says_why() {
    let cli = Cli::new();
    let at = |args: &[&'static str]| -> Vec<&'static str> { [&["--json", "--now", NOW][..], args].concat() };
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    cli.ok(&at(&["setup"]), Some(SETUP));
    let mut numbers = Vec::new();
    for _ in 0..3 {
        numbers.push(leak(cli.ok(&at(&["case", "create", "--as", "admin"]), Some(CASE))["case"]["number"].as_str().unwrap().to_string()));
    }
    cli.ok(&at(&["case", "move", numbers[1], "--to", "accepted", "--as", "admin"]), None);

    let outcomes = cli.ok(&at(&["case", "batch", numbers[0], numbers[1], numbers[2], "--action", "accept", "--as", "admin"]), None);
    let outcomes = outcomes.as_array().expect("one outcome per case");
    let summary: Vec<(&str, bool)> = outcomes.iter().map(|o| (o["number"].as_str().unwrap(), o["ok"].as_bool().unwrap())).collect();
    assert_eq!(summary, vec![(numbers[0], true), (numbers[1], false), (numbers[2], true)], "in the order given; the accepted one refused");
    assert_eq!(outcomes[1]["error"]["code"], "transition_not_allowed", "the refusal says why");
    assert_eq!(outcomes[0]["status"], "accepted");

    let e = cli.refused(&at(&["case", "batch", numbers[0], "--action", "start", "--as", "admin"]), None, 2);
    assert_eq!((e["field"].as_str(), e["rule"].as_str()), (Some("action"), Some("batch.action")), "only batch steps");
}
