//! 导入历史投诉: an admin takes a desk's past complaints in from a file (see `crate::import` for
//! how rows are read and checked). A dry run reports what would be imported and what refused,
//! writing nothing. An import is one transaction: a refused row, a failure or a cancel leaves
//! nothing of it behind. Each case made is marked with its file and row, starts no clock if the
//! file closed it, and has one `imported` entry on the audit chain. The same file (by content)
//! is refused a second time unless asked for again.
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use rust_xlsxwriter::{Format, Workbook};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::export::channel_label;
use super::{acting_role, Desk};
use crate::domain::case::{EventKind, User};
use crate::domain::catalog::Classification;
use crate::domain::lifecycle::StatusKind;
use crate::domain::types::{Channel, Role};
use crate::domain::{DeskError, DeskResult, ErrorCode};
use crate::import::read::{self, Flow, Input};
use crate::import::{self as rows, Checker, Field, Mapping, PastCase, Refusal};
use crate::store::events::{self, NewEvent};
use crate::store::imports::{self, Prepared};
use crate::store::meta;

/// The rows a preview shows.
pub const PREVIEW_ROWS: usize = 20;
/// The different values of a column the value table lists at most.
const VALUES_LISTED: usize = 200;
/// Where the mappings saved by name are kept.
const SAVED_MAPPINGS: &str = "import_mappings";

/// A field a column can be mapped to, with its Chinese name.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FieldChoice {
    pub field: Field,
    pub label: String,
}

/// One value of the file in a column of channels, categories or statuses: how often it comes,
/// and what it maps to (none: nothing of ours, so 其他/未分类 for a category).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ValueRow {
    pub field: Field,
    pub value: String,
    #[ts(type = "number")]
    pub count: usize,
    pub mapped: Option<String>,
}

/// A value of ours a file's value can be mapped to.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ValueTarget {
    pub field: Field,
    pub code: String,
    pub label: String,
}

/// A file's first rows as read, the mapping (suggested, or the one given), and the value table
/// of its channel, category and status columns, for the user to confirm or change.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportPreview {
    pub file_name: String,
    pub encoding: String,
    pub headers: Vec<String>,
    pub sample: Vec<Vec<String>>,
    #[ts(type = "number")]
    pub rows: usize,
    pub mapping: Mapping,
    pub fields: Vec<FieldChoice>,
    pub values: Vec<ValueRow>,
    pub targets: Vec<ValueTarget>,
    /// When a file with the same content was imported before, if it was.
    pub imported_before: Option<ImportedBefore>,
}

/// When a file with the same content was imported before, and how many cases that import wrote.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportedBefore {
    pub at: chrono::DateTime<chrono::Utc>,
    #[ts(type = "number")]
    pub cases: i64,
}

/// A mapping saved by name for the next file of the same shape.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, TS)]
#[ts(export)]
pub struct SavedMapping {
    pub name: String,
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
    /// The first refused rows (all of them are in the workbook).
    pub refusals: Vec<Refusal>,
}

/// The page cache an import on SQLite may fill, in KB: a bound, so memory stays flat however
/// long the file.
const IMPORT_CACHE_KB: i64 = 65_536;

/// The refused rows the report lists in full; the workbook has every one.
const REFUSALS_LISTED: usize = 200;

/// How to import: dry, again (a file already imported), and whether refused rows stop the
/// whole file (`skip_refused` false: import nothing if any row is refused).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ImportOptions {
    pub dry_run: bool,
    pub again: bool,
    pub skip_refused: bool,
    /// The rows the file has, as the preview counted them, for the progress (0: not known).
    pub expected_rows: usize,
}

/// The refused rows as an Excel file: each row as the file had it, with 错误原因 beside it.
pub fn refusals_workbook(headers: &[String], refused: &[(Refusal, Vec<String>)]) -> DeskResult<Vec<u8>> {
    let xlsx = |e: rust_xlsxwriter::XlsxError| DeskError::storage(format!("无法生成 Excel 文件：{e}"));
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name("未导入的行").map_err(xlsx)?;
    let mut titles = vec!["行号"];
    titles.extend(headers.iter().map(String::as_str));
    titles.push("错误原因");
    super::export::header(sheet, &titles, &bold).map_err(xlsx)?;
    for (n, (r, cells)) in refused.iter().enumerate() {
        let line = n as u32 + 1;
        sheet.write_number(line, 0, r.row as f64).map_err(xlsx)?;
        for (i, c) in cells.iter().enumerate().take(headers.len()) {
            sheet.write_string(line, i as u16 + 1, c).map_err(xlsx)?;
        }
        sheet.write_string(line, headers.len() as u16 + 1, format!("{}：{}", r.column, r.reason)).map_err(xlsx)?;
    }
    sheet.set_column_width(headers.len() as u16 + 1, 40).map_err(xlsx)?;
    book.save_to_buffer().map_err(xlsx)
}

