//! What the use-case tests share: a desk set up in a temp folder with its first administrator,
//! more users, a property complaint and a step. Each test file takes what it needs.
#![allow(dead_code)]
use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};
use complaintdesk_core::desk::dto::{MoveInput, SetupInput, UserInput};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::CaseInput;
use complaintdesk_core::domain::lifecycle::StepFields;
use complaintdesk_core::domain::types::{Channel, Claim, Profile, Role};

/// Monday 2 March 2026, 09:30 in Beijing.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 1, 30, 0).unwrap()
}

/// Sets up a desk of `profile` in `dir` at `at`; returns it and its first administrator 张主管,
/// who also takes complaints (clerk) and supervises.
pub fn set_up_in(dir: &Path, profile: Profile, at: DateTime<Utc>) -> (Desk, i64) {
    let mut desk = Desk::create(dir).unwrap();
    let org = match profile {
        Profile::Property => "翠湖物业服务中心",
        Profile::Insurance => "平安路营业部",
    };
    let admin = desk
        .setup(
            &SetupInput {
                profile,
                org_name: org.into(),
                admin_login: "zhang".into(),
                admin_display_name: "张主管".into(), admin_password: "pass-1234".into(),
                extra_roles: vec![Role::Clerk, Role::Supervisor],
            },
            at,
        )
        .unwrap()
        .id;
    (desk, admin)
}

/// The same in a new temp folder (kept alive by the returned guard).
pub fn set_up(profile: Profile, at: DateTime<Utc>) -> (Desk, i64, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let (desk, admin) = set_up_in(dir.path(), profile, at);
    (desk, admin, dir)
}

/// Another user, created by the administrator.
pub fn add_user(desk: &mut Desk, admin: i64, login: &str, name: &str, roles: Vec<Role>, at: DateTime<Utc>) -> i64 {
    desk.create_user(admin, &UserInput { login: login.into(), display_name: name.into(), roles, department: None, active: None, password: Some("pass-1234".into()) }, at)
        .unwrap()
        .id
}

/// A walk-in complaint about a lift at 翠湖花园 (property).
pub fn elevator_complaint(phone: &str) -> CaseInput {
    CaseInput {
        customer_name: Some("陈女士".into()),
        customer_phone: Some(phone.into()),
        channel: Some(Channel::WalkIn),
        subject: Some("电梯停运三天无人维修".into()),
        description: Some("3号楼2单元电梯从周五起停运，老人上下楼困难，多次报修无人处理。".into()),
        claim: Some(Claim::Correction),
        category: Some("repair".into()),
        subcategory: Some("repair.elevator".into()),
        project: Some("翠湖花园".into()),
        building: Some("3号楼".into()),
        ..Default::default()
    }
}

/// An insurance complaint: a health claim not paid after twenty days (刘先生).
pub fn claim_delay(received: DateTime<Utc>) -> CaseInput {
    CaseInput {
        customer_name: Some("刘先生".into()),
        customer_phone: Some("13912345678".into()),
        channel: Some(Channel::Phone),
        received_at: Some(received),
        subject: Some("理赔迟迟未到账".into()),
        description: Some("住院理赔材料已交齐二十天，至今未到账。".into()),
        claim: Some(Claim::Explanation),
        category: Some("claims".into()),
        subcategory: Some("claims.delay".into()),
        business_line: Some("health".into()),
        ..Default::default()
    }
}

pub fn step(action: &str, fields: StepFields) -> MoveInput {
    MoveInput { action: action.into(), fields, expected_version: None }
}
