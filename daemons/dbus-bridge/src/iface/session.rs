//! `org.freedesktop.login1.Session` at `…/session/<id>`, `…/session/auto` and
//! `…/session/self`, plus session activation, locking and removal.

use zbus::message::Header;
use zbus::object_server::SignalEmitter;
use zbus::zvariant::OwnedObjectPath;
use zbus::{Connection, fdo, interface};

use super::{Shared, manager_emitter, to_fdo};
use crate::error::LoginError;
use crate::helper::Request;
use crate::paths;
use crate::state::SessionInfo;

/// A Session object: a fixed session or whatever the caller's session is.
#[derive(Debug, Clone)]
pub struct Session {
    pub ctx: Shared,
    /// `None` for `auto`/`self`.
    pub id: Option<String>,
    /// `auto` or `self` for the caller-relative objects.
    pub alias: &'static str,
}

impl Session {
    async fn info(&self, conn: &Connection, hdr: Option<&Header<'_>>) -> fdo::Result<SessionInfo> {
        let id = self.id.as_deref().unwrap_or(self.alias);
        self.ctx
            .resolve_session(conn, hdr, id)
            .await
            .map_err(to_fdo)
    }

    async fn id_for_call(&self, conn: &Connection, hdr: &Header<'_>) -> Result<String, LoginError> {
        let id = self.id.as_deref().unwrap_or(self.alias);
        Ok(self.ctx.resolve_session(conn, Some(hdr), id).await?.id)
    }
}

/// Only root and the session's owner may change it.
async fn authorize_owner(
    ctx: &Shared,
    conn: &Connection,
    hdr: &Header<'_>,
    id: &str,
) -> Result<(), LoginError> {
    let caller = ctx.caller(conn, hdr).await?;
    let owner = ctx
        .state()
        .session(id)
        .map(|s| s.uid)
        .ok_or_else(|| LoginError::NoSuchSession(id.to_owned()))?;
    if caller.uid == 0 || caller.uid == owner {
        Ok(())
    } else {
        Err(LoginError::AccessDenied(format!(
            "uid {} may not change session {id} of uid {owner}",
            caller.uid
        )))
    }
}

async fn session_changed(conn: &Connection, id: &str) {
    if let Ok(iface) = conn
        .object_server()
        .interface::<_, Session>(paths::session(id))
        .await
    {
        let e = iface.signal_emitter();
        let s = iface.get().await;
        let _ = s.active_changed(e).await;
        let _ = s.state_changed(e).await;
        let _ = s.idle_hint_changed(e).await;
        let _ = s.locked_hint_changed(e).await;
    }
}

/// Emits the seat's and the previously active session's property changes.
pub async fn seat_changed(conn: &Connection) {
    if let Ok(iface) = conn
        .object_server()
        .interface::<_, super::seat::Seat>(paths::seat(paths::SEAT0))
        .await
    {
        let e = iface.signal_emitter();
        let s = iface.get().await;
        let _ = s.active_session_changed(e).await;
        let _ = s.sessions_changed(e).await;
    }
}

/// Makes `id` the active session on seat0.
pub async fn activate(
    ctx: &Shared,
    conn: &Connection,
    hdr: &Header<'_>,
    id: &str,
) -> Result<(), LoginError> {
    authorize_owner(ctx, conn, hdr, id).await?;
    let previous = {
        let mut state = ctx.state();
        let previous = state.active_id().map(str::to_owned);
        state.set_active(id);
        previous
    };
    if let Some(p) = previous.filter(|p| p != id) {
        session_changed(conn, &p).await;
    }
    session_changed(conn, id).await;
    seat_changed(conn).await;
    Ok(())
}

