//! The KPIs of SPEC §7 on a fixed month of 40 complaints (plus 2 the month before), made through
//! the use-cases the window uses, each figure checked against a value worked out by hand below.
//!
//! The month (March 2026, property desk, reply clock 24 h). Case k is received at 2 March 10:00
//! Beijing + 12 h × k. Groups:
//!
//! | group | k      | n  | category/channel/site      | handler | accepted | responded (on time?) | cost                 | follow-up                 |
//! |-------|--------|----|----------------------------|---------|----------|----------------------|----------------------|---------------------------|
//! | P1    | 0–15   | 16 | repair/phone/翠湖花园       | 李工    | +1 h     | +5 h (yes)           | 100 元, 60 min        | 5, solved → closed        |
//! | P2    | 16–23  | 8  | fees/walk_in/翠湖花园       | 王工    | +10 h    | +30 h (no)           | 30 min               | 4, solved → closed        |
//! | P3    | 24–29  | 6  | repair/wechat/翠湖花园      | 李工    | +30 h    | +40 h (no)           | 120 min              | 2 → reopened              |
//! | P4    | 30–33  | 4  | noise/phone/碧水苑          | 王工    | +2 h     | +10 h (yes)          | —                    | 3 × no answer → unreachable |
//! | P5    | 34–37  | 4  | service/phone/碧水苑        | 李工    | +1 h     | not yet              | —                    | —                         |
//! | P6    | 38–39  | 2  | other/letter/碧水苑         | —       | no       | —                    | —                    | —                         |
//!
//! P2's eight complaints come from one phone (seven are repeats). 王工 attended a training on
//! 12 March. Two complaints (other/碧水苑) came in February.
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use complaintdesk_core::desk::dto::{MoveInput, TrainingInput};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::CaseInput;
use complaintdesk_core::domain::followup::AttemptInput;
use complaintdesk_core::domain::kpi::{Granularity, KpiFilter};
use complaintdesk_core::domain::lifecycle::StepFields;
use complaintdesk_core::domain::types::{Channel, Claim, ContactMethod, Profile, Role};
use complaintdesk_core::domain::ErrorCode;

mod common;

fn beijing(m: u32, d: u32, h: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai.with_ymd_and_hms(2026, m, d, h, 0, 0).unwrap().with_timezone(&Utc)
}

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

struct Group {
    n: usize,
    category: &'static str,
    channel: Channel,
    project: &'static str,
    handler: Option<usize>, // 0 = 李工, 1 = 王工
    accept_h: Option<i64>,
    respond_h: Option<i64>,
    compensation: Option<f64>,
    minutes: Option<i64>,
    root_cause: Option<&'static str>,
    call: Call,
}

#[derive(Clone, Copy)]
enum Call {
    None,
    Reached(i64, bool),
    Unreachable,
}

fn groups() -> Vec<Group> {
    let g = |n, category, channel, project, handler, accept_h, respond_h, compensation, minutes, root_cause, call| Group {
        n,
        category,
        channel,
        project,
        handler,
        accept_h,
        respond_h,
        compensation,
        minutes,
        root_cause,
        call,
    };
    vec![
        g(16, "repair", Channel::Phone, "翠湖花园", Some(0), Some(1), Some(5), Some(100.0), Some(60), Some("equipment"), Call::Reached(5, true)),
        g(8, "fees", Channel::WalkIn, "翠湖花园", Some(1), Some(10), Some(30), None, Some(30), Some("communication"), Call::Reached(4, true)),
        g(6, "repair", Channel::Wechat, "翠湖花园", Some(0), Some(30), Some(40), None, Some(120), None, Call::Reached(2, true)),
        g(4, "noise", Channel::Phone, "碧水苑", Some(1), Some(2), Some(10), None, None, None, Call::Unreachable),
        g(4, "service", Channel::Phone, "碧水苑", Some(0), Some(1), None, None, None, None, Call::None),
        g(2, "other", Channel::Letter, "碧水苑", None, None, None, None, None, None, Call::None),
    ]
}

struct Month {
    desk: Desk,
    boss: i64,
    wang: i64,
    _dir: common::Place,
}

fn input(category: &str, channel: Channel, project: &str, phone: &str, received: DateTime<Utc>) -> CaseInput {
    CaseInput {
        customer_name: Some("业主".into()),
        customer_phone: Some(phone.into()),
        channel: Some(channel),
        received_at: Some(received),
        subject: Some(format!("{category} 投诉")),
        description: Some("投诉内容".into()),
        claim: Some(Claim::Correction),
        category: Some(category.into()),
        project: Some(project.into()),
        ..Default::default()
    }
}

fn step(action: &str, fields: StepFields) -> MoveInput {
    MoveInput { action: action.into(), fields, expected_version: None }
}

