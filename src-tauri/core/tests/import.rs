//! 导入历史投诉 on both stores: a GBK CSV read, mapped and imported as history; the dry run and a
//! refused file write nothing; a cancelled import leaves nothing; the same file is refused twice;
//! the refused rows come back as an Excel file with their reasons; and a case list exported
//! from one desk imports into another as the same cases.
use std::sync::atomic::AtomicBool;

use calamine::{Data, Reader, Xlsx};
use chrono::{Duration, TimeZone, Utc};
use complaintdesk_core::desk::import::ImportOptions;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{CaseInput, CaseQuery};
use complaintdesk_core::domain::types::{Channel, Claim, Profile};
use complaintdesk_core::import::read::Input;
use complaintdesk_core::import::{Field, Mapping};

mod common;
use common::{set_up, t0};

const FILE: &str = "收到时间,投诉人,联系电话,投诉内容,问题类别,处理状态,结案时间,满意度,旧系统备注
2020/3/18 09:30,王先生,138-0013-8000,电梯停运三天无人维修,工程维修,已结案,2020年3月25日,4,老客户
2020-04-02,,,楼下夜里装修噪音,噪音扰民,处理中,,,
2020年5月6日 14时05分,李女士,13900139000,物业费上涨没有公示,收费,已办结,2020/5/20 10:00,5,
,赵先生,13700137000,漏水,工程维修,已结案,2020/6/1,3,
2020/7/1,钱女士,13600136000,保洁不到位,,已结案,2020/7/2,8,
43900,孙先生,13500135000,门禁卡失灵,狗叫,处理中,,,
2030/1/1,周先生,13400134000,路灯不亮,工程维修,处理中,,,
";

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

fn never() -> AtomicBool {
    AtomicBool::new(false)
}

fn import(desk: &Desk, admin: i64, name: &str, bytes: &[u8], mapping: Option<&Mapping>, options: ImportOptions) -> complaintdesk_core::domain::DeskResult<(complaintdesk_core::desk::import::ImportReport, Option<Vec<u8>>)> {
    desk.import_cases(admin, Input::Bytes { name, bytes }, mapping, options, t0(), &|_, _| {}, &never())
}

fn count(desk: &Desk, admin: i64) -> i64 {
    desk.list_cases(admin, &CaseQuery::default()).unwrap().total
}

fn rows_of(xlsx: Vec<u8>) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(|r| r.iter().map(|c| match c { Data::String(s) => s.clone(), Data::Float(f) => f.to_string(), Data::Empty => String::new(), o => o.to_string() }).collect()).collect()
}

