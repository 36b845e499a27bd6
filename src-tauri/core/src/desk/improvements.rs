//! 整改事项 (SPEC §7a): supervisors and compliance open an item from a hotspot, a selection of
//! cases or a case at closing; its owner takes it up and says when it is done; an overseer checks
//! the effect (the complaints of its category and site before and after) and verifies it or
//! finds it ineffective. Every change is an event on each linked case, on the audit chain.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{acting_role, clean, Desk};
use crate::domain::case::{CaseQuery, CaseRow, EventKind, User};
use crate::domain::catalog::Classification;
use crate::domain::improvement::{self, check_move, EffectCheck, ImprovementStatus, Mover, OVERSEER_ROLES};
use crate::domain::types::Role;
use crate::domain::{DeskError, DeskResult, ErrorCode};
use crate::store::db::{Db, Row, Value};
use crate::store::events::{self, NewEvent};
use crate::store::{cases, from_ms, to_ms, users};

/// What opens an item.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ImprovementInput {
    /// A root cause code of the desk's profile.
    pub cause: String,
    #[serde(default)]
    pub cause_note: Option<String>,
    pub action: String,
    #[ts(type = "number")]
    pub owner_id: i64,
    pub due_on: NaiveDate,
    /// Where the effect is checked: the complaints of this category (and site).
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub project: Option<String>,
    /// The cases it covers: at least one.
    #[ts(type = "Array<number>")]
    pub case_ids: Vec<i64>,
}

/// One improvement item as the lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Improvement {
    #[ts(type = "number")]
    pub id: i64,
    pub cause: String,
    pub cause_label: String,
    pub cause_note: String,
    pub action: String,
    #[ts(type = "number")]
    pub owner_id: i64,
    pub owner_name: String,
    pub due_on: NaiveDate,
    pub status: ImprovementStatus,
    pub status_label: String,
    pub category: Option<String>,
    pub category_label: Option<String>,
    pub project: Option<String>,
    pub done_on: Option<NaiveDate>,
    pub check_note: String,
    pub opened_by_name: String,
    pub opened_at: DateTime<Utc>,
    #[ts(type = "number")]
    pub version: i64,
    #[ts(type = "number")]
    pub cases: i64,
    /// Still to do and past its due date (the desk's today).
    pub overdue: bool,
}

/// An item with its cases and, once it is done, its effect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImprovementDetail {
    pub item: Improvement,
    pub cases: Vec<CaseRow>,
    pub effect: Option<EffectCheck>,
    /// The follow-up campaigns run for the item, with their results: the customers' side of the
    /// effect check.
    pub campaigns: Vec<super::campaigns::Campaign>,
}

/// An improvement item the deadline watcher found overdue, for its owner's notification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImprovementAlert {
    #[ts(type = "number")]
    pub id: i64,
    pub action: String,
    #[ts(type = "number")]
    pub owner_id: i64,
    pub owner_name: String,
    pub due_on: NaiveDate,
}

impl ImprovementAlert {
    /// The desktop notification in the window's language: its title and text.
    pub fn notification(&self, locale: super::dto::Locale) -> (String, String) {
        let action: String = self.action.chars().take(60).collect();
        match locale {
            super::dto::Locale::ZhCn => (format!("整改事项 #{} 已逾期", self.id), format!("{action}（责任人 {}，期限 {}）", self.owner_name, self.due_on)),
            super::dto::Locale::En => (format!("Improvement item #{} is overdue", self.id), format!("{action} (owner {}, due {})", self.owner_name, self.due_on)),
        }
    }
}

/// The dashboard's 整改 card: items by where they stand, and the share of the period's closed
/// cases with a root cause whose cause has an item (any but 无效).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImprovementCard {
    /// 待整改 and 整改中.
    #[ts(type = "number")]
    pub pending: i64,
    /// Pending and past the due date.
    #[ts(type = "number")]
    pub overdue: i64,
    /// 已完成, waiting for the check.
    #[ts(type = "number")]
    pub done: i64,
    #[ts(type = "number")]
    pub verified: i64,
    #[ts(type = "number")]
    pub ineffective: i64,
    /// Covered cases ÷ cases with a root cause (none when no closed case gave one).
    pub covered_share: Option<f64>,
    /// The root cause codes that have an item (any but 无效): the Pareto marks them.
    pub covered_causes: Vec<String>,
}

