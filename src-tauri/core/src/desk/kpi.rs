//! The dashboard's use-cases: KPI figures of a filter and the period before it, splits, trend,
//! backlog, handlers, hotspots, root causes, training effects; KPI settings and training records.
//! The definitions are in `domain::kpi`.
use chrono::{DateTime, Duration, NaiveDate, Utc};
use tracing::instrument;

use super::dto::*;
use super::{acting_role, clean, Desk};
use crate::domain::case::desk_zone;
use crate::domain::followup::FollowupFigures;
use crate::domain::kpi::{self, CohortExtras, DaySums, Figures, HandlerRow, KpiFilter, KpiSettings};
use crate::domain::types::Role;
use crate::domain::{DeskError, DeskResult};
use crate::store::{kpi as store, meta, users};

/// Who may read the dashboard and the KPIs.
pub(super) const KPI_ROLES: &[Role] = &[Role::Supervisor, Role::Admin, Role::Compliance];
const SETTINGS_KEY: &str = "kpi_settings";
/// Days before and after a training that its effect compares.
pub const TRAINING_WINDOW_DAYS: i64 = 30;

/// A cohort's figures, its sums, and each handler's (id, figures, sums).
struct Cohort {
    figures: Figures,
    sums: DaySums,
    handlers: Vec<(i64, Figures, DaySums)>,
}

/// Mean of the case satisfaction scores given (as `kpi::mean_satisfaction`).
fn mean_satisfaction(s: &DaySums) -> Option<f64> {
    (s.sat_n > 0).then(|| s.sat_sum as f64 / s.sat_n as f64)
}