fn month() -> Month {
    let (mut desk, boss, dir) = common::set_up(Profile::Property, beijing(1, 1, 9));
    let mut user = |login: &str, name: &str, roles: Vec<Role>| common::add_user(&mut desk, boss, login, name, roles, beijing(1, 1, 9));
    let handlers = [user("li", "李工", vec![Role::Handler]), user("wang", "王工", vec![Role::Handler])];
    let caller = user("zhao", "赵回访", vec![Role::Followup]);

    // February: two complaints, the period before.
    for (i, d) in [5, 20].into_iter().enumerate() {
        let at = beijing(2, d, 10);
        desk.create_case(boss, &input("other", Channel::Phone, "碧水苑", &format!("1370000000{i}"), at), at).unwrap();
    }

    let mut k = 0i64;
    for g in groups() {
        for _ in 0..g.n {
            let received = beijing(3, 2, 10) + Duration::hours(12 * k);
            let phone = if g.category == "fees" { "13900000002".to_string() } else { format!("138{k:08}") };
            let id = desk.create_case(boss, &input(g.category, g.channel, g.project, &phone, received), received).unwrap().case.id;
            k += 1;
            let Some(accept_h) = g.accept_h else { continue };
            let accepted = received + Duration::hours(accept_h);
            desk.move_case(boss, id, &step("accept", StepFields::default()), accepted).unwrap();
            let handler = handlers[g.handler.unwrap()];
            desk.move_case(boss, id, &step("assign", StepFields { department: Some("工程部".into()), handler_id: Some(handler), ..Default::default() }), accepted)
                .unwrap();
            desk.move_case(handler, id, &step("start", StepFields::default()), accepted).unwrap();
            let Some(respond_h) = g.respond_h else { continue };
            let responded = received + Duration::hours(respond_h);
            let fields = StepFields {
                facts: Some("查明".into()),
                decision_basis: Some("依据".into()),
                outcome: Some("处理".into()),
                notice_method: Some(ContactMethod::Phone),
                compensation: g.compensation,
                staff_minutes: g.minutes,
                root_cause_code: g.root_cause.map(String::from),
                ..Default::default()
            };
            desk.move_case(handler, id, &step("respond", fields), responded).unwrap();
            let call_at = responded + Duration::hours(20);
            let attempt = |reached: bool, score: Option<i64>, solved: Option<bool>| AttemptInput {
                method: Some(ContactMethod::Phone),
                reached,
                satisfaction: score,
                solved,
                ..Default::default()
            };
            match g.call {
                Call::None => {}
                Call::Reached(score, solved) => {
                    desk.record_followup(caller, id, &attempt(true, Some(score), Some(solved)), call_at).unwrap();
                }
                Call::Unreachable => {
                    for i in 0..3 {
                        desk.record_followup(caller, id, &attempt(false, None, None), call_at + Duration::hours(24 * i)).unwrap();
                    }
                    desk.move_case(caller, id, &step("close_unreachable", StepFields::default()), call_at + Duration::hours(72)).unwrap();
                }
            }
        }
    }
    assert_eq!(k, 40, "the month has 40 complaints");
    desk.add_training(boss, &TrainingInput { held_on: date(3, 12), topic: "收费政策解释".into(), attendees: vec![handlers[1]] }, beijing(3, 12, 9))
        .unwrap();
    // The watcher catches up to 10 April: clocks past due are marked.
    while desk.tick(now(), 500).unwrap().more {}
    Month { desk, boss, wang: handlers[1], _dir: dir }
}

fn now() -> DateTime<Utc> {
    beijing(4, 10, 10)
}

