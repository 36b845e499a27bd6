//! The customer page (客户): one customer's cases, follow-up calls and satisfaction, found by
//! phone or ID number. Pure rules: what identifies the customer, which of their cases a user
//! sees there, the counts and the mean score.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::case::{normalize_id_number, normalize_phone, CaseRow};
use super::{DeskError, DeskResult};

/// Who the customer is: a phone, an ID number, or the customer of a case (its phone and ID
/// number: a list that shows the phone masked opens the page by the case). A case whose phone or
/// ID number is any of them is the customer's.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export, optional_fields)]
pub struct CustomerKey {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    #[ts(optional, type = "number")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_id: Option<i64>,
}

/// A key checked and written as cases store it (a phone's digits, an ID number in capitals).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckedKey {
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub case_id: Option<i64>,
}

impl CustomerKey {
    /// The key as cases store it; refused, naming the field, when it is empty or malformed.
    pub fn checked(&self) -> DeskResult<CheckedKey> {
        let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let phone = given(&self.phone);
        let id_number = given(&self.id_number);
        if phone.is_none() && id_number.is_none() && self.case_id.is_none() {
            return Err(DeskError::required("phone", "客户电话或证件号码"));
        }
        let phone = match phone {
            Some(p) => Some(normalize_phone(&p).map_err(|e| e.field("phone"))?),
            None => None,
        };
        let id_number = match id_number {
            Some(id) => Some(normalize_id_number(&id).map_err(|e| e.field("id_number"))?),
            None => None,
        };
        Ok(CheckedKey { phone, id_number, case_id: self.case_id })
    }
}

/// One of the customer's cases with what the page needs beyond its list row.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerCase {
    pub row: CaseRow,
    /// The full values as stored (the page masks them).
    pub customer_phone: Option<String>,
    pub customer_id_number: Option<String>,
    pub customer_org: Option<String>,
    /// The staff member the complaint is about.
    pub staff_user_id: Option<i64>,
    pub repeat_complainant: bool,
    /// Reopened at least once (an unsatisfied follow-up or new facts).
    pub reopened: bool,
}

/// Whether `user_id` sees a case on the customer page. Not the staff member the complaint is
/// about (回避): the page gathers everything the customer said and how satisfied they were,
/// which is not for the person they complained of.
pub fn may_see(user_id: i64, case: &CustomerCase) -> bool {
    case.staff_user_id != Some(user_id)
}

/// The customer's cases in figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CustomerCounts {
    pub total: u32,
    /// Not finished (an initial or active status).
    pub open: u32,
    /// Reopened at least once.
    pub reopened: u32,
    /// Marked as a repeat complaint at intake (the same phone within 90 days).
    pub repeat: u32,
}

/// The counts of `cases`; `open_statuses` are the lifecycle's initial and active ones.
pub fn counts(cases: &[CustomerCase], open_statuses: &[String]) -> CustomerCounts {
    let n = |f: &dyn Fn(&CustomerCase) -> bool| cases.iter().filter(|c| f(c)).count() as u32;
    CustomerCounts {
        total: cases.len() as u32,
        open: n(&|c| open_statuses.contains(&c.row.status)),
        reopened: n(&|c| c.reopened),
        repeat: n(&|c| c.repeat_complainant),
    }
}

/// The mean of the scores given; none without any.
pub fn mean_score(scores: &[i64]) -> Option<f64> {
    (!scores.is_empty()).then(|| scores.iter().sum::<i64>() as f64 / scores.len() as f64)
}

/// Each value once, in the order first met (the cases come newest first, so the newest first).
pub fn distinct<'a>(values: impl IntoIterator<Item = Option<&'a str>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values.into_iter().flatten() {
        if !out.iter().any(|o| o == v) {
            out.push(v.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ErrorCode;

    fn key(phone: Option<&str>, id_number: Option<&str>, case_id: Option<i64>) -> CustomerKey {
        CustomerKey { phone: phone.map(Into::into), id_number: id_number.map(Into::into), case_id }
    }

    #[test]
    fn keys_are_checked_and_a_bad_one_names_its_field() {
        let cases: Vec<(&str, CustomerKey, Result<CheckedKey, (ErrorCode, &str)>)> = vec![
            (
                "a phone with spaces and dashes is read as its digits",
                key(Some(" 138-0013 8000 "), None, None),
                Ok(CheckedKey { phone: Some("13800138000".into()), ..Default::default() }),
            ),
            (
                "an ID number is kept in capitals",
                key(None, Some("11010119900101123x"), None),
                Ok(CheckedKey { id_number: Some("11010119900101123X".into()), ..Default::default() }),
            ),
            ("a case alone is a key", key(None, None, Some(7)), Ok(CheckedKey { case_id: Some(7), ..Default::default() })),
            ("nothing at all is refused on the phone", key(None, None, None), Err((ErrorCode::Required, "phone"))),
            ("blanks are nothing", key(Some("  "), Some(""), None), Err((ErrorCode::Required, "phone"))),
            ("letters in a phone are refused on the phone", key(Some("138abc"), None, None), Err((ErrorCode::Invalid, "phone"))),
            ("a short ID number is refused on the ID number", key(None, Some("12"), None), Err((ErrorCode::Invalid, "id_number"))),
        ];
        for (what, input, expected) in cases {
            let got = input.checked().map_err(|e| (e.code, e.field.unwrap_or_default()));
            match expected {
                Ok(k) => assert_eq!(got, Ok(k), "{what}"),
                Err((code, field)) => assert_eq!(got, Err((code, field.to_string())), "{what}"),
            }
        }
    }

    #[test]
    fn distinct_values_keep_the_order_first_met() {
        assert_eq!(distinct([Some("b"), None, Some("a"), Some("b")]), vec!["b".to_string(), "a".to_string()]);
        assert_eq!(mean_score(&[5, 4, 2]), Some(11.0 / 3.0), "the mean of three scores");
        assert_eq!(mean_score(&[]), None, "no score, no mean");
    }
}
