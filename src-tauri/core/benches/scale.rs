//! Ten years of complaints: a year's KPIs and dashboard, and the case list's filters, on a desk of
//! `CD_SCALE_CASES` cases (default 1,000,000: ten years × 100,000), side by side with the same
//! SQL statements run straight on the database (the raw-SQL twin), their ratio, and the target.
//! The desk is written in bulk (`demo::fill_years`, a few minutes) and the SQLite file kept under
//! target/bench-data for the next run; on PostgreSQL (`COMPLAINTDESK_PG_URL`, e.g. under
//! tests/pg.sh) a new database is filled each run, or the one `CD_SCALE_PG_URL` names is filled once
//! and kept. `CD_SCALE_STORES=sqlite` or `postgres` picks one; `CD_SCALE_LISTS=0` leaves the lists out.
//! Run: `make bench-scale` or `cargo bench -p complaintdesk-core --bench scale`.
use std::cell::RefCell;
use std::path::PathBuf;
use std::time::{Duration as StdDuration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{CaseQuery, CaseRow};
use complaintdesk_core::domain::kpi::KpiFilter;
use complaintdesk_core::domain::lifecycle::StatusKind;
use complaintdesk_core::domain::types::Role;
use complaintdesk_core::domain::DeskResult;
use complaintdesk_core::store::db::{Db, Dialect, Row, Value};
use complaintdesk_core::store::{cases, kpi as store_kpi};

/// Records every statement a store function runs, running it too.
struct Recorder<'a> {
    inner: &'a dyn Db,
    log: RefCell<Vec<(String, Vec<Value>)>>,
}

impl Db for Recorder<'_> {
    fn dialect(&self) -> Dialect {
        self.inner.dialect()
    }
    fn exec(&self, sql: &str, args: &[Value]) -> DeskResult<u64> {
        self.log.borrow_mut().push((sql.to_string(), args.to_vec()));
        self.inner.exec(sql, args)
    }
    fn rows(&self, sql: &str, args: &[Value]) -> DeskResult<Vec<Row>> {
        self.log.borrow_mut().push((sql.to_string(), args.to_vec()));
        self.inner.rows(sql, args)
    }
}

/// Where the twins run the recorded statements: a connection of their own to the same store.
enum Raw {
    Sqlite(rusqlite::Connection),
    Postgres(RefCell<postgres::Client>),
}

impl Raw {
    /// Runs the statements and reads every row (as the store's seam does).
    fn run(&self, statements: &[(String, Vec<Value>)]) {
        for (sql, args) in statements {
            match self {
                Raw::Sqlite(conn) => {
                    let mut stmt = conn.prepare_cached(sql).unwrap();
                    let width = stmt.column_count();
                    let params: Vec<rusqlite::types::Value> = args.iter().map(complaintdesk_core::store::db::to_sqlite).collect();
                    let mut rows = stmt.query(rusqlite::params_from_iter(params)).unwrap();
                    while let Some(r) = rows.next().unwrap() {
                        for i in 0..width {
                            std::hint::black_box(r.get_ref(i).unwrap());
                        }
                    }
                }
                Raw::Postgres(client) => {
                    let mut client = client.borrow_mut();
                    let stmt = client.prepare(&complaintdesk_core::store::db::numbered_for_postgres(sql)).unwrap();
                    let params: Vec<Box<dyn postgres::types::ToSql + Sync>> =
                        args.iter().zip(stmt.params()).map(|(v, t)| complaintdesk_core::store::db::to_pg(v, t).unwrap()).collect();
                    let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = params.iter().map(|p| p.as_ref()).collect();
                    std::hint::black_box(client.query(&stmt, &refs).unwrap());
                }
            }
        }
    }
}

