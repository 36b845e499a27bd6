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
    pub fn set_kpi_settings(&self, actor: i64, settings: &KpiSettings) -> DeskResult<KpiSettings> {
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

        let trend_groups = store::sum_by(conn, filter, &["day", "category", "channel"], "received")?;
        let mut keyed: Vec<(NaiveDate, String, String, i64)> = Vec::with_capacity(trend_groups.len());
        for (row, n) in &trend_groups {
            keyed.push((store::day_of(row.int("day")?), row.text("category")?, row.text("channel")?, *n));
        }
        let days: Vec<(NaiveDate, &str, &str, i64)> = keyed.iter().map(|(d, c, ch, n)| (*d, c.as_str(), ch.as_str(), *n)).collect();
        let trend = kpi::trend_counted(&days, from, to, granularity);
        let count_of = |by: &str, measure: &str| -> DeskResult<Vec<(String, i64)>> {
            store::sum_by(conn, filter, &[by], measure)?.into_iter().map(|(r, n)| Ok((r.text(by)?, n))).filter(|k| !matches!(k, Ok((key, _)) if key.is_empty())).collect()
        };
        let sites = count_of("project", "received")?;
        let causes = count_of("root_cause", "closed")?;

        // The backlog and hotspots ignore the period: open cases now, complaints lately.
        let undated = KpiFilter { from: None, to: None, ..filter.clone() }.cases();
        let open_q = crate::domain::case::CaseQuery { statuses: Some(self.open_statuses()), ..undated.clone() };
        let ages: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> =
            kpi::BACKLOG_BUCKETS
            .iter()
            .map(|(lo, hi)| {
                // Aged at least `lo` days and less than `hi`: received after now − hi, at or before now − lo.
                let after = hi.map_or(DateTime::<Utc>::MIN_UTC, |h| now - Duration::days(h) + Duration::milliseconds(1));
                (after, Some(now - Duration::days(*lo) + Duration::milliseconds(1)))
            })
            .collect();
        let in_ages = store::received_in(conn, &open_q, &ages)?;
        let backlog = kpi::BACKLOG_BUCKETS
            .iter()
            .zip(in_ages)
            .map(|((lo, hi), count)| kpi::AgeBucket { from_days: *lo as u32, to_days: hi.map(|h| h as u32), count })
            .collect();
        let end = now.min(day_start(to + Duration::days(1)));
        let mut spans = Vec::new();
        for window in [7, 30] {
            let (start, base_start) = kpi::hotspot_spans(end, window);
            spans.extend([(start, end), (base_start, start)]);
        }
        let mut recent = store::received_by_group(conn, &undated, &spans)?;
        recent.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let mut hotspots = Vec::new();
        for (i, window) in [7, 30].into_iter().enumerate() {
            let counts: Vec<(&str, Option<&str>, i64, i64)> =
                recent.iter().map(|(c, p, n)| (c.as_str(), p.as_deref(), n[2 * i], n[2 * i + 1])).collect();
            hotspots.extend(kpi::hotspots_counted(&counts, window));
        }

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

        Ok(Dashboard {
            filter: filter.clone(),
            previous_filter,
            current: cohort.figures,
            previous,
            granularity,
            trend,
            by_category: kpi::count_weighted(keyed.iter().map(|(_, c, _, n)| (c.as_str(), *n))),
            by_channel: kpi::count_weighted(keyed.iter().map(|(_, _, ch, n)| (ch.as_str(), *n))),
            by_site: kpi::count_weighted(sites.iter().map(|(p, n)| (p.as_str(), *n))),
            satisfaction: cohort.sums.fu_scores.to_vec(),
            backlog,
            handlers,
            hotspots,
            improvements: self.improvement_card(&causes, now)?,
            root_causes: kpi::count_weighted(causes.iter().map(|(k, n)| (k.as_str(), *n))),
            trainings: self.training_effects(filter, &settings)?,
        })
    }

    /// Each attendee's figures 30 days before and 30 days from each training in (or overlapping)
    /// the filter's period, with the filter's other dimensions.
    fn training_effects(&self, filter: &KpiFilter, settings: &KpiSettings) -> DeskResult<Vec<TrainingEffect>> {
        self.training_effects_by(filter, |f| {
            let (figures, sums) = self.figures_of(f, settings)?;
            Ok((figures, mean_satisfaction(&sums)))
        })
    }

    /// [`Desk::training_effects`] with each window's figures and mean satisfaction from `figures_of`.
    pub(super) fn training_effects_by(
        &self,
        filter: &KpiFilter,
        figures_of: impl Fn(&KpiFilter) -> DeskResult<(Figures, Option<f64>)>,
    ) -> DeskResult<Vec<TrainingEffect>> {
        let (from, to) = filter.period()?;
        let names = users::list(self.store.db())?;
        let mut out = Vec::new();
        for s in store::sessions(self.store.db())? {
            if s.held_on < from - Duration::days(TRAINING_WINDOW_DAYS) || s.held_on > to {
                continue;
            }
            for handler in &s.attendees {
                let window = |a: NaiveDate, b: NaiveDate| KpiFilter { from: Some(a), to: Some(b), handler_id: Some(*handler), ..filter.clone() };
                let (before, before_mean_satisfaction) = figures_of(&window(s.held_on - Duration::days(TRAINING_WINDOW_DAYS), s.held_on - Duration::days(1)))?;
                let (after, after_mean_satisfaction) = figures_of(&window(s.held_on, s.held_on + Duration::days(TRAINING_WINDOW_DAYS - 1)))?;
                out.push(TrainingEffect {
                    session_id: s.id,
                    held_on: s.held_on,
                    topic: s.topic.clone(),
                    handler_id: *handler,
                    name: names.iter().find(|u| u.id == *handler).map(|u| u.display_name.clone()).unwrap_or_default(),
                    before_mean_satisfaction,
                    after_mean_satisfaction,
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
