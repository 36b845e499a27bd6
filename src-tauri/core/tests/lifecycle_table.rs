//! The whole lifecycle as a table: every status × action × role, allowed or refused, with the
//! reason. The expectations below are written out from SPEC §4, not read from the lifecycle file.
use complaintdesk_core::domain::lifecycle::{FollowupContext, Lifecycle, StepContext, StepField, StepFields};
use complaintdesk_core::domain::types::{ContactMethod, Profile, Role};
use complaintdesk_core::domain::ErrorCode;

const STATUSES: &[&str] = &[
    "registered",
    "accepted",
    "declined",
    "assigned",
    "in_progress",
    "on_hold",
    "responded",
    "awaiting_followup",
    "reopened",
    "under_review",
    "closed",
    "withdrawn",
];
const ACTIVE_FOR_WITHDRAW: &[&str] =
    &["registered", "accepted", "assigned", "in_progress", "on_hold", "responded", "awaiting_followup", "reopened", "under_review"];

/// action, from-statuses, roles that may take it, profiles (empty = both), automatic.
fn expected() -> Vec<(&'static str, Vec<&'static str>, Vec<Role>, Vec<Profile>, bool)> {
    use Role::*;
    vec![
        ("accept", vec!["registered"], vec![Clerk, Supervisor], vec![], false),
        ("decline", vec!["registered"], vec![Supervisor], vec![], false),
        ("assign", vec!["accepted", "assigned", "reopened"], vec![Supervisor], vec![], false),
        ("start", vec!["assigned", "reopened"], vec![Handler], vec![], false),
        ("hold", vec!["in_progress"], vec![Handler, Supervisor], vec![], false),
        ("resume", vec!["on_hold"], vec![Handler, Supervisor], vec![], false),
        ("respond", vec!["in_progress"], vec![Handler], vec![], false),
        ("await_followup", vec!["responded"], vec![System], vec![], true),
        ("close", vec!["awaiting_followup"], vec![Followup, Supervisor], vec![], false),
        ("close_unreachable", vec!["awaiting_followup"], vec![Followup, Supervisor], vec![], false),
        ("close_by_supervisor", vec!["awaiting_followup"], vec![Supervisor], vec![], false),
        ("reopen", vec!["awaiting_followup", "closed"], vec![Followup, Supervisor], vec![], false),
        ("request_review", vec!["responded", "awaiting_followup", "closed"], vec![Clerk, Compliance], vec![Profile::Insurance], false),
        ("decide_review", vec!["under_review"], vec![Compliance], vec![], false),
        ("withdraw", ACTIVE_FOR_WITHDRAW.to_vec(), vec![Clerk, Supervisor], vec![], false),
    ]
}

/// Every field filled with a value that passes every check.
fn full_fields() -> StepFields {
    StepFields {
        reason: Some("客户补充了新情况".into()),
        notice_method: Some(ContactMethod::Phone),
        customer_told: Some(true),
        department: Some("工程部".into()),
        handler_id: Some(7),
        facts: Some("经现场查看，电梯主板故障".into()),
        decision_basis: Some("依据物业服务合同第五条".into()),
        outcome: Some("已更换主板并恢复运行".into()),
        remedy: Some("减免当月电梯费".into()),
        compensation: Some(50.0),
        staff_minutes: Some(90),
        root_cause_code: Some("equipment".into()),
        root_cause_text: Some("主板老化".into()),
        improvement: Some("纳入季度巡检".into()),
        followup_method: Some(ContactMethod::Phone),
        satisfaction: Some(5),
        solved: Some(true),
        comment: Some("客户表示满意".into()),
        review_decision: Some("维持原决定".into()),
        new_facts: Some(true),
        complex_followup: Some(false),
    }
}

fn ctx<'a>(profile: Profile, status: &'a str, roles: &'a [Role]) -> StepContext<'a> {
    StepContext {
        profile,
        status,
        actor_id: 7,
        actor_roles: roles,
        handler_id: Some(7),
        staff_user_id: Some(99),
        staff_name: Some("张保安"),
        new_handler_name: Some("李工"),
        // As if recording a follow-up that used up its attempts: every closing step is open.
        followup: FollowupContext { recording: true, attempts_exhausted: true },
    }
}

