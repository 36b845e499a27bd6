//! The case (SPEC §3): what intake takes, what is stored, and the intake rules.
use chrono::{DateTime, Datelike, Duration, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::catalog::{has_code, Classification};
use super::deadline::feed::DueState;
use super::error::{DeskError, DeskResult};
use super::types::{CaseKind, Channel, Claim, Mood, Profile, Referral, Role, Severity, Urgency};

pub const MAX_DESCRIPTION: usize = 20_000;
pub const MAX_SUBJECT: usize = 200;
const MAX_SHORT: usize = 200;

/// The desk's zone until the settings page has one: China Standard Time (no daylight saving).
pub fn desk_zone() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// What the intake form sends.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export, optional_fields)]
pub struct CaseInput {
    /// Anonymous: recorded as feedback, with no customer and no regulatory clock.
    pub anonymous: bool,
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    pub customer_id_number: Option<String>,
    pub customer_org: Option<String>,
    pub channel: Option<Channel>,
    pub regulator_name: Option<String>,
    pub regulator_received_at: Option<DateTime<Utc>>,
    /// When the organisation received it; empty means now.
    pub received_at: Option<DateTime<Utc>>,
    pub subject: Option<String>,
    pub description: Option<String>,
    pub claim: Option<Claim>,
    pub claim_detail: Option<String>,
    pub category: Option<String>,
    pub subcategory: Option<String>,
    pub severity: Option<Severity>,
    pub urgency: Option<Urgency>,
    pub mood: Option<Mood>,
    pub business_line: Option<String>,
    pub product: Option<String>,
    pub policy_number: Option<String>,
    pub cause_channel: Option<String>,
    pub cause_business: Option<String>,
    pub cause_reason: Option<String>,
    pub project: Option<String>,
    pub building: Option<String>,
    pub unit: Option<String>,
    pub referral: Option<Referral>,
    #[ts(optional, type = "number")]
    pub staff_user_id: Option<i64>,
    pub staff_name: Option<String>,
    /// Another deadline rule pack than the profile's (e.g. `pboc-2020` for a complaint
    /// transferred by the central bank).
    pub rule_pack: Option<String>,
}

/// A stored case with every field of SPEC §3.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Case {
    #[ts(type = "number")]
    pub id: i64,
    pub number: String,
    pub kind: CaseKind,
    pub profile: Profile,
    pub status: String,
    pub escalation: u8,
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    pub customer_id_number: Option<String>,
    pub customer_org: Option<String>,
    pub channel: Channel,
    pub regulator_name: Option<String>,
    pub regulator_received_at: Option<DateTime<Utc>>,
    pub received_at: DateTime<Utc>,
    pub registered_at: DateTime<Utc>,
    #[ts(type = "number")]
    pub registered_by: i64,
    pub subject: String,
    pub description: String,
    pub claim: Claim,
    pub claim_detail: Option<String>,
    pub category: String,
    pub subcategory: Option<String>,
    pub severity: Severity,
    pub urgency: Urgency,
    pub mood: Mood,
    pub business_line: Option<String>,
    pub product: Option<String>,
    pub policy_number: Option<String>,
    pub cause_channel: Option<String>,
    pub cause_business: Option<String>,
    pub cause_reason: Option<String>,
    pub project: Option<String>,
    pub building: Option<String>,
    pub unit: Option<String>,
    pub referral: Option<Referral>,
    #[ts(type = "number | null")]
    pub staff_user_id: Option<i64>,
    pub staff_name: Option<String>,
    pub department: Option<String>,
    #[ts(type = "number | null")]
    pub handler_id: Option<i64>,
    pub facts: Option<String>,
    pub decision_basis: Option<String>,
    pub outcome: Option<String>,
    pub remedy: Option<String>,
    #[ts(type = "number | null")]
    pub compensation_cents: Option<i64>,
    #[ts(type = "number | null")]
    pub staff_minutes: Option<i64>,
    pub root_cause_code: Option<String>,
    pub root_cause_text: Option<String>,
    pub improvement: Option<String>,
    #[ts(type = "number | null")]
    pub satisfaction: Option<i64>,
    pub solved: Option<bool>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub responded_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    #[ts(type = "number")]
    pub version: i64,
    /// The deadline rule pack (none: the profile's default).
    pub rule_pack: Option<String>,
    /// The earliest due time of the desk's running clocks, and where they stand.
    pub due_at: Option<DateTime<Utc>>,
    pub due_state: Option<DueState>,
    /// Further follow-ups after closing (the category's setting or the handler's choice).
    pub followup_complex: bool,
    /// Another complaint came from the same phone in the 90 days before this one.
    pub repeat_complainant: bool,
    /// Whether the last decision sent met its deadline (none: not sent, or no such clock).
    pub responded_on_time: Option<bool>,
}

