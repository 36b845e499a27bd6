//! 整改事项 on both stores: an overseer opens an item on the cases it covers; its owner takes it up
//! and says it is done; the effect is counted before and after on a hand-counted set of cases; an
//! overseer verifies it or finds it ineffective. Every change is on each linked case's timeline,
//! and the audit chain still verifies.
use chrono::{Duration, NaiveDate};
use complaintdesk_core::desk::improvements::ImprovementInput;
use complaintdesk_core::domain::case::EventKind;
use complaintdesk_core::domain::improvement::ImprovementStatus;
use complaintdesk_core::domain::types::{Profile, Role};
use complaintdesk_core::domain::ErrorCode;

mod common;
use common::{add_user, elevator_complaint, set_up, t0};

/// A complaint of `category` at `project`, received `days` after t0.
fn complaint(desk: &complaintdesk_core::desk::Desk, admin: i64, category: &str, project: &str, days: i64) -> i64 {
    let mut input = elevator_complaint("13800138000");
    input.category = Some(category.into());
    input.subcategory = None;
    input.project = Some(project.into());
    input.received_at = Some(t0() + Duration::days(days));
    desk.create_case(admin, &input, t0() + Duration::days(days)).unwrap().case.id
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

on_both_stores! {
#[test]
fn an_item_goes_from_open_to_verified_with_its_effect_counted_and_every_step_on_the_cases() {
    let (mut desk, admin, _place) = set_up(Profile::Property, t0());
    let owner = add_user(&mut desk, admin, "wang", "王工", vec![Role::Handler], t0());
    let clerk = add_user(&mut desk, admin, "li", "李前台", vec![Role::Clerk], t0());
    // Hand-counted: repair at 翠湖花园, 5 in the 30 days before t0 + 40 days (11 April, when it is
    // done), 2 in the 30 days from then; others of another category or site, or later, do not count.
    let before: Vec<i64> = [11, 15, 20, 30, 39].iter().map(|d| complaint(&desk, admin, "repair", "翠湖花园", *d)).collect();
    for d in [41, 55] {
        complaint(&desk, admin, "repair", "翠湖花园", d);
    }
    complaint(&desk, admin, "fees", "翠湖花园", 35);
    complaint(&desk, admin, "repair", "碧水苑", 45);
    complaint(&desk, admin, "repair", "翠湖花园", 75); // after the window

    let opened_at = t0() + Duration::days(39);
    let input = ImprovementInput {
        cause: "equipment".into(),
        cause_note: Some("电梯控制板老化".into()),
        action: "更换 3 号楼电梯控制板，维保改为每周巡检".into(),
        owner_id: owner,
        due_on: day(4, 30),
        category: Some("repair".into()),
        project: Some("翠湖花园".into()),
        case_ids: before[..3].to_vec(),
    };
    let refused = desk.open_improvement(clerk, &input, opened_at).unwrap_err();
    assert_eq!(refused.code, ErrorCode::RoleNotAllowed, "a clerk does not open items");
    let bad = desk.open_improvement(admin, &ImprovementInput { cause: "weather".into(), ..input.clone() }, opened_at).unwrap_err();
    assert_eq!((bad.field.as_deref(), bad.rule.as_deref()), (Some("cause"), Some("improvement.cause")));
    let none = desk.open_improvement(admin, &ImprovementInput { case_ids: vec![], ..input.clone() }, opened_at).unwrap_err();
    assert_eq!(none.field.as_deref(), Some("case_ids"), "an item covers at least one case");
    let late = desk.open_improvement(admin, &ImprovementInput { due_on: day(3, 1), ..input.clone() }, opened_at).unwrap_err();
    assert_eq!(late.rule.as_deref(), Some("improvement.due"));

    let opened = desk.open_improvement(admin, &input, opened_at).unwrap();
    let id = opened.item.id;
    assert_eq!((opened.item.status, opened.item.cases, opened.item.cause_label.as_str()), (ImprovementStatus::Open, 3, "设施设备"));
    assert_eq!(opened.cases.len(), 3);
    assert!(opened.effect.is_none(), "no effect before it is done");
    let linked = desk.link_to_improvement(admin, id, &[before[2], before[3], before[4]], opened_at).unwrap();
    assert_eq!(linked.item.cases, 5, "a case already linked is not linked twice");

    // The owner sees it among theirs, overdue once its date has passed.
    let mine = desk.improvements(owner, None, t0() + Duration::days(70)).unwrap();
    assert_eq!(mine.iter().map(|i| (i.id, i.overdue)).collect::<Vec<_>>(), vec![(id, true)]);
    assert!(desk.improvements(clerk, None, opened_at).unwrap().is_empty(), "a clerk who owns nothing sees none");

    let v = opened.item.version;
    let taken = desk.move_improvement(owner, id, ImprovementStatus::InProgress, None, v, opened_at).unwrap();
    let stale = desk.move_improvement(owner, id, ImprovementStatus::Done, None, v, opened_at).unwrap_err();
    assert_eq!(stale.code, ErrorCode::Conflict, "a change on an old version is refused");
    let no_verify = desk.move_improvement(owner, id, ImprovementStatus::Verified, None, taken.item.version, opened_at).unwrap_err();
    assert_eq!(no_verify.rule.as_deref(), Some("improvement.move"), "in progress cannot be verified");
    let done = desk.move_improvement(owner, id, ImprovementStatus::Done, Some("已更换"), taken.item.version, t0() + Duration::days(40)).unwrap();
    assert_eq!(done.item.done_on, Some(day(4, 11)), "done on the desk's day");
    let own = desk.move_improvement(owner, id, ImprovementStatus::Verified, None, done.item.version, t0() + Duration::days(71)).unwrap_err();
    assert_eq!(own.rule.as_deref(), Some("improvement.move.overseer"), "an owner does not verify their own work");

    let checked = desk.improvement(admin, id, t0() + Duration::days(71)).unwrap();
    let effect = checked.effect.expect("a done item has its effect");
    assert_eq!((effect.before, effect.after, effect.complete), (5, 2, true), "hand-counted: 5 before, 2 after: {effect:?}");
    assert_eq!(effect.summary, "整改后 30 天投诉 2 件，整改前 30 天 5 件，下降 60%。");
    let empty = desk.move_improvement(admin, id, ImprovementStatus::Ineffective, None, checked.item.version, t0() + Duration::days(71)).unwrap_err();
    assert_eq!(empty.field.as_deref(), Some("note"), "ineffective needs its reason");
    let verified = desk.move_improvement(admin, id, ImprovementStatus::Verified, Some("投诉下降六成"), checked.item.version, t0() + Duration::days(71)).unwrap();
    assert_eq!((verified.item.status, verified.item.check_note.as_str()), (ImprovementStatus::Verified, "投诉下降六成"));

    // Every step is on each linked case's timeline, and the chain still holds.
    let steps: Vec<String> = desk
        .case_detail_at(admin, before[0], t0() + Duration::days(71))
        .unwrap()
        .events
        .into_iter()
        .filter(|e| e.kind == EventKind::Improvement)
        .filter_map(|e| e.action)
        .collect();
    assert_eq!(steps, ["improvement_opened", "improvement_in_progress", "improvement_done", "improvement_verified"]);
    let later: Vec<String> =
        desk.case_detail_at(admin, before[4], t0() + Duration::days(71)).unwrap().events.into_iter().filter(|e| e.kind == EventKind::Improvement).filter_map(|e| e.action).collect();
    assert_eq!(later[0], "improvement_linked", "a case linked later says so first");
    assert!(desk.verify_audit(admin).unwrap().ok, "the item's events join the audit chain unbroken");
}

#[test]
fn the_watcher_says_once_that_an_item_is_overdue_and_never_of_one_done_in_time() {
    let (mut desk, admin, _place) = set_up(Profile::Property, t0());
    let owner = add_user(&mut desk, admin, "wang", "王工", vec![Role::Handler], t0());
    let case = complaint(&desk, admin, "repair", "翠湖花园", 0);
    let open = |action: &str, due: NaiveDate| {
        let input = ImprovementInput { cause: "equipment".into(), action: action.into(), owner_id: owner, due_on: due, case_ids: vec![case], ..Default::default() };
        desk.open_improvement(admin, &input, t0()).unwrap().item
    };
    let late = open("更换控制板", day(3, 10));
    let in_time = open("加密巡检", day(3, 10));
    let later = open("培训维保人员", day(3, 20));
    desk.move_improvement(owner, in_time.id, ImprovementStatus::Done, None, in_time.version, t0()).unwrap();
    let due_day = day(3, 10).and_hms_opt(12, 0, 0).unwrap().and_utc();
    assert!(desk.improvement_alerts(due_day).unwrap().is_empty(), "on its due day an item is not late yet");
    let next_day = due_day + Duration::days(1);
    let alerts = desk.improvement_alerts(next_day).unwrap();
    assert_eq!(alerts.iter().map(|a| a.id).collect::<Vec<_>>(), vec![late.id], "the one still to do, not the one done");
    assert_eq!(alerts[0].notification(complaintdesk_core::desk::dto::Locale::ZhCn).0, format!("整改事项 #{} 已逾期", late.id));
    assert!(desk.improvement_alerts(next_day + Duration::hours(1)).unwrap().is_empty(), "said once");
    // The dashboard's 整改 card counts them so on the same day.
    let march = complaintdesk_core::domain::kpi::KpiFilter { from: Some(day(3, 1)), to: Some(day(3, 31)), ..Default::default() };
    let card = desk.dashboard(admin, &march, next_day).unwrap().improvements;
    assert_eq!((card.pending, card.overdue, card.done, card.verified), (2, 1, 1, 0));
    assert_eq!(card.covered_causes, vec!["equipment".to_string()]);
    assert_eq!(card.covered_share, None, "no case closed with a root cause this month");
    let after_later = desk.improvement_alerts(day(3, 21).and_hms_opt(12, 0, 0).unwrap().and_utc()).unwrap();
    assert_eq!(after_later.iter().map(|a| (a.id, a.owner_id)).collect::<Vec<_>>(), vec![(later.id, owner)]);
}
}
