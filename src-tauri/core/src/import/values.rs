//! Cell values of imported past-complaint spreadsheets/CSV: times, phones, amounts.
//! Lenient about how people type (full-width digits, Chinese date words),
//! strict about what they mean (no invalid dates, no negative amounts).

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

const TIME_FORMS: &str = "可用 2020-03-18、2020/3/18 09:30、2020年3月18日 或 Excel 日期";
const AMOUNT_FORMS: &str = "可用 1,234.50、¥12 或 12元";

/// A Chinese IME types full-width digits and punctuation (U+FF01..FF5E); they mean the ASCII ones.
fn normalize(text: &str) -> String {
    let s: String = text
        .chars()
        .map(|c| match c {
            '！'..='～' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '　' => ' ',
            _ => c,
        })
        .collect();
    s.trim().to_string()
}

/// A number of 1..=max ASCII digits, nothing else.
fn num(s: &str, max: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Digits with an optional decimal point, as Excel writes a bare number.
fn is_plain_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') && s.parse::<f64>().is_ok()
}

/// A number that is probably an Excel date serial typed or exported as text.
fn serial_like(s: &str) -> bool {
    is_plain_number(s) && s.parse::<f64>().is_ok_and(|v| (20000.0..=80000.0).contains(&v))
}

/// A time in the file's zone, or a day (no time given: taken as 00:00 local).
pub fn parse_time(text: &str, zone: Tz) -> Result<DateTime<Utc>, String> {
    let shown = normalize(text);
    if shown.is_empty() {
        return Err(format!("时间为空（{TIME_FORMS}）"));
    }
    let bad = || format!("无法识别的日期：“{shown}”（{TIME_FORMS}）");
    // An explicit offset is what the writer meant; it wins over the file's zone.
    if let Ok(t) = DateTime::parse_from_rfc3339(&shown) {
        return Ok(t.with_timezone(&Utc));
    }
    if is_plain_number(&shown) && !(shown.len() == 8 && all_digits(&shown)) {
        let v: f64 = shown.parse().map_err(|_| bad())?;
        return if serial_like(&shown) { excel_serial(v, zone).ok_or_else(bad) } else { Err(bad()) };
    }
    let s = shown.replacen('T', " ", 1);
    let ([y, m, d], rest) = split_date(&s).ok_or_else(bad)?;
    if !(y.len() == 4 && all_digits(y)) {
        return Err(format!("年份请写四位数：“{shown}”（如 2020-03-18）"));
    }
    let (y, m, d) = match (num(y, 4), num(m, 2), num(d, 2)) {
        (Some(y), Some(m @ 1..=12), Some(d)) => (y as i32, m, d),
        _ => return Err(bad()),
    };
    let date = NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| format!("日期不存在：“{shown}”（请检查该月的天数）"))?;
    let time = time_of_day(rest).ok_or_else(|| {
        format!("无法识别的时刻：“{shown}”（如 09:30、09:30:15、9点30分；小时 0–23，分钟 0–59）")
    })?;
    Ok(localize(date.and_time(time), zone))
}

/// Splits the leading date off a cell into [year, month, day]; the rest is the time of day.
fn split_date(s: &str) -> Option<([&str; 3], &str)> {
    if let Some((y, r)) = s.split_once('年') {
        let (m, r) = r.split_once('月')?;
        let (d, r) = r.split_once(['日', '号'])?;
        return Some(([y.trim(), m.trim(), d.trim()], r));
    }
    let (head, rest) = s.split_once(' ').unwrap_or((s, ""));
    if head.len() == 8 && all_digits(head) {
        // All ASCII, so these byte slices cannot split a char.
        return Some(([&head[..4], &head[4..6], &head[6..]], rest));
    }
    let parts: Vec<&str> = head.split(['-', '/', '.']).collect();
    let [a, b, c] = parts[..] else { return None };
    if a.len() >= 3 {
        Some(([a, b, c], rest))
    } else if num(a, 2)? > 12 {
        Some(([c, b, a], rest)) // 18/3/2020: cannot be a month, so day first
    } else {
        Some(([c, a, b], rest)) // 3/18/2020: US order
    }
}

