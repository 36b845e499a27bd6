//! Deadline rule packs as data (SPEC §5): `data/rulepacks/*.toml`, one pack a file.
//!
//! A pack lists its clocks. Each clock starts at a [`Milestone`] of the case, is met by another,
//! and runs for a length in a [`ClockUnit`]; it may allow extension steps, pauses and a restart
//! on new facts. [`RulePack::load`] refuses broken data by naming the problem, like the
//! lifecycle does.
use std::collections::BTreeSet;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::error::{DeskError, DeskResult, ErrorCode};
use crate::domain::types::Profile;

/// The packs the product ships.
pub const SHIPPED_RULE_PACKS: &[&str] = &[
    include_str!("../../../data/rulepacks/nfra-2020.toml"),
    include_str!("../../../data/rulepacks/pboc-2020.toml"),
    include_str!("../../../data/rulepacks/property-default.toml"),
    include_str!("../../../data/rulepacks/property-hangzhou.toml"),
    include_str!("../../../data/rulepacks/fca-disp.toml"),
    include_str!("../../../data/rulepacks/cfpb.toml"),
];

const MAX_LENGTH: u32 = 10_000;

/// A moment in a case that starts or meets a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Milestone {
    /// The organisation received the complaint (`received_at`; for a transferred complaint, the
    /// day the regulator's transfer arrived).
    Received,
    /// The case was given to a department and handler (派单).
    Dispatched,
    /// Someone arrived on site.
    OnSite,
    /// The fault was fixed.
    Fixed,
    /// The customer was answered. A decision notice is also a response.
    Responded,
    /// The decision notice was sent to the customer; its send time is what meets a deadline.
    DecisionNotified,
    /// The customer asked for a review (核查).
    ReviewRequested,
    /// The review's decision was given.
    ReviewDecided,
    /// The follow-up call (回访) was done.
    FollowedUp,
}

impl Milestone {
    pub fn code(self) -> &'static str {
        match self {
            Milestone::Received => "received",
            Milestone::Dispatched => "dispatched",
            Milestone::OnSite => "on_site",
            Milestone::Fixed => "fixed",
            Milestone::Responded => "responded",
            Milestone::DecisionNotified => "decision_notified",
            Milestone::ReviewRequested => "review_requested",
            Milestone::ReviewDecided => "review_decided",
            Milestone::FollowedUp => "followed_up",
        }
    }
}

/// What a clock's length is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ClockUnit {
    /// N: calendar days. The day of receipt is not counted; the deadline ends at 24:00 of the
    /// last day.
    NaturalDays,
    /// W: working days. Weekends and statutory days off are skipped, 调休 make-up days count.
    WorkingDays,
    /// Seven natural days each.
    Weeks,
    /// Wall-clock hours from the start instant.
    Hours,
    /// Wall-clock minutes from the start instant.
    Minutes,
}

impl ClockUnit {
    /// Day units end at midnight of a date; hours and minutes at an instant.
    pub fn is_days(self) -> bool {
        matches!(self, ClockUnit::NaturalDays | ClockUnit::WorkingDays | ClockUnit::Weeks)
    }
}

/// How a pack treats rest days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CountingCalendar {
    /// Chinese civil-code counting with the holiday calendar: a last day on a weekend or
    /// statutory day off moves to the next working day (a make-up day does not move).
    Cn,
    /// Calendar days as they fall; the last day never moves (rules abroad).
    None,
}

/// When a clock applies beyond its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Condition {
    /// Only for a case marked urgent; the clock starts when both its start and the urgency exist.
    Urgent,
}

/// What starts a clock again from the instant it happens. The run before stays readable
/// (`ClockState::previous`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Restart {
    /// New facts or reasons were received (a reopen that records them).
    NewFacts,
    /// The case was reopened (重新处理): after an unsatisfied follow-up call, or on new facts.
    Reopen,
}

impl Restart {
    pub fn code(self) -> &'static str {
        match self {
            Restart::NewFacts => "new_facts",
            Restart::Reopen => "reopen",
        }
    }
}

/// How a breach keeps raising the case's escalation level as it ages (SPEC §4): the breach
/// itself raises it by one, and each further `every` `unit` overdue by one more, up to
/// [`MAX_BREACH_STEPS`] steps in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BreachEscalation {
    pub every: u32,
    /// `hours` or `natural_days` (24 hours each): time overdue runs on the wall clock.
    pub unit: ClockUnit,
}

