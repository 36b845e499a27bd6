//! Follow-up calls (回访, SPEC §6) as pure rules: the desk's settings, what a recorded attempt
//! leads to, the retry and further-follow-up schedules, call scripts with placeholders, and the
//! repeat-complainant rule. Time is passed in.
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::types::{ContactMethod, Profile};
use super::{DeskError, DeskResult};

/// How many days back a complaint from the same phone makes the customer a repeat complainant.
pub const REPEAT_WINDOW_DAYS: i64 = 90;

/// What a dissatisfied or unsolved follow-up does to the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum UnsatisfiedAction {
    /// Back to its handler (status 重开, handler kept); the supervisor's queue shows it.
    Reopen,
    /// To the supervisor: reopened without a handler and one escalation level higher.
    Escalate,
}

/// The desk's follow-up settings (an admin changes them; defaults below).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowupSettings {
    /// Hours from the response to the first follow-up, where the rule pack has no follow-up clock
    /// (the property packs have one: 48 h).
    pub due_hours: u32,
    /// Attempts without reaching the customer after which the case may close as unreachable.
    pub max_attempts: u32,
    /// Hours between an unanswered attempt and the next one.
    pub retry_hours: u32,
    pub on_unsatisfied: UnsatisfiedAction,
    /// Categories whose cases are complex: further follow-ups after closing.
    pub complex_categories: Vec<String>,
    /// Days after closing on which a complex case is called again (ascending).
    pub complex_schedule_days: Vec<u32>,
}

impl Default for FollowupSettings {
    fn default() -> Self {
        FollowupSettings {
            due_hours: 72,
            max_attempts: 3,
            retry_hours: 24,
            on_unsatisfied: UnsatisfiedAction::Reopen,
            complex_categories: Vec::new(),
            complex_schedule_days: vec![7, 30],
        }
    }
}

impl FollowupSettings {
    /// Refuses values outside the ranges a desk can work with, naming the field.
    pub fn validate(&self) -> DeskResult<()> {
        let range = |v: u32, lo: u32, hi: u32, field: &str, label: &str| -> DeskResult<()> {
            if v < lo || v > hi {
                return Err(DeskError::invalid(field, format!("“{label}”应在 {lo} 到 {hi} 之间")).rule(format!("followup.{field}.range")));
            }
            Ok(())
        };
        range(self.due_hours, 1, 720, "due_hours", "回访时限（小时）")?;
        range(self.max_attempts, 1, 10, "max_attempts", "最多尝试次数")?;
        range(self.retry_hours, 1, 168, "retry_hours", "重试间隔（小时）")?;
        if self.complex_schedule_days.len() > 5 {
            return Err(DeskError::invalid("complex_schedule_days", "跟踪回访最多安排 5 次").rule("followup.complex_schedule_days.count"));
        }
        let mut last = 0;
        for d in &self.complex_schedule_days {
            if *d == 0 || *d > 365 || *d <= last {
                return Err(DeskError::invalid("complex_schedule_days", "跟踪回访天数应为 1 到 365 之间、从小到大的不同天数")
                    .rule("followup.complex_schedule_days.order"));
            }
            last = *d;
        }
        Ok(())
    }

    /// Whether a case of `category` (or one a handler marked complex) gets further follow-ups.
    pub fn is_complex(&self, category: &str, marked: bool) -> bool {
        marked || self.complex_categories.iter().any(|c| c == category)
    }

    /// Due times of the further follow-ups of a complex case closed at `closed_at`.
    pub fn further_dues(&self, closed_at: DateTime<Utc>) -> Vec<DateTime<Utc>> {
        self.complex_schedule_days.iter().map(|d| closed_at + Duration::days(i64::from(*d))).collect()
    }
}

/// One call (or SMS, e-mail, visit) to the customer, as the follow-up clerk records it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export, optional_fields)]
pub struct AttemptInput {
    pub method: Option<ContactMethod>,
    pub reached: bool,
    /// Length of the call in minutes.
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub duration_minutes: Option<i64>,
    /// 1–5, when reached.
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub satisfaction: Option<i64>,
    /// Whether the problem is solved, when reached.
    #[serde(default)]
    pub solved: Option<bool>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub suggestion: Option<String>,
    /// The case version the clerk saw; a newer one refuses the attempt as a conflict.
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub expected_version: Option<i64>,
}

/// What an attempt leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AttemptOutcome {
    /// Reached, score 3–5 and solved: the task is done (the first one closes the case).
    Satisfied,
    /// Reached, score 1–2 or not solved: the case is reopened or escalated.
    Unsatisfied,
    /// Not reached; another attempt is scheduled.
    Retry,
    /// Not reached, and that was the last allowed attempt: the case may close as unreachable.
    Exhausted,
}

