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
    // The root cause of a closed case ('' while open or when none was given).
    ("root_cause", "CASE WHEN $.status = 'closed' THEN coalesce($.root_cause_code, '') ELSE '' END"),
];

/// The tables of sums and the groups each keeps: the whole grouping, and narrower ones that
/// answer a whole desk's figures and splits (a year of those is a few rows a day, not one per
/// case). A query reads the narrowest table that has every group it filters or splits by.
pub const TABLES: &[(&str, &[&str])] = &[
    ("kpi_days_h", &["day", "handler_id"]),
    ("kpi_days_p", &["day", "project"]),
    ("kpi_days_rc", &["day", "root_cause"]),
    ("kpi_days_cc", &["day", "category", "channel"]),
    ("kpi_days", &["day", "category", "channel", "project", "department", "handler_id", "root_cause"]),
];

/// The narrowest table of sums that keeps every one of `groups`.
pub fn table_for(groups: &[&str]) -> &'static str {
    TABLES.iter().find(|(_, keys)| groups.iter().all(|g| keys.contains(g))).map_or("kpi_days", |(name, _)| name)
}

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
    "kind", "received_at", "root_cause_code", "category", "channel", "project", "department", "handler_id", "status", "solved", "accepted_at",
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

/// The groups of `table` with each case's value.
fn keys(dialect: Dialect, table: &str) -> Vec<(&'static str, &'static str)> {
    let names = TABLES.iter().find(|(name, _)| *name == table).map_or(&[][..], |(_, keys)| *keys);
    let mut k: Vec<(&str, &str)> = KEYS.iter().copied().filter(|(name, _)| names.contains(name)).collect();
    if dialect == Dialect::Postgres {
        k.extend_from_slice(PG_KEYS);
    }
    k
}

fn on(expr: &str, row: &str) -> String {
    expr.replace("$.", &format!("{row}."))
}

fn key_names(dialect: Dialect, table: &str) -> String {
    keys(dialect, table).iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
}

fn column_names(dialect: Dialect, table: &str) -> Vec<&'static str> {
    keys(dialect, table).iter().map(|(k, _)| *k).chain(MEASURES.iter().map(|(m, _)| *m)).collect()
}

/// One case's contribution (`row`: `NEW` or `OLD`), signed, into `table`.
fn upsert(dialect: Dialect, table: &str, row: &str, sign: &str) -> String {
    let values: Vec<String> = keys(dialect, table)
        .iter()
        .map(|(_, e)| on(e, row))
        .chain(MEASURES.iter().map(|(_, e)| format!("{sign}({})", on(e, row))))
        .collect();
    let sets: Vec<String> = MEASURES.iter().map(|(m, _)| format!("{m} = {table}.{m} + excluded.{m}")).collect();
    format!(
        "INSERT INTO {table} ({}) SELECT {} WHERE {row}.kind = 'complaint' ON CONFLICT ({}) DO UPDATE SET {}",
        column_names(dialect, table).join(", "),
        values.join(", "),
        key_names(dialect, table),
        sets.join(", ")
    )
}

/// One case's contribution into every table, as statements ending in `;`.
fn upsert_all(dialect: Dialect, row: &str, sign: &str) -> String {
    TABLES.iter().map(|(t, _)| format!("{};", upsert(dialect, t, row, sign))).collect::<Vec<_>>().join("\n    ")
}

/// The tables of per-day sums.
fn tables(dialect: Dialect) -> String {
    let (int, tail) = match dialect {
        Dialect::Sqlite => ("INTEGER", " WITHOUT ROWID"),
        Dialect::Postgres => ("BIGINT", ""),
    };
    let mut out = String::new();
    for (table, _) in TABLES {
        let mut cols: Vec<String> = keys(dialect, table)
            .iter()
            .map(|(k, _)| format!("{k} {} NOT NULL", if matches!(*k, "day" | "handler_id") { int } else { "TEXT" }))
            .collect();
        cols.extend(MEASURES.iter().map(|(m, _)| format!("{m} {int} NOT NULL DEFAULT 0")));
        out.push_str(&format!("CREATE TABLE {table} (\n    {},\n    PRIMARY KEY ({})\n){tail};\n", cols.join(",\n    "), key_names(dialect, table)));
    }
    out
}

