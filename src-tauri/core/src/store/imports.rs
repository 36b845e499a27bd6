//! Past complaints written in bulk (`desk::import`): a batch of cases, their search entries,
//! their import marks and their `imported` events, each as one multi-row statement, so a file of
//! a hundred thousand rows takes seconds, not minutes. The cases are written as the store's own
//! statements would write them: the per-day sums follow through the store's triggers, the case
//! numbers come from the same counters, the events join the same audit chain.
use chrono::{DateTime, Utc};

use super::db::{Db, Dialect, Value};
use super::{search, to_ms};
use crate::domain::case::{format_number, number_prefix, number_year};
use crate::domain::followup::REPEAT_WINDOW_DAYS;
use crate::domain::types::{CaseKind, Profile};
use crate::domain::{DeskError, DeskResult};
use crate::import::PastCase;

/// What can be made of a past case before it is written (on the reading thread): its search
/// words but for the case number (SQLite's; the shared store's are made as it is written), and
/// its import marks as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    words: Option<String>,
    missing: String,
    original: String,
}

/// [`Prepared`] for `past` on a store speaking `dialect`.
pub fn prepare(past: &PastCase, dialect: Dialect) -> Prepared {
    let parts = [
        past.subject.as_str(),
        past.description.as_str(),
        past.customer_name.as_deref().unwrap_or(""),
        past.customer_phone.as_deref().unwrap_or(""),
        past.project.as_deref().unwrap_or(""),
    ];
    Prepared {
        words: (dialect == Dialect::Sqlite).then(|| search::index_text(&parts)),
        missing: serde_json::to_string(&past.missing).unwrap_or_else(|_| "[]".into()),
        original: serde_json::to_string(&past.original).unwrap_or_else(|_| "{}".into()),
    }
}

/// The most rows one statement carries (each case binds 28 values; SQLite takes 32,766).
pub const BATCH: usize = 500;

/// Records an import; returns its id.
pub fn begin(db: &(impl Db + ?Sized), file_name: &str, sha256: &str, at: DateTime<Utc>, by: i64) -> DeskResult<i64> {
    db.row(
        "INSERT INTO imports (file_name, sha256, imported_at, imported_by, imported, refused) VALUES (?1, ?2, ?3, ?4, 0, 0) RETURNING id",
        &[file_name.into(), sha256.into(), to_ms(at).into(), by.into()],
    )?
    .ok_or_else(|| DeskError::storage("导入记录保存后读不到"))?
    .int("id")
}

/// Notes how many rows an import took and refused.
pub fn finish(db: &(impl Db + ?Sized), import_id: i64, imported: usize, refused: usize) -> DeskResult<()> {
    db.exec("UPDATE imports SET imported = ?2, refused = ?3 WHERE id = ?1", &[import_id.into(), (imported as i64).into(), (refused as i64).into()])?;
    Ok(())
}

/// When a file with this content was last imported, and how many cases it made.
pub fn imported_before(db: &(impl Db + ?Sized), sha256: &str) -> DeskResult<Option<(DateTime<Utc>, i64)>> {
    db.row("SELECT imported_at, imported FROM imports WHERE sha256 = ?1 ORDER BY id DESC LIMIT 1", &[sha256.into()])?
        .map(|r| Ok((super::from_ms(r.int("imported_at")?), r.int("imported")?)))
        .transpose()
}

/// Where case `id` was imported from, if it was.
pub fn of_case(db: &(impl Db + ?Sized), id: i64) -> DeskResult<Option<crate::desk::dto::ImportedFrom>> {
    let Some(r) = db.row(
        "SELECT i.file_name, i.imported_at, m.row_number, m.missing, m.original FROM case_imports m JOIN imports i ON i.id = m.import_id WHERE m.case_id = ?1",
        &[id.into()],
    )?
    else {
        return Ok(None);
    };
    Ok(Some(crate::desk::dto::ImportedFrom {
        file_name: r.text("file_name")?,
        row: r.int("row_number")?,
        imported_at: super::from_ms(r.int("imported_at")?),
        missing: serde_json::from_str(&r.text("missing")?).unwrap_or_default(),
        original: Some(serde_json::from_str(&r.text("original")?).unwrap_or_default()),
    }))
}

/// `n` new case ids: on SQLite, whose one writer holds the file, after the largest; on
/// PostgreSQL from the cases' own sequence, which other desks draw from at the same time.
fn new_ids(db: &(impl Db + ?Sized), n: usize) -> DeskResult<Vec<i64>> {
    match db.dialect() {
        Dialect::Sqlite => {
            let last = db.row("SELECT coalesce(max(id), 0) AS m FROM cases", &[])?.map(|r| r.int("m")).transpose()?.unwrap_or(0);
            Ok((1..=n as i64).map(|i| last + i).collect())
        }
        Dialect::Postgres => db
            .rows("SELECT nextval(pg_get_serial_sequence('cases', 'id')) AS id FROM generate_series(1, ?1) ORDER BY 1", &[(n as i64).into()])?
            .iter()
            .map(|r| r.int("id"))
            .collect(),
    }
}