on_both_stores! {
#[test]
fn a_gbk_file_is_previewed_dry_run_imported_once_and_its_refusals_reported() {
    let (desk, admin, _place) = set_up(Profile::Property, t0());
    let bytes = gbk(FILE);
    let preview = desk.import_preview(admin, Input::Bytes { name: "旧系统导出.csv", bytes: &bytes }, None).unwrap();
    assert_eq!(preview.encoding, "GB18030", "a GBK file is named as such, not guessed silently");
    assert_eq!(preview.headers[3], "投诉内容");
    assert_eq!(preview.sample[0][1], "王先生", "the preview shows the rows decoded");
    assert_eq!(preview.rows, 7);
    let m = &preview.mapping.columns;
    for (h, f) in [("收到时间", Field::ReceivedAt), ("投诉人", Field::CustomerName), ("联系电话", Field::CustomerPhone), ("投诉内容", Field::Description), ("问题类别", Field::Category), ("处理状态", Field::Status), ("结案时间", Field::ClosedAt), ("满意度", Field::Satisfaction)] {
        assert_eq!(m.get(h), Some(&f), "{h}");
    }
    assert_eq!(m.get("旧系统备注"), None, "a column of no field of ours maps to nothing");

    let value = |field: Field, v: &str| preview.values.iter().find(|r| r.field == field && r.value == v).map(|r| r.mapped.clone());
    assert_eq!(value(Field::Category, "工程维修"), Some(Some("repair".into())), "a category of ours by its name");
    assert_eq!(value(Field::Category, "狗叫"), Some(None), "a category of nothing of ours is shown unmapped");
    assert_eq!(value(Field::Category, "收费"), Some(None));
    assert_eq!(value(Field::Status, "已办结"), Some(Some("closed".into())));
    assert_eq!(value(Field::Status, "处理中"), Some(Some("open".into())));
    assert!(preview.targets.iter().any(|t| t.field == Field::Category && t.code == "fees" && t.label == "收费问题"), "the value table offers our categories");

    // The user settles 收费 as the fees category in the preview's value table.
    let mut mapping = preview.mapping.clone();
    mapping.values.entry(Field::Category).or_default().insert("收费".into(), "fees".into());

    let before = count(&desk, admin);
    let (dry, report) = import(&desk, admin, "旧系统导出.csv", &bytes, Some(&mapping), ImportOptions { dry_run: true, ..Default::default() }).unwrap();
    assert_eq!((dry.rows, dry.imported, dry.refused, dry.incomplete, dry.uncategorized), (7, 4, 3, 1, 1));
    assert_eq!(dry.refusals.iter().map(|r| (r.row, r.column.as_str())).collect::<Vec<_>>(), vec![(5, "收到时间"), (6, "满意度"), (8, "收到时间")]);
    assert!(dry.refusals[2].reason.contains("晚于现在"), "a date after the import is refused: {:?}", dry.refusals[2]);
    assert_eq!(count(&desk, admin), before, "a dry run writes nothing");
    let sheet = rows_of(report.expect("refused rows come back as a workbook"));
    assert_eq!(sheet[0].last().map(String::as_str), Some("错误原因"));
    assert_eq!(sheet[1][0], "5", "each refused row has its number in the file");
    assert_eq!(sheet[1][2], "赵先生", "and its cells as the file had them");
    assert!(sheet[1].last().unwrap().starts_with("收到时间："), "and the column and reason beside it: {:?}", sheet[1]);

    // Import nothing when a row is refused, unless the good rows are to go in alone.
    let (strict, _) = import(&desk, admin, "旧系统导出.csv", &bytes, Some(&mapping), ImportOptions::default()).unwrap();
    assert_eq!(strict.imported, 0);
    assert_eq!(count(&desk, admin), before, "a file with refused rows imports nothing unless told to skip them");

    // A cancelled import leaves nothing.
    let cancel = AtomicBool::new(true);
    let cancelled = desk.import_cases(admin, Input::Bytes { name: "旧系统导出.csv", bytes: &bytes }, Some(&mapping), ImportOptions { skip_refused: true, ..Default::default() }, t0(), &|_, _| {}, &cancel);
    assert!(cancelled.is_err());
    assert_eq!(count(&desk, admin), before, "a cancelled import leaves nothing half-imported");

    let seen = std::cell::Cell::new((0, 0));
    let (done, _) = desk
        .import_cases(admin, Input::Bytes { name: "旧系统导出.csv", bytes: &bytes }, Some(&mapping), ImportOptions { skip_refused: true, ..Default::default() }, t0(), &|d, n| seen.set((d, n)), &never())
        .unwrap();
    assert_eq!((done.imported, done.refused), (4, 3));
    assert_eq!(seen.get(), (7, 7), "progress ends at every row read");
    assert_eq!(count(&desk, admin), before + 4);
    let audit = desk.verify_audit(admin).unwrap();
    assert!(audit.ok, "the imported events join the audit chain unbroken: {audit:?}");
    let check = desk.check_db().unwrap();
    assert!(check.figures.is_empty(), "the kept KPI sums count the imported cases as a recount does: {:?}", check.figures);

    let list = desk.list_cases(admin, &CaseQuery { text: Some("电梯停运".into()), ..Default::default() }).unwrap();
    let lift = desk.case_detail_at(admin, list.rows[0].id, t0()).unwrap().case;
    assert_eq!(lift.status, "closed", "a case the file closed is closed");
    assert_eq!(lift.received_at, Utc.with_ymd_and_hms(2020, 3, 18, 1, 30, 0).unwrap(), "its times are the file's, in the desk's zone");
    assert_eq!(lift.closed_at, Some(Utc.with_ymd_and_hms(2020, 3, 24, 16, 0, 0).unwrap()));
    assert_eq!((lift.category.as_str(), lift.satisfaction), ("repair", Some(4)));
    let stored = desk.store().db().row("SELECT customer_phone, missing, original FROM cases JOIN case_imports ON case_id = id WHERE id = ?1", &[lift.id.into()]).unwrap().unwrap();
    assert_eq!(stored.text("customer_phone").unwrap(), "13800138000", "a phone is kept as digits");
    assert_eq!(stored.text("missing").unwrap(), "[]");
    assert!(stored.text("original").unwrap().contains("\"旧系统备注\":\"老客户\""), "a column of no field of ours is kept with the case: {}", stored.text("original").unwrap());
    assert_eq!(lift.due_at, None, "no clock runs for a case closed in the file");
    assert!(desk.case_detail_at(admin, lift.id, t0()).unwrap().clocks.is_empty(), "nor does its page show one running");
    let detail = desk.case_detail_at(admin, lift.id, t0()).unwrap();
    let from = detail.imported.expect("the case says it was imported");
    assert_eq!((from.file_name.as_str(), from.row), ("旧系统导出.csv", 2), "from which file and row");
    assert_eq!(from.original.and_then(|o| o.get("旧系统备注").cloned()).as_deref(), Some("老客户"), "原始数据 for one who may see it all");
    let events = detail.events;
    assert_eq!(events.len(), 1, "one event per imported case");
    assert_eq!(events[0].action.as_deref(), Some("imported"));

    let noise = desk.list_cases(admin, &CaseQuery { text: Some("装修噪音".into()), ..Default::default() }).unwrap();
    let noise_detail = desk.case_detail_at(admin, noise.rows[0].id, t0()).unwrap();
    assert_eq!(noise_detail.imported.map(|f| f.missing), Some(vec!["客户".to_string(), "电话".to_string()]), "信息不全: what the row lacked");
    let noise = noise_detail.case;
    assert_eq!(noise.status, "registered", "an open case is open");
    assert!(noise.due_at.is_some(), "an open case gets its clocks from the rule pack as of import");
    assert_eq!(noise.category, "noise");

    let fees = desk.list_cases(admin, &CaseQuery { category: Some("fees".into()), ..Default::default() }).unwrap();
    assert_eq!(fees.total, 1, "a value settled in the preview is used");
    let other = desk.list_cases(admin, &CaseQuery { category: Some("other".into()), ..Default::default() }).unwrap();
    assert_eq!(other.rows.iter().map(|r| r.subject.as_str()).collect::<Vec<_>>(), vec!["门禁卡失灵"], "an unknown category goes to 其他");
    let gate = desk.case_detail_at(admin, other.rows[0].id, t0()).unwrap().case;
    assert_eq!(gate.received_at, Utc.with_ymd_and_hms(2020, 3, 9, 16, 0, 0).unwrap(), "an Excel serial day is a date");

    let seen_before = desk.import_preview(admin, Input::Bytes { name: "改了名字.csv", bytes: &bytes }, Some(&mapping)).unwrap().imported_before;
    assert_eq!(seen_before.map(|b| (b.at, b.cases)), Some((t0(), 4)), "the preview says when the same content was imported, and how many cases it gave");
    assert_eq!(preview.imported_before, None, "a new file was never imported");
    let again = import(&desk, admin, "改了名字.csv", &bytes, Some(&mapping), ImportOptions { skip_refused: true, ..Default::default() });
    assert_eq!(again.unwrap_err().rule.as_deref(), Some("import.again"), "the same content is refused a second time");
    let (twice, _) = import(&desk, admin, "改了名字.csv", &bytes, Some(&mapping), ImportOptions { skip_refused: true, again: true, ..Default::default() }).unwrap();
    assert_eq!(twice.imported, 4, "unless asked for again");
}

#[test]
fn only_an_admin_imports() {
    let (mut desk, admin, _place) = set_up(Profile::Property, t0());
    let clerk = common::add_user(&mut desk, admin, "li", "李", vec![complaintdesk_core::domain::types::Role::Clerk], t0());
    assert!(desk.import_preview(clerk, Input::Bytes { name: "a.csv", bytes: &gbk(FILE) }, None).is_err());
    assert!(import(&desk, clerk, "a.csv", &gbk(FILE), None, ImportOptions { skip_refused: true, ..Default::default() }).is_err());
}

#[test]
fn an_exported_case_list_imports_into_another_desk_as_the_same_cases() {
    let (desk, admin, _place) = set_up(Profile::Property, t0());
    for i in 0..12i64 {
        let at = t0() - Duration::days(40) + Duration::hours(7 * i);
        let input = CaseInput {
            customer_name: Some(format!("业主{i}")),
            customer_phone: Some(format!("1391234{i:04}")),
            channel: Some([Channel::Phone, Channel::Wechat, Channel::WalkIn, Channel::Letter][i as usize % 4]),
            received_at: Some(at),
            subject: Some(format!("第 {i} 号：楼道灯不亮")),
            description: Some("楼道灯坏了一周".into()),
            claim: Some(Claim::Correction),
            category: Some(["repair", "fees", "noise"][i as usize % 3].into()),
            project: Some("翠湖花园".into()),
            ..Default::default()
        };
        desk.create_case(admin, &input, at).unwrap();
    }
    let exported = desk.export_cases(admin, &CaseQuery::default()).unwrap();
    let (other, other_admin, _other_place) = set_up(Profile::Property, t0());
    let (report, refused) = other.import_cases(other_admin, Input::Bytes { name: "案件列表.xlsx", bytes: &exported }, None, ImportOptions { skip_refused: true, ..Default::default() }, t0(), &|_, _| {}, &never()).unwrap();
    assert_eq!((report.imported, report.refused, refused.is_none()), (12, 0, true));
    let key = |d: &Desk, a: i64| {
        let mut rows: Vec<_> = d
            .list_cases(a, &CaseQuery { page_size: Some(100), ..Default::default() })
            .unwrap()
            .rows
            .into_iter()
            .map(|r| (r.subject, r.received_at, r.channel, r.category, r.customer_name, r.project.is_some()))
            .collect();
        rows.sort_by(|x, y| x.0.cmp(&y.0));
        rows
    };
    let theirs: Vec<_> = key(&desk, admin).into_iter().map(|(s, t, c, k, n, _)| (s, t, c, k, n)).collect();
    let ours: Vec<_> = key(&other, other_admin).into_iter().map(|(s, t, c, k, n, _)| (s, t, c, k, n)).collect();
    assert_eq!(ours, theirs, "subject, time received, channel, category and customer come back the same");
}
}
