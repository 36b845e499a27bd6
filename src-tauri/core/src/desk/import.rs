//! 导入历史投诉: an admin takes a desk's past complaints in from a file (see `crate::import` for
//! how rows are read and checked). A dry run reports what would be imported and what refused,
//! writing nothing. An import is one transaction: a refused row, a failure or a cancel leaves
//! nothing of it behind. Each case made is marked with its file and row, starts no clock if the
//! file closed it, and has one `imported` entry on the audit chain. The same file (by content)
//! is refused a second time unless asked for again.
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use rust_xlsxwriter::{Format, Workbook};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::{acting_role, Desk};
use crate::domain::case::{CaseInput, EventKind, NewCase};
use crate::domain::catalog::Classification;
use crate::domain::lifecycle::StatusKind;
use crate::domain::types::{CaseKind, Claim, Mood, Role, Severity, Urgency};
use crate::domain::{DeskError, DeskResult, ErrorCode};
use crate::import::read::{self, Table};
use crate::import::{self as rows, Mapping, PastCase, Refusal};
use crate::store::cases;
use crate::store::events::{self, NewEvent};
use crate::store::{from_ms, to_ms};

/// The rows a preview shows.
pub const PREVIEW_ROWS: usize = 20;

/// A file's first rows as read, and the mapping suggested for it, for the user to confirm.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportPreview {
    pub encoding: String,
    pub headers: Vec<String>,
    pub sample: Vec<Vec<String>>,
    #[ts(type = "number")]
    pub rows: usize,
    pub mapping: Mapping,
}

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub file_name: String,
    pub encoding: String,
    pub dry_run: bool,
    #[ts(type = "number")]
    pub rows: usize,
    #[ts(type = "number")]
    pub imported: usize,
    #[ts(type = "number")]
    pub refused: usize,
    /// Imported without a phone, a name or a description (信息不全).
    #[ts(type = "number")]
    pub incomplete: usize,
    /// Their source category mapped to none of ours: filed under 其他.
    #[ts(type = "number")]
    pub uncategorized: usize,
    pub refusals: Vec<Refusal>,
}

/// How to import: dry, again (a file already imported), and whether refused rows stop the
/// whole file (`skip_refused` false: import nothing if any row is refused).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ImportOptions {
    pub dry_run: bool,
    pub again: bool,
    pub skip_refused: bool,
}

/// The refused rows as an Excel file: each row as the file had it, with 错误原因 beside it.
pub fn refusals_workbook(table: &Table, refusals: &[Refusal]) -> DeskResult<Vec<u8>> {
    let xlsx = |e: rust_xlsxwriter::XlsxError| DeskError::storage(format!("无法生成 Excel 文件：{e}"));
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name("未导入的行").map_err(xlsx)?;
    let mut headers = vec!["行号".to_string()];
    headers.extend(table.headers.iter().cloned());
    headers.push("错误原因".into());
    for (i, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, i as u16, h, &bold).map_err(xlsx)?;
    }
    for (n, r) in refusals.iter().enumerate() {
        let line = n as u32 + 1;
        sheet.write_number(line, 0, r.row as f64).map_err(xlsx)?;
        let cells = table.rows.iter().find(|(row, _)| *row == r.row).map(|(_, c)| c.as_slice()).unwrap_or(&[]);
        for (i, c) in cells.iter().enumerate().take(table.headers.len()) {
            sheet.write_string(line, i as u16 + 1, c).map_err(xlsx)?;
        }
        sheet.write_string(line, table.headers.len() as u16 + 1, format!("{}：{}", r.column, r.reason)).map_err(xlsx)?;
    }
    sheet.set_column_width(table.headers.len() as u16 + 1, 40).map_err(xlsx)?;
    book.save_to_buffer().map_err(xlsx)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

impl Desk {
    fn importer(&self, actor: i64) -> DeskResult<crate::domain::case::User> {
        let user = self.actor(actor)?;
        acting_role(&user, &[Role::Admin], "导入历史投诉")?;
        Ok(user)
    }

    /// The first rows of a file as read and the mapping suggested for it.
    pub fn import_preview(&self, actor: i64, file_name: &str, bytes: &[u8]) -> DeskResult<ImportPreview> {
        self.importer(actor)?;
        let table = read::read(file_name, bytes)?;
        let mapping = rows::suggest(&table);
        Ok(ImportPreview {
            encoding: table.encoding.to_string(),
            headers: table.headers.clone(),
            sample: table.rows.iter().take(PREVIEW_ROWS).map(|(_, r)| r.clone()).collect(),
            rows: table.rows.len(),
            mapping,
        })
    }

