//! Cases: insert with a readable number, read, save with a version check, list, search.
use chrono::{Duration, NaiveTime, TimeZone};

use super::db::{Db, Dialect, Row as DbRow, Value};
use super::{from_ms, search, to_ms};
use crate::domain::case::{desk_zone, format_number, number_prefix, number_year, Case, CasePage, CaseQuery, CaseRow, NewCase, SortKey};
use crate::domain::deadline::feed::{DueState, DueSummary};
use crate::domain::types::{CaseKind, Channel, Claim, Mood, Profile, Referral, Severity, Urgency};
use crate::domain::{DeskError, DeskResult, ErrorCode};

pub const MAX_PAGE_SIZE: u32 = 200;

fn unknown(column: &str, value: &str) -> DeskError {
    DeskError::storage(format!("案件的 {column} 不认识：{value}"))
}

/// A vocabulary column (kind, channel, …) read through the seam.
fn code<T>(r: &DbRow, column: &str, parse: fn(&str) -> Option<T>) -> DeskResult<T> {
    let value = r.text(column)?;
    parse(&value).ok_or_else(|| unknown(column, &value))
}

fn read_case(r: &DbRow) -> DeskResult<Case> {
    Ok(Case {
        id: r.int("id")?,
        number: r.text("number")?,
        kind: code(r, "kind", CaseKind::parse)?,
        profile: code(r, "profile", Profile::parse)?,
        status: r.text("status")?,
        escalation: u8::try_from(r.int("escalation")?).map_err(|_| unknown("escalation", "out of range"))?,
        customer_name: r.opt_text("customer_name")?,
        customer_phone: r.opt_text("customer_phone")?,
        customer_id_number: r.opt_text("customer_id_number")?,
        customer_org: r.opt_text("customer_org")?,
        channel: code(r, "channel", Channel::parse)?,
        regulator_name: r.opt_text("regulator_name")?,
        regulator_received_at: r.opt_int("regulator_received_at")?.map(from_ms),
        received_at: from_ms(r.int("received_at")?),
        registered_at: from_ms(r.int("registered_at")?),
        registered_by: r.int("registered_by")?,
        subject: r.text("subject")?,
        description: r.text("description")?,
        claim: code(r, "claim", Claim::parse)?,
        claim_detail: r.opt_text("claim_detail")?,
        category: r.text("category")?,
        subcategory: r.opt_text("subcategory")?,
        severity: code(r, "severity", Severity::parse)?,
        urgency: code(r, "urgency", Urgency::parse)?,
        mood: code(r, "mood", Mood::parse)?,
        business_line: r.opt_text("business_line")?,
        product: r.opt_text("product")?,
        policy_number: r.opt_text("policy_number")?,
        cause_channel: r.opt_text("cause_channel")?,
        cause_business: r.opt_text("cause_business")?,
        cause_reason: r.opt_text("cause_reason")?,
        project: r.opt_text("project")?,
        building: r.opt_text("building")?,
        unit: r.opt_text("unit")?,
        referral: r.opt_text("referral")?.map(|s| Referral::parse(&s).ok_or_else(|| unknown("referral", &s))).transpose()?,
        staff_user_id: r.opt_int("staff_user_id")?,
        staff_name: r.opt_text("staff_name")?,
        department: r.opt_text("department")?,
        handler_id: r.opt_int("handler_id")?,
        facts: r.opt_text("facts")?,
        decision_basis: r.opt_text("decision_basis")?,
        outcome: r.opt_text("outcome")?,
        remedy: r.opt_text("remedy")?,
        compensation_cents: r.opt_int("compensation_cents")?,
        staff_minutes: r.opt_int("staff_minutes")?,
        root_cause_code: r.opt_text("root_cause_code")?,
        root_cause_text: r.opt_text("root_cause_text")?,
        improvement: r.opt_text("improvement")?,
        satisfaction: r.opt_int("satisfaction")?,
        solved: r.opt_bool("solved")?,
        accepted_at: r.opt_int("accepted_at")?.map(from_ms),
        assigned_at: r.opt_int("assigned_at")?.map(from_ms),
        responded_at: r.opt_int("responded_at")?.map(from_ms),
        closed_at: r.opt_int("closed_at")?.map(from_ms),
        updated_at: from_ms(r.int("updated_at")?),
        version: r.int("version")?,
        rule_pack: r.opt_text("rule_pack")?,
        due_at: r.opt_int("due_at")?.map(from_ms),
        due_state: r.opt_text("due_state")?.and_then(|s| DueState::parse(&s)),
        followup_complex: r.bool("followup_complex")?,
        repeat_complainant: r.bool("repeat_complainant")?,
        responded_on_time: r.opt_bool("responded_on_time")?,
    })
}

/// The next case number of `kind` in `year`, taken in the case's own write: the counter row is
/// changed (and so locked) until it commits, so desks registering at once on a shared store get
/// consecutive numbers, and a rolled-back registration gives its number back. A year's first
/// case creates the row; two desks doing that at once collide on its key, and the loser's write
/// runs again and finds it (`pg::PgStore::write`).
pub fn next_number(db: &(impl Db + ?Sized), kind: CaseKind, year: i32) -> DeskResult<String> {
    let args = [number_prefix(kind).into(), i64::from(year).into()];
    let updated = db.row("UPDATE case_counters SET last = last + 1 WHERE prefix = ?1 AND year = ?2 RETURNING last", &args)?;
    let seq = match updated {
        Some(r) => r.int("last")?,
        None => {
            db.exec("INSERT INTO case_counters (prefix, year, last) VALUES (?1, ?2, 1)", &args)?;
            1
        }
    };
    Ok(format_number(kind, year, seq))
}

