//! Per-day figures (`kpi_days`): for each day a complaint was received (desk zone) and each group
//! of category × channel × site × department × handler (and branch on a shared store), the sums
//! the KPIs are made of. The store keeps them itself: triggers on `cases` take a case's old
//! contribution out and put its new one in, in the same transaction as the change, whichever
//! use-case (or import, correction, migration) made it; triggers on the follow-up tables and on
//! reopen events keep the case's own follow-up counts and reopen mark, which move it.
//!
//! What is kept is declared once below and turned into each store's SQL, so the two stores and
//! the rebuild cannot count differently. A year's KPIs then read the period's rows of this table
//! instead of every case and its events.
use super::db::{Db, Dialect, Row, Value};
use crate::domain::DeskResult;

/// The day a case counts on: days since 1970-01-01 in the desk's zone (UTC+8, `desk_zone`).
const DAY: &str = "($.received_at + 28800000) / 86400000";

/// The group columns and each case's value (`$.` is the case).
const KEYS: &[(&str, &str)] = &[
    ("day", DAY),
    ("category", "$.category"),
    ("channel", "$.channel"),
    ("project", "coalesce($.project, '')"),
    ("department", "coalesce($.department, '')"),
    ("handler_id", "coalesce($.handler_id, 0)"),
];

/// The shared store also groups by branch, so each person's rows follow the cases they may see.
const PG_KEYS: &[(&str, &str)] = &[("branch", "$.branch")];

/// The sums, each a case's contribution (`$.` is the case). See `domain::kpi::Figures` for what
/// each figure is made of.
pub const MEASURES: &[(&str, &str)] = &[
    ("received", "1"),
    ("accepted", "CASE WHEN $.accepted_at IS NOT NULL THEN 1 ELSE 0 END"),
    ("closed", "CASE WHEN $.status = 'closed' THEN 1 ELSE 0 END"),
    ("solved", "CASE WHEN $.status = 'closed' AND $.solved = 1 THEN 1 ELSE 0 END"),
    ("notified", "CASE WHEN $.responded_on_time IS NOT NULL THEN 1 ELSE 0 END"),
    ("notified_on_time", "CASE WHEN $.responded_on_time = 1 THEN 1 ELSE 0 END"),
    ("decided", "CASE WHEN $.responded_at IS NOT NULL THEN 1 ELSE 0 END"),
    ("compensation_cents", "coalesce($.compensation_cents, 0)"),
    ("staff_minutes", "coalesce($.staff_minutes, 0)"),
    ("reopened", "$.reopened"),
    ("repeat_cases", "$.repeat_complainant"),
    ("sat_n", "CASE WHEN $.satisfaction IS NOT NULL THEN 1 ELSE 0 END"),
    ("sat_sum", "coalesce($.satisfaction, 0)"),
    ("handling_n", "CASE WHEN $.responded_at IS NOT NULL AND $.assigned_at IS NOT NULL THEN 1 ELSE 0 END"),
    // Whole seconds, truncated toward zero as chrono's `num_seconds` does.
    ("handling_secs", "CASE WHEN $.responded_at IS NOT NULL AND $.assigned_at IS NOT NULL THEN ($.responded_at - $.assigned_at) / 1000 ELSE 0 END"),
    ("fu_tasks", "$.fu_tasks"),
    ("fu_completed", "$.fu_completed"),
    ("fu_reopened", "$.fu_reopened"),
    ("fu_attempts", "$.fu_attempts"),
    ("fu_reached", "$.fu_reached"),
    ("fu_s1", "$.fu_s1"),
    ("fu_s2", "$.fu_s2"),
    ("fu_s3", "$.fu_s3"),
    ("fu_s4", "$.fu_s4"),
    ("fu_s5", "$.fu_s5"),
];

/// The columns of `cases` the sums and groups read: only a change of one of them moves figures.
const READS: &[&str] = &[
    "kind", "received_at", "category", "channel", "project", "department", "handler_id", "status", "solved", "accepted_at",
    "assigned_at", "responded_at", "responded_on_time", "compensation_cents", "staff_minutes", "reopened",
    "repeat_complainant", "satisfaction", "fu_tasks", "fu_completed", "fu_reopened", "fu_attempts", "fu_reached", "fu_s1",
    "fu_s2", "fu_s3", "fu_s4", "fu_s5",
];

