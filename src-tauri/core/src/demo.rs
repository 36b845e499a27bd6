//! Demo data: a desk with realistic Chinese complaints moving through the lifecycle over months,
//! made through the same use-cases as the window, so every rule holds (for screenshots, trials and
//! benchmarks). Deterministic: the same seed gives the same desk.
use chrono::{DateTime, Duration, Utc};

use crate::desk::dto::{MoveInput, SetupInput, TrainingInput, UserInput};
use crate::desk::Desk;
use crate::domain::case::CaseInput;
use crate::domain::catalog::Classification;
use crate::domain::followup::AttemptInput;
use crate::domain::lifecycle::StepFields;
use crate::domain::types::{Channel, Claim, ContactMethod, Mood, Profile, Role};
use crate::domain::DeskResult;

/// A small deterministic generator (xorshift64*), enough for demo data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// True with probability `p` (0–1).
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    /// Hours drawn from a rough log-normal-ish spread between `lo` and `hi`.
    fn hours(&mut self, lo: f64, hi: f64) -> Duration {
        let u = (self.below(10_000) as f64 / 10_000.0).powi(2);
        Duration::minutes(((lo + (hi - lo) * u) * 60.0) as i64)
    }
}

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"];
const GIVEN: &[&str] = &["秀英", "建国", "丽娟", "志强", "海燕", "伟", "敏", "静", "磊", "婷", "军", "洋", "桂兰", "国华", "晓明", "玉梅", "春生", "红霞"];

/// What a demo complaint is about, per category: (subject, description).
fn texts(profile: Profile, category: &str) -> &'static [(&'static str, &'static str)] {
    match (profile, category) {
        (Profile::Property, "repair") => &[
            ("电梯停运无人维修", "单元电梯停运两天，多次报修无人处理，家中老人上下楼困难。"),
            ("楼上漏水渗到我家", "卫生间顶部渗水，墙面发霉，物业说要找楼上业主协商，一直没结果。"),
            ("楼道灯坏了一个月", "楼道声控灯坏了一个月，晚上回家看不清楼梯，已经摔倒过一次。"),
        ],
        (Profile::Property, "security") => &[
            ("外来车辆随意进出", "小区门岗不登记，外来车辆随意进出占用业主车位。"),
            ("夜间巡逻不到位", "最近小区发生两起电动车被盗，夜间没见保安巡逻。"),
        ],
        (Profile::Property, "environment") => &[
            ("垃圾清运不及时", "垃圾桶满了两天没人清，气味很大，招来很多蚊虫。"),
            ("绿化带长期无人修剪", "楼下绿化带杂草丛生，挡住一楼窗户。"),
        ],
        (Profile::Property, "fees") => &[
            ("公摊电费明显偏高", "本月公摊电费比上月高出一倍，要求公示明细。"),
            ("停车费涨价未公示", "停车费突然上涨，事先没有任何公示和说明。"),
        ],
        (Profile::Property, "noise") => &[
            ("邻居装修噪音扰民", "楼上装修每天早上七点就开始电钻，周末也不停。"),
            ("水泵房夜间噪音", "地下水泵房夜间噪音很大，影响休息。"),
        ],
        (Profile::Property, _) => &[
            ("客服电话无人接听", "连续三天打客服电话都没人接，问题一直没人管。"),
            ("管家服务态度差", "管家说话不耐烦，问题没解决还挂了电话。"),
        ],
        (Profile::Insurance, "claims") => &[
            ("理赔款迟迟未到账", "住院理赔材料已交齐二十天，至今未到账，也没人说明原因。"),
            ("理赔金额与条款不符", "按条款应赔付的金额被扣减，业务员解释不清。"),
        ],
        (Profile::Insurance, "sales") => &[
            ("业务员夸大收益", "购买时业务员说年化收益6%，实际远低于承诺。"),
            ("被搭售意外险", "办理贷款时被要求必须购买意外险，事先没有说明可以不买。"),
        ],
        (Profile::Insurance, "policy_service") => &[
            ("退保手续办理拖延", "申请退保一个月还没办完，每次都说材料不全。"),
            ("保单信息变更出错", "变更联系地址后保单寄错地址，信息泄露风险。"),
        ],
        (Profile::Insurance, _) => &[
            ("频繁电话推销", "每天接到多个推销电话，要求停止骚扰。"),
            ("柜面服务态度差", "柜面人员态度冷淡，等待一个多小时没人处理。"),
        ],
    }
}

