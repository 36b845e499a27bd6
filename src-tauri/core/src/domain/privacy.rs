//! Personal data (个人信息): who sees phones, ID and policy numbers in full, and the one masking
//! rule for everyone else. Lists and exports follow `lists`; the case detail follows `detail`,
//! where the full value is shown only on request (and the request is an event).
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::case::{Case, CaseRow, Event};
use super::types::Role;

/// Replaces every character between the first `head` and the last `tail` with `*`. A value too
/// short to keep both ends is all stars, so a short value never shows in full.
fn keep_ends(value: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    if n <= head + tail {
        return "*".repeat(n);
    }
    chars.iter().enumerate().map(|(i, c)| if i < head || i >= n - tail { *c } else { '*' }).collect()
}

/// `13812348000` → `138****8000`.
pub fn mask_phone(phone: &str) -> String {
    keep_ends(phone, 3, 4)
}

/// `110101199001011234` → `110***********1234`.
pub fn mask_id_number(id: &str) -> String {
    keep_ends(id, 3, 4)
}

/// `PA2026000123456` → `***********3456`.
pub fn mask_policy_number(policy: &str) -> String {
    keep_ends(policy, 0, 4)
}

/// Which roles see each kind of personal data in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Visibility {
    pub phone: Vec<Role>,
    pub id_number: Vec<Role>,
    pub policy_number: Vec<Role>,
}

/// The admin's setting (kept in `meta`): one visibility for lists and exports, one for the detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PrivacySettings {
    /// Case lists, the follow-up queue, customer history, same-phone rows and Excel exports.
    pub lists: Visibility,
    /// Who may ask for the full values on a case's detail (查看完整信息).
    pub detail: Visibility,
}

impl Default for PrivacySettings {
    fn default() -> Self {
        use Role::*;
        PrivacySettings {
            // Nobody needs ID or policy numbers in a list.
            lists: Visibility { phone: vec![Clerk, Handler, Supervisor, Followup], id_number: vec![], policy_number: vec![] },
            detail: Visibility {
                phone: vec![Clerk, Handler, Supervisor, Followup, Compliance],
                id_number: vec![Handler, Supervisor, Compliance],
                policy_number: vec![Handler, Supervisor, Compliance],
            },
        }
    }
}

impl PrivacySettings {
    /// The settings as given, without `system` and with each list sorted once.
    pub fn normalized(mut self) -> Self {
        for v in [&mut self.lists, &mut self.detail] {
            for roles in [&mut v.phone, &mut v.id_number, &mut v.policy_number] {
                roles.retain(|r| *r != Role::System);
                roles.sort();
                roles.dedup();
            }
        }
        self
    }
}

/// What one user sees in full: a user with several roles sees what the most permissive one does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sight {
    pub phone: bool,
    pub id_number: bool,
    pub policy_number: bool,
}

impl Sight {
    pub fn of(roles: &[Role], v: &Visibility) -> Sight {
        let any = |allowed: &[Role]| roles.iter().any(|r| allowed.contains(r));
        Sight { phone: any(&v.phone), id_number: any(&v.id_number), policy_number: any(&v.policy_number) }
    }

    pub fn any(self) -> bool {
        self.phone || self.id_number || self.policy_number
    }

    pub fn phone(self, value: Option<String>) -> Option<String> {
        if self.phone { value } else { value.map(|p| mask_phone(&p)) }
    }

    pub fn id_number(self, value: Option<String>) -> Option<String> {
        if self.id_number { value } else { value.map(|p| mask_id_number(&p)) }
    }

    pub fn policy_number(self, value: Option<String>) -> Option<String> {
        if self.policy_number { value } else { value.map(|p| mask_policy_number(&p)) }
    }

    pub fn row(self, mut row: CaseRow) -> CaseRow {
        row.customer_phone = self.phone(row.customer_phone);
        row
    }

    /// An event with the personal data among its before and after values masked (a
    /// correction of a phone, ID or policy number records both numbers).
    pub fn event(self, mut event: Event) -> Event {
        for values in [event.before.as_mut(), event.after.as_mut()].into_iter().flatten() {
            let serde_json::Value::Object(map) = values else { continue };
            for (key, shown) in [("customer_phone", self.phone), ("customer_id_number", self.id_number), ("policy_number", self.policy_number)] {
                if shown {
                    continue;
                }
                if let Some(serde_json::Value::String(v)) = map.get(key) {
                    let masked = match key {
                        "customer_phone" => mask_phone(v),
                        "customer_id_number" => mask_id_number(v),
                        _ => mask_policy_number(v),
                    };
                    map.insert(key.to_string(), serde_json::Value::String(masked));
                }
            }
        }
        event
    }

    pub fn case(self, mut case: Case) -> Case {
        case.customer_phone = self.phone(case.customer_phone);
        case.customer_id_number = self.id_number(case.customer_id_number);
        case.policy_number = self.policy_number(case.policy_number);
        case
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_the_agreed_ends() {
        for (input, expected) in [
            (mask_phone("13812348000"), "138****8000"),
            (mask_phone("+8613812348000"), "+86*******8000"),
            (mask_phone("12345"), "*****"),
            (mask_id_number("110101199001011234"), "110***********1234"),
            (mask_policy_number("PA2026000123456"), "***********3456"),
            (mask_policy_number("1234"), "****"),
        ] {
            assert_eq!(input, expected, "the mask keeps only the agreed first and last characters");
        }
    }

    #[test]
    fn several_roles_see_what_the_most_permissive_sees() {
        let s = PrivacySettings::default();
        assert!(!Sight::of(&[Role::Compliance], &s.lists).phone, "compliance sees phones masked in lists by default");
        assert!(Sight::of(&[Role::Compliance, Role::Clerk], &s.lists).phone, "adding clerk shows full phones");
        assert!(!Sight::of(&[Role::Supervisor], &s.lists).id_number, "nobody sees ID numbers in lists by default");
    }
}
