//! The monthly report: the month's KPIs beside the month before's (every figure of SPEC §7),
//! charts drawn as vectors (complaints per day, by category, a Pareto of root causes, the on-time
//! trend), hotspots and overdue cases when issued, the counts by status and channel, and the
//! list of the month's cases.
use complaintdesk_core::domain::DeskResult;

use crate::layout::{Align, Bar, Column, Pages};
use crate::words::{format_date, format_time, w};
use crate::{Count, Lang, Letterhead, MonthKpis, MonthlyReport};

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

/// A change from the month before: a difference of counts, of hours, or of rates in points.
enum Change {
    Count(i64, i64),
    Hours(Option<f64>, Option<f64>),
    Rate(Option<f64>, Option<f64>),
    Yuan(Option<i64>, Option<i64>),
}

fn signed(v: f64, decimals: usize) -> String {
    let text = format!("{:+.*}", decimals, v);
    if text.trim_start_matches(['+', '-']).chars().all(|c| c == '0' || c == '.') {
        format!("{:.*}", decimals, 0.0)
    } else {
        text
    }
}

fn change(c: Change, lang: Lang) -> String {
    match c {
        Change::Count(now, before) => signed((now - before) as f64, 0),
        Change::Hours(Some(now), Some(before)) => signed(now - before, 1),
        Change::Rate(Some(now), Some(before)) => format!("{}{}", signed((now - before) * 100.0, 1), w(lang, " 个百分点", " pts")),
        Change::Yuan(Some(now), Some(before)) => signed((now - before) as f64 / 100.0, 2),
        _ => "—".into(),
    }
}

fn hours(v: Option<f64>) -> String {
    v.map(|h| format!("{h:.1}")).unwrap_or_else(|| "—".into())
}

fn yuan(cents: Option<i64>) -> String {
    cents.map(|c| format!("{:.2}", c as f64 / 100.0)).unwrap_or_else(|| "—".into())
}

