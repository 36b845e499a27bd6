//! What the documents of a case and the monthly report are made from, and the record that one
//! was issued. The PDFs themselves are made by `complaintdesk-docs` from this data.
use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use super::dto::CaseDetail;
use super::kpi::KPI_ROLES;
use super::{acting_role, Desk, NOTE_ROLES};
use crate::domain::case::{Case, CaseQuery, DocumentKind, Event, EventKind};
use crate::domain::catalog::Classification;
use crate::domain::deadline::ClockState;
use crate::domain::followup::FollowupAttempt;
use crate::domain::kpi::{Count, Figures, KpiFilter};
use crate::domain::letterhead::{check_logo, png_data_url, LetterheadInput};
use crate::domain::types::Role;
use crate::domain::{DeskError, DeskResult};
use crate::store::events::NewEvent;
use crate::store::{cases, events, followups, meta, users};

/// Everything a case's documents show.
pub struct DocumentData {
    pub case: Case,
    pub events: Vec<Event>,
    pub clocks: Vec<ClockState>,
    pub attempts: Vec<FollowupAttempt>,
    pub handler_name: Option<String>,
    pub status_label: String,
    pub category_label: String,
    /// Status and action codes → their Chinese labels.
    pub labels: BTreeMap<String, String>,
    pub letterhead: Letterhead,
    /// Who issues the document.
    pub issued_by: String,
    pub zone: chrono_tz::Tz,
}

/// The organisation as its documents show it (the logo as PNG bytes).
pub struct Letterhead {
    pub org_name: String,
    pub address: Option<String>,
    pub service_phone: Option<String>,
    pub complaint_phone: Option<String>,
    pub logo_png: Option<Vec<u8>>,
}

/// The organisation profile as the 文书设置 page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LetterheadSettings {
    pub org_name: String,
    pub address: String,
    pub service_phone: String,
    pub complaint_phone: String,
    /// The logo in force as a `data:image/png;base64,…` URL; none: no logo.
    pub logo_data_url: Option<String>,
}

/// A month's figures and cases for the monthly report.
pub struct MonthData {
    pub year: i32,
    pub month: u32,
    pub figures: Figures,
    pub by_status: Vec<(String, i64)>,
    pub by_category: Vec<(String, i64)>,
    pub by_channel: Vec<Count>,
    /// (number, received_at, subject, category label, status label), oldest first.
    pub rows: Vec<(String, DateTime<Utc>, String, String, String)>,
    pub letterhead: Letterhead,
    pub issued_by: String,
    pub zone: chrono_tz::Tz,
    /// The calendar month before's figures.
    pub previous: Figures,
    /// Complaints received on each day of the month (the desk's days).
    pub daily: Vec<(NaiveDate, i64)>,
    /// The month's closed cases by root cause (its label), largest first: a Pareto.
    pub root_causes: Vec<(String, i64)>,
    /// The on-time rate of each of the six months up to this one: (year, month, rate).
    pub on_time_trend: Vec<(i32, u32, Option<f64>)>,
    /// Category × site hotspots when the report is issued: (label, window days, recent count,
    /// baseline).
    pub hotspots: Vec<(String, u32, i64, f64)>,
    /// Open cases past a deadline when the report is issued, longest overdue first (at most
    /// [`OVERDUE_LISTED`]): (number, subject, handler, due at).
    pub overdue: Vec<(String, String, Option<String>, Option<DateTime<Utc>>)>,
    /// The improvement items opened, finished or checked in the month (or still open at its
    /// end), with their effect once done.
    pub improvements: Vec<(super::improvements::Improvement, Option<String>)>,
    /// The follow-up campaigns opened or closed in the month, or running at its end.
    pub campaigns: Vec<super::campaigns::Campaign>,
}

/// The most overdue cases a monthly report lists.
pub const OVERDUE_LISTED: u32 = 50;

