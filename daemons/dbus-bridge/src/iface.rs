//! The D-Bus objects. Each interface is a thin adapter over [`Ctx`].

pub mod lainos;
pub mod manager;
pub mod properties;
pub mod seat;
pub mod session;
pub mod user;

use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use tokio::sync::watch;
use zbus::Connection;
use zbus::fdo::DBusProxy;
use zbus::message::Header;
use zbus::object_server::SignalEmitter;

use crate::error::LoginError;
use crate::helper::HelperClient;
use crate::paths;
use crate::power::PowerConfig;
use crate::state::{SessionInfo, State};

/// Everything the objects share.
#[derive(Debug)]
pub struct Ctx {
    state: Mutex<State>,
    pub helper: HelperClient,
    pub power: PowerConfig,
    /// InhibitDelayMaxUSec: how long delay locks may hold a shutdown or sleep.
    pub inhibit_delay: Duration,
    /// Bumped whenever an inhibitor goes away.
    pub inhibitor_changes: watch::Sender<u64>,
    dbus: OnceLock<DBusProxy<'static>>,
}

/// Shared handle to [`Ctx`].
pub type Shared = Arc<Ctx>;

impl Ctx {
    pub fn new(
        helper: HelperClient,
        power: PowerConfig,
        inhibit_delay: Duration,
        max_inhibitors: usize,
    ) -> Shared {
        Arc::new(Self {
            state: Mutex::new(State::new(max_inhibitors)),
            helper,
            power,
            inhibit_delay,
            inhibitor_changes: watch::channel(0).0,
            dbus: OnceLock::new(),
        })
    }

    /// Locks the state (never held across an await).
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    async fn dbus(&self, conn: &Connection) -> Result<&DBusProxy<'static>, LoginError> {
        if let Some(p) = self.dbus.get() {
            return Ok(p);
        }
        let proxy = DBusProxy::builder(conn)
            .cache_properties(zbus::proxy::CacheProperties::No)
            .build()
            .await?;
        Ok(self.dbus.get_or_init(|| proxy))
    }

    /// The uid and pid of the sender of `hdr`, as the bus daemon saw them.
    pub async fn caller(&self, conn: &Connection, hdr: &Header<'_>) -> Result<Caller, LoginError> {
        let sender = hdr
            .sender()
            .ok_or_else(|| LoginError::Failed("message without sender".into()))?;
        let creds = self
            .dbus(conn)
            .await?
            .get_connection_credentials(sender.clone().into())
            .await?;
        Ok(Caller {
            uid: creds
                .unix_user_id()
                .ok_or_else(|| LoginError::Failed("bus gave no uid".into()))?,
            pid: creds
                .process_id()
                .ok_or_else(|| LoginError::Failed("bus gave no pid".into()))?,
        })
    }

    /// Resolves `auto`, `self` or `""` to the caller's session; any other id as is.
    pub async fn resolve_session(
        &self,
        conn: &Connection,
        hdr: Option<&Header<'_>>,
        id: &str,
    ) -> Result<SessionInfo, LoginError> {
        if !matches!(id, "" | "auto" | "self") {
            return self
                .state()
                .session(id)
                .cloned()
                .ok_or_else(|| LoginError::NoSuchSession(format!("no session '{id}' known")));
        }
        let hdr = hdr.ok_or_else(|| LoginError::NoSuchSession("no caller to resolve".into()))?;
        let caller = self.caller(conn, hdr).await?;
        let state = self.state();
        if let Some(s) = state.session_of_pid(caller.pid, parent_pid) {
            return Ok(s.clone());
        }
        if id != "self" {
            if let Some(s) = state.display_session_of(caller.uid) {
                return Ok(s.clone());
            }
        }
        Err(LoginError::NoSessionForPid(format!(
            "caller pid {} (uid {}) does not belong to any known session",
            caller.pid, caller.uid
        )))
    }
}

/// Who sent a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caller {
    pub uid: u32,
    pub pid: u32,
}

/// Parent pid from `/proc/<pid>/stat` (field 4, after the parenthesised comm).
pub fn parent_pid(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_ascii_whitespace().nth(1)?.parse().ok()
}

/// CLOCK_REALTIME and CLOCK_MONOTONIC in microseconds.
pub fn now_us() -> (u64, u64) {
    let real = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64);
    let mono = rustix::time::clock_gettime(rustix::time::ClockId::Monotonic);
    (
        real,
        mono.tv_sec as u64 * 1_000_000 + mono.tv_nsec as u64 / 1000,
    )
}

/// Emitter for the Manager object.
pub fn manager_emitter(conn: &Connection) -> SignalEmitter<'static> {
    SignalEmitter::new(conn, paths::MANAGER)
        .expect("static path is valid")
        .into_owned()
}

/// Fdo error for property getters.
pub fn to_fdo(e: LoginError) -> zbus::fdo::Error {
    match e {
        LoginError::NoSuchSession(m)
        | LoginError::NoSessionForPid(m)
        | LoginError::NoSuchUser(m) => zbus::fdo::Error::UnknownObject(m),
        other => zbus::fdo::Error::Failed(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_of_this_process() {
        assert_eq!(
            parent_pid(std::process::id()),
            Some(std::os::unix::process::parent_id())
        );
    }
}
