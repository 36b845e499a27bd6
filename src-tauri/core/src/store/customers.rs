//! One customer's cases (by phone and/or ID number) for the customer page.
use super::cases::{read_row, ROW_COLUMNS};
use super::db::{Db, Value};
use crate::domain::customer::CustomerCase;
use crate::domain::DeskResult;

/// The cases whose phone is one of `phones` or whose ID number is one of `id_numbers`, newest
/// received first, at most `limit` (the lookups are index ranges: `cases_phone`, `cases_id_number`).
pub fn cases(db: &(impl Db + ?Sized), phones: &[String], id_numbers: &[String], limit: usize) -> DeskResult<Vec<CustomerCase>> {
    if phones.is_empty() && id_numbers.is_empty() {
        return Ok(Vec::new());
    }
    let marks = |n: usize| vec!["?"; n.max(1)].join(", ");
    let sql = format!(
        "SELECT {ROW_COLUMNS}, c.customer_id_number, c.customer_org, c.staff_user_id, c.repeat_complainant,
            EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.kind = 'transition' AND e.action = 'reopen') AS reopened
         FROM cases c LEFT JOIN users u ON u.id = c.handler_id
         WHERE c.customer_phone IN ({}) OR c.customer_id_number IN ({})
         ORDER BY c.received_at DESC, c.id DESC LIMIT ?",
        marks(phones.len()),
        marks(id_numbers.len())
    );
    // An empty list still binds one NULL, which matches nothing.
    let values = |v: &[String]| -> Vec<Value> {
        if v.is_empty() { vec![Value::Null] } else { v.iter().map(|s| Value::Text(s.clone())).collect() }
    };
    let mut args = values(phones);
    args.extend(values(id_numbers));
    args.push(Value::Int(limit as i64));
    db.rows(&sql, &args)?
        .iter()
        .map(|r| {
            let row = read_row(r)?;
            Ok(CustomerCase {
                customer_phone: row.customer_phone.clone(),
                row,
                customer_id_number: r.opt_text("customer_id_number")?,
                customer_org: r.opt_text("customer_org")?,
                staff_user_id: r.opt_int("staff_user_id")?,
                repeat_complainant: r.bool("repeat_complainant")?,
                reopened: r.bool("reopened")?,
            })
        })
        .collect()
}
