//! The documents' fixed wording in zh-CN and en, the labels of the case's closed vocabularies,
//! and how times, dates and money are written.
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use complaintdesk_core::domain::case::EventKind;
use complaintdesk_core::domain::deadline::{ClockStateKind, ClockUnit};
use complaintdesk_core::domain::followup::AttemptOutcome;
use complaintdesk_core::domain::types::{CaseKind, Channel, Claim, ContactMethod, Mood, Referral, Role, Severity, Urgency};

use crate::Lang;

/// The banking and insurance regulator's complaint hotline (国家金融监督管理总局), on every
/// insurance decision letter among the customer's routes.
pub const FINANCE_REGULATOR_HOTLINE: &str = "12378";
/// The city government's service hotline (政务服务便民热线), on every property decision letter.
pub const CITY_SERVICE_HOTLINE: &str = "12345";

/// Picks the wording for the document's language.
pub(crate) fn w(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// `2026年3月2日 09:30` (zh) or `2 Mar 2026 09:30` (en), in the desk's zone.
pub fn format_time(at: DateTime<Utc>, zone: Tz, lang: Lang) -> String {
    let local = at.with_timezone(&zone);
    match lang {
        Lang::Zh => local.format("%Y年%-m月%-d日 %H:%M").to_string(),
        Lang::En => local.format("%-d %b %Y %H:%M").to_string(),
    }
}

/// `2026年3月2日` (zh) or `2 Mar 2026` (en).
pub fn format_date(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => date.format("%Y年%-m月%-d日").to_string(),
        Lang::En => date.format("%-d %b %Y").to_string(),
    }
}

/// Fen as yuan: `88.50 元` (zh) or `CNY 88.50` (en).
pub fn format_yuan(cents: i64, lang: Lang) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let amount = format!("{sign}{}.{:02}", abs / 100, abs % 100);
    match lang {
        Lang::Zh => format!("{amount} 元"),
        Lang::En => format!("CNY {amount}"),
    }
}

pub fn channel_label(c: Channel, lang: Lang) -> &'static str {
    match c {
        Channel::WalkIn => w(lang, "来访", "walk-in"),
        Channel::Phone => w(lang, "电话", "phone"),
        Channel::Letter => w(lang, "信函", "letter"),
        Channel::Email => w(lang, "电子邮件", "e-mail"),
        Channel::Wechat => w(lang, "微信", "WeChat"),
        Channel::Website => w(lang, "网站", "website"),
        Channel::Regulator => w(lang, "监管转送", "transferred by the regulator"),
        Channel::Other => w(lang, "其他", "other"),
    }
}

pub fn claim_label(c: Claim, lang: Lang) -> &'static str {
    match c {
        Claim::Refund => w(lang, "退款", "refund"),
        Claim::Compensation => w(lang, "赔偿", "compensation"),
        Claim::Explanation => w(lang, "解释说明", "explanation"),
        Claim::Apology => w(lang, "赔礼道歉", "apology"),
        Claim::Correction => w(lang, "纠正整改", "correction"),
        Claim::Other => w(lang, "其他", "other"),
    }
}

pub(crate) fn kind_label(k: CaseKind, lang: Lang) -> &'static str {
    match k {
        CaseKind::Complaint => w(lang, "投诉", "complaint"),
        CaseKind::Feedback => w(lang, "意见反馈（匿名）", "feedback (anonymous)"),
    }
}

pub(crate) fn severity_label(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Ordinary => w(lang, "一般", "ordinary"),
        Severity::Major => w(lang, "较大", "major"),
        Severity::Serious => w(lang, "重大", "serious"),
        Severity::Group => w(lang, "群体", "group"),
    }
}

pub(crate) fn urgency_label(u: Urgency, lang: Lang) -> &'static str {
    match u {
        Urgency::Normal => w(lang, "普通", "normal"),
        Urgency::High => w(lang, "较急", "high"),
        Urgency::Urgent => w(lang, "紧急", "urgent"),
    }
}

