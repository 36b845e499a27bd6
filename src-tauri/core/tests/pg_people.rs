//! Team mode's own logins: each person signs in to the shared store as their own PostgreSQL role,
//! does their work through the desk, and at `psql` with their own password cannot do what the
//! store refuses (change the event log, close a case a clerk may not, read another branch).
//! Runs beside the private server `tests/pg.sh` starts (`make test` does); skipped elsewhere.
mod common;

use std::process::Command;

use chrono::Duration;
use common::{add_user, elevator_complaint, step, t0};
use complaintdesk_core::desk::dto::SetupInput;
use complaintdesk_core::domain::case::CaseQuery;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::lifecycle::StepFields;
use complaintdesk_core::domain::followup::AttemptInput;
use complaintdesk_core::domain::types::{ContactMethod, Profile, Role};
use complaintdesk_core::store::pg::{self, Server};

const PASSWORD: &str = "pass-1234";

/// The store in a new database, set up by its owner (the test's superuser), with the people of a
/// property desk; returns the owner's URL and the server setting a laptop keeps.
fn team() -> Option<(String, Server)> {
    let url = pg::scratch_database()?;
    let owner = Desk::create_shared(&url).unwrap();
    let setup = SetupInput {
        profile: Profile::Property,
        org_name: "翠湖物业".into(),
        admin_login: "zhang".into(),
        admin_display_name: "张经理".into(),
        admin_password: PASSWORD.into(),
        extra_roles: vec![],
    };
    let admin = owner.setup(&setup, t0()).unwrap().id;
    drop(owner);
    // From here on, everything is done as the people themselves: the admin makes the others.
    let server = server_of(&url);
    let mut desk = Desk::open_shared_as(&server, "zhang", PASSWORD).unwrap();
    add_user(&mut desk, admin, "li", "李前台", vec![Role::Clerk], t0());
    add_user(&mut desk, admin, "sun", "孙主管", vec![Role::Supervisor], t0());
    add_user(&mut desk, admin, "zhao", "赵工", vec![Role::Handler], t0());
    add_user(&mut desk, admin, "qian", "钱回访", vec![Role::Followup], t0());
    add_user(&mut desk, admin, "wu", "吴前台", vec![Role::Clerk], t0());
    Some((url, server))
}

/// The setting a laptop keeps for the server and database of `url` (no user, no password).
fn server_of(url: &str) -> Server {
    let config: postgres::Config = url.parse().unwrap();
    let host = match &config.get_hosts()[0] {
        postgres::config::Host::Tcp(h) => h.clone(),
        other => panic!("the test server is reached over TCP, not {other:?}"),
    };
    Server { host, port: config.get_ports()[0], database: config.get_dbname().unwrap().into(), tls: false, ca_file: None }
}

/// The person `login` signed in on their own laptop: the desk and their user id.
fn signed_in(server: &Server, login: &str) -> (Desk, i64) {
    let desk = Desk::open_shared_as(server, login, PASSWORD).unwrap();
    let id = desk.sign_in(login, PASSWORD, t0()).unwrap().id;
    (desk, id)
}

