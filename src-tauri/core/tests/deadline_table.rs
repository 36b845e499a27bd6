//! The deadline rules as a table: each row is a case's events, the clock looked at, and the
//! result worked out by hand from SPEC §5 and the State Council notices for 2025 and 2026, with
//! the reason. The engine is never asked for an expectation.
//!
//! Calendar facts used below:
//! - 2025 days off: 1 Jan; 28 Jan–4 Feb; 4–6 Apr; 1–5 May; 31 May–2 Jun; 1–8 Oct.
//!   Make-up working days: Sun 26 Jan, Sat 8 Feb, Sun 27 Apr, Sun 28 Sep, Sat 11 Oct.
//! - 2026 days off: 1–3 Jan; 15–23 Feb; 4–6 Apr; 1–5 May; 19–21 Jun; 25–27 Sep; 1–7 Oct.
//!   Make-up working days: Sun 4 Jan, Sat 14 Feb, Sat 28 Feb, Sat 9 May, Sun 20 Sep, Sat 10 Oct.
//! - 2027: no data (weekends only, estimated).
//!
//! A row reads: reason, pack, clock, events (local times in the pack's zone; a time ending in Z
//! is UTC), now, and what the clock shows:
//! `target → latest legal date, due <local time and offset>, state[, estimated][, step N]`
//! for day clocks, `due <local>, state` for hour clocks, `not started`, or `refused <code> <rule>`;
//! a clock that started again adds each earlier run: `; before: <state>[ <h>h<mm>m late], due <local>`.
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use complaintdesk_core::domain::deadline::calendar::{parse_holiday_cn, parse_ical, CalendarFile, CalendarFormat, DayKind};
use complaintdesk_core::domain::deadline::{
    compute, validate_events, Calendar, ClockEvent, ClockState, ClockStateKind, RulePack, DEFAULT_DESK_ZONE,
};
use complaintdesk_core::domain::ErrorCode;

/// Working-day and short natural-day clocks, for rows the shipped packs have no clock for.
const TABLE_PACK: &str = r#"
code = "table"
label = "表格测试"
label_en = "Table test"
calendar = "cn"

[[clock]]
code = "w1"
label = "1 个工作日"
label_en = "1 working day"
start = "received"
met_by = "responded"
length = 1
unit = "working_days"

[[clock]]
code = "w3"
label = "3 个工作日"
label_en = "3 working days"
start = "received"
met_by = "responded"
length = 3
unit = "working_days"

[[clock]]
code = "w5"
label = "5 个工作日"
label_en = "5 working days"
start = "received"
met_by = "responded"
length = 5
unit = "working_days"
pause = true

[[clock]]
code = "w10"
label = "10 个工作日"
label_en = "10 working days"
start = "received"
met_by = "responded"
length = 10
unit = "working_days"

[[clock]]
code = "w15"
label = "15 个工作日"
label_en = "15 working days"
start = "received"
met_by = "responded"
length = 15
unit = "working_days"

[[clock]]
code = "n1"
label = "1 日"
label_en = "1 day"
start = "received"
met_by = "responded"
length = 1
unit = "natural_days"
"#;

type Row = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str);

