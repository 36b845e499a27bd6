//! The KPIs of SPEC §7, defined once. Every figure is over a **cohort**: the cases received in the
//! period (`from` to `to`, whole days in the desk's zone, both included) that match the filters
//! (category, channel, site, department, handler). What happened to those cases later (accepted,
//! decided, closed, called back) counts for their period, so a figure's drill-down is the case
//! list of the same filter. "Now" figures (overdue, backlog) are the current state of the
//! filtered cases. Pure: the rows come in, the figures go out.
use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::case::CaseQuery;
use super::followup::{ratio, FollowupFigures};
use super::types::Channel;
use super::{DeskError, DeskResult};

/// Which cases a dashboard counts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export, optional_fields)]
pub struct KpiFilter {
    /// First and last day received (desk zone), both included.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub channel: Option<Channel>,
    /// The site: a property project (小区) or an insurance branch.
    #[serde(default)]
    pub project: Option<String>,
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub handler_id: Option<i64>,
}

impl KpiFilter {
    /// The period, refusing a missing or reversed one; at most ten years.
    pub fn period(&self) -> DeskResult<(NaiveDate, NaiveDate)> {
        let from = self.from.ok_or_else(|| DeskError::required("from", "开始日期"))?;
        let to = self.to.ok_or_else(|| DeskError::required("to", "结束日期"))?;
        if to < from {
            return Err(DeskError::invalid("to", "结束日期不能早于开始日期").rule("period.order"));
        }
        if (to - from).num_days() > 3660 {
            return Err(DeskError::invalid("to", "统计期间最长 10 年").rule("period.length"));
        }
        Ok((from, to))
    }

    /// The same filter over the period of the same length just before this one.
    pub fn previous(&self) -> DeskResult<KpiFilter> {
        let (from, to) = self.period()?;
        let days = (to - from).num_days() + 1;
        Ok(KpiFilter { from: Some(from - Duration::days(days)), to: Some(from - Duration::days(1)), ..self.clone() })
    }

    /// The case list of the cohort (the drill-down of every figure), with `statuses` if given.
    pub fn cases(&self) -> CaseQuery {
        CaseQuery {
            from: self.from,
            to: self.to,
            category: self.category.clone(),
            channel: self.channel,
            project: self.project.clone(),
            department: self.department.clone(),
            handler_id: self.handler_id,
            kind: Some(super::types::CaseKind::Complaint),
            ..Default::default()
        }
    }

    /// The trend's step: days up to 62 days, weeks up to 26 weeks, else months.
    pub fn granularity(&self) -> Granularity {
        match self.period() {
            Ok((from, to)) if (to - from).num_days() < 62 => Granularity::Day,
            Ok((from, to)) if (to - from).num_days() < 182 => Granularity::Week,
            _ => Granularity::Month,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Granularity {
    Day,
    Week,
    Month,
}

/// The desk's KPI settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KpiSettings {
    /// A case accepted within this many hours of receipt counts as accepted on target.
    pub accept_target_hours: u32,
    /// What an hour of staff time costs, in yuan (处理成本).
    pub hourly_rate_yuan: f64,
}

impl Default for KpiSettings {
    fn default() -> Self {
        KpiSettings { accept_target_hours: 24, hourly_rate_yuan: 60.0 }
    }
}

impl KpiSettings {
    pub fn validate(&self) -> DeskResult<()> {
        if !(1..=720).contains(&self.accept_target_hours) {
            return Err(DeskError::invalid("accept_target_hours", "受理目标应在 1 到 720 小时之间").rule("kpi.accept_target_hours.range"));
        }
        if !self.hourly_rate_yuan.is_finite() || !(0.0..=10_000.0).contains(&self.hourly_rate_yuan) {
            return Err(DeskError::invalid("hourly_rate_yuan", "每小时人工成本应在 0 到 10000 元之间").rule("kpi.hourly_rate.range"));
        }
        Ok(())
    }
}

/// One case of a cohort, with what the figures need.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KpiRow {
    pub id: i64,
    pub received_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub responded_at: Option<DateTime<Utc>>,
    pub closed: bool,
    pub open: bool,
    pub solved: Option<bool>,
    pub responded_on_time: Option<bool>,
    pub breached_now: bool,
    pub compensation_cents: Option<i64>,
    pub staff_minutes: Option<i64>,
    pub satisfaction: Option<i64>,
    pub reopened: bool,
    pub repeat_complainant: bool,
    pub phone: Option<String>,
    pub handler_id: Option<i64>,
    pub category: String,
    pub channel: String,
    pub project: Option<String>,
    pub root_cause_code: Option<String>,
}

/// Every figure of one period. Rates are none when their denominator is zero.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Figures {
    /// Volume: complaints received in the period.
    pub received: i64,
    /// 受理效率: cases accepted; median and 90th percentile (nearest rank) of accepted_at −
    /// received_at in hours; accepted within the target ÷ accepted.
    pub accepted: i64,
    pub accept_median_hours: Option<f64>,
    pub accept_p90_hours: Option<f64>,
    pub accepted_on_target: i64,
    pub accept_on_target_rate: Option<f64>,
    /// 解决率: cases closed as solved (the closing follow-up said solved) ÷ cases closed.
    pub closed: i64,
    pub solved: i64,
    pub resolution_rate: Option<f64>,
    /// 及时率: decisions notified before their deadline ÷ decisions notified (cases whose pack has
    /// a decision clock); overdue now: open cases with a running clock past its due time.
    pub notified: i64,
    pub notified_on_time: i64,
    pub on_time_rate: Option<f64>,
    pub overdue_now: i64,
    /// 满意度 and follow-up: see [`FollowupFigures`] (tasks and calls of the cohort's cases).
    pub followup: FollowupFigures,
    /// 处理成本: compensation + staff minutes × hourly rate; per case = total ÷ cases decided.
    pub decided: i64,
    pub compensation_cents: i64,
    pub staff_minutes: i64,
    pub cost_cents: i64,
    pub cost_per_case_cents: Option<i64>,
    /// Reopen rate: cases reopened at least once ÷ cases decided.
    pub reopened: i64,
    pub reopen_rate: Option<f64>,
    /// Repeat complainants: cases marked repeat (same phone within 90 days), and their phones.
    pub repeat_cases: i64,
    pub repeat_phones: i64,
}