/// The content hash of a file, read as a stream.
fn sha256_of(input: Input<'_>) -> DeskResult<String> {
    let mut hasher = Sha256::new();
    match input {
        Input::Bytes { bytes, .. } => hasher.update(bytes),
        Input::Path(p) => {
            let mut f = std::fs::File::open(p).map_err(|e| DeskError::invalid("import_file", format!("无法打开 {}：{e}", p.display())).rule("import.file"))?;
            let mut buf = vec![0u8; 1 << 16];
            loop {
                let n = f.read(&mut buf).map_err(|e| DeskError::invalid("import_file", format!("无法读取 {}：{e}", p.display())).rule("import.file"))?;
                if n == 0 {
                    break;
                }
                hasher.update(&buf[..n]);
            }
        }
    }
    Ok(format!("{:x}", hasher.finalize()))
}

/// What one pass over a file found.
struct Pass {
    encoding: &'static str,
    headers: Vec<String>,
    rows: usize,
    imported: usize,
    incomplete: usize,
    uncategorized: usize,
    refused: Vec<(Refusal, Vec<String>)>,
}

impl Desk {
    fn importer(&self, actor: i64) -> DeskResult<User> {
        let user = self.actor(actor)?;
        acting_role(&user, &[Role::Admin], "导入历史投诉")?;
        Ok(user)
    }

    /// Whether `actor` may import (an admin); the shell asks before it opens a file or saves
    /// the refused rows.
    pub fn may_import(&self, actor: i64) -> DeskResult<()> {
        self.importer(actor).map(|_| ())
    }

    fn import_zone(&self, mapping: &Mapping) -> DeskResult<chrono_tz::Tz> {
        match mapping.zone.as_deref() {
            Some(z) => z.parse::<chrono_tz::Tz>().map_err(|_| DeskError::invalid("zone", format!("没有“{z}”这个时区（例：Asia/Shanghai）")).rule("import.zone")),
            None => Ok(self.deadlines().zone),
        }
    }

    fn when_imported(&self, sha: &str) -> DeskResult<Option<(String, i64)>> {
        Ok(imports::imported_before(self.store.db(), sha)?.map(|(at, n)| (at.with_timezone(&self.deadlines().zone).format("%Y-%m-%d %H:%M").to_string(), n)))
    }

    /// The first rows of a file as read, the mapping (`mapping`, or the one suggested for its
    /// columns) and the value table of its channels, categories and statuses under it.
    pub fn import_preview(&self, actor: i64, input: Input<'_>, mapping: Option<&Mapping>) -> DeskResult<ImportPreview> {
        self.importer(actor)?;
        let mut headers: Option<Vec<String>> = None;
        let mut sample = Vec::new();
        let mut rows = 0;
        // The whole file is read once for its values; the sample is its first rows.
        let mut all_values: BTreeMap<usize, BTreeMap<String, usize>> = BTreeMap::new();
        let encoding = read::scan(input, &mut |_, cells| {
            if headers.is_none() {
                headers = Some(cells);
                return Ok(Flow::Go);
            }
            rows += 1;
            for (i, c) in cells.iter().enumerate() {
                if !c.is_empty() {
                    let seen = all_values.entry(i).or_default();
                    if seen.len() < VALUES_LISTED || seen.contains_key(c) {
                        *seen.entry(c.clone()).or_default() += 1;
                    }
                }
            }
            if sample.len() < PREVIEW_ROWS {
                sample.push(cells);
            }
            Ok(Flow::Go)
        })?;
        let headers = headers.unwrap_or_default();
        let mapping = match mapping {
            Some(m) => m.clone(),
            None => rows::suggest(&headers, &sample),
        };
        let tree = Classification::for_profile(self.profile()?);
        let checker = Checker::new(headers.clone(), mapping.clone(), self.import_zone(&mapping)?, tree.clone(), encoding);
        let mut values = Vec::new();
        for field in [Field::Channel, Field::Category, Field::Status] {
            if let Some(seen) = checker.column(field).and_then(|i| all_values.get(&i)) {
                for (value, count) in seen {
                    values.push(ValueRow { field, value: value.clone(), count: *count, mapped: checker.value_of(field, value) });
                }
            }
        }
        let mut targets: Vec<ValueTarget> = Channel::ALL.iter().map(|c| ValueTarget { field: Field::Channel, code: c.code().into(), label: channel_label(*c).into() }).collect();
        for c in &tree.categories {
            targets.push(ValueTarget { field: Field::Category, code: c.code.clone(), label: c.label.clone() });
            for s in &c.children {
                targets.push(ValueTarget { field: Field::Category, code: format!("{}/{}", c.code, s.code), label: format!("{} / {}", c.label, s.label) });
            }
        }
        targets.push(ValueTarget { field: Field::Status, code: "closed".into(), label: "已结案".into() });
        targets.push(ValueTarget { field: Field::Status, code: "open".into(), label: "未结案（导入后继续处理）".into() });
        let imported_before = imports::imported_before(self.store.db(), &sha256_of(input)?)?.map(|(at, cases)| ImportedBefore { at, cases });
        Ok(ImportPreview {
            file_name: input.name(),
            encoding: encoding.to_string(),
            headers,
            sample,
            rows,
            mapping,
            fields: Field::ALL.iter().map(|f| FieldChoice { field: *f, label: f.label().to_string() }).collect(),
            values,
            targets,
            imported_before,
        })
    }

