//! Issuing a case's document from a desk: rendering notes nothing on the timeline; the note comes
//! only when the caller records it, after writing the file.
use chrono::{DateTime, Duration, TimeZone, Utc};
use complaintdesk_core::desk::dto::SetupInput;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{CaseInput, DocumentKind, EventKind};
use complaintdesk_core::domain::types::{Channel, Claim, Profile, Role};
use complaintdesk_docs::issue::{render_case_document, write_synced};
use complaintdesk_docs::Lang;

/// Monday 2 March 2026, 09:30 in Beijing.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 1, 30, 0).unwrap()
}

fn desk_with_a_case(dir: &std::path::Path) -> (Desk, i64, i64) {
    let desk = Desk::create(dir).unwrap();
    let setup = SetupInput {
        profile: Profile::Property,
        org_name: "翠湖物业服务中心".into(),
        admin_login: "zhang".into(),
        admin_display_name: "张主管".into(),
        admin_password: "pass-1234".into(),
        extra_roles: vec![Role::Clerk],
    };
    let admin = desk.setup(&setup, t0()).unwrap().id;
    let input = CaseInput {
        customer_name: Some("陈女士".into()),
        customer_phone: Some("13800138000".into()),
        channel: Some(Channel::WalkIn),
        subject: Some("电梯停运".into()),
        description: Some("3号楼电梯停运三天。".into()),
        claim: Some(Claim::Correction),
        category: Some("repair".into()),
        project: Some("翠湖花园".into()),
        ..Default::default()
    };
    let id = desk.create_case(admin, &input, t0()).unwrap().case.id;
    (desk, admin, id)
}

fn documents_noted(desk: &Desk, admin: i64, id: i64) -> usize {
    desk.case_detail_at(admin, id, t0()).unwrap().events.iter().filter(|e| e.kind == EventKind::Document).count()
}

#[test]
fn a_rendered_document_is_on_the_timeline_only_once_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin, id) = desk_with_a_case(dir.path());
    let at = t0() + Duration::minutes(5);
    let doc = render_case_document(&desk, admin, id, DocumentKind::Receipt, Lang::Zh, at).unwrap();
    assert!(doc.issued.pdf.starts_with(b"%PDF"), "a PDF is rendered");
    assert_eq!(documents_noted(&desk, admin, id), 0, "rendering alone notes nothing");

    // The caller's write fails (a folder under a regular file, refused to root too): no note.
    let afile = dir.path().join("afile");
    std::fs::write(&afile, b"a file").unwrap();
    assert!(write_synced(&afile.join("x.pdf"), &doc.issued.pdf).is_err(), "nothing can be written there");
    assert_eq!(documents_noted(&desk, admin, id), 0, "a failed write notes nothing");

    let out = dir.path().join("回执.pdf");
    write_synced(&out, &doc.issued.pdf).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), doc.issued.pdf, "the file holds the document");
    let detail = doc.record(&desk).unwrap();
    let noted: Vec<_> = detail.events.iter().filter(|e| e.kind == EventKind::Document).collect();
    assert_eq!(noted.len(), 1, "recorded once written");
    assert_eq!((noted[0].action.as_deref(), noted[0].at, noted[0].actor_id), (Some("receipt"), at, Some(admin)), "at the instant on the document, by who asked");
}

/// `pdftotext` of a PDF, whitespace removed.
fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext (poppler-utils) is installed");
    String::from_utf8(out.stdout).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
}

/// A desk set to London prints its times in London whatever the computer's zone (the test is
/// also run under `TZ=America/New_York`). The instants are chosen so that London's reading
/// differs from UTC's, New York's and Beijing's.
#[test]
fn a_desk_set_to_london_prints_its_receipt_and_decision_letter_in_london_time() {
    use complaintdesk_core::desk::dto::{MoveInput, UserInput};
    use complaintdesk_core::domain::lifecycle::StepFields;
    use complaintdesk_core::domain::types::ContactMethod;

    let dir = tempfile::tempdir().unwrap();
    let (desk, admin, _) = desk_with_a_case(dir.path());
    desk.set_desk_zone(admin, "Europe/London", t0()).unwrap();
    let user = |desk: &Desk, login: &str, name: &str, role: Role| {
        let input = UserInput { login: login.into(), display_name: name.into(), roles: vec![role], department: None, active: None, password: Some("pass-1234".into()) };
        desk.create_user(admin, &input, t0()).unwrap().id
    };
    let boss = user(&desk, "boss", "刘主管", Role::Supervisor);
    let handler = user(&desk, "sun", "孙处理", Role::Handler);
    // 08:00 UTC on 1 July: 09:00 in London (BST), 16:00 in Beijing, 04:00 in New York.
    let received = Utc.with_ymd_and_hms(2026, 7, 1, 8, 0, 0).unwrap();
    let input = CaseInput {
        customer_name: Some("陈女士".into()),
        customer_phone: Some("13800138000".into()),
        channel: Some(Channel::Phone),
        received_at: Some(received),
        subject: Some("电梯停运".into()),
        description: Some("3号楼电梯停运三天。".into()),
        claim: Some(Claim::Correction),
        category: Some("repair".into()),
        project: Some("翠湖花园".into()),
        ..Default::default()
    };
    let id = desk.create_case(admin, &input, received + Duration::minutes(5)).unwrap().case.id;
    let step = |action: &str, fields: StepFields| MoveInput { action: action.into(), fields, expected_version: None };
    desk.move_case(boss, id, &step("accept", StepFields::default()), received + Duration::minutes(10)).unwrap();
    let assign = StepFields { department: Some("工程部".into()), handler_id: Some(handler), ..Default::default() };
    desk.move_case(boss, id, &step("assign", assign), received + Duration::minutes(20)).unwrap();
    desk.move_case(handler, id, &step("start", StepFields::default()), received + Duration::minutes(30)).unwrap();

    let receipt = render_case_document(&desk, admin, id, DocumentKind::Receipt, Lang::Zh, received + Duration::minutes(40)).unwrap();
    let text = text_of(&receipt.issued.pdf);
    assert!(text.contains("2026年7月1日09:00"), "received at 09:00 London time:\n{text}");
    assert!(!text.contains("16:00") && !text.contains("04:00") && !text.contains("08:00"), "not Beijing's, New York's or UTC's reading:\n{text}");

    // The decision at 16:30 UTC on 10 July: still the 10th in London, already the 11th in Beijing.
    let decided = Utc.with_ymd_and_hms(2026, 7, 10, 16, 30, 0).unwrap();
    let respond = StepFields {
        facts: Some("主板损坏".into()),
        decision_basis: Some("依据物业服务合同".into()),
        outcome: Some("已更换主板".into()),
        notice_method: Some(ContactMethod::Phone),
        ..Default::default()
    };
    desk.move_case(handler, id, &step("respond", respond), decided).unwrap();
    // Reprinted by the administrator the next day at 23:30 London time (the 12th in Beijing).
    let printed = Utc.with_ymd_and_hms(2026, 7, 11, 22, 30, 0).unwrap();
    let letter = render_case_document(&desk, admin, id, DocumentKind::Decision, Lang::Zh, printed).unwrap();
    let text = text_of(&letter.issued.pdf);
    assert!(text.contains("关于您于2026年7月1日09:00提出的投诉"), "the received time in London:\n{text}");
    assert!(text.contains("处理人：孙处理") && text.contains("决定日期：2026年7月10日"), "the decision's handler and London day:\n{text}");
    assert!(!text.contains("7月11日") && !text.contains("7月12日") && !text.contains("张主管"), "neither the reprint's day nor who reprinted it:\n{text}");
}
