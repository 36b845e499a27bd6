//! The permission matrix of ARCHITECTURE.md, checked: for every command and every role (a user
//! holding only that role) the command's use-case is allowed or refused exactly as the table says.
//! The table is parsed from the document, so the two cannot drift; and it must list exactly the
//! commands registered in `src-tauri/lib.rs`.
mod common;

use std::collections::BTreeSet;

use common::{claim_delay as complaint, step, t0};
use complaintdesk_core::desk::dto::{BatchMoveInput, CorrectionInput, SetupInput, EscalateInput, ExtensionInput, ExtensionRequestInput, NoteInput, ScriptInput, TrainingInput, UserInput};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{CaseInput, CaseQuery, DocumentKind};
use complaintdesk_core::domain::correction::CaseCorrection;
use complaintdesk_core::domain::customer::CustomerKey;
use complaintdesk_core::domain::kpi::KpiFilter;
use complaintdesk_core::domain::letterhead::LetterheadInput;
use complaintdesk_core::domain::reply::ReplyTemplates;
use complaintdesk_core::domain::lifecycle::StepFields;
use complaintdesk_core::domain::types::{Profile, Role};
use complaintdesk_core::domain::{DeskResult, ErrorCode};
use complaintdesk_core::desk::import::ImportOptions;
use complaintdesk_core::desk::improvements::ImprovementInput;
use complaintdesk_core::desk::campaigns::CampaignInput;
use complaintdesk_core::domain::campaign::CallInput;
use complaintdesk_core::domain::types::ContactMethod;
use complaintdesk_core::domain::catalog::Classification;
use complaintdesk_core::domain::improvement::ImprovementStatus;
use complaintdesk_core::import::read::Input;
use complaintdesk_core::import::Mapping;

const ROLES: [Role; 6] = [Role::Clerk, Role::Handler, Role::Supervisor, Role::Followup, Role::Compliance, Role::Admin];
const PASSWORD: &str = "pass-1234";
/// A past complaint to import (the import commands).
const IMPORT_FILE: &str = "收到时间,投诉内容\n2020/3/18,理赔迟迟未到账\n";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Cell {
    Yes,
    No,
    Own,
    Open,
}

fn matrix() -> Vec<(String, [Cell; 6])> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../ARCHITECTURE.md")).unwrap();
    let mut lines = doc.lines().skip_while(|l| !l.starts_with("| command | clerk | handler | supervisor | followup | compliance | admin |"));
    assert!(lines.next().is_some(), "ARCHITECTURE.md has the permission table with the roles in this order");
    lines
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cols: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            assert_eq!(cols.len(), 7, "a command and six roles: {l}");
            let cells: Vec<Cell> = cols[1..]
                .iter()
                .map(|c| match *c {
                    "yes" => Cell::Yes,
                    "no" => Cell::No,
                    "own" => Cell::Own,
                    "open" => Cell::Open,
                    other => panic!("unknown cell {other:?} in {l}"),
                })
                .collect();
            (cols[0].trim_matches('`').to_string(), cells.try_into().unwrap())
        })
        .collect()
}

fn registered_commands() -> BTreeSet<String> {
    let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../lib.rs")).unwrap();
    let start = lib.find("generate_handler![").expect("lib.rs registers its commands with generate_handler!");
    let end = start + lib[start..].find(']').unwrap();
    lib[start + "generate_handler![".len()..end]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.rsplit("::").next().unwrap().to_string())
        .collect()
}

/// A desk with one user per role (each holding only it), a second handler, and two assigned
/// insurance complaints: `mine` (the handler's) and `theirs` (the second handler's).
struct Fx {
    desk: Desk,
    users: [i64; 6],
    handler2: i64,
    mine: i64,
    theirs: i64,
    attachment: i64,
    _dir: common::Place,
}

fn user(desk: &mut Desk, admin: i64, login: &str, role: Role) -> i64 {
    let input = UserInput { login: login.into(), display_name: login.into(), roles: vec![role], department: None, active: None, password: Some(PASSWORD.into()) };
    desk.create_user(admin, &input, t0()).unwrap().id
}

