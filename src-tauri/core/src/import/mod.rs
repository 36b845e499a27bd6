//! Past complaints from a file (导入历史投诉): its columns matched to our fields by name and by
//! content, its values read (times in the file's zone, phones, amounts, our channel, category
//! and status codes through a value table), and each row either taken as history or refused
//! with its row number, column and reason. History is taken as it is: a row without a phone, a
//! name or a description is kept and marked 信息不全; only a row without a date received or
//! without any text saying what it was about is refused. Nothing here writes (see
//! `desk::import`).
pub mod read;
pub mod values;
mod xlsx;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::catalog::Classification;
use crate::domain::types::Channel;
use values::Looks;

/// The fields a column of a past complaint can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Field {
    /// The old system's case number (kept in 原始数据; the case gets a number of ours).
    OldNumber,
    ReceivedAt,
    Subject,
    Description,
    CustomerName,
    CustomerPhone,
    Channel,
    Category,
    Subcategory,
    Status,
    Project,
    Building,
    Department,
    RespondedAt,
    ClosedAt,
    Outcome,
    Satisfaction,
    Compensation,
}

impl Field {
    pub const ALL: [Field; 18] = [
        Field::OldNumber,
        Field::ReceivedAt,
        Field::Subject,
        Field::Description,
        Field::CustomerName,
        Field::CustomerPhone,
        Field::Channel,
        Field::Category,
        Field::Subcategory,
        Field::Status,
        Field::Project,
        Field::Building,
        Field::Department,
        Field::RespondedAt,
        Field::ClosedAt,
        Field::Outcome,
        Field::Satisfaction,
        Field::Compensation,
    ];

    /// The field's Chinese name (the report's column, the preview's choice).
    pub fn label(self) -> &'static str {
        self.names()[0]
    }

    /// Header names that mean this field, Chinese first, compared without case or spaces.
    fn names(self) -> &'static [&'static str] {
        match self {
            Field::OldNumber => &["原编号", "编号", "工单号", "投诉编号", "案件编号", "单号", "序号", "number", "ticket", "id"],
            Field::ReceivedAt => &["收到时间", "投诉时间", "受理时间", "来电时间", "登记时间", "日期", "时间", "创建时间", "received", "date", "created"],
            Field::Subject => &["投诉事由", "事由", "主题", "标题", "摘要", "subject", "title"],
            Field::Description => &["投诉内容", "内容", "详情", "描述", "问题描述", "情况说明", "description", "details", "content"],
            Field::CustomerName => &["客户", "客户姓名", "姓名", "投诉人", "业主", "联系人", "customer", "name"],
            Field::CustomerPhone => &["电话", "联系电话", "手机", "手机号", "来电号码", "phone", "mobile", "tel"],
            Field::Channel => &["渠道", "来源", "投诉渠道", "受理渠道", "channel", "source"],
            Field::Category => &["类别", "投诉类别", "分类", "类型", "问题类别", "category", "type"],
            Field::Subcategory => &["子类", "细类", "二级分类", "小类", "subcategory"],
            Field::Status => &["状态", "处理状态", "办理状态", "status", "state"],
            Field::Project => &["项目", "小区", "楼盘", "网点", "机构", "site", "project"],
            Field::Building => &["楼栋", "楼号", "房号", "building"],
            Field::Department => &["处理部门", "部门", "责任部门", "department"],
            Field::RespondedAt => &["答复时间", "回复时间", "处理决定时间", "responded"],
            Field::ClosedAt => &["结案时间", "办结时间", "关闭时间", "完成时间", "closed"],
            Field::Outcome => &["处理结果", "结果", "处理意见", "答复内容", "outcome", "result"],
            Field::Satisfaction => &["满意度", "评分", "回访满意度", "satisfaction", "score"],
            Field::Compensation => &["赔偿金额", "赔偿", "补偿金额", "金额", "compensation", "amount"],
        }
    }
}

fn plain(header: &str) -> String {
    header.chars().filter(|c| !c.is_whitespace() && !matches!(c, '*' | '：' | ':' | '（' | '）' | '(' | ')')).collect::<String>().to_lowercase()
}

/// How a file's columns map to our fields, and what its values mean: by header name, so a
/// mapping saved for one file fits the next file of the same shape.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Mapping {
    /// Header → field; a header not named here maps to nothing (its values go to 原始数据).
    pub columns: BTreeMap<String, Field>,
    /// Field → (a value in the file → our code): channels, categories (`code` or
    /// `code/subcode`) and statuses (`closed` or `open`), as the user settles them in the preview.
    pub values: BTreeMap<Field, BTreeMap<String, String>>,
    /// The zone the file's times are in (IANA name); none: the desk's.
    pub zone: Option<String>,
}