/// A new case, checked and ready to store (number, status and id are given by the store).
#[derive(Debug, Clone, PartialEq)]
pub struct NewCase {
    pub kind: CaseKind,
    pub profile: Profile,
    pub input: CaseInput,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    pub subject: String,
    pub description: String,
    pub claim: Claim,
    pub category: String,
    pub severity: Severity,
    pub urgency: Urgency,
    pub mood: Mood,
}

/// The prefix of a readable case number: 投诉 TS for complaints, 反馈 FK for feedback.
pub fn number_prefix(kind: CaseKind) -> &'static str {
    match kind {
        CaseKind::Complaint => "TS",
        CaseKind::Feedback => "FK",
    }
}

/// `TS-2026-000123`: readable over the phone, unique per prefix and year.
pub fn format_number(kind: CaseKind, year: i32, seq: i64) -> String {
    format!("{}-{year}-{seq:06}", number_prefix(kind))
}

/// The year a case number counts in: the desk's local year of registration.
pub fn number_year(registered_at: DateTime<Utc>) -> i32 {
    registered_at.with_timezone(&desk_zone()).year()
}

fn trimmed(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Text as a clerk may save it: at most `max` characters, no NUL and no control characters
/// other than line breaks and tabs (a pasted terminal colour code or bell is never meant).
/// Everything else, markup, emoji, any script, is kept verbatim: the UI shows it as text.
pub fn check_text(field: &str, label: &str, value: &str, max: usize) -> DeskResult<()> {
    if value.chars().count() > max {
        return Err(DeskError::invalid(field, format!("“{label}”最多 {max} 字，现有 {} 字", value.chars().count())).rule("text.max_length"));
    }
    if value.chars().any(|c| c == '\0' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))) {
        return Err(DeskError::invalid(field, format!("“{label}”含有不可见的控制字符，请删除后再保存")).rule("text.control"));
    }
    Ok(())
}

/// The Unicode controls that force a direction (LRE RLE PDF LRO RLO, LRI RLI FSI PDI).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A one-line label (a name, a subject, a file name) shown in lists and documents: as
/// `check_text`, and no direction override, which can make `陈女士` read as something else or
/// `发票\u{202E}fdp.exe` look like a PDF. Arabic and Hebrew need no override and are kept.
pub fn check_label(field: &str, label: &str, value: &str, max: usize) -> DeskResult<()> {
    check_text(field, label, value, max)?;
    if value.chars().any(is_bidi_control) {
        return Err(DeskError::invalid(field, format!("“{label}”含有改变文字方向的控制字符，请删除后再保存")).rule("text.bidi"));
    }
    Ok(())
}

/// A phone number: digits with optional +, spaces, dashes and brackets; 5 to 20 digits.
pub fn normalize_phone(raw: &str) -> DeskResult<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let allowed = raw.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'));
    if !allowed || !(5..=20).contains(&digits.len()) {
        return Err(DeskError::invalid("customer_phone", "电话号码应为 5 到 20 位数字，可含 + - 空格和括号").rule("phone.format"));
    }
    let plus = if raw.trim_start().starts_with('+') { "+" } else { "" };
    Ok(format!("{plus}{digits}"))
}

