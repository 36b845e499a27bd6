//! The monthly report of a desk's month, read back from the PDF: every KPI of the month and of
//! the month before, as `kpi` counts them, and the charts drawn as vectors.
use chrono::{NaiveDate, TimeZone, Utc};
use complaintdesk_core::desk::campaigns::CampaignInput;
use complaintdesk_core::desk::improvements::ImprovementInput;
use complaintdesk_core::domain::campaign::CallInput;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::CaseQuery;
use complaintdesk_core::domain::improvement::ImprovementStatus;
use complaintdesk_core::domain::kpi::{Figures, KpiFilter};
use complaintdesk_core::domain::types::{ContactMethod, Profile};
use complaintdesk_docs::issue::issue_monthly_report;
use complaintdesk_docs::Lang;

fn run(program: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    // pdftotext writes to standard output when told "-"; pdfimages -list always does.
    let out = std::process::Command::new(program).args(args).arg(&path).args((program == "pdftotext").then_some("-")).output().unwrap_or_else(|e| panic!("{program} (poppler-utils): {e}"));
    assert!(out.status.success(), "{program} reads the report");
    String::from_utf8(out.stdout).unwrap()
}

fn month(desk: &Desk, admin: i64, y: i32, m: u32) -> Figures {
    let first = NaiveDate::from_ymd_opt(y, m, 1).unwrap();
    let last = first.checked_add_months(chrono::Months::new(1)).unwrap().pred_opt().unwrap();
    desk.kpi(admin, &KpiFilter { from: Some(first), to: Some(last), ..Default::default() }).unwrap().current
}

fn pct(v: Option<f64>) -> String {
    v.map(|r| format!("{:.1}%", r * 100.0)).unwrap_or_else(|| "—".into())
}