/// Every figure of SPEC §7 for the month, beside the month before's, and the change.
fn kpi_table(pages: &mut Pages, k: &MonthKpis, lang: Lang) {
    let (c, p) = (&k.current, &k.previous);
    let score = |f: &complaintdesk_core::domain::kpi::Figures| f.followup.mean_score.map(|s| format!("{s:.2}")).unwrap_or_else(|| "—".into());
    let rows: Vec<(&str, String, String, String)> = vec![
        (w(lang, "收到投诉（件）", "Complaints received"), c.received.to_string(), p.received.to_string(), change(Change::Count(c.received, p.received), lang)),
        (w(lang, "受理时长中位数（小时）", "Time to accept, median (h)"), hours(c.accept_median_hours), hours(p.accept_median_hours), change(Change::Hours(c.accept_median_hours, p.accept_median_hours), lang)),
        (w(lang, "受理时长 P90（小时）", "Time to accept, P90 (h)"), hours(c.accept_p90_hours), hours(p.accept_p90_hours), change(Change::Hours(c.accept_p90_hours, p.accept_p90_hours), lang)),
        (w(lang, "按时受理率", "Accepted within target"), rate(c.accept_on_target_rate), rate(p.accept_on_target_rate), change(Change::Rate(c.accept_on_target_rate, p.accept_on_target_rate), lang)),
        (w(lang, "结案（件）", "Closed"), c.closed.to_string(), p.closed.to_string(), change(Change::Count(c.closed, p.closed), lang)),
        (w(lang, "解决率", "Resolution rate"), rate(c.resolution_rate), rate(p.resolution_rate), change(Change::Rate(c.resolution_rate, p.resolution_rate), lang)),
        (w(lang, "作出决定（件）", "Decisions notified"), c.notified.to_string(), p.notified.to_string(), change(Change::Count(c.notified, p.notified), lang)),
        (w(lang, "及时率", "On-time rate"), rate(c.on_time_rate), rate(p.on_time_rate), change(Change::Rate(c.on_time_rate, p.on_time_rate), lang)),
        (w(lang, "当前超期（件）", "Overdue now"), c.overdue_now.to_string(), p.overdue_now.to_string(), change(Change::Count(c.overdue_now, p.overdue_now), lang)),
        (w(lang, "平均满意度（5 分制）", "Mean satisfaction (of 5)"), score(c), score(p), change(Change::Hours(c.followup.mean_score, p.followup.mean_score), lang)),
        (w(lang, "满意（4—5 分）占比", "Scoring 4–5"), rate(c.followup.share_4_5), rate(p.followup.share_4_5), change(Change::Rate(c.followup.share_4_5, p.followup.share_4_5), lang)),
        (w(lang, "回访完成率", "Follow-ups completed"), rate(c.followup.completion_rate), rate(p.followup.completion_rate), change(Change::Rate(c.followup.completion_rate, p.followup.completion_rate), lang)),
        (w(lang, "处理成本（元）", "Cost (yuan)"), yuan(Some(c.cost_cents)), yuan(Some(p.cost_cents)), change(Change::Yuan(Some(c.cost_cents), Some(p.cost_cents)), lang)),
        (w(lang, "每件成本（元）", "Cost per case (yuan)"), yuan(c.cost_per_case_cents), yuan(p.cost_per_case_cents), change(Change::Yuan(c.cost_per_case_cents, p.cost_per_case_cents), lang)),
        (w(lang, "重开率", "Reopen rate"), rate(c.reopen_rate), rate(p.reopen_rate), change(Change::Rate(c.reopen_rate, p.reopen_rate), lang)),
        (w(lang, "重复投诉（件）", "Repeat complaints"), c.repeat_cases.to_string(), p.repeat_cases.to_string(), change(Change::Count(c.repeat_cases, p.repeat_cases), lang)),
        (w(lang, "重复投诉人（人）", "Repeat complainants"), c.repeat_phones.to_string(), p.repeat_phones.to_string(), change(Change::Count(c.repeat_phones, p.repeat_phones), lang)),
    ];
    let columns = [
        Column { title: w(lang, "指标", "Figure"), share: 0.4 },
        Column { title: w(lang, "本月", "This month"), share: 0.18 },
        Column { title: w(lang, "上月", "Month before"), share: 0.18 },
        Column { title: w(lang, "变化", "Change"), share: 0.24 },
    ];
    let rows: Vec<Vec<String>> = rows.into_iter().map(|(name, now, before, delta)| vec![name.to_string(), now, before, delta]).collect();
    pages.table(&columns, true, &rows, 9.5, false);
}