/// The p-th percentile by nearest rank of sorted values (p in 0–100).
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    Some(sorted[rank.min(sorted.len()) - 1])
}

/// The median: the middle value, or the mean of the two middle values.
pub fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// The figures of a cohort (follow-up figures come from the store and are set by the caller).
pub fn figures(rows: &[KpiRow], settings: &KpiSettings) -> Figures {
    let mut accept_hours: Vec<f64> = rows
        .iter()
        .filter_map(|r| r.accepted_at.map(|a| (a - r.received_at).num_seconds() as f64 / 3600.0))
        .collect();
    accept_hours.sort_by(f64::total_cmp);
    let target = f64::from(settings.accept_target_hours);
    let accepted_on_target = accept_hours.iter().filter(|h| **h <= target).count() as i64;
    let accepted = accept_hours.len() as i64;
    let closed = rows.iter().filter(|r| r.closed).count() as i64;
    let solved = rows.iter().filter(|r| r.closed && r.solved == Some(true)).count() as i64;
    let notified = rows.iter().filter(|r| r.responded_on_time.is_some()).count() as i64;
    let notified_on_time = rows.iter().filter(|r| r.responded_on_time == Some(true)).count() as i64;
    let decided = rows.iter().filter(|r| r.responded_at.is_some()).count() as i64;
    let compensation_cents: i64 = rows.iter().filter_map(|r| r.compensation_cents).sum();
    let staff_minutes: i64 = rows.iter().filter_map(|r| r.staff_minutes).sum();
    let cost_cents = compensation_cents + (staff_minutes as f64 * settings.hourly_rate_yuan * 100.0 / 60.0).round() as i64;
    let reopened = rows.iter().filter(|r| r.reopened).count() as i64;
    let repeat: Vec<&KpiRow> = rows.iter().filter(|r| r.repeat_complainant).collect();
    let mut phones: Vec<&str> = repeat.iter().filter_map(|r| r.phone.as_deref()).collect();
    phones.sort_unstable();
    phones.dedup();
    Figures {
        received: rows.len() as i64,
        accepted,
        accept_median_hours: median(&accept_hours),
        accept_p90_hours: percentile(&accept_hours, 90.0),
        accepted_on_target,
        accept_on_target_rate: ratio(accepted_on_target, accepted),
        closed,
        solved,
        resolution_rate: ratio(solved, closed),
        notified,
        notified_on_time,
        on_time_rate: ratio(notified_on_time, notified),
        overdue_now: rows.iter().filter(|r| r.open && r.breached_now).count() as i64,
        followup: FollowupFigures::default(),
        decided,
        compensation_cents,
        staff_minutes,
        cost_cents,
        cost_per_case_cents: (decided > 0).then(|| (cost_cents as f64 / decided as f64).round() as i64),
        reopened,
        reopen_rate: ratio(reopened, decided),
        repeat_cases: repeat.len() as i64,
        repeat_phones: phones.len() as i64,
    }
}