#[test]
fn every_status_action_and_role_is_allowed_or_refused_as_the_spec_says() {
    let lifecycle = Lifecycle::default_lifecycle().expect("the shipped lifecycle is valid");
    let fields = full_fields();
    let mut checked = 0;
    for profile in [Profile::Property, Profile::Insurance] {
        for (action, from, roles, profiles, auto) in expected() {
            for status in STATUSES {
                for role in Role::ALL {
                    let held = [*role];
                    let got = lifecycle.check(&ctx(profile, status, &held), action, &fields);
                    let in_from = from.contains(status);
                    let profile_ok = profiles.is_empty() || profiles.contains(&profile);
                    let why = format!("{profile}/{status}/{action} as {role}");
                    match got {
                        Ok(allowed) => {
                            assert!(in_from && profile_ok && !auto && roles.contains(role), "{why} should be refused but was allowed");
                            assert_eq!(allowed.role, *role, "{why}: acts in the role held");
                        }
                        Err(e) => {
                            let expected_code = if !in_from || auto {
                                ErrorCode::TransitionNotAllowed
                            } else if !profile_ok {
                                ErrorCode::ProfileMismatch
                            } else if !roles.contains(role) {
                                ErrorCode::RoleNotAllowed
                            } else {
                                panic!("{why} should be allowed but was refused: {e:?}");
                            };
                            assert_eq!(e.code, expected_code, "{why}: refused for the right reason ({})", e.message);
                            assert!(
                                e.rule.as_deref().is_some_and(|r| r.contains(action)),
                                "{why}: the refusal names the rule, got {:?}",
                                e.rule
                            );
                        }
                    }
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 2 * 15 * STATUSES.len() * Role::ALL.len(), "the table covers every combination");
}

#[test]
fn the_actions_offered_are_exactly_the_allowed_ones() {
    let lifecycle = Lifecycle::default_lifecycle().unwrap();
    for status in STATUSES {
        for role in Role::ALL {
            let held = [*role];
            let mut c = ctx(Profile::Insurance, status, &held);
            // Buttons are for steps taken on their own, not by recording a follow-up.
            c.followup.recording = false;
            let offered: Vec<String> = lifecycle.available(&c).into_iter().map(|a| a.action).collect();
            let allowed: Vec<String> = expected()
                .into_iter()
                .filter(|(a, from, roles, _, auto)| {
                    !auto && from.contains(status) && roles.contains(role) && lifecycle.check(&c, a, &full_fields()).is_ok()
                })
                .map(|(a, ..)| a.to_string())
                .collect();
            assert_eq!(offered, allowed, "{status} as {role}: buttons shown = steps allowed");
        }
    }
}

#[test]
fn each_required_field_is_named_when_missing() {
    use StepField::*;
    let lifecycle = Lifecycle::default_lifecycle().unwrap();
    let table: &[(&str, &str, Role, &[StepField])] = &[
        ("decline", "registered", Role::Supervisor, &[Reason, NoticeMethod]),
        ("assign", "accepted", Role::Supervisor, &[Department, HandlerId]),
        ("hold", "in_progress", Role::Handler, &[Reason, CustomerTold]),
        ("respond", "in_progress", Role::Handler, &[Facts, DecisionBasis, Outcome, NoticeMethod]),
        ("close", "awaiting_followup", Role::Followup, &[FollowupMethod, Satisfaction, Solved]),
        ("close_by_supervisor", "awaiting_followup", Role::Supervisor, &[Reason]),
        ("reopen", "awaiting_followup", Role::Followup, &[Reason]),
        ("request_review", "closed", Role::Compliance, &[Reason]),
        ("decide_review", "under_review", Role::Compliance, &[ReviewDecision, NoticeMethod]),
        ("withdraw", "in_progress", Role::Clerk, &[Reason]),
    ];
    for (action, status, role, required) in table {
        for missing in *required {
            let mut fields = full_fields();
            clear(&mut fields, *missing);
            let held = [*role];
            let e = lifecycle
                .check(&ctx(Profile::Insurance, status, &held), action, &fields)
                .expect_err(&format!("{action} without {missing:?} is refused"));
            assert_eq!(e.code, ErrorCode::Required, "{action}: missing {missing:?} is a required-field refusal");
            assert_eq!(e.field.as_deref(), Some(missing.name()), "{action}: the refusal names {}", missing.name());
        }
    }
}

fn clear(f: &mut StepFields, field: StepField) {
    use StepField::*;
    match field {
        Reason => f.reason = Some("   ".into()),
        NoticeMethod => f.notice_method = None,
        CustomerTold => f.customer_told = Some(false),
        Department => f.department = None,
        HandlerId => f.handler_id = None,
        Facts => f.facts = None,
        DecisionBasis => f.decision_basis = Some(String::new()),
        Outcome => f.outcome = None,
        FollowupMethod => f.followup_method = None,
        Satisfaction => f.satisfaction = None,
        Solved => f.solved = None,
        ReviewDecision => f.review_decision = None,
        other => panic!("the table does not clear {other:?}"),
    }
}

#[test]
fn rules_beyond_roles_refuse_with_their_own_code() {
    let lifecycle = Lifecycle::default_lifecycle().unwrap();
    let handler = [Role::Handler];
    let supervisor = [Role::Supervisor];
    let followup = [Role::Followup];

    // A handler who is not the case's handler may not take handler steps.
    let mut c = ctx(Profile::Property, "assigned", &handler);
    c.handler_id = Some(8);
    let e = lifecycle.check(&c, "start", &full_fields()).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAssignee, "another handler's case: {}", e.message);

    // A supervisor may hold a case that is not theirs; a handler only their own.
    let mut c = ctx(Profile::Property, "in_progress", &supervisor);
    c.handler_id = Some(8);
    assert!(lifecycle.check(&c, "hold", &full_fields()).is_ok(), "supervisor may put any case on hold");

    // Recusal by user id and by typed name.
    let mut fields = full_fields();
    fields.handler_id = Some(99);
    let e = lifecycle.check(&ctx(Profile::Property, "accepted", &supervisor), "assign", &fields).unwrap_err();
    assert_eq!((e.code, e.field.as_deref(), e.rule.as_deref()), (ErrorCode::Recusal, Some("handler_id"), Some("recusal")));
    let mut c = ctx(Profile::Property, "accepted", &supervisor);
    c.new_handler_name = Some("张保安");
    let e = lifecycle.check(&c, "assign", &full_fields()).unwrap_err();
    assert_eq!(e.code, ErrorCode::Recusal, "the complained-about staff named by text may not handle the case either");

    // Follow-up: a low score or "not solved" cannot close.
    for (score, solved) in [(2, true), (1, true), (5, false)] {
        let mut f = full_fields();
        f.satisfaction = Some(score);
        f.solved = Some(solved);
        let e = lifecycle.check(&ctx(Profile::Property, "awaiting_followup", &followup), "close", &f).unwrap_err();
        assert_eq!(e.code, ErrorCode::FollowupUnsatisfied, "score {score}, solved {solved} does not close");
    }
    let mut f = full_fields();
    f.satisfaction = Some(3);
    assert!(lifecycle.check(&ctx(Profile::Property, "awaiting_followup", &followup), "close", &f).is_ok(), "score 3 and solved closes");

    // Closing after a follow-up is taken only by recording the call, never as a step of its own.
    let mut c = ctx(Profile::Property, "awaiting_followup", &followup);
    c.followup.recording = false;
    let e = lifecycle.check(&c, "close", &full_fields()).unwrap_err();
    assert_eq!((e.code, e.rule.as_deref()), (ErrorCode::TransitionNotAllowed, Some("transition.close.followup_only")));
    // Closing as unreachable needs the attempts used up, and is not offered before.
    let mut c = ctx(Profile::Property, "awaiting_followup", &followup);
    c.followup.attempts_exhausted = false;
    let e = lifecycle.check(&c, "close_unreachable", &full_fields()).unwrap_err();
    assert_eq!((e.code, e.rule.as_deref()), (ErrorCode::TransitionNotAllowed, Some("followup_exhausted")));
    assert!(!lifecycle.available(&c).iter().any(|a| a.action == "close_unreachable"), "not offered before the attempts are used up");
    c.followup.attempts_exhausted = true;
    assert!(lifecycle.available(&c).iter().any(|a| a.action == "close_unreachable"), "offered once they are");
    // A supervisor closes without a follow-up only with a reason.
    let mut f = full_fields();
    f.reason = None;
    let e = lifecycle.check(&ctx(Profile::Property, "awaiting_followup", &supervisor), "close_by_supervisor", &f).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Required, Some("reason")));

    // Values out of range are refused with the field named.
    let mut f = full_fields();
    f.satisfaction = Some(6);
    let e = lifecycle.check(&ctx(Profile::Property, "awaiting_followup", &followup), "close", &f).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Invalid, Some("satisfaction")));
    let mut f = full_fields();
    f.compensation = Some(-1.0);
    let e = lifecycle.check(&ctx(Profile::Property, "in_progress", &handler), "respond", &f).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Invalid, Some("compensation")));

    // Unknown action.
    let e = lifecycle.check(&ctx(Profile::Property, "registered", &supervisor), "teleport", &full_fields()).unwrap_err();
    assert_eq!(e.code, ErrorCode::TransitionNotAllowed);
}