fn fixture() -> Fx {
    let dir = common::Place::new();
    let mut desk = dir.create();
    let setup = SetupInput {
        profile: Profile::Insurance,
        org_name: "平安路营业部".into(),
        admin_login: "admin".into(),
        admin_display_name: "管理员".into(),
        admin_password: PASSWORD.into(),
        extra_roles: vec![],
    };
    let admin = desk.setup(&setup, t0()).unwrap().id;
    let clerk = user(&mut desk, admin, "clerk", Role::Clerk);
    let handler = user(&mut desk, admin, "handler", Role::Handler);
    let supervisor = user(&mut desk, admin, "supervisor", Role::Supervisor);
    let followup = user(&mut desk, admin, "followup", Role::Followup);
    let compliance = user(&mut desk, admin, "compliance", Role::Compliance);
    let handler2 = user(&mut desk, admin, "handler2", Role::Handler);
    let assigned = |to: i64| {
        let id = desk.create_case(clerk, &complaint(t0()), t0()).unwrap().case.id;
        desk.move_case(supervisor, id, &step("accept", StepFields::default()), t0()).unwrap();
        let fields = StepFields { department: Some("理赔部".into()), handler_id: Some(to), ..Default::default() };
        desk.move_case(supervisor, id, &step("assign", fields), t0()).unwrap();
        id
    };
    let mine = assigned(handler);
    let theirs = assigned(handler2);
    let attachment = desk.add_attachment(supervisor, mine, "材料.txt", b"x", t0()).unwrap().attachments[0].id;
    Fx { desk, users: [clerk, handler, supervisor, followup, compliance, admin], handler2, mine, theirs, attachment, _dir: dir }
}