/// The table, its triggers on SQLite, and its first filling: the generated part of SQLite's
/// schema 11 (its script adds the case columns the triggers read).
pub fn sqlite_schema() -> String {
    let d = Dialect::Sqlite;
    let reads = READS.join(", ");
    format!(
        "{table}
CREATE TRIGGER kpi_case_added AFTER INSERT ON cases BEGIN {add_new} END;
CREATE TRIGGER kpi_case_changed AFTER UPDATE OF {reads} ON cases BEGIN {take_old} {add_new} END;
CREATE TRIGGER kpi_case_removed AFTER DELETE ON cases BEGIN {take_old} END;
CREATE TRIGGER kpi_reopen_marked AFTER INSERT ON events WHEN {reopen} BEGIN
    UPDATE cases SET reopened = 1 WHERE id = NEW.case_id AND reopened = 0; END;
CREATE TRIGGER kpi_task_added AFTER INSERT ON followup_tasks BEGIN {fu_new}; END;
CREATE TRIGGER kpi_task_changed AFTER UPDATE ON followup_tasks BEGIN {fu_old}; {fu_new}; END;
CREATE TRIGGER kpi_task_removed AFTER DELETE ON followup_tasks BEGIN {fu_old}; END;
CREATE TRIGGER kpi_call_added AFTER INSERT ON followup_attempts BEGIN {fu_new}; END;
CREATE TRIGGER kpi_call_changed AFTER UPDATE ON followup_attempts BEGIN {fu_old}; {fu_new}; END;
CREATE TRIGGER kpi_call_removed AFTER DELETE ON followup_attempts BEGIN {fu_old}; END;
",
        table = tables(d),
        add_new = upsert_all(d, "NEW", ""),
        take_old = upsert_all(d, "OLD", "-"),
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
        "{table}{policies}
CREATE FUNCTION complaintdesk_kpi_case() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
    {take_old}
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
    {add_new}
    END IF;
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
        table = tables(d),
        policies = TABLES.iter().map(|(t, _)| format!(
            "ALTER TABLE {t} ENABLE ROW LEVEL SECURITY;
CREATE POLICY {t}_of_my_branch ON {t}
    USING ((SELECT complaintdesk_branch()) = '' OR branch = (SELECT complaintdesk_branch()));
DO $grant$ BEGIN EXECUTE format('GRANT SELECT ON {t} TO %I', current_database() || ':staff'); END $grant$;
")).collect::<String>(),
        add_new = upsert_all(d, "NEW", ""),
        take_old = upsert_all(d, "OLD", "-"),
        reopen = on(REOPEN_EVENT, "NEW"),
        fu = FOLLOWUP_COUNTS,
    )
}

/// Turns the shared store's triggers that keep the sums off (`on` false) or on again, for a bulk
/// write that rebuilds the sums once at its end ([`rebuild`]) instead of row by row. The store's
/// owner only; nothing else may write meanwhile.
pub fn pg_keep_sums(db: &(impl Db + ?Sized), on: bool) -> DeskResult<()> {
    let verb = if on { "ENABLE" } else { "DISABLE" };
    for (table, trigger) in [
        ("cases", "kpi_case_in_out"),
        ("cases", "kpi_case_changed"),
        ("events", "kpi_reopen_marked"),
        ("followup_tasks", "kpi_task_moved"),
        ("followup_attempts", "kpi_call_moved"),
    ] {
        db.exec(&format!("ALTER TABLE {table} {verb} TRIGGER {trigger}"), &[])?;
    }
    Ok(())
}

/// The sums of `table` as they should be, recounted from the cases.
fn recount_sql(dialect: Dialect, table: &str) -> String {
    let keys = keys(dialect, table);
    let cols: Vec<String> = keys
        .iter()
        .map(|(k, e)| format!("{} AS {k}", on(e, "c")))
        .chain(MEASURES.iter().map(|(m, e)| format!("CAST(sum({}) AS BIGINT) AS {m}", on(e, "c"))))
        .collect();
    let groups: Vec<String> = keys.iter().map(|(_, e)| on(e, "c")).collect();
    format!("SELECT {} FROM cases c WHERE c.kind = 'complaint' GROUP BY {}", cols.join(", "), groups.join(", "))
}

/// Fills every case's follow-up counts and reopen mark from its tasks, calls and events.
/// Only the cases that have tasks or calls, or counts to clear, and those whose mark is wrong,
/// are written (each write moves the case's sums).
pub fn fill_case_marks(db: &(impl Db + ?Sized)) -> DeskResult<()> {
    db.exec(
        &format!(
            "UPDATE cases SET {FOLLOWUP_COUNTS}
             WHERE id IN (SELECT case_id FROM followup_tasks UNION SELECT case_id FROM followup_attempts)
                OR fu_tasks <> 0 OR fu_attempts <> 0"
        ),
        &[],
    )?;
    let reopened = "EXISTS (SELECT 1 FROM events e WHERE e.case_id = cases.id AND e.kind = 'transition' AND e.action = 'reopen')";
    db.exec(&format!("UPDATE cases SET reopened = 1 WHERE reopened = 0 AND {reopened}"), &[])?;
    db.exec(&format!("UPDATE cases SET reopened = 0 WHERE reopened <> 0 AND NOT {reopened}"), &[])?;
    Ok(())
}

/// Replaces the sums with a recount of the cases; how many groups the whole grouping has.
pub fn refill_sums(db: &(impl Db + ?Sized)) -> DeskResult<u64> {
    let d = db.dialect();
    let mut groups = 0;
    for (table, _) in TABLES {
        db.exec(&format!("DELETE FROM {table}"), &[])?;
        groups = db.exec(&format!("INSERT INTO {table} ({}) {}", column_names(d, table).join(", "), recount_sql(d, table)), &[])?;
    }
    Ok(groups)
}

/// `db rebuild-figures`: the cases' marks, then the sums, from scratch, in the caller's
/// transaction.
pub fn rebuild(db: &(impl Db + ?Sized)) -> DeskResult<u64> {
    fill_case_marks(db)?;
    refill_sums(db)
}

/// The groups whose kept sums differ from a recount, in every table (at most 20, as text for
/// the check's report); empty when every sum is right. Rows whose sums have all gone back to zero are the
/// same as no row.
pub fn check(db: &(impl Db + ?Sized)) -> DeskResult<Vec<String>> {
    let d = db.dialect();
    let nonzero = MEASURES.iter().map(|(m, _)| format!("{m} <> 0")).collect::<Vec<_>>().join(" OR ");
    let mut out = Vec::new();
    for (table, _) in TABLES {
        let cols = column_names(d, table).join(", ");
        let kept = format!("SELECT {cols} FROM {table} WHERE {nonzero}");
        let recount = format!("SELECT {cols} FROM ({}) r", recount_sql(d, table));
        let sql = format!(
            "SELECT '{table} kept' AS side, x.* FROM ({kept} EXCEPT {recount}) x
             UNION ALL SELECT '{table} recount' AS side, y.* FROM ({recount} EXCEPT {kept}) y LIMIT 20"
        );
        out.extend(db.rows(&sql, &[])?.iter().map(describe));
        if out.len() >= 20 {
            out.truncate(20);
            break;
        }
    }
    Ok(out)
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
