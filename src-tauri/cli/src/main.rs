//! `complaintdesk-cli`: the desk's use-cases from the command line, JSON in and out.
//! Glue over `complaintdesk_core::desk`, like the window's shell.
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, NaiveDateTime, TimeZone, Timelike, Utc};
use clap::{Parser, Subcommand};
use complaintdesk_core::desk::dto::{BatchMoveInput, CorrectionInput, MoveInput, TrainingInput};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{CaseInput, CaseQuery, DocumentKind, EventKind};
use complaintdesk_core::domain::correction::CaseCorrection;
use complaintdesk_core::domain::deadline::calendar::{CalendarFormat, CalendarYearSummary};
use complaintdesk_core::domain::deadline::{
    compute, parse_zone, Calendar, CalendarFile, ClockEvent, ClockState, ClockStateKind, RulePack,
};
use complaintdesk_core::domain::followup::AttemptInput;
use complaintdesk_core::domain::kpi::KpiFilter;
use complaintdesk_core::domain::lifecycle::StepFields;
use complaintdesk_core::domain::{DeskError, DeskResult, ErrorCode};
use serde::Serialize;

mod audit;

mod backup;

#[derive(Parser)]
#[command(name = "complaintdesk-cli", version, about = "客诉台 ComplaintDesk command line")]
struct Cli {
    /// The data folder holding complaintdesk.sqlite3 (default: COMPLAINTDESK_DATA_DIR, else the OS data folder).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// A shared store on PostgreSQL (postgres://user@host:port/db; default: COMPLAINTDESK_DB_URL)
    /// instead of the data folder's database. Every command runs on it but backup and restore
    /// (the server keeps the shared store's backups); `db init` makes its tables.
    #[arg(long, global = true)]
    db: Option<String>,
    /// Print results as JSON (stable for scripts).
    #[arg(long, global = true)]
    json: bool,
    /// Act at this instant instead of now (RFC 3339), for scripted histories.
    #[arg(long, global = true)]
    now: Option<DateTime<Utc>>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Cases: create, list, show, move, batch, correct.
    Case {
        #[command(subcommand)]
        command: CaseCommand,
    },
    /// The database: integrity check and counts.
    Db {
        #[command(subcommand)]
        command: DbCommand,
    },
    /// First-start setup: profile, organisation and the first administrator (JSON SetupInput on stdin or --input).
    Setup {
        #[arg(long)]
        input: Option<PathBuf>,
        /// Start a new, empty desk even though the folder has an earlier desk's backups or marker.
        #[arg(long)]
        new_desk: bool,
    },
    /// Users: list, create (JSON UserInput with password), password LOGIN (new password on stdin).
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Deadlines: a case's clocks from its events, and the rule packs (touches no database).
    Deadline {
        #[command(subcommand)]
        command: DeadlineCommand,
    },
    /// Holiday calendars: show a year, check a file before it is imported (touches no database).
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
    },
    /// Follow-up calls (回访): record an attempt, the queue, the figures of a period.
    Followup {
        #[command(subcommand)]
        command: FollowupCommand,
    },
    /// The KPIs of the complaints received from --from to --to (both included), and of the
    /// period of the same length before. Without --as, the desk's first administrator reads them.
    Kpi {
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long = "as")]
        user: Option<String>,
    },
    /// Excel exports: a case list (JSON CaseQuery in --query, or every case) or the dashboard's tables.
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// 导入历史投诉: past complaints from a .csv (UTF-8 or GBK) or .xlsx/.xls file; --as an
    /// administrator. Rows that cannot be taken are listed, with their reasons, in an Excel file
    /// beside FILE (or --report).
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Training sessions (培训): add one, list them.
    Training {
        #[command(subcommand)]
        command: TrainingCommand,
    },
    /// A document of a case as PDF (noted on the case's timeline): receipt, decision, extension,
    /// summary or summary-internal.
    Doc {
        #[arg(long)]
        case: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long = "as")]
        user: Option<String>,
        /// zh (default) or en: the documents' fixed wording.
        #[arg(long, default_value = "zh")]
        lang: String,
    },
    /// The monthly report of the complaints received in --month (YYYY-MM) as PDF.
    Report {
        #[arg(long)]
        month: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long = "as")]
        user: Option<String>,
        #[arg(long, default_value = "zh")]
        lang: String,
    },
    /// Backups: make one now, list them.
    Backup {
        #[command(subcommand)]
        command: backup::BackupCommand,
    },
    /// Replace the database with a backup (a file, or a backup's name); the current one is backed up first.
    Restore { file: PathBuf },
    /// Fill a new database with demo complaints moving through the lifecycle over months
    /// (the same use-cases as the window; writes are not synced to disk while it runs).
    Demo {
        #[arg(long)]
        profile: String,
        #[arg(long, default_value_t = 500)]
        cases: usize,
        #[arg(long, default_value_t = 6)]
        months: i64,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Start a new desk even though the folder has an earlier desk's backups or marker.
        #[arg(long)]
        new_desk: bool,
    },
}

#[derive(clap::Args)]
struct FilterArgs {
    #[arg(long)]
    from: chrono::NaiveDate,
    #[arg(long)]
    to: chrono::NaiveDate,
    #[arg(long)]
    category: Option<String>,
    #[arg(long)]
    channel: Option<String>,
    /// The site: a property project or an insurance branch.
    #[arg(long)]
    project: Option<String>,
    #[arg(long)]
    department: Option<String>,
    /// Handler login or id.
    #[arg(long)]
    handler: Option<String>,
}

#[derive(Subcommand)]
enum ImportCommand {
    Cases {
        file: PathBuf,
        #[arg(long = "as")]
        user: String,
        /// A mapping saved from an earlier preview (JSON: columns, values, zone); without it the
        /// columns are matched by their names and contents.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Check every row and report, writing nothing.
        #[arg(long)]
        dry_run: bool,
        /// Import a file whose content was imported before.
        #[arg(long)]
        again: bool,
        /// Import nothing if any row is refused (default: import the good rows, report the rest).
        #[arg(long)]
        all_or_nothing: bool,
        /// Where the refused rows' Excel file goes (default: beside FILE, 文件名-未导入的行.xlsx).
        #[arg(long)]
        report: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    Cases {
        #[arg(long)]
        query: Option<PathBuf>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long = "as")]
        user: Option<String>,
    },
    Kpi {
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long)]
        out: PathBuf,
        #[arg(long = "as")]
        user: Option<String>,
    },
}

#[derive(Subcommand)]
enum TrainingCommand {
    Add {
        #[arg(long = "as")]
        user: String,
        #[arg(long)]
        date: chrono::NaiveDate,
        #[arg(long)]
        topic: String,
        /// Logins or ids, comma separated.
        #[arg(long)]
        attendees: String,
    },
    List,
}

