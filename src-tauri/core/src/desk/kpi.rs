//! The dashboard's use-cases: KPI figures of a filter and the period before it, splits, trend,
//! backlog, handlers, hotspots, root causes, training effects; KPI settings and training records.
//! The definitions are in `domain::kpi`.
use chrono::{DateTime, Duration, NaiveDate, Utc};
use tracing::instrument;

use super::dto::*;
use super::{acting_role, clean, Desk};
use crate::domain::case::desk_zone;
use crate::domain::kpi::{self, Figures, HandlerRow, KpiFilter, KpiRow, KpiSettings};
use crate::domain::types::Role;
use crate::domain::{DeskError, DeskResult};
use crate::store::{followups, kpi as store, meta, users};

/// Who may read the dashboard and the KPIs.
pub(super) const KPI_ROLES: &[Role] = &[Role::Supervisor, Role::Admin, Role::Compliance];
const SETTINGS_KEY: &str = "kpi_settings";
/// Days before and after a training that its effect compares.
pub const TRAINING_WINDOW_DAYS: i64 = 30;

/// The start of a local day as an instant.
fn day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(desk_zone()).earliest())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| DateTime::<Utc>::from_naive_utc_and_offset(day.and_hms_opt(0, 0, 0).unwrap_or_default(), Utc))
}

impl Desk {
    pub fn kpi_settings(&self) -> DeskResult<KpiSettings> {
        match meta::get(self.store.db(), SETTINGS_KEY)? {
            Some(json) => serde_json::from_str(&json).map_err(|e| DeskError::storage(format!("统计设置无法读取：{e}"))),
            None => Ok(KpiSettings::default()),
        }
    }

