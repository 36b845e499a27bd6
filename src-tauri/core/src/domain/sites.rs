//! The desk's 项目（小区）list, kept by an admin. The intake form and 更正信息 offer it, so the
//! figures by site do not split over spelling variants ("翠湖花园", "翠湖 花园", "ＣＨ花园").
//! A case still takes any name: the list offers, it never refuses.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::case::check_label;
use super::error::{DeskError, DeskResult};

/// Names on the list.
pub const MAX_SITES: usize = 500;
/// Characters per name, as a case's 项目（小区）.
pub const MAX_SITE: usize = 200;

/// A name found on cases, with how many carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SiteUse {
    pub name: String,
    #[ts(type = "number")]
    pub cases: i64,
    /// The name is on the list as it is written.
    pub listed: bool,
    /// The listed name this one differs from only in spaces, letter case or full-width forms.
    pub variant_of: Option<String>,
}

/// The list and the names the desk's cases carry (admin's view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SiteSettings {
    pub sites: Vec<String>,
    /// Most used first.
    pub in_use: Vec<SiteUse>,
}

/// What two spellings share when they differ only in spaces, letter case or full-width forms.
pub fn spelling_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            // Full-width ASCII (！ to ～) to its half-width form.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The list as it is kept: each name trimmed, blank lines left out. Refuses, naming the field
/// `sites`, more than [`MAX_SITES`] names, a name that is not a label as a case takes it
/// ([`check_label`], at most [`MAX_SITE`] characters), and a name that repeats an earlier one
/// up to spaces, letter case or full-width forms.
pub fn check_sites(sites: &[String]) -> DeskResult<Vec<String>> {
    let names: Vec<&str> = sites.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    if names.len() > MAX_SITES {
        return Err(DeskError::invalid("sites", format!("项目列表最多 {MAX_SITES} 个，现有 {} 个", names.len())).rule("sites.count"));
    }
    for (i, name) in names.iter().enumerate() {
        check_label("sites", &format!("第 {} 个项目", i + 1), name, MAX_SITE)?;
        let key = spelling_key(name);
        if let Some(earlier) = names[..i].iter().find(|e| spelling_key(e) == key) {
            return Err(DeskError::invalid("sites", format!("“{name}”与前面的“{earlier}”重复")).rule("sites.repeated"));
        }
    }
    Ok(names.into_iter().map(str::to_string).collect())
}

/// Each name in use (most used first), marked as listed or as a variant of a listed name.
pub fn uses(sites: &[String], counts: Vec<(String, i64)>) -> Vec<SiteUse> {
    counts
        .into_iter()
        .map(|(name, cases)| {
            let listed = sites.iter().any(|s| *s == name);
            let key = spelling_key(&name);
            let variant_of = if listed { None } else { sites.iter().find(|s| spelling_key(s) == key).cloned() };
            SiteUse { name, cases, listed, variant_of }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_list_is_trimmed_and_refuses_repeats_and_bad_names_naming_the_field() {
        assert_eq!(check_sites(&list(&[" 翠湖花园 ", "", "  ", "金桂苑"])).unwrap(), list(&["翠湖花园", "金桂苑"]));
        let refusals = [
            (list(&["翠湖花园", "翠湖 花园"]), "sites.repeated"),
            (list(&["CH Garden", "ｃｈｇａｒｄｅｎ"]), "sites.repeated"),
            (list(&["含\u{7}响铃"]), "text.control"),
            (list(&["翠湖\u{202E}花园"]), "text.bidi"),
            (vec!["长".repeat(MAX_SITE + 1)], "text.max_length"),
            ((0..=MAX_SITES).map(|i| format!("第{i}期")).collect(), "sites.count"),
        ];
        for (sites, rule) in refusals {
            let e = check_sites(&sites).unwrap_err();
            assert_eq!((e.field.as_deref(), e.rule.as_deref()), (Some("sites"), Some(rule)), "{:?}", &sites[..sites.len().min(2)]);
        }
    }

    #[test]
    fn a_name_in_use_is_listed_a_variant_or_neither() {
        let sites = list(&["翠湖花园", "CH Garden"]);
        let u = uses(&sites, vec![("翠湖花园".into(), 9), ("翠湖 花园".into(), 2), ("ＣＨ　ｇａｒｄｅｎ".into(), 1), ("金桂苑".into(), 1)]);
        assert_eq!(u.iter().map(|s| (s.listed, s.variant_of.as_deref())).collect::<Vec<_>>(), [
            (true, None),
            (false, Some("翠湖花园")),
            (false, Some("CH Garden")),
            (false, None),
        ]);
    }
}
