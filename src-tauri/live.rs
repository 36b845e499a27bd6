//! Live refresh on the shared store: while a shared desk is open, one thread listens on a
//! connection of its own (`store().listen()`) for the cases any laptop changed and tells the
//! window (`cases-changed`), whose lists, case pages and 我的工作 reload. A lost connection is
//! retried (1 s, 2 s, then every 5 s), the window told how the link is (`store-link`), and once
//! it is back every view reloads, since what changed meanwhile was not heard.
//!
//! Each start is a new generation; the thread of an older one (the desk was dropped at sign-out)
//! ends within a second.
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};

use crate::commands::DeskState;

/// The event telling the window how its link to the shared store is: `{"link": …}`.
pub const STORE_LINK: &str = "store-link";

/// How long one wait for changes lasts: also how soon a thread notices it is no longer current.
const WAIT: Duration = Duration::from_secs(1);

/// The waits between tries to listen again after the connection was lost.
const BACKOFF: [Duration; 3] = [Duration::from_secs(1), Duration::from_secs(2), Duration::from_secs(5)];

/// After this long without a connection the link is said to be offline, not reconnecting.
const OFFLINE_AFTER: Duration = Duration::from_secs(30);

/// How long a try to reach the server's port may take before the desk is asked to listen.
const REACH: Duration = Duration::from_secs(3);

/// Above this many cases changed at once the window reloads everything once, not case by case.
const MANY: usize = 10;

/// How the window's link to the shared store is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Link {
    Connected,
    Reconnecting,
    Offline,
}

/// The listening thread's generation and the link it last saw; managed state.
pub struct Live {
    generation: AtomicU64,
    link: Mutex<Link>,
}

impl Default for Live {
    fn default() -> Live {
        Live { generation: AtomicU64::new(0), link: Mutex::new(Link::Offline) }
    }
}

impl Live {
    /// The link as the listening thread last saw it (offline when none runs).
    pub fn link(&self) -> Link {
        self.link.lock().map(|l| *l).unwrap_or(Link::Offline)
    }

    /// Notes the link without telling the window (a start or a stop, which the window asked for).
    fn put(&self, link: Link) {
        if let Ok(mut now) = self.link.lock() {
            *now = link;
        }
    }

    fn current(&self, generation: u64) -> bool {
        self.generation.load(Ordering::SeqCst) == generation
    }

    /// Notes the link of thread `generation` and tells the window when it changed.
    fn set(&self, app: &AppHandle, generation: u64, link: Link) {
        let Ok(mut now) = self.link.lock() else { return };
        if !self.current(generation) || *now == link {
            return;
        }
        *now = link;
        tracing::info!(?link, "link to the shared store");
        let _ = app.emit(STORE_LINK, serde_json::json!({ "link": link }));
    }
}

/// Starts listening for the shared desk now in the desk state (`host`, `port`: its server), and
/// ends any earlier thread. On the laptop's own file the thread ends at once: nobody else writes it.
pub fn start(app: &AppHandle, host: String, port: u16) {
    let live = app.state::<Live>();
    let generation = live.generation.fetch_add(1, Ordering::SeqCst) + 1;
    live.put(Link::Connected);
    let app = app.clone();
    let spawned = std::thread::Builder::new().name("live-refresh".into()).spawn(move || run(&app, generation, &host, port));
    if let Err(e) = spawned {
        tracing::error!(%e, "live refresh could not start");
    }
}

/// Ends the listening thread (the desk is being dropped); the link reads offline.
pub fn stop(app: &AppHandle) {
    let live = app.state::<Live>();
    live.generation.fetch_add(1, Ordering::SeqCst);
    live.put(Link::Offline);
}

fn run(app: &AppHandle, generation: u64, host: &str, port: u16) {
    let live = app.state::<Live>();
    // When the connection was lost (None while connected), and how many tries since.
    let mut lost: Option<Instant> = None;
    let mut tries = 0usize;
    while live.current(generation) {
        if let Some(since) = lost {
            std::thread::sleep(BACKOFF[tries.min(BACKOFF.len() - 1)]);
            tries += 1;
            if !live.current(generation) {
                return;
            }
            let link = if since.elapsed() >= OFFLINE_AFTER { Link::Offline } else { Link::Reconnecting };
            live.set(app, generation, link);
            // Only a server that answers on its port is asked for: connecting holds the desk, and
            // a network that is down could hold it for the whole connect timeout.
            if !reachable(host, port) {
                continue;
            }
        }
        let listener = app.state::<DeskState>().with(|d| Ok(d.store().listen()));
        let mut listener = match listener {
            Ok(Some(Ok(listener))) => listener,
            // The laptop's own file: nothing to listen for.
            Ok(None) => return,
            // The desk was dropped (a sign-out): a newer generation, or none, takes over.
            Err(_) if !live.current(generation) => return,
            Ok(Some(Err(e))) | Err(e) => {
                tracing::warn!(code = ?e.code, "listening on the shared store failed");
                lost.get_or_insert_with(Instant::now);
                continue;
            }
        };
        if lost.take().is_some() {
            tries = 0;
            live.set(app, generation, Link::Connected);
            // What changed while the link was down was not heard: every view reloads.
            let _ = app.emit("cases-changed", serde_json::json!({ "id": null }));
        }
        while live.current(generation) {
            match listener.changed(WAIT) {
                Ok(ids) => tell(app, &ids),
                Err(e) => {
                    tracing::warn!(code = ?e.code, "the shared store's change feed was cut");
                    lost = Some(Instant::now());
                    live.set(app, generation, Link::Reconnecting);
                    break;
                }
            }
        }
    }
}

/// Tells the window which cases another laptop changed: case by case, or once for a large batch.
fn tell(app: &AppHandle, ids: &[i64]) {
    if ids.is_empty() {
        return;
    }
    // A deadline another laptop's watcher recorded may concern the person signed in here.
    crate::watcher::tell_concerned(app);
    if ids.len() > MANY {
        let _ = app.emit("cases-changed", serde_json::json!({ "id": null }));
        return;
    }
    for id in ids {
        let _ = app.emit("cases-changed", serde_json::json!({ "id": id }));
    }
}

/// Whether something answers on the server's port (a TCP connection, closed at once).
fn reachable(host: &str, port: u16) -> bool {
    let Ok(addrs) = (host, port).to_socket_addrs() else { return false };
    addrs.into_iter().any(|a| TcpStream::connect_timeout(&a, REACH).is_ok())
}
