//! Chinese search on stock PostgreSQL, with no extension: the same words as the SQLite index
//! (`store::search`: CJK bigrams, Latin and number words) stored as a tsvector with a GIN index,
//! and a tsquery built in Rust, so both stores find the same cases for the same text.
use postgres::GenericClient;

use super::record;
use crate::domain::DeskResult;
use crate::store::search::{phone_tail, tsquery, tsquery_but_last, MIN_PHONE_TAIL};

/// (Re)indexes a case under `words` (`store::search::index_words` of its searchable fields).
pub fn index(db: &mut impl GenericClient, case_id: i64, words: &[String]) -> DeskResult<()> {
    db.execute("DELETE FROM case_search WHERE case_id = $1", &[&case_id]).map_err(|e| record(&e))?;
    db.execute("INSERT INTO case_search (case_id, body) VALUES ($1, array_to_tsvector($2::text[]))", &[&case_id, &words])
        .map_err(|e| record(&e))?;
    Ok(())
}

/// The ids of the cases `text` finds, as the SQLite store's `text_ids`: every word in the index,
/// the last as a prefix; when the last word is 4 or more digits, also a case whose phone ends with
/// them (through the index of phones' last four characters) if the other words match.
pub fn case_ids(db: &mut impl GenericClient, text: &str) -> DeskResult<Vec<i64>> {
    let Some(all) = tsquery(text) else { return Ok(Vec::new()) };
    let rows = match phone_tail(text) {
        None => db.query("SELECT case_id FROM case_search WHERE body @@ $1::text::tsquery ORDER BY case_id", &[&all]),
        Some(tail) => {
            let last4 = tail[tail.len() - MIN_PHONE_TAIL..].to_string();
            let length = tail.len() as i32;
            let rest = tsquery_but_last(text);
            db.query(
                "SELECT case_id FROM case_search WHERE body @@ $1::text::tsquery
                 UNION
                 SELECT id FROM cases WHERE customer_phone IS NOT NULL AND right(customer_phone, 4) = $2
                    AND right(customer_phone, $3) = $4
                    AND ($5::text IS NULL OR id IN (SELECT case_id FROM case_search WHERE body @@ $5::text::tsquery))
                 ORDER BY 1",
                &[&all, &last4, &length, &tail, &rest],
            )
        }
    }
    .map_err(|e| record(&e))?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}
