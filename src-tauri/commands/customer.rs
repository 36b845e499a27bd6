//! The customer page (客户): one customer's cases, calls and scores, and revealing their full
//! phones and ID numbers.
use crate::clock;
use complaintdesk_core::desk::dto::{CustomerContacts, CustomerView};
use complaintdesk_core::domain::customer::CustomerKey;
use complaintdesk_core::domain::DeskResult;
use tauri::State;

use super::DeskState;

#[tauri::command]
pub async fn get_customer(state: State<'_, DeskState>, key: CustomerKey) -> DeskResult<CustomerView> {
    state.as_current(|d, me| d.customer(me, &key, clock::now()))
}

/// The full values, for a role allowed to see them; the viewing goes on each case's timeline
/// (no page on screen shows those timelines, so no `cases-changed`: the lists would only reload).
#[tauri::command]
pub async fn reveal_customer_data(state: State<'_, DeskState>, key: CustomerKey) -> DeskResult<CustomerContacts> {
    state.as_current(|d, me| d.reveal_customer(me, &key, clock::now()))
}