/// The fields a search looks in.
fn search_parts(c: &Case) -> [&str; 7] {
    [
        &c.number,
        &c.subject,
        &c.description,
        c.customer_name.as_deref().unwrap_or(""),
        c.customer_phone.as_deref().unwrap_or(""),
        c.project.as_deref().unwrap_or(""),
        c.policy_number.as_deref().unwrap_or(""),
    ]
}

fn search_body(c: &Case) -> String {
    search::index_text(&search_parts(c))
}

/// Writes the search entry of the case `id` again, from its fields (a case moved in from
/// another store).
pub fn reindex_by_id(db: &(impl Db + ?Sized), id: i64) -> DeskResult<()> {
    let case = get(db, id)?.ok_or_else(|| DeskError::not_found("该案件"))?;
    reindex(db, &case)
}

/// The case's entry in the search index: FTS5's text on SQLite, a tsvector on PostgreSQL, made
/// of the same words (`search`).
fn reindex(db: &(impl Db + ?Sized), c: &Case) -> DeskResult<()> {
    match db.dialect() {
        Dialect::Sqlite => {
            db.exec("DELETE FROM case_search WHERE rowid = ?1", &[c.id.into()])?;
            db.exec("INSERT INTO case_search (rowid, body) VALUES (?1, ?2)", &[c.id.into(), search_body(c).into()])?;
        }
        Dialect::Postgres => {
            db.exec("DELETE FROM case_search WHERE case_id = ?1", &[c.id.into()])?;
            let words = search::index_words(&search_parts(c)).join(" ");
            db.exec("INSERT INTO case_search (case_id, body) VALUES (?1, array_to_tsvector(string_to_array(?2, ' ')))", &[c.id.into(), words.into()])?;
        }
    }
    Ok(())
}

/// Stores a new case in its initial status and returns it with its number.
pub fn insert(db: &(impl Db + ?Sized), new: &NewCase, status: &str, registered_by: i64, now: chrono::DateTime<chrono::Utc>) -> DeskResult<Case> {
    let number = next_number(db, new.kind, number_year(now))?;
    let i = &new.input;
    let id = db
        .row(
            "INSERT INTO cases (number, kind, profile, status, customer_name, customer_phone, customer_id_number,
                customer_org, channel, regulator_name, regulator_received_at, received_at, registered_at, registered_by,
                subject, description, claim, claim_detail, category, subcategory, severity, urgency, mood,
                business_line, product, policy_number, cause_channel, cause_business, cause_reason,
                project, building, unit, referral, staff_user_id, staff_name, rule_pack, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?13)
             RETURNING id",
            &[
                number.into(),
                new.kind.code().into(),
                new.profile.code().into(),
                status.into(),
                i.customer_name.clone().into(),
                i.customer_phone.clone().into(),
                i.customer_id_number.clone().into(),
                i.customer_org.clone().into(),
                new.channel.code().into(),
                i.regulator_name.clone().into(),
                i.regulator_received_at.map(to_ms).into(),
                to_ms(new.received_at).into(),
                to_ms(now).into(),
                registered_by.into(),
                new.subject.clone().into(),
                new.description.clone().into(),
                new.claim.code().into(),
                i.claim_detail.clone().into(),
                new.category.clone().into(),
                i.subcategory.clone().into(),
                new.severity.code().into(),
                new.urgency.code().into(),
                new.mood.code().into(),
                i.business_line.clone().into(),
                i.product.clone().into(),
                i.policy_number.clone().into(),
                i.cause_channel.clone().into(),
                i.cause_business.clone().into(),
                i.cause_reason.clone().into(),
                i.project.clone().into(),
                i.building.clone().into(),
                i.unit.clone().into(),
                i.referral.map(|r| r.code()).into(),
                i.staff_user_id.into(),
                i.staff_name.clone().into(),
                i.rule_pack.clone().into(),
            ],
        )?
        .ok_or_else(|| DeskError::storage("新案件保存后读不到"))?
        .int("id")?;
    let case = get(db, id)?.ok_or_else(|| DeskError::storage("新案件保存后读不到"))?;
    reindex(db, &case)?;
    Ok(case)
}

pub fn get(db: &(impl Db + ?Sized), id: i64) -> DeskResult<Option<Case>> {
    db.row("SELECT * FROM cases WHERE id = ?1", &[id.into()])?.map(|r| read_case(&r)).transpose()
}

/// Only the case's number (a damaged field elsewhere in its row does not stop it being named);
/// None when there is no such case or its number is not readable text.
pub fn number_of(db: &(impl Db + ?Sized), id: i64) -> DeskResult<Option<String>> {
    Ok(db.row("SELECT number FROM cases WHERE id = ?1", &[id.into()])?.and_then(|r| r.text("number").ok()))
}

pub fn get_by_number(db: &(impl Db + ?Sized), number: &str) -> DeskResult<Option<Case>> {
    db.row("SELECT * FROM cases WHERE number = ?1", &[number.into()])?.map(|r| read_case(&r)).transpose()
}

/// Writes the case's changeable fields if nobody changed it since `expected_version`; bumps the version.
pub fn save(db: &(impl Db + ?Sized), c: &Case, expected_version: i64) -> DeskResult<Case> {
    let n = db.exec(
        "UPDATE cases SET status = ?2, escalation = ?3, department = ?4, handler_id = ?5, facts = ?6,
            decision_basis = ?7, outcome = ?8, remedy = ?9, compensation_cents = ?10, staff_minutes = ?11,
            root_cause_code = ?12, root_cause_text = ?13, improvement = ?14, satisfaction = ?15, solved = ?16,
            accepted_at = ?17, assigned_at = ?18, responded_at = ?19, closed_at = ?20, updated_at = ?21,
            followup_complex = ?23, version = version + 1
         WHERE id = ?1 AND version = ?22",
        &[
            c.id.into(),
            c.status.clone().into(),
            i64::from(c.escalation).into(),
            c.department.clone().into(),
            c.handler_id.into(),
            c.facts.clone().into(),
            c.decision_basis.clone().into(),
            c.outcome.clone().into(),
            c.remedy.clone().into(),
            c.compensation_cents.into(),
            c.staff_minutes.into(),
            c.root_cause_code.clone().into(),
            c.root_cause_text.clone().into(),
            c.improvement.clone().into(),
            c.satisfaction.into(),
            c.solved.into(),
            c.accepted_at.map(to_ms).into(),
            c.assigned_at.map(to_ms).into(),
            c.responded_at.map(to_ms).into(),
            c.closed_at.map(to_ms).into(),
            to_ms(c.updated_at).into(),
            expected_version.into(),
            c.followup_complex.into(),
        ],
    )?;
    if n == 0 {
        return Err(DeskError::new(ErrorCode::Conflict, "案件已被他人修改，请刷新后再操作").rule("version"));
    }
    get(db, c.id)?.ok_or_else(|| DeskError::not_found("该案件"))
}