/// The kept per-day sums of a cohort (`store::rollup`): what [`figures`] counts case by case,
/// already added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DaySums {
    pub received: i64,
    pub accepted: i64,
    pub closed: i64,
    pub solved: i64,
    pub notified: i64,
    pub notified_on_time: i64,
    pub decided: i64,
    pub compensation_cents: i64,
    pub staff_minutes: i64,
    pub reopened: i64,
    pub repeat_cases: i64,
    pub sat_n: i64,
    pub sat_sum: i64,
    pub handling_n: i64,
    pub handling_secs: i64,
    pub fu_tasks: i64,
    pub fu_completed: i64,
    pub fu_reopened: i64,
    pub fu_attempts: i64,
    pub fu_reached: i64,
    /// Calls that gave a score of 1, 2, 3, 4 and 5.
    pub fu_scores: [i64; 5],
}

/// What the sums cannot hold, read per cohort: how long each acceptance took (hours, sorted),
/// the open cases overdue now, and the distinct phones of repeat complainants.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CohortExtras {
    pub accept_hours: Vec<f64>,
    pub overdue_now: i64,
    pub repeat_phones: i64,
}

/// The figures of a cohort from its sums: the same definitions as [`figures`] (and the follow-up
/// figures of `store::followups::figures`), without reading its cases.
pub fn figures_from_sums(s: &DaySums, extras: &CohortExtras, settings: &KpiSettings) -> Figures {
    let target = f64::from(settings.accept_target_hours);
    let accept = &extras.accept_hours;
    let accepted_on_target = accept.iter().filter(|h| **h <= target).count() as i64;
    let accepted = accept.len() as i64;
    let cost_cents = s.compensation_cents + (s.staff_minutes as f64 * settings.hourly_rate_yuan * 100.0 / 60.0).round() as i64;
    let scored: i64 = s.fu_scores.iter().sum();
    let score_sum: i64 = s.fu_scores.iter().enumerate().map(|(i, n)| (i as i64 + 1) * n).sum();
    let high = s.fu_scores[3] + s.fu_scores[4];
    Figures {
        received: s.received,
        accepted,
        accept_median_hours: median(accept),
        accept_p90_hours: percentile(accept, 90.0),
        accepted_on_target,
        accept_on_target_rate: ratio(accepted_on_target, accepted),
        closed: s.closed,
        solved: s.solved,
        resolution_rate: ratio(s.solved, s.closed),
        notified: s.notified,
        notified_on_time: s.notified_on_time,
        on_time_rate: ratio(s.notified_on_time, s.notified),
        overdue_now: extras.overdue_now,
        followup: FollowupFigures {
            tasks: s.fu_tasks,
            completed: s.fu_completed,
            completion_rate: ratio(s.fu_completed, s.fu_tasks),
            attempts: s.fu_attempts,
            reached: s.fu_reached,
            reached_rate: ratio(s.fu_reached, s.fu_attempts),
            mean_score: (scored > 0).then(|| score_sum as f64 / scored as f64),
            share_4_5: ratio(high, scored),
            reopened: s.fu_reopened,
        },
        decided: s.decided,
        compensation_cents: s.compensation_cents,
        staff_minutes: s.staff_minutes,
        cost_cents,
        cost_per_case_cents: (s.decided > 0).then(|| (cost_cents as f64 / s.decided as f64).round() as i64),
        reopened: s.reopened,
        reopen_rate: ratio(s.reopened, s.decided),
        repeat_cases: s.repeat_cases,
        repeat_phones: extras.repeat_phones,
    }
}

/// A count under a key (a category, channel, site, cause code, period …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Count {
    pub key: String,
    #[ts(type = "number")]
    pub count: i64,
}

/// Counts by key, largest first (ties by key).
pub fn count_by<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<Count> {
    count_weighted(keys.map(|k| (k, 1)))
}