#[derive(Subcommand)]
enum FollowupCommand {
    /// Record one attempt on a case waiting for its follow-up (JSON AttemptInput, inline).
    Record {
        case: String,
        #[arg(long = "as")]
        user: String,
        /// e.g. {"method":"phone","reached":true,"satisfaction":5,"solved":true}
        #[arg(long)]
        attempt: String,
    },
    /// Every task waiting for a call, the next call first.
    Queue {
        #[arg(long = "as")]
        user: String,
    },
    /// Completion rate, reached rate, mean score and share of 4–5 of the complaints received
    /// from --from to --to (dates in the desk's zone, both included).
    Figures {
        #[arg(long)]
        from: chrono::NaiveDate,
        #[arg(long)]
        to: chrono::NaiveDate,
    },
}

#[derive(Subcommand)]
enum DeadlineCommand {
    /// Every clock of a rule pack for a complaint received at --received, after the events in
    /// --events (a JSON array of ClockEvent, `-` for stdin), at --now.
    Compute {
        /// Rule pack code: nfra-2020, pboc-2020, property-default, property-hangzhou, fca-disp, cfpb.
        #[arg(long)]
        pack: String,
        /// When the complaint was received: RFC 3339, or a local time (2025-03-03T10:00) in the pack's zone.
        #[arg(long)]
        received: String,
        #[arg(long)]
        events: Option<PathBuf>,
        /// The desk's zone (IANA name); packs abroad count in their own.
        #[arg(long, default_value = "Asia/Shanghai")]
        zone: String,
    },
    /// The rule packs the product ships and their clocks.
    Packs,
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// The days off and 调休 make-up working days of a year.
    Show { year: i32 },
    /// Read a holiday-cn JSON or iCalendar file and say what it holds; changes nothing.
    Check { file: PathBuf },
    /// Import a holiday-cn JSON or iCalendar file into the desk's database (admin); open cases'
    /// deadlines are recomputed. A bad file is refused and nothing changes.
    Import {
        file: PathBuf,
        #[arg(long = "as")]
        user: String,
    },
}

#[derive(Subcommand)]
enum CaseCommand {
    /// Register a case from JSON (CaseInput) on stdin or in --input.
    Create {
        #[arg(long = "as")]
        user: String,
        #[arg(long)]
        input: Option<PathBuf>,
    },
    /// List cases; the filter is a JSON CaseQuery (stdin with --query -, or a file).
    List {
        #[arg(long)]
        query: Option<PathBuf>,
        #[arg(long)]
        status: Vec<String>,
        #[arg(long)]
        text: Option<String>,
        #[arg(long, default_value_t = 1)]
        page: u32,
        #[arg(long, default_value_t = 50)]
        page_size: u32,
        /// Who reads the list (phones masked as the setting says for their roles).
        #[arg(long = "as")]
        user: Option<String>,
    },
    /// Show one case with its timeline.
    Show {
        /// Case number (TS-2026-000001) or id.
        case: String,
        #[arg(long = "as")]
        user: String,
    },
    /// Take a lifecycle step: --to STATUS (or --action) with the step's fields as JSON StepFields.
    Move {
        case: String,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        action: Option<String>,
        #[arg(long = "as")]
        user: String,
        /// JSON StepFields, inline.
        #[arg(long)]
        fields: Option<String>,
    },
    /// 批量操作: one step (--action accept, or assign for 分派/转派) for several cases, each judged
    /// as one `move` and written on its own; prints each case's outcome. --fields is JSON
    /// StepFields, the same for every case. A case refused does not stop the others.
    Batch {
        /// Case numbers or ids.
        #[arg(required = true)]
        cases: Vec<String>,
        #[arg(long)]
        action: String,
        #[arg(long = "as")]
        user: String,
        #[arg(long)]
        fields: Option<String>,
    },
    /// 更正信息: put right fields recorded wrongly, with a reason; --fields is JSON CaseCorrection
    /// (only the fields to change), e.g. {"customer_phone":"13900139000"}.
    Correct {
        case: String,
        #[arg(long = "as")]
        user: String,
        #[arg(long)]
        fields: String,
        #[arg(long)]
        reason: String,
    },
    /// Dev/test: register the complaint in --input --count times, printing `saved <number>`
    /// after each commit (the crash test kills it mid-way).
    #[command(hide = true)]
    Storm {
        #[arg(long = "as")]
        user: String,
        #[arg(long)]
        input: PathBuf,
        #[arg(long, default_value_t = 1000)]
        count: u64,
    },
}

#[derive(Subcommand)]
enum DbCommand {
    /// Makes the shared store in an empty PostgreSQL database (with --db), or brings it up to date.
    Init,
    /// Moves the desk in a data folder (its cases, events, users, follow-ups and settings) into a
    /// shared store, in one transaction; the events join the shared audit chain.
    Migrate {
        /// The data folder holding the desk's complaintdesk.sqlite3.
        #[arg(long)]
        from: PathBuf,
        /// The shared store (postgres://…; default: --db, else COMPLAINTDESK_DB_URL).
        #[arg(long)]
        to: Option<String>,
    },
    /// Tests the connection to a shared store (--db): whether the server answers, the password,
    /// the database, the certificate and the server's version are right, and whether the store's
    /// tables are there; names what is wrong.
    Test,
    /// Copies the shared store (--db) into a new desk file in an empty folder: a read-only copy a
    /// laptop can open (the server's own backups stay the server's).
    Export {
        #[arg(long)]
        to: PathBuf,
    },
    /// Full integrity check, and whether the kept KPI sums agree with the cases.
    Check,
    /// Makes the kept KPI sums (per day and group) again from the cases, in one transaction.
    RebuildFigures {
        #[arg(long = "as")]
        user: String,
    },
    /// Recompute the audit chain of the event log; fails naming the first broken event.
    Verify {
        #[arg(long = "as")]
        user: Option<String>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    List,
    Create {
        #[arg(long = "as")]
        user: String,
        #[arg(long)]
        input: Option<PathBuf>,
    },
    /// Sets LOGIN's password (read from stdin, one line); --as an administrator.
    Password {
        login: String,
        #[arg(long = "as")]
        user: String,
    },
    /// Puts LOGIN in BRANCH of the shared store ("" for every branch); --as an administrator.
    Branch {
        login: String,
        branch: String,
        #[arg(long = "as")]
        user: String,
    },
}

/// An instant as the desk's local time (its zone setting), for people reading the output.
fn local<Z: chrono::TimeZone>(t: DateTime<Utc>, zone: Z) -> String
where
    Z::Offset: std::fmt::Display,
{
    t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Option<PathBuf>) -> DeskResult<T> {
    let text = match path {
        Some(p) if p.as_os_str() != "-" => std::fs::read_to_string(p)
            .map_err(|e| DeskError::invalid("input", format!("无法读取 {}：{e}", p.display())))?,
        _ => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| DeskError::invalid("input", format!("无法读取标准输入：{e}")))?;
            s
        }
    };
    parse_json(&text, "input")
}