/// `sql` run at `psql` as the person `login` with their own password: Ok(output) or Err(stderr).
fn psql_as(server: &Server, login: &str, sql: &str) -> Result<String, String> {
    let role = pg::people::person_role(&server.database, login).unwrap();
    let out = Command::new("psql")
        .args(["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql])
        .arg(format!("host={} port={} dbname={} user={role} sslmode=disable", server.host, server.port, server.database))
        .env("PGPASSWORD", PASSWORD)
        .output()
        .expect("psql runs (Debian: postgresql-client)");
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// A lift complaint taken by 李前台 through to 待回访 by the people whose work each step is.
fn to_awaiting_followup(server: &Server) -> i64 {
    let (li, clerk) = signed_in(server, "li");
    let id = li.create_case(clerk, &elevator_complaint("13800138000"), t0()).unwrap().case.id;
    let (sun, boss) = signed_in(server, "sun");
    let (zhao, handler) = signed_in(server, "zhao");
    sun.move_case(boss, id, &step("accept", StepFields::default()), t0()).unwrap();
    let assign = StepFields { department: Some("工程部".into()), handler_id: Some(handler), ..Default::default() };
    sun.move_case(boss, id, &step("assign", assign), t0()).unwrap();
    zhao.move_case(handler, id, &step("start", StepFields::default()), t0()).unwrap();
    let respond = StepFields {
        facts: Some("电梯控制板损坏".into()),
        decision_basis: Some("物业服务合同第八条".into()),
        outcome: Some("已更换控制板，恢复运行".into()),
        notice_method: Some(ContactMethod::Phone),
        ..Default::default()
    };
    let d = zhao.move_case(handler, id, &step("respond", respond), t0() + Duration::hours(2)).unwrap();
    assert_eq!(d.case.status, "awaiting_followup");
    id
}

#[test]
fn each_person_works_through_the_desk_as_their_own_database_login() {
    let Some((_, server)) = team() else { return };
    let id = to_awaiting_followup(&server);
    let (qian, caller) = signed_in(&server, "qian");
    let call = AttemptInput { method: Some(ContactMethod::Phone), reached: true, satisfaction: Some(5), solved: Some(true), ..Default::default() };
    let d = qian.record_followup(caller, id, &call, t0() + Duration::days(1)).unwrap();
    assert_eq!(d.case.status, "closed");
    // The deadline watcher runs on every laptop, a clerk's too.
    let (li, _) = signed_in(&server, "li");
    li.tick(t0() + Duration::days(40), 100).unwrap();
    // And the chain every person appended to is one whole chain.
    let (admin, _) = signed_in(&server, "zhang");
    let check = admin.store().with_shared(|s| s.audit_check()).unwrap().unwrap();
    assert!(check.ok && check.first_broken.is_none(), "{check:?}");
}

#[test]
fn a_wrong_password_or_a_disabled_person_gets_no_connection() {
    let Some((_, server)) = team() else { return };
    let wrong = Desk::open_shared_as(&server, "li", "not-her-password").err().unwrap();
    assert_eq!(wrong.rule.as_deref(), Some("db.password"), "{wrong:?}");
    let (admin_desk, admin) = signed_in(&server, "zhang");
    let li = admin_desk.users().unwrap().into_iter().find(|u| u.login == "li").unwrap();
    let off = complaintdesk_core::desk::dto::UserInput {
        login: "li".into(),
        display_name: li.display_name.clone(),
        roles: li.roles.clone(),
        department: None,
        active: Some(false),
        password: None,
    };
    admin_desk.update_user(admin, li.id, &off).unwrap();
    assert!(psql_as(&server, "li", "SELECT 1").is_err(), "a disabled person's login is refused by the server");
    // A new password from the admin is the login's new password.
    admin_desk.update_user(admin, li.id, &complaintdesk_core::desk::dto::UserInput { active: Some(true), ..off }).unwrap();
    admin_desk.reset_password(admin, li.id, "new-pass-5678").unwrap();
    assert!(Desk::open_shared_as(&server, "li", "new-pass-5678").is_ok());
    assert!(Desk::open_shared_as(&server, "li", PASSWORD).is_err());
}

#[test]
fn a_clerks_own_login_cannot_change_the_log_close_a_case_or_read_another_branch() {
    let Some((url, server)) = team() else { return };
    let id = to_awaiting_followup(&server);
    // What the clerk may do, she can do at psql too: read cases and their events.
    let events: i64 = psql_as(&server, "li", &format!("SELECT count(*) FROM events WHERE case_id = {id}")).unwrap().parse().unwrap();
    assert!(events >= 6, "{events}");

    let refused = |sql: &str, why: &str| {
        let err = psql_as(&server, "li", sql).expect_err(sql);
        assert!(err.contains(why), "{sql}: {err}");
    };
    refused(&format!("UPDATE events SET note = '改过' WHERE case_id = {id}"), "permission denied");
    refused(&format!("DELETE FROM events WHERE case_id = {id}"), "permission denied");
    refused("TRUNCATE events", "permission denied");
    refused(&format!("UPDATE cases SET status = 'closed' WHERE id = {id}"), "may not move a case");
    refused("UPDATE users SET display_name = '管理员' WHERE login = 'li'", "permission denied");
    refused("INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users WHERE login = 'li'", "permission denied");
    refused("UPDATE lifecycle_moves SET role = 'clerk'", "permission denied");
    refused(
        &format!(
            "INSERT INTO followup_attempts (task_id, case_id, number, at, by_user, method, reached, outcome) \
             SELECT t.id, t.case_id, 1, 0, u.id, 'phone', 1, 'satisfied' FROM followup_tasks t, users u WHERE t.case_id = {id} AND u.login = 'li'"
        ),
        "permission denied",
    );
    // The supervisor's login may close it (a lifecycle move of theirs).
    assert!(psql_as(&server, "sun", &format!("UPDATE cases SET status = 'closed' WHERE id = {id}")).is_ok());

    // Two branches in one store: 李 works 东区, 吴 西区; each sees only their own cases.
    let (admin_desk, admin) = signed_in(&server, "zhang");
    let users = admin_desk.users().unwrap();
    let id_of = |login: &str| users.iter().find(|u| u.login == login).unwrap().id;
    admin_desk.set_branch(admin, id_of("li"), "东区").unwrap();
    admin_desk.set_branch(admin, id_of("wu"), "西区").unwrap();
    let mut owner = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let (wu, west_clerk) = signed_in(&server, "wu");
    assert_eq!(wu.branch().unwrap().as_deref(), Some("西区"), "the header names the person's branch");
    let west = wu.create_case(west_clerk, &elevator_complaint("13900139000"), t0()).unwrap().case.id;
    let branch_of_west: String = owner.query_one("SELECT branch FROM cases WHERE id = $1", &[&west]).unwrap().get(0);
    assert_eq!(branch_of_west, "西区", "a case belongs to the branch of the person who registered it");
    let seen = |login: &str, sql: String| psql_as(&server, login, &sql).unwrap();
    assert_eq!(seen("li", format!("SELECT count(*) FROM cases WHERE id = {west}")), "0");
    assert_eq!(seen("li", format!("SELECT count(*) FROM events WHERE case_id = {west}")), "0");
    assert_eq!(seen("li", format!("UPDATE cases SET subject = '改' WHERE id = {west} RETURNING id")), "");
    assert_eq!(seen("wu", format!("SELECT count(*) FROM cases WHERE id = {west}")), "1");
    // The search index holds the cases' words: they are seen with their case, and searching finds
    // one's own branch.
    assert_eq!(seen("li", format!("SELECT count(*) FROM case_search WHERE case_id = {west}")), "0");
    assert_eq!(seen("wu", format!("SELECT count(*) FROM case_search WHERE case_id = {west} AND body @@ '电梯'")), "1");
    assert_eq!(seen("li", format!("SELECT count(*) FROM complaintdesk_search('电梯', NULL) AS id WHERE id = {west}")), "0");
    assert_eq!(seen("wu", format!("SELECT count(*) FROM complaintdesk_search('电梯', NULL) AS id WHERE id = {west}")), "1");
    assert_eq!(seen("wu", "SELECT count(*) FROM complaintdesk_search('电梯', 0) AS id".into()), "0", "no more hits than asked for");
    // Not even by moving a case of hers into the other branch.
    let (li, clerk) = signed_in(&server, "li");
    let east = li.create_case(clerk, &elevator_complaint("13700137000"), t0()).unwrap().case.id;
    refused(&format!("UPDATE cases SET branch = '西区' WHERE id = {east}"), "row-level security");
    // The per-day KPI sums follow the same branches: each reads only their own, nobody writes them.
    assert_eq!(seen("wu", "SELECT sum(received) FROM kpi_days".into()), "1", "西区 has the one complaint");
    assert_eq!(seen("li", "SELECT sum(received) FROM kpi_days".into()), "1", "东区 has the one complaint");
    assert_eq!(seen("li", "SELECT count(*) FROM kpi_days WHERE branch <> '东区'".into()), "0");
    refused("UPDATE kpi_days SET received = received + 1", "permission denied");
    // The desk shows her the same: her branch's cases only.
    let page = li.list_cases(clerk, &CaseQuery::default()).unwrap();
    assert!(page.rows.iter().all(|r| r.id != west) && page.rows.iter().any(|r| r.id == east));
    // The admin's login (no branch) sees the whole store.
    assert_eq!(admin_desk.branch().unwrap().as_deref(), Some(""));
    assert_eq!(seen("zhang", format!("SELECT count(*) FROM cases WHERE id IN ({west}, {east})")), "2");
}

/// A laptop's desk of 200 cases moves in as the store's owner (what 设置 → 数据存储 does), the
/// bar moving forward to its end; its people get their own roles, and sign in once the admin
/// has set their passwords.
#[test]
fn a_desk_moved_in_by_the_owner_brings_its_people_as_roles_that_wait_for_a_password() {
    let Some(url) = pg::scratch_database() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut laptop = Desk::create(dir.path()).unwrap();
    complaintdesk_core::demo::fill(&mut laptop, Profile::Property, 200, 3, t0(), 7).unwrap();
    let people: Vec<String> = laptop.users().unwrap().into_iter().map(|u| u.login).collect();
    assert!(people.len() >= 4 && people.iter().any(|p| p == "admin"), "{people:?}");

    // The owner is the test server's superuser here; in an office, the account IT made the
    // database with.
    let server = server_of(&url);
    let owner = url.parse::<postgres::Config>().unwrap().get_user().unwrap().to_string();
    let mut store = pg::PgStore::init_as_owner(&server, &owner, "").unwrap();
    let mut seen = Vec::new();
    let report = pg::migrate::migrate_with(laptop.store().file().unwrap(), &mut store, &mut |p| seen.push(p)).unwrap();
    assert_eq!(report.tables.iter().find(|t| t.table == "cases").map(|t| t.after), Some(200));
    assert!(seen.windows(2).all(|w| w[0].done < w[1].done), "the bar only moves forward: {seen:?}");
    let last = seen.last().unwrap();
    assert_eq!((last.done, last.step.as_str()), (last.total, "people"), "{seen:?}");

    // Each person has a role, which lets no one in before a password is set.
    assert!(Desk::open_shared_as(&server, "admin", "").is_err());
    assert_eq!(store.set_person_password("admin", "1234").unwrap_err().rule.as_deref(), Some("password.length"));
    // A password of its own on the store (not the one the laptop's desk had).
    store.set_person_password("admin", "shared-pass-5678").unwrap();
    let desk = Desk::open_shared_as(&server, "admin", "shared-pass-5678").unwrap();
    let me = desk.sign_in("admin", "shared-pass-5678", t0()).unwrap().id;
    assert_eq!(desk.list_cases(me, &CaseQuery::default()).unwrap().total, 200, "the admin's own login sees the whole desk");
    let check = desk.store().with_shared(|s| s.audit_check()).unwrap().unwrap();
    assert!(check.ok, "db verify passes on the store: {check:?}");
}

/// Whichever laptop's watcher records a breach, the desktop notification goes to the people it
/// concerns, on the laptops they are signed in at: the case's handler and the supervisors, not
/// the clerk whose laptop happened to record it.
#[test]
fn a_breach_recorded_on_one_laptop_is_told_to_the_handler_and_supervisor_on_theirs() {
    let Some((_, server)) = team() else { return };
    let (li, clerk) = signed_in(&server, "li");
    let (sun, boss) = signed_in(&server, "sun");
    let (zhao, handler) = signed_in(&server, "zhao");
    let (qian, caller) = signed_in(&server, "qian");
    let since: Vec<i64> = [(&li, clerk), (&sun, boss), (&zhao, handler), (&qian, caller)]
        .iter()
        .map(|(desk, who)| desk.alerts_for(*who, None).unwrap().1)
        .collect();
    // A complaint assigned to 赵工 and left; 李前台's laptop is the one whose watcher looks.
    let (li, clerk) = signed_in(&server, "li");
    let id = li.create_case(clerk, &elevator_complaint("13800138000"), t0()).unwrap().case.id;
    let (sun_desk, _) = signed_in(&server, "sun");
    sun_desk.move_case(boss, id, &step("accept", StepFields::default()), t0()).unwrap();
    let assign = StepFields { department: Some("工程部".into()), handler_id: Some(handler), ..Default::default() };
    let number = sun_desk.move_case(boss, id, &step("assign", assign), t0()).unwrap().case.number;
    let report = li.tick(t0() + Duration::days(30), 100).unwrap();
    assert!(report.alerts.iter().any(|a| a.case_id == id && a.level >= 100), "the clerk's watcher recorded the breach: {:?}", report.alerts);

    let told = |desk: &Desk, who: i64, after: i64| desk.alerts_for(who, Some(after)).unwrap().0;
    let to_handler = told(&zhao, handler, since[2]);
    assert!(to_handler.iter().any(|a| a.case_id == id && a.number == number && a.level >= 100 && a.notification(Default::default()).is_some()), "{to_handler:?}");
    assert!(told(&sun, boss, since[1]).iter().any(|a| a.case_id == id && a.level >= 100));
    assert!(told(&li, clerk, since[0]).is_empty(), "not the clerk's case to answer for");
    assert!(told(&qian, caller, since[3]).is_empty());
    // Asked again after what it was told, the handler hears nothing new.
    let (_, next) = zhao.alerts_for(handler, Some(since[2])).unwrap();
    assert!(told(&zhao, handler, next).is_empty());
}

/// A desk whose connections end and whose login the server now refuses (here: disabled while
/// signed in) is told 联网中断 with the reason in Chinese at its next step, not after the pool's
/// whole wait and not in the pool's English.
#[test]
fn a_desk_the_server_refuses_is_told_why_in_chinese() {
    let Some((url, server)) = team() else { return };
    let (admin_desk, admin) = signed_in(&server, "zhang");
    let li_user = admin_desk.users().unwrap().into_iter().find(|u| u.login == "li").unwrap();
    // Her desk as it opens: one connection in its pool.
    let li = Desk::open_shared_as(&server, "li", PASSWORD).unwrap();
    let off = complaintdesk_core::desk::dto::UserInput {
        login: "li".into(),
        display_name: li_user.display_name.clone(),
        roles: li_user.roles.clone(),
        department: None,
        active: Some(false),
        password: None,
    };
    admin_desk.update_user(admin, li_user.id, &off).unwrap();
    let role = pg::people::person_role(&server.database, "li").unwrap();
    let mut owner = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    owner.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", &[&role]).unwrap();
    // The server has ended her connection (up to ten seconds for it to do so).
    let ended = (0..1000).any(|_| {
        let left: i64 = owner.query_one("SELECT count(*) FROM pg_stat_activity WHERE usename = $1", &[&role]).unwrap().get(0);
        left == 0 || {
            std::thread::sleep(std::time::Duration::from_millis(10));
            false
        }
    });
    assert!(ended, "the server ends the connection it was told to");
    let refused = li.list_cases(li_user.id, &CaseQuery::default()).unwrap_err();
    assert!(refused.message.starts_with("联网中断"), "{}", refused.message);
    assert!(!refused.message.contains("timed out"), "{}", refused.message);
    assert_eq!(refused.rule.as_deref(), Some("db.password"), "{refused:?}");
}
