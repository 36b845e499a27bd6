//! Personal data (个人信息): the admin's per-role setting, the masks lists and exports apply for
//! the acting user, and revealing the full values on a case's detail (recorded on the timeline).
use crate::store::db::Db;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use super::{acting_role, Desk};
use crate::domain::case::{EventKind, User};
use crate::domain::privacy::{PrivacySettings, Sight};
use crate::domain::types::Role;
use crate::domain::{DeskError, DeskResult};
use crate::store::events::NewEvent;
use crate::store::{events, meta};

const SETTINGS_KEY: &str = "privacy_settings";

/// The full values of a case's personal data, as far as the user may see them (the rest stay
/// masked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonalData {
    pub customer_phone: Option<String>,
    pub customer_id_number: Option<String>,
    pub policy_number: Option<String>,
}

pub(super) fn settings_in(conn: &dyn Db) -> DeskResult<PrivacySettings> {
    Ok(match meta::get(conn, SETTINGS_KEY)? {
        // A value that no longer parses falls back to the defaults, which are the strict ones.
        Some(json) => serde_json::from_str(&json).unwrap_or_default(),
        None => PrivacySettings::default(),
    })
}

impl Desk {
    /// What `user` sees in full in lists and exports.
    pub(crate) fn list_sight(&self, user: &User) -> DeskResult<Sight> {
        Ok(Sight::of(&user.roles, &settings_in(self.store.db())?.lists))
    }

    /// What `user` may reveal on a case's detail.
    pub(crate) fn detail_sight(&self, user: &User) -> DeskResult<Sight> {
        Ok(Sight::of(&user.roles, &settings_in(self.store.db())?.detail))
    }

    /// The role in which `user` may reveal full values (any the detail setting names for one of
    /// them), or a refusal.
    pub(crate) fn reveal_role(&self, user: &User) -> DeskResult<Role> {
        let settings = settings_in(self.store.db())?.detail;
        let mut allowed: Vec<Role> = [settings.phone, settings.id_number, settings.policy_number].concat();
        allowed.sort();
        allowed.dedup();
        acting_role(user, &allowed, "查看完整个人信息")
    }

    /// The per-role setting (admin).
    pub fn privacy_settings(&self, actor: i64) -> DeskResult<PrivacySettings> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "设置个人信息显示")?;
        settings_in(self.store.db())
    }

    /// Changes who sees personal data in full (admin).
    #[instrument(skip_all, fields(actor))]
    pub fn set_privacy_settings(&self, actor: i64, settings: &PrivacySettings) -> DeskResult<PrivacySettings> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "设置个人信息显示")?;
        let settings = settings.clone().normalized();
        let json = serde_json::to_string(&settings).map_err(|e| DeskError::storage(e.to_string()))?;
        self.store.write(|tx| meta::set(tx, SETTINGS_KEY, &json))?;
        tracing::info!("privacy settings changed");
        Ok(settings)
    }

    /// The full phone, ID and policy numbers of a case for a role allowed to see them; the
    /// viewing is an event on the case (who and when, and which fields, never the values).
    #[instrument(skip_all, fields(actor, case_id = id))]
    pub fn reveal_personal_data(&self, actor: i64, id: i64, now: DateTime<Utc>) -> DeskResult<PersonalData> {
        let user = self.actor(actor)?;
        let sight = self.detail_sight(&user)?;
        let role = self.reveal_role(&user)?;
        let case = self.load(id)?;
        let fields: Vec<&str> = [
            (sight.phone && case.customer_phone.is_some(), "customer_phone"),
            (sight.id_number && case.customer_id_number.is_some(), "customer_id_number"),
            (sight.policy_number && case.policy_number.is_some(), "policy_number"),
        ]
        .into_iter()
        .filter_map(|(shown, f)| shown.then_some(f))
        .collect();
        self.store.write(|tx| {
            events::append(
                tx,
                &NewEvent {
                    after: Some(serde_json::json!({ "fields": fields })),
                    internal: true,
                    ..NewEvent::new(id, now, Some(user.id), role, EventKind::PiiViewed)
                },
            )
        })?;
        tracing::info!(case_id = id, "personal data viewed");
        Ok(PersonalData {
            customer_phone: sight.phone(case.customer_phone),
            customer_id_number: sight.id_number(case.customer_id_number),
            policy_number: sight.policy_number(case.policy_number),
        })
    }
}
