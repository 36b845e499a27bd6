//! 相似案件 and 合并处理 on both stores: the closed cases most like an open one come first, with
//! how they were settled; a repeated complaint goes onto the customer's open case as a contact.
use std::sync::atomic::AtomicBool;

use complaintdesk_core::desk::import::ImportOptions;
use complaintdesk_core::domain::case::{CaseInput, CaseQuery};
use complaintdesk_core::domain::types::{Channel, Profile};
use complaintdesk_core::import::read::Input;

mod common;
use common::{elevator_complaint, set_up, t0};

const HISTORY: &str = "收到时间,投诉内容,类别,状态,结案时间,处理结果,满意度
2025/1/5,电梯停运两天无人维修,工程维修,已结案,2025/1/8,更换电梯控制板并恢复运行,5
2025/2/5,电梯经常停运困人,工程维修,已结案,2025/2/9,维保单位全面检修电梯,4
2025/3/5,物业费上涨没有公示,收费问题,已结案,2025/3/9,补发调价公示并说明依据,3
2025/4/5,楼下装修噪音太大,噪音扰民,已结案,2025/4/6,约谈装修户限定施工时间,4
2025/5/5,电梯按钮失灵,工程维修,处理中,,,
";

/// A desk of four kinds of complaint, each in its own words.
fn separable(n: usize) -> String {
    let kinds = [
        ("工程维修", ["电梯停运", "楼顶漏水", "水管爆裂", "路灯不亮"]),
        ("收费问题", ["物业费上涨", "停车费乱收", "发票开错", "多收押金"]),
        ("噪音扰民", ["装修电钻", "广场舞音响", "夜间施工", "空调外机响"]),
        ("环境卫生", ["垃圾满溢", "楼道脏乱", "绿化枯死", "蚊虫孳生"]),
    ];
    let mut text = String::from("收到时间,投诉内容,类别,状态,结案时间\n");
    for i in 0..n {
        let (category, words) = kinds[i % 4];
        let (a, b) = (words[(i / 4) % 4], words[(i / 16) % 4]);
        text.push_str(&format!("2025/1/{},{a}，{b}，第{i}次反映,{category},已结案,2025/2/1\n", 1 + i % 28));
    }
    text
}


on_both_stores! {
#[test]
fn the_closed_cases_most_like_a_case_come_first_with_how_they_were_settled() {
    let (desk, admin, _place) = set_up(Profile::Property, t0());
    let options = ImportOptions { skip_refused: true, ..Default::default() };
    desk.import_cases(admin, Input::Bytes { name: "history.csv", bytes: HISTORY.as_bytes() }, None, options, t0(), &|_, _| {}, &AtomicBool::new(false)).unwrap();
    let open = desk.create_case(admin, &elevator_complaint("13800138000"), t0()).unwrap().case.id;
    let similar = desk.similar_cases(admin, open, 5).unwrap();
    let subjects: Vec<&str> = similar.iter().map(|s| s.subject.as_str()).collect();
    assert_eq!(subjects.len(), 2, "only finished cases that share its words: {subjects:?}");
    assert!(subjects.iter().all(|s| s.contains("电梯")), "{subjects:?}");
    assert!(!subjects.contains(&"电梯按钮失灵"), "an open case is not a settled example");
    assert_eq!(subjects[0], "电梯停运两天无人维修", "the closest first (停运 and 无人维修 shared)");
    assert!(similar[0].score >= similar[1].score);
    assert_eq!(similar[0].outcome.as_deref(), Some("更换电梯控制板并恢复运行"), "with how it was settled");
    assert_eq!((similar[0].satisfaction, similar[0].category_label.as_str()), (Some(5), "工程维修"));
    let none = desk.similar_cases(admin, similar[0].id, 5).unwrap();
    assert!(none.iter().all(|s| s.id != similar[0].id), "a case is not like itself");
}

#[test]
fn a_repeated_complaint_is_recorded_on_the_open_case_instead_of_a_second_one() {
    let (desk, admin, _place) = set_up(Profile::Property, t0());
    let open = desk.create_case(admin, &elevator_complaint("13800138000"), t0()).unwrap().case;
    let cases = |d: &complaintdesk_core::desk::Desk| d.list_cases(admin, &CaseQuery::default()).unwrap().total;
    let before = cases(&desk);
    let again = CaseInput {
        customer_phone: Some("138 0013 8000".into()),
        channel: Some(Channel::Phone),
        description: Some("电梯还是没修好，今天又打电话来催".into()),
        ..Default::default()
    };
    let later = t0() + chrono::Duration::hours(3);
    let detail = desk.merge_into_open_case(admin, open.id, &again, later).unwrap();
    assert_eq!(cases(&desk), before, "no second case");
    let contact = detail.events.iter().find(|e| e.action.as_deref() == Some("merged")).expect("a contact on the open case");
    assert_eq!(contact.note.as_deref(), Some("电梯还是没修好，今天又打电话来催"));

    let other_phone = CaseInput { customer_phone: Some("13900139000".into()), ..again.clone() };
    let refused = desk.merge_into_open_case(admin, open.id, &other_phone, later).unwrap_err();
    assert_eq!(refused.rule.as_deref(), Some("merge.same_customer"), "only the same customer's case");
    let empty = CaseInput { description: None, ..again };
    assert_eq!(desk.merge_into_open_case(admin, open.id, &empty, later).unwrap_err().field.as_deref(), Some("description"));
}

#[test]
fn category_suggestions_learn_from_the_desks_own_cases() {
    let (desk, admin, _place) = set_up(Profile::Property, t0());
    assert!(desk.suggest_categories(admin, "电梯停运", "").unwrap().is_empty(), "no model yet: intake gets no suggestion and does not wait");
    assert_eq!(desk.refresh_classifier(t0()).unwrap(), None, "too few cases to learn from");
    let file = separable(400);
    let options = ImportOptions { skip_refused: true, ..Default::default() };
    desk.import_cases(admin, Input::Bytes { name: "history.csv", bytes: file.as_bytes() }, None, options, t0(), &|_, _| {}, &AtomicBool::new(false)).unwrap();
    let status = desk.refresh_classifier(t0()).unwrap().expect("trained once there are cases");
    assert_eq!((status.cases, status.tested), (400, 80), "trained on every case, tested on a held-out fifth");
    assert!(status.top1 >= 0.9, "a desk whose categories are cleanly separable is learned: {status:?}");
    assert!(status.top3 >= status.top1);
    assert_eq!(desk.classifier_status(admin).unwrap(), Some(status.clone()), "the admin sees how far to trust it");
    assert_eq!(desk.refresh_classifier(t0()).unwrap(), None, "not trained again without new cases");
    let got = desk.suggest_categories(admin, "楼顶漏水", "雨天家里楼顶漏水").unwrap();
    assert_eq!(got.len(), 3, "three suggestions");
    assert_eq!((got[0].category.as_str(), got[0].label.as_str()), ("repair", "工程维修"));
    assert!(got[0].probability > got[1].probability);
}
}