/// An ID number (证件号码): 6 to 30 letters or digits, kept in capitals.
pub fn normalize_id_number(raw: &str) -> DeskResult<String> {
    let id = raw.trim();
    if !(6..=30).contains(&id.len()) || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(DeskError::invalid("customer_id_number", "证件号码应为 6 到 30 位字母或数字").rule("id_number.format"));
    }
    Ok(id.to_ascii_uppercase())
}

/// Checks intake input against the profile's rules. `now` is passed in; nothing is read from a clock.
pub fn validate_intake(input: &CaseInput, profile: Profile, tree: &Classification, now: DateTime<Utc>) -> DeskResult<NewCase> {
    let mut input = input.clone();
    let kind = if input.anonymous { CaseKind::Feedback } else { CaseKind::Complaint };
    if input.anonymous {
        input.customer_name = None;
        input.customer_phone = None;
        input.customer_id_number = None;
    } else {
        let name = trimmed(&input.customer_name).ok_or_else(|| DeskError::required("customer_name", "客户姓名"))?;
        check_label("customer_name", "客户姓名", &name, 50)?;
        input.customer_name = Some(name);
        let phone = trimmed(&input.customer_phone).ok_or_else(|| DeskError::required("customer_phone", "联系电话"))?;
        input.customer_phone = Some(normalize_phone(&phone)?);
        input.customer_id_number = match trimmed(&input.customer_id_number) {
            Some(id) => Some(normalize_id_number(&id)?),
            None => None,
        };
    }
    let channel = input.channel.ok_or_else(|| DeskError::required("channel", "投诉渠道"))?;
    let received_at = input.received_at.unwrap_or(now);
    if received_at > now + Duration::minutes(5) {
        return Err(DeskError::invalid("received_at", "收到时间不能晚于现在").rule("received_at.not_future"));
    }
    if received_at < now - Duration::days(366 * 5) {
        return Err(DeskError::invalid("received_at", "收到时间不能早于五年前").rule("received_at.too_old"));
    }
    if channel == Channel::Regulator {
        if trimmed(&input.regulator_name).is_none() {
            return Err(DeskError::required("regulator_name", "转送监管机构"));
        }
        let at = input.regulator_received_at.ok_or_else(|| DeskError::required("regulator_received_at", "监管机构收件日期"))?;
        if at > now + Duration::minutes(5) {
            return Err(
                DeskError::invalid("regulator_received_at", "监管机构收件日期不能晚于现在").rule("regulator_received_at.not_future")
            );
        }
        if at < now - Duration::days(366 * 5) {
            return Err(
                DeskError::invalid("regulator_received_at", "监管机构收件日期不能早于五年前").rule("regulator_received_at.too_old")
            );
        }
    } else {
        input.regulator_name = None;
        input.regulator_received_at = None;
    }
    let subject = trimmed(&input.subject).ok_or_else(|| DeskError::required("subject", "投诉主题"))?;
    check_label("subject", "投诉主题", &subject, MAX_SUBJECT)?;
    let description = input
        .description
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string)
        .ok_or_else(|| DeskError::required("description", "投诉内容"))?;
    check_text("description", "投诉内容", &description, MAX_DESCRIPTION)?;
    let claim = input.claim.ok_or_else(|| DeskError::required("claim", "客户诉求"))?;
    let category = trimmed(&input.category).ok_or_else(|| DeskError::required("category", "投诉类别"))?;
    if tree.category(&category).is_none() {
        return Err(DeskError::invalid("category", format!("“{category}”不是本业务类型的投诉类别")).rule("category.known"));
    }
    input.subcategory = trimmed(&input.subcategory);
    if let Some(sub) = &input.subcategory {
        if !tree.has_subcategory(&category, sub) {
            return Err(DeskError::invalid("subcategory", "子类别不属于所选类别").rule("subcategory.in_category"));
        }
    }
    for (field, label, value) in [
        ("customer_org", "客户单位", &input.customer_org),
        ("claim_detail", "诉求说明", &input.claim_detail),
        ("product", "产品名称", &input.product),
        ("policy_number", "保单号", &input.policy_number),
        ("project", "项目（小区）", &input.project),
        ("building", "楼栋", &input.building),
        ("unit", "单元/房号", &input.unit),
        ("staff_name", "被投诉员工", &input.staff_name),
        ("regulator_name", "转送监管机构", &input.regulator_name),
    ] {
        if let Some(v) = value {
            if field == "claim_detail" {
                check_text(field, label, v, MAX_DESCRIPTION)?;
            } else {
                check_label(field, label, v, MAX_SHORT)?;
            }
        }
    }
    match profile {
        Profile::Insurance => {
            let line = trimmed(&input.business_line).ok_or_else(|| DeskError::required("business_line", "业务险种"))?;
            if !has_code(&tree.business_lines, &line) {
                return Err(DeskError::invalid("business_line", "未知的业务险种").rule("business_line.known"));
            }
            for (field, label, list, value) in [
                ("cause_channel", "渠道代码", &tree.cause_channels, &input.cause_channel),
                ("cause_business", "业务类型代码", &tree.cause_businesses, &input.cause_business),
                ("cause_reason", "投诉原因代码", &tree.cause_reasons, &input.cause_reason),
            ] {
                if let Some(code) = trimmed(value) {
                    if !has_code(list, &code) {
                        return Err(DeskError::invalid(field, format!("未知的{label}“{code}”")).rule(format!("{field}.known")));
                    }
                }
            }
            input.project = None;
            input.building = None;
            input.unit = None;
            input.referral = None;
        }
        Profile::Property => {
            if trimmed(&input.project).is_none() {
                return Err(DeskError::required("project", "项目（小区）"));
            }
            input.business_line = None;
            input.product = None;
            input.policy_number = None;
            input.cause_channel = None;
            input.cause_business = None;
            input.cause_reason = None;
        }
    }
    let mood = input.mood.unwrap_or(Mood::Calm);
    let urgency = mood.raise(input.urgency.unwrap_or(Urgency::Normal));
    Ok(NewCase {
        kind,
        profile,
        channel,
        received_at,
        subject,
        description,
        claim,
        category,
        severity: input.severity.unwrap_or(Severity::Ordinary),
        urgency,
        mood,
        input,
    })
}