    /// Imports the past complaints of a file (see the module). `mapping`: none, the suggested
    /// one. `progress` hears (rows done, rows) now and then; `cancel` set stops the import and
    /// leaves nothing of it. Returns the report, and the refused rows as an Excel file when
    /// there are any.
    pub fn import_cases(
        &self,
        actor: i64,
        file_name: &str,
        bytes: &[u8],
        mapping: Option<&Mapping>,
        options: ImportOptions,
        now: DateTime<Utc>,
        progress: &dyn Fn(usize, usize),
        cancel: &AtomicBool,
    ) -> DeskResult<(ImportReport, Option<Vec<u8>>)> {
        let user = self.importer(actor)?;
        let table = read::read(file_name, bytes)?;
        let suggested;
        let mapping = match mapping {
            Some(m) => m,
            None => {
                suggested = rows::suggest(&table);
                &suggested
            }
        };
        let zone = match mapping.zone.as_deref() {
            Some(z) => z.parse::<chrono_tz::Tz>().map_err(|_| DeskError::invalid("zone", format!("没有“{z}”这个时区（例：Asia/Shanghai）")).rule("import.zone"))?,
            None => self.deadlines().zone,
        };
        let profile = self.profile()?;
        let tree = Classification::for_profile(profile);
        let (good, refusals) = rows::check(&table, mapping, zone, &tree);
        let sha = sha256_hex(bytes);
        if !options.again {
            if let Some(r) = self.store.db().row("SELECT imported_at, imported FROM imports WHERE sha256 = ?1 ORDER BY id DESC LIMIT 1", &[sha.clone().into()])? {
                let at = from_ms(r.int("imported_at")?).with_timezone(&self.deadlines().zone).format("%Y-%m-%d %H:%M");
                return Err(DeskError::invalid("file", format!("这个文件已在 {at} 导入过（{} 件）：如确要再导入一次，请选择“再次导入”", r.int("imported")?))
                    .rule("import.again"));
            }
        }
        let mut report = ImportReport {
            file_name: file_name.to_string(),
            encoding: table.encoding.to_string(),
            dry_run: options.dry_run,
            rows: table.rows.len(),
            imported: good.len(),
            refused: refusals.len(),
            incomplete: good.iter().filter(|c| !c.missing.is_empty()).count(),
            uncategorized: good.iter().filter(|c| c.uncategorized).count(),
            refusals,
        };
        let workbook = if report.refusals.is_empty() { None } else { Some(refusals_workbook(&table, &report.refusals)?) };
        if options.dry_run || (!options.skip_refused && !report.refusals.is_empty()) {
            if !options.dry_run {
                report.imported = 0;
            }
            return Ok((report, workbook));
        }
        let lifecycle = &self.lifecycle;
        let initial = lifecycle.initial().to_string();
        let finished = lifecycle.statuses_of(StatusKind::Inactive);
        let closed_status = finished.iter().find(|s| *s == "closed").or(finished.first()).cloned().unwrap_or_else(|| "closed".into());
        let total = good.len();
        self.store.write(|tx| {
            let import_id = tx
                .row(
                    "INSERT INTO imports (file_name, sha256, imported_at, imported_by, imported, refused) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                    &[file_name.into(), sha.clone().into(), to_ms(now).into(), user.id.into(), (total as i64).into(), (report.refused as i64).into()],
                )?
                .ok_or_else(|| DeskError::storage("导入记录保存后读不到"))?
                .int("id")?;
            for (done, past) in good.iter().enumerate() {
                if cancel.load(Ordering::Relaxed) {
                    return Err(DeskError::new(ErrorCode::Invalid, "导入已取消：没有导入任何案件").rule("import.cancelled"));
                }
                if done % 500 == 0 {
                    progress(done, total);
                }
                let status = if past.closed { &closed_status } else { &initial };
                self.import_one(tx, past, status, user.id, import_id, file_name, profile, now)?;
            }
            progress(total, total);
            Ok(())
        })?;
        tracing::info!(imported = report.imported, refused = report.refused, "past complaints imported");
        Ok((report, workbook))
    }

    #[allow(clippy::too_many_arguments)]
    fn import_one(
        &self,
        tx: &dyn crate::store::db::Db,
        past: &PastCase,
        status: &str,
        by: i64,
        import_id: i64,
        file_name: &str,
        profile: crate::domain::types::Profile,
        now: DateTime<Utc>,
    ) -> DeskResult<()> {
        let input = CaseInput {
            customer_name: past.customer_name.clone(),
            customer_phone: past.customer_phone.clone(),
            subcategory: past.subcategory.clone(),
            project: past.project.clone(),
            building: past.building.clone(),
            ..Default::default()
        };
        let new = NewCase {
            kind: CaseKind::Complaint,
            profile,
            input,
            channel: past.channel,
            received_at: past.received_at,
            subject: past.subject.clone(),
            description: past.description.clone(),
            claim: Claim::Other,
            category: past.category.clone(),
            severity: Severity::Ordinary,
            urgency: Urgency::Normal,
            mood: Mood::Calm,
        };
        let mut case = cases::insert(tx, &new, status, by, now)?;
        tx.exec(
            "UPDATE cases SET department = ?2, outcome = ?3, satisfaction = ?4, compensation_cents = ?5, responded_at = ?6,
                closed_at = ?7 WHERE id = ?1",
            &[
                case.id.into(),
                past.department.clone().into(),
                past.outcome.clone().into(),
                past.satisfaction.into(),
                past.compensation_cents.into(),
                past.responded_at.map(to_ms).into(),
                past.closed_at.map(to_ms).into(),
            ],
        )?;
        let missing = serde_json::to_string(&past.missing).unwrap_or_else(|_| "[]".into());
        let original = serde_json::to_string(&past.original).unwrap_or_else(|_| "{}".into());
        tx.exec(
            "INSERT INTO case_imports (case_id, import_id, row_number, missing, original) VALUES (?1, ?2, ?3, ?4, ?5)",
            &[case.id.into(), import_id.into(), (past.row as i64).into(), missing.into(), original.into()],
        )?;
        if past.customer_phone.is_some() {
            case.repeat_complainant = super::followups::mark_repeat(tx, &case)?;
        }
        events::append(
            tx,
            &NewEvent {
                to_status: Some(status),
                action: Some("imported"),
                details: Some(serde_json::json!({ "file": file_name, "row": past.row, "import": import_id })),
                ..NewEvent::new(case.id, now, Some(by), Role::Admin, EventKind::Created)
            },
        )?;
        if !past.closed {
            self.deadlines().refresh_due(&self.lifecycle, tx, case.id, now)?;
        }
        Ok(())
    }
}
