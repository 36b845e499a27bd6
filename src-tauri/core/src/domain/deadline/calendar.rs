//! Holiday calendars as data (SPEC §5): the statutory days off and the 调休 make-up working days
//! of each year, from the State Council notice.
//!
//! A year is kept in the holiday-cn shape
//! `{"year":2025,"days":[{"name":"元旦","date":"2025-01-01","isOffDay":true}, …]}`: `isOffDay`
//! true is a statutory day off, false a make-up working day (always a Saturday or Sunday).
//! A day is a working day when it is a make-up day, or a Monday to Friday that is not a day off.
//! A year without data falls back to weekends only, and whoever counts with it says so
//! ([`Calendar::has_data`]).
//!
//! Importing never changes a calendar: [`Calendar::import`] returns a new value, and a bad file
//! is refused whole with the place (JSON path or iCalendar line) and the reason.
use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::domain::error::{DeskError, DeskResult, ErrorCode};

/// The years the product ships, as holiday-cn JSON.
pub const SHIPPED_CALENDARS: &[&str] =
    &[include_str!("../../../data/calendars/2025.json"), include_str!("../../../data/calendars/2026.json")];

/// The earliest and latest year a calendar file may describe.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;
/// The longest single iCalendar event we accept (a statutory break is at most 9 days).
const MAX_EVENT_DAYS: i64 = 31;

/// One listed day of a holiday calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarDay {
    /// The holiday the day belongs to, e.g. 春节 (a make-up day carries its holiday's name).
    pub name: String,
    pub date: NaiveDate,
    /// True for a statutory day off, false for a 调休 make-up working day.
    #[serde(rename = "isOffDay")]
    pub is_off_day: bool,
}

/// One year of a holiday calendar, in the holiday-cn shape.
///
/// Days may include a few in the neighbouring years (a New Year break that starts in late
/// December belongs to the next year's notice), but the year itself is what [`Calendar::has_data`]
/// answers for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarYear {
    pub year: i32,
    /// The notices the days come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub papers: Vec<String>,
    pub days: Vec<CalendarDay>,
}

/// What kind of day a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DayKind {
    /// Monday to Friday, not a day off.
    Working,
    /// Saturday or Sunday, not a make-up day.
    Weekend,
    /// A statutory day off (法定节假日, including the weekend days inside a break).
    Holiday,
    /// A Saturday or Sunday worked in exchange (调休上班).
    MakeUp,
}

/// One holiday of a year as people read it: its days off and its make-up days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HolidaySummary {
    pub name: String,
    pub first_off: Option<NaiveDate>,
    pub last_off: Option<NaiveDate>,
    pub off_days: u32,
    pub make_up_days: Vec<NaiveDate>,
}

/// What a calendar knows about one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarYearSummary {
    pub year: i32,
    /// Statutory days off listed for the year.
    pub off_days: u32,
    /// 调休 make-up working days listed for the year.
    pub make_up_days: u32,
    /// True for a year the product ships, false for an imported one.
    pub shipped: bool,
    pub holidays: Vec<HolidaySummary>,
}

/// The file format an import was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CalendarFormat {
    /// `{"year":…, "days":[…]}` as published by holiday-cn.
    HolidayCn,
    /// iCalendar (RFC 5545) with all-day VEVENTs.
    Ical,
}

/// A calendar file that was read and checked, not yet merged into a calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarFile {
    pub format: CalendarFormat,
    pub years: Vec<CalendarYear>,
}

/// The holiday calendar deadlines are counted with: shipped years plus imported ones.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Calendar {
    years: BTreeMap<i32, CalendarYear>,
    shipped: BTreeSet<i32>,
    /// Every listed date: whether it is a day off.
    index: HashMap<NaiveDate, bool>,
}

