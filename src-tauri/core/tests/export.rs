//! Excel exports read back with calamine: the case list with its filters, every row past the
//! export's page size, and the dashboard's tables.
use calamine::{Data, Reader, Xlsx};
use chrono::Duration;
use complaintdesk_core::desk::export::CASE_COLUMNS;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{CaseInput, CaseQuery};
use complaintdesk_core::domain::kpi::KpiFilter;
use complaintdesk_core::domain::types::{Channel, Claim, Profile};

mod common;
use common::{set_up, t0};

fn desk_with(n: usize) -> (Desk, i64, common::Place) {
    let (desk, admin, dir) = set_up(Profile::Property, t0());
    for i in 0..n {
        let at = t0() + Duration::minutes(i as i64);
        let category = if i % 3 == 0 { "fees" } else { "repair" };
        let input = CaseInput {
            customer_name: Some(format!("业主{i}")),
            customer_phone: Some(format!("139{i:08}")),
            channel: Some(if i % 2 == 0 { Channel::Phone } else { Channel::Wechat }),
            received_at: Some(at),
            subject: Some(format!("第 {i} 号投诉：楼道灯不亮")),
            description: Some("楼道灯坏了".into()),
            claim: Some(Claim::Correction),
            category: Some(category.into()),
            project: Some("翠湖花园".into()),
            ..Default::default()
        };
        desk.create_case(admin, &input, at).unwrap();
    }
    (desk, admin, dir)
}

fn sheet(bytes: Vec<u8>, name: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("a readable xlsx");
    let range = book.worksheet_range(name).expect("the sheet is there");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

on_both_stores! {
#[test]
fn a_filtered_case_list_is_exported_whole_and_reads_back_the_same() {
    // 1,500 cases: more than a page of the store, so no row cap hides behind the paging.
    let (desk, admin, _dir) = desk_with(1500);
    let query = CaseQuery { category: Some("repair".into()), sort: None, ..Default::default() };
    let list = desk.list_cases(admin, &CaseQuery { page_size: Some(2000), ..query.clone() }).unwrap();
    assert_eq!(list.total, 1000, "two of every three are repair");
    let rows = sheet(desk.export_cases(admin, &CaseQuery { page: Some(3), page_size: Some(10), ..query }).unwrap(), "案件");
    assert_eq!(rows[0], CASE_COLUMNS.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "the header row");
    assert_eq!(rows.len() - 1, 1000, "every row of the list, whatever page the window showed");
    for (row, case) in rows[1..].iter().zip(list.rows.iter()) {
        assert_eq!(row[0], case.number, "same order as the list");
        assert_eq!(row[2], case.subject);
        assert_eq!(row[1], "已登记", "the status in Chinese");
        assert_eq!(row[6], "工程维修", "the category in Chinese");
        assert_eq!(row[3], case.customer_name.clone().unwrap());
    }
}

#[test]
fn the_dashboard_tables_are_exported() {
    let (desk, admin, _dir) = desk_with(12);
    let filter = KpiFilter { from: Some(chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()), to: Some(chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()), ..Default::default() };
    let bytes = desk.export_kpi(admin, &filter, t0() + Duration::days(1)).unwrap();
    let figures = sheet(bytes.clone(), "指标");
    assert_eq!(figures[1][0], "收到投诉");
    assert_eq!(figures[1][1], "12", "the figure the dashboard shows");
    let categories = sheet(bytes, "类别");
    assert_eq!(categories[1], vec!["工程维修".to_string(), "8".to_string()]);
    assert_eq!(categories[2], vec!["收费问题".to_string(), "4".to_string()]);
}
}
