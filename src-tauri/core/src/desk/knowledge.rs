//! What the desk's own cases teach: 智能分类建议 (the categories most likely for a new complaint,
//! from a naive Bayes model of this desk's registered cases, `domain::classify`, trained off the
//! window's path and again when enough new cases have come in; nothing is sent anywhere),
//! 相似案件 (the closed cases most like one, with how they were settled) and 合并处理 (a repeated
//! complaint recorded on the customer's open case instead of a second case, as the NFRA
//! measures allow).
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tracing::instrument;
use ts_rs::TS;

use super::dto::CaseDetail;
use super::{acting_role, Desk, INTAKE_ROLES};
use crate::domain::types::Role;
use crate::domain::case::{normalize_phone, CaseInput, EventKind};
use crate::domain::classify::{evaluate, Accuracy, Model};
use crate::domain::catalog::Classification;
use crate::domain::lifecycle::StatusKind;
use crate::domain::{DeskError, DeskResult};
use crate::store::events::{self, NewEvent};
use crate::store::{cases, search};

/// A trained model and what it was trained on.
pub struct Trained {
    model: Model,
    cases: usize,
    status: ClassifierStatus,
}

/// How the category suggestions stand, for the admin to judge whether to trust them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClassifierStatus {
    /// Registered cases it learned from.
    #[ts(type = "number")]
    pub cases: usize,
    /// Held-out cases (every fifth) it was tested on, and how often the right category came
    /// first and among the first three.
    #[ts(type = "number")]
    pub tested: usize,
    pub top1: f64,
    pub top3: f64,
    /// The same for the category alone (a sub-category the desk files loosely does not count).
    pub category_top1: f64,
    pub category_top3: f64,
    pub trained_at: DateTime<Utc>,
    #[ts(type = "number")]
    pub training_ms: u64,
}

/// One suggested category (with its sub-category, if the model learned one) for a new complaint.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CategorySuggestion {
    pub category: String,
    pub subcategory: Option<String>,
    pub label: String,
    pub probability: f64,
}

/// The fewest registered cases worth learning from; and how many new ones (or what share more)
/// make a model worth training again.
const MIN_CASES: usize = 20;
const RETRAIN_AFTER: usize = 200;
const RETRAIN_SHARE: f64 = 0.1;
/// The suggestions offered at intake.
pub const SUGGESTIONS: usize = 3;

/// What a case's text is, for the model: its subject and description.
fn text_of(subject: &str, description: &str) -> String {
    format!("{subject} {description}")
}

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
    /// Trains the category model on the desk's registered cases when there is none yet or
    /// enough new cases have come in since (the shell's watcher calls it, off the window's path);
    /// returns the status when it trained.
    pub fn refresh_classifier(&self, now: DateTime<Utc>) -> DeskResult<Option<ClassifierStatus>> {
        let count = cases::count(self.store.db(), &crate::domain::case::CaseQuery::default())? as usize;
        let due = match self.classifier.read().unwrap_or_else(|p| p.into_inner()).as_ref() {
            None => count >= MIN_CASES,
            Some(t) => count >= t.cases + RETRAIN_AFTER.min(((t.cases as f64) * RETRAIN_SHARE).ceil() as usize).max(1) || count + RETRAIN_AFTER < t.cases,
        };
        if !due {
            return Ok(None);
        }
        self.train_classifier(now).map(Some)
    }

    /// Trains the category model on every registered complaint now, and tests it on a held-out
    /// fifth.
    pub fn train_classifier(&self, now: DateTime<Utc>) -> DeskResult<ClassifierStatus> {
        let started = Instant::now();
        let rows = self.store.db().rows("SELECT subject, description, category, subcategory FROM cases ORDER BY id", &[])?;
        let mut examples: Vec<(String, String)> = Vec::with_capacity(rows.len());
        for r in &rows {
            let label = match r.opt_text("subcategory")? {
                Some(sub) => format!("{}/{sub}", r.text("category")?),
                None => r.text("category")?,
            };
            examples.push((text_of(&r.text("subject")?, &r.text("description")?), label));
        }
        let pairs: Vec<(&str, &str)> = examples.iter().map(|(t, l)| (t.as_str(), l.as_str())).collect();
        let Accuracy { tested, top1, top3 } = evaluate(&pairs);
        let categories: Vec<(&str, &str)> = pairs.iter().map(|(t, l)| (*t, l.split_once('/').map_or(*l, |(c, _)| c))).collect();
        let by_category = evaluate(&categories);
        let model = Model::train(pairs.iter().copied());
        let status = ClassifierStatus {
            cases: examples.len(),
            tested,
            top1,
            top3,
            category_top1: by_category.top1,
            category_top3: by_category.top3,
            trained_at: now,
            training_ms: started.elapsed().as_millis() as u64,
        };
        tracing::info!(cases = status.cases, ms = status.training_ms, "category suggestions trained");
        *self.classifier.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(Trained { model, cases: examples.len(), status: status.clone() }));
        Ok(status)
    }

    /// How the suggestions stand (admin); none before the first training.
    pub fn classifier_status(&self, actor: i64) -> DeskResult<Option<ClassifierStatus>> {
        acting_role(&self.actor(actor)?, &[Role::Admin, Role::Supervisor], "查看分类建议的准确率")?;
        Ok(self.classifier.read().unwrap_or_else(|p| p.into_inner()).as_ref().map(|t| t.status.clone()))
    }

    /// 智能分类建议: the categories most likely for a complaint with this subject and
    /// description, most likely first; none while no model is trained (intake never waits for
    /// one).
    pub fn suggest_categories(&self, actor: i64, subject: &str, description: &str) -> DeskResult<Vec<CategorySuggestion>> {
        self.actor(actor)?;
        let Some(trained) = self.classifier.read().unwrap_or_else(|p| p.into_inner()).clone() else {
            return Ok(Vec::new());
        };
        let tree = Classification::for_profile(self.profile()?);
        let mut out = Vec::new();
        for s in trained.model.suggest(&text_of(subject, description), SUGGESTIONS) {
            let (category, sub) = match s.label.split_once('/') {
                Some((c, sub)) => (c.to_string(), Some(sub.to_string())),
                None => (s.label.clone(), None),
            };
            // A category the desk no longer has is not offered.
            let Some(cat) = tree.category(&category) else { continue };
            let sub_label = sub.as_deref().and_then(|code| cat.children.iter().find(|c| c.code == code)).map(|c| c.label.clone());
            let label = match &sub_label {
                Some(l) => format!("{} / {l}", cat.label),
                None => cat.label.clone(),
            };
            out.push(CategorySuggestion { category, subcategory: sub.filter(|_| sub_label.is_some()), label, probability: s.probability });
        }
        Ok(out)
    }

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