/// A case's own follow-up counts, from its tasks and calls (what `store::followups::figures`
/// counted per cohort): tasks not cancelled, those with a reached call, those reopened; calls,
/// reached calls, and calls by score.
const FOLLOWUP_COUNTS: &str = "fu_tasks = (SELECT count(*) FROM followup_tasks t WHERE t.case_id = cases.id AND t.state <> 'cancelled'),
    fu_completed = (SELECT count(*) FROM followup_tasks t WHERE t.case_id = cases.id AND t.state <> 'cancelled'
                    AND EXISTS (SELECT 1 FROM followup_attempts a WHERE a.task_id = t.id AND a.reached = 1)),
    fu_reopened = (SELECT count(*) FROM followup_tasks t WHERE t.case_id = cases.id AND t.state = 'reopened'),
    fu_attempts = (SELECT count(*) FROM followup_attempts a WHERE a.case_id = cases.id),
    fu_reached = (SELECT coalesce(sum(a.reached), 0) FROM followup_attempts a WHERE a.case_id = cases.id),
    fu_s1 = (SELECT count(*) FROM followup_attempts a WHERE a.case_id = cases.id AND a.satisfaction = 1),
    fu_s2 = (SELECT count(*) FROM followup_attempts a WHERE a.case_id = cases.id AND a.satisfaction = 2),
    fu_s3 = (SELECT count(*) FROM followup_attempts a WHERE a.case_id = cases.id AND a.satisfaction = 3),
    fu_s4 = (SELECT count(*) FROM followup_attempts a WHERE a.case_id = cases.id AND a.satisfaction = 4),
    fu_s5 = (SELECT count(*) FROM followup_attempts a WHERE a.case_id = cases.id AND a.satisfaction = 5)";

/// Whether a reopen event marks its case.
const REOPEN_EVENT: &str = "$.kind = 'transition' AND $.action = 'reopen'";

fn keys(dialect: Dialect) -> Vec<(&'static str, &'static str)> {
    let mut k = KEYS.to_vec();
    if dialect == Dialect::Postgres {
        k.extend_from_slice(PG_KEYS);
    }
    k
}

fn on(expr: &str, row: &str) -> String {
    expr.replace("$.", &format!("{row}."))
}

fn key_names(dialect: Dialect) -> String {
    keys(dialect).iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
}

/// One case's contribution (`row`: `NEW`, `OLD` or an alias), signed, into `kpi_days`.
fn upsert(dialect: Dialect, row: &str, sign: &str) -> String {
    let names: Vec<&str> = keys(dialect).iter().map(|(k, _)| *k).chain(MEASURES.iter().map(|(m, _)| *m)).collect();
    let values: Vec<String> = keys(dialect)
        .iter()
        .map(|(_, e)| on(e, row))
        .chain(MEASURES.iter().map(|(_, e)| format!("{sign}({})", on(e, row))))
        .collect();
    let sets: Vec<String> = MEASURES.iter().map(|(m, _)| format!("{m} = kpi_days.{m} + excluded.{m}")).collect();
    format!(
        "INSERT INTO kpi_days ({}) SELECT {} WHERE {row}.kind = 'complaint' ON CONFLICT ({}) DO UPDATE SET {}",
        names.join(", "),
        values.join(", "),
        key_names(dialect),
        sets.join(", ")
    )
}

/// The table of per-day sums.
fn table(dialect: Dialect) -> String {
    let (int, text, tail) = match dialect {
        Dialect::Sqlite => ("INTEGER", "TEXT", " WITHOUT ROWID"),
        Dialect::Postgres => ("BIGINT", "TEXT", ""),
    };
    let mut cols: Vec<String> = keys(dialect)
        .iter()
        .map(|(k, _)| format!("{k} {} NOT NULL", if matches!(*k, "day" | "handler_id") { int } else { text }))
        .collect();
    cols.extend(MEASURES.iter().map(|(m, _)| format!("{m} {int} NOT NULL DEFAULT 0")));
    format!("CREATE TABLE kpi_days (\n    {},\n    PRIMARY KEY ({})\n){tail};\n", cols.join(",\n    "), key_names(dialect))
}

