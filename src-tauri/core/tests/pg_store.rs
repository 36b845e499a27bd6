//! The shared store on PostgreSQL: its schema and migrations, and the invariants that only a
//! server with several desks writing at once can break (gapless case numbers, one audit chain in
//! commit order). `make test` starts a private PostgreSQL and sets `COMPLAINTDESK_PG_URL` (and
//! `COMPLAINTDESK_PG_REQUIRED`, so a missing server fails instead of skipping); each test makes
//! a database of its own there.
use chrono::{Datelike, TimeZone, Utc};
use complaintdesk_core::domain::case::{format_number, EventKind};
use complaintdesk_core::domain::types::CaseKind;
use complaintdesk_core::domain::types::Role;
use complaintdesk_core::domain::ErrorCode;
use complaintdesk_core::store::events::NewEvent;
use complaintdesk_core::store::db::Pg;
use complaintdesk_core::store::pg::{self, PgStore, PG_SCHEMA_VERSION};

fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 1, 30, 0).unwrap()
}

/// A user to register cases as (the cases' foreign key).
fn clerk(store: &PgStore) -> i64 {
    store
        .client()
        .unwrap()
        .client
        .query_one("INSERT INTO users (login, display_name, created_at) VALUES ('zhang', '张前台', 0) RETURNING id", &[])
        .unwrap()
        .get(0)
}

/// Registers one complaint the way the desk will: its number, its row and its `created` event in
/// one write.
fn register(store: &PgStore, by: i64, subject: &str) -> Result<String, complaintdesk_core::domain::DeskError> {
    store.write(|tx| {
        let number = complaintdesk_core::store::cases::next_number(&Pg::new(&mut *tx), CaseKind::Complaint, 2026)?;
        let at = t0().timestamp_millis();
        let id: i64 = tx
            .query_one(
                "INSERT INTO cases (number, kind, profile, status, channel, received_at, registered_at, registered_by,
                                    subject, description, claim, category, severity, urgency, mood, updated_at)
                 VALUES ($1, 'complaint', 'property', 'registered', 'phone', $2, $2, $3, $4, '', 'correction', 'repair', 'ordinary', 'normal', 'calm', $2)
                 RETURNING id",
                &[&number, &at, &by, &subject],
            )
            .map_err(|e| complaintdesk_core::domain::DeskError::storage(e.to_string()))?
            .get(0);
        complaintdesk_core::store::events::append(&Pg::new(&mut *tx), &NewEvent::new(id, t0(), Some(by), Role::Clerk, EventKind::Created))?;
        Ok(number)
    })
}

#[test]
fn a_new_database_gets_the_schema_once_and_a_newer_one_is_refused_untouched() {
    let Some(url) = pg::scratch_database() else { return };
    let missing = PgStore::open(&url).err().expect("an empty database is not a store");
    assert_eq!(missing.code, ErrorCode::DatabaseMissing, "{}", missing.message);
    assert!(missing.message.contains("db init"), "says how to make it: {}", missing.message);
    let store = PgStore::init(&url).expect("an empty database gets the schema");
    assert_eq!(store.schema_version().unwrap(), PG_SCHEMA_VERSION);
    let by = clerk(&store);
    register(&store, by, "电梯困人").unwrap();
    drop(store);
    let again = PgStore::open(&url).expect("a second start finds it up to date");
    let cases: i64 = again.client().unwrap().client.query_one("SELECT count(*) FROM cases", &[]).unwrap().get(0);
    assert_eq!(cases, 1, "starting again keeps what was there");

    again.client().unwrap().client.batch_execute("UPDATE schema_version SET version = 99").unwrap();
    drop(again);
    let err = PgStore::open(&url).err().expect("a newer schema is refused");
    assert_eq!(err.code, ErrorCode::DatabaseNewer, "{}", err.message);
    assert!(err.message.contains("99") && !err.message.contains("postgres://"), "says the version, not the address: {}", err.message);
    let mut raw = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let version: i64 = raw.query_one("SELECT version FROM schema_version", &[]).unwrap().get(0);
    let cases: i64 = raw.query_one("SELECT count(*) FROM cases", &[]).unwrap().get(0);
    assert_eq!((version, cases), (99, 1), "nothing was changed");
}

#[test]
fn four_desks_starting_on_a_new_database_at_once_all_open_it() {
    let Some(url) = pg::scratch_database() else { return };
    let versions: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4).map(|_| s.spawn(|| PgStore::init(&url).and_then(|st| st.schema_version()))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for v in versions {
        assert_eq!(v.map_err(|e| e.message), Ok(PG_SCHEMA_VERSION));
    }
    let mut raw = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let heads: i64 = raw.query_one("SELECT count(*) FROM chain_head", &[]).unwrap().get(0);
    assert_eq!(heads, 1, "the schema was made once");
}

#[test]
fn the_event_log_refuses_changes_and_deletions() {
    let Some(url) = pg::scratch_database() else { return };
    let store = PgStore::init(&url).unwrap();
    let by = clerk(&store);
    register(&store, by, "噪音").unwrap();
    for sql in ["UPDATE events SET note = 'x'", "DELETE FROM events", "TRUNCATE events CASCADE"] {
        let err = store.client().unwrap().client.batch_execute(sql).expect_err(sql);
        assert!(err.as_db_error().is_some_and(|d| d.message().contains("append-only")), "{sql}: {err}");
    }
    assert_eq!(pg::events::verify_chain(&mut store.client().unwrap().client).unwrap(), (1, None));
}

