//! What the use-cases take and give across the IPC boundary (exported to TypeScript).
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::case::{Attachment, Case, CaseQuery, CaseRow, EntryKind, Event, User};
use crate::domain::catalog::Classification;
use crate::domain::correction::{CaseCorrection, CorrectionField};
use crate::domain::deadline::{ClockState, RulePack};
use crate::domain::followup::{FollowupAttempt, FollowupTask};
use crate::domain::kpi::{AgeBucket, Count, Figures, Granularity, HandlerRow, Hotspot, KpiFilter, TrendPoint};
use crate::domain::lifecycle::{ActionInfo, Lifecycle, StepFields};
use crate::domain::signin::SigninAlert;
use crate::domain::DeskError;
use crate::domain::types::ContactMethod;
use crate::domain::types::{Profile, Role};

/// What the window needs to know at start: is the desk set up, and who is working.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AppState {
    pub setup_done: bool,
    pub profile: Option<Profile>,
    pub org_name: Option<String>,
    /// The signed-in user (kept in memory by the shell; nobody is signed in at start).
    pub current_user: Option<User>,
    pub signed_in: bool,
    /// The window is locked: the same user must type their password again.
    pub locked: bool,
    /// Minutes without keyboard or mouse before the window locks (0: never). Admin setting.
    pub idle_lock_minutes: u32,
    /// No user has a password yet (a database from before sign-in): the sign-in screen asks an
    /// admin to choose one (`set_first_password`).
    pub needs_first_password: bool,
    /// What the current user may do outside a case (decided in Rust; the UI only hides).
    pub permissions: Permissions,
    /// For a signed-in admin (the window unlocked): accounts with several wrong passwords in a
    /// row, the latest first. Empty for everyone else.
    pub signin_alerts: Vec<SigninAlert>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Permissions {
    pub register_cases: bool,
    pub manage_users: bool,
    /// The steps the user may take for selected cases at once (`accept`, `assign`): the batch
    /// steps whose lifecycle roles the user holds. Each case is still checked when taken.
    pub batch_steps: Vec<String>,
    /// Case lists (a filter, or the selected cases) may be exported to Excel.
    pub export_cases: bool,
}

/// The shell's current time, which the window counts "time left" from. `fixed` is true only in
/// the window tests' build, while a test holds the clock.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClockReading {
    pub now: chrono::DateTime<chrono::Utc>,
    pub fixed: bool,
}

/// The first-start wizard's answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetupInput {
    pub profile: Profile,
    pub org_name: String,
    /// The first administrator.
    pub admin_login: String,
    pub admin_display_name: String,
    /// The first administrator's password (never logged).
    #[serde(default)]
    pub admin_password: String,
    /// Roles besides `admin` the first user holds (a small desk: one person does everything).
    #[serde(default)]
    pub extra_roles: Vec<Role>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, optional_fields)]
pub struct UserInput {
    pub login: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    #[serde(default)]
    pub department: Option<String>,
    /// Only on update: false disables the user (their history stays).
    #[serde(default)]
    pub active: Option<bool>,
    /// Required when creating; on update None keeps the password (a reset is `reset_password`).
    #[serde(default)]
    pub password: Option<String>,
}

/// Everything the window needs to label and fill its forms, for the desk's profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Catalog {
    pub profile: Profile,
    pub org_name: String,
    pub classification: Classification,
    pub lifecycle: Lifecycle,
    pub users: Vec<User>,
    /// The IANA zone the desk counts its days in (a setting; Asia/Shanghai by default).
    pub desk_zone: String,
}

/// A case with its timeline and the actions the current user may take now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseDetail {
    pub case: Case,
    /// Every started clock of the case's rule pack, at the time the detail was read.
    pub clocks: Vec<ClockState>,
    pub rule_pack: Option<RulePack>,
    /// Whether the current user may record an approved extension.
    pub can_extend: bool,
    /// Whether the current user may ask for one (the case's handler, or a supervisor).
    pub can_request_extension: bool,
    /// An extension asked for and not yet approved.
    pub pending_extension: Option<PendingExtension>,
    pub events: Vec<Event>,
    pub actions: Vec<ActionInfo>,
    pub handler_name: Option<String>,
    pub registered_by_name: Option<String>,
    /// Other open cases of the same phone number (首问负责: one person owns the whole story).
    pub open_cases_same_phone: Vec<CaseRow>,
    pub attachments: Vec<Attachment>,
    /// Whether the current user may write notes and contacts, record handling actions
    /// (investigation, site visit, referral), escalate, and attach files.
    pub can_note: bool,
    pub can_record_handling: bool,
    pub can_escalate: bool,
    pub can_attach: bool,
    pub followup: CaseFollowup,
    /// Whether the current user may ask for the full phone, ID or policy number (查看完整信息).
    pub can_reveal_personal_data: bool,
    /// Whether the current user may correct the case (更正信息), and which fields: decided
    /// here, by role, assignment and status (see `Desk::correct_case`).
    pub can_correct: bool,
    pub correctable_fields: Vec<CorrectionField>,
    /// 历史导入: the file and row the case came from, when it was imported.
    pub imported: Option<ImportedFrom>,
}

