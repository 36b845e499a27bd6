//! What the desk's own cases teach, for the window: category suggestions at intake, the admin's
//! view of how well they do, similar closed cases on the case page, and 合并处理 at intake.
use complaintdesk_core::desk::dto::CaseDetail;
use complaintdesk_core::desk::knowledge::{CategorySuggestion, ClassifierStatus, SimilarCase, SIMILAR_SHOWN};
use complaintdesk_core::domain::case::CaseInput;
use complaintdesk_core::domain::DeskResult;
use tauri::AppHandle;

use super::as_current;
use super::cases::changed;
use crate::clock;

#[tauri::command]
pub async fn suggest_categories(app: AppHandle, subject: String, description: String) -> DeskResult<Vec<CategorySuggestion>> {
    as_current(&app, move |d, me| d.suggest_categories(me, &subject, &description)).await
}

#[tauri::command]
pub async fn get_classifier_status(app: AppHandle) -> DeskResult<Option<ClassifierStatus>> {
    as_current(&app, |d, me| d.classifier_status(me)).await
}

#[tauri::command]
pub async fn similar_cases(app: AppHandle, id: i64) -> DeskResult<Vec<SimilarCase>> {
    as_current(&app, move |d, me| d.similar_cases(me, id, SIMILAR_SHOWN)).await
}

/// 合并处理: the new contact goes onto the customer's open case `id`.
#[tauri::command]
pub async fn merge_into_open_case(app: AppHandle, id: i64, input: CaseInput) -> DeskResult<CaseDetail> {
    changed(&app, as_current(&app, move |d, me| d.merge_into_open_case(me, id, &input, clock::now())).await)
}