/// The table, its triggers on SQLite, and its first filling: the generated part of SQLite's
/// schema 11 (its script adds the case columns the triggers read).
pub fn sqlite_schema() -> String {
    let d = Dialect::Sqlite;
    let reads = READS.join(", ");
    format!(
        "{table}
CREATE TRIGGER kpi_case_added AFTER INSERT ON cases BEGIN {add_new}; END;
CREATE TRIGGER kpi_case_changed AFTER UPDATE OF {reads} ON cases BEGIN {take_old}; {add_new}; END;
CREATE TRIGGER kpi_case_removed AFTER DELETE ON cases BEGIN {take_old}; END;
CREATE TRIGGER kpi_reopen_marked AFTER INSERT ON events WHEN {reopen} BEGIN
    UPDATE cases SET reopened = 1 WHERE id = NEW.case_id AND reopened = 0; END;
CREATE TRIGGER kpi_task_added AFTER INSERT ON followup_tasks BEGIN {fu_new}; END;
CREATE TRIGGER kpi_task_changed AFTER UPDATE ON followup_tasks BEGIN {fu_old}; {fu_new}; END;
CREATE TRIGGER kpi_task_removed AFTER DELETE ON followup_tasks BEGIN {fu_old}; END;
CREATE TRIGGER kpi_call_added AFTER INSERT ON followup_attempts BEGIN {fu_new}; END;
CREATE TRIGGER kpi_call_changed AFTER UPDATE ON followup_attempts BEGIN {fu_old}; {fu_new}; END;
CREATE TRIGGER kpi_call_removed AFTER DELETE ON followup_attempts BEGIN {fu_old}; END;
",
        table = table(d),
        add_new = upsert(d, "NEW", ""),
        take_old = upsert(d, "OLD", "-"),
        reopen = on(REOPEN_EVENT, "NEW"),
        fu_new = format!("UPDATE cases SET {FOLLOWUP_COUNTS} WHERE id = NEW.case_id"),
        fu_old = format!("UPDATE cases SET {FOLLOWUP_COUNTS} WHERE id = OLD.case_id"),
    )
}

/// The same on PostgreSQL: the trigger functions run as the store's owner (people may read the
/// sums of their branch, never write them).
pub fn pg_schema() -> String {
    let d = Dialect::Postgres;
    let reads = READS.join(", ");
    format!(
        "{table}
ALTER TABLE kpi_days ENABLE ROW LEVEL SECURITY;
CREATE POLICY kpi_days_of_my_branch ON kpi_days
    USING ((SELECT complaintdesk_branch()) = '' OR branch = (SELECT complaintdesk_branch()));
DO $grant$ BEGIN EXECUTE format('GRANT SELECT ON kpi_days TO %I', current_database() || ':staff'); END $grant$;

CREATE FUNCTION complaintdesk_kpi_case() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN {take_old}; END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN {add_new}; END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER kpi_case_in_out AFTER INSERT OR DELETE ON cases FOR EACH ROW EXECUTE FUNCTION complaintdesk_kpi_case();
CREATE TRIGGER kpi_case_changed AFTER UPDATE OF {reads} ON cases FOR EACH ROW EXECUTE FUNCTION complaintdesk_kpi_case();

CREATE FUNCTION complaintdesk_kpi_reopen() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF {reopen} THEN UPDATE cases SET reopened = 1 WHERE id = NEW.case_id AND reopened = 0; END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER kpi_reopen_marked AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION complaintdesk_kpi_reopen();

CREATE FUNCTION complaintdesk_kpi_followup() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN UPDATE cases SET {fu} WHERE id = OLD.case_id; END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN UPDATE cases SET {fu} WHERE id = NEW.case_id; END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER kpi_task_moved AFTER INSERT OR UPDATE OR DELETE ON followup_tasks FOR EACH ROW EXECUTE FUNCTION complaintdesk_kpi_followup();
CREATE TRIGGER kpi_call_moved AFTER INSERT OR UPDATE OR DELETE ON followup_attempts FOR EACH ROW EXECUTE FUNCTION complaintdesk_kpi_followup();
",
        table = table(d),
        add_new = upsert(d, "NEW", ""),
        take_old = upsert(d, "OLD", "-"),
        reopen = on(REOPEN_EVENT, "NEW"),
        fu = FOLLOWUP_COUNTS,
    )
}

