//! The case lifecycle as data (SPEC §4): statuses, transitions, roles, required fields, checks.
//! `Lifecycle::load` refuses broken data by naming the problem; `Lifecycle::check` decides a step.
use std::collections::{BTreeSet, HashMap, VecDeque};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::{DeskError, DeskResult, ErrorCode};
use super::types::{ContactMethod, Profile, Role};

/// The lifecycle the product ships.
pub const DEFAULT_LIFECYCLE: &str = include_str!("../../data/lifecycle.toml");

const MAX_TEXT: usize = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StatusKind {
    Initial,
    Active,
    Inactive,
}

/// The case time a transition sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Stamp {
    AcceptedAt,
    AssignedAt,
    RespondedAt,
    ClosedAt,
}

/// Rules beyond roles and required fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Check {
    /// The handler may not be the staff member complained about (回避).
    Recusal,
    /// A case closes after a follow-up only when the customer is satisfied (score ≥ 3) and it is solved.
    FollowupSatisfied,
    /// A case closes as unreachable only after the set number of unanswered follow-up attempts.
    FollowupExhausted,
}

/// The values a user gives with a step. Which are required is the lifecycle's business.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export, optional_fields)]
pub struct StepFields {
    pub reason: Option<String>,
    pub notice_method: Option<ContactMethod>,
    pub customer_told: Option<bool>,
    pub department: Option<String>,
    #[ts(optional, type = "number")]
    pub handler_id: Option<i64>,
    pub facts: Option<String>,
    pub decision_basis: Option<String>,
    pub outcome: Option<String>,
    pub remedy: Option<String>,
    /// Compensation in yuan.
    pub compensation: Option<f64>,
    #[ts(optional, type = "number")]
    pub staff_minutes: Option<i64>,
    pub root_cause_code: Option<String>,
    pub root_cause_text: Option<String>,
    pub improvement: Option<String>,
    pub followup_method: Option<ContactMethod>,
    #[ts(optional, type = "number")]
    pub satisfaction: Option<i64>,
    pub solved: Option<bool>,
    pub comment: Option<String>,
    pub review_decision: Option<String>,
    /// On reopening: the customer brought new facts or reasons (restarts the decision clock).
    pub new_facts: Option<bool>,
    /// On responding: the handler asks for further follow-ups after closing.
    pub complex_followup: Option<bool>,
}

/// How the UI should ask for a step field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FieldKind {
    Text,
    LongText,
    Bool,
    ContactMethod,
    Department,
    Handler,
    Money,
    Minutes,
    Score,
    RootCause,
}

macro_rules! step_fields {
    ($($variant:ident = $name:literal, $label:literal, $kind:ident;)+) => {
        /// The names a lifecycle may use in `requires` and `optional`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum StepField { $($variant),+ }

        impl StepField {
            pub fn parse(name: &str) -> Option<StepField> {
                match name { $($name => Some(StepField::$variant),)+ _ => None }
            }
            pub fn name(self) -> &'static str {
                match self { $(StepField::$variant => $name),+ }
            }
            /// The Chinese label used in error messages.
            pub fn label(self) -> &'static str {
                match self { $(StepField::$variant => $label),+ }
            }
            pub fn kind(self) -> FieldKind {
                match self { $(StepField::$variant => FieldKind::$kind),+ }
            }
        }
    };
}

step_fields! {
    Reason = "reason", "原因", LongText;
    NoticeMethod = "notice_method", "告知方式", ContactMethod;
    CustomerTold = "customer_told", "已告知客户", Bool;
    Department = "department", "处理部门", Department;
    HandlerId = "handler_id", "处理人", Handler;
    Facts = "facts", "查明事实", LongText;
    DecisionBasis = "decision_basis", "依据和理由", LongText;
    Outcome = "outcome", "处理结果", LongText;
    Remedy = "remedy", "补救措施", LongText;
    Compensation = "compensation", "赔偿金额（元）", Money;
    StaffMinutes = "staff_minutes", "处理工时（分钟）", Minutes;
    RootCauseCode = "root_cause_code", "根本原因", RootCause;
    RootCauseText = "root_cause_text", "原因说明", LongText;
    Improvement = "improvement", "整改措施", LongText;
    FollowupMethod = "followup_method", "回访方式", ContactMethod;
    Satisfaction = "satisfaction", "满意度", Score;
    Solved = "solved", "问题已解决", Bool;
    Comment = "comment", "备注", LongText;
    ReviewDecision = "review_decision", "核查结论", LongText;
    NewFacts = "new_facts", "客户提出新事实或理由", Bool;
    ComplexFollowup = "complex_followup", "复杂案件（结案后跟踪回访）", Bool;
}