/// Writes a corrected case (the intake fields and the findings a correction may change) if
/// nobody changed it since `expected_version`; bumps the version and re-indexes its text, so a
/// search finds the corrected name, phone, project or policy number and no longer the old one.
pub fn correct(db: &(impl Db + ?Sized), c: &Case, expected_version: i64) -> DeskResult<Case> {
    let n = db.exec(
        "UPDATE cases SET customer_name = ?2, customer_phone = ?3, customer_id_number = ?4, channel = ?5,
            regulator_name = ?6, regulator_received_at = ?7, received_at = ?8, category = ?9, subcategory = ?10,
            business_line = ?11, product = ?12, policy_number = ?13, cause_channel = ?14, cause_business = ?15,
            cause_reason = ?16, project = ?17, building = ?18, unit = ?19, staff_user_id = ?20, staff_name = ?21,
            rule_pack = ?22, facts = ?23, decision_basis = ?24, outcome = ?25, remedy = ?26,
            compensation_cents = ?27, staff_minutes = ?28, root_cause_code = ?29, root_cause_text = ?30,
            improvement = ?31, updated_at = ?32, version = version + 1
         WHERE id = ?1 AND version = ?33",
        &[
            c.id.into(),
            c.customer_name.clone().into(),
            c.customer_phone.clone().into(),
            c.customer_id_number.clone().into(),
            c.channel.code().into(),
            c.regulator_name.clone().into(),
            c.regulator_received_at.map(to_ms).into(),
            to_ms(c.received_at).into(),
            c.category.clone().into(),
            c.subcategory.clone().into(),
            c.business_line.clone().into(),
            c.product.clone().into(),
            c.policy_number.clone().into(),
            c.cause_channel.clone().into(),
            c.cause_business.clone().into(),
            c.cause_reason.clone().into(),
            c.project.clone().into(),
            c.building.clone().into(),
            c.unit.clone().into(),
            c.staff_user_id.into(),
            c.staff_name.clone().into(),
            c.rule_pack.clone().into(),
            c.facts.clone().into(),
            c.decision_basis.clone().into(),
            c.outcome.clone().into(),
            c.remedy.clone().into(),
            c.compensation_cents.into(),
            c.staff_minutes.into(),
            c.root_cause_code.clone().into(),
            c.root_cause_text.clone().into(),
            c.improvement.clone().into(),
            to_ms(c.updated_at).into(),
            expected_version.into(),
        ],
    )?;
    if n == 0 {
        return Err(DeskError::new(ErrorCode::Conflict, "案件已被他人修改，请刷新后再操作").rule("version"));
    }
    let saved = get(db, c.id)?.ok_or_else(|| DeskError::not_found("该案件"))?;
    reindex(db, &saved)?;
    Ok(saved)
}

pub(crate) const ROW_COLUMNS: &str = "c.id, c.number, c.kind, c.status, c.subject, c.customer_name, c.customer_phone, c.channel,
    c.category, c.urgency, c.escalation, c.received_at, c.updated_at, c.department, c.project, c.building, c.handler_id,
    u.display_name AS handler_name, c.due_at, c.due_state, c.due_estimated";

pub(crate) fn read_row(r: &DbRow) -> DeskResult<CaseRow> {
    Ok(CaseRow {
        id: r.int("id")?,
        number: r.text("number")?,
        kind: code(r, "kind", CaseKind::parse)?,
        status: r.text("status")?,
        subject: r.text("subject")?,
        customer_name: r.opt_text("customer_name")?,
        customer_phone: r.opt_text("customer_phone")?,
        channel: code(r, "channel", Channel::parse)?,
        category: r.text("category")?,
        urgency: code(r, "urgency", Urgency::parse)?,
        escalation: u8::try_from(r.int("escalation")?).map_err(|_| unknown("escalation", "out of range"))?,
        received_at: from_ms(r.int("received_at")?),
        updated_at: from_ms(r.int("updated_at")?),
        department: r.opt_text("department")?,
        project: r.opt_text("project")?,
        building: r.opt_text("building")?,
        handler_id: r.opt_int("handler_id")?,
        handler_name: r.opt_text("handler_name")?,
        due_at: r.opt_int("due_at")?.map(from_ms),
        due_state: r.opt_text("due_state")?.and_then(|s| DueState::parse(&s)),
        due_estimated: r.opt_bool("due_estimated")?.unwrap_or(false),
    })
}

/// Start of a local calendar day as UTC milliseconds.
fn local_day_ms(day: chrono::NaiveDate) -> i64 {
    let local = day.and_time(NaiveTime::MIN);
    desk_zone().from_local_datetime(&local).single().map(|t| t.timestamp_millis()).unwrap_or(0)
}