/// Parses JSON given on the command line, refusing a field the type does not know: a script's
/// typo (`customer_phon`) would otherwise be dropped in silence and the rest saved without it.
/// Only here, not on the types themselves: the window may send fields a type ignores.
/// (Inside an internally tagged enum, such as a clock event, serde buffers the object first, so
/// an unknown field there is not seen.)
fn parse_json<T: serde::de::DeserializeOwned>(text: &str, field: &str) -> DeskResult<T> {
    let syntax = |e: serde_json::Error| DeskError::invalid(field, format!("JSON 格式错误：{e}")).rule("json");
    let mut unknown: Option<Vec<String>> = None;
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_ignored::deserialize(&mut de, |path| {
        if unknown.is_none() {
            unknown = Some(json_path(&path));
        }
    })
    .map_err(syntax)?;
    de.end().map_err(syntax)?;
    match unknown {
        Some(path) => {
            let name = path.last().cloned().unwrap_or_default();
            Err(DeskError::invalid(field, format!("输入中有未知字段“{name}”（位置 {}）", path.join("."))).rule("json.unknown_field"))
        }
        None => Ok(value),
    }
}

/// A place in the input as keys and list positions from the top (`events.2.reason`); the steps
/// serde takes into an optional or wrapped value are not places a person wrote.
fn json_path(path: &serde_ignored::Path<'_>) -> Vec<String> {
    use serde_ignored::Path;
    match path {
        Path::Root => Vec::new(),
        Path::Seq { parent, index } => {
            let mut p = json_path(parent);
            p.push(index.to_string());
            p
        }
        Path::Map { parent, key } => {
            let mut p = json_path(parent);
            p.push(key.clone());
            p
        }
        Path::Some { parent } | Path::NewtypeStruct { parent } | Path::NewtypeVariant { parent } => json_path(parent),
    }
}

fn data_dir(cli: &Cli) -> DeskResult<PathBuf> {
    if let Some(d) = &cli.data_dir {
        return Ok(d.clone());
    }
    if let Some(d) = std::env::var_os("COMPLAINTDESK_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    dirs::data_dir()
        .map(|d| d.join("com.complaintdesk.desk"))
        .ok_or_else(|| DeskError::storage("找不到系统数据文件夹，请用 --data-dir 指定"))
}

/// A user named by login or id.
fn user_id(desk: &Desk, who: &str) -> DeskResult<i64> {
    let users = desk.users()?;
    users
        .iter()
        .find(|u| u.login == who || u.id.to_string() == who)
        .map(|u| u.id)
        .ok_or_else(|| DeskError::new(ErrorCode::NoUser, format!("没有登录名为“{who}”的用户")).field("as"))
}

/// A case named by number or id.
fn case_id(desk: &Desk, case: &str) -> DeskResult<i64> {
    match case.parse::<i64>() {
        Ok(id) => Ok(id),
        Err(_) => desk.case_id_by_number(case),
    }
}

/// The action that leads from the case's status to `to`.
fn action_to(desk: &Desk, id: i64, user: i64, to: &str, now: DateTime<Utc>) -> DeskResult<String> {
    let detail = desk.case_detail_at(user, id, now)?;
    let lifecycle = desk.lifecycle();
    if lifecycle.status(to).is_none() {
        return Err(DeskError::invalid("to", format!("未知状态“{to}”")).rule("status.known"));
    }
    lifecycle
        .transitions
        .iter()
        .find(|t| !t.auto && t.to == to && t.from.contains(&detail.case.status))
        .map(|t| t.action.clone())
        .ok_or_else(|| {
            DeskError::new(ErrorCode::TransitionNotAllowed, format!("案件当前为“{}”，不能转到“{to}”", lifecycle.status_label(&detail.case.status)))
                .rule("transition.to")
        })
}

fn print<T: Serialize + std::fmt::Debug>(json: bool, value: &T, human: impl FnOnce(&T) -> String) -> DeskResult<()> {
    let text = if json {
        serde_json::to_string_pretty(value).map_err(|e| DeskError::storage(e.to_string()))?
    } else {
        human(value)
    };
    // A reader that stops early (`| head`) is not an error worth a panic.
    let _ = writeln!(std::io::stdout().lock(), "{text}");
    Ok(())
}

/// A local time as people say it, with midnight written as 24:00 of the day before.
fn local_in(t: DateTime<Utc>, zone: &str) -> String {
    let Ok(tz) = parse_zone(zone) else { return t.to_rfc3339() };
    let l = t.with_timezone(&tz);
    if l.hour() == 0 && l.minute() == 0 {
        let day = l.date_naive().pred_opt().unwrap_or(l.date_naive());
        format!("{day} 24:00")
    } else {
        l.format("%Y-%m-%d %H:%M").to_string()
    }
}

fn span(ms: i64) -> String {
    let sign = if ms < 0 { "超出 " } else { "" };
    let minutes = ms.abs() / 60_000;
    let (d, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    match (d, h) {
        (0, 0) => format!("{sign}{m} 分钟"),
        (0, _) => format!("{sign}{h} 小时 {m} 分钟"),
        _ => format!("{sign}{d} 天 {h} 小时"),
    }
}

fn state_label(kind: ClockStateKind) -> &'static str {
    match kind {
        ClockStateKind::Running => "进行中",
        ClockStateKind::Paused => "已暂停",
        ClockStateKind::Met => "已按时完成",
        ClockStateKind::Breached => "已超时",
        ClockStateKind::Stopped => "已停止（撤诉）",
        ClockStateKind::Expired => "申请期已过",
    }
}

fn clock_line(c: &ClockState) -> String {
    let mut parts = vec![format!("{}\t{}\t{}", c.code, c.label, state_label(c.state))];
    if let (Some(t), Some(l)) = (c.target_date, c.latest_date) {
        parts.push(format!("目标日 {t}"));
        parts.push(format!("法定最后日 {l}"));
    }
    parts.push(format!("到期 {}（{}）", local_in(c.due, &c.zone), c.zone));
    // A breach says how late, never a share of the time far past 100%.
    match (c.overdue_ms, c.time_left_ms) {
        (Some(late), _) => parts.push(format!("超时 {}", span(late))),
        (None, Some(left)) => {
            parts.push(if left >= 0 { format!("剩余 {}", span(left)) } else { span(left) });
            parts.push(format!("已用 {}%", c.percent_used));
        }
        (None, None) => parts.push(format!("已用 {}%", c.percent_used)),
    }
    if let Some(w) = c.warning {
        parts.push(format!("预警（已过 {w}%）"));
    }
    if c.extension_step > 0 {
        parts.push(format!("第 {} 步延期", c.extension_step));
    }
    if c.estimated {
        parts.push("估算（该年无节假日数据，只按周末计）".into());
    }
    if c.uncertain {
        parts.push("规则待核实".into());
    }
    for p in &c.previous {
        let result = match (p.state, p.overdue_ms) {
            (ClockStateKind::Met, _) => "按时".to_string(),
            (ClockStateKind::Breached, Some(late)) => format!("超时 {}", span(late)),
            (ClockStateKind::Breached, None) => "超时".to_string(),
            (ClockStateKind::Expired, _) => "申请期已过".to_string(),
            _ => "未到期即重新起算".to_string(),
        };
        parts.push(format!("上次（{} 起，到期 {}）：{result}", local_in(p.start, &c.zone), local_in(p.due, &c.zone)));
    }
    parts.join("  ")
}

/// RFC 3339, or a local time without offset read in `zone`.
fn parse_instant(text: &str, zone: &str) -> DeskResult<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text.trim()) {
        return Ok(t.with_timezone(&Utc));
    }
    let tz = parse_zone(zone)?;
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text.trim(), f).ok())
        .and_then(|naive| tz.from_local_datetime(&naive).earliest())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| {
            DeskError::invalid("received", format!("“{text}”不是有效时间（应为 2025-03-03T10:00 或带时区的 RFC 3339）"))
                .rule("time.format")
        })
}

