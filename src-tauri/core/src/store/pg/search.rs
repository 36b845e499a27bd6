//! Chinese search on stock PostgreSQL, with no extension: the same words as the SQLite index
//! (`store::search`: CJK bigrams, Latin and number words) stored as a tsvector with a GIN index
//! (`store::cases` writes it), and a tsquery built in Rust (`search::text_ids`), so both stores
//! find the same cases for the same text.
use crate::domain::DeskResult;
use crate::store::db::Db;
use crate::store::search::text_ids;

/// The ids of the cases `text` finds, in order.
pub fn case_ids(db: &(impl Db + ?Sized), text: &str) -> DeskResult<Vec<i64>> {
    let Some((ids, args)) = text_ids(text, db.dialect()) else { return Ok(Vec::new()) };
    db.rows(&format!("SELECT * FROM ({ids}) AS found ORDER BY 1"), &args)?.iter().map(|r| r.int_at(0)).collect()
}