/// The first and last day of a calendar month.
fn month_span(year: i32, month: u32) -> DeskResult<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| DeskError::invalid("month", "月份无效").rule("month.format"))?;
    let last = first.checked_add_months(chrono::Months::new(1)).map(|d| d.pred_opt().unwrap_or(d)).unwrap_or(first);
    Ok((first, last))
}

const ORG_NAME: &str = "org_name";
const ADDRESS: &str = "org_address";
const SERVICE_PHONE: &str = "org_service_phone";
const COMPLAINT_PHONE: &str = "org_complaint_phone";
const LOGO: &str = "org_logo_sha256";

impl Desk {
    fn letterhead(&self) -> DeskResult<Letterhead> {
        let conn = self.store.db();
        let logo_png = match meta::get(conn, LOGO)? {
            Some(sha) => Some(self.store.read_file(&sha)?),
            None => None,
        };
        let text = |key: &str| -> DeskResult<Option<String>> { Ok(meta::get(conn, key)?.filter(|v| !v.is_empty())) };
        Ok(Letterhead {
            org_name: text(ORG_NAME)?.unwrap_or_default(),
            address: text(ADDRESS)?,
            service_phone: text(SERVICE_PHONE)?,
            complaint_phone: text(COMPLAINT_PHONE)?,
            logo_png,
        })
    }

    /// The organisation profile every document shows (anyone signed in may read it).
    pub fn letterhead_settings(&self) -> DeskResult<LetterheadSettings> {
        let l = self.letterhead()?;
        Ok(LetterheadSettings {
            org_name: l.org_name,
            address: l.address.unwrap_or_default(),
            service_phone: l.service_phone.unwrap_or_default(),
            complaint_phone: l.complaint_phone.unwrap_or_default(),
            logo_data_url: l.logo_png.as_deref().map(png_data_url),
        })
    }