/// Emits Lock or Unlock on the session object; the screen locker does the rest.
pub async fn lock(
    ctx: &Shared,
    conn: &Connection,
    hdr: &Header<'_>,
    id: &str,
    lock: bool,
) -> Result<(), LoginError> {
    authorize_owner(ctx, conn, hdr, id).await?;
    let emitter = SignalEmitter::new(conn, paths::session(id))?;
    if lock {
        Session::lock_signal(&emitter).await?
    } else {
        Session::unlock_signal(&emitter).await?
    }
    Ok(())
}

/// Forgets session `id`: objects, signals, and the runtime directory when it was the
/// user's last session.
pub async fn remove(ctx: &Shared, conn: &Connection, id: &str) {
    let Some((info, last)) = ctx.state().remove_session(id) else {
        return;
    };
    tracing::info!(id, uid = info.uid, user = %info.user_name, "session ended");
    let server = conn.object_server();
    let path = paths::session(id);
    let _ = server.remove::<Session, _>(&path).await;
    let emitter = manager_emitter(conn);
    let _ = super::manager::Manager::session_removed(&emitter, id, path.as_ref()).await;
    if last {
        let upath = paths::user(info.uid);
        let _ = server.remove::<super::user::User, _>(&upath).await;
        let _ = super::manager::Manager::user_removed(&emitter, info.uid, upath.as_ref()).await;
        if let Err(e) = ctx.helper.call(Request::RuntimeRemove(info.uid)).await {
            tracing::error!(uid = info.uid, error = %e, "removing the runtime directory failed");
        }
    }
    let active = ctx.state().active_id().map(str::to_owned);
    if let Some(a) = active {
        session_changed(conn, &a).await;
    }
    seat_changed(conn).await;
}

#[interface(name = "org.freedesktop.login1.Session")]
impl Session {
    async fn activate(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
    ) -> Result<(), LoginError> {
        let id = self.id_for_call(conn, &hdr).await?;
        activate(&self.ctx, conn, &hdr, &id).await
    }

    async fn lock(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
    ) -> Result<(), LoginError> {
        let id = self.id_for_call(conn, &hdr).await?;
        lock(&self.ctx, conn, &hdr, &id, true).await
    }

    async fn unlock(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
    ) -> Result<(), LoginError> {
        let id = self.id_for_call(conn, &hdr).await?;
        lock(&self.ctx, conn, &hdr, &id, false).await
    }

    async fn set_idle_hint(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        idle: bool,
    ) -> Result<(), LoginError> {
        let id = self.id_for_call(conn, &hdr).await?;
        authorize_owner(&self.ctx, conn, &hdr, &id).await?;
        if let Some(s) = self.ctx.state().session_mut(&id) {
            if s.idle_hint != idle {
                s.idle_hint = idle;
                s.idle_since_us = if idle { super::now_us().0 } else { 0 };
            }
        }
        session_changed(conn, &id).await;
        Ok(())
    }

    async fn set_locked_hint(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        locked: bool,
    ) -> Result<(), LoginError> {
        let id = self.id_for_call(conn, &hdr).await?;
        authorize_owner(&self.ctx, conn, &hdr, &id).await?;
        if let Some(s) = self.ctx.state().session_mut(&id) {
            s.locked_hint = locked;
        }
        session_changed(conn, &id).await;
        Ok(())
    }

    async fn terminate(&self) -> Result<(), LoginError> {
        Err(LoginError::NotSupported(
            "sessions end when their leader exits; terminate the compositor".into(),
        ))
    }

    async fn take_control(&self, _force: bool) -> Result<(), LoginError> {
        Err(LoginError::NotSupported(
            "device access goes through seatd (LIBSEAT_BACKEND=seatd)".into(),
        ))
    }

    async fn release_control(&self) -> Result<(), LoginError> {
        Err(LoginError::NotSupported(
            "device access goes through seatd".into(),
        ))
    }

