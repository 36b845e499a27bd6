//! Follow-up campaigns (集中回访, SPEC §6 and §7a): a chosen set of cases called back together
//! after a change, with a script and a period. Each case gets a campaign call, apart from its own
//! follow-up: a campaign never reopens a closed case; a customer who says the problem is back gets
//! a new case, linked to the old one. The campaign reports its results together and closes with
//! a result that its improvement item shows.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::types::ContactMethod;
use super::{DeskError, DeskResult};

/// Where a campaign stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CampaignStatus {
    /// 进行中: its calls are in the 回访 queue.
    Running,
    /// 已结束: closed with its result; calls not made are left as 未拨打.
    Closed,
}

impl CampaignStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Running, Self::Closed].into_iter().find(|s| s.code() == code)
    }
}

/// Where one campaign call stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CallState {
    /// 待回访: not made yet, or not answered and to be tried again.
    Open,
    /// 已回访: the customer was reached and answered.
    Reached,
    /// 联系不上: every allowed attempt went unanswered.
    Unreachable,
    /// 未拨打: the campaign closed before the call was made.
    Dropped,
}

impl CallState {
    pub const ALL: [CallState; 4] = [Self::Open, Self::Reached, Self::Unreachable, Self::Dropped];

    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Reached => "reached",
            Self::Unreachable => "unreachable",
            Self::Dropped => "dropped",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The most cases one campaign calls.
pub const MAX_CASES: usize = 2000;
pub const MAX_TITLE: usize = 100;
pub const MAX_SCRIPT: usize = 4000;
pub const MAX_TEXT: usize = 2000;
/// The longest period a campaign runs.
pub const MAX_DAYS: i64 = 366;

/// One campaign call as the follow-up clerk records it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct CallInput {
    pub method: Option<ContactMethod>,
    pub reached: bool,
    /// 1–5, when reached.
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub satisfaction: Option<i64>,
    /// Whether the customer says the problem is back, when reached: a new case is registered.
    #[serde(default)]
    pub problem_back: Option<bool>,
    #[serde(default)]
    pub comment: Option<String>,
}

/// A checked call: what it records and the state it leaves the call in.
#[derive(Debug, Clone, PartialEq)]
pub struct JudgedCall {
    pub method: ContactMethod,
    pub reached: bool,
    pub satisfaction: Option<i64>,
    pub problem_back: bool,
    pub comment: Option<String>,
    pub attempts: u32,
    pub state: CallState,
}

/// Checks a call made after `attempts_before` unanswered ones, with at most `max_attempts` in all.
pub fn judge_call(input: &CallInput, attempts_before: u32, max_attempts: u32) -> DeskResult<JudgedCall> {
    let method = input.method.ok_or_else(|| DeskError::required("method", "回访方式"))?;
    let comment = match input.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => {
            super::case::check_text("comment", "客户意见", c, MAX_TEXT)?;
            Some(c.to_string())
        }
        None => None,
    };
    let attempts = attempts_before + 1;
    if input.reached {
        let score = input.satisfaction.ok_or_else(|| DeskError::required("satisfaction", "满意度"))?;
        if !(1..=5).contains(&score) {
            return Err(DeskError::invalid("satisfaction", "满意度应为 1 到 5 分").rule("satisfaction.range"));
        }
        let problem_back = input.problem_back.ok_or_else(|| DeskError::required("problem_back", "问题是否复现"))?;
        if problem_back && comment.is_none() {
            return Err(DeskError::required("comment", "客户反映的问题（将登记为新案件）"));
        }
        Ok(JudgedCall { method, reached: true, satisfaction: Some(score), problem_back, comment, attempts, state: CallState::Reached })
    } else {
        if input.satisfaction.is_some() || input.problem_back.is_some() {
            return Err(DeskError::invalid("satisfaction", "未联系上客户时不能填写满意度或问题是否复现").rule("campaign.not_reached.no_answer"));
        }
        let state = if attempts >= max_attempts { CallState::Unreachable } else { CallState::Open };
        Ok(JudgedCall { method, reached: false, satisfaction: None, problem_back: false, comment, attempts, state })
    }
}

/// Checks a campaign's period: it ends on or after the day it starts, and not before today,
/// and runs at most `MAX_DAYS`.
pub fn check_period(starts_on: NaiveDate, ends_on: NaiveDate, today: NaiveDate) -> DeskResult<()> {
    if ends_on < starts_on {
        return Err(DeskError::invalid("ends_on", "结束日期不能早于开始日期").rule("campaign.period"));
    }
    if ends_on < today {
        return Err(DeskError::invalid("ends_on", "结束日期不能早于今天").rule("campaign.period"));
    }
    if (ends_on - starts_on).num_days() >= MAX_DAYS {
        return Err(DeskError::invalid("ends_on", format!("集中回访最长 {MAX_DAYS} 天")).rule("campaign.period"));
    }
    Ok(())
}

/// A campaign's results: how many of its calls were made, reached, satisfied, and how many
/// customers said the problem was back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignFigures {
    pub calls: u32,
    /// Still to call (or to call again).
    pub pending: u32,
    pub reached: u32,
    pub unreachable: u32,
    pub dropped: u32,
    /// Reached and scored 4 or 5.
    pub satisfied: u32,
    pub problem_back: u32,
    /// Mean score of the reached calls.
    pub mean_satisfaction: Option<f64>,
    /// Satisfied ÷ reached.
    pub satisfied_share: Option<f64>,
}

