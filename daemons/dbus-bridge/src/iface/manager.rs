//! `org.freedesktop.login1.Manager` at `/org/freedesktop/login1`.

use std::os::fd::OwnedFd;

use zbus::message::Header;
use zbus::object_server::SignalEmitter;
use zbus::zvariant::{self, OwnedObjectPath};
use zbus::{Connection, interface};

use super::{Caller, Shared, manager_emitter};
use crate::error::LoginError;
use crate::helper::Request;
use crate::paths;
use crate::power::answer;
use crate::state::{InhibitError, Inhibitor, What, parse_inhibit};

/// The Manager object.
#[derive(Debug, Clone)]
pub struct Manager {
    pub ctx: Shared,
}

/// A power action requested over the bus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    PowerOff,
    Reboot,
    Halt,
    Suspend,
}

impl Action {
    fn what(self) -> What {
        if self == Action::Suspend {
            What::Sleep
        } else {
            What::Shutdown
        }
    }

    fn request(self) -> Request {
        match self {
            Action::PowerOff => Request::PowerOff,
            Action::Reboot => Request::Reboot,
            Action::Halt => Request::Halt,
            Action::Suspend => Request::Suspend,
        }
    }
}

impl Manager {
    fn supported(&self, action: Action) -> bool {
        match action {
            Action::Suspend => self.ctx.power.can_suspend(),
            _ => self.ctx.power.can_shutdown(),
        }
    }

    async fn can(
        &self,
        conn: &Connection,
        hdr: &Header<'_>,
        action: Action,
    ) -> Result<String, LoginError> {
        let caller = self.ctx.caller(conn, hdr).await?;
        let authorized = self.ctx.state().may_power(caller.uid);
        Ok(answer(self.supported(action), authorized).to_owned())
    }

    /// Authorises, checks block locks, then runs the delay phase and the action in the
    /// background; the method returns once the request is accepted, as logind's does.
    async fn act(
        &self,
        conn: &Connection,
        hdr: &Header<'_>,
        action: Action,
    ) -> Result<(), LoginError> {
        let caller = self.ctx.caller(conn, hdr).await?;
        if !self.supported(action) {
            return Err(LoginError::NotSupported(format!(
                "{action:?} is not available on this machine"
            )));
        }
        {
            let mut state = self.ctx.state();
            if !state.may_power(caller.uid) {
                return Err(LoginError::AccessDenied(format!(
                    "uid {} is neither root nor the user of the active local session",
                    caller.uid
                )));
            }
            if let Some(b) = state.blocker(action.what(), caller.uid) {
                return Err(LoginError::BlockedByInhibitorLock(format!(
                    "{} is blocked by '{}' (uid {}): {}",
                    action.what().as_str(),
                    b.who,
                    b.uid,
                    b.why
                )));
            }
            if state.preparing_shutdown || state.preparing_sleep {
                return Err(LoginError::OperationInProgress(
                    "a shutdown or sleep operation is already in progress".into(),
                ));
            }
            if action == Action::Suspend {
                state.preparing_sleep = true;
            } else {
                state.preparing_shutdown = true;
            }
        }
        tracing::info!(
            ?action,
            uid = caller.uid,
            pid = caller.pid,
            "power action accepted"
        );
        let ctx = self.ctx.clone();
        let conn = conn.clone();
        tokio::spawn(async move { run_action(ctx, conn, action).await });
        Ok(())
    }
}

async fn wait_for_delay_locks(ctx: &Shared, what: What) -> bool {
    let deadline = tokio::time::Instant::now() + ctx.inhibit_delay;
    let mut changes = ctx.inhibitor_changes.subscribe();
    loop {
        if !ctx.state().delayed(what) {
            return true;
        }
        if tokio::time::timeout_at(deadline, changes.changed())
            .await
            .is_err()
        {
            return false;
        }
    }
}

