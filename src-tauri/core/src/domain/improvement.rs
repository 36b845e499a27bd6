//! Improvement items (整改事项, SPEC §7a): a root cause behind complaints, the action against it,
//! its owner and due date, the cases it covers, and whether it worked. The statuses and who may
//! move an item between them are declared here as data; the effect check is worked out from two
//! counts of complaints, before and after the action was done.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::types::Role;
use super::{DeskError, DeskResult};

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImprovementStatus {
    /// 待整改
    Open,
    /// 整改中
    InProgress,
    /// 已完成: the owner says the action is done; the effect is still to be checked.
    Done,
    /// 已验证: the check found that it worked.
    Verified,
    /// 无效: the check found that it did not; the item may be taken up again.
    Ineffective,
}

impl ImprovementStatus {
    pub const ALL: [ImprovementStatus; 5] = [Self::Open, Self::InProgress, Self::Done, Self::Verified, Self::Ineffective];

    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Verified => "verified",
            Self::Ineffective => "ineffective",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "待整改",
            Self::InProgress => "整改中",
            Self::Done => "已完成",
            Self::Verified => "已验证",
            Self::Ineffective => "无效",
        }
    }

    /// Still to be done by its owner (and so overdue once its due date has passed).
    pub fn is_pending(self) -> bool {
        matches!(self, Self::Open | Self::InProgress)
    }
}

/// Who may move an item: its owner, or a role that oversees improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mover {
    Owner,
    Overseer,
}

/// The roles that open items, verify them and may move any of them.
pub const OVERSEER_ROLES: &[Role] = &[Role::Supervisor, Role::Compliance];

/// The moves an item may make, and who may make each (declared as data; the desk checks them).
pub const MOVES: &[(ImprovementStatus, ImprovementStatus, &[Mover])] = &[
    (ImprovementStatus::Open, ImprovementStatus::InProgress, &[Mover::Owner, Mover::Overseer]),
    (ImprovementStatus::Open, ImprovementStatus::Done, &[Mover::Owner, Mover::Overseer]),
    (ImprovementStatus::InProgress, ImprovementStatus::Done, &[Mover::Owner, Mover::Overseer]),
    (ImprovementStatus::Done, ImprovementStatus::Verified, &[Mover::Overseer]),
    (ImprovementStatus::Done, ImprovementStatus::Ineffective, &[Mover::Overseer]),
    (ImprovementStatus::Done, ImprovementStatus::InProgress, &[Mover::Owner, Mover::Overseer]),
    (ImprovementStatus::Ineffective, ImprovementStatus::InProgress, &[Mover::Overseer]),
];

/// Whether `movers` may move an item from `from` to `to`: refused with the rule that says why.
pub fn check_move(from: ImprovementStatus, to: ImprovementStatus, movers: &[Mover]) -> DeskResult<()> {
    let Some((_, _, allowed)) = MOVES.iter().find(|(f, t, _)| *f == from && *t == to) else {
        return Err(DeskError::invalid("status", format!("整改事项不能从“{}”改为“{}”", from.label(), to.label())).rule("improvement.move"));
    };
    if allowed.iter().any(|m| movers.contains(m)) {
        Ok(())
    } else if allowed == &[Mover::Overseer] {
        Err(DeskError::new(super::ErrorCode::RoleNotAllowed, format!("改为“{}”需要主管或合规岗", to.label())).rule("improvement.move.overseer"))
    } else {
        Err(DeskError::new(super::ErrorCode::RoleNotAllowed, format!("只有责任人、主管或合规岗可以把整改事项改为“{}”", to.label())).rule("improvement.move.owner"))
    }
}

/// The longest texts an item takes.
pub const MAX_ACTION: usize = 2000;
pub const MAX_NOTE: usize = 2000;
/// The most cases one request links.
pub const MAX_LINKED: usize = 2000;

/// The days before and after the action's completion whose complaints the effect check counts.
pub const EFFECT_WINDOW_DAYS: i64 = 30;