    /// The mappings saved by name, by name.
    pub fn import_mappings(&self, actor: i64) -> DeskResult<Vec<SavedMapping>> {
        self.importer(actor)?;
        let saved: BTreeMap<String, Mapping> = match meta::get(self.store.db(), SAVED_MAPPINGS)? {
            Some(text) => serde_json::from_str(&text).unwrap_or_default(),
            None => BTreeMap::new(),
        };
        Ok(saved.into_iter().map(|(name, mapping)| SavedMapping { name, mapping }).collect())
    }

    /// Saves `mapping` under `name` (replacing one of that name), for the next file of the shape.
    pub fn save_import_mapping(&self, actor: i64, name: &str, mapping: &Mapping) -> DeskResult<()> {
        self.importer(actor)?;
        let name = name.trim();
        if name.is_empty() {
            return Err(DeskError::required("name", "映射名称"));
        }
        crate::domain::case::check_label("name", "映射名称", name, 40)?;
        self.store.write(|tx| {
            let mut saved: BTreeMap<String, Mapping> = match meta::get(tx, SAVED_MAPPINGS)? {
                Some(text) => serde_json::from_str(&text).unwrap_or_default(),
                None => BTreeMap::new(),
            };
            saved.insert(name.to_string(), mapping.clone());
            meta::set(tx, SAVED_MAPPINGS, &serde_json::to_string(&saved).map_err(|e| DeskError::storage(e.to_string()))?)
        })
    }

    /// One pass over the file: each row checked, each good one handed to `write` in batches,
    /// the refused ones kept with their cells for the report. Without a mapping, the one
    /// suggested from the header and the first rows is used. The file is read and checked on a
    /// thread of its own while `write` stores the batch before, a few batches ahead at most.
    #[allow(clippy::too_many_arguments)]
    fn import_pass(
        &self,
        input: Input<'_>,
        mapping: Option<&Mapping>,
        tree: &Classification,
        progress: &dyn Fn(usize, usize),
        expected: usize,
        now: DateTime<Utc>,
        cancel: &AtomicBool,
        write: &mut dyn FnMut(&[(PastCase, Prepared)]) -> DeskResult<()>,
    ) -> DeskResult<Pass> {
        std::thread::scope(|scope| {
            let (batches, received) = std::sync::mpsc::sync_channel::<(usize, Vec<(PastCase, Prepared)>)>(4);
            let reader = scope.spawn(move || self.read_pass(input, mapping, tree, now, cancel, &batches));
            let mut written = Ok(());
            for (rows, batch) in received.iter() {
                written = write(&batch);
                if written.is_err() {
                    break;
                }
                progress(rows, expected.max(rows));
            }
            // The reader stops at its next batch once nobody takes them.
            drop(received);
            let pass = reader.join().map_err(|_| DeskError::storage("读取导入文件时出错"))?;
            written?;
            let pass = pass?;
            progress(pass.rows, pass.rows);
            Ok(pass)
        })
    }