/// The mapping suggested for a file: each header matched by name (an exact name first, then a
/// name it contains), then each column still unmatched by what its first values look like
/// to the day received (times) or the phone (phones), if not yet taken.
pub fn suggest(headers: &[String], samples: &[Vec<String>]) -> Mapping {
    let mut columns: BTreeMap<String, Field> = BTreeMap::new();
    let taken = |columns: &BTreeMap<String, Field>, f: Field| columns.values().any(|g| *g == f);
    for exact in [true, false] {
        for header in headers {
            if header.is_empty() || columns.contains_key(header) {
                continue;
            }
            let h = plain(header);
            let found = Field::ALL.iter().copied().find(|f| {
                !taken(&columns, *f) && f.names().iter().any(|n| if exact { h == plain(n) } else { n.chars().count() >= 2 && h.contains(&plain(n)) })
            });
            if let Some(f) = found {
                columns.insert(header.clone(), f);
            }
        }
    }
    for (i, header) in headers.iter().enumerate() {
        if header.is_empty() || columns.contains_key(header) {
            continue;
        }
        let samples: Vec<&str> = samples.iter().take(20).filter_map(|r| r.get(i).map(String::as_str)).collect();
        // Amounts are not matched by content: a column of small numbers is as often a floor.
        let looks = values::looks_like(&samples);
        if !matches!(looks, Looks::Time | Looks::Phone) {
            continue;
        }
        // By content only the two fields a file hardly ever lacks: a column of times is as often
        // a deadline or a reply as the day received, so only the day received is taken so.
        let field = if looks == Looks::Time { Field::ReceivedAt } else { Field::CustomerPhone };
        if !taken(&columns, field) {
            columns.insert(header.clone(), field);
        }
    }
    Mapping { columns, ..Default::default() }
}

/// A row the import refuses: its number in the file, the column, and why.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Refusal {
    #[ts(type = "number")]
    pub row: usize,
    pub column: String,
    pub reason: String,
}

/// A past complaint read from one row, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct PastCase {
    pub row: usize,
    pub received_at: DateTime<Utc>,
    pub subject: String,
    pub description: String,
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    pub channel: Channel,
    pub category: String,
    pub subcategory: Option<String>,
    /// The source's category mapped to nothing of ours: filed under 其他/未分类.
    pub uncategorized: bool,
    pub closed: bool,
    pub responded_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    pub satisfaction: Option<i64>,
    pub compensation_cents: Option<i64>,
    pub project: Option<String>,
    pub building: Option<String>,
    pub department: Option<String>,
    /// The fields the row did not have (信息不全), by their Chinese names.
    pub missing: Vec<&'static str>,
    /// The row's cells under headers mapped to nothing (and the old number), 原始数据.
    pub original: BTreeMap<String, String>,
}

/// The longest subject we keep; a longer one (or a row with only a description) is the
/// description's start.
const SUBJECT_MAX: usize = 60;

fn channel_of(text: &str) -> Channel {
    let t = text.to_lowercase();
    if let Some(c) = Channel::parse(&t) {
        return c;
    }
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&["监管", "12345", "12315", "金融监管", "银保监", "转送", "转办", "信访"]) {
        Channel::Regulator
    } else if has(&["微信", "公众号", "小程序", "wechat"]) {
        Channel::Wechat
    } else if has(&["电话", "来电", "热线", "400", "phone"]) {
        Channel::Phone
    } else if has(&["来访", "到访", "现场", "前台", "柜面", "walk"]) {
        Channel::WalkIn
    } else if has(&["网站", "网上", "app", "网络", "web"]) {
        Channel::Website
    } else if has(&["邮件", "email", "e-mail"]) {
        Channel::Email
    } else if has(&["信函", "来信", "书面", "letter"]) {
        Channel::Letter
    } else {
        Channel::Other
    }
}

/// Our category (and sub-category) for a source's value: the user's value table first, then
/// our codes and names (a sub-category's name finds its category); none: unmapped.
fn category_of(text: &str, tree: &Classification) -> Option<(String, Option<String>)> {
    let t = plain(text);
    if t.is_empty() {
        return None;
    }
    for c in &tree.categories {
        if plain(&c.code) == t || plain(&c.label) == t || plain(&c.label_en) == t {
            return Some((c.code.clone(), None));
        }
    }
    for c in &tree.categories {
        if let Some(sub) = c.children.iter().find(|s| plain(&s.code) == t || plain(&s.label) == t) {
            return Some((c.code.clone(), Some(sub.code.clone())));
        }
    }
    None
}