/// Where an imported case came from: the file, its row, what the row lacked (信息不全), and
/// the file's columns no field took (原始数据; only for those who may see personal data in
/// full, as it may hold some).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportedFrom {
    pub file_name: String,
    #[ts(type = "number")]
    pub row: i64,
    pub imported_at: chrono::DateTime<chrono::Utc>,
    pub missing: Vec<String>,
    pub original: Option<std::collections::BTreeMap<String, String>>,
}

/// 更正信息: the fields to put right and their new values, why, and the case version the user
/// saw (a newer one refuses the correction as a conflict).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, optional_fields)]
pub struct CorrectionInput {
    #[serde(default)]
    pub fields: CaseCorrection,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub expected_version: Option<i64>,
}

/// A step on a case, e.g. `{ action: "assign", fields: { department, handler_id } }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, optional_fields)]
pub struct MoveInput {
    pub action: String,
    #[serde(default)]
    pub fields: StepFields,
    /// The case version the user saw; a newer one refuses the step as a conflict.
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub expected_version: Option<i64>,
}

/// 批量操作: one step for the cases a supervisor selected, e.g. `{ ids: [3, 5], action: "accept" }`
/// (批量受理) or `{ ids, action: "assign", fields: { department, handler_id } }` (分派 and 转派: the
/// lifecycle's one `assign` step, from 已受理/重开 or from 已分派 to another handler).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, optional_fields)]
pub struct BatchMoveInput {
    /// The cases, in the order the outcomes come back; an id given twice counts once.
    #[ts(type = "Array<number>")]
    pub ids: Vec<i64>,
    pub action: String,
    /// The step's fields, the same for every case.
    #[serde(default)]
    pub fields: StepFields,
}

/// What became of one case of a batch: the step taken, or the refusal `move_case` gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BatchOutcome {
    #[ts(type = "number")]
    pub id: i64,
    /// The case number; none for an id that names no case.
    pub number: Option<String>,
    /// The status after the step, or where the refused case still stands.
    pub status: Option<String>,
    pub ok: bool,
    /// Why the step was not taken: code, field and message as for one case at a time.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<DeskError>,
}

/// A timeline entry written by hand: a note, a contact with the customer, or a handling action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, optional_fields)]
pub struct NoteInput {
    pub text: String,
    /// Internal notes never appear on customer-facing documents (contacts are never internal).
    pub internal: bool,
    #[serde(default)]
    pub kind: Option<EntryKind>,
    /// How the customer was contacted; required for a contact.
    #[serde(default)]
    pub contact_method: Option<ContactMethod>,
    /// The department a referral goes to.
    #[serde(default)]
    pub department: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EscalateInput {
    /// 0 to 3.
    pub level: u8,
    pub reason: String,
}

/// One queue of the "my work" page: a saved filter with its count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WorkQueue {
    /// A stable key the UI labels through its locale, e.g. `handler.mine`.
    pub key: String,
    pub role: Role,
    pub query: CaseQuery,
    #[ts(type = "number")]
    pub count: i64,
}

/// The result of `db check`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DbCheck {
    pub ok: bool,
    pub integrity: String,
    pub schema_version: u32,
    #[ts(type = "number")]
    pub cases: i64,
    #[ts(type = "number")]
    pub events: i64,
    pub path: String,
    /// Groups of the kept KPI sums that differ from a recount of the cases (at most 20); empty
    /// when they agree. `db rebuild-figures` makes them again.
    #[serde(default)]
    pub figures: Vec<String>,
}

/// An approved deadline extension (SPEC §5): step 1 by a supervisor with a reason and a notice to
/// the customer; step 2 also needs the superior or head-office approver on record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, optional_fields)]
pub struct ExtensionInput {
    pub step: u8,
    #[serde(default)]
    pub approver: Option<String>,
    #[serde(default)]
    pub customer_notified: Option<bool>,
    #[serde(default)]
    pub reason: Option<String>,
    /// The clock to extend (default: the pack's extendable clock).
    #[serde(default)]
    pub clock: Option<String>,
}