fn text_present(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| !s.trim().is_empty())
}

impl StepFields {
    /// Whether the user gave a value for `field` (blank text counts as not given).
    pub fn has(&self, field: StepField) -> bool {
        use StepField::*;
        match field {
            Reason => text_present(&self.reason),
            NoticeMethod => self.notice_method.is_some(),
            CustomerTold => self.customer_told == Some(true),
            Department => text_present(&self.department),
            HandlerId => self.handler_id.is_some(),
            Facts => text_present(&self.facts),
            DecisionBasis => text_present(&self.decision_basis),
            Outcome => text_present(&self.outcome),
            Remedy => text_present(&self.remedy),
            Compensation => self.compensation.is_some(),
            StaffMinutes => self.staff_minutes.is_some(),
            RootCauseCode => text_present(&self.root_cause_code),
            RootCauseText => text_present(&self.root_cause_text),
            Improvement => text_present(&self.improvement),
            FollowupMethod => self.followup_method.is_some(),
            Satisfaction => self.satisfaction.is_some(),
            Solved => self.solved.is_some(),
            Comment => text_present(&self.comment),
            ReviewDecision => text_present(&self.review_decision),
            NewFacts => self.new_facts == Some(true),
            ComplexFollowup => self.complex_followup == Some(true),
        }
    }

    fn text(&self, field: StepField) -> Option<&str> {
        use StepField::*;
        let v = match field {
            Reason => &self.reason,
            Department => &self.department,
            Facts => &self.facts,
            DecisionBasis => &self.decision_basis,
            Outcome => &self.outcome,
            Remedy => &self.remedy,
            RootCauseCode => &self.root_cause_code,
            RootCauseText => &self.root_cause_text,
            Improvement => &self.improvement,
            Comment => &self.comment,
            ReviewDecision => &self.review_decision,
            _ => return None,
        };
        v.as_deref()
    }

    /// Range and length rules of the values given, whatever the transition.
    pub fn validate(&self) -> DeskResult<()> {
        for f in ALL_STEP_FIELDS {
            if let Some(t) = self.text(*f) {
                // The same rule as intake text: NUL and control characters other than line breaks are refused.
                super::case::check_text(f.name(), f.label(), t, MAX_TEXT)?;
            }
        }
        if let Some(s) = self.satisfaction {
            if !(1..=5).contains(&s) {
                return Err(DeskError::invalid("satisfaction", "满意度应为 1 到 5 分").rule("satisfaction.range"));
            }
        }
        if let Some(c) = self.compensation {
            if !c.is_finite() || !(0.0..=100_000_000.0).contains(&c) {
                return Err(DeskError::invalid("compensation", "赔偿金额应在 0 到 1 亿元之间").rule("compensation.range"));
            }
        }
        if let Some(m) = self.staff_minutes {
            if !(0..=100_000).contains(&m) {
                return Err(DeskError::invalid("staff_minutes", "处理工时应在 0 到 100000 分钟之间").rule("staff_minutes.range"));
            }
        }
        Ok(())
    }
}

