//! Use-cases: one function per user action, one transaction, permission-checked.
//! Time comes in as `now`; the shell and the CLI pass the clock, tests pass fixed instants.

use std::sync::{Arc, Mutex, RwLock};

use crate::store::db::Db;
use chrono::{DateTime, Utc};
use tracing::instrument;

use crate::domain::case::SortKey;
use crate::domain::case::{
    check_attachment_name, desk_zone, validate_intake, Attachment, Case, CaseInput, CasePage, CaseQuery, CaseRow, EntryKind, EventKind, NewCase,
    User, MAX_ATTACHMENT_BYTES,
};
use crate::domain::catalog::Classification;
use crate::domain::deadline::feed::DueState;
use crate::domain::lifecycle::{Lifecycle, StatusKind, StepContext};
use crate::domain::step;
use crate::domain::types::{Profile, Role};
use crate::domain::{DeskError, DeskResult, ErrorCode};
use crate::store::events::NewEvent;
use crate::store::backend::Backend;
use crate::store::pg::people;
use crate::store::{attachments, cases, events, meta, users, SCHEMA_VERSION};

pub mod audit;
pub mod backup;
pub mod campaigns;
mod clocks;
pub mod batch;
mod correct;
pub mod customer;
pub mod dto;
pub mod documents;
pub mod export;
pub mod import;
pub mod improvements;
pub mod knowledge;
mod followups;
pub mod privacy;
pub mod kpi;
mod kpi_recount;
mod reply_templates;
pub mod presence;
pub mod signin;
mod sites;
use dto::*;

/// Who may register a complaint.
const INTAKE_ROLES: &[Role] = &[Role::Clerk, Role::Supervisor];
/// Who may write on a case's timeline.
const NOTE_ROLES: &[Role] = &[Role::Clerk, Role::Handler, Role::Supervisor, Role::Followup, Role::Compliance];
/// Who may record investigation, site visits and referrals (a handler only on their own cases).
const HANDLING_ROLES: &[Role] = &[Role::Handler, Role::Supervisor];
/// Who may raise or lower the escalation level.
const ESCALATE_ROLES: &[Role] = &[Role::Supervisor];
/// The statuses in which a case is its handler's to work on.
const HANDLER_STATUSES: [&str; 4] = ["assigned", "in_progress", "on_hold", "reopened"];

/// The desk is shared by the window's commands, its watcher and its backups, each on a thread of
/// its own (`Send + Sync`): reads go on side by side, writes take turns in the store. The little
/// it keeps in memory sits behind locks of its own, each held only to read or swap it.
pub struct Desk {
    store: Backend,
    lifecycle: Lifecycle,
    /// Replaced whole when an admin changes a rule, so a step that has started keeps the rules
    /// it started with.
    deadlines: RwLock<Arc<clocks::Deadlines>>,
    /// The last scheduled backup that failed, until one succeeds (kept in memory: a full disk
    /// could not record it in the database).
    backup_failure: Mutex<Option<backup::BackupFailure>>,
    /// The category suggestion model learned from the desk's cases, once trained (off the
    /// window's path: `refresh_classifier`).
    classifier: RwLock<Option<Arc<knowledge::Trained>>>,
}

/// The shell shares one desk between its threads: this stops compiling if the desk cannot be.
const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    shared::<Desk>();
};

fn holds_any(user: &User, roles: &[Role]) -> bool {
    user.roles.iter().any(|r| roles.contains(r))
}

/// The first of `roles` the user holds, or a refusal naming what is needed.
fn acting_role(user: &User, roles: &[Role], what: &str) -> DeskResult<Role> {
    roles.iter().copied().find(|r| user.roles.contains(r)).ok_or_else(|| {
        let names: Vec<&str> = roles.iter().map(|r| r.code()).collect();
        DeskError::new(ErrorCode::RoleNotAllowed, format!("{what}需要以下角色之一：{}", names.join("、"))).rule(format!("role.{what}"))
    })
}

fn clean(value: &str, field: &str, label: &str, max: usize) -> DeskResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(DeskError::required(field, label));
    }
    if v.chars().count() > max || v.chars().any(char::is_control) {
        return Err(DeskError::invalid(field, format!("“{label}”最多 {max} 字，且不能含控制字符")).rule("text.format"));
    }
    Ok(v.to_string())
}

/// The desk's zone setting (`desk_zone`) in the database behind `conn`; the default when unset.
pub(crate) fn zone_in(conn: &dyn Db) -> DeskResult<chrono_tz::Tz> {
    match meta::get(conn, "desk_zone")? {
        Some(name) => crate::domain::deadline::parse_zone(&name),
        None => Ok(crate::domain::deadline::DEFAULT_DESK_ZONE),
    }
}

