//! 集中回访 (SPEC §6, §7a): supervisors and compliance pick a set of cases (from the case list, an
//! improvement item or a hotspot), a script and a period; each case gets a campaign call in the
//! 回访 queue, apart from its own follow-up. A call records whether the customer was reached,
//! the score and whether the problem is back; a problem that is back becomes a new case, linked
//! to the old one through the call and both timelines. A closed case is never reopened by a
//! campaign. The campaign closes with a result, which its improvement item shows.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::followups::FOLLOWUP_ROLES;
use super::{acting_role, clean, Desk};
use crate::domain::campaign::{self, check_period, judge_call, CallInput, CallState, CampaignFigures, CampaignStatus};
use crate::domain::case::{validate_intake, Case, CaseInput, EventKind, User};
use crate::domain::catalog::Classification;
use crate::domain::followup::{render_script, validate_script};
use crate::domain::improvement::OVERSEER_ROLES;
use crate::domain::types::{Channel, ContactMethod, Role};
use crate::domain::{DeskError, DeskResult, ErrorCode};
use crate::store::db::{Db, Row, Value};
use crate::store::events::{self, NewEvent};
use crate::store::{from_ms, to_ms};

/// Who sees campaigns and their results.
const SEE_ROLES: &[Role] = &[Role::Followup, Role::Supervisor, Role::Compliance, Role::Admin];

/// What starts a campaign.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct CampaignInput {
    pub title: String,
    /// The call script; its placeholders are those of the follow-up scripts.
    pub script: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// The improvement item whose effect the campaign checks.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub improvement_id: Option<i64>,
    /// The cases to call back: at least one.
    #[ts(type = "Array<number>")]
    pub case_ids: Vec<i64>,
}

/// A campaign with its results so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Campaign {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub script: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    #[ts(type = "number | null")]
    pub improvement_id: Option<i64>,
    /// The item's action, to name it.
    pub improvement_action: Option<String>,
    pub status: CampaignStatus,
    pub result: String,
    pub opened_by_name: String,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    #[ts(type = "number")]
    pub version: i64,
    pub figures: CampaignFigures,
    /// The figures in a sentence (回访 20 户，接通 18 户…).
    pub summary: String,
    /// Running past its last day.
    pub overdue: bool,
}

/// One campaign call, as the queue and the campaign page list it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignCall {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub campaign_title: String,
    pub ends_on: NaiveDate,
    #[ts(type = "number")]
    pub case_id: i64,
    pub case_number: String,
    pub subject: String,
    pub category: String,
    pub category_label: String,
    pub customer_name: Option<String>,
    /// Masked as lists mask it, unless the user may see phones.
    pub customer_phone: Option<String>,
    pub state: CallState,
    pub attempts: u32,
    pub method: Option<ContactMethod>,
    #[ts(type = "number | null")]
    pub satisfaction: Option<i64>,
    pub problem_back: bool,
    pub comment: Option<String>,
    /// The case registered when the customer said the problem was back.
    #[ts(type = "number | null")]
    pub new_case_id: Option<i64>,
    pub new_case_number: Option<String>,
    pub called_by_name: Option<String>,
    pub called_at: Option<DateTime<Utc>>,
}

/// A campaign with every call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignDetail {
    pub campaign: Campaign,
    pub calls: Vec<CampaignCall>,
    /// Whether the user may record calls, and close the campaign.
    pub can_call: bool,
    pub can_close: bool,
}

/// What the call form shows: the call, its script filled in for the case, and how many
/// attempts a call gets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignCallForm {
    pub call: CampaignCall,
    pub script: String,
    pub max_attempts: u32,
    pub campaign_running: bool,
}

const CAMPAIGN_COLUMNS: &str = "g.id, g.title, g.script, g.starts_on, g.ends_on, g.improvement_id, i.action AS improvement_action, g.status,
    g.result, b.display_name AS opened_by_name, g.opened_at, g.closed_at, g.version";
const CAMPAIGN_FROM: &str = "FROM campaigns g JOIN users b ON b.id = g.opened_by LEFT JOIN improvements i ON i.id = g.improvement_id";
const CALL_COLUMNS: &str = "k.id, k.campaign_id, g.title AS campaign_title, g.ends_on, k.case_id, c.number AS case_number, c.subject, c.category,
    c.customer_name, c.customer_phone, k.state, k.attempts, k.method, k.satisfaction, k.problem_back, k.comment, k.new_case_id,
    n.number AS new_case_number, u.display_name AS called_by_name, k.called_at";