async fn run_action(ctx: Shared, conn: Connection, action: Action) {
    let emitter = manager_emitter(&conn);
    let sleep = action == Action::Suspend;
    let announce = |start: bool| {
        let emitter = emitter.clone();
        async move {
            let r = if sleep {
                Manager::prepare_for_sleep(&emitter, start).await
            } else {
                Manager::prepare_for_shutdown(&emitter, start).await
            };
            if let Err(e) = r {
                tracing::warn!(error = %e, "emitting Prepare signal failed");
            }
        }
    };
    announce(true).await;
    if !wait_for_delay_locks(&ctx, action.what()).await {
        tracing::warn!(?action, delay = ?ctx.inhibit_delay, "delay locks still held after InhibitDelayMaxUSec; proceeding");
    }
    let result = ctx.helper.call(action.request()).await;
    match &result {
        Ok(()) => tracing::info!(?action, "power action done"),
        Err(e) => tracing::error!(?action, error = %e, "power action failed"),
    }
    if sleep || result.is_err() {
        // After resume (or a failed attempt) applications are told the machine is back.
        announce(false).await;
    }
    {
        let mut state = ctx.state();
        state.preparing_sleep = false;
        state.preparing_shutdown = false;
    }
    preparing_changed(&conn).await;
}

async fn preparing_changed(conn: &Connection) {
    if let Ok(iface) = conn
        .object_server()
        .interface::<_, Manager>(paths::MANAGER)
        .await
    {
        let emitter = iface.signal_emitter();
        let m = iface.get().await;
        let _ = m.preparing_for_sleep_changed(emitter).await;
        let _ = m.preparing_for_shutdown_changed(emitter).await;
    }
}

/// Waits for the read end of an inhibitor pipe to report that every copy of the write
/// end is closed, then forgets the inhibitor.
async fn watch_inhibitor(ctx: Shared, conn: Connection, id: u64, read_end: OwnedFd) {
    match tokio::net::unix::pipe::Receiver::from_owned_fd(read_end) {
        Ok(pipe) => loop {
            if pipe.readable().await.is_err() {
                break;
            }
            let mut buf = [0u8; 64];
            match pipe.try_read(&mut buf) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(_) => break,
            }
        },
        Err(e) => tracing::warn!(error = %e, "cannot watch inhibitor fd; releasing it now"),
    }
    let released = ctx.state().remove_inhibitor(id);
    if let Some(inh) = released {
        tracing::info!(id, who = %p7_common::sanitize::escape_untrusted(inh.who.as_bytes(), 64), "inhibitor released");
    }
    ctx.inhibitor_changes.send_modify(|n| *n += 1);
    inhibited_changed(&conn).await;
}

async fn inhibited_changed(conn: &Connection) {
    if let Ok(iface) = conn
        .object_server()
        .interface::<_, Manager>(paths::MANAGER)
        .await
    {
        let emitter = iface.signal_emitter();
        let m = iface.get().await;
        let _ = m.block_inhibited_changed(emitter).await;
        let _ = m.delay_inhibited_changed(emitter).await;
    }
}

fn session_tuple(s: &crate::state::SessionInfo) -> (String, u32, String, String, OwnedObjectPath) {
    (
        s.id.clone(),
        s.uid,
        s.user_name.clone(),
        paths::SEAT0.to_owned(),
        paths::session(&s.id),
    )
}

#[interface(name = "org.freedesktop.login1.Manager")]
impl Manager {
    // ---- lookups ----

    async fn get_session(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        session_id: &str,
    ) -> Result<OwnedObjectPath, LoginError> {
        Ok(paths::session(
            &self
                .ctx
                .resolve_session(conn, Some(&hdr), session_id)
                .await?
                .id,
        ))
    }

    #[zbus(name = "GetSessionByPID")]
    async fn get_session_by_pid(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        pid: u32,
    ) -> Result<OwnedObjectPath, LoginError> {
        let pid = if pid == 0 {
            self.ctx.caller(conn, &hdr).await?.pid
        } else {
            pid
        };
        let state = self.ctx.state();
        state
            .session_of_pid(pid, super::parent_pid)
            .map(|s| paths::session(&s.id))
            .ok_or_else(|| {
                LoginError::NoSessionForPid(format!(
                    "PID {pid} does not belong to any known session"
                ))
            })
    }

    async fn get_user(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        uid: u32,
    ) -> Result<OwnedObjectPath, LoginError> {
        let _ = (conn, hdr);
        if self.ctx.state().users().iter().any(|(u, _)| *u == uid) {
            Ok(paths::user(uid))
        } else {
            Err(LoginError::NoSuchUser(format!(
                "user ID {uid} is not logged in or lingering"
            )))
        }
    }

    #[zbus(name = "GetUserByPID")]
    async fn get_user_by_pid(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        pid: u32,
    ) -> Result<OwnedObjectPath, LoginError> {
        let pid = if pid == 0 {
            self.ctx.caller(conn, &hdr).await?.pid
        } else {
            pid
        };
        let state = self.ctx.state();
        state
            .session_of_pid(pid, super::parent_pid)
            .map(|s| paths::user(s.uid))
            .ok_or_else(|| {
                LoginError::NoUserForPid(format!("PID {pid} does not belong to any logged in user"))
            })
    }