impl Desk {
    /// The clock rules in use now.
    fn deadlines(&self) -> Arc<clocks::Deadlines> {
        self.deadlines.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// Changes the clock rules in use, on a copy that then replaces them; two admins' changes at
    /// once are made one after the other, neither lost.
    fn change_deadlines(&self, change: impl FnOnce(&mut clocks::Deadlines)) {
        let mut current = self.deadlines.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut changed = clocks::Deadlines::clone(&current);
        change(&mut changed);
        *current = Arc::new(changed);
    }

    /// The zone the desk shows and counts its times in (an admin setting; not the computer's).
    pub fn zone(&self) -> chrono_tz::Tz {
        self.deadlines().zone
    }

    /// The desk over an opened store (see `presence` for opening and creating one).
    fn on_store(mut store: Backend, lifecycle: Lifecycle) -> DeskResult<Desk> {
        if let Backend::File(file) = &mut store {
            if let Some(from) = meta::get(file.reads(), crate::store::pg::export::READ_ONLY_COPY)? {
                file.set_read_only(from);
            }
        }
        let calendar = crate::domain::deadline::Calendar::shipped()?.with_years(crate::store::calendars::all(store.db())?)?;
        let mut packs = crate::domain::deadline::RulePack::shipped()?;
        clocks::apply_service_times(&mut packs, &clocks::service_times(store.db())?);
        let zone = zone_in(store.db())?;
        let deadlines = clocks::Deadlines { calendar, packs, zone };
        Ok(Desk { store, lifecycle, deadlines: RwLock::new(Arc::new(deadlines)), backup_failure: Mutex::new(None), classifier: RwLock::new(None) })
    }

    /// `now` for a step on case `id`, never before its last event: a computer clock corrected
    /// backwards must not stamp a step before the one it follows. The step's event notes the
    /// instant it was given (`events::note_clock_adjusted`); other events are clamped and noted
    /// by the event log itself.
    fn not_before_last_event(&self, id: i64, now: DateTime<Utc>) -> DeskResult<DateTime<Utc>> {
        Ok(events::last_at(self.store.db(), id)?.map_or(now, |last| last.max(now)))
    }

    pub fn lifecycle(&self) -> &Lifecycle {
        &self.lifecycle
    }

    /// The store the desk runs on: its own file, or a team's shared store.
    pub fn store(&self) -> &Backend {
        &self.store
    }


    fn profile(&self) -> DeskResult<Profile> {
        meta::get(self.store.db(), "profile")?
            .and_then(|p| Profile::parse(&p))
            .ok_or_else(|| DeskError::new(ErrorCode::NotSetUp, "尚未完成首次设置"))
    }

    /// The user acting now; refused when unknown or disabled.
    pub fn actor(&self, id: i64) -> DeskResult<User> {
        match users::get(self.store.db(), id)? {
            Some(u) if u.active => Ok(u),
            Some(_) => Err(DeskError::new(ErrorCode::NoUser, "该用户已停用")),
            None => Err(DeskError::new(ErrorCode::NoUser, "该用户不存在，请重新登录")),
        }
    }

    /// The state for the window: `current` is the user the shell has signed in (if any).
    pub fn app_state(&self, current: Option<i64>, locked: bool) -> DeskResult<AppState> {
        self.app_state_for(current, locked)
    }

    fn app_state_for(&self, current_user: Option<i64>, locked: bool) -> DeskResult<AppState> {
        let conn = self.store.db();
        let profile = meta::get(conn, "profile")?.and_then(|p| Profile::parse(&p));
        let current_user = match current_user {
            Some(id) => users::get(conn, id)?.filter(|u| u.active),
            None => None,
        };
        let permissions = current_user
            .as_ref()
            .map(|u| Permissions {
                register_cases: holds_any(u, INTAKE_ROLES),
                manage_users: holds_any(u, &[Role::Admin]),
                batch_steps: self.batch_steps(u),
                export_cases: holds_any(u, NOTE_ROLES),
            })
            .unwrap_or_default();
        Ok(AppState {
            setup_done: profile.is_some(),
            profile,
            org_name: meta::get(conn, "org_name")?,
            signed_in: current_user.is_some(),
            locked: locked && current_user.is_some(),
            permissions,
            idle_lock_minutes: self.idle_lock_minutes()?,
            needs_first_password: profile.is_some() && !users::any_password(conn)?,
            signin_alerts: match &current_user {
                Some(u) if !locked => self.signin_alerts(u)?,
                _ => Vec::new(),
            },
            current_user,
        })
    }

    /// First start: the profile, the organisation and the first administrator. Returns the admin.
    #[instrument(skip_all, fields(profile = %input.profile))]
    pub fn setup(&self, input: &SetupInput, now: DateTime<Utc>) -> DeskResult<User> {
        if self.profile().is_ok() {
            return Err(DeskError::new(ErrorCode::AlreadySetUp, "首次设置已完成，不能重复设置"));
        }
        let org = clean(&input.org_name, "org_name", "机构名称", 100)?;
        let login = clean(&input.admin_login, "admin_login", "登录名", 50)?;
        let name = clean(&input.admin_display_name, "admin_display_name", "姓名", 50)?;
        let hash = signin::hash_password("admin_password", &input.admin_password)?;
        let mut roles = vec![Role::Admin];
        roles.extend(input.extra_roles.iter().copied().filter(|r| *r != Role::System && *r != Role::Admin));
        let profile = input.profile;
        let id = self.store.write(|tx| {
            meta::set(tx, "profile", profile.code())?;
            meta::set(tx, "org_name", &org)?;
            meta::set(tx, "setup_at", &now.to_rfc3339())?;
            let id = users::insert(tx, &login, &name, None, &roles, now.timestamp_millis())?;
            users::set_password_hash(tx, id, &hash)?;
            people::set_person(tx, None, &login, Some(&input.admin_password), &roles, true)?;
            Ok(id)
        })?;
        tracing::info!(user_id = id, "desk set up");
        self.write_marker(now)?;
        self.actor(id)
    }

    pub fn catalog(&self) -> DeskResult<Catalog> {
        let profile = self.profile()?;
        Ok(Catalog {
            profile,
            org_name: meta::get(self.store.db(), "org_name")?.unwrap_or_default(),
            classification: Classification::for_profile(profile),
            lifecycle: self.lifecycle.clone(),
            users: users::list(self.store.db())?,
            desk_zone: self.deadlines().zone.name().to_string(),
        })
    }

    pub fn users(&self) -> DeskResult<Vec<User>> {
        users::list(self.store.db())
    }

    fn checked_user_input(&self, input: &UserInput, except: Option<i64>) -> DeskResult<(String, String, Option<String>, Vec<Role>)> {
        let login = clean(&input.login, "login", "登录名", 50)?;
        let name = clean(&input.display_name, "display_name", "姓名", 50)?;
        if users::login_taken(self.store.db(), &login, except)? {
            return Err(DeskError::invalid("login", format!("登录名“{login}”已被使用")).rule("login.unique"));
        }
        let mut roles: Vec<Role> = input.roles.iter().copied().filter(|r| *r != Role::System).collect();
        roles.sort();
        roles.dedup();
        if roles.is_empty() {
            return Err(DeskError::required("roles", "角色"));
        }
        let department = input.department.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        Ok((login, name, department, roles))
    }

    #[instrument(skip_all, fields(actor))]
    pub fn create_user(&self, actor: i64, input: &UserInput, now: DateTime<Utc>) -> DeskResult<User> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "管理用户")?;
        let (login, name, department, roles) = self.checked_user_input(input, None)?;
        let hash = signin::hash_password("password", input.password.as_deref().unwrap_or(""))?;
        let id = self.store.write(|tx| {
            let id = users::insert(tx, &login, &name, department.as_deref(), &roles, now.timestamp_millis())?;
            users::set_password_hash(tx, id, &hash)?;
            people::set_person(tx, None, &login, Some(input.password.as_deref().unwrap_or("")), &roles, true)?;
            Ok(id)
        })?;
        users::get(self.store.db(), id)?.ok_or_else(|| DeskError::not_found("该用户"))
    }

    #[instrument(skip_all, fields(actor, id))]
    pub fn update_user(&self, actor: i64, id: i64, input: &UserInput) -> DeskResult<User> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "管理用户")?;
        let (login, name, department, roles) = self.checked_user_input(input, Some(id))?;
        let hash = match input.password.as_deref().filter(|p| !p.is_empty()) {
            Some(p) => Some(signin::hash_password("password", p)?),
            None => None,
        };
        let active = input.active.unwrap_or(true);
        let others_admin = users::list(self.store.db())?.iter().any(|u| u.id != id && u.active && u.roles.contains(&Role::Admin));
        if !others_admin && (!active || !roles.contains(&Role::Admin)) {
            return Err(DeskError::invalid("roles", "至少要保留一位启用的管理员").rule("admin.last"));
        }
        let was = users::get(self.store.db(), id)?.ok_or_else(|| DeskError::not_found("该用户"))?.login;
        let password = input.password.as_deref().filter(|p| !p.is_empty());
        self.store.write(|tx| {
            users::update(tx, id, &login, &name, department.as_deref(), active, &roles)?;
            people::set_person(tx, Some(&was), &login, password, &roles, active)?;
            match &hash {
                Some(h) => users::set_password_hash(tx, id, h),
                None => Ok(()),
            }
        })?;
        users::get(self.store.db(), id)?.ok_or_else(|| DeskError::not_found("该用户"))
    }

    /// The branch of the shared store the person this desk is connected as works in (`''`:
    /// every branch); `None` on a laptop's own desk, which is one branch.
    pub fn branch(&self) -> DeskResult<Option<String>> {
        if self.store.file().is_some() {
            return Ok(None);
        }
        let row = self.store.db().row("SELECT coalesce(complaintdesk_branch(), '') AS branch", &[])?;
        row.map(|r| r.text("branch")).transpose()
    }

    /// Puts a person in a branch of the shared store (`''`: every branch): from then on the store
    /// shows them only that branch's cases, and the cases they register belong to it. A laptop's
    /// own desk is one branch and has no such setting.
    #[instrument(skip_all, fields(actor, id))]
    pub fn set_branch(&self, actor: i64, id: i64, branch: &str) -> DeskResult<User> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "管理用户")?;
        let branch = branch.trim();
        if branch.chars().count() > 50 {
            return Err(DeskError::invalid("branch", "“网点”最多 50 个字").rule("branch.length"));
        }
        if self.store.file().is_some() {
            return Err(DeskError::invalid("branch", "单机客诉台只有一个网点：网点只在共享库（联网）上设置").rule("branch.shared_only"));
        }
        let user = users::get(self.store.db(), id)?.ok_or_else(|| DeskError::not_found("该用户"))?;
        self.store.write(|tx| tx.exec("UPDATE users SET branch = ?1 WHERE id = ?2", &[branch.into(), id.into()]).map(|_| ()))?;
        tracing::info!(user_id = id, "branch set");
        Ok(user)
    }

    /// Registers a complaint (or anonymous feedback) in the lifecycle's initial status.
    #[instrument(skip_all, fields(actor))]
    pub fn create_case(&self, actor: i64, input: &CaseInput, now: DateTime<Utc>) -> DeskResult<CaseDetail> {
        let user = self.actor(actor)?;
        let role = acting_role(&user, INTAKE_ROLES, "登记投诉")?;
        let profile = self.profile()?;
        let new = validate_intake(input, profile, &Classification::for_profile(profile), now)?;
        if let Some(staff) = new.input.staff_user_id {
            if users::get(self.store.db(), staff)?.is_none() {
                return Err(DeskError::invalid("staff_user_id", "被投诉员工不在用户列表中").rule("staff_user_id.known"));
            }
        }
        if let Some(code) = new.input.rule_pack.as_deref() {
            if !self.deadlines().packs.iter().any(|p| p.code == code) {
                return Err(DeskError::invalid("rule_pack", format!("没有“{code}”这个时限规则")).rule("rule_pack.known"));
            }
        }
        let case = self.store.write(|tx| self.register_in(tx, &new, &user, role, None, now))?;
        tracing::info!(case_id = case.id, "case registered");
        self.detail_for(&user, case, now)
    }

    /// Registers a checked complaint in `tx`, in the lifecycle's initial status, with its
    /// `created` event (carrying `details`, e.g. where it came from) and its clocks.
    fn register_in(&self, tx: &dyn Db, new: &NewCase, user: &User, role: Role, details: Option<serde_json::Value>, now: DateTime<Utc>) -> DeskResult<Case> {
        let initial = self.lifecycle.initial().to_string();
        let mut case = cases::insert(tx, new, &initial, user.id, now)?;
        case.repeat_complainant = followups::mark_repeat(tx, &case)?;
        events::append(tx, &NewEvent { to_status: Some(&initial), details, ..NewEvent::new(case.id, now, Some(user.id), role, EventKind::Created) })?;
        self.deadlines().refresh_due(&self.lifecycle, tx, case.id, now)?;
        Ok(case)
    }

    /// Open cases of a phone number, for the intake warning (phones masked as in lists).
    pub fn open_cases_by_phone(&self, actor: i64, phone: &str) -> DeskResult<Vec<CaseRow>> {
        let sight = self.list_sight(&self.actor(actor)?)?;
        let Ok(phone) = crate::domain::case::normalize_phone(phone) else {
            return Ok(Vec::new());
        };
        Ok(cases::open_by_phone(self.store.db(), &phone, &self.open_statuses(), None)?.into_iter().map(|r| sight.row(r)).collect())
    }

    /// The case ids given (at least one, at most `max`), each a case that exists, once each and in
    /// order; `label` names them in the refusal, `too_many` says the limit, `rule` is the refusal's.
    fn existing_cases(&self, ids: &[i64], max: usize, label: &str, too_many: &str, rule: &str) -> DeskResult<Vec<i64>> {
        let mut ids: Vec<i64> = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Err(DeskError::required("case_ids", label));
        }
        if ids.len() > max {
            return Err(DeskError::invalid("case_ids", too_many).rule(rule));
        }
        for &id in &ids {
            if cases::number_of(self.store.db(), id)?.is_none() {
                return Err(DeskError::invalid("case_ids", format!("找不到编号为 {id} 的案件")).rule(rule));
            }
        }
        Ok(ids)
    }

    pub(crate) fn open_statuses(&self) -> Vec<String> {
        let mut s = self.lifecycle.statuses_of(StatusKind::Initial);
        s.extend(self.lifecycle.statuses_of(StatusKind::Active));
        s
    }

    /// A page of cases, with personal data masked as the setting says for the acting user.
    pub fn list_cases(&self, actor: i64, query: &CaseQuery) -> DeskResult<CasePage> {
        let sight = self.list_sight(&self.actor(actor)?)?;
        let mut page = cases::list(self.store.db(), query)?;
        page.rows = page.rows.into_iter().map(|r| sight.row(r)).collect();
        Ok(page)
    }

    fn load(&self, id: i64) -> DeskResult<Case> {
        cases::get(self.store.db(), id)?.ok_or_else(|| DeskError::not_found("该案件"))
    }

    pub fn case_id_by_number(&self, number: &str) -> DeskResult<i64> {
        cases::get_by_number(self.store.db(), number)?.map(|c| c.id).ok_or_else(|| DeskError::not_found(&format!("案件 {number}")))
    }

    /// The detail with its clocks as they stand at `now` (the desk never reads the clock itself).
    pub fn case_detail_at(&self, actor: i64, id: i64, now: DateTime<Utc>) -> DeskResult<CaseDetail> {
        let user = self.actor(actor)?;
        let case = self.load(id)?;
        self.detail_for(&user, case, now)
    }

    fn context<'a>(&self, case: &'a Case, user: &'a User, new_handler_name: Option<&'a str>) -> DeskResult<StepContext<'a>> {
        Ok(StepContext {
            profile: case.profile,
            status: &case.status,
            actor_id: user.id,
            actor_roles: &user.roles,
            handler_id: case.handler_id,
            staff_user_id: case.staff_user_id,
            staff_name: case.staff_name.as_deref(),
            new_handler_name,
            followup: self.followup_context(case.id)?,
        })
    }

    fn detail_for(&self, user: &User, case: Case, now: DateTime<Utc>) -> DeskResult<CaseDetail> {
        let conn = self.store.db();
        let actions = self.lifecycle.available(&self.context(&case, user, None)?);
        let name_of = |id: Option<i64>| -> DeskResult<Option<String>> {
            Ok(match id {
                Some(id) => users::get(conn, id)?.map(|u| u.display_name),
                None => None,
            })
        };
        let list_sight = self.list_sight(user)?;
        let open_same_phone = match &case.customer_phone {
            Some(p) => {
                cases::open_by_phone(conn, p, &self.open_statuses(), Some(case.id))?.into_iter().map(|r| list_sight.row(r)).collect()
            }
            None => Vec::new(),
        };
        let events = events::for_case(conn, case.id)?;
        let imported = crate::store::imports::of_case(conn, case.id)?;
        let (mut clocks, rule_pack) = self.deadlines().clocks_of(&case, &events, now);
        if imported.is_some() && !self.lifecycle.is_open(&case.status) {
            // A case the file brought in closed ran no clock here: its timeline has no steps
            // for the clocks to stop at, so they would read as years overdue.
            clocks.clear();
        }
        // The timeline is masked like the case: a correction's before and after values of a
        // phone, ID or policy number are not a way round `reveal_personal_data`.
        let events: Vec<_> = events.into_iter().map(|e| crate::domain::privacy::Sight::default().event(e)).collect();
        let correctable_fields = self.correctable_fields(user, &case);
        let extendable = self.lifecycle.is_open(&case.status) && clocks::extendable(&clocks, rule_pack.as_ref());
        let can_extend = holds_any(user, ESCALATE_ROLES) && extendable;
        let can_request_extension = extendable
            && (user.roles.contains(&Role::Supervisor) || (user.roles.contains(&Role::Handler) && case.handler_id == Some(user.id)));
        let pending_extension = clocks::pending_extension(&events);
        let full_sight = self.detail_sight(user)?.any();
        Ok(CaseDetail {
            clocks,
            rule_pack,
            can_extend,
            can_request_extension,
            pending_extension,
            events,
            actions,
            handler_name: name_of(case.handler_id)?,
            registered_by_name: name_of(Some(case.registered_by))?,
            open_cases_same_phone: open_same_phone,
            attachments: attachments::for_case(conn, case.id)?,
            can_note: holds_any(user, NOTE_ROLES),
            can_record_handling: self.handling_role(user, &case).is_ok(),
            can_escalate: holds_any(user, ESCALATE_ROLES),
            can_attach: holds_any(user, NOTE_ROLES),
            followup: self.case_followup(user, &case)?,
            can_reveal_personal_data: full_sight,
            can_correct: !correctable_fields.is_empty(),
            correctable_fields,
            imported: imported.map(|mut from| {
                if !full_sight {
                    from.original = None;
                }
                from
            }),
            // The detail shows personal data masked; the full values come from
            // `reveal_personal_data`, which records who looked.
            case: crate::domain::privacy::Sight::default().case(case),
        })
    }

    /// Takes one lifecycle step (and any automatic step that follows it) in one transaction.
    #[instrument(skip_all, fields(actor, case_id = id, action = %input.action))]
    pub fn move_case(&self, actor: i64, id: i64, input: &MoveInput, given: DateTime<Utc>) -> DeskResult<CaseDetail> {
        let user = self.actor(actor)?;
        let (saved, now) = self.take_step(&user, id, input, given)?;
        self.detail_for(&user, saved, now)
    }

    /// `move_case` without the detail: every rule of a step, its one transaction, its events.
    /// The batch (`move_cases`) takes each of its steps through here, so one case at a time
    /// and many at once are judged alike. Gives the case as saved and the instant it was stepped at.
    fn take_step(&self, user: &User, id: i64, input: &MoveInput, given: DateTime<Utc>) -> DeskResult<(Case, DateTime<Utc>)> {
        let now = self.not_before_last_event(id, given)?;
        let case = self.load(id)?;
        if let Some(v) = input.expected_version {
            if v != case.version {
                return Err(DeskError::new(ErrorCode::Conflict, "案件已被他人修改，请刷新后再操作").rule("version"));
            }
        }
        let fields = &input.fields;
        let new_handler = match fields.handler_id {
            Some(h) => Some(
                users::get(self.store.db(), h)?
                    .ok_or_else(|| DeskError::invalid("handler_id", "所选处理人不存在").rule("handler_id.known"))?,
            ),
            None => None,
        };
        let allowed = self.lifecycle.check(
            &self.context(&case, &user, new_handler.as_ref().map(|u| u.display_name.as_str()))?,
            &input.action,
            fields,
        )?;
        let t = allowed.transition;
        if let Some(h) = &new_handler {
            if t.requires.contains(&crate::domain::lifecycle::StepField::HandlerId) && (!h.active || !h.roles.contains(&Role::Handler)) {
                return Err(DeskError::invalid("handler_id", format!("{} 不是启用中的处理人", h.display_name)).rule("handler_id.role"));
            }
        }
        let tree = Classification::for_profile(case.profile);
        if let Some(d) = fields.department.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            if !tree.departments.iter().any(|x| x == d) {
                return Err(DeskError::invalid("department", format!("“{d}”不是本机构的部门")).rule("department.known"));
            }
        }
        if let Some(code) = fields.root_cause_code.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            if !tree.has_root_cause(code) {
                return Err(DeskError::invalid("root_cause_code", "未知的根本原因代码").rule("root_cause_code.known"));
            }
        }
        let after = step::apply(&case, t, fields, now);
        let (before_v, after_v) = step::diff(&case, &after);
        let details = events::note_clock_adjusted(step::details(t, fields), given, now);
        let note = fields.reason.clone().or_else(|| fields.review_decision.clone()).or_else(|| fields.comment.clone());
        let auto = self.lifecycle.auto_from(&after.status, case.profile).cloned();
        let role = allowed.role;
        let action = t.action.clone();
        let saved = self.store.write(|tx| {
            let mut saved = cases::save(tx, &after, case.version)?;
            events::append(
                tx,
                &NewEvent {
                    action: Some(&action),
                    from_status: Some(&case.status),
                    to_status: Some(&saved.status),
                    before: before_v.clone(),
                    after: after_v.clone(),
                    details: details.clone(),
                    note: note.as_deref(),
                    ..NewEvent::new(id, now, Some(user.id), role, EventKind::Transition)
                },
            )?;
            if let Some(auto) = &auto {
                let next = step::apply(&saved, auto, &Default::default(), now);
                let (b, a) = step::diff(&saved, &next);
                let from = saved.status.clone();
                let version = saved.version;
                saved = cases::save(tx, &next, version)?;
                events::append(
                    tx,
                    &NewEvent {
                        action: Some(&auto.action),
                        from_status: Some(&from),
                        to_status: Some(&saved.status),
                        before: b,
                        after: a,
                        ..NewEvent::new(id, now, None, Role::System, EventKind::Transition)
                    },
                )?;
            }
            followups::sync(&*self.deadlines(), tx, &case, &saved, &action, now)?;
            if t.stamp == Some(crate::domain::lifecycle::Stamp::RespondedAt) {
                let on_time = self.deadlines().response_on_time(tx, id, now)?;
                cases::set_responded_on_time(tx, id, on_time)?;
                saved.responded_on_time = on_time;
            }
            self.deadlines().refresh_due(&self.lifecycle, tx, id, now)?;
            Ok(saved)
        })?;
        tracing::info!(case_id = id, status = %saved.status, "case moved");
        Ok((saved, now))
    }

    /// The role in which `user` may record a handling action on `case`: a supervisor on any open
    /// case, a handler on an open case assigned to them.
    fn handling_role(&self, user: &User, case: &Case) -> DeskResult<Role> {
        if !self.lifecycle.is_open(&case.status) {
            return Err(DeskError::new(ErrorCode::TransitionNotAllowed, "案件已结束，不能再记录处理过程").rule("handling.open_only"));
        }
        if user.roles.contains(&Role::Supervisor) {
            return Ok(Role::Supervisor);
        }
        if user.roles.contains(&Role::Handler) {
            return if case.handler_id == Some(user.id) {
                Ok(Role::Handler)
            } else {
                Err(DeskError::new(ErrorCode::NotAssignee, "只有本案的处理人才能记录处理过程").rule("handling.assignee_only"))
            };
        }
        acting_role(user, HANDLING_ROLES, "记录处理过程")
    }

    /// A timeline entry written by hand: a note (internal or not), a contact with the customer,
    /// or a handling action (investigation, site visit, referral).
    #[instrument(skip_all, fields(actor, case_id = id))]
    pub fn add_note(&self, actor: i64, id: i64, input: &NoteInput, now: DateTime<Utc>) -> DeskResult<CaseDetail> {
        let user = self.actor(actor)?;
        let case = self.load(id)?;
        let kind = input.kind.unwrap_or_default();
        let role = if kind.is_handling() { self.handling_role(&user, &case)? } else { acting_role(&user, NOTE_ROLES, "添加记录")? };
        let text = input.text.trim();
        if text.is_empty() {
            return Err(DeskError::required("text", "记录内容"));
        }
        crate::domain::case::check_text("text", "记录内容", text, crate::domain::case::MAX_DESCRIPTION)?;
        let mut details = serde_json::Map::new();
        if kind == EntryKind::Contact {
            let method = input.contact_method.ok_or_else(|| DeskError::required("contact_method", "联系方式"))?;
            details.insert("contact_method".into(), serde_json::json!(method));
        }
        if kind == EntryKind::Referral {
            let dept = input.department.as_deref().map(str::trim).filter(|d| !d.is_empty());
            let dept = dept.ok_or_else(|| DeskError::required("department", "转交部门"))?;
            if !Classification::for_profile(case.profile).departments.iter().any(|d| d == dept) {
                return Err(DeskError::invalid("department", format!("“{dept}”不是本机构的部门")).rule("department.known"));
            }
            details.insert("department".into(), serde_json::json!(dept));
        }
        let event_kind = match kind {
            EntryKind::Note => EventKind::Note,
            EntryKind::Contact => EventKind::Contact,
            _ => EventKind::Handling,
        };
        let internal = input.internal && kind != EntryKind::Contact;
        self.store.write(|tx| {
            events::append(
                tx,
                &NewEvent {
                    action: (kind != EntryKind::Note).then_some(kind.code()),
                    details: (!details.is_empty()).then_some(serde_json::Value::Object(details.clone())),
                    note: Some(text),
                    internal,
                    ..NewEvent::new(id, now, Some(user.id), role, event_kind)
                },
            )?;
            self.deadlines().refresh_due(&self.lifecycle, tx, id, now)
        })?;
        self.detail_for(&user, case, now)
    }

    /// Keeps a file with the case (stored once by its content hash) and notes it on the timeline.
    #[instrument(skip_all, fields(actor, case_id = id, size = bytes.len()))]
    pub fn add_attachment(&self, actor: i64, id: i64, name: &str, bytes: &[u8], now: DateTime<Utc>) -> DeskResult<CaseDetail> {
        let user = self.actor(actor)?;
        let role = acting_role(&user, NOTE_ROLES, "添加附件")?;
        let name = check_attachment_name(name)?;
        if bytes.len() > MAX_ATTACHMENT_BYTES {
            return Err(
                DeskError::invalid("file", format!("附件不能超过 {} MB", MAX_ATTACHMENT_BYTES / 1024 / 1024)).rule("attachment.max_size")
            );
        }
        let case = self.load(id)?;
        // The bytes are kept before the row that names them is committed.
        let sha256 = self.store.put_file(bytes)?;
        let size = bytes.len() as i64;
        self.store.write(|tx| {
            let attachment_id = attachments::insert(tx, id, &sha256, &name, size, user.id, now)?;
            events::append(
                tx,
                &NewEvent {
                    after: Some(serde_json::json!({ "attachment_id": attachment_id, "name": name, "size": size })),
                    ..NewEvent::new(id, now, Some(user.id), role, EventKind::Attachment)
                },
            )
        })?;
        self.detail_for(&user, case, now)
    }

    /// An attachment's name and bytes, for saving or opening.
    pub fn read_attachment(&self, actor: i64, attachment_id: i64) -> DeskResult<(Attachment, Vec<u8>)> {
        self.actor(actor)?;
        let a = attachments::get(self.store.db(), attachment_id)?.ok_or_else(|| DeskError::not_found("该附件"))?;
        let bytes = self.store.read_file(&a.sha256)?;
        Ok((a, bytes))
    }

    /// Sets the escalation level (0–3), by hand, with a reason on the timeline.
    #[instrument(skip_all, fields(actor, case_id = id, level = input.level))]
    pub fn escalate(&self, actor: i64, id: i64, input: &EscalateInput, now: DateTime<Utc>) -> DeskResult<CaseDetail> {
        let user = self.actor(actor)?;
        let role = acting_role(&user, ESCALATE_ROLES, "调整升级级别")?;
        if input.level > 3 {
            return Err(DeskError::invalid("level", "升级级别应为 0 到 3").rule("escalation.range"));
        }
        let reason = clean(&input.reason, "reason", "原因", 2000)?;
        let case = self.load(id)?;
        if !self.lifecycle.is_open(&case.status) {
            return Err(DeskError::new(ErrorCode::TransitionNotAllowed, "已结束的案件不能调整升级级别").rule("escalation.open_only"));
        }
        let mut after = case.clone();
        after.escalation = input.level;
        after.updated_at = now;
        let (b, a) = step::diff(&case, &after);
        let saved = self.store.write(|tx| {
            let saved = cases::save(tx, &after, case.version)?;
            events::append(
                tx,
                &NewEvent {
                    before: b.clone(),
                    after: a.clone(),
                    note: Some(&reason),
                    ..NewEvent::new(id, now, Some(user.id), role, EventKind::Escalation)
                },
            )?;
            Ok(saved)
        })?;
        self.detail_for(&user, saved, now)
    }

    /// The work queues of the user's roles, each a saved filter with its count.
    ///
    /// 即将到期 (`<role>.due_soon`): the cases of the user's concern whose clocks have used 75%
    /// or 90% of their time and are not yet breached: all open cases for a supervisor, else the
    /// handler's own cases being handled, the cases waiting for a follow-up call, the cases under
    /// review. A supervisor's queue covers the others, which are then left out; the others never
    /// share a status. So one user's due-soon queues never overlap, and the menu's badge is the
    /// sum of their counts.
    pub fn my_work(&self, actor: i64, now: DateTime<Utc>) -> DeskResult<Vec<WorkQueue>> {
        let user = self.actor(actor)?;
        let sees_all = user.roles.contains(&Role::Supervisor);
        let due_soon = |role: Role, handler: Option<i64>, statuses: Vec<String>| {
            (
                format!("{}.due_soon", role.code()),
                role,
                CaseQuery {
                    handler_id: handler,
                    statuses: Some(statuses),
                    due_states: Some(vec![DueState::Warning]),
                    sort: Some(SortKey::DueAt),
                    descending: Some(false),
                    ..Default::default()
                },
            )
        };
        let strings = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let today = now.with_timezone(&desk_zone()).date_naive();
        let statuses = |s: &[&str]| Some(s.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        let mut queues: Vec<(String, Role, CaseQuery)> = Vec::new();
        let end_of = |days: i64| {
            let day = today + chrono::Duration::days(days + 1);
            day.and_hms_opt(0, 0, 0).and_then(|t| t.and_local_timezone(desk_zone()).single()).map(|t| t.with_timezone(&Utc))
        };
        let running = || Some(vec![DueState::Running, DueState::Warning]);
        // Deadline queues: overdue, due today, due within three days; a handler's own cases only.
        let deadline_queues = |prefix: &str, role: Role, handler: Option<i64>| -> Vec<(String, Role, CaseQuery)> {
            let open = Some(self.open_statuses());
            vec![
                (
                    format!("{prefix}.overdue"),
                    role,
                    CaseQuery {
                        handler_id: handler,
                        statuses: open.clone(),
                        due_states: Some(vec![DueState::Breached]),
                        sort: Some(SortKey::DueAt),
                        descending: Some(false),
                        ..Default::default()
                    },
                ),
                (
                    format!("{prefix}.due_today"),
                    role,
                    CaseQuery {
                        handler_id: handler,
                        statuses: open.clone(),
                        due_states: running(),
                        due_before: end_of(0),
                        sort: Some(SortKey::DueAt),
                        descending: Some(false),
                        ..Default::default()
                    },
                ),
                (
                    format!("{prefix}.due_3_days"),
                    role,
                    CaseQuery {
                        handler_id: handler,
                        statuses: open,
                        due_states: running(),
                        due_before: end_of(3),
                        sort: Some(SortKey::DueAt),
                        descending: Some(false),
                        ..Default::default()
                    },
                ),
            ]
        };
        for role in &user.roles {
            match role {
                Role::Clerk => {
                    queues.push((
                        "clerk.registered_today".into(),
                        *role,
                        CaseQuery { registered_by: Some(user.id), from: Some(today), ..Default::default() },
                    ));
                    queues.push(("clerk.to_accept".into(), *role, CaseQuery { statuses: statuses(&["registered"]), ..Default::default() }));
                }
                Role::Supervisor => {
                    queues.push((
                        "supervisor.to_accept".into(),
                        *role,
                        CaseQuery { statuses: statuses(&["registered"]), ..Default::default() },
                    ));
                    queues.push((
                        "supervisor.to_assign".into(),
                        *role,
                        CaseQuery { statuses: statuses(&["accepted", "reopened"]), ..Default::default() },
                    ));
                    queues.push(("supervisor.on_hold".into(), *role, CaseQuery { statuses: statuses(&["on_hold"]), ..Default::default() }));
                    let mut deadlines = deadline_queues("supervisor", *role, None);
                    deadlines.insert(1, due_soon(*role, None, self.open_statuses()));
                    queues.extend(deadlines);
                }
                Role::Handler => {
                    queues.push((
                        "handler.mine".into(),
                        *role,
                        CaseQuery { handler_id: Some(user.id), statuses: statuses(&HANDLER_STATUSES), ..Default::default() },
                    ));
                    let mut deadlines = deadline_queues("handler", *role, Some(user.id));
                    if !sees_all {
                        deadlines.insert(1, due_soon(*role, Some(user.id), strings(&HANDLER_STATUSES)));
                    }
                    queues.extend(deadlines);
                }
                Role::Followup => {
                    queues.push((
                        "followup.due".into(),
                        *role,
                        CaseQuery { statuses: statuses(&["awaiting_followup"]), ..Default::default() },
                    ));
                    if !sees_all {
                        queues.push(due_soon(*role, None, strings(&["awaiting_followup"])));
                    }
                }
                Role::Compliance => {
                    queues.push((
                        "compliance.reviews".into(),
                        *role,
                        CaseQuery { statuses: statuses(&["under_review"]), ..Default::default() },
                    ));
                    if !sees_all {
                        queues.push(due_soon(*role, None, strings(&["under_review"])));
                    }
                }
                Role::Admin | Role::System => {}
            }
        }
        let mut out: Vec<WorkQueue> = Vec::new();
        for (key, role, query) in queues {
            if out.iter().any(|q| q.query == query) {
                continue;
            }
            let count = cases::count(self.store.db(), &query)?;
            out.push(WorkQueue { key, role, query, count });
        }
        Ok(out)
    }

    /// Full integrity check and counts, for `db check` and the admin; also whether the kept KPI
    /// sums agree with a recount of the cases.
    pub fn check_db(&self) -> DeskResult<DbCheck> {
        let mut check = match self.store.with_shared(|s| s.check()) {
            Some(checked) => checked?,
            None => {
                let integrity = self.store.file_store("文件完整性检查")?.check(true)?;
                let conn = self.store.db();
                DbCheck {
                    ok: integrity == "ok",
                    integrity,
                    schema_version: self.store.schema_version()?.min(SCHEMA_VERSION),
                    cases: cases::count(conn, &CaseQuery::default())?,
                    events: events::count(conn)?,
                    path: self.store.place(),
                    figures: Vec::new(),
                }
            }
        };
        check.figures = crate::store::rollup::check(self.store.db())?;
        check.ok &= check.figures.is_empty();
        Ok(check)
    }

    /// Makes the kept KPI sums again from the cases (`db rebuild-figures`, admin), in one
    /// transaction; how many groups there are.
    #[instrument(skip_all, fields(actor))]
    pub fn rebuild_figures(&self, actor: i64) -> DeskResult<u64> {
        acting_role(&self.actor(actor)?, &[Role::Admin], "重算统计")?;
        self.store.write(|tx| crate::store::rollup::rebuild(tx))
    }
}