/// Calls the use-case behind `command` as `actor` on `case`.
fn call(command: &str, fx: &mut Fx, actor: i64, case: i64) -> DeskResult<()> {
    let now = t0();
    let clerk = fx.users[0];
    let handlers = [fx.users[1], fx.handler2];
    let attachment = fx.attachment;
    let supervisor = fx.users[2];
    let d = &mut fx.desk;
    // An improvement item on the case, owned by the supervisor; and one opened by them: (id, version).
    let improvement = || ImprovementInput {
        cause: Classification::for_profile(Profile::Insurance).root_causes[0].code.clone(),
        action: "复核理赔时效".into(),
        owner_id: supervisor,
        due_on: (now + chrono::Duration::days(30)).date_naive(),
        case_ids: vec![case],
        ..Default::default()
    };
    let item = |d: &Desk| -> DeskResult<(i64, i64)> {
        let opened = d.open_improvement(supervisor, &improvement(), now)?;
        Ok((opened.item.id, opened.item.version))
    };
    // A campaign on the case, opened by the supervisor: (id, version, its call).
    let campaign = |d: &Desk| -> DeskResult<(i64, i64, i64)> {
        let opened = d.open_campaign(supervisor, &campaign_input(case, now), now)?;
        Ok((opened.campaign.id, opened.campaign.version, opened.calls[0].id))
    };
    fn ok<T>(r: DeskResult<T>) -> DeskResult<()> {
        r.map(|_| ())
    }
    match command {
        "set_idle_lock_minutes" => ok(d.set_idle_lock_minutes(actor, 5)),
        "get_catalog" => ok(d.catalog()),
        "list_users" => ok(d.users()),
        "create_user" => {
            let input = UserInput { login: format!("new{actor}"), display_name: "新人".into(), roles: vec![Role::Clerk], department: None, active: None, password: Some(PASSWORD.into()) };
            ok(d.create_user(actor, &input, now))
        }
        "update_user" => {
            let input = UserInput { login: "clerk".into(), display_name: "登记员".into(), roles: vec![Role::Clerk], department: None, active: Some(true), password: None };
            ok(d.update_user(actor, clerk, &input))
        }
        "reset_password" => d.reset_password(actor, clerk, "another-pass-1"),
        "create_case" => ok(d.create_case(actor, &complaint(now), now)),
        "find_open_cases" => ok(d.open_cases_by_phone(actor, "13912345678")),
        "list_cases" => ok(d.list_cases(actor, &CaseQuery::default())),
        "get_case" => ok(d.case_detail_at(actor, case, now)),
        "move_case" => ok(d.move_case(actor, case, &step("start", StepFields::default()), now)),
        // 批量受理: the batch as a whole is the role's; each case is then judged as one step
        // (this one is assigned already, so its outcome is a refusal of the status).
        "move_cases" => ok(d.move_cases(actor, &BatchMoveInput { ids: vec![case], action: "accept".into(), fields: StepFields::default() }, now)),
        "add_note" => {
            let note = NoteInput { text: "客户来电询问进度".into(), internal: false, kind: None, contact_method: None, department: None };
            ok(d.add_note(actor, case, &note, now))
        }
        "correct_case" => {
            // Each role asks for what it would correct: a handler the findings of an
            // investigation, everyone else the customer's phone.
            let fields = if handlers.contains(&actor) {
                CaseCorrection { facts: Some("经核实，理赔材料缺少发票原件".into()), ..Default::default() }
            } else {
                CaseCorrection { customer_phone: Some(format!("1390000{actor:04}")), ..Default::default() }
            };
            ok(d.correct_case(actor, case, &CorrectionInput { fields, reason: "登记时录错".into(), expected_version: None }, now))
        }
        "escalate_case" => ok(d.escalate(actor, case, &EscalateInput { level: 1, reason: "客户情绪激动".into() }, now)),
        "get_my_work" => ok(d.my_work(actor, now)),
        "add_attachment" => ok(d.add_attachment(actor, case, "照片.txt", b"y", now)),
        "save_attachment" => ok(d.read_attachment(actor, attachment)),
        "approve_extension" => {
            let input = ExtensionInput { step: 1, approver: Some("王经理".into()), customer_notified: Some(true), reason: Some("需等待医院鉴定".into()), clock: None };
            ok(d.approve_extension(actor, case, &input, now))
        }
        "list_rule_packs" => ok(Ok(d.rule_packs().len())),
        // The shell's own (signed-in) read of the link the app was started with: the rule it
        // applies is the link's, for everyone.
        "take_screen_pop" => ok(complaintdesk_core::domain::screen_pop::parse("complaintdesk://intake?phone=13800138000")),
        "list_calendar_years" => ok(Ok(d.calendar_years())),
        "import_calendar" => ok(d.import_calendar(actor, "{}", now)),
        "set_service_time" => ok(d.set_service_time(actor, "property-default", "reply", 12, now)),
        "request_extension" => ok(d.request_extension(actor, case, &ExtensionRequestInput { step: 1, reason: "需等待医院鉴定".into() }, now)),
        "set_desk_zone" => ok(d.set_desk_zone(actor, "Asia/Shanghai", now)),
        "record_followup" => {
            let input = serde_json::from_value(serde_json::json!({ "method": "phone", "reached": false })).unwrap();
            ok(d.record_followup(actor, case, &input, now))
        }
        "get_followup_queue" => ok(d.followup_queue(actor, now)),
        "get_followup_form" => ok(d.followup_form(actor, case)),
        "get_customer_history" => ok(d.customer_history(actor, Some("13912345678"), None, None, now)),
        "get_customer" => ok(d.customer(actor, &customer_key(), now)),
        "reveal_customer_data" => ok(d.reveal_customer(actor, &customer_key(), now)),
        "get_followup_settings" => ok(d.followup_settings()),
        "set_followup_settings" => {
            let s = d.followup_settings()?;
            ok(d.set_followup_settings(actor, &s))
        }
        "list_followup_scripts" => ok(d.followup_scripts()),
        "set_followup_script" => ok(d.set_followup_script(actor, &ScriptInput { category: "claims".into(), text: None }, now)),
        "list_script_placeholders" => ok(Ok(Desk::script_placeholders())),
        "get_dashboard" => ok(d.dashboard(actor, &KpiFilter::default(), now)),
        "get_kpi_settings" => ok(d.kpi_settings()),
        "set_kpi_settings" => {
            let s = d.kpi_settings()?;
            ok(d.set_kpi_settings(actor, &s))
        }
        "list_trainings" => ok(d.trainings()),
        "add_training" => {
            let input = TrainingInput { held_on: now.date_naive(), topic: "投诉处理规范".into(), attendees: vec![actor] };
            ok(d.add_training(actor, &input, now))
        }
        "export_cases" => ok(d.export_cases(actor, &CaseQuery::default())),
        "export_kpi" => ok(d.export_kpi(actor, &KpiFilter::default(), now)),
        "issue_document" => {
            d.document_data(actor, case, DocumentKind::Summary, now)?;
            ok(d.record_document(actor, case, DocumentKind::Summary, 1, now))
        }
        "issue_monthly" => ok(d.month_data(actor, 2026, 3, now)),
        "get_letterhead" => ok(d.letterhead_settings()),
        "set_letterhead" => {
            let l = d.letterhead_settings()?;
            let input = LetterheadInput { org_name: l.org_name, address: l.address, service_phone: l.service_phone, complaint_phone: l.complaint_phone };
            ok(d.set_letterhead(actor, &input))
        }
        "set_letterhead_logo" => ok(d.set_letterhead_logo(actor, &[])),
        "list_reply_templates" => ok(d.reply_templates()),
        "set_reply_templates" => ok(d.set_reply_templates(actor, &ReplyTemplates::default())),
        "list_sites" => ok(d.sites()),
        "get_site_settings" => ok(d.site_settings(actor)),
        "set_sites" => ok(d.set_sites(actor, &["翠湖花园".to_string()])),
        "verify_audit" => ok(d.verify_audit(actor)),
        "get_backup_settings" => ok(d.backup_settings()),
        // A shared store has no backups of the laptop's to set up first: the role is checked
        // before the store says so.
        "set_backup_settings" if d.store().file().is_none() => {
            let s = complaintdesk_core::desk::backup::BackupSettings { folder: fx._dir.path().display().to_string(), keep: 7 };
            ok(d.set_backup_settings(actor, &s, now))
        }
        "set_backup_settings" => {
            let s = d.backup_settings()?;
            ok(d.set_backup_settings(actor, &s, now))
        }
        "delete_backup" if d.store().file().is_none() => ok(d.delete_backup(actor, "客诉台备份-20260301-0930.sqlite3", now)),
        "backup_now" => ok(d.backup_now(Some(actor), now)),
        "list_backups" => ok(d.list_backups(now)),
        "pick_import_file" | "cancel_import" | "save_import_report" => d.may_import(actor),
        "suggest_categories" => ok(d.suggest_categories(actor, "理赔", "理赔迟迟未到账")),
        "get_classifier_status" => ok(d.classifier_status(actor)),
        "similar_cases" => ok(d.similar_cases(actor, case, 5)),
        "open_improvement" => ok(d.open_improvement(actor, &improvement(), now)),
        "list_improvements" => ok(d.improvements(actor, None, now)),
        "get_improvement" => {
            let (id, _) = item(d)?;
            ok(d.improvement(actor, id, now))
        }
        "move_improvement" => {
            let (id, version) = item(d)?;
            ok(d.move_improvement(actor, id, ImprovementStatus::InProgress, None, version, now))
        }
        "link_to_improvement" => {
            let (id, _) = item(d)?;
            ok(d.link_to_improvement(actor, id, &[case], now))
        }
        "open_campaign" => ok(d.open_campaign(actor, &campaign_input(case, now), now)),
        "list_campaigns" => ok(d.campaigns(actor, now)),
        "get_campaign" => {
            let (id, _, _) = campaign(d)?;
            ok(d.campaign(actor, id, now))
        }
        "campaign_queue" => ok(d.campaign_queue(actor)),
        "get_campaign_call" => {
            let (_, _, call) = campaign(d)?;
            ok(d.campaign_call(actor, call))
        }
        "record_campaign_call" => {
            let (_, _, call) = campaign(d)?;
            ok(d.record_campaign_call(actor, call, &CallInput { method: Some(ContactMethod::Phone), reached: false, ..Default::default() }, now))
        }
        "close_campaign" => {
            let (id, version, _) = campaign(d)?;
            ok(d.close_campaign(actor, id, "客户普遍满意", version, now))
        }
        "merge_into_open_case" => {
            let again = CaseInput { customer_phone: Some("13912345678".into()), description: Some("又来电催办".into()), ..Default::default() };
            ok(d.merge_into_open_case(actor, case, &again, now))
        }
        "preview_import" => ok(d.import_preview(actor, Input::Bytes { name: "旧台账.csv", bytes: IMPORT_FILE.as_bytes() }, None)),
        "run_import" => {
            let never = std::sync::atomic::AtomicBool::new(false);
            let dry = ImportOptions { dry_run: true, ..Default::default() };
            ok(d.import_cases(actor, Input::Bytes { name: "旧台账.csv", bytes: IMPORT_FILE.as_bytes() }, None, dry, now, &|_, _| {}, &never))
        }
        "list_import_mappings" => ok(d.import_mappings(actor)),
        "save_import_mapping" => d.save_import_mapping(actor, "旧系统", &Mapping::default()),
        "restore_backup" => d.check_may_restore(actor),
        "test_store_connection" | "set_store_settings" | "migrate_to_shared" | "export_shared_copy" => d.check_may_change_store(actor),
        "get_backup_status" => ok(d.backup_status()),
        "delete_backup" => {
            // Two backups, so the older one (not the newest) may be deleted.
            d.backup_now(None, now)?;
            let older = d.backup_now(None, now - chrono::Duration::hours(1))?;
            ok(d.delete_backup(actor, &older.file, now))
        }
        "get_privacy_settings" => ok(d.privacy_settings(actor)),
        "set_privacy_settings" => {
            let settings = d.privacy_settings(fx.users[5])?;
            ok(d.set_privacy_settings(actor, &settings))
        }
        "reveal_personal_data" => ok(d.reveal_personal_data(actor, case, now)),
        other => panic!("no use-case call for the command {other}: add one here"),
    }
}

