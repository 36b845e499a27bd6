//! `backup now|list` and `restore FILE`: the desk's backups from a terminal. The list and the
//! restore work without opening the desk, so they help when its database is damaged.
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::Subcommand;
use complaintdesk_core::desk::backup::BackupInfo;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::DeskResult;

use super::{local, print, user_id};

#[derive(Subcommand)]
pub enum BackupCommand {
    /// Back up the database now (then keep the newest N backups, a setting).
    Now {
        /// An administrator's login; without it the backup is made as the app's own.
        #[arg(long = "as")]
        user: Option<String>,
    },
    /// The backups in the backup folder, newest first.
    List,
}

fn line<Z: chrono::TimeZone>(b: &BackupInfo, zone: Z) -> String
where
    Z::Offset: std::fmt::Display,
{
    let cases = b.case_count.map(|n| format!("{n} 件")).unwrap_or_else(|| "?".into());
    format!("{}\t{}\t{} 字节\t{cases}", b.file, local(b.created_at, zone), b.size_bytes)
}

pub fn run(command: &BackupCommand, data_dir: &Path, now: DateTime<Utc>, json: bool) -> DeskResult<()> {
    match command {
        BackupCommand::Now { user } => {
            let desk = Desk::open(data_dir)?;
            let actor = match user {
                Some(u) => Some(user_id(&desk, u)?),
                None => None,
            };
            let made = desk.backup_now(actor, now)?;
            print(json, &made, |b| format!("已备份：{}", b.path))
        }
        BackupCommand::List => {
            let backups = Desk::backups_at(data_dir, now)?;
            let zone = Desk::zone_at(data_dir);
            print(json, &backups, |bs| if bs.is_empty() { "没有备份".into() } else { bs.iter().map(|b| line(b, zone)).collect::<Vec<_>>().join("\n") })
        }
    }
}

/// Restores `file` (a path, or a backup's name in the backup folder) after backing up the
/// current database; prints the restored desk's case count.
pub fn restore(file: &Path, data_dir: &Path, now: DateTime<Utc>, json: bool) -> DeskResult<()> {
    let path: PathBuf = if file.is_file() { file.to_path_buf() } else { Desk::backup_path(data_dir, &file.to_string_lossy())? };
    let desk = Desk::restore(data_dir, &path, now)?;
    let total = desk.list_cases(desk.users()?.first().map(|u| u.id).unwrap_or_default(), &Default::default())?.total;
    let summary = serde_json::json!({ "restored": path.display().to_string(), "cases": total });
    print(json, &summary, |_| format!("已从 {} 恢复，共 {total} 件投诉（恢复前的数据已先备份）", path.display()))
}
