//! 数据存储: which store the window works on (the laptop's file, 单机, or the team's shared
//! PostgreSQL store, 联网), testing a server, and connecting a person to the shared store as
//! their own PostgreSQL role when they sign in.
//!
//! On the shared store there is no desk until someone signs in: the desk state holds
//! [`store_settings::awaiting_sign_in`], and the window's state reads "set up, nobody signed
//! in" (the sign-in screen). Each sign-in connects as that person; a sign-out drops the desk, so
//! the next person never works on the one before's connection.
use complaintdesk_core::desk::dto::{AppState, Permissions};
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::case::User;
use complaintdesk_core::domain::DeskResult;
use complaintdesk_core::store::pg::{probe_as, Probe, Server};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};

use super::{off_runtime, DeskState, Session};
use crate::live::{self, Link};
use crate::{clock, store_settings, DataDir};

/// What the header and the sign-in screen say about the store.
#[derive(Debug, Clone, Serialize)]
pub struct StoreStatus {
    /// `single` (the laptop's file) or `shared` (the team's server).
    pub mode: &'static str,
    /// Where the cases are: `host:port/database` on a server, the file's path on the laptop.
    pub place: String,
    /// A desk is open (on the shared store: someone signed in and connected).
    pub connected: bool,
    /// The shared store's change feed: `connected`, `reconnecting`, `offline` (no desk open).
    pub link: Link,
    /// On the shared store with someone connected: the branch they work in (`""`: every
    /// branch); `null` otherwise.
    pub branch: Option<String>,
    /// The store may be changed without signing in: the laptop's first start, not yet set up
    /// and never signed in to a shared store (a wrong address must not lock the window out).
    pub changeable: bool,
}

/// The shared server `store.json` names; `None` on the laptop's own file. Needs no sign-in: the
/// first-start screen shows it.
#[tauri::command]
pub async fn get_store_settings(app: AppHandle) -> DeskResult<Option<Server>> {
    off_runtime(&app, |app| store_settings::read(&app.state::<DataDir>().0)).await
}

/// Which store the window works on and how its link is (no sign-in needed).
#[tauri::command]
pub async fn get_store_status(app: AppHandle) -> DeskResult<StoreStatus> {
    off_runtime(&app, |app| {
        let dir = &app.state::<DataDir>().0;
        let server = store_settings::read(dir)?;
        let state = app.state::<DeskState>();
        // The open desk says which store it is on; the file says which one the next sign-in opens.
        let open = state.with(|d| Ok((d.store().file().is_none(), d.store().place()))).ok();
        // A branch that cannot be read (the link is down) is left out rather than failing the header.
        let branch = state.with(|d| d.branch()).ok().flatten();
        let changeable = may_change_store(app).is_ok();
        Ok(match (open, server) {
            (Some((true, place)), server) => StoreStatus {
                mode: "shared",
                place: server.as_ref().map(store_settings::place).unwrap_or(place),
                connected: true,
                link: app.state::<live::Live>().link(),
                branch,
                changeable,
            },
            (Some((false, place)), _) => StoreStatus { mode: "single", place, connected: true, link: Link::Connected, branch: None, changeable },
            (None, Some(server)) => StoreStatus { mode: "shared", place: store_settings::place(&server), connected: false, link: Link::Offline, branch: None, changeable },
            (None, None) => StoreStatus { mode: "single", place: dir.display().to_string(), connected: false, link: Link::Offline, branch: None, changeable },
        })
    })
    .await
}

/// 测试连接: connects to `server` as the person `login` and says what the server is (its
/// PostgreSQL version, whether the link is encrypted, the store's schema version), or what is
/// wrong, by rule (`db.address`, `db.unreachable`, `db.password`, `db.database`,
/// `db.certificate`, `db.version`). Nothing is kept; the same people as may change the store.
#[tauri::command]
pub async fn test_store_connection(app: AppHandle, server: Server, login: String, password: String) -> DeskResult<Probe> {
    off_runtime(&app, move |app| {
        may_change_store(app)?;
        let probe = probe_as(&server, &login, &password);
        if let Err(e) = &probe {
            tracing::info!(rule = ?e.rule, "store connection test failed");
        }
        probe
    })
    .await
}

/// Chooses the store (`None`: the laptop's file): an admin signed in, or anyone at the first
/// start before setup. `store.json` is written whole; then, if the choice changed, the desk
/// restarts on it: everyone is signed out, and the next sign-in opens the chosen store. Returns
/// whether it restarted.
#[tauri::command]
pub async fn set_store_settings(app: AppHandle, server: Option<Server>) -> DeskResult<bool> {
    let restarted = off_runtime(&app, move |app| {
        may_change_store(app)?;
        let dir = app.state::<DataDir>().0.clone();
        let before = store_settings::read(&dir).ok().flatten();
        store_settings::write(&dir, server.as_ref())?;
        let server = store_settings::read(&dir)?;
        tracing::info!(shared = server.is_some(), "store settings saved");
        if before == server && !open_elsewhere(app, server.as_ref()) {
            return Ok(false);
        }
        restart(app, server.as_ref());
        Ok(true)
    })
    .await?;
    if restarted {
        let _ = app.emit("session-changed", ());
    }
    Ok(restarted)
}