/// A user of the desk, with one or more roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct User {
    #[ts(type = "number")]
    pub id: i64,
    pub login: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub department: Option<String>,
    pub active: bool,
}

/// One line of the case list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseRow {
    #[ts(type = "number")]
    pub id: i64,
    pub number: String,
    pub kind: CaseKind,
    pub status: String,
    pub subject: String,
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    pub channel: Channel,
    pub category: String,
    pub urgency: Urgency,
    pub escalation: u8,
    pub received_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub department: Option<String>,
    /// 项目（小区）and 楼栋 of a property case (optional columns of the list).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub building: Option<String>,
    #[ts(type = "number | null")]
    pub handler_id: Option<i64>,
    pub handler_name: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub due_state: Option<DueState>,
    /// The due time was counted without holiday data for its year (weekends only): an estimate.
    pub due_estimated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SortKey {
    #[default]
    ReceivedAt,
    UpdatedAt,
    Number,
    Escalation,
    /// Earliest due first; lists only the cases that have a due time.
    DueAt,
}

/// Filters, sort and page of the case list. Dates are the desk's local calendar days, inclusive.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export, optional_fields)]
pub struct CaseQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statuses: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<CaseKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<chrono::NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<chrono::NaiveDate>,
    #[ts(optional, type = "number")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handler_id: Option<i64>,
    #[ts(optional, type = "number")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_by: Option<i64>,
    /// The site: a property project (小区) or an insurance branch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Repeat complainants only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat_only: Option<bool>,
    /// Cases closed with this root cause code (the dashboard's Pareto drills down with it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_cause: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Cases whose clocks stand so (e.g. breached for "overdue").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_states: Option<Vec<DueState>>,
    /// Cases due before this instant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_before: Option<DateTime<Utc>>,
    /// Only these cases (导出所选: the rows a user selected); an empty list matches none.
    #[ts(optional, type = "Array<number>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ids: Option<Vec<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<SortKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub descending: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CasePage {
    pub rows: Vec<CaseRow>,
    #[ts(type = "number")]
    pub total: i64,
    /// The list matched more than `store::cases::TOTAL_CAP` cases and counting stopped there:
    /// `total` is a lower bound (shown as "10,000+").
    pub total_capped: bool,
    pub page: u32,
    pub page_size: u32,
}

