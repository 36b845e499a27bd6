//! Fixtures and PDF tools for the document tests: a property and an insurance case with events,
//! clocks and follow-ups; text extraction with `pdftotext` and page images with `pdftoppm`.
#![allow(dead_code)]
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use complaintdesk_core::domain::case::{Case, Event, EventKind};
use complaintdesk_core::domain::deadline::{ClockState, ClockStateKind, ClockUnit};
use complaintdesk_core::domain::followup::{AttemptOutcome, FollowupAttempt};
use complaintdesk_core::domain::types::{CaseKind, Channel, Claim, ContactMethod, Mood, Profile, Role, Severity, Urgency};
use complaintdesk_docs::{CaseDoc, Letterhead};

/// The distinctive internal note: it must never reach a customer document.
/// Short enough to fit one line of the timeline's details column, so `pdftotext -layout` keeps it whole.
pub const SECRET_NOTE: &str = "内部：客户曾威胁向媒体曝光";

pub fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    // Given in Beijing time, stored as UTC.
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap() - chrono::Duration::hours(8)
}

pub fn case(profile: Profile) -> Case {
    let received = at(2026, 3, 2, 9, 30);
    Case {
        id: 123,
        number: "TS-2026-000123".into(),
        kind: CaseKind::Complaint,
        profile,
        status: "in_progress".into(),
        escalation: 0,
        customer_name: Some("王秀英".into()),
        customer_phone: Some("13800138000".into()),
        customer_id_number: Some("110101199001011234".into()),
        customer_org: None,
        channel: Channel::WalkIn,
        regulator_name: None,
        regulator_received_at: None,
        received_at: received,
        registered_at: received + chrono::Duration::minutes(5),
        registered_by: 1,
        subject: "电梯停运三天无人维修".into(),
        description: "3号楼2单元电梯自2月27日起停运，业主多次报修无人处理，老人上下楼困难。".into(),
        claim: Claim::Correction,
        claim_detail: Some("尽快修复电梯并说明原因".into()),
        category: "repair".into(),
        subcategory: Some("repair.elevator".into()),
        severity: Severity::Major,
        urgency: Urgency::High,
        mood: Mood::Upset,
        business_line: Some("个人保险".into()),
        product: Some("安康重疾险".into()),
        policy_number: Some("P2025-0098765".into()),
        cause_channel: None,
        cause_business: None,
        cause_reason: None,
        project: Some("翠苑小区".into()),
        building: Some("3号楼".into()),
        unit: Some("2单元".into()),
        referral: None,
        staff_user_id: None,
        staff_name: Some("李工".into()),
        department: Some("工程部".into()),
        handler_id: Some(7),
        facts: Some("经现场核查，电梯主板于2月27日损坏，维保单位未按约定在24小时内到场。".into()),
        decision_basis: Some("依据《物业服务合同》第十二条及电梯维保协议的约定。".into()),
        outcome: Some("投诉成立，物业公司承担责任".into()),
        remedy: Some("3月5日前更换主板恢复运行，并减免当月电梯费".into()),
        compensation_cents: Some(8850),
        staff_minutes: Some(95),
        root_cause_code: Some("vendor".into()),
        root_cause_text: Some("维保单位响应超时".into()),
        improvement: Some("与维保单位重签响应时限条款".into()),
        satisfaction: None,
        solved: None,
        accepted_at: Some(received + chrono::Duration::minutes(10)),
        assigned_at: Some(received + chrono::Duration::minutes(40)),
        responded_at: None,
        closed_at: None,
        updated_at: received,
        version: 3,
        rule_pack: None,
        due_at: None,
        due_state: None,
        followup_complex: false,
        repeat_complainant: false,
        responded_on_time: None,
    }
}

pub fn event(n: i64, at: DateTime<Utc>, kind: EventKind, action: Option<&str>, note: Option<&str>, internal: bool) -> Event {
    Event {
        id: n,
        case_id: 123,
        at,
        actor_id: Some(7),
        actor_name: Some("张处理".into()),
        actor_role: Role::Handler,
        kind,
        action: action.map(str::to_string),
        from_status: None,
        to_status: None,
        before: None,
        after: None,
        note: note.map(str::to_string),
        internal,
    }
}

pub fn events() -> Vec<Event> {
    let mut assign = event(2, at(2026, 3, 2, 10, 10), EventKind::Transition, Some("assign"), None, false);
    assign.from_status = Some("registered".into());
    assign.to_status = Some("in_progress".into());
    let mut extension = event(6, at(2026, 3, 10, 15, 0), EventKind::Extension, Some("extension"), Some("需等待厂家检测报告"), false);
    extension.actor_role = Role::Supervisor;
    extension.after = Some(serde_json::json!({"kind": "extension_approved", "at": "2026-03-10T07:00:00Z", "step": 1, "customer_notified": true, "reason": "需等待厂家检测报告", "clock": "reply"}));
    vec![
        event(1, at(2026, 3, 2, 9, 35), EventKind::Created, None, None, false),
        assign,
        event(3, at(2026, 3, 3, 14, 0), EventKind::Handling, Some("site_visit"), Some("现场查看电梯控制柜，主板烧毁"), false),
        event(4, at(2026, 3, 3, 16, 20), EventKind::Note, None, Some(SECRET_NOTE), true),
        event(5, at(2026, 3, 4, 11, 0), EventKind::Contact, Some("phone"), Some("电话告知业主维修进度"), false),
        extension,
    ]
}