fn year_lines(y: &CalendarYearSummary) -> Vec<String> {
    let source = if y.shipped { "随产品提供" } else { "导入" };
    let mut lines = vec![format!("{} 年（{source}）：放假 {} 天，调休上班 {} 天", y.year, y.off_days, y.make_up_days)];
    for h in &y.holidays {
        let mut line = match (h.first_off, h.last_off) {
            (Some(f), Some(l)) => format!("  {}\t{f} 至 {l}\t放假 {} 天", h.name, h.off_days),
            _ => format!("  {}\t\t", h.name),
        };
        if !h.make_up_days.is_empty() {
            let days: Vec<String> = h.make_up_days.iter().map(|d| d.to_string()).collect();
            line.push_str(&format!("\t调休上班 {}", days.join("、")));
        }
        lines.push(line);
    }
    lines
}

fn run_deadline(command: &DeadlineCommand, now: DateTime<Utc>, json: bool) -> DeskResult<()> {
    match command {
        DeadlineCommand::Packs => {
            let packs = RulePack::shipped()?;
            print(json, &packs, |packs| {
                let mut lines = Vec::new();
                for p in packs {
                    let default = p.default_for.map(|f| format!("（{f} 默认）")).unwrap_or_default();
                    lines.push(format!("{}\t{}{default}", p.code, p.label));
                    for c in &p.clocks {
                        let unit = serde_json::to_value(c.unit).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
                        lines.push(format!("  {}\t{}\t{} {unit}\t{} → {}", c.code, c.label, c.length, c.start.code(), c.met_by.code()));
                    }
                }
                lines.join("\n")
            })
        }
        DeadlineCommand::Compute { pack, received, events, zone } => {
            let pack = RulePack::shipped_pack(pack)?;
            let desk_zone = parse_zone(zone)?;
            let pack_zone = pack.zone_or(desk_zone);
            let received = parse_instant(received, pack_zone.name())?;
            let mut all = vec![ClockEvent::Received { at: received }];
            if events.is_some() {
                let more: Vec<ClockEvent> = read_json(events)?;
                all.extend(more);
            }
            let calendar = Calendar::shipped()?;
            let clocks = compute(&pack, &all, &calendar, desk_zone, now)?;
            #[derive(Serialize, Debug)]
            struct Out {
                pack: String,
                zone: String,
                now: DateTime<Utc>,
                clocks: Vec<ClockState>,
            }
            let out = Out { pack: pack.code.clone(), zone: pack_zone.name().to_string(), now, clocks };
            print(json, &out, |o| {
                let mut lines = vec![format!("{}  {}  现在 {}", pack.code, pack.label, local_in(o.now, &o.zone))];
                lines.extend(o.clocks.iter().map(clock_line));
                lines.join("\n")
            })
        }
    }
}

fn run_calendar(command: &CalendarCommand, json: bool) -> DeskResult<()> {
    let shipped = Calendar::shipped()?;
    match command {
        CalendarCommand::Show { year } => {
            let Some(days) = shipped.year(*year) else {
                return Err(DeskError::new(
                    ErrorCode::NotFound,
                    format!("没有 {year} 年的节假日数据：该年的期限只按周末计算，并标为估算"),
                )
                .field("year"));
            };
            let summary = shipped.years().into_iter().find(|y| y.year == *year).expect("the year has data");
            #[derive(Serialize, Debug)]
            struct Out<'a> {
                #[serde(flatten)]
                summary: CalendarYearSummary,
                days: &'a [complaintdesk_core::domain::deadline::calendar::CalendarDay],
            }
            print(json, &Out { summary, days: &days.days }, |o| year_lines(&o.summary).join("\n"))
        }
        CalendarCommand::Import { .. } => Err(DeskError::invalid("command", "导入需要打开数据库").rule("calendar.import")),
        CalendarCommand::Check { file } => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| DeskError::invalid("file", format!("无法读取 {}：{e}", file.display())))?;
            let parsed = CalendarFile::parse(&text)?;
            #[derive(Serialize, Debug)]
            struct Out {
                format: CalendarFormat,
                years: Vec<CalendarYearSummary>,
                /// Years the file would replace among those the product ships.
                replaces_shipped: Vec<i32>,
            }
            let years = parsed.summaries();
            let replaces_shipped = years.iter().map(|y| y.year).filter(|y| shipped.has_data(*y)).collect();
            let out = Out { format: parsed.format, years, replaces_shipped };
            print(json, &out, |o| {
                let format = match o.format {
                    CalendarFormat::HolidayCn => "holiday-cn JSON",
                    CalendarFormat::Ical => "iCalendar",
                };
                let mut lines = vec![format!("{} 可以导入（{format}）", file.display())];
                for y in &o.years {
                    lines.extend(year_lines(y));
                    if o.replaces_shipped.contains(&y.year) {
                        lines.push(format!("  （导入后将取代随产品提供的 {} 年数据）", y.year));
                    }
                }
                lines.join("\n")
            })
        }
    }
}

/// `--as` if given, else the first active administrator (the CLI runs where the file is).
fn reader(desk: &Desk, who: &Option<String>) -> DeskResult<i64> {
    match who {
        Some(w) => user_id(desk, w),
        None => desk
            .users()?
            .into_iter()
            .find(|u| u.active && u.roles.contains(&complaintdesk_core::domain::types::Role::Admin))
            .map(|u| u.id)
            .ok_or_else(|| DeskError::new(ErrorCode::NoUser, "没有启用的管理员，请用 --as 指定用户").field("as")),
    }
}