#[rustfmt::skip]
const ROWS: &[Row] = &[
    // ── natural days, last day on a working day, weekend, holiday, make-up day ──
    ("15 N from Monday 3 Mar: 3 + 15 = Tue 18 Mar, a working day",
     "nfra-2020", "decision", "received 2025-03-03 10:00", "2025-03-05 12:00",
     "2025-03-18 → 2025-03-18, due 2025-03-18 24:00 +08:00, running"),
    ("15 N from Fri 7 Mar ends Sat 22 Mar, moves to Mon 24 Mar",
     "nfra-2020", "decision", "received 2025-03-07 10:00", "2025-03-10 12:00",
     "2025-03-22 → 2025-03-24, due 2025-03-24 24:00 +08:00, running"),
    ("15 N from Sat 8 Mar ends Sun 23 Mar, moves to Mon 24 Mar",
     "nfra-2020", "decision", "received 2025-03-08 10:00", "2025-03-10 12:00",
     "2025-03-23 → 2025-03-24, due 2025-03-24 24:00 +08:00, running"),
    ("16 Sep + 15 = 1 Oct, National Day: 1–8 Oct off, moves to Thu 9 Oct",
     "nfra-2020", "decision", "received 2025-09-16 10:00", "2025-09-20 12:00",
     "2025-10-01 → 2025-10-09, due 2025-10-09 24:00 +08:00, running"),
    ("23 Sep + 15 = 8 Oct, the last day of the break, moves to 9 Oct",
     "nfra-2020", "decision", "received 2025-09-23 10:00", "2025-09-24 12:00",
     "2025-10-08 → 2025-10-09, due 2025-10-09 24:00 +08:00, running"),
    ("13 Sep + 15 = Sun 28 Sep, a make-up working day: does not move",
     "nfra-2020", "decision", "received 2025-09-13 10:00", "2025-09-14 12:00",
     "2025-09-28 → 2025-09-28, due 2025-09-28 24:00 +08:00, running"),
    ("26 Sep + 15 = Sat 11 Oct, a make-up working day: does not move",
     "nfra-2020", "decision", "received 2025-09-26 10:00", "2025-09-27 12:00",
     "2025-10-11 → 2025-10-11, due 2025-10-11 24:00 +08:00, running"),
    ("11 Jan + 15 = Sun 26 Jan 2025, worked for the Spring Festival: does not move",
     "nfra-2020", "decision", "received 2025-01-11 10:00", "2025-01-12 12:00",
     "2025-01-26 → 2025-01-26, due 2025-01-26 24:00 +08:00, running"),
    ("14 Jan + 15 = 29 Jan, Spring Festival: 28 Jan–4 Feb off, moves to Wed 5 Feb",
     "nfra-2020", "decision", "received 2025-01-14 10:00", "2025-01-15 12:00",
     "2025-01-29 → 2025-02-05, due 2025-02-05 24:00 +08:00, running"),
    ("20 Jan + 15 = 4 Feb, last day of the Spring Festival break, moves to 5 Feb",
     "nfra-2020", "decision", "received 2025-01-20 10:00", "2025-01-21 12:00",
     "2025-02-04 → 2025-02-05, due 2025-02-05 24:00 +08:00, running"),
    ("1 Feb 2026 + 15 = 16 Feb, Spring Festival 15–23 Feb: moves to Tue 24 Feb",
     "nfra-2020", "decision", "received 2026-02-01 10:00", "2026-02-02 12:00",
     "2026-02-16 → 2026-02-24, due 2026-02-24 24:00 +08:00, running"),
    ("30 Jan 2026 + 15 = Sat 14 Feb, a make-up day before the festival: does not move",
     "nfra-2020", "decision", "received 2026-01-30 10:00", "2026-02-01 12:00",
     "2026-02-14 → 2026-02-14, due 2026-02-14 24:00 +08:00, running"),
    ("13 Feb 2026 + 15 = Sat 28 Feb, a make-up day after the festival: does not move",
     "nfra-2020", "decision", "received 2026-02-13 10:00", "2026-02-14 12:00",
     "2026-02-28 → 2026-02-28, due 2026-02-28 24:00 +08:00, running"),
    ("16 Sep 2026 + 15 = 1 Oct: National Day 1–7 Oct, moves to Thu 8 Oct",
     "nfra-2020", "decision", "received 2026-09-16 10:00", "2026-09-17 12:00",
     "2026-10-01 → 2026-10-08, due 2026-10-08 24:00 +08:00, running"),
    ("10 Sep 2026 + 15 = Fri 25 Sep, Mid-Autumn 25–27 Sep: moves to Mon 28 Sep",
     "nfra-2020", "decision", "received 2026-09-10 10:00", "2026-09-11 12:00",
     "2026-09-25 → 2026-09-28, due 2026-09-28 24:00 +08:00, running"),
    ("5 Sep 2026 + 15 = Sun 20 Sep, a make-up day for National Day: does not move",
     "nfra-2020", "decision", "received 2026-09-05 10:00", "2026-09-06 12:00",
     "2026-09-20 → 2026-09-20, due 2026-09-20 24:00 +08:00, running"),
    ("4 Jun 2026 + 15 = Fri 19 Jun, Dragon Boat 19–21 Jun: moves to Mon 22 Jun",
     "nfra-2020", "decision", "received 2026-06-04 10:00", "2026-06-05 12:00",
     "2026-06-19 → 2026-06-22, due 2026-06-22 24:00 +08:00, running"),
    ("17 Dec 2025 + 15 = 1 Jan 2026, off to 3 Jan; Sun 4 Jan is a make-up day, so it moves there",
     "nfra-2020", "decision", "received 2025-12-17 10:00", "2025-12-18 12:00",
     "2026-01-01 → 2026-01-04, due 2026-01-04 24:00 +08:00, running"),
    ("received in 2024 (no data) but every date counted is in 2025: not estimated; 1 Jan moves to 2 Jan",
     "nfra-2020", "decision", "received 2024-12-17 10:00", "2024-12-18 12:00",
     "2025-01-01 → 2025-01-02, due 2025-01-02 24:00 +08:00, running"),
    ("16 Apr + 15 = 1 May, Labour Day 1–5 May: moves to Tue 6 May",
     "nfra-2020", "decision", "received 2025-04-16 10:00", "2025-04-17 12:00",
     "2025-05-01 → 2025-05-06, due 2025-05-06 24:00 +08:00, running"),
    ("12 Apr + 15 = Sun 27 Apr, a make-up day for Labour Day: does not move",
     "nfra-2020", "decision", "received 2025-04-12 10:00", "2025-04-13 12:00",
     "2025-04-27 → 2025-04-27, due 2025-04-27 24:00 +08:00, running"),
    ("20 Mar 2026 + 15 = Sat 4 Apr, Qingming 4–6 Apr: moves to Tue 7 Apr",
     "nfra-2020", "decision", "received 2026-03-20 10:00", "2026-03-21 12:00",
     "2026-04-04 → 2026-04-07, due 2026-04-07 24:00 +08:00, running"),
    ("24 Apr 2026 + 15 = Sat 9 May, a make-up day: does not move",
     "nfra-2020", "decision", "received 2026-04-24 10:00", "2026-04-25 12:00",
     "2026-05-09 → 2026-05-09, due 2026-05-09 24:00 +08:00, running"),
    ("17 Apr 2026 + 15 = 2 May, Labour Day 1–5 May: moves to Wed 6 May",
     "nfra-2020", "decision", "received 2026-04-17 10:00", "2026-04-18 12:00",
     "2026-05-02 → 2026-05-06, due 2026-05-06 24:00 +08:00, running"),
    ("Hangzhou 10 N from Sun 21 Sep = 1 Oct: moves to 9 Oct",
     "property-hangzhou", "company_reply", "received 2025-09-21 10:00", "2025-09-22 12:00",
     "2025-10-01 → 2025-10-09, due 2025-10-09 24:00 +08:00, running"),
    ("Hangzhou 10 N from 18 Sep = Sun 28 Sep, a make-up day: does not move",
     "property-hangzhou", "company_reply", "received 2025-09-18 10:00", "2025-09-19 12:00",
     "2025-09-28 → 2025-09-28, due 2025-09-28 24:00 +08:00, running"),
    ("1 N: the day of receipt is not counted, the next day ends at 24:00",
     "table", "n1", "received 2025-03-03 08:00", "2025-03-03 09:00",
     "2025-03-04 → 2025-03-04, due 2025-03-04 24:00 +08:00, running"),
    ("1 N from Friday ends Saturday, moves to Monday",
     "table", "n1", "received 2025-03-07 08:00", "2025-03-07 09:00",
     "2025-03-08 → 2025-03-10, due 2025-03-10 24:00 +08:00, running"),

    // ── receipt late at night and on holidays ──
    ("received 23:59 on 3 Mar: that day is still the day of receipt, 18 Mar as from 10:00",
     "nfra-2020", "decision", "received 2025-03-03 23:59", "2025-03-04 10:00",
     "2025-03-18 → 2025-03-18, due 2025-03-18 24:00 +08:00, running"),
    ("received at 00:00 on 4 Mar: a new day of receipt, 19 Mar",
     "nfra-2020", "decision", "received 2025-03-04 00:00", "2025-03-04 10:00",
     "2025-03-19 → 2025-03-19, due 2025-03-19 24:00 +08:00, running"),
    ("received 16:30 UTC on 3 Mar is 00:30 on 4 Mar in Shanghai: counts from 4 Mar",
     "nfra-2020", "decision", "received 2025-03-03 16:30Z", "2025-03-04 10:00",
     "2025-03-19 → 2025-03-19, due 2025-03-19 24:00 +08:00, running"),
    ("received on National Day 1 Oct: counting is not delayed, 16 Oct is a Thursday",
     "nfra-2020", "decision", "received 2025-10-01 10:00", "2025-10-02 12:00",
     "2025-10-16 → 2025-10-16, due 2025-10-16 24:00 +08:00, running"),
    ("received Sat 4 Oct (holiday): + 15 = Sun 19 Oct, moves to Mon 20 Oct",
     "nfra-2020", "decision", "received 2025-10-04 10:00", "2025-10-05 12:00",
     "2025-10-19 → 2025-10-20, due 2025-10-20 24:00 +08:00, running"),
    ("received on the Spring Festival 17 Feb 2026: + 15 = Wed 4 Mar",
     "nfra-2020", "decision", "received 2026-02-17 10:00", "2026-02-18 12:00",
     "2026-03-04 → 2026-03-04, due 2026-03-04 24:00 +08:00, running"),

    // ── met and breached ──
    ("notified at 23:59 on the last day: met",
     "nfra-2020", "decision", "received 2025-03-03 10:00; notified 2025-03-18 23:59", "2025-03-20 12:00",
     "2025-03-18 → 2025-03-18, due 2025-03-18 24:00 +08:00, met"),
    ("notified at 24:00 sharp of the last day: still in time",
     "nfra-2020", "decision", "received 2025-03-03 10:00; notified 2025-03-19 00:00", "2025-03-20 12:00",
     "2025-03-18 → 2025-03-18, due 2025-03-18 24:00 +08:00, met"),
    ("notified one minute after 24:00: breached",
     "nfra-2020", "decision", "received 2025-03-03 10:00; notified 2025-03-19 00:01", "2025-03-20 12:00",
     "2025-03-18 → 2025-03-18, due 2025-03-18 24:00 +08:00, breached"),
    ("no notice and now is one minute past the due time: breached",
     "nfra-2020", "decision", "received 2025-03-03 10:00", "2025-03-19 00:01",
     "2025-03-18 → 2025-03-18, due 2025-03-18 24:00 +08:00, breached"),
    ("no notice and now is exactly the due time: still running",
     "nfra-2020", "decision", "received 2025-03-03 10:00", "2025-03-19 00:00",
     "2025-03-18 → 2025-03-18, due 2025-03-18 24:00 +08:00, running"),
    ("target Sat 22 Mar, notified Mon 24 Mar, the latest legal date: met",
     "nfra-2020", "decision", "received 2025-03-07 10:00; notified 2025-03-24 18:00", "2025-03-25 12:00",
     "2025-03-22 → 2025-03-24, due 2025-03-24 24:00 +08:00, met"),
    ("target Sat 22 Mar, notified Tue 25 Mar: breached",
     "nfra-2020", "decision", "received 2025-03-07 10:00; notified 2025-03-25 09:00", "2025-03-25 12:00",
     "2025-03-22 → 2025-03-24, due 2025-03-24 24:00 +08:00, breached"),

    // ── pauses ──
    ("paused exactly 3 days: 18 Mar + 3 days = Fri 21 Mar",
     "nfra-2020", "decision", "received 2025-03-03 10:00; paused 2025-03-05 10:00 鉴定; resumed 2025-03-08 10:00", "2025-03-10 12:00",
     "2025-03-21 → 2025-03-21, due 2025-03-21 24:00 +08:00, running"),
    ("paused 4 days: 18 Mar + 4 = Sat 22 Mar, moves to Mon 24 Mar",
     "nfra-2020", "decision", "received 2025-03-03 10:00; paused 2025-03-05 10:00 鉴定; resumed 2025-03-09 10:00", "2025-03-10 12:00",
     "2025-03-22 → 2025-03-24, due 2025-03-24 24:00 +08:00, running"),
    ("paused 6 hours: due 19 Mar 06:00, the end of 18 Mar plus the pause",
     "nfra-2020", "decision", "received 2025-03-03 10:00; paused 2025-03-05 10:00 鉴定; resumed 2025-03-05 16:00", "2025-03-10 12:00",
     "2025-03-19 → 2025-03-19, due 2025-03-19 06:00 +08:00, running"),
    ("Fri 21 Mar + a 6 hour pause reaches into Saturday: moves to Monday 24:00",
     "nfra-2020", "decision", "received 2025-03-06 10:00; paused 2025-03-07 10:00 鉴定; resumed 2025-03-07 16:00", "2025-03-10 12:00",
     "2025-03-22 → 2025-03-24, due 2025-03-24 24:00 +08:00, running"),
    ("a 10-day pause spanning National Day adds all 10 days: 7 Oct + 10 = Fri 17 Oct",
     "nfra-2020", "decision", "received 2025-09-22 09:00; paused 2025-09-29 09:00 鉴定; resumed 2025-10-09 09:00", "2025-10-10 12:00",
     "2025-10-17 → 2025-10-17, due 2025-10-17 24:00 +08:00, running"),
    ("an 11-day pause over the 2026 Spring Festival: 17 Feb + 11 = Sat 28 Feb, a make-up day",
     "nfra-2020", "decision", "received 2026-02-02 10:00; paused 2026-02-13 10:00 鉴定; resumed 2026-02-24 10:00", "2026-02-25 12:00",
     "2026-02-28 → 2026-02-28, due 2026-02-28 24:00 +08:00, running"),
    ("still paused for 2 days at now: 18 Mar + 2 = Thu 20 Mar, state paused",
     "nfra-2020", "decision", "received 2025-03-03 10:00; paused 2025-03-10 10:00 鉴定", "2025-03-12 10:00",
     "2025-03-20 → 2025-03-20, due 2025-03-20 24:00 +08:00, paused"),
    ("Hangzhou's clock does not pause: 3 + 10 = Thu 13 Mar whatever the hold",
     "property-hangzhou", "company_reply", "received 2025-03-03 10:00; paused 2025-03-04 10:00 等待业主; resumed 2025-03-06 10:00", "2025-03-07 12:00",
     "2025-03-13 → 2025-03-13, due 2025-03-13 24:00 +08:00, running"),
    ("a pause after the due time does not undo the breach",
     "nfra-2020", "decision", "received 2025-03-03 10:00; paused 2025-03-19 09:00 鉴定", "2025-03-25 12:00",
     "2025-03-18 → 2025-03-18, due 2025-03-18 24:00 +08:00, breached"),

    // ── extensions ──
    ("step 1 (complex case, customer told): 30 N, 3 Mar + 30 = Wed 2 Apr",
     "nfra-2020", "decision", "received 2025-03-03 10:00; ext 1 2025-03-10 10:00 notice", "2025-03-20 12:00",
     "2025-04-02 → 2025-04-02, due 2025-04-02 24:00 +08:00, running, step 1"),
    ("step 2 with approver and notice: 60 N, 3 Mar + 60 = 2 May, Labour Day: moves to Tue 6 May",
     "nfra-2020", "decision", "received 2025-03-03 10:00; ext 1 2025-03-10 10:00 notice; ext 2 2025-03-25 10:00 approver=分行行长 notice", "2025-04-01 12:00",
     "2025-05-02 → 2025-05-06, due 2025-05-06 24:00 +08:00, running, step 2"),
    ("step 2 without an approver is refused",
     "nfra-2020", "decision", "received 2025-03-03 10:00; ext 1 2025-03-10 10:00 notice; ext 2 2025-03-25 10:00 notice", "2025-04-01 12:00",
     "refused required extension.2.approver"),
    ("step 2 without telling the customer is refused",
     "nfra-2020", "decision", "received 2025-03-03 10:00; ext 1 2025-03-10 10:00 notice; ext 2 2025-03-25 10:00 approver=分行行长", "2025-04-01 12:00",
     "refused required extension.2.notice"),
    ("step 2 before step 1 is refused",
     "nfra-2020", "decision", "received 2025-03-03 10:00; ext 2 2025-03-10 10:00 approver=分行行长 notice", "2025-03-20 12:00",
     "refused extension_not_allowed extension.2.order"),
    ("step 1 without telling the customer is refused",
     "nfra-2020", "decision", "received 2025-03-03 10:00; ext 1 2025-03-10 10:00", "2025-03-20 12:00",
     "refused required extension.1.notice"),
    ("step 1 twice is refused",
     "nfra-2020", "decision", "received 2025-03-03 10:00; ext 1 2025-03-10 10:00 notice; ext 1 2025-03-12 10:00 notice", "2025-03-20 12:00",
     "refused extension_not_allowed extension.1.order"),
    ("there is no step 3",
     "nfra-2020", "decision", "received 2025-03-03 10:00; ext 3 2025-03-10 10:00 approver=总部 notice", "2025-03-20 12:00",
     "refused extension_not_allowed extension.step"),
    ("an extension after the due time passed is refused",
     "nfra-2020", "decision", "received 2025-03-03 10:00; ext 1 2025-03-19 09:00 notice", "2025-03-20 12:00",
     "refused extension_not_allowed extension.1.after_due"),
    ("an extension at 23:00 on the last day is in time: 2 Apr",
     "nfra-2020", "decision", "received 2025-03-03 10:00; ext 1 2025-03-18 23:00 notice", "2025-03-20 12:00",
     "2025-04-02 → 2025-04-02, due 2025-04-02 24:00 +08:00, running, step 1"),
    ("extended to 30 N and notified on 30 Mar: met",
     "nfra-2020", "decision", "received 2025-03-03 10:00; ext 1 2025-03-10 10:00 notice; notified 2025-03-30 10:00", "2025-04-05 12:00",
     "2025-04-02 → 2025-04-02, due 2025-04-02 24:00 +08:00, met, step 1"),
    ("an extension after the decision was notified is refused",
     "nfra-2020", "decision", "received 2025-03-03 10:00; notified 2025-03-10 10:00; ext 1 2025-03-12 10:00 notice", "2025-03-20 12:00",
     "refused extension_not_allowed extension.not_running"),
    ("step 1 at 30 N: 5 Sep + 30 = 5 Oct, National Day: moves to 9 Oct",
     "nfra-2020", "decision", "received 2025-09-05 10:00; ext 1 2025-09-10 10:00 notice", "2025-09-20 12:00",
     "2025-10-05 → 2025-10-09, due 2025-10-09 24:00 +08:00, running, step 1"),
    ("PBOC: approved with a reason, 60 N in all: 1 Aug + 60 = Tue 30 Sep",
     "pboc-2020", "answer", "received 2025-08-01 10:00; ext 1 2025-08-10 10:00 approver=支行行长 reason=需调取监控", "2025-08-20 12:00",
     "2025-09-30 → 2025-09-30, due 2025-09-30 24:00 +08:00, running, step 1"),
    ("PBOC: extension without a reason is refused",
     "pboc-2020", "answer", "received 2025-08-01 10:00; ext 1 2025-08-10 10:00 approver=支行行长", "2025-08-20 12:00",
     "refused required extension.1.reason"),
    ("PBOC: extension without an approver is refused",
     "pboc-2020", "answer", "received 2025-08-01 10:00; ext 1 2025-08-10 10:00 reason=需调取监控", "2025-08-20 12:00",
     "refused required extension.1.approver"),
    ("PBOC: 15 N without extension, 1 Aug + 15 = Sat 16 Aug, moves to Mon 18 Aug",
     "pboc-2020", "answer", "received 2025-08-01 10:00", "2025-08-02 12:00",
     "2025-08-16 → 2025-08-18, due 2025-08-18 24:00 +08:00, running"),
    ("Hangzhou has no extension: refused",
     "property-hangzhou", "company_reply", "received 2025-03-03 10:00; ext 1 2025-03-05 10:00 notice", "2025-03-06 12:00",
     "refused extension_not_allowed extension.none"),

    // ── restart on new facts ──
    ("new facts on 10 Mar restart the clock: 10 + 15 = Tue 25 Mar; the run before was still in time",
     "nfra-2020", "decision", "received 2025-03-03 10:00; new_facts 2025-03-10 15:00", "2025-03-12 12:00",
     "2025-03-25 → 2025-03-25, due 2025-03-25 24:00 +08:00, running; before: running, due 2025-03-18 24:00 +08:00"),
    ("a restart drops the extension in force (the run before had 30 N, to 2 Apr)",
     "nfra-2020", "decision", "received 2025-03-03 10:00; ext 1 2025-03-05 10:00 notice; new_facts 2025-03-10 15:00", "2025-03-12 12:00",
     "2025-03-25 → 2025-03-25, due 2025-03-25 24:00 +08:00, running; before: running, due 2025-04-02 24:00 +08:00"),
    ("new facts after a breach start a new period: 20 Mar + 15 = 4 Apr, Qingming: 7 Apr; the breach stays readable",
     "nfra-2020", "decision", "received 2025-03-03 10:00; new_facts 2025-03-20 10:00", "2025-03-21 12:00",
     "2025-04-04 → 2025-04-07, due 2025-04-07 24:00 +08:00, running; before: breached 34h00m late, due 2025-03-18 24:00 +08:00"),
    ("new facts after the decision reopen the clock: 12 + 15 = Thu 27 Mar",
     "nfra-2020", "decision", "received 2025-03-03 10:00; notified 2025-03-10 10:00; new_facts 2025-03-12 10:00", "2025-03-13 12:00",
     "2025-03-27 → 2025-03-27, due 2025-03-27 24:00 +08:00, running; before: met, due 2025-03-18 24:00 +08:00"),
    ("Hangzhou's clock does not restart on new facts",
     "property-hangzhou", "company_reply", "received 2025-03-03 10:00; new_facts 2025-03-05 10:00", "2025-03-06 12:00",
     "2025-03-13 → 2025-03-13, due 2025-03-13 24:00 +08:00, running"),

    // ── reopen (重新处理) after an unsatisfied follow-up call or on new facts ──
    ("NFRA: reopened on 12 Mar after an unsatisfied call, the decision clock runs again: 12 + 15 = Thu 27 Mar",
     "nfra-2020", "decision", "received 2025-03-03 10:00; notified 2025-03-10 10:00; reopened 2025-03-12 10:00", "2025-03-13 12:00",
     "2025-03-27 → 2025-03-27, due 2025-03-27 24:00 +08:00, running; before: met, due 2025-03-18 24:00 +08:00"),
    ("NFRA: reopened with new facts counts the same way",
     "nfra-2020", "decision", "received 2025-03-03 10:00; notified 2025-03-10 10:00; reopened 2025-03-12 10:00 new_facts", "2025-03-13 12:00",
     "2025-03-27 → 2025-03-27, due 2025-03-27 24:00 +08:00, running; before: met, due 2025-03-18 24:00 +08:00"),
    ("NFRA: a decision notified 34 hours late stays late after the reopen; 25 Mar + 15 = Wed 9 Apr",
     "nfra-2020", "decision", "received 2025-03-03 10:00; notified 2025-03-20 10:00; reopened 2025-03-25 10:00", "2025-03-26 12:00",
     "2025-04-09 → 2025-04-09, due 2025-04-09 24:00 +08:00, running; before: breached 34h00m late, due 2025-03-18 24:00 +08:00"),
    ("NFRA: the re-handled decision notified on 20 Mar meets the new clock",
     "nfra-2020", "decision", "received 2025-03-03 10:00; notified 2025-03-10 10:00; reopened 2025-03-12 10:00; notified 2025-03-20 10:00", "2025-03-21 12:00",
     "2025-03-27 → 2025-03-27, due 2025-03-27 24:00 +08:00, met; before: met, due 2025-03-18 24:00 +08:00"),
    ("NFRA: no new decision by 28 Mar 00:01: the new clock is breached",
     "nfra-2020", "decision", "received 2025-03-03 10:00; notified 2025-03-10 10:00; reopened 2025-03-12 10:00", "2025-03-28 00:01",
     "2025-03-27 → 2025-03-27, due 2025-03-27 24:00 +08:00, breached; before: met, due 2025-03-18 24:00 +08:00"),
    ("NFRA: reopened Fri 19 Sep + 15 = Sat 4 Oct, National Day: the new clock moves to Thu 9 Oct",
     "nfra-2020", "decision", "received 2025-09-01 10:00; notified 2025-09-10 10:00; reopened 2025-09-19 10:00", "2025-09-20 12:00",
     "2025-10-04 → 2025-10-09, due 2025-10-09 24:00 +08:00, running; before: met, due 2025-09-16 24:00 +08:00"),
    ("NFRA: reopened twice, both earlier runs stay readable",
     "nfra-2020", "decision", "received 2025-03-03 10:00; notified 2025-03-10 10:00; reopened 2025-03-12 10:00; notified 2025-03-28 09:00; reopened 2025-04-01 10:00", "2025-04-02 12:00",
     "2025-04-16 → 2025-04-16, due 2025-04-16 24:00 +08:00, running; before: met, due 2025-03-18 24:00 +08:00; before: breached 9h00m late, due 2025-03-27 24:00 +08:00"),
    ("PBOC's answer clock does not restart on a reopen",
     "pboc-2020", "answer", "received 2025-08-01 10:00; notified 2025-08-05 10:00; reopened 2025-08-07 10:00", "2025-08-08 12:00",
     "2025-08-16 → 2025-08-18, due 2025-08-18 24:00 +08:00, met"),
    ("property: reopened 5 Mar 09:00, the resident is answered again within 24 hours",
     "property-default", "reply", "received 2025-03-03 10:00; responded 2025-03-03 20:00; reopened 2025-03-05 09:00", "2025-03-05 10:00",
     "due 2025-03-06 09:00 +08:00, running; before: met, due 2025-03-04 10:00 +08:00"),
    ("property: a reply two hours late stays late after the reopen",
     "property-default", "reply", "received 2025-03-03 10:00; responded 2025-03-04 12:00; reopened 2025-03-06 09:00", "2025-03-06 10:00",
     "due 2025-03-07 09:00 +08:00, running; before: breached 2h00m late, due 2025-03-04 10:00 +08:00"),
    ("property: the dispatch clock is not the reply: it does not restart",
     "property-default", "dispatch", "received 2025-03-03 10:00; dispatched 2025-03-03 10:10; responded 2025-03-03 20:00; reopened 2025-03-05 09:00", "2025-03-05 10:00",
     "due 2025-03-03 10:20 +08:00, met"),
    ("property: the follow-up clock runs again from the second response",
     "property-default", "followup", "received 2025-03-03 10:00; responded 2025-03-03 20:00; followed_up 2025-03-04 10:00; reopened 2025-03-04 10:30; responded 2025-03-05 09:00", "2025-03-05 10:00",
     "due 2025-03-07 09:00 +08:00, running; before: met, due 2025-03-05 20:00 +08:00"),
    ("Hangzhou's company reply runs from receipt only: a reopen does not restart it",
     "property-hangzhou", "company_reply", "received 2025-03-03 10:00; responded 2025-03-05 10:00; reopened 2025-03-07 10:00", "2025-03-08 12:00",
     "2025-03-13 → 2025-03-13, due 2025-03-13 24:00 +08:00, met"),

    // ── withdrawal ──
    ("withdrawn on 6 Mar: the clock stops",
     "nfra-2020", "decision", "received 2025-03-03 10:00; withdrawn 2025-03-06 11:00", "2025-03-30 12:00",
     "2025-03-18 → 2025-03-18, due 2025-03-18 24:00 +08:00, stopped"),
    ("withdrawn after the due time with no notice: the breach stands",
     "nfra-2020", "decision", "received 2025-03-03 10:00; withdrawn 2025-03-20 11:00", "2025-03-30 12:00",
     "2025-03-18 → 2025-03-18, due 2025-03-18 24:00 +08:00, breached"),
    ("withdrawn while paused 2 days: stopped, the pause counted up to the withdrawal",
     "nfra-2020", "decision", "received 2025-03-03 10:00; paused 2025-03-05 10:00 鉴定; withdrawn 2025-03-07 10:00", "2025-04-01 12:00",
     "2025-03-20 → 2025-03-20, due 2025-03-20 24:00 +08:00, stopped"),
    ("nothing may follow a withdrawal",
     "nfra-2020", "decision", "received 2025-03-03 10:00; withdrawn 2025-03-06 11:00; notified 2025-03-07 10:00", "2025-03-30 12:00",
     "refused invalid events.after_withdrawal"),

    // ── review window and review decision (uncertain rules) ──
    ("no decision yet: the review window has not started",
     "nfra-2020", "review_window", "received 2025-03-03 10:00", "2025-03-05 12:00",
     "not started"),
    ("review window: decision 14 Mar + 30 = Sun 13 Apr, moves to Mon 14 Apr",
     "nfra-2020", "review_window", "received 2025-03-03 10:00; notified 2025-03-14 16:00", "2025-03-20 12:00",
     "2025-04-13 → 2025-04-14, due 2025-04-14 24:00 +08:00, running"),
    ("review asked on 14 Apr, the last day of the window: met",
     "nfra-2020", "review_window", "received 2025-03-03 10:00; notified 2025-03-14 16:00; review_requested 2025-04-14 20:00", "2025-04-15 12:00",
     "2025-04-13 → 2025-04-14, due 2025-04-14 24:00 +08:00, met"),
    ("no review asked by 15 Apr: the customer's window expired, no breach by the desk",
     "nfra-2020", "review_window", "received 2025-03-03 10:00; notified 2025-03-14 16:00", "2025-04-15 10:00",
     "2025-04-13 → 2025-04-14, due 2025-04-14 24:00 +08:00, expired"),
    ("review decision: requested 20 Mar + 30 = Sat 19 Apr, moves to Mon 21 Apr",
     "nfra-2020", "review_decision", "received 2025-03-03 10:00; notified 2025-03-14 16:00; review_requested 2025-03-20 09:00", "2025-03-25 12:00",
     "2025-04-19 → 2025-04-21, due 2025-04-21 24:00 +08:00, running"),
    ("review decided on 21 Apr: met",
     "nfra-2020", "review_decision", "received 2025-03-03 10:00; notified 2025-03-14 16:00; review_requested 2025-03-20 09:00; review_decided 2025-04-21 17:00", "2025-04-22 12:00",
     "2025-04-19 → 2025-04-21, due 2025-04-21 24:00 +08:00, met"),
    ("review not decided by 22 Apr 00:01: breached",
     "nfra-2020", "review_decision", "received 2025-03-03 10:00; notified 2025-03-14 16:00; review_requested 2025-03-20 09:00", "2025-04-22 00:01",
     "2025-04-19 → 2025-04-21, due 2025-04-21 24:00 +08:00, breached"),
    ("review asked 3 Sep 2026 + 30 = 3 Oct, National Day: moves to Thu 8 Oct",
     "nfra-2020", "review_decision", "received 2026-08-01 10:00; notified 2026-08-10 10:00; review_requested 2026-09-03 10:00", "2026-09-04 12:00",
     "2026-10-03 → 2026-10-08, due 2026-10-08 24:00 +08:00, running"),

    // ── hour and minute clocks (property) across midnight and holidays ──
    ("dispatch within 20 minutes, across midnight",
     "property-default", "dispatch", "received 2025-03-03 23:50", "2025-03-04 00:05",
     "due 2025-03-04 00:10 +08:00, running"),
    ("dispatched at 00:12: two minutes late",
     "property-default", "dispatch", "received 2025-03-03 23:50; dispatched 2025-03-04 00:12", "2025-03-04 00:30",
     "due 2025-03-04 00:10 +08:00, breached"),
    ("dispatched at 00:10 sharp: met",
     "property-default", "dispatch", "received 2025-03-03 23:50; dispatched 2025-03-04 00:10", "2025-03-04 00:30",
     "due 2025-03-04 00:10 +08:00, met"),
    ("reply within 24 hours, across midnight",
     "property-default", "reply", "received 2025-03-03 23:30", "2025-03-04 10:00",
     "due 2025-03-04 23:30 +08:00, running"),
    ("hours run on the wall clock through a holiday",
     "property-default", "reply", "received 2025-10-01 09:00", "2025-10-01 10:00",
     "due 2025-10-02 09:00 +08:00, running"),
    ("reply paused 6 hours: due 6 hours later",
     "property-default", "reply", "received 2025-03-03 10:00; paused 2025-03-03 12:00 等待业主; resumed 2025-03-03 18:00", "2025-03-03 19:00",
     "due 2025-03-04 16:00 +08:00, running"),
    ("urgent case: on site within 30 minutes",
     "property-default", "urgent_on_site", "received 2025-03-03 22:00; urgent 2025-03-03 22:00", "2025-03-03 22:20",
     "due 2025-03-03 22:30 +08:00, running"),
    ("a case that is not urgent has no on-site clock",
     "property-default", "urgent_on_site", "received 2025-03-03 22:00", "2025-03-03 22:20",
     "not started"),
    ("raised to urgent at 23:45: on site by 00:15",
     "property-default", "urgent_on_site", "received 2025-03-03 22:00; urgent 2025-03-03 23:45", "2025-03-04 00:05",
     "due 2025-03-04 00:15 +08:00, running"),
    ("urgent fix within 24 hours, fixed after 23 hours: met",
     "property-default", "urgent_fixed", "received 2025-03-03 22:00; urgent 2025-03-03 22:00; fixed 2025-03-04 21:00", "2025-03-05 10:00",
     "due 2025-03-04 22:00 +08:00, met"),
    ("follow-up 48 hours after the response",
     "property-default", "followup", "received 2025-03-03 10:00; responded 2025-03-03 20:00", "2025-03-04 10:00",
     "due 2025-03-05 20:00 +08:00, running"),
    ("followed up at 19:00 on day two: met",
     "property-default", "followup", "received 2025-03-03 10:00; responded 2025-03-03 20:00; followed_up 2025-03-05 19:00", "2025-03-06 10:00",
     "due 2025-03-05 20:00 +08:00, met"),
    ("a decision notice is also a response: the reply clock is met",
     "property-default", "reply", "received 2025-03-03 10:00; notified 2025-03-04 09:00", "2025-03-04 10:00",
     "due 2025-03-04 10:00 +08:00, met"),

    // ── FCA DISP in London time, with the change to summer time inside the period ──
    ("8 weeks from Mon 10 Mar (GMT) = Mon 5 May; 24:00 is 23:00 UTC in summer time",
     "fca-disp", "final_response", "received 2025-03-10 10:00", "2025-03-11 12:00",
     "2025-05-05 → 2025-05-05, due 2025-05-05 24:00 +01:00, running"),
    ("8 weeks from 1 Mar = Sat 26 Apr: DISP does not move weekends",
     "fca-disp", "final_response", "received 2025-03-01 09:00", "2025-03-02 12:00",
     "2025-04-26 → 2025-04-26, due 2025-04-26 24:00 +01:00, running"),
    ("8 weeks from 15 Sep (summer) = 10 Nov, back on GMT",
     "fca-disp", "final_response", "received 2025-09-15 09:00", "2025-09-16 12:00",
     "2025-11-10 → 2025-11-10, due 2025-11-10 24:00 +00:00, running"),
    ("received 23:30 UTC on 10 Mar is still 10 Mar in London (not 11 Mar as in Shanghai)",
     "fca-disp", "final_response", "received 2025-03-10 23:30Z", "2025-03-11 12:00",
     "2025-05-05 → 2025-05-05, due 2025-05-05 24:00 +01:00, running"),
    ("final response at 23:59 London time on 5 May: met",
     "fca-disp", "final_response", "received 2025-03-10 10:00; notified 2025-05-05 23:59", "2025-05-06 12:00",
     "2025-05-05 → 2025-05-05, due 2025-05-05 24:00 +01:00, met"),
    ("no final response by 00:30 on 6 May London time: breached",
     "fca-disp", "final_response", "received 2025-03-10 10:00", "2025-05-06 00:30",
     "2025-05-05 → 2025-05-05, due 2025-05-05 24:00 +01:00, breached"),
    ("a year without data does not matter to DISP: 1 Dec 2026 + 56 = 26 Jan 2027, not estimated",
     "fca-disp", "final_response", "received 2026-12-01 09:00", "2026-12-02 12:00",
     "2027-01-26 → 2027-01-26, due 2027-01-26 24:00 +00:00, running"),

    // ── CFPB in New York time ──
    ("CFPB response 15 N from Sat 1 Mar = Sun 16 Mar, not moved; summer time from 9 Mar",
     "cfpb", "response", "received 2025-03-01 10:00", "2025-03-02 12:00",
     "2025-03-16 → 2025-03-16, due 2025-03-16 24:00 -04:00, running"),
    ("CFPB final 60 N from 1 Mar = 30 Apr",
     "cfpb", "final", "received 2025-03-01 10:00", "2025-03-02 12:00",
     "2025-04-30 → 2025-04-30, due 2025-04-30 24:00 -04:00, running"),
    ("CFPB response on 14 Mar: met",
     "cfpb", "response", "received 2025-03-01 10:00; responded 2025-03-14 10:00", "2025-03-15 12:00",
     "2025-03-16 → 2025-03-16, due 2025-03-16 24:00 -04:00, met"),
    ("a final response also meets the 15-day response clock",
     "cfpb", "response", "received 2025-03-01 10:00; notified 2025-03-10 10:00", "2025-03-15 12:00",
     "2025-03-16 → 2025-03-16, due 2025-03-16 24:00 -04:00, met"),
    ("sent 03:30 UTC on 4 Mar is 22:30 on 3 Mar in New York: 3 + 15 = 18 Mar",
     "cfpb", "response", "received 2025-03-04 03:30Z", "2025-03-05 12:00",
     "2025-03-18 → 2025-03-18, due 2025-03-18 24:00 -04:00, running"),

    // ── working days ──
    ("5 W from Mon 3 Mar: 4, 5, 6, 7, 10 Mar",
     "table", "w5", "received 2025-03-03 10:00", "2025-03-04 12:00",
     "2025-03-10 → 2025-03-10, due 2025-03-10 24:00 +08:00, running"),
    ("5 W from Fri 7 Mar: 10–14 Mar",
     "table", "w5", "received 2025-03-07 10:00", "2025-03-08 12:00",
     "2025-03-14 → 2025-03-14, due 2025-03-14 24:00 +08:00, running"),
    ("1 W from Friday 23:59: Monday",
     "table", "w1", "received 2025-03-07 23:59", "2025-03-08 12:00",
     "2025-03-10 → 2025-03-10, due 2025-03-10 24:00 +08:00, running"),
    ("1 W from National Day 1 Oct: the next working day is Thu 9 Oct",
     "table", "w1", "received 2025-10-01 10:00", "2025-10-02 12:00",
     "2025-10-09 → 2025-10-09, due 2025-10-09 24:00 +08:00, running"),
    ("5 W across National Day 2025: 30 Sep, 9, 10, Sat 11 (make-up), 13 Oct",
     "table", "w5", "received 2025-09-29 10:00", "2025-09-30 12:00",
     "2025-10-13 → 2025-10-13, due 2025-10-13 24:00 +08:00, running"),
    ("10 W from Thu 25 Sep: 26, Sun 28 (make-up), 29, 30 Sep, 9, 10, 11, 13, 14, 15 Oct",
     "table", "w10", "received 2025-09-25 10:00", "2025-09-26 12:00",
     "2025-10-15 → 2025-10-15, due 2025-10-15 24:00 +08:00, running"),
    ("5 W across the 2025 Spring Festival: Sun 26 Jan (make-up), 27 Jan, 5, 6, 7 Feb",
     "table", "w5", "received 2025-01-24 10:00", "2025-01-25 12:00",
     "2025-02-07 → 2025-02-07, due 2025-02-07 24:00 +08:00, running"),
    ("10 W across the 2025 Spring Festival: … 7 Feb, Sat 8 Feb (make-up), 10, 11, 12, 13 Feb",
     "table", "w10", "received 2025-01-24 10:00", "2025-01-25 12:00",
     "2025-02-13 → 2025-02-13, due 2025-02-13 24:00 +08:00, running"),
    ("5 W across the 2026 Spring Festival: 13, Sat 14 Feb (make-up), 24, 25, 26 Feb",
     "table", "w5", "received 2026-02-12 10:00", "2026-02-13 12:00",
     "2026-02-26 → 2026-02-26, due 2026-02-26 24:00 +08:00, running"),
    ("10 W across the 2026 Spring Festival: … 26, 27, Sat 28 Feb (make-up), 2, 3, 4 Mar",
     "table", "w10", "received 2026-02-12 10:00", "2026-02-13 12:00",
     "2026-03-04 → 2026-03-04, due 2026-03-04 24:00 +08:00, running"),
    ("5 W across National Day 2026 ends on Sat 10 Oct, a make-up day: 29, 30 Sep, 8, 9, 10 Oct",
     "table", "w5", "received 2026-09-28 10:00", "2026-09-29 12:00",
     "2026-10-10 → 2026-10-10, due 2026-10-10 24:00 +08:00, running"),
    ("3 W from Fri 18 Sep 2026: Sun 20 Sep (make-up), 21, 22 Sep",
     "table", "w3", "received 2026-09-18 10:00", "2026-09-19 12:00",
     "2026-09-22 → 2026-09-22, due 2026-09-22 24:00 +08:00, running"),
    ("15 W over New Year 2026: 25, 26, 29, 30, 31 Dec, Sun 4 Jan, 5–9, 12–15 Jan",
     "table", "w15", "received 2025-12-24 10:00", "2025-12-25 12:00",
     "2026-01-15 → 2026-01-15, due 2026-01-15 24:00 +08:00, running"),
    ("5 W paused 2 days: Mon 10 Mar + 2 days = Wed 12 Mar",
     "table", "w5", "received 2025-03-03 10:00; paused 2025-03-04 10:00 等待材料; resumed 2025-03-06 10:00", "2025-03-07 12:00",
     "2025-03-12 → 2025-03-12, due 2025-03-12 24:00 +08:00, running"),

    // ── a year without data ──
    ("20 Dec 2026 + 15 = Mon 4 Jan 2027: no 2027 data, estimated",
     "nfra-2020", "decision", "received 2026-12-20 10:00", "2026-12-21 12:00",
     "2027-01-04 → 2027-01-04, due 2027-01-04 24:00 +08:00, running, estimated"),
    ("25 Dec 2026 + 15 = Sat 9 Jan 2027: weekends only, Mon 11 Jan, estimated",
     "nfra-2020", "decision", "received 2026-12-25 10:00", "2026-12-26 12:00",
     "2027-01-09 → 2027-01-11, due 2027-01-11 24:00 +08:00, running, estimated"),
    ("16 Dec 2026 + 15 = Thu 31 Dec 2026: all in 2026, not estimated",
     "nfra-2020", "decision", "received 2026-12-16 10:00", "2026-12-17 12:00",
     "2026-12-31 → 2026-12-31, due 2026-12-31 24:00 +08:00, running"),
    ("5 W from Mon 28 Dec 2026: 29, 30, 31 Dec, Fri 1 Jan 2027 counted as a weekday, Mon 4 Jan",
     "table", "w5", "received 2026-12-28 10:00", "2026-12-29 12:00",
     "2027-01-04 → 2027-01-04, due 2027-01-04 24:00 +08:00, running, estimated"),
    ("hour clocks never use the calendar: not estimated in 2027",
     "property-default", "reply", "received 2027-01-01 09:00", "2027-01-01 10:00",
     "due 2027-01-02 09:00 +08:00, running"),

    // ── event sequences that are refused ──
    ("events out of time order are refused",
     "nfra-2020", "decision", "received 2025-03-03 10:00; paused 2025-03-05 10:00 鉴定; resumed 2025-03-04 10:00", "2025-03-10 12:00",
     "refused invalid events.order"),
    ("an event after now is refused",
     "nfra-2020", "decision", "received 2025-03-03 10:00; notified 2025-03-12 10:00", "2025-03-10 12:00",
     "refused invalid events.future"),
    ("resuming what was not paused is refused",
     "nfra-2020", "decision", "received 2025-03-03 10:00; resumed 2025-03-04 10:00", "2025-03-10 12:00",
     "refused invalid events.resume_not_paused"),
    ("pausing twice is refused",
     "nfra-2020", "decision", "received 2025-03-03 10:00; paused 2025-03-04 10:00 鉴定; paused 2025-03-05 10:00 检测", "2025-03-10 12:00",
     "refused invalid events.pause_twice"),
    ("a pause needs a reason",
     "nfra-2020", "decision", "received 2025-03-03 10:00; paused 2025-03-04 10:00", "2025-03-10 12:00",
     "refused required pause.reason"),
    ("a complaint is received once",
     "nfra-2020", "decision", "received 2025-03-03 10:00; received 2025-03-04 10:00", "2025-03-10 12:00",
     "refused invalid events.received"),
    ("the first event must be the receipt",
     "nfra-2020", "decision", "notified 2025-03-03 10:00; received 2025-03-04 10:00", "2025-03-10 12:00",
     "refused invalid events.received"),
];

