//! The one error shape every caller sees: `{ code, message, field?, rule? }`.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What went wrong, as a stable code the UI turns into words (see `ui/src/locales`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// A required field is empty.
    Required,
    /// A field has a value that breaks a rule (length, format, range, unknown code).
    Invalid,
    /// The thing asked for does not exist.
    NotFound,
    /// The action does not exist from the case's current status.
    TransitionNotAllowed,
    /// The user holds none of the roles the action needs.
    RoleNotAllowed,
    /// A handler step by a handler who is not the case's handler.
    NotAssignee,
    /// The handler is the staff member complained about (回避).
    Recusal,
    /// Closing refused: the follow-up says the customer is not satisfied or not solved.
    FollowupUnsatisfied,
    /// The action belongs to the other profile (e.g. review is insurance only).
    ProfileMismatch,
    /// Someone else changed the case since it was loaded.
    Conflict,
    /// No user is working, or the user is disabled.
    NoUser,
    /// First-start setup has not been done yet.
    NotSetUp,
    /// First-start setup was already done.
    AlreadySetUp,
    /// The database was written by a newer version of the app.
    DatabaseNewer,
    /// The database file is damaged.
    DatabaseCorrupt,
    /// Reading or writing the database failed (none of the faults below).
    Storage,
    /// The disk holding the data (or the backups) is full; the message names the folder and the free space.
    DiskFull,
    /// A file or folder cannot be written (permissions, a read-only drive); the message names it.
    ReadOnly,
    /// Another window or program holds the database (a restore needs it alone); the message names the file.
    Busy,
    /// The desk existed here (a marker, backups) but its database file or data folder is gone.
    DatabaseMissing,
    /// The action would hide or delete data the user may still need: ask, then call again confirmed.
    NeedsConfirmation,
    /// Too many wrong passwords in a row: wait before the next try (the message says how long).
    TooManyAttempts,
    /// The lifecycle data is broken.
    LifecycleInvalid,
    /// A deadline rule pack is broken.
    RulePackInvalid,
    /// A holiday calendar file is broken (the message names the line or JSON path).
    CalendarInvalid,
    /// An extension step out of order, not in the rule pack, or after the deadline passed.
    ExtensionNotAllowed,
}

/// A refusal or failure, with the field and rule it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct DeskError {
    pub code: ErrorCode,
    /// A Chinese sentence that says what to fix (the CLI prints it; the UI prefers its own locale).
    pub message: String,
    /// The input field the error is about, by its code name.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub field: Option<String>,
    /// The rule that refused, e.g. `transition.assign.roles` or `recusal`.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rule: Option<String>,
}

impl DeskError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        DeskError { code, message: message.into(), field: None, rule: None }
    }
    pub fn field(mut self, field: &str) -> Self {
        self.field = Some(field.to_string());
        self
    }
    pub fn rule(mut self, rule: impl Into<String>) -> Self {
        self.rule = Some(rule.into());
        self
    }
    pub fn required(field: &str, label: &str) -> Self {
        DeskError::new(ErrorCode::Required, format!("请填写“{label}”")).field(field).rule("required")
    }
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        DeskError::new(ErrorCode::Invalid, message).field(field)
    }
    pub fn not_found(what: &str) -> Self {
        DeskError::new(ErrorCode::NotFound, format!("找不到{what}"))
    }
    pub fn storage(message: impl Into<String>) -> Self {
        DeskError::new(ErrorCode::Storage, message)
    }
}

pub type DeskResult<T> = Result<T, DeskError>;