#[test]
fn the_monthly_report_prints_every_kpi_beside_the_month_before_as_kpi_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::create(dir.path()).unwrap();
    // Four months of a desk up to 10 April: March is whole, and so is February before it.
    let end = Utc.with_ymd_and_hms(2026, 4, 10, 2, 0, 0).unwrap();
    complaintdesk_core::demo::fill(&desk, Profile::Property, 300, 4, end, 11).unwrap();
    let admin = desk.users().unwrap().into_iter().find(|u| u.login == "admin").unwrap().id;
    // An improvement item opened and finished in March, on one of its cases.
    let march_case = desk
        .list_cases(admin, &CaseQuery { from: NaiveDate::from_ymd_opt(2026, 3, 1), to: NaiveDate::from_ymd_opt(2026, 3, 31), page_size: Some(1), ..Default::default() })
        .unwrap()
        .rows[0]
        .id;
    let at = |d: u32| Utc.with_ymd_and_hms(2026, 3, d, 2, 0, 0).unwrap();
    let item = ImprovementInput {
        cause: "equipment".into(),
        action: "电梯控制板更换并加密巡检".into(),
        owner_id: admin,
        due_on: NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
        category: Some("repair".into()),
        case_ids: vec![march_case],
        ..Default::default()
    };
    let opened = desk.open_improvement(admin, &item, at(5)).unwrap();
    desk.move_improvement(admin, opened.item.id, ImprovementStatus::Done, None, opened.item.version, at(10)).unwrap();
    let effect = desk.improvement(admin, opened.item.id, end).unwrap().effect.unwrap().summary;
    // A campaign calls the case back for the item and closes with its result.
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
    let campaign = CampaignInput {
        title: "电梯整改效果回访".into(),
        script: "您好，回访您反映的问题。".into(),
        starts_on: day(12),
        ends_on: day(25),
        improvement_id: Some(opened.item.id),
        case_ids: vec![march_case],
    };
    let started = desk.open_campaign(admin, &campaign, at(12)).unwrap();
    let call = CallInput { method: Some(ContactMethod::Phone), reached: true, satisfaction: Some(5), problem_back: Some(false), comment: None };
    desk.record_campaign_call(admin, started.calls[0].id, &call, at(13)).unwrap();
    desk.close_campaign(admin, started.campaign.id, "客户认可整改效果", started.campaign.version, at(20)).unwrap();
    let issued = issue_monthly_report(&desk, admin, 2026, 3, Lang::Zh, end).unwrap();
    let (march, february) = (month(&desk, admin, 2026, 3), month(&desk, admin, 2026, 2));
    assert!(march.received > 50 && march.closed > 0 && march.notified > 0, "the month has cases to count: {march:?}");

    // Each figure's row reads: its name, this month, the month before.
    let text = run("pdftotext", &["-layout"], &issued.pdf);
    let row = |name: &str| -> Vec<String> {
        let line = text.lines().find(|l| l.trim_start().starts_with(name)).unwrap_or_else(|| panic!("a row “{name}” in:\n{text}"));
        line.trim_start()[name.len()..].split_whitespace().map(str::to_string).collect()
    };
    let score = |f: &Figures| f.followup.mean_score.map(|s| format!("{s:.2}")).unwrap_or_else(|| "—".into());
    let yuan = |c: i64| format!("{:.2}", c as f64 / 100.0);
    for (name, now, before) in [
        ("收到投诉（件）", march.received.to_string(), february.received.to_string()),
        ("按时受理率", pct(march.accept_on_target_rate), pct(february.accept_on_target_rate)),
        ("结案（件）", march.closed.to_string(), february.closed.to_string()),
        ("解决率", pct(march.resolution_rate), pct(february.resolution_rate)),
        ("作出决定（件）", march.notified.to_string(), february.notified.to_string()),
        ("及时率", pct(march.on_time_rate), pct(february.on_time_rate)),
        ("当前超期（件）", march.overdue_now.to_string(), february.overdue_now.to_string()),
        ("平均满意度（5 分制）", score(&march), score(&february)),
        ("满意（4—5 分）占比", pct(march.followup.share_4_5), pct(february.followup.share_4_5)),
        ("回访完成率", pct(march.followup.completion_rate), pct(february.followup.completion_rate)),
        ("处理成本（元）", yuan(march.cost_cents), yuan(february.cost_cents)),
        ("重开率", pct(march.reopen_rate), pct(february.reopen_rate)),
        ("重复投诉（件）", march.repeat_cases.to_string(), february.repeat_cases.to_string()),
        ("重复投诉人（人）", march.repeat_phones.to_string(), february.repeat_phones.to_string()),
    ] {
        let cells = row(name);
        assert_eq!(cells[..2], [now.clone(), before.clone()], "{name}: this month and the month before as kpi counts them");
    }
    let received = row("收到投诉（件）");
    let delta = march.received - february.received;
    assert_eq!(received[2], if delta == 0 { "0".to_string() } else { format!("{delta:+}") }, "the change from the month before");

    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(flat.contains("本月开立1") && flat.contains("本月完成1"), "the month's items are counted:\n{text}");
    assert!(flat.contains("电梯控制板更换并加密巡检"), "the item is listed with its action");
    assert!(flat.contains("电梯整改效果回访") && flat.contains("客户认可整改效果"), "the campaign is listed with its result:\n{text}");
    assert!(flat.contains("1/1") && flat.contains("1(100%)"), "called and reached, satisfied with its share:\n{text}");
    // The sentence wraps in its cell (other cells' lines come between): its start, with the count after.
    let effect_start: String = effect.chars().filter(|c| !c.is_whitespace()).take(9).collect();
    assert!(flat.contains(&effect_start), "with its effect “{effect}”:\n{text}");
    for section in ["2026年3月投诉处理月报", "主要指标（与上月对比）", "每日收到投诉", "按分类", "根本原因（帕累托）", "及时率走势（近六个月）", "2025年10月", "投诉热点（出具时）", "整改事项", "集中回访", "超期未办结（出具时）", "本月案件"] {
        assert!(flat.contains(section), "the report has “{section}”");
    }
    // The charts are drawn, not pasted in as pictures: the report holds no image at all.
    let images = run("pdfimages", &["-list"], &issued.pdf);
    assert_eq!(images.lines().count(), 2, "only the header of pdfimages' list, no image:\n{images}");
    assert!(issued.missing_glyphs.is_empty(), "every character has its glyph: {:?}", issued.missing_glyphs);
}

#[test]
fn the_monthly_report_speaks_english_too() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::create(dir.path()).unwrap();
    let end = Utc.with_ymd_and_hms(2026, 4, 10, 2, 0, 0).unwrap();
    complaintdesk_core::demo::fill(&desk, Profile::Insurance, 200, 3, end, 5).unwrap();
    let admin = desk.users().unwrap().into_iter().find(|u| u.login == "admin").unwrap().id;
    let issued = issue_monthly_report(&desk, admin, 2026, 3, Lang::En, end).unwrap();
    let text = run("pdftotext", &["-layout"], &issued.pdf);
    for words in ["Key figures, beside the month before", "Resolution rate", "Root causes (Pareto)", "On-time rate, last six months", "2025-10"] {
        assert!(text.contains(words), "“{words}” in:\n{text}");
    }
}