/// Steps a breach escalates at most: the breach, and two further as it ages (levels 1 to 3).
pub const MAX_BREACH_STEPS: u8 = 3;

impl BreachEscalation {
    /// The time overdue between two steps.
    pub fn span(&self) -> chrono::Duration {
        let n = i64::from(self.every);
        match self.unit {
            ClockUnit::Hours => chrono::Duration::hours(n),
            ClockUnit::Minutes => chrono::Duration::minutes(n),
            ClockUnit::Weeks => chrono::Duration::days(7 * n),
            ClockUnit::NaturalDays | ClockUnit::WorkingDays => chrono::Duration::days(n),
        }
    }
}

/// One step of extension: the new total length and what must be on record for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExtensionStep {
    /// 1, 2, … taken in order.
    pub step: u8,
    /// The clock's whole length once this step is approved, from the original start.
    pub total: u32,
    pub label: String,
    pub label_en: String,
    /// The customer must have been told (延期告知).
    pub needs_notice: bool,
    /// The approver must be recorded.
    pub needs_approver: bool,
    /// A reason must be recorded.
    pub needs_reason: bool,
}

/// One clock of a pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClockRule {
    pub code: String,
    pub label: String,
    pub label_en: String,
    pub start: Milestone,
    pub met_by: Milestone,
    pub length: u32,
    pub unit: ClockUnit,
    /// Whether a pause (on hold) stops this clock.
    pub pause: bool,
    /// What starts this clock again from the instant it happens (new facts, a reopen).
    pub restarts_on: Vec<Restart>,
    /// A customer's window rather than the organisation's duty: running out is `expired`, not a breach.
    pub window: bool,
    /// The rule is marked uncertain in our research.
    pub uncertain: bool,
    pub applies_when: Option<Condition>,
    pub note: Option<String>,
    pub extensions: Vec<ExtensionStep>,
}

/// A validated rule pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RulePack {
    pub code: String,
    pub label: String,
    pub label_en: String,
    pub source: Option<String>,
    /// The pack a new desk of this profile starts with.
    pub default_for: Option<Profile>,
    pub calendar: CountingCalendar,
    /// The IANA zone the pack's days are counted in; none means the desk's zone.
    pub zone: Option<String>,
    /// The desk's own service times, which an admin may change (a regulator's clocks are law).
    pub editable: bool,
    /// Further escalation as a breach ages; none: the breach alone raises the level by one.
    pub escalation: Option<BreachEscalation>,
    pub clocks: Vec<ClockRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    code: String,
    label: String,
    label_en: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    default_for: Option<Profile>,
    calendar: CountingCalendar,
    #[serde(default)]
    zone: Option<String>,
    #[serde(default)]
    editable: bool,
    #[serde(default)]
    escalation: Option<RawEscalation>,
    #[serde(rename = "clock", default)]
    clocks: Vec<RawClock>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEscalation {
    every: u32,
    unit: ClockUnit,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClock {
    code: String,
    label: String,
    label_en: String,
    start: Milestone,
    met_by: Milestone,
    length: u32,
    unit: ClockUnit,
    #[serde(default)]
    pause: bool,
    #[serde(default)]
    restarts_on: Vec<Restart>,
    #[serde(default)]
    window: bool,
    #[serde(default)]
    uncertain: bool,
    #[serde(default)]
    applies_when: Option<Condition>,
    #[serde(default)]
    note: Option<String>,
    #[serde(rename = "extension", default)]
    extensions: Vec<RawExtension>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExtension {
    step: u8,
    total: u32,
    label: String,
    label_en: String,
    #[serde(default)]
    needs_notice: bool,
    #[serde(default)]
    needs_approver: bool,
    #[serde(default)]
    needs_reason: bool,
}

fn broken(message: String) -> DeskError {
    DeskError::new(ErrorCode::RulePackInvalid, message).rule("rulepack")
}

fn is_code(s: &str, extra: char) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == extra)
}

/// Parses an IANA zone name such as `Asia/Shanghai` or `Europe/London`.
pub fn parse_zone(name: &str) -> DeskResult<Tz> {
    name.trim()
        .parse::<Tz>()
        .map_err(|_| DeskError::invalid("zone", format!("未知时区“{name}”（应为 IANA 名称，如 Asia/Shanghai）")).rule("zone"))
}