/// What an event on the timeline records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EventKind {
    Created,
    Transition,
    Note,
    Escalation,
    /// A contact with the customer: a progress update, a call, a letter.
    Contact,
    /// A handling action: investigation, site visit, referral (the kind is the event's action).
    Handling,
    Attachment,
    /// An approved deadline extension (the clock event is kept in `after`).
    Extension,
    /// A handler asks for an extension (step and reason in `after`); a supervisor decides.
    ExtensionRequest,
    /// A clock crossed 75% or 90% of its time, or ran out (recorded by the watcher).
    Deadline,
    /// A follow-up attempt (回访): its method, whether the customer was reached, the score and
    /// what it led to are in `after`; the action is the outcome.
    Followup,
    /// A document was issued (receipt, letter, notice, summary): the action is its kind.
    Document,
    /// Someone asked for the full phone, ID or policy number on the detail: which fields are in
    /// `after`, never the values.
    PiiViewed,
    /// 更正信息: fields recorded wrongly, put right; `before` and `after` hold exactly the fields
    /// changed, the note the reason.
    Correction,
    /// 整改事项: the case was linked to an improvement item, or an item it is linked to moved
    /// (the action says which; the item and its status are in `after`).
    Improvement,
    /// 集中回访: the case was put in a follow-up campaign, or its campaign call was made (the
    /// action says which; the campaign, the call's answer and any new case are in `after`).
    Campaign,
}

/// The documents of a case (SPEC §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DocumentKind {
    /// 受理回执.
    Receipt,
    /// 处理决定告知书 (needs a decision).
    Decision,
    /// 延期告知书 (needs an approved extension).
    Extension,
    /// 案件摘要 for the customer: no internal entries.
    Summary,
    /// 案件摘要（内部）: everything.
    SummaryInternal,
}

impl DocumentKind {
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Receipt => "receipt",
            DocumentKind::Decision => "decision",
            DocumentKind::Extension => "extension",
            DocumentKind::Summary => "summary",
            DocumentKind::SummaryInternal => "summary_internal",
        }
    }

    pub fn parse(code: &str) -> Option<DocumentKind> {
        [DocumentKind::Receipt, DocumentKind::Decision, DocumentKind::Extension, DocumentKind::Summary, DocumentKind::SummaryInternal]
            .into_iter()
            .find(|k| k.code() == code)
    }

    /// The Chinese name, also used in file names.
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::Receipt => "受理回执",
            DocumentKind::Decision => "处理决定告知书",
            DocumentKind::Extension => "延期告知书",
            DocumentKind::Summary => "案件摘要",
            DocumentKind::SummaryInternal => "案件摘要（内部）",
        }
    }
}

/// What a timeline entry written by hand records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EntryKind {
    /// A note; internal notes never reach customer documents.
    #[default]
    Note,
    /// A contact with the customer (needs how: phone, SMS, letter, …).
    Contact,
    /// 调查核实.
    Investigation,
    /// 现场调查.
    SiteVisit,
    /// 转交其他部门.
    Referral,
}

impl EntryKind {
    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Note => "note",
            EntryKind::Contact => "contact",
            EntryKind::Investigation => "investigation",
            EntryKind::SiteVisit => "site_visit",
            EntryKind::Referral => "referral",
        }
    }

    pub fn is_handling(self) -> bool {
        matches!(self, EntryKind::Investigation | EntryKind::SiteVisit | EntryKind::Referral)
    }
}