fn kpi_filter(desk: &Desk, f: &FilterArgs) -> DeskResult<KpiFilter> {
    let channel = match &f.channel {
        Some(c) => Some(
            complaintdesk_core::domain::types::Channel::parse(c)
                .ok_or_else(|| DeskError::invalid("channel", format!("没有“{c}”这个渠道")).rule("channel.known"))?,
        ),
        None => None,
    };
    Ok(KpiFilter {
        from: Some(f.from),
        to: Some(f.to),
        category: f.category.clone(),
        channel,
        project: f.project.clone(),
        department: f.department.clone(),
        handler_id: match &f.handler {
            Some(h) => Some(user_id(desk, h)?),
            None => None,
        },
    })
}

fn doc_lang(lang: &str) -> DeskResult<complaintdesk_docs::Lang> {
    match lang {
        "zh" | "zh-CN" => Ok(complaintdesk_docs::Lang::Zh),
        "en" => Ok(complaintdesk_docs::Lang::En),
        other => Err(DeskError::invalid("lang", format!("语言应为 zh 或 en，不是“{other}”")).rule("lang.known")),
    }
}

fn write_file(path: &PathBuf, bytes: &[u8]) -> DeskResult<()> {
    complaintdesk_docs::issue::write_synced(path, bytes).map_err(|e| DeskError::invalid("out", format!("无法写入 {}：{e}", path.display())))
}

/// The shared store's address: --db, else COMPLAINTDESK_DB_URL.
fn db_url(cli: &Cli) -> Option<String> {
    cli.db.clone().or_else(|| std::env::var("COMPLAINTDESK_DB_URL").ok()).filter(|u| !u.is_empty())
}

/// `db init`: the shared store's tables in an empty PostgreSQL database, or brought up to date.
fn init_shared(url: &str, json: bool) -> DeskResult<()> {
    let store = complaintdesk_core::store::pg::PgStore::init(url)?;
    let version = store.schema_version()?;
    let server = store.server().to_string();
    print(json, &serde_json::json!({ "server": server, "schema_version": version }), |_| {
        format!("数据库服务器 {server} 上的客诉台共享库已就绪（结构版本 {version}）")
    })
}

/// `db migrate`: the desk at `from` into the shared store at `to`.
fn migrate_desk(from: &std::path::Path, to: &str, json: bool) -> DeskResult<()> {
    let desk = Desk::open(from)?;
    let mut store = complaintdesk_core::store::pg::PgStore::init(to)?;
    let report = complaintdesk_core::store::pg::migrate::migrate(desk.store().file_store("db migrate --from")?, &mut store)?;
    let server = store.server().to_string();
    print(json, &report, |r| {
        let mut lines = vec![format!("已把 {} 的前台迁入数据库服务器 {server} 的共享库：", from.display())];
        for t in &r.tables {
            lines.push(format!("  {}：本机 {}；共享库 {} → {}", t.table, t.desk, t.before, t.after));
        }
        lines.push(format!("附件与标志文件 {} 个已存入共享库", r.files));
        lines.push(format!("本机审计链 {} 个事件已校验并接入共享审计链（原链末哈希 {}）", r.desk_events, r.desk_chain_head));
        lines.join("\n")
    })
}