    #[zbus(signal, name = "Lock")]
    async fn lock_signal(emitter: &SignalEmitter<'_>) -> zbus::Result<()>;
    #[zbus(signal, name = "Unlock")]
    async fn unlock_signal(emitter: &SignalEmitter<'_>) -> zbus::Result<()>;

    #[zbus(property)]
    async fn id(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<String> {
        Ok(self.info(conn, hdr.as_ref()).await?.id)
    }
    #[zbus(property)]
    async fn user(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<(u32, OwnedObjectPath)> {
        let s = self.info(conn, hdr.as_ref()).await?;
        Ok((s.uid, paths::user(s.uid)))
    }
    #[zbus(property)]
    async fn name(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<String> {
        Ok(self.info(conn, hdr.as_ref()).await?.user_name)
    }
    #[zbus(property)]
    async fn timestamp(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<u64> {
        Ok(self.info(conn, hdr.as_ref()).await?.timestamp_us)
    }
    #[zbus(property)]
    async fn timestamp_monotonic(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<u64> {
        Ok(self.info(conn, hdr.as_ref()).await?.timestamp_mono_us)
    }
    #[zbus(property, name = "VTNr")]
    async fn vtnr(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<u32> {
        Ok(self.info(conn, hdr.as_ref()).await?.vtnr)
    }
    #[zbus(property)]
    async fn seat(&self) -> (String, OwnedObjectPath) {
        (paths::SEAT0.to_owned(), paths::seat(paths::SEAT0))
    }
    #[zbus(property, name = "TTY")]
    async fn tty(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<String> {
        Ok(self.info(conn, hdr.as_ref()).await?.tty)
    }
    #[zbus(property)]
    async fn display(&self) -> String {
        String::new()
    }
    #[zbus(property)]
    async fn remote(&self) -> bool {
        false
    }
    #[zbus(property)]
    async fn remote_host(&self) -> String {
        String::new()
    }
    #[zbus(property)]
    async fn remote_user(&self) -> String {
        String::new()
    }
    #[zbus(property)]
    async fn service(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<String> {
        Ok(self.info(conn, hdr.as_ref()).await?.service)
    }
    #[zbus(property)]
    async fn desktop(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<String> {
        Ok(self.info(conn, hdr.as_ref()).await?.desktop)
    }
    #[zbus(property)]
    async fn scope(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<String> {
        Ok(format!(
            "session-{}.scope",
            self.info(conn, hdr.as_ref()).await?.id
        ))
    }
    #[zbus(property)]
    async fn leader(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<u32> {
        Ok(self.info(conn, hdr.as_ref()).await?.leader)
    }
    #[zbus(property)]
    async fn audit(&self) -> u32 {
        0
    }
    #[zbus(property, name = "Type")]
    async fn kind(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<String> {
        Ok(self.info(conn, hdr.as_ref()).await?.kind)
    }
    #[zbus(property)]
    async fn class(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<String> {
        Ok(self.info(conn, hdr.as_ref()).await?.class)
    }
    #[zbus(property)]
    async fn active(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<bool> {
        let s = self.info(conn, hdr.as_ref()).await?;
        Ok(self.ctx.state().is_active(&s.id))
    }
    #[zbus(property)]
    async fn state(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<String> {
        let s = self.info(conn, hdr.as_ref()).await?;
        Ok(if self.ctx.state().is_active(&s.id) {
            "active"
        } else {
            "online"
        }
        .to_owned())
    }
    #[zbus(property)]
    async fn idle_hint(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<bool> {
        Ok(self.info(conn, hdr.as_ref()).await?.idle_hint)
    }
    #[zbus(property)]
    async fn idle_since_hint(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<u64> {
        Ok(self.info(conn, hdr.as_ref()).await?.idle_since_us)
    }
    #[zbus(property)]
    async fn idle_since_hint_monotonic(&self) -> u64 {
        0
    }
    #[zbus(property)]
    async fn can_idle(&self) -> bool {
        true
    }
    #[zbus(property)]
    async fn can_lock(&self) -> bool {
        true
    }
    #[zbus(property)]
    async fn locked_hint(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<bool> {
        Ok(self.info(conn, hdr.as_ref()).await?.locked_hint)
    }
}
