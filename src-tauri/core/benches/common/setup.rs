//! What the import and classify benchmarks share: a new property desk's administrator.
use chrono::{DateTime, Utc};
use complaintdesk_core::desk::dto::SetupInput;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::types::{Profile, Role};

/// Sets `desk` up as a property desk at `now`; its administrator (also a clerk).
pub fn property_admin(desk: &Desk, now: DateTime<Utc>) -> i64 {
    let setup = SetupInput {
        profile: Profile::Property,
        org_name: "翠湖物业".into(),
        admin_login: "admin".into(),
        admin_display_name: "管理员".into(),
        admin_password: "pass-1234".into(),
        extra_roles: vec![Role::Clerk],
    };
    desk.setup(&setup, now).unwrap().id
}