fn broken(rule: &str, message: String) -> DeskError {
    DeskError::new(ErrorCode::CalendarInvalid, message).field("calendar").rule(format!("calendar.{rule}"))
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Why a listed day cannot belong to `year`'s calendar, if it cannot.
fn day_problem(year: i32, day: &CalendarDay) -> Option<String> {
    if day.name.trim().is_empty() {
        return Some("节日名称为空".into());
    }
    if (day.date.year() - year).abs() > 1 {
        return Some(format!("日期 {} 不在 {year} 年及相邻年份内", day.date));
    }
    if !day.is_off_day && !is_weekend(day.date) {
        return Some(format!("{} 是周一至周五，本来就上班，不能标为调休上班日", day.date));
    }
    None
}

impl CalendarYear {
    /// Checks a year from any source; the message names the day by its place in `days`.
    pub fn validate(&self) -> DeskResult<()> {
        if !YEARS.contains(&self.year) {
            return Err(broken("year", format!("year：年份 {} 不在 {}–{} 之间", self.year, YEARS.start(), YEARS.end())));
        }
        if self.days.is_empty() {
            return Err(broken("days", format!("days：{} 年没有列出任何日期", self.year)));
        }
        let mut seen = HashMap::new();
        for (i, day) in self.days.iter().enumerate() {
            if let Some(problem) = day_problem(self.year, day) {
                return Err(broken("day", format!("days[{i}]：{problem}")));
            }
            if let Some(first) = seen.insert(day.date, i) {
                return Err(broken("duplicate", format!("days[{i}]：日期 {} 与 days[{first}] 重复", day.date)));
            }
        }
        Ok(())
    }

    /// The holidays of the year in date order, each with its days off and make-up days.
    pub fn holidays(&self) -> Vec<HolidaySummary> {
        let mut days: Vec<&CalendarDay> = self.days.iter().collect();
        days.sort_by_key(|d| d.date);
        let mut out: Vec<HolidaySummary> = Vec::new();
        for d in days {
            let i = match out.iter().position(|h| h.name == d.name) {
                Some(i) => i,
                None => {
                    out.push(HolidaySummary { name: d.name.clone(), first_off: None, last_off: None, off_days: 0, make_up_days: vec![] });
                    out.len() - 1
                }
            };
            let h = &mut out[i];
            if d.is_off_day {
                h.first_off = Some(h.first_off.map_or(d.date, |f| f.min(d.date)));
                h.last_off = Some(h.last_off.map_or(d.date, |l| l.max(d.date)));
                h.off_days += 1;
            } else {
                h.make_up_days.push(d.date);
            }
        }
        // In the order the breaks come, not the order their first make-up day comes.
        out.sort_by_key(|h| h.first_off.or(h.make_up_days.first().copied()));
        out
    }

    fn summary(&self, shipped: bool) -> CalendarYearSummary {
        let own = |off: bool| self.days.iter().filter(|d| d.is_off_day == off && d.date.year() == self.year).count() as u32;
        CalendarYearSummary { year: self.year, off_days: own(true), make_up_days: own(false), shipped, holidays: self.holidays() }
    }
}

impl Calendar {
    /// A calendar with no data: every year counts weekends only.
    pub fn empty() -> Calendar {
        Calendar::default()
    }

    /// The years the product ships (2025 and 2026), checked.
    pub fn shipped() -> DeskResult<Calendar> {
        let mut cal = Calendar::empty();
        for text in SHIPPED_CALENDARS {
            let year = parse_holiday_cn(text)?;
            cal.shipped.insert(year.year);
            cal.years.insert(year.year, year);
        }
        cal.reindex();
        Ok(cal)
    }

    /// A new calendar with these years added, each replacing the same year wholesale.
    pub fn with_years(&self, years: impl IntoIterator<Item = CalendarYear>) -> DeskResult<Calendar> {
        let mut cal = self.clone();
        for year in years {
            year.validate()?;
            cal.shipped.remove(&year.year);
            cal.years.insert(year.year, year);
        }
        cal.reindex();
        Ok(cal)
    }

    /// Reads a calendar file (holiday-cn JSON or iCalendar) and returns a new calendar with its
    /// years added; `self` is unchanged, and nothing is added when any part of the file is refused.
    pub fn import(&self, text: &str) -> DeskResult<Calendar> {
        self.with_years(CalendarFile::parse(text)?.years)
    }

    fn reindex(&mut self) {
        self.index.clear();
        // A year's own days win over a neighbour's days at the turn of the year.
        for own in [false, true] {
            for y in self.years.values() {
                for d in y.days.iter().filter(|d| (d.date.year() == y.year) == own) {
                    self.index.insert(d.date, d.is_off_day);
                }
            }
        }
    }

    /// Whether the calendar lists the statutory days of `year`.
    pub fn has_data(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// What kind of day `date` is: a listed day off or make-up day, else by its weekday.
    pub fn day_kind(&self, date: NaiveDate) -> DayKind {
        match self.index.get(&date) {
            Some(true) => DayKind::Holiday,
            Some(false) => DayKind::MakeUp,
            None if is_weekend(date) => DayKind::Weekend,
            None => DayKind::Working,
        }
    }

    /// A working day is a make-up day, or a Monday to Friday that is not a statutory day off.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        matches!(self.day_kind(date), DayKind::Working | DayKind::MakeUp)
    }

    /// One year as stored.
    pub fn year(&self, year: i32) -> Option<&CalendarYear> {
        self.years.get(&year)
    }

    /// Every year with data, in order.
    pub fn years(&self) -> Vec<CalendarYearSummary> {
        self.years.values().map(|y| y.summary(self.shipped.contains(&y.year))).collect()
    }
}

impl CalendarFile {
    /// Reads holiday-cn JSON (text starting with `{`) or iCalendar (`BEGIN:VCALENDAR`).
    pub fn parse(text: &str) -> DeskResult<CalendarFile> {
        let text = text.trim_start_matches('\u{feff}');
        let head = text.trim_start();
        if head.starts_with('{') {
            Ok(CalendarFile { format: CalendarFormat::HolidayCn, years: vec![parse_holiday_cn(text)?] })
        } else if head.get(..15).is_some_and(|h| h.eq_ignore_ascii_case("BEGIN:VCALENDAR")) {
            Ok(CalendarFile { format: CalendarFormat::Ical, years: parse_ical(text)? })
        } else {
            Err(broken(
                "format",
                "无法识别的日历文件：应为 holiday-cn 格式的 JSON（以 { 开头）或 iCalendar（以 BEGIN:VCALENDAR 开头）".into(),
            ))
        }
    }

    pub fn summaries(&self) -> Vec<CalendarYearSummary> {
        self.years.iter().map(|y| y.summary(false)).collect()
    }
}

/// Reads one year of holiday-cn JSON. Keys starting with `$` (`$schema`, `$id`) are ignored;
/// any other unknown key is refused, so a misspelt `isOffDay` is not read as a working day.
pub fn parse_holiday_cn(text: &str) -> DeskResult<CalendarYear> {
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        broken("json", format!("JSON 格式错误（第 {} 行第 {} 列）：{e}", e.line(), e.column()))
    })?;
    let Value::Object(top) = value else {
        return Err(broken("json", "（顶层）：应为对象 {\"year\":…, \"days\":[…]}".into()));
    };
    for key in top.keys() {
        if !key.starts_with('$') && !["year", "papers", "days"].contains(&key.as_str()) {
            return Err(broken("json", format!("{key}：未知的键")));
        }
    }
    let year = match top.get("year") {
        Some(Value::Number(n)) => n.as_i64().and_then(|y| i32::try_from(y).ok()),
        _ => None,
    }
    .ok_or_else(|| broken("json", "year：缺少年份或不是整数".into()))?;
    let papers = match top.get("papers") {
        None => vec![],
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, p)| p.as_str().map(str::to_string).ok_or_else(|| broken("json", format!("papers[{i}]：应为文字"))))
            .collect::<DeskResult<_>>()?,
        Some(_) => return Err(broken("json", "papers：应为文字列表".into())),
    };
    let Some(Value::Array(items)) = top.get("days") else {
        return Err(broken("json", "days：缺少日期列表".into()));
    };
    let mut days = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let Value::Object(obj) = item else {
            return Err(broken("json", format!("days[{i}]：应为对象 {{\"name\",\"date\",\"isOffDay\"}}")));
        };
        if let Some(key) = obj.keys().find(|k| !["name", "date", "isOffDay"].contains(&k.as_str())) {
            return Err(broken("json", format!("days[{i}].{key}：未知的键")));
        }
        let name = obj
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| broken("json", format!("days[{i}].name：缺少节日名称")))?;
        let date_text = obj
            .get("date")
            .and_then(Value::as_str)
            .ok_or_else(|| broken("json", format!("days[{i}].date：缺少日期")))?;
        let date = NaiveDate::parse_from_str(date_text, "%Y-%m-%d")
            .map_err(|_| broken("json", format!("days[{i}].date：“{date_text}”不是有效日期（应为 YYYY-MM-DD）")))?;
        let is_off_day = obj
            .get("isOffDay")
            .and_then(Value::as_bool)
            .ok_or_else(|| broken("json", format!("days[{i}].isOffDay：应为 true（放假）或 false（调休上班）")))?;
        days.push(CalendarDay { name: name.to_string(), date, is_off_day });
    }
    let year = CalendarYear { year, papers, days };
    year.validate()?;
    Ok(year)
}