/// Each filter of a query but its statuses and its text, as a condition on alias `c` with its
/// parameters.
fn conditions(q: &CaseQuery) -> Vec<(String, Vec<Value>)> {
    let mut out: Vec<(String, Vec<Value>)> = Vec::new();
    if let Some(cat) = q.category.as_ref().filter(|s| !s.is_empty()) {
        out.push(("c.category = ?".into(), vec![Value::Text(cat.clone())]));
    }
    if let Some(ch) = q.channel {
        out.push(("c.channel = ?".into(), vec![Value::Text(ch.code().into())]));
    }
    if let Some(kind) = q.kind {
        out.push(("c.kind = ?".into(), vec![Value::Text(kind.code().into())]));
    }
    if let Some(from) = q.from {
        out.push(("c.received_at >= ?".into(), vec![Value::Int(local_day_ms(from))]));
    }
    if let Some(to) = q.to {
        out.push(("c.received_at < ?".into(), vec![Value::Int(local_day_ms(to) + Duration::days(1).num_milliseconds())]));
    }
    if let Some(h) = q.handler_id {
        out.push(("c.handler_id = ?".into(), vec![Value::Int(h)]));
    }
    if let Some(by) = q.registered_by {
        out.push(("c.registered_by = ?".into(), vec![Value::Int(by)]));
    }
    if let Some(p) = q.project.as_ref().filter(|s| !s.is_empty()) {
        out.push(("c.project = ?".into(), vec![Value::Text(p.clone())]));
    }
    if let Some(d) = q.department.as_ref().filter(|s| !s.is_empty()) {
        out.push(("c.department = ?".into(), vec![Value::Text(d.clone())]));
    }
    if let Some(cause) = q.root_cause.as_ref().filter(|s| !s.is_empty()) {
        out.push(("c.root_cause_code = ?".into(), vec![Value::Text(cause.clone())]));
    }
    if q.repeat_only == Some(true) {
        out.push(("c.repeat_complainant = 1".into(), Vec::new()));
    }
    if let Some(states) = q.due_states.as_ref().filter(|s| !s.is_empty()) {
        let marks = vec!["?"; states.len()].join(", ");
        out.push((format!("c.due_state IN ({marks})"), states.iter().map(|s| Value::Text(s.code().into())).collect()));
    }
    if let Some(before) = q.due_before {
        out.push(("c.due_at < ?".into(), vec![Value::Int(to_ms(before))]));
    }
    if let Some(ids) = &q.ids {
        if ids.is_empty() {
            out.push(("1 = 0".into(), Vec::new()));
        } else {
            let marks = vec!["?"; ids.len()].join(", ");
            out.push((format!("c.id IN ({marks})"), ids.iter().map(|id| Value::Int(*id)).collect()));
        }
    }
    out
}

/// The statuses a query asks for, if it narrows them.
fn statuses_of(q: &CaseQuery) -> Option<&[String]> {
    q.statuses.as_deref().filter(|s| !s.is_empty())
}

/// The condition on `c.status` for `statuses`.
fn status_condition(statuses: &[String]) -> (String, Vec<Value>) {
    match statuses {
        [one] => ("c.status = ?".into(), vec![Value::Text(one.clone())]),
        many => (format!("c.status IN ({})", vec!["?"; many.len()].join(", ")), many.iter().map(|s| Value::Text(s.clone())).collect()),
    }
}

/// The WHERE clause (on alias `c`) and its parameters for a query's filters.
pub(crate) fn filter(q: &CaseQuery, dialect: Dialect) -> (String, Vec<Value>) {
    let mut parts: Vec<(String, Vec<Value>)> = Vec::new();
    if let Some(statuses) = statuses_of(q) {
        parts.push(status_condition(statuses));
    }
    parts.extend(conditions(q));
    if let Some((ids, text_args)) = q.text.as_deref().and_then(|t| search::text_ids(t, dialect)) {
        parts.push((format!("c.id IN ({ids})"), text_args));
    }
    where_of(parts)
}

/// `WHERE a AND b …` and the parameters in the order they appear; empty for no conditions.
fn where_of(parts: Vec<(String, Vec<Value>)>) -> (String, Vec<Value>) {
    if parts.is_empty() {
        return (String::new(), Vec::new());
    }
    let sql = format!("WHERE {}", parts.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>().join(" AND "));
    (sql, parts.into_iter().flat_map(|(_, a)| a).collect())
}

/// A filtered list counts its matching cases up to this many, and beyond says "10,000+"
/// (`CasePage::total_capped`): counting every one of half a million matches would cost many
/// times what the page does.
pub const TOTAL_CAP: i64 = 10_000;

/// Above this many text hits, a page is found faster by walking the sort order and testing
/// each case against the hits than by reading every hit and sorting them.
const WALK_SORT_ORDER_ABOVE: i64 = 2_000;

/// A statement being put together: its text, and its parameters in the order of their marks.
#[derive(Default)]
struct Statement {
    sql: String,
    args: Vec<Value>,
}

impl Statement {
    fn push(&mut self, sql: &str) {
        self.sql.push_str(sql);
    }
    fn push_with(&mut self, sql: &str, args: Vec<Value>) {
        self.sql.push_str(sql);
        self.args.extend(args);
    }
}

/// One page of the case list, newest first unless asked otherwise, with its total, in one
/// statement, so a text search is asked of the index once per request, not once for its number
/// of hits, once for the page and once for the count. The total is counted up to [`TOTAL_CAP`]
/// unless nothing is filtered. Asked for several statuses, each status's cases are read in order
/// from its own index and merged, instead of sorting all of them.
pub fn list(db: &(impl Db + ?Sized), q: &CaseQuery) -> DeskResult<CasePage> {
    let st = list_statement(q, db.dialect());
    let found = db.rows(&st.sql, &st.args)?;
    let counted = match found.first() {
        Some(r) => r.int("total_n")?,
        // A text search's page past the last one has no row to carry the total: page 1 has.
        None if st.offset > 0 => {
            let first = list(db, &CaseQuery { page: Some(1), ..q.clone() })?;
            return Ok(CasePage { rows: Vec::new(), page: st.page, page_size: st.page_size, ..first });
        }
        None => 0,
    };
    let mut rows = Vec::with_capacity(found.len());
    for r in &found {
        // The one row of an empty page carries only the total.
        if r.opt_int("id")?.is_some() {
            rows.push(read_row(r)?);
        }
    }
    let total_capped = st.capped && counted > st.bound;
    let total = if total_capped { st.bound.max(st.offset + rows.len() as i64) } else { counted };
    Ok(CasePage { rows, total, total_capped, page: st.page, page_size: st.page_size })
}

