//! The settings documents and the respond step draw on, against a temp database: the
//! organisation profile every document shows (name, address, phones, logo) and the reply
//! phrases (常用语) kept per category. An admin keeps them; a refused value saves nothing.
use complaintdesk_core::domain::case::DocumentKind;
use complaintdesk_core::domain::letterhead::LetterheadInput;
use complaintdesk_core::domain::reply::ReplyTemplates;
use complaintdesk_core::domain::types::{Profile, Role};
use complaintdesk_core::domain::ErrorCode;

mod common;
use common::{add_user, elevator_complaint, set_up, t0};

fn profile() -> LetterheadInput {
    LetterheadInput {
        org_name: "翠湖物业服务中心".into(),
        address: "杭州市西湖区文三路 90 号".into(),
        service_phone: "0571-88886666".into(),
        complaint_phone: "0571-8888 7777 转 2".into(),
    }
}

/// A small PNG (2×1, grey), enough for the header's checks.
fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend_from_slice(&[0, 0, 0, 2, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
    bytes
}

fn phrases(category: &str, basis: &[&str], outcome: &[&str]) -> ReplyTemplates {
    ReplyTemplates {
        category: category.into(),
        decision_basis: basis.iter().map(|s| s.to_string()).collect(),
        outcome: outcome.iter().map(|s| s.to_string()).collect(),
    }
}

on_both_stores! {
#[test]
fn an_admin_keeps_the_organisation_profile_that_every_document_gets() {
    let (desk, admin, _dir) = set_up(Profile::Property, t0());
    let fresh = desk.letterhead_settings().unwrap();
    assert_eq!(fresh.org_name, "翠湖物业服务中心", "the name from setup");
    assert_eq!((fresh.address.as_str(), fresh.service_phone.as_str(), fresh.logo_data_url.as_deref()), ("", "", None), "nothing else yet");

    let saved = desk.set_letterhead(admin, &LetterheadInput { org_name: " 翠湖物业服务中心（东区） ".into(), ..profile() }).unwrap();
    assert_eq!(saved.org_name, "翠湖物业服务中心（东区）", "kept without the stray spaces");
    assert_eq!(saved.complaint_phone, "0571-8888 7777 转 2");
    assert_eq!(desk.catalog().unwrap().org_name, "翠湖物业服务中心（东区）", "the window's header follows the new name");

    let id = desk.create_case(admin, &elevator_complaint("13800138000"), t0()).unwrap().case.id;
    let data = desk.document_data(admin, id, DocumentKind::Receipt, t0()).unwrap();
    let l = &data.letterhead;
    assert_eq!(
        (l.org_name.as_str(), l.address.as_deref(), l.service_phone.as_deref(), l.complaint_phone.as_deref()),
        ("翠湖物业服务中心（东区）", Some("杭州市西湖区文三路 90 号"), Some("0571-88886666"), Some("0571-8888 7777 转 2")),
        "a case's document is made with the profile"
    );

    let with_logo = desk.set_letterhead_logo(admin, &png()).unwrap();
    assert!(with_logo.logo_data_url.as_deref().is_some_and(|u| u.starts_with("data:image/png;base64,iVBORw0KGgo")), "the page shows the logo set");
    assert_eq!(desk.document_data(admin, id, DocumentKind::Receipt, t0()).unwrap().letterhead.logo_png, Some(png()), "documents draw it");
    assert_eq!(desk.set_letterhead_logo(admin, &[]).unwrap().logo_data_url, None, "no bytes remove it");
    assert_eq!(desk.document_data(admin, id, DocumentKind::Receipt, t0()).unwrap().letterhead.logo_png, None);

    let cleared = desk.set_letterhead(admin, &LetterheadInput { address: String::new(), service_phone: String::new(), complaint_phone: String::new(), ..profile() }).unwrap();
    assert_eq!(cleared.address, "", "an emptied field is emptied");
    let l = desk.document_data(admin, id, DocumentKind::Receipt, t0()).unwrap().letterhead;
    assert_eq!((l.address, l.service_phone), (None, None), "and left off the documents");
}

#[test]
fn a_refused_profile_or_logo_changes_nothing() {
    let (mut desk, admin, _dir) = set_up(Profile::Insurance, t0());
    desk.set_letterhead(admin, &profile()).unwrap();
    let before = desk.letterhead_settings().unwrap();
    let cases = [
        (LetterheadInput { org_name: "  ".into(), ..profile() }, "org_name", ErrorCode::Required),
        (LetterheadInput { service_phone: "请拨打客服".into(), ..profile() }, "service_phone", ErrorCode::Invalid),
        (LetterheadInput { complaint_phone: "12".into(), ..profile() }, "complaint_phone", ErrorCode::Invalid),
        (LetterheadInput { address: "地址\u{7}".into(), ..profile() }, "address", ErrorCode::Invalid),
        (LetterheadInput { address: "路".repeat(201), ..profile() }, "address", ErrorCode::Invalid),
    ];
    for (input, field, code) in cases {
        let e = desk.set_letterhead(admin, &input).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (code, Some(field)), "{input:?} is refused at its field");
    }
    for bytes in [b"GIF89a....".to_vec(), vec![0x89; 2 * 1024 * 1024]] {
        assert_eq!(desk.set_letterhead_logo(admin, &bytes).unwrap_err().field.as_deref(), Some("logo"), "only a PNG of at most 1 MB");
    }
    let clerk = add_user(&mut desk, admin, "clerk", "前台", vec![Role::Clerk], t0());
    assert_eq!(desk.set_letterhead(clerk, &profile()).unwrap_err().code, ErrorCode::RoleNotAllowed, "only an admin");
    assert_eq!(desk.set_letterhead_logo(clerk, &png()).unwrap_err().code, ErrorCode::RoleNotAllowed, "only an admin");
    assert_eq!(desk.letterhead_settings().unwrap(), before, "nothing refused was saved");
}

#[test]
fn an_admin_keeps_reply_phrases_per_category_and_everyone_reads_them() {
    let (mut desk, admin, _dir) = set_up(Profile::Property, t0());
    let all = desk.reply_templates().unwrap();
    assert_eq!(all[0], phrases("", &[], &[]), "the general set first, empty on a new desk");
    assert!(all.iter().any(|s| s.category == "repair") && all.iter().all(ReplyTemplates::is_empty), "every category, none with phrases yet");

    let repair = phrases("repair", &["依据《物业服务合同》第十二条", "依据电梯维保协议第 3 条"], &["投诉成立，已安排维修"]);
    let after = desk.set_reply_templates(admin, &repair).unwrap();
    assert_eq!(after.iter().find(|s| s.category == "repair"), Some(&repair), "kept in the order given");
    let general = phrases("", &[], &["感谢您的监督，我们将持续改进"]);
    desk.set_reply_templates(admin, &general).unwrap();

    let handler = add_user(&mut desk, admin, "li", "李工", vec![Role::Handler], t0());
    let seen = desk.reply_templates().unwrap();
    assert_eq!(seen.iter().find(|s| s.category == "repair"), Some(&repair), "a handler reads the category's phrases");
    assert_eq!(seen[0], general, "and the general ones");

    // Saving a category again replaces its phrases; an empty set removes them.
    desk.set_reply_templates(admin, &phrases("repair", &[], &[])).unwrap();
    let seen = desk.reply_templates().unwrap();
    assert!(seen.iter().find(|s| s.category == "repair").unwrap().is_empty());
    assert_eq!(seen[0], general, "other categories keep theirs");

    assert_eq!(desk.set_reply_templates(handler, &repair).unwrap_err().code, ErrorCode::RoleNotAllowed, "only an admin keeps them");
}

#[test]
fn refused_reply_phrases_save_nothing_and_name_the_field() {
    let (desk, admin, _dir) = set_up(Profile::Insurance, t0());
    let good = phrases("claims", &["依据保险合同第十二条"], &[]);
    desk.set_reply_templates(admin, &good).unwrap();
    let before = desk.reply_templates().unwrap();
    for (bad, field) in [
        (phrases("repair", &["x"], &[]), "category"),
        (phrases("claims", &["依据合同", "   "], &[]), "decision_basis"),
        (phrases("claims", &[], &["已赔付", "已赔付"]), "outcome"),
        (phrases("claims", &[], &["含\u{1b}[31m颜色"]), "outcome"),
    ] {
        let e = desk.set_reply_templates(admin, &bad).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Invalid, Some(field)), "{bad:?} is refused at its field");
    }
    assert_eq!(desk.reply_templates().unwrap(), before, "nothing refused was saved");
}
}