/// An index below `n`, the first ones more likely (weights n, n − 1, …, 1).
fn weighted(rng: &mut Rng, n: usize) -> usize {
    let total = (n * (n + 1) / 2) as u64;
    let mut r = rng.below(total) as usize;
    for i in 0..n {
        let w = n - i;
        if r < w {
            return i;
        }
        r -= w;
    }
    n - 1
}

/// What the demo made.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DemoReport {
    pub profile: Profile,
    pub cases: usize,
    pub closed: usize,
    pub open: usize,
}

/// Fills a new desk with `n` complaints received over the `months` before `end`, each taken as
/// far through the lifecycle as its age and luck allow. The desk must not be set up yet.
pub fn fill(desk: &Desk, profile: Profile, n: usize, months: i64, end: DateTime<Utc>, seed: u64) -> DeskResult<DemoReport> {
    let mut rng = Rng(seed.max(1));
    let start = end - Duration::days(30 * months.max(1));
    let org = match profile {
        Profile::Property => "翠湖花园物业服务中心",
        Profile::Insurance => "平安路营业部",
    };
    let admin = desk
        .setup(
            &SetupInput {
                profile,
                org_name: org.into(),
                admin_login: "admin".into(),
                admin_display_name: "张主管".into(), admin_password: "pass-1234".into(),
                extra_roles: vec![Role::Clerk, Role::Supervisor],
            },
            start - Duration::days(1),
        )?
        .id;
    let user = |desk: &Desk, login: &str, name: &str, roles: Vec<Role>| -> DeskResult<i64> {
        Ok(desk
            .create_user(admin, &UserInput { login: login.into(), display_name: name.into(), roles, department: None, active: None, password: Some("pass-1234".into()) }, start - Duration::days(1))?
            .id)
    };
    let handlers = [
        user(desk, "ligong", "李工", vec![Role::Handler])?,
        user(desk, "wanggong", "王工", vec![Role::Handler])?,
        user(desk, "liuli", "刘丽", vec![Role::Handler])?,
        user(desk, "chenhao", "陈浩", vec![Role::Handler])?,
    ];
    let callers = [user(desk, "huifang", "赵回访", vec![Role::Followup])?, user(desk, "sunyu", "孙雨", vec![Role::Followup])?];
    if profile == Profile::Insurance {
        user(desk, "hegui", "钱合规", vec![Role::Compliance])?;
    }
    desk.add_training(
        admin,
        &TrainingInput {
            held_on: (end - Duration::days(45)).with_timezone(&crate::domain::case::desk_zone()).date_naive(),
            topic: "投诉沟通技巧与时限要求".into(),
            attendees: vec![handlers[0], handlers[1]],
        },
        end - Duration::days(46),
    )?;

    let tree = Classification::for_profile(profile);
    let sites: &[&str] = match profile {
        Profile::Property => &["翠湖花园", "碧水苑", "金桂园", "枫林小区"],
        Profile::Insurance => &["平安路营业部", "解放路营业部"],
    };
    let departments = &tree.departments;
    // A pool of phones that complain again and again.
    let regulars: Vec<String> = (0..(n / 20).max(3)).map(|i| format!("1390000{i:04}")).collect();
    let span = (end - start).num_minutes().max(1);
    let (mut closed, mut open) = (0, 0);
    for i in 0..n {
        let received = start + Duration::minutes(span * i as i64 / n.max(1) as i64 + rng.below(90) as i64);
        // Categories are not equally common; the first ones come most.
        let cat = &tree.categories[weighted(&mut rng, tree.categories.len())];
        let sub = (!cat.children.is_empty()).then(|| rng.pick(&cat.children).code.clone());
        let (subject, description) = *rng.pick(texts(profile, &cat.code));
        let phone = if rng.chance(0.15) { rng.pick(&regulars).clone() } else { format!("13{:09}", rng.below(1_000_000_000)) };
        let channel = *rng.pick(&[Channel::Phone, Channel::Phone, Channel::WalkIn, Channel::Wechat, Channel::Website, Channel::Letter, Channel::Email]);
        let mut input = CaseInput {
            customer_name: Some(format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))),
            customer_phone: Some(phone),
            channel: Some(channel),
            received_at: Some(received),
            subject: Some(subject.into()),
            description: Some(description.into()),
            claim: Some(*rng.pick(&[Claim::Correction, Claim::Explanation, Claim::Compensation, Claim::Apology])),
            category: Some(cat.code.clone()),
            subcategory: sub,
            mood: Some(*rng.pick(&[Mood::Calm, Mood::Calm, Mood::Upset, Mood::Agitated])),
            project: Some(rng.pick(sites).to_string()),
            ..Default::default()
        };
        if profile == Profile::Insurance {
            input.business_line = Some(rng.pick(&tree.business_lines).code.clone());
        }
        let registered = received + Duration::minutes(rng.below(30) as i64);
        let id = desk.create_case(admin, &input, registered)?.case.id;
        let step = |action: &str, fields: StepFields| MoveInput { action: action.into(), fields, expected_version: None };
        // How far it got depends on its age: a case received yesterday is rarely closed.
        let age_days = (end - received).num_days();
        let mut t = registered + rng.hours(0.1, 30.0);
        if t > end || rng.chance(0.02) {
            open += 1;
            continue;
        }
        desk.move_case(admin, id, &step("accept", StepFields::default()), t)?;
        let handler = *rng.pick(&handlers);
        let dept = rng.pick(departments).clone();
        desk.move_case(admin, id, &step("assign", StepFields { department: Some(dept), handler_id: Some(handler), ..Default::default() }), t)?;
        t += rng.hours(0.2, 8.0);
        if t > end {
            open += 1;
            continue;
        }
        desk.move_case(handler, id, &step("start", StepFields::default()), t)?;
        let mut rounds = 0;
        loop {
            t += rng.hours(2.0, if profile == Profile::Property { 30.0 } else { 24.0 * 18.0 });
            if t > end || (age_days < 3 && rng.chance(0.5)) {
                open += 1;
                break;
            }
            let comp = rng.chance(0.2).then(|| (rng.below(50) as f64) * 20.0);
            let respond = StepFields {
                facts: Some("经核实，客户反映情况属实。".into()),
                decision_basis: Some(if profile == Profile::Property { "依据物业服务合同相关条款。" } else { "依据保险合同条款及监管规定。" }.into()),
                outcome: Some(rng.pick(&["已安排处理完毕并向客户说明。", "已按约定给予补偿并致歉。", "已整改并加强日常巡查。"]).to_string()),
                notice_method: Some(ContactMethod::Phone),
                remedy: comp.map(|_| "给予适当补偿".to_string()),
                compensation: comp,
                staff_minutes: Some(20 + rng.below(240) as i64),
                root_cause_code: Some(rng.pick(&tree.root_causes).code.clone()),
                ..Default::default()
            };
            desk.move_case(handler, id, &step("respond", respond), t)?;
            t += rng.hours(4.0, 60.0);
            if t > end {
                open += 1;
                break;
            }
            let caller = *rng.pick(&callers);
            let call = |reached: bool, score: Option<i64>, solved: Option<bool>| AttemptInput {
                method: Some(ContactMethod::Phone),
                reached,
                satisfaction: score,
                solved,
                duration_minutes: reached.then_some(3),
                ..Default::default()
            };
            if rng.chance(0.07) {
                for k in 0..3 {
                    desk.record_followup(caller, id, &call(false, None, None), t + Duration::hours(24 * k))?;
                }
                desk.move_case(caller, id, &step("close_unreachable", StepFields::default()), t + Duration::hours(73))?;
                closed += 1;
                break;
            }
            let unhappy = rounds == 0 && rng.chance(0.1);
            let score = if unhappy { 1 + rng.below(2) as i64 } else { 3 + rng.below(3) as i64 };
            let detail = desk.record_followup(caller, id, &call(true, Some(score), Some(!unhappy || rng.chance(0.3))), t)?;
            if detail.case.status == "closed" {
                closed += 1;
                break;
            }
            // Reopened: the handler takes it back.
            rounds += 1;
            t += rng.hours(1.0, 24.0);
            if t > end || rounds > 2 {
                open += 1;
                break;
            }
            let handler_now = detail.case.handler_id.unwrap_or(handler);
            desk.move_case(handler_now, id, &step("start", StepFields::default()), t)?;
        }
    }
    while desk.tick(end, 1000)?.more {}
    Ok(DemoReport { profile, cases: n, closed, open })
}