const ALL_STEP_FIELDS: &[StepField] = &[
    StepField::Reason,
    StepField::NoticeMethod,
    StepField::CustomerTold,
    StepField::Department,
    StepField::HandlerId,
    StepField::Facts,
    StepField::DecisionBasis,
    StepField::Outcome,
    StepField::Remedy,
    StepField::Compensation,
    StepField::StaffMinutes,
    StepField::RootCauseCode,
    StepField::RootCauseText,
    StepField::Improvement,
    StepField::FollowupMethod,
    StepField::Satisfaction,
    StepField::Solved,
    StepField::Comment,
    StepField::ReviewDecision,
    StepField::NewFacts,
    StepField::ComplexFollowup,
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatusDef {
    pub code: String,
    pub kind: StatusKind,
    pub label: String,
    pub label_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TransitionDef {
    pub action: String,
    pub label: String,
    pub label_en: String,
    pub from: Vec<String>,
    pub to: String,
    pub roles: Vec<Role>,
    pub requires: Vec<StepField>,
    pub optional: Vec<StepField>,
    pub checks: Vec<Check>,
    pub assignee_only: bool,
    pub auto: bool,
    pub profiles: Vec<Profile>,
    pub stamp: Option<Stamp>,
    /// Taken only by recording a follow-up attempt (not offered as a button of its own).
    pub followup_only: bool,
}

/// A validated lifecycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Lifecycle {
    pub name: String,
    pub statuses: Vec<StatusDef>,
    pub transitions: Vec<TransitionDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLifecycle {
    name: String,
    #[serde(rename = "status", default)]
    statuses: Vec<RawStatus>,
    #[serde(rename = "transition", default)]
    transitions: Vec<RawTransition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatus {
    code: String,
    kind: StatusKind,
    label: String,
    label_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTransition {
    action: String,
    label: String,
    label_en: String,
    from: Vec<String>,
    to: String,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    optional: Vec<String>,
    #[serde(default)]
    checks: Vec<Check>,
    #[serde(default)]
    assignee_only: bool,
    #[serde(default)]
    auto: bool,
    #[serde(default)]
    profiles: Vec<Profile>,
    #[serde(default)]
    stamp: Option<Stamp>,
    #[serde(default)]
    followup_only: bool,
}

fn broken(message: String) -> DeskError {
    DeskError::new(ErrorCode::LifecycleInvalid, message).rule("lifecycle")
}

/// Who is asking for a step, on which case.
#[derive(Debug, Clone)]
pub struct StepContext<'a> {
    pub profile: Profile,
    pub status: &'a str,
    pub actor_id: i64,
    pub actor_roles: &'a [Role],
    /// The case's current handler.
    pub handler_id: Option<i64>,
    /// The staff member complained about, as a user and/or as a typed name.
    pub staff_user_id: Option<i64>,
    pub staff_name: Option<&'a str>,
    /// The display name of the handler named in the step's fields, if any.
    pub new_handler_name: Option<&'a str>,
    /// Where the case's follow-up stands (for the closing rules).
    pub followup: FollowupContext,
}

/// The follow-up facts the closing rules need.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FollowupContext {
    /// The step is taken by recording a follow-up attempt.
    pub recording: bool,
    /// The open follow-up task has used up its attempts without reaching the customer.
    pub attempts_exhausted: bool,
}

/// What the lifecycle allowed: the transition and the role the actor takes it in.
#[derive(Debug, Clone, PartialEq)]
pub struct Allowed<'a> {
    pub transition: &'a TransitionDef,
    pub role: Role,
}

/// A field the UI must ask for when offering an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldSpec {
    pub name: StepField,
    pub kind: FieldKind,
    pub required: bool,
}

/// An action the current user may take on a case now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActionInfo {
    pub action: String,
    pub label: String,
    pub label_en: String,
    pub to: String,
    pub fields: Vec<FieldSpec>,
}

impl Lifecycle {
    /// The lifecycle the product ships, validated.
    pub fn default_lifecycle() -> DeskResult<Lifecycle> {
        Lifecycle::load(DEFAULT_LIFECYCLE)
    }