impl CampaignFigures {
    /// The figures of calls given as (state, score, problem back, how many calls are so).
    pub fn of(calls: impl IntoIterator<Item = (CallState, Option<i64>, bool, u32)>) -> Self {
        let mut f = Self::default();
        let mut sum = 0i64;
        for (state, score, back, n) in calls {
            f.calls += n;
            match state {
                CallState::Open => f.pending += n,
                CallState::Reached => f.reached += n,
                CallState::Unreachable => f.unreachable += n,
                CallState::Dropped => f.dropped += n,
            }
            if state == CallState::Reached {
                let s = score.unwrap_or(0);
                sum += s * i64::from(n);
                if s >= 4 {
                    f.satisfied += n;
                }
            }
            if back {
                f.problem_back += n;
            }
        }
        if f.reached > 0 {
            f.mean_satisfaction = Some(sum as f64 / f64::from(f.reached));
            f.satisfied_share = Some(f64::from(f.satisfied) / f64::from(f.reached));
        }
        f
    }

    /// The results in a sentence, e.g. 回访 20 户，接通 18 户，满意 15 户（83%），问题复现 2 户。
    pub fn summary(&self) -> String {
        let share = self.satisfied_share.map(|s| format!("（{:.0}%）", s * 100.0)).unwrap_or_default();
        let mut s = format!("回访 {} 户，接通 {} 户，满意 {} 户{share}，问题复现 {} 户", self.calls, self.reached, self.satisfied, self.problem_back);
        if self.pending > 0 {
            s.push_str(&format!("，待回访 {} 户", self.pending));
        }
        s.push('。');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(reached: bool, score: Option<i64>, back: Option<bool>) -> CallInput {
        CallInput { method: Some(ContactMethod::Phone), reached, satisfaction: score, problem_back: back, comment: back.filter(|b| *b).map(|_| "又漏水了".into()) }
    }

    #[test]
    fn a_call_is_reached_with_a_score_and_an_answer_or_tried_again_until_the_attempts_run_out() {
        let ok = judge_call(&call(true, Some(5), Some(false)), 0, 3).unwrap();
        assert_eq!((ok.state, ok.attempts, ok.satisfaction), (CallState::Reached, 1, Some(5)));
        assert_eq!(judge_call(&call(true, None, Some(false)), 0, 3).unwrap_err().field.as_deref(), Some("satisfaction"));
        assert_eq!(judge_call(&call(true, Some(6), Some(false)), 0, 3).unwrap_err().rule.as_deref(), Some("satisfaction.range"));
        assert_eq!(judge_call(&call(true, Some(4), None), 0, 3).unwrap_err().field.as_deref(), Some("problem_back"));
        let back_without_words = CallInput { comment: None, ..call(true, Some(2), Some(true)) };
        assert_eq!(judge_call(&back_without_words, 0, 3).unwrap_err().field.as_deref(), Some("comment"), "the new case needs what the customer said");
        assert_eq!(judge_call(&call(false, None, None), 0, 3).unwrap().state, CallState::Open);
        assert_eq!(judge_call(&call(false, None, None), 2, 3).unwrap().state, CallState::Unreachable, "the third unanswered call of three");
        assert_eq!(judge_call(&call(false, Some(3), None), 0, 3).unwrap_err().rule.as_deref(), Some("campaign.not_reached.no_answer"));
        assert_eq!(judge_call(&CallInput { method: None, ..call(false, None, None) }, 0, 3).unwrap_err().field.as_deref(), Some("method"));
    }

    #[test]
    fn figures_count_each_state_and_the_satisfied_share_of_those_reached() {
        let f = CampaignFigures::of([
            (CallState::Reached, Some(5), false, 1),
            (CallState::Reached, Some(4), false, 1),
            (CallState::Reached, Some(2), true, 1),
            (CallState::Unreachable, None, false, 1),
            (CallState::Open, None, false, 1),
        ]);
        assert_eq!((f.calls, f.reached, f.satisfied, f.problem_back, f.unreachable, f.pending), (5, 3, 2, 1, 1, 1));
        assert_eq!(f.mean_satisfaction, Some(11.0 / 3.0));
        assert_eq!(f.summary(), "回访 5 户，接通 3 户，满意 2 户（67%），问题复现 1 户，待回访 1 户。");
        assert_eq!(CampaignFigures::of([]).satisfied_share, None);
    }

    #[test]
    fn a_period_ends_after_it_starts_not_in_the_past_and_within_a_year() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert!(check_period(d(3, 1), d(3, 15), d(3, 1)).is_ok());
        assert_eq!(check_period(d(3, 15), d(3, 1), d(3, 1)).unwrap_err().field.as_deref(), Some("ends_on"));
        assert!(check_period(d(2, 1), d(2, 20), d(3, 1)).is_err());
        assert!(check_period(d(3, 1), d(12, 31), d(3, 1)).is_ok());
        assert!(check_period(d(3, 1), NaiveDate::from_ymd_opt(2027, 3, 2).unwrap(), d(3, 1)).is_err());
    }
}
