//! The case list's pages and totals, on SQLite and (with a server, `tests/pg.sh`) PostgreSQL:
//! several statuses at once come back in the order one sorted query over all of them gives; a
//! long list counts to 10,000 and says there are more, and every case is still reachable page by
//! page; a text search with filters is one statement that binds the search once, and finds what
//! the search and the filters together find.
use std::cell::RefCell;

use complaintdesk_core::domain::case::{CaseQuery, SortKey};
use complaintdesk_core::domain::DeskResult;
use complaintdesk_core::store::cases::{self, reindex_by_id, PG_TEXT_CAP, TOTAL_CAP};
use complaintdesk_core::store::db::{Db, Dialect, Pg, Row, Value};
use complaintdesk_core::store::{pg, search, Store};

const STATUSES: [&str; 4] = ["registered", "assigned", "in_progress", "closed"];
const SUBJECTS: [&str; 4] = ["电梯坏了", "楼上漏水", "物业费上涨", "停车难"];

/// One case as the list filters and sorts it.
#[derive(Debug, Clone)]
struct Known {
    id: i64,
    status: String,
    handler_id: Option<i64>,
    category: String,
    received_at: i64,
    updated_at: i64,
    escalation: i64,
    due_at: Option<i64>,
}

/// `n` cases whose statuses, handlers, categories, times and words repeat at different periods,
/// so that many share a received time (the list's tie-break by number matters) and every
/// filter pairs with every other. The same statements on either store.
fn fill(db: &dyn Db, n: i64) {
    for login in ["h1", "h2", "h3"] {
        db.exec("INSERT INTO users (login, display_name, created_at) VALUES (?1, ?1, 0)", &[login.into()]).unwrap();
    }
    let first_user = db.row("SELECT min(id) AS id FROM users", &[]).unwrap().unwrap().int("id").unwrap();
    for i in 0..n {
        let due: Value = if i % 3 == 0 { Value::Null } else { Value::Int((i * 13 % 41) * 1000) };
        let handler: Value = if i % 5 == 0 { Value::Null } else { Value::Int(first_user + i % 3) };
        let id = db
            .row(
                "INSERT INTO cases (number, kind, profile, status, channel, received_at, registered_at, registered_by,
                                    subject, description, claim, category, severity, urgency, mood, updated_at,
                                    escalation, due_at, handler_id, project, customer_phone)
                 VALUES (?1, 'complaint', 'property', ?2, 'phone', ?3, ?3, ?4, ?5, ?6, 'correction', ?7, 'ordinary',
                         'normal', 'calm', ?8, ?9, ?10, ?11, ?12, ?13)
                 RETURNING id",
                &[
                    format!("TS-2026-{:06}", i + 1).into(),
                    STATUSES[(i % 4) as usize].into(),
                    ((i * 7919 % 97) * 60_000).into(),
                    first_user.into(),
                    SUBJECTS[(i % 4) as usize].into(),
                    format!("第{i}号").into(),
                    ["repair", "fees", "noise"][(i % 3) as usize].into(),
                    ((i * 31 % 50) * 1000).into(),
                    (i % 4).into(),
                    due,
                    handler,
                    format!("小区{}", i % 2).into(),
                    // Three cases in four have a phone, all of the same block.
                    if i % 4 == 3 { Value::Null } else { format!("1390001{i:05}").into() },
                ],
            )
            .unwrap()
            .unwrap()
            .int("id")
            .unwrap();
        reindex_by_id(db, id).unwrap();
    }
}

fn known(db: &dyn Db) -> Vec<Known> {
    db.rows("SELECT id, status, handler_id, category, received_at, updated_at, escalation, due_at FROM cases", &[])
        .unwrap()
        .iter()
        .map(|r| Known {
            id: r.int("id").unwrap(),
            status: r.text("status").unwrap(),
            handler_id: r.opt_int("handler_id").unwrap(),
            category: r.text("category").unwrap(),
            received_at: r.int("received_at").unwrap(),
            updated_at: r.int("updated_at").unwrap(),
            escalation: r.int("escalation").unwrap(),
            due_at: r.opt_int("due_at").unwrap(),
        })
        .collect()
}

/// The ids the query's filters keep, in its order, worked out here from every case: what one
/// sorted query over all the statuses gives.
fn expected(all: &[Known], q: &CaseQuery, text_hits: Option<&[i64]>) -> Vec<i64> {
    let sort = q.sort.unwrap_or_default();
    let mut kept: Vec<&Known> = all
        .iter()
        .filter(|k| q.statuses.as_ref().is_none_or(|s| s.is_empty() || s.contains(&k.status)))
        .filter(|k| q.handler_id.is_none_or(|h| k.handler_id == Some(h)))
        .filter(|k| q.category.as_ref().is_none_or(|c| &k.category == c))
        .filter(|k| text_hits.is_none_or(|hits| hits.contains(&k.id)))
        .filter(|k| sort != SortKey::DueAt || k.due_at.is_some())
        .collect();
    let key = |k: &Known| match sort {
        SortKey::ReceivedAt => k.received_at,
        SortKey::UpdatedAt => k.updated_at,
        SortKey::Number => k.id,
        SortKey::Escalation => k.escalation,
        SortKey::DueAt => k.due_at.unwrap_or_default(),
    };
    kept.sort_by_key(|k| (key(k), k.id));
    if q.descending.unwrap_or(true) {
        kept.reverse();
    }
    kept.iter().map(|k| k.id).collect()
}