    async fn get_seat(&self, seat_id: &str) -> Result<OwnedObjectPath, LoginError> {
        match seat_id {
            "" | "auto" | "self" | paths::SEAT0 => Ok(paths::seat(paths::SEAT0)),
            other => Err(LoginError::NoSuchSeat(format!("no seat '{other}' known"))),
        }
    }

    async fn list_sessions(&self) -> Vec<(String, u32, String, String, OwnedObjectPath)> {
        self.ctx.state().sessions().map(session_tuple).collect()
    }

    #[allow(clippy::type_complexity)]
    async fn list_sessions_ex(
        &self,
    ) -> Vec<(
        String,
        u32,
        String,
        String,
        u32,
        String,
        String,
        bool,
        u64,
        OwnedObjectPath,
    )> {
        self.ctx
            .state()
            .sessions()
            .map(|s| {
                (
                    s.id.clone(),
                    s.uid,
                    s.user_name.clone(),
                    paths::SEAT0.to_owned(),
                    s.leader,
                    s.class.clone(),
                    s.tty.clone(),
                    s.idle_hint,
                    s.idle_since_us,
                    paths::session(&s.id),
                )
            })
            .collect()
    }

    async fn list_users(&self) -> Vec<(u32, String, OwnedObjectPath)> {
        self.ctx
            .state()
            .users()
            .into_iter()
            .map(|(uid, name)| (uid, name, paths::user(uid)))
            .collect()
    }

    async fn list_seats(&self) -> Vec<(String, OwnedObjectPath)> {
        vec![(paths::SEAT0.to_owned(), paths::seat(paths::SEAT0))]
    }

    async fn list_inhibitors(&self) -> Vec<(String, String, String, String, u32, u32)> {
        self.ctx
            .state()
            .inhibitors()
            .map(|i| {
                let what = i
                    .what
                    .iter()
                    .map(|w| w.as_str())
                    .collect::<Vec<_>>()
                    .join(":");
                (
                    what,
                    i.who.clone(),
                    i.why.clone(),
                    i.mode.as_str().to_owned(),
                    i.uid,
                    i.pid,
                )
            })
            .collect()
    }

    // ---- inhibitors ----

    async fn inhibit(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        what: &str,
        who: &str,
        why: &str,
        mode: &str,
    ) -> Result<zvariant::OwnedFd, LoginError> {
        let (whats, mode) =
            parse_inhibit(what, mode).map_err(|e| LoginError::InvalidArgs(e.to_string()))?;
        let Caller { uid, pid } = self.ctx.caller(conn, &hdr).await?;
        if mode != crate::state::Mode::Delay
            && uid != 0
            && !self.ctx.state().sessions().any(|s| s.uid == uid)
        {
            return Err(LoginError::AccessDenied(format!(
                "uid {uid} has no session and may only take delay locks"
            )));
        }
        let (read_end, write_end) = rustix::pipe::pipe_with(
            rustix::pipe::PipeFlags::CLOEXEC | rustix::pipe::PipeFlags::NONBLOCK,
        )
        .map_err(|e| LoginError::Failed(format!("pipe: {e}")))?;
        let id = self
            .ctx
            .state()
            .add_inhibitor(Inhibitor {
                id: 0,
                what: whats,
                who: who.to_owned(),
                why: why.to_owned(),
                mode,
                uid,
                pid,
            })
            .map_err(|e| match e {
                InhibitError::Limit(_) => LoginError::LimitsExceeded(e.to_string()),
                other => LoginError::InvalidArgs(other.to_string()),
            })?;
        tracing::info!(
            id, uid, pid, what, mode = mode.as_str(),
            who = %p7_common::sanitize::escape_untrusted(who.as_bytes(), 64),
            "inhibitor taken"
        );
        tokio::spawn(watch_inhibitor(
            self.ctx.clone(),
            conn.clone(),
            id,
            read_end,
        ));
        inhibited_changed(conn).await;
        Ok(zvariant::OwnedFd::from(write_end))
    }

    // ---- power ----

    async fn power_off(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        _interactive: bool,
    ) -> Result<(), LoginError> {
        self.act(conn, &hdr, Action::PowerOff).await
    }