/// What the watcher found: a clock that crossed a warning line or ran out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeadlineAlert {
    #[ts(type = "number")]
    pub case_id: i64,
    pub number: String,
    pub subject: String,
    /// 75, 90, or 100 for a breach and 101, 102 for the further steps as it ages.
    pub level: u32,
    /// 1 at the breach, 2 and 3 as it ages (the pack's `[escalation]`); 0 for a warning.
    pub breach_step: u8,
    /// The case's escalation level after this alert.
    pub escalation: u8,
    pub due_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl DeadlineAlert {
    /// The desktop notification for a breach in the window's language: its title and text (the
    /// subject). Warnings have none: they show in the window only.
    pub fn notification(&self, locale: Locale) -> Option<(String, String)> {
        if self.level < 100 {
            return None;
        }
        let number = &self.number;
        let title = match (locale, self.breach_step > 1) {
            (Locale::ZhCn, false) => format!("案件 {number} 已超时"),
            (Locale::ZhCn, true) => format!("案件 {number} 仍然超时，已升至 {} 级", self.escalation),
            (Locale::En, false) => format!("Case {number} is overdue"),
            (Locale::En, true) => format!("Case {number} is still overdue, escalated to level {}", self.escalation),
        };
        Some((title, self.subject.clone()))
    }
}

/// The window's language (`set_locale`), for what the shell shows outside the window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Locale {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

/// One round of the watcher.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TickReport {
    pub alerts: Vec<DeadlineAlert>,
    /// Cases looked at.
    pub checked: usize,
    /// More cases are due for a look: call again.
    pub more: bool,
}

/// A handler's request for an extension, for the supervisor to decide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExtensionRequestInput {
    pub step: u8,
    pub reason: String,
}

/// An extension asked for and not yet approved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PendingExtension {
    pub step: u8,
    pub reason: String,
    pub requested_by: Option<String>,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// The follow-up part of a case's detail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseFollowup {
    pub tasks: Vec<FollowupTask>,
    pub attempts: Vec<FollowupAttempt>,
    /// The task waiting for a call, if any.
    pub pending: Option<FollowupTask>,
    pub max_attempts: u32,
    /// Whether the current user may record an attempt now.
    pub can_record: bool,
}

/// A customer's earlier cases (same phone or ID number), open ones first (首问负责).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CustomerHistory {
    pub cases: Vec<CaseRow>,
    pub open_count: u32,
    /// Another complaint came from the same phone in the last 90 days.
    pub repeat_complainant: bool,
}

/// The customer page (客户): the customer as their cases record them, every case of theirs the
/// user sees (newest first), the follow-up calls on those cases and the scores given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CustomerView {
    /// The names recorded on the cases, newest first.
    pub names: Vec<String>,
    /// The phones and ID numbers recorded, newest first, masked as on a case's detail; the full
    /// values come from `reveal_customer_data`, in the same order.
    pub phones: Vec<String>,
    pub id_numbers: Vec<String>,
    /// Organisations named on the cases.
    pub orgs: Vec<String>,
    /// Phones masked as the list setting says for the user, as in the case list.
    pub cases: Vec<CaseRow>,
    /// The customer has more cases than the page shows (the newest are shown and counted).
    pub truncated: bool,
    pub counts: crate::domain::customer::CustomerCounts,
    /// A complaint of theirs came in the last 90 days (as the intake form's history says).
    pub repeat_complainant: bool,
    /// Every follow-up attempt on the cases, the latest first.
    pub followups: Vec<CustomerFollowup>,
    /// The satisfaction scores of the calls that reached the customer, the latest first, and
    /// their mean (as the dashboard's 满意度 counts them).
    pub scores: Vec<SatisfactionScore>,
    pub mean_satisfaction: Option<f64>,
    /// The user may ask for the full phones and ID numbers (the detail's privacy setting).
    pub can_reveal: bool,
}

/// A follow-up attempt on one of the customer's cases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CustomerFollowup {
    #[ts(type = "number")]
    pub case_id: i64,
    pub case_number: String,
    pub attempt: FollowupAttempt,
}

/// A score a reached follow-up call recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SatisfactionScore {
    #[ts(type = "number")]
    pub case_id: i64,
    pub case_number: String,
    pub at: chrono::DateTime<chrono::Utc>,
    #[ts(type = "number")]
    pub score: i64,
}