/// Whether a source's status says the case is finished.
fn closed_status(text: &str) -> bool {
    let t = text.to_lowercase();
    let finished = ["结案", "办结", "关闭", "完成", "已处理", "已解决", "归档", "撤诉", "撤销", "不予受理", "作废", "closed", "done", "resolved", "withdrawn"];
    finished.iter().any(|w| t.contains(w)) && !t.contains('未')
}

/// Reads rows of a file with a mapping: each either a past case to store or a refusal.
pub struct Checker {
    headers: Vec<String>,
    mapping: Mapping,
    columns: BTreeMap<Field, usize>,
    zone: chrono_tz::Tz,
    /// The instant of the import: nothing in the file may be later.
    now: Option<DateTime<Utc>>,
    tree: Classification,
    /// The category an unmapped source category is filed under (其他).
    other: String,
    encoding: &'static str,
}

impl Checker {
    pub fn new(headers: Vec<String>, mapping: Mapping, zone: chrono_tz::Tz, tree: Classification, encoding: &'static str) -> Checker {
        // Only the file's own headers: a saved mapping may name columns this file has not.
        let column_of = |f: Field| mapping.columns.iter().filter(|(h, _)| headers.contains(h)).find(|(_, g)| **g == f).and_then(|(h, _)| headers.iter().position(|x| x == h));
        let columns = Field::ALL.iter().filter_map(|f| column_of(*f).map(|i| (*f, i))).collect();
        let other = tree.categories.iter().find(|c| c.code == "other").or(tree.categories.last()).map(|c| c.code.clone()).unwrap_or_else(|| "other".into());
        Checker { headers, mapping, columns, zone, now: None, tree, other, encoding }
    }

    /// Refuses times later than `now` (a date typed wrong, a day and month swapped).
    pub fn at(self, now: DateTime<Utc>) -> Checker {
        Checker { now: Some(now), ..self }
    }

    /// The column of the file a field is read from.
    pub fn column(&self, f: Field) -> Option<usize> {
        self.columns.get(&f).copied()
    }

    /// Our value for a file's value of `field` (category `code` or `code/subcode`, channel code,
    /// `closed` or `open`), as the value table or the matching by name settles it; none: unmapped.
    pub fn value_of(&self, field: Field, value: &str) -> Option<String> {
        if let Some(v) = self.mapping.values.get(&field).and_then(|m| m.get(value)) {
            return Some(v.clone());
        }
        match field {
            Field::Category => category_of(value, &self.tree).map(|(c, s)| match s {
                Some(s) => format!("{c}/{s}"),
                None => c,
            }),
            Field::Channel => Some(channel_of(value).code().to_string()),
            Field::Status => Some(if closed_status(value) { "closed" } else { "open" }.to_string()),
            _ => None,
        }
    }