/// A campaign calling back `case` over the next two weeks.
fn campaign_input(case: i64, now: chrono::DateTime<chrono::Utc>) -> CampaignInput {
    let today = now.date_naive();
    CampaignInput {
        title: "理赔时效回访".into(),
        script: "您好，{customer_name}，我们回访您的投诉 {case_number}。".into(),
        starts_on: today,
        ends_on: today + chrono::Duration::days(14),
        improvement_id: None,
        case_ids: vec![case],
    }
}

/// The customer of the fixture's complaints (刘先生, by phone).
fn customer_key() -> CustomerKey {
    CustomerKey { phone: Some("13912345678".into()), ..Default::default() }
}

fn refused(r: &DeskResult<()>) -> bool {
    matches!(r, Err(e) if e.code == ErrorCode::RoleNotAllowed || e.code == ErrorCode::NotAssignee)
}

on_both_stores! {
#[test]
fn the_table_lists_exactly_the_registered_commands() {
    let table: BTreeSet<String> = matrix().into_iter().map(|(c, _)| c).collect();
    let registered = registered_commands();
    assert!(registered.len() > 40, "the command list was found: {registered:?}");
    let missing: Vec<_> = registered.difference(&table).collect();
    let stale: Vec<_> = table.difference(&registered).collect();
    assert!(missing.is_empty(), "commands with no row in ARCHITECTURE.md's permission matrix: {missing:?}");
    assert!(stale.is_empty(), "rows for commands that are not registered: {stale:?}");
}

#[test]
fn every_command_allows_and_refuses_each_role_as_the_table_says() {
    let mut wrong = Vec::new();
    for (command, cells) in matrix() {
        if cells.iter().all(|c| *c == Cell::Open) {
            continue;
        }
        assert!(!cells.contains(&Cell::Open), "{command}: open is for the whole row");
        let mut fx = fixture();
        // Refusals first: they must write nothing, and allowed calls may change the case.
        for (i, cell) in cells.iter().enumerate() {
            let (actor, mine, theirs) = (fx.users[i], fx.mine, fx.theirs);
            match cell {
                Cell::No => {
                    let r = call(&command, &mut fx, actor, mine);
                    if !refused(&r) {
                        wrong.push(format!("{command} as {:?}: expected refused, got {r:?}", ROLES[i]));
                    }
                }
                Cell::Own => {
                    let r = call(&command, &mut fx, actor, theirs);
                    if !refused(&r) {
                        wrong.push(format!("{command} as {:?} on another's case: expected refused, got {r:?}", ROLES[i]));
                    }
                }
                _ => {}
            }
        }
        for (i, cell) in cells.iter().enumerate() {
            let (actor, mine) = (fx.users[i], fx.mine);
            if matches!(cell, Cell::Yes | Cell::Own) {
                // Allowed: no refusal for the role (a rule about the input may still say no).
                let r = call(&command, &mut fx, actor, mine);
                if refused(&r) {
                    wrong.push(format!("{command} as {:?}: expected allowed, got {r:?}", ROLES[i]));
                }
            }
        }
        let _ = fx.handler2;
    }
    assert!(wrong.is_empty(), "the permission matrix and the use-cases disagree:\n{}", wrong.join("\n"));
}

#[test]
fn every_role_signs_in_with_its_password_and_nobody_with_another() {
    let fx = fixture();
    for login in ["clerk", "handler", "supervisor", "followup", "compliance", "admin"] {
        assert!(fx.desk.sign_in(login, PASSWORD, t0()).is_ok(), "{login} signs in with the right password");
        assert_eq!(fx.desk.sign_in(login, "wrong-pass-1", t0()).unwrap_err().field.as_deref(), Some("password"), "{login}: a wrong password is refused");
    }
}
}
