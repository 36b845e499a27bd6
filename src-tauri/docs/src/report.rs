//! The monthly report: the month's counts as tables, on-time and follow-up figures when given,
//! and the list of the month's cases.
use complaintdesk_core::domain::DeskResult;

use crate::layout::{Align, Column, Pages};
use crate::words::{format_date, format_time, w};
use crate::{Count, Lang, Letterhead, MonthlyReport};

fn percent(num: i64, den: i64) -> String {
    if den <= 0 {
        return "—".into();
    }
    format!("{:.1}%", num as f64 * 100.0 / den as f64)
}

fn rate(v: Option<f64>) -> String {
    v.map(|r| format!("{:.1}%", r * 100.0)).unwrap_or_else(|| "—".into())
}

fn counts(pages: &mut Pages, title: &str, counts: &[Count], total: i64, lang: Lang) {
    pages.heading(title);
    let columns = [
        Column { title: w(lang, "项目", "Item"), share: 0.56 },
        Column { title: w(lang, "件数", "Cases"), share: 0.22 },
        Column { title: w(lang, "占比", "Share"), share: 0.22 },
    ];
    let rows: Vec<Vec<String>> = counts.iter().map(|c| vec![c.label.clone(), c.count.to_string(), percent(c.count, total)]).collect();
    pages.table(&columns, true, &rows, 10.0, false);
}

pub(crate) fn monthly(pages: &mut Pages, head: &Letterhead, report: &MonthlyReport, lang: Lang) -> DeskResult<()> {
    let title = match lang {
        Lang::Zh => format!("{}年{}月投诉处理月报", report.year, report.month),
        Lang::En => format!("Complaints report, {}-{:02}", report.year, report.month),
    };
    pages.title(&title);
    pages.fields(&[(w(lang, "本月收到", "Received this month"), report.total.to_string())]);
    counts(pages, w(lang, "按状态", "By status"), &report.by_status, report.total, lang);
    counts(pages, w(lang, "按分类", "By category"), &report.by_category, report.total, lang);
    counts(pages, w(lang, "按渠道", "By channel"), &report.by_channel, report.total, lang);
    if let Some(on_time) = &report.on_time {
        pages.heading(w(lang, "按时处理", "Decided on time"));
        pages.fields(&[
            (w(lang, "本月作出决定", "Decided this month"), on_time.decided.to_string()),
            (w(lang, "按时作出", "On time"), on_time.on_time.to_string()),
            (w(lang, "按时率", "On-time rate"), percent(on_time.on_time, on_time.decided)),
        ]);
    }
    if let Some(f) = &report.followup {
        pages.heading(w(lang, "回访", "Follow-up"));
        pages.fields(&[
            (w(lang, "回访任务", "Tasks"), f.tasks.to_string()),
            (w(lang, "完成回访", "Completed"), format!("{}（{}）", f.completed, rate(f.completion_rate))),
            (w(lang, "回访次数", "Attempts"), f.attempts.to_string()),
            (w(lang, "接通", "Reached"), format!("{}（{}）", f.reached, rate(f.reached_rate))),
            (w(lang, "平均满意度", "Mean score"), f.mean_score.map(|s| format!("{s:.2} / 5")).unwrap_or_else(|| "—".into())),
            (w(lang, "4—5 分占比", "Scoring 4–5"), rate(f.share_4_5)),
            (w(lang, "因回访不满意重开", "Reopened after follow-up"), f.reopened.to_string()),
        ]);
    }
    if !report.rows.is_empty() {
        pages.heading(w(lang, "本月案件", "This month's cases"));
        let columns = [
            Column { title: w(lang, "案件编号", "Case"), share: 0.2 },
            Column { title: w(lang, "收到时间", "Received"), share: 0.22 },
            Column { title: w(lang, "主题", "Subject"), share: 0.32 },
            Column { title: w(lang, "分类", "Category"), share: 0.13 },
            Column { title: w(lang, "状态", "Status"), share: 0.13 },
        ];
        let rows: Vec<Vec<String>> = report
            .rows
            .iter()
            .map(|r| vec![r.number.clone(), format_time(r.received_at, report.zone, lang), r.subject.clone(), r.category_label.clone(), r.status_label.clone()])
            .collect();
        pages.table(&columns, true, &rows, 9.5, false);
    }
    pages.gap(8.0);
    let footer = match lang {
        Lang::Zh => format!("本报告由 {} 于 {} 生成。", report.issued_by, format_time(report.issued_at, report.zone, lang)),
        Lang::En => format!("Produced by {} on {}.", report.issued_by, format_time(report.issued_at, report.zone, lang)),
    };
    pages.paragraph(&footer, 9.0, Align::Right);
    let day = format_date(report.issued_at.with_timezone(&report.zone).date_naive(), lang);
    pages.seal_block(&head.org_name, &day, &[]);
    Ok(())
}