impl RulePack {
    /// Parses and validates a pack; any problem is refused with a message naming it.
    pub fn load(text: &str) -> DeskResult<RulePack> {
        let raw: RawPack = toml::from_str(text).map_err(|e| broken(format!("规则包数据格式错误：{e}")))?;
        let pack = raw.code.clone();
        let fail = |what: String| broken(format!("规则包“{pack}”：{what}"));
        if !is_code(&raw.code, '-') {
            return Err(broken(format!("规则包代码“{}”只能由小写字母、数字和 - 组成", raw.code)));
        }
        if raw.label.trim().is_empty() || raw.label_en.trim().is_empty() {
            return Err(fail("缺少名称（label / label_en）".into()));
        }
        if let Some(zone) = &raw.zone {
            parse_zone(zone).map_err(|_| fail(format!("未知时区“{zone}”")))?;
        }
        if raw.clocks.is_empty() {
            return Err(fail("没有任何时限（[[clock]]）".into()));
        }
        let escalation = match raw.escalation {
            Some(e) => {
                if !matches!(e.unit, ClockUnit::Hours | ClockUnit::NaturalDays) {
                    return Err(fail("超时升级（[escalation]）按小时（hours）或自然日（natural_days）计".into()));
                }
                if !(1..=MAX_LENGTH).contains(&e.every) {
                    return Err(fail(format!("超时升级的间隔 {} 应在 1 到 {MAX_LENGTH} 之间", e.every)));
                }
                Some(BreachEscalation { every: e.every, unit: e.unit })
            }
            None => None,
        };
        let mut codes = BTreeSet::new();
        let mut clocks = Vec::new();
        for c in raw.clocks {
            let name = c.code.clone();
            let fail = |what: String| broken(format!("规则包“{pack}”的时限“{name}”：{what}"));
            if !is_code(&c.code, '_') {
                return Err(broken(format!("规则包“{pack}”：时限代码“{}”只能由小写字母、数字和 _ 组成", c.code)));
            }
            if !codes.insert(c.code.clone()) {
                return Err(broken(format!("规则包“{pack}”：时限“{}”重复定义", c.code)));
            }
            if c.label.trim().is_empty() || c.label_en.trim().is_empty() {
                return Err(fail("缺少名称（label / label_en）".into()));
            }
            if !(1..=MAX_LENGTH).contains(&c.length) {
                return Err(fail(format!("长度 {} 应在 1 到 {MAX_LENGTH} 之间", c.length)));
            }
            if c.start == c.met_by {
                return Err(fail(format!("开始和完成是同一件事（{}）", c.start.code())));
            }
            if c.unit == ClockUnit::WorkingDays && raw.calendar == CountingCalendar::None {
                return Err(fail("按工作日计的时限需要节假日日历（calendar = \"cn\"）".into()));
            }
            if c.window && (c.pause || !c.restarts_on.is_empty() || !c.extensions.is_empty()) {
                return Err(fail("客户的申请期限（window）不能暂停、重新起算或延期".into()));
            }
            let mut restarts_on: Vec<Restart> = Vec::new();
            for r in c.restarts_on {
                if restarts_on.contains(&r) {
                    return Err(fail(format!("重新起算的条件“{}”重复", r.code())));
                }
                restarts_on.push(r);
            }
            // A reopened case is handled and answered again: a reopen restarts the duty to answer.
            // A clock started later (a follow-up after a response, a review decision) runs again
            // when its own start comes again.
            let answers = matches!(c.met_by, Milestone::Responded | Milestone::DecisionNotified);
            if restarts_on.contains(&Restart::Reopen) && (c.start != Milestone::Received || !answers) {
                return Err(fail(format!(
                    "重开时重新起算的只能是自收到投诉起算、以答复或告知处理决定完成的时限（此时限自“{}”起算，至“{}”完成）",
                    c.start.code(),
                    c.met_by.code()
                )));
            }
            let mut extensions = Vec::new();
            let mut previous = c.length;
            for (i, e) in c.extensions.into_iter().enumerate() {
                let expected = i + 1;
                if usize::from(e.step) != expected {
                    return Err(fail(format!("延期步骤应依次为 1、2…，第 {expected} 个写成了 {}", e.step)));
                }
                if e.total <= previous || e.total > MAX_LENGTH {
                    return Err(fail(format!("第 {} 步延期的总长度 {} 应大于前一步的 {previous}", e.step, e.total)));
                }
                if e.label.trim().is_empty() || e.label_en.trim().is_empty() {
                    return Err(fail(format!("第 {} 步延期缺少名称", e.step)));
                }
                previous = e.total;
                extensions.push(ExtensionStep {
                    step: e.step,
                    total: e.total,
                    label: e.label,
                    label_en: e.label_en,
                    needs_notice: e.needs_notice,
                    needs_approver: e.needs_approver,
                    needs_reason: e.needs_reason,
                });
            }
            clocks.push(ClockRule {
                code: c.code,
                label: c.label,
                label_en: c.label_en,
                start: c.start,
                met_by: c.met_by,
                length: c.length,
                unit: c.unit,
                pause: c.pause,
                restarts_on,
                window: c.window,
                uncertain: c.uncertain,
                applies_when: c.applies_when,
                note: c.note,
                extensions,
            });
        }
        Ok(RulePack {
            code: raw.code,
            label: raw.label,
            label_en: raw.label_en,
            source: raw.source,
            default_for: raw.default_for,
            calendar: raw.calendar,
            zone: raw.zone,
            editable: raw.editable,
            escalation,
            clocks,
        })
    }

