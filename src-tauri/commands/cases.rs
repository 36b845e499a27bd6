//! Cases: intake, list, detail, steps, notes, escalation, corrections, work queues.
use crate::clock;
use complaintdesk_core::desk::dto::{BatchMoveInput, BatchOutcome, CaseDetail, CorrectionInput, EscalateInput, MoveInput, NoteInput, WorkQueue};
use complaintdesk_core::domain::case::{CaseInput, CasePage, CaseQuery, CaseRow};
use complaintdesk_core::domain::{DeskError, DeskResult};
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Emitter};
use tauri_plugin_dialog::DialogExt;

use super::{as_current, off_runtime};

#[derive(Clone, serde::Serialize)]
struct CaseChanged {
    id: i64,
}

/// Rust owns the data: after a write the window is told which case changed.
pub(super) fn changed(app: &AppHandle, detail: DeskResult<CaseDetail>) -> DeskResult<CaseDetail> {
    if let Ok(d) = &detail {
        let _ = app.emit("cases-changed", CaseChanged { id: d.case.id });
    }
    detail
}

#[tauri::command]
pub async fn create_case(app: AppHandle, input: CaseInput) -> DeskResult<CaseDetail> {
    changed(&app, as_current(&app, move |d, me| d.create_case(me, &input, clock::now())).await)
}

#[tauri::command]
pub async fn find_open_cases(app: AppHandle, phone: String) -> DeskResult<Vec<CaseRow>> {
    as_current(&app, move |d, me| d.open_cases_by_phone(me, &phone)).await
}

#[tauri::command]
pub async fn list_cases(app: AppHandle, query: CaseQuery) -> DeskResult<CasePage> {
    as_current(&app, move |d, me| d.list_cases(me, &query)).await
}

#[tauri::command]
pub async fn get_case(app: AppHandle, id: i64) -> DeskResult<CaseDetail> {
    as_current(&app, move |d, me| d.case_detail_at(me, id, clock::now())).await
}

#[tauri::command]
pub async fn move_case(app: AppHandle, id: i64, input: MoveInput) -> DeskResult<CaseDetail> {
    changed(&app, as_current(&app, move |d, me| d.move_case(me, id, &input, clock::now())).await)
}

/// 批量操作: one step for the selected cases, an outcome per case. The window reloads its lists
/// once (`id: null`, as after the watcher's rounds) when any case moved.
#[tauri::command]
pub async fn move_cases(app: AppHandle, input: BatchMoveInput) -> DeskResult<Vec<BatchOutcome>> {
    let outcomes = as_current(&app, move |d, me| d.move_cases(me, &input, clock::now())).await?;
    if outcomes.iter().any(|o| o.ok) {
        let _ = app.emit("cases-changed", serde_json::json!({ "id": null }));
    }
    Ok(outcomes)
}

#[tauri::command]
pub async fn add_note(app: AppHandle, id: i64, input: NoteInput) -> DeskResult<CaseDetail> {
    changed(&app, as_current(&app, move |d, me| d.add_note(me, id, &input, clock::now())).await)
}

#[tauri::command]
pub async fn escalate_case(app: AppHandle, id: i64, input: EscalateInput) -> DeskResult<CaseDetail> {
    changed(&app, as_current(&app, move |d, me| d.escalate(me, id, &input, clock::now())).await)
}

/// 更正信息: corrects fields recorded wrongly, with a reason (who may correct what is the desk's rule).
#[tauri::command]
pub async fn correct_case(app: AppHandle, id: i64, input: CorrectionInput) -> DeskResult<CaseDetail> {
    changed(&app, as_current(&app, move |d, me| d.correct_case(me, id, &input, clock::now())).await)
}

#[tauri::command]
pub async fn get_my_work(app: AppHandle) -> DeskResult<Vec<WorkQueue>> {
    as_current(&app, |d, me| d.my_work(me, clock::now())).await
}

/// The value of an IPC header, percent-decoded (header values are ASCII; file names are not).
fn header(request: &Request<'_>, name: &str) -> Option<String> {
    let raw = request.headers().get(name)?.to_str().ok()?;
    percent_encoding::percent_decode_str(raw).decode_utf8().ok().map(|s| s.into_owned())
}

/// Adds a file to a case: the body is the file's bytes, the headers `case-id` and
/// `file-name` (percent-encoded) say where it goes and what it is called.
#[tauri::command]
pub async fn add_attachment(app: AppHandle, request: Request<'_>) -> DeskResult<CaseDetail> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(DeskError::invalid("file", "附件应以文件内容发送").rule("attachment.raw_body"));
    };
    let id: i64 = header(&request, "case-id")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| DeskError::invalid("case_id", "缺少案件编号").rule("attachment.case_id"))?;
    let name = header(&request, "file-name").unwrap_or_default();
    // The request lends its body only while the command runs: the blocking thread gets a copy.
    let bytes = bytes.clone();
    changed(&app, as_current(&app, move |d, me| d.add_attachment(me, id, &name, &bytes, clock::now())).await)
}

/// Saves an attachment where the user picks in the native save dialog; `None` when cancelled.
#[tauri::command]
pub async fn save_attachment(app: AppHandle, id: i64) -> DeskResult<Option<String>> {
    let (attachment, bytes) = as_current(&app, move |d, me| d.read_attachment(me, id)).await?;
    // The dialog waits for the user: on a blocking thread, without the desk.
    off_runtime(&app, move |app| {
        let Some(target) = app.dialog().file().set_file_name(&attachment.name).blocking_save_file() else {
            return Ok(None);
        };
        let path = target
            .into_path()
            .map_err(|e| DeskError::invalid("path", format!("无法保存到所选位置：{e}")))?;
        std::fs::write(&path, bytes).map_err(|e| DeskError::storage(format!("保存附件失败：{e}")))?;
        Ok(Some(path.display().to_string()))
    })
    .await
}