    /// Parses and validates lifecycle data; any problem is refused with a message naming it.
    pub fn load(text: &str) -> DeskResult<Lifecycle> {
        let raw: RawLifecycle = toml::from_str(text).map_err(|e| broken(format!("生命周期数据格式错误：{e}")))?;
        let mut codes = BTreeSet::new();
        for s in &raw.statuses {
            if !codes.insert(s.code.clone()) {
                return Err(broken(format!("状态“{}”重复定义", s.code)));
            }
        }
        let initials: Vec<&RawStatus> = raw.statuses.iter().filter(|s| s.kind == StatusKind::Initial).collect();
        if initials.len() != 1 {
            return Err(broken(format!("应当恰好有一个初始状态，现有 {} 个", initials.len())));
        }
        let mut actions = BTreeSet::new();
        let mut transitions = Vec::new();
        for t in raw.transitions {
            if !actions.insert(t.action.clone()) {
                return Err(broken(format!("动作“{}”重复定义", t.action)));
            }
            for s in t.from.iter().chain(std::iter::once(&t.to)) {
                if !codes.contains(s) {
                    return Err(broken(format!("动作“{}”引用了未知状态“{s}”", t.action)));
                }
            }
            if t.from.is_empty() {
                return Err(broken(format!("动作“{}”没有起始状态", t.action)));
            }
            if t.roles.is_empty() {
                return Err(broken(format!("动作“{}”没有指定可执行的角色", t.action)));
            }
            let mut roles = Vec::new();
            for r in &t.roles {
                let role = Role::parse(r).ok_or_else(|| broken(format!("动作“{}”引用了未知角色“{r}”", t.action)))?;
                roles.push(role);
            }
            if t.auto != (roles == [Role::System]) {
                return Err(broken(format!("动作“{}”：自动动作只能由 system 执行，system 也只能执行自动动作", t.action)));
            }
            let fields = |names: &[String]| -> DeskResult<Vec<StepField>> {
                names.iter().map(|n| StepField::parse(n).ok_or_else(|| broken(format!("动作“{}”引用了未知字段“{n}”", t.action)))).collect()
            };
            let requires = fields(&t.requires)?;
            let optional = fields(&t.optional)?;
            transitions.push(TransitionDef {
                action: t.action,
                label: t.label,
                label_en: t.label_en,
                from: t.from,
                to: t.to,
                roles,
                requires,
                optional,
                checks: t.checks,
                assignee_only: t.assignee_only,
                auto: t.auto,
                profiles: t.profiles,
                stamp: t.stamp,
                followup_only: t.followup_only,
            });
        }
        let statuses: Vec<StatusDef> =
            raw.statuses.into_iter().map(|s| StatusDef { code: s.code, kind: s.kind, label: s.label, label_en: s.label_en }).collect();
        let lifecycle = Lifecycle { name: raw.name, statuses, transitions };
        lifecycle.check_reachable()?;
        lifecycle.check_no_dead_ends()?;
        lifecycle.check_auto_unambiguous()?;
        Ok(lifecycle)
    }

    fn check_reachable(&self) -> DeskResult<()> {
        let start = self.initial();
        let mut seen = BTreeSet::from([start.to_string()]);
        let mut queue = VecDeque::from([start.to_string()]);
        while let Some(s) = queue.pop_front() {
            for t in self.transitions.iter().filter(|t| t.from.contains(&s)) {
                if seen.insert(t.to.clone()) {
                    queue.push_back(t.to.clone());
                }
            }
        }
        match self.statuses.iter().find(|s| !seen.contains(&s.code)) {
            Some(s) => Err(broken(format!("状态“{}”无法从初始状态到达", s.code))),
            None => Ok(()),
        }
    }

    fn check_no_dead_ends(&self) -> DeskResult<()> {
        for s in self.statuses.iter().filter(|s| s.kind != StatusKind::Inactive) {
            if !self.transitions.iter().any(|t| t.from.contains(&s.code)) {
                return Err(broken(format!("进行中的状态“{}”没有任何出口", s.code)));
            }
        }
        Ok(())
    }

    fn check_auto_unambiguous(&self) -> DeskResult<()> {
        let mut auto_from: HashMap<&str, &str> = HashMap::new();
        for t in self.transitions.iter().filter(|t| t.auto) {
            for f in &t.from {
                if let Some(other) = auto_from.insert(f, &t.action) {
                    return Err(broken(format!("状态“{f}”有两个自动动作：“{other}”和“{}”", t.action)));
                }
            }
        }
        Ok(())
    }