    /// One row, numbered `row` in the file.
    pub fn row(&self, row: usize, cells: &[String]) -> Result<PastCase, Refusal> {
        let (columns, mapping, zone, tree, other, table_headers) = (&self.columns, &self.mapping, self.zone, &self.tree, &self.other, &self.headers);
        let row = &row;
        if cells.iter().any(|c| c.contains('\u{FFFD}')) {
            let column = cells.iter().position(|c| c.contains('\u{FFFD}')).and_then(|i| table_headers.get(i)).cloned().unwrap_or_default();
            return Err(Refusal { row: *row, column, reason: format!("有按 {} 编码读不出的字符：请检查文件编码，或在 Excel 中另存为“CSV UTF-8”", self.encoding) });
        }
        let cell = |f: Field| columns.get(&f).and_then(|i| cells.get(*i)).map(|s| s.trim()).filter(|s| !s.is_empty());
        let told = |f: Field, v: &str| mapping.values.get(&f).and_then(|m| m.get(v)).cloned();
        let refuse = |f: Field, reason: String| Refusal { row: *row, column: columns.get(&f).and_then(|i| table_headers.get(*i)).cloned().unwrap_or_else(|| f.label().to_string()), reason };
        let time = |f: Field| cell(f).map(|v| values::parse_time(v, zone).map_err(|e| refuse(f, e))).transpose();
        (|| -> Result<PastCase, Refusal> {
            let received_at = time(Field::ReceivedAt)?.ok_or_else(|| refuse(Field::ReceivedAt, "没有收到时间：历史投诉至少要有收到的日期".into()))?;
            let (subject, description) = match (cell(Field::Subject), cell(Field::Description)) {
                (None, None) => return Err(refuse(Field::Description, "没有事由也没有内容：看不出投诉的是什么".into())),
                (Some(s), d) => (s.to_string(), d.unwrap_or(s).to_string()),
                (None, Some(d)) => (d.chars().take(SUBJECT_MAX).collect(), d.to_string()),
            };
            let subject = if subject.chars().count() > SUBJECT_MAX { subject.chars().take(SUBJECT_MAX).collect() } else { subject };
            let mut missing = Vec::new();
            let mut original = BTreeMap::new();
            let customer_name = cell(Field::CustomerName).map(str::to_string);
            let customer_phone = match cell(Field::CustomerPhone) {
                Some(p) => match values::parse_phone(p) {
                    Some(p) => Some(p),
                    None => {
                        original.insert(Field::CustomerPhone.label().to_string(), p.to_string());
                        None
                    }
                },
                None => None,
            };
            if customer_name.is_none() {
                missing.push(Field::CustomerName.label());
            }
            if customer_phone.is_none() {
                missing.push(Field::CustomerPhone.label());
            }
            if cell(Field::Description).is_none() {
                missing.push(Field::Description.label());
            }
            let channel = cell(Field::Channel).map(|v| told(Field::Channel, v).and_then(|c| Channel::parse(&c)).unwrap_or_else(|| channel_of(v))).unwrap_or(Channel::Other);
            let source_category = cell(Field::Category);
            let mapped = source_category.and_then(|v| match told(Field::Category, v) {
                Some(code) => {
                    let mut parts = code.splitn(2, '/');
                    let cat = parts.next().unwrap_or_default().to_string();
                    tree.categories.iter().any(|c| c.code == cat).then(|| (cat, parts.next().map(str::to_string)))
                }
                None => category_of(v, tree),
            });
            let uncategorized = mapped.is_none();
            let (category, mut subcategory) = mapped.unwrap_or_else(|| (other.clone(), None));
            if let Some(v) = source_category.filter(|_| uncategorized) {
                original.insert(Field::Category.label().to_string(), v.to_string());
            }
            if let Some(sub) = cell(Field::Subcategory) {
                match tree.categories.iter().find(|c| c.code == category).and_then(|c| c.children.iter().find(|s| plain(&s.label) == plain(sub) || s.code == sub)) {
                    Some(s) => subcategory = Some(s.code.clone()),
                    None => {
                        original.insert(Field::Subcategory.label().to_string(), sub.to_string());
                    }
                }
            }
            let responded_at = time(Field::RespondedAt)?;
            let closed_at = time(Field::ClosedAt)?;
            if let Some(v) = cell(Field::Status) {
                original.insert(Field::Status.label().to_string(), v.to_string());
            }
            let closed = match cell(Field::Status) {
                Some(v) => match told(Field::Status, v).as_deref() {
                    Some("closed") => true,
                    Some(_) => false,
                    None => closed_status(v),
                },
                None => closed_at.is_some(),
            };
            for (f, t) in [(Field::RespondedAt, responded_at), (Field::ClosedAt, closed_at)] {
                if t.is_some_and(|t| t < received_at) {
                    return Err(refuse(f, format!("“{}”早于收到时间", f.label())));
                }
            }
            if let Some(now) = self.now {
                for (f, t) in [(Field::ReceivedAt, Some(received_at)), (Field::RespondedAt, responded_at), (Field::ClosedAt, closed_at)] {
                    if t.is_some_and(|t| t > now) {
                        return Err(refuse(f, format!("“{}”晚于现在：请检查日期（年月日是否颠倒）", f.label())));
                    }
                }
            }
            let satisfaction = match cell(Field::Satisfaction) {
                Some(v) => match v.trim_end_matches('分').trim().parse::<i64>() {
                    Ok(n) if (1..=5).contains(&n) => Some(n),
                    _ => return Err(refuse(Field::Satisfaction, format!("满意度“{v}”不是 1 到 5 的整数"))),
                },
                None => None,
            };
            let compensation_cents = cell(Field::Compensation).map(|v| values::parse_amount_cents(v).map_err(|e| refuse(Field::Compensation, e))).transpose()?;
            for (i, header) in table_headers.iter().enumerate() {
                let unmapped = !mapping.columns.contains_key(header) || mapping.columns.get(header) == Some(&Field::OldNumber);
                if let Some(v) = cells.get(i).filter(|v| unmapped && !v.is_empty() && !header.is_empty()) {
                    original.insert(header.clone(), v.clone());
                }
            }
            Ok(PastCase {
                row: *row,
                received_at,
                subject,
                description,
                customer_name,
                customer_phone,
                channel,
                category,
                subcategory,
                uncategorized,
                closed,
                responded_at,
                closed_at: closed_at.or(if closed { responded_at } else { None }),
                outcome: cell(Field::Outcome).map(str::to_string),
                satisfaction,
                compensation_cents,
                project: cell(Field::Project).map(str::to_string),
                building: cell(Field::Building).map(str::to_string),
                department: cell(Field::Department).map(str::to_string),
                missing,
                original,
            })
        })()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::types::Profile;
    use read::Table;

    fn suggested(t: &Table) -> Mapping {
        suggest(&t.headers, &t.rows.iter().map(|(_, r)| r.clone()).collect::<Vec<_>>())
    }

    fn check(t: &Table, m: &Mapping, zone: chrono_tz::Tz, tree: &Classification) -> (Vec<PastCase>, Vec<Refusal>) {
        let checker = Checker::new(t.headers.clone(), m.clone(), zone, tree.clone(), t.encoding);
        let (mut good, mut refused) = (Vec::new(), Vec::new());
        for (n, cells) in &t.rows {
            match checker.row(*n, cells) {
                Ok(c) => good.push(c),
                Err(r) => refused.push(r),
            }
        }
        (good, refused)
    }

    fn table(headers: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: rows.iter().enumerate().map(|(i, r)| (i + 2, r.iter().map(|c| c.to_string()).collect())).collect(),
            encoding: "UTF-8",
        }
    }