fn median(mut times: Vec<StdDuration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

fn time(runs: usize, mut f: impl FnMut()) -> f64 {
    f();
    median((0..runs).map(|_| {
        let t = Instant::now();
        f();
        t.elapsed()
    }).collect())
}

struct Line {
    what: String,
    ours: f64,
    raw: Option<f64>,
    target: f64,
}

fn print(store: &str, cases: i64, lines: &[Line]) {
    println!("\n{store}: {cases} cases (medians; raw = the same statements straight on the database)");
    println!("{:<58} {:>9} {:>9} {:>6} {:>8}  ", "what", "ours ms", "raw ms", "ratio", "target");
    for l in lines {
        let (raw, ratio) = match l.raw {
            Some(r) => (format!("{r:.1}"), format!("{:.2}", l.ours / r.max(0.001))),
            None => ("—".into(), "—".into()),
        };
        let verdict = if l.ours <= l.target { "met" } else { "MISSED" };
        println!("{:<58} {:>9.1} {:>9} {:>6} {:>8.0}  {verdict}", l.what, l.ours, raw, ratio, l.target);
    }
}

fn measure(desk: &Desk, raw: &Raw) -> Vec<Line> {
    let admin = desk.users().unwrap().into_iter().find(|u| u.login == "admin").unwrap().id;
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    let year = KpiFilter { from: day(2025, 11, 21), to: day(2026, 11, 20), ..Default::default() };
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    let mut lines = Vec::new();

    // The KPIs' statements: what `Desk::kpi` reads for the year and the year before.
    let rec = Recorder { inner: desk.store().db(), log: RefCell::new(Vec::new()) };
    let lifecycle = desk.lifecycle();
    let mut open = lifecycle.statuses_of(StatusKind::Initial);
    open.extend(lifecycle.statuses_of(StatusKind::Active));
    for f in [year.clone(), year.previous().unwrap()] {
        let q = f.cases();
        store_kpi::sums(&rec, &f, &[]).unwrap();
        store_kpi::accept_hours(&rec, &q).unwrap();
        store_kpi::overdue_now(&rec, &q, &open).unwrap();
        store_kpi::repeat_phones(&rec, &q, false).unwrap();
    }
    let kpi_sql = rec.log.take();
    lines.push(Line {
        what: "a year's KPIs (kpi: the year + the year before)".into(),
        ours: time(7, || {
            desk.kpi(admin, &year).unwrap();
        }),
        raw: Some(time(7, || raw.run(&kpi_sql))),
        target: 300.0,
    });
    lines.push(Line {
        what: "a year's dashboard".into(),
        ours: time(5, || {
            desk.dashboard(admin, &year, now).unwrap();
        }),
        raw: None,
        target: 300.0,
    });

    let handler = desk.users().unwrap().into_iter().filter(|u| u.roles.contains(&Role::Handler)).nth(6).unwrap().id;
    let page = |q: CaseQuery| CaseQuery { page_size: Some(50), ..q };
    let lists: Vec<(String, CaseQuery, f64)> = vec![
        ("list: first page".into(), page(CaseQuery::default()), 20.0),
        (
            format!("list: handler {handler}, two open statuses"),
            page(CaseQuery { handler_id: Some(handler), statuses: Some(vec!["in_progress".into(), "responded".into()]), ..Default::default() }),
            20.0,
        ),
        ("list: status closed".into(), page(CaseQuery { statuses: Some(vec!["closed".into()]), ..Default::default() }), 20.0),
        ("list: category fees + one month".into(), page(CaseQuery { category: Some("fees".into()), from: day(2026, 3, 1), to: day(2026, 3, 31), ..Default::default() }), 20.0),
        ("list: site 碧水苑2".into(), page(CaseQuery { project: Some("碧水苑2".into()), ..Default::default() }), 20.0),
        ("list: text 电梯".into(), page(CaseQuery { text: Some("电梯".into()), ..Default::default() }), 50.0),
        ("list: text 物业费 + status closed".into(), page(CaseQuery { text: Some("物业费".into()), statuses: Some(vec!["closed".into()]), ..Default::default() }), 50.0),
        ("list: phone prefix 1390001".into(), page(CaseQuery { text: Some("1390001".into()), ..Default::default() }), 20.0),
    ];
    // CD_SCALE_LISTS=0: the figures only.
    let lists = if std::env::var("CD_SCALE_LISTS").is_ok_and(|v| v == "0") { Vec::new() } else { lists };
    for (what, q, target) in lists {
        let rec = Recorder { inner: desk.store().db(), log: RefCell::new(Vec::new()) };
        let total = cases::list(&rec, &q).unwrap().total;
        let statements = rec.log.take();
        let mut rows: Vec<CaseRow> = Vec::new();
        let ours = time(15, || rows = desk.list_cases(admin, &q).unwrap().rows);
        lines.push(Line { what: format!("{what} (page of 50 + total {total})"), ours, raw: Some(time(15, || raw.run(&statements))), target });
    }
    lines
}

fn main() {
    let n: usize = std::env::var("CD_SCALE_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let stores = std::env::var("CD_SCALE_STORES").unwrap_or_else(|_| "sqlite,postgres".into());
    let end = Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).unwrap();
    if stores.contains("sqlite") {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../target/bench-data/scale-{n}"));
        if !dir.join(complaintdesk_core::store::DB_FILE).exists() {
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            let desk = Desk::create(&dir).unwrap();
            desk.store().relax_durability_for_bulk_fill().unwrap();
            let t = Instant::now();
            complaintdesk_core::demo::fill_years(&desk, n, 10, end, 7).unwrap();
            eprintln!("SQLite: wrote {n} cases in {:.0} s", t.elapsed().as_secs_f64());
        }
        let desk = Desk::open(&dir).unwrap();
        let raw = Raw::Sqlite(rusqlite::Connection::open(dir.join(complaintdesk_core::store::DB_FILE)).unwrap());
        let lines = measure(&desk, &raw);
        print("SQLite", cases::count(desk.store().db(), &CaseQuery::default()).unwrap(), &lines);
    }
    if stores.contains("postgres") {
        // CD_SCALE_PG_URL: a database filled by an earlier run, kept (the private server of
        // tests/pg.sh is new each run).
        let kept = std::env::var("CD_SCALE_PG_URL").ok();
        let Some(url) = kept.clone().or_else(complaintdesk_core::store::pg::scratch_database) else {
            println!("\nPostgreSQL: skipped (no COMPLAINTDESK_PG_URL; run under tests/pg.sh)");
            return;
        };
        let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        // The raw twin runs under the store's own session settings (no JIT).
        client.batch_execute("SET jit = off").unwrap();
        let filled = kept.is_some() && client.query_one("SELECT to_regclass('cases') IS NOT NULL", &[]).unwrap().get::<_, bool>(0);
        if !filled {
            let desk = Desk::create_shared(&url).unwrap();
            desk.store().relax_durability_for_bulk_fill().unwrap();
            let t = Instant::now();
            complaintdesk_core::demo::fill_years(&desk, n, 10, end, 7).unwrap();
            eprintln!("PostgreSQL: wrote {n} cases in {:.0} s", t.elapsed().as_secs_f64());
            client.batch_execute("VACUUM ANALYZE").unwrap();
        }
        let desk = Desk::open_shared(&url).unwrap();
        let lines = measure(&desk, &Raw::Postgres(RefCell::new(client)));
        print("PostgreSQL", cases::count(desk.store().db(), &CaseQuery::default()).unwrap(), &lines);
    }
}