pub(crate) fn mood_label(m: Mood, lang: Lang) -> &'static str {
    match m {
        Mood::Calm => w(lang, "平静", "calm"),
        Mood::Upset => w(lang, "不满", "upset"),
        Mood::Agitated => w(lang, "激动", "agitated"),
    }
}

pub(crate) fn referral_label(r: Referral, lang: Lang) -> &'static str {
    match r {
        Referral::Police => w(lang, "治安", "police"),
        Referral::Environment => w(lang, "环保", "environment"),
        Referral::IllegalBuilding => w(lang, "违建", "illegal building"),
        Referral::SafetyAccident => w(lang, "安全事故", "safety accident"),
    }
}

pub(crate) fn role_label(r: Role, lang: Lang) -> &'static str {
    match r {
        Role::Clerk => w(lang, "登记员", "clerk"),
        Role::Handler => w(lang, "处理人", "handler"),
        Role::Supervisor => w(lang, "主管", "supervisor"),
        Role::Followup => w(lang, "回访员", "follow-up"),
        Role::Compliance => w(lang, "合规", "compliance"),
        Role::Admin => w(lang, "管理员", "admin"),
        Role::System => w(lang, "系统", "system"),
    }
}

pub(crate) fn event_label(k: EventKind, lang: Lang) -> &'static str {
    match k {
        EventKind::Created => w(lang, "登记", "registered"),
        EventKind::Transition => w(lang, "状态变更", "status change"),
        EventKind::Note => w(lang, "备注", "note"),
        EventKind::Escalation => w(lang, "升级", "escalation"),
        EventKind::Contact => w(lang, "联系客户", "customer contact"),
        EventKind::Handling => w(lang, "处理", "handling"),
        EventKind::Attachment => w(lang, "附件", "attachment"),
        EventKind::Extension => w(lang, "延期", "extension"),
        EventKind::ExtensionRequest => w(lang, "申请延期", "extension request"),
        EventKind::Deadline => w(lang, "时限提醒", "deadline warning"),
        EventKind::Followup => w(lang, "回访", "follow-up"),
        EventKind::Document => w(lang, "出具文书", "document issued"),
        EventKind::PiiViewed => w(lang, "查看完整个人信息", "personal data viewed"),
        EventKind::Correction => w(lang, "更正信息", "correction"),
        EventKind::Improvement => w(lang, "整改事项", "improvement item"),
        EventKind::Campaign => w(lang, "集中回访", "follow-up campaign"),
    }
}

pub(crate) fn method_label(m: ContactMethod, lang: Lang) -> &'static str {
    match m {
        ContactMethod::Phone => w(lang, "电话", "phone"),
        ContactMethod::Sms => w(lang, "短信", "SMS"),
        ContactMethod::Email => w(lang, "电子邮件", "e-mail"),
        ContactMethod::Visit => w(lang, "上门", "visit"),
        ContactMethod::Letter => w(lang, "信函", "letter"),
    }
}

pub(crate) fn outcome_label(o: AttemptOutcome, lang: Lang) -> &'static str {
    match o {
        AttemptOutcome::Satisfied => w(lang, "满意", "satisfied"),
        AttemptOutcome::Unsatisfied => w(lang, "不满意", "not satisfied"),
        AttemptOutcome::Retry => w(lang, "未接通，待重拨", "not reached, retry"),
        AttemptOutcome::Exhausted => w(lang, "多次未接通", "unreachable"),
    }
}

pub(crate) fn clock_state_label(s: ClockStateKind, lang: Lang) -> &'static str {
    match s {
        ClockStateKind::Running => w(lang, "计时中", "running"),
        ClockStateKind::Paused => w(lang, "已暂停", "paused"),
        ClockStateKind::Met => w(lang, "按时完成", "met"),
        ClockStateKind::Breached => w(lang, "已超时", "breached"),
        ClockStateKind::Stopped => w(lang, "已终止", "stopped"),
        ClockStateKind::Expired => w(lang, "已届满", "expired"),
    }
}