/// A file kept with a case, stored once by its content hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Attachment {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub case_id: i64,
    pub sha256: String,
    pub name: String,
    #[ts(type = "number")]
    pub size: i64,
    #[ts(type = "number")]
    pub added_by: i64,
    pub added_by_name: Option<String>,
    pub added_at: DateTime<Utc>,
}

/// The largest attachment the desk keeps (a scan of a letter, photos of a site, a recording).
pub const MAX_ATTACHMENT_BYTES: usize = 50 * 1024 * 1024;

/// A file name as shown and saved: no folders, no control characters, at most 200 characters.
pub fn check_attachment_name(name: &str) -> DeskResult<String> {
    let n = name.trim();
    if n.is_empty() {
        return Err(DeskError::required("name", "文件名"));
    }
    if n.chars().count() > 200 || n.chars().any(|c| c.is_control() || matches!(c, '/' | '\\')) || n == "." || n == ".." {
        return Err(DeskError::invalid("name", "文件名最多 200 字，且不能含路径分隔符或控制字符").rule("attachment.name"));
    }
    check_label("name", "文件名", n, 200)?;
    Ok(n.to_string())
}

/// One entry of the append-only event log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Event {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub case_id: i64,
    pub at: DateTime<Utc>,
    #[ts(type = "number | null")]
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub actor_role: Role,
    pub kind: EventKind,
    pub action: Option<String>,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    /// Values before and after, by field name.
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub note: Option<String>,
    /// Internal notes never appear on customer-facing documents.
    pub internal: bool,
}

