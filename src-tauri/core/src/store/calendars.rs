//! Imported holiday calendar years (the shipped ones live in the binary).
use rusqlite::{params, Connection};

use crate::domain::deadline::CalendarYear;
use crate::domain::{DeskError, DeskResult};

pub fn all(conn: &Connection) -> DeskResult<Vec<CalendarYear>> {
    let mut stmt = conn.prepare_cached("SELECT year, json FROM calendar_years ORDER BY year")?;
    let rows: Vec<(i32, String)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|(year, json)| {
            serde_json::from_str(&json).map_err(|e| DeskError::storage(format!("{year} 年的节假日数据已损坏：{e}")))
        })
        .collect()
}

pub fn put(conn: &Connection, year: &CalendarYear, by: i64, at_ms: i64) -> DeskResult<()> {
    let json = serde_json::to_string(year).map_err(|e| DeskError::storage(e.to_string()))?;
    conn.execute(
        "INSERT INTO calendar_years (year, json, imported_at, imported_by) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (year) DO UPDATE SET json = excluded.json, imported_at = excluded.imported_at, imported_by = excluded.imported_by",
        params![year.year, json, at_ms, by],
    )?;
    Ok(())
}
