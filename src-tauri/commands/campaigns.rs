//! 集中回访 for the window: start a campaign on a set of cases, list and read campaigns, work
//! their calls from the 回访 queue, close them with a result. The rules are the desk's
//! (`desk::campaigns`).
use complaintdesk_core::desk::campaigns::{Campaign, CampaignCall, CampaignCallForm, CampaignDetail, CampaignInput};
use complaintdesk_core::domain::campaign::CallInput;
use complaintdesk_core::domain::DeskResult;
use tauri::AppHandle;

use super::as_current;
use crate::clock;

#[tauri::command]
pub async fn open_campaign(app: AppHandle, input: CampaignInput) -> DeskResult<CampaignDetail> {
    as_current(&app, move |d, me| d.open_campaign(me, &input, clock::now())).await
}

#[tauri::command]
pub async fn list_campaigns(app: AppHandle) -> DeskResult<Vec<Campaign>> {
    as_current(&app, move |d, me| d.campaigns(me, clock::now())).await
}

#[tauri::command]
pub async fn get_campaign(app: AppHandle, id: i64) -> DeskResult<CampaignDetail> {
    as_current(&app, move |d, me| d.campaign(me, id, clock::now())).await
}

#[tauri::command]
pub async fn campaign_queue(app: AppHandle) -> DeskResult<Vec<CampaignCall>> {
    as_current(&app, move |d, me| d.campaign_queue(me)).await
}

#[tauri::command]
pub async fn get_campaign_call(app: AppHandle, id: i64) -> DeskResult<CampaignCallForm> {
    as_current(&app, move |d, me| d.campaign_call(me, id)).await
}

#[tauri::command]
pub async fn record_campaign_call(app: AppHandle, id: i64, input: CallInput) -> DeskResult<CampaignCallForm> {
    as_current(&app, move |d, me| d.record_campaign_call(me, id, &input, clock::now())).await
}

#[tauri::command]
pub async fn close_campaign(app: AppHandle, id: i64, result: String, version: i64) -> DeskResult<CampaignDetail> {
    as_current(&app, move |d, me| d.close_campaign(me, id, &result, version, clock::now())).await
}