    /// Reads and checks every row of the file, sending the good ones in batches.
    fn read_pass(
        &self,
        input: Input<'_>,
        mapping: Option<&Mapping>,
        tree: &Classification,
        now: DateTime<Utc>,
        cancel: &AtomicBool,
        batches: &std::sync::mpsc::SyncSender<(usize, Vec<(PastCase, Prepared)>)>,
    ) -> DeskResult<Pass> {
        let dialect = self.store.db().dialect();
        let encoding = read::encoding_of(input)?;
        let mut pass = Pass { encoding, headers: Vec::new(), rows: 0, imported: 0, incomplete: 0, uncategorized: 0, refused: Vec::new() };
        let mut checker: Option<Checker> = None;
        let mut early: Vec<(usize, Vec<String>)> = Vec::new();
        let mut batch: Vec<(PastCase, Prepared)> = Vec::with_capacity(imports::BATCH);
        let stopped = || DeskError::new(ErrorCode::Invalid, "导入已停止：没有导入任何案件").rule("import.stopped");
        let settle = |headers: &[String], early: &[(usize, Vec<String>)]| -> DeskResult<Checker> {
            let mapping = match mapping {
                Some(m) => m.clone(),
                None => rows::suggest(headers, &early.iter().map(|(_, c)| c.clone()).collect::<Vec<_>>()),
            };
            Ok(Checker::new(headers.to_vec(), mapping.clone(), self.import_zone(&mapping)?, tree.clone(), encoding).at(now))
        };
        let take = |checker: &Checker, n: usize, cells: Vec<String>, pass: &mut Pass, batch: &mut Vec<(PastCase, Prepared)>| -> DeskResult<()> {
            pass.rows += 1;
            match checker.row(n, &cells) {
                Ok(c) => {
                    pass.imported += 1;
                    pass.incomplete += usize::from(!c.missing.is_empty());
                    pass.uncategorized += usize::from(c.uncategorized);
                    let prepared = imports::prepare(&c, dialect);
                    batch.push((c, prepared));
                    if batch.len() == imports::BATCH {
                        let full = std::mem::replace(batch, Vec::with_capacity(imports::BATCH));
                        batches.send((pass.rows, full)).map_err(|_| stopped())?;
                    }
                }
                Err(r) => pass.refused.push((r, cells)),
            }
            Ok(())
        };
        let mut headers: Option<Vec<String>> = None;
        read::scan(input, &mut |n, cells| {
            if cancel.load(Ordering::Relaxed) {
                return Err(DeskError::new(ErrorCode::Invalid, "导入已取消：没有导入任何案件").rule("import.cancelled"));
            }
            let Some(h) = &headers else {
                headers = Some(cells);
                return Ok(Flow::Go);
            };
            match &checker {
                Some(c) => take(c, n, cells, &mut pass, &mut batch)?,
                None => {
                    early.push((n, cells));
                    if mapping.is_some() || early.len() == PREVIEW_ROWS {
                        let c = settle(h, &early)?;
                        for (n, cells) in early.drain(..) {
                            take(&c, n, cells, &mut pass, &mut batch)?;
                        }
                        checker = Some(c);
                    }
                }
            }
            Ok(Flow::Go)
        })?;
        let headers = headers.unwrap_or_default();
        if checker.is_none() {
            let c = settle(&headers, &early)?;
            for (n, cells) in early.drain(..) {
                take(&c, n, cells, &mut pass, &mut batch)?;
            }
        }
        if !batch.is_empty() {
            batches.send((pass.rows, batch)).map_err(|_| stopped())?;
        }
        pass.headers = headers;
        Ok(pass)
    }