/// Whether an iCalendar SUMMARY marks a make-up working day: it contains 班 (补班, 上班) or,
/// in any case, "make-up", "makeup", "make up", "workday" or "working day". Anything else is a
/// day off.
pub fn is_make_up_summary(summary: &str) -> bool {
    let lower = summary.to_lowercase();
    summary.contains('班') || ["make-up", "makeup", "make up", "workday", "working day"].iter().any(|w| lower.contains(w))
}

struct IcalEvent {
    line: usize,
    start: Option<(usize, NaiveDate)>,
    end: Option<(usize, NaiveDate)>,
    days: Option<(usize, i64)>,
    summary: Option<String>,
}

fn ical_error(line: usize, reason: String) -> DeskError {
    broken("ical", format!("第 {line} 行：{reason}"))
}

/// `20250101` with `VALUE=DATE` (or no VALUE); a date-time is refused: a holiday is a whole day.
fn ical_date(line: usize, name: &str, params: &str, value: &str) -> DeskResult<NaiveDate> {
    let value = value.trim();
    if value.contains('T') || params.to_ascii_uppercase().contains("VALUE=DATE-TIME") {
        return Err(ical_error(line, format!("{name} 是一个时刻（{value}），节假日应为整天日期（VALUE=DATE，如 20250101）")));
    }
    NaiveDate::parse_from_str(value, "%Y%m%d")
        .map_err(|_| ical_error(line, format!("{name} 的值“{value}”不是有效日期（应为 YYYYMMDD）")))
}

