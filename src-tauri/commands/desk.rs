//! Start-up state, first-start setup, sign-in and the session, users.
use crate::clock;
use complaintdesk_core::desk::dto::{AppState, Catalog, ClockReading, Locale, SetupInput, UserInput};
use complaintdesk_core::domain::case::User;
use complaintdesk_core::domain::DeskResult;
use tauri::{AppHandle, Emitter, Manager, State};

use super::{as_current, off_runtime, signed_in, DeskState, Session};

fn users_changed(app: &AppHandle) {
    let _ = app.emit("users-changed", ());
}

/// The session changed (signed in or out, locked, unlocked): the window reloads its state.
fn session_changed(app: &AppHandle) {
    let _ = app.emit("session-changed", ());
}

/// Keeps the session `f` decides, tells the window, and returns the window's state.
async fn new_session(app: &AppHandle, f: impl FnOnce(&DeskState) -> DeskResult<Session> + Send + 'static) -> DeskResult<AppState> {
    off_runtime(app, |app| {
        let state = app.state::<DeskState>();
        state.set_session(f(&state)?)?;
        session_changed(app);
        state.app_state()
    })
    .await
}

#[tauri::command]
pub async fn get_app_state(app: AppHandle) -> DeskResult<AppState> {
    off_runtime(&app, |app| app.state::<DeskState>().app_state()).await
}

/// The window drew its first screen: the work that waited for it (the integrity check, the day's
/// first backup, the deadline watcher) starts.
#[tauri::command]
pub fn window_shown(first: State<'_, crate::first_screen::FirstScreen>) {
    first.shown();
}

/// First start: the desk, its first admin (signed in at once).
#[tauri::command]
pub async fn setup_desk(app: AppHandle, input: SetupInput) -> DeskResult<AppState> {
    off_runtime(&app, move |app| {
        let state = app.state::<DeskState>();
        let admin = state.with(|d| d.setup(&input, clock::now()))?;
        crate::instance::remember(app, &app.state::<crate::DataDir>().0);
        state.set_session(Session { user: Some(admin.id), locked: false })?;
        users_changed(app);
        state.app_state()
    })
    .await
}

/// Signs in; on the shared store by connecting as the person's own PostgreSQL role
/// (`store::sign_in`).
#[tauri::command]
pub async fn sign_in(app: AppHandle, login: String, password: String) -> DeskResult<AppState> {
    off_runtime(&app, move |app| {
        let user = super::store::sign_in(app, &login, &password)?;
        let state = app.state::<DeskState>();
        state.set_session(Session { user: Some(user.id), locked: false })?;
        session_changed(app);
        state.app_state()
    })
    .await
}

/// Signs out; on the shared store the person's connection is closed with the desk.
#[tauri::command]
pub async fn sign_out(app: AppHandle) -> DeskResult<AppState> {
    off_runtime(&app, |app| {
        let state = app.state::<DeskState>();
        state.set_session(Session::default())?;
        super::store::sign_out(app);
        session_changed(app);
        state.app_state()
    })
    .await
}

#[tauri::command]
pub async fn lock(app: AppHandle) -> DeskResult<AppState> {
    new_session(&app, |state| {
        let s = state.session()?;
        Ok(if s.user.is_some() { Session { locked: true, ..s } } else { s })
    })
    .await
}

/// Unlocks with the signed-in user's own password (another user signs out and in instead).
#[tauri::command]
pub async fn unlock(app: AppHandle, password: String) -> DeskResult<AppState> {
    new_session(&app, move |state| {
        let s = state.session()?;
        let user = s.user.ok_or_else(|| complaintdesk_core::domain::DeskError::new(complaintdesk_core::domain::ErrorCode::NoUser, "请先登录"))?;
        state.with(|d| d.check_own_password(user, &password, clock::now()))?;
        Ok(Session { user: Some(user), locked: false })
    })
    .await
}

/// An older desk with no passwords: an admin chooses the first one and is signed in.
#[tauri::command]
pub async fn set_first_password(app: AppHandle, login: String, password: String) -> DeskResult<AppState> {
    new_session(&app, move |state| {
        let user = state.with(|d| d.set_first_password(&login, &password))?;
        Ok(Session { user: Some(user.id), locked: false })
    })
    .await
}

#[tauri::command]
pub async fn set_idle_lock_minutes(app: AppHandle, minutes: u32) -> DeskResult<AppState> {
    as_current(&app, move |d, me| d.set_idle_lock_minutes(me, minutes)).await?;
    session_changed(&app);
    get_app_state(app).await
}

#[tauri::command]
pub async fn get_catalog(app: AppHandle) -> DeskResult<Catalog> {
    signed_in(&app, |d| d.catalog()).await
}

#[tauri::command]
pub async fn list_users(app: AppHandle) -> DeskResult<Vec<User>> {
    signed_in(&app, |d| d.users()).await
}

#[tauri::command]
pub async fn create_user(app: AppHandle, input: UserInput) -> DeskResult<User> {
    let user = as_current(&app, move |d, me| d.create_user(me, &input, clock::now())).await?;
    users_changed(&app);
    Ok(user)
}

#[tauri::command]
pub async fn update_user(app: AppHandle, id: i64, input: UserInput) -> DeskResult<User> {
    let user = as_current(&app, move |d, me| d.update_user(me, id, &input)).await?;
    users_changed(&app);
    Ok(user)
}

#[tauri::command]
pub async fn reset_password(app: AppHandle, id: i64, password: String) -> DeskResult<()> {
    as_current(&app, move |d, me| d.reset_password(me, id, &password)).await?;
    // A reset clears the user's wrong-password count, which the admin's warning shows.
    users_changed(&app);
    Ok(())
}

/// The window's language, kept by the shell for what it shows outside the window (the deadline
/// watcher's desktop notifications). Chinese until the window says otherwise.
#[derive(Default)]
pub struct WindowLocale(std::sync::Mutex<Locale>);

impl WindowLocale {
    pub fn get(&self) -> Locale {
        self.0.lock().map(|l| *l).unwrap_or_default()
    }
}

/// The window tells the shell its language, at start and whenever the user switches.
#[tauri::command]
pub async fn set_locale(window: State<'_, WindowLocale>, locale: Locale) -> DeskResult<()> {
    if let Ok(mut l) = window.0.lock() {
        *l = locale;
    }
    Ok(())
}

/// The shell's time: the window counts the time left on clocks from it.
#[tauri::command]
pub async fn get_clock() -> DeskResult<ClockReading> {
    Ok(clock::reading())
}

/// The call's screen pop the app was started with (`complaintdesk://intake?phone=…`), once; the
/// window opens the intake form with it. Later calls arrive as the `screen-pop` event.
#[tauri::command]
pub async fn take_screen_pop(
    app: AppHandle,
    pending: State<'_, crate::instance::PendingScreenPop>,
) -> DeskResult<Option<complaintdesk_core::domain::screen_pop::ScreenPop>> {
    signed_in(&app, |_| Ok(())).await?;
    Ok(pending.0.lock().ok().and_then(|mut p| p.take()))
}
