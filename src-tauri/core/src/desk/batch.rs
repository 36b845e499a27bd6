//! 批量操作: one lifecycle step for the cases a supervisor selected. Each case goes through
//! `take_step`, the rules and the one transaction of `move_case`: a refused case is left as it
//! was and neither stops nor undoes the others, and every case gets its outcome, in the order
//! given.
use std::collections::HashSet;

use chrono::{DateTime, Utc};
use tracing::instrument;

use super::dto::{BatchMoveInput, BatchOutcome, MoveInput};
use super::Desk;
use crate::domain::case::User;
use crate::domain::{DeskError, DeskResult, ErrorCode};
use crate::store::cases;

/// The most cases one batch, or one export of selected cases, takes.
pub const MAX_BATCH: usize = 200;

/// The steps a batch may take: 受理 (`accept`), and 分派/转派, which the lifecycle has as one
/// step (`assign`, from 已受理 and 重开, or from 已分派 to another handler).
pub const BATCH_STEPS: &[&str] = &["accept", "assign"];

/// The ids of a selection, each once, in the order first given; refused when empty or too many.
pub(crate) fn selection(ids: &[i64]) -> DeskResult<Vec<i64>> {
    let mut seen = HashSet::new();
    let ids: Vec<i64> = ids.iter().copied().filter(|id| seen.insert(*id)).collect();
    if ids.is_empty() {
        return Err(DeskError::new(ErrorCode::Required, "请至少选择一件案件").field("ids").rule("batch.empty"));
    }
    if ids.len() > MAX_BATCH {
        return Err(
            DeskError::invalid("ids", format!("一次最多处理 {MAX_BATCH} 件案件，已选 {} 件", ids.len())).rule("batch.max")
        );
    }
    Ok(ids)
}

impl Desk {
    /// The batch steps `user` holds a role for (what the window offers on a selection).
    pub(crate) fn batch_steps(&self, user: &User) -> Vec<String> {
        BATCH_STEPS.iter().filter(|a| self.lifecycle.may_take(a, &user.roles).is_ok()).map(|a| a.to_string()).collect()
    }

    /// Takes one step for each of `input.ids`, each case in its own transaction and by the rules
    /// of `move_case` (status, role, required fields, recusal, …), with the same events. Refused
    /// as a whole, writing nothing, only for what no case could pass: a step that is not a
    /// batch step or whose roles the user lacks, no case or more than `MAX_BATCH`, a required
    /// field missing or a value malformed (the form's field, said once rather than per case).
    #[instrument(skip_all, fields(actor, action = %input.action, cases = input.ids.len()))]
    pub fn move_cases(&self, actor: i64, input: &BatchMoveInput, now: DateTime<Utc>) -> DeskResult<Vec<BatchOutcome>> {
        let user = self.actor(actor)?;
        if !BATCH_STEPS.contains(&input.action.as_str()) {
            return Err(DeskError::invalid("action", format!("“{}”不能批量执行", input.action)).rule("batch.action"));
        }
        let t = self.lifecycle.may_take(&input.action, &user.roles)?;
        let ids = selection(&input.ids)?;
        self.lifecycle.check_fields(t, &input.fields)?;
        let step = MoveInput { action: input.action.clone(), fields: input.fields.clone(), expected_version: None };
        let mut outcomes = Vec::with_capacity(ids.len());
        for id in ids {
            outcomes.push(match self.take_step(&user, id, &step, now) {
                Ok((case, _)) => BatchOutcome { id, number: Some(case.number), status: Some(case.status), ok: true, error: None },
                Err(error) => {
                    // The steps before are committed: a failed read here only leaves the number out.
                    let case = cases::get(self.store.db(), id).ok().flatten();
                    BatchOutcome {
                        id,
                        number: case.as_ref().map(|c| c.number.clone()),
                        status: case.map(|c| c.status),
                        ok: false,
                        error: Some(error),
                    }
                }
            });
        }
        let taken = outcomes.iter().filter(|o| o.ok).count();
        tracing::info!(taken, refused = outcomes.len() - taken, "batch of steps");
        Ok(outcomes)
    }
}
