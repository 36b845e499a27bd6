//! The 项目（小区）list an admin keeps: who may keep it, refusals that change nothing, the names
//! the cases carry with their spelling variants, and 项目/楼栋 on the list's rows.
mod common;

use chrono::Duration;
use common::{add_user, elevator_complaint, set_up, t0};
use complaintdesk_core::domain::case::CaseQuery;
use complaintdesk_core::domain::types::{Profile, Role};
use complaintdesk_core::domain::ErrorCode;

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

on_both_stores! {
#[test]
fn an_admin_keeps_the_list_everyone_reads_it_and_a_refused_list_changes_nothing() {
    let (mut desk, admin, _dir) = set_up(Profile::Property, t0() - Duration::days(1));
    let clerk = add_user(&mut desk, admin, "wang", "王前台", vec![Role::Clerk], t0());
    assert!(desk.sites().unwrap().is_empty(), "a new desk has no list");

    let kept = desk.set_sites(admin, &names(&[" 翠湖花园 ", "", "金桂苑"])).unwrap();
    assert_eq!(kept.sites, names(&["翠湖花园", "金桂苑"]), "trimmed, blank lines left out, in the admin's order");
    assert_eq!(desk.sites().unwrap(), kept.sites, "what the intake form offers");

    let e = desk.set_sites(clerk, &names(&["别的"])).unwrap_err();
    assert_eq!(e.code, ErrorCode::RoleNotAllowed);
    assert_eq!(desk.site_settings(clerk).unwrap_err().code, ErrorCode::RoleNotAllowed, "the names in use are the admin's view");
    let e = desk.set_sites(admin, &names(&["翠湖花园", "翠湖 花园"])).unwrap_err();
    assert_eq!((e.field.as_deref(), e.rule.as_deref()), (Some("sites"), Some("sites.repeated")));
    assert!(e.message.contains("翠湖 花园"), "the message names the repeat: {}", e.message);
    assert_eq!(desk.sites().unwrap(), names(&["翠湖花园", "金桂苑"]), "refusals changed nothing");
}

#[test]
fn the_names_in_use_are_counted_and_spelling_variants_are_pointed_out() {
    let (desk, admin, _dir) = set_up(Profile::Property, t0() - Duration::days(1));
    for (project, n) in [("翠湖花园", 3), ("翠湖 花园", 2), ("金桂苑", 1)] {
        for i in 0..n {
            let input = complaintdesk_core::domain::case::CaseInput { project: Some(project.into()), ..elevator_complaint(&format!("1390000{i:04}")) };
            desk.create_case(admin, &input, t0() + Duration::minutes(i)).unwrap();
        }
    }
    let s = desk.set_sites(admin, &names(&["翠湖花园"])).unwrap();
    let seen: Vec<(&str, i64, bool, Option<&str>)> = s.in_use.iter().map(|u| (u.name.as_str(), u.cases, u.listed, u.variant_of.as_deref())).collect();
    assert_eq!(seen, [("翠湖花园", 3, true, None), ("翠湖 花园", 2, false, Some("翠湖花园")), ("金桂苑", 1, false, None)]);

    // The list's rows carry 项目 and 楼栋 for the optional columns.
    let page = desk.list_cases(admin, &CaseQuery { project: Some("金桂苑".into()), ..Default::default() }).unwrap();
    assert_eq!(page.rows.len(), 1);
    assert_eq!((page.rows[0].project.as_deref(), page.rows[0].building.as_deref()), (Some("金桂苑"), Some("3号楼")));
}
}