impl AttemptOutcome {
    pub fn code(self) -> &'static str {
        match self {
            AttemptOutcome::Satisfied => "satisfied",
            AttemptOutcome::Unsatisfied => "unsatisfied",
            AttemptOutcome::Retry => "retry",
            AttemptOutcome::Exhausted => "exhausted",
        }
    }
}

/// The attempt's text fields trimmed, empty ones dropped.
fn clean_text(value: &Option<String>, field: &str, label: &str) -> DeskResult<Option<String>> {
    let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.chars().count() > 2000 || v.contains('\0') {
        return Err(DeskError::invalid(field, format!("“{label}”最多 2000 字，且不能含空字符")).rule("text.format"));
    }
    Ok(Some(v.to_string()))
}

/// A checked attempt: what was given, cleaned, and what it leads to.
#[derive(Debug, Clone, PartialEq)]
pub struct JudgedAttempt {
    pub method: ContactMethod,
    pub reached: bool,
    pub duration_minutes: Option<i64>,
    pub satisfaction: Option<i64>,
    pub solved: Option<bool>,
    pub comment: Option<String>,
    pub suggestion: Option<String>,
    pub outcome: AttemptOutcome,
    /// The attempt's number on its task (1 for the first).
    pub number: u32,
    /// When the next attempt is due (after `Retry`).
    pub next_attempt_at: Option<DateTime<Utc>>,
}

/// Checks an attempt and decides what it leads to. `attempts_before` counts the task's earlier
/// attempts, reached or not.
pub fn judge(input: &AttemptInput, attempts_before: u32, settings: &FollowupSettings, now: DateTime<Utc>) -> DeskResult<JudgedAttempt> {
    let method = input.method.ok_or_else(|| DeskError::required("method", "回访方式"))?;
    if let Some(d) = input.duration_minutes {
        if !(0..=600).contains(&d) {
            return Err(DeskError::invalid("duration_minutes", "通话时长应在 0 到 600 分钟之间").rule("followup.duration.range"));
        }
    }
    let comment = clean_text(&input.comment, "comment", "客户意见")?;
    let suggestion = clean_text(&input.suggestion, "suggestion", "客户建议")?;
    let number = attempts_before + 1;
    let (outcome, next_attempt_at) = if input.reached {
        let score = input.satisfaction.ok_or_else(|| DeskError::required("satisfaction", "满意度"))?;
        if !(1..=5).contains(&score) {
            return Err(DeskError::invalid("satisfaction", "满意度应为 1 到 5 分").rule("satisfaction.range"));
        }
        let solved = input.solved.ok_or_else(|| DeskError::required("solved", "问题是否解决"))?;
        (if score <= 2 || !solved { AttemptOutcome::Unsatisfied } else { AttemptOutcome::Satisfied }, None)
    } else {
        if input.satisfaction.is_some() || input.solved.is_some() {
            return Err(DeskError::invalid("satisfaction", "未联系上客户时不能填写满意度或是否解决").rule("followup.not_reached.no_score"));
        }
        if number >= settings.max_attempts {
            (AttemptOutcome::Exhausted, None)
        } else {
            (AttemptOutcome::Retry, Some(now + Duration::hours(i64::from(settings.retry_hours))))
        }
    };
    Ok(JudgedAttempt {
        method,
        reached: input.reached,
        duration_minutes: input.duration_minutes,
        satisfaction: input.satisfaction.filter(|_| input.reached),
        solved: input.solved.filter(|_| input.reached),
        comment,
        suggestion,
        outcome,
        number,
        next_attempt_at,
    })
}

/// The placeholders a call script may use, with what they stand for.
pub const SCRIPT_PLACEHOLDERS: &[(&str, &str)] = &[
    ("customer_name", "客户姓名"),
    ("case_number", "案件编号"),
    ("subject", "投诉事由"),
    ("decision", "处理结果"),
    ("remedy", "补救措施"),
    ("handler", "处理人"),
    ("org", "机构名称"),
    ("responded_date", "答复日期"),
];

/// The values a script's placeholders are filled with.
#[derive(Debug, Clone, Default)]
pub struct ScriptValues {
    pub customer_name: String,
    pub case_number: String,
    pub subject: String,
    pub decision: String,
    pub remedy: String,
    pub handler: String,
    pub org: String,
    pub responded_date: String,
}