    #[test]
    fn headers_match_by_name_in_either_language_and_by_content() {
        let t = table(
            &["工单号", "列2", "Customer", "列4", "问题描述", "期限"],
            &[&["A1", "2020/3/18", "王先生", "13800138000", "电梯坏了", "2020-03-20 10:00"], &["A2", "2020/3/19", "李女士", "13900139000", "漏水", "2020-03-21 09:00"]],
        );
        let m = suggested(&t);
        let want = [("工单号", Field::OldNumber), ("列2", Field::ReceivedAt), ("Customer", Field::CustomerName), ("列4", Field::CustomerPhone), ("问题描述", Field::Description)];
        assert_eq!(m.columns, want.iter().map(|(h, f)| (h.to_string(), *f)).collect::<BTreeMap<_, _>>());
    }

    #[test]
    fn history_is_taken_as_it_is_and_only_rows_without_a_date_or_any_text_are_refused() {
        let tree = Classification::for_profile(Profile::Property);
        let t = table(
            &["收到时间", "事由", "内容", "电话", "类别", "状态", "结案时间", "满意度", "楼层"],
            &[
                &["2020/3/18 09:30", "", "电梯坏了三天", "", "工程维修", "已结案", "2020/3/25", "4", "12"],
                &["", "漏水", "", "", "", "", "", "", ""],
                &["2020-03-19", "", "", "", "", "", "", "", ""],
                &["2020年3月20日", "噪音", "", "138-0013-8000", "狗叫", "处理中", "", "", ""],
                &["2020/3/21", "收费", "", "", "", "", "", "9", ""],
            ],
        );
        let m = suggested(&t);
        let (good, refused) = check(&t, &m, chrono_tz::Asia::Shanghai, &tree);
        assert_eq!(refused.iter().map(|r| (r.row, r.column.as_str())).collect::<Vec<_>>(), vec![(3, "收到时间"), (4, "内容"), (6, "满意度")]);
        assert_eq!(good.len(), 2);
        let first = &good[0];
        assert_eq!((first.subject.as_str(), first.category.as_str(), first.closed, first.satisfaction), ("电梯坏了三天", "repair", true, Some(4)));
        assert_eq!(first.received_at.to_rfc3339(), "2020-03-18T01:30:00+00:00", "times are the file's zone's");
        assert_eq!(first.missing, vec!["客户", "电话"]);
        assert_eq!(first.original.get("楼层").map(String::as_str), Some("12"), "an unmapped column is kept");
        let second = &good[1];
        assert_eq!((second.category.as_str(), second.uncategorized, second.closed), ("other", true, false), "an unknown category goes to 其他 and is counted");
        assert_eq!(second.customer_phone.as_deref(), Some("13800138000"));
        assert_eq!(second.original.get("类别").map(String::as_str), Some("狗叫"), "the source's category is kept");
    }
}