/// The statement [`list`] runs for a query: its SQL and parameters (public for the benchmark,
/// which runs the same SQL directly to show what the store adds).
pub struct ListStatement {
    pub sql: String,
    pub args: Vec<Value>,
    /// The total is counted only up to one past `bound`.
    capped: bool,
    bound: i64,
    page: u32,
    page_size: u32,
    offset: i64,
}

/// A text search's page and total on SQLite, reading the search index in full once. Its hits
/// become one in-memory set that a single walk in list order tests each case against: the walk
/// goes on past the page up to the count's bound, so the page and the total come out of the same
/// pass (a window count over at most the bound's ids), never a second look-up of every hit.
/// With few hits (a rare word, a name) walking the order would visit every case for nothing:
/// then the hits are read and sorted instead. Which of the two runs is decided in the statement,
/// by whether the search has more hits than [`WALK_SORT_ORDER_ABOVE`].
/// With `by_other_index`, the query has a filter with an index in list order (status, handler,
/// category, site, …), which SQLite's planner walks by itself; without, it is told to walk the
/// order's own index (dates narrow it), or it would read every hit and sort them.
fn sqlite_text_statement(
    found: &(String, Vec<Value>),
    phones: Option<(String, String)>,
    statuses: Option<&[String]>,
    rest: Vec<(String, Vec<Value>)>,
    by_other_index: bool,
    (order, index, dir): (&str, Option<&str>, &str),
    (page, page_size, offset): (u32, u32, i64),
) -> ListStatement {
    let (ids, text_args) = found;
    let bound = TOTAL_CAP.max(offset + i64::from(page_size));
    let mut filters = rest;
    if let Some(s) = statuses {
        filters.insert(0, status_condition(s));
    }
    let hint = match index {
        Some(idx) if !by_other_index => format!("INDEXED BY {idx}"),
        _ => String::new(),
    };
    // `found` is not materialized: each use reads the index as far as it needs (the walk's set
    // in full; the number of hits, and the sorted plan when it runs, up to the bound), which
    // costs less than first copying every hit into a table. The number of hits is read once
    // (`hits`, up to the bound): with no other filter it is the total, so the walk stops at the
    // page; and it picks the plan. The plan not taken gets a limit of 0, which SQLite checks
    // before it reads anything.
    let text_only = filters.is_empty();
    let many = format!("(SELECT n > {WALK_SORT_ORDER_ABOVE} FROM hits)");
    let take = if text_only { offset + i64::from(page_size) } else { bound + 1 };
    let total = if text_only { "(SELECT n FROM hits)" } else { "count(*) OVER ()" };
    let order_by = format!("ORDER BY {order} {dir}, c.id {dir}");
    let mut walked = filters.clone();
    walked.push(("c.id IN (SELECT id FROM found)".into(), Vec::new()));
    let (walked_where, walked_args) = where_of(walked);
    let walked_limit = format!("LIMIT (CASE WHEN {many} THEN {take} ELSE 0 END)");
    let (sorted_where, sorted_args) = where_of(filters);
    let sorted_limit = format!("LIMIT (CASE WHEN {many} THEN 0 ELSE {take} END)");
    let mut st = Statement::default();
    st.push_with(&format!("WITH found(id) AS NOT MATERIALIZED ({ids}), "), text_args.clone());
    let count_found = format!("(SELECT count(*) FROM (SELECT 1 FROM found LIMIT {}) AS upto)", bound + 1);
    match phones {
        // Digits alone: the phones that begin with them are hits; when they are more than the
        // bound, the search's own count (every word with that prefix, merged) is not needed.
        Some((from, to)) => st.push_with(
            &format!(
                "hits(n) AS MATERIALIZED (SELECT CASE WHEN p.n > {bound} THEN p.n ELSE {count_found} END FROM (SELECT count(*) AS n FROM
                   (SELECT 1 FROM cases WHERE customer_phone IS NOT NULL AND customer_phone >= ? AND customer_phone < ? LIMIT {}) AS upto) AS p) ",
                bound + 1
            ),
            vec![Value::Text(from), Value::Text(to)],
        ),
        None => st.push(&format!("hits(n) AS MATERIALIZED (SELECT {count_found}) ")),
    }
    st.push(&format!("SELECT p.n AS total_n, {ROW_COLUMNS} FROM (SELECT id, k, {total} AS n, row_number() OVER (ORDER BY k {dir}, id {dir}) AS rn FROM ("));
    st.push_with(&format!("SELECT id, k FROM (SELECT c.id AS id, {order} AS k FROM cases c {hint} {walked_where} {order_by} {walked_limit}) AS walked"), walked_args);
    st.push_with(
        &format!(" UNION ALL SELECT id, k FROM (SELECT c.id AS id, {order} AS k FROM found h CROSS JOIN cases c ON c.id = h.id {sorted_where} {order_by} {sorted_limit}) AS sorted"),
        sorted_args,
    );
    st.push(&format!(
        ") AS matches) AS p JOIN cases c ON c.id = p.id LEFT JOIN users u ON u.id = c.handler_id
         WHERE p.rn > {offset} AND p.rn <= {} ORDER BY p.rn",
        offset + i64::from(page_size)
    ));
    ListStatement { sql: st.sql, args: st.args, capped: true, bound, page, page_size, offset }
}