impl ScriptValues {
    fn get(&self, key: &str) -> Option<&str> {
        Some(match key {
            "customer_name" => &self.customer_name,
            "case_number" => &self.case_number,
            "subject" => &self.subject,
            "decision" => &self.decision,
            "remedy" => &self.remedy,
            "handler" => &self.handler,
            "org" => &self.org,
            "responded_date" => &self.responded_date,
            _ => return None,
        })
    }
}

/// The `{name}` placeholders of a script, in order; `Err` names the first unknown or unclosed one.
fn placeholders(template: &str) -> Result<Vec<(usize, usize, &str)>, String> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(open) = template[rest..].find('{').map(|i| i + rest) {
        let Some(close) = template[open..].find('}').map(|i| i + open) else {
            return Err("“{”没有配对的“}”".to_string());
        };
        let name = &template[open + 1..close];
        if !SCRIPT_PLACEHOLDERS.iter().any(|(k, _)| *k == name) {
            return Err(format!("未知的占位符 {{{name}}}"));
        }
        out.push((open, close + 1, name));
        rest = close + 1;
    }
    Ok(out)
}

/// Checks a script an admin typed: not empty, at most 4000 characters, known placeholders only.
pub fn validate_script(template: &str) -> DeskResult<String> {
    let t = template.trim();
    if t.is_empty() {
        return Err(DeskError::required("text", "回访话术"));
    }
    if t.chars().count() > 4000 || t.contains('\0') {
        return Err(DeskError::invalid("text", "回访话术最多 4000 字，且不能含空字符").rule("text.format"));
    }
    placeholders(t).map_err(|why| DeskError::invalid("text", format!("回访话术有误：{why}")).rule("script.placeholders"))?;
    Ok(t.to_string())
}

/// The script with its placeholders filled; an empty value shows as “（未填写）”.
pub fn render_script(template: &str, values: &ScriptValues) -> String {
    let Ok(found) = placeholders(template) else {
        return template.to_string();
    };
    let mut out = String::with_capacity(template.len() + 64);
    let mut last = 0;
    for (start, end, name) in found {
        out.push_str(&template[last..start]);
        let v = values.get(name).unwrap_or_default();
        out.push_str(if v.trim().is_empty() { "（未填写）" } else { v });
        last = end;
    }
    out.push_str(&template[last..]);
    out
}

/// The shipped zh-CN scripts of a profile: (category or "" for the default, text).
pub fn shipped_scripts(profile: Profile) -> DeskResult<Vec<(String, String)>> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Raw {
        default: String,
        #[serde(default)]
        categories: std::collections::BTreeMap<String, String>,
    }
    let text = match profile {
        Profile::Property => include_str!("../../data/scripts-property.toml"),
        Profile::Insurance => include_str!("../../data/scripts-insurance.toml"),
    };
    let raw: Raw = toml::from_str(text).map_err(|e| DeskError::new(super::ErrorCode::Invalid, format!("回访话术数据有误：{e}")))?;
    let mut out = vec![(String::new(), validate_script(&raw.default)?)];
    for (category, script) in raw.categories {
        out.push((category, validate_script(&script)?));
    }
    Ok(out)
}

/// Whether a complaint received at `received_at` comes from a repeat complainant: another
/// complaint from the same phone was received in the 90 days before it.
pub fn is_repeat(received_at: DateTime<Utc>, earlier_same_phone: &[DateTime<Utc>]) -> bool {
    earlier_same_phone.iter().any(|t| *t <= received_at && received_at - *t <= Duration::days(REPEAT_WINDOW_DAYS))
}

/// Where a follow-up task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TaskState {
    /// Waiting for a call (the first, or a retry).
    Open,
    /// Every allowed attempt went unanswered: the case may close as unreachable.
    Exhausted,
    /// The customer was reached and satisfied.
    Done,
    /// The customer was reached and not satisfied: the case went back to handling.
    Reopened,
    /// Closed as unreachable after the set attempts.
    Unreachable,
    /// The case left the follow-up another way (withdrawn, reopened, closed by a supervisor, review).
    Cancelled,
}