/// Counts by key of (key, how many) pairs, largest first (ties by key).
pub fn count_weighted<'a>(keys: impl Iterator<Item = (&'a str, i64)>) -> Vec<Count> {
    let mut map: BTreeMap<&str, i64> = BTreeMap::new();
    for (k, n) in keys {
        *map.entry(k).or_default() += n;
    }
    let mut out: Vec<Count> = map.into_iter().map(|(k, c)| Count { key: k.to_string(), count: c }).collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    out
}

/// One step of the volume trend, split by category and channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrendPoint {
    /// The first day of the step (YYYY-MM-DD).
    pub start: NaiveDate,
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "Record<string, number>")]
    pub by_category: BTreeMap<String, i64>,
    #[ts(type = "Record<string, number>")]
    pub by_channel: BTreeMap<String, i64>,
}

/// The first day of the step a day falls in (weeks start on Monday).
pub fn step_start(day: NaiveDate, g: Granularity) -> NaiveDate {
    use chrono::Datelike;
    match g {
        Granularity::Day => day,
        Granularity::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
        Granularity::Month => day.with_day(1).unwrap_or(day),
    }
}

/// The trend from `from` to `to`, every step present (zero where nothing came in).
pub fn trend(days: &[(NaiveDate, &str, &str)], from: NaiveDate, to: NaiveDate, g: Granularity) -> Vec<TrendPoint> {
    let counted: Vec<(NaiveDate, &str, &str, i64)> = days.iter().map(|(d, c, ch)| (*d, *c, *ch, 1)).collect();
    trend_counted(&counted, from, to, g)
}

/// [`trend`] of (day, category, channel, how many).
pub fn trend_counted(days: &[(NaiveDate, &str, &str, i64)], from: NaiveDate, to: NaiveDate, g: Granularity) -> Vec<TrendPoint> {
    let mut points: BTreeMap<NaiveDate, TrendPoint> = BTreeMap::new();
    let mut day = step_start(from, g);
    while day <= to {
        points.insert(day, TrendPoint { start: day, total: 0, by_category: BTreeMap::new(), by_channel: BTreeMap::new() });
        day = match g {
            Granularity::Day => day + Duration::days(1),
            Granularity::Week => day + Duration::days(7),
            Granularity::Month => day.checked_add_months(chrono::Months::new(1)).unwrap_or(to + Duration::days(1)),
        };
    }
    for (d, category, channel, n) in days {
        if let Some(p) = points.get_mut(&step_start(*d, g)) {
            p.total += n;
            *p.by_category.entry(category.to_string()).or_default() += n;
            *p.by_channel.entry(channel.to_string()).or_default() += n;
        }
    }
    points.into_values().collect()
}

/// Age buckets of the open backlog, in days since receipt: [lower, upper).
pub const BACKLOG_BUCKETS: &[(i64, Option<i64>)] = &[(0, Some(1)), (1, Some(3)), (3, Some(7)), (7, Some(15)), (15, Some(30)), (30, None)];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgeBucket {
    pub from_days: u32,
    pub to_days: Option<u32>,
    #[ts(type = "number")]
    pub count: i64,
}

/// The open cases by age at `now`.
pub fn backlog(received: &[DateTime<Utc>], now: DateTime<Utc>) -> Vec<AgeBucket> {
    BACKLOG_BUCKETS
        .iter()
        .map(|(lo, hi)| AgeBucket {
            from_days: *lo as u32,
            to_days: hi.map(|h| h as u32),
            count: received
                .iter()
                .filter(|r| {
                    let age = now - **r;
                    age >= Duration::days(*lo) && hi.is_none_or(|h| age < Duration::days(h))
                })
                .count() as i64,
        })
        .collect()
}

/// A category at a site receiving far more complaints than it usually does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Hotspot {
    pub category: String,
    pub project: Option<String>,
    /// 7 or 30.
    pub window_days: u32,
    #[ts(type = "number")]
    pub recent: i64,
    /// Mean count of the four windows of the same length before.
    pub baseline: f64,
}

/// How many earlier windows make a hotspot's baseline.
pub const HOTSPOT_BASELINE_WINDOWS: i64 = 4;