/// A text search on PostgreSQL counts its total up to this many ("1,000+" beyond): each hit
/// counted is a row of the search index read (the index alone cannot say which case a word is
/// of), and at a million cases counting 10,000 hits of a common word cost more than the page.
pub const PG_TEXT_CAP: i64 = 1_000;

/// A text search's page and total on PostgreSQL. The search function reads at most one hit past
/// the bound: that counts the total, and picks the plan. With more hits than the bound, the list
/// walks its order's index and tests each case's words by its id (a common word is met every few
/// cases, so the page comes soon); with fewer, the hits are read and sorted. The plan not taken
/// gets a limit of 0, which PostgreSQL checks before it reads anything. With other filters, the
/// walk goes on to one past the bound, to count them too.
fn pg_text_statement(
    text: &str,
    statuses: Option<&[String]>,
    rest: Vec<(String, Vec<Value>)>,
    (order, dir): (&str, &str),
    (page, page_size, offset): (u32, u32, i64),
) -> Option<ListStatement> {
    let bound = PG_TEXT_CAP.max(offset + i64::from(page_size));
    let search = search::PgText::of(text)?;
    let (found, found_args) = search.found(bound + 1);
    let (test, test_args) = search.test();
    let mut filters = rest;
    if let Some(s) = statuses {
        filters.insert(0, status_condition(s));
    }
    let text_only = filters.is_empty();
    let many = format!("(SELECT n > {bound} FROM hits)");
    let take = if text_only { offset + i64::from(page_size) } else { bound + 1 };
    let total = if text_only { "(SELECT n FROM hits)" } else { "count(*) OVER ()" };
    let order_by = format!("ORDER BY {order} {dir}, c.id {dir}");
    let mut walked = filters.clone();
    walked.push((test, test_args));
    let (walked_where, walked_args) = where_of(walked);
    let (sorted_where, sorted_args) = where_of(filters);
    let mut st = Statement::default();
    st.push_with(&format!("WITH {found}, "), found_args);
    st.push("hits(n) AS MATERIALIZED (SELECT count(*) FROM found) ");
    st.push(&format!("SELECT p.n AS total_n, {ROW_COLUMNS} FROM (SELECT id, k, {total} AS n, row_number() OVER (ORDER BY k {dir}, id {dir}) AS rn FROM ("));
    st.push_with(
        &format!("SELECT id, k FROM (SELECT c.id AS id, {order} AS k FROM cases c {walked_where} {order_by} LIMIT (CASE WHEN {many} THEN {take} ELSE 0 END)) AS walked"),
        walked_args,
    );
    st.push_with(
        &format!(
            " UNION ALL SELECT id, k FROM (SELECT c.id AS id, {order} AS k FROM found h JOIN cases c ON c.id = h.id {sorted_where} {order_by} LIMIT (CASE WHEN {many} THEN 0 ELSE {take} END)) AS sorted"
        ),
        sorted_args,
    );
    st.push(&format!(
        ") AS matches) AS p JOIN cases c ON c.id = p.id LEFT JOIN users u ON u.id = c.handler_id
         WHERE p.rn > {offset} AND p.rn <= {} ORDER BY p.rn",
        offset + i64::from(page_size)
    ));
    Some(ListStatement { sql: st.sql, args: st.args, capped: true, bound, page, page_size, offset })
}

