//! The customer page (客户): one customer's cases, follow-up calls and satisfaction, found by
//! phone, ID number or one of their cases; and revealing their full phones and ID numbers, which
//! is recorded on each case as a detail's reveal is.
use chrono::{DateTime, Utc};
use tracing::instrument;

use super::dto::{CustomerContacts, CustomerFollowup, CustomerView, SatisfactionScore};
use super::{acting_role, Desk, NOTE_ROLES};
use crate::domain::case::{EventKind, User};
use crate::domain::customer::{counts, distinct, may_see, mean_score, CustomerCase, CustomerKey};
use crate::domain::followup::is_repeat;
use crate::domain::privacy::Sight;
use crate::domain::types::CaseKind;
use crate::domain::{DeskError, DeskResult};
use crate::store::events::NewEvent;
use crate::store::{customers, events, followups};

/// The page shows (and counts) at most this many of a customer's cases, the newest.
pub const CUSTOMER_CASE_LIMIT: usize = 500;

impl Desk {
    /// The customer of `key`: the names and contacts their cases record (phones and ID numbers
    /// masked, as a case's detail shows them), every case of theirs the user may see, newest
    /// first, with the counts, the follow-up calls on those cases and the satisfaction scores.
    /// Who may look is who may see a customer's history; `now` says whether a complaint of
    /// theirs came within the last 90 days. Nothing is written.
    #[instrument(skip_all, fields(actor))]
    pub fn customer(&self, actor: i64, key: &CustomerKey, now: DateTime<Utc>) -> DeskResult<CustomerView> {
        let user = self.actor(actor)?;
        acting_role(&user, NOTE_ROLES, "查看客户")?;
        let (cases, truncated) = self.customer_cases(&user, key)?;
        let masked = Sight::default();
        let list_sight = self.list_sight(&user)?;
        let detail_sight = self.detail_sight(&user)?;
        let phones = distinct(cases.iter().map(|c| c.customer_phone.as_deref()));
        let id_numbers = distinct(cases.iter().map(|c| c.customer_id_number.as_deref()));
        let ids: Vec<i64> = cases.iter().map(|c| c.row.id).collect();
        let followups: Vec<CustomerFollowup> = followups::attempts_for_cases(self.store.db(), &ids)?
            .into_iter()
            .map(|(case_id, case_number, attempt)| CustomerFollowup { case_id, case_number, attempt })
            .collect();
        let scores: Vec<SatisfactionScore> = followups
            .iter()
            .filter(|f| f.attempt.reached)
            .filter_map(|f| {
                Some(SatisfactionScore { case_id: f.case_id, case_number: f.case_number.clone(), at: f.attempt.at, score: f.attempt.satisfaction? })
            })
            .collect();
        let complaints: Vec<DateTime<Utc>> =
            cases.iter().filter(|c| c.row.kind == CaseKind::Complaint).map(|c| c.row.received_at).collect();
        Ok(CustomerView {
            names: distinct(cases.iter().map(|c| c.row.customer_name.as_deref())),
            can_reveal: (detail_sight.phone && !phones.is_empty()) || (detail_sight.id_number && !id_numbers.is_empty()),
            phones: phones.into_iter().filter_map(|p| masked.phone(Some(p))).collect(),
            id_numbers: id_numbers.into_iter().filter_map(|i| masked.id_number(Some(i))).collect(),
            orgs: distinct(cases.iter().map(|c| c.customer_org.as_deref())),
            counts: counts(&cases, &self.open_statuses()),
            repeat_complainant: is_repeat(now, &complaints),
            truncated,
            mean_satisfaction: mean_score(&scores.iter().map(|s| s.score).collect::<Vec<_>>()),
            scores,
            followups,
            cases: cases.into_iter().map(|c| list_sight.row(c.row)).collect(),
        })
    }

    /// The customer's phones and ID numbers in full, as far as the detail's privacy setting lets
    /// the user see them (the rest stay masked). Like a detail's reveal, each case whose value is
    /// shown gets a `pii_viewed` event (who, when, which fields; never the values); a role the
    /// setting does not name is refused and nothing is written.
    #[instrument(skip_all, fields(actor))]
    pub fn reveal_customer(&self, actor: i64, key: &CustomerKey, now: DateTime<Utc>) -> DeskResult<CustomerContacts> {
        let user = self.actor(actor)?;
        acting_role(&user, NOTE_ROLES, "查看客户")?;
        let role = self.reveal_role(&user)?;
        let sight = self.detail_sight(&user)?;
        let (cases, _) = self.customer_cases(&user, key)?;
        let viewed: Vec<(i64, Vec<&str>)> = cases
            .iter()
            .map(|c| {
                let fields = [
                    (sight.phone && c.customer_phone.is_some(), "customer_phone"),
                    (sight.id_number && c.customer_id_number.is_some(), "customer_id_number"),
                ];
                (c.row.id, fields.into_iter().filter_map(|(shown, f)| shown.then_some(f)).collect())
            })
            .filter(|(_, fields): &(i64, Vec<&str>)| !fields.is_empty())
            .collect();
        self.store.write(|tx| {
            for (id, fields) in &viewed {
                events::append(
                    tx,
                    &NewEvent {
                        after: Some(serde_json::json!({ "fields": fields })),
                        internal: true,
                        ..NewEvent::new(*id, now, Some(user.id), role, EventKind::PiiViewed)
                    },
                )?;
            }
            Ok(())
        })?;
        tracing::info!(cases = viewed.len(), "customer's personal data viewed");
        Ok(CustomerContacts {
            phones: distinct(cases.iter().map(|c| c.customer_phone.as_deref())).into_iter().filter_map(|p| sight.phone(Some(p))).collect(),
            id_numbers: distinct(cases.iter().map(|c| c.customer_id_number.as_deref()))
                .into_iter()
                .filter_map(|i| sight.id_number(Some(i)))
                .collect(),
        })
    }

    /// The customer's cases that `user` may see, newest first, and whether there were more than
    /// the page holds.
    fn customer_cases(&self, user: &User, key: &CustomerKey) -> DeskResult<(Vec<CustomerCase>, bool)> {
        let key = key.checked()?;
        let mut phones: Vec<String> = key.phone.into_iter().collect();
        let mut id_numbers: Vec<String> = key.id_number.into_iter().collect();
        if let Some(id) = key.case_id {
            let case = self.load(id)?;
            if case.customer_phone.is_none() && case.customer_id_number.is_none() && phones.is_empty() && id_numbers.is_empty() {
                return Err(DeskError::invalid("case_id", "该案件是匿名意见，没有客户电话或证件号码").rule("customer.anonymous"));
            }
            phones.extend(case.customer_phone.filter(|p| !phones.contains(p)));
            id_numbers.extend(case.customer_id_number.filter(|i| !id_numbers.contains(i)));
        }
        let mut cases = customers::cases(self.store.db(), &phones, &id_numbers, CUSTOMER_CASE_LIMIT + 1)?;
        let truncated = cases.len() > CUSTOMER_CASE_LIMIT;
        cases.truncate(CUSTOMER_CASE_LIMIT);
        cases.retain(|c| may_see(user.id, c));
        Ok((cases, truncated))
    }
}