/// The customer's phones and ID numbers in full where the user may see them (masked otherwise),
/// in the order of `CustomerView`'s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CustomerContacts {
    pub phones: Vec<String>,
    pub id_numbers: Vec<String>,
}

/// What the call form shows beside the fields: the script filled in for this case and the
/// customer's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowupForm {
    pub script: String,
    /// The category whose script it is (none: the profile's default script).
    pub script_category: Option<String>,
    pub history: CustomerHistory,
    pub pending: Option<FollowupTask>,
    pub max_attempts: u32,
    /// The number to dial: in full where the user's roles see phones in full in lists (the
    /// follow-up role does by default, as in the queue), else masked. None: no phone recorded.
    pub customer_phone: Option<String>,
    /// `customer_phone` is masked.
    pub phone_masked: bool,
    /// The user may reveal the full number (`reveal_personal_data`, noted on the case's timeline).
    pub may_reveal_phone: bool,
}

/// Where a task stands in the follow-up queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum QueueBucket {
    /// Past its due time without a result.
    Overdue,
    /// The next call is due today.
    Today,
    Later,
    /// Every allowed attempt went unanswered: close as unreachable, or try once more.
    Exhausted,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowupQueueRow {
    pub task: FollowupTask,
    pub bucket: QueueBucket,
    pub case_number: String,
    pub status: String,
    pub subject: String,
    pub category: String,
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    pub handler_name: Option<String>,
    pub repeat_complainant: bool,
}

/// The follow-up clerk's queue: every task waiting for a call, the next call first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowupQueue {
    pub rows: Vec<FollowupQueueRow>,
    pub overdue: u32,
    pub today: u32,
    pub later: u32,
    pub exhausted: u32,
}

/// A call script as the admin page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScriptInfo {
    /// A category code, or "" for the profile's default script.
    pub category: String,
    pub text: String,
    /// The script the product ships for it (none for a category without one).
    pub shipped: Option<String>,
    /// The admin changed it.
    pub changed: bool,
}

/// An admin's script for a category ("" for the default); no text goes back to the shipped one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, optional_fields)]
pub struct ScriptInput {
    pub category: String,
    #[serde(default)]
    pub text: Option<String>,
}

/// The placeholders a script may use, for the editor's help.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScriptPlaceholder {
    pub name: String,
    pub label: String,
}

/// Everything the dashboard shows for a filter: the figures of the period and of the one
/// before, the volume trend and splits, satisfaction, backlog, handlers, hotspots, root causes
/// and training effects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Dashboard {
    pub filter: KpiFilter,
    pub previous_filter: KpiFilter,
    pub current: Figures,
    pub previous: Figures,
    pub granularity: Granularity,
    pub trend: Vec<TrendPoint>,
    pub by_category: Vec<Count>,
    pub by_channel: Vec<Count>,
    pub by_site: Vec<Count>,
    /// Reached calls giving 1, 2, 3, 4 and 5.
    #[ts(type = "Array<number>")]
    pub satisfaction: Vec<i64>,
    /// Open cases (the filter without its period) by age.
    pub backlog: Vec<AgeBucket>,
    pub handlers: Vec<HandlerRow>,
    pub hotspots: Vec<Hotspot>,
    /// Closed cases by root cause code, largest first (a Pareto).
    pub root_causes: Vec<Count>,
    pub trainings: Vec<TrainingEffect>,
    /// The 整改 card: improvement items by where they stand, and how much of the Pareto they cover.
    pub improvements: super::improvements::ImprovementCard,
}

/// The KPI figures of a period and the period before (what `complaintdesk-cli kpi` prints).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KpiReport {
    pub filter: KpiFilter,
    pub current: Figures,
    pub previous: Figures,
}

/// A training session (培训): date, topic, attendees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrainingInput {
    pub held_on: chrono::NaiveDate,
    pub topic: String,
    #[ts(type = "Array<number>")]
    pub attendees: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrainingSession {
    #[ts(type = "number")]
    pub id: i64,
    pub held_on: chrono::NaiveDate,
    pub topic: String,
    #[ts(type = "Array<number>")]
    pub attendees: Vec<i64>,
}

/// One attendee's figures for the 30 days before a training and the 30 days from it (培训效果).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrainingEffect {
    #[ts(type = "number")]
    pub session_id: i64,
    pub held_on: chrono::NaiveDate,
    pub topic: String,
    #[ts(type = "number")]
    pub handler_id: i64,
    pub name: String,
    pub before: Figures,
    pub after: Figures,
    pub before_mean_satisfaction: Option<f64>,
    pub after_mean_satisfaction: Option<f64>,
}
