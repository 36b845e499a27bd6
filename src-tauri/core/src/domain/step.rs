//! What a step does to a case: the new status, the stamp, the fields it carries; and the
//! before/after values the event log keeps.
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::case::Case;
use super::lifecycle::{Stamp, StepField, StepFields, TransitionDef};

/// The case after `t` with `fields`, at `now`. Only the fields the transition lists are applied.
pub fn apply(case: &Case, t: &TransitionDef, fields: &StepFields, now: DateTime<Utc>) -> Case {
    let mut c = case.clone();
    c.status = t.to.clone();
    c.updated_at = now;
    match t.stamp {
        Some(Stamp::AcceptedAt) => c.accepted_at = Some(now),
        Some(Stamp::AssignedAt) => c.assigned_at = Some(now),
        Some(Stamp::RespondedAt) => c.responded_at = Some(now),
        Some(Stamp::ClosedAt) => c.closed_at = Some(now),
        None => {}
    }
    let listed = |f: StepField| t.requires.contains(&f) || t.optional.contains(&f);
    let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    for f in t.requires.iter().chain(t.optional.iter()) {
        if !fields.has(*f) && !matches!(f, StepField::Solved | StepField::CustomerTold | StepField::ComplexFollowup) {
            continue;
        }
        match f {
            StepField::Department => c.department = text(&fields.department),
            StepField::HandlerId => c.handler_id = fields.handler_id,
            StepField::Facts => c.facts = text(&fields.facts),
            StepField::DecisionBasis => c.decision_basis = text(&fields.decision_basis),
            StepField::Outcome => c.outcome = text(&fields.outcome),
            StepField::Remedy => c.remedy = text(&fields.remedy),
            StepField::Compensation => c.compensation_cents = fields.compensation.map(|y| (y * 100.0).round() as i64),
            StepField::StaffMinutes => c.staff_minutes = fields.staff_minutes,
            StepField::RootCauseCode => c.root_cause_code = text(&fields.root_cause_code),
            StepField::RootCauseText => c.root_cause_text = text(&fields.root_cause_text),
            StepField::Improvement => c.improvement = text(&fields.improvement),
            StepField::Satisfaction => c.satisfaction = fields.satisfaction,
            StepField::Solved if listed(StepField::Solved) && fields.solved.is_some() => c.solved = fields.solved,
            StepField::ComplexFollowup => c.followup_complex = fields.complex_followup == Some(true),
            _ => {}
        }
    }
    c
}

/// The step values that are not case fields (reason, notice method, …), for the event's details.
pub fn details(t: &TransitionDef, fields: &StepFields) -> Option<Value> {
    let all = serde_json::to_value(fields).ok()?;
    let Value::Object(all) = all else { return None };
    let case_fields = [
        StepField::Department,
        StepField::HandlerId,
        StepField::Facts,
        StepField::DecisionBasis,
        StepField::Outcome,
        StepField::Remedy,
        StepField::Compensation,
        StepField::StaffMinutes,
        StepField::RootCauseCode,
        StepField::RootCauseText,
        StepField::Improvement,
        StepField::Satisfaction,
        StepField::Solved,
        StepField::ComplexFollowup,
    ];
    let keep: Map<String, Value> = t
        .requires
        .iter()
        .chain(t.optional.iter())
        .filter(|f| !case_fields.contains(f) && fields.has(**f))
        .filter_map(|f| all.get(f.name()).filter(|v| !v.is_null()).map(|v| (f.name().to_string(), v.clone())))
        .collect();
    (!keep.is_empty()).then_some(Value::Object(keep))
}

/// The fields that differ between two versions of a case: (before, after), without bookkeeping fields.
pub fn diff(before: &Case, after: &Case) -> (Option<Value>, Option<Value>) {
    let (Ok(Value::Object(b)), Ok(Value::Object(a))) = (serde_json::to_value(before), serde_json::to_value(after)) else {
        return (None, None);
    };
    let mut bm = Map::new();
    let mut am = Map::new();
    for (k, av) in &a {
        if matches!(k.as_str(), "updated_at" | "version") {
            continue;
        }
        let bv = b.get(k).cloned().unwrap_or(Value::Null);
        if &bv != av {
            bm.insert(k.clone(), bv);
            am.insert(k.clone(), av.clone());
        }
    }
    if am.is_empty() {
        (None, None)
    } else {
        (Some(Value::Object(bm)), Some(Value::Object(am)))
    }
}
