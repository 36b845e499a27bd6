//! What the desk's own cases teach: 相似案件 (the closed cases most like one, with how they were
//! settled) and 合并处理 (a repeated complaint recorded on the customer's open case instead of a
//! second case, as the NFRA measures allow).
use chrono::{DateTime, Utc};
use serde::Serialize;
use tracing::instrument;
use ts_rs::TS;

use super::dto::CaseDetail;
use super::{acting_role, Desk, INTAKE_ROLES};
use crate::domain::case::{normalize_phone, CaseInput, EventKind};
use crate::domain::catalog::Classification;
use crate::domain::lifecycle::StatusKind;
use crate::domain::{DeskError, DeskResult};
use crate::store::events::{self, NewEvent};
use crate::store::{cases, search};

/// A closed case like the one open, with how it was settled (no customer data).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SimilarCase {
    #[ts(type = "number")]
    pub id: i64,
    pub number: String,
    pub subject: String,
    pub category: String,
    pub category_label: String,
    pub received_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub decision_basis: Option<String>,
    pub outcome: Option<String>,
    pub remedy: Option<String>,
    #[ts(type = "number | null")]
    pub satisfaction: Option<i64>,
    pub solved: Option<bool>,
    /// How close it is, as the search index ranks it (higher is closer).
    pub score: f64,
}

/// How many similar cases the case page shows.
pub const SIMILAR_SHOWN: usize = 5;

impl Desk {
    /// 相似案件: the finished cases most like case `id` by its subject and description, best
    /// first, at most `limit`.
    pub fn similar_cases(&self, actor: i64, id: i64, limit: usize) -> DeskResult<Vec<SimilarCase>> {
        self.actor(actor)?;
        let case = self.load(id)?;
        let finished = self.lifecycle.statuses_of(StatusKind::Inactive);
        let text = format!("{} {}", case.subject, case.description);
        let tree = Classification::for_profile(case.profile);
        let db = self.store.db();
        let mut out = Vec::new();
        for (other, score) in search::similar(db, &text, id, &finished, limit.min(50))? {
            let Some(c) = cases::get(db, other)? else { continue };
            out.push(SimilarCase {
                id: c.id,
                number: c.number,
                subject: c.subject,
                category_label: tree.category_label(&c.category),
                category: c.category,
                received_at: c.received_at,
                closed_at: c.closed_at,
                decision_basis: c.decision_basis,
                outcome: c.outcome,
                remedy: c.remedy,
                satisfaction: c.satisfaction,
                solved: c.solved,
                score,
            });
        }
        Ok(out)
    }

    /// 合并处理: records the new contact `input` on the customer's open case `id` (same phone)
    /// as a contact on its timeline, instead of registering a second case.
    #[instrument(skip_all, fields(actor, case_id = id))]
    pub fn merge_into_open_case(&self, actor: i64, id: i64, input: &CaseInput, now: DateTime<Utc>) -> DeskResult<CaseDetail> {
        let user = self.actor(actor)?;
        let role = acting_role(&user, INTAKE_ROLES, "合并处理")?;
        let case = self.load(id)?;
        if !self.open_statuses().contains(&case.status) {
            return Err(DeskError::invalid("case_id", format!("案件 {} 已办结，不能合并：请登记为新投诉", case.number)).rule("merge.open"));
        }
        let phone = input.customer_phone.as_deref().map(normalize_phone).transpose()?;
        if phone.is_none() || phone != case.customer_phone {
            return Err(DeskError::invalid("customer_phone", format!("来电号码与案件 {} 的客户电话不同，不能合并", case.number)).rule("merge.same_customer"));
        }
        let text = [input.subject.as_deref(), input.description.as_deref()].into_iter().flatten().map(str::trim).filter(|t| !t.is_empty()).collect::<Vec<_>>().join("：");
        if text.is_empty() {
            return Err(DeskError::required("description", "本次来电内容"));
        }
        crate::domain::case::check_text("description", "本次来电内容", &text, crate::domain::case::MAX_DESCRIPTION)?;
        let details = serde_json::json!({
            "merged": true,
            "channel": input.channel,
            "received_at": input.received_at.unwrap_or(now),
        });
        self.store.write(|tx| {
            events::append(
                tx,
                &NewEvent { action: Some("merged"), details: Some(details.clone()), note: Some(&text), ..NewEvent::new(id, now, Some(user.id), role, EventKind::Contact) },
            )?;
            self.deadlines().refresh_due(&self.lifecycle, tx, id, now)
        })?;
        tracing::info!("repeated complaint recorded on the open case");
        self.detail_for(&user, case, now)
    }
}
