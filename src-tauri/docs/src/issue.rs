//! Issuing documents from a desk: read the case's data through the use-cases, render the PDF,
//! and note on the case's timeline that it was issued. The shell and the CLI call these.
use chrono::{DateTime, Utc};
use complaintdesk_core::desk::documents::Letterhead as DeskLetterhead;
use complaintdesk_core::desk::dto::CaseDetail;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::DocumentKind;
use complaintdesk_core::domain::DeskResult;

use crate::{case_document, monthly_report, CaseDoc, Count, DocKind, Lang, Letterhead, MonthlyReport, OnTime, ReportRow};

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
    Letterhead { org_name: l.org_name, logo_png: l.logo_png, contact: l.contact }
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

/// Renders a document of case `id` as `actor` at `now`, and records on the timeline that it was
/// issued. Returns the document and the case as it stands after.
pub fn issue_case_document(desk: &mut Desk, actor: i64, id: i64, kind: DocumentKind, lang: Lang, now: DateTime<Utc>) -> DeskResult<(Issued, CaseDetail)> {
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
    let detail = desk.record_document(actor, id, kind, rendered.pages, now)?;
    Ok((
        Issued { file_name: format!("{number}-{}.pdf", kind.label()), pages: rendered.pages, missing_glyphs: rendered.missing_glyphs, pdf: rendered.pdf },
        detail,
    ))
}

/// Renders the monthly report of the complaints received in `year`-`month`.
pub fn issue_monthly_report(desk: &Desk, actor: i64, year: i32, month: u32, lang: Lang, now: DateTime<Utc>) -> DeskResult<Issued> {
    let m = desk.month_data(actor, year, month)?;
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
        on_time: (m.figures.notified > 0).then_some(OnTime { decided: m.figures.notified, on_time: m.figures.notified_on_time }),
        followup: (m.figures.followup.tasks > 0).then(|| m.figures.followup.clone()),
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