    /// Imports the past complaints of a file (see the module). `mapping`: none, the one
    /// suggested from its header and first rows. `progress` hears (rows done, rows expected:
    /// `options.expected_rows` or as many as read) now and then; `cancel` set stops the import
    /// and leaves nothing of it. Returns the report, and the refused rows as an Excel file when
    /// there are any.
    #[allow(clippy::too_many_arguments)]
    pub fn import_cases(
        &self,
        actor: i64,
        input: Input<'_>,
        mapping: Option<&Mapping>,
        options: ImportOptions,
        now: DateTime<Utc>,
        progress: &dyn Fn(usize, usize),
        cancel: &AtomicBool,
    ) -> DeskResult<(ImportReport, Option<Vec<u8>>)> {
        let user = self.importer(actor)?;
        let file_name = input.name();
        let sha = sha256_of(input)?;
        if !options.again && !options.dry_run {
            if let Some((at, n)) = self.when_imported(&sha)? {
                return Err(DeskError::invalid("import_file", format!("这个文件已在 {at} 导入过（{n} 件）：如确要再导入一次，请选择“再次导入”")).rule("import.again"));
            }
        }
        let profile = self.profile()?;
        let tree = Classification::for_profile(profile);
        let report_of = |pass: &Pass, imported: usize| -> DeskResult<(ImportReport, Option<Vec<u8>>)> {
            let workbook = if pass.refused.is_empty() { None } else { Some(refusals_workbook(&pass.headers, &pass.refused)?) };
            let report = ImportReport {
                file_name: file_name.clone(),
                encoding: pass.encoding.to_string(),
                dry_run: options.dry_run,
                rows: pass.rows,
                imported,
                refused: pass.refused.len(),
                incomplete: pass.incomplete,
                uncategorized: pass.uncategorized,
                refusals: pass.refused.iter().take(REFUSALS_LISTED).map(|(r, _)| r.clone()).collect(),
            };
            Ok((report, workbook))
        };
        // A dry run, and an import that must not leave any row out, read the file once without
        // writing; an import that skips refused rows writes as it reads.
        if options.dry_run || !options.skip_refused {
            let pass = self.import_pass(input, mapping, &tree, progress, options.expected_rows, now, cancel, &mut |_| Ok(()))?;
            if options.dry_run {
                let imported = pass.imported;
                return report_of(&pass, imported);
            }
            if !pass.refused.is_empty() {
                return report_of(&pass, 0);
            }
        }
        let lifecycle = &self.lifecycle;
        let initial = lifecycle.initial().to_string();
        let finished = lifecycle.statuses_of(StatusKind::Inactive);
        let closed_status = finished.iter().find(|s| *s == "closed").or(finished.first()).cloned().unwrap_or_else(|| "closed".into());
        let pass = self.store.write(|tx| {
            let sqlite = tx.dialect() == crate::store::db::Dialect::Sqlite;
            if sqlite {
                // The import's pages stay in memory up to a bound rather than spilling to the
                // log every few hundred rows (the desk's cache is SQLite's default 2 MB).
                tx.exec(&format!("PRAGMA cache_size = -{}", IMPORT_CACHE_KB), &[])?;
            }
            let import_id = imports::begin(tx, &file_name, &sha, now, user.id)?;
            let pass = self.import_pass(input, mapping, &tree, progress, options.expected_rows, now, cancel, &mut |batch| {
                let rows: Vec<(&PastCase, &Prepared, &str)> =
                    batch.iter().map(|(c, p)| (c, p, if c.closed { closed_status.as_str() } else { initial.as_str() })).collect();
                let ids = imports::insert_batch(tx, &rows, profile, user.id, import_id, now)?;
                let notes: Vec<serde_json::Value> = batch.iter().map(|(c, _)| serde_json::json!({ "file": file_name, "row": c.row, "import": import_id })).collect();
                let events: Vec<NewEvent<'_>> = rows
                    .iter()
                    .zip(&ids)
                    .zip(&notes)
                    .map(|(((_, _, status), id), note)| NewEvent {
                        to_status: Some(status),
                        action: Some("imported"),
                        details: Some(note.clone()),
                        ..NewEvent::new(*id, now, Some(user.id), Role::Admin, EventKind::Created)
                    })
                    .collect();
                events::append_new_cases(tx, &events)?;
                // A case the file left open gets its clocks from the rule pack, as of now.
                for ((past, _, _), id) in rows.iter().zip(&ids) {
                    if !past.closed {
                        self.deadlines().refresh_due(lifecycle, tx, *id, now)?;
                    }
                }
                Ok(())
            })?;
            imports::finish(tx, import_id, pass.imported, pass.refused.len())?;
            if sqlite {
                tx.exec("PRAGMA cache_size = -2000", &[])?;
            }
            Ok(pass)
        });
        if matches!(&pass, Err(_)) && self.store.db().dialect() == crate::store::db::Dialect::Sqlite {
            // A failed or cancelled import gives the writer its usual cache back too.
            let _ = self.store.write(|tx| tx.exec("PRAGMA cache_size = -2000", &[]));
        }
        let pass = pass?;
        tracing::info!(imported = pass.imported, refused = pass.refused.len(), "past complaints imported");
        let imported = pass.imported;
        report_of(&pass, imported)
    }
}
