//! ComplaintDesk documents (SPEC §8): the acknowledgement receipt, the decision letter, the
//! extension notice, the case summary (external and internal) and the monthly report, as PDF.
//!
//! Pure: case data in, PDF bytes out; no database and no files. Every document uses the embedded
//! Noto Sans CJK SC font, subset on save. A character the font has no glyph for is drawn as
//! [`PLACEHOLDER`], listed in [`Rendered::missing_glyphs`] and logged by code point (never the
//! text, which may hold personal data).
use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use complaintdesk_core::domain::case::{Case, Event};
use complaintdesk_core::domain::deadline::ClockState;
use complaintdesk_core::domain::followup::FollowupAttempt;
use complaintdesk_core::domain::kpi::Figures;
use complaintdesk_core::domain::{DeskError, DeskResult, ErrorCode};
use printpdf::{PdfDocument, PdfSaveOptions, RawImage};

mod font;
pub mod issue;
mod layout;
mod letters;
mod report;
mod summary;
mod words;

pub use font::{font_has_glyph, PLACEHOLDER};
pub use words::{channel_label, claim_label, format_date, format_time, format_yuan};

use layout::{Logo, Pages};

/// Which document of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// 受理回执: the case was received and what happens next.
    Receipt,
    /// 处理决定告知书: facts, basis and reasons, decision, remedy and the customer's routes.
    Decision,
    /// 延期告知书: the handling time was extended, why, and the new due date.
    Extension,
    /// 案件摘要 for the customer: fields, decision and the timeline without internal entries.
    Summary,
    /// 案件摘要（内部）: everything, with all clocks, internal notes and follow-up attempts.
    SummaryInternal,
}

/// The language of the documents' fixed wording (the case's own text is shown as entered).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

/// The organisation profile that heads every page and signs every document (from the settings).
#[derive(Debug, Clone, Default)]
pub struct Letterhead {
    pub org_name: String,
    /// A PNG logo shown left of the name, scaled to the header's height.
    pub logo_png: Option<Vec<u8>>,
    /// 地址, 服务电话 and 投诉电话, under the name on every page (each left out when empty).
    pub address: Option<String>,
    pub service_phone: Option<String>,
    pub complaint_phone: Option<String>,
}

impl Letterhead {
    /// The line under the organisation's name: address and phones, as far as they are set.
    pub(crate) fn contact_line(&self, lang: Lang) -> String {
        let parts = [
            (words::w(lang, "地址：", "Address: "), &self.address),
            (words::w(lang, "服务电话：", "Service: "), &self.service_phone),
            (words::w(lang, "投诉电话：", "Complaints: "), &self.complaint_phone),
        ];
        parts
            .iter()
            .filter_map(|(label, v)| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(|v| format!("{label}{v}")))
            .collect::<Vec<_>>()
            .join(words::w(lang, "　　", "   "))
    }
}

/// One case with everything its documents show.
#[derive(Debug, Clone)]
pub struct CaseDoc<'a> {
    pub case: &'a Case,
    /// The case's events, oldest first.
    pub events: &'a [Event],
    /// Every started clock of the case, as the deadline engine computed them.
    pub clocks: &'a [ClockState],
    pub attempts: &'a [FollowupAttempt],
    pub handler_name: Option<&'a str>,
    /// The case's status and category in the document's language.
    pub status_label: &'a str,
    pub category_label: &'a str,
    /// Labels of status and action codes that appear on events (from the lifecycle); a code
    /// without one is shown as it is.
    pub labels: &'a BTreeMap<String, String>,
    pub issued_at: DateTime<Utc>,
    /// The person issuing the document.
    pub issued_by: &'a str,
    /// The desk's zone: every time is shown in it.
    pub zone: Tz,
}

/// A labelled count in a report table.
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    pub label: String,
    pub count: i64,
}

