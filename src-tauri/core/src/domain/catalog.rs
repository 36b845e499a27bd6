//! The classification trees each profile ships with (SPEC §3): categories, departments,
//! root causes and, for insurance, business lines and JR/T 0169-style cause codes.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::types::Profile;

const PROPERTY: &str = include_str!("../../data/catalog-property.json");
const INSURANCE: &str = include_str!("../../data/catalog-insurance.json");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CodeLabel {
    pub code: String,
    pub label: String,
    pub label_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Category {
    pub code: String,
    pub label: String,
    pub label_en: String,
    #[serde(default)]
    pub children: Vec<CodeLabel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Classification {
    pub categories: Vec<Category>,
    pub departments: Vec<String>,
    pub root_causes: Vec<CodeLabel>,
    pub business_lines: Vec<CodeLabel>,
    pub cause_channels: Vec<CodeLabel>,
    pub cause_businesses: Vec<CodeLabel>,
    pub cause_reasons: Vec<CodeLabel>,
}

impl Classification {
    /// The tree shipped for a profile. The data is compiled in and checked by a test.
    pub fn for_profile(profile: Profile) -> Classification {
        let text = match profile {
            Profile::Property => PROPERTY,
            Profile::Insurance => INSURANCE,
        };
        serde_json::from_str(text).expect("shipped classification data is checked by tests")
    }

    pub fn category(&self, code: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.code == code)
    }

    pub fn category_label(&self, code: &str) -> String {
        self.category(code).map(|c| c.label.clone()).unwrap_or_else(|| code.to_string())
    }

    pub fn has_subcategory(&self, category: &str, sub: &str) -> bool {
        self.category(category).is_some_and(|c| c.children.iter().any(|s| s.code == sub))
    }

    pub fn has_root_cause(&self, code: &str) -> bool {
        self.root_causes.iter().any(|c| c.code == code)
    }
}

pub fn has_code(list: &[CodeLabel], code: &str) -> bool {
    list.iter().any(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn shipped_trees_parse_and_codes_are_unique() {
        for p in Profile::ALL {
            let c = Classification::for_profile(*p);
            assert!(!c.categories.is_empty(), "{p} ships categories");
            assert!(!c.departments.is_empty(), "{p} ships departments");
            let mut seen = BTreeSet::new();
            for cat in &c.categories {
                assert!(seen.insert(cat.code.clone()), "category code {} is unique", cat.code);
                for s in &cat.children {
                    assert!(s.code.starts_with(&format!("{}.", cat.code)), "sub-category {} sits under {}", s.code, cat.code);
                    assert!(seen.insert(s.code.clone()), "sub-category code {} is unique", s.code);
                }
            }
        }
    }

    #[test]
    fn insurance_has_business_lines_and_cause_codes_property_does_not() {
        let ins = Classification::for_profile(Profile::Insurance);
        assert!(has_code(&ins.business_lines, "life"));
        assert!(has_code(&ins.cause_reasons, "01"), "JR/T 0169-style cause 01 销售误导");
        let prop = Classification::for_profile(Profile::Property);
        assert!(prop.business_lines.is_empty());
        assert!(prop.has_subcategory("repair", "repair.elevator"));
    }
}