fn pack(code: &str) -> RulePack {
    if code == "table" {
        RulePack::load(TABLE_PACK).expect("the table pack is valid")
    } else {
        RulePack::shipped_pack(code).expect("a shipped pack")
    }
}

/// `2025-03-03 10:00` in `zone`, or `2025-03-03 16:30Z` in UTC.
fn instant(text: &str, zone: Tz) -> DateTime<Utc> {
    if let Some(utc) = text.strip_suffix('Z') {
        let naive = NaiveDateTime::parse_from_str(utc, "%Y-%m-%d %H:%M").unwrap_or_else(|e| panic!("{text}: {e}"));
        return Utc.from_utc_datetime(&naive);
    }
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap_or_else(|e| panic!("{text}: {e}"));
    zone.from_local_datetime(&naive).single().expect("an unambiguous local time").with_timezone(&Utc)
}

/// `kind DATE TIME [args]` separated by `;`.
fn events(text: &str, zone: Tz) -> Vec<ClockEvent> {
    text.split(';')
        .map(|part| {
            let words: Vec<&str> = part.split_whitespace().collect();
            let (kind, rest) = words.split_first().expect("an event");
            let (step, rest) = if *kind == "ext" { (rest[0].parse::<u8>().unwrap(), &rest[1..]) } else { (0, rest) };
            let at = instant(&format!("{} {}", rest[0], rest[1]), zone);
            let args = &rest[2..];
            let arg = |key: &str| args.iter().find_map(|a| a.strip_prefix(&format!("{key}=")).map(str::to_string));
            match *kind {
                "received" => ClockEvent::Received { at },
                "urgent" => ClockEvent::Urgent { at },
                "dispatched" => ClockEvent::Dispatched { at },
                "on_site" => ClockEvent::OnSite { at },
                "fixed" => ClockEvent::Fixed { at },
                "paused" => ClockEvent::Paused { at, reason: args.join(" ") },
                "resumed" => ClockEvent::Resumed { at },
                "ext" => ClockEvent::ExtensionApproved {
                    at,
                    step,
                    approver: arg("approver"),
                    customer_notified: args.contains(&"notice"),
                    reason: arg("reason"),
                    clock: arg("clock"),
                },
                "new_facts" => ClockEvent::NewFacts { at },
                "reopened" => ClockEvent::Reopened { at, new_facts: args.contains(&"new_facts") },
                "notified" => ClockEvent::DecisionNotified { at },
                "review_requested" => ClockEvent::ReviewRequested { at },
                "review_decided" => ClockEvent::ReviewDecided { at },
                "responded" => ClockEvent::Responded { at },
                "followed_up" => ClockEvent::FollowedUp { at },
                "withdrawn" => ClockEvent::Withdrawn { at },
                other => panic!("unknown event kind {other}"),
            }
        })
        .collect()
}