/// The hotspot rule: a category × site is a hotspot over a window of `window_days` ending at
/// `end` when it received at least 3 complaints in the window and at least twice its baseline,
/// the mean count per window over the four windows of the same length before it (a new problem,
/// baseline 0, needs the 3).
pub fn hotspots(received: &[(DateTime<Utc>, &str, Option<&str>)], end: DateTime<Utc>, window_days: u32) -> Vec<Hotspot> {
    let (start, base_start) = hotspot_spans(end, window_days);
    let mut counts: BTreeMap<(&str, Option<&str>), (i64, i64)> = BTreeMap::new();
    for (at, category, project) in received {
        if *at >= start && *at < end {
            counts.entry((category, *project)).or_default().0 += 1;
        } else if *at >= base_start && *at < start {
            counts.entry((category, *project)).or_default().1 += 1;
        }
    }
    let counted: Vec<(&str, Option<&str>, i64, i64)> = counts.into_iter().map(|((c, p), (r, b))| (c, p, r, b)).collect();
    hotspots_counted(&counted, window_days)
}

/// Where a hotspot window of `window_days` ending at `end` starts, and where its baseline starts
/// (the window is `[start, end)`, the baseline `[base_start, start)`).
pub fn hotspot_spans(end: DateTime<Utc>, window_days: u32) -> (DateTime<Utc>, DateTime<Utc>) {
    let w = Duration::days(i64::from(window_days));
    let start = end - w;
    (start, start - w * HOTSPOT_BASELINE_WINDOWS as i32)
}

/// [`hotspots`] from counts already made: (category, site, in the window, in the baseline).
pub fn hotspots_counted(counts: &[(&str, Option<&str>, i64, i64)], window_days: u32) -> Vec<Hotspot> {
    let mut out: Vec<Hotspot> = counts
        .iter()
        .filter_map(|(category, project, n, base)| {
            let baseline = *base as f64 / HOTSPOT_BASELINE_WINDOWS as f64;
            (*n >= 3 && *n as f64 >= 2.0 * baseline).then(|| Hotspot {
                category: category.to_string(),
                project: project.map(str::to_string),
                window_days,
                recent: *n,
                baseline,
            })
        })
        .collect();
    out.sort_by(|a, b| b.recent.cmp(&a.recent).then_with(|| a.category.cmp(&b.category)));
    out
}

/// One handler's figures over the cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HandlerRow {
    #[ts(type = "number")]
    pub handler_id: i64,
    pub name: String,
    pub figures: Figures,
    /// Mean hours from assignment to the decision.
    pub mean_handling_hours: Option<f64>,
    /// Mean satisfaction of the handler's closed cases.
    pub mean_satisfaction: Option<f64>,
}

/// Mean hours from assignment to decision of the rows that have both.
pub fn mean_handling_hours(rows: &[KpiRow]) -> Option<f64> {
    let hours: Vec<f64> = rows
        .iter()
        .filter_map(|r| Some((r.responded_at? - r.assigned_at?).num_seconds() as f64 / 3600.0))
        .collect();
    (!hours.is_empty()).then(|| hours.iter().sum::<f64>() / hours.len() as f64)
}

/// Mean of the case satisfaction scores given.
pub fn mean_satisfaction(rows: &[KpiRow]) -> Option<f64> {
    let s: Vec<i64> = rows.iter().filter_map(|r| r.satisfaction).collect();
    (!s.is_empty()).then(|| s.iter().sum::<i64>() as f64 / s.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&v, 90.0), Some(9.0));
        assert_eq!(percentile(&v, 100.0), Some(10.0));
        assert_eq!(median(&v), Some(5.5));
        assert_eq!(median(&[3.0]), Some(3.0));
        assert_eq!(percentile(&[], 50.0), None);
    }

    #[test]
    fn trend_steps_cover_the_period() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let t = trend(&[(d(3, 2), "repair", "phone"), (d(3, 4), "fees", "phone")], d(3, 1), d(3, 14), Granularity::Week);
        let starts: Vec<NaiveDate> = t.iter().map(|p| p.start).collect();
        assert_eq!(starts, vec![d(2, 23), d(3, 2), d(3, 9)], "weeks start on Monday");
        assert_eq!(t[1].total, 2);
        assert_eq!(t[1].by_category.get("fees"), Some(&1));
    }

    #[test]
    fn filter_needs_an_ordered_period() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 3, day);
        assert!(KpiFilter { from: d(5), to: d(4), ..Default::default() }.period().is_err());
        let f = KpiFilter { from: d(1), to: d(10), ..Default::default() };
        let p = f.previous().unwrap();
        assert_eq!((p.from, p.to), (NaiveDate::from_ymd_opt(2026, 2, 19), NaiveDate::from_ymd_opt(2026, 2, 28)), "ten days before");
    }
}
