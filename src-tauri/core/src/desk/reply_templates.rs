//! 常用语 for the respond step (admin keeps them per category; everyone signed in reads them).
use tracing::instrument;

use super::{acting_role, Desk};
use crate::domain::catalog::Classification;
use crate::domain::reply::{for_every_category, ReplyTemplates};
use crate::domain::types::Role;
use crate::domain::{DeskError, DeskResult};
use crate::store::meta;

const KEY: &str = "reply_templates";

impl Desk {
    fn kept_reply_templates(&self) -> DeskResult<Vec<ReplyTemplates>> {
        Ok(match meta::get(self.store.db(), KEY)? {
            // Written only by `set_reply_templates`; a value that no longer parses offers none.
            Some(json) => serde_json::from_str(&json).unwrap_or_default(),
            None => Vec::new(),
        })
    }

    /// The phrases of every category of the desk's profile, the general set (`""`) first.
    pub fn reply_templates(&self) -> DeskResult<Vec<ReplyTemplates>> {
        Ok(for_every_category(&self.kept_reply_templates()?, &Classification::for_profile(self.profile()?)))
    }

    /// Replaces one category's phrases (admin); returns every category's. A refused set
    /// (see [`ReplyTemplates::check`]) changes nothing.
    #[instrument(skip_all, fields(actor))]
    pub fn set_reply_templates(&self, actor: i64, templates: &ReplyTemplates) -> DeskResult<Vec<ReplyTemplates>> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "设置常用语")?;
        let tree = Classification::for_profile(self.profile()?);
        templates.check(&tree)?;
        let mut kept: Vec<ReplyTemplates> = self.kept_reply_templates()?.into_iter().filter(|k| k.category != templates.category).collect();
        if !templates.is_empty() {
            kept.push(templates.clone());
        }
        let json = serde_json::to_string(&kept).map_err(|e| DeskError::storage(e.to_string()))?;
        self.store.write(|tx| meta::set(tx, KEY, &json))?;
        tracing::info!(phrases = templates.decision_basis.len() + templates.outcome.len(), "reply templates changed");
        self.reply_templates()
    }
}