/// The charts and lists of the month's KPIs.
fn kpi_sections(pages: &mut Pages, report: &MonthlyReport, k: &MonthKpis, lang: Lang) {
    pages.heading(w(lang, "每日收到投诉", "Complaints received per day"));
    let days: Vec<Bar> = k.daily.iter().map(|(day, n)| Bar { label: day.format("%-d").to_string(), value: *n as f64, shown: n.to_string() }).collect();
    pages.column_chart(&days, 1, false, None);

    pages.heading(w(lang, "按分类", "By category"));
    let categories: Vec<Bar> = report
        .by_category
        .iter()
        .map(|c| Bar { label: c.label.clone(), value: c.count as f64, shown: match lang {
            Lang::Zh => format!("{} 件（{}）", c.count, percent(c.count, report.total)),
            Lang::En => format!("{} ({})", c.count, percent(c.count, report.total)),
        } })
        .collect();
    if categories.is_empty() {
        pages.paragraph(w(lang, "本月没有收到投诉。", "No complaints this month."), 10.0, Align::Left);
    }
    pages.bar_rows(&categories);

    pages.heading(w(lang, "根本原因（帕累托）", "Root causes (Pareto)"));
    let total: i64 = k.root_causes.iter().map(|c| c.count).sum();
    if total == 0 {
        pages.paragraph(w(lang, "本月没有记录了根本原因的结案案件。", "No case closed this month has a root cause recorded."), 10.0, Align::Left);
    } else {
        let mut running = 0;
        let shares: Vec<f64> = k
            .root_causes
            .iter()
            .map(|c| {
                running += c.count;
                running as f64 / total as f64
            })
            .collect();
        let bars: Vec<Bar> = k.root_causes.iter().map(|c| Bar { label: c.label.clone(), value: c.count as f64, shown: c.count.to_string() }).collect();
        pages.column_chart(&bars, 1, true, Some(&shares));
        let columns = [
            Column { title: w(lang, "根本原因", "Root cause"), share: 0.52 },
            Column { title: w(lang, "件数", "Cases"), share: 0.16 },
            Column { title: w(lang, "占比", "Share"), share: 0.16 },
            Column { title: w(lang, "累计", "Cumulative"), share: 0.16 },
        ];
        let rows: Vec<Vec<String>> = k
            .root_causes
            .iter()
            .zip(&shares)
            .map(|(c, share)| vec![c.label.clone(), c.count.to_string(), percent(c.count, total), format!("{:.1}%", share * 100.0)])
            .collect();
        pages.table(&columns, true, &rows, 9.5, false);
    }

    pages.heading(w(lang, "及时率走势（近六个月）", "On-time rate, last six months"));
    let points: Vec<(String, Option<f64>)> = k
        .on_time_trend
        .iter()
        .map(|(y, m, r)| {
            let label = match lang {
                Lang::Zh => format!("{y}年{m}月"),
                Lang::En => format!("{y}-{m:02}"),
            };
            (label, *r)
        })
        .collect();
    pages.share_line_chart(&points);

    pages.heading(w(lang, "投诉热点（出具时）", "Hotspots (when issued)"));
    if k.hotspots.is_empty() {
        pages.paragraph(w(lang, "出具时没有投诉热点。", "No hotspot when the report was issued."), 10.0, Align::Left);
    } else {
        let columns = [
            Column { title: w(lang, "分类 × 地点", "Category × site"), share: 0.46 },
            Column { title: w(lang, "时间窗", "Window"), share: 0.18 },
            Column { title: w(lang, "近期件数", "Recent"), share: 0.18 },
            Column { title: w(lang, "此前平均", "Baseline"), share: 0.18 },
        ];
        let rows: Vec<Vec<String>> = k
            .hotspots
            .iter()
            .map(|h| vec![h.label.clone(), format!("{}{}", h.window_days, w(lang, " 天", " days")), h.recent.to_string(), format!("{:.1}", h.baseline)])
            .collect();
        pages.table(&columns, true, &rows, 9.5, false);
    }

    pages.heading(w(lang, "整改事项", "Improvement items"));
    if k.improvements.is_empty() {
        pages.paragraph(w(lang, "本月没有开立、完成或在办的整改事项。", "No improvement item was opened, finished or open this month."), 10.0, Align::Left);
    } else {
        let opened = k.improvements.iter().filter(|i| i.opened_in_month).count();
        let done = k.improvements.iter().filter(|i| i.done_in_month).count();
        let verified = k.improvements.iter().filter(|i| i.done_in_month && i.status == w(lang, "已验证", "Verified")).count();
        let overdue = k.improvements.iter().filter(|i| i.overdue).count();
        pages.fields(&[
            (w(lang, "本月开立", "Opened this month"), opened.to_string()),
            (w(lang, "本月完成", "Finished this month"), done.to_string()),
            (w(lang, "其中已验证", "Of which verified"), verified.to_string()),
            (w(lang, "逾期未完成", "Overdue"), overdue.to_string()),
        ]);
        let columns = [
            Column { title: w(lang, "编号", "No."), share: 0.07 },
            Column { title: w(lang, "根本原因", "Root cause"), share: 0.13 },
            Column { title: w(lang, "整改措施", "Action"), share: 0.28 },
            Column { title: w(lang, "责任人", "Owner"), share: 0.1 },
            Column { title: w(lang, "期限", "Due"), share: 0.12 },
            Column { title: w(lang, "状态", "Status"), share: 0.1 },
            Column { title: w(lang, "效果", "Effect"), share: 0.2 },
        ];
        let rows: Vec<Vec<String>> = k
            .improvements
            .iter()
            .map(|i| {
                let status = if i.overdue { format!("{}{}", i.status, w(lang, "（逾期）", " (overdue)")) } else { i.status.clone() };
                vec![format!("#{}", i.id), i.cause.clone(), i.action.clone(), i.owner.clone(), format_date(i.due_on, lang), status, i.effect.clone().unwrap_or_else(|| "—".into())]
            })
            .collect();
        pages.table(&columns, true, &rows, 9.0, false);
    }

    pages.heading(w(lang, "集中回访", "Follow-up campaigns"));
    if k.campaigns.is_empty() {
        pages.paragraph(w(lang, "本月没有集中回访。", "No follow-up campaign ran this month."), 10.0, Align::Left);
    } else {
        let columns = [
            Column { title: w(lang, "回访主题", "Campaign"), share: 0.2 },
            Column { title: w(lang, "期间", "Period"), share: 0.17 },
            Column { title: w(lang, "回访/接通", "Called/reached"), share: 0.11 },
            Column { title: w(lang, "满意", "Satisfied"), share: 0.11 },
            Column { title: w(lang, "问题复现", "Problem back"), share: 0.1 },
            Column { title: w(lang, "结论", "Result"), share: 0.31 },
        ];
        let rows: Vec<Vec<String>> = k
            .campaigns
            .iter()
            .map(|c| {
                let share = c.satisfied_share.map(|s| format!(" ({:.0}%)", s * 100.0)).unwrap_or_default();
                let title = match (c.improvement_id, lang) {
                    (Some(id), Lang::Zh) => format!("{}（整改事项 #{id}）", c.title),
                    (Some(id), Lang::En) => format!("{} (item #{id})", c.title),
                    (None, _) => c.title.clone(),
                };
                let result = if c.running {
                    match lang {
                        Lang::Zh => format!("进行中，待回访 {} 户", c.pending),
                        Lang::En => format!("running, {} still to call", c.pending),
                    }
                } else {
                    c.result.clone()
                };
                vec![
                    title,
                    format!("{} – {}", format_date(c.starts_on, lang), format_date(c.ends_on, lang)),
                    format!("{}/{}", c.calls, c.reached),
                    format!("{}{share}", c.satisfied),
                    c.problem_back.to_string(),
                    result,
                ]
            })
            .collect();
        pages.table(&columns, true, &rows, 9.0, false);
    }

    pages.heading(w(lang, "超期未办结（出具时）", "Open and overdue (when issued)"));
    if k.overdue.is_empty() {
        pages.paragraph(w(lang, "出具时没有超期未办结的案件。", "No open case was overdue when the report was issued."), 10.0, Align::Left);
    } else {
        let columns = [
            Column { title: w(lang, "案件编号", "Case"), share: 0.2 },
            Column { title: w(lang, "主题", "Subject"), share: 0.38 },
            Column { title: w(lang, "经办人", "Handler"), share: 0.16 },
            Column { title: w(lang, "到期时间", "Due"), share: 0.26 },
        ];
        let rows: Vec<Vec<String>> = k
            .overdue
            .iter()
            .map(|o| {
                vec![
                    o.number.clone(),
                    o.subject.clone(),
                    o.handler.clone().unwrap_or_else(|| "—".into()),
                    o.due_at.map(|d| format_time(d, report.zone, lang)).unwrap_or_else(|| "—".into()),
                ]
            })
            .collect();
        pages.table(&columns, true, &rows, 9.5, false);
    }
}

pub(crate) fn monthly(pages: &mut Pages, head: &Letterhead, report: &MonthlyReport, lang: Lang) -> DeskResult<()> {
    let title = match lang {
        Lang::Zh => format!("{}年{}月投诉处理月报", report.year, report.month),
        Lang::En => format!("Complaints report, {}-{:02}", report.year, report.month),
    };
    pages.title(&title);
    pages.fields(&[(w(lang, "本月收到", "Received this month"), report.total.to_string())]);
    if let Some(k) = &report.kpis {
        pages.heading(w(lang, "主要指标（与上月对比）", "Key figures, beside the month before"));
        kpi_table(pages, k, lang);
        kpi_sections(pages, report, k, lang);
    } else {
        counts(pages, w(lang, "按分类", "By category"), &report.by_category, report.total, lang);
    }
    counts(pages, w(lang, "按状态", "By status"), &report.by_status, report.total, lang);
    counts(pages, w(lang, "按渠道", "By channel"), &report.by_channel, report.total, lang);
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