    /// Sets the organisation's name, address and phones that head and sign every document
    /// (admin). Nothing is saved when a value is refused.
    #[instrument(skip_all, fields(actor))]
    pub fn set_letterhead(&self, actor: i64, input: &LetterheadInput) -> DeskResult<LetterheadSettings> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "修改文书抬头")?;
        let input = input.checked()?;
        self.store.write(|tx| {
            meta::set(tx, ORG_NAME, &input.org_name)?;
            meta::set(tx, ADDRESS, &input.address)?;
            meta::set(tx, SERVICE_PHONE, &input.service_phone)?;
            meta::set(tx, COMPLAINT_PHONE, &input.complaint_phone)
        })?;
        tracing::info!("letterhead changed");
        self.letterhead_settings()
    }

    /// Sets the logo (a PNG of at most 1 MB) shown left of the organisation's name on every
    /// page (admin); no bytes remove it. The file is kept by its hash beside the attachments.
    #[instrument(skip_all, fields(actor))]
    pub fn set_letterhead_logo(&self, actor: i64, png: &[u8]) -> DeskResult<LetterheadSettings> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "修改文书抬头")?;
        let sha = if png.is_empty() {
            None
        } else {
            check_logo(png)?;
            Some(self.store.put_file(png)?)
        };
        self.store.write(|tx| match &sha {
            Some(sha) => meta::set(tx, LOGO, sha),
            None => meta::remove(tx, LOGO),
        })?;
        tracing::info!(removed = sha.is_none(), "letterhead logo changed");
        self.letterhead_settings()
    }

    /// The data a document of the case is made from, as it stands at `now`.
    pub fn document_data(&self, actor: i64, id: i64, kind: DocumentKind, now: DateTime<Utc>) -> DeskResult<DocumentData> {
        let user = self.actor(actor)?;
        acting_role(&user, NOTE_ROLES, "出具文书")?;
        let case = self.load(id)?;
        if kind == DocumentKind::Decision && case.responded_at.is_none() {
            return Err(DeskError::new(crate::domain::ErrorCode::TransitionNotAllowed, "案件尚未作出处理决定，不能出具处理决定告知书")
                .rule("document.decision.needs_decision"));
        }
        let conn = self.store.db();
        let events = events::for_case(conn, id)?;
        let (clocks, _) = self.deadlines().clocks_of(&case, &events, now);
        let tree = Classification::for_profile(case.profile);
        let mut labels: BTreeMap<String, String> = self.lifecycle.statuses.iter().map(|s| (s.code.clone(), s.label.clone())).collect();
        labels.extend(self.lifecycle.transitions.iter().map(|t| (t.action.clone(), t.label.clone())));
        Ok(DocumentData {
            attempts: followups::attempts_for_case(conn, id)?,
            handler_name: match case.handler_id {
                Some(h) => users::get(conn, h)?.map(|u| u.display_name),
                None => None,
            },
            status_label: self.lifecycle.status_label(&case.status),
            category_label: tree.category_label(&case.category),
            labels,
            letterhead: self.letterhead()?,
            issued_by: user.display_name,
            zone: self.deadlines().zone,
            clocks,
            events,
            case,
        })
    }

    /// Notes on the case's timeline that a document was issued (what, when, by whom).
    #[instrument(skip_all, fields(actor, case_id = id))]
    pub fn record_document(&self, actor: i64, id: i64, kind: DocumentKind, pages: usize, now: DateTime<Utc>) -> DeskResult<CaseDetail> {
        let user = self.actor(actor)?;
        let role = acting_role(&user, NOTE_ROLES, "出具文书")?;
        let case = self.load(id)?;
        self.store.write(|tx| {
            events::append(
                tx,
                &NewEvent {
                    action: Some(kind.code()),
                    after: Some(serde_json::json!({ "document": kind.code(), "title": kind.label(), "pages": pages })),
                    internal: kind == DocumentKind::SummaryInternal,
                    ..NewEvent::new(id, now, Some(user.id), role, EventKind::Document)
                },
            )
        })?;
        self.detail_for(&user, case, now)
    }

    /// The figures and cases of the complaints received in a month, for the monthly report.
    pub fn month_data(&self, actor: i64, year: i32, month: u32, now: DateTime<Utc>) -> DeskResult<MonthData> {
        let user = self.actor(actor)?;
        acting_role(&user, KPI_ROLES, "出具月报")?;
        let (first, last) = month_span(year, month)?;
        let of_month = |first: NaiveDate| -> DeskResult<Figures> {
            let (first, last) = month_span(first.year(), first.month())?;
            Ok(self.kpi(actor, &KpiFilter { from: Some(first), to: Some(last), ..Default::default() })?.current)
        };
        let filter = KpiFilter { from: Some(first), to: Some(last), ..Default::default() };
        let report = self.kpi(actor, &filter)?;
        let month_before = first.checked_sub_months(chrono::Months::new(1)).ok_or_else(|| DeskError::invalid("month", "月份无效").rule("month.format"))?;
        let previous = of_month(month_before)?;
        let mut on_time_trend = Vec::new();
        for back in (1..6).rev() {
            if let Some(start) = first.checked_sub_months(chrono::Months::new(back)) {
                on_time_trend.push((start.year(), start.month(), of_month(start)?.on_time_rate));
            }
        }
        on_time_trend.push((year, month, report.current.on_time_rate));
        let dashboard = self.dashboard(actor, &filter, now)?;
        let catalog = self.catalog()?;
        let root_causes = dashboard
            .root_causes
            .iter()
            .map(|c| (catalog.classification.root_causes.iter().find(|r| r.code == c.key).map_or_else(|| c.key.clone(), |r| r.label.clone()), c.count))
            .collect();
        let conn = self.store.db();
        let tree = Classification::for_profile(self.profile()?);
        let q = filter.cases();
        let mut rows = Vec::new();
        let mut page = 1;
        loop {
            let found = cases::list(conn, &CaseQuery { page: Some(page), page_size: Some(cases::MAX_PAGE_SIZE), descending: Some(false), ..q.clone() })?;
            for r in &found.rows {
                rows.push((r.number.clone(), r.received_at, r.subject.clone(), tree.category_label(&r.category), self.lifecycle.status_label(&r.status)));
            }
            // A month of more cases than the list counts has only a lower bound for its total:
            // the last page is the first short one.
            if found.rows.len() < found.page_size as usize {
                break;
            }
            page += 1;
        }
        let count = |key: &dyn Fn(&(String, DateTime<Utc>, String, String, String)) -> String| {
            crate::domain::kpi::count_by(rows.iter().map(key).collect::<Vec<_>>().iter().map(String::as_str))
                .into_iter()
                .map(|c| (c.key, c.count))
                .collect::<Vec<_>>()
        };
        let by_status = count(&|r| r.4.clone());
        let by_category = count(&|r| r.3.clone());
        let kpi_rows = crate::store::kpi::rows(conn, &q, &self.open_statuses())?;
        let by_channel = crate::domain::kpi::count_by(kpi_rows.iter().map(|r| r.channel.as_str()));
        debug_assert_eq!(first.year(), year);
        let zone = self.deadlines().zone;
        let mut per_day: BTreeMap<NaiveDate, i64> = first.iter_days().take_while(|d| *d <= last).map(|d| (d, 0)).collect();
        for r in &rows {
            if let Some(n) = per_day.get_mut(&r.1.with_timezone(&zone).date_naive()) {
                *n += 1;
            }
        }
        let hotspots = dashboard
            .hotspots
            .iter()
            .map(|h| {
                let label = match &h.project {
                    Some(site) => format!("{} × {site}", tree.category_label(&h.category)),
                    None => tree.category_label(&h.category),
                };
                (label, h.window_days, h.recent, h.baseline)
            })
            .collect();
        let overdue = cases::list(
            conn,
            &CaseQuery {
                due_states: Some(vec![crate::domain::deadline::feed::DueState::Breached]),
                statuses: Some(self.open_statuses()),
                sort: Some(crate::domain::case::SortKey::DueAt),
                descending: Some(false),
                page_size: Some(OVERDUE_LISTED),
                ..Default::default()
            },
        )?
        .rows
        .into_iter()
        .map(|r| (r.number, r.subject, r.handler_name, r.due_at))
        .collect();
        let month_end = last.succ_opt().unwrap_or(last);
        let in_month = |d: NaiveDate| d >= first && d <= last;
        let mut improvements = Vec::new();
        for item in self.improvements(actor, None, now)? {
            let opened = item.opened_at.with_timezone(&zone).date_naive();
            let touched = in_month(opened) || item.done_on.is_some_and(in_month) || (opened < month_end && item.status.is_pending());
            if touched {
                let detail = self.improvement(actor, item.id, now)?;
                // The complaints before and after, and what the customers said in its campaigns.
                let said = detail.campaigns.iter().map(|c| format!("集中回访“{}”：{}", c.title, c.summary));
                let effect: Vec<String> = detail.effect.map(|e| e.summary).into_iter().chain(said).collect();
                improvements.push((item, (!effect.is_empty()).then(|| effect.join(""))));
            }
        }
        let start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).and_then(|t| t.and_local_timezone(zone).earliest()).map(|t| t.with_timezone(&Utc));
        let campaigns = match (start(first), start(month_end)) {
            (Some(from), Some(to)) => self.campaigns_between(from, to, now)?,
            _ => Vec::new(),
        };
        Ok(MonthData {
            improvements,
            campaigns,
            previous,
            daily: per_day.into_iter().collect(),
            root_causes,
            on_time_trend,
            hotspots,
            overdue,
            year,
            month,
            figures: report.current,
            by_status,
            by_category,
            by_channel,
            rows,
            letterhead: self.letterhead()?,
            issued_by: user.display_name,
            zone,
        })
    }
}