const COLUMNS: &str = "i.id, i.cause, i.cause_note, i.action, i.owner_id, o.display_name AS owner_name, i.due_on, i.status, i.category,
    i.project, i.done_on, i.check_note, b.display_name AS opened_by_name, i.opened_at, i.version,
    (SELECT count(*) FROM improvement_cases ic WHERE ic.improvement_id = i.id) AS cases";
const FROM: &str = "FROM improvements i JOIN users o ON o.id = i.owner_id JOIN users b ON b.id = i.opened_by";

fn day(r: &Row, column: &str) -> DeskResult<Option<NaiveDate>> {
    r.opt_text(column)?
        .map(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| DeskError::storage(format!("整改事项的日期“{d}”无法读取"))))
        .transpose()
}

impl Desk {
    fn improvement_row(&self, r: &Row, tree: &Classification, today: NaiveDate) -> DeskResult<Improvement> {
        let status = ImprovementStatus::parse(&r.text("status")?).ok_or_else(|| DeskError::storage("整改事项的状态无法读取"))?;
        let cause = r.text("cause")?;
        let category = r.opt_text("category")?;
        let due_on = day(r, "due_on")?.ok_or_else(|| DeskError::storage("整改事项没有期限"))?;
        Ok(Improvement {
            id: r.int("id")?,
            cause_label: tree.root_causes.iter().find(|c| c.code == cause).map_or_else(|| cause.clone(), |c| c.label.clone()),
            cause,
            cause_note: r.text("cause_note")?,
            action: r.text("action")?,
            owner_id: r.int("owner_id")?,
            owner_name: r.text("owner_name")?,
            due_on,
            status,
            status_label: status.label().to_string(),
            category_label: category.as_deref().map(|c| tree.category_label(c)),
            category,
            project: r.opt_text("project")?,
            done_on: day(r, "done_on")?,
            check_note: r.text("check_note")?,
            opened_by_name: r.text("opened_by_name")?,
            opened_at: from_ms(r.int("opened_at")?),
            version: r.int("version")?,
            cases: r.int("cases")?,
            overdue: status.is_pending() && due_on < today,
        })
    }

