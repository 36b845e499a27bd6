//! The audit check: recompute the event log's hash chain and name the first broken event.
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use super::{acting_role, Desk};
use crate::domain::audit::BrokenReason;
use crate::domain::types::Role;
use crate::domain::DeskResult;
use crate::store::{cases, events};

/// Who may check the audit chain.
pub(super) const AUDIT_ROLES: &[Role] = &[Role::Admin, Role::Compliance];

/// The result of checking the event log's hash chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditCheck {
    /// Every event verified.
    pub ok: bool,
    /// Events that verified (all of them when `ok`; those before the break otherwise).
    #[ts(type = "number")]
    pub events: i64,
    pub first_broken: Option<BrokenEvent>,
}

/// The first event where the chain breaks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BrokenEvent {
    #[ts(type = "number")]
    pub event_id: i64,
    /// The number of the case the event belongs to (none if that case is gone too, or the
    /// event's case cannot be read).
    pub case_number: Option<String>,
    pub reason: BrokenReason,
}

impl Desk {
    /// Walks the whole event log and recomputes its hash chain (admin or compliance).
    #[instrument(skip_all, fields(actor))]
    pub fn verify_audit(&self, actor: i64) -> DeskResult<AuditCheck> {
        acting_role(&self.actor(actor)?, AUDIT_ROLES, "校验审计记录")?;
        self.audit_check()
    }

    /// The same check without a user, for the command line run by whoever holds the file.
    pub fn audit_check(&self) -> DeskResult<AuditCheck> {
        let check = match self.store.with_shared(|s| s.audit_check()) {
            Some(checked) => checked?,
            None => self.file_audit_check()?,
        };
        match &check.first_broken {
            Some(b) => tracing::warn!(event_id = b.event_id, reason = ?b.reason, "audit chain broken"),
            None => tracing::info!(events = check.events, "audit chain verified"),
        }
        Ok(check)
    }

    /// The check on the laptop's file.
    fn file_audit_check(&self) -> DeskResult<AuditCheck> {
        let reader = self.store.file_store("审计链校验")?.reader()?;
        let conn: &rusqlite::Connection = &reader;
        let (count, broken) = events::verify_chain(conn)?;
        let first_broken = match broken {
            Some(b) => Some(BrokenEvent {
                event_id: b.event_id,
                case_number: match b.case_id {
                    Some(id) => cases::number_of(conn, id)?,
                    None => None,
                },
                reason: b.reason,
            }),
            None => None,
        };
        Ok(AuditCheck { ok: first_broken.is_none(), events: count, first_broken })
    }
}
