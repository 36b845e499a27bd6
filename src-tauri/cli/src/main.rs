//! `complaintdesk-cli`: the desk's use-cases from the command line, JSON in and out.
//! Glue over `complaintdesk_core::desk`, like the window's shell.
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use complaintdesk_core::desk::dto::MoveInput;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::{desk_zone, CaseInput, CaseQuery};
use complaintdesk_core::domain::lifecycle::StepFields;
use complaintdesk_core::domain::{DeskError, DeskResult, ErrorCode};
use serde::Serialize;

#[derive(Parser)]
#[command(name = "complaintdesk-cli", version, about = "客诉台 ComplaintDesk command line")]
struct Cli {
    /// The data folder holding complaintdesk.sqlite3 (default: COMPLAINTDESK_DATA_DIR, else the OS data folder).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
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
    /// Cases: create, list, show, move.
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
    },
    /// Users: list, create (JSON UserInput).
    User {
        #[command(subcommand)]
        command: UserCommand,
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
}

#[derive(Subcommand)]
enum DbCommand {
    /// Full integrity check.
    Check,
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
}

/// An instant as the desk's local time, for people reading the output.
fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&desk_zone()).format("%Y-%m-%d %H:%M").to_string()
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
    serde_json::from_str(&text).map_err(|e| DeskError::invalid("input", format!("JSON 格式错误：{e}")).rule("json"))
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
fn action_to(desk: &Desk, id: i64, user: i64, to: &str) -> DeskResult<String> {
    let detail = desk.case_detail(user, id)?;
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
    if json {
        let text = serde_json::to_string_pretty(value).map_err(|e| DeskError::storage(e.to_string()))?;
        println!("{text}");
    } else {
        println!("{}", human(value));
    }
    Ok(())
}

fn run(cli: &Cli) -> DeskResult<()> {
    let mut desk = Desk::open(&data_dir(cli)?)?;
    let now = cli.now.unwrap_or_else(Utc::now);
    let json = cli.json;
    match &cli.command {
        Command::Setup { input } => {
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
        Command::Case { command: CaseCommand::Create { user, input } } => {
            let me = user_id(&desk, user)?;
            let input: CaseInput = read_json(input)?;
            let detail = desk.create_case(me, &input, now)?;
            print(json, &detail, |d| d.case.number.clone())
        }
        Command::Case { command: CaseCommand::List { query, status, text, page, page_size } } => {
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
            let page = desk.list_cases(&q)?;
            print(json, &page, |p| {
                let mut lines: Vec<String> = p
                    .rows
                    .iter()
                    .map(|r| format!("{}\t{}\t{}\t{}", r.number, r.status, local(r.received_at), r.subject))
                    .collect();
                lines.push(format!("共 {} 件", p.total));
                lines.join("\n")
            })
        }
        Command::Case { command: CaseCommand::Show { case, user } } => {
            let me = user_id(&desk, user)?;
            let id = case_id(&desk, case)?;
            let detail = desk.case_detail(me, id)?;
            print(json, &detail, |d| {
                let mut lines = vec![format!("{} [{}] {}", d.case.number, d.case.status, d.case.subject)];
                for e in &d.events {
                    lines.push(format!(
                        "  {} {} {} {}",
                        local(e.at),
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
                Some(f) => serde_json::from_str(f).map_err(|e| DeskError::invalid("fields", format!("JSON 格式错误：{e}")).rule("json"))?,
                None => StepFields::default(),
            };
            let action = match (action, to) {
                (Some(a), _) => a.clone(),
                (None, Some(to)) => action_to(&desk, id, me, to)?,
                (None, None) => return Err(DeskError::required("to", "目标状态（--to）或动作（--action）")),
            };
            let detail = desk.move_case(me, id, &MoveInput { action, fields, expected_version: None }, now)?;
            print(json, &detail, |d| format!("{} → {}", d.case.number, d.case.status))
        }
        Command::Db { command: DbCommand::Check } => {
            let check = desk.check_db()?;
            let ok = check.ok;
            print(json, &check, |c| format!("完整性：{}；结构版本 {}；案件 {}；事件 {}", c.integrity, c.schema_version, c.cases, c.events))?;
            if ok {
                Ok(())
            } else {
                Err(DeskError::new(ErrorCode::DatabaseCorrupt, "数据库完整性检查未通过"))
            }
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
                ErrorCode::Required | ErrorCode::Invalid => 2,
                ErrorCode::NotFound => 3,
                ErrorCode::DatabaseNewer | ErrorCode::DatabaseCorrupt | ErrorCode::Storage => 4,
                _ => 1,
            })
        }
    }
}