/// How many cases each multi-row statement of [`fill_years`] writes.
const BULK_ROWS: usize = 300;

/// A desk of many years for benchmarks, made in minutes rather than hours: the demo's users
/// (plus 16 more handlers), then `n` complaints spread evenly over the `years` before `end`,
/// written straight into the store in multi-row statements, each already where its age puts it
/// in the lifecycle (accepted, assigned, decided, closed, called back), with its search entry.
/// SQLite's triggers keep the KPI sums as the rows go in; on a shared store they are paused and
/// the sums made once at the end (`rollup::pg_keep_sums`). No events are written (the
/// audit log of a made-up desk proves nothing), so none of its cases counts as reopened.
pub fn fill_years(desk: &Desk, n: usize, years: i64, end: DateTime<Utc>, seed: u64) -> DeskResult<DemoReport> {
    use crate::store::db::Value;
    let start = end - Duration::days(365 * years.max(1));
    fill(desk, Profile::Property, 0, 1, start, seed)?;
    let admin = desk.users()?.into_iter().find(|u| u.login == "admin").map(|u| u.id).unwrap_or(1);
    for i in 0..16 {
        let input = UserInput {
            login: format!("handler{i:02}"),
            display_name: format!("处理人{i:02}"),
            roles: vec![Role::Handler],
            department: None,
            active: None,
            password: Some("pass-1234".into()),
        };
        desk.create_user(admin, &input, start - Duration::days(1))?;
    }
    let users = desk.users()?;
    let handlers: Vec<i64> = users.iter().filter(|u| u.roles.contains(&Role::Handler)).map(|u| u.id).collect();
    let callers: Vec<i64> = users.iter().filter(|u| u.roles.contains(&Role::Followup)).map(|u| u.id).collect();
    let tree = Classification::for_profile(Profile::Property);
    let sites: Vec<String> = (0..12).map(|i| format!("{}{}", ["翠湖花园", "碧水苑", "金桂园", "枫林小区"][i % 4], i / 4 + 1)).collect();
    let causes: Vec<String> = tree.root_causes.iter().map(|c| c.code.clone()).collect();
    let mut rng = Rng(seed.max(1));
    let span = (end - start).num_minutes().max(1);
    let base = desk.store().db().row("SELECT coalesce(max(id), 0) AS m FROM cases", &[])?.map(|r| r.int("m")).transpose()?.unwrap_or(0) + 1;
    let ms = |t: DateTime<Utc>| t.timestamp_millis();
    let (mut closed, mut open) = (0, 0);
    let dialect = desk.store().db().dialect();
    let shared = dialect == crate::store::db::Dialect::Postgres;
    if shared {
        // A server runs its triggers row by row: summing once at the end is many times faster.
        // (The cases come with their follow-up counts and no reopen events, so only the sums
        // need making.)
        desk.store().write(|tx| crate::store::rollup::pg_keep_sums(tx, false))?;
    }
    for chunk in (0..n).collect::<Vec<_>>().chunks(BULK_ROWS * 30) {
        desk.store().write(|tx| {
            for rows in chunk.chunks(BULK_ROWS) {
                let (mut cases, mut search, mut tasks, mut calls) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
                let (mut nc, mut nt, mut na) = (0, 0, 0);
                for &i in rows {
                    let id = base + i as i64;
                    let received = start + Duration::minutes(span * i as i64 / n.max(1) as i64 + rng.below(60) as i64);
                    let age = end - received;
                    let cat = &tree.categories[weighted(&mut rng, tree.categories.len())];
                    let sub = (!cat.children.is_empty()).then(|| rng.pick(&cat.children).code.clone());
                    let (subject, description) = match cat.code.as_str() {
                        "fees" if rng.chance(0.5) => ("物业费上涨没有说明", "今年物业费突然上涨，事先没有公示，也没有人解释依据。"),
                        code => *rng.pick(texts(Profile::Property, code)),
                    };
                    let phone = format!("139{:08}", (i * 7919) % 200_000);
                    let name = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
                    let project = rng.pick(&sites).clone();
                    let number = format!("BK{}-{i:07}", received.format("%Y"));
                    let channel = rng.pick(&[Channel::Phone, Channel::Phone, Channel::WalkIn, Channel::Wechat, Channel::Website, Channel::Letter, Channel::Email]).code();
                    let handler = *rng.pick(&handlers);
                    let accepted = (age > Duration::hours(4)).then(|| received + rng.hours(0.1, 40.0));
                    let assigned = accepted.filter(|_| age > Duration::hours(8)).map(|a| a + rng.hours(0.1, 4.0));
                    let responded = assigned.filter(|_| age > Duration::days(15) || rng.chance(0.3)).map(|a| a + rng.hours(2.0, 300.0)).filter(|r| *r < end);
                    let is_closed = responded.is_some_and(|r| end - r > Duration::days(5)) && !rng.chance(0.01);
                    let status = match (is_closed, responded, assigned, accepted) {
                        (true, ..) => "closed",
                        (false, Some(_), ..) => "responded",
                        (false, None, Some(_), _) => "in_progress",
                        (false, None, None, Some(_)) => "accepted",
                        _ => "registered",
                    };
                    if is_closed { closed += 1 } else { open += 1 }
                    let called = responded.is_some() && rng.chance(0.8);
                    let score = called.then(|| 1 + weighted(&mut rng, 5) as i64).map(|s| 6 - s);
                    let breached = !is_closed && age > Duration::days(20) && rng.chance(0.5);
                    cases.extend([
                        Value::Int(id), number.clone().into(), "complaint".into(), "property".into(), status.into(), name.clone().into(),
                        phone.clone().into(), channel.into(), ms(received).into(), (ms(received) + 60_000).into(), admin.into(),
                        subject.into(), description.into(), "correction".into(), cat.code.clone().into(), sub.into(), "ordinary".into(),
                        "normal".into(), "calm".into(), project.clone().into(), rng.pick(&tree.departments).clone().into(),
                        assigned.map(|_| handler).into(), accepted.map(ms).into(), assigned.map(ms).into(), responded.map(ms).into(),
                        responded.filter(|_| is_closed).map(|r| ms(r) + 86_400_000 * 5).into(),
                        responded.map(|_| i64::from(!rng.chance(0.12))).into(), is_closed.then(|| i64::from(!rng.chance(0.15))).into(),
                        score.filter(|_| is_closed).into(), (rng.chance(0.05).then(|| rng.below(50_000) as i64)).into(),
                        responded.map(|_| 30 + rng.below(240) as i64).into(), is_closed.then(|| rng.pick(&causes).clone()).into(),
                        i64::from(rng.chance(0.04)).into(),
                        (if breached { Some("breached") } else { None }).into(), ms(received).into(),
                    ]);
                    // The case's own follow-up counts, as the store's triggers would make them from
                    // the one call below (the shared store's are paused during the fill).
                    let reached = i64::from(called);
                    let unhappy = i64::from(score.is_some_and(|s| s <= 2));
                    cases.extend([reached, reached, unhappy, reached, reached].map(Value::Int));
                    cases.extend((1..=5).map(|n| Value::Int(i64::from(score == Some(n)))));
                    nc += 1;
                    let parts = [number.as_str(), subject, description, name.as_str(), phone.as_str(), project.as_str(), ""];
                    search.push(Value::Int(id));
                    search.push(match dialect {
                        crate::store::db::Dialect::Sqlite => crate::store::search::index_text(&parts).into(),
                        crate::store::db::Dialect::Postgres => crate::store::search::index_words(&parts).join(" ").into(),
                    });
                    if let (true, Some(r)) = (called, responded) {
                        let at = r + Duration::hours(30);
                        let state = if score.is_some_and(|s| s <= 2) { "reopened" } else { "done" };
                        tasks.extend([Value::Int(id), id.into(), 1_i64.into(), ms(r + Duration::hours(24)).into(), ms(at).into(), 1_i64.into(), state.into(), ms(r).into(), ms(at).into()]);
                        nt += 1;
                        calls.extend([
                            Value::Int(id), id.into(), 1_i64.into(), ms(at).into(), (*rng.pick(&callers)).into(), "phone".into(), 1_i64.into(),
                            5_i64.into(), score.into(), i64::from(score.is_some_and(|s| s >= 3)).into(),
                            (if state == "done" { "satisfied" } else { "unsatisfied" }).into(),
                        ]);
                        na += 1;
                    }
                }
                let marks = |width: usize, rows: usize, wrap: &str| vec![format!("({})", vec![wrap; width].join(", ")); rows].join(", ");
                tx.exec(
                    &format!(
                        "INSERT INTO cases (id, number, kind, profile, status, customer_name, customer_phone, channel, received_at,
                            registered_at, registered_by, subject, description, claim, category, subcategory, severity, urgency, mood,
                            project, department, handler_id, accepted_at, assigned_at, responded_at, closed_at, responded_on_time,
                            solved, satisfaction, compensation_cents, staff_minutes, root_cause_code, repeat_complainant,
                            due_state, updated_at, fu_tasks, fu_completed, fu_reopened, fu_attempts, fu_reached,
                            fu_s1, fu_s2, fu_s3, fu_s4, fu_s5) VALUES {}",
                        marks(45, nc, "?")
                    ),
                    &cases,
                )?;
                let (search_sql, word) = match dialect {
                    crate::store::db::Dialect::Sqlite => ("INSERT INTO case_search (rowid, body) VALUES", "?"),
                    crate::store::db::Dialect::Postgres => ("INSERT INTO case_search (case_id, body) VALUES", "array_to_tsvector(string_to_array(?, ' '))"),
                };
                let pairs = vec![format!("(?, {word})"); nc].join(", ");
                tx.exec(&format!("{search_sql} {pairs}"), &search)?;
                if nt > 0 {
                    tx.exec(
                        &format!("INSERT INTO followup_tasks (id, case_id, round, due_at, next_attempt_at, attempts, state, created_at, ended_at) VALUES {}", marks(9, nt, "?")),
                        &tasks,
                    )?;
                    tx.exec(
                        &format!(
                            "INSERT INTO followup_attempts (task_id, case_id, number, at, by_user, method, reached, duration_minutes,
                                satisfaction, solved, outcome) VALUES {}",
                            marks(11, na, "?")
                        ),
                        &calls,
                    )?;
                }
            }
            Ok(())
        })?;
    }
    if shared {
        desk.store().write(|tx| {
            crate::store::rollup::refill_sums(tx)?;
            crate::store::rollup::pg_keep_sums(tx, true)?;
            // The rows above chose their ids: the next ones the store gives must come after them.
            tx.exec("SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT max(id) FROM cases))", &[])?;
            tx.exec("SELECT setval(pg_get_serial_sequence('followup_tasks', 'id'), (SELECT max(id) FROM followup_tasks))", &[])
        })?;
    }
    Ok(DemoReport { profile: Profile::Property, cases: n, closed, open })
}