/// The step that made the case's decision (处理决定): the latest `respond`. Its actor is the
/// handler who decided and its instant the decision's date, whoever prints the letter and when.
pub fn decision_event(events: &[Event]) -> Option<&Event> {
    events.iter().rev().find(|e| e.kind == EventKind::Transition && e.action.as_deref() == Some("respond"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
    }

    fn property_input() -> CaseInput {
        CaseInput {
            customer_name: Some(" 王女士 ".into()),
            customer_phone: Some("138-0013-8000".into()),
            channel: Some(Channel::WalkIn),
            subject: Some("电梯停运三天".into()),
            description: Some("3号楼电梯停运三天无人维修。".into()),
            claim: Some(Claim::Correction),
            category: Some("repair".into()),
            subcategory: Some("repair.elevator".into()),
            project: Some("翠湖花园".into()),
            ..Default::default()
        }
    }

    fn check(input: &CaseInput, profile: Profile) -> DeskResult<NewCase> {
        validate_intake(input, profile, &Classification::for_profile(profile), now())
    }

    #[test]
    fn a_complete_property_complaint_is_accepted_and_normalised() {
        let c = check(&property_input(), Profile::Property).expect("valid input");
        assert_eq!(c.kind, CaseKind::Complaint);
        assert_eq!(c.input.customer_name.as_deref(), Some("王女士"), "name is trimmed");
        assert_eq!(c.input.customer_phone.as_deref(), Some("13800138000"), "phone keeps digits only");
        assert_eq!(c.received_at, now(), "an empty received time means now");
    }

    #[test]
    fn intake_rules_name_the_field() {
        let table: Vec<(&str, Profile, Box<dyn Fn(&mut CaseInput)>, &str)> = vec![
            ("no name", Profile::Property, Box::new(|i| i.customer_name = None), "customer_name"),
            ("blank name", Profile::Property, Box::new(|i| i.customer_name = Some("  ".into())), "customer_name"),
            ("no phone", Profile::Property, Box::new(|i| i.customer_phone = None), "customer_phone"),
            ("letters in phone", Profile::Property, Box::new(|i| i.customer_phone = Some("138abc".into())), "customer_phone"),
            ("phone too long", Profile::Property, Box::new(|i| i.customer_phone = Some("1".repeat(21))), "customer_phone"),
            ("no channel", Profile::Property, Box::new(|i| i.channel = None), "channel"),
            ("no subject", Profile::Property, Box::new(|i| i.subject = None), "subject"),
            ("subject too long", Profile::Property, Box::new(|i| i.subject = Some("长".repeat(201))), "subject"),
            ("no description", Profile::Property, Box::new(|i| i.description = Some(" ".into())), "description"),
            ("description too long", Profile::Property, Box::new(|i| i.description = Some("字".repeat(20_001))), "description"),
            ("NUL in description", Profile::Property, Box::new(|i| i.description = Some("a\0b".into())), "description"),
            ("no claim", Profile::Property, Box::new(|i| i.claim = None), "claim"),
            ("unknown category", Profile::Property, Box::new(|i| i.category = Some("claims".into())), "category"),
            ("sub-category of another", Profile::Property, Box::new(|i| i.subcategory = Some("fees.parking".into())), "subcategory"),
            ("property needs project", Profile::Property, Box::new(|i| i.project = None), "project"),
            ("future receipt", Profile::Property, Box::new(|i| i.received_at = Some(now() + Duration::hours(1))), "received_at"),
            (
                "regulator needs date",
                Profile::Property,
                Box::new(|i| {
                    i.channel = Some(Channel::Regulator);
                    i.regulator_name = Some("金融监管局".into());
                }),
                "regulator_received_at",
            ),
            ("regulator needs name", Profile::Property, Box::new(|i| i.channel = Some(Channel::Regulator)), "regulator_name"),
            ("bad id number", Profile::Property, Box::new(|i| i.customer_id_number = Some("12".into())), "customer_id_number"),
            (
                "insurance needs business line",
                Profile::Insurance,
                Box::new(|i| {
                    i.category = Some("claims".into());
                    i.subcategory = None;
                }),
                "business_line",
            ),
            (
                "unknown cause code",
                Profile::Insurance,
                Box::new(|i| {
                    i.category = Some("claims".into());
                    i.subcategory = None;
                    i.business_line = Some("life".into());
                    i.cause_reason = Some("42".into());
                }),
                "cause_reason",
            ),
        ];
        for (why, profile, change, field) in table {
            let mut input = property_input();
            change(&mut input);
            let err = check(&input, profile).expect_err(why);
            assert_eq!(err.field.as_deref(), Some(field), "{why}: the error names field {field}, got {err:?}");
        }
    }

    #[test]
    fn anonymous_input_becomes_feedback_without_customer() {
        let mut input = property_input();
        input.anonymous = true;
        input.customer_name = None;
        input.customer_phone = Some("13800138000".into());
        let c = check(&input, Profile::Property).expect("feedback needs no customer");
        assert_eq!(c.kind, CaseKind::Feedback);
        assert_eq!(c.input.customer_phone, None, "anonymous feedback keeps no phone");
    }

    #[test]
    fn profile_specific_fields_are_required_only_in_their_profile() {
        let mut input = property_input();
        input.category = Some("claims".into());
        input.subcategory = Some("claims.delay".into());
        input.business_line = Some("life".into());
        input.project = None;
        let c = check(&input, Profile::Insurance).expect("insurance does not need a project");
        assert_eq!(c.input.project, None);
        assert_eq!(c.input.business_line.as_deref(), Some("life"));
    }

    #[test]
    fn agitated_customer_raises_urgency() {
        let mut input = property_input();
        input.mood = Some(Mood::Agitated);
        assert_eq!(check(&input, Profile::Property).unwrap().urgency, Urgency::High);
    }

    #[test]
    fn case_numbers_are_readable_and_count_in_local_year() {
        assert_eq!(format_number(CaseKind::Complaint, 2026, 123), "TS-2026-000123");
        assert_eq!(format_number(CaseKind::Feedback, 2026, 7), "FK-2026-000007");
        let new_year_eve_utc = Utc.with_ymd_and_hms(2025, 12, 31, 17, 0, 0).unwrap();
        assert_eq!(number_year(new_year_eve_utc), 2026, "01:00 on 1 Jan in Beijing counts in 2026");
    }
}