    async fn power_off_with_flags(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        _flags: u64,
    ) -> Result<(), LoginError> {
        self.act(conn, &hdr, Action::PowerOff).await
    }

    async fn reboot(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        _interactive: bool,
    ) -> Result<(), LoginError> {
        self.act(conn, &hdr, Action::Reboot).await
    }

    async fn reboot_with_flags(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        _flags: u64,
    ) -> Result<(), LoginError> {
        self.act(conn, &hdr, Action::Reboot).await
    }

    async fn halt(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        _interactive: bool,
    ) -> Result<(), LoginError> {
        self.act(conn, &hdr, Action::Halt).await
    }

    async fn halt_with_flags(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        _flags: u64,
    ) -> Result<(), LoginError> {
        self.act(conn, &hdr, Action::Halt).await
    }

    async fn suspend(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        _interactive: bool,
    ) -> Result<(), LoginError> {
        self.act(conn, &hdr, Action::Suspend).await
    }

    async fn suspend_with_flags(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        _flags: u64,
    ) -> Result<(), LoginError> {
        self.act(conn, &hdr, Action::Suspend).await
    }

    async fn hibernate(&self, _interactive: bool) -> Result<(), LoginError> {
        Err(LoginError::NotSupported(
            "hibernation is not implemented on LainOS".into(),
        ))
    }

    async fn hybrid_sleep(&self, _interactive: bool) -> Result<(), LoginError> {
        Err(LoginError::NotSupported(
            "hybrid sleep is not implemented on LainOS".into(),
        ))
    }

    async fn suspend_then_hibernate(&self, _interactive: bool) -> Result<(), LoginError> {
        Err(LoginError::NotSupported(
            "suspend-then-hibernate is not implemented on LainOS".into(),
        ))
    }

    async fn can_power_off(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
    ) -> Result<String, LoginError> {
        self.can(conn, &hdr, Action::PowerOff).await
    }

    async fn can_reboot(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
    ) -> Result<String, LoginError> {
        self.can(conn, &hdr, Action::Reboot).await
    }

    async fn can_halt(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
    ) -> Result<String, LoginError> {
        self.can(conn, &hdr, Action::Halt).await
    }

    async fn can_suspend(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
    ) -> Result<String, LoginError> {
        self.can(conn, &hdr, Action::Suspend).await
    }

    async fn can_hibernate(&self) -> String {
        "na".into()
    }

    async fn can_hybrid_sleep(&self) -> String {
        "na".into()
    }

    async fn can_suspend_then_hibernate(&self) -> String {
        "na".into()
    }

    // ---- session control by id ----

    async fn activate_session(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        session_id: &str,
    ) -> Result<(), LoginError> {
        let s = self
            .ctx
            .resolve_session(conn, Some(&hdr), session_id)
            .await?;
        super::session::activate(&self.ctx, conn, &hdr, &s.id).await
    }

    async fn lock_session(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        session_id: &str,
    ) -> Result<(), LoginError> {
        let s = self
            .ctx
            .resolve_session(conn, Some(&hdr), session_id)
            .await?;
        super::session::lock(&self.ctx, conn, &hdr, &s.id, true).await
    }

    async fn unlock_session(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        session_id: &str,
    ) -> Result<(), LoginError> {
        let s = self
            .ctx
            .resolve_session(conn, Some(&hdr), session_id)
            .await?;
        super::session::lock(&self.ctx, conn, &hdr, &s.id, false).await
    }

    // ---- signals ----

