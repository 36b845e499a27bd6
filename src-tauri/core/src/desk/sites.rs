//! The 项目（小区）list an admin keeps (see [`crate::domain::sites`]).
use tracing::instrument;

use super::{acting_role, Desk};
use crate::domain::sites::{check_sites, uses, SiteSettings};
use crate::domain::types::Role;
use crate::domain::{DeskError, DeskResult};
use crate::store::{cases, meta};

const KEY: &str = "sites";

impl Desk {
    /// The list, in the admin's order (everyone signed in reads it: the intake form offers it).
    pub fn sites(&self) -> DeskResult<Vec<String>> {
        Ok(match meta::get(self.store.db(), KEY)? {
            // Written only by `set_sites`; a value that no longer parses offers none.
            Some(json) => serde_json::from_str(&json).unwrap_or_default(),
            None => Vec::new(),
        })
    }

    /// The list and every name the cases carry, for the admin who keeps it.
    pub fn site_settings(&self, actor: i64) -> DeskResult<SiteSettings> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "设置项目列表")?;
        let sites = self.sites()?;
        let in_use = uses(&sites, cases::project_counts(self.store.db())?);
        Ok(SiteSettings { sites, in_use })
    }

    /// Replaces the list (admin). A refused list (see [`check_sites`]) changes nothing.
    #[instrument(skip_all, fields(actor))]
    pub fn set_sites(&self, actor: i64, sites: &[String]) -> DeskResult<SiteSettings> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "设置项目列表")?;
        let kept = check_sites(sites)?;
        let json = serde_json::to_string(&kept).map_err(|e| DeskError::storage(e.to_string()))?;
        self.store.write(|tx| meta::set(tx, KEY, &json))?;
        tracing::info!(sites = kept.len(), "site list changed");
        self.site_settings(actor)
    }
}
