//! Imported holiday calendar years (the shipped ones live in the binary), on either store.
use super::db::Db;
use crate::domain::deadline::CalendarYear;
use crate::domain::{DeskError, DeskResult};

pub fn all(db: &(impl Db + ?Sized)) -> DeskResult<Vec<CalendarYear>> {
    db.rows("SELECT year, json FROM calendar_years ORDER BY year", &[])?
        .iter()
        .map(|r| {
            let (year, json) = (r.int("year")?, r.text("json")?);
            serde_json::from_str(&json).map_err(|e| DeskError::storage(format!("{year} 年的节假日数据已损坏：{e}")))
        })
        .collect()
}

pub fn put(db: &(impl Db + ?Sized), year: &CalendarYear, by: i64, at_ms: i64) -> DeskResult<()> {
    let json = serde_json::to_string(year).map_err(|e| DeskError::storage(e.to_string()))?;
    let args = [i64::from(year.year).into(), json.into(), at_ms.into(), by.into()];
    if db.exec("UPDATE calendar_years SET json = ?2, imported_at = ?3, imported_by = ?4 WHERE year = ?1", &args)? == 0 {
        db.exec("INSERT INTO calendar_years (year, json, imported_at, imported_by) VALUES (?1, ?2, ?3, ?4)", &args)?;
    }
    Ok(())
}
