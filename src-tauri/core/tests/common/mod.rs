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

/// The store the use-case tests of this thread make their desks on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The laptop's SQLite file (the default).
    File,
    /// A shared PostgreSQL store (`make test` starts a private server).
    Shared,
}

thread_local! {
    static KIND: std::cell::Cell<Kind> = const { std::cell::Cell::new(Kind::File) };
}

/// Which store this test's desks are made on.
pub fn kind() -> Kind {
    KIND.with(|k| k.get())
}

/// Runs `test` with its desks on a shared PostgreSQL store; skipped, with a notice, where there
/// is no server (`store::pg::scratch_database`).
pub fn on_shared(test: impl FnOnce()) {
    if std::env::var_os("COMPLAINTDESK_PG_URL").is_none() && complaintdesk_core::store::pg::scratch_database().is_none() {
        return;
    }
    KIND.with(|k| k.set(Kind::Shared));
    test();
}

/// Each test in it runs twice: on a desk's SQLite file (`file_store::name`) and on a shared
/// PostgreSQL store (`shared_store::name`) — the conformance suite.
#[macro_export]
macro_rules! on_both_stores {
    ($($(#[$attr:meta])* fn $name:ident() $body:block)*) => {
        mod file_store {
            #[allow(unused_imports)]
            use super::*;
            $($(#[$attr])* fn $name() $body)*
        }
        mod shared_store {
            #[allow(unused_imports)]
            use super::*;
            $($(#[$attr])* fn $name() { common::on_shared(|| $body) })*
        }
    };
}

/// Where a test's desk lives: a temp folder, and on the shared store a new database of its own.
pub struct Place {
    dir: tempfile::TempDir,
    url: Option<String>,
}

impl Place {
    /// A new place on this test's store.
    pub fn new() -> Place {
        let url = match kind() {
            Kind::File => None,
            Kind::Shared => Some(complaintdesk_core::store::pg::scratch_database().expect("a PostgreSQL server for the shared-store tests")),
        };
        Place { dir: tempfile::tempdir().unwrap(), url }
    }

    /// The temp folder (the desk's data folder on the file store).
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The shared store's address, if the desk is on one.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// A new desk here (or the one already here).
    pub fn create(&self) -> Desk {
        match &self.url {
            None => Desk::create(self.path()).unwrap(),
            Some(url) => Desk::create_shared(url).unwrap(),
        }
    }

    /// The desk already here, opened anew (a restart).
    pub fn open(&self) -> Desk {
        match &self.url {
            None => Desk::open(self.path()).unwrap(),
            Some(url) => Desk::open_shared(url).unwrap(),
        }
    }

    /// Runs `sql` on the desk's database with the app's rules out of the way (what someone
    /// with the database's own tools could do): for tests of what the desk notices.
    pub fn behind_the_apps_back(&self, sqlite: &str, postgres: &str) {
        match &self.url {
            None => {
                let conn = rusqlite::Connection::open(self.path().join(complaintdesk_core::store::DB_FILE)).unwrap();
                conn.execute_batch(sqlite).unwrap();
            }
            Some(url) => {
                let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
                client.batch_execute(postgres).unwrap();
            }
        }
    }
}

/// Sets up a desk of `profile` at `place` at `at`; returns it and its first administrator
/// 张主管, who also takes complaints (clerk) and supervises.
pub fn set_up_at(place: &Place, profile: Profile, at: DateTime<Utc>) -> (Desk, i64) {
    set_up_desk(place.create(), profile, at)
}

/// As [`set_up_at`], in the data folder `dir` on the file store.
pub fn set_up_in(dir: &Path, profile: Profile, at: DateTime<Utc>) -> (Desk, i64) {
    set_up_desk(Desk::create(dir).unwrap(), profile, at)
}

fn set_up_desk(desk: Desk, profile: Profile, at: DateTime<Utc>) -> (Desk, i64) {
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

/// The same at a new place on this test's store (kept alive by the returned guard).
pub fn set_up(profile: Profile, at: DateTime<Utc>) -> (Desk, i64, Place) {
    let place = Place::new();
    let (desk, admin) = set_up_at(&place, profile, at);
    (desk, admin, place)
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
