//! 常用语: phrases an admin keeps per category for the respond step's 处理依据 (`decision_basis`)
//! and 处理结果 (`outcome`). The handler picks one and it is inserted into what they type; the
//! step itself checks the field as any other text. A set for the category `""` is offered for
//! every category (通用).
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::case::check_text;
use super::catalog::Classification;
use super::error::{DeskError, DeskResult};

/// Phrases per field and category.
pub const MAX_PHRASES: usize = 50;
/// Characters per phrase.
pub const MAX_PHRASE: usize = 2000;

/// The step fields that have phrases, with their labels.
pub const FIELDS: [(&str, &str); 2] = [("decision_basis", "处理依据"), ("outcome", "处理结果")];

/// One category's phrases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReplyTemplates {
    /// The category's code; `""`: offered for every category (通用).
    pub category: String,
    /// For 处理依据 (`decision_basis`), in the order they are offered.
    pub decision_basis: Vec<String>,
    /// For 处理结果 (`outcome`).
    pub outcome: Vec<String>,
}

impl ReplyTemplates {
    pub fn is_empty(&self) -> bool {
        self.decision_basis.is_empty() && self.outcome.is_empty()
    }

    /// Refuses, naming the field, a category the profile does not have, more than
    /// [`MAX_PHRASES`] phrases, a blank or repeated one, or one that is not text as a step takes
    /// it ([`check_text`], at most [`MAX_PHRASE`] characters). Phrases are kept as typed.
    pub fn check(&self, tree: &Classification) -> DeskResult<()> {
        if !self.category.is_empty() && tree.category(&self.category).is_none() {
            return Err(DeskError::invalid("category", format!("没有“{}”这个分类", self.category)).rule("reply_templates.category"));
        }
        for ((field, label), phrases) in FIELDS.iter().zip([&self.decision_basis, &self.outcome]) {
            if phrases.len() > MAX_PHRASES {
                return Err(DeskError::invalid(field, format!("“{label}”的常用语最多 {MAX_PHRASES} 条")).rule("reply_templates.count"));
            }
            for (i, phrase) in phrases.iter().enumerate() {
                let n = i + 1;
                if phrase.trim().is_empty() {
                    return Err(DeskError::invalid(field, format!("“{label}”的第 {n} 条常用语是空的")).rule("reply_templates.blank"));
                }
                check_text(field, &format!("{label}常用语第 {n} 条"), phrase, MAX_PHRASE)?;
                if phrases[..i].iter().any(|p| p.trim() == phrase.trim()) {
                    return Err(DeskError::invalid(field, format!("“{label}”的第 {n} 条常用语与前面的重复")).rule("reply_templates.repeated"));
                }
            }
        }
        Ok(())
    }
}

/// Every category of the tree once, the general set (`""`) first, with the phrases kept for it
/// (none where none are kept); sets for categories the tree no longer has are left out.
pub fn for_every_category(kept: &[ReplyTemplates], tree: &Classification) -> Vec<ReplyTemplates> {
    std::iter::once(String::new())
        .chain(tree.categories.iter().map(|c| c.code.clone()))
        .map(|category| kept.iter().find(|k| k.category == category).cloned().unwrap_or(ReplyTemplates { category, ..Default::default() }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::types::Profile;

    fn set(category: &str, basis: &[&str]) -> ReplyTemplates {
        ReplyTemplates { category: category.into(), decision_basis: basis.iter().map(|s| s.to_string()).collect(), outcome: vec![] }
    }

    #[test]
    fn phrases_are_checked_with_the_field_named() {
        let tree = Classification::for_profile(Profile::Property);
        assert!(set("repair", &["依据《物业服务合同》第十二条", "  依据维保协议\n"]).check(&tree).is_ok(), "kept as typed");
        assert!(set("", &["依据公司服务承诺"]).check(&tree).is_ok(), "the general set");
        let cases = [
            (set("nope", &[]), "category", "reply_templates.category"),
            (set("repair", &["a", " "]), "decision_basis", "reply_templates.blank"),
            (set("repair", &["依据合同", "依据合同 "]), "decision_basis", "reply_templates.repeated"),
            (set("repair", &["含\u{7}响铃"]), "decision_basis", "text.control"),
            (ReplyTemplates { outcome: vec!["x".repeat(MAX_PHRASE + 1)], ..set("repair", &[]) }, "outcome", "text.max_length"),
        ];
        for (templates, field, rule) in cases {
            let e = templates.check(&tree).unwrap_err();
            assert_eq!((e.field.as_deref(), e.rule.as_deref()), (Some(field), Some(rule)), "{templates:?}");
        }
        let many: Vec<String> = (0..=MAX_PHRASES).map(|i| format!("第{i}条")).collect();
        assert_eq!(ReplyTemplates { outcome: many, ..set("", &[]) }.check(&tree).unwrap_err().rule.as_deref(), Some("reply_templates.count"));
    }

    #[test]
    fn every_category_gets_a_set_the_general_one_first() {
        let tree = Classification::for_profile(Profile::Property);
        let all = for_every_category(&[set("repair", &["依据合同"]), set("gone", &["旧的"])], &tree);
        assert_eq!(all.len(), tree.categories.len() + 1);
        assert_eq!(all[0].category, "", "the general set first");
        assert_eq!(all.iter().find(|s| s.category == "repair").unwrap().decision_basis, vec!["依据合同"]);
        assert!(all.iter().all(|s| s.category != "gone"), "a category the tree no longer has is left out");
    }
}