const CALL_FROM: &str = "FROM campaign_calls k JOIN campaigns g ON g.id = k.campaign_id JOIN cases c ON c.id = k.case_id
    LEFT JOIN cases n ON n.id = k.new_case_id LEFT JOIN users u ON u.id = k.called_by";

fn day_of(r: &Row, column: &str) -> DeskResult<NaiveDate> {
    let d = r.text(column)?;
    NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| DeskError::storage(format!("集中回访的日期“{d}”无法读取")))
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl Desk {
    /// The figures of each of `ids`, from their calls.
    fn campaign_figures(&self, db: &dyn Db, ids: &[i64]) -> DeskResult<Vec<(i64, CampaignFigures)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks = vec!["?"; ids.len()].join(", ");
        let rows = db.rows(
            &format!(
                "SELECT campaign_id, state, satisfaction, problem_back, count(*) AS n FROM campaign_calls
                 WHERE campaign_id IN ({marks}) GROUP BY campaign_id, state, satisfaction, problem_back"
            ),
            &ids.iter().map(|&i| Value::from(i)).collect::<Vec<_>>(),
        )?;
        let mut groups = Vec::with_capacity(rows.len());
        for r in &rows {
            let state = CallState::parse(&r.text("state")?).ok_or_else(|| DeskError::storage("回访任务的状态无法读取"))?;
            groups.push((r.int("campaign_id")?, (state, r.opt_int("satisfaction")?, r.bool("problem_back")?, r.uint("n")?)));
        }
        Ok(ids.iter().map(|&id| (id, CampaignFigures::of(groups.iter().filter(|(c, _)| *c == id).map(|(_, g)| *g)))).collect())
    }

    fn campaigns_where(&self, filter: &str, args: &[Value], today: NaiveDate) -> DeskResult<Vec<Campaign>> {
        let db = self.store.db();
        let rows = db.rows(&format!("SELECT {CAMPAIGN_COLUMNS} {CAMPAIGN_FROM} WHERE {filter} ORDER BY g.status DESC, g.ends_on, g.id"), args)?;
        let ids: Vec<i64> = rows.iter().map(|r| r.int("id")).collect::<DeskResult<_>>()?;
        let figures = self.campaign_figures(db, &ids)?;
        rows.iter()
            .zip(figures)
            .map(|(r, (_, figures))| {
                let status = CampaignStatus::parse(&r.text("status")?).ok_or_else(|| DeskError::storage("集中回访的状态无法读取"))?;
                let ends_on = day_of(r, "ends_on")?;
                Ok(Campaign {
                    id: r.int("id")?,
                    title: r.text("title")?,
                    script: r.text("script")?,
                    starts_on: day_of(r, "starts_on")?,
                    ends_on,
                    improvement_id: r.opt_int("improvement_id")?,
                    improvement_action: r.opt_text("improvement_action")?,
                    status,
                    result: r.text("result")?,
                    opened_by_name: r.text("opened_by_name")?,
                    opened_at: from_ms(r.int("opened_at")?),
                    closed_at: r.opt_int("closed_at")?.map(from_ms),
                    version: r.int("version")?,
                    summary: figures.summary(),
                    figures,
                    overdue: status == CampaignStatus::Running && ends_on < today,
                })
            })
            .collect()
    }

    fn calls_where(&self, user: &User, filter: &str, args: &[Value]) -> DeskResult<Vec<CampaignCall>> {
        let sight = self.list_sight(user)?;
        let tree = Classification::for_profile(self.profile()?);
        let rows = self.store.db().rows(&format!("SELECT {CALL_COLUMNS} {CALL_FROM} WHERE {filter} ORDER BY g.ends_on, k.campaign_id, k.id"), args)?;
        rows.iter()
            .map(|r| {
                let category = r.text("category")?;
                Ok(CampaignCall {
                    id: r.int("id")?,
                    campaign_id: r.int("campaign_id")?,
                    campaign_title: r.text("campaign_title")?,
                    ends_on: day_of(r, "ends_on")?,
                    case_id: r.int("case_id")?,
                    case_number: r.text("case_number")?,
                    subject: r.text("subject")?,
                    category_label: tree.category_label(&category),
                    category,
                    customer_name: r.opt_text("customer_name")?,
                    customer_phone: sight.phone(r.opt_text("customer_phone")?),
                    state: CallState::parse(&r.text("state")?).ok_or_else(|| DeskError::storage("回访任务的状态无法读取"))?,
                    attempts: r.uint("attempts")?,
                    method: r.opt_text("method")?.as_deref().and_then(ContactMethod::parse),
                    satisfaction: r.opt_int("satisfaction")?,
                    problem_back: r.bool("problem_back")?,
                    comment: r.opt_text("comment")?,
                    new_case_id: r.opt_int("new_case_id")?,
                    new_case_number: r.opt_text("new_case_number")?,
                    called_by_name: r.opt_text("called_by_name")?,
                    called_at: r.opt_int("called_at")?.map(from_ms),
                })
            })
            .collect()
    }

    /// Starts a campaign on the cases given (supervisor, compliance): each gets a call in the
    /// 回访 queue and the campaign on its timeline.
    pub fn open_campaign(&self, actor: i64, input: &CampaignInput, now: DateTime<Utc>) -> DeskResult<CampaignDetail> {
        let user = self.actor(actor)?;
        let role = acting_role(&user, OVERSEER_ROLES, "发起集中回访")?;
        let title = clean(&input.title, "title", "回访主题", campaign::MAX_TITLE)?;
        if input.script.trim().is_empty() {
            return Err(DeskError::required("script", "回访话术"));
        }
        if input.script.chars().count() > campaign::MAX_SCRIPT {
            return Err(DeskError::invalid("script", format!("“回访话术”最多 {} 字", campaign::MAX_SCRIPT)).rule("text.format"));
        }
        // The follow-up scripts' rule, said of this form's field.
        let script = validate_script(input.script.trim()).map_err(|mut e| {
            e.field = Some("script".into());
            e
        })?;
        check_period(input.starts_on, input.ends_on, self.today(now))?;
        if let Some(item) = input.improvement_id {
            if self.store.db().row("SELECT id FROM improvements WHERE id = ?", &[item.into()])?.is_none() {
                return Err(DeskError::invalid("improvement_id", format!("找不到编号为 {item} 的整改事项")).rule("campaign.improvement"));
            }
        }
        let too_many = format!("一次集中回访最多 {} 件案件", campaign::MAX_CASES);
        let ids = self.existing_cases(&input.case_ids, campaign::MAX_CASES, "回访的案件", &too_many, "campaign.cases")?;
        let id = self.store.write(|tx| {
            let id = tx
                .row(
                    "INSERT INTO campaigns (title, script, starts_on, ends_on, improvement_id, status, opened_by, opened_at)
                     VALUES (?, ?, ?, ?, ?, 'running', ?, ?) RETURNING id",
                    &[
                        title.clone().into(),
                        script.clone().into(),
                        ymd(input.starts_on).into(),
                        ymd(input.ends_on).into(),
                        Value::from(input.improvement_id),
                        user.id.into(),
                        to_ms(now).into(),
                    ],
                )?
                .ok_or_else(|| DeskError::storage("集中回访未能保存"))?
                .int("id")?;
            let after = serde_json::json!({ "campaign": id, "title": title, "improvement": input.improvement_id });
            for &case_id in &ids {
                tx.exec("INSERT INTO campaign_calls (campaign_id, case_id, state) VALUES (?, ?, 'open')", &[id.into(), case_id.into()])?;
                events::append(
                    tx,
                    &NewEvent { action: Some("campaign_added"), after: Some(after.clone()), ..NewEvent::new(case_id, now, Some(user.id), role, EventKind::Campaign) },
                )?;
            }
            Ok(id)
        })?;
        tracing::info!(campaign = id, cases = ids.len(), "follow-up campaign opened");
        self.campaign(actor, id, now)
    }

    /// Every campaign, running ones first (follow-up, supervisors, compliance, admins).
    pub fn campaigns(&self, actor: i64, now: DateTime<Utc>) -> DeskResult<Vec<Campaign>> {
        acting_role(&self.actor(actor)?, SEE_ROLES, "查看集中回访")?;
        self.campaigns_where("1 = 1", &[], self.today(now))
    }

    /// The campaigns run for an improvement item.
    pub(super) fn campaigns_of_item(&self, item: i64, now: DateTime<Utc>) -> DeskResult<Vec<Campaign>> {
        self.campaigns_where("g.improvement_id = ?", &[item.into()], self.today(now))
    }

    /// The campaigns opened or closed within `from..=to` (the desk's days), for the monthly report.
    pub(crate) fn campaigns_between(&self, from: DateTime<Utc>, to: DateTime<Utc>, now: DateTime<Utc>) -> DeskResult<Vec<Campaign>> {
        let (f, t) = (to_ms(from), to_ms(to));
        self.campaigns_where(
            "(g.opened_at >= ? AND g.opened_at < ?) OR (g.closed_at >= ? AND g.closed_at < ?) OR (g.status = 'running' AND g.opened_at < ?)",
            &[f.into(), t.into(), f.into(), t.into(), t.into()],
            self.today(now),
        )
    }

    /// One campaign with its calls.
    pub fn campaign(&self, actor: i64, id: i64, now: DateTime<Utc>) -> DeskResult<CampaignDetail> {
        let user = self.actor(actor)?;
        acting_role(&user, SEE_ROLES, "查看集中回访")?;
        let campaign = self.campaigns_where("g.id = ?", &[id.into()], self.today(now))?.pop().ok_or_else(|| DeskError::not_found("该集中回访"))?;
        let calls = self.calls_where(&user, "k.campaign_id = ?", &[id.into()])?;
        let running = campaign.status == CampaignStatus::Running;
        Ok(CampaignDetail {
            can_call: running && FOLLOWUP_ROLES.iter().any(|r| user.roles.contains(r)),
            can_close: running && OVERSEER_ROLES.iter().any(|r| user.roles.contains(r)),
            campaign,
            calls,
        })
    }

    /// The campaign calls waiting in the 回访 queue: those of running campaigns not yet made
    /// (or to try again), the campaign ending soonest first.
    pub fn campaign_queue(&self, actor: i64) -> DeskResult<Vec<CampaignCall>> {
        let user = self.actor(actor)?;
        acting_role(&user, FOLLOWUP_ROLES, "查看回访队列")?;
        self.calls_where(&user, "k.state = 'open' AND g.status = 'running'", &[])
    }

    /// The call form: the call, the campaign's script filled in for its case.
    pub fn campaign_call(&self, actor: i64, call_id: i64) -> DeskResult<CampaignCallForm> {
        let user = self.actor(actor)?;
        acting_role(&user, FOLLOWUP_ROLES, "登记回访")?;
        let call = self.calls_where(&user, "k.id = ?", &[call_id.into()])?.pop().ok_or_else(|| DeskError::not_found("该回访任务"))?;
        let row = self.store.db().row("SELECT script, status FROM campaigns WHERE id = ?", &[call.campaign_id.into()])?.ok_or_else(|| DeskError::not_found("该集中回访"))?;
        let case = self.load(call.case_id)?;
        Ok(CampaignCallForm {
            script: render_script(&row.text("script")?, &self.script_values(&case)?),
            max_attempts: self.followup_settings()?.max_attempts,
            campaign_running: row.text("status")? == CampaignStatus::Running.code(),
            call,
        })
    }

    /// Records one campaign call, in one transaction: its answer on the call and on the case's
    /// timeline; a problem that is back registers a new case linked to the old one. The old
    /// case itself is left as it is (a campaign never reopens it).
    pub fn record_campaign_call(&self, actor: i64, call_id: i64, input: &CallInput, now: DateTime<Utc>) -> DeskResult<CampaignCallForm> {
        let user = self.actor(actor)?;
        let role = acting_role(&user, FOLLOWUP_ROLES, "登记回访")?;
        let form = self.campaign_call(actor, call_id)?;
        if !form.campaign_running {
            return Err(DeskError::new(ErrorCode::TransitionNotAllowed, "该集中回访已结束，不能再登记").rule("campaign.closed"));
        }
        if form.call.state != CallState::Open {
            return Err(DeskError::new(ErrorCode::TransitionNotAllowed, "该回访任务已经完成").rule("campaign.call_done"));
        }
        let call = judge_call(input, form.call.attempts, form.max_attempts)?;
        let original = self.load(form.call.case_id)?;
        let new_case = if call.problem_back { Some(self.problem_back_case(&original, &form.call.campaign_title, call.comment.as_deref().unwrap_or(""), now)?) } else { None };
        self.store.write(|tx| {
            let created = match &new_case {
                Some(new) => {
                    let details = serde_json::json!({ "campaign": form.call.campaign_id, "problem_back_of": original.number });
                    Some(self.register_in(tx, new, &user, role, Some(details), now)?)
                }
                None => None,
            };
            let changed = tx.exec(
                "UPDATE campaign_calls SET state = ?, attempts = ?, method = ?, satisfaction = ?, problem_back = ?, comment = ?, new_case_id = ?,
                        called_by = ?, called_at = ? WHERE id = ? AND state = 'open' AND attempts = ?",
                &[
                    call.state.code().into(),
                    i64::from(call.attempts).into(),
                    call.method.code().into(),
                    Value::from(call.satisfaction),
                    i64::from(call.problem_back).into(),
                    Value::from(call.comment.clone()),
                    Value::from(created.as_ref().map(|c| c.id)),
                    user.id.into(),
                    to_ms(now).into(),
                    call_id.into(),
                    i64::from(form.call.attempts).into(),
                ],
            )?;
            if changed != 1 {
                return Err(DeskError::new(ErrorCode::Conflict, "该回访任务已被他人登记，请刷新后再操作").rule("version"));
            }
            let after = serde_json::json!({
                "campaign": form.call.campaign_id,
                "attempt": call.attempts,
                "method": call.method,
                "reached": call.reached,
                "satisfaction": call.satisfaction,
                "problem_back": call.problem_back,
                "state": call.state,
                "new_case": created.as_ref().map(|c| c.number.clone()),
            });
            events::append(
                tx,
                &NewEvent {
                    action: Some("campaign_call"),
                    after: Some(after),
                    note: call.comment.as_deref(),
                    ..NewEvent::new(original.id, now, Some(user.id), role, EventKind::Campaign)
                },
            )?;
            Ok(())
        })?;
        tracing::info!(call = call_id, state = call.state.code(), "campaign call recorded");
        self.campaign_call(actor, call_id)
    }

    /// The new complaint of a customer who says the problem is back: the old case's customer,
    /// category and place, with what they said now.
    fn problem_back_case(&self, original: &Case, title: &str, said: &str, now: DateTime<Utc>) -> DeskResult<crate::domain::case::NewCase> {
        let subject: String = format!("问题复现：{}", original.subject).chars().take(crate::domain::case::MAX_SUBJECT).collect();
        let input = CaseInput {
            customer_name: original.customer_name.clone(),
            customer_phone: original.customer_phone.clone(),
            customer_id_number: original.customer_id_number.clone(),
            customer_org: original.customer_org.clone(),
            channel: Some(Channel::Phone),
            received_at: Some(now),
            subject: Some(subject),
            description: Some(format!("集中回访“{title}”时客户反映问题再次出现（原案件 {}）：{said}", original.number)),
            claim: Some(original.claim),
            category: Some(original.category.clone()),
            subcategory: original.subcategory.clone(),
            severity: Some(original.severity),
            urgency: Some(original.urgency),
            mood: Some(original.mood),
            business_line: original.business_line.clone(),
            product: original.product.clone(),
            policy_number: original.policy_number.clone(),
            cause_channel: original.cause_channel.clone(),
            cause_business: original.cause_business.clone(),
            cause_reason: original.cause_reason.clone(),
            project: original.project.clone(),
            building: original.building.clone(),
            unit: original.unit.clone(),
            ..Default::default()
        };
        let profile = self.profile()?;
        validate_intake(&input, profile, &Classification::for_profile(profile), now).map_err(|e| {
            DeskError::invalid(
                e.field.as_deref().unwrap_or("problem_back"),
                format!("客户反映问题复现，需要登记新案件，但原案件 {} 的信息不全（{}）：请到“登记投诉”手工登记后再记录本次回访", original.number, e.message),
            )
            .rule("campaign.problem_back")
        })
    }

    /// Closes a campaign with its result (supervisor, compliance); calls not made are left as
    /// 未拨打.
    pub fn close_campaign(&self, actor: i64, id: i64, result: &str, expected_version: i64, now: DateTime<Utc>) -> DeskResult<CampaignDetail> {
        let user = self.actor(actor)?;
        acting_role(&user, OVERSEER_ROLES, "结束集中回访")?;
        let result = clean(result, "result", "回访结论", campaign::MAX_TEXT)?;
        self.store.write(|tx| {
            let changed = tx.exec(
                "UPDATE campaigns SET status = 'closed', result = ?, closed_at = ?, version = version + 1 WHERE id = ? AND version = ? AND status = 'running'",
                &[result.clone().into(), to_ms(now).into(), id.into(), expected_version.into()],
            )?;
            if changed != 1 {
                return Err(match tx.row("SELECT status FROM campaigns WHERE id = ?", &[id.into()])? {
                    None => DeskError::not_found("该集中回访"),
                    Some(r) if r.text("status")? == "closed" => DeskError::new(ErrorCode::TransitionNotAllowed, "该集中回访已经结束").rule("campaign.closed"),
                    Some(_) => DeskError::new(ErrorCode::Conflict, "集中回访已被他人修改，请刷新后再操作").rule("version"),
                });
            }
            tx.exec("UPDATE campaign_calls SET state = 'dropped' WHERE campaign_id = ? AND state = 'open'", &[id.into()])?;
            Ok(())
        })?;
        tracing::info!(campaign = id, "follow-up campaign closed");
        self.campaign(actor, id, now)
    }
}
