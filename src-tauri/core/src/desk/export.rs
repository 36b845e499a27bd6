//! Excel (.xlsx) exports: any case list with its filters, every row (no cap), and every KPI table
//! of the dashboard. Chinese labels; times in the desk's zone.
use chrono::{DateTime, Utc};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use tracing::instrument;

use super::dto::Dashboard;
use super::kpi::KPI_ROLES;
use super::batch::selection;
use super::{acting_role, Desk, NOTE_ROLES};
use crate::domain::case::CaseQuery;
use crate::domain::catalog::Classification;
use crate::domain::deadline::feed::DueState;
use crate::domain::kpi::{Count, Figures, KpiFilter};
use crate::domain::types::Channel;
use crate::domain::{DeskError, DeskResult};
use crate::store::cases;

/// Rows asked for per page while writing a case list (the store gives at most its own maximum).
const PAGE: u32 = 1000;

fn xlsx(e: XlsxError) -> DeskError {
    DeskError::storage(format!("无法生成 Excel 文件：{e}"))
}

/// The Chinese name of a channel.
pub fn channel_label(c: Channel) -> &'static str {
    match c {
        Channel::WalkIn => "来访",
        Channel::Phone => "电话",
        Channel::Letter => "信函",
        Channel::Email => "邮件",
        Channel::Wechat => "微信",
        Channel::Website => "网站",
        Channel::Regulator => "监管转送",
        Channel::Other => "其他",
    }
}

fn due_label(s: Option<DueState>) -> &'static str {
    match s {
        Some(DueState::Done) => "已完成",
        Some(DueState::Paused) => "暂停计时",
        Some(DueState::Running) => "计时中",
        Some(DueState::Warning) => "即将到期",
        Some(DueState::Breached) => "已超时",
        None => "",
    }
}

fn local(t: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
    t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
}

/// The case list's columns, in order.
pub const CASE_COLUMNS: &[&str] = &["案件编号", "状态", "投诉事由", "客户", "电话", "渠道", "类别", "处理部门", "处理人", "收到时间", "期限", "时限状态", "升级"];