    #[instrument(skip_all, fields(actor))]
    pub fn set_kpi_settings(&self, actor: i64, settings: &KpiSettings) -> DeskResult<KpiSettings> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "修改统计设置")?;
        settings.validate()?;
        let json = serde_json::to_string(settings).map_err(|e| DeskError::storage(e.to_string()))?;
        self.store.write(|tx| meta::set(tx, SETTINGS_KEY, &json))?;
        self.kpi_settings()
    }

    /// The figures of one cohort (see `domain::kpi` for each definition).
    fn figures_of(&self, filter: &KpiFilter, settings: &KpiSettings) -> DeskResult<(Figures, Vec<KpiRow>)> {
        filter.period()?;
        let q = filter.cases();
        let rows = store::rows(self.store.db(), &q, &self.open_statuses())?;
        let mut figures = kpi::figures(&rows, settings);
        figures.followup = followups::figures(self.store.db(), &q)?;
        Ok((figures, rows))
    }

    /// The KPI figures of a period and of the period before it.
    pub fn kpi(&self, actor: i64, filter: &KpiFilter) -> DeskResult<KpiReport> {
        acting_role(&self.actor(actor)?, KPI_ROLES, "查看统计")?;
        let settings = self.kpi_settings()?;
        let (current, _) = self.figures_of(filter, &settings)?;
        let (previous, _) = self.figures_of(&filter.previous()?, &settings)?;
        Ok(KpiReport { filter: filter.clone(), current, previous })
    }

    /// Everything the dashboard shows for `filter` at `now`.
    #[instrument(skip_all, fields(actor))]
    pub fn dashboard(&self, actor: i64, filter: &KpiFilter, now: DateTime<Utc>) -> DeskResult<Dashboard> {
        acting_role(&self.actor(actor)?, KPI_ROLES, "查看统计")?;
        let (from, to) = filter.period()?;
        let settings = self.kpi_settings()?;
        let conn = self.store.db();
        let (current, rows) = self.figures_of(filter, &settings)?;
        let previous_filter = filter.previous()?;
        let (previous, _) = self.figures_of(&previous_filter, &settings)?;
        let zone = desk_zone();
        let granularity = filter.granularity();
        let days: Vec<(NaiveDate, &str, &str)> = rows
            .iter()
            .map(|r| (r.received_at.with_timezone(&zone).date_naive(), r.category.as_str(), r.channel.as_str()))
            .collect();
        let trend = kpi::trend(&days, from, to, granularity);
        let closed: Vec<&KpiRow> = rows.iter().filter(|r| r.closed).collect();

        // The backlog and hotspots ignore the period: open cases now, complaints lately.
        let undated = KpiFilter { from: None, to: None, ..filter.clone() }.cases();
        let open_q = crate::domain::case::CaseQuery { statuses: Some(self.open_statuses()), ..undated.clone() };
        let open_rows = store::rows(conn, &open_q, &self.open_statuses())?;
        let backlog = kpi::backlog(&open_rows.iter().map(|r| r.received_at).collect::<Vec<_>>(), now);
        let end = now.min(day_start(to + Duration::days(1)));
        let since = end - Duration::days(30 * (kpi::HOTSPOT_BASELINE_WINDOWS + 1));
        let recent = store::received_since(conn, &undated, since)?;
        let recent_refs: Vec<(DateTime<Utc>, &str, Option<&str>)> =
            recent.iter().map(|(at, c, p)| (*at, c.as_str(), p.as_deref())).collect();
        let mut hotspots = kpi::hotspots(&recent_refs, end, 7);
        hotspots.extend(kpi::hotspots(&recent_refs, end, 30));

        let names = users::list(conn)?;
        let name_of = |id: i64| names.iter().find(|u| u.id == id).map(|u| u.display_name.clone()).unwrap_or_else(|| format!("#{id}"));
        let mut handler_ids: Vec<i64> = rows.iter().filter_map(|r| r.handler_id).collect();
        handler_ids.sort_unstable();
        handler_ids.dedup();
        let handlers = handler_ids
            .into_iter()
            .map(|h| {
                let mine: Vec<KpiRow> = rows.iter().filter(|r| r.handler_id == Some(h)).cloned().collect();
                HandlerRow {
                    handler_id: h,
                    name: name_of(h),
                    figures: kpi::figures(&mine, &settings),
                    mean_handling_hours: kpi::mean_handling_hours(&mine),
                    mean_satisfaction: kpi::mean_satisfaction(&mine),
                }
            })
            .collect();

        Ok(Dashboard {
            filter: filter.clone(),
            previous_filter,
            current,
            previous,
            granularity,
            trend,
            by_category: kpi::count_by(rows.iter().map(|r| r.category.as_str())),
            by_channel: kpi::count_by(rows.iter().map(|r| r.channel.as_str())),
            by_site: kpi::count_by(rows.iter().filter_map(|r| r.project.as_deref())),
            satisfaction: followups::score_distribution(conn, &filter.cases())?.to_vec(),
            backlog,
            handlers,
            hotspots,
            root_causes: kpi::count_by(closed.iter().filter_map(|r| r.root_cause_code.as_deref())),
            trainings: self.training_effects(filter, &settings)?,
        })
    }

    /// Each attendee's figures 30 days before and 30 days from each training in (or overlapping)
    /// the filter's period, with the filter's other dimensions.
    fn training_effects(&self, filter: &KpiFilter, settings: &KpiSettings) -> DeskResult<Vec<TrainingEffect>> {
        let (from, to) = filter.period()?;
        let names = users::list(self.store.db())?;
        let mut out = Vec::new();
        for s in store::sessions(self.store.db())? {
            if s.held_on < from - Duration::days(TRAINING_WINDOW_DAYS) || s.held_on > to {
                continue;
            }
            for handler in &s.attendees {
                let window = |a: NaiveDate, b: NaiveDate| KpiFilter { from: Some(a), to: Some(b), handler_id: Some(*handler), ..filter.clone() };
                let before_f = window(s.held_on - Duration::days(TRAINING_WINDOW_DAYS), s.held_on - Duration::days(1));
                let after_f = window(s.held_on, s.held_on + Duration::days(TRAINING_WINDOW_DAYS - 1));
                let (before, before_rows) = self.figures_of(&before_f, settings)?;
                let (after, after_rows) = self.figures_of(&after_f, settings)?;
                out.push(TrainingEffect {
                    session_id: s.id,
                    held_on: s.held_on,
                    topic: s.topic.clone(),
                    handler_id: *handler,
                    name: names.iter().find(|u| u.id == *handler).map(|u| u.display_name.clone()).unwrap_or_default(),
                    before_mean_satisfaction: kpi::mean_satisfaction(&before_rows),
                    after_mean_satisfaction: kpi::mean_satisfaction(&after_rows),
                    before,
                    after,
                });
            }
        }
        Ok(out)
    }

    /// Records a training session (supervisor or admin).
    #[instrument(skip_all, fields(actor))]
    pub fn add_training(&self, actor: i64, input: &TrainingInput, now: DateTime<Utc>) -> DeskResult<TrainingSession> {
        let user = self.actor(actor)?;
        acting_role(&user, &[Role::Supervisor, Role::Admin], "登记培训")?;
        let topic = clean(&input.topic, "topic", "培训主题", 200)?;
        if input.attendees.is_empty() {
            return Err(DeskError::required("attendees", "参加人员"));
        }
        for a in &input.attendees {
            if users::get(self.store.db(), *a)?.is_none() {
                return Err(DeskError::invalid("attendees", "参加人员不在用户列表中").rule("attendees.known"));
            }
        }
        if input.held_on > now.with_timezone(&desk_zone()).date_naive() + Duration::days(366) {
            return Err(DeskError::invalid("held_on", "培训日期太远").rule("held_on.range"));
        }
        let id = self.store.write(|tx| store::insert_session(tx, input.held_on, &topic, &input.attendees, user.id, now))?;
        Ok(TrainingSession { id, held_on: input.held_on, topic, attendees: input.attendees.clone() })
    }

    pub fn trainings(&self) -> DeskResult<Vec<TrainingSession>> {
        Ok(store::sessions(self.store.db())?
            .into_iter()
            .map(|s| TrainingSession { id: s.id, held_on: s.held_on, topic: s.topic, attendees: s.attendees })
            .collect())
    }
}