/// An instant as people say it in `zone`; midnight is written as 24:00 of the day before.
fn local(t: DateTime<Utc>, zone: Tz) -> String {
    let l = t.with_timezone(&zone);
    let offset = l.format("%:z");
    if l.hour() == 0 && l.minute() == 0 {
        let day = l.date_naive().pred_opt().unwrap();
        format!("{day} 24:00 {offset}")
    } else {
        format!("{} {offset}", l.format("%Y-%m-%d %H:%M"))
    }
}

fn render(state: &ClockState) -> String {
    let zone: Tz = state.zone.parse().unwrap();
    let mut out = match (state.target_date, state.latest_date) {
        (Some(t), Some(l)) => format!("{t} → {l}, due {}", local(state.due, zone)),
        _ => format!("due {}", local(state.due, zone)),
    };
    let kind = serde_json::to_value(state.state).unwrap();
    out.push_str(&format!(", {}", kind.as_str().unwrap()));
    if state.estimated {
        out.push_str(", estimated");
    }
    if state.extension_step > 0 {
        out.push_str(&format!(", step {}", state.extension_step));
    }
    for before in &state.previous {
        let kind = serde_json::to_value(before.state).unwrap();
        out.push_str(&format!("; before: {}", kind.as_str().unwrap()));
        if let Some(late) = before.overdue_ms {
            out.push_str(&format!(" {}h{:02}m late", late / 3_600_000, late % 3_600_000 / 60_000));
        }
        out.push_str(&format!(", due {}", local(before.due, zone)));
    }
    out
}

