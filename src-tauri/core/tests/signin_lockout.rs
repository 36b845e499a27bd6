//! Wrong passwords in a row: after three, each further try waits a growing delay after the last
//! one, the password is not even checked while it runs, and an admin is told. Every instant is
//! fixed (t0 plus seconds), so the test reads the same on any day and any machine.
mod common;

use chrono::{DateTime, Duration, Utc};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::types::{Profile, Role};
use complaintdesk_core::domain::{DeskError, ErrorCode};
use common::{add_user, set_up, t0};

const RIGHT: &str = "pass-1234";
const WRONG: &str = "pass-wrong-1";

fn at(secs: i64) -> DateTime<Utc> {
    t0() + Duration::seconds(secs)
}

/// A desk with its admin 张主管 (`zhang`) and a clerk 小王 (`wang`).
fn desk() -> (Desk, i64, i64, common::Place) {
    let (mut desk, admin, dir) = set_up(Profile::Property, t0());
    let clerk = add_user(&mut desk, admin, "wang", "小王", vec![Role::Clerk], t0());
    (desk, admin, clerk, dir)
}

fn wrong_at(desk: &mut Desk, login: &str, secs: i64) -> DeskError {
    let e = desk.sign_in(login, WRONG, at(secs)).unwrap_err();
    assert_eq!((e.code, e.rule.as_deref()), (ErrorCode::Invalid, Some("signin.wrong")), "a wrong password at +{secs} s is the usual refusal: {e:?}");
    e
}

fn assert_waits(e: &DeskError, secs: i64, why: &str) {
    assert_eq!(e.code, ErrorCode::TooManyAttempts, "{why}: refused as too many attempts, got {e:?}");
    assert_eq!((e.field.as_deref(), e.rule.as_deref()), (Some("password"), Some("signin.too_many")), "{why}: about the password");
    assert_eq!(e.message, format!("密码错误次数过多，请 {secs} 秒后再试"), "{why}: the message says how long to wait");
}

