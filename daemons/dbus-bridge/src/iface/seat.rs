//! `org.freedesktop.login1.Seat` at `…/seat/seat0` (also `…/seat/self`, `…/seat/auto`:
//! there is only one seat).

use zbus::message::Header;
use zbus::zvariant::OwnedObjectPath;
use zbus::{Connection, interface};

use super::Shared;
use crate::error::LoginError;
use crate::paths;

/// The one seat.
#[derive(Debug, Clone)]
pub struct Seat {
    pub ctx: Shared,
}

#[interface(name = "org.freedesktop.login1.Seat")]
impl Seat {
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

    async fn switch_to(&self, _vtnr: u32) -> Result<(), LoginError> {
        Err(LoginError::NotSupported(
            "VT switching is done by the compositor through seatd".into(),
        ))
    }

    async fn terminate(&self) -> Result<(), LoginError> {
        Err(LoginError::NotSupported(
            "seat0 cannot be terminated".into(),
        ))
    }

    #[zbus(property)]
    fn id(&self) -> String {
        paths::SEAT0.to_owned()
    }
    #[zbus(property)]
    fn active_session(&self) -> (String, OwnedObjectPath) {
        match self.ctx.state().active_id() {
            Some(id) => (id.to_owned(), paths::session(id)),
            None => (String::new(), paths::none()),
        }
    }
    #[zbus(property, name = "CanTTY")]
    fn can_tty(&self) -> bool {
        std::path::Path::new("/dev/tty0").exists()
    }
    #[zbus(property)]
    fn can_graphical(&self) -> bool {
        std::fs::read_dir("/sys/class/drm")
            .map(|d| {
                d.flatten()
                    .any(|e| e.file_name().to_string_lossy().starts_with("card"))
            })
            .unwrap_or(false)
    }
    #[zbus(property)]
    fn sessions(&self) -> Vec<(String, OwnedObjectPath)> {
        self.ctx
            .state()
            .sessions()
            .map(|s| (s.id.clone(), paths::session(&s.id)))
            .collect()
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
}