fn run(pack_code: &str, clock: &str, text: &str, now: &str, calendar: &Calendar) -> String {
    let pack = pack(pack_code);
    let zone = pack.zone_or(DEFAULT_DESK_ZONE);
    let evs = events(text, zone);
    let now = instant(now, zone);
    match compute(&pack, &evs, calendar, DEFAULT_DESK_ZONE, now) {
        Ok(states) => states.iter().find(|s| s.code == clock).map_or("not started".to_string(), render),
        Err(e) => {
            let code = serde_json::to_value(e.code).unwrap();
            format!("refused {} {}", code.as_str().unwrap(), e.rule.unwrap_or_default())
        }
    }
}

#[test]
fn every_row_of_the_deadline_table_holds() {
    assert!(ROWS.len() >= 80, "the table has at least 80 rows, has {}", ROWS.len());
    let calendar = Calendar::shipped().unwrap();
    let mut failures = Vec::new();
    for (reason, pack, clock, evs, now, expect) in ROWS {
        let got = run(pack, clock, evs, now, &calendar);
        if got != *expect {
            failures.push(format!("{reason}\n    expected: {expect}\n    got:      {got}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} rows differ:\n{}", failures.len(), ROWS.len(), failures.join("\n"));
}

#[test]
fn validate_events_refuses_what_compute_refuses_and_accepts_the_rest() {
    let calendar = Calendar::shipped().unwrap();
    let pack = pack("nfra-2020");
    let zone = DEFAULT_DESK_ZONE;
    let now = instant("2025-04-01 12:00", zone);
    let good = events("received 2025-03-03 10:00; ext 1 2025-03-10 10:00 notice", zone);
    assert!(validate_events(&pack, &good, &calendar, zone, now).is_ok(), "step 1 with a notice is fine");
    let bad = events("received 2025-03-03 10:00; ext 1 2025-03-10 10:00 notice; ext 2 2025-03-20 10:00 notice", zone);
    let err = validate_events(&pack, &bad, &calendar, zone, now).expect_err("step 2 needs an approver");
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Required, Some("approver")), "the field to fill is named");
    assert!(err.message.contains("批准人"), "the message says what is missing: {}", err.message);
}

#[test]
fn time_left_percent_and_warnings_follow_the_clock() {
    // 15 N from 3 Mar 10:00: due 19 Mar 00:00, 374 hours in all.
    let calendar = Calendar::shipped().unwrap();
    let pack = pack("nfra-2020");
    let zone = DEFAULT_DESK_ZONE;
    let evs = events("received 2025-03-03 10:00", zone);
    let at = |now: &str| {
        let states = compute(&pack, &evs, &calendar, zone, instant(now, zone)).unwrap();
        states.into_iter().find(|s| s.code == "decision").unwrap()
    };
    let early = at("2025-03-15 02:00");
    assert_eq!((early.percent_used, early.warning), (74, None), "280 of 374 hours is 74.9%: no warning yet");
    let warned = at("2025-03-15 03:00");
    assert_eq!((warned.percent_used, warned.warning), (75, Some(75)), "281 of 374 hours is 75.1%: first warning");
    let late = at("2025-03-17 11:00");
    assert_eq!((late.percent_used, late.warning), (90, Some(90)), "337 of 374 hours is 90.1%: second warning");
    assert_eq!(late.time_left_ms, Some(37 * 3_600_000), "37 hours left until 19 Mar 00:00");
    let over = at("2025-03-19 01:00");
    assert_eq!((over.state, over.time_left_ms, over.warning), (ClockStateKind::Breached, Some(-3_600_000), None), "one hour overdue");
    assert_eq!(over.overdue_ms, Some(3_600_000), "a breach says how late it is");
    assert_eq!(early.overdue_ms, None, "a clock within its time is not late");
    let much_later = at("2025-04-12 10:00");
    assert_eq!(much_later.overdue_ms, Some((24 * 24 + 10) * 3_600_000), "24 days 10 hours late, whatever share of the time that is");
}

/// A breach rises a step each period the pack's `[escalation]` sets (nfra-2020: 5 days,
/// property-default: 24 hours; none for fca-disp), up to three steps; a step is an escalation
/// level. Each row: reason, pack, events, now, and the case's summary:
/// `step N, next check <local>` or `step N, no further check`.
#[rustfmt::skip]
const STEPS: &[(&str, &str, &str, &str, &str)] = &[
    ("before the due time there is no step; the next look is at the due time",
     "nfra-2020", "received 2025-03-03 10:00", "2025-03-18 12:00",
     "step 0, next check 2025-03-18 24:00 +08:00"),
    ("one minute overdue: step 1, the next step 5 days after the due time",
     "nfra-2020", "received 2025-03-03 10:00", "2025-03-19 00:01",
     "step 1, next check 2025-03-23 24:00 +08:00"),
    ("one minute short of 5 days overdue: still step 1",
     "nfra-2020", "received 2025-03-03 10:00", "2025-03-23 23:59",
     "step 1, next check 2025-03-23 24:00 +08:00"),
    ("5 days overdue: step 2",
     "nfra-2020", "received 2025-03-03 10:00", "2025-03-24 00:00",
     "step 2, next check 2025-03-28 24:00 +08:00"),
    ("10 days overdue: step 3, the last",
     "nfra-2020", "received 2025-03-03 10:00", "2025-03-29 00:00",
     "step 3, no further check"),
    ("23 days overdue: still step 3",
     "nfra-2020", "received 2025-03-03 10:00", "2025-04-10 12:00",
     "step 3, no further check"),
    ("a pause after the breach does not stop the steps",
     "nfra-2020", "received 2025-03-03 10:00; paused 2025-03-20 10:00 鉴定", "2025-03-24 00:00",
     "step 2, next check 2025-03-28 24:00 +08:00"),
    ("notified late: the breach is over, no further step",
     "nfra-2020", "received 2025-03-03 10:00; notified 2025-03-20 10:00", "2025-03-30 12:00",
     "step 0, no further check"),
    ("reopened after a late decision: the new clock runs (75% on 6 Apr 02:30), the old breach steps no more",
     "nfra-2020", "received 2025-03-03 10:00; notified 2025-03-20 10:00; reopened 2025-03-25 10:00", "2025-03-30 12:00",
     "step 0, next check 2025-04-06 02:30 +08:00"),
    ("property: dispatch 1 minute late: step 1; the reply clock's 75% line comes before step 2",
     "property-default", "received 2025-03-03 10:00", "2025-03-03 10:21",
     "step 1, next check 2025-03-04 04:00 +08:00"),
    ("property: the oldest breach sets the step, 24 hours and 1 minute overdue: step 2",
     "property-default", "received 2025-03-03 10:00", "2025-03-04 10:21",
     "step 2, next check 2025-03-05 10:20 +08:00"),
    ("a pack without an escalation rule: the breach alone, however old",
     "fca-disp", "received 2025-03-10 10:00", "2025-06-01 12:00",
     "step 1, no further check"),
];

#[test]
fn a_breach_rises_a_step_each_period_overdue_up_to_three() {
    use complaintdesk_core::domain::deadline::feed::summarize;
    let calendar = Calendar::shipped().unwrap();
    let mut failures = Vec::new();
    for (reason, code, text, now, expect) in STEPS {
        let pack = pack(code);
        let zone = pack.zone_or(DEFAULT_DESK_ZONE);
        let now = instant(now, zone);
        let clocks = compute(&pack, &events(text, zone), &calendar, DEFAULT_DESK_ZONE, now).unwrap();
        let summary = summarize(&clocks, pack.escalation, now);
        let next = summary.next_check_at.map_or("no further check".to_string(), |t| format!("next check {}", local(t, zone)));
        let got = format!("step {}, {next}", summary.breach_step);
        if got != *expect {
            failures.push(format!("{reason}\n    expected: {expect}\n    got:      {got}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} rows differ:\n{}", failures.len(), STEPS.len(), failures.join("\n"));
}

#[test]
fn a_paused_clock_keeps_its_time_left() {
    let calendar = Calendar::shipped().unwrap();
    let pack = pack("nfra-2020");
    let zone = DEFAULT_DESK_ZONE;
    let evs = events("received 2025-03-03 10:00; paused 2025-03-10 10:00 鉴定", zone);
    let left = |now: &str| {
        compute(&pack, &evs, &calendar, zone, instant(now, zone)).unwrap()[0].time_left_ms.unwrap()
    };
    // Paused at 10 Mar 10:00 with 8 days 14 hours left; the pause adds itself to the due time.
    assert_eq!(left("2025-03-11 10:00"), left("2025-03-12 18:00"), "time left does not run down while paused");
    assert_eq!(left("2025-03-11 10:00"), (8 * 24 + 14) * 3_600_000, "8 days 14 hours left, as at the pause");
}

#[test]
fn the_extension_approver_and_labels_reach_the_ui_in_json() {
    let calendar = Calendar::shipped().unwrap();
    let pack = pack("nfra-2020");
    let zone = DEFAULT_DESK_ZONE;
    let evs = events("received 2025-03-03 10:00; ext 1 2025-03-10 10:00 notice", zone);
    let states = compute(&pack, &evs, &calendar, zone, instant("2025-03-11 10:00", zone)).unwrap();
    let json = serde_json::to_value(&states[0]).unwrap();
    assert_eq!(json["state"], "running");
    assert_eq!(json["extension_step"], 1);
    assert_eq!(json["label"], "作出处理决定并告知");
    assert_eq!(json["zone"], "Asia/Shanghai");
    assert_eq!(json["target_date"], "2025-04-02");
    assert_eq!(json["due"], "2025-04-02T16:00:00Z", "24:00 on 2 Apr in Shanghai is 16:00 UTC");
}

#[test]
fn events_read_from_json_as_the_cli_takes_them() {
    let text = r#"[
        {"kind":"received","at":"2025-03-03T10:00:00+08:00"},
        {"kind":"extension_approved","at":"2025-03-10T10:00:00+08:00","step":1,"customer_notified":true},
        {"kind":"paused","at":"2025-03-11T10:00:00+08:00","reason":"鉴定"}
    ]"#;
    let evs: Vec<ClockEvent> = serde_json::from_str(text).expect("events parse");
    assert_eq!(evs.len(), 3);
    assert!(matches!(&evs[1], ClockEvent::ExtensionApproved { step: 1, approver: None, customer_notified: true, .. }));
    assert_eq!(evs[0].at(), instant("2025-03-03 10:00", DEFAULT_DESK_ZONE));
}

// ── calendars ──

const CAL_2027_JSON: &str = r#"{
  "$schema": "https://example.invalid/schema.json",
  "year": 2027,
  "papers": ["示例"],
  "days": [
    {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
    {"name": "春节", "date": "2027-02-06", "isOffDay": true},
    {"name": "春节", "date": "2027-02-07", "isOffDay": true},
    {"name": "春节", "date": "2027-02-08", "isOffDay": true},
    {"name": "春节", "date": "2027-02-20", "isOffDay": false}
  ]
}"#;

const CAL_2027_ICAL: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//example//holidays//ZH\r
BEGIN:VEVENT\r
UID:1@example\r
DTSTART;VALUE=DATE:20270101\r
DTEND;VALUE=DATE:20270102\r
SUMMARY:元旦\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:2@example\r
DTSTART;VALUE=DATE:20270206\r
DTEND;VALUE=DATE:20270209\r
SUMMARY:春节\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:3@example\r
DTSTART;VALUE=DATE:20270220\r
SUMMARY:春节补班\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:4@example\r
DTSTART;VALUE=DATE:20271002\r
DURATION:P2D\r
SUMMARY:National Day\r
  holiday\r
END:VEVENT\r
END:VCALENDAR\r
";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn a_holiday_cn_year_is_imported_and_removes_the_estimate() {
    let shipped = Calendar::shipped().unwrap();
    let with_2027 = shipped.import(CAL_2027_JSON).expect("a good holiday-cn file imports");
    assert!(!shipped.has_data(2027), "importing returns a new calendar and leaves the old one as it was");
    assert!(with_2027.has_data(2027));
    assert!(!with_2027.is_working_day(d("2027-01-01")), "1 Jan 2027 is now a day off");
    assert!(with_2027.is_working_day(d("2027-02-20")), "Sat 20 Feb 2027 is now a make-up day");
    let summary = with_2027.years().into_iter().find(|y| y.year == 2027).unwrap();
    assert_eq!((summary.off_days, summary.make_up_days, summary.shipped), (4, 1, false));
    // 5 W from Mon 28 Dec 2026: 29, 30, 31 Dec, (1 Jan now off), Mon 4 Jan, Tue 5 Jan.
    let got = run("table", "w5", "received 2026-12-28 10:00", "2026-12-29 12:00", &with_2027);
    assert_eq!(got, "2027-01-05 → 2027-01-05, due 2027-01-05 24:00 +08:00, running", "with 2027 data 1 Jan is skipped and nothing is estimated");
}

#[test]
fn an_ical_file_is_read_with_exclusive_ends_durations_and_make_up_words() {
    let file = CalendarFile::parse(CAL_2027_ICAL).expect("a good iCalendar file reads");
    assert_eq!(file.format, CalendarFormat::Ical);
    assert_eq!(file.years.len(), 1, "one year covered");
    let y = &file.years[0];
    let days: Vec<(String, bool)> = y.days.iter().map(|x| (x.date.to_string(), x.is_off_day)).collect();
    assert_eq!(
        days,
        vec![
            ("2027-01-01".into(), true),
            ("2027-02-06".into(), true),
            ("2027-02-07".into(), true),
            ("2027-02-08".into(), true),
            ("2027-02-20".into(), false),
            ("2027-10-02".into(), true),
            ("2027-10-03".into(), true),
        ],
        "DTEND is exclusive (6–8 Feb), no DTEND is one day, DURATION P2D is two days, 补班 is a working day"
    );
    assert_eq!(y.days[5].name, "National Day holiday", "a folded SUMMARY line is unfolded");
    let cal = Calendar::shipped().unwrap().import(CAL_2027_ICAL).unwrap();
    assert_eq!(cal.day_kind(d("2027-02-20")), DayKind::MakeUp);
    assert_eq!(cal.day_kind(d("2027-02-07")), DayKind::Holiday);
}

#[test]
fn an_ical_new_year_break_starting_in_december_goes_with_the_next_year() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20271231\nDTEND;VALUE=DATE:20280102\nSUMMARY:元旦\nEND:VEVENT\n\
BEGIN:VEVENT\nDTSTART;VALUE=DATE:20280125\nDTEND;VALUE=DATE:20280201\nSUMMARY:春节\nEND:VEVENT\nEND:VCALENDAR\n";
    let years = parse_ical(text).expect("reads");
    assert_eq!(years.iter().map(|y| y.year).collect::<Vec<_>>(), vec![2028], "31 Dec 2027 belongs to the 2028 notice");
    let cal = Calendar::empty().with_years(years).unwrap();
    assert!(!cal.has_data(2027), "2027 is not claimed by one day of the next year's break");
    assert!(!cal.is_working_day(d("2027-12-31")), "but 31 Dec 2027 is a day off");
}

#[test]
fn bad_ical_lines_are_refused_naming_the_line() {
    let cases: &[(&str, &str)] = &[
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270101T090000\nSUMMARY:元旦\nEND:VEVENT\nEND:VCALENDAR\n", "第 3 行"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20271301\nSUMMARY:元旦\nEND:VEVENT\nEND:VCALENDAR\n", "第 3 行"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270105\nDTEND;VALUE=DATE:20270105\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR\n", "第 4 行"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:元旦\nEND:VEVENT\nEND:VCALENDAR\n", "第 2 行"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nEND:VEVENT\nEND:VCALENDAR\n", "第 2 行"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nRRULE:FREQ=YEARLY\nSUMMARY:元旦\nEND:VEVENT\nEND:VCALENDAR\n", "第 4 行"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270105\nSUMMARY:补班\nEND:VEVENT\nEND:VCALENDAR\n", "第 3 行"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nSUMMARY:元旦\nEND:VCALENDAR\n", "第 5 行"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nthis is not a property\nEND:VEVENT\nEND:VCALENDAR\n", "第 3 行"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nSUMMARY:元旦\nEND:VEVENT\n", "第 1 行"),
    ];
    let shipped = Calendar::shipped().unwrap();
    for (text, line) in cases {
        let err = shipped.import(text).expect_err("a bad file is refused");
        assert_eq!(err.code, ErrorCode::CalendarInvalid);
        assert!(err.message.contains(line), "the refusal names {line}: {}", err.message);
    }
    assert_eq!(shipped, Calendar::shipped().unwrap(), "a refused import changes nothing");
}