    pub fn initial(&self) -> &str {
        self.statuses.iter().find(|s| s.kind == StatusKind::Initial).map(|s| s.code.as_str()).unwrap_or("registered")
    }

    pub fn status(&self, code: &str) -> Option<&StatusDef> {
        self.statuses.iter().find(|s| s.code == code)
    }

    pub fn status_label(&self, code: &str) -> String {
        self.status(code).map(|s| s.label.clone()).unwrap_or_else(|| code.to_string())
    }

    /// Codes of the statuses of a given kind.
    pub fn statuses_of(&self, kind: StatusKind) -> Vec<String> {
        self.statuses.iter().filter(|s| s.kind == kind).map(|s| s.code.clone()).collect()
    }

    pub fn is_open(&self, code: &str) -> bool {
        self.status(code).is_some_and(|s| s.kind != StatusKind::Inactive)
    }

    /// The automatic transition the app takes on reaching `status`, if any.
    pub fn auto_from(&self, status: &str, profile: Profile) -> Option<&TransitionDef> {
        self.transitions.iter().find(|t| t.auto && t.from.iter().any(|f| f == status) && applies(t, profile))
    }

    /// Decides whether the actor may take `action` with `fields`; the reason names the rule when not.
    pub fn check<'a>(&'a self, ctx: &StepContext<'_>, action: &str, fields: &StepFields) -> DeskResult<Allowed<'a>> {
        let t = self.transition(action)?;
        if !t.from.iter().any(|f| f == ctx.status) {
            return Err(DeskError::new(
                ErrorCode::TransitionNotAllowed,
                format!("案件当前为“{}”，不能执行“{}”", self.status_label(ctx.status), t.label),
            )
            .rule(format!("transition.{action}.from")));
        }
        if !applies(t, ctx.profile) {
            return Err(DeskError::new(ErrorCode::ProfileMismatch, format!("“{}”不适用于当前业务类型", t.label))
                .rule(format!("transition.{action}.profiles")));
        }
        if t.auto {
            return Err(DeskError::new(ErrorCode::TransitionNotAllowed, format!("“{}”由系统自动执行", t.label))
                .rule(format!("transition.{action}.auto")));
        }
        if t.followup_only && !ctx.followup.recording {
            return Err(DeskError::new(ErrorCode::TransitionNotAllowed, format!("“{}”须通过登记回访结果完成", t.label))
                .rule(format!("transition.{action}.followup_only")));
        }
        let role = pick_role(t, ctx)?;
        self.check_fields(t, fields)?;
        for c in &t.checks {
            run_check(*c, ctx, fields)?;
        }
        Ok(Allowed { transition: t, role })
    }

    /// The step `action` when a holder of `roles` may take it on some case (which case is
    /// `check`'s to decide): a batch of steps is refused as a whole by the same words as one step.
    pub fn may_take(&self, action: &str, roles: &[Role]) -> DeskResult<&TransitionDef> {
        let t = self.transition(action)?;
        if t.roles.iter().any(|r| roles.contains(r)) {
            Ok(t)
        } else {
            Err(role_refusal(t))
        }
    }

    /// The part of `check` that is the same on every case: the step's required fields are
    /// given and every value given is well-formed.
    pub fn check_fields(&self, t: &TransitionDef, fields: &StepFields) -> DeskResult<()> {
        for f in &t.requires {
            if !fields.has(*f) {
                return Err(DeskError::required(f.name(), f.label()).rule(format!("transition.{}.requires.{}", t.action, f.name())));
            }
        }
        fields.validate()
    }

    fn transition(&self, action: &str) -> DeskResult<&TransitionDef> {
        self.transitions.iter().find(|t| t.action == action).ok_or_else(|| {
            DeskError::new(ErrorCode::TransitionNotAllowed, format!("没有“{action}”这个动作")).rule(format!("transition.{action}"))
        })
    }