    /// Every pack the product ships, validated; each profile has exactly one default.
    pub fn shipped() -> DeskResult<Vec<RulePack>> {
        let packs: Vec<RulePack> = SHIPPED_RULE_PACKS.iter().map(|t| RulePack::load(t)).collect::<DeskResult<_>>()?;
        let mut codes = BTreeSet::new();
        for p in &packs {
            if !codes.insert(p.code.as_str()) {
                return Err(broken(format!("规则包“{}”重复", p.code)));
            }
        }
        for profile in Profile::ALL {
            let n = packs.iter().filter(|p| p.default_for == Some(*profile)).count();
            if n != 1 {
                return Err(broken(format!("业务类型“{profile}”应当恰好有一个默认规则包，现有 {n} 个")));
            }
        }
        Ok(packs)
    }

    /// A shipped pack by its code.
    pub fn shipped_pack(code: &str) -> DeskResult<RulePack> {
        RulePack::shipped()?.into_iter().find(|p| p.code == code).ok_or_else(|| {
            DeskError::new(ErrorCode::NotFound, format!("没有代码为“{code}”的规则包")).field("pack").rule("rulepack.known")
        })
    }

    /// The pack a desk of `profile` uses unless an admin picks another.
    pub fn default_for(packs: &[RulePack], profile: Profile) -> Option<&RulePack> {
        packs.iter().find(|p| p.default_for == Some(profile))
    }

    /// The zone the pack counts in: its own, else the desk's.
    pub fn zone_or(&self, desk_zone: Tz) -> Tz {
        self.zone.as_deref().and_then(|z| z.parse().ok()).unwrap_or(desk_zone)
    }