#[test]
fn bad_holiday_cn_json_is_refused_naming_the_path() {
    let cases: &[(&str, &str)] = &[
        (r#"{"year": 2027, "days": [{"name": "元旦", "date": "2027-13-01", "isOffDay": true}]}"#, "days[0].date"),
        (r#"{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": "yes"}]}"#, "days[0].isOffDay"),
        (r#"{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffday": true}]}"#, "days[0].isOffday"),
        (r#"{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}, {"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#, "days[1]"),
        (r#"{"year": 2027, "days": [{"name": "补班", "date": "2027-01-05", "isOffDay": false}]}"#, "days[0]"),
        (r#"{"year": 2027, "days": [{"name": "元旦", "date": "2029-01-01", "isOffDay": true}]}"#, "days[0]"),
        (r#"{"year": 2027, "days": []}"#, "days"),
        (r#"{"days": []}"#, "year"),
        ("{\"year\": 2027,\n \"days\": [\n  {\"name\": \"元旦\" \"date\": \"2027-01-01\"}]}", "第 3 行"),
    ];
    for (text, place) in cases {
        let err = parse_holiday_cn(text).expect_err("a bad file is refused");
        assert_eq!(err.code, ErrorCode::CalendarInvalid);
        assert!(err.message.contains(place), "the refusal names {place}: {}", err.message);
    }
}