/// The decision step, by 孙处理 (not the case's current handler 张处理, nor 刘主管 who prints the
/// letter) on 11 March at 17:20 in Beijing.
pub fn respond_event() -> Event {
    let mut respond = event(7, at(2026, 3, 11, 17, 20), EventKind::Transition, Some("respond"), None, false);
    respond.actor_id = Some(8);
    respond.actor_name = Some("孙处理".into());
    respond.from_status = Some("in_progress".into());
    respond.to_status = Some("responded".into());
    respond
}

pub fn clock(code: &str, label: &str, length: u32, latest: NaiveDate, step: u8, state: ClockStateKind) -> ClockState {
    ClockState {
        code: code.into(),
        label: label.into(),
        label_en: code.into(),
        unit: ClockUnit::NaturalDays,
        length,
        window: false,
        uncertain: false,
        zone: "Asia/Shanghai".into(),
        start: at(2026, 3, 2, 9, 30),
        target_date: Some(latest),
        latest_date: Some(latest),
        due: Utc.from_utc_datetime(&latest.and_hms_opt(16, 0, 0).unwrap()),
        time_left_ms: None,
        percent_used: 40,
        warning: None,
        state,
        estimated: false,
        extension_step: step,
        paused_ms: 0,
        ended_at: None,
        overdue_ms: None,
        previous: Vec::new(),
    }
}

pub fn clocks() -> Vec<ClockState> {
    vec![
        clock("dispatch", "派单", 1, NaiveDate::from_ymd_opt(2026, 3, 3).unwrap(), 0, ClockStateKind::Met),
        clock("reply", "答复业主", 30, NaiveDate::from_ymd_opt(2026, 4, 16).unwrap(), 1, ClockStateKind::Running),
    ]
}

pub fn attempts() -> Vec<FollowupAttempt> {
    vec![FollowupAttempt {
        id: 1,
        task_id: 1,
        number: 1,
        at: at(2026, 3, 20, 10, 0),
        by_user: 9,
        by_name: Some("赵回访".into()),
        method: ContactMethod::Phone,
        reached: true,
        duration_minutes: Some(6),
        satisfaction: Some(4),
        solved: Some(true),
        comment: Some("电梯已修好，希望以后响应快一些".into()),
        suggestion: None,
        outcome: AttemptOutcome::Satisfied,
    }]
}

pub fn labels() -> BTreeMap<String, String> {
    [("registered", "已登记"), ("in_progress", "处理中"), ("assign", "分派"), ("site_visit", "现场调查"), ("phone", "电话")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The line under the organisation's name on every page of a document made with [`letterhead`].
pub const CONTACT_LINE: &str = "地址：杭州市西湖区文三路 90 号翠苑小区 1 幢　　服务电话：0571-88886666　　投诉电话：0571-88887777";

pub fn letterhead() -> Letterhead {
    Letterhead {
        org_name: "翠苑物业服务有限公司".into(),
        logo_png: None,
        address: Some("杭州市西湖区文三路 90 号翠苑小区 1 幢".into()),
        service_phone: Some("0571-88886666".into()),
        complaint_phone: Some("0571-88887777".into()),
    }
}

/// Everything a case document needs, owned, so tests can change a part and borrow the rest.
pub struct Fixture {
    pub case: Case,
    pub events: Vec<Event>,
    pub clocks: Vec<ClockState>,
    pub attempts: Vec<FollowupAttempt>,
    pub labels: BTreeMap<String, String>,
}

impl Fixture {
    pub fn new(profile: Profile) -> Fixture {
        Fixture { case: case(profile), events: events(), clocks: clocks(), attempts: attempts(), labels: labels() }
    }

    pub fn doc(&self) -> CaseDoc<'_> {
        CaseDoc {
            case: &self.case,
            events: &self.events,
            clocks: &self.clocks,
            attempts: &self.attempts,
            handler_name: Some("张处理"),
            status_label: "处理中",
            category_label: "维修 / 电梯",
            labels: &self.labels,
            issued_at: at(2026, 3, 12, 16, 45),
            issued_by: "刘主管",
            zone: chrono_tz::Asia::Shanghai,
        }
    }
}

/// The text of a PDF as `pdftotext -layout` reads it.
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output().expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext reads the PDF: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The text with every space and line break removed, for comparing content across wrapping.
pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Renders each page to PNG with `pdftoppm -r <dpi>` into `dir` and returns the files in page order.
pub fn pdf_pages(pdf: &[u8], dir: &Path, dpi: u32) -> Vec<std::path::PathBuf> {
    let path = dir.join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let status = Command::new("pdftoppm").args(["-r", &dpi.to_string(), "-png"]).arg(&path).arg(dir.join("page")).status().expect("pdftoppm is installed");
    assert!(status.success(), "pdftoppm renders the PDF");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "png")).collect();
    files.sort();
    files
}

/// The share of pixels in a PNG that are clearly not white.
pub fn ink_share(png_file: &Path) -> f64 {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(png_file).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let total = pixels.len() / channels;
    let inked = pixels.chunks(channels).filter(|p| p.iter().take(3).any(|v| *v < 200)).count();
    inked as f64 / total as f64
}