fn run(cli: &Cli) -> DeskResult<()> {
    if let Command::Db { command: DbCommand::Migrate { from, to } } = &cli.command {
        let to = to.clone().or_else(|| db_url(cli)).ok_or_else(|| {
            DeskError::new(ErrorCode::Required, "db migrate 需要共享库的地址：--to postgres://用户@主机:端口/库名").field("to")
        })?;
        return migrate_desk(from, &to, cli.json);
    }
    let url = db_url(cli);
    // Deadlines and calendars are pure: answered without opening (or creating) a database.
    match (&cli.command, &url) {
        (Command::Deadline { command }, _) => return run_deadline(command, cli.now.unwrap_or_else(Utc::now), cli.json),
        (Command::Calendar { command }, _) if !matches!(command, CalendarCommand::Import { .. }) => return run_calendar(command, cli.json),
        (Command::Backup { .. } | Command::Restore { .. }, Some(_)) => {
            return Err(DeskError::new(
                ErrorCode::Invalid,
                "备份与恢复只用于单机客诉台（本机的数据文件）；共享库由数据库服务器备份，请联系管理员。",
            )
            .field("db")
            .rule("store.shared_has_no_file"))
        }
        // Backups open the desk themselves, or not at all (a damaged database can still be restored).
        (Command::Backup { command }, None) => return backup::run(command, &data_dir(cli)?, cli.now.unwrap_or_else(Utc::now), cli.json),
        (Command::Restore { file }, None) => return backup::restore(file, &data_dir(cli)?, cli.now.unwrap_or_else(Utc::now), cli.json),
        (Command::Db { command: DbCommand::Init }, Some(url)) => return init_shared(url, cli.json),
        (Command::Db { command: DbCommand::Test }, Some(url)) => {
            let probe = complaintdesk_core::store::pg::probe(url)?;
            return print(cli.json, &probe, |p| {
                let link = if p.encrypted { "已加密" } else { "未加密" };
                let tables = if p.schema_version == 0 { "还没有客诉台的数据（db init 可建立）".to_string() } else { format!("客诉台共享库，结构版本 {}", p.schema_version) };
                format!("连接正常：数据库服务器 {}（PostgreSQL {}），连接{link}；{tables}", p.server, p.server_version)
            });
        }
        (Command::Db { command: DbCommand::Export { to } }, Some(url)) => {
            let store = complaintdesk_core::store::pg::PgStore::open(url)?;
            let report = complaintdesk_core::store::pg::export::export(&store, to, cli.now.unwrap_or_else(Utc::now))?;
            return print(cli.json, &report, |r| {
                let cases = r.tables.iter().find(|(t, _)| t == "cases").map_or(0, |(_, n)| *n);
                format!("已把共享库导出为只读副本 {}：案件 {cases} 件，附件文件 {} 个", r.path, r.files)
            });
        }
        (Command::Db { command: DbCommand::Export { .. } }, None) => {
            return Err(DeskError::new(ErrorCode::Required, "db export 导出共享库：用 --db postgres://用户@主机:端口/库名 指明。").field("db"))
        }
        (Command::Db { command: DbCommand::Test }, None) => {
            return Err(DeskError::new(ErrorCode::Required, "db test 测试共享库的连接：用 --db postgres://用户@主机:端口/库名 指明。").field("db"))
        }
        (Command::Db { command: DbCommand::Init }, None) => {
            return Err(DeskError::new(
                ErrorCode::Invalid,
                "db init 在共享库上建表：用 --db postgres://用户@主机:端口/库名 指明（本机数据库由 setup 或 demo 建立）。",
            )
            .field("db"))
        }
        _ => {}
    }
    // Only setup and the demo make a new desk; every other command needs the existing one. On a
    // shared store they make its tables in an empty database, as `db init` does.
    let creates = matches!(&cli.command, Command::Setup { .. } | Command::Demo { .. });
    let desk = match &url {
        Some(url) if creates => Desk::create_shared(url)?,
        Some(url) => Desk::open_shared(url)?,
        None => {
            let dir = data_dir(cli)?;
            match &cli.command {
                Command::Setup { new_desk: true, .. } | Command::Demo { new_desk: true, .. } => Desk::create_confirmed(&dir)?,
                _ if creates => Desk::create(&dir)?,
                _ => Desk::open(&dir)?,
            }
        }
    };
    let now = cli.now.unwrap_or_else(Utc::now);
    let json = cli.json;
    match &cli.command {
        Command::Calendar { command: CalendarCommand::Import { file, user } } => {
            let me = user_id(&desk, user)?;
            let text = std::fs::read_to_string(file)
                .map_err(|e| DeskError::invalid("file", format!("无法读取 {}：{e}", file.display())))?;
            let years = desk.import_calendar(me, &text, now)?;
            print(json, &years, |ys| {
                let listed: Vec<String> = ys.iter().map(|y| y.year.to_string()).collect();
                format!("已导入；使用中的节假日年份：{}", listed.join("、"))
            })
        }
        Command::Setup { input, .. } => {
            let input = read_json(input)?;
            let admin = desk.setup(&input, now)?;
            print(json, &admin, |u| format!("已完成设置，管理员 {}（{}）", u.display_name, u.login))
        }
        Command::User { command: UserCommand::List } => print(json, &desk.users()?, |users| {
            users
                .iter()
                .map(|u| {
                    let roles: Vec<&str> = u.roles.iter().map(|r| r.code()).collect();
                    format!("{}\t{}\t{}\t{}", u.id, u.login, u.display_name, roles.join(","))
                })
                .collect::<Vec<_>>()
                .join("\n")
        }),
        Command::User { command: UserCommand::Create { user, input } } => {
            let me = user_id(&desk, user)?;
            let input = read_json(input)?;
            let created = desk.create_user(me, &input, now)?;
            print(json, &created, |u| format!("已创建用户 {}（{}）", u.display_name, u.id))
        }
        Command::User { command: UserCommand::Password { login, user } } => {
            let me = user_id(&desk, user)?;
            let target = user_id(&desk, login)?;
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| DeskError::invalid("password", format!("无法读取标准输入：{e}")))?;
            desk.reset_password(me, target, line.trim_end_matches(['\r', '\n']))?;
            print(json, &serde_json::json!({ "login": login }), |_| format!("已设置 {login} 的密码"))
        }
        Command::User { command: UserCommand::Branch { login, branch, user } } => {
            let me = user_id(&desk, user)?;
            let target = user_id(&desk, login)?;
            desk.set_branch(me, target, branch)?;
            print(json, &serde_json::json!({ "login": login, "branch": branch }), |_| format!("{login} 的网点：{branch}"))
        }
        Command::Case { command: CaseCommand::Create { user, input } } => {
            let me = user_id(&desk, user)?;
            let input: CaseInput = read_json(input)?;
            let detail = desk.create_case(me, &input, now)?;
            print(json, &detail, |d| d.case.number.clone())
        }
        Command::Case { command: CaseCommand::List { query, status, text, page, page_size, user } } => {
            let me = reader(&desk, user)?;
            let mut q: CaseQuery = match query {
                Some(_) => read_json(query)?,
                None => CaseQuery::default(),
            };
            if !status.is_empty() {
                q.statuses = Some(status.clone());
            }
            if text.is_some() {
                q.text = text.clone();
            }
            q.page = q.page.or(Some(*page));
            q.page_size = q.page_size.or(Some(*page_size));
            let page = desk.list_cases(me, &q)?;
            let zone = desk.zone();
            print(json, &page, |p| {
                let mut lines: Vec<String> = p
                    .rows
                    .iter()
                    .map(|r| format!("{}\t{}\t{}\t{}", r.number, r.status, local(r.received_at, zone), r.subject))
                    .collect();
                lines.push(format!("共 {}{} 件", p.total, if p.total_capped { "+" } else { "" }));
                lines.join("\n")
            })
        }
        Command::Case { command: CaseCommand::Show { case, user } } => {
            let me = user_id(&desk, user)?;
            let id = case_id(&desk, case)?;
            let detail = desk.case_detail_at(me, id, now)?;
            let zone = desk.zone();
            print(json, &detail, |d| {
                let mut lines = vec![format!("{} [{}] {}", d.case.number, d.case.status, d.case.subject)];
                for e in &d.events {
                    lines.push(format!(
                        "  {} {} {} {}",
                        local(e.at, zone),
                        e.actor_name.as_deref().unwrap_or("系统"),
                        e.actor_role,
                        e.action.as_deref().unwrap_or("")
                    ));
                }
                lines.join("\n")
            })
        }
        Command::Case { command: CaseCommand::Move { case, to, action, user, fields } } => {
            let me = user_id(&desk, user)?;
            let id = case_id(&desk, case)?;
            let fields: StepFields = match fields {
                Some(f) => parse_json(f, "fields")?,
                None => StepFields::default(),
            };
            let action = match (action, to) {
                (Some(a), _) => a.clone(),
                (None, Some(to)) => action_to(&desk, id, me, to, now)?,
                (None, None) => return Err(DeskError::required("to", "目标状态（--to）或动作（--action）")),
            };
            let detail = desk.move_case(me, id, &MoveInput { action, fields, expected_version: None }, now)?;
            print(json, &detail, |d| format!("{} → {}", d.case.number, d.case.status))
        }
        Command::Case { command: CaseCommand::Batch { cases, action, user, fields } } => {
            let me = user_id(&desk, user)?;
            let ids = cases.iter().map(|c| case_id(&desk, c)).collect::<DeskResult<Vec<i64>>>()?;
            let fields: StepFields = match fields {
                Some(f) => parse_json(f, "fields")?,
                None => StepFields::default(),
            };
            let outcomes = desk.move_cases(me, &BatchMoveInput { ids, action: action.clone(), fields }, now)?;
            print(json, &outcomes, |all| {
                all.iter()
                    .map(|o| {
                        let name = o.number.clone().unwrap_or_else(|| o.id.to_string());
                        match &o.error {
                            None => format!("{name} → {}", o.status.as_deref().unwrap_or("")),
                            Some(e) => format!("{name} 未执行：{}", e.message),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        Command::Case { command: CaseCommand::Correct { case, user, fields, reason } } => {
            let me = user_id(&desk, user)?;
            let id = case_id(&desk, case)?;
            let fields: CaseCorrection = parse_json(fields, "fields")?;
            let input = CorrectionInput { fields, reason: reason.clone(), expected_version: None };
            let detail = desk.correct_case(me, id, &input, now)?;
            print(json, &detail, |d| {
                let changed: Vec<String> = d
                    .events
                    .iter()
                    .rev()
                    .find(|e| e.kind == EventKind::Correction)
                    .and_then(|e| e.after.as_ref()?.as_object().map(|m| m.keys().cloned().collect()))
                    .unwrap_or_default();
                format!("{} 已更正：{}", d.case.number, changed.join("、"))
            })
        }
        Command::Followup { command: FollowupCommand::Record { case, user, attempt } } => {
            let me = user_id(&desk, user)?;
            let id = case_id(&desk, case)?;
            let input: AttemptInput = parse_json(attempt, "attempt")?;
            let detail = desk.record_followup(me, id, &input, now)?;
            print(json, &detail, |d| format!("{} → {}", d.case.number, d.case.status))
        }
        Command::Followup { command: FollowupCommand::Queue { user } } => {
            let me = user_id(&desk, user)?;
            let queue = desk.followup_queue(me, now)?;
            let zone = desk.zone();
            print(json, &queue, |q| {
                let mut out = format!("逾期 {}，今日 {}，以后 {}，待确认无法联系 {}", q.overdue, q.today, q.later, q.exhausted);
                for r in &q.rows {
                    out.push_str(&format!(
                        "\n{}  第{}次回访  已尝试{}次  下次 {}  {}",
                        r.case_number,
                        r.task.round,
                        r.task.attempts,
                        local(r.task.next_attempt_at, zone),
                        r.subject
                    ));
                }
                out
            })
        }
        Command::Followup { command: FollowupCommand::Figures { from, to } } => {
            let filter = KpiFilter { from: Some(*from), to: Some(*to), ..Default::default() };
            let figures = desk.followup_figures(&filter)?;
            let pct = |v: Option<f64>| v.map(|v| format!("{:.1}%", v * 100.0)).unwrap_or_else(|| "—".into());
            print(json, &figures, |f| {
                format!(
                    "回访任务 {}，完成 {}（完成率 {}）；尝试 {} 次，联系上 {}（接通率 {}）；平均满意度 {}；4–5 分占比 {}；不满意重开 {}",
                    f.tasks,
                    f.completed,
                    pct(f.completion_rate),
                    f.attempts,
                    f.reached,
                    pct(f.reached_rate),
                    f.mean_score.map(|m| format!("{m:.2}")).unwrap_or_else(|| "—".into()),
                    pct(f.share_4_5),
                    f.reopened
                )
            })
        }
        Command::Kpi { filter, user } => {
            let me = reader(&desk, user)?;
            let report = desk.kpi(me, &kpi_filter(&desk, filter)?)?;
            let pct = |v: Option<f64>| v.map(|v| format!("{:.1}%", v * 100.0)).unwrap_or_else(|| "—".into());
            print(json, &report, |r| {
                let c = &r.current;
                format!(
                    "收到 {}（上期 {}）；受理用时中位数 {} 小时；解决率 {}；及时率 {}，当前超时 {}；平均满意度 {}；处理成本 {:.2} 元；重开率 {}；重复投诉 {} 件",
                    c.received,
                    r.previous.received,
                    c.accept_median_hours.map(|h| format!("{h:.1}")).unwrap_or_else(|| "—".into()),
                    pct(c.resolution_rate),
                    pct(c.on_time_rate),
                    c.overdue_now,
                    c.followup.mean_score.map(|m| format!("{m:.2}")).unwrap_or_else(|| "—".into()),
                    c.cost_cents as f64 / 100.0,
                    pct(c.reopen_rate),
                    c.repeat_cases
                )
            })
        }
        Command::Export { command: ExportCommand::Cases { query, out, user } } => {
            let me = reader(&desk, user)?;
            let query: CaseQuery = match query {
                Some(_) => read_json(query)?,
                None => CaseQuery::default(),
            };
            write_file(out, &desk.export_cases(me, &query)?)?;
            print(json, &out.display().to_string(), |p| format!("已导出到 {p}"))
        }
        Command::Export { command: ExportCommand::Kpi { filter, out, user } } => {
            let me = reader(&desk, user)?;
            write_file(out, &desk.export_kpi(me, &kpi_filter(&desk, filter)?, now)?)?;
            print(json, &out.display().to_string(), |p| format!("已导出到 {p}"))
        }
        Command::Training { command: TrainingCommand::Add { user, date, topic, attendees } } => {
            let me = user_id(&desk, user)?;
            let attendees = attendees.split(',').map(str::trim).filter(|a| !a.is_empty()).map(|a| user_id(&desk, a)).collect::<DeskResult<Vec<_>>>()?;
            let session = desk.add_training(me, &TrainingInput { held_on: *date, topic: topic.clone(), attendees }, now)?;
            print(json, &session, |s| format!("已登记培训 {}：{}", s.held_on, s.topic))
        }
        Command::Training { command: TrainingCommand::List } => {
            let sessions = desk.trainings()?;
            print(json, &sessions, |all| all.iter().map(|s| format!("{}  {}  {} 人", s.held_on, s.topic, s.attendees.len())).collect::<Vec<_>>().join("\n"))
        }
        Command::Doc { case, kind, out, user, lang } => {
            let me = reader(&desk, user)?;
            let id = case_id(&desk, case)?;
            let kind = DocumentKind::parse(&kind.replace('-', "_"))
                .ok_or_else(|| DeskError::invalid("kind", "文书种类应为 receipt、decision、extension、summary 或 summary-internal").rule("document.kind"))?;
            let doc = complaintdesk_docs::issue::render_case_document(&desk, me, id, kind, doc_lang(lang)?, now)?;
            // On the timeline only once the PDF is on disk: a path that cannot be written leaves no note.
            write_file(out, &doc.issued.pdf)?;
            doc.record(&desk)?;
            let issued = doc.issued;
            let answer = serde_json::json!({ "path": out.display().to_string(), "pages": issued.pages, "bytes": issued.pdf.len(), "missing_glyphs": issued.missing_glyphs });
            print(json, &answer, |_| format!("已出具 {}（{} 页）：{}", kind.label(), issued.pages, out.display()))
        }
        Command::Report { month, out, user, lang } => {
            let me = reader(&desk, user)?;
            let (y, m) = month
                .split_once('-')
                .and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<u32>().ok()?)))
                .filter(|(_, m)| (1..=12).contains(m))
                .ok_or_else(|| DeskError::invalid("month", "月份应写成 YYYY-MM，例如 2026-03").rule("month.format"))?;
            let issued = complaintdesk_docs::issue::issue_monthly_report(&desk, me, y, m, doc_lang(lang)?, now)?;
            write_file(out, &issued.pdf)?;
            let answer = serde_json::json!({ "path": out.display().to_string(), "pages": issued.pages, "bytes": issued.pdf.len() });
            print(json, &answer, |_| format!("已出具月报（{} 页）：{}", issued.pages, out.display()))
        }
        Command::Demo { profile, cases, months, seed, .. } => {
            let profile = complaintdesk_core::domain::types::Profile::parse(profile)
                .ok_or_else(|| DeskError::invalid("profile", "业务类型应为 property 或 insurance").rule("profile.known"))?;
            desk.store().relax_durability_for_bulk_fill()?;
            let report = complaintdesk_core::demo::fill(&desk, profile, *cases, *months, now, *seed)?;
            print(json, &report, |r| format!("已生成 {} 件演示投诉：已结案 {}，处理中 {}", r.cases, r.closed, r.open))
        }
        Command::Deadline { .. } | Command::Calendar { .. } => unreachable!("answered before the desk is opened"),
        Command::Backup { .. } | Command::Restore { .. } => unreachable!("answered before the desk is opened"),
        Command::Db { command: DbCommand::Verify { user } } => {
            let me = user.as_ref().map(|u| user_id(&desk, u)).transpose()?;
            audit::verify(&desk, me, json)
        }
        Command::Case { command: CaseCommand::Storm { user, input, count } } => {
            let me = user_id(&desk, user)?;
            audit::storm(&desk, me, input, *count)
        }
        Command::Db { command: DbCommand::Init | DbCommand::Migrate { .. } | DbCommand::Test | DbCommand::Export { .. } } => {
            unreachable!("answered before the desk is opened")
        }
        Command::Db { command: DbCommand::Check } => {
            let check = desk.check_db()?;
            let ok = check.ok;
            print(json, &check, |c| {
                let figures = if c.figures.is_empty() {
                    "统计汇总与案件一致".to_string()
                } else {
                    format!("统计汇总与案件不一致（{} 组，请运行 db rebuild-figures）：\n{}", c.figures.len(), c.figures.join("\n"))
                };
                format!("完整性：{}；结构版本 {}；案件 {}；事件 {}；{figures}", c.integrity, c.schema_version, c.cases, c.events)
            })?;
            if ok {
                Ok(())
            } else if check.figures.is_empty() {
                Err(DeskError::new(ErrorCode::DatabaseCorrupt, "数据库完整性检查未通过"))
            } else {
                Err(DeskError::new(ErrorCode::Invalid, "统计汇总与案件不一致：运行 db rebuild-figures --as 管理员 重算").rule("db.figures"))
            }
        }
        Command::Import { command: ImportCommand::Cases { file, user, mapping, dry_run, again, all_or_nothing, report } } => {
            let me = user_id(&desk, user)?;
            let mapping: Option<complaintdesk_core::import::Mapping> = match mapping {
                Some(_) => Some(read_json(mapping)?),
                None => None,
            };
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let options = complaintdesk_core::desk::import::ImportOptions { dry_run: *dry_run, again: *again, skip_refused: !*all_or_nothing, expected_rows: 0 };
            let never = std::sync::atomic::AtomicBool::new(false);
            let input = complaintdesk_core::import::read::Input::Path(file);
            let (done, refused) = desk.import_cases(me, input, mapping.as_ref(), options, now, &|_, _| {}, &never)?;
            let report_path = match refused {
                Some(xlsx) => {
                    let path = report.clone().unwrap_or_else(|| {
                        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                        file.with_file_name(format!("{stem}-未导入的行.xlsx"))
                    });
                    write_file(&path, &xlsx)?;
                    Some(path.display().to_string())
                }
                None => None,
            };
            let out = serde_json::json!({
                "dry_run": done.dry_run, "encoding": done.encoding, "rows": done.rows, "imported": done.imported,
                "refused": done.refused, "incomplete": done.incomplete, "uncategorized": done.uncategorized, "report": report_path,
            });
            print(json, &out, |_| {
                let verb = if done.dry_run { "试导入（未写入）" } else { "已导入" };
                let mut line = format!(
                    "{verb} {}：{} 行，可导入 {} 件（信息不全 {} 件，未分类 {} 件），不能导入 {} 行",
                    name, done.rows, done.imported, done.incomplete, done.uncategorized, done.refused
                );
                if let Some(p) = &report_path {
                    line.push_str(&format!("，原因见 {p}"));
                }
                line
            })
        }
        Command::Db { command: DbCommand::RebuildFigures { user } } => {
            let me = user_id(&desk, user)?;
            let groups = desk.rebuild_figures(me)?;
            print(json, &groups, |g| format!("已按案件重算统计汇总：{g} 组"))
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if cli.json {
                eprintln!("{}", serde_json::to_string(&e).unwrap_or_else(|_| e.message.clone()));
            } else {
                match &e.field {
                    Some(f) => eprintln!("错误（{f}）：{}", e.message),
                    None => eprintln!("错误：{}", e.message),
                }
            }
            ExitCode::from(match e.code {
                ErrorCode::Required | ErrorCode::Invalid | ErrorCode::CalendarInvalid => 2,
                ErrorCode::NotFound => 3,
                ErrorCode::DatabaseNewer
                | ErrorCode::DatabaseCorrupt
                | ErrorCode::DatabaseMissing
                | ErrorCode::Storage
                | ErrorCode::DiskFull
                | ErrorCode::ReadOnly
                | ErrorCode::Busy => 4,
                _ => 1,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_json;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Outer {
        items: Vec<Inner>,
        extra: Option<Inner>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Inner {
        name: String,
    }

    #[test]
    fn an_unknown_field_deep_in_the_input_is_named_with_its_place() {
        let table = [
            (r#"{"items":[{"name":"a"},{"name":"b","nme":"c"}]}"#, "输入中有未知字段“nme”（位置 items.1.nme）"),
            (r#"{"items":[],"extra":{"name":"a","x":{"y":1}}}"#, "输入中有未知字段“x”（位置 extra.x）"),
            (r#"{"items":[],"top":1,"later":2}"#, "输入中有未知字段“top”（位置 top）"),
        ];
        for (input, message) in table {
            let e = parse_json::<Outer>(input, "input").unwrap_err();
            assert_eq!((e.field.as_deref(), e.rule.as_deref()), (Some("input"), Some("json.unknown_field")), "{input}");
            assert_eq!(e.message, message, "the first unknown field of {input}, by name and place");
        }
        assert!(parse_json::<Outer>(r#"{"items":[{"name":"a"}],"extra":null}"#, "input").is_ok(), "known fields only: accepted");
        let e = parse_json::<Outer>(r#"{"items":[]} trailing"#, "input").unwrap_err();
        assert_eq!(e.rule.as_deref(), Some("json"), "text after the JSON is still a syntax error");
    }
}