    pub fn clock(&self, code: &str) -> Option<&ClockRule> {
        self.clocks.iter().find(|c| c.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
code = "demo"
label = "示例"
label_en = "Demo"
calendar = "cn"

[[clock]]
code = "reply"
label = "答复"
label_en = "Reply"
start = "received"
met_by = "responded"
length = 5
unit = "working_days"
"#;

    fn refused(text: &str) -> String {
        RulePack::load(text).expect_err("the pack should be refused").message
    }

    #[test]
    fn shipped_packs_load_with_one_default_per_profile() {
        let packs = RulePack::shipped().expect("shipped packs are valid");
        let codes: Vec<&str> = packs.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["nfra-2020", "pboc-2020", "property-default", "property-hangzhou", "fca-disp", "cfpb"]);
        assert_eq!(RulePack::default_for(&packs, Profile::Insurance).map(|p| p.code.as_str()), Some("nfra-2020"));
        assert_eq!(RulePack::default_for(&packs, Profile::Property).map(|p| p.code.as_str()), Some("property-default"));
        let nfra = &packs[0];
        let uncertain: Vec<&str> = nfra.clocks.iter().filter(|c| c.uncertain).map(|c| c.code.as_str()).collect();
        assert_eq!(uncertain, ["review_window", "review_decision"], "SPEC marks the review rules uncertain");
        let restarts = |pack: &str, clock: &str| packs.iter().find(|p| p.code == pack).and_then(|p| p.clock(clock)).map(|c| c.restarts_on.clone());
        assert_eq!(restarts("nfra-2020", "decision"), Some(vec![Restart::NewFacts, Restart::Reopen]), "the NFRA decision clock restarts on new facts and on a reopen");
        assert_eq!(restarts("property-default", "reply"), Some(vec![Restart::Reopen]), "a reopened property case is answered again within the reply time");
        assert_eq!(restarts("property-hangzhou", "company_reply"), Some(vec![]), "Hangzhou's reply clock runs from receipt only");
        let every = |pack: &str| packs.iter().find(|p| p.code == pack).and_then(|p| p.escalation).map(|e| e.span());
        assert_eq!(every("nfra-2020"), Some(chrono::Duration::days(5)));
        assert_eq!(every("property-default"), Some(chrono::Duration::hours(24)));
        assert_eq!(every("fca-disp"), None, "without a rule only the breach escalates");
    }

    #[test]
    fn broken_packs_are_refused_naming_the_problem() {
        assert!(RulePack::load(GOOD).is_ok());
        assert!(refused(&GOOD.replace("unit = \"working_days\"", "unit = \"fortnights\"")).contains("fortnights"));
        assert!(refused(&GOOD.replace("length = 5", "length = 0")).contains("长度 0"));
        assert!(refused(&GOOD.replace("met_by = \"responded\"", "met_by = \"received\"")).contains("同一件事"));
        assert!(refused(&GOOD.replace("calendar = \"cn\"", "calendar = \"none\"")).contains("工作日"));
        assert!(refused(&format!("{GOOD}\ncolour = \"red\"")).contains("colour"), "an unknown key is named");
        assert!(refused(&format!("zone = \"Mars/Olympus\"\n{GOOD}")).contains("Mars/Olympus"));
        let two = format!("{GOOD}{}", &GOOD[GOOD.find("[[clock]]").unwrap()..]);
        assert!(refused(&two).contains("重复"), "a clock defined twice is refused");
        let ext = format!(
            "{GOOD}\n[[clock.extension]]\nstep = 2\ntotal = 10\nlabel = \"x\"\nlabel_en = \"x\"\n"
        );
        assert!(refused(&ext).contains("依次"), "extension steps must start at 1");
        let short = format!("{GOOD}\n[[clock.extension]]\nstep = 1\ntotal = 5\nlabel = \"x\"\nlabel_en = \"x\"\n");
        assert!(refused(&short).contains("应大于"), "an extension must lengthen the clock");
    }

    #[test]
    fn restarts_and_breach_escalation_are_checked_like_the_rest() {
        let reopen = format!("{GOOD}restarts_on = [\"reopen\", \"new_facts\"]\n");
        assert_eq!(RulePack::load(&reopen).unwrap().clocks[0].restarts_on, vec![Restart::Reopen, Restart::NewFacts]);
        assert!(refused(&format!("{GOOD}restarts_on = [\"reopen\", \"reopen\"]\n")).contains("重复"), "a restart named twice is refused");
        assert!(refused(&format!("{GOOD}restarts_on = [\"holiday\"]\n")).contains("holiday"), "an unknown restart is named");
        let followup = GOOD.replace("start = \"received\"", "start = \"responded\"").replace("met_by = \"responded\"", "met_by = \"followed_up\"");
        assert!(refused(&format!("{followup}restarts_on = [\"reopen\"]\n")).contains("重开"), "a clock started by a response does not restart on a reopen");
        let dispatch = GOOD.replace("met_by = \"responded\"", "met_by = \"dispatched\"");
        assert!(refused(&format!("{dispatch}restarts_on = [\"reopen\"]\n")).contains("dispatched"), "only the duty to answer restarts on a reopen");
        let window = format!("{GOOD}window = true\nrestarts_on = [\"reopen\"]\n");
        assert!(refused(&window).contains("window"), "a customer's window never restarts");

        let head = |escalation: &str| GOOD.replacen("[[clock]]", &format!("{escalation}\n[[clock]]"), 1);
        let pack = RulePack::load(&head("[escalation]\nevery = 3\nunit = \"natural_days\"\n")).unwrap();
        assert_eq!(pack.escalation.map(|e| e.span()), Some(chrono::Duration::days(3)));
        assert!(refused(&head("[escalation]\nevery = 3\nunit = \"working_days\"\n")).contains("[escalation]"), "overdue time runs on the wall clock");
        assert!(refused(&head("[escalation]\nevery = 0\nunit = \"hours\"\n")).contains("间隔 0"));
        assert!(refused(&head("[escalation]\nevery = 2\nunit = \"hours\"\nmax = 9\n")).contains("max"), "an unknown key is named");
    }
}
