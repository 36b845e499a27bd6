//! Cases on PostgreSQL.
use postgres::Transaction;

use super::{lost_race_on_key, record};
use crate::domain::case::{format_number, number_prefix};
use crate::domain::types::CaseKind;
use crate::domain::DeskResult;

/// The next case number of `kind` in `year`, taken in the case's own transaction: the counter
/// row stays locked until it commits, so desks registering at once get consecutive numbers, and
/// a rolled-back registration gives its number back. A year's first case creates the row; two
/// desks doing that at once collide on its key, and the loser's write runs again (it finds the
/// row).
pub fn next_number(tx: &mut Transaction<'_>, kind: CaseKind, year: i32) -> DeskResult<String> {
    let prefix = number_prefix(kind);
    let year = i64::from(year);
    let updated = tx
        .query_opt("UPDATE case_counters SET last = last + 1 WHERE prefix = $1 AND year = $2 RETURNING last", &[&prefix, &year])
        .map_err(|e| record(&e))?;
    let seq: i64 = match updated {
        Some(row) => row.get(0),
        None => {
            tx.execute("INSERT INTO case_counters (prefix, year, last) VALUES ($1, $2, 1)", &[&prefix, &year])
                .map_err(|e| lost_race_on_key(&e))?;
            1
        }
    };
    Ok(format_number(kind, year as i32, seq))
}