/// The month's KPIs beside the month before's (every figure of SPEC §7), and what the report's
/// charts and lists show.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MonthKpis {
    pub current: Figures,
    pub previous: Figures,
    /// Complaints received on each day of the month.
    pub daily: Vec<(NaiveDate, i64)>,
    /// The month's closed cases by root cause, largest first.
    pub root_causes: Vec<Count>,
    /// The on-time rate of the months up to this one, oldest first: (year, month, rate).
    pub on_time_trend: Vec<(i32, u32, Option<f64>)>,
    /// Hotspots when the report was issued.
    pub hotspots: Vec<HotspotRow>,
    /// Open cases past a deadline when the report was issued.
    pub overdue: Vec<OverdueRow>,
    /// Improvement items opened, finished or still open in the month.
    pub improvements: Vec<ImprovementRow>,
    /// Follow-up campaigns opened or closed in the month, or running.
    pub campaigns: Vec<CampaignRow>,
}

/// A follow-up campaign in the report, with its results.
#[derive(Debug, Clone, PartialEq)]
pub struct CampaignRow {
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub running: bool,
    /// The improvement item it checks.
    pub improvement_id: Option<i64>,
    pub calls: u32,
    pub reached: u32,
    pub satisfied: u32,
    /// Satisfied ÷ reached, none before anyone is reached.
    pub satisfied_share: Option<f64>,
    pub problem_back: u32,
    pub pending: u32,
    /// The result it closed with.
    pub result: String,
}

/// An improvement item in the report.
#[derive(Debug, Clone, PartialEq)]
pub struct ImprovementRow {
    pub id: i64,
    pub cause: String,
    pub action: String,
    pub owner: String,
    pub due_on: NaiveDate,
    pub status: String,
    pub overdue: bool,
    pub opened_in_month: bool,
    pub done_in_month: bool,
    /// The effect check's sentence, once the item is done.
    pub effect: Option<String>,
}

/// A category × site well above its baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct HotspotRow {
    pub label: String,
    pub window_days: u32,
    pub recent: i64,
    pub baseline: f64,
}

/// An open case past its deadline.
#[derive(Debug, Clone, PartialEq)]
pub struct OverdueRow {
    pub number: String,
    pub subject: String,
    pub handler: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
}

/// One case in the report's list.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    pub number: String,
    pub received_at: DateTime<Utc>,
    pub subject: String,
    pub category_label: String,
    pub status_label: String,
}

/// The monthly report's content: the month's counts, its KPIs beside the month before's with
/// charts, and its cases.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlyReport {
    pub year: i32,
    pub month: u32,
    /// Cases received in the month.
    pub total: i64,
    pub by_status: Vec<Count>,
    pub by_category: Vec<Count>,
    pub by_channel: Vec<Count>,
    /// The KPIs, charts and lists; none: the counts alone.
    pub kpis: Option<MonthKpis>,
    /// The month's cases, listed at the end (may be empty).
    pub rows: Vec<ReportRow>,
    pub issued_at: DateTime<Utc>,
    pub issued_by: String,
    pub zone: Tz,
}

/// A finished document.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Characters the font lacks, drawn as [`PLACEHOLDER`] (each once, in code point order).
    pub missing_glyphs: Vec<char>,
}

/// Renders one document of a case.
pub fn case_document(kind: DocKind, head: &Letterhead, doc: &CaseDoc, lang: Lang) -> DeskResult<Rendered> {
    let title = match kind {
        DocKind::Receipt => letters::receipt_title(doc.case, lang),
        DocKind::Decision => words::w(lang, "处理决定告知书", "Notice of decision"),
        DocKind::Extension => words::w(lang, "延期告知书", "Notice of extension"),
        DocKind::Summary => words::w(lang, "案件摘要", "Case summary"),
        DocKind::SummaryInternal => words::w(lang, "案件摘要（内部）", "Case summary (internal)"),
    };
    let note = match kind {
        DocKind::SummaryInternal => format!("{} {} · {}", words::w(lang, "案件编号", "Case"), doc.case.number, words::w(lang, "内部资料", "internal")),
        _ => format!("{} {}", words::w(lang, "案件编号", "Case"), doc.case.number),
    };
    let meta = Meta { title: format!("{title} {}", doc.case.number), at: doc.issued_at };
    render(&meta, head, &note, lang, |pages| match kind {
        DocKind::Receipt => letters::receipt(pages, head, doc, lang),
        DocKind::Decision => letters::decision(pages, head, doc, lang),
        DocKind::Extension => letters::extension(pages, head, doc, lang),
        DocKind::Summary => summary::summary(pages, head, doc, lang, false),
        DocKind::SummaryInternal => summary::summary(pages, head, doc, lang, true),
    })
}