    #[zbus(signal)]
    pub async fn session_new(
        emitter: &SignalEmitter<'_>,
        session_id: &str,
        object_path: zvariant::ObjectPath<'_>,
    ) -> zbus::Result<()>;
    #[zbus(signal)]
    pub async fn session_removed(
        emitter: &SignalEmitter<'_>,
        session_id: &str,
        object_path: zvariant::ObjectPath<'_>,
    ) -> zbus::Result<()>;
    #[zbus(signal)]
    pub async fn user_new(
        emitter: &SignalEmitter<'_>,
        uid: u32,
        object_path: zvariant::ObjectPath<'_>,
    ) -> zbus::Result<()>;
    #[zbus(signal)]
    pub async fn user_removed(
        emitter: &SignalEmitter<'_>,
        uid: u32,
        object_path: zvariant::ObjectPath<'_>,
    ) -> zbus::Result<()>;
    #[zbus(signal)]
    pub async fn seat_new(
        emitter: &SignalEmitter<'_>,
        seat_id: &str,
        object_path: zvariant::ObjectPath<'_>,
    ) -> zbus::Result<()>;
    #[zbus(signal)]
    pub async fn seat_removed(
        emitter: &SignalEmitter<'_>,
        seat_id: &str,
        object_path: zvariant::ObjectPath<'_>,
    ) -> zbus::Result<()>;
    #[zbus(signal)]
    pub async fn prepare_for_shutdown(emitter: &SignalEmitter<'_>, start: bool)
    -> zbus::Result<()>;
    #[zbus(signal)]
    pub async fn prepare_for_sleep(emitter: &SignalEmitter<'_>, start: bool) -> zbus::Result<()>;

    // ---- properties ----

    #[zbus(property, name = "NAutoVTs")]
    fn n_auto_vts(&self) -> u32 {
        6
    }
    #[zbus(property)]
    fn kill_user_processes(&self) -> bool {
        false
    }
    #[zbus(property)]
    fn kill_only_users(&self) -> Vec<String> {
        Vec::new()
    }
    #[zbus(property)]
    fn kill_exclude_users(&self) -> Vec<String> {
        vec!["root".into()]
    }
    #[zbus(property)]
    fn enable_wall_messages(&self) -> bool {
        false
    }
    #[zbus(property)]
    fn wall_message(&self) -> String {
        String::new()
    }
    #[zbus(property)]
    fn idle_hint(&self) -> bool {
        let s = self.ctx.state();
        s.sessions().count() > 0 && s.sessions().all(|x| x.idle_hint)
    }
    #[zbus(property)]
    fn idle_since_hint(&self) -> u64 {
        0
    }
    #[zbus(property)]
    fn idle_since_hint_monotonic(&self) -> u64 {
        0
    }
    #[zbus(property)]
    fn block_inhibited(&self) -> String {
        self.ctx.state().inhibited(false)
    }
    #[zbus(property)]
    fn delay_inhibited(&self) -> String {
        self.ctx.state().inhibited(true)
    }
    #[zbus(property, name = "InhibitDelayMaxUSec")]
    fn inhibit_delay_max_usec(&self) -> u64 {
        self.ctx.inhibit_delay.as_micros() as u64
    }
    #[zbus(property, name = "UserStopDelayUSec")]
    fn user_stop_delay_usec(&self) -> u64 {
        0
    }
    #[zbus(property)]
    fn handle_power_key(&self) -> String {
        "ignore".into()
    }
    #[zbus(property)]
    fn handle_suspend_key(&self) -> String {
        "ignore".into()
    }
    #[zbus(property)]
    fn handle_hibernate_key(&self) -> String {
        "ignore".into()
    }
    #[zbus(property)]
    fn handle_lid_switch(&self) -> String {
        "ignore".into()
    }
    #[zbus(property)]
    fn handle_lid_switch_external_power(&self) -> String {
        "ignore".into()
    }
    #[zbus(property)]
    fn handle_lid_switch_docked(&self) -> String {
        "ignore".into()
    }
    #[zbus(property)]
    fn idle_action(&self) -> String {
        "ignore".into()
    }
    #[zbus(property, name = "IdleActionUSec")]
    fn idle_action_usec(&self) -> u64 {
        0
    }
    #[zbus(property)]
    fn preparing_for_shutdown(&self) -> bool {
        self.ctx.state().preparing_shutdown
    }
    #[zbus(property)]
    fn preparing_for_sleep(&self) -> bool {
        self.ctx.state().preparing_sleep
    }
    #[zbus(property)]
    fn scheduled_shutdown(&self) -> (String, u64) {
        (String::new(), 0)
    }
    #[zbus(property)]
    fn docked(&self) -> bool {
        false
    }
    #[zbus(property, name = "RemoveIPC")]
    fn remove_ipc(&self) -> bool {
        false
    }
    #[zbus(property)]
    fn inhibitors_max(&self) -> u64 {
        self.ctx.state().max_inhibitors as u64
    }
    #[zbus(property)]
    fn n_current_inhibitors(&self) -> u64 {
        self.ctx.state().inhibitors().count() as u64
    }
    #[zbus(property)]
    fn sessions_max(&self) -> u64 {
        8192
    }
    #[zbus(property)]
    fn n_current_sessions(&self) -> u64 {
        self.ctx.state().sessions().count() as u64
    }
}