fn march() -> KpiFilter {
    KpiFilter { from: Some(date(3, 1)), to: Some(date(3, 31)), ..Default::default() }
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

on_both_stores! {
#[test]
fn every_figure_of_the_month_matches_the_hand_count() {
    let m = month();
    let d = m.desk.dashboard(m.boss, &march(), now()).unwrap();
    let f = &d.current;

    assert_eq!(f.received, 40);
    // Accepted: P1–P5 = 38. Delays sorted: 20 × 1 h (P1, P5), 4 × 2 h, 8 × 10 h, 6 × 30 h.
    assert_eq!(f.accepted, 38);
    assert!(close(f.accept_median_hours, 1.0), "19th and 20th are 1 h: {:?}", f.accept_median_hours);
    assert!(close(f.accept_p90_hours, 30.0), "rank ⌈0.9 × 38⌉ = 35 is 30 h: {:?}", f.accept_p90_hours);
    assert_eq!(f.accepted_on_target, 32, "all but the six 30 h ones are within 24 h");
    assert!(close(f.accept_on_target_rate, 32.0 / 38.0));
    // Closed: P1 16 + P2 8 + P4 4 = 28; solved: P1 + P2 = 24.
    assert_eq!((f.closed, f.solved), (28, 24));
    assert!(close(f.resolution_rate, 24.0 / 28.0));
    // Decisions: P1–P4 = 34; on time: P1 16 + P4 4 = 20.
    assert_eq!((f.notified, f.notified_on_time), (34, 20));
    assert!(close(f.on_time_rate, 20.0 / 34.0));
    // Open with a running clock past due on 10 April: P5 4 (no reply), P6 2 (never dispatched),
    // and P3 6: answered (late), reopened by the unsatisfied call, and not answered again within
    // the 24 hours the reply clock runs from the reopen.
    assert_eq!(f.overdue_now, 12);
    // Follow-up: tasks P1–P4 = 34; completed (reached) P1–P3 = 30; attempts 16 + 8 + 6 + 12 = 42.
    assert_eq!((f.followup.tasks, f.followup.completed, f.followup.attempts, f.followup.reached), (34, 30, 42, 30));
    assert!(close(f.followup.completion_rate, 30.0 / 34.0));
    assert!(close(f.followup.reached_rate, 30.0 / 42.0));
    assert!(close(f.followup.mean_score, (16.0 * 5.0 + 8.0 * 4.0 + 6.0 * 2.0) / 30.0), "124 / 30");
    assert!(close(f.followup.share_4_5, 24.0 / 30.0));
    assert_eq!(f.followup.reopened, 6);
    // Cost: 16 × 100 元 + (960 + 240 + 720) min × 60 元/h = 1600 + 1920 = 3520 元, over 34 decided.
    assert_eq!((f.decided, f.compensation_cents, f.staff_minutes), (34, 160_000, 1920));
    assert_eq!(f.cost_cents, 352_000);
    assert_eq!(f.cost_per_case_cents, Some(10_353), "352000 / 34 = 10352.9 fen");
    // Reopened: P3 6 of 34 decided. Repeats: seven of P2's eight, one phone.
    assert_eq!(f.reopened, 6);
    assert!(close(f.reopen_rate, 6.0 / 34.0));
    assert_eq!((f.repeat_cases, f.repeat_phones), (7, 1));

    // The period before: February's two complaints, nothing else done with them.
    assert_eq!((d.previous.received, d.previous.accepted, d.previous.closed), (2, 0, 0));
    assert_eq!((d.previous_filter.from, d.previous_filter.to), (Some(date(1, 29)), Some(date(2, 28))), "31 days before");

    // Splits and trend.
    let split = |c: &[complaintdesk_core::domain::kpi::Count]| c.iter().map(|c| (c.key.clone(), c.count)).collect::<Vec<_>>();
    let s = |k: &str, n: i64| (k.to_string(), n);
    assert_eq!(split(&d.by_category), vec![s("repair", 22), s("fees", 8), s("noise", 4), s("service", 4), s("other", 2)]);
    assert_eq!(split(&d.by_channel), vec![s("phone", 24), s("walk_in", 8), s("wechat", 6), s("letter", 2)]);
    assert_eq!(split(&d.by_site), vec![s("翠湖花园", 30), s("碧水苑", 10)]);
    assert_eq!(d.granularity, Granularity::Day);
    assert_eq!(d.trend.len(), 31, "a point for every day of March");
    assert_eq!(d.trend.iter().map(|p| p.total).sum::<i64>(), 40);
    assert_eq!(d.trend[1].total, 2, "2 March: cases 0 and 1 (10:00 and 22:00)");
    assert_eq!(d.trend[0].total, 0, "1 March: none");
    assert_eq!(d.satisfaction, vec![0, 6, 0, 8, 16], "reached calls by score 1–5");
    // Backlog on 10 April (any period): March's 12 open cases are 19–28 days old; February's
    // two, never accepted, are over 30.
    let backlog: Vec<i64> = d.backlog.iter().map(|b| b.count).collect();
    assert_eq!(backlog, vec![0, 0, 0, 0, 12, 2]);
    // Root causes of closed cases: P1 equipment 16, P2 communication 8 (P4 has none).
    assert_eq!(split(&d.root_causes), vec![s("equipment", 16), s("communication", 8)]);
    // Hotspots in the 30 days to 1 April (baseline: the 4 windows before; February's 2 "other").
    let hot: Vec<(String, Option<String>, u32, i64)> =
        d.hotspots.iter().map(|h| (h.category.clone(), h.project.clone(), h.window_days, h.recent)).collect();
    let h = |c: &str, p: &str, n: i64| (c.to_string(), Some(p.to_string()), 30, n);
    assert_eq!(hot, vec![h("repair", "翠湖花园", 22), h("fees", "翠湖花园", 8), h("noise", "碧水苑", 4), h("service", "碧水苑", 4)]);

    // Handlers: 李工 P1 + P3 + P5 = 26 cases, 16 of 22 decisions on time; 王工 P2 + P4 = 12, 4 of 12.
    let row = |name: &str| d.handlers.iter().find(|h| h.name == name).unwrap();
    assert_eq!((row("李工").figures.received, row("李工").figures.notified_on_time, row("李工").figures.notified), (26, 16, 22));
    assert_eq!((row("王工").figures.received, row("王工").figures.notified_on_time, row("王工").figures.notified), (12, 4, 12));
    assert!(close(row("李工").mean_satisfaction, (16.0 * 5.0 + 6.0 * 2.0) / 22.0), "the score kept on each case");
    assert!(close(row("王工").mean_handling_hours, (8.0 * 20.0 + 4.0 * 8.0) / 12.0), "assigned at acceptance, decided later");

    // Training on 12 March: 王工's 30 days before (P2 k 16–19: 4 cases, none on time) and after
    // (P2 k 20–23 and P4: 8 cases, the 4 P4 on time).
    let t = &d.trainings[0];
    assert_eq!((t.handler_id, t.held_on), (m.wang, date(3, 12)));
    assert_eq!((t.before.received, t.before.notified_on_time, t.before.notified), (4, 0, 4));
    assert_eq!((t.after.received, t.after.notified_on_time, t.after.notified), (8, 4, 8));
    assert!(close(t.before_mean_satisfaction, 4.0) && close(t.after_mean_satisfaction, 4.0), "P2 gave 4; P4 no score");

    // The CLI's report is the same figures.
    let report = m.desk.kpi(m.boss, &march()).unwrap();
    assert_eq!(report.current, d.current);
}

#[test]
fn filters_narrow_the_cohort_and_bad_periods_are_refused() {
    let m = month();
    let by = |f: KpiFilter| m.desk.kpi(m.boss, &f).unwrap().current;
    let f = by(KpiFilter { category: Some("repair".into()), ..march() });
    assert_eq!((f.received, f.closed, f.reopened), (22, 16, 6), "repair: P1 + P3");
    let f = by(KpiFilter { project: Some("碧水苑".into()), ..march() });
    assert_eq!((f.received, f.overdue_now), (10, 6), "碧水苑: P4–P6; P5 and P6 overdue");
    let f = by(KpiFilter { channel: Some(Channel::WalkIn), ..march() });
    assert_eq!((f.received, f.repeat_cases), (8, 7));
    let f = by(KpiFilter { handler_id: Some(m.wang), ..march() });
    assert_eq!(f.received, 12);
    let f = by(KpiFilter { from: Some(date(3, 2)), to: Some(date(3, 2)), ..Default::default() });
    assert_eq!(f.received, 2, "one day");

    let e = m.desk.kpi(m.boss, &KpiFilter { from: Some(date(3, 31)), to: Some(date(3, 1)), ..Default::default() }).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Invalid, Some("to")));
    let e = m.desk.kpi(m.boss, &KpiFilter { to: Some(date(3, 1)), ..Default::default() }).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Required, Some("from")));
    let handler = m.desk.users().unwrap().into_iter().find(|u| u.login == "li").unwrap().id;
    assert_eq!(m.desk.kpi(handler, &march()).unwrap_err().code, ErrorCode::RoleNotAllowed, "a handler sees no dashboard");
}

#[test]
fn the_on_time_stamp_does_not_depend_on_the_clock_precision() {
    // The window passes the system clock, with nanoseconds; the database keeps milliseconds.
    let m = month();
    let at = beijing(4, 1, 9) + Duration::nanoseconds(123_456_789);
    let id = m.desk.create_case(m.boss, &input("repair", Channel::Phone, "翠湖花园", "13512345678", at), at).unwrap().case.id;
    m.desk.move_case(m.boss, id, &step("accept", StepFields::default()), at).unwrap();
    m.desk.move_case(m.boss, id, &step("assign", StepFields { department: Some("工程部".into()), handler_id: Some(m.wang), ..Default::default() }), at).unwrap();
    m.desk.move_case(m.wang, id, &step("start", StepFields::default()), at).unwrap();
    let fields = StepFields { facts: Some("查明".into()), decision_basis: Some("依据".into()), outcome: Some("处理".into()), notice_method: Some(ContactMethod::Phone), ..Default::default() };
    let d = m.desk.move_case(m.wang, id, &step("respond", fields), at + Duration::hours(2) + Duration::nanoseconds(7)).unwrap();
    assert_eq!(d.case.responded_on_time, Some(true), "answered in 2 h against 24 h");
}
}