/// `n` new case numbers of `kind` in the year of `now`, one counter step for all of them.
fn new_numbers(db: &(impl Db + ?Sized), kind: CaseKind, now: DateTime<Utc>, n: usize) -> DeskResult<Vec<String>> {
    let year = number_year(now);
    let args = [number_prefix(kind).into(), i64::from(year).into(), (n as i64).into()];
    let last = match db.row("UPDATE case_counters SET last = last + ?3 WHERE prefix = ?1 AND year = ?2 RETURNING last", &args)? {
        Some(r) => r.int("last")?,
        None => {
            db.exec("INSERT INTO case_counters (prefix, year, last) VALUES (?1, ?2, ?3)", &args)?;
            n as i64
        }
    };
    Ok((last - n as i64 + 1..=last).map(|seq| format_number(kind, year, seq)).collect())
}

fn marks(width: usize, rows: usize) -> String {
    vec![format!("({})", vec!["?"; width].join(", ")); rows].join(", ")
}

/// Writes `batch` (each case with its status) as complaints of `profile` registered by `by` at
/// `now`, marked as rows of import `import_id`; returns their ids, in order. Each case is a
/// repeat if its phone complained in the window before it (`domain::followup::is_repeat`).
pub fn insert_batch(db: &(impl Db + ?Sized), batch: &[(&PastCase, &Prepared, &str)], profile: Profile, by: i64, import_id: i64, now: DateTime<Utc>) -> DeskResult<Vec<i64>> {
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    let kind = CaseKind::Complaint;
    let ids = new_ids(db, batch.len())?;
    let numbers = new_numbers(db, kind, now, batch.len())?;
    let (mut cases, mut words, mut marks_of) = (Vec::new(), Vec::new(), Vec::new());
    for (((past, prepared, status), id), number) in batch.iter().zip(&ids).zip(&numbers) {
        let opt = |v: &Option<String>| Value::from(v.clone());
        cases.extend([
            Value::Int(*id),
            number.clone().into(),
            kind.code().into(),
            profile.code().into(),
            (*status).into(),
            opt(&past.customer_name),
            opt(&past.customer_phone),
            past.channel.code().into(),
            to_ms(past.received_at).into(),
            to_ms(now).into(),
            by.into(),
            past.subject.clone().into(),
            past.description.clone().into(),
            "other".into(),
            past.category.clone().into(),
            opt(&past.subcategory),
            "ordinary".into(),
            "normal".into(),
            "calm".into(),
            opt(&past.project),
            opt(&past.building),
            opt(&past.department),
            past.responded_at.map(to_ms).into(),
            past.closed_at.map(to_ms).into(),
            opt(&past.outcome),
            past.satisfaction.into(),
            past.compensation_cents.into(),
            to_ms(now).into(),
        ]);
        words.push(Value::Int(*id));
        let parts = || {
            [
                number.as_str(),
                past.subject.as_str(),
                past.description.as_str(),
                past.customer_name.as_deref().unwrap_or(""),
                past.customer_phone.as_deref().unwrap_or(""),
                past.project.as_deref().unwrap_or(""),
            ]
        };
        words.push(match (&prepared.words, db.dialect()) {
            (Some(w), _) => format!("{} {w}", search::index_text(&[number.as_str()])).into(),
            (None, Dialect::Sqlite) => search::index_text(&parts()).into(),
            (None, Dialect::Postgres) => search::index_words(&parts()).join(" ").into(),
        });
        marks_of.extend([
            Value::Int(*id),
            import_id.into(),
            (past.row as i64).into(),
            prepared.missing.clone().into(),
            prepared.original.clone().into(),
        ]);
    }
    db.exec(
        &format!(
            "INSERT INTO cases (id, number, kind, profile, status, customer_name, customer_phone, channel, received_at,
                registered_at, registered_by, subject, description, claim, category, subcategory, severity, urgency, mood,
                project, building, department, responded_at, closed_at, outcome, satisfaction, compensation_cents,
                updated_at) VALUES {}",
            marks(28, batch.len())
        ),
        &cases,
    )?;
    let (search_sql, word) = match db.dialect() {
        Dialect::Sqlite => ("INSERT INTO case_search (rowid, body) VALUES", "?"),
        Dialect::Postgres => ("INSERT INTO case_search (case_id, body) VALUES", "array_to_tsvector(string_to_array(?, ' '))"),
    };
    db.exec(&format!("{search_sql} {}", vec![format!("(?, {word})"); batch.len()].join(", ")), &words)?;
    db.exec(&format!("INSERT INTO case_imports (case_id, import_id, row_number, missing, original) VALUES {}", marks(5, batch.len())), &marks_of)?;
    // The set form of `is_repeat`: another complaint from the phone, at most the window before.
    let window = chrono::Duration::days(REPEAT_WINDOW_DAYS).num_milliseconds();
    let mut args: Vec<Value> = ids.iter().map(|id| Value::Int(*id)).collect();
    args.push(window.into());
    db.exec(
        &format!(
            "UPDATE cases SET repeat_complainant = 1
             WHERE id IN ({}) AND customer_phone IS NOT NULL AND kind = 'complaint' AND EXISTS (
                 SELECT 1 FROM cases o WHERE o.customer_phone = cases.customer_phone AND o.kind = 'complaint' AND o.id <> cases.id
                   AND o.received_at <= cases.received_at AND o.received_at >= cases.received_at - ?)",
            vec!["?"; ids.len()].join(", ")
        ),
        &args,
    )?;
    Ok(ids)
}