pub(crate) fn clock_length(length: u32, unit: ClockUnit, lang: Lang) -> String {
    match (unit, lang) {
        (ClockUnit::NaturalDays, Lang::Zh) => format!("{length} 日"),
        (ClockUnit::WorkingDays, Lang::Zh) => format!("{length} 个工作日"),
        (ClockUnit::Weeks, Lang::Zh) => format!("{length} 周"),
        (ClockUnit::Hours, Lang::Zh) => format!("{length} 小时"),
        (ClockUnit::Minutes, Lang::Zh) => format!("{length} 分钟"),
        (ClockUnit::NaturalDays, Lang::En) => format!("{length} days"),
        (ClockUnit::WorkingDays, Lang::En) => format!("{length} working days"),
        (ClockUnit::Weeks, Lang::En) => format!("{length} weeks"),
        (ClockUnit::Hours, Lang::En) => format!("{length} hours"),
        (ClockUnit::Minutes, Lang::En) => format!("{length} minutes"),
    }
}

/// How late a breached clock is, to the hour: `超时 3 天 2 小时`, `超时 5 小时`, `2 days 3 hours late`.
pub(crate) fn overdue_text(ms: i64, lang: Lang) -> String {
    let hours = ms.max(0) / 3_600_000;
    let (d, h) = (hours / 24, hours % 24);
    let minutes = ms.max(0) / 60_000;
    match lang {
        Lang::Zh if d > 0 && h > 0 => format!("超时 {d} 天 {h} 小时"),
        Lang::Zh if d > 0 => format!("超时 {d} 天"),
        Lang::Zh if h > 0 => format!("超时 {h} 小时"),
        Lang::Zh => format!("超时 {minutes} 分钟"),
        Lang::En if d > 0 && h > 0 => format!("{d} days {h} hours late"),
        Lang::En if d > 0 => format!("{d} days late"),
        Lang::En if h > 0 => format!("{h} hours late"),
        Lang::En => format!("{minutes} minutes late"),
    }
}

pub(crate) fn yes_no(v: bool, lang: Lang) -> &'static str {
    if v {
        w(lang, "是", "yes")
    } else {
        w(lang, "否", "no")
    }
}

/// An improvement item's status in English (the Chinese is the domain's own label).
pub(crate) fn improvement_status_en(s: complaintdesk_core::domain::improvement::ImprovementStatus) -> &'static str {
    use complaintdesk_core::domain::improvement::ImprovementStatus::*;
    match s {
        Open => "To do",
        InProgress => "In progress",
        Done => "Done",
        Verified => "Verified",
        Ineffective => "Ineffective",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_dates_and_money_read_the_chinese_way() {
        let at = Utc.with_ymd_and_hms(2026, 3, 2, 1, 30, 0).unwrap();
        assert_eq!(format_time(at, chrono_tz::Asia::Shanghai, Lang::Zh), "2026年3月2日 09:30", "shown in the desk's zone");
        assert_eq!(format_date(NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(), Lang::Zh), "2026年4月1日");
        assert_eq!(format_yuan(8850, Lang::Zh), "88.50 元", "fen become yuan with two decimals");
        assert_eq!(format_yuan(5, Lang::En), "CNY 0.05");
    }

    #[test]
    fn a_breach_reads_as_time_late() {
        let hour = 3_600_000;
        assert_eq!(overdue_text(545 * hour + 59 * 60_000, Lang::Zh), "超时 22 天 17 小时", "whole hours, never a share of the time");
        assert_eq!(overdue_text(48 * hour, Lang::Zh), "超时 2 天");
        assert_eq!(overdue_text(5 * hour, Lang::Zh), "超时 5 小时");
        assert_eq!(overdue_text(20 * 60_000, Lang::Zh), "超时 20 分钟");
        assert_eq!(overdue_text(26 * hour, Lang::En), "1 days 2 hours late");
    }
}