#[test]
fn broken_lifecycle_data_is_refused_naming_the_problem() {
    let good = complaintdesk_core::domain::lifecycle::DEFAULT_LIFECYCLE;
    let table: Vec<(&str, String, &str)> = vec![
        ("unknown status", good.replacen("to = \"assigned\"", "to = \"asigned\"", 1), "asigned"),
        ("unreachable status", format!("{good}\n[[status]]\ncode = \"limbo\"\nkind = \"inactive\"\nlabel = \"悬置\"\nlabel_en = \"Limbo\"\n"), "limbo"),
        ("no role", good.replacen("roles = [\"clerk\", \"supervisor\"]\nstamp = \"accepted_at\"", "roles = []\nstamp = \"accepted_at\"", 1), "accept"),
        ("unknown role", good.replacen("roles = [\"supervisor\"]\nrequires = [\"department\"", "roles = [\"boss\"]\nrequires = [\"department\"", 1), "boss"),
        ("unknown field", good.replacen("requires = [\"department\", \"handler_id\"]", "requires = [\"department\", \"handler\"]", 1), "handler"),
        ("two initial statuses", good.replacen("kind = \"active\"", "kind = \"initial\"", 1), "初始状态"),
        ("duplicate action", format!("{good}\n[[transition]]\naction = \"accept\"\nlabel = \"x\"\nlabel_en = \"x\"\nfrom = [\"registered\"]\nto = \"accepted\"\nroles = [\"clerk\"]\n"), "accept"),
        ("dead end", format!("{good}\n[[status]]\ncode = \"parked\"\nkind = \"active\"\nlabel = \"搁置\"\nlabel_en = \"Parked\"\n[[transition]]\naction = \"park\"\nlabel = \"搁置\"\nlabel_en = \"Park\"\nfrom = [\"accepted\"]\nto = \"parked\"\nroles = [\"supervisor\"]\n"), "parked"),
        ("unknown key", good.replacen("assignee_only = true", "asignee_only = true", 1), "asignee_only"),
    ];
    for (why, text, named) in table {
        assert_ne!(text, good, "{why}: the test must change the data");
        let e = Lifecycle::load(&text).expect_err(why);
        assert_eq!(e.code, ErrorCode::LifecycleInvalid, "{why}");
        assert!(e.message.contains(named), "{why}: the message names “{named}”: {}", e.message);
    }
}