/// `P1D`, `P3D`, `P1W`: whole days only.
fn ical_duration(line: usize, value: &str) -> DeskResult<i64> {
    let v = value.trim().to_ascii_uppercase();
    let parsed = v.strip_prefix('P').and_then(|rest| {
        if let Some(n) = rest.strip_suffix('D') {
            n.parse::<i64>().ok()
        } else {
            rest.strip_suffix('W').and_then(|n| n.parse::<i64>().ok()).map(|w| w * 7)
        }
    });
    match parsed {
        Some(n) if n > 0 => Ok(n),
        _ => Err(ical_error(line, format!("DURATION“{value}”应为整天数，如 P1D 或 P1W"))),
    }
}

fn ical_unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push(' '),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_string()
}

/// Reads all-day events from iCalendar text.
///
/// Each VEVENT needs `DTSTART;VALUE=DATE:YYYYMMDD` and a SUMMARY; `DTEND` is exclusive (RFC 5545),
/// `DURATION:PnD` may stand in for it, and with neither the event is one day. A SUMMARY that
/// [`is_make_up_summary`] marks a make-up working day; any other a day off. Recurrence (RRULE,
/// RDATE) is refused rather than guessed at.
///
/// The file covers the years in which it has a day off between 4 January and 24 December; a day
/// at the turn of the year outside those goes with the neighbouring covered year, the way a New
/// Year break that starts in late December belongs to the next year's notice.
pub fn parse_ical(text: &str) -> DeskResult<Vec<CalendarYear>> {
    // Unfold continuation lines, keeping the number of the line each property starts on.
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.trim_start_matches('\u{feff}').split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix(' ').or_else(|| raw.strip_prefix('\t')), lines.last_mut()) {
            (Some(rest), Some((_, last))) => last.push_str(rest),
            _ => lines.push((i + 1, raw.to_string())),
        }
    }
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut event: Option<IcalEvent> = None;
    let mut saw_calendar = false;
    let mut found: Vec<(usize, CalendarDay)> = Vec::new();
    for (line, content) in &lines {
        let line = *line;
        if content.trim().is_empty() {
            continue;
        }
        let Some((head, value)) = content.split_once(':') else {
            return Err(ical_error(line, format!("“{}”不是 iCalendar 内容行（缺少冒号）", content.trim())));
        };
        let (name, params) = head.split_once(';').unwrap_or((head, ""));
        let name = name.trim().to_ascii_uppercase();
        match name.as_str() {
            "BEGIN" => {
                let what = value.trim().to_ascii_uppercase();
                match (what.as_str(), stack.last().map(|(_, s)| s.as_str())) {
                    ("VCALENDAR", None) => saw_calendar = true,
                    ("VCALENDAR", Some(_)) => return Err(ical_error(line, "VCALENDAR 不能嵌套".into())),
                    (_, None) => return Err(ical_error(line, format!("BEGIN:{what} 在 BEGIN:VCALENDAR 之外"))),
                    ("VEVENT", Some("VCALENDAR")) => {
                        event = Some(IcalEvent { line, start: None, end: None, days: None, summary: None })
                    }
                    _ => {}
                }
                stack.push((line, what));
            }
            "END" => {
                let what = value.trim().to_ascii_uppercase();
                match stack.pop() {
                    Some((_, open)) if open == what => {}
                    Some((opened, open)) => {
                        return Err(ical_error(line, format!("END:{what} 与第 {opened} 行的 BEGIN:{open} 不对应")))
                    }
                    None => return Err(ical_error(line, format!("END:{what} 之前没有对应的 BEGIN"))),
                }
                if what == "VEVENT" && stack.len() == 1 {
                    if let Some(e) = event.take() {
                        found.extend(finish_event(e, line)?);
                    }
                }
            }
            _ if event.is_some() && stack.last().is_some_and(|(_, s)| s == "VEVENT") => {
                let e = event.as_mut().expect("checked above");
                match name.as_str() {
                    "DTSTART" => {
                        if e.start.is_some() {
                            return Err(ical_error(line, "同一事件有两个 DTSTART".into()));
                        }
                        e.start = Some((line, ical_date(line, "DTSTART", params, value)?));
                    }
                    "DTEND" => e.end = Some((line, ical_date(line, "DTEND", params, value)?)),
                    "DURATION" => e.days = Some((line, ical_duration(line, value)?)),
                    "SUMMARY" => e.summary = Some(ical_unescape(value)),
                    "RRULE" | "RDATE" | "EXRULE" | "EXDATE" => {
                        return Err(ical_error(line, format!("不支持重复规则 {name}：请把每个节假日写成单独的事件")))
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if let Some((opened, what)) = stack.last() {
        return Err(ical_error(*opened, format!("BEGIN:{what} 到文件末尾都没有对应的 END:{what}")));
    }
    if !saw_calendar {
        return Err(broken("ical", "不是 iCalendar 文件：缺少 BEGIN:VCALENDAR".into()));
    }
    if found.is_empty() {
        return Err(broken("ical", "文件里没有任何节假日事件（VEVENT）".into()));
    }
    group_years(found)
}

fn finish_event(e: IcalEvent, end_line: usize) -> DeskResult<Vec<(usize, CalendarDay)>> {
    let Some((start_line, start)) = e.start else {
        return Err(ical_error(e.line, format!("第 {}–{end_line} 行的事件缺少 DTSTART", e.line)));
    };
    let Some(summary) = e.summary.filter(|s| !s.is_empty()) else {
        return Err(ical_error(e.line, format!("第 {}–{end_line} 行的事件缺少 SUMMARY（节日名称）", e.line)));
    };
    let (end_line, end) = match (e.end, e.days) {
        (Some((l, end)), _) => (l, end),
        (None, Some((l, n))) => (l, start + chrono::Duration::days(n)),
        (None, None) => (start_line, start + chrono::Duration::days(1)),
    };
    let span = (end - start).num_days();
    if span <= 0 {
        return Err(ical_error(end_line, format!("DTEND {end} 不晚于 DTSTART {start}（DTEND 是结束后的第一天）")));
    }
    if span > MAX_EVENT_DAYS {
        return Err(ical_error(end_line, format!("一个事件跨 {span} 天，超过 {MAX_EVENT_DAYS} 天，不像节假日")));
    }
    let is_off_day = !is_make_up_summary(&summary);
    let mut days = Vec::new();
    for date in start.iter_days().take(span as usize) {
        if !is_off_day && !is_weekend(date) {
            return Err(ical_error(
                start_line,
                format!("“{summary}”是调休上班日，但 {date} 是周一至周五，本来就上班"),
            ));
        }
        days.push((start_line, CalendarDay { name: summary.clone(), date, is_off_day }));
    }
    Ok(days)
}

fn group_years(found: Vec<(usize, CalendarDay)>) -> DeskResult<Vec<CalendarYear>> {
    let covered: BTreeSet<i32> = found
        .iter()
        .filter(|(_, d)| d.is_off_day)
        .filter(|(_, d)| {
            let (m, day) = (d.date.month(), d.date.day());
            let turn_of_year = (m == 1 && day < 4) || (m == 12 && day > 24);
            !turn_of_year
        })
        .map(|(_, d)| d.date.year())
        .collect();
    let mut years: BTreeMap<i32, CalendarYear> =
        covered.iter().map(|y| (*y, CalendarYear { year: *y, papers: vec![], days: vec![] })).collect();
    let mut seen: HashMap<NaiveDate, (usize, bool)> = HashMap::new();
    for (line, day) in found {
        if let Some((first, off)) = seen.get(&day.date) {
            if *off != day.is_off_day {
                return Err(ical_error(line, format!("{} 在第 {first} 行是另一种日子（放假与调休上班矛盾）", day.date)));
            }
            continue;
        }
        seen.insert(day.date, (line, day.is_off_day));
        let y = day.date.year();
        let home = if covered.contains(&y) {
            y
        } else if day.date.month() == 12 && covered.contains(&(y + 1)) {
            y + 1
        } else if day.date.month() == 1 && covered.contains(&(y - 1)) {
            y - 1
        } else {
            return Err(ical_error(
                line,
                format!("{} 所在的 {y} 年在文件里没有节假日（1 月 4 日至 12 月 24 日之间没有放假日），无法确定属于哪一年", day.date),
            ));
        };
        years.get_mut(&home).expect("home year is covered").days.push(day);
    }
    let years: Vec<CalendarYear> = years.into_values().collect();
    for y in &years {
        y.validate()?;
    }
    Ok(years)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn shipped_years_load_and_count_as_the_notices_say() {
        let cal = Calendar::shipped().expect("shipped calendars are valid");
        let years = cal.years();
        let counts: Vec<(i32, u32, u32)> = years.iter().map(|y| (y.year, y.off_days, y.make_up_days)).collect();
        assert_eq!(counts, vec![(2025, 28, 5), (2026, 33, 6)], "2025: 28 days off and 5 make-up days; 2026: 33 and 6");
        assert!(years.iter().all(|y| y.shipped));
        assert_eq!(cal.day_kind(d("2025-01-26")), DayKind::MakeUp, "Sunday 26 Jan 2025 is worked for the Spring Festival");
        assert_eq!(cal.day_kind(d("2026-10-10")), DayKind::MakeUp);
        assert_eq!(cal.day_kind(d("2025-10-08")), DayKind::Holiday);
        assert!(!cal.has_data(2027));
    }

    #[test]
    fn make_up_words_are_recognised_in_both_languages() {
        for s in ["春节补班", "国庆节 班", "上班", "Make-up working day", "Spring Festival workday", "makeup"] {
            assert!(is_make_up_summary(s), "{s} is a make-up day");
        }
        for s in ["春节", "国庆节、中秋节", "National Day", "Labour Day (off)"] {
            assert!(!is_make_up_summary(s), "{s} is a day off");
        }
    }
}