pub(super) fn header(sheet: &mut Worksheet, columns: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (i, c) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, i as u16, *c, bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn write_counts(sheet: &mut Worksheet, label: &str, counts: &[(String, i64)], bold: &Format) -> Result<(), XlsxError> {
    header(sheet, &[label, "案件数"], bold)?;
    for (i, (k, n)) in counts.iter().enumerate() {
        sheet.write_string(i as u32 + 1, 0, k)?;
        sheet.write_number(i as u32 + 1, 1, *n as f64)?;
    }
    sheet.set_column_width(0, 24)?;
    Ok(())
}

/// Figure rows: (name, current, previous); rates as numbers between 0 and 1.
fn figure_rows(c: &Figures, p: &Figures) -> Vec<(&'static str, Option<f64>, Option<f64>)> {
    let n = |v: i64| Some(v as f64);
    let yuan = |v: i64| Some(v as f64 / 100.0);
    vec![
        ("收到投诉", n(c.received), n(p.received)),
        ("已受理", n(c.accepted), n(p.accepted)),
        ("受理用时中位数（小时）", c.accept_median_hours, p.accept_median_hours),
        ("受理用时 P90（小时）", c.accept_p90_hours, p.accept_p90_hours),
        ("按时受理率", c.accept_on_target_rate, p.accept_on_target_rate),
        ("已结案", n(c.closed), n(p.closed)),
        ("解决率", c.resolution_rate, p.resolution_rate),
        ("已告知处理决定", n(c.notified), n(p.notified)),
        ("及时率", c.on_time_rate, p.on_time_rate),
        ("当前超时", n(c.overdue_now), n(p.overdue_now)),
        ("回访完成率", c.followup.completion_rate, p.followup.completion_rate),
        ("回访接通率", c.followup.reached_rate, p.followup.reached_rate),
        ("平均满意度", c.followup.mean_score, p.followup.mean_score),
        ("4–5 分占比", c.followup.share_4_5, p.followup.share_4_5),
        ("赔偿金额（元）", yuan(c.compensation_cents), yuan(p.compensation_cents)),
        ("处理工时（分钟）", n(c.staff_minutes), n(p.staff_minutes)),
        ("处理成本（元）", yuan(c.cost_cents), yuan(p.cost_cents)),
        ("单件成本（元）", c.cost_per_case_cents.and_then(yuan), p.cost_per_case_cents.and_then(yuan)),
        ("重开率", c.reopen_rate, p.reopen_rate),
        ("重复投诉案件", n(c.repeat_cases), n(p.repeat_cases)),
        ("重复投诉人", n(c.repeat_phones), n(p.repeat_phones)),
    ]
}

impl Desk {
    /// Every case of a list with its filters (sort kept, paging ignored) as an .xlsx file.
    /// 导出所选: with `ids`, only those cases (as many as a batch takes; each once), in the
    /// list's sort; an id that names no case gives no row.
    #[instrument(skip_all, fields(actor))]
    pub fn export_cases(&self, actor: i64, query: &CaseQuery) -> DeskResult<Vec<u8>> {
        let user = self.actor(actor)?;
        acting_role(&user, NOTE_ROLES, "导出案件")?;
        let selected;
        let query = match &query.ids {
            Some(ids) => {
                selected = CaseQuery { ids: Some(selection(ids)?), ..query.clone() };
                &selected
            }
            None => query,
        };
        let sight = self.list_sight(&user)?;
        let profile = self.profile()?;
        let tree = Classification::for_profile(profile);
        let zone = self.deadlines().zone;
        let mut book = Workbook::new();
        let bold = Format::new().set_bold();
        let sheet = book.add_worksheet();
        sheet.set_name("案件").map_err(xlsx)?;
        header(sheet, CASE_COLUMNS, &bold).map_err(xlsx)?;
        let mut row = 1u32;
        let mut page = 1u32;
        loop {
            let q = CaseQuery { page: Some(page), page_size: Some(PAGE), ..query.clone() };
            let found = cases::list(self.store.db(), &q)?;
            for r in &found.rows {
                let cells = [
                    r.number.clone(),
                    self.lifecycle.status_label(&r.status),
                    r.subject.clone(),
                    r.customer_name.clone().unwrap_or_default(),
                    sight.phone(r.customer_phone.clone()).unwrap_or_default(),
                    channel_label(r.channel).to_string(),
                    tree.category_label(&r.category),
                    r.department.clone().unwrap_or_default(),
                    r.handler_name.clone().unwrap_or_default(),
                    local(r.received_at, zone),
                    r.due_at.map(|t| local(t, zone)).unwrap_or_default(),
                    due_label(r.due_state).to_string(),
                ];
                for (i, v) in cells.iter().enumerate() {
                    sheet.write_string(row, i as u16, v).map_err(xlsx)?;
                }
                sheet.write_number(row, cells.len() as u16, f64::from(r.escalation)).map_err(xlsx)?;
                row += 1;
            }
            // The store may give fewer rows per page than asked (its own page size), and a long
            // list's total is only a lower bound: the last page is the first short one.
            if found.rows.len() < found.page_size as usize {
                break;
            }
            page += 1;
        }
        for (i, w) in [16, 10, 30, 10, 14, 8, 10, 12, 10, 17, 17, 10, 6].into_iter().enumerate() {
            sheet.set_column_width(i as u16, w).map_err(xlsx)?;
        }
        book.save_to_buffer().map_err(xlsx)
    }

    /// The name a case list export suggests: `案件列表-YYYYMMDD-HHMM.xlsx`, the desk's date and
    /// time at `now` (its zone setting, not the computer's).
    pub fn case_list_file_name(&self, now: DateTime<Utc>) -> String {
        format!("案件列表-{}.xlsx", now.with_timezone(&self.deadlines().zone).format("%Y%m%d-%H%M"))
    }

    /// The name a dashboard export suggests: `统计报表-<from>至<to>.xlsx`, the filter's days.
    pub fn kpi_file_name(filter: &KpiFilter) -> String {
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        format!("统计报表-{}至{}.xlsx", day(filter.from), day(filter.to))
    }

    /// Every table of the dashboard for `filter` as an .xlsx file, one sheet each.
    #[instrument(skip_all, fields(actor))]
    pub fn export_kpi(&self, actor: i64, filter: &KpiFilter, now: DateTime<Utc>) -> DeskResult<Vec<u8>> {
        acting_role(&self.actor(actor)?, KPI_ROLES, "导出统计")?;
        let d = self.dashboard(actor, filter, now)?;
        kpi_workbook(&d, &Classification::for_profile(self.profile()?)).map_err(xlsx)
    }
}

fn kpi_workbook(d: &Dashboard, tree: &Classification) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let period = |f: &KpiFilter| format!("{} 至 {}", f.from.map(|d| d.to_string()).unwrap_or_default(), f.to.map(|d| d.to_string()).unwrap_or_default());

    let sheet = book.add_worksheet().set_name("指标")?;
    header(sheet, &["指标", &period(&d.filter), &period(&d.previous_filter)], &bold)?;
    for (i, (name, c, p)) in figure_rows(&d.current, &d.previous).into_iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, name)?;
        if let Some(c) = c {
            sheet.write_number(r, 1, c)?;
        }
        if let Some(p) = p {
            sheet.write_number(r, 2, p)?;
        }
    }
    sheet.set_column_width(0, 26)?;
    sheet.set_column_width(1, 24)?;
    sheet.set_column_width(2, 24)?;

    let sheet = book.add_worksheet().set_name("趋势")?;
    header(sheet, &["起始日期", "案件数"], &bold)?;
    for (i, p) in d.trend.iter().enumerate() {
        sheet.write_string(i as u32 + 1, 0, p.start.to_string())?;
        sheet.write_number(i as u32 + 1, 1, p.total as f64)?;
    }

    let labelled = |c: &[Count], label: &dyn Fn(&str) -> String| c.iter().map(|c| (label(&c.key), c.count)).collect::<Vec<_>>();
    let channel = |k: &str| Channel::parse(k).map(channel_label).unwrap_or(k).to_string();
    let category = |k: &str| tree.category_label(k);
    let same = |k: &str| k.to_string();
    write_counts(book.add_worksheet().set_name("类别")?, "类别", &labelled(&d.by_category, &category), &bold)?;
    write_counts(book.add_worksheet().set_name("渠道")?, "渠道", &labelled(&d.by_channel, &channel), &bold)?;
    write_counts(book.add_worksheet().set_name("地点")?, "项目/网点", &labelled(&d.by_site, &same), &bold)?;
    let cause = |k: &str| tree.root_causes.iter().find(|c| c.code == k).map(|c| c.label.clone()).unwrap_or_else(|| k.to_string());
    write_counts(book.add_worksheet().set_name("根本原因")?, "根本原因", &labelled(&d.root_causes, &cause), &bold)?;

    let sheet = book.add_worksheet().set_name("满意度")?;
    header(sheet, &["分数", "回访次数"], &bold)?;
    for (i, n) in d.satisfaction.iter().enumerate() {
        sheet.write_number(i as u32 + 1, 0, (i + 1) as f64)?;
        sheet.write_number(i as u32 + 1, 1, *n as f64)?;
    }

    let sheet = book.add_worksheet().set_name("积压")?;
    header(sheet, &["已收到天数", "未结案件"], &bold)?;
    for (i, b) in d.backlog.iter().enumerate() {
        let label = match b.to_days {
            Some(t) => format!("{}–{} 天", b.from_days, t),
            None => format!("{} 天以上", b.from_days),
        };
        sheet.write_string(i as u32 + 1, 0, label)?;
        sheet.write_number(i as u32 + 1, 1, b.count as f64)?;
    }

    let sheet = book.add_worksheet().set_name("处理人")?;
    header(sheet, &["处理人", "案件数", "已结案", "解决率", "及时率", "重开", "平均处理小时", "平均满意度"], &bold)?;
    for (i, h) in d.handlers.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, &h.name)?;
        sheet.write_number(r, 1, h.figures.received as f64)?;
        sheet.write_number(r, 2, h.figures.closed as f64)?;
        for (col, v) in [(3, h.figures.resolution_rate), (4, h.figures.on_time_rate), (6, h.mean_handling_hours), (7, h.mean_satisfaction)] {
            if let Some(v) = v {
                sheet.write_number(r, col, v)?;
            }
        }
        sheet.write_number(r, 5, h.figures.reopened as f64)?;
    }

    let sheet = book.add_worksheet().set_name("热点")?;
    header(sheet, &["类别", "项目/网点", "统计天数", "近期件数", "基线（每期平均）"], &bold)?;
    for (i, h) in d.hotspots.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, tree.category_label(&h.category))?;
        sheet.write_string(r, 1, h.project.clone().unwrap_or_default())?;
        sheet.write_number(r, 2, f64::from(h.window_days))?;
        sheet.write_number(r, 3, h.recent as f64)?;
        sheet.write_number(r, 4, h.baseline)?;
    }

    let sheet = book.add_worksheet().set_name("培训效果")?;
    header(sheet, &["培训日期", "主题", "处理人", "培训前案件", "培训后案件", "培训前及时率", "培训后及时率", "培训前满意度", "培训后满意度"], &bold)?;
    for (i, t) in d.trainings.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, t.held_on.to_string())?;
        sheet.write_string(r, 1, &t.topic)?;
        sheet.write_string(r, 2, &t.name)?;
        sheet.write_number(r, 3, t.before.received as f64)?;
        sheet.write_number(r, 4, t.after.received as f64)?;
        for (col, v) in [(5, t.before.on_time_rate), (6, t.after.on_time_rate), (7, t.before_mean_satisfaction), (8, t.after_mean_satisfaction)] {
            if let Some(v) = v {
                sheet.write_number(r, col, v)?;
            }
        }
    }
    book.save_to_buffer()
}