/// The one statement that answers [`list`] for `q` on a store speaking `dialect`.
pub fn list_statement(q: &CaseQuery, dialect: Dialect) -> ListStatement {
    let page = q.page.unwrap_or(1).max(1);
    let page_size = q.page_size.unwrap_or(50).clamp(1, MAX_PAGE_SIZE);
    let offset = (i64::from(page) - 1) * i64::from(page_size);
    let text = q.text.as_deref().and_then(|t| search::text_ids(t, dialect));
    let sort = q.sort.unwrap_or_default();
    let (order, index) = match sort {
        SortKey::ReceivedAt => ("c.received_at", Some("cases_received")),
        SortKey::UpdatedAt => ("c.updated_at", Some("cases_updated")),
        SortKey::Number => ("c.id", None),
        SortKey::Escalation => ("c.escalation", None),
        // Sorting by due time lists the cases that have one (a running, paused or overdue clock),
        // straight off the due-time index.
        SortKey::DueAt => ("c.due_at", Some("cases_due")),
    };
    let dir = if q.descending.unwrap_or(true) { "DESC" } else { "ASC" };
    let statuses = statuses_of(q);
    let mut rest = conditions(q);
    if sort == SortKey::DueAt {
        rest.push(("c.due_at IS NOT NULL".into(), Vec::new()));
    }
    if let (Some(found), Dialect::Sqlite) = (&text, dialect) {
        let by_other_index = statuses.is_some() || !conditions(&CaseQuery { from: None, to: None, ..q.clone() }).is_empty();
        let phones = q.text.as_deref().and_then(search::phones_starting);
        return sqlite_text_statement(found, phones, statuses, rest, by_other_index, (order, index, dir), (page, page_size, offset));
    }
    // Walking the order needs an index in that order (escalation has none: its hits are sorted).
    let walkable = index.is_some() || sort == SortKey::Number;
    if let (Some(words), true) = (q.text.as_deref(), text.is_some() && walkable) {
        if let Some(st) = pg_text_statement(words, statuses, rest.clone(), (order, dir), (page, page_size, offset)) {
            return st;
        }
    }
    if text.is_some() {
        rest.push(("c.id IN (SELECT id FROM hits)".into(), Vec::new()));
    }
    let every = || {
        let mut parts = rest.clone();
        if let Some(s) = statuses {
            parts.insert(0, status_condition(s));
        }
        where_of(parts)
    };

    let mut st = Statement::default();
    if let Some((ids, args)) = &text {
        st.push_with(&format!("WITH hits(id) AS MATERIALIZED ({ids}) "), args.clone());
    }
    st.push("SELECT t.n AS total_n, ");
    st.push(ROW_COLUMNS);
    // The total: exact for the whole list on SQLite (which keeps that count cheaply), otherwise
    // counted up to one past the cap (PostgreSQL reads a row for each case counted: 30 ms for a
    // million, more than the page).
    let capped_count = if statuses.is_none() && rest.is_empty() && dialect == Dialect::Sqlite {
        st.push(" FROM (SELECT count(*) AS n FROM cases c) AS t");
        false
    } else if text.is_some() && statuses.is_none() && rest.len() == 1 {
        st.push(&format!(" FROM (SELECT count(*) AS n FROM (SELECT 1 FROM hits LIMIT {}) AS capped) AS t", TOTAL_CAP + 1));
        true
    } else {
        let (where_sql, args) = every();
        st.push_with(&format!(" FROM (SELECT count(*) AS n FROM (SELECT 1 FROM cases c {where_sql} LIMIT {}) AS capped) AS t", TOTAL_CAP + 1), args);
        true
    };
    // The page's ids and sort keys.
    st.push(" LEFT JOIN (");
    let ordered = format!("ORDER BY {order} {dir}, c.id {dir}");
    let ids_of = |from: &str| format!("SELECT c.id AS id, {order} AS k FROM {from}");
    match (statuses, &text, index, dialect) {
        (Some(many), None, _, _) if many.len() > 1 => {
            // Each status from its own index, as many as the page could need, then merged.
            let branches: Vec<(String, Vec<Value>)> = many
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let mut parts = rest.clone();
                    parts.insert(0, status_condition(std::slice::from_ref(s)));
                    let (where_sql, args) = where_of(parts);
                    (format!("SELECT id, k FROM ({} {where_sql} {ordered} LIMIT {}) AS s{i}", ids_of("cases c"), offset + i64::from(page_size)), args)
                })
                .collect();
            st.push("SELECT id, k FROM (");
            for (i, (sql, args)) in branches.into_iter().enumerate() {
                if i > 0 {
                    st.push(" UNION ALL ");
                }
                st.push_with(&sql, args);
            }
            st.push(&format!(") AS merged ORDER BY k {dir}, id {dir} LIMIT {page_size} OFFSET {offset}"));
        }
        _ => {
            let (where_sql, args) = every();
            st.push_with(&format!("{} {where_sql} {ordered} LIMIT {page_size} OFFSET {offset}", ids_of("cases c")), args);
        }
    }
    st.push(&format!(
        ") AS p ON 1 = 1 LEFT JOIN cases c ON c.id = p.id LEFT JOIN users u ON u.id = c.handler_id ORDER BY p.k {dir}, p.id {dir}"
    ));

    ListStatement { sql: st.sql, args: st.args, capped: capped_count, bound: TOTAL_CAP, page, page_size, offset }
}

/// Cases of this phone number whose status is one of `open_statuses`, newest first.
pub fn open_by_phone(db: &(impl Db + ?Sized), phone: &str, open_statuses: &[String], except: Option<i64>) -> DeskResult<Vec<CaseRow>> {
    let marks = vec!["?"; open_statuses.len()].join(", ");
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM cases c LEFT JOIN users u ON u.id = c.handler_id
         WHERE c.customer_phone = ? AND c.status IN ({marks}) AND c.id != ?
         ORDER BY c.received_at DESC LIMIT 20"
    );
    let mut args: Vec<Value> = vec![Value::Text(phone.to_string())];
    args.extend(open_statuses.iter().map(|s| Value::Text(s.clone())));
    args.push(Value::Int(except.unwrap_or(-1)));
    db.rows(&sql, &args)?.iter().map(read_row).collect()
}

/// Earlier cases of a customer: the same phone or the same ID number, open ones first, newest
/// first (at most `limit`).
pub fn history(
    db: &(impl Db + ?Sized),
    phone: Option<&str>,
    id_number: Option<&str>,
    except: Option<i64>,
    open_statuses: &[String],
    limit: usize,
) -> DeskResult<Vec<CaseRow>> {
    if phone.is_none() && id_number.is_none() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; open_statuses.len()].join(", ");
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM cases c LEFT JOIN users u ON u.id = c.handler_id
         WHERE (c.customer_phone = ? OR c.customer_id_number = ?) AND c.id != ?
         ORDER BY c.status IN ({marks}) DESC, c.received_at DESC LIMIT ?"
    );
    let text = |v: Option<&str>| v.map(|s| Value::Text(s.to_string())).unwrap_or(Value::Null);
    let mut args: Vec<Value> = vec![text(phone), text(id_number), Value::Int(except.unwrap_or(-1))];
    args.extend(open_statuses.iter().map(|s| Value::Text(s.clone())));
    args.push(Value::Int(limit as i64));
    db.rows(&sql, &args)?.iter().map(read_row).collect()
}

/// When the other complaints (not feedback) from `phone` were received, newest first (at most 50).
pub fn complaint_times_by_phone(db: &(impl Db + ?Sized), phone: &str, except: Option<i64>) -> DeskResult<Vec<chrono::DateTime<chrono::Utc>>> {
    db.rows(
        "SELECT received_at FROM cases WHERE customer_phone = ?1 AND kind = 'complaint' AND id != ?2
         ORDER BY received_at DESC LIMIT 50",
        &[phone.into(), except.unwrap_or(-1).into()],
    )?
    .iter()
    .map(|r| Ok(from_ms(r.int("received_at")?)))
    .collect()
}

pub fn set_responded_on_time(db: &(impl Db + ?Sized), id: i64, on_time: Option<bool>) -> DeskResult<()> {
    db.exec("UPDATE cases SET responded_on_time = ?2 WHERE id = ?1", &[id.into(), on_time.into()])?;
    Ok(())
}

