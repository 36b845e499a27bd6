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