/// The start of a local day as an instant.
pub(super) fn day_start(day: NaiveDate) -> DateTime<Utc> {
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
    pub fn set_kpi_settings(&mut self, actor: i64, settings: &KpiSettings) -> DeskResult<KpiSettings> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "修改统计设置")?;
        settings.validate()?;
        let json = serde_json::to_string(settings).map_err(|e| DeskError::storage(e.to_string()))?;
        self.store.write(|tx| meta::set(tx, SETTINGS_KEY, &json))?;
        self.kpi_settings()
    }

    /// The figures of one cohort from the kept sums (see `domain::kpi` for each definition).
    fn figures_of(&self, filter: &KpiFilter, settings: &KpiSettings) -> DeskResult<(Figures, DaySums)> {
        let c = self.cohort(filter, settings, false)?;
        Ok((c.figures, c.sums))
    }

    /// A cohort's figures: its kept sums for everything they hold, and the period's index for
    /// acceptance times, overdue cases and repeat phones; each handler's when `by_handler`.
    fn cohort(&self, filter: &KpiFilter, settings: &KpiSettings, by_handler: bool) -> DeskResult<Cohort> {
        filter.period()?;
        let db = self.store.db();
        let q = filter.cases();
        let sums = store::sums(db, filter, &[])?.into_iter().next().map(|(_, s)| s).unwrap_or_default();
        let mut accept = store::accept_hours(db, &q)?;
        accept.sort_by(|a, b| a.1.total_cmp(&b.1));
        let overdue = store::overdue_now(db, &q, &self.open_statuses())?;
        let (phones, phones_by_handler) = store::repeat_phones(db, &q, by_handler)?;
        let extras = CohortExtras {
            accept_hours: accept.iter().map(|(_, h)| *h).collect(),
            overdue_now: overdue.iter().map(|(_, n)| n).sum(),
            repeat_phones: phones,
        };
        let figures = kpi::figures_from_sums(&sums, &extras, settings);
        // Handlers' rows leave the follow-up figures out (they are the cohort's).
        let mut handlers = Vec::new();
        if by_handler {
            for (row, s) in store::sums(db, filter, &["handler_id"])? {
                let h = row.int("handler_id")?;
                if h == 0 || s.received == 0 {
                    continue;
                }
                let extras = CohortExtras {
                    accept_hours: accept.iter().filter(|(of, _)| *of == h).map(|(_, v)| *v).collect(),
                    overdue_now: overdue.iter().filter(|(of, _)| *of == h).map(|(_, n)| n).sum(),
                    repeat_phones: phones_by_handler.iter().filter(|(of, _)| *of == h).map(|(_, n)| n).sum(),
                };
                let mut f = kpi::figures_from_sums(&s, &extras, settings);
                f.followup = FollowupFigures::default();
                handlers.push((h, f, s));
            }
            handlers.sort_by_key(|(h, _, _)| *h);
        }
        Ok(Cohort { figures, sums, handlers })
    }

    /// The KPI figures of a period and of the period before it.
    pub fn kpi(&self, actor: i64, filter: &KpiFilter) -> DeskResult<KpiReport> {
        acting_role(&self.actor(actor)?, KPI_ROLES, "查看统计")?;
        let settings = self.kpi_settings()?;
        let (current, _) = self.figures_of(filter, &settings)?;
        let (previous, _) = self.figures_of(&filter.previous()?, &settings)?;
        Ok(KpiReport { filter: filter.clone(), current, previous })
    }

    /// Everything the dashboard shows for `filter` at `now`. Reads the period's kept sums, not its
    /// cases, so a year costs about what a month does.
    #[instrument(skip_all, fields(actor))]
    pub fn dashboard(&self, actor: i64, filter: &KpiFilter, now: DateTime<Utc>) -> DeskResult<Dashboard> {
        acting_role(&self.actor(actor)?, KPI_ROLES, "查看统计")?;
        let (from, to) = filter.period()?;
        let settings = self.kpi_settings()?;
        let conn = self.store.db();
        let cohort = self.cohort(filter, &settings, true)?;
        let previous_filter = filter.previous()?;
        let (previous, _) = self.figures_of(&previous_filter, &settings)?;
        let granularity = filter.granularity();

        let groups = store::sums(conn, filter, &["day", "category", "channel", "project"])?;
        let mut keyed: Vec<(NaiveDate, String, String, String, i64)> = Vec::with_capacity(groups.len());
        for (row, s) in &groups {
            keyed.push((store::day_of(row.int("day")?), row.text("category")?, row.text("channel")?, row.text("project")?, s.received));
        }
        let days: Vec<(NaiveDate, &str, &str, i64)> = keyed.iter().map(|(d, c, ch, _, n)| (*d, c.as_str(), ch.as_str(), *n)).collect();
        let trend = kpi::trend_counted(&days, from, to, granularity);

        // The backlog and hotspots ignore the period: open cases now, complaints lately.
        let undated = KpiFilter { from: None, to: None, ..filter.clone() }.cases();
        let open_q = crate::domain::case::CaseQuery { statuses: Some(self.open_statuses()), ..undated.clone() };
        let backlog = kpi::backlog(&store::received_times(conn, &open_q)?, now);
        let end = now.min(day_start(to + Duration::days(1)));
        let since = end - Duration::days(30 * (kpi::HOTSPOT_BASELINE_WINDOWS + 1));
        let recent = store::received_since(conn, &undated, since)?;
        let recent_refs: Vec<(DateTime<Utc>, &str, Option<&str>)> =
            recent.iter().map(|(at, c, p)| (*at, c.as_str(), p.as_deref())).collect();
        let mut hotspots = kpi::hotspots(&recent_refs, end, 7);
        hotspots.extend(kpi::hotspots(&recent_refs, end, 30));

        let names = users::list(conn)?;
        let name_of = |id: i64| names.iter().find(|u| u.id == id).map(|u| u.display_name.clone()).unwrap_or_else(|| format!("#{id}"));
        let handlers = cohort
            .handlers
            .iter()
            .map(|(h, figures, s)| HandlerRow {
                handler_id: *h,
                name: name_of(*h),
                figures: figures.clone(),
                mean_handling_hours: (s.handling_n > 0).then(|| s.handling_secs as f64 / 3600.0 / s.handling_n as f64),
                mean_satisfaction: mean_satisfaction(s),
            })
            .collect();
        let causes = store::root_causes(conn, &filter.cases())?;

        Ok(Dashboard {
            filter: filter.clone(),
            previous_filter,
            current: cohort.figures,
            previous,
            granularity,
            trend,
            by_category: kpi::count_weighted(keyed.iter().map(|(_, c, _, _, n)| (c.as_str(), *n))),
            by_channel: kpi::count_weighted(keyed.iter().map(|(_, _, ch, _, n)| (ch.as_str(), *n))),
            by_site: kpi::count_weighted(keyed.iter().filter(|(_, _, _, p, _)| !p.is_empty()).map(|(_, _, _, p, n)| (p.as_str(), *n))),
            satisfaction: cohort.sums.fu_scores.to_vec(),
            backlog,
            handlers,
            hotspots,
            root_causes: kpi::count_weighted(causes.iter().map(|(k, n)| (k.as_str(), *n))),
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
                let (before, before_sums) = self.figures_of(&before_f, settings)?;
                let (after, after_sums) = self.figures_of(&after_f, settings)?;
                out.push(TrainingEffect {
                    session_id: s.id,
                    held_on: s.held_on,
                    topic: s.topic.clone(),
                    handler_id: *handler,
                    name: names.iter().find(|u| u.id == *handler).map(|u| u.display_name.clone()).unwrap_or_default(),
                    before_mean_satisfaction: mean_satisfaction(&before_sums),
                    after_mean_satisfaction: mean_satisfaction(&after_sums),
                    before,
                    after,
                });
            }
        }
        Ok(out)
    }

    /// Records a training session (supervisor or admin).
    #[instrument(skip_all, fields(actor))]
    pub fn add_training(&mut self, actor: i64, input: &TrainingInput, now: DateTime<Utc>) -> DeskResult<TrainingSession> {
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