/// The sums as they should be, recounted from the cases, grouped as kept.
fn recount_sql(dialect: Dialect) -> String {
    let keys = keys(dialect);
    let cols: Vec<String> = keys
        .iter()
        .map(|(k, e)| format!("{} AS {k}", on(e, "c")))
        .chain(MEASURES.iter().map(|(m, e)| format!("CAST(sum({}) AS BIGINT) AS {m}", on(e, "c"))))
        .collect();
    let groups: Vec<String> = keys.iter().map(|(_, e)| on(e, "c")).collect();
    format!("SELECT {} FROM cases c WHERE c.kind = 'complaint' GROUP BY {}", cols.join(", "), groups.join(", "))
}

/// Fills every case's follow-up counts and reopen mark from its tasks, calls and events.
pub fn fill_case_marks(db: &(impl Db + ?Sized)) -> DeskResult<()> {
    db.exec(&format!("UPDATE cases SET {FOLLOWUP_COUNTS}"), &[])?;
    db.exec(
        "UPDATE cases SET reopened = CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.case_id = cases.id AND e.kind = 'transition' AND e.action = 'reopen') THEN 1 ELSE 0 END",
        &[],
    )?;
    Ok(())
}

/// Replaces the sums with a recount of the cases; how many groups there are.
pub fn refill_sums(db: &(impl Db + ?Sized)) -> DeskResult<u64> {
    let d = db.dialect();
    db.exec("DELETE FROM kpi_days", &[])?;
    let names: Vec<&str> = keys(d).iter().map(|(k, _)| *k).chain(MEASURES.iter().map(|(m, _)| *m)).collect();
    db.exec(&format!("INSERT INTO kpi_days ({}) {}", names.join(", "), recount_sql(d)), &[])
}

/// `db rebuild-figures`: the cases' marks, then the sums, from scratch, in the caller's
/// transaction.
pub fn rebuild(db: &(impl Db + ?Sized)) -> DeskResult<u64> {
    fill_case_marks(db)?;
    refill_sums(db)
}

/// The groups whose kept sums differ from a recount (at most 20, as text for the check's
/// report); empty when every sum is right. Rows whose sums have all gone back to zero are the
/// same as no row.
pub fn check(db: &(impl Db + ?Sized)) -> DeskResult<Vec<String>> {
    let d = db.dialect();
    let names: Vec<&str> = keys(d).iter().map(|(k, _)| *k).chain(MEASURES.iter().map(|(m, _)| *m)).collect();
    let cols = names.join(", ");
    let nonzero = MEASURES.iter().map(|(m, _)| format!("{m} <> 0")).collect::<Vec<_>>().join(" OR ");
    let kept = format!("SELECT {cols} FROM kpi_days WHERE {nonzero}");
    let recount = format!("SELECT {cols} FROM ({}) r", recount_sql(d));
    let sql = format!(
        "SELECT 'kept' AS side, x.* FROM ({kept} EXCEPT {recount}) x
         UNION ALL SELECT 'recount' AS side, y.* FROM ({recount} EXCEPT {kept}) y LIMIT 20"
    );
    Ok(db.rows(&sql, &[])?.iter().map(describe).collect())
}

fn describe(r: &Row) -> String {
    r.columns()
        .map(|(k, v)| match v {
            Value::Int(i) => format!("{k}={i}"),
            Value::Text(t) => format!("{k}={t}"),
            other => format!("{k}={other:?}"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_a_sum_reads_is_watched() {
        for (_, e) in MEASURES.iter().chain(KEYS) {
            for part in e.split("$.").skip(1) {
                let col: String = part.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                assert!(READS.contains(&col.as_str()), "{col} is read by a sum but its change fires no trigger");
            }
        }
    }
}