/// "9:30", "09:30:15", "9时30分", "9点30分", "9点" → time of day; nothing → midnight.
fn time_of_day(t: &str) -> Option<NaiveTime> {
    let t = t.trim();
    if t.is_empty() {
        return NaiveTime::from_hms_opt(0, 0, 0);
    }
    let chinese = t.contains(['时', '点']);
    let t = t.replace(['时', '点', '分'], ":").replace('秒', "");
    let parts: Vec<&str> = t.trim_end_matches(':').split(':').collect();
    // A bare "9" after a date is more likely a typo than nine o'clock.
    if parts.len() > 3 || (parts.len() == 1 && !chinese) {
        return None;
    }
    let mut hms = [0u32; 3];
    for (slot, p) in hms.iter_mut().zip(&parts) {
        *slot = num(p.trim(), 2)?;
    }
    NaiveTime::from_hms_opt(hms[0], hms[1], hms[2])
}

/// Wall-clock time in `zone` → instant. A DST gap or overlap takes the earlier instant.
fn localize(naive: NaiveDateTime, zone: Tz) -> DateTime<Utc> {
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.with_timezone(&Utc).min(b.with_timezone(&Utc)),
        LocalResult::None => {
            // Offsets on either side of the gap; reading the wall time with each gives two instants.
            let off = |d: NaiveDateTime| i64::from(zone.offset_from_utc_datetime(&d).fix().local_minus_utc());
            let before = naive - Duration::seconds(off(naive - Duration::days(1)));
            let after = naive - Duration::seconds(off(naive + Duration::days(1)));
            Utc.from_utc_datetime(&before.min(after))
        }
    }
}

/// An Excel serial day number (1900 date system, with Excel's 1900-02-29 bug: serial 60 is invalid, serials > 60 are one day less; fraction = time of day) in `zone`. None outside 1..=2958465 or NaN.
pub fn excel_serial(serial: f64, zone: Tz) -> Option<DateTime<Utc>> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let day = serial.floor() as i64;
    if day == 60 {
        return None; // 1900-02-29, which Excel invents
    }
    let day = if day > 60 { day - 1 } else { day };
    let secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    let base = NaiveDate::from_ymd_opt(1899, 12, 31)?.and_hms_opt(0, 0, 0)?;
    Some(localize(base + Duration::days(day) + Duration::seconds(secs), zone))
}

/// A phone as digits only: strips spaces, dashes, dots, parentheses, a leading +86 / 0086 / 86 before an 11-digit mobile; keeps landlines like 010-12345678 as 01012345678; extension "转123" or "ext 123" dropped. None if fewer than 5 or more than 20 digits remain, or if any other letter/character is present.
pub fn parse_phone(text: &str) -> Option<String> {
    let s = normalize(text).to_lowercase();
    let mut main = s.as_str();
    for marker in ["转", "分机", "ext"] {
        if let Some((m, ext)) = main.split_once(marker) {
            if !all_digits(ext.trim_start_matches([' ', '.', ':']).trim()) {
                return None;
            }
            main = m;
        }
    }
    let main = main.trim();
    let body = main.strip_prefix('+').unwrap_or(main);
    if !body.chars().all(|c| c.is_ascii_digit() || " -.()".contains(c)) {
        return None;
    }
    let mut digits: String = body.chars().filter(char::is_ascii_digit).collect();
    for cc in ["0086", "86"] {
        if digits.len() == 11 + cc.len() && digits.starts_with(cc) && digits[cc.len()..].starts_with('1') {
            digits.drain(..cc.len());
            break;
        }
    }
    (5..=20).contains(&digits.len()).then_some(digits)
}