on_both_stores! {
#[test]
fn three_wrong_passwords_make_the_fourth_try_wait_thirty_seconds_even_with_the_right_one() {
    let (mut desk, _, clerk, _dir) = desk();
    for secs in [0, 2, 4] {
        wrong_at(&mut desk, "wang", secs);
    }
    let e = desk.sign_in("wang", RIGHT, at(14)).unwrap_err();
    assert_waits(&e, 20, "the right password 10 s after the third wrong one");
    let e = desk.sign_in("wang", WRONG, at(20)).unwrap_err();
    assert_waits(&e, 14, "a wrong one while waiting is not checked either");
    assert_eq!(desk.sign_in("wang", RIGHT, at(35)).unwrap().id, clerk, "31 s after the third wrong one, the right password signs in");

    // The right password started the count again: three more wrong ones before any wait.
    for secs in [40, 41] {
        wrong_at(&mut desk, "wang", secs);
    }
    assert_eq!(desk.sign_in("wang", RIGHT, at(42)).unwrap().id, clerk, "two wrong ones after a right one meet no delay");
}

#[test]
fn each_further_wrong_password_doubles_the_wait_up_to_fifteen_minutes() {
    let (mut desk, _, clerk, _dir) = desk();
    let mut t = 0;
    for _ in 0..3 {
        wrong_at(&mut desk, "wang", t);
    }
    // 30 s, 60 s, 120 s … counted from the last wrong password; each wrong try after the wait
    // doubles the next one, until the cap of 15 minutes.
    for expected in [30, 60, 120, 240, 480, 900, 900] {
        assert_waits(&desk.sign_in("wang", RIGHT, at(t + expected - 1)).unwrap_err(), 1, &format!("1 s before the {expected} s wait ends"));
        t += expected;
        wrong_at(&mut desk, "wang", t);
    }
    assert_waits(&desk.sign_in("wang", RIGHT, at(t)).unwrap_err(), 900, "the wait stays at 15 minutes");
    assert_eq!(desk.sign_in("wang", RIGHT, at(t + 900)).unwrap().id, clerk, "after the wait the right password signs in");
}

#[test]
fn an_admin_sees_who_met_wrong_passwords_and_a_new_password_clears_it() {
    let (mut desk, admin, clerk, _dir) = desk();
    for secs in [0, 1] {
        wrong_at(&mut desk, "wang", secs);
    }
    assert!(desk.app_state(Some(admin), false).unwrap().signin_alerts.is_empty(), "two wrong passwords are a typo, not news");
    wrong_at(&mut desk, "wang", 2);

    let alerts = desk.app_state(Some(admin), false).unwrap().signin_alerts;
    assert_eq!(alerts.len(), 1, "the admin hears of 小王's three wrong passwords: {alerts:?}");
    assert_eq!((alerts[0].user_id, alerts[0].login.as_str(), alerts[0].display_name.as_str()), (clerk, "wang", "小王"));
    assert_eq!((alerts[0].failures, alerts[0].last_failure_at), (3, at(2)), "how many in a row, and when the last was");
    assert!(desk.app_state(Some(clerk), false).unwrap().signin_alerts.is_empty(), "a clerk is not told");
    assert!(desk.app_state(Some(admin), true).unwrap().signin_alerts.is_empty(), "nor a locked window");
    assert!(desk.app_state(None, false).unwrap().signin_alerts.is_empty(), "nor the sign-in screen");

    desk.reset_password(admin, clerk, "new-pass-77").unwrap();
    assert!(desk.app_state(Some(admin), false).unwrap().signin_alerts.is_empty(), "a new password from the admin clears the warning");
    assert_eq!(desk.sign_in("wang", "new-pass-77", at(3)).unwrap().id, clerk, "and lets the user in at once");
}

#[test]
fn wrong_passwords_at_the_lock_screen_count_with_those_at_sign_in() {
    let (mut desk, admin, clerk, _dir) = desk();
    wrong_at(&mut desk, "wang", 0);
    for secs in [1, 2] {
        let e = desk.check_own_password(clerk, WRONG, at(secs)).unwrap_err();
        assert_eq!(e.rule.as_deref(), Some("unlock.wrong"), "a wrong password at the lock screen");
    }
    assert_waits(&desk.check_own_password(clerk, RIGHT, at(12)).unwrap_err(), 20, "the fourth unlock waits like a sign-in");
    assert_waits(&desk.sign_in("wang", RIGHT, at(12)).unwrap_err(), 20, "and so does signing in");
    assert_eq!(desk.app_state(Some(admin), false).unwrap().signin_alerts[0].failures, 3, "the admin sees the three");
    desk.check_own_password(clerk, RIGHT, at(32)).unwrap();
    assert!(desk.app_state(Some(admin), false).unwrap().signin_alerts.is_empty(), "the right password at the lock screen starts the count again");
}

#[test]
fn an_unknown_login_meets_the_same_refusals_as_a_known_one() {
    let (mut desk, _, _, _dir) = desk();
    for login in ["wang", "nobody"] {
        for secs in [0, 1, 2] {
            let e = wrong_at(&mut desk, login, secs);
            assert_eq!(e.message, "登录名或密码错误", "{login}: one message for a wrong login or password");
        }
        assert_waits(&desk.sign_in(login, RIGHT, at(12)).unwrap_err(), 20, &format!("{login}: the fourth try waits"));
        assert_waits(&desk.sign_in(&login.to_uppercase(), RIGHT, at(13)).unwrap_err(), 19, &format!("{login}: in capitals too"));
        wrong_at(&mut desk, login, 32);
        assert_waits(&desk.sign_in(login, RIGHT, at(33)).unwrap_err(), 59, &format!("{login}: the next wait doubles"));
    }
}

#[test]
fn the_count_survives_closing_the_desk() {
    let (mut desk, _, clerk, dir) = desk();
    for secs in [0, 1, 2] {
        wrong_at(&mut desk, "wang", secs);
    }
    drop(desk);
    let desk = dir.open();
    assert_waits(&desk.sign_in("wang", RIGHT, at(3)).unwrap_err(), 29, "a restart does not start the count again");
    assert_eq!(desk.sign_in("wang", RIGHT, at(32)).unwrap().id, clerk);
}
}