/// Whether the open desk is on another store than `server` says (the file was edited by hand).
fn open_elsewhere(app: &AppHandle, server: Option<&Server>) -> bool {
    let on_file = app.state::<DeskState>().with(|d| Ok(d.store().file().is_some()));
    match on_file {
        Ok(on_file) => on_file == server.is_some(),
        Err(e) => store_settings::is_awaiting_sign_in(&e) == server.is_none(),
    }
}

/// Who may choose the store: at the first start (nothing set up yet) anyone at the laptop, else
/// a signed-in administrator. On a shared store with nobody signed in, only a laptop that never
/// had a desk (set up on its file, or signed in to a shared store) may: its first start chose a
/// server and no sign-in has yet shown the address to be right.
fn may_change_store(app: &AppHandle) -> DeskResult<()> {
    let state = app.state::<DeskState>();
    match state.with(|d| d.app_state(None, false)) {
        Ok(s) if !s.setup_done => Ok(()),
        Ok(_) => state.as_current(|d, me| d.check_may_change_store(me)),
        Err(e) if store_settings::is_awaiting_sign_in(&e) && !crate::instance::known(app, &app.state::<DataDir>().0) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Closes whatever desk is open and starts again on `server` (`None`: the laptop's file), with
/// nobody signed in.
fn restart(app: &AppHandle, server: Option<&Server>) {
    live::stop(app);
    let state = app.state::<DeskState>();
    let _ = state.set_session(Session::default());
    match server {
        Some(server) => {
            let _ = state.replace(|| Err(store_settings::awaiting_sign_in(&store_settings::place(server))));
        }
        None => {
            let dir = app.state::<DataDir>().0.clone();
            if state.replace(|| crate::open_desk(app, &dir)).is_ok() {
                let _ = state.with(|d| {
                    crate::check_beside(app, d);
                    Ok(())
                });
                crate::watcher::start(app.clone());
            }
        }
    }
}

/// Signs `login` in: on the shared store (`store.json` names one) by connecting as their own
/// PostgreSQL role, whatever desk was open before; on the laptop's file as ever, reopening it
/// if the window was on the shared store until now.
pub(crate) fn sign_in(app: &AppHandle, login: &str, password: &str) -> DeskResult<User> {
    let state = app.state::<DeskState>();
    let dir = app.state::<DataDir>().0.clone();
    let Some(server) = store_settings::read(&dir)? else {
        if open_elsewhere(app, None) {
            restart(app, None);
        }
        return state.with(|d| d.sign_in(login, password, clock::now()));
    };
    let place = store_settings::place(&server);
    // Nobody works on the connection of the one before: it is closed first.
    live::stop(app);
    state.set_session(Session::default())?;
    let _ = state.replace(|| Err(store_settings::awaiting_sign_in(&place)));
    // Connecting may wait for the network; the desk state is not held meanwhile.
    let desk = Desk::open_shared_as(&server, login, password)?;
    state.replace(move || Ok(desk))?;
    match state.with(|d| d.sign_in(login, password, clock::now())) {
        Ok(user) => {
            tracing::info!(user_id = user.id, "connected to the shared store");
            crate::instance::remember(app, &dir);
            live::start(app, server.host.trim().to_string(), server.port);
            crate::watcher::start(app.clone());
            Ok(user)
        }
        Err(e) => {
            let _ = state.replace(|| Err(store_settings::awaiting_sign_in(&place)));
            Err(e)
        }
    }
}

/// At sign-out on the shared store the desk is dropped: the next person connects as themselves.
pub(crate) fn sign_out(app: &AppHandle) {
    let state = app.state::<DeskState>();
    let Ok(place) = state.with(|d| Ok(d.store().file().is_none().then(|| d.store().place()))) else { return };
    let Some(place) = place else { return };
    let place = store_settings::read(&app.state::<DataDir>().0).ok().flatten().map(|s| store_settings::place(&s)).unwrap_or(place);
    live::stop(app);
    let _ = state.replace(|| Err(store_settings::awaiting_sign_in(&place)));
}

/// The window's state on the shared store before anyone signed in: set up (the store was), nobody
/// signed in. The sign-in screen shows.
pub(crate) fn awaiting_app_state() -> AppState {
    AppState {
        setup_done: true,
        profile: None,
        org_name: None,
        current_user: None,
        signed_in: false,
        locked: false,
        idle_lock_minutes: 0,
        needs_first_password: false,
        permissions: Permissions::default(),
        signin_alerts: Vec::new(),
    }
}