/// An amount in yuan as cents: "1,234.50", "¥12", "￥12", "12元", "12.5 元", "-3" (refused: negative), "12.345" (refused: more than 2 decimals), "" → Err. Full-width digits and the Chinese comma "，" as a thousands separator are fine.
pub fn parse_amount_cents(text: &str) -> Result<i64, String> {
    let shown = normalize(text);
    if shown.is_empty() {
        return Err(format!("金额为空（{AMOUNT_FORMS}）"));
    }
    let s = shown.trim_start_matches(['¥', '￥']).trim_end_matches('元').trim();
    if s.starts_with('-') || shown.starts_with('-') {
        return Err(format!("金额不能为负数：“{shown}”（请填写 0 或正数）"));
    }
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let groups: Vec<&str> = int.split(',').collect();
    // Thousands separators must sit every three digits, or "1,23" might be a typo for 1.23.
    let grouped = groups.len() == 1 || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped || !groups.iter().all(|g| all_digits(g)) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("无法识别的金额：“{shown}”（{AMOUNT_FORMS}）"));
    }
    let frac = match frac.get(2..) {
        Some(extra) if !extra.bytes().all(|b| b == b'0') => {
            return Err(format!("金额最多两位小数（精确到分）：“{shown}”"));
        }
        Some(_) => frac.get(..2).unwrap_or(""),
        None => frac,
    };
    let too_big = || format!("金额过大：“{shown}”");
    let yuan: i64 = groups.concat().parse().map_err(|_| too_big())?;
    let cents: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
    yuan.checked_mul(100).and_then(|v| v.checked_add(cents)).ok_or_else(too_big)
}

/// What a column's sample values look like, to match an unnamed column by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Looks {
    Time,
    Phone,
    Amount,
    Text,
}

/// Most of the non-empty samples (≥ 80%) parse as one kind → that kind (Time checked before Amount; a plain integer that is an 11-digit mobile starting with 1 is a Phone, not an Amount; a number alone between 20000 and 80000 with ≥ 80% of samples like that may be an Excel serial → Time); else Text. No samples → Text.
pub fn looks_like(samples: &[&str]) -> Looks {
    let vals: Vec<String> = samples.iter().map(|s| normalize(s)).filter(|s| !s.is_empty()).collect();
    let n = vals.len();
    if n == 0 {
        return Looks::Text;
    }
    let most = |k: usize| k * 5 >= n * 4;
    let count = |f: &dyn Fn(&str) -> bool| vals.iter().filter(|v| f(v)).count();
    // Only whether it parses matters here, not the instant, so any zone will do.
    let dates = count(&|v| !serial_like(v) && parse_time(v, chrono_tz::UTC).is_ok());
    let serials = count(&serial_like);
    if most(serials) || (dates > 0 && most(dates + serials)) {
        return Looks::Time;
    }
    let mobile = |v: &str| v.len() == 11 && v.starts_with('1') && all_digits(v);
    // A bare number is a phone only if it is a mobile or starts with an area-code 0.
    let phones = count(&|v| parse_phone(v).is_some() && (mobile(v) || v.starts_with('0') || !is_plain_number(v)));
    if most(phones) {
        return Looks::Phone;
    }
    if most(count(&|v| !mobile(v) && parse_amount_cents(v).is_ok())) {
        return Looks::Amount;
    }
    Looks::Text
}

#[cfg(test)]
mod tests {
    use super::*;
    const SH: Tz = chrono_tz::Asia::Shanghai;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn times() {
        let (day, half) = ("2020-03-17T16:00:00Z", "2020-03-18T01:30:00Z");
        let cases = [
            ("2020-03-18", day), (" 2020-3-8 ", "2020-03-07T16:00:00Z"), ("2020/3/18 09:30", half),
            ("2020.3.18 09:30:15", "2020-03-18T01:30:15Z"), ("20200318 9时30分", half),
            ("2020-03-18 9点30分", half), ("2020-03-18 9点", "2020-03-18T01:00:00Z"),
            ("2020年3月18日", day), ("2020年3月18日9时30分", half), ("2020年3月18日 09:30", half),
            ("3/18/2020", day), ("18/3/2020 9:30", half), ("2020-03-18T09:30:00", half),
            ("2020-03-18T09:30:00Z", "2020-03-18T09:30:00Z"), ("2020-03-18T09:30:00+08:00", half),
            ("43908", day), ("43908.75", "2020-03-18T10:00:00Z"), ("２０２０／３／１８　０９：３０", half),
        ];
        for (input, want) in cases {
            assert_eq!(parse_time(input, SH), Ok(utc(want)), "{input}");
        }
        // DST: a skipped or repeated local time takes the earlier instant.
        let ny = chrono_tz::America::New_York;
        assert_eq!(parse_time("2021-03-14 02:30", ny), Ok(utc("2021-03-14T06:30:00Z")));
        assert_eq!(parse_time("2021-11-07 01:30", ny), Ok(utc("2021-11-07T05:30:00Z")));
    }

