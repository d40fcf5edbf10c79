//! `org.freedesktop.login1.User` at `…/user/_<uid>` (also `…/user/self`).

use zbus::message::Header;
use zbus::zvariant::OwnedObjectPath;
use zbus::{Connection, fdo, interface};

use super::{Shared, to_fdo};
use crate::error::LoginError;
use crate::paths;
use crate::state::{SessionInfo, runtime_path};

/// A logged-in user; `uid` `None` means the caller.
#[derive(Debug, Clone)]
pub struct User {
    pub ctx: Shared,
    pub uid: Option<u32>,
}

/// What the user properties are computed from.
#[derive(Debug)]
struct Snapshot {
    uid: u32,
    gid: u32,
    name: String,
    first: SessionInfo,
    sessions: Vec<(String, OwnedObjectPath)>,
    display: Option<String>,
    active: bool,
}

impl User {
    async fn snapshot(&self, conn: &Connection, hdr: Option<&Header<'_>>) -> fdo::Result<Snapshot> {
        let uid = match self.uid {
            Some(u) => u,
            None => {
                let hdr = hdr.ok_or_else(|| fdo::Error::UnknownObject("no caller".into()))?;
                self.ctx.caller(conn, hdr).await.map_err(to_fdo)?.uid
            }
        };
        let state = self.ctx.state();
        let mine: Vec<&SessionInfo> = state.sessions().filter(|s| s.uid == uid).collect();
        let first = (*mine.first().ok_or_else(|| {
            to_fdo(LoginError::NoSuchUser(format!(
                "uid {uid} is not logged in"
            )))
        })?)
        .clone();
        Ok(Snapshot {
            uid,
            gid: first.gid,
            name: first.user_name.clone(),
            sessions: mine
                .iter()
                .map(|s| (s.id.clone(), paths::session(&s.id)))
                .collect(),
            display: state.display_session_of(uid).map(|s| s.id.clone()),
            active: mine.iter().any(|s| state.is_active(&s.id)),
            first,
        })
    }
}

#[interface(name = "org.freedesktop.login1.User")]
impl User {
    #[zbus(property, name = "UID")]
    async fn uid(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<u32> {
        Ok(self.snapshot(conn, hdr.as_ref()).await?.uid)
    }
    #[zbus(property, name = "GID")]
    async fn gid(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<u32> {
        Ok(self.snapshot(conn, hdr.as_ref()).await?.gid)
    }
    #[zbus(property)]
    async fn name(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<String> {
        Ok(self.snapshot(conn, hdr.as_ref()).await?.name)
    }
    #[zbus(property)]
    async fn timestamp(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<u64> {
        Ok(self.snapshot(conn, hdr.as_ref()).await?.first.timestamp_us)
    }
    #[zbus(property)]
    async fn timestamp_monotonic(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<u64> {
        Ok(self
            .snapshot(conn, hdr.as_ref())
            .await?
            .first
            .timestamp_mono_us)
    }
    #[zbus(property)]
    async fn runtime_path(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<String> {
        Ok(runtime_path(self.snapshot(conn, hdr.as_ref()).await?.uid))
    }
    #[zbus(property)]
    async fn service(&self) -> String {
        String::new()
    }
    #[zbus(property)]
    async fn slice(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<String> {
        Ok(format!(
            "user-{}.slice",
            self.snapshot(conn, hdr.as_ref()).await?.uid
        ))
    }
    #[zbus(property)]
    async fn display(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<(String, OwnedObjectPath)> {
        Ok(match self.snapshot(conn, hdr.as_ref()).await?.display {
            Some(id) => {
                let p = paths::session(&id);
                (id, p)
            }
            None => (String::new(), paths::none()),
        })
    }
    #[zbus(property)]
    async fn state(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<String> {
        Ok(if self.snapshot(conn, hdr.as_ref()).await?.active {
            "active"
        } else {
            "online"
        }
        .to_owned())
    }
    #[zbus(property)]
    async fn sessions(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<Vec<(String, OwnedObjectPath)>> {
        Ok(self.snapshot(conn, hdr.as_ref()).await?.sessions)
    }
    #[zbus(property)]
    async fn idle_hint(
        &self,
        #[zbus(connection)] conn: &Connection,
        #[zbus(header)] hdr: Option<Header<'_>>,
    ) -> fdo::Result<bool> {
        Ok(self.snapshot(conn, hdr.as_ref()).await?.first.idle_hint)
    }
    #[zbus(property)]
    async fn idle_since_hint(&self) -> u64 {
        0
    }
    #[zbus(property)]
    async fn idle_since_hint_monotonic(&self) -> u64 {
        0
    }
    #[zbus(property)]
    async fn linger(&self) -> bool {
        false
    }
}