fn ids(page: &complaintdesk_core::domain::case::CasePage) -> Vec<i64> {
    page.rows.iter().map(|r| r.id).collect()
}

fn statuses(s: &[&str]) -> Option<Vec<String>> {
    Some(s.iter().map(|s| s.to_string()).collect())
}

/// Runs `check` on a fresh SQLite desk and, when a server is at hand, on a fresh PostgreSQL
/// store, each filled with `n` cases.
fn on_both_stores(n: i64, check: impl Fn(&dyn Db)) {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Store::create_dir(dir.path()).unwrap();
    sqlite
        .write(|tx| {
            fill(tx, n);
            Ok(())
        })
        .unwrap();
    check(sqlite.reads());
    if let Some(url) = pg::scratch_database() {
        let store = pg::PgStore::init(&url).unwrap();
        store
            .write(|tx| {
                fill(&Pg::new(tx), n);
                Ok(())
            })
            .unwrap();
        let mut conn = store.client().unwrap();
        check(&Pg::new(&mut conn.client));
    }
}

#[test]
fn several_statuses_come_back_in_the_order_and_with_the_total_of_one_sorted_query() {
    on_both_stores(400, |db| {
        let all = known(db);
        let open = || statuses(&["assigned", "in_progress"]);
        let mut queries = Vec::new();
        for sort in [SortKey::ReceivedAt, SortKey::UpdatedAt, SortKey::Number, SortKey::Escalation, SortKey::DueAt] {
            for descending in [true, false] {
                for (s, handler, category) in [
                    (open(), None, None),
                    (statuses(&["registered", "assigned", "closed"]), None, None),
                    (open(), all[1].handler_id, None),
                    (open(), None, Some("fees".to_string())),
                    (statuses(&["closed"]), None, None),
                ] {
                    queries.push(CaseQuery {
                        statuses: s,
                        handler_id: handler,
                        category,
                        sort: Some(sort),
                        descending: Some(descending),
                        page_size: Some(7),
                        ..Default::default()
                    });
                }
            }
        }
        for q in queries {
            let want = expected(&all, &q, None);
            assert!(want.len() > 14, "the query keeps enough cases for three pages: {q:?}");
            for page in [1, 2, 5, (want.len() as u32).div_ceil(7), (want.len() as u32).div_ceil(7) + 1] {
                let got = cases::list(db, &CaseQuery { page: Some(page), ..q.clone() }).unwrap();
                let from = ((page - 1) * 7) as usize;
                let slice: Vec<i64> = want.iter().skip(from).take(7).copied().collect();
                assert_eq!(ids(&got), slice, "page {page} holds the same cases in the same order as one sorted query: {q:?}");
                assert_eq!(got.total, want.len() as i64, "the total counts every status's cases: {q:?}");
                assert!(!got.total_capped, "a short list's total is exact");
            }
        }
    });
}