#[test]
fn a_registration_rolled_back_gives_its_number_back() {
    let Some(url) = pg::scratch_database() else { return };
    let store = PgStore::init(&url).unwrap();
    let by = clerk(&store);
    assert_eq!(register(&store, by, "一").unwrap(), format_number(CaseKind::Complaint, 2026, 1));
    let failed = store.write(|tx| {
        complaintdesk_core::store::cases::next_number(&Pg::new(&mut *tx), CaseKind::Complaint, 2026)?;
        Err::<(), _>(complaintdesk_core::domain::DeskError::storage("the rest of the registration failed"))
    });
    assert!(failed.is_err());
    assert_eq!(register(&store, by, "二").unwrap(), format_number(CaseKind::Complaint, 2026, 2), "no gap");
}

/// Eight desks registering at once: every number once, none skipped, and the events form one
/// chain in the order their registrations committed.
#[test]
fn eight_desks_registering_500_cases_each_get_4000_gapless_numbers_and_one_chain() {
    const DESKS: usize = 8;
    const EACH: usize = 500;
    let Some(url) = pg::scratch_database() else { return };
    let by = clerk(&PgStore::init(&url).unwrap());
    let mut numbers: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..DESKS)
            .map(|desk| {
                let url = &url;
                s.spawn(move || {
                    let store = PgStore::open(url).unwrap();
                    (0..EACH).map(|i| register(&store, by, &format!("第{desk}台第{i}件")).unwrap()).collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    numbers.sort();
    let expected: Vec<String> = (1..=(DESKS * EACH) as i64).map(|n| format_number(CaseKind::Complaint, 2026, n)).collect();
    assert_eq!(numbers, expected, "4,000 distinct numbers, 1 to 4,000, none skipped");

    let store = PgStore::open(&url).unwrap();
    assert_eq!(pg::events::verify_chain(&mut store.client().unwrap().client).unwrap(), ((DESKS * EACH) as i64, None), "one unbroken chain");
    let ids: Vec<i64> = store.client().unwrap().client.query("SELECT id FROM events ORDER BY id", &[]).unwrap().iter().map(|r| r.get(0)).collect();
    assert_eq!(ids, (1..=(DESKS * EACH) as i64).collect::<Vec<_>>(), "event ids follow the chain with no gap");
}

/// One desk's store is shared by its threads (the window's commands, its watcher): they take
/// connections of its pools, never more than the pools hold, and still number gaplessly.
#[test]
fn threads_of_one_desk_share_its_pool_of_connections() {
    const THREADS: usize = 8;
    const EACH: usize = 40;
    let Some(url) = pg::scratch_database() else { return };
    let store = PgStore::init(&url).unwrap();
    let by = clerk(&PgStore::open(&url).unwrap());
    let database = url.rsplit('/').next().unwrap().to_string();
    let connections = |store: &PgStore| -> i64 {
        store.client().unwrap().client.query_one("SELECT count(*) FROM pg_stat_activity WHERE datname = $1", &[&database]).unwrap().get(0)
    };
    let mut numbers: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let store = &store;
                s.spawn(move || {
                    (0..EACH)
                        .map(|i| register(store, by, &format!("线程{t}第{i}件")).unwrap())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    numbers.sort();
    let expected: Vec<String> = (1..=(THREADS * EACH) as i64).map(|n| format_number(CaseKind::Complaint, 2026, n)).collect();
    assert_eq!(numbers, expected, "every thread's numbers, none twice, none skipped");
    let open = connections(&store);
    // The other PgStore (the clerk's) was dropped with its connections; this one's pools hold
    // at most six, four for reads (one of them asking) and two for writes.
    assert!((1..=6).contains(&open), "eight threads shared at most six connections: {open}");
}

/// The same cases on both stores: the same text finds the same cases (2-character words, single
/// characters, the last word as a prefix, phone tails, case numbers).
#[test]
fn chinese_search_finds_the_same_cases_as_on_sqlite() {
    use complaintdesk_core::store::cases::reindex_by_id;
    use complaintdesk_core::store::db::Db;
    let Some(url) = pg::scratch_database() else { return };
    let cases: [(&str, &str, &str, Option<&str>); 6] = [
        ("TS-2026-000001", "电梯坏了", "3号楼电梯停运两天", Some("13800138000")),
        ("TS-2026-000002", "电梯困人", "业主被困在电梯里", Some("13912348000")),
        ("TS-2026-000003", "楼上漏水", "卫生间漏水到楼下", Some("13712345678")),
        ("TS-2026-000004", "噪音扰民", "装修噪音 Elevator noise", Some("02188008000")),
        ("TS-2026-000005", "停车收费", "停车费太高", None),
        ("FK-2026-000001", "物业费", "物业费上涨没有公示", Some("13600005678")),
    ];
    // The same statements on both stores, through the seam.
    let fill = |db: &dyn Db| {
        db.exec("INSERT INTO users (login, display_name, created_at) VALUES ('zhang', '张前台', 0)", &[]).unwrap();
        for (number, subject, description, phone) in cases {
            let id = db
                .row(
                    "INSERT INTO cases (number, kind, profile, status, channel, received_at, registered_at, registered_by,
                                        subject, description, claim, category, severity, urgency, mood, updated_at, customer_phone)
                     VALUES (?1, 'complaint', 'property', 'registered', 'phone', 0, 0, (SELECT min(id) FROM users), ?2, ?3,
                             'correction', 'repair', 'ordinary', 'normal', 'calm', 0, ?4)
                     RETURNING id",
                    &[number.into(), subject.into(), description.into(), phone.into()],
                )
                .unwrap()
                .unwrap()
                .int("id")
                .unwrap();
            reindex_by_id(db, id).unwrap();
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = complaintdesk_core::store::Store::create_dir(dir.path()).unwrap();
    fill(&*sqlite.conn());
    let store = PgStore::init(&url).unwrap();
    store.write(|tx| Ok(fill(&Pg::new(tx)))).unwrap();
    let mut pg_db_conn = store.client().unwrap();
    let pg_db = Pg::new(&mut pg_db_conn.client);

    for text in [
        "电梯", "电梯坏", "坏了 电梯", "漏", "漏水", "楼下", "停车", "物业费", "8000", "电梯 8000", "5678", "物业 5678", "138001",
        "1380013", "TS-2026-000001", "ts 2026", "FK", "elevator", "Elev", "noise 噪音", "无此词", "，。", "",
    ] {
        assert_eq!(complaintdesk_core::store::search::case_ids(&pg_db, text).unwrap(), complaintdesk_core::store::search::case_ids(sqlite.reads(), text).unwrap(), "{text:?}");
    }
    // The case list: a text, a filter, a sort and a page give the same rows and total on both.
    use complaintdesk_core::domain::case::{CaseQuery, SortKey};
    use complaintdesk_core::store::cases::list;
    let page = |db: &dyn Db, q: &CaseQuery| {
        let p = list(db, q).unwrap();
        (p.total, p.rows.iter().map(|r| (r.number.clone(), r.subject.clone(), r.customer_phone.clone())).collect::<Vec<_>>())
    };
    for q in [
        CaseQuery { text: Some("电梯".into()), ..Default::default() },
        CaseQuery { text: Some("8000".into()), sort: Some(SortKey::Number), descending: Some(false), ..Default::default() },
        CaseQuery { statuses: Some(vec!["registered".into()]), page_size: Some(2), page: Some(2), ..Default::default() },
        CaseQuery { ids: Some(vec![]), ..Default::default() },
    ] {
        let on_sqlite = page(sqlite.reads(), &q);
        assert_eq!(page(&pg_db, &q), on_sqlite, "{q:?}");
    }
    assert_eq!(page(sqlite.reads(), &CaseQuery { text: Some("电梯".into()), ..Default::default() }).0, 2);
    assert_eq!(complaintdesk_core::store::search::case_ids(sqlite.reads(), "电梯").unwrap(), vec![1, 2], "the comparison is not of empty results");
    assert_eq!(complaintdesk_core::store::search::case_ids(sqlite.reads(), "8000").unwrap(), vec![1, 2, 4], "a phone tail finds the phones ending so");
}

/// A laptop's demo desk moves into the shared store whole: every row, the events re-linked into
/// one chain that verifies, the search finding what it found on the laptop; moving it again is
/// refused without a change.
#[test]
fn a_desk_migrates_whole_and_a_second_time_is_refused_untouched() {
    use complaintdesk_core::desk::Desk;
    use complaintdesk_core::domain::types::Profile;
    let Some(url) = pg::scratch_database() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::create(dir.path()).unwrap();
    let end = Utc.with_ymd_and_hms(2026, 6, 30, 8, 0, 0).unwrap();
    complaintdesk_core::demo::fill(&mut desk, Profile::Property, 150, 6, end, 7).unwrap();
    let admin = desk.users().unwrap().into_iter().find(|u| u.login == "admin").unwrap().id;
    let photo = b"\x89PNG a photo of the lift".to_vec();
    let first = desk.list_cases(admin, &Default::default()).unwrap().rows[0].id;
    desk.add_attachment(admin, first, "电梯.png", &photo, end).unwrap();
    let attached = desk.add_attachment(admin, first, "同一张.png", &photo, end).unwrap().attachments[1].id;
    let reader = desk.store().file().unwrap().reader().unwrap();
    let lite: &rusqlite::Connection = &reader;
    let count = |table: &str| -> i64 { lite.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap() };

    let mut store = PgStore::init(&url).unwrap();
    let report = pg::migrate::migrate(desk.store().file().unwrap(), &mut store).unwrap();
    assert_eq!(report.files, 1, "the photo added twice is one file");
    for t in &report.tables {
        assert_eq!((t.desk, t.before, t.after), (count(&t.table), 0, count(&t.table)), "{}: every row moved", t.table);
    }
    assert!(count("events") > 150 && count("followup_tasks") > 0, "the demo desk has a history to move");
    assert_eq!(pg::events::verify_chain(&mut store.client().unwrap().client).unwrap(), (count("events"), None), "the moved events form one chain");

    let numbers = |rows: Vec<String>| -> Vec<String> {
        let mut rows = rows;
        rows.sort();
        rows
    };
    let on_desk = numbers(lite.prepare("SELECT number FROM cases").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect());
    let on_store = numbers(store.client().unwrap().client.query("SELECT number FROM cases", &[]).unwrap().iter().map(|r| r.get(0)).collect());
    assert_eq!(on_store, on_desk, "the same case numbers");
    for text in ["电梯", "漏水", "噪音"] {
        let found = complaintdesk_core::store::search::case_ids(lite, text).unwrap().len();
        assert!(found > 0, "{text}: the demo desk has such cases");
        assert_eq!(complaintdesk_core::store::search::case_ids(&Pg::new(&mut store.client().unwrap().client), text).unwrap().len(), found, "{text}: the store's search finds what the desk's did");
    }

    // The KPIs, the follow-up figures and the list read the same from both stores.
    use complaintdesk_core::domain::case::CaseQuery;
    use complaintdesk_core::domain::kpi::{figures, KpiSettings};
    use complaintdesk_core::store::{cases, followups, kpi};
    let open: Vec<String> = lite
        .prepare("SELECT DISTINCT status FROM cases WHERE status != 'closed'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut shared_conn = store.client().unwrap();
    let shared = Pg::new(&mut shared_conn.client);
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    for q in [
        CaseQuery::default(),
        CaseQuery { from: Some(day(4, 1)), to: Some(day(4, 30)), ..Default::default() },
        CaseQuery { text: Some("电梯".into()), ..Default::default() },
    ] {
        let by_id = |mut rows: Vec<complaintdesk_core::domain::kpi::KpiRow>| {
            rows.sort_by_key(|r| r.id);
            rows
        };
        let rows = by_id(kpi::rows(lite, &q, &open).unwrap());
        assert!(!rows.is_empty(), "{q:?}: a cohort to compare");
        let there = by_id(kpi::rows(&shared, &q, &open).unwrap());
        assert_eq!(there.len(), rows.len(), "{q:?}: the same cohort");
        for (a, b) in there.iter().zip(&rows) {
            assert_eq!(a, b, "{q:?}: the same KPI row");
        }
        let settings = KpiSettings::default();
        assert_eq!(format!("{:?}", figures(&kpi::rows(&shared, &q, &open).unwrap(), &settings)), format!("{:?}", figures(&rows, &settings)));
        assert_eq!(format!("{:?}", followups::figures(&shared, &q).unwrap()), format!("{:?}", followups::figures(lite, &q).unwrap()), "{q:?}");
        assert_eq!(cases::count(&shared, &q).unwrap(), cases::count(lite, &q).unwrap(), "{q:?}");
    }
    drop(shared);

    let on_shared = Desk::open_shared(&url).unwrap();
    assert_eq!(on_shared.read_attachment(admin, attached).unwrap().1, photo, "the attachment's bytes moved with it");

    let again = pg::migrate::migrate(desk.store().file().unwrap(), &mut store).expect_err("the same desk again");
    assert_eq!(again.code, ErrorCode::Conflict, "{}", again.message);
    let cases: i64 = store.client().unwrap().client.query_one("SELECT count(*) FROM cases", &[]).unwrap().get(0);
    let events: i64 = store.client().unwrap().client.query_one("SELECT count(*) FROM events", &[]).unwrap().get(0);
    assert_eq!((cases, events), (count("cases"), count("events")), "nothing was added");
}

/// What the users and settings operations answer, run on one store (the same code on both).
fn users_and_settings(db: &dyn complaintdesk_core::store::db::Db) -> Vec<String> {
    use complaintdesk_core::store::{meta, users};
    let mut seen = Vec::new();
    let id = users::insert(db, "Zhang", "张前台", Some("客服部"), &[Role::Supervisor, Role::Clerk, Role::Clerk], 1_000).unwrap();
    let user = users::get(db, id).unwrap().unwrap();
    assert_eq!(user.roles, vec![Role::Clerk, Role::Supervisor], "each role once, in order");
    seen.push(format!("{:?}", (user.login, user.display_name, user.department, user.active, user.roles)));
    assert!(users::login_taken(db, "zhang", None).unwrap(), "a login is one whatever its case");
    assert!(!users::login_taken(db, "ZHANG", Some(id)).unwrap(), "but not taken by the user's own");
    let (found, creds) = users::by_login(db, "ZHANG").unwrap().unwrap();
    assert_eq!((found.id, creds.hash, creds.failures.count), (id, None, 0));
    assert_eq!(users::record_failure(db, id, 2_000).unwrap(), 1);
    assert_eq!(users::record_failure(db, id, 3_000).unwrap(), 2);
    seen.push(format!("{:?}", users::failure_alerts(db, 2).unwrap().iter().map(|a| (a.login.clone(), a.failures, a.last_failure_at)).collect::<Vec<_>>()));
    users::clear_failures(db, id).unwrap();
    assert_eq!(users::failures(db, id).unwrap().count, 0);
    assert!(!users::any_password(db).unwrap());
    users::set_password_hash(db, id, "$argon2id$stand-in").unwrap();
    assert!(users::any_password(db).unwrap());
    assert_eq!(users::password_hash(db, id).unwrap().as_deref(), Some("$argon2id$stand-in"));
    assert_eq!(users::set_password_hash(db, id + 100, "x").unwrap_err().code, ErrorCode::NotFound);
    users::update(db, id, "zhangsan", "张三", None, false, &[Role::Handler]).unwrap();
    let other = users::insert(db, "li", "李工", None, &[Role::Handler], 4_000).unwrap();
    seen.push(format!("{:?}", users::list(db).unwrap().iter().map(|u| (u.id - id, u.login.clone(), u.active, u.roles.clone())).collect::<Vec<_>>()));
    assert_eq!(other, id + 1);

    meta::set(db, "signin_salt", "salt").unwrap();
    users::record_unknown_failure(db, "nobody", 5_000).unwrap();
    users::record_unknown_failure(db, "NOBODY", 6_000).unwrap();
    let unknown = users::unknown_failures(db, "Nobody").unwrap();
    assert_eq!((unknown.count, unknown.last.map(|t| t.timestamp_millis())), (2, Some(6_000)), "an unknown login is counted whatever its case");
    let year: complaintdesk_core::domain::deadline::CalendarYear = serde_json::from_str(include_str!("../data/calendars/2026.json")).unwrap();
    complaintdesk_core::store::calendars::put(db, &year, id, 7_000).unwrap();
    complaintdesk_core::store::calendars::put(db, &year, other, 8_000).unwrap();
    let years = complaintdesk_core::store::calendars::all(db).unwrap();
    assert_eq!(years, vec![year.clone()], "an imported year replaces the one before");
    seen.push(format!("{:?}", years.iter().map(|y| (y.year, y.days.len())).collect::<Vec<_>>()));
    meta::set(db, "org_name", "翠湖物业").unwrap();
    meta::set(db, "org_name", "翠湖物业服务中心").unwrap();
    seen.push(format!("{:?}", meta::get(db, "org_name").unwrap()));
    meta::remove(db, "org_name").unwrap();
    assert_eq!(meta::get(db, "org_name").unwrap(), None);
    seen
}

#[test]
fn the_users_and_settings_operations_answer_the_same_on_both_stores() {
    use complaintdesk_core::store::db::Dialect;
    let Some(url) = pg::scratch_database() else { return };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = complaintdesk_core::store::Store::create_dir(dir.path()).unwrap();
    let on_sqlite = users_and_settings(&*sqlite.conn());
    let store = PgStore::init(&url).unwrap();
    let mut pg_db_conn = store.client().unwrap();
    let pg_db = Pg::new(&mut pg_db_conn.client);
    assert_eq!(complaintdesk_core::store::db::Db::dialect(&pg_db), Dialect::Postgres);
    assert_eq!(users_and_settings(&pg_db), on_sqlite);
}

/// What the follow-up operations answer on one store: a task, an unanswered call and a reached
/// one, the queue, and an admin's script.
fn followups_on(db: &dyn complaintdesk_core::store::db::Db) -> Vec<String> {
    use complaintdesk_core::domain::followup::{AttemptOutcome, JudgedAttempt, TaskState};
    use complaintdesk_core::domain::types::ContactMethod;
    use complaintdesk_core::store::{followups, users};
    let by = users::insert(db, "wang", "王回访", None, &[Role::Followup], 0).unwrap();
    // The same statement on both stores, through the seam.
    let case_id = db
        .row(
            "INSERT INTO cases (number, kind, profile, status, channel, received_at, registered_at, registered_by,
                                subject, description, claim, category, severity, urgency, mood, updated_at, customer_phone)
             VALUES ('TS-2026-000001', 'complaint', 'property', 'responded', 'phone', 0, 0, ?1, '电梯停运', '', 'correction', 'repair',
                     'ordinary', 'normal', 'calm', 0, '13800138000') RETURNING id",
            &[by.into()],
        )
        .unwrap()
        .unwrap()
        .int("id")
        .unwrap();
    let mut seen = Vec::new();
    let task_id = followups::insert_task(db, case_id, 1, t0(), t0()).unwrap();
    let task = followups::pending_task(db, case_id).unwrap().expect("the new task waits");
    assert_eq!((task.id, task.round, task.attempts, task.state), (task_id, 1, 0, TaskState::Open));
    let call = |number: u32, reached: bool, outcome: AttemptOutcome, next: Option<chrono::DateTime<Utc>>| JudgedAttempt {
        method: ContactMethod::Phone,
        reached,
        duration_minutes: reached.then_some(4),
        satisfaction: reached.then_some(5),
        solved: reached.then_some(true),
        comment: reached.then(|| "已修好".to_string()),
        suggestion: None,
        outcome,
        number,
        next_attempt_at: next,
    };
    let later = t0() + chrono::Duration::hours(4);
    followups::record_attempt(db, &task, &call(1, false, AttemptOutcome::Retry, Some(later)), by, TaskState::Open, t0()).unwrap();
    let queue = followups::queue(db, 10).unwrap();
    assert_eq!(queue.len(), 1);
    seen.push(format!("{:?}", queue.iter().map(|q| (q.case_number.clone(), q.task.next_attempt_at, q.task.attempts, q.repeat_complainant)).collect::<Vec<_>>()));
    let task = followups::pending_task(db, case_id).unwrap().unwrap();
    followups::record_attempt(db, &task, &call(2, true, AttemptOutcome::Satisfied, None), by, TaskState::Done, later).unwrap();
    assert!(followups::pending_task(db, case_id).unwrap().is_none(), "a satisfied call ends the task");
    assert!(followups::queue(db, 10).unwrap().is_empty());
    let attempts = followups::attempts_for_case(db, case_id).unwrap();
    seen.push(format!("{:?}", attempts.iter().map(|a| (a.number, a.reached, a.satisfaction, a.solved, a.by_name.clone(), a.outcome)).collect::<Vec<_>>()));
    assert_eq!(followups::attempts_for_cases(db, &[case_id]).unwrap().len(), 2);
    seen.push(format!("{:?}", followups::tasks_for_case(db, case_id).unwrap().iter().map(|t| (t.state, t.attempts, t.ended_at)).collect::<Vec<_>>()));
    assert_eq!(followups::end_pending(db, case_id, TaskState::Cancelled, later).unwrap(), 0);

    followups::set_script(db, "repair", Some("您好，回访报修"), by, t0()).unwrap();
    followups::set_script(db, "repair", Some("您好，回访报修处理"), by, later).unwrap();
    followups::set_script(db, "", Some("您好"), by, t0()).unwrap();
    seen.push(format!("{:?}", followups::scripts(db).unwrap()));
    followups::set_script(db, "", None, by, later).unwrap();
    assert_eq!(followups::scripts(db).unwrap(), vec![("repair".to_string(), "您好，回访报修处理".to_string())]);
    seen
}

#[test]
fn the_follow_up_operations_answer_the_same_on_both_stores() {
    let Some(url) = pg::scratch_database() else { return };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = complaintdesk_core::store::Store::create_dir(dir.path()).unwrap();
    let on_sqlite = followups_on(&*sqlite.conn());
    let store = PgStore::init(&url).unwrap();
    let on_pg = store.write(|tx| Ok(followups_on(&Pg::new(tx)))).unwrap();
    assert_eq!(on_pg, on_sqlite);
}

/// Two desks step the same case at the same moment: one step is saved, the other is told the
/// case changed (`conflict`), never a lost update.
#[test]
fn two_desks_saving_the_same_case_get_one_success_and_one_conflict() {
    use complaintdesk_core::store::cases;
    let Some(url) = pg::scratch_database() else { return };
    let first = PgStore::init(&url).unwrap();
    let by = clerk(&first);
    let number = register(&first, by, "电梯停运").unwrap();
    let id: i64 = first.client().unwrap().client.query_one("SELECT id FROM cases WHERE number = $1", &[&number]).unwrap().get(0);
    let both_read = std::sync::Barrier::new(2);
    let outcomes: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = ["accepted", "rejected"]
            .into_iter()
            .map(|status| {
                let (url, both_read) = (&url, &both_read);
                s.spawn(move || {
                    let desk = PgStore::open(url).unwrap();
                    let mut waited = false;
                    desk.write(|tx| {
                        let db = Pg::new(&mut *tx);
                        let mut case = cases::get(&db, id)?.expect("the case is there");
                        assert_eq!(case.version, 1, "both desks read the case before either saves");
                        if !waited {
                            both_read.wait();
                            waited = true;
                        }
                        case.status = status.to_string();
                        cases::save(&db, &case, 1).map(|saved| saved.status)
                    })
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let saved: Vec<&String> = outcomes.iter().filter_map(|o| o.as_ref().ok()).collect();
    let refused: Vec<_> = outcomes.iter().filter_map(|o| o.as_ref().err()).collect();
    assert_eq!((saved.len(), refused.len()), (1, 1), "{outcomes:?}");
    assert_eq!(refused[0].code, ErrorCode::Conflict, "{}", refused[0].message);
    let stored = cases::get(&Pg::new(&mut first.client().unwrap().client), id).unwrap().unwrap();
    assert_eq!((&stored.status, stored.version), (saved[0], 2), "the saved step is the one stored, once");
}

/// The same through the desk: two people on two laptops take the same step on the same case they
/// both had open; one is saved and the other is told the case changed.
#[test]
fn two_desks_moving_the_same_case_through_the_desk_get_one_conflict() {
    use complaintdesk_core::desk::dto::MoveInput;
    use complaintdesk_core::desk::Desk;
    
    use complaintdesk_core::domain::lifecycle::StepFields;
    
    let Some(url) = pg::scratch_database() else { return };
    let (first, boss) = property_desk(&url);
    let case = first.create_case(boss, &lift("13800138000"), t0()).unwrap().case;
    let second = Desk::open_shared(&url).unwrap();
    let outcomes: Vec<_> = std::thread::scope(|s| {
        [first, second]
            .into_iter()
            .map(|desk| {
                let step = MoveInput { action: "accept".into(), fields: StepFields::default(), expected_version: Some(case.version) };
                s.spawn(move || desk.move_case(boss, case.id, &step, t0()).map(|d| d.case.version))
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| h.join().unwrap())
            .collect()
    });
    let saved: Vec<_> = outcomes.iter().filter_map(|o| o.as_ref().ok()).collect();
    let refused: Vec<_> = outcomes.iter().filter_map(|o| o.as_ref().err()).collect();
    assert_eq!((saved, refused.len()), (vec![&(case.version + 1)], 1), "{outcomes:?}");
    assert_eq!(refused[0].code, ErrorCode::Conflict, "{}", refused[0].message);
    let desk = Desk::open_shared(&url).unwrap();
    let detail = desk.case_detail_at(boss, case.id, t0()).unwrap();
    assert_eq!(detail.events.iter().filter(|e| e.action.as_deref() == Some("accept")).count(), 1, "one step on the timeline");
    assert!(desk.audit_check().unwrap().ok, "the chain verifies");
}

/// Every laptop of a team runs the deadline watcher: two desks looking at the same overdue cases
/// at the same moment record each case's breach (and its escalation) once, not once per desk.
#[test]
fn two_desks_watching_the_same_cases_record_each_breach_once() {
    
    use complaintdesk_core::desk::Desk;
    
    
    const CASES: usize = 60;
    let Some(url) = pg::scratch_database() else { return };
    let (first, boss) = property_desk(&url);
    let mut ids = Vec::new();
    for i in 0..CASES {
        ids.push(first.create_case(boss, &lift(&format!("138{i:08}")), t0()).unwrap().case.id);
    }
    let later = t0() + chrono::Duration::days(30);
    let second = Desk::open_shared(&url).unwrap();
    let both_ready = std::sync::Barrier::new(2);
    let reported: usize = std::thread::scope(|s| {
        [first, second]
            .into_iter()
            .map(|desk| {
                let both_ready = &both_ready;
                s.spawn(move || {
                    both_ready.wait();
                    let mut alerts = 0;
                    loop {
                        let round = desk.tick(later, 10).unwrap();
                        alerts += round.alerts.len();
                        if !round.more {
                            return alerts;
                        }
                    }
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| h.join().unwrap())
            .sum()
    });
    let desk = Desk::open_shared(&url).unwrap();
    for id in &ids {
        let detail = desk.case_detail_at(boss, *id, later).unwrap();
        let breaches: Vec<_> = detail.events.iter().filter(|e| e.action.as_deref() == Some("breached")).collect();
        assert_eq!(breaches.len(), 1, "case {id}: its breach is on the timeline once: {:?}", detail.events.iter().map(|e| e.action.clone()).collect::<Vec<_>>());
        let raised = breaches[0].after.as_ref().and_then(|a| a["escalation"].as_u64());
        assert!(raised.is_some_and(|r| r >= 1), "case {id}: the breach escalated it: {:?}", breaches[0].after);
        assert_eq!(Some(u64::from(detail.case.escalation)), raised, "case {id}: escalated by that one record only");
    }
    assert_eq!(reported, CASES, "the two desks' notifications together name each case once");
    assert!(desk.audit_check().unwrap().ok);
}

/// A window on one laptop hears which cases another laptop changed, when its write commits: the
/// case's id and nothing else; a refused step (rolled back) is not heard.
#[test]
fn a_desk_hears_the_ids_of_the_cases_another_desk_changed() {
    use complaintdesk_core::desk::dto::MoveInput;
    use complaintdesk_core::desk::Desk;
    
    use complaintdesk_core::domain::lifecycle::StepFields;
    
    use std::time::Duration;
    let Some(url) = pg::scratch_database() else { return };
    let (front, boss) = property_desk(&url);
    let supervisor = Desk::open_shared(&url).unwrap();
    let mut heard = supervisor.store().listen().expect("a shared store can be listened to").unwrap();
    let input = lift;
    let first = front.create_case(boss, &input("13800138000"), t0()).unwrap().case.id;
    assert_eq!(heard.changed(Duration::from_secs(10)).unwrap(), vec![first], "the new case's id, once for its whole write");
    let accept = MoveInput { action: "accept".into(), fields: StepFields::default(), expected_version: None };
    front.move_case(boss, first, &accept, t0()).unwrap();
    let refused = MoveInput { action: "close".into(), fields: StepFields::default(), expected_version: None };
    assert!(front.move_case(boss, first, &refused, t0()).is_err(), "closing an accepted case without its fields is refused");
    let second = front.create_case(boss, &input("13900139000"), t0()).unwrap().case.id;
    let mut ids = Vec::new();
    while !ids.contains(&second) {
        let more = heard.changed(Duration::from_secs(10)).unwrap();
        assert!(!more.is_empty(), "the second case is heard within ten seconds");
        ids.extend(more);
    }
    assert_eq!(ids, vec![first, second], "the step is heard, the refused step is not");
}

/// Where the server delivers no notices (a pooler in transaction mode), a window reads the
/// chain's head instead and hears the same: the ids of the cases other desks changed.
#[test]
fn without_notices_a_desk_hears_changes_by_the_chain_head() {
    use complaintdesk_core::desk::Desk;
    use std::time::Duration;
    let Some(url) = pg::scratch_database() else { return };
    let (front, boss) = property_desk(&url);
    let before = front.create_case(boss, &lift("13700137000"), t0()).unwrap().case.id;
    let supervisor = Desk::open_shared(&url).unwrap();
    let mut heard = supervisor.store().with_shared(|s| s.listen_by_polling()).unwrap().unwrap();
    assert!(heard.polls());
    assert_eq!(heard.changed(Duration::from_millis(10)).unwrap(), Vec::<i64>::new(), "what was there before is not news");
    let first = front.create_case(boss, &lift("13800138000"), t0()).unwrap().case.id;
    let second = front.create_case(boss, &lift("13900139000"), t0()).unwrap().case.id;
    let mut ids = Vec::new();
    while ids.len() < 2 {
        let more = heard.changed(Duration::from_secs(10)).unwrap();
        assert!(!more.is_empty(), "the new cases are heard within ten seconds");
        ids.extend(more);
    }
    assert_eq!(ids, vec![first, second]);
    assert!(!ids.contains(&before));
}

/// The network drops (here: the server ends every connection of the desk's, as when a link goes
/// down): the next read and the next write find their connections closed, take new ones, and
/// work; nothing is written twice. A listener's connection reports the loss, so its window
/// reloads.
#[test]
fn a_desk_whose_connections_were_cut_reconnects_by_itself() {
    
    
    use complaintdesk_core::domain::case::CaseQuery;
    
    let Some(url) = pg::scratch_database() else { return };
    let (desk, boss) = property_desk(&url);
    let input = lift;
    desk.create_case(boss, &input("13800138000"), t0()).unwrap();
    let mut listener = desk.store().listen().unwrap().unwrap();
    let database = url.rsplit('/').next().unwrap().to_string();
    let cut = |at_least: i64| {
        let mut admin = postgres::Client::connect(&std::env::var("COMPLAINTDESK_PG_URL").unwrap(), postgres::NoTls).unwrap();
        let ended: i64 = admin
            .query_one("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1) AS t", &[&database])
            .unwrap()
            .get(0);
        assert!(ended >= at_least, "the desk's connections were ended: {ended}");
    };

    cut(2); // the pool's and the listener's
    assert_eq!(desk.list_cases(boss, &CaseQuery::default()).unwrap().total, 1, "a read after the cut takes a new connection");
    cut(1);
    let second = desk.create_case(boss, &input("13900139000"), t0()).unwrap().case;
    assert_eq!(desk.list_cases(boss, &CaseQuery::default()).unwrap().total, 2, "the write after the cut was saved once");
    assert!(desk.audit_check().unwrap().ok);
    let lost = listener.changed(std::time::Duration::from_secs(10)).unwrap_err();
    assert!(lost.message.contains("联网中断"), "the listener says its connection is gone: {}", lost.message);
    let mut again = desk.store().listen().unwrap().unwrap();
    desk.add_note(boss, second.id, &complaintdesk_core::desk::dto::NoteInput { text: "已联系".into(), internal: false, kind: None, contact_method: None, department: None }, t0()).unwrap();
    assert_eq!(again.changed(std::time::Duration::from_secs(10)).unwrap(), vec![second.id], "a new listener hears again");
}

/// The connection is lost while a step commits (here: the server ends it from inside the commit,
/// once). Nobody can tell from the broken connection whether it was saved, so the desk asks the
/// server how that transaction ended: rolled back, so the step runs again on a new connection,
/// and it is saved once.
#[test]
fn a_write_cut_off_while_committing_is_settled_by_asking_the_server() {
    use complaintdesk_core::domain::case::CaseQuery;
    let Some(url) = pg::scratch_database() else { return };
    let (desk, boss) = property_desk(&url);
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin
        .batch_execute(
            "CREATE SEQUENCE cut_once;
             CREATE FUNCTION cut_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
                 IF nextval('cut_once') = 1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;
                 RETURN NULL;
             END $$;
             CREATE CONSTRAINT TRIGGER cut_at_commit AFTER INSERT ON events DEFERRABLE INITIALLY DEFERRED
                 FOR EACH ROW EXECUTE FUNCTION cut_at_commit();",
        )
        .unwrap();
    let case = desk.create_case(boss, &lift("13800138000"), t0()).unwrap().case;
    let calls: i64 = admin.query_one("SELECT last_value FROM cut_once", &[]).unwrap().get(0);
    let saved: i64 = admin.query_one("SELECT count(*) FROM events WHERE case_id = $1", &[&case.id]).unwrap().get(0);
    assert!(calls > saved, "a first try was cut off before the try that saved ({calls} trigger calls for {saved} events)");
    assert_eq!(desk.list_cases(boss, &CaseQuery::default()).unwrap().total, 1, "saved once");
    assert_eq!(case.number, format_number(CaseKind::Complaint, t0().year(), 1), "the first number, not one a lost try used");
    assert!(desk.audit_check().unwrap().ok);
}

/// The team's own copy: the shared store exported into a desk file that a laptop opens and
/// reads — the same cases, a chain that verifies, the attachments — and cannot change.
#[test]
fn the_shared_store_exports_to_a_read_only_desk_file() {
    use complaintdesk_core::desk::Desk;
    use complaintdesk_core::domain::case::CaseQuery;
    use complaintdesk_core::domain::types::Profile;
    let Some(url) = pg::scratch_database() else { return };
    let mut shared = Desk::create_shared(&url).unwrap();
    let end = Utc.with_ymd_and_hms(2026, 6, 30, 8, 0, 0).unwrap();
    complaintdesk_core::demo::fill(&mut shared, Profile::Property, 60, 3, end, 7).unwrap();
    let admin = shared.users().unwrap().into_iter().find(|u| u.login == "admin").unwrap().id;
    let first = shared.list_cases(admin, &CaseQuery::default()).unwrap().rows[0].id;
    let photo = b"a photo of the lift".to_vec();
    let attached = shared.add_attachment(admin, first, "电梯.jpg", &photo, end).unwrap().attachments[0].id;

    let dir = tempfile::tempdir().unwrap();
    let store = PgStore::open(&url).unwrap();
    let report = pg::export::export(&store, dir.path(), end).unwrap();
    assert_eq!(report.files, 1);
    assert!(report.tables.iter().any(|(t, n)| t == "cases" && *n == 60), "{:?}", report.tables);
    let copy = Desk::open(dir.path()).unwrap();
    for q in [CaseQuery::default(), CaseQuery { text: Some("电梯".into()), ..Default::default() }, CaseQuery { statuses: Some(vec!["closed".into()]), ..Default::default() }] {
        let (a, b) = (shared.list_cases(admin, &q).unwrap(), copy.list_cases(admin, &q).unwrap());
        assert_eq!(a.total, b.total, "{q:?}: the same cases");
        assert_eq!(a.rows.iter().map(|r| &r.number).collect::<Vec<_>>(), b.rows.iter().map(|r| &r.number).collect::<Vec<_>>(), "{q:?}");
    }
    let check = copy.audit_check().unwrap();
    assert!(check.ok, "the copy's chain verifies: {check:?}");
    assert_eq!(check.events, shared.audit_check().unwrap().events, "every event is there");
    assert_eq!(copy.read_attachment(admin, attached).unwrap().1, photo, "attachments come along");
    let refused = copy.add_note(admin, first, &complaintdesk_core::desk::dto::NoteInput { text: "x".into(), internal: false, kind: None, contact_method: None, department: None }, end).unwrap_err();
    assert_eq!(refused.rule.as_deref(), Some("desk.read_only_copy"), "{}", refused.message);
    let again = pg::export::export(&store, dir.path(), end).unwrap_err();
    assert_eq!(again.rule.as_deref(), Some("export.folder_empty"), "an export never writes over a desk");
}

/// A property desk on the shared store at `url`, set up at t0; its first administrator 张主管
/// (also clerk and supervisor).
fn property_desk(url: &str) -> (complaintdesk_core::desk::Desk, i64) {
    use complaintdesk_core::desk::dto::SetupInput;
    use complaintdesk_core::domain::types::Profile;
    let desk = complaintdesk_core::desk::Desk::create_shared(url).unwrap();
    let setup = SetupInput {
        profile: Profile::Property,
        org_name: "翠湖物业".into(),
        admin_login: "zhang".into(),
        admin_display_name: "张主管".into(),
        admin_password: "pass-1234".into(),
        extra_roles: vec![Role::Clerk, Role::Supervisor],
    };
    let boss = desk.setup(&setup, t0()).unwrap().id;
    (desk, boss)
}

/// A walk-in complaint about a lift, from `phone`.
fn lift(phone: &str) -> complaintdesk_core::domain::case::CaseInput {
    use complaintdesk_core::domain::types::{Channel, Claim};
    complaintdesk_core::domain::case::CaseInput {
        customer_name: Some("陈女士".into()),
        customer_phone: Some(phone.into()),
        channel: Some(Channel::WalkIn),
        subject: Some("电梯停运".into()),
        description: Some("3号楼电梯停运三天。".into()),
        claim: Some(Claim::Correction),
        category: Some("repair".into()),
        project: Some("翠湖花园".into()),
        ..Default::default()
    }
}
