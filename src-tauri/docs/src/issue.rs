//! Issuing documents from a desk: read the case's data through the use-cases, render the PDF,
//! and, once the caller has written it, note on the case's timeline that it was issued. The
//! shell and the CLI call these.
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Datelike, Utc};
use complaintdesk_core::desk::documents::Letterhead as DeskLetterhead;
use complaintdesk_core::desk::dto::CaseDetail;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::DocumentKind;
use complaintdesk_core::domain::DeskResult;

use crate::{case_document, monthly_report, CampaignRow, CaseDoc, Count, DocKind, HotspotRow, ImprovementRow, Lang, Letterhead, MonthKpis, MonthlyReport, OverdueRow, ReportRow};

/// A document ready to save or print.
pub struct Issued {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// A file name to suggest, e.g. `TS-2026-000001-受理回执.pdf`.
    pub file_name: String,
    /// Characters the font lacks, drawn as placeholders.
    pub missing_glyphs: Vec<char>,
}

fn head(l: DeskLetterhead) -> Letterhead {
    Letterhead { org_name: l.org_name, logo_png: l.logo_png, address: l.address, service_phone: l.service_phone, complaint_phone: l.complaint_phone }
}

fn doc_kind(kind: DocumentKind) -> DocKind {
    match kind {
        DocumentKind::Receipt => DocKind::Receipt,
        DocumentKind::Decision => DocKind::Decision,
        DocumentKind::Extension => DocKind::Extension,
        DocumentKind::Summary => DocKind::Summary,
        DocumentKind::SummaryInternal => DocKind::SummaryInternal,
    }
}

/// A case's document, rendered and not yet on the case's timeline: write [`CaseDocument::issued`]
/// where the user asked, then [`CaseDocument::record`]. A document that never reached a file
/// (a folder that does not exist, a full disk, a cancelled save) is not noted as issued.
pub struct CaseDocument {
    pub issued: Issued,
    actor: i64,
    case_id: i64,
    kind: DocumentKind,
    /// The instant the document is dated, which the timeline gives too.
    at: DateTime<Utc>,
}

impl CaseDocument {
    /// Notes on the case's timeline that the document was issued, by the user who asked for it,
    /// at the instant printed on it. Call it once the file is written. Returns the case after.
    pub fn record(&self, desk: &Desk) -> DeskResult<CaseDetail> {
        desk.record_document(self.actor, self.case_id, self.kind, self.issued.pages, self.at)
    }
}

/// Writes `bytes` to `path` and syncs them to disk, so a document noted as issued afterwards is
/// there after a power cut too. A file left half-written by a failure is removed.
pub fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    let written = file.write_all(bytes).and_then(|_| file.sync_all());
    if written.is_err() {
        drop(file);
        let _ = std::fs::remove_file(path);
    }
    written
}

/// Renders a document of case `id` as `actor` at `now`. Nothing is recorded yet (see
/// [`CaseDocument`]).
pub fn render_case_document(desk: &Desk, actor: i64, id: i64, kind: DocumentKind, lang: Lang, now: DateTime<Utc>) -> DeskResult<CaseDocument> {
    let data = desk.document_data(actor, id, kind, now)?;
    let doc = CaseDoc {
        case: &data.case,
        events: &data.events,
        clocks: &data.clocks,
        attempts: &data.attempts,
        handler_name: data.handler_name.as_deref(),
        status_label: &data.status_label,
        category_label: &data.category_label,
        labels: &data.labels,
        issued_at: now,
        issued_by: &data.issued_by,
        zone: data.zone,
    };
    let number = data.case.number.clone();
    let rendered = case_document(doc_kind(kind), &head(data.letterhead), &doc, lang)?;
    Ok(CaseDocument {
        issued: Issued { file_name: format!("{number}-{}.pdf", kind.label()), pages: rendered.pages, missing_glyphs: rendered.missing_glyphs, pdf: rendered.pdf },
        actor,
        case_id: id,
        kind,
        at: now,
    })
}

/// Renders the monthly report of the complaints received in `year`-`month`.
pub fn issue_monthly_report(desk: &Desk, actor: i64, year: i32, month: u32, lang: Lang, now: DateTime<Utc>) -> DeskResult<Issued> {
    let m = desk.month_data(actor, year, month, now)?;
    let counts = |v: Vec<(String, i64)>| v.into_iter().map(|(label, count)| Count { label, count }).collect::<Vec<_>>();
    let report = MonthlyReport {
        year,
        month,
        total: m.figures.received,
        by_status: counts(m.by_status),
        by_category: counts(m.by_category),
        by_channel: m
            .by_channel
            .into_iter()
            .map(|c| Count {
                label: complaintdesk_core::domain::types::Channel::parse(&c.key).map(|ch| crate::channel_label(ch, lang).to_string()).unwrap_or(c.key),
                count: c.count,
            })
            .collect(),
        kpis: Some(MonthKpis {
            current: m.figures,
            previous: m.previous,
            daily: m.daily,
            root_causes: counts(m.root_causes),
            on_time_trend: m.on_time_trend,
            hotspots: m.hotspots.into_iter().map(|(label, window_days, recent, baseline)| HotspotRow { label, window_days, recent, baseline }).collect(),
            overdue: m.overdue.into_iter().map(|(number, subject, handler, due_at)| OverdueRow { number, subject, handler, due_at }).collect(),
            improvements: m
                .improvements
                .into_iter()
                .map(|(i, effect)| {
                    let in_month = |d: chrono::NaiveDate| d.year() == year && d.month() == month;
                    ImprovementRow {
                        id: i.id,
                        cause: i.cause_label,
                        action: i.action,
                        owner: i.owner_name,
                        due_on: i.due_on,
                        status: match lang {
                            Lang::Zh => i.status.label().to_string(),
                            Lang::En => crate::words::improvement_status_en(i.status).to_string(),
                        },
                        overdue: i.overdue,
                        opened_in_month: in_month(i.opened_at.with_timezone(&m.zone).date_naive()),
                        done_in_month: i.done_on.is_some_and(in_month),
                        effect,
                    }
                })
                .collect(),
            campaigns: m
                .campaigns
                .into_iter()
                .map(|c| CampaignRow {
                    title: c.title,
                    starts_on: c.starts_on,
                    ends_on: c.ends_on,
                    running: c.status == complaintdesk_core::domain::campaign::CampaignStatus::Running,
                    improvement_id: c.improvement_id,
                    calls: c.figures.calls,
                    reached: c.figures.reached,
                    satisfied: c.figures.satisfied,
                    satisfied_share: c.figures.satisfied_share,
                    problem_back: c.figures.problem_back,
                    pending: c.figures.pending,
                    result: c.result,
                })
                .collect(),
        }),
        rows: m
            .rows
            .into_iter()
            .map(|(number, received_at, subject, category_label, status_label)| ReportRow { number, received_at, subject, category_label, status_label })
            .collect(),
        issued_at: now,
        issued_by: m.issued_by,
        zone: m.zone,
    };
    let rendered = monthly_report(&head(m.letterhead), &report, lang)?;
    Ok(Issued { file_name: format!("投诉处理月报-{year}-{month:02}.pdf"), pages: rendered.pages, missing_glyphs: rendered.missing_glyphs, pdf: rendered.pdf })
}
