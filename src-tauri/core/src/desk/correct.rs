//! 更正信息: putting right what was recorded wrongly on a case (a mistyped phone, the wrong
//! building, a category picked in haste), so that the follow-up call reaches the customer and
//! the figures count the case where it belongs. One correction is one event on the audit chain
//! with the before and after values of exactly the fields it changed, and its reason.
use chrono::{DateTime, Utc};
use tracing::instrument;

use super::dto::{CaseDetail, CorrectionInput};
use super::{acting_role, Desk};
use crate::domain::case::{Case, EventKind, User};
use crate::domain::catalog::Classification;
use crate::domain::correction::{self, CorrectionField};
use crate::domain::lifecycle::recused;
use crate::domain::step;
use crate::domain::types::Role;
use crate::domain::{DeskError, DeskResult, ErrorCode};
use crate::store::events::NewEvent;
use crate::store::{cases, events, users};

/// Who corrects what intake took (the customer, site, classification, channel, received time,
/// staff member complained about, rule pack): those who register complaints.
const INTAKE_CORRECTORS: &[Role] = &[Role::Clerk, Role::Supervisor];

impl Desk {
    /// The role in which `user` may correct the intake fields of `case`: a clerk or supervisor
    /// while the case is open; once it is closed (declined, withdrawn, closed), a supervisor only.
    fn intake_correction_role(&self, user: &User, case: &Case) -> DeskResult<Role> {
        if self.lifecycle.is_open(&case.status) {
            return acting_role(user, INTAKE_CORRECTORS, "更正信息").map_err(|e| e.rule("correction.roles"));
        }
        if user.roles.contains(&Role::Supervisor) {
            return Ok(Role::Supervisor);
        }
        Err(DeskError::new(ErrorCode::RoleNotAllowed, "案件已结束，只有主管可以更正信息（须说明原因）").rule("correction.closed_supervisor_only"))
    }

    /// The fields a handler's own investigation records, read from the lifecycle: the case
    /// fields of the steps only the case's handler takes (`assignee_only` handler steps; in the
    /// shipped lifecycle, the decision of `respond`: facts, basis and reasons, outcome, remedy,
    /// compensation, staff minutes, root cause and improvement). The second list is those the
    /// step requires, which a correction may change but not clear.
    fn findings_fields(&self, case: &Case) -> (Vec<CorrectionField>, Vec<CorrectionField>) {
        let mut fields = Vec::new();
        let mut required = Vec::new();
        let own_steps = self.lifecycle.transitions.iter().filter(|t| {
            t.roles.contains(&Role::Handler) && t.assignee_only && (t.profiles.is_empty() || t.profiles.contains(&case.profile))
        });
        for t in own_steps {
            fields.extend(t.requires.iter().chain(t.optional.iter()).filter_map(|f| CorrectionField::of_step(*f)));
            required.extend(t.requires.iter().filter_map(|f| CorrectionField::of_step(*f)));
        }
        fields.sort();
        fields.dedup();
        required.sort();
        required.dedup();
        (fields, required)
    }

    /// The role in which `user` may correct the findings of `case`: a handler, of their own
    /// investigation only (the case is assigned to them), once the findings are on record (the
    /// decision was sent; before that they are written with the step itself), while the case is
    /// open. The customer, the classification and the times are intake's, not the handler's;
    /// the follow-up's score is the customer's word and is never corrected.
    fn findings_correction_role(&self, user: &User, case: &Case) -> DeskResult<Role> {
        if !user.roles.contains(&Role::Handler) {
            return Err(DeskError::new(ErrorCode::RoleNotAllowed, "更正调查结果需要处理人角色").rule("correction.findings.roles"));
        }
        if !self.lifecycle.is_open(&case.status) {
            return Err(DeskError::new(ErrorCode::RoleNotAllowed, "案件已结束，只有主管可以更正信息（须说明原因）")
                .rule("correction.closed_supervisor_only"));
        }
        if case.handler_id != Some(user.id) {
            return Err(DeskError::new(ErrorCode::NotAssignee, "只有本案的处理人才能更正调查结果").rule("correction.assignee_only"));
        }
        if case.responded_at.is_none() {
            return Err(DeskError::new(ErrorCode::TransitionNotAllowed, "案件尚未答复：调查结果在答复客户时填写，答复后才能更正")
                .rule("correction.findings_after_response"));
        }
        Ok(Role::Handler)
    }

    /// What `user` may correct on `case` now (empty: nothing, and no 更正信息 button).
    pub(super) fn correctable_fields(&self, user: &User, case: &Case) -> Vec<CorrectionField> {
        let mut out = Vec::new();
        if self.intake_correction_role(user, case).is_ok() {
            out.extend(CorrectionField::intake(case.profile, case.kind));
        }
        if self.findings_correction_role(user, case).is_ok() {
            out.extend(self.findings_fields(case).0);
        }
        out
    }