    pub(super) fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.zone()).date_naive()
    }

    /// Who `user` is to item `owner_id`: its owner, an overseer, both or neither.
    fn movers(user: &User, owner_id: i64) -> Vec<Mover> {
        let mut movers = Vec::new();
        if user.id == owner_id {
            movers.push(Mover::Owner);
        }
        if OVERSEER_ROLES.iter().any(|r| user.roles.contains(r)) {
            movers.push(Mover::Overseer);
        }
        movers
    }

    /// The ids given, each a case that exists, once each.
    fn linkable(&self, ids: &[i64]) -> DeskResult<Vec<i64>> {
        let too_many = format!("一次最多关联 {} 件案件", improvement::MAX_LINKED);
        self.existing_cases(ids, improvement::MAX_LINKED, "关联案件", &too_many, "improvement.cases")
    }

    /// Records `action` on each of `case_ids`, in `tx`, with the item as it is after (`after`).
    #[allow(clippy::too_many_arguments)]
    fn note_on_cases(&self, tx: &dyn Db, case_ids: &[i64], user: &User, role: Role, action: &str, details: serde_json::Value, note: Option<&str>, now: DateTime<Utc>) -> DeskResult<()> {
        for &case_id in case_ids {
            events::append(tx, &NewEvent { action: Some(action), after: Some(details.clone()), note, ..NewEvent::new(case_id, now, Some(user.id), role, EventKind::Improvement) })?;
        }
        Ok(())
    }

    fn linked_ids(&self, db: &dyn Db, id: i64) -> DeskResult<Vec<i64>> {
        db.rows("SELECT case_id FROM improvement_cases WHERE improvement_id = ? ORDER BY case_id", &[id.into()])?.iter().map(|r| r.int("case_id")).collect()
    }

    /// Opens an item on the cases it covers (supervisor, compliance).
    pub fn open_improvement(&self, actor: i64, input: &ImprovementInput, now: DateTime<Utc>) -> DeskResult<ImprovementDetail> {
        let user = self.actor(actor)?;
        let role = acting_role(&user, OVERSEER_ROLES, "开立整改事项")?;
        let tree = Classification::for_profile(self.profile()?);
        if !tree.has_root_cause(&input.cause) {
            return Err(DeskError::invalid("cause", format!("没有“{}”这个根本原因：请从列表中选择", input.cause)).rule("improvement.cause"));
        }
        let action = clean(&input.action, "action", "整改措施", improvement::MAX_ACTION)?;
        let cause_note = match input.cause_note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => clean(n, "cause_note", "原因说明", improvement::MAX_NOTE)?,
            None => String::new(),
        };
        match users::get(self.store.db(), input.owner_id)? {
            Some(owner) if owner.active => {}
            _ => return Err(DeskError::invalid("owner_id", "责任人不存在或已停用：请另选一位").rule("improvement.owner")),
        }
        if input.due_on < self.today(now) {
            return Err(DeskError::invalid("due_on", "整改期限不能早于今天").rule("improvement.due"));
        }
        if let Some(c) = input.category.as_deref() {
            if tree.category(c).is_none() {
                return Err(DeskError::invalid("category", format!("没有“{c}”这个分类")).rule("improvement.category"));
            }
        }
        let project = input.project.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(str::to_string);
        let ids = self.linkable(&input.case_ids)?;
        let id = self.store.write(|tx| {
            let id = tx
                .row(
                    "INSERT INTO improvements (cause, cause_note, action, owner_id, due_on, status, category, project, opened_by, opened_at, updated_at)
                     VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?) RETURNING id",
                    &[
                        input.cause.clone().into(),
                        cause_note.clone().into(),
                        action.clone().into(),
                        input.owner_id.into(),
                        input.due_on.format("%Y-%m-%d").to_string().into(),
                        Value::from(input.category.clone()),
                        Value::from(project.clone()),
                        user.id.into(),
                        to_ms(now).into(),
                        to_ms(now).into(),
                    ],
                )?
                .ok_or_else(|| DeskError::storage("整改事项未能保存"))?
                .int("id")?;
            for &case_id in &ids {
                tx.exec("INSERT INTO improvement_cases (improvement_id, case_id) VALUES (?, ?)", &[id.into(), case_id.into()])?;
            }
            let details = serde_json::json!({ "improvement": id, "cause": input.cause, "status": "open", "owner_id": input.owner_id, "due_on": input.due_on });
            self.note_on_cases(tx, &ids, &user, role, "improvement_opened", details, Some(&action), now)?;
            Ok(id)
        })?;
        tracing::info!(improvement = id, cases = ids.len(), "improvement item opened");
        self.improvement(actor, id, now)
    }

    /// The items that became overdue since the watcher last looked (still to do, past their due
    /// day, not said before): each is said once, and marked so in the same transaction.
    pub fn improvement_alerts(&self, now: DateTime<Utc>) -> DeskResult<Vec<ImprovementAlert>> {
        let today = self.today(now).format("%Y-%m-%d").to_string();
        let alerts = self.store.write(|tx| {
            let rows = tx.rows(
                "SELECT i.id, i.action, i.owner_id, o.display_name AS owner_name, i.due_on FROM improvements i JOIN users o ON o.id = i.owner_id
                 WHERE i.status IN ('open', 'in_progress') AND i.due_on < ? AND i.overdue_alerted_on IS NULL ORDER BY i.due_on, i.id",
                &[today.clone().into()],
            )?;
            let mut alerts = Vec::with_capacity(rows.len());
            for r in &rows {
                let id = r.int("id")?;
                tx.exec("UPDATE improvements SET overdue_alerted_on = ? WHERE id = ?", &[today.clone().into(), id.into()])?;
                alerts.push(ImprovementAlert {
                    id,
                    action: r.text("action")?,
                    owner_id: r.int("owner_id")?,
                    owner_name: r.text("owner_name")?,
                    due_on: day(r, "due_on")?.ok_or_else(|| DeskError::storage("整改事项没有期限"))?,
                });
            }
            Ok(alerts)
        })?;
        if !alerts.is_empty() {
            tracing::info!(items = alerts.len(), "improvement items overdue");
        }
        Ok(alerts)
    }

    /// The 整改 card over the Pareto's counts of closed cases by root cause (`causes`).
    pub(super) fn improvement_card(&self, causes: &[(String, i64)], now: DateTime<Utc>) -> DeskResult<ImprovementCard> {
        let today = self.today(now).format("%Y-%m-%d").to_string();
        let db = self.store.db();
        let mut card = ImprovementCard::default();
        for r in db.rows(
            // The day compared once, in a subquery: PostgreSQL does not take two parameters as the same grouping.
            "SELECT status, late, count(*) AS n FROM (SELECT status, CASE WHEN due_on < ? THEN 1 ELSE 0 END AS late FROM improvements) t GROUP BY status, late",
            &[today.into()],
        )? {
            let n = r.int("n")?;
            match ImprovementStatus::parse(&r.text("status")?) {
                Some(s) if s.is_pending() => {
                    card.pending += n;
                    if r.int("late")? == 1 {
                        card.overdue += n;
                    }
                }
                Some(ImprovementStatus::Done) => card.done += n,
                Some(ImprovementStatus::Verified) => card.verified += n,
                Some(ImprovementStatus::Ineffective) => card.ineffective += n,
                _ => {}
            }
        }
        card.covered_causes = db
            .rows("SELECT DISTINCT cause FROM improvements WHERE status <> 'ineffective' ORDER BY cause", &[])?
            .iter()
            .map(|r| r.text("cause"))
            .collect::<DeskResult<_>>()?;
        let given: i64 = causes.iter().filter(|(c, _)| !c.is_empty()).map(|(_, n)| n).sum();
        let covered: i64 = causes.iter().filter(|(c, _)| card.covered_causes.contains(c)).map(|(_, n)| n).sum();
        card.covered_share = (given > 0).then(|| covered as f64 / given as f64);
        Ok(card)
    }

    /// The items `actor` may see: every item for overseers and admins, else those they own;
    /// with `status`, of that status only. Overdue first, then by due date.
    pub fn improvements(&self, actor: i64, status: Option<ImprovementStatus>, now: DateTime<Utc>) -> DeskResult<Vec<Improvement>> {
        let user = self.actor(actor)?;
        let sees_all = OVERSEER_ROLES.iter().chain([Role::Admin].iter()).any(|r| user.roles.contains(r));
        let mut sql = format!("SELECT {COLUMNS} {FROM} WHERE 1 = 1");
        let mut args: Vec<Value> = Vec::new();
        if !sees_all {
            sql.push_str(" AND i.owner_id = ?");
            args.push(user.id.into());
        }
        if let Some(s) = status {
            sql.push_str(" AND i.status = ?");
            args.push(s.code().into());
        }
        sql.push_str(" ORDER BY i.due_on, i.id");
        let tree = Classification::for_profile(self.profile()?);
        let today = self.today(now);
        let mut items = self.store.db().rows(&sql, &args)?.iter().map(|r| self.improvement_row(r, &tree, today)).collect::<DeskResult<Vec<_>>>()?;
        items.sort_by_key(|i| !i.overdue);
        Ok(items)
    }

    /// One item, its cases (masked as the list masks them) and, once done, its effect.
    pub fn improvement(&self, actor: i64, id: i64, now: DateTime<Utc>) -> DeskResult<ImprovementDetail> {
        let user = self.actor(actor)?;
        let tree = Classification::for_profile(self.profile()?);
        let today = self.today(now);
        let db = self.store.db();
        let row = db.row(&format!("SELECT {COLUMNS} {FROM} WHERE i.id = ?"), &[id.into()])?.ok_or_else(|| DeskError::not_found("该整改事项"))?;
        let item = self.improvement_row(&row, &tree, today)?;
        let sees_all = OVERSEER_ROLES.iter().chain([Role::Admin].iter()).any(|r| user.roles.contains(r));
        if !sees_all && item.owner_id != user.id {
            return Err(DeskError::new(ErrorCode::RoleNotAllowed, "查看整改事项需要主管、合规岗或管理员，或是它的责任人").rule("improvement.see"));
        }
        let ids = self.linked_ids(db, id)?;
        let sight = self.list_sight(&user)?;
        let cases = cases::list(db, &CaseQuery { ids: Some(ids), page_size: Some(cases::MAX_PAGE_SIZE), ..Default::default() })?.rows.into_iter().map(|r| sight.row(r)).collect();
        let effect = match item.done_on {
            Some(done_on) => Some(self.effect_of(&item, done_on, today)?),
            None => None,
        };
        let campaigns = self.campaigns_of_item(id, now)?;
        Ok(ImprovementDetail { item, cases, effect, campaigns })
    }

    /// The complaints of the item's category (and site) in the windows around `done_on`.
    fn effect_of(&self, item: &Improvement, done_on: NaiveDate, today: NaiveDate) -> DeskResult<EffectCheck> {
        let days = improvement::EFFECT_WINDOW_DAYS;
        let count = |from: NaiveDate, to: NaiveDate| {
            let q = CaseQuery {
                from: Some(from),
                to: Some(to),
                category: item.category.clone(),
                project: item.project.clone(),
                kind: Some(crate::domain::types::CaseKind::Complaint),
                ..Default::default()
            };
            cases::count(self.store.db(), &q)
        };
        let before = count(done_on - chrono::Duration::days(days), done_on - chrono::Duration::days(1))?;
        let after = count(done_on, done_on + chrono::Duration::days(days - 1))?;
        Ok(improvement::effect(done_on, days, before, after, today))
    }

    /// Moves an item to `to`: its owner takes it up and says it is done; an overseer verifies
    /// it or finds it ineffective (saying why), or sends it back.
    pub fn move_improvement(&self, actor: i64, id: i64, to: ImprovementStatus, note: Option<&str>, expected_version: i64, now: DateTime<Utc>) -> DeskResult<ImprovementDetail> {
        let user = self.actor(actor)?;
        // Who may see an item (its owner, overseers, admins) is checked there; an admin who is
        // neither owner nor overseer is refused by the move's rule.
        let current = self.improvement(actor, id, now).map_err(|e| match e.code {
            ErrorCode::RoleNotAllowed => DeskError::new(ErrorCode::RoleNotAllowed, "只有责任人、主管或合规岗可以更改整改事项").rule("improvement.move.owner"),
            _ => e,
        })?;
        let movers = Self::movers(&user, current.item.owner_id);
        check_move(current.item.status, to, &movers)?;
        let note = match note.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => Some(clean(n, "note", "说明", improvement::MAX_NOTE)?),
            None if to == ImprovementStatus::Ineffective => return Err(DeskError::required("note", "无效的原因")),
            None => None,
        };
        let role = if movers.contains(&Mover::Overseer) { acting_role(&user, OVERSEER_ROLES, "更改整改事项")? } else { user.roles.first().copied().unwrap_or(Role::Handler) };
        let today = self.today(now);
        let done_on = match to {
            ImprovementStatus::Done => Some(today),
            ImprovementStatus::InProgress | ImprovementStatus::Open => None,
            _ => current.item.done_on,
        };
        self.store.write(|tx| {
            let changed = tx.exec(
                "UPDATE improvements SET status = ?, done_on = CAST(? AS TEXT), check_note = coalesce(CAST(? AS TEXT), check_note),
                        updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
                &[
                    to.code().into(),
                    Value::from(done_on.map(|d| d.format("%Y-%m-%d").to_string())),
                    Value::from(note.clone()),
                    to_ms(now).into(),
                    id.into(),
                    expected_version.into(),
                ],
            )?;
            if changed != 1 {
                return Err(DeskError::new(ErrorCode::Conflict, "整改事项已被他人修改，请刷新后再操作").rule("version"));
            }
            let ids = self.linked_ids(tx, id)?;
            let details = serde_json::json!({ "improvement": id, "from": current.item.status, "status": to, "done_on": done_on });
            self.note_on_cases(tx, &ids, &user, role, &format!("improvement_{}", to.code()), details, note.as_deref(), now)
        })?;
        tracing::info!(improvement = id, status = to.code(), "improvement item moved");
        self.improvement(actor, id, now)
    }

    /// Links more cases to an item (supervisor, compliance): each gets the item on its timeline.
    pub fn link_to_improvement(&self, actor: i64, id: i64, case_ids: &[i64], now: DateTime<Utc>) -> DeskResult<ImprovementDetail> {
        let user = self.actor(actor)?;
        let role = acting_role(&user, OVERSEER_ROLES, "关联整改事项")?;
        let current = self.improvement(actor, id, now)?;
        let ids = self.linkable(case_ids)?;
        self.store.write(|tx| {
            let already = self.linked_ids(tx, id)?;
            let new: Vec<i64> = ids.iter().copied().filter(|c| !already.contains(c)).collect();
            for &case_id in &new {
                tx.exec("INSERT INTO improvement_cases (improvement_id, case_id) VALUES (?, ?)", &[id.into(), case_id.into()])?;
            }
            let details = serde_json::json!({ "improvement": id, "cause": current.item.cause, "status": current.item.status });
            self.note_on_cases(tx, &new, &user, role, "improvement_linked", details, Some(&current.item.action), now)
        })?;
        self.improvement(actor, id, now)
    }
}
