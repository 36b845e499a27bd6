//! Documents: a case's receipt, letters and summaries, and the monthly report, as PDF. The file
//! is saved through the native save dialog, or written to a temporary folder and opened in the
//! system's PDF viewer for printing; a case's document is noted on its timeline once the file is
//! written (not when the save fails or is cancelled).
//! `COMPLAINTDESK_SAVE_DIR`, when set, takes the place of the dialog (kiosk installs, tests).
use std::path::PathBuf;

use crate::clock;
use complaintdesk_core::desk::documents::LetterheadSettings;
use complaintdesk_core::domain::case::DocumentKind;
use complaintdesk_core::domain::letterhead::LetterheadInput;
use complaintdesk_core::domain::reply::ReplyTemplates;
use complaintdesk_core::domain::{DeskError, DeskResult};
use complaintdesk_docs::issue::{issue_monthly_report, render_case_document, write_synced, Issued};
use complaintdesk_docs::Lang;
use serde::Deserialize;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use super::cases::changed;
use super::{as_current, off_runtime, signed_in, DeskState};

/// What to do with a document once it is made.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Deliver {
    /// Ask where to save it.
    Save,
    /// Open it in the system's PDF viewer, to print.
    Open,
}

fn lang(code: Option<String>) -> Lang {
    match code.as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// Writes `bytes` where the user picks (suggesting `name`), or into `COMPLAINTDESK_SAVE_DIR`
/// when that is set; returns the path, or None when the user cancelled. The dialog blocks until the
/// user answers: call it on a blocking thread (`off_runtime`).
pub(super) fn save_bytes(app: &AppHandle, name: &str, bytes: &[u8], filter: (&str, &[&str])) -> DeskResult<Option<String>> {
    let write = |path: &PathBuf| write_synced(path, bytes).map_err(|e| DeskError::storage(format!("保存文件失败：{e}")));
    if let Some(dir) = std::env::var_os("COMPLAINTDESK_SAVE_DIR").filter(|d| !d.is_empty()) {
        let path = PathBuf::from(dir).join(name);
        write(&path)?;
        return Ok(Some(path.display().to_string()));
    }
    let Some(target) = app.dialog().file().set_file_name(name).add_filter(filter.0, filter.1).blocking_save_file() else {
        return Ok(None);
    };
    let path = target.into_path().map_err(|e| DeskError::invalid("path", format!("无法保存到所选位置：{e}")))?;
    write(&path)?;
    Ok(Some(path.display().to_string()))
}

/// Writes the document where the user picks, or (to print) into a temporary folder; returns the
/// path and whether to open it in the viewer (None: the user cancelled the save).
fn write_document(app: &AppHandle, issued: &Issued, how: Deliver) -> DeskResult<Option<(String, bool)>> {
    if how == Deliver::Save || std::env::var_os("COMPLAINTDESK_SAVE_DIR").is_some_and(|d| !d.is_empty()) {
        return Ok(save_bytes(app, &issued.file_name, &issued.pdf, ("PDF", &["pdf"]))?.map(|path| (path, false)));
    }
    let dir = std::env::temp_dir().join("complaintdesk-documents");
    std::fs::create_dir_all(&dir).map_err(|e| DeskError::storage(format!("无法创建临时文件夹：{e}")))?;
    let path = dir.join(&issued.file_name);
    write_synced(&path, &issued.pdf).map_err(|e| DeskError::storage(format!("保存文件失败：{e}")))?;
    Ok(Some((path.display().to_string(), true)))
}

fn open_in_viewer(app: &AppHandle, path: &str) -> DeskResult<()> {
    app.opener().open_path(path, None::<&str>).map_err(|e| DeskError::storage(format!("无法打开 PDF 查看器：{e}")))
}

/// Saves or opens the document; returns where it was written (None: the user cancelled).
fn deliver(app: &AppHandle, issued: &Issued, how: Deliver) -> DeskResult<Option<String>> {
    let Some((path, open)) = write_document(app, issued, how)? else { return Ok(None) };
    if open {
        open_in_viewer(app, &path)?;
    }
    Ok(Some(path))
}

/// Issues a document of case `id` (noted on its timeline) and saves or opens it.
#[tauri::command]
pub async fn issue_document(
    app: AppHandle,
    id: i64,
    kind: DocumentKind,
    deliver_as: Deliver,
    lang_code: Option<String>,
) -> DeskResult<Option<String>> {
    off_runtime(&app, move |app| {
        let state = app.state::<DeskState>();
        let doc = state.as_current(|d, me| render_case_document(d, me, id, kind, lang(lang_code), clock::now()))?;
        // The desk is not held while the save dialog is open. Noted on the timeline only once the
        // file is written, by the user who asked (even if the window locked meanwhile).
        let Some((path, open)) = write_document(app, &doc.issued, deliver_as)? else { return Ok(None) };
        let detail = state.with(|d| doc.record(d))?;
        changed(app, Ok(detail))?;
        if open {
            open_in_viewer(app, &path)?;
        }
        Ok(Some(path))
    })
    .await
}

/// The monthly report of the complaints received in `year`-`month`, saved or opened.
#[tauri::command]
pub async fn issue_monthly(
    app: AppHandle,
    year: i32,
    month: u32,
    deliver_as: Deliver,
    lang_code: Option<String>,
) -> DeskResult<Option<String>> {
    let issued = as_current(&app, move |d, me| issue_monthly_report(d, me, year, month, lang(lang_code), clock::now())).await?;
    off_runtime(&app, move |app| deliver(app, &issued, deliver_as)).await
}

/// The organisation profile every document shows (文书设置).
#[tauri::command]
pub async fn get_letterhead(app: AppHandle) -> DeskResult<LetterheadSettings> {
    signed_in(&app, |d| d.letterhead_settings()).await
}

/// Saves the organisation's name, address and phones (admin).
#[tauri::command]
pub async fn set_letterhead(app: AppHandle, input: LetterheadInput) -> DeskResult<LetterheadSettings> {
    as_current(&app, move |d, me| d.set_letterhead(me, &input)).await
}

/// Sets the logo from the PNG bytes sent as the raw body (none: removes it), admin.
#[tauri::command]
pub async fn set_letterhead_logo(app: AppHandle, request: Request<'_>) -> DeskResult<LetterheadSettings> {
    let bytes = match request.body() {
        InvokeBody::Raw(bytes) => bytes.clone(),
        // An empty body may arrive as JSON null: no logo.
        InvokeBody::Json(serde_json::Value::Null) => Vec::new(),
        InvokeBody::Json(_) => return Err(DeskError::invalid("logo", "标志应以文件内容发送").rule("logo.raw_body")),
    };
    as_current(&app, move |d, me| d.set_letterhead_logo(me, &bytes)).await
}

/// Every category's reply phrases (常用语), the general set first.
#[tauri::command]
pub async fn list_reply_templates(app: AppHandle) -> DeskResult<Vec<ReplyTemplates>> {
    signed_in(&app, |d| d.reply_templates()).await
}

/// Replaces one category's reply phrases (admin); returns every category's.
#[tauri::command]
pub async fn set_reply_templates(app: AppHandle, templates: ReplyTemplates) -> DeskResult<Vec<ReplyTemplates>> {
    as_current(&app, move |d, me| d.set_reply_templates(me, &templates)).await
}
