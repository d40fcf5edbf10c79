//! Who may call the service: root, and members of one group (`wheel` by default),
//! asked of the bus for the sender of each call (never of ourselves).

use nix::unistd::{Gid, Group, Uid, User};
use zbus::fdo::DBusProxy;
use zbus::message::Header;

use crate::error::ServiceError;

/// The authorization policy.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Members of this group (primary or supplementary) may call; root always may.
    pub allowed_group: String,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            allowed_group: "wheel".into(),
        }
    }
}

impl Policy {
    /// True when `uid` is root or in the allowed group.
    pub fn allows_uid(&self, uid: u32) -> bool {
        if uid == 0 {
            return true;
        }
        let Ok(Some(group)) = Group::from_name(&self.allowed_group) else {
            return false;
        };
        let Ok(Some(user)) = User::from_uid(Uid::from_raw(uid)) else {
            return false;
        };
        user.gid == group.gid || group.mem.contains(&user.name) || in_gid(&user, group.gid)
    }

    /// Asks the bus who sent this call and checks them.
    pub async fn check(
        &self,
        conn: &zbus::Connection,
        hdr: &Header<'_>,
    ) -> Result<u32, ServiceError> {
        let Some(sender) = hdr.sender() else {
            return Err(ServiceError::AccessDenied("the call has no sender".into()));
        };
        let dbus = DBusProxy::new(conn).await?;
        let uid = dbus
            .get_connection_unix_user(sender.clone().into())
            .await
            .map_err(|e| ServiceError::AccessDenied(format!("cannot identify the caller: {e}")))?;
        if self.allows_uid(uid) {
            Ok(uid)
        } else {
            tracing::warn!(uid, sender = %sender, "refused a caller outside the allowed group");
            Err(ServiceError::AccessDenied(format!(
                "uid {uid} is neither root nor a member of `{}`",
                self.allowed_group
            )))
        }
    }
}

fn in_gid(user: &User, gid: Gid) -> bool {
    let Ok(name) = std::ffi::CString::new(user.name.clone()) else {
        return false;
    };
    nix::unistd::getgrouplist(&name, user.gid)
        .map(|gs| gs.contains(&gid))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_is_always_allowed() {
        let p = Policy {
            allowed_group: "no-such-group-here".into(),
        };
        assert!(p.allows_uid(0));
    }

    #[test]
    fn unknown_group_allows_nobody_else() {
        let p = Policy {
            allowed_group: "no-such-group-here".into(),
        };
        assert!(!p.allows_uid(65534));
    }
}