impl TaskState {
    pub fn code(self) -> &'static str {
        match self {
            TaskState::Open => "open",
            TaskState::Exhausted => "exhausted",
            TaskState::Done => "done",
            TaskState::Reopened => "reopened",
            TaskState::Unreachable => "unreachable",
            TaskState::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<TaskState> {
        [TaskState::Open, TaskState::Exhausted, TaskState::Done, TaskState::Reopened, TaskState::Unreachable, TaskState::Cancelled]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// Still waiting for the follow-up clerk.
    pub fn is_pending(self) -> bool {
        matches!(self, TaskState::Open | TaskState::Exhausted)
    }
}

/// A follow-up a case needs: the first after a response (round 1), or a further one after
/// closing a complex case (round 2 and on).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowupTask {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub case_id: i64,
    pub round: u32,
    pub due_at: DateTime<Utc>,
    pub next_attempt_at: DateTime<Utc>,
    pub attempts: u32,
    pub state: TaskState,
    pub created_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
}

/// One recorded attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowupAttempt {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub task_id: i64,
    pub number: u32,
    pub at: DateTime<Utc>,
    #[ts(type = "number")]
    pub by_user: i64,
    pub by_name: Option<String>,
    pub method: ContactMethod,
    pub reached: bool,
    #[ts(type = "number | null")]
    pub duration_minutes: Option<i64>,
    #[ts(type = "number | null")]
    pub satisfaction: Option<i64>,
    pub solved: Option<bool>,
    pub comment: Option<String>,
    pub suggestion: Option<String>,
    pub outcome: AttemptOutcome,
}

impl AttemptOutcome {
    pub fn parse(code: &str) -> Option<AttemptOutcome> {
        [AttemptOutcome::Satisfied, AttemptOutcome::Unsatisfied, AttemptOutcome::Retry, AttemptOutcome::Exhausted]
            .into_iter()
            .find(|o| o.code() == code)
    }
}

/// Follow-up figures of a cohort of cases (the dashboard shows them; SPEC §7 满意度).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowupFigures {
    /// Follow-up tasks of the cases, not cancelled.
    pub tasks: i64,
    /// Of those, the ones with a result (the customer reached: satisfied or not).
    pub completed: i64,
    /// completed ÷ tasks; none when there are no tasks.
    pub completion_rate: Option<f64>,
    /// Attempts made on them, and how many reached the customer.
    pub attempts: i64,
    pub reached: i64,
    /// reached ÷ attempts.
    pub reached_rate: Option<f64>,
    /// Mean satisfaction of the reached attempts.
    pub mean_score: Option<f64>,
    /// Reached attempts scoring 4 or 5 ÷ reached attempts.
    pub share_4_5: Option<f64>,
    /// Tasks whose call found the customer not satisfied (the case was reopened).
    pub reopened: i64,
}

/// The ratio `num ÷ den`, none for an empty denominator.
pub fn ratio(num: i64, den: i64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 6, 2, 0, 0).unwrap()
    }

    #[test]
    fn script_placeholders_fill_and_unknown_ones_are_refused() {
        let values = ScriptValues { customer_name: "王女士".into(), case_number: "TS-2026-000001".into(), ..Default::default() };
        assert_eq!(
            render_script("{customer_name}您好，关于 {case_number}：{decision}", &values),
            "王女士您好，关于 TS-2026-000001：（未填写）"
        );
        let err = validate_script("您好 {name}").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("text"));
        assert!(err.message.contains("{name}"), "{}", err.message);
        assert!(validate_script("您好 {customer_name").is_err());
        assert!(validate_script("  ").is_err());
    }

    #[test]
    fn shipped_scripts_are_valid_for_both_profiles() {
        for p in [Profile::Property, Profile::Insurance] {
            let scripts = shipped_scripts(p).unwrap();
            assert_eq!(scripts[0].0, "", "the first script is the default");
            assert!(scripts.len() > 1, "{p:?} ships category scripts");
        }
    }

    #[test]
    fn settings_ranges_name_the_field() {
        let mut s = FollowupSettings::default();
        s.validate().unwrap();
        s.max_attempts = 0;
        assert_eq!(s.validate().unwrap_err().field.as_deref(), Some("max_attempts"));
        let s = FollowupSettings { complex_schedule_days: vec![30, 7], ..Default::default() };
        assert_eq!(s.validate().unwrap_err().field.as_deref(), Some("complex_schedule_days"));
    }

    #[test]
    fn repeat_window_is_ninety_days_back() {
        let t = now();
        assert!(is_repeat(t, &[t - Duration::days(90)]));
        assert!(!is_repeat(t, &[t - Duration::days(91)]));
        assert!(!is_repeat(t, &[t + Duration::days(1)]), "a later complaint does not make an earlier one a repeat");
        assert!(!is_repeat(t, &[]));
    }

    #[test]
    fn judge_rejects_a_score_without_reaching_the_customer() {
        let input = AttemptInput { method: Some(ContactMethod::Phone), reached: false, satisfaction: Some(5), ..Default::default() };
        let err = judge(&input, 0, &FollowupSettings::default(), now()).unwrap_err();
        assert_eq!(err.rule.as_deref(), Some("followup.not_reached.no_score"));
    }
}