#[test]
fn a_long_list_counts_to_ten_thousand_says_more_and_still_reaches_every_case() {
    // Three statuses of the four keep three quarters of the cases: more than the cap.
    let n = TOTAL_CAP * 4 / 3 + 70;
    on_both_stores(n, |db| {
        let whole = cases::list(db, &CaseQuery::default()).unwrap();
        match db.dialect() {
            Dialect::Sqlite => assert_eq!((whole.total, whole.total_capped), (n, false), "the whole list's total is exact, however long"),
            // PostgreSQL keeps no count: counting every case would cost more than the page.
            Dialect::Postgres => assert_eq!((whole.total, whole.total_capped), (TOTAL_CAP, true), "the whole list counts to the cap"),
        }

        let all = known(db);
        let open = CaseQuery { statuses: statuses(&["registered", "assigned", "in_progress"]), page_size: Some(200), ..Default::default() };
        let first = cases::list(db, &open).unwrap();
        assert!(first.total_capped, "a filter keeping more than the cap says its total is a lower bound");
        assert_eq!(first.total, TOTAL_CAP, "the lower bound shown is the cap");
        // Page by page to the first short page, as the export does: every open case, once, in order.
        let mut seen = Vec::new();
        for page in 1.. {
            let got = cases::list(db, &CaseQuery { page: Some(page), ..open.clone() }).unwrap();
            assert!(got.total >= seen.len() as i64 + got.rows.len() as i64, "page {page}: the total never says fewer than the pages hold");
            seen.extend(ids(&got));
            if got.rows.len() < 200 {
                break;
            }
        }
        assert_eq!(seen, expected(&all, &open, None), "paging past the cap reaches every open case, in order");

        let few = CaseQuery { statuses: statuses(&["closed"]), handler_id: all.iter().find_map(|k| k.handler_id), ..Default::default() };
        let small = cases::list(db, &few).unwrap();
        assert_eq!((small.total, small.total_capped), (expected(&all, &few, None).len() as i64, false), "a list under the cap counts exactly");

        // A word every case has, alone and with a filter; and the start of three phones in four
        // (more than the cap: counted off the phone index).
        assert_eq!(search::case_ids(db, "第").unwrap().len() as i64, n, "every case's description has the word");
        assert!(search::case_ids(db, "1390001").unwrap().len() as i64 > TOTAL_CAP);
        for q in [
            CaseQuery { text: Some("第".into()), ..Default::default() },
            CaseQuery { text: Some("第".into()), statuses: statuses(&["closed", "assigned", "in_progress"]), ..Default::default() },
            CaseQuery { text: Some("1390001".into()), ..Default::default() },
            CaseQuery { text: Some("1390001".into()), statuses: statuses(&["registered", "assigned", "in_progress"]), ..Default::default() },
        ] {
            let hits = search::case_ids(db, q.text.as_deref().unwrap()).unwrap();
            let got = cases::list(db, &q).unwrap();
            // Each hit counted on PostgreSQL is a row of the search index read: it counts fewer.
            let cap = match db.dialect() {
                Dialect::Sqlite => TOTAL_CAP,
                Dialect::Postgres => PG_TEXT_CAP,
            };
            assert_eq!((got.total, got.total_capped), (cap, true), "a search with more hits than the cap says so: {q:?}");
            let want = expected(&all, &q, Some(&hits));
            assert_eq!(ids(&got), want[..50].to_vec(), "its first page is the newest hits: {q:?}");
            let deep = cases::list(db, &CaseQuery { page: Some(201), page_size: Some(50), ..q.clone() }).unwrap();
            assert_eq!(ids(&deep), want[200 * 50..201 * 50].to_vec(), "a page past the cap is there: {q:?}");
            assert!(deep.total >= 201 * 50, "past the cap, the total is at least what the pages hold: {q:?}");
        }
    });
}

/// A store that notes each statement it is asked to run.
struct Noting<'a> {
    db: &'a dyn Db,
    seen: RefCell<Vec<(String, Vec<Value>)>>,
}

impl Db for Noting<'_> {
    fn dialect(&self) -> Dialect {
        self.db.dialect()
    }
    fn exec(&self, sql: &str, args: &[Value]) -> DeskResult<u64> {
        self.seen.borrow_mut().push((sql.to_string(), args.to_vec()));
        self.db.exec(sql, args)
    }
    fn rows(&self, sql: &str, args: &[Value]) -> DeskResult<Vec<Row>> {
        self.seen.borrow_mut().push((sql.to_string(), args.to_vec()));
        self.db.rows(sql, args)
    }
}

#[test]
fn a_text_search_with_filters_is_one_statement_binding_the_search_once_and_finds_the_same_on_both_stores() {
    on_both_stores(400, |db| {
        let all = known(db);
        for text in ["电梯", "漏水", "物业费", "第1", "无此词", "8"] {
            let hits = search::case_ids(db, text).unwrap();
            for q in [
                CaseQuery { text: Some(text.into()), ..Default::default() },
                CaseQuery { text: Some(text.into()), statuses: statuses(&["closed"]), ..Default::default() },
                CaseQuery { text: Some(text.into()), statuses: statuses(&["assigned", "in_progress", "registered"]), page_size: Some(5), page: Some(2), ..Default::default() },
                CaseQuery { text: Some(text.into()), handler_id: all[1].handler_id, category: Some("repair".into()), ..Default::default() },
                CaseQuery { text: Some(text.into()), sort: Some(SortKey::DueAt), descending: Some(false), page_size: Some(10), ..Default::default() },
            ] {
                let noting = Noting { db, seen: RefCell::new(Vec::new()) };
                let got = cases::list(&noting, &q).unwrap();
                let want = expected(&all, &q, Some(&hits));
                let page = q.page.unwrap_or(1) as usize;
                let size = q.page_size.unwrap_or(50) as usize;
                assert_eq!(ids(&got), want.iter().skip((page - 1) * size).take(size).copied().collect::<Vec<_>>(), "{text:?}: the page is the hits the filters keep, in order: {q:?}");
                assert_eq!((got.total, got.total_capped), (want.len() as i64, false), "{text:?}: the total is every hit the filters keep: {q:?}");
                if want.len() > (page - 1) * size {
                    let seen = noting.seen.borrow();
                    assert_eq!(seen.len(), 1, "{text:?}: the page and its total come from one statement: {q:?}");
                    // A search query quotes its words (FTS5 "…", tsquery '…'); the digits a phone
                    // is looked up by are not a search.
                    let searches = seen[0].1.iter().filter(|v| matches!(v, Value::Text(t) if t.contains(text.chars().next().unwrap()) && (t.contains('"') || t.contains('\'')))).count();
                    assert_eq!(searches, 1, "{text:?}: the search is bound once in it, not once for the hits, the page and the count: {q:?}");
                }
            }
        }
    });
}
