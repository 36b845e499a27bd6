//! The KPIs counted case by case from every case of the period, as they are defined in
//! `domain::kpi`: the reference the kept sums (`store::rollup`) must match, used by the tests
//! that compare the two and by nothing on the window's path (a year of cases takes seconds).
use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::dto::*;
use super::kpi::{day_start, KPI_ROLES};
use super::{acting_role, Desk};
use crate::domain::case::desk_zone;
use crate::domain::kpi::{self, Figures, HandlerRow, KpiFilter, KpiRow, KpiSettings};
use crate::domain::DeskResult;
use crate::store::{followups, kpi as store, users};

impl Desk {
    /// The figures of one cohort (see `domain::kpi` for each definition).
    fn recounted_figures_of(&self, filter: &KpiFilter, settings: &KpiSettings) -> DeskResult<(Figures, Vec<KpiRow>)> {
        filter.period()?;
        let q = filter.cases();
        let rows = store::rows(self.store.db(), &q, &self.open_statuses())?;
        let mut figures = kpi::figures(&rows, settings);
        figures.followup = followups::figures(self.store.db(), &q)?;
        Ok((figures, rows))
    }

    /// The KPI figures of a period and of the period before it.
    pub fn kpi_recounted(&self, actor: i64, filter: &KpiFilter) -> DeskResult<KpiReport> {
        acting_role(&self.actor(actor)?, KPI_ROLES, "查看统计")?;
        let settings = self.kpi_settings()?;
        let (current, _) = self.recounted_figures_of(filter, &settings)?;
        let (previous, _) = self.recounted_figures_of(&filter.previous()?, &settings)?;
        Ok(KpiReport { filter: filter.clone(), current, previous })
    }

    /// Everything the dashboard shows for `filter` at `now`.
    pub fn dashboard_recounted(&self, actor: i64, filter: &KpiFilter, now: DateTime<Utc>) -> DeskResult<Dashboard> {
        acting_role(&self.actor(actor)?, KPI_ROLES, "查看统计")?;
        let (from, to) = filter.period()?;
        let settings = self.kpi_settings()?;
        let conn = self.store.db();
        let (current, rows) = self.recounted_figures_of(filter, &settings)?;
        let previous_filter = filter.previous()?;
        let (previous, _) = self.recounted_figures_of(&previous_filter, &settings)?;
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

        let root_causes = kpi::count_by(closed.iter().filter_map(|r| r.root_cause_code.as_deref()));
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
            improvements: self.improvement_card(&root_causes.iter().map(|c| (c.key.clone(), c.count)).collect::<Vec<_>>(), now)?,
            root_causes,
            trainings: self.recounted_training_effects(filter, &settings)?,
        })
    }

    fn recounted_training_effects(&self, filter: &KpiFilter, settings: &KpiSettings) -> DeskResult<Vec<TrainingEffect>> {
        self.training_effects_by(filter, |f| {
            let (figures, rows) = self.recounted_figures_of(f, settings)?;
            Ok((figures, kpi::mean_satisfaction(&rows)))
        })
    }
}
