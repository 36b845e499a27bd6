//! The customer page (客户): one customer's cases, calls and scores, and revealing their full
//! phones and ID numbers.
use crate::clock;
use complaintdesk_core::desk::dto::{CustomerContacts, CustomerView};
use complaintdesk_core::domain::customer::CustomerKey;
use complaintdesk_core::domain::DeskResult;
use tauri::AppHandle;

use super::as_current;

#[tauri::command]
pub async fn get_customer(app: AppHandle, key: CustomerKey) -> DeskResult<CustomerView> {
    as_current(&app, move |d, me| d.customer(me, &key, clock::now())).await
}

/// The full values, for a role allowed to see them; the viewing goes on each case's timeline
/// (no page on screen shows those timelines, so no `cases-changed`: the lists would only reload).
#[tauri::command]
pub async fn reveal_customer_data(app: AppHandle, key: CustomerKey) -> DeskResult<CustomerContacts> {
    as_current(&app, move |d, me| d.reveal_customer(me, &key, clock::now())).await
}