    /// 更正信息: sets the fields `input` gives to their new values, with a reason, in one write.
    ///
    /// Who: a clerk or supervisor corrects what intake took (`CorrectionField::intake`); a
    /// handler corrects the findings of their own investigation (see `findings_correction_role`);
    /// on a closed case only a supervisor corrects. New values pass intake's rules (times as at
    /// registration) or the step's; the staff member complained about is checked against the
    /// handler again (回避); a correction that changes nothing, or a stale case version, is
    /// refused, and a refusal writes nothing. The event holds the before and after values of
    /// exactly the fields changed. A new received time or rule pack moves the clocks: they, and
    /// whether the decision sent met its deadline, are recomputed in the same write. The search
    /// index follows the corrected text. The repeat-complainant mark is intake's and stays.
    #[instrument(skip_all, fields(actor, case_id = id))]
    pub fn correct_case(&self, actor: i64, id: i64, input: &CorrectionInput, given: DateTime<Utc>) -> DeskResult<CaseDetail> {
        let user = self.actor(actor)?;
        let case = self.load(id)?;
        if input.expected_version.is_some_and(|v| v != case.version) {
            return Err(DeskError::new(ErrorCode::Conflict, "案件已被他人修改，请刷新后再操作").rule("version"));
        }
        let c = &input.fields;
        let fields = c.given();
        if fields.is_empty() {
            return Err(DeskError::new(ErrorCode::Invalid, "请填写要更正的内容").rule("correction.empty"));
        }
        let intake = CorrectionField::intake(case.profile, case.kind);
        let (findings, required) = self.findings_fields(&case);
        if let Some(f) = fields.iter().find(|f| !intake.contains(f) && !findings.contains(f)) {
            return Err(DeskError::invalid(f.name(), format!("本案件没有可更正的“{}”", f.label())).rule("correction.not_correctable"));
        }
        let intake_role = match fields.iter().find(|f| intake.contains(f)) {
            Some(f) => Some(self.intake_correction_role(&user, &case).map_err(|e| e.field(f.name()))?),
            None => None,
        };
        let findings_role = match fields.iter().find(|f| findings.contains(f)) {
            Some(f) => Some(self.findings_correction_role(&user, &case).map_err(|e| e.field(f.name()))?),
            None => None,
        };
        let role = match (intake_role, findings_role) {
            (Some(a), Some(b)) if a != b => {
                return Err(DeskError::new(ErrorCode::Invalid, "受理信息与调查结果请分两次更正").rule("correction.one_role"));
            }
            (Some(r), _) | (None, Some(r)) => r,
            (None, None) => unreachable!("every field given is an intake field or a finding"),
        };
        let reason = correction::check_reason(&input.reason)?;

        // The values, checked as at intake or at the step that recorded them.
        let staff_user = match c.staff_user_id {
            Some(u) => Some(
                users::get(self.store.db(), u)?
                    .ok_or_else(|| DeskError::invalid("staff_user_id", "被投诉员工不在用户列表中").rule("staff_user_id.known"))?,
            ),
            None => None,
        };
        let staff_name = correction::staff_name_of(c, staff_user.as_ref().map(|u| u.display_name.as_str()))?;
        if let Some(code) = c.rule_pack.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            if !self.deadlines().packs.iter().any(|p| p.code == code) {
                return Err(DeskError::invalid("rule_pack", format!("没有“{code}”这个时限规则")).rule("rule_pack.known"));
            }
        }
        let tree = Classification::for_profile(case.profile);
        let after = correction::apply_intake(&case, c, &tree, staff_name)?;
        let mut after = correction::apply_findings(&after, c, &tree, &required)?;
        let (before_v, after_v) = step::diff(&case, &after);
        let Some(after_v) = after_v else {
            return Err(DeskError::new(ErrorCode::Invalid, "所填的值与现在相同，没有需要更正的内容").rule("correction.unchanged"));
        };

        // 回避: the staff member complained about may not be the case's handler.
        if fields.contains(&CorrectionField::StaffName) {
            if let Some(h) = case.handler_id {
                let handler_name = users::get(self.store.db(), h)?.map(|u| u.display_name);
                if recused(Some(h), handler_name.as_deref(), after.staff_user_id, after.staff_name.as_deref()) {
                    return Err(DeskError::new(ErrorCode::Recusal, "被投诉员工是本案的处理人，须回避：请先改派处理人，再更正被投诉员工")
                        .field("staff_name")
                        .rule("recusal"));
                }
            }
        }

        let now = self.not_before_last_event(id, given)?;
        after.updated_at = now;
        let moves_clocks = fields.iter().any(|f| f.moves_clocks());
        let details = events::note_clock_adjusted(None, given, now);
        self.store.write(|tx| {
            let saved = cases::correct(tx, &after, case.version)?;
            events::append(
                tx,
                &NewEvent {
                    before: before_v.clone(),
                    after: Some(after_v.clone()),
                    details: details.clone(),
                    note: Some(&reason),
                    ..NewEvent::new(id, now, Some(user.id), role, EventKind::Correction)
                },
            )?;
            if moves_clocks {
                if let Some(sent) = saved.responded_at {
                    let on_time = self.deadlines().response_on_time_as_sent(tx, id, sent)?;
                    cases::set_responded_on_time(tx, id, on_time)?;
                }
            }
            // Every write keeps the clock summary true; a refusal by the engine fails the write.
            self.deadlines().refresh_due(&self.lifecycle, tx, id, now)?;
            Ok(())
        })?;
        tracing::info!(case_id = id, fields = fields.len(), "case corrected");
        let saved = self.load(id)?;
        self.detail_for(&user, saved, now)
    }
}