/// The effect of an item: the complaints of its category (and site) in equal windows before and
/// after the day it was done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EffectCheck {
    #[ts(type = "number")]
    pub window_days: i64,
    /// The first day of the window before, the day the action was done (the window after starts
    /// there) and the last day of the window after.
    pub before_from: NaiveDate,
    pub done_on: NaiveDate,
    pub after_to: NaiveDate,
    #[ts(type = "number")]
    pub before: i64,
    #[ts(type = "number")]
    pub after: i64,
    /// The window after has ended (before that, the count is of the days so far).
    pub complete: bool,
    /// The change from before to after, as a share of before (−0.79: down 79%); none when
    /// nothing came in before.
    pub change: Option<f64>,
    /// Whether the complaints fell: what the supervisor's verdict (已验证 or 无效) is based on.
    pub fell: bool,
    /// The check in a sentence, e.g. 整改后 30 天投诉 3 件，整改前 30 天 14 件，下降 79%。
    pub summary: String,
}

/// The effect check of counts `before` and `after` over windows of `days` around `done_on`;
/// `today` says whether the window after has ended.
pub fn effect(done_on: NaiveDate, days: i64, before: i64, after: i64, today: NaiveDate) -> EffectCheck {
    let after_to = done_on + chrono::Duration::days(days - 1);
    let complete = today > after_to;
    let change = (before > 0).then(|| (after - before) as f64 / before as f64);
    let fell = after < before;
    let trend = match change {
        Some(c) if c < 0.0 => format!("下降 {:.0}%", -c * 100.0),
        Some(c) if c > 0.0 => format!("上升 {:.0}%", c * 100.0),
        Some(_) => "持平".to_string(),
        None if after > 0 => "整改前没有投诉".to_string(),
        None => "前后都没有投诉".to_string(),
    };
    // The day it was done is the window's first.
    let so_far = if complete { String::new() } else { format!("（整改后窗口尚未结束，截至今天共 {} 天）", ((today - done_on).num_days() + 1).clamp(1, days)) };
    EffectCheck {
        window_days: days,
        before_from: done_on - chrono::Duration::days(days),
        done_on,
        after_to,
        before,
        after,
        complete,
        change,
        fell,
        summary: format!("整改后 {days} 天投诉 {after} 件，整改前 {days} 天 {before} 件，{trend}{so_far}。"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn the_effect_is_said_as_the_counts_before_and_after_and_their_change() {
        let e = effect(day(3, 1), 30, 14, 3, day(4, 15));
        assert_eq!(e.summary, "整改后 30 天投诉 3 件，整改前 30 天 14 件，下降 79%。");
        assert!(e.complete && e.fell);
        assert_eq!((e.before_from, e.after_to), (day(1, 30), day(3, 30)), "30 days each side of the day it was done");
        let rise = effect(day(3, 1), 30, 4, 6, day(3, 11));
        assert_eq!(rise.summary, "整改后 30 天投诉 6 件，整改前 30 天 4 件，上升 50%（整改后窗口尚未结束，截至今天共 11 天）。");
        assert!(!rise.complete && !rise.fell);
        assert_eq!(effect(day(3, 1), 30, 0, 0, day(5, 1)).change, None);
    }

    #[test]
    fn only_the_declared_moves_by_their_movers_are_allowed() {
        use ImprovementStatus::*;
        assert!(check_move(Open, InProgress, &[Mover::Owner]).is_ok());
        assert!(check_move(InProgress, Done, &[Mover::Owner]).is_ok());
        assert_eq!(check_move(Done, Verified, &[Mover::Owner]).unwrap_err().rule.as_deref(), Some("improvement.move.overseer"), "an owner does not verify their own work");
        assert!(check_move(Done, Verified, &[Mover::Overseer]).is_ok());
        assert_eq!(check_move(Verified, Open, &[Mover::Overseer]).unwrap_err().rule.as_deref(), Some("improvement.move"));
        assert_eq!(check_move(Open, Done, &[]).unwrap_err().rule.as_deref(), Some("improvement.move.owner"));
        for s in ImprovementStatus::ALL {
            assert_eq!(ImprovementStatus::parse(s.code()), Some(s));
        }
    }
}