/// Renders the monthly report.
pub fn monthly_report(head: &Letterhead, report: &MonthlyReport, lang: Lang) -> DeskResult<Rendered> {
    let note = match lang {
        Lang::Zh => format!("{}年{}月", report.year, report.month),
        Lang::En => format!("{}-{:02}", report.year, report.month),
    };
    let meta = Meta { title: format!("{} {note}", words::w(lang, "投诉处理月报", "Monthly complaints report")), at: report.issued_at };
    render(&meta, head, &note, lang, |pages| report::monthly(pages, head, report, lang))
}

/// What the PDF says of itself: its title, and when it was made (the `now` it was issued at,
/// never the clock). The author is the organisation.
struct Meta {
    title: String,
    at: DateTime<Utc>,
}

/// An instant as printpdf writes it into the document information: printpdf always writes
/// `+00'00'` after the fields, so the fields are given in UTC and the instant stays exact.
fn pdf_date(at: DateTime<Utc>) -> printpdf::OffsetDateTime {
    printpdf::OffsetDateTime::from_unix_timestamp(at.timestamp()).unwrap_or(printpdf::OffsetDateTime::epoch())
}

fn render(meta: &Meta, head: &Letterhead, note: &str, lang: Lang, body: impl FnOnce(&mut Pages) -> DeskResult<()>) -> DeskResult<Rendered> {
    let face = font::face()?;
    let mut doc = PdfDocument::new(&meta.title);
    let info = &mut doc.metadata.info;
    info.author = head.org_name.clone();
    info.creator = "客诉台 ComplaintDesk".to_string();
    info.producer = "ComplaintDesk (printpdf)".to_string();
    (info.creation_date, info.modification_date, info.metadata_date) = (pdf_date(meta.at), pdf_date(meta.at), pdf_date(meta.at));
    info.subject = meta.title.clone();
    let font = doc.add_font(&face.parsed);
    let logo = match &head.logo_png {
        Some(png) => {
            let mut warnings = Vec::new();
            let image = RawImage::decode_from_bytes(png, &mut warnings)
                .map_err(|_| DeskError::invalid("logo_png", "机构标志图片无法读取，请换一张 PNG 图片").rule("docs.logo"))?;
            let (width_px, height_px) = (image.width.max(1) as f32, image.height.max(1) as f32);
            Some(Logo { id: doc.add_image(&image), width_px, height_px })
        }
        None => None,
    };
    let mut pages = Pages::new(face, font, lang, &head.org_name, &head.contact_line(lang), note, logo);
    body(&mut pages)?;
    let missing_glyphs: Vec<char> = pages.missing.iter().copied().collect();
    for c in &missing_glyphs {
        // The code point only: the text around it may be personal data.
        tracing::warn!(code_point = format!("U+{:04X}", *c as u32), "character not in the document font, drawn as a placeholder");
    }
    let pages = pages.finish();
    let count = pages.len();
    let mut warnings = Vec::new();
    let pdf = doc.with_pages(pages).save(&PdfSaveOptions { subset_fonts: true, ..Default::default() }, &mut warnings);
    if pdf.is_empty() {
        return Err(DeskError::new(ErrorCode::Invalid, "PDF 生成失败").rule("docs.save"));
    }
    Ok(Rendered { pdf, pages: count, missing_glyphs })
}