    #[test]
    fn time_refusals() {
        for input in [
            "", "  ", "2020-02-30", "2020-13-01", "2020-03-18 24:00", "2020-03-18 9:60", "2020-03-18 9",
            "2020-03-18 abc", "20-3-18", "3/18/20", "18/13/2020", "19999", "80001", "12.5", "hello",
            "2020年3月", "2020-03-18 1:2:3:4", "２０２０年１３月１日", "日月年",
        ] {
            assert!(parse_time(input, SH).is_err(), "{input}");
        }
        let why = "无法识别的日期：“2020-13-45”（可用 2020-03-18、2020/3/18 09:30、2020年3月18日 或 Excel 日期）";
        assert_eq!(parse_time("2020-13-45", SH), Err(why.into()));
    }

    #[test]
    fn excel_serials() {
        let local = |s: f64| excel_serial(s, SH).map(|t| t.with_timezone(&SH).naive_local().to_string());
        let cases = [
            (43908.0, Some("2020-03-18 00:00:00")), (43908.5, Some("2020-03-18 12:00:00")),
            (1.0, Some("1900-01-01 00:00:00")), (59.0, Some("1900-02-28 00:00:00")),
            (61.0, Some("1900-03-01 00:00:00")), (2_958_465.0, Some("9999-12-31 00:00:00")),
            (60.0, None), (60.5, None), (0.5, None), (2_958_466.0, None), (-1.0, None),
            (f64::NAN, None), (f64::INFINITY, None),
        ];
        for (serial, want) in cases {
            assert_eq!(local(serial).as_deref(), want, "{serial}");
        }
    }

    #[test]
    fn phones() {
        let mobile = Some("13800138000");
        let cases = [
            ("+86 138 0013 8000", mobile), ("0086-138-0013-8000", mobile), ("8613800138000", mobile),
            ("１３８００１３８０００", mobile), ("010-12345678", Some("01012345678")),
            ("(010) 1234.5678 转123", Some("01012345678")), ("010-12345678 ext. 12", Some("01012345678")),
            ("12345", Some("12345")), ("138abc", None), ("1234", None), ("123456789012345678901", None),
            ("", None), ("010-12345678转", None), ("138+0013", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_phone(input).as_deref(), want, "{input}");
        }
    }

    #[test]
    fn amounts() {
        let cases = [
            ("1,234.50", 123450), ("¥12", 1200), ("￥12", 1200), ("12元", 1200), ("12.5 元", 1250),
            ("１，２３４", 123400), ("0.05", 5), ("12.500", 1250),
        ];
        for (input, want) in cases {
            assert_eq!(parse_amount_cents(input), Ok(want), "{input}");
        }
        for input in ["-3", "-¥3", "12.345", "", "abc", "1,23", "¥", "12.3.4", "1 000", "99999999999999999999"] {
            assert!(parse_amount_cents(input).is_err(), "{input}");
        }
        assert_eq!(parse_amount_cents("-3"), Err("金额不能为负数：“-3”（请填写 0 或正数）".into()));
    }

    #[test]
    fn column_kinds() {
        let cases: [(&[&str], Looks); 10] = [
            (&["2020-03-18", "2020/3/19 9:30", "2020年3月20日", "3/21/2020", "", "待定"], Looks::Time),
            (&["43908", "43909", "43910.5"], Looks::Time),
            (&["13800138000", "010-12345678", "+86 139 0000 0000"], Looks::Phone),
            (&["13800138000", "13900139000"], Looks::Phone),
            (&["12", "1,234.50", "¥3", "100元"], Looks::Amount),
            (&["100", "250", "30000"], Looks::Amount),
            (&["12", "abc", "def"], Looks::Text),
            (&["2020-03-18", "abc", "def"], Looks::Text),
            (&[], Looks::Text),
            (&["", " "], Looks::Text),
        ];
        for (samples, want) in cases {
            assert_eq!(looks_like(samples), want, "{samples:?}");
        }
    }
}
