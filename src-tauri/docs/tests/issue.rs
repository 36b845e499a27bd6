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
    let mut desk = Desk::create(dir).unwrap();
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
    let (mut desk, admin, id) = desk_with_a_case(dir.path());
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
    let detail = doc.record(&mut desk).unwrap();
    let noted: Vec<_> = detail.events.iter().filter(|e| e.kind == EventKind::Document).collect();
    assert_eq!(noted.len(), 1, "recorded once written");
    assert_eq!((noted[0].action.as_deref(), noted[0].at, noted[0].actor_id), (Some("receipt"), at, Some(admin)), "at the instant on the document, by who asked");
}