pub fn set_repeat(db: &(impl Db + ?Sized), id: i64, repeat: bool) -> DeskResult<()> {
    db.exec("UPDATE cases SET repeat_complainant = ?2 WHERE id = ?1", &[id.into(), repeat.into()])?;
    Ok(())
}

/// The one number a `SELECT count(*) AS n …` answers.
fn count_of(db: &(impl Db + ?Sized), sql: &str, args: &[Value]) -> DeskResult<i64> {
    db.row(sql, args)?.map(|r| r.int("n")).transpose().map(Option::unwrap_or_default)
}

pub fn count(db: &(impl Db + ?Sized), q: &CaseQuery) -> DeskResult<i64> {
    let (where_sql, args) = filter(q, db.dialect());
    count_of(db, &format!("SELECT count(*) AS n FROM cases c {where_sql}"), &args)
}

/// Stores the summary of a case's clocks.
pub fn set_due(db: &(impl Db + ?Sized), id: i64, due: &DueSummary) -> DeskResult<()> {
    db.exec(
        "UPDATE cases SET due_at = ?2, due_state = ?3, next_check_at = ?4, due_estimated = ?5 WHERE id = ?1",
        &[id.into(), due.due_at.map(to_ms).into(), due.state.code().into(), due.next_check_at.map(to_ms).into(), due.estimated.into()],
    )?;
    Ok(())
}

/// Records the highest deadline alert level (75, 90, 100 and the further breach steps) already
/// on the case's timeline, and the clock runs it was recorded for.
pub fn set_alerted(db: &(impl Db + ?Sized), id: i64, level: u32, runs: &str) -> DeskResult<()> {
    db.exec("UPDATE cases SET due_warning = ?2, due_alert_runs = ?3 WHERE id = ?1", &[id.into(), level.into(), runs.into()])?;
    Ok(())
}

/// The highest alert level already recorded for a case (0 when none) and the clock runs it
/// belongs to (none on a desk from before they were kept).
pub fn alerted(db: &(impl Db + ?Sized), id: i64) -> DeskResult<(u32, Option<String>)> {
    let r = db.row("SELECT due_warning, due_alert_runs FROM cases WHERE id = ?1", &[id.into()])?.ok_or_else(|| DeskError::not_found("该案件"))?;
    let level = r.opt_int("due_warning")?.map(|l| u32::try_from(l).unwrap_or(0)).unwrap_or(0);
    Ok((level, r.opt_text("due_alert_runs")?))
}

/// Cases whose clocks change by `now` (a warning or a due time passed), and open cases whose
/// clocks were never computed (after an upgrade); at most `limit`.
pub fn due_for_check(
    db: &(impl Db + ?Sized),
    now: chrono::DateTime<chrono::Utc>,
    open_statuses: &[String],
    limit: usize,
) -> DeskResult<Vec<i64>> {
    let mut ids: Vec<i64> = db
        .rows("SELECT id FROM cases WHERE next_check_at <= ?1 ORDER BY next_check_at LIMIT ?2", &[to_ms(now).into(), (limit as i64).into()])?
        .iter()
        .map(|r| r.int("id"))
        .collect::<DeskResult<_>>()?;
    if ids.len() < limit {
        let marks = vec!["?"; open_statuses.len()].join(", ");
        let mut args: Vec<Value> = open_statuses.iter().map(|s| Value::Text(s.clone())).collect();
        args.push(Value::Int((limit - ids.len()) as i64));
        let fresh = db.rows(&format!("SELECT id FROM cases WHERE due_state IS NULL AND status IN ({marks}) LIMIT ?"), &args)?;
        for r in fresh {
            ids.push(r.int("id")?);
        }
    }
    Ok(ids)
}

/// The cases of `ids` this desk's watcher takes in its transaction. On a shared store, every
/// laptop runs a watcher: each case's row is locked for the rest of the transaction, and a case
/// another desk's watcher holds is left to it (`FOR UPDATE SKIP LOCKED`), so the two neither wait
/// for each other nor look at the same case twice. SQLite has one writer at a time: all of them.
pub fn claim_for_check(db: &(impl Db + ?Sized), ids: &[i64]) -> DeskResult<Vec<i64>> {
    if db.dialect() == Dialect::Sqlite || ids.is_empty() {
        return Ok(ids.to_vec());
    }
    let marks = vec!["?"; ids.len()].join(", ");
    let args: Vec<Value> = ids.iter().map(|id| Value::Int(*id)).collect();
    let claimed: std::collections::HashSet<i64> = db
        .rows(&format!("SELECT id FROM cases WHERE id IN ({marks}) ORDER BY id FOR UPDATE SKIP LOCKED"), &args)?
        .iter()
        .map(|r| r.int("id"))
        .collect::<DeskResult<_>>()?;
    Ok(ids.iter().copied().filter(|id| claimed.contains(id)).collect())
}

/// Asks the watcher to look at every case in these statuses at `now` (after the rules changed,
/// e.g. a holiday calendar was imported).
pub fn check_all_at(db: &(impl Db + ?Sized), statuses: &[String], now: chrono::DateTime<chrono::Utc>) -> DeskResult<usize> {
    let marks = vec!["?"; statuses.len()].join(", ");
    let mut args: Vec<Value> = vec![Value::Int(to_ms(now))];
    args.extend(statuses.iter().map(|s| Value::Text(s.clone())));
    Ok(db.exec(&format!("UPDATE cases SET next_check_at = ? WHERE status IN ({marks})"), &args)? as usize)
}

/// Each 项目（小区）name the cases carry, with how many carry it, most used first.
pub fn project_counts(db: &(impl Db + ?Sized)) -> DeskResult<Vec<(String, i64)>> {
    db.rows(
        "SELECT project, count(*) AS n FROM cases WHERE project IS NOT NULL AND project <> '' GROUP BY project ORDER BY 2 DESC, 1",
        &[],
    )?
    .iter()
    .map(|r| Ok((r.text("project")?, r.int("n")?)))
    .collect()
}