    /// The actions the actor may offer on a case now (role and assignee rules met; fields not yet given).
    pub fn available(&self, ctx: &StepContext<'_>) -> Vec<ActionInfo> {
        self.transitions
            .iter()
            .filter(|t| !t.auto && !t.followup_only && t.from.iter().any(|f| f == ctx.status) && applies(t, ctx.profile))
            .filter(|t| ctx.followup.attempts_exhausted || !t.checks.contains(&Check::FollowupExhausted))
            .filter(|t| pick_role(t, ctx).is_ok())
            .map(|t| ActionInfo {
                action: t.action.clone(),
                label: t.label.clone(),
                label_en: t.label_en.clone(),
                to: t.to.clone(),
                fields: t
                    .requires
                    .iter()
                    .map(|f| FieldSpec { name: *f, kind: f.kind(), required: true })
                    .chain(t.optional.iter().map(|f| FieldSpec { name: *f, kind: f.kind(), required: false }))
                    .collect(),
            })
            .collect()
    }
}

fn applies(t: &TransitionDef, profile: Profile) -> bool {
    t.profiles.is_empty() || t.profiles.contains(&profile)
}

/// The role the actor takes the step in: one the transition allows and, for handler steps on an
/// assignee-only transition, only when the actor is the case's handler.
fn pick_role(t: &TransitionDef, ctx: &StepContext<'_>) -> DeskResult<Role> {
    let held: Vec<Role> = t.roles.iter().copied().filter(|r| ctx.actor_roles.contains(r)).collect();
    if held.is_empty() {
        return Err(role_refusal(t));
    }
    let is_assignee = ctx.handler_id == Some(ctx.actor_id);
    held.iter().copied().find(|r| !(t.assignee_only && *r == Role::Handler && !is_assignee)).ok_or_else(|| {
        DeskError::new(ErrorCode::NotAssignee, format!("只有本案的处理人才能执行“{}”", t.label))
            .rule(format!("transition.{}.assignee_only", t.action))
    })
}

/// The refusal of a step to someone who holds none of its roles.
fn role_refusal(t: &TransitionDef) -> DeskError {
    let names: Vec<&str> = t.roles.iter().map(|r| r.code()).collect();
    DeskError::new(ErrorCode::RoleNotAllowed, format!("“{}”需要以下角色之一：{}", t.label, names.join("、")))
        .rule(format!("transition.{}.roles", t.action))
}

/// 回避: whether a handler (by user, or by name) is the staff member complained about (by user,
/// or by the name recorded). Checked when a case is assigned, and again when a correction
/// changes the staff member of an assigned case.
pub fn recused(handler_id: Option<i64>, handler_name: Option<&str>, staff_user_id: Option<i64>, staff_name: Option<&str>) -> bool {
    let by_id = handler_id.is_some() && handler_id == staff_user_id;
    let by_name = match (handler_name, staff_name) {
        (Some(h), Some(s)) => !s.trim().is_empty() && h.trim() == s.trim(),
        _ => false,
    };
    by_id || by_name
}

fn run_check(check: Check, ctx: &StepContext<'_>, fields: &StepFields) -> DeskResult<()> {
    match check {
        Check::Recusal => {
            if recused(fields.handler_id, ctx.new_handler_name, ctx.staff_user_id, ctx.staff_name) {
                return Err(DeskError::new(ErrorCode::Recusal, "处理人是被投诉的员工本人，须回避，请另选处理人")
                    .field("handler_id")
                    .rule("recusal"));
            }
            Ok(())
        }
        Check::FollowupSatisfied => {
            let score = fields.satisfaction.unwrap_or(0);
            if score <= 2 || fields.solved == Some(false) {
                return Err(DeskError::new(ErrorCode::FollowupUnsatisfied, "客户不满意（2 分及以下）或问题未解决，不能结案，请重开案件")
                    .field(if score <= 2 { "satisfaction" } else { "solved" })
                    .rule("followup_satisfied"));
            }
            Ok(())
        }
        Check::FollowupExhausted => {
            if !ctx.followup.attempts_exhausted {
                return Err(DeskError::new(ErrorCode::TransitionNotAllowed, "还没有用完规定的回访次数，不能按无法联系结案")
                    .rule("followup_exhausted"));
            }
            Ok(())
        }
    }
}
