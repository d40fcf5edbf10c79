//! `org.lainos.Protocol7.Sessions1` at `/org/lainos/Protocol7`: how a session appears.
//!
//! There is no PAM module creating sessions on LainOS. `lainos-init`, started by greetd
//! as the user, calls `OpenSession` before it execs the compositor. The caller's uid and
//! pid come from the bus daemon, never from arguments: a user can only open a session
//! for itself, led by itself. The session ends when that process (the compositor, after
//! the exec) exits; a pidfd tells the bridge.

use std::os::fd::OwnedFd;

use tokio::io::unix::AsyncFd;
use zbus::message::Header;
use zbus::zvariant::OwnedObjectPath;
use zbus::{Connection, interface};

use super::session::{Session, remove, seat_changed};
use super::user::User;
use super::{Shared, manager_emitter, now_us};
use crate::error::LoginError;
use crate::helper::Request;
use crate::paths;
use crate::state::SessionInfo;

/// The registration object.
#[derive(Debug, Clone)]
pub struct Sessions {
    pub ctx: Shared,
}

fn valid_word(s: &str, max: usize) -> bool {
    s.len() <= max
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
}

#[interface(name = "org.lainos.Protocol7.Sessions1")]
impl Sessions {
    /// Registers the caller as the leader of a new session on seat0 and returns the
    /// session id, its object path and the runtime directory (created 0700 for the
    /// caller if this is its first session).
    async fn open_session(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Header<'_>,
        desktop: &str,
        session_type: &str,
        vtnr: u32,
        tty: &str,
    ) -> Result<(String, OwnedObjectPath, String), LoginError> {
        if !matches!(session_type, "wayland" | "x11" | "tty" | "unspecified") {
            return Err(LoginError::InvalidArgs(format!(
                "invalid session type '{session_type}'"
            )));
        }
        if !valid_word(desktop, 64) || !valid_word(tty, 32) || vtnr > 63 {
            return Err(LoginError::InvalidArgs(
                "invalid desktop, tty or VT number".into(),
            ));
        }
        let caller = self.ctx.caller(conn, &hdr).await?;
        if self.ctx.state().sessions().any(|s| s.leader == caller.pid) {
            return Err(LoginError::Failed(format!(
                "pid {} already leads a session",
                caller.pid
            )));
        }
        let user = nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(caller.uid))
            .map_err(|e| LoginError::Failed(format!("looking up uid {}: {e}", caller.uid)))?
            .ok_or_else(|| {
                LoginError::NoSuchUser(format!("uid {} has no passwd entry", caller.uid))
            })?;
        let pidfd = rustix::process::pidfd_open(
            rustix::process::Pid::from_raw(caller.pid as i32)
                .ok_or_else(|| LoginError::Failed("pid 0".into()))?,
            rustix::process::PidfdFlags::empty(),
        )
        .map_err(|e| LoginError::Failed(format!("pidfd_open({}): {e}", caller.pid)))?;
        let has_session = self.ctx.state().sessions().any(|s| s.uid == caller.uid);
        if !has_session {
            self.ctx
                .helper
                .call(Request::RuntimeCreate(caller.uid))
                .await
                .map_err(|e| LoginError::Failed(e.to_string()))?;
        }
        let (real, mono) = now_us();
        let (id, first) = self.ctx.state().add_session(SessionInfo {
            id: String::new(),
            uid: caller.uid,
            gid: user.gid.as_raw(),
            user_name: user.name.clone(),
            leader: caller.pid,
            vtnr,
            tty: tty.to_owned(),
            desktop: desktop.to_owned(),
            kind: session_type.to_owned(),
            class: "user".to_owned(),
            service: "lainos-init".to_owned(),
            timestamp_us: real,
            timestamp_mono_us: mono,
            idle_hint: false,
            idle_since_us: 0,
            locked_hint: false,
        });
        let path = paths::session(&id);
        let server = conn.object_server();
        server
            .at(
                &path,
                Session {
                    ctx: self.ctx.clone(),
                    id: Some(id.clone()),
                    alias: "",
                },
            )
            .await?;
        super::properties::install(server, path.as_str()).await?;
        let emitter = manager_emitter(conn);
        if first {
            let upath = paths::user(caller.uid);
            server
                .at(
                    &upath,
                    User {
                        ctx: self.ctx.clone(),
                        uid: Some(caller.uid),
                    },
                )
                .await?;
            super::properties::install(server, upath.as_str()).await?;
            super::manager::Manager::user_new(&emitter, caller.uid, upath.as_ref()).await?;
        }
        super::manager::Manager::session_new(&emitter, &id, path.as_ref()).await?;
        seat_changed(conn).await;
        tracing::info!(id, uid = caller.uid, user = %user.name, leader = caller.pid, desktop, "session opened");
        tokio::spawn(watch_leader(
            self.ctx.clone(),
            conn.clone(),
            id.clone(),
            pidfd,
        ));
        Ok((id, path, crate::state::runtime_path(caller.uid)))
    }
}

/// Waits until the leader exits (its pidfd becomes readable), then removes the session.
async fn watch_leader(ctx: Shared, conn: Connection, id: String, pidfd: OwnedFd) {
    // SAFETY: the OwnedFd moves into the AsyncFd, which keeps it open until it is
    // dropped after deregistration; nothing else closes or replaces it.
    #[allow(unsafe_code)]
    let registered =
        unsafe { AsyncFd::register_with_interest(pidfd, tokio::io::Interest::READABLE) };
    match registered {
        Ok(fd) => {
            let _ = fd.readable().await;
        }
        Err(e) => {
            tracing::error!(error = %e, id, "cannot watch the session leader; ending the session")
        }
    }
    remove(&ctx, &conn, &id).await;
}
